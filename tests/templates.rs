//! The bundled workspace templates: `standard` (roles and rules, no people)
//! and `demo` (Larkmoor Analytics, a fictional company with deliberate
//! problems, described in docs/demo.md).
//!
//! The demo is evaluated on a fixed date so that expiries, review ages and
//! leavers give the same findings on every run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rasci::catalogue::catalogue;
use rasci::model::{Date, Letter, PersonKind, Workspace};
use rasci::rules::{Finding, Index, findings};
use rasci::store::template::{Template, init};

/// The date docs/demo.md and the walk-throughs use as "today".
fn demo_day() -> Date {
    "2026-11-27".parse().expect("valid date")
}

/// Creates a workspace from `template` in a fresh temporary folder and loads
/// it back; any load problem fails the test with the diagnostics.
fn init_and_load(template: Template) -> Workspace {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = tmp.path().join("ws");
    init(&dir, template).unwrap_or_else(|e| panic!("init {template:?}: {e}"));
    match rasci::store::load(&dir) {
        Ok((_store, ws)) => ws,
        Err(rasci::store::LoadError::Invalid(diags)) => {
            let all: Vec<String> = diags.iter().map(|d| format!("{d:?}")).collect();
            panic!("{template:?} does not load:\n{}", all.join("\n"))
        }
        Err(e) => panic!("{template:?} does not load: {e}"),
    }
}

fn demo() -> Workspace {
    init_and_load(Template::Demo)
}

fn demo_findings() -> Vec<Finding> {
    findings(&demo(), demo_day())
}

/// Entity ids of the findings with rule `rule`.
fn entities(found: &[Finding], rule: &str) -> BTreeSet<String> {
    found
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.entity.id.clone())
        .collect()
}

/// The problems planted in the demo, as (rule id, entity id). docs/demo.md
/// has a row for each; keep the two in step.
const DELIBERATE: &[(&str, &str)] = &[
    ("gov/ism-reporting-line", "sbrennan"),
    ("matrix/no-accountable", "A.5.7"),
    ("matrix/many-accountable", "A.8.16"),
    ("matrix/accountable-vacant", "head-of-it"),
    ("people/leaver-holds-role", "head-of-it/mnowak@2020-09-01"),
    (
        "assign/external-no-contract",
        "privacy-lead/isolberg@2025-04-01",
    ),
    ("assign/not-acknowledged", "developer/ydemir@2026-11-02"),
    ("competence/expired", "incident-commander/ksato@2023-09-11"),
    ("competence/expiring", "ism/sbrennan@2024-02-01"),
    ("authority/none", "risk-owner"),
    (
        "authority/privileged-no-mfa",
        "system-administrator/creid@2026-07-01",
    ),
    ("review/role-overdue", "facilities-manager"),
    ("review/signoff-stale", ""),
    ("sod/duty-conflict", "fbrandt"),
];

#[test]
fn both_templates_init_into_a_new_folder_and_load_cleanly() {
    for template in [Template::Standard, Template::Demo] {
        let ws = init_and_load(template);
        assert!(
            !ws.organisation.name.trim().is_empty(),
            "{template:?} has no organisation name"
        );
        assert!(!ws.roles.is_empty(), "{template:?} has no roles");
        assert!(!ws.matrix.is_empty(), "{template:?} has an empty matrix");
    }
}

#[test]
fn init_writes_the_template_files_unchanged() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = tmp.path().join("demo");
    init(&dir, Template::Demo).expect("init demo");
    for (kind, text) in Template::Demo.files() {
        let written = std::fs::read_to_string(dir.join(kind.file_name())).expect("read back");
        assert_eq!(
            written,
            text,
            "{} differs from the template",
            kind.file_name()
        );
    }
}

#[test]
fn demo_is_a_company_of_about_forty_in_six_departments() {
    let ws = demo();
    let day = demo_day();
    let n = ws.people.len();
    assert!((35..=45).contains(&n), "{n} people");

    let active_departments: BTreeSet<&str> = ws
        .people
        .values()
        .filter(|p| p.is_active_on(day) && p.kind != PersonKind::Group)
        .filter_map(|p| p.department.as_deref())
        .collect();
    assert_eq!(active_departments.len(), 6, "{active_departments:?}");
    let declared: BTreeSet<&str> = ws
        .organisation
        .departments
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(active_departments, declared);

    let r = ws.roles.len();
    assert!((13..=17).contains(&r), "{r} roles");

    // The mix the demo is meant to show.
    let kinds: BTreeSet<&str> = ws.people.values().map(|p| p.kind.as_str()).collect();
    for kind in ["employee", "contractor", "external", "group"] {
        assert!(kinds.contains(kind), "no {kind} in the demo");
    }
    // Exactly one person at the top of the reporting tree: the CEO, who
    // holds the top-management role.
    let roots: Vec<&str> = ws
        .people
        .values()
        .filter(|p| p.manager.is_none())
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(roots, ["hokafor"]);
    let ix = Index::new(&ws, day);
    let top: Vec<&str> = ix
        .holders("top-management")
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(top, ["hokafor"]);
}

#[test]
fn demo_keeps_the_standard_role_ids_settings_and_rules() {
    let standard = init_and_load(Template::Standard);
    let demo = demo();
    for id in standard.roles.keys() {
        assert!(demo.roles.contains_key(id), "demo lacks role {id}");
    }
    for id in standard.sod_rules.keys() {
        assert!(demo.sod_rules.contains_key(id), "demo lacks sod rule {id}");
    }
    for id in standard.activities.keys() {
        assert!(demo.activities.contains_key(id), "demo lacks activity {id}");
    }
    assert_eq!(demo.settings, standard.settings);
    // The demo's exclusions are justified and its sign-off is unfingerprinted.
    assert!(!demo.exclusions.is_empty());
    assert!(
        demo.exclusions
            .values()
            .all(|e| !e.justification.trim().is_empty())
    );
    assert!(demo.signoffs.iter().all(|s| s.fingerprint.is_none()));
}

#[test]
fn demo_shows_a_finding_from_every_rule_family() {
    let found = demo_findings();
    let families: BTreeSet<&str> = found
        .iter()
        .filter_map(|f| f.rule.split_once('/').map(|(family, _)| family))
        .collect();
    for family in [
        "gov",
        "matrix",
        "people",
        "assign",
        "competence",
        "authority",
        "review",
        "sod",
    ] {
        assert!(
            families.contains(family),
            "no {family}/ finding in the demo"
        );
    }
}

#[test]
fn demo_findings_are_exactly_the_deliberate_ones() {
    let found: BTreeSet<(String, String)> = demo_findings()
        .iter()
        .map(|f| (f.rule.to_string(), f.entity.id.clone()))
        .collect();
    let expected: BTreeSet<(String, String)> = DELIBERATE
        .iter()
        .map(|(r, e)| (r.to_string(), e.to_string()))
        .collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    let missing: Vec<_> = expected.difference(&found).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "the demo's findings drifted from docs/demo.md\n  unexpected: {extra:?}\n  missing: {missing:?}"
    );
}

#[test]
fn docs_describe_every_deliberate_problem() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/demo.md");
    let doc = std::fs::read_to_string(&path).expect("docs/demo.md");
    for (rule, _) in DELIBERATE {
        assert!(doc.contains(rule), "docs/demo.md does not mention {rule}");
    }
}

#[test]
fn a_leaver_still_holds_the_head_of_it_role() {
    let ws = demo();
    let day = demo_day();
    let found = findings(&ws, day);
    assert_eq!(
        entities(&found, "people/leaver-holds-role"),
        BTreeSet::from(["head-of-it/mnowak@2020-09-01".to_string()])
    );
    let leaver = ws.person("mnowak").expect("mnowak");
    assert!(leaver.has_left_by(day));
    let role = ws.role("head-of-it").expect("head-of-it");
    assert!(
        role.active_assignments(day).any(|a| a.person == "mnowak"),
        "the assignment should still be open"
    );
    // Nobody else holds the role, so the A it carries is vacant too.
    assert!(Index::new(&ws, day).holders("head-of-it").is_empty());
    assert!(entities(&found, "matrix/accountable-vacant").contains("head-of-it"));
}

#[test]
fn a_5_15_has_one_accountable_role_with_one_active_holder() {
    let ws = demo();
    let day = demo_day();
    let accountable: Vec<&str> = ws.matrix.roles_with("A.5.15", Letter::A).collect();
    assert_eq!(accountable.len(), 1, "A.5.15 accountable: {accountable:?}");
    let holders = Index::new(&ws, day).holders(accountable[0]);
    assert_eq!(
        holders.len(),
        1,
        "{} is held by {:?}",
        accountable[0],
        holders.iter().map(|p| &p.id).collect::<Vec<_>>()
    );
    assert!(holders[0].mfa, "the accountable person uses MFA");
    assert!(
        ws.matrix.roles_with("A.5.15", Letter::R).next().is_some(),
        "A.5.15 has a Responsible role"
    );
    let found = findings(&ws, day);
    assert!(
        !found
            .iter()
            .any(|f| f.rule.starts_with("matrix/") && f.entity.id == "A.5.15"),
        "A.5.15 should be clean"
    );
}

#[test]
fn only_the_deliberate_subjects_break_the_one_a_one_r_rule() {
    let ws = demo();
    let found = findings(&ws, demo_day());
    assert_eq!(
        entities(&found, "matrix/no-accountable"),
        BTreeSet::from(["A.5.7".to_string()])
    );
    assert_eq!(
        entities(&found, "matrix/many-accountable"),
        BTreeSet::from(["A.8.16".to_string()])
    );
    assert!(entities(&found, "matrix/no-responsible").is_empty());
    assert!(entities(&found, "matrix/unknown-reference").is_empty());

    // The same, read from the matrix itself, for every clause leaf, Annex A
    // control (excluded ones included) and activity.
    let mut subjects: Vec<&str> = catalogue().subjects().map(|e| e.id).collect();
    subjects.extend(ws.activities.keys().map(String::as_str));
    let mut wrong: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for s in subjects {
        let a = ws.matrix.roles_with(s, Letter::A).count();
        let r = ws.matrix.roles_with(s, Letter::R).count();
        if a != 1 || r == 0 {
            wrong.insert(s, (a, r));
        }
    }
    assert_eq!(
        wrong,
        BTreeMap::from([("A.5.7", (0, 1)), ("A.8.16", (2, 1))]),
        "subjects with (A count, R count) off"
    );
}

#[test]
fn the_standard_template_has_roles_and_defaults_but_no_people() {
    let ws = init_and_load(Template::Standard);
    assert!(ws.people.is_empty(), "{:?}", ws.people.keys());
    let ids: BTreeSet<&str> = ws.roles.keys().map(String::as_str).collect();
    let expected = BTreeSet::from([
        "top-management",
        "ism",
        "review-team",
        "internal-auditor",
        "third-party-manager",
        "privacy-lead",
        "incident-commander",
        "head-of-it",
        "lead-developer",
        "hr-manager",
        "facilities-manager",
        "asset-owner",
        "system-administrator",
        "developer",
    ]);
    assert_eq!(ids, expected);
    assert_eq!(
        ws.settings.required_roles,
        ["incident-commander", "privacy-lead", "third-party-manager"]
    );
    for id in &ws.settings.required_roles {
        assert!(
            ws.roles.contains_key(id),
            "required role {id} is not defined"
        );
    }
    assert!(ws.roles.values().all(|r| r.assignments.is_empty()));
}
