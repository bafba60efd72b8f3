//! What changed between two registers, said in register terms
//! ("appointed ... deputy of ...", "A.5.15: ism A → A/R", "... left on
//! ..."). One diff serves `rasci log`, `rasci diff`, commit messages, the
//! merge driver and the presentation's "since the last sign-off".
//!
//! It is a pure function of two [`Workspace`]s: where they came from (the
//! working tree, a commit) is the caller's business.

use serde::Serialize;

use crate::model::{
    Assignment, Date, Person, Role, Signoff, SodPair, SodRule, Status, Workspace, assignment_id,
};
use crate::rules::{Entity, EntityKind, Finding};

/// Which part of the register a change is in; changes are grouped by it,
/// in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    /// People: joiners, leavers, moves, competencies.
    People,
    /// Roles: their definitions (responsibilities, authorities, ...).
    Roles,
    /// Who holds which role, deputies, sponsors.
    Assignments,
    /// RASCI letters.
    Matrix,
    /// Segregation-of-duties rules.
    Rules,
    /// Organisation, settings, activities, exclusions, sign-offs.
    Settings,
}

impl Area {
    /// The heading the area is listed under.
    pub fn title(self) -> &'static str {
        match self {
            Area::People => "People",
            Area::Roles => "Roles",
            Area::Assignments => "Assignments",
            Area::Matrix => "Matrix",
            Area::Rules => "Segregation rules",
            Area::Settings => "Organisation and settings",
        }
    }
}

/// One change between two registers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The part of the register it is in.
    pub area: Area,
    /// What it is about, so a reader can jump to it.
    pub entity: Entity,
    /// The change in words (register text, not yet sanitised for a
    /// terminal).
    pub text: String,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Every change from `old` to `new`, grouped by [`Area`] in that order,
/// then in the order of the files (the new file's order, then what only
/// the old one had).
///
/// Linear in the size of the registers: entries are matched by key
/// (person, role, rule, subject ids; an assignment by its person and start
/// date; a competency by its id), never by searching one list for each
/// entry of the other. Empty exactly when the two registers are equal.
pub fn changes(old: &Workspace, new: &Workspace) -> Vec<Change> {
    let mut d = Diff {
        old,
        new,
        out: Vec::new(),
    };
    d.people();
    d.roles();
    d.assignments();
    d.matrix();
    d.rules();
    d.settings();
    // Pushed area by area already; a stable sort keeps file order inside
    // each area should a later edit push out of turn.
    d.out.sort_by_key(|c| c.area);
    d.out
}

/// The findings `raised` (in `new` only) and `resolved` (in `old` only)
/// between two registers, both evaluated on `on`, matched by rule, entity
/// and message: the same matching the edits use to report what they did.
pub fn findings_delta(old: &Workspace, new: &Workspace, on: Date) -> (Vec<Finding>, Vec<Finding>) {
    let before = crate::rules::findings(old, on);
    let after = crate::rules::findings(new, on);
    crate::rules::changes(&before, &after)
}

/// How many changes a [`summary`] names before it says "+N more".
pub const SUMMARY_SHOWN: usize = 2;

/// The changes in one line, for a commit message's subject: the first
/// [`SUMMARY_SHOWN`] and how many more ("A.5.15: ism A → A/R; Marek Nowak
/// (mnowak) left on 2026-09-30 (+3 more)"). Control characters are taken
/// out, so the line is safe in a terminal and stays one line.
pub fn summary(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no register changes".to_string();
    }
    let shown: Vec<String> = changes
        .iter()
        .take(SUMMARY_SHOWN)
        .map(|c| one_line(&c.text))
        .collect();
    let mut s = shown.join("; ");
    if changes.len() > SUMMARY_SHOWN {
        s.push_str(&format!(" (+{} more)", changes.len() - SUMMARY_SHOWN));
    }
    s
}

/// `s` on one line with no control or escape characters.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !crate::text::is_unsafe_char(*c))
        .collect()
}

struct Diff<'a> {
    old: &'a Workspace,
    new: &'a Workspace,
    out: Vec<Change>,
}

/// `Some(v)` as `v`, `None` as "none", for messages.
fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    match v {
        Some(v) => v.to_string(),
        None => "none".to_string(),
    }
}

/// The words for one optional field that changed from `a` to `b`, or
/// `None` when it did not: "title set to \"CTO\"", "title cleared (was
/// ...)", "title \"A\" → \"B\"". `quote` puts free text in quotes.
fn field<T: PartialEq + std::fmt::Display>(
    label: &str,
    a: &Option<T>,
    b: &Option<T>,
    quote: bool,
) -> Option<String> {
    if a == b {
        return None;
    }
    let q = |v: &T| {
        if quote {
            format!("\"{v}\"")
        } else {
            v.to_string()
        }
    };
    Some(match (a, b) {
        (None, Some(b)) => format!("{label} set to {}", q(b)),
        (Some(a), None) => format!("{label} cleared (was {})", q(a)),
        (Some(a), Some(b)) => format!("{label} {} → {}", q(a), q(b)),
        (None, None) => unreachable!("equal values return early"),
    })
}

/// Items at their positions in a list.
type Placed<'x, T> = Vec<(usize, &'x T)>;

/// Items of `b` not in `a` and of `a` not in `b`, counting repeats, each
/// in its list's order, with its position.
fn list_delta<'x, T: Eq + std::hash::Hash>(
    a: &'x [T],
    b: &'x [T],
) -> (Placed<'x, T>, Placed<'x, T>) {
    use std::collections::HashMap;
    let mut count: HashMap<&T, isize> = HashMap::with_capacity(a.len());
    for x in a {
        *count.entry(x).or_default() += 1;
    }
    let mut added = Vec::new();
    for (i, x) in b.iter().enumerate() {
        match count.get_mut(x) {
            Some(n) if *n > 0 => *n -= 1,
            _ => added.push((i, x)),
        }
    }
    let mut count: HashMap<&T, isize> = HashMap::with_capacity(b.len());
    for x in b {
        *count.entry(x).or_default() += 1;
    }
    let mut removed = Vec::new();
    for (i, x) in a.iter().enumerate() {
        match count.get_mut(x) {
            Some(n) if *n > 0 => *n -= 1,
            _ => removed.push((i, x)),
        }
    }
    (added, removed)
}

/// Entries keyed `key`, a repeated key told apart by how many came before
/// it: (key, n) → entry.
fn keyed<T, K: Eq + std::hash::Hash>(items: &[T], key: impl Fn(&T) -> K) -> Vec<((K, usize), &T)> {
    let mut seen: std::collections::HashMap<K, usize> = Default::default();
    items
        .iter()
        .map(|x| {
            let k = key(x);
            let n = seen.entry(k).or_default();
            let kk = (key(x), *n);
            *n += 1;
            (kk, x)
        })
        .collect()
}

/// Pairs of entries with the same key (in `b`'s order), then those only in
/// `b`, then those only in `a`.
#[allow(clippy::type_complexity)]
fn pair_up<'x, T, K: Eq + std::hash::Hash + Clone>(
    a: &'x [T],
    b: &'x [T],
    key: impl Fn(&T) -> K + Copy,
) -> (Vec<(&'x T, &'x T)>, Vec<&'x T>, Vec<&'x T>) {
    let ka = keyed(a, key);
    let kb = keyed(b, key);
    let in_a: std::collections::HashMap<&(K, usize), &T> =
        ka.iter().map(|(k, x)| (k, *x)).collect();
    let in_b: std::collections::HashSet<&(K, usize)> = kb.iter().map(|(k, _)| k).collect();
    let mut both = Vec::new();
    let mut only_b = Vec::new();
    for (k, x) in &kb {
        match in_a.get(k) {
            Some(y) => both.push((*y, *x)),
            None => only_b.push(*x),
        }
    }
    let only_a = ka
        .iter()
        .filter(|(k, _)| !in_b.contains(k))
        .map(|(_, x)| *x)
        .collect();
    (both, only_b, only_a)
}

impl Diff<'_> {
    fn push(&mut self, area: Area, kind: EntityKind, id: &str, text: String) {
        self.out.push(Change {
            area,
            entity: Entity::new(kind, id),
            text,
        });
    }

    /// A person as the lookups show one: "Name (id)", or the id alone when
    /// neither register knows the name.
    fn who(&self, id: &str) -> String {
        match self.new.people.get(id).or_else(|| self.old.people.get(id)) {
            Some(p) if !p.name.is_empty() => format!("{} ({id})", p.name),
            _ => id.to_string(),
        }
    }

    /// A role as the lookups show one: "Name (id)".
    fn role_name(&self, id: &str) -> String {
        match self.new.roles.get(id).or_else(|| self.old.roles.get(id)) {
            Some(r) if !r.name.is_empty() => format!("{} ({id})", r.name),
            _ => id.to_string(),
        }
    }

    fn people(&mut self) {
        let (old, new) = (self.old, self.new);
        for (id, b) in &new.people {
            match old.people.get(id) {
                None => {
                    let text = format!("added {} ({id})", b.display_name());
                    self.push(Area::People, EntityKind::Person, id, text);
                }
                Some(a) if a != b => self.person(a, b),
                Some(_) => {}
            }
        }
        for (id, a) in &old.people {
            if !new.people.contains_key(id) {
                let text = format!("removed {} ({id})", a.display_name());
                self.push(Area::People, EntityKind::Person, id, text);
            }
        }
    }

    fn person(&mut self, a: &Person, b: &Person) {
        let id = b.id.as_str();
        let me = format!("{} ({id})", b.display_name());
        let say = |d: &mut Self, text: String| d.push(Area::People, EntityKind::Person, id, text);
        if a.id != b.id {
            say(self, format!("{me}: id {} → {}", a.id, b.id));
        }
        if a.name != b.name {
            say(
                self,
                format!(
                    "renamed {} ({id}) to {}",
                    a.display_name(),
                    b.display_name()
                ),
            );
        }
        if a.kind != b.kind {
            say(
                self,
                format!("{me}: kind {} → {}", a.kind.as_str(), b.kind.as_str()),
            );
        }
        // Leaving and rejoining, said as such.
        match (a.left, b.left) {
            (None, Some(d)) => say(self, format!("{me} left on {d}")),
            (Some(d), None) => say(self, format!("{me} rejoined (had left on {d})")),
            (Some(x), Some(y)) if x != y => say(self, format!("{me}: last day {x} → {y}")),
            _ => {}
        }
        if a.status != b.status {
            let text = match b.status {
                Status::Left if b.left.is_none() => format!("{me} left"),
                Status::Active if a.left.is_none() => format!("{me} rejoined"),
                _ => format!("{me}: status {} → {}", a.status.as_str(), b.status.as_str()),
            };
            say(self, text);
        }
        if let Some(t) = field("joined", &a.joined, &b.joined, false) {
            say(self, format!("{me}: {t}"));
        }
        let managers = (
            a.manager.as_deref().map(|m| self.who(m)),
            b.manager.as_deref().map(|m| self.who(m)),
        );
        for t in [
            field("department", &a.department, &b.department, true),
            field("manager", &managers.0, &managers.1, false),
            field("title", &a.title, &b.title, true),
            field("email", &a.email, &b.email, false),
            field("site", &a.site, &b.site, true),
        ]
        .into_iter()
        .flatten()
        {
            say(self, format!("{me}: {t}"));
        }
        if a.mfa != b.mfa {
            let t = if b.mfa {
                "MFA enforced"
            } else {
                "MFA no longer enforced"
            };
            say(self, format!("{me}: {t}"));
        }
        if a.competencies != b.competencies {
            let before = self.out.len();
            let (both, gained, lost) = pair_up(&a.competencies, &b.competencies, |c| c.id.clone());
            for (x, y) in both {
                let c = &y.id;
                if x.expires != y.expires || x.achieved != y.achieved {
                    let renewed = match (x.expires, y.expires) {
                        (Some(e0), Some(e1)) => e1 > e0 && y.achieved != x.achieved,
                        (Some(_), None) => y.achieved != x.achieved,
                        _ => false,
                    };
                    if renewed {
                        say(
                            self,
                            format!("{me}: renewed competency {c} (expires {})", opt(&y.expires)),
                        );
                    } else {
                        if let Some(t) = field("achieved", &x.achieved, &y.achieved, false) {
                            say(self, format!("{me}: competency {c}: {t}"));
                        }
                        if let Some(t) = field("expires", &x.expires, &y.expires, false) {
                            say(self, format!("{me}: competency {c}: {t}"));
                        }
                    }
                }
                if let Some(t) = field("evidence", &x.evidence, &y.evidence, true) {
                    say(self, format!("{me}: competency {c}: {t}"));
                }
            }
            for c in gained {
                let until = c
                    .expires
                    .map(|e| format!(" (expires {e})"))
                    .unwrap_or_default();
                say(self, format!("{me} gained competency {}{until}", c.id));
            }
            for c in lost {
                say(self, format!("{me}: competency {} removed", c.id));
            }
            // The same records in another order.
            if self.out.len() == before {
                say(self, format!("{me}: competencies reordered"));
            }
        }
    }

    fn roles(&mut self) {
        let (old, new) = (self.old, self.new);
        for (id, b) in &new.roles {
            match old.roles.get(id) {
                None => {
                    let text = format!("added role {} ({id})", b.display_name());
                    self.push(Area::Roles, EntityKind::Role, id, text);
                }
                Some(a) => self.role(a, b),
            }
        }
        for (id, a) in &old.roles {
            if !new.roles.contains_key(id) {
                let text = format!("removed role {} ({id})", a.display_name());
                self.push(Area::Roles, EntityKind::Role, id, text);
            }
        }
    }

    fn role(&mut self, a: &Role, b: &Role) {
        let id = b.id.as_str();
        let me = format!("role {id}");
        let say = |d: &mut Self, text: String| d.push(Area::Roles, EntityKind::Role, id, text);
        if a.id != b.id {
            say(self, format!("{me}: id {} → {}", a.id, b.id));
        }
        if a.name != b.name {
            say(
                self,
                format!("{me}: renamed \"{}\" → \"{}\"", a.name, b.name),
            );
        }
        if a.category != b.category {
            say(
                self,
                format!(
                    "{me}: category {} → {}",
                    a.category.as_str(),
                    b.category.as_str()
                ),
            );
        }
        if a.duties != b.duties {
            let (added, removed) = list_delta(&a.duties, &b.duties);
            if added.is_empty() && removed.is_empty() {
                say(self, format!("{me}: duties reordered"));
            }
            for (_, d) in added {
                say(self, format!("{me}: now carries duty 5.3 {}", d.as_str()));
            }
            for (_, d) in removed {
                say(
                    self,
                    format!("{me}: no longer carries duty 5.3 {}", d.as_str()),
                );
            }
        }
        if let Some(t) = field("purpose", &a.purpose, &b.purpose, true) {
            say(self, format!("{me}: {t}"));
        }
        for (what, x, y) in [
            ("responsibility", &a.responsibilities, &b.responsibilities),
            ("authority", &a.authorities, &b.authorities),
            ("required competency", &a.competencies, &b.competencies),
        ] {
            if x == y {
                continue;
            }
            let before = self.out.len();
            let (mut added, removed) = list_delta(x, y);
            for (i, r) in removed {
                // One line replaced by another in the same place is a
                // rewording, not a removal and an addition.
                if let Some(k) = added.iter().position(|(j, _)| *j == i) {
                    let (_, n) = added.remove(k);
                    say(self, format!("{me}: {what} reworded \"{r}\" → \"{n}\""));
                } else {
                    say(self, format!("{me}: {what} removed \"{r}\""));
                }
            }
            for (_, n) in &added {
                say(self, format!("{me}: {what} added \"{n}\""));
            }
            if self.out.len() == before {
                let plural = match what {
                    "responsibility" => "responsibilities",
                    "authority" => "authorities",
                    _ => "required competencies",
                };
                say(self, format!("{me}: {plural} reordered"));
            }
        }
        if a.privileged != b.privileged {
            let t = if b.privileged {
                "now privileged"
            } else {
                "no longer privileged"
            };
            say(self, format!("{me}: {t}"));
        }
        if a.needs_deputy != b.needs_deputy {
            let t = if b.needs_deputy {
                "now needs a deputy"
            } else {
                "no longer needs a deputy"
            };
            say(self, format!("{me}: {t}"));
        }
        if let Some(t) = field("FTE", &a.fte, &b.fte, false) {
            say(self, format!("{me}: {t}"));
        }
        if let Some(t) = field("reviewed", &a.reviewed, &b.reviewed, false) {
            say(self, format!("{me}: {t}"));
        }
    }

    fn assignments(&mut self) {
        let (old, new) = (self.old, self.new);
        let none: &[Assignment] = &[];
        let roles = new
            .roles
            .keys()
            .chain(old.roles.keys().filter(|k| !new.roles.contains_key(*k)));
        for role in roles {
            let a = old.roles.get(role).map_or(none, |r| &r.assignments[..]);
            let b = new.roles.get(role).map_or(none, |r| &r.assignments[..]);
            if a != b {
                self.role_assignments(role, a, b);
            }
        }
    }

    fn role_assignments(&mut self, role: &str, a: &[Assignment], b: &[Assignment]) {
        let rn = self.role_name(role);
        let before = self.out.len();
        let (both, appointed, gone) = pair_up(a, b, |x| (x.person.clone(), x.from));
        for (x, y) in both {
            if x == y {
                continue;
            }
            let eid = assignment_id(role, y);
            let me = format!("{} as {rn}", self.who(&y.person));
            let say = |d: &mut Self, text: String| {
                d.push(Area::Assignments, EntityKind::Assignment, &eid, text)
            };
            match (x.until, y.until) {
                (None, Some(u)) => say(self, format!("ended {me} on {u}")),
                (Some(u), None) => say(self, format!("{me} no longer ends (had ended on {u})")),
                (Some(p), Some(q)) if p != q => say(self, format!("{me}: until {p} → {q}")),
                _ => {}
            }
            if x.deputy != y.deputy {
                let text = match (&x.deputy, &y.deputy) {
                    (None, Some(d)) => format!("appointed {} deputy of {rn}", self.who(d)),
                    (Some(was), Some(d)) => {
                        format!(
                            "appointed {} deputy of {rn} (was {})",
                            self.who(d),
                            self.who(was)
                        )
                    }
                    (Some(d), None) => format!("{} no longer deputy of {rn}", self.who(d)),
                    (None, None) => continue,
                };
                say(self, text);
            }
            if x.acknowledged != y.acknowledged {
                let text = match y.acknowledged {
                    Some(d) if x.acknowledged.is_none() => {
                        format!("{} acknowledged {rn} on {d}", self.who(&y.person))
                    }
                    _ => format!(
                        "{me}: {}",
                        field("acknowledged", &x.acknowledged, &y.acknowledged, false)
                            .unwrap_or_default()
                    ),
                };
                say(self, text);
            }
            let sponsors = (
                x.sponsor.as_deref().map(|s| self.who(s)),
                y.sponsor.as_deref().map(|s| self.who(s)),
            );
            for t in [
                field("evidence", &x.evidence, &y.evidence, true),
                field("allocation", &x.allocation, &y.allocation, false),
                field("sponsor", &sponsors.0, &sponsors.1, false),
                field("contract", &x.contract, &y.contract, true),
                field("note", &x.note, &y.note, true),
            ]
            .into_iter()
            .flatten()
            {
                say(self, format!("{me}: {t}"));
            }
        }
        for y in appointed {
            let mut text = format!("appointed {} as {rn}", self.who(&y.person));
            if let Some(f) = y.from {
                text.push_str(&format!(" from {f}"));
            }
            if let Some(u) = y.until {
                text.push_str(&format!(" until {u}"));
            }
            if let Some(d) = &y.deputy {
                text.push_str(&format!(", deputy {}", self.who(d)));
            }
            self.push(
                Area::Assignments,
                EntityKind::Assignment,
                &assignment_id(role, y),
                text,
            );
        }
        for x in gone {
            let mut text = format!("removed the appointment of {} as {rn}", self.who(&x.person));
            if let Some(f) = x.from {
                text.push_str(&format!(" from {f}"));
            }
            self.push(
                Area::Assignments,
                EntityKind::Assignment,
                &assignment_id(role, x),
                text,
            );
        }
        // Same appointments in another order: still a difference.
        if self.out.len() == before {
            self.push(
                Area::Assignments,
                EntityKind::Role,
                role,
                format!("appointments to {rn} reordered"),
            );
        }
    }

    fn matrix(&mut self) {
        let (old, new) = (self.old, self.new);
        let empty = indexmap::IndexMap::new();
        let subjects = new.matrix.rows.keys().chain(
            old.matrix
                .rows
                .keys()
                .filter(|s| !new.matrix.rows.contains_key(*s)),
        );
        for subject in subjects {
            let before = old.matrix.rows.get(subject).unwrap_or(&empty);
            let after = new.matrix.rows.get(subject).unwrap_or(&empty);
            if before == after {
                continue;
            }
            let roles = after
                .keys()
                .chain(before.keys().filter(|r| !after.contains_key(*r)));
            for role in roles {
                let text = match (before.get(role), after.get(role)) {
                    (Some(x), Some(y)) if x != y => {
                        format!("{subject}: {role} {} → {}", x.as_str(), y.as_str())
                    }
                    (None, Some(y)) => format!("{subject}: {role} set to {}", y.as_str()),
                    (Some(x), None) => format!("{subject}: {role} cleared (was {})", x.as_str()),
                    _ => continue,
                };
                self.push(Area::Matrix, EntityKind::Subject, subject, text);
            }
        }
        // A row present on one side only with no cells is still a row.
        for s in new.matrix.rows.keys() {
            if !old.matrix.rows.contains_key(s) && new.matrix.rows[s].is_empty() {
                self.push(
                    Area::Matrix,
                    EntityKind::Subject,
                    s,
                    format!("{s}: empty row added"),
                );
            }
        }
        for s in old.matrix.rows.keys() {
            if !new.matrix.rows.contains_key(s) && old.matrix.rows[s].is_empty() {
                self.push(
                    Area::Matrix,
                    EntityKind::Subject,
                    s,
                    format!("{s}: empty row removed"),
                );
            }
        }
    }

    fn rules(&mut self) {
        let (old, new) = (self.old, self.new);
        let pair = |r: &SodRule| match &r.pair {
            SodPair::Roles([x, y]) => format!("roles {x} and {y}"),
            SodPair::Subjects([x, y]) => format!("subjects {x} and {y}"),
        };
        for (id, b) in &new.sod_rules {
            match old.sod_rules.get(id) {
                None => {
                    let text =
                        format!("added SoD rule {id}: {} ({})", pair(b), b.severity.as_str());
                    self.push(Area::Rules, EntityKind::Rule, id, text);
                }
                Some(a) if a != b => {
                    let me = format!("SoD rule {id}");
                    if a.pair != b.pair || a.id != b.id {
                        self.push(
                            Area::Rules,
                            EntityKind::Rule,
                            id,
                            format!("{me}: {} → {}", pair(a), pair(b)),
                        );
                    }
                    if a.severity != b.severity {
                        let t = format!(
                            "{me}: severity {} → {}",
                            a.severity.as_str(),
                            b.severity.as_str()
                        );
                        self.push(Area::Rules, EntityKind::Rule, id, t);
                    }
                    if a.reason != b.reason {
                        let t = format!("{me}: reason \"{}\" → \"{}\"", a.reason, b.reason);
                        self.push(Area::Rules, EntityKind::Rule, id, t);
                    }
                }
                Some(_) => {}
            }
        }
        for (id, a) in &old.sod_rules {
            if !new.sod_rules.contains_key(id) {
                self.push(
                    Area::Rules,
                    EntityKind::Rule,
                    id,
                    format!("removed SoD rule {id}: {}", pair(a)),
                );
            }
        }
    }

    fn settings(&mut self) {
        let (old, new) = (self.old, self.new);
        let ws =
            |d: &mut Self, text: String| d.push(Area::Settings, EntityKind::Workspace, "", text);
        let (o, n) = (&old.organisation, &new.organisation);
        if o.name != n.name {
            ws(
                self,
                format!("organisation renamed \"{}\" → \"{}\"", o.name, n.name),
            );
        }
        if let Some(t) = field("scope", &o.scope, &n.scope, true) {
            ws(self, t);
        }
        if o.departments != n.departments {
            let (added, removed) = list_delta(&o.departments, &n.departments);
            let none = added.is_empty() && removed.is_empty();
            for (_, d) in added {
                ws(self, format!("department \"{d}\" added to the ISMS scope"));
            }
            for (_, d) in removed {
                ws(
                    self,
                    format!("department \"{d}\" removed from the ISMS scope"),
                );
            }
            if none {
                ws(self, "departments reordered".to_string());
            }
        }
        let (s, t) = (&old.settings, &new.settings);
        for (name, a, b) in [
            (
                "review_interval_days",
                s.review_interval_days,
                t.review_interval_days,
            ),
            (
                "expiry_warning_days",
                s.expiry_warning_days,
                t.expiry_warning_days,
            ),
            (
                "max_reporting_steps",
                i64::from(s.max_reporting_steps),
                i64::from(t.max_reporting_steps),
            ),
        ] {
            if a != b {
                ws(self, format!("setting {name} {a} → {b}"));
            }
        }
        if s.commit_on_save != t.commit_on_save {
            let on = |b: bool| if b { "on" } else { "off" };
            ws(
                self,
                format!(
                    "setting commit-on-save {} → {}",
                    on(s.commit_on_save),
                    on(t.commit_on_save)
                ),
            );
        }
        if s.required_roles != t.required_roles {
            ws(
                self,
                format!(
                    "setting required_roles [{}] → [{}]",
                    s.required_roles.join(", "),
                    t.required_roles.join(", ")
                ),
            );
        }
        // Activities: matrix rows of the workspace's own.
        for (id, b) in &new.activities {
            let say =
                |d: &mut Self, text: String| d.push(Area::Settings, EntityKind::Subject, id, text);
            match old.activities.get(id) {
                None => say(self, format!("added activity {id} \"{}\"", b.title)),
                Some(a) if a != b => {
                    let me = format!("activity {id}");
                    if a.title != b.title || a.id != b.id {
                        say(
                            self,
                            format!("{me}: title \"{}\" → \"{}\"", a.title, b.title),
                        );
                    }
                    for t in [
                        field("theme", &a.theme, &b.theme, true),
                        field("description", &a.description, &b.description, true),
                    ]
                    .into_iter()
                    .flatten()
                    {
                        say(self, format!("{me}: {t}"));
                    }
                    if a.related != b.related {
                        say(
                            self,
                            format!(
                                "{me}: related [{}] → [{}]",
                                a.related.join(", "),
                                b.related.join(", ")
                            ),
                        );
                    }
                }
                Some(_) => {}
            }
        }
        for (id, a) in &old.activities {
            if !new.activities.contains_key(id) {
                let text = format!("removed activity {id} \"{}\"", a.title);
                self.push(Area::Settings, EntityKind::Subject, id, text);
            }
        }
        // Exclusions from the Statement of Applicability.
        for (id, b) in &new.exclusions {
            let say = |d: &mut Self, text: String| {
                d.push(Area::Settings, EntityKind::Workspace, id, text)
            };
            match old.exclusions.get(id) {
                None => say(
                    self,
                    format!("{id} declared not applicable: \"{}\"", b.justification),
                ),
                Some(a) if a != b => say(
                    self,
                    format!(
                        "{id} exclusion: justification \"{}\" → \"{}\"",
                        a.justification, b.justification
                    ),
                ),
                Some(_) => {}
            }
        }
        for id in old.exclusions.keys() {
            if !new.exclusions.contains_key(id) {
                self.push(
                    Area::Settings,
                    EntityKind::Workspace,
                    id,
                    format!("{id} applicable again (exclusion removed)"),
                );
            }
        }
        // Sign-offs, matched by their date.
        if old.signoffs != new.signoffs {
            let before = self.out.len();
            let (both, added, removed) = pair_up(&old.signoffs, &new.signoffs, |s| s.date);
            let by = |d: &Self, s: &Signoff| {
                s.by.iter().map(|p| d.who(p)).collect::<Vec<_>>().join(", ")
            };
            for (x, y) in both {
                if x == y {
                    continue;
                }
                let me = format!("sign-off of {}", y.date);
                if x.by != y.by {
                    let t = format!("{me}: signed by {} → {}", by(self, x), by(self, y));
                    ws(self, t);
                }
                for t in [
                    field("minutes", &x.minutes, &y.minutes, true),
                    field("fingerprint", &x.fingerprint, &y.fingerprint, false),
                ]
                .into_iter()
                .flatten()
                {
                    ws(self, format!("{me}: {t}"));
                }
            }
            for s in added {
                let t = format!("signed off on {} by {}", s.date, by(self, s));
                ws(self, t);
            }
            for s in removed {
                let t = format!("removed the sign-off of {} by {}", s.date, by(self, s));
                ws(self, t);
            }
            if self.out.len() == before {
                ws(self, "sign-offs reordered".to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, Competency, Duty, Exclusion, Letter, PersonKind, Severity};
    use crate::sample::clean;

    fn d(s: &str) -> Date {
        s.parse().expect("a valid test date")
    }

    #[test]
    fn the_same_register_has_no_changes() {
        let ws = clean();
        assert!(changes(&ws, &ws).is_empty());
    }

    #[test]
    fn a_letter_changed_is_one_matrix_change() {
        let old = clean();
        let mut new = old.clone();
        new.matrix
            .rows
            .get_mut("A.5.15")
            .expect("the sample has A.5.15")
            .insert("ism".into(), Letter::AR);
        let c = changes(&old, &new);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].area, Area::Matrix);
        assert!(c[0].text.starts_with("A.5.15: ism "), "{}", c[0].text);
        assert!(c[0].text.ends_with("→ A/R"), "{}", c[0].text);
    }

    type Edit = fn(&mut Workspace);

    // The helpers put back what an earlier edit took away, so that the
    // property test can combine the edits in any order.
    fn person<'w>(ws: &'w mut Workspace, id: &str) -> &'w mut Person {
        ws.people
            .entry(id.into())
            .or_insert_with(|| crate::sample::person(id, "Back Again", "Security", None))
    }

    fn role<'w>(ws: &'w mut Workspace, id: &str) -> &'w mut Role {
        ws.roles
            .entry(id.into())
            .or_insert_with(|| crate::sample::role(id, Category::Operational))
    }

    fn first_assignment<'w>(ws: &'w mut Workspace, id: &str) -> &'w mut Assignment {
        let r = role(ws, id);
        if r.assignments.is_empty() {
            r.assignments.push(crate::sample::assignment("ceo", None));
        }
        &mut r.assignments[0]
    }

    /// One edit of each kind, the area it is in and words its change must
    /// contain.
    fn cases() -> Vec<(Area, &'static str, Edit)> {
        vec![
            (Area::People, "added Nina New (new)", |ws| {
                let p = crate::sample::person("new", "Nina New", "Security", Some("ism"));
                ws.people.insert("new".into(), p);
            }),
            (Area::People, "removed Ada Audit (aud)", |ws| {
                ws.people.shift_remove("aud");
            }),
            (Area::People, "renamed Ivy Sec (ism) to Ivy Secure", |ws| {
                person(ws, "ism").name = "Ivy Secure".into();
            }),
            (
                Area::People,
                "Dan Deputy (dep): department \"Security\" → \"IT\"",
                |ws| {
                    person(ws, "dep").department = Some("IT".into());
                },
            ),
            (
                Area::People,
                "Dan Deputy (dep): manager Ivy Sec (ism) → Cora Chief (ceo)",
                |ws| {
                    person(ws, "dep").manager = Some("ceo".into());
                },
            ),
            (
                Area::People,
                "Dan Deputy (dep): title set to \"Deputy ISM\"",
                |ws| {
                    person(ws, "dep").title = Some("Deputy ISM".into());
                },
            ),
            (Area::People, "Dan Deputy (dep) left on 2026-09-30", |ws| {
                person(ws, "dep").left = Some(d("2026-09-30"));
            }),
            (Area::People, "Dan Deputy (dep) left", |ws| {
                person(ws, "dep").status = Status::Left;
            }),
            (
                Area::People,
                "Dan Deputy (dep): kind employee → contractor",
                |ws| {
                    person(ws, "dep").kind = PersonKind::Contractor;
                },
            ),
            (Area::People, "Dan Deputy (dep): MFA", |ws| {
                let p = person(ws, "dep");
                p.mfa = !p.mfa;
            }),
            (
                Area::People,
                "Dan Deputy (dep): site set to \"Kraków\"",
                |ws| {
                    person(ws, "dep").site = Some("Kraków".into());
                },
            ),
            (
                Area::People,
                "Dan Deputy (dep): joined 2020-01-01 → 2021-03-01",
                |ws| {
                    person(ws, "dep").joined = Some(d("2021-03-01"));
                },
            ),
            (
                Area::People,
                "Dan Deputy (dep) gained competency cissp (expires 2027-01-31)",
                |ws| {
                    person(ws, "dep").competencies.push(Competency {
                        id: "cissp".into(),
                        expires: Some(d("2027-01-31")),
                        ..Competency::default()
                    });
                },
            ),
            (Area::Roles, "added role Privacy (privacy)", |ws| {
                let mut r = crate::sample::role("privacy", Category::Support);
                r.name = "Privacy".into();
                ws.roles.insert("privacy".into(), r);
            }),
            (Area::Roles, "removed role", |ws| {
                ws.roles.shift_remove("audit");
            }),
            (Area::Roles, "role ism: renamed", |ws| {
                role(ws, "ism").name = "Chief ISM".into();
            }),
            (
                Area::Roles,
                "role ism: category governance → support",
                |ws| {
                    role(ws, "ism").category = Category::Support;
                },
            ),
            (Area::Roles, "role incident: now carries duty 5.3 b", |ws| {
                role(ws, "incident").duties.push(Duty::Reporting);
            }),
            (
                Area::Roles,
                "role ism: purpose set to \"Run the ISMS\"",
                |ws| {
                    role(ws, "ism").purpose = Some("Run the ISMS".into());
                },
            ),
            (
                Area::Roles,
                "role ism: responsibility added \"Keep the risk register\"",
                |ws| {
                    role(ws, "ism")
                        .responsibilities
                        .push("Keep the risk register".into());
                },
            ),
            (
                Area::Roles,
                "role ism: authority added \"Stop a release\"",
                |ws| {
                    role(ws, "ism").authorities.push("Stop a release".into());
                },
            ),
            (
                Area::Roles,
                "role ism: required competency added \"iso27001-la\"",
                |ws| {
                    role(ws, "ism").competencies.push("iso27001-la".into());
                },
            ),
            (Area::Roles, "role ism: ", |ws| {
                let r = role(ws, "ism");
                r.privileged = !r.privileged;
            }),
            (Area::Roles, "role ism: ", |ws| {
                let r = role(ws, "ism");
                r.needs_deputy = !r.needs_deputy;
            }),
            (Area::Roles, "role ism: FTE", |ws| {
                role(ws, "ism").fte = Some(0.25);
            }),
            (Area::Roles, "role ism: reviewed", |ws| {
                role(ws, "ism").reviewed = Some(d("2026-02-01"));
            }),
            (Area::Assignments, "appointed Otto Ops (coo) as", |ws| {
                let mut a = crate::sample::assignment("coo", None);
                a.from = Some(d("2026-03-01"));
                role(ws, "audit").assignments.push(a);
            }),
            (
                Area::Assignments,
                "removed the appointment of Ada Audit (aud) as",
                |ws| {
                    role(ws, "audit").assignments.clear();
                },
            ),
            (Area::Assignments, "ended Ada Audit (aud) as", |ws| {
                first_assignment(ws, "audit").until = Some(d("2026-06-30"));
            }),
            (
                Area::Assignments,
                "appointed Otto Ops (coo) deputy of",
                |ws| {
                    first_assignment(ws, "ism").deputy = Some("coo".into());
                },
            ),
            (
                Area::Assignments,
                "evidence \"Board minutes 2024-01\" → \"Board minutes 12\"",
                |ws| {
                    first_assignment(ws, "ism").evidence = Some("Board minutes 12".into());
                },
            ),
            (
                Area::Assignments,
                "acknowledged 2024-01-05 → 2026-01-05",
                |ws| {
                    first_assignment(ws, "ism").acknowledged = Some(d("2026-01-05"));
                },
            ),
            (Area::Assignments, "allocation 0.2 → 0.5", |ws| {
                first_assignment(ws, "ism").allocation = Some(0.5);
            }),
            (Area::Assignments, "sponsor set to Cora Chief (ceo)", |ws| {
                first_assignment(ws, "ism").sponsor = Some("ceo".into());
            }),
            (Area::Assignments, "contract set to \"SOW-7\"", |ws| {
                first_assignment(ws, "ism").contract = Some("SOW-7".into());
            }),
            (Area::Assignments, "note set to \"interim\"", |ws| {
                first_assignment(ws, "ism").note = Some("interim".into());
            }),
            (Area::Assignments, "reordered", |ws| {
                role(ws, "review").assignments.reverse();
            }),
            (Area::Matrix, "A.5.15: audit set to I", |ws| {
                ws.matrix.set("A.5.15", "audit", Some(Letter::I));
            }),
            (Area::Matrix, "A.5.15: ism cleared (was", |ws| {
                ws.matrix.set("A.5.15", "ism", None);
            }),
            (
                Area::Rules,
                "added SoD rule split: roles ism and audit (error)",
                |ws| {
                    let rule = SodRule {
                        id: "split".into(),
                        pair: SodPair::Roles(["ism".into(), "audit".into()]),
                        severity: Severity::Error,
                        reason: "independence".into(),
                    };
                    ws.sod_rules.insert("split".into(), rule);
                },
            ),
            (Area::Settings, "organisation renamed", |ws| {
                ws.organisation.name = "Other Ltd".into();
            }),
            (Area::Settings, "scope \"Everything\" → \"HQ\"", |ws| {
                ws.organisation.scope = Some("HQ".into());
            }),
            (
                Area::Settings,
                "department \"Legal\" added to the ISMS scope",
                |ws| {
                    ws.organisation.departments.push("Legal".into());
                },
            ),
            (
                Area::Settings,
                "setting review_interval_days 365 → 180",
                |ws| {
                    ws.settings.review_interval_days = 180;
                },
            ),
            (Area::Settings, "setting commit-on-save off → on", |ws| {
                ws.settings.commit_on_save = true;
            }),
            (Area::Settings, "setting required_roles", |ws| {
                ws.settings.required_roles.pop();
            }),
            (
                Area::Settings,
                "added activity approve-access \"Approve access\"",
                |ws| {
                    let a = crate::model::Activity {
                        id: "approve-access".into(),
                        title: "Approve access".into(),
                        ..Default::default()
                    };
                    ws.activities.insert(a.id.clone(), a);
                },
            ),
            (
                Area::Settings,
                "A.7.5 declared not applicable: \"no premises\"",
                |ws| {
                    let e = Exclusion {
                        subject: "A.7.5".into(),
                        justification: "no premises".into(),
                    };
                    ws.exclusions.insert("A.7.5".into(), e);
                },
            ),
            (
                Area::Settings,
                "signed off on 2026-11-02 by Cora Chief (ceo)",
                |ws| {
                    ws.signoffs.push(Signoff {
                        date: d("2026-11-02"),
                        by: vec!["ceo".into()],
                        ..Signoff::default()
                    });
                },
            ),
            (Area::Settings, "sign-off of", |ws| {
                if ws.signoffs.is_empty() {
                    ws.signoffs.push(Signoff::default());
                }
                ws.signoffs[0].minutes = Some("MR-2026-1".into());
            }),
        ]
    }

    #[test]
    fn every_kind_of_change_is_reported_both_ways() {
        let old = clean();
        for (area, words, edit) in cases() {
            let mut new = old.clone();
            edit(&mut new);
            assert!(old != new, "the edit for {words:?} changes nothing");
            let there = changes(&old, &new);
            assert!(
                there
                    .iter()
                    .any(|c| c.area == area && c.text.contains(words)),
                "{words:?} in {area:?} not among {there:#?}"
            );
            let back = changes(&new, &old);
            assert!(!back.is_empty(), "undoing {words:?} reports nothing");
            assert!(back.iter().all(|c| !c.text.is_empty()));
            assert!(
                changes(&new, &new).is_empty(),
                "{words:?}: a register differs from itself"
            );
        }
    }

    #[test]
    fn a_responsibility_replaced_in_place_is_reworded() {
        let mut old = clean();
        role(&mut old, "ism").responsibilities = vec!["one".into(), "two".into()];
        let mut new = old.clone();
        role(&mut new, "ism").responsibilities[1] = "deux".into();
        let c = changes(&old, &new);
        let texts: Vec<_> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            ["role ism: responsibility reworded \"two\" → \"deux\""]
        );
    }

    #[test]
    fn a_renewed_competency_says_so() {
        let mut old = clean();
        person(&mut old, "dep").competencies.push(Competency {
            id: "cissp".into(),
            achieved: Some(d("2023-01-01")),
            expires: Some(d("2026-01-01")),
            evidence: None,
        });
        let mut new = old.clone();
        let c = &mut person(&mut new, "dep").competencies[0];
        c.achieved = Some(d("2026-01-01"));
        c.expires = Some(d("2029-01-01"));
        let texts: Vec<_> = changes(&old, &new).into_iter().map(|c| c.text).collect();
        assert_eq!(
            texts,
            ["Dan Deputy (dep): renewed competency cissp (expires 2029-01-01)"]
        );
        let mut moved = old.clone();
        person(&mut moved, "dep").competencies[0].expires = Some(d("2026-06-01"));
        let texts: Vec<_> = changes(&old, &moved).into_iter().map(|c| c.text).collect();
        assert_eq!(
            texts,
            ["Dan Deputy (dep): competency cissp: expires 2026-01-01 → 2026-06-01"]
        );
    }

    #[test]
    fn changes_come_grouped_by_area_in_order() {
        let old = clean();
        let mut new = old.clone();
        for (_, _, edit) in cases().into_iter().rev() {
            edit(&mut new);
        }
        let c = changes(&old, &new);
        assert!(c.windows(2).all(|w| w[0].area <= w[1].area), "{c:#?}");
        assert_eq!(c, changes(&old, &new), "the order is deterministic");
    }

    #[test]
    fn the_findings_delta_names_what_an_edit_raised_and_resolved() {
        let old = clean();
        let on = crate::sample::today();
        assert_eq!(findings_delta(&old, &old, on), (vec![], vec![]));
        let mut new = old.clone();
        // Nobody Accountable for A.5.15 any more.
        new.matrix.rows.get_mut("A.5.15").expect("A.5.15").clear();
        let (raised, resolved) = findings_delta(&old, &new, on);
        assert!(!raised.is_empty());
        let (raised_back, resolved_back) = findings_delta(&new, &old, on);
        assert_eq!(raised_back.len(), resolved.len());
        assert_eq!(resolved_back.len(), raised.len());
    }

    #[test]
    fn the_summary_is_one_line_with_a_count_of_the_rest() {
        let old = clean();
        let mut new = old.clone();
        person(&mut new, "dep").left = Some(d("2026-09-30"));
        new.matrix.set("A.5.15", "incident", Some(Letter::I));
        new.settings.review_interval_days = 180;
        role(&mut new, "ism").purpose = Some("two\nlines\u{1b}[31m".into());
        let c = changes(&old, &new);
        assert_eq!(c.len(), 4, "{c:#?}");
        assert_eq!(
            summary(&c),
            "Dan Deputy (dep) left on 2026-09-30; role ism: purpose set to \"two lines[31m\" (+2 more)"
        );
        assert_eq!(summary(&c[..1]), "Dan Deputy (dep) left on 2026-09-30");
        assert_eq!(summary(&[]), "no register changes");
    }

    /// A generated register of benchmark size: a few edits are found as
    /// exactly those changes, and two different generated registers differ.
    #[test]
    fn a_large_generated_register_is_compared_by_key() {
        use crate::store::{FileKind, InMemory, read_from};
        use crate::synth::{Spec, generate};
        let load = |spec: &Spec| {
            let files = generate(spec);
            let mut src = InMemory::new("synth");
            for kind in [
                FileKind::Workspace,
                FileKind::People,
                FileKind::Roles,
                FileKind::Matrix,
            ] {
                src = src.with(kind, files.get(kind).as_bytes().to_vec());
            }
            read_from(&src).expect("the generated register loads")
        };
        let old = load(&Spec::BENCH);
        let started = std::time::Instant::now();
        assert!(changes(&old, &old.clone()).is_empty());
        eprintln!(
            "changes() over {} people, identical: {:?}",
            old.people.len(),
            started.elapsed()
        );
        let mut new = old.clone();
        let last = new.people.keys().last().expect("people").clone();
        new.people[&last].left = Some(d("2026-09-30"));
        let subject = new.matrix.rows.keys().next().expect("rows").clone();
        new.matrix.set(&subject, "auditor-x", Some(Letter::I));
        let c = changes(&old, &new);
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts[0].ends_with("left on 2026-09-30"), "{texts:?}");
        assert_eq!(texts[1], format!("{subject}: auditor-x set to I"));
        let other = load(&Spec {
            people: 200,
            roles: 40,
            matrix_entries: 300,
            seed: 5,
        });
        assert!(!changes(&old, &other).is_empty());
        assert!(!changes(&other, &old).is_empty());
    }

    mod property {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// Any set of the edits above: no changes exactly when the
            /// registers are equal, and none from a register to itself.
            #[test]
            fn changes_are_empty_exactly_when_the_registers_are_equal(
                picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..6)
            ) {
                let old = clean();
                let all = cases();
                let mut new = old.clone();
                for p in &picks {
                    (all[p.index(all.len())].2)(&mut new);
                }
                prop_assert!(changes(&new, &new).is_empty());
                prop_assert_eq!(changes(&old, &new).is_empty(), old == new);
                prop_assert_eq!(changes(&new, &old).is_empty(), old == new);
            }
        }
    }
}
