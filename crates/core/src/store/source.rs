//! Where the workspace files are read from.
//!
//! Loading goes through a [`FileSource`] so that one parser, one validator
//! and one set of diagnostics serve every origin of a register: the working
//! tree today, the tree of a git commit for the history. A source only hands
//! over bytes; everything that makes them a register is the store's.

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::FileKind;
use super::fsutil;

/// A set of the four workspace files, read one at a time.
pub trait FileSource: Sync {
    /// The folder (or other origin) as named in messages: "no workspace at
    /// ..." when `workspace.toml` is missing.
    fn root(&self) -> &Path;

    /// How `kind`'s file is named in diagnostics: a path for the working
    /// tree, something like `REV:people.toml` for a commit.
    fn path(&self, kind: FileKind) -> PathBuf;

    /// The file's bytes, or `None` when the source has no such file.
    fn read(&self, kind: FileKind) -> io::Result<Option<Vec<u8>>>;

    /// Size and modification time, where the source has them, so that an
    /// open workspace can cheaply notice a change made by somebody else.
    fn stamp(&self, _kind: FileKind) -> Option<(u64, SystemTime)> {
        None
    }
}

/// The files in a folder on disk: what the user edits.
#[derive(Debug, Clone, Copy)]
pub struct WorkingTree<'a> {
    dir: &'a Path,
}

impl<'a> WorkingTree<'a> {
    /// The workspace folder `dir`.
    pub fn new(dir: &'a Path) -> WorkingTree<'a> {
        WorkingTree { dir }
    }
}

impl FileSource for WorkingTree<'_> {
    fn root(&self) -> &Path {
        self.dir
    }

    fn path(&self, kind: FileKind) -> PathBuf {
        self.dir.join(kind.file_name())
    }

    fn read(&self, kind: FileKind) -> io::Result<Option<Vec<u8>>> {
        // Only regular files, and none too large: a pipe or a device in
        // place of a workspace file must not hang or exhaust the program.
        match fsutil::read_regular(&self.path(kind)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn stamp(&self, kind: FileKind) -> Option<(u64, SystemTime)> {
        super::file_stamp(&self.path(kind))
    }
}

/// Files held in memory under a label: the tree of a commit once read out
/// of git, or a register made up by a test.
#[derive(Debug, Clone, Default)]
pub struct InMemory {
    label: PathBuf,
    files: [Option<Vec<u8>>; 4],
}

impl InMemory {
    /// An empty set of files, named `label` in messages (a file is named
    /// `label/people.toml`, or `label:people.toml` when the label ends in
    /// a colon, as git names a file in a commit).
    pub fn new(label: impl Into<PathBuf>) -> InMemory {
        InMemory {
            label: label.into(),
            files: Default::default(),
        }
    }

    /// Adds (or replaces) `kind`'s file.
    pub fn with(mut self, kind: FileKind, bytes: impl Into<Vec<u8>>) -> InMemory {
        self.files[kind.index()] = Some(bytes.into());
        self
    }
}

impl FileSource for InMemory {
    fn root(&self) -> &Path {
        &self.label
    }

    fn path(&self, kind: FileKind) -> PathBuf {
        let label = self.label.to_string_lossy();
        if label.ends_with(':') {
            PathBuf::from(format!("{label}{}", kind.file_name()))
        } else {
            self.label.join(kind.file_name())
        }
    }

    fn read(&self, kind: FileKind) -> io::Result<Option<Vec<u8>>> {
        Ok(self.files[kind.index()].clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_files() -> InMemory {
        let mut mem = InMemory::new("HEAD:");
        for (kind, text) in super::super::template::Template::Demo.files() {
            mem = mem.with(kind, text);
        }
        mem
    }

    #[test]
    fn a_register_in_memory_loads_like_the_same_files_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        for (kind, text) in super::super::template::Template::Demo.files() {
            std::fs::write(dir.path().join(kind.file_name()), text).unwrap();
        }
        let on_disk = super::super::read(dir.path()).unwrap();
        let in_memory = super::super::read_from(&demo_files()).unwrap();
        assert_eq!(on_disk, in_memory);
    }

    #[test]
    fn problems_in_memory_are_named_by_the_source() {
        let mem = demo_files().with(FileKind::People, "[person.x]\nnmae = \"X\"\n");
        let Err(super::super::LoadError::Invalid(diags)) = super::super::read_from(&mem) else {
            panic!("a misspelt key must not load");
        };
        let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
        let text = text.join("\n");
        assert!(text.contains("--> HEAD:people.toml:2:1"), "{text}");
        assert!(text.contains("unknown key `nmae`"), "{text}");
    }

    #[test]
    fn a_source_without_workspace_toml_is_no_workspace() {
        let mem = InMemory::new("/nowhere");
        let err = super::super::read_from(&mem).unwrap_err();
        assert!(matches!(err, super::super::LoadError::NotFound(p) if p == Path::new("/nowhere")));
    }
}
