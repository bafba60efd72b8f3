//! Scriptable edits: `assign`, `unassign`, `set`, `clear`, `leave` and
//! `signoff`. Each goes through the same session as the workbench (undo
//! record, findings re-evaluated) and the same store (lock, atomic,
//! format-preserving), and says which findings it raised or resolved.

use clap::Args;

use super::error::say;
use super::output::{Style, print_finding_changes, print_finding_changes_ahead};
use super::{CommandError, CommandResult, Ctx, EXIT_OK, open_workspace, parse_date};
use crate::edit::{self, Edit};
use crate::fingerprint;
use crate::model::{Assignment, Date, Letter, Signoff};
use crate::query;
use crate::rules::Finding;
use crate::session::Session;
use crate::store::FileKind;
use crate::store::open::Access;
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// Role id or name.
    pub role: String,
    /// Person id, name or email.
    pub person: String,
    /// First day held (default: today).
    #[arg(long, value_parser = parse_date)]
    pub from: Option<Date>,
    /// Last day held, if already known.
    #[arg(long, value_parser = parse_date)]
    pub until: Option<Date>,
    /// The deputy (person id, name or email).
    #[arg(long)]
    pub deputy: Option<String>,
    /// Appointment evidence: letter, contract addendum, minutes reference.
    #[arg(long)]
    pub evidence: Option<String>,
    /// Share of a full-time job spent on the role, 0 to 1.
    #[arg(long, value_parser = parse_fte)]
    pub allocation: Option<f64>,
    /// The day the holder acknowledged the role.
    #[arg(long, value_parser = parse_date)]
    pub acknowledged: Option<Date>,
    /// For external holders: the employee who answers for them.
    #[arg(long)]
    pub sponsor: Option<String>,
    /// For external holders: statement of work or contract reference.
    #[arg(long)]
    pub contract: Option<String>,
    /// Show the change without writing it.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct UnassignArgs {
    /// Role id or name.
    pub role: String,
    /// Person id, name or email.
    pub person: String,
    /// Last day held (default: today).
    #[arg(long, value_parser = parse_date)]
    pub until: Option<Date>,
    /// Show the change without writing it.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// Clause, control or activity id.
    pub subject: String,
    /// Role id or name.
    pub role: String,
    /// R, A, S, C, I, or A/R for a role that owns and does the work.
    #[arg(value_parser = parse_letter)]
    pub letter: Letter,
    /// Show the change without writing it.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ClearArgs {
    /// Clause, control or activity id.
    pub subject: String,
    /// Role id or name (or the id of a role that no longer exists).
    pub role: String,
    /// Show the change without writing it.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct LeaveArgs {
    /// Person id, name or email.
    pub person: String,
    /// Their last working day.
    #[arg(long, value_parser = parse_date)]
    pub date: Date,
    /// Keep their assignments open (by default they end on that day).
    #[arg(long)]
    pub keep_roles: bool,
    /// Show the change without writing it.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct SignoffArgs {
    /// Who signed (person ids, names or emails); repeat or separate with commas.
    #[arg(long, required = true, value_delimiter = ',')]
    pub by: Vec<String>,
    /// Where the decision is minuted.
    #[arg(long)]
    pub minutes: Option<String>,
    /// The day of the sign-off (default: today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// In a repository with uncommitted changes to the register, commit
    /// them first (a message in register terms), so the sign-off approves
    /// a commit.
    #[arg(long)]
    pub commit: bool,
    /// Also create an annotated git tag NAME on the signed commit.
    #[arg(long, value_name = "NAME")]
    pub tag: Option<String>,
    /// Sign the tag with your git key (`git tag -s`).
    #[arg(long, requires = "tag")]
    pub sign: bool,
    /// Show the change without writing it.
    #[arg(long)]
    pub dry_run: bool,
}

fn parse_fte(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from 0 to 1, found `{s}`")),
    }
}

fn parse_letter(s: &str) -> Result<Letter, String> {
    Letter::parse(s).ok_or_else(|| format!("expected one of R, A, S, C, I or A/R; found `{s}`"))
}

/// Opens the workspace for writing (or only reading, for a dry run).
pub(super) fn open(cx: &Ctx, dry_run: bool) -> Result<Session, CommandError> {
    let access = if dry_run { Access::Read } else { Access::Edit };
    let opened = open_workspace(cx, access)?;
    if let Some(Err(e)) = opened.lock {
        return Err(CommandError::usage(e));
    }
    if let Some(note) = opened.store.set_aside_note() {
        say!("warning: {note}");
    }
    Ok(Session::evaluated(
        opened.store,
        opened.workspace,
        cx.eval.clone(),
    ))
}

/// An error (paths and ids in it can carry anything: sanitised).
pub(super) fn fail(message: impl std::fmt::Display) -> CommandError {
    CommandError::usage(message)
}

/// Applies `edit`, then writes it (or shows it, for a dry run) and reports
/// the findings it raised and resolved. `effective` is the first day the
/// change makes a difference (an appointment's start, the day after a last
/// day): when that is after the evaluation date, the findings on that day
/// are compared too, so that ending a role next month is not reported as
/// harmless just because it is harmless today.
pub(super) fn finish(
    cx: &mut Ctx,
    mut session: Session,
    edit: Edit,
    label: &str,
    dry_run: bool,
    effective: &[Date],
) -> CommandResult {
    let style = &cx.style;
    let out = &mut cx.out;
    let before: Vec<Finding> = session.findings().to_vec();
    let mut days: Vec<Date> = effective
        .iter()
        .copied()
        .filter(|&d| d > session.as_of())
        .collect();
    days.sort();
    days.dedup();
    let before_ahead: Vec<(Date, Vec<Finding>)> = days
        .into_iter()
        .map(|d| (d, crate::rules::findings(session.workspace(), d)))
        .collect();
    session.apply(edit, label)?;
    if !session.is_dirty() {
        out.line(&format!(
            "No change: the register already says that ({})",
            sanitize(label)
        ));
        return Ok(EXIT_OK);
    }
    if dry_run {
        let files = session.store().render(session.workspace())?;
        for (kind, text) in files {
            out.print(&line_diff(
                kind,
                session.store().base_text(kind),
                &text,
                style,
            ));
        }
        out.line(&style.dim("Dry run: nothing was written."));
    } else {
        let r = session.save()?;
        // Saved: whatever happens to the report now, the exit code says so.
        out.mark_saved("the change");
        let names: Vec<&str> = r.written.iter().map(|k| k.file_name()).collect();
        out.line(&format!("{} ({})", sanitize(label), names.join(", ")));
        // commit-on-save: what git made of it (register text: sanitised).
        if let Some(note) = session.take_commit_note() {
            out.line(&sanitize(&note));
        }
    }
    let (raised, resolved) = crate::rules::changes(&before, session.findings());
    print_finding_changes(out, &raised, &resolved, session.findings(), style, "Now");
    for (day, before) in before_ahead {
        let after = crate::rules::findings(session.workspace(), day);
        let (raised, resolved) = crate::rules::changes(&before, &after);
        if !raised.is_empty() || !resolved.is_empty() {
            out.line(&style.bold(&format!("From {day}, when the change takes effect:")));
            print_finding_changes_ahead(out, &raised, &resolved, &after, style);
        }
    }
    Ok(EXIT_OK)
}

/// The changed lines of one file, unified-diff style with a line of
/// context around each change.
fn line_diff(kind: FileKind, old: &str, new: &str, style: &Style) -> String {
    let mut out = String::new();
    for (line, hunk) in crate::diff::hunks(old, new, 1) {
        out.push_str(&format!(
            "{}\n",
            style.bold(&format!("--- {} line {line}", kind.file_name()))
        ));
        for l in hunk {
            match l {
                crate::diff::Line::Same(t) => out.push_str(&format!(" {}\n", sanitize(t))),
                crate::diff::Line::Removed(t) => out.push_str(&format!("-{}\n", sanitize(t))),
                crate::diff::Line::Added(t) => out.push_str(&format!("+{}\n", sanitize(t))),
            }
        }
    }
    out
}

pub fn assign(cx: &mut Ctx, a: &AssignArgs) -> CommandResult {
    let session = open(cx, a.dry_run)?;
    let ws = session.workspace();
    let role = match query::resolve_role(ws, &a.role) {
        Ok(r) => r.id.clone(),
        Err(e) => return Err(fail(e)),
    };
    let mut people = Vec::new();
    for q in [Some(&a.person), a.deputy.as_ref(), a.sponsor.as_ref()] {
        people.push(match q.map(|q| query::resolve_person(ws, q)) {
            Some(Ok(p)) => Some(p.id.clone()),
            Some(Err(e)) => return Err(fail(e)),
            None => None,
        });
    }
    let person = people[0].clone().unwrap_or_default();
    let from = a.from.unwrap_or(cx.eval.today);
    if a.until.is_some_and(|u| u < from) {
        return Err(fail(format!(
            "--until {} is before --from {from}",
            a.until.unwrap_or(from)
        )));
    }
    if people[1].as_deref() == Some(person.as_str()) {
        return Err(fail("a holder cannot be their own deputy"));
    }
    let assignment = Assignment {
        person: person.clone(),
        from: Some(from),
        until: a.until,
        deputy: people[1].clone(),
        allocation: a.allocation,
        evidence: a.evidence.clone(),
        acknowledged: a.acknowledged,
        sponsor: people[2].clone(),
        contract: a.contract.clone(),
        note: None,
    };
    let e = match edit::assign(ws, &role, assignment) {
        Ok(e) => e,
        Err(e) => return Err(fail(e)),
    };
    finish(
        cx,
        session,
        e,
        &format!("Assigned {role} to {person} from {from}"),
        a.dry_run,
        &[Some(from), a.until.map(|u| u.add_days(1))]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
    )
}

pub fn unassign(cx: &mut Ctx, a: &UnassignArgs) -> CommandResult {
    let session = open(cx, a.dry_run)?;
    let ws = session.workspace();
    let role = match query::resolve_role(ws, &a.role) {
        Ok(r) => r.id.clone(),
        Err(e) => return Err(fail(e)),
    };
    let person = match query::resolve_person(ws, &a.person) {
        Ok(p) => p.id.clone(),
        Err(e) => return Err(fail(e)),
    };
    let until = a.until.unwrap_or(cx.eval.today);
    let e = match edit::unassign(ws, &role, &person, until) {
        Ok(Some(e)) => e,
        Ok(None) => {
            return Err(fail(format!(
                "{person} holds no assignment to {role} in force on {until}"
            )));
        }
        Err(e) => return Err(fail(e)),
    };
    finish(
        cx,
        session,
        e,
        &format!("Ended {person} as {role} on {until}"),
        a.dry_run,
        &[until.add_days(1)],
    )
}

/// The one subject a command names (a heading names several: refused).
fn one_subject(ws: &crate::model::Workspace, q: &str) -> Result<String, String> {
    match query::resolve_subjects(ws, q) {
        Ok(list) if list.len() == 1 => Ok(list[0].id.to_string()),
        Ok(list) => Err(format!(
            "`{}` is a heading; name one of: {}",
            sanitize(q),
            list.iter().map(|s| s.id).collect::<Vec<_>>().join(", ")
        )),
        Err(e) => Err(e.to_string()),
    }
}

fn set_cell(
    cx: &mut Ctx,
    subject: &str,
    role: &str,
    letter: Option<Letter>,
    dry_run: bool,
) -> CommandResult {
    let session = open(cx, dry_run)?;
    let ws = session.workspace();
    let subject = match one_subject(ws, subject) {
        Ok(s) => s,
        Err(e) => return Err(fail(e)),
    };
    // Clearing may name a role that no longer exists (to fix the matrix).
    let role = match query::resolve_role(ws, role) {
        Ok(r) => r.id.clone(),
        Err(_) if letter.is_none() && ws.matrix.get(&subject, role).is_some() => role.to_string(),
        Err(e) => return Err(fail(e)),
    };
    // Say what the cell held, so that a script's log shows an overwrite.
    let was = match ws.matrix.get(&subject, &role) {
        Some(old) if Some(old) == letter => " (unchanged)".to_string(),
        Some(old) => format!(" (was {})", old.as_str()),
        None if letter.is_some() => " (was empty)".to_string(),
        None => " (was already empty)".to_string(),
    };
    let label = match letter {
        Some(l) => format!("{subject}: {role} is {}{was}", l.as_str()),
        None => format!("{subject}: cleared {role}{was}"),
    };
    finish(
        cx,
        session,
        Edit::SetCell {
            subject,
            role,
            letter,
        },
        &label,
        dry_run,
        &[],
    )
}

pub fn set(cx: &mut Ctx, a: &SetArgs) -> CommandResult {
    set_cell(cx, &a.subject, &a.role, Some(a.letter), a.dry_run)
}

pub fn clear(cx: &mut Ctx, a: &ClearArgs) -> CommandResult {
    set_cell(cx, &a.subject, &a.role, None, a.dry_run)
}

pub fn leave(cx: &mut Ctx, a: &LeaveArgs) -> CommandResult {
    let session = open(cx, a.dry_run)?;
    let ws = session.workspace();
    let person = match query::resolve_person(ws, &a.person) {
        Ok(p) => p.id.clone(),
        Err(e) => return Err(fail(e)),
    };
    let (e, follows) = match query::leave_consequences(
        ws,
        &person,
        a.date,
        cx.eval.today,
        a.keep_roles,
        None,
        &[],
    ) {
        Ok((e, c)) => (e, c.lines(ws)),
        Err(e) => return Err(fail(e)),
    };
    if let Some(before) = ws.people[&person].left.filter(|&d| d != a.date) {
        let was = if before < cx.eval.today {
            "had already left"
        } else {
            "was due to leave"
        };
        say!(
            "note: {person} {was} (last day {before}); the last day becomes {}",
            a.date
        );
    }
    super::handover::print_follows(cx, &follows);
    finish(
        cx,
        session,
        e,
        &format!("{person} left on {}", a.date),
        a.dry_run,
        &[a.date.add_days(1)],
    )
}

pub fn signoff(cx: &mut Ctx, a: &SignoffArgs) -> CommandResult {
    let session = open(cx, a.dry_run)?;
    let ws = session.workspace();
    let mut by = Vec::new();
    for q in a.by.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match query::resolve_person(ws, q) {
            Ok(p) => by.push(p.id.clone()),
            Err(e) => return Err(fail(e)),
        }
    }
    edit::dedup_in_order(&mut by);
    let date = a.date.unwrap_or(cx.eval.today);
    if let Err(e) = edit::check_signoff_date(date, cx.eval.today)
        .and_then(|()| edit::check_signatories(ws, &by, date))
    {
        return Err(fail(e));
    }
    let outside = edit::signatories_outside_review_team(ws, &by, date);
    if !outside.is_empty() {
        say!(
            "note: {} held no top-management or review team role on {date}",
            sanitize(&outside.join(", "))
        );
    }
    if date < cx.eval.today {
        say!(
            "note: the fingerprint recorded is of the register as it stands today, not as it stood on {date}"
        );
    }
    let commit = signed_commit(session.store().dir(), ws, a)?;
    let mut signoffs = ws.signoffs.clone();
    signoffs.push(Signoff {
        date,
        by,
        minutes: a.minutes.clone(),
        fingerprint: Some(fingerprint::fingerprint(ws)),
        commit: commit.clone(),
    });
    if let (Some(name), Some(id)) = (&a.tag, &commit)
        && !a.dry_run
    {
        let repo = crate::history::git::Repo::discover(session.store().dir())
            .map_err(super::open::history_error)?;
        let message = format!(
            "Management sign-off of the register on {date}{}",
            a.minutes
                .as_deref()
                .map(|m| format!(" ({})", sanitize(m)))
                .unwrap_or_default()
        );
        repo.tag(name, id, &message, a.sign)
            .map_err(super::open::history_error)?;
        say!(
            "Tagged {} as {}",
            crate::history::git::short(id),
            sanitize(name)
        );
    }
    finish(
        cx,
        session,
        Edit::SetSignoffs(signoffs),
        &format!("Sign-off recorded on {date}"),
        a.dry_run,
        &[],
    )
}

/// The commit a sign-off approves: HEAD, once the register has no
/// uncommitted change (committed first with `--commit`, refused without).
/// Outside a repository, or without git, none: the sign-off then rests on
/// its fingerprint alone, and the note says so.
fn signed_commit(
    dir: &std::path::Path,
    ws: &crate::model::Workspace,
    a: &SignoffArgs,
) -> Result<Option<String>, CommandError> {
    use crate::history::git::{GitError, Repo};
    let repo = match Repo::discover(dir) {
        Ok(r) => r,
        Err(e @ (GitError::NoGit | GitError::NotARepository(_))) => {
            if a.tag.is_some() {
                return Err(super::open::history_error(e));
            }
            say!(
                "note: {}; the sign-off is not bound to a commit",
                sanitize(&e.to_string())
            );
            return Ok(None);
        }
        Err(e) => return Err(super::open::history_error(e)),
    };
    let dirty = match repo.head() {
        Ok(_) => repo
            .workspace_uncommitted()
            .map_err(super::open::history_error)?,
        Err(GitError::NoCommits) => true,
        Err(e) => return Err(super::open::history_error(e)),
    };
    if dirty {
        if !a.commit {
            return Err(CommandError::usage(
                "the register has changes that are not committed, so no commit holds what would be signed",
            )
            .hint("commit them first (`git commit`), or add --commit to have rasci commit them"));
        }
        if a.dry_run {
            say!("note: a real run would commit the register's changes first");
            return Ok(repo.head().ok());
        }
        let before = repo
            .head()
            .ok()
            .and_then(|h| repo.reader().ok().map(|r| (h, r)))
            .and_then(|(h, mut r)| r.committed(&h).ok()?.ok())
            .unwrap_or_default();
        let message = crate::history::commit::message(&crate::history::changes(&before, ws));
        // Paths inside the workspace folder, where git is run.
        let files: Vec<std::path::PathBuf> = FileKind::ALL
            .iter()
            .filter(|k| dir.join(k.file_name()).exists())
            .map(|k| std::path::PathBuf::from(k.file_name()))
            .collect();
        let outcome = crate::history::commit::commit_files(dir, &files, &message);
        match &outcome {
            crate::history::commit::Outcome::Committed { .. } => {
                say!("{}", sanitize(&outcome.message()))
            }
            _ => return Err(CommandError::usage(outcome.message())),
        }
    }
    repo.head().map(Some).map_err(super::open::history_error)
}
