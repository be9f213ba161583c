//! The whole book of key accounts: ranking, the whale curve, concentration, the
//! price × cost-to-serve matrix, the key-account matrix, and what releasing the
//! `release` accounts would do (what it frees, the costs that stay counted).
//!
//! Definitions, so that every figure can be checked by hand:
//!
//! - The whale curve, concentration and the price × cost matrix cover active
//!   accounts (a prospect has no revenue yet); ranking and the key-account matrix
//!   cover all accounts. Revenue means list-price `revenue.annual`.
//! - A split at the median puts accounts at or above it in the high half; the
//!   median of an even count is the mean of the middle two.
//! - The top 20 % of `n` accounts are the first `⌈0.2 n⌉` by value.
//! - Shares of a total that is 0 or negative are absent, and a note says why.
//! - HHI is `Σ share²` on the 0..1 scale.
//! - The key-account matrix puts each account's gap to its own bar, `V − η_k`,
//!   up (the hurdle, plus for an active account what releasing it would still
//!   cost), split at 0 unless the policy's `portfolio.attractiveness_split` says
//!   otherwise: with the default split every account at or above its bar
//!   (`retain`, `pursue`) is in the upper half and every other account in the
//!   lower one, so the matrix never contradicts a verdict. Strength, across, is
//!   coverage `κ`; for a prospect, the mean of `κ` and the win probability `P`
//!   (both shares, so the mean stays one), since winning is half of a
//!   prospect's position. Each quadrant's advice names the verdicts it holds.
//! - Releasing an account frees its value but not the costs that stay after it
//!   (`release_value`, v3): [`Release::net_gain`] counts both.
//! - Amounts are never added across currencies: there is one [`View`] per
//!   currency, and one combined view in the policy's `portfolio.base_currency`
//!   when `portfolio.exchange_rates` converts every other currency present.
//!
//! ```
//! use keyaccount::portfolio::{Book, Entry};
//! use keyaccount::{evaluate, Account, Currency, Policy, Stage};
//! use rust_decimal::Decimal;
//!
//! let policy = Policy::default();
//! let mut book = Book::default();
//! for (id, annual, margin) in [("A", 1_000_000, 30), ("B", 400_000, 5), ("C", 2_000_000, 25)] {
//!     let account = Account::builder(id, Currency::EUR, Stage::Active)
//!         .revenue(Decimal::new(annual, 0), Decimal::new(margin, 2))
//!         .account_team(Decimal::new(60_000, 0))
//!         .build()?;
//!     book.add(Entry::new(&account, &evaluate(&account, &policy)?));
//! }
//! let report = book.analyze(&policy);
//! let eur = &report.views[0];
//! assert_eq!(eur.whale.accounts, 3);
//! assert_eq!(eur.ranking[0].id, "C");
//! # Ok::<(), keyaccount::Error>(())
//! ```

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::account::Account;
use crate::error::{Error, ErrorKind};
use crate::policy::{Hurdle, Policy};
use crate::verdict::Evaluation;
use crate::words::{Currency, Levers, Stage, Verdict, Word};

use super::Scored;

/// What the portfolio analytics need of one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Entry {
    /// The account's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its currency.
    pub currency: Currency,
    /// Prospect or active.
    pub stage: Stage,
    /// Its verdict.
    pub verdict: Verdict,
    /// V.
    pub value: Decimal,
    /// The value if kept or won.
    pub attractiveness: Decimal,
    /// κ, or for a prospect the mean of κ and P.
    pub strength: Decimal,
    /// R: year-1 list-price revenue.
    pub revenue: Decimal,
    /// 1 − c: the net price realised.
    pub net_price: Decimal,
    /// C: year-1 cost to serve.
    pub cost_to_serve: Decimal,
    /// The magnitudes of the cost components: cost to serve, re-tender,
    /// onboarding and acquisition.
    pub cost: Decimal,
    /// s: annual survival.
    pub annual_survival: Decimal,
    /// The subsidy of an image account kept on purpose.
    pub subsidy: Option<Decimal>,
    /// η_e: the effective hurdle.
    pub hurdle: Decimal,
    /// V_rel: the value of releasing an active account (the costs that stay
    /// after it, 0 or negative); absent for a prospect.
    pub release_value: Option<Decimal>,
    /// η_k: the bar the value must reach, the hurdle plus, for an active
    /// account, the release value.
    pub bar: Decimal,
    /// V − η_k: how far the account is above (positive) or below its own bar.
    pub gap: Decimal,
    /// For `restructure`: the lever, or the package, that reaches the bar.
    pub lever: Option<Levers>,
    /// The largest risk, in the model's words (`ownership_change`, or for an
    /// event its month: `ownership_change (month 6)`).
    pub top_risk: Option<String>,
    /// The year after which the supplier would stop supplying, if any.
    pub exit_year: Option<u32>,
    /// Valid but suspicious input noticed while valuing the account.
    pub warnings: Vec<String>,
    /// The whole evaluation, in the account's own currency even in a combined
    /// view (the pictures draw its waterfall from it). Left out of the JSON
    /// form: the fields above carry its figures.
    #[serde(skip)]
    pub evaluation: Box<Evaluation>,
}

impl Entry {
    /// The entry of one evaluated account.
    #[must_use]
    pub fn new(account: &Account, evaluation: &Evaluation) -> Entry {
        let c = &evaluation.components;
        let half = Decimal::new(5, 1);
        let strength = match evaluation.win_probability {
            Some(p) => (evaluation.coverage + p) * half,
            None => evaluation.coverage,
        };
        Entry {
            id: evaluation.id.clone(),
            name: evaluation.name.clone(),
            currency: evaluation.currency,
            stage: evaluation.stage,
            verdict: evaluation.verdict,
            value: evaluation.value,
            attractiveness: evaluation.value_if_won.unwrap_or(evaluation.value),
            strength,
            revenue: account.revenue().annual,
            net_price: Decimal::ONE - account.revenue().concession,
            cost_to_serve: account.cost_to_serve().total(),
            cost: c.cost_to_serve.abs()
                + c.retender.abs()
                + c.onboarding.abs()
                + c.acquisition.abs(),
            annual_survival: evaluation.annual_survival,
            subsidy: evaluation.break_even.subsidy,
            hurdle: evaluation.hurdle,
            release_value: evaluation.release_value,
            bar: evaluation.bar,
            gap: evaluation.value.saturating_sub(evaluation.bar),
            lever: evaluation.lever,
            top_risk: evaluation.top_risk.as_ref().map(ToString::to_string),
            exit_year: evaluation.exit_year,
            warnings: evaluation.warnings.clone(),
            evaluation: Box::new(evaluation.clone()),
        }
    }
}

/// The accounts of a book, collected one by one, or from scored results.
///
/// A book collects [`Scored`] results (`score(..).collect::<Result<Book>>()`, or
/// [`Extend`]); a result that is an error is kept as a record left out, so that
/// the report lists it and no record is lost.
///
/// ```
/// use keyaccount::portfolio::Book;
/// use keyaccount::{score, Account, Currency, Policy, Record, Stage};
///
/// let good = Account::builder("A", Currency::EUR, Stage::Active)
///     .revenue(1_000_000, rust_decimal::Decimal::new(3, 1))
///     .build();
/// let bad = Account::builder("B", Currency::EUR, Stage::Active)
///     .revenue(1_000_000, 2)
///     .build();
/// let records = [Ok(Record::new(1, good)), Ok(Record::new(2, bad))];
/// let policy = Policy::default();
/// let book: Book = score(records, &policy).collect::<keyaccount::Result<_>>()?;
/// assert_eq!((book.entries().len(), book.left_out().len()), (1, 1));
/// let report = book.analyze(&policy);
/// assert!(report.to_string().contains("Records left out (1)"));
/// # Ok::<(), keyaccount::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Book {
    entries: Vec<Entry>,
    left_out: Vec<Error>,
}

impl Book {
    /// Adds an account.
    pub fn add(&mut self, entry: Entry) {
        self.entries.push(entry);
    }

    /// Adds a scored result: its entry, or, for an error, a record left out.
    pub fn add_scored(&mut self, scored: &Scored) {
        match (&scored.account, &scored.result) {
            (Some(account), Ok(evaluation)) => self.add(Entry::new(account, evaluation)),
            (_, Err(error)) => self.left_out.push(error.clone()),
            // Only `Record::evaluate` makes a `Scored`, and it keeps the account
            // with every evaluation; should one come without, it is not lost.
            (None, Ok(evaluation)) => {
                self.left_out.push(Error::new(ErrorKind::Unreadable {
                    id: Some(evaluation.id.clone()),
                    message: "the scored result carries no account".to_owned(),
                    source: None,
                }));
            }
        }
    }

    /// The accounts, in the order added.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The records that could not be scored, in the order added.
    #[must_use]
    pub fn left_out(&self) -> &[Error] {
        &self.left_out
    }

    /// Every view of the book under the policy's `portfolio.*` settings.
    #[must_use]
    pub fn analyze(&self, policy: &Policy) -> Report {
        let mut currencies: Vec<Currency> = self.entries.iter().map(|e| e.currency).collect();
        currencies.sort();
        currencies.dedup();
        let mut views: Vec<View> = currencies
            .iter()
            .map(|c| {
                let entries: Vec<Entry> = self
                    .entries
                    .iter()
                    .filter(|e| e.currency == *c)
                    .cloned()
                    .collect();
                View::new(*c, false, entries, policy)
            })
            .collect();
        let settings = policy.portfolio();
        let mut notes = Vec::new();
        if currencies.len() > 1 && settings.base_currency.is_none() {
            notes.push(format!(
                "the book holds {} currencies and the policy gives no exchange rates: each currency is a view of its own, never added together",
                currencies.len()
            ));
        }
        if let Some(base) = settings.base_currency {
            let rate = |c: Currency| {
                if c == base {
                    Some(Decimal::ONE)
                } else {
                    settings.exchange_rates.get(&c).copied()
                }
            };
            let missing: Vec<String> = currencies
                .iter()
                .filter(|c| rate(**c).is_none())
                .map(ToString::to_string)
                .collect();
            if missing.is_empty() && currencies.len() > 1 {
                let converted = self
                    .entries
                    .iter()
                    .filter_map(|e| convert(e, base, rate(e.currency)?))
                    .collect();
                views.push(View::new(base, true, converted, policy));
            } else if !missing.is_empty() {
                notes.push(format!(
                    "no combined view in {base}: no exchange rate for {}",
                    missing.join(", ")
                ));
            }
        }
        Report {
            model: crate::MODEL_VERSION,
            policy: policy_line(policy, &currencies),
            views,
            notes,
            left_out: self.left_out.iter().map(ToString::to_string).collect(),
        }
    }
}

impl Extend<Scored> for Book {
    fn extend<I: IntoIterator<Item = Scored>>(&mut self, iter: I) {
        for scored in iter {
            self.add_scored(&scored);
        }
    }
}

impl FromIterator<Scored> for Book {
    fn from_iter<I: IntoIterator<Item = Scored>>(iter: I) -> Book {
        let mut book = Book::default();
        book.extend(iter);
        book
    }
}

/// An entry with its amounts in `base`; `None` if an amount overflows.
fn convert(e: &Entry, base: Currency, rate: Decimal) -> Option<Entry> {
    Some(Entry {
        currency: base,
        value: e.value.checked_mul(rate)?,
        attractiveness: e.attractiveness.checked_mul(rate)?,
        revenue: e.revenue.checked_mul(rate)?,
        cost_to_serve: e.cost_to_serve.checked_mul(rate)?,
        cost: e.cost.checked_mul(rate)?,
        subsidy: match e.subsidy {
            Some(s) => Some(s.checked_mul(rate)?),
            None => None,
        },
        hurdle: e.hurdle.checked_mul(rate)?,
        release_value: match e.release_value {
            Some(r) => Some(r.checked_mul(rate)?),
            None => None,
        },
        bar: e.bar.checked_mul(rate)?,
        gap: e.gap.checked_mul(rate)?,
        ..e.clone()
    })
}

/// Every view of a book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The version of the model that valued the accounts.
    pub model: &'static str,
    /// The policy in one line: cost of capital, horizon and hurdle of the
    /// currencies in the book (`discount rate 12 % (RUB 18 %), horizon 5 years,
    /// hurdle EUR 150,000, RUB 15,000,000`).
    pub policy: String,
    /// One view per currency, and a combined one in the base currency when the
    /// policy's exchange rates allow it.
    pub views: Vec<View>,
    /// What the reader should know about the views (mixed currencies, missing
    /// rates).
    pub notes: Vec<String>,
    /// The records that could not be scored, one line each: its line, account
    /// and every problem.
    pub left_out: Vec<String>,
}

/// The book in one currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct View {
    /// The currency of every amount.
    pub currency: Currency,
    /// Whether amounts were converted from other currencies.
    pub combined: bool,
    /// The accounts of the view.
    pub entries: Vec<Entry>,
    /// All accounts by value, largest first.
    pub ranking: Vec<Ranked>,
    /// All accounts by value per unit of cost, largest first; accounts without
    /// cost last.
    pub efficiency: Vec<Ranked>,
    /// The whale curve of the active accounts.
    pub whale: Whale,
    /// Revenue concentration of the active accounts.
    pub concentration: Concentration,
    /// Net price against cost to serve (active accounts).
    pub price_cost: Matrix,
    /// The gap to each account's own bar against strength (all accounts).
    pub key_accounts: Matrix,
    /// What releasing every `release` account would do.
    pub release: Release,
    /// Σ subsidy of the image accounts kept or pursued on purpose; `None` when
    /// too large to add up.
    pub subsidy_total: Option<Decimal>,
}

/// One account in a ranking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Ranked {
    /// The account's id.
    pub id: String,
    /// Its value, or value per unit of cost (absent when it has no cost).
    pub figure: Option<Decimal>,
}

/// One point of the whale curve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct WhalePoint {
    /// The account added at this point.
    pub id: String,
    /// Its value.
    pub value: Decimal,
    /// The cumulative value of the accounts so far.
    pub cumulative: Decimal,
    /// `cumulative / total`, absent when the total is 0 or negative.
    pub share: Option<Decimal>,
}

/// The whale curve: active accounts by value, largest first, with cumulative value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Whale {
    /// The number of active accounts.
    pub accounts: usize,
    /// Σ value; `None` when it is too large to add up (beyond `Decimal`).
    pub total: Option<Decimal>,
    /// The curve.
    pub points: Vec<WhalePoint>,
    /// The highest cumulative share (at least 1 when some account loses money and
    /// the total is positive).
    pub peak_share: Option<Decimal>,
    /// How many accounts reach the peak.
    pub peak_accounts: usize,
    /// How many accounts are the top 20 %: `⌈0.2 n⌉`.
    pub top_count: usize,
    /// Their share of total value.
    pub top_share: Option<Decimal>,
    /// Σ value of the loss-makers (0 or negative); `None` when too large to add up.
    pub loss_makers: Option<Decimal>,
    /// How many accounts lose money.
    pub loss_maker_count: usize,
    /// Why shares are absent, when they are.
    pub note: Option<String>,
}

/// Revenue concentration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Concentration {
    /// Σ revenue of the active accounts.
    pub revenue: Decimal,
    /// Each active account's share of it, in the order of the view.
    pub shares: Vec<Ranked>,
    /// The largest share and its account.
    pub largest: Option<Ranked>,
    /// Σ share², on the 0..1 scale.
    pub hhi: Option<Decimal>,
    /// Accounts above `portfolio.max_revenue_share`.
    pub flagged: Vec<String>,
    /// The limit used.
    pub limit: Decimal,
    /// Why shares are absent, when they are.
    pub note: Option<String>,
}

/// A 2 × 2 matrix: where it splits, and the accounts in each quadrant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Matrix {
    /// What the horizontal axis measures, and where it splits.
    pub x_axis: String,
    /// The split of the horizontal axis.
    pub x_split: Option<Decimal>,
    /// What the vertical axis measures.
    pub y_axis: String,
    /// The split of the vertical axis.
    pub y_split: Option<Decimal>,
    /// The quadrants: high/high, high x/low y... as named.
    pub quadrants: Vec<Quadrant>,
    /// Accounts left out, with why.
    pub left_out: Vec<String>,
}

/// One quadrant of a matrix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Quadrant {
    /// Its name (`carriage_trade`, `strategic`, or the policy's own name).
    pub name: String,
    /// What to do with the accounts in it; in the key-account matrix, the
    /// verdicts it holds (`holds retain 3, restructure 1`), as the verdict, not
    /// the quadrant, decides.
    pub advice: String,
    /// Whether its accounts are in the high half of the vertical axis.
    pub high_y: bool,
    /// Whether its accounts are in the high half of the horizontal axis.
    pub high_x: bool,
    /// The accounts in it, with their position `(x, y)`.
    pub accounts: Vec<Point>,
}

/// An account's place in a matrix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Point {
    /// The account's id.
    pub id: String,
    /// Its horizontal figure.
    pub x: Decimal,
    /// Its vertical figure.
    pub y: Decimal,
    /// Its verdict.
    pub verdict: Verdict,
}

/// What releasing every `release` account would do to the book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Release {
    /// The accounts to release.
    pub accounts: Vec<String>,
    /// The value gained: the losses no longer carried, `−Σ value`; `None` when
    /// too large to add up.
    pub value_gained: Option<Decimal>,
    /// The costs that stay after the released accounts, `Σ release_value`
    /// (0 or negative); `None` when too large to add up.
    pub costs_that_stay: Option<Decimal>,
    /// What releasing frees: `value_gained + costs_that_stay`, `Σ (V_rel − V)`;
    /// `None` when too large to add up.
    pub net_gain: Option<Decimal>,
    /// The list-price revenue given up.
    pub revenue_given_up: Decimal,
    /// The share of revenue that remains, absent when revenue is 0.
    pub revenue_share_remaining: Option<Decimal>,
    /// HHI of the accounts that remain.
    pub hhi_after: Option<Decimal>,
    /// The largest share of revenue after.
    pub largest_after: Option<Ranked>,
}

/// The policy in one line, with the hurdle of each currency in the book.
fn policy_line(policy: &Policy, currencies: &[Currency]) -> String {
    let rate = |r: Decimal| crate::display::percent(r, 1).replace(".0 %", " %");
    let mut line = format!("discount rate {}", rate(policy.discount_rate()));
    let others: Vec<String> = policy
        .discount_rates()
        .filter(|(c, _)| currencies.contains(c))
        .map(|(c, r)| format!("{c} {}", rate(r)))
        .collect();
    if !others.is_empty() {
        let _ = write!(line, " ({})", others.join(", "));
    }
    let years = policy.horizon_years();
    let _ = write!(
        line,
        ", horizon {years} year{}",
        if years == 1 { "" } else { "s" }
    );
    let hurdles: Vec<String> = match policy.hurdle() {
        Hurdle::One(amount) => vec![crate::display::grouped(*amount, 0)],
        Hurdle::PerCurrency(map) => currencies
            .iter()
            .map(|c| {
                let amount = map.get(c).copied().unwrap_or_default();
                format!("{c} {}", crate::display::grouped(amount, 0))
            })
            .collect(),
    };
    let _ = write!(line, ", hurdle {}", hurdles.join(", "));
    if policy.hurdle_per_revenue() > Decimal::ZERO {
        let _ = write!(
            line,
            " (at least {} of revenue)",
            crate::display::percent(policy.hurdle_per_revenue(), 1)
        );
    }
    line
}

/// The median of a list (the mean of the middle two for an even count).
fn median(values: &mut [Decimal]) -> Option<Decimal> {
    values.sort();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / Decimal::TWO),
    }
}

/// `part / total`, absent when the total is 0 or negative.
fn share(part: Decimal, total: Decimal) -> Option<Decimal> {
    (total > Decimal::ZERO)
        .then(|| part.checked_div(total))
        .flatten()
}

/// A total of values, `None` when it leaves `Decimal`'s range: values within
/// the model's bounds stay below 10^26, and some ten thousand extreme accounts
/// reach Decimal's limit.
fn sum(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, Decimal::checked_add)
}

/// A total of revenues: each is at most 10^15, so no book reaches Decimal's
/// limit (the total would stop at it rather than wrap).
fn revenue_sum(values: impl Iterator<Item = Decimal>) -> Decimal {
    values.fold(Decimal::ZERO, Decimal::saturating_add)
}

impl View {
    fn new(currency: Currency, combined: bool, entries: Vec<Entry>, policy: &Policy) -> View {
        let active: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.stage == Stage::Active)
            .collect();
        let mut ranking: Vec<Ranked> = entries
            .iter()
            .map(|e| Ranked {
                id: e.id.clone(),
                figure: Some(e.value),
            })
            .collect();
        ranking.sort_by_key(|r| std::cmp::Reverse(r.figure));
        let mut efficiency: Vec<Ranked> = entries
            .iter()
            .map(|e| Ranked {
                id: e.id.clone(),
                figure: if e.cost.is_zero() {
                    None
                } else {
                    e.value.checked_div(e.cost)
                },
            })
            .collect();
        // Accounts with a figure first, largest first; accounts without one last.
        efficiency.sort_by_key(|r| (r.figure.is_none(), std::cmp::Reverse(r.figure)));
        let subsidy_total = sum(entries.iter().filter_map(|e| e.subsidy));
        View {
            currency,
            combined,
            whale: whale(&active),
            concentration: concentration(&active, policy.portfolio().max_revenue_share),
            price_cost: price_cost(&active),
            key_accounts: key_accounts(&entries, currency, policy),
            release: release(&active),
            ranking,
            efficiency,
            subsidy_total,
            entries,
        }
    }
}

fn whale(active: &[&Entry]) -> Whale {
    let mut sorted: Vec<&Entry> = active.to_vec();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.value));
    let total = sum(sorted.iter().map(|e| e.value));
    let mut cumulative = Decimal::ZERO;
    let points: Vec<WhalePoint> = sorted
        .iter()
        .map(|e| {
            cumulative = cumulative.saturating_add(e.value);
            WhalePoint {
                id: e.id.clone(),
                value: e.value,
                cumulative,
                share: total.and_then(|total| share(cumulative, total)),
            }
        })
        .collect();
    let n = points.len();
    let top_count = (n * 2).div_ceil(10);
    let (peak_accounts, peak) = points
        .iter()
        .enumerate()
        .max_by_key(|(i, p)| (p.cumulative, std::cmp::Reverse(*i)))
        .map_or((0, None), |(i, p)| (i + 1, Some(p.cumulative)));
    let top = top_count
        .checked_sub(1)
        .and_then(|i| points.get(i))
        .map(|p| p.cumulative);
    let losers: Vec<&&Entry> = sorted.iter().filter(|e| e.value < Decimal::ZERO).collect();
    Whale {
        accounts: n,
        total,
        peak_share: total.and_then(|total| peak.and_then(|p| share(p, total))),
        peak_accounts,
        top_count,
        top_share: total.and_then(|total| top.and_then(|t| share(t, total))),
        loss_makers: sum(losers.iter().map(|e| e.value)),
        loss_maker_count: losers.len(),
        note: match total {
            None => Some(
                "the active accounts' total value is too large to add up: shares of it are not shown"
                    .to_owned(),
            ),
            Some(total) => (n > 0 && total <= Decimal::ZERO).then(|| {
                "the active accounts' total value is zero or negative: shares of it are not shown"
                    .to_owned()
            }),
        },
        points,
    }
}

fn shares_of(active: &[&Entry]) -> (Decimal, Vec<Ranked>) {
    let revenue = revenue_sum(active.iter().map(|e| e.revenue));
    let shares = active
        .iter()
        .map(|e| Ranked {
            id: e.id.clone(),
            figure: share(e.revenue, revenue),
        })
        .collect();
    (revenue, shares)
}

fn hhi(shares: &[Ranked]) -> Option<Decimal> {
    shares
        .iter()
        .map(|r| r.figure.map(|s| s * s))
        .try_fold(Decimal::ZERO, |a, b| Some(a + b?))
        .filter(|_| !shares.is_empty())
}

fn largest(shares: &[Ranked]) -> Option<Ranked> {
    shares
        .iter()
        .filter(|r| r.figure.is_some())
        .max_by_key(|r| r.figure)
        .cloned()
}

fn concentration(active: &[&Entry], limit: Decimal) -> Concentration {
    let (revenue, shares) = shares_of(active);
    let flagged = shares
        .iter()
        .filter(|r| r.figure.is_some_and(|s| s > limit))
        .map(|r| r.id.clone())
        .collect();
    Concentration {
        revenue,
        largest: largest(&shares),
        hhi: hhi(&shares),
        flagged,
        limit,
        note: (!active.is_empty() && revenue <= Decimal::ZERO)
            .then(|| "the active accounts have no revenue: shares of it are not shown".to_owned()),
        shares,
    }
}

/// Places points in the four quadrants of a matrix split at `x_split` and `y_split`.
fn quadrants(
    points: Vec<Point>,
    x_split: Option<Decimal>,
    y_split: Option<Decimal>,
    names: [(&str, &str, bool, bool); 4],
) -> Vec<Quadrant> {
    let mut quadrants: Vec<Quadrant> = names
        .iter()
        .map(|(name, advice, high_y, high_x)| Quadrant {
            name: (*name).to_owned(),
            advice: (*advice).to_owned(),
            high_y: *high_y,
            high_x: *high_x,
            accounts: Vec::new(),
        })
        .collect();
    for point in points {
        let high_x = x_split.is_some_and(|s| point.x >= s);
        let high_y = y_split.is_some_and(|s| point.y >= s);
        if let Some(q) = quadrants
            .iter_mut()
            .find(|q| q.high_x == high_x && q.high_y == high_y)
        {
            q.accounts.push(point);
        }
    }
    quadrants
}

fn price_cost(active: &[&Entry]) -> Matrix {
    let mut points = Vec::new();
    let mut left_out = Vec::new();
    for e in active {
        match e
            .cost_to_serve
            .checked_div(e.revenue)
            .filter(|_| e.revenue > Decimal::ZERO)
        {
            Some(cost_share) => points.push(Point {
                id: e.id.clone(),
                x: cost_share,
                y: e.net_price,
                verdict: e.verdict,
            }),
            None => left_out.push(format!("{}: no revenue, so no cost share", e.id)),
        }
    }
    let x_split = median(&mut points.iter().map(|p| p.x).collect::<Vec<_>>());
    let y_split = median(&mut points.iter().map(|p| p.y).collect::<Vec<_>>());
    let mut quadrants = quadrants(
        points,
        x_split,
        y_split,
        [
            (
                "carriage_trade",
                "high price, high cost to serve",
                true,
                true,
            ),
            ("passive", "high price, low cost to serve", true, false),
            ("aggressive", "low price, high cost to serve", false, true),
            (
                "bargain_basement",
                "low price, low cost to serve",
                false,
                false,
            ),
        ],
    );
    // Where an account stands, and the verdicts there: the verdict decides.
    for q in &mut quadrants {
        q.advice = format!("{}; {}", q.advice, holds(&q.accounts));
    }
    Matrix {
        x_axis: "cost to serve as a share of revenue".to_owned(),
        x_split,
        y_axis: "net price realised (1 - concession)".to_owned(),
        y_split,
        quadrants,
        left_out,
    }
}

fn key_accounts(entries: &[Entry], currency: Currency, policy: &Policy) -> Matrix {
    let settings = policy.portfolio();
    let points: Vec<Point> = entries
        .iter()
        .map(|e| Point {
            id: e.id.clone(),
            x: e.strength,
            y: e.gap,
            verdict: e.verdict,
        })
        .collect();
    let y_split = match &settings.attractiveness_split {
        Some(Hurdle::One(amount)) => *amount,
        Some(Hurdle::PerCurrency(map)) => map.get(&currency).copied().unwrap_or_default(),
        None => Decimal::ZERO,
    };
    let x_split = settings
        .strength_split
        .or_else(|| median(&mut points.iter().map(|p| p.x).collect::<Vec<_>>()));
    let n = &settings.quadrant_names;
    let mut quadrants = quadrants(
        points,
        x_split,
        Some(y_split),
        [
            (&n[0], "", true, true),
            (&n[1], "", true, false),
            (&n[2], "", false, true),
            (&n[3], "", false, false),
        ],
    );
    // The advice is the verdicts the quadrant holds: the matrix places, the
    // verdict decides.
    for q in &mut quadrants {
        q.advice = holds(&q.accounts);
    }
    Matrix {
        x_axis: "strength: coverage (prospects: mean of coverage and win probability)".to_owned(),
        x_split,
        y_axis: "gap to the bar: value less the account's own bar (V - bar)".to_owned(),
        y_split: Some(y_split),
        quadrants,
        left_out: Vec::new(),
    }
}

/// The verdicts of a quadrant's accounts, counted, active accounts' verdicts
/// first: `holds retain 3, restructure 1`, or `empty`.
fn holds(points: &[Point]) -> String {
    const ORDER: [Verdict; 7] = [
        Verdict::Retain,
        Verdict::Restructure,
        Verdict::RetainStrategic,
        Verdict::Release,
        Verdict::Pursue,
        Verdict::PursueStrategic,
        Verdict::Decline,
    ];
    let counts: Vec<String> = ORDER
        .iter()
        .filter_map(|v| {
            let n = points.iter().filter(|p| p.verdict == *v).count();
            (n > 0).then(|| format!("{} {n}", v.as_str()))
        })
        .collect();
    if counts.is_empty() {
        "empty".to_owned()
    } else {
        format!("holds {}", counts.join(", "))
    }
}

fn release(active: &[&Entry]) -> Release {
    let (revenue, _) = shares_of(active);
    let released: Vec<&&Entry> = active
        .iter()
        .filter(|e| e.verdict == Verdict::Release)
        .collect();
    let kept: Vec<&Entry> = active
        .iter()
        .filter(|e| e.verdict != Verdict::Release)
        .copied()
        .collect();
    let given_up = revenue_sum(released.iter().map(|e| e.revenue));
    let (_, after) = shares_of(&kept);
    let value_gained = sum(released.iter().map(|e| e.value)).map(|v| Decimal::ZERO - v);
    let costs_that_stay = sum(released.iter().filter_map(|e| e.release_value));
    Release {
        accounts: released.iter().map(|e| e.id.clone()).collect(),
        value_gained,
        costs_that_stay,
        net_gain: value_gained
            .zip(costs_that_stay)
            .and_then(|(gained, stays)| gained.checked_add(stays)),
        revenue_given_up: given_up,
        revenue_share_remaining: share(revenue - given_up, revenue),
        hhi_after: hhi(&after),
        largest_after: largest(&after),
    }
}

#[cfg(test)]
mod total_tests {
    use super::*;

    #[test]
    fn a_total_beyond_decimal_is_none_not_its_limit() {
        let values = [Decimal::MAX, Decimal::ONE];
        assert_eq!(sum(values.into_iter()), None);
        assert_eq!(
            sum([Decimal::ONE, Decimal::TWO].into_iter()),
            Some(Decimal::from(3))
        );
    }
}
