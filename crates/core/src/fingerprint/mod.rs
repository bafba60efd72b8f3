//! A stable fingerprint of the register's content, recorded with each
//! management sign-off so that later changes can be detected.
//!
//! It covers everything but the sign-offs themselves and ignores layout and
//! comments: only what the register says counts.

use std::io::Write;

use crate::model::Workspace;

/// How a fingerprint was made, told by its prefix. Old versions are still
/// read: a sign-off keeps the value it was given, and the register is
/// fingerprinted the same way to compare with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `v1:` and 16 hex digits: a 64-bit FNV-style hash. Detects changes,
    /// but is no evidence against a deliberate forgery.
    V1,
    /// `v2:` and 64 hex digits: SHA-256 of the same canonical bytes, strong
    /// enough for a sign-off an auditor verifies against the history.
    V2,
}

/// The version new sign-offs record.
pub const CURRENT: Version = Version::V2;

impl Version {
    /// The version of a recorded fingerprint, from its prefix; `None` for
    /// one this program does not know (made by a later version, or typed).
    pub fn of(recorded: &str) -> Option<Version> {
        let (prefix, hex) = recorded.split_once(':')?;
        let digits = match prefix {
            "v1" => 16,
            "v2" => 64,
            _ => return None,
        };
        (hex.len() == digits && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(
            match prefix {
                "v1" => Version::V1,
                _ => Version::V2,
            },
        )
    }
}

/// The register's fingerprint in the [`CURRENT`] version (`v2:` and 64 hex
/// digits), as a new sign-off records it.
pub fn fingerprint(ws: &Workspace) -> String {
    fingerprint_as(ws, CURRENT)
}

/// The register's fingerprint made as `version` makes it.
///
/// Both versions hash the compact JSON (`serde_json`) of the register; the
/// private `canonical` module writes exactly those bytes straight into the
/// hash, several times faster than `serde_json` itself, and falls back to
/// `serde_json` for anything it does not handle. For large registers the
/// second part of the stream (the later people, the roles and the matrix)
/// is written on a second thread while the first is hashed, then hashed in
/// turn.
pub fn fingerprint_as(ws: &Workspace, version: Version) -> String {
    let view = covered(ws);
    let cut = (ws.people.len() >= canonical::SPLIT_MIN_PEOPLE).then(|| ws.people.len() * 11 / 20);
    canonical::hash_workspace(ws, cut, version)
        .unwrap_or_else(|_| reference(&view, version))
        .text()
}

/// Does the register still have the fingerprint `recorded`? Made in the
/// version `recorded` was made in; `None` when that version is unknown, so
/// nobody can tell.
pub fn matches(ws: &Workspace, recorded: &str) -> Option<bool> {
    Version::of(recorded).map(|v| fingerprint_as(ws, v) == recorded)
}

/// What the fingerprint covers, in this order: everything but the
/// sign-offs, with the matrix as [`Letters`] sees it.
#[allow(clippy::type_complexity)]
fn covered(
    ws: &Workspace,
) -> (
    &crate::model::Organisation,
    &crate::model::Settings,
    &indexmap::IndexMap<String, crate::model::SodRule>,
    &indexmap::IndexMap<String, crate::model::Activity>,
    &indexmap::IndexMap<String, crate::model::Exclusion>,
    &indexmap::IndexMap<String, crate::model::Person>,
    &indexmap::IndexMap<String, crate::model::Role>,
    Letters<'_>,
) {
    (
        &ws.organisation,
        &ws.settings,
        &ws.sod_rules,
        &ws.activities,
        &ws.exclusions,
        &ws.people,
        &ws.roles,
        Letters(&ws.matrix),
    )
}

/// The matrix as the fingerprint sees it: `{"rows": ...}` without rows
/// that hold no letter, so an empty `["A.5.1"]` table changes nothing.
/// Keyed collections stay in file order: sorting them by hand counts as a
/// change, which keeps the fingerprint a single sequential pass (it runs
/// on every edit).
pub(crate) struct Letters<'a>(pub &'a crate::model::Matrix);

impl serde::Serialize for Letters<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Rows<'a>(&'a crate::model::Matrix);
        impl serde::Serialize for Rows<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.rows.iter().filter(|(_, row)| !row.is_empty()))
            }
        }
        let mut st = s.serialize_struct("Matrix", 1)?;
        st.serialize_field("rows", &Rows(self.0))?;
        st.end()
    }
}

/// The definition of the v1 hash: FNV-style words over `serde_json`'s
/// compact output. Serialising to JSON gives a canonical byte stream defined
/// by our own field names and order; it cannot fail when writing to a hasher.
fn reference<T: serde::Serialize + ?Sized>(value: &T, version: Version) -> Sink {
    let mut h = Sink::new(version);
    let _ = serde_json::to_writer(&mut h, value);
    h
}

/// [`reference`] in version 1, as a number (what the tests compare).
#[cfg(test)]
fn reference_hash<T: serde::Serialize + ?Sized>(value: &T) -> u64 {
    reference(value, Version::V1).v1()
}

/// Where the canonical bytes go: the hash of one version or the other.
enum Sink {
    V1(Hasher),
    V2(sha2::Sha256),
}

impl Sink {
    fn new(version: Version) -> Sink {
        match version {
            Version::V1 => Sink::V1(Hasher::new()),
            Version::V2 => Sink::V2(<sha2::Sha256 as sha2::Digest>::new()),
        }
    }

    /// The fingerprint as recorded: version prefix and hex digits.
    fn text(self) -> String {
        match self {
            Sink::V1(h) => format!("v1:{:016x}", h.finish()),
            Sink::V2(h) => {
                let digest = sha2::Digest::finalize(h);
                let mut out = String::with_capacity(67);
                out.push_str("v2:");
                for b in digest {
                    out.push_str(&format!("{b:02x}"));
                }
                out
            }
        }
    }

    /// The version 1 value (tests only: a v2 sink here is a test's mistake).
    #[cfg(test)]
    fn v1(self) -> u64 {
        match self {
            Sink::V1(h) => h.finish(),
            Sink::V2(_) => panic!("not a version 1 hash"),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::V1(h) => h.write(buf),
            Sink::V2(h) => {
                sha2::Digest::update(h, buf);
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// FNV-1a over 64-bit words: simple, defined here (so it never changes with
/// the compiler, unlike `std`'s hasher) and fast enough for every edit.
struct Hasher {
    state: u64,
    tail: [u8; 8],
    tail_len: usize,
}

const PRIME: u64 = 0x0000_0100_0000_01b3;
const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

impl Hasher {
    fn new() -> Hasher {
        Hasher {
            state: OFFSET,
            tail: [0; 8],
            tail_len: 0,
        }
    }

    fn word(&mut self, w: u64) {
        self.state = (self.state ^ w).wrapping_mul(PRIME).rotate_left(23);
    }

    fn finish(mut self) -> u64 {
        let n = self.tail_len;
        let mut last = [0u8; 8];
        last[..n].copy_from_slice(&self.tail[..n]);
        self.word(u64::from_le_bytes(last) ^ ((n as u64) << 56));
        // Final avalanche so that similar registers get unrelated values.
        let mut x = self.state;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

impl Write for Hasher {
    fn write(&mut self, mut buf: &[u8]) -> std::io::Result<usize> {
        let len = buf.len();
        if self.tail_len > 0 {
            let take = (8 - self.tail_len).min(buf.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&buf[..take]);
            self.tail_len += take;
            buf = &buf[take..];
            if self.tail_len < 8 {
                return Ok(len);
            }
            let w = u64::from_le_bytes(self.tail);
            self.word(w);
            self.tail_len = 0;
        }
        let mut chunks = buf.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.word(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
        Ok(len)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

mod canonical;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Letter, Person, Signoff};

    #[test]
    fn an_empty_matrix_row_is_no_change() {
        let ws = crate::sample::clean();
        let mut more = ws.clone();
        more.matrix
            .rows
            .insert("my-activity".into(), indexmap::IndexMap::new());
        assert_eq!(fingerprint(&more), fingerprint(&ws));
        let mut big = ws.clone();
        for i in 0..2_100 {
            let p = crate::sample::person(&format!("p{i:04}"), "Someone", "Security", Some("ceo"));
            big.people.insert(p.id.clone(), p);
        }
        let mut big_more = big.clone();
        big_more
            .matrix
            .rows
            .insert("my-activity".into(), indexmap::IndexMap::new());
        assert_eq!(
            fingerprint(&big_more),
            fingerprint(&big),
            "also on the two-thread path"
        );
    }

    #[test]
    fn same_content_same_fingerprint_and_changes_show() {
        let mut ws = Workspace::default();
        ws.people.insert(
            "a".into(),
            Person {
                id: "a".into(),
                name: "Ann".into(),
                ..Person::default()
            },
        );
        let f1 = fingerprint(&ws);
        assert_eq!(f1, fingerprint(&ws.clone()));
        assert!(f1.starts_with("v2:") && f1.len() == 67, "{f1}");

        ws.signoffs.push(Signoff::default());
        assert_eq!(
            f1,
            fingerprint(&ws),
            "sign-offs are not part of the content"
        );

        ws.matrix.set("A.5.1", "ism", Some(Letter::A));
        assert_ne!(f1, fingerprint(&ws));
    }

    /// v2 is SHA-256 of the very bytes v1 hashes (serde_json's compact
    /// JSON of the view), whichever way they are written.
    #[test]
    fn v2_is_sha256_of_the_canonical_json_and_v1_values_still_compare() {
        use sha2::Digest;
        let ws = crate::sample::clean();
        let view = covered(&ws);
        let json = serde_json::to_vec(&view).unwrap();
        let hex: String = sha2::Sha256::digest(&json)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(fingerprint(&ws), format!("v2:{hex}"));
        for cut in [None, Some(0), Some(1), Some(ws.people.len())] {
            let split = canonical::hash_workspace(&ws, cut, Version::V2)
                .unwrap()
                .text();
            assert_eq!(split, format!("v2:{hex}"), "{cut:?}");
        }
        // An old sign-off's value is compared in its own version.
        let old = fingerprint_as(&ws, Version::V1);
        assert_eq!(matches(&ws, &old), Some(true));
        assert_eq!(matches(&ws, &fingerprint(&ws)), Some(true));
        let mut changed = ws.clone();
        changed
            .matrix
            .set("A.5.1", "ism", Some(crate::model::Letter::R));
        assert_eq!(matches(&changed, &old), Some(false));
        assert_eq!(matches(&changed, &fingerprint(&ws)), Some(false));
        // Unknown or mangled values cannot be told either way.
        for odd in ["v3:00", "v1:xyz", "v2:abc", "", "nonsense"] {
            assert_eq!(Version::of(odd), None, "{odd}");
            assert_eq!(matches(&ws, odd), None, "{odd}");
        }
    }

    /// The fast serializer must produce exactly `serde_json`'s bytes.
    fn same_as_reference<T: serde::Serialize>(v: &T) {
        let json = serde_json::to_string(v).unwrap();
        let fast = canonical::hash(v).unwrap_or_else(|_| panic!("declined {json}"));
        assert_eq!(fast, reference_hash(v), "differs on {json}");
    }

    #[test]
    fn fast_serializer_matches_serde_json_on_awkward_values() {
        use std::collections::BTreeMap;

        #[derive(serde::Serialize)]
        enum E {
            Unit,
            New(String),
            Tuple(u8, i64),
            Empty(),
            Struct { a: Option<f64>, b: Vec<u8> },
        }
        #[derive(serde::Serialize)]
        struct Unit;
        #[derive(serde::Serialize)]
        struct Wrap(String);
        #[derive(serde::Serialize)]
        #[serde(tag = "type", rename_all = "kebab-case")]
        enum Tagged {
            OneThing { x: i32 },
        }

        for s in [
            "",
            "plain",
            "quote \" and backslash \\",
            "tab\tnew\nline\r\u{1}\u{1f}\u{7f}",
            "Ünïcødé ✓ 𝄞 \u{202e}",
            "</script>",
        ] {
            same_as_reference(&s);
            same_as_reference(&Wrap(s.to_string()));
            same_as_reference(&E::New(s.to_string()));
            let mut m = indexmap::IndexMap::new();
            m.insert(s.to_string(), s.to_string());
            same_as_reference(&m);
        }
        for f in [
            0.0,
            -0.0,
            0.1,
            0.35,
            1.0,
            1e-7,
            1e21,
            123456.789,
            f64::NAN,
            f64::INFINITY,
            f64::MIN_POSITIVE,
        ] {
            same_as_reference(&f);
            same_as_reference(&(f as f32));
            same_as_reference(&E::Struct {
                a: Some(f),
                b: vec![],
            });
        }
        for n in [0i64, 7, -7, 10, 99, 100, i64::MIN, i64::MAX] {
            same_as_reference(&n);
        }
        same_as_reference(&u64::MAX);
        same_as_reference(&(i8::MIN, i16::MIN, i32::MIN, u8::MAX, u16::MAX, u32::MAX));
        same_as_reference(&['a', '"', '\n', 'é']);
        same_as_reference(&(true, false, (), Unit, None::<u8>, Some(3u8)));
        same_as_reference(&vec![
            E::Unit,
            E::Tuple(1, -2),
            E::Empty(),
            E::New("x".into()),
        ]);
        same_as_reference(&Tagged::OneThing { x: -1 });
        same_as_reference(&(Vec::<u8>::new(), BTreeMap::<String, u8>::new(), [0u8; 0]));
        same_as_reference(&crate::model::Date::new(2026, 2, 28).unwrap());
        struct Shown<'a>(&'a str);
        impl serde::Serialize for Shown<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self.0)
            }
        }
        for text in [
            "",
            "plain",
            "a \"quote\"\n",
            &"long ".repeat(40),
            &"é\t".repeat(40),
        ] {
            same_as_reference(&Shown(text));
        }

        // Shapes left to serde_json still give the reference hash.
        let mut int_keys = BTreeMap::new();
        int_keys.insert(1, "one");
        assert!(canonical::hash(&int_keys).is_err());
        assert!(canonical::hash(&1u128).is_err());
    }

    #[test]
    fn fast_serializer_matches_serde_json_on_registers() {
        use crate::model::{Category, Competency, Date, Duty, PersonKind, Status};
        use crate::store::parse_text;
        use crate::synth::{Spec, generate};
        use std::path::Path;

        let files = generate(&Spec {
            people: 300,
            roles: 40,
            matrix_entries: 800,
            seed: 11,
        });
        let mut ws = Workspace::default();
        for (kind, text) in files.iter() {
            let part = parse_text(kind, Path::new(kind.file_name()), text).unwrap();
            crate::store::splice(kind, &mut ws, part);
        }
        let view = covered(&ws);
        let reference = reference_hash(&view);
        assert_eq!(canonical::hash(&view).unwrap(), reference);
        let n = ws.people.len();
        for cut in [
            None,
            Some(0),
            Some(1),
            Some(n / 2),
            Some(n - 1),
            Some(n),
            Some(n + 5),
        ] {
            assert_eq!(
                canonical::hash_workspace(&ws, cut, Version::V1)
                    .unwrap()
                    .v1(),
                reference,
                "{cut:?}"
            );
        }
        assert_eq!(
            fingerprint_as(&ws, Version::V1),
            format!("v1:{reference:016x}")
        );
        let empty = Workspace::default();
        for cut in [None, Some(0), Some(3)] {
            assert_eq!(
                canonical::hash_workspace(&empty, cut, Version::V1)
                    .unwrap()
                    .v1(),
                reference_hash(&covered(&empty))
            );
        }
        // People with every kind of value the hand-written writer handles.
        let mut ws = ws;
        let dates = [
            Date::new(-5, 1, 1),
            Date::new(0, 2, 29),
            Date::new(999, 12, 31),
            Date::new(9999, 12, 31),
            Date::new(-9999, 1, 1),
        ];
        for (i, p) in ws.people.values_mut().take(40).enumerate() {
            let date = dates[i % dates.len()];
            p.name = ["", "Quote \" in", "back\\slash", "tab\tand\u{1}", "Zoë 𝄞"][i % 5].into();
            p.email = None;
            p.title = (i % 2 == 0).then(|| "new\nline".into());
            p.kind = PersonKind::ALL[i % 4];
            p.status = Status::ALL[i % 2];
            p.joined = date;
            p.left = if i % 3 == 0 { None } else { date };
            p.mfa = i % 2 == 1;
            p.competencies = (0..i % 3)
                .map(|k| Competency {
                    id: format!("c\"{k}"),
                    evidence: (k == 1).then(|| "E".into()),
                    achieved: date,
                    expires: None,
                })
                .collect();
        }
        for (i, r) in ws.roles.values_mut().take(12).enumerate() {
            let date = dates[i % dates.len()];
            r.name = ["", "Quote \" in", "back\\slash", "tab\tand\u{1}"][i % 4].into();
            r.category = Category::ALL[i % Category::ALL.len()];
            r.duties = [
                vec![],
                vec![Duty::Reporting],
                vec![Duty::Conformance, Duty::Reporting],
            ][i % 3]
                .clone();
            r.purpose = (i % 2 == 0).then(|| "p\"".into());
            r.responsibilities = (0..i % 3).map(|k| format!("r{k}\n")).collect();
            r.authorities.clear();
            r.privileged = i % 2 == 0;
            r.needs_deputy = i % 3 == 0;
            r.fte = [None, Some(0.0), Some(0.35), Some(1.0), Some(1e-9)][i % 5];
            r.reviewed = date;
            if i % 4 == 0 {
                r.assignments.clear();
            }
            for a in &mut r.assignments {
                a.person = "x\"y".into();
                a.from = date;
                a.until = None;
                a.deputy = None;
                a.allocation = [None, Some(0.1), Some(0.25), Some(f64::NAN)][i % 4];
                a.evidence = Some("E\\".into());
                a.acknowledged = date;
                a.sponsor = Some(String::new());
                a.contract = None;
                a.note = Some("n".into());
            }
        }
        let reference = reference_hash(&covered(&ws));
        for cut in [None, Some(0), Some(7), Some(ws.people.len())] {
            assert_eq!(
                canonical::hash_workspace(&ws, cut, Version::V1)
                    .unwrap()
                    .v1(),
                reference,
                "{cut:?}"
            );
        }

        same_as_reference(&crate::rules::testkit::clean());
        let mut odd = crate::rules::testkit::clean();
        odd.organisation.name = "Quote \" \u{7}".into();
        odd.people[0].name = "Zoë \\ O'Neil".into();
        same_as_reference(&odd);
    }

    #[test]
    fn escape_detection_is_exact() {
        for len in 0..20 {
            for pos in 0..len {
                for special in [
                    0u8, 0x1f, b'"', b'\\', 0x20, b'!', b'#', b'[', b']', 0x7f, 0xc3,
                ] {
                    let mut s = vec![b'a'; len];
                    s[pos] = special;
                    let expected = special < 0x20 || special == b'"' || special == b'\\';
                    assert_eq!(canonical::needs_escape(&s), expected, "{s:?}");
                }
            }
        }
        // Every byte value on its own, at every position in a word.
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut s = [b'x'; 8];
                s[pos] = b;
                let expected = b < 0x20 || b == b'"' || b == b'\\';
                assert_eq!(canonical::needs_escape(&s), expected, "{b:#x} at {pos}");
            }
        }
    }

    #[test]
    fn chunking_does_not_change_the_hash() {
        let data: Vec<u8> = (0..100u8).collect();
        let mut a = Hasher::new();
        a.write_all(&data).unwrap();
        let mut b = Hasher::new();
        for piece in data.chunks(3) {
            b.write_all(piece).unwrap();
        }
        assert_eq!(a.finish(), b.finish());
    }
}
