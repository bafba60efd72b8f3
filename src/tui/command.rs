//! Every user intent the workbench understands, as data: a long name (for
//! the palette and the key map file), a one-line description (for the help
//! and the hints) and the context it belongs to.

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

macro_rules! commands {
    ($( $variant:ident => $name:literal, $ctx:ident, $desc:literal; )*) => {
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

            pub fn from_name(name: &str) -> Option<Command> {
                Command::ALL.iter().copied().find(|c| c.name() == name)
            }
        }
    };
}

commands! {
    Help => "help", Global, "Show all keys";
    Palette => "palette", Global, "Run a command by name";
    Finder => "find", Global, "Find a person, role, subject or finding";
    FocusNext => "focus-next", Global, "Focus the next pane";
    FocusPrev => "focus-previous", Global, "Focus the previous pane";
    FocusTree => "focus-tree", Global, "Focus the org tree";
    FocusMatrix => "focus-matrix", Global, "Focus the matrix";
    FocusFindings => "focus-findings", Global, "Focus the findings";
    Maximise => "maximise", Global, "Maximise or restore the focused pane";
    Save => "save", Global, "Save to disk";
    Undo => "undo", Global, "Undo the last edit";
    Redo => "redo", Global, "Redo the last undone edit";
    Quit => "quit", Global, "Quit (asks if there are unsaved edits)";
    Reload => "reload", Global, "Reload the files from disk, dropping unsaved edits";
    ToggleMouse => "toggle-mouse", Global, "Turn mouse support on or off";
    Redraw => "redraw", Global, "Redraw the screen";
    Messages => "messages", Global, "Show the recent status-line messages in full";
    SetAsOf => "as-of", Global, "Evaluate the register on another date";
    EditOrganisation => "edit-organisation", Global, "Edit the organisation and ISMS scope";
    EditSettings => "edit-settings", Global, "Edit review interval, warning window and required roles";
    NewPerson => "new-person", Global, "Add a person";
    NewRole => "new-role", Global, "Add a role";
    NewSodRule => "new-sod-rule", Global, "Add a segregation-of-duties rule";
    NewActivity => "new-activity", Global, "Add an activity (a matrix row of your own)";
    NewExclusion => "new-exclusion", Global, "Exclude an Annex A control (Statement of Applicability)";
    SignOff => "sign-off", Global, "Record a management sign-off of the register";
    Present => "present", Global, "Presentation mode for the management review";
    Up => "up", Global, "Move up";
    Down => "down", Global, "Move down";
    Left => "left", Global, "Move left / collapse";
    Right => "right", Global, "Move right / expand";
    PageUp => "page-up", Global, "Move up a page";
    PageDown => "page-down", Global, "Move down a page";
    Home => "home", Global, "Go to the first column or item";
    End => "end", Global, "Go to the last column or item";
    Top => "top", Global, "Go to the first row";
    Bottom => "bottom", Global, "Go to the last row";
    Open => "open", Global, "Open, edit or jump to the selection";
    CycleTreeView => "tree-view", Tree, "Switch between people, roles and register views";
    Toggle => "toggle", Tree, "Expand or collapse";
    ExpandAll => "expand-all", Tree, "Expand everything";
    CollapseAll => "collapse-all", Tree, "Collapse everything";
    JumpManager => "jump-manager", Tree, "Go to the selected person's manager";
    Assign => "assign", Tree, "Assign a role to the selected person (or a person to the selected role)";
    MarkLeft => "mark-left", Tree, "Mark the selected person as having left";
    EndAssignment => "end-assignment", Tree, "End the selected assignment";
    Delete => "delete", Tree, "Delete the selected item";
    SetR => "set-r", Matrix, "Set R (Responsible)";
    SetA => "set-a", Matrix, "Set A (Accountable)";
    SetAR => "set-ar", Matrix, "Set A/R (Accountable and Responsible: owns and does the work)";
    SetS => "set-s", Matrix, "Set S (Supportive)";
    SetC => "set-c", Matrix, "Set C (Consulted)";
    SetI => "set-i", Matrix, "Set I (Informed)";
    ClearCell => "clear", Matrix, "Clear the cell";
    FilterFindings => "filter-findings", Matrix, "Show only rows with findings (toggle)";
    FilterGroup => "filter-group", Matrix, "Show one clause or theme (cycles)";
    FilterText => "filter-text", Matrix, "Filter rows by text";
    ClearFilters => "clear-filters", Matrix, "Show all rows";
    PeopleColumns => "people-columns", Matrix, "Show people instead of roles as columns";
    EditColumn => "edit-role", Matrix, "Edit the role of the selected column";
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

    /// Does the command change the register (refused when read-only)?
    pub fn edits(self) -> bool {
        use Command::*;
        matches!(
            self,
            Undo | Redo
                | EditOrganisation
                | EditSettings
                | NewPerson
                | NewRole
                | NewSodRule
                | NewActivity
                | NewExclusion
                | SignOff
                | Assign
                | MarkLeft
                | EndAssignment
                | Delete
                | SetR
                | SetA
                | SetAR
                | SetS
                | SetC
                | SetI
                | ClearCell
        )
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
