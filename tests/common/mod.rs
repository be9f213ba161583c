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
