//! The validated account: every value inside its range, every choice a word of the
//! model.
//!
//! These are the types only. An [`Account`] is made by validation
//! ([`AccountInput::validate`](crate::input::AccountInput::validate), from text) or by [`crate::AccountBuilder`] (from typed
//! values, validated the same way), so a rate outside `0..=1` or a currency that
//! is not three capital letters cannot exist past that point.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::input::AccountInput;
use crate::words::{
    Coverage, Currency, Evidence, PerEvidence, PerRisk, ReferenceKind, Risk, Role, Stage,
};

/// Sales, margin and what the account takes off them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Revenue {
    /// R: year-1 sales at list price, before this account's concessions.
    pub annual: Decimal,
    /// g: yearly growth of sales.
    pub growth: Decimal,
    /// m: margin on list-price sales before account-specific costs.
    pub gross_margin: Decimal,
    /// c: discounts and rebates, as a share of list-price sales.
    pub concession: Decimal,
    /// J: years until the account buys its full volume (in year `t ≤ J` it buys
    /// the share `t / (J + 1)` of it).
    pub ramp_years: u32,
    /// λ: contractual yearly price reduction.
    pub price_down: Decimal,
    /// S: yearly production and planning savings from the stable volume, once the
    /// volume is all there.
    pub scale_savings: Decimal,
    /// ω: our own yearly productivity: the cost of the goods sold to this account
    /// falls by this share each year.
    pub cost_down: Decimal,
    /// β: off-invoice rebate (a volume or year-end bonus), the share of the year's
    /// collected sales paid back after the year ends if earned; not part of the
    /// concession. `None` when not given (no rebate).
    pub rebate: Option<Decimal>,
    /// ζ: chance that the client meets the rebate's condition (1 when not given).
    pub rebate_probability: Decimal,
    /// ℓ: days after the end of the year when the rebate is paid.
    pub rebate_days: u32,
}

impl Revenue {
    /// β, 0 when no rebate is given.
    #[must_use]
    pub fn rebate_share(&self) -> Decimal {
        self.rebate.unwrap_or(Decimal::ZERO)
    }
}

/// Yearly cost of serving the account.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CostToServe {
    /// The key-account team.
    pub account_team: Decimal,
    /// Service and support.
    pub service: Decimal,
    /// Customised products and paperwork.
    pub customization: Decimal,
    /// Running the reference programme.
    pub reference_program: Decimal,
    /// Anything else.
    pub other: Decimal,
    /// i: yearly change of cost to serve.
    pub inflation: Decimal,
}

impl CostToServe {
    /// C: the sum of the five parts, in year 1.
    #[must_use]
    pub fn total(&self) -> Decimal {
        self.account_team + self.service + self.customization + self.reference_program + self.other
    }
}

/// One-off cost of winning the account.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Acquisition {
    /// Tender paperwork.
    pub tender: Decimal,
    /// Free preparatory work.
    pub free_work: Decimal,
    /// Contract negotiation with the client's lawyers.
    pub legal: Decimal,
    /// Senior management time.
    pub executive: Decimal,
    /// O: the one-off cost of starting the account once won (not part of A).
    pub onboarding: Decimal,
}

impl Acquisition {
    /// A: the sum of the four parts spent to win, onboarding not included.
    #[must_use]
    pub fn total(&self) -> Decimal {
        self.tender + self.free_work + self.legal + self.executive
    }
}

/// How, and how reliably, the account pays.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Payment {
    /// Agreed credit days.
    pub terms_days: u32,
    /// Expected delay beyond the terms, in days.
    pub delay_days: u32,
    /// b: expected share of billed sales never paid.
    pub default_rate: Decimal,
}

/// The yearly probabilities that events end the contract.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Risks {
    /// p_k for each [`Risk`].
    pub probabilities: PerRisk<Decimal>,
    /// k: share of the final year's net contribution still settled on termination.
    pub termination_compensation: Decimal,
}

impl Risks {
    /// The yearly probability p_k of one risk.
    #[must_use]
    pub fn probability(&self, risk: Risk) -> Decimal {
        self.probabilities[risk]
    }
}

/// A dated one-off chance that a named cause ends the contract: an announced sale,
/// a procurement review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// Month, counted from the start of year 1 (for a prospect, from when its
    /// revenue starts), `1..=600`.
    pub month: u32,
    /// The cause.
    pub risk: Risk,
    /// The chance that it ends the contract then.
    pub probability: Decimal,
}

impl Event {
    /// The year the event falls in, ⌈month / 12⌉.
    #[must_use]
    pub fn year(&self) -> u32 {
        self.month.div_ceil(12)
    }
}

/// Costs that stay after the relationship ends, whoever ends it (active accounts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Release {
    /// Z: yearly cost that stays (a team still on payroll, idle capacity).
    pub stranded_cost: Decimal,
    /// Y: how many years it stays.
    pub stranded_years: u32,
}

impl Default for Release {
    fn default() -> Release {
        Release {
            stranded_cost: Decimal::ZERO,
            stranded_years: 1,
        }
    }
}

/// One listed role of the decision-making unit and what is known of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RoleContact {
    /// The role.
    pub role: Role,
    /// Covered, uncovered, or absent at this client.
    pub coverage: Coverage,
}

/// The contract's terms: how long each runs, and what happens at a renewal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Contract {
    /// L: length of each term, in years.
    pub term_years: u32,
    /// e: full years of the current term already run (active accounts).
    pub years_elapsed: u32,
    /// θ: chance that the client re-tenders at a renewal.
    pub retender_probability: Decimal,
    /// w: chance that the supplier wins a re-tender.
    pub incumbent_win_probability: Decimal,
    /// ν: chance that the client lets the contract lapse at a renewal without a tender.
    pub nonrenewal: Decimal,
    /// T: cost of bidding in one re-tender.
    pub retender_cost: Decimal,
}

impl Contract {
    /// h_R = θ (1 − w) + (1 − θ) ν: the chance that the contract is lost at a
    /// renewal. `None` on overflow, which the input bounds rule out.
    #[must_use]
    pub fn renewal_loss(&self) -> Option<Decimal> {
        let one = Decimal::ONE;
        let retendered = self
            .retender_probability
            .checked_mul(one.checked_sub(self.incumbent_win_probability)?)?;
        let lapsed = one
            .checked_sub(self.retender_probability)?
            .checked_mul(self.nonrenewal)?;
        retendered.checked_add(lapsed)
    }
}

/// What is known about winning a prospect.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Pursuit {
    /// P when given: used as is.
    pub win_probability: Option<Decimal>,
    /// n: other bidders.
    pub competitors: u32,
    /// Which evidence is true.
    pub evidence: PerEvidence<bool>,
    /// M: months until revenue starts.
    pub sales_cycle_months: u32,
}

impl Pursuit {
    /// Whether one piece of evidence is true.
    #[must_use]
    pub fn has(&self, evidence: Evidence) -> bool {
        self.evidence[evidence]
    }
}

/// One itemised reference use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReferenceUse {
    /// The kind of use.
    pub kind: ReferenceKind,
    /// Uses a year.
    pub per_year: u32,
    /// Margin won from other buyers per use.
    pub margin_per_use: Decimal,
    /// Probability that the use happens and pays off.
    pub probability: Decimal,
}

/// Margin won from other buyers thanks to this account's name.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reference {
    /// One yearly estimate.
    pub annual_value: Decimal,
    /// Itemised estimates, added to `annual_value`.
    pub uses: Vec<ReferenceUse>,
}

impl Reference {
    /// The yearly reference value before credibility: `annual_value` plus, for
    /// every use, `per_year × margin_per_use × probability`. `None` on overflow.
    #[must_use]
    pub fn yearly(&self) -> Option<Decimal> {
        self.uses.iter().try_fold(self.annual_value, |sum, u| {
            Decimal::from(u.per_year)
                .checked_mul(u.margin_per_use)?
                .checked_mul(u.probability)
                .and_then(|x| sum.checked_add(x))
        })
    }
}

/// A validated key account: every value inside its range, every choice a word of
/// the model.
///
/// Made by [`Account::builder`] from typed values, by [`AccountInput::validate`]
/// from text, or by deserializing (which validates). A what-if starts from an
/// existing account: `account.to_builder().concession(dec).build()?`.
///
/// Serializes to the nested JSON shape of the model (decimals as strings, whole
/// numbers as numbers) and deserializes back, with validation, to an equal value.
/// Deserialized from any serde format, it reports every problem in the format's
/// error as one message (`account "A-1": revenue.gross_margin must be between 0
/// and 1, got 1.5; ...`), and reads JSON numbers as [`crate::input`] says: exactly
/// with serde_json's `arbitrary_precision` on, otherwise as the shortest text of
/// the float serde_json parsed (exact up to 15 significant digits). For JSON
/// bytes, `keyaccount::read::account` (feature `io`) reads every digit as
/// written and returns the typed [`Error`](crate::Error), with
/// [`ErrorKind::InvalidAccount`](crate::ErrorKind::InvalidAccount) and each
/// problem with its field path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "AccountInput", try_from = "AccountInput")]
pub struct Account {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) currency: Currency,
    pub(crate) stage: Stage,
    pub(crate) revenue: Revenue,
    pub(crate) cost_to_serve: CostToServe,
    pub(crate) acquisition: Acquisition,
    pub(crate) payment: Payment,
    pub(crate) risk: Risks,
    pub(crate) roles: Vec<RoleContact>,
    pub(crate) pursuit: Pursuit,
    pub(crate) reference: Reference,
    pub(crate) contract: Option<Contract>,
    pub(crate) events: Vec<Event>,
    pub(crate) release: Release,
    pub(crate) image_critical: bool,
}

impl Account {
    /// The account's key, trimmed.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Display name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The one currency of all its amounts.
    #[must_use]
    pub fn currency(&self) -> Currency {
        self.currency
    }
    /// Prospect or active.
    #[must_use]
    pub fn stage(&self) -> Stage {
        self.stage
    }
    /// Sales and margin.
    #[must_use]
    pub fn revenue(&self) -> &Revenue {
        &self.revenue
    }
    /// Yearly cost to serve.
    #[must_use]
    pub fn cost_to_serve(&self) -> &CostToServe {
        &self.cost_to_serve
    }
    /// One-off cost to win (counts only for prospects).
    #[must_use]
    pub fn acquisition(&self) -> &Acquisition {
        &self.acquisition
    }
    /// Payment terms and default.
    #[must_use]
    pub fn payment(&self) -> &Payment {
        &self.payment
    }
    /// Termination risks.
    #[must_use]
    pub fn risk(&self) -> &Risks {
        &self.risk
    }
    /// The decision-making unit, in input order.
    #[must_use]
    pub fn roles(&self) -> &[RoleContact] {
        &self.roles
    }
    /// Win probability and evidence (counts only for prospects).
    #[must_use]
    pub fn pursuit(&self) -> &Pursuit {
        &self.pursuit
    }
    /// Reference value.
    #[must_use]
    pub fn reference(&self) -> &Reference {
        &self.reference
    }
    /// The contract's terms; `None` when it has no fixed term (no renewals).
    #[must_use]
    pub fn contract(&self) -> Option<&Contract> {
        self.contract.as_ref()
    }
    /// Dated one-off causes of termination, in input order.
    #[must_use]
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    /// Costs that stay after the relationship ends (counted for active accounts).
    #[must_use]
    pub fn release(&self) -> &Release {
        &self.release
    }
    /// Whether the account is part of the supplier's own image.
    #[must_use]
    pub fn image_critical(&self) -> bool {
        self.image_critical
    }
}
