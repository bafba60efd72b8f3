//! Every JSON output of the lookups and of `check` against its published
//! JSON Schema in docs/schemas/, on registers that exercise its shapes:
//! found, not found, ambiguous, a workspace that does not load.

mod common;

use common::{demo_home, hand_edit, rasci};
use serde_json::Value;

fn schema(name: &str) -> jsonschema::Validator {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schemas")
        .join(format!("{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft202012::meta::validate(&schema).expect("a valid 2020-12 schema");
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

fn problems(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Runs `rasci ARGS --format json` in `home` and checks stdout against the
/// schema of `command`; returns the document.
fn valid(home: &std::path::Path, command: &str, args: &[&str]) -> Value {
    let mut all = vec![command];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = rasci(home).args(&all).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{all:?}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let errors = problems(&schema(command), &doc);
    assert!(
        errors.is_empty(),
        "{all:?}:\n{}\n{doc:#}",
        errors.join("\n")
    );
    doc
}

#[test]
fn every_json_output_matches_its_schema() {
    let (home, ws) = demo_home();
    let h = home.path();
    // The demo, then with an A/R cell and a deputy who has left.
    for round in 0..2 {
        if round == 1 {
            hand_edit(
                &ws.join("matrix.toml"),
                "top-management = \"A\"\nism = \"R\"",
                "ism = \"A/R\"",
            );
            hand_edit(
                &ws.join("roles.toml"),
                "deputy = \"kkowalczyk\"",
                "deputy = \"mnowak\"",
            );
        }
        let check = valid(h, "check", &["-w", "ws"]);
        assert!(check["findings"].as_array().unwrap().len() > 10);
        for subject in [
            "A.5.1",
            "approve-access",
            "A.8.30",
            "A.5",
            "nosuch",
            "access",
            " ",
        ] {
            valid(h, "who", &["-w", "ws", subject]);
        }
        for person in [
            "sbrennan",
            "mnowak",
            "hokafor",
            "Brennan",
            "nobodyhere",
            "a",
        ] {
            valid(h, "whois", &["-w", "ws", person]);
        }
        for role in ["ism", "head-of-it", "asset-owner", "nosuchrole", " "] {
            valid(h, "role", &["-w", "ws", role]);
        }
        for text in ["access", "zzzzqqq", "Siobhan"] {
            valid(h, "find", &["-w", "ws", text]);
        }
    }
    let who = valid(h, "who", &["-w", "ws", "4.1"]);
    assert_eq!(who["subjects"][0]["duties"][0]["letter"], "A/R");

    // An empty register fires the governance rules on the workspace.
    rasci(h).args(["init", "std"]).assert().success();
    let check = valid(h, "check", &["-w", "std"]);
    assert!(
        check["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["entity"]["kind"] == "workspace"),
        "{check:#}"
    );

    // A workspace that does not load answers with its problems.
    hand_edit(
        &ws.join("people.toml"),
        "name = \"Marek Nowak\"",
        "name = 7",
    );
    for (command, arg) in [
        ("check", None),
        ("who", Some("A.5.1")),
        ("whois", Some("x")),
        ("role", Some("ism")),
        ("find", Some("x")),
    ] {
        let mut args = vec!["-w", "ws"];
        args.extend(arg);
        let doc = valid(h, command, &args);
        assert!(
            doc["problems"].as_array().is_some_and(|p| !p.is_empty()),
            "{command}: {doc:#}"
        );
    }
}

#[test]
fn the_check_schema_knows_every_rule_and_the_entity_each_points_at() {
    let v = schema("check");
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas/check.schema.json"),
    )
    .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let listed: Vec<&str> = doc["$defs"]["finding"]["properties"]["rule"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    let known: Vec<&str> = rasci::rules::RULES.iter().map(|r| r.id).collect();
    assert_eq!(
        listed, known,
        "docs/schemas/check.schema.json lists other rules than the engine"
    );

    let report = |rule: &str, kind: &str, id: &str| {
        serde_json::json!({
            "workspace": "/ws", "as_of": "2026-11-27",
            "summary": {"error": 1, "warning": 0, "info": 0}, "hidden": 0,
            "findings": [{"rule": rule, "severity": "error", "message": "m", "reference": "5.3",
                          "entity": {"kind": kind, "id": id}}]
        })
    };
    let ok = |d: &Value| problems(&v, d).is_empty();
    assert!(ok(&report(
        "competence/missing",
        "assignment",
        "ism/sbrennan@2024-02-01"
    )));
    assert!(ok(&report(
        "competence/missing",
        "assignment",
        "ism/sbrennan"
    )));
    assert!(
        !ok(&report("competence/missing", "person", "sbrennan")),
        "wrong kind for the rule"
    );
    assert!(
        !ok(&report("competence/missing", "assignment", "sbrennan")),
        "not an assignment id"
    );
    assert!(ok(&report("review/signoff-stale", "workspace", "")));
    assert!(!ok(&report("review/signoff-stale", "workspace", "x")));
    assert!(ok(&report("matrix/unknown-reference", "workspace", "9.2")));
    assert!(
        !ok(&report("matrix/invented", "subject", "A.5.1")),
        "unknown rule id"
    );
}
