//! `rasci export ...`: the documents an auditor and a meeting need.
//!
//! A thin layer: open the workspace, evaluate the findings on the as-of
//! date, call the pure renderer in [`crate::export`], and write the bytes to
//! standard output or, with `-o FILE`, atomically to a new file readable by
//! its owner only (exports carry personal data). `-o -` means standard
//! output. An xlsx workbook is never written to standard output.

use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};

use super::{CommandError, CommandResult, Ctx, EXIT_OK, Format, Out, read_workspace};
use crate::export;
use crate::rules::findings;
use crate::store::FileKind;
use crate::store::fsutil::write_private_atomic;
use crate::text::sanitize;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The roles and responsibilities document: scope, roles with holders,
    /// deputies, evidence and competence, the matrix, the org chart and the
    /// open findings, with a content hash.
    Doc {
        /// md (Markdown), html (one self-contained file that prints well)
        /// or json (the bytes the content hash is computed over).
        #[arg(long, value_enum, default_value_t = DocFormat::Md)]
        format: DocFormat,
        /// Write to this file instead of standard output (`-` for standard
        /// output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The RASCI matrix as CSV, or a workbook (xlsx) with the matrix, roles,
    /// people and findings.
    Matrix {
        /// csv, or xlsx (colour-coded letters, frozen headers, more sheets).
        #[arg(long, value_enum, default_value_t = MatrixFormat::Csv)]
        format: MatrixFormat,
        /// Write to this file instead of standard output (required for
        /// xlsx).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The org chart: reporting lines with the roles each person holds.
    Org {
        /// dot (Graphviz) or mermaid.
        #[arg(long, value_enum, default_value_t = OrgFormat::Dot)]
        format: OrgFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// An OSCAL 1.2.1 system security plan (JSON) with roles, parties and
    /// the responsible roles of each control.
    Oscal {
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML page that prints well.
    Html,
    /// The canonical JSON the content hash is computed over: piping it to
    /// `sha256sum` gives the hash printed on the document.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatrixFormat {
    /// Comma-separated values, one row per subject, one column per role.
    Csv,
    /// An Excel workbook (needs -o FILE).
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrgFormat {
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
}

/// Where the bytes go.
enum Destination {
    Stdout,
    File(PathBuf),
}

impl Destination {
    fn from(output: Option<PathBuf>) -> Destination {
        match output {
            Some(p) if p.as_os_str() != "-" => Destination::File(p),
            _ => Destination::Stdout,
        }
    }
}

/// Runs `rasci export ...`.
pub fn run(cx: &mut Ctx, cmd: ExportCommand) -> CommandResult {
    let (output, kind) = match cmd {
        ExportCommand::Oscal { output } => return run_oscal(cx, output),
        ExportCommand::Doc { format, output } => (output, Kind::Doc(format)),
        ExportCommand::Matrix { format, output } => (output, Kind::Matrix(format)),
        ExportCommand::Org { format, output } => (output, Kind::Org(format)),
    };
    let dest = Destination::from(output);
    if matches!(kind, Kind::Matrix(MatrixFormat::Xlsx)) && matches!(dest, Destination::Stdout) {
        return Err(CommandError::usage(
            "an xlsx workbook is a binary file and is never written to standard output",
        )
        .hint("name a file with -o FILE"));
    }
    let opened = read_workspace(cx, Format::Text)?;
    refuse_register_paths(&dest, &opened.dir)?;
    let ws = &opened.workspace;
    let as_of = cx.eval.as_of;
    let today = cx.eval.today;
    let bytes = match kind {
        Kind::Doc(DocFormat::Json) => export::canonical_json(ws),
        Kind::Doc(f) => {
            let all = findings(ws, as_of);
            match f {
                DocFormat::Html => export::doc::render_html(ws, &all, as_of, today),
                _ => export::doc::render_md(ws, &all, as_of, today),
            }
            .into_bytes()
        }
        Kind::Matrix(MatrixFormat::Csv) => export::matrix::render_csv(ws),
        Kind::Matrix(MatrixFormat::Xlsx) => {
            let all = findings(ws, as_of);
            export::matrix::render_xlsx(ws, &all, as_of)
                .map_err(|e| CommandError::usage(format!("cannot build the workbook: {e}")))?
        }
        Kind::Org(OrgFormat::Dot) => export::org::render_dot(ws, as_of).into_bytes(),
        Kind::Org(OrgFormat::Mermaid) => export::org::render_mermaid(ws, as_of).into_bytes(),
    };
    write_out(&mut cx.out, &dest, &bytes)
}

/// Which export was asked for.
#[derive(Clone, Copy)]
enum Kind {
    Doc(DocFormat),
    Matrix(MatrixFormat),
    Org(OrgFormat),
}

/// `rasci export oscal`: the OSCAL system security plan (JSON).
fn run_oscal(cx: &mut Ctx, output: Option<PathBuf>) -> CommandResult {
    let dest = Destination::from(output);
    let opened = read_workspace(cx, Format::Text)?;
    refuse_register_paths(&dest, &opened.dir)?;
    let json = export::oscal::render(&opened.workspace, cx.eval.as_of);
    write_out(&mut cx.out, &dest, json.as_bytes())
}

/// Refuses an output path that is one of the workspace's files or inside
/// its `.rasci` folder (lock, backups, recovery): an export never writes
/// over the register or rasci's own state.
fn refuse_register_paths(dest: &Destination, dir: &Path) -> Result<(), CommandError> {
    let Destination::File(path) = dest else {
        return Ok(());
    };
    let shown = sanitize(&path.display().to_string()).into_owned();
    if let Some(kind) = workspace_file(path, dir) {
        return Err(CommandError::usage(format!(
            "{shown} is the workspace's {}; an export never overwrites the register",
            kind.file_name()
        )));
    }
    let state = dir.join(crate::store::fsutil::STATE_DIR);
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let (Ok(state), Ok(parent)) = (state.canonicalize(), parent.canonicalize())
        && parent.starts_with(&state)
    {
        return Err(CommandError::usage(format!(
            "{shown} is inside the workspace's .rasci folder, which holds rasci's own lock, backups and recovery files"
        )));
    }
    Ok(())
}

/// The workspace file `path` would overwrite, if any.
fn workspace_file(path: &Path, dir: &Path) -> Option<FileKind> {
    let resolve = |p: &Path| -> Option<PathBuf> {
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Some(parent.canonicalize().ok()?.join(p.file_name()?))
    };
    let target = resolve(path)?;
    FileKind::ALL
        .into_iter()
        .find(|k| resolve(&dir.join(k.file_name())).is_some_and(|p| p == target))
}

/// Writes the export: to standard output, or atomically to a private file.
fn write_out(out: &mut Out, dest: &Destination, bytes: &[u8]) -> CommandResult {
    match dest {
        Destination::Stdout => out.bytes(bytes),
        Destination::File(path) => {
            let shown = sanitize(&path.display().to_string()).into_owned();
            write_private_atomic(path, bytes)
                .map_err(|e| CommandError::usage(format!("cannot write {shown}: {e}")))?;
            // Written: a failure to say so cannot make it a failure.
            out.mark_saved("the export");
            out.line(&format!("Wrote {shown}"));
        }
    }
    Ok(EXIT_OK)
}
