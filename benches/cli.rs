//! Benchmarks of the one-shot lookups as a user runs them: the real binary,
//! process start included, on the demo and on the 10,000-person synthetic
//! workspace, against loading that workspace in-process as the yardstick.
//!
//! Run with `cargo bench --bench cli`; figures are in docs/benchmarks.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use divan::{Bencher, black_box};
use rasci_core::synth::Spec;

fn main() {
    divan::main();
}

fn demo() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-cli-demo");
        if !dir.join("workspace.toml").exists() {
            rasci::store::template::init(&dir, rasci::store::template::Template::Demo)
                .expect("demo");
        }
        dir
    })
}

fn large() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-cli-large");
        std::fs::create_dir_all(&dir).expect("folder");
        rasci_core::synth::write_workspace(&Spec::BENCH, &dir).expect("write workspace");
        dir
    })
}

/// A person, a role and a subject that exist in the large workspace.
fn large_names() -> &'static (String, String) {
    static NAMES: OnceLock<(String, String)> = OnceLock::new();
    NAMES.get_or_init(|| {
        let (_, ws) = rasci::store::load(large()).expect("loads");
        let person = ws
            .roles
            .values()
            .flat_map(|r| r.assignments.iter())
            .next()
            .expect("an assignment")
            .person
            .clone();
        let role = ws.roles.keys().next().expect("a role").clone();
        (person, role)
    })
}

fn run(dir: &Path, args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_rasci"))
        .args(args)
        .arg("--workspace")
        .arg(dir)
        .env("RASCI_TODAY", "2026-11-27")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run rasci");
    assert!(status.success(), "rasci {args:?} failed");
}

mod demo {
    use super::*;

    #[divan::bench(sample_count = 40)]
    fn who() {
        run(demo(), &["who", "A.5.15"]);
    }

    #[divan::bench(sample_count = 40)]
    fn whois() {
        run(demo(), &["whois", "sbrennan"]);
    }

    #[divan::bench(sample_count = 40)]
    fn role() {
        run(demo(), &["role", "ism"]);
    }

    #[divan::bench(sample_count = 40)]
    fn find() {
        run(demo(), &["find", "brennan"]);
    }
}

mod large {
    use super::*;

    /// The yardstick: loading the same workspace in-process.
    #[divan::bench(sample_count = 20)]
    fn load(b: Bencher) {
        let dir = large();
        b.bench(|| black_box(rasci::store::load(dir).expect("loads")));
    }

    #[divan::bench(sample_count = 20)]
    fn who() {
        run(large(), &["who", "A.5.15"]);
    }

    #[divan::bench(sample_count = 20)]
    fn whois() {
        let (person, _) = large_names();
        run(large(), &["whois", person]);
    }

    #[divan::bench(sample_count = 20)]
    fn role() {
        let (_, role) = large_names();
        run(large(), &["role", role]);
    }

    #[divan::bench(sample_count = 20)]
    fn find() {
        run(large(), &["find", "security"]);
    }
}

/// Run rasci for its exit status alone: `check` exits 1 when it finds
/// something, which the synthetic register does on purpose.
fn run_status(dir: &Path, args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_rasci"))
        .args(args)
        .arg("--workspace")
        .arg(dir)
        .env("RASCI_TODAY", "2026-11-27")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run rasci");
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "rasci {args:?} failed: {status}"
    );
}

/// The exports against `check` on the same 10,000-person register (issue
/// 13, item 3: each export within 1.5x of `check`). Every export writes a
/// file, as a user does; the file is removed after each run.
mod exports {
    use super::*;

    fn export_to(args: &[&str], name: &str) {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_file(&out);
        let mut all: Vec<&str> = args.to_vec();
        let path = out.to_str().expect("a UTF-8 path");
        all.extend(["-o", path]);
        run_status(large(), &all);
        let _ = std::fs::remove_file(&out);
    }

    #[divan::bench(sample_count = 10)]
    fn check() {
        run_status(large(), &["check"]);
    }

    #[divan::bench(sample_count = 10)]
    fn check_json() {
        run_status(large(), &["check", "--format", "json"]);
    }

    #[divan::bench(sample_count = 10)]
    fn matrix_xlsx() {
        export_to(
            &["export", "matrix", "--format", "xlsx"],
            "bench-export.xlsx",
        );
    }

    #[divan::bench(sample_count = 10)]
    fn doc_md() {
        export_to(&["export", "doc", "--format", "md"], "bench-export.md");
    }

    #[divan::bench(sample_count = 10)]
    fn doc_json() {
        export_to(&["export", "doc", "--format", "json"], "bench-export.json");
    }

    #[divan::bench(sample_count = 10)]
    fn oscal() {
        export_to(&["export", "oscal"], "bench-export-oscal.json");
    }

    /// The content hash alone, in-process, on the loaded register.
    #[divan::bench(sample_count = 20)]
    fn content_hash(b: Bencher) {
        let (_, ws) = rasci::store::load(large()).expect("loads");
        b.bench(|| black_box(rasci::export::content_hash(&ws)));
    }

    /// The same bytes through a `serde_json::Value` (the former route).
    #[divan::bench(sample_count = 20)]
    fn content_hash_via_value(b: Bencher) {
        let (_, ws) = rasci::store::load(large()).expect("loads");
        b.bench(|| black_box(rasci::export::canonical_json_via_value(&ws)));
    }
}
