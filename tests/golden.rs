//! Golden cases: figures computed independently of the crate.
//!
//! `tests/golden/accounts.json` holds the inputs; `tests/golden/cases.json` the
//! expected figures, computed by `tests/golden/reference.py` in exact rational
//! arithmetic (Python fractions) from the model's formulas, sharing no code with the
//! crate. The break-even concession there comes from two valuations, not from the
//! crate's derivative. Together the cases cover all seven verdicts, prospects and
//! active accounts, growth, concessions, payment days, bad debt, compensation,
//! role weights and partial coverage, evidence odds, per-currency hurdles.

use keyaccount::input::{AccountInput, PolicyInput};
use keyaccount::{Verdict, Word, evaluate};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{account, assert_close, d, policy};

const ACCOUNTS: &str = include_str!("golden/accounts.json");
const CASES: &str = include_str!("golden/cases.json");

fn figure(expected: &Value, key: &str) -> Option<Decimal> {
    expected[key].as_str().map(d)
}

#[test]
fn every_golden_case_matches_the_reference() {
    let inputs: Vec<Value> = serde_json::from_str(ACCOUNTS).unwrap();
    let cases: Vec<Value> = serde_json::from_str(CASES).unwrap();
    assert_eq!(inputs.len(), cases.len());
    let mut verdicts = Vec::new();
    for (input, case) in inputs.iter().zip(&cases) {
        let name = case["name"].as_str().unwrap();
        let a: AccountInput = serde_json::from_value(input["account"].clone()).unwrap();
        let p: PolicyInput = serde_json::from_value(input["policy"].clone()).unwrap();
        let result = evaluate(&a.validate().unwrap(), &p.validate().unwrap()).unwrap();
        let e = &case["expected"];

        assert_eq!(
            result.verdict.as_str(),
            e["verdict"].as_str().unwrap(),
            "{name}"
        );
        verdicts.push(result.verdict);
        for (key, actual) in result.components.named() {
            assert_close(&format!("{name} {key}"), actual, figure(e, key).unwrap());
        }
        let optional = [
            ("value", Some(result.value)),
            ("annual_survival", Some(result.annual_survival)),
            ("expected_years", Some(result.expected_years)),
            ("coverage", Some(result.coverage)),
            ("win_probability", result.win_probability),
            ("delay_factor", result.delay_factor),
            ("cost_cut_to_hurdle", result.break_even.cost_cut_to_hurdle),
            (
                "concession_to_hurdle",
                result.break_even.concession_to_hurdle,
            ),
            (
                "win_probability_to_hurdle",
                result.break_even.win_probability_to_hurdle,
            ),
            ("subsidy", result.break_even.subsidy),
        ];
        for (key, actual) in optional {
            match (actual, figure(e, key)) {
                (Some(a), Some(x)) => assert_close(&format!("{name} {key}"), a, x),
                (None, None) => {}
                (a, x) => panic!("{name} {key}: got {a:?}, expected {x:?}"),
            }
        }
        let drivers: Vec<(String, Decimal)> = e["drivers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| {
                (
                    pair[0].as_str().unwrap().to_owned(),
                    d(pair[1].as_str().unwrap()),
                )
            })
            .collect();
        assert_eq!(result.drivers.len(), 7);
        for (driver, (risk, p)) in result.drivers.iter().zip(&drivers) {
            assert_eq!(driver.risk.as_str(), risk, "{name} driver order");
            assert_close(&format!("{name} {risk}"), driver.probability, *p);
        }
    }
    for verdict in Verdict::ALL {
        assert!(verdicts.contains(verdict), "no golden case for {verdict}");
    }
}

/// Worked by hand: R = 1000, m = 0.5, r = 0.1, H = 2, nothing else.
/// K_t = 1000 × 0.5 = 500 in both years, s = 1, v = 1/1.1.
/// V = 500 / 1.1 + 500 / 1.21 = 454.545454... + 413.223140... = 867.768595...
/// (exactly 1050/1.21 = 105000/121).
/// Break-even concession with η = 0: V is 1000 (0.5 − c) × 1.735537... so c = 0.5.
#[test]
fn two_year_account_by_hand() {
    let a = account(
        r#"{"id": "H-1", "currency": "EUR", "stage": "active",
            "revenue": {"annual": "1000", "gross_margin": "0.5"}}"#,
    );
    let result = evaluate(
        &a,
        &policy(r#"{"discount_rate": "0.1", "horizon_years": 2}"#),
    )
    .unwrap();
    assert_close("value", result.value, d("105000") / d("121"));
    assert_eq!(result.verdict, Verdict::Retain);
    assert_eq!(result.annual_survival, Decimal::ONE);
    assert_eq!(result.expected_years, d("2"));
    assert_close(
        "concession",
        result.break_even.concession_to_hurdle.unwrap(),
        d("0.5"),
    );
    assert_eq!(
        result.break_even.cost_cut_to_hurdle, None,
        "no cost to serve"
    );
    assert_eq!(result.break_even.subsidy, None);
}

/// Worked by hand: a prospect with P given as 0.4, M = 6, r = 0.12, so
/// δ = 1 / (1 + 0.12 × 6 / 12) = 1 / 1.06. One year (H = 1), R = 1000, m = 0.3,
/// cost to serve 100, tender 20: LV = (300 − 100) / 1.12 = 178.571428...;
/// V = 0.4 / 1.06 × 178.571428... − 20 = 67.385444... − 20 = 47.385444...
/// win_probability_to_hurdle with η = 0: 20 / (178.571428... / 1.06) = 0.11872.
#[test]
fn one_year_prospect_by_hand() {
    let a = account(
        r#"{"id": "H-2", "currency": "EUR", "stage": "prospect",
            "revenue": {"annual": "1000", "gross_margin": "0.3"},
            "cost_to_serve": {"service": "100"},
            "acquisition": {"tender": "20"},
            "pursuit": {"win_probability": "0.4", "sales_cycle_months": 6}}"#,
    );
    let result = evaluate(&a, &policy(r#"{"horizon_years": 1}"#)).unwrap();
    let lv = d("200") / d("1.12");
    assert_close("value", result.value, d("0.4") / d("1.06") * lv - d("20"));
    assert_close("acquisition", result.components.acquisition, d("-20"));
    assert_close(
        "delay",
        result.delay_factor.unwrap(),
        Decimal::ONE / d("1.06"),
    );
    assert_close(
        "win probability to hurdle",
        result.break_even.win_probability_to_hurdle.unwrap(),
        d("20") * d("1.06") / lv,
    );
    assert_eq!(result.verdict, Verdict::Pursue);
}

/// With only R and m, retention s and a long horizon, the value tends to the
/// Gupta and Lehmann margin multiple R m s / (1 + r − s). Here R = 1000, m = 0.4,
/// s = 0.9 (ownership change 0.1), r = 0.1: 1000 × 0.4 × 0.9 / 0.2 = 1800. Over
/// H years the finite sum is 1800 × (1 − (s v)^H) exactly.
#[test]
fn long_horizon_reduces_to_the_margin_multiple() {
    let a = account(
        r#"{"id": "GL", "currency": "USD", "stage": "active",
            "revenue": {"annual": "1000", "gross_margin": "0.4"},
            "risk": {"ownership_change": "0.1"}}"#,
    );
    let result = evaluate(
        &a,
        &policy(r#"{"discount_rate": "0.1", "horizon_years": 50}"#),
    )
    .unwrap();
    let sv = d("0.9") / d("1.1");
    let tail = (0..50).fold(Decimal::ONE, |x, _| x * sv);
    assert_close(
        "finite sum",
        result.value,
        d("1800") * (Decimal::ONE - tail),
    );
    assert!(
        (result.value - d("1800")).abs() < d("0.1"),
        "{}",
        result.value
    );
}

/// The hurdle for a currency missing from the map is 0.
#[test]
fn currency_missing_from_the_hurdle_map_has_hurdle_zero() {
    let a = account(
        r#"{"id": "C", "currency": "CHF", "stage": "active",
            "revenue": {"annual": "10", "gross_margin": "0.1"}}"#,
    );
    let result = evaluate(&a, &policy(r#"{"hurdle": {"EUR": "1000000"}}"#)).unwrap();
    assert_eq!(result.hurdle, Decimal::ZERO);
    assert_eq!(result.verdict, Verdict::Retain);
}
