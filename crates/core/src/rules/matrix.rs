//! The RASCI matrix: one named Accountable per applicable subject, someone
//! Responsible, references that resolve, and justified exclusions.

use std::collections::BTreeMap;

use super::{Entity, EntityKind, Finding, Index, finding};
use crate::catalogue::{EntryKind, catalogue};
use crate::model::{Letter, Severity};
use crate::text::did_you_mean;
use crate::text::sanitize;

pub fn check(ix: &Index<'_>, out: &mut Vec<Finding>) {
    letters(ix, out);
    accountable_holders(ix, out);
    unknown_references(ix, out);
    exclusions(ix, out);
}

/// Is the subject in the Statement of Applicability? Clauses always are.
fn applicable(ix: &Index<'_>, subject: &str) -> bool {
    let is_clause = catalogue()
        .get(subject)
        .is_some_and(|e| e.kind == EntryKind::Clause);
    is_clause || !ix.ws.exclusions.contains_key(subject)
}

fn subject_label(ix: &Index<'_>, id: &str) -> String {
    let title = ix.subject_title(id);
    if title.is_empty() {
        id.to_string()
    } else {
        format!("{id} {}", sanitize(&title))
    }
}

fn letters(ix: &Index<'_>, out: &mut Vec<Finding>) {
    for &subject in &ix.subject_ids {
        let row = ix.ws.matrix.rows.get(subject);
        // An A/R cell counts as an A and as an R.
        let count = |l: Letter| row.map_or(0, |r| r.values().filter(|x| x.counts_as(l)).count());
        let (a, r) = (count(Letter::A), count(Letter::R));
        let entity = || Entity::new(EntityKind::Subject, subject);
        if a > 1 {
            let roles: Vec<&str> = ix.ws.matrix.roles_with(subject, Letter::A).collect();
            out.push(finding(
                "matrix/many-accountable",
                Severity::Error,
                subject,
                entity(),
                format!(
                    "{} has {a} Accountable roles ({}); there must be exactly one.",
                    subject_label(ix, subject),
                    sanitize(&roles.join(", "))
                ),
            ));
        }
        if !applicable(ix, subject) {
            continue;
        }
        if a == 0 {
            out.push(finding(
                "matrix/no-accountable",
                Severity::Error,
                subject,
                entity(),
                format!("{} has no Accountable role.", subject_label(ix, subject)),
            ));
        }
        if r == 0 {
            out.push(finding(
                "matrix/no-responsible",
                Severity::Warning,
                subject,
                entity(),
                format!("{} has no Responsible role.", subject_label(ix, subject)),
            ));
        }
    }
}

/// A roles that nobody holds, or that several people hold. Reported once per
/// role with the subjects concerned, so one vacancy is one finding.
fn accountable_holders(ix: &Index<'_>, out: &mut Vec<Finding>) {
    let mut accountable_for: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for &subject in &ix.subject_ids {
        if !applicable(ix, subject) {
            continue;
        }
        for role in ix.ws.matrix.roles_with(subject, Letter::A) {
            accountable_for.entry(role).or_default().push(subject);
        }
    }
    for (role_id, subjects) in accountable_for {
        let Some(role) = ix.ws.roles.get(role_id) else {
            continue; // reported as matrix/unknown-reference
        };
        let holders = ix.holders(role_id);
        let list = summarise(&subjects);
        if holders.is_empty() {
            out.push(finding(
                "matrix/accountable-vacant",
                Severity::Error,
                "A.5.2",
                Entity::new(EntityKind::Role, role_id),
                format!(
                    "{} ({role_id}) is Accountable for {} but has no active holder: {list}.",
                    sanitize(role.display_name()),
                    plural(subjects.len(), "subject")
                ),
            ));
        } else if holders.len() > 1 {
            let names: Vec<String> = holders
                .iter()
                .map(|p| sanitize(p.display_name()).into_owned())
                .collect();
            out.push(finding(
                "matrix/accountable-shared",
                Severity::Warning,
                "A.5.2",
                Entity::new(EntityKind::Role, role_id),
                format!(
                    "{} ({role_id}) is Accountable for {} but is held by {} people ({}), so no single person is accountable: {list}.",
                    sanitize(role.display_name()),
                    plural(subjects.len(), "subject"),
                    holders.len(),
                    names.join(", ")
                ),
            ));
        }
    }
}

fn unknown_references(ix: &Index<'_>, out: &mut Vec<Finding>) {
    let cat = catalogue();
    // Unknown roles: one finding per role id, pointing at its first row.
    let mut unknown_roles: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (subject, row) in &ix.ws.matrix.rows {
        if !ix.is_subject(subject) {
            let why = if cat.is_heading(subject) {
                " It is a heading; put the letters on its sub-clauses instead.".to_string()
            } else {
                did_you_mean(subject, ix.subject_ids.iter().copied())
                    .map(|m| format!(" Did you mean `{m}`?"))
                    .unwrap_or_default()
            };
            out.push(finding(
                "matrix/unknown-reference",
                Severity::Error,
                "A.5.2",
                Entity::new(EntityKind::Subject, subject.as_str()),
                format!("The matrix has a row for `{}`, which is not a clause, control or activity.{why}", sanitize(subject)),
            ));
        }
        for role in row.keys() {
            if !ix.ws.roles.contains_key(role) {
                unknown_roles
                    .entry(role.as_str())
                    .or_default()
                    .push(subject.as_str());
            }
        }
    }
    for (role, subjects) in unknown_roles {
        let hint = did_you_mean(role, ix.ws.roles.keys().map(String::as_str))
            .map(|m| format!(" Did you mean `{m}`?"))
            .unwrap_or_default();
        out.push(finding(
            "matrix/unknown-reference",
            Severity::Error,
            "A.5.2",
            Entity::new(EntityKind::Subject, subjects[0]),
            format!(
                "The matrix names role `{}`, which does not exist, in {}: {}.{hint}",
                sanitize(role),
                plural(subjects.len(), "row"),
                summarise(&subjects)
            ),
        ));
    }
    for id in ix.ws.exclusions.keys() {
        if !ix.is_subject(id) {
            // A heading gets this one finding only; `exclusions` skips it.
            let why = if cat.is_heading(id) {
                " It is a clause heading, and the requirements of clauses 4 to 10 cannot be excluded."
            } else {
                ""
            };
            out.push(finding(
                "matrix/unknown-reference",
                Severity::Error,
                "6.1.3",
                Entity::new(EntityKind::Workspace, id.as_str()),
                format!(
                    "An exclusion names `{}`, which is not a control or activity.{why}",
                    sanitize(id)
                ),
            ));
        }
    }
}

fn exclusions(ix: &Index<'_>, out: &mut Vec<Finding>) {
    // Ids that are no subject (headings included) are reported once, by
    // `unknown_references`: one cause, one finding.
    for (id, ex) in ix.ws.exclusions.iter().filter(|(id, _)| ix.is_subject(id)) {
        let Some(entry) = catalogue().get(id) else {
            if ix.ws.activities.contains_key(id) && ex.justification.trim().is_empty() {
                out.push(unjustified(ix, id, Severity::Warning));
            }
            continue;
        };
        if entry.kind == EntryKind::Clause {
            out.push(finding(
                "matrix/exclusion-unjustified",
                Severity::Error,
                id.as_str(),
                Entity::new(EntityKind::Subject, id.as_str()),
                format!("Clause {id} is excluded, but the requirements of clauses 4 to 10 cannot be excluded."),
            ));
        } else if ex.justification.trim().is_empty() {
            out.push(unjustified(ix, id, Severity::Warning));
        }
    }
}

fn unjustified(ix: &Index<'_>, id: &str, severity: Severity) -> Finding {
    finding(
        "matrix/exclusion-unjustified",
        severity,
        id,
        Entity::new(EntityKind::Subject, id),
        format!(
            "{} is marked not applicable without a justification.",
            subject_label(ix, id)
        ),
    )
}

/// "A.5.1, A.5.2, A.5.3 and 4 more".
pub(crate) fn summarise(items: &[&str]) -> String {
    const SHOWN: usize = 4;
    let mut s = items
        .iter()
        .take(SHOWN)
        .map(|i| sanitize(i).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        s.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    s
}

pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::model::*;

    #[test]
    fn every_applicable_subject_needs_one_accountable() {
        let mut ws = clean();
        ws.matrix.set("A.5.15", "ism", None);
        let f = fired(ws.clone(), "matrix/no-accountable");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].entity.id, "A.5.15");
        assert_eq!(f[0].reference, "A.5.15");
        assert!(f[0].message.contains("Access control"));

        // Excluded controls need no A.
        ws.exclusions.insert(
            "A.5.15".into(),
            Exclusion {
                subject: "A.5.15".into(),
                justification: "No systems".into(),
            },
        );
        assert!(fired(ws, "matrix/no-accountable").is_empty());
        assert!(fired(clean(), "matrix/no-accountable").is_empty());
    }

    #[test]
    fn two_accountables_are_one_too_many() {
        let mut ws = clean();
        ws.matrix.set("5.3", "top", Some(Letter::A));
        let f = fired(ws, "matrix/many-accountable");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("ism, top") || f[0].message.contains("top, ism"));
        assert!(fired(clean(), "matrix/many-accountable").is_empty());
    }

    #[test]
    fn someone_must_be_responsible() {
        let mut ws = clean();
        ws.matrix.set("A.8.1", "incident", Some(Letter::C));
        let f = fired(ws, "matrix/no-responsible");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(fired(clean(), "matrix/no-responsible").is_empty());
    }

    #[test]
    fn accountable_role_must_be_held_by_exactly_one_person() {
        let mut ws = clean();
        role_mut(&mut ws, "ism").assignments[0].until = Some(d("2026-11-26"));
        let f = fired(ws, "matrix/accountable-vacant");
        assert_eq!(f.len(), 1, "one finding per role, not per subject");
        assert_eq!(f[0].entity.id, "ism");
        assert!(f[0].message.contains("and 1"), "{}", f[0].message);

        let mut ws = clean();
        role_mut(&mut ws, "ism")
            .assignments
            .push(assignment("dep", Some("aud")));
        let f = fired(ws, "matrix/accountable-shared");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("2 people"));

        assert!(fired(clean(), "matrix/accountable-vacant").is_empty());
        assert!(fired(clean(), "matrix/accountable-shared").is_empty());
    }

    #[test]
    fn vacancy_is_judged_on_the_as_of_date() {
        let mut ws = clean();
        role_mut(&mut ws, "ism").assignments[0].from = Some(d("2027-01-01"));
        assert_eq!(fired(ws, "matrix/accountable-vacant").len(), 1);
    }

    #[test]
    fn unknown_roles_and_subjects_are_named_with_a_suggestion() {
        let mut ws = clean();
        ws.matrix.set("A.5.1", "isms", Some(Letter::C));
        ws.matrix.set("A.5.2", "isms", Some(Letter::C));
        ws.matrix.set("A.5.99", "ism", Some(Letter::C));
        ws.matrix.set("6.1", "ism", Some(Letter::C));
        let f = fired(ws, "matrix/unknown-reference");
        assert_eq!(f.len(), 3, "{f:#?}");
        let role = f.iter().find(|x| x.message.contains("`isms`")).unwrap();
        assert!(role.message.contains("Did you mean `ism`?"));
        assert!(role.message.contains("2 rows"));
        let heading = f.iter().find(|x| x.entity.id == "6.1").unwrap();
        assert!(heading.message.contains("heading"));
        assert!(fired(clean(), "matrix/unknown-reference").is_empty());
    }

    #[test]
    fn exclusions_need_justification_and_clauses_cannot_be_excluded() {
        let mut ws = clean();
        ws.exclusions.insert(
            "A.7.5".into(),
            Exclusion {
                subject: "A.7.5".into(),
                justification: " ".into(),
            },
        );
        ws.exclusions.insert(
            "4.1".into(),
            Exclusion {
                subject: "4.1".into(),
                justification: "Because".into(),
            },
        );
        let f = fired(ws, "matrix/exclusion-unjustified");
        assert_eq!(f.len(), 2);
        assert_eq!(
            f.iter().filter(|x| x.severity == Severity::Error).count(),
            1
        );

        let mut ws = clean();
        ws.exclusions.insert(
            "A.7.5".into(),
            Exclusion {
                subject: "A.7.5".into(),
                justification: "Landlord runs the building".into(),
            },
        );
        assert!(fired(ws, "matrix/exclusion-unjustified").is_empty());
    }

    #[test]
    fn an_a_r_cell_is_the_accountable_and_the_responsible() {
        // The ISM owns and does the work; nobody else is R.
        let mut ws = clean();
        ws.matrix.set("A.8.1", "incident", None);
        assert_eq!(fired(ws.clone(), "matrix/no-responsible").len(), 1);
        ws.matrix.set("A.8.1", "ism", Some(Letter::AR));
        assert!(fired(ws.clone(), "matrix/no-responsible").is_empty());
        assert!(fired(ws.clone(), "matrix/no-accountable").is_empty());
        // A second A/R, or an A beside it, is one Accountable too many.
        ws.matrix.set("A.8.1", "incident", Some(Letter::A));
        assert_eq!(fired(ws.clone(), "matrix/many-accountable").len(), 1);
        ws.matrix.set("A.8.1", "incident", Some(Letter::AR));
        assert_eq!(fired(ws.clone(), "matrix/many-accountable").len(), 1);
        // An A/R role nobody holds is an Accountable vacancy.
        ws.matrix.set("A.8.1", "incident", None);
        for (_, row) in ws.matrix.rows.iter_mut() {
            row.shift_remove("ism");
            row.insert("audit".into(), Letter::AR);
        }
        role_mut(&mut ws, "audit").assignments.clear();
        let f = fired(ws, "matrix/accountable-vacant");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].entity.id, "audit");
    }

    #[test]
    fn an_excluded_heading_is_one_finding() {
        let mut ws = clean();
        ws.exclusions.insert(
            "9.2".into(),
            Exclusion {
                subject: "9.2".into(),
                justification: "We do not audit".into(),
            },
        );
        let all: Vec<_> = crate::rules::findings(&ws, d("2026-11-27"))
            .into_iter()
            .filter(|f| f.entity.id == "9.2")
            .collect();
        assert_eq!(all.len(), 1, "{all:#?}");
        assert_eq!(all[0].rule, "matrix/unknown-reference");
        assert!(all[0].message.contains("heading"), "{}", all[0].message);
        // A leaf clause is still an exclusion-unjustified error.
        let mut ws = clean();
        ws.exclusions.insert(
            "9.2.1".into(),
            Exclusion {
                subject: "9.2.1".into(),
                justification: "We do not audit".into(),
            },
        );
        assert_eq!(fired(ws.clone(), "matrix/exclusion-unjustified").len(), 1);
        assert!(fired(ws, "matrix/unknown-reference").is_empty());
    }
}
