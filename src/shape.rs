//! The one JSON shape of an evaluation: what `Evaluation`'s `Serialize` writes, what
//! its `Deserialize` reads, and what [`crate::write::JsonWriter`] writes for each
//! result (an error's row included).
//!
//! One flat object: `"model"` first, then the result CSV's columns in order
//! ([`crate::flat::RESULT_COLUMNS`]: figures as strings at full precision, an
//! absent figure `null`, `exit_year` a number, `warnings` a list, `error` `null`
//! for an evaluation), then `delay_factor`, `drivers` (a list of `{risk,
//! probability}` with `month` for a dated event, largest first), and what the
//! result row leaves out: `bar`, `exit_gain`, `value_if_won`, `cost_to_serve_pv`,
//! `concession_slope` and `package` (`{share, concession_cut, cost_cut, terms_cut,
//! value}` or `null`). Reading it back gives an equal [`Evaluation`].

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::MODEL_VERSION;
use crate::error::Error;
use crate::flat::{Cell, RESULT_COLUMNS, error_cells};
use crate::input::{Leaf, Raw};
use crate::validate::{exact_scientific, parse_decimal};
use crate::verdict::{BreakEven, Components, Driver, Evaluation, Package};
use crate::words::{Currency, Levers, Risk, Stage, Verdict, Word};

/// A figure at full precision, as text: the value without trailing zeros.
struct Figure(Decimal);

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.normalize())
    }
}

/// Writes the entries of one result's object, evaluated or not: an error keeps
/// its id, name and currency (where they could be read), verdict `error`, its
/// message in `error`, and `null`, `[]` everywhere else.
pub(crate) fn entries<M: SerializeMap>(
    map: &mut M,
    result: Result<&Evaluation, &Error>,
) -> Result<(), M::Error> {
    map.serialize_entry("model", MODEL_VERSION)?;
    let (cells, evaluation) = match result {
        Ok(e) => (e.cells(), Some(e)),
        Err(error) => (error_cells(error), None),
    };
    let warnings = evaluation.map_or(&[][..], |e| e.warnings.as_slice());
    for (name, cell) in RESULT_COLUMNS.iter().zip(cells) {
        if *name == "warnings" {
            map.serialize_entry(name, warnings)?;
        } else if let Cell::Count(n) = cell {
            map.serialize_entry(name, &n)?;
        } else {
            map.serialize_entry(name, &cell.exact())?;
        }
    }
    let figure = |f: fn(&Evaluation) -> Option<Decimal>| evaluation.and_then(f).map(Figure);
    map.serialize_entry("delay_factor", &figure(|e| e.delay_factor))?;
    let drivers = evaluation.map_or(&[][..], |e| e.drivers.as_slice());
    map.serialize_entry("drivers", &Drivers(drivers))?;
    map.serialize_entry("bar", &figure(|e| Some(e.bar)))?;
    map.serialize_entry("exit_gain", &figure(|e| e.exit_gain))?;
    map.serialize_entry("value_if_won", &figure(|e| e.value_if_won))?;
    map.serialize_entry("cost_to_serve_pv", &figure(|e| Some(e.cost_to_serve_pv)))?;
    map.serialize_entry("concession_slope", &figure(|e| Some(e.concession_slope)))?;
    let package = evaluation.and_then(|e| e.package.as_ref()).map(PackageJson);
    map.serialize_entry("package", &package)
}

struct Drivers<'a>(&'a [Driver]);

impl Serialize for Drivers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for driver in self.0 {
            seq.serialize_element(&DriverJson(driver))?;
        }
        seq.end()
    }
}

struct DriverJson<'a>(&'a Driver);

impl Serialize for DriverJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2 + usize::from(self.0.month.is_some())))?;
        map.serialize_entry("risk", self.0.risk.as_str())?;
        map.serialize_entry("probability", &Figure(self.0.probability))?;
        if let Some(month) = self.0.month {
            map.serialize_entry("month", &month)?;
        }
        map.end()
    }
}

struct PackageJson<'a>(&'a Package);

impl Serialize for PackageJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("share", &Figure(p.share))?;
        map.serialize_entry("concession_cut", &Figure(p.concession_cut))?;
        map.serialize_entry("cost_cut", &Figure(p.cost_cut))?;
        map.serialize_entry("terms_cut", &Figure(p.terms_cut))?;
        map.serialize_entry("value", &Figure(p.value))?;
        map.end()
    }
}

impl Serialize for Evaluation {
    /// The flat object that `write::JsonWriter` (feature `io`) writes, `"model"` first
    /// (see the crate's JSON shape of an evaluation in [`Evaluation`]'s docs).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        entries(&mut map, Ok(self))?;
        map.end()
    }
}

/// One entry of `drivers` as received.
#[derive(serde::Deserialize)]
struct DriverIn {
    risk: String,
    probability: Raw,
    #[serde(default)]
    month: Raw,
}

/// `package` as received.
#[derive(serde::Deserialize)]
struct PackageIn {
    share: Raw,
    concession_cut: Raw,
    cost_cut: Raw,
    terms_cut: Raw,
    value: Raw,
}

/// The object's entries as received.
#[derive(Default)]
struct Found {
    scalars: Vec<(String, Raw)>,
    drivers: Vec<DriverIn>,
    warnings: Vec<String>,
    package: Option<PackageIn>,
}

impl Found {
    fn raw(&self, name: &str) -> Option<&Raw> {
        self.scalars
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
            .filter(|v| !v.is_absent())
    }

    /// A text value, `None` when absent or `null`.
    fn text<E: de::Error>(&self, name: &str) -> Result<Option<&str>, E> {
        match self.raw(name).map(|r| &r.0) {
            None => Ok(None),
            Some(Leaf::Text(t) | Leaf::Number(t)) => Ok(Some(t)),
            Some(_) => Err(E::custom(format_args!("{name} must be text"))),
        }
    }

    /// A word of the model, required.
    fn word<W: std::str::FromStr<Err = crate::ParseWordError>, E: de::Error>(
        &self,
        name: &'static str,
    ) -> Result<W, E> {
        let text = self.text(name)?.ok_or_else(|| E::missing_field(name))?;
        text.parse().map_err(E::custom)
    }

    fn figure<E: de::Error>(&self, name: &str) -> Result<Option<Decimal>, E> {
        self.raw(name).map(|r| figure(name, r)).transpose()
    }

    fn required<E: de::Error>(&self, name: &'static str) -> Result<Decimal, E> {
        self.figure(name)?.ok_or_else(|| E::missing_field(name))
    }
}

/// A figure as received: text or a number, read exactly.
fn figure<E: de::Error>(name: &str, raw: &Raw) -> Result<Decimal, E> {
    let value = match &raw.0 {
        Leaf::Number(t) if t.contains(['e', 'E']) => exact_scientific(t),
        Leaf::Text(t) | Leaf::Number(t) => parse_decimal(t).ok(),
        Leaf::Decimal(d) => Some(*d),
        Leaf::Integer(n) => Some(Decimal::from(*n)),
        Leaf::Absent | Leaf::Bool(_) | Leaf::Other(_) => None,
    };
    value.ok_or_else(|| {
        E::custom(format_args!(
            "{name} must be a decimal number, got {}",
            raw.describe()
        ))
    })
}

/// A whole number as received.
fn count<E: de::Error>(name: &str, raw: &Raw) -> Result<Option<u32>, E> {
    match &raw.0 {
        Leaf::Absent => Ok(None),
        Leaf::Integer(n) => Ok(Some(*n)),
        Leaf::Text(t) | Leaf::Number(t) if t.bytes().all(|b| b.is_ascii_digit()) => t
            .parse()
            .map(Some)
            .map_err(|_| E::custom(format_args!("{name} must be a whole number, got {t}"))),
        _ => Err(E::custom(format_args!(
            "{name} must be a whole number, got {}",
            raw.describe()
        ))),
    }
}

impl<'de> Deserialize<'de> for Evaluation {
    /// Reads the flat object that `Serialize` writes back into an equal
    /// evaluation. Figures may be strings or numbers (read exactly, as an
    /// account's are); `sensitivity`, `schedule` and keys this version does not
    /// know are skipped. A row of another model version, or an error's row (its
    /// `error` not `null`), is an error.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Evaluation, D::Error> {
        d.deserialize_map(EvaluationVisitor)
    }
}

struct EvaluationVisitor;

impl<'de> Visitor<'de> for EvaluationVisitor {
    type Value = Evaluation;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an evaluation's JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Evaluation, A::Error> {
        let mut found = Found::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "drivers" => found.drivers = map.next_value::<Option<_>>()?.unwrap_or_default(),
                "warnings" => found.warnings = map.next_value::<Option<_>>()?.unwrap_or_default(),
                "package" => found.package = map.next_value()?,
                "sensitivity" | "schedule" => {
                    map.next_value::<IgnoredAny>()?;
                }
                _ => {
                    let value = map.next_value::<Raw>()?;
                    found.scalars.push((key, value));
                }
            }
        }
        evaluation(found)
    }
}

fn evaluation<E: de::Error>(mut found: Found) -> Result<Evaluation, E> {
    if let Some(model) = found.text::<E>("model")? {
        if model != MODEL_VERSION {
            return Err(E::custom(format_args!(
                "an evaluation of model {model} cannot be read as model {MODEL_VERSION}"
            )));
        }
    }
    if let Some(error) = found.text::<E>("error")? {
        return Err(E::custom(format_args!(
            "the row holds an error, not an evaluation: {error}"
        )));
    }
    let mut drivers = Vec::with_capacity(found.drivers.len());
    for driver in &found.drivers {
        drivers.push(Driver {
            risk: driver.risk.parse::<Risk>().map_err(E::custom)?,
            probability: figure("drivers.probability", &driver.probability)?,
            month: count("drivers.month", &driver.month)?,
        });
    }
    let top_risk = match found.text::<E>("top_risk")? {
        None => None,
        Some(named) => Some(
            *drivers
                .iter()
                .find(|d| d.to_string() == named)
                .ok_or_else(|| E::custom(format_args!("top_risk {named} is not a driver")))?,
        ),
    };
    let package = match &found.package {
        None => None,
        Some(p) => Some(Package {
            share: figure("package.share", &p.share)?,
            concession_cut: figure("package.concession_cut", &p.concession_cut)?,
            cost_cut: figure("package.cost_cut", &p.cost_cut)?,
            terms_cut: figure("package.terms_cut", &p.terms_cut)?,
            value: figure("package.value", &p.value)?,
        }),
    };
    let lever = match found.text::<E>("lever")? {
        None => None,
        Some(text) => Some(text.parse::<Levers>().map_err(E::custom)?),
    };
    let exit_year = match found.raw("exit_year") {
        None => None,
        Some(raw) => count("exit_year", raw)?,
    };
    let components = Components {
        contribution: found.required("contribution")?,
        scale_savings: found.required("scale_savings")?,
        reference: found.required("reference")?,
        financing: found.required("financing")?,
        bad_debt: found.required("bad_debt")?,
        rebate: found.required("rebate")?,
        compensation: found.required("compensation")?,
        cost_to_serve: found.required("cost_to_serve")?,
        stranded: found.required("stranded")?,
        retender: found.required("retender")?,
        onboarding: found.required("onboarding")?,
        acquisition: found.required("acquisition")?,
    };
    let break_even = BreakEven {
        cost_cut_to_hurdle: found.figure("cost_cut_to_hurdle")?,
        concession_to_hurdle: found.figure("concession_to_hurdle")?,
        terms_cut_to_hurdle: found.figure("terms_cut_to_hurdle")?,
        package_to_hurdle: found.figure("package_to_hurdle")?,
        win_probability_to_hurdle: found.figure("win_probability_to_hurdle")?,
        subsidy: found.figure("subsidy")?,
    };
    Ok(Evaluation {
        id: found
            .text("id")?
            .ok_or_else(|| E::missing_field("id"))?
            .to_owned(),
        name: found.text("name")?.unwrap_or_default().to_owned(),
        currency: found.word::<Currency, E>("currency")?,
        stage: found.word::<Stage, E>("stage")?,
        verdict: found.word::<Verdict, E>("verdict")?,
        lever,
        value: found.required("value")?,
        hurdle: found.required("hurdle")?,
        release_value: found.figure("release_value")?,
        bar: found.required("bar")?,
        exit_year,
        exit_gain: found.figure("exit_gain")?,
        components,
        annual_survival: found.required("annual_survival")?,
        renewal_survival: found.figure("renewal_survival")?,
        expected_years: found.required("expected_years")?,
        coverage: found.required("coverage")?,
        win_probability: found.figure("win_probability")?,
        delay_factor: found.figure("delay_factor")?,
        value_if_won: found.figure("value_if_won")?,
        cost_to_serve_pv: found.required("cost_to_serve_pv")?,
        concession_slope: found.required("concession_slope")?,
        drivers,
        top_risk,
        break_even,
        package,
        warnings: std::mem::take(&mut found.warnings),
    })
}
