//! The command line's side of opening a workspace: finding and loading are
//! the store's ([`crate::store::open`]); here its errors become words, with
//! hints, and a note says which workspace answered when that is not plain.

use std::path::PathBuf;

use super::error::{CommandError, say};
use super::{Ctx, Format};
use crate::history::git::{GitError, Repo};
use crate::model::{Revision, Workspace};
use crate::store::LoadError;
use crate::store::discover::Found;
use crate::store::open::{self as store_open, Access, OpenError, Opened, Place};
use crate::text::sanitize;

/// A workspace read for looking things up: its folder and the register.
pub struct Register {
    pub dir: PathBuf,
    pub workspace: Workspace,
}

/// How many problems are printed before "and N more".
const SHOWN_PROBLEMS: usize = 50;
/// The most problems listed in a JSON answer (a program reads it, but a
/// file broken 200,000 times must not become a 60 MB answer); `more`
/// counts the rest.
const JSON_PROBLEMS: usize = 1_000;

/// Where this command line looks for a workspace.
pub fn place(cx: &Ctx) -> Place {
    Place::here(cx.global.workspace.as_deref())
}

/// Says on standard error which workspace answered, when it is not the
/// one named on the command line or found in the current folder.
fn note_where(place: &Place, found: &Found) {
    if let Some(note) = place.note(found) {
        say!("note: {}", sanitize(&note));
    }
}

/// Finds and loads the workspace for editing (or, with
/// [`Access::Read`], without creating it or taking the lock).
pub fn open_workspace(cx: &Ctx, access: Access) -> Result<Opened, CommandError> {
    if let Some(at) = &cx.eval.at {
        // A commit cannot be edited: the history is git's to keep.
        return Err(CommandError::usage(format!(
            "--at {at} reads the register as it was committed, which only the reading commands do (check, who, whois, role, find, export); this one works on the working tree"
        ))
        .hint("leave out --at, or ask the same question with one of those commands"));
    }
    let place = place(cx);
    let opened = store_open::open(&place, access).map_err(|e| open_error(e, Format::Text))?;
    if opened.created {
        say!(
            "Created a new workspace from the standard template in {}",
            sanitize(&opened.found.dir.display().to_string())
        );
    } else {
        note_where(&place, &opened.found);
    }
    Ok(opened)
}

/// Finds and reads the workspace for a lookup, a check or an export; never
/// creates one. With `--format json`, a workspace that cannot be loaded is
/// also described on standard output as JSON, so that a program reading
/// the output learns why instead of finding it empty.
pub fn read_workspace(cx: &Ctx, format: Format) -> Result<Register, CommandError> {
    let place = place(cx);
    if let Some(at) = &cx.eval.at {
        return read_at(&place, at, format);
    }
    let (found, workspace) = store_open::read(&place).map_err(|e| open_error(e, format))?;
    note_where(&place, &found);
    Ok(Register {
        dir: found.dir,
        workspace,
    })
}

/// The register as committed at `at`, read out of the repository holding
/// the workspace folder with the store's own parser; the note on standard
/// error says which commit answered.
fn read_at(place: &Place, at: &Revision, format: Format) -> Result<Register, CommandError> {
    let (found, _) = place
        .find(Access::Read)
        .map_err(|e| open_error(e, format))?;
    let repo = Repo::discover(&found.dir).map_err(history_error)?;
    let commit = repo.resolve(at).map_err(history_error)?;
    let mut reader = repo.reader().map_err(history_error)?;
    let short = crate::history::git::short(&commit);
    let workspace = match reader.committed(&commit).map_err(history_error)? {
        Ok(ws) => ws,
        Err(e) => {
            let mut err = load_error(&e);
            if format == Format::Json {
                err = err.with_json(load_error_json(&found.dir, &e));
            }
            return Err(err);
        }
    };
    say!(
        "note: the register as committed at {short} ({})",
        sanitize(&at.to_string())
    );
    Ok(Register {
        dir: found.dir,
        workspace,
    })
}

/// A history that cannot be read, with how to start one when there is none.
pub fn history_error(e: GitError) -> CommandError {
    let no_history = e.is_no_history();
    let err = CommandError::usage(&e);
    if no_history {
        err.hint("start a history: `git init`, `rasci git setup`, then commit the workspace files")
    } else {
        err
    }
}

/// Reports the problems of the workspace the workbench would open, without
/// creating anything: what a script that starts the workbench without a
/// terminal needs to hear.
pub fn report_problems_only(cx: &Ctx) -> Result<(), CommandError> {
    match store_open::read(&place(cx)) {
        // The default workspace, not created yet: nothing to report.
        Ok(_) | Err(OpenError::NoWorkspace { .. }) => Ok(()),
        Err(e) => Err(open_error(e, Format::Text)),
    }
}

/// An opening failure as the command line says it.
pub fn open_error(e: OpenError, format: Format) -> CommandError {
    match e {
        OpenError::NoWorkspace { .. } => CommandError::usage(&e)
            .hint("name one with --workspace PATH or the RASCI_WORKSPACE environment variable")
            .hint(
                "or create one: `rasci init` here, or `rasci` alone, whose workbench creates the default workspace",
            ),
        OpenError::NoDataFolder => CommandError::usage(&e)
            .hint("use --workspace PATH, or create one with `rasci init`"),
        OpenError::Create(_) => CommandError::usage(&e),
        OpenError::Load { dir, error } => {
            let mut err = load_error(&error);
            if format == Format::Json {
                err = err.with_json(load_error_json(&dir, &error));
            }
            err
        }
    }
}

/// `p` made absolute the way `check` prints a healthy workspace's path,
/// so that a program gets the same kind of path either way.
pub fn absolute(p: &std::path::Path) -> std::path::PathBuf {
    std::fs::canonicalize(p)
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

/// A load failure as JSON: `{"workspace", "error", "problems": [{"file",
/// "line", "column", "message", "expected", "help"}]}`.
pub fn load_error_json(dir: &std::path::Path, e: &LoadError) -> serde_json::Value {
    let total = match e {
        LoadError::Invalid(diags) => diags.len(),
        _ => 0,
    };
    let problems: Vec<serde_json::Value> = match e {
        LoadError::Invalid(diags) => diags
            .iter()
            .take(JSON_PROBLEMS)
            .map(|d| {
                serde_json::json!({
                    "file": absolute(&d.file).display().to_string(),
                    "line": d.line,
                    "column": d.column,
                    "message": d.message,
                    "expected": d.expected,
                    "help": d.help,
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut answer = serde_json::json!({
        "workspace": absolute(dir).display().to_string(),
        "error": e.to_string(),
        "problems": problems,
    });
    if total > JSON_PROBLEMS {
        answer["more"] = (total - JSON_PROBLEMS).into();
    }
    answer
}

/// A load failure: the first problems, compiler style, how many more,
/// then a summary.
pub fn load_error(e: &LoadError) -> CommandError {
    match e {
        LoadError::Invalid(diags) => {
            let mut details: Vec<String> = diags
                .iter()
                .take(SHOWN_PROBLEMS)
                .map(|d| d.to_string())
                .collect();
            if diags.len() > SHOWN_PROBLEMS {
                details.push(format!(
                    "... and {} more problems",
                    diags.len() - SHOWN_PROBLEMS
                ));
            }
            CommandError::usage(format!(
                "the workspace could not be loaded: {} problem{} (no file was changed)",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" }
            ))
            .with_details(details)
        }
        other => CommandError::usage(other),
    }
}
