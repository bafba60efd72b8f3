//! The forms of the workbench: one per kind of entity, each built from the
//! register and turned back into an [`Edit`] only when every field checks
//! out, with the same rules the file loader applies.

use super::form::{Field, Form, Kind};
use crate::edit::{self, Edit};
use crate::fingerprint;
use crate::model::*;
use crate::store::schema::is_valid_id;
use crate::text::did_you_mean;

/// What a submitted form produces.
#[derive(Debug, Clone, PartialEq)]
pub enum Submitted {
    Edit(Box<Edit>, String),
    AsOf(Date),
    Filter(String),
}

/// Which form it is, and what it edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Person(Option<String>),
    Role(Option<String>),
    Assignment {
        role: Option<String>,
        index: Option<usize>,
    },
    Leave(String),
    Organisation,
    Settings,
    SodRule(Option<String>),
    Activity(Option<String>),
    Exclusion(Option<String>),
    Signoff {
        today: Date,
    },
    AsOf,
    FilterText,
}

/// A form and what submitting it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityForm {
    pub form: Form,
    pub target: Target,
}

const KINDS: &[&str] = &["employee", "contractor", "external", "group"];
const STATUSES: &[&str] = &["active", "left"];
const CATEGORIES: &[&str] = &[
    "top-management",
    "review-team",
    "governance",
    "assurance",
    "operational",
    "support",
];
const DUTIES: &[&str] = &["none", "a", "b", "a and b"];
const SEVERITIES: &[&str] = &["error", "warning", "info"];
const SOD_KINDS: &[&str] = &["roles", "subjects"];

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn date_text(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn num_text(n: Option<f64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

pub fn person(ws: &Workspace, id: Option<&str>) -> EntityForm {
    let p = id
        .and_then(|i| ws.people.get(i))
        .cloned()
        .unwrap_or_default();
    let comps = p
        .competencies
        .iter()
        .map(|c| {
            format!(
                "{}; {}; {}; {}",
                c.id,
                opt(&c.evidence),
                date_text(c.achieved),
                date_text(c.expires)
            )
            .trim_end_matches([';', ' '])
            .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n");
    let title = if id.is_some() {
        format!("Edit person {}", p.id)
    } else {
        "New person".into()
    };
    let fields = vec![
        Field::new("id", "Id", Kind::Text, p.id.clone())
            .locked(id.is_some())
            .hint("short slug, e.g. jdoe; cannot change later"),
        Field::new("name", "Name", Kind::Text, p.name.clone()).hint("full name"),
        Field::new("email", "Email", Kind::Text, opt(&p.email)),
        Field::new("title", "Job title", Kind::Text, opt(&p.title)),
        Field::new("department", "Department", Kind::Text, opt(&p.department)),
        Field::new("manager", "Manager", Kind::Text, opt(&p.manager))
            .hint("person id of their line manager; empty at the top"),
        Field::new("kind", "Kind", Kind::Choice(KINDS), p.kind.as_str())
            .hint("a group can never hold a role"),
        Field::new(
            "status",
            "Status",
            Kind::Choice(STATUSES),
            p.status.as_str(),
        ),
        Field::new("joined", "Joined", Kind::Date, date_text(p.joined)).hint("YYYY-MM-DD"),
        Field::new("left", "Left", Kind::Date, date_text(p.left))
            .hint("last day, YYYY-MM-DD; a future date plans a leaver"),
        Field::new("site", "Site", Kind::Text, opt(&p.site)).hint("site or jurisdiction"),
        Field::bool("mfa", "MFA", p.mfa),
        Field::new("competencies", "Competencies", Kind::Lines, comps)
            .hint("one per line: id; evidence; achieved YYYY-MM-DD; expires YYYY-MM-DD"),
    ];
    EntityForm {
        form: Form::new(title, fields),
        target: Target::Person(id.map(str::to_string)),
    }
}

pub fn role(ws: &Workspace, id: Option<&str>) -> EntityForm {
    let r = id
        .and_then(|i| ws.roles.get(i))
        .cloned()
        .unwrap_or_default();
    let duties = match (r.carries(Duty::Conformance), r.carries(Duty::Reporting)) {
        (true, true) => "a and b",
        (true, false) => "a",
        (false, true) => "b",
        (false, false) => "none",
    };
    let title = if id.is_some() {
        format!("Edit role {}", r.id)
    } else {
        "New role".into()
    };
    let fields = vec![
        Field::new("id", "Id", Kind::Text, r.id.clone())
            .locked(id.is_some())
            .hint("short slug, e.g. ism; cannot change later"),
        Field::new("name", "Name", Kind::Text, r.name.clone()),
        Field::new(
            "category",
            "Category",
            Kind::Choice(CATEGORIES),
            r.category.as_str(),
        )
        .hint("top-management and review-team are what the governance checks look for"),
        Field::new("duties", "Clause 5.3", Kind::Choice(DUTIES), duties)
            .hint("a = ensures the ISMS conforms; b = reports ISMS performance to top management"),
        Field::new("purpose", "Purpose", Kind::Text, opt(&r.purpose)),
        Field::new(
            "responsibilities",
            "Responsibilities",
            Kind::Lines,
            r.responsibilities.join("\n"),
        )
        .hint("one per line"),
        Field::new(
            "authorities",
            "Authorities",
            Kind::Lines,
            r.authorities.join("\n"),
        )
        .hint("what the role may decide; one per line"),
        Field::new(
            "competencies",
            "Competencies",
            Kind::Text,
            r.competencies.join(", "),
        )
        .hint("competency ids a holder needs, comma separated"),
        Field::bool("privileged", "Privileged", r.privileged),
        Field::bool("needs-deputy", "Needs deputy", r.needs_deputy),
        Field::new("fte", "Expected FTE", Kind::Number, num_text(r.fte)),
        Field::new("reviewed", "Last review", Kind::Date, date_text(r.reviewed)).hint("YYYY-MM-DD"),
    ];
    EntityForm {
        form: Form::new(title, fields),
        target: Target::Role(id.map(str::to_string)),
    }
}

/// An assignment form; `person` pre-fills the holder for a new one.
pub fn assignment(
    ws: &Workspace,
    role: Option<&str>,
    index: Option<usize>,
    person: Option<&str>,
    today: Date,
) -> EntityForm {
    let a = role
        .zip(index)
        .and_then(|(r, i)| ws.roles.get(r)?.assignments.get(i))
        .cloned()
        .unwrap_or_else(|| Assignment {
            person: person.unwrap_or_default().to_string(),
            from: Some(today),
            ..Assignment::default()
        });
    let title = match (role, index) {
        (Some(r), Some(_)) => format!("Edit assignment to {r}"),
        (Some(r), None) => format!("Assign {r}"),
        _ => "New assignment".into(),
    };
    let fields = vec![
        Field::new("role", "Role", Kind::Text, role.unwrap_or_default())
            .locked(role.is_some())
            .hint("role id"),
        Field::new("person", "Person", Kind::Text, a.person.clone())
            .hint("person id of the holder"),
        Field::new("from", "From", Kind::Date, date_text(a.from))
            .hint("first day held, YYYY-MM-DD"),
        Field::new("until", "Until", Kind::Date, date_text(a.until))
            .hint("last day held; empty while in force"),
        Field::new("deputy", "Deputy", Kind::Text, opt(&a.deputy)).hint("person id"),
        Field::new(
            "allocation",
            "Allocation",
            Kind::Number,
            num_text(a.allocation),
        )
        .hint("share of a full-time job, 0 to 1"),
        Field::new("evidence", "Evidence", Kind::Text, opt(&a.evidence))
            .hint("appointment letter, contract addendum, minutes reference"),
        Field::new(
            "acknowledged",
            "Acknowledged",
            Kind::Date,
            date_text(a.acknowledged),
        )
        .hint("the day the holder accepted the role"),
        Field::new("sponsor", "Sponsor", Kind::Text, opt(&a.sponsor))
            .hint("for external holders: the employee who answers for them"),
        Field::new("contract", "Contract", Kind::Text, opt(&a.contract))
            .hint("for external holders: statement of work reference"),
        Field::new("note", "Note", Kind::Text, opt(&a.note)),
    ];
    EntityForm {
        form: Form::new(title, fields),
        target: Target::Assignment {
            role: role.map(str::to_string),
            index,
        },
    }
}

pub fn leave(ws: &Workspace, person: &str, today: Date) -> EntityForm {
    let name = ws.people.get(person).map_or(person, |p| p.display_name());
    let fields = vec![
        Field::new("date", "Left on", Kind::Date, today.to_string())
            .hint("their last day, YYYY-MM-DD"),
        Field::bool("end-roles", "End their roles", true)
            .hint("end every assignment they hold on that day"),
    ];
    EntityForm {
        form: Form::new(format!("{name} has left"), fields),
        target: Target::Leave(person.to_string()),
    }
}

pub fn organisation(ws: &Workspace) -> EntityForm {
    let o = &ws.organisation;
    let fields = vec![
        Field::new("name", "Name", Kind::Text, o.name.clone()),
        Field::new("scope", "ISMS scope", Kind::Text, opt(&o.scope))
            .hint("Clause 4.3: sites, services, teams"),
        Field::new(
            "departments",
            "Departments",
            Kind::Lines,
            o.departments.join("\n"),
        )
        .hint("in scope, one per line; each needs a review team representative"),
    ];
    EntityForm {
        form: Form::new("Organisation", fields),
        target: Target::Organisation,
    }
}

pub fn settings(ws: &Workspace) -> EntityForm {
    let s = &ws.settings;
    let fields = vec![
        Field::new(
            "review",
            "Review every",
            Kind::Number,
            s.review_interval_days.to_string(),
        )
        .hint("days between role reviews"),
        Field::new(
            "warn",
            "Warn ahead",
            Kind::Number,
            s.expiry_warning_days.to_string(),
        )
        .hint("days before competence evidence expires"),
        Field::new(
            "steps",
            "Reporting steps",
            Kind::Number,
            s.max_reporting_steps.to_string(),
        )
        .hint("manager steps allowed from the 5.3 b) holder to top management"),
        Field::new(
            "required",
            "Required roles",
            Kind::Text,
            s.required_roles.join(", "),
        )
        .hint("role ids, comma separated"),
    ];
    EntityForm {
        form: Form::new("Settings", fields),
        target: Target::Settings,
    }
}

pub fn sod_rule(ws: &Workspace, id: Option<&str>) -> EntityForm {
    let r = id.and_then(|i| ws.sod_rules.get(i));
    let (kind, a, b) = match r.map(|r| &r.pair) {
        Some(SodPair::Roles([a, b])) => ("roles", a.clone(), b.clone()),
        Some(SodPair::Subjects([a, b])) => ("subjects", a.clone(), b.clone()),
        None => ("roles", String::new(), String::new()),
    };
    let fields = vec![
        Field::new("id", "Id", Kind::Text, id.unwrap_or_default()).locked(id.is_some()),
        Field::new("kind", "Keeps apart", Kind::Choice(SOD_KINDS), kind).hint(
            "two roles one person must not hold, or two subjects one person must not be R or A on",
        ),
        Field::new("a", "First", Kind::Text, a)
            .hint("role or subject id; a subject may end in * (A.8.*)"),
        Field::new("b", "Second", Kind::Text, b),
        Field::new(
            "severity",
            "Severity",
            Kind::Choice(SEVERITIES),
            r.map_or("error", |r| r.severity.as_str()),
        ),
        Field::new(
            "reason",
            "Reason",
            Kind::Text,
            r.map_or(String::new(), |r| r.reason.clone()),
        ),
    ];
    EntityForm {
        form: Form::new(
            if id.is_some() {
                "Segregation rule"
            } else {
                "New segregation rule"
            },
            fields,
        ),
        target: Target::SodRule(id.map(str::to_string)),
    }
}

pub fn activity(ws: &Workspace, id: Option<&str>) -> EntityForm {
    let a = id
        .and_then(|i| ws.activities.get(i))
        .cloned()
        .unwrap_or_default();
    let fields = vec![
        Field::new("id", "Id", Kind::Text, a.id.clone())
            .locked(id.is_some())
            .hint("e.g. approve-access"),
        Field::new("title", "Title", Kind::Text, a.title.clone()),
        Field::new("theme", "Group", Kind::Text, opt(&a.theme))
            .hint("heading in the matrix; default Activities"),
        Field::new(
            "description",
            "Description",
            Kind::Text,
            opt(&a.description),
        ),
        Field::new("related", "Related", Kind::Text, a.related.join(", "))
            .hint("clauses or controls, comma separated"),
    ];
    EntityForm {
        form: Form::new(
            if id.is_some() {
                "Activity"
            } else {
                "New activity"
            },
            fields,
        ),
        target: Target::Activity(id.map(str::to_string)),
    }
}

pub fn exclusion(ws: &Workspace, id: Option<&str>) -> EntityForm {
    let e = id
        .and_then(|i| ws.exclusions.get(i))
        .cloned()
        .unwrap_or_default();
    let fields = vec![
        Field::new("subject", "Control", Kind::Text, e.subject.clone())
            .locked(id.is_some())
            .hint("an Annex A control, e.g. A.7.5"),
        Field::new(
            "justification",
            "Justification",
            Kind::Text,
            e.justification.clone(),
        )
        .hint("why it does not apply, as in the Statement of Applicability"),
    ];
    EntityForm {
        form: Form::new(
            if id.is_some() {
                "Exclusion"
            } else {
                "Exclude a control"
            },
            fields,
        ),
        target: Target::Exclusion(id.map(str::to_string)),
    }
}

pub fn signoff(today: Date) -> EntityForm {
    let fields = vec![
        Field::new("date", "Date", Kind::Date, today.to_string()),
        Field::new("by", "Signed by", Kind::Text, "").hint("person ids, comma separated"),
        Field::new("minutes", "Minutes", Kind::Text, "").hint("where the decision is recorded"),
    ];
    EntityForm {
        form: Form::new("Record a management sign-off", fields),
        target: Target::Signoff { today },
    }
}

pub fn as_of(current: Date) -> EntityForm {
    EntityForm {
        form: Form::new(
            "Evaluate as of",
            vec![Field::new("date", "Date", Kind::Date, current.to_string()).hint("YYYY-MM-DD")],
        ),
        target: Target::AsOf,
    }
}

pub fn filter_text(current: &str) -> EntityForm {
    EntityForm {
        form: Form::new(
            "Filter matrix rows",
            vec![
                Field::new("text", "Contains", Kind::Text, current)
                    .hint("id or title; empty shows all"),
            ],
        ),
        target: Target::FilterText,
    }
}

// Reading fields back, with the loader's rules.

fn date_field(form: &mut Form, key: &str) -> Option<Date> {
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
fn email_field(form: &mut Form, key: &str) -> Option<String> {
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

fn number_field(form: &mut Form, key: &str, min: f64, max: f64) -> Option<f64> {
    let v = form.field(key).text()?;
    match v.parse::<f64>() {
        Ok(n) if n.is_finite() && (min..=max).contains(&n) => Some(n),
        _ => {
            form.fail(key, format!("expected a number from {min} to {max}"));
            None
        }
    }
}

fn int_field(form: &mut Form, key: &str, min: i64) -> Option<i64> {
    let v = form.field(key).text()?;
    match v.parse::<i64>() {
        Ok(n) if n >= min => Some(n),
        _ => {
            form.fail(key, format!("expected a whole number of at least {min}"));
            None
        }
    }
}

fn required(form: &mut Form, key: &str) -> String {
    match form.field(key).text() {
        Some(v) => v,
        None => {
            form.fail(key, "required");
            String::new()
        }
    }
}

/// A new id: valid and not taken.
fn new_id(form: &mut Form, key: &str, taken: impl Fn(&str) -> bool) -> String {
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
fn person_ref(form: &mut Form, ws: &Workspace, key: &str) -> Option<String> {
    let id = form.field(key).text()?;
    if !ws.people.contains_key(&id) {
        let hint = did_you_mean(&id, ws.people.keys().map(String::as_str))
            .map(|m| format!("; did you mean `{m}`?"))
            .unwrap_or_default();
        form.fail(key, format!("nobody has the id `{id}`{hint}"));
    }
    Some(id)
}

fn role_ref(form: &mut Form, ws: &Workspace, key: &str) -> String {
    let id = required(form, key);
    if !id.is_empty() && !ws.roles.contains_key(&id) {
        let hint = did_you_mean(&id, ws.roles.keys().map(String::as_str))
            .map(|m| format!("; did you mean `{m}`?"))
            .unwrap_or_default();
        form.fail(key, format!("there is no role `{id}`{hint}"));
    }
    id
}

/// Validates the form and builds what it stands for; on failure the form
/// carries the problems and `None` is returned.
pub fn submit(ef: &mut EntityForm, ws: &Workspace) -> Option<Submitted> {
    ef.form.clear_errors();
    let form = &mut ef.form;
    let result = match &ef.target {
        Target::Person(original) => {
            let id = match original {
                Some(id) => id.clone(),
                None => new_id(form, "id", |i| ws.people.contains_key(i)),
            };
            let mut competencies = Vec::new();
            for line in form.field("competencies").lines() {
                let parts: Vec<&str> = line.split(';').map(str::trim).collect();
                let date = |i: usize| {
                    parts
                        .get(i)
                        .filter(|s| !s.is_empty())
                        .map(|s| s.parse::<Date>())
                };
                match (date(2).transpose(), date(3).transpose()) {
                    (Ok(achieved), Ok(expires)) if !parts[0].is_empty() => {
                        competencies.push(Competency {
                            id: parts[0].to_string(),
                            evidence: parts
                                .get(1)
                                .filter(|s| !s.is_empty())
                                .map(|s| s.to_string()),
                            achieved,
                            expires,
                        });
                    }
                    _ => form.fail(
                        "competencies",
                        format!("cannot read `{line}`: write id; evidence; achieved; expires"),
                    ),
                }
            }
            let manager = person_ref(form, ws, "manager");
            let joined = date_field(form, "joined");
            let left = date_field(form, "left");
            let p = Person {
                id: id.clone(),
                name: required(form, "name"),
                email: email_field(form, "email"),
                title: form.field("title").text(),
                department: form.field("department").text(),
                manager,
                kind: PersonKind::parse(&form.field("kind").value).unwrap_or_default(),
                status: Status::parse(&form.field("status").value).unwrap_or_default(),
                joined,
                left,
                site: form.field("site").text(),
                mfa: form.field("mfa").is_on(),
                competencies,
            };
            // The rules the loader and the edits apply, in their words,
            // on the field to correct.
            for problem in p.date_problems() {
                form.fail(problem.field(), problem.message(&id));
            }
            let label = if original.is_some() {
                format!("edit {id}")
            } else {
                format!("add {id}")
            };
            Submitted::Edit(Box::new(Edit::PutPerson(p)), label)
        }
        Target::Role(original) => {
            let id = match original {
                Some(id) => id.clone(),
                None => new_id(form, "id", |i| ws.roles.contains_key(i)),
            };
            let duties = match form.field("duties").value.as_str() {
                "a" => vec![Duty::Conformance],
                "b" => vec![Duty::Reporting],
                "a and b" => vec![Duty::Conformance, Duty::Reporting],
                _ => Vec::new(),
            };
            let assignments = original
                .as_ref()
                .and_then(|o| ws.roles.get(o))
                .map(|r| r.assignments.clone())
                .unwrap_or_default();
            let r = Role {
                id: id.clone(),
                name: required(form, "name"),
                category: Category::parse(&form.field("category").value).unwrap_or_default(),
                duties,
                purpose: form.field("purpose").text(),
                responsibilities: form.field("responsibilities").lines(),
                authorities: form.field("authorities").lines(),
                competencies: form.field("competencies").items(),
                privileged: form.field("privileged").is_on(),
                needs_deputy: form.field("needs-deputy").is_on(),
                fte: number_field(form, "fte", 0.0, 1000.0),
                reviewed: date_field(form, "reviewed"),
                assignments,
            };
            let label = if original.is_some() {
                format!("edit role {id}")
            } else {
                format!("add role {id}")
            };
            Submitted::Edit(Box::new(Edit::PutRole(r)), label)
        }
        Target::Assignment { role, index } => {
            let role_id = match role {
                Some(r) => r.clone(),
                None => role_ref(form, ws, "role"),
            };
            let person = match person_ref(form, ws, "person") {
                Some(p) => p,
                None => {
                    form.fail("person", "required");
                    String::new()
                }
            };
            let a = Assignment {
                person: person.clone(),
                from: date_field(form, "from"),
                until: date_field(form, "until"),
                deputy: person_ref(form, ws, "deputy"),
                allocation: number_field(form, "allocation", 0.0, 1.0),
                evidence: form.field("evidence").text(),
                acknowledged: date_field(form, "acknowledged"),
                sponsor: person_ref(form, ws, "sponsor"),
                contract: form.field("contract").text(),
                note: form.field("note").text(),
            };
            if let (Some(f), Some(u)) = (a.from, a.until)
                && u < f
            {
                form.fail("until", "ends before it starts");
            }
            if a.deputy.as_deref() == Some(person.as_str()) {
                form.fail("deputy", "a holder cannot be their own deputy");
            }
            if let Some(r) = ws.roles.get(&role_id)
                && !form.has_errors()
                && let Err(edit::EditError::Holder { field, message }) =
                    edit::check_holder(ws, &a, index.and_then(|i| r.assignments.get(i)))
            {
                form.fail(field, message);
            }
            match ws.roles.get(&role_id) {
                Some(r) if r.overlapping(&a, *index).is_some() => {
                    let since = r
                        .overlapping(&a, *index)
                        .and_then(|o| o.from)
                        .map(|d| format!(" since {d}"))
                        .unwrap_or_default();
                    form.fail(
                        "from",
                        format!(
                            "{person} already holds {role_id}{since}; end that assignment first"
                        ),
                    );
                    Submitted::Filter(String::new())
                }
                Some(r) if !form.has_errors() => {
                    let mut r = r.clone();
                    match index {
                        Some(i) if *i < r.assignments.len() => r.assignments[*i] = a,
                        _ => r.assignments.push(a),
                    }
                    let label = match index {
                        Some(_) => format!("edit {person}'s assignment to {role_id}"),
                        None => format!("assign {role_id} to {person}"),
                    };
                    Submitted::Edit(Box::new(Edit::PutRole(r)), label)
                }
                _ => Submitted::Filter(String::new()),
            }
        }
        Target::Leave(person) => {
            let Some(date) = date_field(form, "date") else {
                if form.field("date").text().is_none() {
                    form.fail("date", "required");
                }
                return None;
            };
            match edit::mark_left(ws, person, date, form.field("end-roles").is_on()) {
                Ok(e) => Submitted::Edit(Box::new(e), format!("{person} left on {date}")),
                // The date is what makes the change impossible: say so there.
                Err(e @ edit::EditError::Dates(_)) => {
                    form.fail("date", e.to_string());
                    Submitted::Filter(String::new())
                }
                Err(e) => {
                    form.error = Some(e.to_string());
                    Submitted::Filter(String::new())
                }
            }
        }
        Target::Organisation => Submitted::Edit(
            Box::new(Edit::SetOrganisation(Organisation {
                name: required(form, "name"),
                scope: form.field("scope").text(),
                departments: form.field("departments").lines(),
            })),
            "edit organisation".into(),
        ),
        Target::Settings => {
            let d = Settings::default();
            let s = Settings {
                review_interval_days: int_field(form, "review", 1)
                    .unwrap_or(d.review_interval_days),
                expiry_warning_days: int_field(form, "warn", 0).unwrap_or(d.expiry_warning_days),
                max_reporting_steps: int_field(form, "steps", 1)
                    .map_or(d.max_reporting_steps, |n| n.min(1000) as u32),
                required_roles: form.field("required").items(),
            };
            for r in &s.required_roles {
                if !ws.roles.contains_key(r) {
                    form.fail("required", format!("there is no role `{r}`"));
                }
            }
            Submitted::Edit(Box::new(Edit::SetSettings(s)), "edit settings".into())
        }
        Target::SodRule(original) => {
            let id = match original {
                Some(id) => id.clone(),
                None => new_id(form, "id", |i| ws.sod_rules.contains_key(i)),
            };
            let a = required(form, "a");
            let b = required(form, "b");
            let pair = if form.field("kind").value == "roles" {
                for k in ["a", "b"] {
                    let v = form.field(k).value.trim().to_string();
                    if !v.is_empty() && !ws.roles.contains_key(&v) {
                        form.fail(k, format!("there is no role `{v}`"));
                    }
                }
                SodPair::Roles([a, b])
            } else {
                SodPair::Subjects([a, b])
            };
            let rule = SodRule {
                id: id.clone(),
                pair,
                severity: Severity::parse(&form.field("severity").value).unwrap_or_default(),
                reason: required(form, "reason"),
            };
            Submitted::Edit(
                Box::new(Edit::PutSodRule(rule)),
                format!("segregation rule {id}"),
            )
        }
        Target::Activity(original) => {
            let id = match original {
                Some(id) => id.clone(),
                None => new_id(form, "id", |i| {
                    ws.activities.contains_key(i) || crate::catalogue::catalogue().get(i).is_some()
                }),
            };
            let a = Activity {
                id: id.clone(),
                title: required(form, "title"),
                theme: form.field("theme").text(),
                description: form.field("description").text(),
                related: form.field("related").items(),
            };
            Submitted::Edit(Box::new(Edit::PutActivity(a)), format!("activity {id}"))
        }
        Target::Exclusion(original) => {
            let subject = match original {
                Some(s) => s.clone(),
                None => {
                    let s = required(form, "subject");
                    let cat = crate::catalogue::catalogue();
                    match cat.get(&s) {
                        Some(e) if e.kind == crate::catalogue::EntryKind::Clause => {
                            form.fail("subject", "clauses 4 to 10 cannot be excluded")
                        }
                        Some(_) if ws.exclusions.contains_key(&s) => {
                            form.fail("subject", "already excluded")
                        }
                        Some(_) => {}
                        None if s.is_empty() => {}
                        None => form.fail("subject", format!("`{s}` is not an Annex A control")),
                    }
                    s
                }
            };
            let e = Exclusion {
                subject: subject.clone(),
                justification: required(form, "justification"),
            };
            Submitted::Edit(
                Box::new(Edit::PutExclusion(e)),
                format!("exclude {subject}"),
            )
        }
        Target::Signoff { today } => {
            let Some(date) = date_field(form, "date") else {
                if form.field("date").text().is_none() {
                    form.fail("date", "required");
                }
                return None;
            };
            let mut by = form.field("by").items();
            crate::edit::dedup_in_order(&mut by);
            if let Err(e) = crate::edit::check_signoff_date(date, *today) {
                form.fail("date", e.to_string());
            }
            if let Err(e) = crate::edit::check_signatories(ws, &by, date) {
                form.fail("by", e.to_string());
            }
            let outside = crate::edit::signatories_outside_review_team(ws, &by, date);
            let mut signoffs = ws.signoffs.clone();
            signoffs.push(Signoff {
                date,
                by,
                minutes: form.field("minutes").text(),
                fingerprint: Some(fingerprint::fingerprint(ws)),
            });
            let label = if outside.is_empty() {
                format!("sign-off on {date}")
            } else {
                format!(
                    "sign-off on {date} ({} held no review team role)",
                    outside.join(", ")
                )
            };
            Submitted::Edit(Box::new(Edit::SetSignoffs(signoffs)), label)
        }
        Target::AsOf => match date_field(form, "date") {
            Some(d) => Submitted::AsOf(d),
            None => {
                form.fail("date", "expected a date like 2026-11-27");
                Submitted::Filter(String::new())
            }
        },
        Target::FilterText => Submitted::Filter(form.field("text").value.trim().to_string()),
    };
    if ef.form.has_errors() {
        None
    } else {
        Some(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{clean, today};

    fn edit_of(s: Option<Submitted>) -> Edit {
        match s {
            Some(Submitted::Edit(e, _)) => *e,
            other => panic!("expected an edit, got {other:?}"),
        }
    }

    fn set(ef: &mut EntityForm, key: &str, value: &str) {
        let f = ef.form.fields.iter_mut().find(|f| f.key == key).unwrap();
        f.value = value.to_string();
    }

    #[test]
    fn a_new_person_needs_a_free_valid_id_and_a_name() {
        let ws = clean();
        let mut ef = person(&ws, None);
        assert!(submit(&mut ef, &ws).is_none());
        assert_eq!(ef.form.field("id").error.as_deref(), Some("required"));
        set(&mut ef, "id", "ism");
        set(&mut ef, "name", "Someone");
        assert!(submit(&mut ef, &ws).is_none());
        assert!(
            ef.form
                .field("id")
                .error
                .as_deref()
                .unwrap()
                .contains("taken")
        );
        set(&mut ef, "id", "new one");
        assert!(submit(&mut ef, &ws).is_none());
        set(&mut ef, "id", "new1");
        set(&mut ef, "manager", "cei");
        assert!(submit(&mut ef, &ws).is_none());
        assert!(
            ef.form
                .field("manager")
                .error
                .as_deref()
                .unwrap()
                .contains("did you mean `ceo`?")
        );
        set(&mut ef, "manager", "ceo");
        set(
            &mut ef,
            "competencies",
            "iso-la; Cert 9; 2024-01-01; 2027-01-01\nfirst-aid",
        );
        match edit_of(submit(&mut ef, &ws)) {
            Edit::PutPerson(p) => {
                assert_eq!(p.manager.as_deref(), Some("ceo"));
                assert_eq!(p.competencies.len(), 2);
                assert_eq!(
                    p.competencies[0].expires,
                    Some("2027-01-01".parse().unwrap())
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn editing_keeps_what_the_form_does_not_show() {
        let ws = clean();
        let mut ef = role(&ws, Some("ism"));
        set(&mut ef, "name", "Chief ISM");
        match edit_of(submit(&mut ef, &ws)) {
            Edit::PutRole(r) => {
                assert_eq!(
                    r.assignments, ws.roles["ism"].assignments,
                    "assignments are kept"
                );
                assert_eq!(r.duties, ws.roles["ism"].duties);
                assert_eq!(r.name, "Chief ISM");
            }
            other => panic!("{other:?}"),
        }
        // An unchanged person form gives back the same person.
        let mut ef = person(&ws, Some("aud"));
        match edit_of(submit(&mut ef, &ws)) {
            Edit::PutPerson(p) => assert_eq!(p, ws.people["aud"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn assignment_dates_and_people_are_checked() {
        let ws = clean();
        let mut ef = assignment(&ws, Some("audit"), None, Some("coo"), today());
        set(&mut ef, "until", "2020-01-01");
        set(&mut ef, "deputy", "coo");
        set(&mut ef, "allocation", "1.5");
        assert!(submit(&mut ef, &ws).is_none());
        assert!(ef.form.field("until").error.is_some());
        assert!(ef.form.field("deputy").error.is_some());
        assert!(ef.form.field("allocation").error.is_some());
    }

    #[test]
    fn appointing_a_leaver_is_explained_on_the_field_to_correct() {
        let mut ws = clean();
        let mut gone = ws.people["coo"].clone();
        gone.status = Status::Left;
        gone.left = Some("2026-09-30".parse().unwrap());
        ws.people.insert("coo".into(), gone);
        let mut ef = assignment(&ws, Some("audit"), None, Some("coo"), today());
        assert!(submit(&mut ef, &ws).is_none());
        let err = ef.form.field("from").error.clone().unwrap_or_default();
        assert!(err.contains("left on 2026-09-30"), "{err:?}");
        // A past appointment that ended by their last day is history.
        set(&mut ef, "from", "2026-01-01");
        set(&mut ef, "until", "2026-09-30");
        assert!(submit(&mut ef, &ws).is_some());
    }

    #[test]
    fn an_overlapping_assignment_is_explained_in_the_form() {
        let ws = clean();
        let mut ef = assignment(&ws, Some("ism"), None, Some("ism"), today());
        assert!(submit(&mut ef, &ws).is_none());
        assert!(
            ef.form
                .field("from")
                .error
                .as_deref()
                .unwrap()
                .contains("already holds")
        );
        // Editing the existing assignment itself is not an overlap.
        let mut ef = assignment(&ws, Some("ism"), Some(0), None, today());
        assert!(submit(&mut ef, &ws).is_some());
    }

    #[test]
    fn clauses_cannot_be_excluded() {
        let ws = clean();
        let mut ef = exclusion(&ws, None);
        set(&mut ef, "subject", "4.1");
        set(&mut ef, "justification", "no");
        assert!(submit(&mut ef, &ws).is_none());
        set(&mut ef, "subject", "A.7.5");
        assert!(matches!(
            edit_of(submit(&mut ef, &ws)),
            Edit::PutExclusion(_)
        ));
    }
}
