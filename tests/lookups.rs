//! `who`, `whois`, `role`, `find` and the scriptable edits, as a user on a
//! terminal or a script would run them.

use std::fs;
use std::path::Path;

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

/// `rasci` in `home`, working on the workspace in `home/ws`.
fn rasci(home: &Path) -> Command {
    let mut c = common::rasci(home);
    c.env("RASCI_WORKSPACE", home.join("ws"));
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn who_names_the_accountable_person_with_email() {
    let (t, _) = common::demo_home();
    let text = stdout(rasci(t.path()).args(["who", "A.5.15"]));
    assert!(text.starts_with("A.5.15 Access control"), "{text}");
    let a = text
        .lines()
        .find(|l| l.trim_start().starts_with("A  Accountable"))
        .unwrap();
    assert!(a.contains("Information Security Manager (ism)"), "{a}");
    assert!(
        text.contains("Siobhan Brennan <siobhan.brennan@larkmoor.example>"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no colour on a pipe");
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
}

#[test]
fn who_understands_loose_ids_and_headings() {
    let (t, _) = common::demo_home();
    assert!(stdout(rasci(t.path()).args(["who", "5.15"])).starts_with("A.5.15"));
    let heading = stdout(rasci(t.path()).args(["who", "9.3", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&heading).unwrap();
    let ids: Vec<&str> = v["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["subject"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["9.3.1", "9.3.2", "9.3.3"]);
    // A clause whose number is also a control's says how to get the other.
    let clause = stdout(rasci(t.path()).args(["who", "5.3"]));
    assert!(clause.starts_with("5.3 Organizational roles"), "{clause}");
    assert!(
        clause.contains("(for control A.5.3 Segregation of duties, ask `rasci who A.5.3`)"),
        "{clause}"
    );
    let control = stdout(rasci(t.path()).args(["who", "A.5.3"]));
    assert!(!control.contains("for control"), "{control}");
}

#[test]
fn an_inexact_name_gets_the_closest_matches() {
    let (t, _) = common::demo_home();
    rasci(t.path())
        .args(["who", "A.5.155"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("closest: A.5.15 (Access control)"));
    rasci(t.path())
        .args(["whois", "siobhan brenan"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("sbrennan (Siobhan Brennan)"));
    let out = rasci(t.path())
        .args(["role", "hed of it", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["suggestions"][0]["id"], "head-of-it");
}

#[test]
fn whois_lists_roles_deputies_duties_and_findings() {
    let (t, _) = common::demo_home();
    let v: serde_json::Value = serde_json::from_str(&stdout(
        rasci(t.path()).args(["whois", "mnowak", "--format", "json"]),
    ))
    .unwrap();
    let p = &v["person"];
    assert_eq!(p["id"], "mnowak");
    assert_eq!(p["active"], false);
    assert_eq!(p["roles"][0]["role"], "head-of-it");
    assert!(p["answerable"].as_array().unwrap().len() > 5);
    assert!(
        p["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "people/leaver-holds-role")
    );
    let text = stdout(rasci(t.path()).args(["whois", "Siobhan Brennan"]));
    assert!(text.contains("Roles on 2026-11-27"));
    assert!(text.contains("Responsible or accountable for"));
}

#[test]
fn role_shows_holders_and_history_as_of_a_date() {
    let (t, _) = common::demo_home();
    let text = stdout(rasci(t.path()).args(["role", "ism"]));
    assert!(text.contains("Responsibilities") && text.contains("Authorities"));
    assert!(text.contains("Siobhan Brennan"), "{text}");
    // Before she started, her predecessor held the role.
    let past =
        stdout(rasci(t.path()).args(["role", "ism", "--as-of", "2023-06-01", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&past).unwrap();
    assert_eq!(v["as_of"], "2023-06-01");
    assert_eq!(v["role"]["holders"][0]["id"], "gpike");
}

#[test]
fn find_searches_everything() {
    let (t, _) = common::demo_home();
    let text = stdout(rasci(t.path()).args(["find", "brennan"]));
    assert!(text.lines().next().unwrap().contains("sbrennan"), "{text}");
    let text = stdout(rasci(t.path()).args(["find", "threat intel"]));
    assert!(text.lines().next().unwrap().contains("A.5.7"), "{text}");
}

#[test]
fn fixing_a_leaver_from_the_command_line() {
    let (t, _) = common::demo_home();
    let roles = t.path().join("ws/roles.toml");
    let before = fs::read_to_string(&roles).unwrap();
    // A dry run shows the change and writes nothing.
    let out = stdout(rasci(t.path()).args([
        "unassign",
        "head-of-it",
        "mnowak",
        "--until",
        "2026-09-30",
        "--dry-run",
    ]));
    assert!(out.contains("+until = 2026-09-30"), "{out}");
    assert!(
        out.contains("Resolved (1)") && out.contains("people/leaver-holds-role"),
        "{out}"
    );
    assert_eq!(fs::read_to_string(&roles).unwrap(), before);
    // For real: one line added.
    stdout(rasci(t.path()).args(["unassign", "head-of-it", "mnowak", "--until", "2026-09-30"]));
    let after = fs::read_to_string(&roles).unwrap();
    assert_eq!(after.lines().count(), before.lines().count() + 1);
    let out = stdout(rasci(t.path()).args([
        "assign",
        "head-of-it",
        "Priya Raman",
        "--from",
        "2026-10-01",
        "--deputy",
        "creid",
        "--evidence",
        "Board minutes BM-2026-10",
    ]));
    assert!(out.contains("matrix/accountable-vacant"), "{out}");
    rasci(t.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(
        &rasci(t.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        !v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "people/leaver-holds-role")
    );
}

#[test]
fn set_clear_leave_and_signoff() {
    let (t, _) = common::demo_home();
    let out = stdout(rasci(t.path()).args(["set", "A.5.7", "ism", "A"]));
    assert!(
        out.contains("Resolved (1)") && out.contains("matrix/no-accountable"),
        "{out}"
    );
    let out = stdout(rasci(t.path()).args(["set", "A.5.7", "ism", "a"]));
    assert!(out.starts_with("No change"), "{out}");
    stdout(rasci(t.path()).args(["clear", "A.5.7", "ism"]));
    rasci(t.path())
        .args(["set", "9.3", "ism", "A"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("heading"));
    rasci(t.path())
        .args(["set", "A.5.7", "ism", "X"])
        .assert()
        .code(2);
    let out = stdout(rasci(t.path()).args(["leave", "ksato", "--date", "2026-11-20"]));
    assert!(out.contains("ksato left on 2026-11-20"), "{out}");
    let people = fs::read_to_string(t.path().join("ws/people.toml")).unwrap();
    assert!(people.contains("left = 2026-11-20"));
    let out = stdout(rasci(t.path()).args([
        "signoff",
        "--by",
        "hokafor,dmensah",
        "--minutes",
        "MR-2026-11",
    ]));
    assert!(
        out.contains("Resolved") && out.contains("review/signoff-stale"),
        "{out}"
    );
    let ws = fs::read_to_string(t.path().join("ws/workspace.toml")).unwrap();
    assert!(ws.contains("fingerprint = \"v2:"), "{ws}");
}

#[test]
fn edits_refuse_while_the_workbench_holds_the_lock() {
    let (t, _) = common::demo_home();
    let (mut st, _) = rasci::store::load(&t.path().join("ws")).unwrap();
    st.lock().unwrap();
    rasci(t.path())
        .args(["set", "A.5.7", "ism", "A"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("another rasci"));
    // A dry run only reads, so it still works.
    rasci(t.path())
        .args(["set", "A.5.7", "ism", "A", "--dry-run"])
        .assert()
        .success();
}

#[test]
fn lookups_never_print_raw_escape_sequences() {
    let (t, _) = common::demo_home();
    let people = t.path().join("ws/people.toml");
    common::hand_edit(
        &people,
        "name = \"Siobhan Brennan\"",
        "name = \"Siobhan\\u001b[2J\\u001b]0;x\\u0007 Brennan\"",
    );
    for args in [
        vec!["who", "A.5.15"],
        vec!["whois", "sbrennan"],
        vec!["role", "ism"],
        vec!["find", "siobhan"],
    ] {
        let out = stdout(rasci(t.path()).args(&args));
        assert!(
            !out.chars().any(|c| c.is_control() && c != '\n'),
            "{args:?}: {out:?}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let (t, _) = common::demo_home();
    // `rasci whois ... | head -1`: the reader goes away early.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rasci"))
        .args(["whois", "sbrennan"])
        .env("RASCI_WORKSPACE", t.path().join("ws"))
        .env("RASCI_TODAY", "2026-11-27")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn json_output_never_carries_raw_terminal_controls() {
    let (t, _) = common::demo_home();
    let roles = t.path().join("ws/roles.toml");
    common::hand_edit(
        &roles,
        "name = \"Information Security Manager\"",
        "name = \"@SUM(1+1)\\u009b31m<script>\\u202e\\u007f\"",
    );
    let unsafe_char = |c: char| rasci::text::is_unsafe_char(c) && c != '\n';
    for args in [
        vec!["who", "A.5.15", "--format", "json"],
        vec!["whois", "sbrennan", "--format", "json"],
        vec!["role", "ism", "--format", "json"],
        vec!["find", "security", "--format", "json"],
        vec!["check", "--format", "json"],
        vec!["export", "doc", "--format", "json"],
    ] {
        let out = rasci(t.path()).args(&args).output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            !stdout.chars().any(unsafe_char),
            "{args:?} printed a raw control character"
        );
        let v: serde_json::Value =
            serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        // The data itself is kept, escaped: nothing was replaced.
        if args[0] == "role" {
            assert_eq!(
                v["role"]["name"],
                "@SUM(1+1)\u{9b}31m<script>\u{202e}\u{7f}"
            );
        }
    }
}

#[test]
fn assigning_someone_a_role_they_already_hold_is_refused() {
    let (t, _) = common::demo_home();
    let roles = t.path().join("ws/roles.toml");
    let before = fs::read(&roles).unwrap();
    rasci(t.path())
        .args(["assign", "ism", "sbrennan"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "sbrennan already holds ism since 2024-02-01",
        ));
    assert_eq!(fs::read(&roles).unwrap(), before);
}

#[test]
fn a_leaver_a_group_or_someone_not_yet_joined_is_not_appointed() {
    let (t, _) = common::demo_home();
    let roles = t.path().join("ws/roles.toml");
    let before = fs::read(&roles).unwrap();
    // mnowak left on 2026-09-30; it-support is a shared mailbox; hokafor
    // joined on 2017-03-01 (docs/demo.md).
    for (args, says) in [
        (
            vec!["assign", "developer", "mnowak"],
            "mnowak left on 2026-09-30",
        ),
        (vec!["assign", "developer", "it-support"], "is a group"),
        (
            vec!["assign", "ism", "hokafor", "--from", "2010-01-01"],
            "hokafor joined on 2017-03-01",
        ),
    ] {
        rasci(t.path())
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
        rasci(t.path())
            .args(&args)
            .arg("--dry-run")
            .assert()
            .code(2);
    }
    assert_eq!(fs::read(&roles).unwrap(), before);
    // Recording a past appointment of the leaver, ended by their last day,
    // is history and goes through.
    rasci(t.path())
        .args([
            "assign",
            "developer",
            "mnowak",
            "--from",
            "2026-01-01",
            "--until",
            "2026-09-30",
        ])
        .assert()
        .success();
}

/// Runs a lookup that should fail, returning its exit code, stderr and
/// (with `--format json`) the parsed stdout.
fn miss(c: &mut Command) -> (Option<i32>, String, serde_json::Value) {
    let out = c.output().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (
        out.status.code(),
        String::from_utf8(out.stderr).unwrap(),
        json,
    )
}

#[test]
fn whois_answers_to_one_name_ignoring_case_and_accents() {
    let (t, _) = common::demo_home();
    // The demo's Tamás Varga and Helen Okafor are each the only person
    // with their first name and with their surname.
    for (q, id) in [
        ("Tamas Varga", "tvarga"),
        ("tamas", "tvarga"),
        ("Varga", "tvarga"),
        ("TAMÁS", "tvarga"),
        ("Siobhan", "sbrennan"),
        ("brennan", "sbrennan"),
        ("Okafor, Helen", "hokafor"),
        ("siobhan.brennan", "sbrennan"),
        ("Siobhan.Brennan@Larkmoor.example", "sbrennan"),
    ] {
        let v: serde_json::Value = serde_json::from_str(&stdout(
            rasci(t.path()).args(["whois", q, "--format", "json"]),
        ))
        .unwrap();
        assert_eq!(v["person"]["id"], id, "{q:?}");
    }
}

#[test]
fn a_shared_first_name_lists_the_people_who_have_it() {
    let (t, _) = common::demo_home();
    let people = t.path().join("ws/people.toml");
    let mut text = fs::read_to_string(&people).unwrap();
    text.push_str(
        "\n[person.skelly]\nname = \"Siobhán Kelly\"\nemail = \"siobhan.kelly@larkmoor.example\"\n",
    );
    fs::write(&people, text).unwrap();
    let (code, err, _) = miss(rasci(t.path()).args(["whois", "Siobhan"]));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("`Siobhan` could be more than one person"),
        "{err}"
    );
    assert!(
        err.contains("sbrennan (Siobhan Brennan)") && err.contains("skelly (Siobhán Kelly)"),
        "{err}"
    );
    let (_, _, v) = miss(rasci(t.path()).args(["whois", "siobhan", "--format", "json"]));
    assert_eq!(v["error"], "ambiguous");
    assert_eq!(v["suggestions"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v["more"], 0, "both listed: {v}");
    // The surname still tells them apart.
    let v: serde_json::Value = serde_json::from_str(&stdout(
        rasci(t.path()).args(["whois", "kelly", "--format", "json"]),
    ))
    .unwrap();
    assert_eq!(v["person"]["id"], "skelly");
    // So does a scriptable edit, which refuses the ambiguous name and
    // writes nothing.
    let roles = t.path().join("ws/roles.toml");
    let before = fs::read(&roles).unwrap();
    let (code, err, _) = miss(rasci(t.path()).args(["unassign", "ism", "Siobhan"]));
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(fs::read(&roles).unwrap(), before);
}

#[test]
fn misspelt_names_get_the_right_candidate_first() {
    let (t, _) = common::demo_home();
    for (args, first) in [
        (["whois", "Siobahn Brenan"], "sbrennan"),
        (["whois", "Tamas Vagra"], "tvarga"),
        (["who", "Acess controll"], "A.5.15"),
        (["who", "Internal audti"], "9.2"),
        (["role", "Informaton Security Manager"], "ism"),
    ] {
        let (code, err, v) = miss(rasci(t.path()).args(args).args(["--format", "json"]));
        assert_eq!(code, Some(2), "{args:?}");
        assert_eq!(v["error"], "not found", "{args:?}");
        assert_eq!(v["suggestions"][0]["id"], first, "{args:?}: {err}");
        assert!(v["suggestions"].as_array().unwrap().len() <= 5);
    }
    let (_, err, _) = miss(rasci(t.path()).args(["whois", "Siobahn Brenan"]));
    assert!(
        err.contains("no person matches `Siobahn Brenan`; closest: sbrennan (Siobhan Brennan)"),
        "{err}"
    );
}

#[test]
fn nonsense_still_exits_2_without_candidates() {
    let (t, _) = common::demo_home();
    for args in [["whois", "qqqq zzzz"], ["role", "xyzzy"]] {
        let (code, err, _) = miss(rasci(t.path()).args(args));
        assert_eq!(code, Some(2), "{args:?}");
        assert!(
            err.contains("matches `") && !err.contains("closest"),
            "{err}"
        );
    }
}

#[test]
fn who_answers_for_a_title_typed_in_full() {
    let (t, _) = common::demo_home();
    let subjects = |q: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&stdout(
            rasci(t.path()).args(["who", q, "--format", "json"]),
        ))
        .unwrap();
        v["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["subject"].as_str().unwrap().to_string())
            .collect()
    };
    // Clause 9.2's title: its sub-clauses, as `who 9.2` gives.
    assert_eq!(subjects("Internal audit"), ["9.2.1", "9.2.2"]);
    assert_eq!(subjects("Internal audit"), subjects("9.2"));
    assert_eq!(subjects("ACCESS CONTROL"), ["A.5.15"]);
    assert_eq!(subjects("Carry out internal audits"), ["internal-audit"]);
    // 6.1.2 and 8.2 share a title: named, not chosen.
    let (code, err, _) =
        miss(rasci(t.path()).args(["who", "Information security risk assessment"]));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("name one of: 6.1.2 (Information security risk assessment), 8.2"),
        "{err}"
    );
}

#[test]
fn an_empty_name_is_a_usage_error() {
    let (t, _) = common::demo_home();
    for args in [
        ["find", ""],
        ["find", "  "],
        ["who", ""],
        ["who", "   "],
        ["whois", ""],
        ["role", ""],
    ] {
        let out = rasci(t.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        // The note naming the workspace (from RASCI_WORKSPACE) comes first.
        let err = err.lines().find(|l| !l.starts_with("note: ")).unwrap_or("");
        assert!(
            err.starts_with("error: nothing to look up: no ") && !err.contains("closest"),
            "{args:?}: {err}"
        );
        let (_, _, v) = miss(rasci(t.path()).args(args).args(["--format", "json"]));
        assert_eq!(v["error"], "nothing to look up", "{args:?}");
    }
    // Edits name people and roles the same way.
    let (code, err, _) = miss(rasci(t.path()).args(["assign", "ism", " "]));
    assert_eq!(code, Some(2));
    assert!(err.contains("nothing to look up: no person given"), "{err}");
}

#[test]
fn edits_take_the_same_loose_names() {
    let (t, _) = common::demo_home();
    stdout(rasci(t.path()).args([
        "unassign",
        "Information security manager",
        "Siobhan",
        "--until",
        "2026-11-30",
    ]));
    let v: serde_json::Value = serde_json::from_str(&stdout(
        rasci(t.path()).args(["role", "ism", "--format", "json"]),
    ))
    .unwrap();
    let ended: Vec<&serde_json::Value> = v["role"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["holder"]["until"] == "2026-11-30")
        .collect();
    assert_eq!(ended.len(), 1, "{v}");
    assert_eq!(ended[0]["holder"]["id"], "sbrennan");
}

#[test]
fn whois_and_role_take_a_name_typed_without_quotes() {
    let (t, _) = common::demo_home();
    let out = stdout(rasci(t.path()).args(["whois", "Siobhan", "Brennan"]));
    assert!(
        out.starts_with("Siobhan Brennan (sbrennan) <siobhan.brennan@"),
        "{out}"
    );
    let out = stdout(rasci(t.path()).args([
        "role",
        "Information",
        "Security",
        "Manager",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["role"]["id"], "ism");
    let out = stdout(rasci(t.path()).args(["who", "access", "control"]));
    assert!(out.starts_with("A.5.15 Access control\n"), "{out}");
}

#[test]
fn a_person_or_role_asked_of_the_wrong_command_is_pointed_at_the_right_one() {
    let (t, _) = common::demo_home();
    let (code, err, v) = miss(rasci(t.path()).args(["who", "Brennan"]));
    assert_eq!(code, Some(2));
    assert!(
        err.contains(
            "error: no clause, control or activity matches `Brennan`: it is a person, Siobhan Brennan (sbrennan)\nhint: ask `rasci whois sbrennan`"
        ),
        "{err}"
    );
    assert!(
        !err.contains("A.6.5"),
        "no control offered for a surname: {err}"
    );
    assert_eq!(v, serde_json::Value::Null, "JSON only when asked");
    let (_, _, v) = miss(rasci(t.path()).args(["who", "Brennan", "--format", "json"]));
    assert_eq!(v["error"], "not found");
    assert_eq!(v["instead"]["command"], "whois");
    assert_eq!(v["instead"]["id"], "sbrennan");
    let (code, err, _) = miss(rasci(t.path()).args(["whois", "ism"]));
    assert_eq!(code, Some(2));
    assert!(err.contains("hint: ask `rasci role ism`"), "{err}");
    let (code, err, _) = miss(rasci(t.path()).args(["role", "A.5.15"]));
    assert_eq!(code, Some(2));
    assert!(err.contains("hint: ask `rasci who A.5.15`"), "{err}");
}

#[test]
fn find_does_not_count_scattered_letters_as_a_match() {
    let (t, _) = common::demo_home();
    // "zzzz" is a subsequence of "Katarzyna Kowalczyk kkowalczyk@...".
    let out = rasci(t.path()).args(["find", "zzzz"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: nothing matches `zzzz`"));
    let (code, _, v) = miss(rasci(t.path()).args(["find", "zzzz", "--format", "json"]));
    assert_eq!(code, Some(2));
    assert_eq!(v, serde_json::json!({"query": "zzzz", "results": []}));
    // Real matches, abbreviations among them, still are.
    let out = stdout(rasci(t.path()).args(["find", "brennan"]));
    assert_eq!(out, "person    sbrennan               Siobhan Brennan\n");
    let out = stdout(rasci(t.path()).args(["find", "mnwk", "--limit", "1"]));
    assert!(out.contains("mnowak"), "{out}");
}

/// Runs `rasci args` on the demo with standard output going to `stdout`;
/// returns the exit code and standard error.
fn run_into(home: &Path, args: &[&str], stdout: std::process::Stdio) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rasci"))
        .args(args)
        .env("RASCI_WORKSPACE", home.join("ws"))
        .env("RASCI_TODAY", "2026-11-27")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .stdout(stdout)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    let err = err
        .lines()
        .filter(|l| !l.starts_with("note: using the workspace"))
        .collect::<Vec<_>>()
        .join("\n");
    (out.status.code(), err)
}

/// A pipe whose reader has already gone: every write is a broken pipe.
fn closed_pipe() -> std::process::Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer.into()
}

#[cfg(target_os = "linux")]
fn dev_full() -> std::process::Stdio {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap()
        .into()
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_commands_own_exit_code() {
    let (t, ws) = common::demo_home();
    let (code, err) = run_into(t.path(), &["who", "A.5.15"], closed_pipe());
    assert_eq!((code, err.as_str()), (Some(0), ""));
    // The demo has errors: `check` still says so by its exit code.
    let (code, err) = run_into(t.path(), &["check"], closed_pipe());
    assert_eq!((code, err.as_str()), (Some(1), ""));
    // An edit whose report nobody reads was still saved, and says so by 0.
    let before = std::fs::read_to_string(ws.join("matrix.toml")).unwrap();
    let (code, err) = run_into(t.path(), &["set", "A.5.7", "ism", "A"], closed_pipe());
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert_ne!(
        std::fs::read_to_string(ws.join("matrix.toml")).unwrap(),
        before
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_is_an_error_but_never_undoes_a_save() {
    let (t, ws) = common::demo_home();
    for args in [
        &["check"][..],
        &["who", "A.5.15"][..],
        &["export", "doc"][..],
    ] {
        let (code, err) = run_into(t.path(), args, dev_full());
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert_eq!(
            err, "error: cannot write to standard output: No space left on device (os error 28)",
            "{args:?}"
        );
    }
    let before = std::fs::read_to_string(ws.join("matrix.toml")).unwrap();
    let (code, err) = run_into(t.path(), &["set", "A.5.7", "ism", "A"], dev_full());
    assert_eq!(code, Some(0), "the save happened: {err}");
    assert_eq!(
        err,
        "warning: the change was saved, but its report could not be written to standard output: No space left on device (os error 28)"
    );
    assert_ne!(
        std::fs::read_to_string(ws.join("matrix.toml")).unwrap(),
        before
    );
    // An export written to its file stands too; only its "Wrote" is lost.
    let file = t.path().join("doc.md");
    let file_arg = file.display().to_string();
    let (code, err) = run_into(t.path(), &["export", "doc", "-o", &file_arg], dev_full());
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.starts_with("warning: the export was saved, but"),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("# Roles")
    );
}
