//! Property tests: whatever the register holds, saving and loading gives it
//! back unchanged, and an untouched workspace saves as the same bytes.

use std::fs;

use indexmap::IndexMap;
use proptest::prelude::*;
use rasci::model::*;
use rasci::store::{self, FileKind};

fn id() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9._-]{0,8}"
}

/// Any text, including quotes, backslashes, newlines, control characters
/// and non-ASCII: the writer must escape all of it.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("(?s).{0,24}").unwrap()
}

fn date() -> impl Strategy<Value = Date> {
    (1990i16..2040, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn opt<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    proptest::option::of(s)
}

/// Two ordered dates (start, end) with either side possibly missing.
fn span() -> impl Strategy<Value = (Option<Date>, Option<Date>)> {
    (opt(date()), opt(0i64..2000))
        .prop_map(|(a, len)| (a, a.and_then(|a| len.map(|l| a.add_days(l)))))
}

fn competency() -> impl Strategy<Value = Competency> {
    (id(), opt(text()), span()).prop_map(|(id, evidence, (achieved, expires))| Competency {
        id,
        evidence,
        achieved,
        expires,
    })
}

fn person(pid: String) -> impl Strategy<Value = Person> {
    (
        (text(), opt(text()), opt(text()), opt(text()), opt(id())),
        (0usize..4, 0usize..2, span(), opt(text()), any::<bool>()),
        proptest::collection::vec(competency(), 0..3),
    )
        .prop_map(
            move |(
                (name, email, title, department, manager),
                (kind, status, (joined, left), site, mfa),
                competencies,
            )| {
                let manager = manager.filter(|m| *m != pid);
                Person {
                    id: pid.clone(),
                    name,
                    email,
                    title,
                    department,
                    manager,
                    kind: PersonKind::ALL[kind],
                    status: Status::ALL[status],
                    joined,
                    left,
                    site,
                    mfa,
                    competencies,
                }
            },
        )
}

fn assignment() -> impl Strategy<Value = Assignment> {
    (
        (
            id(),
            span(),
            opt(id()),
            opt((0u32..=100).prop_map(|x| x as f64 / 100.0)),
        ),
        (
            opt(text()),
            opt(date()),
            opt(id()),
            opt(text()),
            opt(text()),
        ),
    )
        .prop_map(
            |(
                (person, (from, until), deputy, allocation),
                (evidence, acknowledged, sponsor, contract, note),
            )| Assignment {
                person,
                from,
                until,
                deputy,
                allocation,
                evidence,
                acknowledged,
                sponsor,
                contract,
                note,
            },
        )
}

fn role(rid: String) -> impl Strategy<Value = Role> {
    (
        (
            text(),
            0usize..6,
            proptest::sample::subsequence(vec![Duty::Conformance, Duty::Reporting], 0..=2),
            opt(text()),
        ),
        (
            proptest::collection::vec(text(), 0..4),
            proptest::collection::vec(text(), 0..3),
            proptest::collection::vec(id(), 0..3),
        ),
        (
            any::<bool>(),
            any::<bool>(),
            opt((0u32..400).prop_map(|x| x as f64 / 4.0)),
            opt(date()),
        ),
        proptest::collection::vec(assignment(), 0..4),
    )
        .prop_map(
            move |(
                (name, cat, duties, purpose),
                (responsibilities, authorities, competencies),
                (privileged, needs_deputy, fte, reviewed),
                assignments,
            )| Role {
                id: rid.clone(),
                name,
                category: Category::ALL[cat],
                duties,
                purpose,
                responsibilities,
                authorities,
                competencies,
                privileged,
                needs_deputy,
                fte,
                reviewed,
                assignments,
            },
        )
}

fn workspace() -> impl Strategy<Value = Workspace> {
    let people = proptest::collection::btree_set(id(), 0..5)
        .prop_flat_map(|ids| ids.into_iter().map(person).collect::<Vec<_>>());
    let roles = proptest::collection::btree_set(id(), 0..4)
        .prop_flat_map(|ids| ids.into_iter().map(role).collect::<Vec<_>>());
    let subjects =
        proptest::sample::select(vec!["4.1", "5.3", "A.5.15", "A.8.34", "custom-x", "9.3.2"]);
    let letters = proptest::sample::select(Letter::ALL.to_vec());
    let cells = proptest::collection::vec((subjects, id(), letters), 0..12);
    let settings = (
        1i64..1000,
        0i64..200,
        1u32..5,
        proptest::collection::vec(id(), 0..3),
    );
    let org = (text(), opt(text()), proptest::collection::vec(text(), 0..3));
    let sod = proptest::collection::vec((id(), any::<bool>(), id(), id(), 0usize..3, text()), 0..3);
    let activities = proptest::collection::vec(
        (
            "act-[a-z]{1,6}",
            text(),
            opt(text()),
            opt(text()),
            proptest::collection::vec(id(), 0..2),
        ),
        0..3,
    );
    let exclusions = proptest::collection::vec(
        (
            proptest::sample::select(vec!["A.7.5", "A.7.6", "4.1"]),
            text(),
        ),
        0..3,
    );
    let signoffs = proptest::collection::vec(
        (
            date(),
            proptest::collection::vec(id(), 0..3),
            opt(text()),
            opt(text()),
        ),
        0..3,
    );
    (
        people, roles, cells, settings, org, sod, activities, exclusions, signoffs,
    )
        .prop_map(
            |(
                people,
                roles,
                cells,
                (ri, ew, ms, rr),
                (name, scope, departments),
                sod,
                activities,
                exclusions,
                signoffs,
            )| {
                let mut ws = Workspace {
                    organisation: Organisation {
                        name,
                        scope,
                        departments,
                    },
                    settings: Settings {
                        review_interval_days: ri,
                        expiry_warning_days: ew,
                        max_reporting_steps: ms,
                        required_roles: rr,
                        // Both values, so the key is written and read back.
                        commit_on_save: ri % 2 == 0,
                    },
                    ..Workspace::default()
                };
                ws.people = people.into_iter().map(|p| (p.id.clone(), p)).collect();
                ws.roles = roles.into_iter().map(|r| (r.id.clone(), r)).collect();
                for (s, r, l) in cells {
                    ws.matrix.set(s, &r, Some(l));
                }
                // A pair naming one id twice is a load error (the files
                // cannot hold it), so the registers made here have none.
                ws.sod_rules = sod
                    .into_iter()
                    .filter(|(_, _, a, b, _, _)| a != b)
                    .map(|(id, roles, a, b, sev, reason)| {
                        let pair = if roles {
                            SodPair::Roles([a, b])
                        } else {
                            SodPair::Subjects([a, b])
                        };
                        (
                            id.clone(),
                            SodRule {
                                id,
                                pair,
                                severity: Severity::ALL[sev],
                                reason,
                            },
                        )
                    })
                    .collect();
                ws.activities = activities
                    .into_iter()
                    .map(|(id, title, theme, description, related)| {
                        (
                            id.clone(),
                            Activity {
                                id,
                                title,
                                theme,
                                description,
                                related,
                            },
                        )
                    })
                    .collect::<IndexMap<_, _>>();
                ws.exclusions = exclusions
                    .into_iter()
                    .map(|(s, justification)| {
                        (
                            s.to_string(),
                            Exclusion {
                                subject: s.to_string(),
                                justification,
                            },
                        )
                    })
                    .collect();
                ws.signoffs = signoffs
                    .into_iter()
                    .map(|(date, by, minutes, fingerprint)| Signoff {
                        date,
                        by,
                        minutes,
                        // Any text round-trips; which commit it is is git's.
                        commit: fingerprint.clone(),
                        fingerprint,
                    })
                    .collect();
                ws
            },
        )
}

/// A workspace folder with nothing but an organisation.
fn empty_workspace() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    fs::write(
        t.path().join("workspace.toml"),
        "[organisation]\nname = \"Empty\"\n",
    )
    .unwrap();
    t
}

/// A workspace folder whose four files hold an organisation and comments,
/// written with CRLF line ends and/or a byte order mark.
fn styled_workspace(crlf: bool, bom: bool) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    for (kind, text) in [
        (
            FileKind::Workspace,
            "# The workspace\n[organisation]\nname = \"Empty\"\n",
        ),
        (FileKind::People, "# People\n"),
        (FileKind::Roles, "# Roles\n"),
        (FileKind::Matrix, "# The matrix\n"),
    ] {
        let text = if crlf {
            text.replace('\n', "\r\n")
        } else {
            text.to_string()
        };
        let text = if bom { format!("\u{feff}{text}") } else { text };
        fs::write(t.path().join(kind.file_name()), text).unwrap();
    }
    t
}

/// Each file's text in a folder.
fn texts(dir: &std::path::Path) -> Vec<String> {
    FileKind::ALL
        .iter()
        .map(|k| fs::read_to_string(dir.join(k.file_name())).unwrap_or_default())
        .collect()
}

/// Do all files still have the line ends and byte order mark they had?
fn style_kept(dir: &std::path::Path, crlf: bool, bom: bool) -> Result<(), String> {
    for (kind, text) in FileKind::ALL.iter().zip(texts(dir)) {
        if text.starts_with('\u{feff}') != bom {
            return Err(format!(
                "{kind:?}: byte order mark {}",
                if bom { "lost" } else { "added" }
            ));
        }
        // (A file emptied of everything may end without a line end.)
        let wrong = text.split_inclusive('\n').find(|l| {
            if crlf {
                l.ends_with('\n') && !l.ends_with("\r\n")
            } else {
                l.contains('\r')
            }
        });
        if let Some(line) = wrong {
            return Err(format!("{kind:?}: line {line:?} lost its line end"));
        }
    }
    Ok(())
}

/// CRLF, a byte order mark, or both (LF without a mark is the plain case
/// the other tests cover).
fn style() -> impl Strategy<Value = (bool, bool)> {
    proptest::sample::select(vec![(true, false), (false, true), (true, true)])
}

/// The matrix as the files can hold it: rows without cells do not exist.
fn normalised(mut ws: Workspace) -> Workspace {
    ws.matrix.rows.retain(|_, r| !r.is_empty());
    ws
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn anything_saved_loads_back_the_same(ws in workspace()) {
        let t = empty_workspace();
        let (mut st, _) = store::load(t.path()).unwrap();
        st.lock().unwrap();
        st.save(&ws).unwrap();
        drop(st);
        let (_, back) = store::load(t.path()).unwrap();
        prop_assert_eq!(normalised(back), normalised(ws.clone()));

        // And saving it again untouched changes no byte.
        let before: Vec<String> = FileKind::ALL.iter().map(|k| fs::read_to_string(t.path().join(k.file_name())).unwrap_or_default()).collect();
        let (mut st, again) = store::load(t.path()).unwrap();
        st.lock().unwrap();
        prop_assert!(st.save(&again).unwrap().written.is_empty());
        let after: Vec<String> = FileKind::ALL.iter().map(|k| fs::read_to_string(t.path().join(k.file_name())).unwrap_or_default()).collect();
        prop_assert_eq!(before, after);
    }

    #[test]
    fn edits_on_top_of_edits_stay_faithful(first in workspace(), second in workspace()) {
        let t = empty_workspace();
        let (mut st, _) = store::load(t.path()).unwrap();
        st.lock().unwrap();
        st.save(&first).unwrap();
        // The second save patches the first one's text.
        st.save(&second).unwrap();
        drop(st);
        let (_, back) = store::load(t.path()).unwrap();
        prop_assert_eq!(normalised(back), normalised(second));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn crlf_and_byte_order_marks_survive_any_save((crlf, bom) in style(), ws in workspace()) {
        let t = styled_workspace(crlf, bom);
        let (mut st, _) = store::load(t.path()).unwrap();
        st.lock().unwrap();
        st.save(&ws).unwrap();
        drop(st);
        if let Err(e) = style_kept(t.path(), crlf, bom) {
            return Err(TestCaseError::fail(e));
        }
        let (_, back) = store::load(t.path()).unwrap();
        prop_assert_eq!(normalised(back), normalised(ws.clone()));

        // Saving it again untouched changes no byte.
        let before = texts(t.path());
        let (mut st, again) = store::load(t.path()).unwrap();
        st.lock().unwrap();
        prop_assert!(st.save(&again).unwrap().written.is_empty());
        prop_assert_eq!(before, texts(t.path()));
    }

    #[test]
    fn crlf_and_byte_order_marks_survive_edits_on_edits(
        (crlf, bom) in style(),
        first in workspace(),
        second in workspace(),
    ) {
        let t = styled_workspace(crlf, bom);
        let (mut st, _) = store::load(t.path()).unwrap();
        st.lock().unwrap();
        st.save(&first).unwrap();
        st.save(&second).unwrap();
        drop(st);
        if let Err(e) = style_kept(t.path(), crlf, bom) {
            return Err(TestCaseError::fail(e));
        }
        let (_, back) = store::load(t.path()).unwrap();
        prop_assert_eq!(normalised(back), normalised(second));
    }
}
