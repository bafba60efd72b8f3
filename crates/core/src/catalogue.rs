//! The ISO/IEC 27001:2022 catalogue (clause and Annex A control ids and
//! titles), embedded in the binary, and the list of matrix subjects it
//! yields together with a workspace's own activities.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::Workspace;

const CSV: &str = include_str!("../../../assets/iso27001-2022-catalogue.csv");

/// Whether a catalogue row is a management-system clause or an Annex A
/// control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A management-system clause (chapters 4 to 10), headings included.
    Clause,
    /// An Annex A control.
    Control,
}

/// One row of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The id as the standard writes it: `6.1.2`, `A.5.15`.
    pub id: &'static str,
    /// Clause or Annex A control.
    pub kind: EntryKind,
    /// Chapter title for clauses ("Leadership"), theme for controls
    /// ("organizational", "people", "physical", "technological").
    pub theme: &'static str,
    /// The title the standard gives it.
    pub title: &'static str,
}

impl Entry {
    /// Chapter number for clauses ("6" for 6.1.2); "A.5" style for controls.
    pub fn chapter(&self) -> &'static str {
        match self.kind {
            EntryKind::Clause => self.id.split('.').next().unwrap_or(self.id),
            EntryKind::Control => {
                let mut parts = self.id.splitn(3, '.');
                let (a, n) = (parts.next(), parts.next());
                match (a, n) {
                    (Some(a), Some(n)) => &self.id[..a.len() + 1 + n.len()],
                    _ => self.id,
                }
            }
        }
    }
}

/// The whole catalogue with an index by id.
#[derive(Debug)]
pub struct Catalogue {
    entries: Vec<Entry>,
    by_id: HashMap<&'static str, usize>,
    /// Ids that have children (chapters like "6", sub-clauses like "6.1"):
    /// headings, not matrix rows.
    parents: std::collections::HashSet<&'static str>,
}

/// The catalogue shipped with this build.
pub fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| Catalogue::parse(CSV))
}

impl Catalogue {
    fn parse(text: &'static str) -> Catalogue {
        let mut entries = Vec::new();
        for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let f = split_csv_line(line);
            // The file is ours and checked by tests; a malformed row would be
            // a build defect, so it is skipped rather than panicking.
            if f.len() != 4 {
                continue;
            }
            let kind = if f[1] == "control" {
                EntryKind::Control
            } else {
                EntryKind::Clause
            };
            entries.push(Entry {
                id: f[0],
                kind,
                theme: f[2],
                title: f[3],
            });
        }
        let by_id = entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        let mut parents = std::collections::HashSet::new();
        for e in &entries {
            if let Some((parent, _)) = e.id.rsplit_once('.')
                && e.kind == EntryKind::Clause
            {
                parents.insert(&e.id[..parent.len()]);
            }
        }
        Catalogue {
            entries,
            by_id,
            parents,
        }
    }

    /// Every row in catalogue order, headings included.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The row with this exact id (headings too); `None` when there is none.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// A heading (has sub-clauses): not a row of the matrix.
    pub fn is_heading(&self, id: &str) -> bool {
        self.parents.contains(id)
    }

    /// Catalogue entries that are matrix rows: leaf clauses and every control.
    pub fn subjects(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !self.is_heading(e.id))
    }
}

/// Splits one line of the catalogue CSV: commas, with double-quoted fields
/// that may contain commas (the file has no escaped quotes).
fn split_csv_line(line: &'static str) -> Vec<&'static str> {
    let mut out = Vec::with_capacity(4);
    let (mut start, mut quoted) = (0, false);
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(line[start..i].trim_matches('"'));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(line[start..].trim_matches('"'));
    out
}

/// Where a matrix row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubjectKind {
    /// A leaf clause of the catalogue.
    Clause,
    /// An Annex A control.
    Control,
    /// One of the workspace's own activities (`[activity.<id>]`).
    Activity,
}

impl SubjectKind {
    /// The lower-case name: `clause`, `control` or `activity`.
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Clause => "clause",
            SubjectKind::Control => "control",
            SubjectKind::Activity => "activity",
        }
    }
}

/// A matrix row as the interface and the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject<'a> {
    /// The clause, control or activity id.
    pub id: &'a str,
    /// Where the row comes from.
    pub kind: SubjectKind,
    /// The catalogue title, or the activity's `title`.
    pub title: &'a str,
    /// Group heading: "5 Leadership", "A.5 Organizational controls",
    /// or an activity's theme.
    pub group: String,
}

/// Every matrix row of `ws` in display order: clauses, then Annex A
/// controls, then the workspace's activities.
pub fn subjects(ws: &Workspace) -> Vec<Subject<'_>> {
    let cat = catalogue();
    let mut out: Vec<Subject<'_>> = cat
        .subjects()
        .map(|e| Subject {
            id: e.id,
            kind: match e.kind {
                EntryKind::Clause => SubjectKind::Clause,
                EntryKind::Control => SubjectKind::Control,
            },
            title: e.title,
            group: group_title(e),
        })
        .collect();
    out.extend(ws.activities.values().map(|a| Subject {
        id: &a.id,
        kind: SubjectKind::Activity,
        title: &a.title,
        group: a.theme.clone().unwrap_or_else(|| "Activities".to_string()),
    }));
    out
}

/// Looks up one subject (catalogue row or activity) by id.
pub fn subject<'a>(ws: &'a Workspace, id: &str) -> Option<Subject<'a>> {
    let cat = catalogue();
    if let Some(e) = cat.get(id).filter(|e| !cat.is_heading(e.id)) {
        return Some(Subject {
            id: e.id,
            kind: match e.kind {
                EntryKind::Clause => SubjectKind::Clause,
                EntryKind::Control => SubjectKind::Control,
            },
            title: e.title,
            group: group_title(e),
        });
    }
    ws.activities.get(id).map(|a| Subject {
        id: &a.id,
        kind: SubjectKind::Activity,
        title: &a.title,
        group: a.theme.clone().unwrap_or_else(|| "Activities".to_string()),
    })
}

fn group_title(e: &Entry) -> String {
    match e.kind {
        EntryKind::Clause => format!("{} {}", e.chapter(), e.theme),
        EntryKind::Control => {
            let mut theme = e.theme.to_string();
            if let Some(first) = theme.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            format!("{} {theme} controls", e.chapter())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_every_clause_and_control() {
        let cat = catalogue();
        let clauses = cat
            .entries()
            .iter()
            .filter(|e| e.kind == EntryKind::Clause)
            .count();
        assert_eq!(clauses, 41);
        let theme = |t: &str| {
            cat.entries()
                .iter()
                .filter(|e| e.kind == EntryKind::Control && e.theme == t)
                .count()
        };
        assert_eq!(theme("organizational"), 37);
        assert_eq!(theme("people"), 8);
        assert_eq!(theme("physical"), 14);
        assert_eq!(theme("technological"), 34);
        assert_eq!(
            cat.entries()
                .iter()
                .filter(|e| e.kind == EntryKind::Control)
                .count(),
            93
        );
    }

    #[test]
    fn quoted_titles_keep_their_commas() {
        let e = catalogue().get("5.3").unwrap();
        assert_eq!(
            e.title,
            "Organizational roles, responsibilities and authorities"
        );
        let e = catalogue().get("A.8.31").unwrap();
        assert_eq!(
            e.title,
            "Separation of development, test and production environments"
        );
        assert_eq!(e.theme, "technological");
    }

    #[test]
    fn headings_are_not_subjects() {
        let cat = catalogue();
        for heading in ["4", "6", "6.1", "7.5", "9.2", "9.3", "10"] {
            assert!(cat.is_heading(heading), "{heading}");
        }
        for leaf in ["4.1", "6.1.2", "9.3.3", "10.2", "A.5.15", "A.8.34"] {
            assert!(!cat.is_heading(leaf), "{leaf}");
        }
        // 41 clause rows less 7 chapters and 4 parent sub-clauses, plus 93
        // controls.
        assert_eq!(cat.subjects().count(), 30 + 93);
    }

    #[test]
    fn groups_read_well() {
        let ws = Workspace::default();
        let s = subject(&ws, "A.5.15").unwrap();
        assert_eq!(s.group, "A.5 Organizational controls");
        let s = subject(&ws, "6.1.2").unwrap();
        assert_eq!(s.group, "6 Planning");
        assert!(subject(&ws, "6.1").is_none());
    }
}
