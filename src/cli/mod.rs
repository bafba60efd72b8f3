//! The command line: argument parsing and the one-shot commands. Each
//! command is a thin layer over the store, the rules and the queries.

mod check;
pub mod demo_history;
mod edits;
pub mod error;
mod export_cmd;
mod gitsetup;
mod handover;
mod history_cmd;
mod import_cmd;
mod lookup;
mod open;
mod output;
mod workbench;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::{Date, Evaluation, Severity};
use crate::store::template::Template;

pub use error::{CommandError, CommandResult, Out};
pub use open::{Register, open_workspace, read_workspace};
pub use output::Style;

/// Exit code when everything is fine.
pub const EXIT_OK: u8 = 0;
/// Exit code when `check` found error-level findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code when the workspace could not be found or loaded, a name led
/// to no single answer, the output could not be written, or the usage is
/// wrong.
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
                  workspace in your data folder (created the first time the workbench or an edit needs it; \
                  commands that only read never create one).",
    after_help = "Exit status: 0 when all is well, 1 when `check` finds errors, 2 when no workspace is found or it cannot be read, a name matches nothing, the output cannot be written, or the command line is wrong."
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
    /// Read the register as committed in git at REV (a commit, branch or
    /// tag), or at the last commit on or before a day YYYY-MM-DD, instead
    /// of the working tree. Combines with --as-of. Reading commands only.
    #[arg(long, global = true, value_name = "REV|DATE")]
    pub at: Option<String>,
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
    /// The evaluation dates these options ask for: the one place that
    /// turns `--today`, `RASCI_TODAY` and `--as-of` into dates.
    pub fn evaluation(&self) -> Evaluation {
        Evaluation::decide(self.today, self.as_of)
            .at(self.at.as_deref().map(crate::model::Revision::parse))
    }
}

/// What every command works with: the options, the evaluation dates (one
/// name for them, from here to the screen), the output style and standard
/// output.
pub struct Ctx {
    pub global: Global,
    pub eval: Evaluation,
    pub style: Style,
    pub out: Out,
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
        /// Exit 1 on findings at least this severe: error (the default),
        /// warning, or never (a gate that only reports).
        #[arg(long, value_enum, default_value_t = gitsetup::FailOn::Error, value_name = "LEVEL")]
        fail_on: gitsetup::FailOn,
    },
    /// The register's history from git: each commit as register changes.
    Log(history_cmd::LogArgs),
    /// What changed between two states (default: HEAD and the working
    /// tree), in register terms, and the findings raised and resolved.
    Diff(history_cmd::DiffArgs),
    /// Check every sign-off against the git history: its commit is on the
    /// current branch, the register there has the recorded fingerprint,
    /// signed tags verify. Exit 1 when one fails.
    Verify,
    /// Describe every finding rule: what fires it and how to fix it.
    Rules {
        /// text for people (plain on a pipe), json for programs.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Who is R, A, S, C and I for a clause, control or activity, by name.
    Who {
        /// A clause (5.3), control (A.5.15 or 5.15), heading (9.3) or
        /// activity id; a title works too, quoted or not.
        #[arg(required = true, num_args = 1..)]
        subject: Vec<String>,
        /// text for people (plain on a pipe), json for programs.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// What a person holds, deputises for and answers for.
    Whois {
        /// Person id, email, full name or "Surname, First"; a first name or
        /// surname alone when only one person has it. The words of a name
        /// need no quotes.
        #[arg(required = true, num_args = 1..)]
        person: Vec<String>,
        /// text for people (plain on a pipe), json for programs.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// A role: purpose, responsibilities, authorities, holders, history.
    Role {
        /// Role id or name (the words of a name need no quotes).
        #[arg(required = true, num_args = 1..)]
        role: Vec<String>,
        /// text for people (plain on a pipe), json for programs.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Search people, roles and subjects.
    Find {
        /// What to look for: part of a name, id, email or title (several
        /// words need no quotes).
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
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
    /// Work with the workspace's git repository.
    #[command(subcommand)]
    Git(gitsetup::GitCommand),
    /// Merge one workspace file for git (run by git, set up by `rasci git
    /// setup`): exit 0 when merged, 1 when conflicts are left in it.
    /// Hidden from the list: people never type it.
    #[command(hide = true)]
    MergeDriver(gitsetup::DriverArgs),
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

/// Runs a parsed command line and returns the exit code: the command's
/// own, or its error's, printed here and only here.
pub fn run(cli: Cli) -> u8 {
    let mut cx = Ctx {
        eval: cli.global.evaluation(),
        global: cli.global,
        style: Style::detect_stdout(),
        out: Out::stdout(),
    };
    let result = dispatch(&mut cx, cli.command);
    error::conclude(result, cx.out)
}

fn dispatch(cx: &mut Ctx, command: Option<Command>) -> CommandResult {
    match command {
        Some(Command::Init { dir, template }) => check::init(cx, dir, template.into()),
        Some(Command::Check {
            format,
            min_severity,
            fail_on,
        }) => check::check(cx, format, min_severity, fail_on),
        Some(Command::Rules { format }) => check::rules(cx, format),
        Some(Command::Log(a)) => history_cmd::log(cx, &a),
        Some(Command::Diff(a)) => history_cmd::diff(cx, &a),
        Some(Command::Verify) => history_cmd::verify(cx),
        Some(Command::Demo { dir }) => workbench::demo(cx, dir),
        Some(Command::Present) => workbench::present(cx),
        Some(Command::Who { subject, format }) => lookup::who(cx, &subject.join(" "), format),
        Some(Command::Whois { person, format }) => lookup::whois(cx, &person.join(" "), format),
        Some(Command::Role { role, format }) => lookup::role(cx, &role.join(" "), format),
        Some(Command::Find {
            text,
            format,
            limit,
        }) => lookup::find(cx, &text.join(" "), format, limit),
        Some(Command::Assign(a)) => edits::assign(cx, &a),
        Some(Command::Unassign(a)) => edits::unassign(cx, &a),
        Some(Command::Set(a)) => edits::set(cx, &a),
        Some(Command::Clear(a)) => edits::clear(cx, &a),
        Some(Command::Leave(a)) => edits::leave(cx, &a),
        Some(Command::Handover(a)) => handover::handover(cx, &a),
        Some(Command::Signoff(a)) => edits::signoff(cx, &a),
        Some(Command::Import(c)) => import_cmd::run(cx, c),
        Some(Command::Export(c)) => export_cmd::run(cx, c),
        Some(Command::Git(gitsetup::GitCommand::Setup(a))) => gitsetup::setup(cx, &a),
        Some(Command::MergeDriver(a)) => gitsetup::merge_driver(cx, &a),
        None => workbench::open(cx),
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
