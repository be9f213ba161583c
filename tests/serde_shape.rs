//! The public types' shape: thread safety and their serialized form.

use keyaccount::input::{AccountInput, PolicyInput};
use keyaccount::{
    Account, AccountBuilder, Coverage, Currency, Error, Evaluation, Evidence, Policy,
    PolicyBuilder, Record, Risk, Role, Schedule, Scored, Stage, Verdict, evaluate,
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
    assert_send_sync::<AccountBuilder>();
    assert_send_sync::<PolicyBuilder>();
    assert_send_sync::<Record>();
    assert_send_sync::<Scored>();
    assert_send_sync::<keyaccount::read::Records<std::fs::File>>();
    assert_send_sync::<keyaccount::write::CsvWriter<std::fs::File>>();
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
    assert_eq!(json["horizon_years"], 5);
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

#[test]
fn account_serializes_every_input_and_reads_back() {
    let a = Account::builder("A-9", Currency::RUB, Stage::Prospect)
        .revenue(d("90000000"), d("0.22"))
        .risk(Risk::Political, d("0.04"))
        .risk(Risk::CompetitorDisplacement, d("0.10"))
        .evidence(Evidence::Champion, true)
        .win_probability(d("0.35"))
        .role(Role::FinalDecision, Coverage::Covered)
        .build()
        .unwrap();
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["risk"]["political"], "0.04");
    assert_eq!(json["risk"]["competitor_displacement"], "0.10");
    assert_eq!(json["pursuit"]["evidence"]["champion"], true);
    assert_eq!(json["pursuit"]["win_probability"], "0.35");
    assert_eq!(json["relationship"]["roles"][0]["role"], "final_decision");
    let back: Account = serde_json::from_value(json).unwrap();
    assert_eq!(back, a);
    let text = serde_json::to_string(&a).unwrap();
    assert_eq!(keyaccount::read::account(text.as_bytes()).unwrap(), a);
}

#[test]
fn words_parse_with_typed_errors() {
    assert_eq!("Active".parse::<Stage>(), Ok(Stage::Active));
    assert_eq!("retain".parse::<Verdict>(), Ok(Verdict::Retain));
    assert_eq!(" budget_holder ".parse::<Role>(), Ok(Role::BudgetHolder));
    assert_eq!("political".parse::<Risk>(), Ok(Risk::Political));
    assert_eq!("USD".parse::<Currency>(), Ok(Currency::USD));
    assert_eq!(
        "keep".parse::<Verdict>().unwrap_err().to_string(),
        r#"verdict must be one of pursue, pursue_strategic, decline, retain, restructure, retain_strategic, release, got "keep""#
    );
}

#[test]
fn builders_validate_like_files() {
    let error = Account::builder("  ", Currency::EUR, Stage::Active)
        .revenue(d("-5"), d("0.3"))
        .growth(d("0.6"))
        .competitors(1001)
        .build()
        .unwrap_err();
    assert_eq!(
        error.messages(),
        [
            "id is required",
            "revenue.annual must be between 0 and 10^15, got -5",
            "revenue.growth must be between -0.5 and 0.5, got 0.6",
            r#"pursuit.competitors must be a whole number between 0 and 1000, got "1001""#,
        ]
    );
    let error = Account::builder("A", Currency::EUR, Stage::Active)
        .build()
        .unwrap_err();
    assert_eq!(
        error.messages(),
        [
            "revenue.annual is required",
            "revenue.gross_margin is required"
        ]
    );
    let error = Policy::builder()
        .discount_rate(d("12"))
        .horizon_years(0)
        .evidence_odds(Evidence::Champion, d("0"))
        .build()
        .unwrap_err();
    assert_eq!(
        error.messages(),
        [
            "discount_rate must be between 0 and 1, got 12",
            r#"horizon_years must be a whole number between 1 and 50, got "0""#,
            "evidence_odds.champion must be above 0 and at most 100, got 0",
        ]
    );
}

#[test]
fn a_what_if_changes_one_input() {
    let a = Account::builder("A", Currency::EUR, Stage::Active)
        .revenue(d("1000000"), d("0.3"))
        .concession(d("0.12"))
        .role(Role::User, Coverage::Covered)
        .role(Role::FinalDecision, Coverage::Absent)
        .build()
        .unwrap();
    let b = a.to_builder().concession(d("0.10")).build().unwrap();
    assert_eq!(b.revenue().concession, d("0.10"));
    assert_eq!(b.roles(), a.roles());
    let mut same = AccountInput::from(&b);
    same.revenue.concession = d("0.12").into();
    assert_eq!(same.validate().unwrap(), a);
    let p = Policy::builder()
        .hurdle_for(Currency::EUR, d("5"))
        .build()
        .unwrap();
    assert_eq!(p.to_builder().build().unwrap(), p);
    assert_eq!(PolicyInput::from(&p).validate().unwrap(), p);
}

#[test]
fn errors_keep_their_source() {
    use std::error::Error as _;
    let error = keyaccount::read::account(&b"{\"id\": "[..]).unwrap_err();
    assert!(matches!(
        error.kind(),
        keyaccount::ErrorKind::Unreadable { .. }
    ));
    let source = error.source().expect("the JSON parser's error");
    assert!(
        source.downcast_ref::<serde_json::Error>().is_some(),
        "{source}"
    );
}

#[test]
fn model_v3_inputs_serialize_and_read_back() {
    let a = Account::builder("A-3", Currency::EUR, Stage::Active)
        .revenue(d("1200000"), d("0.3"))
        .cost_down(d("0.02"))
        .rebate(d("0.03"))
        .rebate_probability(d("0.7"))
        .rebate_days(45)
        .event(6, Risk::OwnershipChange, d("0.4"))
        .event(48, Risk::StrategyChange, d("0.25"))
        .stranded_cost(d("80000"))
        .stranded_years(2)
        .build()
        .unwrap();
    assert_eq!(a.revenue().cost_down, d("0.02"));
    assert_eq!(a.revenue().rebate, Some(d("0.03")));
    assert_eq!(a.events()[1].risk, Risk::StrategyChange);
    assert_eq!(a.events()[1].year(), 4);
    assert_eq!(a.release().stranded_years, 2);
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["revenue"]["cost_down"], "0.02");
    assert_eq!(json["revenue"]["rebate"], "0.03");
    assert_eq!(json["revenue"]["rebate_probability"], "0.7");
    assert_eq!(json["revenue"]["rebate_days"], 45);
    assert_eq!(
        json["events"],
        serde_json::json!([
            {"month": 6, "risk": "ownership_change", "probability": "0.4"},
            {"month": 48, "risk": "strategy_change", "probability": "0.25"},
        ])
    );
    assert_eq!(
        json["release"],
        serde_json::json!({"stranded_cost": "80000", "stranded_years": 2})
    );
    let back: Account = serde_json::from_value(json).unwrap();
    assert_eq!(back, a);
    let text = serde_json::to_string(&a).unwrap();
    assert_in_order(
        &text,
        &[
            "\"price_down\"",
            "\"cost_down\"",
            "\"rebate\"",
            "\"rebate_probability\"",
            "\"rebate_days\"",
            "\"scale_savings\"",
            "\"reference\"",
            "\"events\"",
            "\"release\"",
            "\"image_critical\"",
        ],
    );
    assert_eq!(keyaccount::read::account(text.as_bytes()).unwrap(), a);
    assert_eq!(a.to_builder().build().unwrap(), a);
    assert_eq!(AccountInput::from(&a).validate().unwrap(), a);
    // A what-if on the new fields, and back.
    let b = a
        .to_builder()
        .events(a.events()[..1].iter().copied())
        .rebate(d("0"))
        .build()
        .unwrap();
    assert_eq!(b.events().len(), 1);
    assert_eq!(b.revenue().rebate, Some(d("0")));
    assert_eq!(b.revenue().rebate_probability, d("0.7"));
    let c = b
        .to_builder()
        .events(a.events().iter().copied())
        .rebate(d("0.03"))
        .build()
        .unwrap();
    assert_eq!(c, a);
}

#[test]
fn model_v3_defaults_are_left_out() {
    let a = Account::builder("A-4", Currency::EUR, Stage::Active)
        .revenue(d("1000"), d("0.3"))
        .build()
        .unwrap();
    assert_eq!(a.revenue().rebate, None);
    assert_eq!(a.revenue().rebate_probability, d("1"));
    assert!(a.events().is_empty());
    assert_eq!(a.release().stranded_years, 1);
    let json = serde_json::to_value(&a).unwrap();
    let revenue = json["revenue"].as_object().unwrap();
    for key in ["rebate", "rebate_probability", "rebate_days"] {
        assert!(!revenue.contains_key(key), "{key}");
    }
    assert!(json.get("events").is_none());
    assert!(json.get("release").is_none());
    let back: Account = serde_json::from_value(json).unwrap();
    assert_eq!(back, a);
    // A release given at its default values reads back to the same account.
    let same = Account::builder("A-4", Currency::EUR, Stage::Active)
        .revenue(d("1000"), d("0.3"))
        .stranded_cost(d("0"))
        .stranded_years(1)
        .build()
        .unwrap();
    assert_eq!(same, a);
}

#[test]
fn model_v3_policy_serializes_and_reads_back() {
    let json = serde_json::to_value(Policy::default()).unwrap();
    assert_eq!(json["max_terms_cut"], 30);
    assert_eq!(json["exit_option"], true);
    assert_eq!(json["hurdle_per_revenue"], "0");
    assert_eq!(json["hurdle_per_pursuit"], "0");
    assert_in_order(
        &serde_json::to_string(&Policy::default()).unwrap(),
        &[
            "\"max_concession_cut\"",
            "\"max_terms_cut\"",
            "\"exit_option\"",
            "\"hurdle_per_revenue\"",
            "\"hurdle_per_pursuit\"",
            "\"timing\"",
        ],
    );
    let p = Policy::builder()
        .max_terms_cut(45)
        .exit_option(false)
        .hurdle_per_revenue(d("0.05"))
        .hurdle_per_pursuit(d("3"))
        .build()
        .unwrap();
    assert_eq!(p.max_terms_cut(), 45);
    assert!(!p.exit_option());
    assert_eq!(p.hurdle_per_revenue(), d("0.05"));
    assert_eq!(p.hurdle_per_pursuit(), d("3"));
    let back: Policy = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
    assert_eq!(p.to_builder().build().unwrap(), p);
    assert_eq!(PolicyInput::from(&p).validate().unwrap(), p);
}

#[test]
fn model_v3_builders_validate_like_files() {
    let error = Account::builder("A", Currency::EUR, Stage::Active)
        .revenue(d("1000"), d("0.3"))
        .cost_down(d("0.6"))
        .rebate_probability(d("0.5"))
        .event(0, Risk::Political, d("0.1"))
        .event(12, Risk::Political, d("1.5"))
        .stranded_years(51)
        .build()
        .unwrap_err();
    assert_eq!(
        error.messages(),
        [
            "revenue.cost_down must be between 0 and 0.5, got 0.6",
            "revenue.rebate_probability is given without revenue.rebate (with no rebate there is nothing to earn or pay)",
            r#"events[1].month must be a whole number between 1 and 600, got "0""#,
            "events[2].probability must be between 0 and 1, got 1.5",
            r#"release.stranded_years must be a whole number between 0 and 50, got "51""#,
        ]
    );
    let error = Policy::builder()
        .max_terms_cut(400)
        .hurdle_per_revenue(d("-0.1"))
        .hurdle_per_pursuit(d("101"))
        .build()
        .unwrap_err();
    assert_eq!(
        error.messages(),
        [
            r#"max_terms_cut must be a whole number between 0 and 365, got "400""#,
            "hurdle_per_revenue must be between 0 and 10, got -0.1",
            "hurdle_per_pursuit must be between 0 and 100, got 101",
        ]
    );
}

/// Asserts that each key occurs in `text`, in this order.
fn assert_in_order(text: &str, keys: &[&str]) {
    let at: Vec<usize> = keys
        .iter()
        .map(|k| text.find(k).unwrap_or_else(|| panic!("{k} not in {text}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{keys:?} in {text}");
}
