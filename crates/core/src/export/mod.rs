//! Exports: the documents an auditor and a management review meeting need,
//! one module per format family. Every renderer is a pure function of the
//! register, its findings and a date, returning the file's bytes; the CLI
//! (`rasci export ...`) only opens the workspace and writes the result.
//!
//! - [`doc`]: the roles and responsibilities document (Markdown, HTML);
//! - [`matrix`]: the RASCI matrix (CSV) and a workbook (xlsx) with the
//!   matrix, roles, people and findings;
//! - [`org`]: the org chart (Graphviz DOT, Mermaid);
//! - [`oscal`]: an OSCAL system security plan;
//! - [`safe`]: escaping and defusing of register text for each format.
//!
//! The content hash printed on documents is defined here: see
//! [`content_hash`].

pub mod doc;
pub mod matrix;
pub mod org;
pub mod oscal;
pub mod safe;

use sha2::{Digest, Sha256};

use crate::model::Workspace;

/// How the content hash is defined, in words, for the documents that print
/// it.
pub const HASH_DEFINITION: &str = "SHA-256 of the canonical JSON of the whole register \
(organisation, settings, segregation-of-duties rules, activities, exclusions, sign-offs, \
people, roles with their assignments, and the matrix) as rasci reads it from the \
workspace files: object keys sorted by their UTF-8 bytes, no white space, strings \
escaped as JSON requires (quotes, backslashes and control characters) and, as \\uXXXX, \
DEL, C1 controls and bidirectional controls too; numbers \
in their shortest form, absent values as null. Comments, key order, blank lines and \
the order of tables in the files do not change it; any change of content does. \
`rasci export doc --format json` prints exactly the hashed bytes, so \
`rasci export doc --format json | sha256sum` recomputes it.";

/// The canonical JSON of the register that [`content_hash`] is computed
/// over: the serde serialisation of [`Workspace`] (the field names of the
/// model), with every object's keys sorted by their UTF-8 bytes and no
/// white space. Arrays keep their order (the order of responsibilities,
/// assignments and sign-offs is content). Strings are escaped as
/// `serde_json` does (`"`, `\` and characters below U+0020), and DEL, C1
/// and bidirectional controls as `\uXXXX` (see `text::json_safe`).
pub fn canonical_json(ws: &Workspace) -> Vec<u8> {
    // Serialising plain data to a JSON value cannot fail: every map key in
    // the model is a string.
    let value = serde_json::to_value(ws).unwrap_or(serde_json::Value::Null);
    let mut out = Vec::with_capacity(64 * 1024);
    write_canonical(&value, &mut out);
    out
}

fn write_canonical(v: &serde_json::Value, out: &mut Vec<u8>) {
    use serde_json::Value;
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            // Sorted here whatever serde_json's map type is (its
            // `preserve_order` feature may be on through another crate).
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (k, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(k, out);
                out.push(b':');
                write_canonical(item, out);
            }
            out.push(b'}');
        }
    }
}

fn write_string(s: &str, out: &mut Vec<u8>) {
    // serde_json's string escaping, plus characters that could steer a
    // terminal, so the printed form is both the hashed bytes and safe.
    let mut plain = Vec::with_capacity(s.len() + 2);
    let _ = serde_json::to_writer(&mut plain, s);
    match std::str::from_utf8(&plain) {
        Ok(text) => out.extend_from_slice(crate::text::json_safe(text).as_bytes()),
        Err(_) => out.extend_from_slice(&plain),
    }
}

/// The content hash of the register: `sha256:` and 64 lowercase hex
/// digits, the SHA-256 of [`canonical_json`]. See [`HASH_DEFINITION`].
pub fn content_hash(ws: &Workspace) -> String {
    let digest = Sha256::digest(canonical_json(ws));
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Letter;

    #[test]
    fn canonical_json_sorts_keys_and_has_no_spaces() {
        let ws = crate::sample::clean();
        let bytes = canonical_json(&ws);
        let text = String::from_utf8(bytes.clone()).unwrap();
        // The same JSON as serde_json gives, up to key order.
        let a: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(a, serde_json::to_value(&ws).unwrap());
        assert!(text.starts_with("{\"activities\":"), "{}", &text[..40]);
        assert!(!text.contains(": ") && !text.contains('\n'));
    }

    #[test]
    fn hash_follows_content_not_order() {
        let ws = crate::sample::clean();
        let h = content_hash(&ws);
        assert!(h.starts_with("sha256:") && h.len() == 71, "{h}");
        assert_eq!(h, content_hash(&ws.clone()));

        // Reordering people (tables in a file) is layout.
        let mut reordered = ws.clone();
        reordered.people.reverse();
        assert_eq!(h, content_hash(&reordered));

        let mut changed = ws.clone();
        changed.matrix.set("A.5.1", "audit", Some(Letter::I));
        assert_ne!(h, content_hash(&changed));
    }

    #[test]
    fn hash_of_known_bytes() {
        // The empty input's SHA-256, as a check of the hex formatting.
        let digest = Sha256::digest(b"");
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
