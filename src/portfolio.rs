//! Scoring account lists: a stream in, one result per record out, and a summary.
//!
//! [`score`] takes any iterator of records, each with the line where it starts,
//! and yields one [`Scored`] per record in the same order: an evaluation, or an
//! error that carries the line, the id where it could be read, and every problem.
//! It holds one record at a time, so memory stays flat however long the input.
//! No record is dropped and ids are not checked for uniqueness.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::account::{Account, Currency};
use crate::display;
use crate::error::{Error, Result};
use crate::flat::FlatAccount;
use crate::input::AccountInput;
use crate::policy::Policy;
use crate::verdict::{Evaluation, Verdict, evaluate};

/// A record that can become a validated account.
pub trait IntoAccount {
    /// Validates the record.
    ///
    /// # Errors
    ///
    /// The record's validation error, or the reader's error for a record that
    /// could not be read.
    fn into_account(self) -> Result<Account>;
}

impl IntoAccount for Account {
    fn into_account(self) -> Result<Account> {
        Ok(self)
    }
}

impl IntoAccount for AccountInput {
    fn into_account(self) -> Result<Account> {
        self.validate()
    }
}

impl IntoAccount for FlatAccount {
    fn into_account(self) -> Result<Account> {
        self.validate()
    }
}

/// A record the reader could not read stays an error and still gets its row.
impl<T: IntoAccount> IntoAccount for Result<T> {
    fn into_account(self) -> Result<Account> {
        self.and_then(IntoAccount::into_account)
    }
}

/// The result for one record.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Scored {
    /// The line (1-based) where the record starts.
    pub line: u64,
    /// The evaluation, or the error (with its line set).
    pub result: Result<Evaluation>,
}

/// Scores records lazily, one per input record, in input order.
///
/// Each item of `records` is `(line, record)`: the 1-based line where the record
/// starts (or its position, for records made in memory) and anything that
/// validates into an account, including a reader's `Err` for a record that could
/// not be read.
///
/// ```
/// use keyaccount::{score, AccountInput, Policy, Summary};
///
/// let records = vec![
///     (2, serde_json::from_str::<AccountInput>(r#"{"id": "A", "currency": "EUR", "stage": "active",
///         "revenue": {"annual": "1000", "gross_margin": "0.3"}}"#).unwrap()),
///     (3, serde_json::from_str::<AccountInput>(r#"{"id": "B", "currency": "eur"}"#).unwrap()),
/// ];
/// let policy = Policy::default();
/// let mut summary = Summary::default();
/// for scored in score(records, &policy) {
///     summary.add(&scored.result);
/// }
/// assert_eq!((summary.records(), summary.errors()), (2, 1));
/// ```
pub fn score<I, R>(records: I, policy: &Policy) -> Scores<'_, I::IntoIter>
where
    I: IntoIterator<Item = (u64, R)>,
    R: IntoAccount,
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

impl<I, R> Iterator for Scores<'_, I>
where
    I: Iterator<Item = (u64, R)>,
    R: IntoAccount,
{
    type Item = Scored;

    fn next(&mut self) -> Option<Scored> {
        let (line, record) = self.records.next()?;
        let result = record
            .into_account()
            .and_then(|account| evaluate(&account, self.policy))
            .map_err(|e| e.at_line(line));
        Some(Scored { line, result })
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
    verdicts: [u64; 7],
    totals: BTreeMap<Currency, Option<Decimal>>,
}

impl Summary {
    /// Counts one result.
    pub fn add(&mut self, result: &Result<Evaluation, Error>) {
        self.records += 1;
        match result {
            Ok(e) => {
                self.verdicts[e.verdict as usize] += 1;
                let total = self.totals.entry(e.currency).or_insert(Some(Decimal::ZERO));
                *total = total.and_then(|t| t.checked_add(e.value));
            }
            Err(_) => self.errors += 1,
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

    /// Records with this verdict.
    #[must_use]
    pub fn count(&self, verdict: Verdict) -> u64 {
        self.verdicts[verdict as usize]
    }

    /// Total value per currency, in code order; `None` where the total is too
    /// large for `Decimal`.
    pub fn totals(&self) -> impl Iterator<Item = (Currency, Option<Decimal>)> + '_ {
        self.totals.iter().map(|(c, t)| (*c, *t))
    }
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
            let n = self.count(verdict);
            if n > 0 {
                writeln!(f, "  {:<18}{n:>10}", verdict.as_str())?;
            }
        }
        for (currency, total) in self.totals() {
            match total {
                Some(t) => writeln!(f, "  total value {currency} {:>24}", display::grouped(t, 2))?,
                None => writeln!(f, "  total value {currency} too large to add up")?,
            }
        }
        Ok(())
    }
}
