//! The model's closed sets of words (stage, role, risk, evidence, reference kind,
//! verdict), the currency code, and tables indexed by a word.
//!
//! Every set is declared once, by the `words!` macro below, in the order of the
//! model's tables. That order is the order of [`Word::ALL`], of the per-word
//! tables ([`PerRisk`], [`PerRole`], [`PerEvidence`]) and of every list the
//! crate prints, so it is written nowhere else.

use std::fmt;
use std::ops::{Index, IndexMut};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

mod sealed {
    /// Keeps [`super::Word`] implemented only by this crate's word sets, and holds
    /// what validation needs but users do not.
    pub trait Sealed {
        /// Every value's word, in the model's order.
        const WORDS: &'static [&'static str];
        /// What the set is called in messages (`stage`, `risk`).
        const NAME: &'static str;
    }
}

pub(crate) use sealed::Sealed;

/// A closed set of words of the model, read case-insensitively from input.
///
/// Implemented by [`Stage`], [`Role`], [`Risk`], [`Evidence`], [`ReferenceKind`]
/// and [`Verdict`]; it cannot be implemented outside this crate.
pub trait Word: Sealed + Copy + Eq + fmt::Display + FromStr + 'static {
    /// Every value, in the model's order.
    const ALL: &'static [Self];
    /// The value's word, as written in files.
    fn as_str(self) -> &'static str;
}

/// Text that is not one of a set's words, or not a currency code.
///
/// ```
/// use keyaccount::Stage;
///
/// let error = "lead".parse::<Stage>().unwrap_err();
/// assert_eq!(error.to_string(), r#"stage must be one of prospect, active, got "lead""#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what} must be {expected}, got {got:?}")]
pub struct ParseWordError {
    what: &'static str,
    expected: String,
    got: String,
}

impl ParseWordError {
    #[cfg_attr(not(feature = "io"), allow(dead_code))]
    pub(crate) fn new(what: &'static str, expected: &str, got: &str) -> ParseWordError {
        ParseWordError {
            what,
            expected: expected.to_owned(),
            got: got.to_owned(),
        }
    }

    fn word<W: Word>(got: &str) -> ParseWordError {
        ParseWordError {
            what: W::NAME,
            expected: format!("one of {}", W::WORDS.join(", ")),
            got: got.to_owned(),
        }
    }
}

/// Finds a word of `W`, ignoring case and surrounding spaces.
pub(crate) fn find_word<W: Word>(text: &str) -> Option<W> {
    let text = text.trim();
    W::ALL
        .iter()
        .copied()
        .find(|w| w.as_str().eq_ignore_ascii_case(text))
}

macro_rules! words {
    (
        $(#[$meta:meta])*
        pub enum $name:ident as $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $word:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum $name { $( $(#[$vmeta])* $variant, )* }

        impl Sealed for $name {
            const WORDS: &'static [&'static str] = &[$($word),*];
            const NAME: &'static str = $what;
        }

        impl Word for $name {
            const ALL: &'static [Self] = &[$($name::$variant),*];
            fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word,)* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseWordError;

            /// Reads the word, ignoring case and surrounding spaces.
            fn from_str(text: &str) -> Result<Self, ParseWordError> {
                find_word(text).ok_or_else(|| ParseWordError::word::<$name>(text))
            }
        }
    };
}

words! {
    /// Whether the account is still to be won or already buying.
    pub enum Stage as "stage" {
        /// Still to be won: valued as a chance of winning, net of the cost of trying.
        Prospect = "prospect",
        /// Already a client.
        Active = "active",
    }
}

words! {
    /// A role in the client's decision-making unit.
    pub enum Role as "role" {
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
    pub enum Risk as "risk" {
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
    pub enum Evidence as "evidence" {
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
    pub enum ReferenceKind as "reference kind" {
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

words! {
    /// What to do with the account: the first matching row of the model's table.
    pub enum Verdict as "verdict" {
        /// Prospect worth at least the hurdle: go after it.
        Pursue = "pursue",
        /// Prospect below the hurdle, pursued for the supplier's image.
        PursueStrategic = "pursue_strategic",
        /// Prospect below the hurdle: leave it to competitors.
        Decline = "decline",
        /// Active account worth at least its bar (the hurdle, plus what a release
        /// would still cost): keep it.
        Retain = "retain",
        /// Active account below its bar that a feasible cut of cost to serve, the
        /// concession or payment terms (alone, or the balanced package of all
        /// three) lifts to it.
        Restructure = "restructure",
        /// Active account below its bar, kept on purpose for the supplier's image.
        RetainStrategic = "retain_strategic",
        /// Active account below its bar: let it go to a competitor.
        Release = "release",
    }
}

words! {
    /// What is known of one role of the client's decision-making unit.
    pub enum Coverage as "coverage" {
        /// The role exists and a personal working contact exists.
        Covered = "covered",
        /// The role exists and nobody has a working contact. A role not listed at
        /// all counts as uncovered: not knowing who decides is itself a risk.
        Uncovered = "uncovered",
        /// This client has no such role: it counts neither way.
        Absent = "absent",
    }
}

words! {
    /// When in its year a flow moves, for discounting.
    pub enum Timing as "timing" {
        /// Every flow at the end of its year: `v^t`.
        End = "end",
        /// Mid-year, the convention of corporate valuation: `v^(t − 1/2)`.
        Mid = "mid",
        /// At the start of the year: `v^(t − 1)`.
        Start = "start",
    }
}

words! {
    /// One lever of a `restructure` verdict, as the `lever` column names it.
    pub enum Lever as "lever" {
        /// Cost to serve cut by at most `max_cost_cut`.
        CostToServe = "cost_to_serve",
        /// The concession cut by at most `max_concession_cut` points.
        Concession = "concession",
        /// The agreed payment days cut by at most `max_terms_cut`.
        PaymentTerms = "payment_terms",
        /// The balanced package of all three levers together.
        Package = "package",
    }
}

/// What restructures an account: the single levers that each reach the bar on
/// their own (in the order cost to serve, concession, payment terms), or the
/// balanced package when none does alone. Written as the words joined by `|`:
/// `cost_to_serve|concession`, `payment_terms`, `package`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Levers(u8);

/// Every text a [`Levers`] can have, indexed by its bits (cost to serve 1,
/// concession 2, payment terms 4, the package 8).
const LEVER_TEXTS: [&str; 9] = [
    "",
    "cost_to_serve",
    "concession",
    "cost_to_serve|concession",
    "payment_terms",
    "cost_to_serve|payment_terms",
    "concession|payment_terms",
    "cost_to_serve|concession|payment_terms",
    "package",
];

impl Levers {
    /// No lever.
    pub const NONE: Levers = Levers(0);
    /// The balanced package alone.
    pub const PACKAGE: Levers = Levers(8);

    fn bit(lever: Lever) -> u8 {
        match lever {
            Lever::CostToServe => 1,
            Lever::Concession => 2,
            Lever::PaymentTerms => 4,
            Lever::Package => 8,
        }
    }

    /// These levers and `lever`. The package goes with no single lever: adding a
    /// single lever to it keeps the single lever only.
    #[must_use]
    pub fn with(self, lever: Lever) -> Levers {
        match lever {
            Lever::Package if self.0 & 7 != 0 => self,
            Lever::Package => Levers::PACKAGE,
            single => Levers((self.0 & 7) | Levers::bit(single)),
        }
    }

    /// Whether `lever` is among them.
    #[must_use]
    pub fn contains(self, lever: Lever) -> bool {
        self.0 & Levers::bit(lever) != 0
    }

    /// Whether there is no lever.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The levers, in the model's order.
    pub fn iter(self) -> impl Iterator<Item = Lever> {
        Lever::ALL
            .iter()
            .copied()
            .filter(move |l| self.contains(*l))
    }

    /// The words joined by `|`, as the `lever` column shows them.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        LEVER_TEXTS[usize::from(self.0.min(8))]
    }
}

impl fmt::Display for Levers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Levers {
    type Err = ParseWordError;

    /// Reads words joined by `|` (`cost_to_serve|concession`), or `package`.
    fn from_str(text: &str) -> Result<Levers, ParseWordError> {
        let mut out = Levers::NONE;
        for part in text.split('|') {
            let lever: Lever = part.parse()?;
            if lever == Lever::Package && !out.is_empty() || out == Levers::PACKAGE {
                return Err(ParseWordError::word::<Lever>(text));
            }
            out = out.with(lever);
        }
        Ok(out)
    }
}

impl Serialize for Levers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Levers {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Levers, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

words! {
    /// How a spreadsheet column's numbers are stored (see [`crate::flat::ColumnMap`]).
    pub enum Unit as "unit" {
        /// As is: 0.3 is 30 %.
        Fraction = "fraction",
        /// In percent: 30 (or 30%) is 0.30.
        Percent = "percent",
        /// In thousands: 1 200 is 1 200 000.
        Thousands = "thousands",
        /// In millions.
        Millions = "millions",
    }
}

impl Verdict {
    /// What the verdict asks the account team to do, in plain words.
    #[must_use]
    pub fn advice(self) -> &'static str {
        match self {
            Verdict::Pursue => "worth winning: bid for it",
            Verdict::PursueStrategic => {
                "below the bar, but pursue it for the company's image, knowing the subsidy"
            }
            Verdict::Decline => "not worth winning: leave it to competitors",
            Verdict::Retain => "worth keeping as it is",
            Verdict::Restructure => {
                "below the bar, but a feasible cut of cost to serve, the concession or payment terms (alone or the three together) reaches it: renegotiate"
            }
            Verdict::RetainStrategic => {
                "below the bar, but keep it for the company's image, knowing the subsidy"
            }
            Verdict::Release => "not worth keeping: let it go to a competitor",
        }
    }
}

/// Declares a table with one value per word of a set, indexed by the word.
macro_rules! per_word {
    ($(#[$meta:meta])* $table:ident of $word:ident, $n:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $table<T>([T; $n]);

        impl<T> $table<T> {
            /// A table whose value for each word is `f(word)`.
            pub fn from_fn(mut f: impl FnMut($word) -> T) -> Self {
                $table(std::array::from_fn(|i| f($word::ALL[i])))
            }

            /// The words with their values, in the model's order.
            pub fn iter(&self) -> impl Iterator<Item = ($word, &T)> {
                $word::ALL.iter().copied().zip(self.0.iter())
            }

            /// The values, in the model's order.
            pub fn values(&self) -> impl Iterator<Item = &T> {
                self.0.iter()
            }

            /// A table of `f` applied to every value.
            pub fn map<U>(self, f: impl FnMut(T) -> U) -> $table<U> {
                $table(self.0.map(f))
            }

            fn slot(word: $word) -> usize {
                // `words!` declares the variants in `ALL` order without explicit
                // discriminants, so a variant's discriminant is its slot.
                word as usize
            }
        }

        impl<T> Index<$word> for $table<T> {
            type Output = T;
            fn index(&self, word: $word) -> &T {
                &self.0[Self::slot(word)]
            }
        }

        impl<T> IndexMut<$word> for $table<T> {
            fn index_mut(&mut self, word: $word) -> &mut T {
                &mut self.0[Self::slot(word)]
            }
        }
    };
}

per_word! {
    /// One value for each [`Risk`], such as the seven yearly probabilities.
    PerRisk of Risk, 7
}

per_word! {
    /// One value for each [`Role`], such as the policy's role weights.
    PerRole of Role, 7
}

per_word! {
    /// One value for each [`Evidence`], such as which evidence is true.
    PerEvidence of Evidence, 5
}

/// An ISO 4217 currency code: three ASCII capital letters (not checked against
/// the ISO list).
///
/// ```
/// use keyaccount::Currency;
///
/// let rub: Currency = "RUB".parse()?;
/// assert_eq!(rub.as_str(), "RUB");
/// assert_eq!(Currency::EUR.to_string(), "EUR");
/// assert!("eur".parse::<Currency>().is_err());
/// # Ok::<(), keyaccount::ParseWordError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// The euro.
    pub const EUR: Currency = Currency(*b"EUR");
    /// The US dollar.
    pub const USD: Currency = Currency(*b"USD");
    /// The Russian rouble.
    pub const RUB: Currency = Currency(*b"RUB");
    /// The pound sterling.
    pub const GBP: Currency = Currency(*b"GBP");
    /// The Chinese yuan.
    pub const CNY: Currency = Currency(*b"CNY");

    /// Reads a currency code of exactly three ASCII capital letters (`"eur"`,
    /// `"EURO"` and `"E1R"` are refused, with an error that says so); the same as
    /// [`str::parse`].
    ///
    /// # Errors
    ///
    /// [`ParseWordError`] for text that is not three capital letters.
    pub fn parse(code: &str) -> Result<Currency, ParseWordError> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Currency([a, b, c])),
            _ => Err(ParseWordError {
                what: "currency",
                expected: "three capital letters".to_owned(),
                got: code.to_owned(),
            }),
        }
    }

    /// The code as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Only ASCII capitals are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl FromStr for Currency {
    type Err = ParseWordError;

    /// Reads a code of exactly three ASCII capital letters.
    fn from_str(code: &str) -> Result<Currency, ParseWordError> {
        Currency::parse(code)
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
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_back_in_any_case() {
        for stage in Stage::ALL {
            assert_eq!(stage.as_str().to_uppercase().parse::<Stage>(), Ok(*stage));
        }
        assert_eq!(" Final_Decision ".parse::<Role>(), Ok(Role::FinalDecision));
        assert_eq!(
            "ceo".parse::<Role>().unwrap_err().to_string(),
            r#"role must be one of user, preparer, approver, budget_holder, final_decision, legal, procurement, got "ceo""#
        );
        assert_eq!(
            "eur".parse::<Currency>().unwrap_err().to_string(),
            r#"currency must be three capital letters, got "eur""#
        );
    }

    #[test]
    fn tables_follow_the_word_order() {
        let table = PerRisk::from_fn(Risk::as_str);
        for (risk, word) in table.iter() {
            assert_eq!(risk.as_str(), *word);
            assert_eq!(table[risk], *word);
        }
        let mut flags = PerEvidence::<bool>::default();
        flags[Evidence::Champion] = true;
        assert_eq!(flags.values().filter(|f| **f).count(), 1);
        assert!(flags[Evidence::Champion]);
    }
}
