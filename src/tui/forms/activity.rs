//! An activity: a matrix row of the organisation's own.

use super::fields::*;
use super::{EntityForm, FormKind, Submitted};
use crate::edit::Edit;
use crate::model::*;
use crate::tui::form::{Field, Form, Kind};

#[derive(Debug, Clone)]
struct ActivityForm {
    original: Option<String>,
}

pub fn activity(ws: &Workspace, id: Option<&str>) -> EntityForm {
    let a = id
        .and_then(|i| ws.activities.get(i))
        .cloned()
        .unwrap_or_default();
    let fields = vec![
        Field::new("id", "Id", Kind::Text, a.id.clone())
            .locked(id.is_some())
            .hint("e.g. approve-access"),
        Field::new("title", "Title", Kind::Text, a.title.clone()),
        Field::new("theme", "Group", Kind::Text, opt(&a.theme))
            .hint("heading in the matrix; default Activities"),
        Field::new(
            "description",
            "Description",
            Kind::Text,
            opt(&a.description),
        ),
        Field::new("related", "Related", Kind::Text, a.related.join(", "))
            .hint("clauses or controls, comma separated"),
    ];
    EntityForm {
        form: Form::new(
            if id.is_some() {
                "Activity"
            } else {
                "New activity"
            },
            fields,
        ),
        kind: Box::new(ActivityForm {
            original: id.map(str::to_string),
        }),
    }
}

impl FormKind for ActivityForm {
    fn submit(&self, form: &mut Form, ws: &Workspace) -> Option<Submitted> {
        let ActivityForm { original } = self;
        let result = {
            let id = match original {
                Some(id) => id.clone(),
                None => new_id(form, "id", |i| {
                    ws.activities.contains_key(i) || crate::catalogue::catalogue().get(i).is_some()
                }),
            };
            let a = Activity {
                id: id.clone(),
                title: required(form, "title"),
                theme: form.field("theme").text(),
                description: form.field("description").text(),
                related: form.field("related").items(),
            };
            Submitted::Edit(Box::new(Edit::PutActivity(a)), format!("activity {id}"))
        };
        Some(result)
    }
}
