//! Lookups shared by the one-shot commands, the exports and the workbench:
//! who is accountable for a subject, what a person holds, what a role is,
//! and a fuzzy search over everything. Pure functions of the register and
//! a date.

pub mod leave;
pub use leave::{Consequences, handover_consequences, leave_consequences};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

use crate::catalogue::{self, Subject, SubjectKind};
use crate::model::{Assignment, Date, Letter, Person, Role, Workspace, assignment_id};
use crate::rules::{EntityKind, Finding, Index};

/// Why a name did not lead to one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Miss {
    /// The query was empty or only spaces.
    Empty,
    /// Nothing has that name; the suggestions are the closest names.
    NoMatch,
    /// Several things have that name; the suggestions are they.
    Ambiguous,
}

/// A name that did not lead to exactly one answer, with the candidates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotFound {
    pub kind: &'static str,
    pub query: String,
    pub why: Miss,
    pub suggestions: Vec<Suggestion>,
    /// Further matches of an ambiguous name, beyond those suggested.
    pub more: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub label: String,
}

impl NotFound {
    /// The miss for an empty query: nothing to look up.
    pub fn empty(kind: &'static str) -> NotFound {
        NotFound {
            kind,
            query: String::new(),
            why: Miss::Empty,
            suggestions: Vec::new(),
            more: 0,
        }
    }
}

impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let q = crate::text::sanitize(&self.query);
        match self.why {
            Miss::Empty => return write!(f, "nothing to look up: no {} given", self.kind),
            Miss::NoMatch => write!(f, "no {} matches `{q}`", self.kind)?,
            Miss::Ambiguous => write!(f, "`{q}` could be more than one {}", self.kind)?,
        }
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
            let head = match self.why {
                Miss::Ambiguous => "name one of",
                _ => "closest",
            };
            write!(f, "; {head}: {}", list.join(", "))?;
            if self.more > 0 {
                write!(f, " (and {} more)", self.more)?;
            }
        }
        Ok(())
    }
}

/// How many candidates a failed lookup suggests.
const SUGGESTIONS: usize = 5;

/// The words of a name as lookups compare them: folded (no case, no
/// accents), apostrophes dropped (`O'Brien` is `obrien`), cut at anything
/// that is not a letter or digit (spaces, commas, dots, hyphens).
fn words(s: &str) -> Vec<String> {
    let mut chars = Vec::new();
    let mut spans = Vec::new();
    push_words(s, &mut chars, &mut spans);
    spans
        .into_iter()
        .map(|(a, b)| chars[a..b].iter().collect())
        .collect()
}

/// [`words`] into reusable buffers: the letters go on `chars`, and each
/// word's start and end in it on `spans`.
fn push_words(s: &str, chars: &mut Vec<char>, spans: &mut Vec<(usize, usize)>) {
    let mut start = chars.len();
    for c in crate::text::fold_chars(s) {
        if c == '\'' || c == '\u{2019}' {
            continue;
        }
        if c.is_alphanumeric() {
            chars.push(c);
        } else {
            if chars.len() > start {
                spans.push((start, chars.len()));
            }
            start = chars.len();
        }
    }
    if chars.len() > start {
        spans.push((start, chars.len()));
    }
}

/// The edits a typo in a word of `len` characters may take and still be
/// taken for that word: none in one or two letters, then one per three.
fn typos_allowed(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        _ => 3,
    }
}

/// How far query word `q` is from a candidate's word `w`, in half edits:
/// 0 the same word, 1 the start of it (`siob` for `siobhan`), two per typo,
/// one more when the typos are in the start of a longer word. `None` when
/// there are more typos than the query word's length allows.
fn word_cost(q: &[char], w: &[char], rows: &mut Vec<usize>) -> Option<usize> {
    if q == w {
        return Some(0);
    }
    let allowed = typos_allowed(q.len());
    let whole = q.len().abs_diff(w.len()) <= allowed;
    let prefix = q.len() >= 3 && w.len() > q.len();
    if !whole && !prefix {
        return None;
    }
    // Longer prefixes of `w` are too far from `q` to matter.
    let b = &w[..w.len().min(q.len() + allowed)];
    if !crate::text::distances_to_prefixes(q, b, allowed, rows) {
        return None;
    }
    let mut best = None;
    if whole && rows[w.len()] <= allowed {
        best = Some(2 * rows[w.len()]);
    }
    if prefix {
        // The proper prefixes of `w` that were measured.
        let end = b.len().min(w.len() - 1);
        if let Some(d) = rows[1..=end]
            .iter()
            .copied()
            .min()
            .filter(|&d| d <= allowed)
        {
            best = Some(best.map_or(2 * d + 1, |b: usize| b.min(2 * d + 1)));
        }
    }
    best
}

/// A query prepared once for ranking many candidates, with the buffers the
/// ranking reuses.
struct Probe {
    /// The whole query, folded.
    whole: String,
    whole_chars: Vec<char>,
    /// The query's words: letters and spans into them.
    chars: Vec<char>,
    spans: Vec<(usize, usize)>,
    letters: usize,
    rows: Vec<usize>,
}

impl Probe {
    fn new(query: &str) -> Probe {
        let whole = crate::text::fold(query.trim());
        let (mut chars, mut spans) = (Vec::new(), Vec::new());
        push_words(query, &mut chars, &mut spans);
        Probe {
            whole_chars: whole.chars().collect(),
            whole,
            letters: chars.len(),
            chars,
            spans,
            rows: Vec::new(),
        }
    }

    /// How well a candidate takes the query, typos allowed: two points for
    /// each letter of a query word found among the candidate's words
    /// (`cand` and `spans`), less a point per half edit. Zero unless the
    /// words found make up at least half the query, so one short word in
    /// common is not a match. A mistyped id as a whole (`A.5.155`, `audti`)
    /// counts too.
    fn typo_score(&mut self, id: &[char], cand: &[char], spans: &[(usize, usize)]) -> i64 {
        let mut score = 0;
        let mut found = 0;
        for &(a, b) in &self.spans {
            let q = &self.chars[a..b];
            let cost = spans
                .iter()
                .filter_map(|&(c, d)| word_cost(q, &cand[c..d], &mut self.rows))
                .min();
            if let Some(cost) = cost {
                score += 2 * q.len() as i64 - cost as i64;
                found += q.len();
            }
        }
        if 2 * found < self.letters {
            score = 0;
        }
        let allowed = (id.len() / 3).max(1);
        if self.whole_chars.len().abs_diff(id.len()) <= allowed
            && crate::text::distances_to_prefixes(&self.whole_chars, id, allowed, &mut self.rows)
            && self.rows[id.len()] <= allowed
        {
            let d = self.rows[id.len()];
            score = score.max(2 * self.whole_chars.len().saturating_sub(d) as i64);
        }
        score
    }
}

/// Is a fuzzy (subsequence) score `score` for a query of `chars`
/// characters a match at all? A letter found where it belongs scores about
/// 20 in the skim matcher; letters scattered across a long text score a
/// third of that (`zzzz` finds the four z of "Katarzyna Kowalczyk
/// kkowalczyk@..."). Half a clean match per letter, 12.5, is the bar: it
/// keeps abbreviations (`mnwk` for mnowak scores 17.75 a letter) and drops
/// letters that are merely present (`brennan` in the title of A.6.5, 10.4).
pub fn strong_fuzzy(score: i64, chars: usize) -> bool {
    2 * score >= 25 * chars as i64
}

/// Ranks `candidates` (id, label) against `query`, best first: first by
/// how much of the query the candidate's words (and id) take, typos
/// allowed, then by the fuzzy (subsequence) match that `find` uses. A
/// candidate that neither measure finds is left out. Linear in the
/// candidates: one short edit distance per pair of words.
fn closest(
    query: &str,
    candidates: impl Iterator<Item = (String, String)>,
    limit: usize,
) -> Vec<Suggestion> {
    let matcher = SkimMatcherV2::default();
    let mut probe = Probe::new(query);
    let (mut cand, mut spans, mut id, mut hay) =
        (Vec::new(), Vec::new(), Vec::new(), String::new());
    let mut scored: Vec<((i64, i64), Suggestion)> = Vec::new();
    for (cid, label) in candidates {
        id.clear();
        id.extend(crate::text::fold_chars(&cid));
        cand.clear();
        spans.clear();
        push_words(&label, &mut cand, &mut spans);
        spans.push((cand.len(), cand.len() + id.len()));
        cand.extend_from_slice(&id);
        let typo = probe.typo_score(&id, &cand, &spans);
        hay.clear();
        hay.extend(id.iter());
        hay.push(' ');
        hay.extend(crate::text::fold_chars(&label));
        let fuzzy = matcher
            .fuzzy_match(&hay, &probe.whole)
            .filter(|&f| strong_fuzzy(f, probe.whole.chars().count()));
        if typo > 0 || fuzzy.is_some() {
            let s = Suggestion { id: cid, label };
            scored.push(((typo, fuzzy.unwrap_or(0)), s));
        }
    }
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| crate::text::natural_cmp(&a.1.id, &b.1.id))
    });
    scored.into_iter().take(limit).map(|(_, s)| s).collect()
}

/// The answer when exactly one candidate has the name; otherwise a miss
/// listing the several that have it, or the closest names to it.
fn one_of<'a, T>(
    kind: &'static str,
    query: &str,
    matches: Vec<&'a T>,
    label: impl Fn(&T) -> (String, String),
    everything: impl Iterator<Item = (String, String)>,
) -> Result<&'a T, NotFound> {
    match matches.len() {
        1 => Ok(matches[0]),
        0 => Err(NotFound {
            kind,
            query: query.to_string(),
            why: Miss::NoMatch,
            suggestions: closest(query, everything, SUGGESTIONS),
            more: 0,
        }),
        _ => {
            let mut suggestions = closest(query, matches.iter().map(|m| label(m)), SUGGESTIONS);
            // Ones the ranking does not see (two people sharing an email)
            // are still named, after the ranked ones.
            for (id, label) in matches.iter().map(|m| label(m)) {
                if suggestions.len() < SUGGESTIONS && !suggestions.iter().any(|s| s.id == id) {
                    suggestions.push(Suggestion { id, label });
                }
            }
            Err(NotFound {
                kind,
                query: query.to_string(),
                why: Miss::Ambiguous,
                more: matches.len().saturating_sub(suggestions.len()),
                suggestions,
            })
        }
    }
}

/// Finds a person, ignoring case and accents, by id, email, the part of
/// the email before the `@`, full name or "Surname, First"; failing those,
/// by words of the name (a first name or surname alone) if only one person
/// has them all. Otherwise the several who share the name, or the closest
/// names, typos allowed.
pub fn resolve_person<'a>(ws: &'a Workspace, query: &str) -> Result<&'a Person, NotFound> {
    let q = query.trim();
    // (A query of nothing but combining accents folds to nothing too.)
    if crate::text::fold(q).trim().is_empty() {
        return Err(NotFound::empty("person"));
    }
    if let Some(p) = ws.people.get(q) {
        return Ok(p);
    }
    let folded = crate::text::fold(q);
    let is_query = |s: &str| crate::text::fold_chars(s).eq(folded.chars());
    // An id in other case or accents names that person, before any email
    // or name that happens to read the same (`Alice` is the person `alice`,
    // not also asmith <alice@...>).
    let mut by_id = ws.people.values().filter(|p| is_query(&p.id));
    if let (Some(p), None) = (by_id.next(), by_id.next()) {
        return Ok(p);
    }
    let qw = words(q);
    // "Okafor, Helen" is Helen Okafor.
    let reversed: Option<Vec<String>> = q.split_once(',').map(|(last, first)| {
        let mut w = words(first);
        w.extend(words(last));
        w
    });
    let mut whole: Vec<&Person> = Vec::new();
    let mut by_words: Vec<&Person> = Vec::new();
    let (mut chars, mut spans) = (Vec::new(), Vec::new());
    for p in ws.people.values() {
        chars.clear();
        spans.clear();
        push_words(p.display_name(), &mut chars, &mut spans);
        let name = || spans.iter().map(|&(a, b)| &chars[a..b]);
        let same_words = |w: &[String]| {
            w.len() == spans.len() && name().zip(w).all(|(n, w)| n.iter().copied().eq(w.chars()))
        };
        let email = p.email.as_deref().unwrap_or("");
        if is_query(&p.id)
            || (!email.is_empty() && is_query(email))
            || email
                .split_once('@')
                .is_some_and(|(local, _)| is_query(local))
            || same_words(&qw)
            || reversed.as_deref().is_some_and(same_words)
        {
            whole.push(p);
        } else if !qw.is_empty()
            && qw
                .iter()
                .all(|w| name().any(|n| n.iter().copied().eq(w.chars())))
        {
            by_words.push(p);
        }
    }
    let label = |p: &Person| (p.id.clone(), p.display_name().to_string());
    let matches = if whole.is_empty() { by_words } else { whole };
    one_of("person", q, matches, label, ws.people.values().map(label))
}

/// Finds a role by id or name, ignoring case and accents; otherwise the
/// closest matches, typos allowed.
pub fn resolve_role<'a>(ws: &'a Workspace, query: &str) -> Result<&'a Role, NotFound> {
    let q = query.trim();
    // (A query of nothing but combining accents folds to nothing too.)
    if crate::text::fold(q).trim().is_empty() {
        return Err(NotFound::empty("role"));
    }
    if let Some(r) = ws.roles.get(q) {
        return Ok(r);
    }
    let folded = crate::text::fold(q);
    let qw = words(q);
    let matches: Vec<&Role> = ws
        .roles
        .values()
        .filter(|r| crate::text::fold(&r.id) == folded || words(r.display_name()) == qw)
        .collect();
    let label = |r: &Role| (r.id.clone(), r.display_name().to_string());
    one_of("role", q, matches, label, ws.roles.values().map(label))
}

/// Subjects a query names: one subject, or every sub-clause of a heading
/// (`9.3`, `6`). Accepts `A.5.15`, `a.5.15`, `5.15` for a control when no
/// clause has that number, activity ids, and a title in full (`access
/// control`, or a heading's: `internal audit` is 9.2), ignoring case,
/// accents and punctuation.
pub fn resolve_subjects<'a>(ws: &'a Workspace, query: &str) -> Result<Vec<Subject<'a>>, NotFound> {
    const KIND: &str = "clause, control or activity";
    let q = query.trim();
    // (A query of nothing but combining accents folds to nothing too.)
    if crate::text::fold(q).trim().is_empty() {
        return Err(NotFound::empty(KIND));
    }
    let all = catalogue::subjects(ws);
    let children = |id: &str| -> Vec<Subject<'a>> {
        let prefix = format!("{}.", crate::text::fold(id));
        all.iter()
            .filter(|s| {
                s.kind != SubjectKind::Activity && crate::text::fold(s.id).starts_with(&prefix)
            })
            .cloned()
            .collect()
    };
    let folded = crate::text::fold(q);
    let nq = folded
        .trim_start_matches("clause ")
        .trim_start_matches("annex ")
        .to_string();
    for c in [nq.clone(), format!("a.{nq}")] {
        if let Some(s) = all.iter().find(|s| crate::text::fold(s.id) == c) {
            return Ok(vec![s.clone()]);
        }
        let under = children(&c);
        if !under.is_empty() {
            return Ok(under);
        }
    }
    // A title typed in full: a subject's ("access control") or a
    // heading's ("internal audit", for 9.2.1 and 9.2.2).
    let cat = catalogue::catalogue();
    let headings = || cat.entries().iter().filter(|e| cat.is_heading(e.id));
    let qw = words(q);
    let titled: Vec<(&str, &str)> = all
        .iter()
        .map(|s| (s.id, s.title))
        .chain(headings().map(|e| (e.id, e.title)))
        .filter(|(_, title)| words(title) == qw)
        .collect();
    match titled.as_slice() {
        [(id, _)] => {
            return Ok(match all.iter().find(|s| s.id == *id) {
                Some(s) => vec![s.clone()],
                None => children(id),
            });
        }
        [] => {}
        several => {
            return Err(NotFound {
                kind: KIND,
                query: q.to_string(),
                why: Miss::Ambiguous,
                more: several.len().saturating_sub(SUGGESTIONS),
                suggestions: several
                    .iter()
                    .take(SUGGESTIONS)
                    .map(|(id, title)| Suggestion {
                        id: id.to_string(),
                        label: title.to_string(),
                    })
                    .collect(),
            });
        }
    }
    Err(NotFound {
        kind: KIND,
        query: q.to_string(),
        why: Miss::NoMatch,
        more: 0,
        suggestions: closest(
            q,
            all.iter()
                .map(|s| (s.id, s.title))
                .chain(headings().map(|e| (e.id, e.title)))
                .map(|(id, title)| (id.to_string(), title.to_string())),
            SUGGESTIONS,
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
    /// True when the deputy has left (`people/leaver-is-deputy`), marked
    /// like a holder who has left.
    pub left: bool,
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
                left: dp.is_some_and(|p| p.has_left_by(ix.on)),
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
    /// Sorted A/R, A, R, S, C, I.
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
    duties.sort_by_key(|d| d.letter.rank());
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
    /// Each competency the person has a record of, or a role they hold
    /// requires: the record that counts on the date.
    pub competencies: Vec<CompetencyStanding>,
    pub findings: Vec<Finding>,
}

/// One competency of a person on the index date: the record that counts
/// (of several, the one valid then; see [`crate::rules::CompetenceStatus`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetencyStanding {
    pub id: String,
    /// held, expiring, expired or missing.
    pub status: &'static str,
    /// The status in words, with its dates.
    pub description: String,
    pub evidence: Option<String>,
    pub achieved: Option<Date>,
    pub expires: Option<Date>,
    /// How many records of this competency there are (renewals).
    pub records: usize,
    /// Required by a role the person holds on the date.
    pub required: bool,
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
    let mut ids: Vec<&str> = Vec::new();
    for id in p.competencies.iter().map(|c| c.id.as_str()).chain(
        held.iter()
            .filter_map(|r| ws.roles.get(*r))
            .flat_map(|r| r.competencies.iter().map(String::as_str)),
    ) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let warn = ws.settings.expiry_warning_days;
    let competencies = ids
        .into_iter()
        .map(|id| {
            let status = crate::rules::CompetenceStatus::of(p, id, ix.on, warn);
            let record = crate::rules::CompetenceStatus::record(p, id, ix.on);
            CompetencyStanding {
                id: id.to_string(),
                status: status.word(),
                description: status.describe(),
                evidence: record.and_then(|c| c.evidence.clone()),
                achieved: record.and_then(|c| c.achieved),
                expires: record.and_then(|c| c.expires),
                records: p.competencies.iter().filter(|c| c.id == id).count(),
                required: held
                    .iter()
                    .filter_map(|r| ws.roles.get(*r))
                    .any(|r| r.competencies.iter().any(|c| c == id)),
            }
        })
        .collect();
    Whois {
        competencies,
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

/// Fuzzy search over people (name, id, email, title), roles and subjects,
/// ignoring case and accents. Nothing for empty text; a weak match (see
/// [`strong_fuzzy`]) is no match.
pub fn find(ws: &Workspace, text: &str, limit: usize) -> Vec<Hit> {
    let text = crate::text::fold(text.trim());
    if text.is_empty() {
        return Vec::new();
    }
    let chars = text.chars().count();
    let matcher = SkimMatcherV2::default();
    let mut hits: Vec<Hit> = Vec::new();
    let mut folded = String::new();
    let mut push = |kind: &'static str, id: &str, label: String, hay: String| {
        folded.clear();
        folded.extend(crate::text::fold_chars(&hay));
        if let Some(score) = matcher
            .fuzzy_match(&folded, &text)
            .filter(|&s| strong_fuzzy(s, chars))
        {
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

    /// The clean register with a few more people: an accented name, two
    /// who share a first name (Ivy Sec is already there), and a misspelling
    /// target.
    fn more_people() -> Workspace {
        let mut ws = clean();
        for (id, name) in [
            ("tvarga", "Tamás Varga"),
            ("iobrien", "Ivy O'Brien"),
            ("sbrennan", "Siobhan Brennan"),
            ("hokafor", "Helen Okafor"),
        ] {
            let mut p = crate::sample::person(id, name, "Security", Some("ism"));
            p.email = Some(format!(
                "{}@example.com",
                crate::text::fold(name).replace(['\'', ' '], ".")
            ));
            ws.people.insert(id.into(), p);
        }
        ws.roles.get_mut("ism").unwrap().name = "Information Security Manager".into();
        ws
    }

    fn person_id(ws: &Workspace, q: &str) -> String {
        match resolve_person(ws, q) {
            Ok(p) => p.id.clone(),
            Err(e) => panic!("{q:?}: {e}"),
        }
    }

    fn ids(suggestions: &[Suggestion]) -> Vec<&str> {
        suggestions.iter().map(|s| s.id.as_str()).collect()
    }

    #[test]
    fn people_resolve_ignoring_case_and_accents() {
        let ws = more_people();
        for q in [
            "Tamas Varga",
            "TAMÁS varga",
            "  tamas   varga ",
            "Varga, Tamas",
            "tamas.varga",
            "Tamas.Varga@Example.com",
            "TVARGA",
        ] {
            assert_eq!(person_id(&ws, q), "tvarga", "{q:?}");
        }
        assert_eq!(person_id(&ws, "Okafor, Helen"), "hokafor");
        assert_eq!(person_id(&ws, "okafor,helen"), "hokafor");
        // An apostrophe may be typed or not.
        assert_eq!(person_id(&ws, "Ivy OBrien"), "iobrien");
        assert_eq!(person_id(&ws, "o'brien"), "iobrien");
    }

    #[test]
    fn one_name_word_is_enough_when_only_one_person_has_it() {
        let ws = more_people();
        assert_eq!(person_id(&ws, "tamas"), "tvarga", "a first name");
        assert_eq!(person_id(&ws, "Varga"), "tvarga", "a surname");
        assert_eq!(person_id(&ws, "Siobhan"), "sbrennan");
        assert_eq!(
            person_id(&ws, "Okafor Helen"),
            "hokafor",
            "both, either way"
        );
        // Whole words only: the start of a name is a suggestion, not an
        // answer.
        let e = resolve_person(&ws, "Siob").unwrap_err();
        assert_eq!((e.why, ids(&e.suggestions)[0]), (Miss::NoMatch, "sbrennan"));
    }

    #[test]
    fn a_shared_first_name_lists_everyone_who_has_it() {
        let ws = more_people();
        let e = resolve_person(&ws, "ivy").unwrap_err();
        assert_eq!(e.why, Miss::Ambiguous);
        let mut both = ids(&e.suggestions);
        both.sort();
        assert_eq!(both, ["iobrien", "ism"]);
        assert!(
            e.to_string().contains("could be more than one person"),
            "{e}"
        );
        // The full name or the surname still says which.
        assert_eq!(person_id(&ws, "Ivy Sec"), "ism");
        assert_eq!(person_id(&ws, "sec"), "ism");
        // A full name wins over a person whose name merely contains it.
        let mut ws = ws;
        let mut p = crate::sample::person("ivysec2", "Ivy Sec Jones", "Security", None);
        p.email = None;
        ws.people.insert(p.id.clone(), p);
        assert_eq!(person_id(&ws, "ivy sec"), "ism");
        let e = resolve_person(&ws, "sec ivy").unwrap_err();
        assert_eq!(e.why, Miss::Ambiguous, "{e}");
    }

    #[test]
    fn misspelt_names_get_the_right_candidate_first() {
        let ws = more_people();
        for (q, first) in [
            ("Siobahn Brenan", "sbrennan"),
            ("siobhan brenan", "sbrennan"),
            ("Tamas Vagra", "tvarga"),
            ("Helen Okafro", "hokafor"),
            ("cora chef", "ceo"),
        ] {
            let e = resolve_person(&ws, q).unwrap_err();
            assert_eq!(e.why, Miss::NoMatch, "{q:?}");
            assert_eq!(ids(&e.suggestions)[0], first, "{q:?}: {e}");
            assert!(e.suggestions.len() <= SUGGESTIONS);
        }
        let e = resolve_role(&ws, "Informaton Security Manager").unwrap_err();
        assert_eq!(ids(&e.suggestions)[0], "ism", "{e}");
        let e = resolve_role(&ws, "information  security MANAGER");
        assert_eq!(
            e.unwrap().id,
            "ism",
            "a role's name ignores case and spacing"
        );
        let e = resolve_subjects(&ws, "Acess controll").unwrap_err();
        assert_eq!(ids(&e.suggestions)[0], "A.5.15", "{e}");
        let e = resolve_subjects(&ws, "Internal audti").unwrap_err();
        assert_eq!(
            ids(&e.suggestions)[0],
            "9.2",
            "a heading is a candidate: {e}"
        );
    }

    #[test]
    fn nonsense_gets_no_candidates() {
        let ws = more_people();
        for q in ["qqqq zzzz", "xyzzy"] {
            let e = resolve_person(&ws, q).unwrap_err();
            assert_eq!((e.why, e.suggestions.len()), (Miss::NoMatch, 0), "{e}");
            assert_eq!(e.to_string(), format!("no person matches `{q}`"));
        }
    }

    #[test]
    fn a_title_names_its_subject_or_the_heading_it_heads() {
        let ws = clean();
        let found = |q: &str| -> Vec<&str> {
            resolve_subjects(&ws, q)
                .unwrap_or_else(|e| panic!("{q:?}: {e}"))
                .iter()
                .map(|s| s.id)
                .collect()
        };
        assert_eq!(found("Internal audit"), ["9.2.1", "9.2.2"]);
        assert_eq!(found("INTERNAL AUDIT"), ["9.2.1", "9.2.2"]);
        assert_eq!(found("access control"), ["A.5.15"]);
        assert_eq!(
            found("organizational roles responsibilities and authorities"),
            ["5.3"],
            "punctuation is not needed"
        );
        // Two subjects share the title: both are named, nothing answered.
        let e = resolve_subjects(&ws, "Information security risk assessment").unwrap_err();
        assert_eq!(e.why, Miss::Ambiguous);
        assert_eq!(ids(&e.suggestions), ["6.1.2", "8.2"]);
    }

    #[test]
    fn a_name_many_share_says_how_many_are_not_listed() {
        let mut ws = more_people();
        for i in 0..7 {
            let id = format!("sam{i}");
            let p = crate::sample::person(&id, &format!("Sam Rossi{i}"), "IT", None);
            ws.people.insert(id, p);
        }
        let e = resolve_person(&ws, "Sam").unwrap_err();
        assert_eq!(
            (e.why, e.suggestions.len(), e.more),
            (Miss::Ambiguous, 5, 2)
        );
        assert!(e.to_string().ends_with("(and 2 more)"), "{e}");
        // A miss lists the closest, and there is no "more" to speak of.
        let e = resolve_person(&ws, "Zebedee").unwrap_err();
        assert_eq!(e.more, 0);
        assert!(!e.to_string().contains("more"), "{e}");
    }

    #[test]
    fn an_id_in_other_case_wins_over_an_email_that_reads_the_same() {
        let mut ws = more_people();
        ws.people["iobrien"].email = Some("tvarga@example.com".into());
        // `TVarga` is the person tvarga, not also iobrien <tvarga@...>.
        assert_eq!(person_id(&ws, "TVarga"), "tvarga");
        // The email itself still finds its owner.
        assert_eq!(person_id(&ws, "tvarga@example.com"), "iobrien");
    }

    #[test]
    fn empty_queries_are_refused_without_candidates() {
        let ws = more_people();
        // (U+0301 alone is an accent with no letter: nothing once folded.)
        for q in ["", "   ", "\t", "\u{301}", " \u{301}\u{301} "] {
            let e = resolve_person(&ws, q).unwrap_err();
            assert_eq!((e.why, e.suggestions.len()), (Miss::Empty, 0));
            assert_eq!(e.to_string(), "nothing to look up: no person given");
            assert_eq!(resolve_role(&ws, q).unwrap_err().why, Miss::Empty);
            assert_eq!(resolve_subjects(&ws, q).unwrap_err().why, Miss::Empty);
            assert!(find(&ws, q, 10).is_empty());
        }
    }

    #[test]
    fn typos_are_counted_by_word() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        let cost = |q: &str, w: &str| word_cost(&c(q), &c(w), &mut Vec::new());
        assert_eq!(cost("brennan", "brennan"), Some(0));
        assert_eq!(cost("siob", "siobhan"), Some(1), "the start of a word");
        assert_eq!(cost("siobahn", "siobhan"), Some(2), "a swap is one typo");
        assert_eq!(cost("brenan", "brennan"), Some(2));
        assert_eq!(cost("controll", "control"), Some(2));
        assert_eq!(cost("acess", "access"), Some(2));
        assert_eq!(cost("sibo", "siobhan"), Some(3), "a typo in the start");
        assert_eq!(cost("ab", "ac"), None, "two letters allow no typo");
        assert_eq!(cost("kitten", "sittin"), Some(4));
        assert_eq!(cost("kitten", "sitting"), Some(5), "`sittin` starts it");
        assert_eq!(
            cost("brandt", "brennan"),
            None,
            "three typos in six letters"
        );
    }

    #[test]
    fn find_ignores_accents() {
        let ws = more_people();
        assert_eq!(find(&ws, "tamas varga", 5)[0].id, "tvarga");
        assert_eq!(find(&ws, "VÁRGA", 5)[0].id, "tvarga");
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
