//! Benchmarks of the workbench on the large synthetic workspace (10,000
//! people, 500 roles, 5,000 matrix entries): an edit with its findings
//! recompute and the next frame, one frame at 200×60, and start-up to the
//! first frame against the load alone. Peak memory is measured in a child
//! process so the numbers are the workbench's, not the harness's.
//!
//! Run with `cargo bench --bench tui`; figures are in docs/benchmarks.md.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::{Bencher, black_box};
use rasci::model::Date;
use rasci::session::Session;
use rasci::tui::app::{App, Options};
use rasci::tui::keymap::{Key, KeyMap};
use rasci_core::synth::Spec;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const MEMORY_PROBE: &str = "RASCI_BENCH_MEMORY_PROBE";

fn main() {
    if let Ok(dir) = std::env::var(MEMORY_PROBE) {
        memory_probe(Path::new(&dir));
        return;
    }
    report_peak_memory();
    divan::main();
}

fn today() -> Date {
    Date::new(2026, 11, 27).expect("valid date")
}

fn workspace_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-tui-workspace");
        std::fs::create_dir_all(&dir).expect("create the benchmark workspace folder");
        rasci_core::synth::write_workspace(&Spec::BENCH, &dir).expect("write workspace");
        dir
    })
}

fn options() -> Options {
    Options {
        color: true,
        ascii: false,
        mouse: false,
    }
}

/// Loads the workspace and opens the workbench state on it.
fn open(dir: &Path) -> App {
    let (store, ws) = rasci::store::load(dir).expect("the synthetic workspace loads");
    let session = Session::new(store, ws, today());
    App::new(session, None, KeyMap::default(), &options())
}

fn key(spec: &str) -> Key {
    Key::parse(spec).expect("valid key")
}

/// Baseline for start-up: loading the files alone.
#[divan::bench(sample_count = 20)]
fn load(b: Bencher) {
    let dir = workspace_dir();
    b.bench(|| black_box(rasci::store::load(dir).expect("loads")));
}

/// Start-up to the first frame: load, findings, view caches, one frame.
/// The app is returned so that divan drops it after the timing, as it
/// drops what `load` returns: tearing down is not part of starting up.
#[divan::bench(sample_count = 20)]
fn start_to_first_frame(b: Bencher) {
    let dir = workspace_dir();
    b.bench(|| {
        let mut app = open(dir);
        let mut t = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
        black_box(app)
    });
}

/// One frame of the whole screen at 200×60, nothing changed.
#[divan::bench(sample_count = 100)]
fn frame_200x60(b: Bencher) {
    let mut app = open(workspace_dir());
    let mut t = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
    b.bench_local(|| {
        t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
    });
}

/// A keystroke that edits a matrix cell, the findings recompute and the
/// next frame, alternating two letters so every press is a real change.
#[divan::bench(sample_count = 60)]
fn edit_recompute_frame(b: Bencher) {
    let mut app = open(workspace_dir());
    let mut t = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
    let keys = [key("c"), key("i")];
    let mut n = 0usize;
    b.bench_local(|| {
        app.handle_key(keys[n % 2]);
        n += 1;
        t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
    });
    assert!(app.session.is_dirty(), "the presses changed the register");
}

/// An edit to a person (as a form submits it), which changes the shape the
/// org tree is built from: the findings recompute, the tree rebuilds, and
/// the next frame is drawn.
#[divan::bench(sample_count = 60)]
fn person_edit_recompute_frame(b: Bencher) {
    let mut app = open(workspace_dir());
    app.handle_key(key("1"));
    let mut t = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
    let id = app
        .session
        .workspace()
        .people
        .keys()
        .nth(17)
        .expect("a person")
        .clone();
    b.bench_local(|| {
        let mut p = app.session.workspace().people[&id].clone();
        p.mfa = !p.mfa;
        app.edit(rasci::edit::Edit::PutPerson(p), "toggle MFA");
        t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
    });
}

/// Opening presentation mode (`P`: the document is built from the
/// register, every page laid out) and its first frame, then leaving it.
#[divan::bench(sample_count = 20)]
fn present_open_frame(b: Bencher) {
    let mut app = open(workspace_dir());
    let mut t = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
    b.bench_local(|| {
        app.handle_key(key("P"));
        t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
        app.handle_key(key("esc"));
    });
}

/// A move in the org tree and the next frame (no edit).
#[divan::bench(sample_count = 100)]
fn tree_move_frame(b: Bencher) {
    let mut app = open(workspace_dir());
    app.handle_key(key("1"));
    let mut t = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    let keys = [key("j"), key("k")];
    let mut n = 0usize;
    b.bench_local(|| {
        app.handle_key(keys[n % 2]);
        n += 1;
        t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
    });
}

/// In a child process: open the workbench state, draw, edit, draw, and
/// print the peak resident memory (VmHWM) in kilobytes.
fn memory_probe(dir: &Path) {
    let mut app = open(dir);
    let mut t = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
    app.handle_key(key("c"));
    t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("0");
    println!("{hwm}");
}

fn report_peak_memory() {
    let dir = workspace_dir();
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let out = std::process::Command::new(exe)
        .env(MEMORY_PROBE, dir)
        .output();
    if let Ok(out) = out {
        let kb: u64 = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(0);
        eprintln!(
            "peak memory of the workbench on the 10,000-person workspace: {:.1} MB (VmHWM)",
            kb as f64 / 1024.0
        );
    }
}
