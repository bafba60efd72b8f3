//! A small register that passes every rule: the reference point for
//! tests (break one fact, see one finding) and an example of what a clean
//! register looks like.

use crate::catalogue::subjects;
use crate::fingerprint;
use crate::model::*;

fn d(s: &str) -> Date {
    s.parse().expect("sample dates are valid")
}

/// Names meant to attack whoever opens an export or reads the terminal:
/// spreadsheet formulas, markup, quotes, pipes, an escape sequence and a
/// right-to-left override. The export tests put them into a register.
pub const HOSTILE: [&str; 10] = [
    "=HYPERLINK(\"http://evil\",\"x\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\tTAB",
    "<script>alert(1)</script>",
    "\"quote\"",
    "a|b",
    "\u{1b}[31mred",
    "\u{202e}evil",
];

/// The date on which [`clean`] raises no finding.
pub fn today() -> Date {
    d("2026-11-27")
}

/// An active employee with MFA, joined 2020.
pub fn person(id: &str, name: &str, dept: &str, manager: Option<&str>) -> Person {
    Person {
        id: id.into(),
        name: name.into(),
        email: Some(format!("{id}@example.com")),
        department: Some(dept.into()),
        manager: manager.map(Into::into),
        joined: Some(d("2020-01-01")),
        mfa: true,
        ..Person::default()
    }
}

/// A reviewed role with one responsibility and one authority.
pub fn role(id: &str, category: Category) -> Role {
    Role {
        id: id.into(),
        name: format!("Role {id}"),
        category,
        responsibilities: vec!["Do the work".into()],
        authorities: vec!["Decide about the work".into()],
        reviewed: Some(d("2026-06-01")),
        ..Role::default()
    }
}

/// An acknowledged assignment since 2024 with evidence.
pub fn assignment(person: &str, deputy: Option<&str>) -> Assignment {
    Assignment {
        person: person.into(),
        from: Some(d("2024-01-01")),
        deputy: deputy.map(Into::into),
        allocation: Some(0.2),
        evidence: Some("Board minutes 2024-01".into()),
        acknowledged: Some(d("2024-01-05")),
        ..Assignment::default()
    }
}

/// A register that raises no finding at all on [`today`]: top management,
/// an ISM reporting directly to the CEO, a review team with deputies covering
/// both departments, the required roles held, a full matrix, a fresh
/// sign-off.
pub fn clean() -> Workspace {
    let mut ws = Workspace {
        organisation: Organisation {
            name: "Test Ltd".into(),
            scope: Some("Everything".into()),
            departments: vec!["Board".into(), "Security".into()],
        },
        settings: Settings {
            required_roles: vec!["incident".into()],
            ..Settings::default()
        },
        ..Workspace::default()
    };
    for p in [
        person("ceo", "Cora Chief", "Board", None),
        person("coo", "Otto Ops", "Board", Some("ceo")),
        person("ism", "Ivy Sec", "Security", Some("ceo")),
        person("dep", "Dan Deputy", "Security", Some("ism")),
        person("aud", "Ada Audit", "Security", Some("coo")),
    ] {
        ws.people.insert(p.id.clone(), p);
    }
    let mut top = role("top", Category::TopManagement);
    top.assignments.push(assignment("ceo", None));
    let mut ism = role("ism", Category::Governance);
    ism.duties = vec![Duty::Conformance, Duty::Reporting];
    ism.needs_deputy = true;
    ism.assignments.push(assignment("ism", Some("dep")));
    let mut review = role("review", Category::ReviewTeam);
    review.assignments.push(assignment("ceo", Some("coo")));
    review.assignments.push(assignment("ism", Some("dep")));
    let mut incident = role("incident", Category::Operational);
    incident.assignments.push(assignment("dep", Some("ism")));
    let mut audit = role("audit", Category::Assurance);
    audit.assignments.push(assignment("aud", None));
    for r in [top, ism, review, incident, audit] {
        ws.roles.insert(r.id.clone(), r);
    }
    let ids: Vec<String> = subjects(&ws).iter().map(|s| s.id.to_string()).collect();
    for s in ids {
        ws.matrix.set(&s, "ism", Some(Letter::A));
        ws.matrix.set(&s, "incident", Some(Letter::R));
    }
    let fp = fingerprint::fingerprint(&ws);
    ws.signoffs.push(Signoff {
        date: d("2026-10-01"),
        by: vec!["ceo".into()],
        minutes: Some("MR-2026-10".into()),
        fingerprint: Some(fp),
        commit: None,
    });
    ws
}
