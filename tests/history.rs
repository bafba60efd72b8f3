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
