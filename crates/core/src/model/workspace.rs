//! The whole register and its workspace-level settings.

use indexmap::IndexMap;
use serde::Serialize;

use super::{Date, Matrix, Person, Role};

/// How serious a finding (or a rule that raises one) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// A nonconformity an auditor would raise.
    Error,
    /// An observation or an opportunity for improvement.
    #[default]
    Warning,
    /// Worth knowing; nothing to fix yet.
    Info,
}

impl Severity {
    /// Every severity, most serious first.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// The value as written and printed: `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The severity written `s` (exactly, lower case); `None` for anything else.
    pub fn parse(s: &str) -> Option<Severity> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The organisation and the scope of its ISMS (Clause 4.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Organisation {
    /// The organisation's name.
    pub name: String,
    /// The scope of the ISMS: sites, services, teams. Shown, not checked.
    pub scope: Option<String>,
    /// Departments inside the ISMS scope; each needs a representative on the
    /// management review team. Empty means "every department people are in".
    pub departments: Vec<String>,
}

/// Role ids required when a workspace does not list its own.
pub const DEFAULT_REQUIRED_ROLES: [&str; 3] =
    ["incident-commander", "privacy-lead", "third-party-manager"];

/// Tunable thresholds for the findings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// Roles (and sign-offs) older than this are due for review.
    pub review_interval_days: i64,
    /// Competency evidence expiring within this many days is reported.
    pub expiry_warning_days: i64,
    /// Most manager steps allowed between the 5.3 b) holder and a
    /// top-management holder (1 = reports directly).
    pub max_reporting_steps: u32,
    /// Role ids that must exist and be held. Defaults to the incident
    /// commander, the breach-notification authority (privacy lead) and the
    /// third party manager of the standard template.
    pub required_roles: Vec<String>,
    /// Commit the files each save writes to git, with a message in
    /// register terms (`commit-on-save`; off unless the workspace asks).
    /// How the tool saves, not what the register says: left out of the
    /// fingerprint (so turning it on does not make a sign-off stale).
    #[serde(skip)]
    pub commit_on_save: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            review_interval_days: 365,
            expiry_warning_days: 60,
            max_reporting_steps: 1,
            required_roles: DEFAULT_REQUIRED_ROLES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            commit_on_save: false,
        }
    }
}

/// The two things a segregation-of-duties rule can keep apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SodPair {
    /// One person must not hold both roles.
    Roles([String; 2]),
    /// One person must not be R or A on both subjects. A subject may end in
    /// `*` to match every id with that prefix (`A.8.*`).
    Subjects([String; 2]),
}

impl SodPair {
    /// The id a pair names twice, if it does: a rule keeping a role (or
    /// subject) apart from itself would flag every holder, so the loader
    /// and the edits both refuse it.
    pub fn repeated(&self) -> Option<&str> {
        match self {
            SodPair::Roles([a, b]) | SodPair::Subjects([a, b]) if a == b => Some(a),
            _ => None,
        }
    }

    /// `roles` or `subjects`, as the key is written in workspace.toml.
    pub fn key(&self) -> &'static str {
        match self {
            SodPair::Roles(_) => "roles",
            SodPair::Subjects(_) => "subjects",
        }
    }
}

/// A segregation-of-duties rule (Annex A 5.3).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SodRule {
    /// The id from the table header (`[sod.<id>]`).
    pub id: String,
    /// The two roles or the two subjects to keep apart.
    pub pair: SodPair,
    /// The severity of the findings this rule raises.
    pub severity: Severity,
    /// Why the two must be kept apart; shown in the finding.
    pub reason: String,
}

/// A workspace-specific matrix row: an activity that is not a clause or
/// control, such as `approve-access`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Activity {
    /// The id from the table header (`[activity.<id>]`); never a clause or control id.
    pub id: String,
    /// What the activity is; shown as the row's title.
    pub title: String,
    /// Group heading in the matrix; defaults to "Activities".
    pub theme: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// Clauses or controls this activity implements.
    pub related: Vec<String>,
}

/// An Annex A control declared not applicable in the Statement of
/// Applicability.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Exclusion {
    /// The id of the subject declared not applicable (`[exclusion."A.7.5"]`).
    pub subject: String,
    /// Why it does not apply; empty when none is written.
    pub justification: String,
}

/// A recorded management sign-off of the register (Clause 9.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Signoff {
    /// The day management signed the register off.
    pub date: Date,
    /// Person ids of those who signed.
    pub by: Vec<String>,
    /// Where it is minuted.
    pub minutes: Option<String>,
    /// Fingerprint of the register at sign-off; see `crate::fingerprint`.
    pub fingerprint: Option<String>,
    /// The git commit the sign-off approves, when it was recorded in a
    /// repository: `rasci verify` checks it against the history.
    pub commit: Option<String>,
}

impl Default for Date {
    fn default() -> Date {
        Date::new(1970, 1, 1).expect("1970-01-01 is a valid date")
    }
}

/// Everything in a workspace folder, as plain data.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Workspace {
    /// The `[organisation]` table.
    pub organisation: Organisation,
    /// The `[settings]` table, defaults filled in.
    pub settings: Settings,
    /// Segregation-of-duties rules by id, in file order.
    pub sod_rules: IndexMap<String, SodRule>,
    /// The workspace's own matrix rows by id, in file order.
    pub activities: IndexMap<String, Activity>,
    /// Subjects declared not applicable, by subject id, in file order.
    pub exclusions: IndexMap<String, Exclusion>,
    /// Management sign-offs in file order (not necessarily by date).
    pub signoffs: Vec<Signoff>,
    /// `people.toml`: people and groups by id, in file order.
    pub people: IndexMap<String, Person>,
    /// `roles.toml`: roles by id, in file order.
    pub roles: IndexMap<String, Role>,
    /// `matrix.toml`: the RASCI matrix.
    pub matrix: Matrix,
}

impl Workspace {
    /// The person (or group) with this id, if there is one.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.get(id)
    }

    /// The role with this id, if there is one.
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.get(id)
    }

    /// The sign-off in force on `on`: the latest one made on or before it
    /// (one dated later had not happened yet on that day).
    pub fn signoff_on(&self, on: Date) -> Option<&Signoff> {
        self.signoffs
            .iter()
            .filter(|s| s.date <= on)
            .max_by_key(|s| s.date)
    }
}
