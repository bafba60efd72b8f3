//! Reading workspace files into the model.
//!
//! Each file is parsed once into a spanned TOML tree and walked by hand, so
//! that every problem is collected (not just the first, as serde would) and
//! carries its exact position.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, LineIndex};
use super::schema::{self, FileKind, is_valid_id, slugify};
use crate::model::*;
use crate::text::did_you_mean;

type Val<'i> = Spanned<DeValue<'i>>;

/// Parses `src` (the text of one file) into `ws`, appending problems.
pub fn parse_file(kind: FileKind, path: &Path, src: &str, ws: &mut Workspace) -> Vec<Diagnostic> {
    let mut cx = Cx {
        path,
        src,
        lines: LineIndex::new(src),
        diags: Vec::new(),
    };
    if !conflict_markers(&mut cx) {
        let (root, errors) = DeTable::parse_recoverable(src);
        // The body of a table defined twice: the parser reports each of its
        // keys again, which would bury the one problem under many.
        let mut duplicate_body: Option<std::ops::Range<usize>> = None;
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim().to_string();
            if !msg.contains("duplicate key") {
                let mut d =
                    Diagnostic::at_line(path, src, &cx.lines, span, format!("invalid TOML: {msg}"));
                if let Some(help) = syntax_help(&msg) {
                    d = d.help(help);
                }
                cx.diags.push(d);
                continue;
            }
            if duplicate_body
                .as_ref()
                .is_some_and(|body| body.contains(&span.start))
            {
                continue;
            }
            let d = match duplicate::header_at(src, span.start) {
                Some(header) if header.list => Diagnostic::at_line(
                    path,
                    src,
                    &cx.lines,
                    span,
                    format!(
                        "`{}` is used both as a table and as a list of tables",
                        header.name()
                    ),
                )
                .help("use `[...]` or `[[...]]` for it throughout, not both"),
                Some(header) => {
                    duplicate_body = Some(duplicate::body_after(src, span.start));
                    let first = duplicate::first_header_line(src, &header, span.start);
                    let what = match header.parts.as_slice() {
                        [table, id] => format!("{table} `{id}` is defined twice"),
                        _ => format!("`{}` is defined twice", header.name()),
                    };
                    let mut d = Diagnostic::at_line(path, src, &cx.lines, span, what);
                    if let Some(line) = first {
                        d = d.expected(format!("one definition; the first is at line {line}"));
                    }
                    d.help("ids must be unique within a file: rename one of them or merge the two")
                }
                None => {
                    let key = src.get(span.clone()).unwrap_or("").trim().to_string();
                    Diagnostic::at_line(
                        path,
                        src,
                        &cx.lines,
                        span,
                        format!("`{key}` is defined twice"),
                    )
                    .help("keep one of the two, or merge them")
                }
            };
            cx.diags.push(d);
        }
        {
            let root = root.get_ref();
            match kind {
                FileKind::Workspace => read_workspace(&mut cx, root, ws),
                FileKind::People => read_people(&mut cx, root, ws),
                FileKind::Roles => read_roles(&mut cx, root, ws),
                FileKind::Matrix => read_matrix(&mut cx, root, ws),
            }
        }
    }
    // A recovered parse can repeat a syntax error as a type error at the
    // same spot; keep the first, and present problems in file order.
    let mut seen = std::collections::HashSet::new();
    let mut diags: Vec<Diagnostic> = cx
        .diags
        .into_iter()
        .filter(|d| seen.insert((d.line, d.column)))
        .collect();
    diags.sort_by_key(|d| (d.line, d.column));
    diags
}

struct Cx<'a> {
    path: &'a Path,
    src: &'a str,
    lines: LineIndex,
    diags: Vec<Diagnostic>,
}

impl Cx<'_> {
    fn error(&mut self, span: Range<usize>, message: String) -> &mut Diagnostic {
        self.diags.push(Diagnostic::at_line(
            self.path,
            self.src,
            &self.lines,
            span,
            message,
        ));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }
}

/// Reports git merge-conflict markers; true when any were found (the file
/// is then not parsed, as the TOML errors would only confuse).
fn conflict_markers(cx: &mut Cx<'_>) -> bool {
    let mut offset = 0;
    let mut found = false;
    for line in cx.src.split_inclusive('\n') {
        let l = line.trim_end_matches(['\n', '\r']);
        if l.starts_with("<<<<<<<")
            || l.starts_with(">>>>>>>")
            || l == "======="
            || l.starts_with("|||||||")
        {
            found = true;
            let d = cx.error(
                offset..offset + l.len(),
                "unresolved merge conflict marker".into(),
            );
            d.help = Some(
                "resolve the merge conflict (keep one side of each change and delete the marker lines; a `# rasci:` line above says what each side holds), then run `rasci check`".into(),
            );
        }
        offset += line.len();
    }
    found
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number with a fraction",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date or time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// What to do about the TOML parser's complaint, for the mistakes people
/// make by hand. `None` where the message says it all.
fn syntax_help(msg: &str) -> Option<&'static str> {
    let has = |s: &str| msg.contains(s);
    Some(if has("multi-line") {
        "close the text with the same three quotes that open it"
    } else if has("basic string") || has("literal string") && !has("must be quoted") {
        "close the text with the quote that opens it, on the same line; for text over several lines, use \"\"\" ... \"\"\""
    } else if has("must be quoted") {
        "text values need quotes: name = \"Jane Doe\"; a date is written bare, as 2026-11-27"
    } else if has("invalid date") || has("day between") || has("month between") {
        "that date does not exist: check the day against the month (YYYY-MM-DD)"
    } else if has("escaped value") {
        "a backslash starts an escape in \"...\" text: write \\\\ for one backslash, or use '...' quotes"
    } else if has("key with no value") {
        "each line is key = value"
    } else if has("keys cannot be empty") {
        "a key is needed before the `=`"
    } else if has("unclosed table") {
        "a table header ends with `]` on the same line: [person.jdoe]"
    } else if has("unclosed array") {
        "a list ends with `]`: [\"a\", \"b\"]"
    } else if has("unclosed inline table") {
        "an inline table ends with `}` on the same line"
    } else if has("invalid boolean") {
        "yes/no values are written true or false"
    } else {
        return None;
    })
}

/// Is the key at `span` one part of a dotted name (`[person.j.doe]`)? Only
/// then is "quote the id" a useful hint.
fn next_to_a_dot(src: &str, span: Range<usize>) -> bool {
    let before = src.get(..span.start).unwrap_or("").trim_end();
    let after = src.get(span.end..).unwrap_or("").trim_start();
    before.ends_with('.') || after.starts_with('.')
}

/// One table being read: knows what it describes ("person `jdoe`") for
/// messages, and where it is.
struct Obj<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    what: String,
}

impl<'t, 'i> Obj<'t, 'i> {
    fn new(table: &'t DeTable<'i>, span: Range<usize>, what: String) -> Self {
        Obj { table, span, what }
    }

    /// Reports keys not in `known`, with a suggestion for likely typos.
    fn check_keys(&self, cx: &mut Cx<'_>, known: &[&str]) {
        for (k, v) in self.table.iter() {
            let key = k.get_ref().as_ref();
            if known.contains(&key) {
                continue;
            }
            let mut help =
                did_you_mean(key, known.iter().copied()).map(|s| format!("did you mean `{s}`?"));
            if help.is_none()
                && matches!(v.get_ref(), DeValue::Table(_))
                && next_to_a_dot(cx.src, k.span())
            {
                help = Some(format!(
                    "a dot in a table header starts a sub-table; if `{key}...` is part of one id, quote the id, e.g. [\"a.b\"]"
                ));
            }
            let d = cx.error(k.span(), format!("unknown key `{key}` in {}", self.what));
            d.expected = Some(format!("one of: {}", known.join(", ")));
            d.help = help;
        }
    }

    fn get(&self, key: &str) -> Option<&'t Val<'i>> {
        self.table.get(key)
    }

    fn wrong_type(&self, cx: &mut Cx<'_>, key: &str, v: &Val<'_>, expected: &str) {
        let found = type_name(v.get_ref());
        let d = cx.error(
            v.span(),
            format!("`{key}` in {} should be {expected}, not {found}", self.what),
        );
        d.expected = Some(expected.to_string());
    }

    fn missing(&self, cx: &mut Cx<'_>, key: &str, expected: &str) {
        let d = cx.error(self.span.clone(), format!("{} has no `{key}`", self.what));
        d.expected = Some(format!("`{key} = ...` ({expected})"));
    }

    fn string(&self, cx: &mut Cx<'_>, key: &str) -> Option<String> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(cx, key, v, "a string in quotes");
                None
            }
        }
    }

    fn required_string(&self, cx: &mut Cx<'_>, key: &str) -> String {
        match self.get(key) {
            Some(_) => self.string(cx, key).unwrap_or_default(),
            None => {
                self.missing(cx, key, "a string");
                String::new()
            }
        }
    }

    /// An id-valued field (a reference to a person, role...): a string that
    /// is a valid id.
    fn id_ref(&self, cx: &mut Cx<'_>, key: &str) -> Option<String> {
        let s = self.string(cx, key)?;
        if !is_valid_id(&s) {
            let span = self.get(key).map(|v| v.span()).unwrap_or(self.span.clone());
            let d = cx.error(
                span,
                format!("`{key}` in {} is not a valid id: {s:?}", self.what),
            );
            d.expected =
                Some("letters, digits, `.`, `_` or `-`, starting with a letter or digit".into());
            d.help = Some(format!("ids are short slugs such as `{}`", slugify(&s)));
        }
        Some(s)
    }

    fn bool(&self, cx: &mut Cx<'_>, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            DeValue::String(s) if matches!(s.as_ref(), "true" | "false" | "yes" | "no") => {
                let d = cx.error(
                    v.span(),
                    format!(
                        "`{key}` in {} should be true or false without quotes",
                        self.what
                    ),
                );
                d.expected = Some("true or false".into());
                d.help = Some(format!(
                    "write `{key} = {}`",
                    matches!(s.as_ref(), "true" | "yes")
                ));
                None
            }
            _ => {
                self.wrong_type(cx, key, v, "true or false");
                None
            }
        }
    }

    fn integer(&self, cx: &mut Cx<'_>, key: &str, min: i64) -> Option<i64> {
        let v = self.get(key)?;
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => None,
        };
        match n {
            Some(n) if n >= min => Some(n),
            Some(n) => {
                let d = cx.error(
                    v.span(),
                    format!("`{key}` in {} is {n}, which is too small", self.what),
                );
                d.expected = Some(format!("a whole number of at least {min}"));
                None
            }
            None => {
                self.wrong_type(cx, key, v, "a whole number");
                None
            }
        }
    }

    /// A number between `min` and `max`; integers are accepted as floats.
    fn number(&self, cx: &mut Cx<'_>, key: &str, min: f64, max: f64) -> Option<f64> {
        let v = self.get(key)?;
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() && (min..=max).contains(&n) => Some(n),
            Some(n) => {
                let d = cx.error(
                    v.span(),
                    format!("`{key}` in {} is {n}, outside the allowed range", self.what),
                );
                d.expected = Some(format!("a number from {min} to {max}"));
                None
            }
            None => {
                self.wrong_type(cx, key, v, "a number such as 0.5");
                None
            }
        }
    }

    /// A date, written bare (`2026-11-27`) or quoted.
    fn date(&self, cx: &mut Cx<'_>, key: &str) -> Option<Date> {
        let v = self.get(key)?;
        let parsed = match v.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt
                .date
                .and_then(|d| Date::new(d.year as i16, d.month as i8, d.day as i8)),
            DeValue::String(s) => s.parse::<Date>().ok(),
            _ => None,
        };
        if parsed.is_none() {
            let d = cx.error(v.span(), format!("`{key}` in {} is not a date", self.what));
            d.expected = Some("a date like 2026-11-27 (year-month-day, no time)".into());
        }
        parsed
    }

    fn string_list(&self, cx: &mut Cx<'_>, key: &str) -> Vec<String> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(s.to_string()),
                        other => {
                            let d = cx.error(
                                item.span(),
                                format!(
                                    "items of `{key}` in {} should be strings, not {}",
                                    self.what,
                                    type_name(other)
                                ),
                            );
                            d.expected = Some("a list of strings in quotes".into());
                        }
                    }
                }
                out
            }
            // A single string where a list was expected is a common slip.
            DeValue::String(s) => {
                let d = cx.error(
                    v.span(),
                    format!("`{key}` in {} should be a list", self.what),
                );
                d.expected = Some("a list in square brackets".into());
                d.help = Some(format!("write `{key} = [{:?}]`", s.as_ref()));
                Vec::new()
            }
            _ => {
                self.wrong_type(cx, key, v, "a list of strings");
                Vec::new()
            }
        }
    }

    /// One of a fixed set of words.
    fn choice<T>(
        &self,
        cx: &mut Cx<'_>,
        key: &str,
        parse: fn(&str) -> Option<T>,
        allowed: &[&str],
    ) -> Option<T> {
        let v = self.get(key)?;
        let DeValue::String(s) = v.get_ref() else {
            self.wrong_type(cx, key, v, &format!("one of {}", quoted_list(allowed)));
            return None;
        };
        let parsed = parse(s);
        if parsed.is_none() {
            let d = cx.error(
                v.span(),
                format!("`{key}` in {} cannot be {:?}", self.what, s.as_ref()),
            );
            d.expected = Some(format!("one of {}", quoted_list(allowed)));
            d.help =
                did_you_mean(s, allowed.iter().copied()).map(|m| format!("did you mean \"{m}\"?"));
        }
        parsed
    }

    /// Sub-tables keyed by id (`[person.<id>]`), in file order.
    fn keyed_tables(&self, cx: &mut Cx<'_>, key: &str, noun: &str) -> Vec<(String, Obj<'t, 'i>)> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Table(t) = v.get_ref() else {
            self.wrong_type(cx, key, v, &format!("tables like [{key}.<id>]"));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(t.len());
        for (k, item) in t.iter() {
            let id = k.get_ref().to_string();
            if !is_valid_id(&id) {
                let d = cx.error(k.span(), format!("{noun} id {id:?} is not valid"));
                d.expected = Some(
                    "letters, digits, `.`, `_` or `-`, starting with a letter or digit".into(),
                );
                d.help = Some(format!("use a short slug such as `{}`", slugify(&id)));
            }
            match item.get_ref() {
                DeValue::Table(inner) => out.push((
                    id.clone(),
                    Obj::new(inner, k.span(), format!("{noun} `{id}`")),
                )),
                other => {
                    let d = cx.error(
                        item.span(),
                        format!("{noun} `{id}` should be a table, not {}", type_name(other)),
                    );
                    d.expected = Some(format!("[{key}.{id}] followed by its fields"));
                }
            }
        }
        out
    }

    /// An array of tables (`[[person.jdoe.competency]]`), also accepted
    /// written inline.
    fn table_array(&self, cx: &mut Cx<'_>, key: &str, noun: &str) -> Vec<Obj<'t, 'i>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            if let DeValue::Table(t) = v.get_ref() {
                // `[x.key]` written instead of `[[x.key]]`: read it as one
                // entry but say how to write it.
                let d = cx.error(
                    v.span(),
                    format!("`{key}` in {} should be a list of tables", self.what),
                );
                d.help = Some(format!(
                    "write the header with double brackets: [[...{key}]]"
                ));
                return vec![Obj::new(t, v.span(), format!("{noun} of {}", self.what))];
            }
            self.wrong_type(cx, key, v, &format!("a list of tables [[...{key}]]"));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(t) => out.push(Obj::new(
                    t,
                    item.span(),
                    format!("{noun} #{} of {}", i + 1, self.what),
                )),
                other => {
                    let d = cx.error(
                        item.span(),
                        format!(
                            "each `{key}` of {} should be a table, not {}",
                            self.what,
                            type_name(other)
                        ),
                    );
                    d.expected = Some(format!("[[...{key}]] sections"));
                }
            }
        }
        out
    }

    /// A plain sub-table such as `[settings]`.
    fn table(&self, cx: &mut Cx<'_>, key: &str) -> Option<Obj<'t, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Obj::new(t, v.span(), format!("[{key}]"))),
            _ => {
                self.wrong_type(cx, key, v, &format!("a table [{key}]"));
                None
            }
        }
    }
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn root<'t, 'i>(table: &'t DeTable<'i>, file: FileKind) -> Obj<'t, 'i> {
    Obj::new(table, 0..0, file.file_name().to_string())
}

fn read_workspace(cx: &mut Cx<'_>, table: &DeTable<'_>, ws: &mut Workspace) {
    use schema::workspace as k;
    let top = root(table, FileKind::Workspace);
    top.check_keys(cx, k::TOP);

    if let Some(org) = top.table(cx, "organisation") {
        org.check_keys(cx, k::ORGANISATION);
        ws.organisation = Organisation {
            name: org.required_string(cx, "name"),
            scope: org.string(cx, "scope"),
            departments: org.string_list(cx, "departments"),
        };
    } else if top.get("organisation").is_none() {
        let d = cx.error(0..0, "workspace.toml has no [organisation] table".into());
        d.expected = Some("[organisation] with at least `name = \"...\"`".into());
    }

    if let Some(s) = top.table(cx, "settings") {
        s.check_keys(cx, k::SETTINGS);
        let d = Settings::default();
        ws.settings = Settings {
            review_interval_days: s
                .integer(cx, "review-interval-days", 1)
                .unwrap_or(d.review_interval_days),
            expiry_warning_days: s
                .integer(cx, "expiry-warning-days", 0)
                .unwrap_or(d.expiry_warning_days),
            max_reporting_steps: s
                .integer(cx, "max-reporting-steps", 1)
                .map_or(d.max_reporting_steps, |n| n.min(u32::MAX as i64) as u32),
            required_roles: if s.get("required-roles").is_some() {
                s.string_list(cx, "required-roles")
            } else {
                d.required_roles.clone()
            },
            commit_on_save: s.bool(cx, "commit-on-save").unwrap_or(d.commit_on_save),
        };
    }

    for (id, t) in top.keyed_tables(cx, "sod", "segregation-of-duties rule") {
        t.check_keys(cx, k::SOD);
        let pair = match (t.get("roles"), t.get("subjects")) {
            (Some(_), None) => pair_of(cx, &t, "roles").map(SodPair::Roles),
            (None, Some(_)) => pair_of(cx, &t, "subjects").map(SodPair::Subjects),
            _ => {
                let d = cx.error(
                    t.span.clone(),
                    format!(
                        "{} needs either `roles` or `subjects`, not both or neither",
                        t.what
                    ),
                );
                d.expected = Some("roles = [\"role-a\", \"role-b\"]  or  subjects = [\"subject-a\", \"subject-b\"]".into());
                None
            }
        };
        let severity = match t.get("severity") {
            Some(_) => t.choice(
                cx,
                "severity",
                Severity::parse,
                &["error", "warning", "info"],
            ),
            None => Some(Severity::Warning),
        };
        let reason = t.required_string(cx, "reason");
        if let (Some(pair), Some(severity)) = (pair, severity) {
            ws.sod_rules.insert(
                id.clone(),
                SodRule {
                    id,
                    pair,
                    severity,
                    reason,
                },
            );
        }
    }

    for (id, t) in top.keyed_tables(cx, "activity", "activity") {
        t.check_keys(cx, k::ACTIVITY);
        if crate::catalogue::catalogue().get(&id).is_some() {
            let d = cx.error(
                t.span.clone(),
                format!("activity `{id}` has the id of an ISO/IEC 27001 clause or control"),
            );
            d.help = Some("give the activity its own id, such as `approve-access`".into());
        }
        let a = Activity {
            id: id.clone(),
            title: t.required_string(cx, "title"),
            theme: t.string(cx, "theme"),
            description: t.string(cx, "description"),
            related: t.string_list(cx, "related"),
        };
        ws.activities.insert(id, a);
    }

    for (id, t) in top.keyed_tables(cx, "exclusion", "exclusion") {
        t.check_keys(cx, k::EXCLUSION);
        let justification = t.string(cx, "justification").unwrap_or_default();
        ws.exclusions.insert(
            id.clone(),
            Exclusion {
                subject: id,
                justification,
            },
        );
    }

    for t in top.table_array(cx, "signoff", "sign-off") {
        t.check_keys(cx, k::SIGNOFF);
        let date = t.date(cx, "date");
        if t.get("date").is_none() {
            t.missing(cx, "date", "the date of the sign-off");
        }
        let s = Signoff {
            date: date.unwrap_or_default(),
            by: t.string_list(cx, "by"),
            minutes: t.string(cx, "minutes"),
            fingerprint: t.string(cx, "fingerprint"),
            commit: t.string(cx, "commit"),
        };
        ws.signoffs.push(s);
    }
}

fn pair_of(cx: &mut Cx<'_>, t: &Obj<'_, '_>, key: &str) -> Option<[String; 2]> {
    let list = t.string_list(cx, key);
    match <[String; 2]>::try_from(list) {
        Ok([a, b]) if a == b => {
            // A rule keeping a role (or subject) apart from itself would
            // flag every holder of it; it is a slip in the file.
            let span = t.get(key).map(|v| v.span()).unwrap_or(t.span.clone());
            let d = cx.error(span, format!("`{key}` in {} names `{a}` twice", t.what));
            d.expected =
                Some("two different ids: the pair that one person must not combine".into());
            None
        }
        Ok(pair) => Some(pair),
        Err(list) => {
            let span = t.get(key).map(|v| v.span()).unwrap_or(t.span.clone());
            let d = cx.error(
                span,
                format!(
                    "`{key}` in {} names {} {}",
                    t.what,
                    list.len(),
                    if list.len() == 1 { "id" } else { "ids" }
                ),
            );
            d.expected = Some("exactly two ids; write one rule per pair".into());
            None
        }
    }
}

fn read_people(cx: &mut Cx<'_>, table: &DeTable<'_>, ws: &mut Workspace) {
    use schema::people as k;
    let top = root(table, FileKind::People);
    top.check_keys(cx, k::TOP);
    let people = top.keyed_tables(cx, "person", "person");
    ws.people.reserve(people.len());
    for (id, t) in people {
        t.check_keys(cx, k::PERSON);
        let mut competencies = Vec::new();
        // Where each competency's `expires` is, for a problem found below.
        let mut expires_spans = Vec::new();
        for c in t.table_array(cx, "competency", "competency") {
            c.check_keys(cx, k::COMPETENCY);
            competencies.push(Competency {
                id: c.required_string(cx, "id"),
                evidence: c.string(cx, "evidence"),
                achieved: c.date(cx, "achieved"),
                expires: c.date(cx, "expires"),
            });
            expires_spans.push(c.get("expires").map_or(c.span.clone(), |v| v.span()));
        }
        let p = Person {
            id: id.clone(),
            name: t.required_string(cx, "name"),
            email: t.string(cx, "email"),
            title: t.string(cx, "title"),
            department: t.string(cx, "department"),
            manager: t.id_ref(cx, "manager"),
            kind: t
                .choice(
                    cx,
                    "kind",
                    PersonKind::parse,
                    &["employee", "contractor", "external", "group"],
                )
                .unwrap_or_default(),
            status: t
                .choice(cx, "status", Status::parse, &["active", "left"])
                .unwrap_or_default(),
            joined: t.date(cx, "joined"),
            left: t.date(cx, "left"),
            site: t.string(cx, "site"),
            mfa: t.bool(cx, "mfa").unwrap_or(false),
            competencies,
        };
        // The same rules, in the same words, as the edits and the forms.
        for problem in p.date_problems() {
            let span = match &problem {
                DateProblem::ExpiresBeforeAchieved { index, .. } => expires_spans[*index].clone(),
                other => t.get(other.field()).map_or(t.span.clone(), |v| v.span()),
            };
            let d = cx.error(span, problem.message(&t.what));
            d.help = Some(problem.help().into());
        }
        ws.people.insert(id, p);
    }
}

fn read_roles(cx: &mut Cx<'_>, table: &DeTable<'_>, ws: &mut Workspace) {
    use schema::roles as k;
    let top = root(table, FileKind::Roles);
    top.check_keys(cx, k::TOP);
    for (id, t) in top.keyed_tables(cx, "role", "role") {
        t.check_keys(cx, k::ROLE);
        let mut duties = Vec::new();
        if let Some(v) = t.get("duties") {
            let list = t.string_list(cx, "duties");
            for d in list {
                match Duty::parse(&d) {
                    Some(duty) if !duties.contains(&duty) => duties.push(duty),
                    Some(_) => {}
                    None => {
                        let e = cx.error(v.span(), format!("`duties` in {} has {d:?}", t.what));
                        e.expected = Some("\"a\" (ensure the ISMS conforms) and/or \"b\" (report ISMS performance), as in Clause 5.3".into());
                    }
                }
            }
        }
        let mut assignments = Vec::new();
        for a in t.table_array(cx, "assignment", "assignment") {
            a.check_keys(cx, k::ASSIGNMENT);
            let person = match a.get("person") {
                Some(_) => a.id_ref(cx, "person").unwrap_or_default(),
                None => {
                    a.missing(cx, "person", "the id of the person holding the role");
                    String::new()
                }
            };
            let asg = Assignment {
                person,
                from: a.date(cx, "from"),
                until: a.date(cx, "until"),
                deputy: a.id_ref(cx, "deputy"),
                allocation: a.number(cx, "allocation", 0.0, 1.0),
                evidence: a.string(cx, "evidence"),
                acknowledged: a.date(cx, "acknowledged"),
                sponsor: a.id_ref(cx, "sponsor"),
                contract: a.string(cx, "contract"),
                note: a.string(cx, "note"),
            };
            if let (Some(f), Some(u)) = (asg.from, asg.until)
                && u < f
            {
                let span = a.get("until").map_or(a.span.clone(), |v| v.span());
                cx.error(
                    span,
                    format!("{} ends ({u}) before it starts ({f})", a.what),
                );
            }
            assignments.push(asg);
        }
        let r = Role {
            id: id.clone(),
            name: t.required_string(cx, "name"),
            category: t
                .choice(
                    cx,
                    "category",
                    Category::parse,
                    &Category::ALL.map(Category::as_str),
                )
                .unwrap_or_default(),
            duties,
            purpose: t.string(cx, "purpose"),
            responsibilities: t.string_list(cx, "responsibilities"),
            authorities: t.string_list(cx, "authorities"),
            competencies: t.string_list(cx, "competencies"),
            privileged: t.bool(cx, "privileged").unwrap_or(false),
            needs_deputy: t.bool(cx, "needs-deputy").unwrap_or(false),
            fte: t.number(cx, "fte", 0.0, 1000.0),
            reviewed: t.date(cx, "reviewed"),
            assignments,
        };
        ws.roles.insert(id, r);
    }
}

fn read_matrix(cx: &mut Cx<'_>, table: &DeTable<'_>, ws: &mut Workspace) {
    ws.matrix.rows.reserve(table.len());
    for (k, v) in table.iter() {
        let subject = k.get_ref().to_string();
        let DeValue::Table(row) = v.get_ref() else {
            let d = cx.error(
                v.span(),
                format!(
                    "matrix row `{subject}` should be a table, not {}",
                    type_name(v.get_ref())
                ),
            );
            d.expected = Some(format!(
                "[\"{subject}\"] followed by lines like `role-id = \"A\"`"
            ));
            continue;
        };
        let mut cells = indexmap::IndexMap::with_capacity(row.len());
        for (rk, rv) in row.iter() {
            let role = rk.get_ref().to_string();
            match rv.get_ref() {
                DeValue::String(s) => match Letter::parse(s) {
                    Some(l) => {
                        cells.insert(role, l);
                    }
                    None => {
                        let d = cx.error(
                            rv.span(),
                            format!("{s:?} is not a RASCI letter (row `{subject}`, role `{role}`)"),
                        );
                        d.expected = Some(
                            "one of \"R\", \"A\", \"S\", \"C\", \"I\", or \"A/R\" for a role that is both"
                                .into(),
                        );
                        if s.len() > 1 && s.chars().all(|c| Letter::from_char(c).is_some()) {
                            d.help = Some(
                                "one letter per cell, or \"A/R\": keep the strongest (A, then R)"
                                    .into(),
                            );
                        }
                    }
                },
                DeValue::Table(inner) => {
                    // `[A.5.15]` unquoted nests tables: rebuild the id the
                    // user meant from the chain of single-key tables.
                    let mut path = format!("{subject}.{role}");
                    let mut t = inner;
                    while t.len() == 1 {
                        let Some((k, v)) = t.iter().next() else { break };
                        let DeValue::Table(next) = v.get_ref() else {
                            break;
                        };
                        path.push('.');
                        path.push_str(k.get_ref());
                        t = next;
                    }
                    let d = cx.error(
                        rk.span(),
                        format!("`{path}` was read as nested tables, not as one subject id"),
                    );
                    d.help = Some(format!(
                        "ids with dots must be quoted in headers: write [\"{path}\"]"
                    ));
                }
                other => {
                    let d = cx.error(
                        rv.span(),
                        format!(
                            "cell `{role}` in row `{subject}` should be a letter in quotes, not {}",
                            type_name(other)
                        ),
                    );
                    d.expected = Some("one of \"R\", \"A\", \"S\", \"C\", \"I\"".into());
                }
            }
        }
        ws.matrix.rows.insert(subject, cells);
    }
}

/// Finding where a duplicated table was first defined, for the message.
mod duplicate {
    /// A table header line: `[a.b]` or, for a list of tables, `[[a.b]]`.
    pub struct Header {
        /// The key's parts, unquoted: `["person", "hokafor"]`, `["A.5.1"]`.
        pub parts: Vec<String>,
        pub list: bool,
    }

    impl Header {
        pub fn name(&self) -> String {
            self.parts.join(".")
        }
    }

    /// The header when `offset` is on a table header line.
    pub fn header_at(src: &str, offset: usize) -> Option<Header> {
        parse(line_around(src, offset))
    }

    /// The text from the line after `offset` up to the next table header.
    pub fn body_after(src: &str, offset: usize) -> std::ops::Range<usize> {
        let offset = boundary(src, offset);
        let start = src[offset..]
            .find('\n')
            .map_or(src.len(), |i| offset + i + 1);
        let mut at = start;
        for line in src[start..].split_inclusive('\n') {
            if line.trim_start().starts_with('[') {
                break;
            }
            at += line.len();
        }
        start..at
    }

    /// The 1-based line of the first table header naming the same key, on a
    /// line before the one holding `offset`.
    pub fn first_header_line(src: &str, header: &Header, offset: usize) -> Option<usize> {
        let offset = boundary(src, offset);
        let this_line = src[..offset].rfind('\n').map_or(0, |i| i + 1);
        let mut at = 0;
        for (n, line) in src.split_inclusive('\n').enumerate() {
            if at >= this_line {
                return None;
            }
            if parse(line).is_some_and(|h| h.parts == header.parts) {
                return Some(n + 1);
            }
            at += line.len();
        }
        None
    }

    /// Reads `[a."b.c"]` or `[[a.b]]` (with spaces and a comment after it)
    /// into its parts; `None` for any other line.
    fn parse(line: &str) -> Option<Header> {
        let t = line.trim();
        let (list, rest) = match t.strip_prefix("[[") {
            Some(r) => (true, r),
            None => (false, t.strip_prefix('[')?),
        };
        let mut parts = Vec::new();
        let mut part = String::new();
        let mut quote: Option<char> = None;
        for c in rest.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), c) => part.push(c),
                (None, '"' | '\'') => quote = Some(c),
                (None, '.') => parts.push(std::mem::take(&mut part).trim().to_string()),
                (None, ']') => {
                    parts.push(part.trim().to_string());
                    return Some(Header { parts, list });
                }
                (None, c) => part.push(c),
            }
        }
        None
    }

    /// `offset`, moved back to a character boundary (never past the end).
    fn boundary(src: &str, offset: usize) -> usize {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    fn line_around(src: &str, offset: usize) -> &str {
        let offset = boundary(src, offset);
        let start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = src[offset..].find('\n').map_or(src.len(), |i| offset + i);
        &src[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Locating each problem used to count the lines before it, so 32,000
    /// misspelt keys took minutes; now the report grows with the number of
    /// problems. The bound is far above the linear time (well under a
    /// second) and far below the quadratic one.
    #[test]
    fn many_problems_are_reported_in_linear_time() {
        let n = 40_000;
        let mut src = String::from("[person.a]\nname = \"A\"\n");
        for i in 0..n {
            src.push_str(&format!("emial{i} = \"x\"\n"));
        }
        let started = std::time::Instant::now();
        let mut ws = Workspace::default();
        let diags = parse_file(FileKind::People, Path::new("people.toml"), &src, &mut ws);
        let took = started.elapsed();
        assert_eq!(diags.len(), n);
        assert_eq!((diags[0].line, diags[0].column), (3, 1));
        assert_eq!(diags[n - 1].line, n + 2);
        assert!(took.as_secs() < 15, "{n} problems took {took:?}");
    }
}
