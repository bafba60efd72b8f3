//! Assignments: appointment evidence, acknowledgement, deputies, and the
//! extra paperwork external holders need.

use super::{Entity, EntityKind, Finding, Index, finding};
use crate::model::{Severity, assignment_id};
use crate::text::sanitize;

fn blank(v: &Option<String>) -> bool {
    v.as_deref().is_none_or(|s| s.trim().is_empty())
}

pub fn check(ix: &Index<'_>, out: &mut Vec<Finding>) {
    for role in ix.ws.roles.values() {
        let role_name = sanitize(role.display_name());
        let mut has_deputy = false;
        for a in ix.assignments(&role.id) {
            let Some(p) = ix.person(&a.person) else {
                continue; // people/unknown-person
            };
            if !p.is_active_on(ix.on) {
                continue; // people/leaver-holds-role says what matters
            }
            let who = format!("{} ({})", sanitize(p.display_name()), p.id);
            let entity = || Entity::new(EntityKind::Assignment, assignment_id(&role.id, a));
            if a.deputy
                .as_deref()
                .is_some_and(|d| ix.is_active_individual(d) && d != a.person)
            {
                has_deputy = true;
            }
            if blank(&a.evidence) {
                out.push(finding(
                    "assign/no-evidence",
                    Severity::Warning,
                    "5.3",
                    entity(),
                    format!("{who} holds {role_name} with no appointment evidence recorded."),
                ));
            }
            if a.acknowledged.is_none_or(|d| d > ix.on) {
                out.push(finding(
                    "assign/not-acknowledged",
                    Severity::Warning,
                    "5.3",
                    entity(),
                    format!("{who} has not acknowledged holding {role_name}."),
                ));
            }
            if a.deputy.as_deref() == Some(a.person.as_str()) {
                out.push(finding(
                    "assign/deputy-is-holder",
                    Severity::Error,
                    "5.3",
                    entity(),
                    format!("{who} is named as their own deputy for {role_name}."),
                ));
            }
            if p.kind.is_external() {
                // A sponsor must be an employee or contractor still here.
                let sponsor = a.sponsor.as_deref().filter(|s| !s.trim().is_empty());
                let why = match sponsor.map(|s| (s, ix.person(s))) {
                    None => Some("without an internal sponsor".to_string()),
                    Some((_, None)) => None, // people/unknown-person says it
                    Some((_, Some(s)))
                        if s.kind.is_external() || s.kind == crate::model::PersonKind::Group =>
                    {
                        Some(format!(
                            "with sponsor {} ({}), who is not an employee or contractor",
                            sanitize(s.display_name()),
                            s.id
                        ))
                    }
                    Some((_, Some(s))) if !s.is_active_on(ix.on) => Some(format!(
                        "with sponsor {} ({}), who has left",
                        sanitize(s.display_name()),
                        s.id
                    )),
                    Some(_) => None,
                };
                if let Some(why) = why {
                    out.push(finding(
                        "assign/external-no-sponsor",
                        Severity::Error,
                        "5.3",
                        entity(),
                        format!("{who} is external and holds {role_name} {why}."),
                    ));
                }
                if blank(&a.contract) {
                    out.push(finding(
                        "assign/external-no-contract",
                        Severity::Warning,
                        "A.5.20",
                        entity(),
                        format!("{who} is external and holds {role_name} with no statement of work or contract reference."),
                    ));
                }
            }
        }
        if role.needs_deputy && !has_deputy && !ix.holders(&role.id).is_empty() {
            out.push(finding(
                "assign/no-deputy",
                Severity::Warning,
                "5.3",
                Entity::new(EntityKind::Role, role.id.as_str()),
                format!(
                    "{role_name} ({}) needs a deputy, but no holder has one who is still here.",
                    role.id
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::model::*;

    #[test]
    fn appointment_evidence() {
        let mut ws = clean();
        role_mut(&mut ws, "audit").assignments[0].evidence = Some("  ".into());
        assert_eq!(fired(ws, "assign/no-evidence").len(), 1);
        assert!(fired(clean(), "assign/no-evidence").is_empty());
    }

    #[test]
    fn acknowledgement_counts_from_its_date() {
        let mut ws = clean();
        role_mut(&mut ws, "audit").assignments[0].acknowledged = None;
        assert_eq!(fired(ws.clone(), "assign/not-acknowledged").len(), 1);
        role_mut(&mut ws, "audit").assignments[0].acknowledged = Some(d("2026-12-01"));
        assert_eq!(
            fired(ws, "assign/not-acknowledged").len(),
            1,
            "not yet acknowledged on the date"
        );
        assert!(fired(clean(), "assign/not-acknowledged").is_empty());
    }

    #[test]
    fn roles_that_need_a_deputy() {
        let mut ws = clean();
        role_mut(&mut ws, "ism").assignments[0].deputy = None;
        assert_eq!(fired(ws.clone(), "assign/no-deputy").len(), 1);
        // A deputy who left does not count.
        role_mut(&mut ws, "ism").assignments[0].deputy = Some("dep".into());
        person_mut(&mut ws, "dep").status = Status::Left;
        assert_eq!(fired(ws.clone(), "assign/no-deputy").len(), 1);
        // Nor does a group such as a shared mailbox.
        person_mut(&mut ws, "dep").status = Status::Active;
        person_mut(&mut ws, "dep").kind = PersonKind::Group;
        assert_eq!(fired(ws, "assign/no-deputy").len(), 1);
        assert!(fired(clean(), "assign/no-deputy").is_empty());
    }

    #[test]
    fn own_deputy() {
        let mut ws = clean();
        role_mut(&mut ws, "audit").assignments[0].deputy = Some("aud".into());
        assert_eq!(fired(ws, "assign/deputy-is-holder").len(), 1);
        assert!(fired(clean(), "assign/deputy-is-holder").is_empty());
    }

    #[test]
    fn externals_need_a_sponsor_and_a_contract() {
        let mut ws = clean();
        person_mut(&mut ws, "aud").kind = PersonKind::External;
        assert_eq!(fired(ws.clone(), "assign/external-no-sponsor").len(), 1);
        assert_eq!(fired(ws.clone(), "assign/external-no-contract").len(), 1);
        let a = &mut role_mut(&mut ws, "audit").assignments[0];
        a.sponsor = Some("coo".into());
        a.contract = Some("SOW-7".into());
        assert!(fired(ws.clone(), "assign/external-no-sponsor").is_empty());
        assert!(fired(ws.clone(), "assign/external-no-contract").is_empty());
        // A sponsor who left, or who is external too, is no internal sponsor.
        person_mut(&mut ws, "coo").left = Some(d("2026-10-31"));
        let f = fired(ws.clone(), "assign/external-no-sponsor");
        assert!(f[0].message.contains("has left"), "{}", f[0].message);
        person_mut(&mut ws, "coo").left = None;
        person_mut(&mut ws, "coo").kind = PersonKind::External;
        let f = fired(ws, "assign/external-no-sponsor");
        assert!(f[0].message.contains("not an employee"), "{}", f[0].message);
        assert!(fired(clean(), "assign/external-no-sponsor").is_empty());
    }
}
