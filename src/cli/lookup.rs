//! `rasci who`, `whois`, `role` and `find`: quick answers, plain text on a
//! pipe, colour on a terminal, JSON for programs.

use serde::Serialize;

use super::output::{print_json, wrap};
use super::{CommandError, CommandResult, Ctx, EXIT_OK, Format, read_workspace};
use crate::model::{Date, Workspace};
use crate::query::{self, Holder, Miss, NotFound};
use crate::rules::{Index, findings};
use crate::text::sanitize;

/// What a lookup was asked for, so that a miss can tell whether the text
/// names something another command answers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Asked {
    Subject,
    Person,
    Role,
}

/// When `q` names one thing of another kind than was asked (a person given
/// to `who`), the command that answers it: (what it is, command, id).
fn elsewhere(ws: &Workspace, q: &str, asked: Asked) -> Option<(String, &'static str, String)> {
    if asked != Asked::Person
        && let Ok(p) = query::resolve_person(ws, q)
    {
        let what = format!("a person, {} ({})", p.display_name(), p.id);
        return Some((what, "whois", p.id.clone()));
    }
    if asked != Asked::Role
        && let Ok(r) = query::resolve_role(ws, q)
    {
        let what = format!("a role, {} ({})", r.display_name(), r.id);
        return Some((what, "role", r.id.clone()));
    }
    if asked != Asked::Subject
        && let Ok(list) = query::resolve_subjects(ws, q)
        && let [one] = list.as_slice()
    {
        let what = format!("a {}, {} {}", one.kind.as_str(), one.id, one.title);
        return Some((what, "who", one.id.to_string()));
    }
    None
}

/// A failed lookup: the candidates in the message (and as JSON on stdout
/// when asked), exit code 2. When the text names something of another
/// kind, the message says so and points at the command that answers it,
/// instead of offering look-alikes of the wrong kind.
fn not_found(ws: &Workspace, asked: Asked, e: &NotFound, format: Format) -> CommandError {
    let instead = match e.why {
        Miss::NoMatch => elsewhere(ws, &e.query, asked),
        _ => None,
    };
    let mut err = match &instead {
        Some((what, command, id)) => {
            CommandError::usage(format!("no {} matches `{}`: it is {what}", e.kind, e.query))
                .hint(format!("ask `rasci {command} {id}`"))
        }
        None => CommandError::usage(e),
    };
    if format == Format::Json {
        let error = match e.why {
            Miss::Empty => "nothing to look up",
            Miss::NoMatch => "not found",
            Miss::Ambiguous => "ambiguous",
        };
        let mut v = serde_json::json!({"error": error, "kind": e.kind, "query": e.query, "suggestions": e.suggestions, "more": e.more});
        if let Some((_, command, id)) = instead {
            v["instead"] = serde_json::json!({"command": command, "id": id});
        }
        err = err.with_json(v);
    }
    err
}

fn s(text: &str) -> String {
    sanitize(text).into_owned()
}

fn holder_line(h: &Holder) -> String {
    let mut line = s(&h.name);
    if let Some(e) = &h.email {
        line.push_str(&format!(" <{}>", s(e)));
    }
    if h.left {
        line.push_str(" (has left)");
    }
    let mut facts = Vec::new();
    if let Some(d) = h.since {
        facts.push(format!("since {d}"));
    }
    if let Some(d) = h.until {
        facts.push(format!("until {d}"));
    }
    if let Some(d) = &h.deputy {
        let mut dep = format!("deputy {}", s(&d.name));
        if let Some(e) = &d.email {
            dep.push_str(&format!(" <{}>", s(e)));
        }
        if d.left {
            dep.push_str(" (has left)");
        }
        facts.push(dep);
    }
    if !facts.is_empty() {
        line.push_str(&format!("; {}", facts.join(", ")));
    }
    line
}

#[derive(Serialize)]
struct WhoReport {
    as_of: Date,
    subjects: Vec<query::Who>,
}

pub fn who(cx: &mut Ctx, subject: &str, format: Format) -> CommandResult {
    let opened = read_workspace(cx, format)?;
    let ws = &opened.workspace;
    let on = cx.eval.as_of;
    let style = &cx.style;
    let subjects = match query::resolve_subjects(ws, subject) {
        Ok(s) => s,
        Err(e) => return Err(not_found(ws, Asked::Subject, &e, format)),
    };
    let ix = Index::new(ws, on);
    let answers: Vec<query::Who> = subjects.iter().map(|s| query::who(&ix, s)).collect();
    if format == Format::Json {
        return print_json(
            &mut cx.out,
            &WhoReport {
                as_of: on,
                subjects: answers,
            },
        );
    }
    let mut out = String::new();
    for (i, w) in answers.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{} {}\n",
            style.bold(&s(&w.subject)),
            style.bold(&s(&w.title))
        ));
        out.push_str(&style.dim(&format!("  {} · {}", s(&w.group), w.kind)));
        out.push('\n');
        if let Some(j) = &w.excluded {
            out.push_str(&wrap(
                &format!("Not applicable (excluded): {}", s(j)),
                style.width,
                "  ",
            ));
        }
        if w.duties.is_empty() {
            out.push_str("  No role has a letter on this subject.\n");
        }
        for d in &w.duties {
            let role = if d.known_role {
                format!("{} ({})", s(&d.role_name), s(&d.role))
            } else {
                format!("{} (no such role)", s(&d.role))
            };
            out.push_str(&format!(
                "  {}  {:<12} {role}\n",
                style.bold(d.letter.as_str()),
                d.word
            ));
            if d.holders.is_empty() {
                out.push_str(&format!(
                    "{}\n",
                    style.dim(&format!("       nobody holds it on {on}"))
                ));
            }
            for h in &d.holders {
                out.push_str(&wrap(&holder_line(h), style.width, "       "));
            }
        }
    }
    out.push_str(&style.dim(&format!("as of {on}")));
    out.push('\n');
    // `5.3` could mean the clause or control A.5.3, and `6.1` the heading
    // or A.6.1; the clause was taken.
    let q = subject.trim();
    let control_id = format!("A.{q}");
    if !answers.iter().any(|w| w.subject == control_id)
        && let Some(control) = crate::catalogue::catalogue().get(&control_id)
    {
        out.push_str(&style.dim(&format!(
            "(for control A.{q} {}, ask `rasci who A.{q}`)",
            control.title
        )));
        out.push('\n');
    }
    cx.out.print(&out);
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct WhoisReport {
    as_of: Date,
    person: query::Whois,
}

pub fn whois(cx: &mut Ctx, person: &str, format: Format) -> CommandResult {
    let opened = read_workspace(cx, format)?;
    let ws = &opened.workspace;
    let on = cx.eval.as_of;
    let style = &cx.style;
    let p = match query::resolve_person(ws, person) {
        Ok(p) => p,
        Err(e) => return Err(not_found(ws, Asked::Person, &e, format)),
    };
    let all = findings(ws, on);
    let ix = Index::new(ws, on);
    let w = query::whois(&ix, p, &all);
    if format == Format::Json {
        return print_json(
            &mut cx.out,
            &WhoisReport {
                as_of: on,
                person: w,
            },
        );
    }
    let mut out = String::new();
    let mut head = format!("{} ({})", s(&w.name), s(&w.id));
    if let Some(e) = &w.email {
        head.push_str(&format!(" <{}>", s(e)));
    }
    out.push_str(&style.bold(&head));
    out.push('\n');
    let mut facts: Vec<String> = Vec::new();
    facts.extend(w.title.iter().map(|t| s(t)));
    facts.extend(w.department.iter().map(|d| s(d)));
    facts.push(w.kind.to_string());
    facts.push(match (w.active, w.left) {
        (true, _) => "active".into(),
        (false, Some(d)) => format!("left (last day {d})"),
        (false, None) => "not active".into(),
    });
    out.push_str(&wrap(&facts.join(" · "), style.width, "  "));
    if let Some(m) = &w.manager {
        let name = ws.people.get(m).map_or(m.as_str(), |p| p.display_name());
        out.push_str(&format!("  Manager: {} ({})\n", s(name), s(m)));
    }
    out.push_str(&format!("\n{}\n", style.bold(&format!("Roles on {on}"))));
    if w.roles.is_empty() {
        out.push_str("  none\n");
    }
    for h in &w.roles {
        let mut line = format!("{} ({})", s(&h.role_name), s(&h.role));
        let mut facts = Vec::new();
        if let Some(d) = h.since {
            facts.push(format!("since {d}"));
        }
        if let Some(d) = h.until {
            facts.push(format!("until {d}"));
        }
        if let Some(d) = &h.deputy {
            let left = if d.left { " (has left)" } else { "" };
            facts.push(format!("deputy {}{left}", s(&d.name)));
        }
        if let Some(a) = h.allocation {
            facts.push(format!("{a} FTE"));
        }
        if !facts.is_empty() {
            line.push_str(&format!("; {}", facts.join(", ")));
        }
        out.push_str(&wrap(&line, style.width, "  "));
    }
    if !w.deputy_for.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold("Deputy for")));
        for (role, holder) in &w.deputy_for {
            let hn = ws
                .people
                .get(holder)
                .map_or(holder.as_str(), |p| p.display_name());
            let rn = ws
                .roles
                .get(role)
                .map_or(role.as_str(), |r| r.display_name());
            out.push_str(&wrap(
                &format!("{} as {} ({})", s(hn), s(rn), s(role)),
                style.width,
                "  ",
            ));
        }
    }
    if !w.competencies.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold("Competencies")));
        for c in &w.competencies {
            let mut line = format!("{}: {}", s(&c.id), c.description);
            if let Some(e) = &c.evidence {
                line.push_str(&format!("; evidence: {}", s(e)));
            }
            if c.records > 1 {
                line.push_str(&format!(" ({} records; this one counts)", c.records));
            }
            if c.required {
                line.push_str(" [required]");
            }
            out.push_str(&wrap(&line, style.width, "  "));
        }
    }
    out.push_str(&format!(
        "\n{}\n",
        style.bold(&format!(
            "Responsible or accountable for ({})",
            w.answerable.len()
        ))
    ));
    for a in &w.answerable {
        out.push_str(&wrap(
            &format!(
                "{}  {} {} (as {})",
                a.letter.as_str(),
                s(&a.subject),
                s(&a.title),
                s(&a.role)
            ),
            style.width,
            "  ",
        ));
    }
    if !w.findings.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold("Findings")));
        for f in &w.findings {
            out.push_str(&super::check::render_finding(f, style));
        }
    }
    cx.out.print(&out);
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct RoleReport {
    as_of: Date,
    role: query::RoleAnswer,
}

pub fn role(cx: &mut Ctx, role: &str, format: Format) -> CommandResult {
    let opened = read_workspace(cx, format)?;
    let ws = &opened.workspace;
    let on = cx.eval.as_of;
    let style = &cx.style;
    let r = match query::resolve_role(ws, role) {
        Ok(r) => r,
        Err(e) => return Err(not_found(ws, Asked::Role, &e, format)),
    };
    let ix = Index::new(ws, on);
    let a = query::role(&ix, r);
    if format == Format::Json {
        return print_json(&mut cx.out, &RoleReport { as_of: on, role: a });
    }
    let mut out = String::new();
    out.push_str(&style.bold(&format!("{} ({})", s(&a.name), s(&a.id))));
    out.push('\n');
    let mut facts = vec![a.category.to_string()];
    if !a.duties.is_empty() {
        facts.push(format!("Clause 5.3 {}", a.duties.join(" and ")));
    }
    if a.privileged {
        facts.push("privileged".into());
    }
    if a.needs_deputy {
        facts.push("needs a deputy".into());
    }
    facts.push(
        a.reviewed
            .map_or("never reviewed".into(), |d| format!("reviewed {d}")),
    );
    out.push_str(&wrap(&facts.join(" · "), style.width, "  "));
    if let Some(p) = &a.purpose {
        out.push('\n');
        out.push_str(&wrap(&s(p), style.width, "  "));
    }
    for (title, items) in [
        ("Responsibilities", &a.responsibilities),
        ("Authorities", &a.authorities),
    ] {
        out.push_str(&format!("\n{}\n", style.bold(title)));
        if items.is_empty() {
            out.push_str("  none recorded\n");
        }
        for i in items {
            out.push_str(&wrap(&format!("- {}", s(i)), style.width, "  "));
        }
    }
    if !a.competencies.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold("Required competencies")));
        out.push_str(&wrap(&s(&a.competencies.join(", ")), style.width, "  "));
    }
    out.push_str(&format!("\n{}\n", style.bold(&format!("Holders on {on}"))));
    if a.holders.is_empty() {
        out.push_str("  nobody (vacant)\n");
    }
    for h in &a.holders {
        out.push_str(&wrap(&holder_line(h), style.width, "  "));
    }
    out.push_str(&format!("\n{}\n", style.bold("Assignment history")));
    if a.history.is_empty() {
        out.push_str("  none\n");
    }
    for spell in &a.history {
        let mark = if spell.in_force {
            "in force"
        } else {
            "not in force"
        };
        let mut line = format!("{} [{mark}]", holder_line(&spell.holder));
        if let Some(n) = &spell.note {
            line.push_str(&format!("; note: {}", s(n)));
        }
        if let Some(e) = &spell.evidence {
            line.push_str(&format!("; evidence: {}", s(e)));
        }
        out.push_str(&wrap(&line, style.width, "  "));
    }
    // An A/R cell counts as an A and as an R; how many there are is said.
    let counts = |l: crate::model::Letter| a.matrix.iter().filter(|(_, x)| x.counts_as(l)).count();
    let both = match counts(crate::model::Letter::AR) {
        0 => String::new(),
        n => format!(" (A/R {n})"),
    };
    out.push_str(&format!(
        "\n{} A {}, R {}, S {}, C {}, I {}{both}\n",
        style.bold("Matrix:"),
        counts(crate::model::Letter::A),
        counts(crate::model::Letter::R),
        counts(crate::model::Letter::S),
        counts(crate::model::Letter::C),
        counts(crate::model::Letter::I)
    ));
    cx.out.print(&out);
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct FindReport<'a> {
    query: &'a str,
    results: Vec<query::Hit>,
}

pub fn find(cx: &mut Ctx, text: &str, format: Format, limit: usize) -> CommandResult {
    let opened = read_workspace(cx, format)?;
    if text.trim().is_empty() {
        return Err(not_found(
            &opened.workspace,
            Asked::Subject,
            &NotFound::empty("search text"),
            format,
        ));
    }
    let hits = query::find(&opened.workspace, text, limit);
    if hits.is_empty() {
        // Exit 2 like any name that matched nothing; a program still gets
        // the (empty) report.
        let mut err = CommandError::usage(format!("nothing matches `{text}`"));
        if format == Format::Json {
            err = err.with_json(serde_json::json!({"query": text, "results": []}));
        }
        return Err(err);
    }
    if format == Format::Json {
        return print_json(
            &mut cx.out,
            &FindReport {
                query: text,
                results: hits,
            },
        );
    }
    let mut out = String::new();
    for h in &hits {
        out.push_str(&format!("{:<9} {:<22} {}\n", h.kind, s(&h.id), s(&h.label)));
    }
    cx.out.print(&out);
    Ok(EXIT_OK)
}
