//! The workspaces shipped inside the binary: `standard` (the roles an ISMS
//! needs, no people) and `demo` (a fictional company with deliberate gaps).

use std::io::{self, Write};
use std::path::Path;

use super::fsutil;
use super::schema::FileKind;

/// A bundled workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// Roles, default rules and a starting matrix; no people.
    Standard,
    /// A fictional company of about 40 people with a handful of problems.
    Demo,
}

impl Template {
    /// The text of each file of this template.
    pub fn files(self) -> [(FileKind, &'static str); 4] {
        match self {
            Template::Standard => [
                (
                    FileKind::Workspace,
                    include_str!("../../../../assets/templates/standard/workspace.toml"),
                ),
                (
                    FileKind::People,
                    include_str!("../../../../assets/templates/standard/people.toml"),
                ),
                (
                    FileKind::Roles,
                    include_str!("../../../../assets/templates/standard/roles.toml"),
                ),
                (
                    FileKind::Matrix,
                    include_str!("../../../../assets/templates/standard/matrix.toml"),
                ),
            ],
            Template::Demo => [
                (
                    FileKind::Workspace,
                    include_str!("../../../../assets/templates/demo/workspace.toml"),
                ),
                (
                    FileKind::People,
                    include_str!("../../../../assets/templates/demo/people.toml"),
                ),
                (
                    FileKind::Roles,
                    include_str!("../../../../assets/templates/demo/roles.toml"),
                ),
                (
                    FileKind::Matrix,
                    include_str!("../../../../assets/templates/demo/matrix.toml"),
                ),
            ],
        }
    }
}

/// Why `init` refused.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The folder already has a `workspace.toml`; holds the folder.
    #[error("{} is already a workspace (it has a workspace.toml); nothing was changed", .0.display())]
    Exists(std::path::PathBuf),
    /// A file or folder could not be created, or a workspace file is already there.
    #[error("cannot create the workspace in {path}: {source}")]
    Io {
        /// The path that failed.
        path: std::path::PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

/// Creates a workspace in `dir` from `template`. The folder may exist but
/// must not hold workspace files already; files are created owner-only.
pub fn init(dir: &Path, template: Template) -> Result<(), InitError> {
    let io_err = |path: &Path, source| InitError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(existing) = FileKind::ALL
        .iter()
        .map(|k| dir.join(k.file_name()))
        .find(|p| p.exists())
    {
        if existing.ends_with("workspace.toml") {
            return Err(InitError::Exists(dir.to_path_buf()));
        }
        return Err(io_err(
            &existing,
            io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a workspace file is already there",
            ),
        ));
    }
    fsutil::create_private_dir(dir).map_err(|e| io_err(dir, e))?;
    fsutil::state_dir(dir).map_err(|e| io_err(dir, e))?;
    // workspace.toml last: it is what marks the folder as a workspace, so
    // an interrupted init is not mistaken for a complete one.
    for (kind, text) in template.files().into_iter().rev() {
        let path = dir.join(kind.file_name());
        let mut f = fsutil::create_private_file(&path).map_err(|e| io_err(&path, e))?;
        f.write_all(text.as_bytes())
            .and_then(|_| f.sync_all())
            .map_err(|e| io_err(&path, e))?;
    }
    Ok(())
}
