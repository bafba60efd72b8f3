//! The live findings list, grouped by severity.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::command::Command;
use super::pane::{Action, PaneCtx};
use crate::model::Severity;
use crate::rules::Finding;
use crate::text::{sanitize, truncate};

/// A line of the list: a severity heading or a finding (index into the
/// session's findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FRow {
    Heading(Severity, usize),
    Item(usize),
}

#[derive(Debug, Clone, Default)]
pub struct FindingsState {
    pub rows: Vec<FRow>,
    pub selected: usize,
    pub offset: usize,
    built: Option<u64>,
    /// The rule and entity of the selection, kept across recomputes.
    keep: Option<(String, String)>,
    pub height: usize,
}

impl FindingsState {
    pub fn refresh(&mut self, findings: &[Finding], revision: u64) {
        if self.built == Some(revision) {
            return;
        }
        if let Some(FRow::Item(i)) = self.rows.get(self.selected)
            && let Some(f) = findings.get(*i)
        {
            self.keep = Some((f.rule.to_string(), f.entity.id.clone()));
        }
        self.rows.clear();
        for sev in Severity::ALL {
            let items: Vec<usize> = (0..findings.len())
                .filter(|&i| findings[i].severity == sev)
                .collect();
            if items.is_empty() {
                continue;
            }
            self.rows.push(FRow::Heading(sev, items.len()));
            self.rows.extend(items.into_iter().map(FRow::Item));
        }
        let kept = self.keep.as_ref().and_then(|(rule, id)| {
            self.rows.iter().position(|r| matches!(r, FRow::Item(i) if findings[*i].rule == rule && findings[*i].entity.id == *id))
        });
        self.selected = kept
            .unwrap_or(self.selected)
            .min(self.rows.len().saturating_sub(1));
        if matches!(self.rows.get(self.selected), Some(FRow::Heading(..))) {
            // On a heading: the first finding under it.
            self.move_by(0);
        }
        self.built = Some(revision);
    }

    pub fn selected_finding(&self) -> Option<usize> {
        match self.rows.get(self.selected) {
            Some(FRow::Item(i)) => Some(*i),
            _ => None,
        }
    }

    /// Moves by `delta` findings, skipping the headings.
    pub fn move_by(&mut self, delta: isize) {
        let items: Vec<usize> = (0..self.rows.len())
            .filter(|&i| matches!(self.rows[i], FRow::Item(_)))
            .collect();
        if items.is_empty() {
            return;
        }
        let cur = items
            .iter()
            .position(|&i| i >= self.selected)
            .unwrap_or(items.len() - 1);
        let target = (cur as isize + delta).clamp(0, items.len() as isize - 1) as usize;
        self.selected = items[target];
    }
}

pub fn render(
    f: &mut Frame<'_>,
    area: Rect,
    ctx: &PaneCtx<'_>,
    st: &mut FindingsState,
) -> Option<(u16, u16)> {
    let (theme, glyphs, findings, focused) = (ctx.theme, ctx.glyphs, ctx.findings, ctx.focused);
    let h = area.height as usize;
    st.height = h;
    if h == 0 {
        return None;
    }
    if findings.is_empty() {
        let msg = "No findings: nothing an auditor would raise on this date.";
        f.buffer_mut().set_string(
            area.x,
            area.y,
            truncate(msg, area.width as usize, glyphs.ascii),
            theme.dim,
        );
        return Some((area.x, area.y));
    }
    st.offset = st.offset.min(st.rows.len().saturating_sub(h));
    if st.selected < st.offset {
        st.offset = st.selected.saturating_sub(1);
    } else if st.selected >= st.offset + h {
        st.offset = st.selected + 1 - h;
    }
    let mut cursor = None;
    for (i, row) in st.rows.iter().enumerate().skip(st.offset).take(h) {
        let y = area.y + (i - st.offset) as u16;
        let line = match *row {
            FRow::Heading(sev, n) => {
                let word = match sev {
                    Severity::Error => "Errors",
                    Severity::Warning => "Warnings",
                    Severity::Info => "Information",
                };
                Line::from(Span::styled(
                    format!("{} {word} ({n})", glyphs.severity(sev)),
                    theme.severity(sev),
                ))
            }
            FRow::Item(idx) => {
                let fd = &findings[idx];
                let rule = format!(" {} ", fd.rule);
                let used = 2 + rule.chars().count();
                let room = (area.width as usize).saturating_sub(used);
                Line::from(vec![
                    Span::styled(
                        format!(" {}", glyphs.severity(fd.severity)),
                        theme.severity(fd.severity),
                    ),
                    Span::styled(rule, theme.dim),
                    Span::raw(truncate(&sanitize(&fd.message), room, glyphs.ascii).into_owned()),
                ])
            }
        };
        let selected = i == st.selected;
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
            cursor = Some((area.x + 1, y));
        }
    }
    cursor
}

impl FindingsState {
    /// Carries out a command on the list: moves, or asks the app to go to
    /// the selected finding.
    pub fn command(&mut self, c: Command) -> Action {
        let mut out = Action::Done;
        match c {
            Command::Up => self.move_by(-1),
            Command::Down => self.move_by(1),
            Command::PageUp => self.move_by(-(self.height.max(2) as isize - 1)),
            Command::PageDown => self.move_by(self.height.max(2) as isize - 1),
            Command::Top | Command::Home => {
                self.selected = 0;
                self.move_by(0);
            }
            Command::Bottom | Command::End => {
                self.selected = self.rows.len().saturating_sub(1);
                self.move_by(0);
            }
            Command::Open => {
                if let Some(i) = self.selected_finding() {
                    out = Action::OpenFinding(i);
                }
            }
            _ => out = Action::NotHere,
        }
        out
    }
}
