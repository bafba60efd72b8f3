//! Governance: the Clause 5.3 duties, top management, the reporting line of
//! the ISM and the management review team (Clause 9.3).

use std::collections::BTreeSet;

use super::{Entity, EntityKind, Finding, Index, finding};
use crate::model::{Category, Duty, Severity};
use crate::text::sanitize;

pub fn check(ix: &Index<'_>, out: &mut Vec<Finding>) {
    duty(ix, out, Duty::Conformance, "gov/conformance-owner");
    duty(ix, out, Duty::Reporting, "gov/performance-reporter");
    top_management(ix, out);
    reporting_line(ix, out);
    review_team(ix, out);
    required_roles(ix, out);
}

fn duty(ix: &Index<'_>, out: &mut Vec<Finding>, duty: Duty, rule: &'static str) {
    let carriers: Vec<_> = ix.ws.roles.values().filter(|r| r.carries(duty)).collect();
    if carriers.iter().any(|r| !ix.holders(&r.id).is_empty()) {
        return;
    }
    match carriers.first() {
        None => out.push(finding(
            rule,
            Severity::Error,
            "5.3",
            Entity::new(EntityKind::Workspace, ""),
            format!("No role carries the duty of {}.", duty.describe()),
        )),
        Some(_) => {
            for r in carriers {
                out.push(finding(
                    rule,
                    Severity::Error,
                    "5.3",
                    Entity::new(EntityKind::Role, r.id.clone()),
                    format!(
                        "Nobody active holds {} ({}), which carries the duty of {}.",
                        sanitize(r.display_name()),
                        r.id,
                        duty.describe()
                    ),
                ));
            }
        }
    }
}

fn top_management(ix: &Index<'_>, out: &mut Vec<Finding>) {
    let roles: Vec<_> = ix
        .ws
        .roles
        .values()
        .filter(|r| r.category == Category::TopManagement)
        .collect();
    if roles.iter().any(|r| !ix.holders(&r.id).is_empty()) {
        return;
    }
    let (entity, message) = match roles.first() {
        None => (
            Entity::new(EntityKind::Workspace, ""),
            "No role is in the top-management category, so nobody is shown assigning the Clause 5.3 duties.".to_string(),
        ),
        Some(r) => (
            Entity::new(EntityKind::Role, r.id.clone()),
            format!("The top-management role {} ({}) has no active holder.", sanitize(r.display_name()), r.id),
        ),
    };
    out.push(finding(
        "gov/top-management",
        Severity::Error,
        "5.3",
        entity,
        message,
    ));
}

/// Manager steps from `start` up to the first person holding a
/// top-management role: `Ok(steps)`, or `Err(steps walked)` when the chain
/// ends (or loops) without reaching one.
fn steps_to_top(ix: &Index<'_>, start: &str) -> Result<usize, usize> {
    let mut seen = BTreeSet::new();
    let mut current = start;
    let mut steps = 0;
    loop {
        if ix.holds_category(current, Category::TopManagement) {
            return Ok(steps);
        }
        if !seen.insert(current) {
            return Err(steps);
        }
        match ix.person(current).and_then(|p| p.manager.as_deref()) {
            Some(m) if ix.person(m).is_some() => {
                current = m;
                steps += 1;
            }
            _ => return Err(steps),
        }
    }
}

fn reporting_line(ix: &Index<'_>, out: &mut Vec<Finding>) {
    let any_top = ix
        .ws
        .roles
        .values()
        .any(|r| r.category == Category::TopManagement && !ix.holders(&r.id).is_empty());
    if !any_top {
        // gov/top-management already says there is nobody to report to.
        return;
    }
    let max = ix.ws.settings.max_reporting_steps as usize;
    let mut done = BTreeSet::new();
    for role in ix.ws.roles.values().filter(|r| r.carries(Duty::Reporting)) {
        for p in ix.holders(&role.id) {
            if !done.insert(p.id.as_str()) {
                continue;
            }
            let detail = match steps_to_top(ix, &p.id) {
                Ok(steps) if steps <= max => continue,
                Ok(steps) => format!("is {steps} manager steps below top management"),
                Err(_) => "has no reporting line up to anyone in top management".to_string(),
            };
            out.push(finding(
                "gov/ism-reporting-line",
                Severity::Error,
                "5.3",
                Entity::new(EntityKind::Person, p.id.clone()),
                format!(
                    "{} ({}, who reports ISMS performance as {}) {detail}; at most {max} allowed.",
                    sanitize(p.display_name()),
                    p.id,
                    sanitize(role.display_name())
                ),
            ));
        }
    }
}

fn review_team(ix: &Index<'_>, out: &mut Vec<Finding>) {
    let teams: Vec<_> = ix
        .ws
        .roles
        .values()
        .filter(|r| r.category == Category::ReviewTeam)
        .collect();
    let Some(first) = teams.first() else {
        out.push(finding(
            "gov/review-team",
            Severity::Error,
            "9.3",
            Entity::new(EntityKind::Workspace, ""),
            "There is no management review team role (a role with category \"review-team\")."
                .into(),
        ));
        return;
    };
    let members: Vec<_> = teams.iter().flat_map(|r| ix.holders(&r.id)).collect();
    if members.is_empty() {
        out.push(finding(
            "gov/review-team",
            Severity::Error,
            "9.3",
            Entity::new(EntityKind::Role, first.id.clone()),
            format!(
                "The management review team role {} ({}) has no active members.",
                sanitize(first.display_name()),
                first.id
            ),
        ));
        return;
    }
    if !members
        .iter()
        .any(|p| ix.holds_category(&p.id, Category::TopManagement))
    {
        out.push(finding(
            "gov/review-team-senior",
            Severity::Warning,
            "9.3",
            Entity::new(EntityKind::Role, first.id.clone()),
            format!(
                "No member of {} holds a top-management role, so the review has no senior leader.",
                sanitize(first.display_name())
            ),
        ));
    }
    for team in &teams {
        for a in ix.assignments(&team.id) {
            // A deputy who left, or a group, counts as no deputy.
            if !ix.is_active(&a.person)
                || a.deputy
                    .as_deref()
                    .is_some_and(|d| ix.is_active_individual(d))
            {
                continue;
            }
            out.push(finding(
                "gov/review-team-deputy",
                Severity::Warning,
                "9.3",
                Entity::new(
                    EntityKind::Assignment,
                    crate::model::assignment_id(&team.id, a),
                ),
                format!(
                    "{} ({}) sits on {} without a deputy.",
                    sanitize(ix.person_name(&a.person)),
                    a.person,
                    sanitize(team.display_name())
                ),
            ));
        }
    }
    let represented: BTreeSet<&str> = members
        .iter()
        .filter_map(|p| p.department.as_deref())
        .collect();
    let scope: BTreeSet<&str> = if ix.ws.organisation.departments.is_empty() {
        ix.ws
            .people
            .values()
            .filter(|p| p.is_active_on(ix.on) && p.kind != crate::model::PersonKind::Group)
            .filter_map(|p| p.department.as_deref())
            .collect()
    } else {
        ix.ws
            .organisation
            .departments
            .iter()
            .map(String::as_str)
            .collect()
    };
    for dept in scope.difference(&represented) {
        out.push(finding(
            "gov/review-team-coverage",
            Severity::Warning,
            "9.3",
            Entity::new(EntityKind::Role, first.id.clone()),
            format!(
                "Department {} has no representative on {}.",
                sanitize(dept),
                sanitize(first.display_name())
            ),
        ));
    }
}

fn required_roles(ix: &Index<'_>, out: &mut Vec<Finding>) {
    for id in &ix.ws.settings.required_roles {
        match ix.ws.roles.get(id) {
            None => {
                let hint = crate::text::did_you_mean(id, ix.ws.roles.keys().map(String::as_str))
                    .map(|m| format!(" Did you mean `{m}`?"))
                    .unwrap_or_default();
                out.push(finding(
                    "gov/required-role",
                    Severity::Error,
                    "5.3",
                    Entity::new(EntityKind::Workspace, ""),
                    format!("The required role `{}` is not defined.{hint}", sanitize(id)),
                ))
            }
            Some(r) if ix.holders(id).is_empty() => out.push(finding(
                "gov/required-role",
                Severity::Error,
                "5.3",
                Entity::new(EntityKind::Role, id.clone()),
                format!(
                    "The required role {} ({}) has no active holder.",
                    sanitize(r.display_name()),
                    r.id
                ),
            )),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::model::*;

    #[test]
    fn conformance_and_reporting_duties() {
        let mut ws = clean();
        role_mut(&mut ws, "ism").duties = vec![Duty::Reporting];
        let f = fired(ws, "gov/conformance-owner");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("No role carries"), "{}", f[0].message);

        let mut ws = clean();
        person_mut(&mut ws, "ism").left = Some(d("2026-11-01"));
        let f = fired(ws.clone(), "gov/performance-reporter");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].entity.id, "ism");
        assert_eq!(fired(ws, "gov/conformance-owner").len(), 1);

        assert!(fired(clean(), "gov/conformance-owner").is_empty());
        assert!(fired(clean(), "gov/performance-reporter").is_empty());
    }

    #[test]
    fn top_management_needs_a_holder() {
        let mut ws = clean();
        role_mut(&mut ws, "top").assignments[0].until = Some(d("2026-01-01"));
        let f = fired(ws, "gov/top-management");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].entity.id, "top");

        let mut ws = clean();
        role_mut(&mut ws, "top").category = Category::Governance;
        assert_eq!(fired(ws, "gov/top-management").len(), 1);
        assert!(fired(clean(), "gov/top-management").is_empty());
    }

    #[test]
    fn ism_reporting_line_counts_manager_steps() {
        let mut ws = clean();
        person_mut(&mut ws, "ism").manager = Some("coo".into());
        let f = fired(ws.clone(), "gov/ism-reporting-line");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("2 manager steps"), "{}", f[0].message);

        ws.settings.max_reporting_steps = 2;
        assert!(fired(ws, "gov/ism-reporting-line").is_empty());

        let mut ws = clean();
        person_mut(&mut ws, "ism").manager = None;
        let f = fired(ws, "gov/ism-reporting-line");
        assert!(
            f[0].message.contains("no reporting line"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn ism_reporting_line_survives_cycles() {
        let mut ws = clean();
        person_mut(&mut ws, "ism").manager = Some("dep".into());
        person_mut(&mut ws, "dep").manager = Some("ism".into());
        assert_eq!(fired(ws, "gov/ism-reporting-line").len(), 1);
    }

    #[test]
    fn review_team_must_exist_and_be_held() {
        let mut ws = clean();
        role_mut(&mut ws, "review").category = Category::Governance;
        let f = fired(ws, "gov/review-team");
        assert_eq!(f[0].entity.kind, super::EntityKind::Workspace);

        let mut ws = clean();
        role_mut(&mut ws, "review").assignments.clear();
        let f = fired(ws, "gov/review-team");
        assert_eq!(f[0].entity.id, "review");
        assert!(fired(clean(), "gov/review-team").is_empty());
    }

    #[test]
    fn review_team_needs_a_senior_member() {
        let mut ws = clean();
        role_mut(&mut ws, "review")
            .assignments
            .retain(|a| a.person != "ceo");
        ws.organisation.departments = vec!["Security".into()];
        assert_eq!(fired(ws, "gov/review-team-senior").len(), 1);
        assert!(fired(clean(), "gov/review-team-senior").is_empty());
    }

    #[test]
    fn review_team_members_need_deputies() {
        let mut ws = clean();
        role_mut(&mut ws, "review").assignments[1].deputy = None;
        let f = fired(ws.clone(), "gov/review-team-deputy");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].entity.id, "review/ism@2024-01-01");
        // A deputy who has left counts as none.
        role_mut(&mut ws, "review").assignments[1].deputy = Some("dep".into());
        person_mut(&mut ws, "dep").left = Some(d("2026-01-31"));
        assert_eq!(fired(ws, "gov/review-team-deputy").len(), 1);
        assert!(fired(clean(), "gov/review-team-deputy").is_empty());
    }

    #[test]
    fn every_department_in_scope_is_represented() {
        let mut ws = clean();
        ws.organisation.departments.push("Sales".into());
        let f = fired(ws, "gov/review-team-coverage");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("Sales"));

        // With no departments listed, those people work in are the scope.
        let mut ws = clean();
        ws.organisation.departments.clear();
        let mut p = person("sam", "Sam Sales", "Sales", Some("ceo"));
        p.mfa = true;
        ws.people.insert("sam".into(), p);
        assert_eq!(fired(ws, "gov/review-team-coverage").len(), 1);
        assert!(fired(clean(), "gov/review-team-coverage").is_empty());
    }

    #[test]
    fn required_roles_must_exist_and_be_held() {
        let mut ws = clean();
        ws.settings.required_roles.push("incidnet-x".into());
        ws.settings.required_roles.push("privacy".into());
        let f = fired(ws, "gov/required-role");
        assert_eq!(f.len(), 2);

        let mut ws = clean();
        role_mut(&mut ws, "incident").assignments.clear();
        let f = fired(ws, "gov/required-role");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].entity.id, "incident");
        assert!(fired(clean(), "gov/required-role").is_empty());
    }
}
