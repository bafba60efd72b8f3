//! The roles and responsibilities document, as Markdown ([`render_md`]) or
//! one self-contained HTML page ([`render_html`]).
//!
//! Both are rendered from one [`Document`], built from the register on the
//! evaluation date, so the two formats always say the same thing:
//!
//! 1. the organisation and its ISMS scope, who carries the Clause 5.3
//!    duties, the last management sign-off and summary figures;
//! 2. every role: purpose, responsibilities, authorities, holders and
//!    deputies on the date with their emails, appointment evidence and
//!    acknowledgement, and each holder's competence against what the role
//!    requires (held, missing, expired, expiring, with dates);
//! 3. the RASCI matrix, subjects grouped by clause or theme, roles as
//!    columns;
//! 4. the org chart: reporting lines as a nested list with the roles held;
//! 5. the open findings, grouped by severity;
//! 6. how the content hash printed at the top is computed
//!    ([`super::HASH_DEFINITION`]).
//!
//! The HTML has no scripts and loads nothing: its style sheet is inline,
//! including a print style sheet (a page break before each major section,
//! table headings repeated on every page, colours kept, and letters that
//! read without colour).

use std::fmt::Write as _;

use crate::model::{Category, Date, Duty, Letter, Severity, Workspace};
use crate::query;
use crate::rules::{CompetenceStatus, Finding, Index};

use super::matrix::{role_columns, subject_rows};
use super::org::Chart;
use super::safe;

/// Title of the document.
pub const TITLE: &str = "Roles, responsibilities and authorities";

/// Someone holding a role on the date.
#[derive(Debug, Clone, PartialEq)]
pub struct HolderView {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub since: Option<Date>,
    pub until: Option<Date>,
    /// Deputy name and email.
    pub deputy: Option<(String, Option<String>)>,
    /// The deputy has left: marked as a holder who left is.
    pub deputy_left: bool,
    pub evidence: Option<String>,
    pub acknowledged: Option<Date>,
    /// Has left by the date (a finding, but shown as recorded).
    pub left: bool,
    /// The assignment's note: for an asset owner, what they own.
    pub note: Option<String>,
}

/// One holder against one required competency.
#[derive(Debug, Clone, PartialEq)]
pub struct CompetenceView {
    pub holder: String,
    pub competency: String,
    pub status: CompetenceStatus,
    pub evidence: Option<String>,
}

/// A role as the document shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleView {
    pub id: String,
    pub name: String,
    pub category: &'static str,
    pub duties: Vec<Duty>,
    pub privileged: bool,
    pub needs_deputy: bool,
    pub fte: Option<f64>,
    pub reviewed: Option<Date>,
    pub purpose: Option<String>,
    pub responsibilities: Vec<String>,
    pub authorities: Vec<String>,
    pub competencies: Vec<String>,
    pub holders: Vec<HolderView>,
    pub competence: Vec<CompetenceView>,
}

/// A line of the "who carries the Clause 5.3 duties" table.
#[derive(Debug, Clone, PartialEq)]
pub struct DutyLine {
    pub duty: String,
    /// (role name, role id, names of its holders on the date).
    pub roles: Vec<(String, String, Vec<String>)>,
}

/// The latest management sign-off.
#[derive(Debug, Clone, PartialEq)]
pub struct SignoffView {
    pub date: Date,
    pub by: Vec<String>,
    pub minutes: Option<String>,
    /// The register's fingerprint as signed, when one was recorded.
    pub fingerprint: Option<String>,
    /// Is the register unchanged since (its fingerprint matches)? `None`
    /// when the sign-off recorded no fingerprint, so nobody can tell.
    pub current: Option<bool>,
}

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixRow {
    pub id: String,
    pub title: String,
    /// Justification when the subject is excluded from the Statement of
    /// Applicability.
    pub excluded: Option<String>,
    /// One entry per role column.
    pub letters: Vec<Option<Letter>>,
}

/// Consecutive matrix rows under one heading ("A.5 Organizational
/// controls").
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixGroup {
    pub title: String,
    pub rows: Vec<MatrixRow>,
}

/// One person in the org chart outline.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgLine {
    pub depth: usize,
    pub name: String,
    pub title: Option<String>,
    pub roles: Vec<String>,
    pub markers: Vec<String>,
}

/// Everything the document says, as plain (unescaped) data.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub organisation: String,
    pub scope: Option<String>,
    pub departments: Vec<String>,
    /// The date of the document (`--today`).
    pub today: Date,
    /// The date the register is evaluated on (`--as-of`, else today).
    pub as_of: Date,
    /// See [`super::content_hash`]; empty from [`Document::for_screen`].
    pub hash: String,
    pub people_active: usize,
    pub vacant: Vec<String>,
    pub matrix_cells: usize,
    pub duties: Vec<DutyLine>,
    pub signoff: Option<SignoffView>,
    pub roles: Vec<RoleView>,
    /// (id, name) of each column.
    pub role_columns: Vec<(String, String)>,
    pub matrix: Vec<MatrixGroup>,
    pub org: Vec<OrgLine>,
    /// Findings by severity, most severe first; every severity present.
    pub findings: Vec<(Severity, Vec<Finding>)>,
}

impl Document {
    /// Gathers the document's content from `ws` on `as_of`.
    pub fn build(ws: &Workspace, findings: &[Finding], as_of: Date, today: Date) -> Document {
        let mut doc = Document::for_screen(ws, findings, as_of, today);
        doc.hash = super::content_hash(ws);
        doc
    }

    /// The same content without the content hash, which only a document
    /// that leaves the program needs, and which costs more than everything
    /// else together on a large register (presentation mode uses this).
    pub fn for_screen(ws: &Workspace, findings: &[Finding], as_of: Date, today: Date) -> Document {
        let ix = Index::new(ws, as_of);
        let names = |ids: Vec<&crate::model::Person>| -> Vec<String> {
            ids.iter().map(|p| p.display_name().to_string()).collect()
        };
        let roles_with = |pred: &dyn Fn(&crate::model::Role) -> bool| {
            ws.roles
                .values()
                .filter(|r| pred(r))
                .map(|r| {
                    (
                        r.display_name().to_string(),
                        r.id.clone(),
                        names(ix.holders(&r.id)),
                    )
                })
                .collect::<Vec<_>>()
        };
        let duties = vec![
            DutyLine {
                duty: "Top management".to_string(),
                roles: roles_with(&|r| r.category == Category::TopManagement),
            },
            DutyLine {
                duty: capitalised(Duty::Conformance.describe()),
                roles: roles_with(&|r| r.carries(Duty::Conformance)),
            },
            DutyLine {
                duty: capitalised(Duty::Reporting.describe()),
                roles: roles_with(&|r| r.carries(Duty::Reporting)),
            },
            DutyLine {
                duty: "Management review team (Clause 9.3)".to_string(),
                roles: roles_with(&|r| r.category == Category::ReviewTeam),
            },
        ];
        let signoff = ws.signoff_on(as_of).map(|s| SignoffView {
            date: s.date,
            by: s
                .by
                .iter()
                .map(|id| {
                    ws.people
                        .get(id)
                        .map_or_else(|| id.clone(), |p| p.display_name().to_string())
                })
                .collect(),
            minutes: s.minutes.clone(),
            fingerprint: s.fingerprint.clone(),
            current: s
                .fingerprint
                .as_deref()
                .and_then(|f| crate::fingerprint::matches(ws, f)),
        });
        let warn = ws.settings.expiry_warning_days;
        let roles = ws
            .roles
            .values()
            .map(|r| {
                let answer = query::role(&ix, r);
                let holders: Vec<HolderView> = answer
                    .history
                    .iter()
                    .filter(|s| s.in_force)
                    .map(|s| HolderView {
                        id: s.holder.id.clone(),
                        name: s.holder.name.clone(),
                        email: s.holder.email.clone(),
                        since: s.holder.since,
                        until: s.holder.until,
                        deputy: s
                            .holder
                            .deputy
                            .as_ref()
                            .map(|d| (d.name.clone(), d.email.clone())),
                        deputy_left: s.holder.deputy.as_ref().is_some_and(|d| d.left),
                        evidence: s.evidence.clone(),
                        acknowledged: s.acknowledged,
                        left: s.holder.left,
                        note: s.note.clone(),
                    })
                    .collect();
                let mut competence = Vec::new();
                for h in &holders {
                    let Some(p) = ws.people.get(&h.id) else {
                        continue;
                    };
                    for c in &r.competencies {
                        competence.push(CompetenceView {
                            holder: h.name.clone(),
                            competency: c.clone(),
                            status: CompetenceStatus::of(p, c, as_of, warn),
                            evidence: CompetenceStatus::record(p, c, as_of)
                                .and_then(|c| c.evidence.clone()),
                        });
                    }
                }
                RoleView {
                    id: r.id.clone(),
                    name: r.display_name().to_string(),
                    category: r.category.as_str(),
                    duties: r.duties.clone(),
                    privileged: r.privileged,
                    needs_deputy: r.needs_deputy,
                    fte: r.fte,
                    reviewed: r.reviewed,
                    purpose: r.purpose.clone(),
                    responsibilities: r.responsibilities.clone(),
                    authorities: r.authorities.clone(),
                    competencies: r.competencies.clone(),
                    holders,
                    competence,
                }
            })
            .collect();
        let columns = role_columns(ws);
        // Rows are sparse (a few letters among hundreds of roles): place
        // each letter in its column rather than look up every column.
        let column_of: std::collections::HashMap<&str, usize> = columns
            .iter()
            .enumerate()
            .map(|(i, (role, _))| (role.as_str(), i))
            .collect();
        let mut matrix: Vec<MatrixGroup> = Vec::new();
        for (id, title, group) in subject_rows(ws) {
            let mut letters = vec![None; columns.len()];
            for (role, &letter) in ws.matrix.rows.get(&id).into_iter().flatten() {
                if let Some(&i) = column_of.get(role.as_str()) {
                    letters[i] = Some(letter);
                }
            }
            let row = MatrixRow {
                letters,
                excluded: ws.exclusions.get(&id).map(|e| e.justification.clone()),
                id,
                title,
            };
            match matrix.last_mut() {
                Some(g) if g.title == group => g.rows.push(row),
                _ => matrix.push(MatrixGroup {
                    title: group,
                    rows: vec![row],
                }),
            }
        }
        let chart = Chart::new(&ix);
        let org = chart
            .outline()
            .into_iter()
            .map(|(n, depth)| {
                let node = &chart.nodes[n];
                OrgLine {
                    depth,
                    name: node.person.display_name().to_string(),
                    title: node.person.title.clone().filter(|t| !t.is_empty()),
                    roles: node
                        .roles
                        .iter()
                        .map(|r| r.display_name().to_string())
                        .collect(),
                    markers: node.markers(),
                }
            })
            .collect();
        let findings = Severity::ALL
            .iter()
            .map(|&s| {
                (
                    s,
                    findings
                        .iter()
                        .filter(|f| f.severity == s)
                        .cloned()
                        .collect(),
                )
            })
            .collect();
        Document {
            organisation: ws.organisation.name.clone(),
            scope: ws.organisation.scope.clone(),
            departments: ws.organisation.departments.clone(),
            today,
            as_of,
            hash: String::new(),
            people_active: ws
                .people
                .values()
                .filter(|p| p.is_active_on(as_of) && p.kind != crate::model::PersonKind::Group)
                .count(),
            vacant: ws
                .roles
                .values()
                .filter(|r| ix.holders(&r.id).is_empty())
                .map(|r| r.display_name().to_string())
                .collect(),
            matrix_cells: ws.matrix.len(),
            duties,
            signoff,
            roles,
            role_columns: columns,
            matrix,
            org,
            findings,
        }
    }

    fn count(&self, s: Severity) -> usize {
        self.findings
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(0, |(_, f)| f.len())
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn severity_heading(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "For information",
    }
}

fn opt_date(d: Option<Date>) -> String {
    d.map_or_else(|| "-".to_string(), |d| d.to_string())
}

fn fte(x: f64) -> String {
    // Shortest form: 0.8, 1, 0.05.
    let s = format!("{x}");
    if s.contains('e') || s.len() > 8 {
        format!("{x:.2}")
    } else {
        s
    }
}

/// The last sign-off in one sentence: date, who, where minuted, and
/// whether the register is unchanged since.
pub fn signoff_text(s: &SignoffView) -> String {
    let mut t = format!("{}", s.date);
    if !s.by.is_empty() {
        t.push_str(&format!(" by {}", s.by.join(", ")));
    }
    if let Some(m) = &s.minutes {
        t.push_str(&format!(" ({m})"));
    }
    match (&s.fingerprint, s.current) {
        (Some(f), Some(true)) => {
            t.push_str(&format!("; the register is unchanged since (fingerprint {f})"))
        }
        (Some(f), _) => t.push_str(&format!(
            "; the register has changed since (it was signed with fingerprint {f})"
        )),
        (None, _) => t.push_str(
            "; no fingerprint was recorded with it, so whether the register changed since cannot be told",
        ),
    }
    t
}

fn role_facts(r: &RoleView) -> Vec<(&'static str, String)> {
    let mut facts = vec![("Category", r.category.to_string())];
    if !r.duties.is_empty() {
        let d: Vec<&str> = r.duties.iter().map(|d| d.describe()).collect();
        facts.push(("Clause 5.3 duties", d.join("; ")));
    }
    facts.push((
        "Privileged access",
        if r.privileged {
            "yes: holders must use multi-factor authentication".into()
        } else {
            "no".into()
        },
    ));
    facts.push((
        "Deputy required",
        if r.needs_deputy { "yes" } else { "no" }.into(),
    ));
    if let Some(x) = r.fte {
        facts.push(("Expected effort", format!("{} FTE", fte(x))));
    }
    facts.push((
        "Last reviewed",
        r.reviewed.map_or_else(|| "never".into(), |d| d.to_string()),
    ));
    facts
}

/// The document as Markdown (CommonMark with GitHub tables).
pub fn render_md(ws: &Workspace, findings: &[Finding], as_of: Date, today: Date) -> String {
    markdown(&Document::build(ws, findings, as_of, today))
}

/// The document as one self-contained HTML page.
pub fn render_html(ws: &Workspace, findings: &[Finding], as_of: Date, today: Date) -> String {
    html(&Document::build(ws, findings, as_of, today))
}

fn md_list(out: &mut String, items: &[String], empty: &str) {
    if items.is_empty() {
        let _ = writeln!(out, "{empty}\n");
        return;
    }
    for i in items {
        let _ = writeln!(out, "- {}", safe::md(i));
    }
    out.push('\n');
}

fn md_table(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    let cells = |r: &[String]| -> String {
        let c: Vec<String> = r.iter().map(|c| safe::md_cell(c)).collect();
        format!("| {} |", c.join(" | "))
    };
    let head: Vec<String> = head.iter().map(|h| h.to_string()).collect();
    out.push_str(&cells(&head));
    out.push('\n');
    out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
    for r in rows {
        out.push_str(&cells(r));
        out.push('\n');
    }
    out.push('\n');
}

/// The holders table: a Note column only for a role whose appointments
/// carry notes (an asset owner's asset), so other tables stay narrow.
fn holder_table(r: &RoleView) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut head = HOLDER_HEAD.to_vec();
    let mut rows = holder_rows(r);
    if r.holders.iter().any(|h| h.note.is_some()) {
        head.insert(1, "Note");
        for (row, h) in rows.iter_mut().zip(&r.holders) {
            row.insert(1, h.note.clone().unwrap_or_else(|| "-".into()));
        }
    }
    (head, rows)
}

fn holder_rows(r: &RoleView) -> Vec<Vec<String>> {
    r.holders
        .iter()
        .map(|h| {
            let name = if h.left {
                format!("{} (has left)", h.name)
            } else {
                h.name.clone()
            };
            let mut deputy = match &h.deputy {
                Some((n, Some(e))) => format!("{n} <{e}>"),
                Some((n, None)) => n.clone(),
                None => "none".into(),
            };
            if h.deputy_left {
                deputy.push_str(" (has left)");
            }
            vec![
                name,
                h.email.clone().unwrap_or_else(|| "-".into()),
                opt_date(h.since),
                h.until
                    .map_or_else(|| "open-ended".into(), |d| d.to_string()),
                deputy,
                h.evidence.clone().unwrap_or_else(|| "none recorded".into()),
                h.acknowledged
                    .map_or_else(|| "not acknowledged".into(), |d| d.to_string()),
            ]
        })
        .collect()
}

const HOLDER_HEAD: [&str; 7] = [
    "Holder",
    "Email",
    "Since",
    "Until",
    "Deputy",
    "Appointment evidence",
    "Acknowledged",
];

const COMPETENCE_HEAD: [&str; 4] = ["Holder", "Competency", "Status", "Evidence"];

fn competence_rows(r: &RoleView) -> Vec<Vec<String>> {
    r.competence
        .iter()
        .map(|c| {
            vec![
                c.holder.clone(),
                c.competency.clone(),
                c.status.describe(),
                c.evidence.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect()
}

const FINDING_HEAD: [&str; 4] = ["Rule", "Reference", "Entity", "Message"];

fn finding_row(f: &Finding) -> Vec<String> {
    vec![
        f.rule.to_string(),
        f.reference.clone(),
        format!("{} {}", f.entity.kind.as_str(), f.entity.id),
        f.message.clone(),
    ]
}

fn duty_rows(d: &Document) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in &d.duties {
        if line.roles.is_empty() {
            rows.push(vec![line.duty.clone(), "no role".into(), "nobody".into()]);
        }
        for (name, id, holders) in &line.roles {
            rows.push(vec![
                line.duty.clone(),
                format!("{name} ({id})"),
                if holders.is_empty() {
                    "nobody (vacant)".into()
                } else {
                    holders.join(", ")
                },
            ]);
        }
    }
    rows
}

fn summary_items(d: &Document) -> Vec<String> {
    let vacant = if d.vacant.is_empty() {
        "none vacant".to_string()
    } else {
        format!("{} vacant: {}", d.vacant.len(), d.vacant.join(", "))
    };
    vec![
        format!(
            "People in the organisation on {}: {}",
            d.as_of, d.people_active
        ),
        format!("Roles: {} ({vacant})", d.roles.len()),
        format!("Filled cells in the RASCI matrix: {}", d.matrix_cells),
        format!(
            "Findings: {} errors, {} warnings, {} for information",
            d.count(Severity::Error),
            d.count(Severity::Warning),
            d.count(Severity::Info)
        ),
    ]
}

fn org_text(l: &OrgLine) -> String {
    let mut t = l.name.clone();
    if let Some(title) = &l.title {
        t.push_str(&format!(", {title}"));
    }
    if !l.markers.is_empty() {
        t.push_str(&format!(" [{}]", l.markers.join(", ")));
    }
    t
}

fn markdown(d: &Document) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = writeln!(out, "# {TITLE}\n");
    let _ = writeln!(out, "**{}**\n", safe::md_inline(&d.organisation));
    let mut meta = vec![
        vec!["Document date".to_string(), d.today.to_string()],
        vec!["Register as of".to_string(), d.as_of.to_string()],
        vec!["Content hash".to_string(), d.hash.clone()],
    ];
    meta.push(vec![
        "Last management sign-off".to_string(),
        d.signoff
            .as_ref()
            .map_or_else(|| "none recorded".to_string(), signoff_text),
    ]);
    md_table(&mut out, &["Item", "Value"], &meta);

    let _ = writeln!(out, "## 1. Organisation and ISMS scope\n");
    let _ = writeln!(
        out,
        "{}\n",
        safe::md(d.scope.as_deref().unwrap_or("No ISMS scope is recorded."))
    );
    if !d.departments.is_empty() {
        let _ = writeln!(out, "Departments in scope:\n");
        md_list(&mut out, &d.departments, "");
    }
    let _ = writeln!(out, "### Who carries the Clause 5.3 duties\n");
    md_table(
        &mut out,
        &["Duty", "Role", &format!("Held on {} by", d.as_of)],
        &duty_rows(d),
    );
    let _ = writeln!(out, "### Summary\n");
    md_list(&mut out, &summary_items(d), "");

    let _ = writeln!(out, "## 2. Roles\n");
    for (i, r) in d.roles.iter().enumerate() {
        let _ = writeln!(
            out,
            "### 2.{} {} ({})\n",
            i + 1,
            safe::md_inline(&r.name),
            safe::md_inline(&r.id)
        );
        for (k, v) in role_facts(r) {
            let _ = writeln!(out, "- {k}: {}", safe::md_inline(&v));
        }
        out.push('\n');
        if let Some(p) = &r.purpose {
            let _ = writeln!(out, "**Purpose.** {}\n", safe::md_inline(p));
        }
        let _ = writeln!(out, "**Responsibilities**\n");
        md_list(&mut out, &r.responsibilities, "None recorded.");
        let _ = writeln!(out, "**Authorities**\n");
        md_list(&mut out, &r.authorities, "None recorded.");
        let _ = writeln!(out, "**Holders on {}**\n", d.as_of);
        if r.holders.is_empty() {
            let _ = writeln!(out, "Nobody holds this role on {} (vacant).\n", d.as_of);
        } else {
            let (head, rows) = holder_table(r);
            md_table(&mut out, &head, &rows);
        }
        if !r.competencies.is_empty() {
            let req: Vec<String> = r.competencies.iter().map(|c| safe::md_inline(c)).collect();
            let _ = writeln!(out, "**Competence** (required: {})\n", req.join(", "));
            if r.competence.is_empty() {
                let _ = writeln!(out, "No holder to assess.\n");
            } else {
                md_table(&mut out, &COMPETENCE_HEAD, &competence_rows(r));
            }
        }
    }

    let _ = writeln!(out, "## 3. RASCI matrix\n");
    let _ = writeln!(
        out,
        "Letters: **R** Responsible (does the work), **A** Accountable (answers for it; one per subject), \
         **A/R** both, **S** Supportive, **C** Consulted, **I** Informed. Columns are roles:\n"
    );
    let cols: Vec<String> = d
        .role_columns
        .iter()
        .map(|(id, name)| format!("{id}: {name}"))
        .collect();
    md_list(&mut out, &cols, "No roles.");
    for g in &d.matrix {
        let _ = writeln!(out, "### {}\n", safe::md_inline(&g.title));
        let mut head: Vec<&str> = vec!["Subject", "Title"];
        head.extend(d.role_columns.iter().map(|(id, _)| id.as_str()));
        let rows: Vec<Vec<String>> = g
            .rows
            .iter()
            .map(|r| {
                let mut title = r.title.clone();
                if let Some(j) = &r.excluded {
                    title.push_str(&format!(" (not applicable: {j})"));
                }
                let mut row = vec![r.id.clone(), title];
                row.extend(
                    r.letters
                        .iter()
                        .map(|l| l.map_or_else(String::new, |l| l.as_str().to_string())),
                );
                row
            })
            .collect();
        md_table(&mut out, &head, &rows);
    }

    let _ = writeln!(out, "## 4. Org chart\n");
    let _ = writeln!(
        out,
        "Reporting lines on {}, with the roles each person holds.\n",
        d.as_of
    );
    if d.org.is_empty() {
        let _ = writeln!(out, "Nobody is recorded.\n");
    }
    for l in &d.org {
        let mut line = format!("{}- {}", "  ".repeat(l.depth), safe::md(&org_text(l)));
        if !l.roles.is_empty() {
            let roles: Vec<String> = l.roles.iter().map(|r| safe::md_inline(r)).collect();
            line.push_str(&format!(": **{}**", roles.join(", ")));
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');

    let _ = writeln!(out, "## 5. Open findings on {}\n", d.as_of);
    for (s, list) in &d.findings {
        let _ = writeln!(out, "### {} ({})\n", severity_heading(*s), list.len());
        if list.is_empty() {
            let _ = writeln!(out, "None.\n");
        } else {
            let rows: Vec<Vec<String>> = list.iter().map(finding_row).collect();
            md_table(&mut out, &FINDING_HEAD, &rows);
        }
    }

    let _ = writeln!(out, "## About this document\n");
    let _ = writeln!(
        out,
        "Generated by rasci from the workspace register. Content hash {}: {}",
        d.hash,
        super::HASH_DEFINITION
    );
    out
}

const CSS: &str = r#"
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #111; background: #fff; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin: 0 0 .2rem; }
h2 { font-size: 1.4rem; border-bottom: 2px solid #222; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.15rem; margin-top: 1.8rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
.org-name { font-size: 1.2rem; font-weight: bold; margin: 0 0 1rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; }
th, td { border: 1px solid #888; padding: .2rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #e7e6e6; }
th[scope="row"] { font-weight: normal; white-space: nowrap; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
.hash { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
nav ol { columns: 2; }
.role { border-top: 1px solid #bbb; }
.facts th { background: #f3f3f3; white-space: nowrap; }
.status { font-weight: bold; }
.status-held { color: #1e5a1e; }
.status-expiring { color: #7a4d00; }
.status-expired, .status-missing { color: #a00000; text-decoration: underline; }
.matrix { font-size: 8.5pt; }
.matrix th.role-col { vertical-align: bottom; padding: .3rem .1rem; }
.matrix th.role-col span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
.matrix th[scope="rowgroup"] { background: #d0cece; font-weight: bold; border-top: 2px solid #222; }
.matrix td.l { text-align: center; font-weight: bold; min-width: 1.4em; padding: .1rem .2rem; }
.l-R { background: #9dc3e6; }
.l-A, .l-AR { background: #f4b183; box-shadow: inset 0 0 0 2px #111; }
.l-S { background: #a9d18e; }
.l-C { background: #ffe699; }
.l-I { background: #e7e6e6; font-weight: normal !important; }
.key td.l { text-align: center; font-weight: bold; width: 1.6em; }
.na { font-style: italic; color: #555; }
.marker { font-style: italic; }
.org ul { list-style: disc; margin: .1rem 0; }
.org .roles { font-weight: bold; }
.sev { font-weight: bold; text-transform: uppercase; font-size: .85em; border: 1px solid #111; padding: 0 .3em; }
@page { size: A4; margin: 15mm 12mm; }
@page wide { size: A4 landscape; margin: 10mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, li, .facts { break-inside: avoid; }
  #matrix { page: wide; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// `<table>` with a heading row and body rows of escaped text.
fn html_table(out: &mut String, class: &str, head: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "<table class=\"{class}\">\n<thead><tr>");
    for h in head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", safe::html(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{}</td>", safe::html(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn html_list(out: &mut String, items: &[String], empty: &str) {
    if items.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", safe::html(empty));
        return;
    }
    out.push_str("<ul>\n");
    for i in items {
        let _ = writeln!(out, "<li>{}</li>", safe::html(i));
    }
    out.push_str("</ul>\n");
}

/// The Content-Security-Policy of the HTML document: its own inline style,
/// nothing else (no scripts, no fetches, no forms, no frames).
pub const CSP_META: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'\">\n";

fn html(d: &Document) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let e = safe::html;
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // The document runs nothing and loads nothing: a browser is told so,
    // so that a name that slipped past escaping still could not act.
    out.push_str(CSP_META);
    let _ = writeln!(
        out,
        "<meta name=\"generator\" content=\"rasci\">\n<title>{TITLE}: {}</title>",
        e(&d.organisation)
    );
    let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<header>\n<h1>{TITLE}</h1>");
    let _ = writeln!(out, "<p class=\"org-name\">{}</p>", e(&d.organisation));
    out.push_str("<dl class=\"meta\">\n");
    let _ = writeln!(out, "<dt>Document date</dt><dd>{}</dd>", d.today);
    let _ = writeln!(out, "<dt>Register as of</dt><dd>{}</dd>", d.as_of);
    let _ = writeln!(
        out,
        "<dt>Content hash</dt><dd class=\"hash\">{}</dd>",
        e(&d.hash)
    );
    let _ = writeln!(
        out,
        "<dt>Last management sign-off</dt><dd>{}</dd>",
        e(&d.signoff
            .as_ref()
            .map_or_else(|| "none recorded".to_string(), signoff_text))
    );
    out.push_str("</dl>\n</header>\n");

    out.push_str("<nav aria-label=\"Contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n");
    out.push_str("<li><a href=\"#scope\">Organisation and ISMS scope</a></li>\n");
    out.push_str("<li><a href=\"#roles\">Roles</a>\n<ol>\n");
    for (i, r) in d.roles.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li><a href=\"#role-{}\">{}</a></li>",
            i + 1,
            e(&r.name)
        );
    }
    out.push_str("</ol>\n</li>\n");
    out.push_str("<li><a href=\"#matrix\">RASCI matrix</a></li>\n");
    out.push_str("<li><a href=\"#org\">Org chart</a></li>\n");
    out.push_str("<li><a href=\"#findings\">Open findings</a></li>\n");
    out.push_str("<li><a href=\"#about\">About this document</a></li>\n");
    out.push_str("</ol>\n</nav>\n<main>\n");

    // 1. Scope.
    out.push_str("<section id=\"scope\">\n<h2>1. Organisation and ISMS scope</h2>\n");
    let _ = writeln!(
        out,
        "<p>{}</p>",
        e(d.scope.as_deref().unwrap_or("No ISMS scope is recorded."))
    );
    if !d.departments.is_empty() {
        out.push_str("<h3>Departments in scope</h3>\n");
        html_list(&mut out, &d.departments, "");
    }
    out.push_str("<h3>Who carries the Clause 5.3 duties</h3>\n");
    html_table(
        &mut out,
        "duties",
        &["Duty", "Role", &format!("Held on {} by", d.as_of)],
        &duty_rows(d),
    );
    out.push_str("<h3>Summary</h3>\n");
    html_list(&mut out, &summary_items(d), "");
    out.push_str("</section>\n");

    // 2. Roles.
    out.push_str("<section id=\"roles\">\n<h2>2. Roles</h2>\n");
    for (i, r) in d.roles.iter().enumerate() {
        let _ = writeln!(
            out,
            "<article class=\"role\" id=\"role-{n}\">\n<h3>2.{n} {} <small>({})</small></h3>",
            e(&r.name),
            e(&r.id),
            n = i + 1
        );
        out.push_str("<table class=\"facts\">\n<tbody>\n");
        for (k, v) in role_facts(r) {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                e(k),
                e(&v)
            );
        }
        out.push_str("</tbody>\n</table>\n");
        if let Some(p) = &r.purpose {
            let _ = writeln!(out, "<p><strong>Purpose.</strong> {}</p>", e(p));
        }
        out.push_str("<h4>Responsibilities</h4>\n");
        html_list(&mut out, &r.responsibilities, "None recorded.");
        out.push_str("<h4>Authorities</h4>\n");
        html_list(&mut out, &r.authorities, "None recorded.");
        let _ = writeln!(out, "<h4>Holders on {}</h4>", d.as_of);
        if r.holders.is_empty() {
            let _ = writeln!(
                out,
                "<p>Nobody holds this role on {} (vacant).</p>",
                d.as_of
            );
        } else {
            let (head, rows) = holder_table(r);
            html_table(&mut out, "holders", &head, &rows);
        }
        if !r.competencies.is_empty() {
            let _ = writeln!(
                out,
                "<h4>Competence</h4>\n<p>Required: {}.</p>",
                e(&r.competencies.join(", "))
            );
            if r.competence.is_empty() {
                out.push_str("<p>No holder to assess.</p>\n");
            } else {
                out.push_str("<table class=\"competence\">\n<thead><tr>");
                for h in COMPETENCE_HEAD {
                    let _ = write!(out, "<th scope=\"col\">{h}</th>");
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for c in &r.competence {
                    let _ = writeln!(
                        out,
                        "<tr><td>{}</td><td>{}</td><td><span class=\"status status-{}\">{}</span></td><td>{}</td></tr>",
                        e(&c.holder),
                        e(&c.competency),
                        c.status.word(),
                        e(&c.status.describe()),
                        e(c.evidence.as_deref().unwrap_or("-"))
                    );
                }
                out.push_str("</tbody>\n</table>\n");
            }
        }
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");

    // 3. Matrix.
    out.push_str("<section id=\"matrix\">\n<h2>3. RASCI matrix</h2>\n");
    out.push_str("<table class=\"key\">\n<caption>Key to the letters</caption>\n<tbody>\n");
    for (l, meaning) in [
        (Letter::R, "Responsible: does the work"),
        (
            Letter::A,
            "Accountable: answers for the result; exactly one per subject",
        ),
        (
            Letter::AR,
            "Accountable and Responsible: answers for the result and does the work",
        ),
        (Letter::S, "Supportive: helps those responsible"),
        (Letter::C, "Consulted: asked before decisions"),
        (Letter::I, "Informed: told about results"),
    ] {
        let _ = writeln!(
            out,
            "<tr><td class=\"l l-{1}\">{0}</td><td>{2}</td></tr>",
            l.as_str(),
            l.as_str().replace('/', ""),
            meaning
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(
        "<p>Columns are roles, by id; their names are in the table below and in section 2.</p>\n",
    );
    let cols: Vec<Vec<String>> = d
        .role_columns
        .iter()
        .map(|(id, name)| vec![id.clone(), name.clone()])
        .collect();
    html_table(&mut out, "columns", &["Role id", "Role"], &cols);
    let width = 2 + d.role_columns.len();
    out.push_str("<table class=\"matrix\">\n<caption>Subjects by clause and theme against roles</caption>\n<thead><tr><th scope=\"col\">Subject</th><th scope=\"col\">Title</th>");
    for (id, name) in &d.role_columns {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"role-col\" title=\"{}\"><span>{}</span></th>",
            e(name),
            e(id)
        );
    }
    out.push_str("</tr></thead>\n");
    for g in &d.matrix {
        let _ = writeln!(
            out,
            "<tbody>\n<tr><th scope=\"rowgroup\" colspan=\"{width}\">{}</th></tr>",
            e(&g.title)
        );
        for r in &g.rows {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}",
                e(&r.id),
                e(&r.title)
            );
            if let Some(j) = &r.excluded {
                let _ = write!(out, " <span class=\"na\">(not applicable: {})</span>", e(j));
            }
            out.push_str("</td>");
            for l in &r.letters {
                match l {
                    Some(l) => {
                        let _ = write!(
                            out,
                            "<td class=\"l l-{2}\" title=\"{1}\">{0}</td>",
                            l.as_str(),
                            l.word(),
                            l.as_str().replace('/', "")
                        );
                    }
                    None => out.push_str("<td class=\"l\"></td>"),
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n</section>\n");

    // 4. Org chart.
    out.push_str("<section id=\"org\" class=\"org\">\n<h2>4. Org chart</h2>\n");
    let _ = writeln!(
        out,
        "<p>Reporting lines on {}, with the roles each person holds (in bold).</p>",
        d.as_of
    );
    if d.org.is_empty() {
        out.push_str("<p>Nobody is recorded.</p>\n");
    } else {
        let mut depth = 0usize;
        for (i, l) in d.org.iter().enumerate() {
            if i == 0 {
                out.push_str("<ul>\n<li>");
            } else if l.depth > depth {
                // Outline depth grows one level at a time.
                out.push_str("\n<ul>\n<li>");
            } else {
                out.push_str("</li>\n");
                for _ in l.depth..depth {
                    out.push_str("</ul>\n</li>\n");
                }
                out.push_str("<li>");
            }
            depth = l.depth;
            out.push_str(&e(&l.name));
            if let Some(t) = &l.title {
                let _ = write!(out, ", {}", e(t));
            }
            if !l.markers.is_empty() {
                let _ = write!(
                    out,
                    " <span class=\"marker\">[{}]</span>",
                    e(&l.markers.join(", "))
                );
            }
            if !l.roles.is_empty() {
                let _ = write!(
                    out,
                    ": <span class=\"roles\">{}</span>",
                    e(&l.roles.join(", "))
                );
            }
        }
        out.push_str("</li>\n");
        for _ in 0..depth {
            out.push_str("</ul>\n</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");

    // 5. Findings.
    let _ = writeln!(
        out,
        "<section id=\"findings\">\n<h2>5. Open findings on {}</h2>",
        d.as_of
    );
    for (s, list) in &d.findings {
        let _ = writeln!(
            out,
            "<h3><span class=\"sev\">{}</span> {} ({})</h3>",
            s.as_str(),
            severity_heading(*s),
            list.len()
        );
        if list.is_empty() {
            out.push_str("<p>None.</p>\n");
        } else {
            let rows: Vec<Vec<String>> = list.iter().map(finding_row).collect();
            html_table(&mut out, "findings", &FINDING_HEAD, &rows);
        }
    }
    out.push_str("</section>\n");

    out.push_str("<section id=\"about\">\n<h2>About this document</h2>\n");
    let _ = writeln!(
        out,
        "<p>Generated by rasci from the workspace register. Content hash <span class=\"hash\">{}</span>: {}</p>",
        e(&d.hash),
        e(super::HASH_DEFINITION)
    );
    out.push_str("</section>\n</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Competency, Person};
    use crate::sample::{clean, today};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn competence_status_matches_the_rules() {
        let on = d("2026-11-27");
        let mut p = Person::default();
        let mut add = |id: &str, achieved: &str, expires: Option<&str>| {
            p.competencies.push(Competency {
                id: id.into(),
                evidence: None,
                achieved: Some(d(achieved)),
                expires: expires.map(d),
            })
        };
        add("ok", "2024-01-01", Some("2028-01-01"));
        add("soon", "2024-01-01", Some("2026-12-27"));
        add("old", "2020-01-01", Some("2026-11-26"));
        add("future", "2027-01-01", None);
        assert!(matches!(
            CompetenceStatus::of(&p, "ok", on, 60),
            CompetenceStatus::Held { .. }
        ));
        assert_eq!(
            CompetenceStatus::of(&p, "soon", on, 60),
            CompetenceStatus::Expiring {
                expires: d("2026-12-27"),
                days: 30
            }
        );
        assert_eq!(
            CompetenceStatus::of(&p, "old", on, 60),
            CompetenceStatus::Expired(d("2026-11-26"))
        );
        assert_eq!(
            CompetenceStatus::of(&p, "future", on, 60),
            CompetenceStatus::NotYet(d("2027-01-01"))
        );
        assert_eq!(
            CompetenceStatus::of(&p, "none", on, 60),
            CompetenceStatus::Missing
        );
    }

    #[test]
    fn both_formats_carry_the_same_content() {
        let ws = clean();
        let f = crate::rules::findings(&ws, today());
        let md = render_md(&ws, &f, today(), today());
        let html = render_html(&ws, &f, today(), today());
        let hash = super::super::content_hash(&ws);
        for text in [&md, &html] {
            assert!(text.contains(&hash));
            assert!(text.contains("Ivy Sec"));
            assert!(text.contains("ism@example.com"));
            assert!(text.contains("Access control"));
        }
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.trim_end().ends_with("</html>"));
    }

    #[test]
    fn org_outline_nests_in_html() {
        let ws = clean();
        let f = crate::rules::findings(&ws, today());
        let html = render_html(&ws, &f, today(), today());
        let org = &html[html.find("id=\"org\"").unwrap()..html.find("id=\"findings\"").unwrap()];
        assert_eq!(org.matches("<ul>").count(), org.matches("</ul>").count());
        assert_eq!(org.matches("<li>").count(), org.matches("</li>").count());
    }
}
