//! The crate's tests, one binary with a module per stage of the data flow.

mod common;

mod embed;
mod errors;
mod examples;
mod flat;
mod golden;
mod hostile;
mod laws;
mod pictures;
mod serde_shape;
#[cfg(feature = "spreadsheet")]
mod spreadsheets;
