//! Scoring account lists (records in, one result per record out, and a summary),
//! and analysing the whole book ([`Book`]: ranking, whale curve, concentration,
//! the two matrices, the release decision).
//!
//! A [`Record`] is one entry of a list: the line where it starts and the
//! validated account, or the error that says why it is not one. [`score`] turns
//! any stream of records (such as one of the [`crate::read`] readers) into one
//! [`Scored`] result per record, in the same order, holding one record at a time,
//! so memory stays flat however long the input. No record is dropped and ids are
//! not checked for uniqueness.
//!
#![cfg_attr(feature = "io", doc = "[`crate::read`]: mod@crate::read")]
#![cfg_attr(not(feature = "io"), doc = "[`crate::read`]: crate#features")]

mod book;
#[cfg(feature = "parallel")]
mod parallel;
mod text;

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::account::Account;
use crate::display;
use crate::error::{Error, Result};
use crate::policy::Policy;
use crate::verdict::{Evaluation, evaluate};
use crate::words::{Currency, Verdict, Word};

#[cfg(feature = "parallel")]
pub use parallel::{IntoRecord, score_parallel, score_parallel_map};

pub use book::{
    Book, Concentration, Entry, Matrix, Point, Quadrant, Ranked, Release, Report, View, Whale,
    WhalePoint,
};

/// One record of an account list: where it starts, and the validated account or
/// the error that says what is wrong with it.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Record {
    /// The line (1-based) where the record starts, or its position for records
    /// made in memory.
    pub line: u64,
    /// The validated account, or the error (with its line set).
    pub account: Result<Account>,
    /// What the reader noticed of valid but suspicious cells, scored as given
    /// (from a column map: `0.19 in percent column "Маржа, %" reads as 0.19 %:
    /// write 19`). [`Record::evaluate`] adds them after the evaluation's own
    /// warnings; a caller who evaluates `account` itself adds them likewise.
    pub warnings: Vec<String>,
}

impl Record {
    /// A record at `line`; an error gets the line.
    #[must_use]
    pub fn new(line: u64, account: Result<Account>) -> Record {
        Record {
            line,
            account: account.map_err(|e| e.at_line(line)),
            warnings: Vec::new(),
        }
    }

    /// The record with the reader's warnings about it (see [`Record::warnings`]).
    #[must_use]
    pub fn with_warnings(mut self, warnings: Vec<String>) -> Record {
        self.warnings = warnings;
        self
    }

    /// Values the record's account under `policy`; the record's own warnings
    /// follow the evaluation's. The account stays with the result.
    #[must_use]
    pub fn evaluate(self, policy: &Policy) -> Scored {
        let line = self.line;
        let warnings = self.warnings;
        let (account, result) = match self.account {
            Ok(account) => {
                let result = evaluate(&account, policy).map(|mut evaluation| {
                    evaluation.warnings.extend(warnings);
                    evaluation
                });
                (Some(account), result)
            }
            Err(error) => (None, Err(error)),
        };
        Scored {
            line,
            account,
            result: result.map_err(|e| e.at_line(line)),
        }
    }
}

/// The result for one record, with the account it valued: what a [`Book`] is
/// made of (`score(records, &policy).collect::<Result<Book>>()`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Scored {
    /// The line (1-based) where the record starts.
    pub line: u64,
    /// The validated account, where the record held one (`None` when the record
    /// itself was invalid).
    pub account: Option<Account>,
    /// The evaluation, or the error (with its line set).
    pub result: Result<Evaluation>,
}

/// Scores records lazily, one result per record, in input order.
///
/// Each item of `records` is a [`Record`], or an `Err` when the input failed
/// part-way (as a reader reports an I/O error); that error is passed on as is,
/// and the caller decides whether to stop.
///
/// ```
/// use keyaccount::{score, Account, Currency, Policy, Record, Stage, Summary};
/// use rust_decimal::Decimal;
///
/// let good = Account::builder("A", Currency::EUR, Stage::Active)
///     .revenue(Decimal::new(1000, 0), Decimal::new(3, 1))
///     .build();
/// let bad = Account::builder("B", Currency::EUR, Stage::Active)
///     .revenue(Decimal::new(1000, 0), Decimal::new(15, 1))
///     .build();
/// let records = [Ok(Record::new(1, good)), Ok(Record::new(2, bad))];
/// let mut summary = Summary::default();
/// for scored in score(records, &Policy::default()) {
///     summary.add(&scored?.result);
/// }
/// assert_eq!((summary.records(), summary.errors()), (2, 1));
/// # Ok::<(), keyaccount::Error>(())
/// ```
pub fn score<I>(records: I, policy: &Policy) -> Scores<'_, I::IntoIter>
where
    I: IntoIterator<Item = Result<Record>>,
{
    Scores {
        records: records.into_iter(),
        policy,
    }
}

/// The iterator returned by [`score`].
#[derive(Debug)]
pub struct Scores<'p, I> {
    records: I,
    policy: &'p Policy,
}

impl<I> Iterator for Scores<'_, I>
where
    I: Iterator<Item = Result<Record>>,
{
    type Item = Result<Scored>;

    fn next(&mut self) -> Option<Result<Scored>> {
        let record = self.records.next()?;
        Some(record.map(|r| r.evaluate(self.policy)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.records.size_hint()
    }
}

/// Counts per verdict, errors, and total value per currency. Amounts in
/// different currencies are never added together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    records: u64,
    errors: u64,
    warned: u64,
    verdicts: [u64; 7],
    totals: BTreeMap<Currency, Option<Decimal>>,
}

/// What a [`Summary`] counts of one result: its verdict, currency and value and
/// whether it came with warnings, or that it was an error. Small and `Copy`: a
/// worker of `score_parallel_map` (feature `parallel`) can hand the caller's
/// thread the tallies of its results rather than the results, which are then
/// dropped where they were made.
///
/// ```
/// use keyaccount::{evaluate, Account, Currency, Policy, Stage, Summary, Tally};
/// use rust_decimal::Decimal;
///
/// let account = Account::builder("A", Currency::EUR, Stage::Active)
///     .revenue(Decimal::from(1_000_000), Decimal::new(3, 1))
///     .build()?;
/// let result = evaluate(&account, &Policy::default());
/// let (mut by_tally, mut by_result) = (Summary::default(), Summary::default());
/// by_tally.add_tally(Tally::from(&result));
/// by_result.add(&result);
/// assert_eq!(by_tally, by_result);
/// # Ok::<(), keyaccount::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally(Option<Counted>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Counted {
    verdict: Verdict,
    currency: Currency,
    value: Decimal,
    warned: bool,
}

impl From<&Result<Evaluation, Error>> for Tally {
    fn from(result: &Result<Evaluation, Error>) -> Tally {
        Tally(result.as_ref().ok().map(|e| Counted {
            verdict: e.verdict,
            currency: e.currency,
            value: e.value,
            warned: !e.warnings.is_empty(),
        }))
    }
}

impl Summary {
    /// Counts one result.
    pub fn add(&mut self, result: &Result<Evaluation, Error>) {
        self.add_tally(Tally::from(result));
    }

    /// Counts one result by its [`Tally`]. Totals are sums in the order results
    /// are counted (a `Decimal` sum past 28 digits rounds, so the order can move
    /// its last digit): counting tallies in input order gives the very totals
    /// [`Summary::add`] gives.
    pub fn add_tally(&mut self, tally: Tally) {
        self.records += 1;
        match tally.0 {
            Some(e) => {
                self.verdicts[slot(e.verdict)] += 1;
                self.warned += u64::from(e.warned);
                let total = self.totals.entry(e.currency).or_insert(Some(Decimal::ZERO));
                *total = total.and_then(|t| t.checked_add(e.value));
            }
            None => self.errors += 1,
        }
    }

    /// Records counted.
    #[must_use]
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Records that were errors.
    #[must_use]
    pub fn errors(&self) -> u64 {
        self.errors
    }

    /// Records scored with warnings (valid but suspicious input).
    #[must_use]
    pub fn warned(&self) -> u64 {
        self.warned
    }

    /// Records with this verdict.
    #[must_use]
    pub fn count(&self, verdict: Verdict) -> u64 {
        self.verdicts[slot(verdict)]
    }

    /// Total value per currency, in code order; `None` where the total is too
    /// large for `Decimal`.
    pub fn totals(&self) -> impl Iterator<Item = (Currency, Option<Decimal>)> + '_ {
        self.totals.iter().map(|(c, t)| (*c, *t))
    }
}

/// The verdict's place in [`Verdict::ALL`].
fn slot(verdict: Verdict) -> usize {
    Verdict::ALL
        .iter()
        .position(|v| *v == verdict)
        .unwrap_or_default()
}

impl fmt::Display for Summary {
    /// Several lines: the record count, each verdict that occurred, errors, and
    /// the total value per currency (money to 2 decimals).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scored = self.records - self.errors;
        let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        writeln!(
            f,
            "{}: {scored} scored, {}",
            plural(self.records, "record"),
            plural(self.errors, "error")
        )?;
        for verdict in Verdict::ALL {
            let n = self.count(*verdict);
            if n > 0 {
                writeln!(f, "  {:<18}{n:>10}", verdict.as_str())?;
            }
        }
        if self.warned > 0 {
            writeln!(
                f,
                "  {} with warnings (see the warnings column)",
                plural(self.warned, "record")
            )?;
        }
        for (currency, total) in self.totals() {
            match total {
                Some(t) => writeln!(f, "  total value {currency} {:>24}", display::grouped(t, 2))?,
                None => writeln!(f, "  total value {currency} too large to add up")?,
            }
        }
        writeln!(f, "  valued with model {}", crate::MODEL_VERSION)
    }
}
