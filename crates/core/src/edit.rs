//! Every change to the register, as data. [`apply`] performs an edit and
//! returns its inverse, which is all undo and redo need. The workbench and
//! the scriptable commands both change the register only through here.

use crate::model::*;

mod handover;
pub use handover::{Handover, handover, leave_and_hand_over};

/// One change to the register. Entities are replaced whole (`Put…`), which
/// keeps the inverse trivial; [`Edit::Batch`] groups several into one undo
/// step.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Set (`Some`) or clear (`None`) one matrix cell.
    SetCell {
        /// The subject (matrix row) id.
        subject: String,
        /// The role (matrix column) id.
        role: String,
        /// The new letter; `None` empties the cell.
        letter: Option<Letter>,
    },
    /// Insert a person, or replace the one with the same id in place.
    PutPerson(Person),
    /// Remove the person with this id.
    RemovePerson(String),
    /// Insert a role (with its assignments), or replace it in place.
    PutRole(Role),
    /// Remove the role with this id, with its assignments.
    RemoveRole(String),
    /// Replace the `[organisation]` table.
    SetOrganisation(Organisation),
    /// Replace the `[settings]` table.
    SetSettings(Settings),
    /// Insert a segregation-of-duties rule, or replace the one with the same id in place.
    PutSodRule(SodRule),
    /// Remove the segregation-of-duties rule with this id.
    RemoveSodRule(String),
    /// Insert an activity, or replace the one with the same id in place.
    PutActivity(Activity),
    /// Remove the activity with this id (its matrix row stays).
    RemoveActivity(String),
    /// Insert an exclusion, or replace the one for the same subject in place.
    PutExclusion(Exclusion),
    /// Remove the exclusion of this subject id.
    RemoveExclusion(String),
    /// Replace the whole list of sign-offs.
    SetSignoffs(Vec<Signoff>),
    /// Replaces the whole register (restoring recovered edits).
    ReplaceAll(Box<Workspace>),
    /// Restores an entity at its old position (the inverse of a removal).
    Reinsert(Box<Edit>, usize),
    /// Several edits applied in order, undone in reverse.
    Batch(Vec<Edit>),
}

impl Edit {
    /// Does the edit change people or roles (the shape of the org tree),
    /// as opposed to only the matrix or workspace settings?
    pub fn touches_people_or_roles(&self) -> bool {
        match self {
            Edit::PutPerson(_)
            | Edit::RemovePerson(_)
            | Edit::PutRole(_)
            | Edit::RemoveRole(_)
            | Edit::ReplaceAll(_) => true,
            Edit::Reinsert(inner, _) => inner.touches_people_or_roles(),
            Edit::Batch(edits) => edits.iter().any(Edit::touches_people_or_roles),
            _ => false,
        }
    }
}

/// An edit that cannot apply to the register as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The entity to change or remove does not exist.
    #[error("there is no {kind} `{id}`")]
    NotFound {
        /// What was looked for, in words: `person`, `role`, `activity`...
        kind: &'static str,
        /// The id that matched nothing.
        id: String,
    },
    /// The id of an entity to insert breaks the id rules; holds that id.
    #[error(
        "`{0}` is not a valid id: use letters, digits, `.`, `_` or `-`, starting with a letter or digit"
    )]
    InvalidId(String),
    /// The person already holds the role for part of the new assignment's period.
    #[error(
        "{person} already holds {role}{since}, and the periods would overlap; end that assignment first"
    )]
    Overlap {
        /// Person id of the holder.
        person: String,
        /// Role id.
        role: String,
        /// ` since <date>` when the existing assignment has a start date, else empty.
        since: String,
    },
    /// Dates in the wrong order, which the files could not hold.
    #[error("{0}")]
    Dates(String),
    /// A sign-off by nobody, a team or someone not there that day.
    #[error("{0}")]
    Signatory(String),
    /// A segregation rule whose pair names one id twice.
    #[error(
        "segregation rule `{rule}`: `{key}` names `{id}` twice; a rule keeps two different roles or subjects apart"
    )]
    SelfPair {
        /// The rule's id.
        rule: String,
        /// `roles` or `subjects`.
        key: &'static str,
        /// The id named twice.
        id: String,
    },
    /// An appointment of a team, or outside the holder's time with the
    /// organisation.
    /// `field` is the assignment field to correct: person, from or until.
    #[error("{message}")]
    Holder {
        /// The assignment field to correct: `person`, `from` or `until`.
        field: &'static str,
        /// What is wrong, as a sentence for the user.
        message: String,
    },
}

/// Refuses a person the workspace files do not accept (the loader asks
/// the same [`Person::date_problems`]: dates in order, not their own
/// manager), so that no edit, from a form, the command line or an import,
/// can produce a register that would not load.
fn check_person_dates(p: &Person) -> Result<(), EditError> {
    match p.date_problems().first() {
        Some(problem) => Err(EditError::Dates(problem.message(&p.id))),
        None => Ok(()),
    }
}

/// The same for a role's assignments.
fn check_role_dates(r: &Role) -> Result<(), EditError> {
    for a in &r.assignments {
        if let (Some(f), Some(u)) = (a.from, a.until)
            && u < f
        {
            return Err(EditError::Dates(format!(
                "{}'s assignment to {} would end ({u}) before it starts ({f})",
                a.person, r.id
            )));
        }
    }
    Ok(())
}

/// Inserts or replaces `value` under `id`, returning the inverse edit.
fn put<T: Clone>(
    map: &mut indexmap::IndexMap<String, T>,
    id: &str,
    value: T,
    restore: impl Fn(T) -> Edit,
    remove: impl Fn(String) -> Edit,
) -> Result<Edit, EditError> {
    if !crate::model::is_valid_id(id) {
        return Err(EditError::InvalidId(id.to_string()));
    }
    match map.get_mut(id) {
        Some(slot) => Ok(restore(std::mem::replace(slot, value))),
        None => {
            map.insert(id.to_string(), value);
            Ok(remove(id.to_string()))
        }
    }
}

/// Removes `id`, returning the edit that puts it back where it was.
fn take<T>(
    map: &mut indexmap::IndexMap<String, T>,
    id: &str,
    kind: &'static str,
    restore: impl Fn(T) -> Edit,
) -> Result<Edit, EditError> {
    match map.shift_remove_full(id) {
        Some((index, _, value)) => Ok(Edit::Reinsert(Box::new(restore(value)), index)),
        None => Err(EditError::NotFound {
            kind,
            id: id.to_string(),
        }),
    }
}

/// Applies `edit` to `ws` and returns the edit that undoes it. On error the
/// register is unchanged (a failing batch is rolled back).
pub fn apply(ws: &mut Workspace, edit: Edit) -> Result<Edit, EditError> {
    Ok(match edit {
        Edit::SetCell {
            subject,
            role,
            letter,
        } => {
            let old = ws.matrix.set(&subject, &role, letter);
            Edit::SetCell {
                subject,
                role,
                letter: old,
            }
        }
        Edit::PutPerson(p) => {
            check_person_dates(&p)?;
            let id = p.id.clone();
            put(&mut ws.people, &id, p, Edit::PutPerson, Edit::RemovePerson)?
        }
        Edit::RemovePerson(id) => take(&mut ws.people, &id, "person", Edit::PutPerson)?,
        Edit::PutRole(r) => {
            check_role_dates(&r)?;
            let id = r.id.clone();
            put(&mut ws.roles, &id, r, Edit::PutRole, Edit::RemoveRole)?
        }
        Edit::RemoveRole(id) => take(&mut ws.roles, &id, "role", Edit::PutRole)?,
        Edit::SetOrganisation(o) => {
            Edit::SetOrganisation(std::mem::replace(&mut ws.organisation, o))
        }
        Edit::SetSettings(s) => Edit::SetSettings(std::mem::replace(&mut ws.settings, s)),
        Edit::PutSodRule(r) => {
            if let Some(twice) = r.pair.repeated() {
                return Err(EditError::SelfPair {
                    rule: r.id.clone(),
                    key: r.pair.key(),
                    id: twice.to_string(),
                });
            }
            let id = r.id.clone();
            put(
                &mut ws.sod_rules,
                &id,
                r,
                Edit::PutSodRule,
                Edit::RemoveSodRule,
            )?
        }
        Edit::RemoveSodRule(id) => {
            take(&mut ws.sod_rules, &id, "segregation rule", Edit::PutSodRule)?
        }
        Edit::PutActivity(a) => {
            let id = a.id.clone();
            put(
                &mut ws.activities,
                &id,
                a,
                Edit::PutActivity,
                Edit::RemoveActivity,
            )?
        }
        Edit::RemoveActivity(id) => take(&mut ws.activities, &id, "activity", Edit::PutActivity)?,
        Edit::PutExclusion(e) => {
            let id = e.subject.clone();
            put(
                &mut ws.exclusions,
                &id,
                e,
                Edit::PutExclusion,
                Edit::RemoveExclusion,
            )?
        }
        Edit::RemoveExclusion(id) => {
            take(&mut ws.exclusions, &id, "exclusion", Edit::PutExclusion)?
        }
        Edit::SetSignoffs(s) => Edit::SetSignoffs(std::mem::replace(&mut ws.signoffs, s)),
        Edit::ReplaceAll(new) => Edit::ReplaceAll(Box::new(std::mem::replace(ws, *new))),
        Edit::Reinsert(inner, index) => {
            let inverse = apply(ws, *inner)?;
            move_last_to(ws, &inverse, index);
            inverse
        }
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for e in edits {
                match apply(ws, e) {
                    Ok(inv) => inverses.push(inv),
                    Err(err) => {
                        for inv in inverses.into_iter().rev() {
                            let _ = apply(ws, inv);
                        }
                        return Err(err);
                    }
                }
            }
            inverses.reverse();
            Edit::Batch(inverses)
        }
    })
}

/// After re-inserting an entity (appended at the end), moves it back to
/// the position it was removed from. `inverse` is the removal that undoes
/// the re-insertion and names the entity.
fn move_last_to(ws: &mut Workspace, inverse: &Edit, index: usize) {
    fn shift<T>(map: &mut indexmap::IndexMap<String, T>, id: &str, index: usize) {
        if let Some(from) = map.get_index_of(id) {
            let to = index.min(map.len().saturating_sub(1));
            map.move_index(from, to);
        }
    }
    match inverse {
        Edit::RemovePerson(id) => shift(&mut ws.people, id, index),
        Edit::RemoveRole(id) => shift(&mut ws.roles, id, index),
        Edit::RemoveSodRule(id) => shift(&mut ws.sod_rules, id, index),
        Edit::RemoveActivity(id) => shift(&mut ws.activities, id, index),
        Edit::RemoveExclusion(id) => shift(&mut ws.exclusions, id, index),
        _ => {}
    }
}

// Higher-level edits shared by the workbench and the command line.

/// Marks `person` as having left on `date`, and (if `end_roles`) ends every
/// assignment they hold after that date on that date.
pub fn mark_left(
    ws: &Workspace,
    person: &str,
    date: Date,
    end_roles: bool,
) -> Result<Edit, EditError> {
    let mut p = ws
        .people
        .get(person)
        .cloned()
        .ok_or_else(|| EditError::NotFound {
            kind: "person",
            id: person.to_string(),
        })?;
    p.status = Status::Left;
    p.left = Some(date);
    // Said here rather than only when applied, so a form can show it.
    check_person_dates(&p)?;
    let mut edits = vec![Edit::PutPerson(p)];
    if end_roles {
        check_last_day(ws, person, date)?;
        for role in ws.roles.values() {
            let mut changed = role.clone();
            let mut any = false;
            for a in changed
                .assignments
                .iter_mut()
                .filter(|a| a.person == person)
            {
                if a.until.is_none_or(|u| u > date) && a.from.is_none_or(|f| f <= date) {
                    a.until = Some(date);
                    any = true;
                }
            }
            if any {
                edits.push(Edit::PutRole(changed));
            }
        }
    }
    Ok(Edit::Batch(edits))
}

/// Refuses `date` as `person`'s last day when one of their appointments
/// starts after it. Such an appointment cannot be ended on that day, and
/// leaving it open would make a leaver hold a role they never took up (an
/// appointment [`check_holder`] refuses to make).
pub fn check_last_day(ws: &Workspace, person: &str, date: Date) -> Result<(), EditError> {
    for role in ws.roles.values() {
        if let Some(from) = role
            .assignments
            .iter()
            .filter(|a| a.person == person && a.until.is_none_or(|u| u > date))
            .filter_map(|a| a.from)
            .find(|&f| f > date)
        {
            return Err(EditError::Dates(format!(
                "{person}'s assignment to {} starts on {from}, after the last day {date}: \
                 end or remove that assignment first, or check the date",
                role.id
            )));
        }
    }
    Ok(())
}

/// Removes repeats, keeping the first of each (`--by alice,alice`).
pub fn dedup_in_order(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.clone()));
}

/// Checks who signs off the register on `date`: at least one person, each
/// a named individual (not a team) in the organisation that day. A
/// sign-off is evidence for the auditor, so it must name people who could
/// give it.
pub fn check_signatories(ws: &Workspace, by: &[String], date: Date) -> Result<(), EditError> {
    if by.is_empty() {
        return Err(EditError::Signatory(
            "name at least one person who signed off".into(),
        ));
    }
    for id in by {
        let Some(p) = ws.people.get(id) else {
            return Err(EditError::NotFound {
                kind: "person",
                id: id.clone(),
            });
        };
        if p.kind == PersonKind::Group {
            return Err(EditError::Signatory(format!(
                "{id} is a group; a sign-off is given by named people"
            )));
        }
        if !p.is_active_on(date) {
            return Err(EditError::Signatory(format!(
                "{id} was not in the organisation on {date}"
            )));
        }
    }
    Ok(())
}

/// Checks that `a` appoints someone who can hold a role in that period: a
/// named individual, not a team (Clause 5.3 asks for a person to answer);
/// no earlier than they joined; and, for someone who has left, ending by
/// their last day. An appointment that breaks one of these is not history
/// to record but an error an auditor would raise at once, so no edit makes
/// one. `previous` is the assignment being edited: a record already on file
/// is only checked again when its holder or its dates change, so that its
/// evidence can still be filled in.
pub fn check_holder(
    ws: &Workspace,
    a: &Assignment,
    previous: Option<&Assignment>,
) -> Result<(), EditError> {
    // The same appointment with only its end moved? Then only the
    // leaver's last day matters: ending a team's appointment, or one that
    // began before a corrected join date, is how such a record gets fixed.
    let end_only = previous.is_some_and(|prev| prev.person == a.person && prev.from == a.from);
    if end_only && previous.is_some_and(|prev| prev.until == a.until) {
        return Ok(());
    }
    // A holder the register does not know is a finding
    // (people/unknown-person), which the user fixes in the app.
    let Some(p) = ws.people.get(&a.person) else {
        return Ok(());
    };
    let who = &a.person;
    if !end_only {
        if p.kind == PersonKind::Group {
            return Err(holder(
                "person",
                format!(
                    "{who} is a group; a role is held by a named individual: appoint one of its members"
                ),
            ));
        }
        if let (Some(j), Some(f)) = (p.joined, a.from)
            && f < j
        {
            return Err(holder(
                "from",
                format!("{who} joined on {j}; an appointment cannot start before that ({f})"),
            ));
        }
        match p.left {
            Some(l) if a.from.is_some_and(|f| f > l) => {
                return Err(holder(
                    "from",
                    format!("{who} left on {l}; an appointment cannot start after their last day"),
                ));
            }
            None if p.status == Status::Left => {
                return Err(holder(
                    "person",
                    format!(
                        "{who} has left; record their last day before changing their appointments"
                    ),
                ));
            }
            _ => {}
        }
    }
    match p.left {
        Some(l) if a.until.is_none_or(|u| u > l) => Err(holder(
            "until",
            format!("{who} left on {l}; give the appointment an end on or before that day"),
        )),
        _ => Ok(()),
    }
}

fn holder(field: &'static str, message: String) -> EditError {
    EditError::Holder { field, message }
}

/// Refuses a sign-off dated after `today`: it records a decision already
/// taken, and one dated ahead would not count until that day (the register
/// would go on reading as not signed off).
pub fn check_signoff_date(date: Date, today: Date) -> Result<(), EditError> {
    if date > today {
        return Err(EditError::Signatory(format!(
            "a sign-off records a decision already taken: {date} is after today ({today})"
        )));
    }
    Ok(())
}

/// The signatories who held no management review team role on `date`.
/// Not refused (a board member may sign in the chair's absence), but worth
/// saying: Clause 9.3 asks for top management's review.
pub fn signatories_outside_review_team(ws: &Workspace, by: &[String], date: Date) -> Vec<String> {
    by.iter()
        .filter(|id| {
            !ws.roles.values().any(|r| {
                matches!(r.category, Category::ReviewTeam | Category::TopManagement)
                    && r.assignments
                        .iter()
                        .any(|a| &a.person == *id && a.is_active_on(date))
            })
        })
        .cloned()
        .collect()
}

/// Adds an assignment to `role`; refused when the person already holds
/// the role for part of the same period, or cannot hold it then
/// ([`check_holder`]).
pub fn assign(ws: &Workspace, role: &str, assignment: Assignment) -> Result<Edit, EditError> {
    let mut r = ws
        .roles
        .get(role)
        .cloned()
        .ok_or_else(|| EditError::NotFound {
            kind: "role",
            id: role.to_string(),
        })?;
    check_holder(ws, &assignment, None)?;
    if let Some(other) = r.overlapping(&assignment, None) {
        return Err(EditError::Overlap {
            person: assignment.person.clone(),
            role: role.to_string(),
            since: other
                .from
                .map(|d| format!(" since {d}"))
                .unwrap_or_default(),
        });
    }
    r.assignments.push(assignment);
    Ok(Edit::PutRole(r))
}

/// Ends `person`'s assignments to `role` that are in force on `until`
/// (their last day becomes `until`). `None` when there is nothing to end.
pub fn unassign(
    ws: &Workspace,
    role: &str,
    person: &str,
    until: Date,
) -> Result<Option<Edit>, EditError> {
    let mut r = ws
        .roles
        .get(role)
        .cloned()
        .ok_or_else(|| EditError::NotFound {
            kind: "role",
            id: role.to_string(),
        })?;
    let mut any = false;
    for a in r
        .assignments
        .iter_mut()
        .filter(|a| a.person == person && a.is_active_on(until))
    {
        a.until = Some(until);
        any = true;
    }
    Ok(any.then_some(Edit::PutRole(r)))
}

/// Removes a role and every matrix cell that names it, as one step.
pub fn remove_role(ws: &Workspace, role: &str) -> Result<Edit, EditError> {
    if !ws.roles.contains_key(role) {
        return Err(EditError::NotFound {
            kind: "role",
            id: role.to_string(),
        });
    }
    let mut edits: Vec<Edit> = ws
        .matrix
        .rows
        .iter()
        .filter(|(_, row)| row.contains_key(role))
        .map(|(s, _)| Edit::SetCell {
            subject: s.clone(),
            role: role.to_string(),
            letter: None,
        })
        .collect();
    edits.push(Edit::RemoveRole(role.to_string()));
    Ok(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{clean, today};

    #[test]
    fn dates_the_files_would_refuse_are_refused_and_nothing_changes() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let mut ws = clean();
        let before = ws.clone();
        let mut p = ws.people["dep"].clone();
        p.joined = Some(d("2024-01-01"));
        p.left = Some(d("2023-12-31"));
        let e = apply(&mut ws, Edit::PutPerson(p)).unwrap_err();
        assert!(e.to_string().contains("before joining"), "{e}");
        let mut r = ws.roles["ism"].clone();
        r.assignments[0].until = Some(d("2023-12-31"));
        let e = apply(&mut ws, Edit::PutRole(r)).unwrap_err();
        assert!(e.to_string().contains("before it starts"), "{e}");
        assert_eq!(ws, before);
        // Nobody is their own manager (the loader refuses it too).
        let mut p = ws.people["dep"].clone();
        p.manager = Some("dep".into());
        let e = apply(&mut ws, Edit::PutPerson(p)).unwrap_err();
        assert!(e.to_string().contains("own manager"), "{e}");
        // On the boundaries (one day in post, one day employed) all is well.
        let mut p = ws.people["dep"].clone();
        p.joined = Some(d("2024-01-01"));
        p.left = Some(d("2024-01-01"));
        apply(&mut ws, Edit::PutPerson(p)).unwrap();
    }

    #[test]
    fn only_someone_in_the_organisation_then_can_be_appointed() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let mut ws = clean();
        let mut team = crate::sample::person("team", "IT team", "IT", None);
        team.kind = PersonKind::Group;
        let mut gone = crate::sample::person("gone", "Gone Person", "IT", None);
        gone.status = Status::Left;
        gone.left = Some(d("2026-09-30"));
        let mut undated = crate::sample::person("undated", "Left Undated", "IT", None);
        undated.status = Status::Left;
        for p in [team, gone, undated] {
            ws.people.insert(p.id.clone(), p);
        }
        let with = |person: &str, from: &str, until: Option<&str>| Assignment {
            person: person.into(),
            from: Some(d(from)),
            until: until.map(d),
            ..Assignment::default()
        };
        let refused = |a: Assignment, field: &str, words: &str| match assign(&ws, "ism", a) {
            Err(EditError::Holder { field: f, message }) => {
                assert_eq!(f, field, "{message}");
                assert!(message.contains(words), "{message}");
            }
            other => panic!("expected a refusal about {words}, got {other:?}"),
        };
        refused(with("team", "2026-11-27", None), "person", "is a group");
        refused(
            with("gone", "2026-11-27", None),
            "from",
            "left on 2026-09-30",
        );
        refused(
            with("gone", "2026-01-01", None),
            "until",
            "give the appointment an end",
        );
        refused(
            with("undated", "2026-01-01", Some("2026-02-01")),
            "person",
            "has left",
        );
        // `person` joined on 2020-01-01 (the sample).
        refused(
            with("dep", "2019-12-31", None),
            "from",
            "joined on 2020-01-01",
        );
        // Fires only past the edges: the day they joined, and a past
        // appointment that ended by the leaver's last day, are history.
        assert!(assign(&ws, "ism", with("dep", "2020-01-01", Some("2020-06-30"))).is_ok());
        assert!(assign(&ws, "ism", with("gone", "2026-01-01", Some("2026-09-30"))).is_ok());
        // A record already on file that breaks the rule (the finding says
        // so) can still have its evidence filled in; moving it is checked.
        let old = with("team", "2025-01-01", None);
        let mut evidenced = old.clone();
        evidenced.evidence = Some("minutes".into());
        assert!(check_holder(&ws, &evidenced, Some(&old)).is_ok());
        let mut moved = old.clone();
        moved.from = Some(d("2025-02-01"));
        assert!(check_holder(&ws, &moved, Some(&old)).is_err());
        // Ending it is how the record is fixed: allowed for the team...
        let mut ended = old.clone();
        ended.until = Some(today());
        assert!(check_holder(&ws, &ended, Some(&old)).is_ok());
        // ...and for a leaver only on or before their last day.
        let open = with("gone", "2026-01-01", None);
        let mut late = open.clone();
        late.until = Some(today());
        assert!(check_holder(&ws, &late, Some(&open)).is_err());
        let mut on_time = open.clone();
        on_time.until = Some(d("2026-09-30"));
        assert!(check_holder(&ws, &on_time, Some(&open)).is_ok());
    }

    #[test]
    fn a_signoff_is_dated_today_or_earlier_and_names_who_was_not_on_the_team() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert!(check_signoff_date(today(), today()).is_ok());
        assert!(check_signoff_date(d("2026-10-01"), today()).is_ok());
        let e = check_signoff_date(d("2026-11-28"), today()).unwrap_err();
        assert!(e.to_string().contains("after today"), "{e}");
        let ws = clean();
        // ceo holds top management, ism the review team; dep holds neither.
        let by: Vec<String> = ["ceo", "dep"].map(String::from).to_vec();
        assert_eq!(
            signatories_outside_review_team(&ws, &by, today()),
            ["dep".to_string()]
        );
    }

    #[test]
    fn leaving_before_an_appointment_starts_is_refused_not_left_open() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let ws = clean();
        // The clean register's appointments start on 2024-01-01.
        let e = mark_left(&ws, "ism", d("2023-06-30"), true).unwrap_err();
        assert!(e.to_string().contains("starts on 2024-01-01"), "{e}");
        // Keeping the roles is the user's explicit choice.
        assert!(mark_left(&ws, "ism", d("2023-06-30"), false).is_ok());
        // On or after the start, every appointment in force ends that day.
        let Edit::Batch(edits) = mark_left(&ws, "ism", d("2024-01-01"), true).unwrap() else {
            panic!("a batch");
        };
        assert!(edits.len() > 1);
    }

    fn roundtrip(edit: Edit) {
        let mut ws = clean();
        let before = ws.clone();
        let inverse = apply(&mut ws, edit.clone()).unwrap();
        assert_ne!(ws, before, "{edit:?} changed nothing");
        let redo = apply(&mut ws, inverse).unwrap();
        assert_eq!(ws, before);
        // Order matters for the files: undo restores positions exactly.
        assert_eq!(
            ws.people.keys().collect::<Vec<_>>(),
            before.people.keys().collect::<Vec<_>>()
        );
        assert_eq!(
            ws.roles.keys().collect::<Vec<_>>(),
            before.roles.keys().collect::<Vec<_>>()
        );
        apply(&mut ws, redo).unwrap();
    }

    #[test]
    fn every_edit_undoes_exactly() {
        let ws = clean();
        let mut p = ws.people["aud"].clone();
        p.mfa = false;
        let mut r = ws.roles["audit"].clone();
        r.name = "Renamed".into();
        for e in [
            Edit::SetCell {
                subject: "A.5.1".into(),
                role: "audit".into(),
                letter: Some(Letter::C),
            },
            Edit::SetCell {
                subject: "A.5.1".into(),
                role: "ism".into(),
                letter: None,
            },
            Edit::PutPerson(p),
            Edit::PutPerson(crate::sample::person("new", "New Person", "Board", None)),
            Edit::RemovePerson("ism".into()),
            Edit::PutRole(r),
            Edit::RemoveRole("review".into()),
            Edit::SetSettings(Settings {
                review_interval_days: 180,
                ..Settings::default()
            }),
            mark_left(&ws, "ism", today(), true).unwrap(),
            remove_role(&ws, "incident").unwrap(),
            assign(
                &ws,
                "audit",
                Assignment {
                    person: "coo".into(),
                    ..Assignment::default()
                },
            )
            .unwrap(),
            unassign(&ws, "audit", "aud", today()).unwrap().unwrap(),
        ] {
            roundtrip(e);
        }
    }

    #[test]
    fn a_second_overlapping_assignment_is_refused() {
        let ws = clean();
        // "ism" holds ism since 2024-01-01, open-ended.
        let again = Assignment {
            person: "ism".into(),
            from: Some(today()),
            ..Assignment::default()
        };
        assert!(matches!(
            assign(&ws, "ism", again),
            Err(EditError::Overlap { .. })
        ));
        // A later spell after the first one ended is fine.
        let mut ended = ws.clone();
        ended.roles.get_mut("ism").unwrap().assignments[0].until = Some(today());
        let later = Assignment {
            person: "ism".into(),
            from: Some(today().add_days(1)),
            ..Assignment::default()
        };
        assert!(assign(&ended, "ism", later).is_ok());
        // Someone else can hold it at the same time.
        let other = Assignment {
            person: "coo".into(),
            from: Some(today()),
            ..Assignment::default()
        };
        assert!(assign(&ws, "ism", other).is_ok());
    }

    #[test]
    fn a_failing_batch_changes_nothing() {
        let mut ws = clean();
        let before = ws.clone();
        let err = apply(
            &mut ws,
            Edit::Batch(vec![
                Edit::SetCell {
                    subject: "A.5.1".into(),
                    role: "audit".into(),
                    letter: Some(Letter::C),
                },
                Edit::RemovePerson("nobody".into()),
            ]),
        );
        assert!(err.is_err());
        assert_eq!(ws, before);
    }

    #[test]
    fn invalid_ids_are_refused() {
        let mut ws = clean();
        let bad = crate::sample::person("not valid", "X", "Board", None);
        assert!(matches!(
            apply(&mut ws, Edit::PutPerson(bad)),
            Err(EditError::InvalidId(_))
        ));
    }

    #[test]
    fn a_segregation_rule_naming_one_id_twice_is_refused_and_changes_nothing() {
        let mut ws = clean();
        let before = ws.clone();
        let rule = SodRule {
            id: "self".into(),
            pair: SodPair::Roles(["ism".into(), "ism".into()]),
            severity: Severity::Error,
            reason: String::new(),
        };
        let err = apply(&mut ws, Edit::PutSodRule(rule.clone())).unwrap_err();
        assert!(err.to_string().contains("names `ism` twice"), "{err}");
        assert_eq!(ws, before);
        let apart = SodRule {
            pair: SodPair::Roles(["ism".into(), "audit".into()]),
            ..rule
        };
        apply(&mut ws, Edit::PutSodRule(apart)).unwrap();
    }

    #[test]
    fn marking_a_leaver_ends_their_roles() {
        let mut ws = clean();
        let e = mark_left(&ws, "aud", today(), true).unwrap();
        apply(&mut ws, e).unwrap();
        assert!(
            !ws.people["aud"].has_left_by(today()),
            "the date is their last day"
        );
        assert!(ws.people["aud"].has_left_by(today().add_days(1)));
        assert_eq!(ws.roles["audit"].assignments[0].until, Some(today()));
        let f = crate::rules::findings(&ws, today().add_days(1));
        assert!(f.iter().all(|f| f.rule != "people/leaver-holds-role"));
    }

    #[test]
    fn removing_a_role_clears_its_cells() {
        let mut ws = clean();
        let e = remove_role(&ws, "incident").unwrap();
        apply(&mut ws, e).unwrap();
        assert!(ws.matrix.rows.values().all(|r| !r.contains_key("incident")));
    }
}
