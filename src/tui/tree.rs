//! The left pane: people by reporting line, roles with their holders, or
//! the workspace-level register (organisation, settings, rules...).

use std::collections::{HashMap, HashSet};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::command::Command;
use super::forms;
use super::overlay::Confirm;
use super::pane::{Action, PaneCtx};
use super::theme::{Glyphs, Theme};
use crate::edit::Edit;
use crate::model::{Date, PersonKind, Severity, Workspace};
use crate::rules::{EntityKind, Finding, Index};
use crate::text::{sanitize, truncate};

/// Which tree the pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    People,
    Roles,
    Register,
}

impl View {
    pub fn next(self) -> View {
        match self {
            View::People => View::Roles,
            View::Roles => View::Register,
            View::Register => View::People,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            View::People => "People",
            View::Roles => "Roles",
            View::Register => "Register",
        }
    }
}

/// What a row stands for, so keys know what to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Person(String),
    Role(String),
    /// Role id and index into its assignments.
    Assignment(String, usize),
    /// A role nobody holds, listed under "Vacant roles".
    Vacancy(String),
    Heading(&'static str),
    Organisation,
    Settings,
    SodRule(String),
    Activity(String),
    Exclusion(String),
    Signoff(usize),
}

/// Marks drawn after a row's text; each is a word, not only a colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marks {
    pub worst: Option<Severity>,
    pub findings: usize,
    pub left: bool,
    pub tag: Option<&'static str>,
}

/// One visible line of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub key: String,
    pub item: Item,
    pub depth: usize,
    pub expandable: bool,
    pub expanded: bool,
    pub text: String,
    pub detail: String,
    pub marks: Marks,
}

/// Selection, expansion and the cached rows of the tree pane.
#[derive(Debug, Clone)]
pub struct TreeState {
    pub view: View,
    pub rows: Vec<Row>,
    pub selected: usize,
    pub offset: usize,
    pub expanded: HashSet<String>,
    /// Keys whose expansion was set by the user; others follow the default.
    pub touched: HashSet<String>,
    built: Option<(u64, View)>,
    /// Findings per person and role, for the marks of person rows.
    concerns: Concerns,
    marks_for: Option<u64>,
    /// Selected key per view, so switching views keeps your place.
    remembered: HashMap<&'static str, String>,
    pub height: usize,
}

impl Default for TreeState {
    fn default() -> TreeState {
        TreeState {
            view: View::People,
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            expanded: HashSet::new(),
            touched: HashSet::new(),
            built: None,
            concerns: Concerns::default(),
            marks_for: None,
            remembered: HashMap::new(),
            height: 10,
        }
    }
}

/// Finding count and worst severity per person and per role.
#[derive(Debug, Clone, Default)]
pub struct Concerns {
    pub people: HashMap<String, (usize, Severity)>,
    pub roles: HashMap<String, (usize, Severity)>,
}

impl Concerns {
    pub fn of(findings: &[Finding]) -> Concerns {
        let mut people: HashMap<String, (usize, Severity)> = HashMap::new();
        let mut roles: HashMap<String, (usize, Severity)> = HashMap::new();
        let add = |map: &mut HashMap<String, (usize, Severity)>, id: &str, s: Severity| {
            let e = map.entry(id.to_string()).or_insert((0, s));
            e.0 += 1;
            e.1 = e.1.min(s);
        };
        for f in findings {
            match f.entity.kind {
                EntityKind::Person => add(&mut people, &f.entity.id, f.severity),
                EntityKind::Role => add(&mut roles, &f.entity.id, f.severity),
                EntityKind::Assignment => {
                    if let Some((role, rest)) = f.entity.id.split_once('/') {
                        let person = rest.split('@').next().unwrap_or(rest);
                        add(&mut people, person, f.severity);
                        add(&mut roles, role, f.severity);
                    }
                }
                _ => {}
            }
        }
        Concerns { people, roles }
    }
}

impl TreeState {
    pub fn selected_item(&self) -> Option<&Item> {
        self.rows.get(self.selected).map(|r| &r.item)
    }

    pub fn selected_key(&self) -> Option<&str> {
        self.rows.get(self.selected).map(|r| r.key.as_str())
    }

    /// Brings the rows up to date. `people_revision` changes with people
    /// and roles (the shape of the tree); `revision` with anything, which
    /// only refreshes the finding marks unless the roles view needs more.
    pub fn refresh(
        &mut self,
        ws: &Workspace,
        findings: &[Finding],
        on: Date,
        revision: u64,
        people_revision: u64,
    ) {
        // The roles view shows findings per assignment in its rows: rebuild
        // it on every change; it has one row per role and assignment.
        let shape = if self.view == View::People {
            people_revision
        } else {
            revision
        };
        if self.built == Some((shape, self.view)) {
            if self.marks_for != Some(revision) {
                self.concerns = Concerns::of(findings);
                self.marks_for = Some(revision);
            }
            return;
        }
        self.rebuild(ws, findings, on);
        self.built = Some((shape, self.view));
        self.marks_for = Some(revision);
    }

    /// Forces a rebuild on the next refresh (after expanding or collapsing).
    pub fn invalidate(&mut self) {
        self.built = None;
    }

    fn rebuild(&mut self, ws: &Workspace, findings: &[Finding], on: Date) {
        let keep = self
            .selected_key()
            .map(str::to_string)
            .or_else(|| self.remembered.get(self.view.title()).cloned());
        let ix = Index::new(ws, on);
        self.concerns = Concerns::of(findings);
        self.rows = match self.view {
            View::People => people_rows(self, &ix),
            View::Roles => role_rows(self, &ix, &self.concerns),
            View::Register => register_rows(self, ws),
        };
        if let Some(k) = keep
            && !self.select_key(&k)
        {
            // The selected person is now inside a folded branch (their
            // problem was fixed, so the branch no longer unfolds by
            // itself): select the nearest manager on screen rather than
            // whoever now sits on the same row.
            let mut at = k.strip_prefix("p:").and_then(|id| ws.people.get(id));
            let mut steps = 0;
            while let Some(p) = at
                && steps < ws.people.len()
            {
                let Some(m) = p.manager.as_deref() else {
                    break;
                };
                if self.select_key(&format!("p:{m}")) {
                    break;
                }
                at = ws.people.get(m);
                steps += 1;
            }
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// Selects the row with `key`; false if it is not visible.
    pub fn select_key(&mut self, key: &str) -> bool {
        match self.rows.iter().position(|r| r.key == key) {
            Some(i) => {
                self.selected = i;
                true
            }
            None => false,
        }
    }

    pub fn set_view(&mut self, view: View) {
        if let Some(k) = self.selected_key() {
            self.remembered.insert(self.view.title(), k.to_string());
        }
        self.view = view;
        self.rows.clear();
        self.selected = 0;
        self.offset = 0;
        self.built = None;
    }

    pub fn is_expanded(&self, key: &str, default: bool) -> bool {
        if self.touched.contains(key) {
            self.expanded.contains(key)
        } else {
            default
        }
    }

    pub fn set_expanded(&mut self, key: &str, on: bool) {
        self.touched.insert(key.to_string());
        if on {
            self.expanded.insert(key.to_string());
        } else {
            self.expanded.remove(key);
        }
        self.built = None;
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.rows.is_empty() {
            return;
        }
        let max = self.rows.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, max) as usize;
    }

    /// The row index of the parent of the selected row.
    pub fn parent_of_selected(&self) -> Option<usize> {
        let depth = self.rows.get(self.selected)?.depth;
        (0..self.selected)
            .rev()
            .find(|&i| self.rows[i].depth < depth)
    }
}

/// A person row with its text, detail and marks, for drawing.
fn person_row(row: &Row, id: &str, ws: &Workspace, on: Date, concerns: &Concerns) -> Row {
    let Some(p) = ws.people.get(id) else {
        return row.clone();
    };
    let roles: Vec<&str> = ws
        .roles
        .values()
        .filter(|r| r.active_assignments(on).any(|a| a.person == id))
        .map(|r| r.display_name())
        .collect();
    let mut detail = p.title.clone().unwrap_or_default();
    if !roles.is_empty() {
        if !detail.is_empty() {
            detail.push_str(" · ");
        }
        detail.push_str(&roles.join(", "));
    }
    Row {
        text: sanitize(p.display_name()).into_owned(),
        detail: sanitize(&detail).into_owned(),
        marks: marks(concerns.people.get(id), p.has_left_by(on), kind_tag(p.kind)),
        ..row.clone()
    }
}

fn marks(concern: Option<&(usize, Severity)>, left: bool, tag: Option<&'static str>) -> Marks {
    Marks {
        worst: concern.map(|c| c.1),
        findings: concern.map_or(0, |c| c.0),
        left,
        tag,
    }
}

fn kind_tag(kind: PersonKind) -> Option<&'static str> {
    match kind {
        PersonKind::Employee => None,
        PersonKind::Contractor => Some("contractor"),
        PersonKind::External => Some("external"),
        PersonKind::Group => Some("group"),
    }
}

fn people_rows(state: &TreeState, ix: &Index<'_>) -> Vec<Row> {
    let ws = ix.ws;
    let people = &ws.people;
    // Work with positions in the register rather than ids: this runs after
    // every edit on registers of thousands of people, and a position is a
    // plain index where an id would be hashed again and again.
    let mut manager = crate::model::manager_positions(people);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); people.len()];
    let mut roots: Vec<usize> = Vec::new();
    for (i, m) in manager.iter_mut().enumerate() {
        // Someone named as their own manager is shown as a root.
        match m.filter(|&m| m != i) {
            Some(m) => children[m].push(i),
            None => {
                *m = None;
                roots.push(i);
            }
        }
    }
    // Only lists that are shown get sorted, each once, with the sort key
    // computed once per person rather than once per comparison.
    let sort = |list: &mut Vec<usize>| {
        list.sort_by_cached_key(|&i| {
            let (id, p) = people.get_index(i).expect("position in the register");
            (p.display_name().to_lowercase(), id.clone())
        })
    };
    sort(&mut roots);
    // People whose chain of managers loops never reach a root. Each loop is
    // shown as a tree of its own (entered at a member of the loop, found by
    // climbing from the first such person in the register) so that nobody
    // disappears from the view, however the tree is folded.
    let mut reached = vec![false; people.len()];
    let mark = |from: usize, reached: &mut Vec<bool>| {
        let mut todo = vec![from];
        while let Some(i) = todo.pop() {
            if !std::mem::replace(&mut reached[i], true) {
                todo.extend(&children[i]);
            }
        }
    };
    for &r in &roots {
        mark(r, &mut reached);
    }
    let mut starts = roots.clone();
    for i in 0..people.len() {
        if reached[i] {
            continue;
        }
        // Climb until a manager repeats: that one is on the loop.
        let mut on_walk = std::collections::HashSet::new();
        let mut at = i;
        while on_walk.insert(at) {
            at = manager[at].expect("only people with a manager are unreached");
        }
        starts.push(at);
        mark(at, &mut reached);
    }
    // Branches that lead to someone with an error or a warning start
    // unfolded, so the people an auditor would ask about are on screen.
    let mut leads_to_problem = vec![false; people.len()];
    for (id, &(_, severity)) in &state.concerns.people {
        if severity > Severity::Warning {
            continue;
        }
        let mut at = people.get_index_of(id.as_str()).and_then(|i| manager[i]);
        while let Some(m) = at {
            if std::mem::replace(&mut leads_to_problem[m], true) {
                break;
            }
            at = manager[m];
        }
    }
    let mut rows = Vec::with_capacity(roots.len() * 8 + 8);
    let mut seen = vec![false; people.len()];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for start in starts {
        stack.push((start, 0));
        while let Some((i, depth)) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            let id = people.get_index(i).expect("position in the register").0;
            let has_kids = !children[i].is_empty();
            let key = format!("p:{id}");
            let expanded = has_kids && state.is_expanded(&key, depth < 1 || leads_to_problem[i]);
            // Text and marks are filled in when the row is drawn: only the
            // visible rows need them.
            rows.push(Row {
                key,
                item: Item::Person(id.clone()),
                depth,
                expandable: has_kids,
                expanded,
                text: String::new(),
                detail: String::new(),
                marks: marks(None, false, None),
            });
            if expanded {
                let mut kids = std::mem::take(&mut children[i]);
                sort(&mut kids);
                stack.extend(kids.iter().rev().map(|&k| (k, depth + 1)));
            }
        }
    }
    let vacant: Vec<&str> = ws
        .roles
        .keys()
        .map(String::as_str)
        .filter(|r| ix.holders(r).is_empty())
        .collect();
    if !vacant.is_empty() {
        let key = "g:vacant".to_string();
        let expanded = state.is_expanded(&key, true);
        rows.push(Row {
            key,
            item: Item::Heading("Vacant roles"),
            depth: 0,
            expandable: true,
            expanded,
            text: format!("Vacant roles ({})", vacant.len()),
            detail: String::new(),
            marks: marks(None, false, None),
        });
        if expanded {
            for r in vacant {
                rows.push(Row {
                    key: format!("v:{r}"),
                    item: Item::Vacancy(r.to_string()),
                    depth: 1,
                    expandable: false,
                    expanded: false,
                    text: sanitize(ix.role_name(r)).into_owned(),
                    detail: "vacant".into(),
                    marks: marks(state.concerns.roles.get(r), false, Some("vacant")),
                });
            }
        }
    }
    rows
}

fn role_rows(state: &TreeState, ix: &Index<'_>, concerns: &Concerns) -> Vec<Row> {
    let ws = ix.ws;
    let mut rows = Vec::new();
    for role in ws.roles.values() {
        let key = format!("r:{}", role.id);
        let holders = ix.holders(&role.id);
        let expanded = !role.assignments.is_empty() && state.is_expanded(&key, false);
        let detail = if holders.is_empty() {
            "vacant".to_string()
        } else {
            holders
                .iter()
                .map(|p| p.display_name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        rows.push(Row {
            key,
            item: Item::Role(role.id.clone()),
            depth: 0,
            expandable: !role.assignments.is_empty(),
            expanded,
            text: sanitize(&format!("{} ({})", role.display_name(), role.id)).into_owned(),
            detail: sanitize(&detail).into_owned(),
            marks: marks(
                concerns.roles.get(&role.id),
                false,
                holders.is_empty().then_some("vacant"),
            ),
        });
        if !expanded {
            continue;
        }
        for (i, a) in role.assignments.iter().enumerate() {
            let person = ix.person(&a.person);
            let mut detail = match (a.from, a.until) {
                (Some(f), Some(u)) => format!("{f} to {u}"),
                (Some(f), None) => format!("since {f}"),
                (None, Some(u)) => format!("until {u}"),
                (None, None) => String::new(),
            };
            if let Some(d) = &a.deputy {
                detail.push_str(&format!(" · deputy {}", ix.person_name(d)));
                if ix.person(d).is_some_and(|p| p.has_left_by(ix.on)) {
                    detail.push_str(" (left)");
                }
            }
            let in_force = a.is_active_on(ix.on);
            let left = person.is_some_and(|p| p.has_left_by(ix.on));
            let tag = if person.is_none() {
                Some("unknown")
            } else if !in_force {
                Some(if a.until.is_some_and(|u| u < ix.on) {
                    "ended"
                } else {
                    "future"
                })
            } else {
                None
            };
            let person_concern = concerns.people.get(&a.person).filter(|_| in_force);
            rows.push(Row {
                key: format!("a:{}:{i}", role.id),
                item: Item::Assignment(role.id.clone(), i),
                depth: 1,
                expandable: false,
                expanded: false,
                text: sanitize(person.map_or(a.person.as_str(), |p| p.display_name())).into_owned(),
                detail: sanitize(&detail).into_owned(),
                marks: marks(person_concern, left && in_force, tag),
            });
        }
    }
    rows
}

fn register_rows(state: &TreeState, ws: &Workspace) -> Vec<Row> {
    let leaf = |key: String, item: Item, depth: usize, text: String, detail: String| Row {
        key,
        item,
        depth,
        expandable: false,
        expanded: false,
        text: sanitize(&text).into_owned(),
        detail: sanitize(&detail).into_owned(),
        marks: marks(None, false, None),
    };
    let mut rows = vec![
        leaf(
            "o".into(),
            Item::Organisation,
            0,
            "Organisation".into(),
            ws.organisation.name.clone(),
        ),
        leaf(
            "s".into(),
            Item::Settings,
            0,
            "Settings".into(),
            format!(
                "review every {} days · warn {} days ahead · {} reporting step(s)",
                ws.settings.review_interval_days,
                ws.settings.expiry_warning_days,
                ws.settings.max_reporting_steps
            ),
        ),
    ];
    let group = |rows: &mut Vec<Row>,
                 key: &'static str,
                 title: &'static str,
                 items: Vec<(String, Item, String, String)>| {
        let expanded = !items.is_empty() && state.is_expanded(key, true);
        rows.push(Row {
            key: key.to_string(),
            item: Item::Heading(title),
            depth: 0,
            expandable: !items.is_empty(),
            expanded,
            text: format!("{title} ({})", items.len()),
            detail: String::new(),
            marks: marks(None, false, None),
        });
        if expanded {
            for (k, item, text, detail) in items {
                rows.push(leaf(k, item, 1, text, detail));
            }
        }
    };
    group(
        &mut rows,
        "g:sod",
        "Segregation rules",
        ws.sod_rules
            .values()
            .map(|r| {
                let pair = match &r.pair {
                    crate::model::SodPair::Roles([a, b]) => format!("roles {a} / {b}"),
                    crate::model::SodPair::Subjects([a, b]) => format!("duties {a} / {b}"),
                };
                (
                    format!("sod:{}", r.id),
                    Item::SodRule(r.id.clone()),
                    r.id.clone(),
                    format!("{pair} · {}", r.severity.as_str()),
                )
            })
            .collect(),
    );
    group(
        &mut rows,
        "g:act",
        "Activities",
        ws.activities
            .values()
            .map(|a| {
                (
                    format!("act:{}", a.id),
                    Item::Activity(a.id.clone()),
                    a.id.clone(),
                    a.title.clone(),
                )
            })
            .collect(),
    );
    group(
        &mut rows,
        "g:exc",
        "Exclusions",
        ws.exclusions
            .values()
            .map(|e| {
                (
                    format!("exc:{}", e.subject),
                    Item::Exclusion(e.subject.clone()),
                    e.subject.clone(),
                    e.justification.clone(),
                )
            })
            .collect(),
    );
    group(
        &mut rows,
        "g:sig",
        "Sign-offs",
        ws.signoffs
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    format!("sig:{i}"),
                    Item::Signoff(i),
                    s.date.to_string(),
                    s.minutes.clone().unwrap_or_default(),
                )
            })
            .collect(),
    );
    rows
}

/// Draws the rows into `area` and returns the screen position of the
/// selected row (for the terminal cursor).
pub fn render(
    f: &mut Frame<'_>,
    area: Rect,
    ctx: &PaneCtx<'_>,
    state: &mut TreeState,
) -> Option<(u16, u16)> {
    let (theme, glyphs, ws, on, focused) = (ctx.theme, ctx.glyphs, ctx.ws, ctx.on, ctx.focused);
    state.height = area.height as usize;
    if area.height == 0 || area.width == 0 {
        return None;
    }
    let h = area.height as usize;
    // Never scroll past the end (after collapsing), then follow the selection.
    state.offset = state.offset.min(state.rows.len().saturating_sub(h));
    if state.selected < state.offset {
        state.offset = state.selected;
    } else if state.selected >= state.offset + h {
        state.offset = state.selected + 1 - h;
    }
    let mut cursor = None;
    for (i, row) in state.rows.iter().enumerate().skip(state.offset).take(h) {
        let y = area.y + (i - state.offset) as u16;
        let selected = i == state.selected;
        let filled;
        let row = match &row.item {
            Item::Person(id) => {
                filled = person_row(row, id, ws, on, &state.concerns);
                &filled
            }
            _ => row,
        };
        let line = row_line(row, theme, glyphs, area.width as usize);
        let style = if selected {
            if focused {
                theme.selected
            } else {
                theme.selected_unfocused
            }
        } else {
            Style::new()
        };
        f.buffer_mut()
            .set_style(Rect::new(area.x, y, area.width, 1), style);
        f.buffer_mut().set_line(area.x, y, &line, area.width);
        if selected {
            cursor = Some((area.x + (row.depth * 2) as u16, y));
        }
    }
    if state.rows.is_empty() {
        let msg = match state.view {
            View::People => "No people yet. Press n to add one.",
            View::Roles => "No roles yet. Use the palette (:) and new-role.",
            View::Register => "",
        };
        f.buffer_mut().set_string(
            area.x,
            area.y,
            truncate(msg, area.width as usize, glyphs.ascii),
            theme.dim,
        );
    }
    cursor
}

/// One tree row. The markers (finding count, leaver, tag) come before the
/// name so a narrow pane never cuts them off; the name is shortened with an
/// ellipsis to make room, and the dim detail only uses what is left.
fn row_line<'a>(row: &'a Row, theme: &Theme, glyphs: &Glyphs, width: usize) -> Line<'a> {
    let mut spans = Vec::new();
    spans.push(Span::raw("  ".repeat(row.depth)));
    spans.push(Span::raw(if !row.expandable {
        glyphs.leaf
    } else if row.expanded {
        glyphs.expanded
    } else {
        glyphs.collapsed
    }));
    if let Some(worst) = row.marks.worst {
        spans.push(Span::styled(
            format!("{}{} ", glyphs.severity(worst), row.marks.findings),
            theme.severity(worst),
        ));
    }
    if row.marks.left {
        spans.push(Span::styled(format!("{} ", glyphs.left), theme.error));
    }
    // Tags say in words what the colours also show.
    let mut words: Vec<&str> = Vec::new();
    if row.marks.left {
        words.push("left");
    }
    words.extend(row.marks.tag);
    let tag = (!words.is_empty()).then(|| {
        let alarming = row.marks.left || matches!(row.marks.tag, Some("vacant" | "unknown"));
        (
            format!(" [{}]", words.join(", ")),
            if alarming { theme.warning } else { theme.dim },
        )
    });
    let fixed: usize = spans
        .iter()
        .map(|s| s.content.chars().count())
        .sum::<usize>()
        + tag.as_ref().map_or(0, |t| t.0.chars().count());
    let name_room = width.saturating_sub(fixed).max(1);
    let name_style = if row.marks.left {
        theme.left
    } else if matches!(row.item, Item::Heading(_)) {
        theme.group
    } else {
        Style::new()
    };
    let name = truncate(&row.text, name_room, glyphs.ascii).into_owned();
    let used = fixed + name.chars().count();
    spans.push(Span::styled(name, name_style));
    if let Some((text, style)) = tag {
        spans.push(Span::styled(text, style));
    }
    if !row.detail.is_empty() && used + 6 <= width {
        let room = width - used - 2;
        spans.push(Span::styled(
            format!(
                "  {}",
                truncate(row.detail.trim_end_matches([' ', '·']), room, glyphs.ascii)
            ),
            theme.dim,
        ));
    }
    Line::from(spans)
}

impl TreeState {
    /// Carries out a command on the tree: moves within it, or says what
    /// the app should do.
    pub fn command(&mut self, c: Command, ctx: &PaneCtx<'_>) -> Action {
        let item = self.selected_item().cloned();
        let ws = ctx.ws;
        let mut out = Action::Done;
        match c {
            Command::Up => self.move_by(-1),
            Command::Down => self.move_by(1),
            Command::PageUp => self.move_by(-(self.height.max(2) as isize - 1)),
            Command::PageDown => self.move_by(self.height.max(2) as isize - 1),
            Command::Top | Command::Home => self.selected = 0,
            Command::Bottom | Command::End => self.selected = self.rows.len().saturating_sub(1),
            Command::Left => {
                let row = self.rows.get(self.selected).cloned();
                match row {
                    Some(r) if r.expandable && r.expanded => self.set_expanded(&r.key, false),
                    Some(_) => {
                        if let Some(p) = self.parent_of_selected() {
                            self.selected = p;
                        }
                    }
                    None => {}
                }
            }
            Command::Right | Command::Toggle => {
                if let Some(r) = self.rows.get(self.selected).cloned()
                    && r.expandable
                {
                    let on = if c == Command::Right {
                        true
                    } else {
                        !r.expanded
                    };
                    self.set_expanded(&r.key, on);
                }
            }
            Command::ExpandAll | Command::CollapseAll => {
                let on = c == Command::ExpandAll;
                let keys: Vec<String> = match self.view {
                    View::People => ws.people.keys().map(|k| format!("p:{k}")).collect(),
                    View::Roles => ws.roles.keys().map(|k| format!("r:{k}")).collect(),
                    View::Register => vec![
                        "g:sod".into(),
                        "g:act".into(),
                        "g:exc".into(),
                        "g:sig".into(),
                    ],
                };
                for k in keys {
                    self.set_expanded(&k, on);
                }
            }
            Command::CycleTreeView => {
                let v = self.view.next();
                self.set_view(v);
                out = Action::say(format!("{} view", v.title()));
            }
            Command::JumpManager => {
                if let Some(Item::Person(id)) = &item {
                    match ws.people.get(id).and_then(|p| p.manager.clone()) {
                        Some(m) if ws.people.contains_key(&m) => out = Action::RevealPerson(m),
                        Some(m) => {
                            out = Action::warn(format!("The manager `{m}` is not in the register"))
                        }
                        None => out = Action::say("At the top of the organisation: no manager"),
                    }
                }
            }
            Command::Open => out = item.map_or(Action::Done, Action::OpenItem),
            Command::Assign => match &item {
                Some(Item::Person(p)) => {
                    let f = forms::assignment(ws, None, None, Some(p), ctx.today);
                    out = Action::OpenForm(Box::new(f));
                }
                Some(Item::Role(r)) | Some(Item::Vacancy(r)) => {
                    let f = forms::assignment(ws, Some(r), None, None, ctx.today);
                    out = Action::OpenForm(Box::new(f));
                }
                _ => out = Action::say("Select a person or a role to assign"),
            },
            Command::MarkLeft => match &item {
                Some(Item::Person(p)) => out = Action::OpenLeave(p.clone()),
                Some(Item::Assignment(role, i)) => {
                    if let Some(p) = ws
                        .roles
                        .get(role)
                        .and_then(|r| r.assignments.get(*i))
                        .map(|a| a.person.clone())
                    {
                        out = Action::OpenLeave(p);
                    }
                }
                _ => out = Action::say("Select a person to mark as having left"),
            },
            Command::EndAssignment => match &item {
                Some(Item::Assignment(role, i)) => {
                    if let Some(mut r) = ws.roles.get(role).cloned()
                        && let Some(a) = r.assignments.get_mut(*i)
                    {
                        // A leaver's appointment ends on their last day at
                        // the latest, or it would outlast them.
                        let left = ws.people.get(&a.person).and_then(|p| p.left);
                        let until = match left {
                            Some(l) if l < ctx.on => l,
                            _ => ctx.on,
                        };
                        if a.until.is_some_and(|u| u <= until) {
                            out = Action::say("That assignment has already ended");
                        } else if let Some(planned) = a.until {
                            // A planned end is a decision: not overwritten
                            // by a key press.
                            out = Action::say(format!(
                                "That assignment already ends on {planned}; Enter edits it to change the date"
                            ));
                        } else {
                            a.until = Some(until);
                            let label = format!("end {} as {role} on {until}", a.person);
                            out = Action::edit(Edit::PutRole(r), label);
                        }
                    }
                }
                _ => out = Action::say("Select an assignment (Roles view) to end it"),
            },
            Command::Delete => match item {
                Some(Item::Person(p)) => {
                    // Say everything that would then name nobody.
                    let assignments: usize = ws
                        .roles
                        .values()
                        .flat_map(|r| &r.assignments)
                        .filter(|a| a.person == p)
                        .count();
                    let deputy_or_sponsor = ws
                        .roles
                        .values()
                        .flat_map(|r| &r.assignments)
                        .filter(|a| {
                            a.deputy.as_deref() == Some(p.as_str())
                                || a.sponsor.as_deref() == Some(p.as_str())
                        })
                        .count();
                    let reports = ws
                        .people
                        .values()
                        .filter(|q| q.manager.as_deref() == Some(p.as_str()))
                        .count();
                    let signed = ws.signoffs.iter().filter(|s| s.by.contains(&p)).count();
                    let mut refs = Vec::new();
                    for (n, what) in [
                        (assignments, "assignment"),
                        (deputy_or_sponsor, "deputy or sponsor mention"),
                        (reports, "direct report"),
                        (signed, "sign-off"),
                    ] {
                        if n > 0 {
                            refs.push(format!("{n} {what}{}", if n == 1 { "" } else { "s" }));
                        }
                    }
                    let why = if refs.is_empty() {
                        String::new()
                    } else {
                        format!(" {} will then name nobody.", refs.join(", "))
                    };
                    out = Action::ask(
                        format!(
                            "Delete {p} from the register?{why} (Marking them as left keeps the history.)"
                        ),
                        Confirm::DeletePerson(p),
                    );
                }
                Some(Item::Role(r)) => {
                    out = Action::ask(
                        format!("Delete role {r}, its assignments and its matrix cells?"),
                        Confirm::DeleteRole(r),
                    )
                }
                Some(Item::Assignment(r, i)) => {
                    out = Action::ask(
                        "Delete this assignment? (Ending it keeps the history.)".into(),
                        Confirm::DeleteAssignment(r, i),
                    )
                }
                Some(Item::SodRule(id)) => {
                    out = Action::ask(format!("Delete rule {id}?"), Confirm::DeleteSodRule(id))
                }
                Some(Item::Activity(id)) => {
                    out = Action::ask(
                        format!("Delete activity {id}?"),
                        Confirm::DeleteActivity(id),
                    )
                }
                Some(Item::Exclusion(id)) => {
                    out = Action::ask(
                        format!("Make {id} applicable again?"),
                        Confirm::DeleteExclusion(id),
                    )
                }
                Some(Item::Signoff(i)) => {
                    out = Action::ask(
                        "Delete this sign-off record?".into(),
                        Confirm::DeleteSignoff(i),
                    )
                }
                _ => out = Action::say("Nothing to delete here"),
            },
            _ => out = Action::NotHere,
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;
    use crate::rules::Entity;
    use crate::sample::{person, today};

    /// boss → mid → low, plus a loop a ⇄ b nobody else reaches.
    fn register() -> Workspace {
        let mut ws = Workspace::default();
        for p in [
            person("boss", "Boss", "Board", None),
            person("mid", "Mid", "Board", Some("boss")),
            person("low", "Low", "Board", Some("mid")),
            person("a", "Alpha", "Board", Some("b")),
            person("b", "Beta", "Board", Some("a")),
        ] {
            ws.people.insert(p.id.clone(), p);
        }
        ws
    }

    /// A finding about `low`, the person at the bottom of the register.
    fn about_low(severity: Severity) -> Finding {
        Finding {
            rule: "people/leaver-holds-role",
            severity,
            message: String::new(),
            reference: "5.3".into(),
            entity: Entity::new(EntityKind::Person, "low"),
        }
    }

    fn shown(state: &TreeState) -> Vec<(String, usize)> {
        state
            .rows
            .iter()
            .map(|r| match &r.item {
                Item::Person(id) => (id.clone(), r.depth),
                other => panic!("unexpected row {other:?}"),
            })
            .collect()
    }

    fn build(ws: &Workspace, findings: &[Finding], state: &mut TreeState) {
        state.invalidate();
        state.refresh(ws, findings, today(), 1, 1);
    }

    #[test]
    fn people_under_a_folded_manager_are_hidden_not_promoted_to_roots() {
        let ws = register();
        let mut state = TreeState::default();
        build(&ws, &[], &mut state);
        // Roots unfold one level by default; `low` sits under folded `mid`.
        let rows = shown(&state);
        assert!(rows.contains(&("mid".into(), 1)), "{rows:?}");
        assert!(!rows.iter().any(|(id, _)| id == "low"), "{rows:?}");

        state.set_expanded("p:boss", false);
        build(&ws, &[], &mut state);
        let rows = shown(&state);
        assert!(
            !rows.iter().any(|(id, _)| id == "mid" || id == "low"),
            "{rows:?}"
        );
    }

    #[test]
    fn a_manager_loop_is_shown_once_as_a_tree_of_its_own() {
        let ws = register();
        let mut state = TreeState::default();
        build(&ws, &[], &mut state);
        let rows = shown(&state);
        let alpha: Vec<_> = rows.iter().filter(|(id, _)| id == "a").collect();
        let beta: Vec<_> = rows.iter().filter(|(id, _)| id == "b").collect();
        assert_eq!((alpha.len(), beta.len()), (1, 1), "{rows:?}");
        let depths = [alpha[0].1, beta[0].1];
        assert!(depths.contains(&0) && depths.contains(&1), "{rows:?}");
    }

    #[test]
    fn when_a_fixed_problem_folds_its_branch_the_manager_is_selected() {
        let ws = register();
        let finding = about_low(Severity::Error);
        let mut state = TreeState::default();
        build(&ws, &[finding], &mut state);
        assert!(state.select_key("p:low"));
        // The problem is gone: `mid` folds again, and `low` is hidden.
        build(&ws, &[], &mut state);
        assert_eq!(state.selected_key(), Some("p:mid"));
    }

    #[test]
    fn self_managers_and_chains_hanging_off_a_loop_are_all_shown_once() {
        let mut ws = register();
        for p in [
            person("solo", "Solo", "Board", Some("solo")),
            person("c", "Gamma", "Board", Some("a")),
            person("d", "Delta", "Board", Some("c")),
        ] {
            ws.people.insert(p.id.clone(), p);
        }
        let mut state = TreeState::default();
        state.set_expanded("p:a", true);
        state.set_expanded("p:b", true);
        state.set_expanded("p:c", true);
        build(&ws, &[], &mut state);
        let rows = shown(&state);
        for id in ["boss", "mid", "a", "b", "c", "d", "solo"] {
            let n = rows.iter().filter(|(r, _)| r == id).count();
            assert_eq!(n, 1, "{id} in {rows:?}");
        }
        assert!(
            rows.contains(&("solo".into(), 0)),
            "its own manager: a root"
        );
    }

    #[test]
    fn a_branch_leading_to_a_problem_starts_unfolded() {
        let ws = register();
        let finding = about_low;
        let mut state = TreeState::default();
        build(&ws, &[finding(Severity::Error)], &mut state);
        assert!(shown(&state).contains(&("low".into(), 2)));

        // Information alone does not unfold anything.
        let mut state = TreeState::default();
        build(&ws, &[finding(Severity::Info)], &mut state);
        assert!(!shown(&state).iter().any(|(id, _)| id == "low"));

        // A branch the user folded stays folded.
        let mut state = TreeState::default();
        state.set_expanded("p:mid", false);
        build(&ws, &[finding(Severity::Error)], &mut state);
        assert!(!shown(&state).iter().any(|(id, _)| id == "low"));
    }
}
