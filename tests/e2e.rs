//! End to end: the real `rasci` binary in a real pseudo-terminal, the
//! screen read back through a terminal emulator (see `common/pty.rs`).
//!
//! Every step waits for visible evidence of the previous one (a count in a
//! pane title, a word in the status line) instead of sleeping, so the tests
//! are quick when all is well and patient on a busy machine.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::pty::{Sandbox, Spawn, TODAY, Term, row_text};

/// Keys as the terminal sends them.
const CTRL_S: &str = "\x13";
const ENTER: &str = "\r";

/// The files that make up a workspace.
const FILES: [&str; 4] = ["workspace.toml", "people.toml", "roles.toml", "matrix.toml"];

/// The bytes of every workspace file, to show that nothing was written.
fn snapshot(ws: &Path) -> BTreeMap<&'static str, Vec<u8>> {
    FILES
        .iter()
        .map(|f| (*f, fs::read(ws.join(f)).expect("workspace file")))
        .collect()
}

fn ws_arg(ws: &Path) -> String {
    ws.display().to_string()
}

/// Starts the workbench on `ws` and waits for its first complete screen.
fn open(sb: &Sandbox, ws: &Path, how: Spawn) -> Term {
    let t = Term::spawn(sb, &["-w", &ws_arg(ws)], how);
    t.wait_for("Findings (");
    t
}

/// The counts in the findings pane title: "Findings (8 errors, 5 warnings,
/// 1 info)".
fn title_counts(screen: &str) -> Option<(u32, u32, u32)> {
    let rest = &screen[screen.find("Findings (")? + "Findings (".len()..];
    let inside = &rest[..rest.find(')')?];
    let mut n = inside.split(", ").map(|part| {
        part.split_whitespace()
            .next()
            .and_then(|d| d.parse::<u32>().ok())
    });
    Some((n.next()??, n.next()??, n.next()??))
}

/// Waits until the findings title shows `errors` errors; returns the screen.
fn wait_errors(t: &Term, errors: u32) -> String {
    t.wait_map(&format!("{errors} errors in the findings title"), |s| {
        let c = s.contents();
        (title_counts(&c).map(|x| x.0) == Some(errors)).then_some(c)
    })
}

/// The status line (the last row).
fn status(s: &vt100::Screen) -> String {
    row_text(s, s.size().0.get() - 1)
}

/// Waits until the status line contains `text`; returns the status line.
fn wait_status(t: &Term, text: &str) -> String {
    t.wait_map(&format!("{text:?} in the status line"), |s| {
        let st = status(s);
        st.contains(text).then_some(st)
    })
}

/// The selected matrix cell as the detail pane describes it:
/// `Role: Information Security Manager (ism) — A (Accountable)` gives
/// `("ism", "A")`; an empty cell (`— -`, `— no letter`) has the letter `-`.
fn detail_role(screen: &str) -> Option<(String, String)> {
    let line = screen.lines().find(|l| l.contains("│Role: "))?;
    let text = &line[line.find("│Role: ")? + "│Role: ".len()..];
    let text = text.split('│').next()?.trim_end();
    let (name, letter) = text.rsplit_once(" — ")?;
    let id = name.rsplit_once('(')?.1.strip_suffix(')')?;
    // "A (Accountable)" for a letter; anything else ("-", "no letter")
    // is an empty cell.
    let letter = match letter.split_whitespace().next()? {
        l @ ("R" | "A" | "S" | "C" | "I") => l,
        _ => "-",
    };
    Some((id.to_string(), letter.to_string()))
}

/// The text of the highlighted (reverse video) run of cells under the
/// terminal cursor, trimmed: the selected matrix cell. rasci keeps the
/// cursor on the selection, for screen readers; `None` if the cursor is not
/// on a highlighted cell.
fn under_cursor(s: &vt100::Screen) -> Option<String> {
    let (row, col) = s.cursor_position();
    let inverse = |c: u16| s.cell(row, c).is_some_and(|x| x.inverse());
    if !inverse(col) {
        return None;
    }
    let mut start = col;
    while start > 0 && inverse(start - 1) {
        start -= 1;
    }
    let mut end = col;
    while inverse(end + 1) {
        end += 1;
    }
    let text: String = (start..=end)
        .filter_map(|c| s.cell(row, c).map(|x| x.contents().to_string()))
        .collect();
    Some(text.trim().to_string())
}

/// The character exactly under the terminal cursor.
fn at_cursor(s: &vt100::Screen) -> String {
    let (row, col) = s.cursor_position();
    s.cell(row, col)
        .map(|c| c.contents().to_string())
        .unwrap_or_default()
}

/// A line of a file and its 0-based number.
type Numbered = (usize, String);

/// A line diff (longest common subsequence): the removed and the added
/// lines, each with its 0-based line number in its own file.
fn line_diff(old: &str, new: &str) -> (Vec<Numbered>, Vec<Numbered>) {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push((j, b[j].to_string()));
            j += 1;
        } else {
            removed.push((i, a[i].to_string()));
            i += 1;
        }
    }
    (removed, added)
}

/// The TOML table header (`["A.5.7"] # ...`) a line number falls under.
fn table_of(text: &str, line: usize) -> String {
    text.lines()
        .take(line + 1)
        .filter(|l| l.trim_start().starts_with('['))
        .last()
        .unwrap_or("")
        .to_string()
}

/// Checks that the program gave the terminal back: the normal screen, a
/// visible cursor, no mouse capture or bracketed paste, and the line
/// discipline out of raw mode.
fn assert_terminal_restored(t: &Term) {
    let (alt, hidden, mouse, paste) = t.with_screen(|s| {
        (
            s.alternate_screen(),
            s.hide_cursor(),
            s.mouse_protocol_mode(),
            s.bracketed_paste(),
        )
    });
    let dump = t.dump();
    assert!(!alt, "still on the alternate screen\n{dump}");
    assert!(!hidden, "the cursor is still hidden\n{dump}");
    assert_eq!(
        mouse,
        vt100::MouseProtocolMode::None,
        "mouse capture left on\n{dump}"
    );
    assert!(!paste, "bracketed paste left on\n{dump}");
    let flags = t.local_flags();
    for f in ["ICANON", "ECHO", "ISIG"] {
        assert!(
            flags.iter().any(|x| x == f),
            "the terminal is still in raw mode ({f} is off): {flags:?}"
        );
    }
    let transcript = t.transcript();
    let has = |seq: &[u8]| transcript.windows(seq.len()).any(|w| w == seq);
    assert!(
        has(b"\x1b[?1049h") && has(b"\x1b[?1049l"),
        "the full screen was entered and left"
    );
}

/// Jumps with the finder: `/`, the query, Enter, waiting for each step to
/// show.
fn find(t: &Term, query: &str) {
    t.send("/");
    t.wait_for("Find — people");
    t.send(query);
    t.wait_for(&format!("> {query}"));
    t.send(ENTER);
    t.wait_gone("Find — people");
}

// 1. Edit, save, undo, quit.

#[test]
fn edit_save_undo_and_quit_with_confirmation() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let original = fs::read_to_string(ws.join("matrix.toml")).expect("matrix.toml");
    let mut t = open(&sb, &ws, Spawn::default());
    let first = wait_status(&t, " saved ");
    let (errors, warnings, infos) =
        title_counts(&t.screen()).unwrap_or_else(|| panic!("findings title\n{}", t.dump()));
    assert!(errors > 0, "the demo has errors");
    assert!(
        first.contains(&format!("as of {TODAY}")),
        "status line: {first}"
    );
    let finding = "matrix/no-accountable A.5.7 Threat intelligence has no Accountable role";
    t.wait_for(finding);

    // Jump to A.5.7 with the finder.
    find(&t, "Threat intelligence");
    t.wait_for("│A.5.7 Threat intelligence");
    let mut cell = t.wait_map("the detail of the selected cell", |s| {
        detail_role(&s.contents())
    });
    // Move right to a role column without a letter (at least one step).
    let mut steps = 0;
    loop {
        let before = cell.clone();
        t.send("l");
        cell = t.wait_map("the selection to move right", |s| {
            detail_role(&s.contents()).filter(|c| *c != before)
        });
        steps += 1;
        if cell.1 == "-" {
            break;
        }
        assert!(steps < 20, "no empty cell in A.5.7\n{}", t.dump());
    }
    let role = cell.0.clone();
    assert_eq!(
        t.with_screen(at_cursor),
        "·",
        "the cursor sits on the cell's glyph\n{}",
        t.dump()
    );
    let glyph = t.with_screen(under_cursor);
    assert_eq!(
        glyph.as_deref(),
        Some("·"),
        "the cursor sits on the empty cell\n{}",
        t.dump()
    );

    // Make that role Accountable: the finding goes, one error fewer.
    t.send("a");
    let screen = wait_errors(&t, errors - 1);
    assert!(
        !screen.contains(finding),
        "the no-Accountable finding for A.5.7 is gone\n{}",
        t.dump()
    );
    assert_eq!(
        title_counts(&screen),
        Some((errors - 1, warnings, infos)),
        "{screen}"
    );
    wait_status(&t, "modified");
    assert_eq!(
        t.with_screen(under_cursor).as_deref(),
        Some("A"),
        "{}",
        t.dump()
    );
    assert_eq!(t.with_screen(at_cursor), "A", "{}", t.dump());
    assert_eq!(detail_role(&screen), Some((role.clone(), "A".to_string())));

    // Save: one line of matrix.toml changes, in the A.5.7 table.
    t.send(CTRL_S);
    let st = wait_status(&t, "Saved");
    assert!(st.contains("matrix.toml") && st.contains(" saved "), "{st}");
    let saved = fs::read_to_string(ws.join("matrix.toml")).expect("matrix.toml");
    let (removed, added) = line_diff(&original, &saved);
    assert!(
        removed.len() <= 1 && added.len() == 1,
        "exactly one line added or changed; removed {removed:?}, added {added:?}"
    );
    let (at, line) = &added[0];
    assert_eq!(line.trim(), format!("{role} = \"A\""));
    assert!(
        table_of(&saved, *at).starts_with("[\"A.5.7\"]"),
        "the line is in the A.5.7 table, not under {:?}",
        table_of(&saved, *at)
    );

    // Undo: the finding and the count come back; the register is modified.
    t.send("u");
    let screen = wait_errors(&t, errors);
    assert!(screen.contains(finding), "{}", t.dump());
    let st = wait_status(&t, "modified");
    assert!(st.contains("Undid"), "{st}");
    assert_eq!(
        t.with_screen(under_cursor).as_deref(),
        Some("·"),
        "{}",
        t.dump()
    );

    // Quit asks first, because the undo is unsaved.
    t.send("q");
    t.wait_for("There are unsaved edits. Quit and lose them?");
    t.send("y");
    let status = t.wait_exit();
    assert!(status.success(), "exit status {status:?}\n{}", t.dump());
    assert_terminal_restored(&t);
    assert!(
        !ws.join(".rasci/recovery").exists(),
        "a deliberate quit leaves no recovery copy"
    );
    // The undo was not saved: the file keeps the saved letter.
    assert_eq!(
        fs::read_to_string(ws.join("matrix.toml")).expect("matrix.toml"),
        saved
    );
    assert!(
        t.queries().is_empty(),
        "terminal queries: {:?}",
        t.queries()
    );
}

// 2 and 3. Signals with unsaved edits.

/// Opens the demo, clears the selected cell (4.1 × top management, an A),
/// sends `signal` and checks that the edit went to the recovery folder, the
/// workspace files are untouched and the terminal is sane. Returns the
/// sandbox, the workspace and the error count with the edit.
fn signal_keeps_unsaved_edits(signal: &str, code: u32) -> (Sandbox, PathBuf, u32) {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let before = snapshot(&ws);
    let mut t = open(&sb, &ws, Spawn::default());
    wait_status(&t, " saved ");
    let errors = title_counts(&t.screen()).expect("counts").0;
    let (_, letter) = t.wait_map("the selected cell", |s| detail_role(&s.contents()));
    assert_eq!(
        letter,
        "A",
        "the first cell of the demo is an A\n{}",
        t.dump()
    );

    t.send("x");
    wait_status(&t, "modified");
    let screen = wait_errors(&t, errors + 1);
    assert!(screen.contains("no Accountable role"), "{screen}");

    t.signal(signal);
    let status = t.wait_exit();
    assert_eq!(
        status.exit_code(),
        code,
        "SIG{signal} ends rasci with 128 + the signal number ({status:?})\n{}",
        t.dump()
    );
    assert_terminal_restored(&t);
    t.wait_for("Unsaved edits were kept in");

    let recovered = ws.join(".rasci/recovery/matrix.toml");
    assert!(recovered.is_file(), "{} exists", recovered.display());
    let kept = fs::read_to_string(&recovered).expect("recovery file");
    let on_disk = fs::read_to_string(ws.join("matrix.toml")).expect("matrix.toml");
    assert_ne!(kept, on_disk, "the recovery file holds the edit");
    let (removed, added) = line_diff(&on_disk, &kept);
    assert_eq!(added, vec![], "nothing added");
    assert_eq!(removed.len(), 1, "one line removed: {removed:?}");
    assert_eq!(removed[0].1.trim(), "top-management = \"A\"");
    assert_eq!(snapshot(&ws), before, "the workspace files are untouched");
    (sb, ws, errors + 1)
}

#[test]
fn sighup_keeps_unsaved_edits_and_they_can_be_restored() {
    let (sb, ws, errors) = signal_keeps_unsaved_edits("HUP", 129);

    let mut t = Term::spawn(&sb, &["-w", &ws_arg(&ws)], Spawn::default());
    t.wait_for("Restore them?");
    t.send("y");
    let st = wait_status(&t, "modified");
    assert!(st.contains("Recovered edits restored"), "{st}");
    wait_errors(&t, errors);
    // The offered copy is set aside (renamed, not deleted), so it is not
    // offered again. (A new idle copy of the restored, unsaved edits may
    // appear as .rasci/recovery two seconds later.)
    let aside = fs::read_dir(ws.join(".rasci"))
        .expect(".rasci")
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with("recovery-"));
    assert!(aside, "the recovered copy was set aside");

    t.send("q");
    t.wait_for("Quit and lose them?");
    t.send("y");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}\n{}", t.dump());
    assert_terminal_restored(&t);
}

#[test]
fn sigterm_keeps_unsaved_edits_and_they_can_be_set_aside() {
    let (sb, ws, errors) = signal_keeps_unsaved_edits("TERM", 143);

    let mut t = Term::spawn(&sb, &["-w", &ws_arg(&ws)], Spawn::default());
    t.wait_for("Restore them?");
    t.send("n");
    let st = wait_status(&t, "Recovered edits set aside");
    assert!(st.contains(" saved "), "{st}");
    wait_errors(&t, errors - 1);
    assert!(!ws.join(".rasci/recovery").exists());

    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}\n{}", t.dump());
    assert_terminal_restored(&t);
}

// 4. A second editor is read-only.

#[test]
fn second_instance_is_read_only_while_the_first_holds_the_lock() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let before = snapshot(&ws);
    let mut first = open(&sb, &ws, Spawn::default());
    wait_status(&first, " saved ");

    let mut second = open(&sb, &ws, Spawn::default());
    let st = wait_status(&second, "READ-ONLY");
    assert!(st.contains("Read-only"), "says why: {st}");
    let screen = second.screen();
    let errors = title_counts(&screen).expect("counts").0;
    let cell = detail_role(&screen).expect("selected cell");

    // Another key first, so the read-only message seen next is new.
    second.send("l");
    let cell = second.wait_map("the selection to move right", |s| {
        detail_role(&s.contents()).filter(|c| *c != cell)
    });
    wait_gone_from_status(&second, "Read-only");
    second.send("a");
    let st = wait_status(&second, "Read-only:");
    assert!(st.contains("READ-ONLY"), "{st}");
    assert_eq!(
        detail_role(&second.screen()),
        Some(cell),
        "the cell did not change"
    );
    assert_eq!(title_counts(&second.screen()).map(|c| c.0), Some(errors));
    second.send(CTRL_S);
    wait_status(&second, "Read-only, not saved");
    assert_eq!(snapshot(&ws), before, "no file changed");

    second.send("q");
    let st2 = second.wait_exit();
    assert!(st2.success(), "{st2:?}\n{}", second.dump());
    assert_terminal_restored(&second);

    // The first one was not disturbed: it still holds the lock and saves.
    let st = first.status_line();
    assert!(!st.contains("READ-ONLY"), "{st}");
    first.send("x");
    wait_status(&first, "modified");
    first.send(CTRL_S);
    wait_status(&first, "Saved matrix.toml");
    assert_ne!(snapshot(&ws), before, "the first one saved");
    first.send("q");
    let st1 = first.wait_exit();
    assert!(st1.success(), "{st1:?}\n{}", first.dump());
    assert_terminal_restored(&first);
}

/// Waits until the status line no longer contains `text`.
fn wait_gone_from_status(t: &Term, text: &str) {
    t.wait_until(&format!("{text:?} to leave the status line"), |s| {
        !status(s).contains(text)
    });
}

// 5. Small screens, no colour, plain ASCII.

#[test]
fn first_screen_at_80x24_without_colour() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let mut t = open(&sb, &ws, Spawn::size(24, 80));
    let st = wait_status(&t, " saved ");
    let screen = t.screen();
    for title in ["People", "Matrix", "Findings ("] {
        assert!(screen.contains(title), "pane {title:?}\n{}", t.dump());
    }
    assert!(
        st.contains("Larkmoor Analytics") && st.contains(&format!("as of {TODAY}")),
        "status line: {st}"
    );
    assert_eq!(screen.lines().count(), 24, "the whole screen is used");
    // NO_COLOR: attributes only, no colour anywhere.
    let coloured = t.with_screen(|s| {
        let mut found = Vec::new();
        for row in 0..24 {
            for col in 0..80 {
                if let Some(c) = s.cell(row, col)
                    && (c.fgcolor() != vt100::Color::Default
                        || c.bgcolor() != vt100::Color::Default)
                {
                    found.push((row, col, c.contents().to_string()));
                }
            }
        }
        found
    });
    assert!(
        coloured.is_empty(),
        "colour under NO_COLOR at (row, col): {:?}\n{}",
        &coloured[..coloured.len().min(10)],
        t.dump()
    );
    t.send("q");
    assert!(t.wait_exit().success());
    assert_terminal_restored(&t);
}

fn assert_ascii_screen(t: &Term) {
    let screen = t.screen();
    let odd: Vec<char> = screen.chars().filter(|c| !c.is_ascii()).collect();
    assert!(odd.is_empty(), "non-ASCII {odd:?}\n{}", t.dump());
}

#[test]
fn ascii_flag_draws_only_ascii() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let mut t = Term::spawn(&sb, &["-w", &ws_arg(&ws), "--ascii"], Spawn::size(24, 80));
    t.wait_for("Findings (");
    wait_status(&t, " saved ");
    assert_ascii_screen(&t);
    // Overlays too: the finder and a confirmation.
    t.send("/");
    t.wait_for("people, roles, subjects");
    assert_ascii_screen(&t);
    t.send("\x1b");
    t.wait_gone("people, roles, subjects");
    t.send("x");
    wait_status(&t, "modified");
    assert_ascii_screen(&t);
    t.send("q");
    t.wait_for("Quit and lose them?");
    assert_ascii_screen(&t);
    t.send("y");
    assert!(t.wait_exit().success());
    assert_terminal_restored(&t);
}

#[test]
fn a_locale_without_utf8_gets_ascii_too() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let how = Spawn {
        env: vec![("LANG".into(), "C".into())],
        ..Spawn::size(24, 80)
    };
    let mut t = open(&sb, &ws, how);
    wait_status(&t, " saved ");
    assert_ascii_screen(&t);
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn too_small_a_terminal_says_how_big_it_must_be() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let mut t = Term::spawn(&sb, &["-w", &ws_arg(&ws)], Spawn::size(20, 60));
    let screen = t.wait_for("Resize to at least 80x24");
    assert!(screen.contains("now 60x20"), "{screen}");
    assert!(!screen.contains("Findings"), "nothing else\n{screen}");
    t.send("q");
    assert!(t.wait_exit().success());
    assert_terminal_restored(&t);
}

// 6. Files changed under the workbench.

#[test]
fn a_file_changed_on_disk_is_offered_for_reload() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let mut t = open(&sb, &ws, Spawn::default());
    wait_status(&t, " saved ");
    let people = ws.join("people.toml");
    let mut text = fs::read_to_string(&people).expect("people.toml");
    text.push_str("# changed by the end-to-end test\n");
    fs::write(&people, &text).expect("append to people.toml");

    let screen = t.wait_for("changed on disk");
    assert!(
        screen.contains("people.toml changed on disk. Reload?"),
        "{screen}"
    );
    t.send("y");
    let st = wait_status(&t, "Reloaded from disk");
    assert!(st.contains(" saved "), "{st}");
    t.wait_gone("changed on disk");

    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    assert_terminal_restored(&t);
    assert_eq!(fs::read_to_string(&people).expect("people.toml"), text);
}

/// Opens the demo, clears a cell (an unsaved edit of matrix.toml), then
/// appends a comment to `file` behind the workbench's back, declines the
/// reload and presses Ctrl-S. Returns the terminal and the files as they
/// were after the outside change.
fn save_after_declining_a_reload(
    sb: &Sandbox,
    ws: &Path,
    file: &str,
) -> (Term, BTreeMap<&'static str, Vec<u8>>) {
    let t = open(sb, ws, Spawn::default());
    wait_status(&t, " saved ");
    t.send("x");
    wait_status(&t, "modified");
    let path = ws.join(file);
    let mut text = fs::read_to_string(&path).expect("workspace file");
    text.push_str("# changed by the end-to-end test\n");
    fs::write(&path, &text).expect("change a workspace file");
    let before = snapshot(ws);

    t.wait_for(&format!("{file} changed on disk"));
    t.send("n");
    wait_status(&t, "Kept what is on screen");
    t.send(CTRL_S);
    (t, before)
}

/// Waits for the status line to say how a save went; returns it.
fn save_outcome(t: &Term) -> String {
    t.wait_map("the outcome of the save in the status line", |s| {
        let st = status(s);
        (st.contains("Saved") || st.contains("Not saved")).then_some(st)
    })
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_by_a_save() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let (mut t, before) = save_after_declining_a_reload(&sb, &ws, "matrix.toml");
    let st = save_outcome(&t);
    assert!(st.contains("Not saved") && st.contains("modified"), "{st}");
    assert_eq!(snapshot(&ws), before, "nothing was overwritten");

    t.send("q");
    t.wait_for("Quit and lose them?");
    t.send("y");
    assert!(t.wait_exit().success(), "{}", t.dump());
    assert_terminal_restored(&t);
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn declining_a_reload_still_saves_other_files_and_keeps_the_change() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let (mut t, before) = save_after_declining_a_reload(&sb, &ws, "people.toml");
    let st = save_outcome(&t);
    assert!(st.contains("Saved matrix.toml"), "{st}");
    let after = snapshot(&ws);
    // The change made on disk to people.toml is kept, byte for byte.
    assert_eq!(after.get("people.toml"), before.get("people.toml"));
    assert_ne!(after.get("matrix.toml"), before.get("matrix.toml"));

    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
}

// 7. Quitting without edits.

#[test]
fn quit_without_edits_exits_at_once() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let before = snapshot(&ws);
    let mut t = open(&sb, &ws, Spawn::default());
    wait_status(&t, " saved ");
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}\n{}", t.dump());
    assert!(
        !t.screen().contains("Quit and lose"),
        "no question was asked"
    );
    assert_terminal_restored(&t);
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn quit_can_save_first() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let before = snapshot(&ws);
    let mut t = open(&sb, &ws, Spawn::default());
    wait_status(&t, " saved ");
    t.send("x");
    wait_status(&t, "modified");
    t.send("q");
    let screen = t.wait_for("save and quit");
    assert!(screen.contains("Quit and lose them?"), "{}", t.dump());
    t.send("s");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}\n{}", t.dump());
    assert_terminal_restored(&t);
    let after = snapshot(&ws);
    assert_ne!(
        after["matrix.toml"], before["matrix.toml"],
        "the edit was saved"
    );
    assert_eq!(after["people.toml"], before["people.toml"]);
}

// 8. A broken workspace.

#[test]
fn a_broken_file_is_reported_without_entering_full_screen() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let people = ws.join("people.toml");
    let mut text = fs::read_to_string(&people).expect("people.toml");
    text.push_str("this is = = not toml\n");
    fs::write(&people, &text).expect("break people.toml");
    let line = text.lines().count();
    let located = format!("people.toml:{line}:");

    // In a terminal: the message, exit 2, and the screen never switched.
    let mut t = Term::spawn(&sb, &["-w", &ws_arg(&ws)], Spawn::default());
    let status = t.wait_exit();
    assert_eq!(status.exit_code(), 2, "{status:?}\n{}", t.dump());
    let screen = t.screen();
    assert!(screen.contains(&located), "located error\n{}", t.dump());
    assert!(
        screen.contains("error: the workspace could not be loaded"),
        "{}",
        t.dump()
    );
    let transcript = t.transcript();
    assert!(
        !transcript.windows(8).any(|w| w == b"\x1b[?1049h"),
        "the alternate screen was entered"
    );
    assert!(
        !transcript.windows(6).any(|w| w == b"\x1b[?25l"),
        "the cursor was hidden"
    );
    assert!(t.with_screen(|s| !s.alternate_screen() && !s.hide_cursor()));

    // Without a terminal: the message is on stderr, stdout is empty.
    let out = sb.run(&["-w", &ws_arg(&ws)], 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&located), "{stderr}");
    assert!(stderr.contains("not toml"), "shows the line: {stderr}");
    assert!(
        out.stdout.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(fs::read_to_string(&people).expect("people.toml"), text);
}

// The helpers themselves.

#[test]
fn line_diff_finds_added_and_changed_lines() {
    let (r, a) = line_diff("a\nb\nc\n", "a\nb\nx\nc\n");
    assert_eq!((r, a), (vec![], vec![(2, "x".to_string())]));
    let (r, a) = line_diff("a\nb\nc\n", "a\nB\nc\n");
    assert_eq!(r, vec![(1, "b".to_string())]);
    assert_eq!(a, vec![(1, "B".to_string())]);
    assert_eq!(
        title_counts("┌ 3 Findings (8 errors, 5 warnings, 1 info) ──"),
        Some((8, 5, 1))
    );
    assert_eq!(
        detail_role("││Role: Information Security Manager (ism) — A (Accountable)   │"),
        Some(("ism".to_string(), "A".to_string()))
    );
    assert_eq!(
        detail_role("││Role: Top management (top-management) — -       │"),
        Some(("top-management".to_string(), "-".to_string()))
    );
    assert_eq!(
        detail_role("││Role: Developer (developer) — no letter    │"),
        Some(("developer".to_string(), "-".to_string()))
    );
}

// Beyond the issue: a real hang-up, the idle recovery copy, resizing and
// the mouse switch.

/// Waits until `path` exists (or, with `exists` false, is gone): the
/// evidence of work the program does on disk while idle.
fn wait_path(path: &Path, exists: bool) {
    let limit = common::pty::timeout();
    let deadline = std::time::Instant::now() + limit;
    while path.exists() != exists {
        assert!(
            std::time::Instant::now() < deadline,
            "{} {} within {limit:?}",
            path.display(),
            if exists {
                "did not appear"
            } else {
                "did not go"
            }
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Waits until the recovery folder `copy` is complete: its time stamp
/// (`saved-at`) is written after the files, and a folder without it is not
/// offered at the next start.
fn wait_copy(copy: &Path) {
    wait_path(&copy.join("saved-at"), true);
    assert!(
        copy.join("matrix.toml").is_file(),
        "the copy holds matrix.toml"
    );
}

/// Opens the demo, makes an edit and hangs the terminal up, as when an SSH
/// connection drops; checks that the edit was kept and the workspace files
/// are untouched. Returns the exit status.
fn hang_up_with_an_unsaved_edit() -> portable_pty::ExitStatus {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let before = snapshot(&ws);
    let mut t = open(&sb, &ws, Spawn::default());
    wait_status(&t, " saved ");
    t.send("x");
    wait_status(&t, "modified");

    t.hang_up();
    let status = t.wait_exit();
    let kept = ws.join(".rasci/recovery/matrix.toml");
    assert!(kept.is_file(), "the edit was kept ({status:?})");
    let on_disk = fs::read_to_string(ws.join("matrix.toml")).expect("matrix.toml");
    let (removed, added) = line_diff(&on_disk, &fs::read_to_string(&kept).expect("kept"));
    assert_eq!((removed.len(), added.len()), (1, 0), "the cleared cell");
    assert_eq!(snapshot(&ws), before, "the workspace files are untouched");
    status
}

#[test]
fn hanging_up_the_terminal_keeps_unsaved_edits() {
    let status = hang_up_with_an_unsaved_edit();
    assert!(!status.success(), "{status:?}");
}

#[test]
fn hanging_up_the_terminal_exits_like_sighup() {
    let status = hang_up_with_an_unsaved_edit();
    assert_eq!(
        status.exit_code(),
        129,
        "a hang-up ends rasci like SIGHUP, 128 + 1 ({status:?})"
    );
}

/// The names of the set-aside recovery folders (`recovery-<stamp>`).
fn set_aside(ws: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(ws.join(".rasci"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("recovery-"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Idle copies during one run replace each other (no pile of old copies
/// of personal data), and a signal right after one still keeps every edit.
#[test]
fn idle_copies_replace_each_other_and_a_signal_keeps_the_latest_edit() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let copy = ws.join(".rasci/recovery");
    let mut t = open(&sb, &ws, Spawn::default());
    wait_status(&t, " saved ");
    let errors = title_counts(&t.screen()).expect("counts").0;
    // Rows 4.1, 4.2 and 4.3 each lose their Accountable, one at a time,
    // with a pause (and so an idle copy) after each of the first two.
    t.send("x");
    wait_errors(&t, errors + 1);
    wait_copy(&copy);
    t.send("jx");
    wait_errors(&t, errors + 2);
    let deadline = std::time::Instant::now() + common::pty::timeout();
    loop {
        let kept = fs::read_to_string(copy.join("matrix.toml")).unwrap_or_default();
        let on_disk = fs::read_to_string(ws.join("matrix.toml")).expect("matrix.toml");
        if line_diff(&on_disk, &kept).0.len() == 2 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the second idle copy never came"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    t.send("jx");
    wait_errors(&t, errors + 3);
    t.signal("TERM");
    let status = t.wait_exit();
    assert_eq!(status.exit_code(), 143, "{status:?}\n{}", t.dump());
    let kept = fs::read_to_string(copy.join("matrix.toml")).expect("recovery");
    let on_disk = fs::read_to_string(ws.join("matrix.toml")).expect("matrix.toml");
    let (removed, _) = line_diff(&on_disk, &kept);
    assert_eq!(removed.len(), 3, "all three edits kept: {removed:?}");
    assert!(
        set_aside(&ws).is_empty(),
        "this run's earlier copies were replaced, not piled up: {:?}",
        set_aside(&ws)
    );
}

#[test]
fn idle_edits_are_copied_for_recovery_and_survive_kill_9() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let copy = ws.join(".rasci/recovery");
    let mut t = open(&sb, &ws, Spawn::default());
    wait_status(&t, " saved ");
    let errors = title_counts(&t.screen()).expect("counts").0;

    // An unsaved edit is copied after a pause; saving removes the copy.
    t.send("x");
    wait_status(&t, "modified");
    wait_copy(&copy);
    t.send(CTRL_S);
    wait_status(&t, "Saved");
    wait_path(&copy, false);

    // Another edit, copied, then the process is killed outright.
    t.send("r");
    wait_status(&t, "modified");
    wait_errors(&t, errors + 1);
    wait_copy(&copy);
    t.signal("KILL");
    let status = t.wait_exit();
    assert!(!status.success(), "{status:?}");
    drop(t);

    let mut t = Term::spawn(&sb, &["-w", &ws_arg(&ws)], Spawn::default());
    t.wait_for("Restore them?");
    t.send("y");
    wait_status(&t, "Recovered edits restored");
    let screen = t.screen();
    assert_eq!(
        detail_role(&screen).map(|c| c.1),
        Some("R".to_string()),
        "the R came back\n{screen}"
    );
    // Quitting without saving drops the edits and leaves no copy behind.
    t.send("q");
    t.wait_for("Quit and lose them?");
    t.send("y");
    assert!(t.wait_exit().success(), "{}", t.dump());
    assert_terminal_restored(&t);
    assert!(!copy.exists(), "no recovery copy after a deliberate quit");
}

#[test]
fn resizing_redraws_at_the_new_size() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let mut t = open(&sb, &ws, Spawn::default());
    wait_status(&t, " saved ");

    t.resize(20, 60);
    let screen = t.wait_for("Resize to at least 80x24");
    assert!(screen.contains("now 60x20"), "{screen}");

    t.resize(40, 120);
    t.wait_gone("Resize to at least");
    let st = wait_status(&t, " saved ");
    assert!(st.contains("Larkmoor"), "{st}");
    let screen = t.wait_for("Findings (");
    assert_eq!(screen.lines().count(), 40, "{}", t.dump());
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Findings (") && l.contains("Detail")),
        "wide screens put the detail beside the findings\n{}",
        t.dump()
    );
    t.send("q");
    assert!(t.wait_exit().success());
    assert_terminal_restored(&t);
}

#[test]
fn mouse_capture_follows_the_flag_and_the_m_key() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let mouse = |t: &Term| t.with_screen(|s| s.mouse_protocol_mode());

    let mut t = open(&sb, &ws, Spawn::default());
    wait_status(&t, " saved ");
    assert_ne!(mouse(&t), vt100::MouseProtocolMode::None, "on by default");
    t.send("q");
    assert!(t.wait_exit().success());
    assert_terminal_restored(&t);

    let mut t = Term::spawn(&sb, &["-w", &ws_arg(&ws), "--no-mouse"], Spawn::default());
    wait_status(&t, " saved ");
    assert_eq!(mouse(&t), vt100::MouseProtocolMode::None, "--no-mouse");
    t.send("M");
    wait_status(&t, "Mouse on");
    t.wait_until("mouse capture on", |s| {
        s.mouse_protocol_mode() != vt100::MouseProtocolMode::None
    });
    t.send("M");
    wait_status(&t, "Mouse off");
    t.wait_until("mouse capture off", |s| {
        s.mouse_protocol_mode() == vt100::MouseProtocolMode::None
    });
    t.send("q");
    assert!(t.wait_exit().success());
    assert_terminal_restored(&t);
}

// Presentation mode.

/// The review meeting's screen: `rasci present` opens on the summary while
/// the ISM has the workspace open for editing elsewhere, pages through,
/// goes back to a read-only workbench and quits without touching a file.
#[test]
fn present_walks_through_the_register_beside_an_editor() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let before = snapshot(&ws);
    let mut editor = open(&sb, &ws, Spawn::default());
    wait_status(&editor, " saved ");

    let mut t = Term::spawn(&sb, &["present", "-w", &ws_arg(&ws)], Spawn::size(24, 80));
    let screen = t.wait_for("Summary 1/6");
    assert!(screen.contains("management review"), "{}", t.dump());
    assert!(screen.contains("Open findings: 8 errors"), "{}", t.dump());
    assert!(
        !screen.contains("READ-ONLY"),
        "no edit chrome\n{}",
        t.dump()
    );
    t.send("5");
    let screen = t.wait_for("Open findings 5/6");
    assert!(screen.contains("Errors (8)"), "{}", t.dump());
    t.send("\x1b[C"); // right arrow
    let screen = t.wait_for("Since the last sign-off 6/6");
    assert!(screen.contains("Marek Nowak"), "{}", t.dump());

    // Esc leaves the presentation for the workbench, read-only.
    t.send("\x1b");
    wait_status(&t, "READ-ONLY");
    t.send("q");
    let st = t.wait_exit();
    assert!(st.success(), "{st:?}\n{}", t.dump());
    assert_terminal_restored(&t);

    // The editor still holds the lock and was not disturbed.
    assert!(!editor.status_line().contains("READ-ONLY"));
    editor.send("q");
    assert!(editor.wait_exit().success());
    assert_eq!(snapshot(&ws), before, "no file changed");
}

/// The other way round: a presentation already on the meeting screen takes
/// no lock, so the ISM who opens the workspace afterwards can still edit.
#[test]
fn an_editor_opened_after_the_presentation_gets_write_access() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let mut shown = Term::spawn(&sb, &["present", "-w", &ws_arg(&ws)], Spawn::default());
    shown.wait_for("Summary 1/6");
    let mut editor = open(&sb, &ws, Spawn::default());
    let st = wait_status(&editor, " saved ");
    assert!(!st.contains("READ-ONLY"), "{st}\n{}", editor.dump());
    editor.send("q");
    assert!(editor.wait_exit().success());
    shown.send("q");
    assert!(shown.wait_exit().success());
}

/// The ISM edits from the command line during the meeting: the
/// presentation on the shared screen follows the saved files on its own,
/// on the page it was showing, without a question (it has nothing to lose).
#[test]
fn the_presentation_follows_edits_saved_elsewhere() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let mut t = Term::spawn(&sb, &["present", "-w", &ws_arg(&ws)], Spawn::default());
    t.wait_for("Summary 1/6");
    t.send("5");
    let screen = t.wait_for("Open findings 5/6");
    assert!(screen.contains("Errors (8)"), "{}", t.dump());
    // A.5.7 has no Accountable in the demo: giving it one resolves an error.
    sb.run(&["set", "-w", &ws_arg(&ws), "A.5.7", "ism", "A"], 0);
    let screen = t.wait_for("Errors (7)");
    assert!(
        screen.contains("Open findings 5/6"),
        "same page\n{}",
        t.dump()
    );
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
}

/// A read-only file: the workbench says why the save was refused and keeps
/// the edit, which saves once the file is writable again.
#[test]
fn a_read_only_file_refuses_the_save_and_the_workbench_keeps_the_edit() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let wide = Spawn {
        cols: 160,
        ..Spawn::default()
    };
    let mut t = open(&sb, &ws, wide);
    wait_status(&t, " saved ");
    t.send("x");
    wait_status(&t, "modified");
    let matrix = ws.join("matrix.toml");
    fs::set_permissions(&matrix, fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = snapshot(&ws);
    t.send(CTRL_S);
    let st = save_outcome(&t);
    assert!(
        st.contains("Not saved: matrix.toml is read-only (mode 0444)") && st.contains("modified"),
        "{st}"
    );
    assert_eq!(snapshot(&ws), before, "nothing was written");
    fs::set_permissions(&matrix, fs::Permissions::from_mode(0o644)).expect("chmod");
    t.send(CTRL_S);
    wait_status(&t, "Saved matrix.toml");
    assert_ne!(snapshot(&ws).get("matrix.toml"), before.get("matrix.toml"));
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    assert_terminal_restored(&t);
}

/// An editor saving matrix.toml in the instant the workbench replaces it
/// (the fault hook holds the save just before the swap): the editor's
/// version is kept in .rasci/displaced/ and the status line says so.
#[test]
fn an_editor_save_during_a_workbench_save_is_kept_and_shown() {
    let sb = Sandbox::new();
    let ws = sb.demo("ws");
    let how = Spawn {
        cols: 200,
        env: vec![("RASCI_FAULT".into(), "replace:sleep=1500".into())],
        ..Spawn::default()
    };
    let mut t = open(&sb, &ws, how);
    wait_status(&t, " saved ");
    t.send("x");
    wait_status(&t, "modified");
    let matrix = ws.join("matrix.toml");
    let hand = fs::read_to_string(&matrix).expect("matrix.toml") + "# the editor's change\n";
    t.send(CTRL_S);
    // Well inside the held second and a half, after the check.
    std::thread::sleep(std::time::Duration::from_millis(600));
    let tmp = ws.join(".matrix.toml.swp");
    fs::write(&tmp, &hand).expect("editor writes");
    fs::rename(&tmp, &matrix).expect("editor renames");
    let st = wait_status(&t, "Saved, but");
    assert!(st.contains("SOMEONE ELSE CHANGED"), "{st}");
    let kept: Vec<String> = fs::read_dir(ws.join(".rasci/displaced"))
        .expect("a displaced folder")
        .flatten()
        .map(|e| fs::read_to_string(e.path()).expect("kept version"))
        .collect();
    assert_eq!(kept, vec![hand], "the editor's version is kept whole");
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    assert_terminal_restored(&t);
}

/// `rasci demo` opens the demo as before and leaves it in a git repository
/// with a year of history, which it mentions once on the way out.
#[test]
fn the_demo_opens_with_its_git_history() {
    let sb = Sandbox::new();
    let git_here = std::process::Command::new("git")
        .arg("--version")
        .env("PATH", "/usr/bin:/bin")
        .output()
        .is_ok_and(|o| o.status.success());
    if !git_here {
        eprintln!("skipped: git is not installed in /usr/bin or /bin");
        return;
    }
    let ws = sb.path().join("copy");
    let mut t = Term::spawn(&sb, &["demo", &ws_arg(&ws)], Spawn::default());
    let screen = t.wait_for("Findings (");
    assert_eq!(
        title_counts(&screen),
        Some((8, 5, 1)),
        "the demo's findings are unchanged\n{}",
        t.dump()
    );
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    let said = String::from_utf8_lossy(&t.transcript()).into_owned();
    assert_eq!(
        said.matches("Its git history has 13 commits").count(),
        1,
        "{}",
        t.dump()
    );
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(&ws)
            .args(args)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    assert_eq!(git(&["log", "--oneline"]).lines().count(), 13);
    assert_eq!(
        git(&["status", "--porcelain"]),
        "",
        "nothing left to commit"
    );
}

/// Without git the demo still opens, and says once that it has no history.
#[test]
fn the_demo_opens_without_git_and_says_so_once() {
    let sb = Sandbox::new();
    let empty = sb.path().join("no-programs");
    fs::create_dir_all(&empty).expect("an empty folder");
    let ws = sb.path().join("copy");
    let how = Spawn {
        env: vec![("PATH".into(), empty.display().to_string())],
        ..Spawn::default()
    };
    let mut t = Term::spawn(&sb, &["demo", &ws_arg(&ws)], how);
    let screen = t.wait_for("Findings (");
    assert_eq!(title_counts(&screen), Some((8, 5, 1)), "{}", t.dump());
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    let said = String::from_utf8_lossy(&t.transcript()).into_owned();
    assert_eq!(said.matches("git was not found").count(), 1, "{}", t.dump());
    assert!(!ws.join(".git").exists(), "no repository");
    assert!(ws.join("matrix.toml").is_file(), "the demo is there");
}

/// The user's own git configuration takes no part in writing the demo's
/// history: no template, hook or fsmonitor program of theirs runs, and the
/// branch is `main` whatever their default.
#[test]
fn the_demo_history_ignores_the_users_git_config() {
    let sb = Sandbox::new();
    let git_here = std::process::Command::new("git")
        .arg("--version")
        .env("PATH", "/usr/bin:/bin")
        .output()
        .is_ok_and(|o| o.status.success());
    if !git_here {
        eprintln!("skipped: git is not installed in /usr/bin or /bin");
        return;
    }
    let marker = sb.path().join("ran");
    let script = sb.path().join("spy.sh");
    fs::write(&script, format!("#!/bin/sh\ntouch {}\n", marker.display())).expect("script");
    let mut perms = fs::metadata(&script).expect("script").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    fs::set_permissions(&script, perms).expect("chmod");
    let hooks = sb.path().join("hooks");
    let template = sb.path().join("template");
    fs::create_dir_all(&hooks).expect("hooks");
    fs::create_dir_all(&template).expect("template");
    fs::write(template.join("from-the-users-template"), "x").expect("template file");
    for hook in [
        "pre-commit",
        "post-commit",
        "post-checkout",
        "reference-transaction",
    ] {
        fs::copy(&script, hooks.join(hook)).expect("hook");
    }
    fs::write(
        sb.path().join(".gitconfig"),
        format!(
            "[init]\n\tdefaultBranch = trunk\n\ttemplateDir = {}\n[core]\n\thooksPath = {}\n\tfsmonitor = {}\n[commit]\n\tgpgSign = true\n[gpg]\n\tprogram = {}\n",
            template.display(),
            hooks.display(),
            script.display(),
            script.display()
        ),
    )
    .expect(".gitconfig");
    let ws = sb.path().join("copy");
    let mut t = Term::spawn(&sb, &["demo", &ws_arg(&ws)], Spawn::default());
    t.wait_for("Findings (");
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    let said = String::from_utf8_lossy(&t.transcript()).into_owned();
    assert!(
        said.contains("Its git history has 13 commits"),
        "{}",
        t.dump()
    );
    assert!(!marker.exists(), "a program from the user's git config ran");
    assert!(!ws.join(".git/from-the-users-template").exists());
    assert_eq!(
        fs::read_to_string(ws.join(".git/HEAD")).expect("HEAD"),
        "ref: refs/heads/main\n"
    );
}
