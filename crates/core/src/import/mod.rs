//! Importing people from an HR or identity-provider export (a CSV file):
//! BambooHR reports, Workday custom reports, Okta user exports, Microsoft
//! Entra ID user downloads, or any layout named with `--map`.
//!
//! Pure and in three steps, so that each can be tested alone and the
//! command line stays thin:
//!
//! 1. [`read_people`]: bytes → a [`Sheet`] of normalised [`Record`]s, with
//!    the problems found in the file (each with its line number);
//! 2. [`plan`]: the records against the register → a [`Plan`] of joiners,
//!    movers, leavers (with the roles they still hold) and problems;
//! 3. [`Plan::edit`]: the plan → one [`crate::edit::Edit::Batch`], applied
//!    through the session like any other edit (one undo step).
//!
//! Nobody is ever removed: leavers keep their record, marked left, and keep
//! their assignments, so that the findings show what must be reassigned.

mod layout;
mod plan;
mod values;

use serde::Serialize;

pub use layout::{
    Binding, Field, Layout, LayoutError, Source, detect, normalise, parse_map, resolve,
};
pub use plan::{
    Absence, Change, HeldRole, Joiner, Leaver, LeavingReason, Mover, Plan, PlanOptions, plan,
};
pub use values::{
    Activity, DateOrder, DateProblem, Hostile, clean_cell, order_evidence, parse_date, parse_kind,
    parse_status,
};

use crate::model::{Date, PersonKind};

/// How to read the file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The source system, when given with `--from` (otherwise recognised
    /// from the header row).
    pub from: Option<Source>,
    /// `--map COLUMN=FIELD` overrides, in order.
    pub maps: Vec<(String, Field)>,
    pub date_order: DateOrder,
}

/// Something wrong with the file or one of its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The line in the file (1-based, the header row is line 1; a quoted
    /// value spanning lines counts from where its row starts).
    pub line: Option<u64>,
    /// The header of the column concerned.
    pub column: Option<String>,
    pub message: String,
    /// The whole row was left out, or for someone missing from the file,
    /// their leaving (otherwise only the value was ignored).
    pub skipped: bool,
}

/// One row of the file, read into the register's terms. Empty cells are
/// `None`: they never clear what the register already says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    pub line: u64,
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub title: Option<String>,
    pub department: Option<String>,
    /// The manager reference as written (resolved by [`plan`]).
    pub manager: Option<String>,
    pub manager_column: Option<String>,
    pub status: Option<Activity>,
    pub joined: Option<Date>,
    pub left: Option<Date>,
    pub status_changed: Option<Date>,
    pub site: Option<String>,
    pub kind: Option<PersonKind>,
    pub employee_number: Option<String>,
    pub external_id: Option<String>,
}

/// A file read and normalised.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub layout: Layout,
    /// How `03/04/2026` was read (given, inferred, or not settled).
    pub date_order: DateOrder,
    /// Why the date order is what it is, for the preview.
    pub date_order_note: Option<String>,
    /// Data rows in the file (blank lines not counted).
    pub rows: usize,
    /// Rows usable for the plan (rows skipped for problems are not here).
    pub records: Vec<Record>,
    /// What could be read of the identity (email, id, employee number) of
    /// rows that were skipped: they are in the file, so never "absent".
    pub unread: Vec<Record>,
    pub problems: Vec<Problem>,
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is UTF-16 text; save it as \"CSV UTF-8\" and try again")]
    Utf16,
    #[error(
        "line {line} is not UTF-8 text; save the export as \"CSV UTF-8\" (Excel: File > Save As > CSV UTF-8) and try again"
    )]
    NotUtf8 { line: u64 },
    #[error("the file has no header row")]
    Empty,
    #[error("the file is not readable as CSV: {0}")]
    Csv(String),
    #[error(transparent)]
    Layout(#[from] LayoutError),
}

/// The field separator: whichever of `,`, `;` and tab occurs most in the
/// first line outside quotes (Excel writes `;` in many European locales).
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let (i, _) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))
        .unwrap_or((0, &0));
    [b',', b';', b'\t'][i]
}

/// Decodes the file: a UTF-8 byte order mark is dropped, UTF-16 and other
/// encodings are refused (with the line of the first bad byte).
fn decode(bytes: &[u8]) -> Result<&str, ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::Utf16);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        ReadError::NotUtf8 { line }
    })
}

/// Line numbers from byte offsets. The CSV reader's own line count lags
/// behind blank lines and CRLF endings, and its record offsets may point at
/// the end of the previous line; so the offset is moved past line breaks
/// and the newlines before it are counted (incrementally: records come in
/// order).
struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.pos {
            self.line += self.bytes[self.pos..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.pos = start;
        }
        self.line
    }
}

/// One data row's mapped cells, cleaned.
struct RawRow {
    line: u64,
    /// Per binding: (column, cleaned value) for each of its columns.
    cells: Vec<(Field, Vec<(usize, String)>)>,
}

impl RawRow {
    /// The first non-empty value for `field`, with its column.
    fn first(&self, field: Field) -> Option<(usize, &str)> {
        self.cells
            .iter()
            .filter(|(f, _)| *f == field)
            .flat_map(|(_, v)| v.iter())
            .find(|(_, s)| !s.is_empty())
            .map(|(c, s)| (*c, s.as_str()))
    }

    /// The identifying values of a row that is not imported.
    fn identity(&self) -> Record {
        let text = |f: Field| self.first(f).map(|(_, s)| s.to_string());
        Record {
            line: self.line,
            id: text(Field::Id),
            email: text(Field::Email).filter(|e| looks_like_email(e)),
            employee_number: text(Field::EmployeeNumber),
            external_id: text(Field::ExternalId),
            ..Record::default()
        }
    }

    fn all(&self, field: Field) -> impl Iterator<Item = (usize, &str)> {
        self.cells
            .iter()
            .filter(move |(f, _)| *f == field)
            .flat_map(|(_, v)| v.iter())
            .filter(|(_, s)| !s.is_empty())
            .map(|(c, s)| (*c, s.as_str()))
    }
}

/// Reads an export: decoding, the header row, the layout, every row.
/// Problems in rows are collected, not fatal; only an unreadable file or
/// an unusable layout is an error.
pub fn read_people(bytes: &[u8], opts: &ReadOptions) -> Result<Sheet, ReadError> {
    let text = decode(bytes)?;
    // Flexible, so that a row of the wrong length is reported by its line
    // (below) instead of making the whole file unreadable.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut layout: Option<Layout> = None;
    let mut raw_rows: Vec<RawRow> = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut unread: Vec<Record> = Vec::new();
    let mut rows = 0usize;
    let mut lines = LineCounter::new(text);
    for result in reader.records() {
        let record = result.map_err(|e| ReadError::Csv(e.to_string()))?;
        let line = lines.line_at(record.position().map_or(0, |p| p.byte()));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(h) = &headers else {
            // Entra's bulk templates start with a `version:v1.0` line.
            if record.len() == 1
                && record[0]
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_ascii_lowercase()
                    .starts_with("version:")
            {
                continue;
            }
            let h: Vec<String> = record.iter().map(|s| s.trim().to_string()).collect();
            layout = Some(layout::resolve(&h, opts.from, &opts.maps)?);
            headers = Some(h);
            continue;
        };
        let layout = layout.as_ref().expect("set with the headers");
        rows += 1;
        let mut cells = Vec::new();
        let mut hostile = None;
        for b in &layout.bindings {
            let mut vals = Vec::new();
            for &col in &b.columns {
                match clean_cell(record.get(col).unwrap_or("")) {
                    Ok(v) => vals.push((col, v)),
                    Err(why) => {
                        hostile.get_or_insert((col, why));
                    }
                }
            }
            cells.push((b.field, vals));
        }
        let raw = RawRow { line, cells };
        // Every row has as many values as the header has columns (an empty
        // last value, `a,b,`, is still a value): a row cut short or split
        // apart would put values under the wrong headings.
        if record.len() != h.len() {
            let message = if record.len() > h.len() {
                format!(
                    "the row has {} values but the header row has {} columns (a comma inside an unquoted value?); the row was not imported",
                    record.len(),
                    h.len()
                )
            } else {
                format!(
                    "the row has {} of the header's {} columns (cut short, or a line break inside an unquoted value?); the row was not imported",
                    record.len(),
                    h.len()
                )
            };
            problems.push(Problem {
                line: Some(line),
                column: None,
                message,
                skipped: true,
            });
            unread.push(raw.identity());
            continue;
        }
        if let Some((col, why)) = hostile {
            problems.push(Problem {
                line: Some(line),
                column: Some(h[col].clone()),
                message: format!("the value {}; the row was not imported", why.describe()),
                skipped: true,
            });
            unread.push(raw.identity());
            continue;
        }
        raw_rows.push(raw);
    }
    let (Some(headers), Some(layout)) = (headers, layout) else {
        return Err(ReadError::Empty);
    };
    let (date_order, date_order_note) = settle_date_order(opts.date_order, &raw_rows, &headers);
    if date_order == DateOrder::Auto
        && let Some(note) = &date_order_note
    {
        problems.push(Problem {
            line: None,
            column: None,
            message: note.clone(),
            skipped: false,
        });
    }
    let mut records = Vec::new();
    for raw in &raw_rows {
        match record_of(raw, &headers, date_order, &mut problems) {
            Some(r) => records.push(r),
            None => unread.push(raw.identity()),
        }
    }
    problems.sort_by_key(|p| p.line.unwrap_or(0));
    Ok(Sheet {
        headers,
        layout,
        date_order,
        date_order_note,
        rows,
        records,
        unread,
        problems,
    })
}

/// The date order: as given, or inferred from dates in the file that read
/// only one way. Mixed evidence settles nothing.
fn settle_date_order(
    given: DateOrder,
    rows: &[RawRow],
    headers: &[String],
) -> (DateOrder, Option<String>) {
    if given != DateOrder::Auto {
        return (given, Some(format!("{}, as given", given.describe())));
    }
    let mut day_first = None;
    let mut month_first = None;
    for row in rows {
        for field in [Field::Joined, Field::Left, Field::StatusChanged] {
            for (col, v) in row.all(field) {
                match order_evidence(v) {
                    Some(DateOrder::DayFirst) if day_first.is_none() => {
                        day_first = Some((row.line, col, v.to_string()))
                    }
                    Some(DateOrder::MonthFirst) if month_first.is_none() => {
                        month_first = Some((row.line, col, v.to_string()))
                    }
                    _ => {}
                }
            }
        }
    }
    let at = |(line, col, v): &(u64, usize, String)| {
        format!("`{v}` in {} on line {line}", headers[*col])
    };
    match (&day_first, &month_first) {
        (Some(d), None) => (
            DateOrder::DayFirst,
            Some(format!(
                "{}, inferred from {}",
                DateOrder::DayFirst.describe(),
                at(d)
            )),
        ),
        (None, Some(m)) => (
            DateOrder::MonthFirst,
            Some(format!(
                "{}, inferred from {}",
                DateOrder::MonthFirst.describe(),
                at(m)
            )),
        ),
        (Some(d), Some(m)) => (
            DateOrder::Auto,
            Some(format!(
                "the file mixes day-first ({}) and month-first ({}) dates; dates that read both ways are reported, not guessed (say --date-order)",
                at(d),
                at(m)
            )),
        ),
        (None, None) => (DateOrder::Auto, None),
    }
}

/// Builds one record; `None` (with a problem) when the row cannot be used.
fn record_of(
    raw: &RawRow,
    headers: &[String],
    order: DateOrder,
    problems: &mut Vec<Problem>,
) -> Option<Record> {
    let line = raw.line;
    let text = |f: Field| raw.first(f).map(|(_, s)| s.to_string());
    let mut note = |col: usize, message: String, skipped: bool| {
        problems.push(Problem {
            line: Some(line),
            column: Some(headers[col].clone()),
            message,
            skipped,
        })
    };
    let date = |field: Field, note: &mut dyn FnMut(usize, String, bool), skip: bool| {
        let (col, v) = raw.first(field)?;
        match parse_date(v, order) {
            Ok(d) => Some(Ok(d)),
            Err(p) => {
                let what = match p {
                    DateProblem::Ambiguous => format!(
                        "the date `{v}` reads both as day/month and month/day; say --date-order day-first or month-first"
                    ),
                    DateProblem::Invalid if order != DateOrder::Auto => format!(
                        "`{v}` is not a date this import understands (dates in this file are read {})",
                        order.describe()
                    ),
                    DateProblem::Invalid => format!("`{v}` is not a date this import understands"),
                };
                let tail = if skip {
                    "; the row was not imported"
                } else {
                    "; the value was ignored"
                };
                note(col, format!("{what}{tail}"), skip);
                Some(Err(()))
            }
        }
    };

    // Leaving information must be sure, or the row is not used at all.
    let mut status = None;
    let mut unread = None;
    for (col, v) in raw.all(Field::Status) {
        match parse_status(v) {
            Some(Activity::Left) => status = Some(Activity::Left),
            Some(Activity::Active) => {
                status.get_or_insert(Activity::Active);
            }
            None => {
                unread.get_or_insert((col, v.to_string()));
            }
        }
    }
    if status.is_none()
        && let Some((col, v)) = unread
    {
        note(
            col,
            format!(
                "`{v}` is not a status this import understands (active, terminated, true, false, ...); the row was not imported"
            ),
            true,
        );
        return None;
    }
    let left = match date(Field::Left, &mut note, true) {
        Some(Err(())) => return None,
        Some(Ok(d)) => Some(d),
        None => None,
    };
    let joined = date(Field::Joined, &mut note, false).and_then(Result::ok);
    let status_changed = date(Field::StatusChanged, &mut note, false).and_then(Result::ok);

    let mut email = text(Field::Email);
    if let Some(e) = &email
        && !looks_like_email(e)
    {
        let col = raw.first(Field::Email).map_or(0, |(c, _)| c);
        note(
            col,
            format!("`{e}` is not an email address; it was ignored"),
            false,
        );
        email = None;
    }
    let name = text(Field::Name).or_else(|| {
        let first = text(Field::FirstName).unwrap_or_default();
        let last = text(Field::LastName).unwrap_or_default();
        let full = format!("{first} {last}").trim().to_string();
        (!full.is_empty()).then_some(full)
    });
    if email.is_none() && name.is_none() {
        problems.push(Problem {
            line: Some(line),
            column: None,
            message: "the row has neither an email address nor a name; it was not imported".into(),
            skipped: true,
        });
        return None;
    }
    let kind = raw.all(Field::Kind).find_map(|(_, v)| parse_kind(v));
    let manager = raw.first(Field::Manager);
    Some(Record {
        line,
        id: text(Field::Id),
        name,
        email,
        title: text(Field::Title),
        department: text(Field::Department),
        manager: manager.map(|(_, v)| v.to_string()),
        manager_column: manager.map(|(c, _)| headers[c].clone()),
        status,
        joined,
        left,
        status_changed,
        site: text(Field::Site),
        kind,
        employee_number: text(Field::EmployeeNumber),
        external_id: text(Field::ExternalId),
    })
}

/// One `@` with something on both sides and no spaces.
fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Sheet {
        read_people(text.as_bytes(), &ReadOptions::default()).unwrap()
    }

    #[test]
    fn bom_crlf_quotes_and_line_numbers() {
        let text = "\u{feff}userPrincipalName,displayName,mail,jobTitle,department,accountEnabled\r\n\
                    nia.adeyemi@larkmoor.example,\"Adeyemi, Nia\",nia.adeyemi@larkmoor.example,Lead Developer,Engineering,False\r\n\
                    \r\n\
                    x@larkmoor.example,\"Two\r\nLines\",,\"Title, with comma\",Ops,TRUE\r\n\
                    ,,,,Ops,TRUE\r\n";
        let s = read(text);
        assert_eq!(s.layout.source, Some(Source::Entra));
        assert_eq!(s.rows, 3);
        assert_eq!(s.records.len(), 2);
        let nia = &s.records[0];
        assert_eq!(nia.line, 2);
        assert_eq!(nia.name.as_deref(), Some("Adeyemi, Nia"));
        assert_eq!(nia.status, Some(Activity::Left));
        let x = &s.records[1];
        assert_eq!(x.line, 4);
        assert_eq!(x.name.as_deref(), Some("Two Lines"));
        assert_eq!(
            x.email.as_deref(),
            Some("x@larkmoor.example"),
            "UPN when mail is empty"
        );
        assert_eq!(x.title.as_deref(), Some("Title, with comma"));
        assert_eq!(s.problems.len(), 1);
        assert_eq!(s.problems[0].line, Some(6), "the quoted line break counts");
        assert!(s.problems[0].skipped);
    }

    #[test]
    fn line_numbers_with_plain_newlines() {
        let s = read("name,email\n\nAda,ada@x.example\n\"Bo\nB\",\n,\nCy,cy@x.example\n");
        let lines: Vec<u64> = s.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 4, 7]);
    }

    #[test]
    fn semicolons_and_unreadable_files() {
        let s = read("Name;Email;Department\nAda;ada@x.example;Ops\n");
        assert_eq!(s.records[0].department.as_deref(), Some("Ops"));
        assert_eq!(
            read_people(b"\xff\xfeN\x00", &ReadOptions::default()).unwrap_err(),
            ReadError::Utf16
        );
        assert_eq!(
            read_people(
                b"name,email\nJos\xe9,j@x.example\n",
                &ReadOptions::default()
            )
            .unwrap_err(),
            ReadError::NotUtf8 { line: 2 }
        );
        assert_eq!(
            read_people(b"\n\n", &ReadOptions::default()).unwrap_err(),
            ReadError::Empty
        );
        assert!(matches!(
            read_people(b"a,b\n1,2\n", &ReadOptions::default()).unwrap_err(),
            ReadError::Layout(LayoutError::NoIdentity)
        ));
    }

    #[test]
    fn bad_rows_are_reported_and_the_rest_read() {
        let text = "Employee #,First Name,Last Name,Work Email,Hire Date,Termination Date,Status\n\
                    101,Ada,Lovelace,ada@x.example,12/25/2020,,Active\n\
                    102,Bob,Stone,bob@x.example,13/13/2020,,Active\n\
                    103,Cy,Gone,cy@x.example,01/02/2019,31/31/2026,Inactive\n\
                    104,Di,Odd,di@x.example,,,Maybe\n\
                    105,\u{1b}[2JEve,Evil,eve@x.example,,,Active\n\
                    106,\"=HYPERLINK(\"\"http://x.example\"\",\"\"x\"\")\",Evil,f@x.example,,,Active\n\
                    107,Gil,Mail,not-an-email,,,Active\n\
                    108,Hal,Extra,hal@x.example,,,Active,surplus\n";
        let s = read(text);
        assert_eq!(s.layout.source, Some(Source::Bamboohr));
        assert_eq!(s.date_order, DateOrder::MonthFirst, "12/25/2020 settles it");
        let lines: Vec<u64> = s.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 8]);
        assert_eq!(s.records[0].joined, Some("2020-12-25".parse().unwrap()));
        assert_eq!(s.records[1].joined, None, "bad hire date ignored");
        assert_eq!(s.records[2].email, None);
        let problem_lines: Vec<(u64, bool)> = s
            .problems
            .iter()
            .map(|p| (p.line.unwrap(), p.skipped))
            .collect();
        assert_eq!(
            problem_lines,
            [
                (3, false),
                (4, true),
                (5, true),
                (6, true),
                (7, true),
                (8, false),
                (9, true)
            ]
        );
        for p in &s.problems {
            assert!(!p.message.contains('\u{1b}'));
            assert!(!p.message.contains("HYPERLINK"));
        }
    }

    #[test]
    fn rows_of_the_wrong_length_are_reported_and_empty_last_values_count() {
        let text = "userPrincipalName,displayName,mail,jobTitle,department,accountEnabled\n\
                    x@y.example,Bad Row Only 3 cols\n\
                    ada@x.example,Ada Lovelace,ada@x.example,Analyst,Ops,\n\
                    bo@x.example,Bo Stone,bo@x.example,Analyst,Ops,true,surplus\n";
        let s = read(text);
        assert_eq!(s.rows, 3);
        let lines: Vec<u64> = s.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3], "an empty last value is still a column");
        assert_eq!(s.records[0].status, None);
        let problems: Vec<(u64, bool)> = s
            .problems
            .iter()
            .map(|p| (p.line.unwrap(), p.skipped))
            .collect();
        assert_eq!(problems, [(2, true), (4, true)]);
        assert!(
            s.problems[0]
                .message
                .contains("has 2 of the header's 6 columns"),
            "{}",
            s.problems[0].message
        );
        // A skipped row is still in the file: its person is never absent.
        let unread: Vec<Option<&str>> = s.unread.iter().map(|r| r.email.as_deref()).collect();
        assert_eq!(unread, [Some("x@y.example"), Some("bo@x.example")]);

        let s = read("name,email,title\nAda,ada@x.example,\n");
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(s.records.len(), 1);
        assert_eq!(s.records[0].title, None);
    }

    #[test]
    fn ambiguous_dates_without_evidence_are_reported() {
        let text = "name,email,start date\nAda,ada@x.example,03/04/2021\n";
        let s = read(text);
        assert_eq!(s.date_order, DateOrder::Auto);
        assert_eq!(s.records[0].joined, None);
        assert!(s.problems[0].message.contains("--date-order"));
        let s = read_people(
            text.as_bytes(),
            &ReadOptions {
                date_order: DateOrder::DayFirst,
                ..ReadOptions::default()
            },
        )
        .unwrap();
        assert_eq!(s.records[0].joined, Some("2021-04-03".parse().unwrap()));
        assert!(s.problems.is_empty());
    }
}
