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
