//! The valuation policy: cost of capital, horizon, hurdle and the model's weights.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};

use crate::account::{Currency, Evidence, Role, Word};
use crate::check::{self, Checker};
use crate::error::{Error, ErrorKind, ProblemKind, Result};
use crate::input::{EvidenceOddsInput, HurdleInput, PolicyInput, Raw, RoleWeightsInput};

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

/// A validated policy. `Policy::default()` holds the model's defaults; other
/// policies are made by [`PolicyInput::validate`].
///
/// Serializes to (and deserializes from, validating) the policy JSON of the model,
/// every field written out, numbers as strings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "PolicyInput", try_from = "PolicyInput")]
pub struct Policy {
    discount_rate: Decimal,
    horizon_years: u32,
    hurdle: Hurdle,
    relationship_mitigation: Decimal,
    role_weights: [Decimal; 7],
    reference_credibility: Decimal,
    max_cost_cut: Decimal,
    evidence_odds: [Decimal; 5],
}

const DEFAULT_ROLE_WEIGHTS: [i64; 7] = [1, 1, 2, 2, 3, 1, 1];

/// Default odds multipliers, as (mantissa, scale), in [`Evidence::ALL`] order.
const DEFAULT_ODDS: [(i64, u32); 5] = [(15, 1), (13, 1), (15, 1), (20, 1), (5, 1)];

impl Default for Policy {
    /// The model's defaults: r = 0.12, H = 5, η = 0, μ = 0.5, role weights
    /// 1, 1, 2, 2, 3, 1, 1, ρ = 1, φ = 0.3, evidence odds 1.5, 1.3, 1.5, 2.0, 0.5.
    fn default() -> Policy {
        Policy {
            discount_rate: Decimal::new(12, 2),
            horizon_years: 5,
            hurdle: Hurdle::One(Decimal::ZERO),
            relationship_mitigation: Decimal::new(5, 1),
            role_weights: DEFAULT_ROLE_WEIGHTS.map(Decimal::from),
            reference_credibility: Decimal::ONE,
            max_cost_cut: Decimal::new(3, 1),
            evidence_odds: DEFAULT_ODDS.map(|(m, s)| Decimal::new(m, s)),
        }
    }
}

impl Policy {
    /// r: cost of capital.
    #[must_use]
    pub fn discount_rate(&self) -> Decimal {
        self.discount_rate
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
        self.role_weights[role as usize]
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
    /// The odds multiplier applied when the evidence is true.
    #[must_use]
    pub fn evidence_odds(&self, evidence: Evidence) -> Decimal {
        self.evidence_odds[evidence as usize]
    }
}

impl PolicyInput {
    /// Validates the policy; absent fields take the model's defaults and a partial
    /// `role_weights` or `evidence_odds` object overrides only its own keys.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`] listing every problem, such as a
    /// `discount_rate` of `12` (outside `0..=1`), `horizon_years` of `0`, a hurdle
    /// map key `"eur"` that is not a currency code, an evidence multiplier of `0`,
    /// or an unknown field.
    pub fn validate(&self) -> Result<Policy> {
        let d = Policy::default();
        let mut c = Checker::default();
        c.object(
            "",
            &self.unknown_keys,
            self.not_an_object,
            PolicyInput::FIELDS,
        );
        let discount_rate = c.decimal(
            "discount_rate",
            &self.discount_rate,
            Some(d.discount_rate),
            check::SHARE,
        );
        let horizon_years = c.integer(
            "horizon_years",
            &self.horizon_years,
            Some(d.horizon_years),
            1,
            50,
        );
        let hurdle = hurdle(&mut c, &self.hurdle);
        let relationship_mitigation = c.decimal(
            "relationship_mitigation",
            &self.relationship_mitigation,
            Some(d.relationship_mitigation),
            check::SHARE,
        );
        let w: &RoleWeightsInput = &self.role_weights;
        c.object(
            "role_weights",
            &w.unknown_keys,
            w.not_an_object,
            RoleWeightsInput::FIELDS,
        );
        let raws = [
            &w.user,
            &w.preparer,
            &w.approver,
            &w.budget_holder,
            &w.final_decision,
            &w.legal,
            &w.procurement,
        ];
        let mut role_weights = d.role_weights;
        for ((slot, raw), role) in role_weights.iter_mut().zip(raws).zip(Role::ALL) {
            *slot = c.decimal(
                &format!("role_weights.{role}"),
                raw,
                Some(*slot),
                check::WEIGHT,
            );
        }
        let reference_credibility = c.decimal(
            "reference_credibility",
            &self.reference_credibility,
            Some(d.reference_credibility),
            check::SHARE,
        );
        let max_cost_cut = c.decimal(
            "max_cost_cut",
            &self.max_cost_cut,
            Some(d.max_cost_cut),
            check::SHARE,
        );
        let o: &EvidenceOddsInput = &self.evidence_odds;
        c.object(
            "evidence_odds",
            &o.unknown_keys,
            o.not_an_object,
            EvidenceOddsInput::FIELDS,
        );
        let raws = [
            &o.need_confirmed,
            &o.decision_process_mapped,
            &o.economic_buyer_engaged,
            &o.champion,
            &o.incumbent_entrenched,
        ];
        let mut evidence_odds = d.evidence_odds;
        for ((slot, raw), kind) in evidence_odds.iter_mut().zip(raws).zip(Evidence::ALL) {
            *slot = c.decimal(
                &format!("evidence_odds.{kind}"),
                raw,
                Some(*slot),
                check::ODDS,
            );
        }
        if !c.problems.is_empty() {
            return Err(Error::new(ErrorKind::InvalidPolicy {
                problems: c.problems,
            }));
        }
        Ok(Policy {
            discount_rate,
            horizon_years,
            hurdle,
            relationship_mitigation,
            role_weights,
            reference_credibility,
            max_cost_cut,
            evidence_odds,
        })
    }
}

fn hurdle(c: &mut Checker, input: &HurdleInput) -> Hurdle {
    match input {
        HurdleInput::Absent => Hurdle::One(Decimal::ZERO),
        HurdleInput::One(raw) => {
            Hurdle::One(c.decimal("hurdle", raw, Some(Decimal::ZERO), check::SIGNED_MONEY))
        }
        HurdleInput::PerCurrency(entries) => {
            let mut map = BTreeMap::new();
            for (key, raw) in entries {
                let path = format!("hurdle.{}", check::quote(key));
                let amount = c.decimal(&path, raw, Some(Decimal::ZERO), check::SIGNED_MONEY);
                match Currency::parse(key) {
                    Some(code) if map.contains_key(&code) => c.push(path, ProblemKind::Duplicate),
                    Some(code) => {
                        map.insert(code, amount);
                    }
                    None => c.push(
                        path,
                        ProblemKind::BadCurrency {
                            got: check::quote(key),
                        },
                    ),
                }
            }
            Hurdle::PerCurrency(map)
        }
    }
}

impl TryFrom<PolicyInput> for Policy {
    type Error = Error;

    fn try_from(input: PolicyInput) -> Result<Policy> {
        input.validate()
    }
}

impl From<Policy> for PolicyInput {
    fn from(p: Policy) -> PolicyInput {
        PolicyInput::from(&p)
    }
}

impl From<&Policy> for PolicyInput {
    /// The input that validates back to the same policy.
    fn from(p: &Policy) -> PolicyInput {
        let w = p.role_weights.map(Raw::from);
        let o = p.evidence_odds.map(Raw::from);
        let [
            user,
            preparer,
            approver,
            budget_holder,
            final_decision,
            legal,
            procurement,
        ] = w;
        let [
            need_confirmed,
            decision_process_mapped,
            economic_buyer_engaged,
            champion,
            incumbent_entrenched,
        ] = o;
        PolicyInput {
            discount_rate: p.discount_rate.into(),
            horizon_years: p.horizon_years.into(),
            hurdle: match &p.hurdle {
                Hurdle::One(a) => HurdleInput::One((*a).into()),
                Hurdle::PerCurrency(map) => HurdleInput::PerCurrency(
                    map.iter()
                        .map(|(k, v)| (k.as_str().to_owned(), (*v).into()))
                        .collect(),
                ),
            },
            relationship_mitigation: p.relationship_mitigation.into(),
            role_weights: RoleWeightsInput {
                user,
                preparer,
                approver,
                budget_holder,
                final_decision,
                legal,
                procurement,
                ..RoleWeightsInput::default()
            },
            reference_credibility: p.reference_credibility.into(),
            max_cost_cut: p.max_cost_cut.into(),
            evidence_odds: EvidenceOddsInput {
                need_confirmed,
                decision_process_mapped,
                economic_buyer_engaged,
                champion,
                incumbent_entrenched,
                ..EvidenceOddsInput::default()
            },
            ..PolicyInput::default()
        }
    }
}
