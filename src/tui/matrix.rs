//! The RASCI grid: subjects down, roles (or the people holding them)
//! across, with a frozen header row and subject column.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::command::Command;
use super::forms;
use super::pane::{Action, PaneCtx};
use crate::catalogue::subjects;
use crate::edit::Edit;
use crate::model::{Date, Letter, Severity, Workspace};
use crate::rules::{Finding, Index};
use crate::text::{sanitize, truncate};

/// Width of one letter column, including its gap.
pub const COL_WIDTH: u16 = 5;

/// The narrowest the subject column gets before letter columns go off
/// screen.
pub const MIN_TITLE: u16 = 16;

/// Splits a grid `width` wide with `ncols` letter columns: the subject
/// column's width and how many letter columns show. Titles get what the
/// letter columns leave; when not all of them fit, as many as fit show
/// and the last screen column is kept for the marker of those off screen.
pub fn split_width(width: u16, ncols: usize) -> (u16, usize) {
    let need = ncols.saturating_mul(COL_WIDTH as usize);
    if width as usize >= need + MIN_TITLE as usize {
        return (width - need as u16, ncols);
    }
    let fit = (width.saturating_sub(MIN_TITLE + 1) / COL_WIDTH) as usize;
    let title = width.saturating_sub(1 + fit as u16 * COL_WIDTH);
    (title, fit)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MRow {
    Group(String),
    Subject {
        id: String,
        title: String,
        group: String,
        known: bool,
    },
}

impl MRow {
    pub fn subject(&self) -> Option<&str> {
        match self {
            MRow::Subject { id, .. } => Some(id),
            MRow::Group(_) => None,
        }
    }
}

/// A column: a role, a role the matrix names but nobody defined, or a
/// person (in the people view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Col {
    pub id: String,
    pub label: String,
    pub name: String,
    pub known: bool,
}

#[derive(Debug, Clone, Default)]
pub struct MatrixState {
    pub rows: Vec<MRow>,
    pub cols: Vec<Col>,
    pub row: usize,
    pub col: usize,
    pub top: usize,
    pub left: usize,
    pub only_findings: bool,
    pub group: Option<String>,
    pub text: String,
    pub people: bool,
    /// Findings touching each subject: count and worst severity.
    pub row_findings: HashMap<String, (usize, Severity)>,
    /// In the people view: person id → roles held on the date.
    pub people_roles: HashMap<String, Vec<String>>,
    pub groups: Vec<String>,
    built: Option<(u64, String)>,
    /// Rows visible in the last frame, for paging.
    pub page: usize,
    /// Columns visible in the last frame.
    pub visible_cols: usize,
    /// Width of the subject column in the last frame, for mouse clicks.
    pub title_width: u16,
}

/// Person columns: the start of each id as written (people know each
/// other's user names), numbered where two begin alike.
pub fn person_labels(ids: &[&str]) -> Vec<String> {
    unique(ids.iter().map(|id| id.chars().take(4).collect()))
}

/// Makes repeated labels unique: HM, HM2, HM3.
fn unique(labels: impl Iterator<Item = String>) -> Vec<String> {
    let mut used: HashMap<String, usize> = HashMap::new();
    labels
        .map(|base| {
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                let mut s: String = base.chars().take(3).collect();
                s.push_str(&n.to_string());
                s
            }
        })
        .collect()
}

/// Short column labels, all in capitals so they read alike: the id if
/// short (ISM), else the initials of its words (HOI for head-of-it), or
/// the first three letters of a single word (DEV for developer).
pub fn labels(ids: &[&str]) -> Vec<String> {
    unique(ids.iter().map(|id| {
        if id.chars().count() <= 4 {
            id.to_uppercase()
        } else {
            let initials: String = id
                .split(['-', '_', '.', ' '])
                .filter_map(|w| w.chars().next())
                .collect::<String>()
                .to_uppercase();
            if initials.chars().count() >= 2 {
                initials.chars().take(4).collect()
            } else {
                id.chars().take(3).collect::<String>().to_uppercase()
            }
        }
    }))
}

impl MatrixState {
    fn key(&self) -> String {
        format!(
            "{}|{:?}|{}|{}",
            self.only_findings, self.group, self.text, self.people
        )
    }

    pub fn invalidate(&mut self) {
        self.built = None;
    }

    pub fn selected_subject(&self) -> Option<&str> {
        self.rows.get(self.row).and_then(MRow::subject)
    }

    pub fn selected_col(&self) -> Option<&Col> {
        self.cols.get(self.col)
    }

    /// Rebuilds rows and columns when the register or the filters change.
    pub fn refresh(&mut self, ws: &Workspace, findings: &[Finding], on: Date, revision: u64) {
        let key = self.key();
        if self.built.as_ref() == Some(&(revision, key.clone())) {
            return;
        }
        let keep_subject = self.selected_subject().map(str::to_string);
        let keep_col = self.selected_col().map(|c| c.id.clone());
        self.rebuild(ws, findings, on);
        if let Some(s) = keep_subject
            && !self.select_subject(&s)
        {
            // The selected row was filtered away: start at the first match
            // rather than wherever the old position now falls.
            self.row = 0;
            self.top = 0;
        }
        if let Some(c) = keep_col
            && let Some(i) = self.cols.iter().position(|x| x.id == c)
        {
            self.col = i;
        }
        self.clamp();
        self.built = Some((revision, key));
    }

    fn rebuild(&mut self, ws: &Workspace, findings: &[Finding], on: Date) {
        // Which rows have findings, including roles accountable but vacant.
        let rf = crate::rules::findings_by_row(ws, findings);
        self.row_findings = rf;

        let mut all: Vec<(String, String, String, bool)> = subjects(ws)
            .into_iter()
            .map(|s| (s.id.to_string(), s.title.to_string(), s.group, true))
            .collect();
        let known: std::collections::HashSet<String> = all.iter().map(|s| s.0.clone()).collect();
        for s in ws.matrix.rows.keys().filter(|s| !known.contains(*s)) {
            all.push((
                s.clone(),
                "(not a clause, control or activity)".into(),
                "Unknown subjects".into(),
                false,
            ));
        }
        self.groups = Vec::new();
        for s in &all {
            if !self.groups.contains(&s.2) {
                self.groups.push(s.2.clone());
            }
        }
        let needle = self.text.to_lowercase();
        let mut rows = Vec::with_capacity(all.len() + 16);
        let mut last_group = None;
        for (id, title, group, known) in all {
            if self.only_findings && !self.row_findings.contains_key(&id) {
                continue;
            }
            if self.group.as_ref().is_some_and(|g| *g != group) {
                continue;
            }
            if !needle.is_empty()
                && !id.to_lowercase().contains(&needle)
                && !title.to_lowercase().contains(&needle)
            {
                continue;
            }
            if last_group.as_ref() != Some(&group) {
                rows.push(MRow::Group(group.clone()));
                last_group = Some(group.clone());
            }
            rows.push(MRow::Subject {
                id,
                title,
                group,
                known,
            });
        }
        self.rows = rows;

        self.people_roles.clear();
        if self.people {
            let ix = Index::new(ws, on);
            let mut people: Vec<&crate::model::Person> = Vec::new();
            for role in ws.roles.values() {
                for p in ix.holders(&role.id) {
                    let held = self.people_roles.entry(p.id.clone()).or_default();
                    if held.is_empty() {
                        people.push(p);
                    }
                    held.push(role.id.clone());
                }
            }
            people.sort_by(|a, b| {
                a.display_name()
                    .to_lowercase()
                    .cmp(&b.display_name().to_lowercase())
            });
            let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
            self.cols = people
                .iter()
                .zip(person_labels(&ids))
                .map(|(p, label)| Col {
                    id: p.id.clone(),
                    label,
                    name: sanitize(p.display_name()).into_owned(),
                    known: true,
                })
                .collect();
        } else {
            let mut ids: Vec<(&str, bool)> = ws.roles.keys().map(|r| (r.as_str(), true)).collect();
            for row in ws.matrix.rows.values() {
                for r in row.keys() {
                    if !ws.roles.contains_key(r) && !ids.iter().any(|(x, _)| x == r) {
                        ids.push((r.as_str(), false));
                    }
                }
            }
            let only: Vec<&str> = ids.iter().map(|(i, _)| *i).collect();
            self.cols = ids
                .iter()
                .zip(labels(&only))
                .map(|((id, known), label)| Col {
                    id: id.to_string(),
                    label: if *known {
                        label
                    } else {
                        format!("?{}", label.chars().take(3).collect::<String>())
                    },
                    name: if *known {
                        sanitize(ws.roles[*id].display_name()).into_owned()
                    } else {
                        format!("{} (no such role)", sanitize(id))
                    },
                    known: *known,
                })
                .collect();
        }
    }

    /// The letter shown in a cell: the role's letter, or in the people view
    /// the strongest letter among the person's roles.
    pub fn cell(&self, ws: &Workspace, subject: &str, col: &Col) -> Option<Letter> {
        if !self.people {
            return ws.matrix.get(subject, &col.id);
        }
        let roles = self.people_roles.get(&col.id)?;
        Letter::strongest(roles.iter().filter_map(|r| ws.matrix.get(subject, r)))
    }

    pub fn select_subject(&mut self, id: &str) -> bool {
        match self.rows.iter().position(|r| r.subject() == Some(id)) {
            Some(i) => {
                self.row = i;
                true
            }
            None => false,
        }
    }

    fn clamp(&mut self) {
        self.col = self.col.min(self.cols.len().saturating_sub(1));
        self.row = self.row.min(self.rows.len().saturating_sub(1));
        // On a group title, land on the first subject at or after it.
        if self
            .rows
            .get(self.row)
            .is_some_and(|r| r.subject().is_none())
        {
            match (self.row..self.rows.len()).find(|&i| self.rows[i].subject().is_some()) {
                Some(i) => self.row = i,
                None => self.move_rows(-1),
            }
        }
    }

    /// Moves the selection by `delta` subject rows, skipping group titles.
    pub fn move_rows(&mut self, delta: isize) {
        let subjects: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.rows[i].subject().is_some())
            .collect();
        if subjects.is_empty() {
            return;
        }
        let current = subjects
            .iter()
            .position(|&i| i >= self.row)
            .unwrap_or(subjects.len() - 1);
        let target = (current as isize + delta).clamp(0, subjects.len() as isize - 1) as usize;
        self.row = subjects[target];
    }

    pub fn move_cols(&mut self, delta: isize) {
        if self.cols.is_empty() {
            return;
        }
        self.col = (self.col as isize + delta).clamp(0, self.cols.len() as isize - 1) as usize;
    }

    pub fn top(&mut self) {
        self.row = 0;
        self.clamp();
    }

    pub fn bottom(&mut self) {
        self.row = self.rows.len().saturating_sub(1);
        self.move_rows(0);
    }

    /// Cycles the group filter: all → first group → ... → all.
    pub fn cycle_group(&mut self) {
        self.group = match &self.group {
            None => self.groups.first().cloned(),
            Some(g) => {
                let i = self.groups.iter().position(|x| x == g);
                i.and_then(|i| self.groups.get(i + 1)).cloned()
            }
        };
        self.built = None;
    }

    pub fn filters_label(&self) -> String {
        let mut parts = Vec::new();
        if self.only_findings {
            parts.push("with findings".to_string());
        }
        if let Some(g) = &self.group {
            parts.push(g.clone());
        }
        if !self.text.is_empty() {
            parts.push(format!("\"{}\"", self.text));
        }
        parts.join(", ")
    }
}

/// Draws the grid; returns the screen position of the selected cell.
pub fn render(
    f: &mut Frame<'_>,
    area: Rect,
    ctx: &PaneCtx<'_>,
    m: &mut MatrixState,
) -> Option<(u16, u16)> {
    let (theme, glyphs, ws, focused) = (ctx.theme, ctx.glyphs, ctx.ws, ctx.focused);
    if area.height < 2 || area.width < 10 {
        return None;
    }
    let (first_w, ncols) = if m.cols.is_empty() {
        // Room beside the header to say there are no columns.
        ((area.width / 3).clamp(MIN_TITLE, 36), 0)
    } else {
        split_width(area.width, m.cols.len())
    };
    let cols_room = area.width.saturating_sub(first_w);
    m.visible_cols = ncols.max(1);
    m.title_width = first_w;
    let body_h = (area.height - 1) as usize;
    m.page = body_h.max(1);
    // Never scroll past the end (after a filter shrinks the rows or
    // columns), then keep the selection in view.
    m.top = m.top.min(m.rows.len().saturating_sub(body_h));
    m.left = m.left.min(m.cols.len().saturating_sub(ncols.max(1)));
    if m.col < m.left {
        m.left = m.col;
    } else if ncols > 0 && m.col >= m.left + ncols {
        m.left = m.col + 1 - ncols;
    }
    if m.row < m.top {
        m.top = m.row;
    } else if m.row >= m.top + body_h {
        m.top = m.row + 1 - body_h;
    }
    // A group title just above the selection stays visible.
    if m.top > 0 && m.top == m.row && m.rows.get(m.row - 1).is_some_and(|r| r.subject().is_none()) {
        m.top -= 1;
    }
    let buf = f.buffer_mut();
    // Header row (frozen), with arrows when columns are out of view.
    let hidden_left = m.left > 0;
    let hidden_right = m.left + ncols < m.cols.len();
    let header = match (m.people, hidden_left || hidden_right) {
        (false, false) => "Subject / role".to_string(),
        (true, false) => "Subject / person".to_string(),
        (_, true) => format!(
            "{}{}-{} of {}{}",
            if hidden_left {
                if glyphs.ascii { "< " } else { "◂ " }
            } else {
                ""
            },
            m.left + 1,
            (m.left + ncols).min(m.cols.len()),
            m.cols.len(),
            if hidden_right {
                if glyphs.ascii { " >" } else { " ▸" }
            } else {
                ""
            },
        ),
    };
    let header = header.as_str();
    // At the screen edges too, where the eye looks for the columns.
    if hidden_right {
        buf.set_string(
            area.right() - 1,
            area.y,
            if glyphs.ascii { ">" } else { "▸" },
            theme.header,
        );
    }
    buf.set_string(
        area.x,
        area.y,
        truncate(header, first_w as usize, glyphs.ascii),
        theme.header,
    );
    for (j, c) in m.cols.iter().enumerate().skip(m.left).take(ncols) {
        let x = area.x + first_w + ((j - m.left) as u16) * COL_WIDTH;
        let style = if j == m.col {
            if focused {
                theme.selected
            } else {
                theme.selected_unfocused
            }
        } else if c.known {
            theme.header
        } else {
            theme.warning
        };
        let label = format!(
            "{:^w$}",
            truncate(&c.label, 4, glyphs.ascii),
            w = (COL_WIDTH - 1) as usize
        );
        buf.set_string(x, area.y, label, style);
    }
    let mut cursor = None;
    for (i, row) in m.rows.iter().enumerate().skip(m.top).take(body_h) {
        let y = area.y + 1 + (i - m.top) as u16;
        match row {
            MRow::Group(title) => {
                buf.set_string(
                    area.x,
                    y,
                    truncate(&sanitize(title), area.width as usize, glyphs.ascii),
                    theme.group,
                );
            }
            MRow::Subject {
                id, title, known, ..
            } => {
                let selected_row = i == m.row;
                let mark = match m.row_findings.get(id) {
                    Some((_, s)) => (glyphs.severity(*s), theme.severity(*s)),
                    None => (" ", Style::new()),
                };
                buf.set_string(area.x, y, mark.0, mark.1);
                let label = format!("{id} {}", sanitize(title));
                let style = if !known {
                    theme.warning
                } else if selected_row {
                    if focused { theme.title } else { Style::new() }
                } else {
                    Style::new()
                };
                buf.set_string(
                    area.x + 2,
                    y,
                    truncate(&label, first_w.saturating_sub(3) as usize, glyphs.ascii),
                    style,
                );
                for (j, c) in m.cols.iter().enumerate().skip(m.left).take(ncols) {
                    let x = area.x + first_w + ((j - m.left) as u16) * COL_WIDTH;
                    let letter = m.cell(ws, id, c);
                    let text = letter.map_or(if glyphs.ascii { "." } else { "·" }, Letter::as_str);
                    let mut style = letter.map_or(theme.dim, |l| theme.letter(l));
                    if selected_row && j == m.col {
                        style = if focused {
                            theme.selected
                        } else {
                            theme.selected_unfocused
                        };
                        // `{:^4}` puts a single letter at offset 1.
                        cursor = Some((x + 1, y));
                    }
                    let cell = format!("{:^w$}", text, w = (COL_WIDTH - 1) as usize);
                    buf.set_string(x, y, cell, style);
                }
                if selected_row && m.cols.is_empty() {
                    cursor = Some((area.x + 2, y));
                }
            }
        }
    }
    if m.rows.is_empty() {
        let msg = if m.filters_label().is_empty() {
            "No subjects."
        } else {
            "No rows match the filters (Esc shows all)."
        };
        buf.set_string(
            area.x,
            area.y + 1,
            truncate(msg, area.width as usize, glyphs.ascii),
            theme.dim,
        );
    }
    if m.cols.is_empty() && !m.rows.is_empty() {
        let msg = if m.people {
            "Nobody holds a role on this date."
        } else {
            "No roles yet."
        };
        buf.set_string(
            area.x + first_w,
            area.y,
            truncate(msg, cols_room as usize, glyphs.ascii),
            theme.dim,
        );
    }
    cursor
}

impl MatrixState {
    /// Carries out a command on the grid: moves, filters, or says what
    /// the app should do (a letter set is an edit).
    pub fn command(&mut self, c: Command, ctx: &PaneCtx<'_>) -> Action {
        let m = &mut *self;
        let mut out = Action::Done;
        match c {
            Command::Up => m.move_rows(-1),
            Command::Down => m.move_rows(1),
            Command::Left => m.move_cols(-1),
            Command::Right => m.move_cols(1),
            Command::PageUp => m.move_rows(-(m.page.max(2) as isize - 1)),
            Command::PageDown => m.move_rows(m.page.max(2) as isize - 1),
            Command::Home => m.col = 0,
            Command::End => m.col = m.cols.len().saturating_sub(1),
            Command::Top => m.top(),
            Command::Bottom => m.bottom(),
            Command::FilterFindings => {
                m.only_findings = !m.only_findings;
                m.invalidate();
            }
            Command::FilterGroup => m.cycle_group(),
            Command::FilterText => {
                out = Action::ShowForm(Box::new(forms::filter_text(&m.text)));
            }
            Command::ClearFilters => {
                m.only_findings = false;
                m.group = None;
                m.text.clear();
                m.invalidate();
            }
            Command::PeopleColumns => {
                m.people = !m.people;
                m.col = 0;
                m.left = 0;
                m.invalidate();
                let msg = if m.people {
                    "Columns: people holding roles on the evaluation date (read-only)"
                } else {
                    "Columns: roles"
                };
                out = Action::say(msg);
            }
            Command::EditColumn | Command::Open => {
                if m.people {
                    if let Some(col) = m.selected_col().cloned() {
                        out = Action::RevealPerson(col.id);
                    }
                } else if let Some(col) = m.selected_col().cloned() {
                    if col.known {
                        let f = forms::role(ctx.ws, Some(&col.id));
                        out = Action::ShowForm(Box::new(f));
                    } else {
                        out = Action::warn(format!(
                            "`{}` is not a role: clear its cells (x) or create the role",
                            col.id
                        ));
                    }
                }
            }
            _ => {
                if let Some(letter) = c
                    .letter()
                    .map(Some)
                    .or((c == Command::ClearCell).then_some(None))
                {
                    out = self.set_cell(letter, ctx);
                } else {
                    out = Action::NotHere;
                }
            }
        }
        out
    }

    fn set_cell(&self, letter: Option<Letter>, ctx: &PaneCtx<'_>) -> Action {
        if self.people {
            return Action::warn("These columns are people; press p to edit role columns");
        }
        let (Some(subject), Some(col)) = (
            self.selected_subject().map(str::to_string),
            self.selected_col().cloned(),
        ) else {
            return Action::Done;
        };
        let current = ctx.ws.matrix.get(&subject, &col.id);
        if current == letter {
            return Action::Done;
        }
        let label = match letter {
            Some(l) => format!("{subject}: {} is {}", col.id, l.as_str()),
            None => format!("{subject}: cleared {}", col.id),
        };
        Action::edit(
            Edit::SetCell {
                subject,
                role: col.id,
                letter,
            },
            label,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_take_what_the_letter_columns_leave() {
        // All fit: the titles get the rest, however wide.
        assert_eq!(split_width(150, 16), (70, 16));
        assert_eq!(split_width(96, 16), (16, 16));
        // Not all fit: as many as fit, a column kept for the marker.
        assert_eq!(split_width(50, 16), (19, 6));
        assert_eq!(split_width(95, 16), (19, 15));
        for w in 0..300u16 {
            let (t, n) = split_width(w, 16);
            assert!(t as usize + n * COL_WIDTH as usize <= w as usize, "{w}");
            assert!(n == 16 || t as usize + (n + 1) * COL_WIDTH as usize + 1 > w as usize);
        }
    }

    #[test]
    fn labels_are_short_and_unique() {
        let l = labels(&[
            "ism",
            "head-of-it",
            "third-party-manager",
            "hr-manager",
            "hr-mentor",
            "top-management",
            "internal-auditor",
            "developer",
        ]);
        assert_eq!(l, vec!["ISM", "HOI", "TPM", "HM", "HM2", "TM", "IA", "DEV"]);
        for x in &l {
            assert!(x.chars().count() <= 4);
        }
    }

    #[test]
    fn filters_and_movement_skip_group_titles() {
        let ws = crate::sample::clean();
        let mut m = MatrixState::default();
        m.refresh(&ws, &[], crate::sample::today(), 1);
        assert!(matches!(m.rows[0], MRow::Group(_)));
        assert_eq!(m.selected_subject(), Some("4.1"));
        m.move_rows(4);
        assert_eq!(
            m.selected_subject(),
            Some("5.1"),
            "4.1-4.4, then the next group"
        );
        m.text = "access control".into();
        m.invalidate();
        m.refresh(&ws, &[], crate::sample::today(), 1);
        assert_eq!(m.selected_subject(), Some("A.5.15"));
        m.text.clear();
        m.group = Some("A.8 Technological controls".into());
        m.refresh(&ws, &[], crate::sample::today(), 1);
        assert!(
            m.rows
                .iter()
                .filter_map(MRow::subject)
                .all(|s| s.starts_with("A.8."))
        );
    }
}
