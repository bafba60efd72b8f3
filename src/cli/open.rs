//! Opening the workspace a command works on, with the messages a person
//! needs when that fails.

use std::path::PathBuf;

use super::{EXIT_USAGE, Format, Global};
use crate::model::Workspace;
use crate::store::discover::{self, Source};
use crate::store::template::{Template, init};
use crate::store::{self, LoadError, Store};
use crate::text::sanitize;

/// A workspace loaded for editing: the store (lock, saves) and the register.
pub struct Opened {
    pub store: Store,
    pub workspace: Workspace,
}

/// A workspace read for looking things up: its folder and the register.
pub struct Register {
    pub dir: PathBuf,
    pub workspace: Workspace,
}

/// How many problems are printed before "and N more".
const SHOWN_PROBLEMS: usize = 50;

/// Finds the workspace folder, creating the default one in the user's data
/// folder on first use. On failure prints why and returns the exit code.
fn find_dir(global: &Global) -> Result<PathBuf, u8> {
    find_dir_creating(global, true)
}

/// [`find_dir`], optionally without creating the default workspace.
fn find_dir_creating(global: &Global, create: bool) -> Result<PathBuf, u8> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let user_data = discover::user_data_workspace();
    let env = std::env::var_os(discover::ENV_WORKSPACE).map(PathBuf::from);
    let Some(found) = discover::locate(
        global.workspace.as_deref(),
        env.as_deref(),
        &cwd,
        user_data.as_deref(),
    ) else {
        eprintln!(
            "error: no workspace found and no data folder to create one in; use --workspace PATH or `rasci init`"
        );
        return Err(EXIT_USAGE);
    };
    if create && found.source == Source::UserData && !found.dir.join("workspace.toml").exists() {
        if let Err(e) = init(&found.dir, Template::Standard) {
            eprintln!("error: {}", sanitize(&e.to_string()));
            return Err(EXIT_USAGE);
        }
        eprintln!(
            "Created a new workspace from the standard template in {}",
            sanitize(&found.dir.display().to_string())
        );
    }
    Ok(found.dir)
}

/// Finds and loads the workspace for editing.
pub fn open_workspace(global: &Global) -> Result<Opened, u8> {
    let dir = find_dir(global)?;
    store::load(&dir)
        .map(|(store, workspace)| Opened { store, workspace })
        .map_err(|e| {
            report_load_error(&e);
            EXIT_USAGE
        })
}

/// Reports the problems of the workspace the workbench would open, without
/// creating anything: what a script that starts the workbench without a
/// terminal needs to hear. `Err` carries the exit code after printing.
pub fn report_problems_only(global: &Global) -> Result<(), u8> {
    let dir = find_dir_creating(global, false)?;
    let named = global.workspace.is_some() || std::env::var_os(discover::ENV_WORKSPACE).is_some();
    if !dir.join("workspace.toml").exists() && !named {
        // The default workspace, not created yet: nothing to report.
        return Ok(());
    }
    store::read(&dir).map(|_| ()).map_err(|e| {
        report_load_error(&e);
        EXIT_USAGE
    })
}

/// Finds and reads the workspace for a lookup, a check or an export.
pub fn read_workspace(global: &Global) -> Result<Register, u8> {
    read_workspace_as(global, Format::Text)
}

/// The same; with `--format json`, a workspace that cannot be loaded is
/// also described on standard output as JSON, so that a program reading
/// the output learns why instead of finding it empty.
pub fn read_workspace_as(global: &Global, format: Format) -> Result<Register, u8> {
    let dir = find_dir(global)?;
    store::read(&dir)
        .map(|workspace| Register {
            dir: dir.clone(),
            workspace,
        })
        .map_err(|e| {
            report_load_error(&e);
            if format == Format::Json {
                super::output::print_json(&load_error_json(&dir, &e));
            }
            EXIT_USAGE
        })
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
    let problems: Vec<serde_json::Value> = match e {
        LoadError::Invalid(diags) => diags
            .iter()
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
    serde_json::json!({
        "workspace": absolute(dir).display().to_string(),
        "error": e.to_string(),
        "problems": problems,
    })
}

/// Prints a load failure: every problem, compiler style, then a summary.
pub fn report_load_error(e: &LoadError) {
    match e {
        LoadError::Invalid(diags) => {
            for d in diags.iter().take(SHOWN_PROBLEMS) {
                eprintln!("{d}");
            }
            if diags.len() > SHOWN_PROBLEMS {
                eprintln!("... and {} more problems", diags.len() - SHOWN_PROBLEMS);
            }
            eprintln!(
                "error: the workspace could not be loaded: {} problem{} (no file was changed)",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" }
            );
        }
        other => eprintln!("error: {}", sanitize(&other.to_string())),
    }
}
