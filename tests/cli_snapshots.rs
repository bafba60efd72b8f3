//! Whole outputs of the command line, pinned: every line of what a user
//! or a script reads, not a phrase in it. Each snapshot holds the exit
//! code, standard output and standard error of one run on the demo
//! workspace on the fixed test date, with the temporary folder's path
//! written as `[HOME]`. A change shows up as a diff to review.

use std::path::Path;

mod common;

/// One run of `rasci args` in `home`: exit code, stdout, stderr.
fn run(home: &Path, args: &[&str]) -> String {
    let out = common::rasci(home).args(args).output().unwrap();
    let norm = |b: &[u8]| {
        let mut s = String::from_utf8(b.to_vec()).unwrap();
        for p in [
            home.canonicalize().unwrap().display().to_string(),
            home.display().to_string(),
        ] {
            s = s.replace(&p, "[HOME]");
        }
        s
    };
    format!(
        "$ rasci {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        out.status.code().map_or("signal".into(), |c| c.to_string()),
        norm(&out.stdout),
        norm(&out.stderr)
    )
}

/// `run`, keeping only the first `n` lines of standard output.
fn head(home: &Path, args: &[&str], n: usize) -> String {
    let all = run(home, args);
    let (top, rest) = all.split_once("--- stdout\n").unwrap();
    let (stdout, stderr) = rest.split_once("--- stderr\n").unwrap();
    let kept: Vec<&str> = stdout.lines().take(n).collect();
    format!(
        "{top}--- stdout (first {n} lines)\n{}\n--- stderr\n{stderr}",
        kept.join("\n")
    )
}

#[test]
fn check_text_and_json() {
    let (home, _) = common::demo_home();
    insta::assert_snapshot!("check_text", run(home.path(), &["check", "-w", "ws"]));
    insta::assert_snapshot!(
        "check_json",
        run(home.path(), &["check", "-w", "ws", "--format", "json"])
    );
    insta::assert_snapshot!(
        "check_errors_only",
        run(
            home.path(),
            &["check", "-w", "ws", "--min-severity", "error"]
        )
    );
}

#[test]
fn lookups_text_and_json() {
    let (home, _) = common::demo_home();
    let h = home.path();
    insta::assert_snapshot!("who_text", run(h, &["who", "A.5.15", "-w", "ws"]));
    insta::assert_snapshot!(
        "who_json",
        run(h, &["who", "A.5.15", "-w", "ws", "--format", "json"])
    );
    insta::assert_snapshot!("who_heading", run(h, &["who", "9.3", "-w", "ws"]));
    insta::assert_snapshot!(
        "whois_text",
        run(h, &["whois", "Siobhan", "Brennan", "-w", "ws"])
    );
    insta::assert_snapshot!(
        "whois_json",
        run(h, &["whois", "sbrennan", "-w", "ws", "--format", "json"])
    );
    insta::assert_snapshot!("role_text", run(h, &["role", "ism", "-w", "ws"]));
    insta::assert_snapshot!(
        "role_json",
        run(h, &["role", "ism", "-w", "ws", "--format", "json"])
    );
    insta::assert_snapshot!("find_text", run(h, &["find", "security", "-w", "ws"]));
    insta::assert_snapshot!(
        "find_json",
        run(
            h,
            &[
                "find", "security", "-w", "ws", "--format", "json", "--limit", "3"
            ]
        )
    );
}

#[test]
fn lookups_that_miss() {
    let (home, _) = common::demo_home();
    let h = home.path();
    insta::assert_snapshot!("who_a_person", run(h, &["who", "Brennan", "-w", "ws"]));
    insta::assert_snapshot!(
        "whois_misspelt",
        run(h, &["whois", "Siobahn Brenan", "-w", "ws"])
    );
    insta::assert_snapshot!(
        "whois_shared_name_json",
        run(h, &["whois", "Sam", "-w", "ws", "--format", "json"])
    );
    insta::assert_snapshot!("find_nothing", run(h, &["find", "zzzz", "-w", "ws"]));
    insta::assert_snapshot!("no_workspace", run(h, &["who", "A.5.15"]));
}

#[test]
fn rules_text_and_json() {
    let home = tempfile::tempdir().unwrap();
    insta::assert_snapshot!("rules_text", run(home.path(), &["rules"]));
    insta::assert_snapshot!(
        "rules_json",
        run(home.path(), &["rules", "--format", "json"])
    );
}

#[test]
fn a_load_error_text_and_json() {
    let (home, ws) = common::demo_home();
    common::hand_edit(&ws.join("people.toml"), "email = ", "emial = ");
    insta::assert_snapshot!("load_error_text", run(home.path(), &["check", "-w", "ws"]));
    insta::assert_snapshot!(
        "load_error_json",
        run(
            home.path(),
            &["who", "A.5.15", "-w", "ws", "--format", "json"]
        )
    );
}

#[test]
fn edits_say_what_they_did() {
    let (home, _) = common::demo_home();
    let h = home.path();
    insta::assert_snapshot!("set", run(h, &["set", "A.5.7", "ism", "A", "-w", "ws"]));
    insta::assert_snapshot!(
        "set_again",
        run(h, &["set", "A.5.7", "ism", "A", "-w", "ws"])
    );
    insta::assert_snapshot!("clear", run(h, &["clear", "A.5.7", "ism", "-w", "ws"]));
    insta::assert_snapshot!(
        "assign_dry_run",
        run(
            h,
            &[
                "assign",
                "privacy-lead",
                "sbrennan",
                "--from",
                "2026-12-01",
                "--evidence",
                "Board minutes 2026-11",
                "--dry-run",
                "-w",
                "ws",
            ]
        )
    );
    insta::assert_snapshot!(
        "assign",
        run(
            h,
            &[
                "assign",
                "privacy-lead",
                "sbrennan",
                "--from",
                "2026-12-01",
                "--evidence",
                "Board minutes 2026-11",
                "-w",
                "ws",
            ]
        )
    );
    insta::assert_snapshot!(
        "assign_unknown_role",
        run(h, &["assign", "nosuchrole", "sbrennan", "-w", "ws"])
    );
}

#[test]
fn export_doc_md_head() {
    let (home, _) = common::demo_home();
    insta::assert_snapshot!(
        "export_doc_md_head",
        head(home.path(), &["export", "doc", "-w", "ws"], 40)
    );
}

#[test]
fn help_names_the_exit_codes_and_where_the_workspace_comes_from() {
    let home = tempfile::tempdir().unwrap();
    insta::assert_snapshot!("help", run(home.path(), &["--help"]));
    insta::assert_snapshot!("whois_help", run(home.path(), &["whois", "--help"]));
}
