//! The RASCI matrix: for each subject, the letter each role holds.

use indexmap::IndexMap;
use serde::Serialize;

/// One RASCI letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Letter {
    /// Does the work.
    R,
    /// Answers for the outcome; exactly one per subject.
    A,
    /// Helps those who are responsible.
    S,
    /// Gives advice before decisions (two-way).
    C,
    /// Is told about outcomes (one-way).
    I,
    /// Accountable and Responsible at once ("A/R"): the role owns the
    /// work and does it, as the ISM of a small organisation often does.
    /// It counts as A and as R in every rule and lookup.
    #[serde(rename = "A/R")]
    AR,
}

impl Letter {
    /// Every letter a cell can hold, in the order the grid offers them.
    pub const ALL: [Letter; 6] = [
        Letter::AR,
        Letter::R,
        Letter::A,
        Letter::S,
        Letter::C,
        Letter::I,
    ];

    /// The upper-case letter as a string, as written in `matrix.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Letter::R => "R",
            Letter::A => "A",
            Letter::S => "S",
            Letter::C => "C",
            Letter::I => "I",
            Letter::AR => "A/R",
        }
    }

    /// Accepts one letter, either case, or A and R together written
    /// `A/R`, `R/A`, `AR` or `RA` (as spreadsheets of RACI charts do).
    pub fn parse(s: &str) -> Option<Letter> {
        let s = s.trim();
        if ["A/R", "R/A", "AR", "RA"]
            .iter()
            .any(|w| s.eq_ignore_ascii_case(w))
        {
            return Some(Letter::AR);
        }
        let mut chars = s.chars();
        let c = chars.next()?;
        if chars.next().is_some() {
            return None;
        }
        Letter::from_char(c)
    }

    /// Accepts one letter, either case; `None` for any other character.
    pub fn from_char(c: char) -> Option<Letter> {
        match c.to_ascii_uppercase() {
            'R' => Some(Letter::R),
            'A' => Some(Letter::A),
            'S' => Some(Letter::S),
            'C' => Some(Letter::C),
            'I' => Some(Letter::I),
            _ => None,
        }
    }

    /// The word the letter stands for: "Responsible", "Accountable"...
    pub fn word(self) -> &'static str {
        match self {
            Letter::R => "Responsible",
            Letter::A => "Accountable",
            Letter::S => "Supportive",
            Letter::C => "Consulted",
            Letter::I => "Informed",
            Letter::AR => "Accountable and Responsible",
        }
    }

    /// R and A are the letters that mean "does or owns the work"; they are
    /// the ones segregation-of-duties rules look at.
    pub fn is_duty(self) -> bool {
        matches!(self, Letter::R | Letter::A | Letter::AR)
    }

    /// Does a cell holding `self` count as `letter`? A/R counts as A and
    /// as R (and as itself); every other letter only as itself.
    pub fn counts_as(self, letter: Letter) -> bool {
        self == letter || (self == Letter::AR && matches!(letter, Letter::A | Letter::R))
    }

    /// What one person is on a subject through several roles: A and R
    /// together (from one A/R role, or an A role and an R role) are A/R;
    /// otherwise the strongest letter.
    pub fn strongest(letters: impl IntoIterator<Item = Letter>) -> Option<Letter> {
        let (mut a, mut r) = (false, false);
        let mut best: Option<Letter> = None;
        for l in letters {
            a |= l.counts_as(Letter::A);
            r |= l.counts_as(Letter::R);
            if best.is_none_or(|b| l.rank() < b.rank()) {
                best = Some(l);
            }
        }
        if a && r { Some(Letter::AR) } else { best }
    }

    /// Strength for "the strongest letter": A/R, A, R, S, C, I.
    pub fn rank(self) -> u8 {
        match self {
            Letter::AR => 0,
            Letter::A => 1,
            Letter::R => 2,
            Letter::S => 3,
            Letter::C => 4,
            Letter::I => 5,
        }
    }
}

/// subject id → (role id → letter), in file order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Matrix {
    /// The rows in file order, each with its cells in file order.
    pub rows: IndexMap<String, IndexMap<String, Letter>>,
}

impl Matrix {
    /// The letter `role` holds on `subject`; `None` for an empty cell.
    pub fn get(&self, subject: &str, role: &str) -> Option<Letter> {
        self.rows.get(subject)?.get(role).copied()
    }

    /// Sets or clears (`None`) one cell; returns the previous letter.
    /// An emptied row is kept so that its position in the file survives.
    pub fn set(&mut self, subject: &str, role: &str, letter: Option<Letter>) -> Option<Letter> {
        match letter {
            Some(l) => self
                .rows
                .entry(subject.to_string())
                .or_default()
                .insert(role.to_string(), l),
            None => self.rows.get_mut(subject)?.shift_remove(role),
        }
    }

    /// Roles whose letter on `subject` counts as `letter` (an A/R cell
    /// counts as A and as R), in file order.
    pub fn roles_with<'a>(
        &'a self,
        subject: &str,
        letter: Letter,
    ) -> impl Iterator<Item = &'a str> {
        self.rows
            .get(subject)
            .into_iter()
            .flat_map(|row| row.iter())
            .filter(move |(_, l)| l.counts_as(letter))
            .map(|(r, _)| r.as_str())
    }

    /// Number of filled cells.
    pub fn len(&self) -> usize {
        self.rows.values().map(|r| r.len()).sum()
    }

    /// No filled cell (rows left empty do not count).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_r_is_read_in_the_ways_raci_charts_write_it() {
        for w in ["A/R", "a/r", "R/A", "AR", "ra", " A/R "] {
            assert_eq!(Letter::parse(w), Some(Letter::AR), "{w}");
        }
        for w in ["AS", "A/S", "RR", "A R", ""] {
            assert_eq!(Letter::parse(w), None, "{w}");
        }
        assert_eq!(Letter::AR.as_str(), "A/R");
        assert_eq!(Letter::parse(Letter::AR.as_str()), Some(Letter::AR));
    }

    #[test]
    fn an_a_r_cell_counts_as_a_and_as_r() {
        let mut m = Matrix::default();
        m.set("A.5.1", "ism", Some(Letter::AR));
        m.set("A.5.1", "it", Some(Letter::C));
        assert_eq!(
            m.roles_with("A.5.1", Letter::A).collect::<Vec<_>>(),
            ["ism"]
        );
        assert_eq!(
            m.roles_with("A.5.1", Letter::R).collect::<Vec<_>>(),
            ["ism"]
        );
        assert_eq!(
            m.roles_with("A.5.1", Letter::AR).collect::<Vec<_>>(),
            ["ism"]
        );
        assert_eq!(m.roles_with("A.5.1", Letter::S).count(), 0);
        assert!(!Letter::A.counts_as(Letter::AR));
        assert!(Letter::AR.is_duty());
    }

    #[test]
    fn a_person_who_is_a_and_r_through_two_roles_is_a_r() {
        use Letter::*;
        assert_eq!(Letter::strongest([C, A, R]), Some(AR));
        assert_eq!(Letter::strongest([C, AR]), Some(AR));
        assert_eq!(Letter::strongest([C, A, S]), Some(A));
        assert_eq!(Letter::strongest([I, R]), Some(R));
        assert_eq!(Letter::strongest([]), None);
    }
}
