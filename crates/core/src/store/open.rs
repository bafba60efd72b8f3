//! Opening the workspace a command or the workbench works on: where it is
//! ([`discover`]), whether the default one may be created, loading it and,
//! for editing, taking the write lock. One place for the command line and
//! the workbench alike, with a typed error that each turns into words.

use std::path::{Path, PathBuf};

use super::discover::{self, Found, Source};
use super::fsutil::LockError;
use super::template::{InitError, Template, init};
use super::{LoadError, Store};
use crate::model::Workspace;

/// What the caller means to do with the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Look things up, a dry run, `--read-only`, a presentation: nothing is
    /// created and no lock is taken. With no workspace to be found, that is
    /// an error ([`OpenError::NoWorkspace`]), not a new empty register that
    /// answers "nobody".
    Read,
    /// Open for saving: the default workspace is created on first use and
    /// the write lock is tried (its outcome is in [`Opened::lock`]).
    Edit,
}

/// A workspace opened: the store (lock, saves), the register, and where it
/// was found.
#[derive(Debug)]
pub struct Opened {
    /// The open folder: its files as read, the lock, saves.
    pub store: Store,
    /// The register as loaded.
    pub workspace: Workspace,
    /// How the folder was found, for saying which workspace answered.
    pub found: Found,
    /// The default workspace was created by this very opening.
    pub created: bool,
    /// With [`Access::Edit`]: whether the write lock was taken. `None` when
    /// it was not asked for.
    pub lock: Option<Result<(), LockError>>,
}

/// Why a workspace could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// No workspace anywhere, and the system names no data folder.
    #[error("no workspace found, and no data folder to keep a default one in")]
    NoDataFolder,
    /// No workspace in the folder, its parents or the environment, and
    /// (for reading) no default workspace yet.
    #[error(
        "no workspace found: none in {} or a parent folder, RASCI_WORKSPACE is not set, and the default workspace {} does not exist yet",
        cwd.display(),
        default.display()
    )]
    NoWorkspace {
        /// The folder the search started from.
        cwd: PathBuf,
        /// Where the default workspace would be.
        default: PathBuf,
    },
    /// The default workspace could not be created.
    #[error("cannot create the default workspace: {0}")]
    Create(#[from] InitError),
    /// The workspace was found but does not load.
    #[error("{error}")]
    Load {
        /// The workspace folder.
        dir: PathBuf,
        /// Why it does not load.
        error: LoadError,
    },
}

/// Where a workspace is looked for: the `--workspace` flag, the
/// environment variable and the current folder, as given by the caller.
#[derive(Debug, Clone, Default)]
pub struct Place {
    /// `--workspace`, as given.
    pub flag: Option<PathBuf>,
    /// `RASCI_WORKSPACE`, as set.
    pub env: Option<PathBuf>,
    /// The folder to search from, upwards.
    pub cwd: PathBuf,
    /// The data folder that keeps the default workspace, if the system
    /// names one.
    pub user_data: Option<PathBuf>,
}

impl Place {
    /// The flag as given, the environment and folders of this process.
    pub fn here(flag: Option<&Path>) -> Place {
        Place {
            flag: flag.map(Path::to_path_buf),
            env: std::env::var_os(discover::ENV_WORKSPACE).map(PathBuf::from),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            user_data: discover::user_data_workspace(),
        }
    }

    /// Decides the folder without creating or reading anything.
    pub fn locate(&self) -> Result<Found, OpenError> {
        discover::locate(
            self.flag.as_deref(),
            self.env.as_deref(),
            &self.cwd,
            self.user_data.as_deref(),
        )
        .ok_or(OpenError::NoDataFolder)
    }

    /// Finds the folder; for [`Access::Read`] a default workspace that does
    /// not exist yet is an error, otherwise it is created. Returns whether
    /// it was created.
    pub fn find(&self, access: Access) -> Result<(Found, bool), OpenError> {
        let found = self.locate()?;
        if found.source != Source::UserData || found.dir.join("workspace.toml").exists() {
            return Ok((found, false));
        }
        if access == Access::Read {
            return Err(OpenError::NoWorkspace {
                cwd: self.cwd.clone(),
                default: found.dir,
            });
        }
        init(&found.dir, Template::Standard)?;
        Ok((found, true))
    }

    /// A note saying which workspace answered, when that is not plain from
    /// where the command was run: one named by the environment, found in a
    /// parent folder, or the default one. `None` for `--workspace` (the
    /// user just typed it) and for the current folder.
    pub fn note(&self, found: &Found) -> Option<String> {
        let dir = std::path::absolute(&found.dir).unwrap_or_else(|_| found.dir.clone());
        let shown = dir.display();
        match found.source {
            Source::Flag => None,
            Source::Ancestor if found.dir == self.cwd => None,
            Source::Ancestor => Some(format!("using the workspace in {shown} (a parent folder)")),
            Source::Env => Some(format!("using the workspace in {shown} (RASCI_WORKSPACE)")),
            Source::UserData => Some(format!(
                "using the default workspace in {shown} (none in this folder or a parent)"
            )),
        }
    }
}

/// Finds and reads the register, creating nothing and taking no lock.
pub fn read(place: &Place) -> Result<(Found, Workspace), OpenError> {
    let (found, _) = place.find(Access::Read)?;
    let ws = super::read(&found.dir).map_err(|error| OpenError::Load {
        dir: found.dir.clone(),
        error,
    })?;
    Ok((found, ws))
}

/// Finds and loads the workspace for `access`.
pub fn open(place: &Place, access: Access) -> Result<Opened, OpenError> {
    let (found, created) = place.find(access)?;
    let (mut store, workspace) = super::load(&found.dir).map_err(|error| OpenError::Load {
        dir: found.dir.clone(),
        error,
    })?;
    let lock = (access == Access::Edit).then(|| store.lock());
    Ok(Opened {
        store,
        workspace,
        found,
        created,
        lock,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(tmp: &Path) -> Place {
        Place {
            flag: None,
            env: None,
            cwd: tmp.join("elsewhere"),
            user_data: Some(tmp.join("data/workspace")),
        }
    }

    #[test]
    fn reading_never_creates_the_default_workspace() {
        let tmp = tempfile::tempdir().unwrap();
        let p = place(tmp.path());
        std::fs::create_dir_all(&p.cwd).unwrap();
        let e = read(&p).unwrap_err();
        assert!(matches!(e, OpenError::NoWorkspace { .. }), "{e}");
        assert!(!tmp.path().join("data").exists());
        // Opening to edit creates it, once.
        let o = open(&p, Access::Edit).unwrap();
        assert!(o.created);
        assert!(matches!(o.lock, Some(Ok(()))));
        assert_eq!(o.found.source, Source::UserData);
        drop(o);
        let (found, _) = read(&p).unwrap();
        assert_eq!(found.dir, tmp.path().join("data/workspace"));
    }

    #[test]
    fn the_note_names_a_workspace_not_in_the_current_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let p = place(tmp.path());
        let here = Found {
            dir: p.cwd.clone(),
            source: Source::Ancestor,
        };
        assert_eq!(p.note(&here), None);
        let parent = Found {
            dir: tmp.path().to_path_buf(),
            source: Source::Ancestor,
        };
        assert!(p.note(&parent).unwrap().contains("a parent folder"));
        let env = Found {
            dir: tmp.path().join("x"),
            source: Source::Env,
        };
        assert!(p.note(&env).unwrap().contains("RASCI_WORKSPACE"));
    }
}
