//! `rasci import people`: the preview writes nothing, `--apply` writes
//! joiners, movers and leavers (records kept, roles not ended), bad rows
//! are reported by line, and hostile text never reaches the terminal raw.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::{flat, rasci};
use rasci::model::Status;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.insert(p.clone(), fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The paths whose bytes differ between two snapshots (added, removed or
/// changed), outside `.rasci` (the lock and backups) unless `all`.
fn changed(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
    all: bool,
) -> Vec<PathBuf> {
    let keep = |p: &PathBuf| all || !p.components().any(|c| c.as_os_str() == ".rasci");
    let paths: std::collections::BTreeSet<&PathBuf> = before.keys().chain(after.keys()).collect();
    paths
        .into_iter()
        .filter(|p| keep(p) && before.get(*p) != after.get(*p))
        .cloned()
        .collect()
}

fn run(home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = rasci(home).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn assert_clean_terminal_text(text: &str) {
    assert!(!text.contains('\u{1b}'), "raw escape on stdout:\n{text}");
    assert!(!text.contains("HYPERLINK"), "formula on stdout:\n{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
}

fn entra(ws: &Path) -> Vec<String> {
    vec![
        "import".into(),
        "people".into(),
        fixture("entra-users.csv").display().to_string(),
        "-w".into(),
        ws.display().to_string(),
    ]
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn entra_preview_shows_leavers_and_their_roles_and_writes_nothing() {
    let (home, ws) = common::demo_home();
    let before = snapshot(&ws);
    let (code, out, err) = run(home.path(), &args(&entra(&ws)));
    assert_eq!(code, 0, "{err}");
    let after = snapshot(&ws);
    assert!(
        changed(&before, &after, true).is_empty(),
        "the preview wrote {:?}",
        changed(&before, &after, true)
    );
    assert!(
        flat(&out).contains("a Microsoft Entra ID user download, recognised from the header row"),
        "{out}"
    );
    // Three leavers (accountEnabled = False), each with what they hold.
    assert!(out.contains("Leavers (3):"), "{out}");
    for (who, role) in [
        (
            "Nia Adeyemi (nadeyemi), line 16",
            "Lead developer (lead-developer)",
        ),
        (
            "Adaeze Balogun (abalogun), line 12",
            "Facilities manager (facilities-manager)",
        ),
        (
            "Kenji Sato (ksato), line 18",
            "Incident commander (incident-commander)",
        ),
    ] {
        assert!(out.contains(who), "{who} missing:\n{out}");
        assert!(
            out.contains(&format!("still holds {role}")),
            "{role}:\n{out}"
        );
    }
    assert!(out.contains("System administrator (system-administrator)"));
    assert!(out.contains("deputy for kkowalczyk as Cloud platform owner"));
    assert!(
        out.contains("last day 2026-11-26"),
        "gone on the as-of date"
    );
    // The shared mailbox (disabled, as they are) and someone already gone
    // are not leavers.
    assert!(!out.contains("IT Support (shared mailbox) ("), "{out}");
    assert!(!out.contains("Marek Nowak ("), "{out}");
    // A joiner and a mover.
    assert!(out.contains("Joiners (1):"));
    assert!(out.contains("+ Noah Fairfax (noah-fairfax) <noah.fairfax@larkmoor.example>, line 42"));
    assert!(out.contains("Movers (1):"));
    assert!(out.contains("~ Diego Ferreira (dferreira), line 21"));
    assert!(out.contains("title: Software Engineer -> Senior Software Engineer"));
    // Bad rows by line; the rest still counted.
    assert!(out.contains("line 43: the row has neither an email address nor a name"));
    assert!(out.contains("line 44 (displayName): the value contains control"));
    assert!(out.contains("line 45 (displayName): the value starts like a spreadsheet formula"));
    assert!(out.contains("Unchanged: 36."), "{out}");
    assert!(out.contains("4 will raise people/leaver-holds-role"));
    assert!(out.contains("Preview only: nothing was written."));
    assert_clean_terminal_text(&out);
    assert_clean_terminal_text(&err);
}

#[test]
fn entra_apply_writes_leavers_joiner_and_mover_in_one_go() {
    let (home, ws) = common::demo_home();
    let people_before = rasci::store::load(&ws).unwrap().1.people.len();
    let mut a = entra(&ws);
    a.push("--apply".into());
    let (code, out, err) = run(home.path(), &args(&a));
    assert_eq!(code, 0, "{err}\n{out}");
    assert!(
        out.contains("Written (people.toml): 1 joiner, 1 mover, 3 leavers."),
        "{out}"
    );
    // The leaver findings say what must be reassigned.
    assert!(out.contains("Raised ("), "{out}");
    for who in [
        "Nia Adeyemi (nadeyemi)",
        "Kenji Sato (ksato)",
        "Adaeze Balogun (abalogun)",
    ] {
        assert!(
            out.lines()
                .any(|l| l.contains("error people/leaver-holds-role: ") && l.contains(who)),
            "{who}:\n{out}"
        );
    }
    assert!(out.contains("Now "));
    assert_clean_terminal_text(&out);

    let (_, reg) = rasci::store::load(&ws).unwrap();
    assert_eq!(
        reg.people.len(),
        people_before + 1,
        "nobody deleted, one added"
    );
    for id in ["nadeyemi", "abalogun", "ksato"] {
        let p = &reg.people[id];
        assert_eq!(p.status, Status::Left, "{id}");
        assert_eq!(p.left, Some("2026-11-26".parse().unwrap()), "{id}");
        assert!(p.email.is_some() && !p.name.is_empty(), "record kept");
    }
    // Assignments are not ended.
    let lead = &reg.roles["lead-developer"];
    assert!(
        lead.assignments
            .iter()
            .any(|a| a.person == "nadeyemi" && a.until.is_none())
    );
    assert_eq!(
        reg.people["dferreira"].title.as_deref(),
        Some("Senior Software Engineer")
    );
    let noah = &reg.people["noah-fairfax"];
    assert_eq!(noah.email.as_deref(), Some("noah.fairfax@larkmoor.example"));
    assert_eq!(noah.department.as_deref(), Some("Data Science"));
    assert_eq!(reg.people["it-support"].status, Status::Active);
    assert!(!reg.people.contains_key("mallory"));
    // Importing again changes nothing.
    let before = snapshot(&ws);
    let (code, out, _) = run(home.path(), &args(&a));
    assert_eq!(code, 0);
    assert!(out.contains("Nothing to change"), "{out}");
    assert_eq!(
        changed(&before, &snapshot(&ws), false),
        Vec::<PathBuf>::new()
    );
}

#[test]
fn absent_means_left_marks_people_missing_from_the_file() {
    let (home, ws) = common::demo_home();
    let mut a = entra(&ws);
    a.extend([
        "--absent-means-left".into(),
        "--format".into(),
        "json".into(),
    ]);
    let (code, out, err) = run(home.path(), &args(&a));
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains('\u{1b}') && !out.contains("HYPERLINK"));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["applied"], false);
    assert_eq!(doc["needs_force"], false, "2 of 40 missing");
    assert_eq!(doc["source"], "entra");
    let leavers: Vec<(&str, &str)> = doc["leavers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["id"].as_str().unwrap(), l["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        leavers,
        [
            ("abalogun", "status"),
            ("nadeyemi", "status"),
            ("ksato", "status"),
            ("jnowicka", "absent"),
            ("bcarter", "absent"),
        ],
        "graham pike is absent but already left"
    );
    let nia = &doc["leavers"][1];
    assert_eq!(nia["line"], 16);
    assert_eq!(nia["roles"][0]["role"], "lead-developer");
    assert!(doc["leavers"][3]["line"].is_null());
    let problems: Vec<u64> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(problems, [43, 44, 45]);
    assert_eq!(doc["joiners"][0]["id"], "noah-fairfax");
    assert_eq!(doc["movers"][0]["changes"][0]["old"], "Software Engineer");

    a.push("--apply".into());
    let (code, out, err) = run(home.path(), &args(&a));
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["applied"], true);
    assert_eq!(doc["written"][0], "people.toml");
    assert!(
        doc["findings"]["raised"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "people/leaver-holds-role")
    );
    let (_, reg) = rasci::store::load(&ws).unwrap();
    for id in ["jnowicka", "bcarter"] {
        assert_eq!(reg.people[id].status, Status::Left, "{id}");
    }
    assert_eq!(
        reg.people["gpike"].left,
        Some("2024-01-31".parse().unwrap())
    );
    assert_eq!(
        reg.people["it-support"].status,
        Status::Active,
        "never groups"
    );
}

#[test]
fn bamboohr_us_dates_termination_dates_and_managers_by_name() {
    let (home, ws) = common::demo_home();
    let f = fixture("bamboohr-report.csv").display().to_string();
    let w = ws.display().to_string();
    let (code, out, err) = run(home.path(), &["import", "people", &f, "-w", &w]);
    assert_eq!(code, 0, "{err}");
    assert!(flat(&out).contains("a BambooHR report"), "{out}");
    assert!(
        out.contains("month first (MM/DD/YYYY), inferred from `01/15/2024`"),
        "{out}"
    );
    assert!(out.contains("Owen Keane (okeane), line 4: leaving, last day 2026-12-31"));
    assert!(out.contains("Lena Fischer (lfischer), line 5: last day 2026-11-20"));
    assert!(
        out.contains("manager: sosei -> kkowalczyk"),
        "`Kowalczyk, Katarzyna`"
    );
    assert!(out.contains("line 8 (Reporting to): the manager `Nobody Here` matches nobody"));
    assert!(out.contains("line 10 (Hire Date): `31/02/2020` is not a date"));
    assert!(out.contains("Not imported: 1 person who had left"));
    assert_clean_terminal_text(&out);

    let (code, _, err) = run(home.path(), &["import", "people", &f, "-w", &w, "--apply"]);
    assert_eq!(code, 0, "{err}");
    let (_, reg) = rasci::store::load(&ws).unwrap();
    let priya = &reg.people["priya-shah"];
    assert_eq!(priya.manager.as_deref(), Some("sbrennan"));
    assert_eq!(priya.joined, Some("2026-12-01".parse().unwrap()));
    assert_eq!(
        reg.people["sam-doe"].kind,
        rasci::model::PersonKind::Contractor
    );
    assert_eq!(reg.people["sam-doe"].manager, None);
    assert_eq!(
        reg.people["okeane"].left,
        Some("2026-12-31".parse().unwrap())
    );
    assert!(!reg.people.contains_key("old-timer"));
}

#[test]
fn okta_deprovisioned_users_leave_the_day_before_their_status_changed() {
    let (home, ws) = common::demo_home();
    let f = fixture("okta-users.csv").display().to_string();
    let w = ws.display().to_string();
    let (code, out, err) = run(
        home.path(),
        &["import", "people", &f, "-w", &w, "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["source"], "okta");
    assert_eq!(doc["leavers"][0]["id"], "sosei");
    assert_eq!(doc["leavers"][0]["left"], "2026-11-19");
    assert_eq!(doc["leavers"][0]["deputy_for"][0]["role"], "review-team");
    // The joiner's managerId is Mei Zhang's employee number.
    assert_eq!(doc["joiners"][0]["id"], "ada-quinn");
    assert_eq!(doc["joiners"][0]["manager"], "mzhang");
    assert_eq!(doc["unchanged"], 3, "SUSPENDED is not a leaver");
}

#[test]
fn map_names_columns_of_any_layout() {
    let (home, _ws) = common::demo_home();
    let csv = home.path().join("custom.csv");
    fs::write(
        &csv,
        "Person;Mail address;Team;Gone\n\
         Nia Adeyemi;NIA.ADEYEMI@larkmoor.example;Engineering;27.11.2026\n\
         Kim Park;kim.park@larkmoor.example;Operations;\n",
    )
    .unwrap();
    let (code, out, err) = run(
        home.path(),
        &[
            "import",
            "people",
            "custom.csv",
            "-w",
            "ws",
            "--map",
            "Person=name",
            "--map",
            "Mail address=email",
            "--map",
            "gone=left",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("columns named by common names and --map"),
        "{out}"
    );
    assert!(
        out.contains("Nia Adeyemi (nadeyemi), line 2: leaving, last day 2026-11-27"),
        "{out}"
    );
    assert!(out.contains("+ Kim Park (kim-park)"), "{out}");
}

#[test]
fn usage_and_file_errors_exit_2() {
    let (home, ws) = common::demo_home();
    let w = ws.display().to_string();
    let f = fixture("entra-users.csv").display().to_string();
    let (code, _, err) = run(home.path(), &["import", "people", "missing.csv", "-w", &w]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read missing.csv"), "{err}");

    let odd = home.path().join("odd.csv");
    fs::write(&odd, "a,b,c\n1,2,3\n").unwrap();
    let (code, _, err) = run(home.path(), &["import", "people", "odd.csv", "-w", &w]);
    assert_eq!(code, 2);
    assert!(err.contains("--map COLUMN=email"), "{err}");

    let (code, _, err) = run(
        home.path(),
        &["import", "people", &f, "-w", &w, "--map", "mail=shoe-size"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("not a field"), "{err}");
    let (code, _, err) = run(
        home.path(),
        &["import", "people", &f, "-w", &w, "--map", "nope=email"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("`nope`"), "{err}");

    let latin1 = home.path().join("latin1.csv");
    fs::write(&latin1, b"name,email\nJos\xe9 Ruiz,jose@larkmoor.example\n").unwrap();
    let (code, _, err) = run(home.path(), &["import", "people", "latin1.csv", "-w", &w]);
    assert_eq!(code, 2);
    assert!(err.contains("line 2 is not UTF-8"), "{err}");

    // An empty export never marks the whole company as leavers.
    let empty = home.path().join("empty.csv");
    fs::write(&empty, "userPrincipalName,displayName,accountEnabled\r\n").unwrap();
    let before = snapshot(&ws);
    let (code, _, err) = run(
        home.path(),
        &[
            "import",
            "people",
            "empty.csv",
            "-w",
            &w,
            "--absent-means-left",
            "--apply",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("has no people in it"), "{err}");
    assert!(changed(&before, &snapshot(&ws), true).is_empty());

    let (code, _, _) = run(home.path(), &["import", "people", &f, "-w", "nowhere"]);
    assert_eq!(code, 2);

    let (code, _, _) = run(home.path(), &["import", "people", &f, "--from", "sap"]);
    assert_eq!(code, 2);
}

#[test]
fn a_held_lock_refuses_apply_but_not_the_preview() {
    let (home, ws) = common::demo_home();
    let (mut store, _) = rasci::store::load(&ws).unwrap();
    store.lock().unwrap();
    let mut a = entra(&ws);
    let (code, _, err) = run(home.path(), &args(&a));
    assert_eq!(code, 0, "{err}");
    a.push("--apply".into());
    let before = snapshot(&ws);
    let (code, _, err) = run(home.path(), &args(&a));
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        changed(&before, &snapshot(&ws), false),
        Vec::<PathBuf>::new()
    );
    drop(store);
}

#[test]
fn a_partial_export_with_absent_means_left_is_refused_unless_forced() {
    let (home, ws) = common::demo_home();
    let w = ws.display().to_string();
    // A one-person export: everyone else would be "absent".
    let partial = home.path().join("one.csv");
    fs::write(
        &partial,
        "userPrincipalName,displayName,mail,accountEnabled\r\n\
         siobhan.brennan@larkmoor.example,Siobhan Brennan,siobhan.brennan@larkmoor.example,true\r\n",
    )
    .unwrap();
    let f = partial.display().to_string();
    let before = snapshot(&ws);
    let (code, _, err) = run(
        home.path(),
        &[
            "import",
            "people",
            &f,
            "-w",
            &w,
            "--absent-means-left",
            "--apply",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("complete export") && err.contains("--force"),
        "{err}"
    );
    assert!(
        changed(&before, &snapshot(&ws), false).is_empty(),
        "nothing was written"
    );
    let (code, _, err) = run(
        home.path(),
        &[
            "import",
            "people",
            &f,
            "-w",
            &w,
            "--absent-means-left",
            "--apply",
            "--force",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        !changed(&before, &snapshot(&ws), false).is_empty(),
        "written when forced"
    );
}

#[test]
fn a_row_with_too_few_values_is_reported_not_imported() {
    let (home, ws) = common::demo_home();
    let w = ws.display().to_string();
    fs::write(
        home.path().join("short.csv"),
        "userPrincipalName,displayName,mail,jobTitle,department,accountEnabled\n\
         x@y,Bad Row Only 3 cols\n\
         kim.park@larkmoor.example,Kim Park,kim.park@larkmoor.example,Analyst,Operations,\n",
    )
    .unwrap();
    let (code, out, err) = run(home.path(), &["import", "people", "short.csv", "-w", &w]);
    assert_eq!(code, 0, "{err}");
    let text = flat(&out);
    assert!(
        text.contains("line 2: the row has 2 of the header's 6 columns"),
        "{out}"
    );
    assert!(!out.contains("Bad Row Only"), "{out}");
    // An empty last value is a value: that row is whole.
    assert!(out.contains("Joiners (1):"), "{out}");
    assert!(out.contains("+ Kim Park (kim-park)"), "{out}");
    assert_clean_terminal_text(&out);

    let (code, _, err) = run(
        home.path(),
        &["import", "people", "short.csv", "-w", &w, "--apply"],
    );
    assert_eq!(code, 0, "{err}");
    let (_, reg) = rasci::store::load(&ws).unwrap();
    assert!(reg.people.contains_key("kim-park"));
    assert!(
        reg.people
            .values()
            .all(|p| p.email.as_deref() != Some("x@y")),
        "the short row was not imported"
    );
}

/// The problems and leavers of a JSON preview or import, to compare them.
fn problems_and_leavers(doc: &serde_json::Value) -> (serde_json::Value, Vec<String>) {
    let leavers = doc["leavers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    (doc["problems"].clone(), leavers)
}

#[test]
fn leavers_whose_appointment_starts_after_their_last_day_are_reported_not_marked() {
    let (home, ws) = common::demo_home();
    let w = ws.display().to_string();
    // Julia Nowicka (missing from the file) and Nia Adeyemi (disabled on
    // line 16) take up a role on the test date, 2026-11-27; the import
    // would give them 2026-11-26 as their last day.
    for (role, who) in [("developer", "jnowicka"), ("developer", "nadeyemi")] {
        let (code, _, err) = run(
            home.path(),
            &["assign", role, who, "--from", "2026-11-27", "-w", &w],
        );
        assert_eq!(code, 0, "{err}");
    }
    let mut a = entra(&ws);
    a.push("--absent-means-left".into());
    let (code, out, err) = run(home.path(), &args(&a));
    assert_eq!(code, 0, "{err}");
    let text = flat(&out);
    assert!(
        text.contains(
            "Julia Nowicka (jnowicka) is not in the file but was not marked as left: \
             jnowicka's assignment to developer starts on 2026-11-27, after the last day \
             2026-11-26: end or remove that assignment first"
        ),
        "{out}"
    );
    assert!(!text.contains("file: Julia"), "no made-up place:\n{out}");
    assert!(
        text.contains(
            "line 16: Nia Adeyemi (nadeyemi) was not marked as left: nadeyemi's assignment \
             to developer starts on 2026-11-27"
        ),
        "{out}"
    );
    assert!(text.contains("Leavers (3):"), "{out}");
    assert!(!out.contains("Julia Nowicka (jnowicka): last day"), "{out}");
    assert!(
        !out.contains("Nia Adeyemi (nadeyemi), line 16: last day"),
        "{out}"
    );
    assert_clean_terminal_text(&out);

    // The preview and --apply agree, and the rest is imported.
    a.extend(["--format".into(), "json".into()]);
    let (code, out, err) = run(home.path(), &args(&a));
    assert_eq!(code, 0, "{err}");
    let preview: serde_json::Value = serde_json::from_str(&out).unwrap();
    a.push("--apply".into());
    let (code, out, err) = run(home.path(), &args(&a));
    assert_eq!(code, 0, "{err}");
    let applied: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(applied["applied"], true);
    assert_eq!(
        problems_and_leavers(&preview),
        problems_and_leavers(&applied)
    );
    assert_eq!(
        problems_and_leavers(&applied).1,
        ["abalogun", "ksato", "bcarter"]
    );
    let (_, reg) = rasci::store::load(&ws).unwrap();
    for id in ["jnowicka", "nadeyemi"] {
        assert_eq!(reg.people[id].status, Status::Active, "{id}");
        assert_eq!(reg.people[id].left, None, "{id}");
    }
    for id in ["abalogun", "ksato", "bcarter"] {
        assert_eq!(reg.people[id].status, Status::Left, "{id}");
    }
    assert!(reg.people.contains_key("noah-fairfax"), "the joiner");

    // `rasci leave` refuses that last day for the same reason.
    let (code, _, err) = run(
        home.path(),
        &["leave", "jnowicka", "--date", "2026-11-26", "-w", &w],
    );
    assert_eq!(code, 2);
    assert!(flat(&err).contains("starts on 2026-11-27"), "{err}");
}

#[test]
fn the_preview_of_a_partial_export_says_apply_would_need_force() {
    let (home, ws) = common::demo_home();
    let w = ws.display().to_string();
    fs::write(
        home.path().join("few.csv"),
        "userPrincipalName,displayName,mail,accountEnabled\r\n\
         siobhan.brennan@larkmoor.example,Siobhan Brennan,siobhan.brennan@larkmoor.example,true\r\n\
         helen.okafor@larkmoor.example,Helen Okafor,helen.okafor@larkmoor.example,true\r\n",
    )
    .unwrap();
    let base = [
        "import",
        "people",
        "few.csv",
        "-w",
        &w,
        "--absent-means-left",
    ];
    let (code, out, err) = run(home.path(), &base);
    assert_eq!(code, 0, "{err}");
    let preview = flat(&out);
    assert!(!preview.contains("Run again with --apply"), "{out}");
    let last = preview
        .split("Preview only: nothing was written. ")
        .nth(1)
        .unwrap_or_else(|| panic!("{out}"));
    assert!(last.starts_with("--apply will refuse this: "), "{out}");
    assert!(
        last.ends_with("Add --force if the file really is the complete export."),
        "{out}"
    );
    assert_clean_terminal_text(&out);

    // --apply refuses it, for the numbers the preview gave.
    let mut apply = base.to_vec();
    apply.push("--apply");
    let (code, _, err) = run(home.path(), &apply);
    assert_eq!(code, 2, "{err}");
    let counts = |text: &str| {
        let at = text.find(" of the ").unwrap();
        let start = text[..at].rfind(' ').map_or(0, |i| i + 1);
        let end = text[at..].find(" people").unwrap() + at;
        text[start..end].to_string()
    };
    assert_eq!(counts(last), counts(&flat(&err)), "{out}\n{err}");
    assert!(err.contains("--force"), "{err}");

    // With --force, the preview promises what --apply --force does.
    let mut forced = base.to_vec();
    forced.push("--force");
    let (code, out, err) = run(home.path(), &forced);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Run again with --apply to write it."), "{out}");
    forced.extend(["--format", "json"]);
    let (_, out, _) = run(home.path(), &forced);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["needs_force"], true, "said to programs too");

    // A complete export needs no --force.
    let mut a = entra(&ws);
    a.push("--absent-means-left".into());
    let (_, out, _) = run(home.path(), &args(&a));
    assert!(out.contains("Run again with --apply to write it."), "{out}");
}
