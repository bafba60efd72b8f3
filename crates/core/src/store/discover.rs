//! Finding the workspace to open when the user did not say, in this order:
//! `--workspace PATH`, the `RASCI_WORKSPACE` environment variable, the
//! current folder or the nearest parent holding `workspace.toml` (as git
//! finds `.git`), and finally the user's data folder, created from the
//! standard template on first use.

use std::path::{Path, PathBuf};

/// Environment variable naming the workspace folder.
pub const ENV_WORKSPACE: &str = "RASCI_WORKSPACE";

/// How the workspace was found, for messages ("using the workspace in your
/// data folder").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `--workspace PATH` (or `-w`).
    Flag,
    /// The [`ENV_WORKSPACE`] environment variable.
    Env,
    /// The current folder or the nearest parent holding `workspace.toml`.
    Ancestor,
    /// The default workspace in the user's data folder.
    UserData,
}

impl Source {
    /// How the workspace was found, as a phrase for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Source::Flag => "named with --workspace",
            Source::Env => "named by RASCI_WORKSPACE",
            Source::Ancestor => "found in the current folder or a parent",
            Source::UserData => "the default workspace in your data folder",
        }
    }
}

/// The decision, before anything is created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The workspace folder; a path to `workspace.toml` itself means its folder.
    pub dir: PathBuf,
    /// Which of the ways found it.
    pub source: Source,
}

/// Decides which folder to use. Pure: the caller passes in the flag, the
/// environment variable, the current folder and the data folder.
pub fn locate(
    flag: Option<&Path>,
    env: Option<&Path>,
    cwd: &Path,
    user_data: Option<&Path>,
) -> Option<Found> {
    // A path to workspace.toml itself means its folder.
    let folder = |p: &Path| {
        if p.file_name().is_some_and(|n| n == "workspace.toml") {
            p.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        } else {
            p.to_path_buf()
        }
    };
    if let Some(p) = flag {
        return Some(Found {
            dir: folder(p),
            source: Source::Flag,
        });
    }
    if let Some(p) = env.filter(|p| !p.as_os_str().is_empty()) {
        return Some(Found {
            dir: folder(p),
            source: Source::Env,
        });
    }
    for dir in cwd.ancestors() {
        if dir.join("workspace.toml").is_file() {
            return Some(Found {
                dir: dir.to_path_buf(),
                source: Source::Ancestor,
            });
        }
    }
    user_data.map(|p| Found {
        dir: p.to_path_buf(),
        source: Source::UserData,
    })
}

/// The default workspace folder inside the user's data folder
/// (`~/.local/share/rasci/workspace` on Linux).
pub fn user_data_workspace() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "rasci").map(|d| d.data_dir().join("workspace"))
}

/// The user's configuration folder (key map, theme).
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "rasci").map(|d| d.config_dir().to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_flag_env_ancestor_then_data() {
        let tmp = tempfile::tempdir().unwrap();
        let ws = tmp.path().join("ws");
        let deep = ws.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(ws.join("workspace.toml"), "").unwrap();
        let data = tmp.path().join("data");

        let f = locate(
            Some(Path::new("/x")),
            Some(Path::new("/y")),
            &deep,
            Some(&data),
        )
        .unwrap();
        assert_eq!((f.dir, f.source), (PathBuf::from("/x"), Source::Flag));

        let f = locate(
            None,
            Some(Path::new("/y/workspace.toml")),
            &deep,
            Some(&data),
        )
        .unwrap();
        assert_eq!((f.dir, f.source), (PathBuf::from("/y"), Source::Env));

        let f = locate(None, Some(Path::new("")), &deep, Some(&data)).unwrap();
        assert_eq!((f.dir, f.source), (ws.clone(), Source::Ancestor));

        let f = locate(None, None, tmp.path(), Some(&data)).unwrap();
        assert_eq!((f.dir, f.source), (data, Source::UserData));

        assert!(locate(None, None, tmp.path(), None).is_none());
    }
}
