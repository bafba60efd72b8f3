//! rasci: a terminal workbench for ISO/IEC 27001:2022 Clause 5.3 —
//! who holds which information-security role, what each role must do and
//! may decide, and whether that would survive a certification audit.
//!
//! The crate is a functional core with thin shells: [`model`] (plain data),
//! [`store`] (files in and out), [`rules`] (the findings engine) and
//! [`query`] (lookups) know nothing of terminals; [`cli`] and [`tui`] sit
//! on top of them.

pub mod catalogue;
pub mod cli;
pub mod diff;
pub mod edit;
pub mod export;
pub mod fingerprint;
pub mod import;
pub mod model;
pub mod query;
pub mod rules;
// A register that passes every rule, and a generator of large synthetic
// ones: for tests, benchmarks and examples, not for the program itself.
#[doc(hidden)]
pub mod sample;
pub mod session;
pub mod store;
#[doc(hidden)]
pub mod synth;
pub mod text;
pub mod tui;
