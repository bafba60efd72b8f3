//! What follows from a leave or a handover, before it is saved: a pure
//! query over the register as it is and as it would be, shared by
//! `rasci leave`, `rasci handover` and the workbench's leaver dialog.

use serde::Serialize;

use crate::edit::{self, Edit, EditError};
use crate::model::{Date, Letter, Person, Workspace};

/// One appointment that ends or starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appointment {
    pub role: String,
    pub role_name: String,
    pub person: String,
}

/// A deputyship or sponsorship of the leaver on someone else's appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stand {
    pub role: String,
    /// The holder of the appointment.
    pub holder: String,
    /// `deputy` or `sponsor`.
    pub what: &'static str,
    /// Who it is from the day after: the successor, or still the leaver.
    pub becomes: String,
}

/// A required competency the successor does not hold (or not valid) on
/// their first day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub role: String,
    pub person: String,
    pub competency: String,
    /// `missing`, `expired` or `not yet achieved`.
    pub why: &'static str,
}

/// Everything that follows, seen from the first day after the last day.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Consequences {
    pub person: String,
    pub last_day: Date,
    /// Appointments that end on the last day.
    pub ending: Vec<Appointment>,
    /// Appointments that start the day after (a successor's).
    pub starting: Vec<Appointment>,
    /// Roles that had a holder and will have none.
    pub vacant: Vec<String>,
    /// Subjects whose Accountable role becomes vacant: (subject, role).
    pub lose_accountable: Vec<(String, String)>,
    /// The leaver's deputyships and sponsorships on appointments that go on.
    pub stands: Vec<Stand>,
    /// People whose line manager this is.
    pub reports: Vec<String>,
    /// The successor's missing competencies.
    pub gaps: Vec<Gap>,
    /// What a handover left where it was, and why.
    pub kept: Vec<String>,
    /// A word about a last day far from today.
    pub date_note: Option<String>,
}

impl Consequences {
    /// Nothing follows but the person's own record.
    pub fn is_quiet(&self) -> bool {
        self.ending.is_empty()
            && self.starting.is_empty()
            && self.stands.is_empty()
            && self.reports.is_empty()
    }

    /// The consequences as plain lines (unsanitised register text: the
    /// caller strips control characters before printing).
    pub fn lines(&self, ws: &Workspace) -> Vec<String> {
        let name = |id: &str| {
            ws.people
                .get(id)
                .map_or(id.to_string(), |p| format!("{} ({id})", p.display_name()))
        };
        let mut out = Vec::new();
        if let Some(n) = &self.date_note {
            out.push(format!("Note: {n}"));
        }
        let list = |out: &mut Vec<String>, head: String, items: Vec<String>| {
            if !items.is_empty() {
                out.push(head);
                out.extend(items.into_iter().map(|i| format!("  {i}")));
            }
        };
        let day = self.last_day;
        let next = day.add_days(1);
        list(
            &mut out,
            format!("Ending on {day}:"),
            self.ending
                .iter()
                .map(|a| format!("{} as {} ({})", name(&a.person), a.role_name, a.role))
                .collect(),
        );
        list(
            &mut out,
            format!("Starting on {next}:"),
            self.starting
                .iter()
                .map(|a| format!("{} as {} ({})", name(&a.person), a.role_name, a.role))
                .collect(),
        );
        list(
            &mut out,
            format!("Vacant from {next}:"),
            self.vacant.clone(),
        );
        list(
            &mut out,
            "Losing their Accountable:".into(),
            self.lose_accountable
                .iter()
                .map(|(s, r)| match crate::catalogue::subject(ws, s) {
                    Some(sub) => format!("{s} {} (A: {r})", sub.title),
                    None => format!("{s} (A: {r})"),
                })
                .collect(),
        );
        list(
            &mut out,
            "Deputyships and sponsorships:".into(),
            self.stands
                .iter()
                .map(|s| {
                    let to = if s.becomes == self.person {
                        "stays with the leaver: name another".to_string()
                    } else {
                        format!("goes to {}", name(&s.becomes))
                    };
                    format!("{} for {} on {}: {to}", s.what, name(&s.holder), s.role)
                })
                .collect(),
        );
        list(
            &mut out,
            "Their manager leaves:".into(),
            self.reports.iter().map(|r| name(r)).collect(),
        );
        list(
            &mut out,
            "Successor's missing competencies:".into(),
            self.gaps
                .iter()
                .map(|g| {
                    format!(
                        "{} for {}: {} ({})",
                        name(&g.person),
                        g.role,
                        g.competency,
                        g.why
                    )
                })
                .collect(),
        );
        list(&mut out, "Not moved:".into(), self.kept.clone());
        if self.is_quiet() {
            out.push("Nothing else changes: they hold no role, deputyship or sponsorship.".into());
        }
        out
    }
}

/// A word about a last day far from `today`: more than 90 days before
/// (a late record, or a typo in the year) or more than a year after.
pub fn last_day_note(date: Date, today: Date) -> Option<String> {
    let ago = date.days_until(today);
    if ago > 90 {
        Some(format!(
            "{date} is {ago} days before today ({today}); check the year"
        ))
    } else if ago < -365 {
        Some(format!(
            "{date} is more than a year after today ({today}); check the year"
        ))
    } else {
        None
    }
}

/// What follows when `person` leaves on `date` (ending their roles unless
/// `keep_roles`), and hands over to `successor` if one is named (all
/// roles, or `roles`). Errors are those the edit itself would refuse.
pub fn leave_consequences(
    ws: &Workspace,
    person: &str,
    date: Date,
    today: Date,
    keep_roles: bool,
    successor: Option<&str>,
    roles: &[String],
) -> Result<(Edit, Consequences), EditError> {
    let (edit, kept) = match successor {
        Some(to) => {
            let h = edit::leave_and_hand_over(ws, person, date, to, roles)?;
            (h.edit, h.kept)
        }
        None => (edit::mark_left(ws, person, date, !keep_roles)?, Vec::new()),
    };
    let c = consequences(ws, &edit, person, date, today, kept)?;
    Ok((edit, c))
}

/// What follows when `from` hands over to `to` on `date` (staying in the
/// organisation).
pub fn handover_consequences(
    ws: &Workspace,
    from: &str,
    to: &str,
    roles: &[String],
    date: Date,
    today: Date,
) -> Result<(Edit, Consequences), EditError> {
    let h = edit::handover(ws, from, to, roles, date)?;
    let mut c = consequences(ws, &h.edit, from, date, today, h.kept)?;
    // A mover's reports keep their manager.
    c.reports.clear();
    Ok((h.edit, c))
}

/// Compares the register before and after `edit` on the day after `date`.
fn consequences(
    ws: &Workspace,
    edit: &Edit,
    person: &str,
    date: Date,
    today: Date,
    kept: Vec<String>,
) -> Result<Consequences, EditError> {
    let mut after = ws.clone();
    edit::apply(&mut after, edit.clone())?;
    let next = date.add_days(1);
    let mut c = Consequences {
        person: person.to_string(),
        last_day: date,
        kept,
        date_note: last_day_note(date, today),
        ..Consequences::default()
    };
    for (id, role) in &ws.roles {
        let new = after.roles.get(id).unwrap_or(role);
        let appointment = |p: &str| Appointment {
            role: id.clone(),
            role_name: role.display_name().to_string(),
            person: p.to_string(),
        };
        let held = |r: &crate::model::Role, p: &str| {
            r.assignments
                .iter()
                .any(|a| a.person == p && a.is_active_on(next))
        };
        if held(role, person) && !held(new, person) {
            c.ending.push(appointment(person));
        }
        for a in new.assignments.iter().filter(|a| a.is_active_on(next)) {
            if !held(role, &a.person)
                && !c
                    .starting
                    .iter()
                    .any(|s| s.role == *id && s.person == a.person)
            {
                c.starting.push(appointment(&a.person));
                if let Some(p) = after.people.get(&a.person) {
                    gaps(&mut c.gaps, role, p, next);
                }
            }
        }
        let holders = |r: &crate::model::Role, w: &Workspace| {
            r.active_assignments(next)
                .filter(|a| w.people.get(&a.person).is_none_or(|p| p.is_active_on(next)))
                .count()
        };
        if holders(role, ws) > 0 && holders(new, &after) == 0 {
            c.vacant.push(format!("{} ({id})", role.display_name()));
            for (subject, row) in &ws.matrix.rows {
                if row.get(id).is_some_and(|l| l.counts_as(Letter::A))
                    && !ws.exclusions.contains_key(subject)
                {
                    c.lose_accountable.push((subject.clone(), id.clone()));
                }
            }
        }
        for (i, a) in role.assignments.iter().enumerate() {
            if a.person == person || a.until.is_some_and(|u| u <= date) {
                continue;
            }
            let now = new.assignments.get(i).unwrap_or(a);
            for (what, was, becomes) in [
                ("deputy", &a.deputy, &now.deputy),
                ("sponsor", &a.sponsor, &now.sponsor),
            ] {
                if was.as_deref() == Some(person) {
                    c.stands.push(Stand {
                        role: id.clone(),
                        holder: a.person.clone(),
                        what,
                        becomes: becomes.clone().unwrap_or_default(),
                    });
                }
            }
        }
    }
    c.reports = ws
        .people
        .values()
        .filter(|p| p.manager.as_deref() == Some(person) && p.is_active_on(next))
        .map(|p| p.id.clone())
        .collect();
    Ok(c)
}

fn gaps(out: &mut Vec<Gap>, role: &crate::model::Role, p: &Person, on: Date) {
    for id in &role.competencies {
        // The record that counts on the day, as the competence rules
        // choose it among renewals.
        let why = match crate::rules::CompetenceStatus::of(p, id, on, 0) {
            crate::rules::CompetenceStatus::Missing => "missing",
            crate::rules::CompetenceStatus::NotYet(_) => "not yet achieved",
            crate::rules::CompetenceStatus::Expired(_) => "expired",
            crate::rules::CompetenceStatus::Held { .. }
            | crate::rules::CompetenceStatus::Expiring { .. } => continue,
        };
        out.push(Gap {
            role: role.id.clone(),
            person: p.id.clone(),
            competency: id.clone(),
            why,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{clean, today};

    #[test]
    fn a_leave_names_what_ends_what_falls_vacant_and_who_is_affected() {
        let ws = clean();
        let (_, c) = leave_consequences(&ws, "ism", today(), today(), false, None, &[]).unwrap();
        let ending: Vec<&str> = c.ending.iter().map(|a| a.role.as_str()).collect();
        assert_eq!(ending, ["ism", "review"]);
        assert_eq!(c.vacant, ["Role ism (ism)"]);
        assert!(
            c.lose_accountable.iter().all(|(_, r)| r == "ism") && !c.lose_accountable.is_empty(),
            "{:?}",
            c.lose_accountable
        );
        // ism deputises for dep on incident; dep reports to ism.
        assert_eq!(c.stands.len(), 1);
        assert_eq!(c.stands[0].becomes, "ism", "nobody took it over");
        assert_eq!(c.reports, ["dep"]);
        assert_eq!(c.date_note, None);
        // Keeping the roles: nothing ends, but a leaver holds no role in
        // practice, so the role is vacant all the same.
        let (_, kept) = leave_consequences(&ws, "ism", today(), today(), true, None, &[]).unwrap();
        assert!(kept.ending.is_empty());
        assert_eq!(kept.vacant, c.vacant);
    }

    #[test]
    fn a_handover_names_what_starts_and_the_successors_gaps() {
        let mut ws = clean();
        ws.roles.get_mut("ism").unwrap().competencies = vec!["lead-implementer".into()];
        let (_, c) =
            leave_consequences(&ws, "ism", today(), today(), false, Some("coo"), &[]).unwrap();
        let starting: Vec<(&str, &str)> = c
            .starting
            .iter()
            .map(|a| (a.role.as_str(), a.person.as_str()))
            .collect();
        assert_eq!(starting, [("ism", "coo"), ("review", "coo")]);
        assert!(c.vacant.is_empty(), "{:?}", c.vacant);
        assert_eq!(c.stands[0].becomes, "coo");
        assert_eq!(c.gaps.len(), 1);
        assert_eq!(c.gaps[0].competency, "lead-implementer");
        assert_eq!(c.gaps[0].why, "missing");
    }

    #[test]
    fn a_last_day_far_from_today_gets_a_word() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(last_day_note(today(), today()), None);
        assert_eq!(last_day_note(d("2026-09-01"), today()), None);
        assert!(
            last_day_note(d("2016-11-27"), today())
                .unwrap()
                .contains("days before")
        );
        assert!(
            last_day_note(d("2036-11-27"), today())
                .unwrap()
                .contains("after today")
        );
    }
}
