//! Any bytes read as a policy: a valid policy values a fixed account and reads
//! back equal from its own JSON.
#![no_main]

use keyaccount::{Account, Currency, Policy, Stage, evaluate};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(|bytes: &[u8]| {
    let Ok(policy) = keyaccount::read::policy(bytes) else {
        return;
    };
    let account = Account::builder("F-1", Currency::EUR, Stage::Prospect)
        .revenue(Decimal::new(1_000_000, 0), Decimal::new(3, 1))
        .term_years(3)
        .retender_probability(Decimal::new(5, 1))
        .build()
        .expect("a valid account");
    let e = evaluate(&account, &policy).expect("evaluates under any valid policy");
    assert_eq!(e.components.total(), Some(e.value));
    let text = serde_json::to_string(&policy).expect("serializes");
    let back: Policy = keyaccount::read::policy(text.as_bytes()).expect("reads back");
    assert_eq!(back, policy);
});
