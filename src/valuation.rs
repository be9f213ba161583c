//! The arithmetic of the model, in `Decimal` with checked operations.
//!
//! Everything in this file is a formula of the model (see [`crate::model`]); the
//! verdict and its explanation are built from these numbers in
//! [`crate::verdict`]. Nothing is rounded here.
//!
//! [`Terms`] holds every number the model uses, resolved from an account and a
//! policy (coverage, the win probability, the account's own cost of capital).
//! [`Terms::lifetime`] walks the years forwards once, keeping each year's
//! present values, then decides backwards where the supplier would stop supplying
//! (the exit option) and sums the components over the years supplied. The verdict
//! values the account again with a lever moved ([`Levers`]); the sensitivity table
//! moves one input of [`Terms`] at a time.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::account::Account;
use crate::error::{Error, ErrorKind, Result};
use crate::exact::{self, Times};
use crate::policy::Policy;
use crate::words::{Coverage, PerRisk, Risk, Role, Stage, Timing, Word};

const DAYS_PER_YEAR: Decimal = Decimal::from_parts(365, 0, 0, false, 0);
const MONTHS_PER_YEAR: Decimal = Decimal::from_parts(12, 0, 0, false, 0);

/// The most dated events an account may list.
pub(crate) const MAX_EVENTS: usize = 16;

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
    pub fn at_end_of(&self, t: u32, horizon: u32) -> bool {
        t < horizon && (self.elapsed + t) % self.term == 0
    }
}

/// One dated event as a number: its year, cause and probability before mitigation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DatedRisk {
    pub month: u32,
    pub risk: Risk,
    pub probability: Decimal,
}

/// Every number the model uses for one account under one policy.
#[derive(Clone, Debug)]
pub(crate) struct Terms {
    pub stage: Stage,
    pub horizon: u32,
    pub timing: Timing,
    /// r: the account's cost of capital.
    pub rate: Decimal,
    /// R, g, m, c, λ, ω, J, S.
    pub annual: Decimal,
    pub growth: Decimal,
    pub margin: Decimal,
    pub concession: Decimal,
    pub price_down: Decimal,
    pub cost_down: Decimal,
    pub ramp_years: u32,
    pub scale_savings: Decimal,
    /// β, ζ and ℓ.
    pub rebate: Decimal,
    pub rebate_probability: Decimal,
    pub rebate_days: u32,
    /// C (year 1) and i.
    pub cost: Decimal,
    pub inflation: Decimal,
    /// A and O.
    pub acquisition: Decimal,
    pub onboarding: Decimal,
    /// D = terms + delay, in days, the agreed terms alone, and b.
    pub days: Decimal,
    pub agreed_days: u32,
    pub default_rate: Decimal,
    /// p_k, before mitigation.
    pub risks: PerRisk<Decimal>,
    /// Dated events, in input order.
    pub events: Vec<DatedRisk>,
    /// μ and κ.
    pub mitigation: Decimal,
    pub coverage: Decimal,
    /// k.
    pub compensation: Decimal,
    /// The yearly reference value before credibility, and ρ.
    pub reference: Decimal,
    pub credibility: Decimal,
    pub renewals: Option<Renewals>,
    /// Z and Y: costs that stay after the relationship ends (0 for a prospect).
    pub stranded_cost: Decimal,
    pub stranded_years: u32,
    /// Whether the supplier may stop supplying: the policy's exit option, and not
    /// an image account.
    pub exit: bool,
    /// P, for prospects.
    pub win_probability: Decimal,
    /// M.
    pub sales_cycle_months: u32,
}

/// The three levers the verdict moves, as the valuation
/// applies them: cost to serve scaled by `cost` (1 as is), the concession
/// itself, and the agreed payment days removed (a real number of days).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Levers {
    pub cost: Decimal,
    pub concession: Decimal,
    pub days_removed: Decimal,
}

/// The lifetime value's parts before any prospect scaling, each summed over the
/// years supplied, with what the verdict and the explanation need.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lifetime {
    pub contribution: Decimal,
    pub scale_savings: Decimal,
    pub reference: Decimal,
    pub financing: Decimal,
    pub bad_debt: Decimal,
    pub rebate: Decimal,
    pub compensation: Decimal,
    pub cost_to_serve: Decimal,
    pub stranded: Decimal,
    pub retender: Decimal,
    /// Σ_{t≤E} d_t a_t C_t with C_t as it is (not scaled by a cost lever):
    /// the slope of the value in the share of cost to serve removed.
    pub pvc: Decimal,
    /// dLV/dc over the years supplied.
    pub concession_slope: Decimal,
    /// Σ_{t≤E} a_t s_t.
    pub expected_years: Decimal,
    /// E, when the supplier stops before the horizon's end.
    pub exit_year: Option<u32>,
    /// out_E − cont_E: what stopping at E is worth against supplying on.
    pub exit_gain: Option<Decimal>,
}

impl Lifetime {
    /// The ten parts in the result file's order.
    pub fn parts(&self) -> [Decimal; 10] {
        [
            self.contribution,
            self.scale_savings,
            self.reference,
            self.financing,
            self.bad_debt,
            self.rebate,
            self.compensation,
            self.cost_to_serve,
            self.stranded,
            self.retender,
        ]
    }

    /// LV: the sum of the parts.
    pub fn value(&self) -> Option<Decimal> {
        self.parts()
            .iter()
            .try_fold(Decimal::ZERO, |sum, x| sum.checked_add(*x))
    }
}

/// The per-account quantities that do not depend on the year.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rates {
    /// Effective yearly probability q_k of each risk.
    pub effective: PerRisk<Decimal>,
    /// s.
    pub survival: Decimal,
    /// h_R, with a term.
    pub renewal_loss: Option<Decimal>,
    /// v and τ.
    pub discount: Decimal,
    pub timing_factor: Decimal,
    /// r / 365.
    pub rate_per_day: Decimal,
    /// 1 / (1 + r ℓ / 365): the rebate's extra discount for its late payment.
    pub rebate_delay: Decimal,
    /// δ, for prospects.
    pub delay: Decimal,
    /// 1 − Ê_t for the years with events inside the horizon, by year, and how
    /// many such years there are.
    pub event_years: [(u32, Decimal); MAX_EVENTS],
    pub event_year_count: usize,
}

impl Rates {
    /// 1 − Ê_t: the share of accounts that no dated event ends in year `t`.
    fn event_survival(&self, year: u32) -> Option<Decimal> {
        self.event_years[..self.event_year_count]
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, kept)| *kept)
    }
}

/// One year of the schedule: the survival weights, the flows if the account is
/// alive, and the year's term of the lifetime value. For a prospect, year 0
/// holds the onboarding cost, spent when revenue starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct YearRow {
    /// t, from 1 (0 for a prospect's onboarding).
    pub year: u32,
    /// d_t = v^t τ.
    pub discount_factor: Decimal,
    /// a_t: alive at the start of the year (weight of cost to serve).
    pub alive_at_start: Decimal,
    /// a_t s_t: alive at the end of the year (weight of earned flows).
    pub alive_at_end: Decimal,
    /// a_t h_t: ended during the year by a yearly risk or a dated event (weight
    /// of compensation).
    pub ended_in_year: Decimal,
    /// Whether a renewal falls at the end of the year.
    pub renewal: bool,
    /// Whether the supplier supplies this year (false after the exit year).
    pub supplied: bool,
    /// R_t: list-price sales (volume at year-1 list prices).
    pub sales: Decimal,
    /// π_t: the price index.
    pub price_index: Decimal,
    /// K_t = R_t [(1 − c) π_t − (1 − m) Γ_t].
    pub contribution: Decimal,
    /// F_t: financing cost of the credit days (a cost, shown positive).
    pub financing: Decimal,
    /// B_t: bad debt (a cost, shown positive).
    pub bad_debt: Decimal,
    /// N_t = K_t − F_t − B_t.
    pub net_contribution: Decimal,
    /// Q_t: the expected off-invoice rebate on the year's collected sales, paid
    /// after the year (a cost, shown positive).
    pub rebate: Decimal,
    /// S_t = S u_t.
    pub scale_savings: Decimal,
    /// V_ref after credibility.
    pub reference: Decimal,
    /// k N_t: settled if the client ends the contract during the year.
    pub compensation: Decimal,
    /// C_t (a cost, shown positive).
    pub cost_to_serve: Decimal,
    /// The expected costs that stay after an ending at this year (during it, at
    /// its renewal, or the supplier's exit at its end), in money of the years they
    /// are paid (shown positive).
    pub stranded: Decimal,
    /// z_t a_t s_t θ T min(L, H − t) / L: the expected cost of re-tendering at the
    /// year's end (shown positive).
    pub retender: Decimal,
    /// O in year 0 of a prospect (a cost, shown positive); 0 otherwise.
    pub onboarding: Decimal,
    /// The year's expected flows, undiscounted: earned and settled flows less
    /// cost to serve, the rebate, stranded costs and the re-tender (− O in year 0).
    pub expected_flow: Decimal,
    /// The year's term of the lifetime value: each flow discounted as the model
    /// says (0 for a year not supplied).
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
    /// E, when the supplier stops supplying before the horizon's end.
    pub exit_year: Option<u32>,
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

/// One year's present values, as the forward walk leaves them for the backward
/// decision and the sums: the year's weights (each a present value per unit of
/// the amount it weighs) and its flows G_t.
#[derive(Clone, Copy, Debug, Default)]
struct Year {
    /// G_t: the year's flows, stranded costs of an ending during the year
    /// included, the re-tender bid and a lost renewal's stranded costs aside.
    flows: Decimal,
    /// −X_t: the share of the re-tender bid at the year's end.
    retender: Decimal,
    /// −a_t s_t z_t h_R Ẑ_t: costs that stay after a renewal lost at its end.
    lost: Decimal,
    /// out_t = −a_t s_t Ẑ_t: costs that stay if the supplier exits at its end.
    out: Decimal,
    /// Whether the supplier may stop at the year's end.
    decision: bool,
    /// a_t s_t.
    earned: Decimal,
    /// d_t a_t C_t, C_t as it is.
    pvc: Decimal,
    /// d_t a_t s_t R_t π_t and d_t a_t s_t R_t Γ_t: earned list-price sales at
    /// the year's price and at its cost of goods.
    earned_sales: Decimal,
    earned_goods: Decimal,
    /// The same with the weight a_t h_t k of a settled termination.
    settled_sales: Decimal,
    settled_goods: Decimal,
    /// d_t a_t s_t u_t and d_t a_t s_t: the weights of scale savings and of the
    /// reference value.
    share_weight: Decimal,
    earned_weight: Decimal,
    /// a_t h_t Ẑ_t: the expected stranded costs of an ending during the year.
    ended_stranded: Decimal,
}

/// The per-unit rates that turn the years' weights into the components, for the
/// levers as they are.
#[derive(Clone, Copy, Debug)]
struct Unit {
    /// u = 1 − c, 1 − m, and the shares of list-price sales lost to financing,
    /// bad debt and the rebate: (1 − c)(1 − b) r D / 365, (1 − c) b, and
    /// (1 − c)(1 − b) β ζ / (τ (1 + r ℓ / 365)).
    billed: Decimal,
    cost_of_goods: Decimal,
    financing: Decimal,
    bad_debt: Decimal,
    rebate: Decimal,
    /// The rebate's share of collected list-price sales per unit billed:
    /// (1 − b) β ζ / (τ (1 + r ℓ / 365)).
    rebate_rate: Decimal,
    /// The net share settled on termination: (1 − c)(1 − (1 − b) r D / 365 − b).
    net: Decimal,
    /// S and V_ref after credibility.
    savings: Decimal,
    reference: Decimal,
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
        let release = account.release();
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
            cost_down: rev.cost_down,
            ramp_years: rev.ramp_years,
            scale_savings: rev.scale_savings,
            rebate: rev.rebate_share(),
            rebate_probability: rev.rebate_probability,
            rebate_days: rev.rebate_days,
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
            agreed_days: pay.terms_days,
            default_rate: pay.default_rate,
            risks: account.risk().probabilities,
            events: account
                .events()
                .iter()
                .map(|e| DatedRisk {
                    month: e.month,
                    risk: e.risk,
                    probability: e.probability,
                })
                .collect(),
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
            // A prospect has nothing to release.
            stranded_cost: if prospect {
                Decimal::ZERO
            } else {
                release.stranded_cost
            },
            stranded_years: release.stranded_years,
            exit: policy.exit_option() && !account.image_critical(),
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

    /// The levers as they are.
    pub fn levers(&self) -> Levers {
        Levers {
            cost: Decimal::ONE,
            concession: self.concession,
            days_removed: Decimal::ZERO,
        }
    }

    /// The effective probability of one cause: p (1 − μ κ) for the
    /// relationship-sensitive risks, p for the others.
    fn effective(risk: Risk, p: Decimal, damping: Decimal) -> Option<Decimal> {
        if risk.is_relationship_sensitive() {
            p.times(damping)
        } else {
            Some(p)
        }
    }

    /// The mitigation factor 1 − μ κ.
    fn damping(&self) -> Option<Decimal> {
        Decimal::ONE.checked_sub(self.mitigation.times(self.coverage)?)
    }

    /// p̂_j of each event, in input order, with its year; events after the
    /// horizon included (the caller filters them).
    pub fn dated_drivers(&self) -> Option<Vec<(DatedRisk, Decimal)>> {
        let damping = self.damping()?;
        self.events
            .iter()
            .map(|e| Some((*e, Terms::effective(e.risk, e.probability, damping)?)))
            .collect()
    }

    /// The quantities that do not depend on the year.
    pub fn rates(&self) -> Option<Rates> {
        let one = Decimal::ONE;
        let r = self.rate;
        let damping = self.damping()?;
        let mut effective = PerRisk::default();
        let mut survival = one;
        for (risk, p) in self.risks.iter() {
            let q = Terms::effective(risk, *p, damping)?;
            effective[risk] = q;
            survival = survival.times(one.checked_sub(q)?)?;
        }
        // Π (1 − p̂_j) over the events of each year inside the horizon.
        let mut event_years = [(0, one); MAX_EVENTS];
        let mut event_year_count = 0;
        for event in &self.events {
            let year = event.month.div_ceil(12);
            if year > self.horizon || year == 0 {
                continue;
            }
            let kept =
                one.checked_sub(Terms::effective(event.risk, event.probability, damping)?)?;
            let found = event_years[..event_year_count]
                .iter()
                .position(|(y, _)| *y == year);
            let slot = if let Some(i) = found {
                i
            } else {
                // More distinct years than events cannot happen.
                let i = event_year_count;
                *event_years.get_mut(i)? = (year, one);
                event_year_count += 1;
                i
            };
            event_years[slot].1 = event_years[slot].1.times(kept)?;
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
        let rate_per_day = r.checked_div(DAYS_PER_YEAR)?;
        let rebate_delay = if self.rebate_days == 0 {
            one
        } else {
            one.checked_div(one.checked_add(rate_per_day.times(Decimal::from(self.rebate_days))?)?)?
        };
        Some(Rates {
            effective,
            survival,
            renewal_loss: match &self.renewals {
                Some(renewals) => Some(renewals.loss()?),
                None => None,
            },
            discount,
            timing_factor,
            rate_per_day,
            rebate_delay,
            delay,
            event_years,
            event_year_count,
        })
    }

    /// d_t for t = 1..=H.
    fn discount_factors(&self, rates: &Rates) -> Option<Vec<Decimal>> {
        let mut out = Vec::with_capacity(self.horizon as usize);
        let mut d = rates.discount.times(rates.timing_factor)?;
        for _ in 0..self.horizon {
            out.push(d);
            d = d.times(rates.discount)?;
        }
        Some(out)
    }

    /// Ẑ_t / Z for t = 0..=H: the present value of one unit of cost paid in
    /// each of the min(Y, H − t) years after year t.
    fn stranded_weights(&self, discounts: &[Decimal]) -> Option<Vec<Decimal>> {
        let horizon = self.horizon as usize;
        let years = self.stranded_years as usize;
        (0..=horizon)
            .map(|t| {
                discounts[t..horizon.min(t + years)]
                    .iter()
                    .try_fold(Decimal::ZERO, |sum, d| sum.checked_add(*d))
            })
            .collect()
    }

    /// V_rel / 1 = −Ẑ_0: what releasing the account now still costs.
    pub fn release_value(&self, rates: &Rates) -> Option<Decimal> {
        if self.stranded_cost.is_zero() {
            return Some(Decimal::ZERO);
        }
        let discounts = self.discount_factors(rates)?;
        let end = discounts.len().min(self.stranded_years as usize);
        let weight = discounts[..end]
            .iter()
            .try_fold(Decimal::ZERO, |sum, d| sum.checked_add(*d))?;
        Decimal::ZERO.checked_sub(weight.times(self.stranded_cost)?)
    }

    /// The per-unit rates of the components with the levers as they are.
    fn unit(&self, rates: &Rates) -> Option<Unit> {
        let one = Decimal::ONE;
        let b = self.default_rate;
        let billed = one.checked_sub(self.concession)?;
        let collected = one.checked_sub(b)?;
        let financing = billed
            .times(collected)?
            .times(rates.rate_per_day.times(self.days)?)?;
        let bad_debt = billed.times(b)?;
        let mut rebate_rate = self
            .rebate
            .times(self.rebate_probability)?
            .times(collected)?
            .times(rates.rebate_delay)?;
        if rates.timing_factor != one && !rebate_rate.is_zero() {
            rebate_rate = rebate_rate.checked_div(rates.timing_factor)?;
        }
        Some(Unit {
            rebate: rebate_rate.times(billed)?,
            rebate_rate,
            billed,
            cost_of_goods: one.checked_sub(self.margin)?,
            financing,
            bad_debt,
            net: billed.checked_sub(financing)?.checked_sub(bad_debt)?,
            savings: self.scale_savings,
            reference: self.reference.times(self.credibility)?,
        })
    }

    /// The forward walk: each year's weights and flows, every weight the chance
    /// that the account is alive when its flow falls, discounted.
    ///
    /// Each weighted index is carried as one running product of moderate factors
    /// (v, s_t, 1 − h_R, 1 + g, 1 − λ, 1 − ω, 1 + i), starting from the amount it
    /// scales, never as a tiny weight times a huge index: Decimal keeps at most 28
    /// decimals, so a weight like 0.3^50 has lost its digits, and multiplied by
    /// 1.5^49 afterwards the loss would show in the cents. The year's flows are
    /// the weights times the per-unit rates ([`Unit`]); the components are the
    /// same rates times the weights summed over the years supplied.
    fn walk(&self, rates: &Rates, unit: &Unit) -> Option<Vec<Year>> {
        let one = Decimal::ONE;
        let zero = Decimal::ZERO;
        let horizon = self.horizon;
        let s = rates.survival;
        let k = self.compensation;
        let tau = rates.timing_factor;
        // G_t = (u − F − B − Q) E_t + N S_t − (1 − m)(EG_t + SG_t) + S W_t
        //       + V_ref R_t − PVC_t − stranded_t.
        let earned_rate = unit
            .billed
            .checked_sub(unit.financing)?
            .checked_sub(unit.bad_debt)?
            .checked_sub(unit.rebate)?;
        let savings_and_reference = unit.savings.checked_add(unit.reference)?;
        let cost = self.cost;
        let growth = one.checked_add(self.growth)?;
        let price_step = one.checked_sub(self.price_down)?;
        let goods_step = one.checked_sub(self.cost_down)?;
        let inflation = one.checked_add(self.inflation)?;
        let ramp = Decimal::from(self.ramp_years).checked_add(one)?;
        let (renewal_loss, retender_each, term) = match (&self.renewals, rates.renewal_loss) {
            (Some(r), Some(loss)) => (loss, r.retender.times(r.retender_cost)?, r.term),
            _ => (zero, zero, 1),
        };
        let stranded = !self.stranded_cost.is_zero();
        let discounts;
        let stranded_weights = if stranded {
            discounts = self.discount_factors(rates)?;
            Some(self.stranded_weights(&discounts)?)
        } else {
            None
        };
        // Without a price-down or a cost-down the goods' index is the price's.
        let same_index = self.price_down.is_zero() && self.cost_down.is_zero();
        let flat_price = self.price_down.is_zero();
        let flat_goods = self.cost_down.is_zero();
        let flat_cost = self.inflation.is_zero();
        let flat_volume = self.growth.is_zero();
        let first = rates.discount.times(tau)?;
        // d_t a_t; d_t a_t R (1+g)^(t−1) π_t; d_t a_t R (1+g)^(t−1) Γ_t;
        // d_t a_t (1+i)^(t−1) C; a_t.
        let sales_start = first.times(self.annual)?;
        let (mut w, mut w_price, mut w_goods, mut w_cost, mut alive) =
            (first, sales_start, sales_start, first.times(cost)?, one);
        let mut out = Vec::with_capacity(horizon as usize);
        for year in 1..=horizon {
            let renewal = self
                .renewals
                .as_ref()
                .is_some_and(|r| r.at_end_of(year, horizon));
            let s_t = match rates.event_survival(year) {
                Some(kept) => s.times(kept)?,
                None => s,
            };
            let h_t = one.checked_sub(s_t)?;
            let (price_w, goods_w, ramping) = if year <= self.ramp_years {
                let share = Decimal::from(year).checked_div(ramp)?;
                let price_w = w_price.times(share)?;
                let goods_w = if same_index {
                    price_w
                } else {
                    w_goods.times(share)?
                };
                (price_w, goods_w, Some(share))
            } else {
                (w_price, w_goods, None)
            };
            let earned_sales = price_w.times(s_t)?;
            let earned_goods = if same_index {
                earned_sales
            } else {
                goods_w.times(s_t)?
            };
            let settled = h_t.times(k)?;
            let (settled_sales, settled_goods) = if settled.is_zero() {
                (zero, zero)
            } else {
                let sales = price_w.times(settled)?;
                let goods = if same_index {
                    sales
                } else {
                    goods_w.times(settled)?
                };
                (sales, goods)
            };
            let earned_weight = w.times(s_t)?;
            let share_weight = match ramping {
                Some(share) => earned_weight.times(share)?,
                None => earned_weight,
            };
            let earned = alive.times(s_t)?;
            let (after, ended_stranded) = match &stranded_weights {
                Some(weights) => {
                    let after = weights[year as usize].times(self.stranded_cost)?;
                    (after, alive.times(h_t)?.times(after)?)
                }
                None => (zero, zero),
            };
            let goods = earned_goods.checked_add(settled_goods)?;
            let mut flows = earned_rate
                .times(earned_sales)?
                .checked_sub(unit.cost_of_goods.times(goods)?)?
                .checked_sub(w_cost)?;
            if !settled_sales.is_zero() {
                flows = flows.checked_add(unit.net.times(settled_sales)?)?;
            }
            if ramping.is_some() {
                flows = flows
                    .checked_add(unit.savings.times(share_weight)?)?
                    .checked_add(unit.reference.times(earned_weight)?)?;
            } else if !savings_and_reference.is_zero() {
                flows = flows.checked_add(savings_and_reference.times(earned_weight)?)?;
            }
            if stranded {
                flows = flows.checked_sub(ended_stranded)?;
            }
            let (retender, lost) = if renewal {
                // X_t = v^t z_t a_t s_t θ T min(L, H − t) / L.
                let bid = if retender_each.is_zero() {
                    zero
                } else {
                    let inside = term.min(horizon - year);
                    let v_alive = if tau == one { w } else { w.checked_div(tau)? };
                    let mut x = v_alive.times(s_t)?.times(retender_each)?;
                    if inside < term {
                        x = x
                            .times(Decimal::from(inside))?
                            .checked_div(Decimal::from(term))?;
                    }
                    x
                };
                let lost = earned.times(renewal_loss)?.times(after)?;
                (zero.checked_sub(bid)?, zero.checked_sub(lost)?)
            } else {
                (zero, zero)
            };
            out.push(Year {
                flows,
                retender,
                lost,
                out: zero.checked_sub(earned.times(after)?)?,
                decision: self.exit
                    && year < horizon
                    && match &self.renewals {
                        Some(_) => renewal,
                        None => true,
                    },
                earned,
                pvc: w_cost,
                earned_sales,
                earned_goods,
                settled_sales,
                settled_goods,
                share_weight,
                earned_weight,
                ended_stranded,
            });
            if year == horizon {
                break;
            }
            // From the start of this year to the start of the next: survive the
            // year, and a renewal at its end if one falls there.
            let kept = if renewal {
                s_t.times(one.checked_sub(renewal_loss)?)?
            } else {
                s_t
            };
            let step = rates.discount.times(kept)?;
            alive = alive.times(kept)?;
            w = w.times(step)?;
            let volume_step = if flat_volume {
                step
            } else {
                step.times(growth)?
            };
            w_price = w_price.times(volume_step)?;
            if !flat_price {
                w_price = w_price.times(price_step)?;
            }
            if same_index {
                w_goods = w_price;
            } else {
                w_goods = w_goods.times(volume_step)?;
                if !flat_goods {
                    w_goods = w_goods.times(goods_step)?;
                }
            }
            w_cost = w_cost.times(step)?;
            if !flat_cost {
                w_cost = w_cost.times(inflation)?;
            }
        }
        Some(out)
    }

    /// The years walked with the levers as they are, ready to be summed
    /// ([`Walked::lifetime`]) or valued again with the levers moved
    /// ([`Walked::moved`]).
    pub fn walked(&self, rates: &Rates) -> Option<Walked> {
        let one = Decimal::ONE;
        let b = self.default_rate;
        let collected = one.checked_sub(b)?;
        let unit = self.unit(rates)?;
        let years = self.walk(rates, &unit)?;
        let horizon = years.len();
        let mut exits = Vec::new();
        let [mut flows, mut earned, mut settled, mut pvc, mut bids] = [Decimal::ZERO; 5];
        for (t, year) in years.iter().enumerate() {
            flows = flows.checked_add(year.flows)?;
            earned = earned.checked_add(year.earned_sales)?;
            settled = settled.checked_add(year.settled_sales)?;
            pvc = pvc.checked_add(year.pvc)?;
            // Stopping at the end of year t + 1: its flows, the bids and lost
            // renewals before it, and the costs that stay after the exit.
            let last = t + 1 == horizon;
            if year.decision || last {
                let mut value = flows.checked_add(bids)?;
                if !last {
                    value = value.checked_add(year.out)?;
                }
                exits.push(Exit {
                    value,
                    earned,
                    settled,
                    sales: earned.checked_add(settled)?,
                    pvc,
                });
            }
            bids = bids.checked_add(year.retender)?.checked_add(year.lost)?;
        }
        Some(Walked {
            years,
            exits,
            unit,
            days: self.days,
            earned_rate: collected.checked_sub(unit.rebate_rate)?,
            settled_rate: collected,
            financing_rate: collected.times(rates.rate_per_day)?,
        })
    }

    /// The lifetime value's parts as they are.
    pub fn lifetime(&self, rates: &Rates) -> Option<Lifetime> {
        self.walked(rates)?.lifetime()
    }

    /// P δ for a prospect, 1 for an active account.
    pub fn scale(&self, rates: &Rates) -> Option<Decimal> {
        if self.is_prospect() {
            self.win_probability.times(rates.delay)
        } else {
            Some(Decimal::ONE)
        }
    }

    /// V from a lifetime value: `P δ (LV − O) − A` for a prospect, LV otherwise.
    pub fn value_of(&self, rates: &Rates, lifetime: &Lifetime) -> Option<Decimal> {
        let lv = lifetime.value()?;
        if self.is_prospect() {
            self.scale(rates)?
                .times(lv.checked_sub(self.onboarding)?)?
                .checked_sub(self.acquisition)
        } else {
            Some(lv)
        }
    }

    /// V: the value as the verdict sees it, `P δ (LV − O) − A` for a prospect.
    pub fn value(&self) -> Option<Decimal> {
        let rates = self.rates()?;
        let lifetime = self.lifetime(&rates)?;
        self.value_of(&rates, &lifetime)
    }

    /// The yearly schedule.
    pub fn schedule(&self, rates: &Rates) -> Option<Schedule> {
        let one = Decimal::ONE;
        let zero = Decimal::ZERO;
        let walk = self.walked(rates)?;
        let exit = walk.exit()?;
        let walked = &walk.years;
        let supplied = exit.unwrap_or(self.horizon);
        let mut years = Vec::with_capacity(self.horizon as usize + 1);
        if self.is_prospect() {
            let onboarding = self.onboarding;
            years.push(YearRow {
                year: 0,
                discount_factor: one,
                alive_at_start: one,
                alive_at_end: one,
                ended_in_year: zero,
                renewal: false,
                supplied: true,
                sales: zero,
                price_index: one,
                contribution: zero,
                financing: zero,
                bad_debt: zero,
                net_contribution: zero,
                rebate: zero,
                scale_savings: zero,
                reference: zero,
                compensation: zero,
                cost_to_serve: zero,
                stranded: zero,
                retender: zero,
                onboarding,
                expected_flow: zero.checked_sub(onboarding)?,
                discounted: zero.checked_sub(onboarding)?,
            });
        }
        let c = self.concession;
        let b = self.default_rate;
        let k = self.compensation;
        let carry = rates.rate_per_day.times(self.days)?;
        let reference = self.reference.times(self.credibility)?;
        let growth = one.checked_add(self.growth)?;
        let price_step = one.checked_sub(self.price_down)?;
        let goods_step = one.checked_sub(self.cost_down)?;
        let inflation = one.checked_add(self.inflation)?;
        let ramp = Decimal::from(self.ramp_years).checked_add(one)?;
        let retender_each = match &self.renewals {
            Some(r) => r.retender.times(r.retender_cost)?,
            None => zero,
        };
        let renewal_loss = rates.renewal_loss.unwrap_or(zero);
        let term = self.renewals.as_ref().map_or(1, |r| r.term);
        let discounts = self.discount_factors(rates)?;
        let (mut volume, mut price, mut goods, mut cost) = (self.annual, one, one, self.cost);
        let mut alive = one;
        for (i, walk) in walked.iter().enumerate() {
            let year = i as u32 + 1;
            if year > 1 {
                volume = volume.times(growth)?;
                price = price.times(price_step)?;
                goods = goods.times(goods_step)?;
                cost = cost.times(inflation)?;
            }
            let share = if year <= self.ramp_years {
                Decimal::from(year).checked_div(ramp)?
            } else {
                one
            };
            let renewal = self
                .renewals
                .as_ref()
                .is_some_and(|r| r.at_end_of(year, self.horizon));
            let s_t = match rates.event_survival(year) {
                Some(kept) => rates.survival.times(kept)?,
                None => rates.survival,
            };
            let h_t = one.checked_sub(s_t)?;
            let sales = volume.times(share)?;
            let billed = sales.times(price)?.times(one.checked_sub(c)?)?;
            let contribution =
                billed.checked_sub(sales.times(goods)?.times(one.checked_sub(self.margin)?)?)?;
            let financing = billed.times(one.checked_sub(b)?)?.times(carry)?;
            let bad_debt = billed.times(b)?;
            let net = contribution.checked_sub(financing)?.checked_sub(bad_debt)?;
            let rebate = billed
                .times(one.checked_sub(b)?)?
                .times(self.rebate)?
                .times(self.rebate_probability)?;
            let savings = self.scale_savings.times(share)?;
            let settled = k.times(net)?;
            let earned = alive.times(s_t)?;
            let ended = alive.times(h_t)?;
            let is_supplied = year <= supplied;
            // Nominal stranded cost: Z for each of the years after an ending.
            let stranded_years = self.stranded_years.min(self.horizon - year);
            let stranded_each = self.stranded_cost.times(Decimal::from(stranded_years))?;
            let mut endings = ended;
            if is_supplied && year < supplied && renewal {
                endings = endings.checked_add(earned.times(renewal_loss)?)?;
            }
            if exit == Some(year) {
                endings = endings.checked_add(earned)?;
            }
            let stranded = endings.times(stranded_each)?;
            let retender = if renewal && year < supplied && !retender_each.is_zero() {
                let inside = term.min(self.horizon - year);
                earned
                    .times(retender_each)?
                    .times(Decimal::from(inside))?
                    .checked_div(Decimal::from(term))?
            } else {
                zero
            };
            let expected_flow = earned
                .times(net.checked_add(savings)?.checked_add(reference)?)?
                .checked_sub(earned.times(rebate)?)?
                .checked_add(ended.times(settled)?)?
                .checked_sub(alive.times(cost)?)?
                .checked_sub(stranded)?
                .checked_sub(retender)?;
            let discounted = if is_supplied {
                let mut x = walk.flows;
                if year < supplied {
                    x = x.checked_add(walk.retender)?.checked_add(walk.lost)?;
                }
                if exit == Some(year) {
                    x = x.checked_add(walk.out)?;
                }
                x
            } else {
                zero
            };
            years.push(YearRow {
                year,
                discount_factor: discounts[i],
                alive_at_start: alive,
                alive_at_end: earned,
                ended_in_year: ended,
                renewal,
                supplied: is_supplied,
                sales,
                price_index: price,
                contribution,
                financing,
                bad_debt,
                net_contribution: net,
                rebate,
                scale_savings: savings,
                reference,
                compensation: settled,
                cost_to_serve: cost,
                stranded,
                retender,
                onboarding: zero,
                expected_flow: if is_supplied { expected_flow } else { zero },
                discounted,
            });
            let kept = if renewal {
                s_t.times(one.checked_sub(renewal_loss)?)?
            } else {
                s_t
            };
            alive = alive.times(kept)?;
        }
        let lifetime_value = years
            .iter()
            .try_fold(zero, |sum, y| sum.checked_add(y.discounted))?;
        Some(Schedule {
            years,
            lifetime_value,
            exit_year: exit,
        })
    }
}

/// One walk over the years with the levers as they are, with what it takes to
/// value the account again with the levers moved.
///
/// Each year's flows G_t depend on the three levers only through the billed share
/// u = 1 − c, the payment days D and the cost-to-serve factor f, and only as
/// u (kE E_t + kS S_t) − kF u D (E_t + S_t) − f PVC_t, where E_t and S_t are the
/// year's earned and settled weighted list-price sales (d_t a_t s_t R_t π_t and
/// d_t a_t h_t k R_t π_t) and PVC_t its weighted cost to serve; the re-tender
/// bids, lost renewals and stranded costs do not move with them.
///
/// The flows are expected values, so deciding backwards where to stop is the
/// same as choosing the one exit year E that is worth most (the last of equals,
/// as the backward decision keeps supplying on a tie): LV is the largest of the
/// values V_E of supplying years 1..=E and stopping, over every decision point
/// and the horizon's end. Each V_E is its value as the levers are plus the
/// levers' changes times the weights summed to E, so the account is valued again
/// with any levers from one sum per candidate exit year, the full valuation's
/// arithmetic up to rounding.
#[derive(Clone, Debug)]
pub(crate) struct Walked {
    years: Vec<Year>,
    /// Each year the supplier could stop at (the decision points and the
    /// horizon's end), in order.
    exits: Vec<Exit>,
    /// The components' per-unit rates as the levers are.
    unit: Unit,
    /// D as it is (u = 1 − c is `unit.billed`).
    days: Decimal,
    /// kE = (1 − b)(1 − β ζ / (τ (1 + r ℓ / 365))), kS = 1 − b, kF = (1 − b) r / 365.
    earned_rate: Decimal,
    settled_rate: Decimal,
    financing_rate: Decimal,
}

/// Supplying years 1..=E and stopping at the end of year E (E = H: supplying the
/// whole horizon), as the levers are: its lifetime value, and the sums to E of
/// the weights that the levers move.
#[derive(Clone, Copy, Debug)]
struct Exit {
    value: Decimal,
    earned: Decimal,
    settled: Decimal,
    /// Earned and settled together.
    sales: Decimal,
    pvc: Decimal,
}

/// The account valued again with its levers moved: LV, and the sums over the
/// years supplied that its slopes need ([`Walked::slope`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Moved {
    /// LV.
    pub lifetime: Decimal,
    billed: Decimal,
    days: Decimal,
    earned: Decimal,
    settled: Decimal,
    pvc: Decimal,
}

/// The single lever whose slope a break-even figure follows: the share of cost
/// to serve removed, the concession, the payment days removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slope {
    Cost,
    Concession,
    Terms,
}

impl Walked {
    /// The exit year E by backward induction over the years' flows `flows`:
    /// going back from W_H = 0, cont_t = −X_t + lost_t + G_(t+1) + W_(t+1),
    /// W_t = max(out_t, cont_t) at a decision point; E is the first decision point
    /// where stopping is worth more. With it, what stopping there is worth against
    /// supplying on: out_E − cont_E. The outer `None` is an overflow, as everywhere
    /// in the walk; the inner one says that the supplier supplies the whole horizon.
    #[allow(clippy::option_option)]
    fn exit_year(&self, flows: &[Decimal]) -> Option<Option<(u32, Decimal)>> {
        let years = &self.years;
        if !years.iter().any(|y| y.decision) {
            return Some(None);
        }
        let mut exit = None;
        let mut rest = Decimal::ZERO;
        for t in (0..years.len().saturating_sub(1)).rev() {
            let year = &years[t];
            let cont = year
                .retender
                .checked_add(year.lost)?
                .checked_add(flows[t + 1])?
                .checked_add(rest)?;
            rest = if year.decision && cont < year.out {
                // The latest found is the earliest in time, as the walk goes back.
                exit = Some((t as u32 + 1, year.out.checked_sub(cont)?));
                year.out
            } else {
                cont
            };
        }
        Some(exit)
    }

    /// The years' flows as they are.
    fn flows(&self) -> Vec<Decimal> {
        self.years.iter().map(|y| y.flows).collect()
    }

    /// The exit year as the levers are.
    #[allow(clippy::option_option)]
    pub fn exit(&self) -> Option<Option<u32>> {
        Some(self.exit_year(&self.flows())?.map(|(year, _)| year))
    }

    /// The lifetime value's parts, summed over the years supplied: each year's
    /// weights summed, times the per-unit rates.
    pub fn lifetime(&self) -> Option<Lifetime> {
        let zero = Decimal::ZERO;
        let years = &self.years;
        let exit_gain = self.exit_year(&self.flows())?;
        let exit = exit_gain.map(|(year, _)| year);
        let supplied = exit.map_or(years.len(), |e| e as usize);
        // ΣE, ΣEG, ΣS, ΣSG, ΣW, ΣR, ΣPVC, Σ a h Ẑ, Σ a s.
        let mut sums = [zero; 9];
        let [mut retender, mut lost] = [zero; 2];
        for (t, year) in years[..supplied].iter().enumerate() {
            let weights = [
                year.earned_sales,
                year.earned_goods,
                year.settled_sales,
                year.settled_goods,
                year.share_weight,
                year.earned_weight,
                year.pvc,
                year.ended_stranded,
                year.earned,
            ];
            for (sum, x) in sums.iter_mut().zip(weights) {
                *sum = sum.checked_add(x)?;
            }
            if t + 1 < supplied {
                retender = retender.checked_add(year.retender)?;
                lost = lost.checked_add(year.lost)?;
            }
        }
        let [
            earned,
            earned_goods,
            settled,
            settled_goods,
            share,
            weight,
            pvc,
            ended,
            expected,
        ] = sums;
        let unit = &self.unit;
        let mut stranded = lost.checked_sub(ended)?;
        if exit.is_some() {
            stranded = stranded.checked_add(years[supplied - 1].out)?;
        }
        let concession_slope = self.slope(
            &Moved {
                lifetime: zero,
                billed: self.unit.billed,
                days: self.days,
                earned,
                settled,
                pvc,
            },
            Slope::Concession,
        )?;
        Some(Lifetime {
            contribution: unit
                .billed
                .times(earned)?
                .checked_sub(unit.cost_of_goods.times(earned_goods)?)?,
            scale_savings: unit.savings.times(share)?,
            reference: unit.reference.times(weight)?,
            financing: zero.checked_sub(unit.financing.times(earned)?)?,
            bad_debt: zero.checked_sub(unit.bad_debt.times(earned)?)?,
            rebate: zero.checked_sub(unit.rebate.times(earned)?)?,
            compensation: unit
                .net
                .times(settled)?
                .checked_sub(unit.cost_of_goods.times(settled_goods)?)?,
            cost_to_serve: zero.checked_sub(pvc)?,
            stranded,
            retender,
            pvc,
            concession_slope,
            expected_years: expected,
            exit_year: exit,
            exit_gain: exit_gain.map(|(_, gain)| gain),
        })
    }

    /// The slope of LV in one lever where `moved` stands, the years supplied
    /// held.
    pub fn slope(&self, moved: &Moved, lever: Slope) -> Option<Decimal> {
        let per_day = || {
            self.financing_rate
                .times(moved.earned.checked_add(moved.settled)?)
        };
        match lever {
            Slope::Cost => Some(moved.pvc),
            // dLV/dc = −dLV/du = −kE ΣE − kS ΣS + kF D (ΣE + ΣS).
            Slope::Concession => per_day()?
                .times(moved.days)?
                .checked_sub(self.earned_rate.times(moved.earned)?)?
                .checked_sub(self.settled_rate.times(moved.settled)?),
            Slope::Terms => per_day()?.times(moved.billed),
        }
    }

    /// The balanced package as a curve per exit year: LV_E(ξ) = V_E + A_E ξ +
    /// B_E ξ² when every lever moves by the share ξ of its feasible range
    /// (`range`: φ as `cost`, min(ψ, c) as `concession`, min(χ, terms days) as
    /// `days_removed`). With Δc, ΔD and the sums E, S, PVC to E:
    /// A = Δc (kE E + kS S) − kF (Δc D − u ΔD)(E + S) + φ PVC and
    /// B = kF Δc ΔD (E + S), the financing weight moving with both the
    /// concession and the days. [`Walked::moved`] at the package gives the same.
    pub fn package_curve(&self, range: &Levers) -> Option<Vec<[Decimal; 3]>> {
        let (cut, days_cut) = (range.concession, range.days_removed);
        let mixed = cut
            .times(self.days)?
            .checked_sub(self.unit.billed.times(days_cut)?)?;
        let square_rate = self.financing_rate.times(cut)?.times(days_cut)?;
        self.exits
            .iter()
            .map(|exit| {
                let both = exit.earned.checked_add(exit.settled)?;
                let linear = cut
                    .times(
                        self.earned_rate
                            .times(exit.earned)?
                            .checked_add(self.settled_rate.times(exit.settled)?)?,
                    )?
                    .checked_sub(self.financing_rate.times(mixed)?.times(both)?)?
                    .checked_add(range.cost.times(exit.pvc)?)?;
                Some([exit.value, linear, square_rate.times(both)?])
            })
            .collect()
    }

    /// LV with the levers at `levers`: the largest value over the exit years,
    /// each its value as the levers are plus the levers' changes of the year's
    /// flows summed to it (see [`Walked`]).
    pub fn moved(&self, levers: &Levers) -> Option<Moved> {
        let one = Decimal::ONE;
        let billed = one.checked_sub(levers.concession)?;
        let days = self.days.checked_sub(levers.days_removed)?;
        let more_billed = billed.checked_sub(self.unit.billed)?;
        let (on_earned, on_settled) = if more_billed.is_zero() && levers.days_removed.is_zero() {
            (Decimal::ZERO, Decimal::ZERO)
        } else {
            // kF (u′ D′ − u D): the change of the financing weight.
            let financing = if more_billed.is_zero() {
                Decimal::ZERO.checked_sub(
                    self.financing_rate
                        .times(self.unit.billed)?
                        .times(levers.days_removed)?,
                )?
            } else {
                self.financing_rate.times(
                    billed
                        .times(days)?
                        .checked_sub(self.unit.billed.times(self.days)?)?,
                )?
            };
            (
                more_billed
                    .times(self.earned_rate)?
                    .checked_sub(financing)?,
                more_billed
                    .times(self.settled_rate)?
                    .checked_sub(financing)?,
            )
        };
        let less_cost = one.checked_sub(levers.cost)?;
        let mut best: Option<(Decimal, &Exit)> = None;
        for exit in &self.exits {
            let mut value = exit.value;
            if on_earned == on_settled {
                // Payment days alone move earned and settled sales alike.
                if !on_earned.is_zero() {
                    value = exact::add(value, on_earned.times(exit.sales)?)?;
                }
            } else {
                for (rate, weight) in [(on_earned, exit.earned), (on_settled, exit.settled)] {
                    if !rate.is_zero() && !weight.is_zero() {
                        value = exact::add(value, rate.times(weight)?)?;
                    }
                }
            }
            if !less_cost.is_zero() && !exit.pvc.is_zero() {
                value = exact::add(value, less_cost.times(exit.pvc)?)?;
            }
            // The last of equal values: the backward decision keeps supplying
            // on a tie.
            if best.is_none_or(|(top, _)| value >= top) {
                best = Some((value, exit));
            }
        }
        let (lifetime, exit) = best?;
        Some(Moved {
            lifetime,
            billed,
            days,
            earned: exit.earned,
            settled: exit.settled,
            pvc: exit.pvc,
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
