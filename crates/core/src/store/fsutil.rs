//! File-system primitives that protect the user's data: private file
//! creation, atomic replacement, backups and the advisory lock.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Folder inside a workspace for rasci's own files (lock, backups,
/// recovery). It carries a `.gitignore` so none of it is committed.
pub const STATE_DIR: &str = ".rasci";

/// How many backups of each file are kept.
pub const BACKUPS_KEPT: usize = 10;

/// Creates `dir` (and parents) readable by the owner only.
/// Parents that do not exist yet are created with the usual permissions;
/// only `dir` itself is made private.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Opens a new file that only the owner can read; fails if it exists.
pub fn create_private_file(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// The state folder of a workspace, created (with its `.gitignore`) if
/// missing.
pub fn state_dir(workspace: &Path) -> io::Result<PathBuf> {
    let dir = workspace.join(STATE_DIR);
    if !dir.is_dir() {
        create_private_dir(&dir)?;
    }
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        // Losing the race with another process here is harmless.
        if let Ok(mut f) = create_private_file(&ignore) {
            f.write_all(
                b"# rasci's lock, backups and recovery files: not for version control\n*\n",
            )?;
        }
    }
    Ok(dir)
}

/// Replaces `path` with `contents` so that a crash at any instant leaves
/// either the old or the new file: write a temporary file beside it, flush
/// it to disk, rename it over the original, then flush the folder.
///
/// A new file is created private (0600); a replaced file keeps its mode.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let tmp = temp_path(path);
    write_temp(path, &tmp, contents)?;
    commit_temp(&tmp, path)
}

/// Like [`write_atomic`], but the result is always readable by the owner
/// only, even when it replaces a file others could read: for exports,
/// which carry personal data.
pub fn write_private_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let tmp = temp_path(path);
    write_temp(path, &tmp, contents)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(e) = fs::set_permissions(&tmp, fs::Permissions::from_mode(0o600)) {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    }
    commit_temp(&tmp, path)
}

/// Where the data of `path` really lives: `path` itself, or, when it is a
/// symbolic link (a file kept with the user's dotfiles and linked in), the
/// file at the end of the chain of links. Replacing that file keeps the
/// links; renaming over `path` would replace the link with a plain file.
/// A link to a file that does not exist yet resolves to that file.
pub fn resolve_link(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // As many links as Linux follows before giving up with ELOOP.
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&p)?;
                // A relative target is relative to the link's folder;
                // joining an absolute one replaces the folder.
                p = match p.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// The largest workspace file rasci reads: far above any real register
/// (ten thousand people take about 2 MB), far below what would exhaust
/// memory if a file were replaced by something endless.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a workspace file, refusing what is not a regular file (a folder,
/// a named pipe that would block forever, a device such as `/dev/zero`
/// that never ends) and anything larger than [`MAX_FILE_BYTES`].
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    // Checked before opening: opening a named pipe blocks until a writer
    // comes along.
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a pipe, socket or device)"
        };
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {what}; a workspace file must be a plain text file"),
        ));
    }
    let mut data = Vec::new();
    File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut data)?;
    if data.len() as u64 > MAX_FILE_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "it is larger than {} MB, far more than a register needs; is it the right file?",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        ));
    }
    Ok(data)
}

/// The temporary name used for `path` while it is being replaced.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.rasci-tmp-{}", std::process::id()))
}

/// What [`set_aside_interrupted`] did with each leftover it found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SetAside {
    /// Where each leftover now is.
    pub moved: Vec<PathBuf>,
    /// Leftovers that could not be moved, left where they were.
    pub stuck: Vec<PathBuf>,
}

/// Moves temporary files left beside `targets` by a save that was cut
/// short (power loss, `kill -9` between writing and renaming) into
/// `.rasci/interrupted/STAMP/`, and says where they went.
///
/// Such a file may hold the only copy of what was being saved, so it is
/// never deleted; but left where it is, nobody would notice it, and a later
/// save by a process with the same id would replace it. When it cannot be
/// moved into the state folder (a symlinked file on another file system),
/// it is renamed where it is to a name no save uses. Each leftover is dealt
/// with on its own: one failure does not stop the others. Call this only
/// while holding the workspace's lock, so no rasci is in the middle of a
/// save of this workspace.
pub fn set_aside_interrupted(workspace: &Path, targets: &[PathBuf], stamp: &str) -> SetAside {
    // The files usually share one folder: list each folder once.
    let mut by_dir: std::collections::BTreeMap<PathBuf, Vec<String>> = Default::default();
    for target in targets {
        let Ok(real) = resolve_link(target) else {
            continue;
        };
        let Some(name) = real.file_name() else {
            continue;
        };
        let dir = match real.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        by_dir
            .entry(dir)
            .or_default()
            .push(name.to_string_lossy().into_owned());
    }
    let mut out = SetAside::default();
    for (dir, names) in &by_dir {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let Some((name, pid)) = names.iter().find_map(|name| {
                file_name
                    .strip_prefix(&format!(".{name}.rasci-tmp-"))
                    .map(|pid| (name, pid))
            }) else {
                continue;
            };
            let from = entry.path();
            let into_state = state_dir(workspace).and_then(|s| {
                let into = s.join("interrupted").join(stamp);
                fs::create_dir_all(&into)?;
                let to = unused(&into.join(format!("{name}.{pid}")));
                fs::rename(&from, &to).map(|_| to)
            });
            let moved = into_state.or_else(|_| {
                let to = unused(&dir.join(format!(".{name}.rasci-interrupted-{stamp}-{pid}")));
                fs::rename(&from, &to).map(|_| to)
            });
            match moved {
                Ok(to) => out.moved.push(to),
                Err(_) => out.stuck.push(from),
            }
        }
    }
    if !out.moved.is_empty() {
        prune_interrupted(&workspace.join(STATE_DIR).join("interrupted"));
    }
    out.moved.sort();
    out.stuck.sort();
    out
}

/// How many interrupted saves `.rasci/interrupted/` keeps (one folder
/// each); older ones are removed when a new one is set aside.
pub const INTERRUPTED_KEPT: usize = 20;

fn prune_interrupted(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut all: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    all.sort();
    let excess = all.len().saturating_sub(INTERRUPTED_KEPT);
    for (_, p) in all.into_iter().take(excess) {
        let _ = if p.is_dir() {
            fs::remove_dir_all(&p)
        } else {
            fs::remove_file(&p)
        };
    }
}

/// `path`, or `path` with `-2`, `-3`... appended, whichever does not exist.
fn unused(path: &Path) -> PathBuf {
    let mut candidate = path.to_path_buf();
    let mut n = 1;
    while fs::symlink_metadata(&candidate).is_ok() {
        n += 1;
        // Appended to the raw name, which need not be UTF-8.
        let mut name = path.as_os_str().to_os_string();
        name.push(format!("-{n}"));
        candidate = PathBuf::from(name);
    }
    candidate
}

/// First half of [`write_atomic`]: the durable temporary file.
pub fn write_temp(target: &Path, tmp: &Path, contents: &[u8]) -> io::Result<()> {
    let _ = fs::remove_file(tmp);
    let mut f = create_private_file(tmp)?;
    let written = keep_owner_and_mode(&f, target)
        .and_then(|_| fault("write"))
        .and_then(|_| f.write_all(contents))
        .and_then(|_| fault("fsync"))
        .and_then(|_| f.sync_all());
    if written.is_err() {
        let _ = fs::remove_file(tmp);
    }
    written
}

/// Gives the new version `f` of `target` the mode, owner and group of the
/// file it replaces. Saving as root must not hand somebody else's file to
/// root; where the owner cannot be kept (a user who may not give files
/// away), the save is refused rather than quietly change it.
fn keep_owner_and_mode(f: &File, target: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if let Ok(meta) = fs::metadata(target) {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mine = f.metadata()?;
        if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
            std::os::unix::fs::fchown(f, Some(meta.uid()), Some(meta.gid())).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "the new version cannot keep the owner and group of the file it replaces (uid {}, gid {}): {e}; nothing was replaced",
                        meta.uid(),
                        meta.gid()
                    ),
                )
            })?;
        }
        // After the owner: changing it clears set-id bits.
        let mode = meta.permissions().mode() & 0o7777;
        f.set_permissions(fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (f, target);
    Ok(())
}

/// Second half of [`write_atomic`]: the rename and the folder flush.
pub fn commit_temp(tmp: &Path, target: &Path) -> io::Result<()> {
    if let Err(e) = fs::rename(tmp, target) {
        let _ = fs::remove_file(tmp);
        return Err(e);
    }
    sync_dir(target.parent().unwrap_or(Path::new(".")))
}

/// Flushes a folder's entries so a rename survives a power cut. A folder
/// that cannot be opened (not every platform allows it) is skipped; a
/// flush that fails is an error, as the rename may not be durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        fault("dir-fsync")?;
        match d.sync_all() {
            // Some file systems cannot flush a folder at all.
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {}
            other => other?,
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Links `from` at `to` (a second name costs nothing and keeps the bytes
/// after `from` is replaced), or copies it where links are impossible.
pub fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    let data = fs::read(from)?;
    let mut out = create_private_file(to)?;
    out.write_all(&data)?;
    out.sync_all()
}

/// Prunes the backups of each of `names` to the newest [`BACKUPS_KEPT`].
pub fn prune_backups(workspace: &Path, names: &[&str]) {
    let dir = workspace.join(STATE_DIR).join("backups");
    for name in names {
        prune(&dir, name);
    }
}

fn prune(dir: &Path, name: &str) {
    let prefix = format!("{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut mine: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    mine.sort();
    // Sorting by modification time, then name, keeps the newest last.
    let excess = mine.len().saturating_sub(BACKUPS_KEPT);
    for (_, p) in mine.into_iter().take(excess) {
        let _ = fs::remove_file(p);
    }
}

/// Swaps `tmp` and `target` in one step, so that `target` holds the new
/// version and `tmp` whatever `target` held at that instant, which the
/// caller then checks against what it loaded. Nothing can slip in between
/// a check and the replacement this way: an editor's save that lands just
/// before the swap comes back at `tmp` instead of vanishing.
///
/// Returns `Ok(false)` where the system or file system cannot swap
/// (not Linux, or a file system without `RENAME_EXCHANGE`); the caller
/// then falls back to a link and a rename, which leaves a short window.
pub fn exchange(tmp: &Path, target: &Path) -> io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| {
            CString::new(p.as_os_str().as_bytes())
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path holds a NUL byte"))
        };
        let (a, b) = (c(tmp)?, c(target)?);
        // SAFETY: both pointers are valid NUL-terminated paths for the
        // duration of the call; the syscall reads them and nothing else.
        let rc = unsafe {
            libc::syscall(
                libc::SYS_renameat2,
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(true);
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            // EXDEV: some layered file systems refuse the swap even in
            // one folder.
            Some(libc::EINVAL)
            | Some(libc::ENOSYS)
            | Some(libc::EOPNOTSUPP)
            | Some(libc::EXDEV) => Ok(false),
            _ => Err(e),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (tmp, target);
        Ok(false)
    }
}

/// Puts `tmp` at `target`, which must not exist: a hard link fails rather
/// than replace a file someone created meanwhile.
pub fn place_new(tmp: &Path, target: &Path) -> io::Result<()> {
    match fs::hard_link(tmp, target) {
        Ok(()) => {
            let _ = fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "someone created it while rasci was saving; it was left as they wrote it",
        )),
        // No hard links here (some network and FAT file systems): rename.
        Err(_) if !target.exists() => fs::rename(tmp, target),
        Err(e) => Err(e),
    }
}

/// Moves `from` (a file beside a workspace file) to `to` in the state
/// folder: a rename, or a copy and a removal across file systems.
pub fn move_into(from: &Path, to: &Path) -> io::Result<()> {
    if fs::rename(from, to).is_ok() {
        return Ok(());
    }
    let data = fs::read(from)?;
    let mut out = create_private_file(to)?;
    out.write_all(&data)?;
    out.sync_all()?;
    fs::remove_file(from)
}

/// A free name for a kept copy of `name` in the state folder's `sub`
/// folder (created private if missing).
pub fn kept_path(workspace: &Path, sub: &str, name: &str, stamp: &str) -> io::Result<PathBuf> {
    let dir = state_dir(workspace)?.join(sub);
    if !dir.is_dir() {
        create_private_dir(&dir)?;
    }
    let mut target = dir.join(format!("{name}.{stamp}"));
    let mut n = 1;
    while fs::symlink_metadata(&target).is_ok() {
        n += 1;
        target = dir.join(format!("{name}.{stamp}-{n}"));
    }
    Ok(target)
}

/// A file its owner made read-only (no write permission for anyone) is
/// not replaced: the user protected it, and root's power to write it
/// anyway is no reason to.
/// Returns the mode of `target` when nobody may write it.
pub fn read_only_mode(target: &Path) -> Option<u32> {
    let meta = fs::metadata(target).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o7777;
        (mode & 0o222 == 0).then_some(mode)
    }
    #[cfg(not(unix))]
    meta.permissions().readonly().then_some(0o444)
}

/// Test hook: `RASCI_FAULT=STEP[#N][:ACTION]` makes the save path stop at
/// the N-th time (default first) it reaches STEP. ACTION is `abort` (the
/// process dies on the spot, like `kill -9`; the default), `error` (the
/// step fails with an I/O error) or `sleep=MS` (a pause, to widen a race
/// window). Used by the crash, race and fault tests; never set it for real.
#[doc(hidden)]
pub fn fault(step: &str) -> io::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SPEC: std::sync::OnceLock<Option<(String, usize, String)>> = std::sync::OnceLock::new();
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    let spec = SPEC.get_or_init(|| {
        let raw = std::env::var("RASCI_FAULT").ok()?;
        let (point, action) = raw.split_once(':').unwrap_or((&raw, "abort"));
        let (name, nth) = match point.split_once('#') {
            Some((n, k)) => (n, k.parse().unwrap_or(1)),
            None => (point, 1),
        };
        Some((name.to_string(), nth, action.to_string()))
    });
    let Some((name, nth, action)) = spec else {
        return Ok(());
    };
    if name != step || SEEN.fetch_add(1, Ordering::SeqCst) + 1 != *nth {
        return Ok(());
    }
    match action.as_str() {
        "error" => Err(io::Error::other(format!("injected fault at {step}"))),
        a if a.starts_with("sleep=") => {
            let ms = a["sleep=".len()..].parse().unwrap_or(100);
            std::thread::sleep(std::time::Duration::from_millis(ms));
            Ok(())
        }
        _ => std::process::abort(),
    }
}

/// Who is running rasci, for the lock file: the login name when the
/// environment has one, else the numeric user id.
fn user_name() -> String {
    for var in ["USER", "LOGNAME", "USERNAME"] {
        if let Some(v) = std::env::var_os(var).filter(|v| !v.is_empty()) {
            return v.to_string_lossy().into_owned();
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // The owner of our own process directory is our user id.
        if let Ok(m) = fs::metadata("/proc/self") {
            return format!("uid {}", m.uid());
        }
    }
    "an unknown user".into()
}

/// The machine's name, for a workspace on a shared file system.
fn host_name() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok().filter(|h| !h.is_empty()))
        .unwrap_or_else(|| "this machine".into())
}

/// An exclusive advisory lock on a workspace, held for as long as this
/// value lives. The operating system releases it if the process dies, so a
/// crash never leaves a stale lock behind.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds the lock.
    #[error(
        "the workspace is being edited by another rasci ({holder}); wait for it to close, or look without editing (`--read-only`, or any lookup command)"
    )]
    Held {
        /// Who holds it, as its lock file says ("pid ... of ... on ... since ...").
        holder: String,
    },
    /// The lock file could not be created or locked.
    #[error("cannot lock the workspace for writing ({path}): {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

impl Lock {
    /// Takes the lock on `.rasci/lock` in `workspace` without waiting, creating
    /// `.rasci/` if needed, and writes who holds it into the lock file.
    pub fn acquire(workspace: &Path) -> Result<Lock, LockError> {
        let io_err = |path: &Path, source| LockError::Io {
            path: path.to_path_buf(),
            source,
        };
        let dir = state_dir(workspace).map_err(|e| io_err(workspace, e))?;
        let path = dir.join("lock");
        let mut o = OpenOptions::new();
        o.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        let mut file = o.open(&path).map_err(|e| io_err(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                // The holder writes who it is just after taking the lock:
                // an empty file means it has not yet, so look again briefly.
                let mut holder = String::new();
                for _ in 0..40 {
                    holder.clear();
                    let _ = io::Seek::seek(&mut file, io::SeekFrom::Start(0));
                    let _ = file.read_to_string(&mut holder);
                    if !holder.trim().is_empty() {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                let holder = crate::text::sanitize(holder.trim()).into_owned();
                return Err(LockError::Held {
                    holder: if holder.is_empty() {
                        "unknown process".into()
                    } else {
                        holder
                    },
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_err(&path, e)),
        }
        // Say who holds it, for the message the next editor will see.
        let who = format!(
            "pid {} of {} on {} since {}",
            std::process::id(),
            user_name(),
            host_name(),
            jiff::ZonedDateTime::now().strftime("%Y-%m-%d %H:%M")
        );
        file.set_len(0)
            .and_then(|_| file.write_all(who.as_bytes()))
            .and_then(|_| file.sync_all())
            .map_err(|e| io_err(&path, e))?;
        Ok(Lock { _file: file })
    }
}

impl Drop for Lock {
    /// Empties the lock file while still holding the lock, so that the
    /// next holder's name is never confused with this one's.
    fn drop(&mut self) {
        let _ = self._file.set_len(0);
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn leftovers_of_two_crashes_in_the_same_second_both_survive() {
        let ws = tempfile::tempdir().unwrap();
        let target = ws.path().join("roles.toml");
        fs::write(ws.path().join(".roles.toml.rasci-tmp-7"), "first").unwrap();
        let one = set_aside_interrupted(ws.path(), std::slice::from_ref(&target), "s");
        fs::write(ws.path().join(".roles.toml.rasci-tmp-7"), "second").unwrap();
        let two = set_aside_interrupted(ws.path(), std::slice::from_ref(&target), "s");
        assert_eq!((one.moved.len(), two.moved.len()), (1, 1));
        assert_ne!(one.moved[0], two.moved[0]);
        assert_eq!(fs::read_to_string(&one.moved[0]).unwrap(), "first");
        assert_eq!(fs::read_to_string(&two.moved[0]).unwrap(), "second");
    }

    #[test]
    fn a_leftover_that_cannot_reach_the_state_folder_is_renamed_where_it_is() {
        let ws = tempfile::tempdir().unwrap();
        // A file where the state folder should be: nothing can go in there.
        fs::write(ws.path().join(STATE_DIR), "not a folder").unwrap();
        let target = ws.path().join("people.toml");
        let leftover = ws.path().join(".people.toml.rasci-tmp-99");
        fs::write(&leftover, "unsaved people").unwrap();
        let done = set_aside_interrupted(ws.path(), &[target], "s");
        assert!(done.stuck.is_empty(), "{done:?}");
        assert!(!leftover.exists());
        let kept = &done.moved[0];
        assert_eq!(kept.parent(), Some(ws.path()));
        let name = kept.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with(".people.toml.rasci-interrupted-"),
            "{name}"
        );
        assert!(!name.contains("rasci-tmp"), "no later save would touch it");
        assert_eq!(fs::read_to_string(kept).unwrap(), "unsaved people");
    }

    use super::*;

    #[test]
    fn atomic_write_replaces_and_keeps_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("people.toml");
        write_atomic(&p, b"one").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("rasci-tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn backups_keep_old_bytes_and_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("roles.toml");
        fs::write(&p, "v0").unwrap();
        let mut first = None;
        for i in 0..(BACKUPS_KEPT + 3) {
            let b = kept_path(dir.path(), "backups", "roles.toml", "20261127-120000").unwrap();
            link_or_copy(&p, &b).unwrap();
            prune_backups(dir.path(), &["roles.toml"]);
            first.get_or_insert(b);
            write_atomic(&p, format!("v{}", i + 1).as_bytes()).unwrap();
        }
        let backups = dir.path().join(STATE_DIR).join("backups");
        let count = fs::read_dir(&backups).unwrap().count();
        assert_eq!(count, BACKUPS_KEPT);
        // The newest backup holds the version before the last write.
        let newest = fs::read_dir(&backups)
            .unwrap()
            .flatten()
            .map(|e| fs::read_to_string(e.path()).unwrap())
            .collect::<Vec<_>>();
        assert!(newest.contains(&format!("v{}", BACKUPS_KEPT + 2)));
        assert!(dir.path().join(STATE_DIR).join(".gitignore").exists());
    }

    #[test]
    fn only_the_newest_interrupted_saves_are_kept() {
        let ws = tempfile::tempdir().unwrap();
        let target = ws.path().join("roles.toml");
        for i in 0..(INTERRUPTED_KEPT + 5) {
            fs::write(ws.path().join(".roles.toml.rasci-tmp-7"), format!("v{i}")).unwrap();
            let done = set_aside_interrupted(
                ws.path(),
                std::slice::from_ref(&target),
                &format!("s{i:03}"),
            );
            assert_eq!(done.moved.len(), 1);
            // Distinct modification times, oldest first.
            let t = std::time::SystemTime::UNIX_EPOCH
                + std::time::Duration::from_secs(1_000_000 + i as u64);
            let folder = done.moved[0].parent().unwrap().to_path_buf();
            fs::File::open(&folder).unwrap().set_modified(t).unwrap();
        }
        let dir = ws.path().join(STATE_DIR).join("interrupted");
        let mut left: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left.len(), INTERRUPTED_KEPT, "{left:?}");
        assert_eq!(left[0], "s005");
        assert_eq!(
            left.last().unwrap(),
            &format!("s{:03}", INTERRUPTED_KEPT + 4)
        );
    }

    #[test]
    fn a_lock_holder_is_named_and_its_name_is_cleared_on_release() {
        let dir = tempfile::tempdir().unwrap();
        let first = Lock::acquire(dir.path()).unwrap();
        let file = dir.path().join(STATE_DIR).join("lock");
        assert!(
            fs::read_to_string(&file)
                .unwrap()
                .contains(&format!("pid {}", std::process::id()))
        );
        drop(first);
        assert_eq!(
            fs::read_to_string(&file).unwrap(),
            "",
            "no stale holder left"
        );
    }

    /// The holder's name is written just after the lock is taken; a rasci
    /// refused in between used to call it "unknown process". Here the
    /// holder takes the lock and writes its name 20 ms later.
    #[test]
    fn a_lock_refused_right_after_it_was_taken_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = state_dir(dir.path()).unwrap().join("lock");
        let (tx, rx) = std::sync::mpsc::channel();
        let holder = std::thread::spawn(move || {
            let mut f = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .unwrap();
            f.try_lock().unwrap();
            tx.send(()).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(20));
            f.write_all(b"pid 1 of someone on host since now").unwrap();
            std::thread::sleep(std::time::Duration::from_millis(100));
        });
        rx.recv().unwrap();
        match Lock::acquire(dir.path()) {
            Err(LockError::Held { holder }) => assert!(holder.starts_with("pid 1 "), "{holder}"),
            other => panic!("expected Held, got {other:?}"),
        }
        holder.join().unwrap();
    }

    #[test]
    fn second_lock_is_refused_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let first = Lock::acquire(dir.path()).unwrap();
        match Lock::acquire(dir.path()) {
            Err(LockError::Held { holder }) => assert!(holder.contains("pid"), "{holder}"),
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        assert!(Lock::acquire(dir.path()).is_ok());
    }
}
