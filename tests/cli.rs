//! The command line as a user meets it: exit codes, output shapes,
//! workspace discovery, and no raw control characters on the terminal.

use std::fs;
use std::path::Path;

mod common;

use common::rasci;
use predicates::prelude::*;

/// A workspace on disk whose register raises no finding at all.
fn clean_workspace(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join("workspace.toml"),
        "[organisation]\nname = \"Clean Ltd\"\n",
    )
    .unwrap();
    let (mut st, _) = rasci::store::load(dir).unwrap();
    st.lock().unwrap();
    st.save(&rasci::sample::clean()).unwrap();
}

#[test]
fn init_then_check_lists_findings_and_exits_1() {
    let home = tempfile::tempdir().unwrap();
    rasci(home.path())
        .args(["init", "ws"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Created a workspace"));
    let out = rasci(home.path())
        .args(["check", "--workspace", "ws"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("error gov/conformance-owner"), "{text}");
    assert!(
        text.contains("errors,") && text.contains("as of 2026-11-27"),
        "{text}"
    );
    for line in text.lines() {
        assert!(
            fits_80_or_is_a_path(line),
            "wider than 80 columns: {line:?}"
        );
    }
    assert!(!text.contains('\u{1b}'), "no colour on a pipe");
}

#[test]
fn a_clean_register_exits_0() {
    let home = tempfile::tempdir().unwrap();
    clean_workspace(&home.path().join("ws"));
    rasci(home.path())
        .args(["check", "-w", "ws"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("0 errors, 0 warnings, 0 info"));
}

#[test]
fn json_has_the_documented_shape() {
    let (home, _) = common::demo_home();
    let out = rasci(home.path())
        .args(["check", "-w", "ws", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["workspace"].as_str().unwrap().ends_with("ws"));
    assert_eq!(v["as_of"], "2026-11-27");
    let findings = v["findings"].as_array().unwrap();
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(v["summary"]["error"].as_u64().unwrap() as usize, errors);
    for f in findings {
        for key in ["rule", "severity", "message", "reference"] {
            assert!(f[key].is_string(), "{key} in {f}");
        }
        let kind = f["entity"]["kind"].as_str().unwrap();
        assert!(
            [
                "subject",
                "role",
                "person",
                "assignment",
                "rule",
                "workspace"
            ]
            .contains(&kind)
        );
        assert!(f["entity"]["id"].is_string());
    }
}

#[test]
fn min_severity_filters_the_list_not_the_verdict() {
    let home = tempfile::tempdir().unwrap();
    rasci(home.path()).args(["init", "ws"]).assert().success();
    let out = rasci(home.path())
        .args([
            "check",
            "-w",
            "ws",
            "--min-severity",
            "error",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "error")
    );
    assert!(
        v["summary"]["warning"].as_u64().unwrap() > 0,
        "summary still counts everything"
    );
    let total: u64 = ["error", "warning", "info"]
        .iter()
        .map(|s| v["summary"][s].as_u64().unwrap())
        .sum();
    let listed = v["findings"].as_array().unwrap().len() as u64;
    assert_eq!(v["hidden"].as_u64().unwrap(), total - listed, "{v:#}");
    // The text says that some were left out.
    rasci(home.path())
        .args(["check", "-w", "ws", "--min-severity", "error"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("less severe findings not listed"));
}

#[test]
fn as_of_evaluates_the_past() {
    let home = tempfile::tempdir().unwrap();
    clean_workspace(&home.path().join("ws"));
    // Before any assignment began, nobody held anything.
    let out = rasci(home.path())
        .args([
            "check",
            "-w",
            "ws",
            "--as-of",
            "2023-06-01",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["as_of"], "2023-06-01");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "gov/top-management")
    );
}

#[test]
fn a_broken_file_exits_2_with_a_located_error_and_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    rasci(home.path()).args(["init", "ws"]).assert().success();
    let people = home.path().join("ws/people.toml");
    fs::write(
        &people,
        "[person.a]\nname = \"A\"\nemial = \"a@example.com\"\n",
    )
    .unwrap();
    let before = fs::read(&people).unwrap();
    rasci(home.path())
        .args(["check", "-w", "ws"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("people.toml:3:1"))
        .stderr(predicate::str::contains("did you mean `email`?"))
        .stderr(predicate::str::contains("no file was changed"));
    assert_eq!(fs::read(&people).unwrap(), before);
}

#[test]
fn usage_errors_exit_2() {
    let home = tempfile::tempdir().unwrap();
    rasci(home.path())
        .args(["check", "--today", "27/11/2026"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a date"));
    rasci(home.path())
        .args(["check", "--format", "yaml"])
        .assert()
        .code(2);
    rasci(home.path()).args(["frobnicate"]).assert().code(2);
    rasci(home.path())
        .args(["check", "-w", "nowhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("rasci init"));
    rasci(home.path()).args(["--help"]).assert().code(0);
}

#[test]
fn discovery_walks_up_to_the_workspace() {
    let home = tempfile::tempdir().unwrap();
    clean_workspace(&home.path().join("ws"));
    let deep = home.path().join("ws/notes/2026");
    fs::create_dir_all(&deep).unwrap();
    rasci(home.path())
        .current_dir(&deep)
        .args(["check"])
        .assert()
        .code(0);
    // RASCI_WORKSPACE names it from anywhere.
    rasci(home.path())
        .env("RASCI_WORKSPACE", home.path().join("ws"))
        .args(["check"])
        .assert()
        .code(0);
}

#[test]
fn a_lookup_outside_any_workspace_creates_nothing_and_says_how_to_name_one() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["who", "A.5.15"][..],
        &["whois", "sbrennan"][..],
        &["check"][..],
        &["find", "ism"][..],
        &["export", "doc"][..],
        &["set", "A.5.15", "ism", "A", "--dry-run"][..],
    ] {
        let out = rasci(home.path()).args(args).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}: no answer from nowhere");
        assert!(err.contains("error: no workspace found"), "{args:?}: {err}");
        assert!(
            err.contains("hint: name one with --workspace PATH or the RASCI_WORKSPACE"),
            "{err}"
        );
        assert!(err.contains("`rasci init`"), "{err}");
        assert!(
            !home.path().join("data").exists(),
            "{args:?} created the default workspace"
        );
    }
}

#[test]
fn the_first_edit_creates_the_default_workspace_and_later_lookups_say_it_answered() {
    let home = tempfile::tempdir().unwrap();
    rasci(home.path())
        .args(["set", "A.5.7", "ism", "A"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "Created a new workspace from the standard template",
        ));
    let default = home.path().join("data/rasci/workspace");
    assert!(default.join("workspace.toml").is_file());
    // A lookup in a folder without a workspace says which one answered.
    rasci(home.path())
        .args(["who", "A.5.7"])
        .assert()
        .code(0)
        .stderr(format!(
            "note: using the default workspace in {} (none in this folder or a parent)\n",
            default.display()
        ));
}

#[test]
fn a_lookup_names_the_workspace_when_it_is_not_the_current_folder() {
    let (home, ws) = common::demo_home();
    // Named on the command line, or in the current folder: no note.
    rasci(home.path())
        .args(["who", "A.5.15", "-w", "ws"])
        .assert()
        .code(0)
        .stderr("");
    rasci(home.path())
        .current_dir(&ws)
        .args(["who", "A.5.15"])
        .assert()
        .code(0)
        .stderr("");
    // From the environment, or a parent folder: said on stderr.
    rasci(home.path())
        .env("RASCI_WORKSPACE", &ws)
        .args(["who", "A.5.15"])
        .assert()
        .code(0)
        .stderr(format!(
            "note: using the workspace in {} (RASCI_WORKSPACE)\n",
            ws.display()
        ));
    fs::create_dir_all(ws.join("sub")).unwrap();
    rasci(home.path())
        .current_dir(ws.join("sub"))
        .args(["who", "A.5.15"])
        .assert()
        .code(0)
        .stderr(format!(
            "note: using the workspace in {} (a parent folder)\n",
            ws.display()
        ));
}

#[test]
fn hostile_names_never_reach_the_terminal_raw() {
    let home = tempfile::tempdir().unwrap();
    rasci(home.path()).args(["init", "ws"]).assert().success();
    let roles = home.path().join("ws/roles.toml");
    common::hand_edit(
        &roles,
        "name = \"Information Security Manager\"",
        "name = \"ISM\\u001b]0;owned\\u0007\\u001b[2J\"",
    );
    let out = rasci(home.path())
        .args(["check", "-w", "ws"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("ISM?]0;owned??[2J"), "{stdout}");
    assert!(
        !stdout.chars().any(|c| c.is_control() && c != '\n'),
        "raw control characters in output"
    );
}

#[test]
fn rules_lists_every_rule() {
    let home = tempfile::tempdir().unwrap();
    let out = rasci(home.path()).args(["rules"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for r in rasci::rules::RULES {
        assert!(text.contains(r.id), "{}", r.id);
    }
}

#[test]
fn check_text_fits_80_columns_even_with_long_ids() {
    let (home, _) = common::demo_home();
    let out = rasci(home.path())
        .args(["check", "-w", "ws"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("system-administrator/creid@2026-07-01"),
        "{text}"
    );
    for line in text.lines() {
        assert!(
            fits_80_or_is_a_path(line),
            "wider than 80 columns: {line:?}"
        );
    }
}

#[test]
fn present_and_the_workbench_need_a_terminal_and_say_so() {
    let (home, _) = common::demo_home();
    for args in [&["present", "-w", "ws"][..], &["-w", "ws"][..]] {
        rasci(home.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("needs a terminal"));
    }
    // Nothing is created on the way to that refusal: no demo copy, no
    // default workspace in the data folder.
    for args in [&["demo", "copy"][..], &[][..], &["present"][..]] {
        rasci(home.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("needs a terminal"));
    }
    assert!(!home.path().join("copy").exists());
    assert!(
        !home.path().join("data").exists(),
        "no default workspace made"
    );
}

#[test]
fn an_interrupted_save_is_moved_aside_and_reported_by_the_next_edit() {
    let (home, _) = common::demo_home();
    let ws = home.path().join("ws");
    fs::write(ws.join(".matrix.toml.rasci-tmp-31337"), "half a save").unwrap();
    rasci(home.path())
        .args(["set", "A.5.7", "ism", "A", "-w", "ws"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: an earlier save was interrupted",
        ));
    assert!(!ws.join(".matrix.toml.rasci-tmp-31337").exists());
    let kept: Vec<_> = fs::read_dir(ws.join(".rasci/interrupted"))
        .unwrap()
        .flatten()
        .flat_map(|d| fs::read_dir(d.path()).unwrap().flatten())
        .map(|e| fs::read_to_string(e.path()).unwrap())
        .collect();
    assert_eq!(kept, ["half a save"]);
}

#[test]
fn leave_on_an_impossible_date_is_refused_with_a_reason_and_writes_nothing() {
    let (home, _) = common::demo_home();
    let before = fs::read(home.path().join("ws/roles.toml")).unwrap();
    // Katarzyna Kowalczyk's cloud platform role starts in 2024, after this
    // last day: refused, rather than leaving a leaver holding it.
    rasci(home.path())
        .args(["leave", "kkowalczyk", "--date", "2022-01-01", "-w", "ws"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "assignment to cloud-platform-owner starts on 2024-06-01",
        ))
        .stderr(predicate::str::contains("internal").not());
    // Callum Reid joined on 2026-07-01.
    rasci(home.path())
        .args([
            "leave",
            "creid",
            "--date",
            "2026-06-15",
            "--keep-roles",
            "-w",
            "ws",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("before joining (2026-07-01)"))
        .stderr(predicate::str::contains("internal").not());
    assert_eq!(fs::read(home.path().join("ws/roles.toml")).unwrap(), before);
}

#[test]
fn json_output_explains_a_workspace_that_cannot_be_loaded() {
    let (home, _) = common::demo_home();
    let people = home.path().join("ws/people.toml");
    let mut text = fs::read_to_string(&people).unwrap();
    text.push_str("\n[person.zz]\nname = \"Zed\"\nmfa = \"yes\"\n");
    fs::write(&people, &text).unwrap();
    let line = text.lines().count();
    for args in [
        &["check", "--format", "json", "-w", "ws"][..],
        &["who", "A.5.15", "--format", "json", "-w", "ws"][..],
    ] {
        let out = rasci(home.path())
            .args(args)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
        let p = &v["problems"][0];
        assert_eq!(p["line"], line, "{v:#}");
        // Absolute paths, as `check` gives for a healthy workspace, though
        // the command named the workspace relative to where it ran.
        let ws = fs::canonicalize(home.path().join("ws")).unwrap();
        assert_eq!(v["workspace"], ws.display().to_string(), "{v:#}");
        assert_eq!(
            p["file"],
            ws.join("people.toml").display().to_string(),
            "{v:#}"
        );
        assert!(p["message"].as_str().unwrap().contains("mfa"), "{v:#}");
        assert!(
            !out.stderr.is_empty(),
            "the human report still goes to stderr"
        );
    }
}

/// A file broken thousands of times gives a bounded answer: the text
/// lists the first problems and a count, the JSON the first thousand and
/// `more`, and neither grows with the damage.
#[test]
fn thousands_of_problems_are_capped_in_text_and_json() {
    let (home, _) = common::demo_home();
    let people = home.path().join("ws/people.toml");
    let mut text = fs::read_to_string(&people).unwrap();
    for i in 0..2_500 {
        text.push_str(&format!(
            "\n[person.zz{i}]\nname = \"Zed\"\nnmae = \"typo\"\n"
        ));
    }
    fs::write(&people, &text).unwrap();
    let out = rasci(home.path())
        .args(["check", "--format", "json", "-w", "ws"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["problems"].as_array().unwrap().len(), 1_000);
    assert_eq!(v["more"], 1_500, "{}", v["error"]);
    let out = rasci(home.path())
        .args(["check", "-w", "ws"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.matches("unknown key `nmae`").count() <= 50, "{err}");
    assert!(
        common::flat(&err).contains("and 2450 more problems"),
        "{err}"
    );
}

#[test]
fn a_signoff_must_name_people_who_were_there() {
    let (home, _) = common::demo_home();
    let before = fs::read(home.path().join("ws/workspace.toml")).unwrap();
    for (by, why) in [
        ("", "name at least one person"),
        ("mnowak", "was not in the organisation on 2026-11-27"),
        ("it-support", "is a group"),
        ("nobody-here", "no person"),
    ] {
        rasci(home.path())
            .args(["signoff", "--by", by, "-w", "ws"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(why));
    }
    assert_eq!(
        fs::read(home.path().join("ws/workspace.toml")).unwrap(),
        before
    );
    // A past sign-off by someone who was there then is fine; a name given
    // twice is recorded once.
    rasci(home.path())
        .args([
            "signoff",
            "--by",
            "mnowak,mnowak",
            "--date",
            "2026-03-01",
            "-w",
            "ws",
        ])
        .assert()
        .success();
    let text = fs::read_to_string(home.path().join("ws/workspace.toml")).unwrap();
    assert!(text.contains("by = [\"mnowak\"]"), "{text}");
}

#[test]
fn an_edit_that_takes_effect_later_reports_the_findings_it_will_raise_then() {
    let (home, _) = common::demo_home();
    // The ISM's appointment ends at the end of the year: harmless today,
    // a vacancy from 2027-01-01.
    let out = rasci(home.path())
        .args([
            "unassign",
            "ism",
            "sbrennan",
            "--until",
            "2026-12-31",
            "-w",
            "ws",
            "--dry-run",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let (today, then) = text
        .split_once("From 2027-01-01, when the change takes effect:")
        .unwrap_or_else(|| panic!("no look-ahead in:\n{text}"));
    assert!(today.contains("No finding raised or resolved."), "{text}");
    assert!(then.contains("error gov/conformance-owner"), "{text}");
    assert!(then.contains("Then "), "{text}");
    // What the change will raise then, and what will no longer be raised
    // (findings about the ISM's own competence: not "resolved" by leaving
    // the post empty).
    assert!(then.contains("Will be raised ("), "{text}");
    assert!(then.contains("Will no longer be raised ("), "{text}");
    assert!(!then.contains("Resolved"), "{text}");
    // Ending it today (the default) is a vacancy from tomorrow.
    rasci(home.path())
        .args(["unassign", "ism", "sbrennan", "-w", "ws", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "From 2026-11-28, when the change takes effect:",
        ));
    // A matrix letter takes effect at once: no look-ahead section.
    rasci(home.path())
        .args(["set", "A.5.7", "ism", "A", "-w", "ws", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("From ").not());
}

/// Output lines stay within 80 columns; the one exception is a line that
/// holds nothing but a path, which is never broken so that it can be copied
/// (the temporary folder's path is as long as the machine makes it).
fn fits_80_or_is_a_path(line: &str) -> bool {
    line.chars().count() <= 80 || {
        let t = line.trim();
        t.starts_with('/') && !t.contains(' ')
    }
}

#[test]
fn a_signoff_cannot_be_dated_ahead_and_says_who_was_not_on_the_review_team() {
    let (home, _) = common::demo_home();
    let file = home.path().join("ws/workspace.toml");
    let before = fs::read(&file).unwrap();
    rasci(home.path())
        .args([
            "signoff",
            "-w",
            "ws",
            "--by",
            "hokafor",
            "--date",
            "2026-11-28",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is after today (2026-11-27)"));
    assert_eq!(fs::read(&file).unwrap(), before);
    // rdelgado, the executive assistant, is on no review team; hokafor is.
    rasci(home.path())
        .args(["signoff", "-w", "ws", "--by", "hokafor,rdelgado"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "rdelgado held no top-management or review team role",
        ))
        .stderr(predicate::str::contains("hokafor").not());
    // The document names the fingerprint the register was signed with.
    let fingerprint = fs::read_to_string(&file)
        .unwrap()
        .lines()
        .rev()
        .find_map(|l| {
            l.strip_prefix("fingerprint = \"")
                .map(|f| f.trim_end_matches('"').to_string())
        })
        .expect("a fingerprint recorded");
    rasci(home.path())
        .args(["export", "doc", "-w", "ws"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "the register is unchanged since (fingerprint {fingerprint})"
        )));
    // A backdated sign-off is recorded, with a word on what it vouches for.
    rasci(home.path())
        .args(["signoff", "-w", "ws", "--by", "hokafor", "--date", "2026-10-01"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "the fingerprint recorded is of the register as it stands today, not as it stood on 2026-10-01",
        ));
}

#[test]
fn set_and_clear_say_what_the_cell_held() {
    let (home, _) = common::demo_home();
    // In the demo the ISM is Consulted on the internal audit activity.
    rasci(home.path())
        .args(["set", "-w", "ws", "internal-audit", "ism", "S"])
        .assert()
        .success()
        .stdout(predicate::str::contains("internal-audit: ism is S (was C)"));
    rasci(home.path())
        .args(["clear", "-w", "ws", "internal-audit", "ism"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "internal-audit: cleared ism (was S)",
        ));
    rasci(home.path())
        .args(["set", "-w", "ws", "internal-audit", "ism", "C"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ism is C (was empty)"));
}
