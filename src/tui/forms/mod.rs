//! The forms of the workbench: one module per form, each built from the
//! register and turned back into an [`Edit`] only when every field checks
//! out, with the same rules the file loader applies.
//!
//! Adding a form touches one place: a new module with a constructor that
//! returns an [`EntityForm`] and a type implementing [`FormKind`], which
//! reads the fields back (putting each problem on its field) and says what
//! the form produces. The helpers in [`fields`] read dates, numbers, ids and
//! references the way the loader does.

use super::form::Form;
use crate::edit::Edit;
use crate::model::{Date, Workspace};

mod activity;
mod as_of;
mod assignment;
mod exclusion;
pub mod fields;
mod filter_text;
mod organisation;
mod person;
mod role;
mod settings;
mod signoff;
mod sod_rule;

pub use activity::activity;
pub use as_of::as_of;
pub use assignment::assignment;
pub use exclusion::exclusion;
pub use filter_text::filter_text;
pub use organisation::organisation;
pub use person::person;
pub use role::role;
pub use settings::settings;
pub use signoff::signoff;
pub use sod_rule::sod_rule;

/// What a submitted form produces.
#[derive(Debug, Clone, PartialEq)]
pub enum Submitted {
    Edit(Box<Edit>, String),
    AsOf(Date),
    Filter(String),
}

/// What a kind of form means: how its fields are read back.
pub trait FormKind: std::fmt::Debug + FormKindClone {
    /// Reads the fields back. A problem goes on the field it concerns
    /// (`form.fail`) or on the whole form (`form.error`); the result only
    /// counts when the form then has no problems.
    fn submit(&self, form: &mut Form, ws: &Workspace) -> Option<Submitted>;

    /// Whether saving it changes the register: such a form is refused when
    /// the workspace is read-only, and what was typed into it is not thrown
    /// away on a single Esc.
    fn edits(&self) -> bool {
        true
    }
}

/// Lets a boxed [`FormKind`] be cloned with the form holding it.
pub trait FormKindClone {
    fn clone_box(&self) -> Box<dyn FormKind>;
}

impl<T: FormKind + Clone + 'static> FormKindClone for T {
    fn clone_box(&self) -> Box<dyn FormKind> {
        Box::new(self.clone())
    }
}

/// A form and what submitting it means.
#[derive(Debug)]
pub struct EntityForm {
    pub form: Form,
    pub kind: Box<dyn FormKind>,
}

impl Clone for EntityForm {
    fn clone(&self) -> EntityForm {
        EntityForm {
            form: self.form.clone(),
            kind: self.kind.clone_box(),
        }
    }
}

impl EntityForm {
    /// See [`FormKind::edits`].
    pub fn edits(&self) -> bool {
        self.kind.edits()
    }
}

/// Validates the form and builds what it stands for; on failure the form
/// carries the problems and `None` is returned.
pub fn submit(ef: &mut EntityForm, ws: &Workspace) -> Option<Submitted> {
    ef.form.clear_errors();
    let result = ef.kind.submit(&mut ef.form, ws);
    if ef.form.has_errors() { None } else { result }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use crate::sample::{clean, today};

    fn edit_of(s: Option<Submitted>) -> Edit {
        match s {
            Some(Submitted::Edit(e, _)) => *e,
            other => panic!("expected an edit, got {other:?}"),
        }
    }

    fn set(ef: &mut EntityForm, key: &str, value: &str) {
        let f = ef.form.fields.iter_mut().find(|f| f.key == key).unwrap();
        f.value = value.to_string();
    }

    #[test]
    fn a_new_person_needs_a_free_valid_id_and_a_name() {
        let ws = clean();
        let mut ef = person(&ws, None);
        assert!(submit(&mut ef, &ws).is_none());
        assert_eq!(ef.form.field("id").error.as_deref(), Some("required"));
        set(&mut ef, "id", "ism");
        set(&mut ef, "name", "Someone");
        assert!(submit(&mut ef, &ws).is_none());
        assert!(
            ef.form
                .field("id")
                .error
                .as_deref()
                .unwrap()
                .contains("taken")
        );
        set(&mut ef, "id", "new one");
        assert!(submit(&mut ef, &ws).is_none());
        set(&mut ef, "id", "new1");
        set(&mut ef, "manager", "cei");
        assert!(submit(&mut ef, &ws).is_none());
        assert!(
            ef.form
                .field("manager")
                .error
                .as_deref()
                .unwrap()
                .contains("did you mean `ceo` (Cora Chief)?")
        );
        set(&mut ef, "manager", "ceo");
        set(
            &mut ef,
            "competencies",
            "iso-la; Cert 9; 2024-01-01; 2027-01-01\nfirst-aid",
        );
        match edit_of(submit(&mut ef, &ws)) {
            Edit::PutPerson(p) => {
                assert_eq!(p.manager.as_deref(), Some("ceo"));
                assert_eq!(p.competencies.len(), 2);
                assert_eq!(
                    p.competencies[0].expires,
                    Some("2027-01-01".parse().unwrap())
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn editing_keeps_what_the_form_does_not_show() {
        let ws = clean();
        let mut ef = role(&ws, Some("ism"));
        set(&mut ef, "name", "Chief ISM");
        match edit_of(submit(&mut ef, &ws)) {
            Edit::PutRole(r) => {
                assert_eq!(
                    r.assignments, ws.roles["ism"].assignments,
                    "assignments are kept"
                );
                assert_eq!(r.duties, ws.roles["ism"].duties);
                assert_eq!(r.name, "Chief ISM");
            }
            other => panic!("{other:?}"),
        }
        // An unchanged person form gives back the same person.
        let mut ef = person(&ws, Some("aud"));
        match edit_of(submit(&mut ef, &ws)) {
            Edit::PutPerson(p) => assert_eq!(p, ws.people["aud"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn assignment_dates_and_people_are_checked() {
        let ws = clean();
        let mut ef = assignment(&ws, Some("audit"), None, Some("coo"), today());
        set(&mut ef, "until", "2020-01-01");
        set(&mut ef, "deputy", "coo");
        set(&mut ef, "allocation", "1.5");
        assert!(submit(&mut ef, &ws).is_none());
        assert!(ef.form.field("until").error.is_some());
        assert!(ef.form.field("deputy").error.is_some());
        assert!(ef.form.field("allocation").error.is_some());
    }

    #[test]
    fn appointing_a_leaver_is_explained_on_the_field_to_correct() {
        let mut ws = clean();
        let mut gone = ws.people["coo"].clone();
        gone.status = Status::Left;
        gone.left = Some("2026-09-30".parse().unwrap());
        ws.people.insert("coo".into(), gone);
        let mut ef = assignment(&ws, Some("audit"), None, Some("coo"), today());
        assert!(submit(&mut ef, &ws).is_none());
        let err = ef.form.field("from").error.clone().unwrap_or_default();
        assert!(err.contains("left on 2026-09-30"), "{err:?}");
        // A past appointment that ended by their last day is history.
        set(&mut ef, "from", "2026-01-01");
        set(&mut ef, "until", "2026-09-30");
        assert!(submit(&mut ef, &ws).is_some());
    }

    #[test]
    fn an_overlapping_assignment_is_explained_in_the_form() {
        let ws = clean();
        let mut ef = assignment(&ws, Some("ism"), None, Some("ism"), today());
        assert!(submit(&mut ef, &ws).is_none());
        assert!(
            ef.form
                .field("from")
                .error
                .as_deref()
                .unwrap()
                .contains("already holds")
        );
        // Editing the existing assignment itself is not an overlap.
        let mut ef = assignment(&ws, Some("ism"), Some(0), None, today());
        assert!(submit(&mut ef, &ws).is_some());
    }

    #[test]
    fn an_assignment_to_a_role_gone_meanwhile_says_so_and_stays_open() {
        let mut ws = clean();
        let mut ef = assignment(&ws, Some("audit"), None, Some("coo"), today());
        ws.roles.shift_remove("audit");
        assert!(submit(&mut ef, &ws).is_none());
        let err = ef.form.error.clone().unwrap_or_default();
        assert!(err.contains("no role `audit`"), "{err:?}");
    }

    #[test]
    fn only_forms_that_change_the_register_count_as_edits() {
        let ws = clean();
        assert!(person(&ws, None).edits() && signoff(today()).edits());
        assert!(!as_of(today()).edits() && !filter_text("").edits());
    }

    #[test]
    fn a_name_typed_for_an_id_is_answered_with_the_id_and_the_name() {
        let ws = clean();
        let mut ef = assignment(&ws, Some("audit"), None, Some("Otto Ops"), today());
        assert!(submit(&mut ef, &ws).is_none());
        let err = ef.form.field("person").error.clone().unwrap_or_default();
        assert!(err.contains("did you mean `coo` (Otto Ops)?"), "{err:?}");
        assert!(err.contains("Ctrl-F"), "{err:?}");
        set(&mut ef, "person", "coo");
        set(&mut ef, "deputy", "Dan Deputi");
        assert!(submit(&mut ef, &ws).is_none());
        let err = ef.form.field("deputy").error.clone().unwrap_or_default();
        assert!(err.contains("did you mean `dep` (Dan Deputy)?"), "{err:?}");
    }

    #[test]
    fn a_leaver_is_refused_as_deputy_with_the_reason() {
        let mut ws = clean();
        let mut gone = ws.people["dep"].clone();
        gone.status = Status::Left;
        gone.left = Some("2026-09-30".parse().unwrap());
        ws.people.insert("dep".into(), gone);
        let mut ef = assignment(&ws, Some("audit"), None, Some("coo"), today());
        set(&mut ef, "deputy", "dep");
        assert!(submit(&mut ef, &ws).is_none());
        let err = ef.form.field("deputy").error.clone().unwrap_or_default();
        assert!(
            err.contains("dep left on 2026-09-30") && err.contains("name someone else"),
            "{err:?}"
        );
        // History: an appointment that ended before they left may name them.
        set(&mut ef, "from", "2025-01-01");
        set(&mut ef, "until", "2025-12-31");
        assert!(submit(&mut ef, &ws).is_some());
    }

    #[test]
    fn clauses_cannot_be_excluded() {
        let ws = clean();
        let mut ef = exclusion(&ws, None);
        set(&mut ef, "subject", "4.1");
        set(&mut ef, "justification", "no");
        assert!(submit(&mut ef, &ws).is_none());
        set(&mut ef, "subject", "A.7.5");
        assert!(matches!(
            edit_of(submit(&mut ef, &ws)),
            Edit::PutExclusion(_)
        ));
    }
}
