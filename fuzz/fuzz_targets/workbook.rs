//! Any bytes read as a workbook (.xlsx or .ods) and scored: no panic, no
//! allocation beyond the reader's limits, and nothing after an error that ends
//! the input.
#![no_main]

use std::io::Cursor;

use keyaccount::read::{self, ReadOptions};
use keyaccount::{Policy, score};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(records) = read::workbook(Cursor::new(bytes), &ReadOptions::default()) {
        let items: Vec<_> = score(records, &Policy::default()).collect();
        if let Some(i) = items.iter().position(Result::is_err) {
            assert_eq!(i + 1, items.len(), "an item after the input ended");
        }
    }
});
