//! The verdict, and the explanation that comes with every verdict.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::account::Account;
use crate::error::{Error, ErrorKind, Result};
use crate::policy::Policy;
use crate::valuation::{Factors, Lifetime};
use crate::words::{Currency, Risk, Stage, Verdict};

/// The value's parts, each a present value in the account's currency. Their sum is
/// [`Evaluation::value`], exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Components {
    /// Σ v^t s^t K_t (× P δ for prospects).
    pub contribution: Decimal,
    /// Σ v^t s^t S.
    pub scale_savings: Decimal,
    /// Σ v^t s^t V_ref.
    pub reference: Decimal,
    /// −Σ v^t s^t F_t.
    pub financing: Decimal,
    /// −Σ v^t s^t B_t.
    pub bad_debt: Decimal,
    /// Σ v^t s^(t−1) h k N_t.
    pub compensation: Decimal,
    /// −Σ v^t s^(t−1) C.
    pub cost_to_serve: Decimal,
    /// −A for prospects (spent now, win or lose); 0 for active accounts.
    pub acquisition: Decimal,
}

impl Components {
    /// The components with their column names, in the result file's order.
    #[must_use]
    pub fn named(&self) -> [(&'static str, Decimal); 8] {
        [
            ("contribution", self.contribution),
            ("scale_savings", self.scale_savings),
            ("reference", self.reference),
            ("financing", self.financing),
            ("bad_debt", self.bad_debt),
            ("compensation", self.compensation),
            ("cost_to_serve", self.cost_to_serve),
            ("acquisition", self.acquisition),
        ]
    }

    /// The sum of the eight parts, `None` on overflow.
    #[must_use]
    pub fn total(&self) -> Option<Decimal> {
        self.named()
            .iter()
            .try_fold(Decimal::ZERO, |sum, (_, x)| sum.checked_add(*x))
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
/// `None` where the model says it is absent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BreakEven {
    /// (η − V) / PVC: share of cost to serve to remove; ≤ 0 means headroom.
    pub cost_cut_to_hurdle: Option<Decimal>,
    /// The concession c at which V = η, all else held.
    pub concession_to_hurdle: Option<Decimal>,
    /// (η + A) / (δ LV), prospects only.
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
    /// V: the sum of the components.
    pub value: Decimal,
    /// η for this account's currency.
    pub hurdle: Decimal,
    /// The value's parts.
    pub components: Components,
    /// s: probability the contract survives a year.
    pub annual_survival: Decimal,
    /// Σ_{t=1..H} s^t.
    pub expected_years: Decimal,
    /// κ: weighted share of the decision unit with a working contact.
    pub coverage: Decimal,
    /// P, prospects only.
    pub win_probability: Option<Decimal>,
    /// δ, prospects only.
    pub delay_factor: Option<Decimal>,
    /// PVC: present value of cost to serve (× P δ for prospects).
    pub cost_to_serve_pv: Decimal,
    /// All seven risks, largest effective probability first.
    pub drivers: Vec<Driver>,
    /// Break-even figures.
    pub break_even: BreakEven,
}

/// Ratios larger than this in size are reported as absent: no realistic change
/// reaches the hurdle.
const RATIO_LIMIT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

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
/// [`ErrorKind::Overflow`] if a figure leaves the range of `Decimal`; with the
/// model's input bounds (which validation enforces) this does not happen.
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
    let factors = Factors::new(account, policy)?;
    let lifetime = factors.lifetime(account, policy)?;
    explain(account, policy, &factors, &lifetime).ok_or_else(|| {
        Error::new(ErrorKind::Overflow {
            id: account.id().to_owned(),
            quantity: "value",
        })
    })
}

fn explain(account: &Account, policy: &Policy, f: &Factors, lv: &Lifetime) -> Option<Evaluation> {
    let scale = match f.pursuit {
        Some((p, delay)) => p.checked_mul(delay)?,
        None => Decimal::ONE,
    };
    let scaled = |x: Decimal| x.checked_mul(scale).map(positive_zero);
    let components = Components {
        contribution: scaled(lv.contribution)?,
        scale_savings: scaled(lv.scale_savings)?,
        reference: scaled(lv.reference)?,
        financing: scaled(lv.financing)?,
        bad_debt: scaled(lv.bad_debt)?,
        compensation: scaled(lv.compensation)?,
        cost_to_serve: scaled(lv.cost_to_serve)?,
        acquisition: positive_zero(-f.acquisition),
    };
    let value = positive_zero(components.total()?);
    let hurdle = policy.hurdle().for_currency(account.currency());
    let pvc = lv.pvc.checked_mul(scale)?;
    let gap = hurdle.checked_sub(value)?;

    let verdict = match account.stage() {
        Stage::Prospect if value >= hurdle => Verdict::Pursue,
        Stage::Prospect if account.image_critical() => Verdict::PursueStrategic,
        Stage::Prospect => Verdict::Decline,
        _ if value >= hurdle => Verdict::Retain,
        // (η − V) / PVC ≤ φ, multiplied out: PVC > 0 here.
        _ if pvc > Decimal::ZERO && gap <= policy.max_cost_cut().checked_mul(pvc)? => {
            Verdict::Restructure
        }
        _ if account.image_critical() => Verdict::RetainStrategic,
        _ => Verdict::Release,
    };

    let slope = lv.concession_slope.checked_mul(scale)?;
    let concession_to_hurdle = if slope.is_zero() {
        None
    } else {
        gap.checked_div(slope)
            .and_then(|step| account.revenue().concession.checked_add(step))
    };
    let win_probability_to_hurdle = match f.pursuit {
        Some((_, delay)) => {
            let denominator = delay.checked_mul(lv.value()?)?;
            if denominator > Decimal::ZERO {
                hurdle.checked_add(f.acquisition)?.checked_div(denominator)
            } else {
                None
            }
        }
        None => None,
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

    let mut drivers: Vec<Driver> = f
        .effective
        .iter()
        .map(|(risk, probability)| Driver {
            risk,
            probability: *probability,
        })
        .collect();
    // A stable sort keeps ties in the model's table order.
    drivers.sort_by_key(|d| std::cmp::Reverse(d.probability));

    Some(Evaluation {
        id: account.id().to_owned(),
        name: account.name().to_owned(),
        currency: account.currency(),
        stage: account.stage(),
        verdict,
        value,
        hurdle,
        components,
        annual_survival: f.survival,
        expected_years: lv.expected_years,
        coverage: f.coverage,
        win_probability: f.pursuit.map(|(p, _)| p),
        delay_factor: f.pursuit.map(|(_, d)| d),
        cost_to_serve_pv: pvc,
        drivers,
        break_even,
    })
}
