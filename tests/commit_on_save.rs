//! `commit-on-save = true`: a CLI edit commits the files it wrote, and
//! only those, with the change in register terms; outside a repository it
//! says so and saves anyway. Real git in temporary folders; skipped with a
//! message where git is absent.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::rasci;
use predicates::prelude::*;

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn have_git() -> bool {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("git is not installed: skipping the commit-on-save tests");
    }
    ok
}

fn turn_on(ws: &Path) {
    let path = ws.join("workspace.toml");
    let text = fs::read_to_string(&path).unwrap();
    let text = if text.contains("[settings]\n") {
        text.replacen("[settings]\n", "[settings]\ncommit-on-save = true\n", 1)
    } else {
        format!("{text}\n[settings]\ncommit-on-save = true\n")
    };
    fs::write(path, text).unwrap();
}

#[test]
fn an_edit_commits_only_the_files_it_wrote() {
    if !have_git() {
        return;
    }
    let (home, ws) = common::demo_home();
    turn_on(&ws);
    git(&ws, &["init", "--quiet"]);
    git(&ws, &["config", "user.name", "Ivy Sec"]);
    git(&ws, &["config", "user.email", "ivy@example.com"]);
    git(&ws, &["config", "commit.gpgsign", "false"]);
    fs::write(ws.join("notes.md"), "first\n").unwrap();
    git(&ws, &["add", "."]);
    git(&ws, &["commit", "--quiet", "-m", "start"]);
    // Other work in progress: staged, and not.
    fs::write(ws.join("notes.md"), "staged\n").unwrap();
    git(&ws, &["add", "notes.md"]);
    let people = fs::read_to_string(ws.join("people.toml")).unwrap();
    fs::write(
        ws.join("people.toml"),
        format!("{people}\n# unstaged note\n"),
    )
    .unwrap();

    rasci(home.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .args(["set", "A.5.7", "ism", "A", "-w", "ws"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Committed "));

    let head = git(&ws, &["show", "--name-only", "--format=%an%n%B", "HEAD"]);
    assert!(head.starts_with("Ivy Sec\nA.5.7: ism "), "{head}");
    assert!(head.contains("Matrix:\n- A.5.7: ism "), "{head}");
    let files: Vec<&str> = head
        .lines()
        .filter(|l| l.ends_with(".toml") || l.ends_with(".md"))
        .collect();
    assert_eq!(files, ["matrix.toml"], "{head}");
    assert_eq!(git(&ws, &["diff", "--cached", "--name-only"]), "notes.md\n");
    assert_eq!(git(&ws, &["diff", "--name-only"]), "people.toml\n");
}

#[test]
fn outside_a_repository_the_edit_says_so_and_saves() {
    if !have_git() {
        return;
    }
    let (home, ws) = common::demo_home();
    let inside = Command::new("git")
        .arg("-C")
        .arg(&ws)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .is_ok_and(|o| o.status.success());
    if inside {
        eprintln!("the temporary folder is inside a repository: skipping");
        return;
    }
    turn_on(&ws);
    let before = fs::read_to_string(ws.join("matrix.toml")).unwrap();
    rasci(home.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .args(["set", "A.5.7", "ism", "A", "-w", "ws"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Saved, not committed:")
                .and(predicate::str::contains("not in a git repository")),
        );
    assert_ne!(
        fs::read_to_string(ws.join("matrix.toml")).unwrap(),
        before,
        "the save happened"
    );
}
