//! JSON read exactly: every number reaches [`Raw`](crate::input::Raw) as its
//! literal text, never through a float.
//!
//! serde_json parses a number into `u64`, `i64` or `f64` before any visitor sees
//! it, unless its `arbitrary_precision` feature is on; but cargo unifies features,
//! so turning that on here would change how every program that links this crate
//! handles numbers (untagged enums, `flatten`, `Value`). Instead this module asks
//! serde_json only for [`RawValue`]s, the exact text of each value, and walks them
//! itself: an object or a list is split into the raw text of its entries, a string
//! is unescaped by serde_json, and a number is handed to the visitor as its text,
//! wrapped in a newtype (`visit_newtype_struct`) so that [`Raw`](crate::input::Raw)
//! can tell a number from a string. serde_json has already checked the whole value
//! before the walk starts, so the walk cannot meet a syntax error.

use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{Deserialize, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::error::{Error, Result, Source};

/// The deepest nesting the walk follows, as serde_json's own parser allows: a
/// deeper document is an error, not a stack overflow (the walk recurses once per
/// level, and re-reads each level's text).
const MAX_DEPTH: usize = 128;

/// The exact text of one JSON value, already checked by serde_json, and how deep
/// it sits.
#[derive(Clone, Copy)]
struct Exact<'a>(&'a str, usize);

/// The entries of a JSON object in input order, repeated keys included (so that
/// validation can report them).
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Entries<'de>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> IntoDeserializer<'de, serde_json::Error> for Exact<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Exact<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        let text = self.0.trim();
        let depth = self.1 + 1;
        let nested = matches!(text.as_bytes().first(), Some(b'{' | b'['));
        if nested && depth > MAX_DEPTH {
            return Err(serde::de::Error::custom(format_args!(
                "nested more than {MAX_DEPTH} levels deep"
            )));
        }
        match text.as_bytes().first() {
            Some(b'{') => {
                let Entries(entries) = serde_json::from_str(text)?;
                let entries = entries.into_iter().map(|(k, v)| (k, Exact(v.get(), depth)));
                visitor.visit_map(MapDeserializer::new(entries))
            }
            Some(b'[') => {
                let items: Vec<&RawValue> = serde_json::from_str(text)?;
                let items = items.into_iter().map(|v| Exact(v.get(), depth));
                visitor.visit_seq(SeqDeserializer::new(items))
            }
            Some(b'"') => visitor.visit_string(serde_json::from_str::<String>(text)?),
            Some(b't') => visitor.visit_bool(true),
            Some(b'f') => visitor.visit_bool(false),
            Some(b'n') => visitor.visit_unit(),
            _ => visitor.visit_newtype_struct(BorrowedStrDeserializer::new(text)),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// Reads one JSON document into `T`, numbers from their literal text.
///
/// # Errors
///
/// serde_json's error for text that is not well-formed JSON.
pub(crate) fn from_str<'a, T: Deserialize<'a>>(text: &'a str) -> serde_json::Result<T> {
    let raw: &RawValue = serde_json::from_str(text)?;
    T::deserialize(Exact(raw.get(), 0))
}

/// serde_json's message without its " at line L column C" suffix, which would
/// repeat or contradict the record's own line; the column is kept.
pub(crate) fn message(e: &serde_json::Error, column_offset: usize) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => format!("{} (column {})", &text[..at], e.column() + column_offset),
        None => text,
    }
}

/// The underlying error, shared.
pub(crate) fn source(e: serde_json::Error) -> Source {
    Source::new(e)
}

/// Reads one JSON document (an account or a policy file) whole, numbers exactly.
pub(crate) fn document<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T> {
    let text = text.trim_start_matches('\u{feff}');
    from_str(text).map_err(|e| {
        let line = u64::try_from(e.line()).unwrap_or(0);
        let mut error = Error::unreadable(
            format!("is not valid JSON: {}", message(&e, 0)),
            Some(source(e)),
        );
        if line > 0 {
            error = error.at_line(line);
        }
        error
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::AccountInput;

    #[test]
    fn numbers_keep_their_digits() {
        let input: AccountInput = from_str(
            r#"{"id": 17, "currency": "EUR", "stage": "active",
                "revenue": {"annual": 999999999999999.99, "gross_margin": 0.0600}}"#,
        )
        .unwrap();
        let account = input.validate().unwrap();
        assert_eq!(account.id(), "17");
        assert_eq!(account.revenue().annual.to_string(), "999999999999999.99");
        assert_eq!(account.revenue().gross_margin.to_string(), "0.0600");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(from_str::<AccountInput>(&deep).is_err());
        let text = format!(
            r#"{{"id": "A", "risk": {}1{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let error = from_str::<AccountInput>(&text).err().map(|e| e.to_string());
        assert!(error.is_some_and(|e| e.contains("nested more than 128 levels")));
    }

    #[test]
    fn repeated_keys_and_escapes_survive() {
        let input: AccountInput =
            from_str(r#"{"id": "A\"1", "id": "A-2", "name": "caf\u00e9"}"#).unwrap();
        let error = input.validate().unwrap_err();
        assert_eq!(error.messages()[0], "id is given more than once");
        assert_eq!(error.id(), Some("A\"1"));
    }
}
