//! Segregation of duties (Annex A 5.3): roles, or R/A duties on subjects,
//! that one person must not combine.

use std::collections::HashMap;

use super::{Entity, EntityKind, Finding, Index, finding};
use crate::model::{SodPair, SodRule};
use crate::text::sanitize;

/// Does a rule's subject pattern match `id`? A trailing `*` matches by
/// prefix (`A.8.*`); anything else must be equal.
pub fn matches(pattern: &str, id: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => id.starts_with(prefix),
        None => pattern == id,
    }
}

pub fn check(ix: &Index<'_>, out: &mut Vec<Finding>) {
    for rule in ix.ws.sod_rules.values() {
        if unknown(ix, rule, out) {
            continue;
        }
        // The loader refuses a pair naming one id twice; a register built
        // otherwise must still not flag every holder of that role.
        let (SodPair::Roles([a, b]) | SodPair::Subjects([a, b])) = &rule.pair;
        if a == b {
            continue;
        }
        match &rule.pair {
            SodPair::Roles([a, b]) => roles(ix, rule, a, b, out),
            SodPair::Subjects([a, b]) => duties(ix, rule, a, b, out),
        }
    }
}

/// Reports ids the rule names that do not exist; true if any.
fn unknown(ix: &Index<'_>, rule: &SodRule, out: &mut Vec<Finding>) -> bool {
    let missing: Vec<&str> = match &rule.pair {
        SodPair::Roles(pair) => pair
            .iter()
            .filter(|r| !ix.ws.roles.contains_key(*r))
            .map(String::as_str)
            .collect(),
        SodPair::Subjects(pair) => pair
            .iter()
            .filter(|p| !ix.subject_ids.iter().any(|s| matches(p, s)))
            .map(String::as_str)
            .collect(),
    };
    for id in &missing {
        let kind = if matches!(rule.pair, SodPair::Roles(_)) {
            "role"
        } else {
            "subject"
        };
        out.push(finding(
            "sod/unknown-reference",
            crate::model::Severity::Error,
            "A.5.3",
            Entity::new(EntityKind::Rule, rule.id.as_str()),
            format!(
                "Segregation rule `{}` names {kind} `{}`, which does not exist.",
                rule.id,
                sanitize(id)
            ),
        ));
    }
    !missing.is_empty()
}

fn roles(ix: &Index<'_>, rule: &SodRule, a: &str, b: &str, out: &mut Vec<Finding>) {
    let in_b = ix.holders(b);
    for p in ix
        .holders(a)
        .into_iter()
        .filter(|p| in_b.iter().any(|q| q.id == p.id))
    {
        out.push(finding(
            "sod/role-conflict",
            rule.severity,
            "A.5.3",
            Entity::new(EntityKind::Person, p.id.as_str()),
            format!(
                "{} ({}) holds both {} and {}: {} [rule {}]",
                sanitize(p.display_name()),
                p.id,
                sanitize(ix.role_name(a)),
                sanitize(ix.role_name(b)),
                sanitize(&rule.reason),
                rule.id
            ),
        ));
    }
}

/// person → (role, subject) pairs through which they are R or A on subjects
/// matching `pattern`.
fn duty_holders<'a>(ix: &Index<'a>, pattern: &str) -> HashMap<&'a str, Vec<(&'a str, &'a str)>> {
    // Matrix order, not hash order, so messages are the same on every run.
    let mut by_role: indexmap::IndexMap<&'a str, Vec<&'a str>> = indexmap::IndexMap::new();
    for (subject, row) in &ix.ws.matrix.rows {
        // A control declared not applicable carries no duty.
        if !matches(pattern, subject) || ix.ws.exclusions.contains_key(subject) {
            continue;
        }
        for (role, letter) in row {
            if letter.is_duty() {
                by_role
                    .entry(role.as_str())
                    .or_default()
                    .push(subject.as_str());
            }
        }
    }
    let mut out: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for (role, subjects) in by_role {
        for p in ix.holders(role) {
            let e = out.entry(p.id.as_str()).or_default();
            // Two subjects per role are enough to find a distinct pair.
            e.extend(subjects.iter().take(2).map(|s| (role, *s)));
        }
    }
    out
}

fn duties(ix: &Index<'_>, rule: &SodRule, a: &str, b: &str, out: &mut Vec<Finding>) {
    let side_a = duty_holders(ix, a);
    if side_a.is_empty() {
        return;
    }
    let side_b = duty_holders(ix, b);
    let mut people: Vec<&str> = side_a
        .keys()
        .copied()
        .filter(|p| side_b.contains_key(p))
        .collect();
    people.sort_unstable();
    for person in people {
        let pair = side_a[person]
            .iter()
            .flat_map(|x| side_b[person].iter().map(move |y| (x, y)))
            .find(|(x, y)| x.1 != y.1);
        let Some(((role_a, subj_a), (role_b, subj_b))) = pair else {
            continue;
        };
        out.push(finding(
            "sod/duty-conflict",
            rule.severity,
            "A.5.3",
            Entity::new(EntityKind::Person, person),
            format!(
                "{} ({person}) is R or A on both {} (as {}) and {} (as {}): {} [rule {}]",
                sanitize(ix.person_name(person)),
                sanitize(subj_a),
                sanitize(ix.role_name(role_a)),
                sanitize(subj_b),
                sanitize(ix.role_name(role_b)),
                sanitize(&rule.reason),
                rule.id
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::model::*;

    fn rule(id: &str, pair: SodPair, severity: Severity) -> (String, SodRule) {
        (
            id.into(),
            SodRule {
                id: id.into(),
                pair,
                severity,
                reason: "Keep apart".into(),
            },
        )
    }

    #[test]
    fn a_rule_naming_one_role_twice_flags_nobody() {
        let mut ws = clean();
        ws.sod_rules.extend([rule(
            "same",
            SodPair::Roles(["ism".into(), "ism".into()]),
            Severity::Error,
        )]);
        assert!(fired(ws.clone(), "sod/role-conflict").is_empty());
        ws.sod_rules.extend([rule(
            "same-subject",
            SodPair::Subjects(["A.5.*".into(), "A.5.*".into()]),
            Severity::Error,
        )]);
        assert!(fired(ws, "sod/duty-conflict").is_empty());
    }

    #[test]
    fn pattern_matching() {
        assert!(super::matches("A.8.*", "A.8.15"));
        assert!(!super::matches("A.8.*", "A.5.15"));
        assert!(super::matches("approve-access", "approve-access"));
        assert!(!super::matches("approve-access", "approve-access-2"));
    }

    #[test]
    fn one_person_in_two_incompatible_roles() {
        let mut ws = clean();
        ws.sod_rules.extend([rule(
            "r1",
            SodPair::Roles(["ism".into(), "incident".into()]),
            Severity::Warning,
        )]);
        assert!(fired(ws.clone(), "sod/role-conflict").is_empty());
        role_mut(&mut ws, "incident")
            .assignments
            .push(assignment("ism", Some("dep")));
        let f = fired(ws, "sod/role-conflict");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].entity.id, "ism");
        assert!(f[0].message.contains("[rule r1]"));
    }

    #[test]
    fn one_person_with_two_incompatible_duties() {
        let mut ws = clean();
        for (id, title) in [
            ("approve-access", "Approve"),
            ("provision-access", "Provision"),
        ] {
            ws.activities.insert(
                id.into(),
                Activity {
                    id: id.into(),
                    title: title.into(),
                    ..Activity::default()
                },
            );
        }
        ws.sod_rules.extend([rule(
            "r2",
            SodPair::Subjects(["approve-access".into(), "provision-access".into()]),
            Severity::Error,
        )]);
        ws.matrix.set("approve-access", "ism", Some(Letter::A));
        ws.matrix.set("approve-access", "incident", Some(Letter::R));
        ws.matrix.set("provision-access", "top", Some(Letter::A));
        ws.matrix.set("provision-access", "audit", Some(Letter::R));
        assert!(fired(ws.clone(), "sod/duty-conflict").is_empty());

        // The ISM's deputy (incident holder) now also provisions.
        ws.matrix.set("provision-access", "audit", Some(Letter::C));
        ws.matrix
            .set("provision-access", "incident", Some(Letter::R));
        ws.matrix.set("approve-access", "incident", Some(Letter::C));
        ws.matrix.set("approve-access", "audit", Some(Letter::R));
        assert!(
            fired(ws.clone(), "sod/duty-conflict").is_empty(),
            "different people"
        );

        // An A/R cell is a duty too.
        ws.matrix.set("provision-access", "ism", Some(Letter::C));
        assert!(fired(ws.clone(), "sod/duty-conflict").is_empty());
        ws.matrix.set("provision-access", "ism", Some(Letter::AR));
        assert_eq!(fired(ws.clone(), "sod/duty-conflict").len(), 1);

        ws.matrix.set("provision-access", "ism", Some(Letter::R));
        let f = fired(ws, "sod/duty-conflict");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].entity.id, "ism");
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn prefix_rules_need_distinct_subjects() {
        let mut ws = clean();
        ws.sod_rules.extend([rule(
            "r3",
            SodPair::Subjects(["A.8.*".into(), "A.8.1".into()]),
            Severity::Error,
        )]);
        // ism is A on every A.8 control, including A.8.1 and A.8.2: conflict.
        assert_eq!(
            fired(ws.clone(), "sod/duty-conflict").len(),
            2,
            "ism (A) and dep (R via incident)"
        );
        // Excluded controls carry no duty: with all but A.8.1 excluded,
        // there is no distinct pair left.
        let mut only_one = ws.clone();
        for c in crate::catalogue::catalogue()
            .entries()
            .iter()
            .filter(|e| e.id.starts_with("A.8.") && e.id != "A.8.1")
        {
            only_one.exclusions.insert(
                c.id.into(),
                Exclusion {
                    subject: c.id.into(),
                    justification: "n/a".into(),
                },
            );
        }
        assert!(fired(only_one, "sod/duty-conflict").is_empty());
        // Only A.8.1 on both sides: no distinct pair.
        ws.sod_rules.clear();
        ws.sod_rules.extend([rule(
            "r4",
            SodPair::Subjects(["A.8.1".into(), "A.8.1".into()]),
            Severity::Error,
        )]);
        assert!(fired(ws, "sod/duty-conflict").is_empty());
    }

    #[test]
    fn rules_naming_nothing_are_reported() {
        let mut ws = clean();
        ws.sod_rules.extend([
            rule(
                "r5",
                SodPair::Roles(["ism".into(), "cfo".into()]),
                Severity::Error,
            ),
            rule(
                "r6",
                SodPair::Subjects(["B.*".into(), "A.5.1".into()]),
                Severity::Error,
            ),
        ]);
        let f = fired(ws, "sod/unknown-reference");
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|x| x.entity.kind == super::EntityKind::Rule));
        assert!(fired(clean(), "sod/unknown-reference").is_empty());
    }
}
