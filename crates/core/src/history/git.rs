//! Reading the register's history out of git, through the `git` program.
//!
//! Why the program and not a library is in docs/decisions.md: in short,
//! whoever keeps a register in git has git, and the program keeps the
//! build small. Object contents come from one long-lived
//! `git cat-file --batch` per command (and one `--batch-check` for blob
//! ids), never a process per object; listing and resolving revisions are a
//! few `git log` / `git rev-list` / `git rev-parse` calls.
//!
//! Nothing here writes to the repository.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

pub use crate::model::Revision;
use crate::model::{Date, Workspace};
use crate::store::{self, FileKind, FileSource, InMemory, LoadError};

/// Why the history could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The `git` program is not installed (or not on the PATH).
    #[error("the history needs git, and the `git` program was not found")]
    NoGit,
    /// The workspace folder is not inside a git repository.
    #[error("{} is not in a git repository, so it has no history yet", .0.display())]
    NotARepository(PathBuf),
    /// The repository has no commit yet.
    #[error("the repository has no commit yet")]
    NoCommits,
    /// A revision that names no commit.
    #[error("`{0}` names no commit in this repository")]
    UnknownRevision(String),
    /// A date before the first commit of the branch.
    #[error("no commit on or before {0} on the current branch")]
    NothingBefore(Date),
    /// Git ran but failed, or answered something unexpected.
    #[error("git failed: {0}")]
    Failed(String),
}

impl GitError {
    /// Whether the cause is that there is no history to read at all (no
    /// git, no repository, no commit), for which the advice is to start one.
    pub fn is_no_history(&self) -> bool {
        matches!(
            self,
            GitError::NoGit | GitError::NotARepository(_) | GitError::NoCommits
        )
    }
}

fn failed(e: impl std::fmt::Display) -> GitError {
    GitError::Failed(e.to_string())
}

/// A commit id shortened for people (12 hex digits). Safe on any text: a
/// sign-off's `commit` is read from a file someone may have mistyped.
pub fn short(id: &str) -> &str {
    id.char_indices().nth(12).map_or(id, |(i, _)| &id[..i])
}

/// A commit as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CommitInfo {
    /// The full object id.
    pub id: String,
    /// The first parent's id, none for a root commit.
    pub parent: Option<String>,
    /// The committer's date (the day it entered the branch), YYYY-MM-DD.
    pub date: String,
    /// The author's name.
    pub author: String,
    /// The first line of the message.
    pub subject: String,
}

impl CommitInfo {
    /// The id shortened for people (12 hex digits).
    pub fn short(&self) -> &str {
        short(&self.id)
    }
}

/// The repository holding a workspace, and where the workspace is in it.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The top of the working tree.
    top: PathBuf,
    /// The workspace folder relative to `top`, with `/` and a trailing `/`
    /// (empty at the top).
    prefix: String,
}

fn git_in(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(dir);
    // Never a pager or a prompt for credentials: this is a reader.
    c.env("GIT_PAGER", "cat").env("GIT_TERMINAL_PROMPT", "0");
    c.stdin(Stdio::null());
    c
}

fn run(mut c: Command) -> Result<std::process::Output, GitError> {
    match c.output() {
        Ok(o) => Ok(o),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(GitError::NoGit),
        Err(e) => Err(failed(e)),
    }
}

fn stderr_line(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

impl Repo {
    /// The repository `workspace_dir` is in.
    pub fn discover(workspace_dir: &Path) -> Result<Repo, GitError> {
        let mut c = git_in(workspace_dir);
        c.args(["rev-parse", "--show-toplevel", "--show-prefix"]);
        let o = run(c)?;
        if !o.status.success() {
            let msg = stderr_line(&o);
            if msg.contains("not a git repository") {
                return Err(GitError::NotARepository(workspace_dir.to_path_buf()));
            }
            return Err(GitError::Failed(msg));
        }
        let text = String::from_utf8(o.stdout).map_err(failed)?;
        let mut lines = text.lines();
        let top = PathBuf::from(lines.next().ok_or_else(|| failed("no top level"))?);
        let prefix = lines.next().unwrap_or("").to_string();
        if prefix.contains('\n') {
            return Err(failed("the workspace path holds a line break"));
        }
        Ok(Repo { top, prefix })
    }

    /// The top of the repository's working tree.
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// `kind`'s path inside the repository (`/`-separated).
    pub fn path_of(&self, kind: FileKind) -> String {
        format!("{}{}", self.prefix, kind.file_name())
    }

    fn git(&self) -> Command {
        git_in(&self.top)
    }

    /// The commit `rev` names: a name git resolves, or for a day the last
    /// commit on or before it on the current branch (first parents only).
    pub fn resolve(&self, rev: &Revision) -> Result<String, GitError> {
        match rev {
            Revision::Named(name) => {
                if name.starts_with('-') || name.contains('\n') || name.is_empty() {
                    return Err(GitError::UnknownRevision(name.clone()));
                }
                let mut c = self.git();
                c.args(["rev-parse", "--verify", "--quiet"])
                    .arg(format!("{name}^{{commit}}"));
                let o = run(c)?;
                if !o.status.success() {
                    self.head()?;
                    return Err(GitError::UnknownRevision(name.clone()));
                }
                Ok(String::from_utf8_lossy(&o.stdout).trim().to_string())
            }
            Revision::Day(day) => {
                self.head()?;
                let mut c = self.git();
                c.args(["rev-list", "-1", "--first-parent"])
                    .arg(format!("--before={day} 23:59:59"))
                    .arg("HEAD");
                let o = run(c)?;
                if !o.status.success() {
                    return Err(GitError::Failed(stderr_line(&o)));
                }
                let id = String::from_utf8_lossy(&o.stdout).trim().to_string();
                if id.is_empty() {
                    return Err(GitError::NothingBefore(*day));
                }
                Ok(id)
            }
        }
    }

    /// Whether the workspace files differ from HEAD (staged or not), so
    /// that what is signed can be a commit.
    pub fn workspace_uncommitted(&self) -> Result<bool, GitError> {
        let mut c = self.git();
        c.args(["status", "--porcelain", "--untracked-files=all", "--"]);
        for kind in FileKind::ALL {
            c.arg(format!(":(literal){}", self.path_of(kind)));
        }
        let o = run(c)?;
        if !o.status.success() {
            return Err(GitError::Failed(stderr_line(&o)));
        }
        Ok(!o.stdout.is_empty())
    }

    /// Whether `commit` is in the history of HEAD (itself or an ancestor).
    pub fn in_history(&self, commit: &str) -> Result<bool, GitError> {
        let mut c = self.git();
        c.args(["merge-base", "--is-ancestor", commit, "HEAD"]);
        let o = run(c)?;
        match o.status.code() {
            Some(0) => Ok(true),
            Some(1) => Ok(false),
            _ => Err(GitError::Failed(stderr_line(&o))),
        }
    }

    /// The tags that point at `commit`.
    pub fn tags_at(&self, commit: &str) -> Result<Vec<String>, GitError> {
        let mut c = self.git();
        c.args(["tag", "--points-at", commit]);
        let o = run(c)?;
        if !o.status.success() {
            return Err(GitError::Failed(stderr_line(&o)));
        }
        Ok(String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(str::to_string)
            .collect())
    }

    /// Checks tag `name`'s signature: `None` when it carries none, else
    /// whether git could verify it, with git's words when it could not.
    pub fn tag_signature(&self, name: &str) -> Result<Option<Result<(), String>>, GitError> {
        let mut c = self.git();
        c.args(["cat-file", "-p", &format!("refs/tags/{name}")]);
        let o = run(c)?;
        let body = String::from_utf8_lossy(&o.stdout);
        if !o.status.success() || !body.contains("-----BEGIN ") || !body.starts_with("object ") {
            return Ok(None);
        }
        let mut c = self.git();
        c.args(["tag", "-v", name]);
        let o = run(c)?;
        Ok(Some(if o.status.success() {
            Ok(())
        } else {
            Err(stderr_line(&o))
        }))
    }

    /// Creates the annotated tag `name` on `commit`, signed when `sign` (or
    /// when the user's git signs tags anyway, `tag.gpgSign`).
    pub fn tag(&self, name: &str, commit: &str, message: &str, sign: bool) -> Result<(), GitError> {
        if name.starts_with('-') || name.is_empty() {
            return Err(GitError::Failed(format!("`{name}` is not a tag name")));
        }
        let mut c = self.git();
        c.args(["tag", "-a"]);
        if sign {
            c.arg("-s");
        }
        c.args([name, commit, "-m", message]);
        let o = run(c)?;
        if !o.status.success() {
            return Err(GitError::Failed(stderr_line(&o)));
        }
        Ok(())
    }

    /// HEAD's commit id; [`GitError::NoCommits`] before the first commit.
    pub fn head(&self) -> Result<String, GitError> {
        let mut c = self.git();
        c.args(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
        let o = run(c)?;
        if !o.status.success() {
            return Err(GitError::NoCommits);
        }
        Ok(String::from_utf8_lossy(&o.stdout).trim().to_string())
    }

    /// The commits on the current branch's first-parent history that touch
    /// the workspace files, newest first; with `since`, only commits after
    /// that commit (not itself).
    pub fn commits(&self, since: Option<&str>) -> Result<Vec<CommitInfo>, GitError> {
        self.head()?;
        let mut c = self.git();
        c.args([
            "log",
            "--first-parent",
            "--no-color",
            "-z",
            "--format=%H%x1f%P%x1f%cs%x1f%an%x1f%s",
        ]);
        match since {
            Some(s) => c.arg(format!("{s}..HEAD")),
            None => c.arg("HEAD"),
        };
        c.arg("--");
        for kind in FileKind::ALL {
            c.arg(format!(":(literal){}", self.path_of(kind)));
        }
        let o = run(c)?;
        if !o.status.success() {
            return Err(GitError::Failed(stderr_line(&o)));
        }
        let text = String::from_utf8_lossy(&o.stdout);
        let mut out = Vec::new();
        for rec in text.split('\0') {
            let rec = rec.trim_start_matches('\n');
            if rec.is_empty() {
                continue;
            }
            let f: Vec<&str> = rec.splitn(5, '\x1f').collect();
            if f.len() < 5 {
                return Err(failed(format!("unexpected log line {rec:?}")));
            }
            out.push(CommitInfo {
                id: f[0].to_string(),
                parent: f[1]
                    .split(' ')
                    .next()
                    .filter(|p| !p.is_empty())
                    .map(str::to_string),
                date: f[2].to_string(),
                author: f[3].to_string(),
                subject: f[4].to_string(),
            });
        }
        Ok(out)
    }

    /// A reader of objects for this repository: one `git cat-file` pair
    /// for as many objects as the command needs.
    pub fn reader(&self) -> Result<Reader, GitError> {
        Reader::start(self)
    }
}

/// A long-lived `git cat-file --batch-check` (blob ids) and
/// `git cat-file --batch` (contents), with the registers already parsed,
/// so each distinct state is read and parsed once.
pub struct Reader {
    repo: Repo,
    check: Pipe,
    batch: Pipe,
    /// Parsed registers by the blob ids of the four files.
    parsed: HashMap<[Option<String>; 4], Result<Workspace, std::sync::Arc<LoadError>>>,
}

struct Pipe {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Pipe {
    fn start(repo: &Repo, mode: &str) -> Result<Pipe, GitError> {
        let mut c = repo.git();
        c.args(["cat-file", mode])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = match c.spawn() {
            Ok(ch) => ch,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(GitError::NoGit),
            Err(e) => return Err(failed(e)),
        };
        let stdin = child.stdin.take().ok_or_else(|| failed("no stdin"))?;
        let stdout = BufReader::new(child.stdout.take().ok_or_else(|| failed("no stdout"))?);
        Ok(Pipe {
            child,
            stdin,
            stdout,
        })
    }

    /// Asks about one object; the header line, or `None` when missing.
    fn ask(&mut self, name: &str) -> Result<Option<(String, usize)>, GitError> {
        writeln!(self.stdin, "{name}").map_err(failed)?;
        self.stdin.flush().map_err(failed)?;
        let mut line = String::new();
        self.stdout.read_line(&mut line).map_err(failed)?;
        let line = line.trim_end();
        if line.ends_with(" missing") || line.ends_with(" ambiguous") || line.is_empty() {
            return Ok(None);
        }
        let mut parts = line.split(' ');
        let (Some(id), Some(kind), Some(size)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(failed(format!("unexpected cat-file answer {line:?}")));
        };
        if kind != "blob" {
            return Ok(None);
        }
        let size = size.parse().map_err(failed)?;
        Ok(Some((id.to_string(), size)))
    }
}

impl Drop for Pipe {
    fn drop(&mut self) {
        // Closing stdin ends cat-file; wait so no zombie is left.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Reader {
    fn start(repo: &Repo) -> Result<Reader, GitError> {
        Ok(Reader {
            repo: repo.clone(),
            check: Pipe::start(repo, "--batch-check")?,
            batch: Pipe::start(repo, "--batch")?,
            parsed: HashMap::new(),
        })
    }

    /// The blob ids of the four workspace files at `commit` (none for a
    /// file the commit does not have).
    pub fn blob_ids(&mut self, commit: &str) -> Result<[Option<String>; 4], GitError> {
        let mut ids: [Option<String>; 4] = Default::default();
        for kind in FileKind::ALL {
            let name = format!("{commit}:{}", self.repo.path_of(kind));
            ids[kind.index()] = self.check.ask(&name)?.map(|(id, _)| id);
        }
        Ok(ids)
    }

    fn blob(&mut self, id: &str) -> Result<Vec<u8>, GitError> {
        let Some((_, size)) = self.batch.ask(id)? else {
            return Err(failed(format!("blob {id} is missing")));
        };
        let mut bytes = vec![0; size];
        self.batch.stdout.read_exact(&mut bytes).map_err(failed)?;
        let mut nl = [0u8; 1];
        self.batch.stdout.read_exact(&mut nl).map_err(failed)?;
        Ok(bytes)
    }

    /// The workspace files at `commit`, as a [`FileSource`] whose files are
    /// named `REV:people.toml` (with `label` as REV).
    pub fn source(&mut self, commit: &str, label: &str) -> Result<InMemory, GitError> {
        let ids = self.blob_ids(commit)?;
        self.source_of(&ids, label)
    }

    fn source_of(&mut self, ids: &[Option<String>; 4], label: &str) -> Result<InMemory, GitError> {
        let mut mem = InMemory::new(format!("{label}:{}", self.repo.prefix));
        for kind in FileKind::ALL {
            if let Some(id) = &ids[kind.index()] {
                mem = mem.with(kind, self.blob(id)?);
            }
        }
        Ok(mem)
    }

    /// The register at the commit `id` (a full id), its files named by the
    /// short id as people read it (`e37debd5d6c5:people.toml:12:1`).
    pub fn committed(
        &mut self,
        id: &str,
    ) -> Result<Result<Workspace, std::sync::Arc<LoadError>>, GitError> {
        self.register(id, &format!("{}:", short(id)))
    }

    /// The register at `commit`, parsed with the store's own parser and
    /// diagnostics; the same files are parsed once however often asked.
    pub fn register(
        &mut self,
        commit: &str,
        label: &str,
    ) -> Result<Result<Workspace, std::sync::Arc<LoadError>>, GitError> {
        let ids = self.blob_ids(commit)?;
        if let Some(done) = self.parsed.get(&ids) {
            return Ok(done.clone());
        }
        let source = self.source_of(&ids, label)?;
        let loaded = store::read_from(&source as &dyn FileSource).map_err(std::sync::Arc::new);
        self.parsed.insert(ids, loaded.clone());
        Ok(loaded)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn a_short_id_is_cut_on_a_character_boundary() {
        assert_eq!(short("e37debd5d6c5f0aa"), "e37debd5d6c5");
        assert_eq!(short("abc"), "abc");
        assert_eq!(short("ééééééééééééé"), "éééééééééééé");
    }
    use crate::store::template::Template;

    /// Whether git is here; tests that need it say so and pass when not.
    pub(crate) fn have_git() -> bool {
        let ok = Command::new("git").arg("--version").output().is_ok();
        if !ok {
            eprintln!("skipped: the git program is not installed");
        }
        ok
    }

    pub(crate) fn git(dir: &Path, args: &[&str], date: &str) {
        let o = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=Test", "-c", "user.email=t@example.org"])
            .args(args)
            .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00Z"))
            .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00Z"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }

    /// A repository with the demo in `reg/`, committed on 2026-01-10, and
    /// a second commit on 2026-03-01 that changes the name of the first
    /// person.
    fn repo() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("reg");
        std::fs::create_dir(&ws).unwrap();
        for (kind, text) in Template::Demo.files() {
            std::fs::write(ws.join(kind.file_name()), text).unwrap();
        }
        git(dir.path(), &["init", "-q", "-b", "main"], "2026-01-10");
        git(dir.path(), &["add", "."], "2026-01-10");
        git(dir.path(), &["commit", "-q", "-m", "first"], "2026-01-10");
        let people = std::fs::read_to_string(ws.join("people.toml")).unwrap();
        std::fs::write(
            ws.join("people.toml"),
            people.replacen("name = \"", "name = \"Dr ", 1),
        )
        .unwrap();
        git(dir.path(), &["commit", "-q", "-am", "second"], "2026-03-01");
        (dir, ws)
    }

    #[test]
    fn outside_a_repository_is_said_so() {
        if !have_git() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let err = Repo::discover(dir.path()).unwrap_err();
        assert!(matches!(err, GitError::NotARepository(_)), "{err:?}");
        assert!(err.is_no_history());
    }

    #[test]
    fn the_workspace_is_found_inside_its_repository() {
        if !have_git() {
            return;
        }
        let (_d, ws) = repo();
        let repo = Repo::discover(&ws).unwrap();
        assert_eq!(repo.path_of(FileKind::People), "reg/people.toml");
    }

    #[test]
    fn a_day_is_the_last_commit_on_or_before_it() {
        if !have_git() {
            return;
        }
        let (_d, ws) = repo();
        let repo = Repo::discover(&ws).unwrap();
        let log = repo.commits(None).unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].subject, "second");
        assert_eq!(log[0].date, "2026-03-01");
        assert_eq!(log[0].parent.as_deref(), Some(log[1].id.as_str()));
        let day = |s: &str| Revision::parse(s);
        assert_eq!(repo.resolve(&day("2026-02-28")).unwrap(), log[1].id);
        assert_eq!(repo.resolve(&day("2026-03-01")).unwrap(), log[0].id);
        assert!(matches!(
            repo.resolve(&day("2025-12-31")),
            Err(GitError::NothingBefore(_))
        ));
        assert_eq!(repo.resolve(&day("HEAD~1")).unwrap(), log[1].id);
        assert!(matches!(
            repo.resolve(&day("nosuch")),
            Err(GitError::UnknownRevision(_))
        ));
        assert!(matches!(
            repo.resolve(&day("--all")),
            Err(GitError::UnknownRevision(_))
        ));
    }

    #[test]
    fn a_commit_loads_like_the_working_tree_and_is_named_by_revision() {
        if !have_git() {
            return;
        }
        let (d, ws) = repo();
        let repo = Repo::discover(&ws).unwrap();
        let mut reader = repo.reader().unwrap();
        let head = reader.register("HEAD", "HEAD").unwrap().unwrap();
        assert_eq!(head, store::read(&ws).unwrap());
        let first = reader.register("HEAD~1", "HEAD~1").unwrap().unwrap();
        assert_ne!(first, head);
        // A broken file in a commit is located as REV:path.
        std::fs::write(ws.join("people.toml"), "[person.x]\nnmae = \"X\"\n").unwrap();
        git(d.path(), &["commit", "-q", "-am", "broken"], "2026-03-02");
        let err = reader.register("HEAD", "HEAD").unwrap().unwrap_err();
        let LoadError::Invalid(diags) = &*err else {
            panic!("{err:?}")
        };
        let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
        let text = text.join("\n");
        assert!(text.contains("--> HEAD:reg/people.toml:2:1"), "{text}");
    }
}
