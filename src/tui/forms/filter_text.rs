//! The matrix rows' text filter: changes the view, not the register.

use super::{EntityForm, FormKind, Submitted};
use crate::model::*;
use crate::tui::form::{Field, Form, Kind};

#[derive(Debug, Clone)]
struct FilterTextForm;

pub fn filter_text(current: &str) -> EntityForm {
    EntityForm {
        form: Form::new(
            "Filter matrix rows",
            vec![
                Field::new("text", "Contains", Kind::Text, current)
                    .hint("id or title; empty shows all"),
            ],
        ),
        kind: Box::new(FilterTextForm),
    }
}

impl FormKind for FilterTextForm {
    fn submit(&self, form: &mut Form, _ws: &Workspace) -> Option<Submitted> {
        let result = Submitted::Filter(form.field("text").value.trim().to_string());
        Some(result)
    }

    fn edits(&self) -> bool {
        false
    }
}
