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
}

impl Letter {
    /// Every letter, in RASCI order.
    pub const ALL: [Letter; 5] = [Letter::R, Letter::A, Letter::S, Letter::C, Letter::I];

    /// The upper-case letter.
    pub fn as_char(self) -> char {
        match self {
            Letter::R => 'R',
            Letter::A => 'A',
            Letter::S => 'S',
            Letter::C => 'C',
            Letter::I => 'I',
        }
    }

    /// The upper-case letter as a string, as written in `matrix.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Letter::R => "R",
            Letter::A => "A",
            Letter::S => "S",
            Letter::C => "C",
            Letter::I => "I",
        }
    }

    /// Accepts one letter, either case.
    pub fn parse(s: &str) -> Option<Letter> {
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
        }
    }

    /// R and A are the letters that mean "does or owns the work"; they are
    /// the ones segregation-of-duties rules look at.
    pub fn is_duty(self) -> bool {
        matches!(self, Letter::R | Letter::A)
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

    /// Roles holding `letter` on `subject`, in file order.
    pub fn roles_with<'a>(
        &'a self,
        subject: &str,
        letter: Letter,
    ) -> impl Iterator<Item = &'a str> {
        self.rows
            .get(subject)
            .into_iter()
            .flat_map(|row| row.iter())
            .filter(move |(_, l)| **l == letter)
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
