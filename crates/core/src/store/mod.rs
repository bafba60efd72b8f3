//! Files in, files out: loading a workspace folder with full validation,
//! and saving it back safely (locked, atomic, format-preserving, backed up,
//! never over a file that changed on disk).

pub mod diagnostic;
pub mod discover;
pub mod fsutil;
pub mod open;
mod parse;
pub mod recovery;
pub mod schema;
pub mod source;
pub mod template;
mod txn;
mod write;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use diagnostic::Diagnostic;
pub use fsutil::{Lock, LockError};
pub use schema::FileKind;
pub use source::{FileSource, InMemory, WorkingTree};
pub use write::basic_string;

use crate::model::Workspace;

/// Why a workspace could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder has no `workspace.toml`; holds the folder.
    #[error("no workspace at {0}: there is no workspace.toml there (create one with `rasci init`)")]
    NotFound(PathBuf),
    /// A workspace file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file that could not be read.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The files were read but have problems, each located; never empty.
    #[error("{} problem(s) in the workspace", .0.len())]
    Invalid(Vec<Diagnostic>),
}

/// Why a save did not happen. In every case but [`SaveError::Partly`] and
/// [`SaveError::Displaced`] no file was changed.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The store does not hold the lock (see [`Store::lock`]).
    #[error("the workspace is open read-only; nothing was written")]
    ReadOnly,
    /// A file the save would write changed on disk since it was loaded;
    /// holds its path.
    #[error("{} changed on disk since it was loaded; nothing was written (reload to see the other change, then redo yours)", .0.display())]
    ChangedOnDisk(PathBuf),
    /// A file could not be read again to check it had not changed (not
    /// the same as a change: the advice differs).
    #[error("cannot re-read {} to check that nobody changed it since it was loaded: {source}; nothing was written", .path.display())]
    Reread {
        /// The file that could not be read.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A file the save would replace is write-protected: respected.
    #[error("{} is read-only (mode {mode:04o}): rasci does not replace a file that was protected; nothing was written (make {} writable with `chmod u+w` and save again)", file_name(.path), .path.display())]
    ReadOnlyFile {
        /// The protected file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The save went through, but a file it replaced had been changed by
    /// somebody else in the instant before (an editor saving at the same
    /// time). Their version is kept, not lost; the user must merge.
    #[error(
        "SOMEONE ELSE CHANGED {} WHILE RASCI WAS SAVING IT: rasci's version is now in place and theirs is kept in {}; compare the two and merge the other change by hand",
        names_of(.displaced.iter().map(|d| &d.0)), names_of(.displaced.iter().map(|d| &d.1))
    )]
    Displaced {
        /// The files written.
        written: Vec<FileKind>,
        /// Each workspace file and where the version it displaced is kept.
        displaced: Vec<(PathBuf, PathBuf)>,
    },
    /// Every file was replaced, but the folder could not be flushed to
    /// disk: a power cut now could undo the save.
    #[error(
        "{} saved, but flushing {} to disk failed: {source}; a power cut now could undo the save (check the disk, then save again)",
        names(.written), .path.display()
    )]
    NotDurable {
        /// The files written.
        written: Vec<FileKind>,
        /// The folder that could not be flushed.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A file's text no longer matches the register it was loaded as (an
    /// internal error).
    #[error(transparent)]
    OutOfSync(#[from] write::OutOfSync),
    /// A file as rendered would not read back as the register (an internal
    /// error); holds its file name.
    #[error("internal error: {0} would not read back as saved; nothing was written")]
    Verify(&'static str),
    /// A file could not be written, and none was replaced.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file that could not be written (a link's target, for a link).
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A save of several files stopped after writing some of them. The
    /// store knows which: saving again writes only the rest.
    #[error(
        "cannot write {path}: {source}; {} saved, the rest not (save again to write the rest)",
        names(.written)
    )]
    Partly {
        /// The files that were replaced before the failure.
        written: Vec<FileKind>,
        /// The file that could not be replaced (a link's target, for a link).
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn names_of<'a>(paths: impl Iterator<Item = &'a PathBuf>) -> String {
    let all: Vec<String> = paths
        .map(|p| crate::text::sanitize(&p.display().to_string()).into_owned())
        .collect();
    all.join(", ")
}

fn names(kinds: &[FileKind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.file_name()).collect();
    names.join(", ")
}

/// What a save did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveReport {
    /// The files written, in the order they were replaced; empty when
    /// nothing had changed.
    pub written: Vec<FileKind>,
    /// The backups made of the previous versions, in `.rasci/backups/`.
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
    /// Leftovers of an interrupted save, dealt with when the lock was taken.
    set_aside: fsutil::SetAside,
    /// What loading said about a cut-short save it finished first.
    finished: Option<String>,
}

/// Reads and validates a workspace. All problems in all files are reported
/// together. Dangling references are not problems here: they load, and the
/// findings report them.
pub fn load(dir: &Path) -> Result<(Store, Workspace), LoadError> {
    let finished = finish_cut_short_save(dir);
    let (states, ws) = read_files(&WorkingTree::new(dir))?;
    let store = Store {
        dir: dir.to_path_buf(),
        files: states,
        base: ws.clone(),
        lock: None,
        set_aside: fsutil::SetAside::default(),
        finished,
    };
    Ok((store, ws))
}

/// Reads and validates a workspace for looking things up only: the same
/// checks as [`load`], without keeping what a save would need (a second
/// copy of the register), which one-shot lookups on large registers feel.
pub fn read(dir: &Path) -> Result<Workspace, LoadError> {
    finish_cut_short_save(dir);
    read_from(&WorkingTree::new(dir))
}

/// A save of several files cut short is finished before anything reads
/// them, so no command ever sees the register half-edited. Said on stderr
/// at once, whatever the command (and kept by the store for the
/// workbench). Only a working tree has saves to finish.
fn finish_cut_short_save(dir: &Path) -> Option<String> {
    let finished = txn::complete_pending(dir);
    if let Some(note) = &finished {
        eprintln!("warning: {}", crate::text::sanitize(note));
    }
    finished
}

/// Reads and validates a register from any [`FileSource`] (the tree of a
/// commit, files in memory) with the same parser, checks and diagnostics
/// as the working tree.
pub fn read_from(source: &dyn FileSource) -> Result<Workspace, LoadError> {
    read_files(source).map(|(_, ws)| ws)
}

fn read_files(source: &dyn FileSource) -> Result<(Vec<FileState>, Workspace), LoadError> {
    let mut files = Vec::with_capacity(4);
    for kind in FileKind::ALL {
        let path = source.path(kind);
        match source.read(kind) {
            Ok(Some(bytes)) => files.push(Unparsed {
                kind,
                stamp: source.stamp(kind),
                path,
                bytes,
                existed: true,
            }),
            Ok(None) if kind == FileKind::Workspace => {
                return Err(LoadError::NotFound(source.root().to_path_buf()));
            }
            Ok(None) => files.push(Unparsed {
                kind,
                stamp: None,
                path,
                bytes: Vec::new(),
                existed: false,
            }),
            Err(source) => return Err(LoadError::Io { path, source }),
        }
    }
    // The files are independent: on a large register the biggest one
    // (usually people.toml) is parsed on a second thread while the others
    // are parsed here, so loading takes about as long as that one file.
    let total: usize = files.iter().map(|f| f.bytes.len()).sum();
    let biggest = (0..files.len())
        .max_by_key(|&i| files[i].bytes.len())
        .unwrap_or(0);
    let mut parsed: Vec<(FileKind, Parsed)> = if total > PARALLEL_FROM {
        let big = files.remove(biggest);
        std::thread::scope(|s| {
            let handle = s.spawn(|| (big.kind, parse_one(big)));
            let mut rest: Vec<(FileKind, Parsed)> =
                files.into_iter().map(|f| (f.kind, parse_one(f))).collect();
            match handle.join() {
                Ok(one) => rest.push(one),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            rest
        })
    } else {
        files.into_iter().map(|f| (f.kind, parse_one(f))).collect()
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

/// One file as read from its source, before parsing.
struct Unparsed {
    kind: FileKind,
    path: PathBuf,
    stamp: Option<(u64, std::time::SystemTime)>,
    bytes: Vec<u8>,
    existed: bool,
}

fn parse_one(file: Unparsed) -> Parsed {
    let Unparsed {
        kind,
        path,
        stamp,
        bytes,
        existed,
    } = file;
    let mut part = Workspace::default();
    match String::from_utf8(bytes) {
        Ok(text) => {
            // The text is kept as it is (a save keeps the mark); problems
            // are located without it, so columns on line 1 are right.
            let diagnostics = parse::parse_file(kind, &path, write::strip_bom(&text), &mut part);
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
            let src = write::strip_bom(&lossy);
            // Where the bad byte is in `src`: the mark, if any, is valid.
            let at = valid - (lossy.len() - src.len());
            let d = Diagnostic::at(
                &path,
                src,
                at..at + 1,
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

/// Copies `kind`'s part of `from` into `to`, leaving the rest of `to` as it
/// is (a clone of that part only, not of the whole register).
fn copy_part(kind: FileKind, from: &Workspace, to: &mut Workspace) {
    match kind {
        FileKind::Workspace => {
            to.organisation = from.organisation.clone();
            to.settings = from.settings.clone();
            to.sod_rules = from.sod_rules.clone();
            to.activities = from.activities.clone();
            to.exclusions = from.exclusions.clone();
            to.signoffs = from.signoffs.clone();
        }
        FileKind::People => to.people = from.people.clone(),
        FileKind::Roles => to.roles = from.roles.clone(),
        FileKind::Matrix => to.matrix = from.matrix.clone(),
    }
}

/// Parses one file's text on its own (used to verify what a save would
/// write, and by tests).
pub fn parse_text(kind: FileKind, path: &Path, text: &str) -> Result<Workspace, Vec<Diagnostic>> {
    let mut ws = Workspace::default();
    let diags = parse::parse_file(kind, path, write::strip_bom(text), &mut ws);
    if diags.is_empty() { Ok(ws) } else { Err(diags) }
}

impl Store {
    /// The workspace folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The path of `kind`'s file in the workspace folder, whether it exists
    /// or not.
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
    ///
    /// With the lock held, temporary files that an interrupted save left
    /// beside the workspace files are moved into `.rasci/interrupted/` (see
    /// [`Store::set_aside`]); a failure to move them does not stop the lock.
    pub fn lock(&mut self) -> Result<(), LockError> {
        if self.lock.is_none() {
            self.lock = Some(Lock::acquire(&self.dir)?);
            let targets: Vec<PathBuf> = FileKind::ALL.iter().map(|&k| self.path(k)).collect();
            let stamp = jiff::ZonedDateTime::now()
                .strftime("%Y%m%d-%H%M%S")
                .to_string();
            self.set_aside = fsutil::set_aside_interrupted(&self.dir, &targets, &stamp);
        }
        Ok(())
    }

    /// Temporary files of an interrupted save that [`Store::lock`] moved
    /// aside: they may hold edits that never reached the workspace files.
    pub fn set_aside(&self) -> &fsutil::SetAside {
        &self.set_aside
    }

    /// What loading said about a save of several files that had been cut
    /// short and was finished (or could not be) before reading.
    pub fn finished_note(&self) -> Option<&str> {
        self.finished.as_deref()
    }

    /// What to tell the user about [`Store::set_aside`], if anything.
    pub fn set_aside_note(&self) -> Option<String> {
        let fsutil::SetAside { moved, stuck } = &self.set_aside;
        if moved.is_empty() && stuck.is_empty() {
            return None;
        }
        let show = |p: &PathBuf| crate::text::sanitize(&p.display().to_string()).into_owned();
        let mut note = String::from(
            "an earlier save was interrupted; its unfinished files may hold edits that never reached the workspace files",
        );
        if !moved.is_empty() {
            let list: Vec<String> = moved.iter().map(show).collect();
            note.push_str(&format!("; moved to {}", list.join(", ")));
        }
        if !stuck.is_empty() {
            let list: Vec<String> = stuck.iter().map(show).collect();
            note.push_str(&format!("; could not be moved: {}", list.join(", ")));
        }
        note.push_str(": compare them with the workspace files");
        Some(note)
    }

    /// Does this store hold the write lock (so that it may save)?
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
            .filter(|&k| self.file_changed_on_disk(k))
            .collect()
    }

    /// Does `kind`'s file differ from its text as loaded or saved? Reads
    /// the file (through a symbolic link, as `fs::read` follows links).
    fn file_changed_on_disk(&self, kind: FileKind) -> bool {
        self.check_unchanged(kind).is_err()
    }

    /// Fails when `kind`'s file differs from its text as loaded or saved
    /// ([`SaveError::ChangedOnDisk`]), or cannot be read to tell
    /// ([`SaveError::Reread`]: different advice, so a different error).
    fn check_unchanged(&self, kind: FileKind) -> Result<(), SaveError> {
        #[cfg(test)]
        hooks::READS.with(|n| n.set(n.get() + 1));
        let st = &self.files[kind.index()];
        let path = self.path(kind);
        let changed = match fsutil::read_regular(&path) {
            Ok(bytes) => !st.existed || bytes != st.text.as_bytes(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => st.existed,
            Err(source) => return Err(SaveError::Reread { path, source }),
        };
        if changed {
            Err(SaveError::ChangedOnDisk(path))
        } else {
            Ok(())
        }
    }

    /// Like [`Store::changed_on_disk`], but only reads a file whose size or
    /// modification time moved: cheap enough to poll every few seconds.
    pub fn changed_on_disk_quick(&self) -> Vec<FileKind> {
        FileKind::ALL
            .into_iter()
            .filter(|&k| {
                let st = &self.files[k.index()];
                if st.stamp.is_some() && file_stamp(&self.path(k)) == st.stamp {
                    return false;
                }
                self.file_changed_on_disk(k)
            })
            .collect()
    }

    /// The text each changed file would have after saving `ws`, verified to
    /// read back as `ws`. Writes nothing.
    pub fn render(&self, ws: &Workspace) -> Result<Vec<(FileKind, String)>, SaveError> {
        self.render_files(ws, &self.changed_files(ws))
    }

    /// [`Store::render`] for the files `kinds`.
    fn render_files(
        &self,
        ws: &Workspace,
        kinds: &[FileKind],
    ) -> Result<Vec<(FileKind, String)>, SaveError> {
        let mut out = Vec::with_capacity(kinds.len());
        for &kind in kinds {
            let text = write::render(kind, &self.files[kind.index()].text, &self.base, ws)?;
            let reread = parse_text(kind, &self.path(kind), &text)
                .map_err(|_| SaveError::Verify(kind.file_name()))?;
            // `file_changed` compares only this file's part of the register.
            if write::file_changed(kind, ws, &reread) {
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
    ///
    /// A file that is a symbolic link is written through it: its target is
    /// replaced and the link stays.
    ///
    /// The files are replaced one after the other. If one cannot be (after
    /// all were written out beside their targets), the ones replaced so far
    /// stay replaced and count as saved ([`SaveError::Partly`]), the others
    /// are untouched, and a later save writes only what is still different.
    pub fn save(&mut self, ws: &Workspace) -> Result<SaveReport, SaveError> {
        if self.lock.is_none() {
            return Err(SaveError::ReadOnly);
        }
        let changed = self.changed_files(ws);
        if changed.is_empty() {
            return Ok(SaveReport::default());
        }
        // Each file to be written is read once here; the others not at all.
        for &kind in &changed {
            self.check_unchanged(kind)?;
        }
        let rendered = self.render_files(ws, &changed)?;
        let io_err = |path: &Path, source| SaveError::Io {
            path: path.to_path_buf(),
            source,
        };
        // Where each file's data lives (the target of a link): the
        // temporary file goes beside it, so the rename stays in one folder
        // and on one file system.
        let mut targets = Vec::with_capacity(rendered.len());
        for (kind, _) in &rendered {
            let path = self.path(*kind);
            let target = fsutil::resolve_link(&path).map_err(|e| io_err(&path, e))?;
            if let Some(mode) = fsutil::read_only_mode(&target) {
                return Err(SaveError::ReadOnlyFile { path, mode });
            }
            targets.push(target);
        }
        // All temporary files first, so that a failure (disk full) leaves
        // every original untouched.
        let mut temps = Vec::with_capacity(rendered.len());
        for ((_, text), target) in rendered.iter().zip(&targets) {
            let tmp = fsutil::temp_path(target);
            if let Err(e) = fsutil::write_temp(target, &tmp, text.as_bytes()) {
                remove_all(&temps);
                return Err(io_err(target, e));
            }
            temps.push(tmp);
        }
        let stamp = jiff::ZonedDateTime::now()
            .strftime("%Y%m%d-%H%M%S-%3f")
            .to_string();
        // The intent record: from here on, a crash is finished by the next
        // command (see `txn`), so the files change together or not at all.
        let entries = rendered
            .iter()
            .zip(&targets)
            .zip(&temps)
            .map(|(((kind, text), target), tmp)| {
                let st = &self.files[kind.index()];
                txn::Entry {
                    name: kind.file_name().to_string(),
                    target: target.clone(),
                    tmp: tmp.clone(),
                    old: txn::hash(st.existed.then_some(st.text.as_bytes())),
                    new: txn::hash(Some(text.as_bytes())),
                }
            })
            .collect();
        if let Err(e) =
            fsutil::fault("after-temps").and_then(|_| txn::begin(&self.dir, &stamp, entries))
        {
            remove_all(&temps);
            let _ = txn::end(&self.dir);
            return Err(io_err(&self.dir.join(fsutil::STATE_DIR), e));
        }
        // Swap each file in. `swapped[i]`: the old version is now at
        // `temps[i]` (to be checked and kept as the backup).
        let mut swapped: Vec<bool> = Vec::with_capacity(rendered.len());
        for i in 0..rendered.len() {
            let kind = rendered[i].0;
            let st = &self.files[kind.index()];
            let step = fsutil::fault("replace").and_then(|_| {
                if !st.existed {
                    return fsutil::place_new(&temps[i], &targets[i]).map(|_| false);
                }
                #[cfg(test)]
                hooks::editor_saves(&targets[i]);
                #[cfg(test)]
                if hooks::FAIL_REPLACING
                    .with(|f| f.get().is_some_and(|name| targets[i].ends_with(name)))
                {
                    return Err(io::Error::other("simulated failure"));
                }
                #[cfg(test)]
                let swap = !hooks::NO_EXCHANGE.with(|n| n.get());
                #[cfg(not(test))]
                let swap = true;
                if swap && fsutil::exchange(&temps[i], &targets[i])? {
                    return Ok(true);
                }
                // No atomic swap here: keep the old version by a link,
                // check it, then rename (a short window remains).
                let kept = fsutil::kept_path(&self.dir, "backups", kind.file_name(), &stamp)?;
                fsutil::link_or_copy(&targets[i], &kept)?;
                if fs::read(&kept)? != st.text.as_bytes() {
                    let _ = fs::remove_file(&kept);
                    return Err(io::Error::other(
                        "it changed on disk while rasci was saving; it was left as it is",
                    ));
                }
                fs::rename(&temps[i], &targets[i])?;
                Ok(false)
            });
            // How many files are replaced when a step fails, and why.
            let failed = match step {
                Ok(s) => {
                    swapped.push(s);
                    fsutil::fault("after-replace").err().map(|e| (i + 1, e))
                }
                Err(e) => Some((i, e)),
            };
            match failed {
                None => {}
                Some((replaced, source)) => {
                    // Put back what was already replaced: all or nothing.
                    let undone = (0..replaced).try_for_each(|j| {
                        if swapped[j] {
                            fsutil::exchange(&temps[j], &targets[j]).map(|_| ())
                        } else {
                            let st = &self.files[rendered[j].0.index()];
                            if st.existed {
                                fsutil::write_atomic(&targets[j], st.text.as_bytes())
                            } else {
                                fs::remove_file(&targets[j])
                            }
                        }
                    });
                    remove_all(&temps);
                    let _ = txn::end(&self.dir);
                    let path = targets[i].clone();
                    return Err(match undone {
                        Ok(()) => SaveError::Io { path, source },
                        Err(_) => {
                            let written: Vec<FileKind> =
                                rendered[..replaced].iter().map(|r| r.0).collect();
                            for &kind in &written {
                                copy_part(kind, ws, &mut self.base);
                                let text = rendered[kind_pos(&rendered, kind)].1.clone();
                                let p = self.path(kind);
                                self.files[kind.index()] = FileState {
                                    text,
                                    existed: true,
                                    stamp: file_stamp(&p),
                                };
                            }
                            SaveError::Partly {
                                written,
                                path,
                                source,
                            }
                        }
                    });
                }
            }
        }
        let mut dirs: Vec<&Path> = targets
            .iter()
            .map(|t| t.parent().unwrap_or(Path::new(".")))
            .collect();
        dirs.dedup();
        // Every file is in place; a failed flush leaves only durability in
        // doubt, and is reported once the store agrees with the disk.
        let mut not_durable = None;
        for d in dirs {
            if let Err(e) = fsutil::sync_dir(d) {
                not_durable.get_or_insert((d.to_path_buf(), e));
            }
        }
        // Each displaced version is checked against what was loaded: the
        // same, it is the backup; different, an editor saved in the instant
        // before the swap, and their version is kept and reported.
        let mut report = SaveReport::default();
        let mut displaced = Vec::new();
        for (i, (kind, _)) in rendered.iter().enumerate() {
            if !swapped[i] {
                continue;
            }
            let st = &self.files[kind.index()];
            let same = fs::read(&temps[i]).is_ok_and(|b| b == st.text.as_bytes());
            let sub = if same { "backups" } else { "displaced" };
            let kept = fsutil::fault("keep-old")
                .and_then(|_| fsutil::kept_path(&self.dir, sub, kind.file_name(), &stamp))
                .and_then(|to| fsutil::move_into(&temps[i], &to).map(|_| to));
            match kept {
                Ok(to) if same => report.backups.push(to),
                Ok(to) => displaced.push((self.path(*kind), to)),
                Err(_) if same => {}
                // Still beside the file: the next lock sets it aside.
                Err(_) => displaced.push((self.path(*kind), temps[i].clone())),
            }
        }
        fsutil::prune_backups(
            &self.dir,
            &rendered.iter().map(|r| r.0.file_name()).collect::<Vec<_>>(),
        );
        let _ = fsutil::fault("before-end");
        txn::end(&self.dir).map_err(|e| io_err(&self.dir.join(fsutil::STATE_DIR), e))?;
        for (kind, text) in rendered {
            let path = self.path(kind);
            self.files[kind.index()] = FileState {
                text,
                existed: true,
                stamp: file_stamp(&path),
            };
            copy_part(kind, ws, &mut self.base);
            report.written.push(kind);
        }
        if let Some((path, source)) = not_durable {
            return Err(SaveError::NotDurable {
                written: report.written,
                path,
                source,
            });
        }
        if !displaced.is_empty() {
            return Err(SaveError::Displaced {
                written: report.written,
                displaced,
            });
        }
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

fn kind_pos(rendered: &[(FileKind, String)], kind: FileKind) -> usize {
    rendered.iter().position(|r| r.0 == kind).unwrap_or(0)
}

/// Removes temporary files that will not be used (best effort).
fn remove_all(temps: &[PathBuf]) {
    for t in temps {
        let _ = fs::remove_file(t);
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

/// What the tests below need to see inside a save: how many workspace files
/// it reads, and a replacement that fails (deterministically, on every
/// platform and even for root, which file permissions would not stop).
#[cfg(test)]
mod hooks {
    use std::cell::Cell;

    thread_local! {
        /// Workspace files read to look for changes made by others.
        pub static READS: Cell<usize> = const { Cell::new(0) };
        /// The file name whose replacement fails, after its backup.
        pub static FAIL_REPLACING: Cell<Option<&'static str>> = const { Cell::new(None) };
        /// Saves as where the system cannot swap two files.
        pub static NO_EXCHANGE: Cell<bool> = const { Cell::new(false) };
        /// An editor's save of (file name, text) landing just before the
        /// save replaces that file, after its check.
        pub static EDITOR: std::cell::RefCell<Option<(&'static str, String)>> =
            const { std::cell::RefCell::new(None) };
    }

    pub fn editor_saves(target: &std::path::Path) {
        let edit = EDITOR.with(|e| e.borrow_mut().take_if(|(n, _)| target.ends_with(n)));
        if let Some((_, text)) = edit {
            let tmp = target.with_extension("editor-tmp");
            std::fs::write(&tmp, text).unwrap();
            std::fs::rename(&tmp, target).unwrap();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Letter, Person};
    use template::{Template, init};

    fn workspace() -> (tempfile::TempDir, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("ws");
        init(&dir, Template::Standard).unwrap();
        (t, dir)
    }

    #[test]
    fn taking_the_lock_moves_an_interrupted_save_aside_without_losing_it() {
        let (_t, dir) = workspace();
        let leftover = dir.join(".roles.toml.rasci-tmp-4242");
        fs::write(&leftover, "# what a crashed save was writing\n").unwrap();
        let unrelated = dir.join(".notes.txt.rasci-tmp-4242");
        fs::write(&unrelated, "not ours").unwrap();
        let (mut st, _) = load(&dir).unwrap();
        assert_eq!(st.set_aside_note(), None, "reading moves nothing");
        assert!(leftover.exists());

        st.lock().unwrap();
        assert!(!leftover.exists());
        assert!(
            unrelated.exists(),
            "only temporary files of workspace files"
        );
        let moved = st.set_aside().moved.clone();
        assert_eq!(moved.len(), 1);
        assert!(st.set_aside().stuck.is_empty());
        assert!(
            moved[0].starts_with(dir.join(".rasci/interrupted")),
            "{moved:?}"
        );
        assert!(moved[0].ends_with("roles.toml.4242"), "{moved:?}");
        assert_eq!(
            fs::read_to_string(&moved[0]).unwrap(),
            "# what a crashed save was writing\n"
        );
        let note = st.set_aside_note().unwrap();
        assert!(
            note.contains("interrupted") && note.contains("moved to"),
            "{note}"
        );
    }

    #[test]
    fn nothing_to_set_aside_means_no_note() {
        let (_t, dir) = workspace();
        let (mut st, _) = load(&dir).unwrap();
        st.lock().unwrap();
        assert_eq!(st.set_aside(), &fsutil::SetAside::default());
        assert_eq!(st.set_aside_note(), None);
        assert!(!dir.join(".rasci/interrupted").exists());
    }

    /// A change to every one of the four files.
    fn change_every_file(ws: &mut Workspace) {
        ws.organisation.name.push_str(" (renamed)");
        ws.people.insert(
            "jdoe".into(),
            Person {
                id: "jdoe".into(),
                name: "Jane Doe".into(),
                ..Person::default()
            },
        );
        if let Some(r) = ws.roles.get_mut("ism") {
            r.name.push_str(" (renamed)");
        }
        ws.matrix.set("A.5.15", "head-of-it", Some(Letter::S));
    }

    fn bytes(dir: &Path) -> Vec<Vec<u8>> {
        FileKind::ALL
            .iter()
            .map(|k| fs::read(dir.join(k.file_name())).unwrap_or_default())
            .collect()
    }

    #[test]
    fn a_save_reads_each_file_it_writes_once() {
        let (_t, dir) = workspace();
        let (mut st, mut ws) = load(&dir).unwrap();
        st.lock().unwrap();
        change_every_file(&mut ws);
        hooks::READS.with(|n| n.set(0));
        assert_eq!(st.save(&ws).unwrap().written.len(), 4);
        // Checking the whole workspace for every file written read 16.
        assert_eq!(hooks::READS.with(|n| n.get()), 4);

        ws.matrix.set("A.5.15", "head-of-it", Some(Letter::C));
        hooks::READS.with(|n| n.set(0));
        assert_eq!(st.save(&ws).unwrap().written, vec![FileKind::Matrix]);
        assert_eq!(hooks::READS.with(|n| n.get()), 1);
    }

    /// A save of several files is one transaction: when the third file
    /// cannot be replaced, the two already replaced are put back, so the
    /// register is never half-edited (it used to stay half-written).
    #[test]
    fn a_save_that_fails_half_way_puts_back_what_it_replaced() {
        let (_t, dir) = workspace();
        let (mut st, mut ws) = load(&dir).unwrap();
        st.lock().unwrap();
        change_every_file(&mut ws);
        let before = bytes(&dir);
        hooks::FAIL_REPLACING.with(|f| f.set(Some("roles.toml")));
        let err = st.save(&ws).unwrap_err();
        hooks::FAIL_REPLACING.with(|f| f.set(None));
        match &err {
            SaveError::Io { path, .. } => assert_eq!(path, &dir.join("roles.toml")),
            other => panic!("expected Io, got {other:?}"),
        }
        assert_eq!(bytes(&dir), before, "every file as it was");
        let strays: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("rasci-"))
            .collect();
        assert!(strays.is_empty(), "{strays:?}");
        assert!(!dir.join(".rasci/transaction").exists());
        assert!(st.changed_on_disk().is_empty());
        assert_eq!(st.changed_files(&ws).len(), 4);

        // Saving again writes all four.
        let report = st.save(&ws).unwrap();
        assert_eq!(report.written.len(), 4);
        let (_, back) = load(&dir).unwrap();
        assert!(!st.is_dirty(&back));
        for kind in FileKind::ALL {
            assert!(!write::file_changed(kind, &ws, &back), "{kind:?}");
        }
    }

    #[test]
    fn an_editor_save_in_the_instant_before_the_swap_is_kept_and_reported() {
        let (_t, dir) = workspace();
        let (mut st, mut ws) = load(&dir).unwrap();
        st.lock().unwrap();
        ws.matrix.set("A.5.15", "head-of-it", Some(Letter::S));
        let path = dir.join("matrix.toml");
        let hand = fs::read_to_string(&path).unwrap() + "# a hand edit\n";
        hooks::EDITOR.with(|e| *e.borrow_mut() = Some(("matrix.toml", hand.clone())));
        let err = st.save(&ws).unwrap_err();
        let SaveError::Displaced { written, displaced } = &err else {
            panic!("expected Displaced, got {err:?}");
        };
        assert_eq!(written, &[FileKind::Matrix]);
        assert_eq!(displaced[0].0, path);
        assert!(displaced[0].1.starts_with(dir.join(".rasci/displaced")));
        assert_eq!(fs::read_to_string(&displaced[0].1).unwrap(), hand);
        assert!(err.to_string().contains("SOMEONE ELSE CHANGED"), "{err}");
        // rasci's version is in place and the store knows it.
        assert!(!fs::read_to_string(&path).unwrap().contains("a hand edit"));
        assert!(st.changed_on_disk().is_empty());
        assert!(!st.is_dirty(&ws));
    }

    /// Without the atomic swap: the old version is linked as the backup,
    /// checked, then renamed over; an editor's save seen by that check
    /// stops the save and stays in the file.
    #[test]
    fn without_the_swap_a_save_keeps_a_backup_and_still_refuses_a_hand_edit() {
        let (_t, dir) = workspace();
        let (mut st, mut ws) = load(&dir).unwrap();
        st.lock().unwrap();
        hooks::NO_EXCHANGE.with(|n| n.set(true));
        let path = dir.join("matrix.toml");
        let old = fs::read_to_string(&path).unwrap();
        ws.matrix.set("A.5.15", "head-of-it", Some(Letter::S));
        let report = st.save(&ws).unwrap();
        assert_eq!(report.written, vec![FileKind::Matrix]);
        let backups: Vec<_> = fs::read_dir(dir.join(".rasci/backups"))
            .unwrap()
            .flatten()
            .map(|e| fs::read_to_string(e.path()).unwrap())
            .collect();
        assert_eq!(backups, vec![old]);

        ws.matrix.set("A.5.15", "head-of-it", Some(Letter::C));
        let hand = fs::read_to_string(&path).unwrap() + "# a hand edit\n";
        hooks::EDITOR.with(|e| *e.borrow_mut() = Some(("matrix.toml", hand.clone())));
        let err = st.save(&ws).unwrap_err();
        hooks::NO_EXCHANGE.with(|n| n.set(false));
        assert!(
            err.to_string()
                .contains("changed on disk while rasci was saving"),
            "{err}"
        );
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            hand,
            "the hand edit stays"
        );
        assert!(
            !fs::read_dir(&dir)
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains("rasci-tmp"))
        );
    }

    #[test]
    fn a_read_only_file_is_not_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let (_t, dir) = workspace();
        let (mut st, mut ws) = load(&dir).unwrap();
        st.lock().unwrap();
        let path = dir.join("matrix.toml");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let before = bytes(&dir);
        ws.matrix.set("A.5.15", "head-of-it", Some(Letter::S));
        let err = st.save(&ws).unwrap_err();
        assert!(
            matches!(&err, SaveError::ReadOnlyFile { path: p, mode: 0o444 } if p == &path),
            "{err:?}"
        );
        assert!(err.to_string().contains("read-only (mode 0444)"), "{err}");
        assert_eq!(bytes(&dir), before);
        assert!(st.is_dirty(&ws), "the edit is still there to save");
    }

    #[test]
    fn a_save_keeps_the_owner_and_group_of_the_file_it_replaces() {
        use std::os::unix::fs::MetadataExt;
        let (_t, dir) = workspace();
        let path = dir.join("people.toml");
        // Only root may give a file away; elsewhere there is nothing to keep.
        if std::os::unix::fs::chown(&path, Some(65534), Some(65534)).is_err() {
            eprintln!("skipped: not allowed to chown here (not root)");
            return;
        }
        let (mut st, mut ws) = load(&dir).unwrap();
        st.lock().unwrap();
        change_every_file(&mut ws);
        st.save(&ws).unwrap();
        let m = fs::metadata(&path).unwrap();
        assert_eq!((m.uid(), m.gid()), (65534, 65534));
    }

    #[test]
    fn a_file_that_cannot_be_re_read_is_not_called_changed() {
        let (_t, dir) = workspace();
        let (mut st, mut ws) = load(&dir).unwrap();
        st.lock().unwrap();
        let path = dir.join("matrix.toml");
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        ws.matrix.set("A.5.15", "head-of-it", Some(Letter::S));
        let err = st.save(&ws).unwrap_err();
        assert!(matches!(err, SaveError::Reread { .. }), "{err:?}");
        let msg = err.to_string();
        assert!(
            msg.contains("cannot re-read") && msg.contains("a folder"),
            "{msg}"
        );
        assert!(!msg.contains("changed on disk"), "{msg}");
    }

    #[test]
    fn a_failure_on_the_first_file_changes_nothing() {
        let (_t, dir) = workspace();
        let (mut st, mut ws) = load(&dir).unwrap();
        st.lock().unwrap();
        change_every_file(&mut ws);
        let before = bytes(&dir);
        hooks::FAIL_REPLACING.with(|f| f.set(Some("workspace.toml")));
        let err = st.save(&ws).unwrap_err();
        hooks::FAIL_REPLACING.with(|f| f.set(None));
        assert!(matches!(err, SaveError::Io { .. }), "{err:?}");
        assert_eq!(bytes(&dir), before);
        assert_eq!(st.changed_files(&ws).len(), 4);
        assert!(
            !fs::read_dir(&dir)
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains("rasci-tmp"))
        );
    }
}
