//! What each workbench-wide command does, as a table: one entry per
//! command, beside the others, so adding one is a line in
//! [`super::command`] (its name, context and description) and a line here
//! (its behaviour). Commands with no entry belong to the focused pane
//! (see [`super::pane`]).

use super::app::{App, Focus, Layer, Tone};
use super::command::Command;
use super::forms;
use super::overlay::{self, Confirm, Help, Question};

/// What a command does to the workbench.
pub type Handler = fn(&mut App);

/// The workbench-wide commands and their behaviour.
pub const GLOBAL: &[(Command, Handler)] = &[
    (Command::Help, |a| {
        a.layers.push(Layer::Help(Help::default()))
    }),
    (Command::Messages, messages),
    (Command::Present, App::present),
    (Command::Palette, |a| {
        let p = overlay::palette(&a.keymap, a.glyphs.ascii);
        a.layers.push(Layer::Palette(p));
    }),
    (Command::Finder, |a| {
        let p = overlay::finder(a.session.workspace(), a.session.findings());
        a.layers.push(Layer::Finder(p));
    }),
    (Command::FocusNext, |a| a.focus = a.focus.next(true)),
    (Command::FocusPrev, |a| a.focus = a.focus.next(false)),
    (Command::FocusTree, |a| a.focus = Focus::Tree),
    (Command::FocusMatrix, |a| a.focus = Focus::Matrix),
    (Command::FocusFindings, |a| a.focus = Focus::Findings),
    (Command::Maximise, |a| a.maximised = !a.maximised),
    (Command::Save, App::save),
    (Command::Undo, |a| match a.session.undo() {
        Ok(Some(l)) => a.say(format!("Undid: {l}")),
        Ok(None) => a.say("Nothing to undo"),
        Err(e) => a.warn(format!("Could not undo: {e}")),
    }),
    (Command::Redo, |a| match a.session.redo() {
        Ok(Some(l)) => a.say(format!("Redid: {l}")),
        Ok(None) => a.say("Nothing to redo"),
        Err(e) => a.warn(format!("Could not redo: {e}")),
    }),
    (Command::Quit, quit),
    (Command::Reload, |a| {
        if a.session.is_dirty() {
            a.ask(
                "Reload from disk and lose your unsaved edits?".into(),
                Confirm::Reload,
            );
        } else {
            a.reload();
        }
    }),
    (Command::ToggleMouse, |a| {
        a.mouse = !a.mouse;
        a.mouse_changed = true;
        a.say(if a.mouse {
            "Mouse on (hold Shift to select text)"
        } else {
            "Mouse off: the terminal selects text"
        });
    }),
    (Command::Redraw, |a| a.force_redraw = true),
    (Command::SetAsOf, |a| {
        let f = forms::as_of(a.session.as_of());
        a.layers.push(Layer::Form(Box::new(f)));
    }),
    (Command::EditOrganisation, |a| {
        a.open_form(forms::organisation(a.session.workspace()))
    }),
    (Command::EditSettings, |a| {
        a.open_form(forms::settings(a.session.workspace()))
    }),
    (Command::NewPerson, |a| {
        a.open_form(forms::person(a.session.workspace(), None))
    }),
    (Command::NewRole, |a| {
        a.open_form(forms::role(a.session.workspace(), None))
    }),
    (Command::NewSodRule, |a| {
        a.open_form(forms::sod_rule(a.session.workspace(), None))
    }),
    (Command::NewActivity, |a| {
        a.open_form(forms::activity(a.session.workspace(), None))
    }),
    (Command::NewExclusion, |a| {
        a.open_form(forms::exclusion(a.session.workspace(), None))
    }),
    (Command::SignOff, |a| a.open_form(forms::signoff(a.today()))),
];

/// The behaviour of a workbench-wide command; `None` for a pane's.
pub fn global(c: Command) -> Option<Handler> {
    GLOBAL.iter().find(|(k, _)| *k == c).map(|(_, run)| *run)
}

fn messages(a: &mut App) {
    let lines = a
        .log
        .iter()
        .map(|(time, tone, text)| (time.clone(), *tone == Tone::Error, text.clone()))
        .collect();
    a.layers
        .push(Layer::Messages(overlay::Messages::new(lines)));
}

fn quit(a: &mut App) {
    if a.session.is_dirty() && a.read_only.is_none() {
        a.layers.push(Layer::Confirm(Question {
            text: "There are unsaved edits. Quit and lose them?".into(),
            yes: Confirm::Quit,
            yes_label: "quit and lose them",
            no_label: "keep editing",
            save_label: Some("save and quit"),
        }));
    } else if a.session.is_dirty() {
        a.ask(
            "There are unsaved edits. Quit and lose them?".into(),
            Confirm::Quit,
        );
    } else {
        a.quit = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{clean, today};
    use crate::tui::findings::FindingsState;
    use crate::tui::matrix::MatrixState;
    use crate::tui::pane::{Action, PaneCtx};
    use crate::tui::theme::{Glyphs, Theme};
    use crate::tui::tree::{TreeState, View};

    // Every command does something somewhere: a workbench-wide entry
    // here, or a pane that takes it. A command added to the list without
    // a behaviour fails here, as does one given two.
    #[test]
    fn every_command_has_one_behaviour() {
        for (i, (c, _)) in GLOBAL.iter().enumerate() {
            assert!(
                !GLOBAL[i + 1..].iter().any(|(k, _)| k == c),
                "{} twice",
                c.name()
            );
        }
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
        for c in Command::ALL.iter().copied() {
            if global(c).is_some() {
                continue;
            }
            let mut taken = false;
            for view in [View::People, View::Roles, View::Register] {
                let mut t = TreeState::default();
                t.set_view(view);
                t.refresh(&ws, &findings, today(), 1, 1);
                taken |= !matches!(t.command(c, &ctx), Action::NotHere);
            }
            let mut m = MatrixState::default();
            m.refresh(&ws, &findings, today(), 1);
            taken |= !matches!(m.command(c, &ctx), Action::NotHere);
            let mut f = FindingsState::default();
            f.refresh(&findings, 1);
            taken |= !matches!(f.command(c), Action::NotHere);
            assert!(taken, "`{}` does nothing anywhere", c.name());
        }
    }
}
