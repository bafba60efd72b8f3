//! A line diff (Myers' algorithm), for showing what a change would do to a
//! file before it is written.

/// One line of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    /// A line in both texts.
    Same(&'a str),
    /// A line only in the old text.
    Removed(&'a str),
    /// A line only in the new text.
    Added(&'a str),
}

/// The shortest edit script turning `a` into `b`, line by line. Linear in
/// the file size when the change is small, which is the case it serves.
pub fn lines<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Line<'a>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let offset = max as isize;
    let mut v = vec![0isize; 2 * max + 2];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    'outer: for d in 0..=max as isize {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let idx = (k + offset) as usize;
            let mut x = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) {
                v[idx + 1]
            } else {
                v[idx - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx] = x;
            if x >= n && y >= m {
                break 'outer;
            }
            k += 2;
        }
    }
    // Walk the trace back from the end to recover the script.
    let mut out = Vec::new();
    let (mut x, mut y) = (n, m);
    for (d, v) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let k = x - y;
        let idx = (k + offset) as usize;
        let prev_k = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = v[(prev_k + offset) as usize];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            out.push(Line::Same(a[(x - 1) as usize]));
            x -= 1;
            y -= 1;
        }
        if d > 0 {
            if x == prev_x {
                out.push(Line::Added(b[(y - 1) as usize]));
            } else {
                out.push(Line::Removed(a[(x - 1) as usize]));
            }
        }
        x = prev_x;
        y = prev_y;
    }
    out.reverse();
    out
}

/// Hunks of changed lines with `context` unchanged lines around them, as
/// `(first line number in a, lines)`.
pub fn hunks<'a>(a: &'a str, b: &'a str, context: usize) -> Vec<(usize, Vec<Line<'a>>)> {
    let al: Vec<&str> = a.lines().collect();
    let bl: Vec<&str> = b.lines().collect();
    let script = lines(&al, &bl);
    let changed: Vec<usize> = (0..script.len())
        .filter(|&i| !matches!(script[i], Line::Same(_)))
        .collect();
    let mut out: Vec<(usize, Vec<Line<'a>>)> = Vec::new();
    let mut i = 0;
    while i < changed.len() {
        let start = changed[i].saturating_sub(context);
        let mut end = changed[i];
        while i + 1 < changed.len() && changed[i + 1] <= end + 2 * context + 1 {
            i += 1;
            end = changed[i];
        }
        let end = (end + context + 1).min(script.len());
        let line_no = script[..start]
            .iter()
            .filter(|l| !matches!(l, Line::Added(_)))
            .count()
            + 1;
        out.push((line_no, script[start..end].to_vec()));
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(a: &[&str], script: &[Line<'_>]) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        for l in script {
            match l {
                Line::Same(s) => {
                    assert_eq!(a[i], *s);
                    out.push(s.to_string());
                    i += 1;
                }
                Line::Removed(s) => {
                    assert_eq!(a[i], *s);
                    i += 1;
                }
                Line::Added(s) => out.push(s.to_string()),
            }
        }
        out
    }

    #[test]
    fn scripts_turn_a_into_b_minimally() {
        let a = ["x", "a", "b", "c", "y", "z"];
        let b = ["x", "b", "c", "new", "y", "z"];
        let s = lines(&a, &b);
        assert_eq!(apply(&a, &s), b);
        assert_eq!(s.iter().filter(|l| !matches!(l, Line::Same(_))).count(), 2);
        assert_eq!(lines(&[], &["a"]), vec![Line::Added("a")]);
        assert_eq!(lines(&["a"], &[]), vec![Line::Removed("a")]);
        assert!(lines(&[], &[]).is_empty());
    }

    #[test]
    fn hunks_are_separate_for_distant_changes() {
        let a: String = (0..40).map(|i| format!("line {i}\n")).collect();
        let b = a
            .replace("line 3\n", "line three\n")
            .replace("line 30\n", "");
        let h = hunks(&a, &b, 1);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].0, 3);
        assert_eq!(
            h[0].1,
            vec![
                Line::Same("line 2"),
                Line::Removed("line 3"),
                Line::Added("line three"),
                Line::Same("line 4")
            ]
        );
    }
}
