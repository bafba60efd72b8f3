//! Making user text safe to show: nothing from a workspace file reaches a
//! terminal with its control or escape sequences intact.

use std::borrow::Cow;

/// Is `c` something that could steer a terminal or reorder text: C0/C1
/// controls, DEL, and the bidirectional overrides used in "trojan source"
/// tricks.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// One-line safe text: tabs and newlines become spaces, every other control
/// or bidi character becomes `?`. Borrowed when nothing had to change.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if is_unsafe_char(c) => '?',
                c => c,
            })
            .collect(),
    )
}

/// Like [`sanitize`] but keeps line breaks, for multi-line text such as a
/// role's purpose.
pub fn sanitize_multiline(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe_char(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' => '\n',
                '\t' | '\r' => ' ',
                c if is_unsafe_char(c) => '?',
                c => c,
            })
            .collect(),
    )
}

/// Truncates to at most `width` characters, marking the cut with `…` (or
/// `~` in ASCII mode).
pub fn truncate(s: &str, width: usize, ascii: bool) -> Cow<'_, str> {
    if s.chars().count() <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push(if ascii { '~' } else { '…' });
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_defused() {
        let hostile = "Eve\u{1b}[2J\u{1b}]0;pwned\u{7}\r\nX\u{202E}";
        let safe = sanitize(hostile);
        assert!(!safe.chars().any(is_unsafe_char), "{safe:?}");
        assert_eq!(safe, "Eve?[2J?]0;pwned?  X?");
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(sanitize("Zoë Ångström"), Cow::Borrowed(_)));
    }

    #[test]
    fn multiline_keeps_newlines() {
        assert_eq!(sanitize_multiline("a\nb\u{1b}c"), "a\nb?c");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4, false), "abc…");
        assert_eq!(truncate("abcdef", 4, true), "abc~");
        assert_eq!(truncate("abc", 4, true), "abc");
    }
}
