//! People: leavers still in roles, ids that name nobody, groups as holders,
//! broken reporting lines and overloaded holders.

use std::collections::HashMap;

use super::matrix::summarise;
use super::{Entity, EntityKind, Finding, Index, finding};
use crate::model::{PersonKind, Severity, assignment_id};
use crate::text::did_you_mean;
use crate::text::sanitize;

pub fn check(ix: &Index<'_>, out: &mut Vec<Finding>) {
    let managers = managers(ix);
    leavers(ix, out);
    unknown_people(ix, &managers, out);
    groups(ix, out);
    cycles(ix, &managers, out);
    managers_left(ix, &managers, out);
    overallocated(ix, out);
}

/// For each person, by position in the register, the position of their
/// manager when the manager is in the register. One lookup per person here
/// spares the checks below a hash lookup per person and step.
fn managers(ix: &Index<'_>) -> Vec<Option<usize>> {
    crate::model::manager_positions(&ix.ws.people)
}

fn leavers(ix: &Index<'_>, out: &mut Vec<Finding>) {
    for role in ix.ws.roles.values() {
        for a in ix.assignments(&role.id) {
            let id = || Entity::new(EntityKind::Assignment, assignment_id(&role.id, a));
            if let Some(p) = ix.person(&a.person)
                && p.has_left_by(ix.on)
            {
                let when = p.left.map(|d| format!(" on {d}")).unwrap_or_default();
                out.push(finding(
                    "people/leaver-holds-role",
                    Severity::Error,
                    "5.3",
                    id(),
                    format!(
                        "{} ({}) left{when} but still holds {} ({}).",
                        sanitize(p.display_name()),
                        p.id,
                        sanitize(role.display_name()),
                        role.id
                    ),
                ));
            }
            if let Some(dep) = a.deputy.as_deref().and_then(|d| ix.person(d))
                && dep.has_left_by(ix.on)
                && ix.is_active(&a.person)
            {
                out.push(finding(
                    "people/leaver-is-deputy",
                    Severity::Warning,
                    "5.3",
                    id(),
                    format!(
                        "The deputy for {} as {}, {} ({}), has left.",
                        sanitize(ix.person_name(&a.person)),
                        sanitize(role.display_name()),
                        sanitize(dep.display_name()),
                        dep.id
                    ),
                ));
            }
        }
    }
}

fn unknown_people(ix: &Index<'_>, managers: &[Option<usize>], out: &mut Vec<Finding>) {
    let ids = || ix.ws.people.keys().map(String::as_str);
    let hint = |id: &str| {
        did_you_mean(id, ids())
            .map(|m| format!(" Did you mean `{m}`?"))
            .unwrap_or_default()
    };
    let mut report = |entity: Entity, what: String, id: &str| {
        out.push(finding(
            "people/unknown-person",
            Severity::Error,
            "5.3",
            entity,
            format!(
                "{what} names `{}`, who is not in the register.{}",
                sanitize(id),
                hint(id)
            ),
        ));
    };
    for role in ix.ws.roles.values() {
        // Every assignment, past ones included: history must resolve too.
        for a in &role.assignments {
            let entity = || Entity::new(EntityKind::Assignment, assignment_id(&role.id, a));
            // Only needed for a finding, which is rare.
            let role_name = || sanitize(role.display_name());
            if ix.person(&a.person).is_none() {
                report(
                    entity(),
                    format!("An assignment to {}", role_name()),
                    &a.person,
                );
            }
            for (field, value) in [("deputy", &a.deputy), ("sponsor", &a.sponsor)] {
                if let Some(v) = value.as_deref().filter(|v| ix.person(v).is_none()) {
                    report(
                        entity(),
                        format!(
                            "The {field} on {}'s assignment to {}",
                            a.person,
                            role_name()
                        ),
                        v,
                    );
                }
            }
        }
    }
    for (p, known) in ix.ws.people.values().zip(managers) {
        if let Some(m) = p.manager.as_deref().filter(|_| known.is_none()) {
            report(
                Entity::new(EntityKind::Person, p.id.as_str()),
                format!("The manager of {} ({})", sanitize(p.display_name()), p.id),
                m,
            );
        }
    }
    for s in &ix.ws.signoffs {
        for by in s.by.iter().filter(|b| ix.person(b).is_none()) {
            report(
                Entity::new(EntityKind::Workspace, ""),
                format!("The sign-off of {}", s.date),
                by,
            );
        }
    }
}

fn groups(ix: &Index<'_>, out: &mut Vec<Finding>) {
    for role in ix.ws.roles.values() {
        for a in ix.assignments(&role.id) {
            if let Some(p) = ix.person(&a.person)
                && p.kind == PersonKind::Group
            {
                out.push(finding(
                    "people/group-holder",
                    Severity::Error,
                    "5.3",
                    Entity::new(EntityKind::Assignment, assignment_id(&role.id, a)),
                    format!(
                        "{} ({}) is held by {} ({}), a group; roles must be held by named individuals.",
                        sanitize(role.display_name()),
                        role.id,
                        sanitize(p.display_name()),
                        p.id
                    ),
                ));
            }
        }
    }
}

/// Finds each cycle of manager links once (colouring walk, linear time).
fn cycles(ix: &Index<'_>, managers: &[Option<usize>], out: &mut Vec<Finding>) {
    let people = &ix.ws.people;
    let id = |i: usize| people.get_index(i).map_or("", |(k, _)| k.as_str());
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; people.len()];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..people.len() {
        if state[start] != 0 {
            continue;
        }
        path.clear();
        let mut current = Some(start);
        while let Some(i) = current {
            match state[i] {
                1 => {
                    let pos = path.iter().position(|p| *p == i).unwrap_or(0);
                    let mut cycle: Vec<&str> = path[pos..].iter().map(|&p| id(p)).collect();
                    // Start the message at the smallest id so it is stable.
                    let min = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, c)| **c)
                        .map_or(0, |(i, _)| i);
                    cycle.rotate_left(min);
                    let mut shown = cycle.clone();
                    shown.push(cycle[0]);
                    out.push(finding(
                        "people/reporting-cycle",
                        Severity::Error,
                        "5.3",
                        Entity::new(EntityKind::Person, cycle[0]),
                        format!(
                            "Manager links form a cycle: {}.",
                            sanitize(&shown.join(" → "))
                        ),
                    ));
                    break;
                }
                0 => {
                    state[i] = 1;
                    path.push(i);
                    current = managers[i];
                }
                _ => break,
            }
        }
        for &i in &path {
            state[i] = 2;
        }
    }
}

fn managers_left(ix: &Index<'_>, managers: &[Option<usize>], out: &mut Vec<Finding>) {
    let people = &ix.ws.people;
    for (p, m) in people.values().zip(managers) {
        if !p.is_active_on(ix.on) {
            continue;
        }
        if let Some((_, m)) = m.and_then(|m| people.get_index(m))
            && m.has_left_by(ix.on)
        {
            out.push(finding(
                "people/manager-left",
                Severity::Warning,
                "5.3",
                Entity::new(EntityKind::Person, p.id.as_str()),
                format!(
                    "The manager of {} ({}), {} ({}), has left.",
                    sanitize(p.display_name()),
                    p.id,
                    sanitize(m.display_name()),
                    m.id
                ),
            ));
        }
    }
}

fn overallocated(ix: &Index<'_>, out: &mut Vec<Finding>) {
    let mut load: HashMap<&str, (f64, Vec<&str>)> = HashMap::new();
    for role in ix.ws.roles.values() {
        for a in ix.assignments(&role.id) {
            if let Some(x) = a.allocation.filter(|x| *x > 0.0) {
                let e = load.entry(a.person.as_str()).or_default();
                e.0 += x;
                e.1.push(role.id.as_str());
            }
        }
    }
    let mut over: Vec<_> = load
        .into_iter()
        .filter(|(p, (x, _))| *x > 1.0 + 1e-9 && ix.is_active(p))
        .collect();
    over.sort_by(|a, b| a.0.cmp(b.0));
    for (person, (total, roles)) in over {
        out.push(finding(
            "people/overallocated",
            Severity::Warning,
            "7.1",
            Entity::new(EntityKind::Person, person),
            format!(
                "{} ({person}) is allocated {total:.2} FTE across {}.",
                sanitize(ix.person_name(person)),
                summarise(&roles)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::model::*;

    #[test]
    fn leaver_still_holding_a_role() {
        let mut ws = clean();
        person_mut(&mut ws, "aud").status = Status::Left;
        let f = fired(ws.clone(), "people/leaver-holds-role");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].entity.id, "audit/aud@2024-01-01");

        // Ending the assignment resolves it.
        role_mut(&mut ws, "audit").assignments[0].until = Some(d("2026-10-31"));
        assert!(fired(ws, "people/leaver-holds-role").is_empty());
        assert!(fired(clean(), "people/leaver-holds-role").is_empty());
    }

    #[test]
    fn a_planned_leaver_is_fine_until_the_date() {
        let mut ws = clean();
        person_mut(&mut ws, "aud").left = Some(d("2026-12-31"));
        assert!(fired(ws.clone(), "people/leaver-holds-role").is_empty());
        let later = super::super::findings(&ws, d("2027-01-01"));
        assert!(later.iter().any(|f| f.rule == "people/leaver-holds-role"));
    }

    #[test]
    fn leaver_as_deputy() {
        let mut ws = clean();
        person_mut(&mut ws, "dep").left = Some(d("2026-06-30"));
        let f = fired(ws, "people/leaver-is-deputy");
        // dep deputises for ism as ISM and on the review team.
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(fired(clean(), "people/leaver-is-deputy").is_empty());
    }

    #[test]
    fn ids_that_name_nobody() {
        let mut ws = clean();
        role_mut(&mut ws, "audit").assignments[0].person = "adaa".into();
        role_mut(&mut ws, "ism").assignments[0].deputy = Some("nobody".into());
        person_mut(&mut ws, "coo").manager = Some("cei".into());
        let f = fired(ws, "people/unknown-person");
        assert_eq!(f.len(), 3, "{f:#?}");
        assert!(f.iter().any(|x| x.message.contains("Did you mean `ceo`?")));
        assert!(fired(clean(), "people/unknown-person").is_empty());
    }

    #[test]
    fn groups_cannot_hold_roles() {
        let mut ws = clean();
        person_mut(&mut ws, "aud").kind = PersonKind::Group;
        assert_eq!(fired(ws, "people/group-holder").len(), 1);
        assert!(fired(clean(), "people/group-holder").is_empty());
    }

    #[test]
    fn cycles_are_reported_once() {
        let mut ws = clean();
        person_mut(&mut ws, "ceo").manager = Some("ism".into());
        let f = fired(ws, "people/reporting-cycle");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "Manager links form a cycle: ceo → ism → ceo.");
        assert!(fired(clean(), "people/reporting-cycle").is_empty());
    }

    #[test]
    fn manager_who_left() {
        let mut ws = clean();
        person_mut(&mut ws, "coo").status = Status::Left;
        let f = fired(ws, "people/manager-left");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].entity.id, "aud");
        assert!(fired(clean(), "people/manager-left").is_empty());
    }

    #[test]
    fn more_than_one_fte() {
        let mut ws = clean();
        role_mut(&mut ws, "ism").assignments[0].allocation = Some(0.9);
        let f = fired(ws.clone(), "people/overallocated");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("1.10 FTE"), "{}", f[0].message);
        role_mut(&mut ws, "ism").assignments[0].allocation = Some(0.8);
        assert!(
            fired(ws, "people/overallocated").is_empty(),
            "exactly 1.0 is fine"
        );
    }
}
