//! Any bytes read as one account: a valid account evaluates with components that
//! sum to the value, its schedule and sensitivity exist, and it reads back equal
//! from its own JSON.
#![no_main]

use keyaccount::{Account, Policy, evaluate, schedule, sensitivity};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(account) = keyaccount::read::account(bytes) else {
        return;
    };
    let policy = Policy::default();
    let e = evaluate(&account, &policy).expect("a valid account evaluates");
    assert_eq!(e.components.total(), Some(e.value));
    schedule(&account, &policy).expect("a valid account has a schedule");
    sensitivity(&account, &policy).expect("a valid account has a sensitivity table");
    let text = serde_json::to_string(&account).expect("serializes");
    let back: Account = keyaccount::read::account(text.as_bytes()).expect("reads back");
    assert_eq!(back, account);
});
