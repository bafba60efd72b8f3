//! The register's history, read from git: what the register said at a
//! revision, and what changed between two states, in the register's own
//! terms rather than as line diffs. rasci keeps no journal of its own:
//! git is the history, shared the way teams already share it.

pub mod change;
pub mod commit;
pub mod git;
pub mod merge;

pub use change::{Area, Change, changes, findings_delta, summary};
