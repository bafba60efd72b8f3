//! Unsaved edits kept when the program is stopped abruptly (a panic, a
//! SIGTERM, an SSH connection dropping), offered back at the next start.
//!
//! The recovery folder holds, for each file with unsaved edits, the text it
//! would have been saved as and the text it was based on. Edits are only
//! restored onto a file that still has that base text, so a recovery can
//! never silently undo somebody else's later change.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::fsutil::{self, STATE_DIR};
use super::schema::FileKind;
use super::{SaveError, Store, parse_text, project, splice};
use crate::model::Workspace;

const DIR: &str = "recovery";
const BASE_SUFFIX: &str = ".base";
const STAMP: &str = "saved-at";

/// Recovered edits found in a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The recovery folder, `.rasci/recovery/` in the workspace.
    pub dir: PathBuf,
    /// When they were written (local time, for the prompt).
    pub saved_at: String,
    /// The files with recovered edits, in [`FileKind::ALL`] order.
    pub files: Vec<FileKind>,
}

/// Why recovered edits cannot be restored automatically.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// The file changed on disk after the recovered edits were made; they stay
    /// in the recovery folder.
    #[error("{} changed on disk after the recovered edits were made; they are kept in {} for you to merge by hand", .file, .dir.display())]
    BaseChanged {
        /// The name of the file that changed.
        file: &'static str,
        /// The recovery folder, where the edits are kept.
        dir: PathBuf,
    },
    /// The recovered copy of this file does not parse.
    #[error("the recovered copy of {0} is damaged and cannot be read")]
    Damaged(&'static str),
    /// The recovery folder could not be read.
    #[error("cannot read the recovery folder: {0}")]
    Io(#[from] io::Error),
}

/// Marks a recovery folder with the run that wrote it, so a run replaces
/// its own earlier copy but sets aside one left by another run.
const OWNER: &str = "owner";

/// This run's mark: the process id and the time it first wrote a copy.
fn this_run() -> &'static str {
    static RUN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    RUN.get_or_init(|| format!("{} {}", std::process::id(), jiff::Timestamp::now()))
}

fn written_by_this_run(dir: &Path) -> bool {
    fs::read_to_string(dir.join(OWNER)).is_ok_and(|o| o == this_run())
}

/// Writes the unsaved part of `ws` to the workspace's recovery folder.
/// Returns the folder, or `None` when there was nothing unsaved.
///
/// The copy is built in a folder of its own and then swapped in: this run's
/// previous copy is replaced, a copy left by another run is set aside
/// (renamed, never deleted), and a crash at any point leaves a whole copy.
pub fn write(store: &Store, ws: &Workspace) -> Result<Option<PathBuf>, SaveError> {
    let rendered = store.render(ws)?;
    if rendered.is_empty() {
        return Ok(None);
    }
    let io_err = |path: &Path, source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    };
    let state = fsutil::state_dir(store.dir()).map_err(|e| io_err(store.dir(), e))?;
    let dir = state.join(DIR);
    let fresh = state.join(format!("{DIR}.new-{}", std::process::id()));
    let _ = fs::remove_dir_all(&fresh);
    fsutil::create_private_dir(&fresh).map_err(|e| io_err(&fresh, e))?;
    for (kind, text) in &rendered {
        let path = fresh.join(kind.file_name());
        fsutil::write_atomic(&path, text.as_bytes()).map_err(|e| io_err(&path, e))?;
        let base = fresh.join(format!("{}{BASE_SUFFIX}", kind.file_name()));
        fsutil::write_atomic(&base, store.base_text(*kind).as_bytes())
            .map_err(|e| io_err(&base, e))?;
    }
    fsutil::write_atomic(&fresh.join(OWNER), this_run().as_bytes())
        .map_err(|e| io_err(&fresh, e))?;
    let when = jiff::ZonedDateTime::now()
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string();
    // Written last: a copy without its time is incomplete and not offered.
    fsutil::write_atomic(&fresh.join(STAMP), when.as_bytes()).map_err(|e| io_err(&fresh, e))?;
    if dir.exists() {
        if written_by_this_run(&dir) {
            fs::remove_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
        } else {
            let aside = unique(&state.join(format!("{DIR}-{}", stamp())));
            fs::rename(&dir, &aside).map_err(|e| io_err(&dir, e))?;
        }
    }
    fs::rename(&fresh, &dir).map_err(|e| io_err(&dir, e))?;
    Ok(Some(dir))
}

/// Recovered edits waiting in `workspace`, if any.
pub fn find(workspace: &Path) -> Option<Recovery> {
    let dir = workspace.join(STATE_DIR).join(DIR);
    let saved_at = fs::read_to_string(dir.join(STAMP)).ok()?;
    let files: Vec<FileKind> = FileKind::ALL
        .into_iter()
        .filter(|k| dir.join(k.file_name()).is_file())
        .collect();
    (!files.is_empty()).then(|| Recovery {
        dir,
        saved_at: saved_at.trim().to_string(),
        files,
    })
}

/// The register with the recovered edits laid over `on_disk` (the register
/// as `store` loaded it). Nothing is written: the result is unsaved edits.
pub fn restore(
    store: &Store,
    on_disk: &Workspace,
    rec: &Recovery,
) -> Result<Workspace, RecoveryError> {
    let mut ws = on_disk.clone();
    for &kind in &rec.files {
        let base = fs::read_to_string(rec.dir.join(format!("{}{BASE_SUFFIX}", kind.file_name())))?;
        if base != store.base_text(kind) {
            return Err(RecoveryError::BaseChanged {
                file: kind.file_name(),
                dir: rec.dir.clone(),
            });
        }
        let text = fs::read_to_string(rec.dir.join(kind.file_name()))?;
        let mut part = parse_text(kind, &store.path(kind), &text)
            .map_err(|_| RecoveryError::Damaged(kind.file_name()))?;
        project(kind, &mut part);
        splice(kind, &mut ws, part);
    }
    Ok(ws)
}

/// Removes the recovery folder this run wrote itself, once its edits are
/// saved or deliberately dropped. A folder left by another run is never
/// touched here: those are set aside with [`dismiss`].
pub fn clear_own(workspace: &Path) -> io::Result<()> {
    let dir = workspace.join(STATE_DIR).join(DIR);
    if !written_by_this_run(&dir) {
        return Ok(());
    }
    match fs::remove_dir_all(&dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Sets the recovered edits aside (renamed, never deleted) once they have
/// been restored and saved, or declined.
pub fn dismiss(rec: &Recovery) -> io::Result<PathBuf> {
    let parent = rec.dir.parent().unwrap_or(Path::new("."));
    let aside = unique(&parent.join(format!("{DIR}-{}", stamp())));
    fs::rename(&rec.dir, &aside)?;
    Ok(aside)
}

/// `path`, or `path-2`, `path-3`... whichever does not exist yet, so two
/// recoveries set aside within the same millisecond never collide.
fn unique(path: &Path) -> PathBuf {
    let mut candidate = path.to_path_buf();
    let mut n = 1;
    while candidate.exists() {
        n += 1;
        candidate = PathBuf::from(format!("{}-{n}", path.display()));
    }
    candidate
}

fn stamp() -> String {
    jiff::ZonedDateTime::now()
        .strftime("%Y%m%d-%H%M%S-%3f")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Letter;
    use crate::store::template::{Template, init};

    #[test]
    fn unsaved_edits_come_back_and_only_onto_the_same_base() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("ws");
        init(&dir, Template::Standard).unwrap();
        let (st, mut ws) = crate::store::load(&dir).unwrap();
        assert!(
            write(&st, &ws).unwrap().is_none(),
            "nothing unsaved, nothing written"
        );
        ws.matrix.set("A.5.1", "developer", Some(Letter::I));
        let folder = write(&st, &ws).unwrap().unwrap();
        assert!(folder.ends_with(".rasci/recovery"));
        // The workspace files themselves are untouched.
        let (st2, on_disk) = crate::store::load(&dir).unwrap();
        assert_eq!(on_disk.matrix.get("A.5.1", "developer"), None);

        let rec = find(&dir).unwrap();
        assert_eq!(rec.files, vec![FileKind::Matrix]);
        let restored = restore(&st2, &on_disk, &rec).unwrap();
        assert_eq!(restored, ws);

        // Somebody edits matrix.toml meanwhile: no automatic restore.
        let path = dir.join("matrix.toml");
        fs::write(&path, fs::read_to_string(&path).unwrap() + "\n# later\n").unwrap();
        let (st3, on_disk) = crate::store::load(&dir).unwrap();
        assert!(matches!(
            restore(&st3, &on_disk, &rec),
            Err(RecoveryError::BaseChanged { .. })
        ));

        let aside = dismiss(&rec).unwrap();
        assert!(aside.join("matrix.toml").exists(), "kept, not deleted");
        assert!(find(&dir).is_none());
    }

    #[test]
    fn a_run_replaces_its_own_copy_and_sets_aside_another_runs() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("ws");
        init(&dir, Template::Standard).unwrap();
        let (st, mut ws) = crate::store::load(&dir).unwrap();
        let state = dir.join(STATE_DIR);
        let entries = || {
            let mut v: Vec<String> = fs::read_dir(&state)
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(DIR))
                .collect();
            v.sort();
            v
        };
        // Idle copies during one run: always exactly one folder.
        for letter in [Letter::I, Letter::C, Letter::S] {
            ws.matrix.set("A.5.1", "developer", Some(letter));
            write(&st, &ws).unwrap();
            assert_eq!(entries(), vec!["recovery".to_string()]);
        }
        // A copy left by another run is set aside, not replaced.
        fs::write(state.join(DIR).join(OWNER), "12345 an earlier run").unwrap();
        ws.matrix.set("A.5.1", "developer", Some(Letter::R));
        write(&st, &ws).unwrap();
        let names = entries();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names[1].starts_with("recovery-"), "{names:?}");
        // clear_own removes only this run's copy.
        clear_own(&dir).unwrap();
        assert_eq!(entries().len(), 1);
        fs::write(state.join(names[1].as_str()).join(OWNER), "other").unwrap();
        fs::rename(state.join(names[1].as_str()), state.join(DIR)).unwrap();
        clear_own(&dir).unwrap();
        assert!(
            state.join(DIR).exists(),
            "another run's copy is never removed by clear_own"
        );
    }
}
