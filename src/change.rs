//! Typed changes to a validated account: what-ifs, and the terms of a proposal.
//!
//! A [`Change`] names one input field by its path (the CSV column, and the path
//! that errors print) and gives its new typed value. [`Account::with_changes`]
//! applies a list of them to a validated account and checks only what they touch:
//! each changed field's range, and the rules that tie it to its neighbours (the
//! payment days together at most 365, the contract's fields only with its term,
//! the rebate's probability and days only with a rebate). The rest of the account
//! was validated when it was made and is not read again. Errors are those of a
//! file, with the same field paths and messages, every problem at once.
//!
//! ```
//! use keyaccount::{Account, Change, Currency, Policy, Stage, evaluate};
//! use rust_decimal::Decimal;
//!
//! let account = Account::builder("A-17", Currency::EUR, Stage::Active)
//!     .revenue(1_200_000, Decimal::new(30, 2))
//!     .concession(Decimal::new(12, 2))
//!     .terms_days(60)
//!     .build()?;
//! let policy = Policy::default();
//! let today = evaluate(&account, &policy)?;
//!
//! // A grid of what-ifs: each a changed copy, checked where it changed.
//! for days in [30, 45, 90] {
//!     let variant = account.with_changes(&[Change::TermsDays(days)])?;
//!     let value = evaluate(&variant, &policy)?.value;
//!     assert_eq!(value > today.value, days < 60);
//! }
//!
//! // A change out of range is the same error a file gives.
//! let error = account.with_changes(&[Change::TermsDays(400)]).unwrap_err();
//! assert_eq!(error.problems()[0].field(), "payment.terms_days");
//! # Ok::<(), keyaccount::Error>(())
//! ```

use std::fmt;

use rust_decimal::Decimal;

use crate::account::{Account, Event};
use crate::error::{Problem, ProblemKind, Result};
use crate::input::{AccountInput, Raw};
use crate::validate::INCUMBENT_WINS;
use crate::words::{Coverage, Evidence, Risk, Role, Word, find_word};

/// One change to one input field of an account, typed.
///
/// Every field of the account can be changed but its key, name, currency and
/// stage (a changed one of those is another account). Fields that may be "not
/// given" take an `Option`: `Change::Rebate(None)` removes the rebate (its
/// probability and days must then be at their defaults 1 and 0, or be set to
/// them in the same list), `Change::TermYears(None)` the contract's term and
/// with it the contract (likewise its other fields at their defaults),
/// `Change::WinProbability(None)` the given win probability, and
/// `Change::Role(role, None)` takes a role off the list. Lists are replaced
/// whole ([`Change::Events`]). [`Change::path`] names the field as errors and
/// the CSV header do.
///
/// A field that counts only with another (the rebate's probability and days
/// with `revenue.rebate`, the contract's fields with `contract.term_years`)
/// counts as not given at its default value: `[Change::RetenderProbability(0),
/// Change::TermYears(None)]` removes a contract that had a re-tender chance,
/// where a retender probability of 0.4 left without a term is an error.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// `revenue.annual` (R), money `0..=10^15`.
    Annual(Decimal),
    /// `revenue.growth` (g), `-0.5..=0.5`.
    Growth(Decimal),
    /// `revenue.gross_margin` (m), `0..=1`.
    GrossMargin(Decimal),
    /// `revenue.concession` (c), `0..=1`.
    Concession(Decimal),
    /// `revenue.ramp_years` (J), `0..=10`.
    RampYears(u32),
    /// `revenue.price_down` (λ), `0..=0.5`.
    PriceDown(Decimal),
    /// `revenue.cost_down` (ω), `0..=0.5`.
    CostDown(Decimal),
    /// `revenue.rebate` (β), `0..=1`; `None` for no rebate.
    Rebate(Option<Decimal>),
    /// `revenue.rebate_probability` (ζ), `0..=1`; only with a rebate.
    RebateProbability(Decimal),
    /// `revenue.rebate_days` (ℓ), `0..=365`; only with a rebate.
    RebateDays(u32),
    /// `revenue.scale_savings` (S), money.
    ScaleSavings(Decimal),
    /// `cost_to_serve.account_team`, money.
    AccountTeam(Decimal),
    /// `cost_to_serve.service`, money.
    Service(Decimal),
    /// `cost_to_serve.customization`, money.
    Customization(Decimal),
    /// `cost_to_serve.reference_program`, money.
    ReferenceProgram(Decimal),
    /// `cost_to_serve.other`, money.
    CostToServeOther(Decimal),
    /// `cost_to_serve.inflation` (i), `-0.5..=0.5`.
    CostToServeInflation(Decimal),
    /// `acquisition.tender`, money.
    Tender(Decimal),
    /// `acquisition.free_work`, money.
    FreeWork(Decimal),
    /// `acquisition.legal`, money.
    Legal(Decimal),
    /// `acquisition.executive`, money.
    Executive(Decimal),
    /// `acquisition.onboarding` (O), money.
    Onboarding(Decimal),
    /// `payment.terms_days`; with the delay at most 365.
    TermsDays(u32),
    /// `payment.delay_days`; with the terms at most 365.
    DelayDays(u32),
    /// `payment.default_rate` (b), `0..=1`.
    DefaultRate(Decimal),
    /// `risk.<risk>` (p_k), `0..=1`.
    Risk(Risk, Decimal),
    /// `risk.termination_compensation` (k), `0..=1`.
    TerminationCompensation(Decimal),
    /// `relationship.<role>`: covered, uncovered or absent; `None` takes the role
    /// off the list (unknown, which counts as uncovered).
    Role(Role, Option<Coverage>),
    /// `pursuit.win_probability` (P), `0..=1`; `None` to estimate it.
    WinProbability(Option<Decimal>),
    /// `pursuit.competitors` (n), `0..=1000`.
    Competitors(u32),
    /// `pursuit.evidence.<evidence>`.
    Evidence(Evidence, bool),
    /// `pursuit.sales_cycle_months` (M), `0..=120`.
    SalesCycleMonths(u32),
    /// `reference.annual_value`, money.
    ReferenceAnnualValue(Decimal),
    /// `contract.term_years` (L), `1..=50`; `None` for no fixed term (then no
    /// other contract field may differ from its default).
    TermYears(Option<u32>),
    /// `contract.years_elapsed` (e), `0..L`; only with a term.
    YearsElapsed(u32),
    /// `contract.retender_probability` (θ), `0..=1`; only with a term.
    RetenderProbability(Decimal),
    /// `contract.incumbent_win_probability` (w), `0..=1`; only with a term.
    IncumbentWinProbability(Decimal),
    /// `contract.nonrenewal` (ν), `0..=1`; only with a term.
    Nonrenewal(Decimal),
    /// `contract.retender_cost` (T), money; only with a term.
    RetenderCost(Decimal),
    /// `events`: every dated event, replaced (at most 16).
    Events(Vec<Event>),
    /// `release.stranded_cost` (Z), money.
    StrandedCost(Decimal),
    /// `release.stranded_years` (Y), `0..=50`.
    StrandedYears(u32),
    /// `image_critical`.
    ImageCritical(bool),
}

/// The parts of an account that a change touches; each is checked again as a
/// whole, so that the rules between its fields hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Sections(u16);

impl Sections {
    pub(crate) const REVENUE: Sections = Sections(1);
    pub(crate) const COST_TO_SERVE: Sections = Sections(1 << 1);
    pub(crate) const ACQUISITION: Sections = Sections(1 << 2);
    pub(crate) const PAYMENT: Sections = Sections(1 << 3);
    pub(crate) const RISK: Sections = Sections(1 << 4);
    pub(crate) const RELATIONSHIP: Sections = Sections(1 << 5);
    pub(crate) const PURSUIT: Sections = Sections(1 << 6);
    pub(crate) const REFERENCE: Sections = Sections(1 << 7);
    pub(crate) const CONTRACT: Sections = Sections(1 << 8);
    pub(crate) const EVENTS: Sections = Sections(1 << 9);
    pub(crate) const RELEASE: Sections = Sections(1 << 10);
    pub(crate) const IMAGE: Sections = Sections(1 << 11);
    pub(crate) const ALL: Sections = Sections((1 << 12) - 1);

    pub(crate) fn has(self, part: Sections) -> bool {
        self.0 & part.0 != 0
    }

    fn with(self, part: Sections) -> Sections {
        Sections(self.0 | part.0)
    }
}

impl Change {
    /// The field's path, as the CSV header and errors name it
    /// (`payment.terms_days`, `risk.political`, `relationship.legal`).
    #[must_use]
    pub fn path(&self) -> String {
        match self {
            Change::Risk(risk, _) => format!("risk.{}", risk.as_str()),
            Change::Role(role, _) => format!("relationship.{}", role.as_str()),
            Change::Evidence(evidence, _) => format!("pursuit.evidence.{}", evidence.as_str()),
            other => other.fixed_path().to_owned(),
        }
    }

    /// The path of a change whose field is fixed (every variant but the three
    /// that name a risk, a role or a piece of evidence).
    fn fixed_path(&self) -> &'static str {
        match self {
            Change::Annual(_) => "revenue.annual",
            Change::Growth(_) => "revenue.growth",
            Change::GrossMargin(_) => "revenue.gross_margin",
            Change::Concession(_) => "revenue.concession",
            Change::RampYears(_) => "revenue.ramp_years",
            Change::PriceDown(_) => "revenue.price_down",
            Change::CostDown(_) => "revenue.cost_down",
            Change::Rebate(_) => "revenue.rebate",
            Change::RebateProbability(_) => "revenue.rebate_probability",
            Change::RebateDays(_) => "revenue.rebate_days",
            Change::ScaleSavings(_) => "revenue.scale_savings",
            Change::AccountTeam(_) => "cost_to_serve.account_team",
            Change::Service(_) => "cost_to_serve.service",
            Change::Customization(_) => "cost_to_serve.customization",
            Change::ReferenceProgram(_) => "cost_to_serve.reference_program",
            Change::CostToServeOther(_) => "cost_to_serve.other",
            Change::CostToServeInflation(_) => "cost_to_serve.inflation",
            Change::Tender(_) => "acquisition.tender",
            Change::FreeWork(_) => "acquisition.free_work",
            Change::Legal(_) => "acquisition.legal",
            Change::Executive(_) => "acquisition.executive",
            Change::Onboarding(_) => "acquisition.onboarding",
            Change::TermsDays(_) => "payment.terms_days",
            Change::DelayDays(_) => "payment.delay_days",
            Change::DefaultRate(_) => "payment.default_rate",
            Change::TerminationCompensation(_) => "risk.termination_compensation",
            Change::WinProbability(_) => "pursuit.win_probability",
            Change::Competitors(_) => "pursuit.competitors",
            Change::SalesCycleMonths(_) => "pursuit.sales_cycle_months",
            Change::ReferenceAnnualValue(_) => "reference.annual_value",
            Change::TermYears(_) => "contract.term_years",
            Change::YearsElapsed(_) => "contract.years_elapsed",
            Change::RetenderProbability(_) => "contract.retender_probability",
            Change::IncumbentWinProbability(_) => "contract.incumbent_win_probability",
            Change::Nonrenewal(_) => "contract.nonrenewal",
            Change::RetenderCost(_) => "contract.retender_cost",
            Change::Events(_) => "events",
            Change::StrandedCost(_) => "release.stranded_cost",
            Change::StrandedYears(_) => "release.stranded_years",
            Change::ImageCritical(_) => "image_critical",
            Change::Risk(..) => "risk",
            Change::Role(..) => "relationship",
            Change::Evidence(..) => "pursuit.evidence",
        }
    }

    /// The part of the account the change touches.
    pub(crate) fn section(&self) -> Sections {
        match self {
            Change::Annual(_)
            | Change::Growth(_)
            | Change::GrossMargin(_)
            | Change::Concession(_)
            | Change::RampYears(_)
            | Change::PriceDown(_)
            | Change::CostDown(_)
            | Change::Rebate(_)
            | Change::RebateProbability(_)
            | Change::RebateDays(_)
            | Change::ScaleSavings(_) => Sections::REVENUE,
            Change::AccountTeam(_)
            | Change::Service(_)
            | Change::Customization(_)
            | Change::ReferenceProgram(_)
            | Change::CostToServeOther(_)
            | Change::CostToServeInflation(_) => Sections::COST_TO_SERVE,
            Change::Tender(_)
            | Change::FreeWork(_)
            | Change::Legal(_)
            | Change::Executive(_)
            | Change::Onboarding(_) => Sections::ACQUISITION,
            Change::TermsDays(_) | Change::DelayDays(_) | Change::DefaultRate(_) => {
                Sections::PAYMENT
            }
            Change::Risk(..) | Change::TerminationCompensation(_) => Sections::RISK,
            Change::Role(..) => Sections::RELATIONSHIP,
            Change::WinProbability(_)
            | Change::Competitors(_)
            | Change::Evidence(..)
            | Change::SalesCycleMonths(_) => Sections::PURSUIT,
            Change::ReferenceAnnualValue(_) => Sections::REFERENCE,
            Change::TermYears(_)
            | Change::YearsElapsed(_)
            | Change::RetenderProbability(_)
            | Change::IncumbentWinProbability(_)
            | Change::Nonrenewal(_)
            | Change::RetenderCost(_) => Sections::CONTRACT,
            Change::Events(_) => Sections::EVENTS,
            Change::StrandedCost(_) | Change::StrandedYears(_) => Sections::RELEASE,
            Change::ImageCritical(_) => Sections::IMAGE,
        }
    }

    /// Sets the field in an account's input.
    pub(crate) fn apply(&self, x: &mut AccountInput) {
        match self {
            Change::Annual(v) => x.revenue.annual = (*v).into(),
            Change::Growth(v) => x.revenue.growth = (*v).into(),
            Change::GrossMargin(v) => x.revenue.gross_margin = (*v).into(),
            Change::Concession(v) => x.revenue.concession = (*v).into(),
            Change::RampYears(v) => x.revenue.ramp_years = (*v).into(),
            Change::PriceDown(v) => x.revenue.price_down = (*v).into(),
            Change::CostDown(v) => x.revenue.cost_down = (*v).into(),
            Change::Rebate(v) => x.revenue.rebate = (*v).into(),
            Change::RebateProbability(v) => {
                x.revenue.rebate_probability = unless(*v, Decimal::ONE);
            }
            Change::RebateDays(v) => x.revenue.rebate_days = unless(*v, 0),
            Change::ScaleSavings(v) => x.revenue.scale_savings = (*v).into(),
            Change::AccountTeam(v) => x.cost_to_serve.account_team = (*v).into(),
            Change::Service(v) => x.cost_to_serve.service = (*v).into(),
            Change::Customization(v) => x.cost_to_serve.customization = (*v).into(),
            Change::ReferenceProgram(v) => x.cost_to_serve.reference_program = (*v).into(),
            Change::CostToServeOther(v) => x.cost_to_serve.other = (*v).into(),
            Change::CostToServeInflation(v) => x.cost_to_serve.inflation = (*v).into(),
            Change::Tender(v) => x.acquisition.tender = (*v).into(),
            Change::FreeWork(v) => x.acquisition.free_work = (*v).into(),
            Change::Legal(v) => x.acquisition.legal = (*v).into(),
            Change::Executive(v) => x.acquisition.executive = (*v).into(),
            Change::Onboarding(v) => x.acquisition.onboarding = (*v).into(),
            Change::TermsDays(v) => x.payment.terms_days = (*v).into(),
            Change::DelayDays(v) => x.payment.delay_days = (*v).into(),
            Change::DefaultRate(v) => x.payment.default_rate = (*v).into(),
            Change::Risk(risk, v) => x.risk.set(*risk, *v),
            Change::TerminationCompensation(v) => x.risk.termination_compensation = (*v).into(),
            Change::Role(role, coverage) => crate::builder::set_role(x, *role, *coverage),
            Change::WinProbability(v) => x.pursuit.win_probability = (*v).into(),
            Change::Competitors(v) => x.pursuit.competitors = (*v).into(),
            Change::Evidence(evidence, v) => x.pursuit.evidence.set(*evidence, *v),
            Change::SalesCycleMonths(v) => x.pursuit.sales_cycle_months = (*v).into(),
            Change::ReferenceAnnualValue(v) => x.reference.annual_value = (*v).into(),
            Change::TermYears(v) => x.contract.term_years = (*v).into(),
            Change::YearsElapsed(v) => x.contract.years_elapsed = unless(*v, 0),
            Change::RetenderProbability(v) => {
                x.contract.retender_probability = unless(*v, Decimal::ZERO);
            }
            Change::IncumbentWinProbability(v) => {
                x.contract.incumbent_win_probability = unless(*v, INCUMBENT_WINS);
            }
            Change::Nonrenewal(v) => x.contract.nonrenewal = unless(*v, Decimal::ZERO),
            Change::RetenderCost(v) => x.contract.retender_cost = unless(*v, Decimal::ZERO),
            Change::Events(events) => crate::builder::set_events(x, events.iter().copied()),
            Change::StrandedCost(v) => x.release.stranded_cost = (*v).into(),
            Change::StrandedYears(v) => x.release.stranded_years = (*v).into(),
            Change::ImageCritical(v) => x.image_critical = (*v).into(),
        }
    }
}

/// The value as a leaf, or "not given" at its default: a field that only counts
/// with another (the rebate's probability and days with the rebate, the
/// contract's fields with its term) is not given at its default, so that removing
/// the other leaves nothing behind that needs it.
fn unless<T: Copy + PartialEq + Into<Raw>>(value: T, default: T) -> Raw {
    Some(value).filter(|v| *v != default).into()
}

/// The kind of value a field holds, for reading it from text.
#[derive(Clone, Copy)]
enum Kind {
    /// A decimal with its default (`None`: required).
    Decimal(fn(Decimal) -> Change, Option<Decimal>),
    /// A decimal that may be not given.
    OptionalDecimal(fn(Option<Decimal>) -> Change),
    /// A whole number with its default and its range (for the message).
    Whole(fn(u32) -> Change, u32, u32, u32),
    /// A whole number that may be not given, with its range.
    OptionalWhole(fn(Option<u32>) -> Change, u32, u32),
    /// A flag, false by default.
    Flag(fn(bool) -> Change),
}

/// Every field a change may name, but the risks, roles, evidence and events.
const FIELDS: &[(&str, Kind)] = &[
    ("revenue.annual", Kind::Decimal(Change::Annual, None)),
    (
        "revenue.growth",
        Kind::Decimal(Change::Growth, Some(Decimal::ZERO)),
    ),
    (
        "revenue.gross_margin",
        Kind::Decimal(Change::GrossMargin, None),
    ),
    (
        "revenue.concession",
        Kind::Decimal(Change::Concession, Some(Decimal::ZERO)),
    ),
    (
        "revenue.ramp_years",
        Kind::Whole(Change::RampYears, 0, 0, 10),
    ),
    (
        "revenue.price_down",
        Kind::Decimal(Change::PriceDown, Some(Decimal::ZERO)),
    ),
    (
        "revenue.cost_down",
        Kind::Decimal(Change::CostDown, Some(Decimal::ZERO)),
    ),
    ("revenue.rebate", Kind::OptionalDecimal(Change::Rebate)),
    (
        "revenue.rebate_probability",
        Kind::Decimal(Change::RebateProbability, Some(Decimal::ONE)),
    ),
    (
        "revenue.rebate_days",
        Kind::Whole(Change::RebateDays, 0, 0, 365),
    ),
    (
        "revenue.scale_savings",
        Kind::Decimal(Change::ScaleSavings, Some(Decimal::ZERO)),
    ),
    (
        "cost_to_serve.account_team",
        Kind::Decimal(Change::AccountTeam, Some(Decimal::ZERO)),
    ),
    (
        "cost_to_serve.service",
        Kind::Decimal(Change::Service, Some(Decimal::ZERO)),
    ),
    (
        "cost_to_serve.customization",
        Kind::Decimal(Change::Customization, Some(Decimal::ZERO)),
    ),
    (
        "cost_to_serve.reference_program",
        Kind::Decimal(Change::ReferenceProgram, Some(Decimal::ZERO)),
    ),
    (
        "cost_to_serve.other",
        Kind::Decimal(Change::CostToServeOther, Some(Decimal::ZERO)),
    ),
    (
        "cost_to_serve.inflation",
        Kind::Decimal(Change::CostToServeInflation, Some(Decimal::ZERO)),
    ),
    (
        "acquisition.tender",
        Kind::Decimal(Change::Tender, Some(Decimal::ZERO)),
    ),
    (
        "acquisition.free_work",
        Kind::Decimal(Change::FreeWork, Some(Decimal::ZERO)),
    ),
    (
        "acquisition.legal",
        Kind::Decimal(Change::Legal, Some(Decimal::ZERO)),
    ),
    (
        "acquisition.executive",
        Kind::Decimal(Change::Executive, Some(Decimal::ZERO)),
    ),
    (
        "acquisition.onboarding",
        Kind::Decimal(Change::Onboarding, Some(Decimal::ZERO)),
    ),
    (
        "payment.terms_days",
        Kind::Whole(Change::TermsDays, 0, 0, 365),
    ),
    (
        "payment.delay_days",
        Kind::Whole(Change::DelayDays, 0, 0, 365),
    ),
    (
        "payment.default_rate",
        Kind::Decimal(Change::DefaultRate, Some(Decimal::ZERO)),
    ),
    (
        "risk.termination_compensation",
        Kind::Decimal(Change::TerminationCompensation, Some(Decimal::ZERO)),
    ),
    (
        "pursuit.win_probability",
        Kind::OptionalDecimal(Change::WinProbability),
    ),
    (
        "pursuit.competitors",
        Kind::Whole(Change::Competitors, 0, 0, 1000),
    ),
    (
        "pursuit.sales_cycle_months",
        Kind::Whole(Change::SalesCycleMonths, 0, 0, 120),
    ),
    (
        "reference.annual_value",
        Kind::Decimal(Change::ReferenceAnnualValue, Some(Decimal::ZERO)),
    ),
    (
        "contract.term_years",
        Kind::OptionalWhole(Change::TermYears, 1, 50),
    ),
    (
        "contract.years_elapsed",
        Kind::Whole(Change::YearsElapsed, 0, 0, 49),
    ),
    (
        "contract.retender_probability",
        Kind::Decimal(Change::RetenderProbability, Some(Decimal::ZERO)),
    ),
    (
        "contract.incumbent_win_probability",
        Kind::Decimal(Change::IncumbentWinProbability, Some(INCUMBENT_WINS)),
    ),
    (
        "contract.nonrenewal",
        Kind::Decimal(Change::Nonrenewal, Some(Decimal::ZERO)),
    ),
    (
        "contract.retender_cost",
        Kind::Decimal(Change::RetenderCost, Some(Decimal::ZERO)),
    ),
    (
        "release.stranded_cost",
        Kind::Decimal(Change::StrandedCost, Some(Decimal::ZERO)),
    ),
    (
        "release.stranded_years",
        Kind::Whole(Change::StrandedYears, 1, 0, 50),
    ),
    ("image_critical", Kind::Flag(Change::ImageCritical)),
];

impl Change {
    /// Reads a change from a field path and its value as the account's CSV cell
    /// holds it: `("payment.terms_days", "120")`, `("revenue.rebate", "0.04")`,
    /// `("relationship.legal", "covered")`, `("events",
    /// "6:ownership_change:0.4; 48:strategy_change:0.25")`. Empty text means "not
    /// given": the field's default, or `None` where it may be absent
    /// (`revenue.rebate`, `contract.term_years`, `pursuit.win_probability`, a
    /// role). Ranges are checked when the change is applied
    /// ([`Account::with_changes`]), with the account's other fields.
    ///
    /// ```
    /// use keyaccount::{Change, Coverage, Role};
    ///
    /// assert_eq!(Change::parse("payment.terms_days", "120")?, Change::TermsDays(120));
    /// assert_eq!(Change::parse("revenue.rebate", "")?, Change::Rebate(None));
    /// assert_eq!(
    ///     Change::parse("relationship.legal", "covered")?,
    ///     Change::Role(Role::Legal, Some(Coverage::Covered))
    /// );
    /// let unknown = Change::parse("payment.terms", "120").unwrap_err();
    /// assert_eq!(unknown.to_string(), "payment.terms is not a known field (did you mean `payment.terms_days`?)");
    /// # Ok::<(), keyaccount::Problem>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`Problem`] naming the path: an unknown field (with the closest known
    /// one), a field that says which account this is (`id`, `name`,
    /// `currency`, `stage`), text that is not a number, a whole number, a flag, a
    /// coverage or an event list, or a required field left empty.
    pub fn parse(path: &str, text: &str) -> std::result::Result<Change, Problem> {
        let text = crate::validate::trim(text);
        let problem = |kind| Problem::new(path, kind);
        if ["id", "name", "currency", "stage"].contains(&path) {
            return Err(problem(ProblemKind::NotChangeable));
        }
        let decimal = |text: &str| {
            crate::validate::parse_decimal(text).map_err(|hint| {
                problem(ProblemKind::NotANumber {
                    got: crate::validate::quote(text),
                    hint,
                })
            })
        };
        let whole = |text: &str, min: u32, max: u32| {
            text.parse::<u32>()
                .ok()
                .filter(|_| text.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    problem(ProblemKind::NotAnInteger {
                        min,
                        max,
                        got: crate::validate::quote(text),
                    })
                })
        };
        let empty = text.is_empty();
        if let Some((_, kind)) = FIELDS.iter().find(|(p, _)| *p == path) {
            return match *kind {
                Kind::Decimal(make, default) => match (empty, default) {
                    (true, Some(d)) => Ok(make(d)),
                    (true, None) => Err(problem(ProblemKind::Missing)),
                    (false, _) => decimal(text).map(make),
                },
                Kind::OptionalDecimal(make) if empty => Ok(make(None)),
                Kind::OptionalDecimal(make) => decimal(text).map(|d| make(Some(d))),
                Kind::Whole(make, default, _, _) if empty => Ok(make(default)),
                Kind::Whole(make, _, min, max) => whole(text, min, max).map(make),
                Kind::OptionalWhole(make, _, _) if empty => Ok(make(None)),
                Kind::OptionalWhole(make, min, max) => whole(text, min, max).map(|n| make(Some(n))),
                Kind::Flag(make) if empty => Ok(make(false)),
                Kind::Flag(make) => crate::validate::parse_bool(text).map(make).ok_or_else(|| {
                    problem(ProblemKind::NotABoolean {
                        got: crate::validate::quote(text),
                    })
                }),
            };
        }
        if let Some(risk) = path.strip_prefix("risk.").and_then(find_word::<Risk>) {
            let p = if empty { Decimal::ZERO } else { decimal(text)? };
            return Ok(Change::Risk(risk, p));
        }
        if let Some(e) = path
            .strip_prefix("pursuit.evidence.")
            .and_then(find_word::<Evidence>)
        {
            let present = empty
                .then_some(false)
                .or_else(|| crate::validate::parse_bool(text));
            return present.map(|b| Change::Evidence(e, b)).ok_or_else(|| {
                problem(ProblemKind::NotABoolean {
                    got: crate::validate::quote(text),
                })
            });
        }
        if let Some(role) = path
            .strip_prefix("relationship.")
            .and_then(find_word::<Role>)
        {
            if empty {
                return Ok(Change::Role(role, None));
            }
            return find_word::<Coverage>(text)
                .map(|c| Change::Role(role, Some(c)))
                .ok_or_else(|| {
                    problem(ProblemKind::NotACoverage {
                        got: crate::validate::quote(text),
                    })
                });
        }
        if path == "events" {
            return events(text).map(Change::Events);
        }
        let known: Vec<&str> = FIELDS
            .iter()
            .map(|(p, _)| *p)
            .chain(["events"])
            .chain(crate::flat::input_columns().filter(|c| {
                c.starts_with("risk.")
                    || c.starts_with("relationship.")
                    || c.starts_with("pursuit.evidence.")
            }))
            .collect();
        // The nearest spelling, else the field the path begins (`payment.terms`).
        let suggestion = crate::validate::closest(path, known.iter().copied())
            .or_else(|| known.iter().copied().find(|k| k.starts_with(path)));
        Err(problem(ProblemKind::UnknownField {
            suggestion: suggestion.map(str::to_owned),
        }))
    }
}

/// Reads an `events` cell (`month:risk:probability` joined by `;`); each part
/// that cannot be read is a problem named by its 1-based position.
fn events(text: &str) -> std::result::Result<Vec<Event>, Problem> {
    let mut out = Vec::new();
    for (i, part) in text
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        let at = |field: &str, kind| Problem::new(format!("events[{}]{field}", i + 1), kind);
        let quoted = |t: &str| crate::validate::quote(t);
        let pieces: Vec<&str> = part.split(':').map(str::trim).collect();
        let [month, risk, probability] = pieces[..] else {
            return Err(at("", ProblemKind::NotAnEvent { got: quoted(part) }));
        };
        let month = month
            .parse::<u32>()
            .ok()
            .filter(|_| month.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                at(
                    ".month",
                    ProblemKind::NotAnInteger {
                        min: 1,
                        max: 600,
                        got: quoted(month),
                    },
                )
            })?;
        let risk = find_word::<Risk>(risk).ok_or_else(|| {
            at(
                ".risk",
                ProblemKind::UnknownWord {
                    got: quoted(risk),
                    expected: <Risk as crate::words::Sealed>::WORDS,
                },
            )
        })?;
        let probability = crate::validate::parse_decimal(probability).map_err(|hint| {
            at(
                ".probability",
                ProblemKind::NotANumber {
                    got: quoted(probability),
                    hint,
                },
            )
        })?;
        out.push(Event {
            month,
            risk,
            probability,
        });
    }
    Ok(out)
}

impl fmt::Display for Change {
    /// `payment.terms_days = 120`, `revenue.rebate = none`,
    /// `relationship.legal = covered`, `events = 6:ownership_change:0.4`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = ", self.path())?;
        let none = "none";
        match self {
            Change::Annual(v)
            | Change::Growth(v)
            | Change::GrossMargin(v)
            | Change::Concession(v)
            | Change::PriceDown(v)
            | Change::CostDown(v)
            | Change::RebateProbability(v)
            | Change::ScaleSavings(v)
            | Change::AccountTeam(v)
            | Change::Service(v)
            | Change::Customization(v)
            | Change::ReferenceProgram(v)
            | Change::CostToServeOther(v)
            | Change::CostToServeInflation(v)
            | Change::Tender(v)
            | Change::FreeWork(v)
            | Change::Legal(v)
            | Change::Executive(v)
            | Change::Onboarding(v)
            | Change::DefaultRate(v)
            | Change::Risk(_, v)
            | Change::TerminationCompensation(v)
            | Change::ReferenceAnnualValue(v)
            | Change::RetenderProbability(v)
            | Change::IncumbentWinProbability(v)
            | Change::Nonrenewal(v)
            | Change::RetenderCost(v)
            | Change::StrandedCost(v) => write!(f, "{v}"),
            Change::RampYears(n)
            | Change::RebateDays(n)
            | Change::TermsDays(n)
            | Change::DelayDays(n)
            | Change::Competitors(n)
            | Change::SalesCycleMonths(n)
            | Change::YearsElapsed(n)
            | Change::StrandedYears(n) => write!(f, "{n}"),
            Change::Rebate(v) | Change::WinProbability(v) => match v {
                Some(v) => write!(f, "{v}"),
                None => f.write_str(none),
            },
            Change::TermYears(v) => match v {
                Some(v) => write!(f, "{v}"),
                None => f.write_str(none),
            },
            Change::Role(_, coverage) => f.write_str(coverage.map_or(none, Coverage::as_str)),
            Change::Evidence(_, b) | Change::ImageCritical(b) => write!(f, "{b}"),
            Change::Events(events) => {
                let cells: Vec<String> = events
                    .iter()
                    .map(|e| format!("{}:{}:{}", e.month, e.risk.as_str(), e.probability))
                    .collect();
                f.write_str(&cells.join("; "))
            }
        }
    }
}

impl Account {
    /// This account with `changes` applied in order (a later change of the same
    /// field wins), checked where it changed: each changed part of the account
    /// (its revenue, its payment terms, its contract, ...) is validated again as
    /// a whole, with the same rules and messages as a file, and the rest is
    /// taken as it is. An empty list gives the account back unchanged.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidAccount`](crate::ErrorKind::InvalidAccount) with the
    /// account's id, name and currency and every problem of the changed parts,
    /// such as `payment.terms_days + payment.delay_days must be at most 365 days`
    /// or a `contract.retender_probability` left without `contract.term_years`.
    pub fn with_changes(&self, changes: &[Change]) -> Result<Account> {
        let sections = changes
            .iter()
            .fold(Sections::default(), |s, c| s.with(c.section()));
        let mut input = AccountInput::default();
        crate::builder::fill(&mut input, self, sections);
        for change in changes {
            change.apply(&mut input);
        }
        crate::validate::revalidate(self, &input, sections)
    }
}
