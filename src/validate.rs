//! Validation: text as received ([`crate::input`]) into an [`Account`] or a
//! [`Policy`], collecting every problem on the way, each with its field path.
//!
//! The number grammar is the model's: `-?digits[.digits]`, nothing else. Exponents,
//! percent signs, thousands separators and decimal commas are refused with a hint,
//! because a spreadsheet's `12%` or `1,200,000` silently read as something else
//! would be a wrong number, which is worse than an error. Typed values set from
//! code (by [`crate::AccountBuilder`]) skip the grammar and meet the same range
//! checks, with the same messages.
//!
//! Field paths are only formatted when a problem is found, so a valid record costs
//! no allocation for them.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::account::{
    Account, Acquisition, Contract, CostToServe, Event, Payment, Pursuit, Reference, ReferenceUse,
    Release, Revenue, Risks, RoleContact,
};
use crate::change::Sections;
use crate::error::{Error, ErrorKind, Problem, ProblemKind, Result};
use crate::input::{
    AccountInput, AcquisitionInput, ContractInput, CostToServeInput, CurrencyMap, EventInput,
    EvidenceInput, EvidenceOddsInput, HurdleInput, Leaf, List, PaymentInput, PolicyInput,
    PortfolioInput, PursuitInput, QuadrantNamesInput, Raw, ReferenceInput, ReferenceUseInput,
    RelationshipInput, ReleaseInput, RevenueInput, RiskInput, RoleInput, RoleWeightsInput,
};
use crate::policy::{Hurdle, Policy, PortfolioPolicy, QUADRANTS};
use crate::words::{
    Coverage, Currency, Evidence, PerEvidence, PerRisk, PerRole, ReferenceKind, Risk, Role, Stage,
    Timing, Word, find_word,
};

/// Longest text quoted back in an error message.
const QUOTE_LIMIT: usize = 40;

/// The most itemised reference uses an account may list.
const MAX_REFERENCE_USES: usize = 64;

/// The most dated events an account may list.
const MAX_EVENTS: usize = 16;

/// Shortens text quoted back to the user.
pub(crate) fn quote(text: &str) -> String {
    if text.chars().count() <= QUOTE_LIMIT {
        text.to_owned()
    } else {
        let head: String = text.chars().take(QUOTE_LIMIT).collect();
        format!("{head}...")
    }
}

/// A field path made of a prefix and a name (`risk` + `political`), formatted
/// only when a problem is reported.
#[derive(Clone, Copy)]
struct Dotted<'a>(&'a str, &'a str);

impl fmt::Display for Dotted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str(self.1)
        } else {
            write!(f, "{}.{}", self.0, self.1)
        }
    }
}

/// `str::trim`, without decoding characters when the text begins and ends with
/// ASCII that is not whitespace (as nearly every cell does).
pub(crate) fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        [only] if only.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Parses plain decimal text exactly, or says how to write it.
///
/// # Errors
///
/// A hint for the user when the text is not `-?digits[.digits]` or has more
/// digits than a `Decimal` holds.
pub(crate) fn parse_decimal(text: &str) -> Result<Decimal, &'static str> {
    let t = trim(text);
    plain_decimal(t).map_or_else(|| read_decimal(t), Ok)
}

/// The full reading of trimmed text: `-?digits[.digits]` checked, then
/// `Decimal::from_str_exact`.
fn read_decimal(t: &str) -> Result<Decimal, &'static str> {
    let body = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let plain = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !plain {
        return Err(number_hint(t));
    }
    let mut value = Decimal::from_str_exact(t).map_err(|_| "at most 28 significant digits")?;
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    Ok(value)
}

/// `-?digits[.digits]` with at most 28 digits in all, read straight into a
/// mantissa and a scale (which `Decimal` holds exactly); anything else is left to
/// the full reading.
fn plain_decimal(t: &str) -> Option<Decimal> {
    let (negative, body) = match t.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        bytes => (false, bytes),
    };
    if body.len() > 29 {
        return None;
    }
    let (mut mantissa, mut whole, mut scale, mut point) = (0i128, 0u32, 0u32, false);
    for &b in body {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i128::from(b - b'0');
                if point {
                    scale += 1;
                } else {
                    whole += 1;
                }
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if whole == 0 || (point && scale == 0) || whole + scale > 28 {
        return None;
    }
    // -0 is read as 0.
    let signed = if negative { -mantissa } else { mantissa };
    Some(Decimal::from_i128_with_scale(signed, scale))
}

fn number_hint(t: &str) -> &'static str {
    let digits = t.bytes().any(|b| b.is_ascii_digit());
    if spreadsheet_error(t) {
        "a spreadsheet error value: fix the formula"
    } else if t.starts_with("a date or time") || looks_like_date(t) {
        "a date, not a number"
    } else if t.contains('%') {
        "write rates as fractions: 0.12 means 12 %"
    } else if looks_like_decimal_comma(t) {
        "a decimal comma: write 0.25, or read the file with --decimal-comma"
    } else if t.contains(',') && digits {
        "use a point for decimals and no thousands separators"
    } else if digits && t.bytes().any(|b| b == b'e' || b == b'E') {
        "write it without an exponent"
    } else if digits && t.bytes().any(|b| matches!(b, b' ' | b'_' | b'\'')) {
        "write it without thousands separators"
    } else if t.starts_with('+') {
        "write it without a plus sign"
    } else {
        "digits with an optional minus sign and decimal point, such as 1200000 or 0.25"
    }
}

/// A spreadsheet's error value (`#DIV/0!`, `#N/A`, `#VALUE!`...), as a CSV export
/// writes it or as a workbook reader names it (`the error value #DIV/0!`).
fn spreadsheet_error(t: &str) -> bool {
    let t = t.strip_prefix("the error value ").unwrap_or(t).trim();
    [
        "#DIV/0!",
        "#N/A",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
    ]
    .iter()
    .any(|e| t.eq_ignore_ascii_case(e))
}

/// Whether text reads as a date a spreadsheet exports: `2024-01-05`,
/// `05.01.2024`, `1/5/2024`, optionally followed by a time.
fn looks_like_date(t: &str) -> bool {
    let date = t.split([' ', 'T']).next().unwrap_or_default();
    let Some(separator) = ['-', '.', '/'].into_iter().find(|s| date.contains(*s)) else {
        return false;
    };
    let parts: Vec<&str> = date.split(separator).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        && parts.iter().any(|p| p.len() == 4)
}

/// A JSON number with an exponent (`1E-2`), when `Decimal` holds it exactly.
/// `Decimal::from_scientific` rounds a mantissa of more than 28 significant
/// digits, so those are refused here first.
pub(crate) fn exact_scientific(text: &str) -> Option<Decimal> {
    let (mantissa, _) = text.split_once(['e', 'E'])?;
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let significant = digits.trim_start_matches('0').trim_end_matches('0');
    if significant.len() > 28 {
        return None;
    }
    let mut value = Decimal::from_scientific(text).ok()?;
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    Some(value)
}

/// Whether text reads as a number written with a decimal comma (`0,25`,
/// `1 200,5`): one comma, digits after it, and not the three digits of a
/// thousands group.
fn looks_like_decimal_comma(t: &str) -> bool {
    let body = t.strip_prefix('-').unwrap_or(t);
    let Some((int, frac)) = body.split_once(',') else {
        return false;
    };
    let int_ok = !int.is_empty()
        && int
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '\u{a0}'));
    let frac_ok = !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit());
    int_ok && frac_ok && frac.len() != 3
}

/// Reads `true`/`false`, `yes`/`no`, `1`/`0` in any case.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    let t = trim(text);
    if ["true", "yes", "1"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(t))
    {
        Some(true)
    } else if ["false", "no", "0"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(t))
    {
        Some(false)
    } else {
        None
    }
}

/// The longest word compared with the candidates: a field path is far shorter,
/// and the comparison's cost grows with the word's length.
const LONGEST_SUGGESTED: usize = 64;

/// The candidate closest to `word` by edit distance, when close enough to be a
/// likely typo; none for a word of more than 64 characters.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    if word.len() > 4 * LONGEST_SUGGESTED || word.chars().count() > LONGEST_SUGGESTED {
        return None;
    }
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The valid range of a decimal field.
#[derive(Clone, Copy)]
struct Range {
    min: Decimal,
    max: Decimal,
    min_text: &'static str,
    max_text: &'static str,
    /// When true, the minimum itself is not valid.
    exclusive_min: bool,
}

const TEN_POW_15: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);

const MONEY: Range = Range {
    min: Decimal::ZERO,
    max: TEN_POW_15,
    min_text: "0",
    max_text: "10^15",
    exclusive_min: false,
};

const SIGNED_MONEY: Range = Range {
    min: Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, true, 0),
    max: TEN_POW_15,
    min_text: "-10^15",
    max_text: "10^15",
    exclusive_min: false,
};

const SHARE: Range = Range {
    min: Decimal::ZERO,
    max: Decimal::ONE,
    min_text: "0",
    max_text: "1",
    exclusive_min: false,
};

const GROWTH: Range = Range {
    min: Decimal::from_parts(5, 0, 0, true, 1),
    max: Decimal::from_parts(5, 0, 0, false, 1),
    min_text: "-0.5",
    max_text: "0.5",
    exclusive_min: false,
};

/// `revenue.price_down` and `revenue.cost_down`.
const PRICE_DOWN: Range = Range {
    min: Decimal::ZERO,
    max: Decimal::from_parts(5, 0, 0, false, 1),
    min_text: "0",
    max_text: "0.5",
    exclusive_min: false,
};

/// `hurdle_per_revenue`: a share of year-1 sales, `0..=10`.
const PER_REVENUE: Range = Range {
    min: Decimal::ZERO,
    max: Decimal::TEN,
    min_text: "0",
    max_text: "10",
    exclusive_min: false,
};

/// `hurdle_per_pursuit`: a multiple, `0..=100`.
const PER_PURSUIT: Range = WEIGHT;

const STEP: Range = Range {
    min: Decimal::ZERO,
    max: Decimal::ONE,
    min_text: "0",
    max_text: "1",
    exclusive_min: true,
};

/// The default chance that the supplier wins a re-tender.
pub(crate) const INCUMBENT_WINS: Decimal = Decimal::from_parts(6, 0, 0, false, 1);

const EXCHANGE: Range = Range {
    min: Decimal::ZERO,
    max: TEN_POW_15,
    min_text: "0",
    max_text: "10^15",
    exclusive_min: true,
};

const WEIGHT: Range = Range {
    min: Decimal::ZERO,
    max: Decimal::ONE_HUNDRED,
    min_text: "0",
    max_text: "100",
    exclusive_min: false,
};

const ODDS: Range = Range {
    min: Decimal::ZERO,
    max: Decimal::ONE_HUNDRED,
    min_text: "0",
    max_text: "100",
    exclusive_min: true,
};

/// Whether a leaf holds a value: not absent, and not blank text.
fn given(raw: &Raw) -> bool {
    match &raw.0 {
        Leaf::Absent => false,
        Leaf::Text(t) => !trim(t).is_empty(),
        _ => true,
    }
}

/// Collects problems while reading a record's fields.
#[derive(Default)]
pub(crate) struct Checker {
    pub problems: Vec<Problem>,
}

impl Checker {
    pub fn push(&mut self, field: impl fmt::Display, kind: ProblemKind) {
        self.problems.push(Problem::new(field.to_string(), kind));
    }

    /// Reports unknown keys and a non-object value of the object at `path`.
    pub fn object(
        &mut self,
        path: &str,
        unknown_keys: &[String],
        not_an_object: Option<&'static str>,
        fields: &[&str],
    ) {
        if let Some(found) = not_an_object {
            self.push(
                path,
                ProblemKind::WrongType {
                    expected: "an object",
                    found: found.to_owned(),
                },
            );
        }
        for key in unknown_keys {
            let kind = if fields.contains(&key.as_str()) {
                ProblemKind::Duplicate
            } else {
                ProblemKind::UnknownField {
                    suggestion: closest(key, fields.iter().copied())
                        .map(|s| Dotted(path, s).to_string()),
                }
            };
            self.push(Dotted(path, &quote(key)), kind);
        }
    }

    /// Text of a leaf (JSON string or number literal), `None` when absent or when
    /// a problem was recorded (a typed number where text was expected is one).
    fn text<'a>(
        &mut self,
        path: impl fmt::Display,
        raw: &'a Raw,
        expected: &'static str,
    ) -> Option<&'a str> {
        match &raw.0 {
            Leaf::Absent => None,
            Leaf::Text(t) | Leaf::Number(t) => Some(t),
            Leaf::Bool(_) | Leaf::Other(_) | Leaf::Decimal(_) | Leaf::Integer(_) => {
                self.push(
                    path,
                    ProblemKind::WrongType {
                        expected,
                        found: raw.describe(),
                    },
                );
                None
            }
        }
    }

    /// A decimal in `range`; `default` when absent (or a problem when `None`).
    fn decimal(
        &mut self,
        path: impl fmt::Display + Copy,
        raw: &Raw,
        default: Option<Decimal>,
        range: Range,
    ) -> Decimal {
        let (value, text) = match &raw.0 {
            Leaf::Decimal(d) => (*d, None),
            Leaf::Integer(n) => (Decimal::from(*n), None),
            _ => {
                let text = match self.text(path, raw, "a number") {
                    Some(t) if !trim(t).is_empty() => t,
                    Some(_) | None => {
                        if matches!(raw.0, Leaf::Absent | Leaf::Text(_)) {
                            if let Some(d) = default {
                                return d;
                            }
                            self.push(path, ProblemKind::Missing);
                        }
                        return Decimal::ZERO;
                    }
                };
                let parsed = match &raw.0 {
                    // A JSON number may use an exponent: exact when Decimal holds it.
                    Leaf::Number(t) if t.contains(['e', 'E']) => exact_scientific(t).ok_or(""),
                    _ => parse_decimal(text),
                };
                match parsed {
                    Ok(v) => (v, Some(text)),
                    Err(hint) => {
                        let kind = if matches!(raw.0, Leaf::Number(_)) {
                            ProblemKind::Inexact { got: quote(text) }
                        } else {
                            ProblemKind::NotANumber {
                                got: quote(trim(text)),
                                hint,
                            }
                        };
                        self.push(path, kind);
                        return Decimal::ZERO;
                    }
                }
            }
        };
        let below = if range.exclusive_min {
            value <= range.min
        } else {
            value < range.min
        };
        if below || value > range.max {
            let got = text.map_or_else(|| value.to_string(), |t| quote(trim(t)));
            let kind = if range.exclusive_min {
                ProblemKind::NotPositive {
                    max: range.max_text,
                    got,
                }
            } else {
                ProblemKind::OutOfRange {
                    min: range.min_text,
                    max: range.max_text,
                    got,
                }
            };
            self.push(path, kind);
            return Decimal::ZERO;
        }
        value
    }

    fn money(&mut self, path: impl fmt::Display + Copy, raw: &Raw) -> Decimal {
        self.decimal(path, raw, Some(Decimal::ZERO), MONEY)
    }

    fn share(&mut self, path: impl fmt::Display + Copy, raw: &Raw) -> Decimal {
        self.decimal(path, raw, Some(Decimal::ZERO), SHARE)
    }

    /// A decimal that may be left out.
    fn optional_decimal(&mut self, path: &str, raw: &Raw, range: Range) -> Option<Decimal> {
        given(raw).then(|| self.decimal(path, raw, Some(Decimal::ZERO), range))
    }

    /// A whole number in `min..=max`; `default` when absent.
    fn integer(
        &mut self,
        path: impl fmt::Display + Copy,
        raw: &Raw,
        default: Option<u32>,
        min: u32,
        max: u32,
    ) -> u32 {
        let typed;
        let text = match &raw.0 {
            Leaf::Integer(n) if (min..=max).contains(n) => return *n,
            Leaf::Integer(n) => {
                typed = n.to_string();
                typed.as_str()
            }
            Leaf::Decimal(d) => {
                typed = d.to_string();
                typed.as_str()
            }
            _ => match self.text(path, raw, "a whole number") {
                Some(t) if !trim(t).is_empty() => trim(t),
                Some(_) | None => {
                    if matches!(raw.0, Leaf::Absent | Leaf::Text(_)) {
                        if let Some(d) = default {
                            return d;
                        }
                        self.push(path, ProblemKind::Missing);
                    }
                    return min;
                }
            },
        };
        match text.parse::<u32>() {
            Ok(v) if (min..=max).contains(&v) && text.bytes().all(|b| b.is_ascii_digit()) => v,
            _ => {
                self.push(
                    path,
                    ProblemKind::NotAnInteger {
                        min,
                        max,
                        got: quote(text),
                    },
                );
                min
            }
        }
    }

    /// A yes/no value; `false` when absent.
    fn boolean(&mut self, path: impl fmt::Display, raw: &Raw) -> bool {
        let typed;
        let text = match &raw.0 {
            Leaf::Absent => return false,
            Leaf::Bool(b) => return *b,
            Leaf::Text(t) | Leaf::Number(t) => trim(t),
            Leaf::Decimal(_) | Leaf::Integer(_) => {
                typed = raw.describe();
                typed.as_str()
            }
            Leaf::Other(what) => {
                self.push(
                    path,
                    ProblemKind::WrongType {
                        expected: "true or false",
                        found: (*what).to_owned(),
                    },
                );
                return false;
            }
        };
        match parse_bool(text) {
            Some(b) => b,
            None if text.is_empty() => false,
            None => {
                self.push(path, ProblemKind::NotABoolean { got: quote(text) });
                false
            }
        }
    }

    /// Text as given, trimmed; `None` when absent or not text.
    fn string(&mut self, path: &str, raw: &Raw) -> Option<String> {
        match &raw.0 {
            Leaf::Decimal(_) | Leaf::Integer(_) => Some(raw.describe()),
            _ => self.text(path, raw, "text").map(|t| trim(t).to_owned()),
        }
    }

    /// One of the words of `W`, matched case-insensitively.
    fn word<W: Word>(&mut self, path: impl fmt::Display + Copy, raw: &Raw) -> Option<W> {
        let text = match self.text(path, raw, "a word") {
            Some(t) if !trim(t).is_empty() => trim(t),
            _ => {
                if matches!(raw.0, Leaf::Absent | Leaf::Text(_)) {
                    self.push(path, ProblemKind::Missing);
                }
                return None;
            }
        };
        let found = find_word::<W>(text);
        if found.is_none() {
            self.push(
                path,
                ProblemKind::UnknownWord {
                    got: quote(text),
                    expected: <W as crate::words::Sealed>::WORDS,
                },
            );
        }
        found
    }
}

impl AccountInput {
    /// Validates the account, collecting every problem.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidAccount`] listing every problem, such as a missing `id`,
    /// `revenue.gross_margin` of `1.5` (outside `0..=1`), a currency `"eur"`,
    /// `payment.terms_days + payment.delay_days` above 365, a role listed twice,
    /// a `revenue.rebate_probability`
    /// without `revenue.rebate`, an event in month 0 (events are named by their
    /// 1-based position, `events[1].month`), more than 16 events, or an unknown
    /// field.
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
                name: None,
                currency: None,
                problems: c.problems,
            }));
        }

        let id = c.string("id", &self.id).filter(|s| !s.is_empty());
        match &id {
            None if !matches!(self.id.0, Leaf::Bool(_) | Leaf::Other(_)) => {
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
                let parsed = Currency::parse(&code).ok();
                if parsed.is_none() {
                    c.push("currency", ProblemKind::BadCurrency { got: quote(&code) });
                }
                parsed
            }
            None if !matches!(self.currency.0, Leaf::Absent | Leaf::Text(_)) => None,
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
        let contract = contract(&mut c, &self.contract);
        let events = events(&mut c, &self.events);
        let release = release(&mut c, &self.release);
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
                contract,
                events,
                release,
                image_critical,
            }),
            (id, currency, _) => Err(Error::new(ErrorKind::InvalidAccount {
                id: id.filter(|s| s.chars().count() <= 64),
                name: Some(name).filter(|n| !n.is_empty()),
                currency,
                problems: c.problems,
            })),
        }
    }
}

impl TryFrom<AccountInput> for Account {
    type Error = Error;

    fn try_from(input: AccountInput) -> Result<Account> {
        input.validate()
    }
}

/// `base` with the parts `sections` taken from `input` and validated again, each
/// part as a whole (so the rules between its fields hold); the other parts are
/// `base`'s, already valid. Problems come in the model's field order.
pub(crate) fn revalidate(
    base: &Account,
    input: &AccountInput,
    sections: Sections,
) -> Result<Account> {
    let mut c = Checker::default();
    let mut a = base.clone();
    if sections.has(Sections::REVENUE) {
        a.revenue = revenue(&mut c, &input.revenue);
    }
    if sections.has(Sections::COST_TO_SERVE) {
        a.cost_to_serve = cost_to_serve(&mut c, &input.cost_to_serve);
    }
    if sections.has(Sections::ACQUISITION) {
        a.acquisition = acquisition(&mut c, &input.acquisition);
    }
    if sections.has(Sections::PAYMENT) {
        a.payment = payment(&mut c, &input.payment);
    }
    if sections.has(Sections::RISK) {
        a.risk = risks(&mut c, &input.risk);
    }
    if sections.has(Sections::RELATIONSHIP) {
        a.roles = roles(&mut c, &input.relationship);
    }
    if sections.has(Sections::PURSUIT) {
        a.pursuit = pursuit(&mut c, &input.pursuit);
    }
    if sections.has(Sections::REFERENCE) {
        a.reference = reference(&mut c, &input.reference);
    }
    if sections.has(Sections::CONTRACT) {
        a.contract = contract(&mut c, &input.contract);
    }
    if sections.has(Sections::EVENTS) {
        a.events = events(&mut c, &input.events);
    }
    if sections.has(Sections::RELEASE) {
        a.release = release(&mut c, &input.release);
    }
    if sections.has(Sections::IMAGE) {
        a.image_critical = c.boolean("image_critical", &input.image_critical);
    }
    if c.problems.is_empty() {
        Ok(a)
    } else {
        Err(Error::new(ErrorKind::InvalidAccount {
            id: Some(a.id),
            name: Some(a.name).filter(|n| !n.is_empty()),
            currency: Some(a.currency),
            problems: c.problems,
        }))
    }
}

fn revenue(c: &mut Checker, r: &RevenueInput) -> Revenue {
    c.object(
        "revenue",
        &r.unknown_keys,
        r.not_an_object,
        RevenueInput::FIELDS,
    );
    // Problems are reported in the model's field order.
    let annual = c.decimal("revenue.annual", &r.annual, None, MONEY);
    let growth = c.decimal("revenue.growth", &r.growth, Some(Decimal::ZERO), GROWTH);
    let gross_margin = c.decimal("revenue.gross_margin", &r.gross_margin, None, SHARE);
    let concession = c.share("revenue.concession", &r.concession);
    let ramp_years = c.integer("revenue.ramp_years", &r.ramp_years, Some(0), 0, 10);
    let price_down = c.decimal(
        "revenue.price_down",
        &r.price_down,
        Some(Decimal::ZERO),
        PRICE_DOWN,
    );
    let cost_down = c.decimal(
        "revenue.cost_down",
        &r.cost_down,
        Some(Decimal::ZERO),
        PRICE_DOWN,
    );
    let (rebate, rebate_probability, rebate_days) = rebate(c, r);
    Revenue {
        annual,
        growth,
        gross_margin,
        concession,
        ramp_years,
        price_down,
        scale_savings: c.money("revenue.scale_savings", &r.scale_savings),
        cost_down,
        rebate,
        rebate_probability,
        rebate_days,
    }
}

/// `revenue.rebate` and, only with it, its probability and payment days.
fn rebate(c: &mut Checker, r: &RevenueInput) -> (Option<Decimal>, Decimal, u32) {
    let rebate = c.optional_decimal("revenue.rebate", &r.rebate, SHARE);
    if rebate.is_none() {
        for (name, raw) in [
            ("rebate_probability", &r.rebate_probability),
            ("rebate_days", &r.rebate_days),
        ] {
            if given(raw) {
                c.push(Dotted("revenue", name), ProblemKind::NeedsRebate);
            }
        }
        return (None, Decimal::ONE, 0);
    }
    let probability = c.decimal(
        "revenue.rebate_probability",
        &r.rebate_probability,
        Some(Decimal::ONE),
        SHARE,
    );
    let days = c.integer("revenue.rebate_days", &r.rebate_days, Some(0), 0, 365);
    (rebate, probability, days)
}

/// The dated events, each named by its 1-based position (`events[2].month`), as
/// the user counts the parts of a CSV cell or the entries of a list.
fn events(c: &mut Checker, list: &List<EventInput>) -> Vec<Event> {
    if let Some(found) = list.not_a_list {
        c.push(
            "events",
            ProblemKind::WrongType {
                expected: "a list",
                found: found.to_owned(),
            },
        );
    }
    if list.items.len() > MAX_EVENTS {
        c.push(
            "events",
            ProblemKind::TooMany {
                max: MAX_EVENTS,
                got: list.items.len(),
            },
        );
    }
    let mut out = Vec::with_capacity(list.items.len().min(MAX_EVENTS));
    for (i, e) in list.items.iter().enumerate().take(MAX_EVENTS) {
        let path = format!("events[{}]", i + 1);
        c.object(&path, &e.unknown_keys, e.not_an_object, EventInput::FIELDS);
        let month = c.integer(Dotted(&path, "month"), &e.month, None, 1, 600);
        let risk = c.word::<Risk>(Dotted(&path, "risk"), &e.risk);
        let probability = c.decimal(Dotted(&path, "probability"), &e.probability, None, SHARE);
        if let Some(risk) = risk {
            out.push(Event {
                month,
                risk,
                probability,
            });
        }
    }
    out
}

fn release(c: &mut Checker, x: &ReleaseInput) -> Release {
    c.object(
        "release",
        &x.unknown_keys,
        x.not_an_object,
        ReleaseInput::FIELDS,
    );
    let d = Release::default();
    Release {
        stranded_cost: c.money("release.stranded_cost", &x.stranded_cost),
        stranded_years: c.integer(
            "release.stranded_years",
            &x.stranded_years,
            Some(d.stranded_years),
            0,
            50,
        ),
    }
}

fn cost_to_serve(c: &mut Checker, x: &CostToServeInput) -> CostToServe {
    c.object(
        "cost_to_serve",
        &x.unknown_keys,
        x.not_an_object,
        CostToServeInput::FIELDS,
    );
    CostToServe {
        account_team: c.money("cost_to_serve.account_team", &x.account_team),
        service: c.money("cost_to_serve.service", &x.service),
        customization: c.money("cost_to_serve.customization", &x.customization),
        reference_program: c.money("cost_to_serve.reference_program", &x.reference_program),
        other: c.money("cost_to_serve.other", &x.other),
        inflation: c.decimal(
            "cost_to_serve.inflation",
            &x.inflation,
            Some(Decimal::ZERO),
            GROWTH,
        ),
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
        tender: c.money("acquisition.tender", &x.tender),
        free_work: c.money("acquisition.free_work", &x.free_work),
        legal: c.money("acquisition.legal", &x.legal),
        executive: c.money("acquisition.executive", &x.executive),
        onboarding: c.money("acquisition.onboarding", &x.onboarding),
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
        default_rate: c.share("payment.default_rate", &x.default_rate),
    }
}

fn risks(c: &mut Checker, x: &RiskInput) -> Risks {
    c.object("risk", &x.unknown_keys, x.not_an_object, RiskInput::FIELDS);
    Risks {
        probabilities: PerRisk::from_fn(|risk: Risk| {
            c.share(Dotted("risk", risk.as_str()), x.probability(risk))
        }),
        termination_compensation: c
            .share("risk.termination_compensation", &x.termination_compensation),
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
        let role = c.word::<Role>(Dotted(&path, "role"), &entry.role);
        let before = c.problems.len();
        let marked_absent = !entry.present.is_absent()
            && !c.boolean(Dotted(&path, "present"), &entry.present)
            && c.problems.len() == before;
        let present = !marked_absent;
        let blank = |raw: &Raw| match &raw.0 {
            Leaf::Absent => true,
            Leaf::Text(t) => trim(t).is_empty(),
            _ => false,
        };
        let coverage = if present {
            if blank(&entry.covered) && entry.not_an_object.is_none() {
                c.push(Dotted(&path, "covered"), ProblemKind::Missing);
            }
            if c.boolean(Dotted(&path, "covered"), &entry.covered) {
                Coverage::Covered
            } else {
                Coverage::Uncovered
            }
        } else {
            if !blank(&entry.covered) {
                c.push(Dotted(&path, "covered"), ProblemKind::CoveredButAbsent);
            }
            Coverage::Absent
        };
        if let Some(role) = role {
            if out.iter().any(|r| r.role == role) {
                c.push(
                    Dotted(&path, "role"),
                    ProblemKind::RepeatedRole {
                        role: role.as_str(),
                    },
                );
            } else {
                out.push(RoleContact { role, coverage });
            }
        }
    }
    out
}

/// The contact of a well-formed roles entry, read without building field paths
/// (the common case); `None` sends the entry to the checks that report problems.
fn clean_role(entry: &RoleInput) -> Option<RoleContact> {
    if !entry.unknown_keys.is_empty() || entry.not_an_object.is_some() {
        return None;
    }
    let role = match &entry.role.0 {
        Leaf::Text(t) => find_word::<Role>(t)?,
        _ => return None,
    };
    let flag = |raw: &Raw| match &raw.0 {
        Leaf::Bool(b) => Some(*b),
        Leaf::Text(t) | Leaf::Number(t) => parse_bool(t),
        _ => None,
    };
    let present = entry.present.is_absent() || flag(&entry.present)?;
    let coverage = match (present, entry.covered.is_absent()) {
        (true, false) if flag(&entry.covered)? => Coverage::Covered,
        (true, false) => Coverage::Uncovered,
        (false, true) => Coverage::Absent,
        _ => return None,
    };
    Some(RoleContact { role, coverage })
}

fn contract(c: &mut Checker, x: &ContractInput) -> Option<Contract> {
    c.object(
        "contract",
        &x.unknown_keys,
        x.not_an_object,
        ContractInput::FIELDS,
    );
    if !given(&x.term_years) {
        for name in &ContractInput::FIELDS[1..] {
            if x.leaf(name).is_some_and(given) {
                c.push(Dotted("contract", name), ProblemKind::NeedsTerm);
            }
        }
        return None;
    }
    let term_years = c.integer("contract.term_years", &x.term_years, None, 1, 50);
    let years_elapsed = c.integer(
        "contract.years_elapsed",
        &x.years_elapsed,
        Some(0),
        0,
        term_years.saturating_sub(1),
    );
    Some(Contract {
        term_years,
        years_elapsed,
        retender_probability: c.share("contract.retender_probability", &x.retender_probability),
        incumbent_win_probability: c.decimal(
            "contract.incumbent_win_probability",
            &x.incumbent_win_probability,
            Some(INCUMBENT_WINS),
            SHARE,
        ),
        nonrenewal: c.share("contract.nonrenewal", &x.nonrenewal),
        retender_cost: c.money("contract.retender_cost", &x.retender_cost),
    })
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
    Pursuit {
        win_probability: c.optional_decimal("pursuit.win_probability", &x.win_probability, SHARE),
        competitors: c.integer("pursuit.competitors", &x.competitors, Some(0), 0, 1000),
        evidence: PerEvidence::from_fn(|evidence: Evidence| {
            c.boolean(
                Dotted("pursuit.evidence", evidence.as_str()),
                e.get(evidence),
            )
        }),
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
    let annual_value = c.money("reference.annual_value", &x.annual_value);
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
        let kind = c.word::<ReferenceKind>(Dotted(&path, "kind"), &u.kind);
        let per_year = c.integer(Dotted(&path, "per_year"), &u.per_year, None, 0, 1000);
        let margin_per_use = c.decimal(
            Dotted(&path, "margin_per_use"),
            &u.margin_per_use,
            None,
            MONEY,
        );
        let probability = c.decimal(Dotted(&path, "probability"), &u.probability, None, SHARE);
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

impl PolicyInput {
    /// Validates the policy; absent fields take the model's defaults and a partial
    /// `role_weights` or `evidence_odds` object overrides only its own keys.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`] listing every problem, such as a
    /// `discount_rate` of `12` (outside `0..=1`), `horizon_years` of `0`, a hurdle
    /// map key `"eur"` that is not a currency code, an evidence multiplier of `0`,
    /// a `max_terms_cut` of `400`, a negative `hurdle_per_revenue`, or an unknown
    /// field.
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
            SHARE,
        );
        // Model 1 gave a rate per currency in `discount_rate` itself.
        for problem in &mut c.problems {
            if problem.field() != "discount_rate" {
                continue;
            }
            if let ProblemKind::WrongType { found, .. } = problem.kind_mut() {
                if found == "an object" {
                    found.push_str(" (a rate per currency goes in discount_rates)");
                }
            }
        }
        let discount_rates = rates(&mut c, &self.discount_rates);
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
            SHARE,
        );
        let w: &RoleWeightsInput = &self.role_weights;
        c.object(
            "role_weights",
            &w.unknown_keys,
            w.not_an_object,
            RoleWeightsInput::FIELDS,
        );
        let role_weights = PerRole::from_fn(|role: Role| {
            c.decimal(
                Dotted("role_weights", role.as_str()),
                w.get(role),
                Some(d.role_weights[role]),
                WEIGHT,
            )
        });
        let reference_credibility = c.decimal(
            "reference_credibility",
            &self.reference_credibility,
            Some(d.reference_credibility),
            SHARE,
        );
        let max_cost_cut = c.decimal(
            "max_cost_cut",
            &self.max_cost_cut,
            Some(d.max_cost_cut),
            SHARE,
        );
        let max_concession_cut = c.decimal(
            "max_concession_cut",
            &self.max_concession_cut,
            Some(d.max_concession_cut),
            SHARE,
        );
        let max_terms_cut = c.integer(
            "max_terms_cut",
            &self.max_terms_cut,
            Some(d.max_terms_cut),
            0,
            365,
        );
        let exit_option = if given(&self.exit_option) {
            c.boolean("exit_option", &self.exit_option)
        } else {
            d.exit_option
        };
        let hurdle_per_revenue = c.decimal(
            "hurdle_per_revenue",
            &self.hurdle_per_revenue,
            Some(d.hurdle_per_revenue),
            PER_REVENUE,
        );
        let hurdle_per_pursuit = c.decimal(
            "hurdle_per_pursuit",
            &self.hurdle_per_pursuit,
            Some(d.hurdle_per_pursuit),
            PER_PURSUIT,
        );
        let timing = if self.timing.is_absent() {
            d.timing
        } else {
            c.word::<Timing>("timing", &self.timing).unwrap_or(d.timing)
        };
        let sensitivity_step = c.decimal(
            "sensitivity_step",
            &self.sensitivity_step,
            Some(d.sensitivity_step),
            STEP,
        );
        let portfolio = portfolio(&mut c, &self.portfolio);
        let o: &EvidenceOddsInput = &self.evidence_odds;
        c.object(
            "evidence_odds",
            &o.unknown_keys,
            o.not_an_object,
            EvidenceOddsInput::FIELDS,
        );
        let evidence_odds = PerEvidence::from_fn(|evidence: Evidence| {
            c.decimal(
                Dotted("evidence_odds", evidence.as_str()),
                o.get(evidence),
                Some(d.evidence_odds[evidence]),
                ODDS,
            )
        });
        if !c.problems.is_empty() {
            return Err(Error::new(ErrorKind::InvalidPolicy {
                problems: c.problems,
            }));
        }
        Ok(Policy {
            discount_rate,
            discount_rates,
            horizon_years,
            hurdle,
            relationship_mitigation,
            role_weights,
            reference_credibility,
            max_cost_cut,
            max_concession_cut,
            max_terms_cut,
            exit_option,
            hurdle_per_revenue,
            hurdle_per_pursuit,
            timing,
            sensitivity_step,
            portfolio,
            evidence_odds,
        })
    }
}

impl TryFrom<PolicyInput> for Policy {
    type Error = Error;

    fn try_from(input: PolicyInput) -> Result<Policy> {
        input.validate()
    }
}

/// The per-currency costs of capital: each key a currency code, each value a rate.
fn rates(c: &mut Checker, input: &CurrencyMap) -> BTreeMap<Currency, Decimal> {
    currency_map(c, "discount_rates", input, SHARE)
}

/// A map from currency code to a value in `range`.
fn currency_map(
    c: &mut Checker,
    name: &str,
    input: &CurrencyMap,
    range: Range,
) -> BTreeMap<Currency, Decimal> {
    if let Some(found) = input.not_an_object {
        c.push(
            name,
            ProblemKind::WrongType {
                expected: "an object",
                found: found.to_owned(),
            },
        );
    }
    let mut map = BTreeMap::new();
    for (key, raw) in &input.entries {
        let path = format!("{name}.{}", quote(key));
        let rate = c.decimal(path.as_str(), raw, None, range);
        match Currency::parse(key).ok() {
            Some(code) if map.contains_key(&code) => c.push(path, ProblemKind::Duplicate),
            Some(code) => {
                map.insert(code, rate);
            }
            None => c.push(path, ProblemKind::BadCurrency { got: quote(key) }),
        }
    }
    map
}

/// The `portfolio.*` policy.
fn portfolio(c: &mut Checker, x: &PortfolioInput) -> PortfolioPolicy {
    let d = PortfolioPolicy::default();
    c.object(
        "portfolio",
        &x.unknown_keys,
        x.not_an_object,
        PortfolioInput::FIELDS,
    );
    let base_currency = match c.string("portfolio.base_currency", &x.base_currency) {
        Some(code) if !code.is_empty() => {
            let parsed = Currency::parse(&code).ok();
            if parsed.is_none() {
                c.push(
                    "portfolio.base_currency",
                    ProblemKind::BadCurrency { got: quote(&code) },
                );
            }
            parsed
        }
        _ => None,
    };
    let exchange_rates = currency_map(c, "portfolio.exchange_rates", &x.exchange_rates, EXCHANGE);
    if !exchange_rates.is_empty() && base_currency.is_none() && x.base_currency.is_absent() {
        c.push("portfolio.base_currency", ProblemKind::Missing);
    }
    let attractiveness_split = match &x.attractiveness_split {
        HurdleInput::Absent => None,
        split => Some(amounts(c, "portfolio.attractiveness_split", split)),
    };
    let strength_split = if x.strength_split.is_absent() {
        None
    } else {
        Some(c.share("portfolio.strength_split", &x.strength_split))
    };
    let n: &QuadrantNamesInput = &x.quadrant_names;
    c.object(
        "portfolio.quadrant_names",
        &n.unknown_keys,
        n.not_an_object,
        QuadrantNamesInput::FIELDS,
    );
    let quadrant_names = std::array::from_fn(|i| {
        let key = QUADRANTS[i];
        let path = format!("portfolio.quadrant_names.{key}");
        n.leaf(key)
            .and_then(|raw| c.string(&path, raw))
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| d.quadrant_names[i].clone())
    });
    PortfolioPolicy {
        max_revenue_share: c.decimal(
            "portfolio.max_revenue_share",
            &x.max_revenue_share,
            Some(d.max_revenue_share),
            SHARE,
        ),
        base_currency,
        exchange_rates,
        attractiveness_split,
        strength_split,
        quadrant_names,
    }
}

fn hurdle(c: &mut Checker, input: &HurdleInput) -> Hurdle {
    amounts(c, "hurdle", input)
}

/// One amount for every currency, or one per currency code (`hurdle`,
/// `portfolio.attractiveness_split`).
fn amounts(c: &mut Checker, name: &str, input: &HurdleInput) -> Hurdle {
    match input {
        HurdleInput::Absent => Hurdle::One(Decimal::ZERO),
        HurdleInput::One(raw) => {
            Hurdle::One(c.decimal(name, raw, Some(Decimal::ZERO), SIGNED_MONEY))
        }
        HurdleInput::PerCurrency(entries) => {
            let mut map = BTreeMap::new();
            for (key, raw) in entries {
                let path = format!("{name}.{}", quote(key));
                let amount = c.decimal(path.as_str(), raw, Some(Decimal::ZERO), SIGNED_MONEY);
                match Currency::parse(key).ok() {
                    Some(code) if map.contains_key(&code) => c.push(path, ProblemKind::Duplicate),
                    Some(code) => {
                        map.insert(code, amount);
                    }
                    None => c.push(path, ProblemKind::BadCurrency { got: quote(key) }),
                }
            }
            Hurdle::PerCurrency(map)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_hold_the_bounds() {
        assert_eq!(MONEY.max.to_string(), "1000000000000000");
        assert_eq!(SIGNED_MONEY.min.to_string(), "-1000000000000000");
        assert_eq!(GROWTH.min.to_string(), "-0.5");
    }

    #[test]
    fn grammar() {
        assert_eq!(
            parse_decimal("0.0600").map(|d| d.to_string()),
            Ok("0.0600".into())
        );
        assert_eq!(
            parse_decimal("999999999999999.99").map(|d| d.to_string()),
            Ok("999999999999999.99".into())
        );
        assert_eq!(parse_decimal("-0").map(|d| d.to_string()), Ok("0".into()));
        assert_eq!(
            parse_decimal("12%"),
            Err("write rates as fractions: 0.12 means 12 %")
        );
        assert!(parse_decimal("1e5").is_err());
        assert!(parse_decimal(".5").is_err());
        assert!(parse_decimal("5.").is_err());
        assert!(parse_decimal("").is_err());
        assert!(parse_decimal("-").is_err());
        assert!(parse_decimal("1234567890123456789012345678901").is_err());
    }

    #[test]
    fn typos_find_their_field() {
        let fields = ["annual", "growth", "gross_margin"];
        assert_eq!(closest("anual", fields.iter().copied()), Some("annual"));
        assert_eq!(closest("zzzzzz", fields.iter().copied()), None);
    }

    #[test]
    fn paths_are_dotted() {
        assert_eq!(Dotted("risk", "political").to_string(), "risk.political");
        assert_eq!(Dotted("", "speed").to_string(), "speed");
    }
}

#[cfg(test)]
mod number_tests {
    use super::{exact_scientific, parse_decimal, read_decimal};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// The full reading, which `plain_decimal` shortcuts.
    fn full(t: &str) -> Result<Decimal, &'static str> {
        read_decimal(t.trim())
    }

    #[test]
    fn the_longest_plain_decimals_read_as_from_str_exact_reads_them() {
        for t in [
            "9999999999999999999999999999",
            "99999999999999999999999999999",
            "79228162514264337593543950335",
            "79228162514264337593543950336",
            "0.0000000000000000000000000001",
            "0.00000000000000000000000000001",
            "1.0000000000000000000000000000",
            "-7.922816251426433759354395033",
            "-0.000",
            "00000000000000000000000000000000001",
        ] {
            let fast = parse_decimal(t).map(|d| d.serialize()).map_err(|_| ());
            let slow = full(t).map(|d| d.serialize()).map_err(|_| ());
            assert_eq!(fast, slow, "{t}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]
        /// Plain decimals read straight from their digits are what
        /// `Decimal::from_str_exact` makes of them, digit for digit and scale for
        /// scale; other text is refused as before.
        #[test]
        fn plain_decimals_read_as_from_str_exact_reads_them(
            t in "[ \u{a0}]?-?[0-9]{0,20}(\\.[0-9]{0,20})?[ x]?",
        ) {
            let fast = parse_decimal(&t).map(|d| d.serialize()).map_err(|_| ());
            let slow = full(&t).map(|d| d.serialize()).map_err(|_| ());
            prop_assert_eq!(fast, slow, "{:?}", t);
        }
    }

    /// JSON numbers with an exponent are read exactly when Decimal holds them, and
    /// refused (never rounded) when it cannot.
    #[test]
    fn exponents_are_exact_or_refused() {
        for (text, expected) in [
            ("1e3", "1000"),
            ("1E-2", "0.01"),
            ("2.5e2", "250"),
            ("-1.25E+1", "-12.5"),
            ("-0e0", "0"),
        ] {
            let read = exact_scientific(text).map(|d| d.normalize().to_string());
            assert_eq!(read.as_deref(), Some(expected), "{text}");
        }
        for text in ["1e-40", "1e30", "1.23456789012345678901234567891e0"] {
            assert_eq!(exact_scientific(text), None, "{text}");
        }
    }
}
