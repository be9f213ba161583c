//! The arithmetic of the model, in `Decimal` with checked operations.
//!
//! Everything in this file is a formula of the model (see [`crate::model`]); the
//! verdict and its explanation are built from these numbers in
//! [`crate::verdict`]. Nothing is rounded here.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::account::Account;
use crate::error::{Error, ErrorKind, Result};
use crate::policy::Policy;
use crate::words::{Evidence, PerRisk, Stage, Word};

const DAYS_PER_YEAR: Decimal = Decimal::from_parts(365, 0, 0, false, 0);
const MONTHS_PER_YEAR: Decimal = Decimal::from_parts(12, 0, 0, false, 0);

/// The per-account quantities that do not depend on the year.
#[derive(Clone, Debug)]
pub(crate) struct Factors {
    pub coverage: Decimal,
    /// Effective yearly probability q_k of each risk.
    pub effective: PerRisk<Decimal>,
    pub hazard: Decimal,
    pub survival: Decimal,
    pub discount: Decimal,
    pub reference: Decimal,
    pub cost_to_serve: Decimal,
    pub acquisition: Decimal,
    /// P and δ, for prospects.
    pub pursuit: Option<(Decimal, Decimal)>,
    /// Factors of list-price sales giving K_t, F_t, B_t and dN_t/dc.
    contribution_rate: Decimal,
    financing_rate: Decimal,
    bad_debt_rate: Decimal,
    concession_slope: Decimal,
}

/// The present values of the lifetime value's parts, before any prospect scaling.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lifetime {
    pub contribution: Decimal,
    pub scale_savings: Decimal,
    pub reference: Decimal,
    pub financing: Decimal,
    pub bad_debt: Decimal,
    pub compensation: Decimal,
    pub cost_to_serve: Decimal,
    /// Σ v^t s^(t−1) C, the present value of cost to serve (positive).
    pub pvc: Decimal,
    /// dLV/dc.
    pub concession_slope: Decimal,
    /// Σ s^t.
    pub expected_years: Decimal,
}

impl Lifetime {
    /// LV: the sum of the seven parts.
    pub fn value(&self) -> Option<Decimal> {
        [
            self.scale_savings,
            self.reference,
            self.financing,
            self.bad_debt,
            self.compensation,
            self.cost_to_serve,
        ]
        .iter()
        .try_fold(self.contribution, |sum, x| sum.checked_add(*x))
    }
}

/// One year of the schedule: the survival weights, the flows if the account is
/// alive, and the expected discounted result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct YearRow {
    /// t, from 1.
    pub year: u32,
    /// v^t.
    pub discount_factor: Decimal,
    /// s^(t−1): alive at the start of the year (weight of cost to serve).
    pub alive_at_start: Decimal,
    /// s^t: alive at the end of the year (weight of earned flows).
    pub alive_at_end: Decimal,
    /// s^(t−1) h: ended during the year (weight of compensation).
    pub ended_in_year: Decimal,
    /// R_t: list-price sales.
    pub sales: Decimal,
    /// K_t = R_t (m − c).
    pub contribution: Decimal,
    /// F_t: financing cost of the credit days (a cost, shown positive).
    pub financing: Decimal,
    /// B_t: bad debt (a cost, shown positive).
    pub bad_debt: Decimal,
    /// N_t = K_t − F_t − B_t.
    pub net_contribution: Decimal,
    /// S.
    pub scale_savings: Decimal,
    /// V_ref after credibility.
    pub reference: Decimal,
    /// k N_t: settled if the client ends the contract during the year.
    pub compensation: Decimal,
    /// C (a cost, shown positive).
    pub cost_to_serve: Decimal,
    /// s^t (N_t + S + V_ref) + s^(t−1) h k N_t − s^(t−1) C.
    pub expected_flow: Decimal,
    /// v^t × expected flow.
    pub discounted: Decimal,
}

/// The yearly schedule of one account: an auditor recomputes the lifetime value
/// from it. For a prospect the flows are those if won (not scaled by P δ).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Schedule {
    /// One row a year, t = 1..=H.
    pub years: Vec<YearRow>,
    /// LV: the sum of the discounted column.
    pub lifetime_value: Decimal,
}

fn overflow(account: &Account, quantity: &'static str) -> Error {
    Error::new(ErrorKind::Overflow {
        id: account.id().to_owned(),
        quantity,
    })
}

impl Factors {
    pub fn new(account: &Account, policy: &Policy) -> Result<Factors> {
        Factors::compute(account, policy).ok_or_else(|| overflow(account, "account factors"))
    }

    fn compute(account: &Account, policy: &Policy) -> Option<Factors> {
        let r = policy.discount_rate();
        let one = Decimal::ONE;

        let (mut listed, mut covered) = (Decimal::ZERO, Decimal::ZERO);
        for contact in account.roles() {
            let w = policy.role_weight(contact.role);
            listed = listed.checked_add(w)?;
            if contact.covered {
                covered = covered.checked_add(w)?;
            }
        }
        let coverage = if listed.is_zero() {
            Decimal::ZERO
        } else {
            covered.checked_div(listed)?
        };

        let mitigation =
            one.checked_sub(policy.relationship_mitigation().checked_mul(coverage)?)?;
        let mut effective = PerRisk::default();
        let mut survival = one;
        for (risk, p) in account.risk().probabilities.iter() {
            let q = if risk.is_relationship_sensitive() {
                p.checked_mul(mitigation)?
            } else {
                *p
            };
            effective[risk] = q;
            survival = survival.checked_mul(one.checked_sub(q)?)?;
        }
        let hazard = one.checked_sub(survival)?;

        let rev = account.revenue();
        let pay = account.payment();
        let c = rev.concession;
        let b = pay.default_rate;
        let days = Decimal::from(pay.terms_days + pay.delay_days);
        // r × days / 365: the simple-interest cost of carrying one unit collected.
        let carry = r.checked_mul(days)?.checked_div(DAYS_PER_YEAR)?;
        let billed = one.checked_sub(c)?;
        let collected = billed.checked_mul(one.checked_sub(b)?)?;
        let financing_rate = collected.checked_mul(carry)?;
        let bad_debt_rate = billed.checked_mul(b)?;
        let contribution_rate = rev.gross_margin.checked_sub(c)?;
        // dN/dc per unit of list-price sales: −1 + (1 − b) r d / 365 + b.
        let concession_slope = one
            .checked_sub(b)?
            .checked_mul(carry)?
            .checked_add(b)?
            .checked_sub(one)?;

        let reference = account
            .reference()
            .yearly()?
            .checked_mul(policy.reference_credibility())?;

        let pursuit = if account.stage() == Stage::Prospect {
            let months = Decimal::from(account.pursuit().sales_cycle_months);
            let delay = one.checked_div(
                one.checked_add(r.checked_mul(months)?.checked_div(MONTHS_PER_YEAR)?)?,
            )?;
            Some((win_probability(account, policy)?, delay))
        } else {
            None
        };
        let acquisition = match account.stage() {
            Stage::Active => Decimal::ZERO,
            _ => account.acquisition().total(),
        };

        Some(Factors {
            coverage,
            effective,
            hazard,
            survival,
            discount: one.checked_div(one.checked_add(r)?)?,
            reference,
            cost_to_serve: account.cost_to_serve().total(),
            acquisition,
            pursuit,
            contribution_rate,
            financing_rate,
            bad_debt_rate,
            concession_slope,
        })
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
    for evidence in Evidence::ALL {
        if pursuit.has(*evidence) {
            odds = odds.checked_mul(policy.evidence_odds(*evidence))?;
        }
    }
    odds.checked_div(one.checked_add(odds)?)
}

impl Factors {
    /// Walks t = 1..=H, handing each year's row to `visit`.
    fn years(
        &self,
        account: &Account,
        policy: &Policy,
        mut visit: impl FnMut(&YearRow),
    ) -> Option<()> {
        let rev = account.revenue();
        let k = account.risk().termination_compensation;
        let growth = Decimal::ONE.checked_add(rev.growth)?;
        let (mut sales, mut discount, mut alive_at_start) =
            (rev.annual, self.discount, Decimal::ONE);
        for year in 1..=policy.horizon_years() {
            if year > 1 {
                sales = sales.checked_mul(growth)?;
                discount = discount.checked_mul(self.discount)?;
            }
            let alive_at_end = alive_at_start.checked_mul(self.survival)?;
            let ended_in_year = alive_at_start.checked_mul(self.hazard)?;
            let contribution = sales.checked_mul(self.contribution_rate)?;
            let financing = sales.checked_mul(self.financing_rate)?;
            let bad_debt = sales.checked_mul(self.bad_debt_rate)?;
            let net_contribution = contribution.checked_sub(financing)?.checked_sub(bad_debt)?;
            let compensation = k.checked_mul(net_contribution)?;
            let earned = net_contribution
                .checked_add(rev.scale_savings)?
                .checked_add(self.reference)?;
            let expected_flow = alive_at_end
                .checked_mul(earned)?
                .checked_add(ended_in_year.checked_mul(compensation)?)?
                .checked_sub(alive_at_start.checked_mul(self.cost_to_serve)?)?;
            visit(&YearRow {
                year,
                discount_factor: discount,
                alive_at_start,
                alive_at_end,
                ended_in_year,
                sales,
                contribution,
                financing,
                bad_debt,
                net_contribution,
                scale_savings: rev.scale_savings,
                reference: self.reference,
                compensation,
                cost_to_serve: self.cost_to_serve,
                expected_flow,
                discounted: discount.checked_mul(expected_flow)?,
            });
            alive_at_start = alive_at_end;
        }
        Some(())
    }

    /// The lifetime value's parts as present values.
    ///
    /// Every component is a constant times one of five weighted sums, because
    /// only sales change from year to year:
    ///
    /// - `Σ v^t s^t R_t` carries contribution, financing and bad debt (each a
    ///   fixed share of list-price sales),
    /// - `Σ v^t s^t` carries scale savings and reference value,
    /// - `Σ v^t s^(t−1) h R_t` carries compensation,
    /// - `Σ v^t s^(t−1)` carries cost to serve,
    /// - `Σ s^t` is the expected number of years.
    ///
    /// Factoring the constants out is exact in the model's arithmetic and takes a
    /// third of the multiplications of the year-by-year schedule.
    pub fn lifetime(&self, account: &Account, policy: &Policy) -> Result<Lifetime> {
        self.weighted_sums(account, policy)
            .ok_or_else(|| overflow(account, "lifetime value"))
    }

    fn weighted_sums(&self, account: &Account, policy: &Policy) -> Option<Lifetime> {
        let rev = account.revenue();
        let k = account.risk().termination_compensation;
        let growth = Decimal::ONE.checked_add(rev.growth)?;
        let zero = Decimal::ZERO;
        let (mut sales, mut discount, mut alive_at_start) =
            (rev.annual, self.discount, Decimal::ONE);
        let (mut earned_sales, mut earned, mut ended_sales, mut started, mut years) =
            (zero, zero, zero, zero, zero);
        for year in 1..=policy.horizon_years() {
            if year > 1 {
                sales = sales.checked_mul(growth)?;
                discount = discount.checked_mul(self.discount)?;
            }
            let alive_at_end = alive_at_start.checked_mul(self.survival)?;
            let earn = discount.checked_mul(alive_at_end)?;
            let start = discount.checked_mul(alive_at_start)?;
            earned_sales = earned_sales.checked_add(earn.checked_mul(sales)?)?;
            earned = earned.checked_add(earn)?;
            ended_sales = ended_sales.checked_add(start.checked_mul(sales)?)?;
            started = started.checked_add(start)?;
            years = years.checked_add(alive_at_end)?;
            alive_at_start = alive_at_end;
        }
        // Σ v^t s^(t−1) h R_t = h Σ v^t s^(t−1) R_t.
        let ended_sales = ended_sales.checked_mul(self.hazard)?;
        let net_rate = self
            .contribution_rate
            .checked_sub(self.financing_rate)?
            .checked_sub(self.bad_debt_rate)?;
        let pvc = started.checked_mul(self.cost_to_serve)?;
        // dN_t/dc is weighted like N_t: earned at the year's end, or settled (× k)
        // when the contract ends during the year.
        let slope_weight = earned_sales.checked_add(k.checked_mul(ended_sales)?)?;
        Some(Lifetime {
            contribution: earned_sales.checked_mul(self.contribution_rate)?,
            scale_savings: earned.checked_mul(rev.scale_savings)?,
            reference: earned.checked_mul(self.reference)?,
            financing: zero.checked_sub(earned_sales.checked_mul(self.financing_rate)?)?,
            bad_debt: zero.checked_sub(earned_sales.checked_mul(self.bad_debt_rate)?)?,
            compensation: ended_sales.checked_mul(k)?.checked_mul(net_rate)?,
            cost_to_serve: zero.checked_sub(pvc)?,
            pvc,
            concession_slope: slope_weight.checked_mul(self.concession_slope)?,
            expected_years: years,
        })
    }

    /// The yearly schedule.
    pub fn schedule(&self, account: &Account, policy: &Policy) -> Result<Schedule> {
        let mut years = Vec::with_capacity(policy.horizon_years() as usize);
        self.years(account, policy, |y| years.push(y.clone()))
            .ok_or_else(|| overflow(account, "schedule"))?;
        let lifetime_value = years
            .iter()
            .try_fold(Decimal::ZERO, |sum, y| sum.checked_add(y.discounted))
            .ok_or_else(|| overflow(account, "schedule"))?;
        Ok(Schedule {
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
    Factors::new(account, policy)?.schedule(account, policy)
}
