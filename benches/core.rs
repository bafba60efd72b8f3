//! Benchmarks of the core: loading a large workspace and evaluating the
//! findings, against a bare serde parse of the same files as the yardstick.
//!
//! Run with `cargo bench --bench core`. The workspace is generated once by
//! `rasci_core::synth` (10,000 people, 500 roles, 5,000 matrix entries, about
//! 2.8 MB of TOML) into Cargo's temporary folder for benchmarks. See
//! docs/benchmarks.md for the targets and the last measurements.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use divan::{Bencher, black_box};
use indexmap::IndexMap;
use rasci::model::{Date, Workspace};
use rasci::store::FileKind;
use rasci_core::synth::{Files, Spec};

fn main() {
    // Generate (and report) the workspace before divan prints its table.
    fixture();
    divan::main();
}

/// The date every evaluation uses.
fn today() -> Date {
    Date::new(2026, 11, 27).expect("valid date")
}

struct Fixture {
    dir: PathBuf,
    files: Files,
    ws: Workspace,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-core-workspace");
        std::fs::create_dir_all(&dir).expect("create the benchmark workspace folder");
        let files =
            rasci_core::synth::write_workspace(&Spec::BENCH, &dir).expect("write workspace");
        let (_, ws) = rasci::store::load(&dir).expect("the synthetic workspace loads");
        eprintln!(
            "workspace: {} ({} bytes of TOML; {} people, {} roles, {} matrix entries)",
            dir.display(),
            files.total_len(),
            ws.people.len(),
            ws.roles.len(),
            ws.matrix.len()
        );
        Fixture { dir, files, ws }
    })
}

/// Plain serde mirrors of the file format: what a loader without validation,
/// positions or diagnostics would do.
#[allow(dead_code)] // the fields are parsed, never read
mod plain {
    use super::IndexMap;
    use serde::Deserialize;
    use toml::value::Datetime;

    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub struct WorkspaceFile {
        pub organisation: Organisation,
        pub settings: Option<Settings>,
        #[serde(default)]
        pub sod: IndexMap<String, Sod>,
        #[serde(default)]
        pub activity: IndexMap<String, Activity>,
        #[serde(default)]
        pub exclusion: IndexMap<String, Exclusion>,
        #[serde(default)]
        pub signoff: Vec<Signoff>,
    }

    #[derive(Deserialize)]
    pub struct Organisation {
        pub name: String,
        pub scope: Option<String>,
        #[serde(default)]
        pub departments: Vec<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub struct Settings {
        pub review_interval_days: Option<i64>,
        pub expiry_warning_days: Option<i64>,
        pub max_reporting_steps: Option<i64>,
        #[serde(default)]
        pub required_roles: Vec<String>,
    }

    #[derive(Deserialize)]
    pub struct Sod {
        pub roles: Option<Vec<String>>,
        pub subjects: Option<Vec<String>>,
        pub severity: Option<String>,
        pub reason: String,
    }

    #[derive(Deserialize)]
    pub struct Activity {
        pub title: String,
        pub theme: Option<String>,
        pub description: Option<String>,
        #[serde(default)]
        pub related: Vec<String>,
    }

    #[derive(Deserialize)]
    pub struct Exclusion {
        pub justification: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Signoff {
        pub date: Datetime,
        #[serde(default)]
        pub by: Vec<String>,
        pub minutes: Option<String>,
        pub fingerprint: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct PeopleFile {
        #[serde(default)]
        pub person: IndexMap<String, Person>,
    }

    #[derive(Deserialize)]
    pub struct Person {
        pub name: String,
        pub email: Option<String>,
        pub title: Option<String>,
        pub department: Option<String>,
        pub manager: Option<String>,
        pub kind: Option<String>,
        pub status: Option<String>,
        pub joined: Option<Datetime>,
        pub left: Option<Datetime>,
        pub site: Option<String>,
        pub mfa: Option<bool>,
        #[serde(default)]
        pub competency: Vec<Competency>,
    }

    #[derive(Deserialize)]
    pub struct Competency {
        pub id: String,
        pub evidence: Option<String>,
        pub achieved: Option<Datetime>,
        pub expires: Option<Datetime>,
    }

    #[derive(Deserialize)]
    pub struct RolesFile {
        #[serde(default)]
        pub role: IndexMap<String, Role>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub struct Role {
        pub name: String,
        pub category: Option<String>,
        #[serde(default)]
        pub duties: Vec<String>,
        pub purpose: Option<String>,
        #[serde(default)]
        pub responsibilities: Vec<String>,
        #[serde(default)]
        pub authorities: Vec<String>,
        #[serde(default)]
        pub competencies: Vec<String>,
        pub privileged: Option<bool>,
        pub needs_deputy: Option<bool>,
        pub fte: Option<f64>,
        pub reviewed: Option<Datetime>,
        #[serde(default)]
        pub assignment: Vec<Assignment>,
    }

    #[derive(Deserialize)]
    pub struct Assignment {
        pub person: String,
        pub from: Option<Datetime>,
        pub until: Option<Datetime>,
        pub deputy: Option<String>,
        pub allocation: Option<f64>,
        pub evidence: Option<String>,
        pub acknowledged: Option<Datetime>,
        pub sponsor: Option<String>,
        pub contract: Option<String>,
        pub note: Option<String>,
    }

    /// subject → role → letter.
    pub type MatrixFile = IndexMap<String, IndexMap<String, String>>;

    /// All four files, parsed.
    pub struct All {
        pub workspace: WorkspaceFile,
        pub people: PeopleFile,
        pub roles: RolesFile,
        pub matrix: MatrixFile,
    }
}

/// The yardstick: `toml::from_str` of the four files (already in memory)
/// into plain serde structs.
#[divan::bench(sample_count = 30)]
fn baseline_serde(bencher: Bencher) {
    let files = &fixture().files;
    bencher.bench(|| {
        let text = |k| black_box(files.get(k));
        plain::All {
            workspace: toml::from_str(text(FileKind::Workspace)).expect("workspace"),
            people: toml::from_str(text(FileKind::People)).expect("people"),
            roles: toml::from_str(text(FileKind::Roles)).expect("roles"),
            matrix: toml::from_str(text(FileKind::Matrix)).expect("matrix"),
        }
    });
}

/// `rasci::store::load`: read the files, parse, validate, build the model.
#[divan::bench(sample_count = 30)]
fn load(bencher: Bencher) {
    let dir = &fixture().dir;
    bencher.bench(|| rasci::store::load(black_box(dir)).expect("loads"));
}

/// `rasci::rules::findings` on the loaded workspace.
#[divan::bench(sample_count = 100)]
fn findings(bencher: Bencher) {
    let ws = &fixture().ws;
    bencher.bench(|| rasci::rules::findings(black_box(ws), black_box(today())));
}

/// The register fingerprint alone (part of `findings` when the last
/// sign-off recorded one, as here).
#[divan::bench(sample_count = 100)]
fn fingerprint(bencher: Bencher) {
    let ws = &fixture().ws;
    bencher.bench(|| rasci::fingerprint::fingerprint(black_box(ws)));
}

/// `findings` when the last sign-off has no fingerprint to compare with:
/// the rules alone, without hashing the register.
#[divan::bench(sample_count = 100)]
fn findings_no_fingerprint(bencher: Bencher) {
    let mut ws = fixture().ws.clone();
    for s in &mut ws.signoffs {
        s.fingerprint = None;
    }
    bencher.bench(|| rasci::rules::findings(black_box(&ws), black_box(today())));
}

/// What `rasci check` does in-process: load, then evaluate.
#[divan::bench(sample_count = 30)]
fn load_and_findings(bencher: Bencher) {
    let dir = &fixture().dir;
    bencher.bench(|| {
        let (store, ws) = rasci::store::load(black_box(dir)).expect("loads");
        let found = rasci::rules::findings(&ws, black_box(today()));
        (store, ws, found)
    });
}

/// `rasci check` on the demo workspace as a whole process (start-up
/// included), output discarded.
#[divan::bench(sample_count = 50)]
fn check_demo_process(bencher: Bencher) {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates/demo");
    bencher.bench(|| {
        let status = Command::new(env!("CARGO_BIN_EXE_rasci"))
            .args(["check", "--workspace"])
            .arg(&demo)
            .args(["--today", "2026-11-27"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run rasci");
        // 0 (clean) or 1 (errors found); 2 would mean it could not run.
        assert!(matches!(status.code(), Some(0 | 1)), "{status}");
        status
    });
}
