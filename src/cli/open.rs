//! Opening the workspace a command works on, with the messages a person
//! needs when that fails.

use std::path::PathBuf;

use super::{EXIT_USAGE, Global};
use crate::model::Workspace;
use crate::store::discover::{self, Source};
use crate::store::template::{Template, init};
use crate::store::{self, LoadError, Store};
use crate::text::sanitize;

/// A loaded workspace and where it came from.
pub struct Opened {
    pub store: Store,
    pub workspace: Workspace,
    pub source: Source,
    /// True when this run created the default workspace.
    pub created: bool,
}

/// How many problems are printed before "and N more".
const SHOWN_PROBLEMS: usize = 50;

/// Finds and loads the workspace, creating the default one in the user's
/// data folder on first use. On failure prints why to stderr and returns the
/// exit code.
pub fn open_workspace(global: &Global) -> Result<Opened, u8> {
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
    let source = found.source;
    let mut created = false;
    if source == Source::UserData && !found.dir.join("workspace.toml").exists() {
        if let Err(e) = init(&found.dir, Template::Standard) {
            eprintln!("error: {e}");
            return Err(EXIT_USAGE);
        }
        eprintln!(
            "Created a new workspace from the standard template in {}",
            sanitize(&found.dir.display().to_string())
        );
        created = true;
    }
    match store::load(&found.dir) {
        Ok((store, workspace)) => Ok(Opened {
            store,
            workspace,
            source,
            created,
        }),
        Err(e) => {
            report_load_error(&e);
            Err(EXIT_USAGE)
        }
    }
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
