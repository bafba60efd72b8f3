//! The organisation and its ISMS scope.

use super::fields::*;
use super::{EntityForm, FormKind, Submitted};
use crate::edit::Edit;
use crate::model::*;
use crate::tui::form::{Field, Form, Kind};

#[derive(Debug, Clone)]
struct OrganisationForm;

pub fn organisation(ws: &Workspace) -> EntityForm {
    let o = &ws.organisation;
    let fields = vec![
        Field::new("name", "Name", Kind::Text, o.name.clone()),
        Field::new("scope", "ISMS scope", Kind::Text, opt(&o.scope))
            .hint("Clause 4.3: sites, services, teams"),
        Field::new(
            "departments",
            "Departments",
            Kind::Lines,
            o.departments.join("\n"),
        )
        .hint("in scope, one per line; each needs a review team representative"),
    ];
    EntityForm {
        form: Form::new("Organisation", fields),
        kind: Box::new(OrganisationForm),
    }
}

impl FormKind for OrganisationForm {
    fn submit(&self, form: &mut Form, _ws: &Workspace) -> Option<Submitted> {
        let result = Submitted::Edit(
            Box::new(Edit::SetOrganisation(Organisation {
                name: required(form, "name"),
                scope: form.field("scope").text(),
                departments: form.field("departments").lines(),
            })),
            "edit organisation".into(),
        );
        Some(result)
    }
}
