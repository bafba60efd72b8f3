//! Leavers and handovers, and the rules about a person's dates that the
//! loader, the edits and the forms share.

mod common;

use std::fs;

use rasci::edit::{self, Edit};
use rasci::model::{Competency, Date, Person};
use rasci::store::{self, LoadError};
use rasci::tui::forms;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// A record breaking each rule: their own manager, a last day before the
/// day they joined, a competency expiring before it was achieved.
const BROKEN: [(&str, &str); 3] = [
    ("manager", "cannot be their own manager"),
    (
        "left",
        "cannot leave (2024-12-31) before joining (2025-01-01)",
    ),
    (
        "competencies",
        "competency `lead-auditor` cannot expire (2025-02-01) before it was achieved (2025-03-01)",
    ),
];

fn broken(rule: &str) -> Person {
    let mut p = Person {
        id: "jdoe".into(),
        name: "Jane Doe".into(),
        joined: Some(d("2025-01-01")),
        ..Person::default()
    };
    match rule {
        "manager" => p.manager = Some("jdoe".into()),
        "left" => p.left = Some(d("2024-12-31")),
        _ => p.competencies.push(Competency {
            id: "lead-auditor".into(),
            achieved: Some(d("2025-03-01")),
            expires: Some(d("2025-02-01")),
            ..Competency::default()
        }),
    }
    p
}

fn toml_of(rule: &str) -> String {
    let base = "[person.jdoe]\nname = \"Jane Doe\"\njoined = 2025-01-01\n";
    match rule {
        "manager" => format!("{base}manager = \"jdoe\"\n"),
        "left" => format!("{base}left = 2024-12-31\n"),
        _ => format!(
            "{base}\n[[person.jdoe.competency]]\nid = \"lead-auditor\"\nachieved = 2025-03-01\nexpires = 2025-02-01\n"
        ),
    }
}

/// Issue 9.4: the loader, an edit and the person form refuse each of the
/// three records in the same words, the form on the field to correct.
#[test]
fn the_person_date_rules_are_one_definition_in_one_wording() {
    for (rule, words) in BROKEN {
        // The loader.
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("ws");
        store::template::init(&dir, store::template::Template::Standard).unwrap();
        fs::write(dir.join("people.toml"), toml_of(rule)).unwrap();
        let Err(LoadError::Invalid(problems)) = store::load(&dir) else {
            panic!("{rule}: the loader accepted it");
        };
        assert!(
            problems.iter().any(|p| p.message.contains(words)),
            "{rule}: loader said {problems:#?}"
        );
        // An edit.
        let mut ws = rasci::sample::clean();
        let e = edit::apply(&mut ws, Edit::PutPerson(broken(rule))).unwrap_err();
        assert!(e.to_string().contains(words), "{rule}: edit said {e}");
        // The form, on the field to correct.
        let mut ws2 = rasci::sample::clean();
        let mut ok = broken(rule);
        ok.manager = None;
        ok.left = None;
        ok.competencies.clear();
        ws2.people.insert("jdoe".into(), ok);
        let mut ef = forms::person(&ws2, Some("jdoe"));
        let field = |ef: &mut forms::EntityForm, key: &str, value: &str| {
            let f = ef.form.fields.iter_mut().find(|f| f.key == key).unwrap();
            f.value = value.to_string();
        };
        match rule {
            "manager" => field(&mut ef, "manager", "jdoe"),
            "left" => field(&mut ef, "left", "2024-12-31"),
            _ => field(
                &mut ef,
                "competencies",
                "lead-auditor; ; 2025-03-01; 2025-02-01",
            ),
        }
        assert!(
            forms::submit(&mut ef, &ws2).is_none(),
            "{rule}: form accepted it"
        );
        let error = ef.form.field(rule).error.clone().unwrap_or_default();
        assert!(error.contains(words), "{rule}: form said {error:?}");
    }
}

fn roles_toml(ws: &std::path::Path) -> String {
    fs::read_to_string(ws.join("roles.toml")).unwrap()
}

/// Issue 10.12: a dry run of a handover shows the successor's appointments,
/// the day they start and their missing competencies, and writes nothing.
#[test]
fn a_handover_dry_run_shows_what_follows_and_writes_nothing() {
    let (home, ws) = common::demo_home();
    let before = roles_toml(&ws);
    let out = common::rasci(home.path())
        .args(["handover", "sbrennan", "--to", "kkowalczyk"])
        .args(["--date", "2026-12-31", "--dry-run", "-w", "ws"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = common::flat(&String::from_utf8(out).unwrap());
    for words in [
        "Ending on 2026-12-31: Siobhan Brennan (sbrennan) as Information Security Manager (ism)",
        "Starting on 2027-01-01: Katarzyna Kowalczyk (kkowalczyk) as Information Security Manager (ism)",
        "Successor's missing competencies: Katarzyna Kowalczyk (kkowalczyk) for ism: isms-implementation (missing)",
        "+person = \"kkowalczyk\" +from = 2027-01-01",
        "Dry run: nothing was written.",
    ] {
        assert!(out.contains(words), "{words:?} not in {out}");
    }
    assert_eq!(roles_toml(&ws), before);
}

/// Issue 10.12: the handover is written, one role at a time with --role,
/// and the lookups see the successor from the next day.
#[test]
fn a_handover_moves_only_the_roles_named() {
    let (home, ws) = common::demo_home();
    common::rasci(home.path())
        .args([
            "handover",
            "sbrennan",
            "--to",
            "kkowalczyk",
            "--role",
            "review-team",
        ])
        .args(["--date", "2026-11-27", "-w", "ws"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "sbrennan handed over to kkowalczyk after 2026-11-27",
        ));
    let text = roles_toml(&ws);
    assert_eq!(text.matches("from = 2026-11-28").count(), 1, "{text}");
    let role = |role: &str, day: &str| {
        let out = common::rasci(home.path())
            .args(["role", role, "--as-of", day, "-w", "ws"])
            .output()
            .unwrap();
        // The holders on that day, not the history below them.
        let text = common::flat(&String::from_utf8(out.stdout).unwrap());
        text.split("Assignment history").next().unwrap().to_string()
    };
    let on_day = role("review-team", "2026-11-27");
    assert!(
        on_day.contains(
            "Siobhan Brennan <siobhan.brennan@larkmoor.example>; since 2024-02-01, until 2026-11-27"
        ),
        "{on_day}"
    );
    let next = role("review-team", "2026-11-28");
    assert!(
        next.contains(
            "Katarzyna Kowalczyk <katarzyna.kowalczyk@larkmoor.example>; since 2026-11-28"
        ),
        "{next}"
    );
    assert!(!next.contains("Siobhan Brennan <"), "{next}");
    // The ISM role was not named, so it stays with her.
    let ism = role("ism", "2026-11-28");
    assert!(ism.contains("Siobhan Brennan <"), "{ism}");
    assert!(!ism.contains("since 2026-11-28"), "{ism}");
}

/// A successor who cannot hold the roles (a team) is refused with the
/// reason, exit 2, and nothing is written.
#[test]
fn a_handover_to_a_team_is_refused_and_changes_nothing() {
    let (home, ws) = common::demo_home();
    let before = roles_toml(&ws);
    common::rasci(home.path())
        .args([
            "handover",
            "sbrennan",
            "--to",
            "it-support",
            "--date",
            "2026-11-27",
            "-w",
            "ws",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is a group"));
    assert_eq!(roles_toml(&ws), before);
}

/// Issue 10.11: `rasci leave` says what follows: the roles that end, the
/// vacancies, the subjects that lose their Accountable, the deputyships
/// and the reports left without their manager.
#[test]
fn a_leave_says_what_follows() {
    let (home, _ws) = common::demo_home();
    let out = common::rasci(home.path())
        .args([
            "leave",
            "sbrennan",
            "--date",
            "2026-12-31",
            "--dry-run",
            "-w",
            "ws",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = common::flat(&String::from_utf8(out).unwrap());
    for words in [
        "What follows:",
        "Ending on 2026-12-31: Siobhan Brennan (sbrennan) as Information Security Manager (ism)",
        "Vacant from 2027-01-01: Information Security Manager (ism)",
        "Losing their Accountable:",
        "(A: ism)",
    ] {
        assert!(out.contains(words), "{words:?} not in {out}");
    }
    // A last day ten years out is worth a word.
    common::rasci(home.path())
        .args([
            "leave",
            "sbrennan",
            "--date",
            "2036-12-31",
            "--dry-run",
            "-w",
            "ws",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("more than a year after today"));
}
