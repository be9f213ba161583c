//! The arithmetic of the model, in `Decimal` with checked operations.
//!
//! Everything in this file is a formula of the model (see [`crate::model`]); the
//! verdict and its explanation are built from these numbers in
//! [`crate::verdict`]. Nothing is rounded here.
//!
//! [`Terms`] holds every number the model uses, resolved from an account and a
//! policy (coverage, the win probability, the account's own cost of capital).
//! The sensitivity table moves one of them at a time and values again.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::account::Account;
use crate::error::{Error, ErrorKind, Result};
use crate::exact::Times;
use crate::policy::Policy;
use crate::words::{Coverage, PerRisk, Role, Stage, Timing, Word};

const DAYS_PER_YEAR: Decimal = Decimal::from_parts(365, 0, 0, false, 0);
const MONTHS_PER_YEAR: Decimal = Decimal::from_parts(12, 0, 0, false, 0);

/// A contract's renewal terms, as numbers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Renewals {
    /// L.
    pub term: u32,
    /// e: years of the current term already run (0 for a prospect).
    pub elapsed: u32,
    /// θ.
    pub retender: Decimal,
    /// w.
    pub incumbent_wins: Decimal,
    /// ν.
    pub nonrenewal: Decimal,
    /// T.
    pub retender_cost: Decimal,
}

impl Renewals {
    /// h_R = θ (1 − w) + (1 − θ) ν.
    pub fn loss(&self) -> Option<Decimal> {
        let one = Decimal::ONE;
        self.retender
            .times(one.checked_sub(self.incumbent_wins)?)?
            .checked_add(one.checked_sub(self.retender)?.times(self.nonrenewal)?)
    }

    /// Whether a renewal falls at the end of year `t` (never at the horizon's end).
    fn at_end_of(&self, t: u32, horizon: u32) -> bool {
        t < horizon && (self.elapsed + t) % self.term == 0
    }
}

/// The factors from one year's start to the next: survival `kept` (s, or
/// s (1 − h_R) across a renewal), and times the discount and each index.
struct Steps {
    kept: Decimal,
    /// v kept.
    weight: Decimal,
    /// v kept (1 + g).
    volume: Decimal,
    /// v kept (1 + g)(1 − λ).
    price: Decimal,
    /// v kept (1 + i).
    cost: Decimal,
}

impl Steps {
    fn new(
        discount: Decimal,
        kept: Decimal,
        growth: Decimal,
        price_step: Decimal,
        inflation: Decimal,
    ) -> Option<Steps> {
        let weight = discount.times(kept)?;
        let volume = weight.times(growth)?;
        Some(Steps {
            kept,
            weight,
            volume,
            price: volume.times(price_step)?,
            cost: weight.times(inflation)?,
        })
    }
}

/// Every number the model uses for one account under one policy.
#[derive(Clone, Debug)]
pub(crate) struct Terms {
    pub stage: Stage,
    pub horizon: u32,
    pub timing: Timing,
    /// r: the account's cost of capital.
    pub rate: Decimal,
    /// R, g, m, c, λ, J, S.
    pub annual: Decimal,
    pub growth: Decimal,
    pub margin: Decimal,
    pub concession: Decimal,
    pub price_down: Decimal,
    pub ramp_years: u32,
    pub scale_savings: Decimal,
    /// C (year 1) and i.
    pub cost: Decimal,
    pub inflation: Decimal,
    /// A and O.
    pub acquisition: Decimal,
    pub onboarding: Decimal,
    /// D = terms + delay, in days, and b.
    pub days: Decimal,
    pub default_rate: Decimal,
    /// p_k, before mitigation.
    pub risks: PerRisk<Decimal>,
    /// μ and κ.
    pub mitigation: Decimal,
    pub coverage: Decimal,
    /// k.
    pub compensation: Decimal,
    /// The yearly reference value before credibility, and ρ.
    pub reference: Decimal,
    pub credibility: Decimal,
    pub renewals: Option<Renewals>,
    /// P, for prospects.
    pub win_probability: Decimal,
    /// M.
    pub sales_cycle_months: u32,
}

/// The lifetime value's parts before any prospect scaling, with what the verdict
/// and the explanation need.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lifetime {
    pub contribution: Decimal,
    pub scale_savings: Decimal,
    pub reference: Decimal,
    pub financing: Decimal,
    pub bad_debt: Decimal,
    pub compensation: Decimal,
    pub cost_to_serve: Decimal,
    pub retender: Decimal,
    /// Σ d_t a_t C_t: the present value of cost to serve (positive).
    pub pvc: Decimal,
    /// dLV/dc.
    pub concession_slope: Decimal,
    /// Σ a_t s.
    pub expected_years: Decimal,
}

impl Lifetime {
    /// LV: the sum of the eight parts.
    pub fn value(&self) -> Option<Decimal> {
        [
            self.scale_savings,
            self.reference,
            self.financing,
            self.bad_debt,
            self.compensation,
            self.cost_to_serve,
            self.retender,
        ]
        .iter()
        .try_fold(self.contribution, |sum, x| sum.checked_add(*x))
    }
}

/// The per-account quantities that do not depend on the year.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rates {
    /// Effective yearly probability q_k of each risk.
    pub effective: PerRisk<Decimal>,
    /// h and s.
    pub hazard: Decimal,
    pub survival: Decimal,
    /// h_R, with a term.
    pub renewal_loss: Option<Decimal>,
    /// v and τ.
    pub discount: Decimal,
    pub timing_factor: Decimal,
    /// r D / 365.
    pub carry: Decimal,
    /// δ, for prospects.
    pub delay: Decimal,
}

/// One year of the schedule: the survival weights, the flows if the account is
/// alive, and the expected discounted result. For a prospect, year 0 holds the
/// onboarding cost, spent when revenue starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct YearRow {
    /// t, from 1 (0 for a prospect's onboarding).
    pub year: u32,
    /// d_t = v^t τ.
    pub discount_factor: Decimal,
    /// a_t: alive at the start of the year (weight of cost to serve).
    pub alive_at_start: Decimal,
    /// a_t s: alive at the end of the year (weight of earned flows).
    pub alive_at_end: Decimal,
    /// a_t h: ended by an event during the year (weight of compensation).
    pub ended_in_year: Decimal,
    /// Whether a renewal falls at the end of the year.
    pub renewal: bool,
    /// R_t: list-price sales (volume at year-1 list prices).
    pub sales: Decimal,
    /// π_t: the price index.
    pub price_index: Decimal,
    /// K_t = R_t [(1 − c) π_t − (1 − m)].
    pub contribution: Decimal,
    /// F_t: financing cost of the credit days (a cost, shown positive).
    pub financing: Decimal,
    /// B_t: bad debt (a cost, shown positive).
    pub bad_debt: Decimal,
    /// N_t = K_t − F_t − B_t.
    pub net_contribution: Decimal,
    /// S_t = S u_t.
    pub scale_savings: Decimal,
    /// V_ref after credibility.
    pub reference: Decimal,
    /// k N_t: settled if the client ends the contract during the year.
    pub compensation: Decimal,
    /// C_t (a cost, shown positive).
    pub cost_to_serve: Decimal,
    /// z_t a_t s θ T: the expected cost of re-tendering at the year's end (shown
    /// positive).
    pub retender: Decimal,
    /// O in year 0 of a prospect (a cost, shown positive); 0 otherwise.
    pub onboarding: Decimal,
    /// a_t s (N_t + S_t + V_ref) + a_t h k N_t − a_t C_t − z_t a_t s θ T (− O in year 0).
    pub expected_flow: Decimal,
    /// Its present value: d_t times the flows, v^t times the re-tender cost, worked
    /// out as (τ × flows − re-tender) / (1 + r)^t so that no significant digit is
    /// lost when v^t is tiny.
    pub discounted: Decimal,
}

/// The yearly schedule of one account: an auditor recomputes the lifetime value
/// from it. For a prospect the flows are those if won (not scaled by P δ), and
/// the onboarding cost is a year-0 row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Schedule {
    /// One row a year, t = 1..=H, after a year-0 row for a prospect.
    pub years: Vec<YearRow>,
    /// The sum of the discounted column: LV, or LV − O for a prospect.
    pub lifetime_value: Decimal,
}

pub(crate) fn overflow(account: &Account, quantity: &'static str) -> Error {
    Error::new(ErrorKind::Overflow {
        id: account.id().to_owned(),
        quantity,
    })
}

/// √x by Newton's method in `Decimal`, checked: `None` instead of a panic or a
/// wrong number. Used for the mid-year factor √(1 + r), with `1 ≤ x ≤ 2`.
pub(crate) fn sqrt(x: Decimal) -> Option<Decimal> {
    if x.is_sign_negative() {
        return None;
    }
    if x.is_zero() {
        return Some(Decimal::ZERO);
    }
    let two = Decimal::TWO;
    let mut y = x.checked_add(Decimal::ONE)?.checked_div(two)?;
    for _ in 0..100 {
        let next = y.checked_add(x.checked_div(y)?)?.checked_div(two)?;
        if next >= y {
            // From above, Newton's iterates fall until rounding stops them.
            return Some(y.min(next));
        }
        y = next;
    }
    Some(y)
}

/// κ: the weighted share of the decision unit with a working contact, over every
/// role not marked absent (a role not listed counts as uncovered).
fn coverage(account: &Account, policy: &Policy) -> Option<Decimal> {
    let (mut present, mut covered) = (Decimal::ZERO, Decimal::ZERO);
    for role in Role::ALL {
        let coverage = account
            .roles()
            .iter()
            .find(|c| c.role == *role)
            .map_or(Coverage::Uncovered, |c| c.coverage);
        let w = policy.role_weight(*role);
        match coverage {
            Coverage::Covered => {
                present = present.checked_add(w)?;
                covered = covered.checked_add(w)?;
            }
            Coverage::Uncovered => present = present.checked_add(w)?,
            Coverage::Absent => {}
        }
    }
    if present.is_zero() {
        Some(Decimal::ZERO)
    } else {
        covered.checked_div(present)
    }
}

/// P: the given win probability, or the evidence odds `o` turned into `o / (1 + o)`.
fn win_probability(account: &Account, policy: &Policy) -> Option<Decimal> {
    let pursuit = account.pursuit();
    if let Some(p) = pursuit.win_probability {
        return Some(p);
    }
    let one = Decimal::ONE;
    // The status quo always bids, so n rivals make n + 1 opponents.
    let mut odds = one.checked_div(Decimal::from(pursuit.competitors).checked_add(one)?)?;
    for (evidence, present) in pursuit.evidence.iter() {
        if *present {
            odds = odds.times(policy.evidence_odds(evidence))?;
        }
    }
    odds.checked_div(one.checked_add(odds)?)
}

impl Terms {
    pub fn new(account: &Account, policy: &Policy) -> Result<Terms> {
        Terms::resolve(account, policy).ok_or_else(|| overflow(account, "account terms"))
    }

    fn resolve(account: &Account, policy: &Policy) -> Option<Terms> {
        let rev = account.revenue();
        let pay = account.payment();
        let costs = account.cost_to_serve();
        let prospect = account.stage() == Stage::Prospect;
        Some(Terms {
            stage: account.stage(),
            horizon: policy.horizon_years(),
            timing: policy.timing(),
            rate: policy.discount_rate_for(account.currency()),
            annual: rev.annual,
            growth: rev.growth,
            margin: rev.gross_margin,
            concession: rev.concession,
            price_down: rev.price_down,
            ramp_years: rev.ramp_years,
            scale_savings: rev.scale_savings,
            cost: costs.total(),
            inflation: costs.inflation,
            acquisition: if prospect {
                account.acquisition().total()
            } else {
                Decimal::ZERO
            },
            onboarding: if prospect {
                account.acquisition().onboarding
            } else {
                Decimal::ZERO
            },
            days: Decimal::from(pay.terms_days + pay.delay_days),
            default_rate: pay.default_rate,
            risks: account.risk().probabilities,
            mitigation: policy.relationship_mitigation(),
            coverage: coverage(account, policy)?,
            compensation: account.risk().termination_compensation,
            reference: account.reference().yearly()?,
            credibility: policy.reference_credibility(),
            renewals: account.contract().map(|c| Renewals {
                term: c.term_years,
                // A prospect's first term starts when revenue starts.
                elapsed: if prospect { 0 } else { c.years_elapsed },
                retender: c.retender_probability,
                incumbent_wins: c.incumbent_win_probability,
                nonrenewal: c.nonrenewal,
                retender_cost: c.retender_cost,
            }),
            win_probability: if prospect {
                win_probability(account, policy)?
            } else {
                Decimal::ONE
            },
            sales_cycle_months: account.pursuit().sales_cycle_months,
        })
    }

    pub fn is_prospect(&self) -> bool {
        self.stage == Stage::Prospect
    }

    /// The quantities that do not depend on the year.
    pub fn rates(&self) -> Option<Rates> {
        let one = Decimal::ONE;
        let r = self.rate;
        let damping = one.checked_sub(self.mitigation.times(self.coverage)?)?;
        let mut effective = PerRisk::default();
        let mut survival = one;
        for (risk, p) in self.risks.iter() {
            let q = if risk.is_relationship_sensitive() {
                p.times(damping)?
            } else {
                *p
            };
            effective[risk] = q;
            survival = survival.times(one.checked_sub(q)?)?;
        }
        let growth = one.checked_add(r)?;
        let discount = one.checked_div(growth)?;
        let timing_factor = match self.timing {
            Timing::End => one,
            Timing::Mid => sqrt(growth)?,
            Timing::Start => growth,
        };
        let delay = if self.is_prospect() {
            let months = self.sales_cycle_months;
            let years = (0..months / 12).try_fold(one, |x, _| x.times(discount))?;
            let rest = Decimal::from(months % 12);
            years.checked_div(one.checked_add(r.times(rest)?.checked_div(MONTHS_PER_YEAR)?)?)?
        } else {
            one
        };
        Some(Rates {
            effective,
            hazard: one.checked_sub(survival)?,
            survival,
            renewal_loss: match &self.renewals {
                Some(renewals) => Some(renewals.loss()?),
                None => None,
            },
            discount,
            timing_factor,
            carry: r.times(self.days)?.checked_div(DAYS_PER_YEAR)?,
            delay,
        })
    }

    /// Walks t = 1..=H, handing each year's row to `visit`.
    fn years(&self, rates: &Rates, mut visit: impl FnMut(&YearRow)) -> Option<()> {
        let one = Decimal::ONE;
        let zero = Decimal::ZERO;
        let (s, h) = (rates.survival, rates.hazard);
        let k = self.compensation;
        let c = self.concession;
        let b = self.default_rate;
        let reference = self.reference.times(self.credibility)?;
        let growth = one.checked_add(self.growth)?;
        let price_step = one.checked_sub(self.price_down)?;
        let growth_price = growth.times(price_step)?;
        let inflation = one.checked_add(self.inflation)?;
        let ramp = Decimal::from(self.ramp_years).checked_add(one)?;
        let billed_share = one.checked_sub(c)?;
        let cost_of_goods = one.checked_sub(self.margin)?;
        let collected = one.checked_sub(b)?;
        let retender_each = match &self.renewals {
            Some(r) => r.retender.times(r.retender_cost)?,
            None => zero,
        };
        // Shown per year: R (1+g)^(t−1), R (1+g)^(t−1) π_t, π_t, C (1+i)^(t−1).
        let (mut volume, mut volume_price, mut price, mut cost) =
            (self.annual, self.annual, one, self.cost);
        // The expected flows use the same indices already weighted by a_t, as
        // running products of moderate factors (see `lifetime`): a_t, a_t R_t/u_t,
        // a_t R_t π_t/u_t, a_t C_t.
        let (mut alive, mut a_volume, mut a_price, mut a_cost) =
            (one, self.annual, self.annual, self.cost);
        let mut v_t = one;
        // (1 + r)^t: the year's flows are discounted by dividing by it, which keeps
        // their significant digits when v^t is tiny (v^t itself keeps only 28
        // decimals: 0.5^50 has 13 significant digits left, not enough for the
        // flows of a large, fast-growing account at r = 1 over 50 years).
        let (growth_rate, mut compound) = (one.checked_add(self.rate)?, one);
        for year in 1..=self.horizon {
            if year > 1 {
                volume = volume.times(growth)?;
                volume_price = volume_price.times(growth_price)?;
                price = price.times(price_step)?;
                cost = cost.times(inflation)?;
            }
            v_t = v_t.times(rates.discount)?;
            compound = compound.times(growth_rate)?;
            let d_t = v_t.times(rates.timing_factor)?;
            let share = if year <= self.ramp_years {
                Decimal::from(year).checked_div(ramp)?
            } else {
                one
            };
            let sales = volume.times(share)?;
            let billed = volume_price.times(share)?.times(billed_share)?;
            let contribution = billed.checked_sub(sales.times(cost_of_goods)?)?;
            let financing = billed.times(collected)?.times(rates.carry)?;
            let bad_debt = billed.times(b)?;
            let net = contribution.checked_sub(financing)?.checked_sub(bad_debt)?;
            let savings = self.scale_savings.times(share)?;
            let settled = k.times(net)?;
            let alive_at_end = alive.times(s)?;
            let ended = alive.times(h)?;
            let renewal = self
                .renewals
                .as_ref()
                .is_some_and(|r| r.at_end_of(year, self.horizon));
            let retender = if renewal {
                alive_at_end.times(retender_each)?
            } else {
                zero
            };
            // a_t N_t from the weighted indices.
            let a_billed = a_price.times(share)?.times(billed_share)?;
            let a_net = a_billed
                .checked_sub(a_volume.times(share)?.times(cost_of_goods)?)?
                .checked_sub(a_billed.times(collected)?.times(rates.carry)?)?
                .checked_sub(a_billed.times(b)?)?;
            let earned_rest = alive.times(savings.checked_add(reference)?)?;
            let flows = s
                .times(a_net.checked_add(earned_rest)?)?
                .checked_add(h.times(k)?.times(a_net)?)?
                .checked_sub(a_cost)?;
            visit(&YearRow {
                year,
                discount_factor: d_t,
                alive_at_start: alive,
                alive_at_end,
                ended_in_year: ended,
                renewal,
                sales,
                price_index: price,
                contribution,
                financing,
                bad_debt,
                net_contribution: net,
                scale_savings: savings,
                reference,
                compensation: settled,
                cost_to_serve: cost,
                retender,
                onboarding: zero,
                expected_flow: flows.checked_sub(retender)?,
                discounted: rates
                    .timing_factor
                    .times(flows)?
                    .checked_sub(retender)?
                    .checked_div(compound)?,
            });
            let kept = match (renewal, rates.renewal_loss) {
                (true, Some(loss)) => s.times(one.checked_sub(loss)?)?,
                _ => s,
            };
            alive = alive.times(kept)?;
            a_volume = a_volume.times(kept)?.times(growth)?;
            a_price = a_price.times(kept)?.times(growth_price)?;
            a_cost = a_cost.times(kept)?.times(inflation)?;
        }
        Some(())
    }

    /// The lifetime value's parts as present values.
    ///
    /// Every component is a constant times a weighted sum over the years, so the
    /// walk accumulates eight sums and the constants are applied once:
    ///
    /// - `Σ E_t R_t π_t` and `Σ E_t R_t` (with `E_t = d_t a_t s`) carry
    ///   contribution, financing and bad debt,
    /// - `Σ Q_t R_t π_t` and `Σ Q_t R_t` (with `Q_t = d_t a_t`) carry
    ///   compensation (× h k),
    /// - `Σ E_t u_t` and `Σ E_t` carry scale savings and reference value,
    /// - `Σ Q_t (1 + i)^(t−1)` carries cost to serve,
    /// - `Σ v^t z_t a_t s` carries re-tender costs, and `Σ a_t s` is the expected
    ///   number of years.
    pub fn lifetime(&self, rates: &Rates) -> Option<Lifetime> {
        let one = Decimal::ONE;
        let zero = Decimal::ZERO;
        let s = rates.survival;
        let growth = one.checked_add(self.growth)?;
        let price_step = one.checked_sub(self.price_down)?;
        let inflation = one.checked_add(self.inflation)?;
        let ramp = Decimal::from(self.ramp_years).checked_add(one)?;
        // Each weighted sum is carried as one running product of moderate factors
        // (v, s, 1 − h_R, 1 + g, 1 − λ, 1 + i), never as a tiny weight times a huge
        // index: Decimal keeps at most 28 decimals, so a weight like 0.3^50 has
        // lost its digits, and multiplied by 1.5^49 afterwards the loss would show
        // in the cents. A running product that gets tiny is tiny in the sum too.
        let first = rates.discount.times(rates.timing_factor)?;
        // d_t a_t; d_t a_t (1+g)^(t−1); d_t a_t (1+g)^(t−1) π_t; d_t a_t (1+i)^(t−1);
        // v^t a_t; a_t.
        let (mut w, mut w_volume, mut w_price, mut w_cost) = (first, first, first, first);
        let (mut v_alive, mut alive) = (rates.discount, one);
        let [mut sales_price, mut sales, mut share_sum, mut weight] = [zero; 4];
        let [mut cost, mut renewed, mut alive_sum] = [zero; 3];
        // The year-to-year factors are the same every year but for a renewal: each
        // is multiplied out once, so that a year costs one multiplication per
        // running product (28-digit products are the slow part of the arithmetic).
        let plain = Steps::new(rates.discount, s, growth, price_step, inflation)?;
        let renewing = match rates.renewal_loss {
            Some(loss) => {
                let kept = s.times(one.checked_sub(loss)?)?;
                Some(Steps::new(
                    rates.discount,
                    kept,
                    growth,
                    price_step,
                    inflation,
                )?)
            }
            None => None,
        };
        // Where an index is flat its running product equals a shorter one exactly
        // (a factor of 1 changes no digit), so it is not multiplied out again:
        // no growth makes the volume weight the plain weight, no price-down the
        // price weight the volume weight, no inflation the cost weight the plain
        // weight, and payments at year end the discount-only weight the plain one.
        let flat_volume = self.growth.is_zero();
        let flat_price = self.price_down.is_zero();
        let flat_cost = self.inflation.is_zero();
        let flat_timing = rates.timing_factor == one;
        for year in 1..=self.horizon {
            let (share_w, volume_w, price_w) = if year <= self.ramp_years {
                let share = Decimal::from(year).checked_div(ramp)?;
                let share_w = w.times(share)?;
                let volume_w = if flat_volume {
                    share_w
                } else {
                    w_volume.times(share)?
                };
                let price_w = if flat_price {
                    volume_w
                } else {
                    w_price.times(share)?
                };
                (share_w, volume_w, price_w)
            } else {
                (w, w_volume, w_price)
            };
            sales_price = sales_price.checked_add(price_w)?;
            sales = sales.checked_add(volume_w)?;
            share_sum = share_sum.checked_add(share_w)?;
            weight = weight.checked_add(w)?;
            cost = cost.checked_add(w_cost)?;
            alive_sum = alive_sum.checked_add(alive)?;
            let renewal = self
                .renewals
                .as_ref()
                .is_some_and(|r| r.at_end_of(year, self.horizon));
            // From the start of this year to the start of the next: survive the
            // year, and a renewal at its end if one falls there.
            let step = match (&renewing, renewal) {
                (Some(renewing), true) => {
                    renewed = renewed.checked_add(v_alive)?;
                    renewing
                }
                _ => &plain,
            };
            w = w.times(step.weight)?;
            w_volume = if flat_volume {
                w
            } else {
                w_volume.times(step.volume)?
            };
            w_price = if flat_price {
                w_volume
            } else {
                w_price.times(step.price)?
            };
            w_cost = if flat_cost {
                w
            } else {
                w_cost.times(step.cost)?
            };
            v_alive = if flat_timing {
                w
            } else {
                v_alive.times(step.weight)?
            };
            alive = alive.times(step.kept)?;
        }
        // Σ a_t s and Σ v^t z_t a_t s, with s factored out of the sums.
        let years = alive_sum.times(s)?;
        let renewed = renewed.times(s)?;
        // Σ Q_t R_t π_t, Σ Q_t R_t (Q_t = d_t a_t) and their earned versions
        // (E_t = Q_t s).
        let q_sales_price = sales_price.times(self.annual)?;
        let q_sales = sales.times(self.annual)?;
        let e_sales_price = q_sales_price.times(s)?;
        let e_sales = q_sales.times(s)?;
        let e_share = share_sum.times(s)?;
        let e_weight = weight.times(s)?;
        let q_cost = cost;
        let c = self.concession;
        let b = self.default_rate;
        let billed = one.checked_sub(c)?;
        let cost_of_goods = one.checked_sub(self.margin)?;
        let financing_rate = billed.times(one.checked_sub(b)?)?.times(rates.carry)?;
        let bad_debt_rate = billed.times(b)?;
        // N_t = R_t π_t (1 − c)(1 − (1 − b) r D / 365 − b) − R_t (1 − m).
        let net_rate = billed
            .checked_sub(financing_rate)?
            .checked_sub(bad_debt_rate)?;
        let settled = rates.hazard.times(self.compensation)?;
        let compensation = settled.times(
            net_rate
                .times(q_sales_price)?
                .checked_sub(cost_of_goods.times(q_sales)?)?,
        )?;
        // dN_t/dc = R_t π_t (−1 + (1 − b) r D / 365 + b), weighted like N_t.
        let slope_rate = one
            .checked_sub(b)?
            .times(rates.carry)?
            .checked_add(b)?
            .checked_sub(one)?;
        let slope_weight = e_sales_price.checked_add(settled.times(q_sales_price)?)?;
        let pvc = q_cost.times(self.cost)?;
        let retender_each = match &self.renewals {
            Some(r) => r.retender.times(r.retender_cost)?,
            None => zero,
        };
        Some(Lifetime {
            contribution: billed
                .times(e_sales_price)?
                .checked_sub(cost_of_goods.times(e_sales)?)?,
            scale_savings: e_share.times(self.scale_savings)?,
            reference: e_weight.times(self.reference.times(self.credibility)?)?,
            financing: zero.checked_sub(financing_rate.times(e_sales_price)?)?,
            bad_debt: zero.checked_sub(bad_debt_rate.times(e_sales_price)?)?,
            compensation,
            cost_to_serve: zero.checked_sub(pvc)?,
            retender: zero.checked_sub(renewed.times(retender_each)?)?,
            pvc,
            concession_slope: slope_weight.times(slope_rate)?,
            expected_years: years,
        })
    }

    /// V: the value as the verdict sees it, `P δ (LV − O) − A` for a prospect.
    pub fn value(&self) -> Option<Decimal> {
        let rates = self.rates()?;
        let lifetime = self.lifetime(&rates)?.value()?;
        if self.is_prospect() {
            self.win_probability
                .times(rates.delay)?
                .times(lifetime.checked_sub(self.onboarding)?)?
                .checked_sub(self.acquisition)
        } else {
            Some(lifetime)
        }
    }

    /// The yearly schedule.
    pub fn schedule(&self, rates: &Rates) -> Option<Schedule> {
        let zero = Decimal::ZERO;
        let mut years = Vec::with_capacity(self.horizon as usize + 1);
        if self.is_prospect() {
            let onboarding = self.onboarding;
            years.push(YearRow {
                year: 0,
                discount_factor: Decimal::ONE,
                alive_at_start: Decimal::ONE,
                alive_at_end: Decimal::ONE,
                ended_in_year: zero,
                renewal: false,
                sales: zero,
                price_index: Decimal::ONE,
                contribution: zero,
                financing: zero,
                bad_debt: zero,
                net_contribution: zero,
                scale_savings: zero,
                reference: zero,
                compensation: zero,
                cost_to_serve: zero,
                retender: zero,
                onboarding,
                expected_flow: zero.checked_sub(onboarding)?,
                discounted: zero.checked_sub(onboarding)?,
            });
        }
        self.years(rates, |y| years.push(y.clone()))?;
        let lifetime_value = years
            .iter()
            .try_fold(zero, |sum, y| sum.checked_add(y.discounted))?;
        Some(Schedule {
            years,
            lifetime_value,
        })
    }
}

/// The yearly schedule of an account under a policy.
///
/// # Errors
///
/// [`ErrorKind::Overflow`] if a figure leaves the range of `Decimal`, which the
/// model's input bounds rule out.
pub fn schedule(account: &Account, policy: &Policy) -> Result<Schedule> {
    let terms = Terms::new(account, policy)?;
    terms
        .rates()
        .and_then(|rates| terms.schedule(&rates))
        .ok_or_else(|| overflow(account, "schedule"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// √(1 + r) against references computed with Python's `decimal` at 60
    /// significant digits and rounded to 27 decimals: within one unit of the last
    /// place Decimal holds.
    #[test]
    fn square_root_agrees_with_a_60_digit_reference() {
        let cases = [
            ("1", "1.000000000000000000000000000"),
            ("1.12", "1.058300524425836236200646301"),
            ("1.05", "1.024695076595959838322103868"),
            ("1.5", "1.224744871391589049098642037"),
            ("2", "1.414213562373095048801688724"),
            (
                "1.0000000000000000000000000001",
                "1.000000000000000000000000000",
            ),
            (
                "1.999999999999999999999999999",
                "1.414213562373095048801688724",
            ),
        ];
        for (x, expected) in cases {
            let expected = Decimal::from_str(expected).unwrap();
            let got = sqrt(Decimal::from_str(x).unwrap()).unwrap();
            let error = (got - expected).abs();
            assert!(
                error <= Decimal::new(1, 27),
                "√{x}: got {got}, expected {expected}"
            );
        }
    }
}
