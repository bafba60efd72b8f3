//! Lookups built once per evaluation so that each rule is a linear pass.

use std::collections::HashMap;

use crate::catalogue::catalogue;
use crate::model::{Assignment, Category, Date, Person, Role, Workspace};

/// The register at a date, indexed for the rules (and for queries that need
/// the same answers: who holds what on that day).
pub struct Index<'a> {
    /// The register indexed.
    pub ws: &'a Workspace,
    /// The evaluation date.
    pub on: Date,
    /// Role id → assignments in force on `on` (whoever the person is).
    pub in_force: HashMap<&'a str, Vec<&'a Assignment>>,
    /// Person id → roles they hold through assignments in force.
    pub roles_of: HashMap<&'a str, Vec<&'a Role>>,
    /// Every subject id that is a matrix row (catalogue leaves, activities).
    pub subject_ids: Vec<&'a str>,
}

impl<'a> Index<'a> {
    /// Indexes `ws` as it stands on `on`.
    pub fn new(ws: &'a Workspace, on: Date) -> Index<'a> {
        let mut in_force: HashMap<&str, Vec<&Assignment>> = HashMap::with_capacity(ws.roles.len());
        let mut roles_of: HashMap<&str, Vec<&Role>> = HashMap::with_capacity(ws.people.len());
        for role in ws.roles.values() {
            let mut list = Vec::new();
            for a in role.assignments.iter().filter(|a| a.is_active_on(on)) {
                list.push(a);
                let held = roles_of.entry(a.person.as_str()).or_default();
                if !held.iter().any(|r| r.id == role.id) {
                    held.push(role);
                }
            }
            in_force.insert(role.id.as_str(), list);
        }
        let cat = catalogue();
        let mut subject_ids: Vec<&str> = cat.subjects().map(|e| e.id).collect();
        subject_ids.extend(ws.activities.keys().map(String::as_str));
        Index {
            ws,
            on,
            in_force,
            roles_of,
            subject_ids,
        }
    }

    /// The person (or group) with this id, whether active or not.
    pub fn person(&self, id: &str) -> Option<&'a Person> {
        self.ws.people.get(id)
    }

    /// Is `id` a person in the organisation on the evaluation date?
    pub fn is_active(&self, id: &str) -> bool {
        self.person(id).is_some_and(|p| p.is_active_on(self.on))
    }

    /// Is `id` a named individual (not a group) in the organisation on the
    /// date: someone who can deputise or sponsor?
    pub fn is_active_individual(&self, id: &str) -> bool {
        self.person(id)
            .is_some_and(|p| p.is_active_on(self.on) && p.kind != crate::model::PersonKind::Group)
    }

    /// Assignments of `role` in force on the date.
    pub fn assignments(&self, role: &str) -> &[&'a Assignment] {
        self.in_force.get(role).map_or(&[], Vec::as_slice)
    }

    /// People who actually hold `role` on the date: assignment in force,
    /// person known, in the organisation, and an individual (not a group).
    pub fn holders(&self, role: &str) -> Vec<&'a Person> {
        let mut out: Vec<&Person> = Vec::new();
        for a in self.assignments(role) {
            if let Some(p) = self.person(&a.person)
                && p.is_active_on(self.on)
                && p.kind != crate::model::PersonKind::Group
                && !out.iter().any(|q| q.id == p.id)
            {
                out.push(p);
            }
        }
        out
    }

    /// Roles `person` holds on the date.
    pub fn roles_held(&self, person: &str) -> &[&'a Role] {
        self.roles_of.get(person).map_or(&[], Vec::as_slice)
    }

    /// Does `person` hold any role of `category` on the date?
    pub fn holds_category(&self, person: &str, category: Category) -> bool {
        self.is_active(person)
            && self
                .roles_held(person)
                .iter()
                .any(|r| r.category == category)
    }

    /// Is `id` a matrix row (catalogue leaf or activity)?
    pub fn is_subject(&self, id: &str) -> bool {
        self.ws.activities.contains_key(id)
            || catalogue()
                .get(id)
                .is_some_and(|e| !catalogue().is_heading(e.id))
    }

    /// Display name of a person id, falling back to the id.
    pub fn person_name(&self, id: &'a str) -> &'a str {
        self.person(id).map_or(id, |p| p.display_name())
    }

    /// Display name of a role id, falling back to the id.
    pub fn role_name(&self, id: &'a str) -> &'a str {
        self.ws.roles.get(id).map_or(id, |r| r.display_name())
    }

    /// Title of a subject id for messages, "" when unknown.
    pub fn subject_title(&self, id: &str) -> String {
        crate::catalogue::subject(self.ws, id).map_or_else(String::new, |s| s.title.to_string())
    }
}
