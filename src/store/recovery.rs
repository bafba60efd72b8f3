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
    pub dir: PathBuf,
    /// When they were written (local time, for the prompt).
    pub saved_at: String,
    pub files: Vec<FileKind>,
}

/// Why recovered edits cannot be restored automatically.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("{} changed on disk after the recovered edits were made; they are kept in {} for you to merge by hand", .file, .dir.display())]
    BaseChanged { file: &'static str, dir: PathBuf },
    #[error("the recovered copy of {0} is damaged and cannot be read")]
    Damaged(&'static str),
    #[error("cannot read the recovery folder: {0}")]
    Io(#[from] io::Error),
}

/// Writes the unsaved part of `ws` to the workspace's recovery folder.
/// Returns the folder, or `None` when there was nothing unsaved.
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
    // A stale recovery from an earlier crash is set aside, never deleted.
    if dir.exists() {
        let aside = unique(&state.join(format!("{DIR}-{}", stamp())));
        fs::rename(&dir, &aside).map_err(|e| io_err(&dir, e))?;
    }
    fsutil::create_private_dir(&dir).map_err(|e| io_err(&dir, e))?;
    for (kind, text) in &rendered {
        let path = dir.join(kind.file_name());
        fsutil::write_atomic(&path, text.as_bytes()).map_err(|e| io_err(&path, e))?;
        let base = dir.join(format!("{}{BASE_SUFFIX}", kind.file_name()));
        fsutil::write_atomic(&base, store.base_text(*kind).as_bytes())
            .map_err(|e| io_err(&base, e))?;
    }
    let when = jiff::ZonedDateTime::now()
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string();
    fsutil::write_atomic(&dir.join(STAMP), when.as_bytes()).map_err(|e| io_err(&dir, e))?;
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

/// Removes the recovery folder this session wrote itself, once its edits
/// are saved or deliberately dropped. Never call it for a recovery left by
/// an earlier run: those are set aside with [`dismiss`].
pub fn clear_own(workspace: &Path) -> io::Result<()> {
    let dir = workspace.join(STATE_DIR).join(DIR);
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
}
