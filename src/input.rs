//! Accounts and policies as received, before validation.
//!
//! Every leaf is a [`Raw`] value: the text of a JSON string, the literal text of a
//! JSON number, a CSV cell, a boolean, or a note of what was found instead. Reading
//! never fails on a bad field: a wrong type, an unknown key or a repeated key is
//! recorded and reported by validation together with every other problem, each with
//! its path. Only a document that is not well-formed (a JSON syntax error) fails to
//! read.
//!
//! Numbers are never read through a float. With `serde_json`'s
//! `arbitrary_precision` feature a JSON number reaches [`Raw`] as its literal text;
//! without it, integers still arrive exactly and any other number is reported as
//! one that cannot be held exactly, to be written as a string.
//!
//! Programs that build accounts in code fill these structs with `From`
//! conversions and `..Default::default()`, then call [`AccountInput::validate`].

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// The key under which `serde_json` (feature `arbitrary_precision`) hands over a
/// number's literal text.
const JSON_NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// One leaf value as received.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub enum Raw {
    /// Not given: the key is absent, JSON `null`, or an empty CSV cell.
    #[default]
    Absent,
    /// Text: a JSON string or a CSV cell.
    Text(String),
    /// The literal text of a JSON number.
    Number(String),
    /// A JSON boolean.
    Bool(bool),
    /// A JSON number that reached the reader only as a float, shown as text.
    Inexact(String),
    /// Something else: an object or a list, described in words.
    Other(&'static str),
}

impl Raw {
    /// Whether the value is absent (not given).
    #[must_use]
    pub fn is_absent(&self) -> bool {
        matches!(self, Raw::Absent)
    }

    /// A description of the value for error messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Raw::Absent => "nothing".to_owned(),
            Raw::Text(t) => format!("{t:?}"),
            Raw::Number(n) | Raw::Inexact(n) => n.clone(),
            Raw::Bool(b) => b.to_string(),
            Raw::Other(what) => (*what).to_owned(),
        }
    }
}

impl From<Decimal> for Raw {
    fn from(value: Decimal) -> Raw {
        Raw::Text(value.to_string())
    }
}

impl From<&str> for Raw {
    fn from(value: &str) -> Raw {
        Raw::Text(value.to_owned())
    }
}

impl From<String> for Raw {
    fn from(value: String) -> Raw {
        Raw::Text(value)
    }
}

impl From<bool> for Raw {
    fn from(value: bool) -> Raw {
        Raw::Bool(value)
    }
}

impl From<u32> for Raw {
    fn from(value: u32) -> Raw {
        Raw::Number(value.to_string())
    }
}

impl<T: Into<Raw>> From<Option<T>> for Raw {
    fn from(value: Option<T>) -> Raw {
        value.map_or(Raw::Absent, Into::into)
    }
}

impl Serialize for Raw {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Raw::Absent => serializer.serialize_none(),
            Raw::Text(t) | Raw::Number(t) | Raw::Inexact(t) => serializer.serialize_str(t),
            Raw::Bool(b) => serializer.serialize_bool(*b),
            Raw::Other(what) => serializer.serialize_str(what),
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
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Number(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw::Number(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw, E> {
        Ok(Raw::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Inexact(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Text(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Text(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Absent)
    }
    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Absent)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Raw::Other("a list"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        match map.next_key::<String>()? {
            Some(key) if key == JSON_NUMBER_TOKEN => Ok(Raw::Number(map.next_value()?)),
            Some(_) => {
                map.next_value::<IgnoredAny>()?;
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Raw::Other("an object"))
            }
            None => Ok(Raw::Other("an object")),
        }
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// Whether an input part holds nothing, so that serialization can leave it out.
pub trait IsEmptyInput {
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
    pub not_a_list: Option<&'static str>,
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
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<List<T>, E> {
        Ok(not_list("a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<List<T>, E> {
        Ok(not_list("text"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<List<T>, A::Error> {
        let mut what = "an object";
        while let Some(key) = map.next_key::<String>()? {
            if key == JSON_NUMBER_TOKEN {
                what = "a number";
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(not_list(what))
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
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(skip_serializing_if = "IsEmptyInput::is_empty_input")]
                pub $field: $ty,
            )*
            /// Keys found in the input that are not fields of this object, and keys
            /// given twice (reported by validation).
            #[serde(skip)]
            pub unknown_keys: Vec<String>,
            /// What was found instead of an object, if anything.
            #[serde(skip)]
            pub not_an_object: Option<&'static str>,
        }

        impl $name {
            /// The field names of this object, in the model's order.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];
        }

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
                        while let Some(key) = map.next_key::<String>()? {
                            if key == JSON_NUMBER_TOKEN {
                                map.next_value::<IgnoredAny>()?;
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
                    fn visit_f64<E: de::Error>(self, _: f64) -> Result<$name, E> {
                        Ok(not_object("a number"))
                    }
                    fn visit_str<E: de::Error>(self, _: &str) -> Result<$name, E> {
                        Ok(not_object("text"))
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
        /// Odds multipliers of the qualification evidence.
        pub evidence_odds: EvidenceOddsInput,
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
                    if key == JSON_NUMBER_TOKEN {
                        return Ok(HurdleInput::One(Raw::Number(map.next_value()?)));
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
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<HurdleInput, E> {
                RawVisitor.visit_f64(v).map(HurdleInput::One)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<HurdleInput, E> {
                RawVisitor.visit_str(v).map(HurdleInput::One)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<HurdleInput, A::Error> {
                RawVisitor.visit_seq(seq).map(HurdleInput::One)
            }
        }
        d.deserialize_any(V)
    }
}
