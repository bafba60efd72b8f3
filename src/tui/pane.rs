//! What a pane is given and what it gives back. A pane draws from a small
//! read-only [`PaneCtx`] and its own state, and answers a command with an
//! [`Action`] for the app to carry out, rather than reaching into the app:
//! so a pane can be drawn and driven in a test from a workspace alone, and
//! everything that edits the register still goes through one place.

use super::forms::EntityForm;
use super::overlay::Confirm;
use super::theme::{Glyphs, Theme};
use super::tree::Item;
use crate::edit::Edit;
use crate::model::{Date, Workspace};
use crate::rules::Finding;

/// What every pane may read.
#[derive(Clone, Copy)]
pub struct PaneCtx<'a> {
    pub ws: &'a Workspace,
    pub findings: &'a [Finding],
    /// The evaluation date.
    pub on: Date,
    /// The real date, for new records.
    pub today: Date,
    pub theme: &'a Theme,
    pub glyphs: &'a Glyphs,
    /// Whether the pane has the keyboard.
    pub focused: bool,
}

/// What a pane asks the app to do after a command.
#[derive(Debug)]
pub enum Action {
    /// Handled within the pane (or nothing to do).
    Done,
    /// The command means nothing in this pane.
    NotHere,
    Say(String),
    Warn(String),
    /// Change the register, with this undo label.
    Edit(Box<Edit>, String),
    /// Ask a yes/no question first.
    Ask(String, Confirm),
    /// Open a form that edits (refused when read-only).
    OpenForm(Box<EntityForm>),
    /// Open a form to read, or to edit when the workspace allows.
    ShowForm(Box<EntityForm>),
    /// Open, edit or step into a tree item.
    OpenItem(Item),
    /// Show a person in the tree.
    RevealPerson(String),
    /// Go to what this finding (its index) is about.
    OpenFinding(usize),
    /// Open the leaver dialog for this person (refused when read-only).
    OpenLeave(String),
}

impl Action {
    pub fn say(text: impl Into<String>) -> Action {
        Action::Say(text.into())
    }

    pub fn warn(text: impl Into<String>) -> Action {
        Action::Warn(text.into())
    }

    pub fn ask(text: String, yes: Confirm) -> Action {
        Action::Ask(text, yes)
    }

    pub fn edit(e: Edit, label: impl Into<String>) -> Action {
        Action::Edit(Box::new(e), label.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Letter;
    use crate::sample::{clean, today};
    use crate::tui::command::Command;
    use crate::tui::matrix::MatrixState;
    use crate::tui::tree::{TreeState, View};

    // A pane is driven from a workspace alone: no app, no session.
    #[test]
    fn panes_answer_commands_with_actions_from_a_context_alone() {
        let ws = clean();
        let findings = crate::rules::findings(&ws, today());
        let (theme, glyphs) = (Theme::new(false), Glyphs::new(false));
        let ctx = PaneCtx {
            ws: &ws,
            findings: &findings,
            on: today(),
            today: today(),
            theme: &theme,
            glyphs: &glyphs,
            focused: true,
        };
        let mut m = MatrixState::default();
        m.refresh(&ws, &findings, today(), 1);
        assert!(m.select_subject("5.3"));
        m.col = m.cols.iter().position(|c| c.id == "audit").unwrap();
        match m.command(Command::SetA, &ctx) {
            Action::Edit(e, label) => {
                assert_eq!(
                    *e,
                    Edit::SetCell {
                        subject: "5.3".into(),
                        role: "audit".into(),
                        letter: Some(Letter::A)
                    }
                );
                assert_eq!(label, "5.3: audit is A");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            m.command(Command::JumpManager, &ctx),
            Action::NotHere
        ));

        let mut t = TreeState::default();
        t.set_view(View::Roles);
        t.refresh(&ws, &findings, today(), 1, 1);
        assert!(t.select_key("r:audit"));
        assert!(matches!(
            t.command(Command::Delete, &ctx),
            Action::Ask(_, Confirm::DeleteRole(r)) if r == "audit"
        ));
        assert!(matches!(
            t.command(Command::Assign, &ctx),
            Action::OpenForm(_)
        ));
    }
}
