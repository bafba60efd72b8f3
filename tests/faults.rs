//! The store's proof that nothing is lost: real saves of the real binary
//! killed at each step of the save path and at random moments, injected
//! write, fsync, rename and folder-flush errors, a real full disk where the
//! test may make one, and a hand editor racing CLI and workbench saves.
//!
//! Bounded for CI (a few seconds each). Longer runs:
//! `RASCI_CRASH_ROUNDS=500 RASCI_RACE_ROUNDS=1000 cargo test --release --test faults`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::rasci;

const FILES: [&str; 4] = ["workspace.toml", "people.toml", "roles.toml", "matrix.toml"];

/// A leaver whose roles end: an edit of people.toml and roles.toml.
const LEAVE: [&str; 6] = ["leave", "kkowalczyk", "--date", "2026-11-20", "-w", "ws"];

fn rounds(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn snapshot(ws: &Path) -> Vec<Vec<u8>> {
    FILES
        .iter()
        .map(|f| fs::read(ws.join(f)).unwrap_or_default())
        .collect()
}

/// Temporary or half-finished files beside the workspace files.
fn strays(ws: &Path) -> Vec<String> {
    fs::read_dir(ws)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("rasci-"))
        .collect()
}

/// Every file under `.rasci/` with `sub` in its path, with its content.
fn kept(ws: &Path, sub: &str) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for e in fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push((p.clone(), fs::read(&p).unwrap_or_default()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&ws.join(".rasci").join(sub), &mut out);
    out
}

/// The workspace before and after the leave, made once.
fn old_and_new() -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let (home, ws) = common::demo_home();
    let old = snapshot(&ws);
    rasci(home.path()).args(LEAVE).assert().success();
    (old, snapshot(&ws))
}

/// After a save of the leave was cut short: the next command (a lookup)
/// finishes or leaves the transaction; then the pair people/roles is
/// either both old or both new, the other files are untouched, and after
/// a later edit no temporary file is left beside the files and no version
/// is lost. Returns whether the leave had happened.
fn check_after_crash(home: &Path, ws: &Path, old: &[Vec<u8>], new: &[Vec<u8>], what: &str) -> bool {
    let lookup = rasci(home)
        .args(["who", "A.5.1", "-w", "ws"])
        .output()
        .unwrap();
    assert!(lookup.status.success(), "{what}: lookup failed: {lookup:?}");
    let now = snapshot(ws);
    assert!(now[0] == old[0], "{what}: workspace.toml touched");
    assert!(now[3] == old[3], "{what}: matrix.toml touched");
    assert!(
        !ws.join(".rasci/transaction").exists(),
        "{what}: the transaction was neither finished nor set aside"
    );
    let done = if now[1..3] == new[1..3] {
        true
    } else if now[1..3] == old[1..3] {
        false
    } else {
        panic!(
            "{what}: people.toml and roles.toml are half-edited (people new: {}, roles new: {})",
            now[1] == new[1],
            now[2] == new[2]
        );
    };
    if done {
        assert!(strays(ws).is_empty(), "{what}: {:?}", strays(ws));
        let note = String::from_utf8_lossy(&lookup.stderr);
        // A crash after the record was written says it was finished.
        if !note.is_empty() {
            assert!(note.contains("was cut short"), "{what}: {note}");
        }
    } else {
        let left = strays(ws);
        // The edit again, uninterrupted: it takes the lock, which sets the
        // leftovers aside in .rasci/interrupted (kept, never deleted).
        rasci(home).args(LEAVE).assert().success();
        assert!(snapshot(ws)[1..3] == new[1..3], "{what}: the leave again");
        assert!(strays(ws).is_empty(), "{what}: {:?}", strays(ws));
        assert!(
            kept(ws, "interrupted").len() >= left.len(),
            "{what}: leftovers {left:?} not kept"
        );
    }
    // The version before the save is never lost: a backup, or still live.
    let backups = kept(ws, "backups");
    if done {
        assert!(
            backups.iter().any(|(_, b)| b == &old[1])
                || kept(ws, "interrupted").iter().any(|(_, b)| b == &old[1]),
            "{what}: the old people.toml is in no file"
        );
    }
    done
}

/// Each step of the save path, as named by the store's fault hook, in the
/// order a two-file save reaches them; `#N` is the N-th time.
const STEPS: &[&str] = &[
    "write#1",
    "fsync#1",
    "write#2",
    "fsync#2",
    "after-temps",
    "write#3", // the intent record
    "fsync#3",
    "dir-fsync#1",
    "replace#1",
    "after-replace#1",
    "replace#2",
    "after-replace#2",
    "dir-fsync#2",
    "keep-old#1",
    "keep-old#2",
    "before-end",
    "dir-fsync#3",
];

#[test]
fn a_save_killed_at_any_step_leaves_every_file_old_or_new_and_the_edit_whole() {
    let (old, new) = old_and_new();
    let mut outcomes = Vec::new();
    for step in STEPS {
        let (home, ws) = common::demo_home();
        let out = rasci(home.path())
            .env("RASCI_FAULT", format!("{step}:abort"))
            .args(LEAVE)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{step}: the fault was not reached");
        let done = check_after_crash(home.path(), &ws, &old, &new, step);
        outcomes.push((*step, done));
    }
    // Killed before the intent record is in place: nothing happened; once
    // it is (renamed in, before its folder is flushed): the edit was
    // finished by the next command.
    for (step, done) in &outcomes {
        let after_record =
            STEPS.iter().position(|s| s == step) >= STEPS.iter().position(|s| *s == "dir-fsync#1");
        assert_eq!(*done, after_record, "{step}: {outcomes:?}");
    }
}

/// A small deterministic generator, so a failing round can be replayed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

#[test]
fn a_save_killed_at_random_moments_leaves_every_file_old_or_new() {
    let (old, new) = old_and_new();
    let bin = assert_cmd::cargo::cargo_bin("rasci");
    let mut rng = Lcg(rounds("RASCI_CRASH_SEED", 11) as u64);
    let n = rounds("RASCI_CRASH_ROUNDS", 12);
    // How long an uninterrupted leave takes here, to spread kills over it.
    let (home, _) = common::demo_home();
    let started = std::time::Instant::now();
    rasci(home.path()).args(LEAVE).assert().success();
    let span = started.elapsed().as_micros() as u64 + 1;
    let (mut done, mut not) = (0, 0);
    for round in 0..n {
        let (home, ws) = common::demo_home();
        let mut child = Command::new(&bin)
            .args(LEAVE)
            .env_clear()
            .env("HOME", home.path())
            .env("RASCI_TODAY", "2026-11-27")
            .current_dir(home.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.next(span)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if check_after_crash(home.path(), &ws, &old, &new, &format!("round {round}")) {
            done += 1;
        } else {
            not += 1;
        }
    }
    eprintln!("{n} random kills: {done} found the leave done, {not} not");
}

#[test]
fn injected_write_fsync_and_rename_errors_change_no_file_and_say_so() {
    for (fault, needle) in [
        ("write#1:error", "injected fault at write"),
        ("fsync#2:error", "injected fault at fsync"),
        ("write#3:error", "injected fault at write"),
        ("replace#1:error", "injected fault at replace"),
        ("replace#2:error", "injected fault at replace"),
        ("after-replace#2:error", "injected fault at after-replace"),
    ] {
        let (home, ws) = common::demo_home();
        let before = snapshot(&ws);
        let out = rasci(home.path())
            .env("RASCI_FAULT", fault)
            .args(LEAVE)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{fault}: exit 0");
        assert!(
            err.contains(needle) && err.contains("cannot write"),
            "{fault}: {err}"
        );
        assert!(snapshot(&ws) == before, "{fault}: a file changed: {err}");
        assert!(strays(&ws).is_empty(), "{fault}: {:?}", strays(&ws));
        assert!(!ws.join(".rasci/transaction").exists(), "{fault}");
    }
}

#[test]
fn a_failed_folder_flush_is_an_error_not_a_silent_success() {
    let (home, ws) = common::demo_home();
    let before = snapshot(&ws);
    let out = rasci(home.path())
        .env("RASCI_FAULT", "dir-fsync#2:error")
        .args(LEAVE)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "exit 0 after a failed flush");
    assert!(err.contains("a power cut now could undo the save"), "{err}");
    // The files are in place (only their durability is in doubt).
    let now = snapshot(&ws);
    assert!(now[1] != before[1] && now[2] != before[2]);
    assert!(!ws.join(".rasci/transaction").exists());
}

/// A real full disk: a 160 KiB tmpfs, where the test may mount one (root on
/// Linux, outside most containers). Skipped with the reason elsewhere.
#[test]
fn a_full_disk_changes_no_file() {
    let mnt = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=160k", "tmpfs"])
        .arg(mnt.path())
        .output();
    match &mounted {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            eprintln!(
                "SKIPPED a_full_disk_changes_no_file: cannot mount a small tmpfs here: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            );
            return;
        }
        Err(e) => {
            eprintln!("SKIPPED a_full_disk_changes_no_file: no mount command: {e}");
            return;
        }
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(mnt.path());
    let ws = mnt.path().join("ws");
    rasci::store::template::init(&ws, rasci::store::template::Template::Demo).unwrap();
    // Fill the disk, leaving less than the new files need.
    let filler = mnt.path().join("filler");
    let mut f = fs::File::create(&filler).unwrap();
    let chunk = vec![b'x'; 1024];
    while std::io::Write::write_all(&mut f, &chunk).is_ok() {}
    drop(f);
    let before = snapshot(&ws);
    let out = rasci(mnt.path()).args(LEAVE).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "saved on a full disk? {err}");
    eprintln!("on a full disk: {}", err.trim());
    assert!(err.contains("No space left"), "{err}");
    assert!(snapshot(&ws) == before, "a file changed");
    assert!(strays(&ws).is_empty(), "{:?}", strays(&ws));
}

/// A hand editor saving (write beside, rename over, as editors do) while
/// rasci saves: the edit must survive in the file, or be kept in
/// `.rasci/displaced/` with rasci exiting non-zero. The fault hook widens
/// the window between rasci's check and its replacement in half the rounds,
/// so the editor lands inside it often.
#[test]
fn a_hand_edit_racing_cli_saves_is_never_lost() {
    let n = rounds("RASCI_RACE_ROUNDS", 40);
    let bin = assert_cmd::cargo::cargo_bin("rasci");
    let mut rng = Lcg(7);
    let (mut lost, mut displaced, mut refused) = (0, 0, 0);
    for round in 0..n {
        let (home, ws) = common::demo_home();
        let matrix = ws.join("matrix.toml");
        let text = fs::read_to_string(&matrix).unwrap();
        let marker = format!("# hand edit {round}\n");
        let mut cmd = Command::new(&bin);
        cmd.args(["set", "A.5.1", "developer", "I", "-w", "ws"])
            .env_clear()
            .env("HOME", home.path())
            .env("RASCI_TODAY", "2026-11-27")
            .current_dir(home.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        if round % 2 == 0 {
            cmd.env("RASCI_FAULT", "replace:sleep=60");
        }
        let child = cmd.spawn().unwrap();
        std::thread::sleep(Duration::from_millis(rng.next(80)));
        let tmp = ws.join(".matrix.toml.swp");
        fs::write(&tmp, format!("{text}{marker}")).unwrap();
        fs::rename(&tmp, &matrix).unwrap();
        let out = child.wait_with_output().unwrap();
        let live = fs::read_to_string(&matrix).unwrap().contains(&marker);
        let kept = kept(&ws, "displaced")
            .iter()
            .any(|(_, b)| String::from_utf8_lossy(b).contains(&marker));
        let err = String::from_utf8_lossy(&out.stderr);
        if kept {
            displaced += 1;
            assert!(!out.status.success(), "round {round}: displaced but exit 0");
            assert!(err.contains("SOMEONE ELSE CHANGED"), "round {round}: {err}");
        } else if !live {
            lost += 1;
        } else if !out.status.success() {
            refused += 1;
        }
    }
    eprintln!(
        "{n} racing rounds: {lost} lost, {displaced} displaced and kept, {refused} refused as changed"
    );
    assert_eq!(lost, 0);
}

/// The workbench saves through the same store: a session saving in a loop
/// while another thread saves hand edits of the same file.
#[test]
fn a_hand_edit_racing_workbench_saves_is_never_lost() {
    use rasci::model::Letter;
    let (_home, ws) = common::demo_home();
    let matrix = ws.join("matrix.toml");
    let n = rounds("RASCI_RACE_ROUNDS", 40);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let matrix = matrix.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut edits = Vec::new();
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let text = fs::read_to_string(&matrix).unwrap();
                let marker = format!("# editor {i}\n");
                let tmp = matrix.with_file_name(".matrix.toml.editor");
                fs::write(&tmp, format!("{text}{marker}")).unwrap();
                fs::rename(&tmp, &matrix).unwrap();
                edits.push(marker);
                i += 1;
                std::thread::sleep(Duration::from_micros(300));
            }
            edits
        })
    };
    let letters = [Letter::I, Letter::C];
    for round in 0..n {
        let (mut store, mut w) = loop {
            if let Ok(x) = rasci::store::load(&ws) {
                break x;
            }
        };
        // Other tests here spawn processes, and a child holds a copy of
        // the lock's file description for the instant between its fork and
        // its exec: the lock can look taken for that instant.
        let mut tries = 0;
        while let Err(e) = store.lock() {
            tries += 1;
            assert!(tries < 100, "{e}");
            std::thread::sleep(Duration::from_millis(5));
        }
        w.matrix.set("A.5.1", "developer", Some(letters[round % 2]));
        let _ = store.save(&w);
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let edits = editor.join().unwrap();
    // The editor builds each version on the file as it finds it, so each
    // of its edits is in the final file unless rasci displaced the version
    // holding it, and then that version must be kept.
    let mut everything: Vec<String> = kept(&ws, "displaced")
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    everything.push(fs::read_to_string(&matrix).unwrap());
    let lost: Vec<&String> = edits
        .iter()
        .filter(|m| !everything.iter().any(|t| t.contains(m.as_str())))
        .collect();
    eprintln!(
        "{} editor saves against {n} workbench saves; {} displaced and kept",
        edits.len(),
        everything.len() - 1
    );
    assert!(lost.is_empty(), "lost: {lost:?}");
}

/// The workbench loads through the store, which keeps what it said about a
/// save it finished, for the status line.
#[test]
fn a_finished_transaction_is_told_to_the_workbench_too() {
    let (home, ws) = common::demo_home();
    let out = rasci(home.path())
        .env("RASCI_FAULT", "after-replace#1:abort")
        .args(LEAVE)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(ws.join(".rasci/transaction").exists());
    let (store, _) = rasci::store::load(&ws).unwrap();
    let note = store
        .finished_note()
        .expect("a note about the finished save");
    assert!(
        note.contains("people.toml and roles.toml") && note.contains("the edit is complete"),
        "{note}"
    );
    assert!(!ws.join(".rasci/transaction").exists());
    let (store, _) = rasci::store::load(&ws).unwrap();
    assert_eq!(store.finished_note(), None, "said once");
}

/// The workspace folder renamed after the crash: the save is still
/// finished, in the folder's new place.
#[test]
fn a_transaction_is_finished_after_the_workspace_folder_moved() {
    let (old, new) = old_and_new();
    let (home, ws) = common::demo_home();
    let out = rasci(home.path())
        .env("RASCI_FAULT", "after-replace#1:abort")
        .args(LEAVE)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let moved = home.path().join("moved");
    fs::rename(&ws, &moved).unwrap();
    let lookup = rasci(home.path())
        .args(["who", "A.5.1", "-w", "moved"])
        .output()
        .unwrap();
    let note = String::from_utf8_lossy(&lookup.stderr);
    assert!(note.contains("the edit is complete"), "{note}");
    let now = snapshot(&moved);
    assert!(now[1..3] == new[1..3] && now[0] == old[0] && now[3] == old[3]);
    assert!(strays(&moved).is_empty(), "{:?}", strays(&moved));
}
