//! Problems found while reading a workspace, with enough context (file, line,
//! column, the offending line) for a person to fix them without guessing.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use crate::text::sanitize;

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What would have been accepted.
    pub expected: Option<String>,
    /// A concrete suggestion ("did you mean `email`?").
    pub help: Option<String>,
    /// The source line, for display.
    pub source_line: Option<String>,
    /// Width of the underline under the offending text, in characters.
    pub width: usize,
}

impl Diagnostic {
    /// A problem at a byte span of `src`.
    pub fn at(
        file: &std::path::Path,
        src: &str,
        span: Range<usize>,
        message: String,
    ) -> Diagnostic {
        Diagnostic::located(file, src, None, span, message)
    }

    /// [`Diagnostic::at`] for one of many problems in `src`, whose lines
    /// are indexed in `lines` (made from the same text).
    pub fn at_line(
        file: &std::path::Path,
        src: &str,
        lines: &LineIndex,
        span: Range<usize>,
        message: String,
    ) -> Diagnostic {
        Diagnostic::located(file, src, Some(lines), span, message)
    }

    fn located(
        file: &std::path::Path,
        src: &str,
        lines: Option<&LineIndex>,
        span: Range<usize>,
        message: String,
    ) -> Diagnostic {
        let (line, column, source_line) = locate(src, lines, span.start);
        let end = span.end.min(src.len()).max(span.start);
        let width = src
            .get(span.start..end)
            .map(|s| s.lines().next().unwrap_or("").chars().count())
            .unwrap_or(1)
            .max(1);
        Diagnostic {
            file: file.to_path_buf(),
            line,
            column,
            message,
            expected: None,
            help: None,
            source_line: Some(source_line),
            width,
        }
    }

    /// A problem about a whole file (unreadable, missing...).
    pub fn file(file: &std::path::Path, message: String) -> Diagnostic {
        Diagnostic {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            message,
            expected: None,
            help: None,
            source_line: None,
            width: 0,
        }
    }

    /// Says what would have been accepted.
    pub fn expected(mut self, what: impl Into<String>) -> Diagnostic {
        self.expected = Some(what.into());
        self
    }

    /// Adds a concrete suggestion.
    pub fn help(mut self, what: impl Into<String>) -> Diagnostic {
        self.help = Some(what.into());
        self
    }

    /// Adds a suggestion when there is one (`None` leaves the diagnostic as it is).
    pub fn maybe_help(self, what: Option<String>) -> Diagnostic {
        match what {
            Some(h) => self.help(h),
            None => self,
        }
    }

    /// `file:line:column` as editors and terminals understand it.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.display().to_string()
        } else {
            format!("{}:{}:{}", self.file.display(), self.line, self.column)
        }
    }
}

/// The most characters of a source line shown under a problem.
const SNIPPET_CHARS: usize = 100;

impl fmt::Display for Diagnostic {
    /// Renders in the style of compilers: message, location, the line with
    /// a caret under the problem, then what was expected and a suggestion.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", sanitize(&self.message))?;
        writeln!(f, "  --> {}", sanitize(&self.location()))?;
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            // A long line is shown as a window around the problem, so that
            // a runaway string does not fill the terminal.
            let chars: Vec<char> = sanitize(src).chars().collect();
            let at = self.column.saturating_sub(1).min(chars.len());
            let (start, end) = if chars.len() <= SNIPPET_CHARS {
                (0, chars.len())
            } else {
                let start = at.saturating_sub(SNIPPET_CHARS / 3);
                (start, (start + SNIPPET_CHARS).min(chars.len()))
            };
            let before = if start > 0 { "…" } else { "" };
            let after = if end < chars.len() { "…" } else { "" };
            let shown: String = chars[start..end].iter().collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {before}{shown}{after}")?;
            // One space per column the text before the problem takes.
            let lead: String = before
                .chars()
                .chain(chars[start..at].iter().copied())
                .map(|c| " ".repeat(unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)))
                .collect();
            let marks = self.width.clamp(1, 60).min(end.saturating_sub(at).max(1));
            writeln!(f, "{pad} | {lead}{}", "^".repeat(marks))?;
        }
        if let Some(e) = &self.expected {
            writeln!(f, "  = expected: {}", sanitize(e))?;
        }
        if let Some(h) = &self.help {
            writeln!(f, "  = help: {}", sanitize(h))?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of byte `offset`, and the text of
/// that line; the line number from `lines` when given, else by counting.
fn locate(src: &str, lines: Option<&LineIndex>, offset: usize) -> (usize, usize, String) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[offset..].find('\n').map_or(src.len(), |i| offset + i);
    let line = match lines {
        Some(ix) => ix.starts.partition_point(|&s| s <= line_start),
        None => src[..line_start].matches('\n').count() + 1,
    };
    let column = src[line_start..offset].chars().count() + 1;
    let text = src[line_start..line_end].trim_end_matches('\r').to_string();
    (line, column, text)
}

/// Where each line of a text starts. A file with many problems is located
/// through one of these, so that reporting N problems costs time in
/// proportion to N plus the file's size rather than to their product.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The line starts of `src`, found in one pass.
    pub fn new(src: &str) -> LineIndex {
        LineIndex {
            starts: std::iter::once(0)
                .chain(src.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_line_is_shown_as_a_window_with_the_caret_on_the_problem() {
        let mut src = "a".repeat(2000);
        src.replace_range(1500..1501, "X");
        let d = Diagnostic::at(
            std::path::Path::new("people.toml"),
            &src,
            1500..1501,
            "bad".into(),
        );
        let text = d.to_string();
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines.iter().find(|l| l.starts_with("1 | ")).unwrap();
        let caret = lines.iter().find(|l| l.trim_end().ends_with('^')).unwrap();
        assert!(shown.chars().count() < 120, "{shown}");
        assert!(shown.contains("…a") && shown.ends_with('…'), "{shown}");
        let x = shown.chars().position(|c| c == 'X').unwrap();
        assert_eq!(caret.chars().position(|c| c == '^'), Some(x), "{text}");
        // Wide characters take two columns: the caret still lines up.
        let src = "名前 = X";
        let d = Diagnostic::at(std::path::Path::new("p.toml"), src, 9..10, "bad".into());
        assert!(d.to_string().contains("1 | 名前 = X\n  |        ^"), "{d}");
        // Short lines are shown whole, as before.
        let d = Diagnostic::at(std::path::Path::new("p.toml"), "k = X", 4..5, "bad".into());
        assert!(d.to_string().contains("1 | k = X\n  |     ^"), "{d}");
    }

    #[test]
    fn locates_lines_and_columns_in_characters() {
        let src = "a = 1\nnämé = 2\n";
        let off = src.find("= 2").unwrap();
        let (line, col, text) = locate(src, None, off);
        assert_eq!((line, col), (2, 6));
        assert_eq!(text, "nämé = 2");
    }

    #[test]
    fn renders_like_a_compiler() {
        let src = "[person.a]\nemial = \"x\"\n";
        let d = Diagnostic::at(
            std::path::Path::new("people.toml"),
            src,
            11..16,
            "unknown key `emial`".into(),
        )
        .help("did you mean `email`?");
        let text = d.to_string();
        assert!(text.contains("--> people.toml:2:1"), "{text}");
        assert!(text.contains("2 | emial = \"x\""), "{text}");
        assert!(text.contains("  | ^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `email`?"), "{text}");
    }
}
