//! `rasci export ...`: the documents an auditor and a meeting need.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::{EXIT_USAGE, Global, Style};

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The roles and responsibilities document.
    Doc {
        #[arg(long, value_enum, default_value_t = DocFormat::Md)]
        format: DocFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The RASCI matrix as a spreadsheet.
    Matrix {
        #[arg(long, value_enum, default_value_t = MatrixFormat::Csv)]
        format: MatrixFormat,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The org chart: reporting lines with the roles each person holds.
    Org {
        #[arg(long, value_enum, default_value_t = OrgFormat::Dot)]
        format: OrgFormat,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// An OSCAL 1.2.1 system security plan (JSON) with roles, parties and
    /// the responsible roles of each control.
    Oscal {
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    Md,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatrixFormat {
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrgFormat {
    Dot,
    Mermaid,
}

pub fn run(_global: &Global, _cmd: ExportCommand, _style: &Style) -> u8 {
    eprintln!("error: exports are being built");
    EXIT_USAGE
}
