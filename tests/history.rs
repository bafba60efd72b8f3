//! `--at REV|DATE`: the reading commands answer from the register as it was
//! committed in git, with the store's own parser; edits refuse it; without
//! a history the answer is exit 2 and how to start one. Real repositories
//! in temporary folders, built with the real git (skipped, with a message,
//! where git is absent).

mod common;

use std::path::Path;
use std::process::Command;

use common::{demo_home, rasci};

fn have_git() -> bool {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: git is not installed here");
    }
    ok
}

/// Runs git in `dir` with a fixed identity and date, none of the user's
/// configuration, and fails the test if git does.
fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00Z"))
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00Z"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn text(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The demo committed on 2026-03-01, then A.5.15 made A/R and committed on
/// 2026-06-01.
fn two_commits() -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    if !have_git() {
        return None;
    }
    let (home, ws) = demo_home();
    git(&ws, &["init", "-q", "--template="], "2026-03-01");
    git(&ws, &["add", "-A"], "2026-03-01");
    git(&ws, &["commit", "-q", "-m", "the register"], "2026-03-01");
    rasci(home.path())
        .args(["set", "A.5.15", "ism", "A/R", "-w", "ws"])
        .assert()
        .success();
    git(
        &ws,
        &["commit", "-q", "-a", "-m", "ism does A.5.15"],
        "2026-06-01",
    );
    Some((home, ws))
}

#[test]
fn a_lookup_at_a_revision_or_a_day_answers_from_that_commit() {
    let Some((home, _ws)) = two_commits() else {
        return;
    };
    let who = |extra: &[&str]| {
        let out = rasci(home.path())
            .args(["who", "A.5.15", "-w", "ws"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{:?}", text(&out));
        text(&out)
    };
    let (now, _) = who(&[]);
    assert!(now.contains("A/R"), "{now}");
    for at in ["HEAD~1", "2026-05-31", "2026-03-01"] {
        let (then, note) = who(&["--at", at]);
        assert!(!then.contains("A/R"), "at {at}: {then}");
        assert!(then.contains("Accountable"), "at {at}: {then}");
        assert!(note.contains("the register as committed at"), "{note}");
    }
    // The day of the second commit reads the second commit.
    let (later, _) = who(&["--at", "2026-06-01"]);
    assert!(later.contains("A/R"), "{later}");
    // As recorded then, evaluated on another day: both dates at once.
    let (both, _) = who(&["--at", "HEAD~1", "--as-of", "2026-01-15"]);
    assert!(both.contains("A.5.15") && !both.contains("A/R"), "{both}");
}

#[test]
fn a_revision_that_names_nothing_or_a_day_before_the_history_is_exit_2() {
    let Some((home, _ws)) = two_commits() else {
        return;
    };
    for (at, says) in [
        ("no-such-branch", "names no commit"),
        ("2020-01-01", "no commit on or before 2020-01-01"),
        ("--oops", "names no commit"),
    ] {
        let out = rasci(home.path())
            .args(["check", "-w", "ws", &format!("--at={at}")])
            .output()
            .unwrap();
        let (_, err) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{at}: {err}");
        assert!(err.contains(says), "{at}: {err}");
    }
}

#[test]
fn edits_refuse_at_and_change_nothing() {
    let Some((home, ws)) = two_commits() else {
        return;
    };
    let before = std::fs::read_to_string(ws.join("matrix.toml")).unwrap();
    let out = rasci(home.path())
        .args(["set", "A.5.15", "ism", "R", "-w", "ws", "--at", "HEAD"])
        .output()
        .unwrap();
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("only the reading commands"), "{err}");
    assert_eq!(
        std::fs::read_to_string(ws.join("matrix.toml")).unwrap(),
        before
    );
}

#[test]
fn a_commit_that_does_not_load_is_reported_at_its_revision() {
    let Some((home, ws)) = two_commits() else {
        return;
    };
    common::hand_edit(&ws.join("people.toml"), "name = ", "nmae = ");
    git(&ws, &["commit", "-q", "-a", "-m", "a slip"], "2026-07-01");
    let out = rasci(home.path())
        .args(["check", "-w", "ws", "--at", "HEAD"])
        .output()
        .unwrap();
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(":people.toml:"), "{err}");
    assert!(err.contains("unknown key `nmae`"), "{err}");
    // The revision before it still answers.
    rasci(home.path())
        .args(["check", "-w", "ws", "--at", "HEAD~1"])
        .assert()
        .code(1);
}

#[test]
fn without_a_repository_at_says_how_to_start_a_history() {
    if !have_git() {
        return;
    }
    let (home, _ws) = demo_home();
    let out = rasci(home.path())
        .args(["who", "A.5.15", "-w", "ws", "--at", "HEAD"])
        .output()
        .unwrap();
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not in a git repository"), "{err}");
    assert!(
        err.contains("git init") && err.contains("rasci git setup"),
        "{err}"
    );
}

fn run_ok(home: &Path, args: &[&str]) -> String {
    let out = rasci(home).args(args).args(["-w", "ws"]).output().unwrap();
    assert!(out.status.success(), "{args:?}: {:?}", text(&out));
    text(&out).0
}

#[test]
fn log_says_each_commit_in_register_terms_newest_first() {
    let Some((home, ws)) = two_commits() else {
        return;
    };
    common::hand_edit(&ws.join("workspace.toml"), "# rasci demo", "# the demo");
    git(
        &ws,
        &["commit", "-q", "-a", "-m", "a comment"],
        "2026-07-01",
    );
    let log = run_ok(home.path(), &["log"]);
    let newest = log.find("a comment").expect("the third commit");
    let second = log.find("ism does A.5.15").expect("the second commit");
    let first = log.find("    the register\n").expect("the first commit");
    assert!(newest < second && second < first, "{log}");
    assert!(
        log.contains("no change to the register (layout or comments only)"),
        "{log}"
    );
    assert!(log.contains("A.5.15: ism A → A/R"), "{log}");
    assert!(log.contains("2026-06-01"), "{log}");
    assert!(log.contains("added Siobhan Brennan (sbrennan)"), "{log}");

    // Filters keep the commits that touch what was asked about.
    let subject = run_ok(home.path(), &["log", "--subject", "A.5.15"]);
    assert!(subject.contains("ism does A.5.15"), "{subject}");
    assert!(!subject.contains("a comment"), "{subject}");
    let other = run_ok(home.path(), &["log", "--subject", "A.5.1"]);
    assert!(!other.contains("ism does A.5.15"), "{other}");
    // --since a revision or a day.
    let since = run_ok(home.path(), &["log", "--since", "HEAD~1"]);
    assert!(
        since.contains("a comment") && !since.contains("ism does"),
        "{since}"
    );
    let since = run_ok(home.path(), &["log", "--since", "2026-06-01"]);
    assert!(
        since.contains("ism does") && !since.contains("    the register\n"),
        "{since}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&run_ok(home.path(), &["log", "--format", "json"])).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 3, "{json:#}");
    assert_eq!(list[1]["subject"], "ism does A.5.15");
    assert_eq!(list[1]["changes"][0]["area"], "matrix");
    assert_eq!(list[1]["changes"][0]["entity"]["id"], "A.5.15");
    assert_eq!(list[1]["loads"], true);
}

#[test]
fn a_commit_that_does_not_load_is_said_and_the_log_goes_on() {
    let Some((home, ws)) = two_commits() else {
        return;
    };
    common::hand_edit(&ws.join("people.toml"), "name = ", "nmae = ");
    git(&ws, &["commit", "-q", "-a", "-m", "a slip"], "2026-07-01");
    let log = run_ok(home.path(), &["log"]);
    assert!(log.contains("a slip"), "{log}");
    assert!(log.contains("does not load:"), "{log}");
    assert!(log.contains("unknown key `nmae`"), "{log}");
    assert!(
        log.contains("A.5.15: ism A → A/R"),
        "the log goes on: {log}"
    );
}

#[test]
fn diff_compares_two_states_and_the_findings_between_them() {
    let Some((home, _ws)) = two_commits() else {
        return;
    };
    // Nothing uncommitted: HEAD and the working tree agree.
    let same = run_ok(home.path(), &["diff"]);
    assert!(same.contains("no change to the register"), "{same}");
    rasci(home.path())
        .args(["leave", "sbrennan", "--date", "2026-11-20", "-w", "ws"])
        .assert()
        .success();
    let now = run_ok(home.path(), &["diff"]);
    assert!(now.contains("From HEAD"), "{now}");
    assert!(now.contains("to the working tree"), "{now}");
    assert!(now.contains("left on 2026-11-20"), "{now}");
    assert!(now.contains("Raised on 2026-11-27"), "{now}");
    let between = run_ok(home.path(), &["diff", "HEAD~1", "HEAD"]);
    assert!(between.contains("A.5.15: ism A → A/R"), "{between}");
    assert!(!between.contains("left on 2026-11-20"), "{between}");
    let json: serde_json::Value = serde_json::from_str(&run_ok(
        home.path(),
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(
        json["changes"][0]["text"], "A.5.15: ism A → A/R",
        "{json:#}"
    );
    assert!(
        json["raised"].is_array() && json["resolved"].is_array(),
        "{json:#}"
    );
}

#[test]
fn log_and_diff_outside_a_repository_say_how_to_start() {
    if !have_git() {
        return;
    }
    let (home, _ws) = demo_home();
    for cmd in ["log", "diff"] {
        let out = rasci(home.path()).args([cmd, "-w", "ws"]).output().unwrap();
        let (_, err) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {err}");
        assert!(
            err.contains("git init") && err.contains("rasci git setup"),
            "{cmd}: {err}"
        );
    }
}

#[test]
fn a_signoff_in_a_repository_signs_a_commit_and_verify_checks_it() {
    let Some((home, ws)) = two_commits() else {
        return;
    };
    let wsf = ws.join("workspace.toml");
    // Uncommitted changes: nothing would hold what was signed.
    rasci(home.path())
        .args(["set", "A.5.16", "ism", "R", "-w", "ws"])
        .assert()
        .success();
    let before = std::fs::read_to_string(&wsf).unwrap();
    let out = rasci(home.path())
        .args(["signoff", "--by", "hokafor,dmensah", "-w", "ws"])
        .output()
        .unwrap();
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("not committed") && err.contains("--commit"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&wsf).unwrap(),
        before,
        "nothing written"
    );
    // --commit commits them first and binds the sign-off to that commit.
    let out = rasci(home.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .args([
            "signoff",
            "--by",
            "hokafor,dmensah",
            "--commit",
            "--tag",
            "signoff-1",
            "-w",
            "ws",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(&ws)
        .output()
        .unwrap();
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    let recorded = std::fs::read_to_string(&wsf).unwrap();
    assert!(
        recorded.contains(&format!("commit = \"{head}\"")),
        "{recorded}"
    );
    assert!(recorded.contains("fingerprint = \"v2:"), "{recorded}");
    git(
        &ws,
        &["commit", "-q", "-a", "-m", "record the sign-off"],
        "2026-11-27",
    );
    let ok = run_ok(home.path(), &["verify"]);
    assert!(ok.contains("verified (fingerprint matches"), "{ok}");
    assert!(ok.contains("tag signoff-1"), "{ok}");

    // What changed since the signed commit, whether or not it carries a date.
    rasci(home.path())
        .args(["set", "A.5.17", "ism", "C", "-w", "ws"])
        .assert()
        .success();
    let since = run_ok(home.path(), &["diff", "--since-signoff"]);
    assert!(since.contains(&format!("({})", &head[..12])), "{since}");
    assert!(since.contains("A.5.17: ism"), "{since}");
    assert!(!since.contains("A.5.16"), "signed already: {since}");
    let recorded = std::fs::read_to_string(&wsf).unwrap();

    // A fingerprint changed by hand no longer verifies.
    let fp = recorded
        .lines()
        .rev()
        .find(|l| l.starts_with("fingerprint = \"v2:"))
        .unwrap()
        .to_string();
    let forged = fp.replacen("v2:", "v2:0", 1).replacen("\"", "", 0);
    let forged = format!("{}\"", &forged[..forged.len() - 2]);
    std::fs::write(&wsf, recorded.replace(&fp, &forged)).unwrap();
    let out = rasci(home.path())
        .args(["verify", "-w", "ws"])
        .output()
        .unwrap();
    let (said, _) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("FAILED") && said.contains("does not have the fingerprint"),
        "{said}"
    );

    // A commit that is not on the branch fails too.
    let elsewhere = recorded.replace(&head, "0000000000000000000000000000000000000000");
    std::fs::write(&wsf, elsewhere).unwrap();
    let out = rasci(home.path())
        .args(["verify", "-w", "ws"])
        .output()
        .unwrap();
    let (said, _) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("is not in this repository"), "{said}");
}

#[test]
fn outside_a_repository_a_signoff_is_not_bound_and_verify_says_how_to_start() {
    if !have_git() {
        return;
    }
    let (home, ws) = demo_home();
    let out = rasci(home.path())
        .args(["signoff", "--by", "hokafor,dmensah", "-w", "ws"])
        .output()
        .unwrap();
    let (_, err) = text(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("not bound to a commit"), "{err}");
    assert!(
        !std::fs::read_to_string(ws.join("workspace.toml"))
            .unwrap()
            .contains("commit = ")
    );
    let out = rasci(home.path())
        .args(["verify", "-w", "ws"])
        .output()
        .unwrap();
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("git init"), "{err}");
}

/// The JSON of `log` and `diff` matches its schema in docs/schemas.
#[test]
fn log_and_diff_json_match_their_schemas() {
    let Some((home, _ws)) = two_commits() else {
        return;
    };
    for (name, args) in [
        ("log", &["log", "--format", "json"][..]),
        ("diff", &["diff", "HEAD~1", "HEAD", "--format", "json"][..]),
    ] {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("docs/schemas/{name}.schema.json"));
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let v = jsonschema::draft202012::new(&schema).expect("the schema compiles");
        let doc: serde_json::Value = serde_json::from_str(&run_ok(home.path(), args)).unwrap();
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}:\n{}\n{doc:#}", errors.join("\n"));
    }
}
