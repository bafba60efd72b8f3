//! An open register being edited: the one place where edits are applied,
//! recorded for undo and followed by a fresh evaluation of the findings.

use crate::edit::{Edit, EditError, apply};
use crate::model::{Date, Evaluation, Workspace};
use crate::rules::{Finding, findings};
use crate::store::{LoadError, SaveError, SaveReport, Store};

/// One undoable step: the edit that reverses it and a label for messages.
#[derive(Debug, Clone)]
struct Step {
    inverse: Edit,
    label: String,
}

/// A workspace open for viewing or editing.
#[derive(Debug)]
pub struct Session {
    ws: Workspace,
    store: Store,
    eval: Evaluation,
    findings: Vec<Finding>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    dirty: bool,
    revision: u64,
    /// Increases only when people or roles change.
    people_revision: u64,
    /// What the last save's commit on save came to, until taken.
    commit: Option<crate::history::commit::Outcome>,
    /// "Not committed: no git" has been said once in this session.
    said_no_git: bool,
}

impl Session {
    /// Wraps a loaded workspace evaluated on `as_of`, which is also taken
    /// as today (tests and benchmarks); see [`Session::evaluated`].
    pub fn new(store: Store, ws: Workspace, as_of: Date) -> Session {
        Session::evaluated(store, ws, Evaluation::on(as_of))
    }

    /// Wraps a loaded workspace for the evaluation dates the user asked
    /// for (the same [`Evaluation`] the command line decided); evaluates
    /// the findings once.
    pub fn evaluated(store: Store, ws: Workspace, eval: Evaluation) -> Session {
        let findings = findings(&ws, eval.as_of);
        let dirty = store.is_dirty(&ws);
        Session {
            ws,
            store,
            eval,
            findings,
            undo: Vec::new(),
            redo: Vec::new(),
            dirty,
            revision: 0,
            people_revision: 0,
            commit: None,
            said_no_git: false,
        }
    }

    /// The register as edited, unsaved edits included.
    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    /// The store the register was loaded from and is saved to.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, mutably (to lock or unlock it, for instance).
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The findings on [`Session::as_of`], kept up to date after every change.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The date the register is evaluated on.
    pub fn as_of(&self) -> Date {
        self.eval.as_of
    }

    /// Today and the evaluation date.
    pub fn evaluation(&self) -> Evaluation {
        self.eval.clone()
    }

    /// Does the register differ from the files on disk?
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Increases with every change, so views can tell when to rebuild.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Increases when people or roles change (not for matrix-only edits),
    /// so the org tree rebuilds only when its shape may have changed.
    pub fn people_revision(&self) -> u64 {
        self.people_revision
    }

    /// Is there an edit to undo?
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Is there an undone edit to redo?
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Applies an edit, records how to undo it, and re-evaluates.
    pub fn apply(&mut self, edit: Edit, label: impl Into<String>) -> Result<(), EditError> {
        let touches = edit.touches_people_or_roles();
        let inverse = apply(&mut self.ws, edit)?;
        if touches {
            self.people_revision += 1;
        }
        self.undo.push(Step {
            inverse,
            label: label.into(),
        });
        self.redo.clear();
        self.changed();
        Ok(())
    }

    /// Undoes the last edit; returns its label.
    /// `Ok(None)` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        match self.undo.pop() {
            Some(step) => self.replay(step, true).map(Some),
            None => Ok(None),
        }
    }

    /// Redoes the last undone edit; returns its label.
    /// `Ok(None)` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        match self.redo.pop() {
            Some(step) => self.replay(step, false).map(Some),
            None => Ok(None),
        }
    }

    fn replay(&mut self, step: Step, undoing: bool) -> Result<String, EditError> {
        // Inverses were produced by `apply` on this very register, so they
        // apply; if one ever does not, the register is left as it was (a
        // failed edit changes nothing) and the caller is told.
        if step.inverse.touches_people_or_roles() {
            self.people_revision += 1;
        }
        let back = apply(&mut self.ws, step.inverse)?;
        let other = Step {
            inverse: back,
            label: step.label.clone(),
        };
        if undoing {
            self.redo.push(other);
        } else {
            self.undo.push(other);
        }
        self.changed();
        Ok(step.label)
    }

    /// Evaluates the register on another date.
    pub fn set_as_of(&mut self, date: Date) {
        self.eval.as_of = date;
        self.findings = findings(&self.ws, date);
        self.revision += 1;
        // Who holds what depends on the date.
        self.people_revision += 1;
    }

    fn changed(&mut self) {
        self.findings = findings(&self.ws, self.eval.as_of);
        self.dirty = self.store.is_dirty(&self.ws);
        self.revision += 1;
    }

    /// Saves through the store (locked, atomic, format-preserving). The
    /// undo history is kept: undoing after a save makes the register dirty.
    ///
    /// With `commit-on-save` on, the files written are then committed to
    /// git with the changes as the message (see [`crate::history::commit`]);
    /// [`Session::take_commit_note`] says how that went.
    pub fn save(&mut self) -> Result<SaveReport, SaveError> {
        // The register as last saved, for the commit message: copied only
        // when it will be used.
        let before = self
            .ws
            .settings
            .commit_on_save
            .then(|| self.store.base().clone());
        let result = self.store.save(&self.ws);
        // A save can fail after writing (someone else's version displaced
        // and kept, a folder flush failing): dirty is what is still unsaved.
        self.dirty = self.store.is_dirty(&self.ws);
        if let (Some(before), Ok(report)) = (before, &result)
            && !report.written.is_empty()
        {
            use crate::history::commit::{Outcome, commit_files, message};
            let files: Vec<std::path::PathBuf> = report
                .written
                .iter()
                .map(|k| k.file_name().into())
                .collect();
            let text = message(&crate::history::changes(&before, &self.ws));
            let outcome = commit_files(self.store.dir(), &files, &text);
            let repeat = matches!(outcome, Outcome::Unavailable(_)) && self.said_no_git;
            self.said_no_git |= matches!(outcome, Outcome::Unavailable(_));
            self.commit = (!repeat).then_some(outcome);
        }
        result
    }

    /// What the last save's commit on save came to, in one line, once:
    /// `None` when there was nothing to say (commit on save off, nothing
    /// written, or "no git" said already in this session).
    pub fn take_commit_note(&mut self) -> Option<String> {
        self.commit.take().map(|o| o.message())
    }

    /// Replaces the register with the files on disk, dropping unsaved
    /// edits and the undo history.
    pub fn reload(&mut self) -> Result<(), LoadError> {
        self.ws = self.store.reload()?;
        self.people_revision += 1;
        self.undo.clear();
        self.redo.clear();
        self.changed();
        Ok(())
    }

    /// Takes `ws` as unsaved edits, as one undoable step (used to restore
    /// recovered edits).
    pub fn replace_unsaved(&mut self, ws: Workspace, label: impl Into<String>) {
        // Replacing the whole register cannot fail.
        let _ = self.apply(Edit::ReplaceAll(Box::new(ws)), label);
    }

    /// Writes unsaved edits to the recovery folder (see
    /// [`crate::store::recovery`]).
    pub fn write_recovery(&self) -> Result<Option<std::path::PathBuf>, SaveError> {
        if !self.dirty {
            return Ok(None);
        }
        crate::store::recovery::write(&self.store, &self.ws)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_evaluation_travels_whole_and_moving_as_of_keeps_today() {
        let tmp = tempfile::tempdir().unwrap();
        crate::store::template::init(tmp.path(), crate::store::template::Template::Demo).unwrap();
        let (store, ws) = crate::store::load(tmp.path()).unwrap();
        let d = |s: &str| s.parse::<Date>().unwrap();
        let eval = Evaluation::decide(Some(d("2026-11-27")), Some(d("2025-06-30")));
        let mut s = Session::evaluated(store, ws, eval.clone());
        assert_eq!(s.evaluation(), eval);
        assert_eq!(s.findings(), findings(s.workspace(), d("2025-06-30")));
        s.set_as_of(d("2026-01-31"));
        assert_eq!(
            s.evaluation(),
            Evaluation {
                today: d("2026-11-27"),
                as_of: d("2026-01-31"),
                at: None,
            }
        );
    }

    #[test]
    fn without_a_repository_commit_on_save_says_so_once_and_saves() {
        let tmp = tempfile::tempdir().unwrap();
        let inside = std::process::Command::new("git")
            .arg("-C")
            .arg(tmp.path())
            .args(["rev-parse", "--show-toplevel"])
            .output();
        match inside {
            Err(_) => eprintln!("git is not installed: the note says so instead"),
            Ok(o) if o.status.success() => {
                eprintln!("the temporary folder is inside a repository: skipping");
                return;
            }
            Ok(_) => {}
        }
        crate::store::template::init(tmp.path(), crate::store::template::Template::Demo).unwrap();
        let (mut store, mut ws) = crate::store::load(tmp.path()).unwrap();
        store.lock().unwrap();
        ws.settings.commit_on_save = true;
        let mut s = Session::new(store, ws, "2026-11-27".parse().unwrap());
        assert!(!s.save().unwrap().written.is_empty());
        let note = s
            .take_commit_note()
            .expect("the first save says why it did not commit");
        assert!(note.starts_with("Saved, not committed: "), "{note}");
        assert_eq!(s.take_commit_note(), None, "said once");
        let mut ws = s.workspace().clone();
        ws.settings.review_interval_days = 100;
        s.replace_unsaved(ws, "interval");
        assert!(!s.save().unwrap().written.is_empty());
        assert_eq!(s.take_commit_note(), None, "not said again in this session");
        assert!(!s.is_dirty());
    }
}
