//! Helpers shared by the test modules.

#![allow(dead_code)]

use std::str::FromStr;

use keyaccount::{Account, Policy};
use rust_decimal::Decimal;

/// A decimal from its text; panics on a typo in a test.
pub fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// An account from JSON text, read exactly and validated.
pub fn account(json: &str) -> Account {
    keyaccount::read::account(json.as_bytes()).unwrap()
}

/// A policy from JSON text, read exactly and validated.
pub fn policy(json: &str) -> Policy {
    keyaccount::read::policy(json.as_bytes()).unwrap()
}

/// Asserts `actual` is within 10^-6 of `expected`.
pub fn assert_close(what: &str, actual: Decimal, expected: Decimal) {
    let tolerance = Decimal::new(1, 6);
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: got {actual}, expected {expected}"
    );
}

/// The keys of a JSON object's top level, in the order written.
pub fn top_level_keys(json: &str) -> Vec<String> {
    struct Keys(Vec<String>);
    impl<'de> serde::Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(key) = map.next_key::<String>()? {
                        map.next_value::<serde::de::IgnoredAny>()?;
                        keys.push(key);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::from_str::<Keys>(json).unwrap().0
}

/// The keys of an evaluation's JSON object, in order: `model`, the result CSV's
/// columns, then `delay_factor`, `drivers` and the figures the CSV leaves out.
pub fn evaluation_keys() -> Vec<String> {
    let mut keys = vec!["model".to_owned()];
    keys.extend(
        keyaccount::flat::RESULT_COLUMNS
            .iter()
            .map(|s| (*s).to_owned()),
    );
    for key in [
        "delay_factor",
        "drivers",
        "bar",
        "exit_gain",
        "value_if_won",
        "cost_to_serve_pv",
        "concession_slope",
        "package",
    ] {
        keys.push(key.to_owned());
    }
    keys
}
