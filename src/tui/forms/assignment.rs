//! An assignment of a person to a role: a new one, or one to edit.

use super::fields::*;
use super::{EntityForm, FormKind, Submitted};
use crate::edit::{self, Edit};
use crate::model::*;
use crate::tui::form::{Field, Form, Kind, Pick};

#[derive(Debug, Clone)]
struct AssignmentForm {
    role: Option<String>,
    index: Option<usize>,
    /// For the dates an appointment is checked on.
    today: Date,
}

/// An assignment form; `person` pre-fills the holder for a new one.
pub fn assignment(
    ws: &Workspace,
    role: Option<&str>,
    index: Option<usize>,
    person: Option<&str>,
    today: Date,
) -> EntityForm {
    let a = role
        .zip(index)
        .and_then(|(r, i)| ws.roles.get(r)?.assignments.get(i))
        .cloned()
        .unwrap_or_else(|| Assignment {
            person: person.unwrap_or_default().to_string(),
            from: Some(today),
            ..Assignment::default()
        });
    let title = match (role, index) {
        (Some(r), Some(_)) => format!("Edit assignment to {r}"),
        (Some(r), None) => format!("Assign {r}"),
        _ => "New assignment".into(),
    };
    let fields = vec![
        Field::new("role", "Role", Kind::Text, role.unwrap_or_default())
            .locked(role.is_some())
            .pick(Pick::Role)
            .hint("role id; Ctrl-F picks from the list"),
        Field::new("person", "Person", Kind::Text, a.person.clone())
            .pick(Pick::Person)
            .hint("person id of the holder; Ctrl-F picks from the list"),
        Field::new("from", "From", Kind::Date, date_text(a.from))
            .hint("first day held, YYYY-MM-DD"),
        Field::new("until", "Until", Kind::Date, date_text(a.until))
            .hint("last day held; empty while in force"),
        Field::new("deputy", "Deputy", Kind::Text, opt(&a.deputy))
            .pick(Pick::Person)
            .hint("person id; Ctrl-F picks from the list"),
        Field::new(
            "allocation",
            "Allocation",
            Kind::Number,
            num_text(a.allocation),
        )
        .hint("share of a full-time job, 0 to 1"),
        Field::new("evidence", "Evidence", Kind::Text, opt(&a.evidence))
            .hint("appointment letter, contract addendum, minutes reference"),
        Field::new(
            "acknowledged",
            "Acknowledged",
            Kind::Date,
            date_text(a.acknowledged),
        )
        .hint("the day the holder accepted the role"),
        Field::new("sponsor", "Sponsor", Kind::Text, opt(&a.sponsor))
            .pick(Pick::Person)
            .hint("for external holders: the employee who answers for them"),
        Field::new("contract", "Contract", Kind::Text, opt(&a.contract))
            .hint("for external holders: statement of work reference"),
        Field::new("note", "Note", Kind::Text, opt(&a.note)),
    ];
    EntityForm {
        form: Form::new(title, fields),
        kind: Box::new(AssignmentForm {
            role: role.map(str::to_string),
            index,
            today,
        }),
    }
}

impl FormKind for AssignmentForm {
    fn submit(&self, form: &mut Form, ws: &Workspace) -> Option<Submitted> {
        let AssignmentForm { role, index, today } = self;
        let result = {
            let role_id = match role {
                Some(r) => r.clone(),
                None => role_ref(form, ws, "role"),
            };
            let person = match person_ref(form, ws, "person") {
                Some(p) => p,
                None => {
                    form.fail("person", "required");
                    String::new()
                }
            };
            let a = Assignment {
                person: person.clone(),
                from: date_field(form, "from"),
                until: date_field(form, "until"),
                deputy: person_ref(form, ws, "deputy"),
                allocation: number_field(form, "allocation", 0.0, 1.0),
                evidence: form.field("evidence").text(),
                acknowledged: date_field(form, "acknowledged"),
                sponsor: person_ref(form, ws, "sponsor"),
                contract: form.field("contract").text(),
                note: form.field("note").text(),
            };
            if let (Some(f), Some(u)) = (a.from, a.until)
                && u < f
            {
                form.fail("until", "ends before it starts");
            }
            if a.deputy.as_deref() == Some(person.as_str()) {
                form.fail("deputy", "a holder cannot be their own deputy");
            }
            let previous = role
                .as_ref()
                .and_then(|r| ws.roles.get(r))
                .and_then(|r| index.and_then(|i| r.assignments.get(i)));
            if let Some(why) = deputy_gone(ws, &a, previous, *today) {
                form.fail("deputy", why);
            }
            if let Some(r) = ws.roles.get(&role_id)
                && !form.has_errors()
                && let Err(edit::EditError::Holder { field, message }) =
                    edit::check_holder(ws, &a, index.and_then(|i| r.assignments.get(i)))
            {
                form.fail(field, message);
            }
            match ws.roles.get(&role_id) {
                Some(r) if r.overlapping(&a, *index).is_some() => {
                    let since = r
                        .overlapping(&a, *index)
                        .and_then(|o| o.from)
                        .map(|d| format!(" since {d}"))
                        .unwrap_or_default();
                    form.fail(
                        "from",
                        format!(
                            "{person} already holds {role_id}{since}; end that assignment first"
                        ),
                    );
                    return None;
                }
                Some(r) if !form.has_errors() => {
                    let mut r = r.clone();
                    match index {
                        Some(i) if *i < r.assignments.len() => r.assignments[*i] = a,
                        _ => r.assignments.push(a),
                    }
                    let label = match index {
                        Some(_) => format!("edit {person}'s assignment to {role_id}"),
                        None => format!("assign {role_id} to {person}"),
                    };
                    Submitted::Edit(Box::new(Edit::PutRole(r)), label)
                }
                // The role went away while the form was open (a reload).
                None if !form.has_errors() => {
                    form.error = Some(format!("there is no role `{role_id}` any more"));
                    return None;
                }
                _ => return None,
            }
        };
        Some(result)
    }
}

/// Why the deputy cannot stand in, if they have left by the day the
/// appointment is in force: its start, or today for one still running. A
/// record already on file keeps its deputy until someone changes it, so
/// that its other fields can still be corrected.
fn deputy_gone(
    ws: &Workspace,
    a: &Assignment,
    previous: Option<&Assignment>,
    today: Date,
) -> Option<String> {
    let d = a.deputy.as_deref()?;
    if previous.is_some_and(|p| p.deputy == a.deputy) {
        return None;
    }
    let p = ws.people.get(d)?;
    let start = a.from.unwrap_or(today);
    let on = if a.until.is_some_and(|u| u < today) {
        start
    } else {
        start.max(today)
    };
    match p.left {
        Some(l) if l < on => Some(format!(
            "{d} left on {l}; a deputy must still be in the organisation on {on}: name someone else"
        )),
        None if p.status == Status::Left => Some(format!(
            "{d} has left; a deputy must still be in the organisation: name someone else"
        )),
        _ => None,
    }
}
