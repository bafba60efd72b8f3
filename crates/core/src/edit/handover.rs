//! Handing over: a leaver's or mover's roles, deputyships and sponsorships
//! go to a successor in one edit, so that undo reverts the whole handover.

use super::{Edit, EditError, check_holder};
use crate::model::*;

/// What a handover does, besides the edit itself: the things it could not
/// move, each with the reason, so that a preview can say so.
#[derive(Debug, Clone, PartialEq)]
pub struct Handover {
    /// One [`Edit::Batch`] of role replacements.
    pub edit: Edit,
    /// Appointments the successor takes up, by role id.
    pub roles: Vec<String>,
    /// What stayed where it was, and why.
    pub kept: Vec<String>,
}

/// Hands `from`'s appointments in force on `date` over to `to`: each ends
/// on `date` (their last day in it) and an open-ended appointment of `to`
/// starts the day after, with the same deputy, allocation and note (the
/// evidence and acknowledgement are the successor's to give). Where `from`
/// is the deputy or the sponsor on an appointment still running after
/// `date`, `to` becomes it. `roles` limits all of this to those roles
/// (empty: every role).
///
/// Refused when `to` cannot hold a role from the day after (a group, not
/// yet joined, gone by then: [`check_holder`]), and when there is nothing
/// to hand over.
pub fn handover(
    ws: &Workspace,
    from: &str,
    to: &str,
    roles: &[String],
    date: Date,
) -> Result<Handover, EditError> {
    hand_over(ws, from, to, roles, date, true)
}

/// [`handover`]; `keep_last_day` is false when the same edit records the last
/// day anew (the leaver dialog), so the one on file does not count.
fn hand_over(
    ws: &Workspace,
    from: &str,
    to: &str,
    roles: &[String],
    date: Date,
    keep_last_day: bool,
) -> Result<Handover, EditError> {
    for id in [from, to] {
        if !ws.people.contains_key(id) {
            return Err(EditError::NotFound {
                kind: "person",
                id: id.to_string(),
            });
        }
    }
    for r in roles {
        if !ws.roles.contains_key(r) {
            return Err(EditError::NotFound {
                kind: "role",
                id: r.clone(),
            });
        }
    }
    if from == to {
        return Err(EditError::Holder {
            field: "person",
            message: format!("{from} cannot hand over to themselves: name the successor"),
        });
    }
    // A leaver's appointments end on their last day at the latest: a
    // later day would have them hold the roles after they had gone.
    if let Some(left) = ws.people[from].left.filter(|_| keep_last_day)
        && date > left
    {
        return Err(EditError::Dates(format!(
            "{from} left on {left}; hand over on that day or earlier (--date {left}), \
             so that the successor starts the day after"
        )));
    }
    let start = date.add_days(1);
    let mut edits = Vec::new();
    let mut taken = Vec::new();
    let mut kept = Vec::new();
    let mut moved_any = false;
    for role in ws.roles.values() {
        if !roles.is_empty() && !roles.contains(&role.id) {
            continue;
        }
        let mut r = role.clone();
        let mut changed = false;
        let mut new = Vec::new();
        for a in r.assignments.iter_mut() {
            let runs_on = a.until.is_none_or(|u| u > date);
            if a.person == from && a.is_active_on(date) {
                if runs_on {
                    a.until = Some(date);
                    changed = true;
                }
                moved_any = true;
                new.push(Assignment {
                    person: to.to_string(),
                    from: Some(start),
                    until: None,
                    deputy: a.deputy.clone().filter(|d| d != to),
                    allocation: a.allocation,
                    evidence: None,
                    acknowledged: None,
                    sponsor: a.sponsor.clone().filter(|s| s != to),
                    contract: None,
                    note: a.note.clone(),
                });
                continue;
            }
            // Deputyships and sponsorships move where the appointment
            // goes on after the last day.
            if !runs_on {
                continue;
            }
            for (slot, what) in [(&mut a.deputy, "deputy"), (&mut a.sponsor, "sponsor")] {
                if slot.as_deref() != Some(from) {
                    continue;
                }
                moved_any = true;
                if a.person == to {
                    kept.push(format!(
                        "{from} stays {what} on {to}'s appointment to {}: nobody is their own {what}; name another",
                        role.id
                    ));
                } else {
                    *slot = Some(to.to_string());
                    changed = true;
                }
            }
        }
        for a in new {
            if let Some(other) = r.overlapping(&a, None) {
                kept.push(format!(
                    "{to} already holds {}{}, so no second appointment was made",
                    role.id,
                    other
                        .from
                        .map(|d| format!(" since {d}"))
                        .unwrap_or_default()
                ));
                continue;
            }
            check_holder(ws, &a, None)?;
            taken.push(role.id.clone());
            r.assignments.push(a);
            changed = true;
        }
        if changed {
            edits.push(Edit::PutRole(r));
        }
    }
    if !moved_any {
        return Err(EditError::Dates(format!(
            "{from} holds no role, deputyship or sponsorship in force on {date}{}: nothing to hand over",
            if roles.is_empty() {
                String::new()
            } else {
                format!(" in {}", roles.join(", "))
            }
        )));
    }
    Ok(Handover {
        edit: Edit::Batch(edits),
        roles: taken,
        kept,
    })
}

/// Records `person` as having left on `date`, handing over to `successor`
/// first (all their roles, or `roles`), as one edit: the leaver dialog's
/// "hand over to" and `rasci leave` followed by `rasci handover` in one.
pub fn leave_and_hand_over(
    ws: &Workspace,
    person: &str,
    date: Date,
    successor: &str,
    roles: &[String],
) -> Result<Handover, EditError> {
    let mut h = hand_over(ws, person, successor, roles, date, false)?;
    let mut after = ws.clone();
    super::apply(&mut after, h.edit.clone())?;
    let left = super::mark_left(&after, person, date, true)?;
    h.edit = Edit::Batch(vec![h.edit, left]);
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{clean, today};

    #[test]
    fn a_handover_ends_each_appointment_and_starts_the_successors_the_next_day() {
        let mut ws = clean();
        // ism holds ism and review (deputy dep); dep deputises nothing of
        // ism's; ism deputises for dep on incident.
        let h = handover(&ws, "ism", "coo", &[], today()).unwrap();
        assert_eq!(h.roles, ["ism", "review"]);
        let before = ws.clone();
        let undo = crate::edit::apply(&mut ws, h.edit).unwrap();
        let next = today().add_days(1);
        for role in ["ism", "review"] {
            let r = &ws.roles[role];
            let old = r.assignments.iter().find(|a| a.person == "ism").unwrap();
            assert_eq!(old.until, Some(today()), "{role}");
            let new = r.assignments.iter().find(|a| a.person == "coo").unwrap();
            assert_eq!(new.from, Some(next), "{role}");
            assert_eq!(new.deputy.as_deref(), Some("dep"), "{role}");
            assert_eq!(new.evidence, None, "the successor's own evidence");
        }
        let incident = &ws.roles["incident"].assignments[0];
        assert_eq!(
            incident.deputy.as_deref(),
            Some("coo"),
            "the deputyship moved"
        );
        // One edit: undone whole.
        crate::edit::apply(&mut ws, undo).unwrap();
        assert_eq!(ws, before);
    }

    #[test]
    fn a_handover_can_be_limited_to_roles_and_refuses_an_impossible_successor() {
        let ws = clean();
        let h = handover(&ws, "ism", "coo", &["review".into()], today()).unwrap();
        assert_eq!(h.roles, ["review"]);
        let Edit::Batch(edits) = &h.edit else {
            panic!()
        };
        assert_eq!(edits.len(), 1, "only the review role: {edits:?}");
        // Someone who has already left cannot take over.
        let mut gone = ws.clone();
        let p = gone.people.get_mut("coo").unwrap();
        p.status = Status::Left;
        p.left = Some(today());
        let e = handover(&gone, "ism", "coo", &[], today()).unwrap_err();
        assert!(e.to_string().contains("left on"), "{e}");
        assert!(handover(&ws, "ism", "ism", &[], today()).is_err());
        let mut idle = ws.clone();
        let new = crate::sample::person("new", "New Person", "Board", None);
        idle.people.insert("new".into(), new);
        let e = handover(&idle, "new", "dep", &[], today()).unwrap_err();
        assert!(e.to_string().contains("nothing to hand over"), "{e}");
    }

    #[test]
    fn a_leaver_hands_over_on_their_last_day_at_the_latest() {
        let mut ws = clean();
        let p = ws.people.get_mut("aud").unwrap();
        p.status = Status::Left;
        p.left = Some(today().add_days(-30));
        let e = handover(&ws, "aud", "coo", &[], today()).unwrap_err();
        assert!(
            e.to_string().contains("hand over on that day or earlier"),
            "{e}"
        );
        let h = handover(&ws, "aud", "coo", &[], today().add_days(-30)).unwrap();
        assert_eq!(h.roles, ["audit"]);
    }

    #[test]
    fn a_planned_leaver_can_be_given_a_later_last_day_with_a_successor() {
        let mut ws = clean();
        ws.people.get_mut("aud").unwrap().left = Some(today());
        let later = today().add_days(30);
        let h = leave_and_hand_over(&ws, "aud", later, "coo", &[]).unwrap();
        crate::edit::apply(&mut ws, h.edit).unwrap();
        assert_eq!(ws.people["aud"].left, Some(later));
    }

    #[test]
    fn leaving_with_a_successor_is_one_edit_that_leaves_no_leaver_finding() {
        let mut ws = clean();
        let h = leave_and_hand_over(&ws, "ism", today(), "coo", &[]).unwrap();
        crate::edit::apply(&mut ws, h.edit).unwrap();
        assert!(ws.people["ism"].has_left_by(today().add_days(1)));
        let f = crate::rules::findings(&ws, today().add_days(1));
        for rule in [
            "people/leaver-holds-role",
            "people/leaver-is-deputy",
            "gov/conformance-owner",
        ] {
            assert!(f.iter().all(|f| f.rule != rule), "{rule}: {f:#?}");
        }
    }
}
