//! Making user text safe to show: nothing from a workspace file reaches a
//! terminal with its control or escape sequences intact.

use std::borrow::Cow;

/// Is `c` something that could steer a terminal or reorder text: C0/C1
/// controls, DEL, and the bidirectional overrides used in "trojan source"
/// tricks.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // Bidirectional controls and marks.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
            // Line and paragraph separators, and invisible characters that
            // make two different names look the same.
            | '\u{2028}' | '\u{2029}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}'
        )
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

/// Escapes, as `\uXXXX`, the characters of JSON text that could steer a
/// terminal but that JSON itself does not require escaping (DEL, C1
/// controls, bidirectional controls). The JSON stays valid and means the
/// same; only its bytes become safe to print.
pub fn json_safe(json: &str) -> Cow<'_, str> {
    // Newlines, tabs and returns outside strings are JSON's own layout
    // (inside strings serde_json has already escaped them).
    let steers = |c: char| is_unsafe_char(c) && !matches!(c, '\n' | '\t' | '\r');
    if !json.chars().any(steers) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if steers(c) {
            // Every unsafe character is in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
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

/// Truncates to at most `width` terminal columns (a wide East Asian
/// character takes two), marking the cut with `…` (or `~` in ASCII mode).
pub fn truncate(s: &str, width: usize, ascii: bool) -> Cow<'_, str> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if s.width() <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push(if ascii { '~' } else { '…' });
    Cow::Owned(out)
}

/// Compares strings with runs of digits compared by value: `A.5.2` <
/// `A.5.10`, `4.1` < `10.1`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let n = x.iter().take_while(|b| b.is_ascii_digit()).count();
                let m = y.iter().take_while(|b| b.is_ascii_digit()).count();
                let (dx, dy) = (&x[..n], &y[..m]);
                // Compare by value without parsing: strip leading zeros,
                // then the longer run is larger.
                let tx = &dx[dx.iter().take_while(|b| **b == b'0').count()..];
                let ty = &dy[dy.iter().take_while(|b| **b == b'0').count()..];
                let ord = tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty));
                if ord != Ordering::Equal {
                    return ord;
                }
                x = &x[n..];
                y = &y[m..];
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(d);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

/// The plain ASCII letter under a Latin letter with an accent (`é` → `e`),
/// for ASCII-only displays.
pub fn base_letter(c: char) -> Option<char> {
    const MAP: &[(&str, char)] = &[
        ("àáâãäåāăą", 'a'),
        ("ÀÁÂÃÄÅĀĂĄ", 'A'),
        ("çćĉċč", 'c'),
        ("ÇĆĈĊČ", 'C'),
        ("ďđ", 'd'),
        ("ĎĐ", 'D'),
        ("èéêëēĕėęě", 'e'),
        ("ÈÉÊËĒĔĖĘĚ", 'E'),
        ("ğĝġģ", 'g'),
        ("ĞĜĠĢ", 'G'),
        ("ìíîïĩīĭįı", 'i'),
        ("ÌÍÎÏĨĪĬĮİ", 'I'),
        ("ñńņňŉ", 'n'),
        ("ÑŃŅŇ", 'N'),
        ("òóôõöøōŏő", 'o'),
        ("ÒÓÔÕÖØŌŎŐ", 'O'),
        ("ŕŗř", 'r'),
        ("ŔŖŘ", 'R'),
        ("śŝşšș", 's'),
        ("ŚŜŞŠȘ", 'S'),
        ("ţťŧț", 't'),
        ("ŢŤŦȚ", 'T'),
        ("ùúûüũūŭůűų", 'u'),
        ("ÙÚÛÜŨŪŬŮŰŲ", 'U'),
        ("ýÿŷ", 'y'),
        ("ÝŸŶ", 'Y'),
        ("źżž", 'z'),
        ("ŹŻŽ", 'Z'),
        ("ł", 'l'),
        ("Ł", 'L'),
        ("ß", 's'),
    ];
    MAP.iter().find(|(set, _)| set.contains(c)).map(|(_, b)| *b)
}

/// Text as a lookup compares it: lower case, accents taken off
/// (`Tamás` → `tamas`, `ÉLODIE` → `elodie`), combining accents dropped.
pub fn fold(s: &str) -> String {
    fold_chars(s).collect()
}

/// [`fold`] one character at a time, for callers that fill their own
/// buffers.
pub fn fold_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(|c| {
            let base = if c.is_ascii() {
                c
            } else {
                base_letter(c).unwrap_or(c)
            };
            base.to_lowercase()
        })
}

/// Optimal string alignment distance (Damerau-Levenshtein where a swap of
/// neighbouring characters is one edit, like an insertion, a deletion or a
/// substitution) from `a` to every prefix of `b`: afterwards `rows[j]` is
/// the distance from `a` to `b[..j]`. Gives up, returning false, as soon
/// as every distance exceeds `limit` (they never shrink further down).
/// Three rows of `rows`, reused between calls, so nothing is allocated
/// once it has grown.
pub fn distances_to_prefixes(a: &[char], b: &[char], limit: usize, rows: &mut Vec<usize>) -> bool {
    let width = b.len() + 1;
    rows.clear();
    rows.resize(3 * width, 0);
    // Row i - 2, row i - 1 and row i, rotating.
    let (mut before, mut prev, mut cur) = (2 * width, 0, width);
    for (j, cell) in rows[..width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[cur] = i;
        let mut least = i;
        for j in 1..width {
            let same = a[i - 1] == b[j - 1];
            let mut d = (rows[prev + j] + 1)
                .min(rows[cur + j - 1] + 1)
                .min(rows[prev + j - 1] + usize::from(!same));
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[before + j - 2] + 1);
            }
            rows[cur + j] = d;
            least = least.min(d);
        }
        if least > limit {
            return false;
        }
        (before, prev, cur) = (prev, cur, before);
    }
    rows.copy_within(prev..prev + width, 0);
    true
}

/// The candidate closest to `word` by edit distance, if it is close enough
/// to be a likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&lower, &c.to_lowercase());
        let limit = (c.chars().count().max(word.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = Vec::new();
    distances_to_prefixes(&a, &b, usize::MAX, &mut rows);
    rows[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["name", "email", "manager", "department"];
        assert_eq!(did_you_mean("emial", keys), Some("email"));
        assert_eq!(did_you_mean("Manger", keys), Some("manager"));
        assert_eq!(did_you_mean("departmnet", keys), Some("department"));
        assert_eq!(did_you_mean("salary", keys), None);
    }

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("abc", "acb"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn escape_sequences_are_defused() {
        let hostile = "Eve\u{1b}[2J\u{1b}]0;pwned\u{7}\r\nX\u{202E}";
        let safe = sanitize(hostile);
        assert!(
            !safe.chars().any(|c| is_unsafe_char(c) && c != '\n'),
            "{safe:?}"
        );
        assert_eq!(safe, "Eve?[2J?]0;pwned?  X?");
    }

    #[test]
    fn json_output_escapes_what_could_steer_a_terminal() {
        let v = serde_json::json!({"name": "A\u{9b}31m\u{202e}B\u{1b}[2J\u{7f}"});
        let text = serde_json::to_string_pretty(&v).unwrap();
        let safe = json_safe(&text);
        assert!(
            !safe.chars().any(|c| is_unsafe_char(c) && c != '\n'),
            "{safe:?}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, v, "same data");
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
    fn natural_order_of_ids() {
        let mut ids = vec!["A.5.10", "10.1", "A.5.2", "4.1", "A.8.1", "9.3.2", "A.5.1"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            vec!["4.1", "9.3.2", "10.1", "A.5.1", "A.5.2", "A.5.10", "A.8.1"]
        );
        assert_eq!(natural_cmp("x01", "x1"), std::cmp::Ordering::Equal);
    }

    #[test]
    fn accents_have_a_base_letter() {
        assert_eq!(base_letter('é'), Some('e'));
        assert_eq!(base_letter('Ł'), Some('L'));
        assert_eq!(base_letter('中'), None);
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Tamás VARGA"), "tamas varga");
        assert_eq!(fold("ŁUKASZ Żak"), "lukasz zak");
        // A decomposed accent (e + U+0301) folds like the composed one.
        assert_eq!(fold("Chloe\u{301}"), fold("Chloé"));
        assert_eq!(fold("東京"), "東京");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4, false), "abc…");
        assert_eq!(truncate("abcdef", 4, true), "abc~");
        assert_eq!(truncate("abc", 4, true), "abc");
        // Columns, not characters: each of these takes two.
        assert_eq!(truncate("東京都庁", 5, false), "東京…");
        assert_eq!(truncate("東京", 4, false), "東京");
    }
}
