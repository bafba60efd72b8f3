//! What changed between two registers, said in register terms
//! ("appointed ... deputy of ...", "A.5.15: ism A → A/R", "... left on
//! ..."). One diff serves `rasci log`, `rasci diff`, commit messages, the
//! merge driver and the presentation's "since the last sign-off".
//!
//! It is a pure function of two [`Workspace`]s: where they came from (the
//! working tree, a commit) is the caller's business.

use serde::Serialize;

use crate::model::Workspace;
use crate::rules::{Entity, EntityKind};

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
/// then in the order of the files.
pub fn changes(old: &Workspace, new: &Workspace) -> Vec<Change> {
    let mut out = Vec::new();
    // People who arrived or went from the file.
    for (id, p) in &new.people {
        if !old.people.contains_key(id) {
            out.push(Change {
                area: Area::People,
                entity: Entity::new(EntityKind::Person, id.clone()),
                text: format!("added {} ({id})", p.name),
            });
        }
    }
    for (id, p) in &old.people {
        if !new.people.contains_key(id) {
            out.push(Change {
                area: Area::People,
                entity: Entity::new(EntityKind::Person, id.clone()),
                text: format!("removed {} ({id})", p.name),
            });
        }
    }
    // Matrix letters.
    let subjects = old.matrix.rows.keys().chain(
        new.matrix
            .rows
            .keys()
            .filter(|s| !old.matrix.rows.contains_key(*s)),
    );
    for subject in subjects {
        let before = old.matrix.rows.get(subject);
        let after = new.matrix.rows.get(subject);
        let roles = before
            .into_iter()
            .flat_map(|r| r.keys())
            .chain(after.into_iter().flat_map(|r| r.keys()));
        let mut seen = std::collections::HashSet::new();
        for role in roles {
            if !seen.insert(role) {
                continue;
            }
            let a = before.and_then(|r| r.get(role));
            let b = after.and_then(|r| r.get(role));
            if a != b {
                let show = |l: Option<&crate::model::Letter>| l.map_or("·", |l| l.as_str());
                out.push(Change {
                    area: Area::Matrix,
                    entity: Entity::new(EntityKind::Subject, subject.clone()),
                    text: format!("{subject}: {role} {} → {}", show(a), show(b)),
                });
            }
        }
    }
    out.sort_by_key(|c| c.area);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Letter;
    use crate::sample::clean;

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
}
