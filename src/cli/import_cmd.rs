//! `rasci import people FILE.csv`: joiners, movers and leavers from an HR
//! or identity-provider export, previewed before anything is written.
//!
//! A thin shell over [`crate::import`]: read the file, plan against the
//! register, print the preview; with `--apply`, take the lock, apply the
//! plan through the session as one undoable edit, save, and say which
//! findings it raised and resolved.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::error::say;
use super::output::wrap;
use super::{CommandError, CommandResult, Ctx, EXIT_OK, Format, Out, Style, open_workspace};
use crate::import::{self, Change, Field, Plan, PlanOptions, ReadOptions, Sheet};
use crate::rules::Finding;
use crate::session::Session;
use crate::store::open::Access;
use crate::text::sanitize;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// People from a CSV export (BambooHR, Workday, Okta, Microsoft Entra
    /// ID, or any layout with --map).
    People(PeopleArgs),
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Without --apply nothing is written: the preview lists joiners, movers (department, title or manager changed), \
                  leavers with the roles they still hold, and every problem row by line number.\n\n\
                  Fields for --map: id, name, first-name, last-name, email, title, department, manager, status \
                  (or active, enabled), joined, left, status-changed, site, kind, employee-number, external-id, \
                  ignore.\n\n\
                  Rows match people by email (any case), then id, then employee number (against ids). Leavers keep \
                  their record and their assignments, so the findings show what to reassign. Nobody is deleted.\n\n\
                  Exit status: 0 when the preview or the import succeeded (problem rows are listed, not fatal), \
                  2 when the file or the workspace cannot be read, the command line is wrong, or --apply needs \
                  --force (the preview says so)."
)]
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
    /// How to read dates such as 03/04/2026. `auto` infers the order from
    /// dates in the file that read only one way and reports the others.
    #[arg(long, value_enum, default_value_t = DateOrderArg::Auto)]
    pub date_order: DateOrderArg,
    /// Write the changes (without it, only the preview is shown).
    #[arg(long)]
    pub apply: bool,
    /// With --apply: write even when --absent-means-left would mark more
    /// than a fifth of the organisation as leavers (usually a partial
    /// export, not a mass departure).
    #[arg(long)]
    pub force: bool,
    /// text for people (plain on a pipe), json for programs.
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

impl From<Source> for import::Source {
    fn from(s: Source) -> import::Source {
        match s {
            Source::Bamboohr => import::Source::Bamboohr,
            Source::Workday => import::Source::Workday,
            Source::Okta => import::Source::Okta,
            Source::Entra => import::Source::Entra,
        }
    }
}

/// `--date-order` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateOrderArg {
    /// Infer from the file; report dates that read both ways.
    Auto,
    /// MM/DD/YYYY (US).
    MonthFirst,
    /// DD/MM/YYYY.
    DayFirst,
}

impl From<DateOrderArg> for import::DateOrder {
    fn from(d: DateOrderArg) -> import::DateOrder {
        match d {
            DateOrderArg::Auto => import::DateOrder::Auto,
            DateOrderArg::MonthFirst => import::DateOrder::MonthFirst,
            DateOrderArg::DayFirst => import::DateOrder::DayFirst,
        }
    }
}

pub fn run(cx: &mut Ctx, cmd: ImportCommand) -> CommandResult {
    match cmd {
        ImportCommand::People(args) => people(cx, &args),
    }
}

fn fail(message: impl std::fmt::Display) -> CommandError {
    CommandError::usage(message)
}

fn people(cx: &mut Ctx, a: &PeopleArgs) -> CommandResult {
    let file = sanitize(&a.file.display().to_string()).into_owned();
    let mut maps = Vec::new();
    for m in &a.map {
        match import::parse_map(m) {
            Ok(x) => maps.push(x),
            Err(e) => return Err(fail(sanitize(&e))),
        }
    }
    let bytes = match std::fs::read(&a.file) {
        Ok(b) => b,
        Err(e) => return Err(fail(format!("cannot read {file}: {e}"))),
    };
    let opts = ReadOptions {
        from: a.from.map(Into::into),
        maps,
        date_order: a.date_order.into(),
    };
    let sheet = match import::read_people(&bytes, &opts) {
        Ok(s) => s,
        Err(e) => return Err(fail(format!("{file}: {}", sanitize(&e.to_string())))),
    };
    if a.absent_means_left && sheet.records.is_empty() && sheet.unread.is_empty() {
        return Err(fail(format!(
            "{file} has no people in it; with --absent-means-left everyone would be marked as a leaver, so nothing was done"
        )));
    }
    let access = if a.apply { Access::Edit } else { Access::Read };
    let opened = open_workspace(cx, access)?;
    if let Some(Err(e)) = opened.lock {
        return Err(fail(e));
    }
    if let Some(note) = opened.store.set_aside_note() {
        say!("warning: {note}");
    }
    let as_of = cx.eval.as_of;
    let style = &cx.style;
    let out = &mut cx.out;
    let mut session = Session::evaluated(opened.store, opened.workspace, cx.eval.clone());
    let plan = import::plan(
        session.workspace(),
        &sheet,
        &PlanOptions {
            as_of,
            absent_means_left: a.absent_means_left,
        },
    );
    // A partial export read with --absent-means-left would "fire" everyone
    // missing from it: refuse that unless the user insists. The preview
    // asks the same question, so that it never promises what --apply
    // refuses.
    let refused = plan.needs_force().filter(|_| !a.force);
    if a.apply
        && let Some(absence) = refused
    {
        return Err(fail(format!(
            "{} and would be marked as leavers; \
             check that it is the complete export, then add --force to write it (nothing was written)",
            absence.describe(&file)
        )));
    }
    let edit = if a.apply {
        plan.edit(session.workspace())
    } else {
        None
    };
    let Some(edit) = edit else {
        match a.format {
            Format::Json => print_json(out, &file, &sheet, &plan, None),
            Format::Text => {
                out.print(&preview(&file, &sheet, &plan, false, style));
                if let Some(absence) = refused {
                    out.line(&style.bold(item(
                            &format!(
                                "Preview only: nothing was written. --apply will refuse this: {} and would be marked as leavers. \
                                 Add --force if the file really is the complete export.",
                                absence.describe(&file)
                            ),
                            "",
                            style.width
                        )
                        .trim_end()));
                } else if a.apply || plan.is_empty() {
                    out.line("Nothing to change: the register already agrees with the file.");
                } else {
                    out.line(&style.bold(
                        "Preview only: nothing was written. Run again with --apply to write it.",
                    ));
                }
            }
        }
        return Ok(EXIT_OK);
    };
    let before: Vec<Finding> = session.findings().to_vec();
    let label = format!(
        "Imported people from {}",
        a.file
            .file_name()
            .map_or(file.clone(), |n| n.to_string_lossy().into_owned())
    );
    if let Err(e) = session.apply(edit, label) {
        return Err(fail(e));
    }
    let report = match session.save() {
        Ok(r) => r,
        Err(e) => return Err(fail(sanitize(&e.to_string()))),
    };
    // Saved: whatever happens to the report now, the exit code says so.
    out.mark_saved("the import");
    let written: Vec<&str> = report.written.iter().map(|k| k.file_name()).collect();
    // commit-on-save: said in the text report only, so JSON stays JSON.
    if let Some(note) = session.take_commit_note()
        && !matches!(a.format, Format::Json)
    {
        out.line(&sanitize(&note));
    }
    let (raised, resolved) = crate::rules::changes(&before, session.findings());
    match a.format {
        Format::Json => print_json(
            out,
            &file,
            &sheet,
            &plan,
            Some(Applied {
                written: &written,
                raised: &raised,
                resolved: &resolved,
                after: session.findings(),
            }),
        ),
        Format::Text => {
            out.print(&preview(&file, &sheet, &plan, true, style));
            out.line(&style.bold(&format!(
                "Written ({}): {}.",
                written.join(", "),
                summary(&plan)
            )));
            super::output::print_finding_changes(
                out,
                &raised,
                &resolved,
                session.findings(),
                style,
                "Now",
            );
        }
    }
    Ok(EXIT_OK)
}

/// "1 joiner, 2 movers, ..." for the parts that are not empty.
fn summary(plan: &Plan) -> String {
    let mut parts = Vec::new();
    for (n, one, many) in [
        (plan.joiners.len(), "joiner", "joiners"),
        (plan.movers.len(), "mover", "movers"),
        (plan.updated.len(), "other update", "other updates"),
        (plan.leavers.len(), "leaver", "leavers"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    if parts.is_empty() {
        "no change".into()
    } else {
        parts.join(", ")
    }
}

fn opt(s: &Option<String>) -> String {
    s.as_deref()
        .map_or_else(|| "(none)".to_string(), |v| sanitize(v).into_owned())
}

/// `text` wrapped to the width, the first line starting with `first` and
/// the others indented two more spaces (a plain paragraph, with no
/// `first`, is not indented).
fn item(text: &str, first: &str, width: usize) -> String {
    let hang = if first.is_empty() { 0 } else { 2 };
    let pad = " ".repeat(first.chars().count() + hang);
    let w = wrap(text, width, &pad);
    match w.strip_prefix(pad.as_str()) {
        Some(rest) => format!("{first}{rest}"),
        None => w,
    }
}

fn change_line(c: &Change) -> String {
    format!("{}: {} -> {}", c.field, opt(&c.old), sanitize(&c.new))
}

/// The preview: what was read, and what would change.
fn preview(file: &str, sheet: &Sheet, plan: &Plan, applied: bool, style: &Style) -> String {
    let w = style.width;
    let mut out = String::new();
    let source = match (sheet.layout.source, sheet.layout.detected) {
        (Some(s), true) => format!("{}, recognised from the header row", s.describe()),
        (Some(s), false) => format!("{}, as given with --from", s.describe()),
        (None, _) => "columns named by common names and --map".to_string(),
    };
    out.push_str(&item(
        &format!(
            "{file}: {source}; {} row{} read as of {}.",
            sheet.rows,
            if sheet.rows == 1 { "" } else { "s" },
            plan.as_of
        ),
        "",
        w,
    ));
    let reading: Vec<String> = sheet
        .layout
        .bindings
        .iter()
        .map(|b| {
            let cols: Vec<String> = b
                .columns
                .iter()
                .map(|&c| sanitize(&sheet.headers[c]).into_owned())
                .collect();
            format!("{} <- {}", b.field.as_str(), cols.join(" | "))
        })
        .collect();
    out.push_str(&item(&format!("Columns: {}.", reading.join("; ")), "", w));
    if let Some(note) = &sheet.date_order_note {
        out.push_str(&item(&format!("Dates: {}.", sanitize(note)), "", w));
    }
    out.push('\n');

    let heading = |out: &mut String, title: &str, n: usize| {
        out.push_str(&style.bold(&format!("{title} ({n}):")));
        out.push('\n');
    };
    if !plan.joiners.is_empty() {
        heading(&mut out, "Joiners", plan.joiners.len());
        for j in &plan.joiners {
            let p = &j.person;
            let email = p
                .email
                .as_deref()
                .map(|e| format!(" <{}>", sanitize(e)))
                .unwrap_or_default();
            out.push_str(&item(
                &format!(
                    "{} ({}){email}, line {}",
                    sanitize(p.display_name()),
                    sanitize(&p.id),
                    j.line
                ),
                "  + ",
                w,
            ));
            let mut details = Vec::new();
            let role: Vec<String> = [&p.title, &p.department]
                .into_iter()
                .flatten()
                .map(|v| sanitize(v).into_owned())
                .collect();
            if !role.is_empty() {
                details.push(role.join(", "));
            }
            if let Some(m) = &p.manager {
                details.push(format!("manager {}", sanitize(m)));
            }
            if p.kind != crate::model::PersonKind::Employee {
                details.push(p.kind.as_str().to_string());
            }
            if let Some(d) = p.joined {
                details.push(format!("joined {d}"));
            }
            if let Some(d) = p.left {
                details.push(format!("leaving {d}"));
            }
            if !details.is_empty() {
                out.push_str(&item(&details.join("; "), "      ", w));
            }
        }
    }
    for (title, list) in [("Movers", &plan.movers), ("Other updates", &plan.updated)] {
        if list.is_empty() {
            continue;
        }
        heading(&mut out, title, list.len());
        for m in list.iter() {
            out.push_str(&item(
                &format!(
                    "{} ({}), line {}",
                    sanitize(&m.name),
                    sanitize(&m.id),
                    m.line
                ),
                "  ~ ",
                w,
            ));
            for c in &m.changes {
                out.push_str(&item(&change_line(c), "      ", w));
            }
        }
    }
    if !plan.leavers.is_empty() {
        heading(&mut out, "Leavers", plan.leavers.len());
        for l in &plan.leavers {
            let at = l.line.map(|n| format!(", line {n}")).unwrap_or_default();
            let when = if l.planned {
                format!("leaving, last day {}", l.left)
            } else {
                format!("last day {}", l.left)
            };
            out.push_str(&item(
                &format!(
                    "{} ({}){at}: {when} ({})",
                    sanitize(&l.name),
                    sanitize(&l.id),
                    l.reason.describe()
                ),
                "  - ",
                w,
            ));
            if l.roles.is_empty() {
                out.push_str(&item("holds no role", "      ", w));
            }
            for r in &l.roles {
                let since = r.from.map(|d| format!(" since {d}")).unwrap_or_default();
                out.push_str(&item(
                    &format!(
                        "still holds {} ({}){since}",
                        sanitize(&r.name),
                        sanitize(&r.role)
                    ),
                    "      ",
                    w,
                ));
            }
            for r in &l.deputy_for {
                out.push_str(&item(
                    &format!(
                        "deputy for {} as {} ({})",
                        sanitize(r.holder.as_deref().unwrap_or("")),
                        sanitize(&r.name),
                        sanitize(&r.role)
                    ),
                    "      ",
                    w,
                ));
            }
        }
    }
    let mut counts = format!("Unchanged: {}.", plan.unchanged);
    if plan.ignored > 0 {
        counts.push_str(&if plan.ignored == 1 {
            " Not imported: 1 person who had left and was never in the register.".to_string()
        } else {
            format!(
                " Not imported: {} people who had left and were never in the register.",
                plan.ignored
            )
        });
    }
    out.push_str(&item(&counts, "", w));
    if !plan.problems.is_empty() {
        out.push('\n');
        heading(&mut out, "Problems", plan.problems.len());
        for p in &plan.problems {
            // A problem with no row (someone missing from the file, a
            // column absent) is said as it is, without a place.
            let at = match (p.line, &p.column) {
                (Some(n), Some(c)) => format!("line {n} ({}): ", sanitize(c)),
                (Some(n), None) => format!("line {n}: "),
                (None, Some(c)) => format!("column {}: ", sanitize(c)),
                (None, None) => String::new(),
            };
            out.push_str(&item(&format!("{at}{}", sanitize(&p.message)), "  ", w));
        }
    }
    let held = plan.held_roles();
    let now: usize = plan
        .leavers
        .iter()
        .filter(|l| !l.planned)
        .map(|l| l.roles.len())
        .sum();
    if held > 0 {
        out.push('\n');
        let mut text = format!(
            "Leavers keep their record and their assignments: {held} assignment{} must be reassigned.",
            if held == 1 { "" } else { "s" }
        );
        if now > 0 && applied {
            text.push_str(&format!(" {now} now raise people/leaver-holds-role."));
        } else if now > 0 {
            text.push_str(&format!(
                " {now} will raise people/leaver-holds-role as soon as this is written."
            ));
        }
        if now < held {
            text.push_str(" Planned leavers raise it after their last day.");
        }
        out.push_str(&item(&text, "", w));
    }
    out.push('\n');
    out
}

struct Applied<'a> {
    written: &'a [&'a str],
    raised: &'a [Finding],
    resolved: &'a [Finding],
    after: &'a [Finding],
}

fn print_json(out: &mut Out, file: &str, sheet: &Sheet, plan: &Plan, applied: Option<Applied<'_>>) {
    let mut doc = serde_json::to_value(plan).unwrap_or_default();
    let columns: Vec<serde_json::Value> = sheet
        .layout
        .bindings
        .iter()
        .filter(|b| b.field != Field::Ignore)
        .map(|b| {
            serde_json::json!({
                "field": b.field,
                "columns": b.columns.iter().map(|&c| sheet.headers[c].as_str()).collect::<Vec<_>>(),
            })
        })
        .collect();
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("file".into(), file.into());
        obj.insert(
            "source".into(),
            serde_json::to_value(sheet.layout.source).unwrap_or_default(),
        );
        obj.insert("source_detected".into(), sheet.layout.detected.into());
        obj.insert(
            "date_order".into(),
            serde_json::to_value(sheet.date_order).unwrap_or_default(),
        );
        obj.insert("rows".into(), sheet.rows.into());
        obj.insert("columns".into(), columns.into());
        obj.insert("applied".into(), applied.is_some().into());
        obj.insert("needs_force".into(), plan.needs_force().is_some().into());
        if let Some(a) = applied {
            let (e, w, i) = crate::rules::counts(a.after);
            obj.insert("written".into(), a.written.into());
            obj.insert(
                "findings".into(),
                serde_json::json!({
                    "raised": a.raised,
                    "resolved": a.resolved,
                    "errors": e,
                    "warnings": w,
                    "info": i,
                }),
            );
        }
    }
    let _ = super::output::print_json(out, &doc);
}
