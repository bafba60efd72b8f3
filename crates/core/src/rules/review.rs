//! Reviews: roles reviewed within the interval, and a management sign-off
//! of the register as it stands.

use super::{Entity, EntityKind, Finding, Index, finding};
use crate::fingerprint::{self as fp, Version};
use crate::model::{Date, Severity, Signoff, Workspace};
use crate::text::sanitize;

/// `current` is the register's fingerprint when the caller has already
/// worked it out (see [`fingerprint_needed`]); otherwise it is computed here
/// if the sign-off check needs it.
pub fn check(ix: &Index<'_>, current: Option<&str>, out: &mut Vec<Finding>) {
    let interval = ix.ws.settings.review_interval_days;
    for role in ix.ws.roles.values() {
        let why = match role.reviewed.filter(|d| *d <= ix.on) {
            // The register keeps the latest review only: one after the
            // date asked about says nothing of reviews before it.
            None if role.reviewed.is_some() => format!(
                "has no review on record by {} (the register keeps only the latest review, dated {})",
                ix.on,
                role.reviewed.map(|d| d.to_string()).unwrap_or_default()
            ),
            None => "has never been reviewed".to_string(),
            Some(d) if ix.on.days_until(d) < -interval => {
                format!("was last reviewed on {d}, more than {interval} days ago")
            }
            Some(_) => continue,
        };
        out.push(finding(
            "review/role-overdue",
            Severity::Warning,
            "A.5.2",
            Entity::new(EntityKind::Role, role.id.as_str()),
            format!("{} ({}) {why}.", sanitize(role.display_name()), role.id),
        ));
    }
    signoff(ix, out, interval, current);
}

/// The sign-off in force on `on`: see [`Workspace::signoff_on`].
fn last_signoff(ws: &Workspace, on: Date) -> Option<&Signoff> {
    ws.signoff_on(on)
}

/// The register's fingerprint made the way the sign-off in force on `on`
/// recorded its own (an old `v1:` value is compared as v1), for
/// [`super::findings`] to work out beside the other rules. A value of no
/// known version is compared with the current one, so it reads as changed:
/// nobody can vouch for it.
pub fn fingerprint_to_compare(ws: &Workspace, on: Date) -> String {
    let version = last_signoff(ws, on)
        .and_then(|s| s.fingerprint.as_deref())
        .and_then(Version::of)
        .unwrap_or(fp::CURRENT);
    fp::fingerprint_as(ws, version)
}

/// Will the sign-off check compare the register's fingerprint? Only when
/// the sign-off in force is within the review interval and recorded one.
/// At 10,000 people the fingerprint costs about as much as all the other
/// rules together, so [`super::findings`] works it out beside them.
pub fn fingerprint_needed(ws: &Workspace, on: Date) -> bool {
    last_signoff(ws, on).is_some_and(|s| {
        on.days_until(s.date) >= -ws.settings.review_interval_days && s.fingerprint.is_some()
    })
}

fn signoff(ix: &Index<'_>, out: &mut Vec<Finding>, interval: i64, current: Option<&str>) {
    let last = last_signoff(ix.ws, ix.on);
    let why = match last {
        None => "The register has never been signed off by management.".to_string(),
        Some(s) if ix.on.days_until(s.date) < -interval => {
            format!(
                "The last management sign-off, on {}, is more than {interval} days old.",
                s.date
            )
        }
        // The fingerprint covers the whole register, so it is only worth
        // computing when there is one to compare with.
        Some(s)
            if s.fingerprint.as_deref().is_some_and(|f| match current {
                Some(c) => f != c,
                None => fp::matches(ix.ws, f) != Some(true),
            }) =>
        {
            format!(
                "The register has changed since management signed it off on {}.",
                s.date
            )
        }
        Some(_) => return,
    };
    out.push(finding(
        "review/signoff-stale",
        Severity::Warning,
        "9.3",
        Entity::new(EntityKind::Workspace, ""),
        why,
    ));
}

#[cfg(test)]
mod tests {
    use super::super::findings;
    use super::super::testkit::*;
    use crate::model::*;

    #[test]
    fn roles_are_reviewed_within_the_interval() {
        let mut ws = clean();
        role_mut(&mut ws, "audit").reviewed = None;
        role_mut(&mut ws, "ism").reviewed = Some(d("2025-11-26"));
        role_mut(&mut ws, "top").reviewed = Some(d("2025-11-27"));
        let f = fired(ws.clone(), "review/role-overdue");
        assert_eq!(f.len(), 2, "{f:#?}");
        // Looking back, a review that had not happened yet does not count.
        role_mut(&mut ws, "top").reviewed = Some(d("2026-12-01"));
        let f = fired(ws, "review/role-overdue");
        assert_eq!(f.len(), 3, "{f:#?}");
        // ...and the message does not claim it never happened.
        let top = f.iter().find(|f| f.entity.id == "top").unwrap();
        assert!(top.message.contains("no review on record by"), "{top:#?}");
        assert!(top.message.contains("dated 2026-12-01"), "{top:#?}");
        assert!(fired(clean(), "review/role-overdue").is_empty());
    }

    #[test]
    fn signoff_goes_stale_on_change_or_age() {
        let mut ws = clean();
        ws.matrix.set("A.5.1", "audit", Some(Letter::I));
        // Not re-signed: the change shows.
        let f: Vec<_> = findings(&ws, today())
            .into_iter()
            .filter(|f| f.rule == "review/signoff-stale")
            .collect();
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("changed"));

        let mut ws = clean();
        ws.signoffs[0].date = d("2025-01-01");
        let f = fired(ws, "review/signoff-stale");
        assert!(f[0].message.contains("days old"), "{}", f[0].message);

        let mut ws = clean();
        ws.signoffs.clear();
        assert!(
            fired(ws, "review/signoff-stale")[0]
                .message
                .contains("never")
        );

        // Without a fingerprint only the age counts.
        let mut ws = clean();
        ws.signoffs[0].fingerprint = None;
        ws.matrix.set("A.5.1", "audit", Some(Letter::I));
        assert!(
            findings(&ws, today())
                .iter()
                .all(|f| f.rule != "review/signoff-stale")
        );
        assert!(fired(clean(), "review/signoff-stale").is_empty());
    }

    #[test]
    fn a_signoff_after_the_as_of_date_does_not_count() {
        let ws = clean();
        let f = findings(&ws, d("2026-09-01"));
        assert!(
            f.iter()
                .any(|f| f.rule == "review/signoff-stale" && f.message.contains("never"))
        );
    }

    /// The fingerprint worked out ahead (on another thread) is asked for
    /// exactly when the check would compute it, and gives the same result.
    #[test]
    fn a_fingerprint_worked_out_ahead_changes_nothing() {
        use super::super::Index;
        use super::{check, fingerprint_needed};
        use crate::fingerprint::fingerprint;

        let changed = {
            let mut ws = clean();
            ws.matrix.set("A.5.1", "audit", Some(Letter::I));
            ws
        };
        let old = {
            let mut ws = clean();
            ws.signoffs[0].date = d("2025-01-01");
            ws
        };
        let unprinted = {
            let mut ws = clean();
            ws.signoffs[0].fingerprint = None;
            ws
        };
        let cases = [
            (clean(), today(), true),
            (changed, today(), true),
            (old, today(), false),
            (unprinted, today(), false),
            (clean(), d("2026-09-01"), false),
        ];
        for (ws, on, needed) in cases {
            assert_eq!(fingerprint_needed(&ws, on), needed, "{on}");
            let ix = Index::new(&ws, on);
            let (mut ahead, mut inline) = (Vec::new(), Vec::new());
            check(&ix, Some(&fingerprint(&ws)), &mut ahead);
            check(&ix, None, &mut inline);
            assert_eq!(ahead, inline, "{on}");
        }
    }
}
