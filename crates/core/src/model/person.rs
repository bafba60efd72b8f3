//! People: employees, contractors, externals and groups who can hold roles.

use serde::Serialize;

use super::Date;

/// Whether a person is a named individual, and on what terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersonKind {
    /// Employed by the organisation (the default).
    #[default]
    Employee,
    /// Works for the organisation under a contract; treated like an employee.
    Contractor,
    /// Works for another organisation (a vCISO, an outsourced auditor...).
    External,
    /// A team, mailbox or department: never a valid holder of a role.
    Group,
}

impl PersonKind {
    /// Every kind, in the order the documentation lists them.
    pub const ALL: [PersonKind; 4] = [
        PersonKind::Employee,
        PersonKind::Contractor,
        PersonKind::External,
        PersonKind::Group,
    ];

    /// The value as written in `people.toml`: `employee`, `contractor`...
    pub fn as_str(self) -> &'static str {
        match self {
            PersonKind::Employee => "employee",
            PersonKind::Contractor => "contractor",
            PersonKind::External => "external",
            PersonKind::Group => "group",
        }
    }

    /// The kind written `s` (exactly, lower case); `None` for anything else.
    pub fn parse(s: &str) -> Option<PersonKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Externals need a sponsor and a contract when they hold a role.
    pub fn is_external(self) -> bool {
        matches!(self, PersonKind::External)
    }
}

/// Employment status as recorded; see [`Person::is_active_on`] for how it
/// combines with the dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// In the organisation, unless the dates say otherwise (the default).
    #[default]
    Active,
    /// Has left; without a `left` date, at every date.
    Left,
}

impl Status {
    /// Both statuses.
    pub const ALL: [Status; 2] = [Status::Active, Status::Left];

    /// The value as written in `people.toml`: `active` or `left`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Left => "left",
        }
    }

    /// The status written `s` (exactly, lower case); `None` for anything else.
    pub fn parse(s: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A competency or training a person holds, with the evidence an auditor
/// would ask to see.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Competency {
    /// Matches the ids in a role's `competencies` list.
    pub id: String,
    /// Certificate number, training record, where it is filed.
    pub evidence: Option<String>,
    /// When it was obtained.
    pub achieved: Option<Date>,
    /// The last day it is valid (expired from the next day); `None`: never expires.
    pub expires: Option<Date>,
}

/// Someone (or, for `kind = group`, something) in the register.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Person {
    /// The id from the table header (`[person.jdoe]`).
    pub id: String,
    /// Full name; see [`Person::display_name`] for when it is empty.
    pub name: String,
    /// E-mail address, not checked.
    pub email: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Department, compared exactly with
    /// [`Organisation::departments`](super::Organisation::departments).
    pub department: Option<String>,
    /// Person id of their line manager; `None` for the top of the tree.
    pub manager: Option<String>,
    /// What sort of person or entry this is.
    pub kind: PersonKind,
    /// Employment status as written; the `left` date, when set, decides instead.
    pub status: Status,
    /// First day in the organisation; `None`: not recorded, counted as joined on
    /// every date.
    pub joined: Option<Date>,
    /// Last working day; they are gone from the next day.
    pub left: Option<Date>,
    /// Site or jurisdiction (matters for breach notification and law).
    pub site: Option<String>,
    /// Multi-factor authentication is enforced on their accounts.
    pub mfa: bool,
    /// Competencies and trainings, in file order.
    pub competencies: Vec<Competency>,
}

impl Person {
    /// Has this person left the organisation by `date`?
    ///
    /// `left` is their last working day, so they are gone from the day
    /// after (a future date is a planned leaver). Without a date,
    /// `status = "left"` means they have left at any date.
    pub fn has_left_by(&self, date: Date) -> bool {
        match self.left {
            Some(left) => left < date,
            None => self.status == Status::Left,
        }
    }

    /// In the organisation on `date`: joined (or no join date) and not left.
    pub fn is_active_on(&self, date: Date) -> bool {
        self.joined.is_none_or(|j| j <= date) && !self.has_left_by(date)
    }

    /// Name for display: the name, or the id when the name is empty.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

/// A date or reference in a person's record that the register cannot
/// hold. This is the one definition of those rules: the loader, the edits
/// and the forms all ask [`Person::date_problems`] and say
/// [`DateProblem::message`], so a hand-edited file, a command and a form
/// refuse the same record in the same words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// `manager` names the person themselves.
    OwnManager,
    /// `left` (the last day) is before `joined`.
    LeftBeforeJoining {
        /// Their first day.
        joined: Date,
        /// Their last day, before the first.
        left: Date,
    },
    /// A competency's `expires` is before its `achieved`; `index` is its
    /// position in the person's list.
    ExpiresBeforeAchieved {
        /// Position of the record in the person's `competencies`.
        index: usize,
        /// The competency's id.
        competency: String,
        /// When it was achieved.
        achieved: Date,
        /// When it expires, before it was achieved.
        expires: Date,
    },
}

impl DateProblem {
    /// The person field to correct: `manager`, `left` or `competencies`.
    pub fn field(&self) -> &'static str {
        match self {
            DateProblem::OwnManager => "manager",
            DateProblem::LeftBeforeJoining { .. } => "left",
            DateProblem::ExpiresBeforeAchieved { .. } => "competencies",
        }
    }

    /// What is wrong, naming the person as `who` (an id, or the loader's
    /// "person `jdoe`").
    pub fn message(&self, who: &str) -> String {
        match self {
            DateProblem::OwnManager => format!("{who} cannot be their own manager"),
            DateProblem::LeftBeforeJoining { joined, left } => {
                format!("{who} cannot leave ({left}) before joining ({joined})")
            }
            DateProblem::ExpiresBeforeAchieved {
                competency,
                achieved,
                expires,
                ..
            } => format!(
                "{who}'s competency `{competency}` cannot expire ({expires}) before it was achieved ({achieved})"
            ),
        }
    }

    /// How to put it right.
    pub fn help(&self) -> &'static str {
        match self {
            DateProblem::OwnManager => "leave `manager` empty at the top of the organisation",
            DateProblem::LeftBeforeJoining { .. } => {
                "the last day is on or after the day they joined; check both dates"
            }
            DateProblem::ExpiresBeforeAchieved { .. } => {
                "the expiry is on or after the day it was achieved; check both dates"
            }
        }
    }
}

impl Person {
    /// Every [`DateProblem`] in this record, in field order.
    pub fn date_problems(&self) -> Vec<DateProblem> {
        let mut out = Vec::new();
        if self.manager.as_deref() == Some(self.id.as_str()) {
            out.push(DateProblem::OwnManager);
        }
        if let (Some(joined), Some(left)) = (self.joined, self.left)
            && left < joined
        {
            out.push(DateProblem::LeftBeforeJoining { joined, left });
        }
        for (index, c) in self.competencies.iter().enumerate() {
            if let (Some(achieved), Some(expires)) = (c.achieved, c.expires)
                && expires < achieved
            {
                out.push(DateProblem::ExpiresBeforeAchieved {
                    index,
                    competency: c.id.clone(),
                    achieved,
                    expires,
                });
            }
        }
        out
    }
}

/// For each person, by position in the register, the position of their
/// line manager when the manager is in the register (a person named as
/// their own manager points at themselves).
///
/// The org tree and the people rules both need this after every edit. The
/// ids are looked up in a table of their own with a cheap hash rather than
/// in the register: the register's entries are large, so probing it costs
/// cache misses that dominate at ten thousand people.
pub fn manager_positions(people: &indexmap::IndexMap<String, Person>) -> Vec<Option<usize>> {
    use std::collections::HashMap;
    use std::hash::BuildHasherDefault;
    let mut at: HashMap<&str, usize, BuildHasherDefault<Fnv>> =
        HashMap::with_capacity_and_hasher(people.len(), Default::default());
    for (i, id) in people.keys().enumerate() {
        at.insert(id.as_str(), i);
    }
    people
        .values()
        .map(|p| p.manager.as_deref().and_then(|m| at.get(m).copied()))
        .collect()
}

/// FNV-1a: fast on short keys such as person ids. It does not resist
/// crafted collisions, which is fine for ids from the user's own files.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manager_positions_resolve_known_ids_only() {
        let mut people = indexmap::IndexMap::new();
        for (id, manager) in [
            ("ceo", None),
            ("cto", Some("ceo")),
            ("dev", Some("cto")),
            ("self", Some("self")),
            ("lost", Some("nobody")),
        ] {
            let p = Person {
                id: id.into(),
                manager: manager.map(Into::into),
                ..Person::default()
            };
            people.insert(id.to_string(), p);
        }
        assert_eq!(
            manager_positions(&people),
            vec![None, Some(0), Some(1), Some(3), None]
        );
    }
}
