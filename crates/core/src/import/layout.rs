//! Which column holds what: the layouts of the exports this reader knows,
//! recognising one from its header row, and `--map COLUMN=FIELD`.
//!
//! Column names are compared after [`normalise`]: case, spaces and
//! punctuation do not matter (`Work Email`, `work_email` and `workEmail`
//! are one name), `#` reads as "number" (`Employee #`), and a `profile.`
//! prefix is dropped (Okta API-style exports write `profile.login`).

use serde::Serialize;

/// A field of a person that a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    /// The person's id in the register (rarely in an export).
    Id,
    Name,
    FirstName,
    LastName,
    Email,
    Title,
    Department,
    /// The manager, by email, register id, employee number, the export's
    /// own record id, or (last) by exact full name.
    Manager,
    /// Active or not: a status, an "enabled" flag or an employment status.
    Status,
    Joined,
    /// The last working day (a termination date).
    Left,
    /// When the account's status last changed: the leaving date of a
    /// disabled account when there is no termination date.
    StatusChanged,
    Site,
    Kind,
    /// The HR system's employee number: used to match people (against
    /// register ids) and to resolve manager references; not stored.
    EmployeeNumber,
    /// The export's own record id (Okta `id`, Entra `objectId`): used only
    /// to resolve manager references within the file.
    ExternalId,
    /// `--map COLUMN=ignore`: do not read this column.
    Ignore,
}

impl Field {
    pub const ALL: [Field; 17] = [
        Field::Id,
        Field::Name,
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Title,
        Field::Department,
        Field::Manager,
        Field::Status,
        Field::Joined,
        Field::Left,
        Field::StatusChanged,
        Field::Site,
        Field::Kind,
        Field::EmployeeNumber,
        Field::ExternalId,
        Field::Ignore,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::FirstName => "first-name",
            Field::LastName => "last-name",
            Field::Email => "email",
            Field::Title => "title",
            Field::Department => "department",
            Field::Manager => "manager",
            Field::Status => "status",
            Field::Joined => "joined",
            Field::Left => "left",
            Field::StatusChanged => "status-changed",
            Field::Site => "site",
            Field::Kind => "kind",
            Field::EmployeeNumber => "employee-number",
            Field::ExternalId => "external-id",
            Field::Ignore => "ignore",
        }
    }

    /// A field name as `--map` takes it; `active` and `enabled` are other
    /// names for `status`.
    pub fn parse(s: &str) -> Option<Field> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        let f = match s.as_str() {
            "active" | "enabled" => Field::Status,
            "first" | "firstname" | "given-name" => Field::FirstName,
            "last" | "lastname" | "surname" | "family-name" => Field::LastName,
            "e-mail" | "mail" => Field::Email,
            "job-title" => Field::Title,
            "dept" => Field::Department,
            "start" | "hired" | "hire-date" => Field::Joined,
            "terminated" | "termination-date" | "end" => Field::Left,
            "location" => Field::Site,
            "type" => Field::Kind,
            "employee-id" | "employee-no" => Field::EmployeeNumber,
            "-" | "none" | "skip" => Field::Ignore,
            other => return Field::ALL.into_iter().find(|f| f.as_str() == other),
        };
        Some(f)
    }

    pub fn is_date(self) -> bool {
        matches!(self, Field::Joined | Field::Left | Field::StatusChanged)
    }
}

/// The systems whose exports are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Bamboohr,
    Workday,
    Okta,
    Entra,
}

impl Source {
    pub const ALL: [Source; 4] = [
        Source::Bamboohr,
        Source::Workday,
        Source::Okta,
        Source::Entra,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Bamboohr => "bamboohr",
            Source::Workday => "workday",
            Source::Okta => "okta",
            Source::Entra => "entra",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Source::Bamboohr => "a BambooHR report",
            Source::Workday => "a Workday custom report",
            Source::Okta => "an Okta user export",
            Source::Entra => "a Microsoft Entra ID user download",
        }
    }

    /// Columns per field, in order of preference (the first non-empty cell
    /// wins; for `status`, any column saying "left" wins).
    fn columns(self) -> &'static [(Field, &'static [&'static str])] {
        match self {
            // BambooHR report field names (Reports > custom report > CSV);
            // the date format follows the account's settings, US accounts
            // write MM/DD/YYYY.
            Source::Bamboohr => &[
                (
                    Field::EmployeeNumber,
                    &["employeenumber", "employeeid", "eid"],
                ),
                (Field::Name, &["displayname", "fullname", "name"]),
                (Field::FirstName, &["firstname"]),
                (Field::LastName, &["lastname"]),
                (Field::Email, &["workemail", "email", "bestemail"]),
                (Field::Title, &["jobtitle"]),
                (Field::Department, &["department"]),
                (
                    Field::Manager,
                    &[
                        "supervisoremail",
                        "supervisorworkemail",
                        "supervisoreid",
                        "supervisorid",
                        "reportingto",
                        "reportsto",
                        "supervisor",
                    ],
                ),
                (Field::Status, &["status", "employmentstatus"]),
                (Field::Joined, &["hiredate", "originalhiredate"]),
                (Field::Left, &["terminationdate"]),
                (Field::Site, &["location"]),
                (Field::Kind, &["employmentstatus"]),
            ],
            // Workday custom reports name their columns after the report
            // fields; these are the usual ones (with RaaS `_` spelling
            // covered by the normalisation).
            Source::Workday => &[
                (
                    Field::EmployeeNumber,
                    &["employeeid", "workerid", "employeenumber"],
                ),
                (
                    Field::Name,
                    &["worker", "legalname", "preferredname", "fullname", "name"],
                ),
                (
                    Field::FirstName,
                    &["legalnamefirstname", "firstname", "preferredfirstname"],
                ),
                (
                    Field::LastName,
                    &["legalnamelastname", "lastname", "preferredlastname"],
                ),
                (
                    Field::Email,
                    &[
                        "emailprimarywork",
                        "primaryworkemail",
                        "workemail",
                        "emailaddress",
                        "email",
                    ],
                ),
                (
                    Field::Title,
                    &["businesstitle", "jobtitle", "positiontitle", "jobprofile"],
                ),
                (
                    Field::Department,
                    &["department", "supervisoryorganization", "costcenter"],
                ),
                (
                    Field::Manager,
                    &[
                        "manageremail",
                        "manageremailprimarywork",
                        "managerid",
                        "manageremployeeid",
                        "managerworkerid",
                        "manager",
                    ],
                ),
                (
                    Field::Status,
                    &["activestatus", "active", "workerstatus", "status"],
                ),
                (
                    Field::Joined,
                    &["hiredate", "originalhiredate", "continuousservicedate"],
                ),
                (Field::Left, &["terminationdate", "enddate"]),
                (Field::Site, &["location", "worklocation", "businesssite"]),
                (Field::Kind, &["workertype", "employeetype"]),
            ],
            // Okta user profile attribute names (the base profile: login,
            // email, firstName, lastName, displayName, title, department,
            // managerId, manager, employeeNumber, userType), the user's
            // `id`, `status` (ACTIVE ... DEPROVISIONED) and `statusChanged`,
            // plus the labels the Admin Console shows. `city` is not taken
            // as the site: it is an address, not a jurisdiction.
            Source::Okta => &[
                (Field::ExternalId, &["id", "oktaid", "userid"]),
                (Field::EmployeeNumber, &["employeenumber"]),
                (Field::Name, &["displayname"]),
                (Field::FirstName, &["firstname"]),
                (Field::LastName, &["lastname"]),
                (
                    Field::Email,
                    &["email", "primaryemail", "login", "username"],
                ),
                (Field::Title, &["title"]),
                (Field::Department, &["department"]),
                (Field::Manager, &["managerid", "manager"]),
                (Field::Status, &["status"]),
                (Field::StatusChanged, &["statuschanged"]),
                (Field::Kind, &["usertype"]),
            ],
            // Microsoft Entra ID, Users > All users > Download users:
            // userPrincipalName, displayName, surname, mail, givenName,
            // objectId (id in newer downloads), userType, jobTitle,
            // department, accountEnabled, usageLocation, ...,
            // physicalDeliveryOfficeName (officeLocation), ... No manager
            // and no dates beyond createdDateTime (not a hire date).
            Source::Entra => &[
                (Field::ExternalId, &["objectid", "id"]),
                (Field::EmployeeNumber, &["employeeid"]),
                (Field::Name, &["displayname"]),
                (Field::FirstName, &["givenname"]),
                (Field::LastName, &["surname"]),
                (Field::Email, &["mail", "userprincipalname"]),
                (Field::Title, &["jobtitle"]),
                (Field::Department, &["department"]),
                (Field::Manager, &["manager", "managerupn", "manageremail"]),
                (Field::Status, &["accountenabled"]),
                (Field::Joined, &["employeehiredate"]),
                (Field::Left, &["employeeleavedatetime"]),
                (
                    Field::Site,
                    &["physicaldeliveryofficename", "officelocation"],
                ),
                (Field::Kind, &["usertype"]),
            ],
        }
    }

    /// Header names that point at this source, with a weight; the source
    /// with the highest total (at least 3, and alone at the top) is taken.
    fn signature(self) -> &'static [(&'static str, u32)] {
        match self {
            Source::Bamboohr => &[
                ("reportingto", 3),
                ("supervisoreid", 3),
                ("employmentstatus", 2),
                ("supervisoremail", 2),
                ("workemail", 1),
                ("hiredate", 1),
                ("terminationdate", 1),
                ("jobtitle", 1),
            ],
            Source::Workday => &[
                ("worker", 3),
                ("businesstitle", 3),
                ("supervisoryorganization", 3),
                ("emailprimarywork", 3),
                ("activestatus", 2),
                ("workertype", 2),
                ("primaryworkemail", 2),
                ("jobprofile", 2),
                ("employeeid", 1),
                ("hiredate", 1),
                ("terminationdate", 1),
            ],
            Source::Okta => &[
                ("login", 3),
                ("managerid", 2),
                ("statuschanged", 2),
                ("secondemail", 2),
                ("lastlogin", 2),
                ("employeenumber", 1),
                ("firstname", 1),
                ("lastname", 1),
                ("status", 1),
            ],
            Source::Entra => &[
                ("userprincipalname", 3),
                ("accountenabled", 3),
                ("objectid", 2),
                ("physicaldeliveryofficename", 2),
                ("usagelocation", 2),
                ("givenname", 1),
                ("surname", 1),
            ],
        }
    }
}

/// Common names for any layout, tried after the source's own (and alone
/// when the source is not known).
const GENERIC: &[(Field, &[&str])] = &[
    (Field::Id, &["id", "personid", "rasciid"]),
    (
        Field::EmployeeNumber,
        &[
            "employeenumber",
            "employeeid",
            "employeeno",
            "staffnumber",
            "staffid",
            "payrollnumber",
        ],
    ),
    (
        Field::Name,
        &[
            "name",
            "fullname",
            "displayname",
            "employeename",
            "employee",
        ],
    ),
    (
        Field::FirstName,
        &["firstname", "givenname", "forename", "preferredfirstname"],
    ),
    (Field::LastName, &["lastname", "surname", "familyname"]),
    (
        Field::Email,
        &[
            "email",
            "emailaddress",
            "workemail",
            "mail",
            "businessemail",
            "userprincipalname",
            "upn",
        ],
    ),
    (
        Field::Title,
        &["title", "jobtitle", "position", "positiontitle", "role"],
    ),
    (
        Field::Department,
        &["department", "dept", "team", "division", "businessunit"],
    ),
    (
        Field::Manager,
        &[
            "manageremail",
            "manager",
            "managerid",
            "linemanager",
            "reportsto",
            "reportingto",
            "supervisor",
        ],
    ),
    (
        Field::Status,
        &[
            "status",
            "active",
            "enabled",
            "accountenabled",
            "employmentstatus",
        ],
    ),
    (
        Field::Joined,
        &[
            "joined",
            "startdate",
            "hiredate",
            "datejoined",
            "joiningdate",
        ],
    ),
    (
        Field::Left,
        &[
            "left",
            "enddate",
            "terminationdate",
            "leavingdate",
            "lastday",
            "lastworkingday",
            "dateleft",
        ],
    ),
    (
        Field::Site,
        &["site", "location", "office", "officelocation"],
    ),
    (
        Field::Kind,
        &["kind", "type", "workertype", "employeetype", "usertype"],
    ),
];

/// A header name reduced for comparison: lower case, `#` as "number", a
/// `profile.` prefix dropped, everything but letters and digits removed.
pub fn normalise(header: &str) -> String {
    let h = header.trim();
    let h = h
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("profile."))
        .map_or(h, |_| &h[8..]);
    let mut out = String::new();
    for c in h.chars() {
        if c == '#' {
            out.push_str("number");
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Which columns feed one field, in order of preference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Binding {
    pub field: Field,
    /// Column positions in the header row.
    pub columns: Vec<usize>,
}

/// How a file's columns are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The source whose column names were used, if any.
    pub source: Option<Source>,
    /// True when the source was recognised from the header row (not given
    /// with `--from`).
    pub detected: bool,
    pub bindings: Vec<Binding>,
}

impl Layout {
    pub fn columns(&self, field: Field) -> &[usize] {
        self.bindings
            .iter()
            .find(|b| b.field == field)
            .map_or(&[], |b| b.columns.as_slice())
    }

    pub fn has(&self, field: Field) -> bool {
        !self.columns(field).is_empty()
    }
}

/// Why a layout could not be settled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("--map names the column `{column}`, which is not in the header row")]
    UnknownColumn { column: String },
    #[error(
        "no column for an email address or a name was found; name them with --map COLUMN=email or --map COLUMN=name (or say --from)"
    )]
    NoIdentity,
}

/// Scores each source against the header row; the best one if it is clear.
pub fn detect(headers: &[String]) -> Option<Source> {
    let names: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let raw_employee_hash = headers.iter().any(|h| h.trim() == "Employee #");
    let mut scores: Vec<(u32, Source)> = Source::ALL
        .into_iter()
        .map(|s| {
            let mut score: u32 = s
                .signature()
                .iter()
                .filter(|(n, _)| names.iter().any(|h| h == n))
                .map(|(_, w)| w)
                .sum();
            if s == Source::Bamboohr && raw_employee_hash {
                score += 3;
            }
            (score, s)
        })
        .collect();
    scores.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scores.as_slice() {
        [(best, s), (second, _), ..] if *best >= 3 && best > second => Some(*s),
        _ => None,
    }
}

/// Settles which columns feed which fields: `--from` or the recognised
/// source first, then common names, then the `--map` overrides.
pub fn resolve(
    headers: &[String],
    from: Option<Source>,
    maps: &[(String, Field)],
) -> Result<Layout, LayoutError> {
    let (source, detected) = match from {
        Some(s) => (Some(s), false),
        None => match detect(headers) {
            Some(s) => (Some(s), true),
            None => (None, false),
        },
    };
    let names: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let find = |alias: &str| names.iter().position(|n| n == alias);
    let mut bindings: Vec<Binding> = Vec::new();
    let mut claimed: Vec<usize> = Vec::new();
    let bind = |bindings: &mut Vec<Binding>, field: Field, col: usize| match bindings
        .iter_mut()
        .find(|b| b.field == field)
    {
        Some(b) if !b.columns.contains(&col) => b.columns.push(col),
        Some(_) => {}
        None => bindings.push(Binding {
            field,
            columns: vec![col],
        }),
    };
    if let Some(s) = source {
        let mut mine = Vec::new();
        for (field, aliases) in s.columns() {
            for a in aliases.iter() {
                if let Some(col) = find(a) {
                    bind(&mut bindings, *field, col);
                    mine.push(col);
                }
            }
        }
        claimed.extend(mine);
    }
    // Common names fill fields the source left empty, from columns it did
    // not claim.
    for (field, aliases) in GENERIC {
        if bindings.iter().any(|b| b.field == *field) {
            continue;
        }
        for a in aliases.iter() {
            if let Some(col) = find(a)
                && !claimed.contains(&col)
            {
                bind(&mut bindings, *field, col);
            }
        }
        if let Some(b) = bindings.iter().find(|b| b.field == *field) {
            claimed.extend(b.columns.iter().copied());
        }
    }
    // --map: the named column feeds only the named field, and a field
    // named by --map reads only the columns named for it.
    let mut overridden: Vec<Field> = Vec::new();
    for (column, field) in maps {
        let col = headers
            .iter()
            .position(|h| h.trim() == column.trim())
            .or_else(|| {
                let n = normalise(column);
                names.iter().position(|h| *h == n)
            })
            .ok_or_else(|| LayoutError::UnknownColumn {
                column: column.clone(),
            })?;
        for b in bindings.iter_mut() {
            b.columns.retain(|&c| c != col);
        }
        if *field == Field::Ignore {
            continue;
        }
        if !overridden.contains(field) {
            overridden.push(*field);
            if let Some(b) = bindings.iter_mut().find(|b| b.field == *field) {
                b.columns.clear();
            }
        }
        bind(&mut bindings, *field, col);
    }
    bindings.retain(|b| !b.columns.is_empty());
    let layout = Layout {
        source,
        detected,
        bindings,
    };
    if ![Field::Email, Field::Name, Field::FirstName, Field::LastName]
        .into_iter()
        .any(|f| layout.has(f))
    {
        return Err(LayoutError::NoIdentity);
    }
    Ok(layout)
}

/// Parses one `--map COLUMN=FIELD` (split at the last `=`).
pub fn parse_map(s: &str) -> Result<(String, Field), String> {
    let Some((column, field)) = s.rsplit_once('=') else {
        return Err(format!(
            "--map expects COLUMN=FIELD, e.g. --map \"Work Email=email\"; found `{s}`"
        ));
    };
    if column.trim().is_empty() {
        return Err(format!("--map `{s}` names no column"));
    }
    let f = Field::parse(field).ok_or_else(|| {
        format!(
            "--map: `{}` is not a field; use one of: {}",
            field.trim(),
            Field::ALL.map(Field::as_str).join(", ")
        )
    })?;
    Ok((column.trim().to_string(), f))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(line: &str) -> Vec<String> {
        line.split(',').map(str::to_string).collect()
    }

    // Header rows as the systems write them.
    pub(crate) const ENTRA: &str = "userPrincipalName,displayName,surname,mail,givenName,objectId,userType,jobTitle,department,accountEnabled,usageLocation,streetAddress,state,country,physicalDeliveryOfficeName,city,postalCode,telephoneNumber,mobile,authenticationAlternativePhoneNumber,authenticationEmail,alternateEmailAddress,ageGroup,consentProvidedForMinor,legalAgeGroupClassification";
    pub(crate) const OKTA: &str = "id,status,created,activated,statusChanged,lastLogin,login,email,firstName,lastName,displayName,title,department,employeeNumber,managerId,manager,userType,city";
    pub(crate) const BAMBOO: &str = "Employee #,First Name,Last Name,Work Email,Job Title,Department,Division,Location,Reporting to,Hire Date,Termination Date,Employment Status,Status";
    pub(crate) const WORKDAY: &str = "Employee ID,Worker,Email - Primary Work,Business Title,Supervisory Organization,Manager,Manager ID,Hire Date,Termination Date,Active Status,Worker Type,Location";

    #[test]
    fn each_source_is_recognised_from_its_header_row() {
        assert_eq!(detect(&headers(ENTRA)), Some(Source::Entra));
        assert_eq!(detect(&headers(OKTA)), Some(Source::Okta));
        assert_eq!(detect(&headers(BAMBOO)), Some(Source::Bamboohr));
        assert_eq!(detect(&headers(WORKDAY)), Some(Source::Workday));
        // RaaS spelling and Okta's profile. prefix.
        assert_eq!(
            detect(&headers(
                "Employee_ID,Worker,Email_-_Primary_Work,Business_Title,Active_Status"
            )),
            Some(Source::Workday)
        );
        assert_eq!(
            detect(&headers(
                "id,status,profile.login,profile.email,profile.firstName,profile.lastName"
            )),
            Some(Source::Okta)
        );
        // Older portal labels for Entra.
        assert_eq!(
            detect(&headers(
                "User principal name,Display name,Account enabled,Department"
            )),
            Some(Source::Entra)
        );
        assert_eq!(detect(&headers("name,email,department")), None);
    }

    #[test]
    fn columns_per_source() {
        let h = headers(ENTRA);
        let l = resolve(&h, None, &[]).unwrap();
        assert_eq!(l.source, Some(Source::Entra));
        assert!(l.detected);
        let names =
            |f: Field| -> Vec<&str> { l.columns(f).iter().map(|&c| h[c].as_str()).collect() };
        assert_eq!(names(Field::Email), ["mail", "userPrincipalName"]);
        assert_eq!(names(Field::Status), ["accountEnabled"]);
        assert_eq!(names(Field::Name), ["displayName"]);
        assert_eq!(names(Field::ExternalId), ["objectId"]);
        assert!(names(Field::Id).is_empty(), "objectId is not a register id");

        let h = headers(OKTA);
        let l = resolve(&h, None, &[]).unwrap();
        let names =
            |f: Field| -> Vec<&str> { l.columns(f).iter().map(|&c| h[c].as_str()).collect() };
        assert_eq!(names(Field::Email), ["email", "login"]);
        assert_eq!(names(Field::Manager), ["managerId", "manager"]);
        assert_eq!(names(Field::ExternalId), ["id"]);
        assert!(names(Field::Id).is_empty());

        let h = headers(BAMBOO);
        let l = resolve(&h, None, &[]).unwrap();
        let names =
            |f: Field| -> Vec<&str> { l.columns(f).iter().map(|&c| h[c].as_str()).collect() };
        assert_eq!(names(Field::EmployeeNumber), ["Employee #"]);
        assert_eq!(names(Field::Manager), ["Reporting to"]);
        assert_eq!(names(Field::Status), ["Status", "Employment Status"]);
        assert_eq!(names(Field::Kind), ["Employment Status"]);
        assert_eq!(names(Field::Left), ["Termination Date"]);

        let h = headers(WORKDAY);
        let l = resolve(&h, None, &[]).unwrap();
        let names =
            |f: Field| -> Vec<&str> { l.columns(f).iter().map(|&c| h[c].as_str()).collect() };
        assert_eq!(names(Field::Name), ["Worker"]);
        assert_eq!(names(Field::Title), ["Business Title"]);
        assert_eq!(names(Field::Department), ["Supervisory Organization"]);
        assert_eq!(names(Field::Manager), ["Manager ID", "Manager"]);
    }

    #[test]
    fn map_overrides_and_unknown_layouts() {
        let h = headers("Person,Mail address,Team,Boss,Gone");
        assert_eq!(resolve(&h, None, &[]), Err(LayoutError::NoIdentity));
        let maps = [
            parse_map("Person=name").unwrap(),
            parse_map("Mail address=email").unwrap(),
            parse_map("Boss=manager").unwrap(),
            parse_map("gone=left").unwrap(),
        ];
        let l = resolve(&h, None, &maps).unwrap();
        assert_eq!(l.source, None);
        assert_eq!(l.columns(Field::Name), [0]);
        assert_eq!(l.columns(Field::Email), [1]);
        assert_eq!(l.columns(Field::Department), [2], "common name `team`");
        assert_eq!(l.columns(Field::Left), [4], "case-insensitive column");
        assert!(matches!(
            resolve(&h, None, &[("Nope".into(), Field::Email)]),
            Err(LayoutError::UnknownColumn { .. })
        ));
        // A --map replaces the source's choice and can switch a column off.
        let h = headers(ENTRA);
        let l = resolve(
            &h,
            None,
            &[
                ("userPrincipalName".into(), Field::Email),
                ("physicalDeliveryOfficeName".into(), Field::Ignore),
            ],
        )
        .unwrap();
        assert_eq!(l.columns(Field::Email), [0]);
        assert!(!l.has(Field::Site));
        assert!(parse_map("Work Email").is_err());
        assert!(parse_map("Work Email=shoe-size").is_err());
        assert_eq!(
            parse_map("A=B=enabled").unwrap(),
            ("A=B".to_string(), Field::Status)
        );
    }

    #[test]
    fn normalised_names() {
        assert_eq!(normalise("Employee #"), "employeenumber");
        assert_eq!(normalise("Email - Primary Work"), "emailprimarywork");
        assert_eq!(normalise("profile.firstName"), "firstname");
        assert_eq!(normalise(" work_email "), "workemail");
    }
}
