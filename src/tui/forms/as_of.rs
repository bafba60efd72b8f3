//! The evaluation date: changes what is checked, not the register.

use super::fields::*;
use super::{EntityForm, FormKind, Submitted};
use crate::model::*;
use crate::tui::form::{Field, Form, Kind};

#[derive(Debug, Clone)]
struct AsOfForm;

pub fn as_of(current: Date) -> EntityForm {
    EntityForm {
        form: Form::new(
            "Evaluate as of",
            vec![Field::new("date", "Date", Kind::Date, current.to_string()).hint("YYYY-MM-DD")],
        ),
        kind: Box::new(AsOfForm),
    }
}

impl FormKind for AsOfForm {
    fn submit(&self, form: &mut Form, _ws: &Workspace) -> Option<Submitted> {
        let result = match date_field(form, "date") {
            Some(d) => Submitted::AsOf(d),
            None => {
                form.fail("date", "expected a date like 2026-11-27");
                return None;
            }
        };
        Some(result)
    }

    fn edits(&self) -> bool {
        false
    }
}
