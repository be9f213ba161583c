//! Helpers shared by the test modules.

#![allow(dead_code)]

use std::str::FromStr;

use keyaccount::{Account, AccountInput, Policy, PolicyInput};
use rust_decimal::Decimal;

/// A decimal from its text; panics on a typo in a test.
pub fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// An account from JSON text, validated.
pub fn account(json: &str) -> Account {
    let input: AccountInput = serde_json::from_str(json).unwrap();
    input.validate().unwrap()
}

/// A policy from JSON text, validated.
pub fn policy(json: &str) -> Policy {
    let input: PolicyInput = serde_json::from_str(json).unwrap();
    input.validate().unwrap()
}

/// Asserts `actual` is within 10^-6 of `expected`.
pub fn assert_close(what: &str, actual: Decimal, expected: Decimal) {
    let tolerance = Decimal::new(1, 6);
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: got {actual}, expected {expected}"
    );
}
