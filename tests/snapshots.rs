//! Rendering snapshots of the workbench: each pane focused, the tree views,
//! the matrix views, the layers (help, palette, finder, form, confirm), the
//! "too small" screen, ASCII mode and a read-only session, at 80×24 and
//! 120×40, drawn on ratatui's `TestBackend` with the bundled demo workspace
//! evaluated on a fixed date.
//!
//! Review every snapshot change like code: borders intact, nothing
//! overflowing, long text cut with an ellipsis, the selection where it
//! should be.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use tempfile::TempDir;

use rasci::model::Date;
use rasci::session::Session;
use rasci::store::template::{Template, init};
use rasci::tui::app::{App, Options};
use rasci::tui::keymap::{Key, KeyMap};
use rasci::tui::ui::draw;

/// The date the demo is evaluated on everywhere, so output is reproducible.
const DAY: &str = "2026-11-27";

fn day() -> Date {
    DAY.parse().expect("valid date")
}

fn options() -> Options {
    Options {
        color: false,
        ascii: false,
        mouse: false,
    }
}

/// The workbench on a fresh copy of the demo workspace. The temporary
/// folder must outlive the app, so both are returned.
struct Bench {
    app: App,
    tmp: TempDir,
}

fn bench_with(opts: &Options, read_only: Option<String>) -> Bench {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = tmp.path().join("ws");
    init(&dir, Template::Demo).expect("demo workspace");
    let (store, ws) = rasci::store::load(&dir).expect("demo loads");
    let session = Session::new(store, ws, day());
    let app = App::new(session, read_only, KeyMap::default(), opts);
    Bench { app, tmp }
}

fn bench() -> Bench {
    bench_with(&options(), None)
}

impl Bench {
    /// Presses keys given as key-map specs (`j`, `tab`, `ctrl-u`, `enter`).
    fn keys(&mut self, specs: &[&str]) -> &mut Self {
        for spec in specs {
            let key = Key::parse(spec).unwrap_or_else(|e| panic!("{e}"));
            self.app.handle_key(key);
        }
        self
    }

    /// Types text into whatever has the keys, one character at a time.
    fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            let spec = if c == ' ' {
                "space".to_string()
            } else {
                c.to_string()
            };
            self.keys(&[&spec]);
        }
        self
    }

    /// Draws one frame on a `w`×`h` test terminal.
    fn draw(&mut self, w: u16, h: u16) -> Terminal<TestBackend> {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        terminal
            .draw(|f| draw(f, &mut self.app))
            .expect("frame draws");
        terminal
    }
}

/// The text of row `y` of `buf`, one cell after the other.
fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

/// Every row of `buf`, joined by newlines.
fn text(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| row(buf, y))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a snapshot records: the screen text as `TestBackend` shows it,
/// then what the text alone cannot show. With colour off, selection and
/// focus are carried by attributes only, so the runs of reversed and of
/// underlined cells are listed, and where the terminal cursor was left
/// (it follows the selection, for screen readers).
fn screen(terminal: &Terminal<TestBackend>) -> String {
    let backend = terminal.backend();
    let buf = backend.buffer();
    let mut out = format!("{backend}");
    out.push_str("\n--- cursor: ");
    if backend.cursor_visible() {
        let p = backend.cursor_position();
        out.push_str(&format!("x={} y={}", p.x, p.y));
    } else {
        out.push_str("hidden");
    }
    for (name, modifier) in [
        ("reversed", Modifier::REVERSED),
        ("underlined", Modifier::UNDERLINED),
    ] {
        out.push_str(&format!("\n--- {name}:"));
        for y in 0..buf.area.height {
            let mut x = 0;
            while x < buf.area.width {
                if !buf[(x, y)].modifier.contains(modifier) {
                    x += 1;
                    continue;
                }
                let start = x;
                let mut run = String::new();
                while x < buf.area.width && buf[(x, y)].modifier.contains(modifier) {
                    run.push_str(buf[(x, y)].symbol());
                    x += 1;
                }
                out.push_str(&format!("\ny={y:<2} x={start}..{x} {run:?}"));
            }
        }
    }
    out.push('\n');
    out
}

fn status(terminal: &Terminal<TestBackend>) -> String {
    let buf = terminal.backend().buffer();
    row(buf, buf.area.height - 1)
}

// 1. Start screen.

#[test]
fn start_screen() {
    let mut b = bench();
    let t = b.draw(80, 24);
    insta::assert_snapshot!("start_80x24", screen(&t));

    // The status line keeps its promises: the evaluation date and the
    // finding counts, matching the findings pane's title.
    let s = status(&t);
    assert!(s.contains(&format!("as of {DAY}")), "{s}");
    let (e, w, i) = rasci::rules::counts(b.app.session.findings());
    assert!(e + w + i > 0, "the demo has findings");
    assert!(s.contains(&format!("✖{e} ▲{w} ℹ{i}")), "{s}");
    assert!(s.contains("saved"), "{s}");
    let all = text(t.backend().buffer());
    assert!(
        all.contains(&format!("({e} errors, {w} warnings, {i} info)")),
        "findings title"
    );

    let t = b.draw(120, 40);
    insta::assert_snapshot!("start_120x40", screen(&t));
    assert!(status(&t).contains(&format!("as of {DAY}")));
}

// 2. Each pane focused.

#[test]
fn each_pane_focused() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut b = bench();
        // Start: matrix. Tab: findings, then tree, then matrix again.
        b.keys(&["tab"]);
        let t = b.draw(w, h);
        insta::assert_snapshot!(format!("focus_findings_{w}x{h}"), screen(&t));
        assert!(text(t.backend().buffer()).contains("[3 Findings"));

        b.keys(&["tab"]);
        let t = b.draw(w, h);
        insta::assert_snapshot!(format!("focus_tree_{w}x{h}"), screen(&t));
        assert!(text(t.backend().buffer()).contains("[1 People · v]"));

        b.keys(&["tab"]);
        let t = b.draw(w, h);
        insta::assert_snapshot!(format!("focus_matrix_{w}x{h}"), screen(&t));
        assert!(text(t.backend().buffer()).contains("[2 Matrix]"));
    }
}

// 3. The tree's three views.

#[test]
fn tree_views() {
    let mut b = bench();
    b.keys(&["1"]);
    insta::assert_snapshot!("tree_people_120x40", screen(&b.draw(120, 40)));
    b.keys(&["v"]);
    let t = b.draw(120, 40);
    insta::assert_snapshot!("tree_roles_120x40", screen(&t));
    assert!(text(t.backend().buffer()).contains("[1 Roles · v]"));
    // Expand the second role, the ISM: it has a past and a present holder.
    b.keys(&["j", "l"]);
    assert_eq!(b.app.tree.selected_key(), Some("r:ism"));
    assert!(b.app.tree.rows[1].expanded);
    insta::assert_snapshot!("tree_roles_expanded_120x40", screen(&b.draw(120, 40)));
    b.keys(&["v"]);
    let t = b.draw(120, 40);
    insta::assert_snapshot!("tree_register_120x40", screen(&t));
    assert!(text(t.backend().buffer()).contains("[1 Register · v]"));
}

// 4. The matrix.

#[test]
fn matrix_views() {
    let mut b = bench();
    b.keys(&["/"]).type_text("A.5.15 access").keys(&["enter"]);
    assert_eq!(b.app.matrix.selected_subject(), Some("A.5.15"));
    insta::assert_snapshot!("matrix_a515_120x40", screen(&b.draw(120, 40)));

    b.keys(&["p"]);
    let t = b.draw(120, 40);
    insta::assert_snapshot!("matrix_people_120x40", screen(&t));
    assert!(text(t.backend().buffer()).contains("[2 Matrix (people)]"));

    let mut b = bench();
    b.keys(&["f"]);
    let t = b.draw(120, 40);
    insta::assert_snapshot!("matrix_only_findings_120x40", screen(&t));
    assert!(text(t.backend().buffer()).contains("[2 Matrix — with findings]"));
}

// 5. Help, palette, finder.

#[test]
fn overlays() {
    let mut b = bench();
    b.keys(&["?"]);
    insta::assert_snapshot!("help_80x24", screen(&b.draw(80, 24)));
    insta::assert_snapshot!("help_120x40", screen(&b.draw(120, 40)));

    let mut b = bench();
    b.keys(&[":"]);
    insta::assert_snapshot!("palette_80x24", screen(&b.draw(80, 24)));

    let mut b = bench();
    b.keys(&["/"]).type_text("access");
    insta::assert_snapshot!("finder_query_80x24", screen(&b.draw(80, 24)));
}

#[test]
fn form_hints_follow_the_focused_field_and_the_help_lists_the_form_keys() {
    use rasci::tui::app::Layer;
    let mut b = bench();
    b.keys(&["1", "j", "enter"]);
    // The name: a line of text, where Enter saves and Space is a space.
    let s = status(&b.draw(120, 40));
    assert!(s.contains("Enter save") && s.contains("Esc cancel"), "{s}");
    assert!(!s.contains("toggle"), "{s}");
    // Back from the first field: the competencies, several lines, where
    // Enter makes a new line and Ctrl-S saves.
    b.keys(&["shift-tab"]);
    let s = status(&b.draw(120, 40));
    assert!(
        s.contains("Enter new line") && s.contains("Ctrl-S save"),
        "{s}"
    );
    assert!(!s.contains("Enter save"), "{s}");
    // The form's own footer says the same.
    let all = text(b.draw(120, 40).backend().buffer());
    let footer = all
        .lines()
        .find(|l| l.contains("Esc cancel") && l.contains('│'))
        .unwrap_or_else(|| panic!("{all}"));
    assert!(footer.contains("Enter new line"), "{footer}");
    assert!(!footer.contains("Enter save"), "{footer}");
    let Some(Layer::Form(ef)) = b.app.layers.last() else {
        panic!("the form is open")
    };
    let before = ef.form.focused().expect("a field").value.clone();
    b.keys(&["enter"]);
    let Some(Layer::Form(ef)) = b.app.layers.last() else {
        panic!("Enter in a field of several lines keeps the form open")
    };
    assert_eq!(
        ef.form.focused().expect("a field").value,
        format!("{before}\n")
    );
    // A yes/no field offers Space.
    b.keys(&["up"]);
    let s = status(&b.draw(120, 40));
    assert!(
        s.contains("Space toggle") && s.contains("Enter save"),
        "{s}"
    );

    // The help lists the form keys, from the same table.
    let keymap = KeyMap::default();
    let theme = rasci::tui::theme::Theme::new(false);
    let help: Vec<String> = rasci::tui::overlay::help_lines(&keymap, &[], &theme, false)
        .iter()
        .map(|l| l.to_string())
        .collect();
    let at = help
        .iter()
        .position(|l| l == "In a form")
        .unwrap_or_else(|| panic!("{help:#?}"));
    let form: String = help[at..].join("\n");
    for (key, says) in [
        ("Enter", "Save the form"),
        ("Enter", "a new line"),
        ("Ctrl-S", "from any field"),
        ("Space", "next value"),
        ("Esc", "Close the form"),
    ] {
        assert!(
            form.lines()
                .any(|l| l.trim_start().starts_with(key) && l.contains(says)),
            "{key} {says}: {form}"
        );
    }
}

// 6. A form, before and after a validation error.

#[test]
fn person_form() {
    let mut b = bench();
    b.keys(&["1", "j", "enter"]);
    let t = b.draw(80, 24);
    insta::assert_snapshot!("person_form_80x24", screen(&t));
    assert!(text(t.backend().buffer()).contains("Edit person"));

    // The name is the first editable field and has the focus.
    b.keys(&["ctrl-u", "enter"]);
    let t = b.draw(80, 24);
    insta::assert_snapshot!("person_form_error_80x24", screen(&t));
    assert!(
        !b.app.layers.is_empty(),
        "an invalid form stays open after Enter"
    );

    // An address that is not one is refused in the form, not saved.
    let mut b = bench();
    let before = b.app.session.workspace().clone();
    b.keys(&["1", "j", "enter", "tab", "ctrl-u"])
        .type_text("not-an-email")
        .keys(&["enter"]);
    let t = b.draw(80, 24);
    assert!(!b.app.layers.is_empty(), "the form stays open");
    assert!(
        text(t.backend().buffer()).contains("name@example.com"),
        "{}",
        screen(&t)
    );
    assert_eq!(b.app.session.workspace(), &before);
}

// 7. Quitting with unsaved edits.

#[test]
fn confirm_quit_with_unsaved_edits() {
    let mut b = bench();
    b.keys(&["c"]);
    let t = b.draw(80, 24);
    let s = status(&t);
    assert!(s.contains("modified"), "{s}");
    assert!(b.app.session.is_dirty());

    b.keys(&["q"]);
    let t = b.draw(80, 24);
    insta::assert_snapshot!("confirm_quit_80x24", screen(&t));
    assert!(!b.app.quit, "asks before quitting");
    assert!(text(t.backend().buffer()).contains("unsaved edits"));
}

// 8. Too small.

#[test]
fn too_small() {
    for (w, h) in [(79, 24), (40, 10)] {
        let mut b = bench();
        let t = b.draw(w, h);
        insta::assert_snapshot!(format!("too_small_{w}x{h}"), screen(&t));
        // Only the message, nothing else anywhere on the screen.
        let buf = t.backend().buffer();
        let words: Vec<String> = text(buf).split_whitespace().map(str::to_string).collect();
        let expected = format!("Resize to at least 80x24 (now {w}x{h})");
        let expected: Vec<&str> = expected.split_whitespace().collect();
        assert_eq!(words, expected, "{w}x{h}");
    }
    // Also 79 wide with a layer open: still nothing but the message.
    let mut b = bench();
    b.keys(&["?"]);
    let t = b.draw(79, 24);
    assert_eq!(
        text(t.backend().buffer())
            .split_whitespace()
            .collect::<Vec<_>>(),
        "Resize to at least 80x24 (now 79x24)"
            .split_whitespace()
            .collect::<Vec<_>>(),
        "a layer must not be drawn over the resize message"
    );
}

// 9. ASCII mode.

fn ascii_bench() -> Bench {
    let opts = Options {
        ascii: true,
        ..options()
    };
    bench_with(&opts, None)
}

/// The non-ASCII characters of `buf`, each with where it is.
fn non_ascii(buf: &Buffer) -> Vec<String> {
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let s = buf[(x, y)].symbol();
            if !s.is_ascii() {
                out.push(format!("{s:?} at x={x} y={y} in {:?}", row(buf, y).trim()));
            }
        }
    }
    out
}

#[test]
fn ascii_mode() {
    let mut b = ascii_bench();
    let t = b.draw(80, 24);
    insta::assert_snapshot!("ascii_80x24", screen(&t));
    let found = non_ascii(t.backend().buffer());
    assert!(found.is_empty(), "{}", found.join("\n"));

    b.keys(&["?"]);
    let t = b.draw(80, 24);
    insta::assert_snapshot!("ascii_help_80x24", screen(&t));
    let found = non_ascii(t.backend().buffer());
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Every screen in ASCII mode is plain ASCII: our own punctuation, the
/// overlay titles, status messages and names with accents included.
#[test]
fn ascii_mode_draws_only_ascii_everywhere() {
    let scenarios: &[(&str, &[&str])] = &[
        ("start", &[]),
        ("tree focused", &["1"]),
        ("findings focused", &["3"]),
        ("roles view", &["1", "v", "j", "l"]),
        ("register view", &["1", "v", "v"]),
        ("only findings", &["f"]),
        ("people columns", &["p"]),
        ("after an edit", &["c"]),
        ("help", &["?"]),
        ("palette", &[":"]),
        ("finder", &["/", "a"]),
        ("person form", &["1", "j", "enter"]),
        ("confirm", &["c", "q"]),
        ("presentation summary", &["P"]),
        ("presentation roles", &["P", "2"]),
        ("presentation org chart", &["P", "3"]),
        ("presentation matrix", &["P", "4"]),
        ("presentation findings", &["P", "5"]),
        ("presentation since sign-off", &["P", "6"]),
    ];
    let mut problems = Vec::new();
    for (name, keys) in scenarios {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut b = ascii_bench();
            b.keys(keys);
            let t = b.draw(w, h);
            for found in non_ascii(t.backend().buffer()) {
                problems.push(format!("{name} {w}x{h}: {found}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// 10. Presentation mode.

#[test]
fn presentation_pages() {
    let mut b = bench();
    b.keys(&["P"]);
    insta::assert_snapshot!("present_summary_80x24", screen(&b.draw(80, 24)));
    insta::assert_snapshot!("present_summary_120x40", screen(&b.draw(120, 40)));
    b.keys(&["right"]);
    insta::assert_snapshot!("present_roles_120x40", screen(&b.draw(120, 40)));
    b.keys(&["right"]);
    insta::assert_snapshot!("present_org_120x40", screen(&b.draw(120, 40)));
    b.keys(&["right"]);
    insta::assert_snapshot!("present_matrix_80x24", screen(&b.draw(80, 24)));
    insta::assert_snapshot!("present_matrix_120x40", screen(&b.draw(120, 40)));
    b.keys(&["right"]);
    insta::assert_snapshot!("present_findings_80x24", screen(&b.draw(80, 24)));
    b.keys(&["right"]);
    insta::assert_snapshot!("present_since_80x24", screen(&b.draw(80, 24)));
    // Scrolling stops at the end of the page, with its last line still on
    // screen just above the footer.
    b.keys(&["pgdn", "pgdn", "pgdn", "pgdn", "j", "j"]);
    let t = b.draw(80, 24);
    let footer = row(t.backend().buffer(), 23);
    assert!(footer.trim_end().ends_with("q quit  ↑ more"), "{footer}");
    let above = row(t.backend().buffer(), 22);
    assert!(above.contains("Top management — 2026-03-18"), "{above}");
}

#[test]
fn presentation_shows_no_edit_chrome_and_takes_no_edits() {
    let mut b = bench();
    b.keys(&["P"]);
    let t = b.draw(120, 40);
    let all = text(t.backend().buffer());
    for chrome in [
        "1 People",
        "2 Matrix",
        "3 Findings",
        "Detail",
        "? help",
        "saved",
    ] {
        assert!(
            !all.contains(chrome),
            "{chrome:?} on the presentation:\n{all}"
        );
    }
    assert!(all.contains("management review"), "{all}");
    // Letters that would edit the matrix in the workbench do nothing here.
    b.keys(&["a", "c", "x", "u"]);
    assert!(!b.app.session.is_dirty());
    // Esc goes back to the workbench, as it was.
    b.keys(&["esc"]);
    let all = text(b.draw(120, 40).backend().buffer());
    assert!(all.contains("2 Matrix"), "{all}");
    // q and Ctrl-C quit from the presentation as from anywhere.
    b.keys(&["P", "ctrl-c"]);
    assert!(b.app.quit);
    let mut b = bench();
    b.keys(&["P", "q"]);
    assert!(b.app.quit);
}

#[test]
fn presentation_shows_unsaved_edits_and_what_changed_since_the_signoff() {
    let mut b = bench();
    let before = b.app.session.findings().len();
    // Clear the Accountable of the first row (4.1): a new error.
    b.keys(&["x"]);
    assert!(b.app.session.findings().len() > before);
    b.keys(&["P"]);
    let all = text(b.draw(120, 40).backend().buffer());
    assert!(all.contains("9 errors"), "{all}");
    // The room must not take these for the saved register's figures.
    assert!(all.contains("as of 2026-11-27 · unsaved edits"), "{all}");
    b.keys(&["6"]);
    let all = text(b.draw(120, 40).backend().buffer());
    assert!(all.contains("Marek Nowak — last day 2026-09-30"), "{all}");
    // The demo's last sign-off recorded no fingerprint: no claim either way.
    assert!(all.contains("no fingerprint was recorded"), "{all}");
    assert!(!all.contains("unchanged since"), "{all}");
    // q with the edit unsaved asks, over the presentation, and n goes back
    // to it with the edit kept.
    b.keys(&["q"]);
    let all = text(b.draw(100, 30).backend().buffer());
    assert!(
        all.contains("There are unsaved edits. Quit and lose them?"),
        "{all}"
    );
    assert!(all.contains("s save and quit"), "{all}");
    assert!(!b.app.quit);
    b.keys(&["n"]);
    let all = text(b.draw(100, 30).backend().buffer());
    assert!(all.contains("Since the last sign-off 6/6"), "{all}");
    assert!(b.app.session.is_dirty());
}

/// Saves a letter for A.5.7 into the demo's files behind the app's back,
/// as another rasci would: one error (no Accountable) goes.
fn save_elsewhere(b: &Bench) {
    let dir = b.tmp.path().join("ws");
    let (mut st, mut ws) = rasci::store::load(&dir).expect("loads");
    st.lock().expect("nobody else holds the lock");
    ws.matrix.set("A.5.7", "ism", Some(rasci::model::Letter::A));
    st.save(&ws).expect("saved elsewhere");
}

#[test]
fn a_presentation_follows_saved_files_only_with_nothing_to_lose() {
    use rasci::tui::app::Layer;
    // Nothing to lose: it follows, on the page it was showing, unasked.
    let mut b = bench();
    b.keys(&["P", "5"]);
    assert!(text(b.draw(120, 40).backend().buffer()).contains("Errors (8)"));
    save_elsewhere(&b);
    assert!(b.app.check_disk(), "something new to draw");
    let all = text(b.draw(120, 40).backend().buffer());
    assert!(all.contains("Errors (7)"), "{all}");
    assert!(all.contains("Open findings 5/6"), "{all}");
    assert!(matches!(b.app.layers.as_slice(), [Layer::Present(_)]));

    // An edit saved from this workbench leaves undo history, which a
    // reload would drop: the presentation stays as it is, and the
    // question waits for the workbench.
    let mut b = bench();
    b.app
        .session
        .store_mut()
        .lock()
        .expect("the lock, as the workbench takes it");
    b.keys(&["2", "x", "ctrl-s", "P"]);
    assert!(!b.app.session.is_dirty() && b.app.session.can_undo());
    // (The other process would wait for the lock; here it is let go.)
    b.app.session.store_mut().unlock();
    save_elsewhere(&b);
    assert!(!b.app.check_disk());
    assert!(matches!(b.app.layers.as_slice(), [Layer::Present(_)]));
    b.keys(&["esc"]);
    assert!(b.app.check_disk());
    let all = text(b.draw(120, 40).backend().buffer());
    assert!(
        all.contains("matrix.toml changed on disk. Reload?"),
        "{all}"
    );
}

#[test]
fn a_reload_of_files_broken_by_hand_lists_each_problem_and_keeps_the_last_good_state() {
    use rasci::tui::app::Layer;
    let mut b = bench();
    let people = b.tmp.path().join("ws").join("people.toml");
    let before = std::fs::read_to_string(&people).expect("people.toml");
    let broken = before
        .replacen("joined = 2017-03-01", "joined = 2017-13-01", 1)
        .replacen("mfa = true", "mfa = \"yes\"", 1);
    assert_ne!(broken, before, "the demo has those lines");
    std::fs::write(&people, broken).expect("hand edit");
    let count = b.app.session.workspace().people.len();
    b.keys(&["f5"]);
    assert!(matches!(b.app.layers.last(), Some(Layer::Messages(_))));
    let t = b.draw(100, 30);
    insta::assert_snapshot!("reload_problems_100x30", screen(&t));
    let all = text(t.backend().buffer());
    // Both problems, each with its place in the file, its line and a caret.
    assert!(all.contains("people.toml:17:"), "{all}");
    assert!(all.contains("people.toml:19:"), "{all}");
    assert!(all.contains("2017-13-01") && all.contains('^'), "{all}");
    assert_eq!(b.app.session.workspace().people.len(), count);
    // Closed, the status line still says what and where.
    b.keys(&["esc"]);
    assert!(b.app.layers.is_empty());
    let log = &b.app.log.back().expect("said").2;
    assert!(
        log.contains("people.toml:17:") && log.contains("1 more problem"),
        "{log}"
    );
}

// 11. Read-only.

#[test]
fn read_only() {
    let mut b = bench_with(
        &options(),
        Some("the workspace is being edited by another rasci".into()),
    );
    // As `rasci::tui::run` does on start-up.
    b.app
        .warn("Read-only: the workspace is being edited by another rasci");
    let t = b.draw(80, 24);
    insta::assert_snapshot!("read_only_80x24", screen(&t));
    let s = status(&t);
    assert!(s.contains("READ-ONLY"), "{s}");
    // Once the message is gone, the hints offer no key that edits.
    b.keys(&["l"]);
    let s = status(&b.draw(120, 40));
    assert!(s.contains("? help"), "{s}");
    for edit in ["a A", "r R", "x clear", "save", "undo"] {
        assert!(!s.contains(edit), "{edit:?} offered read-only: {s}");
    }
}

// No panic at odd sizes.

#[test]
fn no_panic_at_any_size() {
    for (w, h) in [(1, 1), (20, 5), (80, 24), (200, 60)] {
        let mut b = bench();
        b.draw(w, h);
        for k in ["tab", "tab", "z", "?", "esc", "P", "4", "pgdn", "5"] {
            b.keys(&[k]);
            b.draw(w, h);
        }
    }
}

#[test]
fn a_filter_that_shrinks_the_rows_never_leaves_them_scrolled_away() {
    let mut b = bench();
    // Scroll to the bottom, back to the top, then narrow the rows down.
    b.keys(&["G"]);
    b.draw(80, 24);
    b.keys(&["g", "g", "f", "p", "p", "f", "t"]);
    let t = b.draw(80, 24);
    let text = screen(&t);
    for id in ["4.1", "4.2", "4.3", "4.4"] {
        assert!(text.contains(&format!("  {id} ")), "{id} hidden:\n{text}");
    }
}

#[test]
fn a_text_filter_selects_its_first_match() {
    let mut b = bench();
    // Far down the matrix, then filter on a word that matches rows above.
    b.keys(&["G"]);
    b.draw(120, 40);
    b.keys(&["\\"]).type_text("access").keys(&["enter"]);
    let t = b.draw(120, 40);
    let first = b.app.matrix.selected_subject().map(str::to_string);
    assert_eq!(first.as_deref(), Some("A.5.15"), "{}", screen(&t));
    assert!(screen(&t).contains("A.5.15"), "on screen");
}

#[test]
fn ending_an_assignment_with_a_planned_end_keeps_the_plan() {
    let mut b = bench();
    // Plan the ISM's end for next year, then press `e` on that assignment.
    let mut ism = b.app.session.workspace().roles["ism"].clone();
    ism.assignments[0].until = Some("2027-06-30".parse().unwrap());
    b.app
        .edit(rasci::edit::Edit::PutRole(ism), "plan the ISM's end");
    b.keys(&["1", "v"]);
    b.draw(120, 40);
    b.app.tree.set_expanded("r:ism", true);
    b.draw(120, 40);
    assert!(b.app.tree.select_key("a:ism:0"));
    b.keys(&["e"]);
    let until = b.app.session.workspace().roles["ism"].assignments[0].until;
    assert_eq!(
        until,
        Some("2027-06-30".parse().unwrap()),
        "not overwritten"
    );
    let t = b.draw(120, 40);
    assert!(
        status(&t).contains("already ends on 2027-06-30"),
        "{}",
        status(&t)
    );
}

#[test]
fn ending_a_leavers_assignment_ends_it_on_their_last_day() {
    let mut b = bench();
    // Marek Nowak left on 2026-09-30 but still holds Head of IT.
    let hoi = &b.app.session.workspace().roles["head-of-it"];
    let i = hoi
        .assignments
        .iter()
        .position(|a| a.person == "mnowak" && a.until.is_none())
        .expect("the demo's open leaver assignment");
    b.keys(&["1", "v"]);
    b.draw(120, 40);
    b.app.tree.set_expanded("r:head-of-it", true);
    b.draw(120, 40);
    assert!(b.app.tree.select_key(&format!("a:head-of-it:{i}")));
    b.keys(&["e"]);
    let ws = b.app.session.workspace();
    assert_eq!(
        ws.roles["head-of-it"].assignments[i].until,
        Some("2026-09-30".parse().unwrap()),
        "not today: that would outlast him"
    );
    assert!(
        !b.app
            .session
            .findings()
            .iter()
            .any(|f| f.rule == "people/leaver-holds-role"),
        "the finding is resolved at once"
    );
}

#[test]
fn the_message_log_shows_what_the_status_line_cut_or_replaced() {
    let mut b = bench();
    let long = "Saved matrix.toml; a backup of the previous version is in .rasci/backups, the tenth and oldest was removed";
    b.app.say(long);
    b.app
        .warn("Read-only: the workspace is being edited by another rasci");
    let t = b.draw(80, 24);
    assert!(
        !status(&t).contains("oldest was removed"),
        "cut at 80 columns"
    );
    b.keys(&["g", "m"]);
    let all = text(b.draw(80, 24).backend().buffer());
    let flat = all.split_whitespace().collect::<Vec<_>>().join(" ");
    // Both, in full, oldest first, each with its time.
    let first = flat.find("Saved matrix.toml").expect("first message");
    let second = flat
        .find("Read-only: the workspace")
        .expect("second message");
    assert!(first < second, "{all}");
    assert!(flat.contains("the tenth and oldest was removed"), "{all}");
    assert!(flat.contains("Messages — Esc closes"), "{all}");
    b.keys(&["esc"]);
    let all = text(b.draw(80, 24).backend().buffer());
    assert!(!all.contains("Messages — Esc closes"), "{all}");
}

#[test]
fn esc_on_a_form_with_typing_asks_before_dropping_it() {
    use rasci::tui::app::Layer;
    let mut b = bench();
    // Untouched: Esc closes at once.
    b.keys(&["1", "j", "enter", "esc"]);
    assert!(b.app.layers.is_empty());
    // Typed into: Esc asks; "n" keeps the form and what was typed.
    b.keys(&["enter"]).type_text(" Jr").keys(&["esc"]);
    assert!(matches!(b.app.layers.last(), Some(Layer::Confirm(_))));
    let t = b.draw(80, 24);
    assert!(
        text(t.backend().buffer()).contains("Discard what you typed"),
        "{}",
        screen(&t)
    );
    b.keys(&["n"]);
    match b.app.layers.last() {
        Some(Layer::Form(ef)) => assert!(ef.form.field("name").value.ends_with(" Jr")),
        other => panic!("the form should still be open: {other:?}"),
    }
    // "y" drops it, and nothing reached the register.
    let before = b.app.session.workspace().clone();
    b.keys(&["esc", "y"]);
    assert!(b.app.layers.is_empty());
    assert_eq!(b.app.session.workspace(), &before);
}

#[test]
fn help_lines_too_long_for_the_screen_end_in_an_ellipsis() {
    let mut b = bench();
    b.keys(&["?"]);
    let mut found = false;
    for _ in 0..40 {
        let t = b.draw(80, 24);
        let buf = t.backend().buffer();
        for y in 0..24 {
            let line = row(buf, y);
            if line.contains("Assign a role") {
                found = true;
                let inside = line.trim_end().trim_end_matches('│').trim_end();
                assert!(inside.ends_with('…'), "{line}");
            }
        }
        if found {
            break;
        }
        b.keys(&["j"]);
    }
    assert!(found, "the assign line was never on screen");
}

#[test]
fn a_maximised_pane_keeps_the_detail_below_it() {
    let mut b = bench();
    b.keys(&["3", "z", "j", "j", "j", "j", "j", "j", "j"]);
    let t = b.draw(80, 24);
    insta::assert_snapshot!("maximised_findings_80x24", screen(&t));
    let all = text(t.backend().buffer());
    assert!(all.contains("Detail"), "{all}");
    assert!(
        all.contains("Fix:"),
        "the whole finding, fix included:\n{all}"
    );
}

#[test]
fn typing_past_the_edge_of_a_field_keeps_the_typing_on_screen() {
    let mut b = bench();
    b.keys(&["1", "j", "enter", "ctrl-u"])
        .type_text("Maximiliana Wilhelmina Alexandra Konstantina von Hohenzollern-Sigmaringen");
    let t = b.draw(80, 24);
    let all = text(t.backend().buffer());
    assert!(
        all.contains("Hohenzollern-Sigmaringen"),
        "the end typed is shown:\n{all}"
    );
    // And the terminal cursor sits just after it.
    let buf = t.backend().buffer();
    let p = t.backend().cursor_position();
    let before: String = (p.x.saturating_sub(11)..p.x)
        .map(|x| buf[(x, p.y)].symbol().to_string())
        .collect();
    assert_eq!(before, "Sigmaringen", "{}", screen(&t));
}

#[test]
fn the_grid_uses_the_width_for_titles_and_columns() {
    let mut b = bench();
    // 200 columns: every role column, and the titles get the rest.
    let all = text(b.draw(200, 50).backend().buffer());
    assert!(
        all.contains("4.2 Understanding the needs and expectations of interested parties"),
        "{all}"
    );
    assert!(
        all.contains("Subject / role") && all.contains(" DEV "),
        "{all}"
    );
    // 80 columns: as many role columns as fit, and a marker at the edge
    // for those off screen.
    let t = b.draw(80, 24);
    let header = text(t.backend().buffer())
        .lines()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    assert!(header.contains("1-6 of 16 ▸"), "{header}");
    assert!(header.ends_with("PL  ▸│"), "{header}");
}

#[test]
fn the_assignment_form_picks_people_and_roles_with_the_finder_and_refuses_a_leaver() {
    use rasci::tui::app::Layer;
    let field = |b: &Bench, key: &str| match b.app.layers.last() {
        Some(Layer::Form(ef)) => ef.form.field(key).clone(),
        other => panic!("the form is not on top: {other:?}"),
    };
    let mut b = bench();
    // Aoife Gallagher, then `a`: the form starts in the role field.
    b.keys(&["1", "j", "a", "ctrl-f"]).type_text("incident");
    let t = b.draw(80, 24);
    insta::assert_snapshot!("assignment_pick_role_80x24", screen(&t));
    let all = text(t.backend().buffer());
    assert!(
        all.contains("Pick a role") && all.contains("Incident commander"),
        "{all}"
    );
    b.keys(&["enter"]);
    assert_eq!(field(&b, "role").value, "incident-commander");
    assert_eq!(field(&b, "person").value, "agallagher");
    // The deputy, picked by name.
    b.keys(&["tab", "tab", "tab", "tab", "ctrl-f"])
        .type_text("Brennan")
        .keys(&["enter"]);
    assert_eq!(field(&b, "deputy").value, "sbrennan");
    // A leaver as deputy is refused, with the reason in full.
    b.keys(&["ctrl-u"]).type_text("mnowak").keys(&["enter"]);
    let t = b.draw(80, 24);
    insta::assert_snapshot!("assignment_leaver_deputy_80x24", screen(&t));
    let err = field(&b, "deputy").error.unwrap_or_default();
    assert!(err.contains("mnowak left on 2026-09-30"), "{err}");
    assert_eq!(field(&b, "from").error, None);
    let all = text(t.backend().buffer());
    assert!(all.contains("name someone else"), "{all}");
}
