//! The same register gives the same findings, in the same order, with the
//! same words, every time: a check in CI must not flicker.

use rasci_core::synth::{Spec, write_workspace};

#[test]
fn findings_are_identical_run_after_run() {
    let t = tempfile::tempdir().unwrap();
    let spec = Spec {
        people: 600,
        roles: 60,
        matrix_entries: 800,
        seed: 7,
    };
    write_workspace(&spec, t.path()).unwrap();
    let ws = rasci::store::read(t.path()).unwrap();
    let on = "2026-11-27".parse().unwrap();
    let first = rasci::rules::findings(&ws, on);
    assert!(
        first.iter().any(|f| f.rule == "sod/duty-conflict"),
        "the sample exercises duty conflicts"
    );
    // Every evaluation builds fresh hash maps with fresh random seeds.
    for _ in 0..5 {
        assert_eq!(rasci::rules::findings(&ws, on), first);
    }
}
