//! A serializer that writes the same bytes as `serde_json::to_writer`
//! (compact format) into a buffered hash ([`Sink`]), without `serde_json`'s
//! per-byte escaping loop and per-call writer overhead. Floats and strings
//! that need escaping are formatted by `serde_json` itself, so they cannot
//! differ; anything unusual (128-bit integers, non-string map keys...)
//! returns [`Unsupported`] and the caller falls back to [`super::reference_hash`].

use std::fmt;
use std::io::Write as _;

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::{Sink, Version};
use crate::model::Workspace;
use crate::model::{Assignment, Competency, Date, Person, Role};

/// Computes [`super::reference_hash`] of `value`, or fails without a
/// result when the value uses a shape this serializer leaves to
/// `serde_json`.
#[cfg(test)]
pub fn hash<T: Serialize + ?Sized>(value: &T) -> Result<u64, Unsupported> {
    let mut out = Out::hashing(Version::V1);
    value.serialize(&mut out)?;
    Ok(out.finish().v1())
}

/// Below this many people the register is hashed on one thread.
pub const SPLIT_MIN_PEOPLE: usize = 2_000;

/// The reference hash of the register's view (see [`super::fingerprint`]),
/// written out by hand: `[organisation,settings,...,{people},roles,matrix]`.
/// With `cut`, the people from that position on, the roles and the
/// matrix are written on another thread (into memory) while this one
/// writes and hashes the rest.
pub fn hash_workspace(
    ws: &Workspace,
    cut: Option<usize>,
    version: Version,
) -> Result<Sink, Unsupported> {
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
        let mut out = Out::hashing(version);
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
    h: Sink,
    /// Field names already seen to need no escaping, by address and
    /// length (a small direct-mapped cache: there are a few dozen).
    plain_names: [(usize, usize); 64],
}

impl Out {
    fn hashing(version: Version) -> Out {
        Out {
            buf: Vec::with_capacity(BUF),
            limit: BUF,
            h: Sink::new(version),
            plain_names: [(0, 0); 64],
        }
    }

    fn collecting() -> Out {
        Out {
            buf: Vec::with_capacity(1 << 20),
            limit: usize::MAX,
            // Only collects: what it would hash into is never used.
            h: Sink::new(Version::V1),
            plain_names: [(0, 0); 64],
        }
    }

    fn finish(mut self) -> Sink {
        self.drain();
        self.h
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
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Unsupported> {
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
