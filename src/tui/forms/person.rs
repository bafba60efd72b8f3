//! A person: add one, or edit one (the id is then fixed).

use super::fields::*;
use super::{EntityForm, FormKind, Submitted};
use crate::edit::Edit;
use crate::model::*;
use crate::tui::form::{Field, Form, Kind, Pick};

#[derive(Debug, Clone)]
struct PersonForm {
    original: Option<String>,
}

pub fn person(ws: &Workspace, id: Option<&str>) -> EntityForm {
    let p = id
        .and_then(|i| ws.people.get(i))
        .cloned()
        .unwrap_or_default();
    let comps = p
        .competencies
        .iter()
        .map(|c| {
            format!(
                "{}; {}; {}; {}",
                c.id,
                opt(&c.evidence),
                date_text(c.achieved),
                date_text(c.expires)
            )
            .trim_end_matches([';', ' '])
            .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n");
    let title = if id.is_some() {
        format!("Edit person {}", p.id)
    } else {
        "New person".into()
    };
    let fields = vec![
        Field::new("id", "Id", Kind::Text, p.id.clone())
            .locked(id.is_some())
            .hint("short slug, e.g. jdoe; cannot change later"),
        Field::new("name", "Name", Kind::Text, p.name.clone()).hint("full name"),
        Field::new("email", "Email", Kind::Text, opt(&p.email)),
        Field::new("title", "Job title", Kind::Text, opt(&p.title)),
        Field::new("department", "Department", Kind::Text, opt(&p.department)),
        Field::new("manager", "Manager", Kind::Text, opt(&p.manager))
            .pick(Pick::Person)
            .hint("person id of their line manager; empty at the top"),
        Field::new("kind", "Kind", Kind::Choice(KINDS), p.kind.as_str())
            .hint("a group can never hold a role"),
        Field::new(
            "status",
            "Status",
            Kind::Choice(STATUSES),
            p.status.as_str(),
        ),
        Field::new("joined", "Joined", Kind::Date, date_text(p.joined)).hint("YYYY-MM-DD"),
        Field::new("left", "Left", Kind::Date, date_text(p.left))
            .hint("last day, YYYY-MM-DD; a future date plans a leaver"),
        Field::new("site", "Site", Kind::Text, opt(&p.site)).hint("site or jurisdiction"),
        Field::bool("mfa", "MFA", p.mfa),
        Field::new("competencies", "Competencies", Kind::Lines, comps)
            .hint("one per line: id; evidence; achieved YYYY-MM-DD; expires YYYY-MM-DD"),
    ];
    EntityForm {
        form: Form::new(title, fields),
        kind: Box::new(PersonForm {
            original: id.map(str::to_string),
        }),
    }
}

impl FormKind for PersonForm {
    fn submit(&self, form: &mut Form, ws: &Workspace) -> Option<Submitted> {
        let PersonForm { original } = self;
        let result = {
            let id = match original {
                Some(id) => id.clone(),
                None => new_id(form, "id", |i| ws.people.contains_key(i)),
            };
            let mut competencies = Vec::new();
            for line in form.field("competencies").lines() {
                let parts: Vec<&str> = line.split(';').map(str::trim).collect();
                let date = |i: usize| {
                    parts
                        .get(i)
                        .filter(|s| !s.is_empty())
                        .map(|s| s.parse::<Date>())
                };
                match (date(2).transpose(), date(3).transpose()) {
                    (Ok(achieved), Ok(expires)) if !parts[0].is_empty() => {
                        competencies.push(Competency {
                            id: parts[0].to_string(),
                            evidence: parts
                                .get(1)
                                .filter(|s| !s.is_empty())
                                .map(|s| s.to_string()),
                            achieved,
                            expires,
                        });
                    }
                    _ => form.fail(
                        "competencies",
                        format!("cannot read `{line}`: write id; evidence; achieved; expires"),
                    ),
                }
            }
            let manager = person_ref(form, ws, "manager");
            let joined = date_field(form, "joined");
            let left = date_field(form, "left");
            let p = Person {
                id: id.clone(),
                name: required(form, "name"),
                email: email_field(form, "email"),
                title: form.field("title").text(),
                department: form.field("department").text(),
                manager,
                kind: PersonKind::parse(&form.field("kind").value).unwrap_or_default(),
                status: Status::parse(&form.field("status").value).unwrap_or_default(),
                joined,
                left,
                site: form.field("site").text(),
                mfa: form.field("mfa").is_on(),
                competencies,
            };
            // The rules the loader and the edits apply, in their words,
            // on the field to correct.
            for problem in p.date_problems() {
                form.fail(problem.field(), problem.message(&id));
            }
            let label = if original.is_some() {
                format!("edit {id}")
            } else {
                format!("add {id}")
            };
            Submitted::Edit(Box::new(Edit::PutPerson(p)), label)
        };
        Some(result)
    }
}
