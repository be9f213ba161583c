//! The public types' shape: thread safety and their serialized form.

use keyaccount::{
    Account, AccountInput, Error, Evaluation, Policy, PolicyInput, Schedule, Verdict, evaluate,
};

use crate::common::{account, d};

#[test]
fn public_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Account>();
    assert_send_sync::<AccountInput>();
    assert_send_sync::<Policy>();
    assert_send_sync::<PolicyInput>();
    assert_send_sync::<Evaluation>();
    assert_send_sync::<Schedule>();
    assert_send_sync::<Error>();
}

#[test]
fn evaluation_serializes_in_its_natural_shape() {
    let a = account(
        r#"{"id": "A-1", "currency": "EUR", "stage": "active",
            "revenue": {"annual": "1000", "gross_margin": "0.5"}}"#,
    );
    let e = evaluate(&a, &Policy::default()).unwrap();
    let json: serde_json::Value = serde_json::to_value(&e).unwrap();
    assert_eq!(json["verdict"], "retain");
    assert_eq!(json["currency"], "EUR");
    assert_eq!(json["components"]["acquisition"], "0");
    assert_eq!(json["drivers"][0]["risk"], "ownership_change");
    assert!(json["break_even"]["subsidy"].is_null());
    assert_eq!(e.verdict, Verdict::Retain);
}

#[test]
fn account_serializes_numbers_as_strings() {
    let a = account(
        r#"{"id": "A-1", "currency": "EUR", "stage": "active",
            "revenue": {"annual": 1000.50, "gross_margin": "0.5"}}"#,
    );
    let json: serde_json::Value = serde_json::to_value(&a).unwrap();
    assert_eq!(json["revenue"]["annual"], "1000.50");
    assert_eq!(a.revenue().annual, d("1000.50"));
}

#[test]
fn policy_serializes_as_policy_json() {
    let json = serde_json::to_value(Policy::default()).unwrap();
    assert_eq!(json["discount_rate"], "0.12");
    assert_eq!(json["horizon_years"], "5");
    assert_eq!(json["hurdle"], "0");
    assert_eq!(json["role_weights"]["final_decision"], "3");
    assert_eq!(json["evidence_odds"]["champion"], "2.0");
    let back: Policy = serde_json::from_value(json).unwrap();
    assert_eq!(back, Policy::default());
    let bad = serde_json::from_str::<Policy>(r#"{"discount_rate": "2"}"#).unwrap_err();
    assert!(
        bad.to_string()
            .contains("discount_rate must be between 0 and 1, got 2"),
        "{bad}"
    );
}

#[test]
fn default_policy_is_the_models() {
    let p = Policy::default();
    assert_eq!(PolicyInput::default().validate().unwrap(), p);
    assert_eq!(p.discount_rate(), d("0.12"));
    assert_eq!(p.horizon_years(), 5);
    assert_eq!(p.max_cost_cut(), d("0.3"));
    assert_eq!(p.role_weight(keyaccount::Role::FinalDecision), d("3"));
    assert_eq!(
        p.evidence_odds(keyaccount::Evidence::IncumbentEntrenched),
        d("0.5")
    );
}
