//! `rasci export oscal`: the register as an OSCAL 1.2.1 system security
//! plan (SSP) in JSON, for GRC tools that read OSCAL.
//!
//! The "system" of the plan is the ISMS itself. The document carries what
//! rasci knows and nothing it does not: roles, the people holding them on
//! the evaluation date, and who is R, A, S, C or I for each Annex A
//! control. It says nothing about *how* a control is implemented.
//!
//! # Mapping
//!
//! | rasci | OSCAL |
//! |---|---|
//! | organisation name | `metadata.title`, the `organization` party, `system-name` |
//! | evaluation (`--as-of`) date | `metadata.last-modified` (`<date>T00:00:00Z`), `metadata.version`, prop `as-of` |
//! | content hash of the register ([`super::content_hash`], as printed on the other exports) | prop `content-hash` on `metadata` |
//! | role | `metadata.roles[]`: `id` = the role id as an OSCAL token, `title` = name, `remarks` = purpose, responsibilities and authorities (OSCAL roles have no `description`), props `rasci-id`, `category`, `clause-5.3-duty` (one per duty, `a` or `b`), `privileged` |
//! | holder of a role on the date | a `person` party (`name`, `email-addresses`, props `rasci-id`, `job-title`, `department`, `kind`, `member-of-organizations` = the organisation unless the person is `external`), and its uuid in `metadata.responsible-parties` for the role |
//! | role (again) | `system-implementation.users[]`: one user class per role, `role-ids`, `description` = purpose, `authorized-privileges` = the role's authorities |
//! | ISMS scope | `system-characteristics.description` and `authorization-boundary.description`; in-scope departments as props `in-scope-department` |
//! | the ISMS | one `this-system` component, with the roles carrying Clause 5.3 a) or b) as its responsible roles |
//! | matrix row of an Annex A control | `control-implementation.implemented-requirements[]`: `control-id` = the id in lower case (`a.5.15`), `responsible-roles[]` = each role with a letter (A, R, S, C, I order), the letter as prop `rasci`, `party-uuids` = its holders on the date |
//! | Statement of Applicability exclusion | props `applicability` = `not-applicable` and `not-applicable-justification` on the requirement, and a `by-components` entry with `implementation-status` `not-applicable` |
//!
//! Only Annex A controls become implemented requirements: the controls with
//! at least one letter in the matrix, and the excluded ones. Clauses 4–10
//! and the workspace's own activities are not controls of the imported
//! profile and are left out. A register whose matrix names no control at all
//! lists every control without responsible roles, because OSCAL requires at
//! least one implemented requirement.
//!
//! People appear as parties only when they hold a role on the date (an
//! assignment in force, the person known, in the organisation and not a
//! group): those are the people the responsible roles resolve to. Roles
//! without such a holder have no `responsible-parties` entry and no
//! `party-uuids`; matrix letters for roles the register does not define are
//! left out and named in the requirement's `remarks`.
//!
//! # Identifiers
//!
//! * Props that are rasci's own use the namespace [`NS`].
//! * OSCAL tokens (role ids) must match `^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`:
//!   a role id that already is an ASCII token is kept; otherwise characters
//!   outside `[A-Za-z0-9._-]` become `-`, a leading `_` is added when the
//!   first character is not a letter (`2fa-admin` → `_2fa-admin`), and a
//!   clash with another role's token gets `-2`, `-3`... The original id is
//!   always kept in the `rasci-id` prop.
//! * UUIDs are name-based (version 5), so the same register gives the same
//!   UUIDs on every export and diffs stay small: [`rasci_namespace`] is the
//!   v5 UUID of [`NS`] in the URL namespace; each organisation gets its own
//!   namespace, the v5 UUID of `organisation:<name>` under it; and every
//!   entity is the v5 UUID of `<kind>/<rasci id>` under the organisation's
//!   namespace (`party/person/hokafor`, `implemented-requirement/A.5.15`...).
//!   Two organisations with a person `ism` therefore get different party
//!   UUIDs; renaming the organisation changes every UUID.
//!
//! # Text
//!
//! Every piece of user text goes through [`crate::text::sanitize`] (one-line
//! fields) or [`crate::text::sanitize_multiline`] (Markdown fields), so
//! control characters, escape sequences and bidirectional overrides become
//! `?` and never reach the file. One-line fields are also trimmed, since
//! OSCAL strings may not start or end with white space; an e-mail address
//! that is not a plain `local@domain` is left out rather than written
//! invalid.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use uuid::Uuid;

use crate::catalogue::{EntryKind, catalogue};
use crate::model::{Date, Letter, Person, PersonKind, Role, Workspace};
use crate::rules::Index;
use crate::text::{sanitize, sanitize_multiline};

/// The OSCAL version the document declares and is validated against.
pub const OSCAL_VERSION: &str = "1.2.1";

/// Namespace of rasci's own props (`rasci`, `category`, `clause-5.3-duty`...).
pub const NS: &str = "https://github.com/rasci/ns/oscal";

/// `import-profile.href`. ISO/IEC 27001:2022 is not published as an OSCAL
/// catalog, so this is a placeholder, relative to the SSP, for the
/// organisation's own profile; its controls are expected to use the ids
/// written here (`a.5.1` ... `a.8.34`).
pub const PROFILE_HREF: &str = "profiles/iso-iec-27001-2022/profile.json";

/// `system-ids[].identifier-type` for a UUID system id.
const RFC4122: &str = "https://ietf.org/rfc/rfc4122";

/// The document as JSON: pretty-printed, with a final newline. The same
/// register and date always give the same bytes.
pub fn render(ws: &Workspace, as_of: Date) -> String {
    let mut out = serde_json::to_string_pretty(&document(ws, as_of))
        .expect("the OSCAL document is plain strings, arrays and objects");
    out.push('\n');
    out
}

/// The v5 UUID of [`NS`] in the URL namespace: the root of every UUID this
/// export derives.
pub fn rasci_namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes())
}

/// Is `s` an OSCAL token made of ASCII: a letter or `_`, then letters,
/// digits, `.`, `-` or `_`?
pub fn is_token(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// `s` made into an OSCAL token (see the module documentation); ids that
/// already are tokens come back unchanged.
pub fn token(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// Tokens for `ids`, distinct from each other. Ids that are tokens already
/// keep their spelling; the others are made tokens in order, with `-2`,
/// `-3`... on a clash.
fn allocate_tokens<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, String> {
    let ids: Vec<&str> = ids.collect();
    let mut used: HashSet<String> = HashSet::with_capacity(ids.len());
    let mut out: HashMap<&str, String> = HashMap::with_capacity(ids.len());
    for &id in &ids {
        if is_token(id) && used.insert(id.to_string()) {
            out.insert(id, id.to_string());
        }
    }
    for &id in &ids {
        if out.contains_key(id) {
            continue;
        }
        let base = token(id);
        let mut candidate = base.clone();
        let mut n = 2;
        while !used.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        out.insert(id, candidate);
    }
    out
}

/// Name-based UUIDs for one organisation's entities.
struct Uuids {
    namespace: Uuid,
}

impl Uuids {
    fn new(organisation: &str) -> Uuids {
        let name = format!("organisation:{organisation}");
        Uuids {
            namespace: Uuid::new_v5(&rasci_namespace(), name.as_bytes()),
        }
    }

    /// The UUID of `<kind>/<id>`, e.g. `party/person/hokafor`.
    fn of(&self, name: &str) -> String {
        Uuid::new_v5(&self.namespace, name.as_bytes())
            .hyphenated()
            .to_string()
    }
}

/// One line of user text for an OSCAL string or markup-line: controls and
/// bidi overrides become `?`, line breaks spaces, trimmed; `None` when
/// nothing is left.
fn line(s: &str) -> Option<String> {
    let safe = sanitize(s);
    let flat: String = safe
        .chars()
        .map(|c| match c {
            '\u{2028}' | '\u{2029}' => ' ',
            c => c,
        })
        .collect();
    let t = flat.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn line_or(s: &str, fallback: &str) -> String {
    line(s).unwrap_or_else(|| line(fallback).unwrap_or_else(|| "unnamed".to_string()))
}

/// Multi-line user text for a markup-multiline field (Markdown).
fn text(s: &str) -> Option<String> {
    let safe = sanitize_multiline(s);
    let t = safe
        .replace(['\u{2028}', '\u{2029}'], "\n")
        .trim()
        .to_string();
    (!t.is_empty()).then_some(t)
}

/// A plain `local@domain` address that any e-mail format check accepts;
/// `None` for anything else.
fn email(s: &str) -> Option<String> {
    let s = s.trim();
    let (local, domain) = s.split_once('@')?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let domain_ok = !domain.is_empty()
        && domain.len() <= 253
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    (local_ok && domain_ok).then(|| s.to_string())
}

/// RASCI letters in the order a reader wants them: who answers first.
fn rank(l: Letter) -> u8 {
    l.rank()
}

/// The `rasci` props of one cell: an A/R cell is both A and R, so a reader
/// looking for either letter finds it.
fn rasci_props(l: Letter) -> Vec<Prop> {
    match l {
        Letter::AR => vec![prop("rasci", "A"), prop("rasci", "R")],
        l => vec![prop("rasci", l.as_str())],
    }
}

// ---------------------------------------------------------------------------
// The document. Field names and order follow NIST's OSCAL 1.2.1 SSP schema;
// empty arrays are left out because the schema wants at least one item.

/// An OSCAL SSP document: `{"system-security-plan": {...}}`.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    #[serde(rename = "system-security-plan")]
    system_security_plan: Ssp,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Ssp {
    uuid: String,
    metadata: Metadata,
    import_profile: ImportProfile,
    system_characteristics: SystemCharacteristics,
    system_implementation: SystemImplementation,
    control_implementation: ControlImplementation,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Metadata {
    title: String,
    last_modified: String,
    version: String,
    oscal_version: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<OscalRole>,
    parties: Vec<Party>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    responsible_parties: Vec<ResponsibleParty>,
}

#[derive(Debug, Clone, Serialize)]
struct Prop {
    name: &'static str,
    ns: &'static str,
    value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

fn prop(name: &'static str, value: impl Into<String>) -> Prop {
    Prop {
        name,
        ns: NS,
        value: value.into(),
        remarks: None,
    }
}

#[derive(Debug, Clone, Serialize)]
struct OscalRole {
    id: String,
    title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Party {
    uuid: String,
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    email_addresses: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    member_of_organizations: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct ResponsibleParty {
    role_id: String,
    party_uuids: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct ResponsibleRole {
    role_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    party_uuids: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
struct ImportProfile {
    href: &'static str,
    remarks: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct SystemCharacteristics {
    system_ids: Vec<SystemId>,
    system_name: String,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    system_information: SystemInformation,
    status: Status,
    authorization_boundary: Described,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct SystemId {
    identifier_type: &'static str,
    id: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct SystemInformation {
    information_types: Vec<InformationType>,
}

#[derive(Debug, Clone, Serialize)]
struct InformationType {
    uuid: String,
    title: &'static str,
    description: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct Status {
    state: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct Described {
    description: String,
}

#[derive(Debug, Clone, Serialize)]
struct SystemImplementation {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    users: Vec<User>,
    components: Vec<Component>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct User {
    uuid: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    role_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authorized_privileges: Vec<Privilege>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Privilege {
    title: &'static str,
    functions_performed: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Component {
    uuid: String,
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    description: String,
    status: Status,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    responsible_roles: Vec<ResponsibleRole>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct ControlImplementation {
    description: &'static str,
    implemented_requirements: Vec<ImplementedRequirement>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct ImplementedRequirement {
    uuid: String,
    control_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    responsible_roles: Vec<ResponsibleRole>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    by_components: Vec<ByComponent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
struct ByComponent {
    component_uuid: String,
    uuid: String,
    description: String,
    implementation_status: ImplementationStatus,
}

#[derive(Debug, Clone, Serialize)]
struct ImplementationStatus {
    state: &'static str,
}

const CONTROL_IMPLEMENTATION: &str = "Who is Responsible, Accountable, Supportive, Consulted and Informed \
for each ISO/IEC 27001:2022 Annex A control, from the organisation's RASCI matrix (rasci). Each \
responsible role carries its letter as the prop `rasci` (R, A, S, C or I; an A/R role carries two, A and R) in the namespace \
https://github.com/rasci/ns/oscal, and the parties holding the role on the evaluation date. \
Controls declared not applicable in the Statement of Applicability carry the prop `applicability` \
= `not-applicable` with the justification. How each control is implemented is not recorded here.";

const INFORMATION_TITLE: &str = "Information within the ISMS scope";
const INFORMATION_DESCRIPTION: &str = "All information the organisation processes inside the scope \
of its information security management system (ISO/IEC 27001:2022 Clause 4.3). Information assets, \
their owners and their classification are kept in the asset inventory (Annex A 5.9 and 5.12), not \
in this register of roles and responsibilities.";

const PROFILE_REMARKS: &str = "Placeholder: ISO/IEC 27001:2022 is not published as an OSCAL \
catalog. Point this at the organisation's own profile of the standard, whose Annex A controls use \
the ids of this plan (a.5.1 to a.8.34).";

/// Builds the plan for the register as it stands on `as_of`.
pub fn document(ws: &Workspace, as_of: Date) -> Document {
    let ix = Index::new(ws, as_of);
    let org_name = line_or(&ws.organisation.name, "Organisation");
    let uuids = Uuids::new(&ws.organisation.name);
    let role_ids = allocate_tokens(ws.roles.keys().map(String::as_str));
    let org_uuid = uuids.of("party/organisation");

    // Holders of each role on the date, and the people who hold anything.
    let holders: HashMap<&str, Vec<&Person>> = ws
        .roles
        .keys()
        .map(|r| (r.as_str(), ix.holders(r)))
        .collect();
    let holding: HashSet<&str> = holders.values().flatten().map(|p| p.id.as_str()).collect();
    let person_uuid = |id: &str| uuids.of(&format!("party/person/{id}"));
    let party_uuids = |role: &str| -> Vec<String> {
        holders
            .get(role)
            .map(|ps| ps.iter().map(|p| person_uuid(&p.id)).collect())
            .unwrap_or_default()
    };

    let mut parties = vec![Party {
        uuid: org_uuid.clone(),
        kind: "organization",
        name: org_name.clone(),
        props: Vec::new(),
        email_addresses: Vec::new(),
        member_of_organizations: Vec::new(),
    }];
    parties.extend(
        ws.people
            .values()
            .filter(|p| holding.contains(p.id.as_str()))
            .map(|p| person_party(p, person_uuid(&p.id), &org_uuid)),
    );

    let roles: Vec<OscalRole> = ws
        .roles
        .values()
        .map(|r| oscal_role(r, &role_ids[r.id.as_str()]))
        .collect();
    let responsible_parties: Vec<ResponsibleParty> = ws
        .roles
        .keys()
        .filter_map(|r| {
            let party_uuids = party_uuids(r);
            (!party_uuids.is_empty()).then(|| ResponsibleParty {
                role_id: role_ids[r.as_str()].clone(),
                party_uuids,
            })
        })
        .collect();

    let meta_props = vec![
        prop("as-of", as_of.to_string()),
        prop("content-hash", super::content_hash(ws)),
    ];

    let scope = ws.organisation.scope.as_deref().and_then(text);
    let system_name = format!("{org_name} ISMS");
    let component_uuid = uuids.of("component/this-system");

    let users: Vec<User> = ws
        .roles
        .values()
        .map(|r| User {
            uuid: uuids.of(&format!("user/{}", r.id)),
            title: line_or(&r.name, &r.id),
            description: r.purpose.as_deref().and_then(text),
            role_ids: vec![role_ids[r.id.as_str()].clone()],
            authorized_privileges: {
                let functions: Vec<String> = r.authorities.iter().filter_map(|a| line(a)).collect();
                if functions.is_empty() {
                    Vec::new()
                } else {
                    vec![Privilege {
                        title: "Authorities of the role (ISO/IEC 27001:2022 Clause 5.3)",
                        functions_performed: functions,
                    }]
                }
            },
        })
        .collect();

    let component = Component {
        uuid: component_uuid.clone(),
        kind: "this-system",
        title: system_name.clone(),
        description: format!(
            "The information security management system of {org_name} as a whole: its roles, \
             responsibilities and authorities (ISO/IEC 27001:2022 Clause 5.3)."
        ),
        status: Status {
            state: "operational",
        },
        responsible_roles: ws
            .roles
            .values()
            .filter(|r| !r.duties.is_empty())
            .map(|r| ResponsibleRole {
                role_id: role_ids[r.id.as_str()].clone(),
                props: r
                    .duties
                    .iter()
                    .map(|d| Prop {
                        remarks: Some(d.describe().to_string()),
                        ..prop("clause-5.3-duty", d.as_str())
                    })
                    .collect(),
                party_uuids: party_uuids(&r.id),
            })
            .collect(),
    };

    let requirement = |id: &str, force: bool| -> Option<ImplementedRequirement> {
        let row = ws.matrix.rows.get(id);
        let exclusion = ws.exclusions.get(id);
        if !force && row.is_none_or(|r| r.is_empty()) && exclusion.is_none() {
            return None;
        }
        let mut cells: Vec<(&str, Letter)> = row
            .into_iter()
            .flatten()
            .map(|(role, l)| (role.as_str(), *l))
            .collect();
        cells.sort_by_key(|(_, l)| rank(*l));
        let mut unknown = Vec::new();
        let mut responsible_roles = Vec::new();
        for (role, letter) in cells {
            match role_ids.get(role) {
                Some(token) => responsible_roles.push(ResponsibleRole {
                    role_id: token.clone(),
                    props: rasci_props(letter),
                    party_uuids: party_uuids(role),
                }),
                None => unknown.push(format!("{} ({})", line_or(role, "?"), letter.as_str())),
            }
        }
        let mut props = Vec::new();
        let mut by_components = Vec::new();
        if let Some(ex) = exclusion {
            let justification = line(&ex.justification);
            props.push(prop("applicability", "not-applicable"));
            if let Some(j) = &justification {
                props.push(prop("not-applicable-justification", j.clone()));
            }
            by_components.push(ByComponent {
                component_uuid: component_uuid.clone(),
                uuid: uuids.of(&format!("by-component/{id}")),
                description: match &justification {
                    Some(j) => {
                        format!("Declared not applicable in the Statement of Applicability: {j}")
                    }
                    None => "Declared not applicable in the Statement of Applicability; no \
                             justification is recorded."
                        .to_string(),
                },
                implementation_status: ImplementationStatus {
                    state: "not-applicable",
                },
            });
        }
        let mut remarks = Vec::new();
        if row.is_none_or(|r| r.is_empty()) {
            remarks
                .push("No role holds a letter for this control in the RASCI matrix.".to_string());
        }
        if !unknown.is_empty() {
            remarks.push(format!(
                "The RASCI matrix also names roles the register does not define: {}.",
                unknown.join(", ")
            ));
        }
        Some(ImplementedRequirement {
            uuid: uuids.of(&format!("implemented-requirement/{id}")),
            control_id: id.to_lowercase(),
            props,
            responsible_roles,
            by_components,
            remarks: (!remarks.is_empty()).then(|| remarks.join("\n\n")),
        })
    };
    let controls: Vec<&str> = catalogue()
        .entries()
        .iter()
        .filter(|e| e.kind == EntryKind::Control)
        .map(|e| e.id)
        .collect();
    let mut implemented_requirements: Vec<ImplementedRequirement> = controls
        .iter()
        .filter_map(|id| requirement(id, false))
        .collect();
    if implemented_requirements.is_empty() {
        implemented_requirements = controls
            .iter()
            .filter_map(|id| requirement(id, true))
            .collect();
    }

    let mut characteristics_props = Vec::new();
    for d in &ws.organisation.departments {
        if let Some(d) = line(d) {
            characteristics_props.push(prop("in-scope-department", d));
        }
    }

    Document {
        system_security_plan: Ssp {
            uuid: uuids.of("system-security-plan"),
            metadata: Metadata {
                title: format!(
                    "{org_name}: ISMS roles and responsibilities (ISO/IEC 27001:2022 Clause 5.3)"
                ),
                last_modified: format!("{as_of}T00:00:00Z"),
                version: as_of.to_string(),
                oscal_version: OSCAL_VERSION,
                props: meta_props,
                roles,
                parties,
                responsible_parties,
            },
            import_profile: ImportProfile {
                href: PROFILE_HREF,
                remarks: PROFILE_REMARKS.to_string(),
            },
            system_characteristics: SystemCharacteristics {
                system_ids: vec![SystemId {
                    identifier_type: RFC4122,
                    id: uuids.of("system"),
                }],
                system_name,
                description: match &scope {
                    Some(s) => s.clone(),
                    None => format!(
                        "The information security management system of {org_name}. No scope is \
                         recorded in the register (ISO/IEC 27001:2022 Clause 4.3)."
                    ),
                },
                props: characteristics_props,
                system_information: SystemInformation {
                    information_types: vec![InformationType {
                        uuid: uuids.of("information-type/isms-scope"),
                        title: INFORMATION_TITLE,
                        description: INFORMATION_DESCRIPTION,
                    }],
                },
                status: Status {
                    state: "operational",
                },
                authorization_boundary: Described {
                    description: match &scope {
                        Some(s) => format!(
                            "The scope of the ISMS as determined under ISO/IEC 27001:2022 Clause \
                             4.3:\n\n{s}"
                        ),
                        None => "The scope of the ISMS as determined under ISO/IEC 27001:2022 \
                                 Clause 4.3; no scope is recorded in the register."
                            .to_string(),
                    },
                },
            },
            system_implementation: SystemImplementation {
                users,
                components: vec![component],
            },
            control_implementation: ControlImplementation {
                description: CONTROL_IMPLEMENTATION,
                implemented_requirements,
            },
        },
    }
}

fn oscal_role(r: &Role, id: &str) -> OscalRole {
    let mut props = vec![prop("rasci-id", line_or(&r.id, "?"))];
    props.push(prop("category", r.category.as_str()));
    for d in &r.duties {
        props.push(Prop {
            remarks: Some(d.describe().to_string()),
            ..prop("clause-5.3-duty", d.as_str())
        });
    }
    if r.privileged {
        props.push(prop("privileged", "true"));
    }
    let mut remarks = Vec::new();
    if let Some(purpose) = r.purpose.as_deref().and_then(text) {
        remarks.push(purpose);
    }
    let list = |heading: &str, items: &[String]| -> Option<String> {
        let items: Vec<String> = items
            .iter()
            .filter_map(|i| line(i))
            .map(|i| format!("- {i}"))
            .collect();
        (!items.is_empty()).then(|| format!("{heading}:\n\n{}", items.join("\n")))
    };
    remarks.extend(list("Responsibilities", &r.responsibilities));
    remarks.extend(list("Authorities", &r.authorities));
    OscalRole {
        id: id.to_string(),
        title: line_or(&r.name, &r.id),
        props,
        remarks: (!remarks.is_empty()).then(|| remarks.join("\n\n")),
    }
}

fn person_party(p: &Person, uuid: String, org_uuid: &str) -> Party {
    let mut props = vec![prop("rasci-id", line_or(&p.id, "?"))];
    if let Some(t) = p.title.as_deref().and_then(line) {
        props.push(prop("job-title", t));
    }
    if let Some(d) = p.department.as_deref().and_then(line) {
        props.push(prop("department", d));
    }
    props.push(prop("kind", p.kind.as_str()));
    Party {
        uuid,
        kind: "person",
        name: line_or(&p.name, &p.id),
        props,
        email_addresses: p.email.as_deref().and_then(email).into_iter().collect(),
        // An external holder (a vCISO, an outsourced auditor) works for
        // another organisation.
        member_of_organizations: if p.kind == PersonKind::External {
            Vec::new()
        } else {
            vec![org_uuid.to_string()]
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_kept_or_made_valid_and_distinct() {
        assert!(is_token("ism") && is_token("head-of-it") && is_token("a.5.15"));
        assert!(!is_token("2fa") && !is_token("") && !is_token("a b") && !is_token("-x"));
        assert_eq!(token("2fa-admin"), "_2fa-admin");
        assert_eq!(token("a b/c"), "a-b-c");
        assert_eq!(token(""), "_");
        let ids = ["a-b", "a b", "a/b", "_x", "x"];
        let t = allocate_tokens(ids.into_iter());
        assert_eq!(t["a-b"], "a-b", "a valid id keeps its spelling");
        assert_eq!(t["a b"], "a-b-2");
        assert_eq!(t["a/b"], "a-b-3");
        assert!(t.values().all(|v| is_token(v)));
        assert_eq!(t.values().collect::<HashSet<_>>().len(), ids.len());
    }

    #[test]
    fn uuids_are_v5_stable_and_per_organisation() {
        let a = Uuids::new("Acme");
        let u = a.of("party/person/ism");
        assert_eq!(u, Uuids::new("Acme").of("party/person/ism"));
        assert_ne!(u, Uuids::new("Other").of("party/person/ism"));
        assert_ne!(u, a.of("party/person/ceo"));
        let parsed = Uuid::parse_str(&u).unwrap();
        assert_eq!(parsed.get_version_num(), 5);
    }

    #[test]
    fn the_description_names_the_namespace() {
        assert!(CONTROL_IMPLEMENTATION.contains(NS));
        assert!(is_token("clause-5.3-duty") && is_token("not-applicable-justification"));
    }

    #[test]
    fn text_is_made_safe_and_trimmed() {
        assert_eq!(
            line("  a\u{1b}[31mb\u{202e}c\n d "),
            Some("a?[31mb?c  d".into())
        );
        assert_eq!(line(" \t "), None);
        assert_eq!(line_or("", "id"), "id");
        assert_eq!(text("x\n\u{7}y"), Some("x\n?y".into()));
        assert_eq!(email(" jo@example.com "), Some("jo@example.com".into()));
        for bad in [
            "jo",
            "jo@",
            "@x",
            "j o@x.com",
            "jo@x..com",
            "jo@-x.com",
            "a@b@c",
        ] {
            assert_eq!(email(bad), None, "{bad}");
        }
    }
}
