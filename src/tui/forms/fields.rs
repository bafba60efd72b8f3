//! What the forms share: the choice lists, and reading fields back with
//! the file loader's rules (a problem is put on the field it concerns).

use crate::model::*;
use crate::store::schema::is_valid_id;
use crate::text::did_you_mean;
use crate::tui::form::Form;

pub(super) const KINDS: &[&str] = &["employee", "contractor", "external", "group"];
pub(super) const STATUSES: &[&str] = &["active", "left"];
pub(super) const CATEGORIES: &[&str] = &[
    "top-management",
    "review-team",
    "governance",
    "assurance",
    "operational",
    "support",
];
pub(super) const DUTIES: &[&str] = &["none", "a", "b", "a and b"];
pub(super) const SEVERITIES: &[&str] = &["error", "warning", "info"];
pub(super) const SOD_KINDS: &[&str] = &["roles", "subjects"];

pub(super) fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

pub(super) fn date_text(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

pub(super) fn num_text(n: Option<f64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

// Reading fields back, with the loader's rules.

pub(super) fn date_field(form: &mut Form, key: &str) -> Option<Date> {
    let v = form.field(key).text()?;
    match v.parse::<Date>() {
        Ok(d) => Some(d),
        Err(e @ crate::model::DateError::NoSuchDay(_)) => {
            form.fail(key, e.to_string());
            None
        }
        Err(_) => {
            form.fail(key, "expected a date like 2026-11-27");
            None
        }
    }
}

/// An email address, loosely checked (`name@domain.tld`, no spaces): the
/// address is what lookups give people to contact a role holder.
pub(super) fn email_field(form: &mut Form, key: &str) -> Option<String> {
    let v = form.field(key).text()?;
    let looks_right = v.split_once('@').is_some_and(|(name, domain)| {
        !name.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    }) && !v.chars().any(char::is_whitespace)
        && v.matches('@').count() == 1;
    if !looks_right {
        form.fail(key, "expected an address like name@example.com");
    }
    Some(v)
}

pub(super) fn number_field(form: &mut Form, key: &str, min: f64, max: f64) -> Option<f64> {
    let v = form.field(key).text()?;
    match v.parse::<f64>() {
        Ok(n) if n.is_finite() && (min..=max).contains(&n) => Some(n),
        _ => {
            form.fail(key, format!("expected a number from {min} to {max}"));
            None
        }
    }
}

pub(super) fn int_field(form: &mut Form, key: &str, min: i64) -> Option<i64> {
    let v = form.field(key).text()?;
    match v.parse::<i64>() {
        Ok(n) if n >= min => Some(n),
        _ => {
            form.fail(key, format!("expected a whole number of at least {min}"));
            None
        }
    }
}

pub(super) fn required(form: &mut Form, key: &str) -> String {
    match form.field(key).text() {
        Some(v) => v,
        None => {
            form.fail(key, "required");
            String::new()
        }
    }
}

/// A new id: valid and not taken.
pub(super) fn new_id(form: &mut Form, key: &str, taken: impl Fn(&str) -> bool) -> String {
    let id = required(form, key);
    if id.is_empty() {
        return id;
    }
    if !is_valid_id(&id) {
        form.fail(
            key,
            "use letters, digits, `.`, `_` or `-`, starting with a letter or digit",
        );
    } else if taken(&id) {
        form.fail(key, format!("`{id}` is already taken"));
    }
    id
}

/// A reference to a person that must exist.
pub(super) fn person_ref(form: &mut Form, ws: &Workspace, key: &str) -> Option<String> {
    let id = form.field(key).text()?;
    if !ws.people.contains_key(&id) {
        let names = ws
            .people
            .values()
            .map(|p| (p.id.as_str(), p.display_name()));
        let hint = suggestion(&id, names);
        form.fail(key, format!("nobody has the id `{id}`{hint}"));
    }
    Some(id)
}

pub(super) fn role_ref(form: &mut Form, ws: &Workspace, key: &str) -> String {
    let id = required(form, key);
    if !id.is_empty() && !ws.roles.contains_key(&id) {
        let names = ws.roles.values().map(|r| (r.id.as_str(), r.display_name()));
        let hint = suggestion(&id, names);
        form.fail(key, format!("there is no role `{id}`{hint}"));
    }
    id
}

/// "; did you mean `id` (Name)?" for what was typed, an id with a typo or
/// a name, and the way to the list either way.
fn suggestion<'a>(typed: &str, entries: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let entries: Vec<(&str, &str)> = entries.collect();
    let by_name = entries
        .iter()
        .find(|(_, name)| name.eq_ignore_ascii_case(typed))
        .map(|(id, _)| *id);
    let by_id = || did_you_mean(typed, entries.iter().map(|(id, _)| *id));
    let by_near_name = || {
        did_you_mean(typed, entries.iter().map(|(_, name)| *name))
            .and_then(|n| entries.iter().find(|(_, name)| *name == n))
            .map(|(id, _)| *id)
    };
    match by_name.or_else(by_id).or_else(by_near_name) {
        Some(id) => {
            let name = entries
                .iter()
                .find(|(i, _)| *i == id)
                .map_or("", |(_, n)| n);
            format!("; did you mean `{id}` ({name})? Ctrl-F picks from the list")
        }
        None => "; Ctrl-F picks from the list".into(),
    }
}
