//! # keyaccount
//!
//! Is this large client worth pursuing (a prospect) or keeping (an active
//! account)? If not, can the relationship be restructured, or should it be released
//! to competitors? `keyaccount` answers that for one account or a whole list, with
//! no training data: every factor is priced in the account's currency over a
//! horizon of years, money is [`rust_decimal::Decimal`] throughout, and every
//! verdict comes with its explanation.
//!
//! ## Evaluate one account
//!
//! Build the account from typed values; validation checks every range and reports
//! every problem at once.
//!
//! ```
//! use keyaccount::{evaluate, Account, Coverage, Currency, Policy, Risk, Role, Stage, Verdict};
//! use rust_decimal::Decimal;
//!
//! // An active client: 1.2 M EUR a year at list price, 30 % margin, 12 % discounts,
//! // an account team that costs 90 000 EUR a year, and a new owner possible.
//! let account = Account::builder("A-17", Currency::EUR, Stage::Active)
//!     .name("Northern Steel")
//!     .revenue(Decimal::new(1_200_000, 0), Decimal::new(30, 2))
//!     .concession(Decimal::new(12, 2))
//!     .account_team(Decimal::new(90_000, 0))
//!     .risk(Risk::OwnershipChange, Decimal::new(5, 2))
//!     .role(Role::FinalDecision, Coverage::Covered)
//!     .build()?;
//! let policy = Policy::builder().hurdle(Decimal::new(300_000, 0)).build()?;
//!
//! let result = evaluate(&account, &policy)?;
//! assert_eq!(result.verdict, Verdict::Retain);
//! // The components add up to the value exactly.
//! assert_eq!(result.components.total(), Some(result.value));
//! println!("{} {}: {} {}", result.id, result.verdict, keyaccount::display::money(result.value), result.currency);
//! # Ok::<(), keyaccount::Error>(())
//! ```
//!
//! ## Score a list from any reader
//!
//! The readers of [`read`] take any [`std::io::Read`] (a file, a socket, bytes in
//! memory) and yield one record per account, with its line; [`score`] values them
//! lazily, so memory stays flat however long the list.
//!
//! ```
//! # #[cfg(feature = "io")] {
//! use keyaccount::read::{self, Format, ReadOptions};
//! use keyaccount::{score, Policy, Summary};
//!
//! let csv = "\
//! id,name,currency,stage,revenue.annual,revenue.gross_margin,cost_to_serve.service
//! KA-1,Uralmetprom,EUR,active,4200000,0.27,130000
//! KA-2,Volga Foods,RUB,prospect,90000000,0.22,
//! KA-3,Broken,EUR,active,1000000,1.5,
//! ";
//! let records = read::records(csv.as_bytes(), Format::Csv, &ReadOptions::default())?;
//! let mut summary = Summary::default();
//! for scored in score(records, &Policy::default()) {
//!     let scored = scored?; // an I/O error part-way stops the run
//!     match &scored.result {
//!         Ok(e) => println!("{} {} {}", e.id, e.verdict, e.value),
//!         Err(error) => println!("{error}"), // line 4: account "KA-3": revenue.gross_margin must be ...
//!     }
//!     summary.add(&scored.result);
//! }
//! assert_eq!(summary.errors(), 1);
//! for (currency, total) in summary.totals() {
//!     println!("total value {currency}: {total:?}");
//! }
//! # }
//! # Ok::<(), keyaccount::Error>(())
//! ```
//!
//! [`write::CsvWriter`] writes the result CSV of the model to any
//! [`std::io::Write`].
//!
//! ## A what-if
//!
//! A [`Change`] sets one input field of a validated account, typed;
//! [`Account::with_changes`] applies a list of them and checks only the parts of
//! the account they touch (a fraction of the time a full validation takes), with
//! the messages a file would get. The same changes make the proposals of a
//! negotiation. A validated account also turns back into a builder
//! ([`Account::to_builder`]) for anything else.
//!
//! ```
//! # use keyaccount::{evaluate, Account, Change, Currency, Policy, Stage};
//! # use rust_decimal::Decimal;
//! # let account = Account::builder("A-17", Currency::EUR, Stage::Active)
//! #     .revenue(Decimal::new(1_200_000, 0), Decimal::new(30, 2))
//! #     .concession(Decimal::new(12, 2))
//! #     .build()?;
//! # let policy = Policy::default();
//! let now = evaluate(&account, &policy)?;
//! let smaller_discount = account.with_changes(&[Change::Concession(Decimal::new(10, 2))])?;
//! let then = evaluate(&smaller_discount, &policy)?;
//! println!("two points less discount add {}", then.value - now.value);
//! assert!(then.value > now.value);
//! # Ok::<(), keyaccount::Error>(())
//! ```
//!
//! ## When the supplier would stop, and what restructures an account
//!
//! Since model 3 a supplier does not deliver at a loss for years: at each renewal
//! (or each year end, without a term) it stops when the rest of the horizon is
//! worth less than nothing, and [`Evaluation::exit_year`] says when. Below its bar,
//! an active account is valued again with each lever at its limit and with the
//! balanced package of all three; [`Evaluation::package`] gives the package in
//! the levers' own units.
//!
//! ```
//! use keyaccount::{evaluate, Account, Currency, Levers, Policy, Stage, Verdict};
//! use rust_decimal::Decimal;
//!
//! // A car maker takes 4 % off the price every year; our own productivity takes
//! // only 1 % off the cost of the goods. Three-year terms, valued over 8 years.
//! let car_maker = Account::builder("CAR", Currency::EUR, Stage::Active)
//!     .revenue(Decimal::new(10_000_000, 0), Decimal::new(20, 2))
//!     .price_down(Decimal::new(4, 2))
//!     .cost_down(Decimal::new(1, 2))
//!     .service(Decimal::new(600_000, 0))
//!     .term_years(3)
//!     .build()?;
//! let eight_years = Policy::builder().horizon_years(8).build()?;
//! let e = evaluate(&car_maker, &eight_years)?;
//! // Years 7 and 8 would lose money: the supplier stops at the renewal after year 6.
//! assert_eq!(e.exit_year, Some(6));
//! assert_eq!(keyaccount::display::money(e.value), "3061911.87");
//!
//! // A distributor below its bar, whose account team stays a year after the end.
//! let distributor = Account::builder("DIST", Currency::EUR, Stage::Active)
//!     .revenue(Decimal::new(6_000_000, 0), Decimal::new(24, 2))
//!     .concession(Decimal::new(9, 2))
//!     .account_team(Decimal::new(600_000, 0))
//!     .service(Decimal::new(250_000, 0))
//!     .terms_days(90)
//!     .risk(keyaccount::Risk::OwnershipChange, Decimal::new(5, 2))
//!     .stranded_cost(Decimal::new(200_000, 0))
//!     .build()?;
//! let policy = Policy::builder()
//!     .hurdle(Decimal::new(150_000, 0))
//!     .max_cost_cut(Decimal::new(1, 1))
//!     .build()?;
//! let e = evaluate(&distributor, &policy)?;
//! // No lever reaches the bar alone; the three together do.
//! assert_eq!(e.verdict, Verdict::Restructure);
//! assert_eq!(e.lever, Some(Levers::PACKAGE));
//! if let Some(p) = e.package {
//!     println!(
//!         "concession -{} points, cost to serve -{}, payment terms -{} days",
//!         p.concession_cut * Decimal::ONE_HUNDRED,
//!         p.cost_cut,
//!         p.terms_cut
//!     );
//! }
//! # Ok::<(), keyaccount::Error>(())
//! ```
//!
//! ## Load a policy from JSON
//!
//! [`read::policy`] and [`read::account`] read JSON documents with every number
//! exactly as written (`0.10` stays `0.10`, never a float), and are the way to
//! read a request body in a web service. Through serde instead
//! (`serde_json::from_str::<Policy>`), numbers are read as [`input`] describes:
//! exactly with serde_json's `arbitrary_precision` on, otherwise as the shortest
//! text of the float serde_json parsed.
//!
//! ```
//! # #[cfg(feature = "io")] {
//! let json = r#"{"discount_rate": 0.10, "horizon_years": 7, "hurdle": {"EUR": "400000", "RUB": "40000000"}}"#;
//! let policy = keyaccount::read::policy(json.as_bytes())?;
//! assert_eq!(policy.horizon_years(), 7);
//! # }
//! # Ok::<(), keyaccount::Error>(())
//! ```
//!
//! ## Handle and print errors
//!
//! An [`Error`] names the account, the field and (from a file) the line, and lists
//! every problem; [`Error::messages`] gives them one a line, and
//! [`std::error::Error::source`] the underlying I/O or JSON error.
//!
//! ```
//! use keyaccount::{Account, Currency, ErrorKind, Stage};
//! use rust_decimal::Decimal;
//!
//! let error = Account::builder("A-7", Currency::EUR, Stage::Active)
//!     .revenue(Decimal::new(1_000, 0), Decimal::new(15, 1))
//!     .terms_days(300)
//!     .delay_days(90)
//!     .build()
//!     .unwrap_err();
//! assert!(matches!(error.kind(), ErrorKind::InvalidAccount { .. }));
//! assert_eq!(error.id(), Some("A-7"));
//! assert_eq!(
//!     error.messages(),
//!     [
//!         "revenue.gross_margin must be between 0 and 1, got 1.5",
//!         "payment.terms_days + payment.delay_days must add up to at most 365 days, got 390",
//!     ]
//! );
//! for problem in error.problems() {
//!     eprintln!("{}: {}", problem.field(), problem.kind());
//! }
//! ```
//!
//! ## How the crate is laid out
//!
//! The data flows from input to verdict, and so do the modules:
//!
//! - [`input`]: accounts and policies as text, as received from files
//!   ([`input::AccountInput`]); reading never fails on a bad field.
//! - [`AccountInput::validate`](input::AccountInput::validate), [`Account::builder`]
//!   and [`Policy::builder`] make an [`Account`] and a [`Policy`] that cannot hold
//!   an invalid value, or one [`Error`] that lists every [`Problem`] with its
//!   field path. [`account`] holds the validated parts, [`words`] the model's
//!   words ([`Stage`], [`Role`], [`Risk`], ...) and tables indexed by them.
//! - [`evaluate`] values an account under a policy and returns an [`Evaluation`]:
//!   the [`Verdict`], the value and its [`Components`], risk [`Driver`]s,
//!   [`BreakEven`] figures, the exit year and the restructuring [`Levers`] and
//!   [`Package`]. [`schedule`] gives the yearly [`Schedule`] behind it.
//! - [`portfolio`]: [`score`] values a stream of [`Record`]s, one [`Scored`]
//!   result each, and [`Summary`] counts verdicts and totals value per currency
//!   (from results, or from their [`Tally`]s).
//! - [`read`] and [`write`] (feature `io`, on by default): CSV, JSON Lines and
//!   JSON readers, result CSV and JSON writers. [`flat`] maps a row of text cells
//!   to an account and a result to a row, for other sources of rows.
//! - [`display`] rounds values for showing, the only place where rounding happens.
//! - [`model`] explains every formula.
//!
//! The library opens no files and keeps no global state: callers hand it readers
//! and writers.
//!
//! ## Features
//!
//! | feature | default | what it brings | dependencies it adds |
//! |---|---|---|---|
//! | `io` | on | [`read`] and [`write`]: CSV, JSON Lines and JSON array readers generic over [`std::io::Read`], the result CSV and JSON writers, column maps with units, decimal commas, CSV templates | `csv`, `serde_json` |
//! | `parallel` | on | `score_parallel` and `score_parallel_map`: scoring on as many threads as the caller asks for, results in input order | none (std threads) |
//! | `spreadsheet` | off | workbooks: `.xlsx`, `.xls` and `.ods` read with `read::workbook`, results written as `.xlsx` with `write::XlsxWriter`, `.xlsx` templates with `write::template_xlsx`; turns on `io` | `calamine`, `rust_xlsxwriter` |
//!
//! The default is `io` and `parallel`; add `spreadsheet` for workbooks:
//!
//! ```toml
//! keyaccount = { version = "0.1", features = ["spreadsheet"] }
//! ```
//!
//! With no feature at all (`default-features = false`) the crate is the model
//! alone: it depends on serde, thiserror and rust_decimal only, and accounts still
//! deserialize from any serde format. The threads of `parallel` are scoped to the
//! call (no pool lives in the process); `score_parallel_map` also runs the
//! caller's work on each batch of results (formatting rows, say) on the workers.
//!
#![cfg_attr(
    feature = "io",
    doc = "[`read`]: mod@crate::read\n[`write`]: mod@crate::write\n[`write::CsvWriter`]: crate::write::CsvWriter\n[`read::policy`]: crate::read::policy\n[`read::account`]: crate::read::account"
)]
// Without `io` the names above are the feature table's.
#![cfg_attr(
    not(feature = "io"),
    doc = "[`read`]: #features\n[`write`]: #features\n[`write::CsvWriter`]: #features\n[`read::policy`]: #features\n[`read::account`]: #features"
)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::pedantic)]
// Pedantic lints that do not fit this crate:
#![allow(
    // Domain names such as `AccountInput` in module `input` read better in full.
    clippy::module_name_repetitions,
    // Values shown in error messages and docs are plain words, not code.
    clippy::doc_markdown,
    // `Decimal::from(u32)` and index casts of small enums are exact.
    clippy::cast_possible_truncation,
    // Validation and valuation read as one formula each; splitting them hides the model.
    clippy::too_many_lines,
    // The arithmetic uses the model's own symbols (s, h, k, c, b), as the model does.
    clippy::many_single_char_names
)]

pub mod account;
mod builder;
mod change;
mod columns;
pub mod display;
mod error;
mod exact;
pub mod flat;
pub mod input;
pub mod model;
pub mod negotiation;
pub mod picture;
mod policy;
pub mod portfolio;
#[cfg(feature = "io")]
pub mod read;
mod sensitivity;
mod shape;
mod validate;
mod valuation;
mod verdict;
pub mod words;
#[cfg(feature = "io")]
pub mod write;

pub use account::Account;
pub use builder::{AccountBuilder, PolicyBuilder};
pub use change::Change;
pub use error::{Error, ErrorKind, Problem, ProblemKind, Result, Source};
pub use negotiation::{Negotiation, Proposal, negotiate};
pub use policy::{Hurdle, Policy, PortfolioPolicy};
pub use portfolio::{Record, Scored, Summary, Tally, score};
#[cfg(feature = "parallel")]
pub use portfolio::{score_parallel, score_parallel_map};
pub use sensitivity::{Sensitivity, SensitivityRow, sensitivity};
pub use valuation::{Schedule, YearRow, schedule};
pub use verdict::{BreakEven, Components, Driver, Evaluation, Package, evaluate, package_value};

/// The version of the valuation model this crate implements: every output names
/// it (`"model": "3"` in JSON).
pub const MODEL_VERSION: &str = "3";
pub use words::{
    Coverage, Currency, Evidence, Lever, Levers, ParseWordError, ReferenceKind, Risk, Role, Stage,
    Timing, Verdict, Word,
};

/// The README's Rust snippet, compiled and run as a doc test.
#[cfg(all(doctest, feature = "io"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
