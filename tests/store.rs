//! The store's promises: byte-stable round trips, minimal diffs, no lost
//! comments, atomic locked saves, and precise errors for bad files.

mod common;

use std::fs;
use std::path::Path;

use rasci::model::*;
use rasci::store::template::{Template, init};
use rasci::store::{self, FileKind, LoadError, SaveError};

fn workspace(template: Template) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    init(&dir.path().join("ws"), template).unwrap();
    dir
}

fn ws_dir(t: &tempfile::TempDir) -> std::path::PathBuf {
    t.path().join("ws")
}

fn read_all(dir: &Path) -> Vec<(FileKind, String)> {
    FileKind::ALL
        .iter()
        .map(|k| {
            (
                *k,
                fs::read_to_string(dir.join(k.file_name())).unwrap_or_default(),
            )
        })
        .collect()
}

/// Lines that differ between two texts, as (removed, added).
fn line_diff(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
    let al: Vec<&str> = a.lines().collect();
    let bl: Vec<&str> = b.lines().collect();
    let prefix = al.iter().zip(&bl).take_while(|(x, y)| x == y).count();
    let suffix = al[prefix..]
        .iter()
        .rev()
        .zip(bl[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (
        al[prefix..al.len() - suffix]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        bl[prefix..bl.len() - suffix]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    )
}

#[test]
fn untouched_workspace_is_byte_stable() {
    for template in [Template::Standard, Template::Demo] {
        let t = workspace(template);
        let dir = ws_dir(&t);
        let before = read_all(&dir);
        let (mut st, ws) = store::load(&dir).unwrap();
        st.lock().unwrap();
        assert!(!st.is_dirty(&ws));
        let report = st.save(&ws).unwrap();
        assert!(report.written.is_empty());
        assert_eq!(read_all(&dir), before);
    }
}

#[test]
fn a_change_undone_before_saving_writes_nothing() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    let old = ws.matrix.set("A.5.15", "ism", Some(Letter::R));
    assert!(st.is_dirty(&ws));
    ws.matrix.set("A.5.15", "ism", old);
    assert!(!st.is_dirty(&ws));
    assert!(st.save(&ws).unwrap().written.is_empty());
}

#[test]
fn one_cell_changes_one_line_and_keeps_comments() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let before = fs::read_to_string(dir.join("matrix.toml")).unwrap();
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    ws.matrix.set("A.5.15", "head-of-it", Some(Letter::S));
    let report = st.save(&ws).unwrap();
    assert_eq!(report.written, vec![FileKind::Matrix]);
    let after = fs::read_to_string(dir.join("matrix.toml")).unwrap();
    let (removed, added) = line_diff(&before, &after);
    assert_eq!(removed, vec!["head-of-it = \"R\""]);
    assert_eq!(added, vec!["head-of-it = \"S\""]);
    assert!(after.contains("[\"A.5.15\"] # Access control"));
    // Other files untouched, and it reads back as saved.
    let (_, again) = store::load(&dir).unwrap();
    assert_eq!(again.matrix.get("A.5.15", "head-of-it"), Some(Letter::S));
}

#[test]
fn trailing_comments_on_a_changed_value_survive() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let path = dir.join("matrix.toml");
    common::hand_edit(
        &path,
        "ism = \"A\"\nhead-of-it = \"R\"",
        "ism = \"A\"  # since the 2025 restructure\nhead-of-it = \"R\"",
    );
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    let subject = ws
        .matrix
        .rows
        .iter()
        .find(|(_, r)| r.get("ism") == Some(&Letter::A) && r.get("head-of-it") == Some(&Letter::R))
        .map(|(s, _)| s.clone())
        .unwrap();
    ws.matrix.set(&subject, "ism", Some(Letter::C));
    st.save(&ws).unwrap();
    let after = fs::read_to_string(&path).unwrap();
    assert!(
        after.contains("ism = \"C\"  # since the 2025 restructure"),
        "{after}"
    );
}

#[test]
fn new_cells_and_rows_land_in_place() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let path = dir.join("matrix.toml");
    // Remove a whole row from the file, then add it back through the model.
    let text = fs::read_to_string(&path).unwrap();
    let start = text.find("[\"A.5.16\"]").unwrap();
    let end = start + text[start..].find("\n\n").unwrap() + 2;
    let without = format!("{}{}", &text[..start], &text[end..]);
    fs::write(&path, &without).unwrap();

    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    ws.matrix.set("A.5.16", "ism", Some(Letter::A));
    ws.matrix.set("A.5.15", "developer", Some(Letter::I));
    st.save(&ws).unwrap();
    let after = fs::read_to_string(&path).unwrap();
    let a515 = after.find("[\"A.5.15\"]").unwrap();
    let a516 = after.find("[\"A.5.16\"]").unwrap();
    let a517 = after.find("[\"A.5.17\"]").unwrap();
    assert!(
        a515 < a516 && a516 < a517,
        "new row between its neighbours:\n{after}"
    );
    let row_515 = &after[a515..a516];
    assert!(row_515.contains("developer = \"I\""), "{row_515}");
    let (removed, added) = line_diff(&without, &after);
    assert!(removed.is_empty(), "{removed:?}");
    assert!(added.len() <= 5, "{added:?}");
}

#[test]
fn people_and_assignments_edit_minimally() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    let mut p = Person {
        id: "jdoe".into(),
        name: "Jane \"JD\" Doe".into(),
        email: Some("jane@example.com".into()),
        joined: Some("2024-02-01".parse().unwrap()),
        mfa: true,
        ..Person::default()
    };
    p.competencies.push(Competency {
        id: "isms-implementation".into(),
        evidence: Some("Cert 1".into()),
        achieved: None,
        expires: Some("2027-01-01".parse().unwrap()),
    });
    ws.people.insert("jdoe".into(), p);
    ws.roles
        .get_mut("ism")
        .unwrap()
        .assignments
        .push(Assignment {
            person: "jdoe".into(),
            from: Some("2024-02-01".parse().unwrap()),
            evidence: Some("Letter".into()),
            ..Assignment::default()
        });
    st.save(&ws).unwrap();
    let roles_before = fs::read_to_string(dir.join("roles.toml")).unwrap();
    let people_before = fs::read_to_string(dir.join("people.toml")).unwrap();
    assert!(
        people_before.starts_with("# People who can hold roles."),
        "header comment kept"
    );
    assert!(people_before.contains("[person.jdoe]"));
    assert!(people_before.contains("[[person.jdoe.competency]]"));
    assert!(roles_before.contains("[[role.ism.assignment]]"));

    // Ending the assignment adds exactly one line.
    drop(st);
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    ws.roles.get_mut("ism").unwrap().assignments[0].until = Some("2026-10-31".parse().unwrap());
    st.save(&ws).unwrap();
    let roles_after = fs::read_to_string(dir.join("roles.toml")).unwrap();
    let (removed, added) = line_diff(&roles_before, &roles_after);
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(added, vec!["until = 2026-10-31"]);

    // Marking the person as left adds two lines; removing the assignment
    // removes exactly its block.
    drop(st);
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    let p = ws.people.get_mut("jdoe").unwrap();
    p.status = Status::Left;
    p.left = Some("2026-10-31".parse().unwrap());
    ws.roles.get_mut("ism").unwrap().assignments.clear();
    st.save(&ws).unwrap();
    let (removed, added) = line_diff(
        &people_before,
        &fs::read_to_string(dir.join("people.toml")).unwrap(),
    );
    assert!(removed.is_empty());
    assert_eq!(added, vec!["status = \"left\"", "left = 2026-10-31"]);
    let (removed, added) = line_diff(
        &roles_after,
        &fs::read_to_string(dir.join("roles.toml")).unwrap(),
    );
    assert!(added.is_empty(), "{added:?}");
    assert!(
        removed.contains(&"[[role.ism.assignment]]".to_string()),
        "{removed:?}"
    );
    assert!(
        removed.contains(&"person = \"jdoe\"".to_string()),
        "{removed:?}"
    );
    assert!(
        removed.len() <= 6,
        "only the assignment block goes: {removed:?}"
    );
    let (_, again) = store::load(&dir).unwrap();
    assert!(again.roles["ism"].assignments.is_empty());
    assert_eq!(again.people["jdoe"].name, "Jane \"JD\" Doe");
}

#[test]
fn saves_need_the_lock_and_a_second_editor_is_refused() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let (mut a, mut ws) = store::load(&dir).unwrap();
    let (mut b, _) = store::load(&dir).unwrap();
    ws.matrix.set("A.5.1", "developer", Some(Letter::I));
    assert!(matches!(a.save(&ws), Err(SaveError::ReadOnly)));
    a.lock().unwrap();
    let err = b.lock().unwrap_err().to_string();
    assert!(err.contains("another rasci"), "{err}");
    a.save(&ws).unwrap();
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    let path = dir.join("matrix.toml");
    let theirs = fs::read_to_string(&path).unwrap() + "\n# edited by hand meanwhile\n";
    fs::write(&path, &theirs).unwrap();
    assert_eq!(st.changed_on_disk(), vec![FileKind::Matrix]);
    ws.matrix.set("A.5.1", "developer", Some(Letter::I));
    match st.save(&ws) {
        Err(SaveError::ChangedOnDisk(p)) => assert_eq!(p, path),
        other => panic!("expected ChangedOnDisk, got {other:?}"),
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
    // Reloading picks up their change; saving ours then works.
    let mut ws = st.reload().unwrap();
    ws.matrix.set("A.5.1", "developer", Some(Letter::I));
    st.save(&ws).unwrap();
    let merged = fs::read_to_string(&path).unwrap();
    assert!(merged.contains("# edited by hand meanwhile"));
}

#[test]
fn saving_keeps_a_backup_of_the_previous_version() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let original = fs::read_to_string(dir.join("matrix.toml")).unwrap();
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    ws.matrix.set("A.5.1", "developer", Some(Letter::I));
    let report = st.save(&ws).unwrap();
    assert_eq!(report.backups.len(), 1);
    assert_eq!(fs::read_to_string(&report.backups[0]).unwrap(), original);
    assert!(report.backups[0].starts_with(dir.join(".rasci").join("backups")));
}

// Bad input: every problem at once, with position, and no file touched.

fn load_err(files: &[(&str, &str)]) -> (Vec<store::Diagnostic>, tempfile::TempDir) {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    for (name, text) in files {
        fs::write(dir.join(name), text).unwrap();
    }
    let before = read_all(&dir);
    let diags = match store::load(&dir) {
        Err(LoadError::Invalid(d)) => d,
        other => panic!("expected diagnostics, got {:?}", other.map(|_| ())),
    };
    assert_eq!(read_all(&dir), before, "loading never changes a file");
    (diags, t)
}

#[test]
fn misspelt_keys_get_a_suggestion() {
    let (d, _t) = load_err(&[(
        "people.toml",
        "[person.jdoe]\nname = \"Jane\"\nemial = \"j@example.com\"\nmanger = \"x\"\n",
    )]);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!((d[0].line, d[0].column), (3, 1));
    assert!(d[0].file.ends_with("people.toml"));
    assert_eq!(d[0].help.as_deref(), Some("did you mean `email`?"));
    assert_eq!(d[1].help.as_deref(), Some("did you mean `manager`?"));
    assert!(d[0].expected.as_deref().unwrap().contains("email"));
}

#[test]
fn wrong_types_and_bad_dates_are_all_reported() {
    let (d, _t) = load_err(&[(
        "people.toml",
        "[person.a]\nname = \"A\"\nmfa = \"yes\"\njoined = 2026-02-30\nkind = \"employe\"\n\n[person.b]\nname = 7\n",
    )]);
    let lines: Vec<(usize, usize)> = d.iter().map(|x| (x.line, x.column)).collect();
    assert_eq!(lines, vec![(3, 7), (4, 10), (5, 8), (8, 8)], "{d:#?}");
    assert!(d[0].help.as_deref().unwrap().contains("mfa = true"));
    assert!(d[2].help.as_deref().unwrap().contains("employee"));
    assert!(d[3].message.contains("should be a string"));
}

#[test]
fn malformed_toml_points_at_the_spot() {
    let (d, _t) = load_err(&[("roles.toml", "[role.ism]\nname = \"ISM\nfte = 0.5\n")]);
    assert!(!d.is_empty());
    assert_eq!(d[0].line, 2, "{d:#?}");
    assert!(d[0].message.starts_with("invalid TOML"));
}

#[test]
fn duplicate_ids_are_refused() {
    let (d, _t) = load_err(&[(
        "people.toml",
        "[person.a]\nname = \"A\"\n\n[person.a]\nname = \"Again\"\nemail = \"a@x\"\nmfa = true\n\n[person.b]\nname = \"B\"\nname = \"Bee\"\n",
    )]);
    // One problem per duplicate, not one per key of the second copy.
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(d[0].line, 4, "{d:#?}");
    assert_eq!(d[0].message, "person `a` is defined twice");
    assert!(
        d[0].expected
            .as_deref()
            .unwrap()
            .contains("first is at line 1")
    );
    assert!(d[0].help.as_deref().unwrap().contains("unique"));
    assert_eq!(
        (d[1].line, d[1].message.as_str()),
        (11, "`name` is defined twice")
    );
}

#[test]
fn merge_conflict_markers_are_explained() {
    let (d, _t) = load_err(&[(
        "matrix.toml",
        "[\"A.5.1\"]\n<<<<<<< HEAD\nism = \"A\"\n=======\nism = \"R\"\n>>>>>>> branch\n",
    )]);
    assert_eq!(d.iter().map(|x| x.line).collect::<Vec<_>>(), vec![2, 4, 6]);
    assert!(
        d[0].help
            .as_deref()
            .unwrap()
            .contains("resolve the merge conflict")
    );
}

#[test]
fn hand_editing_slips_get_a_suggestion() {
    for (line, help) in [
        ("name = \"Jane", "close the text with the quote"),
        ("joined = 2026-02-30", "that date does not exist"),
        ("title = Engineer", "text values need quotes"),
        ("title \"Engineer\"", "each line is key = value"),
        ("note = \"C:\\q\"", "one backslash"),
        ("mfa = yes", "text values need quotes"),
        ("mfa = tru", "true or false"),
    ] {
        let (d, _t) = load_err(&[("people.toml", &format!("[person.a]\n{line}\n"))]);
        let h = d
            .iter()
            .filter_map(|x| x.help.as_deref())
            .collect::<Vec<_>>();
        assert!(
            h.iter().any(|h| h.contains(help)),
            "{line}: {help:?} not in {d:#?}"
        );
    }
    // The hint about dots in table headers only where there is a dot.
    let (d, _t) = load_err(&[("people.toml", "[person.a]\nname = \"A\"\nx = { y = 1\n")]);
    assert!(
        d.iter()
            .all(|x| !x.help.as_deref().unwrap_or("").contains("a dot")),
        "{d:#?}"
    );
    let (d, _t) = load_err(&[("people.toml", "[person.j.doe]\nname = \"A\"\n")]);
    assert!(
        d.iter()
            .any(|x| x.help.as_deref().unwrap_or("").contains("quote the id")),
        "{d:#?}"
    );
}

#[test]
fn problems_in_several_files_come_together() {
    let (d, _t) = load_err(&[
        ("people.toml", "[person.a]\nnmae = \"A\"\n"),
        ("matrix.toml", "[\"A.5.1\"]\nism = \"X\"\n"),
    ]);
    let files: Vec<_> = d
        .iter()
        .map(|x| x.file.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(files.contains(&"people.toml".to_string()));
    assert!(files.contains(&"matrix.toml".to_string()));
}

#[test]
fn invalid_utf8_is_located() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    fs::write(dir.join("people.toml"), b"[person.a]\nname = \"A\xff\"\n").unwrap();
    match store::load(&dir) {
        Err(LoadError::Invalid(d)) => {
            assert_eq!(d[0].line, 2);
            assert!(d[0].message.contains("UTF-8"));
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[test]
fn dangling_references_load_and_become_findings() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let path = dir.join("matrix.toml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("ism = \"A\"", "isms = \"A\"", 1);
    fs::write(&path, text).unwrap();
    let (_, ws) = store::load(&dir).unwrap();
    let f = rasci::rules::findings(&ws, "2026-11-27".parse().unwrap());
    assert!(
        f.iter()
            .any(|f| f.rule == "matrix/unknown-reference"
                && f.message.contains("Did you mean `ism`?"))
    );
}

#[test]
fn missing_workspace_is_a_clear_error() {
    let t = tempfile::tempdir().unwrap();
    let e = store::load(t.path()).err().unwrap();
    assert!(matches!(e, LoadError::NotFound(_)));
    assert!(e.to_string().contains("rasci init"));
}

#[test]
fn init_refuses_an_existing_workspace_and_creates_private_files() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    assert!(init(&dir, Template::Demo).is_err());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for k in FileKind::ALL {
            let mode = fs::metadata(dir.join(k.file_name()))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, 0o600, "{k:?}");
        }
        assert_eq!(
            fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }
}

#[test]
fn several_new_rows_keep_catalogue_order() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    // A matrix file that starts at 5.3 and has an activity.
    fs::write(
        dir.join("matrix.toml"),
        "# mine\n\n[\"5.3\"]\nism = \"A\"\n\n[\"A.5.15\"]\nism = \"A\"\n\n[\"approve-access\"]\nism = \"A\"\n",
    )
    .unwrap();
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    // Added in a scrambled order.
    for s in ["write-code", "A.5.17", "4.1", "A.5.16", "6.2"] {
        ws.matrix.set(s, "developer", Some(Letter::I));
    }
    st.save(&ws).unwrap();
    let after = fs::read_to_string(dir.join("matrix.toml")).unwrap();
    // Ids without dots may be written bare.
    let pos = |s: &str| {
        after
            .find(&format!("[\"{s}\"]"))
            .or_else(|| after.find(&format!("[{s}]")))
            .unwrap_or_else(|| panic!("{s} missing:\n{after}"))
    };
    let order = [
        "4.1",
        "5.3",
        "6.2",
        "A.5.15",
        "A.5.16",
        "A.5.17",
        "approve-access",
        "write-code",
    ];
    for w in order.windows(2) {
        assert!(
            pos(w[0]) < pos(w[1]),
            "{} should come before {}:\n{after}",
            w[0],
            w[1]
        );
    }
    assert!(after.starts_with("# mine"), "{after}");
}

#[test]
fn an_unquoted_dotted_header_gets_the_right_hint() {
    let (d, _t) = load_err(&[("matrix.toml", "[A.5.15]\nism = \"A\"\n")]);
    assert!(
        d[0].help.as_deref().unwrap().contains("[\"A.5.15\"]"),
        "{d:#?}"
    );
}

// Line ends, byte order marks and linked files are the user's: a save
// keeps them.

/// Rewrites `file` in `dir` with CRLF line ends.
fn to_crlf(dir: &Path, file: &str) -> String {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
    fs::write(&path, &text).unwrap();
    text
}

/// Lines of `text` (with their ends) that do not end in CRLF.
fn not_crlf(text: &str) -> Vec<&str> {
    text.split_inclusive('\n')
        .filter(|l| !l.ends_with("\r\n"))
        .collect()
}

#[test]
fn crlf_files_keep_their_line_ends() {
    let t = workspace(Template::Demo);
    let dir = ws_dir(&t);
    let matrix = to_crlf(&dir, "matrix.toml");
    let people = to_crlf(&dir, "people.toml");
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    assert!(st.save(&ws).unwrap().written.is_empty());

    // One cell: one line changes, with its CRLF.
    let (subject, role) = ws
        .matrix
        .rows
        .iter()
        .find_map(|(s, r)| {
            r.iter()
                .find(|(_, l)| **l == Letter::R)
                .map(|(role, _)| (s.clone(), role.clone()))
        })
        .unwrap();
    ws.matrix.set(&subject, &role, Some(Letter::C));
    // A leaver and a new person with a line break in a field.
    let p = ws.people.get_mut("ksato").unwrap();
    p.status = Status::Left;
    p.left = Some("2026-11-30".parse().unwrap());
    ws.people.insert(
        "jdoe".into(),
        Person {
            id: "jdoe".into(),
            name: "Jane Doe".into(),
            title: Some("Line one\nline two\r\nline three".into()),
            competencies: vec![Competency {
                id: "isms".into(),
                evidence: Some("a\nb".into()),
                ..Competency::default()
            }],
            ..Person::default()
        },
    );
    st.save(&ws).unwrap();

    let after = fs::read_to_string(dir.join("matrix.toml")).unwrap();
    assert_eq!(not_crlf(&after).first(), None);
    let old: Vec<&str> = matrix.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    assert_eq!(old.len(), new.len());
    let changed: Vec<(&&str, &&str)> = old.iter().zip(&new).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(*changed[0].1, format!("{role} = \"C\"\r\n"));

    let after = fs::read_to_string(dir.join("people.toml")).unwrap();
    assert_eq!(not_crlf(&after).first(), None);
    // Lines were only added: every old line is still there, byte for byte
    // and in order.
    let mut new = after.split_inclusive('\n');
    for line in people.split_inclusive('\n') {
        assert!(new.any(|l| l == line), "{line:?} lost");
    }
    assert!(after.contains("status = \"left\"\r\nleft = 2026-11-30\r\n"));
    assert!(after.contains("\r\n[person.jdoe]\r\n"));
    // A line break in a new value is escaped, not a line end of the file.
    assert!(after.contains("title = \"Line one\\nline two\\r\\nline three\"\r\n"));
    // The other files were not written.
    assert!(
        !fs::read_to_string(dir.join("roles.toml"))
            .unwrap()
            .contains('\r')
    );

    // It all reads back as saved, and saves again as the same bytes.
    drop(st);
    let (mut st, back) = store::load(&dir).unwrap();
    st.lock().unwrap();
    assert_eq!(back.people, ws.people);
    assert_eq!(back.matrix.get(&subject, &role), Some(Letter::C));
    let before = read_all(&dir);
    assert!(st.save(&back).unwrap().written.is_empty());
    assert_eq!(read_all(&dir), before);
}

#[test]
fn a_multi_line_string_in_a_crlf_file_survives_an_edit_beside_it() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let path = dir.join("people.toml");
    let text = "[person.a]\r\nname = \"A\"\r\ntitle = \"\"\"\r\nfirst\r\nsecond\"\"\"\r\n\r\n[person.b]\r\nname = \"B\"\r\n";
    fs::write(&path, text).unwrap();
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    // A multi-line string's line ends are part of its value.
    assert_eq!(ws.people["a"].title.as_deref(), Some("first\r\nsecond"));
    ws.people.get_mut("b").unwrap().mfa = true;
    ws.people.get_mut("a").unwrap().name = "Ann".into();
    st.save(&ws).unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text.replace("name = \"A\"", "name = \"Ann\"")
            .replace("name = \"B\"\r\n", "name = \"B\"\r\nmfa = true\r\n")
    );
    let (_, back) = store::load(&dir).unwrap();
    assert_eq!(back.people, ws.people);
}

#[test]
fn a_crlf_inside_a_string_of_an_lf_file_stays() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let path = dir.join("people.toml");
    let text = "[person.a]\nname = \"A\"\n\n[person.b]\nname = \"B\"\ntitle = \"\"\"\r\nfirst\r\nsecond\"\"\"\n\n[person.c]\nname = \"C\"\n";
    fs::write(&path, text).unwrap();
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    assert_eq!(ws.people["b"].title.as_deref(), Some("first\r\nsecond"));
    // Changes on both sides of the string.
    ws.people.get_mut("a").unwrap().mfa = true;
    ws.people.get_mut("c").unwrap().mfa = true;
    st.save(&ws).unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text.replace("name = \"A\"\n", "name = \"A\"\nmfa = true\n")
            .replace("name = \"C\"\n", "name = \"C\"\nmfa = true\n")
    );
}

#[test]
fn mixed_line_ends_outside_the_change_are_kept() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let path = dir.join("people.toml");
    // Mostly CRLF, one LF line at each end (an editor that appended).
    let text =
        "# people\n[person.a]\r\nname = \"A\"\r\n\r\n[person.b]\r\nname = \"B\"\r\nmfa = true\n";
    fs::write(&path, text).unwrap();
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    ws.people.get_mut("a").unwrap().email = Some("a@example.com".into());
    st.save(&ws).unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text.replace(
            "name = \"A\"\r\n",
            "name = \"A\"\r\nemail = \"a@example.com\"\r\n"
        )
    );
}

#[test]
fn a_byte_order_mark_stays() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    for (file, crlf) in [("matrix.toml", false), ("people.toml", true)] {
        let path = dir.join(file);
        let mut text = fs::read_to_string(&path).unwrap();
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        fs::write(&path, format!("\u{feff}{text}")).unwrap();
    }
    let matrix = fs::read_to_string(dir.join("matrix.toml")).unwrap();
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    assert!(st.save(&ws).unwrap().written.is_empty());
    ws.matrix.set("A.5.15", "head-of-it", Some(Letter::S));
    ws.people.insert(
        "jdoe".into(),
        Person {
            id: "jdoe".into(),
            name: "Jane Doe".into(),
            ..Person::default()
        },
    );
    st.save(&ws).unwrap();
    let after = fs::read_to_string(dir.join("matrix.toml")).unwrap();
    assert!(after.starts_with("\u{feff}#"), "{:?}", &after[..10]);
    let (removed, added) = line_diff(&matrix, &after);
    assert_eq!(removed, vec!["head-of-it = \"R\""]);
    assert_eq!(added, vec!["head-of-it = \"S\""]);
    let people = fs::read_to_string(dir.join("people.toml")).unwrap();
    assert!(people.starts_with("\u{feff}#"));
    assert_eq!(not_crlf(&people).first(), None);
    let (_, back) = store::load(&dir).unwrap();
    assert_eq!(back.people, ws.people);
    assert_eq!(back.matrix.get("A.5.15", "head-of-it"), Some(Letter::S));
}

#[test]
fn a_byte_order_mark_does_not_shift_problems() {
    let (d, _t) = load_err(&[("people.toml", "\u{feff}nmae = 1\n")]);
    assert_eq!((d[0].line, d[0].column), (1, 1), "{d:#?}");
    assert_eq!(d[0].source_line.as_deref(), Some("nmae = 1"));
}

#[cfg(unix)]
#[test]
fn a_linked_file_stays_a_link_and_its_target_is_saved() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let link = dir.join("people.toml");
    let dotfiles = t.path().join("dotfiles");
    fs::create_dir(&dotfiles).unwrap();
    let target = dotfiles.join("people.toml");
    fs::rename(&link, &target).unwrap();
    std::os::unix::fs::symlink("../dotfiles/people.toml", &link).unwrap();
    let original = fs::read_to_string(&target).unwrap();

    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    ws.people.insert(
        "jdoe".into(),
        Person {
            id: "jdoe".into(),
            name: "Jane Doe".into(),
            ..Person::default()
        },
    );
    let report = st.save(&ws).unwrap();
    assert_eq!(report.written, vec![FileKind::People]);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_link(&link).unwrap(),
        Path::new("../dotfiles/people.toml")
    );
    assert!(
        fs::read_to_string(&target)
            .unwrap()
            .contains("[person.jdoe]")
    );
    // The backup holds the old content, as a file of its own.
    assert_eq!(report.backups.len(), 1);
    let backup = &report.backups[0];
    assert!(
        backup
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("people.toml.")
    );
    assert!(
        !fs::symlink_metadata(backup)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(backup).unwrap(), original);
    for folder in [&dir, &dotfiles] {
        assert!(
            !fs::read_dir(folder)
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains("rasci-tmp")),
            "{folder:?}"
        );
    }

    // Changes made to the target are seen through the link.
    assert!(st.changed_on_disk().is_empty());
    assert!(st.changed_on_disk_quick().is_empty());
    let theirs = fs::read_to_string(&target).unwrap() + "\n# edited meanwhile, elsewhere\n";
    fs::write(&target, &theirs).unwrap();
    assert_eq!(st.changed_on_disk(), vec![FileKind::People]);
    assert_eq!(st.changed_on_disk_quick(), vec![FileKind::People]);
    ws.people.get_mut("jdoe").unwrap().mfa = true;
    assert!(matches!(st.save(&ws), Err(SaveError::ChangedOnDisk(_))));
    assert_eq!(fs::read_to_string(&target).unwrap(), theirs);

    // After a reload the next save goes through the link again.
    let mut ws = st.reload().unwrap();
    ws.people.get_mut("jdoe").unwrap().mfa = true;
    st.save(&ws).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let saved = fs::read_to_string(&target).unwrap();
    assert!(saved.contains("mfa = true") && saved.contains("# edited meanwhile"));
}

#[test]
fn removing_the_first_entry_keeps_the_comments_above_it() {
    let t = workspace(Template::Demo);
    let dir = ws_dir(&t);
    let before = fs::read_to_string(dir.join("people.toml")).unwrap();
    let header: Vec<&str> = before
        .lines()
        .take_while(|l| !l.starts_with('['))
        .filter(|l| l.starts_with('#'))
        .collect();
    assert!(!header.is_empty());
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    let first = ws.people.keys().next().unwrap().clone();
    ws.people.shift_remove(&first);
    st.save(&ws).unwrap();
    let after = fs::read_to_string(dir.join("people.toml")).unwrap();
    for line in &header {
        assert!(
            after.contains(line),
            "lost {line:?}:\n{}",
            &after[..after.len().min(800)]
        );
    }
    assert!(
        after.trim_start().starts_with('#'),
        "the header is still at the top"
    );
    assert!(!after.contains(&format!("[person.{first}]")));
    // Comment lines of the file are all still there.
    let comments = |s: &str| {
        s.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(comments(&after), comments(&before));
}

#[test]
fn removing_the_last_entry_keeps_its_comment_at_the_end() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let path = dir.join("roles.toml");
    common::hand_edit(
        &path,
        "[role.developer]",
        "# Developers come and go.\n[role.developer]",
    );
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    ws.roles.shift_remove("developer");
    st.save(&ws).unwrap();
    let after = fs::read_to_string(&path).unwrap();
    assert!(after.contains("# Developers come and go."), "{after}");
    assert!(!after.contains("[role.developer]"));
}

#[test]
fn removing_an_entry_under_a_section_comment_keeps_the_comment() {
    let t = workspace(Template::Demo);
    let dir = ws_dir(&t);
    let before = fs::read_to_string(dir.join("people.toml")).unwrap();
    assert!(before.contains("# Operations\n\n[person.dmensah]"));
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    ws.people.shift_remove("dmensah");
    st.save(&ws).unwrap();
    let after = fs::read_to_string(dir.join("people.toml")).unwrap();
    assert!(
        after.contains("# Operations"),
        "the section comment went with its first entry"
    );
    assert!(!after.contains("[person.dmensah]"));
}

#[test]
fn removing_an_assignment_keeps_the_comment_above_it() {
    let t = workspace(Template::Demo);
    let dir = ws_dir(&t);
    let path = dir.join("roles.toml");
    common::hand_edit(
        &path,
        "[[role.ism.assignment]]",
        "# The first ISM, for the record.\n[[role.ism.assignment]]",
    );
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    ws.roles.get_mut("ism").unwrap().assignments.remove(0);
    st.save(&ws).unwrap();
    let after = fs::read_to_string(&path).unwrap();
    assert!(
        after.contains("# The first ISM, for the record."),
        "comment lost"
    );
    assert!(
        !after.contains("person = \"gpike\"\nfrom = 2020-09-01\nuntil = 2024-01-31"),
        "assignment removed"
    );
}

#[test]
fn clearing_a_cell_keeps_the_comment_above_it() {
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let path = dir.join("matrix.toml");
    // One note above the row's first key, one above its last.
    let text = common::hand_edit(
        &path,
        "[\"A.5.15\"] # Access control\nism = \"A\"\nhead-of-it = \"R\"\n",
        "[\"A.5.15\"] # Access control\n# Agreed at MR-7.\nism = \"A\"\n  # IT runs it.\n  head-of-it = \"R\"\n",
    );
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    ws.matrix.set("A.5.15", "ism", None);
    st.save(&ws).unwrap();
    let after = fs::read_to_string(&path).unwrap();
    let (removed, added) = line_diff(&text, &after);
    assert_eq!(removed, vec!["ism = \"A\""], "{after}");
    assert!(added.is_empty(), "{after}");
    // The last key: its notes stay where they were, below the row and
    // above the next one (they used to move to the end of the file).
    drop(st);
    let (mut st, mut ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    ws.matrix.set("A.5.15", "head-of-it", None);
    st.save(&ws).unwrap();
    let after = fs::read_to_string(&path).unwrap();
    let row = after.find("[\"A.5.15\"]").unwrap();
    let next = after.find("[\"A.5.16\"]").unwrap();
    let between = &after[row..next];
    assert!(
        between.contains("# Agreed at MR-7.") && between.contains("# IT runs it."),
        "the notes left their row:\n{after}"
    );
    assert!(!between.contains("head-of-it = \"R\""), "{after}");
    assert_eq!(after.matches("# IT runs it.").count(), 1, "{after}");
    store::load(&dir).unwrap();
}

#[test]
fn files_that_are_not_plain_text_files_are_refused_quickly() {
    let t = workspace(Template::Demo);
    let dir = ws_dir(&t);
    let roles = dir.join("roles.toml");
    let refused = |why: &str| {
        let started = std::time::Instant::now();
        match store::load(&dir) {
            Err(LoadError::Io { path, source }) => {
                assert_eq!(path, roles);
                assert!(source.to_string().contains(why), "{source}");
            }
            other => panic!("expected a read error, got {:?}", other.map(|_| ())),
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    };
    fs::remove_file(&roles).unwrap();
    fs::create_dir(&roles).unwrap();
    refused("a folder");
    fs::remove_dir(&roles).unwrap();

    // Larger than any register: a sparse file costs no disk.
    let f = fs::File::create(&roles).unwrap();
    f.set_len(store::fsutil::MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    refused("larger than");
    fs::remove_file(&roles).unwrap();

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/dev/zero", &roles).unwrap();
        refused("not a regular file");
        fs::remove_file(&roles).unwrap();
        let status = std::process::Command::new("mkfifo").arg(&roles).status();
        if status.is_ok_and(|s| s.success()) {
            refused("not a regular file");
        }
    }
}

#[test]
fn duplicates_name_quoted_ids_whole_and_point_at_the_real_first_definition() {
    // Matrix row ids are quoted and contain dots.
    let (d, _t) = load_err(&[(
        "matrix.toml",
        "[\"A.5.1\"]\nism = \"A\"\n\n[\"A.5.1\"] # again\nism = \"R\"\n",
    )]);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].message, "`A.5.1` is defined twice");
    assert!(
        d[0].expected.as_deref().unwrap().contains("line 1"),
        "{d:#?}"
    );

    // A table first made by a dotted key has no earlier header to name; the
    // duplicate must not name its own line as the first.
    let (d, _t) = load_err(&[(
        "people.toml",
        "person.a.name = \"A\"\n[person.a]\nemail = \"a@x\"\n",
    )]);
    assert!(!d.is_empty());
    assert!(
        d.iter()
            .all(|x| !x.expected.as_deref().unwrap_or("").contains("line 2")),
        "{d:#?}"
    );

    // A table and a list of tables under one name.
    let (d, _t) = load_err(&[(
        "people.toml",
        "[person.a]\nname = \"A\"\n[[person.a]]\nname = \"B\"\n",
    )]);
    assert!(
        d.iter().any(|x| x
            .message
            .contains("both as a table and as a list of tables")),
        "{d:#?}"
    );
}

/// The workbench's session: a save refused because a file is read-only
/// says why and keeps the edits, which save once the file is writable.
#[test]
fn a_read_only_file_refuses_the_workbench_save_and_the_edits_stay() {
    use std::os::unix::fs::PermissionsExt;
    let t = workspace(Template::Standard);
    let dir = ws_dir(&t);
    let (mut st, ws) = store::load(&dir).unwrap();
    st.lock().unwrap();
    let mut session =
        rasci::session::Session::new(st, ws.clone(), Date::new(2026, 11, 27).unwrap());
    let mut edited = ws;
    edited.matrix.set("A.5.15", "head-of-it", Some(Letter::S));
    session.replace_unsaved(edited, "set a cell");
    let matrix = dir.join("matrix.toml");
    fs::set_permissions(&matrix, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&matrix).unwrap();
    let err = session.save().unwrap_err();
    assert!(matches!(err, SaveError::ReadOnlyFile { .. }), "{err:?}");
    assert!(err.to_string().contains("read-only"), "{err}");
    assert!(session.is_dirty(), "the edits are kept");
    assert_eq!(fs::read(&matrix).unwrap(), before);
    fs::set_permissions(&matrix, fs::Permissions::from_mode(0o644)).unwrap();
    session.save().unwrap();
    assert!(!session.is_dirty());
    assert_eq!(
        fs::metadata(&matrix).unwrap().permissions().mode() & 0o777,
        0o644
    );
}
