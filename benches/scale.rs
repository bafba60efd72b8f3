//! How rasci scales: the same six measurements at 1,000, 10,000 and 50,000
//! people, for the README's scale table, on two shapes of synthetic register
//! from `rasci_core::synth`, both with 300 roles so only the number of people
//! changes:
//!
//! - `flat`: a shallow management tree, one to three spells per role and
//!   5,000 matrix entries;
//! - `enterprise`: a twelve-level management hierarchy, two to five dated
//!   spells per role, competencies for about a third of the people and 153
//!   matrix rows (`Spec::enterprise`), the shape issue 13 measured.
//!
//! Each benchmark's argument is `shape/people`, e.g. `enterprise/50000`.
//!
//! - `load`: reading and validating the four files in-process;
//! - `check`: `rasci check` as a real process, start-up included;
//! - `who`: `rasci who A.5.15` as a real process;
//! - `edit`: a matrix keystroke in the workbench, the findings recompute and
//!   the next frame at 200×60;
//! - `first_frame`: load, findings, view caches and the first frame;
//! - peak memory (VmHWM) of the workbench after a first frame and an edit,
//!   and of `rasci check`, each in a child process, printed before the
//!   timings.
//!
//! Run with `cargo bench --bench scale`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use divan::{Bencher, black_box};
use rasci::model::Date;
use rasci::session::Session;
use rasci::tui::app::{App, Options};
use rasci::tui::keymap::{Key, KeyMap};
use rasci_core::synth::{Shape, Spec};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [usize; 3] = [1_000, 10_000, 50_000];

/// One register: a shape at a size.
#[derive(Debug, Clone, Copy)]
struct Case {
    shape: Shape,
    people: usize,
}

impl std::fmt::Display for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.shape.name(), self.people)
    }
}

const fn case(shape: Shape, people: usize) -> Case {
    Case { shape, people }
}

/// Every size of both shapes, paired so a run measures them side by side.
const CASES: [Case; 6] = [
    case(Shape::Flat, SIZES[0]),
    case(Shape::Enterprise, SIZES[0]),
    case(Shape::Flat, SIZES[1]),
    case(Shape::Enterprise, SIZES[1]),
    case(Shape::Flat, SIZES[2]),
    case(Shape::Enterprise, SIZES[2]),
];
const MEMORY_PROBE: &str = "RASCI_BENCH_SCALE_MEMORY_PROBE";

fn main() {
    if let Ok(dir) = std::env::var(MEMORY_PROBE) {
        memory_probe(Path::new(&dir));
        return;
    }
    for c in CASES {
        report_peak_memory(c);
    }
    divan::main();
}

fn today() -> Date {
    Date::new(2026, 11, 27).expect("valid date")
}

fn spec(c: Case) -> Spec {
    match c.shape {
        Shape::Flat => Spec {
            people: c.people,
            roles: 300,
            matrix_entries: 5_000,
            seed: 27_001,
        },
        Shape::Enterprise => Spec::enterprise(c.people),
    }
}

/// The workspace folder of one case, generated once and kept in the target
/// folder between runs (the generator is deterministic).
fn workspace(c: Case) -> PathBuf {
    let name = format!("bench-scale-{}-{}", c.shape.name(), c.people);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if !dir.join("matrix.toml").exists() {
        std::fs::create_dir_all(&dir).expect("create the benchmark workspace folder");
        rasci_core::synth::write_workspace_shaped(&spec(c), c.shape, &dir)
            .expect("write workspace");
    }
    dir
}

fn open(dir: &Path) -> App {
    let (store, ws) = rasci::store::load(dir).expect("the synthetic workspace loads");
    let session = Session::new(store, ws, today());
    let options = Options {
        color: true,
        ascii: false,
        mouse: false,
    };
    App::new(session, None, KeyMap::default(), &options)
}

fn key(spec: &str) -> Key {
    Key::parse(spec).expect("valid key")
}

fn rasci(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rasci"));
    cmd.args(args)
        .arg("--workspace")
        .arg(dir)
        .env("RASCI_TODAY", "2026-11-27")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

#[divan::bench(args = CASES, sample_count = 10)]
fn load(b: Bencher, c: Case) {
    let dir = workspace(c);
    b.bench(|| black_box(rasci::store::load(&dir).expect("loads")));
}

#[divan::bench(args = CASES, sample_count = 10)]
fn check(b: Bencher, c: Case) {
    let dir = workspace(c);
    b.bench(|| {
        // Exit 1 (error-level findings) is an answer too; 2 is a failure.
        let status = rasci(&dir, &["check"]).status().expect("run rasci");
        assert!(matches!(status.code(), Some(0 | 1)), "rasci check failed");
    });
}

#[divan::bench(args = CASES, sample_count = 10)]
fn who(b: Bencher, c: Case) {
    let dir = workspace(c);
    b.bench(|| {
        let status = rasci(&dir, &["who", "A.5.15"]).status().expect("run rasci");
        assert!(status.success(), "rasci who failed");
    });
}

#[divan::bench(args = CASES, sample_count = 20)]
fn edit(b: Bencher, c: Case) {
    let mut app = open(&workspace(c));
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

#[divan::bench(args = CASES, sample_count = 10)]
fn first_frame(b: Bencher, c: Case) {
    let dir = workspace(c);
    b.bench(|| {
        let mut app = open(&dir);
        let mut t = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
        black_box(app)
    });
}

fn vm_hwm_kb(status: &str) -> u64 {
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse().ok())
        .unwrap_or(0)
}

/// In a child process: the workbench state, a frame, an edit, a frame; then
/// the peak resident memory in kilobytes.
fn memory_probe(dir: &Path) {
    let mut app = open(dir);
    let mut t = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
    app.handle_key(key("c"));
    t.draw(|f| rasci::tui::ui::draw(f, &mut app)).expect("draw");
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    println!("{}", vm_hwm_kb(&status));
}

/// Peak memory of one `rasci check` process, as the kernel reports it for
/// that child when it is reaped (`wait4`'s `ru_maxrss`).
#[cfg(unix)]
fn check_peak_kb(dir: &Path) -> Option<u64> {
    let child = rasci(dir, &["check"]).spawn().ok()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: wait4 writes only the status and the usage it is given; the
    // child is reaped here and `child` is not waited on again.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let exit = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    (reaped == pid && matches!(exit, Some(0 | 1))).then_some(usage.ru_maxrss as u64)
}

#[cfg(not(unix))]
fn check_peak_kb(_dir: &Path) -> Option<u64> {
    None
}

fn report_peak_memory(c: Case) {
    let dir = workspace(c);
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let out = Command::new(exe).env(MEMORY_PROBE, &dir).output();
    let workbench_kb: u64 = out
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    let bytes: u64 = rasci::store::FileKind::ALL
        .iter()
        .filter_map(|k| std::fs::metadata(dir.join(k.file_name())).ok())
        .map(|m| m.len())
        .sum();
    let check = check_peak_kb(&dir).map_or("unknown".to_string(), |kb| {
        format!("{:.1} MB", kb as f64 / 1024.0)
    });
    eprintln!(
        "{c} people ({:.1} MB of TOML): workbench peak {:.1} MB, `rasci check` peak {check}",
        bytes as f64 / 1e6,
        workbench_kb as f64 / 1024.0,
    );
}
