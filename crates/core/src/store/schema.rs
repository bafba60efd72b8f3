//! The names of the workspace files and of every key they may contain.
//! The reader and the writer both take their spelling from here.

/// The four files of a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// `workspace.toml`, the one required file.
    Workspace,
    /// `people.toml`.
    People,
    /// `roles.toml`.
    Roles,
    /// `matrix.toml`.
    Matrix,
}

impl FileKind {
    /// The four files, in the order they are read.
    pub const ALL: [FileKind; 4] = [
        FileKind::Workspace,
        FileKind::People,
        FileKind::Roles,
        FileKind::Matrix,
    ];

    /// The file's name in the workspace folder.
    pub fn file_name(self) -> &'static str {
        match self {
            FileKind::Workspace => "workspace.toml",
            FileKind::People => "people.toml",
            FileKind::Roles => "roles.toml",
            FileKind::Matrix => "matrix.toml",
        }
    }

    /// A position 0 to 3, the same as in [`FileKind::ALL`], for per-file arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The keys of `workspace.toml`.
pub mod workspace {
    /// The top-level tables.
    pub const TOP: &[&str] = &[
        "organisation",
        "settings",
        "sod",
        "activity",
        "exclusion",
        "signoff",
    ];
    /// The keys of `[organisation]`.
    pub const ORGANISATION: &[&str] = &["name", "scope", "departments"];
    /// The keys of `[settings]`.
    pub const SETTINGS: &[&str] = &[
        "review-interval-days",
        "expiry-warning-days",
        "max-reporting-steps",
        "commit-on-save",
        "required-roles",
    ];
    /// The keys of a `[sod.<id>]` rule.
    pub const SOD: &[&str] = &["roles", "subjects", "severity", "reason"];
    /// The keys of an `[activity.<id>]`.
    pub const ACTIVITY: &[&str] = &["title", "theme", "description", "related"];
    /// The keys of an `[exclusion."<subject>"]`.
    pub const EXCLUSION: &[&str] = &["justification"];
    /// The keys of a `[[signoff]]`.
    pub const SIGNOFF: &[&str] = &["date", "by", "minutes", "fingerprint", "commit"];
}

/// The keys of `people.toml`.
pub mod people {
    /// The top-level tables.
    pub const TOP: &[&str] = &["person"];
    /// The keys of a `[person.<id>]`.
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
    /// The keys of a `[[person.<id>.competency]]`.
    pub const COMPETENCY: &[&str] = &["id", "evidence", "achieved", "expires"];
}

/// The keys of `roles.toml`.
pub mod roles {
    /// The top-level tables.
    pub const TOP: &[&str] = &["role"];
    /// The keys of a `[role.<id>]`.
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
    /// The keys of a `[[role.<id>.assignment]]`.
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
