//! `rasci log` and `rasci diff`: the register's history from git, in the
//! register's own terms. Each commit is compared with its first parent by
//! `history::changes`, the same diff the merge driver and commit on save
//! speak; commits made by hand in an editor read the same as rasci's.

use clap::Args;

use super::error::say;
use super::open::{history_error, load_error, place};
use super::output::print_json;
use super::{CommandError, CommandResult, Ctx, EXIT_OK, Format};
use crate::history::git::{CommitInfo, Reader, Repo};
use crate::history::{Area, Change, changes, findings_delta};
use crate::model::{Revision, Workspace};
use crate::rules::{EntityKind, Finding};
use crate::store::LoadError;
use crate::store::open as store_open;
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only commits after REV, or made on or after the day YYYY-MM-DD.
    #[arg(long, value_name = "DATE|REV")]
    pub since: Option<String>,
    /// Only changes about this person (their record and appointments).
    #[arg(long, value_name = "ID")]
    pub person: Option<String>,
    /// Only changes about this role (its definition and appointments).
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,
    /// Only changes to this subject's matrix row.
    #[arg(long, value_name = "ID")]
    pub subject: Option<String>,
    /// text for people (plain on a pipe), json for programs.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The state to compare from (default: HEAD).
    pub from: Option<String>,
    /// The state to compare to (default: the working tree).
    pub to: Option<String>,
    /// Compare from the commit the last sign-off approved (its `commit`).
    #[arg(long, conflicts_with = "from")]
    pub since_signoff: bool,
    /// text for people (plain on a pipe), json for programs.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The repository holding the workspace the command line names.
fn repository(cx: &Ctx) -> Result<(std::path::PathBuf, Repo), CommandError> {
    if cx.eval.at.is_some() {
        return Err(CommandError::usage(
            "log and diff name their own revisions; --at does not apply to them",
        ));
    }
    let (found, _) = place(cx)
        .find(store_open::Access::Read)
        .map_err(|e| super::open::open_error(e, Format::Text))?;
    let repo = Repo::discover(&found.dir).map_err(history_error)?;
    Ok((found.dir, repo))
}

/// One commit of the log: what it changed, or why it could not be read.
#[derive(Debug, serde::Serialize)]
struct Entry {
    #[serde(flatten)]
    commit: CommitInfo,
    /// The register at this commit loads (problems otherwise).
    loads: bool,
    /// Its problems when it does not load (the first few, located).
    problems: Vec<String>,
    changes: Vec<Change>,
}

/// Does `c` concern what the filters ask about?
fn wanted(c: &Change, a: &LogArgs) -> bool {
    let id = c.entity.id.as_str();
    let assignment = (c.entity.kind == EntityKind::Assignment).then(|| {
        let (role, rest) = id.split_once('/').unwrap_or((id, ""));
        (role, rest.split('@').next().unwrap_or(rest))
    });
    let person = a.person.as_deref().is_none_or(|p| {
        (c.entity.kind == EntityKind::Person && id == p)
            || assignment.is_some_and(|(_, who)| who == p)
    });
    let role = a.role.as_deref().is_none_or(|r| {
        (c.entity.kind == EntityKind::Role && id == r) || assignment.is_some_and(|(of, _)| of == r)
    });
    let subject = a
        .subject
        .as_deref()
        .is_none_or(|s| c.entity.kind == EntityKind::Subject && id == s);
    person && role && subject
}

/// The register at `commit`, or its problems as lines.
fn at(reader: &mut Reader, commit: &str) -> Result<Result<Workspace, Vec<String>>, CommandError> {
    Ok(reader
        .committed(commit)
        .map_err(history_error)?
        .map_err(|e| problems(&e)))
}

fn problems(e: &LoadError) -> Vec<String> {
    match e {
        LoadError::Invalid(d) => d
            .iter()
            .take(3)
            .map(|d| {
                format!(
                    "{}:{}:{}: {}",
                    d.file.display(),
                    d.line,
                    d.column,
                    d.message
                )
            })
            .chain((d.len() > 3).then(|| format!("... and {} more", d.len() - 3)))
            .collect(),
        other => vec![other.to_string()],
    }
}

pub fn log(cx: &mut Ctx, a: &LogArgs) -> CommandResult {
    let (_, repo) = repository(cx)?;
    let since = a.since.as_deref().map(Revision::parse);
    let commits = match &since {
        Some(Revision::Named(rev)) => {
            let id = repo
                .resolve(&Revision::Named(rev.clone()))
                .map_err(history_error)?;
            repo.commits(Some(&id))
        }
        _ => repo.commits(None),
    }
    .map_err(history_error)?;
    let first_day = match since {
        Some(Revision::Day(d)) => Some(d.to_string()),
        _ => None,
    };
    let filtered = a.person.is_some() || a.role.is_some() || a.subject.is_some();
    let mut reader = repo.reader().map_err(history_error)?;
    let mut entries = Vec::new();
    for c in commits {
        if first_day.as_deref().is_some_and(|d| c.date.as_str() < d) {
            // Newest first: everything from here on is older.
            break;
        }
        let this = at(&mut reader, &c.id)?;
        let before = match &c.parent {
            Some(p) => Some(at(&mut reader, p)?),
            None => None,
        };
        let (loads, problems, list) = match (&this, &before) {
            (Ok(new), None) => (true, Vec::new(), changes(&Workspace::default(), new)),
            (Ok(new), Some(Ok(old))) => (true, Vec::new(), changes(old, new)),
            // Compared with a parent that does not load, nothing can be
            // said change by change; the parent's own entry says why.
            (Ok(_), Some(Err(_))) => (true, Vec::new(), Vec::new()),
            (Err(p), _) => (false, p.clone(), Vec::new()),
        };
        let list: Vec<Change> = list.into_iter().filter(|x| wanted(x, a)).collect();
        if filtered && list.is_empty() {
            continue;
        }
        entries.push(Entry {
            commit: c,
            loads,
            problems,
            changes: list,
        });
    }
    match a.format {
        Format::Json => {
            print_json(&mut cx.out, &entries)?;
        }
        Format::Text => {
            for e in &entries {
                let head = format!(
                    "commit {}  {}  {}",
                    e.commit.short(),
                    e.commit.date,
                    sanitize(&e.commit.author)
                );
                cx.out.line(&cx.style.bold(&head));
                cx.out.line(&format!("    {}", sanitize(&e.commit.subject)));
                if !e.loads {
                    cx.out.line("  does not load:");
                    for p in &e.problems {
                        cx.out.line(&format!("    {}", sanitize(p)));
                    }
                } else if e.changes.is_empty() {
                    cx.out
                        .line("  no change to the register (layout or comments only)");
                }
                print_changes(cx, &e.changes);
                cx.out.line("");
            }
            if entries.is_empty() {
                say!("no commit changed what was asked about");
            }
        }
    }
    Ok(EXIT_OK)
}

/// Changes grouped under their area's heading.
fn print_changes(cx: &mut Ctx, list: &[Change]) {
    let mut area: Option<Area> = None;
    for c in list {
        if area != Some(c.area) {
            area = Some(c.area);
            let title = cx.style.bold(c.area.title());
            cx.out.line(&format!("  {title}"));
        }
        cx.out.line(&format!("    {}", sanitize(&c.text)));
    }
}

pub fn diff(cx: &mut Ctx, a: &DiffArgs) -> CommandResult {
    let (_, repo) = repository(cx)?;
    let mut reader = repo.reader().map_err(history_error)?;
    let mut state = |rev: Option<&str>| -> Result<(String, Workspace), CommandError> {
        match rev {
            None => {
                let (_, ws) = store_open::read(&place(cx))
                    .map_err(|e| super::open::open_error(e, Format::Text))?;
                Ok(("the working tree".to_string(), ws))
            }
            Some(r) => {
                let id = repo.resolve(&Revision::parse(r)).map_err(history_error)?;
                let short = crate::history::git::short(&id).to_string();
                match reader.committed(&id).map_err(history_error)? {
                    Ok(ws) => Ok((format!("{} ({short})", sanitize(r)), ws)),
                    Err(e) => Err(load_error(&e)),
                }
            }
        }
    };
    let signed = if a.since_signoff {
        let (_, now) =
            store_open::read(&place(cx)).map_err(|e| super::open::open_error(e, Format::Text))?;
        match now.signoffs.iter().rev().find_map(|s| s.commit.clone()) {
            Some(c) => Some(c),
            None => {
                return Err(CommandError::usage(
                    "no sign-off in the register names the commit it approved",
                )
                .hint(
                    "sign-offs recorded by `rasci signoff` in a repository do; see docs/git.md",
                ));
            }
        }
    } else {
        None
    };
    let from = state(Some(
        signed.as_deref().or(a.from.as_deref()).unwrap_or("HEAD"),
    ))?;
    let to = state(a.to.as_deref())?;
    let list = changes(&from.1, &to.1);
    let (raised, resolved) = findings_delta(&from.1, &to.1, cx.eval.as_of);
    match a.format {
        Format::Json => {
            let brief = |f: &[Finding]| -> Vec<serde_json::Value> {
                f.iter()
                    .map(|f| {
                        serde_json::json!({
                            "rule": f.rule, "severity": f.severity,
                            "message": f.message, "entity": f.entity,
                        })
                    })
                    .collect()
            };
            print_json(
                &mut cx.out,
                &serde_json::json!({
                    "from": from.0, "to": to.0, "as_of": cx.eval.as_of.to_string(),
                    "changes": list,
                    "raised": brief(&raised), "resolved": brief(&resolved),
                }),
            )?;
        }
        Format::Text => {
            let head = format!("From {} to {}", from.0, to.0);
            cx.out.line(&cx.style.bold(&head));
            if list.is_empty() {
                cx.out.line("  no change to the register");
            }
            print_changes(cx, &list);
            for (title, fs) in [("Raised", &raised), ("Resolved", &resolved)] {
                if fs.is_empty() {
                    continue;
                }
                let heading = format!("{title} on {} ({})", cx.eval.as_of, fs.len());
                cx.out.line(&cx.style.bold(&heading));
                for f in fs.iter() {
                    cx.out
                        .line(&format!("  {} {}", f.rule, sanitize(&f.message)));
                }
            }
        }
    }
    Ok(EXIT_OK)
}

/// `rasci verify`: every sign-off bound to a commit is checked against the
/// history (the commit is on the current branch, the register committed
/// there has the fingerprint recorded, signed tags on it verify); exit 1
/// with the reason when one fails. Sign-offs recorded without a commit are
/// listed as not verifiable against the history.
pub fn verify(cx: &mut Ctx) -> CommandResult {
    let (_, repo) = repository(cx)?;
    let (_, ws) =
        store_open::read(&place(cx)).map_err(|e| super::open::open_error(e, Format::Text))?;
    let mut reader = repo.reader().map_err(history_error)?;
    let mut failed = 0usize;
    let mut unbound = 0usize;
    for s in &ws.signoffs {
        let who = sanitize(&s.by.join(", ")).into_owned();
        let head = format!("sign-off of {} by {who}", s.date);
        let Some(commit) = &s.commit else {
            unbound += 1;
            cx.out.line(&format!(
                "{head}: not bound to a commit (recorded outside a repository or before sign-offs named one); only its fingerprint can be compared, with the register as it is now"
            ));
            continue;
        };
        let short = sanitize(crate::history::git::short(commit)).into_owned();
        let mut problems: Vec<String> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        match repo.resolve(&Revision::Named(commit.clone())) {
            Err(_) => problems.push(format!("commit {short} is not in this repository")),
            Ok(id) => {
                if !repo.in_history(&id).map_err(history_error)? {
                    problems.push(format!(
                        "commit {short} is not in the history of the current branch"
                    ));
                }
                match (&s.fingerprint, at(&mut reader, &id)?) {
                    (_, Err(p)) => problems.push(format!(
                        "the register at {short} does not load: {}",
                        p.first().cloned().unwrap_or_default()
                    )),
                    (None, Ok(_)) => problems.push("no fingerprint was recorded".into()),
                    (Some(f), Ok(then)) => match crate::fingerprint::matches(&then, f) {
                        Some(true) => notes.push(format!("fingerprint matches at {short}")),
                        Some(false) => problems.push(format!(
                            "the register at {short} does not have the fingerprint recorded ({})",
                            sanitize(f)
                        )),
                        None => problems.push(format!(
                            "the fingerprint recorded ({}) is of no version this rasci knows",
                            sanitize(f)
                        )),
                    },
                }
                for tag in repo.tags_at(&id).map_err(history_error)? {
                    match repo.tag_signature(&tag).map_err(history_error)? {
                        None => notes.push(format!("tag {} (not signed)", sanitize(&tag))),
                        Some(Ok(())) => {
                            notes.push(format!("signed tag {} verifies", sanitize(&tag)))
                        }
                        Some(Err(why)) => problems.push(format!(
                            "the signature of tag {} does not verify: {}",
                            sanitize(&tag),
                            sanitize(&why)
                        )),
                    }
                }
            }
        }
        if problems.is_empty() {
            cx.out
                .line(&format!("{head}: verified ({})", notes.join("; ")));
        } else {
            failed += 1;
            cx.out.line(&format!("{head}: FAILED"));
            for p in problems {
                cx.out.line(&format!("  {p}"));
            }
        }
    }
    if ws.signoffs.is_empty() {
        say!("the register records no sign-off");
    }
    let bound = ws.signoffs.len() - unbound;
    say!("{bound} sign-off(s) bound to a commit, {failed} failed; {unbound} not bound");
    Ok(if failed > 0 {
        super::EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
