//! The verdict, and the explanation that comes with every verdict.
//!
//! The verdict compares the value with the account's bar: the effective hurdle
//! (the policy's amount, or more for a large account or a costly pursuit) and, for
//! an active account, what releasing it would still cost. Below the bar, an
//! active account is revalued with each lever at its limit and with the balanced
//! package of all three; the break-even figures are found by Newton's iteration
//! on the revalued account (see [`crate::model`]).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::account::Account;
use crate::error::Result;
use crate::exact::{self, Times};
use crate::policy::{Hurdle, Policy};
use crate::valuation::{Levers as Moves, Lifetime, Moved, Rates, Slope, Terms, Walked, overflow};
use crate::words::{Coverage, Currency, Lever, Levers, Risk, Stage, Verdict, Word};

/// The value's parts, each a present value in the account's currency. Their sum is
/// [`Evaluation::value`], exactly. For a prospect every part but `acquisition` is
/// scaled by the win probability and the sales-cycle delay, P δ. Each is summed
/// over the years the supplier supplies (to the exit year, if it stops).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Components {
    /// Σ d_t a_t s_t K_t: margin on billed sales.
    pub contribution: Decimal,
    /// Σ d_t a_t s_t S_t.
    pub scale_savings: Decimal,
    /// Σ d_t a_t s_t V_ref.
    pub reference: Decimal,
    /// −Σ d_t a_t s_t F_t.
    pub financing: Decimal,
    /// −Σ d_t a_t s_t B_t.
    pub bad_debt: Decimal,
    /// −Σ v^t / (1 + r ℓ / 365) a_t s_t Q_t: off-invoice rebates paid after the year.
    pub rebate: Decimal,
    /// Σ d_t a_t h_t k N_t.
    pub compensation: Decimal,
    /// −Σ d_t a_t C_t.
    pub cost_to_serve: Decimal,
    /// Costs that stay after the relationship ends inside the horizon, whoever
    /// ends it: the client during a year, a lost renewal, or the supplier's exit.
    pub stranded: Decimal,
    /// Bidding in re-tenders at renewals, each bid's share inside the horizon.
    pub retender: Decimal,
    /// −P δ O for prospects; 0 for active accounts.
    pub onboarding: Decimal,
    /// −A for prospects (spent now, win or lose); 0 for active accounts.
    pub acquisition: Decimal,
}

impl Components {
    /// The components with their column names, in the result file's order.
    #[must_use]
    pub fn named(&self) -> [(&'static str, Decimal); 12] {
        [
            ("contribution", self.contribution),
            ("scale_savings", self.scale_savings),
            ("reference", self.reference),
            ("financing", self.financing),
            ("bad_debt", self.bad_debt),
            ("rebate", self.rebate),
            ("compensation", self.compensation),
            ("cost_to_serve", self.cost_to_serve),
            ("stranded", self.stranded),
            ("retender", self.retender),
            ("onboarding", self.onboarding),
            ("acquisition", self.acquisition),
        ]
    }

    /// The sum of the twelve parts, `None` on overflow.
    #[must_use]
    pub fn total(&self) -> Option<Decimal> {
        self.named()
            .iter()
            .try_fold(Decimal::ZERO, |sum, (_, x)| exact::add(sum, *x))
    }

    /// Σ |component|: the size that sets the model's tolerance.
    fn size(&self) -> Option<Decimal> {
        self.named()
            .iter()
            .try_fold(Decimal::ZERO, |sum, (_, x)| sum.checked_add(x.abs()))
    }
}

/// One cause of termination and its effective probability: a yearly risk q_k,
/// or a dated event p̂_j with its month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Driver {
    /// The cause.
    pub risk: Risk,
    /// Its probability after relationship mitigation: yearly for a risk, once
    /// for an event.
    pub probability: Decimal,
    /// The month of a dated event; `None` for a yearly risk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
}

impl std::fmt::Display for Driver {
    /// The risk's name, and for an event its month: `ownership_change (month 6)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.month {
            Some(month) => write!(f, "{} (month {month})", self.risk),
            None => f.write_str(self.risk.as_str()),
        }
    }
}

/// How far each lever must move for the value to reach the account's bar. A
/// figure is `None` where the model says it is absent (no slope, an iteration
/// that does not end, or larger than 10^6 in size: no realistic change reaches
/// the bar).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BreakEven {
    /// The share of cost to serve to remove; ≤ 0 means headroom.
    pub cost_cut_to_hurdle: Option<Decimal>,
    /// The concession c at which the value reaches the bar, all else held.
    pub concession_to_hurdle: Option<Decimal>,
    /// The agreed payment days to remove (a figure above the agreed days means
    /// that even payment on delivery does not reach the bar).
    pub terms_cut_to_hurdle: Option<Decimal>,
    /// The least share ξ (in steps of 1/10000) of the balanced package that
    /// reaches the bar: 0 when the account already does, `None` when the whole
    /// package does not, and for a prospect.
    pub package_to_hurdle: Option<Decimal>,
    /// (η_k + A) / (δ (LV − O)), prospects only.
    pub win_probability_to_hurdle: Option<Decimal>,
    /// η_k − V, for the strategic verdicts only: what keeping the image costs.
    pub subsidy: Option<Decimal>,
}

/// The balanced package at its share ξ*, in the levers' own units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Package {
    /// ξ*: the share of each lever's feasible range.
    pub share: Decimal,
    /// Points of list price taken off the concession (0.0082 is 0.82 points).
    pub concession_cut: Decimal,
    /// The share of cost to serve removed.
    pub cost_cut: Decimal,
    /// Agreed payment days removed.
    pub terms_cut: Decimal,
    /// The value with the package applied, V_pkg(ξ*).
    pub value: Decimal,
}

/// The answer for one account: verdict, value and the explanation.
///
/// # JSON
///
/// `Serialize` writes the one JSON shape of an evaluation, the object that
/// `write::JsonWriter` (feature `io`) writes (and `evaluate --json`
/// prints), and `Deserialize` reads it back into an equal evaluation. One flat
/// object: `"model": "3"` first, then the result CSV's columns in order
/// ([`RESULT_COLUMNS`](crate::flat::RESULT_COLUMNS)), every figure a string at
/// full precision (trailing zeros dropped), an absent figure `null`, `exit_year`
/// a number, `lever` and `top_risk` their words, `warnings` a list and `error`
/// `null`; then `delay_factor`, `drivers` (a list of `{"risk", "probability"}`,
/// with `"month"` for a dated event, largest first), `bar`, `exit_gain`,
/// `value_if_won`, `cost_to_serve_pv`, `concession_slope` and `package`
/// (`{"share", "concession_cut", "cost_cut", "terms_cut", "value"}` or `null`).
///
/// ```
/// use keyaccount::{evaluate, Account, Currency, Evaluation, Policy, Stage};
/// use rust_decimal::Decimal;
///
/// let account = Account::builder("A-17", Currency::EUR, Stage::Active)
///     .revenue(Decimal::new(1_200_000, 0), Decimal::new(30, 2))
///     .build()?;
/// let evaluation = evaluate(&account, &Policy::default())?;
/// # #[cfg(feature = "io")] {
/// let json = serde_json::to_string(&evaluation).unwrap_or_default();
/// assert!(json.starts_with(r#"{"model":"3","id":"A-17","name":"","currency":"EUR","#));
/// let back: Evaluation = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
/// assert_eq!(back, evaluation);
/// # }
/// # Ok::<(), keyaccount::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// For `restructure`: the levers that reach the bar each on its own, or the
    /// package when none does.
    pub lever: Option<Levers>,
    /// V: the sum of the components.
    pub value: Decimal,
    /// η_e: the effective hurdle, the strictest of the policy's amount for this
    /// currency and the `hurdle_per_*` bars.
    pub hurdle: Decimal,
    /// V_rel: the value of releasing an active account now (the costs that stay,
    /// negative or 0); `None` for a prospect.
    pub release_value: Option<Decimal>,
    /// η_k = η_e + V_rel: the bar the value must reach (η_e for a prospect).
    pub bar: Decimal,
    /// E: the year at whose end the supplier stops supplying; `None` when it
    /// supplies the whole horizon.
    pub exit_year: Option<u32>,
    /// out_E − cont_E: what stopping at the exit year is worth against going on
    /// (supplying on, and stopping again later where that pays), a present value,
    /// × P δ for a prospect: how much less going on would be worth.
    pub exit_gain: Option<Decimal>,
    /// The value's parts.
    pub components: Components,
    /// s: probability the contract survives a year of yearly risks.
    pub annual_survival: Decimal,
    /// 1 − h_R: probability the contract survives a renewal; `None` without a term.
    pub renewal_survival: Option<Decimal>,
    /// Σ_{t=1..E} a_t s_t: the expected years supplied.
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
    /// PVC: present value of cost to serve over the years supplied (× P δ for
    /// prospects).
    pub cost_to_serve_pv: Decimal,
    /// dV/dc: how the value moves with the concession (× P δ for prospects).
    pub concession_slope: Decimal,
    /// The seven yearly risks and every dated event inside the horizon, largest
    /// effective probability first.
    pub drivers: Vec<Driver>,
    /// The largest driver, `None` when every probability is 0.
    pub top_risk: Option<Driver>,
    /// Break-even figures.
    pub break_even: BreakEven,
    /// The balanced package at `package_to_hurdle`, when that share is above 0.
    pub package: Option<Package>,
    /// Valid but suspicious input, scored as given.
    pub warnings: Vec<String>,
}

/// Figures larger than this in size are reported as absent: no realistic change
/// reaches the bar.
const RATIO_LIMIT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Newton's iterates larger than this in size end the iteration without a figure.
const ITERATE_LIMIT: Decimal = Decimal::from_parts(0xD4A5_1000, 0xE8, 0, false, 0);

/// The model's absolute tolerance, 10^-6.
const EPSILON: Decimal = Decimal::from_parts(1, 0, 0, false, 6);

/// The model's relative tolerance, 10^-22 of Σ |components|.
const RELATIVE_EPSILON: Decimal = Decimal::from_parts(1, 0, 0, false, 22);

/// The package's share is found in steps of 1/10000.
const PACKAGE_STEPS: u32 = 10_000;

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
    explain(account, policy, &terms).ok_or_else(|| overflow(account, "value"))
}

/// The value of an account with the balanced package at share `share` applied:
/// every lever moved by that share of its feasible range (the concession down by
/// `share × min(ψ, c)`, every cost-to-serve item by `share × φ`, the agreed payment
/// days by `share × min(χ, terms days)`, a real number of days), valued again in
/// full, exit option included (the same arithmetic as the verdict's, so it may
/// differ from [`Evaluation::value`] in the last of its 28 digits). At
/// [`BreakEven::package_to_hurdle`] it reaches the account's bar, and one step of
/// 1/10000 less does not.
///
/// # Errors
///
/// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) if a figure leaves the range
/// of `Decimal`, which a share outside `0..=1` far enough out can cause.
///
/// # Examples
///
/// ```
/// use keyaccount::{evaluate, package_value, Account, Currency, Policy, Stage};
/// use rust_decimal::Decimal;
///
/// let account = Account::builder("A-9", Currency::EUR, Stage::Active)
///     .revenue(Decimal::new(2_000_000, 0), Decimal::new(20, 2))
///     .concession(Decimal::new(8, 2))
///     .service(Decimal::new(300_000, 0))
///     .terms_days(90)
///     .build()?;
/// let policy = Policy::default();
/// let now = evaluate(&account, &policy)?.value;
/// // No package is the account as it is (to the model's tolerance, 10^-6).
/// let none = package_value(&account, &policy, Decimal::ZERO)?;
/// assert!((none - now).abs() < Decimal::new(1, 6));
/// assert!(package_value(&account, &policy, Decimal::ONE)? > now);
/// # Ok::<(), keyaccount::Error>(())
/// ```
pub fn package_value(account: &Account, policy: &Policy, share: Decimal) -> Result<Decimal> {
    let terms = Terms::new(account, policy)?;
    let value = || -> Option<Decimal> {
        let rates = terms.rates()?;
        let walked = terms.walked(&rates)?;
        let range = feasible(&terms, policy);
        let moves = Moves {
            cost: Decimal::ONE.checked_sub(share.times(range.cost)?)?,
            concession: terms
                .concession
                .checked_sub(share.times(range.concession)?)?,
            days_removed: share.times(range.days_removed)?,
        };
        let lifetime = walked.moved(&moves)?.lifetime;
        if terms.is_prospect() {
            terms
                .scale(&rates)?
                .times(lifetime.checked_sub(terms.onboarding)?)?
                .checked_sub(terms.acquisition)
        } else {
            Some(lifetime)
        }
    };
    value().ok_or_else(|| overflow(account, "package value"))
}

/// Each lever's feasible range: cost to serve by φ (nothing without cost to
/// serve), the concession by min(ψ, c), the agreed days by min(χ, terms days).
fn feasible(terms: &Terms, policy: &Policy) -> Moves {
    Moves {
        cost: if terms.cost.is_zero() {
            Decimal::ZERO
        } else {
            policy.max_cost_cut()
        },
        concession: policy.max_concession_cut().min(terms.concession),
        days_removed: Decimal::from(policy.max_terms_cut().min(terms.agreed_days)),
    }
}

/// An account's valuations with its levers moved, against its bar.
struct Valuer<'a> {
    terms: &'a Terms,
    rates: Rates,
    walked: Walked,
    scale: Decimal,
    bar: Decimal,
    /// V and Σ |components| as the account is.
    value: Decimal,
    size: Decimal,
}

/// One revaluation: the value, its slopes and the tolerance there.
struct Revalued {
    value: Decimal,
    moved: Moved,
    epsilon: Decimal,
}

impl Valuer<'_> {
    fn components(&self, lv: &Lifetime) -> Option<Components> {
        components(self.terms, self.scale, lv)
    }

    /// V from a lifetime value: `P δ (LV − O) − A` for a prospect.
    fn scaled_value(&self, lifetime: Decimal) -> Option<Decimal> {
        if self.terms.is_prospect() {
            self.scale
                .times(lifetime.checked_sub(self.terms.onboarding)?)?
                .checked_sub(self.terms.acquisition)
        } else {
            Some(lifetime)
        }
    }

    /// The account valued again in full with its levers at `moves`. The
    /// tolerance there is the model's, with the components' size estimated as
    /// it is plus the value's change (a lever can move the components by more
    /// than the value, so this tolerance can be a little tighter than the model's,
    /// never looser; at 10^-22 of the size it changes no figure shown).
    fn value(&self, moves: &Moves) -> Option<Revalued> {
        let lifetime = self.walked.moved(moves)?;
        let value = self.scaled_value(lifetime.lifetime)?;
        let size = self
            .size
            .checked_add(value.checked_sub(self.value)?.abs())?;
        Some(Revalued {
            value,
            moved: lifetime,
            epsilon: EPSILON.max(size.times(RELATIVE_EPSILON)?),
        })
    }

    fn reaches(&self, moves: &Moves) -> Option<bool> {
        Some(self.value(moves)?.value >= self.bar)
    }

    /// The root of V(x) = η_k by Newton's iteration from `start`, where the
    /// account as it is stands, the slope taken with the years supplied at x
    /// held. `None` where the model says the figure is absent.
    fn newton(
        &self,
        start: Decimal,
        as_is: &Revalued,
        moves: impl Fn(Decimal) -> Moves,
        slope: Slope,
    ) -> Option<Decimal> {
        let mut x = start;
        for step in 0..=self.terms.horizon + 1 {
            let there;
            let at = if step == 0 {
                as_is
            } else {
                there = self.value(&moves(x))?;
                &there
            };
            let gap = at.value.checked_sub(self.bar)?;
            if gap.abs() <= at.epsilon {
                return bounded(Some(x));
            }
            let slope = self.walked.slope(&at.moved, slope)?.times(self.scale)?;
            if slope.is_zero() {
                return None;
            }
            x = x.checked_sub(gap.checked_div(slope)?)?;
            if x.abs() > ITERATE_LIMIT {
                return None;
            }
        }
        None
    }

    /// The package at share ξ: every lever moved by ξ of its feasible range.
    fn package(&self, share: Decimal, range: &Moves) -> Option<Moves> {
        Some(Moves {
            cost: Decimal::ONE.checked_sub(share.times(range.cost)?)?,
            concession: self
                .terms
                .concession
                .checked_sub(share.times(range.concession)?)?,
            days_removed: share.times(range.days_removed)?,
        })
    }
}

/// The components of a lifetime value, each scaled by `scale` (P δ for a
/// prospect, 1 otherwise).
fn components(terms: &Terms, scale: Decimal, lv: &Lifetime) -> Option<Components> {
    let scaled = |x: Decimal| x.times(scale).map(positive_zero);
    let prospect = terms.is_prospect();
    Some(Components {
        contribution: scaled(lv.contribution)?,
        scale_savings: scaled(lv.scale_savings)?,
        reference: scaled(lv.reference)?,
        financing: scaled(lv.financing)?,
        bad_debt: scaled(lv.bad_debt)?,
        rebate: scaled(lv.rebate)?,
        compensation: scaled(lv.compensation)?,
        cost_to_serve: scaled(lv.cost_to_serve)?,
        stranded: scaled(lv.stranded)?,
        retender: scaled(lv.retender)?,
        onboarding: if prospect {
            scaled(Decimal::ZERO.checked_sub(terms.onboarding)?)?
        } else {
            Decimal::ZERO
        },
        acquisition: positive_zero(-terms.acquisition),
    })
}

/// V alone, exactly as [`evaluate`] computes it (the sum of the components),
/// without the verdict's revaluations and break-even figures: what the
/// negotiation desk needs of each change alone and each give-get step.
pub(crate) fn value_only(account: &Account, policy: &Policy) -> Result<Decimal> {
    let terms = Terms::new(account, policy)?;
    let value = || -> Option<Decimal> {
        let rates = terms.rates()?;
        let scale = terms.scale(&rates)?;
        let lv = terms.walked(&rates)?.lifetime()?;
        Some(positive_zero(components(&terms, scale, &lv)?.total()?))
    };
    value().ok_or_else(|| overflow(account, "value"))
}

fn explain(account: &Account, policy: &Policy, terms: &Terms) -> Option<Evaluation> {
    let one = Decimal::ONE;
    let zero = Decimal::ZERO;
    let rates = terms.rates()?;
    let prospect = terms.is_prospect();
    let scale = terms.scale(&rates)?;
    let as_is = terms.levers();

    // η_e: the strictest of the policy's amount and the bars that grow with the
    // account or with what pursuing it costs.
    let mut hurdle = policy.hurdle().for_currency(account.currency());
    if policy.hurdle_per_revenue() > zero {
        hurdle = hurdle.max(policy.hurdle_per_revenue().times(terms.annual)?);
    }
    if prospect && policy.hurdle_per_pursuit() > zero {
        let pursuit = terms
            .acquisition
            .checked_add(scale.times(terms.onboarding)?)?;
        hurdle = hurdle.max(policy.hurdle_per_pursuit().times(pursuit)?);
    }
    let release_value = if prospect {
        None
    } else {
        Some(positive_zero(terms.release_value(&rates)?))
    };
    let bar = hurdle.checked_add(release_value.unwrap_or(zero))?;
    let walked = terms.walked(&rates)?;
    let lv = walked.lifetime()?;
    let mut valuer = Valuer {
        terms,
        rates,
        walked,
        scale,
        bar,
        value: Decimal::ZERO,
        size: Decimal::ZERO,
    };
    let components = valuer.components(&lv)?;
    let value = positive_zero(components.total()?);
    valuer.value = value;
    valuer.size = components.size()?;
    let valuer = valuer;
    let lv = &lv;

    let range = feasible(terms, policy);
    let below = !prospect && value < bar;
    let mut lever = Levers::NONE;
    let mut package_reaches = false;
    if below {
        let singles = [
            (
                Lever::CostToServe,
                range.cost,
                Moves {
                    cost: one.checked_sub(range.cost)?,
                    ..as_is
                },
            ),
            (
                Lever::Concession,
                range.concession,
                Moves {
                    concession: terms.concession.checked_sub(range.concession)?,
                    ..as_is
                },
            ),
            (
                Lever::PaymentTerms,
                range.days_removed,
                Moves {
                    days_removed: range.days_removed,
                    ..as_is
                },
            ),
        ];
        for (single, cut, moves) in singles {
            if cut > zero && valuer.reaches(&moves)? {
                lever = lever.with(single);
            }
        }
        let anything = range.cost > zero || range.concession > zero || range.days_removed > zero;
        package_reaches = anything && valuer.reaches(&valuer.package(one, &range)?)?;
        if lever.is_empty() && package_reaches {
            lever = Levers::PACKAGE;
        }
    }
    let verdict = match account.stage() {
        Stage::Prospect if value >= bar => Verdict::Pursue,
        Stage::Prospect if account.image_critical() => Verdict::PursueStrategic,
        Stage::Prospect => Verdict::Decline,
        _ if value >= bar => Verdict::Retain,
        _ if !lever.is_empty() => Verdict::Restructure,
        _ if account.image_critical() => Verdict::RetainStrategic,
        _ => Verdict::Release,
    };

    // The package's least share by the model's bisection.
    let (package_to_hurdle, package) = if prospect {
        (None, None)
    } else if !below {
        (Some(zero), None)
    } else if package_reaches {
        let steps = Decimal::from(PACKAGE_STEPS);
        // The model's bisection, on the package's curve per exit year (an
        // active account's value is its lifetime value).
        let curve = valuer.walked.package_curve(&range)?;
        let at = |j: u32| -> Option<bool> {
            let share = Decimal::from(j).checked_div(steps)?;
            let mut best: Option<Decimal> = None;
            for [value, linear, square] in &curve {
                let v = exact::add(
                    *value,
                    share.times(exact::add(*linear, share.times(*square)?)?)?,
                )?;
                best = Some(best.map_or(v, |b| b.max(v)));
            }
            Some(best? >= bar)
        };
        let (mut lo, mut hi) = (0u32, PACKAGE_STEPS);
        while hi - lo > 1 {
            let mid = lo.midpoint(hi);
            if at(mid)? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let share = Decimal::from(hi).checked_div(steps)?;
        let moves = valuer.package(share, &range)?;
        let at = valuer.value(&moves)?;
        (
            Some(share),
            Some(Package {
                share,
                concession_cut: share.times(range.concession)?,
                cost_cut: share.times(range.cost)?,
                terms_cut: share.times(range.days_removed)?,
                value: at.value,
            }),
        )
    } else {
        (None, None)
    };

    // Every iteration starts from the account as it is.
    let now = valuer.value(&as_is)?;
    let cost_cut_to_hurdle = valuer.newton(
        zero,
        &now,
        |x| Moves {
            cost: one - x,
            ..as_is
        },
        Slope::Cost,
    );
    let concession_to_hurdle = valuer.newton(
        terms.concession,
        &now,
        |x| Moves {
            concession: x,
            ..as_is
        },
        Slope::Concession,
    );
    let terms_cut_to_hurdle = valuer.newton(
        zero,
        &now,
        |x| Moves {
            days_removed: x,
            ..as_is
        },
        Slope::Terms,
    );
    // LV − O, only a prospect's: an active account's value is its components' sum.
    let won = if prospect {
        Some(lv.value()?.checked_sub(terms.onboarding)?)
    } else {
        None
    };
    let win_probability_to_hurdle = match won {
        Some(won) => {
            let denominator = valuer.rates.delay.times(won)?;
            if denominator > zero {
                bar.checked_add(terms.acquisition)?.checked_div(denominator)
            } else {
                None
            }
        }
        None => None,
    };
    let break_even = BreakEven {
        cost_cut_to_hurdle,
        concession_to_hurdle,
        terms_cut_to_hurdle,
        package_to_hurdle,
        win_probability_to_hurdle: bounded(win_probability_to_hurdle),
        subsidy: matches!(verdict, Verdict::PursueStrategic | Verdict::RetainStrategic)
            .then_some(bar.checked_sub(value)?),
    };

    let drivers = drivers(terms, &valuer.rates)?;
    // Sorted on 20 decimals, so that digits past any shown precision do not
    // reorder equal risks.
    let top_risk = drivers
        .first()
        .filter(|d| exact::units(d.probability, 20) != 0)
        .copied();

    Some(Evaluation {
        id: account.id().to_owned(),
        name: account.name().to_owned(),
        currency: account.currency(),
        stage: account.stage(),
        verdict,
        lever: (verdict == Verdict::Restructure).then_some(lever),
        value,
        hurdle,
        release_value,
        bar,
        exit_year: lv.exit_year,
        exit_gain: match lv.exit_gain {
            Some(gain) => Some(gain.times(scale)?),
            None => None,
        },
        components,
        annual_survival: valuer.rates.survival,
        renewal_survival: match valuer.rates.renewal_loss {
            Some(loss) => Some(one.checked_sub(loss)?),
            None => None,
        },
        expected_years: lv.expected_years,
        coverage: terms.coverage,
        win_probability: prospect.then_some(terms.win_probability),
        delay_factor: prospect.then_some(valuer.rates.delay),
        value_if_won: won,
        cost_to_serve_pv: lv.pvc.times(scale)?,
        concession_slope: lv.concession_slope.times(scale)?,
        drivers,
        top_risk,
        break_even,
        package,
        warnings: warnings(account, policy),
    })
}

/// The seven yearly risks and each dated event inside the horizon, largest
/// effective probability first (compared on 20 decimals); ties keep the risks in
/// the table's order, then the events in input order.
fn drivers(terms: &Terms, rates: &Rates) -> Option<Vec<Driver>> {
    let mut drivers: Vec<Driver> = rates
        .effective
        .iter()
        .map(|(risk, probability)| Driver {
            risk,
            probability: *probability,
            month: None,
        })
        .collect();
    if !terms.events.is_empty() {
        for (event, probability) in terms.dated_drivers()? {
            if event.month.div_ceil(12) <= terms.horizon {
                drivers.push(Driver {
                    risk: event.risk,
                    probability,
                    month: Some(event.month),
                });
            }
        }
    }
    drivers.sort_by_cached_key(|d| std::cmp::Reverse(exact::units(d.probability, 20)));
    Some(drivers)
}

/// Valid input that is probably not what was meant: a rate of 0.5 or more where
/// a percentage may have been written as a number, inputs of the other stage, a
/// hurdle map without the account's currency, and (since model 3) no risk at all,
/// a concession above the margin, a collapsing volume, a decision unit marked
/// mostly absent, a release on a prospect, events after the horizon and a hurdle
/// below one currency unit.
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
    let horizon = policy.horizon_years();
    let revenue = account.revenue();
    if account.stage() == Stage::Active
        && account.risk().probabilities.values().all(Decimal::is_zero)
        && !account
            .events()
            .iter()
            .any(|e| e.year() <= horizon && e.probability > Decimal::ZERO)
        && account
            .contract()
            .and_then(crate::account::Contract::renewal_loss)
            .is_none_or(|loss| loss.is_zero())
    {
        out.push("no termination risk given: survival is 100 %".to_owned());
    }
    if revenue.gross_margin > Decimal::ZERO && revenue.concession >= revenue.gross_margin {
        out.push(format!(
            "revenue.concession {} is at least revenue.gross_margin {}: the first year's sales earn nothing or lose money",
            revenue.concession.normalize(),
            revenue.gross_margin.normalize()
        ));
    }
    if revenue.growth <= Decimal::new(-3, 1) {
        out.push(format!(
            "revenue.growth {} halves the volume within two years",
            revenue.growth.normalize()
        ));
    }
    let absent = account
        .roles()
        .iter()
        .filter(|r| r.coverage == Coverage::Absent)
        .count();
    if absent >= 6 {
        out.push(format!(
            "{absent} of 7 roles are marked absent: coverage says little"
        ));
    }
    if account.stage() == Stage::Prospect && account.release().stranded_cost > Decimal::ZERO {
        out.push("release is counted only for active accounts: ignored".to_owned());
    }
    for event in account.events() {
        if event.year() > horizon {
            out.push(format!(
                "event in month {} falls after the {horizon}-year horizon: ignored",
                event.month
            ));
        }
    }
    let eta = policy.hurdle().for_currency(account.currency());
    if !eta.is_zero() && eta.abs() < Decimal::ONE {
        out.push(format!(
            "hurdle {} is {} hundredths of a {}: the hurdle is an amount of money",
            eta.normalize(),
            (eta * Decimal::ONE_HUNDRED).normalize(),
            account.currency()
        ));
    }
    out
}
