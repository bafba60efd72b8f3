//! `rasci handover`: a person's roles, deputyships and sponsorships go to
//! a successor in one undoable edit, with what follows shown first.

use clap::Args;

use super::edits::{fail, finish, open};
use super::{CommandResult, Ctx, parse_date};
use crate::query;
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct HandoverArgs {
    /// Who hands over (person id, name or email).
    pub person: String,
    /// The successor (person id, name or email).
    #[arg(long, value_name = "PERSON")]
    pub to: String,
    /// Hand over only this role (id or name); repeat for several.
    /// Default: every role they hold on the day.
    #[arg(long = "role", value_name = "ROLE")]
    pub roles: Vec<String>,
    /// The handing-over person's last day in the roles; the successor
    /// starts the day after.
    #[arg(long, value_parser = parse_date)]
    pub date: crate::model::Date,
    /// Show the change without writing it.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn handover(cx: &mut Ctx, a: &HandoverArgs) -> CommandResult {
    let session = open(cx, a.dry_run)?;
    let ws = session.workspace();
    let mut ids = Vec::new();
    for q in [&a.person, &a.to] {
        match query::resolve_person(ws, q) {
            Ok(p) => ids.push(p.id.clone()),
            Err(e) => return Err(fail(e)),
        }
    }
    let mut roles = Vec::new();
    for q in &a.roles {
        match query::resolve_role(ws, q) {
            Ok(r) if !roles.contains(&r.id) => roles.push(r.id.clone()),
            Ok(_) => {}
            Err(e) => return Err(fail(e)),
        }
    }
    let (from, to) = (&ids[0], &ids[1]);
    let (e, follows) =
        match query::handover_consequences(ws, from, to, &roles, a.date, cx.eval.today) {
            Ok((e, c)) => (e, c.lines(ws)),
            Err(e) => return Err(fail(e)),
        };
    print_follows(cx, &follows);
    finish(
        cx,
        session,
        e,
        &format!("{from} handed over to {to} after {}", a.date),
        a.dry_run,
        &[a.date.add_days(1)],
    )
}

/// Prints what follows from a leave or handover (register text:
/// sanitised).
pub(super) fn print_follows(cx: &mut Ctx, lines: &[String]) {
    let heading = cx.style.bold("What follows:");
    cx.out.line(&heading);
    for l in lines {
        cx.out.line(&format!("  {}", sanitize(l)));
    }
}
