//! The layers drawn in docs/architecture.md are the layers of the code: the
//! core crate has no terminal dependency, and each of its modules uses only
//! the modules the document says it may. A new dependency between modules
//! fails here until the document (and so the picture) says it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `crate::MODULE` paths used by the shipped (non-test) code of one
/// file: comments and `#[cfg(test)] mod tests { ... }` at the end are left
/// out, and so are files declared as test-only modules.
fn uses_in(path: &Path, out: &mut BTreeSet<String>) {
    let text = fs::read_to_string(path).unwrap();
    let shipped = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    for line in shipped.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
}

/// Module files under `dir`, skipping those a parent declares test-only
/// (`#[cfg(test)] mod testkit;`).
fn files_of(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut test_only = BTreeSet::new();
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in &entries {
        if p.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(p).unwrap();
            let mut prev = "";
            for line in text.lines() {
                let l = line.trim();
                if prev == "#[cfg(test)]" && l.ends_with(';') && l.contains("mod ") {
                    let name = l.trim_end_matches(';').rsplit(' ').next().unwrap();
                    test_only.insert(format!("{name}.rs"));
                }
                prev = l;
            }
        }
    }
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if test_only.contains(&name) {
            continue;
        }
        if p.is_dir() {
            files_of(&p, out);
        } else if name.ends_with(".rs") {
            out.push(p);
        }
    }
}

/// Each top-level module of the core and the other core modules its
/// shipped code uses.
fn core_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("crates/core/src");
    let mut graph = BTreeMap::new();
    for entry in fs::read_dir(&src).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        // A module is `name.rs` with an optional `name/` beside it, or
        // `name/mod.rs`; the folder of a `name.rs` is seen with the file.
        if name == "lib" || (p.is_dir() && src.join(format!("{name}.rs")).exists()) {
            continue;
        }
        let mut files = Vec::new();
        if p.is_dir() {
            files_of(&p, &mut files);
        } else {
            files.push(p.clone());
            let folder = src.join(&name);
            if folder.is_dir() {
                files_of(&folder, &mut files);
            }
        }
        let mut uses = BTreeSet::new();
        for f in files {
            uses_in(&f, &mut uses);
        }
        uses.remove(&name);
        graph.insert(name, uses);
    }
    graph
}

/// The "may use" table of docs/architecture.md: rows `| module | a, b |`
/// between the markers.
fn documented_graph() -> BTreeMap<String, BTreeSet<String>> {
    let doc = fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    let start = doc
        .find("<!-- layers:begin -->")
        .expect("docs/architecture.md has the layers table");
    let end = doc.find("<!-- layers:end -->").unwrap();
    let mut graph = BTreeMap::new();
    for line in doc[start..end].lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !cells[1].starts_with('`') {
            continue;
        }
        let module = cells[1].trim_matches('`').to_string();
        let uses = cells[2]
            .split(',')
            .map(|s| s.trim().trim_matches('`'))
            .filter(|s| !s.is_empty() && *s != "—")
            .map(String::from)
            .collect();
        graph.insert(module, uses);
    }
    graph
}

#[test]
fn the_core_modules_use_exactly_what_the_architecture_document_says() {
    let actual = core_graph();
    let documented = documented_graph();
    let mut problems = Vec::new();
    for (module, uses) in &actual {
        match documented.get(module) {
            None => problems.push(format!("`{module}` is not in the table")),
            Some(allowed) => {
                for u in uses.difference(allowed) {
                    problems.push(format!(
                        "`{module}` uses `{u}`, which the table does not say"
                    ));
                }
                for u in allowed.difference(uses) {
                    problems.push(format!("the table says `{module}` uses `{u}`; it does not"));
                }
            }
        }
    }
    for module in documented.keys() {
        if !actual.contains_key(module) {
            problems.push(format!(
                "the table lists `{module}`, which is not a core module"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/architecture.md and crates/core disagree:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_core_crate_has_no_terminal_or_command_line_dependency() {
    let manifest = fs::read_to_string(root().join("crates/core/Cargo.toml")).unwrap();
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .expect("the core has dependencies");
    for shell in [
        "ratatui",
        "crossterm",
        "clap",
        "signal-hook",
        "portable-pty",
    ] {
        assert!(
            !deps.lines().any(|l| l.trim_start().starts_with(shell)),
            "the core depends on {shell}"
        );
    }
}

#[test]
fn the_rules_never_read_files() {
    // Findings are a pure function of the register and a date.
    let mut files = Vec::new();
    files_of(&root().join("crates/core/src/rules"), &mut files);
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        for io in ["std::fs", "std::io", "crate::store"] {
            assert!(!text.contains(io), "{} uses {io}", f.display());
        }
    }
}
