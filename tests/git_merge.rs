//! `rasci git setup`, the merge driver and the pre-commit hook, with the
//! real git in temporary repositories. Skipped, with a message, where git
//! is not installed.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{demo_home, hand_edit, rasci};

fn have_git() -> bool {
    let ok = Command::new("git").arg("--version").output().is_ok();
    if !ok {
        eprintln!("skipped: git is not installed");
    }
    ok
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("RASCI_TODAY", "2026-11-27")
        .args(args)
        .output()
        .unwrap()
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The demo workspace in a fresh repository, set up by `rasci git setup`
/// with `extra` options, and committed (without the hook).
fn repo(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let (home, ws) = demo_home();
    git_ok(&ws, &["init", "-q", "-b", "main"]);
    let mut args = vec!["git", "setup"];
    args.extend_from_slice(extra);
    rasci(home.path())
        .current_dir(&ws)
        .args(&args)
        .assert()
        .success();
    git_ok(&ws, &["add", "-A"]);
    git_ok(&ws, &["commit", "-q", "--no-verify", "-m", "register"]);
    (home, ws)
}

fn commit_all(ws: &Path, msg: &str) {
    git_ok(ws, &["commit", "-q", "--no-verify", "-am", msg]);
}

fn person(id: &str, name: &str) -> String {
    format!("\n[person.{id}]\nname = \"{name}\"\n")
}

fn append(path: &Path, text: &str) {
    let mut s = std::fs::read_to_string(path).unwrap();
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

#[test]
fn setup_writes_attributes_config_and_an_executable_hook() {
    if !have_git() {
        return;
    }
    let (_home, ws) = repo(&["--hook-fails-on", "warning"]);
    let attributes = std::fs::read_to_string(ws.join(".gitattributes")).unwrap();
    for f in ["workspace", "people", "roles", "matrix"] {
        assert!(attributes.contains(&format!("/{f}.toml merge=rasci\n")));
    }
    let driver = git_ok(&ws, &["config", "merge.rasci.driver"]);
    assert!(
        driver.trim().ends_with("merge-driver %O %A %B %P"),
        "{driver}"
    );
    let hook = std::fs::read_to_string(ws.join(".git/hooks/pre-commit")).unwrap();
    assert!(hook.contains("check --fail-on warning"), "{hook}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(ws.join(".git/hooks/pre-commit"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0o111);
}

#[test]
fn setup_outside_a_repository_says_how_to_start() {
    if !have_git() {
        return;
    }
    let (home, ws) = demo_home();
    let out = rasci(home.path())
        .current_dir(&ws)
        .env("GIT_CEILING_DIRECTORIES", home.path())
        .args(["git", "setup"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not in a git repository"), "{err}");
    assert!(err.contains("git init"), "{err}");
}

#[test]
fn two_branches_adding_people_and_setting_other_cells_merge_cleanly() {
    if !have_git() {
        return;
    }
    let (home, ws) = repo(&[]);
    git_ok(&ws, &["checkout", "-q", "-b", "theirs"]);
    append(&ws.join("people.toml"), &person("zoe-theirs", "Zoe Theirs"));
    hand_edit(
        &ws.join("matrix.toml"),
        "[\"A.5.15\"]",
        "[\"A.5.15\"]\nzz-theirs = \"I\"",
    );
    commit_all(&ws, "theirs");
    git_ok(&ws, &["checkout", "-q", "main"]);
    append(&ws.join("people.toml"), &person("yan-ours", "Yan Ours"));
    hand_edit(
        &ws.join("matrix.toml"),
        "[\"A.5.15\"]",
        "[\"A.5.15\"]\nzz-ours = \"C\"",
    );
    commit_all(&ws, "ours");
    // A line merge would conflict: both sides appended at the same place.
    git_ok(&ws, &["merge", "-q", "--no-edit", "theirs"]);
    let people = std::fs::read_to_string(ws.join("people.toml")).unwrap();
    let (y, z) = (
        people.find("[person.yan-ours]").unwrap(),
        people.find("[person.zoe-theirs]").unwrap(),
    );
    assert!(y < z, "ours first, then theirs:\n{people}");
    assert!(!people.contains("<<<<<<<"));
    let out = rasci(home.path())
        .current_dir(&ws)
        .args(["find", "Zoe", "Theirs"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Zoe Theirs"));
    let matrix = std::fs::read_to_string(ws.join("matrix.toml")).unwrap();
    let doc: toml::Table = matrix.parse().unwrap();
    assert_eq!(doc["A.5.15"]["zz-ours"].as_str(), Some("C"));
    assert_eq!(doc["A.5.15"]["zz-theirs"].as_str(), Some("I"));
}

#[test]
fn one_cell_set_two_ways_is_left_as_a_conflict_that_does_not_load() {
    if !have_git() {
        return;
    }
    let (home, ws) = repo(&[]);
    let matrix = ws.join("matrix.toml");
    git_ok(&ws, &["checkout", "-q", "-b", "theirs"]);
    hand_edit(&matrix, "[\"A.5.15\"]", "[\"A.5.15\"]\nzz = \"R\"");
    commit_all(&ws, "theirs");
    git_ok(&ws, &["checkout", "-q", "main"]);
    hand_edit(&matrix, "[\"A.5.15\"]", "[\"A.5.15\"]\nzz = \"C\"");
    commit_all(&ws, "ours");
    let out = git(&ws, &["merge", "--no-edit", "theirs"]);
    assert!(!out.status.success(), "git must record the conflict");
    let status = git_ok(&ws, &["status", "--porcelain"]);
    assert!(status.contains("UU matrix.toml"), "{status}");
    let text = std::fs::read_to_string(&matrix).unwrap();
    assert!(
        text.contains("# rasci: A.5.15 / zz: ours C, theirs R\n<<<<<<< ours\nzz = \"C\"\n=======\nzz = \"R\"\n>>>>>>> theirs\n"),
        "{text}"
    );
    let out = rasci(home.path())
        .current_dir(&ws)
        .arg("check")
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("matrix.toml:"), "{err}");
    assert!(err.contains("resolve the merge conflict"), "{err}");
}

/// Stages everything and tries a commit through the hook.
fn commit_through_hook(ws: &Path) -> Output {
    git_ok(ws, &["add", "-A"]);
    git(ws, &["commit", "-q", "-m", "change"])
}

#[test]
fn the_hook_refuses_and_allows_commits_at_the_chosen_threshold() {
    if !have_git() {
        return;
    }
    let (home, ws) = repo(&["--hook-fails-on", "error"]);
    // The demo has error-level findings on purpose.
    rasci(home.path())
        .current_dir(&ws)
        .arg("check")
        .assert()
        .code(1);
    append(&ws.join("people.toml"), &person("new-one", "New One"));
    let out = commit_through_hook(&ws);
    assert!(!out.status.success(), "refused with errors");
    assert!(String::from_utf8_lossy(&out.stderr).contains("commit refused"));

    rasci(home.path())
        .current_dir(&ws)
        .args(["git", "setup", "--hook-fails-on", "never"])
        .assert()
        .success();
    let out = commit_through_hook(&ws);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Never still refuses a register that does not load; what is checked
    // is what is staged, not the working tree.
    append(&ws.join("roles.toml"), "<<<<<<< ours\n");
    git_ok(&ws, &["add", "-A"]);
    hand_edit(&ws.join("roles.toml"), "<<<<<<< ours\n", "");
    let out = git(&ws, &["commit", "-q", "-m", "staged markers"]);
    assert!(
        !out.status.success(),
        "staged conflict markers must be refused"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("merge conflict"));
}

#[test]
fn setup_leaves_a_hook_it_did_not_write() {
    if !have_git() {
        return;
    }
    let (home, ws) = demo_home();
    git_ok(&ws, &["init", "-q"]);
    std::fs::write(ws.join(".git/hooks/pre-commit"), "#!/bin/sh\nexit 0\n").unwrap();
    rasci(home.path())
        .current_dir(&ws)
        .args(["git", "setup"])
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read_to_string(ws.join(".git/hooks/pre-commit")).unwrap(),
        "#!/bin/sh\nexit 0\n"
    );
}

/// The command the example CI job runs, as written there, with the exit
/// codes docs/ci.md gives for it.
#[test]
fn the_documented_ci_gate_behaves_as_documented() {
    let workflow = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci/github-actions.yml"),
    )
    .unwrap();
    let line = "rasci --workspace register check --fail-on warning --format json";
    assert!(workflow.contains(line), "the workflow runs {line}");
    let (home, ws) = demo_home();
    std::fs::rename(&ws, home.path().join("register")).unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--workspace", "register", "check"];
        all.extend_from_slice(args);
        rasci(home.path()).args(&all).output().unwrap()
    };
    let out = run(&["--fail-on", "warning", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["summary"]["error"].as_u64().unwrap() > 0);
    assert_eq!(run(&["--fail-on", "never"]).status.code(), Some(0));
    assert_eq!(run(&["--fail-on", "error"]).status.code(), Some(1));
    // A register that does not load fails whatever the threshold.
    append(&home.path().join("register/people.toml"), "=======\n");
    assert_eq!(run(&["--fail-on", "never"]).status.code(), Some(2));
}

#[test]
fn the_driver_leaves_both_versions_when_one_is_not_toml() {
    let home = tempfile::tempdir().unwrap();
    let d = home.path();
    std::fs::write(d.join("base"), "[person.a]\nname = \"A\"\n").unwrap();
    std::fs::write(d.join("ours"), "[person.a\nname = \"A\"\n").unwrap();
    std::fs::write(d.join("theirs"), "[person.a]\nname = \"B\"\n").unwrap();
    let out = rasci(d)
        .args(["merge-driver", "base", "ours", "theirs", "people.toml"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("our version is not valid TOML"));
    assert_eq!(
        std::fs::read_to_string(d.join("ours")).unwrap(),
        "# rasci: people.toml: not merged, our version is not valid TOML\n<<<<<<< ours\n[person.a\nname = \"A\"\n=======\n[person.a]\nname = \"B\"\n>>>>>>> theirs\n"
    );
}

/// Appointments made with `rasci assign` on two branches, to two roles,
/// both survive the merge and both holders answer afterwards.
#[test]
fn appointments_to_different_roles_on_two_branches_merge_cleanly() {
    if !have_git() {
        return;
    }
    let (home, ws) = repo(&[]);
    let assign = |role: &str, person: &str| {
        rasci(home.path())
            .current_dir(&ws)
            .args(["assign", role, person, "--from", "2026-11-01"])
            .assert()
            .success();
    };
    git_ok(&ws, &["checkout", "-q", "-b", "theirs"]);
    assign("internal-auditor", "hokafor");
    commit_all(&ws, "theirs");
    git_ok(&ws, &["checkout", "-q", "main"]);
    assign("third-party-manager", "rdelgado");
    commit_all(&ws, "ours");
    git_ok(&ws, &["merge", "-q", "--no-edit", "theirs"]);
    let roles: toml::Table = std::fs::read_to_string(ws.join("roles.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let holders = |role: &str| -> Vec<String> {
        roles["role"][role]["assignment"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["person"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(holders("internal-auditor").contains(&"hokafor".to_string()));
    assert!(holders("third-party-manager").contains(&"rdelgado".to_string()));
    rasci(home.path())
        .current_dir(&ws)
        .args(["role", "internal-auditor"])
        .assert()
        .success();
}

/// A workspace in a sub-folder of the repository: the attributes go next
/// to its files and the hook checks that folder as staged.
#[test]
fn a_workspace_in_a_sub_folder_of_the_repository_is_set_up_there() {
    if !have_git() {
        return;
    }
    let (home, ws) = demo_home();
    let top = home.path();
    git_ok(top, &["init", "-q"]);
    rasci(top)
        .current_dir(&ws)
        .args(["git", "setup", "--hook-fails-on", "never"])
        .assert()
        .success();
    assert!(ws.join(".gitattributes").exists());
    let hook = std::fs::read_to_string(top.join(".git/hooks/pre-commit")).unwrap();
    assert!(hook.contains("ws='ws'"), "{hook}");
    git_ok(top, &["add", "-A"]);
    let out = git(top, &["commit", "-q", "-m", "register"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    append(&ws.join("matrix.toml"), "=======\n");
    git_ok(top, &["add", "-A"]);
    let out = git(top, &["commit", "-q", "-m", "broken"]);
    assert!(
        !out.status.success(),
        "markers in ws/matrix.toml are refused"
    );
}
