//! Golden cases: figures computed independently of the crate.
//!
//! `tests/golden/v3/reference.py` recomputes model v3 from the model's contract
//! alone, in decimal arithmetic of 80 digits, sharing no code with the crate and
//! written without reading it: the exit option by backward induction (checked
//! against every possible exit year), Newton's break-even figures, the package's
//! bisection, drivers, the v3 warnings and the sensitivity rows. Its cases:
//!
//! - `v3/accounts.json` and `v3/cases.json`: 42 hand-designed cases, every v3
//!   field alone and together, every verdict and lever, the edge cases listed in
//!   `v3/NOTES.md` (an exit at a renewal in the year of an event, a rebate paid
//!   365 days late under `start` timing, a stranded cost longer than the horizon,
//!   Newton crossing an exit kink);
//! - `v3/random_cases.json`: 120 random accounts under all three timings, with
//!   and without the exit option;
//! - `v3/v2_accounts_under_v3.json`: the 34 v2 golden cases under v3, with the
//!   exit option and without it.
//!
//! - `v3/negotiation_cases.json` (from `v3/negotiation.py`, written the same
//!   way from the model's "Negotiation" section): 30 accounts with 77 proposals
//!   (valid, invalid, valid only together), the give-get table and the package.
//!
//! `v2/reference.py` (exact rational arithmetic) still gives the v2 figures: with
//! the exit option off, no v3 field and no re-tender bid less than a term before
//! the horizon's end, value and components are v2's.

use keyaccount::input::{AccountInput, PolicyInput};
use keyaccount::{
    Account, Evaluation, Policy, Verdict, Word, evaluate, negotiate, schedule, sensitivity,
};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{account, assert_close, d, policy};

const V2_ACCOUNTS: &str = include_str!("golden/v2/accounts.json");
const V2_CASES: &str = include_str!("golden/v2/cases.json");
const V3_ACCOUNTS: &str = include_str!("golden/v3/accounts.json");
const V3_CASES: &str = include_str!("golden/v3/cases.json");
const V3_RANDOM: &str = include_str!("golden/v3/random_cases.json");
const V2_UNDER_V3: &str = include_str!("golden/v3/v2_accounts_under_v3.json");
const NEGOTIATION: &str = include_str!("golden/v3/negotiation_cases.json");

/// A reference figure; the reference writes 28 significant digits, which for
/// numbers below 0.1 is more than `Decimal` holds, so the text is cut to 28
/// decimals before parsing (far below the tolerance).
fn number(text: &str) -> Decimal {
    let cut = match text.split_once('.') {
        Some((int, frac)) if frac.len() > 27 => format!("{int}.{}", &frac[..27]),
        _ => text.to_owned(),
    };
    d(&cut)
}

fn figure(expected: &Value, key: &str) -> Option<Decimal> {
    expected[key].as_str().map(number)
}

/// The model's tolerance: 10^-6, or 10^-22 of the components' magnitudes.
fn epsilon(e: &Evaluation) -> Decimal {
    let size: Decimal = e.components.named().iter().map(|(_, x)| x.abs()).sum();
    Decimal::new(1, 6).max(size * Decimal::new(1, 22))
}

fn close(what: &str, actual: Decimal, expected: Decimal, eps: Decimal) {
    assert!(
        (actual - expected).abs() <= eps,
        "{what}: got {actual}, expected {expected}"
    );
}

fn inputs(input: &Value, policy_extra: Option<(&str, Value)>) -> (Account, Policy) {
    let a: AccountInput = serde_json::from_value(input["account"].clone()).unwrap();
    let mut policy = input["policy"].clone();
    if let Some((key, value)) = policy_extra {
        policy[key] = value;
    }
    let p: PolicyInput = serde_json::from_value(policy).unwrap();
    (a.validate().unwrap(), p.validate().unwrap())
}

/// A break-even figure is a root found to within ε of the value; two such roots
/// differ by about ε over the slope, far below this for the golden accounts.
fn close_root(what: &str, actual: Decimal, expected: Decimal) {
    let tolerance = Decimal::new(1, 9).max(expected.abs() * Decimal::new(1, 12));
    close(what, actual, expected, tolerance);
}

fn check_case(name: &str, a: &Account, p: &Policy, e: &Value) -> Verdict {
    let result = evaluate(a, p).unwrap();
    let eps = epsilon(&result);
    let near_tie = e["near_tie"].as_bool().unwrap_or(false);
    if !near_tie {
        assert_eq!(
            result.verdict.as_str(),
            e["verdict"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(
            result.lever.map(|l| l.as_str()),
            e["lever"].as_str(),
            "{name} lever"
        );
        assert_eq!(
            result.exit_year.map(u64::from),
            e["exit_year"].as_u64(),
            "{name} exit_year"
        );
    }
    assert_eq!(
        result.top_risk.map(|d| d.to_string()).as_deref(),
        e["top_risk"].as_str(),
        "{name} top_risk"
    );
    for (key, actual) in result.components.named() {
        close(
            &format!("{name} {key}"),
            actual,
            figure(e, key).unwrap(),
            eps,
        );
    }
    let figures = [
        ("value", Some(result.value)),
        ("annual_survival", Some(result.annual_survival)),
        ("renewal_survival", result.renewal_survival),
        ("expected_years", Some(result.expected_years)),
        ("coverage", Some(result.coverage)),
        ("win_probability", result.win_probability),
        ("delay_factor", result.delay_factor),
        ("hurdle", Some(result.hurdle)),
        ("release_value", result.release_value),
        ("subsidy", result.break_even.subsidy),
    ];
    for (key, actual) in figures {
        match (actual, figure(e, key)) {
            (Some(a), Some(x)) => close(&format!("{name} {key}"), a, x, eps),
            (None, None) => {}
            (a, x) => panic!("{name} {key}: got {a:?}, expected {x:?}"),
        }
    }
    let b = &result.break_even;
    let roots = [
        ("cost_cut_to_hurdle", b.cost_cut_to_hurdle),
        ("concession_to_hurdle", b.concession_to_hurdle),
        ("terms_cut_to_hurdle", b.terms_cut_to_hurdle),
        ("win_probability_to_hurdle", b.win_probability_to_hurdle),
    ];
    for (key, actual) in roots {
        match (actual, figure(e, key)) {
            (Some(a), Some(x)) => close_root(&format!("{name} {key}"), a, x),
            (None, None) => {}
            (a, x) => panic!("{name} {key}: got {a:?}, expected {x:?}"),
        }
    }
    if !near_tie {
        assert_eq!(
            b.package_to_hurdle,
            figure(e, "package_to_hurdle"),
            "{name} package_to_hurdle"
        );
    }
    let drivers = e["drivers"].as_array().unwrap();
    assert_eq!(result.drivers.len(), drivers.len(), "{name} drivers");
    for (driver, entry) in result.drivers.iter().zip(drivers) {
        let risk = entry[0].as_str().unwrap();
        assert_eq!(driver.risk.as_str(), risk, "{name} driver order");
        assert_eq!(
            driver.month.map(u64::from),
            entry.get(2).and_then(Value::as_u64),
            "{name} driver month"
        );
        close(
            &format!("{name} {risk}"),
            driver.probability,
            number(entry[1].as_str().unwrap()),
            eps,
        );
    }
    if let Some(expected) = e["v3_warnings"].as_array() {
        let expected: Vec<&str> = expected.iter().map(|w| w.as_str().unwrap()).collect();
        let n = result.warnings.len();
        assert!(n >= expected.len(), "{name} warnings {:?}", result.warnings);
        assert_eq!(
            &result.warnings[n - expected.len()..],
            expected.as_slice(),
            "{name} warnings"
        );
    }
    let s = schedule(a, p).unwrap();
    let lifetime = result.value_if_won.unwrap_or(result.value);
    close(&format!("{name} schedule"), s.lifetime_value, lifetime, eps);
    if let Some(rows) = e["sensitivity"].as_array() {
        check_sensitivity(name, a, p, rows, eps);
    }
    result.verdict
}

fn check_sensitivity(name: &str, a: &Account, p: &Policy, rows: &[Value], eps: Decimal) {
    let table = sensitivity(a, p).unwrap();
    assert_eq!(table.rows.len(), rows.len(), "{name} sensitivity rows");
    for row in rows {
        let input = row["input"].as_str().unwrap();
        let ours = table
            .rows
            .iter()
            .find(|r| r.input == input)
            .unwrap_or_else(|| panic!("{name}: no row {input}"));
        for (key, actual) in [
            ("minus", ours.minus),
            ("plus", ours.plus),
            ("swing", ours.swing),
        ] {
            close(
                &format!("{name} {input} {key}"),
                actual,
                figure(row, key).unwrap(),
                eps,
            );
        }
    }
    // No row comes before one whose swing is larger by more than ε.
    for (i, row) in table.rows.iter().enumerate() {
        for later in &table.rows[i + 1..] {
            assert!(
                later.swing <= row.swing + eps,
                "{name}: {} before {}",
                row.input,
                later.input
            );
        }
    }
}

/// Checks every case of a list of `{name, policy, account}` inputs against the
/// matching `{name, expected}` entries.
fn check_all(inputs: &[Value], cases: &[Value], extra: Option<(&str, Value)>) -> Vec<Verdict> {
    assert_eq!(inputs.len(), cases.len());
    inputs
        .iter()
        .zip(cases)
        .map(|(input, case)| {
            let name = case["name"].as_str().unwrap();
            assert_eq!(input["name"].as_str(), Some(name));
            let (a, p) = inputs_of(input, extra.clone());
            check_case(name, &a, &p, &case["expected"])
        })
        .collect()
}

fn inputs_of(input: &Value, extra: Option<(&str, Value)>) -> (Account, Policy) {
    inputs(input, extra)
}

fn list(text: &str) -> Vec<Value> {
    serde_json::from_str(text).unwrap()
}

#[test]
fn every_v3_golden_case_matches_the_reference() {
    let verdicts = check_all(&list(V3_ACCOUNTS), &list(V3_CASES), None);
    assert_eq!(verdicts.len(), 42);
    for verdict in Verdict::ALL {
        assert!(verdicts.contains(verdict), "no golden case for {verdict}");
    }
}

#[test]
fn random_accounts_match_the_reference() {
    let cases = list(V3_RANDOM);
    assert_eq!(cases.len(), 120);
    check_all(&cases, &cases, None);
}

#[test]
fn the_v2_golden_cases_match_the_reference_under_v3() {
    let under: Value = serde_json::from_str(V2_UNDER_V3).unwrap();
    let inputs = list(V2_ACCOUNTS);
    let default = under["default"].as_array().unwrap();
    let no_exit = under["no_exit"].as_array().unwrap();
    assert_eq!(check_all(&inputs, default, None).len(), 34);
    let off = Some(("exit_option", Value::Bool(false)));
    assert_eq!(check_all(&inputs, no_exit, off).len(), 34);
}

/// Whether a re-tender bid falls less than a term before the horizon's end: v3
/// charges only the share of such a bid inside the horizon.
fn late_bid(a: &Account, p: &Policy) -> bool {
    let Some(contract) = a.contract() else {
        return false;
    };
    let h = p.horizon_years();
    let elapsed = if a.stage() == keyaccount::Stage::Active {
        contract.years_elapsed
    } else {
        0
    };
    (1..h).any(|t| (elapsed + t) % contract.term_years == 0 && h - t < contract.term_years)
}

/// The law of the model's v3 changes: without the exit option and the v3 fields,
/// and without a late re-tender bid, value and components are v2's.
#[test]
fn without_the_exit_option_the_v2_cases_keep_their_v2_figures() {
    let inputs = list(V2_ACCOUNTS);
    let cases = list(V2_CASES);
    let mut compared = 0;
    for (input, case) in inputs.iter().zip(&cases) {
        let name = case["name"].as_str().unwrap();
        let (a, p) = inputs_of(input, Some(("exit_option", Value::Bool(false))));
        let e = &case["expected"];
        let result = evaluate(&a, &p).unwrap();
        let eps = epsilon(&result);
        if late_bid(&a, &p) {
            continue;
        }
        compared += 1;
        close(
            &format!("{name} value"),
            result.value,
            figure(e, "value").unwrap(),
            eps,
        );
        for (key, actual) in result.components.named() {
            let expected = figure(e, key).unwrap_or(Decimal::ZERO);
            close(&format!("{name} {key}"), actual, expected, eps);
        }
    }
    assert_eq!(compared, 27, "v2 cases compared");
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

/// A figure of the reference that may be absent.
fn maybe(expected: &Value, key: &str, actual: Option<Decimal>, what: &str, eps: Decimal) {
    match (actual, figure(expected, key)) {
        (Some(a), Some(x)) => close(what, a, x, eps),
        (None, None) => {}
        (a, x) => panic!("{what}: got {a:?}, expected {x:?}"),
    }
}

#[test]
fn the_negotiation_desk_agrees_with_the_reference() {
    let cases: Vec<Value> = serde_json::from_str(NEGOTIATION).unwrap();
    // The proposals as written: a change's place in its proposal matters.
    let raw: Vec<std::collections::HashMap<String, &serde_json::value::RawValue>> =
        serde_json::from_str(NEGOTIATION).unwrap();
    assert_eq!(cases.len(), 30);
    let (mut valued, mut refused) = (0, 0);
    for (case, raw) in cases.iter().zip(&raw) {
        let name = case["name"].as_str().unwrap();
        let (a, p) = inputs(case, None);
        let text = match case["proposals_text"].as_str() {
            Some(text) => text.to_owned(),
            None => raw["proposals"].get().to_owned(),
        };
        let proposals = keyaccount::read::proposals(text.as_bytes()).unwrap();
        let expected = &case["expected"];
        let desk = negotiate(&a, &p, &proposals);
        if expected.get("error").is_some() {
            // Two proposals with one name: the file is refused.
            let error = desk.unwrap_err().to_string();
            assert!(
                error.ends_with("name is given more than once"),
                "{name}: {error}"
            );
            continue;
        }
        let desk = desk.unwrap();
        check_case(&format!("{name} as is"), &a, &p, &expected["as_is"]);
        let eps = epsilon(&desk.as_is);
        let wanted = expected["proposals"].as_array().unwrap();
        assert_eq!(desk.proposals.len(), wanted.len(), "{name}");
        for ((ours, want), proposal) in desk.proposals.iter().zip(wanted).zip(&proposals) {
            let what = format!("{name} / {}", ours.name);
            assert_eq!(ours.name, want["name"].as_str().unwrap(), "{what}");
            if let Some(fields) = want["errors"].as_array() {
                let error = ours.outcome.as_ref().unwrap_err().to_string();
                assert!(
                    error.starts_with(&format!("proposal {:?}: ", ours.name)),
                    "{error}"
                );
                let named = fields.iter().any(|e| {
                    e["fields"].as_array().unwrap().iter().any(|f| {
                        let f = f.as_str().unwrap();
                        // A field the whole proposal is refused for, or its proposal key.
                        error.contains(f) || (f == "name" && error.contains("name"))
                    })
                });
                assert!(named, "{what}: {error} names none of {fields:?}");
                refused += 1;
                continue;
            }
            let v = ours
                .outcome
                .as_ref()
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            valued += 1;
            let changed = a.with_changes(&proposal.changes).unwrap();
            check_case(&what, &changed, &p, &want["evaluation"]);
            assert_eq!(v.evaluation.value, evaluate(&changed, &p).unwrap().value);
            let delta = &want["delta"];
            close(
                &format!("{what} delta"),
                v.delta.value,
                figure(delta, "value").unwrap(),
                eps,
            );
            for (key, x) in v.delta.components.named() {
                close(
                    &format!("{what} delta {key}"),
                    x,
                    figure(delta, key).unwrap(),
                    eps,
                );
            }
            let effects = want["effects"].as_array().unwrap();
            assert_eq!(v.effects.len(), effects.len(), "{what} effects");
            for (effect, e) in v.effects.iter().zip(effects) {
                assert_eq!(
                    effect.change.path(),
                    e["change"].as_str().unwrap(),
                    "{what}"
                );
                maybe(
                    e,
                    "delta",
                    effect.delta,
                    &format!("{what} {}", effect.change),
                    eps,
                );
            }
            maybe(
                want,
                "interaction",
                v.interaction,
                &format!("{what} interaction"),
                eps,
            );
        }
        let rows = expected["give_get"].as_array().unwrap();
        assert_eq!(desk.give_get.len(), rows.len(), "{name} give-get");
        for (row, want) in desk.give_get.iter().zip(rows) {
            let what = format!("{name} give-get {}", row.lever);
            assert_eq!(
                row.lever.as_str(),
                want["lever"].as_str().unwrap(),
                "{what}"
            );
            assert_eq!(row.step, number(want["step"].as_str().unwrap()), "{what}");
            maybe(want, "delta", row.delta, &what, eps);
            maybe(
                want,
                "points",
                row.points,
                &format!("{what} points"),
                Decimal::new(1, 9),
            );
            assert_eq!(
                row.reason.is_some(),
                !want["reason"].is_null(),
                "{what} reason"
            );
        }
        let package = &expected["package"];
        match (&desk.package, figure(package, "share")) {
            (Some(ours), Some(share)) => {
                assert_eq!(ours.share, share, "{name} package share");
                for (key, x) in [
                    ("concession_cut", ours.concession_cut),
                    ("cost_cut", ours.cost_cut),
                    ("terms_cut", ours.terms_cut),
                ] {
                    close_root(
                        &format!("{name} package {key}"),
                        x,
                        figure(package, key).unwrap(),
                    );
                }
                close(
                    &format!("{name} package value"),
                    ours.value,
                    figure(package, "value").unwrap(),
                    eps,
                );
            }
            (None, None) => {}
            (ours, x) => panic!("{name} package: got {ours:?}, expected share {x:?}"),
        }
    }
    assert!(
        valued >= 60 && refused >= 10,
        "{valued} valued, {refused} refused"
    );
}
