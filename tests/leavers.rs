//! Leavers and handovers, and the rules about a person's dates that the
//! loader, the edits and the forms share.

mod common;

use std::fs;

use rasci::edit::{self, Edit};
use rasci::model::{Competency, Date, Person};
use rasci::store::{self, LoadError};
use rasci::tui::forms;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// A record breaking each rule: their own manager, a last day before the
/// day they joined, a competency expiring before it was achieved.
const BROKEN: [(&str, &str); 3] = [
    ("manager", "cannot be their own manager"),
    (
        "left",
        "cannot leave (2024-12-31) before joining (2025-01-01)",
    ),
    (
        "competencies",
        "competency `lead-auditor` cannot expire (2025-02-01) before it was achieved (2025-03-01)",
    ),
];

fn broken(rule: &str) -> Person {
    let mut p = Person {
        id: "jdoe".into(),
        name: "Jane Doe".into(),
        joined: Some(d("2025-01-01")),
        ..Person::default()
    };
    match rule {
        "manager" => p.manager = Some("jdoe".into()),
        "left" => p.left = Some(d("2024-12-31")),
        _ => p.competencies.push(Competency {
            id: "lead-auditor".into(),
            achieved: Some(d("2025-03-01")),
            expires: Some(d("2025-02-01")),
            ..Competency::default()
        }),
    }
    p
}

fn toml_of(rule: &str) -> String {
    let base = "[person.jdoe]\nname = \"Jane Doe\"\njoined = 2025-01-01\n";
    match rule {
        "manager" => format!("{base}manager = \"jdoe\"\n"),
        "left" => format!("{base}left = 2024-12-31\n"),
        _ => format!(
            "{base}\n[[person.jdoe.competency]]\nid = \"lead-auditor\"\nachieved = 2025-03-01\nexpires = 2025-02-01\n"
        ),
    }
}

/// Issue 9.4: the loader, an edit and the person form refuse each of the
/// three records in the same words, the form on the field to correct.
#[test]
fn the_person_date_rules_are_one_definition_in_one_wording() {
    for (rule, words) in BROKEN {
        // The loader.
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("ws");
        store::template::init(&dir, store::template::Template::Standard).unwrap();
        fs::write(dir.join("people.toml"), toml_of(rule)).unwrap();
        let Err(LoadError::Invalid(problems)) = store::load(&dir) else {
            panic!("{rule}: the loader accepted it");
        };
        assert!(
            problems.iter().any(|p| p.message.contains(words)),
            "{rule}: loader said {problems:#?}"
        );
        // An edit.
        let mut ws = rasci::sample::clean();
        let e = edit::apply(&mut ws, Edit::PutPerson(broken(rule))).unwrap_err();
        assert!(e.to_string().contains(words), "{rule}: edit said {e}");
        // The form, on the field to correct.
        let mut ws2 = rasci::sample::clean();
        let mut ok = broken(rule);
        ok.manager = None;
        ok.left = None;
        ok.competencies.clear();
        ws2.people.insert("jdoe".into(), ok);
        let mut ef = forms::person(&ws2, Some("jdoe"));
        let field = |ef: &mut forms::EntityForm, key: &str, value: &str| {
            let f = ef.form.fields.iter_mut().find(|f| f.key == key).unwrap();
            f.value = value.to_string();
        };
        match rule {
            "manager" => field(&mut ef, "manager", "jdoe"),
            "left" => field(&mut ef, "left", "2024-12-31"),
            _ => field(
                &mut ef,
                "competencies",
                "lead-auditor; ; 2025-03-01; 2025-02-01",
            ),
        }
        assert!(
            forms::submit(&mut ef, &ws2).is_none(),
            "{rule}: form accepted it"
        );
        let error = ef.form.field(rule).error.clone().unwrap_or_default();
        assert!(error.contains(words), "{rule}: form said {error:?}");
    }
}
