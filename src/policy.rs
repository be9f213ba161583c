//! The valuation policy: cost of capital, horizon, hurdle and the model's weights.
//!
//! The type only; [`PolicyInput::validate`] and
//! [`crate::PolicyBuilder`] make one.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};

use crate::input::PolicyInput;
use crate::words::{Currency, Evidence, PerEvidence, PerRole, Role, Timing};

/// The least value worth the effort, in each currency.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hurdle {
    /// The same amount in every currency.
    One(Decimal),
    /// One amount per currency; a currency missing from the map has hurdle 0.
    PerCurrency(BTreeMap<Currency, Decimal>),
}

impl Hurdle {
    /// The hurdle η for one currency.
    #[must_use]
    pub fn for_currency(&self, currency: Currency) -> Decimal {
        match self {
            Hurdle::One(amount) => *amount,
            Hurdle::PerCurrency(map) => map.get(&currency).copied().unwrap_or(Decimal::ZERO),
        }
    }
}

impl Serialize for Hurdle {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Hurdle::One(amount) => Serialize::serialize(amount, s),
            Hurdle::PerCurrency(map) => s.collect_map(map.iter()),
        }
    }
}

impl From<Decimal> for Hurdle {
    /// The same amount in every currency.
    fn from(amount: Decimal) -> Hurdle {
        Hurdle::One(amount)
    }
}

/// A validated policy. `Policy::default()` holds the model's defaults; other
/// policies are made by [`Policy::builder`] from typed values or by
/// [`PolicyInput::validate`] from text.
///
/// Serializes to the policy JSON of the model, every field written out (decimals
/// as strings), and deserializes back, with validation, to an equal value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "PolicyInput", try_from = "PolicyInput")]
pub struct Policy {
    pub(crate) discount_rate: Decimal,
    pub(crate) discount_rates: BTreeMap<Currency, Decimal>,
    pub(crate) horizon_years: u32,
    pub(crate) hurdle: Hurdle,
    pub(crate) relationship_mitigation: Decimal,
    pub(crate) role_weights: PerRole<Decimal>,
    pub(crate) reference_credibility: Decimal,
    pub(crate) max_cost_cut: Decimal,
    pub(crate) max_concession_cut: Decimal,
    pub(crate) max_terms_cut: u32,
    pub(crate) exit_option: bool,
    pub(crate) hurdle_per_revenue: Decimal,
    pub(crate) hurdle_per_pursuit: Decimal,
    pub(crate) timing: Timing,
    pub(crate) sensitivity_step: Decimal,
    pub(crate) portfolio: PortfolioPolicy,
    pub(crate) evidence_odds: PerEvidence<Decimal>,
}

/// How portfolio views are drawn (`portfolio.*`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PortfolioPolicy {
    /// An account above this share of the portfolio's revenue is flagged as a
    /// concentration risk (default 0.25).
    pub max_revenue_share: Decimal,
    /// The currency of one combined view, with `exchange_rates`.
    pub base_currency: Option<Currency>,
    /// How many base units one unit of each other currency buys.
    pub exchange_rates: BTreeMap<Currency, Decimal>,
    /// Where the key-account matrix splits the gap to each account's own bar,
    /// V − η_k; at 0 (the bar itself) when `None` and for a currency missing
    /// from a per-currency map.
    pub attractiveness_split: Option<Hurdle>,
    /// Where the key-account matrix splits strength; the median when `None`.
    pub strength_split: Option<Decimal>,
    /// The names shown for the quadrants `strategic`, `star`, `status`,
    /// `streamline`, in that order.
    pub quadrant_names: [String; 4],
}

impl Default for PortfolioPolicy {
    fn default() -> PortfolioPolicy {
        PortfolioPolicy {
            max_revenue_share: Decimal::new(25, 2),
            base_currency: None,
            exchange_rates: BTreeMap::new(),
            attractiveness_split: None,
            strength_split: None,
            quadrant_names: QUADRANTS.map(str::to_owned),
        }
    }
}

/// The key-account matrix's quadrants, as keys.
pub(crate) const QUADRANTS: [&str; 4] = ["strategic", "star", "status", "streamline"];

/// The model's default weight of a role in coverage.
fn default_role_weight(role: Role) -> Decimal {
    Decimal::from(match role {
        Role::FinalDecision => 3,
        Role::Approver | Role::BudgetHolder => 2,
        _ => 1,
    })
}

/// The model's default odds multiplier of a piece of evidence.
fn default_odds(evidence: Evidence) -> Decimal {
    match evidence {
        Evidence::NeedConfirmed | Evidence::EconomicBuyerEngaged => Decimal::new(15, 1),
        Evidence::DecisionProcessMapped => Decimal::new(13, 1),
        Evidence::Champion => Decimal::new(20, 1),
        Evidence::IncumbentEntrenched => Decimal::new(5, 1),
    }
}

impl Default for Policy {
    /// The model's defaults: r = 0.12 in every currency, H = 5, η = 0, μ = 0.5,
    /// role weights 1, 1, 2, 2, 3, 1, 1, ρ = 1, φ = 0.3, ψ = 0.02, timing `end`,
    /// σ = 0.1, evidence odds 1.5, 1.3, 1.5, 2.0, 0.5.
    fn default() -> Policy {
        Policy {
            discount_rate: Decimal::new(12, 2),
            discount_rates: BTreeMap::new(),
            horizon_years: 5,
            hurdle: Hurdle::One(Decimal::ZERO),
            relationship_mitigation: Decimal::new(5, 1),
            role_weights: PerRole::from_fn(default_role_weight),
            reference_credibility: Decimal::ONE,
            max_cost_cut: Decimal::new(3, 1),
            max_concession_cut: Decimal::new(2, 2),
            max_terms_cut: 30,
            exit_option: true,
            hurdle_per_revenue: Decimal::ZERO,
            hurdle_per_pursuit: Decimal::ZERO,
            timing: Timing::End,
            sensitivity_step: Decimal::new(1, 1),
            portfolio: PortfolioPolicy::default(),
            evidence_odds: PerEvidence::from_fn(default_odds),
        }
    }
}

impl Policy {
    /// r: cost of capital, for currencies `discount_rates` does not list.
    #[must_use]
    pub fn discount_rate(&self) -> Decimal {
        self.discount_rate
    }
    /// r for one currency: its entry in `discount_rates`, else `discount_rate`.
    #[must_use]
    pub fn discount_rate_for(&self, currency: Currency) -> Decimal {
        self.discount_rates
            .get(&currency)
            .copied()
            .unwrap_or(self.discount_rate)
    }
    /// The per-currency costs of capital, in code order.
    pub fn discount_rates(&self) -> impl Iterator<Item = (Currency, Decimal)> + '_ {
        self.discount_rates.iter().map(|(c, r)| (*c, *r))
    }
    /// H: years valued.
    #[must_use]
    pub fn horizon_years(&self) -> u32 {
        self.horizon_years
    }
    /// η for every currency.
    #[must_use]
    pub fn hurdle(&self) -> &Hurdle {
        &self.hurdle
    }
    /// μ: share of each relationship-sensitive risk removed at full coverage.
    #[must_use]
    pub fn relationship_mitigation(&self) -> Decimal {
        self.relationship_mitigation
    }
    /// How much one role counts in coverage.
    #[must_use]
    pub fn role_weight(&self, role: Role) -> Decimal {
        self.role_weights[role]
    }
    /// ρ: haircut on reference value.
    #[must_use]
    pub fn reference_credibility(&self) -> Decimal {
        self.reference_credibility
    }
    /// φ: largest cost-to-serve reduction believed achievable.
    #[must_use]
    pub fn max_cost_cut(&self) -> Decimal {
        self.max_cost_cut
    }
    /// ψ: largest cut of the concession believed achievable, in points of list price.
    #[must_use]
    pub fn max_concession_cut(&self) -> Decimal {
        self.max_concession_cut
    }
    /// χ: largest cut of the agreed payment days believed achievable.
    #[must_use]
    pub fn max_terms_cut(&self) -> u32 {
        self.max_terms_cut
    }
    /// Whether the supplier stops supplying when the rest of the horizon is worth
    /// less than nothing (at renewals, or at year ends without a term).
    #[must_use]
    pub fn exit_option(&self) -> bool {
        self.exit_option
    }
    /// The hurdle grows with the account: at least this share of its year-1
    /// list-price sales.
    #[must_use]
    pub fn hurdle_per_revenue(&self) -> Decimal {
        self.hurdle_per_revenue
    }
    /// A prospect must be worth at least this multiple of what pursuing it is
    /// expected to cost (A + P δ O).
    #[must_use]
    pub fn hurdle_per_pursuit(&self) -> Decimal {
        self.hurdle_per_pursuit
    }
    /// When in its year a flow moves.
    #[must_use]
    pub fn timing(&self) -> Timing {
        self.timing
    }
    /// σ: the relative move of each input in the sensitivity table.
    #[must_use]
    pub fn sensitivity_step(&self) -> Decimal {
        self.sensitivity_step
    }
    /// How portfolio views are drawn.
    #[must_use]
    pub fn portfolio(&self) -> &PortfolioPolicy {
        &self.portfolio
    }
    /// The odds multiplier applied when the evidence is true.
    #[must_use]
    pub fn evidence_odds(&self, evidence: Evidence) -> Decimal {
        self.evidence_odds[evidence]
    }
}
