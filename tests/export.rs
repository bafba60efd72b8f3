//! `rasci export doc|matrix|org`: content, structure, determinism, the
//! content hash, private output files, and register text that tries to
//! attack the programs that open the exports.

use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::rasci;
use sha2::{Digest, Sha256};

/// Runs `rasci -w ws export ARGS...`, expects success, returns stdout.
fn export(home: &Path, ws: &Path, args: &[&str]) -> Vec<u8> {
    let out = rasci(home)
        .arg("--workspace")
        .arg(ws)
        .arg("export")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "export {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn export_text(home: &Path, ws: &Path, args: &[&str]) -> String {
    String::from_utf8(export(home, ws, args)).unwrap()
}

/// The `sha256:...` content hash printed in a document.
fn hash_in(doc: &str) -> String {
    let at = doc.find("sha256:").expect("a content hash");
    doc[at..at + 71].to_string()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

const VOID: [&str; 8] = ["meta", "br", "hr", "img", "link", "input", "col", "wbr"];

/// Every opened HTML tag is closed, in order (void elements aside).
fn assert_tags_balance(html: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').expect("unclosed <");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name.trim(), "</{name}> closes <{open}>");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(!name.is_empty(), "odd tag <{tag}>");
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        if name == "style" {
            let close = rest.find("</style>").expect("style closed");
            rest = &rest[close + "</style>".len()..];
            continue;
        }
        stack.push(name);
    }
    assert!(stack.is_empty(), "never closed: {stack:?}");
}

/// `text` with the inside of every double-quoted string removed (a DOT
/// string: backslash escapes the next character). Panics when a string is
/// left open.
fn strip_dot_strings(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            out.push(c);
            continue;
        }
        out.push_str("\"\"");
        loop {
            match chars.next() {
                Some('\\') => {
                    chars.next();
                }
                Some('"') => break,
                Some(_) => {}
                None => panic!("unterminated string in {text}"),
            }
        }
    }
    out
}

/// Checks DOT syntax as far as the tests need: one `digraph { }` with
/// balanced braces and brackets outside strings, and every edge between
/// declared nodes with safe ids.
fn assert_valid_dot(dot: &str) {
    let bare = strip_dot_strings(dot);
    assert_eq!(bare.matches('{').count(), 1, "{bare}");
    assert_eq!(bare.matches('}').count(), 1);
    assert_eq!(bare.matches('[').count(), bare.matches(']').count());
    assert!(bare.contains("digraph org {"));
    let mut declared = std::collections::HashSet::new();
    let mut edges = Vec::new();
    for line in bare.lines().map(str::trim) {
        if let Some((a, b)) = line.strip_suffix(';').and_then(|l| l.split_once(" -> ")) {
            edges.push((a.to_string(), b.to_string()));
        } else if let Some((id, _)) = line.split_once(" [label=") {
            assert!(
                id.starts_with('p') && id[1..].chars().all(|c| c.is_ascii_digit()),
                "{id}"
            );
            declared.insert(id.to_string());
        }
    }
    assert!(!declared.is_empty());
    for (a, b) in &edges {
        assert!(declared.contains(a) && declared.contains(b), "{a} -> {b}");
    }
}

/// Mermaid: a flowchart whose nodes have safe ids and quoted labels with
/// no quote, backtick or angle bracket from the register inside.
fn assert_valid_mermaid(m: &str) {
    let mut lines = m.lines().filter(|l| !l.starts_with("%%"));
    assert_eq!(lines.next(), Some("flowchart TD"));
    let mut declared = std::collections::HashSet::new();
    for line in lines.map(str::trim) {
        if let Some((id, label)) = line.split_once("[\"") {
            assert!(
                id.starts_with('p') && id[1..].chars().all(|c| c.is_ascii_digit()),
                "{id}"
            );
            let inner = label.strip_suffix("\"]").expect("label closed");
            let inner = inner.replace("<br/>", "");
            assert!(!inner.contains(['"', '`', '<', '>', '[', ']']), "{inner}");
            declared.insert(id.to_string());
        } else if let Some((a, b)) = line.split_once(" --> ") {
            assert!(declared.contains(a) && declared.contains(b), "{line}");
        } else {
            assert!(
                line.starts_with("classDef ") || line.starts_with("class "),
                "unexpected line {line}"
            );
        }
    }
    assert!(!declared.is_empty());
}

#[test]
fn doc_markdown_names_roles_holders_and_findings() {
    let (home, ws) = common::demo_home();
    let md = export_text(home.path(), &ws, &["doc"]);
    assert!(md.starts_with("# Roles, responsibilities and authorities"));
    assert!(md.contains("Larkmoor Analytics Ltd"));
    assert!(md.contains("| Document date | 2026-11-27 |"));
    // 16 roles, each with its own section.
    assert!(md.contains("### 2.16 "), "16 roles");
    assert!(!md.contains("### 2.17 "));
    // The ISM: holder with email, deputy, evidence, acknowledgement, and
    // competence with dates.
    assert!(md.contains(
        "| Siobhan Brennan | siobhan.brennan@larkmoor.example | 2024-02-01 | open-ended | Katarzyna Kowalczyk"
    ));
    assert!(md.contains("Appointment letter HR-APP-2024-006 | 2024-02-01 |"));
    assert!(md.contains("| isms-implementation | expiring on 2027-01-12 (in 46 days) |"));
    assert!(
        md.contains("expired on 2026-08-31"),
        "Kenji Sato's expired training"
    );
    // The matrix: A.5.15's A is the ism column.
    let table_head = md
        .lines()
        .find(|l| l.starts_with("| Subject | Title |"))
        .unwrap();
    let cols: Vec<&str> = table_head.split(" | ").collect();
    let ism = cols.iter().position(|c| *c == "ism").unwrap();
    let row = md.lines().find(|l| l.starts_with("| A.5.15 |")).unwrap();
    let cells: Vec<&str> = row.split(" | ").collect();
    assert_eq!(cells[ism], "A", "{row}");
    assert_eq!(cells.iter().filter(|c| **c == "A").count(), 1);
    // Org chart with the leaver marked, and findings by severity.
    assert!(md.contains("- Marek Nowak, Head of IT \\[left 2026-09-30\\]: **Head of IT**"));
    assert!(md.contains("### Errors (8)"));
    assert!(
        md.contains("| people/leaver-holds-role | 5.3 | assignment head-of-it/mnowak@2020-09-01 |")
    );
    assert!(md.contains("### Warnings ("));
    assert!(md.contains("### For information ("));
    // An asset owner: owner of what, in its own column.
    assert!(
        md.contains("| Tamás Varga | Larkmoor Insight application and its source code |"),
        "asset owner's asset"
    );
    assert!(md.contains("| Holder | Note | Email |"));
}

#[test]
fn doc_html_is_self_contained_well_formed_and_prints() {
    let (home, ws) = common::demo_home();
    let html = export_text(home.path(), &ws, &["doc", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"),
        "the document carries a policy that forbids scripts and fetches"
    );
    assert_tags_balance(&html);
    for forbidden in [
        "http://", "https://", "<script", "<link", "src=", "url(", "@import", "<iframe",
    ] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
    // Semantic tables, letters that read without colour, a print sheet.
    assert!(html.contains("<th scope=\"col\">Subject</th>"));
    assert!(html.contains("<th scope=\"row\">A.5.15</th>"));
    assert!(html.contains("<th scope=\"rowgroup\""));
    assert!(html.contains("<td class=\"l l-A\" title=\"Accountable\">A</td>"));
    assert!(html.contains("@media print"));
    assert!(html.contains("break-before: page"));
    assert!(html.contains("thead { display: table-header-group; }"));
    assert!(html.contains("print-color-adjust: exact"));
    assert!(html.contains("Siobhan Brennan"));
    assert!(html.contains("status-expiring"));
    assert!(html.contains("people/leaver-holds-role"));
    assert_eq!(html.matches("<article class=\"role\"").count(), 16);
    let hash = hash_in(&html);
    let md = export_text(home.path(), &ws, &["doc"]);
    assert_eq!(hash, hash_in(&md), "one hash for both formats");
}

#[test]
fn exports_are_deterministic() {
    let (home, ws) = common::demo_home();
    for args in [
        &["doc"][..],
        &["doc", "--format", "html"],
        &["doc", "--format", "json"],
        &["matrix"],
        &["org"],
        &["org", "--format", "mermaid"],
    ] {
        assert_eq!(
            export(home.path(), &ws, args),
            export(home.path(), &ws, args),
            "{args:?}"
        );
    }
    let a = home.path().join("a.xlsx");
    let b = home.path().join("b.xlsx");
    for f in [&a, &b] {
        export(
            home.path(),
            &ws,
            &["matrix", "--format", "xlsx", "-o", f.to_str().unwrap()],
        );
    }
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
}

#[test]
fn content_hash_follows_content_not_layout() {
    let (home, ws) = common::demo_home();
    let hash = |home: &Path| hash_in(&export_text(home, &ws, &["doc"]));
    let before = hash(home.path());

    // The hash is the SHA-256 of the canonical JSON, as documented.
    let json = export(home.path(), &ws, &["doc", "--format", "json"]);
    assert_eq!(before, format!("sha256:{}", sha256_hex(&json)));
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert!(value["people"]["sbrennan"].is_object());

    // Comments and blank lines are layout.
    let people = ws.join("people.toml");
    let mut text = fs::read_to_string(&people).unwrap();
    text.push_str("\n# A comment added by hand.\n\n");
    let text = text.replacen(
        "\n[person.hokafor]",
        "\n# another comment\n\n[person.hokafor]  # trailing comment",
        1,
    );
    fs::write(&people, text).unwrap();
    assert_eq!(before, hash(home.path()));

    // One cell of the matrix is content.
    let matrix = ws.join("matrix.toml");
    let text = fs::read_to_string(&matrix).unwrap();
    let at = text.find("[\"4.1\"]").unwrap();
    let cell = at + text[at..].find("ism = \"R\"").unwrap();
    let changed = format!("{}ism = \"C\"{}", &text[..cell], &text[cell + 9..]);
    fs::write(&matrix, changed).unwrap();
    assert_ne!(before, hash(home.path()));
}

#[test]
fn matrix_csv_has_role_columns_and_a_row_per_subject() {
    let (home, ws) = common::demo_home();
    let bytes = export(home.path(), &ws, &["matrix"]);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ids = &rows[0];
    assert_eq!(
        ids.iter().take(3).collect::<Vec<_>>(),
        ["subject", "title", "group"]
    );
    assert_eq!(ids.len(), 3 + 16);
    let ism = ids.iter().position(|c| c == "ism").unwrap();
    assert_eq!(&rows[1][ism], "Information Security Manager");
    assert_eq!(&rows[1][0], "");
    let a515 = rows.iter().find(|r| &r[0] == "A.5.15").unwrap();
    assert_eq!(&a515[1], "Access control");
    assert_eq!(&a515[2], "A.5 Organizational controls");
    assert_eq!(&a515[ism], "A");
    // 30 clauses, 93 controls and the demo's activities.
    assert!(rows.len() >= 2 + 123, "{}", rows.len());
    assert!(rows.iter().any(|r| &r[0] == "approve-access"));
}

#[test]
fn xlsx_needs_a_file_and_files_are_private() {
    let (home, ws) = common::demo_home();
    let out = rasci(home.path())
        .arg("-w")
        .arg(&ws)
        .args(["export", "matrix", "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o FILE"));

    for (args, file) in [
        (&["matrix", "--format", "xlsx"][..], "m.xlsx"),
        (&["matrix"], "m.csv"),
        (&["doc", "--format", "html"], "doc.html"),
        (&["org", "--format", "mermaid"], "org.mmd"),
    ] {
        let path = home.path().join(file);
        let mut full = args.to_vec();
        full.extend(["-o", path.to_str().unwrap()]);
        let stdout = export_text(home.path(), &ws, &full);
        assert!(stdout.starts_with("Wrote "), "{stdout}");
        let bytes = fs::read(&path).unwrap();
        assert!(!bytes.is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{file}");
        }
        if file.ends_with(".xlsx") {
            assert!(bytes.starts_with(b"PK\x03\x04"), "a zip");
        }
    }
    // `-o -` is standard output.
    let csv = export(home.path(), &ws, &["matrix", "-o", "-"]);
    assert!(csv.starts_with(b"subject,title,group,"));
}

#[test]
fn an_export_never_overwrites_the_register() {
    let (home, ws) = common::demo_home();
    let people = ws.join("people.toml");
    let before = fs::read(&people).unwrap();
    rasci(home.path())
        .current_dir(&ws)
        .args(["export", "doc", "-o", "people.toml"])
        .assert()
        .code(2);
    assert_eq!(before, fs::read(&people).unwrap());
}

#[test]
fn org_chart_syntax_and_markers() {
    let (home, ws) = common::demo_home();
    let dot = export_text(home.path(), &ws, &["org"]);
    assert_valid_dot(&dot);
    assert!(dot.contains("Marek Nowak\\nHead of IT\\nRoles: Head of IT\\n[left 2026-09-30]"));
    assert!(dot.contains("[external]"));
    assert!(dot.contains("style=\"rounded,dashed\""));
    let mermaid = export_text(home.path(), &ws, &["org", "--format", "mermaid"]);
    assert_valid_mermaid(&mermaid);
    assert!(mermaid.contains("Siobhan Brennan<br/>Information Security Manager<br/>Roles: "));
    assert!(mermaid.contains("#91;left 2026-09-30#93;"));
    assert!(mermaid.contains("class ") && mermaid.contains(" leaver"));
    // As of a date before Marek Nowak left, he is not marked.
    let past = rasci(home.path())
        .arg("-w")
        .arg(&ws)
        .args(["--as-of", "2026-01-01", "export", "org"])
        .output()
        .unwrap();
    let past = String::from_utf8(past.stdout).unwrap();
    assert_valid_dot(&past);
    assert!(past.contains("Marek Nowak\\nHead of IT\\nRoles: Head of IT\""));
}

use rasci::sample::HOSTILE;

/// A TOML basic string holding `s`, quoted as the store writes one.
fn toml_str(s: &str) -> String {
    rasci::store::basic_string(s)
}

/// The demo with hostile names on people, roles, the organisation and an
/// activity.
fn hostile_demo() -> (tempfile::TempDir, PathBuf) {
    let (home, ws) = common::demo_home();
    let edit = |file: &str, pairs: &[(&str, String)]| {
        for (from, to) in pairs {
            common::hand_edit(&ws.join(file), from, to);
        }
    };
    let people = [
        "Helen Okafor",
        "Rosa Delgado",
        "Daniel Mensah",
        "Siobhan Brennan",
        "Marek Nowak",
        "Priya Raman",
        "Callum Reid",
        "Lena Fischer",
        "Owen Keane",
        "Kenji Sato",
    ];
    let pairs: Vec<(&str, String)> = people
        .iter()
        .zip(HOSTILE)
        .map(|(name, bad)| (*name, bad.to_string()))
        .collect();
    // Names are replaced inside their quotes: "Helen Okafor" → "<bad>".
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(n, bad)| {
            (
                format!("name = \"{n}\""),
                format!("name = {}", toml_str(&bad)),
            )
        })
        .collect();
    let borrowed: Vec<(&str, String)> =
        pairs.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
    edit("people.toml", &borrowed);
    edit(
        "roles.toml",
        &[
            (
                "name = \"Information Security Manager\"",
                format!("name = {}", toml_str(HOSTILE[5])),
            ),
            (
                "name = \"Top management\"",
                format!("name = {}", toml_str(HOSTILE[0])),
            ),
            (
                "name = \"Head of IT\"",
                format!("name = {}", toml_str(HOSTILE[8])),
            ),
            (
                "evidence = \"Appointment letter HR-APP-2024-006\"",
                format!("evidence = {}", toml_str("@SUM(1) \u{1b}]0;pwned\u{7} | x")),
            ),
        ],
    );
    edit(
        "workspace.toml",
        &[
            (
                "name = \"Larkmoor Analytics Ltd\"",
                format!(
                    "name = {}",
                    toml_str("\"quote\" <b>Larkmoor</b> & a|b \u{202e}")
                ),
            ),
            (
                "title = \"Carry out internal audits\"",
                format!("title = {}", toml_str(HOSTILE[0])),
            ),
            (
                "theme = \"Assurance activities\"",
                format!("theme = {}", toml_str(HOSTILE[3])),
            ),
        ],
    );
    (home, ws)
}

fn assert_no_raw_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for c in text.chars() {
        // Line feeds are the only control character an export may hold.
        assert!(
            c == '\n' || !rasci::text::is_unsafe_char(c),
            "{what}: raw {c:?}"
        );
    }
}

#[test]
fn hostile_names_are_defanged_in_every_format() {
    let (home, ws) = hostile_demo();

    // CSV: no cell a spreadsheet would run.
    let csv_bytes = export(home.path(), &ws, &["matrix"]);
    assert_no_raw_controls("csv", &csv_bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_bytes.as_slice());
    let mut seen_hyperlink = false;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "live cell {cell:?}"
            );
            seen_hyperlink |= cell == "'=HYPERLINK(\"http://evil\",\"x\")";
        }
    }
    assert!(
        seen_hyperlink,
        "the role name and activity title are kept, defused"
    );

    // xlsx: every cell the workbook receives is defused (the file is a
    // compressed zip; the tables are what gets written into it).
    let (_, workspace) = rasci::store::load(&ws).unwrap();
    let today = "2026-11-27".parse().unwrap();
    let findings = rasci::rules::findings(&workspace, today);
    let mut cells = 0;
    for sheet in rasci::export::matrix::workbook_sheets(&workspace, &findings, today) {
        for cell in sheet.rows.iter().flatten() {
            cells += 1;
            assert!(
                !cell.text.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{}: live cell {:?}",
                sheet.name,
                cell.text
            );
            assert_no_raw_controls(sheet.name, cell.text.as_bytes());
        }
    }
    assert!(cells > 1000);
    let xlsx = home.path().join("m.xlsx");
    export(
        home.path(),
        &ws,
        &["matrix", "--format", "xlsx", "-o", xlsx.to_str().unwrap()],
    );

    // HTML: escaped text and attributes, still well formed.
    let html = export_text(home.path(), &ws, &["doc", "--format", "html"]);
    assert_no_raw_controls("html", html.as_bytes());
    assert_tags_balance(&html);
    assert!(!html.contains("<script"));
    assert!(!html.contains("<b>Larkmoor"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;quote&quot; &lt;b&gt;Larkmoor&lt;/b&gt; &amp; a|b ?"));
    assert!(html.contains("title=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));

    // Markdown: no raw HTML, table cells keep their shape.
    let md = export_text(home.path(), &ws, &["doc"]);
    assert_no_raw_controls("md", md.as_bytes());
    let bytes = md.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if matches!(b, b'<' | b'>') {
            assert_eq!(
                bytes[i - 1],
                b'\\',
                "raw HTML in {}",
                String::from_utf8_lossy(&bytes[i.saturating_sub(20)..(i + 20).min(bytes.len())])
            );
        }
    }
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(md.contains("@SUM(1) ?\\]0;pwned? \\| x"));
    for table in md.split("\n\n").filter(|b| b.starts_with("| ")) {
        let widths: Vec<usize> = table
            .lines()
            .map(|l| l.replace("\\|", "").matches('|').count())
            .collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{table}");
    }

    // DOT and Mermaid: labels stay closed, ids are ours.
    let dot = export_text(home.path(), &ws, &["org"]);
    assert_no_raw_controls("dot", dot.as_bytes());
    assert_valid_dot(&dot);
    assert!(dot.contains("\\\"quote\\\""));
    let mermaid = export_text(home.path(), &ws, &["org", "--format", "mermaid"]);
    assert_no_raw_controls("mermaid", mermaid.as_bytes());
    assert_valid_mermaid(&mermaid);
    assert!(mermaid.contains("#quot;quote#quot;"));
    assert!(mermaid.contains("#lt;script#gt;alert#40;1#41;#lt;/script#gt;"));
}

#[test]
fn a_broken_workspace_exits_2() {
    let (home, ws) = common::demo_home();
    fs::write(ws.join("roles.toml"), "[role.x\nname = 1\n").unwrap();
    let out = rasci(home.path())
        .arg("-w")
        .arg(&ws)
        .args(["export", "doc"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn an_export_never_writes_into_the_state_folder() {
    let (home, ws) = common::demo_home();
    let lock = ws.join(".rasci/lock");
    std::fs::write(&lock, "pid 1").unwrap();
    let out = rasci(home.path())
        .args(["export", "org", "-w"])
        .arg(&ws)
        .arg("-o")
        .arg(&lock)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".rasci folder"));
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), "pid 1");
}

/// The content hash is written straight from the model (no
/// `serde_json::Value` of the register): its bytes must be those of the
/// `Value` route, on the demo and on generated registers of several sizes
/// and seeds, or every hash printed so far would change.
#[test]
fn canonical_json_is_the_value_routes_bytes_on_the_demo_and_generated_registers() {
    use rasci_core::synth::{Spec, write_workspace};
    let demo = tempfile::tempdir().unwrap();
    rasci::store::template::init(demo.path(), rasci::store::template::Template::Demo).unwrap();
    let mut dirs = vec![demo];
    for (people, roles, matrix_entries, seed) in [(40, 30, 120, 1), (600, 80, 900, 7)] {
        let dir = tempfile::tempdir().unwrap();
        let spec = Spec {
            people,
            roles,
            matrix_entries,
            seed,
        };
        write_workspace(&spec, dir.path()).unwrap();
        dirs.push(dir);
    }
    for dir in &dirs {
        let (_, ws) = rasci::store::load(dir.path()).expect("loads");
        let direct = rasci::export::canonical_json(&ws);
        let reference = rasci::export::canonical_json_via_value(&ws);
        assert!(direct.len() > 1000, "{} bytes", direct.len());
        assert!(
            direct == reference,
            "canonical JSON differs for {}",
            dir.path().display()
        );
    }
}
