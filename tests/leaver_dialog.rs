//! The leaver dialog (`L`) in the workbench: the last day, what follows,
//! a successor, and one undoable edit. Drawn on ratatui's `TestBackend`
//! over the bundled demo, evaluated on a fixed date.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

use rasci::model::Date;
use rasci::session::Session;
use rasci::store::template::{Template, init};
use rasci::tui::app::{App, Layer, Options};
use rasci::tui::keymap::{Key, KeyMap};
use rasci::tui::ui::draw;

fn day() -> Date {
    "2026-11-27".parse().unwrap()
}

struct Bench {
    app: App,
    _tmp: TempDir,
}

fn bench() -> Bench {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    init(&dir, Template::Demo).unwrap();
    let (store, ws) = rasci::store::load(&dir).unwrap();
    let options = Options {
        color: false,
        ascii: false,
        mouse: false,
    };
    let app = App::new(
        Session::new(store, ws, day()),
        None,
        KeyMap::default(),
        &options,
    );
    Bench { app, _tmp: tmp }
}

impl Bench {
    fn keys(&mut self, specs: &[&str]) -> &mut Self {
        for spec in specs {
            self.app.handle_key(Key::parse(spec).unwrap());
        }
        self
    }

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

    fn screen(&mut self, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| draw(f, &mut self.app)).unwrap();
        format!("{}", t.backend())
    }

    /// Selects Siobhan Brennan (the ISM) in the tree and presses `L`.
    fn open_for_ism(&mut self) -> &mut Self {
        self.keys(&["/"])
            .type_text("Siobhan Brennan")
            .keys(&["enter", "1", "L"]);
        assert!(
            matches!(self.app.layers.last(), Some(Layer::Leave(_))),
            "the leaver dialog is open"
        );
        self
    }
}

/// Issue 10.11: `L` asks for the last day (today, editable) and shows
/// what follows before anything is saved.
#[test]
fn the_leaver_dialog_shows_what_follows_before_saving() {
    let mut b = bench();
    let before = b.app.session.workspace().clone();
    b.open_for_ism();
    let s = b.screen(80, 24);
    insta::assert_snapshot!("leaver_dialog_80x24", s);
    for words in [
        "Last day",
        "2026-11-27",
        "Ending on 2026-11-27:",
        "Vacant from 2026-11-28:",
    ] {
        assert!(s.contains(words), "{words:?} not on screen:\n{s}");
    }
    assert_eq!(b.app.session.workspace(), &before, "nothing saved yet");
    // A bigger screen has room for all of it.
    let s = b.screen(120, 40);
    insta::assert_snapshot!("leaver_dialog_120x40", s);
    assert!(s.contains("Losing their Accountable:"), "{s}");
}

/// Issue 10.12: a successor named in the dialog takes the roles over; the
/// leave and the handover are one edit that one `u` undoes.
#[test]
fn handing_over_from_the_dialog_is_one_undoable_edit() {
    let mut b = bench();
    let before = b.app.session.workspace().clone();
    b.open_for_ism()
        .keys(&["ctrl-u"])
        .type_text("2026-12-31")
        .keys(&["tab", "tab"])
        .type_text("kkowalczyk");
    let s = b.screen(120, 40);
    insta::assert_snapshot!("leaver_dialog_successor_120x40", s);
    assert!(s.contains("Starting on 2027-01-01:"), "{s}");
    assert!(s.contains("Successor's missing competencies:"), "{s}");
    b.keys(&["enter"]);
    assert!(b.app.layers.is_empty(), "saved and closed");
    let ws = b.app.session.workspace();
    assert_eq!(
        ws.people["sbrennan"].left,
        Some("2026-12-31".parse().unwrap())
    );
    let ism = &ws.roles["ism"];
    assert!(
        ism.assignments
            .iter()
            .any(|a| a.person == "kkowalczyk" && a.from == Some("2027-01-01".parse().unwrap()))
    );
    b.keys(&["u"]);
    assert_eq!(
        b.app.session.workspace(),
        &before,
        "one undo reverts it all"
    );
}

/// A last day years away is pointed out first; a second Enter saves it.
#[test]
fn a_far_off_last_day_asks_for_a_second_enter() {
    let mut b = bench();
    b.open_for_ism()
        .keys(&["ctrl-u"])
        .type_text("2025-06-30")
        .keys(&["enter"]);
    let s = b.screen(80, 24);
    assert!(s.contains("check the year"), "{s}");
    assert!(!b.app.layers.is_empty(), "not saved yet");
    b.keys(&["enter"]);
    assert!(b.app.layers.is_empty(), "saved on the second Enter");
    assert_eq!(
        b.app.session.workspace().people["sbrennan"].left,
        Some("2025-06-30".parse().unwrap())
    );
}

/// Esc after typing in the dialog asks before throwing it away, as every
/// other form does; an untouched dialog closes at once.
#[test]
fn esc_in_a_leaver_dialog_typed_into_asks_first() {
    let mut b = bench();
    b.open_for_ism().keys(&["esc"]);
    assert!(b.app.layers.is_empty(), "untouched: closes at once");
    b.open_for_ism()
        .keys(&["tab", "tab"])
        .type_text("kk")
        .keys(&["esc"]);
    assert!(
        matches!(b.app.layers.last(), Some(Layer::Confirm(_))),
        "typed into: asks first"
    );
    b.keys(&["n"]);
    assert!(
        matches!(b.app.layers.last(), Some(Layer::Leave(_))),
        "no: back to the dialog with what was typed"
    );
    b.keys(&["esc", "y"]);
    assert!(b.app.layers.is_empty(), "yes: the dialog is gone");
}

/// Ctrl-F in "Hand over to" picks the successor with the finder.
#[test]
fn the_successor_can_be_picked_with_the_finder() {
    let mut b = bench();
    b.open_for_ism().keys(&["tab", "tab", "ctrl-f"]);
    assert!(
        matches!(b.app.layers.last(), Some(Layer::Pick(..))),
        "the finder opens over the dialog"
    );
    b.type_text("Katarzyna").keys(&["enter"]);
    let Some(Layer::Leave(d)) = b.app.layers.last() else {
        panic!("back in the dialog");
    };
    assert_eq!(d.form.field("successor").value, "kkowalczyk");
}
