//! The workbench's state and the one dispatcher that turns keys into
//! commands and commands into changes. All edits go through
//! [`Session::apply`], which records undo and re-evaluates the findings.

use crossterm::event::{KeyCode, MouseButton, MouseEvent, MouseEventKind};

use super::command::{Command, Context};
use super::findings::FindingsState;
use super::form::Outcome;
use super::forms::{self, EntityForm, Submitted, Target};
use super::keymap::{Key, KeyMap, Lookup};
use super::matrix::MatrixState;
use super::overlay::{self, Answer, Confirm, Help, Picker, Question};
use super::present::Presentation;
use super::theme::{Glyphs, Theme};
use super::tree::{Item, TreeState, View};
use crate::edit::{self, Edit};
use crate::model::Date;
use crate::rules::{Entity, EntityKind};
use crate::session::Session;
use crate::store::recovery::{self, Recovery};

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Tree,
    Matrix,
    Findings,
}

impl Focus {
    pub fn context(self) -> Context {
        match self {
            Focus::Tree => Context::Tree,
            Focus::Matrix => Context::Matrix,
            Focus::Findings => Context::Findings,
        }
    }

    fn next(self, forward: bool) -> Focus {
        match (self, forward) {
            (Focus::Tree, true) | (Focus::Findings, false) => Focus::Matrix,
            (Focus::Matrix, true) | (Focus::Tree, false) => Focus::Findings,
            (Focus::Findings, true) | (Focus::Matrix, false) => Focus::Tree,
        }
    }
}

/// Something drawn over the panes that takes the keys first.
#[derive(Debug, Clone)]
pub enum Layer {
    Help(Help),
    /// The status line's history.
    Messages(overlay::Messages),
    Palette(Picker<Command>),
    Finder(Picker<Entity>),
    Form(Box<EntityForm>),
    Confirm(Question),
    /// Presentation mode: takes the whole screen.
    Present(Box<Presentation>),
}

/// How the status line should colour a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Error,
}

/// Start-up choices that shape the workbench.
#[derive(Debug, Clone)]
pub struct Options {
    pub today: Date,
    pub color: bool,
    pub ascii: bool,
    pub mouse: bool,
}

/// Everything the workbench knows.
pub struct App {
    pub session: Session,
    /// Why the workspace is read-only, if it is.
    pub read_only: Option<String>,
    pub keymap: KeyMap,
    /// Problems found in the user's keys.toml, listed in the help.
    pub key_problems: Vec<String>,
    pub theme: Theme,
    pub glyphs: Glyphs,
    pub focus: Focus,
    pub maximised: bool,
    pub tree: TreeState,
    pub matrix: MatrixState,
    pub findings: FindingsState,
    pub layers: Vec<Layer>,
    pub message: Option<(String, Tone)>,
    /// Every message said, with its time, newest last (the last 200).
    pub log: std::collections::VecDeque<(String, Tone, String)>,
    pub pending: Vec<Key>,
    pub mouse: bool,
    /// Set when the mouse setting changed and the terminal must follow.
    pub mouse_changed: bool,
    pub quit: bool,
    pub today: Date,
    pub recovery: Option<Recovery>,
    /// Files reported as changed on disk, so the question is asked once.
    /// The on-disk changes already asked about (file, size, time), so each
    /// change is asked about once.
    pub disk_seen: Option<String>,
    /// Where the panes were last drawn, for mouse clicks.
    pub areas: Areas,
    pub force_redraw: bool,
}

/// Screen areas of the panes in the last frame.
#[derive(Debug, Clone, Copy, Default)]
pub struct Areas {
    pub tree: Option<ratatui::layout::Rect>,
    pub matrix: Option<ratatui::layout::Rect>,
    pub findings: Option<ratatui::layout::Rect>,
}

impl App {
    pub fn new(
        session: Session,
        read_only: Option<String>,
        keymap: KeyMap,
        options: &Options,
    ) -> App {
        let mut app = App {
            session,
            read_only,
            keymap,
            key_problems: Vec::new(),
            theme: Theme::new(options.color),
            glyphs: Glyphs::new(options.ascii),
            focus: Focus::Matrix,
            maximised: false,
            tree: TreeState::default(),
            matrix: MatrixState::default(),
            findings: FindingsState::default(),
            layers: Vec::new(),
            message: None,
            log: Default::default(),
            pending: Vec::new(),
            mouse: options.mouse,
            mouse_changed: false,
            quit: false,
            today: options.today,
            recovery: None,
            disk_seen: None,
            areas: Areas::default(),
            force_redraw: false,
        };
        app.refresh();
        app
    }

    /// Brings the cached views up to date with the register.
    pub fn refresh(&mut self) {
        let rev = self.session.revision();
        let people_rev = self.session.people_revision();
        let ws = self.session.workspace();
        let f = self.session.findings();
        let on = self.session.as_of();
        self.tree.refresh(ws, f, on, rev, people_rev);
        self.matrix.refresh(ws, f, on, rev);
        self.findings.refresh(f, rev);
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.tell(text.into(), Tone::Info);
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.tell(text.into(), Tone::Error);
    }

    /// Shows `text` in the status line and keeps it in the log that
    /// `messages` opens.
    fn tell(&mut self, text: String, tone: Tone) {
        const KEEP: usize = 200;
        let now = jiff::ZonedDateTime::now().time();
        let time = format!("{:02}:{:02}:{:02}", now.hour(), now.minute(), now.second());
        if self.log.len() == KEEP {
            self.log.pop_front();
        }
        self.log.push_back((time, tone, text.clone()));
        self.message = Some((text, tone));
    }

    /// Offers recovered edits found at start-up.
    pub fn offer_recovery(&mut self, rec: Recovery) {
        let files: Vec<&str> = rec.files.iter().map(|k| k.file_name()).collect();
        self.layers.push(Layer::Confirm(Question {
            text: format!(
                "Unsaved edits from {} were kept when rasci last stopped ({}). Restore them?",
                rec.saved_at,
                files.join(", ")
            ),
            yes: Confirm::RestoreRecovery,
            yes_label: "restore (you can still undo)",
            no_label: "set them aside",
            save_label: None,
        }));
        self.recovery = Some(rec);
    }

    // Input

    pub fn handle_key(&mut self, key: Key) {
        self.message = None;
        if let Some(layer) = self.layers.pop() {
            if let Some(back) = self.handle_layer(layer, key) {
                self.layers.push(back);
            }
            self.refresh();
            return;
        }
        self.pending.push(key);
        match self.keymap.lookup(self.focus.context(), &self.pending) {
            Lookup::Command(c) => {
                self.pending.clear();
                self.run(c);
            }
            Lookup::Pending => return,
            Lookup::None => {
                let unknown = self.pending.len() == 1;
                self.pending.clear();
                if unknown && key.code == KeyCode::Esc {
                    // Esc with nothing to close: nothing to do.
                } else if unknown {
                    self.say(format!("{key} does nothing here; press ? for help"));
                }
            }
        }
        self.refresh();
    }

    pub fn handle_paste(&mut self, text: &str) {
        match self.layers.last_mut() {
            Some(Layer::Form(ef)) => ef.form.paste(text),
            Some(Layer::Palette(p)) => p.paste(text),
            Some(Layer::Finder(p)) => p.paste(text),
            _ => {}
        }
    }

    /// Handles a key in the top layer; returns the layer if it stays open.
    fn handle_layer(&mut self, layer: Layer, key: Key) -> Option<Layer> {
        match layer {
            Layer::Help(mut h) => h.handle(key).then_some(Layer::Help(h)),
            Layer::Messages(mut m) => m.handle(key).then_some(Layer::Messages(m)),
            // q, Ctrl-C and Ctrl-Q quit from the presentation as from
            // anywhere (Esc goes back to the workbench).
            // (The presentation stays underneath, so answering "no" to the
            // unsaved-edits question goes back to it.)
            Layer::Present(p)
                if (key.ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('q')))
                    || (!key.ctrl && !key.alt && key.code == KeyCode::Char('q')) =>
            {
                self.layers.push(Layer::Present(p));
                self.run(Command::Quit);
                None
            }
            Layer::Present(mut p) => p.handle(key).then_some(Layer::Present(p)),
            Layer::Palette(mut p) => match p.handle(key) {
                None => Some(Layer::Palette(p)),
                Some(Some(cmd)) => {
                    self.run(cmd);
                    None
                }
                Some(None) => None,
            },
            Layer::Finder(mut p) => match p.handle(key) {
                None => Some(Layer::Finder(p)),
                Some(Some(entity)) => {
                    self.jump(&entity, false);
                    None
                }
                Some(None) => None,
            },
            Layer::Form(mut ef) => match ef.form.handle(key) {
                Outcome::Continue => Some(Layer::Form(ef)),
                // What was typed into an entity form is not thrown away
                // on a single key press.
                Outcome::Cancel
                    if ef.form.changed()
                        && !matches!(ef.target, Target::AsOf | Target::FilterText) =>
                {
                    self.layers.push(Layer::Form(ef));
                    self.ask(
                        "Discard what you typed in this form?".into(),
                        Confirm::DiscardForm,
                    );
                    None
                }
                Outcome::Cancel => None,
                Outcome::Submit => {
                    let ws = self.session.workspace();
                    match forms::submit(&mut ef, ws) {
                        Some(done) => {
                            self.submitted(done);
                            None
                        }
                        None => Some(Layer::Form(ef)),
                    }
                }
            },
            Layer::Confirm(q) => match q.handle(key) {
                None => Some(Layer::Confirm(q)),
                Some(Answer::Save) => {
                    // Only if the save went through: a failed save says why
                    // and keeps the edits on screen.
                    self.save();
                    if !self.session.is_dirty() {
                        self.answer(q.yes, true);
                    }
                    None
                }
                Some(a) => {
                    self.answer(q.yes, a == Answer::Yes);
                    None
                }
            },
        }
    }

    fn submitted(&mut self, done: Submitted) {
        match done {
            Submitted::Edit(e, label) => self.edit(*e, label),
            Submitted::AsOf(d) => {
                self.session.set_as_of(d);
                self.say(format!("Evaluating the register as of {d}"));
            }
            Submitted::Filter(text) => {
                self.matrix.text = text;
                self.matrix.invalidate();
                self.focus = Focus::Matrix;
            }
        }
    }

    /// The one way the workbench changes the register.
    pub fn edit(&mut self, e: Edit, label: impl Into<String>) {
        if let Some(why) = &self.read_only {
            self.warn(format!("Read-only: {why}"));
            return;
        }
        let label = label.into();
        match self.session.apply(e, label.clone()) {
            Ok(()) => {
                let (err, warn, info) = crate::rules::counts(self.session.findings());
                self.say(format!(
                    "{label} — {err} errors, {warn} warnings, {info} info"
                ));
            }
            Err(e) => self.warn(format!("Not changed: {e}")),
        }
    }

    fn answer(&mut self, what: Confirm, yes: bool) {
        match (what, yes) {
            (Confirm::Quit, true) => self.quit = true,
            (Confirm::DiscardForm, true) => {
                if matches!(self.layers.last(), Some(Layer::Form(_))) {
                    self.layers.pop();
                }
            }
            (Confirm::Reload, true) => self.reload(),
            (Confirm::Reload, false) => self.say(
                "Kept what is on screen; a file changed on disk is never overwritten (F5 reloads)",
            ),
            (Confirm::RestoreRecovery, yes) => self.resolve_recovery(yes),
            (Confirm::DeletePerson(id), true) => {
                self.edit(Edit::RemovePerson(id.clone()), format!("delete {id}"))
            }
            (Confirm::DeleteRole(id), true) => {
                match edit::remove_role(self.session.workspace(), &id) {
                    Ok(e) => self.edit(e, format!("delete role {id}")),
                    Err(e) => self.warn(e.to_string()),
                }
            }
            (Confirm::DeleteAssignment(role, i), true) => {
                if let Some(mut r) = self.session.workspace().roles.get(&role).cloned()
                    && i < r.assignments.len()
                {
                    let who = r.assignments.remove(i).person;
                    self.edit(
                        Edit::PutRole(r),
                        format!("delete assignment of {who} to {role}"),
                    );
                }
            }
            (Confirm::DeleteSodRule(id), true) => {
                self.edit(Edit::RemoveSodRule(id.clone()), format!("delete rule {id}"))
            }
            (Confirm::DeleteActivity(id), true) => self.edit(
                Edit::RemoveActivity(id.clone()),
                format!("delete activity {id}"),
            ),
            (Confirm::DeleteExclusion(id), true) => self.edit(
                Edit::RemoveExclusion(id.clone()),
                format!("include {id} again"),
            ),
            (Confirm::DeleteSignoff(i), true) => {
                let mut s = self.session.workspace().signoffs.clone();
                if i < s.len() {
                    s.remove(i);
                    self.edit(Edit::SetSignoffs(s), "delete sign-off");
                }
            }
            (_, false) => {}
        }
    }

    fn resolve_recovery(&mut self, restore: bool) {
        let Some(rec) = self.recovery.take() else {
            return;
        };
        if restore {
            match recovery::restore(self.session.store(), self.session.workspace(), &rec) {
                Ok(ws) => {
                    self.session.replace_unsaved(ws, "restore recovered edits");
                    let _ = recovery::dismiss(&rec);
                    self.say("Recovered edits restored; they are unsaved until you press Ctrl-S");
                }
                Err(e) => self.warn(e.to_string()),
            }
        } else {
            match recovery::dismiss(&rec) {
                Ok(p) => self.say(format!("Recovered edits set aside in {}", p.display())),
                Err(e) => self.warn(format!("Could not set the recovered edits aside: {e}")),
            }
        }
    }

    fn reload(&mut self) {
        match self.session.reload() {
            Ok(()) => {
                self.disk_seen = None;
                self.say("Reloaded from disk");
            }
            Err(e) => self.warn(format!("Cannot reload: {e}")),
        }
    }

    fn open_form(&mut self, ef: EntityForm) {
        if self.read_only.is_some() && !matches!(ef.target, Target::AsOf | Target::FilterText) {
            self.warn(format!(
                "Read-only: {}",
                self.read_only.clone().unwrap_or_default()
            ));
            return;
        }
        self.layers.push(Layer::Form(Box::new(ef)));
    }

    fn ask(&mut self, text: String, yes: Confirm) {
        self.layers.push(Layer::Confirm(Question {
            text,
            yes,
            yes_label: "yes",
            no_label: "no",
            save_label: None,
        }));
    }

    // Commands

    pub fn run(&mut self, c: Command) {
        if c.edits()
            && c != Command::Undo
            && c != Command::Redo
            && self.read_only.is_some()
            && c.context() != Context::Tree
        {
            self.warn(format!(
                "Read-only: {}",
                self.read_only.clone().unwrap_or_default()
            ));
            return;
        }
        let today = self.today;
        match c {
            Command::Help => self.layers.push(Layer::Help(Help::default())),
            Command::Messages => {
                let lines = self
                    .log
                    .iter()
                    .map(|(time, tone, text)| (time.clone(), *tone == Tone::Error, text.clone()))
                    .collect();
                self.layers
                    .push(Layer::Messages(overlay::Messages::new(lines)));
            }
            Command::Present => self.present(),
            Command::Palette => self.layers.push(Layer::Palette(overlay::palette(
                &self.keymap,
                self.glyphs.ascii,
            ))),
            Command::Finder => self.layers.push(Layer::Finder(overlay::finder(
                self.session.workspace(),
                self.session.findings(),
            ))),
            Command::FocusNext => self.focus = self.focus.next(true),
            Command::FocusPrev => self.focus = self.focus.next(false),
            Command::FocusTree => self.focus = Focus::Tree,
            Command::FocusMatrix => self.focus = Focus::Matrix,
            Command::FocusFindings => self.focus = Focus::Findings,
            Command::Maximise => self.maximised = !self.maximised,
            Command::Save => self.save(),
            Command::Undo => match self.session.undo() {
                Ok(Some(l)) => self.say(format!("Undid: {l}")),
                Ok(None) => self.say("Nothing to undo"),
                Err(e) => self.warn(format!("Could not undo: {e}")),
            },
            Command::Redo => match self.session.redo() {
                Ok(Some(l)) => self.say(format!("Redid: {l}")),
                Ok(None) => self.say("Nothing to redo"),
                Err(e) => self.warn(format!("Could not redo: {e}")),
            },
            Command::Quit => {
                if self.session.is_dirty() && self.read_only.is_none() {
                    self.layers.push(Layer::Confirm(Question {
                        text: "There are unsaved edits. Quit and lose them?".into(),
                        yes: Confirm::Quit,
                        yes_label: "quit and lose them",
                        no_label: "keep editing",
                        save_label: Some("save and quit"),
                    }));
                } else if self.session.is_dirty() {
                    self.ask(
                        "There are unsaved edits. Quit and lose them?".into(),
                        Confirm::Quit,
                    );
                } else {
                    self.quit = true;
                }
            }
            Command::Reload => {
                if self.session.is_dirty() {
                    self.ask(
                        "Reload from disk and lose your unsaved edits?".into(),
                        Confirm::Reload,
                    );
                } else {
                    self.reload();
                }
            }
            Command::ToggleMouse => {
                self.mouse = !self.mouse;
                self.mouse_changed = true;
                self.say(if self.mouse {
                    "Mouse on (hold Shift to select text)"
                } else {
                    "Mouse off: the terminal selects text"
                });
            }
            Command::Redraw => self.force_redraw = true,
            Command::SetAsOf => self
                .layers
                .push(Layer::Form(Box::new(forms::as_of(self.session.as_of())))),
            Command::EditOrganisation => {
                self.open_form(forms::organisation(self.session.workspace()))
            }
            Command::EditSettings => self.open_form(forms::settings(self.session.workspace())),
            Command::NewPerson => self.open_form(forms::person(self.session.workspace(), None)),
            Command::NewRole => self.open_form(forms::role(self.session.workspace(), None)),
            Command::NewSodRule => self.open_form(forms::sod_rule(self.session.workspace(), None)),
            Command::NewActivity => self.open_form(forms::activity(self.session.workspace(), None)),
            Command::NewExclusion => {
                self.open_form(forms::exclusion(self.session.workspace(), None))
            }
            Command::SignOff => self.open_form(forms::signoff(today)),
            _ => match self.focus {
                Focus::Tree => self.tree_command(c),
                Focus::Matrix => self.matrix_command(c),
                Focus::Findings => self.findings_command(c),
            },
        }
    }

    /// Opens presentation mode on the register as it stands (unsaved
    /// edits included) on the evaluation date.
    pub fn present(&mut self) {
        let p = self.presentation();
        self.layers.push(Layer::Present(Box::new(p)));
    }

    fn presentation(&self) -> Presentation {
        let s = &self.session;
        let mut p = Presentation::new(s.workspace(), s.findings(), s.as_of(), self.today);
        p.unsaved = s.is_dirty();
        p
    }

    /// Reacts to files changed on disk under us, once per change (a later
    /// change to the same file counts again): a question over the
    /// workbench, or a silent reload under a presentation with nothing to
    /// lose. True when there is something new to draw.
    pub fn check_disk(&mut self) -> bool {
        // A presentation with nothing to lose beneath it follows the files
        // without asking: the ISM edits elsewhere during the meeting and the
        // shared screen should show it.
        let presenting = matches!(self.layers.as_slice(), [Layer::Present(_)]);
        if !self.layers.is_empty() && !presenting {
            return false;
        }
        let changed = self.session.store().changed_on_disk_quick();
        if changed.is_empty() {
            self.disk_seen = None;
            return false;
        }
        let store = self.session.store();
        let seen: String = changed
            .iter()
            .map(|k| {
                let m = std::fs::metadata(store.path(*k)).ok();
                format!(
                    "{}:{:?}:{:?};",
                    k.file_name(),
                    m.as_ref().map(|m| m.len()),
                    m.and_then(|m| m.modified().ok())
                )
            })
            .collect();
        // Asked (or tried) once per change.
        if self.disk_seen.as_deref() == Some(seen.as_str()) {
            return false;
        }
        self.disk_seen = Some(seen);
        if presenting {
            // A reload also drops undo history: only when there is none (as in
            // `rasci present`) does the presentation follow without asking.
            let s = &self.session;
            if !s.is_dirty() && !s.can_undo() && !s.can_redo() {
                self.reload_presentation();
                return true;
            }
            // Otherwise the question waits for the workbench.
            self.disk_seen = None;
            return false;
        }
        let names: Vec<&str> = changed.iter().map(|k| k.file_name()).collect();
        let text = if self.session.is_dirty() {
            format!(
                "{} changed on disk. Reload it and lose your unsaved edits? (If not, your edits to {} cannot be saved; other files can.)",
                names.join(", "),
                if names.len() == 1 {
                    "that file"
                } else {
                    "those files"
                }
            )
        } else {
            format!("{} changed on disk. Reload?", names.join(", "))
        };
        self.layers.push(Layer::Confirm(Question {
            text,
            yes: Confirm::Reload,
            yes_label: "reload",
            no_label: "keep what is on screen",
            save_label: None,
        }));
        true
    }

    /// Reloads the files and redraws the open presentation from them, on
    /// the same page.
    pub fn reload_presentation(&mut self) {
        if let Err(e) = self.session.reload() {
            // The files are mid-edit or broken: keep showing what was
            // there (the next change to them is tried again).
            self.warn(format!("Cannot reload: {e}"));
            return;
        }
        self.disk_seen = None;
        self.refresh();
        let mut fresh = self.presentation();
        if let Some(Layer::Present(old)) = self.layers.last() {
            fresh.page = old.page;
            fresh.scroll = old.scroll;
        }
        if let Some(Layer::Present(p)) = self.layers.last_mut() {
            **p = fresh;
        }
    }

    fn save(&mut self) {
        if let Some(why) = &self.read_only {
            self.warn(format!("Read-only, not saved: {why}"));
            return;
        }
        match self.session.save() {
            Ok(r) if r.written.is_empty() => self.say("Nothing to save"),
            Ok(r) => {
                let names: Vec<&str> = r.written.iter().map(|k| k.file_name()).collect();
                self.say(format!("Saved {}", names.join(", ")));
            }
            // Saved, but something needs the user: no "Not saved" then.
            Err(
                e @ (crate::store::SaveError::Displaced { .. }
                | crate::store::SaveError::NotDurable { .. }),
            ) => self.warn(format!("Saved, but: {e}")),
            Err(e) => self.warn(format!("Not saved: {e}")),
        }
    }

    fn tree_command(&mut self, c: Command) {
        let item = self.tree.selected_item().cloned();
        let ws = self.session.workspace();
        match c {
            Command::Up => self.tree.move_by(-1),
            Command::Down => self.tree.move_by(1),
            Command::PageUp => self.tree.move_by(-(self.tree.height.max(2) as isize - 1)),
            Command::PageDown => self.tree.move_by(self.tree.height.max(2) as isize - 1),
            Command::Top | Command::Home => self.tree.selected = 0,
            Command::Bottom | Command::End => {
                self.tree.selected = self.tree.rows.len().saturating_sub(1)
            }
            Command::Left => {
                let row = self.tree.rows.get(self.tree.selected).cloned();
                match row {
                    Some(r) if r.expandable && r.expanded => self.tree.set_expanded(&r.key, false),
                    Some(_) => {
                        if let Some(p) = self.tree.parent_of_selected() {
                            self.tree.selected = p;
                        }
                    }
                    None => {}
                }
            }
            Command::Right | Command::Toggle => {
                if let Some(r) = self.tree.rows.get(self.tree.selected).cloned()
                    && r.expandable
                {
                    let on = if c == Command::Right {
                        true
                    } else {
                        !r.expanded
                    };
                    self.tree.set_expanded(&r.key, on);
                }
            }
            Command::ExpandAll | Command::CollapseAll => {
                let on = c == Command::ExpandAll;
                let keys: Vec<String> = match self.tree.view {
                    View::People => ws.people.keys().map(|k| format!("p:{k}")).collect(),
                    View::Roles => ws.roles.keys().map(|k| format!("r:{k}")).collect(),
                    View::Register => vec![
                        "g:sod".into(),
                        "g:act".into(),
                        "g:exc".into(),
                        "g:sig".into(),
                    ],
                };
                for k in keys {
                    self.tree.set_expanded(&k, on);
                }
            }
            Command::CycleTreeView => {
                let v = self.tree.view.next();
                self.tree.set_view(v);
                self.say(format!("{} view", v.title()));
            }
            Command::JumpManager => {
                if let Some(Item::Person(id)) = &item {
                    match ws.people.get(id).and_then(|p| p.manager.clone()) {
                        Some(m) if ws.people.contains_key(&m) => self.reveal_person(&m),
                        Some(m) => self.warn(format!("The manager `{m}` is not in the register")),
                        None => self.say("At the top of the organisation: no manager"),
                    }
                }
            }
            Command::Open => self.open_item(item),
            Command::Assign => match &item {
                Some(Item::Person(p)) => {
                    let f = forms::assignment(ws, None, None, Some(p), self.today);
                    self.open_form(f);
                }
                Some(Item::Role(r)) | Some(Item::Vacancy(r)) => {
                    let f = forms::assignment(ws, Some(r), None, None, self.today);
                    self.open_form(f);
                }
                _ => self.say("Select a person or a role to assign"),
            },
            Command::MarkLeft => match &item {
                Some(Item::Person(p)) => {
                    let f = forms::leave(ws, p, self.today);
                    self.open_form(f);
                }
                Some(Item::Assignment(role, i)) => {
                    if let Some(p) = ws
                        .roles
                        .get(role)
                        .and_then(|r| r.assignments.get(*i))
                        .map(|a| a.person.clone())
                    {
                        let f = forms::leave(ws, &p, self.today);
                        self.open_form(f);
                    }
                }
                _ => self.say("Select a person to mark as having left"),
            },
            Command::EndAssignment => match &item {
                Some(Item::Assignment(role, i)) => {
                    if let Some(mut r) = ws.roles.get(role).cloned()
                        && let Some(a) = r.assignments.get_mut(*i)
                    {
                        // A leaver's appointment ends on their last day at
                        // the latest, or it would outlast them.
                        let left = ws.people.get(&a.person).and_then(|p| p.left);
                        let until = match left {
                            Some(l) if l < self.session.as_of() => l,
                            _ => self.session.as_of(),
                        };
                        if a.until.is_some_and(|u| u <= until) {
                            self.say("That assignment has already ended");
                        } else if let Some(planned) = a.until {
                            // A planned end is a decision: not overwritten
                            // by a key press.
                            self.say(format!(
                                "That assignment already ends on {planned}; Enter edits it to change the date"
                            ));
                        } else {
                            a.until = Some(until);
                            let label = format!("end {} as {role} on {until}", a.person);
                            self.edit(Edit::PutRole(r), label);
                        }
                    }
                }
                _ => self.say("Select an assignment (Roles view) to end it"),
            },
            Command::Delete => match item {
                Some(Item::Person(p)) => {
                    // Say everything that would then name nobody.
                    let assignments: usize = ws
                        .roles
                        .values()
                        .flat_map(|r| &r.assignments)
                        .filter(|a| a.person == p)
                        .count();
                    let deputy_or_sponsor = ws
                        .roles
                        .values()
                        .flat_map(|r| &r.assignments)
                        .filter(|a| {
                            a.deputy.as_deref() == Some(p.as_str())
                                || a.sponsor.as_deref() == Some(p.as_str())
                        })
                        .count();
                    let reports = ws
                        .people
                        .values()
                        .filter(|q| q.manager.as_deref() == Some(p.as_str()))
                        .count();
                    let signed = ws.signoffs.iter().filter(|s| s.by.contains(&p)).count();
                    let mut refs = Vec::new();
                    for (n, what) in [
                        (assignments, "assignment"),
                        (deputy_or_sponsor, "deputy or sponsor mention"),
                        (reports, "direct report"),
                        (signed, "sign-off"),
                    ] {
                        if n > 0 {
                            refs.push(format!("{n} {what}{}", if n == 1 { "" } else { "s" }));
                        }
                    }
                    let why = if refs.is_empty() {
                        String::new()
                    } else {
                        format!(" {} will then name nobody.", refs.join(", "))
                    };
                    self.ask(
                        format!("Delete {p} from the register?{why} (Marking them as left keeps the history.)"),
                        Confirm::DeletePerson(p),
                    );
                }
                Some(Item::Role(r)) => self.ask(
                    format!("Delete role {r}, its assignments and its matrix cells?"),
                    Confirm::DeleteRole(r),
                ),
                Some(Item::Assignment(r, i)) => self.ask(
                    "Delete this assignment? (Ending it keeps the history.)".into(),
                    Confirm::DeleteAssignment(r, i),
                ),
                Some(Item::SodRule(id)) => {
                    self.ask(format!("Delete rule {id}?"), Confirm::DeleteSodRule(id))
                }
                Some(Item::Activity(id)) => self.ask(
                    format!("Delete activity {id}?"),
                    Confirm::DeleteActivity(id),
                ),
                Some(Item::Exclusion(id)) => self.ask(
                    format!("Make {id} applicable again?"),
                    Confirm::DeleteExclusion(id),
                ),
                Some(Item::Signoff(i)) => self.ask(
                    "Delete this sign-off record?".into(),
                    Confirm::DeleteSignoff(i),
                ),
                _ => self.say("Nothing to delete here"),
            },
            _ => self.say(format!("{} does not apply to the org tree", c.name())),
        }
    }

    fn open_item(&mut self, item: Option<Item>) {
        let ws = self.session.workspace();
        let today = self.today;
        let form = match item {
            Some(Item::Person(p)) => forms::person(ws, Some(&p)),
            Some(Item::Role(r)) | Some(Item::Vacancy(r)) => forms::role(ws, Some(&r)),
            Some(Item::Assignment(r, i)) => forms::assignment(ws, Some(&r), Some(i), None, today),
            Some(Item::Organisation) => forms::organisation(ws),
            Some(Item::Settings) => forms::settings(ws),
            Some(Item::SodRule(id)) => forms::sod_rule(ws, Some(&id)),
            Some(Item::Activity(id)) => forms::activity(ws, Some(&id)),
            Some(Item::Exclusion(id)) => forms::exclusion(ws, Some(&id)),
            Some(Item::Heading(_)) => {
                if let Some(r) = self.tree.rows.get(self.tree.selected).cloned() {
                    self.tree.set_expanded(&r.key, !r.expanded);
                }
                return;
            }
            Some(Item::Signoff(_)) => {
                self.say("Sign-offs are a record: they are not edited (D deletes one)");
                return;
            }
            None => return,
        };
        if self.read_only.is_some() {
            // Read-only users can still read every field.
            self.layers.push(Layer::Form(Box::new(form)));
            self.warn("Read-only: changes in this form cannot be saved");
        } else {
            self.open_form(form);
        }
    }

    fn matrix_command(&mut self, c: Command) {
        let m = &mut self.matrix;
        match c {
            Command::Up => m.move_rows(-1),
            Command::Down => m.move_rows(1),
            Command::Left => m.move_cols(-1),
            Command::Right => m.move_cols(1),
            Command::PageUp => m.move_rows(-(m.page.max(2) as isize - 1)),
            Command::PageDown => m.move_rows(m.page.max(2) as isize - 1),
            Command::Home => m.col = 0,
            Command::End => m.col = m.cols.len().saturating_sub(1),
            Command::Top => m.top(),
            Command::Bottom => m.bottom(),
            Command::FilterFindings => {
                m.only_findings = !m.only_findings;
                m.invalidate();
            }
            Command::FilterGroup => m.cycle_group(),
            Command::FilterText => {
                let f = forms::filter_text(&m.text);
                self.layers.push(Layer::Form(Box::new(f)));
            }
            Command::ClearFilters => {
                m.only_findings = false;
                m.group = None;
                m.text.clear();
                m.invalidate();
            }
            Command::PeopleColumns => {
                m.people = !m.people;
                m.col = 0;
                m.left = 0;
                m.invalidate();
                let msg = if m.people {
                    "Columns: people holding roles on the evaluation date (read-only)"
                } else {
                    "Columns: roles"
                };
                self.say(msg);
            }
            Command::EditColumn | Command::Open => {
                if m.people {
                    if let Some(col) = m.selected_col().cloned() {
                        self.focus = Focus::Tree;
                        self.reveal_person(&col.id);
                    }
                } else if let Some(col) = m.selected_col().cloned() {
                    if col.known {
                        let f = forms::role(self.session.workspace(), Some(&col.id));
                        self.open_item_form(f);
                    } else {
                        self.warn(format!(
                            "`{}` is not a role: clear its cells (x) or create the role",
                            col.id
                        ));
                    }
                }
            }
            _ => {
                if let Some(letter) = c
                    .letter()
                    .map(Some)
                    .or((c == Command::ClearCell).then_some(None))
                {
                    self.set_cell(letter);
                } else {
                    self.say(format!("{} does not apply to the matrix", c.name()));
                }
            }
        }
    }

    fn open_item_form(&mut self, f: EntityForm) {
        if self.read_only.is_some() {
            self.layers.push(Layer::Form(Box::new(f)));
        } else {
            self.open_form(f);
        }
    }

    fn set_cell(&mut self, letter: Option<crate::model::Letter>) {
        if self.matrix.people {
            self.warn("These columns are people; press p to edit role columns");
            return;
        }
        let (Some(subject), Some(col)) = (
            self.matrix.selected_subject().map(str::to_string),
            self.matrix.selected_col().cloned(),
        ) else {
            return;
        };
        let current = self.session.workspace().matrix.get(&subject, &col.id);
        if current == letter {
            return;
        }
        let label = match letter {
            Some(l) => format!("{subject}: {} is {}", col.id, l.as_str()),
            None => format!("{subject}: cleared {}", col.id),
        };
        self.edit(
            Edit::SetCell {
                subject,
                role: col.id,
                letter,
            },
            label,
        );
    }

    fn findings_command(&mut self, c: Command) {
        match c {
            Command::Up => self.findings.move_by(-1),
            Command::Down => self.findings.move_by(1),
            Command::PageUp => self
                .findings
                .move_by(-(self.findings.height.max(2) as isize - 1)),
            Command::PageDown => self
                .findings
                .move_by(self.findings.height.max(2) as isize - 1),
            Command::Top | Command::Home => {
                self.findings.selected = 0;
                self.findings.move_by(0);
            }
            Command::Bottom | Command::End => {
                self.findings.selected = self.findings.rows.len().saturating_sub(1);
                self.findings.move_by(0);
            }
            Command::Open => {
                if let Some(f) = self
                    .findings
                    .selected_finding()
                    .and_then(|i| self.session.findings().get(i))
                    .cloned()
                {
                    self.jump(&f.entity, true);
                    // A finding about a role in a cell: put the cursor on it.
                    if f.entity.kind == EntityKind::Subject
                        && let Some(role) = f.message.split('`').nth(1)
                        && let Some(i) = self.matrix.cols.iter().position(|c| c.id == role)
                    {
                        self.matrix.col = i;
                    }
                }
            }
            _ => self.say(format!("{} does not apply to the findings", c.name())),
        }
    }

    /// Shows `entity`: the person or role in the tree, the row in the
    /// matrix, or the form of a role, assignment or rule (`open_forms`).
    pub fn jump(&mut self, entity: &Entity, open_forms: bool) {
        self.refresh();
        match entity.kind {
            EntityKind::Person => {
                self.focus = Focus::Tree;
                self.reveal_person(&entity.id);
            }
            EntityKind::Subject => {
                self.focus = Focus::Matrix;
                if !self.matrix.select_subject(&entity.id) {
                    self.matrix.only_findings = false;
                    self.matrix.group = None;
                    self.matrix.text.clear();
                    self.matrix.invalidate();
                    self.refresh();
                    if !self.matrix.select_subject(&entity.id) {
                        self.say(format!("{} is not a row of the matrix", entity.id));
                    }
                }
                // Put the cursor on the Accountable role: the usual question.
                if let Some(a) = self
                    .session
                    .workspace()
                    .matrix
                    .roles_with(&entity.id, crate::model::Letter::A)
                    .next()
                    && let Some(i) = self.matrix.cols.iter().position(|c| c.id == a)
                {
                    self.matrix.col = i;
                }
            }
            EntityKind::Role => {
                self.focus = Focus::Tree;
                if self.tree.view != View::Roles {
                    self.tree.set_view(View::Roles);
                    self.refresh();
                }
                self.tree.select_key(&format!("r:{}", entity.id));
                if open_forms && self.session.workspace().roles.contains_key(&entity.id) {
                    let f = forms::role(self.session.workspace(), Some(&entity.id));
                    self.open_item_form(f);
                }
            }
            EntityKind::Assignment => {
                self.focus = Focus::Tree;
                let ws = self.session.workspace();
                let found = ws.roles.values().find_map(|r| {
                    r.assignments
                        .iter()
                        .position(|a| crate::model::assignment_id(&r.id, a) == entity.id)
                        .map(|i| (r.id.clone(), i))
                });
                if let Some((role, i)) = found {
                    if self.tree.view != View::Roles {
                        self.tree.set_view(View::Roles);
                    }
                    self.tree.set_expanded(&format!("r:{role}"), true);
                    self.refresh();
                    self.tree.select_key(&format!("a:{role}:{i}"));
                    if open_forms {
                        let f = forms::assignment(
                            self.session.workspace(),
                            Some(&role),
                            Some(i),
                            None,
                            self.today,
                        );
                        self.open_item_form(f);
                    }
                }
            }
            EntityKind::Rule => {
                self.focus = Focus::Tree;
                if self.tree.view != View::Register {
                    self.tree.set_view(View::Register);
                    self.refresh();
                }
                self.tree.select_key(&format!("sod:{}", entity.id));
                if open_forms && self.session.workspace().sod_rules.contains_key(&entity.id) {
                    let f = forms::sod_rule(self.session.workspace(), Some(&entity.id));
                    self.open_item_form(f);
                }
            }
            EntityKind::Workspace => {
                self.focus = Focus::Tree;
                if self.tree.view != View::Register {
                    self.tree.set_view(View::Register);
                    self.refresh();
                }
                let key = if entity.id.is_empty() { "s" } else { "g:exc" };
                self.tree.select_key(key);
            }
        }
        self.refresh();
    }

    /// Selects a person in the people view, expanding their managers.
    pub fn reveal_person(&mut self, id: &str) {
        if self.tree.view != View::People {
            self.tree.set_view(View::People);
        }
        let ws = self.session.workspace();
        let mut chain = Vec::new();
        let mut cur = ws.people.get(id).and_then(|p| p.manager.clone());
        while let Some(m) = cur {
            if chain.contains(&m) || !ws.people.contains_key(&m) {
                break;
            }
            cur = ws.people.get(&m).and_then(|p| p.manager.clone());
            chain.push(m);
        }
        for m in chain {
            self.tree.set_expanded(&format!("p:{m}"), true);
        }
        self.refresh();
        if !self.tree.select_key(&format!("p:{id}")) {
            self.say(format!("{id} is not in the register"));
        }
    }

    pub fn handle_mouse(&mut self, ev: MouseEvent) {
        let pos = ratatui::layout::Position::new(ev.column, ev.row);
        let inside = |r: Option<ratatui::layout::Rect>| r.is_some_and(|r| r.contains(pos));
        if !self.layers.is_empty() {
            return;
        }
        match ev.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let d = if ev.kind == MouseEventKind::ScrollDown {
                    3
                } else {
                    -3
                };
                if inside(self.areas.tree) {
                    self.tree.move_by(d);
                } else if inside(self.areas.matrix) {
                    self.matrix.move_rows(d);
                } else if inside(self.areas.findings) {
                    self.findings.move_by(d);
                }
            }
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(r) = self.areas.tree.filter(|r| r.contains(pos)) {
                    self.focus = Focus::Tree;
                    let i = self.tree.offset + (ev.row - r.y) as usize;
                    if i < self.tree.rows.len() {
                        self.tree.selected = i;
                    }
                } else if let Some(r) = self.areas.matrix.filter(|r| r.contains(pos)) {
                    self.focus = Focus::Matrix;
                    let m = &mut self.matrix;
                    if ev.row > r.y {
                        let i = m.top + (ev.row - r.y - 1) as usize;
                        if m.rows.get(i).is_some_and(|x| x.subject().is_some()) {
                            m.row = i;
                        }
                    }
                    let first_w = (r.width / 3).clamp(16, 36);
                    if ev.column >= r.x + first_w {
                        let j = m.left
                            + ((ev.column - r.x - first_w) / super::matrix::COL_WIDTH) as usize;
                        if j < m.cols.len() {
                            m.col = j;
                        }
                    }
                } else if let Some(r) = self.areas.findings.filter(|r| r.contains(pos)) {
                    self.focus = Focus::Findings;
                    let i = self.findings.offset + (ev.row - r.y) as usize;
                    if matches!(
                        self.findings.rows.get(i),
                        Some(super::findings::FRow::Item(_))
                    ) {
                        self.findings.selected = i;
                    }
                }
            }
            _ => {}
        }
        self.refresh();
    }
}
