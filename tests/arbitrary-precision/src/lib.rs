//! The crate's serde path with serde_json's `arbitrary_precision` feature on:
//! JSON numbers reach the crate as their literal text and are read exactly.

#[cfg(test)]
mod tests {
    use keyaccount::{Account, Currency, Evaluation, Policy, evaluate};
    use rust_decimal::Decimal;

    const BODY: &str = r#"{"id": "A-1", "name": "Northern Steel", "currency": "EUR", "stage": "active",
        "revenue": {"annual": 999999999999999.99, "gross_margin": 0.30, "concession": 0.1200,
                    "scale_savings": 1e2, "growth": 25E-3},
        "cost_to_serve": {"account_team": 4200000, "inflation": 0.03},
        "payment": {"terms_days": 60, "default_rate": 0.010},
        "risk": {"ownership_change": 0.05},
        "events": [{"month": 18, "risk": "political", "probability": 0.3}]}"#;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn the_feature_is_on() {
        // With `arbitrary_precision`, serde_json keeps a number's text.
        let value: serde_json::Value = serde_json::from_str("0.30").unwrap();
        assert_eq!(value.to_string(), "0.30");
    }

    #[test]
    fn numbers_read_exactly_as_written() {
        let a: Account = serde_json::from_str(BODY).unwrap();
        let r = a.revenue();
        assert_eq!(r.gross_margin, Decimal::new(30, 2));
        assert_eq!(r.gross_margin.scale(), 2);
        assert_eq!(r.concession.to_string(), "0.1200");
        // 17 significant digits: more than a float holds.
        assert_eq!(r.annual.to_string(), "999999999999999.99");
        // Exponents as the crate's readers read them: exact when Decimal holds them.
        assert_eq!(r.scale_savings, d("100"));
        assert_eq!(r.growth, d("0.025"));
        assert_eq!(a.cost_to_serve().account_team, d("4200000"));
        assert_eq!(a.payment().terms_days, 60);
        assert_eq!(a.payment().default_rate.to_string(), "0.010");
        assert_eq!(a.events()[0].probability, d("0.3"));
        // The same as the crate's reader, and through serde_json's Value.
        assert_eq!(keyaccount::read::account(BODY.as_bytes()).unwrap(), a);
        let value: serde_json::Value = serde_json::from_str(BODY).unwrap();
        let through_value: Account = serde_json::from_value(value).unwrap();
        assert_eq!(through_value, a);
        assert_eq!(
            through_value.revenue().annual.to_string(),
            "999999999999999.99"
        );
    }

    #[test]
    fn a_bad_field_names_its_path() {
        let body = BODY
            .replace("0.30", "1.50")
            .replace(r#"{"ownership_change": 0.05}"#, "0.05");
        let error = serde_json::from_str::<Account>(&body)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("revenue.gross_margin must be between 0 and 1, got 1.50"),
            "{error}"
        );
        assert!(
            error.contains("risk must be an object, got a number"),
            "{error}"
        );
        let error = keyaccount::read::account(body.as_bytes()).unwrap_err();
        assert_eq!(
            error.messages(),
            [
                "revenue.gross_margin must be between 0 and 1, got 1.50",
                "risk must be an object, got a number",
            ]
        );
        // A number where a list or a map belongs.
        let body = BODY.replace(
            r#"[{"month": 18, "risk": "political", "probability": 0.3}]"#,
            "0.5",
        );
        let error = serde_json::from_str::<Account>(&body)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("events must be a list, got a number"),
            "{error}"
        );
        let error = serde_json::from_str::<Policy>(r#"{"discount_rates": 0.1}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("discount_rates must be"), "{error}");
        assert!(error.contains("got a number"), "{error}");
        let error = keyaccount::read::column_map("1.5".as_bytes()).unwrap_err();
        assert!(error.to_string().contains("got a number"), "{error}");
    }

    #[test]
    fn a_policy_reads_exactly() {
        let p: Policy = serde_json::from_str(
            r#"{"discount_rate": 0.10, "hurdle": 400000.50, "horizon_years": 7}"#,
        )
        .unwrap();
        assert_eq!(p.discount_rate().to_string(), "0.10");
        assert_eq!(
            p.hurdle().for_currency(Currency::EUR).to_string(),
            "400000.50"
        );
        assert_eq!(p.horizon_years(), 7);
        let p: Policy = serde_json::from_str(r#"{"hurdle": {"EUR": 1.5e5}}"#).unwrap();
        assert_eq!(p.hurdle().for_currency(Currency::EUR), d("150000"));
    }

    #[test]
    fn an_evaluation_round_trips() {
        let a: Account = serde_json::from_str(BODY).unwrap();
        let e = evaluate(&a, &Policy::default()).unwrap();
        let text = serde_json::to_string(&e).unwrap();
        assert!(text.starts_with(r#"{"model":"3","id":"A-1","#), "{text}");
        let back: Evaluation = serde_json::from_str(&text).unwrap();
        assert_eq!(back, e);
        let value = serde_json::to_value(&e).unwrap();
        assert_eq!(serde_json::from_value::<Evaluation>(value).unwrap(), e);
        // Figures written as numbers read exactly too.
        let numbers = text.replace(r#""coverage":"0""#, r#""coverage":0.0"#);
        assert_ne!(numbers, text);
        assert_eq!(serde_json::from_str::<Evaluation>(&numbers).unwrap(), e);
    }
}
