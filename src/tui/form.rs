//! A small form engine: labelled fields edited in place, validated on
//! submit, with the problem shown beside the field it concerns.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

use super::keymap::Key;
use super::theme::{Glyphs, Theme};
use crate::text::{sanitize, truncate};

/// How a field is edited and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Date,
    /// Yes/no, toggled with Space.
    Bool,
    /// One of a fixed list, cycled with Space or ←/→.
    Choice(&'static [&'static str]),
    Number,
    /// Several lines; each line is one item.
    Lines,
}

/// What a form key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    Save,
    Cancel,
    NewLine,
    Next,
    Previous,
    Cycle,
    CycleBack,
    Clear,
    Pick,
}

/// Where a form key applies, judged by the focused field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// In an editable field of several lines.
    Lines,
    /// Anywhere but an editable field of several lines.
    NotLines,
    /// In an editable yes/no or choice field.
    Toggle,
    /// In any editable field.
    Editable,
    /// In an editable field naming a person or a role.
    Pickable,
}

impl When {
    pub fn applies(self, f: &Field) -> bool {
        let lines = f.kind == Kind::Lines && !f.locked;
        match self {
            When::Always => true,
            When::Lines => lines,
            When::NotLines => !lines,
            When::Toggle => matches!(f.kind, Kind::Choice(_) | Kind::Bool) && !f.locked,
            When::Editable => !f.locked,
            When::Pickable => f.pick.is_some() && !f.locked,
        }
    }
}

/// A key of the forms: what [`Form::handle`] does with it, and what the
/// status line (`short`) and the help (`long`) say about it. An empty
/// `short` is not hinted; an empty `long` is not listed in the help.
#[derive(Debug, Clone, Copy)]
pub struct FormKey {
    pub code: KeyCode,
    pub ctrl: bool,
    pub when: When,
    pub action: FormAction,
    pub short: &'static str,
    pub long: &'static str,
}

impl FormKey {
    pub fn label(&self, ascii: bool) -> String {
        let k = Key {
            code: self.code,
            ctrl: self.ctrl,
            alt: false,
            shift: false,
        }
        .to_string();
        if ascii {
            k.replace('↑', "Up")
                .replace('↓', "Down")
                .replace('←', "Left")
                .replace('→', "Right")
        } else {
            k
        }
    }
}

const fn key(
    code: KeyCode,
    ctrl: bool,
    when: When,
    action: FormAction,
    short: &'static str,
    long: &'static str,
) -> FormKey {
    FormKey {
        code,
        ctrl,
        when,
        action,
        short,
        long,
    }
}

/// The one key map of the forms, most useful first (the status line shows
/// as many as fit).
pub const FORM_KEYS: &[FormKey] = {
    use FormAction::*;
    use KeyCode::*;
    &[
        key(Enter, false, When::NotLines, Save, "save", "Save the form"),
        key(
            Enter,
            false,
            When::Lines,
            NewLine,
            "new line",
            "In a field of several lines: a new line",
        ),
        key(
            Char('s'),
            true,
            When::Always,
            Save,
            "save",
            "Save the form, from any field",
        ),
        key(
            Char('f'),
            true,
            When::Pickable,
            Pick,
            "pick",
            "In a person or role field: pick from the list, as in the finder",
        ),
        key(Tab, false, When::Always, Next, "next", "Next field"),
        key(Down, false, When::Always, Next, "", "Next field"),
        key(BackTab, false, When::Always, Previous, "", "Previous field"),
        key(Up, false, When::Always, Previous, "", "Previous field"),
        key(
            Char(' '),
            false,
            When::Toggle,
            Cycle,
            "toggle",
            "Yes/no or choice field: the next value",
        ),
        key(
            Right,
            false,
            When::Toggle,
            Cycle,
            "",
            "Yes/no or choice field: the next value",
        ),
        key(
            Left,
            false,
            When::Toggle,
            CycleBack,
            "",
            "Yes/no or choice field: the previous value",
        ),
        key(
            Esc,
            false,
            When::Always,
            Cancel,
            "cancel",
            "Close the form (asks first if you typed something)",
        ),
        key(Char('c'), true, When::Always, Cancel, "", "Close the form"),
        key(
            Char('u'),
            true,
            When::Editable,
            Clear,
            "clear",
            "Clear the field",
        ),
    ]
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub value: String,
    /// Cursor position in characters.
    pub cursor: usize,
    pub locked: bool,
    pub hint: &'static str,
    /// What the field names, when it can be picked from a list.
    pub pick: Option<Pick>,
    pub error: Option<String>,
}

impl Field {
    pub fn new(
        key: &'static str,
        label: &'static str,
        kind: Kind,
        value: impl Into<String>,
    ) -> Field {
        let value = value.into();
        let cursor = value.chars().count();
        Field {
            key,
            label,
            kind,
            value,
            cursor,
            locked: false,
            hint: "",
            pick: None,
            error: None,
        }
    }

    /// Lets the value be picked from a list of people or roles.
    pub fn pick(mut self, what: Pick) -> Field {
        self.pick = Some(what);
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Field {
        self.hint = hint;
        self
    }

    pub fn locked(mut self, locked: bool) -> Field {
        self.locked = locked;
        self
    }

    pub fn bool(key: &'static str, label: &'static str, on: bool) -> Field {
        Field::new(key, label, Kind::Bool, if on { "yes" } else { "no" })
    }

    fn insert(&mut self, c: char) {
        let at = byte_index(&self.value, self.cursor);
        self.value.insert(at, c);
        self.cursor += 1;
    }

    fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let at = byte_index(&self.value, self.cursor - 1);
        self.value.remove(at);
        self.cursor -= 1;
    }

    fn delete(&mut self) {
        if self.cursor < self.value.chars().count() {
            let at = byte_index(&self.value, self.cursor);
            self.value.remove(at);
        }
    }

    fn cycle(&mut self, forward: bool) {
        match self.kind {
            Kind::Bool => {
                self.value = if self.value == "yes" {
                    "no".into()
                } else {
                    "yes".into()
                }
            }
            Kind::Choice(options) => {
                let i = options.iter().position(|o| *o == self.value).unwrap_or(0);
                let n = options.len();
                let j = if forward {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.value = options[j].to_string();
            }
            _ => {}
        }
        self.cursor = self.value.chars().count();
    }

    pub fn is_on(&self) -> bool {
        self.value == "yes"
    }

    /// The value trimmed, `None` when empty.
    pub fn text(&self) -> Option<String> {
        let t = self.value.trim();
        (!t.is_empty()).then(|| t.to_string())
    }

    /// Non-empty lines, trimmed.
    pub fn lines(&self) -> Vec<String> {
        self.value
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Comma- or line-separated items, trimmed.
    pub fn items(&self) -> Vec<String> {
        self.value
            .split([',', '\n'])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn height(&self) -> u16 {
        match self.kind {
            Kind::Lines => (self.value.lines().count() as u16 + 1).clamp(2, 5),
            _ => 1,
        }
    }
}

fn byte_index(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Continue,
    Submit,
    Cancel,
    /// Open the list to pick the focused field's value from.
    Pick(Pick),
}

/// What a field names, for picking it from a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Person,
    Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A problem with the form as a whole.
    pub error: Option<String>,
    /// First field shown (long forms scroll).
    pub scroll: usize,
    /// The values the form opened with, to tell whether anything was typed.
    initial: Vec<String>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        let initial = fields.iter().map(|f| f.value.clone()).collect();
        let mut f = Form {
            title: title.into(),
            fields,
            focus: 0,
            error: None,
            scroll: 0,
            initial,
        };
        f.focus = f.fields.iter().position(|x| !x.locked).unwrap_or(0);
        f
    }

    /// Has anything been changed since the form opened?
    pub fn changed(&self) -> bool {
        self.fields.iter().map(|f| &f.value).ne(self.initial.iter())
    }

    pub fn field(&self, key: &str) -> &Field {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .expect("form has the field it asks for")
    }

    /// Records a problem on `key`'s field and moves the focus there.
    pub fn fail(&mut self, key: &str, message: impl Into<String>) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            if self.fields.iter().all(|f| f.error.is_none()) {
                self.focus = i;
            }
            self.fields[i].error = Some(message.into());
        }
    }

    pub fn has_errors(&self) -> bool {
        self.error.is_some() || self.fields.iter().any(|f| f.error.is_some())
    }

    pub fn clear_errors(&mut self) {
        self.error = None;
        for f in &mut self.fields {
            f.error = None;
        }
    }

    fn move_focus(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        if n == 0 {
            return;
        }
        let mut i = self.focus as isize;
        for _ in 0..n {
            i = (i + delta).rem_euclid(n);
            if !self.fields[i as usize].locked {
                break;
            }
        }
        self.focus = i as usize;
    }

    /// Puts a picked value into the focused field.
    pub fn set_focused(&mut self, value: &str) {
        if let Some(field) = self.fields.get_mut(self.focus)
            && !field.locked
        {
            field.value = value.to_string();
            field.cursor = field.value.chars().count();
            field.error = None;
        }
    }

    /// The focused field.
    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    /// The form keys that apply in the focused field, in [`FORM_KEYS`]
    /// order, for the status line: (key, what it does), one per action.
    pub fn hints(&self, ascii: bool) -> Vec<(String, &'static str)> {
        let Some(field) = self.focused() else {
            return Vec::new();
        };
        let mut out: Vec<(String, &'static str)> = Vec::new();
        for k in FORM_KEYS.iter().filter(|k| k.when.applies(field)) {
            if !k.short.is_empty() && !out.iter().any(|(_, w)| *w == k.short) {
                out.push((k.label(ascii), k.short));
            }
        }
        out
    }

    pub fn handle(&mut self, key: Key) -> Outcome {
        let field = &mut self.fields[self.focus];
        let bound = FORM_KEYS
            .iter()
            .find(|k| k.code == key.code && k.ctrl == key.ctrl && k.when.applies(field));
        if let Some(k) = bound {
            match k.action {
                FormAction::Save => return Outcome::Submit,
                FormAction::Cancel => return Outcome::Cancel,
                FormAction::NewLine => field.insert('\n'),
                FormAction::Next => self.move_focus(1),
                FormAction::Previous => self.move_focus(-1),
                FormAction::CycleBack => field.cycle(false),
                FormAction::Cycle => field.cycle(true),
                FormAction::Clear => {
                    field.value.clear();
                    field.cursor = 0;
                }
                FormAction::Pick => {
                    if let Some(what) = field.pick {
                        return Outcome::Pick(what);
                    }
                }
            }
            return Outcome::Continue;
        }
        if key.ctrl {
            return Outcome::Continue;
        }
        match key.code {
            _ if field.locked => {}
            KeyCode::Char(c) if matches!(field.kind, Kind::Bool) => {
                if c == 'y' {
                    field.value = "yes".into();
                } else if c == 'n' {
                    field.value = "no".into();
                }
            }
            KeyCode::Char(c) if matches!(field.kind, Kind::Choice(_)) => {
                // Jump to the next option starting with the letter typed.
                if let Kind::Choice(options) = field.kind {
                    let start = options
                        .iter()
                        .position(|o| *o == field.value)
                        .map_or(0, |i| i + 1);
                    if let Some(o) = (0..options.len())
                        .map(|k| options[(start + k) % options.len()])
                        .find(|o| o.starts_with(c))
                    {
                        field.value = o.to_string();
                    }
                }
            }
            KeyCode::Char(c) => {
                field.insert(c);
                field.error = None;
            }
            KeyCode::Backspace => {
                field.backspace();
                field.error = None;
            }
            KeyCode::Delete => field.delete(),
            KeyCode::Left => field.cursor = field.cursor.saturating_sub(1),
            KeyCode::Right => field.cursor = (field.cursor + 1).min(field.value.chars().count()),
            KeyCode::Home => field.cursor = 0,
            KeyCode::End => field.cursor = field.value.chars().count(),
            _ => {}
        }
        Outcome::Continue
    }

    /// Typed text from a paste: inserted into the focused field.
    pub fn paste(&mut self, text: &str) {
        let field = &mut self.fields[self.focus];
        if field.locked || matches!(field.kind, Kind::Bool | Kind::Choice(_)) {
            return;
        }
        for c in text.chars() {
            match c {
                '\n' | '\r' if field.kind == Kind::Lines => field.insert('\n'),
                c if c.is_control() => {}
                c => field.insert(c),
            }
        }
    }

    /// What the foot of the form says: the form's problem, else the
    /// focused field's, else its hint.
    fn message(&self, theme: &Theme) -> (String, ratatui::style::Style) {
        let Some(focused) = self.fields.get(self.focus) else {
            return (String::new(), theme.dim);
        };
        let (msg, style) = match (&self.error, &focused.error) {
            (Some(e), _) => (e.clone(), theme.error),
            (None, Some(e)) => (format!("{}: {e}", focused.label), theme.error),
            (None, None) => (focused.hint.to_string(), theme.dim),
        };
        let other_errors = self.fields.iter().filter(|x| x.error.is_some()).count();
        if other_errors > 1 {
            (format!("{msg} (+{} more)", other_errors - 1), style)
        } else {
            (msg, style)
        }
    }

    /// How wide the form draws itself in an area `available` columns wide:
    /// the labels and room for a value, at least 40 columns where there are.
    pub fn width(&self, available: u16) -> u16 {
        available
            .min(self.label_width() + 56)
            .max(40.min(available))
    }

    /// The column the values start at: the longest label and a gap.
    fn label_width(&self) -> u16 {
        self.fields
            .iter()
            .map(|x| x.label.chars().count())
            .max()
            .unwrap_or(8) as u16
            + 2
    }

    /// Draws the form centred in `area`; returns the cursor position.
    pub fn render(
        &mut self,
        f: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        glyphs: &Glyphs,
    ) -> Option<(u16, u16)> {
        let label_w = self.label_width();
        let width = self.width(area.width);
        // The focused field's problem or hint, in full: a did-you-mean cut
        // off would hide the answer (up to three lines).
        let (msg, msg_style) = self.message(theme);
        let msg_lines = wrap_message(&sanitize(&msg), width.saturating_sub(2) as usize, 3);
        let foot = msg_lines.len().max(1) as u16 + 1;
        let body_h: u16 = self.fields.iter().map(Field::height).sum::<u16>() + foot;
        let height = (body_h + 2).min(area.height);
        let rect = Rect::new(
            area.x + (area.width - width) / 2,
            area.y + (area.height - height) / 2,
            width,
            height,
        );
        f.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(glyphs.border)
            .border_style(theme.border_focused)
            .title(Span::styled(
                format!(" {} ", sanitize(&self.title)),
                theme.title,
            ));
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        let value_w = inner.width.saturating_sub(label_w) as usize;
        // Scroll so the focused field is visible.
        let rows_avail = inner.height.saturating_sub(foot);
        if self.focus < self.scroll {
            self.scroll = self.focus;
        }
        loop {
            let used: u16 = self.fields[self.scroll..=self.focus]
                .iter()
                .map(Field::height)
                .sum();
            if used <= rows_avail || self.scroll >= self.focus {
                break;
            }
            self.scroll += 1;
        }
        let mut y = inner.y;
        let mut cursor = None;
        let buf = f.buffer_mut();
        for (i, field) in self.fields.iter().enumerate().skip(self.scroll) {
            let h = field.height();
            if y + h > inner.y + rows_avail {
                break;
            }
            let focused = i == self.focus;
            let label_style = if field.error.is_some() {
                theme.error
            } else if focused {
                theme.title
            } else {
                theme.base
            };
            buf.set_string(
                inner.x,
                y,
                truncate(field.label, label_w as usize - 1, glyphs.ascii),
                label_style,
            );
            let vstyle = if field.locked {
                theme.dim
            } else if focused {
                theme.input_focused
            } else {
                theme.input
            };
            let shown: Vec<String> = match field.kind {
                Kind::Lines => field
                    .value
                    .split('\n')
                    .map(|l| sanitize(l).into_owned())
                    .collect(),
                Kind::Bool | Kind::Choice(_) => vec![format!("< {} >", field.value)],
                _ => vec![sanitize(&field.value).into_owned()],
            };
            // Where the edit point is: line and column within the value.
            let edit_at = (focused && !field.locked).then(|| {
                let before: String = field.value.chars().take(field.cursor).collect();
                let line_no = before.matches('\n').count();
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
                (line_no, col)
            });
            let room = value_w.saturating_sub(1);
            for (k, line) in shown.iter().enumerate().take(h as usize) {
                let (shown_line, cursor_col) = match edit_at {
                    Some((line_no, col)) if line_no == k => scrolled(line, col, room, glyphs.ascii),
                    _ => (truncate(line, room, glyphs.ascii).into_owned(), 0),
                };
                let text = format!("{shown_line:<room$}");
                buf.set_string(inner.x + label_w, y + k as u16, text, vstyle);
                if edit_at.is_some_and(|(line_no, _)| line_no == k) {
                    // The terminal cursor sits on the edit point.
                    cursor = Some((inner.x + label_w + cursor_col as u16, y + k as u16));
                }
            }
            y += h;
        }
        // Bottom rows: the focused field's error or hint, then the keys.
        let top = inner.y + inner.height.saturating_sub(foot);
        for (k, line) in msg_lines.iter().enumerate() {
            buf.set_string(
                inner.x,
                top + k as u16,
                truncate(line, inner.width as usize, glyphs.ascii),
                msg_style,
            );
        }
        // The keys of the focused field, from the forms' key map; whole
        // hints only.
        let mut spans = Vec::new();
        let mut used = 0;
        for (key, word) in self.hints(glyphs.ascii) {
            let len = key.chars().count() + word.chars().count() + 3;
            if used + len > inner.width as usize + 2 {
                break;
            }
            used += len;
            spans.push(Span::styled(key, theme.key));
            spans.push(Span::raw(format!(" {word}  ")));
        }
        let keys = Line::from(spans);
        buf.set_line(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            &keys,
            inner.width,
        );
        cursor
    }
}

/// `text` broken at spaces into lines of at most `width` columns, at most
/// `max` of them (the last one cut with an ellipsis if need be).
fn wrap_message(text: &str, width: usize, max: usize) -> Vec<String> {
    let width = width.max(10);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        let need = cur.chars().count() + usize::from(!cur.is_empty()) + word.chars().count();
        if !cur.is_empty() && need > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max {
        let rest = lines[max - 1..].join(" ");
        lines.truncate(max - 1);
        lines.push(rest);
    }
    lines
}

/// The part of `line` to show in `room` columns so that column `col` (the
/// edit point) is visible, and where the edit point then is. Text scrolled
/// off to the left is marked with `…`, so what is typed is always seen.
fn scrolled(line: &str, col: usize, room: usize, ascii: bool) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if col < room || room < 3 {
        return (
            truncate(line, room, ascii).into_owned(),
            col.min(room.saturating_sub(1)),
        );
    }
    // The edit point goes in the last column, after a `…` and as much of
    // the text before it as fits.
    let start = col + 2 - room;
    let mut out = String::from(if ascii { "~" } else { "…" });
    out.extend(chars[start.min(chars.len())..].iter().take(room - 1));
    (out, room - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_key_is_handled_where_it_is_said_to_apply() {
        let text = Field::new("t", "T", Kind::Text, "ab");
        let lines = Field::new("l", "L", Kind::Lines, "ab");
        let choice = Field::bool("b", "B", false);
        let person = Field::new("p", "P", Kind::Text, "ab").pick(Pick::Person);
        for k in FORM_KEYS {
            for f in [&text, &lines, &choice, &person] {
                let mut form =
                    Form::new("x", vec![f.clone(), Field::new("o", "O", Kind::Text, "")]);
                let key = Key {
                    code: k.code,
                    ctrl: k.ctrl,
                    alt: false,
                    shift: false,
                };
                let out = form.handle(key);
                if !k.when.applies(f) {
                    continue;
                }
                let field = &form.fields[0];
                let ok = match k.action {
                    FormAction::Save => out == Outcome::Submit,
                    FormAction::Cancel => out == Outcome::Cancel,
                    FormAction::NewLine => field.value == "ab\n",
                    FormAction::Next | FormAction::Previous => form.focus == 1,
                    FormAction::Cycle | FormAction::CycleBack => field.value != f.value,
                    FormAction::Clear => field.value.is_empty(),
                    FormAction::Pick => matches!(out, Outcome::Pick(_)),
                };
                assert!(ok, "{} in {:?}: {out:?}, {field:?}", k.label(false), f.kind);
            }
        }
    }

    #[test]
    fn a_long_value_scrolls_so_the_edit_point_is_always_visible() {
        // Short: shown from the start, cursor where it is.
        assert_eq!(scrolled("abc", 3, 10, false), ("abc".to_string(), 3));
        // Long, typing at the end: the end is visible, cursor in the last column.
        let line = "the quick brown fox jumps over the lazy dog";
        let (shown, at) = scrolled(line, line.chars().count(), 10, false);
        assert_eq!(shown.chars().count(), 9, "{shown}");
        assert!(
            shown.starts_with('…') && shown.ends_with("y dog"),
            "{shown}"
        );
        assert_eq!(at, 9);
        // Editing in the middle of a long value: the character before the
        // edit point is the one shown just before the cursor.
        let (shown, at) = scrolled(line, 20, 10, false);
        let before: Vec<char> = shown.chars().collect();
        assert_eq!(before[at - 1], line.chars().nth(19).unwrap(), "{shown}");
    }

    fn k(spec: &str) -> Key {
        Key::parse(spec).unwrap()
    }

    #[test]
    fn typing_moving_and_submitting() {
        let mut form = Form::new(
            "Test",
            vec![
                Field::new("id", "Id", Kind::Text, "x").locked(true),
                Field::new("name", "Name", Kind::Text, ""),
                Field::new(
                    "kind",
                    "Kind",
                    Kind::Choice(&["employee", "contractor", "external"]),
                    "employee",
                ),
                Field::bool("mfa", "MFA", false),
                Field::new("list", "Items", Kind::Lines, ""),
            ],
        );
        assert_eq!(form.focus, 1, "locked fields are skipped");
        for c in "Zoë".chars() {
            form.handle(Key {
                code: KeyCode::Char(c),
                ctrl: false,
                alt: false,
                shift: false,
            });
        }
        form.handle(k("left"));
        form.handle(k("backspace"));
        assert_eq!(form.field("name").value, "Zë");
        form.handle(k("tab"));
        form.handle(k("space"));
        assert_eq!(form.field("kind").value, "contractor");
        form.handle(k("e"));
        assert_eq!(form.field("kind").value, "external");
        form.handle(k("tab"));
        form.handle(k("y"));
        assert!(form.field("mfa").is_on());
        form.handle(k("tab"));
        form.handle(k("a"));
        assert_eq!(
            form.handle(k("enter")),
            Outcome::Continue,
            "Enter adds a line in a list"
        );
        form.handle(k("b"));
        assert_eq!(form.field("list").lines(), vec!["a", "b"]);
        assert_eq!(form.handle(k("ctrl-s")), Outcome::Submit);
        form.handle(k("tab"));
        assert_eq!(form.focus, 1, "wraps around past the locked field");
        assert_eq!(form.handle(k("enter")), Outcome::Submit);
        assert_eq!(form.handle(k("esc")), Outcome::Cancel);
    }

    #[test]
    fn errors_focus_the_first_bad_field() {
        let mut form = Form::new(
            "T",
            vec![
                Field::new("a", "A", Kind::Text, ""),
                Field::new("b", "B", Kind::Date, "x"),
            ],
        );
        form.fail("b", "not a date");
        form.fail("a", "required");
        assert_eq!(form.focus, 1);
        assert!(form.has_errors());
        form.clear_errors();
        assert!(!form.has_errors());
    }
}
