//! Any bytes read as a Json account list and scored: no panic, and nothing after
//! an error that ends the input.
#![no_main]

use keyaccount::read::{self, Format, ReadOptions};
use keyaccount::{Policy, score};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(records) = read::records(bytes, Format::Json, &ReadOptions::default()) {
        let items: Vec<_> = score(records, &Policy::default()).collect();
        if let Some(i) = items.iter().position(Result::is_err) {
            assert_eq!(i + 1, items.len(), "an item after the input ended");
        }
    }
});
