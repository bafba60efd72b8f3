//! A person has left: their last day, and whether their roles end with it.

use super::fields::*;
use super::{EntityForm, FormKind, Submitted};
use crate::edit;
use crate::model::*;
use crate::tui::form::{Field, Form, Kind};

#[derive(Debug, Clone)]
struct LeaveForm {
    person: String,
}

pub fn leave(ws: &Workspace, person: &str, today: Date) -> EntityForm {
    let name = ws.people.get(person).map_or(person, |p| p.display_name());
    let fields = vec![
        Field::new("date", "Left on", Kind::Date, today.to_string())
            .hint("their last day, YYYY-MM-DD"),
        Field::bool("end-roles", "End their roles", true)
            .hint("end every assignment they hold on that day"),
    ];
    EntityForm {
        form: Form::new(format!("{name} has left"), fields),
        kind: Box::new(LeaveForm {
            person: person.to_string(),
        }),
    }
}

impl FormKind for LeaveForm {
    fn submit(&self, form: &mut Form, ws: &Workspace) -> Option<Submitted> {
        let LeaveForm { person } = self;
        let result = {
            let Some(date) = date_field(form, "date") else {
                if form.field("date").text().is_none() {
                    form.fail("date", "required");
                }
                return None;
            };
            match edit::mark_left(ws, person, date, form.field("end-roles").is_on()) {
                Ok(e) => Submitted::Edit(Box::new(e), format!("{person} left on {date}")),
                // The date is what makes the change impossible: say so there.
                Err(e @ edit::EditError::Dates(_)) => {
                    form.fail("date", e.to_string());
                    return None;
                }
                Err(e) => {
                    form.error = Some(e.to_string());
                    return None;
                }
            }
        };
        Some(result)
    }
}
