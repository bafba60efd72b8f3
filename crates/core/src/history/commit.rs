//! Commit on save (`commit-on-save = true` in `[settings]`): after a save,
//! the files it wrote, and only those, are committed with a message in
//! register terms. The author is whoever git's own configuration says.
//!
//! Other work in the repository is never swept in: the commit is made with
//! `git commit --only -- <files>`, which leaves whatever else is staged
//! staged and whatever else is changed unchanged.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::change::{Area, Change, summary};

/// What became of a commit on save. The save itself has happened in every
/// case: this only says whether git has it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Committed as `id` (abbreviated) with this subject line.
    Committed {
        /// The commit's abbreviated id.
        id: String,
        /// Its subject line.
        subject: String,
    },
    /// Git could not be asked (not installed, or the folder is not in a
    /// repository): the reason, said once per session.
    Unavailable(String),
    /// Git refused (no author configured, a hook said no...): its words.
    Failed(String),
}

impl Outcome {
    /// One line for the person who saved.
    pub fn message(&self) -> String {
        match self {
            Outcome::Committed { id, subject } => format!("Committed {id}: {subject}"),
            Outcome::Unavailable(why) => {
                format!("Saved, not committed: {why} (commit-on-save is on in workspace.toml)")
            }
            Outcome::Failed(why) => format!("Saved, but the commit failed: {why}"),
        }
    }
}

/// The commit message for `changes`: the [`summary`] as subject, then
/// every change under its area's heading.
pub fn message(changes: &[Change]) -> String {
    let mut m = summary(changes);
    m.push_str("\n\n");
    let mut area: Option<Area> = None;
    for c in changes {
        if area != Some(c.area) {
            if area.is_some() {
                m.push('\n');
            }
            m.push_str(c.area.title());
            m.push_str(":\n");
            area = Some(c.area);
        }
        m.push_str("- ");
        m.push_str(&one_line(&c.text));
        m.push('\n');
    }
    m.push_str("\nCommitted by rasci on save.\n");
    m
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(dir).stdin(Stdio::null());
    // Plain English from git, whatever the locale, so its words can be
    // passed on; no pager, no prompt for credentials or an editor.
    c.env("LC_ALL", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat");
    c
}

/// The first line git wrote on stderr (or stdout), for a message.
fn said(o: &std::process::Output) -> String {
    let text = String::from_utf8_lossy(if o.stderr.is_empty() {
        &o.stdout
    } else {
        &o.stderr
    })
    .into_owned();
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("git gave no reason");
    one_line(line)
}

/// Commits `files` (paths inside `dir`, the workspace folder) with
/// `message`, leaving every other staged or unstaged change as it was.
pub fn commit_files(dir: &Path, files: &[PathBuf], message: &str) -> Outcome {
    match git(dir).args(["rev-parse", "--show-toplevel"]).output() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Outcome::Unavailable("git is not installed".into());
        }
        Err(e) => return Outcome::Unavailable(format!("git could not be run: {e}")),
        Ok(o) if !o.status.success() => {
            return Outcome::Unavailable(format!(
                "{} is not in a git repository (start one with `git init`)",
                dir.display()
            ));
        }
        Ok(_) => {}
    }
    if files.is_empty() {
        return Outcome::Failed("no files to commit".into());
    }
    // New files must be known to git before `--only` can commit them;
    // adding the files just written changes nothing else in the index.
    let mut add = git(dir);
    add.args(["add", "--"]).args(files);
    match add.output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => return Outcome::Failed(said(&o)),
        Err(e) => return Outcome::Failed(e.to_string()),
    }
    let mut commit = git(dir);
    commit
        .args(["commit", "--quiet", "--only", "--file=-", "--"])
        .args(files)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let done = commit.spawn().and_then(|mut child| {
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write;
            stdin.write_all(message.as_bytes())?;
        }
        child.wait_with_output()
    });
    match done {
        Ok(o) if o.status.success() => {}
        Ok(o) => return Outcome::Failed(said(&o)),
        Err(e) => return Outcome::Failed(e.to_string()),
    }
    let id = git(dir)
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "HEAD".into());
    Outcome::Committed {
        id,
        subject: message.lines().next().unwrap_or_default().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::changes;
    use crate::sample::clean;

    fn have_git() -> bool {
        let ok = Command::new("git")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("git is not installed: skipping the real-git test");
        }
        ok
    }

    fn run(dir: &Path, args: &[&str]) -> String {
        let o = git(dir).args(args).output().expect("git runs");
        assert!(o.status.success(), "git {args:?}: {}", said(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let d = dir.path();
        run(d, &["init", "--quiet"]);
        run(d, &["config", "user.name", "Ivy Sec"]);
        run(d, &["config", "user.email", "ivy@example.com"]);
        run(d, &["config", "commit.gpgsign", "false"]);
        dir
    }

    #[test]
    fn the_message_has_the_summary_then_every_change_by_area() {
        let old = clean();
        let mut new = old.clone();
        new.settings.review_interval_days = 180;
        new.people.get_mut("dep").expect("dep").title = Some("Deputy".into());
        let m = message(&changes(&old, &new));
        assert_eq!(
            m,
            "Dan Deputy (dep): title set to \"Deputy\"; setting review_interval_days 365 → 180\n\n\
             People:\n- Dan Deputy (dep): title set to \"Deputy\"\n\n\
             Organisation and settings:\n- setting review_interval_days 365 → 180\n\n\
             Committed by rasci on save.\n"
        );
    }

    #[test]
    fn only_the_files_written_are_committed() {
        if !have_git() {
            return;
        }
        let dir = repo();
        let d = dir.path();
        std::fs::write(d.join("people.toml"), "# one\n").expect("write");
        std::fs::write(d.join("notes.txt"), "first\n").expect("write");
        std::fs::write(d.join("draft.txt"), "first\n").expect("write");
        run(d, &["add", "."]);
        run(d, &["commit", "--quiet", "-m", "start"]);
        // Someone's other work: one change staged, one not.
        std::fs::write(d.join("notes.txt"), "staged\n").expect("write");
        run(d, &["add", "notes.txt"]);
        std::fs::write(d.join("draft.txt"), "unstaged\n").expect("write");
        // The save: one file changed and one new.
        std::fs::write(d.join("people.toml"), "# two\n").expect("write");
        std::fs::write(d.join("roles.toml"), "# new\n").expect("write");
        let files = [PathBuf::from("people.toml"), PathBuf::from("roles.toml")];
        let out = commit_files(
            d,
            &files,
            "A.5.15: ism A → A/R\n\nMatrix:\n- A.5.15: ism A → A/R\n",
        );
        let Outcome::Committed { subject, .. } = &out else {
            panic!("not committed: {out:?}");
        };
        assert_eq!(subject, "A.5.15: ism A → A/R");
        let committed = run(d, &["show", "--name-only", "--format=%an|%s", "HEAD"]);
        let mut lines: Vec<&str> = committed.lines().filter(|l| !l.is_empty()).collect();
        lines[1..].sort();
        assert_eq!(
            lines,
            ["Ivy Sec|A.5.15: ism A → A/R", "people.toml", "roles.toml"]
        );
        assert_eq!(run(d, &["diff", "--cached", "--name-only"]), "notes.txt\n");
        assert_eq!(run(d, &["diff", "--name-only"]), "draft.txt\n");
        assert_eq!(
            std::fs::read_to_string(d.join("draft.txt")).expect("read"),
            "unstaged\n"
        );
    }

    #[test]
    fn outside_a_repository_it_says_so() {
        if !have_git() {
            return;
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        // A folder under no repository (the temporary folder might be).
        let inside = git(dir.path())
            .args(["rev-parse", "--show-toplevel"])
            .output()
            .is_ok_and(|o| o.status.success());
        if inside {
            eprintln!("the temporary folder is inside a repository: skipping");
            return;
        }
        let out = commit_files(dir.path(), &[PathBuf::from("people.toml")], "x");
        assert!(
            matches!(&out, Outcome::Unavailable(why) if why.contains("not in a git repository")),
            "{out:?}"
        );
        assert!(out.message().starts_with("Saved, not committed"));
    }

    #[test]
    fn a_refusal_is_passed_on_in_gits_words() {
        if !have_git() {
            return;
        }
        let dir = repo();
        let d = dir.path();
        let hooks = d.join(".git/hooks");
        std::fs::create_dir_all(&hooks).expect("hooks folder");
        let hook = hooks.join("pre-commit");
        std::fs::write(
            &hook,
            "#!/bin/sh\necho 'rasci check found errors' >&2\nexit 1\n",
        )
        .expect("hook");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        std::fs::write(d.join("people.toml"), "# one\n").expect("write");
        let out = commit_files(d, &[PathBuf::from("people.toml")], "x");
        assert_eq!(out, Outcome::Failed("rasci check found errors".into()));
    }
}
