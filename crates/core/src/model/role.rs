//! Roles and the assignments of people to them.

use serde::Serialize;

use super::Date;

/// What kind of role this is. Some categories carry meaning for the rules:
/// `top-management` and `review-team` are looked for by the governance checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The board, CEO or managing director: assigns the Clause 5.3 duties.
    TopManagement,
    /// The management review team (Clause 9.3).
    ReviewTeam,
    /// Runs or oversees the ISMS (the ISM, a steering group).
    Governance,
    /// Independent checking: internal audit.
    Assurance,
    /// Does the work: IT, development, incident response.
    #[default]
    Operational,
    /// Advice and specialist support: legal, privacy, HR.
    Support,
}

impl Category {
    /// Every category, in the order the documentation lists them.
    pub const ALL: [Category; 6] = [
        Category::TopManagement,
        Category::ReviewTeam,
        Category::Governance,
        Category::Assurance,
        Category::Operational,
        Category::Support,
    ];

    /// The value as written in `roles.toml`: `top-management`, `review-team`...
    pub fn as_str(self) -> &'static str {
        match self {
            Category::TopManagement => "top-management",
            Category::ReviewTeam => "review-team",
            Category::Governance => "governance",
            Category::Assurance => "assurance",
            Category::Operational => "operational",
            Category::Support => "support",
        }
    }

    /// The category written `s` (exactly, lower case); `None` for anything else.
    pub fn parse(s: &str) -> Option<Category> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The two duties Clause 5.3 says top management must assign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Duty {
    /// a) ensuring the ISMS conforms to ISO/IEC 27001.
    #[serde(rename = "a")]
    Conformance,
    /// b) reporting on the performance of the ISMS to top management.
    #[serde(rename = "b")]
    Reporting,
}

impl Duty {
    /// The letter as written in a role's `duties`: `a` or `b`.
    pub fn as_str(self) -> &'static str {
        match self {
            Duty::Conformance => "a",
            Duty::Reporting => "b",
        }
    }

    /// The duty written `s` (`a` or `b`); `None` for anything else.
    pub fn parse(s: &str) -> Option<Duty> {
        match s {
            "a" => Some(Duty::Conformance),
            "b" => Some(Duty::Reporting),
            _ => None,
        }
    }

    /// The duty in words, with its place in Clause 5.3.
    pub fn describe(self) -> &'static str {
        match self {
            Duty::Conformance => "ensuring the ISMS conforms to ISO/IEC 27001 (Clause 5.3 a)",
            Duty::Reporting => "reporting ISMS performance to top management (Clause 5.3 b)",
        }
    }
}

/// A person holding a role for a period.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Assignment {
    /// Person id of the holder.
    pub person: String,
    /// First day held; `None` means "since before the register began".
    pub from: Option<Date>,
    /// Last day held (inclusive); `None` means open-ended.
    pub until: Option<Date>,
    /// Person id of the deputy who covers this holder.
    pub deputy: Option<String>,
    /// Share of a full-time equivalent this holder spends on the role.
    pub allocation: Option<f64>,
    /// Appointment letter, contract addendum, board minutes reference...
    pub evidence: Option<String>,
    /// The day the holder acknowledged the role and its responsibilities.
    pub acknowledged: Option<Date>,
    /// For external holders: the internal person answerable for them.
    pub sponsor: Option<String>,
    /// For external holders: the statement of work or contract reference.
    pub contract: Option<String>,
    /// Free text.
    pub note: Option<String>,
}

impl Assignment {
    /// Is the assignment in force on `date`?
    pub fn is_active_on(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }
}

/// A role relevant to information security, with what it must do and what
/// it may decide.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Role {
    /// The id from the table header (`[role.ism]`).
    pub id: String,
    /// The role's name; see [`Role::display_name`] for when it is empty.
    pub name: String,
    /// What kind of role this is.
    pub category: Category,
    /// Which Clause 5.3 duties this role carries.
    pub duties: Vec<Duty>,
    /// Why the role exists.
    pub purpose: Option<String>,
    /// What holders must do.
    pub responsibilities: Vec<String>,
    /// What holders may decide or do.
    pub authorities: Vec<String>,
    /// Competency ids a holder must have (Clause 7.2).
    pub competencies: Vec<String>,
    /// Holders have privileged access and must use MFA.
    pub privileged: bool,
    /// At least one active holder must have an active deputy other than themselves.
    pub needs_deputy: bool,
    /// Expected effort in full-time equivalents.
    pub fte: Option<f64>,
    /// When the role was last reviewed; `None`: no review recorded (overdue).
    pub reviewed: Option<Date>,
    /// Who holds or held the role, one entry per period, in file order.
    pub assignments: Vec<Assignment>,
}

impl Role {
    /// Whether the role carries this Clause 5.3 duty.
    pub fn carries(&self, duty: Duty) -> bool {
        self.duties.contains(&duty)
    }

    /// Assignments in force on `date`.
    pub fn active_assignments(&self, date: Date) -> impl Iterator<Item = &Assignment> {
        self.assignments
            .iter()
            .filter(move |a| a.is_active_on(date))
    }

    /// Name for display: the name, or the id when the name is empty.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }

    /// Another assignment of the same person whose period overlaps `a`'s
    /// (ignoring the one at index `except`, the one being edited).
    pub fn overlapping(&self, a: &Assignment, except: Option<usize>) -> Option<&Assignment> {
        self.assignments.iter().enumerate().find_map(|(i, b)| {
            let overlaps = b.person == a.person
                && Some(i) != except
                && a.from.is_none_or(|af| b.until.is_none_or(|bu| af <= bu))
                && b.from.is_none_or(|bf| a.until.is_none_or(|au| bf <= au));
            overlaps.then_some(b)
        })
    }
}

/// A stable id for an assignment, used by findings and the interface:
/// `role/person`, with `@from` when the assignment has a start date so that
/// two spells of the same person in the same role stay distinct.
pub fn assignment_id(role: &str, a: &Assignment) -> String {
    match a.from {
        Some(from) => format!("{role}/{}@{from}", a.person),
        None => format!("{role}/{}", a.person),
    }
}
