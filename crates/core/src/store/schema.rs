//! The names of the workspace files and of every key they may contain.
//! The reader and the writer both take their spelling from here.

/// The four files of a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    Workspace,
    People,
    Roles,
    Matrix,
}

impl FileKind {
    pub const ALL: [FileKind; 4] = [
        FileKind::Workspace,
        FileKind::People,
        FileKind::Roles,
        FileKind::Matrix,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            FileKind::Workspace => "workspace.toml",
            FileKind::People => "people.toml",
            FileKind::Roles => "roles.toml",
            FileKind::Matrix => "matrix.toml",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

pub mod workspace {
    pub const TOP: &[&str] = &[
        "organisation",
        "settings",
        "sod",
        "activity",
        "exclusion",
        "signoff",
    ];
    pub const ORGANISATION: &[&str] = &["name", "scope", "departments"];
    pub const SETTINGS: &[&str] = &[
        "review-interval-days",
        "expiry-warning-days",
        "max-reporting-steps",
        "required-roles",
    ];
    pub const SOD: &[&str] = &["roles", "subjects", "severity", "reason"];
    pub const ACTIVITY: &[&str] = &["title", "theme", "description", "related"];
    pub const EXCLUSION: &[&str] = &["justification"];
    pub const SIGNOFF: &[&str] = &["date", "by", "minutes", "fingerprint"];
}

pub mod people {
    pub const TOP: &[&str] = &["person"];
    pub const PERSON: &[&str] = &[
        "name",
        "email",
        "title",
        "department",
        "manager",
        "kind",
        "status",
        "joined",
        "left",
        "site",
        "mfa",
        "competency",
    ];
    pub const COMPETENCY: &[&str] = &["id", "evidence", "achieved", "expires"];
}

pub mod roles {
    pub const TOP: &[&str] = &["role"];
    pub const ROLE: &[&str] = &[
        "name",
        "category",
        "duties",
        "purpose",
        "responsibilities",
        "authorities",
        "competencies",
        "privileged",
        "needs-deputy",
        "fte",
        "reviewed",
        "assignment",
    ];
    pub const ASSIGNMENT: &[&str] = &[
        "person",
        "from",
        "until",
        "deputy",
        "allocation",
        "evidence",
        "acknowledged",
        "sponsor",
        "contract",
        "note",
    ];
}

// Ids are the model's; the files are read with the same rule.
pub use crate::model::{is_valid_id, slugify};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("jdoe"));
        assert!(is_valid_id("A.5.15"));
        assert!(is_valid_id("head-of-it"));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id("j doe"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("a/b"));
        assert_eq!(slugify("Jane O'Neil"), "jane-o-neil");
        assert_eq!(slugify("  --  "), "id");
        assert!(is_valid_id(&slugify("Ünïcødé Name!")));
    }
}
