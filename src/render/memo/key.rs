//! Memo keys: a hash of what a value serialises to, streamed into the hasher.
//!
//! [`hash`] walks a value through serde's data model with a [`Serializer`] that builds
//! nothing: every call writes a tag and its data to the hasher, strings as one length-prefixed
//! run of bytes. The stream is prefix-free (every item says what it is, every string how long,
//! every sequence and map where it ends), so two values give the same stream exactly when
//! serde sees them as the same calls, which is when their JSON, and so the tera context built
//! from them, is the same. Hashing JSON text instead spent most of the time escaping the
//! changes' HTML byte by byte; building a `serde_json::Value` spent it allocating.

use std::fmt;
use std::hash::Hasher;

use serde::ser::{self, Serialize};

/// A hash of `value` (its serde data model) into `hasher`.
pub fn hash<T: Serialize + ?Sized, H: Hasher>(value: &T, hasher: &mut H) -> Result<(), KeyError> {
    value.serialize(KeySerializer { hasher })
}

/// A value serde could not walk (a serialiser reported a custom error).
#[derive(Debug)]
pub struct KeyError(String);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}

impl ser::Error for KeyError {
    fn custom<M: fmt::Display>(message: M) -> Self {
        KeyError(message.to_string())
    }
}

/// Tags of the stream: one per kind of serde call.
mod tag {
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const UINT: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const CHAR: u8 = 5;
    pub const STR: u8 = 6;
    pub const BYTES: u8 = 7;
    pub const NONE: u8 = 8;
    pub const SOME: u8 = 9;
    pub const UNIT: u8 = 10;
    pub const VARIANT: u8 = 11;
    pub const SEQ: u8 = 12;
    pub const MAP: u8 = 13;
    pub const ITEM: u8 = 14;
    pub const END: u8 = 15;
}

struct KeySerializer<'h, H: Hasher> {
    hasher: &'h mut H,
}

impl<H: Hasher> KeySerializer<'_, H> {
    fn str(&mut self, text: &str) {
        self.hasher.write_u8(tag::STR);
        self.hasher.write_usize(text.len());
        self.hasher.write(text.as_bytes());
    }

    fn variant(&mut self, variant: &str) {
        self.hasher.write_u8(tag::VARIANT);
        self.str(variant);
    }
}

/// A sequence, tuple, map or struct under way.
struct Compound<'h, H: Hasher> {
    hasher: &'h mut H,
}

impl<'h, H: Hasher> Compound<'h, H> {
    fn new(hasher: &'h mut H, kind: u8) -> Self {
        hasher.write_u8(kind);
        Compound { hasher }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), KeyError> {
        self.hasher.write_u8(tag::ITEM);
        value.serialize(KeySerializer { hasher: &mut *self.hasher })
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), KeyError> {
        self.hasher.write_u8(tag::ITEM);
        KeySerializer { hasher: &mut *self.hasher }.str(key);
        value.serialize(KeySerializer { hasher: &mut *self.hasher })
    }

    fn end(self) -> Result<(), KeyError> {
        self.hasher.write_u8(tag::END);
        Ok(())
    }
}

impl<'h, H: Hasher> ser::Serializer for KeySerializer<'h, H> {
    type Ok = ();
    type Error = KeyError;
    type SerializeSeq = Compound<'h, H>;
    type SerializeTuple = Compound<'h, H>;
    type SerializeTupleStruct = Compound<'h, H>;
    type SerializeTupleVariant = Compound<'h, H>;
    type SerializeMap = Compound<'h, H>;
    type SerializeStruct = Compound<'h, H>;
    type SerializeStructVariant = Compound<'h, H>;

    fn serialize_bool(self, v: bool) -> Result<(), KeyError> {
        self.hasher.write_u8(tag::BOOL);
        self.hasher.write_u8(v as u8);
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), KeyError> {
        self.serialize_i64(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<(), KeyError> {
        self.serialize_i64(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<(), KeyError> {
        self.serialize_i64(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<(), KeyError> {
        self.serialize_i128(v.into())
    }

    fn serialize_i128(self, v: i128) -> Result<(), KeyError> {
        self.hasher.write_u8(tag::INT);
        self.hasher.write_i128(v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), KeyError> {
        self.serialize_u64(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<(), KeyError> {
        self.serialize_u64(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<(), KeyError> {
        self.serialize_u64(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<(), KeyError> {
        self.serialize_u128(v.into())
    }

    fn serialize_u128(self, v: u128) -> Result<(), KeyError> {
        self.hasher.write_u8(tag::UINT);
        self.hasher.write_u128(v);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), KeyError> {
        self.serialize_f64(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result<(), KeyError> {
        self.hasher.write_u8(tag::FLOAT);
        self.hasher.write_u64(v.to_bits());
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), KeyError> {
        self.hasher.write_u8(tag::CHAR);
        self.hasher.write_u32(v.into());
        Ok(())
    }

    fn serialize_str(mut self, v: &str) -> Result<(), KeyError> {
        self.str(v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), KeyError> {
        self.hasher.write_u8(tag::BYTES);
        self.hasher.write_usize(v.len());
        self.hasher.write(v);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), KeyError> {
        self.hasher.write_u8(tag::NONE);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), KeyError> {
        self.hasher.write_u8(tag::SOME);
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), KeyError> {
        self.hasher.write_u8(tag::UNIT);
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), KeyError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), KeyError> {
        self.variant(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), KeyError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), KeyError> {
        self.variant(variant);
        value.serialize(self)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'h, H>, KeyError> {
        Ok(Compound::new(self.hasher, tag::SEQ))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Compound<'h, H>, KeyError> {
        Ok(Compound::new(self.hasher, tag::SEQ))
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'h, H>, KeyError> {
        Ok(Compound::new(self.hasher, tag::SEQ))
    }

    fn serialize_tuple_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'h, H>, KeyError> {
        self.variant(variant);
        Ok(Compound::new(self.hasher, tag::SEQ))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'h, H>, KeyError> {
        Ok(Compound::new(self.hasher, tag::MAP))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'h, H>, KeyError> {
        Ok(Compound::new(self.hasher, tag::MAP))
    }

    fn serialize_struct_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'h, H>, KeyError> {
        self.variant(variant);
        Ok(Compound::new(self.hasher, tag::MAP))
    }
}

/// The compound-serialiser traits whose items are values (`$method(value)`) or fields
/// (`$method(key, value)`): all end the same way.
macro_rules! compound {
    ($trait:ident, $method:ident, item) => {
        impl<H: Hasher> ser::$trait for Compound<'_, H> {
            type Ok = ();
            type Error = KeyError;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), KeyError> {
                self.item(value)
            }

            fn end(self) -> Result<(), KeyError> {
                Compound::end(self)
            }
        }
    };
    ($trait:ident, field) => {
        impl<H: Hasher> ser::$trait for Compound<'_, H> {
            type Ok = ();
            type Error = KeyError;

            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), KeyError> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), KeyError> {
                Compound::end(self)
            }
        }
    };
}

compound!(SerializeSeq, serialize_element, item);
compound!(SerializeTuple, serialize_element, item);
compound!(SerializeTupleStruct, serialize_field, item);
compound!(SerializeTupleVariant, serialize_field, item);
compound!(SerializeStruct, field);
compound!(SerializeStructVariant, field);

impl<H: Hasher> ser::SerializeMap for Compound<'_, H> {
    type Ok = ();
    type Error = KeyError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), KeyError> {
        self.item(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), KeyError> {
        value.serialize(KeySerializer { hasher: &mut *self.hasher })
    }

    fn end(self) -> Result<(), KeyError> {
        Compound::end(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::hash::DefaultHasher;

    use serde::Serialize;

    use super::*;

    fn key<T: Serialize>(value: &T) -> u64 {
        let mut hasher = DefaultHasher::new();
        hash(value, &mut hasher).unwrap();
        hasher.finish()
    }

    #[derive(Serialize)]
    struct Page<'a> {
        title: &'a str,
        tags: Vec<&'a str>,
        note: Option<&'a str>,
    }

    #[test]
    fn equal_values_hash_equal_and_any_difference_shows() {
        let page = |title, tags, note| key(&Page { title, tags, note });
        let base = page("a", vec!["x", "y"], None);
        assert_eq!(base, page("a", vec!["x", "y"], None));
        assert_ne!(base, page("b", vec!["x", "y"], None));
        assert_ne!(base, page("a", vec!["xy"], None), "strings are length-prefixed");
        assert_ne!(base, page("a", vec!["x", "y", ""], None), "sequences say where they end");
        assert_ne!(base, page("a", vec!["x", "y"], Some("")));
    }

    #[test]
    fn nesting_and_kinds_are_part_of_the_key() {
        assert_ne!(key(&vec![vec![1], vec![]]), key(&vec![vec![], vec![1]]));
        assert_ne!(key(&1u8), key(&1i8));
        assert_ne!(key(&"1"), key(&1u8));
        let map = |pairs: &[(&str, &str)]| key(&pairs.iter().copied().collect::<BTreeMap<_, _>>());
        assert_ne!(map(&[("a", "bc")]), map(&[("ab", "c")]));
        assert_eq!(map(&[("a", "b"), ("c", "d")]), map(&[("c", "d"), ("a", "b")]));
    }

    /// Small JSON values: few distinct strings and numbers, so equal pairs come up often.
    fn json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-2i64..3).prop_map(Value::from),
            prop_oneof![Just(0.5f64), Just(-1.0)].prop_map(Value::from),
            "[ab]{0,2}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 16, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                proptest::collection::btree_map("[ab]{0,2}", inner, 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// The memo's promise: two contexts share a key exactly when they serialise alike.
        #[test]
        fn keys_are_equal_exactly_when_the_json_is(a in json(), b in json()) {
            let same_json = serde_json::to_string(&a).unwrap() == serde_json::to_string(&b).unwrap();
            proptest::prop_assert_eq!(key(&a) == key(&b), same_json);
        }
    }
}
