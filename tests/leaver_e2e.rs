//! The leaver dialog end to end: the real binary in a pseudo-terminal
//! (see `common/pty.rs`), from `L` to the files on disk.

mod common;

use std::fs;

use common::pty::{Sandbox, Spawn, Term, row_text};

const CTRL_S: &str = "\x13";
const ENTER: &str = "\r";
const TAB: &str = "\t";

fn wait_status(t: &Term, text: &str) -> String {
    t.wait_map(&format!("{text:?} in the status line"), |s| {
        let st = row_text(s, s.size().0.get() - 1);
        st.contains(text).then_some(st)
    })
}

/// Issue 10.11 and 10.12 in the real program: `L` shows what follows,
/// a successor takes the roles over, and one save writes both files.
#[test]
fn leaving_with_a_successor_from_the_dialog_is_saved_whole() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let mut t = Term::spawn(&sb, &["-w", &ws.display().to_string()], Spawn::default());
    t.wait_for("Findings (");
    wait_status(&t, " saved ");
    t.send("/");
    t.wait_for("Find — people");
    t.send("Siobhan Brennan");
    t.wait_for("> Siobhan Brennan");
    t.send(ENTER);
    t.wait_gone("Find — people");
    t.send("1");
    t.send("L");
    let screen = t.wait_for("What follows");
    assert!(screen.contains("Siobhan Brennan leaves"), "{}", t.dump());
    t.wait_for("Vacant from");
    t.send(TAB);
    t.send(TAB);
    t.send("kkowalczyk");
    t.wait_for("Starting on");
    t.send(ENTER);
    wait_status(&t, "sbrennan left on 2026-11-27, handi");
    t.send(CTRL_S);
    wait_status(&t, "Saved");
    let people = fs::read_to_string(ws.join("people.toml")).unwrap();
    let roles = fs::read_to_string(ws.join("roles.toml")).unwrap();
    assert!(people.contains("left = 2026-11-27"), "{people}");
    assert!(
        roles.contains("person = \"kkowalczyk\"\nfrom = 2026-11-28"),
        "the successor starts the day after"
    );
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}\n{}", t.dump());
}
