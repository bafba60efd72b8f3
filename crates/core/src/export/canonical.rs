//! The canonical JSON of [`super::canonical_json`], written straight from
//! the model's `Serialize` implementations: no `serde_json::Value` tree of
//! the whole register is built first (that tree was a third of an xlsx
//! export's time at 10,000 people).
//!
//! The bytes are those of serialising to a `serde_json::Value` and writing
//! it with sorted keys (the definition in [`super::HASH_DEFINITION`]):
//! objects are written once their entries are known, sorted by the keys'
//! UTF-8 bytes (a later entry with the same key replaces an earlier one, as
//! in a `Value` map); everything else is written where it is met.
//! Strings are escaped by `serde_json`, then made terminal-safe by
//! `text::json_safe`; numbers that are not integers go through
//! `serde_json::Value` so they print exactly as before.

use serde::Serialize;
use serde::ser::{self, Impossible};

/// Why a value could not be written canonically: a map key that JSON
/// cannot have. The caller falls back to the `Value` route, which decides
/// such cases the way the definition always has.
#[derive(Debug)]
pub(super) struct Unsupported(String);

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Unsupported(msg.to_string())
    }
}

/// Append the canonical JSON of `value` to `out`.
pub(super) fn write<T: Serialize + ?Sized>(
    value: &T,
    out: &mut Vec<u8>,
) -> Result<(), Unsupported> {
    value.serialize(Canon { out })
}

/// A string as a JSON string: serde_json's escaping, then DEL, C1 and
/// bidirectional controls as `\uXXXX`.
pub(super) fn write_str(s: &str, out: &mut Vec<u8>) {
    let start = out.len();
    // Writing a string into memory cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
    // Every character `json_safe` rewrites is DEL or beyond ASCII.
    if out[start..].iter().any(|&b| b >= 0x7f)
        && let Ok(text) = std::str::from_utf8(&out[start..])
        && let std::borrow::Cow::Owned(safe) = crate::text::json_safe(text)
    {
        out.truncate(start);
        out.extend_from_slice(safe.as_bytes());
    }
}

fn write_value_number<T: Serialize>(v: T, out: &mut Vec<u8>) {
    // As `serde_json::Value` has it (a non-finite float is null).
    match serde_json::to_value(v) {
        Ok(serde_json::Value::Number(n)) => out.extend_from_slice(n.to_string().as_bytes()),
        _ => out.extend_from_slice(b"null"),
    }
}

struct Canon<'a> {
    out: &'a mut Vec<u8>,
}

/// An object under construction: each entry's value is written into
/// `buf`, and the entries are sorted when the object ends.
struct Object<'a> {
    out: &'a mut Vec<u8>,
    buf: Vec<u8>,
    entries: Vec<(String, std::ops::Range<usize>)>,
    pending: Option<String>,
    /// Set for a struct or map variant: `{"Variant":{...}}`.
    variant: Option<&'static str>,
}

impl<'a> Object<'a> {
    fn new(out: &'a mut Vec<u8>, variant: Option<&'static str>, len: usize) -> Self {
        Object {
            out,
            buf: Vec::new(),
            entries: Vec::with_capacity(len),
            pending: None,
            variant,
        }
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), Unsupported> {
        let start = self.buf.len();
        value.serialize(Canon { out: &mut self.buf })?;
        self.entries.push((key, start..self.buf.len()));
        Ok(())
    }

    fn finish(mut self) {
        // Stable, so among equal keys the last written stays last.
        self.entries
            .sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        if let Some(v) = self.variant {
            self.out.push(b'{');
            write_str(v, self.out);
            self.out.push(b':');
        }
        self.out.push(b'{');
        let mut first = true;
        let n = self.entries.len();
        for i in 0..n {
            // A later entry with the same key replaces this one.
            if i + 1 < n && self.entries[i + 1].0 == self.entries[i].0 {
                continue;
            }
            if !first {
                self.out.push(b',');
            }
            first = false;
            let (key, range) = &self.entries[i];
            write_str(key, self.out);
            self.out.push(b':');
            self.out.extend_from_slice(&self.buf[range.clone()]);
        }
        self.out.push(b'}');
        if self.variant.is_some() {
            self.out.push(b'}');
        }
    }
}

/// An array under construction, written as it goes.
struct Array<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    /// Set for a tuple variant: `{"Variant":[...]}`.
    variant: bool,
}

impl<'a> Array<'a> {
    fn new(out: &'a mut Vec<u8>, variant: Option<&'static str>) -> Self {
        if let Some(v) = variant {
            out.push(b'{');
            write_str(v, out);
            out.push(b':');
        }
        out.push(b'[');
        Array {
            out,
            first: true,
            variant: variant.is_some(),
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        value.serialize(Canon { out: self.out })
    }

    fn finish(self) {
        self.out.push(b']');
        if self.variant {
            self.out.push(b'}');
        }
    }
}

macro_rules! integer {
    ($($name:ident: $t:ty),*) => {$(
        fn $name(self, v: $t) -> Result<(), Unsupported> {
            let _ = serde_json::to_writer(&mut *self.out, &v);
            Ok(())
        }
    )*};
}

impl<'a> ser::Serializer for Canon<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Array<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    integer!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128);

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        write_value_number(v, self.out);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        write_value_number(v, self.out);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        write_str(v.encode_utf8(&mut [0; 4]), self.out);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        write_str(v, self.out);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Unsupported> {
        let mut a = Array::new(self.out, None);
        for b in v {
            a.element(b)?;
        }
        a.finish();
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Unsupported> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
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
        self.out.push(b'{');
        write_str(variant, self.out);
        self.out.push(b':');
        v.serialize(Canon { out: self.out })?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Array<'a>, Unsupported> {
        Ok(Array::new(self.out, None))
    }
    fn serialize_tuple(self, _: usize) -> Result<Array<'a>, Unsupported> {
        Ok(Array::new(self.out, None))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Array<'a>, Unsupported> {
        Ok(Array::new(self.out, None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Array<'a>, Unsupported> {
        Ok(Array::new(self.out, Some(variant)))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Object<'a>, Unsupported> {
        Ok(Object::new(self.out, None, len.unwrap_or(0)))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Object<'a>, Unsupported> {
        Ok(Object::new(self.out, None, len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Object<'a>, Unsupported> {
        Ok(Object::new(self.out, Some(variant), len))
    }
}

macro_rules! array_impl {
    ($($tr:ident :: $m:ident),*) => {$(
        impl ser::$tr for Array<'_> {
            type Ok = ();
            type Error = Unsupported;
            fn $m<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
                self.element(v)
            }
            fn end(self) -> Result<(), Unsupported> {
                self.finish();
                Ok(())
            }
        }
    )*};
}
array_impl!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.pending = Some(key.serialize(KeyName)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
        let key = self
            .pending
            .take()
            .ok_or_else(|| Unsupported("a map value without its key".into()))?;
        self.entry(key, v)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.finish();
        Ok(())
    }
}

macro_rules! struct_impl {
    ($($tr:ident),*) => {$(
        impl ser::$tr for Object<'_> {
            type Ok = ();
            type Error = Unsupported;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), Unsupported> {
                self.entry(key.to_string(), v)
            }
            fn end(self) -> Result<(), Unsupported> {
                self.finish();
                Ok(())
            }
        }
    )*};
}
struct_impl!(SerializeStruct, SerializeStructVariant);

/// A map key as the string JSON writes: strings, characters, integers and
/// unit variants (what `serde_json::to_value` accepts too); anything else
/// is [`Unsupported`].
struct KeyName;

macro_rules! key_integer {
    ($($name:ident: $t:ty),*) => {$(
        fn $name(self, v: $t) -> Result<String, Unsupported> {
            Ok(v.to_string())
        }
    )*};
}

fn not_a_key<T>() -> Result<T, Unsupported> {
    Err(Unsupported("a map key that is not a string".into()))
}

impl ser::Serializer for KeyName {
    type Ok = String;
    type Error = Unsupported;
    type SerializeSeq = Impossible<String, Unsupported>;
    type SerializeTuple = Impossible<String, Unsupported>;
    type SerializeTupleStruct = Impossible<String, Unsupported>;
    type SerializeTupleVariant = Impossible<String, Unsupported>;
    type SerializeMap = Impossible<String, Unsupported>;
    type SerializeStruct = Impossible<String, Unsupported>;
    type SerializeStructVariant = Impossible<String, Unsupported>;

    key_integer!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128);

    fn serialize_str(self, v: &str) -> Result<String, Unsupported> {
        Ok(v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<String, Unsupported> {
        Ok(v.to_string())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, Unsupported> {
        Ok(variant.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<String, Unsupported> {
        v.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<String, Unsupported> {
        not_a_key()
    }
    fn serialize_f32(self, _: f32) -> Result<String, Unsupported> {
        not_a_key()
    }
    fn serialize_f64(self, _: f64) -> Result<String, Unsupported> {
        not_a_key()
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, Unsupported> {
        not_a_key()
    }
    fn serialize_none(self) -> Result<String, Unsupported> {
        not_a_key()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, Unsupported> {
        not_a_key()
    }
    fn serialize_unit(self) -> Result<String, Unsupported> {
        not_a_key()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, Unsupported> {
        not_a_key()
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Unsupported> {
        not_a_key()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        not_a_key()
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        not_a_key()
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        not_a_key()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        not_a_key()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        not_a_key()
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        not_a_key()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        not_a_key()
    }
}
