//! The leaver dialog (`L`): the last day (today unless changed), whether
//! their roles end, and an optional successor to hand over to; below the
//! fields, what follows, recomputed as the fields change, so the ISM sees
//! before saving which appointments end, which roles fall vacant, which
//! subjects lose their Accountable, whose deputy or sponsor goes, and what
//! the successor lacks. The consequences come from
//! [`query::leave_consequences`], as `rasci leave` prints them; saving is
//! one edit, undone whole.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::{App, Layer};
use super::form::{Field, Form, Kind, Outcome, Pick};
use super::keymap::Key;
use super::theme::{Glyphs, Theme};
use crate::edit::Edit;
use crate::model::{Date, Workspace};
use crate::query;
use crate::text::sanitize;

/// What a key did to the dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Continue,
    Cancel,
    Save(Box<Edit>, String),
    /// Pick the focused field's value with the finder (Ctrl-F).
    Pick(Pick),
}

/// The leaver dialog's state.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaveDialog {
    pub person: String,
    pub form: Form,
    today: Date,
    /// The edit the fields stand for, or why there is none.
    edit: Result<(Edit, String), String>,
    /// What follows, as lines.
    pub follows: Vec<String>,
    /// A far-off date was pointed out: the next Enter saves.
    confirmed_date: Option<Date>,
    scroll: u16,
    /// The field values the consequences were computed for.
    seen: Vec<String>,
}

impl LeaveDialog {
    pub fn new(ws: &Workspace, person: &str, today: Date) -> LeaveDialog {
        let name = ws.people.get(person).map_or(person, |p| p.display_name());
        let day = ws.people.get(person).and_then(|p| p.left).unwrap_or(today);
        let fields = vec![
            Field::new("date", "Last day", Kind::Date, day.to_string())
                .hint("their last day, YYYY-MM-DD (default today)"),
            Field::bool("end-roles", "End their roles", true)
                .hint("end every appointment they hold on that day"),
            Field::new("successor", "Hand over to", Kind::Text, String::new())
                .pick(Pick::Person)
                .hint("person id, name or email of a successor; empty: nobody"),
        ];
        let mut d = LeaveDialog {
            person: person.to_string(),
            form: Form::new(format!("{} leaves", sanitize(name)), fields),
            today,
            edit: Err(String::new()),
            follows: Vec::new(),
            confirmed_date: None,
            scroll: 0,
            seen: Vec::new(),
        };
        d.refresh(ws);
        d
    }

    /// Recomputes what follows when a field changed.
    pub fn refresh(&mut self, ws: &Workspace) {
        let values: Vec<String> = self.form.fields.iter().map(|f| f.value.clone()).collect();
        if values == self.seen {
            return;
        }
        self.seen = values;
        self.form.clear_errors();
        self.scroll = 0;
        let text = self.form.field("date").value.trim().to_string();
        let Ok(date) = text.parse::<Date>() else {
            self.edit = Err(format!("{text:?} is not a date: write it like 2026-11-27"));
            self.follows = vec!["Give the last day as YYYY-MM-DD.".into()];
            return;
        };
        let end_roles = self.form.field("end-roles").is_on();
        let successor = match self.form.field("successor").text() {
            None => None,
            Some(q) => match query::resolve_person(ws, &q) {
                Ok(p) => Some(p.id.clone()),
                Err(e) => {
                    let e = e.to_string();
                    self.form.fail("successor", e.clone());
                    self.edit = Err(e.clone());
                    self.follows = vec![format!("Successor: {e}")];
                    return;
                }
            },
        };
        if successor.is_some() && !end_roles {
            let e = "a successor takes over ended roles: turn \"End their roles\" on, or clear the successor".to_string();
            self.form.fail("successor", e.clone());
            self.edit = Err(e.clone());
            self.follows = vec![e];
            return;
        }
        match query::leave_consequences(
            ws,
            &self.person,
            date,
            self.today,
            !end_roles,
            successor.as_deref(),
            &[],
        ) {
            Ok((edit, c)) => {
                let label = match &successor {
                    Some(s) => format!("{} left on {date}, handing over to {s}", self.person),
                    None => format!("{} left on {date}", self.person),
                };
                self.follows = c.lines(ws);
                self.edit = Ok((edit, label));
            }
            Err(e) => {
                let field = match &e {
                    crate::edit::EditError::Holder { .. } => "successor",
                    _ => "date",
                };
                self.form.fail(field, e.to_string());
                self.follows = vec![e.to_string()];
                self.edit = Err(e.to_string());
            }
        }
    }

    fn date(&self) -> Option<Date> {
        self.form.field("date").value.trim().parse().ok()
    }

    pub fn handle(&mut self, key: Key, ws: &Workspace) -> Step {
        match key.code {
            KeyCode::PageDown => {
                self.scroll = self.scroll.saturating_add(5);
                return Step::Continue;
            }
            KeyCode::PageUp => {
                self.scroll = self.scroll.saturating_sub(5);
                return Step::Continue;
            }
            _ => {}
        }
        match self.form.handle(key) {
            Outcome::Continue => {
                self.refresh(ws);
                Step::Continue
            }
            Outcome::Cancel => Step::Cancel,
            Outcome::Submit => self.submit(),
            Outcome::Pick(what) => Step::Pick(what),
        }
    }

    /// Fills the focused field with what the finder picked.
    pub fn picked(&mut self, id: &str, ws: &Workspace) {
        self.form.set_focused(id);
        self.refresh(ws);
    }

    pub fn paste(&mut self, text: &str, ws: &Workspace) {
        self.form.paste(text);
        self.refresh(ws);
    }

    fn submit(&mut self) -> Step {
        let (edit, label) = match &self.edit {
            Ok(x) => x.clone(),
            Err(e) => {
                if !self.form.has_errors() {
                    self.form.fail("date", e.clone());
                }
                return Step::Continue;
            }
        };
        let date = self.date();
        let far = date.and_then(|d| query::leave::last_day_note(d, self.today));
        if let Some(note) = far
            && self.confirmed_date != date
        {
            self.confirmed_date = date;
            self.form.error = Some(format!("{note}; Enter again saves it"));
            return Step::Continue;
        }
        Step::Save(Box::new(edit), label)
    }

    /// Draws the dialog over `area`; returns the cursor position.
    pub fn render(
        &mut self,
        f: &mut Frame<'_>,
        area: Rect,
        theme: &Theme,
        glyphs: &Glyphs,
    ) -> Option<(u16, u16)> {
        // As wide as the form draws itself, and as tall as what follows
        // needs (the rest scrolls).
        let width = self.form.width(area.width);
        let inner_w = usize::from(width.saturating_sub(2)).max(1);
        let rows: usize = self
            .follows
            .iter()
            .map(|l| l.chars().count().div_ceil(inner_w).max(1))
            .sum();
        let wanted = 7 + 2 + rows.min(200) as u16;
        // Clear of the status line and the top border of the panes.
        let height = area.height.saturating_sub(2).min(wanted);
        let rect = Rect::new(
            area.x + (area.width - width) / 2,
            area.y + (area.height - height) / 2,
            width,
            height,
        );
        f.render_widget(Clear, rect);
        let form_h = 7.min(rect.height);
        let cursor = self.form.render(
            f,
            Rect::new(rect.x, rect.y, rect.width, form_h),
            theme,
            glyphs,
        );
        let below = Rect::new(
            rect.x,
            rect.y + form_h,
            rect.width,
            rect.height.saturating_sub(form_h),
        );
        if below.height < 3 {
            return cursor;
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(glyphs.border)
            .border_style(theme.border)
            .title(Span::styled(" What follows (PgUp/PgDn) ", theme.title));
        let inner = block.inner(below);
        f.render_widget(block, below);
        let lines: Vec<Line<'_>> = self
            .follows
            .iter()
            .map(|l| {
                let style = if l.starts_with("  ") {
                    theme.base
                } else {
                    theme.header
                };
                Line::from(Span::styled(sanitize(l).into_owned(), style))
            })
            .collect();
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0)),
            inner,
        );
        cursor
    }
}

impl App {
    /// Opens the leaver dialog for `person` (not in a read-only session).
    pub fn open_leave(&mut self, person: &str) {
        if let Some(why) = &self.read_only {
            self.warn(format!("Read-only: {why}"));
            return;
        }
        let d = LeaveDialog::new(self.session.workspace(), person, self.today());
        self.layers.push(Layer::Leave(Box::new(d)));
    }

    /// A key for the leaver dialog on top; returns it if it stays open.
    pub(super) fn handle_leave(&mut self, mut d: Box<LeaveDialog>, key: Key) -> Option<Layer> {
        match d.handle(key, self.session.workspace()) {
            Step::Continue => Some(Layer::Leave(d)),
            // What was typed is not thrown away on a single key press,
            // as in every other form.
            Step::Cancel if d.form.changed() => {
                self.layers.push(Layer::Leave(d));
                self.ask(
                    "Discard what you typed in this form?".into(),
                    super::overlay::Confirm::DiscardForm,
                );
                None
            }
            Step::Cancel => None,
            Step::Save(e, label) => {
                self.edit(*e, label);
                None
            }
            Step::Pick(what) => {
                let typed = d
                    .form
                    .focused()
                    .map(|f| f.value.clone())
                    .unwrap_or_default();
                let picker = super::overlay::pick(self.session.workspace(), what, &typed);
                self.layers.push(Layer::Leave(d));
                Some(Layer::Pick(picker, what))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{clean, today};

    fn key(c: KeyCode) -> Key {
        Key {
            code: c,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    fn type_into(d: &mut LeaveDialog, ws: &Workspace, field: &str, text: &str) {
        let i = d.form.fields.iter().position(|f| f.key == field).unwrap();
        d.form.focus = i;
        d.form.fields[i].value.clear();
        d.form.fields[i].cursor = 0;
        for c in text.chars() {
            d.handle(key(KeyCode::Char(c)), ws);
        }
    }

    #[test]
    fn the_dialog_shows_what_follows_and_follows_the_fields() {
        let ws = clean();
        let mut d = LeaveDialog::new(&ws, "ism", today());
        assert_eq!(
            d.form.field("date").value,
            today().to_string(),
            "today by default"
        );
        let text = d.follows.join("\n");
        assert!(text.contains("Ending on 2026-11-27:"), "{text}");
        assert!(text.contains("Vacant from 2026-11-28:"), "{text}");
        assert!(text.contains("Losing their Accountable:"), "{text}");
        assert!(
            text.contains("deputy for Dan Deputy (dep) on incident: stays with the leaver"),
            "{text}"
        );
        // Naming a successor: the roles start for them, nothing is vacant.
        type_into(&mut d, &ws, "successor", "coo");
        let text = d.follows.join("\n");
        assert!(text.contains("Starting on 2026-11-28:"), "{text}");
        assert!(!text.contains("Vacant"), "{text}");
        assert!(text.contains("goes to Otto Ops (coo)"), "{text}");
        // An unknown successor is explained on the field, and nothing saves.
        type_into(&mut d, &ws, "successor", "nobody-at-all");
        assert!(d.form.field("successor").error.is_some());
        assert_eq!(d.handle(key(KeyCode::Enter), &ws), Step::Continue);
    }

    #[test]
    fn a_planned_leaver_starts_from_the_day_on_file() {
        let mut ws = clean();
        let planned = today().add_days(20);
        ws.people.get_mut("aud").unwrap().left = Some(planned);
        let d = LeaveDialog::new(&ws, "aud", today());
        assert_eq!(d.form.field("date").value, planned.to_string());
    }

    #[test]
    fn a_far_off_date_is_pointed_out_before_it_is_saved() {
        let ws = clean();
        let mut d = LeaveDialog::new(&ws, "aud", today());
        type_into(&mut d, &ws, "date", "2036-11-27");
        assert_eq!(d.handle(key(KeyCode::Enter), &ws), Step::Continue);
        let said = d.form.error.clone().unwrap_or_default();
        assert!(said.contains("more than a year after today"), "{said}");
        assert!(matches!(d.handle(key(KeyCode::Enter), &ws), Step::Save(..)));
        // Today saves at once.
        let mut d = LeaveDialog::new(&ws, "aud", today());
        assert!(matches!(d.handle(key(KeyCode::Enter), &ws), Step::Save(..)));
    }
}
