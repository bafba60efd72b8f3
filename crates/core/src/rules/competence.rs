//! Competence (Clause 7.2): holders have what their role requires, with
//! evidence that is still valid.

use super::{Entity, EntityKind, Finding, Index, finding};
use crate::model::Date;
use crate::model::{Severity, assignment_id};
use crate::text::sanitize;

/// A holder's standing against one competency their role requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompetenceStatus {
    /// Recorded and valid on the date (and, when it expires, not within the
    /// warning window).
    Held {
        /// When it was obtained, if recorded.
        achieved: Option<Date>,
        /// Its last valid day; `None`: it does not expire.
        expires: Option<Date>,
    },
    /// Recorded and valid, but expiring within the warning window.
    Expiring {
        /// Its last valid day.
        expires: Date,
        /// Days from the evaluation date to `expires` (0 on the last day).
        days: i64,
    },
    /// The evidence expired before the date.
    Expired(Date),
    /// No record of it at all.
    Missing,
    /// Only records achieved after the date: not held yet on that date
    /// (the earliest such `achieved` date).
    NotYet(Date),
}

impl CompetenceStatus {
    /// The record of `person`'s competency `id` that counts on `on`.
    /// Several records of one competency are renewals: the one valid on
    /// the date counts (the longest-lasting if several are); with none
    /// valid, the one that expired last; with only records achieved after
    /// the date, the earliest of those.
    pub fn record<'p>(
        person: &'p crate::model::Person,
        id: &str,
        on: Date,
    ) -> Option<&'p crate::model::Competency> {
        let records = || person.competencies.iter().filter(move |c| c.id == id);
        let started = || records().filter(|c| c.achieved.is_none_or(|a| a <= on));
        // No expiry lasts longest.
        let until = |c: &crate::model::Competency| c.expires.map_or((1, None), |e| (0, Some(e)));
        started()
            .filter(|c| c.expires.is_none_or(|e| e >= on))
            .max_by_key(|c| until(c))
            .or_else(|| started().max_by_key(|c| until(c)))
            .or_else(|| records().min_by_key(|c| c.achieved))
    }

    /// The status of `person`'s competency `id` on `on`, with the same
    /// meaning as the `competence/*` findings.
    pub fn of(
        person: &crate::model::Person,
        id: &str,
        on: Date,
        warning_days: i64,
    ) -> CompetenceStatus {
        let Some(c) = CompetenceStatus::record(person, id, on) else {
            return CompetenceStatus::Missing;
        };
        match (c.achieved, c.expires) {
            (Some(a), _) if a > on => CompetenceStatus::NotYet(a),
            (_, Some(exp)) if exp < on => CompetenceStatus::Expired(exp),
            (_, Some(exp)) if exp <= on.add_days(warning_days) => CompetenceStatus::Expiring {
                expires: exp,
                days: on.days_until(exp),
            },
            (achieved, expires) => CompetenceStatus::Held { achieved, expires },
        }
    }

    /// A short word for styling: held, expiring, expired, missing.
    pub fn word(self) -> &'static str {
        match self {
            CompetenceStatus::Held { .. } => "held",
            CompetenceStatus::Expiring { .. } => "expiring",
            CompetenceStatus::Expired(_) => "expired",
            CompetenceStatus::Missing | CompetenceStatus::NotYet(_) => "missing",
        }
    }

    /// The status in words, with its dates.
    pub fn describe(self) -> String {
        match self {
            CompetenceStatus::Held { expires: None, .. } => "held".to_string(),
            CompetenceStatus::Held {
                expires: Some(d), ..
            } => format!("held, valid until {d}"),
            CompetenceStatus::Expiring { expires, days } => {
                format!("expiring on {expires} (in {days} days)")
            }
            CompetenceStatus::Expired(d) => format!("expired on {d}"),
            CompetenceStatus::Missing => "missing: no record".to_string(),
            CompetenceStatus::NotYet(a) => format!("missing: not achieved until {a}"),
        }
    }
}

pub fn check(ix: &Index<'_>, out: &mut Vec<Finding>) {
    let warning_days = ix.ws.settings.expiry_warning_days;
    for role in ix.ws.roles.values().filter(|r| !r.competencies.is_empty()) {
        for a in ix.assignments(&role.id) {
            let Some(p) = ix.person(&a.person).filter(|p| p.is_active_on(ix.on)) else {
                continue;
            };
            let entity = || Entity::new(EntityKind::Assignment, assignment_id(&role.id, a));
            let who = format!("{} ({})", sanitize(p.display_name()), p.id);
            let role_name = sanitize(role.display_name());
            for needed in &role.competencies {
                let needed_s = sanitize(needed);
                let (rule, severity, message) = match CompetenceStatus::of(
                    p,
                    needed,
                    ix.on,
                    warning_days,
                ) {
                    CompetenceStatus::Missing => (
                        "competence/missing",
                        Severity::Error,
                        format!(
                            "{who} holds {role_name} but has no record of `{needed_s}`, which it requires."
                        ),
                    ),
                    CompetenceStatus::NotYet(achieved) => (
                        "competence/missing",
                        Severity::Error,
                        format!(
                            "{who} holds {role_name} but `{needed_s}` is recorded as achieved on {achieved}, after {}; it does not count before then.",
                            ix.on
                        ),
                    ),
                    CompetenceStatus::Expired(exp) => (
                        "competence/expired",
                        Severity::Error,
                        format!("{who}'s `{needed_s}` expired on {exp}; {role_name} requires it."),
                    ),
                    CompetenceStatus::Expiring { expires, days } => (
                        "competence/expiring",
                        Severity::Info,
                        format!("{who}'s `{needed_s}` expires on {expires}, in {days} days."),
                    ),
                    CompetenceStatus::Held { .. } => continue,
                };
                out.push(finding(rule, severity, "7.2", entity(), message));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::model::*;

    fn needs_audit_skill() -> Workspace {
        let mut ws = clean();
        role_mut(&mut ws, "audit").competencies = vec!["lead-auditor".into()];
        person_mut(&mut ws, "aud").competencies.push(Competency {
            id: "lead-auditor".into(),
            evidence: Some("Cert 42".into()),
            achieved: Some(d("2024-05-01")),
            expires: Some(d("2027-05-01")),
        });
        ws
    }

    #[test]
    fn missing_competency() {
        let mut ws = needs_audit_skill();
        person_mut(&mut ws, "aud").competencies.clear();
        let f = fired(ws, "competence/missing");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("lead-auditor"));
        assert!(fired(needs_audit_skill(), "competence/missing").is_empty());
    }

    #[test]
    fn evidence_gained_after_the_date_does_not_count_yet() {
        let mut ws = needs_audit_skill();
        person_mut(&mut ws, "aud").competencies[0].achieved = Some(d("2026-11-28"));
        let f = fired(ws.clone(), "competence/missing");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message
                .contains("achieved on 2026-11-28, after 2026-11-27"),
            "{}",
            f[0].message
        );
        // Achieved on the evaluation date itself counts.
        person_mut(&mut ws, "aud").competencies[0].achieved = Some(d("2026-11-27"));
        assert!(fired(ws, "competence/missing").is_empty());
    }

    fn renewal(achieved: &str, expires: &str, evidence: &str) -> Competency {
        Competency {
            id: "lead-auditor".into(),
            evidence: Some(evidence.into()),
            achieved: Some(d(achieved)),
            expires: Some(d(expires)),
        }
    }

    #[test]
    fn a_renewal_counts_whichever_record_comes_first() {
        for order in [[0, 1], [1, 0]] {
            let records = [
                renewal("2021-05-01", "2024-05-01", "Old cert"),
                renewal("2024-05-01", "2027-05-01", "Renewed cert"),
            ];
            let mut ws = needs_audit_skill();
            person_mut(&mut ws, "aud").competencies = order.map(|i| records[i].clone()).to_vec();
            assert!(
                fired(ws.clone(), "competence/expired").is_empty(),
                "{order:?}"
            );
            assert!(fired(ws.clone(), "competence/missing").is_empty());
            let p = &ws.people["aud"];
            let counted = super::CompetenceStatus::record(p, "lead-auditor", today()).unwrap();
            assert_eq!(counted.evidence.as_deref(), Some("Renewed cert"));
        }
        // Two expired records: the finding names the later expiry.
        let mut ws = needs_audit_skill();
        person_mut(&mut ws, "aud").competencies = vec![
            renewal("2023-05-01", "2026-05-01", "Second"),
            renewal("2020-05-01", "2023-05-01", "First"),
        ];
        let f = fired(ws, "competence/expired");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("2026-05-01"), "{}", f[0].message);
        // A renewal not achieved yet does not hide an expiry today.
        let mut ws = needs_audit_skill();
        person_mut(&mut ws, "aud").competencies = vec![
            renewal("2027-01-10", "2030-01-10", "Booked"),
            renewal("2023-05-01", "2026-05-01", "Old"),
        ];
        assert_eq!(fired(ws, "competence/expired").len(), 1);
    }

    #[test]
    fn expired_and_expiring() {
        let mut ws = needs_audit_skill();
        person_mut(&mut ws, "aud").competencies[0].expires = Some(d("2026-11-26"));
        assert_eq!(fired(ws.clone(), "competence/expired").len(), 1);
        assert!(fired(ws.clone(), "competence/expiring").is_empty());

        person_mut(&mut ws, "aud").competencies[0].expires = Some(d("2026-11-27"));
        assert!(
            fired(ws.clone(), "competence/expired").is_empty(),
            "valid on its last day"
        );
        let f = fired(ws.clone(), "competence/expiring");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);

        person_mut(&mut ws, "aud").competencies[0].expires = Some(d("2027-01-27"));
        assert!(
            fired(ws, "competence/expiring").is_empty(),
            "61 days is outside the window"
        );
        assert!(fired(needs_audit_skill(), "competence/expired").is_empty());
    }
}
