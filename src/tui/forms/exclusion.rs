//! An Annex A control excluded from the Statement of Applicability.

use super::fields::*;
use super::{EntityForm, FormKind, Submitted};
use crate::edit::Edit;
use crate::model::*;
use crate::tui::form::{Field, Form, Kind};

#[derive(Debug, Clone)]
struct ExclusionForm {
    original: Option<String>,
}

pub fn exclusion(ws: &Workspace, id: Option<&str>) -> EntityForm {
    let e = id
        .and_then(|i| ws.exclusions.get(i))
        .cloned()
        .unwrap_or_default();
    let fields = vec![
        Field::new("subject", "Control", Kind::Text, e.subject.clone())
            .locked(id.is_some())
            .hint("an Annex A control, e.g. A.7.5"),
        Field::new(
            "justification",
            "Justification",
            Kind::Text,
            e.justification.clone(),
        )
        .hint("why it does not apply, as in the Statement of Applicability"),
    ];
    EntityForm {
        form: Form::new(
            if id.is_some() {
                "Exclusion"
            } else {
                "Exclude a control"
            },
            fields,
        ),
        kind: Box::new(ExclusionForm {
            original: id.map(str::to_string),
        }),
    }
}

impl FormKind for ExclusionForm {
    fn submit(&self, form: &mut Form, ws: &Workspace) -> Option<Submitted> {
        let ExclusionForm { original } = self;
        let result = {
            let subject = match original {
                Some(s) => s.clone(),
                None => {
                    let s = required(form, "subject");
                    let cat = crate::catalogue::catalogue();
                    match cat.get(&s) {
                        Some(e) if e.kind == crate::catalogue::EntryKind::Clause => {
                            form.fail("subject", "clauses 4 to 10 cannot be excluded")
                        }
                        Some(_) if ws.exclusions.contains_key(&s) => {
                            form.fail("subject", "already excluded")
                        }
                        Some(_) => {}
                        None if s.is_empty() => {}
                        None => form.fail("subject", format!("`{s}` is not an Annex A control")),
                    }
                    s
                }
            };
            let e = Exclusion {
                subject: subject.clone(),
                justification: required(form, "justification"),
            };
            Submitted::Edit(
                Box::new(Edit::PutExclusion(e)),
                format!("exclude {subject}"),
            )
        };
        Some(result)
    }
}
