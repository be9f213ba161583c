//! Spreadsheets as people keep them: a column map from their own headers to the
//! model's fields, with a unit per column, and decimal commas.
//!
//! A [`ColumnMap`] says that the column `Выручка, тыс. руб.` holds
//! `revenue.annual` in thousands and `Маржа, %` holds `revenue.gross_margin` in
//! percent; headers are matched after trimming, ignoring case, and a header that
//! already is a field path needs no entry. Units apply to the value as stored and
//! only to number fields: `fraction` (the default) as is, `percent` divided by 100
//! (`30` and `30%` both mean 0.30), `thousands` and `millions` multiplied, all
//! exactly in `Decimal`. A `percent` cell holding a number strictly between 0 and
//! 1 without a `%` sign (`0.19`, most likely a fraction) is read as that many
//! percent and noted as a warning of its record
//! ([`FlatAccount::warnings`](crate::flat::FlatAccount::warnings),
//! [`Record::warnings`](crate::Record::warnings)). The `events` cell, like a word,
//! takes no unit.
//!
//! ```
//! # #[cfg(feature = "io")] {
//! use keyaccount::flat::{ColumnMap, FlatLayout};
//!
//! let map = ColumnMap::from_json_text(r#"{
//!     "Выручка, тыс. руб.": {"field": "revenue.annual", "unit": "thousands"},
//!     "Маржа, %": {"field": "revenue.gross_margin", "unit": "percent"},
//!     "ignore": ["Комментарий"]
//! }"#)?;
//! let layout = FlatLayout::with_columns(
//!     ["id", "currency", "stage", "Выручка, тыс. руб.", "Маржа, %", "Комментарий"],
//!     &map,
//!     true, // decimal commas
//! )?;
//! let account = layout.read(["A-1", "RUB", "active", "1 200,5", "27,5", "ok"]).validate()?;
//! assert_eq!(account.revenue().annual.to_string(), "1200500.0");
//! assert_eq!(account.revenue().gross_margin.to_string(), "0.275");
//! # }
//! # Ok::<(), keyaccount::Error>(())
//! ```

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::{Error, ErrorKind, Problem, ProblemKind, Result};
use crate::input::{ColumnInput, Leaf};
use crate::validate::{closest, parse_decimal, quote};
use crate::words::{Unit, find_word};

/// A header of the user's own, mapped to a field with a unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mapped {
    /// The header, trimmed and lower-cased for matching.
    pub key: String,
    /// The field's dotted path.
    pub field: &'static str,
    /// How the column's numbers are scaled.
    pub unit: Unit,
}

/// The user's own headers mapped to the model's fields, with units; validated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMap {
    pub(crate) columns: Vec<Mapped>,
    pub(crate) ignore: Vec<String>,
}

/// Matching key of a header: trimmed, lower-cased.
pub(crate) fn key(header: &str) -> String {
    header.trim().to_lowercase()
}

/// Whether a field holds a number (units apply), rather than text, a word or a
/// yes/no.
pub(crate) fn is_number_field(path: &str) -> bool {
    !matches!(
        path,
        "id" | "name" | "currency" | "stage" | "image_critical" | "events"
    ) && !path.starts_with("pursuit.evidence.")
        && !path.starts_with("relationship.")
}

/// The map as received: every header's `{field, unit}`, and `ignore`.
#[derive(Clone, Debug, Default)]
struct ColumnMapInput {
    entries: Vec<(String, ColumnInput)>,
    ignore: Option<Vec<String>>,
    not_an_object: Option<&'static str>,
}

impl<'de> Deserialize<'de> for ColumnMapInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ColumnMapInput;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object mapping headers to fields")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<ColumnMapInput, A::Error> {
                let mut out = ColumnMapInput::default();
                let mut first = true;
                while let Some(header) = map.next_key::<String>()? {
                    if std::mem::take(&mut first)
                        && crate::input::rest_number(&header, &mut map)?.is_some()
                    {
                        return Ok(not_an_object("a number"));
                    }
                    if header == "ignore" {
                        out.ignore = Some(map.next_value()?);
                    } else {
                        out.entries.push((header, map.next_value()?));
                    }
                }
                Ok(out)
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<ColumnMapInput, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(not_an_object("a list"))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<ColumnMapInput, E> {
                Ok(not_an_object("text"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<ColumnMapInput, E> {
                Ok(not_an_object("true/false"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<ColumnMapInput, E> {
                Ok(not_an_object("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<ColumnMapInput, E> {
                Ok(not_an_object("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<ColumnMapInput, E> {
                Ok(not_an_object("a number"))
            }
        }
        fn not_an_object(what: &'static str) -> ColumnMapInput {
            ColumnMapInput {
                not_an_object: Some(what),
                ..ColumnMapInput::default()
            }
        }
        d.deserialize_any(V)
    }
}

impl ColumnMap {
    /// Reads and validates a column map from its JSON text.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidColumnMap`] listing every problem: a field that is not
    /// one of the model's (with the closest), an unknown unit, a unit on a text or
    /// word field, two headers for one field, a header given twice; text that is
    /// not a JSON object.
    pub fn from_json_text(text: &str) -> Result<ColumnMap> {
        let input: ColumnMapInput = serde_json_free::from_str(text)?;
        ColumnMap::validate(&input)
    }

    fn validate(input: &ColumnMapInput) -> Result<ColumnMap> {
        let mut problems = Vec::new();
        if let Some(found) = input.not_an_object {
            problems.push(Problem::new(
                "",
                ProblemKind::WrongType {
                    expected: "an object mapping headers to fields",
                    found: found.to_owned(),
                },
            ));
        }
        let mut columns: Vec<Mapped> = Vec::new();
        let mut headers: Vec<(String, String)> = Vec::new();
        for (header, entry) in &input.entries {
            let path = format!("{:?}", quote(header));
            for unknown in &entry.unknown_keys {
                let kind = if ColumnInput::FIELDS.contains(&unknown.as_str()) {
                    ProblemKind::Duplicate
                } else {
                    ProblemKind::UnknownField {
                        suggestion: closest(unknown, ColumnInput::FIELDS.iter().copied())
                            .map(|s| format!("{path}.{s}")),
                    }
                };
                problems.push(Problem::new(format!("{path}.{}", quote(unknown)), kind));
            }
            if let Some(found) = entry.not_an_object {
                problems.push(Problem::new(
                    path.clone(),
                    ProblemKind::WrongType {
                        expected: "an object with field and unit",
                        found: found.to_owned(),
                    },
                ));
                continue;
            }
            let field = match &entry.field.0 {
                Leaf::Text(t) if !t.trim().is_empty() => {
                    let t = t.trim();
                    let known = crate::flat::input_columns().find(|c| c.eq_ignore_ascii_case(t));
                    if known.is_none() {
                        problems.push(Problem::new(
                            format!("{path}.field"),
                            ProblemKind::UnknownField {
                                suggestion: closest(
                                    &t.to_lowercase(),
                                    crate::flat::input_columns(),
                                )
                                .map(str::to_owned),
                            },
                        ));
                    }
                    known
                }
                _ => {
                    problems.push(Problem::new(format!("{path}.field"), ProblemKind::Missing));
                    None
                }
            };
            let unit = match &entry.unit.0 {
                Leaf::Absent => Some(Unit::Fraction),
                Leaf::Text(t) => {
                    let unit = find_word::<Unit>(t);
                    if unit.is_none() {
                        problems.push(Problem::new(
                            format!("{path}.unit"),
                            ProblemKind::UnknownWord {
                                got: quote(t.trim()),
                                expected: <Unit as crate::words::Sealed>::WORDS,
                            },
                        ));
                    }
                    unit
                }
                _ => {
                    problems.push(Problem::new(
                        format!("{path}.unit"),
                        ProblemKind::WrongType {
                            expected: "a unit",
                            found: entry.unit.describe(),
                        },
                    ));
                    None
                }
            };
            let (Some(field), Some(unit)) = (field, unit) else {
                continue;
            };
            if unit != Unit::Fraction && !is_number_field(field) {
                problems.push(Problem::new(
                    format!("{path}.unit"),
                    ProblemKind::UnitOnText { field },
                ));
            }
            let header_key = key(header);
            if headers.iter().any(|(k, _)| *k == header_key) {
                problems.push(Problem::new(path.clone(), ProblemKind::Duplicate));
                continue;
            }
            if let Some(first) = columns.iter().find(|m| m.field == field) {
                let first_header = headers
                    .iter()
                    .find(|(k, _)| *k == first.key)
                    .map_or(String::new(), |(_, h)| h.clone());
                problems.push(Problem::new(
                    field,
                    ProblemKind::MappedTwice {
                        first: quote(&first_header),
                        second: quote(header),
                    },
                ));
                continue;
            }
            headers.push((header_key.clone(), header.clone()));
            columns.push(Mapped {
                key: header_key,
                field,
                unit,
            });
        }
        if !problems.is_empty() {
            return Err(Error::new(ErrorKind::InvalidColumnMap { problems }));
        }
        Ok(ColumnMap {
            columns,
            ignore: input.ignore.iter().flatten().map(|h| key(h)).collect(),
        })
    }
}

/// Reads JSON text without the `io` feature's serde_json: a column map holds no
/// numbers, so plain serde over a tiny tokenizer would do; here the crate uses
/// serde_json when it is there and reports that it is not otherwise.
mod serde_json_free {
    use crate::error::{Error, Result};

    #[cfg(feature = "io")]
    pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
        let text = text.trim_start_matches('\u{feff}');
        serde_json::from_str(text).map_err(|e| {
            Error::unreadable(
                format!("is not valid JSON: {}", crate::read::json::message(&e, 0)),
                Some(crate::error::Source::new(e)),
            )
        })
    }

    #[cfg(not(feature = "io"))]
    pub fn from_str<T: serde::de::DeserializeOwned>(_: &str) -> Result<T> {
        Err(Error::unreadable(
            "reading a column map from JSON needs the crate's io feature",
            None,
        ))
    }
}

/// One cell's text read as a number under a decimal comma and a unit; `Err` with
/// a hint when the decimal-comma grammar refuses it.
pub(crate) fn convert(
    text: &str,
    unit: Unit,
    decimal_comma: bool,
) -> std::result::Result<Option<Decimal>, &'static str> {
    let mut plain = text.trim().to_owned();
    if unit == Unit::Percent {
        if let Some(stripped) = plain.strip_suffix('%') {
            plain = stripped.trim_end().to_owned();
        }
    }
    if decimal_comma {
        plain = from_decimal_comma(&plain)?;
    }
    let Ok(value) = parse_decimal(&plain) else {
        // Not a number: validation reports it with the original text and its hint.
        return Ok(None);
    };
    let scaled = match unit {
        Unit::Fraction => Some(value),
        Unit::Percent => value.checked_div(Decimal::ONE_HUNDRED),
        Unit::Thousands => value.checked_mul(Decimal::ONE_THOUSAND),
        Unit::Millions => value.checked_mul(Decimal::from(1_000_000)),
    };
    Ok(scaled)
}

/// The number in a `percent` column's cell when it lies strictly between 0 and 1
/// and has no `%` sign: most likely a fraction (0.19 for 19 %), which the column
/// reads as that many percent. `None` for any other cell.
pub(crate) fn fraction_in_percent(text: &str, decimal_comma: bool) -> Option<Decimal> {
    let text = text.trim();
    if text.contains('%') {
        return None;
    }
    let value = if decimal_comma {
        parse_decimal(&from_decimal_comma(text).ok()?)
    } else {
        parse_decimal(text)
    }
    .ok()?;
    (Decimal::ZERO < value && value < Decimal::ONE).then_some(value)
}

/// `1 200 000,50`, `1.200.000,50` or `0,25` as plain decimal text. A point is a
/// thousands separator here, allowed only between groups of exactly three digits
/// before the comma; `0.25` is ambiguous and refused.
fn from_decimal_comma(text: &str) -> std::result::Result<String, &'static str> {
    const HINT: &str = "in a file read with decimal commas, a point or space may only separate groups of three digits, as in 1.200.000,50; write 0,25 for a quarter";
    let (sign, body) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (int, frac) = match body.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let groups: Vec<&str> = int.split([' ', '\u{a0}', '\u{202f}', '.']).collect();
    if groups.len() > 1 {
        let grouped = groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3);
        if !grouped {
            return Err(HINT);
        }
    }
    let digits: String = groups.concat();
    Ok(match frac {
        Some(f) => format!("{sign}{digits}.{f}"),
        None => format!("{sign}{digits}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_commas_and_groups() {
        assert_eq!(from_decimal_comma("0,25"), Ok("0.25".to_owned()));
        assert_eq!(
            from_decimal_comma("1 200 000,50"),
            Ok("1200000.50".to_owned())
        );
        assert_eq!(
            from_decimal_comma("1.200.000,50"),
            Ok("1200000.50".to_owned())
        );
        assert_eq!(from_decimal_comma("-1\u{a0}200"), Ok("-1200".to_owned()));
        assert!(from_decimal_comma("0.25").is_err());
        assert!(from_decimal_comma("12.5,3").is_err());
    }

    #[test]
    fn units_scale_exactly() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(convert("30", Unit::Percent, false), Ok(Some(d("0.30"))));
        assert_eq!(convert("30%", Unit::Percent, false), Ok(Some(d("0.3"))));
        assert_eq!(convert("27,5", Unit::Percent, true), Ok(Some(d("0.275"))));
        assert_eq!(
            convert("1 200,5", Unit::Thousands, true),
            Ok(Some(d("1200500")))
        );
        assert_eq!(convert("0.1", Unit::Millions, false), Ok(Some(d("100000"))));
        assert_eq!(convert("lots", Unit::Millions, false), Ok(None));
    }
}
