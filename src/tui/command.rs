//! Every user intent the workbench understands, as data: a long name (for
//! the palette and the key map file), a one-line description (for the help
//! and the hints), the context it belongs to and whether it edits.

use crate::model::Letter;

/// Where a command applies: everywhere, or in one pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Tree,
    Matrix,
    Findings,
}

impl Context {
    pub const ALL: [Context; 4] = [
        Context::Global,
        Context::Tree,
        Context::Matrix,
        Context::Findings,
    ];

    /// The section name in the key map file.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Tree => "tree",
            Context::Matrix => "matrix",
            Context::Findings => "findings",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Tree => "Org tree",
            Context::Matrix => "Matrix",
            Context::Findings => "Findings",
        }
    }
}

/// The fourth column of the table below: `edits` or `reads` (anything
/// else does not compile).
macro_rules! changes_register {
    (edits) => {
        true
    };
    (reads) => {
        false
    };
}

/// The table of commands, one row each: variant, long name, context,
/// whether it edits the register, description. What each does is in
/// [`super::handlers`] (workbench-wide) or the pane of its context.
macro_rules! commands {
    ($( $variant:ident => $name:literal, $ctx:ident, $change:ident, $desc:literal; )*) => {
        /// A user intent.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Command {
            $( $variant, )*
        }

        impl Command {
            /// Every command, in help order.
            pub const ALL: &'static [Command] = &[ $( Command::$variant, )* ];

            /// Long name, as typed in the palette and the key map file.
            pub fn name(self) -> &'static str {
                match self { $( Command::$variant => $name, )* }
            }

            /// What it does, in a few words.
            pub fn description(self) -> &'static str {
                match self { $( Command::$variant => $desc, )* }
            }

            pub fn context(self) -> Context {
                match self { $( Command::$variant => Context::$ctx, )* }
            }

            /// Does the command change the register (refused when
            /// read-only)?
            pub fn edits(self) -> bool {
                match self { $( Command::$variant => changes_register!($change), )* }
            }

            pub fn from_name(name: &str) -> Option<Command> {
                Command::ALL.iter().copied().find(|c| c.name() == name)
            }
        }
    };
}

commands! {
    Help => "help", Global, reads, "Show all keys";
    Palette => "palette", Global, reads, "Run a command by name";
    Finder => "find", Global, reads, "Find a person, role, subject or finding";
    FocusNext => "focus-next", Global, reads, "Focus the next pane";
    FocusPrev => "focus-previous", Global, reads, "Focus the previous pane";
    FocusTree => "focus-tree", Global, reads, "Focus the org tree";
    FocusMatrix => "focus-matrix", Global, reads, "Focus the matrix";
    FocusFindings => "focus-findings", Global, reads, "Focus the findings";
    Maximise => "maximise", Global, reads, "Maximise or restore the focused pane";
    Save => "save", Global, reads, "Save to disk";
    Undo => "undo", Global, edits, "Undo the last edit";
    Redo => "redo", Global, edits, "Redo the last undone edit";
    Quit => "quit", Global, reads, "Quit (asks if there are unsaved edits)";
    Reload => "reload", Global, reads, "Reload the files from disk, dropping unsaved edits";
    ToggleMouse => "toggle-mouse", Global, reads, "Turn mouse support on or off";
    Redraw => "redraw", Global, reads, "Redraw the screen";
    Messages => "messages", Global, reads, "Show the recent status-line messages in full";
    SetAsOf => "as-of", Global, reads, "Evaluate the register on another date";
    EditOrganisation => "edit-organisation", Global, edits, "Edit the organisation and ISMS scope";
    EditSettings => "edit-settings", Global, edits, "Edit review interval, warning window and required roles";
    NewPerson => "new-person", Global, edits, "Add a person";
    NewRole => "new-role", Global, edits, "Add a role";
    NewSodRule => "new-sod-rule", Global, edits, "Add a segregation-of-duties rule";
    NewActivity => "new-activity", Global, edits, "Add an activity (a matrix row of your own)";
    NewExclusion => "new-exclusion", Global, edits, "Exclude an Annex A control (Statement of Applicability)";
    SignOff => "sign-off", Global, edits, "Record a management sign-off of the register";
    Present => "present", Global, reads, "Presentation mode for the management review";
    Up => "up", Global, reads, "Move up";
    Down => "down", Global, reads, "Move down";
    Left => "left", Global, reads, "Move left / collapse";
    Right => "right", Global, reads, "Move right / expand";
    PageUp => "page-up", Global, reads, "Move up a page";
    PageDown => "page-down", Global, reads, "Move down a page";
    Home => "home", Global, reads, "Go to the first column or item";
    End => "end", Global, reads, "Go to the last column or item";
    Top => "top", Global, reads, "Go to the first row";
    Bottom => "bottom", Global, reads, "Go to the last row";
    Open => "open", Global, reads, "Open, edit or jump to the selection";
    CycleTreeView => "tree-view", Tree, reads, "Switch between people, roles and register views";
    Toggle => "toggle", Tree, reads, "Expand or collapse";
    ExpandAll => "expand-all", Tree, reads, "Expand everything";
    CollapseAll => "collapse-all", Tree, reads, "Collapse everything";
    JumpManager => "jump-manager", Tree, reads, "Go to the selected person's manager";
    Assign => "assign", Tree, edits, "Assign a role to the selected person (or a person to the selected role)";
    MarkLeft => "mark-left", Tree, edits, "Mark the selected person as having left";
    EndAssignment => "end-assignment", Tree, edits, "End the selected assignment";
    Delete => "delete", Tree, edits, "Delete the selected item";
    SetR => "set-r", Matrix, edits, "Set R (Responsible)";
    SetA => "set-a", Matrix, edits, "Set A (Accountable)";
    SetAR => "set-ar", Matrix, edits, "Set A/R (Accountable and Responsible: owns and does the work)";
    SetS => "set-s", Matrix, edits, "Set S (Supportive)";
    SetC => "set-c", Matrix, edits, "Set C (Consulted)";
    SetI => "set-i", Matrix, edits, "Set I (Informed)";
    ClearCell => "clear", Matrix, edits, "Clear the cell";
    FilterFindings => "filter-findings", Matrix, reads, "Show only rows with findings (toggle)";
    FilterGroup => "filter-group", Matrix, reads, "Show one clause or theme (cycles)";
    FilterText => "filter-text", Matrix, reads, "Filter rows by text";
    ClearFilters => "clear-filters", Matrix, reads, "Show all rows";
    PeopleColumns => "people-columns", Matrix, reads, "Show people instead of roles as columns";
    EditColumn => "edit-role", Matrix, reads, "Edit the role of the selected column";
}

impl Command {
    /// The letter a `Set…` command writes.
    pub fn letter(self) -> Option<Letter> {
        match self {
            Command::SetR => Some(Letter::R),
            Command::SetA => Some(Letter::A),
            Command::SetAR => Some(Letter::AR),
            Command::SetS => Some(Letter::S),
            Command::SetC => Some(Letter::C),
            Command::SetI => Some(Letter::I),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for c in Command::ALL {
            assert!(seen.insert(c.name()), "duplicate {}", c.name());
            assert_eq!(Command::from_name(c.name()), Some(*c));
            assert!(!c.description().is_empty());
        }
    }
}
