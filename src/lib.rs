//! # keyaccount
//!
//! Is this large client worth pursuing (a prospect) or keeping (an active
//! account)? If not, can the relationship be restructured, or should it be released
//! to competitors? `keyaccount` answers that for one account or a whole list, with
//! no training data: every factor is priced in the account's currency over a
//! horizon of years, and every verdict comes with its explanation.
//!
//! ```
//! use keyaccount::{evaluate, AccountInput, CostToServeInput, PolicyInput, RevenueInput, Verdict};
//!
//! // An active client: 1.2 M EUR a year at list price, 30 % margin, a 12 % rebate
//! // and an account team that costs 90 000 EUR a year.
//! let account = AccountInput {
//!     id: "A-17".into(),
//!     name: "Northern Steel".into(),
//!     currency: "EUR".into(),
//!     stage: "active".into(),
//!     revenue: RevenueInput {
//!         annual: "1200000".into(),
//!         gross_margin: "0.30".into(),
//!         concession: "0.12".into(),
//!         ..Default::default()
//!     },
//!     cost_to_serve: CostToServeInput {
//!         account_team: "90000".into(),
//!         ..Default::default()
//!     },
//!     ..Default::default()
//! }
//! .validate()?;
//!
//! let policy = PolicyInput { hurdle: keyaccount::HurdleInput::One("400000".into()), ..Default::default() }
//!     .validate()?;
//! let result = evaluate(&account, &policy)?;
//!
//! assert_eq!(result.verdict, Verdict::Retain);
//! // The components add up to the value exactly.
//! assert_eq!(result.components.total(), Some(result.value));
//! println!("{} {}: {} {}", result.id, result.verdict, keyaccount::display::money(result.value), result.currency);
//! # Ok::<(), keyaccount::Error>(())
//! ```
//!
//! ## How the crate is laid out
//!
//! The data flows from input to verdict, and so do the modules:
//!
//! - [`input`]: accounts and policies as received ([`AccountInput`],
//!   [`PolicyInput`]); reading them never fails on a bad field.
//! - [`AccountInput::validate`] and [`PolicyInput::validate`] turn them into an
//!   [`Account`] and a [`Policy`] that cannot hold an invalid value, or into one
//!   [`Error`] that lists every [`Problem`] with its field path.
//! - [`evaluate`] values an account under a policy and returns an [`Evaluation`]:
//!   the [`Verdict`], the value and its [`Components`], risk [`Driver`]s and
//!   [`BreakEven`] figures. [`schedule`] gives the yearly [`Schedule`] behind it.
//! - [`score`] values a stream of records lazily, one [`Scored`] result per record
//!   in input order, and [`Summary`] counts verdicts and totals value per currency.
//!   [`FlatLayout`] maps a flat row of text cells (a CSV line) to an account.
//! - [`display`] rounds values for showing, the only place where rounding happens.
//! - [`model`] explains every formula.
//!
//! The library does no I/O and keeps no global state; the `evaluate` example reads
//! files and prints reports.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::pedantic)]
// Pedantic lints that do not fit this crate:
#![allow(
    // Domain names such as `AccountInput` in module `account` read better in full.
    clippy::module_name_repetitions,
    // Values shown in error messages and docs are plain words, not code.
    clippy::doc_markdown,
    // `Decimal::from(u32)` and index casts of small enums are exact.
    clippy::cast_possible_truncation,
    // Validation and valuation read as one formula each; splitting them hides the model.
    clippy::too_many_lines
)]

mod account;
mod check;
pub mod display;
mod error;
mod flat;
pub mod input;
pub mod model;
mod policy;
mod portfolio;
mod valuation;
mod verdict;

pub use account::{
    Account, Acquisition, CostToServe, Currency, Evidence, Payment, Pursuit, Reference,
    ReferenceKind, ReferenceUse, Revenue, Risk, Risks, Role, RoleContact, Stage, Word,
};
pub use error::{Error, ErrorKind, Problem, ProblemKind, Result};
pub use flat::{
    Cell, FlatAccount, FlatLayout, REQUIRED_COLUMNS, RESULT_COLUMNS, error_cells, input_columns,
};
pub use input::{
    AccountInput, AcquisitionInput, CostToServeInput, EvidenceInput, EvidenceOddsInput,
    HurdleInput, List, PaymentInput, PolicyInput, PursuitInput, Raw, ReferenceInput,
    ReferenceUseInput, RelationshipInput, RevenueInput, RiskInput, RoleInput, RoleWeightsInput,
};
pub use policy::{Hurdle, Policy};
pub use portfolio::{IntoAccount, Scored, Scores, Summary, score};
pub use valuation::{Schedule, YearRow, schedule};
pub use verdict::{BreakEven, Components, Driver, Evaluation, Verdict, evaluate};

/// The README's Rust snippet, compiled and run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
