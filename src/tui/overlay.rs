//! Layers drawn over the panes: help, the command palette, the fuzzy
//! finder and confirmations. The top layer takes the keys; Esc closes it.

use crossterm::event::KeyCode;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::command::{Command, Context};
use super::keymap::{HINTS, Key, KeyMap};
use super::theme::{Glyphs, Theme};
use crate::model::Workspace;
use crate::rules::{Entity, EntityKind, Finding};
use crate::text::{sanitize, truncate};

/// A rectangle of `w`×`h` centred in `area` (clipped to it).
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn frame_block<'a>(title: &'a str, theme: &Theme, glyphs: &Glyphs) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_set(glyphs.border)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" {title} "), theme.title))
}

// Help

/// The help overlay: every key, by context, generated from the key map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Help {
    pub scroll: usize,
}

pub fn help_lines(
    keymap: &KeyMap,
    problems: &[String],
    theme: &Theme,
    ascii: bool,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for ctx in [
        Context::Global,
        Context::Tree,
        Context::Matrix,
        Context::Findings,
    ] {
        let cmds: Vec<Command> = Command::ALL
            .iter()
            .copied()
            .filter(|c| c.context() == ctx)
            .collect();
        if cmds.is_empty() && ctx != Context::Findings {
            continue;
        }
        lines.push(Line::from(Span::styled(
            ctx.title().to_string(),
            theme.group,
        )));
        if ctx == Context::Findings {
            lines.push(Line::from(
                "  Enter           jump to what the finding is about",
            ));
        }
        for c in cmds {
            let keys = keymap.keys_label(c, ascii);
            let keys = if keys.is_empty() {
                format!(":{}", c.name())
            } else {
                keys
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<18}", truncate(&keys, 17, ascii)), theme.key),
                Span::raw(c.description().to_string()),
            ]));
        }
        lines.push(Line::from(""));
    }
    // The forms' keys, from the table the forms obey.
    lines.push(Line::from(Span::styled(
        "In a form".to_string(),
        theme.group,
    )));
    let mut seen: Vec<&str> = Vec::new();
    for k in super::form::FORM_KEYS {
        if k.long.is_empty() || seen.contains(&k.long) {
            continue;
        }
        seen.push(k.long);
        let keys: Vec<String> = super::form::FORM_KEYS
            .iter()
            .filter(|o| o.long == k.long)
            .map(|o| o.label(ascii))
            .collect();
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {:<18}", truncate(&keys.join(" "), 17, ascii)),
                theme.key,
            ),
            Span::raw(k.long.to_string()),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Keys can be changed in keys.toml in the config folder; see the README.".to_string(),
        theme.dim,
    )));
    if !problems.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "Problems in keys.toml".to_string(),
            theme.warning,
        )));
        for p in problems {
            lines.push(Line::from(format!("  {}", sanitize(p))));
        }
    }
    lines
}

impl Help {
    /// Returns false when the overlay should close.
    pub fn handle(&mut self, key: Key) -> bool {
        match key.code {
            KeyCode::Esc
            | KeyCode::Char('q')
            | KeyCode::Char('?')
            | KeyCode::F(1)
            | KeyCode::Enter => return false,
            KeyCode::Down | KeyCode::Char('j') => self.scroll += 1,
            KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll += 10,
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::Home => self.scroll = 0,
            _ => {}
        }
        true
    }

    pub fn render(
        &mut self,
        f: &mut Frame<'_>,
        area: Rect,
        keymap: &KeyMap,
        problems: &[String],
        theme: &Theme,
        glyphs: &Glyphs,
    ) {
        let rect = centred(area, 90, area.height.saturating_sub(2));
        f.render_widget(Clear, rect);
        let inner_w = rect.width.saturating_sub(2) as usize;
        // A line too long for the screen ends in `…` rather than mid-word.
        let lines: Vec<Line<'static>> = help_lines(keymap, problems, theme, glyphs.ascii)
            .into_iter()
            .map(|l| fit_line(l, inner_w, glyphs.ascii))
            .collect();
        let inner_h = rect.height.saturating_sub(2) as usize;
        self.scroll = self.scroll.min(lines.len().saturating_sub(inner_h));
        let p = Paragraph::new(lines)
            .block(frame_block("Help — Esc closes, ↑↓ scroll", theme, glyphs))
            .scroll((self.scroll as u16, 0));
        f.render_widget(p, rect);
    }
}

/// The status line's recent messages, newest last, in full: at 80×24 a
/// long message is cut, and a quick one is gone at the next key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Messages {
    pub scroll: usize,
    /// (time, error?, text), oldest first.
    pub lines: Vec<(String, bool, String)>,
    /// Scrolled to the end when first drawn.
    started: bool,
    /// Set for a report shown as it is (line for line, from the top)
    /// rather than the message log.
    pub title: Option<String>,
}

impl Messages {
    pub fn new(lines: Vec<(String, bool, String)>) -> Messages {
        Messages {
            scroll: 0,
            lines,
            started: false,
            title: None,
        }
    }

    /// A report of several lines, such as the problems that stopped a
    /// reload, shown as written: the carets under a problem stay aligned.
    pub fn report(title: impl Into<String>, text: &str) -> Messages {
        Messages {
            scroll: 0,
            lines: text
                .lines()
                .map(|l| (String::new(), false, l.to_string()))
                .collect(),
            started: true,
            title: Some(title.into()),
        }
    }

    /// Returns false when the overlay should close.
    pub fn handle(&mut self, key: Key) -> bool {
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter => return false,
            KeyCode::Down | KeyCode::Char('j') => self.scroll += 1,
            KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll += 10,
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::Home => self.scroll = 0,
            KeyCode::End => self.scroll = usize::MAX,
            _ => {}
        }
        true
    }

    pub fn render(&mut self, f: &mut Frame<'_>, area: Rect, theme: &Theme, glyphs: &Glyphs) {
        let rect = centred(area, 90, area.height.saturating_sub(2));
        f.render_widget(Clear, rect);
        let title = format!(
            "{} — Esc closes, ↑↓ scroll",
            self.title.as_deref().unwrap_or("Messages")
        );
        let inner_w = rect.width.saturating_sub(2) as usize;
        let mut flow = super::flow::Flow::new(inner_w);
        if self.lines.is_empty() {
            flow.text(0, "No messages yet.");
        }
        for (time, error, text) in self.lines.iter().filter(|_| self.title.is_none()) {
            let style = if *error {
                theme.error
            } else {
                Style::default()
            };
            flow.push(
                0,
                vec![(format!("{time} "), theme.dim), (text.clone(), style)],
            );
        }
        let mut lines = flow.lines;
        if self.title.is_some() {
            lines = self
                .lines
                .iter()
                .map(|(_, _, text)| {
                    let style = if text.starts_with("error") {
                        theme.error
                    } else {
                        Style::default()
                    };
                    Line::from(Span::styled(
                        truncate(&sanitize(text), inner_w, glyphs.ascii).into_owned(),
                        style,
                    ))
                })
                .collect();
        }
        let inner_h = rect.height.saturating_sub(2) as usize;
        let last = lines.len().saturating_sub(inner_h);
        if !self.started {
            self.started = true;
            self.scroll = last;
        }
        self.scroll = self.scroll.min(last);
        let p = Paragraph::new(lines)
            .block(frame_block(&title, theme, glyphs))
            .scroll((self.scroll as u16, 0));
        f.render_widget(p, rect);
    }
}

// Palette and finder share a filtered list.

/// A filterable list of choices with a text box on top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker<T> {
    pub query: String,
    pub items: Vec<(String, String, T)>,
    /// Indices of `items` matching the query, best first.
    pub matches: Vec<usize>,
    pub selected: usize,
}

impl<T: Clone> Picker<T> {
    pub fn new(items: Vec<(String, String, T)>) -> Picker<T> {
        let mut p = Picker {
            query: String::new(),
            items,
            matches: Vec::new(),
            selected: 0,
        };
        p.refilter();
        p
    }

    fn refilter(&mut self) {
        let matcher = SkimMatcherV2::default().ignore_case();
        if self.query.is_empty() {
            self.matches = (0..self.items.len()).collect();
        } else {
            let mut scored: Vec<(i64, usize)> = self
                .items
                .iter()
                .enumerate()
                .filter_map(|(i, (label, extra, _))| {
                    // `as of` finds `as-of`: words joined by dashes also
                    // match typed with spaces.
                    let hay = format!("{label} {} {extra}", label.replace('-', " "));
                    matcher.fuzzy_match(&hay, &self.query).map(|s| (s, i))
                })
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.matches = scored.into_iter().map(|(_, i)| i).collect();
        }
        self.selected = 0;
    }

    /// `Some(Some(choice))` chosen, `Some(None)` cancelled, `None` continue.
    pub fn handle(&mut self, key: Key) -> Option<Option<T>> {
        match key.code {
            KeyCode::Esc => return Some(None),
            KeyCode::Char('c') if key.ctrl => return Some(None),
            KeyCode::Enter => {
                return Some(
                    self.matches
                        .get(self.selected)
                        .map(|&i| self.items[i].2.clone()),
                );
            }
            KeyCode::Down | KeyCode::Tab => {
                self.selected = (self.selected + 1).min(self.matches.len().saturating_sub(1))
            }
            KeyCode::Char('n') if key.ctrl => {
                self.selected = (self.selected + 1).min(self.matches.len().saturating_sub(1))
            }
            KeyCode::Up | KeyCode::BackTab => self.selected = self.selected.saturating_sub(1),
            KeyCode::Char('p') if key.ctrl => self.selected = self.selected.saturating_sub(1),
            KeyCode::PageDown => {
                self.selected = (self.selected + 10).min(self.matches.len().saturating_sub(1))
            }
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(10),
            KeyCode::Backspace => {
                self.query.pop();
                self.refilter();
            }
            KeyCode::Char('u') if key.ctrl => {
                self.query.clear();
                self.refilter();
            }
            KeyCode::Char(c) if !key.ctrl && !key.alt => {
                self.query.push(c);
                self.refilter();
            }
            _ => {}
        }
        None
    }

    pub fn paste(&mut self, text: &str) {
        self.query.extend(text.chars().filter(|c| !c.is_control()));
        self.refilter();
    }

    pub fn render(
        &mut self,
        f: &mut Frame<'_>,
        area: Rect,
        title: &str,
        theme: &Theme,
        glyphs: &Glyphs,
    ) -> Option<(u16, u16)> {
        let rect = centred(area, 78, area.height.saturating_sub(4).max(8));
        f.render_widget(Clear, rect);
        let block = frame_block(title, theme, glyphs);
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        if inner.height < 2 {
            return None;
        }
        let prompt = format!("> {}", sanitize(&self.query));
        f.buffer_mut().set_string(
            inner.x,
            inner.y,
            truncate(&prompt, inner.width as usize, glyphs.ascii),
            theme.input_focused,
        );
        let cursor = (
            inner.x + (prompt.chars().count() as u16).min(inner.width.saturating_sub(1)),
            inner.y,
        );
        let list_h = (inner.height - 1) as usize;
        let top = self.selected.saturating_sub(list_h.saturating_sub(1));
        for (row, &i) in self.matches.iter().enumerate().skip(top).take(list_h) {
            let y = inner.y + 1 + (row - top) as u16;
            let (label, extra, _) = &self.items[i];
            let style = if row == self.selected {
                theme.selected
            } else {
                Style::new()
            };
            let w = inner.width as usize;
            let label = truncate(&sanitize(label), w * 2 / 3, glyphs.ascii).into_owned();
            let room = w.saturating_sub(label.chars().count() + 2);
            let line = Line::from(vec![
                Span::raw(label),
                Span::raw("  "),
                Span::styled(
                    truncate(&sanitize(extra), room, glyphs.ascii).into_owned(),
                    theme.dim,
                ),
            ]);
            f.buffer_mut()
                .set_style(Rect::new(inner.x, y, inner.width, 1), style);
            f.buffer_mut().set_line(inner.x, y, &line, inner.width);
        }
        if self.matches.is_empty() {
            f.buffer_mut()
                .set_string(inner.x, inner.y + 1, "No match.", theme.dim);
        }
        Some(cursor)
    }
}

/// The palette: every command by name, with its keys.
pub fn palette(keymap: &KeyMap, ascii: bool) -> Picker<Command> {
    let items = Command::ALL
        .iter()
        .map(|c| {
            let keys = keymap.keys_label(*c, ascii);
            let extra = if keys.is_empty() {
                c.description().to_string()
            } else {
                format!("{} [{keys}]", c.description())
            };
            (c.name().to_string(), extra, *c)
        })
        .collect();
    Picker::new(items)
}

/// The finder: people, roles, subjects and findings, each leading to its
/// entity.
pub fn finder(ws: &Workspace, findings: &[Finding]) -> Picker<Entity> {
    let mut items: Vec<(String, String, Entity)> =
        Vec::with_capacity(ws.people.len() + ws.roles.len() + 200);
    for p in ws.people.values() {
        let extra = format!("person {} {}", p.id, p.title.clone().unwrap_or_default());
        items.push((
            p.display_name().to_string(),
            extra,
            Entity::new(EntityKind::Person, p.id.clone()),
        ));
    }
    for r in ws.roles.values() {
        items.push((
            r.display_name().to_string(),
            format!("role {}", r.id),
            Entity::new(EntityKind::Role, r.id.clone()),
        ));
    }
    for s in crate::catalogue::subjects(ws) {
        items.push((
            format!("{} {}", s.id, s.title),
            s.kind.as_str().to_string(),
            Entity::new(EntityKind::Subject, s.id),
        ));
    }
    for f in findings {
        items.push((
            f.message.clone(),
            format!("finding {}", f.rule),
            f.entity.clone(),
        ));
    }
    Picker::new(items)
}

/// The finder over people or roles only, to fill in a form's field;
/// starts from what was typed there.
pub fn pick(ws: &Workspace, what: super::form::Pick, typed: &str) -> Picker<Entity> {
    let kind = match what {
        super::form::Pick::Person => EntityKind::Person,
        super::form::Pick::Role => EntityKind::Role,
    };
    let mut all = finder(ws, &[]);
    all.items.retain(|(_, _, e)| e.kind == kind);
    let mut p = Picker::new(all.items);
    p.paste(typed.trim());
    p
}

/// The status-line hints for `context`: key and short description pairs,
/// as many as fit in `width`.
pub fn hints(
    keymap: &KeyMap,
    context: Context,
    width: usize,
    ascii: bool,
    read_only: bool,
) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let mut used = 0;
    let lists = HINTS
        .iter()
        .filter(|(c, _)| *c == context || *c == Context::Global);
    for (_, cmds) in lists {
        // Read-only: no hints for keys that would only be refused.
        for c in cmds
            .iter()
            .filter(|c| !(read_only && (c.edits() || **c == Command::Save)))
        {
            let Some(key) = keymap.first_key(*c, ascii) else {
                continue;
            };
            let word = short(*c);
            let len = key.chars().count() + word.len() + 3;
            if used + len > width {
                return out;
            }
            used += len;
            out.push((key, word));
        }
    }
    out
}

/// The word shown in hints for a command.
fn short(c: Command) -> &'static str {
    use Command::*;
    match c {
        Open => "open",
        CycleTreeView => "view",
        Assign => "assign",
        MarkLeft => "left",
        NewPerson => "new",
        SetA => "A",
        SetR => "R",
        ClearCell => "clear",
        FilterFindings => "filter",
        PeopleColumns => "people",
        Save => "save",
        Undo => "undo",
        Finder => "find",
        Help => "help",
        Quit => "quit",
        other => other.name(),
    }
}

// Confirmation

/// What a confirmation does when answered yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Quit,
    /// Close the form underneath, dropping what was typed in it.
    DiscardForm,
    Reload,
    RestoreRecovery,
    DeletePerson(String),
    DeleteRole(String),
    DeleteAssignment(String, usize),
    DeleteSodRule(String),
    DeleteActivity(String),
    DeleteExclusion(String),
    DeleteSignoff(usize),
}

/// A yes/no question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub text: String,
    pub yes: Confirm,
    pub yes_label: &'static str,
    pub no_label: &'static str,
    /// A third answer on `s`, with its label ("save and quit").
    pub save_label: Option<&'static str>,
}

/// How a question was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// Save first, then do what yes does.
    Save,
}

impl Question {
    /// The answer, or `None` to keep asking.
    pub fn handle(&self, key: Key) -> Option<Answer> {
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => Some(Answer::Yes),
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => Some(Answer::No),
            KeyCode::Char('c') if key.ctrl => Some(Answer::No),
            KeyCode::Char('s') | KeyCode::Char('S') if self.save_label.is_some() => {
                Some(Answer::Save)
            }
            _ => None,
        }
    }

    pub fn render(&self, f: &mut Frame<'_>, area: Rect, theme: &Theme, glyphs: &Glyphs) {
        let text = sanitize(&self.text).into_owned();
        // Tall enough for the whole question, however long, with the
        // answers on their own line at the bottom, never cut off.
        let width = area.width.min(60);
        let text_rows = wrapped_rows(&text, width.saturating_sub(2) as usize);
        let height = (text_rows as u16 + 4).min(area.height);
        let rect = centred(area, width, height);
        f.render_widget(Clear, rect);
        let block = frame_block("Confirm", theme, glyphs);
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        if inner.height == 0 {
            return;
        }
        let mut answers = Vec::new();
        if let Some(label) = self.save_label {
            answers.push(Span::styled("s", theme.key));
            answers.push(Span::raw(format!(" {label}   ")));
        }
        answers.extend([
            Span::styled("y", theme.key),
            Span::raw(format!(" {}   ", self.yes_label)),
            Span::styled("n", theme.key),
            Span::raw(format!(" {}", self.no_label)),
        ]);
        let answers = Line::from(answers);
        let text_area = Rect {
            height: inner.height.saturating_sub(2),
            ..inner
        };
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), text_area);
        f.render_widget(
            Paragraph::new(answers),
            Rect {
                y: inner.y + inner.height - 1,
                height: 1,
                ..inner
            },
        );
    }
}

/// `line` cut to `width` columns, the cut marked with `…`.
fn fit_line(line: Line<'static>, width: usize, ascii: bool) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut left = width;
    let mut spans = Vec::new();
    for span in line.spans {
        if left == 0 {
            break;
        }
        let w = span.width();
        if w < left {
            left -= w;
            spans.push(span);
        } else {
            let cut = truncate(&span.content, left, ascii).into_owned();
            spans.push(Span::styled(cut, span.style));
            left = 0;
        }
    }
    Line::from(spans)
}

/// How many rows `text` takes when wrapped at word boundaries to `width`
/// columns (as `Paragraph` wraps it; long words are split).
fn wrapped_rows(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = word.chars().count();
        if used > 0 && used + 1 + len > width {
            rows += 1;
            used = 0;
        }
        used += usize::from(used > 0) + len;
        while used > width {
            rows += 1;
            used -= width;
        }
    }
    rows
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn a_long_question_keeps_its_answers_on_screen() {
        let q = Question {
            text: "Delete Daniel Mensah (dmensah)? ".repeat(8),
            yes: Confirm::Quit,
            yes_label: "yes",
            no_label: "no",
            save_label: None,
        };
        let theme = Theme::new(false);
        let glyphs = Glyphs::new(false);
        for (w, h) in [(80, 24), (120, 40)] {
            let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
            t.draw(|f| q.render(f, f.area(), &theme, &glyphs)).unwrap();
            let buf = t.backend().buffer();
            let screen: String = (0..h)
                .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
                .collect();
            assert!(screen.contains("y yes   n no"), "{screen}");
            assert_eq!(screen.matches("(dmensah)?").count(), 8, "{screen}");
        }
    }

    #[test]
    fn finder_ranks_by_fuzzy_match() {
        let ws = crate::sample::clean();
        let mut p = finder(&ws, &[]);
        for c in "acces ctrl".chars() {
            p.handle(Key {
                code: KeyCode::Char(c),
                ctrl: false,
                alt: false,
                shift: false,
            });
        }
        let first = &p.items[p.matches[0]];
        assert!(first.0.starts_with("A.5.15"), "{first:?}");
        let chosen = p.handle(Key::parse("enter").unwrap()).unwrap().unwrap();
        assert_eq!(chosen, Entity::new(EntityKind::Subject, "A.5.15"));
    }

    #[test]
    fn palette_lists_every_command_with_its_keys() {
        let map = KeyMap::default();
        let p = palette(&map, false);
        assert_eq!(p.items.len(), Command::ALL.len());
        let save = p.items.iter().find(|i| i.2 == Command::Save).unwrap();
        assert!(save.1.contains("Ctrl-S"));
    }

    #[test]
    fn hints_follow_the_keymap_and_fit() {
        let (map, _) = KeyMap::with_overrides("[global]\nsave = \"F2\"\n");
        let h = hints(&map, Context::Matrix, 200, false, false);
        assert!(h.contains(&("F2".to_string(), "save")));
        let narrow = hints(&map, Context::Matrix, 12, false, false);
        let used: usize = narrow
            .iter()
            .map(|(k, w)| k.chars().count() + w.len() + 3)
            .sum();
        assert!(used <= 12);
    }
}
