//! The detail pane: more about whatever is selected in the focused pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::Focus;
use super::findings::FindingsState;
use super::matrix::MatrixState;
use super::pane::PaneCtx;
use super::tree::Item;
use super::tree::TreeState;
use crate::catalogue::subject;
use crate::model::{Assignment, Date, Person, Role};
use crate::model::{Letter, Workspace};
use crate::rules::RULES;
use crate::text::sanitize;

/// Direct lookups for the one selection the pane describes.
struct Look<'a> {
    ws: &'a Workspace,
    on: Date,
}

impl<'a> Look<'a> {
    fn person(&self, id: &str) -> Option<&'a Person> {
        self.ws.people.get(id)
    }
    fn person_name(&self, id: &'a str) -> &'a str {
        self.person(id).map_or(id, |p| p.display_name())
    }
    fn role_name(&self, id: &'a str) -> &'a str {
        self.ws.roles.get(id).map_or(id, |r| r.display_name())
    }
    fn assignments(&self, role: &str) -> Vec<&'a Assignment> {
        let on = self.on;
        self.ws
            .roles
            .get(role)
            .map_or_else(Vec::new, |r| r.active_assignments(on).collect())
    }
    fn roles_held(&self, person: &str) -> Vec<&'a Role> {
        self.ws
            .roles
            .values()
            .filter(|r| r.active_assignments(self.on).any(|a| a.person == person))
            .collect()
    }
}

/// The panes whose selection the detail describes.
#[derive(Clone, Copy)]
pub struct Selection<'a> {
    pub focus: Focus,
    pub tree: &'a TreeState,
    pub matrix: &'a MatrixState,
    pub findings: &'a FindingsState,
}

/// The lines describing the current selection.
pub fn lines(ctx: &PaneCtx<'_>, sel: &Selection<'_>) -> Vec<Line<'static>> {
    let ws = ctx.ws;
    // Drawn every frame: look things up directly rather than indexing
    // the whole register.
    let ix = Look { ws, on: ctx.on };
    let theme = ctx.theme;
    let mut out: Vec<Line<'static>> = Vec::new();
    let label = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k}: "), theme.title),
            Span::raw(v),
        ])
    };
    match sel.focus {
        Focus::Matrix => {
            let Some(sid) = sel.matrix.selected_subject() else {
                return out;
            };
            let title = subject(ws, sid)
                .map_or_else(|| "(unknown subject)".to_string(), |s| s.title.to_string());
            out.push(Line::from(Span::styled(
                sanitize(&format!("{sid} {title}")).into_owned(),
                theme.title,
            )));
            // Who is accountable is the question most often asked of a row,
            // so it comes first, whatever column is selected.
            let accountable: Vec<&str> = ws.matrix.roles_with(sid, Letter::A).collect();
            let answer = match accountable.as_slice() {
                [] => "nobody".to_string(),
                list => list
                    .iter()
                    .map(|r| format!("{} — {}", sanitize(ix.role_name(r)), names_of(&ix, r)))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            out.push(label("Accountable", answer));
            if let Some(col) = sel.matrix.selected_col() {
                let letter = sel
                    .matrix
                    .cell(ws, sid, col)
                    .map_or("no letter".to_string(), |l| {
                        format!("{} ({})", l.as_str(), l.word())
                    });
                if sel.matrix.people {
                    out.push(label("Person", format!("{} — {letter}", col.name)));
                } else {
                    let holders = holders_text(&ix, &col.id);
                    out.push(label(
                        "Role",
                        format!("{} ({}) — {letter}", col.name, sanitize(&col.id)),
                    ));
                    out.push(label("Held by", holders));
                }
            }
            let row = ws.matrix.rows.get(sid);
            let mut parts = Vec::new();
            for l in Letter::ALL {
                let roles: Vec<String> = row
                    .into_iter()
                    .flat_map(|r| r.iter())
                    .filter(|(_, x)| **x == l)
                    .map(|(r, _)| sanitize(r).into_owned())
                    .collect();
                if !roles.is_empty() {
                    parts.push(format!("{} {}", l.as_str(), roles.join(", ")));
                }
            }
            out.push(label(
                "Row",
                if parts.is_empty() {
                    "empty".into()
                } else {
                    parts.join(" · ")
                },
            ));
            for f in ctx
                .findings
                .iter()
                .filter(|f| sel.matrix.row_findings.contains_key(sid) && finding_on_row(ws, f, sid))
            {
                out.push(Line::from(vec![
                    Span::styled(
                        format!("{} ", ctx.glyphs.severity(f.severity)),
                        theme.severity(f.severity),
                    ),
                    Span::raw(sanitize(&f.message).into_owned()),
                ]));
            }
        }
        Focus::Tree => match sel.tree.selected_item() {
            Some(Item::Person(id)) => {
                if let Some(p) = ws.people.get(id) {
                    out.push(Line::from(Span::styled(
                        sanitize(&format!("{} ({})", p.display_name(), p.id)).into_owned(),
                        theme.title,
                    )));
                    let mut facts = vec![p.kind.as_str().to_string()];
                    if let Some(t) = &p.title {
                        facts.push(t.clone());
                    }
                    if let Some(d) = &p.department {
                        facts.push(d.clone());
                    }
                    if let Some(e) = &p.email {
                        facts.push(e.clone());
                    }
                    facts.push(if p.mfa {
                        "MFA on".into()
                    } else {
                        "no MFA".into()
                    });
                    out.push(Line::from(sanitize(&facts.join(" · ")).into_owned()));
                    if p.has_left_by(ix.on) {
                        out.push(label(
                            "Left",
                            p.left.map_or("yes".into(), |d| d.to_string()),
                        ));
                    }
                    if let Some(m) = &p.manager {
                        out.push(label("Manager", sanitize(ix.person_name(m)).into_owned()));
                    }
                    let roles: Vec<&str> =
                        ix.roles_held(id).iter().map(|r| r.display_name()).collect();
                    out.push(label(
                        "Roles",
                        if roles.is_empty() {
                            "none".into()
                        } else {
                            sanitize(&roles.join(", ")).into_owned()
                        },
                    ));
                    let comps: Vec<String> = p
                        .competencies
                        .iter()
                        .map(|c| match c.expires {
                            Some(e) => format!("{} (to {e})", c.id),
                            None => c.id.clone(),
                        })
                        .collect();
                    if !comps.is_empty() {
                        out.push(label(
                            "Competencies",
                            sanitize(&comps.join(", ")).into_owned(),
                        ));
                    }
                }
            }
            Some(Item::Role(id)) | Some(Item::Vacancy(id)) => {
                if let Some(r) = ws.roles.get(id) {
                    out.push(Line::from(Span::styled(
                        sanitize(&format!("{} ({})", r.display_name(), r.id)).into_owned(),
                        theme.title,
                    )));
                    let duties: Vec<&str> = r.duties.iter().map(|d| d.as_str()).collect();
                    let mut facts = vec![r.category.as_str().to_string()];
                    if !duties.is_empty() {
                        facts.push(format!("Clause 5.3 {}", duties.join(" and ")));
                    }
                    if r.privileged {
                        facts.push("privileged".into());
                    }
                    if r.needs_deputy {
                        facts.push("needs a deputy".into());
                    }
                    out.push(Line::from(facts.join(" · ")));
                    if let Some(p) = &r.purpose {
                        out.push(Line::from(sanitize(p).into_owned()));
                    }
                    out.push(label("Held by", holders_text(&ix, id)));
                    out.push(label(
                        "Responsibilities",
                        r.responsibilities.len().to_string(),
                    ));
                    out.push(label("Authorities", r.authorities.len().to_string()));
                }
            }
            Some(Item::Assignment(role, i)) => {
                if let Some(a) = ws.roles.get(role).and_then(|r| r.assignments.get(*i)) {
                    out.push(Line::from(Span::styled(
                        sanitize(&format!(
                            "{} as {}",
                            ix.person_name(&a.person),
                            ix.role_name(role)
                        ))
                        .into_owned(),
                        theme.title,
                    )));
                    let span = format!(
                        "{} to {}",
                        a.from.map_or("the start".into(), |d| d.to_string()),
                        a.until.map_or("open end".into(), |d| d.to_string())
                    );
                    out.push(label("Period", span));
                    out.push(label(
                        "Deputy",
                        a.deputy.as_deref().map_or("none".into(), |d| {
                            let mut s = sanitize(ix.person_name(d)).into_owned();
                            if ix.person(d).is_some_and(|p| p.has_left_by(ix.on)) {
                                s.push_str(" (left)");
                            }
                            s
                        }),
                    ));
                    out.push(label(
                        "Evidence",
                        a.evidence
                            .as_deref()
                            .map_or("none".into(), |e| sanitize(e).into_owned()),
                    ));
                    out.push(label(
                        "Acknowledged",
                        a.acknowledged.map_or("no".into(), |d| d.to_string()),
                    ));
                }
            }
            Some(other) => out.push(Line::from(describe(other, ws))),
            None => {}
        },
        Focus::Findings => {
            if let Some(f) = sel
                .findings
                .selected_finding()
                .and_then(|i| ctx.findings.get(i))
            {
                out.push(Line::from(vec![
                    Span::styled(
                        format!("{} ", f.severity.as_str()),
                        theme.severity(f.severity),
                    ),
                    Span::styled(f.rule.to_string(), theme.title),
                    Span::raw(format!(" [{}]", sanitize(&f.reference))),
                ]));
                out.push(Line::from(sanitize(&f.message).into_owned()));
                if let Some(info) = RULES.iter().find(|r| r.id == f.rule) {
                    out.push(label("Fix", info.fix.to_string()));
                }
            }
        }
    }
    out
}

/// The names of a role's holders on the date, or "vacant".
fn names_of(ix: &Look<'_>, role: &str) -> String {
    let names: Vec<&str> = ix
        .assignments(role)
        .iter()
        .map(|a| ix.person_name(&a.person))
        .collect();
    if names.is_empty() {
        "vacant".into()
    } else {
        sanitize(&names.join(", ")).into_owned()
    }
}

fn holders_text(ix: &Look<'_>, role: &str) -> String {
    let mut parts = Vec::new();
    for a in ix.assignments(role) {
        let Some(p) = ix.person(&a.person) else {
            parts.push(format!("{} (unknown)", a.person));
            continue;
        };
        let mut s = p.display_name().to_string();
        if let Some(e) = &p.email {
            s.push_str(&format!(" <{e}>"));
        }
        if p.has_left_by(ix.on) {
            s.push_str(" (left)");
        }
        if let Some(d) = &a.deputy {
            s.push_str(&format!(", deputy {}", ix.person_name(d)));
            if ix.person(d).is_some_and(|p| p.has_left_by(ix.on)) {
                s.push_str(" (left)");
            }
        }
        parts.push(s);
    }
    if parts.is_empty() {
        "nobody (vacant)".into()
    } else {
        sanitize(&parts.join("; ")).into_owned()
    }
}

fn finding_on_row(ws: &Workspace, f: &crate::rules::Finding, subject: &str) -> bool {
    match f.entity.kind {
        crate::rules::EntityKind::Subject => f.entity.id == subject,
        crate::rules::EntityKind::Role => {
            f.rule.starts_with("matrix/accountable-")
                && ws
                    .matrix
                    .get(subject, &f.entity.id)
                    .is_some_and(|l| l.counts_as(Letter::A))
        }
        _ => false,
    }
}

fn describe(item: &Item, ws: &Workspace) -> String {
    let s = match item {
        Item::Organisation => format!("{} — {}", ws.organisation.name, ws.organisation.scope.clone().unwrap_or_default()),
        Item::Settings => "Review interval, expiry warning window, reporting steps and required roles. Enter edits.".into(),
        Item::SodRule(id) => ws.sod_rules.get(id).map_or(String::new(), |r| format!("{}: {}", r.id, r.reason)),
        Item::Activity(id) => ws.activities.get(id).map_or(String::new(), |a| format!("{}: {}", a.id, a.title)),
        Item::Exclusion(id) => ws.exclusions.get(id).map_or(String::new(), |e| format!("{} excluded: {}", e.subject, e.justification)),
        Item::Signoff(i) => ws.signoffs.get(*i).map_or(String::new(), |s| format!("Signed off on {} by {}", s.date, s.by.join(", "))),
        Item::Heading(h) => format!("{h}. Enter or Space expands; the palette (:) adds new entries."),
        _ => String::new(),
    };
    sanitize(&s).into_owned()
}

pub fn render(f: &mut Frame<'_>, area: Rect, ctx: &PaneCtx<'_>, sel: &Selection<'_>) {
    let p = Paragraph::new(lines(ctx, sel)).wrap(Wrap { trim: true });
    f.render_widget(p, area);
}
