//! The demo's history: a small git repository with a year of commits that
//! ends in exactly the demo register, so `rasci log`, `rasci diff`, `--at`
//! and the presentation's change page have something real to show.
//!
//! The earlier states are derived from the template by undoing, newest
//! first, a fixed series of changes written down here (each undo must match
//! the text exactly once, which the tests check). The commits are then
//! written in one `git fast-import` run: one process for all of them, no
//! hooks, no signing, fixed identities and dates, and the user's global and
//! system git configuration left out, so the result depends only on the
//! template and the evaluation day.

use std::ffi::OsStr;
use std::io::{self, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::model::Date;
use crate::store::schema::FileKind;
use crate::store::template::Template;

/// Someone who commits to the demo register.
#[derive(Debug, Clone, Copy)]
pub struct Author {
    /// As in people.toml.
    pub name: &'static str,
    /// As in people.toml.
    pub email: &'static str,
}

/// The ISM.
const ISM: Author = Author {
    name: "Siobhan Brennan",
    email: "siobhan.brennan@larkmoor.example",
};
/// Her deputy.
const DEPUTY: Author = Author {
    name: "Katarzyna Kowalczyk",
    email: "katarzyna.kowalczyk@larkmoor.example",
};

/// The day the demo is meant to be read on (docs/demo.md). The commit dates
/// below are written for that day and moved with the evaluation day, so
/// they always fall in the twelve months before it.
const DEMO_DAY: (i16, i8, i8) = (2026, 11, 27);

/// One change to the text of a file, as the way back from the later state
/// to the earlier one.
#[derive(Debug, Clone, Copy)]
enum Undo {
    /// `now` occurs exactly once; it was `before`.
    Swap {
        file: FileKind,
        now: &'static str,
        before: &'static str,
    },
    /// Every occurrence (at least one) of `now` was `before`.
    SwapAll {
        file: FileKind,
        now: &'static str,
        before: &'static str,
    },
    /// The text from `from` (found once) up to the next `to` after it, or
    /// to the end of the file, was added by the commit.
    Cut {
        file: FileKind,
        from: &'static str,
        to: Option<&'static str>,
    },
}

/// One commit of the demo's history.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    /// The commit date as of the demo day: (year, month, day, hour, minute).
    when: (i16, i8, i8, i8, i8),
    /// Who made it.
    pub author: Author,
    /// Its message.
    pub message: &'static str,
    /// How to get from the state after it back to the state before it
    /// (empty for the first commit, which is the whole register).
    undo: &'static [Undo],
}

use FileKind::{Matrix, People, Roles, Workspace};

/// The demo's commits, oldest first.
const STEPS: &[Step] = &[
    Step {
        when: (2025, 12, 1, 9, 12),
        author: ISM,
        message: "Import the register from the ISMS spreadsheet\n\nPeople, roles, the RASCI matrix, the segregation rules and the Statement of Applicability exclusions, as kept in the spreadsheet until now.",
        undo: &[],
    },
    Step {
        when: (2025, 12, 3, 16, 40),
        author: ISM,
        message: "Record the sign-off of management review MR-2025-02 (14 October 2025)\n\nTaken from the approved minutes, item 4; the review was held before the register moved into rasci, so the sign-off carries no fingerprint.",
        undo: &[Undo::Cut {
            file: Workspace,
            from: "\n# Management sign-offs of this register",
            to: None,
        }],
    },
    Step {
        when: (2025, 12, 10, 11, 5),
        author: DEPUTY,
        message: "Katarzyna Kowalczyk: incident-response renewed (certificate IH-55307, valid to 2028-10-02)",
        undo: &[Undo::Swap {
            file: People,
            now: "evidence = \"Incident handling course, certificate IH-55307\"\nachieved = 2025-10-02\nexpires = 2028-10-02",
            before: "evidence = \"Incident handling course, certificate IH-41022\"\nachieved = 2022-10-03\nexpires = 2025-10-02",
        }],
    },
    Step {
        when: (2026, 1, 14, 10, 30),
        author: DEPUTY,
        message: "A.5.15 Access control: head-of-it C -> R\n\nThe Head of IT runs access control on corporate IT, so the role is Responsible for it, not only Consulted.",
        undo: &[Undo::Swap {
            file: Matrix,
            now: "[\"A.5.15\"] # Access control\nism = \"A\"\nhead-of-it = \"R\"",
            before: "[\"A.5.15\"] # Access control\nism = \"A\"\nhead-of-it = \"C\"",
        }],
    },
    Step {
        when: (2026, 2, 9, 9, 45),
        author: DEPUTY,
        message: "Arjun Mehta joined (contractor, back-end developer): appointed Developer from 2026-02-09",
        undo: &[
            Undo::Cut {
                file: People,
                from: "[person.amehta]\n",
                to: Some("[person.bsantos]\n"),
            },
            Undo::Cut {
                file: Roles,
                from: "[[role.developer.assignment]]\nperson = \"amehta\"",
                to: Some("[[role.developer.assignment]]\n"),
            },
        ],
    },
    Step {
        when: (2026, 3, 18, 14, 0),
        author: ISM,
        message: "Annual role review, March 2026: every role reviewed with its holders\n\nThe Facilities manager could not attend; that role keeps its review of June 2025 until it is rebooked.",
        undo: &[Undo::SwapAll {
            file: Roles,
            now: "reviewed = 2026-03-18",
            before: "reviewed = 2025-03-12",
        }],
    },
    Step {
        when: (2026, 3, 18, 16, 20),
        author: ISM,
        message: "Add the role risk-owner agreed at the role review, held by the COO and four department heads\n\nRisk owners are Consulted on 6.1.2, Supportive on 8.2 and Responsible for 8.3. The board has still to agree their authorities.",
        undo: &[
            Undo::Cut {
                file: Roles,
                from: "[role.risk-owner]\n",
                to: Some("[role.system-administrator]\n"),
            },
            Undo::Swap {
                file: Matrix,
                now: "risk-owner = \"C\"\n",
                before: "",
            },
            Undo::Swap {
                file: Matrix,
                now: "risk-owner = \"S\"\n",
                before: "",
            },
            Undo::Swap {
                file: Matrix,
                now: "risk-owner = \"R\"\n",
                before: "",
            },
        ],
    },
    Step {
        when: (2026, 5, 12, 13, 15),
        author: DEPUTY,
        message: "Role ism: responsibility reworded to cover prospects' questionnaires as well as customers'",
        undo: &[Undo::Swap {
            file: Roles,
            now: "\"Answer security questionnaires from customers and prospects\"",
            before: "\"Answer customer security questionnaires\"",
        }],
    },
    Step {
        when: (2026, 7, 1, 8, 50),
        author: DEPUTY,
        message: "Callum Reid joined (contractor, IT support): appointed System administrator from 2026-07-01",
        undo: &[
            Undo::Cut {
                file: People,
                from: "[person.creid]\n",
                to: Some("[person.lfischer]\n"),
            },
            Undo::Cut {
                file: Roles,
                from: "[[role.system-administrator.assignment]]\nperson = \"creid\"",
                to: Some("[role.developer]\n"),
            },
        ],
    },
    Step {
        when: (2026, 8, 17, 15, 35),
        author: ISM,
        message: "Add the segregation rule code-not-deploy (write-code / approve-deployment)\n\nAfter the July release review: nobody approves a release of code they wrote.",
        undo: &[Undo::Cut {
            file: Workspace,
            from: "[sod.code-not-deploy]\n",
            to: Some("# Activities: matrix rows"),
        }],
    },
    Step {
        when: (2026, 10, 1, 9, 20),
        author: ISM,
        message: "Marek Nowak left on 2026-09-30; his deputy duty for incident-commander handed over to Katarzyna Kowalczyk\n\nThe Head of IT appointment is still to be handed over.",
        undo: &[
            Undo::Swap {
                file: People,
                now: "joined = 2019-05-06\nstatus = \"left\"\nleft = 2026-09-30\n",
                before: "joined = 2019-05-06\n",
            },
            Undo::Swap {
                file: Roles,
                now: "person = \"ksato\"\nfrom = 2023-09-11\ndeputy = \"kkowalczyk\"",
                before: "person = \"ksato\"\nfrom = 2023-09-11\ndeputy = \"mnowak\"",
            },
        ],
    },
    Step {
        when: (2026, 11, 2, 10, 10),
        author: DEPUTY,
        message: "Yusuf Demir joined (software engineer): appointed Developer from 2026-11-02",
        undo: &[
            Undo::Cut {
                file: People,
                from: "[person.ydemir]\n",
                to: Some("[person.cmartin]\n"),
            },
            Undo::Cut {
                file: Roles,
                from: "[[role.developer.assignment]]\nperson = \"ydemir\"",
                to: Some("[[role.developer.assignment]]\n"),
            },
        ],
    },
    Step {
        when: (2026, 11, 20, 17, 5),
        author: DEPUTY,
        message: "A.8.16 Monitoring activities: cloud-platform-owner R -> A\n\nThe platform team now runs the monitoring service.",
        undo: &[Undo::Swap {
            file: Matrix,
            now: "ism = \"A\"\ncloud-platform-owner = \"A\"",
            before: "ism = \"A\"\ncloud-platform-owner = \"R\"",
        }],
    },
];

/// The text of the four files, in [`FileKind::index`] order.
pub type Files = [String; 4];

fn undo_one(files: &mut Files, undo: &Undo) -> Result<(), String> {
    let once = |text: &str, what: &str| -> Result<usize, String> {
        let mut found = text.match_indices(what);
        match (found.next(), found.next()) {
            (Some((at, _)), None) => Ok(at),
            (None, _) => Err(format!("{what:?} not found")),
            (Some(_), Some(_)) => Err(format!("{what:?} found more than once")),
        }
    };
    match *undo {
        Undo::Swap { file, now, before } => {
            let text = &mut files[file.index()];
            let at = once(text, now)?;
            text.replace_range(at..at + now.len(), before);
        }
        Undo::SwapAll { file, now, before } => {
            let text = &mut files[file.index()];
            if !text.contains(now) {
                return Err(format!("{now:?} not found"));
            }
            *text = text.replace(now, before);
        }
        Undo::Cut { file, from, to } => {
            let text = &mut files[file.index()];
            let at = once(text, from)?;
            let end = match to {
                None => text.len(),
                Some(to) => {
                    let after = at + from.len();
                    after
                        + text[after..]
                            .find(to)
                            .ok_or_else(|| format!("{to:?} not found after {from:?}"))?
                }
            };
            text.replace_range(at..end, "");
        }
    }
    Ok(())
}

/// Every commit of the demo's history with the register it leaves, oldest
/// first; the last is the demo template itself. An error names the undo
/// that no longer matches the template (the tests keep that from
/// shipping).
pub fn states() -> Result<Vec<(&'static Step, Files)>, String> {
    let mut files: Files = Template::Demo.files().map(|(_, text)| text.to_owned());
    let mut out = Vec::with_capacity(STEPS.len());
    for step in STEPS.iter().rev() {
        out.push((step, files.clone()));
        for undo in step.undo.iter().rev() {
            undo_one(&mut files, undo)
                .map_err(|e| format!("demo history, {:?}: {e}", step.message))?;
        }
    }
    out.reverse();
    Ok(out)
}

/// The commit time of `step` in seconds since 1970, moved by as many days
/// as `today` is after the demo day.
fn seconds(step: &Step, today: Date) -> i64 {
    let (y, m, d, hh, mm) = step.when;
    let demo_day = Date::new(DEMO_DAY.0, DEMO_DAY.1, DEMO_DAY.2).expect("a real day");
    let day = Date::new(y, m, d)
        .expect("a real day")
        .add_days(demo_day.days_until(today));
    let epoch = Date::new(1970, 1, 1).expect("a real day");
    epoch.days_until(day) * 86_400 + i64::from(hh) * 3_600 + i64::from(mm) * 60
}

/// The `git fast-import` stream of the whole history.
fn stream(states: &[(&Step, Files)], today: Date) -> Vec<u8> {
    let mut out = Vec::new();
    let mut previous: Option<&Files> = None;
    for (n, (step, files)) in states.iter().enumerate() {
        let who = format!(
            "{} <{}> {} +0000",
            step.author.name,
            step.author.email,
            seconds(step, today)
        );
        out.extend_from_slice(
            format!(
                "commit refs/heads/main\nmark :{}\nauthor {who}\ncommitter {who}\ndata {}\n{}\n",
                n + 1,
                step.message.len() + 1,
                step.message
            )
            .as_bytes(),
        );
        for kind in FileKind::ALL {
            let text = &files[kind.index()];
            if previous.is_some_and(|p| &p[kind.index()] == text) {
                continue;
            }
            out.extend_from_slice(
                format!(
                    "M 100644 inline {}\ndata {}\n",
                    kind.file_name(),
                    text.len()
                )
                .as_bytes(),
            );
            out.extend_from_slice(text.as_bytes());
            out.push(b'\n');
        }
        out.push(b'\n');
        previous = Some(files);
    }
    out
}

/// Why the demo has no history.
#[derive(Debug)]
pub enum NoHistory {
    /// `git` is not installed (or not on PATH).
    NoGit,
    /// The folder is already a repository (named): it is left as it is.
    Repository(String),
    /// git ran but failed: why.
    Failed(String),
}

impl std::fmt::Display for NoHistory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoHistory::NoGit => write!(
                f,
                "git was not found, so the demo has no history (rasci log, rasci diff and --at need git)"
            ),
            NoHistory::Repository(dir) => write!(
                f,
                "{dir} is already a git repository, so the demo's history was not added to it"
            ),
            NoHistory::Failed(why) => {
                write!(
                    f,
                    "the demo has no history: its repository could not be written ({why})"
                )
            }
        }
    }
}

/// What was built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Built {
    /// How many commits.
    pub commits: usize,
    /// The first commit's day.
    pub first: Date,
    /// The last commit's day.
    pub last: Date,
}

/// Builds the demo's history in `dir` (which already holds the demo
/// register) with the git program `git`.
pub fn build(dir: &Path, today: Date, git: &OsStr) -> Result<Built, NoHistory> {
    if dir.join(".git").exists() {
        return Err(NoHistory::Repository(
            crate::text::sanitize(&dir.display().to_string()).into_owned(),
        ));
    }
    let states = states().map_err(NoHistory::Failed)?;
    let result = write(dir, &states, today, git);
    if result.is_err() {
        // Leave no half-made repository behind; the register files stay.
        let _ = std::fs::remove_dir_all(dir.join(".git"));
    }
    result?;
    let day = |s: &Step| {
        Date::new(1970, 1, 1)
            .unwrap()
            .add_days(seconds(s, today) / 86_400)
    };
    Ok(Built {
        commits: states.len(),
        first: day(states[0].0),
        last: day(states[states.len() - 1].0),
    })
}

fn write(dir: &Path, states: &[(&Step, Files)], today: Date, git: &OsStr) -> Result<(), NoHistory> {
    run(git, dir, &["init", "--quiet", "--template="], None)?;
    run(
        git,
        dir,
        &["fast-import", "--quiet", "--done"],
        Some(&{
            let mut s = stream(states, today);
            s.extend_from_slice(b"done\n");
            s
        }),
    )?;
    // The index from the last commit, so `git status` is clean.
    run(git, dir, &["reset", "--quiet"], None)?;
    Ok(())
}

/// Runs one git command in `dir`, isolated from the user's configuration
/// and from any repository the caller's environment points at.
fn run(git: &OsStr, dir: &Path, args: &[&str], input: Option<&[u8]>) -> Result<(), NoHistory> {
    let mut cmd = Command::new(git);
    cmd.current_dir(dir)
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "commit.gpgSign=false",
            "-c",
            "tag.gpgSign=false",
            "-c",
            "core.autocrlf=false",
            "-c",
            "core.fsmonitor=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_COMMITTER_NAME", ISM.name)
        .env("GIT_COMMITTER_EMAIL", ISM.email)
        .env("GIT_AUTHOR_NAME", ISM.name)
        .env("GIT_AUTHOR_EMAIL", ISM.email)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_CEILING_DIRECTORIES",
        "GIT_NAMESPACE",
        "GIT_COMMON_DIR",
        "GIT_CONFIG",
        "GIT_CONFIG_PARAMETERS",
        "GIT_CONFIG_COUNT",
        "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_DATE",
    ] {
        cmd.env_remove(var);
    }
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => NoHistory::NoGit,
        _ => NoHistory::Failed(format!("cannot run git: {e}")),
    })?;
    if let Some(input) = input {
        let mut stdin = child.stdin.take().expect("piped");
        // A failed write shows as git's own error below.
        let _ = stdin.write_all(input);
    }
    let output = child
        .wait_with_output()
        .map_err(|e| NoHistory::Failed(format!("git {}: {e}", args[0])))?;
    if output.status.success() {
        Ok(())
    } else {
        let said = String::from_utf8_lossy(&output.stderr);
        let first = said.lines().next().unwrap_or("no message");
        Err(NoHistory::Failed(format!(
            "git {} failed: {}",
            args[0],
            crate::text::sanitize(first)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{self, source::InMemory};

    fn today() -> Date {
        Date::new(2026, 11, 27).unwrap()
    }

    fn git(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .current_dir(dir)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    fn have_git() -> bool {
        let ok = Command::new("git")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("skipped: git is not installed");
        }
        ok
    }

    #[test]
    fn every_state_loads_and_each_commit_changes_something() {
        let states = states().unwrap();
        assert_eq!(states.len(), STEPS.len());
        let template = Template::Demo.files().map(|(_, t)| t.to_owned());
        assert_eq!(states.last().unwrap().1, template, "ends in the template");
        for (n, (step, files)) in states.iter().enumerate() {
            let mut source = InMemory::new(format!("state {n}:"));
            for kind in FileKind::ALL {
                source = source.with(kind, files[kind.index()].clone());
            }
            if let Err(e) = store::read_from(&source) {
                panic!(
                    "{:?} leaves a register that does not load: {e:?}",
                    step.message
                );
            }
            if n > 0 {
                assert_ne!(
                    &states[n - 1].1,
                    files,
                    "{:?} changes nothing",
                    step.message
                );
            }
        }
    }

    #[test]
    fn an_undo_that_no_longer_matches_is_an_error() {
        let mut files: Files = Template::Demo.files().map(|(_, t)| t.to_owned());
        let gone = Undo::Swap {
            file: Roles,
            now: "no such text",
            before: "",
        };
        assert!(
            undo_one(&mut files, &gone)
                .unwrap_err()
                .contains("not found")
        );
        let twice = Undo::Swap {
            file: Roles,
            now: "reviewed = 2026-03-18",
            before: "",
        };
        assert!(
            undo_one(&mut files, &twice)
                .unwrap_err()
                .contains("more than once")
        );
    }

    #[test]
    fn commit_dates_are_ordered_within_the_year_before_today() {
        for today in [today(), Date::new(2027, 6, 1).unwrap()] {
            let times: Vec<i64> = STEPS.iter().map(|s| seconds(s, today)).collect();
            assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
            let epoch = Date::new(1970, 1, 1).unwrap();
            let end = epoch.days_until(today) * 86_400 + 86_400;
            let start = epoch.days_until(today.add_days(-365)) * 86_400;
            assert!(
                times[0] >= start && *times.last().unwrap() < end,
                "{times:?}"
            );
        }
    }

    #[test]
    fn builds_a_repository_whose_last_commit_is_the_template() {
        if !have_git() {
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("demo");
        store::template::init(&dir, Template::Demo).unwrap();
        let built = build(&dir, today(), OsStr::new("git")).unwrap();
        assert_eq!(built.commits, STEPS.len());
        assert_eq!(built.first, Date::new(2025, 12, 1).unwrap());
        assert_eq!(built.last, Date::new(2026, 11, 20).unwrap());

        let count = git(&dir, &["rev-list", "--count", "HEAD"]);
        assert_eq!(count.trim(), STEPS.len().to_string());
        assert_eq!(
            git(&dir, &["symbolic-ref", "HEAD"]).trim(),
            "refs/heads/main"
        );
        // Oldest first: dates strictly increasing, all in the last year.
        let dates: Vec<i64> = git(&dir, &["log", "--reverse", "--format=%at %ct"])
            .lines()
            .map(|l| {
                let (a, c) = l.split_once(' ').unwrap();
                assert_eq!(a, c, "author and committer dates agree");
                a.parse().unwrap()
            })
            .collect();
        assert_eq!(dates.len(), STEPS.len());
        assert!(dates.windows(2).all(|w| w[0] < w[1]), "{dates:?}");
        let epoch = Date::new(1970, 1, 1).unwrap();
        assert!(dates[0] >= epoch.days_until(today().add_days(-365)) * 86_400);
        assert!(*dates.last().unwrap() < (epoch.days_until(today()) + 1) * 86_400);
        let authors = git(&dir, &["log", "--format=%an <%ae>"]);
        assert!(authors.lines().all(
            |a| a == "Siobhan Brennan <siobhan.brennan@larkmoor.example>"
                || a == "Katarzyna Kowalczyk <katarzyna.kowalczyk@larkmoor.example>"
        ));
        assert!(git(&dir, &["log", "--oneline"]).contains("Marek Nowak left on 2026-09-30"));

        // The last commit's tree is the template, byte for byte, and the
        // working tree is clean.
        for (kind, text) in Template::Demo.files() {
            let committed = git(&dir, &["show", &format!("HEAD:{}", kind.file_name())]);
            assert_eq!(committed, text, "{}", kind.file_name());
            assert_eq!(
                std::fs::read_to_string(dir.join(kind.file_name())).unwrap(),
                text
            );
        }
        assert_eq!(git(&dir, &["status", "--porcelain"]), "");

        // Built twice, the same commits: nothing depends on the clock.
        let again = tmp.path().join("again");
        store::template::init(&again, Template::Demo).unwrap();
        build(&again, today(), OsStr::new("git")).unwrap();
        assert_eq!(
            git(&dir, &["rev-parse", "HEAD"]),
            git(&again, &["rev-parse", "HEAD"])
        );
        // An existing repository is left alone.
        assert!(matches!(
            build(&dir, today(), OsStr::new("git")),
            Err(NoHistory::Repository(_))
        ));
        assert_eq!(
            git(&dir, &["rev-list", "--count", "HEAD"]).trim(),
            count.trim()
        );
    }

    #[test]
    fn without_git_the_demo_has_no_repository() {
        let tmp = tempfile::tempdir().unwrap();
        store::template::init(tmp.path(), Template::Demo).unwrap();
        let err = build(tmp.path(), today(), OsStr::new("rasci-test-no-such-git")).unwrap_err();
        assert!(matches!(err, NoHistory::NoGit), "{err:?}");
        assert!(err.to_string().contains("git was not found"));
        assert!(!tmp.path().join(".git").exists());
        assert!(tmp.path().join("people.toml").exists());
    }
}
