//! The records of a file against the register: who joins, who moves, who
//! leaves (and what they still hold), and the edits that record it.
//!
//! Matching a row to a person in the register, in order:
//! 1. the email address, ignoring case;
//! 2. the `id` column, against register ids;
//! 3. the employee number, against register ids (for registers that use
//!    employee numbers as ids; the number itself is not stored).
//!
//! A manager reference is resolved by email (register and file), register
//! id, employee number or export record id (Okta `id`, Entra `objectId`) of
//! a row in the file, and last by an exact, unique full name (also written
//! `Last, First`).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{Activity, Problem, Record, Sheet};
use crate::edit::{self, Edit};
use crate::model::{Date, Person, PersonKind, Status, Workspace};
use crate::store::schema::{is_valid_id, slugify};

/// What the plan is evaluated against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanOptions {
    /// The date the register is evaluated on (`--as-of`, else today).
    pub as_of: Date,
    /// People in the register who are missing from the file have left.
    pub absent_means_left: bool,
}

/// One changed value of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub field: &'static str,
    pub old: Option<String>,
    pub new: String,
}

/// A new person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Joiner {
    pub line: u64,
    /// The record as it will be written.
    #[serde(flatten)]
    pub person: Person,
}

/// A person whose record changes: a mover (department, title or manager)
/// or another update (name, email, site, joining date).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mover {
    pub line: u64,
    pub id: String,
    pub name: String,
    pub changes: Vec<Change>,
    /// The record as it will be written.
    #[serde(skip)]
    pub person: Person,
}

/// Why someone is taken to have left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeavingReason {
    /// Their row says terminated, inactive or disabled.
    Status,
    /// Their row has a termination date.
    TerminationDate,
    /// They are not in the file (`--absent-means-left`).
    Absent,
}

impl LeavingReason {
    pub fn describe(self) -> &'static str {
        match self {
            LeavingReason::Status => "inactive in the file",
            LeavingReason::TerminationDate => "terminated in the file",
            LeavingReason::Absent => "not in the file",
        }
    }
}

/// A role a leaver holds (or deputises in) on the evaluation date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldRole {
    pub role: String,
    pub name: String,
    pub from: Option<Date>,
    pub until: Option<Date>,
    /// For deputyships: whom they deputise for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
}

/// Someone who leaves: their record is kept, marked left on `left`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leaver {
    /// Their row in the file (none for `--absent-means-left`).
    pub line: Option<u64>,
    pub id: String,
    pub name: String,
    /// The last working day recorded.
    pub left: Date,
    pub reason: LeavingReason,
    /// The last day is on or after the evaluation date: a planned leaver.
    pub planned: bool,
    /// Assignments in force on the evaluation date: once they have left,
    /// each raises `people/leaver-holds-role` until it is reassigned.
    pub roles: Vec<HeldRole>,
    /// Assignments in force where they are the deputy
    /// (`people/leaver-is-deputy`).
    pub deputy_for: Vec<HeldRole>,
}

/// With `--absent-means-left`: how many people are in the organisation on
/// the evaluation date (not groups, nobody who has left or is yet to join),
/// and how many of them the file does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Absence {
    pub missing: usize,
    pub in_organisation: usize,
}

impl Absence {
    /// More than a fifth of the organisation missing from the file is far
    /// more likely a partial export than a mass departure: `--apply`
    /// refuses it unless `--force` is given, and the preview says so.
    pub fn needs_force(&self) -> bool {
        self.missing > 0 && self.missing * 5 > self.in_organisation
    }

    /// "38 of the 42 people in the organisation are missing from `file`".
    pub fn describe(&self, file: &str) -> String {
        format!(
            "{} of the {} people in the organisation are missing from {file}",
            self.missing, self.in_organisation
        )
    }
}

/// What an import would do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub as_of: Date,
    pub joiners: Vec<Joiner>,
    pub movers: Vec<Mover>,
    pub updated: Vec<Mover>,
    pub leavers: Vec<Leaver>,
    /// Rows whose person is in the register and needs no change (including
    /// people already recorded as left, and groups).
    pub unchanged: usize,
    /// Rows of people who have left and were never in the register.
    pub ignored: usize,
    /// The file's problems and the plan's, by line.
    pub problems: Vec<Problem>,
    /// With `--absent-means-left`: who is missing from the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub absence: Option<Absence>,
}

impl Plan {
    /// Nothing to write.
    pub fn is_empty(&self) -> bool {
        self.joiners.is_empty()
            && self.movers.is_empty()
            && self.updated.is_empty()
            && self.leavers.is_empty()
    }

    /// Set when `--apply` must refuse the plan without `--force` (see
    /// [`Absence::needs_force`]): the one test for the preview and the
    /// import.
    pub fn needs_force(&self) -> Option<Absence> {
        self.absence.filter(Absence::needs_force)
    }

    /// The plan as one undoable edit: joiners and changed records put
    /// whole, leavers marked left with their assignments kept. `None` when
    /// there is nothing to do. `ws` must be the register the plan was made
    /// from.
    pub fn edit(&self, ws: &Workspace) -> Option<Edit> {
        let mut edits: Vec<Edit> = Vec::new();
        edits.extend(
            self.joiners
                .iter()
                .map(|j| Edit::PutPerson(j.person.clone())),
        );
        edits.extend(
            self.movers
                .iter()
                .chain(&self.updated)
                .map(|m| Edit::PutPerson(m.person.clone())),
        );
        for l in &self.leavers {
            // Leavers the register refuses are problems in the plan, not
            // leavers, so on the plan's own register this never fails.
            match mark_leaver(ws, &l.id, l.left) {
                Ok(Edit::Batch(inner)) => edits.extend(inner),
                Ok(other) => edits.push(other),
                Err(_) => {}
            }
        }
        (!edits.is_empty()).then_some(Edit::Batch(edits))
    }

    /// How many assignments the leavers still hold.
    pub fn held_roles(&self) -> usize {
        self.leavers.iter().map(|l| l.roles.len()).sum()
    }
}

/// Marks a leaver as `rasci leave` would, keeping their assignments, and
/// refused for the same reasons: dates the register cannot hold, or an
/// appointment that starts after the last day ([`edit::check_last_day`]).
/// The plan calls it for every leaver, so that the preview lists as
/// leavers exactly the people `--apply` marks.
fn mark_leaver(ws: &Workspace, id: &str, left: Date) -> Result<Edit, edit::EditError> {
    let e = edit::mark_left(ws, id, left, false)?;
    edit::check_last_day(ws, id, left)?;
    Ok(e)
}

/// What a row says about leaving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaving {
    No,
    Yes(Date, LeavingReason),
}

/// Reads the leaving information of a row. A disabled account without a
/// date is gone on the evaluation date, so its last day is the day before
/// (or the day before its status changed, if the file says when).
fn leaving(rec: &Record, as_of: Date) -> Result<Leaving, String> {
    let rehired = |left: Date| rec.joined.is_some_and(|j| j > left);
    Ok(match (rec.status, rec.left) {
        (Some(Activity::Left), Some(d)) => Leaving::Yes(d, LeavingReason::TerminationDate),
        (Some(Activity::Left), None) => {
            let gone = rec.status_changed.map_or(as_of, |d| d.min(as_of));
            Leaving::Yes(gone.add_days(-1), LeavingReason::Status)
        }
        (_, Some(d)) if rehired(d) => Leaving::No,
        (None, Some(d)) => Leaving::Yes(d, LeavingReason::TerminationDate),
        (Some(Activity::Active), Some(d)) if d >= as_of => {
            Leaving::Yes(d, LeavingReason::TerminationDate)
        }
        (Some(Activity::Active), Some(d)) => {
            return Err(format!(
                "the row says active but its termination date {d} has passed; the row was not imported"
            ));
        }
        (_, None) => Leaving::No,
    })
}

/// Where a row goes.
#[derive(Debug, Clone)]
enum Target {
    Existing(String),
    New(String),
}

fn lower(s: &str) -> String {
    s.trim().to_lowercase()
}

/// A fresh id: the row's `id` if valid and free, else from the email's
/// local part or the name (slugified, dots as dashes), with `-2`, `-3` ...
/// until it is free.
fn new_id(rec: &Record, taken: &HashSet<String>) -> String {
    if let Some(id) = rec.id.as_deref()
        && is_valid_id(id)
        && !taken.contains(id)
    {
        return id.to_string();
    }
    // Dots would make every TOML key a quoted one: `noah-fairfax`, not
    // `noah.fairfax`.
    let base = rec
        .email
        .as_deref()
        .and_then(|e| e.split('@').next())
        .filter(|l| !l.is_empty())
        .or(rec.name.as_deref())
        .map_or_else(|| "person".to_string(), |s| slugify(&s.replace('.', " ")));
    if !taken.contains(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken.contains(c))
        .expect("an unused suffix exists")
}

/// Looks people up by what a manager column may hold.
struct Directory<'a> {
    ws: &'a Workspace,
    email: HashMap<String, String>,
    number: HashMap<String, String>,
    external: HashMap<String, String>,
    name: HashMap<String, Vec<String>>,
}

impl Directory<'_> {
    fn add_name(&mut self, name: &str, id: &str) {
        let ids = self.name.entry(lower(name)).or_default();
        if !ids.iter().any(|i| i == id) {
            ids.push(id.to_string());
        }
    }

    fn resolve(&self, reference: &str) -> Option<String> {
        let r = reference.trim();
        if r.contains('@') {
            return self.email.get(&lower(r)).cloned();
        }
        if self.ws.people.contains_key(r) {
            return Some(r.to_string());
        }
        if let Some(id) = self.number.get(r).or_else(|| self.external.get(r)) {
            return Some(id.clone());
        }
        let by_name = |n: &str| match self.name.get(&lower(n)).map(Vec::as_slice) {
            Some([one]) => Some(one.clone()),
            _ => None,
        };
        by_name(r).or_else(|| {
            let (last, first) = r.split_once(',')?;
            by_name(&format!("{} {}", first.trim(), last.trim()))
        })
    }
}

fn note(
    problems: &mut Vec<Problem>,
    line: u64,
    column: Option<&str>,
    message: String,
    skipped: bool,
) {
    problems.push(Problem {
        line: Some(line),
        column: column.map(str::to_string),
        message,
        skipped,
    });
}

/// Compares a row with the register and says what would change.
pub fn plan(ws: &Workspace, sheet: &Sheet, opts: &PlanOptions) -> Plan {
    let as_of = opts.as_of;
    let mut problems = sheet.problems.clone();

    let mut by_email: HashMap<String, String> = HashMap::new();
    for p in ws.people.values() {
        if let Some(e) = p.email.as_deref().filter(|e| !e.trim().is_empty()) {
            by_email.entry(lower(e)).or_insert_with(|| p.id.clone());
        }
    }
    let find = |rec: &Record| -> Option<String> {
        rec.email
            .as_deref()
            .and_then(|e| by_email.get(&lower(e)).cloned())
            .or_else(|| rec.id.clone().filter(|id| ws.people.contains_key(id)))
            .or_else(|| {
                rec.employee_number
                    .clone()
                    .filter(|n| ws.people.contains_key(n))
            })
    };

    // 1. Match every row to a person, or give it a new id.
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut taken: HashSet<String> = ws.people.keys().cloned().collect();
    let mut new_emails: HashMap<String, u64> = HashMap::new();
    let mut rows: Vec<(&Record, Target, Leaving)> = Vec::new();
    let mut ignored = 0;
    for rec in &sheet.records {
        let leave = match leaving(rec, as_of) {
            Ok(l) => l,
            Err(message) => {
                note(&mut problems, rec.line, None, message, true);
                if let Some(id) = find(rec) {
                    seen.entry(id).or_insert(rec.line);
                }
                continue;
            }
        };
        if let Some(id) = find(rec) {
            if let Some(first) = seen.get(&id) {
                note(
                    &mut problems,
                    rec.line,
                    None,
                    format!("the same person ({id}) as line {first}; the row was not imported"),
                    true,
                );
                continue;
            }
            seen.insert(id.clone(), rec.line);
            rows.push((rec, Target::Existing(id), leave));
            continue;
        }
        if let Leaving::Yes(d, _) = leave
            && d < as_of
        {
            // Gone, and never in the register: nothing to record.
            ignored += 1;
            continue;
        }
        if let Some(e) = rec.email.as_deref() {
            if let Some(first) = new_emails.get(&lower(e)) {
                note(
                    &mut problems,
                    rec.line,
                    None,
                    format!("the same email address as line {first}; the row was not imported"),
                    true,
                );
                continue;
            }
            new_emails.insert(lower(e), rec.line);
        }
        let id = new_id(rec, &taken);
        taken.insert(id.clone());
        rows.push((rec, Target::New(id), leave));
    }
    // Skipped rows are still in the file: never "absent".
    for rec in &sheet.unread {
        if let Some(id) = find(rec) {
            seen.entry(id).or_insert(rec.line);
        }
    }

    // 2. Everyone a manager column could name.
    let mut dir = Directory {
        ws,
        email: by_email.clone(),
        number: HashMap::new(),
        external: HashMap::new(),
        name: HashMap::new(),
    };
    for p in ws.people.values() {
        if !p.name.is_empty() {
            dir.add_name(&p.name, &p.id);
        }
    }
    for (rec, target, _) in &rows {
        let id = match target {
            Target::Existing(id) | Target::New(id) => id,
        };
        if let Some(e) = &rec.email {
            dir.email.entry(lower(e)).or_insert_with(|| id.clone());
        }
        if let Some(n) = &rec.employee_number {
            dir.number.entry(n.clone()).or_insert_with(|| id.clone());
        }
        if let Some(x) = &rec.external_id {
            dir.external.entry(x.clone()).or_insert_with(|| id.clone());
        }
        if let Some(n) = &rec.name {
            dir.add_name(n, id);
        }
    }
    let manager_of = |rec: &Record, id: &str, problems: &mut Vec<Problem>| {
        let reference = rec.manager.as_deref()?;
        match dir.resolve(reference) {
            Some(m) if m == id => {
                note(
                    problems,
                    rec.line,
                    rec.manager_column.as_deref(),
                    format!(
                        "the manager `{reference}` is the person themselves; the manager was left unchanged"
                    ),
                    false,
                );
                None
            }
            Some(m) => Some(m),
            None => {
                note(
                    problems,
                    rec.line,
                    rec.manager_column.as_deref(),
                    format!(
                        "the manager `{reference}` matches nobody in the register or the file; the manager was left unchanged"
                    ),
                    false,
                );
                None
            }
        }
    };

    // 3. What happens to each.
    let mut joiners = Vec::new();
    let mut movers = Vec::new();
    let mut updated = Vec::new();
    let mut leavers = Vec::new();
    let mut unchanged = 0;
    for (rec, target, leave) in &rows {
        match target {
            Target::Existing(id) => {
                let old = &ws.people[id];
                // Already recorded as leaving (planned leavers included):
                // the register is not second-guessed.
                let already_left = old.status == Status::Left || old.has_left_by(as_of);
                if already_left {
                    if old.has_left_by(as_of)
                        && *leave == Leaving::No
                        && rec.status == Some(Activity::Active)
                    {
                        let when = old.left.map(|d| format!(" on {d}")).unwrap_or_default();
                        note(
                            &mut problems,
                            rec.line,
                            None,
                            format!(
                                "{id} is recorded as left{when} but is active in the file; not changed (if they came back, update their record by hand)"
                            ),
                            false,
                        );
                    }
                    unchanged += 1;
                    continue;
                }
                if let Leaving::Yes(date, reason) = *leave {
                    if old.kind == PersonKind::Group {
                        // Shared mailboxes are disabled accounts: never leavers.
                        unchanged += 1;
                    } else if let Err(e) = mark_leaver(ws, id, date) {
                        note(
                            &mut problems,
                            rec.line,
                            None,
                            format!(
                                "{} ({id}) was not marked as left: {e}; the row was not imported",
                                old.display_name()
                            ),
                            true,
                        );
                    } else {
                        leavers.push(leaver(ws, old, Some(rec.line), date, reason, as_of));
                    }
                    continue;
                }
                let manager = manager_of(rec, id, &mut problems);
                let mut new = old.clone();
                let mut moves = Vec::new();
                let mut others = Vec::new();
                let set = |field: &'static str,
                           slot: &mut Option<String>,
                           value: Option<&String>,
                           list: &mut Vec<Change>| {
                    if let Some(v) = value
                        && slot.as_deref() != Some(v.as_str())
                    {
                        list.push(Change {
                            field,
                            old: slot.clone(),
                            new: v.clone(),
                        });
                        *slot = Some(v.clone());
                    }
                };
                set("title", &mut new.title, rec.title.as_ref(), &mut moves);
                set(
                    "department",
                    &mut new.department,
                    rec.department.as_ref(),
                    &mut moves,
                );
                set("manager", &mut new.manager, manager.as_ref(), &mut moves);
                if let Some(n) = &rec.name
                    && *n != new.name
                {
                    others.push(Change {
                        field: "name",
                        old: Some(new.name.clone()).filter(|s| !s.is_empty()),
                        new: n.clone(),
                    });
                    new.name = n.clone();
                }
                if let Some(e) = &rec.email
                    && new.email.as_deref().map(lower) != Some(lower(e))
                {
                    others.push(Change {
                        field: "email",
                        old: new.email.clone(),
                        new: e.clone(),
                    });
                    new.email = Some(e.clone());
                }
                set("site", &mut new.site, rec.site.as_ref(), &mut others);
                if let Some(j) = rec.joined
                    && new.joined != Some(j)
                {
                    others.push(Change {
                        field: "joined",
                        old: new.joined.map(|d| d.to_string()),
                        new: j.to_string(),
                    });
                    new.joined = Some(j);
                }
                let entry = |changes: Vec<Change>| Mover {
                    line: rec.line,
                    id: id.clone(),
                    name: new.display_name().to_string(),
                    changes,
                    person: new.clone(),
                };
                if !moves.is_empty() {
                    moves.extend(others);
                    movers.push(entry(moves));
                } else if !others.is_empty() {
                    updated.push(entry(others));
                } else {
                    unchanged += 1;
                }
            }
            Target::New(id) => {
                let manager = manager_of(rec, id, &mut problems);
                let (status, left) = match *leave {
                    Leaving::Yes(d, _) => (Status::Left, Some(d)),
                    Leaving::No => (Status::Active, None),
                };
                joiners.push(Joiner {
                    line: rec.line,
                    person: Person {
                        id: id.clone(),
                        name: rec.name.clone().unwrap_or_default(),
                        email: rec.email.clone(),
                        title: rec.title.clone(),
                        department: rec.department.clone(),
                        manager,
                        kind: rec.kind.unwrap_or_default(),
                        status,
                        joined: rec.joined,
                        left,
                        site: rec.site.clone(),
                        ..Person::default()
                    },
                });
            }
        }
    }

    // 4. The register's people missing from the file: never groups,
    // never people already recorded as leaving, never people who have not
    // started yet (they may have no account so far).
    let mut absence = None;
    if opts.absent_means_left {
        let mut in_organisation = 0usize;
        let mut missing = 0usize;
        let left = as_of.add_days(-1);
        for p in ws.people.values() {
            let in_org = p.status != Status::Left
                && !p.has_left_by(as_of)
                && p.joined.is_none_or(|j| j <= as_of)
                && p.kind != PersonKind::Group;
            in_organisation += usize::from(in_org);
            if !in_org || seen.contains_key(&p.id) {
                continue;
            }
            missing += 1;
            match mark_leaver(ws, &p.id, left) {
                Ok(_) => leavers.push(leaver(ws, p, None, left, LeavingReason::Absent, as_of)),
                // No line to point at: the message names them.
                Err(e) => problems.push(Problem {
                    line: None,
                    column: None,
                    message: format!(
                        "{} ({}) is not in the file but was not marked as left: {e}",
                        p.display_name(),
                        p.id
                    ),
                    skipped: true,
                }),
            }
        }
        let a = Absence {
            missing,
            in_organisation,
        };
        if a.needs_force() {
            problems.push(Problem {
                line: None,
                column: None,
                message: format!(
                    "{}; is it the complete export? (--absent-means-left marks each of them as a leaver, so --apply needs --force)",
                    a.describe("the file")
                ),
                skipped: false,
            });
        }
        absence = Some(a);
    }

    problems.sort_by_key(|p| p.line.unwrap_or(0));
    Plan {
        as_of,
        joiners,
        movers,
        updated,
        leavers,
        unchanged,
        ignored,
        problems,
        absence,
    }
}

fn leaver(
    ws: &Workspace,
    p: &Person,
    line: Option<u64>,
    left: Date,
    reason: LeavingReason,
    as_of: Date,
) -> Leaver {
    let mut roles = Vec::new();
    let mut deputy_for = Vec::new();
    for role in ws.roles.values() {
        for a in role.active_assignments(as_of) {
            let held = |holder: Option<String>| HeldRole {
                role: role.id.clone(),
                name: role.display_name().to_string(),
                from: a.from,
                until: a.until,
                holder,
            };
            if a.person == p.id {
                roles.push(held(None));
            } else if a.deputy.as_deref() == Some(p.id.as_str()) {
                deputy_for.push(held(Some(a.person.clone())));
            }
        }
    }
    Leaver {
        line,
        id: p.id.clone(),
        name: p.display_name().to_string(),
        left,
        reason,
        planned: left >= as_of,
        roles,
        deputy_for,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{ReadOptions, read_people};
    use crate::sample::{clean, today};

    fn sheet(text: &str) -> Sheet {
        read_people(text.as_bytes(), &ReadOptions::default()).unwrap()
    }

    fn opts(absent: bool) -> PlanOptions {
        PlanOptions {
            as_of: today(),
            absent_means_left: absent,
        }
    }

    // The clean sample: ceo, coo, ism, dep, aud (emails id@example.com);
    // aud holds `audit`, dep deputises for ism.
    const HEADER: &str = "userPrincipalName,displayName,mail,jobTitle,department,accountEnabled";

    #[test]
    fn matching_by_email_id_and_employee_number() {
        let ws = clean();
        let s = read_people(
            b"id,Employee ID,name,email,title\n\
              ,,Cora Chief,CEO@Example.com,Chief Executive\n\
              coo,,Otto Ops,otto@elsewhere.example,\n\
              ,ism,Ivy Sec,,\n\
              ,,New Person,new.person@example.com,\n\
              ,,Other New,new.person@example.com,\n\
              ,,Cora Again,ceo@example.com,\n",
            &ReadOptions::default(),
        )
        .unwrap();
        let p = plan(&ws, &s, &opts(false));
        // ceo by email (any case), coo by id, ism by employee number.
        assert_eq!(p.movers.len(), 1);
        assert_eq!(p.movers[0].id, "ceo");
        assert_eq!(p.updated.len(), 1);
        assert_eq!(p.updated[0].id, "coo");
        assert_eq!(p.updated[0].changes[0].field, "email");
        assert_eq!(p.unchanged, 1, "ism");
        assert_eq!(p.joiners.len(), 1);
        assert_eq!(p.joiners[0].person.id, "new-person");
        let dup: Vec<u64> = p.problems.iter().filter_map(|x| x.line).collect();
        assert_eq!(dup, [6, 7]);
    }

    #[test]
    fn new_ids_are_unique() {
        let ws = clean();
        let s = sheet(&format!(
            "{HEADER}\nceo@other.example,Ceo Other,ceo@other.example,,,true\n\
             ,Dan Deputy Two,,,,true\n"
        ));
        let p = plan(&ws, &s, &opts(false));
        let ids: Vec<&str> = p.joiners.iter().map(|j| j.person.id.as_str()).collect();
        assert_eq!(ids, ["ceo-2", "dan-deputy-two"]);
    }

    #[test]
    fn a_small_register() {
        let mut ws = clean();
        ws.people.get_mut("dep").unwrap().kind = PersonKind::Employee;
        let mut mailbox = crate::sample::person("team", "Team Mailbox", "Security", None);
        mailbox.kind = PersonKind::Group;
        ws.people.insert("team".into(), mailbox);
        let s = sheet(&format!(
            "{HEADER}\n\
             ceo@example.com,Cora Chief,ceo@example.com,CEO,Board,True\n\
             coo@example.com,Otto Ops,coo@example.com,Chief Operating Officer,Operations,TRUE\n\
             aud@example.com,Ada Audit,aud@example.com,,,False\n\
             team@example.com,Team Mailbox,team@example.com,,,false\n\
             zoe@example.com,Zoe New,zoe@example.com,Analyst,Security,true\n\
             gone@example.com,Long Gone,gone@example.com,,,false\n"
        ));
        let p = plan(&ws, &s, &opts(false));
        assert_eq!(p.joiners.len(), 1);
        assert_eq!(p.joiners[0].person.name, "Zoe New");
        assert_eq!(p.movers.len(), 2, "ceo title, coo title and department");
        let coo = &p.movers[1];
        assert_eq!(
            coo.changes
                .iter()
                .map(|c| (c.field, c.new.as_str()))
                .collect::<Vec<_>>(),
            [
                ("title", "Chief Operating Officer"),
                ("department", "Operations")
            ]
        );
        assert_eq!(coo.changes[1].old.as_deref(), Some("Board"));
        assert_eq!(p.leavers.len(), 1);
        let aud = &p.leavers[0];
        assert_eq!(aud.id, "aud");
        assert_eq!(aud.line, Some(4));
        assert_eq!(aud.left, today().add_days(-1), "disabled: gone today");
        assert!(!aud.planned);
        assert_eq!(aud.roles.len(), 1);
        assert_eq!(aud.roles[0].role, "audit");
        assert_eq!(p.unchanged, 1, "the mailbox is disabled but never a leaver");
        assert_eq!(p.ignored, 1, "gone and never registered");

        // Applied: one undoable batch; nobody removed; roles kept.
        let mut after = ws.clone();
        let e = p.edit(&ws).unwrap();
        let inverse = crate::edit::apply(&mut after, e).unwrap();
        assert_eq!(after.people.len(), ws.people.len() + 1);
        assert_eq!(after.people["aud"].status, Status::Left);
        assert_eq!(after.roles, ws.roles, "assignments are not ended");
        let f = crate::rules::findings(&after, today());
        assert!(
            f.iter().any(|f| f.rule == "people/leaver-holds-role"),
            "the leaver finding shows what to reassign"
        );
        crate::edit::apply(&mut after, inverse).unwrap();
        assert_eq!(after, ws);

        // Absent means left: dep and ism are missing; the group is not.
        let p = plan(&ws, &s, &opts(true));
        let ids: Vec<&str> = p.leavers.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["aud", "ism", "dep"]);
        assert!(p.leavers[1].line.is_none());
        assert!(!p.leavers[2].deputy_for.is_empty(), "dep deputises for ism");
    }

    #[test]
    fn termination_dates_and_statuses() {
        let ws = clean();
        let s = read_people(
            b"name,email,termination date,status,hire date\n\
              Ada Audit,aud@example.com,2026-12-31,Active,\n\
              Ivy Sec,ism@example.com,2026-10-31,,\n\
              Dan Deputy,dep@example.com,2025-01-31,Active,\n\
              Otto Ops,coo@example.com,2020-01-31,Active,2021-02-01\n",
            &ReadOptions::default(),
        )
        .unwrap();
        let p = plan(&ws, &s, &opts(false));
        let l: Vec<(&str, String, bool)> = p
            .leavers
            .iter()
            .map(|l| (l.id.as_str(), l.left.to_string(), l.planned))
            .collect();
        assert_eq!(
            l,
            [
                ("aud", "2026-12-31".to_string(), true),
                ("ism", "2026-10-31".to_string(), false)
            ]
        );
        // Active with a past termination date: reported, not guessed.
        assert!(
            p.problems
                .iter()
                .any(|x| x.line == Some(4) && x.skipped && x.message.contains("has passed"))
        );
        // Rehired after the termination date: not a leaver.
        assert!(p.leavers.iter().all(|l| l.id != "coo"));
        assert!(p.updated.iter().any(|u| u.id == "coo"), "hire date updated");
    }

    #[test]
    fn managers_are_resolved_or_reported() {
        let ws = clean();
        let s = read_people(
            b"Employee ID,name,email,manager\n\
              E1,Nell New,nell@example.com,ism@example.com\n\
              E2,Ned New,ned@example.com,E1\n\
              E3,Nora New,nora@example.com,\"Sec, Ivy\"\n\
              E4,Nat New,nat@example.com,Nobody Known\n\
              E5,Otto Ops,coo@example.com,coo\n",
            &ReadOptions::default(),
        )
        .unwrap();
        let p = plan(&ws, &s, &opts(false));
        let m: Vec<Option<&str>> = p
            .joiners
            .iter()
            .map(|j| j.person.manager.as_deref())
            .collect();
        assert_eq!(m, [Some("ism"), Some("nell"), Some("ism"), None]);
        let lines: Vec<u64> = p.problems.iter().filter_map(|x| x.line).collect();
        assert_eq!(lines, [5, 6], "unknown manager, own manager");
        assert!(p.problems.iter().all(|x| !x.skipped));
    }

    #[test]
    fn a_mostly_empty_file_is_questioned() {
        let ws = clean();
        let s = sheet(&format!(
            "{HEADER}\nceo@example.com,Cora Chief,ceo@example.com,,,true\n"
        ));
        let p = plan(&ws, &s, &opts(true));
        assert_eq!(p.leavers.len(), 4);
        assert!(p.problems[0].line.is_none());
        assert!(p.problems[0].message.contains("complete export"));
        assert!(p.problems[0].message.contains("--force"));
        assert_eq!(
            p.needs_force(),
            Some(Absence {
                missing: 4,
                in_organisation: 5
            })
        );
        // Without --absent-means-left nobody is missing.
        assert_eq!(plan(&ws, &s, &opts(false)).needs_force(), None);
    }

    #[test]
    fn more_than_a_fifth_missing_needs_force() {
        let needs = |missing, in_organisation| {
            Absence {
                missing,
                in_organisation,
            }
            .needs_force()
        };
        assert!(!needs(0, 0));
        assert!(!needs(1, 5), "a fifth exactly");
        assert!(needs(2, 9));
        assert!(needs(1, 1));
        assert!(!needs(2, 40));
    }

    #[test]
    fn leavers_the_register_refuses_are_problems_not_leavers() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let mut ws = clean();
        // aud and dep take up a role today, after the last day (yesterday)
        // that a disabled row or an absence gives them.
        for (role, who) in [("incident", "aud"), ("audit", "dep")] {
            let mut later = crate::sample::assignment(who, None);
            later.from = Some(today());
            ws.roles.get_mut(role).unwrap().assignments.push(later);
        }
        // coo joins next week: disabled until then, not gone.
        ws.people.get_mut("coo").unwrap().joined = Some(d("2026-12-04"));
        let s = sheet(&format!(
            "{HEADER}\n\
             ceo@example.com,Cora Chief,ceo@example.com,,,true\n\
             coo@example.com,Otto Ops,coo@example.com,,,false\n\
             aud@example.com,Ada Audit,aud@example.com,,,false\n"
        ));
        let p = plan(&ws, &s, &opts(true));
        let ids: Vec<&str> = p.leavers.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["ism"], "dep, aud and coo are problems");
        let problem = |line: Option<u64>, words: &[&str]| {
            assert!(
                p.problems.iter().any(|x| x.line == line
                    && x.skipped
                    && words.iter().all(|w| x.message.contains(w))),
                "{line:?} {words:?}: {:#?}",
                p.problems
            );
        };
        problem(
            None,
            &[
                "Dan Deputy (dep) is not in the file but was not marked as left",
                "assignment to audit starts on 2026-11-27, after the last day 2026-11-26",
                "end or remove that assignment first",
            ],
        );
        problem(Some(3), &["Otto Ops (coo)", "before joining (2026-12-04)"]);
        problem(
            Some(4),
            &[
                "Ada Audit (aud) was not marked as left",
                "assignment to incident starts on 2026-11-27",
                "the row was not imported",
            ],
        );
        // What --apply writes is what the plan lists: ism leaves, nobody
        // else does.
        let mut after = ws.clone();
        crate::edit::apply(&mut after, p.edit(&ws).unwrap()).unwrap();
        let left: Vec<&str> = after
            .people
            .values()
            .filter(|x| x.status == Status::Left)
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(left, ["ism"]);
        // `rasci leave` refuses the same day for the same reason.
        let e = crate::edit::mark_left(&ws, "aud", today().add_days(-1), true).unwrap_err();
        assert!(e.to_string().contains("starts on 2026-11-27"), "{e}");
    }

    #[test]
    fn planned_leavers_are_not_second_guessed() {
        let mut ws = clean();
        let aud = ws.people.get_mut("aud").unwrap();
        aud.status = Status::Left;
        aud.left = Some("2026-12-31".parse().unwrap());
        let s = sheet(&format!(
            "{HEADER}\naud@example.com,Ada Audit,aud@example.com,,,true\n"
        ));
        let p = plan(&ws, &s, &opts(false));
        assert!(p.is_empty());
        assert!(p.problems.is_empty(), "still working until their last day");
        assert_eq!(p.unchanged, 1);
    }

    #[test]
    fn people_already_left_are_left_alone() {
        let mut ws = clean();
        let aud = ws.people.get_mut("aud").unwrap();
        aud.status = Status::Left;
        aud.left = Some("2026-06-30".parse().unwrap());
        let s = sheet(&format!(
            "{HEADER}\naud@example.com,Ada Audit,aud@example.com,New Title,,true\n"
        ));
        let p = plan(&ws, &s, &opts(false));
        assert!(p.is_empty(), "no change to someone who has left");
        assert_eq!(p.problems.len(), 1, "active in the file: reported");
        assert!(p.problems[0].message.contains("recorded as left"));
    }
}
