//! Authorities: a role that must do things needs the power to do them, and
//! privileged roles need strong authentication.

use super::{Entity, EntityKind, Finding, Index, finding};
use crate::model::{Severity, assignment_id};
use crate::text::sanitize;

pub fn check(ix: &Index<'_>, out: &mut Vec<Finding>) {
    for role in ix.ws.roles.values() {
        if !role.responsibilities.is_empty() && role.authorities.is_empty() {
            out.push(finding(
                "authority/none",
                Severity::Warning,
                "5.3",
                Entity::new(EntityKind::Role, role.id.as_str()),
                format!(
                    "{} ({}) has {} responsibilities but no authorities to carry them out.",
                    sanitize(role.display_name()),
                    role.id,
                    role.responsibilities.len()
                ),
            ));
        }
        if !role.privileged {
            continue;
        }
        for a in ix.assignments(&role.id) {
            if let Some(p) = ix.person(&a.person)
                && p.is_active_on(ix.on)
                && !p.mfa
            {
                out.push(finding(
                    "authority/privileged-no-mfa",
                    Severity::Error,
                    "A.8.5",
                    Entity::new(EntityKind::Assignment, assignment_id(&role.id, a)),
                    format!(
                        "{} ({}) holds the privileged role {} without multi-factor authentication.",
                        sanitize(p.display_name()),
                        p.id,
                        sanitize(role.display_name())
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn responsibilities_without_authority() {
        let mut ws = clean();
        role_mut(&mut ws, "audit").authorities.clear();
        assert_eq!(fired(ws.clone(), "authority/none").len(), 1);
        role_mut(&mut ws, "audit").responsibilities.clear();
        assert!(
            fired(ws, "authority/none").is_empty(),
            "an empty role has nothing to authorise"
        );
        assert!(fired(clean(), "authority/none").is_empty());
    }

    #[test]
    fn privileged_roles_need_mfa() {
        let mut ws = clean();
        role_mut(&mut ws, "ism").privileged = true;
        assert!(fired(ws.clone(), "authority/privileged-no-mfa").is_empty());
        person_mut(&mut ws, "ism").mfa = false;
        let f = fired(ws, "authority/privileged-no-mfa");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].reference, "A.8.5");
    }
}
