//! A stable fingerprint of the register's content, recorded with each
//! management sign-off so that later changes can be detected.
//!
//! It covers everything but the sign-offs themselves and ignores layout and
//! comments: only what the register says counts.

use std::io::Write;

use super::Workspace;

/// `v1:` followed by 16 hex digits.
///
/// The hash is defined over the compact JSON (`serde_json`) of the register;
/// the private `canonical` module writes exactly those bytes straight into the hasher, several
/// times faster than `serde_json` itself, and falls back to `serde_json`
/// for anything it does not handle. For large registers the second part of
/// the stream (the later people, the roles and the matrix) is written on a
/// second thread while the first is hashed, then hashed in turn.
pub fn fingerprint(ws: &Workspace) -> String {
    let view = (
        &ws.organisation,
        &ws.settings,
        &ws.sod_rules,
        &ws.activities,
        &ws.exclusions,
        &ws.people,
        &ws.roles,
        Letters(&ws.matrix),
    );
    let cut = (ws.people.len() >= canonical::SPLIT_MIN_PEOPLE).then(|| ws.people.len() * 11 / 20);
    let hash = canonical::hash_workspace(ws, cut).unwrap_or_else(|_| reference_hash(&view));
    format!("v1:{hash:016x}")
}

/// The matrix as the fingerprint sees it: `{"rows": ...}` without rows
/// that hold no letter, so an empty `["A.5.1"]` table changes nothing.
/// Keyed collections stay in file order: sorting them by hand counts as a
/// change, which keeps the fingerprint a single sequential pass (it runs
/// on every edit).
pub(crate) struct Letters<'a>(pub &'a super::Matrix);

impl serde::Serialize for Letters<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Rows<'a>(&'a super::Matrix);
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
fn reference_hash<T: serde::Serialize + ?Sized>(value: &T) -> u64 {
    let mut h = Hasher::new();
    let _ = serde_json::to_writer(&mut h, value);
    h.finish()
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

/// A serializer that writes the same bytes as `serde_json::to_writer`
/// (compact format) into a buffered [`Hasher`], without `serde_json`'s
/// per-byte escaping loop and per-call writer overhead. Floats and strings
/// that need escaping are formatted by `serde_json` itself, so they cannot
/// differ; anything unusual (128-bit integers, non-string map keys...)
/// returns [`Unsupported`] and the caller falls back to [`reference_hash`].
mod canonical {
    use std::fmt;
    use std::io::Write as _;

    use serde::Serialize;
    use serde::ser::{self, Impossible};

    use super::{Hasher, Workspace};
    use crate::model::{Assignment, Competency, Date, Person, Role};

    /// Computes [`super::reference_hash`] of `value`, or fails without a
    /// result when the value uses a shape this serializer leaves to
    /// `serde_json`.
    #[cfg(test)]
    pub fn hash<T: Serialize + ?Sized>(value: &T) -> Result<u64, Unsupported> {
        let mut out = Out::hashing();
        value.serialize(&mut out)?;
        Ok(out.finish())
    }

    /// Below this many people the register is hashed on one thread.
    pub const SPLIT_MIN_PEOPLE: usize = 2_000;

    /// The reference hash of the register's view (see [`super::fingerprint`]),
    /// written out by hand: `[organisation,settings,...,{people},roles,matrix]`.
    /// With `cut`, the people from that position on, the roles and the
    /// matrix are written on another thread (into memory) while this one
    /// writes and hashes the rest.
    pub fn hash_workspace(ws: &Workspace, cut: Option<usize>) -> Result<u64, Unsupported> {
        let people = ws.people.as_slice();
        let cut = cut.unwrap_or(people.len()).min(people.len());
        let (head, tail) = people.split_at(cut);
        // Everything after the first `cut` people, as bytes.
        let rest = |mut out: Out| -> Result<Out, Unsupported> {
            for (i, (id, p)) in tail.iter().enumerate() {
                if cut > 0 || i > 0 {
                    out.byte(b',');
                }
                out.string(id);
                out.byte(b':');
                person(&mut out, p)?;
            }
            out.bytes(b"},");
            out.byte(b'{');
            for (i, (id, r)) in ws.roles.iter().enumerate() {
                if i > 0 {
                    out.byte(b',');
                }
                out.string(id);
                out.byte(b':');
                role(&mut out, r)?;
            }
            out.byte(b'}');
            out.byte(b',');
            super::Letters(&ws.matrix).serialize(&mut out)?;
            out.byte(b']');
            Ok(out)
        };
        std::thread::scope(|scope| {
            let background = if tail.is_empty() {
                None
            } else {
                std::thread::Builder::new()
                    .name("fingerprint".into())
                    .spawn_scoped(scope, || rest(Out::collecting()))
                    .ok()
            };
            let mut out = Out::hashing();
            out.byte(b'[');
            ws.organisation.serialize(&mut out)?;
            out.byte(b',');
            ws.settings.serialize(&mut out)?;
            out.byte(b',');
            ws.sod_rules.serialize(&mut out)?;
            out.byte(b',');
            ws.activities.serialize(&mut out)?;
            out.byte(b',');
            ws.exclusions.serialize(&mut out)?;
            out.bytes(b",{");
            for (i, (id, p)) in head.iter().enumerate() {
                if i > 0 {
                    out.byte(b',');
                }
                out.string(id);
                out.byte(b':');
                person(&mut out, p)?;
            }
            match background {
                // Without the thread (none needed, or none to be had), the
                // rest is written here.
                None => out = rest(out)?,
                Some(thread) => {
                    let tail = thread.join().map_err(|_| Unsupported)??;
                    out.drain();
                    let _ = out.h.write_all(&tail.buf);
                }
            }
            Ok(out.finish())
        })
    }

    /// A person, written by hand: people are most of a register, and this
    /// is several times faster than going through `Serialize` (field names
    /// are written as literals, dates without `fmt`). It must write what
    /// `#[derive(Serialize)]` on [`Person`] writes; the destructuring below
    /// has no `..`, so a new field fails to compile here until it is added
    /// (in declaration order), and the tests compare with `serde_json`.
    fn person(out: &mut Out, p: &Person) -> Result<(), Unsupported> {
        let Person {
            id,
            name,
            email,
            title,
            department,
            manager,
            kind,
            status,
            joined,
            left,
            site,
            mfa,
            competencies,
        } = p;
        out.bytes(b"{\"id\":");
        out.string(id);
        out.bytes(b",\"name\":");
        out.string(name);
        out.bytes(b",\"email\":");
        out.opt_string(email);
        out.bytes(b",\"title\":");
        out.opt_string(title);
        out.bytes(b",\"department\":");
        out.opt_string(department);
        out.bytes(b",\"manager\":");
        out.opt_string(manager);
        out.bytes(b",\"kind\":");
        kind.serialize(&mut *out)?;
        out.bytes(b",\"status\":");
        status.serialize(&mut *out)?;
        out.bytes(b",\"joined\":");
        out.opt_date(joined)?;
        out.bytes(b",\"left\":");
        out.opt_date(left)?;
        out.bytes(b",\"site\":");
        out.opt_string(site);
        out.bytes(if *mfa {
            b",\"mfa\":true,\"competencies\":["
        } else {
            b",\"mfa\":false,\"competencies\":["
        });
        for (i, c) in competencies.iter().enumerate() {
            if i > 0 {
                out.byte(b',');
            }
            let Competency {
                id,
                evidence,
                achieved,
                expires,
            } = c;
            out.bytes(b"{\"id\":");
            out.string(id);
            out.bytes(b",\"evidence\":");
            out.opt_string(evidence);
            out.bytes(b",\"achieved\":");
            out.opt_date(achieved)?;
            out.bytes(b",\"expires\":");
            out.opt_date(expires)?;
            out.byte(b'}');
        }
        out.bytes(b"]}");
        Ok(())
    }

    /// A role and its assignments, written by hand like [`person`] (and
    /// guarded the same way).
    fn role(out: &mut Out, r: &Role) -> Result<(), Unsupported> {
        let Role {
            id,
            name,
            category,
            duties,
            purpose,
            responsibilities,
            authorities,
            competencies,
            privileged,
            needs_deputy,
            fte,
            reviewed,
            assignments,
        } = r;
        out.bytes(b"{\"id\":");
        out.string(id);
        out.bytes(b",\"name\":");
        out.string(name);
        out.bytes(b",\"category\":");
        category.serialize(&mut *out)?;
        out.bytes(b",\"duties\":");
        duties.serialize(&mut *out)?;
        out.bytes(b",\"purpose\":");
        out.opt_string(purpose);
        out.bytes(b",\"responsibilities\":");
        out.strings(responsibilities);
        out.bytes(b",\"authorities\":");
        out.strings(authorities);
        out.bytes(b",\"competencies\":");
        out.strings(competencies);
        out.bytes(b",\"privileged\":");
        out.boolean(*privileged);
        out.bytes(b",\"needs_deputy\":");
        out.boolean(*needs_deputy);
        out.bytes(b",\"fte\":");
        fte.serialize(&mut *out)?;
        out.bytes(b",\"reviewed\":");
        out.opt_date(reviewed)?;
        out.bytes(b",\"assignments\":[");
        for (i, a) in assignments.iter().enumerate() {
            if i > 0 {
                out.byte(b',');
            }
            assignment(out, a)?;
        }
        out.bytes(b"]}");
        Ok(())
    }

    fn assignment(out: &mut Out, a: &Assignment) -> Result<(), Unsupported> {
        let Assignment {
            person,
            from,
            until,
            deputy,
            allocation,
            evidence,
            acknowledged,
            sponsor,
            contract,
            note,
        } = a;
        out.bytes(b"{\"person\":");
        out.string(person);
        out.bytes(b",\"from\":");
        out.opt_date(from)?;
        out.bytes(b",\"until\":");
        out.opt_date(until)?;
        out.bytes(b",\"deputy\":");
        out.opt_string(deputy);
        out.bytes(b",\"allocation\":");
        allocation.serialize(&mut *out)?;
        out.bytes(b",\"evidence\":");
        out.opt_string(evidence);
        out.bytes(b",\"acknowledged\":");
        out.opt_date(acknowledged)?;
        out.bytes(b",\"sponsor\":");
        out.opt_string(sponsor);
        out.bytes(b",\"contract\":");
        out.opt_string(contract);
        out.bytes(b",\"note\":");
        out.opt_string(note);
        out.byte(b'}');
        Ok(())
    }

    const BUF: usize = 16 * 1024;

    #[derive(Debug)]
    pub struct Unsupported;

    impl fmt::Display for Unsupported {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("not handled by the fast fingerprint serializer")
        }
    }

    impl std::error::Error for Unsupported {}

    impl ser::Error for Unsupported {
        fn custom<T: fmt::Display>(_: T) -> Self {
            Unsupported
        }
    }

    /// The output: a buffer drained into the hasher in large chunks (the
    /// hash does not depend on how the stream is chunked), or, for a part
    /// written on another thread, just collected.
    pub struct Out {
        buf: Vec<u8>,
        /// Drain into the hasher once the buffer holds this much.
        limit: usize,
        h: Hasher,
        /// Field names already seen to need no escaping, by address and
        /// length (a small direct-mapped cache: there are a few dozen).
        plain_names: [(usize, usize); 64],
    }

    impl Out {
        fn hashing() -> Out {
            Out {
                buf: Vec::with_capacity(BUF),
                limit: BUF,
                h: Hasher::new(),
                plain_names: [(0, 0); 64],
            }
        }

        fn collecting() -> Out {
            Out {
                buf: Vec::with_capacity(1 << 20),
                limit: usize::MAX,
                h: Hasher::new(),
                plain_names: [(0, 0); 64],
            }
        }

        fn finish(mut self) -> u64 {
            self.drain();
            self.h.finish()
        }

        #[inline]
        fn byte(&mut self, b: u8) {
            if self.buf.len() >= self.limit {
                self.drain();
            }
            self.buf.push(b);
        }

        #[inline]
        fn bytes(&mut self, b: &[u8]) {
            if self.buf.len().saturating_add(b.len()) > self.limit {
                self.drain();
            }
            self.buf.extend_from_slice(b);
        }

        fn drain(&mut self) {
            let _ = self.h.write_all(&self.buf);
            self.buf.clear();
        }

        fn string(&mut self, s: &str) {
            // serde_json escapes only `"`, `\\` and control characters
            // below U+0020; everything else is copied as is.
            let b = s.as_bytes();
            if needs_escape(b) {
                return self.via_json(s);
            }
            self.quoted(b);
        }

        fn boolean(&mut self, b: bool) {
            self.bytes(if b { b"true" } else { b"false" });
        }

        fn strings(&mut self, list: &[String]) {
            self.byte(b'[');
            for (i, s) in list.iter().enumerate() {
                if i > 0 {
                    self.byte(b',');
                }
                self.string(s);
            }
            self.byte(b']');
        }

        fn opt_string(&mut self, s: &Option<String>) {
            match s {
                Some(s) => self.string(s),
                None => self.bytes(b"null"),
            }
        }

        /// A date as its `Display` writes it (`2026-11-27`), quoted; years
        /// outside 0 to 9999 go through `Serialize`.
        fn opt_date(&mut self, d: &Option<Date>) -> Result<(), Unsupported> {
            let Some(d) = d else {
                self.bytes(b"null");
                return Ok(());
            };
            let (y, m, day) = (d.year(), d.month(), d.day());
            if !(0..=9999).contains(&y) || !(1..=99).contains(&m) || !(1..=99).contains(&day) {
                return d.serialize(self);
            }
            let (y, m, day) = (y as u16, m as u8, day as u8);
            let digit = |n: u16| b'0' + (n % 10) as u8;
            self.bytes(&[
                b'"',
                digit(y / 1000),
                digit(y / 100),
                digit(y / 10),
                digit(y),
                b'-',
                b'0' + m / 10,
                b'0' + m % 10,
                b'-',
                b'0' + day / 10,
                b'0' + day % 10,
                b'"',
            ]);
            Ok(())
        }

        /// `"b"`, for bytes known to need no escaping.
        #[inline]
        fn quoted(&mut self, b: &[u8]) {
            if self.buf.len().saturating_add(b.len() + 2) > self.limit {
                self.drain();
            }
            self.buf.push(b'"');
            self.buf.extend_from_slice(b);
            self.buf.push(b'"');
        }

        /// A struct field name and its colon: `"name":`. The names are
        /// static, so whether one needs escaping is worked out once.
        #[inline]
        fn field_name(&mut self, name: &'static str) {
            let b = name.as_bytes();
            let id = (b.as_ptr() as usize, b.len());
            let slot = (id.0 >> 3 ^ id.0 >> 9 ^ id.1) % self.plain_names.len();
            if self.plain_names[slot] != id {
                if needs_escape(b) {
                    self.via_json(name);
                    self.byte(b':');
                    return;
                }
                self.plain_names[slot] = id;
            }
            if self.buf.len().saturating_add(b.len() + 3) > self.limit {
                self.drain();
            }
            self.buf.push(b'"');
            self.buf.extend_from_slice(b);
            self.buf.extend_from_slice(b"\":");
        }

        /// Lets `serde_json` format a leaf value.
        fn via_json<T: Serialize + ?Sized>(&mut self, v: &T) {
            let mut tmp = Vec::new();
            let _ = serde_json::to_writer(&mut tmp, v);
            self.bytes(&tmp);
        }

        fn unsigned(&mut self, mut n: u64) {
            let mut digits = [0u8; 20];
            let mut i = digits.len();
            loop {
                i -= 1;
                digits[i] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            self.bytes(&digits[i..]);
        }

        fn signed(&mut self, n: i64) {
            if n < 0 {
                self.byte(b'-');
            }
            self.unsigned(n.unsigned_abs());
        }
    }

    /// Does `s` hold a byte `serde_json` escapes (`"`, `\\`, below 0x20)?
    /// Eight bytes at a time with the classic bit tricks: each test below is
    /// exact about whether such a byte exists in the word.
    #[inline(always)]
    pub(super) fn needs_escape(s: &[u8]) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
        let special = |x: u64| {
            let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0;
            below_space
                || has_zero(x ^ (ONES * u64::from(b'"')))
                || has_zero(x ^ (ONES * u64::from(b'\\')))
        };
        let word = |c: &[u8]| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let n = s.len();
        if n < 8 {
            if n < 4 {
                return s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            }
            // The first and the last four bytes (overlapping) in one word.
            let half = |c: &[u8]| u64::from(u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
            return special(half(s) | half(&s[n - 4..]) << 32);
        }
        let mut chunks = s.chunks_exact(8);
        if chunks.any(|c| special(word(c))) {
            return true;
        }
        // The last bytes, as the (overlapping) last word of the string.
        !chunks.remainder().is_empty() && special(word(&s[n - 8..]))
    }

    /// A sequence, tuple, map or struct being written: `first` is true
    /// until the first element.
    pub struct Compound<'a> {
        out: &'a mut Out,
        first: bool,
        /// Closing bytes: `]`, `}` or `}}` (after a variant wrapper).
        close: &'static [u8],
    }

    impl Compound<'_> {
        #[inline]
        fn comma(&mut self) {
            if self.first {
                self.first = false;
            } else {
                self.out.byte(b',');
            }
        }

        fn end(self) -> Result<(), Unsupported> {
            self.out.bytes(self.close);
            Ok(())
        }
    }

    impl<'a> ser::Serializer for &'a mut Out {
        type Ok = ();
        type Error = Unsupported;
        type SerializeSeq = Compound<'a>;
        type SerializeTuple = Compound<'a>;
        type SerializeTupleStruct = Compound<'a>;
        type SerializeTupleVariant = Compound<'a>;
        type SerializeMap = Compound<'a>;
        type SerializeStruct = Compound<'a>;
        type SerializeStructVariant = Compound<'a>;

        fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
            self.bytes(if v { b"true" } else { b"false" });
            Ok(())
        }
        fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
            self.signed(v.into());
            Ok(())
        }
        fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
            self.signed(v.into());
            Ok(())
        }
        fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
            self.signed(v.into());
            Ok(())
        }
        fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
            self.signed(v);
            Ok(())
        }
        fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
            self.unsigned(v.into());
            Ok(())
        }
        fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
            self.unsigned(v.into());
            Ok(())
        }
        fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
            self.unsigned(v.into());
            Ok(())
        }
        fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
            self.unsigned(v);
            Ok(())
        }
        fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
            self.via_json(&v);
            Ok(())
        }
        fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
            self.via_json(&v);
            Ok(())
        }
        fn serialize_char(self, v: char) -> Result<(), Unsupported> {
            self.string(v.encode_utf8(&mut [0; 4]));
            Ok(())
        }
        fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
            self.string(v);
            Ok(())
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_none(self) -> Result<(), Unsupported> {
            self.bytes(b"null");
            Ok(())
        }
        fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Unsupported> {
            v.serialize(self)
        }
        fn serialize_unit(self) -> Result<(), Unsupported> {
            self.bytes(b"null");
            Ok(())
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
            self.bytes(b"null");
            Ok(())
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
        ) -> Result<(), Unsupported> {
            self.string(variant);
            Ok(())
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            v: &T,
        ) -> Result<(), Unsupported> {
            v.serialize(self)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
            v: &T,
        ) -> Result<(), Unsupported> {
            self.byte(b'{');
            self.string(variant);
            self.byte(b':');
            v.serialize(&mut *self)?;
            self.byte(b'}');
            Ok(())
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Unsupported> {
            self.byte(b'[');
            Ok(Compound {
                out: self,
                first: true,
                close: b"]",
            })
        }
        fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Unsupported> {
            self.serialize_seq(Some(len))
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            len: usize,
        ) -> Result<Compound<'a>, Unsupported> {
            self.serialize_seq(Some(len))
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
            _: usize,
        ) -> Result<Compound<'a>, Unsupported> {
            self.byte(b'{');
            self.string(variant);
            self.bytes(b":[");
            Ok(Compound {
                out: self,
                first: true,
                close: b"]}",
            })
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Unsupported> {
            self.byte(b'{');
            Ok(Compound {
                out: self,
                first: true,
                close: b"}",
            })
        }
        fn serialize_struct(
            self,
            _: &'static str,
            len: usize,
        ) -> Result<Compound<'a>, Unsupported> {
            self.serialize_map(Some(len))
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
            _: usize,
        ) -> Result<Compound<'a>, Unsupported> {
            self.byte(b'{');
            self.string(variant);
            self.bytes(b":{");
            Ok(Compound {
                out: self,
                first: true,
                close: b"}}",
            })
        }
        fn serialize_i128(self, _: i128) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_u128(self, _: u128) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn collect_str<T: fmt::Display + ?Sized>(self, v: &T) -> Result<(), Unsupported> {
            // Dates and the like: short, formatted on the stack when they fit.
            let mut w = StackStr::default();
            if fmt::write(&mut w, format_args!("{v}")).is_ok() && !w.overflow {
                // Whole `&str` pieces only, so this is UTF-8 already.
                let b = &w.buf[..w.len];
                if needs_escape(b) {
                    let s = std::str::from_utf8(b).map_err(|_| Unsupported)?;
                    self.string(s);
                } else {
                    self.quoted(b);
                }
            } else {
                self.string(&v.to_string());
            }
            Ok(())
        }
    }

    /// A small string buffer for `collect_str`.
    struct StackStr {
        buf: [u8; 64],
        len: usize,
        overflow: bool,
    }

    impl Default for StackStr {
        fn default() -> Self {
            StackStr {
                buf: [0; 64],
                len: 0,
                overflow: false,
            }
        }
    }

    impl fmt::Write for StackStr {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            let end = self.len + s.len();
            if end > self.buf.len() {
                self.overflow = true;
                return Err(fmt::Error);
            }
            self.buf[self.len..end].copy_from_slice(s.as_bytes());
            self.len = end;
            Ok(())
        }
    }

    impl ser::SerializeSeq for Compound<'_> {
        type Ok = ();
        type Error = Unsupported;
        fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
            self.comma();
            v.serialize(&mut *self.out)
        }
        fn end(self) -> Result<(), Unsupported> {
            Compound::end(self)
        }
    }

    impl ser::SerializeTuple for Compound<'_> {
        type Ok = ();
        type Error = Unsupported;
        fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
            ser::SerializeSeq::serialize_element(self, v)
        }
        fn end(self) -> Result<(), Unsupported> {
            Compound::end(self)
        }
    }

    impl ser::SerializeTupleStruct for Compound<'_> {
        type Ok = ();
        type Error = Unsupported;
        fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
            ser::SerializeSeq::serialize_element(self, v)
        }
        fn end(self) -> Result<(), Unsupported> {
            Compound::end(self)
        }
    }

    impl ser::SerializeTupleVariant for Compound<'_> {
        type Ok = ();
        type Error = Unsupported;
        fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
            ser::SerializeSeq::serialize_element(self, v)
        }
        fn end(self) -> Result<(), Unsupported> {
            Compound::end(self)
        }
    }

    impl ser::SerializeMap for Compound<'_> {
        type Ok = ();
        type Error = Unsupported;
        fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
            self.comma();
            key.serialize(KeySerializer(&mut *self.out))
        }
        fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
            self.out.byte(b':');
            v.serialize(&mut *self.out)
        }
        fn end(self) -> Result<(), Unsupported> {
            Compound::end(self)
        }
    }

    impl ser::SerializeStruct for Compound<'_> {
        type Ok = ();
        type Error = Unsupported;
        fn serialize_field<T: Serialize + ?Sized>(
            &mut self,
            key: &'static str,
            v: &T,
        ) -> Result<(), Unsupported> {
            self.comma();
            self.out.field_name(key);
            v.serialize(&mut *self.out)
        }
        fn end(self) -> Result<(), Unsupported> {
            Compound::end(self)
        }
    }

    impl ser::SerializeStructVariant for Compound<'_> {
        type Ok = ();
        type Error = Unsupported;
        fn serialize_field<T: Serialize + ?Sized>(
            &mut self,
            key: &'static str,
            v: &T,
        ) -> Result<(), Unsupported> {
            ser::SerializeStruct::serialize_field(self, key, v)
        }
        fn end(self) -> Result<(), Unsupported> {
            Compound::end(self)
        }
    }

    /// Map keys: strings only (all the register has); anything else is left
    /// to `serde_json`, which quotes numbers and the like.
    struct KeySerializer<'a>(&'a mut Out);

    impl ser::Serializer for KeySerializer<'_> {
        type Ok = ();
        type Error = Unsupported;
        type SerializeSeq = Impossible<(), Unsupported>;
        type SerializeTuple = Impossible<(), Unsupported>;
        type SerializeTupleStruct = Impossible<(), Unsupported>;
        type SerializeTupleVariant = Impossible<(), Unsupported>;
        type SerializeMap = Impossible<(), Unsupported>;
        type SerializeStruct = Impossible<(), Unsupported>;
        type SerializeStructVariant = Impossible<(), Unsupported>;

        fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
            self.0.string(v);
            Ok(())
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
        ) -> Result<(), Unsupported> {
            self.0.string(variant);
            Ok(())
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            v: &T,
        ) -> Result<(), Unsupported> {
            v.serialize(self)
        }
        fn serialize_bool(self, _: bool) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_i8(self, _: i8) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_i16(self, _: i16) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_i32(self, _: i32) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_i64(self, _: i64) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_u8(self, _: u8) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_u16(self, _: u16) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_u32(self, _: u32) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_u64(self, _: u64) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_f32(self, _: f32) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_f64(self, _: f64) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_char(self, _: char) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_none(self) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_unit(self) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
            Err(Unsupported)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
            Err(Unsupported)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Unsupported> {
            Err(Unsupported)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Unsupported> {
            Err(Unsupported)
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
            Err(Unsupported)
        }
        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, Unsupported> {
            Err(Unsupported)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Unsupported> {
            Err(Unsupported)
        }
    }
}

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
        assert!(f1.starts_with("v1:") && f1.len() == 19);

        ws.signoffs.push(Signoff::default());
        assert_eq!(
            f1,
            fingerprint(&ws),
            "sign-offs are not part of the content"
        );

        ws.matrix.set("A.5.1", "ism", Some(Letter::A));
        assert_ne!(f1, fingerprint(&ws));
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
        let view = (
            &ws.organisation,
            &ws.settings,
            &ws.sod_rules,
            &ws.activities,
            &ws.exclusions,
            &ws.people,
            &ws.roles,
            Letters(&ws.matrix),
        );
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
                canonical::hash_workspace(&ws, cut).unwrap(),
                reference,
                "{cut:?}"
            );
        }
        assert_eq!(fingerprint(&ws), format!("v1:{reference:016x}"));
        let empty = Workspace::default();
        for cut in [None, Some(0), Some(3)] {
            assert_eq!(
                canonical::hash_workspace(&empty, cut).unwrap(),
                reference_hash(&(
                    &empty.organisation,
                    &empty.settings,
                    &empty.sod_rules,
                    &empty.activities,
                    &empty.exclusions,
                    &empty.people,
                    &empty.roles,
                    Letters(&empty.matrix),
                ))
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
        let reference = reference_hash(&(
            &ws.organisation,
            &ws.settings,
            &ws.sod_rules,
            &ws.activities,
            &ws.exclusions,
            &ws.people,
            &ws.roles,
            Letters(&ws.matrix),
        ));
        for cut in [None, Some(0), Some(7), Some(ws.people.len())] {
            assert_eq!(
                canonical::hash_workspace(&ws, cut).unwrap(),
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
