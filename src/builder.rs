//! Accounts and policies built from typed values, and the way back from a validated
//! value to its input.
//!
//! A builder holds an input whose leaves are typed (`Decimal`, `u32`, `bool`, the
//! model's words), never text, and [`AccountBuilder::build`] validates it on the
//! same path as a file: the same range checks, every problem at once, the same
//! messages. A what-if is one line from an existing account:
//!
//! ```
//! use keyaccount::{Account, Currency, Policy, Stage, evaluate};
//! use rust_decimal::Decimal;
//!
//! let account = Account::builder("A-17", Currency::EUR, Stage::Active)
//!     .revenue(Decimal::new(1_200_000, 0), Decimal::new(30, 2))
//!     .concession(Decimal::new(12, 2))
//!     .build()?;
//! let policy = Policy::default();
//! let today = evaluate(&account, &policy)?;
//! let after_cut = evaluate(&account.to_builder().concession(Decimal::new(10, 2)).build()?, &policy)?;
//! assert!(after_cut.value > today.value);
//! # Ok::<(), keyaccount::Error>(())
//! ```

use rust_decimal::Decimal;

use crate::account::{Account, Event, Release};
use crate::change::{Change, Sections};
use crate::error::Result;
use crate::input::{
    AccountInput, EventInput, HurdleInput, PolicyInput, Raw, ReferenceUseInput, RoleInput,
};
use crate::policy::{Hurdle, Policy, QUADRANTS};
use crate::words::{Coverage, Currency, Evidence, ReferenceKind, Risk, Role, Stage, Timing, Word};

/// Builds an [`Account`] from typed values; see [`Account::builder`].
///
/// Every setter replaces what was set before. [`AccountBuilder::build`] checks
/// every range and reports every problem at once, with the same field paths and
/// messages as a file (`revenue.gross_margin must be between 0 and 1, got 1.5`).
///
/// A setter is named by the last part of its field's path (`payment.terms_days`
/// is [`AccountBuilder::terms_days`]), with the section in front where the last
/// part alone would not say what it is: [`AccountBuilder::cost_to_serve_other`],
/// [`AccountBuilder::cost_to_serve_inflation`],
/// [`AccountBuilder::reference_annual_value`]. Each setter's doc names the field
/// path that errors print.
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct AccountBuilder {
    input: AccountInput,
}

/// One setter. Amounts and rates take anything that converts into a `Decimal`
/// exactly (`Decimal`, or an integer such as `90_000`; never a float); whole
/// numbers, words and flags take their own type.
macro_rules! setter {
    ($(#[$doc:meta])* $name:ident: Decimal => $($field:ident).+) => {
        $(#[$doc])*
        ///
        #[doc = concat!("Field `", stringify!($($field).+), "`.")]
        pub fn $name(mut self, value: impl Into<Decimal>) -> Self {
            let value: Decimal = value.into();
            self.input.$($field).+ = value.into();
            self
        }
    };
    ($(#[$doc:meta])* $name:ident: $ty:tt => $($field:ident).+) => {
        $(#[$doc])*
        ///
        #[doc = concat!("Field `", stringify!($($field).+), "`.")]
        pub fn $name(mut self, value: $ty) -> Self {
            self.input.$($field).+ = value.into();
            self
        }
    };
}

macro_rules! setters {
    ($( $(#[$doc:meta])* $name:ident: $ty:tt => $($field:ident).+ ; )*) => {
        $( setter!($(#[$doc])* $name: $ty => $($field).+); )*
    };
}

impl Account {
    /// Starts an account from its key, currency and stage; set
    /// [`AccountBuilder::revenue`] (required) and whatever else applies, then
    /// [`AccountBuilder::build`].
    pub fn builder(id: impl Into<String>, currency: Currency, stage: Stage) -> AccountBuilder {
        AccountBuilder {
            input: AccountInput {
                id: id.into().into(),
                currency: currency.into(),
                stage: stage.into(),
                ..AccountInput::default()
            },
        }
    }

    /// A builder holding this account's values, to change some and build a
    /// variant (a what-if).
    pub fn to_builder(&self) -> AccountBuilder {
        AccountBuilder {
            input: AccountInput::from(self),
        }
    }
}

impl AccountBuilder {
    /// R and m: year-1 sales at list price, and the margin on them (both required).
    pub fn revenue(mut self, annual: impl Into<Decimal>, gross_margin: impl Into<Decimal>) -> Self {
        let (annual, gross_margin): (Decimal, Decimal) = (annual.into(), gross_margin.into());
        self.input.revenue.annual = annual.into();
        self.input.revenue.gross_margin = gross_margin.into();
        self
    }

    /// Display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.input.name = name.into().into();
        self
    }

    setters! {
        /// The currency of every amount.
        currency: Currency => currency;
        /// Prospect or active.
        stage: Stage => stage;
        /// g: yearly growth of sales, `-0.5..=0.5`.
        growth: Decimal => revenue.growth;
        /// c: discounts and rebates, as a share of list-price sales, `0..=1`.
        concession: Decimal => revenue.concession;
        /// J: years until the account buys its full volume, `0..=10`.
        ramp_years: u32 => revenue.ramp_years;
        /// λ: contractual yearly price reduction, `0..=0.5`.
        price_down: Decimal => revenue.price_down;
        /// ω: our own yearly productivity, the share by which the cost of the goods
        /// sold to this account falls each year, `0..=0.5`.
        cost_down: Decimal => revenue.cost_down;
        /// β: off-invoice rebate (a volume or year-end bonus), the share of the
        /// year's collected sales paid back after the year ends if earned, `0..=1`;
        /// not part of the concession. Without it there is no rebate.
        rebate: Decimal => revenue.rebate;
        /// ζ: chance that the client earns the rebate, `0..=1` (default 1); only
        /// with [`AccountBuilder::rebate`].
        rebate_probability: Decimal => revenue.rebate_probability;
        /// ℓ: days after the end of the year when the rebate is paid, `0..=365`;
        /// only with [`AccountBuilder::rebate`].
        rebate_days: u32 => revenue.rebate_days;
        /// S: yearly production and planning savings.
        scale_savings: Decimal => revenue.scale_savings;
        /// Yearly cost of the key-account team.
        account_team: Decimal => cost_to_serve.account_team;
        /// Yearly cost of service and support.
        service: Decimal => cost_to_serve.service;
        /// Yearly cost of customised products and paperwork.
        customization: Decimal => cost_to_serve.customization;
        /// Yearly cost of running the reference programme.
        reference_program: Decimal => cost_to_serve.reference_program;
        /// Any other yearly cost to serve.
        cost_to_serve_other: Decimal => cost_to_serve.other;
        /// i: yearly change of cost to serve, `-0.5..=0.5`.
        cost_to_serve_inflation: Decimal => cost_to_serve.inflation;
        /// One-off cost of tender paperwork (prospects).
        tender: Decimal => acquisition.tender;
        /// One-off cost of free preparatory work (prospects).
        free_work: Decimal => acquisition.free_work;
        /// One-off cost of contract negotiation with the client's lawyers (prospects).
        legal: Decimal => acquisition.legal;
        /// One-off cost of senior management time (prospects).
        executive: Decimal => acquisition.executive;
        /// O: one-off cost of starting the account once won (prospects).
        onboarding: Decimal => acquisition.onboarding;
        /// L: length of each contract term, `1..=50` years; without it the contract
        /// has no fixed term and no renewals.
        term_years: u32 => contract.term_years;
        /// e: full years of the current term already run (active accounts), `0..L`.
        years_elapsed: u32 => contract.years_elapsed;
        /// θ: chance that the client re-tenders at a renewal.
        retender_probability: Decimal => contract.retender_probability;
        /// w: chance that the supplier wins a re-tender (default 0.6).
        incumbent_win_probability: Decimal => contract.incumbent_win_probability;
        /// ν: chance that the client lets the contract lapse at a renewal without a tender.
        nonrenewal: Decimal => contract.nonrenewal;
        /// T: cost of bidding in one re-tender.
        retender_cost: Decimal => contract.retender_cost;
        /// Agreed credit days.
        terms_days: u32 => payment.terms_days;
        /// Expected delay beyond the terms, in days.
        delay_days: u32 => payment.delay_days;
        /// b: expected share of billed sales never paid, `0..=1`.
        default_rate: Decimal => payment.default_rate;
        /// k: share of the final year's net contribution settled on termination.
        termination_compensation: Decimal => risk.termination_compensation;
        /// P: the win probability, used as is (prospects).
        win_probability: Decimal => pursuit.win_probability;
        /// n: other bidders (prospects).
        competitors: u32 => pursuit.competitors;
        /// M: months until revenue starts (prospects).
        sales_cycle_months: u32 => pursuit.sales_cycle_months;
        /// Yearly margin won from other buyers thanks to this account's name.
        reference_annual_value: Decimal => reference.annual_value;
        /// Z: yearly cost that stays after the relationship ends, whoever ends it
        /// (a team still on payroll, idle dedicated capacity); counted for active
        /// accounts.
        stranded_cost: Decimal => release.stranded_cost;
        /// Y: how many years the stranded cost stays, `0..=50` (default 1).
        stranded_years: u32 => release.stranded_years;
        /// Whether the account is part of the supplier's own image.
        image_critical: bool => image_critical;
    }

    /// p_k: the yearly probability that `risk` ends the contract, `0..=1`.
    pub fn risk(mut self, risk: Risk, probability: Decimal) -> Self {
        self.input.risk.set(risk, probability);
        self
    }

    /// Whether a piece of qualification evidence is true (prospects).
    pub fn evidence(mut self, evidence: Evidence, present: bool) -> Self {
        self.input.pursuit.evidence.set(evidence, present);
        self
    }

    /// Lists a role of the decision-making unit: covered (a personal working
    /// contact exists), uncovered, or absent (this client has no such role). A role
    /// not listed counts as uncovered; listing a role again replaces its entry.
    pub fn role(mut self, role: Role, coverage: Coverage) -> Self {
        set_role(&mut self.input, role, Some(coverage));
        self
    }

    /// Adds an itemised reference use: `per_year` uses, each winning
    /// `margin_per_use` from other buyers with `probability`.
    pub fn reference_use(
        mut self,
        kind: ReferenceKind,
        per_year: u32,
        margin_per_use: Decimal,
        probability: Decimal,
    ) -> Self {
        self.input.reference.uses.items.push(reference_use_input(
            kind,
            per_year,
            margin_per_use,
            probability,
        ));
        self
    }

    /// Adds a dated event: the chance `probability` (`0..=1`) that `risk` ends
    /// the contract in `month` (`1..=600`, counted from the start of year 1; for a
    /// prospect, from when its revenue starts). At most 16 events.
    pub fn event(mut self, month: u32, risk: Risk, probability: impl Into<Decimal>) -> Self {
        let probability: Decimal = probability.into();
        self.input
            .events
            .items
            .push(event_input(month, risk, probability));
        self
    }

    /// Replaces every dated event with `events`, such as another account's
    /// (`.events(other.events().iter().copied())`); an empty iterator removes them.
    pub fn events(mut self, events: impl IntoIterator<Item = Event>) -> Self {
        set_events(&mut self.input, events);
        self
    }

    /// Validates the account.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidAccount`](crate::ErrorKind::InvalidAccount) listing every
    /// problem, such as an empty id, a gross margin of 1.5, a concession of -0.1,
    /// payment days that add up to more than 365, no revenue given, or a role list
    /// without `final_decision`.
    pub fn build(&self) -> Result<Account> {
        self.input.validate()
    }
}

fn role_input(role: Role, coverage: Coverage) -> RoleInput {
    let (covered, present) = match coverage {
        Coverage::Covered => (Raw::from(true), Raw::default()),
        Coverage::Uncovered => (Raw::from(false), Raw::default()),
        Coverage::Absent => (Raw::default(), Raw::from(false)),
    };
    RoleInput {
        role: role.as_str().into(),
        covered,
        present,
        ..RoleInput::default()
    }
}

fn event_input(month: u32, risk: Risk, probability: Decimal) -> EventInput {
    EventInput {
        month: month.into(),
        risk: risk.as_str().into(),
        probability: probability.into(),
        ..EventInput::default()
    }
}

fn reference_use_input(
    kind: ReferenceKind,
    per_year: u32,
    margin_per_use: Decimal,
    probability: Decimal,
) -> ReferenceUseInput {
    ReferenceUseInput {
        kind: kind.as_str().into(),
        per_year: per_year.into(),
        margin_per_use: margin_per_use.into(),
        probability: probability.into(),
        ..ReferenceUseInput::default()
    }
}

impl From<Stage> for Raw {
    fn from(stage: Stage) -> Raw {
        stage.as_str().into()
    }
}

impl From<Timing> for Raw {
    fn from(timing: Timing) -> Raw {
        timing.as_str().into()
    }
}

impl From<Currency> for Raw {
    fn from(currency: Currency) -> Raw {
        currency.as_str().into()
    }
}

impl From<&Account> for AccountInput {
    /// The input that validates back to the same account, with typed leaves.
    fn from(a: &Account) -> AccountInput {
        let mut input = AccountInput {
            id: a.id().into(),
            name: a.name().into(),
            currency: a.currency().into(),
            stage: a.stage().into(),
            ..AccountInput::default()
        };
        fill(&mut input, a, Sections::ALL);
        input
    }
}

/// Writes the parts `sections` of a validated account into `x`, as typed
/// leaves that validate back to the same values.
pub(crate) fn fill(x: &mut AccountInput, a: &Account, sections: Sections) {
    if sections.has(Sections::REVENUE) {
        let (r, y) = (&a.revenue, &mut x.revenue);
        y.annual = r.annual.into();
        y.growth = r.growth.into();
        y.gross_margin = r.gross_margin.into();
        y.concession = r.concession.into();
        y.ramp_years = r.ramp_years.into();
        y.price_down = r.price_down.into();
        y.cost_down = r.cost_down.into();
        y.scale_savings = r.scale_savings.into();
        // Left out when not given, and at their defaults: a field at its default
        // counts as not given, so that removing the rebate (or the contract's
        // term) leaves nothing behind that needs it.
        y.rebate = r.rebate.into();
        Change::RebateProbability(r.rebate_probability).apply(x);
        Change::RebateDays(r.rebate_days).apply(x);
    }
    if sections.has(Sections::COST_TO_SERVE) {
        let (c, y) = (&a.cost_to_serve, &mut x.cost_to_serve);
        y.account_team = c.account_team.into();
        y.service = c.service.into();
        y.customization = c.customization.into();
        y.reference_program = c.reference_program.into();
        y.other = c.other.into();
        y.inflation = c.inflation.into();
    }
    if sections.has(Sections::ACQUISITION) {
        let (c, y) = (&a.acquisition, &mut x.acquisition);
        y.tender = c.tender.into();
        y.free_work = c.free_work.into();
        y.legal = c.legal.into();
        y.executive = c.executive.into();
        y.onboarding = c.onboarding.into();
    }
    if sections.has(Sections::PAYMENT) {
        let (p, y) = (&a.payment, &mut x.payment);
        y.terms_days = p.terms_days.into();
        y.delay_days = p.delay_days.into();
        y.default_rate = p.default_rate.into();
    }
    if sections.has(Sections::RISK) {
        for (risk, p) in a.risk.probabilities.iter() {
            x.risk.set(risk, *p);
        }
        x.risk.termination_compensation = a.risk.termination_compensation.into();
    }
    if sections.has(Sections::RELATIONSHIP) {
        for contact in &a.roles {
            set_role(x, contact.role, Some(contact.coverage));
        }
    }
    if sections.has(Sections::PURSUIT) {
        let (p, y) = (&a.pursuit, &mut x.pursuit);
        y.win_probability = p.win_probability.into();
        y.competitors = p.competitors.into();
        for (evidence, present) in p.evidence.iter() {
            y.evidence.set(evidence, *present);
        }
        y.sales_cycle_months = p.sales_cycle_months.into();
    }
    if sections.has(Sections::REFERENCE) {
        x.reference.annual_value = a.reference.annual_value.into();
        x.reference.uses = a
            .reference
            .uses
            .iter()
            .map(|u| reference_use_input(u.kind, u.per_year, u.margin_per_use, u.probability))
            .collect::<Vec<_>>()
            .into();
    }
    if sections.has(Sections::CONTRACT) {
        if let Some(c) = &a.contract {
            let y = &mut x.contract;
            y.term_years = c.term_years.into();
            for change in [
                Change::YearsElapsed(c.years_elapsed),
                Change::RetenderProbability(c.retender_probability),
                Change::IncumbentWinProbability(c.incumbent_win_probability),
                Change::Nonrenewal(c.nonrenewal),
                Change::RetenderCost(c.retender_cost),
            ] {
                change.apply(x);
            }
        }
    }
    if sections.has(Sections::EVENTS) {
        set_events(x, a.events.iter().copied());
    }
    // Left out at its default, as the JSON of an account without one.
    if sections.has(Sections::RELEASE) && a.release != Release::default() {
        x.release.stranded_cost = a.release.stranded_cost.into();
        x.release.stranded_years = a.release.stranded_years.into();
    }
    if sections.has(Sections::IMAGE) {
        x.image_critical = a.image_critical.into();
    }
}

/// Lists `role` with its coverage, replacing an entry of the same role; `None`
/// takes it off the list.
pub(crate) fn set_role(x: &mut AccountInput, role: Role, coverage: Option<Coverage>) {
    let roles = &mut x.relationship.roles.items;
    let position = roles
        .iter()
        .position(|r| r.role == Raw::from(role.as_str()));
    match (position, coverage) {
        (Some(i), Some(coverage)) => roles[i] = role_input(role, coverage),
        (None, Some(coverage)) => roles.push(role_input(role, coverage)),
        (Some(i), None) => {
            roles.remove(i);
        }
        (None, None) => {}
    }
}

/// Replaces every dated event.
pub(crate) fn set_events(x: &mut AccountInput, events: impl IntoIterator<Item = Event>) {
    x.events = events
        .into_iter()
        .map(|e| event_input(e.month, e.risk, e.probability))
        .collect::<Vec<_>>()
        .into();
}

impl From<Account> for AccountInput {
    fn from(account: Account) -> AccountInput {
        AccountInput::from(&account)
    }
}

/// Builds a [`Policy`] from typed values, starting from the model's defaults; see
/// [`Policy::builder`].
#[derive(Clone, Debug, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct PolicyBuilder {
    input: PolicyInput,
}

impl Policy {
    /// Starts from the model's defaults.
    ///
    /// ```
    /// use keyaccount::{Currency, Policy};
    /// use rust_decimal::Decimal;
    ///
    /// let policy = Policy::builder()
    ///     .discount_rate(Decimal::new(10, 2))
    ///     .hurdle_for(Currency::EUR, Decimal::new(400_000, 0))
    ///     .hurdle_for(Currency::RUB, Decimal::new(40_000_000, 0))
    ///     .build()?;
    /// assert_eq!(policy.hurdle().for_currency(Currency::EUR), Decimal::new(400_000, 0));
    /// assert_eq!(policy.hurdle().for_currency(Currency::RUB), Decimal::new(40_000_000, 0));
    /// assert_eq!(policy.hurdle().for_currency(Currency::USD), Decimal::ZERO);
    /// # Ok::<(), keyaccount::Error>(())
    /// ```
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::default()
    }

    /// A builder holding this policy's values, to change some.
    pub fn to_builder(&self) -> PolicyBuilder {
        PolicyBuilder {
            input: PolicyInput::from(self),
        }
    }
}

impl PolicyBuilder {
    setters! {
        /// r: cost of capital, `0..=1`.
        discount_rate: Decimal => discount_rate;
        /// H: years valued, `1..=50`.
        horizon_years: u32 => horizon_years;
        /// μ: share of each relationship-sensitive risk removed at full coverage.
        relationship_mitigation: Decimal => relationship_mitigation;
        /// ρ: haircut on reference value, `0..=1`.
        reference_credibility: Decimal => reference_credibility;
        /// φ: largest cost-to-serve reduction believed achievable, `0..=1`.
        max_cost_cut: Decimal => max_cost_cut;
        /// ψ: largest concession cut believed achievable, in points of list price.
        max_concession_cut: Decimal => max_concession_cut;
        /// χ: largest cut of the agreed payment days believed achievable,
        /// `0..=365` (default 30).
        max_terms_cut: u32 => max_terms_cut;
        /// Whether the supplier stops supplying when the rest of the horizon is
        /// worth less than nothing, at renewals or, without a term, at year ends
        /// (default true).
        exit_option: bool => exit_option;
        /// The hurdle grows with the account: at least this share of its year-1
        /// list-price sales, `0..=10` (default 0).
        hurdle_per_revenue: Decimal => hurdle_per_revenue;
        /// A prospect must be worth at least this multiple of what pursuing it is
        /// expected to cost (A + P δ O), `0..=100` (default 0).
        hurdle_per_pursuit: Decimal => hurdle_per_pursuit;
        /// When in its year a flow moves (default `end`).
        timing: Timing => timing;
        /// σ: relative move of each input in the sensitivity table, above 0 and at most 1.
        sensitivity_step: Decimal => sensitivity_step;
    }

    /// An account above this share of the portfolio's revenue is flagged (default 0.25).
    pub fn max_revenue_share(mut self, share: Decimal) -> Self {
        self.input.portfolio.max_revenue_share = share.into();
        self
    }

    /// The currency of one combined portfolio view.
    pub fn base_currency(mut self, currency: Currency) -> Self {
        self.input.portfolio.base_currency = currency.into();
        self
    }

    /// How many base-currency units one unit of `currency` buys.
    pub fn exchange_rate(mut self, currency: Currency, rate: Decimal) -> Self {
        set_entry(
            &mut self.input.portfolio.exchange_rates.entries,
            currency,
            rate,
        );
        self
    }

    /// Where the key-account matrix splits the gap to each account's own bar
    /// (V − η_k), in every currency; 0, the bar itself, unless set.
    pub fn attractiveness_split(mut self, amount: Decimal) -> Self {
        self.input.portfolio.attractiveness_split = HurdleInput::from(amount);
        self
    }

    /// Where the key-account matrix splits the gap to the bar for one currency.
    pub fn attractiveness_split_for(mut self, currency: Currency, amount: Decimal) -> Self {
        let mut entries = match std::mem::take(&mut self.input.portfolio.attractiveness_split) {
            HurdleInput::PerCurrency(entries) => entries,
            _ => Vec::new(),
        };
        set_entry(&mut entries, currency, amount);
        self.input.portfolio.attractiveness_split = HurdleInput::PerCurrency(entries);
        self
    }

    /// Where the key-account matrix splits strength, `0..=1`.
    pub fn strength_split(mut self, share: Decimal) -> Self {
        self.input.portfolio.strength_split = share.into();
        self
    }

    /// The names shown for the quadrants `strategic`, `star`, `status` and
    /// `streamline`, in that order.
    pub fn quadrant_names(mut self, names: [&str; 4]) -> Self {
        let n = &mut self.input.portfolio.quadrant_names;
        for (key, name) in QUADRANTS.iter().zip(names) {
            if let Some(slot) = n.leaf_mut(key) {
                *slot = name.into();
            }
        }
        self
    }

    /// r for one currency, overriding `discount_rate` for it.
    pub fn discount_rate_for(mut self, currency: Currency, rate: Decimal) -> Self {
        set_entry(&mut self.input.discount_rates.entries, currency, rate);
        self
    }

    /// η: the least value worth the effort, the same in every currency; replaces
    /// any per-currency hurdles set before.
    pub fn hurdle(mut self, amount: Decimal) -> Self {
        self.input.hurdle = HurdleInput::from(amount);
        self
    }

    /// η for one currency; currencies without one have hurdle 0. Replaces a single
    /// hurdle set before.
    pub fn hurdle_for(mut self, currency: Currency, amount: Decimal) -> Self {
        let mut entries = match std::mem::take(&mut self.input.hurdle) {
            HurdleInput::PerCurrency(entries) => entries,
            _ => Vec::new(),
        };
        set_entry(&mut entries, currency, amount);
        self.input.hurdle = HurdleInput::PerCurrency(entries);
        self
    }

    /// How much one role counts in coverage, `0..=100`.
    pub fn role_weight(mut self, role: Role, weight: Decimal) -> Self {
        self.input.role_weights.set(role, weight);
        self
    }

    /// The odds multiplier of one piece of evidence, above 0 and at most 100.
    pub fn evidence_odds(mut self, evidence: Evidence, multiplier: Decimal) -> Self {
        self.input.evidence_odds.set(evidence, multiplier);
        self
    }

    /// Validates the policy.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) listing every
    /// problem, such as a discount rate of 12 (outside `0..=1`), a horizon of 0
    /// years, or an evidence multiplier of 0.
    pub fn build(&self) -> Result<Policy> {
        self.input.validate()
    }
}

/// Sets one currency's entry of a map as received, replacing an earlier one.
fn set_entry(entries: &mut Vec<(String, Raw)>, currency: Currency, value: Decimal) {
    let code = currency.as_str().to_owned();
    entries.retain(|(c, _)| *c != code);
    entries.push((code, value.into()));
}

impl From<&Policy> for PolicyInput {
    /// The input that validates back to the same policy, with typed leaves.
    fn from(p: &Policy) -> PolicyInput {
        let mut builder = Policy::builder()
            .discount_rate(p.discount_rate)
            .horizon_years(p.horizon_years)
            .relationship_mitigation(p.relationship_mitigation)
            .reference_credibility(p.reference_credibility)
            .max_cost_cut(p.max_cost_cut)
            .max_concession_cut(p.max_concession_cut)
            .max_terms_cut(p.max_terms_cut)
            .exit_option(p.exit_option)
            .hurdle_per_revenue(p.hurdle_per_revenue)
            .hurdle_per_pursuit(p.hurdle_per_pursuit)
            .timing(p.timing)
            .sensitivity_step(p.sensitivity_step);
        for (currency, rate) in &p.discount_rates {
            builder = builder.discount_rate_for(*currency, *rate);
        }
        let portfolio = &p.portfolio;
        builder = builder.max_revenue_share(portfolio.max_revenue_share);
        if let Some(base) = portfolio.base_currency {
            builder = builder.base_currency(base);
        }
        for (currency, rate) in &portfolio.exchange_rates {
            builder = builder.exchange_rate(*currency, *rate);
        }
        builder = match &portfolio.attractiveness_split {
            None => builder,
            Some(Hurdle::One(amount)) => builder.attractiveness_split(*amount),
            Some(Hurdle::PerCurrency(map)) => {
                builder.input.portfolio.attractiveness_split = HurdleInput::PerCurrency(Vec::new());
                map.iter().fold(builder, |b, (code, amount)| {
                    b.attractiveness_split_for(*code, *amount)
                })
            }
        };
        if let Some(split) = portfolio.strength_split {
            builder = builder.strength_split(split);
        }
        let names = &portfolio.quadrant_names;
        builder = builder.quadrant_names([&names[0], &names[1], &names[2], &names[3]]);
        builder = match &p.hurdle {
            Hurdle::One(amount) => builder.hurdle(*amount),
            Hurdle::PerCurrency(map) => {
                builder.input.hurdle = HurdleInput::PerCurrency(Vec::new());
                map.iter()
                    .fold(builder, |b, (code, amount)| b.hurdle_for(*code, *amount))
            }
        };
        for (role, weight) in p.role_weights.iter() {
            builder = builder.role_weight(role, *weight);
        }
        for (evidence, odds) in p.evidence_odds.iter() {
            builder = builder.evidence_odds(evidence, *odds);
        }
        builder.input
    }
}

impl From<Policy> for PolicyInput {
    fn from(policy: Policy) -> PolicyInput {
        PolicyInput::from(&policy)
    }
}
