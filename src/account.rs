//! The validated account: every value inside its range, every choice a word of the
//! model.
//!
//! An [`Account`] can only be made by [`AccountInput::validate`] (or by
//! deserializing, which validates), so a rate outside `0..=1` or a currency that is
//! not three capital letters cannot exist past this point.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::check::{self, Checker};
use crate::error::{Error, ErrorKind, ProblemKind, Result};
use crate::input::{
    AccountInput, AcquisitionInput, CostToServeInput, EvidenceInput, List, PaymentInput,
    PursuitInput, Raw, ReferenceInput, ReferenceUseInput, RelationshipInput, RevenueInput,
    RiskInput, RoleInput,
};

/// A closed set of words read case-insensitively from input.
pub trait Word: Copy + 'static {
    /// Every value, in the model's order.
    const ALL: &'static [Self];
    /// Every value's word, in the same order.
    const WORDS: &'static [&'static str];
    /// The value's word, as written in files.
    fn as_str(self) -> &'static str;
}

macro_rules! words {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $word:literal, )* }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum $name { $( $(#[$vmeta])* $variant, )* }

        impl Word for $name {
            const ALL: &'static [Self] = &[$($name::$variant),*];
            const WORDS: &'static [&'static str] = &[$($word),*];
            fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word,)* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

words! {
    /// Whether the account is still to be won or already buying.
    pub enum Stage {
        /// Still to be won: valued as a chance of winning, net of the cost of trying.
        Prospect = "prospect",
        /// Already a client.
        Active = "active",
    }
}

words! {
    /// A role in the client's decision-making unit.
    pub enum Role {
        /// Uses the product.
        User = "user",
        /// Prepares the decision (specifications, comparisons).
        Preparer = "preparer",
        /// Approves it.
        Approver = "approver",
        /// Holds the budget.
        BudgetHolder = "budget_holder",
        /// Takes the final decision.
        FinalDecision = "final_decision",
        /// The client's lawyers.
        Legal = "legal",
        /// Purchasing.
        Procurement = "procurement",
    }
}

words! {
    /// An event that can end the contract in any year.
    pub enum Risk {
        /// A change of owner.
        OwnershipChange = "ownership_change",
        /// A change of management (relationship-sensitive).
        ManagementChange = "management_change",
        /// A change of strategy (relationship-sensitive).
        StrategyChange = "strategy_change",
        /// A political turn.
        Political = "political",
        /// Strikes and labour disruption.
        LaborDisruption = "labor_disruption",
        /// A reputational event.
        Reputational = "reputational",
        /// A rival displacing the supplier (relationship-sensitive).
        CompetitorDisplacement = "competitor_displacement",
    }
}

impl Risk {
    /// Whether contacts across the decision unit reduce this risk: they give early
    /// warning of reshuffles and rival offers.
    #[must_use]
    pub fn is_relationship_sensitive(self) -> bool {
        matches!(
            self,
            Risk::ManagementChange | Risk::StrategyChange | Risk::CompetitorDisplacement
        )
    }
}

words! {
    /// Qualification evidence about a prospect.
    pub enum Evidence {
        /// The client's need is confirmed.
        NeedConfirmed = "need_confirmed",
        /// Who decides, and how, is known.
        DecisionProcessMapped = "decision_process_mapped",
        /// The person who controls the money is engaged.
        EconomicBuyerEngaged = "economic_buyer_engaged",
        /// Someone inside the client argues for the supplier.
        Champion = "champion",
        /// A current supplier is firmly in place (lowers the odds by default).
        IncumbentEntrenched = "incumbent_entrenched",
    }
}

words! {
    /// How the account's name is used to sell to others.
    pub enum ReferenceKind {
        /// A written case study.
        CaseStudy = "case_study",
        /// The client's logo on the supplier's material.
        Logo = "logo",
        /// Prospects visit the client's site.
        SiteVisit = "site_visit",
        /// The client speaks at an event.
        Speaking = "speaking",
        /// Press coverage.
        Press = "press",
        /// A joint PR event.
        PrEvent = "pr_event",
    }
}

/// An ISO 4217 currency code: three ASCII capital letters.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Reads a currency code.
    ///
    /// # Errors
    ///
    /// `None` unless the text is exactly three ASCII capital letters (`"eur"`,
    /// `"EURO"` and `"E1R"` are refused).
    #[must_use]
    pub fn parse(code: &str) -> Option<Currency> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Some(Currency([a, b, c])),
            _ => None,
        }
    }

    /// The code as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Only ASCII capitals are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Currency::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "currency must be three capital letters, got {text:?}"
            ))
        })
    }
}

/// Sales, margin and what the account takes off them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
    /// S: yearly production and planning savings from the stable volume.
    pub scale_savings: Decimal,
}

/// Yearly cost of serving the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
}

impl CostToServe {
    /// C: the sum of the five parts.
    #[must_use]
    pub fn total(&self) -> Decimal {
        self.account_team + self.service + self.customization + self.reference_program + self.other
    }
}

/// One-off cost of winning the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
}

impl Acquisition {
    /// A: the sum of the four parts.
    #[must_use]
    pub fn total(&self) -> Decimal {
        self.tender + self.free_work + self.legal + self.executive
    }
}

/// How, and how reliably, the account pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Risks {
    /// p_k for each [`Risk`], in [`Risk::ALL`] order.
    #[serde(skip)]
    pub probabilities: [Decimal; 7],
    /// k: share of the final year's net contribution still settled on termination.
    pub termination_compensation: Decimal,
}

impl Risks {
    /// The yearly probability p_k of one risk.
    #[must_use]
    pub fn probability(&self, risk: Risk) -> Decimal {
        self.probabilities[risk as usize]
    }
}

/// One role of the decision-making unit and whether it is covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RoleContact {
    /// The role.
    pub role: Role,
    /// Whether a personal working contact exists.
    pub covered: bool,
}

/// What is known about winning a prospect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Pursuit {
    /// P when given: used as is.
    pub win_probability: Option<Decimal>,
    /// n: other bidders.
    pub competitors: u32,
    /// Which evidence is true, in [`Evidence::ALL`] order.
    #[serde(skip)]
    pub evidence: [bool; 5],
    /// M: months until revenue starts.
    pub sales_cycle_months: u32,
}

impl Pursuit {
    /// Whether one piece of evidence is true.
    #[must_use]
    pub fn has(&self, evidence: Evidence) -> bool {
        self.evidence[evidence as usize]
    }
}

/// One itemised reference use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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

/// A validated key account. Made by [`AccountInput::validate`].
///
/// Serializes to (and deserializes from, validating) the nested JSON shape of the
/// model, with numbers as strings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "AccountInput", try_from = "AccountInput")]
pub struct Account {
    id: String,
    name: String,
    currency: Currency,
    stage: Stage,
    revenue: Revenue,
    cost_to_serve: CostToServe,
    acquisition: Acquisition,
    payment: Payment,
    risk: Risks,
    roles: Vec<RoleContact>,
    pursuit: Pursuit,
    reference: Reference,
    image_critical: bool,
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
    /// Whether the account is part of the supplier's own image.
    #[must_use]
    pub fn image_critical(&self) -> bool {
        self.image_critical
    }
}

const MAX_REFERENCE_USES: usize = 64;

/// Field paths of the risks, in [`Risk::ALL`] order (fixed text: no allocation per
/// record on the hot path).
const RISK_PATHS: [&str; 7] = [
    "risk.ownership_change",
    "risk.management_change",
    "risk.strategy_change",
    "risk.political",
    "risk.labor_disruption",
    "risk.reputational",
    "risk.competitor_displacement",
];

/// Field paths of the evidence, in [`Evidence::ALL`] order.
const EVIDENCE_PATHS: [&str; 5] = [
    "pursuit.evidence.need_confirmed",
    "pursuit.evidence.decision_process_mapped",
    "pursuit.evidence.economic_buyer_engaged",
    "pursuit.evidence.champion",
    "pursuit.evidence.incumbent_entrenched",
];

impl AccountInput {
    /// Validates the account, collecting every problem.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidAccount`] listing every problem, such as a missing `id`,
    /// `revenue.gross_margin` of `1.5` (outside `0..=1`), a currency `"eur"`,
    /// `payment.terms_days + payment.delay_days` above 365, a role listed twice,
    /// roles listed without `final_decision`, or an unknown field.
    pub fn validate(&self) -> Result<Account> {
        let mut c = Checker::default();
        c.object(
            "",
            &self.unknown_keys,
            self.not_an_object,
            AccountInput::FIELDS,
        );
        if self.not_an_object.is_some() {
            // Nothing else can be read from a record that is not an object.
            return Err(Error::new(ErrorKind::InvalidAccount {
                id: None,
                problems: c.problems,
            }));
        }

        let id = c.string("id", &self.id).filter(|s| !s.is_empty());
        match &id {
            None if !matches!(self.id, Raw::Bool(_) | Raw::Other(_) | Raw::Inexact(_)) => {
                c.push("id", ProblemKind::Missing);
            }
            Some(s) if s.chars().count() > 64 => c.push(
                "id",
                ProblemKind::BadId {
                    length: s.chars().count(),
                },
            ),
            _ => {}
        }
        let name = c.string("name", &self.name).unwrap_or_default();
        let currency = match c.string("currency", &self.currency) {
            Some(code) if !code.is_empty() => {
                let parsed = Currency::parse(&code);
                if parsed.is_none() {
                    c.push(
                        "currency",
                        ProblemKind::BadCurrency {
                            got: check::quote(&code),
                        },
                    );
                }
                parsed
            }
            None if !matches!(self.currency, Raw::Absent | Raw::Text(_)) => None,
            _ => {
                c.push("currency", ProblemKind::Missing);
                None
            }
        };
        let stage = c.word::<Stage>("stage", &self.stage);
        let revenue = revenue(&mut c, &self.revenue);
        let cost_to_serve = cost_to_serve(&mut c, &self.cost_to_serve);
        let acquisition = acquisition(&mut c, &self.acquisition);
        let payment = payment(&mut c, &self.payment);
        let risk = risks(&mut c, &self.risk);
        let roles = roles(&mut c, &self.relationship);
        let pursuit = pursuit(&mut c, &self.pursuit);
        let reference = reference(&mut c, &self.reference);
        let image_critical = c.boolean("image_critical", &self.image_critical);

        match (id, currency, stage) {
            (Some(id), Some(currency), Some(stage)) if c.problems.is_empty() => Ok(Account {
                id,
                name,
                currency,
                stage,
                revenue,
                cost_to_serve,
                acquisition,
                payment,
                risk,
                roles,
                pursuit,
                reference,
                image_critical,
            }),
            (id, _, _) => Err(Error::new(ErrorKind::InvalidAccount {
                id: id.filter(|s| s.chars().count() <= 64),
                problems: c.problems,
            })),
        }
    }
}

fn revenue(c: &mut Checker, r: &RevenueInput) -> Revenue {
    c.object(
        "revenue",
        &r.unknown_keys,
        r.not_an_object,
        RevenueInput::FIELDS,
    );
    Revenue {
        annual: c.decimal("revenue.annual", &r.annual, None, check::MONEY),
        growth: c.decimal(
            "revenue.growth",
            &r.growth,
            Some(Decimal::ZERO),
            check::GROWTH,
        ),
        gross_margin: c.decimal("revenue.gross_margin", &r.gross_margin, None, check::SHARE),
        concession: c.decimal(
            "revenue.concession",
            &r.concession,
            Some(Decimal::ZERO),
            check::SHARE,
        ),
        scale_savings: c.decimal(
            "revenue.scale_savings",
            &r.scale_savings,
            Some(Decimal::ZERO),
            check::MONEY,
        ),
    }
}

fn money(c: &mut Checker, path: &str, raw: &Raw) -> Decimal {
    c.decimal(path, raw, Some(Decimal::ZERO), check::MONEY)
}

fn share(c: &mut Checker, path: &str, raw: &Raw) -> Decimal {
    c.decimal(path, raw, Some(Decimal::ZERO), check::SHARE)
}

fn cost_to_serve(c: &mut Checker, x: &CostToServeInput) -> CostToServe {
    c.object(
        "cost_to_serve",
        &x.unknown_keys,
        x.not_an_object,
        CostToServeInput::FIELDS,
    );
    CostToServe {
        account_team: money(c, "cost_to_serve.account_team", &x.account_team),
        service: money(c, "cost_to_serve.service", &x.service),
        customization: money(c, "cost_to_serve.customization", &x.customization),
        reference_program: money(c, "cost_to_serve.reference_program", &x.reference_program),
        other: money(c, "cost_to_serve.other", &x.other),
    }
}

fn acquisition(c: &mut Checker, x: &AcquisitionInput) -> Acquisition {
    c.object(
        "acquisition",
        &x.unknown_keys,
        x.not_an_object,
        AcquisitionInput::FIELDS,
    );
    Acquisition {
        tender: money(c, "acquisition.tender", &x.tender),
        free_work: money(c, "acquisition.free_work", &x.free_work),
        legal: money(c, "acquisition.legal", &x.legal),
        executive: money(c, "acquisition.executive", &x.executive),
    }
}

fn payment(c: &mut Checker, x: &PaymentInput) -> Payment {
    c.object(
        "payment",
        &x.unknown_keys,
        x.not_an_object,
        PaymentInput::FIELDS,
    );
    let terms_days = c.integer("payment.terms_days", &x.terms_days, Some(0), 0, 365);
    let delay_days = c.integer("payment.delay_days", &x.delay_days, Some(0), 0, 365);
    let total = u64::from(terms_days) + u64::from(delay_days);
    if total > 365 {
        c.push(
            "payment.terms_days + payment.delay_days",
            ProblemKind::PaymentTooLong { got: total },
        );
    }
    Payment {
        terms_days,
        delay_days,
        default_rate: share(c, "payment.default_rate", &x.default_rate),
    }
}

fn risks(c: &mut Checker, x: &RiskInput) -> Risks {
    c.object("risk", &x.unknown_keys, x.not_an_object, RiskInput::FIELDS);
    let raws = [
        &x.ownership_change,
        &x.management_change,
        &x.strategy_change,
        &x.political,
        &x.labor_disruption,
        &x.reputational,
        &x.competitor_displacement,
    ];
    let mut probabilities = [Decimal::ZERO; 7];
    for ((p, raw), path) in probabilities.iter_mut().zip(raws).zip(RISK_PATHS) {
        *p = share(c, path, raw);
    }
    Risks {
        probabilities,
        termination_compensation: share(
            c,
            "risk.termination_compensation",
            &x.termination_compensation,
        ),
    }
}

fn roles(c: &mut Checker, x: &RelationshipInput) -> Vec<RoleContact> {
    c.object(
        "relationship",
        &x.unknown_keys,
        x.not_an_object,
        RelationshipInput::FIELDS,
    );
    let list: &List<RoleInput> = &x.roles;
    if let Some(found) = list.not_a_list {
        c.push(
            "relationship.roles",
            ProblemKind::WrongType {
                expected: "a list",
                found: found.to_owned(),
            },
        );
    }
    let mut out: Vec<RoleContact> = Vec::with_capacity(list.items.len());
    for (i, entry) in list.items.iter().enumerate() {
        if let Some(contact) = clean_role(entry) {
            if !out.iter().any(|r| r.role == contact.role) {
                out.push(contact);
                continue;
            }
        }
        // Something is wrong with this entry: check it field by field, with paths.
        let path = format!("relationship.roles[{i}]");
        c.object(
            &path,
            &entry.unknown_keys,
            entry.not_an_object,
            RoleInput::FIELDS,
        );
        let role = c.word::<Role>(&format!("{path}.role"), &entry.role);
        let covered_path = format!("{path}.covered");
        let blank = matches!(&entry.covered, Raw::Text(t) if t.trim().is_empty());
        if (entry.covered.is_absent() || blank) && entry.not_an_object.is_none() {
            c.push(covered_path.clone(), ProblemKind::Missing);
        }
        let covered = c.boolean(&covered_path, &entry.covered);
        if let Some(role) = role {
            if out.iter().any(|r| r.role == role) {
                c.push(
                    format!("{path}.role"),
                    ProblemKind::RepeatedRole {
                        role: role.as_str(),
                    },
                );
            } else {
                out.push(RoleContact { role, covered });
            }
        }
    }
    if !list.items.is_empty()
        && !out.is_empty()
        && !out.iter().any(|r| r.role == Role::FinalDecision)
    {
        c.push("relationship.roles", ProblemKind::NoFinalDecision);
    }
    out
}

/// The contact of a well-formed roles entry, read without building field paths
/// (the common case); `None` sends the entry to the checks that report problems.
fn clean_role(entry: &RoleInput) -> Option<RoleContact> {
    if !entry.unknown_keys.is_empty() || entry.not_an_object.is_some() {
        return None;
    }
    let role = match &entry.role {
        Raw::Text(t) => *Role::ALL
            .iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(t.trim()))?,
        _ => return None,
    };
    let covered = match &entry.covered {
        Raw::Bool(b) => *b,
        Raw::Text(t) | Raw::Number(t) => check::parse_bool(t)?,
        _ => return None,
    };
    Some(RoleContact { role, covered })
}

fn pursuit(c: &mut Checker, x: &PursuitInput) -> Pursuit {
    c.object(
        "pursuit",
        &x.unknown_keys,
        x.not_an_object,
        PursuitInput::FIELDS,
    );
    let e: &EvidenceInput = &x.evidence;
    c.object(
        "pursuit.evidence",
        &e.unknown_keys,
        e.not_an_object,
        EvidenceInput::FIELDS,
    );
    let raws = [
        &e.need_confirmed,
        &e.decision_process_mapped,
        &e.economic_buyer_engaged,
        &e.champion,
        &e.incumbent_entrenched,
    ];
    let mut evidence = [false; 5];
    for ((flag, raw), path) in evidence.iter_mut().zip(raws).zip(EVIDENCE_PATHS) {
        *flag = c.boolean(path, raw);
    }
    Pursuit {
        win_probability: c.optional_decimal(
            "pursuit.win_probability",
            &x.win_probability,
            check::SHARE,
        ),
        competitors: c.integer("pursuit.competitors", &x.competitors, Some(0), 0, 1000),
        evidence,
        sales_cycle_months: c.integer(
            "pursuit.sales_cycle_months",
            &x.sales_cycle_months,
            Some(0),
            0,
            120,
        ),
    }
}

fn reference(c: &mut Checker, x: &ReferenceInput) -> Reference {
    c.object(
        "reference",
        &x.unknown_keys,
        x.not_an_object,
        ReferenceInput::FIELDS,
    );
    let annual_value = money(c, "reference.annual_value", &x.annual_value);
    let list: &List<ReferenceUseInput> = &x.uses;
    if let Some(found) = list.not_a_list {
        c.push(
            "reference.uses",
            ProblemKind::WrongType {
                expected: "a list",
                found: found.to_owned(),
            },
        );
    }
    if list.items.len() > MAX_REFERENCE_USES {
        c.push(
            "reference.uses",
            ProblemKind::TooMany {
                max: MAX_REFERENCE_USES,
                got: list.items.len(),
            },
        );
    }
    let mut uses = Vec::with_capacity(list.items.len().min(MAX_REFERENCE_USES));
    for (i, u) in list.items.iter().enumerate().take(MAX_REFERENCE_USES) {
        let path = format!("reference.uses[{i}]");
        c.object(
            &path,
            &u.unknown_keys,
            u.not_an_object,
            ReferenceUseInput::FIELDS,
        );
        let kind = c.word::<ReferenceKind>(&format!("{path}.kind"), &u.kind);
        let per_year = c.integer(&format!("{path}.per_year"), &u.per_year, None, 0, 1000);
        let margin_per_use = c.decimal(
            &format!("{path}.margin_per_use"),
            &u.margin_per_use,
            None,
            check::MONEY,
        );
        let probability = c.decimal(
            &format!("{path}.probability"),
            &u.probability,
            None,
            check::SHARE,
        );
        if let Some(kind) = kind {
            uses.push(ReferenceUse {
                kind,
                per_year,
                margin_per_use,
                probability,
            });
        }
    }
    Reference { annual_value, uses }
}

impl TryFrom<AccountInput> for Account {
    type Error = Error;

    fn try_from(input: AccountInput) -> Result<Account> {
        input.validate()
    }
}

fn text(d: Decimal) -> Raw {
    Raw::from(d)
}

impl From<Account> for AccountInput {
    /// The input that validates back to the same account (numbers as text).
    fn from(a: Account) -> AccountInput {
        let mut risk = RiskInput {
            termination_compensation: text(a.risk.termination_compensation),
            ..RiskInput::default()
        };
        let slots = [
            &mut risk.ownership_change,
            &mut risk.management_change,
            &mut risk.strategy_change,
            &mut risk.political,
            &mut risk.labor_disruption,
            &mut risk.reputational,
            &mut risk.competitor_displacement,
        ];
        for (slot, p) in slots.into_iter().zip(a.risk.probabilities) {
            *slot = text(p);
        }
        let mut evidence = EvidenceInput::default();
        let slots = [
            &mut evidence.need_confirmed,
            &mut evidence.decision_process_mapped,
            &mut evidence.economic_buyer_engaged,
            &mut evidence.champion,
            &mut evidence.incumbent_entrenched,
        ];
        for (slot, flag) in slots.into_iter().zip(a.pursuit.evidence) {
            *slot = Raw::Bool(flag);
        }
        AccountInput {
            id: a.id.into(),
            name: a.name.into(),
            currency: a.currency.as_str().into(),
            stage: a.stage.as_str().into(),
            revenue: RevenueInput {
                annual: text(a.revenue.annual),
                growth: text(a.revenue.growth),
                gross_margin: text(a.revenue.gross_margin),
                concession: text(a.revenue.concession),
                scale_savings: text(a.revenue.scale_savings),
                ..RevenueInput::default()
            },
            cost_to_serve: CostToServeInput {
                account_team: text(a.cost_to_serve.account_team),
                service: text(a.cost_to_serve.service),
                customization: text(a.cost_to_serve.customization),
                reference_program: text(a.cost_to_serve.reference_program),
                other: text(a.cost_to_serve.other),
                ..CostToServeInput::default()
            },
            acquisition: AcquisitionInput {
                tender: text(a.acquisition.tender),
                free_work: text(a.acquisition.free_work),
                legal: text(a.acquisition.legal),
                executive: text(a.acquisition.executive),
                ..AcquisitionInput::default()
            },
            payment: PaymentInput {
                terms_days: a.payment.terms_days.into(),
                delay_days: a.payment.delay_days.into(),
                default_rate: text(a.payment.default_rate),
                ..PaymentInput::default()
            },
            risk,
            relationship: RelationshipInput {
                roles: a
                    .roles
                    .iter()
                    .map(|r| RoleInput {
                        role: r.role.as_str().into(),
                        covered: r.covered.into(),
                        ..RoleInput::default()
                    })
                    .collect::<Vec<_>>()
                    .into(),
                ..RelationshipInput::default()
            },
            pursuit: PursuitInput {
                win_probability: a.pursuit.win_probability.into(),
                competitors: a.pursuit.competitors.into(),
                evidence,
                sales_cycle_months: a.pursuit.sales_cycle_months.into(),
                ..PursuitInput::default()
            },
            reference: ReferenceInput {
                annual_value: text(a.reference.annual_value),
                uses: a
                    .reference
                    .uses
                    .iter()
                    .map(|u| ReferenceUseInput {
                        kind: u.kind.as_str().into(),
                        per_year: u.per_year.into(),
                        margin_per_use: text(u.margin_per_use),
                        probability: text(u.probability),
                        ..ReferenceUseInput::default()
                    })
                    .collect::<Vec<_>>()
                    .into(),
                ..ReferenceInput::default()
            },
            image_critical: a.image_critical.into(),
            ..AccountInput::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_follow_the_word_order() {
        for (path, risk) in RISK_PATHS.iter().zip(Risk::ALL) {
            assert_eq!(*path, format!("risk.{risk}"));
        }
        for (path, evidence) in EVIDENCE_PATHS.iter().zip(Evidence::ALL) {
            assert_eq!(*path, format!("pursuit.evidence.{evidence}"));
        }
    }
}
