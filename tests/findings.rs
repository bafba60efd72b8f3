//! Findings and lookups a user can trust, as a user meets them through the
//! binary: register semantics that cross the loader, the rules and the
//! lookups.

mod common;

use common::{demo_home, hand_edit, rasci};
use predicates::prelude::*;

#[test]
fn a_segregation_rule_naming_one_role_twice_is_a_located_load_error() {
    let (home, ws) = demo_home();
    let file = ws.join("workspace.toml");
    hand_edit(
        &file,
        "roles = [\"ism\", \"head-of-it\"]",
        "roles = [\"ism\", \"ism\"]",
    );
    let before = std::fs::read(&file).unwrap();
    let line = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .position(|l| l == "roles = [\"ism\", \"ism\"]")
        .unwrap()
        + 1;
    rasci(home.path())
        .args(["check", "-w", "ws"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("workspace.toml:{line}:")))
        .stderr(predicate::str::contains("names `ism` twice"))
        .stderr(predicate::str::contains("sod/role-conflict").not());
    assert_eq!(std::fs::read(&file).unwrap(), before);

    let (home, ws) = demo_home();
    hand_edit(
        &ws.join("workspace.toml"),
        "subjects = [\"approve-access\", \"provision-access\"]",
        "subjects = [\"A.8.*\", \"A.8.*\"]",
    );
    rasci(home.path())
        .args(["check", "-w", "ws"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("names `A.8.*` twice"));
}

#[test]
fn b_in_the_grid_sets_a_r_under_the_cursor_and_the_help_says_so() {
    use rasci::model::Letter;
    use rasci::tui::app::{App, Options};
    use rasci::tui::keymap::{Key, KeyMap};
    let (_home, ws) = demo_home();
    let (store, register) = rasci::store::load(&ws).unwrap();
    let day: rasci::model::Date = "2026-11-27".parse().unwrap();
    let session = rasci::session::Session::new(store, register, day);
    let opts = Options {
        color: false,
        ascii: false,
        mouse: false,
    };
    let mut app = App::new(session, None, KeyMap::default(), &opts);
    let before = app.session.workspace().matrix.clone();
    for k in ["2", "j", "j", "b"] {
        app.handle_key(Key::parse(k).unwrap());
    }
    let after = &app.session.workspace().matrix;
    let changed: Vec<(&String, &String, Letter)> = after
        .rows
        .iter()
        .flat_map(|(s, row)| row.iter().map(move |(r, l)| (s, r, *l)))
        .filter(|(s, r, l)| before.get(s, r) != Some(*l))
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].2, Letter::AR);
    assert_eq!(
        Some(changed[0].0.as_str()),
        app.matrix.selected_subject(),
        "the cell under the cursor"
    );
    let map = KeyMap::default();
    assert_eq!(
        map.keys_label(rasci::tui::command::Command::SetAR, false),
        "b"
    );
}

#[test]
fn an_a_r_cell_set_from_the_command_line_is_a_and_r_everywhere() {
    let (home, ws) = demo_home();
    // A.5.1: top management A, ISM R. Make the ISM both, and drop top's A.
    rasci(home.path())
        .args(["clear", "-w", "ws", "A.5.1", "top-management"])
        .assert()
        .success();
    rasci(home.path())
        .args(["set", "-w", "ws", "A.5.1", "ism", "A/R"])
        .assert()
        .success();
    let matrix = std::fs::read_to_string(ws.join("matrix.toml")).unwrap();
    assert!(matrix.contains("ism = \"A/R\""), "{matrix}");

    let out = rasci(home.path())
        .args(["check", "-w", "ws", "--format", "json"])
        .output()
        .unwrap();
    let check: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let on_a51: Vec<&str> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["entity"]["id"] == "A.5.1")
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(on_a51.is_empty(), "{on_a51:?}");

    let out = rasci(home.path())
        .args(["who", "-w", "ws", "A.5.1", "--format", "json"])
        .output()
        .unwrap();
    let who: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &who["subjects"][0]["duties"][0];
    assert_eq!(first["letter"], "A/R", "{who:#}");
    assert_eq!(first["role"], "ism");
    rasci(home.path())
        .args(["who", "-w", "ws", "A.5.1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("A/R"));

    // The OSCAL fragment gives the ISM both letters.
    let out = rasci(home.path())
        .args(["export", "oscal", "-w", "ws", "-o", "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let ssp: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let reqs = ssp["system-security-plan"]["control-implementation"]["implemented-requirements"]
        .as_array()
        .unwrap();
    let a51 = reqs
        .iter()
        .find(|r| r["control-id"] == "a.5.1")
        .expect("A.5.1 requirement");
    let ism = a51["responsible-roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role-id"].as_str().unwrap().contains("ism"))
        .expect("ism responsible role");
    let letters: Vec<&str> = ism["props"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == "rasci")
        .map(|p| p["value"].as_str().unwrap())
        .collect();
    assert_eq!(letters, ["A", "R"]);

    // Hand-written spreadsheet spellings load as the same cell.
    hand_edit(&ws.join("matrix.toml"), "ism = \"A/R\"", "ism = \"R/A\"");
    rasci(home.path())
        .args(["who", "-w", "ws", "A.5.1", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"A/R\""));
}

/// The demo with the ISM's deputy replaced by Marek Nowak, who left on
/// 2026-09-30.
fn deputy_who_left() -> (tempfile::TempDir, std::path::PathBuf) {
    let (home, ws) = demo_home();
    hand_edit(
        &ws.join("roles.toml"),
        "person = \"sbrennan\"\nfrom = 2024-02-01\ndeputy = \"kkowalczyk\"",
        "person = \"sbrennan\"\nfrom = 2024-02-01\ndeputy = \"mnowak\"",
    );
    (home, ws)
}

#[test]
fn a_deputy_who_left_is_marked_in_every_lookup_and_its_json() {
    let (home, _ws) = deputy_who_left();
    let text = |args: &[&str]| {
        let out = rasci(home.path()).args(args).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    for args in [
        &["role", "-w", "ws", "ism"][..],
        &["who", "-w", "ws", "A.5.1"],
        &["whois", "-w", "ws", "sbrennan"],
    ] {
        let out = common::flat(&text(args));
        assert!(
            out.contains("deputy Marek Nowak (has left)")
                || out.contains("deputy Marek Nowak <marek.nowak@larkmoor.example> (has left)"),
            "{args:?}: {out}"
        );
    }
    // Until his last day he is no leaver.
    let out = rasci(home.path())
        .args(["--as-of", "2026-09-30", "role", "-w", "ws", "ism"])
        .output()
        .unwrap();
    let out = common::flat(&String::from_utf8(out.stdout).unwrap());
    assert!(
        out.contains("deputy Marek Nowak <marek.nowak@larkmoor.example> Assignment history"),
        "{out}"
    );

    let json = |args: &[&str]| -> serde_json::Value {
        let out = rasci(home.path()).args(args).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let who = json(&["who", "-w", "ws", "A.5.1", "--format", "json"]);
    let deputy = who["subjects"][0]["duties"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["holders"].as_array().unwrap())
        .find(|h| h["id"] == "sbrennan")
        .map(|h| h["deputy"].clone())
        .unwrap();
    assert_eq!(deputy["id"], "mnowak");
    assert_eq!(deputy["left"], true);

    // The roles document (and so the presentation, laid out from it).
    let doc = text(&["export", "doc", "-w", "ws", "-o", "-"]);
    assert!(doc.contains("Marek Nowak (has left)"), "{doc}");
}

/// The workbench's screen after `keys`, on a 160×50 terminal, as text.
fn workbench_screen(ws: &std::path::Path, keys: &[&str]) -> String {
    use rasci::tui::app::{App, Options};
    use rasci::tui::keymap::{Key, KeyMap};
    let (store, register) = rasci::store::load(ws).unwrap();
    let day: rasci::model::Date = "2026-11-27".parse().unwrap();
    let session = rasci::session::Session::new(store, register, day);
    let opts = Options {
        color: false,
        ascii: false,
        mouse: false,
    };
    let mut app = App::new(session, None, KeyMap::default(), &opts);
    for k in keys {
        app.handle_key(Key::parse(k).unwrap());
    }
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 50)).unwrap();
    terminal
        .draw(|f| rasci::tui::ui::draw(f, &mut app))
        .unwrap();
    let buf = terminal.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_deputy_who_left_is_marked_in_the_workbench_and_the_presentation() {
    let (_home, ws) = deputy_who_left();
    let roles_view = workbench_screen(&ws, &["1", "v", "j", "space", "z"]);
    assert!(
        roles_view.contains("deputy Marek Nowak (left)"),
        "{roles_view}"
    );
    // The presentation's roles page.
    let present = workbench_screen(&ws, &["P", "2"]);
    assert!(
        common::flat(&present).contains("deputy Marek Nowak (HAS LEFT)"),
        "{present}"
    );
}

#[test]
fn a_renewal_after_the_expired_record_counts_in_check_whois_and_the_document() {
    let (home, ws) = demo_home();
    let people = ws.join("people.toml");
    let expired = "achieved = 2023-08-31\nexpires = 2026-08-31\n";
    hand_edit(
        &people,
        expired,
        &format!(
            "{expired}\n[[person.ksato.competency]]\nid = \"incident-response\"\nevidence = \"Renewal IH-52001\"\nachieved = 2026-08-20\nexpires = 2029-08-20\n"
        ),
    );
    rasci(home.path())
        .args(["check", "-w", "ws"])
        .assert()
        .stdout(predicate::str::contains("competence/expired").not());
    let whois = common::flat(
        &String::from_utf8(
            rasci(home.path())
                .args(["whois", "-w", "ws", "ksato"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap(),
    );
    assert!(
        whois.contains(
            "incident-response: held, valid until 2029-08-20; evidence: Renewal IH-52001 (2 records; this one counts) [required]"
        ),
        "{whois}"
    );
    let doc = String::from_utf8(
        rasci(home.path())
            .args(["export", "doc", "-w", "ws", "-o", "-"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(doc.contains("Renewal IH-52001"), "{doc}");
    assert!(
        !doc.contains("IH-41876"),
        "the expired record is not the evidence shown"
    );

    // Before the renewal was achieved, the old record counts: expiring.
    rasci(home.path())
        .args(["--as-of", "2026-08-15", "check", "-w", "ws"])
        .assert()
        .stdout(predicate::str::contains("expires on 2026-08-31"));
}
