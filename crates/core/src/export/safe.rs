//! Making register text safe to put in an exported file.
//!
//! Everything in a workspace was typed by somebody, and an export is read
//! by other programs: spreadsheets, browsers, Markdown renderers, Graphviz
//! and Mermaid. Each function here takes raw register text and returns text
//! that the target format shows literally and never executes:
//!
//! - every function first removes terminal control and escape characters
//!   (ESC, BEL, C1 controls, bidirectional overrides) with
//!   [`crate::text::sanitize`], so none reaches a file raw, in any format;
//! - [`cell`] defuses spreadsheet formulas (CSV and xlsx);
//! - [`html`] escapes text and attribute values;
//! - [`md`], [`md_inline`] and [`md_cell`] escape Markdown (and the raw HTML Markdown lets
//!   through);
//! - [`dot`] escapes Graphviz quoted strings;
//! - [`mermaid`] escapes Mermaid quoted labels with its `#code;` entities.
//!
//! Graph node ids are never built from register ids: the org chart numbers
//! people `p0`, `p1`, ... (see [`node_id`]).

use std::borrow::Cow;

use crate::text::{sanitize, sanitize_multiline};

/// Characters that make a spreadsheet read a cell as a formula (or, for tab
/// and carriage return, that some importers strip before doing so), plus
/// their full-width forms, which some spreadsheet locales also accept.
const FORMULA_TRIGGERS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// A spreadsheet cell (CSV or xlsx) that no spreadsheet will evaluate.
///
/// The choice, following OWASP's advice on CSV injection: when the text
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return (or a
/// full-width `＝ ＋ － ＠`), possibly after leading spaces, it gets a single
/// quote `'` in front. Excel, LibreOffice and Google Sheets then treat the
/// cell as text, and the quote shows the reader that the cell was changed.
/// The price is that an honest value such as `-2` reads `'-2`; the exports
/// write no numbers as text, so only names and free text are affected.
///
/// Control characters are then replaced as by [`crate::text::sanitize`],
/// except that line breaks are kept (a cell may hold several lines, such as
/// a role's responsibilities).
pub fn cell(raw: &str) -> String {
    let trimmed = raw.trim_start_matches(' ');
    let risky = trimmed.starts_with(FORMULA_TRIGGERS) || raw.starts_with(['\t', '\r', '\n']);
    let clean = sanitize_multiline(raw);
    if risky {
        format!("'{clean}")
    } else {
        clean.into_owned()
    }
}

/// Text for HTML content or a double- or single-quoted attribute value:
/// `&`, `<`, `>`, `"` and `'` become character references, after control
/// characters are replaced (one line).
pub fn html(raw: &str) -> String {
    let clean = sanitize(raw);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown text shown literally where it may start a line: a paragraph,
/// a list item. As [`md_inline`], and besides a leading `#`, `+`, `-`, `=`
/// or `!`, or the punctuation of a leading list number (`1.`, `1)`), is
/// escaped so the text never becomes a heading, a list or a rule.
pub fn md(raw: &str) -> String {
    let inline = md_inline(raw.trim_start());
    let digits = inline.chars().take_while(char::is_ascii_digit).count();
    let list_number = digits > 0 && matches!(inline[digits..].chars().next(), Some('.' | ')'));
    if list_number {
        format!("{}\\{}", &inline[..digits], &inline[digits..])
    } else if inline.starts_with(['#', '+', '-', '=', '!']) {
        format!("\\{inline}")
    } else {
        inline
    }
}

/// Markdown text shown literally in the middle of a line (a table cell, a
/// heading, after a label): one line, with the characters that start
/// emphasis, code, links, raw HTML, table cells, strike-through or maths
/// backslash-escaped (CommonMark allows a backslash before any ASCII
/// punctuation). `&` is escaped too, so `&lt;` in a name stays as typed.
pub fn md_inline(raw: &str) -> String {
    let clean = sanitize(raw);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Markdown table cell: [`md_inline`] (which escapes `|` and makes one
/// line), or a single space for an empty cell so the row keeps its shape.
pub fn md_cell(raw: &str) -> String {
    let s = md_inline(raw.trim());
    if s.is_empty() { " ".to_string() } else { s }
}

/// The inside of a Graphviz double-quoted string (a label or attribute):
/// backslashes and quotes escaped, one line. Line breaks the caller wants
/// are written as `\n` by the caller, between escaped parts.
pub fn dot(raw: &str) -> String {
    let clean = sanitize(raw);
    let mut out = String::with_capacity(clean.len() + 4);
    for c in clean.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out
}

/// The inside of a Mermaid double-quoted node label: one line, with every
/// character Mermaid gives a meaning to written as its entity code
/// (`#quot;`, `#35;` ...): quotes, `#` (which starts an entity), `&`, `<`
/// and `>` (raw HTML), backticks (Markdown strings), `|`, `;`, `%`
/// (comments), brackets and braces (node shapes).
pub fn mermaid(raw: &str) -> String {
    let clean = sanitize(raw);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            ';' => out.push_str("#59;"),
            '%' => out.push_str("#37;"),
            '[' => out.push_str("#91;"),
            ']' => out.push_str("#93;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            '(' => out.push_str("#40;"),
            ')' => out.push_str("#41;"),
            c => out.push(c),
        }
    }
    out
}

/// The graph node id of the `n`th person in an org chart: `p0`, `p1`, ...
/// Safe in DOT and Mermaid whatever the register's ids contain.
pub fn node_id(n: usize) -> String {
    format!("p{n}")
}

/// Plain one-line text for a place with no markup at all (an xlsx sheet
/// name, a file comment): control characters replaced.
pub fn plain(raw: &str) -> Cow<'_, str> {
    sanitize(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::is_unsafe_char;

    use crate::sample::HOSTILE;

    fn no_unsafe(s: &str) {
        assert!(
            !s.chars().any(|c| c != '\n' && is_unsafe_char(c)),
            "raw control or bidi character in {s:?}"
        );
    }

    #[test]
    fn spreadsheet_formulas_get_a_quote() {
        assert_eq!(
            cell("=HYPERLINK(\"http://evil\",\"x\")"),
            "'=HYPERLINK(\"http://evil\",\"x\")"
        );
        assert_eq!(cell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(cell("@SUM(1)"), "'@SUM(1)");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("\tTAB"), "' TAB");
        assert_eq!(cell("\rCR"), "' CR");
        assert_eq!(cell("  =1+1"), "'  =1+1");
        assert_eq!(cell("\u{FF1D}1+1"), "'\u{FF1D}1+1");
        // Ordinary text is left alone, inner signs included.
        assert_eq!(cell("Siobhan Brennan"), "Siobhan Brennan");
        assert_eq!(cell("a=b"), "a=b");
        assert_eq!(cell("A"), "A");
        assert_eq!(cell(""), "");
        assert_eq!(cell("one\ntwo"), "one\ntwo");
        for h in HOSTILE {
            let c = cell(h);
            no_unsafe(&c);
            assert!(!c.starts_with(FORMULA_TRIGGERS), "{c:?}");
        }
    }

    #[test]
    fn html_escapes_text_and_attributes() {
        assert_eq!(
            html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(html("\"a\" & 'b'"), "&quot;a&quot; &amp; &#39;b&#39;");
        assert_eq!(html("\u{1b}[31mred\u{202e}"), "?[31mred?");
        for h in HOSTILE {
            let s = html(h);
            no_unsafe(&s);
            assert!(!s.contains(['<', '>', '"', '\'']), "{s}");
        }
    }

    #[test]
    fn markdown_is_literal() {
        assert_eq!(md("a|b"), "a\\|b");
        assert_eq!(md("<script>"), "\\<script\\>");
        assert_eq!(
            md("*bold* _it_ `code` [x](y)"),
            "\\*bold\\* \\_it\\_ \\`code\\` \\[x\\](y)"
        );
        assert_eq!(md("# title"), "\\# title");
        assert_eq!(md("- item"), "\\- item");
        assert_eq!(md("1. item"), "1\\. item");
        assert_eq!(md("A.5.15 and 2-3"), "A.5.15 and 2-3");
        assert_eq!(md_inline("0.8"), "0.8");
        assert_eq!(md_inline("- not a list here"), "- not a list here");
        assert_eq!(md("line\nbreak"), "line break");
        assert_eq!(md_cell(""), " ");
        for h in HOSTILE {
            let s = md_cell(h);
            no_unsafe(&s);
            // Every `|` and `<` is escaped.
            let b = s.as_bytes();
            for (i, c) in b.iter().enumerate() {
                if matches!(c, b'|' | b'<' | b'>') {
                    assert!(i > 0 && b[i - 1] == b'\\', "{s}");
                }
            }
        }
    }

    #[test]
    fn dot_strings_stay_closed() {
        assert_eq!(dot("say \"hi\" \\n"), "say \\\"hi\\\" \\\\n");
        assert_eq!(dot("two\nlines"), "two lines");
        for h in HOSTILE {
            let s = dot(h);
            no_unsafe(&s);
            // No quote is left unescaped.
            let b = s.as_bytes();
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'\\' => i += 2,
                    b'"' => panic!("bare quote in {s}"),
                    _ => i += 1,
                }
            }
        }
    }

    #[test]
    fn mermaid_labels_use_entity_codes() {
        assert_eq!(mermaid("\"quote\""), "#quot;quote#quot;");
        assert_eq!(mermaid("a|b"), "a#124;b");
        assert_eq!(mermaid("<b>#1</b>"), "#lt;b#gt;#35;1#lt;/b#gt;");
        assert_eq!(mermaid("Siobhan Brennan"), "Siobhan Brennan");
        for h in HOSTILE {
            let s = mermaid(h);
            no_unsafe(&s);
            assert!(!s.contains(['"', '<', '>', '`', '|', '[', ']']), "{s}");
        }
    }

    #[test]
    fn node_ids_are_plain() {
        assert_eq!(node_id(0), "p0");
        assert_eq!(node_id(41), "p41");
    }
}
