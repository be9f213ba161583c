//! The public types' shape: thread safety and their serialized form.

use keyaccount::input::{AccountInput, PolicyInput, Raw};
use keyaccount::read::{Format, ReadOptions};
use keyaccount::write::JsonWriter;
use keyaccount::{
    Account, AccountBuilder, Coverage, Currency, Error, ErrorKind, Evaluation, Evidence, Policy,
    PolicyBuilder, Record, Risk, Role, Schedule, Scored, Stage, Verdict, evaluate,
};

use crate::common::{account, d, evaluation_keys, top_level_keys};

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
fn evaluation_serializes_in_the_json_writers_shape() {
    let a = account(
        r#"{"id": "A-1", "currency": "EUR", "stage": "active",
            "revenue": {"annual": "1000", "gross_margin": "0.5"}}"#,
    );
    let e = evaluate(&a, &Policy::default()).unwrap();
    let text = serde_json::to_string(&e).unwrap();
    assert_eq!(top_level_keys(&text), evaluation_keys());
    // The writer's line is the same object, and a newline.
    let mut writer = JsonWriter::new(Vec::new());
    writer.write(&Ok(e.clone())).unwrap();
    let line = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    assert_eq!(line, format!("{text}\n"));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["model"], "3");
    assert_eq!(json["verdict"], "retain");
    assert_eq!(json["currency"], "EUR");
    assert_eq!(json["acquisition"], "0");
    assert_eq!(json["value"], e.value.normalize().to_string());
    assert_eq!(json["bar"], e.bar.normalize().to_string());
    assert_eq!(json["drivers"][0]["risk"], "ownership_change");
    assert!(json["subsidy"].is_null());
    assert!(json["error"].is_null());
    assert!(json["package"].is_null());
    assert_eq!(
        json["warnings"],
        serde_json::json!(["no termination risk given: survival is 100 %"])
    );
    assert_eq!(e.verdict, Verdict::Retain);
    let back: Evaluation = serde_json::from_str(&text).unwrap();
    assert_eq!(back, e);
}

#[test]
fn evaluations_of_the_bundled_accounts_read_back_equal() {
    let policy =
        keyaccount::read::policy(std::fs::File::open("examples/data/policy.json").unwrap())
            .unwrap();
    let list = std::fs::File::open("examples/data/accounts.csv").unwrap();
    let records = keyaccount::read::records(list, Format::Csv, &ReadOptions::default()).unwrap();
    let (mut evaluations, mut with_package, mut with_events, mut prospects) = (0, 0, 0, 0);
    for record in records {
        let record = record.unwrap();
        let Ok(account) = &record.account else {
            continue;
        };
        let e = evaluate(account, &policy).unwrap();
        let text = serde_json::to_string(&e).unwrap();
        let back: Evaluation =
            serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}\n{text}", e.id));
        assert_eq!(back, e, "{text}");
        // Through serde_json's Value as well.
        let value = serde_json::to_value(&e).unwrap();
        assert_eq!(serde_json::from_value::<Evaluation>(value).unwrap(), e);
        evaluations += 1;
        with_package += usize::from(e.package.is_some());
        with_events += usize::from(e.drivers.iter().any(|d| d.month.is_some()));
        prospects += usize::from(e.value_if_won.is_some());
    }
    assert!(evaluations >= 40, "{evaluations}");
    assert!(with_package > 0 && with_events > 0 && prospects > 0);
}

#[test]
fn an_error_row_keeps_its_shape_and_does_not_read_as_an_evaluation() {
    let error = keyaccount::read::account(
        &br#"{"id": "A-2", "name": "Broken", "currency": "EUR", "stage": "active",
              "revenue": {"annual": "1000", "gross_margin": "1.5"}}"#[..],
    )
    .unwrap_err();
    let mut writer = JsonWriter::new(Vec::new());
    writer.write(&Err(error)).unwrap();
    let line = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    assert_eq!(top_level_keys(&line), evaluation_keys());
    let json: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(json["id"], "A-2");
    assert_eq!(json["name"], "Broken");
    assert_eq!(json["currency"], "EUR");
    assert_eq!(json["verdict"], "error");
    assert!(json["value"].is_null() && json["bar"].is_null() && json["package"].is_null());
    assert_eq!(json["drivers"], serde_json::json!([]));
    assert_eq!(
        json["error"],
        "revenue.gross_margin must be between 0 and 1, got 1.5"
    );
    let refused = serde_json::from_str::<Evaluation>(&line).unwrap_err();
    assert!(
        refused.to_string().contains("the row holds an error"),
        "{refused}"
    );
    // Another model's row is refused too.
    let e = evaluate(
        &account(
            r#"{"id": "A", "currency": "EUR", "stage": "active",
        "revenue": {"annual": "1000", "gross_margin": "0.5"}}"#,
        ),
        &Policy::default(),
    )
    .unwrap();
    let v2 = serde_json::to_string(&e)
        .unwrap()
        .replace(r#""model":"3""#, r#""model":"2""#);
    let refused = serde_json::from_str::<Evaluation>(&v2).unwrap_err();
    assert!(refused.to_string().contains("model 2"), "{refused}");
}

#[test]
fn plain_serde_reads_json_numbers_as_their_shortest_text() {
    // serde_json without `arbitrary_precision` parses 0.30 as a float; it reads as 0.3.
    let body = r#"{"id": "A-1", "currency": "EUR", "stage": "active",
        "revenue": {"annual": 4200000, "gross_margin": 0.30, "growth": 0.035},
        "payment": {"terms_days": 60, "default_rate": 1e-2}}"#;
    let a: Account = serde_json::from_str(body).unwrap();
    assert_eq!(a.revenue().gross_margin, d("0.30"));
    assert_eq!(a.revenue().gross_margin.to_string(), "0.3");
    assert_eq!(a.revenue().annual, d("4200000"));
    assert_eq!(a.revenue().growth, d("0.035"));
    assert_eq!(a.payment().default_rate, d("0.01"));
    assert_eq!(a.payment().terms_days, 60);
    // The crate's reader keeps every digit as written.
    let exact = keyaccount::read::account(body.as_bytes()).unwrap();
    assert_eq!(exact, a);
    assert_eq!(exact.revenue().gross_margin.to_string(), "0.30");
    // Past 15 significant digits the float path may give a nearby number; the
    // reader does not.
    let long = body.replace("0.035", "0.1234567890123456789");
    let a: Account = serde_json::from_str(&long).unwrap();
    assert_eq!(a.revenue().growth, d("0.12345678901234568"));
    let exact = keyaccount::read::account(long.as_bytes()).unwrap();
    assert_eq!(exact.revenue().growth, d("0.1234567890123456789"));
    // A policy's numbers and its one hurdle, on the same path.
    let p: Policy =
        serde_json::from_str(r#"{"discount_rate": 0.10, "hurdle": 400000.5, "horizon_years": 7}"#)
            .unwrap();
    assert_eq!(p.discount_rate(), d("0.1"));
    assert_eq!(p.hurdle().for_currency(Currency::EUR), d("400000.5"));
    assert_eq!(p.horizon_years(), 7);
}

#[test]
fn plain_serde_names_every_bad_field() {
    let body = r#"{"id": "A-1", "currency": "EUR", "stage": "active",
        "revenue": {"annual": 1000, "gross_margin": 1.5, "growth": 7},
        "risk": 0.5}"#;
    let error = serde_json::from_str::<Account>(body)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with(r#"account "A-1": "#), "{error}");
    for problem in [
        "revenue.gross_margin must be between 0 and 1, got 1.5",
        "revenue.growth must be between -0.5 and 0.5, got 7",
        "risk must be an object, got a number",
    ] {
        assert!(error.contains(problem), "{problem} in {error}");
    }
    // The crate's reader gives the same problems, typed and one by one.
    let error = keyaccount::read::account(body.as_bytes()).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::InvalidAccount { .. }));
    assert_eq!(
        error.messages(),
        [
            "revenue.growth must be between -0.5 and 0.5, got 7",
            "revenue.gross_margin must be between 0 and 1, got 1.5",
            "risk must be an object, got a number",
        ]
    );
}

#[test]
fn values_that_are_not_finite_are_problems_of_their_field() {
    use serde::Deserialize as _;
    use serde::de::value::{Error as ValueError, F32Deserializer, F64Deserializer};
    let mut input = AccountInput::default();
    input.id = "A".into();
    input.currency = "EUR".into();
    input.stage = "active".into();
    input.revenue.annual =
        Raw::deserialize(F64Deserializer::<ValueError>::new(f64::INFINITY)).unwrap();
    input.revenue.gross_margin =
        Raw::deserialize(F64Deserializer::<ValueError>::new(f64::NAN)).unwrap();
    input.revenue.growth = Raw::deserialize(F32Deserializer::<ValueError>::new(0.1_f32)).unwrap();
    let error = input.validate().unwrap_err();
    assert_eq!(
        error.messages(),
        [
            "revenue.annual must be a number, got infinity",
            "revenue.gross_margin must be a number, got NaN",
        ]
    );
    input.revenue.annual = Raw::deserialize(F64Deserializer::<ValueError>::new(-0.0)).unwrap();
    input.revenue.gross_margin = Raw::deserialize(F64Deserializer::<ValueError>::new(0.3)).unwrap();
    let a = input.validate().unwrap();
    assert_eq!(a.revenue().growth, d("0.1"));
    assert_eq!(a.revenue().annual, d("0"));
    assert_eq!(a.revenue().gross_margin, d("0.3"));
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
