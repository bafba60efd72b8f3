//! Colours and glyphs. The default theme uses only the 16 ANSI colours plus
//! bold and reverse, so it follows the user's own palette; with `NO_COLOR`
//! only attributes remain. Selection and focus never rely on colour alone.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::model::{Letter, Severity};

/// Every style the interface uses, in one place.
#[derive(Debug, Clone)]
pub struct Theme {
    pub color: bool,
    pub base: Style,
    pub dim: Style,
    pub title: Style,
    pub title_focused: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub header: Style,
    pub group: Style,
    pub status: Style,
    pub key: Style,
    pub error: Style,
    pub warning: Style,
    pub info: Style,
    pub left: Style,
    pub letter_a: Style,
    pub letter_r: Style,
    pub letter_other: Style,
    pub input: Style,
    pub input_focused: Style,
}

impl Theme {
    /// The default theme; `color = false` gives the `NO_COLOR` variant.
    pub fn new(color: bool) -> Theme {
        let c = |style: Style, fg: Color| if color { style.fg(fg) } else { style };
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reverse = Style::new().add_modifier(Modifier::REVERSED);
        Theme {
            color,
            base: Style::new(),
            dim: if color {
                Style::new().fg(Color::DarkGray)
            } else {
                Style::new().add_modifier(Modifier::DIM)
            },
            title: bold,
            title_focused: c(bold.add_modifier(Modifier::REVERSED), Color::Cyan),
            border: if color {
                Style::new().fg(Color::DarkGray)
            } else {
                Style::new()
            },
            border_focused: c(bold, Color::Cyan),
            selected: reverse.add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
            header: bold.add_modifier(Modifier::UNDERLINED),
            group: c(bold, Color::Blue),
            status: reverse,
            key: bold,
            error: c(bold, Color::Red),
            warning: c(bold, Color::Yellow),
            info: c(Style::new(), Color::Cyan),
            left: c(
                Style::new().add_modifier(Modifier::CROSSED_OUT),
                Color::DarkGray,
            ),
            letter_a: c(bold, Color::Magenta),
            letter_r: c(bold, Color::Green),
            letter_other: Style::new(),
            input: Style::new().add_modifier(Modifier::UNDERLINED),
            input_focused: reverse,
        }
    }

    pub fn severity(&self, s: Severity) -> Style {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }

    pub fn letter(&self, l: Letter) -> Style {
        match l {
            Letter::A | Letter::AR => self.letter_a,
            Letter::R => self.letter_r,
            _ => self.letter_other,
        }
    }
}

/// Characters for trees, markers and borders, in Unicode or plain ASCII.
#[derive(Debug, Clone, Copy)]
pub struct Glyphs {
    pub ascii: bool,
    pub expanded: &'static str,
    pub collapsed: &'static str,
    pub leaf: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
    pub info: &'static str,
    pub left: &'static str,
    pub dirty: &'static str,
    pub ellipsis: &'static str,
    pub sep: &'static str,
    pub border: border::Set<'static>,
}

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Glyphs {
    pub fn new(ascii: bool) -> Glyphs {
        if ascii {
            Glyphs {
                ascii,
                expanded: "v ",
                collapsed: "> ",
                leaf: "  ",
                error: "E",
                warning: "W",
                info: "i",
                left: "x",
                dirty: "*",
                ellipsis: "~",
                sep: "|",
                border: ASCII_BORDER,
            }
        } else {
            Glyphs {
                ascii,
                expanded: "▾ ",
                collapsed: "▸ ",
                leaf: "  ",
                error: "✖",
                warning: "▲",
                info: "ℹ",
                left: "✝",
                dirty: "●",
                ellipsis: "…",
                sep: "│",
                border: border::PLAIN,
            }
        }
    }

    pub fn severity(&self, s: Severity) -> &'static str {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// Does the locale promise UTF-8? If not, ASCII glyphs are used.
pub fn locale_is_utf8() -> bool {
    for var in ["LC_ALL", "LC_CTYPE", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            let v = v.to_ascii_lowercase();
            return v.contains("utf-8") || v.contains("utf8");
        }
    }
    false
}
