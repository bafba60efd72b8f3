//! Files in, files out: loading a workspace folder with full validation,
//! and saving it back safely (locked, atomic, format-preserving, backed up,
//! never over a file that changed on disk).

pub mod diagnostic;
pub mod discover;
pub mod fsutil;
mod parse;
pub mod recovery;
pub mod schema;
pub mod template;
mod write;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use diagnostic::Diagnostic;
pub use fsutil::{Lock, LockError};
pub use schema::FileKind;

use crate::model::Workspace;

/// Why a workspace could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("no workspace at {0}: there is no workspace.toml there (create one with `rasci init`)")]
    NotFound(PathBuf),
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{} problem(s) in the workspace", .0.len())]
    Invalid(Vec<Diagnostic>),
}

/// Why a save did not happen. In every case no file was changed.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("the workspace is open read-only; nothing was written")]
    ReadOnly,
    #[error("{} changed on disk since it was loaded; nothing was written (reload to see the other change, then redo yours)", .0.display())]
    ChangedOnDisk(PathBuf),
    #[error(transparent)]
    OutOfSync(#[from] write::OutOfSync),
    #[error("internal error: {0} would not read back as saved; nothing was written")]
    Verify(&'static str),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// What a save did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveReport {
    pub written: Vec<FileKind>,
    pub backups: Vec<PathBuf>,
}

/// One file as it was last read or written.
#[derive(Debug, Clone)]
struct FileState {
    text: String,
    existed: bool,
    /// Size and modification time when read or written, for cheap polling.
    stamp: Option<(u64, std::time::SystemTime)>,
}

fn file_stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let m = fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// An open workspace folder: remembers each file's text and the model as it
/// was on disk, so that saves touch only what changed and detect edits by
/// anybody else.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    files: Vec<FileState>,
    base: Workspace,
    lock: Option<Lock>,
}

/// Reads and validates a workspace. All problems in all files are reported
/// together. Dangling references are not problems here: they load, and the
/// findings report them.
pub fn load(dir: &Path) -> Result<(Store, Workspace), LoadError> {
    let (states, ws) = read_files(dir)?;
    let store = Store {
        dir: dir.to_path_buf(),
        files: states,
        base: ws.clone(),
        lock: None,
    };
    Ok((store, ws))
}

/// Reads and validates a workspace for looking things up only: the same
/// checks as [`load`], without keeping what a save would need (a second
/// copy of the register), which one-shot lookups on large registers feel.
pub fn read(dir: &Path) -> Result<Workspace, LoadError> {
    read_files(dir).map(|(_, ws)| ws)
}

fn read_files(dir: &Path) -> Result<(Vec<FileState>, Workspace), LoadError> {
    let mut files = Vec::with_capacity(4);
    for kind in FileKind::ALL {
        let path = dir.join(kind.file_name());
        match fs::read(&path) {
            Ok(bytes) => files.push((kind, bytes, true)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if kind == FileKind::Workspace {
                    return Err(LoadError::NotFound(dir.to_path_buf()));
                }
                files.push((kind, Vec::new(), false));
            }
            Err(source) => return Err(LoadError::Io { path, source }),
        }
    }
    // The files are independent: on a large register the biggest one
    // (usually people.toml) is parsed on a second thread while the others
    // are parsed here, so loading takes about as long as that one file.
    let total: usize = files.iter().map(|f| f.1.len()).sum();
    let biggest = (0..files.len())
        .max_by_key(|&i| files[i].1.len())
        .unwrap_or(0);
    let mut parsed: Vec<(FileKind, Parsed)> = if total > PARALLEL_FROM {
        let big = files.remove(biggest);
        std::thread::scope(|s| {
            let handle = s.spawn(|| (big.0, parse_one(dir, big.0, big.1, big.2)));
            let mut rest: Vec<(FileKind, Parsed)> = files
                .into_iter()
                .map(|(k, b, e)| (k, parse_one(dir, k, b, e)))
                .collect();
            match handle.join() {
                Ok(one) => rest.push(one),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            rest
        })
    } else {
        files
            .into_iter()
            .map(|(k, b, e)| (k, parse_one(dir, k, b, e)))
            .collect()
    };
    parsed.sort_by_key(|(k, _)| *k);
    let mut ws = Workspace::default();
    let mut diags = Vec::new();
    let mut states = Vec::with_capacity(4);
    for (kind, p) in parsed {
        diags.extend(p.diagnostics);
        splice(kind, &mut ws, p.part);
        states.push(p.state);
    }
    if !diags.is_empty() {
        return Err(LoadError::Invalid(diags));
    }
    Ok((states, ws))
}

/// Below this many bytes in all, parsing on one thread is quicker.
const PARALLEL_FROM: usize = 256 * 1024;

/// One file read and parsed on its own.
struct Parsed {
    state: FileState,
    part: Workspace,
    diagnostics: Vec<Diagnostic>,
}

fn parse_one(dir: &Path, kind: FileKind, bytes: Vec<u8>, existed: bool) -> Parsed {
    let path = dir.join(kind.file_name());
    let stamp = file_stamp(&path);
    let mut part = Workspace::default();
    match String::from_utf8(bytes) {
        Ok(text) => {
            let diagnostics = parse::parse_file(kind, &path, &text, &mut part);
            Parsed {
                state: FileState {
                    text,
                    existed,
                    stamp,
                },
                part,
                diagnostics,
            }
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = Diagnostic::at(
                &path,
                &lossy,
                valid..valid + 1,
                "the file is not valid UTF-8 text".into(),
            )
            .help("save the file as UTF-8 in your editor");
            Parsed {
                state: FileState {
                    text: String::new(),
                    existed,
                    stamp,
                },
                part,
                diagnostics: vec![d],
            }
        }
    }
}

/// Replaces `kind`'s part of `ws` with `part`'s.
pub(crate) fn splice(kind: FileKind, ws: &mut Workspace, part: Workspace) {
    match kind {
        FileKind::Workspace => {
            ws.organisation = part.organisation;
            ws.settings = part.settings;
            ws.sod_rules = part.sod_rules;
            ws.activities = part.activities;
            ws.exclusions = part.exclusions;
            ws.signoffs = part.signoffs;
        }
        FileKind::People => ws.people = part.people,
        FileKind::Roles => ws.roles = part.roles,
        FileKind::Matrix => ws.matrix = part.matrix,
    }
}

/// Parses one file's text on its own (used to verify what a save would
/// write, and by tests).
pub fn parse_text(kind: FileKind, path: &Path, text: &str) -> Result<Workspace, Vec<Diagnostic>> {
    let mut ws = Workspace::default();
    let diags = parse::parse_file(kind, path, text, &mut ws);
    if diags.is_empty() { Ok(ws) } else { Err(diags) }
}

impl Store {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self, kind: FileKind) -> PathBuf {
        self.dir.join(kind.file_name())
    }

    /// The text of `kind`'s file as last loaded or saved ("" if absent).
    pub fn base_text(&self, kind: FileKind) -> &str {
        &self.files[kind.index()].text
    }

    /// The register as it is on disk (as last loaded or saved).
    pub fn base(&self) -> &Workspace {
        &self.base
    }

    /// Takes the workspace's write lock. Without it, saves are refused.
    pub fn lock(&mut self) -> Result<(), LockError> {
        if self.lock.is_none() {
            self.lock = Some(Lock::acquire(&self.dir)?);
        }
        Ok(())
    }

    pub fn is_locked(&self) -> bool {
        self.lock.is_some()
    }

    /// Releases the lock (a read-only store).
    pub fn unlock(&mut self) {
        self.lock = None;
    }

    /// Has `ws` changed from what is on disk?
    pub fn is_dirty(&self, ws: &Workspace) -> bool {
        // Cheapest and most often edited first: a changed matrix answers
        // without comparing ten thousand people.
        [
            FileKind::Matrix,
            FileKind::Workspace,
            FileKind::Roles,
            FileKind::People,
        ]
        .into_iter()
        .any(|k| write::file_changed(k, &self.base, ws))
    }

    /// Files whose part of the register differs between disk and `ws`.
    pub fn changed_files(&self, ws: &Workspace) -> Vec<FileKind> {
        FileKind::ALL
            .into_iter()
            .filter(|&k| write::file_changed(k, &self.base, ws))
            .collect()
    }

    /// Files changed on disk by someone else since they were loaded.
    pub fn changed_on_disk(&self) -> Vec<FileKind> {
        FileKind::ALL
            .into_iter()
            .filter(|&k| {
                let st = &self.files[k.index()];
                match fs::read(self.path(k)) {
                    Ok(bytes) => !st.existed || bytes != st.text.as_bytes(),
                    Err(_) => st.existed,
                }
            })
            .collect()
    }

    /// Like [`Store::changed_on_disk`], but only reads a file whose size or
    /// modification time moved: cheap enough to poll every few seconds.
    pub fn changed_on_disk_quick(&self) -> Vec<FileKind> {
        FileKind::ALL
            .into_iter()
            .filter(|&k| {
                let st = &self.files[k.index()];
                let path = self.path(k);
                if st.stamp.is_some() && file_stamp(&path) == st.stamp {
                    return false;
                }
                match fs::read(&path) {
                    Ok(bytes) => !st.existed || bytes != st.text.as_bytes(),
                    Err(_) => st.existed,
                }
            })
            .collect()
    }

    /// The text each changed file would have after saving `ws`, verified to
    /// read back as `ws`. Writes nothing.
    pub fn render(&self, ws: &Workspace) -> Result<Vec<(FileKind, String)>, SaveError> {
        let mut out = Vec::new();
        for kind in self.changed_files(ws) {
            let text = write::render(kind, &self.files[kind.index()].text, &self.base, ws)?;
            let reread = parse_text(kind, &self.path(kind), &text)
                .map_err(|_| SaveError::Verify(kind.file_name()))?;
            let mut expected = ws.clone();
            let mut got = reread;
            // Compare only this file's part of the register.
            project(kind, &mut expected);
            project(kind, &mut got);
            if write::file_changed(kind, &expected, &got) {
                return Err(SaveError::Verify(kind.file_name()));
            }
            out.push((kind, text));
        }
        Ok(out)
    }

    /// Saves `ws`: only files whose content changed are written, each
    /// atomically and with a backup of the previous version. Refused without
    /// the lock, and if a file it would write changed on disk since it was
    /// loaded (files it does not write are left alone, changed or not).
    pub fn save(&mut self, ws: &Workspace) -> Result<SaveReport, SaveError> {
        if self.lock.is_none() {
            return Err(SaveError::ReadOnly);
        }
        let changed = self.changed_files(ws);
        if changed.is_empty() {
            return Ok(SaveReport::default());
        }
        for &kind in &changed {
            if self.changed_on_disk().contains(&kind) {
                return Err(SaveError::ChangedOnDisk(self.path(kind)));
            }
        }
        let rendered = self.render(ws)?;
        let io_err = |path: &Path, source| SaveError::Io {
            path: path.to_path_buf(),
            source,
        };
        // All temporary files first, so that a failure (disk full) leaves
        // every original untouched.
        let mut temps = Vec::new();
        for (kind, text) in &rendered {
            let path = self.path(*kind);
            let tmp = fsutil::temp_path(&path);
            if let Err(e) = fsutil::write_temp(&path, &tmp, text.as_bytes()) {
                for (_, t) in &temps {
                    let _ = fs::remove_file(t);
                }
                return Err(io_err(&path, e));
            }
            temps.push((*kind, tmp));
        }
        let stamp = jiff::ZonedDateTime::now()
            .strftime("%Y%m%d-%H%M%S-%3f")
            .to_string();
        let mut report = SaveReport::default();
        for ((kind, tmp), (_, text)) in temps.iter().zip(&rendered) {
            let path = self.path(*kind);
            if let Some(b) =
                fsutil::backup(&self.dir, &path, &stamp).map_err(|e| io_err(&path, e))?
            {
                report.backups.push(b);
            }
            fsutil::commit_temp(tmp, &path).map_err(|e| io_err(&path, e))?;
            self.files[kind.index()] = FileState {
                text: text.clone(),
                existed: true,
                stamp: file_stamp(&path),
            };
            report.written.push(*kind);
        }
        self.base = ws.clone();
        Ok(report)
    }

    /// Re-reads the workspace from disk, keeping the lock.
    pub fn reload(&mut self) -> Result<Workspace, LoadError> {
        let (fresh, ws) = load(&self.dir)?;
        self.files = fresh.files;
        self.base = fresh.base;
        Ok(ws)
    }
}

/// Clears everything in `ws` that does not live in `kind`'s file.
pub(crate) fn project(kind: FileKind, ws: &mut Workspace) {
    let keep = std::mem::take(ws);
    *ws = match kind {
        FileKind::Workspace => Workspace {
            organisation: keep.organisation,
            settings: keep.settings,
            sod_rules: keep.sod_rules,
            activities: keep.activities,
            exclusions: keep.exclusions,
            signoffs: keep.signoffs,
            ..Workspace::default()
        },
        FileKind::People => Workspace {
            people: keep.people,
            ..Workspace::default()
        },
        FileKind::Roles => Workspace {
            roles: keep.roles,
            ..Workspace::default()
        },
        FileKind::Matrix => Workspace {
            matrix: keep.matrix,
            ..Workspace::default()
        },
    };
}
