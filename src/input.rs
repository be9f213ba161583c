//! Accounts and policies as received, before validation: the text path.
//!
//! Files arrive as text, and text is kept as it is until validation reads it:
//! every leaf is a [`Raw`] value, the text of a JSON string or CSV cell, the literal
//! text of a JSON number, a boolean, or a typed value set from code. Reading never
//! fails on a bad field: a wrong type, an unknown key or a repeated key is recorded
//! and reported by validation together with every other problem, each with its
//! path. Only a document that is not well-formed (a JSON syntax error) fails to
//! read.
//!
//! # Numbers
//!
//! The crate's JSON readers ([`crate::read`], feature `io`: [`read::account`],
//! [`read::policy`], [`read::records`]) hand every JSON number to [`Raw`] as its
//! literal text, so every digit is read exactly as written, whatever the features
//! of serde_json in the build.
//!
//! Deserialized by other means (`serde_json::from_str::<Account>`, `from_value`,
//! another serde format), a number reaches [`Raw`] as the format parsed it:
//!
//! - with serde_json's `arbitrary_precision` feature on (another crate in the
//!   build may turn it on), as its literal text: read exactly, as by the crate's
//!   readers;
//! - as a whole number (`u64`, `i64`, `u128`, `i128`): exact;
//! - otherwise as a float (`f64`), which is what serde_json parsed: it is read as
//!   the shortest decimal text that turns back into the same float (`0.30` parses
//!   to the float nearest 0.3, read as `0.3`). That is the value the client wrote
//!   whenever it has at most 15 significant digits; a number with more digits may
//!   come out as a nearby one (`0.1234567890123456789` as
//!   `0.12345678901234568`). A value that is not finite (NaN or an infinity, which
//!   serde_json never produces but other formats may) is reported as a problem of
//!   its field. Where every digit matters, read the JSON text with the crate's
//!   readers, or send numbers as strings (`"0.30"`), which are text on every path.
//!
//! Exponents follow the readers' rule: a JSON number such as `1e2` or `1.5E-3` is
//! read when `Decimal` holds it exactly; a string must be plain decimal text.
//!
#![cfg_attr(
    feature = "io",
    doc = "[`read::account`]: crate::read::account\n[`read::policy`]: crate::read::policy\n[`read::records`]: crate::read::records"
)]
#![cfg_attr(
    not(feature = "io"),
    doc = "[`read::account`]: crate#features\n[`read::policy`]: crate#features\n[`read::records`]: crate#features"
)]
//!
//! Programs that hold typed values build accounts with [`crate::AccountBuilder`]
//! instead; these structs are for text that comes from elsewhere.
//!
#![cfg_attr(feature = "io", doc = "[`crate::read`]: mod@crate::read")]
#![cfg_attr(not(feature = "io"), doc = "[`crate::read`]: crate#features")]

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::words::{Evidence, Risk, Role, Word};

/// One leaf value as received: text, a JSON number's literal text, a boolean, a
/// typed value, or nothing.
///
/// Made with `From`: `Raw::from("0.12")` (text, read by the model's number
/// grammar), `Raw::from(dec)` and `Raw::from(30_u32)` (typed, range-checked only),
/// `Raw::from(true)`, `Raw::default()` (not given).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Raw(pub(crate) Leaf);

/// What a [`Raw`] holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) enum Leaf {
    /// Not given: the key is absent, JSON `null`, or an empty CSV cell.
    #[default]
    Absent,
    /// Text: a JSON string or a CSV cell.
    Text(String),
    /// The literal text of a JSON number.
    Number(String),
    /// A JSON boolean, or a boolean set from code.
    Bool(bool),
    /// A decimal set from code.
    Decimal(Decimal),
    /// A whole number set from code.
    Integer(u32),
    /// Something else: an object or a list, described in words.
    Other(&'static str),
}

impl Raw {
    /// Whether the value is absent (not given).
    #[must_use]
    pub fn is_absent(&self) -> bool {
        matches!(self.0, Leaf::Absent)
    }

    /// The text of a JSON number, as written.
    pub(crate) fn number(text: impl Into<String>) -> Raw {
        Raw(Leaf::Number(text.into()))
    }

    /// A description of the value for error messages.
    pub(crate) fn describe(&self) -> String {
        match &self.0 {
            Leaf::Absent => "nothing".to_owned(),
            Leaf::Text(t) => format!("{t:?}"),
            Leaf::Number(n) => n.clone(),
            Leaf::Bool(b) => b.to_string(),
            Leaf::Decimal(d) => d.to_string(),
            Leaf::Integer(n) => n.to_string(),
            Leaf::Other(what) => (*what).to_owned(),
        }
    }
}

impl From<Decimal> for Raw {
    fn from(value: Decimal) -> Raw {
        Raw(Leaf::Decimal(value))
    }
}

impl From<&str> for Raw {
    fn from(value: &str) -> Raw {
        Raw(Leaf::Text(value.to_owned()))
    }
}

impl From<String> for Raw {
    fn from(value: String) -> Raw {
        Raw(Leaf::Text(value))
    }
}

impl From<bool> for Raw {
    fn from(value: bool) -> Raw {
        Raw(Leaf::Bool(value))
    }
}

impl From<u32> for Raw {
    fn from(value: u32) -> Raw {
        Raw(Leaf::Integer(value))
    }
}

impl<T: Into<Raw>> From<Option<T>> for Raw {
    fn from(value: Option<T>) -> Raw {
        value.map_or(Raw::default(), Into::into)
    }
}

impl Serialize for Raw {
    /// Text as a string, decimals as strings (exact in every format), whole
    /// numbers as numbers, booleans as booleans.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Leaf::Absent => serializer.serialize_none(),
            Leaf::Text(t) | Leaf::Number(t) => serializer.serialize_str(t),
            Leaf::Bool(b) => serializer.serialize_bool(*b),
            Leaf::Decimal(d) => serializer.collect_str(d),
            Leaf::Integer(n) => serializer.serialize_u32(*n),
            Leaf::Other(what) => serializer.serialize_str(what),
        }
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw(Leaf::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::number(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw::number(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw, E> {
        Ok(Raw::number(v.to_string()))
    }
    /// A float as the format parsed it: its shortest decimal text that turns
    /// back into the same float (`Display` of `f64`, never with an exponent).
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        Ok(if v.is_finite() {
            Raw::number(v.to_string())
        } else {
            Raw(Leaf::Other(not_finite(v.is_nan(), v > 0.0)))
        })
    }
    /// As `visit_f64`, with the shortest text of the `f32` itself.
    fn visit_f32<E: de::Error>(self, v: f32) -> Result<Raw, E> {
        Ok(if v.is_finite() {
            Raw::number(v.to_string())
        } else {
            Raw(Leaf::Other(not_finite(v.is_nan(), v > 0.0)))
        })
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Raw, E> {
        Ok(Raw(Leaf::Other("bytes")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw(Leaf::Text(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw(Leaf::Text(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    /// The crate's JSON readers hand a number over as a newtype holding its
    /// literal text (see `read::json`).
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        String::deserialize(d).map(Raw::number)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Raw(Leaf::Other("a list")))
    }
    /// An object, or serde_json's `arbitrary_precision` number: its literal text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        Ok(match map_number(&mut map)? {
            Some(text) => Raw::number(text),
            None => Raw(Leaf::Other("an object")),
        })
    }
}

/// How a value that is not finite is described.
fn not_finite(nan: bool, positive: bool) -> &'static str {
    match (nan, positive) {
        (true, _) => "NaN",
        (false, true) => "infinity",
        (false, false) => "-infinity",
    }
}

/// The one key of the map that serde_json's `arbitrary_precision` feature hands
/// to `deserialize_any` for a number that is not a plain `u64` or `i64`; its value
/// is the number's literal text.
pub(crate) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Reads a whole map: `Some` with the literal text of a number when it is
/// serde_json's arbitrary-precision number (its first key [`NUMBER_TOKEN`], its
/// value text), `None` for any other map. Either way nothing of the map is left.
pub(crate) fn map_number<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<String>, A::Error> {
    let mut text = None;
    if let Some(key) = map.next_key::<Raw>()? {
        let value = map.next_value::<Raw>()?;
        if let (Leaf::Text(key), Leaf::Text(value)) = (key.0, value.0) {
            if key == NUMBER_TOKEN {
                text = Some(value);
            }
        }
    }
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(text)
}

/// After a map's first key `key`: when it is [`NUMBER_TOKEN`], reads the rest of
/// the map and returns the number's text (`Some`); otherwise reads nothing.
pub(crate) fn rest_number<'de, A: MapAccess<'de>>(
    key: &str,
    map: &mut A,
) -> Result<Option<String>, A::Error> {
    if key != NUMBER_TOKEN {
        return Ok(None);
    }
    let value = map.next_value::<Raw>()?;
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(Some(match value.0 {
        Leaf::Text(text) => text,
        other => Raw(other).describe(),
    }))
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// A field that may be a leaf: lets the input structs look their leaves up by the
/// words of the model (`risk.leaf("political")`), so that per-word fields are
/// walked in [`Word::ALL`](crate::Word::ALL) order instead of listed by hand.
pub(crate) trait AsLeaf {
    fn as_leaf(&self) -> Option<&Raw> {
        None
    }
    fn as_leaf_mut(&mut self) -> Option<&mut Raw> {
        None
    }
}

impl AsLeaf for Raw {
    fn as_leaf(&self) -> Option<&Raw> {
        Some(self)
    }
    fn as_leaf_mut(&mut self) -> Option<&mut Raw> {
        Some(self)
    }
}

impl<T> AsLeaf for List<T> {}
impl AsLeaf for HurdleInput {}
impl AsLeaf for CurrencyMap {}

/// Not given: what a lookup of a leaf that does not exist reads.
static ABSENT: Raw = Raw(Leaf::Absent);

/// Per-word access to the input structs whose leaves are named by a word set.
macro_rules! per_word_input {
    ($($input:ident by $word:ident),* $(,)?) => {
        $(
            impl $input {
                /// The leaf of one word.
                #[must_use]
                pub fn get(&self, word: $word) -> &Raw {
                    self.leaf(word.as_str()).unwrap_or(&ABSENT)
                }

                /// Sets the leaf of one word.
                pub fn set(&mut self, word: $word, value: impl Into<Raw>) {
                    if let Some(slot) = self.leaf_mut(word.as_str()) {
                        *slot = value.into();
                    }
                }
            }
        )*
    };
}

per_word_input! {
    RiskInput by Risk,
    EvidenceInput by Evidence,
    RoleWeightsInput by Role,
    EvidenceOddsInput by Evidence,
}

impl RiskInput {
    /// The yearly probability of one risk, as received.
    pub(crate) fn probability(&self, risk: Risk) -> &Raw {
        self.get(risk)
    }
}

impl From<Decimal> for HurdleInput {
    /// One amount for every currency.
    fn from(amount: Decimal) -> HurdleInput {
        HurdleInput::One(amount.into())
    }
}

/// Whether an input part holds nothing, so that serialization can leave it out.
pub(crate) trait IsEmptyInput {
    /// True when nothing was given.
    fn is_empty_input(&self) -> bool;
}

impl IsEmptyInput for Raw {
    fn is_empty_input(&self) -> bool {
        self.is_absent()
    }
}

/// A list as received: its items, or a note that something else was found.
#[derive(Clone, Debug, PartialEq)]
pub struct List<T> {
    /// The entries, in input order.
    pub items: Vec<T>,
    /// What was found instead of a list, if anything.
    pub(crate) not_a_list: Option<&'static str>,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            items: Vec::new(),
            not_a_list: None,
        }
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> Self {
        List {
            items,
            not_a_list: None,
        }
    }
}

impl<T> IsEmptyInput for List<T> {
    fn is_empty_input(&self) -> bool {
        self.items.is_empty() && self.not_a_list.is_none()
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ListVisitor(std::marker::PhantomData))
    }
}

struct ListVisitor<T>(std::marker::PhantomData<T>);

fn not_list<T>(what: &'static str) -> List<T> {
    List {
        items: Vec::new(),
        not_a_list: Some(what),
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items.into())
    }
    fn visit_unit<E: de::Error>(self) -> Result<List<T>, E> {
        Ok(List::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<List<T>, E> {
        Ok(List::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<List<T>, D::Error> {
        List::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<List<T>, E> {
        Ok(not_list("true/false"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<List<T>, E> {
        Ok(not_list("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<List<T>, E> {
        Ok(not_list("a number"))
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<List<T>, E> {
        Ok(not_list("a number"))
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<List<T>, E> {
        Ok(not_list("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<List<T>, E> {
        Ok(not_list("a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<List<T>, E> {
        Ok(not_list("text"))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, _: D) -> Result<List<T>, D::Error> {
        Ok(not_list("a number"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<List<T>, A::Error> {
        Ok(match map_number(&mut map)? {
            Some(_) => not_list("a number"),
            None => not_list("an object"),
        })
    }
}

/// Reads one JSON-like object into a struct of lenient fields, recording unknown and
/// repeated keys and a value that is not an object, instead of failing.
macro_rules! input_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Start from `default()` and set the fields you have; validation reports
        /// every problem at once.
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(skip_serializing_if = "IsEmptyInput::is_empty_input")]
                pub $field: $ty,
            )*
            /// Keys found in the input that are not fields of this object, and keys
            /// given twice (reported by validation).
            #[serde(skip)]
            pub(crate) unknown_keys: Vec<String>,
            /// What was found instead of an object, if anything.
            #[serde(skip)]
            pub(crate) not_an_object: Option<&'static str>,
        }

        impl $name {
            /// The field names of this object, in the model's order.
            pub(crate) const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The leaf named `name`, `None` for a nested part or an unknown name.
            #[allow(dead_code)]
            pub(crate) fn leaf(&self, name: &str) -> Option<&Raw> {
                match name {
                    $(stringify!($field) => AsLeaf::as_leaf(&self.$field),)*
                    _ => None,
                }
            }

            /// The leaf named `name`, to set it.
            #[allow(dead_code)]
            pub(crate) fn leaf_mut(&mut self, name: &str) -> Option<&mut Raw> {
                match name {
                    $(stringify!($field) => AsLeaf::as_leaf_mut(&mut self.$field),)*
                    _ => None,
                }
            }
        }

        impl AsLeaf for $name {}

        impl IsEmptyInput for $name {
            fn is_empty_input(&self) -> bool {
                true $(&& self.$field.is_empty_input())*
                    && self.unknown_keys.is_empty()
                    && self.not_an_object.is_none()
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        let mut seen = [false; $name::FIELDS.len()];
                        let mut first = true;
                        while let Some(key) = map.next_key::<String>()? {
                            if std::mem::take(&mut first) && rest_number(&key, &mut map)?.is_some() {
                                return Ok(not_object("a number"));
                            }
                            let index = $name::FIELDS.iter().position(|f| *f == key);
                            match index {
                                Some(i) if seen[i] => {
                                    map.next_value::<IgnoredAny>()?;
                                    out.unknown_keys.push(key);
                                }
                                Some(i) => {
                                    seen[i] = true;
                                    match key.as_str() {
                                        $(stringify!($field) => out.$field = map.next_value()?,)*
                                        _ => { map.next_value::<IgnoredAny>()?; }
                                    }
                                }
                                None => {
                                    map.next_value::<IgnoredAny>()?;
                                    out.unknown_keys.push(key);
                                }
                            }
                        }
                        Ok(out)
                    }
                    fn visit_unit<E: de::Error>(self) -> Result<$name, E> {
                        Ok($name::default())
                    }
                    fn visit_none<E: de::Error>(self) -> Result<$name, E> {
                        Ok($name::default())
                    }
                    fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<$name, D2::Error> {
                        $name::deserialize(d)
                    }
                    fn visit_bool<E: de::Error>(self, _: bool) -> Result<$name, E> {
                        Ok(not_object("true/false"))
                    }
                    fn visit_i64<E: de::Error>(self, _: i64) -> Result<$name, E> {
                        Ok(not_object("a number"))
                    }
                    fn visit_u64<E: de::Error>(self, _: u64) -> Result<$name, E> {
                        Ok(not_object("a number"))
                    }
                    fn visit_i128<E: de::Error>(self, _: i128) -> Result<$name, E> {
                        Ok(not_object("a number"))
                    }
                    fn visit_u128<E: de::Error>(self, _: u128) -> Result<$name, E> {
                        Ok(not_object("a number"))
                    }
                    fn visit_f64<E: de::Error>(self, _: f64) -> Result<$name, E> {
                        Ok(not_object("a number"))
                    }
                    fn visit_str<E: de::Error>(self, _: &str) -> Result<$name, E> {
                        Ok(not_object("text"))
                    }
                    fn visit_newtype_struct<D2: Deserializer<'de>>(self, _: D2) -> Result<$name, D2::Error> {
                        Ok(not_object("a number"))
                    }
                    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<$name, A::Error> {
                        while seq.next_element::<IgnoredAny>()?.is_some() {}
                        Ok(not_object("a list"))
                    }
                }
                fn not_object(what: &'static str) -> $name {
                    $name { not_an_object: Some(what), ..$name::default() }
                }
                d.deserialize_any(V)
            }
        }
    };
}

input_struct! {
    /// One account as received: the nested JSON shape of the model.
    pub struct AccountInput {
        /// The account's key, echoed with its result.
        pub id: Raw,
        /// Display name.
        pub name: Raw,
        /// ISO 4217 currency code.
        pub currency: Raw,
        /// `prospect` or `active`.
        pub stage: Raw,
        /// Sales, margin, concessions and scale savings.
        pub revenue: RevenueInput,
        /// Yearly cost of serving the account.
        pub cost_to_serve: CostToServeInput,
        /// One-off cost of winning it.
        pub acquisition: AcquisitionInput,
        /// Credit days, delay and default.
        pub payment: PaymentInput,
        /// Yearly probabilities that events end the contract.
        pub risk: RiskInput,
        /// The client's decision-making unit.
        pub relationship: RelationshipInput,
        /// Win probability and its evidence (prospects).
        pub pursuit: PursuitInput,
        /// Margin won from other buyers thanks to this account's name.
        pub reference: ReferenceInput,
        /// Contract terms, renewals and re-tenders.
        pub contract: ContractInput,
        /// Dated one-off causes of termination, at most 16.
        pub events: List<EventInput>,
        /// Costs that stay after the relationship ends (active accounts).
        pub release: ReleaseInput,
        /// Whether the account is part of the supplier's own image.
        pub image_critical: Raw,
    }
}

input_struct! {
    /// `revenue.*` as received.
    pub struct RevenueInput {
        /// Year-1 sales at list price.
        pub annual: Raw,
        /// Yearly growth of sales.
        pub growth: Raw,
        /// Margin on list-price sales.
        pub gross_margin: Raw,
        /// Discounts and rebates, as a share of list-price sales.
        pub concession: Raw,
        /// Years until the account buys its full volume.
        pub ramp_years: Raw,
        /// Contractual yearly price reduction.
        pub price_down: Raw,
        /// Our own yearly productivity: the share by which the cost of the goods
        /// falls each year.
        pub cost_down: Raw,
        /// Off-invoice rebate, as a share of the year's collected sales paid back
        /// after the year ends; not given means no rebate.
        pub rebate: Raw,
        /// Chance that the client earns the rebate (default 1); only with `rebate`.
        pub rebate_probability: Raw,
        /// Days after the end of the year when the rebate is paid; only with `rebate`.
        pub rebate_days: Raw,
        /// Yearly production and planning savings.
        pub scale_savings: Raw,
    }
}

input_struct! {
    /// `cost_to_serve.*` as received.
    pub struct CostToServeInput {
        /// Key-account team.
        pub account_team: Raw,
        /// Service and support.
        pub service: Raw,
        /// Customised products and paperwork.
        pub customization: Raw,
        /// Running the reference programme.
        pub reference_program: Raw,
        /// Anything else.
        pub other: Raw,
        /// Yearly change of cost to serve.
        pub inflation: Raw,
    }
}

input_struct! {
    /// `acquisition.*` as received.
    pub struct AcquisitionInput {
        /// Tender paperwork.
        pub tender: Raw,
        /// Free preparatory work.
        pub free_work: Raw,
        /// Contract negotiation with the client's lawyers.
        pub legal: Raw,
        /// Senior management time.
        pub executive: Raw,
        /// One-off cost of starting the account once won.
        pub onboarding: Raw,
    }
}

input_struct! {
    /// `payment.*` as received.
    pub struct PaymentInput {
        /// Agreed credit days.
        pub terms_days: Raw,
        /// Expected delay beyond the terms, in days.
        pub delay_days: Raw,
        /// Expected share of billed sales never paid.
        pub default_rate: Raw,
    }
}

input_struct! {
    /// `risk.*` as received.
    pub struct RiskInput {
        /// A change of owner.
        pub ownership_change: Raw,
        /// A change of management.
        pub management_change: Raw,
        /// A change of strategy.
        pub strategy_change: Raw,
        /// A political turn.
        pub political: Raw,
        /// Strikes and labour disruption.
        pub labor_disruption: Raw,
        /// Reputational events.
        pub reputational: Raw,
        /// A rival displacing the supplier.
        pub competitor_displacement: Raw,
        /// Share of the final year's net contribution still settled.
        pub termination_compensation: Raw,
    }
}

input_struct! {
    /// `relationship.*` as received.
    pub struct RelationshipInput {
        /// The roles of the decision-making unit.
        pub roles: List<RoleInput>,
    }
}

input_struct! {
    /// One entry of `relationship.roles`.
    pub struct RoleInput {
        /// The role's name.
        pub role: Raw,
        /// Whether a personal working contact exists.
        pub covered: Raw,
        /// `false` when this client has no such role.
        pub present: Raw,
    }
}

input_struct! {
    /// One entry of a column map as received: the field a header holds, and its unit.
    pub struct ColumnInput {
        /// The field's dotted path, such as `revenue.annual`.
        pub field: Raw,
        /// `fraction`, `percent`, `thousands` or `millions`.
        pub unit: Raw,
    }
}

input_struct! {
    /// `contract.*` as received.
    pub struct ContractInput {
        /// Length of each contract term, in years.
        pub term_years: Raw,
        /// Full years of the current term already run.
        pub years_elapsed: Raw,
        /// Chance that the client re-tenders at a renewal.
        pub retender_probability: Raw,
        /// Chance that the supplier wins a re-tender.
        pub incumbent_win_probability: Raw,
        /// Chance that the client lets the contract lapse at a renewal without a tender.
        pub nonrenewal: Raw,
        /// Cost of bidding in one re-tender.
        pub retender_cost: Raw,
    }
}

input_struct! {
    /// One entry of `events` as received: in CSV, one `month:risk:probability`
    /// part of the `events` cell.
    pub struct EventInput {
        /// Month of the event, counted from the start of year 1.
        pub month: Raw,
        /// The cause, one of the seven risk names.
        pub risk: Raw,
        /// The chance that it ends the contract then.
        pub probability: Raw,
    }
}

input_struct! {
    /// `release.*` as received.
    pub struct ReleaseInput {
        /// Yearly cost that stays after the relationship ends.
        pub stranded_cost: Raw,
        /// How many years that cost stays (default 1).
        pub stranded_years: Raw,
    }
}

input_struct! {
    /// `pursuit.*` as received.
    pub struct PursuitInput {
        /// Win probability, used as is when given.
        pub win_probability: Raw,
        /// Number of other bidders.
        pub competitors: Raw,
        /// Qualification evidence.
        pub evidence: EvidenceInput,
        /// Months until revenue starts.
        pub sales_cycle_months: Raw,
    }
}

input_struct! {
    /// `pursuit.evidence.*` as received.
    pub struct EvidenceInput {
        /// The need is confirmed.
        pub need_confirmed: Raw,
        /// The decision process is mapped.
        pub decision_process_mapped: Raw,
        /// The economic buyer is engaged.
        pub economic_buyer_engaged: Raw,
        /// A champion inside the client.
        pub champion: Raw,
        /// An entrenched incumbent.
        pub incumbent_entrenched: Raw,
    }
}

input_struct! {
    /// `reference.*` as received.
    pub struct ReferenceInput {
        /// Yearly reference margin as one estimate.
        pub annual_value: Raw,
        /// Itemised reference uses.
        pub uses: List<ReferenceUseInput>,
    }
}

input_struct! {
    /// One entry of `reference.uses`.
    pub struct ReferenceUseInput {
        /// The kind of use.
        pub kind: Raw,
        /// Uses a year.
        pub per_year: Raw,
        /// Margin won from other buyers per use.
        pub margin_per_use: Raw,
        /// Probability that the use happens and pays off.
        pub probability: Raw,
    }
}

input_struct! {
    /// A policy as received; every field is optional.
    pub struct PolicyInput {
        /// Cost of capital.
        pub discount_rate: Raw,
        /// Cost of capital per currency, overriding `discount_rate`.
        pub discount_rates: CurrencyMap,
        /// Years valued.
        pub horizon_years: Raw,
        /// Least value worth the effort.
        pub hurdle: HurdleInput,
        /// Share of each relationship-sensitive risk removed at full coverage.
        pub relationship_mitigation: Raw,
        /// How much each role counts.
        pub role_weights: RoleWeightsInput,
        /// Haircut on reference value.
        pub reference_credibility: Raw,
        /// Largest cost-to-serve reduction believed achievable.
        pub max_cost_cut: Raw,
        /// Largest concession cut believed achievable, in points of list price.
        pub max_concession_cut: Raw,
        /// Largest cut of the agreed payment days believed achievable.
        pub max_terms_cut: Raw,
        /// Whether the supplier stops supplying when the rest of the horizon is
        /// worth less than nothing (default true).
        pub exit_option: Raw,
        /// The hurdle grows with the account: at least this share of its year-1
        /// list-price sales.
        pub hurdle_per_revenue: Raw,
        /// A prospect must be worth at least this multiple of what pursuing it is
        /// expected to cost.
        pub hurdle_per_pursuit: Raw,
        /// When in its year a flow moves: `end`, `mid` or `start`.
        pub timing: Raw,
        /// Relative move of each input in the sensitivity table.
        pub sensitivity_step: Raw,
        /// How portfolio views are drawn.
        pub portfolio: PortfolioInput,
        /// Odds multipliers of the qualification evidence.
        pub evidence_odds: EvidenceOddsInput,
    }
}

input_struct! {
    /// `portfolio.*` as received.
    pub struct PortfolioInput {
        /// Revenue share above which an account is a concentration risk.
        pub max_revenue_share: Raw,
        /// The currency of the combined view.
        pub base_currency: Raw,
        /// How many base units one unit of each other currency buys.
        pub exchange_rates: CurrencyMap,
        /// Where the key-account matrix splits attractiveness.
        pub attractiveness_split: HurdleInput,
        /// Where the key-account matrix splits strength.
        pub strength_split: Raw,
        /// The names shown for the matrix quadrants.
        pub quadrant_names: QuadrantNamesInput,
    }
}

input_struct! {
    /// `portfolio.quadrant_names.*` as received.
    pub struct QuadrantNamesInput {
        /// High attractiveness, high strength.
        pub strategic: Raw,
        /// High attractiveness, low strength.
        pub star: Raw,
        /// Low attractiveness, high strength.
        pub status: Raw,
        /// Low attractiveness, low strength.
        pub streamline: Raw,
    }
}

input_struct! {
    /// `role_weights.*` as received.
    pub struct RoleWeightsInput {
        /// Weight of `user`.
        pub user: Raw,
        /// Weight of `preparer`.
        pub preparer: Raw,
        /// Weight of `approver`.
        pub approver: Raw,
        /// Weight of `budget_holder`.
        pub budget_holder: Raw,
        /// Weight of `final_decision`.
        pub final_decision: Raw,
        /// Weight of `legal`.
        pub legal: Raw,
        /// Weight of `procurement`.
        pub procurement: Raw,
    }
}

input_struct! {
    /// `evidence_odds.*` as received.
    pub struct EvidenceOddsInput {
        /// Multiplier for `need_confirmed`.
        pub need_confirmed: Raw,
        /// Multiplier for `decision_process_mapped`.
        pub decision_process_mapped: Raw,
        /// Multiplier for `economic_buyer_engaged`.
        pub economic_buyer_engaged: Raw,
        /// Multiplier for `champion`.
        pub champion: Raw,
        /// Multiplier for `incumbent_entrenched`.
        pub incumbent_entrenched: Raw,
    }
}

/// The policy's hurdle as received: one amount, or one per currency.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub enum HurdleInput {
    /// Not given: 0 in every currency.
    #[default]
    Absent,
    /// One amount for every currency.
    One(Raw),
    /// One amount per currency code, in input order.
    PerCurrency(Vec<(String, Raw)>),
}

impl IsEmptyInput for HurdleInput {
    fn is_empty_input(&self) -> bool {
        matches!(self, HurdleInput::Absent)
    }
}

impl Serialize for HurdleInput {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            HurdleInput::Absent => serializer.serialize_none(),
            HurdleInput::One(raw) => raw.serialize(serializer),
            HurdleInput::PerCurrency(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (code, amount) in entries {
                    map.serialize_entry(code, amount)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for HurdleInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HurdleInput;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount or a map from currency to amount")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HurdleInput, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if entries.is_empty() {
                        if let Some(text) = rest_number(&key, &mut map)? {
                            return Ok(HurdleInput::One(Raw::number(text)));
                        }
                    }
                    entries.push((key, map.next_value::<Raw>()?));
                }
                Ok(HurdleInput::PerCurrency(entries))
            }
            fn visit_unit<E: de::Error>(self) -> Result<HurdleInput, E> {
                Ok(HurdleInput::Absent)
            }
            fn visit_none<E: de::Error>(self) -> Result<HurdleInput, E> {
                Ok(HurdleInput::Absent)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<HurdleInput, D2::Error> {
                HurdleInput::deserialize(d)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<HurdleInput, E> {
                RawVisitor.visit_bool(v).map(HurdleInput::One)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<HurdleInput, E> {
                RawVisitor.visit_i64(v).map(HurdleInput::One)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<HurdleInput, E> {
                RawVisitor.visit_u64(v).map(HurdleInput::One)
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<HurdleInput, E> {
                RawVisitor.visit_i128(v).map(HurdleInput::One)
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<HurdleInput, E> {
                RawVisitor.visit_u128(v).map(HurdleInput::One)
            }
            fn visit_f32<E: de::Error>(self, v: f32) -> Result<HurdleInput, E> {
                RawVisitor.visit_f32(v).map(HurdleInput::One)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<HurdleInput, E> {
                RawVisitor.visit_f64(v).map(HurdleInput::One)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<HurdleInput, E> {
                RawVisitor.visit_str(v).map(HurdleInput::One)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<HurdleInput, A::Error> {
                RawVisitor.visit_seq(seq).map(HurdleInput::One)
            }
            fn visit_newtype_struct<D2: Deserializer<'de>>(
                self,
                d: D2,
            ) -> Result<HurdleInput, D2::Error> {
                RawVisitor.visit_newtype_struct(d).map(HurdleInput::One)
            }
        }
        d.deserialize_any(V)
    }
}

/// A map from currency code to a value as received (`discount_rates`), in input
/// order, or a note that something else was found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CurrencyMap {
    /// The entries: a key as given and its value.
    pub entries: Vec<(String, Raw)>,
    /// What was found instead of an object, if anything.
    pub(crate) not_an_object: Option<&'static str>,
}

impl IsEmptyInput for CurrencyMap {
    fn is_empty_input(&self) -> bool {
        self.entries.is_empty() && self.not_an_object.is_none()
    }
}

impl Serialize for CurrencyMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (code, value) in &self.entries {
            map.serialize_entry(code, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for CurrencyMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CurrencyMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from currency code to a value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CurrencyMap, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if entries.is_empty() && rest_number(&key, &mut map)?.is_some() {
                        return Ok(not_a_map("a number"));
                    }
                    entries.push((key, map.next_value::<Raw>()?));
                }
                Ok(CurrencyMap {
                    entries,
                    not_an_object: None,
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<CurrencyMap, E> {
                Ok(CurrencyMap::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<CurrencyMap, E> {
                Ok(CurrencyMap::default())
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<CurrencyMap, D2::Error> {
                CurrencyMap::deserialize(d)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<CurrencyMap, E> {
                Ok(not_a_map("true/false"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<CurrencyMap, E> {
                Ok(not_a_map("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<CurrencyMap, E> {
                Ok(not_a_map("a number"))
            }
            fn visit_i128<E: de::Error>(self, _: i128) -> Result<CurrencyMap, E> {
                Ok(not_a_map("a number"))
            }
            fn visit_u128<E: de::Error>(self, _: u128) -> Result<CurrencyMap, E> {
                Ok(not_a_map("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<CurrencyMap, E> {
                Ok(not_a_map("a number"))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<CurrencyMap, E> {
                Ok(not_a_map("text"))
            }
            fn visit_newtype_struct<D2: Deserializer<'de>>(
                self,
                _: D2,
            ) -> Result<CurrencyMap, D2::Error> {
                Ok(not_a_map("a number"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CurrencyMap, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(not_a_map("a list"))
            }
        }
        fn not_a_map(what: &'static str) -> CurrencyMap {
            CurrencyMap {
                entries: Vec::new(),
                not_an_object: Some(what),
            }
        }
        d.deserialize_any(V)
    }
}
