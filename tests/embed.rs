//! The crate as an embedder uses it: small programs against the public API only
//! (`keyaccount::` paths), each one a task of a CRM back-end or a web service.

use std::num::NonZeroUsize;

use keyaccount::portfolio::Book;
use keyaccount::read::{self, Format, ReadOptions};
use keyaccount::{
    Account, Change, Coverage, Currency, Error, ErrorKind, Evaluation, Policy, Risk, Role, Scored,
    Stage, Verdict, evaluate, picture, score, score_parallel,
};
use rust_decimal::Decimal;

use crate::common::d;

/// A row as a CRM exports it: text and floats are the CRM's business; the
/// embedder turns them into the model's typed values.
struct CrmRow {
    key: &'static str,
    company: &'static str,
    currency: &'static str,
    yearly_sales: i64,
    margin_percent: i64,
    discount_percent: i64,
    team_cost: i64,
    payment_days: u32,
    decision_maker_known: bool,
}

const URALMETPROM: CrmRow = CrmRow {
    key: "KA-1",
    company: "Uralmetprom",
    currency: "EUR",
    yearly_sales: 4_200_000,
    margin_percent: 27,
    discount_percent: 8,
    team_cost: 130_000,
    payment_days: 60,
    decision_maker_known: true,
};

fn from_crm(row: &CrmRow) -> keyaccount::Result<Account> {
    // A currency code the model does not know composes with `?`.
    let currency: Currency = row.currency.parse()?;
    let mut builder = Account::builder(row.key, currency, Stage::Active)
        .name(row.company)
        .revenue(row.yearly_sales, Decimal::new(row.margin_percent, 2))
        .concession(Decimal::new(row.discount_percent, 2))
        .account_team(row.team_cost)
        .terms_days(row.payment_days)
        .risk(Risk::OwnershipChange, d("0.05"));
    if row.decision_maker_known {
        builder = builder.role(Role::FinalDecision, Coverage::Covered);
    }
    builder.build()
}

#[test]
fn accounts_are_built_from_crm_rows_and_bad_rows_say_why() {
    let rows = [
        URALMETPROM,
        CrmRow {
            key: "KA-2",
            company: "Volga Foods",
            currency: "rub",
            yearly_sales: 90_000_000,
            margin_percent: 22,
            discount_percent: 10,
            team_cost: 2_000_000,
            payment_days: 90,
            decision_maker_known: false,
        },
        CrmRow {
            key: "KA-3",
            company: "Broken",
            currency: "EUR",
            yearly_sales: 1_000_000,
            margin_percent: 150,
            discount_percent: 5,
            team_cost: 0,
            payment_days: 400,
            decision_maker_known: false,
        },
    ];
    let built: Vec<keyaccount::Result<Account>> = rows.iter().map(from_crm).collect();
    let first = built[0].as_ref().unwrap();
    assert_eq!(first.revenue().gross_margin, d("0.27"));
    assert_eq!(first.cost_to_serve().account_team, d("130000"));
    let currency = built[1].as_ref().unwrap_err();
    assert!(matches!(currency.kind(), ErrorKind::Word(_)), "{currency}");
    assert!(currency.to_string().contains("\"rub\""), "{currency}");
    let broken = built[2].as_ref().unwrap_err();
    let fields: Vec<&str> = broken.problems().iter().map(|p| p.field()).collect();
    assert_eq!(fields, ["revenue.gross_margin", "payment.terms_days"]);
    assert_eq!(broken.id(), Some("KA-3"));
}

#[test]
fn a_what_if_grid_of_typed_changes() {
    let account = from_crm(&URALMETPROM).unwrap();
    let policy = Policy::default();
    let base = evaluate(&account, &policy).unwrap().value;
    // Concession down the rows, payment days across: value falls both ways.
    let mut grid = Vec::new();
    for concession in [d("0.04"), d("0.08"), d("0.12")] {
        let mut row = Vec::new();
        for days in [30, 60, 90] {
            let changed = account
                .with_changes(&[Change::Concession(concession), Change::TermsDays(days)])
                .unwrap();
            row.push(evaluate(&changed, &policy).unwrap().value);
        }
        assert!(row.windows(2).all(|w| w[0] > w[1]), "{row:?}");
        grid.push(row);
    }
    for ((low, mid), high) in grid[0].iter().zip(&grid[1]).zip(&grid[2]) {
        assert!(low > mid && mid > high, "{grid:?}");
    }
    // The cell of today's terms is today's value.
    assert_eq!(grid[1][1], base);
    // The same change by the builder gives the same account.
    let by_builder = account
        .to_builder()
        .concession(d("0.12"))
        .terms_days(90)
        .build()
        .unwrap();
    assert_eq!(
        account
            .with_changes(&[Change::Concession(d("0.12")), Change::TermsDays(90)])
            .unwrap(),
        by_builder
    );
}

#[test]
fn typed_changes_check_the_rules_they_touch() {
    let account = Account::builder("KA-9", Currency::EUR, Stage::Active)
        .revenue(2_000_000, d("0.3"))
        .terms_days(300)
        .term_years(3)
        .retender_probability(d("0.4"))
        .rebate(d("0.02"))
        .rebate_probability(d("0.5"))
        .role(Role::Legal, Coverage::Covered)
        .build()
        .unwrap();
    let fields = |changes: &[Change]| -> Vec<String> {
        account
            .with_changes(changes)
            .unwrap_err()
            .problems()
            .iter()
            .map(|p| p.field().to_owned())
            .collect()
    };
    // Days together above 365, though each alone is in range.
    assert_eq!(
        fields(&[Change::DelayDays(70)]),
        ["payment.terms_days + payment.delay_days"]
    );
    // Without its term, the contract's other fields are an error.
    assert_eq!(
        fields(&[Change::TermYears(None)]),
        ["contract.retender_probability"]
    );
    // Without a rebate, its probability is an error.
    assert_eq!(
        fields(&[Change::Rebate(None)]),
        ["revenue.rebate_probability"]
    );
    // Every problem at once, in the model's field order.
    assert_eq!(
        fields(&[Change::YearsElapsed(5), Change::GrossMargin(d("2"))]),
        ["revenue.gross_margin", "contract.years_elapsed"]
    );
    // Together they are valid: a field at its default counts as not given.
    let no_contract = account
        .with_changes(&[
            Change::RetenderProbability(Decimal::ZERO),
            Change::TermYears(None),
        ])
        .unwrap();
    assert!(no_contract.contract().is_none());
    let no_rebate = account
        .with_changes(&[
            Change::Rebate(None),
            Change::RebateProbability(Decimal::ONE),
        ])
        .unwrap();
    assert_eq!(no_rebate.revenue().rebate, None);
    let shorter = account
        .with_changes(&[Change::DelayDays(70), Change::TermsDays(280)])
        .unwrap();
    assert_eq!(
        (shorter.payment().terms_days, shorter.payment().delay_days),
        (280, 70)
    );
    // A role taken off the list, an event list replaced.
    let changed = account
        .with_changes(&[
            Change::Role(Role::Legal, None),
            Change::Role(Role::FinalDecision, Some(Coverage::Uncovered)),
        ])
        .unwrap();
    assert_eq!(changed.roles().len(), 1);
    assert_eq!(changed.roles()[0].role, Role::FinalDecision);
    let with_event = account
        .to_builder()
        .event(6, Risk::OwnershipChange, d("0.4"))
        .build()
        .unwrap();
    let events = Change::Events(with_event.events().to_vec());
    assert_eq!(events.to_string(), "events = 6:ownership_change:0.4");
    assert_eq!(account.with_changes(&[events]).unwrap(), with_event);
    assert_eq!(
        Change::TermsDays(120).to_string(),
        "payment.terms_days = 120"
    );
    assert_eq!(
        Change::Risk(Risk::Political, d("0.1")).path(),
        "risk.political"
    );
    assert_eq!(Change::Rebate(None).to_string(), "revenue.rebate = none");
}

const LIST: &str = "\
id,name,currency,stage,revenue.annual,revenue.gross_margin,revenue.concession,cost_to_serve.service
KA-1,Uralmetprom,EUR,active,4200000,0.27,0.05,130000
KA-2,Northern Steel,EUR,active,1500000,0.3,0.2,400000
KA-3,Broken,EUR,active,1000000,1.5,0,0
KA-4,Baltic Paper,EUR,active,9000000,0.18,0.02,250000
";

#[test]
fn a_csv_string_with_a_bad_row_becomes_a_book_and_a_picture() {
    let policy = Policy::default();
    let records = read::records(LIST.as_bytes(), Format::Csv, &ReadOptions::default()).unwrap();
    let book: Book = score(records, &policy)
        .collect::<keyaccount::Result<_>>()
        .unwrap();
    assert_eq!(book.entries().len(), 3);
    assert_eq!(book.left_out().len(), 1);
    assert_eq!(book.left_out()[0].line(), Some(4));
    let report = book.analyze(&policy);
    let text = report.to_string();
    assert!(text.contains("Records left out (1)"), "{text}");
    assert!(
        text.contains("line 4: account \"KA-3\": revenue.gross_margin"),
        "{text}"
    );
    let eur = &report.views[0];
    assert_eq!(eur.whale.accounts, 3);
    let svg = picture::whale(eur);
    assert!(svg.starts_with("<svg") && svg.contains("</svg>"));
    let page = picture::html(&report, "6 December 2026");
    assert!(page.contains("Records left out (1)"));
}

/// The embedder's own error type: the crate's errors convert into it.
#[derive(Debug)]
enum ServiceError {
    Model(Error),
    Storage(&'static str),
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServiceError::Model(error) => write!(f, "model: {error}"),
            ServiceError::Storage(why) => write!(f, "storage: {why}"),
        }
    }
}

impl From<Error> for ServiceError {
    fn from(error: Error) -> ServiceError {
        ServiceError::Model(error)
    }
}

fn store(scored: &Scored, stored: &mut Vec<(String, Verdict)>) -> Result<(), ServiceError> {
    let evaluation: &Evaluation = scored.result.as_ref().map_err(Clone::clone)?;
    if evaluation.id == "KA-4" {
        return Err(ServiceError::Storage("the database is read-only"));
    }
    stored.push((evaluation.id.clone(), evaluation.verdict));
    Ok(())
}

#[test]
fn score_parallel_passes_the_callers_own_error_type() {
    let policy = Policy::default();
    let threads = NonZeroUsize::new(2).unwrap();
    let valid_rows: String = LIST
        .lines()
        .filter(|l| !l.starts_with("KA-3"))
        .collect::<Vec<_>>()
        .join("\n");
    // Every row stored but the fourth, which the caller's storage refuses.
    let records =
        read::records(valid_rows.as_bytes(), Format::Csv, &ReadOptions::default()).unwrap();
    let mut stored = Vec::new();
    let outcome = score_parallel(records, &policy, threads, |scored| {
        store(&scored, &mut stored)
    });
    assert!(
        matches!(outcome, Err(ServiceError::Storage(_))),
        "{outcome:?}"
    );
    assert_eq!(stored.len(), 2);
    assert_eq!(
        outcome.unwrap_err().to_string(),
        "storage: the database is read-only"
    );
    // A bad row is the crate's error, passed on in the caller's type.
    let records = read::records(LIST.as_bytes(), Format::Csv, &ReadOptions::default()).unwrap();
    let mut stored = Vec::new();
    let outcome = score_parallel(records, &policy, threads, |scored| {
        store(&scored, &mut stored)
    });
    match outcome {
        Err(ServiceError::Model(error)) => assert_eq!(error.line(), Some(4)),
        other => panic!("{other:?}"),
    }
    // And a caller's error carried in the crate's own type keeps its source.
    let wrapped = Error::other(std::io::Error::other("queue full"));
    assert_eq!(wrapped.to_string(), "queue full");
    let ErrorKind::Other { source } = wrapped.kind() else {
        panic!("{wrapped:?}")
    };
    assert!(source.downcast_ref::<std::io::Error>().is_some());
    // A chain of causes shows the caller's text once.
    assert!(std::error::Error::source(&wrapped).is_none());
    // A change that cannot be read composes with `?`, its field path kept.
    let parsed =
        || -> keyaccount::Result<Change> { Ok(Change::parse("payment.terms_days", "ninety")?) };
    let error = parsed().unwrap_err();
    assert_eq!(error.problems()[0].field(), "payment.terms_days");
}

/// The types an embedder shares between threads are `Send + Sync`.
#[test]
fn the_key_types_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Account>();
    send_sync::<Policy>();
    send_sync::<Evaluation>();
    send_sync::<Error>();
    send_sync::<Change>();
    send_sync::<Scored>();
    send_sync::<Book>();
    send_sync::<keyaccount::portfolio::Report>();
    send_sync::<keyaccount::Record>();
}

/// Ten thousand proposals are refused with a clear limit, before any is valued;
/// the limit itself is valued.
#[test]
fn a_flood_of_proposals_meets_a_clear_limit() {
    let one = r#"{"name": "p", "changes": {"payment.terms_days": 30}}"#;
    let many = |n: usize| {
        let items: Vec<String> = (0..n)
            .map(|i| one.replace("\"p\"", &format!("\"p{i}\"")))
            .collect();
        format!("[{}]", items.join(","))
    };
    let error = read::proposals(many(10_000).as_bytes()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "a proposal file holds at most 1000 proposals, got 10000"
    );
    let proposals = read::proposals(many(1_000).as_bytes()).unwrap();
    let account = from_crm(&URALMETPROM).unwrap();
    let desk = keyaccount::negotiate(&account, &Policy::default(), &proposals).unwrap();
    assert_eq!(desk.proposals.len(), 1_000);
    assert!(desk.proposals.iter().all(|p| p.outcome.is_ok()));
}

/// An invalid proposal's error keeps its kind and every problem with its field
/// path, under the proposal's name.
#[test]
fn a_proposal_error_lists_its_problems() {
    let account = from_crm(&URALMETPROM).unwrap();
    let proposals = [keyaccount::Proposal::new(
        "too much",
        vec![Change::TermsDays(400), Change::GrossMargin(d("2"))],
    )];
    let desk = keyaccount::negotiate(&account, &Policy::default(), &proposals).unwrap();
    let error = desk.proposals[0].outcome.as_ref().unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::InvalidProposal { .. }));
    let fields: Vec<&str> = error.problems().iter().map(|p| p.field()).collect();
    assert_eq!(fields, ["revenue.gross_margin", "payment.terms_days"]);
    assert!(
        error
            .to_string()
            .starts_with("proposal \"too much\": revenue.gross_margin")
    );
}
