//! Helpers shared by the integration tests that need them. Each test file
//! uses a part of them, so the rest is not dead code there.
#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};

/// The real `rasci` binary, kept away from the real user's folders and
/// settings, in `home`, on the fixed test date.
pub fn rasci(home: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("rasci").unwrap();
    c.env_clear()
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("RASCI_TODAY", "2026-11-27")
        .current_dir(home);
    c
}

/// `text` with every run of whitespace made one space, so that a test can
/// look for a phrase in wrapped output: where a line breaks depends on the
/// length of the paths printed before it, which differs from one checkout to
/// the next.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A temporary home holding the demo workspace in `ws`: the home to run
/// [`rasci`] in, and the workspace's path.
pub fn demo_home() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let ws = home.path().join("ws");
    rasci::store::template::init(&ws, rasci::store::template::Template::Demo).unwrap();
    (home, ws)
}

/// Edits a workspace file as a person would by hand: the first `from`
/// becomes `to`. Fails when `from` is not there, so that a template that
/// changed under a test cannot leave the test checking nothing. Returns
/// the new text.
pub fn hand_edit(path: &Path, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} no longer holds {from:?}",
        path.display()
    );
    let text = text.replacen(from, to, 1);
    std::fs::write(path, &text).unwrap();
    text
}
