//! Lookups shared by the one-shot commands, the exports and the workbench:
//! who is accountable for a subject, what a person holds, what a role is,
//! and a fuzzy search over everything. Pure functions of the register and
//! a date.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

use crate::catalogue::{self, Subject, SubjectKind};
use crate::model::{Assignment, Date, Letter, Person, Role, Workspace, assignment_id};
use crate::rules::{EntityKind, Finding, Index};

/// A name that matched nothing exactly, with the closest candidates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotFound {
    pub kind: &'static str,
    pub query: String,
    pub suggestions: Vec<Suggestion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub label: String,
}

impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no {} matches `{}`",
            self.kind,
            crate::text::sanitize(&self.query)
        )?;
        if !self.suggestions.is_empty() {
            let list: Vec<String> = self
                .suggestions
                .iter()
                .map(|s| {
                    format!(
                        "{} ({})",
                        crate::text::sanitize(&s.id),
                        crate::text::sanitize(&s.label)
                    )
                })
                .collect();
            write!(f, "; closest: {}", list.join(", "))?;
        }
        Ok(())
    }
}

/// Ranks `candidates` (id, label) against `query`, best first.
fn closest(
    query: &str,
    candidates: impl Iterator<Item = (String, String)>,
    limit: usize,
) -> Vec<Suggestion> {
    let matcher = SkimMatcherV2::default().ignore_case();
    let q = query.to_lowercase();
    let mut scored: Vec<(i64, Suggestion)> = candidates
        .filter_map(|(id, label)| {
            let fuzzy = matcher.fuzzy_match(&format!("{id} {label}"), query);
            // Typos defeat a fuzzy subsequence match; edit distance on the
            // id catches them.
            let d = crate::store::diagnostic::edit_distance(&q, &id.to_lowercase()) as i64;
            let typo = (d <= (id.len() as i64 / 3).max(1)).then_some(100 - d * 10);
            let score = fuzzy.max(typo)?;
            Some((score, Suggestion { id, label }))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    scored.into_iter().take(limit).map(|(_, s)| s).collect()
}

/// Finds a person by id, email or full name (any case); otherwise the
/// closest matches.
pub fn resolve_person<'a>(ws: &'a Workspace, query: &str) -> Result<&'a Person, NotFound> {
    let q = query.trim();
    if let Some(p) = ws.people.get(q) {
        return Ok(p);
    }
    let lower = q.to_lowercase();
    let exact: Vec<&Person> = ws
        .people
        .values()
        .filter(|p| {
            p.id.to_lowercase() == lower
                || p.name.to_lowercase() == lower
                || p.email
                    .as_deref()
                    .is_some_and(|e| e.to_lowercase() == lower)
        })
        .collect();
    if exact.len() == 1 {
        return Ok(exact[0]);
    }
    Err(NotFound {
        kind: "person",
        query: q.to_string(),
        suggestions: closest(
            q,
            ws.people
                .values()
                .map(|p| (p.id.clone(), p.display_name().to_string())),
            5,
        ),
    })
}

/// Finds a role by id or name (any case); otherwise the closest matches.
pub fn resolve_role<'a>(ws: &'a Workspace, query: &str) -> Result<&'a Role, NotFound> {
    let q = query.trim();
    if let Some(r) = ws.roles.get(q) {
        return Ok(r);
    }
    let lower = q.to_lowercase();
    let exact: Vec<&Role> = ws
        .roles
        .values()
        .filter(|r| r.id.to_lowercase() == lower || r.name.to_lowercase() == lower)
        .collect();
    if exact.len() == 1 {
        return Ok(exact[0]);
    }
    Err(NotFound {
        kind: "role",
        query: q.to_string(),
        suggestions: closest(
            q,
            ws.roles
                .values()
                .map(|r| (r.id.clone(), r.display_name().to_string())),
            5,
        ),
    })
}

/// Subjects a query names: one subject, or every sub-clause of a heading
/// (`9.3`, `6`). Accepts `A.5.15`, `a.5.15`, `5.15` for a control when no
/// clause has that number, and activity ids.
pub fn resolve_subjects<'a>(ws: &'a Workspace, query: &str) -> Result<Vec<Subject<'a>>, NotFound> {
    let q = query.trim();
    let all = catalogue::subjects(ws);
    let norm = |s: &str| {
        s.to_lowercase()
            .trim_start_matches("clause ")
            .trim_start_matches("annex ")
            .to_string()
    };
    let nq = norm(q);
    let candidates = [nq.clone(), format!("a.{nq}")];
    for c in &candidates {
        if let Some(s) = all.iter().find(|s| s.id.to_lowercase() == *c) {
            return Ok(vec![s.clone()]);
        }
        let children: Vec<Subject<'a>> = all
            .iter()
            .filter(|s| {
                s.kind != SubjectKind::Activity && s.id.to_lowercase().starts_with(&format!("{c}."))
            })
            .cloned()
            .collect();
        if !children.is_empty() {
            return Ok(children);
        }
    }
    // A title typed in full, e.g. "access control".
    let by_title: Vec<Subject<'a>> = all
        .iter()
        .filter(|s| s.title.to_lowercase() == nq)
        .cloned()
        .collect();
    if by_title.len() == 1 {
        return Ok(by_title);
    }
    Err(NotFound {
        kind: "clause, control or activity",
        query: q.to_string(),
        suggestions: closest(
            q,
            all.iter().map(|s| (s.id.to_string(), s.title.to_string())),
            5,
        ),
    })
}

/// Someone holding a role, as shown in answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holder {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub since: Option<Date>,
    pub until: Option<Date>,
    pub deputy: Option<Deputy>,
    /// True when the person has left (a finding, but still shown).
    pub left: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deputy {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
}

fn holder(ix: &Index<'_>, a: &Assignment) -> Holder {
    let p = ix.person(&a.person);
    Holder {
        id: a.person.clone(),
        name: p.map_or_else(|| a.person.clone(), |p| p.display_name().to_string()),
        email: p.and_then(|p| p.email.clone()),
        since: a.from,
        until: a.until,
        deputy: a.deputy.as_ref().map(|d| {
            let dp = ix.person(d);
            Deputy {
                id: d.clone(),
                name: dp.map_or_else(|| d.clone(), |p| p.display_name().to_string()),
                email: dp.and_then(|p| p.email.clone()),
            }
        }),
        left: p.is_some_and(|p| p.has_left_by(ix.on)),
    }
}

/// The people holding `role` on the index date (assignments in force).
pub fn holders(ix: &Index<'_>, role: &str) -> Vec<Holder> {
    ix.assignments(role).iter().map(|a| holder(ix, a)).collect()
}

/// One letter on a subject.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duty {
    pub letter: Letter,
    pub word: &'static str,
    pub role: String,
    pub role_name: String,
    /// False when the matrix names a role that does not exist.
    pub known_role: bool,
    pub holders: Vec<Holder>,
}

/// The answer to `who SUBJECT` for one subject.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Who {
    pub subject: String,
    pub title: String,
    pub group: String,
    pub kind: &'static str,
    pub excluded: Option<String>,
    /// Sorted A, R, S, C, I.
    pub duties: Vec<Duty>,
}

/// Who holds each letter on `subject` on the index date.
pub fn who(ix: &Index<'_>, subject: &Subject<'_>) -> Who {
    let ws = ix.ws;
    let mut duties: Vec<Duty> = ws
        .matrix
        .rows
        .get(subject.id)
        .into_iter()
        .flat_map(|row| row.iter())
        .map(|(role, letter)| Duty {
            letter: *letter,
            word: letter.word(),
            role: role.clone(),
            role_name: ws
                .roles
                .get(role)
                .map_or_else(|| role.clone(), |r| r.display_name().to_string()),
            known_role: ws.roles.contains_key(role),
            holders: holders(ix, role),
        })
        .collect();
    let rank = |l: Letter| match l {
        Letter::A => 0,
        Letter::R => 1,
        Letter::S => 2,
        Letter::C => 3,
        Letter::I => 4,
    };
    duties.sort_by_key(|d| rank(d.letter));
    Who {
        subject: subject.id.to_string(),
        title: subject.title.to_string(),
        group: subject.group.clone(),
        kind: subject.kind.as_str(),
        excluded: ws
            .exclusions
            .get(subject.id)
            .map(|e| e.justification.clone()),
        duties,
    }
}

/// A role a person holds (or held), with the assignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Held {
    pub role: String,
    pub role_name: String,
    pub since: Option<Date>,
    pub until: Option<Date>,
    pub deputy: Option<Deputy>,
    pub evidence: Option<String>,
    pub allocation: Option<f64>,
}

/// A subject a person is R or A for, and through which role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answerable {
    pub subject: String,
    pub title: String,
    pub letter: Letter,
    pub role: String,
}

/// The answer to `whois PERSON`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Whois {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub title: Option<String>,
    pub department: Option<String>,
    pub manager: Option<String>,
    pub kind: &'static str,
    pub active: bool,
    pub left: Option<Date>,
    pub roles: Vec<Held>,
    /// Roles where this person is the deputy: (role, holder id).
    pub deputy_for: Vec<(String, String)>,
    pub answerable: Vec<Answerable>,
    pub findings: Vec<Finding>,
}

/// Everything about one person on the index date.
pub fn whois(ix: &Index<'_>, p: &Person, findings: &[Finding]) -> Whois {
    let ws = ix.ws;
    let mut roles = Vec::new();
    let mut deputy_for = Vec::new();
    for r in ws.roles.values() {
        for a in ix.assignments(&r.id) {
            if a.person == p.id {
                let h = holder(ix, a);
                roles.push(Held {
                    role: r.id.clone(),
                    role_name: r.display_name().to_string(),
                    since: a.from,
                    until: a.until,
                    deputy: h.deputy,
                    evidence: a.evidence.clone(),
                    allocation: a.allocation,
                });
            }
            if a.deputy.as_deref() == Some(p.id.as_str()) {
                deputy_for.push((r.id.clone(), a.person.clone()));
            }
        }
    }
    let held: Vec<&str> = roles.iter().map(|h| h.role.as_str()).collect();
    let mut answerable = Vec::new();
    for (subject, row) in &ws.matrix.rows {
        for (role, letter) in row {
            if letter.is_duty() && held.contains(&role.as_str()) {
                answerable.push(Answerable {
                    subject: subject.clone(),
                    title: ix.subject_title(subject),
                    letter: *letter,
                    role: role.clone(),
                });
            }
        }
    }
    answerable.sort_by(|a, b| crate::text::natural_cmp(&a.subject, &b.subject));
    let mine = |f: &&Finding| match f.entity.kind {
        EntityKind::Person => f.entity.id == p.id,
        EntityKind::Assignment => f
            .entity
            .id
            .split_once('/')
            .is_some_and(|(_, rest)| rest.split('@').next() == Some(&p.id)),
        _ => false,
    };
    Whois {
        id: p.id.clone(),
        name: p.display_name().to_string(),
        email: p.email.clone(),
        title: p.title.clone(),
        department: p.department.clone(),
        manager: p.manager.clone(),
        kind: p.kind.as_str(),
        active: p.is_active_on(ix.on),
        left: p.left,
        roles,
        deputy_for,
        answerable,
        findings: findings.iter().filter(mine).cloned().collect(),
    }
}

/// One assignment in a role's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spell {
    pub id: String,
    pub holder: Holder,
    pub in_force: bool,
    pub evidence: Option<String>,
    pub acknowledged: Option<Date>,
    /// The assignment's note: for an asset owner, the asset they own.
    pub note: Option<String>,
}

/// The answer to `role ROLE`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleAnswer {
    pub id: String,
    pub name: String,
    pub category: &'static str,
    pub duties: Vec<&'static str>,
    pub purpose: Option<String>,
    pub responsibilities: Vec<String>,
    pub authorities: Vec<String>,
    pub competencies: Vec<String>,
    pub privileged: bool,
    pub needs_deputy: bool,
    pub reviewed: Option<Date>,
    pub holders: Vec<Holder>,
    pub history: Vec<Spell>,
    /// Subjects where the role holds a letter: (subject, letter).
    pub matrix: Vec<(String, Letter)>,
}

pub fn role(ix: &Index<'_>, r: &Role) -> RoleAnswer {
    let mut matrix: Vec<(String, Letter)> = ix
        .ws
        .matrix
        .rows
        .iter()
        .filter_map(|(s, row)| row.get(&r.id).map(|l| (s.clone(), *l)))
        .collect();
    matrix.sort_by(|a, b| crate::text::natural_cmp(&a.0, &b.0));
    RoleAnswer {
        id: r.id.clone(),
        name: r.display_name().to_string(),
        category: r.category.as_str(),
        duties: r.duties.iter().map(|d| d.as_str()).collect(),
        purpose: r.purpose.clone(),
        responsibilities: r.responsibilities.clone(),
        authorities: r.authorities.clone(),
        competencies: r.competencies.clone(),
        privileged: r.privileged,
        needs_deputy: r.needs_deputy,
        reviewed: r.reviewed,
        holders: holders(ix, &r.id),
        history: r
            .assignments
            .iter()
            .map(|a| Spell {
                id: assignment_id(&r.id, a),
                holder: holder(ix, a),
                in_force: a.is_active_on(ix.on),
                evidence: a.evidence.clone(),
                acknowledged: a.acknowledged,
                note: a.note.clone(),
            })
            .collect(),
        matrix,
    }
}

/// One result of `find`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub kind: &'static str,
    pub id: String,
    pub label: String,
    #[serde(skip)]
    pub score: i64,
}

/// Fuzzy search over people (name, id, email, title), roles and subjects.
pub fn find(ws: &Workspace, text: &str, limit: usize) -> Vec<Hit> {
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut hits: Vec<Hit> = Vec::new();
    let mut push = |kind: &'static str, id: &str, label: String, hay: String| {
        if let Some(score) = matcher.fuzzy_match(&hay, text) {
            hits.push(Hit {
                kind,
                id: id.to_string(),
                label,
                score,
            });
        }
    };
    for p in ws.people.values() {
        let hay = format!(
            "{} {} {} {}",
            p.display_name(),
            p.id,
            p.email.as_deref().unwrap_or(""),
            p.title.as_deref().unwrap_or("")
        );
        push("person", &p.id, p.display_name().to_string(), hay);
    }
    for r in ws.roles.values() {
        push(
            "role",
            &r.id,
            r.display_name().to_string(),
            format!("{} {}", r.display_name(), r.id),
        );
    }
    for s in catalogue::subjects(ws) {
        push(
            s.kind.as_str(),
            s.id,
            s.title.to_string(),
            format!("{} {}", s.id, s.title),
        );
    }
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| crate::text::natural_cmp(&a.id, &b.id))
    });
    hits.truncate(limit);
    hits
}

/// What changed in the register between a management sign-off and a later
/// date, as far as the register's own dates tell: who joined and left,
/// which appointments started and ended, which roles were reviewed. The
/// fingerprint says *whether* the register changed; this says what, for
/// the review meeting.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Since {
    /// The sign-off date the changes are counted from.
    pub from: Date,
    /// The date they are counted up to (the evaluation date).
    pub to: Date,
    /// Joined after `from`, by `to`: (person id, name, date joined).
    pub joined: Vec<(String, String, Date)>,
    /// Gone after `from`, by `to`: (person id, name, last day).
    pub left: Vec<(String, String, Date)>,
    /// Leaving after `to`: (person id, name, last day).
    pub leaving: Vec<(String, String, Date)>,
    /// Appointments that started after `from`, by `to`.
    pub appointed: Vec<Change>,
    /// Appointments whose last day fell between `from` and `to`.
    pub ended: Vec<Change>,
    /// Roles reviewed after `from`, by `to`: (role id, name, date).
    pub reviewed: Vec<(String, String, Date)>,
}

/// An appointment that started or ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub role: String,
    pub role_name: String,
    pub person: String,
    pub person_name: String,
    pub date: Date,
}

impl Since {
    pub fn is_empty(&self) -> bool {
        self.joined.is_empty()
            && self.left.is_empty()
            && self.leaving.is_empty()
            && self.appointed.is_empty()
            && self.ended.is_empty()
            && self.reviewed.is_empty()
    }
}

/// The changes between `from` (a sign-off date) and `to`. Dates are
/// inclusive: a `left` or `until` date is a last day, so someone whose last
/// day was the sign-off day was still there when the register was signed.
/// A join, appointment or review dated on the sign-off day itself counts
/// when `with_signoff_day` is set: the register's fingerprint shows it
/// changed after signing, and such a record may be part of that change.
pub fn since(ws: &Workspace, from: Date, to: Date, with_signoff_day: bool) -> Since {
    let name = |id: &str| {
        ws.people
            .get(id)
            .map_or_else(|| id.to_string(), |p| p.display_name().to_string())
    };
    let after = |d: Date| (from < d || (with_signoff_day && from == d)) && d <= to;
    let last_day_in = |d: Date| from <= d && d < to;
    let mut out = Since {
        from,
        to,
        ..Since::default()
    };
    for p in ws.people.values() {
        let entry = |d: Date| (p.id.clone(), p.display_name().to_string(), d);
        if let Some(d) = p.joined.filter(|&d| after(d)) {
            out.joined.push(entry(d));
        }
        match p.left {
            Some(d) if last_day_in(d) => out.left.push(entry(d)),
            Some(d) if d >= to => out.leaving.push(entry(d)),
            _ => {}
        }
    }
    for r in ws.roles.values() {
        let change = |a: &Assignment, date: Date| Change {
            role: r.id.clone(),
            role_name: r.display_name().to_string(),
            person: a.person.clone(),
            person_name: name(&a.person),
            date,
        };
        for a in &r.assignments {
            if let Some(d) = a.from.filter(|&d| after(d)) {
                out.appointed.push(change(a, d));
            }
            if let Some(d) = a.until.filter(|&d| last_day_in(d)) {
                out.ended.push(change(a, d));
            }
        }
        if let Some(d) = r.reviewed.filter(|&d| after(d)) {
            out.reviewed
                .push((r.id.clone(), r.display_name().to_string(), d));
        }
    }
    let by_date =
        |a: &(String, String, Date), b: &(String, String, Date)| (a.2, &a.1).cmp(&(b.2, &b.1));
    out.joined.sort_by(by_date);
    out.left.sort_by(by_date);
    out.leaving.sort_by(by_date);
    out.reviewed.sort_by(by_date);
    let by_change =
        |a: &Change, b: &Change| (a.date, &a.role, &a.person).cmp(&(b.date, &b.role, &b.person));
    out.appointed.sort_by(by_change);
    out.ended.sort_by(by_change);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{clean, today};

    #[test]
    fn since_lists_what_the_dates_say_changed_after_a_signoff() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let mut ws = clean();
        let signed = d("2026-06-30");
        let now = d("2026-11-27");
        // Before or on the sign-off day: not a change.
        ws.people["coo"].joined = Some(signed);
        ws.people["aud"].left = Some(d("2026-06-29"));
        // After it: changes.
        ws.people["dep"].joined = Some(d("2026-07-01"));
        ws.people["ism"].left = Some(signed); // last day on the sign-off day: gone after
        ws.people["ceo"].left = Some(now); // still there today: leaving
        let ism = ws.roles.get_mut("ism").unwrap();
        ism.assignments[0].until = Some(d("2026-09-30"));
        let mut successor = crate::sample::assignment("dep", None);
        successor.from = Some(d("2026-10-01"));
        ism.assignments.push(successor);
        ism.reviewed = Some(d("2026-10-01"));
        ws.roles.get_mut("audit").unwrap().reviewed = Some(signed);

        let s = since(&ws, signed, now, false);
        let ids = |v: &[(String, String, Date)]| v.iter().map(|e| e.0.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&s.joined), ["dep"]);
        assert_eq!(ids(&s.left), ["ism"]);
        assert_eq!(ids(&s.leaving), ["ceo"]);
        assert_eq!(ids(&s.reviewed), ["ism"]);
        fn changes(v: &[Change]) -> Vec<(&str, &str, Date)> {
            v.iter()
                .map(|c| (c.role.as_str(), c.person.as_str(), c.date))
                .collect()
        }
        assert_eq!(changes(&s.appointed), [("ism", "dep", d("2026-10-01"))]);
        assert_eq!(changes(&s.ended), [("ism", "ism", d("2026-09-30"))]);
        assert_eq!(s.appointed[0].person_name, "Dan Deputy");
        assert!(!s.is_empty());
    }

    #[test]
    fn records_dated_on_the_signoff_day_count_once_the_register_changed() {
        let mut ws = clean();
        let signed = today();
        let mut successor = crate::sample::assignment("dep", None);
        successor.from = Some(signed);
        ws.roles
            .get_mut("audit")
            .unwrap()
            .assignments
            .push(successor);
        assert!(since(&ws, signed, signed, false).appointed.is_empty());
        let s = since(&ws, signed, signed, true);
        assert_eq!(s.appointed.len(), 1, "{s:#?}");
        assert_eq!(s.appointed[0].person, "dep");
    }

    #[test]
    fn since_is_empty_when_nothing_dated_moved() {
        let ws = clean();
        let s = since(&ws, today(), today(), false);
        assert!(s.is_empty(), "{s:#?}");
        // The clean register's appointments are from 2024: counted from
        // before that, they show.
        let s = since(&ws, "2023-12-31".parse().unwrap(), today(), false);
        assert!(!s.appointed.is_empty());
    }

    #[test]
    fn subjects_resolve_loosely() {
        let ws = clean();
        assert_eq!(resolve_subjects(&ws, "A.5.15").unwrap()[0].id, "A.5.15");
        assert_eq!(resolve_subjects(&ws, "a.5.15").unwrap()[0].id, "A.5.15");
        assert_eq!(
            resolve_subjects(&ws, "5.15").unwrap()[0].id,
            "A.5.15",
            "no clause 5.15, so the control"
        );
        assert_eq!(
            resolve_subjects(&ws, "5.3").unwrap()[0].id,
            "5.3",
            "the clause wins"
        );
        let heading = resolve_subjects(&ws, "9.3").unwrap();
        assert_eq!(
            heading.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec!["9.3.1", "9.3.2", "9.3.3"]
        );
        assert_eq!(
            resolve_subjects(&ws, "access control").unwrap()[0].id,
            "A.5.15"
        );
        let e = resolve_subjects(&ws, "A.5.155").unwrap_err();
        assert!(e.suggestions.iter().any(|s| s.id == "A.5.15"), "{e}");
    }

    #[test]
    fn people_resolve_by_id_name_or_email() {
        let ws = clean();
        assert_eq!(resolve_person(&ws, "ism").unwrap().id, "ism");
        assert_eq!(resolve_person(&ws, "ivy sec").unwrap().id, "ism");
        assert_eq!(
            resolve_person(&ws, "IVY@example.com").unwrap_err().kind,
            "person"
        );
        assert_eq!(resolve_person(&ws, "ism@example.com").unwrap().id, "ism");
        let e = resolve_person(&ws, "cora chef").unwrap_err();
        assert_eq!(e.suggestions[0].id, "ceo", "{e}");
        let e = resolve_role(&ws, "audti").unwrap_err();
        assert_eq!(e.suggestions[0].id, "audit", "{e}");
    }

    #[test]
    fn who_lists_letters_with_named_holders() {
        let ws = clean();
        let ix = Index::new(&ws, today());
        let s = resolve_subjects(&ws, "A.5.15").unwrap();
        let w = who(&ix, &s[0]);
        assert_eq!(w.duties[0].letter, Letter::A);
        assert_eq!(w.duties[0].holders[0].name, "Ivy Sec");
        assert_eq!(
            w.duties[0].holders[0].email.as_deref(),
            Some("ism@example.com")
        );
        assert_eq!(w.duties[0].holders[0].deputy.as_ref().unwrap().id, "dep");
        assert_eq!(w.duties[1].letter, Letter::R);
    }

    #[test]
    fn whois_and_role_answers() {
        let ws = clean();
        let ix = Index::new(&ws, today());
        let w = whois(&ix, &ws.people["dep"], &[]);
        assert_eq!(w.roles.len(), 1);
        assert_eq!(
            w.deputy_for.len(),
            2,
            "deputises for the ISM as ISM and on the review team"
        );
        assert!(w.answerable.iter().all(|a| a.letter == Letter::R));
        let r = role(&ix, &ws.roles["ism"]);
        assert_eq!(r.holders.len(), 1);
        assert_eq!(r.history.len(), 1);
        assert!(r.matrix.len() > 100);
    }

    #[test]
    fn find_ranks_people_roles_and_subjects() {
        let ws = clean();
        let hits = find(&ws, "ivy", 5);
        assert_eq!(hits[0].id, "ism");
        let hits = find(&ws, "access control", 5);
        assert_eq!(hits[0].id, "A.5.15");
    }
}
