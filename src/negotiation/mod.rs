//! The negotiation desk: what a key-account manager prepares before a meeting,
//! for one account under one policy.
//!
//! [`negotiate`] values, by full revaluation (the exit option included):
//!
//! 1. **Proposals side by side.** Each [`Proposal`] is a name and a list of typed
//!    [`Change`]s; it is valued as the account with its changes applied (and
//!    checked), beside the terms as they are: its value, verdict and every
//!    component, the change of each against today, each change's own effect (the
//!    value with that change alone, less today's) and the interaction (the whole
//!    effect less the sum of the own effects: longer payment days cost more on a
//!    larger volume). An invalid proposal is an error that names it; the others
//!    are still valued.
//! 2. **The give-get table.** What one step of each of seven levers is worth for
//!    this account as it is, in money and in points of concession ("never give,
//!    always trade": the exchange rates are the account's own).
//! 3. **The package.** The balanced package of the three levers that reaches the
//!    bar, in the levers' own units ([`Evaluation::package`] of the terms as they
//!    are).
//!
//! ```
//! use keyaccount::negotiation::{negotiate, Proposal, TradeLever};
//! use keyaccount::{Account, Change, Currency, Policy, Stage};
//! use rust_decimal::Decimal;
//!
//! let account = Account::builder("KA-043", Currency::EUR, Stage::Active)
//!     .revenue(18_000_000, Decimal::new(24, 2))
//!     .concession(Decimal::new(6, 2))
//!     .terms_days(90)
//!     .account_team(210_000)
//!     .build()?;
//! let asks = [Proposal::new(
//!     "retailer's ask",
//!     vec![
//!         Change::TermsDays(120),
//!         Change::Rebate(Some(Decimal::new(4, 2))),
//!         Change::Annual(Decimal::from(23_400_000)),
//!     ],
//! )];
//! let desk = negotiate(&account, &Policy::default(), &asks)?;
//! let ask = desk.proposals[0].outcome.as_ref().map_err(Clone::clone)?;
//! // The own effects and the interaction add up to the whole change of value.
//! let own: Decimal = ask.effects.iter().filter_map(|e| e.delta).sum();
//! assert_eq!(own + ask.interaction.unwrap_or_default(), ask.delta.value);
//! // One point of concession is the yardstick: it is worth -1 point.
//! let concession = &desk.give_get[0];
//! assert_eq!(concession.lever, TradeLever::Concession);
//! assert_eq!(concession.points, Some(-Decimal::ONE));
//! # Ok::<(), keyaccount::Error>(())
//! ```

mod label;
mod text;

use std::fmt;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::account::Account;
use crate::change::Change;
use crate::error::{Error, ErrorKind, Problem, ProblemKind, Result};
use crate::policy::Policy;
use crate::verdict::{Components, Evaluation, Package, evaluate};

/// Proposals valued at once: more is refused with a clear error, so that memory
/// stays bounded and the report readable.
pub const MAX_PROPOSALS: usize = 1_000;

/// A proposal: a name and the changes it makes to the account, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Proposal {
    /// The name shown above its column (unique among the proposals).
    pub name: String,
    /// The changes, in the order given.
    pub changes: Vec<Change>,
    /// What a reader could not make a change of (an unknown field, a value of the
    /// wrong kind, a key given twice): such a proposal is reported as an error.
    pub(crate) problems: Vec<Problem>,
}

impl Proposal {
    /// A proposal of typed changes.
    pub fn new(name: impl Into<String>, changes: Vec<Change>) -> Proposal {
        Proposal {
            name: name.into(),
            changes,
            problems: Vec::new(),
        }
    }

    /// What the reader could not read of this proposal (empty for a proposal made
    /// of typed changes).
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

/// The levers of the give-get table, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TradeLever {
    /// One point of list price more concession: `revenue.concession` + 0.01.
    Concession,
    /// One point more off-invoice rebate: `revenue.rebate` + 0.01.
    Rebate,
    /// Ten more agreed payment days: `payment.terms_days` + 10.
    PaymentTerms,
    /// One point more yearly price reduction: `revenue.price_down` + 0.01.
    PriceDown,
    /// One percent more service: every cost-to-serve item × 1.01.
    CostToServe,
    /// One percent more volume: `revenue.annual` × 1.01.
    Volume,
    /// One more contract year: `contract.term_years` + 1 (only with a term).
    ContractTerm,
}

impl TradeLever {
    /// Every lever, in the table's order.
    pub const ALL: [TradeLever; 7] = [
        TradeLever::Concession,
        TradeLever::Rebate,
        TradeLever::PaymentTerms,
        TradeLever::PriceDown,
        TradeLever::CostToServe,
        TradeLever::Volume,
        TradeLever::ContractTerm,
    ];

    /// The lever's name in files: `concession`, `payment_terms`, ...
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            TradeLever::Concession => "concession",
            TradeLever::Rebate => "rebate",
            TradeLever::PaymentTerms => "payment_terms",
            TradeLever::PriceDown => "price_down",
            TradeLever::CostToServe => "cost_to_serve",
            TradeLever::Volume => "volume",
            TradeLever::ContractTerm => "contract_term",
        }
    }

    /// The step in the field's own unit: 0.01 for concession, rebate and price
    /// down, 10 days, the share 0.01 for cost to serve and volume, 1 year.
    #[must_use]
    pub fn step(self) -> Decimal {
        match self {
            TradeLever::PaymentTerms => Decimal::TEN,
            TradeLever::ContractTerm => Decimal::ONE,
            _ => Decimal::new(1, 2),
        }
    }

    /// The step in a manager's words: "one point of concession", "10 more
    /// payment days".
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            TradeLever::Concession => "1 point more concession",
            TradeLever::Rebate => "1 point more rebate",
            TradeLever::PaymentTerms => "10 more payment days",
            TradeLever::PriceDown => "1 point more yearly price reduction",
            TradeLever::CostToServe => "1 % more service (cost to serve)",
            TradeLever::Volume => "1 % more volume",
            TradeLever::ContractTerm => "1 more contract year",
        }
    }
}

impl fmt::Display for TradeLever {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the give-get table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GiveGet {
    /// The lever.
    pub lever: TradeLever,
    /// The step, in the field's own unit.
    pub step: Decimal,
    /// ΔV = V(one step) − V; `None` when the step leaves the field's range (see
    /// `reason`).
    pub delta: Option<Decimal>,
    /// ΔV in points of concession, ΔV / (−ΔV_concession): negative, a give that
    /// costs that many points; positive, a get worth that many. `None` without
    /// ΔV, or when a point of concession does not cost (no yardstick).
    pub points: Option<Decimal>,
    /// Why there is no ΔV: the step's problem (`contract.term_years must be
    /// between 1 and 50, got 51`), or that the account has no such thing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A change of money as shown: whole units, with a `+` where it is a gain
/// (`+724,462`, `-700,197`, `0`).
pub(crate) fn signed(x: Decimal) -> String {
    let text = crate::display::grouped(x, 0);
    if x.is_sign_positive() && !text.starts_with('0') {
        format!("+{text}")
    } else {
        text
    }
}

impl GiveGet {
    /// The points as a report shows them (`-0.32`, `+0.10`), or why there are
    /// none.
    #[must_use]
    pub fn points_in_words(&self) -> String {
        match (&self.points, &self.reason) {
            (Some(p), _) if p.is_sign_positive() && !p.is_zero() => {
                format!("+{}", crate::display::grouped(*p, 2))
            }
            (Some(p), _) => crate::display::grouped(*p, 2),
            (None, Some(reason)) => reason.clone(),
            (None, None) => "n/a (a point of concession does not cost)".to_owned(),
        }
    }
}

/// One change's own effect within a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Effect {
    /// The change.
    #[serde(serialize_with = "path")]
    pub change: Change,
    /// The change in a manager's words, from the account as it is: "payment
    /// terms 90 → 120 days".
    #[serde(skip)]
    pub label: String,
    /// The value with this change alone, less the value as is; `None` when the
    /// change is invalid on its own (valid only together with another).
    pub delta: Option<Decimal>,
}

fn path<S: Serializer>(change: &Change, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&change.path())
}

/// The change of the value and of every component, proposal less as is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Delta {
    /// The change of the value.
    pub value: Decimal,
    /// The change of each component.
    pub components: Components,
}

impl Serialize for Delta {
    /// One key for the value and one per component, in the result file's order.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(13))?;
        map.serialize_entry("value", &self.value)?;
        for (name, x) in self.components.named() {
            map.serialize_entry(name, &x)?;
        }
        map.end()
    }
}

/// A proposal valued beside the terms as they are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Valued {
    /// The account with the proposal's changes, valued.
    pub evaluation: Evaluation,
    /// Proposal less as is.
    pub delta: Delta,
    /// Each change's own effect, in the proposal's order.
    pub effects: Vec<Effect>,
    /// The whole change of value less the sum of the own effects; `None` when a
    /// change has no own effect.
    pub interaction: Option<Decimal>,
}

/// A proposal and what it does, or why it could not be valued.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ProposalResult {
    /// The proposal's name.
    pub name: String,
    /// The valued proposal, or the error that names it and every problem.
    pub outcome: Result<Valued>,
}

/// What [`negotiate`] returns: the terms as they are, each proposal, the
/// give-get table and the package.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Negotiation {
    /// The account as it is, valued.
    pub as_is: Evaluation,
    /// Each proposal, in the order given.
    pub proposals: Vec<ProposalResult>,
    /// One row per lever, in [`TradeLever::ALL`]'s order.
    pub give_get: Vec<GiveGet>,
    /// The balanced package that reaches the bar, `None` when the account needs
    /// none (or none reaches it): `as_is.package`.
    pub package: Option<Package>,
}

impl Negotiation {
    /// The proposals that could be valued, with their names, in order.
    pub fn valued(&self) -> impl Iterator<Item = (&str, &Valued)> {
        self.proposals
            .iter()
            .filter_map(|p| p.outcome.as_ref().ok().map(|v| (p.name.as_str(), v)))
    }

    /// The package in the levers' own units, or why there is none: "concession
    /// -0.82 points, cost to serve -12.4 %, payment terms -12.4 days (41.2 % of
    /// each lever's room): value 150,000 EUR".
    #[must_use]
    pub fn package_in_words(&self) -> String {
        use crate::display::grouped;
        let e = &self.as_is;
        let hundred = Decimal::ONE_HUNDRED;
        match &self.package {
            Some(p) => format!(
                "concession -{} points, cost to serve -{} %, payment terms -{} days ({} % of each lever's room): value {} {}",
                grouped(p.concession_cut * hundred, 2),
                grouped(p.cost_cut * hundred, 1),
                grouped(p.terms_cut, 1),
                grouped(p.share * hundred, 1),
                grouped(p.value, 0),
                e.currency
            ),
            None if e.value >= e.bar => {
                "none needed: the account is at or above its bar as it is".to_owned()
            }
            None if e.stage == crate::words::Stage::Prospect => {
                "none: a prospect's terms are not yet agreed".to_owned()
            }
            None => "none reaches it: not even the three levers at their limits".to_owned(),
        }
    }
}

/// Values the account as it is, each proposal, the give-get table and the
/// package, under `policy`.
///
/// # Errors
///
/// [`ErrorKind::Overflow`] where the account as it is cannot be valued (which
/// the input bounds rule out); [`ErrorKind::Unreadable`] for more than
/// [`MAX_PROPOSALS`] proposals; [`ErrorKind::InvalidProposal`] for two proposals
/// with one name (`proposal "a": name is given more than once`). A proposal that
/// is invalid (a change out of range, a problem its reader found) is not an
/// error of the whole: its [`ProposalResult::outcome`] holds an
/// [`ErrorKind::InvalidProposal`] that names it and lists every problem with
/// its field path.
pub fn negotiate(
    account: &Account,
    policy: &Policy,
    proposals: &[Proposal],
) -> Result<Negotiation> {
    if proposals.len() > MAX_PROPOSALS {
        return Err(refused(format!(
            "at most {MAX_PROPOSALS} proposals are valued at once, got {}",
            proposals.len()
        )));
    }
    for (i, p) in proposals.iter().enumerate() {
        if proposals[..i].iter().any(|q| q.name == p.name) {
            // Which one would a report mean? Names must be unique.
            return Err(Error::new(ErrorKind::InvalidProposal {
                proposal: p.name.clone(),
                problems: vec![Problem::new("name", ProblemKind::Duplicate)],
            }));
        }
    }
    let as_is = evaluate(account, policy)?;
    let results = proposals
        .iter()
        .map(|p| ProposalResult {
            name: p.name.clone(),
            outcome: value_proposal(account, policy, &as_is, p).map_err(|e| named(&p.name, &e)),
        })
        .collect();
    let give_get = give_get(account, policy, as_is.value);
    let package = as_is.package;
    Ok(Negotiation {
        as_is,
        proposals: results,
        give_get,
        package,
    })
}

fn refused(message: String) -> Error {
    Error::new(ErrorKind::Unreadable {
        id: None,
        message,
        source: None,
    })
}

/// The error of one proposal: its problems, under the proposal's name.
fn named(name: &str, error: &Error) -> Error {
    if error.problems().is_empty() {
        // An overflow: no field to name, the message says what.
        Error::new(ErrorKind::InvalidProposal {
            proposal: name.to_owned(),
            problems: vec![Problem::new(
                "",
                ProblemKind::WrongType {
                    expected: "a proposal that can be valued",
                    found: error.to_string(),
                },
            )],
        })
    } else {
        Error::new(ErrorKind::InvalidProposal {
            proposal: name.to_owned(),
            problems: error.problems().to_vec(),
        })
    }
}

/// The account with `changes`, evaluated in full.
fn value_with(account: &Account, policy: &Policy, changes: &[Change]) -> Result<Evaluation> {
    evaluate(&account.with_changes(changes)?, policy)
}

/// The value alone of the account with `changes` (as [`evaluate`] computes it,
/// without the verdict's break-even figures), or why it has none.
fn value_alone(account: &Account, policy: &Policy, changes: &[Change]) -> Result<Decimal> {
    crate::verdict::value_only(&account.with_changes(changes)?, policy)
}

fn value_proposal(
    account: &Account,
    policy: &Policy,
    as_is: &Evaluation,
    proposal: &Proposal,
) -> Result<Valued> {
    if !proposal.problems.is_empty() {
        return Err(Error::new(ErrorKind::InvalidAccount {
            id: Some(account.id().to_owned()),
            name: None,
            currency: Some(account.currency()),
            problems: proposal.problems.clone(),
        }));
    }
    let evaluation = value_with(account, policy, &proposal.changes)?;
    let overflow = || {
        Error::new(ErrorKind::Overflow {
            id: account.id().to_owned(),
            quantity: "the change against the terms as they are",
        })
    };
    let delta = Delta {
        value: evaluation
            .value
            .checked_sub(as_is.value)
            .ok_or_else(overflow)?,
        components: minus(&evaluation.components, &as_is.components).ok_or_else(overflow)?,
    };
    let effects: Vec<Effect> = proposal
        .changes
        .iter()
        .map(|change| Effect {
            change: change.clone(),
            label: label::label(change, account),
            delta: value_alone(account, policy, std::slice::from_ref(change))
                .ok()
                .and_then(|v| v.checked_sub(as_is.value)),
        })
        .collect();
    let interaction = effects
        .iter()
        .try_fold(delta.value, |rest, e| rest.checked_sub(e.delta?));
    Ok(Valued {
        evaluation,
        delta,
        effects,
        interaction,
    })
}

/// Each component of `a` less that of `b`; `None` on overflow.
fn minus(a: &Components, b: &Components) -> Option<Components> {
    let d = |x: Decimal, y: Decimal| x.checked_sub(y);
    Some(Components {
        contribution: d(a.contribution, b.contribution)?,
        scale_savings: d(a.scale_savings, b.scale_savings)?,
        reference: d(a.reference, b.reference)?,
        financing: d(a.financing, b.financing)?,
        bad_debt: d(a.bad_debt, b.bad_debt)?,
        rebate: d(a.rebate, b.rebate)?,
        compensation: d(a.compensation, b.compensation)?,
        cost_to_serve: d(a.cost_to_serve, b.cost_to_serve)?,
        stranded: d(a.stranded, b.stranded)?,
        retender: d(a.retender, b.retender)?,
        onboarding: d(a.onboarding, b.onboarding)?,
        acquisition: d(a.acquisition, b.acquisition)?,
    })
}

/// The changes of one step of `lever` from the account as it is, or why the
/// account has no such step.
fn step_changes(account: &Account, lever: TradeLever) -> std::result::Result<Vec<Change>, String> {
    let r = account.revenue();
    let point = Decimal::new(1, 2);
    let percent_more = Decimal::new(101, 2);
    let plus = |x: Decimal, step: Decimal| x.checked_add(step).ok_or("too large to step");
    let times = |x: Decimal| x.checked_mul(percent_more).ok_or("too large to step");
    Ok(match lever {
        TradeLever::Concession => vec![Change::Concession(plus(r.concession, point)?)],
        TradeLever::Rebate => vec![Change::Rebate(Some(plus(r.rebate_share(), point)?))],
        TradeLever::PaymentTerms => vec![Change::TermsDays(
            account.payment().terms_days.saturating_add(10),
        )],
        TradeLever::PriceDown => vec![Change::PriceDown(plus(r.price_down, point)?)],
        TradeLever::CostToServe => {
            let c = account.cost_to_serve();
            if c.total().is_zero() {
                return Err("the account has no cost to serve".to_owned());
            }
            vec![
                Change::AccountTeam(times(c.account_team)?),
                Change::Service(times(c.service)?),
                Change::Customization(times(c.customization)?),
                Change::ReferenceProgram(times(c.reference_program)?),
                Change::CostToServeOther(times(c.other)?),
            ]
        }
        TradeLever::Volume => vec![Change::Annual(times(r.annual)?)],
        TradeLever::ContractTerm => match account.contract() {
            Some(c) => vec![Change::TermYears(Some(c.term_years.saturating_add(1)))],
            None => return Err("the contract has no fixed term".to_owned()),
        },
    })
}

fn give_get(account: &Account, policy: &Policy, value: Decimal) -> Vec<GiveGet> {
    let mut rows: Vec<GiveGet> = TradeLever::ALL
        .iter()
        .map(|&lever| {
            let stepped = step_changes(account, lever).and_then(|changes| {
                value_alone(account, policy, &changes)
                    .map_err(|e| e.messages().join("; "))
                    .and_then(|v| {
                        v.checked_sub(value)
                            .ok_or_else(|| "too large to value".to_owned())
                    })
            });
            let (delta, reason) = match stepped {
                Ok(delta) => (Some(delta), None),
                Err(why) => (None, Some(why)),
            };
            GiveGet {
                lever,
                step: lever.step(),
                delta,
                points: None,
                reason,
            }
        })
        .collect();
    // One point of concession is the yardstick, where it costs.
    let yardstick = rows[0]
        .delta
        .filter(|d| d.is_sign_negative() && !d.is_zero());
    if let Some(cost) = yardstick {
        for row in &mut rows {
            row.points = row.delta.and_then(|d| d.checked_div(-cost));
        }
    }
    rows
}

impl Serialize for ProposalResult {
    /// `{"name", "evaluation", "delta", "effects", "interaction"}`, or `{"name",
    /// "error"}`.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("name", &self.name)?;
        match &self.outcome {
            Ok(v) => {
                map.serialize_entry("evaluation", &v.evaluation)?;
                map.serialize_entry("delta", &v.delta)?;
                map.serialize_entry("effects", &v.effects)?;
                map.serialize_entry("interaction", &v.interaction)?;
            }
            Err(e) => map.serialize_entry("error", &e.to_string())?,
        }
        map.end()
    }
}

/// The package's keys, every one `null` when no package is needed.
struct PackageJson<'a>(Option<&'a Package>);

impl Serialize for PackageJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let p = self.0;
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("share", &p.map(|p| p.share))?;
        map.serialize_entry("concession_cut", &p.map(|p| p.concession_cut))?;
        map.serialize_entry("cost_cut", &p.map(|p| p.cost_cut))?;
        map.serialize_entry("terms_cut", &p.map(|p| p.terms_cut))?;
        map.serialize_entry("value", &p.map(|p| p.value))?;
        map.end()
    }
}

impl Serialize for Negotiation {
    /// The model's shape: `{"model", "as_is", "proposals", "give_get",
    /// "package"}`, figures as strings at full precision, absent figures `null`.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("model", crate::MODEL_VERSION)?;
        map.serialize_entry("as_is", &self.as_is)?;
        map.serialize_entry("proposals", &self.proposals)?;
        map.serialize_entry("give_get", &self.give_get)?;
        map.serialize_entry("package", &PackageJson(self.package.as_ref()))?;
        map.end()
    }
}
