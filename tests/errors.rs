//! Error messages, word for word: users read them to fix their files.

use keyaccount::flat::{Cell, error_cells};
use keyaccount::{ErrorKind, ProblemKind, Record};

fn problems(json: &str) -> Vec<String> {
    keyaccount::read::account(json.as_bytes())
        .unwrap_err()
        .messages()
}

fn policy_problems(json: &str) -> Vec<String> {
    keyaccount::read::policy(json.as_bytes())
        .unwrap_err()
        .messages()
}

const VALID: &str = r#""id": "A-1", "currency": "EUR", "stage": "active""#;

/// A valid account with `fields` added; `revenue` is added unless `fields` gives it.
fn with(fields: &str) -> String {
    if fields.contains(r#""revenue""#) {
        format!("{{{VALID}, {fields}}}")
    } else {
        format!(r#"{{{VALID}, "revenue": {{"annual": "1000", "gross_margin": "0.3"}}, {fields}}}"#)
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let json = r#"{"id": "A-7", "currency": "eur", "stage": "active",
                   "revenue": {"annual": "1000", "gross_margin": "1.5"}}"#;
    let error = keyaccount::read::account(json.as_bytes()).unwrap_err();
    assert_eq!(error.id(), Some("A-7"));
    assert_eq!(
        error.messages(),
        [
            r#"currency must be three capital letters, got "eur""#,
            "revenue.gross_margin must be between 0 and 1, got 1.5",
        ]
    );
    let at_line_7 = Record::new(7, Err(error.clone())).account.unwrap_err();
    assert_eq!(
        error_cells(&at_line_7)[keyaccount::flat::RESULT_COLUMNS.len() - 1],
        Cell::Text(r#"line 7: currency must be three capital letters, got "eur"; revenue.gross_margin must be between 0 and 1, got 1.5"#.to_owned())
    );
    assert_eq!(
        at_line_7.to_string(),
        r#"line 7: account "A-7": currency must be three capital letters, got "eur"; revenue.gross_margin must be between 0 and 1, got 1.5"#
    );
    assert_eq!(
        error.to_string(),
        r#"account "A-7": currency must be three capital letters, got "eur"; revenue.gross_margin must be between 0 and 1, got 1.5"#
    );
    assert!(matches!(error.kind(), ErrorKind::InvalidAccount { .. }));
    assert_eq!(error.problems()[1].field(), "revenue.gross_margin");
}

#[test]
fn required_fields() {
    assert_eq!(
        problems("{}"),
        [
            "id is required",
            "currency is required",
            "stage is required",
            "revenue.annual is required",
            "revenue.gross_margin is required",
        ]
    );
    assert_eq!(
        problems(
            r#"{"id": "  ", "currency": null, "stage": "", "revenue": {"annual": "", "gross_margin": "0"}}"#
        )[..3],
        [
            "id is required",
            "currency is required",
            "stage is required",
        ]
    );
}

#[test]
fn out_of_range_numbers() {
    assert_eq!(
        problems(&with(r#""payment": {"default_rate": "1.2"}"#)),
        ["payment.default_rate must be between 0 and 1, got 1.2"]
    );
    assert_eq!(
        problems(&with(
            r#""revenue": {"annual": "-5", "gross_margin": "0.3", "growth": "0.6"}"#
        )),
        [
            "revenue.annual must be between 0 and 10^15, got -5",
            "revenue.growth must be between -0.5 and 0.5, got 0.6",
        ]
    );
    assert_eq!(
        problems(&with(
            r#""cost_to_serve": {"service": "1000000000000000.01"}"#
        )),
        ["cost_to_serve.service must be between 0 and 10^15, got 1000000000000000.01"]
    );
}

#[test]
fn numbers_that_are_not_plain_decimals() {
    assert_eq!(
        problems(&with(r#""payment": {"default_rate": "2%"}"#)),
        [
            r#"payment.default_rate must be a plain decimal number, got "2%" (write rates as fractions: 0.12 means 12 %)"#
        ]
    );
    assert_eq!(
        problems(&with(r#""cost_to_serve": {"service": "1,200,000"}"#)),
        [
            r#"cost_to_serve.service must be a plain decimal number, got "1,200,000" (use a point for decimals and no thousands separators)"#
        ]
    );
    assert_eq!(
        problems(&with(r#""risk": {"political": "0,25"}"#)),
        [
            r#"risk.political must be a plain decimal number, got "0,25" (a decimal comma: write 0.25, or read the file with --decimal-comma)"#
        ]
    );
    assert_eq!(
        problems(&with(r#""cost_to_serve": {"other": "1e5"}"#)),
        [
            r#"cost_to_serve.other must be a plain decimal number, got "1e5" (write it without an exponent)"#
        ]
    );
    assert_eq!(
        problems(&with(r#""cost_to_serve": {"other": "lots"}"#)),
        [
            r#"cost_to_serve.other must be a plain decimal number, got "lots" (digits with an optional minus sign and decimal point, such as 1200000 or 0.25)"#
        ]
    );
    assert_eq!(
        problems(&with(r#""cost_to_serve": {"other": 1e-40}"#)),
        [
            "cost_to_serve.other is a JSON number that cannot be held exactly, got 1e-40; write it as a string in plain decimal notation"
        ]
    );
    // An exponent is fine where Decimal holds the number exactly.
    let a = keyaccount::read::account(with(r#""cost_to_serve": {"other": 1.5E+3}"#).as_bytes())
        .unwrap();
    assert_eq!(a.cost_to_serve().other, rust_decimal::Decimal::new(1500, 0));
    assert_eq!(
        problems(&with(r#""cost_to_serve": {"other": true}"#)),
        ["cost_to_serve.other must be a number, got true"]
    );
}

#[test]
fn json_numbers_are_read_from_their_text() {
    let account = keyaccount::read::account(
        r#"{"id": 17, "currency": "EUR", "stage": "active",
            "revenue": {"annual": 999999999999999.99, "gross_margin": 0.0600}}"#
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(account.id(), "17");
    assert_eq!(account.revenue().annual.to_string(), "999999999999999.99");
    assert_eq!(account.revenue().gross_margin.to_string(), "0.0600");
}

#[test]
fn integers() {
    assert_eq!(
        problems(&with(
            r#""pursuit": {"competitors": 1001, "sales_cycle_months": "3.5"}"#
        )),
        [
            r#"pursuit.competitors must be a whole number between 0 and 1000, got "1001""#,
            r#"pursuit.sales_cycle_months must be a whole number between 0 and 120, got "3.5""#,
        ]
    );
    assert_eq!(
        problems(&with(
            r#""payment": {"terms_days": "200", "delay_days": 200}"#
        )),
        ["payment.terms_days + payment.delay_days must add up to at most 365 days, got 400"]
    );
    assert_eq!(
        problems(&with(r#""payment": {"terms_days": -1}"#)),
        [r#"payment.terms_days must be a whole number between 0 and 365, got "-1""#]
    );
}

#[test]
fn words_and_codes() {
    assert_eq!(
        problems(
            r#"{"id": "A", "currency": "EURO", "stage": "lead", "revenue": {"annual": "1", "gross_margin": "0"}}"#
        ),
        [
            r#"currency must be three capital letters, got "EURO""#,
            r#"stage must be one of prospect, active, got "lead""#,
        ]
    );
    let long = "x".repeat(65);
    assert_eq!(
        problems(&format!(
            r#"{{"id": "{long}", "currency": "EUR", "stage": "ACTIVE", "revenue": {{"annual": "1", "gross_margin": "0"}}}}"#
        )),
        ["id must be 1 to 64 characters after trimming, got 65"]
    );
}

#[test]
fn decision_unit() {
    assert_eq!(
        problems(&with(
            r#""relationship": {"roles": [{"role": "user", "covered": true}, {"role": "User", "covered": false}]}"#
        )),
        ["relationship.roles[1].role lists the role user a second time"]
    );
    assert_eq!(
        problems(&with(
            r#""relationship": {"roles": [{"role": "legal", "present": false, "covered": true}, {"role": "user", "present": "maybe", "covered": true}]}"#
        )),
        [
            "relationship.roles[0].covered cannot be given for a role marked present: false",
            r#"relationship.roles[1].present must be true or false (or yes/no, 1/0), got "maybe""#,
        ]
    );
    // A role marked absent needs no `covered`; one present does.
    assert_eq!(
        problems(&with(
            r#""relationship": {"roles": [{"role": "legal", "present": false}, {"role": "user", "present": true}]}"#
        )),
        ["relationship.roles[1].covered is required"]
    );
    assert_eq!(
        problems(&with(
            r#""relationship": {"roles": [{"role": "ceo"}, {"role": "final_decision", "covered": "maybe"}]}"#
        )),
        [
            r#"relationship.roles[0].role must be one of user, preparer, approver, budget_holder, final_decision, legal, procurement, got "ceo""#,
            "relationship.roles[0].covered is required",
            r#"relationship.roles[1].covered must be true or false (or yes/no, 1/0), got "maybe""#,
        ]
    );
    assert_eq!(
        problems(&with(
            r#""relationship": {"roles": [{"role": "final_decision", "covered": " "}]}"#
        )),
        ["relationship.roles[0].covered is required"]
    );
    assert_eq!(
        problems(&with(r#""relationship": {"roles": "all"}"#)),
        ["relationship.roles must be a list, got text"]
    );
}

#[test]
fn reference_uses() {
    let uses =
        vec![r#"{"kind": "logo", "per_year": 1, "margin_per_use": "1", "probability": "1"}"#; 65]
            .join(",");
    assert_eq!(
        problems(&with(&format!(r#""reference": {{"uses": [{uses}]}}"#))),
        ["reference.uses must have at most 64 entries, got 65"]
    );
    assert_eq!(
        problems(&with(r#""reference": {"uses": [{"kind": "tv"}]}"#)),
        [
            r#"reference.uses[0].kind must be one of case_study, logo, site_visit, speaking, press, pr_event, got "tv""#,
            "reference.uses[0].per_year is required",
            "reference.uses[0].margin_per_use is required",
            "reference.uses[0].probability is required",
        ]
    );
}

#[test]
fn unknown_and_repeated_fields_name_their_path() {
    assert_eq!(
        problems(&with(
            r#""revenue": {"annual": "1", "gross_margin": "0.1", "anual": "2"}, "colour": "red""#
        )),
        [
            "colour is not a known field",
            "revenue.anual is not a known field (did you mean `revenue.annual`?)",
        ]
    );
    assert_eq!(
        problems(&with(r#""payment": {"terms_days": 30, "terms_days": 60}"#)),
        ["payment.terms_days is given more than once"]
    );
    assert_eq!(
        problems(&with(r#""risk": 0.5"#)),
        ["risk must be an object, got a number"]
    );
    assert_eq!(
        problems(&with(r#""relationship": {"roles": 2.5}"#)),
        ["relationship.roles must be a list, got a number"]
    );
}

#[test]
fn policy_problems_are_reported_with_their_fields() {
    assert_eq!(
        policy_problems(
            r#"{"discount_rate": "12", "horizon_years": 0, "hurdle": {"eur": "5", "USD": "2e3"},
                "evidence_odds": {"champion": "0"}, "role_weights": {"ceo": "1"}, "speed": 1}"#
        ),
        [
            "speed is not a known field",
            "discount_rate must be between 0 and 1, got 12",
            r#"horizon_years must be a whole number between 1 and 50, got "0""#,
            r#"hurdle.eur must be three capital letters, got "eur""#,
            r#"hurdle.USD must be a plain decimal number, got "2e3" (write it without an exponent)"#,
            "role_weights.ceo is not a known field",
            "evidence_odds.champion must be above 0 and at most 100, got 0",
        ]
    );
}

#[test]
fn problem_kinds_are_typed() {
    let error =
        keyaccount::read::account(with(r#""risk": {"political": "2"}"#).as_bytes()).unwrap_err();
    assert_eq!(
        error.problems()[0].kind(),
        &ProblemKind::OutOfRange {
            min: "0",
            max: "1",
            got: "2".to_owned()
        }
    );
}

#[test]
fn model_v2_fields() {
    assert_eq!(
        problems(&with(
            r#""revenue": {"annual": "1", "gross_margin": "0.3", "ramp_years": 11, "price_down": "0.6"},
               "cost_to_serve": {"inflation": "-0.7"}, "acquisition": {"onboarding": "-1"}"#
        )),
        [
            r#"revenue.ramp_years must be a whole number between 0 and 10, got "11""#,
            "revenue.price_down must be between 0 and 0.5, got 0.6",
            "cost_to_serve.inflation must be between -0.5 and 0.5, got -0.7",
            "acquisition.onboarding must be between 0 and 10^15, got -1",
        ]
    );
    assert_eq!(
        problems(&with(
            r#""contract": {"retender_probability": "0.5", "retender_cost": "1000"}"#
        )),
        [
            "contract.retender_probability is given without contract.term_years (a contract with no fixed term has no renewals)",
            "contract.retender_cost is given without contract.term_years (a contract with no fixed term has no renewals)",
        ]
    );
    assert_eq!(
        problems(&with(
            r#""contract": {"term_years": 3, "years_elapsed": 3, "incumbent_win_probability": "1.1", "nonrenewal": "x", "tender": 1}"#
        )),
        [
            "contract.tender is not a known field",
            r#"contract.years_elapsed must be a whole number between 0 and 2, got "3""#,
            "contract.incumbent_win_probability must be between 0 and 1, got 1.1",
            r#"contract.nonrenewal must be a plain decimal number, got "x" (digits with an optional minus sign and decimal point, such as 1200000 or 0.25)"#,
        ]
    );
    assert_eq!(
        problems(&with(r#""contract": {"term_years": 0}"#)),
        [r#"contract.term_years must be a whole number between 1 and 50, got "0""#]
    );
    assert_eq!(
        policy_problems(
            r#"{"discount_rates": {"EUR": "0.1", "rub": "0.2", "USD": "2"}, "timing": "midyear",
                "max_concession_cut": "-0.01", "sensitivity_step": "0"}"#
        ),
        [
            r#"discount_rates.rub must be three capital letters, got "rub""#,
            "discount_rates.USD must be between 0 and 1, got 2",
            "max_concession_cut must be between 0 and 1, got -0.01",
            r#"timing must be one of end, mid, start, got "midyear""#,
            "sensitivity_step must be above 0 and at most 1, got 0",
        ]
    );
}

#[test]
fn model_v3_fields() {
    assert_eq!(
        problems(&with(
            r#""revenue": {"annual": "1", "gross_margin": "0.3", "cost_down": "0.6", "rebate": "1.2",
                           "rebate_probability": "-0.1", "rebate_days": 366},
               "release": {"stranded_cost": "-1", "stranded_years": 51, "years": 2}"#
        )),
        [
            "revenue.cost_down must be between 0 and 0.5, got 0.6",
            "revenue.rebate must be between 0 and 1, got 1.2",
            "revenue.rebate_probability must be between 0 and 1, got -0.1",
            r#"revenue.rebate_days must be a whole number between 0 and 365, got "366""#,
            "release.years is not a known field",
            "release.stranded_cost must be between 0 and 10^15, got -1",
            r#"release.stranded_years must be a whole number between 0 and 50, got "51""#,
        ]
    );
    assert_eq!(
        policy_problems(
            r#"{"max_terms_cut": 400, "exit_option": "maybe", "hurdle_per_revenue": "-0.1",
                "hurdle_per_pursuit": "101"}"#
        ),
        [
            r#"max_terms_cut must be a whole number between 0 and 365, got "400""#,
            r#"exit_option must be true or false (or yes/no, 1/0), got "maybe""#,
            "hurdle_per_revenue must be between 0 and 10, got -0.1",
            "hurdle_per_pursuit must be between 0 and 100, got 101",
        ]
    );
    let policy = keyaccount::read::policy(
        r#"{"max_terms_cut": "45", "exit_option": false, "hurdle_per_revenue": "0.05", "hurdle_per_pursuit": 3}"#
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(policy.max_terms_cut(), 45);
    assert!(!policy.exit_option());
    assert_eq!(policy.hurdle_per_revenue().to_string(), "0.05");
    assert_eq!(policy.hurdle_per_pursuit().to_string(), "3");
    let defaults = keyaccount::read::policy(r#"{"exit_option": null}"#.as_bytes()).unwrap();
    assert!(defaults.exit_option());
    assert_eq!(defaults.max_terms_cut(), 30);
}

#[test]
fn rebate_fields_need_a_rebate() {
    assert_eq!(
        problems(&with(
            r#""revenue": {"annual": "1", "gross_margin": "0.3", "rebate_probability": "0.8", "rebate_days": 400}"#
        )),
        [
            "revenue.rebate_probability is given without revenue.rebate (with no rebate there is nothing to earn or pay)",
            "revenue.rebate_days is given without revenue.rebate (with no rebate there is nothing to earn or pay)",
        ]
    );
    // null is "not given"; a rebate of 0 is given, and valid.
    assert_eq!(
        problems(&with(
            r#""revenue": {"annual": "1", "gross_margin": "0.3", "rebate": null, "rebate_probability": "0.8"}"#
        )),
        [
            "revenue.rebate_probability is given without revenue.rebate (with no rebate there is nothing to earn or pay)"
        ]
    );
    let a = keyaccount::read::account(
        with(r#""revenue": {"annual": "1", "gross_margin": "0.3", "rebate": "0", "rebate_days": 60}"#)
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(a.revenue().rebate, Some(rust_decimal::Decimal::ZERO));
    assert_eq!(a.revenue().rebate_probability, rust_decimal::Decimal::ONE);
    assert_eq!(a.revenue().rebate_days, 60);
}

#[test]
fn events() {
    assert_eq!(
        problems(&with(
            r#""events": [{"month": 0, "risk": "political", "probability": "0.1"},
                          {"month": 601, "risk": "political", "probability": "0.1"}]"#
        )),
        [
            r#"events[1].month must be a whole number between 1 and 600, got "0""#,
            r#"events[2].month must be a whole number between 1 and 600, got "601""#,
        ]
    );
    assert_eq!(
        problems(&with(
            r#""events": [{"month": 6, "risk": "Ownership_Change ", "probability": "0.4"},
                          {"month": "48", "risk": "sale", "probability": "1.5"}]"#
        )),
        [
            r#"events[2].risk must be one of ownership_change, management_change, strategy_change, political, labor_disruption, reputational, competitor_displacement, got "sale""#,
            "events[2].probability must be between 0 and 1, got 1.5",
        ]
    );
    assert_eq!(
        problems(&with(r#""events": [{"month": 6, "cause": "political"}]"#)),
        [
            "events[1].cause is not a known field",
            "events[1].risk is required",
            "events[1].probability is required",
        ]
    );
    let event = r#"{"month": 12, "risk": "political", "probability": "0.1"}"#;
    assert_eq!(
        problems(&with(&format!(
            r#""events": [{}]"#,
            vec![event; 17].join(",")
        ))),
        ["events must have at most 16 entries, got 17"]
    );
    assert_eq!(
        problems(&with(r#""events": "6:political:0.1""#)),
        ["events must be a list, got text"]
    );
    let a = keyaccount::read::account(
        with(&format!(r#""events": [{}]"#, vec![event; 16].join(","))).as_bytes(),
    )
    .unwrap();
    assert_eq!(a.events().len(), 16);
}

/// The `events` cell of a CSV row: each malformed part named by its position,
/// with the form it should take.
#[test]
fn events_cells() {
    use keyaccount::flat::FlatLayout;
    let layout = FlatLayout::from_header([
        "id",
        "currency",
        "stage",
        "revenue.annual",
        "revenue.gross_margin",
        "events",
    ])
    .unwrap();
    let messages = |cell: &str| {
        layout
            .read(["A-1", "EUR", "active", "1000", "0.3", cell])
            .validate()
            .unwrap_err()
            .messages()
    };
    assert_eq!(
        messages("6:ownership_change"),
        [
            r#"events[1] must be month:risk:probability, such as 6:ownership_change:0.4 (events are separated by `;`), got "6:ownership_change""#
        ]
    );
    assert_eq!(
        messages("6;ownership_change;0.4"),
        [
            r#"events[1] must be month:risk:probability, such as 6:ownership_change:0.4 (events are separated by `;`), got "6""#,
            r#"events[2] must be month:risk:probability, such as 6:ownership_change:0.4 (events are separated by `;`), got "ownership_change""#,
            r#"events[3] must be month:risk:probability, such as 6:ownership_change:0.4 (events are separated by `;`), got "0.4""#,
        ]
    );
    // A bad part keeps its place: the parts after it keep their numbers.
    assert_eq!(
        messages("6:ownership_change:0.4:1; 0:sale:0,4;; 48:strategy_change:"),
        [
            r#"events[1] must be month:risk:probability, such as 6:ownership_change:0.4 (events are separated by `;`), got "6:ownership_change:0.4:1""#,
            r#"events[2].month must be a whole number between 1 and 600, got "0""#,
            r#"events[2].risk must be one of ownership_change, management_change, strategy_change, political, labor_disruption, reputational, competitor_displacement, got "sale""#,
            r#"events[2].probability must be a plain decimal number, got "0,4" (a decimal comma: write 0.25, or read the file with --decimal-comma)"#,
            "events[3].probability is required",
        ]
    );
}

/// Every problem of the new fields at once, in the model's field order.
#[test]
fn every_v3_problem_is_reported_at_once() {
    assert_eq!(
        problems(&with(
            r#""revenue": {"annual": "1", "gross_margin": "2", "cost_down": "0.7", "rebate_days": 5},
               "events": [{"month": 0, "risk": "sale", "probability": "1.5"}],
               "release": {"stranded_years": -1}"#
        )),
        [
            "revenue.gross_margin must be between 0 and 1, got 2",
            "revenue.cost_down must be between 0 and 0.5, got 0.7",
            "revenue.rebate_days is given without revenue.rebate (with no rebate there is nothing to earn or pay)",
            r#"events[1].month must be a whole number between 1 and 600, got "0""#,
            r#"events[1].risk must be one of ownership_change, management_change, strategy_change, political, labor_disruption, reputational, competitor_displacement, got "sale""#,
            "events[1].probability must be between 0 and 1, got 1.5",
            r#"release.stranded_years must be a whole number between 0 and 50, got "-1""#,
        ]
    );
}

/// Every problem of a CSV row with the new columns at once: the events cell's
/// own first, then validation's, in field order.
#[test]
fn every_v3_problem_of_a_csv_row_is_reported_at_once() {
    let csv = "id,currency,stage,revenue.annual,revenue.gross_margin,revenue.rebate_probability,events,release.stranded_cost\n\
               A-1,EUR,active,1000,0.3,0.5,6:ownership_change; 601:political:0.1,-5\n";
    let records: Vec<Record> = keyaccount::read::records(
        csv.as_bytes(),
        keyaccount::read::Format::Csv,
        &keyaccount::read::ReadOptions::default(),
    )
    .unwrap()
    .map(Result::unwrap)
    .collect();
    let error = records[0].account.as_ref().unwrap_err();
    assert_eq!(
        error.to_string(),
        concat!(
            r#"line 2: account "A-1": events[1] must be month:risk:probability, such as 6:ownership_change:0.4 (events are separated by `;`), got "6:ownership_change"; "#,
            "revenue.rebate_probability is given without revenue.rebate (with no rebate there is nothing to earn or pay); ",
            r#"events[2].month must be a whole number between 1 and 600, got "601"; "#,
            "release.stranded_cost must be between 0 and 10^15, got -5",
        )
    );
}

/// A batch whose middle row has a bad `events` cell keeps every row: the bad one
/// is an error row with its line, the others are scored.
#[test]
fn a_bad_events_cell_loses_no_row() {
    use keyaccount::read::{self, Format, ReadOptions};
    use keyaccount::{Policy, score};
    let csv = "id,currency,stage,revenue.annual,revenue.gross_margin,events\n\
               A-1,EUR,active,1000,0.3,6:ownership_change:0.4\n\
               A-2,EUR,active,1000,0.3,6;ownership_change;0.4\n\
               A-3,EUR,active,1000,0.3,\n";
    let records = read::records(csv.as_bytes(), Format::Csv, &ReadOptions::default()).unwrap();
    let scored: Vec<_> = score(records, &Policy::default())
        .map(Result::unwrap)
        .collect();
    assert_eq!(scored.len(), 3);
    assert!(scored[0].result.is_ok());
    assert!(scored[2].result.is_ok());
    let error = scored[1].result.as_ref().unwrap_err();
    assert_eq!((error.line(), error.id()), (Some(3), Some("A-2")));
    assert_eq!(error.problems().len(), 3);
    assert_eq!(error.problems()[0].field(), "events[1]");
}

/// A word read with `FromStr` turns into the crate's error with `?`, keeping its
/// message and its kind.
#[test]
fn parse_word_errors_compose_with_the_crates_result() {
    fn currency(text: &str) -> keyaccount::Result<keyaccount::Currency> {
        Ok(text.parse()?)
    }
    fn stage(text: &str) -> keyaccount::Result<keyaccount::Stage> {
        Ok(text.parse()?)
    }
    assert_eq!(currency("EUR").unwrap(), keyaccount::Currency::EUR);
    let error = stage("lead").unwrap_err();
    assert!(matches!(error.kind(), keyaccount::ErrorKind::Word(_)));
    assert_eq!(
        error.to_string(),
        r#"stage must be one of prospect, active, got "lead""#
    );
    assert_eq!(
        error.messages(),
        [r#"stage must be one of prospect, active, got "lead""#]
    );
    assert_eq!(error.id(), None);
    assert!(!error.is_fatal());
    assert!(currency("eur").is_err());
}

/// Amounts take integers as well as decimals, exactly, and the name takes an
/// owned or a borrowed string: the account is the same.
#[test]
fn builder_setters_take_integers_and_strings() {
    use keyaccount::{Account, Currency, Risk, Stage};
    use rust_decimal::Decimal;
    let with_integers = Account::builder("A-1", Currency::EUR, Stage::Active)
        .name(String::from("Northern Steel"))
        .revenue(1_200_000, Decimal::new(3, 1))
        .account_team(90_000)
        .term_years(3)
        .retender_cost(25_000u64)
        .event(6, Risk::OwnershipChange, Decimal::new(4, 1))
        .build()
        .unwrap();
    let with_decimals = Account::builder("A-1", Currency::EUR, Stage::Active)
        .name("Northern Steel")
        .revenue(Decimal::new(1_200_000, 0), Decimal::new(3, 1))
        .account_team(Decimal::new(90_000, 0))
        .term_years(3)
        .retender_cost(Decimal::new(25_000, 0))
        .event(6, Risk::OwnershipChange, Decimal::new(4, 1))
        .build()
        .unwrap();
    assert_eq!(with_integers, with_decimals);
    assert_eq!(
        with_integers.cost_to_serve().account_team,
        Decimal::new(90_000, 0)
    );
    // An amount out of range is still refused with the same message.
    let error = Account::builder("A-2", Currency::EUR, Stage::Active)
        .revenue(-1, Decimal::new(3, 1))
        .build()
        .unwrap_err();
    assert_eq!(
        error.messages(),
        ["revenue.annual must be between 0 and 10^15, got -1"]
    );
}

/// The types public functions hand out can be named: the portfolio part of a
/// policy, and the shared source of an I/O or parse error.
#[test]
fn returned_types_can_be_named() {
    let policy = keyaccount::Policy::default();
    let portfolio: &keyaccount::PortfolioPolicy = policy.portfolio();
    assert_eq!(
        portfolio.max_revenue_share,
        rust_decimal::Decimal::new(25, 2)
    );
    let error = keyaccount::read::account("{".as_bytes()).unwrap_err();
    let source = std::error::Error::source(&error);
    assert!(source.is_some(), "{error:?}");
    fn shared(_: Option<&keyaccount::Source>) {}
    shared(None);
}
