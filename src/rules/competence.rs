//! Competence (Clause 7.2): holders have what their role requires, with
//! evidence that is still valid.

use super::{Entity, EntityKind, Finding, Index, finding};
use crate::model::{Severity, assignment_id};
use crate::text::sanitize;

pub fn check(ix: &Index<'_>, out: &mut Vec<Finding>) {
    let warn_until = ix.on.add_days(ix.ws.settings.expiry_warning_days);
    for role in ix.ws.roles.values().filter(|r| !r.competencies.is_empty()) {
        for a in ix.assignments(&role.id) {
            let Some(p) = ix.person(&a.person).filter(|p| p.is_active_on(ix.on)) else {
                continue;
            };
            let entity = || Entity::new(EntityKind::Assignment, assignment_id(&role.id, a));
            let who = format!("{} ({})", sanitize(p.display_name()), p.id);
            for needed in &role.competencies {
                let needed_s = sanitize(needed);
                // Evidence gained after the evaluation date did not exist yet.
                match p
                    .competency(needed)
                    .filter(|c| c.achieved.is_none_or(|a| a <= ix.on))
                {
                    None => out.push(finding(
                        "competence/missing",
                        Severity::Error,
                        "7.2",
                        entity(),
                        format!(
                            "{who} holds {} but has no record of `{needed_s}`, which it requires.",
                            sanitize(role.display_name())
                        ),
                    )),
                    Some(c) => match c.expires {
                        Some(exp) if exp < ix.on => out.push(finding(
                            "competence/expired",
                            Severity::Error,
                            "7.2",
                            entity(),
                            format!(
                                "{who}'s `{needed_s}` expired on {exp}; {} requires it.",
                                sanitize(role.display_name())
                            ),
                        )),
                        Some(exp) if exp <= warn_until => out.push(finding(
                            "competence/expiring",
                            Severity::Info,
                            "7.2",
                            entity(),
                            format!(
                                "{who}'s `{needed_s}` expires on {exp}, in {} days.",
                                ix.on.days_until(exp)
                            ),
                        )),
                        _ => {}
                    },
                }
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
        assert_eq!(fired(ws, "competence/missing").len(), 1);
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
