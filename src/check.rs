//! Turning [`Raw`] leaves into typed values, collecting every problem on the way.
//!
//! The number grammar is the model's: `-?digits[.digits]`, nothing else. Exponents,
//! percent signs, thousands separators and decimal commas are refused with a hint,
//! because a spreadsheet's `12%` or `1,200,000` silently read as something else
//! would be a wrong number, which is worse than an error.

use rust_decimal::Decimal;

use crate::error::{Problem, ProblemKind};
use crate::input::Raw;

/// Longest text quoted back in an error message.
const QUOTE_LIMIT: usize = 40;

/// Shortens text quoted back to the user.
pub(crate) fn quote(text: &str) -> String {
    if text.chars().count() <= QUOTE_LIMIT {
        text.to_owned()
    } else {
        let head: String = text.chars().take(QUOTE_LIMIT).collect();
        format!("{head}...")
    }
}

/// Parses plain decimal text exactly, or says how to write it.
///
/// # Errors
///
/// A hint for the user when the text is not `-?digits[.digits]` or has more
/// digits than a `Decimal` holds.
pub(crate) fn parse_decimal(text: &str) -> Result<Decimal, &'static str> {
    let t = text.trim();
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

fn number_hint(t: &str) -> &'static str {
    let digits = t.bytes().any(|b| b.is_ascii_digit());
    if t.contains('%') {
        "write rates as fractions: 0.12 means 12 %"
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

/// The valid range of a decimal field.
#[derive(Clone, Copy)]
pub(crate) struct Range {
    pub min: Decimal,
    pub max: Decimal,
    pub min_text: &'static str,
    pub max_text: &'static str,
    /// When true, the minimum itself is not valid.
    pub exclusive_min: bool,
}

const TEN_POW_15: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);

pub(crate) const MONEY: Range = Range {
    min: Decimal::ZERO,
    max: TEN_POW_15,
    min_text: "0",
    max_text: "10^15",
    exclusive_min: false,
};

pub(crate) const SIGNED_MONEY: Range = Range {
    min: Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, true, 0),
    max: TEN_POW_15,
    min_text: "-10^15",
    max_text: "10^15",
    exclusive_min: false,
};

pub(crate) const SHARE: Range = Range {
    min: Decimal::ZERO,
    max: Decimal::ONE,
    min_text: "0",
    max_text: "1",
    exclusive_min: false,
};

pub(crate) const GROWTH: Range = Range {
    min: Decimal::from_parts(5, 0, 0, true, 1),
    max: Decimal::from_parts(5, 0, 0, false, 1),
    min_text: "-0.5",
    max_text: "0.5",
    exclusive_min: false,
};

pub(crate) const WEIGHT: Range = Range {
    min: Decimal::ZERO,
    max: Decimal::ONE_HUNDRED,
    min_text: "0",
    max_text: "100",
    exclusive_min: false,
};

pub(crate) const ODDS: Range = Range {
    min: Decimal::ZERO,
    max: Decimal::ONE_HUNDRED,
    min_text: "0",
    max_text: "100",
    exclusive_min: true,
};

/// Collects problems while reading a record's fields.
#[derive(Default)]
pub(crate) struct Checker {
    pub problems: Vec<Problem>,
}

impl Checker {
    pub fn push(&mut self, field: impl Into<String>, kind: ProblemKind) {
        self.problems.push(Problem::new(field, kind));
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
        if unknown_keys.is_empty() {
            return;
        }
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}.")
        };
        for key in unknown_keys {
            let kind = if fields.contains(&key.as_str()) {
                ProblemKind::Duplicate
            } else {
                ProblemKind::UnknownField {
                    suggestion: closest(key, fields.iter().copied())
                        .map(|s| format!("{prefix}{s}")),
                }
            };
            self.push(format!("{prefix}{}", quote(key)), kind);
        }
    }

    /// Text of a leaf (JSON string or number literal), `None` when absent or when
    /// a problem was recorded.
    fn text<'a>(&mut self, path: &str, raw: &'a Raw, expected: &'static str) -> Option<&'a str> {
        match raw {
            Raw::Absent => None,
            Raw::Text(t) | Raw::Number(t) => Some(t),
            Raw::Inexact(t) => {
                self.push(path, ProblemKind::Inexact { got: quote(t) });
                None
            }
            Raw::Bool(_) | Raw::Other(_) => {
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
    pub fn decimal(
        &mut self,
        path: &str,
        raw: &Raw,
        default: Option<Decimal>,
        range: Range,
    ) -> Decimal {
        let text = match self.text(path, raw, "a number") {
            Some(t) if !t.trim().is_empty() => t,
            Some(_) | None => {
                if raw.is_absent() || matches!(raw, Raw::Text(_)) {
                    if let Some(d) = default {
                        return d;
                    }
                    self.push(path, ProblemKind::Missing);
                }
                return Decimal::ZERO;
            }
        };
        let value = match parse_decimal(text) {
            Ok(v) => v,
            Err(hint) => {
                let kind = if matches!(raw, Raw::Number(_)) {
                    ProblemKind::Inexact { got: quote(text) }
                } else {
                    ProblemKind::NotANumber {
                        got: quote(text.trim()),
                        hint,
                    }
                };
                self.push(path, kind);
                return Decimal::ZERO;
            }
        };
        let below = if range.exclusive_min {
            value <= range.min
        } else {
            value < range.min
        };
        if below || value > range.max {
            let got = quote(text.trim());
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

    /// A decimal that may be left out.
    pub fn optional_decimal(&mut self, path: &str, raw: &Raw, range: Range) -> Option<Decimal> {
        let given = match raw {
            Raw::Absent => false,
            Raw::Text(t) => !t.trim().is_empty(),
            _ => true,
        };
        given.then(|| self.decimal(path, raw, Some(Decimal::ZERO), range))
    }

    /// A whole number in `min..=max`; `default` when absent.
    pub fn integer(
        &mut self,
        path: &str,
        raw: &Raw,
        default: Option<u32>,
        min: u32,
        max: u32,
    ) -> u32 {
        let text = match self.text(path, raw, "a whole number") {
            Some(t) if !t.trim().is_empty() => t.trim(),
            Some(_) | None => {
                if raw.is_absent() || matches!(raw, Raw::Text(_)) {
                    if let Some(d) = default {
                        return d;
                    }
                    self.push(path, ProblemKind::Missing);
                }
                return min;
            }
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
    pub fn boolean(&mut self, path: &str, raw: &Raw) -> bool {
        let text = match raw {
            Raw::Absent => return false,
            Raw::Bool(b) => return *b,
            Raw::Text(t) | Raw::Number(t) => t.trim(),
            Raw::Inexact(t) => t,
            Raw::Other(what) => {
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
    pub fn string(&mut self, path: &str, raw: &Raw) -> Option<String> {
        self.text(path, raw, "text").map(|t| t.trim().to_owned())
    }

    /// One of the words of `W`, matched case-insensitively.
    pub fn word<W: crate::account::Word>(&mut self, path: &str, raw: &Raw) -> Option<W> {
        let text = match self.text(path, raw, "a word") {
            Some(t) if !t.trim().is_empty() => t.trim(),
            _ => {
                if raw.is_absent() || matches!(raw, Raw::Text(_)) {
                    self.push(path, ProblemKind::Missing);
                }
                return None;
            }
        };
        let found = W::ALL
            .iter()
            .copied()
            .find(|w| w.as_str().eq_ignore_ascii_case(text));
        if found.is_none() {
            self.push(
                path,
                ProblemKind::UnknownWord {
                    got: quote(text),
                    expected: W::WORDS,
                },
            );
        }
        found
    }
}

/// Reads `true`/`false`, `yes`/`no`, `1`/`0` in any case.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    let t = text.trim();
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

/// The candidate closest to `word` by edit distance, when close enough to be a
/// likely typo.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
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
}
