//! One save of several files as one transaction.
//!
//! A save first writes every new version beside its file and flushes it to
//! disk, then writes an intent record (`.rasci/transaction`) naming each
//! file with the hashes of its old and new content, then swaps the files in
//! one by one, and removes the record last. A save cut short after the
//! record was written is finished by the next rasci command of any kind
//! ([`complete_pending`]): every new version is already on disk, so the
//! register never stays half-edited (a leaver whose roles did not end).
//! A save cut short before the record was written changed no file; its
//! temporary files are set aside when the lock is next taken.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::fsutil::{self, Lock, LockError, STATE_DIR};

const RECORD: &str = "transaction";

/// The hash recorded for a file's content (`-` for no file).
pub fn hash(data: Option<&[u8]>) -> String {
    match data {
        None => "-".into(),
        Some(d) => Sha256::digest(d)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    }
}

fn hash_of(path: &Path) -> io::Result<String> {
    match fs::read(path) {
        Ok(d) => Ok(hash(Some(&d))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(hash(None)),
        Err(e) => Err(e),
    }
}

/// One file of a transaction.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// The workspace file's name (`people.toml`).
    pub name: String,
    /// Where its data lives (the target of a link, if it is one).
    pub target: PathBuf,
    /// The new version, written and flushed before the record.
    pub tmp: PathBuf,
    pub old: String,
    pub new: String,
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Record {
    pid: u32,
    stamp: String,
    files: Vec<Entry>,
}

fn record_path(workspace: &Path) -> PathBuf {
    workspace.join(STATE_DIR).join(RECORD)
}

/// Writes the intent record, durably, before the first file is replaced.
pub fn begin(workspace: &Path, stamp: &str, mut files: Vec<Entry>) -> io::Result<()> {
    // Absolute: the next command may run from another folder.
    for f in &mut files {
        f.target = std::path::absolute(&f.target)?;
        f.tmp = std::path::absolute(&f.tmp)?;
    }
    let rec = Record {
        pid: std::process::id(),
        stamp: stamp.to_string(),
        files,
    };
    let text = serde_json::to_vec_pretty(&rec).map_err(io::Error::other)?;
    fsutil::state_dir(workspace)?;
    fsutil::write_atomic(&record_path(workspace), &text)
}

/// Removes the record once every file is in place (or put back).
pub fn end(workspace: &Path) -> io::Result<()> {
    match fs::remove_file(record_path(workspace)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => fsutil::sync_dir(&workspace.join(STATE_DIR)),
    }
}

/// Finishes a save that was cut short after its intent record was written,
/// and says what was done; `None` when there was nothing to finish (or a
/// rasci holding the lock is saving right now, and will finish it itself).
///
/// Each file is in one of three states: already replaced (its content is
/// the new version: the displaced old version, if still beside it, becomes
/// a backup), not yet replaced (its content is the old version and the new
/// one waits beside it: it is swapped in now), or changed by somebody since
/// (neither: it is left alone and the waiting version is kept in
/// `.rasci/interrupted/` for a person to compare).
pub fn complete_pending(workspace: &Path) -> Option<String> {
    let path = record_path(workspace);
    if !path.exists() {
        return None;
    }
    let _lock = match Lock::acquire(workspace) {
        Ok(l) => l,
        Err(LockError::Held { .. }) => return None,
        Err(e) => {
            return Some(format!(
                "an earlier save was cut short and could not be finished now: {e}"
            ));
        }
    };
    let text = match fs::read(&path) {
        Ok(t) => t,
        // Finished by its own process meanwhile.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => return Some(format!("cannot read {}: {e}", path.display())),
    };
    let stamp = jiff::ZonedDateTime::now()
        .strftime("%Y%m%d-%H%M%S-%3f")
        .to_string();
    let rec: Record = match serde_json::from_slice(&text) {
        Ok(r) => r,
        Err(_) => {
            // Written atomically, so damage means someone else's hand:
            // keep it for inspection and say so.
            let aside = fsutil::kept_path(workspace, "interrupted", RECORD, &stamp)
                .and_then(|to| fsutil::move_into(&path, &to).map(|_| to));
            return Some(match aside {
                Ok(to) => format!(
                    "the record of an interrupted save was unreadable; it is kept in {}; check the workspace files with `rasci check`",
                    to.display()
                ),
                Err(e) => format!(
                    "the record of an interrupted save ({}) is unreadable and could not be moved: {e}",
                    path.display()
                ),
            });
        }
    };
    let mut finished = Vec::new();
    let mut already = Vec::new();
    let mut problems = Vec::new();
    for f in &rec.files {
        let f = &moved_with_workspace(workspace, f);
        match finish_one(workspace, f, &stamp) {
            Ok(true) => finished.push(f.name.clone()),
            Ok(false) => already.push(f.name.clone()),
            Err(why) => problems.push(format!("{}: {why}", f.name)),
        }
    }
    if problems.is_empty() {
        if let Err(e) = end(workspace) {
            problems.push(format!("cannot remove {}: {e}", path.display()));
        }
    } else {
        // Kept, with what could not be done, for a person to look at.
        let _ = fsutil::kept_path(workspace, "interrupted", RECORD, &stamp)
            .and_then(|to| fsutil::move_into(&path, &to));
    }
    let mut note = format!(
        "a save of {} by rasci (pid {}) was cut short at {}",
        rec.files
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(" and "),
        rec.pid,
        rec.stamp
    );
    if !finished.is_empty() {
        note.push_str(&format!(
            "; rasci finished it now: {} written",
            finished.join(", ")
        ));
    }
    if !already.is_empty() {
        note.push_str(&format!(
            "; {} had been written before the interruption",
            already.join(", ")
        ));
    }
    if problems.is_empty() {
        note.push_str("; the edit is complete");
    } else {
        note.push_str(&format!(
            "; NOT finished: {} (the unfinished versions are kept in {})",
            problems.join("; "),
            workspace.join(STATE_DIR).join("interrupted").display()
        ));
    }
    Some(crate::text::sanitize(&note).into_owned())
}

/// `f` with its paths moved into `workspace` when the folder it names is
/// gone: the workspace folder was moved or renamed after the crash.
fn moved_with_workspace(workspace: &Path, f: &Entry) -> Entry {
    let mut f = f.clone();
    if f.target.parent().is_some_and(|d| !d.is_dir()) {
        f.target = workspace.join(&f.name);
        if let Some(name) = f.tmp.file_name() {
            f.tmp = workspace.join(name);
        }
    }
    f
}

/// Brings one file of an interrupted transaction to its new version.
/// `Ok(true)` when this call replaced it, `Ok(false)` when it already was.
fn finish_one(workspace: &Path, f: &Entry, stamp: &str) -> Result<bool, String> {
    let err = |e: io::Error| e.to_string();
    let now = hash_of(&f.target).map_err(err)?;
    let waiting = hash_of(&f.tmp).map_err(err)?;
    if now == f.new {
        if waiting != "-" {
            // The displaced old version (or something unknown): keep it.
            let sub = if waiting == f.old {
                "backups"
            } else {
                "interrupted"
            };
            let to = fsutil::kept_path(workspace, sub, &f.name, stamp).map_err(err)?;
            fsutil::move_into(&f.tmp, &to).map_err(err)?;
        }
        return Ok(false);
    }
    if waiting == f.new && now == f.old {
        if now == "-" {
            fsutil::place_new(&f.tmp, &f.target).map_err(err)?;
        } else if fsutil::exchange(&f.tmp, &f.target).map_err(err)? {
            let to = fsutil::kept_path(workspace, "backups", &f.name, stamp).map_err(err)?;
            fsutil::move_into(&f.tmp, &to).map_err(err)?;
        } else {
            fs::rename(&f.tmp, &f.target).map_err(err)?;
        }
        if let Some(dir) = f.target.parent() {
            fsutil::sync_dir(dir).map_err(err)?;
        }
        return Ok(true);
    }
    if waiting != "-" {
        let to = fsutil::kept_path(workspace, "interrupted", &f.name, stamp).map_err(err)?;
        fsutil::move_into(&f.tmp, &to).map_err(err)?;
    }
    Err(if waiting == f.new {
        "it was changed by someone else after the save began, so it was left as they wrote it"
            .into()
    } else {
        "its new version is missing".into()
    })
}
