//! `rasci import people FILE.csv`: joiners, movers and leavers from an HR
//! or identity-provider export, previewed before anything is written.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::{EXIT_USAGE, Global, Style};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// People from a CSV export (BambooHR, Workday, Okta, Microsoft Entra
    /// ID, or any layout with --map).
    People(PeopleArgs),
}

#[derive(Debug, clap::Args)]
pub struct PeopleArgs {
    /// The CSV file.
    pub file: PathBuf,
    /// The source system, when the header row does not make it clear.
    #[arg(long, value_enum)]
    pub from: Option<Source>,
    /// Map a column to a field, e.g. --map "Work Email=email". Repeatable.
    #[arg(long, value_name = "COLUMN=FIELD")]
    pub map: Vec<String>,
    /// People in the register but missing from the file have left.
    #[arg(long)]
    pub absent_means_left: bool,
    /// Write the changes (without it, only the preview is shown).
    #[arg(long)]
    pub apply: bool,
    #[arg(long, value_enum, default_value_t = super::Format::Text)]
    pub format: super::Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Source {
    Bamboohr,
    Workday,
    Okta,
    Entra,
}

pub fn run(_global: &Global, _cmd: ImportCommand, _style: &Style) -> u8 {
    eprintln!("error: import is being built");
    EXIT_USAGE
}
