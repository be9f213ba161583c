//! Which guess matters most: the value with each input moved down and up by the
//! policy's step σ, all else held.
//!
//! Each input `x` is replaced by `x (1 − σ)` and by `x (1 + σ)`, whatever its sign,
//! clamped to its valid range (`reference` has no upper bound here), and the
//! account is valued again; the verdict is not recomputed. The rows are listed by
//! swing `|V⁺ − V⁻|`, largest first, equal swings in the model's order.
//!
//! ```
//! use keyaccount::{sensitivity, Account, Currency, Policy, Stage};
//! use rust_decimal::Decimal;
//!
//! let account = Account::builder("A-17", Currency::EUR, Stage::Active)
//!     .revenue(Decimal::new(1_200_000, 0), Decimal::new(30, 2))
//!     .concession(Decimal::new(12, 2))
//!     .build()?;
//! let table = sensitivity(&account, &Policy::default())?;
//! assert_eq!(table.rows[0].input, "revenue.gross_margin");
//! assert!(table.rows.windows(2).all(|w| w[0].swing >= w[1].swing));
//! # Ok::<(), keyaccount::Error>(())
//! ```

use rust_decimal::Decimal;
use serde::Serialize;

use crate::account::Account;
use crate::error::Result;
use crate::exact::Times;
use crate::policy::Policy;
use crate::valuation::{Terms, overflow};
use crate::words::{Risk, Word};

/// One input of the sensitivity table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SensitivityRow {
    /// The input's path, such as `revenue.gross_margin` or `cost_to_serve` (every
    /// item together).
    pub input: String,
    /// V⁻: the value with the input at `x (1 − σ)`, clamped.
    pub minus: Decimal,
    /// V⁺: the value with the input at `x (1 + σ)`, clamped.
    pub plus: Decimal,
    /// |V⁺ − V⁻|.
    pub swing: Decimal,
    /// x: the input as it is (for `cost_to_serve` and `acquisition` the sum of
    /// their items, for `payment.days` the days D, for `reference` the yearly
    /// reference value before credibility).
    pub at: Decimal,
}

/// The sensitivity table of one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Sensitivity {
    /// σ: the relative move of each input.
    pub step: Decimal,
    /// V: the value with nothing moved.
    pub value: Decimal,
    /// Every input, largest swing first.
    pub rows: Vec<SensitivityRow>,
}

const TEN_POW_15: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);
const HALF: Decimal = Decimal::from_parts(5, 0, 0, false, 1);
const DAYS: Decimal = Decimal::from_parts(365, 0, 0, false, 0);

/// `x × factor` within `min..=max`.
fn moved(x: Decimal, factor: Decimal, min: Decimal, max: Decimal) -> Option<Decimal> {
    Some(x.times(factor)?.clamp(min, max))
}

fn share(x: Decimal, factor: Decimal) -> Option<Decimal> {
    moved(x, factor, Decimal::ZERO, Decimal::ONE)
}

fn money(x: Decimal, factor: Decimal) -> Option<Decimal> {
    moved(x, factor, Decimal::ZERO, TEN_POW_15)
}

fn signed_half(x: Decimal, factor: Decimal) -> Option<Decimal> {
    moved(x, factor, -HALF, HALF)
}

/// Items moved one by one, each clamped, and added up.
fn items(parts: &[Decimal], factor: Decimal) -> Option<Decimal> {
    parts
        .iter()
        .try_fold(Decimal::ZERO, |sum, x| sum.checked_add(money(*x, factor)?))
}

/// Moves one input of `terms` by `factor`.
type Mover = Box<dyn Fn(&mut Terms, Decimal) -> Option<()>>;

/// The rows of the table, in the model's order, each with how it moves its input.
fn movers(account: &Account, terms: &Terms) -> Vec<(String, Mover)> {
    let costs = account.cost_to_serve();
    let cost_items = [
        costs.account_team,
        costs.service,
        costs.customization,
        costs.reference_program,
        costs.other,
    ];
    let acq = account.acquisition();
    let acquisition_items = [acq.tender, acq.free_work, acq.legal, acq.executive];
    let mut rows: Vec<(String, Mover)> = vec![
        (
            "revenue.annual".into(),
            Box::new(|t, f| {
                t.annual = money(t.annual, f)?;
                Some(())
            }),
        ),
        (
            "revenue.growth".into(),
            Box::new(|t, f| {
                t.growth = signed_half(t.growth, f)?;
                Some(())
            }),
        ),
        (
            "revenue.gross_margin".into(),
            Box::new(|t, f| {
                t.margin = share(t.margin, f)?;
                Some(())
            }),
        ),
        (
            "revenue.concession".into(),
            Box::new(|t, f| {
                t.concession = share(t.concession, f)?;
                Some(())
            }),
        ),
        (
            "revenue.price_down".into(),
            Box::new(|t, f| {
                t.price_down = moved(t.price_down, f, Decimal::ZERO, HALF)?;
                Some(())
            }),
        ),
        (
            "revenue.cost_down".into(),
            Box::new(|t, f| {
                t.cost_down = moved(t.cost_down, f, Decimal::ZERO, HALF)?;
                Some(())
            }),
        ),
        (
            "revenue.rebate".into(),
            Box::new(|t, f| {
                t.rebate = share(t.rebate, f)?;
                Some(())
            }),
        ),
        (
            "revenue.scale_savings".into(),
            Box::new(|t, f| {
                t.scale_savings = money(t.scale_savings, f)?;
                Some(())
            }),
        ),
        (
            "cost_to_serve".into(),
            Box::new(move |t, f| {
                t.cost = items(&cost_items, f)?;
                Some(())
            }),
        ),
        (
            "cost_to_serve.inflation".into(),
            Box::new(|t, f| {
                t.inflation = signed_half(t.inflation, f)?;
                Some(())
            }),
        ),
        (
            "payment.days".into(),
            Box::new(|t, f| {
                t.days = moved(t.days, f, Decimal::ZERO, DAYS)?;
                Some(())
            }),
        ),
        (
            "payment.default_rate".into(),
            Box::new(|t, f| {
                t.default_rate = share(t.default_rate, f)?;
                Some(())
            }),
        ),
    ];
    for risk in Risk::ALL {
        let risk = *risk;
        rows.push((
            format!("risk.{}", risk.as_str()),
            Box::new(move |t, f| {
                t.risks[risk] = share(t.risks[risk], f)?;
                Some(())
            }),
        ));
    }
    rows.push((
        "risk.termination_compensation".into(),
        Box::new(|t, f| {
            t.compensation = share(t.compensation, f)?;
            Some(())
        }),
    ));
    rows.push((
        "reference".into(),
        Box::new(|t, f| {
            t.reference = t.reference.times(f)?.max(Decimal::ZERO);
            Some(())
        }),
    ));
    if terms.renewals.is_some() {
        rows.push((
            "contract.retender_probability".into(),
            Box::new(|t, f| {
                let r = t.renewals.as_mut()?;
                r.retender = share(r.retender, f)?;
                Some(())
            }),
        ));
        rows.push((
            "contract.incumbent_win_probability".into(),
            Box::new(|t, f| {
                let r = t.renewals.as_mut()?;
                r.incumbent_wins = share(r.incumbent_wins, f)?;
                Some(())
            }),
        ));
        rows.push((
            "contract.nonrenewal".into(),
            Box::new(|t, f| {
                let r = t.renewals.as_mut()?;
                r.nonrenewal = share(r.nonrenewal, f)?;
                Some(())
            }),
        ));
        rows.push((
            "contract.retender_cost".into(),
            Box::new(|t, f| {
                let r = t.renewals.as_mut()?;
                r.retender_cost = money(r.retender_cost, f)?;
                Some(())
            }),
        ));
    }
    if terms.is_prospect() {
        rows.push((
            "win_probability".into(),
            Box::new(|t, f| {
                t.win_probability = share(t.win_probability, f)?;
                Some(())
            }),
        ));
        rows.push((
            "acquisition".into(),
            Box::new(move |t, f| {
                t.acquisition = items(&acquisition_items, f)?;
                Some(())
            }),
        ));
        rows.push((
            "acquisition.onboarding".into(),
            Box::new(|t, f| {
                t.onboarding = money(t.onboarding, f)?;
                Some(())
            }),
        ));
    }
    rows.push((
        "discount_rate".into(),
        Box::new(|t, f| {
            t.rate = share(t.rate, f)?;
            Some(())
        }),
    ));
    rows
}

/// The input of a row as it is in `terms`.
fn input_at(input: &str, t: &Terms) -> Decimal {
    let renewal = |get: fn(&crate::valuation::Renewals) -> Decimal| {
        t.renewals.as_ref().map(get).unwrap_or_default()
    };
    match input {
        "revenue.annual" => t.annual,
        "revenue.growth" => t.growth,
        "revenue.gross_margin" => t.margin,
        "revenue.concession" => t.concession,
        "revenue.price_down" => t.price_down,
        "revenue.cost_down" => t.cost_down,
        "revenue.rebate" => t.rebate,
        "revenue.scale_savings" => t.scale_savings,
        "cost_to_serve" => t.cost,
        "cost_to_serve.inflation" => t.inflation,
        "payment.days" => t.days,
        "payment.default_rate" => t.default_rate,
        "risk.termination_compensation" => t.compensation,
        "reference" => t.reference,
        "contract.retender_probability" => renewal(|r| r.retender),
        "contract.incumbent_win_probability" => renewal(|r| r.incumbent_wins),
        "contract.nonrenewal" => renewal(|r| r.nonrenewal),
        "contract.retender_cost" => renewal(|r| r.retender_cost),
        "win_probability" => t.win_probability,
        "acquisition" => t.acquisition,
        "acquisition.onboarding" => t.onboarding,
        "discount_rate" => t.rate,
        other => Risk::ALL
            .iter()
            .find(|r| other.strip_prefix("risk.") == Some(r.as_str()))
            .map(|r| t.risks[*r])
            .unwrap_or_default(),
    }
}

/// The sensitivity table of an account under a policy, with the policy's
/// `sensitivity_step`.
///
/// # Errors
///
/// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) if a figure leaves the range
/// of `Decimal`, which the model's input bounds rule out.
pub fn sensitivity(account: &Account, policy: &Policy) -> Result<Sensitivity> {
    table(account, policy).ok_or_else(|| overflow(account, "sensitivity"))
}

fn table(account: &Account, policy: &Policy) -> Option<Sensitivity> {
    let terms = Terms::new(account, policy).ok()?;
    let step = policy.sensitivity_step();
    let down = Decimal::ONE.checked_sub(step)?;
    let up = Decimal::ONE.checked_add(step)?;
    let mut rows = Vec::new();
    for (input, mover) in movers(account, &terms) {
        let mut low = terms.clone();
        mover(&mut low, down)?;
        let mut high = terms.clone();
        mover(&mut high, up)?;
        let minus = low.value()?;
        let plus = high.value()?;
        rows.push(SensitivityRow {
            at: input_at(&input, &terms),
            input,
            minus,
            plus,
            swing: plus.checked_sub(minus)?.abs(),
        });
    }
    // A stable sort keeps equal swings in the model's order.
    rows.sort_by_key(|row| std::cmp::Reverse(row.swing));
    Some(Sensitivity {
        step,
        value: terms.value()?,
        rows,
    })
}
