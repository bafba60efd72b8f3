//! The workbench's state and the one dispatcher that turns keys into
//! commands and commands into changes. All edits go through
//! [`Session::apply`], which records undo and re-evaluates the findings.

use crossterm::event::{KeyCode, MouseButton, MouseEvent, MouseEventKind};

use super::command::{Command, Context};
use super::findings::FindingsState;
use super::form::{Outcome, Pick};
use super::forms::{self, EntityForm, Submitted};
use super::keymap::{Key, KeyMap, Lookup};
use super::matrix::MatrixState;
use super::overlay::{self, Answer, Confirm, Help, Picker, Question};
use super::pane::{Action, PaneCtx};
use super::present::Presentation;
use super::theme::{Glyphs, Theme};
use super::tree::{Item, TreeState, View};
use crate::edit::{self, Edit};
use crate::model::Date;
use crate::rules::{Entity, EntityKind};
use crate::session::Session;
use crate::store::LoadError;
use crate::store::diagnostic::Diagnostic;
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

    pub(super) fn next(self, forward: bool) -> Focus {
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
    /// The leaver dialog, with what follows (src/tui/leave.rs).
    Leave(Box<super::leave::LeaveDialog>),
    /// The finder, over people or roles only, filling in the field of the
    /// form beneath it.
    Pick(Picker<Entity>, Pick),
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
    /// What "now" means for new records: the session's evaluation
    /// decides it, as it decides the date the register is evaluated on.
    pub fn today(&self) -> Date {
        self.session.evaluation().today
    }

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
            Some(Layer::Leave(d)) => d.paste(text, self.session.workspace()),
            Some(Layer::Palette(p)) => p.paste(text),
            Some(Layer::Finder(p)) | Some(Layer::Pick(p, _)) => p.paste(text),
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
            Layer::Pick(mut p, what) => match p.handle(key) {
                None => Some(Layer::Pick(p, what)),
                Some(Some(entity)) => {
                    match self.layers.last_mut() {
                        Some(Layer::Form(ef)) => ef.form.set_focused(&entity.id),
                        Some(Layer::Leave(d)) => d.picked(&entity.id, self.session.workspace()),
                        _ => {}
                    }
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
                Outcome::Pick(what) => {
                    let typed = ef
                        .form
                        .focused()
                        .map(|f| f.value.clone())
                        .unwrap_or_default();
                    let picker = overlay::pick(self.session.workspace(), what, &typed);
                    self.layers.push(Layer::Form(ef));
                    Some(Layer::Pick(picker, what))
                }
                // What was typed into an entity form is not thrown away
                // on a single key press.
                Outcome::Cancel if ef.form.changed() && ef.edits() => {
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
            Layer::Leave(d) => self.handle_leave(d, key),
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
                if matches!(self.layers.last(), Some(Layer::Form(_) | Layer::Leave(_))) {
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

    pub(super) fn reload(&mut self) {
        match self.session.reload() {
            Ok(()) => {
                self.disk_seen = None;
                self.say("Reloaded from disk");
            }
            Err(e) => {
                self.reload_failed(&e);
                // Each problem in full, as `rasci check` prints it.
                if let LoadError::Invalid(diags) = &e {
                    let text: String = diags
                        .iter()
                        .map(|d| format!("{}\n", self.relative(d)))
                        .collect();
                    let n = diags.len();
                    self.layers.push(Layer::Messages(overlay::Messages::report(
                        format!(
                            "Cannot reload: {n} problem{} (still showing the last good state)",
                            if n == 1 { "" } else { "s" }
                        ),
                        &text,
                    )));
                }
            }
        }
    }

    /// A problem with its file named from the workspace folder, as the
    /// workbench already says which workspace it is.
    fn relative(&self, d: &Diagnostic) -> Diagnostic {
        let mut d = d.clone();
        if let Ok(rel) = d.file.strip_prefix(self.session.store().dir()) {
            d.file = rel.to_path_buf();
        }
        d
    }

    /// Says why a reload failed: the first problem with its place in the
    /// file, and that the screen still shows the register as it was.
    fn reload_failed(&mut self, e: &LoadError) {
        match e {
            LoadError::Invalid(diags) if !diags.is_empty() => {
                let d = self.relative(&diags[0]);
                let more = match diags.len() - 1 {
                    0 => String::new(),
                    1 => " (and 1 more problem)".into(),
                    n => format!(" (and {n} more problems)"),
                };
                self.warn(format!(
                    "Cannot reload, kept what was on screen: {}: {}{more}",
                    d.location(),
                    d.message
                ));
            }
            other => self.warn(format!("Cannot reload, kept what was on screen: {other}")),
        }
    }

    pub(super) fn open_form(&mut self, ef: EntityForm) {
        if self.read_only.is_some() && ef.edits() {
            self.warn(format!(
                "Read-only: {}",
                self.read_only.clone().unwrap_or_default()
            ));
            return;
        }
        self.layers.push(Layer::Form(Box::new(ef)));
    }

    pub(super) fn ask(&mut self, text: String, yes: Confirm) {
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
        // A workbench-wide command has its entry in the table; the rest
        // belong to the focused pane.
        match super::handlers::global(c) {
            Some(run) => run(self),
            None => self.pane_command(c),
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
        let mut p = Presentation::new(s.workspace(), s.findings(), s.as_of(), self.today());
        p.unsaved = s.is_dirty();
        p.signed_changes = self.changes_since_signed_commit();
        p
    }

    /// What changed since the commit the sign-off in force approved, when
    /// it names one and the workspace's repository has it; `None` (and the
    /// page falls back to the register's dated records) otherwise.
    fn changes_since_signed_commit(&self) -> Option<(String, Vec<crate::history::Change>)> {
        let s = &self.session;
        let commit = s.workspace().signoff_on(s.as_of())?.commit.clone()?;
        let repo = crate::history::git::Repo::discover(s.store().dir()).ok()?;
        let id = repo.resolve(&crate::model::Revision::Named(commit)).ok()?;
        let then = repo.reader().ok()?.committed(&id).ok()?.ok()?;
        let short = crate::history::git::short(&id).to_string();
        Some((short, crate::history::changes(&then, s.workspace())))
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
            self.reload_failed(&e);
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

    pub(super) fn save(&mut self) {
        if let Some(why) = &self.read_only {
            self.warn(format!("Read-only, not saved: {why}"));
            return;
        }
        match self.session.save() {
            Ok(r) if r.written.is_empty() => self.say("Nothing to save"),
            Ok(r) => {
                let names: Vec<&str> = r.written.iter().map(|k| k.file_name()).collect();
                let saved = format!("Saved {}", names.join(", "));
                // commit-on-save: what git made of it.
                match self.session.take_commit_note() {
                    Some(note) if note.starts_with("Committed") => {
                        self.say(format!("{saved}. {}", crate::text::sanitize(&note)))
                    }
                    Some(note) => self.warn(format!("{saved}. {}", crate::text::sanitize(&note))),
                    None => self.say(saved),
                }
            }
            // Saved, but something needs the user: no "Not saved" then.
            Err(
                e @ (crate::store::SaveError::Displaced { .. }
                | crate::store::SaveError::NotDurable { .. }),
            ) => self.warn(format!("Saved, but: {e}")),
            Err(e) => self.warn(format!("Not saved: {e}")),
        }
    }

    /// Hands a command to the focused pane and carries out what it asks.
    fn pane_command(&mut self, c: Command) {
        let ctx = PaneCtx {
            ws: self.session.workspace(),
            findings: self.session.findings(),
            on: self.session.as_of(),
            today: self.today(),
            theme: &self.theme,
            glyphs: &self.glyphs,
            focused: true,
        };
        let action = match self.focus {
            Focus::Tree => self.tree.command(c, &ctx),
            Focus::Matrix => self.matrix.command(c, &ctx),
            Focus::Findings => self.findings.command(c),
        };
        match action {
            Action::Done => {}
            Action::NotHere => {
                let pane = match self.focus {
                    Focus::Tree => "the org tree",
                    Focus::Matrix => "the matrix",
                    Focus::Findings => "the findings",
                };
                self.say(format!("{} does not apply to {pane}", c.name()));
            }
            Action::Say(text) => self.say(text),
            Action::Warn(text) => self.warn(text),
            Action::Edit(e, label) => self.edit(*e, label),
            Action::Ask(text, yes) => self.ask(text, yes),
            Action::OpenForm(f) => self.open_form(*f),
            Action::ShowForm(f) => self.open_item_form(*f),
            Action::OpenItem(item) => self.open_item(Some(item)),
            Action::RevealPerson(id) => {
                self.focus = Focus::Tree;
                self.reveal_person(&id);
            }
            Action::OpenFinding(i) => self.open_finding(i),
            Action::OpenLeave(person) => self.open_leave(&person),
        }
    }

    /// Goes to what a finding is about, with its form open.
    fn open_finding(&mut self, i: usize) {
        let Some(f) = self.session.findings().get(i).cloned() else {
            return;
        };
        self.jump(&f.entity, true);
        // A finding about a role in a cell: put the cursor on it.
        if f.entity.kind == EntityKind::Subject
            && let Some(role) = f.message.split('`').nth(1)
            && let Some(i) = self.matrix.cols.iter().position(|c| c.id == role)
        {
            self.matrix.col = i;
        }
    }

    fn open_item(&mut self, item: Option<Item>) {
        let ws = self.session.workspace();
        let today = self.today();
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

    fn open_item_form(&mut self, f: EntityForm) {
        if self.read_only.is_some() {
            self.layers.push(Layer::Form(Box::new(f)));
        } else {
            self.open_form(f);
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
                            self.today(),
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
                    let first_w = m.title_width;
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
