//! Styled text flowed into lines of a given width: words wrap, a
//! continuation line hangs two columns deeper, wide characters count two
//! columns, and a word longer than a whole line is broken across lines
//! rather than cut, so nothing said is lost. The presentation's pages and
//! the message log are laid out with it.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::text::sanitize;

/// Columns `s` takes on a terminal: wide (East Asian) characters take two.
pub fn cols(s: &str) -> usize {
    Span::raw(s).width()
}

pub fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn heading() -> Style {
    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

/// Lines being laid out, with word wrapping and a hanging indent.
pub struct Flow {
    pub width: usize,
    pub lines: Vec<Line<'static>>,
}

impl Flow {
    pub fn new(width: usize) -> Flow {
        Flow {
            width: width.max(10),
            lines: Vec::new(),
        }
    }

    pub fn blank(&mut self) {
        self.lines.push(Line::from(""));
    }

    pub fn heading(&mut self, text: &str) {
        if !self.lines.is_empty() {
            self.blank();
        }
        self.push(0, vec![(text.to_string(), heading())]);
    }

    pub fn text(&mut self, indent: usize, text: &str) {
        self.push(indent, vec![(text.to_string(), Style::new())]);
    }

    /// A label in bold followed by plain text.
    pub fn fact(&mut self, indent: usize, label: &str, text: &str) {
        self.push(
            indent,
            vec![
                (format!("{label}: "), bold()),
                (text.to_string(), Style::new()),
            ],
        );
    }

    /// Adds one logical line of styled pieces (sanitised here), wrapped at
    /// word boundaries; continuation lines are indented two more columns.
    pub fn push(&mut self, indent: usize, pieces: Vec<(String, Style)>) {
        let mut units: Vec<Vec<(String, Style)>> = Vec::new();
        for (text, style) in pieces {
            let text = sanitize(&text).into_owned();
            // Keep the spaces with the words so styled runs join up.
            let mut word = String::new();
            for c in text.chars() {
                word.push(c);
                if c == ' ' {
                    units.push(vec![(std::mem::take(&mut word), style)]);
                }
            }
            if !word.is_empty() {
                units.push(vec![(word, style)]);
            }
        }
        self.layout(indent, units);
    }

    /// Lays out units that each stay on one line when they fit (a unit
    /// longer than a whole line is broken across lines). Text must be
    /// sanitised already.
    pub fn layout(&mut self, indent: usize, units: Vec<Vec<(String, Style)>>) {
        let mut line: Vec<Span<'static>> = vec![Span::raw(" ".repeat(indent))];
        let mut used = indent;
        let mut start = indent;
        for unit in units {
            let full: usize = unit.iter().map(|(t, _)| cols(t)).sum();
            let trailing = unit.last().map_or(0, |(t, _)| {
                t.chars().rev().take_while(|c| *c == ' ').count()
            });
            // Trailing spaces may hang over the edge; the text may not.
            if used + full - trailing > self.width && used > start {
                self.lines.push(Line::from(std::mem::take(&mut line)));
                start = indent + 2;
                line.push(Span::raw(" ".repeat(start)));
                used = start;
            }
            for (text, style) in unit {
                let mut text = text;
                loop {
                    let room = self.width.saturating_sub(used);
                    if cols(text.trim_end()) <= room {
                        if cols(&text) > room {
                            text.truncate(text.trim_end().len());
                        }
                        used += cols(&text);
                        line.push(Span::styled(text, style));
                        break;
                    }
                    // Too long for what is left of the line: as much as
                    // fits here (at least one character, so it moves on),
                    // the rest on the next line.
                    let at = split_at_width(&text, room);
                    let overflows = cols(&text[..at]) > room;
                    if !(overflows && used > start) {
                        let rest = text.split_off(at);
                        line.push(Span::styled(std::mem::replace(&mut text, rest), style));
                    }
                    // (A line with no room at all is ended first.)
                    self.lines.push(Line::from(std::mem::take(&mut line)));
                    start = indent + 2;
                    line.push(Span::raw(" ".repeat(start)));
                    used = start;
                }
            }
        }
        self.lines.push(Line::from(line));
    }
}

/// The byte index after the last character of `s` that fits in `width`
/// columns; at least the first character, so that splitting always
/// progresses.
fn split_at_width(s: &str, width: usize) -> usize {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += cols(c.encode_utf8(&mut [0; 4]));
        if used > width {
            return if i == 0 { c.len_utf8() } else { i };
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_with_a_hanging_indent_and_never_overflow() {
        let mut out = Flow::new(20);
        out.text(2, "one two three four five six seven eight nine ten");
        out.text(0, "averyveryveryverylongwordthatcannotfit");
        out.text(0, "東京 東京東京 東京東京東京 東京東京東京東京 東京");
        for l in &out.lines {
            assert!(l.width() <= 20, "{l:?}");
        }
        let text: Vec<String> = out.lines.iter().map(|l| l.to_string()).collect();
        assert!(text[0].starts_with("  one"), "{text:?}");
        assert!(
            text[1].starts_with("    "),
            "continuation indented: {text:?}"
        );
        assert!(text.len() >= 4, "{text:?}");
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken_not_cut() {
        let mut out = Flow::new(12);
        let path = "/srv/isms/.rasci/backups/matrix.toml";
        out.text(0, &format!("Saved {path} now"));
        for l in &out.lines {
            assert!(l.width() <= 12, "{l:?}");
        }
        let all: String = out.lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            all.replace(' ', ""),
            format!("Saved{path}now"),
            "{:?}",
            out.lines
        );
        // Wide characters are never split in half, and always progress.
        let mut out = Flow::new(10);
        out.text(0, "東京東京東京東京東京東京");
        assert!(out.lines.iter().all(|l| l.width() <= 10), "{:?}", out.lines);
        let joined: String = out
            .lines
            .iter()
            .map(|l| l.to_string().trim().to_string())
            .collect();
        assert_eq!(joined, "東京東京東京東京東京東京");
    }
}
