//! The command line: argument parsing and the one-shot commands. Each
//! command is a thin layer over the store, the rules and the queries.

mod check;
mod edits;
mod export_cmd;
mod handover;
mod import_cmd;
mod lookup;
mod open;
mod output;
mod workbench;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::{Date, Severity};
use crate::store::template::Template;

pub use open::{Opened, Register, open_workspace, read_workspace, read_workspace_as};
pub use output::Style;

/// Exit code when everything is fine.
pub const EXIT_OK: u8 = 0;
/// Exit code when `check` found error-level findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code when the workspace could not be loaded or the usage is wrong.
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "rasci",
    version,
    about = "Roles, responsibilities and authorities for ISO/IEC 27001:2022 Clause 5.3",
    long_about = "rasci keeps who holds which information-security role, what each role must do and may decide, \
                  and the RASCI matrix over the ISO/IEC 27001:2022 clauses and Annex A controls, in a folder of TOML \
                  files. It shows what a certification auditor would raise as you edit.\n\n\
                  Without a command it opens the workbench on the workspace it finds: --workspace, then \
                  RASCI_WORKSPACE, then the current folder or a parent holding workspace.toml, then a default \
                  workspace in your data folder (created on first use).",
    after_help = "Exit status: 0 when all is well, 1 when `check` finds errors, 2 when the workspace cannot be read or the command line is wrong."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command understands.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// The workspace folder (or its workspace.toml). Default: RASCI_WORKSPACE,
    /// then the current folder or a parent with workspace.toml, then your
    /// data folder.
    #[arg(short, long, global = true, value_name = "PATH")]
    pub workspace: Option<PathBuf>,
    /// Pretend today is DATE (YYYY-MM-DD), for reproducible results.
    #[arg(long, global = true, env = "RASCI_TODAY", value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
    /// Evaluate the register as it stood on DATE: assignments, leavers,
    /// expiries and review ages are taken at that date.
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Open without taking the write lock; nothing can be saved.
    #[arg(long, global = true, help_heading = "Workbench options")]
    pub read_only: bool,
    /// Plain ASCII lines and markers (automatic when the locale
    /// is not UTF-8).
    #[arg(long, global = true, help_heading = "Workbench options")]
    pub ascii: bool,
    /// Leave the mouse to the terminal, so text can be selected
    /// (M toggles it in the app).
    #[arg(long, global = true, help_heading = "Workbench options")]
    pub no_mouse: bool,
}

impl Global {
    /// Today, as fixed by --today / RASCI_TODAY or the local calendar.
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(Date::today_local)
    }

    /// The date the register is evaluated on.
    pub fn as_of(&self) -> Date {
        self.as_of.unwrap_or_else(|| self.today())
    }
}

pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>().map_err(|e| e.to_string())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a workspace from a template.
    Init {
        /// Folder to create it in (default: the current folder).
        dir: Option<PathBuf>,
        /// Which template to start from.
        #[arg(long, value_enum, default_value_t = TemplateArg::Standard)]
        template: TemplateArg,
    },
    /// Open the workbench on a private copy of the bundled demo company.
    Demo {
        /// Where to put the copy (default: a new folder in the temporary
        /// folder, kept after you quit).
        dir: Option<PathBuf>,
    },
    /// Open the presentation for the management review, full screen: the
    /// summary, roles and holders, org chart, matrix, open findings and
    /// what changed since the last sign-off. Read-only: takes no lock.
    Present,
    /// List what an auditor would raise; exits 1 when there are errors.
    Check {
        /// text for people (plain on a pipe), json for programs.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Show only findings at least this severe.
        #[arg(long, value_enum, default_value_t = MinSeverity::Info, value_name = "LEVEL")]
        min_severity: MinSeverity,
    },
    /// Describe every finding rule: what fires it and how to fix it.
    Rules {
        /// text for people (plain on a pipe), json for programs.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Who is R, A, S, C and I for a clause, control or activity, by name.
    Who {
        /// A clause (5.3), control (A.5.15 or 5.15), heading (9.3) or
        /// activity id; a title works too.
        subject: String,
        /// text for people (plain on a pipe), json for programs.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// What a person holds, deputises for and answers for.
    Whois {
        /// Person id, email, full name or "Surname, First"; a first name or
        /// surname alone when only one person has it.
        person: String,
        /// text for people (plain on a pipe), json for programs.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// A role: purpose, responsibilities, authorities, holders, history.
    Role {
        /// Role id or name.
        role: String,
        /// text for people (plain on a pipe), json for programs.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Search people, roles and subjects.
    Find {
        /// What to look for: part of a name, id, email or title.
        text: String,
        /// text for people (plain on a pipe), json for programs.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// How many results at most.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Appoint a person to a role.
    Assign(edits::AssignArgs),
    /// End a person's assignment to a role.
    Unassign(edits::UnassignArgs),
    /// Set a letter in the matrix.
    Set(edits::SetArgs),
    /// Clear a cell of the matrix.
    Clear(edits::ClearArgs),
    /// Record that a person has left (and end their roles).
    Leave(edits::LeaveArgs),
    /// Hand a person's roles, deputyships and sponsorships over to a
    /// successor: each ends on the day and starts for the successor the next.
    Handover(handover::HandoverArgs),
    /// Record a management sign-off of the register as it stands.
    Signoff(edits::SignoffArgs),
    /// Import from an HR or identity-provider export.
    #[command(subcommand)]
    Import(import_cmd::ImportCommand),
    /// Write the documents an auditor asks for.
    #[command(subcommand)]
    Export(export_cmd::ExportCommand),
}

/// `--template` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateArg {
    /// The roles an ISMS needs, default rules and a starting matrix; no people.
    Standard,
    /// A fictional company of about 40 people with deliberate gaps.
    Demo,
}

impl From<TemplateArg> for Template {
    fn from(t: TemplateArg) -> Template {
        match t {
            TemplateArg::Standard => Template::Standard,
            TemplateArg::Demo => Template::Demo,
        }
    }
}

/// Output format of a one-shot command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `--min-severity` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinSeverity {
    Error,
    Warning,
    Info,
}

impl MinSeverity {
    pub fn admits(self, s: Severity) -> bool {
        let limit = match self {
            MinSeverity::Error => Severity::Error,
            MinSeverity::Warning => Severity::Warning,
            MinSeverity::Info => Severity::Info,
        };
        s <= limit
    }
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    ExitCode::from(run(cli))
}

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> u8 {
    let style = Style::detect_stdout();
    match cli.command {
        Some(Command::Init { dir, template }) => check::init(dir, template.into()),
        Some(Command::Check {
            format,
            min_severity,
        }) => check::check(&cli.global, format, min_severity, &style),
        Some(Command::Rules { format }) => check::rules(format, &style),
        Some(Command::Demo { dir }) => workbench::demo(&cli.global, dir),
        Some(Command::Present) => workbench::present(&cli.global),
        Some(Command::Who { subject, format }) => {
            lookup::who(&cli.global, &subject, format, &style)
        }
        Some(Command::Whois { person, format }) => {
            lookup::whois(&cli.global, &person, format, &style)
        }
        Some(Command::Role { role, format }) => lookup::role(&cli.global, &role, format, &style),
        Some(Command::Find {
            text,
            format,
            limit,
        }) => lookup::find(&cli.global, &text, format, limit, &style),
        Some(Command::Assign(a)) => edits::assign(&cli.global, &a, &style),
        Some(Command::Unassign(a)) => edits::unassign(&cli.global, &a, &style),
        Some(Command::Set(a)) => edits::set(&cli.global, &a, &style),
        Some(Command::Clear(a)) => edits::clear(&cli.global, &a, &style),
        Some(Command::Leave(a)) => edits::leave(&cli.global, &a, &style),
        Some(Command::Handover(a)) => handover::handover(&cli.global, &a, &style),
        Some(Command::Signoff(a)) => edits::signoff(&cli.global, &a, &style),
        Some(Command::Import(c)) => import_cmd::run(&cli.global, c, &style),
        Some(Command::Export(c)) => export_cmd::run(&cli.global, c),
        None => workbench::open(&cli.global),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every option and argument of every command says what it is for in
    /// `--help` (a bare `--dry-run` in a list tells nobody anything).
    #[test]
    fn every_argument_is_described() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if id == "help" || id == "version" || a.is_hide_set() {
                    continue;
                }
                if a.get_help().is_none() && a.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "rasci", &mut missing);
        assert!(missing.is_empty(), "undescribed: {missing:#?}");
    }
}
