//! The one place that decides which day the register is evaluated on, and
//! which state of it (the working tree or a git revision) is read.

use super::Date;

/// The dates an answer is computed for, from the command line to the
/// screen: `today` (what "now" means: the default start of an appointment,
/// the latest day a sign-off may carry) and `as_of` (the day the register
/// is evaluated on: who holds what, leavers, expiries, review ages). They
/// differ only when the user asked for the register as it stood on another
/// day. `at` is which state of the register is read: the working tree
/// (none), or the files as committed at a git revision. `as_of` and `at`
/// are independent: "as the register stood in git on 1 March (`at`), who
/// was Accountable on 15 January (`as_of`)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// What "now" means for new records and limits on dates.
    pub today: Date,
    /// The day the register is evaluated on (today unless asked).
    pub as_of: Date,
    /// The git revision whose committed files are read, none for the
    /// working tree.
    pub at: Option<Revision>,
}

/// A revision as asked on the command line (`--at`, `rasci diff REV`): a
/// name git understands (HEAD~3, a tag, a commit id) or a day, meaning the
/// last commit on or before it on the current branch's first-parent
/// history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revision {
    /// Anything git resolves to a commit.
    Named(String),
    /// The last commit on or before this day.
    Day(Date),
}

impl Revision {
    /// `YYYY-MM-DD` is a day; anything else is a name for git.
    pub fn parse(s: &str) -> Revision {
        let b = s.as_bytes();
        let looks_like_day = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
        match s.parse::<Date>() {
            Ok(d) if looks_like_day => Revision::Day(d),
            _ => Revision::Named(s.to_string()),
        }
    }
}

impl std::fmt::Display for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Revision::Named(s) => f.write_str(s),
            Revision::Day(d) => write!(f, "{d}"),
        }
    }
}

impl Evaluation {
    /// `today` as fixed (by `--today` or `RASCI_TODAY`) or else the local
    /// calendar's; `as_of` as asked or else today.
    pub fn decide(today: Option<Date>, as_of: Option<Date>) -> Evaluation {
        let today = today.unwrap_or_else(Date::today_local);
        Evaluation {
            today,
            as_of: as_of.unwrap_or(today),
            at: None,
        }
    }

    /// The same dates, reading the register as committed at `at`.
    pub fn at(mut self, at: Option<Revision>) -> Evaluation {
        self.at = at;
        self
    }

    /// Today, evaluated as of today.
    pub fn on(today: Date) -> Evaluation {
        Evaluation {
            today,
            as_of: today,
            at: None,
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
        assert_eq!(e.at, None);
    }

    #[test]
    fn a_revision_is_a_day_only_when_it_is_written_as_one() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(
            Revision::parse("2026-03-01"),
            Revision::Day(d("2026-03-01"))
        );
        assert_eq!(Revision::parse("HEAD~2"), Revision::Named("HEAD~2".into()));
        assert_eq!(
            Revision::parse("v2026-03"),
            Revision::Named("v2026-03".into())
        );
        assert_eq!(
            Revision::parse("2026-13-01"),
            Revision::Named("2026-13-01".into())
        );
    }
}
