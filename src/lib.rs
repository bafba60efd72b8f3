//! rasci: a terminal workbench for ISO/IEC 27001:2022 Clause 5.3 —
//! who holds which information-security role, what each role must do and
//! may decide, and whether that would survive a certification audit.
//!
//! This crate is the imperative shell: [`cli`] (the one-shot commands) and
//! [`tui`] (the workbench). Everything they show comes from the
//! [`rasci_core`] crate, re-exported here under its module names so that
//! both layers read `crate::model`, `crate::rules` and so on.

pub use rasci_core::{
    catalogue, diff, edit, export, fingerprint, history, import, model, query, rules, sample,
    session, store, text,
};

pub mod cli;
pub mod tui;
