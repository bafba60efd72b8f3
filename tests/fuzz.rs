//! Fuzzing the loader with mutated workspace files, from the seed corpus in
//! `tests/fuzz/corpus/` (the demo's four files and some hostile ones: HR
//! names carrying terminal escapes and spreadsheet formulas, conflict
//! markers, deep nesting, CRLF with a byte order mark).
//!
//! Each case puts one mutated file among three demo files and loads the
//! workspace. It must never panic, never take more than a few seconds,
//! never change a file when the load fails, and every problem it reports
//! must locate itself and print no raw control character.
//!
//! A brief run is part of `cargo test`; a longer one:
//! `RASCI_FUZZ_CASES=20000 cargo test --release --test fuzz`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use rasci::store::{self, LoadError};

const FILES: [&str; 4] = ["workspace.toml", "people.toml", "roles.toml", "matrix.toml"];

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus");
    let mut seeds: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 8, "the seed corpus is missing");
    seeds
}

fn demo(name: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus");
    fs::read(dir.join(format!("demo-{name}"))).unwrap()
}

/// Bytes that make parsers and terminals misbehave.
const NASTY: &[&[u8]] = &[
    b"\x1b[2J",
    b"\x1b]0;x\x07",
    b"\x00",
    b"\r",
    b"\n",
    b"\"",
    b"'''",
    b"\"\"\"",
    b"[",
    b"]]",
    b"[[",
    b"=",
    b"#",
    b"\\u0000",
    b"\\",
    b"\xff\xfe",
    b"\xe2\x80\xae",
    b"=cmd|",
    b"{",
    b"}",
    b",",
    b"9999-99-99",
    b"<<<<<<< ours\n",
    b"\xef\xbb\xbf",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    DuplicateLine(usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Flip(a, b)),
        (any::<usize>(), 0..NASTY.len()).prop_map(|(a, n)| Mutation::Insert(a, n)),
        (any::<usize>(), 1usize..200).prop_map(|(a, n)| Mutation::Delete(a, n)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut data: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let len = data.len().max(1);
        match *m {
            Mutation::Flip(at, b) if !data.is_empty() => data[at % len] ^= b,
            Mutation::Insert(at, n) => {
                let at = at % (data.len() + 1);
                data.splice(at..at, NASTY[n].iter().copied());
            }
            Mutation::Delete(at, n) if !data.is_empty() => {
                let at = at % len;
                let end = (at + n).min(data.len());
                data.drain(at..end);
            }
            Mutation::DuplicateLine(at) if !data.is_empty() => {
                let at = at % len;
                let start = data[..at]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |i| i + 1);
                let end = data[at..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(data.len(), |i| at + i + 1);
                let line = data[start..end].to_vec();
                data.splice(end..end, line);
            }
            Mutation::Truncate(at) => data.truncate(at % (data.len() + 1)),
            _ => {}
        }
    }
    data
}

/// Which workspace file a seed stands for (`hostile-people.toml`: people).
fn slot(seed: &str) -> usize {
    FILES
        .iter()
        .position(|f| seed.ends_with(&format!("-{f}")))
        .unwrap_or_else(|| panic!("seed {seed} names no workspace file"))
}

fn snapshot(dir: &Path) -> Vec<Vec<u8>> {
    FILES
        .iter()
        .map(|f| fs::read(dir.join(f)).unwrap())
        .collect()
}

/// One case: the mutated seed as its file, the demo's other three.
fn run_case(dir: &Path, seed: &str, data: &[u8]) -> Result<(), TestCaseError> {
    let ws: PathBuf = dir.join("ws");
    let _ = fs::remove_dir_all(&ws);
    fs::create_dir_all(&ws).unwrap();
    let which = slot(seed);
    for (i, f) in FILES.iter().enumerate() {
        let content = if i == which { data.to_vec() } else { demo(f) };
        fs::write(ws.join(f), content).unwrap();
    }
    let before = snapshot(&ws);
    let started = Instant::now();
    // On a thread of its own, so that a hang fails the case rather than
    // leaving the whole run waiting forever.
    let (tx, rx) = std::sync::mpsc::channel();
    let dir_for_load = ws.clone();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(|| store::load(&dir_for_load).map(|_| ()));
        let _ = tx.send(r);
    });
    let result = rx.recv_timeout(Duration::from_secs(10));
    let took = started.elapsed();
    prop_assert!(
        result.is_ok(),
        "loading a mutation of {seed} hung ({took:?})"
    );
    let result = result.unwrap();
    prop_assert!(
        result.is_ok(),
        "the loader panicked on a mutation of {seed}"
    );
    prop_assert!(
        took < Duration::from_secs(5),
        "loading a mutation of {seed} took {took:?}"
    );
    if let Ok(Err(e)) = result {
        prop_assert!(snapshot(&ws) == before, "a failed load changed a file");
        prop_assert!(
            !ws.join(".rasci").exists(),
            "a failed load created the state folder"
        );
        let text = match &e {
            LoadError::Invalid(diags) => {
                for d in diags {
                    prop_assert!(d.line > 0 || d.source_line.is_none(), "{d:?}");
                }
                diags.iter().map(|d| d.to_string()).collect::<String>()
            }
            other => other.to_string(),
        };
        let raw = text
            .chars()
            .find(|&c| c != '\n' && rasci::text::is_unsafe_char(c));
        prop_assert!(raw.is_none(), "raw control character {raw:?} in: {text}");
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("RASCI_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_workspace_files_never_panic_hang_or_change_a_file(
        seed in 0usize..64,
        muts in proptest::collection::vec(mutation(), 1..8),
    ) {
        let seeds = corpus();
        let (name, data) = &seeds[seed % seeds.len()];
        let tmp = tempfile::tempdir().unwrap();
        run_case(tmp.path(), name, &apply(data.clone(), &muts))?;
    }
}

/// Every seed as it is, unmutated, loads or fails cleanly too.
#[test]
fn every_seed_loads_or_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, data) in corpus() {
        run_case(tmp.path(), &name, &data).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
