//! Calendar dates: the only notion of time the register needs.

use std::fmt;
use std::str::FromStr;

/// A civil date (no time, no zone), written ISO 8601 style: `2026-11-27`.
///
/// A thin wrapper so the rest of the code does not depend on the date crate's
/// API, and so that day arithmetic has one home.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Builds a date; `None` when the day does not exist (e.g. 2026-02-30).
    pub fn new(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// Today in the local time zone of this machine.
    pub fn today_local() -> Date {
        Date(jiff::ZonedDateTime::now().date())
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.0.year()
    }
    /// The month, 1 to 12.
    pub fn month(self) -> i8 {
        self.0.month()
    }
    /// The day of the month, from 1.
    pub fn day(self) -> i8 {
        self.0.day()
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        self.0.duration_until(later.0).as_secs() / 86_400
    }

    /// The date `days` days after this one (before, when negative), saturating
    /// at the ends of the supported range.
    pub fn add_days(self, days: i64) -> Date {
        let span = jiff::Span::new().days(days.clamp(-3_000_000, 3_000_000));
        Date(self.0.saturating_add(span))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not laid out as `YYYY-MM-DD`; holds the text as found.
    #[error("expected a date like 2026-11-27 (year-month-day), found `{0}`")]
    Format(String),
    /// Written right, but the calendar has no such day (`2026-02-30`).
    #[error(
        "there is no {0} in the calendar: months run from 01 to 12, and the day must exist in its month"
    )]
    NoSuchDay(String),
}

impl FromStr for Date {
    type Err = DateError;

    /// Accepts exactly `YYYY-MM-DD`; anything else (times, other orders) is
    /// refused so that a typo never silently becomes another day.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let err = || DateError::Format(s.to_string());
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (y, m, d) = (num(0..4), num(5..7), num(8..10));
        match (y, m, d) {
            (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                Date::new(y as i16, m as i8, d as i8)
                    .ok_or_else(|| DateError::NoSuchDay(s.to_string()))
            }
            (Some(_), Some(_), Some(_)) => Err(DateError::NoSuchDay(s.to_string())),
            _ => Err(err()),
        }
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso_dates() {
        let d: Date = "2026-11-27".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2026, 11, 27));
        assert_eq!(d.to_string(), "2026-11-27");
    }

    #[test]
    fn refuses_impossible_or_loose_dates() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "26-11-27",
            "2026/11/27",
            "2026-11-27T10:00",
            "",
            "2026-1-27",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad} should be refused");
        }
        // A well-written day the calendar lacks is told apart from a typo.
        for no_such in ["2026-02-29", "2026-02-30", "2026-13-01", "2026-04-31"] {
            assert_eq!(
                no_such.parse::<Date>(),
                Err(DateError::NoSuchDay(no_such.into())),
                "{no_such}"
            );
        }
        assert!("2028-02-29".parse::<Date>().is_ok(), "a leap day");
        assert!(matches!(
            "2026-2-3".parse::<Date>(),
            Err(DateError::Format(_))
        ));
    }

    #[test]
    fn day_arithmetic() {
        let a: Date = "2026-02-27".parse().unwrap();
        let b = a.add_days(2);
        assert_eq!(b.to_string(), "2026-03-01");
        assert_eq!(a.days_until(b), 2);
        assert_eq!(b.days_until(a), -2);
        assert_eq!(a.add_days(-365).to_string(), "2025-02-27");
    }
}
