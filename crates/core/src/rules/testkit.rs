//! Test helpers: a small register that passes every rule, and terse ways to
//! break it one fact at a time.

use super::{Finding, findings};
use crate::fingerprint;
use crate::model::*;

pub use crate::sample::{assignment, clean, person, today};

pub fn d(s: &str) -> Date {
    s.parse().expect("test date")
}

/// Re-records the sign-off fingerprint after a test changed the register,
/// so that only the change under test shows.
pub fn resign(ws: &mut Workspace) {
    let fp = fingerprint::fingerprint(ws);
    if let Some(s) = ws.signoffs.last_mut() {
        s.fingerprint = Some(fp);
    }
}

/// Findings of one rule on [`today`], after re-signing.
pub fn fired(mut ws: Workspace, rule: &str) -> Vec<Finding> {
    resign(&mut ws);
    findings(&ws, today())
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

pub fn role_mut<'a>(ws: &'a mut Workspace, id: &str) -> &'a mut Role {
    ws.roles.get_mut(id).expect("role in clean register")
}

pub fn person_mut<'a>(ws: &'a mut Workspace, id: &str) -> &'a mut Person {
    ws.people.get_mut(id).expect("person in clean register")
}

#[test]
fn the_clean_register_is_clean() {
    let ws = clean();
    let all = findings(&ws, today());
    assert!(all.is_empty(), "{all:#?}");
}
