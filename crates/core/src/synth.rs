//! Synthetic workspaces for benchmarks and scale tests.
//!
//! [`generate`] writes the four files of a plausible register of any size:
//! people with names, e-mail addresses, titles, about twenty departments and
//! a manager tree; a few contractors, externals, groups and leavers;
//! competencies with dates; roles of every category (one top-management role,
//! an ISM-like role carrying Clause 5.3 a) and b), a management review team)
//! with responsibilities, authorities and one to three dated assignments
//! each (the review team has the chief executive and every department
//! head); activities; a RASCI matrix over the catalogue subjects and those
//! activities; segregation-of-duties rules; and one management sign-off with
//! a fingerprint (which will not match, so evaluating the register takes the
//! expensive path of `review/signoff-stale`).
//!
//! The output depends only on the [`Spec`]: the same spec gives the same
//! bytes on every machine (a small self-contained PRNG, splitmix64, drives
//! every choice). Every reference in it resolves and it loads with
//! [`crate::store::load`] without diagnostics; the findings it raises are
//! the few that a real register of that size would have (leavers still in a
//! role, a missing competency, an overdue review...).
//!
//! Only built with the `synth` feature (the benchmarks and scale tests
//! turn it on), so the example is not compiled as a doctest:
//!
//! ```ignore
//! use rasci_core::synth::{Spec, write_workspace};
//! let dir = std::path::Path::new("/tmp/big-register");
//! std::fs::create_dir_all(dir).unwrap();
//! write_workspace(&Spec::BENCH, dir).unwrap();
//! let (_store, ws) = rasci_core::store::load(dir).unwrap();
//! assert_eq!(ws.people.len(), 10_000);
//! ```

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use crate::catalogue::{EntryKind, catalogue};
use crate::model::Date;
use crate::store::FileKind;

/// The size and seed of a synthetic workspace.
///
/// Sizes below the fixed skeleton (a chief executive, the twenty department
/// heads and eight standard roles) are raised to it: `people` to at least
/// [`Spec::MIN_PEOPLE`], `roles` to at least [`Spec::MIN_ROLES`].
/// `matrix_entries` is exact as long as it fits in the matrix (subjects ×
/// roles); enough activities are created to spread the entries over rows of
/// about sixteen cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Spec {
    /// Number of `[person.<id>]` tables.
    pub people: usize,
    /// Number of `[role.<id>]` tables.
    pub roles: usize,
    /// Number of filled cells in the RASCI matrix.
    pub matrix_entries: usize,
    /// Seed of the generator; the same spec always gives the same files.
    pub seed: u64,
}

impl Spec {
    /// The benchmark size: 10,000 people, 500 roles, 5,000 matrix entries
    /// (about 2.8 MB of TOML).
    pub const BENCH: Spec = Spec {
        people: 10_000,
        roles: 500,
        matrix_entries: 5_000,
        seed: 27_001,
    };

    /// Fewest people generated: the chief executive and one head per
    /// department, plus a handful of staff.
    pub const MIN_PEOPLE: usize = 1 + DEPARTMENTS.len() + 9;

    /// Fewest roles generated: the fixed governance and operational roles.
    pub const MIN_ROLES: usize = FIXED_ROLES.len();
}

/// The shape of the organisation a synthetic register describes.
///
/// [`Shape::Flat`] is the original generator: managers are anyone earlier in
/// the department, so the management tree is shallow and bushy, roles have
/// one to three spells and about one person in eight has a competency.
/// [`Shape::Enterprise`] is a large organisation: a management hierarchy
/// twelve levels deep (the chief executive, the department heads and ten
/// levels below them, more people on each lower level), two to five dated
/// spells per role, competencies for about a third of the people; with
/// [`Spec::enterprise`] it also has 300 roles and 153 matrix rows. The
/// deep chains are what make per-person rules (reporting lines, management
/// chain positions) cost what they cost in a real register.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A shallow management tree, little history (the original shape).
    #[default]
    Flat,
    /// A twelve-level hierarchy, assignment history, competencies.
    Enterprise,
}

impl Shape {
    /// Both shapes, flat first (benchmarks run each).
    pub const ALL: [Shape; 2] = [Shape::Flat, Shape::Enterprise];

    /// A short lower-case name for benchmark labels and folder names.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Flat => "flat",
            Shape::Enterprise => "enterprise",
        }
    }
}

/// Levels of the enterprise management hierarchy: the chief executive
/// (level 0), the department heads (1) and ten levels below them.
pub const ENTERPRISE_LEVELS: usize = 12;

/// Matrix rows of an enterprise register built from [`Spec::enterprise`].
pub const ENTERPRISE_MATRIX_ROWS: usize = 153;

impl Spec {
    /// The enterprise register of `people` people: 300 roles and
    /// [`ENTERPRISE_MATRIX_ROWS`] matrix rows of sixteen cells; generate it
    /// with [`generate_shaped`] and [`Shape::Enterprise`].
    pub fn enterprise(people: usize) -> Spec {
        Spec {
            people,
            roles: 300,
            matrix_entries: ENTERPRISE_MATRIX_ROWS * CELLS_PER_ROW,
            seed: 27_001,
        }
    }
}

/// The four files of a workspace, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    /// `workspace.toml`: organisation, settings, rules, activities,
    /// exclusions and the sign-off.
    pub workspace: String,
    /// `people.toml`.
    pub people: String,
    /// `roles.toml`.
    pub roles: String,
    /// `matrix.toml`.
    pub matrix: String,
}

impl Files {
    /// The text of one file.
    pub fn get(&self, kind: FileKind) -> &str {
        match kind {
            FileKind::Workspace => &self.workspace,
            FileKind::People => &self.people,
            FileKind::Roles => &self.roles,
            FileKind::Matrix => &self.matrix,
        }
    }

    /// Each file with its kind, in [`FileKind::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (FileKind, &str)> {
        FileKind::ALL.into_iter().map(|k| (k, self.get(k)))
    }

    /// Total size in bytes of the four files.
    pub fn total_len(&self) -> usize {
        self.iter().map(|(_, t)| t.len()).sum()
    }

    /// Writes the four files into `dir` (which must exist), replacing any
    /// files of the same names.
    pub fn write_to(&self, dir: &Path) -> io::Result<()> {
        for (kind, text) in self.iter() {
            std::fs::write(dir.join(kind.file_name()), text)?;
        }
        Ok(())
    }
}

/// Generates the workspace described by `spec` and writes it into `dir`
/// (which must exist). Returns the texts written.
pub fn write_workspace(spec: &Spec, dir: &Path) -> io::Result<Files> {
    let files = generate(spec);
    files.write_to(dir)?;
    Ok(files)
}

/// Generates the [`Shape::Enterprise`] or [`Shape::Flat`] workspace of
/// `spec` and writes it into `dir` (which must exist).
pub fn write_workspace_shaped(spec: &Spec, shape: Shape, dir: &Path) -> io::Result<Files> {
    let files = generate_shaped(spec, shape);
    files.write_to(dir)?;
    Ok(files)
}

/// Generates the four files of the workspace described by `spec`, in the
/// original [`Shape::Flat`] shape.
pub fn generate(spec: &Spec) -> Files {
    generate_shaped(spec, Shape::Flat)
}

/// Generates the four files of the workspace described by `spec` in the
/// given shape. The flat shape gives exactly the bytes [`generate`] gives.
pub fn generate_shaped(spec: &Spec, shape: Shape) -> Files {
    let mut g = Gen::new(spec);
    g.shape = shape;
    g.people();
    g.roles();
    g.competencies_for_holders();
    g.activities();
    g.matrix();
    Files {
        workspace: g.render_workspace(),
        people: g.render_people(),
        roles: g.render_roles(),
        matrix: g.render_matrix(),
    }
}

// ---------------------------------------------------------------------------
// The random source.

/// splitmix64 (Steele, Lea and Flood 2014): tiny, fast, and good enough to
/// make plausible data; defined here so the output never changes with a
/// dependency.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Vocabulary.

const FIRST_NAMES: &[&str] = &[
    "Aisha",
    "Alexander",
    "Amelia",
    "Anna",
    "Arjun",
    "Ben",
    "Carla",
    "Chen",
    "Chloe",
    "Daniel",
    "David",
    "Elena",
    "Emil",
    "Emma",
    "Fatima",
    "Felix",
    "Grace",
    "Hannah",
    "Hiro",
    "Ines",
    "Isabel",
    "Jakob",
    "James",
    "Jana",
    "Johan",
    "Julia",
    "Karim",
    "Katarzyna",
    "Laura",
    "Leon",
    "Lena",
    "Lucas",
    "Luis",
    "Maria",
    "Marek",
    "Mateo",
    "Mia",
    "Mohammed",
    "Nadia",
    "Noah",
    "Nora",
    "Olga",
    "Oscar",
    "Paul",
    "Priya",
    "Rafael",
    "Rosa",
    "Samuel",
    "Sara",
    "Sofia",
    "Stefan",
    "Tariq",
    "Theo",
    "Valentina",
    "Victor",
    "Wei",
    "Yusuf",
    "Zofia",
    "Zoe",
    "Omar",
];

const LAST_NAMES: &[&str] = &[
    "Adams",
    "Ahmed",
    "Andersen",
    "Bauer",
    "Becker",
    "Bianchi",
    "Brown",
    "Costa",
    "Dubois",
    "Eriksson",
    "Fischer",
    "Garcia",
    "Gonzalez",
    "Hansen",
    "Hoffmann",
    "Horvat",
    "Ivanova",
    "Jansen",
    "Johnson",
    "Kaya",
    "Keller",
    "Klein",
    "Kowalski",
    "Kumar",
    "Lambert",
    "Larsen",
    "Lee",
    "Lopez",
    "Martin",
    "Meyer",
    "Moreau",
    "Muller",
    "Murphy",
    "Nagy",
    "Nielsen",
    "Novak",
    "Nowak",
    "O'Brien",
    "Okafor",
    "Olsen",
    "Papadopoulos",
    "Patel",
    "Peeters",
    "Petrov",
    "Richter",
    "Romano",
    "Rossi",
    "Santos",
    "Schmidt",
    "Schneider",
    "Schulz",
    "Silva",
    "Singh",
    "Smith",
    "Sousa",
    "Svensson",
    "Tanaka",
    "Taylor",
    "Thomas",
    "Virtanen",
    "Wagner",
    "Walsh",
    "Wang",
    "Weber",
    "Williams",
    "Wilson",
    "Wolf",
    "Yilmaz",
    "Zhang",
    "Zimmermann",
];

/// (name, short slug for ids).
const DEPARTMENTS: &[(&str, &str)] = &[
    ("Executive", "exec"),
    ("Information Security", "infosec"),
    ("IT Operations", "itops"),
    ("Software Development", "dev"),
    ("Finance", "finance"),
    ("Human Resources", "hr"),
    ("Legal", "legal"),
    ("Procurement", "procurement"),
    ("Sales", "sales"),
    ("Marketing", "marketing"),
    ("Customer Support", "support"),
    ("Facilities", "facilities"),
    ("Data and Analytics", "data"),
    ("Product Management", "product"),
    ("Quality Assurance", "qa"),
    ("Internal Audit", "audit"),
    ("Risk and Compliance", "risk"),
    ("Research", "research"),
    ("Logistics", "logistics"),
    ("Corporate Communications", "comms"),
];
const DEPT_INFOSEC: usize = 1;
const DEPT_ITOPS: usize = 2;
const DEPT_AUDIT: usize = 15;

const TITLES: &[&str] = &[
    "Analyst",
    "Senior Analyst",
    "Specialist",
    "Senior Specialist",
    "Engineer",
    "Senior Engineer",
    "Team Lead",
    "Manager",
    "Coordinator",
    "Associate",
    "Consultant",
    "Administrator",
    "Officer",
    "Assistant",
];

const SITES: &[&str] = &[
    "Berlin",
    "Munich",
    "Vienna",
    "Zurich",
    "Amsterdam",
    "Lisbon",
    "Remote (EU)",
];

/// (id, evidence prefix).
const COMPETENCIES: &[(&str, &str)] = &[
    (
        "isms-implementation",
        "ISO 27001 Lead Implementer certificate",
    ),
    ("internal-audit", "ISO 27001 Lead Auditor certificate"),
    ("incident-response", "Incident handling course"),
    ("data-protection-law", "CIPP/E certificate"),
    ("secure-development", "Secure coding training"),
    ("risk-assessment", "Risk assessment workshop"),
    ("cloud-security", "CCSK certificate"),
    ("network-security", "Network security course"),
    ("business-continuity", "ISO 22301 course"),
    ("supplier-assurance", "Supplier audit training"),
    ("security-awareness", "Awareness e-learning"),
    ("forensics", "Digital forensics course"),
];

/// Generated role functions: (slug, display name).
const FUNCTIONS: &[(&str, &str)] = &[
    ("data-owner", "Data owner"),
    ("asset-owner", "Asset owner"),
    ("system-owner", "System owner"),
    ("application-owner", "Application owner"),
    ("risk-owner", "Risk owner"),
    ("access-approver", "Access approver"),
    ("change-approver", "Change approver"),
    ("backup-operator", "Backup operator"),
    ("security-champion", "Security champion"),
    ("privacy-champion", "Privacy champion"),
    ("continuity-coordinator", "Continuity coordinator"),
    ("supplier-owner", "Supplier owner"),
    ("key-custodian", "Key custodian"),
    ("log-reviewer", "Log reviewer"),
    ("vulnerability-coordinator", "Vulnerability coordinator"),
    ("awareness-coordinator", "Awareness coordinator"),
    ("records-manager", "Records manager"),
    ("network-administrator", "Network administrator"),
    ("database-administrator", "Database administrator"),
    ("cloud-administrator", "Cloud administrator"),
];

const RESPONSIBILITIES: &[&str] = &[
    "Keep the inventory of the assets in their care current",
    "Classify the information they own and review the classification yearly",
    "Approve or refuse requests for access and review granted access quarterly",
    "Report security events and weaknesses without delay",
    "Apply the security policies to the processes they run",
    "Review logs and alerts for the systems in their care",
    "Test backups and restores at planned intervals",
    "Track vulnerabilities to closure within the agreed deadlines",
    "Keep operating procedures documented and current",
    "Make sure supplier contracts carry the required security terms",
    "Plan and test continuity arrangements for their area",
    "Take part in risk assessments and own the resulting treatment actions",
    "Make sure new staff in their area complete security awareness training",
    "Protect personal data processed in their area",
    "Keep records for the retention periods in the records schedule",
    "Coordinate changes to production through change management",
];

const AUTHORITIES: &[&str] = &[
    "Approve access to the assets they own",
    "Refuse changes that fail security review",
    "Suspend access that puts information at immediate risk",
    "Escalate security concerns to the Information Security Manager",
    "Approve exceptions within their area for up to 90 days",
    "Require suppliers to remediate security findings",
    "Stop processing that breaks data protection rules",
    "Accept low risks within their area",
    "Set technical standards for the systems in their care",
    "Call in support staff outside working hours",
];

const ACTIVITY_VERBS: &[(&str, &str)] = &[
    ("review", "Review"),
    ("approve", "Approve"),
    ("test", "Test"),
    ("maintain", "Maintain"),
    ("monitor", "Monitor"),
    ("report-on", "Report on"),
    ("update", "Update"),
    ("audit", "Audit"),
];

const ACTIVITY_OBJECTS: &[(&str, &str)] = &[
    ("firewall-rules", "firewall rules"),
    ("backups", "backups"),
    ("supplier-contracts", "supplier contracts"),
    ("privileged-accounts", "privileged accounts"),
    ("risk-register", "the risk register"),
    ("asset-inventory", "the asset inventory"),
    ("vulnerability-scans", "vulnerability scans"),
    ("continuity-plans", "continuity plans"),
    ("awareness-programme", "the awareness programme"),
    ("encryption-keys", "encryption keys"),
    ("cloud-configuration", "cloud configuration"),
    ("endpoint-protection", "endpoint protection"),
    ("data-retention", "data retention"),
    ("incident-playbooks", "incident playbooks"),
    ("access-reviews", "access reviews"),
    ("security-metrics", "security metrics"),
];

const THEMES: &[&str] = &[
    "Access activities",
    "Change activities",
    "Operations activities",
    "Assurance activities",
    "Supplier activities",
    "People activities",
];

/// The fixed activities the segregation-of-duties rules refer to:
/// (id, title, theme).
const FIXED_ACTIVITIES: &[(&str, &str, &str)] = &[
    (
        "internal-audit",
        "Carry out internal audits",
        "Assurance activities",
    ),
    (
        "approve-access",
        "Approve requests for access",
        "Access activities",
    ),
    (
        "provision-access",
        "Grant, change and remove access",
        "Access activities",
    ),
    (
        "write-code",
        "Write and change application code",
        "Change activities",
    ),
    (
        "approve-deployment",
        "Approve releases to production",
        "Change activities",
    ),
];

/// The fixed roles: (id, name, category, department index).
const FIXED_ROLES: &[(&str, &str, &str, usize)] = &[
    ("top-management", "Top management", "top-management", 0),
    (
        "ism",
        "Information Security Manager",
        "governance",
        DEPT_INFOSEC,
    ),
    ("review-team", "Management review team", "review-team", 0),
    (
        "internal-auditor",
        "Internal auditor",
        "assurance",
        DEPT_AUDIT,
    ),
    (
        "incident-commander",
        "Incident commander",
        "operational",
        DEPT_INFOSEC,
    ),
    (
        "privacy-lead",
        "Data protection and privacy lead",
        "support",
        6,
    ),
    (
        "third-party-manager",
        "Third party manager",
        "operational",
        7,
    ),
    ("head-of-it", "Head of IT", "operational", DEPT_ITOPS),
];
/// What the fixed roles must do and may decide, in `FIXED_ROLES` order.
const FIXED_TEXTS: &[(&[&str], &[&str])] = &[
    (
        &[
            "Set information security objectives in line with the business strategy",
            "Approve the information security policy",
            "Assign the Clause 5.3 duties and make the assignments known",
        ],
        &[
            "Approve the information security budget",
            "Appoint and remove the holders of ISMS roles",
        ],
    ),
    (
        &[
            "Operate and improve the ISMS and keep its documents current",
            "Maintain the risk register and follow up risk treatment",
            "Report ISMS performance to the management review",
        ],
        &[
            "Approve or refuse exceptions to security policies",
            "Escalate security concerns directly to top management",
        ],
    ),
    (
        &[
            "Review ISMS performance, audit results, incidents and risks",
            "Sign off policies and the roles and responsibilities register",
        ],
        &[
            "Approve ISMS policies and processes",
            "Direct corrective actions and set their deadlines",
        ],
    ),
    (
        &[
            "Audit every part of the ISMS over the audit cycle",
            "Report nonconformities with evidence",
        ],
        &["Access any record, system or person within scope for an audit"],
    ),
    (
        &[
            "Assess reported events and declare incidents",
            "Lead containment, eradication and recovery",
        ],
        &["Isolate systems and suspend accounts during an incident"],
    ),
    (
        &[
            "Keep the record of processing activities",
            "Assess personal data breaches and notify within legal deadlines",
        ],
        &["Decide whether a breach is notified to the regulator and to those affected"],
    ),
    (
        &[
            "Own the register of suppliers and what they can reach",
            "Review supplier security at planned intervals",
        ],
        &["Block the onboarding of a supplier that fails due diligence"],
    ),
    (
        &[
            "Implement and operate the technological controls",
            "Run backup, patching, logging and monitoring",
        ],
        &["Approve changes to production infrastructure"],
    ),
];
const _: () = assert!(FIXED_TEXTS.len() == FIXED_ROLES.len());
const ROLE_TOP: usize = 0;
const ROLE_ISM: usize = 1;
const ROLE_REVIEW: usize = 2;

const OTHER_CATEGORIES: &[&str] = &["governance", "assurance", "operational", "support"];

/// Cells per matrix row the generator aims for.
const CELLS_PER_ROW: usize = 16;

// ---------------------------------------------------------------------------
// The register being generated, kept as plain data until it is rendered.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Employee,
    Contractor,
    External,
    Group,
}

#[derive(Debug)]
struct P {
    id: String,
    name: String,
    email: String,
    title: String,
    dept: usize,
    manager: Option<usize>,
    kind: Kind,
    left: Option<Date>,
    joined: Date,
    site: &'static str,
    mfa: bool,
    /// (competency index, achieved, expires)
    competencies: Vec<(usize, Date, Option<Date>)>,
}

#[derive(Debug)]
struct A {
    person: usize,
    from: Date,
    until: Option<Date>,
    deputy: Option<usize>,
    allocation: Option<f64>,
    evidence: Option<String>,
    acknowledged: Option<Date>,
    sponsor: Option<usize>,
    contract: Option<String>,
    note: Option<&'static str>,
}

#[derive(Debug)]
struct R {
    id: String,
    name: String,
    category: &'static str,
    duties: bool,
    purpose: String,
    responsibilities: Vec<&'static str>,
    authorities: Vec<&'static str>,
    competencies: Vec<usize>,
    privileged: bool,
    needs_deputy: bool,
    fte: Option<f64>,
    reviewed: Option<Date>,
    assignments: Vec<A>,
}

struct Gen {
    spec: Spec,
    shape: Shape,
    rng: Rng,
    /// The reference date: the benchmarks evaluate the register on it.
    today: Date,
    people: Vec<P>,
    /// People who may hold roles: active individuals.
    holders: Vec<usize>,
    /// People who have left.
    leavers: Vec<usize>,
    roles: Vec<R>,
    /// (id, title, theme, related)
    activities: Vec<(String, String, &'static str, Vec<&'static str>)>,
    /// subject id → (role index, letter)
    rows: Vec<(String, Vec<(usize, char)>)>,
}

/// A TOML string, quoted as the store writes one.
fn q(s: &str) -> String {
    crate::store::basic_string(s)
}

fn slug(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn unique(seen: &mut HashSet<String>, base: String) -> String {
    if seen.insert(base.clone()) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|c| seen.insert(c.clone()))
        .expect("an unused suffix exists")
}

fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", quoted.join(", "))
}

impl Gen {
    fn new(spec: &Spec) -> Gen {
        Gen {
            spec: *spec,
            shape: Shape::Flat,
            rng: Rng(spec.seed ^ 0x5eed_2700_1202_2053),
            today: Date::new(2026, 11, 27).expect("valid date"),
            people: Vec::new(),
            holders: Vec::new(),
            leavers: Vec::new(),
            roles: Vec::new(),
            activities: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// A date between `lo` and `hi` days from today.
    fn day(&mut self, lo: i64, hi: i64) -> Date {
        let n = self.rng.range(lo, hi);
        self.today.add_days(n)
    }

    fn people(&mut self) {
        let n = self.spec.people.max(Spec::MIN_PEOPLE);
        let mut seen = HashSet::with_capacity(n);
        // Active individuals of each department who can manage others.
        let mut managers: Vec<Vec<usize>> = vec![Vec::new(); DEPARTMENTS.len()];
        // Enterprise shape: the same, by level (index 1 = the head).
        let mut levels: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new()]; DEPARTMENTS.len()];
        let deep = self.shape == Shape::Enterprise;
        let mut level_of: Vec<usize> = Vec::with_capacity(if deep { n } else { 0 });
        for i in 0..n {
            let first = *self.rng.pick(FIRST_NAMES);
            let last = *self.rng.pick(LAST_NAMES);
            let base = format!("{}{}", slug(&first[..1]), slug(last));
            let id = unique(&mut seen, base);
            let (dept, title, manager, kind, left) = if i == 0 {
                (
                    0,
                    "Chief Executive Officer".to_string(),
                    None,
                    Kind::Employee,
                    None,
                )
            } else if i <= DEPARTMENTS.len() {
                let d = i - 1;
                let title = if d == 0 {
                    "Chief Operating Officer".to_string()
                } else {
                    format!("Head of {}", DEPARTMENTS[d].0)
                };
                (d, title, Some(0), Kind::Employee, None)
            } else {
                let d = self.rng.below(DEPARTMENTS.len());
                let roll = self.rng.below(1000);
                let kind = match roll {
                    0..=4 => Kind::Group,
                    5..=34 => Kind::External,
                    35..=94 => Kind::Contractor,
                    _ => Kind::Employee,
                };
                let manager = match kind {
                    Kind::Group | Kind::External => None,
                    // Someone on the level above, deeper levels more
                    // crowded; a level opens once the one above has people.
                    _ if deep => {
                        let open = levels[d].len();
                        let want = 2 + self.rng.below(10).max(self.rng.below(10));
                        let level = want.min(open).min(ENTERPRISE_LEVELS - 1);
                        let pool = &levels[d][level - 1];
                        Some(pool[self.rng.below(pool.len())])
                    }
                    // Someone earlier in the department: a tree, so no cycles.
                    _ => {
                        let pool = &managers[d];
                        Some(pool[self.rng.below(pool.len())])
                    }
                };
                let left =
                    (kind != Kind::Group && self.rng.chance(0.02)).then(|| self.day(-900, -1));
                let title = if kind == Kind::Group {
                    format!("{} team", DEPARTMENTS[d].0)
                } else {
                    (*self.rng.pick(TITLES)).to_string()
                };
                (d, title, manager, kind, left)
            };
            let (name, email) = if kind == Kind::Group {
                let local = format!("{}-team", DEPARTMENTS[dept].1);
                (
                    format!("{} team", DEPARTMENTS[dept].0),
                    format!("{local}@example.com"),
                )
            } else {
                let domain = if kind == Kind::External {
                    "partner.example.net"
                } else {
                    "example.com"
                };
                // jsmith3 → john.smith3@...
                let suffix = &id[1 + slug(last).len()..];
                (
                    format!("{first} {last}"),
                    format!("{}.{}{suffix}@{domain}", slug(first), slug(last)),
                )
            };
            let joined = match left {
                Some(l) => l.add_days(-self.rng.range(200, 4000)),
                None => self.day(-6000, -30),
            };
            let mut competencies = Vec::new();
            if kind != Kind::Group && self.rng.chance(0.12) {
                let c = self.rng.below(COMPETENCIES.len());
                competencies.push(self.competency(c));
            }
            if deep && kind != Kind::Group && self.rng.chance(0.25) {
                let c = self.rng.below(COMPETENCIES.len());
                if competencies.iter().all(|x| x.0 != c) {
                    competencies.push(self.competency(c));
                }
            }
            let p = P {
                id,
                name,
                email,
                title,
                dept,
                manager,
                kind,
                left,
                joined,
                site: SITES[self.rng.below(SITES.len())],
                mfa: kind != Kind::Group && self.rng.chance(0.9),
                competencies,
            };
            if p.left.is_some() {
                self.leavers.push(i);
            } else if kind != Kind::Group {
                if kind != Kind::External {
                    managers[dept].push(i);
                    if deep && i > 0 {
                        // The chief executive (level 0) manages the heads
                        // (level 1); others sit one below their manager.
                        let level = manager.map_or(1, |m| level_of[m] + 1);
                        if levels[dept].len() <= level {
                            levels[dept].resize(level + 1, Vec::new());
                        }
                        levels[dept][level].push(i);
                    }
                }
                self.holders.push(i);
            }
            if deep {
                let level = match manager {
                    None => usize::from(i > 0),
                    Some(m) => level_of[m] + 1,
                };
                level_of.push(level);
            }
            self.people.push(p);
        }
    }

    /// A competency record: mostly valid, some expiring soon, a few expired.
    fn competency(&mut self, c: usize) -> (usize, Date, Option<Date>) {
        let achieved = self.day(-2500, -20);
        let expires = match self.rng.below(100) {
            0..=29 => None,
            30..=33 => Some(self.day(-200, -1)),
            34..=39 => Some(self.day(0, 59)),
            _ => Some(self.day(60, 1100)),
        };
        let expires = expires.map(|e| {
            if e < achieved {
                achieved.add_days(365)
            } else {
                e
            }
        });
        (c, achieved, expires)
    }

    fn head(&self, dept: usize) -> usize {
        dept + 1
    }

    fn holder(&mut self) -> usize {
        // Now and then the register missed a leaver.
        if self.rng.chance(0.01) && !self.leavers.is_empty() {
            return self.leavers[self.rng.below(self.leavers.len())];
        }
        // Role holders come from the first fifteen hundred active people, so
        // some hold several roles.
        let span = self.holders.len().min(1500);
        self.holders[self.rng.below(span)]
    }

    fn deputy_for(&mut self, person: usize) -> Option<usize> {
        if !self.rng.chance(0.85) {
            return None;
        }
        loop {
            let d = self.holder();
            if d != person {
                return Some(d);
            }
        }
    }

    fn assignment(&mut self, person: usize, from: Date, until: Option<Date>) -> A {
        let external = self.people[person].kind == Kind::External;
        let evidence = self.rng.chance(0.9).then(|| match self.rng.below(3) {
            0 => format!(
                "Appointment letter HR-{}-{:04}",
                from.year(),
                self.rng.below(10_000)
            ),
            1 => format!(
                "Board minutes {}-{:02}, item {}",
                from.year(),
                from.month(),
                1 + self.rng.below(12)
            ),
            _ => format!("Contract addendum CA-{:05}", self.rng.below(100_000)),
        });
        let acknowledged = self
            .rng
            .chance(0.85)
            .then(|| from.add_days(self.rng.range(0, 20)));
        let sponsor =
            (external && self.rng.chance(0.9)).then(|| self.head(self.people[person].dept));
        let contract = (external && self.rng.chance(0.85))
            .then(|| format!("SOW-{}-{:03}", from.year(), self.rng.below(1000)));
        A {
            person,
            from,
            until,
            deputy: self.deputy_for(person),
            allocation: self
                .rng
                .chance(0.7)
                .then(|| 0.05 * self.rng.range(1, 8) as f64),
            evidence,
            acknowledged,
            sponsor,
            contract,
            note: self
                .rng
                .chance(0.05)
                .then_some("Interim until the position is filled"),
        }
    }

    /// One to three spells (two to five for the enterprise shape), the
    /// last usually still in force.
    fn spells(&mut self, first_holder: Option<usize>) -> Vec<A> {
        let n = match self.shape {
            Shape::Flat => 1 + self.rng.below(3),
            Shape::Enterprise => 2 + self.rng.below(4),
        };
        let mut out = Vec::with_capacity(n);
        let mut from = self.day(-3000, -400);
        for k in 0..n {
            let planned_end = from.add_days(self.rng.range(120, 700));
            // The last spell, or one that would reach into the last two
            // months, is the current one.
            let last = k + 1 == n || planned_end > self.today.add_days(-60);
            let person = match (last, first_holder) {
                (true, Some(p)) => p,
                _ => self.holder(),
            };
            let until = if last {
                // A few roles fall vacant: the last holder's spell ended.
                (first_holder.is_none() && self.rng.chance(0.03))
                    .then(|| from.add_days(30).max(self.day(-300, -1)))
            } else {
                Some(planned_end)
            };
            out.push(self.assignment(person, from, until));
            match until {
                Some(u) if !last => from = u.add_days(1),
                _ => break,
            }
        }
        out
    }

    fn role_body(&mut self, category: &'static str) -> R {
        let nr = 2 + self.rng.below(4);
        let mut responsibilities: Vec<&'static str> = Vec::with_capacity(nr);
        while responsibilities.len() < nr {
            let r = *self.rng.pick(RESPONSIBILITIES);
            if !responsibilities.contains(&r) {
                responsibilities.push(r);
            }
        }
        // A few roles have duties but nothing they may decide.
        let na = if self.rng.chance(0.05) {
            0
        } else {
            1 + self.rng.below(3)
        };
        let mut authorities: Vec<&'static str> = Vec::with_capacity(na);
        while authorities.len() < na {
            let a = *self.rng.pick(AUTHORITIES);
            if !authorities.contains(&a) {
                authorities.push(a);
            }
        }
        let competencies = if self.rng.chance(0.3) {
            vec![self.rng.below(COMPETENCIES.len())]
        } else {
            Vec::new()
        };
        let reviewed = match self.rng.below(100) {
            0..=4 => None,
            5..=11 => Some(self.day(-900, -366)),
            _ => Some(self.day(-360, -1)),
        };
        R {
            id: String::new(),
            name: String::new(),
            category,
            duties: false,
            purpose: String::new(),
            responsibilities,
            authorities,
            competencies,
            privileged: self.rng.chance(0.2),
            needs_deputy: self.rng.chance(0.3),
            fte: self
                .rng
                .chance(0.4)
                .then(|| 0.1 * self.rng.range(1, 10) as f64),
            reviewed,
            assignments: Vec::new(),
        }
    }

    fn roles(&mut self) {
        let n = self.spec.roles.max(Spec::MIN_ROLES);
        let mut seen = HashSet::with_capacity(n);
        for (k, &(id, name, category, dept)) in FIXED_ROLES.iter().enumerate() {
            let mut r = self.role_body(category);
            r.id = id.to_string();
            r.name = name.to_string();
            r.purpose =
                format!("{name} for the whole organisation, as described in the ISMS manual.");
            r.reviewed = Some(self.day(-300, -10));
            r.responsibilities = FIXED_TEXTS[k].0.to_vec();
            r.authorities = FIXED_TEXTS[k].1.to_vec();
            match k {
                ROLE_TOP => {
                    r.needs_deputy = true;
                    r.assignments = self.spells(Some(0));
                }
                ROLE_ISM => {
                    r.duties = true;
                    r.privileged = true;
                    r.needs_deputy = true;
                    r.competencies = vec![0];
                    r.fte = Some(0.8);
                    let ism = self.head(DEPT_INFOSEC);
                    r.assignments = self.spells(Some(ism));
                }
                ROLE_REVIEW => {
                    r.needs_deputy = true;
                    r.competencies.clear();
                    // The chief executive and every department head.
                    let from = self.day(-700, -400);
                    r.assignments = (0..=DEPARTMENTS.len())
                        .map(|p| self.assignment(p, from, None))
                        .collect();
                }
                _ => {
                    let h = self.head(dept);
                    r.assignments = self.spells(Some(h));
                }
            }
            seen.insert(r.id.clone());
            self.roles.push(r);
        }
        for _ in FIXED_ROLES.len()..n {
            let dept = self.rng.below(DEPARTMENTS.len());
            let (fslug, fname) = *self.rng.pick(FUNCTIONS);
            let (dname, dslug) = DEPARTMENTS[dept];
            let id = unique(&mut seen, format!("{dslug}-{fslug}"));
            let category = *self.rng.pick(OTHER_CATEGORIES);
            let mut r = self.role_body(category);
            r.name = if id.ends_with(fslug) {
                format!("{fname} ({dname})")
            } else {
                format!(
                    "{fname} ({dname}, {})",
                    &id[dslug.len() + fslug.len() + 1..]
                )
            };
            r.id = id;
            r.purpose = format!(
                "{fname} for {}: answers for the security of what the department runs.",
                dname.to_lowercase()
            );
            r.assignments = self.spells(None);
            self.roles.push(r);
        }
    }

    /// Holders mostly have the competencies their roles require.
    fn competencies_for_holders(&mut self) {
        for ri in 0..self.roles.len() {
            for c in self.roles[ri].competencies.clone() {
                let holders: Vec<usize> = self.roles[ri]
                    .assignments
                    .iter()
                    .filter(|a| a.until.is_none())
                    .map(|a| a.person)
                    .collect();
                for p in holders {
                    let has = self.people[p].competencies.iter().any(|x| x.0 == c);
                    if !has && self.rng.chance(0.95) {
                        let rec = self.competency(c);
                        self.people[p].competencies.push(rec);
                    }
                }
            }
        }
    }

    fn activities(&mut self) {
        let subjects = catalogue().subjects().count();
        let per_row = CELLS_PER_ROW.min(self.roles.len());
        let rows = self.spec.matrix_entries.div_ceil(per_row);
        let n = rows.saturating_sub(subjects).max(FIXED_ACTIVITIES.len());
        let controls: Vec<&'static str> = catalogue()
            .subjects()
            .filter(|e| e.kind == EntryKind::Control)
            .map(|e| e.id)
            .collect();
        let mut seen = HashSet::with_capacity(n);
        for &(id, title, theme) in FIXED_ACTIVITIES {
            seen.insert(id.to_string());
            let related = vec![*self.rng.pick(&controls)];
            self.activities
                .push((id.to_string(), title.to_string(), theme, related));
        }
        while self.activities.len() < n {
            let (vs, vt) = *self.rng.pick(ACTIVITY_VERBS);
            let (os, ot) = *self.rng.pick(ACTIVITY_OBJECTS);
            let (dname, dslug) = *self.rng.pick(DEPARTMENTS);
            let id = unique(&mut seen, format!("{vs}-{os}-{dslug}"));
            let title = format!("{vt} {ot} ({dname})");
            let theme = *self.rng.pick(THEMES);
            let mut related = vec![*self.rng.pick(&controls)];
            if self.rng.chance(0.4) {
                let extra = *self.rng.pick(&controls);
                if !related.contains(&extra) {
                    related.push(extra);
                }
            }
            self.activities.push((id, title, theme, related));
        }
    }

    fn matrix(&mut self) {
        let mut subjects: Vec<(String, bool)> = catalogue()
            .subjects()
            .map(|e| (e.id.to_string(), e.kind == EntryKind::Clause))
            .collect();
        subjects.extend(self.activities.iter().map(|a| (a.0.clone(), false)));
        let nroles = self.roles.len();
        let capacity = subjects.len() * nroles;
        let total = self.spec.matrix_entries.min(capacity);
        let base = total / subjects.len();
        let extra = total % subjects.len();
        for (i, (subject, is_clause)) in subjects.into_iter().enumerate() {
            let cells = base + usize::from(i < extra);
            if cells == 0 {
                continue;
            }
            let mut row: Vec<(usize, char)> = Vec::with_capacity(cells);
            let accountable = if is_clause {
                ROLE_TOP
            } else if self.rng.chance(0.6) {
                ROLE_ISM
            } else {
                self.rng.below(nroles)
            };
            row.push((accountable, 'A'));
            let responsible = 1 + self.rng.below(2);
            while row.len() < cells {
                let role = if is_clause && row.len() == 1 && accountable != ROLE_ISM {
                    ROLE_ISM
                } else {
                    self.rng.below(nroles)
                };
                if row.iter().any(|c| c.0 == role) {
                    continue;
                }
                let letter = if row.len() <= responsible {
                    'R'
                } else {
                    *self.rng.pick(&['S', 'C', 'C', 'I', 'I'])
                };
                row.push((role, letter));
            }
            self.rows.push((subject, row));
        }
    }

    // -----------------------------------------------------------------------
    // Rendering.

    fn render_workspace(&mut self) -> String {
        let mut s = String::with_capacity(64 * 1024);
        s.push_str(
            "# Synthetic workspace generated by rasci::synth (benchmarks and scale tests).\n\n",
        );
        s.push_str("[organisation]\nname = \"Example Industries Ltd\"\n");
        s.push_str("scope = \"All products, services, sites and staff of Example Industries.\"\n");
        let depts: Vec<&str> = DEPARTMENTS.iter().map(|d| d.0).collect();
        let _ = writeln!(s, "departments = {}\n", list(&depts));
        s.push_str("[settings]\nreview-interval-days = 365\nexpiry-warning-days = 60\nmax-reporting-steps = 1\n");
        s.push_str("required-roles = [\"incident-commander\", \"privacy-lead\", \"third-party-manager\"]\n\n");

        let sod: &[(&str, &str, [&str; 2], &str, &str)] = &[
            (
                "ism-not-head-of-it",
                "roles",
                ["ism", "head-of-it"],
                "warning",
                "The ISM would be checking the security of systems they run themselves.",
            ),
            (
                "ism-not-top-management",
                "roles",
                ["ism", "top-management"],
                "warning",
                "Reporting ISMS performance to yourself is no check at all.",
            ),
            (
                "auditor-not-ism",
                "roles",
                ["internal-auditor", "ism"],
                "error",
                "Internal audit must be objective: the ISM cannot audit the ISMS they run.",
            ),
            (
                "auditor-not-implementer",
                "subjects",
                ["internal-audit", "A.8.*"],
                "error",
                "Whoever audits the technological controls must not implement them.",
            ),
            (
                "approve-not-provision",
                "subjects",
                ["approve-access", "provision-access"],
                "error",
                "One person who both approves and grants access can give access unchecked.",
            ),
            (
                "code-not-deploy",
                "subjects",
                ["write-code", "approve-deployment"],
                "error",
                "A developer who approves their own release bypasses change control.",
            ),
        ];
        for (id, key, pair, severity, reason) in sod {
            let _ = writeln!(
                s,
                "[sod.{id}]\n{key} = {}\nseverity = \"{severity}\"\nreason = {}\n",
                list(pair),
                q(reason)
            );
        }

        for (id, title, theme, related) in &self.activities {
            let _ = writeln!(
                s,
                "[activity.{id}]\ntitle = {}\ntheme = {}\nrelated = {}\n",
                q(title),
                q(theme),
                list(related)
            );
        }

        for (id, why) in [
            (
                "A.7.5",
                "No premises of our own: the building and its protection are the landlord's.",
            ),
            (
                "A.7.12",
                "Cabling is owned and protected by the landlord under the lease.",
            ),
        ] {
            let _ = writeln!(s, "[exclusion.\"{id}\"]\njustification = {}\n", q(why));
        }

        let ism = self.head(DEPT_INFOSEC);
        let fingerprint = format!("v1:{:016x}", self.rng.next());
        let _ = writeln!(
            s,
            "[[signoff]]\ndate = 2026-06-15\nby = {}\nminutes = \"Management review 2026-06, item 4\"\nfingerprint = \"{fingerprint}\"",
            list(&[&self.people[0].id, &self.people[ism].id])
        );
        s
    }

    fn render_people(&self) -> String {
        let mut s = String::with_capacity(self.people.len() * 260);
        s.push_str("# People who can hold roles (synthetic).\n");
        for p in &self.people {
            let _ = write!(
                s,
                "\n[person.{}]\nname = {}\nemail = \"{}\"\ntitle = {}\ndepartment = \"{}\"\n",
                p.id,
                q(&p.name),
                p.email,
                q(&p.title),
                DEPARTMENTS[p.dept].0
            );
            if let Some(m) = p.manager {
                let _ = writeln!(s, "manager = \"{}\"", self.people[m].id);
            }
            // `employee` is the default kind, left implicit as people write it.
            let kind = match p.kind {
                Kind::Employee => None,
                Kind::Contractor => Some("contractor"),
                Kind::External => Some("external"),
                Kind::Group => Some("group"),
            };
            if let Some(kind) = kind {
                let _ = writeln!(s, "kind = \"{kind}\"");
            }
            if let Some(l) = p.left {
                let _ = writeln!(s, "status = \"left\"\nleft = {l}");
            }
            let _ = writeln!(
                s,
                "joined = {}\nsite = \"{}\"\nmfa = {}",
                p.joined, p.site, p.mfa
            );
            for (c, achieved, expires) in &p.competencies {
                let (cid, evidence) = COMPETENCIES[*c];
                let _ = write!(
                    s,
                    "\n[[person.{}.competency]]\nid = \"{cid}\"\nevidence = \"{evidence}\"\nachieved = {achieved}\n",
                    p.id
                );
                if let Some(e) = expires {
                    let _ = writeln!(s, "expires = {e}");
                }
            }
        }
        s
    }

    fn render_roles(&self) -> String {
        let mut s = String::with_capacity(self.roles.len() * 1024);
        s.push_str("# Roles relevant to information security (synthetic).\n");
        for r in &self.roles {
            let _ = write!(
                s,
                "\n[role.{}]\nname = {}\ncategory = \"{}\"\n",
                r.id,
                q(&r.name),
                r.category
            );
            if r.duties {
                s.push_str("duties = [\"a\", \"b\"]\n");
            }
            let _ = writeln!(s, "purpose = {}", q(&r.purpose));
            s.push_str("responsibilities = [\n");
            for x in &r.responsibilities {
                let _ = writeln!(s, "    {},", q(x));
            }
            s.push_str("]\n");
            let _ = writeln!(s, "authorities = {}", list(&r.authorities));
            if !r.competencies.is_empty() {
                let ids: Vec<&str> = r.competencies.iter().map(|&c| COMPETENCIES[c].0).collect();
                let _ = writeln!(s, "competencies = {}", list(&ids));
            }
            if r.privileged {
                s.push_str("privileged = true\n");
            }
            if r.needs_deputy {
                s.push_str("needs-deputy = true\n");
            }
            if let Some(f) = r.fte {
                let _ = writeln!(s, "fte = {f:.1}");
            }
            if let Some(d) = r.reviewed {
                let _ = writeln!(s, "reviewed = {d}");
            }
            for a in &r.assignments {
                let _ = write!(
                    s,
                    "\n[[role.{}.assignment]]\nperson = \"{}\"\nfrom = {}\n",
                    r.id, self.people[a.person].id, a.from
                );
                if let Some(u) = a.until {
                    let _ = writeln!(s, "until = {u}");
                }
                if let Some(d) = a.deputy {
                    let _ = writeln!(s, "deputy = \"{}\"", self.people[d].id);
                }
                if let Some(x) = a.allocation {
                    let _ = writeln!(s, "allocation = {x:.2}");
                }
                if let Some(e) = &a.evidence {
                    let _ = writeln!(s, "evidence = {}", q(e));
                }
                if let Some(d) = a.acknowledged {
                    let _ = writeln!(s, "acknowledged = {d}");
                }
                if let Some(p) = a.sponsor {
                    let _ = writeln!(s, "sponsor = \"{}\"", self.people[p].id);
                }
                if let Some(c) = &a.contract {
                    let _ = writeln!(s, "contract = {}", q(c));
                }
                if let Some(n) = a.note {
                    let _ = writeln!(s, "note = {}", q(n));
                }
            }
        }
        s
    }

    fn render_matrix(&self) -> String {
        let mut s = String::with_capacity(self.rows.len() * 400);
        s.push_str("# The RASCI matrix (synthetic): one table per subject, one line per role.\n");
        for (subject, row) in &self.rows {
            let _ = writeln!(s, "\n[\"{subject}\"]");
            for (role, letter) in row {
                let _ = writeln!(s, "{} = \"{letter}\"", self.roles[*role].id);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{LoadError, load};

    fn load_spec(spec: &Spec) -> (Files, crate::model::Workspace) {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = write_workspace(spec, dir.path()).expect("write");
        match load(dir.path()) {
            Ok((_, ws)) => (files, ws),
            Err(LoadError::Invalid(diags)) => {
                let shown: Vec<String> = diags.iter().take(5).map(|d| format!("{d:?}")).collect();
                panic!("{} diagnostics, first: {shown:#?}", diags.len())
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn same_seed_same_files_other_seed_other_files() {
        let spec = Spec {
            people: 120,
            roles: 20,
            matrix_entries: 300,
            seed: 1,
        };
        assert_eq!(generate(&spec), generate(&spec));
        assert_ne!(generate(&spec), generate(&Spec { seed: 2, ..spec }));
    }

    #[test]
    fn small_workspace_loads_cleanly_with_the_asked_counts() {
        let spec = Spec {
            people: 200,
            roles: 40,
            matrix_entries: 600,
            seed: 7,
        };
        let (_, ws) = load_spec(&spec);
        assert_eq!(ws.people.len(), 200);
        assert_eq!(ws.roles.len(), 40);
        assert_eq!(ws.matrix.len(), 600);
        assert_eq!(ws.sod_rules.len(), 6);
        assert_eq!(ws.signoffs.len(), 1);
        assert!(ws.signoffs[0].fingerprint.is_some());
        assert!(ws.activities.len() >= FIXED_ACTIVITIES.len());

        // Every reference resolves: no finding about unknown ids.
        let today = Date::new(2026, 11, 27).unwrap();
        let f = crate::rules::findings(&ws, today);
        for bad in [
            "people/unknown-person",
            "matrix/unknown-reference",
            "sod/unknown-reference",
            "people/reporting-cycle",
            "gov/conformance-owner",
            "gov/performance-reporter",
            "gov/top-management",
            "gov/review-team",
            "gov/ism-reporting-line",
            "matrix/no-accountable",
            "matrix/many-accountable",
        ] {
            assert!(f.iter().all(|x| x.rule != bad), "{bad}: {f:#?}");
        }
        // The sign-off fingerprint does not match: the expensive path.
        assert!(
            f.iter()
                .any(|x| x.rule == "review/signoff-stale" && x.message.contains("changed"))
        );
    }

    #[test]
    fn the_flat_shape_is_the_original_generator() {
        let spec = Spec {
            people: 150,
            roles: 20,
            matrix_entries: 300,
            seed: 4,
        };
        assert_eq!(generate_shaped(&spec, Shape::Flat), generate(&spec));
        assert_ne!(generate_shaped(&spec, Shape::Enterprise), generate(&spec));
    }

    #[test]
    fn the_enterprise_shape_is_deep_with_history_and_153_rows() {
        let spec = Spec::enterprise(1_000);
        let dir = tempfile::tempdir().expect("temp dir");
        write_workspace_shaped(&spec, Shape::Enterprise, dir.path()).expect("write");
        let (_, ws) = match load(dir.path()) {
            Ok(loaded) => loaded,
            Err(e) => panic!("the enterprise register loads: {e:?}"),
        };
        assert_eq!(ws.people.len(), 1_000);
        assert_eq!(ws.roles.len(), 300);
        assert_eq!(ws.matrix.rows.len(), ENTERPRISE_MATRIX_ROWS);
        // Management chains: the deepest person is eleven steps below the
        // chief executive (twelve levels), and every chain ends there.
        let depth = |id: &str| {
            let mut steps = 0;
            let mut at = id;
            while let Some(m) = ws.people[at].manager.as_deref() {
                steps += 1;
                at = m;
                assert!(steps <= ENTERPRISE_LEVELS, "a cycle through {id}");
            }
            steps
        };
        let deepest = ws.people.keys().map(|id| depth(id)).max();
        assert_eq!(deepest, Some(ENTERPRISE_LEVELS - 1));
        let assignments: usize = ws.roles.values().map(|r| r.assignments.len()).sum();
        assert!(assignments >= 2 * 300, "{assignments} assignments");
        let with_competencies = ws.people.values().filter(|p| !p.competencies.is_empty());
        assert!(with_competencies.count() >= 250);
        // Every reference resolves: nothing about unknown ids or cycles.
        let today = Date::new(2026, 11, 27).unwrap();
        let f = crate::rules::findings(&ws, today);
        for bad in [
            "people/unknown-person",
            "matrix/unknown-reference",
            "people/reporting-cycle",
        ] {
            assert!(f.iter().all(|x| x.rule != bad), "{bad}");
        }
    }

    #[test]
    fn tiny_specs_are_raised_to_the_skeleton() {
        let spec = Spec {
            people: 0,
            roles: 0,
            matrix_entries: 10,
            seed: 3,
        };
        let (_, ws) = load_spec(&spec);
        assert_eq!(ws.people.len(), Spec::MIN_PEOPLE);
        assert_eq!(ws.roles.len(), Spec::MIN_ROLES);
        assert_eq!(ws.matrix.len(), 10);
    }

    #[test]
    fn benchmark_workspace_loads_cleanly_and_weighs_two_to_three_megabytes() {
        let (files, ws) = load_spec(&Spec::BENCH);
        assert_eq!(ws.people.len(), 10_000);
        assert_eq!(ws.roles.len(), 500);
        assert_eq!(ws.matrix.len(), 5_000);
        let size = files.total_len();
        assert!(
            (2_000_000..=3_000_000).contains(&size),
            "{size} bytes of TOML: {:?}",
            files.iter().map(|(k, t)| (k, t.len())).collect::<Vec<_>>()
        );
        let assignments: usize = ws.roles.values().map(|r| r.assignments.len()).sum();
        assert!((500..=1_500).contains(&assignments), "{assignments}");
        let left = ws
            .people
            .values()
            .filter(|p| p.status == crate::model::Status::Left)
            .count();
        assert!((50..=400).contains(&left), "{left} leavers");
    }
}
