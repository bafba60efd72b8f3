//! A segregation-of-duties rule.

use super::fields::*;
use super::{EntityForm, FormKind, Submitted};
use crate::edit::Edit;
use crate::model::*;
use crate::tui::form::{Field, Form, Kind};

#[derive(Debug, Clone)]
struct SodRuleForm {
    original: Option<String>,
}

pub fn sod_rule(ws: &Workspace, id: Option<&str>) -> EntityForm {
    let r = id.and_then(|i| ws.sod_rules.get(i));
    let (kind, a, b) = match r.map(|r| &r.pair) {
        Some(SodPair::Roles([a, b])) => ("roles", a.clone(), b.clone()),
        Some(SodPair::Subjects([a, b])) => ("subjects", a.clone(), b.clone()),
        None => ("roles", String::new(), String::new()),
    };
    let fields = vec![
        Field::new("id", "Id", Kind::Text, id.unwrap_or_default()).locked(id.is_some()),
        Field::new("kind", "Keeps apart", Kind::Choice(SOD_KINDS), kind).hint(
            "two roles one person must not hold, or two subjects one person must not be R or A on",
        ),
        Field::new("a", "First", Kind::Text, a)
            .hint("role or subject id; a subject may end in * (A.8.*)"),
        Field::new("b", "Second", Kind::Text, b),
        Field::new(
            "severity",
            "Severity",
            Kind::Choice(SEVERITIES),
            r.map_or("error", |r| r.severity.as_str()),
        ),
        Field::new(
            "reason",
            "Reason",
            Kind::Text,
            r.map_or(String::new(), |r| r.reason.clone()),
        ),
    ];
    EntityForm {
        form: Form::new(
            if id.is_some() {
                "Segregation rule"
            } else {
                "New segregation rule"
            },
            fields,
        ),
        kind: Box::new(SodRuleForm {
            original: id.map(str::to_string),
        }),
    }
}

impl FormKind for SodRuleForm {
    fn submit(&self, form: &mut Form, ws: &Workspace) -> Option<Submitted> {
        let SodRuleForm { original } = self;
        let result = {
            let id = match original {
                Some(id) => id.clone(),
                None => new_id(form, "id", |i| ws.sod_rules.contains_key(i)),
            };
            let a = required(form, "a");
            let b = required(form, "b");
            let pair = if form.field("kind").value == "roles" {
                for k in ["a", "b"] {
                    let v = form.field(k).value.trim().to_string();
                    if !v.is_empty() && !ws.roles.contains_key(&v) {
                        form.fail(k, format!("there is no role `{v}`"));
                    }
                }
                SodPair::Roles([a, b])
            } else {
                SodPair::Subjects([a, b])
            };
            let rule = SodRule {
                id: id.clone(),
                pair,
                severity: Severity::parse(&form.field("severity").value).unwrap_or_default(),
                reason: required(form, "reason"),
            };
            Submitted::Edit(
                Box::new(Edit::PutSodRule(rule)),
                format!("segregation rule {id}"),
            )
        };
        Some(result)
    }
}
