//! The documentation promises things; these tests keep it in step with the
//! code so that it cannot drift silently.

use rasci::store::schema;

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The README's rule table is `rasci rules` in Markdown: exactly the rows
/// [`rasci::rules::markdown_table`] makes, no more, no fewer, same words.
/// Run with `RASCI_UPDATE_DOCS=1` to rewrite the table after changing a
/// rule's description.
#[test]
fn the_readme_rule_table_is_generated_from_the_rules() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = read("README.md");
    let start = readme
        .find("| rule id | severity | ref | fires when | how to fix |")
        .expect("README has the rule table");
    let end = readme[start..]
        .find("\n\n")
        .map_or(readme.len(), |e| start + e + 1);
    let table = &readme[start..end];
    let expected = rasci::rules::markdown_table();
    if table != expected && std::env::var_os("RASCI_UPDATE_DOCS").is_some() {
        let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        table == expected,
        "README's rule table differs from the rules (RASCI_UPDATE_DOCS=1 cargo test --test docs rewrites it); expected:\n{expected}"
    );
    for r in rasci::rules::RULES {
        assert_eq!(
            table.matches(&format!("| `{}` |", r.id)).count(),
            1,
            "{}",
            r.id
        );
    }
}

#[test]
fn rasci_rules_prints_every_description_in_full() {
    let out = assert_cmd::Command::cargo_bin("rasci")
        .unwrap()
        .args(["rules", "--format", "json"])
        .env_clear()
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = json.to_string();
    for r in rasci::rules::RULES {
        let when = serde_json::to_string(r.when).unwrap();
        assert!(text.contains(&when), "{} not printed by rasci rules", r.id);
    }
}

#[test]
fn the_readme_gives_the_two_commands() {
    let readme = read("README.md");
    assert!(readme.contains("cargo run --release -- demo"));
    assert!(readme.contains("\ncargo test\n"));
    let ci = read(".ci/run");
    assert!(
        ci.contains("cargo test"),
        "CI must run the README's test command"
    );
}

#[test]
fn the_format_reference_mentions_every_key() {
    let doc = read("docs/workspace.md");
    let all = [
        schema::workspace::TOP,
        schema::workspace::ORGANISATION,
        schema::workspace::SETTINGS,
        schema::workspace::SOD,
        schema::workspace::ACTIVITY,
        schema::workspace::EXCLUSION,
        schema::workspace::SIGNOFF,
        schema::people::PERSON,
        schema::people::COMPETENCY,
        schema::roles::ROLE,
        schema::roles::ASSIGNMENT,
    ];
    for keys in all {
        for k in keys {
            let mentioned = doc.contains(&format!("`{k}`"))
                || doc.contains(&format!("[{k}"))
                || doc.contains(&format!("[[{k}"));
            assert!(mentioned, "docs/workspace.md does not describe `{k}`");
        }
    }
}

/// Every source file the documents point a reader at exists: a move of the
/// code (into `crates/core/`, say) must take the references along.
#[test]
fn source_paths_named_in_the_documents_exist() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = vec!["README.md".to_string(), "SECURITY.md".to_string()];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "md") {
            docs.push(p.strip_prefix(root).unwrap().display().to_string());
        }
    }
    let mut missing = Vec::new();
    for doc in &docs {
        let Ok(text) = std::fs::read_to_string(root.join(doc)) else {
            continue;
        };
        for word in text.split(|c: char| c.is_whitespace() || "`()[],;:".contains(c)) {
            let word = word.trim_end_matches(['.', '*']);
            let is_source = (word.starts_with("src/")
                || word.starts_with("crates/")
                || word.starts_with("tests/")
                || word.starts_with("benches/"))
                && (word.ends_with(".rs") || word.ends_with('/'));
            if is_source && !root.join(word).exists() {
                missing.push(format!("{doc}: {word}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "named but not there:\n{}",
        missing.join("\n")
    );
}
