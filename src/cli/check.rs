//! `rasci init`, `rasci check` and `rasci rules`.

use std::path::PathBuf;

use serde::Serialize;

use super::output::{Style, print_json, wrap};
use super::{CommandResult, Ctx, EXIT_FINDINGS, EXIT_OK, Format, MinSeverity, read_workspace};
use crate::model::Severity;
use crate::rules::{Finding, RULES, counts, findings};
use crate::store::template::{Template, init as init_workspace};
use crate::text::sanitize;

pub fn init(cx: &mut Ctx, dir: Option<PathBuf>, template: Template) -> CommandResult {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    init_workspace(&dir, template)?;
    let shown = sanitize(&dir.display().to_string()).into_owned();
    cx.out.line(&format!("Created a workspace in {shown}"));
    cx.out.line(&format!(
        "Next: `rasci check --workspace {shown}` lists what an auditor would raise."
    ));
    Ok(EXIT_OK)
}

/// The JSON document `check --format json` prints. More keys may be added;
/// none of these may change.
#[derive(Serialize)]
pub struct Report<'a> {
    pub workspace: String,
    pub as_of: String,
    /// Counts of every finding, whatever `--min-severity` hides.
    pub summary: Summary,
    /// How many findings `findings` leaves out because of `--min-severity`.
    pub hidden: usize,
    pub findings: Vec<&'a Finding>,
}

#[derive(Serialize)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

pub fn check(
    cx: &mut Ctx,
    format: Format,
    min: MinSeverity,
    fail_on: super::gitsetup::FailOn,
) -> CommandResult {
    let opened = read_workspace(cx, format)?;
    let as_of = cx.eval.as_of;
    let style = &cx.style;
    let all = findings(&opened.workspace, as_of);
    let (error, warning, info) = counts(&all);
    let shown: Vec<&Finding> = all.iter().filter(|f| min.admits(f.severity)).collect();
    let path = super::open::absolute(&opened.dir);
    match format {
        Format::Json => {
            let report = Report {
                workspace: path.display().to_string(),
                as_of: as_of.to_string(),
                summary: Summary {
                    error,
                    warning,
                    info,
                },
                hidden: all.len() - shown.len(),
                findings: shown,
            };
            print_json(&mut cx.out, &report)?;
        }
        Format::Text => {
            let mut out = String::new();
            for f in &shown {
                out.push_str(&render_finding(f, style));
            }
            if !shown.is_empty() {
                out.push('\n');
            }
            out.push_str(&summary_line(error, warning, info, style));
            let hidden = all.len() - shown.len();
            if hidden > 0 {
                out.push_str(&format!(
                    "{}\n",
                    style.dim(&format!(
                        "  {hidden} less severe finding{} not listed (--min-severity)",
                        if hidden == 1 { "" } else { "s" }
                    ))
                ));
            }
            out.push_str(&footer(
                &sanitize(&path.display().to_string()),
                as_of,
                style,
            ));
            cx.out.print(&out);
        }
    }
    Ok(if fail_on.fails(error, warning) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// The closing line naming the workspace and the date. A path too long to
/// share a line with the date gets a line of its own, so that everything
/// else stays within the output's width and the path is never broken in two (it is
/// copied from here more often than read).
fn footer(path: &str, as_of: impl std::fmt::Display, style: &Style) -> String {
    let one_line = format!("  workspace {path} (as of {as_of})");
    if unicode_width::UnicodeWidthStr::width(one_line.as_str()) <= style.width {
        format!("{}\n", style.dim(&one_line))
    } else {
        format!(
            "{}\n{}\n",
            style.dim(&format!("  as of {as_of}, workspace:")),
            style.dim(&format!("  {path}"))
        )
    }
}

/// One finding: a header line and the message wrapped beneath it.
pub fn render_finding(f: &Finding, style: &Style) -> String {
    let entity = if f.entity.id.is_empty() {
        f.entity.kind.as_str().to_string()
    } else {
        format!("{} {}", f.entity.kind.as_str(), sanitize(&f.entity.id))
    };
    let reference = format!("[{}]", sanitize(&f.reference));
    let plain_len = f.severity.as_str().len()
        + f.rule.len()
        + reference.chars().count()
        + entity.chars().count()
        + 3;
    // Long entity ids (assignments) go on a line of their own rather than
    // past the width.
    let mut s = if plain_len <= style.width {
        format!(
            "{} {} {}\n",
            style.severity(f.severity),
            style.bold(f.rule),
            style.dim(&format!("{reference} {entity}"))
        )
    } else {
        format!(
            "{} {} {}\n    {}\n",
            style.severity(f.severity),
            style.bold(f.rule),
            style.dim(&reference),
            style.dim(&entity)
        )
    };
    s.push_str(&wrap(&sanitize(&f.message), style.width, "    "));
    s
}

fn summary_line(error: usize, warning: usize, info: usize, style: &Style) -> String {
    let part = |n: usize, word: &str, sev: Severity| {
        let text = format!(
            "{n} {word}{}",
            if n == 1 || word == "info" { "" } else { "s" }
        );
        if n > 0 {
            style.paint_severity(sev, &text)
        } else {
            text
        }
    };
    format!(
        "{}, {}, {}\n",
        part(error, "error", Severity::Error),
        part(warning, "warning", Severity::Warning),
        part(info, "info", Severity::Info)
    )
}

pub fn rules(cx: &mut Ctx, format: Format) -> CommandResult {
    let style = &cx.style;
    match format {
        Format::Json => {
            let list: Vec<_> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "rule": r.id, "severity": r.severity, "reference": r.reference,
                        "when": r.when, "fix": r.fix,
                    })
                })
                .collect();
            print_json(&mut cx.out, &list)?;
        }
        Format::Text => {
            let mut out = String::new();
            for r in RULES {
                out.push_str(&format!(
                    "{} {}\n",
                    style.bold(r.id),
                    style.dim(&format!("({}, {})", r.severity, r.reference))
                ));
                out.push_str(&wrap(
                    &format!("Fires when {}.", r.when),
                    style.width,
                    "    ",
                ));
                out.push_str(&wrap(&format!("Fix: {}.", r.fix), style.width, "    "));
            }
            cx.out.print(&out);
        }
    }
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_keeps_a_short_path_on_the_date_line() {
        let f = footer("/home/ism/isms", "2026-11-27", &Style::plain());
        assert_eq!(f, "  workspace /home/ism/isms (as of 2026-11-27)\n");
    }

    #[test]
    fn footer_gives_a_long_path_its_own_line_and_never_breaks_it() {
        let path = format!("/srv/{}/isms", "deep/".repeat(14));
        let f = footer(&path, "2026-11-27", &Style::plain());
        let lines: Vec<&str> = f.lines().collect();
        assert_eq!(
            lines,
            [
                "  as of 2026-11-27, workspace:".to_string(),
                format!("  {path}")
            ]
        );
    }
}
