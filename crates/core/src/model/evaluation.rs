//! The one place that decides which day the register is evaluated on.

use super::Date;

/// The dates an answer is computed for, from the command line to the
/// screen: `today` (what "now" means: the default start of an appointment,
/// the latest day a sign-off may carry) and `as_of` (the day the register
/// is evaluated on: who holds what, leavers, expiries, review ages). They
/// differ only when the user asked for the register as it stood on another
/// day. A later `at` (a git revision to load) belongs here too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evaluation {
    /// What "now" means for new records and limits on dates.
    pub today: Date,
    /// The day the register is evaluated on (today unless asked).
    pub as_of: Date,
}

impl Evaluation {
    /// `today` as fixed (by `--today` or `RASCI_TODAY`) or else the local
    /// calendar's; `as_of` as asked or else today.
    pub fn decide(today: Option<Date>, as_of: Option<Date>) -> Evaluation {
        let today = today.unwrap_or_else(Date::today_local);
        Evaluation {
            today,
            as_of: as_of.unwrap_or(today),
        }
    }

    /// Today, evaluated as of today.
    pub fn on(today: Date) -> Evaluation {
        Evaluation {
            today,
            as_of: today,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_of_defaults_to_the_fixed_today() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let e = Evaluation::decide(Some(d("2026-11-27")), None);
        assert_eq!(e, Evaluation::on(d("2026-11-27")));
        let e = Evaluation::decide(Some(d("2026-11-27")), Some(d("2025-01-31")));
        assert_eq!((e.today, e.as_of), (d("2026-11-27"), d("2025-01-31")));
    }
}
