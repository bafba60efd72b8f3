//! A role: add one, or edit one; its assignments are kept as they are.

use super::fields::*;
use super::{EntityForm, FormKind, Submitted};
use crate::edit::Edit;
use crate::model::*;
use crate::tui::form::{Field, Form, Kind};

#[derive(Debug, Clone)]
struct RoleForm {
    original: Option<String>,
}

pub fn role(ws: &Workspace, id: Option<&str>) -> EntityForm {
    let r = id
        .and_then(|i| ws.roles.get(i))
        .cloned()
        .unwrap_or_default();
    let duties = match (r.carries(Duty::Conformance), r.carries(Duty::Reporting)) {
        (true, true) => "a and b",
        (true, false) => "a",
        (false, true) => "b",
        (false, false) => "none",
    };
    let title = if id.is_some() {
        format!("Edit role {}", r.id)
    } else {
        "New role".into()
    };
    let fields = vec![
        Field::new("id", "Id", Kind::Text, r.id.clone())
            .locked(id.is_some())
            .hint("short slug, e.g. ism; cannot change later"),
        Field::new("name", "Name", Kind::Text, r.name.clone()),
        Field::new(
            "category",
            "Category",
            Kind::Choice(CATEGORIES),
            r.category.as_str(),
        )
        .hint("top-management and review-team are what the governance checks look for"),
        Field::new("duties", "Clause 5.3", Kind::Choice(DUTIES), duties)
            .hint("a = ensures the ISMS conforms; b = reports ISMS performance to top management"),
        Field::new("purpose", "Purpose", Kind::Text, opt(&r.purpose)),
        Field::new(
            "responsibilities",
            "Responsibilities",
            Kind::Lines,
            r.responsibilities.join("\n"),
        )
        .hint("one per line"),
        Field::new(
            "authorities",
            "Authorities",
            Kind::Lines,
            r.authorities.join("\n"),
        )
        .hint("what the role may decide; one per line"),
        Field::new(
            "competencies",
            "Competencies",
            Kind::Text,
            r.competencies.join(", "),
        )
        .hint("competency ids a holder needs, comma separated"),
        Field::bool("privileged", "Privileged", r.privileged),
        Field::bool("needs-deputy", "Needs deputy", r.needs_deputy),
        Field::new("fte", "Expected FTE", Kind::Number, num_text(r.fte)),
        Field::new("reviewed", "Last review", Kind::Date, date_text(r.reviewed)).hint("YYYY-MM-DD"),
    ];
    EntityForm {
        form: Form::new(title, fields),
        kind: Box::new(RoleForm {
            original: id.map(str::to_string),
        }),
    }
}

impl FormKind for RoleForm {
    fn submit(&self, form: &mut Form, ws: &Workspace) -> Option<Submitted> {
        let RoleForm { original } = self;
        let result = {
            let id = match original {
                Some(id) => id.clone(),
                None => new_id(form, "id", |i| ws.roles.contains_key(i)),
            };
            let duties = match form.field("duties").value.as_str() {
                "a" => vec![Duty::Conformance],
                "b" => vec![Duty::Reporting],
                "a and b" => vec![Duty::Conformance, Duty::Reporting],
                _ => Vec::new(),
            };
            let assignments = original
                .as_ref()
                .and_then(|o| ws.roles.get(o))
                .map(|r| r.assignments.clone())
                .unwrap_or_default();
            let r = Role {
                id: id.clone(),
                name: required(form, "name"),
                category: Category::parse(&form.field("category").value).unwrap_or_default(),
                duties,
                purpose: form.field("purpose").text(),
                responsibilities: form.field("responsibilities").lines(),
                authorities: form.field("authorities").lines(),
                competencies: form.field("competencies").items(),
                privileged: form.field("privileged").is_on(),
                needs_deputy: form.field("needs-deputy").is_on(),
                fte: number_field(form, "fte", 0.0, 1000.0),
                reviewed: date_field(form, "reviewed"),
                assignments,
            };
            let label = if original.is_some() {
                format!("edit role {id}")
            } else {
                format!("add role {id}")
            };
            Submitted::Edit(Box::new(Edit::PutRole(r)), label)
        };
        Some(result)
    }
}
