//! The documentation promises things; these tests keep it in step with the
//! code so that it cannot drift silently.

use rasci::store::schema;

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn the_readme_documents_every_finding_rule() {
    let readme = read("README.md");
    for r in rasci::rules::RULES {
        let row = format!(
            "| `{}` | {} | {} | {} |",
            r.id,
            r.severity,
            r.reference,
            r.when.replace('|', "/")
        );
        assert!(
            readme.contains(&row),
            "README findings table is out of date for {}:\n{row}",
            r.id
        );
        assert!(
            readme.contains(&r.fix.replace('|', "/")),
            "fix text of {} missing",
            r.id
        );
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
