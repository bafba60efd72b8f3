//! Presentation mode, for the management review on a shared screen: the
//! whole screen, no panes, key hints or edit marks, high contrast (bold,
//! underline and reverse on the terminal's own colours, never colour
//! alone), and pages that walk through the register: the summary, roles
//! and holders, the org chart, the matrix, the open findings and what
//! changed since the last sign-off.
//!
//! The content comes from the same [`Document`] as `rasci export doc`, so
//! the meeting sees what the document says. It is built when the
//! presentation opens; the pages are laid out again only when the width
//! changes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::flow::{Flow, bold, cols, heading};
use super::keymap::Key;
use super::theme::Glyphs;
use crate::export::doc::{Document, signoff_text};
use crate::model::{Date, Letter, Severity, Workspace};
use crate::query::{self, Since};
use crate::rules::{CompetenceStatus, Finding};
use crate::text::{sanitize, truncate};

/// The pages, in the order of a review meeting.
pub const PAGES: [&str; 6] = [
    "Summary",
    "Roles and holders",
    "Org chart",
    "Matrix",
    "Open findings",
    "Since the last sign-off",
];

/// The matrix page's place in [`PAGES`].
const MATRIX: usize = 3;

/// A page laid out for a width: its lines, how many of the first stay in
/// view when it scrolls, and (the matrix) how many sets of role columns
/// the width makes.
#[derive(Debug, Clone)]
struct Laid {
    lines: Vec<Line<'static>>,
    pinned: usize,
    sets: usize,
}

/// Presentation state: what is shown, and the pages laid out for a width.
#[derive(Debug, Clone)]
pub struct Presentation {
    pub page: usize,
    pub scroll: usize,
    doc: Document,
    since: Option<Since>,
    /// What changed since the commit the sign-off in force approved, read
    /// from git by the shell when there is one (short id, changes): every
    /// change, dated or not, where the dated records alone miss some.
    pub signed_changes: Option<(String, Vec<crate::history::Change>)>,
    /// Matrix rows with findings, and the worst severity of each.
    row_findings: std::collections::HashMap<String, (usize, Severity)>,
    /// The width the pages were laid out for, and each page's lines once
    /// it has been shown at that width.
    laid_out: (u16, Vec<Option<Laid>>),
    /// On the matrix page: which set of role columns is shown, and how
    /// many sets the width makes.
    pub set: usize,
    sets: usize,
    /// Content rows on screen in the last frame, for paging.
    height: usize,
    /// The register on screen has edits not yet saved: the header says
    /// so, since the room may take the figures for the saved register.
    pub unsaved: bool,
}

impl Presentation {
    pub fn new(ws: &Workspace, findings: &[Finding], as_of: Date, today: Date) -> Presentation {
        let doc = Document::for_screen(ws, findings, as_of, today);
        let changed = doc
            .signoff
            .as_ref()
            .is_some_and(|s| s.current == Some(false));
        let since = ws
            .signoff_on(as_of)
            .map(|s| query::since(ws, s.date, as_of, changed));
        Presentation {
            page: 0,
            scroll: 0,
            doc,
            since,
            signed_changes: None,
            row_findings: crate::rules::findings_by_row(ws, findings),
            laid_out: (0, vec![None; PAGES.len()]),
            set: 0,
            sets: 1,
            height: 10,
            unsaved: false,
        }
    }

    /// Handles a key; false when the presentation should close.
    pub fn handle(&mut self, key: Key) -> bool {
        use crossterm::event::KeyCode::*;
        let last = PAGES.len() - 1;
        let page = self.height.saturating_sub(1).max(1);
        if key.ctrl || key.alt {
            // Ctrl-P is not `p`; only plain keys turn pages.
            return true;
        }
        match key.code {
            Esc | Char('P') => return false,
            Right | Char('l') | Char('n') | Char(' ') | Tab => self.go(self.page.saturating_add(1)),
            Left | Char('h') | Char('p') | Backspace | BackTab => {
                self.go(self.page.saturating_sub(1))
            }
            // The matrix pages through role columns sideways.
            Char(']') if self.page == MATRIX => self.turn_set(1),
            Char('[') if self.page == MATRIX => self.turn_set(-1),
            Down | Char('j') => self.scroll += 1,
            Up | Char('k') => self.scroll = self.scroll.saturating_sub(1),
            PageDown => self.scroll += page,
            PageUp => self.scroll = self.scroll.saturating_sub(page),
            // Within the page; the clamp to its length happens when drawn.
            Home | Char('g') => self.scroll = 0,
            End | Char('G') => self.scroll = usize::MAX,
            Char(c @ '1'..='9') => {
                let n = c as usize - '1' as usize;
                if n <= last {
                    self.go(n);
                }
            }
            _ => {}
        }
        true
    }

    fn turn_set(&mut self, by: isize) {
        let set = self
            .set
            .saturating_add_signed(by)
            .min(self.sets.saturating_sub(1));
        if set != self.set {
            self.set = set;
            self.laid_out.1[MATRIX] = None;
        }
    }

    fn go(&mut self, page: usize) {
        let page = page.min(PAGES.len() - 1);
        if page != self.page {
            self.page = page;
            self.scroll = 0;
        }
    }

    /// Draws the presentation over the whole of `area`.
    pub fn render(&mut self, f: &mut Frame<'_>, area: Rect, glyphs: &Glyphs) {
        f.render_widget(Clear, area);
        if area.height < 4 || area.width < 20 {
            return;
        }
        let width = area.width;
        if self.laid_out.0 != width {
            self.laid_out = (width, vec![None; PAGES.len()]);
        }
        // Pages are laid out when first shown: on a large register the org
        // chart alone is thousands of lines.
        if self.laid_out.1[self.page].is_none() {
            let lines = self.page_lines(self.page, width.saturating_sub(4) as usize, glyphs);
            self.laid_out.1[self.page] = Some(lines);
        }
        let laid = self.laid_out.1[self.page].as_ref().expect("laid out above");
        if self.page == MATRIX {
            self.sets = laid.sets;
        }
        // The page's head (the matrix legend) stays in view; the rest
        // scrolls beneath it, with at least a few rows shown.
        let all_h = area.height.saturating_sub(3) as usize;
        let pinned = laid.pinned.min(all_h.saturating_sub(3));
        let (legend, lines) = laid.lines.split_at(pinned.min(laid.lines.len()));
        let body_h = all_h - pinned;
        self.height = body_h;
        self.scroll = self.scroll.min(lines.len().saturating_sub(body_h));

        // Header: where we are, in reverse video.
        let bar = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        let org = if self.doc.organisation.is_empty() {
            "The register".to_string()
        } else {
            sanitize(&self.doc.organisation).into_owned()
        };
        let right = format!("{} {}/{} ", PAGES[self.page], self.page + 1, PAGES.len());
        // The date the register is shown as of always fits; the name of the
        // organisation gives way first, then the words around it.
        let tail = format!(
            " · as of {}{}",
            self.doc.as_of,
            if self.unsaved {
                " · unsaved edits"
            } else {
                ""
            }
        );
        let room = (width as usize).saturating_sub(cols(&right) + cols(&tail) + 2);
        let what = format!("{org} · management review");
        let head = if cols(&what) <= room {
            what
        } else {
            truncate(&org, room, glyphs.ascii).into_owned()
        };
        let left = format!(" {head}{tail}");
        let gap = (width as usize).saturating_sub(cols(&left) + cols(&right));
        let header = Line::from(vec![
            Span::styled(left, bar),
            Span::styled(" ".repeat(gap), bar),
            Span::styled(right, bar),
        ]);
        f.render_widget(Paragraph::new(header), Rect::new(area.x, area.y, width, 1));

        if pinned > 0 {
            let r = Rect::new(
                area.x + 2,
                area.y + 2,
                width.saturating_sub(4),
                pinned as u16,
            );
            f.render_widget(Paragraph::new(legend.to_vec()), r);
        }
        let body = Rect::new(
            area.x + 2,
            area.y + 2 + pinned as u16,
            width.saturating_sub(4),
            body_h as u16,
        );
        let shown: Vec<Line<'static>> = lines
            .iter()
            .skip(self.scroll)
            .take(body_h)
            .cloned()
            .collect();
        f.render_widget(Paragraph::new(shown), body);

        // Footer: the keys, and whether there is more below.
        let below = lines.len() > self.scroll + body_h;
        let above = self.scroll > 0;
        let (prev, next, up, down) = if glyphs.ascii {
            ("<-", "->", "^", "v")
        } else {
            ("←", "→", "↑", "↓")
        };
        // Whole hints, least needed dropped first when the width is short.
        let more = match (above, below) {
            (true, true) => format!("{up}{down} more"),
            (false, true) => format!("{down} more"),
            (true, false) => format!("{up} more"),
            (false, false) => String::new(),
        };
        let roles = (self.page == MATRIX && self.sets > 1).then_some("[ ] roles");
        let goto = format!("1-{} go to page", PAGES.len());
        let mut parts: Vec<(u8, String)> = vec![(0, format!("{prev}{next} page"))];
        if let Some(r) = roles {
            parts.push((0, r.to_string()));
        }
        parts.push((1, format!("{up}{down} PgUp PgDn scroll")));
        parts.push((3, goto));
        parts.push((0, "Esc workbench".into()));
        parts.push((2, "q quit".into()));
        if !more.is_empty() {
            parts.push((0, more));
        }
        let join = |parts: &[(u8, String)]| {
            let words: Vec<&str> = parts.iter().map(|(_, w)| w.as_str()).collect();
            format!(" {}", words.join("  "))
        };
        for drop in [3u8, 2, 1] {
            if cols(&join(&parts)) <= width as usize {
                break;
            }
            parts.retain(|(rank, _)| *rank != drop);
        }
        let hint = join(&parts);
        let footer = Line::from(Span::styled(
            truncate(&hint, width as usize, glyphs.ascii).into_owned(),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        f.render_widget(
            Paragraph::new(footer),
            Rect::new(area.x, area.y + area.height - 1, width, 1),
        );
    }

    /// Page `p` laid out for `width` columns.
    fn page_lines(&self, p: usize, width: usize, glyphs: &Glyphs) -> Laid {
        let mut out = Flow::new(width);
        let d = &self.doc;
        let (mut pinned, mut sets) = (0, 1);
        match p {
            0 => summary(&mut out, d),
            1 => roles(&mut out, d),
            2 => org(&mut out, d),
            MATRIX => {
                (pinned, sets) = matrix(&mut out, d, &self.row_findings, width, self.set, glyphs)
            }
            4 => findings(&mut out, d, glyphs),
            _ => {
                if let Some((commit, list)) = &self.signed_changes {
                    since_commit(&mut out, d, commit, list);
                } else {
                    since(&mut out, d, self.since.as_ref())
                }
            }
        }
        Laid {
            lines: out.lines,
            pinned,
            sets,
        }
    }
}

fn summary(out: &mut Flow, d: &Document) {
    out.heading("The register");
    if !d.organisation.is_empty() {
        out.fact(0, "Organisation", &d.organisation);
    }
    if let Some(scope) = &d.scope {
        out.fact(0, "ISMS scope", scope);
    }
    out.fact(0, "Evaluated as of", &d.as_of.to_string());
    out.fact(
        0,
        "People in the organisation",
        &d.people_active.to_string(),
    );
    let vacant = if d.vacant.is_empty() {
        "none vacant".to_string()
    } else {
        format!("{} vacant: {}", d.vacant.len(), d.vacant.join(", "))
    };
    out.fact(0, "Roles", &format!("{} ({vacant})", d.roles.len()));
    out.fact(0, "Letters in the matrix", &d.matrix_cells.to_string());
    let count = |s: Severity| {
        d.findings
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(0, |(_, f)| f.len())
    };
    out.fact(
        0,
        "Open findings",
        &format!(
            "{} errors, {} warnings, {} for information",
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        ),
    );
    let signoff = d
        .signoff
        .as_ref()
        .map_or_else(|| "none recorded yet".to_string(), signoff_text);
    out.fact(0, "Last management sign-off", &signoff);

    out.heading("Who carries Clause 5.3");
    for duty in &d.duties {
        out.push(0, vec![(duty.duty.clone(), bold())]);
        if duty.roles.is_empty() {
            out.text(2, "no role carries this");
        }
        for (name, _, holders) in &duty.roles {
            let who = if holders.is_empty() {
                "VACANT".to_string()
            } else {
                holders.join(", ")
            };
            out.text(2, &format!("{name} — {who}"));
        }
    }
}

fn roles(out: &mut Flow, d: &Document) {
    for r in &d.roles {
        let mut tags = vec![r.category.to_string()];
        if r.privileged {
            tags.push("privileged".into());
        }
        if r.needs_deputy {
            tags.push("needs a deputy".into());
        }
        out.push(
            0,
            vec![
                (r.name.clone(), bold()),
                (format!("  ({})", tags.join(", ")), Style::new()),
            ],
        );
        if let Some(p) = &r.purpose {
            out.text(2, p);
        }
        if r.holders.is_empty() {
            out.push(2, vec![("VACANT".to_string(), bold())]);
        }
        for h in &r.holders {
            let mut t = h.name.clone();
            if let Some(note) = &h.note {
                t.push_str(&format!(" ({note})"));
            }
            if h.left {
                t.push_str(" (HAS LEFT)");
            }
            if let Some(since) = h.since {
                t.push_str(&format!(", since {since}"));
            }
            match &h.deputy {
                Some((name, _)) => {
                    t.push_str(&format!("; deputy {name}"));
                    if h.deputy_left {
                        t.push_str(" (HAS LEFT)");
                    }
                }
                None if r.needs_deputy => t.push_str("; NO DEPUTY"),
                None => {}
            }
            out.text(2, &format!("Holder: {t}"));
        }
        for c in &r.competence {
            let problem = match &c.status {
                CompetenceStatus::Held { .. } => continue,
                CompetenceStatus::Expiring { expires, .. } => format!("expires {expires}"),
                CompetenceStatus::Expired(on) => format!("EXPIRED {on}"),
                CompetenceStatus::Missing => "MISSING".to_string(),
                CompetenceStatus::NotYet(a) => format!("MISSING until {a}"),
            };
            out.text(
                2,
                &format!("Competence: {} — {}: {problem}", c.holder, c.competency),
            );
        }
        out.blank();
    }
}

fn org(out: &mut Flow, d: &Document) {
    if d.org.is_empty() {
        out.text(0, "Nobody is in the register yet.");
    }
    for line in &d.org {
        let mut pieces = vec![(line.name.clone(), bold())];
        if let Some(t) = &line.title {
            pieces.push((format!(" — {t}"), Style::new()));
        }
        if !line.markers.is_empty() {
            pieces.push((format!(" [{}]", line.markers.join(", ")), bold()));
        }
        if !line.roles.is_empty() {
            pieces.push((format!(" · {}", line.roles.join(", ")), Style::new()));
        }
        // Deep charts stop indenting so names stay readable, however
        // narrow the screen.
        let indent = (line.depth * 2).min(24).min(out.width / 2);
        out.push(indent, pieces);
    }
}

/// The matrix page for one set of role columns: as many as fit the
/// width, the others a `]` away. Returns how many lines at the top (the
/// legend, the key to the columns and their numbers) stay in view, and how
/// many sets there are.
fn matrix(
    out: &mut Flow,
    d: &Document,
    row_findings: &std::collections::HashMap<String, (usize, Severity)>,
    width: usize,
    set: usize,
    glyphs: &Glyphs,
) -> (usize, usize) {
    // Subject titles get what the role columns leave, between a readable
    // minimum and what the longest titles need; on a narrow screen the
    // minimum gives way so that no line is wider than the screen.
    const MIN_LABEL: usize = 34;
    const MAX_LABEL: usize = 64;
    const CELL: usize = 4;
    // Room for the finding mark ("✖ ") before the subject.
    const MARK: usize = 2;
    let columns = &d.role_columns;
    if columns.is_empty() {
        out.text(0, "There are no roles yet.");
        return (0, 1);
    }
    let min_label = MIN_LABEL.min(width.saturating_sub(CELL)).max(MARK + 2);
    // Sets are evened out (8 and 8, not 15 and 1).
    let fit = (width.saturating_sub(min_label) / CELL).max(1);
    let sets = columns.len().div_ceil(fit);
    let per = columns.len().div_ceil(sets);
    let label_w = width
        .saturating_sub(per * CELL)
        .clamp(min_label.min(width.saturating_sub(per * CELL)), MAX_LABEL)
        .max(MARK + 2);
    let set = set.min(sets - 1);
    let range = set * per..((set + 1) * per).min(columns.len());
    out.text(
        0,
        &format!(
            "A in reverse video, R in bold; {} marks a row with an error, {} a warning.",
            glyphs.error, glyphs.warning,
        ),
    );
    if sets > 1 {
        let next = if set + 1 < sets {
            "] shows the next"
        } else {
            "[ shows the previous"
        };
        out.text(
            0,
            &format!(
                "Roles {}-{} of {} ({next}).",
                range.start + 1,
                range.end,
                columns.len()
            ),
        );
    }
    // The key to the numbered columns, as one paragraph.
    let key = columns[range.clone()]
        .iter()
        .enumerate()
        .map(|(n, (_, name))| {
            vec![
                (format!("{} ", range.start + n + 1), bold()),
                (format!("{}   ", sanitize(name)), Style::new()),
            ]
        })
        .collect();
    out.layout(0, key);
    let numbers: String = range.clone().map(|n| format!("{:>3} ", n + 1)).collect();
    out.lines.push(Line::from(vec![
        Span::raw(" ".repeat(label_w)),
        Span::styled(numbers.trim_end().to_string(), bold()),
    ]));
    let pinned = out.lines.len();
    for g in &d.matrix {
        // The first set shows every row of a group with letters (a row
        // with none is a finding); later sets only rows with letters in
        // their columns.
        let group_has_letters = g.rows.iter().any(|r| r.letters.iter().any(Option::is_some));
        let rows: Vec<_> = g
            .rows
            .iter()
            .filter(|r| {
                if set == 0 {
                    group_has_letters
                } else {
                    r.letters[range.clone()].iter().any(Option::is_some)
                }
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.blank();
        let title = truncate(&sanitize(&g.title), width, glyphs.ascii).into_owned();
        out.lines.push(Line::from(Span::styled(title, heading())));
        for row in rows {
            let mark = match row_findings.get(&row.id).map(|f| f.1) {
                Some(Severity::Error) => glyphs.error,
                Some(Severity::Warning) => glyphs.warning,
                _ => " ",
            };
            let label = sanitize(&format!("{} {}", row.id, row.title)).into_owned();
            let label = truncate(&label, label_w - MARK - 1, glyphs.ascii);
            let pad = (label_w - MARK).saturating_sub(cols(&label));
            let mut spans = vec![
                Span::styled(format!("{mark} "), bold()),
                Span::raw(format!("{label}{}", " ".repeat(pad))),
            ];
            if row.excluded.is_some() {
                let room = width.saturating_sub(label_w + 2);
                spans.push(Span::raw(format!(
                    "  {}",
                    truncate("excluded (Statement of Applicability)", room, glyphs.ascii)
                )));
            } else {
                for letter in &row.letters[range.clone()] {
                    let (text, style) = match letter {
                        Some(l @ (Letter::A | Letter::AR)) => {
                            (l.as_str(), bold().add_modifier(Modifier::REVERSED))
                        }
                        Some(Letter::R) => ("R", bold()),
                        Some(l) => (l.as_str(), Style::new()),
                        None => (if glyphs.ascii { "." } else { "·" }, Style::new()),
                    };
                    // Four columns a letter: " A " or "A/R" after a space.
                    let (before, after) = if cols(text) == 1 {
                        ("  ", " ")
                    } else {
                        (" ", "")
                    };
                    spans.push(Span::raw(before));
                    spans.push(Span::styled(text, style));
                    spans.push(Span::raw(after));
                }
            }
            out.lines.push(Line::from(spans));
        }
    }
    (pinned, sets)
}

fn findings(out: &mut Flow, d: &Document, glyphs: &Glyphs) {
    let total: usize = d.findings.iter().map(|(_, f)| f.len()).sum();
    if total == 0 {
        out.text(0, "No open findings.");
        return;
    }
    for (severity, list) in &d.findings {
        if list.is_empty() {
            continue;
        }
        let (title, mark) = match severity {
            Severity::Error => ("Errors", glyphs.error),
            Severity::Warning => ("Warnings", glyphs.warning),
            Severity::Info => ("For information", glyphs.info),
        };
        out.heading(&format!("{title} ({})", list.len()));
        for f in list {
            out.push(
                0,
                vec![
                    (format!("{mark} "), bold()),
                    (f.message.clone(), Style::new()),
                    (format!("  [{} · {}]", f.reference, f.rule), Style::new()),
                ],
            );
        }
    }
}

/// The changes page from git: everything that changed since the signed
/// commit, in register terms, grouped by area.
fn since_commit(out: &mut Flow, d: &Document, commit: &str, list: &[crate::history::Change]) {
    if let Some(s) = &d.signoff {
        out.fact(0, "Last sign-off", &s.date.to_string());
    }
    out.fact(0, "Signed commit", commit);
    if list.is_empty() {
        out.text(
            0,
            "Nothing in the register has changed since the signed commit.",
        );
        return;
    }
    out.text(
        0,
        &format!(
            "{} change(s) since the signed commit, read from git (dated or not):",
            list.len()
        ),
    );
    let mut area = None;
    for c in list {
        if area != Some(c.area) {
            area = Some(c.area);
            out.heading(c.area.title());
        }
        out.text(0, &sanitize(&c.text));
    }
}

fn since(out: &mut Flow, d: &Document, since: Option<&Since>) {
    let (Some(s), Some(signoff)) = (since, d.signoff.as_ref()) else {
        out.text(
            0,
            "The register has never been signed off. Record the review's sign-off with `rasci signoff` or the sign-off command.",
        );
        return;
    };
    out.fact(0, "Last sign-off", &s.from.to_string());
    match signoff.current {
        Some(true) => out.fact(
            0,
            "The register",
            "is unchanged since it was signed off (its fingerprint matches)",
        ),
        Some(false) => out.fact(
            0,
            "The register",
            "has changed since it was signed off (its fingerprint no longer matches)",
        ),
        None => out.fact(
            0,
            "The register",
            "may have changed: no fingerprint was recorded with the sign-off",
        ),
    }
    let first = if signoff.current == Some(false) {
        "on or after"
    } else {
        "after"
    };
    if s.is_empty() {
        out.text(
            0,
            &format!(
                "No joiners, leavers, appointments or role reviews are dated {first} {} (up to {}).",
                s.from, s.to
            ),
        );
    } else if signoff.current == Some(true) {
        // Planned when it was signed (a leaver's last day, a successor's
        // start), and taking effect since: the signers saw them coming.
        out.text(
            0,
            &format!(
                "Taking effect {first} {} (up to {}), as the signed register already planned:",
                s.from, s.to
            ),
        );
    } else {
        out.text(
            0,
            &format!("Dated {first} {} (up to {}) in the register:", s.from, s.to),
        );
    }
    if signoff.current == Some(false) {
        out.text(
            0,
            "Changes that carry no date (matrix letters, role texts, corrections to past records) are not listed; the findings page shows where the register stands now.",
        );
    }
    if s.is_empty() {
        return;
    }
    let people = |out: &mut Flow, title: &str, list: &[(String, String, Date)], verb: &str| {
        if list.is_empty() {
            return;
        }
        out.heading(&format!("{title} ({})", list.len()));
        for (_, name, date) in list {
            out.text(0, &format!("{name} — {verb} {date}"));
        }
    };
    people(out, "Joined", &s.joined, "joined");
    people(out, "Left", &s.left, "last day");
    people(out, "Leaving", &s.leaving, "last day");
    let changes = |out: &mut Flow, title: &str, list: &[query::Change], verb: &str| {
        if list.is_empty() {
            return;
        }
        out.heading(&format!("{title} ({})", list.len()));
        for c in list {
            out.text(
                0,
                &format!("{} — {}, {verb} {}", c.role_name, c.person_name, c.date),
            );
        }
    };
    changes(out, "Appointed", &s.appointed, "from");
    changes(out, "Appointments ended", &s.ended, "last day");
    if !s.reviewed.is_empty() {
        out.heading(&format!("Roles reviewed ({})", s.reviewed.len()));
        for (_, name, date) in &s.reviewed {
            out.text(0, &format!("{name} — {date}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{clean, today};

    fn key(spec: &str) -> Key {
        Key::parse(spec).expect("key")
    }

    #[test]
    fn keys_turn_pages_and_close() {
        let ws = clean();
        let mut p = Presentation::new(&ws, &[], today(), today());
        assert!(p.handle(key("right")));
        assert_eq!(p.page, 1);
        p.scroll = 3;
        assert!(p.handle(key("left")));
        assert_eq!((p.page, p.scroll), (0, 0), "a new page starts at the top");
        assert!(p.handle(key("left")));
        assert_eq!(p.page, 0, "no page before the first");
        assert!(p.handle(key("5")));
        assert_eq!(p.page, 4);
        assert!(p.handle(key("6")));
        assert_eq!(p.page, PAGES.len() - 1);
        // Home and End move within the page, not between pages.
        assert!(p.handle(key("end")));
        assert_eq!((p.page, p.scroll), (PAGES.len() - 1, usize::MAX));
        assert!(p.handle(key("home")));
        assert_eq!((p.page, p.scroll), (PAGES.len() - 1, 0));
        assert!(p.handle(key("right")));
        assert_eq!(p.page, PAGES.len() - 1, "no page after the last");
        assert!(p.handle(key("9")));
        assert_eq!(p.page, PAGES.len() - 1, "no page 9");
        assert!(p.handle(key("ctrl-p")));
        assert_eq!(p.page, PAGES.len() - 1, "ctrl-p is not p");
        assert!(!p.handle(key("esc")));
        assert!(!p.handle(key("P")));
    }

    #[test]
    fn the_signoff_in_force_on_the_date_is_the_one_shown() {
        use crate::model::Signoff;
        let mut ws = clean();
        let d = |s: &str| s.parse::<Date>().unwrap();
        for date in ["2025-10-14", "2026-10-01"] {
            ws.signoffs.push(Signoff {
                date: d(date),
                by: vec!["ceo".into()],
                ..Signoff::default()
            });
        }
        let p = Presentation::new(&ws, &[], d("2026-06-30"), today());
        let text = |page| -> String {
            p.page_lines(page, 100, &Glyphs::new(false))
                .lines
                .iter()
                .map(|l| l.to_string() + "\n")
                .collect()
        };
        assert!(text(0).contains("sign-off: 2025-10-14"), "{}", text(0));
        assert!(text(5).contains("Last sign-off: 2025-10-14"), "{}", text(5));
        let p = Presentation::new(&ws, &[], d("2025-01-01"), today());
        assert!(
            p.page_lines(5, 100, &Glyphs::new(false))
                .lines
                .iter()
                .any(|l| l.to_string().contains("never been signed off"))
        );
    }

    #[test]
    fn with_the_signed_commit_the_changes_page_lists_every_change_from_git() {
        let signed = clean();
        let mut now = signed.clone();
        now.matrix
            .set("A.5.15", "ism", Some(crate::model::Letter::AR));
        let mut p = Presentation::new(&now, &[], today(), today());
        p.signed_changes = Some((
            "0123456789ab".into(),
            crate::history::changes(&signed, &now),
        ));
        let text: String = p
            .page_lines(5, 100, &Glyphs::new(false))
            .lines
            .iter()
            .map(|l| l.to_string() + "\n")
            .collect();
        assert!(text.contains("0123456789ab"), "{text}");
        assert!(text.contains("read from git (dated or not)"), "{text}");
        assert!(text.contains("Matrix"), "{text}");
        assert!(text.contains("A.5.15: ism"), "{text}");
        // Nothing changed: it says so.
        p.signed_changes = Some(("0123456789ab".into(), Vec::new()));
        p.laid_out = (0, vec![None; PAGES.len()]);
        let text: String = p
            .page_lines(5, 100, &Glyphs::new(false))
            .lines
            .iter()
            .map(|l| l.to_string() + "\n")
            .collect();
        assert!(
            text.contains("Nothing in the register has changed"),
            "{text}"
        );
    }

    #[test]
    fn the_changes_page_says_what_the_fingerprint_can_tell() {
        let page = |ws: &Workspace| -> String {
            Presentation::new(ws, &[], today(), today())
                .page_lines(5, 100, &Glyphs::new(false))
                .lines
                .iter()
                .map(|l| l.to_string() + "\n")
                .collect()
        };
        // Signed as it is: unchanged; what it planned and has since taken
        // effect is still listed, as planned.
        let mut ws = clean();
        ws.people["dep"].joined = Some("2026-11-02".parse().unwrap());
        ws.signoffs[0].fingerprint = Some(crate::fingerprint::fingerprint(&ws));
        let text = page(&ws);
        assert!(
            text.contains("is unchanged since it was signed off"),
            "{text}"
        );
        assert!(
            text.contains("as the signed register already planned"),
            "{text}"
        );
        assert!(text.contains("Joined (1)"), "{text}");
        assert!(!text.contains("not listed"), "{text}");
        // Changed after signing, on the sign-off day itself: the appointment
        // dated that day is listed, and undated changes are owned up to.
        let signed = ws.signoffs[0].date;
        let mut a = crate::sample::assignment("dep", None);
        a.from = Some(signed);
        ws.roles.get_mut("audit").unwrap().assignments.push(a);
        let text = page(&ws);
        assert!(
            text.contains("has changed since it was signed off"),
            "{text}"
        );
        assert!(
            text.contains(&format!("Role audit — Dan Deputy, from {signed}")),
            "{text}"
        );
        assert!(text.contains("Joined (1)"), "{text}");
        assert!(text.contains("not listed"), "{text}");
        // No fingerprint recorded: neither claim is made.
        ws.signoffs[0].fingerprint = None;
        let text = page(&ws);
        assert!(text.contains("no fingerprint was recorded"), "{text}");
        assert!(!text.contains("unchanged"), "{text}");
        assert!(!text.contains("has changed"), "{text}");
    }

    fn page_text(p: &Presentation, width: usize) -> (String, Laid) {
        let laid = p.page_lines(MATRIX, width, &Glyphs::new(false));
        let text = laid.lines.iter().map(|l| l.to_string() + "\n").collect();
        (text, laid)
    }

    #[test]
    fn the_matrix_pages_through_every_role_however_narrow_the_screen() {
        let ws = crate::sample::clean();
        let mut p = Presentation::new(&ws, &[], today(), today());
        let n = ws.roles.len();
        // 40 columns leave room for a few role columns at a time; `]`
        // turns to the next set, and the last set ends with the last role.
        let (_, laid) = page_text(&p, 40);
        assert!(laid.sets > 1, "{}", laid.sets);
        let mut seen = String::new();
        for set in 0..laid.sets {
            p.set = set;
            let (text, laid) = page_text(&p, 40);
            for line in &laid.lines {
                assert!(line.width() <= 40, "wider than the screen: {line:?}");
            }
            seen.push_str(&text);
        }
        assert!(seen.contains(&format!("-{n} of {n}")), "{seen}");
        for role in ws.roles.values() {
            assert!(
                seen.contains(role.display_name()),
                "{} missing:\n{seen}",
                role.id
            );
        }
        // Not one set after the other on the same page.
        p.set = 0;
        let (first, _) = page_text(&p, 40);
        assert!(!first.contains(&format!("-{n} of {n}")), "{first}");
    }

    #[test]
    fn the_matrix_legend_stays_in_view_and_pages_sideways() {
        let ws = crate::sample::clean();
        let mut p = Presentation::new(&ws, &[], today(), today());
        p.page = MATRIX;
        let draw = |p: &mut Presentation, keys: &[&str]| {
            for k in keys {
                p.handle(key(k));
            }
            let backend = ratatui::backend::TestBackend::new(44, 16);
            let mut t = ratatui::Terminal::new(backend).unwrap();
            t.draw(|f| p.render(f, f.area(), &Glyphs::new(false)))
                .unwrap();
            let buf = t.backend().buffer().clone();
            (0..buf.area.height)
                .map(|y| {
                    (0..buf.area.width)
                        .map(|x| buf[(x, y)].symbol().to_string())
                        .collect::<String>()
                        + "\n"
                })
                .collect::<String>()
        };
        let top = draw(&mut p, &[]);
        assert!(
            top.contains("A in reverse video") && top.contains("Roles 1-"),
            "{top}"
        );
        // Scrolled to the end, the legend is still there.
        let end = draw(&mut p, &["G"]);
        assert!(end.contains("A in reverse video"), "{end}");
        assert!(end.contains("[ ] roles"), "{end}");
        // `]` shows the next roles, on the same page.
        let next = draw(&mut p, &["]"]);
        assert!(!next.contains("Roles 1-"), "{next}");
        assert!(next.contains("Matrix 4/6"), "{next}");
        assert_eq!(p.set, 1);
    }

    #[test]
    fn matrix_sets_are_even_and_rows_with_findings_are_marked() {
        let mut ws = clean();
        ws.matrix.set("A.5.15", "ism", None);
        let findings = crate::rules::findings(&ws, today());
        let mut p = Presentation::new(&ws, &findings, today(), today());
        // Five roles, four fit: sets of 3 and 2, not 4 and 1.
        let (text, laid) = page_text(&p, 34 + 4 * 4);
        assert_eq!(laid.sets, 2);
        assert!(text.contains("Roles 1-3 of 5"), "{text}");
        p.set = 1;
        let (second, _) = page_text(&p, 34 + 4 * 4);
        assert!(second.contains("Roles 4-5 of 5"), "{second}");
        let row = |id: &str| {
            text.lines()
                .find(|l| l.contains(&format!(" {id} ")))
                .unwrap_or_else(|| panic!("{id} missing:\n{text}"))
                .to_string()
        };
        assert!(row("A.5.15").trim_start().starts_with("✖ A.5.15"), "{text}");
        assert!(row("A.5.16").trim_start().starts_with("A.5.16"), "{text}");
    }

    #[test]
    fn control_characters_in_names_are_stripped() {
        let mut ws = clean();
        ws.people["ceo"].name = "Cora\x1b[31m Chief\x07".into();
        ws.roles["ism"].name = "ISM\x1b]0;owned\x07".into();
        // A matrix row that is not in the catalogue still loads and shows.
        ws.matrix.set("X\x1b]0;owned\x07", "ism", Some(Letter::A));
        let p = Presentation::new(&ws, &[], today(), today());
        for page in 0..PAGES.len() {
            for line in p.page_lines(page, 100, &Glyphs::new(false)).lines {
                let s = line.to_string();
                assert!(!s.chars().any(|c| c.is_control()), "page {page}: {s:?}");
            }
        }
    }
}
