//! rasci's core: the register of information-security roles, people and
//! RASCI entries for ISO/IEC 27001:2022 Clause 5.3, and everything that can
//! be asked of it, with no terminal in sight.
//!
//! - [`model`]: plain data, no I/O. [`catalogue`]: the embedded ISO/IEC
//!   27001:2022 clauses and Annex A controls.
//! - [`store`]: files in and out through a [`store::FileSource`]: parse and
//!   validate with located diagnostics, format-preserving atomic saves,
//!   locks, backups, recovery.
//! - [`rules`]: the findings engine, a pure function of the register and a
//!   date, one module per rule family.
//! - [`edit`] and [`session`]: every change as data with its inverse,
//!   applied in one place that records undo and re-evaluates.
//! - [`query`]: the lookups behind `who`, `whois`, `role` and `find`, the
//!   documents and the workbench. [`export`] and [`import`]: one module per
//!   format. [`fingerprint`]: the register's content hash for sign-offs.
//! - [`text`]: text helpers every layer shares (sanitising, folding,
//!   typo distance).
//!
//! The command line and the workbench (the `rasci` crate) are thin layers
//! over this crate.

#[warn(missing_docs)]
pub mod catalogue;
#[warn(missing_docs)]
pub mod diff;
#[warn(missing_docs)]
pub mod edit;
pub mod export;
#[warn(missing_docs)]
pub mod fingerprint;
#[warn(missing_docs)]
pub mod history;
pub mod import;
#[warn(missing_docs)]
pub mod model;
pub mod query;
#[warn(missing_docs)]
pub mod rules;
// A register that passes every rule: the reference point for tests in this
// crate and the ones above it, not part of the program.
#[doc(hidden)]
pub mod sample;
#[warn(missing_docs)]
pub mod session;
#[warn(missing_docs)]
pub mod store;
// The generator of large synthetic registers, for benchmarks and scale
// tests only: behind a feature so that it is not part of what ships.
#[cfg(any(test, feature = "synth"))]
pub mod synth;
#[warn(missing_docs)]
pub mod text;
