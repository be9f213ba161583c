//! The verdict, and the explanation that comes with every verdict.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::account::Account;
use crate::error::Result;
use crate::exact::{self, Times};
use crate::policy::{Hurdle, Policy};
use crate::valuation::{Lifetime, Rates, Terms, overflow};
use crate::words::{Currency, Lever, Risk, Stage, Verdict, Word};

/// The value's parts, each a present value in the account's currency. Their sum is
/// [`Evaluation::value`], exactly. For a prospect every part but `acquisition` is
/// scaled by the win probability and the sales-cycle delay, P δ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Components {
    /// Σ d_t a_t s K_t: margin on billed sales.
    pub contribution: Decimal,
    /// Σ d_t a_t s S_t.
    pub scale_savings: Decimal,
    /// Σ d_t a_t s V_ref.
    pub reference: Decimal,
    /// −Σ d_t a_t s F_t.
    pub financing: Decimal,
    /// −Σ d_t a_t s B_t.
    pub bad_debt: Decimal,
    /// Σ d_t a_t h k N_t.
    pub compensation: Decimal,
    /// −Σ d_t a_t C_t.
    pub cost_to_serve: Decimal,
    /// −Σ v^t z_t a_t s θ T: bidding in re-tenders at renewals.
    pub retender: Decimal,
    /// −P δ O for prospects; 0 for active accounts.
    pub onboarding: Decimal,
    /// −A for prospects (spent now, win or lose); 0 for active accounts.
    pub acquisition: Decimal,
}

impl Components {
    /// The components with their column names, in the result file's order.
    #[must_use]
    pub fn named(&self) -> [(&'static str, Decimal); 10] {
        [
            ("contribution", self.contribution),
            ("scale_savings", self.scale_savings),
            ("reference", self.reference),
            ("financing", self.financing),
            ("bad_debt", self.bad_debt),
            ("compensation", self.compensation),
            ("cost_to_serve", self.cost_to_serve),
            ("retender", self.retender),
            ("onboarding", self.onboarding),
            ("acquisition", self.acquisition),
        ]
    }

    /// The sum of the ten parts, `None` on overflow.
    #[must_use]
    pub fn total(&self) -> Option<Decimal> {
        self.named()
            .iter()
            .try_fold(Decimal::ZERO, |sum, (_, x)| exact::add(sum, *x))
    }
}

/// One termination risk and its effective yearly probability q_k.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Driver {
    /// The risk.
    pub risk: Risk,
    /// Its yearly probability after relationship mitigation.
    pub probability: Decimal,
}

/// How far each lever must move for the value to reach the hurdle. A figure is
/// `None` where the model says it is absent (undefined, or larger than 10^6 in
/// size: no realistic change reaches the hurdle).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BreakEven {
    /// (η − V) / PVC: share of cost to serve to remove; ≤ 0 means headroom.
    pub cost_cut_to_hurdle: Option<Decimal>,
    /// The concession c at which V = η, all else held.
    pub concession_to_hurdle: Option<Decimal>,
    /// (η + A) / (δ (LV − O)), prospects only.
    pub win_probability_to_hurdle: Option<Decimal>,
    /// η − V, for the strategic verdicts only: what keeping the image costs.
    pub subsidy: Option<Decimal>,
}

/// The answer for one account: verdict, value and the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Evaluation {
    /// The account's id.
    pub id: String,
    /// The account's name.
    pub name: String,
    /// The currency of every amount here.
    pub currency: Currency,
    /// Prospect or active.
    pub stage: Stage,
    /// What to do.
    pub verdict: Verdict,
    /// For `restructure`: which lever reaches the hurdle on its own.
    pub lever: Option<Lever>,
    /// V: the sum of the components.
    pub value: Decimal,
    /// η for this account's currency.
    pub hurdle: Decimal,
    /// The value's parts.
    pub components: Components,
    /// s: probability the contract survives a year of events.
    pub annual_survival: Decimal,
    /// 1 − h_R: probability the contract survives a renewal; `None` without a term.
    pub renewal_survival: Option<Decimal>,
    /// Σ_{t=1..H} a_t s.
    pub expected_years: Decimal,
    /// κ: weighted share of the decision unit with a working contact.
    pub coverage: Decimal,
    /// P, prospects only.
    pub win_probability: Option<Decimal>,
    /// δ, prospects only.
    pub delay_factor: Option<Decimal>,
    /// LV − O: what a prospect is worth if won, before the P δ scaling; `None`
    /// for an active account (whose value is `value`).
    pub value_if_won: Option<Decimal>,
    /// PVC: present value of cost to serve (× P δ for prospects).
    pub cost_to_serve_pv: Decimal,
    /// dV/dc: how the value moves with the concession (× P δ for prospects).
    pub concession_slope: Decimal,
    /// All seven risks, largest effective probability first.
    pub drivers: Vec<Driver>,
    /// The largest driver, `None` when every risk is 0.
    pub top_risk: Option<Risk>,
    /// Break-even figures.
    pub break_even: BreakEven,
    /// Valid but suspicious input, scored as given.
    pub warnings: Vec<String>,
}

/// Ratios larger than this in size are reported as absent: no realistic change
/// reaches the hurdle.
const RATIO_LIMIT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Rates from here up draw a warning: probably a percentage written as a number.
const SUSPICIOUS_RATE: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

fn bounded(ratio: Option<Decimal>) -> Option<Decimal> {
    ratio.filter(|r| r.abs() <= RATIO_LIMIT)
}

/// Zero without a sign, so that no figure reads `-0`.
fn positive_zero(x: Decimal) -> Decimal {
    if x.is_zero() { Decimal::ZERO } else { x }
}

/// Evaluates one account under a policy.
///
/// # Errors
///
/// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) if a figure leaves the range
/// of `Decimal`; with the model's input bounds (which validation enforces) this
/// does not happen.
///
/// # Examples
///
/// ```
/// use keyaccount::{evaluate, Account, Currency, Policy, Stage, Verdict};
/// use rust_decimal::Decimal;
///
/// let account = Account::builder("A-17", Currency::EUR, Stage::Active)
///     .revenue(Decimal::new(1_200_000, 0), Decimal::new(3, 1))
///     .build()?;
/// let result = evaluate(&account, &Policy::default())?;
/// assert_eq!(result.verdict, Verdict::Retain);
/// assert_eq!(result.components.total(), Some(result.value));
/// # Ok::<(), keyaccount::Error>(())
/// ```
pub fn evaluate(account: &Account, policy: &Policy) -> Result<Evaluation> {
    let terms = Terms::new(account, policy)?;
    let explained = terms
        .rates()
        .and_then(|rates| Some((terms.lifetime(&rates)?, rates)))
        .and_then(|(lifetime, rates)| explain(account, policy, &terms, &rates, &lifetime));
    explained.ok_or_else(|| overflow(account, "value"))
}

fn explain(
    account: &Account,
    policy: &Policy,
    terms: &Terms,
    rates: &Rates,
    lv: &Lifetime,
) -> Option<Evaluation> {
    let prospect = terms.is_prospect();
    let scale = if prospect {
        terms.win_probability.times(rates.delay)?
    } else {
        Decimal::ONE
    };
    let scaled = |x: Decimal| x.times(scale).map(positive_zero);
    let components = Components {
        contribution: scaled(lv.contribution)?,
        scale_savings: scaled(lv.scale_savings)?,
        reference: scaled(lv.reference)?,
        financing: scaled(lv.financing)?,
        bad_debt: scaled(lv.bad_debt)?,
        compensation: scaled(lv.compensation)?,
        cost_to_serve: scaled(lv.cost_to_serve)?,
        retender: scaled(lv.retender)?,
        onboarding: scaled(Decimal::ZERO.checked_sub(terms.onboarding)?)?,
        acquisition: positive_zero(-terms.acquisition),
    };
    let value = positive_zero(components.total()?);
    let hurdle = policy.hurdle().for_currency(account.currency());
    let pvc = lv.pvc.times(scale)?;
    let slope = lv.concession_slope.times(scale)?;
    let gap = hurdle.checked_sub(value)?;

    // (η − V) / PVC ≤ φ, multiplied out: PVC > 0 here.
    let cost_lever = pvc > Decimal::ZERO && gap <= policy.max_cost_cut().times(pvc)?;
    // (η − V) / (−dV/dc) ≤ min(ψ, c), multiplied out: −dV/dc > 0 here.
    let feasible_cut = policy.max_concession_cut().min(terms.concession);
    let concession_lever =
        slope < Decimal::ZERO && gap <= feasible_cut.times(Decimal::ZERO.checked_sub(slope)?)?;
    let verdict = match account.stage() {
        Stage::Prospect if value >= hurdle => Verdict::Pursue,
        Stage::Prospect if account.image_critical() => Verdict::PursueStrategic,
        Stage::Prospect => Verdict::Decline,
        _ if value >= hurdle => Verdict::Retain,
        _ if cost_lever || concession_lever => Verdict::Restructure,
        _ if account.image_critical() => Verdict::RetainStrategic,
        _ => Verdict::Release,
    };
    let lever = match (verdict, cost_lever, concession_lever) {
        (Verdict::Restructure, true, true) => Some(Lever::Both),
        (Verdict::Restructure, true, false) => Some(Lever::CostToServe),
        (Verdict::Restructure, false, true) => Some(Lever::Concession),
        _ => None,
    };

    let concession_to_hurdle = if slope.is_zero() {
        None
    } else {
        gap.checked_div(slope)
            .and_then(|step| terms.concession.checked_add(step))
    };
    // LV − O, only a prospect's: an active account's value is its components' sum.
    let won = if prospect {
        Some(lv.value()?.checked_sub(terms.onboarding)?)
    } else {
        None
    };
    let win_probability_to_hurdle = if let Some(won) = won {
        let denominator = rates.delay.times(won)?;
        if denominator > Decimal::ZERO {
            hurdle
                .checked_add(terms.acquisition)?
                .checked_div(denominator)
        } else {
            None
        }
    } else {
        None
    };
    let break_even = BreakEven {
        cost_cut_to_hurdle: bounded(if pvc.is_zero() {
            None
        } else {
            gap.checked_div(pvc)
        }),
        concession_to_hurdle: bounded(concession_to_hurdle),
        win_probability_to_hurdle: bounded(win_probability_to_hurdle),
        subsidy: matches!(verdict, Verdict::PursueStrategic | Verdict::RetainStrategic)
            .then_some(gap),
    };

    let mut drivers: Vec<Driver> = rates
        .effective
        .iter()
        .map(|(risk, probability)| Driver {
            risk,
            probability: *probability,
        })
        .collect();
    // Sorted on 20 decimals, so that digits past any shown precision do not
    // reorder equal risks; a stable sort keeps ties in the model's table order.
    drivers.sort_by_cached_key(|d| std::cmp::Reverse(exact::units(d.probability, 20)));
    let top_risk = drivers
        .first()
        .filter(|d| exact::units(d.probability, 20) != 0)
        .map(|d| d.risk);

    Some(Evaluation {
        id: account.id().to_owned(),
        name: account.name().to_owned(),
        currency: account.currency(),
        stage: account.stage(),
        verdict,
        lever,
        value,
        hurdle,
        components,
        annual_survival: rates.survival,
        renewal_survival: match rates.renewal_loss {
            Some(loss) => Some(Decimal::ONE.checked_sub(loss)?),
            None => None,
        },
        expected_years: lv.expected_years,
        coverage: terms.coverage,
        win_probability: prospect.then_some(terms.win_probability),
        delay_factor: prospect.then_some(rates.delay),
        value_if_won: won,
        cost_to_serve_pv: pvc,
        concession_slope: slope,
        drivers,
        top_risk,
        break_even,
        warnings: warnings(account, policy),
    })
}

/// Valid input that is probably not what was meant: a rate of 0.5 or more where
/// a percentage may have been written as a number, inputs of the other stage,
/// and a hurdle map without the account's currency.
fn warnings(account: &Account, policy: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    let mut rate = |field: &dyn std::fmt::Display, value: Decimal| {
        if value >= SUSPICIOUS_RATE {
            let percent = value * Decimal::ONE_HUNDRED;
            let meant = value / Decimal::ONE_HUNDRED;
            out.push(format!(
                "{field} is {} ({} %); write {} for {} %",
                value.normalize(),
                percent.normalize(),
                meant.normalize(),
                value.normalize()
            ));
        }
    };
    rate(&"payment.default_rate", account.payment().default_rate);
    rate(&"revenue.concession", account.revenue().concession);
    rate(&"revenue.price_down", account.revenue().price_down);
    for (risk, p) in account.risk().probabilities.iter() {
        // The path is only formatted for a warning.
        rate(&format_args!("risk.{}", risk.as_str()), *p);
    }
    match account.stage() {
        Stage::Active => {
            let a = account.acquisition();
            if a.total() > Decimal::ZERO || a.onboarding > Decimal::ZERO {
                out.push("acquisition is given for an active account: ignored".to_owned());
            }
            let p = account.pursuit();
            if p.win_probability.is_some()
                || p.competitors > 0
                || p.sales_cycle_months > 0
                || p.evidence.values().any(|e| *e)
            {
                out.push("pursuit is given for an active account: ignored".to_owned());
            }
        }
        _ => {
            if account.contract().is_some_and(|c| c.years_elapsed > 0) {
                out.push("contract.years_elapsed is given for a prospect: ignored".to_owned());
            }
        }
    }
    if let Hurdle::PerCurrency(map) = policy.hurdle() {
        if !map.contains_key(&account.currency()) {
            out.push(format!("no hurdle set for {}: 0 used", account.currency()));
        }
    }
    out
}
