//! The findings engine: what a certification auditor would raise, as a pure
//! function of the register and a date.
//!
//! One module per rule family. Every rule id is listed in [`RULES`]; the ids
//! are a contract with the JSON output and must never be renamed.

mod assign;
mod authority;
mod competence;
mod gov;
mod index;
mod matrix;
mod people;
mod review;
mod sod;
#[cfg(test)]
pub(crate) mod testkit;

use serde::Serialize;

pub use competence::CompetenceStatus;
pub use index::Index;

use crate::model::{Date, Severity, Workspace};

/// What a finding is about, so the interface can jump to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    /// A matrix row: a clause, control or activity id.
    Subject,
    /// A role id.
    Role,
    /// A person id.
    Person,
    /// An assignment id (`role/person` or `role/person@from`).
    Assignment,
    /// A segregation-of-duties rule id.
    Rule,
    /// The register as a whole (empty id), or an entry of `workspace.toml` such as an exclusion.
    Workspace,
}

impl EntityKind {
    /// The lower-case name used in JSON: `subject`, `role`, `person`...
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Subject => "subject",
            EntityKind::Role => "role",
            EntityKind::Person => "person",
            EntityKind::Assignment => "assignment",
            EntityKind::Rule => "rule",
            EntityKind::Workspace => "workspace",
        }
    }
}

/// The entity a finding points at. Assignment ids are `role/person` or
/// `role/person@from` (see [`crate::model::assignment_id`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Entity {
    /// What sort of entity this is.
    pub kind: EntityKind,
    /// Its id; empty for the workspace as a whole.
    pub id: String,
}

impl Entity {
    /// An entity of `kind` named `id`.
    pub fn new(kind: EntityKind, id: impl Into<String>) -> Entity {
        Entity {
            kind,
            id: id.into(),
        }
    }
}

/// One thing an auditor would raise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable id such as `matrix/no-accountable`.
    pub rule: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// One sentence naming the entities involved.
    pub message: String,
    /// The clause or control the finding comes from ("5.3", "A.5.15").
    pub reference: String,
    /// What the finding is about, so the interface can go to it.
    pub entity: Entity,
}

/// Evaluates every rule against `ws` as it stands on `on`: assignments and
/// statuses are taken at that date, and so are expiries and review ages.
/// Sorted by severity, rule id, then entity.
pub fn findings(ws: &Workspace, on: Date) -> Vec<Finding> {
    std::thread::scope(|scope| {
        // The register's fingerprint, when the sign-off check needs it, is
        // worked out on another thread while the other rules run.
        let current = review::fingerprint_needed(ws, on)
            .then(|| {
                std::thread::Builder::new()
                    .name("findings-fingerprint".into())
                    .spawn_scoped(scope, || review::fingerprint_to_compare(ws, on))
                    .ok()
            })
            .flatten();
        let ix = Index::new(ws, on);
        let mut out = Vec::new();
        gov::check(&ix, &mut out);
        matrix::check(&ix, &mut out);
        people::check(&ix, &mut out);
        assign::check(&ix, &mut out);
        competence::check(&ix, &mut out);
        authority::check(&ix, &mut out);
        let current = current.and_then(|t| t.join().ok());
        review::check(&ix, current.as_deref(), &mut out);
        sod::check(&ix, &mut out);
        // Ids compare naturally, so A.5.2 comes before A.5.10 and 4.1 before 10.1.
        out.sort_by(|a, b| {
            (a.severity, a.rule, a.entity.kind)
                .cmp(&(b.severity, b.rule, b.entity.kind))
                .then_with(|| crate::text::natural_cmp(&a.entity.id, &b.entity.id))
                .then_with(|| a.message.cmp(&b.message))
        });
        out
    })
}

/// The findings that appeared (`raised`) and disappeared (`resolved`)
/// between two evaluations, matched by rule, entity and message.
pub fn changes(before: &[Finding], after: &[Finding]) -> (Vec<Finding>, Vec<Finding>) {
    use std::collections::HashSet;
    let key = |f: &Finding| (f.rule, f.entity.clone(), f.message.clone());
    let old: HashSet<_> = before.iter().map(key).collect();
    let new: HashSet<_> = after.iter().map(key).collect();
    let raised = after
        .iter()
        .filter(|f| !old.contains(&key(f)))
        .cloned()
        .collect();
    let resolved = before
        .iter()
        .filter(|f| !new.contains(&key(f)))
        .cloned()
        .collect();
    (raised, resolved)
}

/// For each matrix row (subject id) with findings: how many, and the
/// worst severity. A row's findings are those about the subject, and those
/// about a role it makes Accountable that nobody (or too many) hold.
pub fn findings_by_row(
    ws: &Workspace,
    findings: &[Finding],
) -> std::collections::HashMap<String, (usize, Severity)> {
    let mut rows: std::collections::HashMap<String, (usize, Severity)> = Default::default();
    let mut add = |s: &str, sev: Severity| {
        let e = rows.entry(s.to_string()).or_insert((0, sev));
        e.0 += 1;
        e.1 = e.1.min(sev);
    };
    for f in findings {
        match f.entity.kind {
            EntityKind::Subject => add(&f.entity.id, f.severity),
            EntityKind::Role if f.rule.starts_with("matrix/accountable-") => {
                for (s, row) in &ws.matrix.rows {
                    if row
                        .get(&f.entity.id)
                        .is_some_and(|l| l.counts_as(crate::model::Letter::A))
                    {
                        add(s, f.severity);
                    }
                }
            }
            _ => {}
        }
    }
    rows
}

/// Count of findings by severity: (errors, warnings, infos).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(e, w, i), f| match f.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
}

/// Documentation of one rule, for the README, `rasci rules` and the help.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// The stable rule id, such as `matrix/no-accountable`; never renamed.
    pub id: &'static str,
    /// Usual severity ("per rule" ones depend on the workspace's setting).
    pub severity: &'static str,
    /// The clause or control it comes from ("5.3", "A.5.15").
    pub reference: &'static str,
    /// What makes it fire.
    pub when: &'static str,
    /// How to make it go away.
    pub fix: &'static str,
}

macro_rules! rule {
    ($id:expr, $sev:expr, $reference:expr, $when:expr, $fix:expr) => {
        RuleInfo {
            id: $id,
            severity: $sev,
            reference: $reference,
            when: $when,
            fix: $fix,
        }
    };
}

/// Every rule the engine knows, in catalogue order.
pub const RULES: &[RuleInfo] = &[
    rule!(
        "gov/conformance-owner",
        "error",
        "5.3",
        "no active holder of a role carrying Clause 5.3 a) (ensuring the ISMS conforms)",
        "add `duties = [\"a\"]` to the role that owns ISMS conformance (usually the ISM) and assign someone to it"
    ),
    rule!(
        "gov/performance-reporter",
        "error",
        "5.3",
        "no active holder of a role carrying Clause 5.3 b) (reporting ISMS performance to top management)",
        "add `duties = [\"b\"]` to the reporting role and assign someone to it"
    ),
    rule!(
        "gov/top-management",
        "error",
        "5.3",
        "no role in the top-management category has an active holder",
        "create a role with `category = \"top-management\"` and assign the CEO or managing director"
    ),
    rule!(
        "gov/ism-reporting-line",
        "error",
        "5.3",
        "a holder of a 5.3 b) role is more manager steps below a top-management holder than `max-reporting-steps` allows (default 1), or their chain of `manager` links never reaches one (no manager, a manager not in the register, or a loop)",
        "change their `manager` so they report to a top-management holder, or raise `max-reporting-steps` if the longer line is a documented decision"
    ),
    rule!(
        "gov/review-team",
        "error",
        "9.3",
        "there is no role with `category = \"review-team\"`, or it has no active holder",
        "create the management review team role and assign its members"
    ),
    rule!(
        "gov/review-team-senior",
        "warning",
        "9.3",
        "no member of the review team holds a top-management role",
        "add a top-management holder to the review team"
    ),
    rule!(
        "gov/review-team-deputy",
        "warning",
        "9.3",
        "a review team member has no deputy, or only one who has left or is a group (`kind = \"group\"`)",
        "set `deputy` on their assignment"
    ),
    rule!(
        "gov/review-team-coverage",
        "warning",
        "9.3",
        "an in-scope department has no representative on the review team",
        "assign someone from that department to the review team, or correct `departments` in [organisation]"
    ),
    rule!(
        "gov/required-role",
        "error",
        "5.3",
        "a role listed in `required-roles` does not exist or has no active holder",
        "create the role or assign someone to it"
    ),
    rule!(
        "matrix/no-accountable",
        "error",
        "A.5.2",
        "an applicable subject has no A (an A/R counts as A)",
        "set exactly one role to A on the subject"
    ),
    rule!(
        "matrix/many-accountable",
        "error",
        "A.5.2",
        "a subject has more than one A, A/R included (excluded subjects too)",
        "keep one A and make the others R, S or C"
    ),
    rule!(
        "matrix/no-responsible",
        "warning",
        "A.5.2",
        "an applicable subject has no R (an A/R counts as R)",
        "set the role that does the work to R"
    ),
    rule!(
        "matrix/accountable-vacant",
        "error",
        "A.5.2",
        "a role that is A (or A/R) on applicable subjects has no active holder",
        "assign someone to the role, or move the A to a held role"
    ),
    rule!(
        "matrix/accountable-shared",
        "warning",
        "A.5.2",
        "a role that is A (or A/R) on applicable subjects has more than one active holder, so no single named person is accountable",
        "end all but one assignment, or split the role"
    ),
    rule!(
        "matrix/unknown-reference",
        "error",
        "A.5.2",
        "the matrix or an exclusion names a role or subject that does not exist (including clause headings such as 6.1)",
        "fix the id (the message suggests the closest one) or create the role or activity"
    ),
    rule!(
        "matrix/exclusion-unjustified",
        "warning",
        "6.1.3",
        "an Annex A control is excluded without a justification (excluding a clause 4-10 requirement is an error)",
        "write the justification from the Statement of Applicability, or remove the exclusion"
    ),
    rule!(
        "people/leaver-holds-role",
        "error",
        "5.3",
        "an assignment is in force for a person who has left: `left` is their last day, so it fires from the day after, until the assignment's `until` (its last day) has passed",
        "set `until` on the assignment (or use `rasci unassign`) and appoint a successor"
    ),
    rule!(
        "people/leaver-is-deputy",
        "warning",
        "5.3",
        "the deputy on an assignment in force, whose holder is still here, has left (from the day after their `left` date)",
        "name a new deputy"
    ),
    rule!(
        "people/unknown-person",
        "error",
        "5.3",
        "an assignment, deputy, sponsor, manager or sign-off names a person id that does not exist",
        "fix the id (the message suggests the closest one) or add the person"
    ),
    rule!(
        "people/group-holder",
        "error",
        "5.3",
        "a role is held by a team or department (`kind = \"group\"`) instead of a named individual",
        "assign a named person; keep the group as informed, not as holder"
    ),
    rule!(
        "people/reporting-cycle",
        "error",
        "5.3",
        "manager links form a cycle",
        "fix one `manager` in the cycle"
    ),
    rule!(
        "people/manager-left",
        "warning",
        "5.3",
        "an active person's `manager` has left (from the day after their `left` date)",
        "set their new manager"
    ),
    rule!(
        "people/overallocated",
        "warning",
        "7.1",
        "a person's allocations on roles in force add up to more than 1.0 FTE",
        "lower the allocations or move a role to someone else"
    ),
    rule!(
        "assign/no-evidence",
        "warning",
        "5.3",
        "an assignment in force has no appointment evidence",
        "record the appointment letter, contract addendum or minutes reference in `evidence`"
    ),
    rule!(
        "assign/not-acknowledged",
        "warning",
        "5.3",
        "the holder has not acknowledged the assignment",
        "record the date they acknowledged it in `acknowledged`"
    ),
    rule!(
        "assign/no-deputy",
        "warning",
        "5.3",
        "a role with `needs-deputy = true` is held, but no active holder has a deputy who is a named individual still here (a deputy who has left, or a group, counts as none)",
        "set `deputy` on an assignment"
    ),
    rule!(
        "assign/deputy-is-holder",
        "error",
        "5.3",
        "a holder is named as their own deputy",
        "name somebody else as deputy"
    ),
    rule!(
        "assign/external-no-sponsor",
        "error",
        "5.3",
        "an external holder (such as a virtual CISO) has no internal sponsor: none named, or the sponsor is not an employee or contractor, or has left",
        "set `sponsor` to the employee who answers for them"
    ),
    rule!(
        "assign/external-no-contract",
        "warning",
        "A.5.20",
        "an external holder has no statement of work or contract reference",
        "record it in `contract`"
    ),
    rule!(
        "competence/missing",
        "error",
        "7.2",
        "a holder has no record of a competency their role requires, or only records achieved after the evaluation date",
        "add the competency with its evidence to the person, or plan the training"
    ),
    rule!(
        "competence/expired",
        "error",
        "7.2",
        "the evidence for a required competency has expired: `expires` is its last valid day, so it fires from the day after (of several records of one competency, the one valid on the date counts)",
        "renew it and update `expires`"
    ),
    rule!(
        "competence/expiring",
        "info",
        "7.2",
        "the evidence for a required competency expires within `expiry-warning-days` (default 60): from the day that is that many days before `expires`, through `expires` itself",
        "plan the renewal"
    ),
    rule!(
        "authority/none",
        "warning",
        "5.3",
        "a role has responsibilities but no authorities",
        "write down what the role may decide or approve"
    ),
    rule!(
        "authority/privileged-no-mfa",
        "error",
        "A.8.5",
        "a privileged role is held by a person without MFA",
        "enforce multi-factor authentication for them and set `mfa = true`"
    ),
    rule!(
        "review/role-overdue",
        "warning",
        "A.5.2",
        "a role was never reviewed (or only after the evaluation date), or its `reviewed` date is more than `review-interval-days` (default 365) days before the evaluation date: reviewed exactly that many days ago is still in time",
        "review the role and set `reviewed` to the date"
    ),
    rule!(
        "review/signoff-stale",
        "warning",
        "9.3",
        "the register was never signed off, changed after the last sign-off (its fingerprint differs), or the last sign-off is more than `review-interval-days` days before the evaluation date",
        "take the register to the management review and record the sign-off with `rasci signoff`"
    ),
    rule!(
        "sod/role-conflict",
        "per rule",
        "A.5.3",
        "one person holds, on the same date, two roles that a segregation-of-duties rule keeps apart",
        "move one of the roles to somebody else, or document a compensating control and lower the rule's severity"
    ),
    rule!(
        "sod/duty-conflict",
        "per rule",
        "A.5.3",
        "one person is, through roles they hold on the date, R, A or A/R on two different subjects a rule keeps apart (excluded controls carry no duty)",
        "change the matrix or the assignments so different people hold the two duties"
    ),
    rule!(
        "sod/unknown-reference",
        "error",
        "A.5.3",
        "a segregation-of-duties rule names a role or subject that does not exist",
        "fix the id in the rule"
    ),
];

/// The README's table of rules, generated from [`RULES`] so that the two
/// cannot drift: one row per rule, in catalogue order.
pub fn markdown_table() -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from(
        "| rule id | severity | ref | fires when | how to fix |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.id,
            r.severity,
            r.reference,
            cell(r.when),
            cell(r.fix)
        ));
    }
    out
}

/// Builds a finding; the small helper keeps the rule modules terse.
pub(crate) fn finding(
    rule: &'static str,
    severity: Severity,
    reference: impl Into<String>,
    entity: Entity,
    message: String,
) -> Finding {
    debug_assert!(
        RULES.iter().any(|r| r.id == rule),
        "undocumented rule {rule}"
    );
    Finding {
        rule,
        severity,
        message,
        reference: reference.into(),
        entity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate {}", r.id);
            let (family, name) = r.id.split_once('/').expect("family/name");
            assert!(
                [
                    "gov",
                    "matrix",
                    "people",
                    "assign",
                    "competence",
                    "authority",
                    "review",
                    "sod"
                ]
                .contains(&family),
                "{family}"
            );
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
    }

    #[test]
    fn every_rule_in_the_design_contract_exists() {
        // The ids in DESIGN.md's table are a contract.
        let contract = [
            "gov/conformance-owner",
            "gov/performance-reporter",
            "gov/top-management",
            "gov/ism-reporting-line",
            "gov/review-team",
            "gov/review-team-senior",
            "gov/review-team-deputy",
            "gov/review-team-coverage",
            "gov/required-role",
            "matrix/no-accountable",
            "matrix/many-accountable",
            "matrix/no-responsible",
            "matrix/accountable-vacant",
            "matrix/accountable-shared",
            "matrix/unknown-reference",
            "matrix/exclusion-unjustified",
            "people/leaver-holds-role",
            "people/leaver-is-deputy",
            "people/unknown-person",
            "people/group-holder",
            "people/reporting-cycle",
            "people/manager-left",
            "people/overallocated",
            "assign/no-evidence",
            "assign/not-acknowledged",
            "assign/no-deputy",
            "assign/deputy-is-holder",
            "assign/external-no-sponsor",
            "assign/external-no-contract",
            "competence/missing",
            "competence/expired",
            "competence/expiring",
            "authority/none",
            "authority/privileged-no-mfa",
            "review/role-overdue",
            "review/signoff-stale",
            "sod/role-conflict",
            "sod/duty-conflict",
        ];
        for id in contract {
            assert!(RULES.iter().any(|r| r.id == id), "{id} missing");
        }
    }
}
