//! Cell values as HR and identity exports write them: dates in several
//! conventions, yes/no and employment statuses, worker types, and the
//! hygiene that keeps hostile text out of the register.

use serde::Serialize;

use crate::model::{Date, PersonKind};

/// How to read a date written `03/04/2026`: the one thing an export never
/// says about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    /// Infer it from the file: a date such as `25/12/2025` or `12/25/2025`
    /// settles the order for every date in it. Without such evidence, a
    /// date that reads both ways is reported, never guessed.
    #[default]
    Auto,
    /// US style, `MM/DD/YYYY`.
    MonthFirst,
    /// `DD/MM/YYYY`, as in most of the world.
    DayFirst,
}

impl DateOrder {
    pub fn describe(self) -> &'static str {
        match self {
            DateOrder::Auto => "not settled",
            DateOrder::MonthFirst => "month first (MM/DD/YYYY)",
            DateOrder::DayFirst => "day first (DD/MM/YYYY)",
        }
    }
}

/// Why a date cell was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// `03/04/2026` with no way to tell the order.
    Ambiguous,
    /// Not a date in any form this reader knows, or a day that does not
    /// exist.
    Invalid,
}

/// What a slash or dash date with two leading numbers says about the order
/// of day and month, if anything: only a real date that reads one way
/// (`25/12/2025`, not `31/02/2025`) counts.
pub fn order_evidence(s: &str) -> Option<DateOrder> {
    let (a, b, y) = numeric_parts(s.trim())?;
    match (a > 12, b > 12) {
        (true, false) if ymd(y, b, a).is_ok() => Some(DateOrder::DayFirst),
        (false, true) if ymd(y, a, b).is_ok() => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

/// `a/b/yyyy` or `a-b-yyyy` (two or four digit year, an optional time after
/// a space): the two leading numbers and the year.
fn numeric_parts(s: &str) -> Option<(u32, u32, i32)> {
    let date = s.split_whitespace().next()?;
    let sep = if date.contains('/') { '/' } else { '-' };
    let parts: Vec<&str> = date.split(sep).collect();
    if parts.len() != 3 || parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    if !parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let year = year_of(parts[2])?;
    Some((parts[0].parse().ok()?, parts[1].parse().ok()?, year))
}

/// A four-digit year, or a two-digit one read as 1970-2069 (the POSIX
/// `strptime` convention).
fn year_of(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    match s.len() {
        4 => Some(y),
        2 if y < 70 => Some(2000 + y),
        2 => Some(1900 + y),
        _ => None,
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Result<Date, DateProblem> {
    let y = i16::try_from(y).map_err(|_| DateProblem::Invalid)?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(DateProblem::Invalid);
    }
    Date::new(y, m as i8, d as i8).ok_or(DateProblem::Invalid)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_named(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (0..12)
        .find(|&i| w == MONTHS[i] || w == full[i] || (w == "sept" && i == 8))
        .map(|i| i as u32 + 1)
}

/// Reads a date as exports write them:
///
/// - ISO 8601 `2026-11-27`, also with a time and zone after it
///   (`2026-11-27T09:30:00Z`, `2026-11-27 09:30`, Workday's
///   `2026-11-27-08:00`): the date as written, the time ignored;
/// - `2026/11/27`;
/// - `11/27/2026` or `27/11/2026` (also with `-` and two-digit years), read
///   in `order`; when `order` is [`DateOrder::Auto`] only dates that read
///   one way are accepted (`27/11/2026`), the others are
///   [`DateProblem::Ambiguous`];
/// - `27.11.2026` (always day first);
/// - month names: `27 Nov 2026`, `27-Nov-2026`, `Nov 27, 2026`,
///   `November 27 2026`.
pub fn parse_date(s: &str, order: DateOrder) -> Result<Date, DateProblem> {
    let s = s.trim();
    let b = s.as_bytes();
    // Year first: ISO, with or without a time, or with slashes or dots.
    if b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) && matches!(b[4], b'-' | b'/' | b'.') {
        let sep = b[4] as char;
        let rest = &s[5..];
        let (m, rest) = rest.split_once(sep).ok_or(DateProblem::Invalid)?;
        let dlen = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (d, tail) = rest.split_at(dlen);
        let tail_ok = tail.is_empty()
            || tail.starts_with(['T', ' ', 'Z'])
            || ((tail.starts_with('+') || tail.starts_with('-'))
                && tail[1..].bytes().all(|c| c.is_ascii_digit() || c == b':'));
        if m.is_empty()
            || m.len() > 2
            || !m.bytes().all(|c| c.is_ascii_digit())
            || d.is_empty()
            || d.len() > 2
            || !tail_ok
        {
            return Err(DateProblem::Invalid);
        }
        let y: i32 = s[..4].parse().map_err(|_| DateProblem::Invalid)?;
        return ymd(
            y,
            m.parse().map_err(|_| DateProblem::Invalid)?,
            d.parse().map_err(|_| DateProblem::Invalid)?,
        );
    }
    // Day.month.year.
    if let Some(date) = s.split_whitespace().next()
        && date.matches('.').count() == 2
        && date.bytes().all(|c| c.is_ascii_digit() || c == b'.')
    {
        let p: Vec<&str> = date.split('.').collect();
        let year = year_of(p[2]).ok_or(DateProblem::Invalid)?;
        let d = p[0].parse().map_err(|_| DateProblem::Invalid)?;
        let m = p[1].parse().map_err(|_| DateProblem::Invalid)?;
        return ymd(year, m, d);
    }
    // Two numbers then the year.
    if let Some((a, b2, year)) = numeric_parts(s) {
        // Anything after the date must look like a time.
        if let Some(time) = s.split_whitespace().nth(1)
            && !time.contains(':')
        {
            return Err(DateProblem::Invalid);
        }
        let order = match (order, order_evidence(s)) {
            (DateOrder::Auto, Some(o)) => o,
            (DateOrder::Auto, None) if a == b2 => DateOrder::DayFirst,
            (DateOrder::Auto, None) if a > 31 || b2 > 31 => return Err(DateProblem::Invalid),
            (DateOrder::Auto, None) => return Err(DateProblem::Ambiguous),
            (o, _) => o,
        };
        return match order {
            DateOrder::MonthFirst => ymd(year, a, b2),
            _ => ymd(year, b2, a),
        };
    }
    // Month names.
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() == 3 {
        let month = words.iter().position(|w| month_named(w).is_some());
        if let Some(mi) = month {
            let nums: Vec<&str> = (0..3).filter(|&i| i != mi).map(|i| words[i]).collect();
            if nums
                .iter()
                .all(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
            {
                let m = month_named(words[mi]).unwrap_or(0);
                // The year is the four-digit number, or the last one.
                let (day, year) = if nums[0].len() == 4 {
                    (nums[1], nums[0])
                } else {
                    (nums[0], nums[1])
                };
                if day.len() <= 2 {
                    let y = year_of(year).ok_or(DateProblem::Invalid)?;
                    return ymd(y, m, day.parse().map_err(|_| DateProblem::Invalid)?);
                }
            }
        }
    }
    Err(DateProblem::Invalid)
}

/// Whether a row's person is in the organisation, as the export says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Activity {
    Active,
    Left,
}

fn words_of(s: &str) -> String {
    s.trim()
        .to_ascii_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a status, an "enabled" flag or an employment status:
/// `TRUE`/`False`/`yes`/`1`, `Active`/`Inactive`, `enabled`/`disabled`,
/// `Terminated`, Okta's `ACTIVE` ... `DEPROVISIONED`, BambooHR's
/// `Full-Time`/`Part-Time`/`Contractor`. `None` when not understood.
///
/// Okta's `SUSPENDED` and `LOCKED_OUT` accounts are still people in the
/// organisation (a suspension is not a leaving), so they read as active.
pub fn parse_status(s: &str) -> Option<Activity> {
    const ACTIVE: &[&str] = &[
        "true",
        "yes",
        "y",
        "1",
        "active",
        "enabled",
        "enable",
        "employed",
        "current",
        "staged",
        "provisioned",
        "recovery",
        "password expired",
        "locked out",
        "suspended",
        "full time",
        "fulltime",
        "part time",
        "parttime",
        "permanent",
        "temporary",
        "fixed term",
        "intern",
        "contractor",
        "contract",
        "contingent",
        "contingent worker",
        "seasonal",
        "on leave",
        "leave of absence",
        "probation",
    ];
    const LEFT: &[&str] = &[
        "false",
        "no",
        "n",
        "0",
        "inactive",
        "not active",
        "terminated",
        "disabled",
        "disable",
        "deprovisioned",
        "deactivated",
        "left",
        "leaver",
        "former",
        "former employee",
        "separated",
        "retired",
        "resigned",
        "dismissed",
    ];
    let w = words_of(s);
    if ACTIVE.contains(&w.as_str()) {
        Some(Activity::Active)
    } else if LEFT.contains(&w.as_str()) {
        Some(Activity::Left)
    } else {
        None
    }
}

/// Reads a worker type: `Employee`, `Contingent Worker`, `Contractor`,
/// Entra's `Guest` (external) ... `None` when it says nothing useful
/// (Entra's `Member`, an employment status such as `Terminated`).
pub fn parse_kind(s: &str) -> Option<PersonKind> {
    let w = words_of(s);
    let kind = match w.as_str() {
        "employee" | "regular" | "staff" | "full time" | "fulltime" | "part time" | "parttime"
        | "permanent" | "fixed term" | "intern" | "temporary" | "seasonal" => PersonKind::Employee,
        "contractor" | "contract" | "contingent" | "contingent worker" | "freelance"
        | "freelancer" | "consultant" | "temp" | "agency" => PersonKind::Contractor,
        "external" | "guest" | "vendor" | "partner" | "third party" | "supplier" => {
            PersonKind::External
        }
        "group" | "shared mailbox" | "mailbox" | "team" => PersonKind::Group,
        _ => return PersonKind::parse(&w),
    };
    Some(kind)
}

/// Why a cell was refused outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hostile {
    /// Terminal control or escape characters, or bidirectional overrides.
    Control,
    /// Starts like a spreadsheet formula (`=`, `+`, `@`, `-x`): harmless
    /// here, but it would travel on into exported spreadsheets.
    Formula,
}

impl Hostile {
    pub fn describe(self) -> &'static str {
        match self {
            Hostile::Control => "contains control or escape characters",
            Hostile::Formula => "starts like a spreadsheet formula (=, +, - or @)",
        }
    }
}

/// A cell as it goes into the register: runs of spaces, tabs and line
/// breaks become one space, the ends are trimmed, a lone `-` means empty. Control
/// characters or a formula are refused.
pub fn clean_cell(raw: &str) -> Result<String, Hostile> {
    let text: String = raw
        .split([' ', '\t', '\r', '\n'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.as_str();
    if text.chars().any(crate::text::is_unsafe_char) {
        return Err(Hostile::Control);
    }
    if text == "-" || text == "--" {
        return Ok(String::new());
    }
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some('=' | '+' | '@'), _) => Err(Hostile::Formula),
        (Some('-'), Some(c)) if !c.is_whitespace() && c != '-' => Err(Hostile::Formula),
        _ => Ok(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn iso_dates_and_timestamps() {
        for s in [
            "2026-11-27",
            "2026-11-27T09:30:00Z",
            "2026-11-27T23:59:59.123+01:00",
            "2026-11-27 09:30",
            "2026-11-27-08:00",
            "2026/11/27",
            "2026.11.27",
            " 2026-11-27 ",
        ] {
            assert_eq!(parse_date(s, DateOrder::Auto), Ok(d("2026-11-27")), "{s}");
        }
        assert_eq!(
            parse_date("2026-02-30", DateOrder::Auto),
            Err(DateProblem::Invalid)
        );
        assert_eq!(
            parse_date("2026-13-01", DateOrder::Auto),
            Err(DateProblem::Invalid)
        );
        assert_eq!(
            parse_date("2026-11-27x", DateOrder::Auto),
            Err(DateProblem::Invalid)
        );
    }

    #[test]
    fn slash_dates_are_read_only_when_the_order_is_known() {
        // Unambiguous either way.
        assert_eq!(
            parse_date("11/27/2026", DateOrder::Auto),
            Ok(d("2026-11-27"))
        );
        assert_eq!(
            parse_date("27/11/2026", DateOrder::Auto),
            Ok(d("2026-11-27"))
        );
        assert_eq!(parse_date("5/5/2026", DateOrder::Auto), Ok(d("2026-05-05")));
        // Ambiguous: reported, never guessed.
        assert_eq!(
            parse_date("03/04/2026", DateOrder::Auto),
            Err(DateProblem::Ambiguous)
        );
        assert_eq!(
            parse_date("03/04/2026", DateOrder::MonthFirst),
            Ok(d("2026-03-04"))
        );
        assert_eq!(
            parse_date("03/04/2026", DateOrder::DayFirst),
            Ok(d("2026-04-03"))
        );
        // A stated order is held to.
        assert_eq!(
            parse_date("27/11/2026", DateOrder::MonthFirst),
            Err(DateProblem::Invalid)
        );
        // Dashes, two-digit years, a time after the date.
        assert_eq!(parse_date("11-27-26", DateOrder::Auto), Ok(d("2026-11-27")));
        assert_eq!(
            parse_date("1/2/99", DateOrder::MonthFirst),
            Ok(d("1999-01-02"))
        );
        assert_eq!(
            parse_date("11/27/2026 9:05:00 AM", DateOrder::Auto),
            Ok(d("2026-11-27"))
        );
        assert_eq!(
            parse_date("11/27/2026 soon", DateOrder::Auto),
            Err(DateProblem::Invalid)
        );
        assert_eq!(
            parse_date("32/01/2026", DateOrder::Auto),
            Err(DateProblem::Invalid)
        );
    }

    #[test]
    fn other_date_forms() {
        for s in [
            "27.11.2026",
            "27 Nov 2026",
            "27-Nov-2026",
            "27-Nov-26",
            "Nov 27, 2026",
            "November 27 2026",
            "27 November 2026",
            "Sept 27 2026",
        ] {
            let want = if s.starts_with("Sept") {
                "2026-09-27"
            } else {
                "2026-11-27"
            };
            assert_eq!(parse_date(s, DateOrder::Auto), Ok(d(want)), "{s}");
        }
        for s in [
            "",
            "tomorrow",
            "27/11",
            "2026",
            "Nov 2026",
            "31 Feb 2026",
            "12:00",
        ] {
            assert!(parse_date(s, DateOrder::Auto).is_err(), "{s}");
        }
    }

    #[test]
    fn evidence_for_the_order() {
        assert_eq!(order_evidence("25/12/2025"), Some(DateOrder::DayFirst));
        assert_eq!(order_evidence("12/25/2025"), Some(DateOrder::MonthFirst));
        assert_eq!(order_evidence("03/04/2025"), None);
        assert_eq!(order_evidence("31/02/2025"), None, "not a real day");
        assert_eq!(order_evidence("2025-12-25"), None);
    }

    #[test]
    fn statuses_and_flags() {
        for s in [
            "TRUE",
            "true",
            "Yes",
            "1",
            "Active",
            "enabled",
            "ACTIVE",
            "STAGED",
            "SUSPENDED",
            "Full-Time",
            "Part-Time",
            "Contractor",
            "LOCKED_OUT",
        ] {
            assert_eq!(parse_status(s), Some(Activity::Active), "{s}");
        }
        for s in [
            "FALSE",
            "False",
            "no",
            "0",
            "Inactive",
            "Terminated",
            "disabled",
            "DEPROVISIONED",
            "Deactivated",
        ] {
            assert_eq!(parse_status(s), Some(Activity::Left), "{s}");
        }
        assert_eq!(parse_status("maybe"), None);
        assert_eq!(parse_status(""), None);
    }

    #[test]
    fn kinds() {
        assert_eq!(parse_kind("Employee"), Some(PersonKind::Employee));
        assert_eq!(
            parse_kind("Contingent Worker"),
            Some(PersonKind::Contractor)
        );
        assert_eq!(parse_kind("Guest"), Some(PersonKind::External));
        assert_eq!(parse_kind("Member"), None);
        assert_eq!(parse_kind("Terminated"), None);
        assert_eq!(parse_kind("group"), Some(PersonKind::Group));
    }

    #[test]
    fn hostile_cells() {
        assert_eq!(clean_cell("  Nia Adeyemi "), Ok("Nia Adeyemi".into()));
        assert_eq!(clean_cell("Line\r\n  break"), Ok("Line break".into()));
        assert_eq!(clean_cell("-"), Ok(String::new()));
        assert_eq!(
            clean_cell("Mary-Jane O'Neil"),
            Ok("Mary-Jane O'Neil".into())
        );
        assert_eq!(clean_cell("\u{1b}[2JEve"), Err(Hostile::Control));
        assert_eq!(clean_cell("Eve\u{202e}gnp.exe"), Err(Hostile::Control));
        assert_eq!(
            clean_cell("=HYPERLINK(\"http://x.example\",\"Eve\")"),
            Err(Hostile::Formula)
        );
        assert_eq!(clean_cell("+1+1"), Err(Hostile::Formula));
        assert_eq!(clean_cell("@SUM(A1)"), Err(Hostile::Formula));
        assert_eq!(clean_cell("-2+3"), Err(Hostile::Formula));
        assert_eq!(clean_cell("- none -"), Ok("- none -".into()));
    }
}
