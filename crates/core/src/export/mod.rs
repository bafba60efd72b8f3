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

mod canonical;
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
///
/// The bytes are written straight from the model's serialisation, without
/// an intermediate `serde_json::Value` of the whole register (see
/// `export/canonical.rs`); the `Value` route is kept for what the direct
/// writer does not take (a map key that is not a string, which the model
/// does not have) and as the reference the tests compare against.
pub fn canonical_json(ws: &Workspace) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 * 1024);
    match canonical::write(ws, &mut out) {
        Ok(()) => out,
        Err(_) => canonical_json_via_value(ws),
    }
}

/// [`canonical_json`] through a `serde_json::Value` of the whole register:
/// the definition's first implementation, slower and kept as the
/// reference (the scale tests compare the two on generated registers).
#[doc(hidden)]
pub fn canonical_json_via_value(ws: &Workspace) -> Vec<u8> {
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
    canonical::write_str(s, out);
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

    /// A register whose text has everything the escaping treats apart:
    /// quotes, backslashes, C0, DEL, C1 and bidirectional controls, wide
    /// and astral characters, and numbers with fractions.
    fn awkward() -> Workspace {
        let mut ws = crate::sample::clean();
        ws.organisation.name =
            "Q\"uote\\ \u{1b}[31m \u{7f} \u{85} \u{202e}x \u{2067} 日本 🦀".into();
        let first = ws.people.keys().next().unwrap().clone();
        let p = ws.people.get_mut(&first).unwrap();
        p.name = "tab\tnew\nline\r\u{0}\u{9b}".into();
        p.title = Some("\u{200f}rtl\u{2066}".into());
        p.email = None;
        ws
    }

    #[test]
    fn direct_writer_gives_the_value_route_bytes() {
        for ws in [crate::sample::clean(), awkward(), Workspace::default()] {
            let direct = {
                let mut out = Vec::new();
                canonical::write(&ws, &mut out).expect("the model has only string keys");
                out
            };
            let reference = canonical_json_via_value(&ws);
            assert_eq!(
                String::from_utf8_lossy(&direct),
                String::from_utf8_lossy(&reference)
            );
            assert_eq!(canonical_json(&ws), reference);
        }
        // The awkward text is escaped, not passed through.
        let text = String::from_utf8(canonical_json(&awkward())).unwrap();
        assert!(text.contains("\\u202e"), "{text}");
        assert!(!text.contains('\u{202e}') && !text.contains('\u{1b}') && !text.contains('\u{7f}'));
    }

    #[test]
    fn direct_writer_sorts_nested_maps_and_keeps_the_last_of_equal_keys() {
        use std::collections::BTreeMap;
        #[derive(serde::Serialize)]
        struct S {
            zeta: u8,
            alpha: Option<f64>,
            mid: Vec<BTreeMap<u32, &'static str>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            gone: Option<u8>,
            e: E,
        }
        #[derive(serde::Serialize)]
        enum E {
            V { b: bool, a: char },
        }
        let v = S {
            zeta: 1,
            alpha: Some(0.1),
            mid: vec![BTreeMap::from([(10, "x"), (9, "y")])],
            gone: None,
            e: E::V {
                b: true,
                a: '\u{7f}',
            },
        };
        let mut out = Vec::new();
        canonical::write(&v, &mut out).unwrap();
        let mut reference = Vec::new();
        write_canonical(&serde_json::to_value(&v).unwrap(), &mut reference);
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            String::from_utf8(reference).unwrap()
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"alpha":0.1,"e":{"V":{"a":"\u007f","b":true}},"mid":[{"10":"x","9":"y"}],"zeta":1}"#
        );

        // Map keys equal after conversion: the later value wins, as in a Value.
        struct Twice;
        impl serde::Serialize for Twice {
            fn serialize<Z: serde::Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("k", &1)?;
                m.serialize_entry("a", &0)?;
                m.serialize_entry("k", &2)?;
                m.end()
            }
        }
        let mut out = Vec::new();
        canonical::write(&Twice, &mut out).unwrap();
        assert_eq!(out, br#"{"a":0,"k":2}"#);
    }

    proptest::proptest! {
        #[test]
        fn direct_writer_matches_on_any_text(name in "\\PC{0,12}", title in proptest::option::of(".{0,8}"), fte in proptest::option::of(-1e6f64..1e6)) {
            let mut ws = crate::sample::clean();
            ws.organisation.name = name;
            let first = ws.people.keys().next().unwrap().clone();
            ws.people.get_mut(&first).unwrap().title = title;
            if let Some(r) = ws.roles.values_mut().next() {
                r.fte = fte;
            }
            proptest::prop_assert_eq!(canonical_json(&ws), canonical_json_via_value(&ws));
        }
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
