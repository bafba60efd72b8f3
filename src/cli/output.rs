//! Plain-text output for one-shot commands: colour only on a terminal and
//! never under `NO_COLOR`, wrapped to the terminal (80 columns on a pipe).

use std::io::IsTerminal;

use super::error::{CommandResult, Out};
use crate::model::Severity;

/// How to decorate text for the current output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset or empty;
    /// width from the terminal, 80 otherwise.
    pub fn detect_stdout() -> Style {
        let tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        // Some terminals (a `script` session, a serial console) report a
        // width of 0: that is "unknown", not "narrow", so it gets 80 too.
        // Asked only of a terminal: off one, crossterm falls back to
        // running `tput`, which costs a lookup more than its own work.
        let size = if tty {
            crossterm::terminal::size().ok()
        } else {
            None
        };
        let width = match size {
            Some((w, _)) if w > 0 => (w as usize).clamp(40, 120),
            _ => 80,
        };
        Style {
            color: tty && !no_color,
            width,
        }
    }

    /// No colour, 80 columns: what tests and pipes get.
    pub fn plain() -> Style {
        Style {
            color: false,
            width: 80,
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }

    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }

    pub fn severity(&self, s: Severity) -> String {
        self.paint_severity(s, s.as_str())
    }

    /// `text` in the colour of severity `s`.
    pub fn paint_severity(&self, s: Severity, text: &str) -> String {
        let code = match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, text)
    }
}

/// A value as pretty JSON, escaping anything that could steer a terminal
/// (see [`crate::text::json_safe`]).
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serialising plain data (strings, numbers, maps with string keys)
    // cannot fail; if it ever did, the output says so rather than nothing.
    let s = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot write JSON: {e}\"}}"));
    crate::text::json_safe(&s).into_owned()
}

/// Prints a value as pretty JSON on `out`.
pub fn print_json<T: serde::Serialize + ?Sized>(out: &mut Out, value: &T) -> CommandResult {
    out.line(&json_text(value));
    Ok(super::EXIT_OK)
}

/// Prints the findings an edit raised and resolved, then the new totals.
pub fn print_finding_changes(
    out: &mut Out,
    raised: &[crate::rules::Finding],
    resolved: &[crate::rules::Finding],
    after: &[crate::rules::Finding],
    style: &Style,
    when: &str,
) {
    print_changes(
        out,
        ("Raised", "Resolved"),
        raised,
        resolved,
        after,
        style,
        when,
    );
}

/// The same for a day ahead, when the change takes effect. "Resolved"
/// would mislead there: ending the ISM's appointment "resolves" the
/// findings about the ISM's competence by leaving nobody to have it.
pub fn print_finding_changes_ahead(
    out: &mut Out,
    raised: &[crate::rules::Finding],
    resolved: &[crate::rules::Finding],
    after: &[crate::rules::Finding],
    style: &Style,
) {
    print_changes(
        out,
        ("Will be raised", "Will no longer be raised"),
        raised,
        resolved,
        after,
        style,
        "Then",
    );
}

fn print_changes(
    out: &mut Out,
    (raised_title, resolved_title): (&str, &str),
    raised: &[crate::rules::Finding],
    resolved: &[crate::rules::Finding],
    after: &[crate::rules::Finding],
    style: &Style,
    when: &str,
) {
    for (title, list) in [(raised_title, raised), (resolved_title, resolved)] {
        if list.is_empty() {
            continue;
        }
        out.line(&style.bold(&format!("{title} ({}):", list.len())));
        for f in list {
            let text = format!(
                "{} {}: {}",
                f.severity.as_str(),
                f.rule,
                crate::text::sanitize(&f.message)
            );
            out.print(&wrap(&text, style.width, "  "));
        }
    }
    if raised.is_empty() && resolved.is_empty() {
        out.line(&style.dim("No finding raised or resolved."));
    }
    let (e, w, i) = crate::rules::counts(after);
    out.line(&style.dim(&format!("{when} {e} errors, {w} warnings, {i} info.")));
}

/// Wraps `text` to `width` columns, each line starting with `indent`.
/// Words longer than a line are left whole rather than broken.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let avail = width.saturating_sub(indent.chars().count()).max(20);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > avail {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_within_width() {
        let text = "The quick brown fox jumps over the lazy dog and keeps running far away";
        let w = wrap(text, 30, "    ");
        for line in w.lines() {
            assert!(line.chars().count() <= 30, "{line:?}");
            assert!(line.starts_with("    "));
        }
        assert_eq!(w.split_whitespace().collect::<Vec<_>>().join(" "), text);
    }

    #[test]
    fn plain_style_adds_nothing() {
        let s = Style::plain();
        assert_eq!(s.severity(Severity::Error), "error");
        assert_eq!(s.bold("x"), "x");
    }
}
