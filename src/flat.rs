//! The flat layout: an account as one row of text cells under a header of dotted
//! column paths, and a result as one row of named cells, as written to the result
//! CSV and to the `evaluate` example's `--json` object.
//!
//! The CSV reader and writer ([`crate::read`], [`crate::write`], feature `io`)
//! are built on this module, and a program with its own source of rows (a
//! database, a spreadsheet library) can use it directly: the header is resolved
//! once into a [`FlatLayout`], and each row's cells are read as text with the
//! model's number grammar, so `0.0600` and `999999999999999.99` arrive exactly as
//! written.
//!
#![cfg_attr(
    feature = "io",
    doc = "[`crate::read`]: mod@crate::read\n[`crate::write`]: mod@crate::write"
)]
#![cfg_attr(
    not(feature = "io"),
    doc = "[`crate::read`]: crate#features\n[`crate::write`]: crate#features"
)]

use std::fmt::{self, Write as _};

use rust_decimal::Decimal;

use crate::account::{Account, Event};
use crate::columns;
pub use crate::columns::ColumnMap;
use crate::display;
use crate::error::{Error, ErrorKind, Problem, ProblemKind, Result};
use crate::input::{AccountInput, EventInput, List, Raw, RoleInput};
use crate::validate::{closest, quote};
use crate::verdict::{Driver, Evaluation};
pub use crate::words::Unit;
use crate::words::{Coverage, Role, Word, find_word};

/// The result CSV's columns, in order.
pub const RESULT_COLUMNS: [&str; 36] = [
    "id",
    "name",
    "currency",
    "stage",
    "verdict",
    "value",
    "contribution",
    "scale_savings",
    "reference",
    "financing",
    "bad_debt",
    "rebate",
    "compensation",
    "cost_to_serve",
    "stranded",
    "retender",
    "onboarding",
    "acquisition",
    "annual_survival",
    "renewal_survival",
    "expected_years",
    "coverage",
    "win_probability",
    "hurdle",
    "release_value",
    "exit_year",
    "cost_cut_to_hurdle",
    "concession_to_hurdle",
    "terms_cut_to_hurdle",
    "package_to_hurdle",
    "win_probability_to_hurdle",
    "subsidy",
    "lever",
    "top_risk",
    "warnings",
    "error",
];

/// One cell of a result row, unrounded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cell {
    /// Text, written as is.
    Text(String),
    /// An amount of money: shown with exactly 2 decimals.
    Money(Decimal),
    /// A rate, share or number of years: shown with exactly 4 decimals.
    Ratio(Decimal),
    /// A whole number (a year): shown as an integer.
    Count(u32),
    /// An absent figure: an empty cell, or `null` in JSON.
    Absent,
}

impl Cell {
    /// The cell, borrowed.
    pub(crate) fn borrowed(&self) -> CellRef<'_> {
        match self {
            Cell::Text(t) => CellRef::Text(t),
            Cell::Money(d) => CellRef::Money(*d),
            Cell::Ratio(d) => CellRef::Ratio(*d),
            Cell::Count(n) => CellRef::Count(*n),
            Cell::Absent => CellRef::Absent,
        }
    }

    /// The cell as written to the result CSV: money to 2 decimals, ratios to 4,
    /// absent as empty text.
    #[must_use]
    pub fn rounded(&self) -> String {
        let mut out = String::new();
        self.write_rounded(&mut out);
        out
    }

    /// Appends [`Cell::rounded`] to `out`, for writers that reuse a buffer.
    pub fn write_rounded(&self, out: &mut String) {
        self.borrowed().write_rounded(out);
    }

    /// The cell at full precision, `None` when absent.
    #[must_use]
    pub fn exact(&self) -> Option<String> {
        match self {
            Cell::Text(t) => Some(t.clone()),
            Cell::Money(d) | Cell::Ratio(d) => Some(d.normalize().to_string()),
            Cell::Count(n) => Some(n.to_string()),
            Cell::Absent => None,
        }
    }
}

/// A result cell borrowed from its evaluation: what [`Cell`] owns, without the
/// allocations, for writers that format a row straight into their buffers.
#[derive(Clone, Copy)]
pub(crate) enum CellRef<'a> {
    Text(&'a str),
    /// Texts joined by `; `.
    Joined(&'a [String]),
    Money(Decimal),
    Ratio(Decimal),
    Count(u32),
    /// A driver: the risk's name, and `(month N)` for a dated event.
    Driver(Driver),
    Absent,
}

impl CellRef<'_> {
    /// Appends the cell as written to the result CSV (see [`Cell::rounded`]).
    pub(crate) fn write_rounded(self, out: &mut String) {
        match self {
            CellRef::Text(t) => out.push_str(t),
            CellRef::Joined(texts) => {
                for (i, text) in texts.iter().enumerate() {
                    if i > 0 {
                        out.push_str("; ");
                    }
                    out.push_str(text);
                }
            }
            CellRef::Money(d) => display::write_fixed(out, d, 2),
            CellRef::Ratio(d) => display::write_fixed(out, d, 4),
            CellRef::Count(n) => {
                let _ = write!(out, "{n}");
            }
            CellRef::Driver(d) => {
                let _ = write!(out, "{d}");
            }
            CellRef::Absent => {}
        }
    }

    fn to_cell(self) -> Cell {
        match self {
            CellRef::Text(t) => Cell::Text(t.to_owned()),
            CellRef::Joined(texts) => Cell::Text(texts.join("; ")),
            CellRef::Money(d) => Cell::Money(d),
            CellRef::Ratio(d) => Cell::Ratio(d),
            CellRef::Count(n) => Cell::Count(n),
            CellRef::Driver(d) => Cell::Text(d.to_string()),
            CellRef::Absent => Cell::Absent,
        }
    }
}

fn opt(value: Option<Decimal>, cell: fn(Decimal) -> CellRef<'static>) -> CellRef<'static> {
    value.map_or(CellRef::Absent, cell)
}

impl Evaluation {
    /// The result row's cells, in [`RESULT_COLUMNS`] order (`error` is absent;
    /// `warnings` joined by `; `).
    #[must_use]
    pub fn cells(&self) -> [Cell; RESULT_COLUMNS.len()] {
        self.cell_refs().map(CellRef::to_cell)
    }

    /// [`Evaluation::cells`], borrowed.
    pub(crate) fn cell_refs(&self) -> [CellRef<'_>; RESULT_COLUMNS.len()] {
        let c = &self.components;
        let b = &self.break_even;
        [
            CellRef::Text(&self.id),
            CellRef::Text(&self.name),
            CellRef::Text(self.currency.as_str()),
            CellRef::Text(self.stage.as_str()),
            CellRef::Text(self.verdict.as_str()),
            CellRef::Money(self.value),
            CellRef::Money(c.contribution),
            CellRef::Money(c.scale_savings),
            CellRef::Money(c.reference),
            CellRef::Money(c.financing),
            CellRef::Money(c.bad_debt),
            CellRef::Money(c.rebate),
            CellRef::Money(c.compensation),
            CellRef::Money(c.cost_to_serve),
            CellRef::Money(c.stranded),
            CellRef::Money(c.retender),
            CellRef::Money(c.onboarding),
            CellRef::Money(c.acquisition),
            CellRef::Ratio(self.annual_survival),
            opt(self.renewal_survival, CellRef::Ratio),
            CellRef::Ratio(self.expected_years),
            CellRef::Ratio(self.coverage),
            opt(self.win_probability, CellRef::Ratio),
            CellRef::Money(self.hurdle),
            opt(self.release_value, CellRef::Money),
            self.exit_year.map_or(CellRef::Absent, CellRef::Count),
            opt(b.cost_cut_to_hurdle, CellRef::Ratio),
            opt(b.concession_to_hurdle, CellRef::Ratio),
            opt(b.terms_cut_to_hurdle, CellRef::Ratio),
            opt(b.package_to_hurdle, CellRef::Ratio),
            opt(b.win_probability_to_hurdle, CellRef::Ratio),
            opt(b.subsidy, CellRef::Money),
            self.lever
                .map_or(CellRef::Absent, |l| CellRef::Text(l.as_str())),
            self.top_risk.map_or(CellRef::Absent, CellRef::Driver),
            if self.warnings.is_empty() {
                CellRef::Absent
            } else {
                CellRef::Joined(&self.warnings)
            },
            CellRef::Absent,
        ]
    }
}

/// The result row of a record that could not be evaluated: its id, name and
/// currency where they could be read, verdict `error`, and the error's text
/// (with its line) in `error`.
#[must_use]
pub fn error_cells(error: &Error) -> [Cell; RESULT_COLUMNS.len()] {
    let mut row: [Cell; RESULT_COLUMNS.len()] = std::array::from_fn(|_| Cell::Absent);
    let text = |t: Option<&str>| t.map_or(Cell::Absent, |t| Cell::Text(t.to_owned()));
    let (name, currency) = error.name_and_currency();
    row[0] = text(error.id());
    row[1] = text(name);
    row[2] = currency.map_or(Cell::Absent, |c| Cell::Text(c.to_string()));
    row[4] = Cell::Text("error".to_owned());
    row[RESULT_COLUMNS.len() - 1] = Cell::Text(error.cell_text());
    row
}

/// How one input column fills an [`AccountInput`].
#[derive(Clone, Copy)]
enum Target {
    Field(fn(&mut AccountInput) -> &mut Raw),
    Role(Role),
    /// The `events` cell: `month:risk:probability` parts joined by `;`.
    Events,
    /// A column the column map says to skip.
    Ignore,
}

macro_rules! columns {
    ($( $path:literal => $($field:ident).+ ),* $(,)?) => {
        &[ $( ($path, Target::Field(|a: &mut AccountInput| &mut a.$($field).+)) ),* ]
    };
}

/// Every scalar column of the flat layout, by dotted path.
const FIELD_COLUMNS: &[(&str, Target)] = columns! {
    "id" => id,
    "name" => name,
    "currency" => currency,
    "stage" => stage,
    "revenue.annual" => revenue.annual,
    "revenue.growth" => revenue.growth,
    "revenue.gross_margin" => revenue.gross_margin,
    "revenue.concession" => revenue.concession,
    "revenue.ramp_years" => revenue.ramp_years,
    "revenue.price_down" => revenue.price_down,
    "revenue.cost_down" => revenue.cost_down,
    "revenue.rebate" => revenue.rebate,
    "revenue.rebate_probability" => revenue.rebate_probability,
    "revenue.rebate_days" => revenue.rebate_days,
    "revenue.scale_savings" => revenue.scale_savings,
    "cost_to_serve.account_team" => cost_to_serve.account_team,
    "cost_to_serve.service" => cost_to_serve.service,
    "cost_to_serve.customization" => cost_to_serve.customization,
    "cost_to_serve.reference_program" => cost_to_serve.reference_program,
    "cost_to_serve.other" => cost_to_serve.other,
    "cost_to_serve.inflation" => cost_to_serve.inflation,
    "acquisition.tender" => acquisition.tender,
    "acquisition.free_work" => acquisition.free_work,
    "acquisition.legal" => acquisition.legal,
    "acquisition.executive" => acquisition.executive,
    "acquisition.onboarding" => acquisition.onboarding,
    "payment.terms_days" => payment.terms_days,
    "payment.delay_days" => payment.delay_days,
    "payment.default_rate" => payment.default_rate,
    "risk.ownership_change" => risk.ownership_change,
    "risk.management_change" => risk.management_change,
    "risk.strategy_change" => risk.strategy_change,
    "risk.political" => risk.political,
    "risk.labor_disruption" => risk.labor_disruption,
    "risk.reputational" => risk.reputational,
    "risk.competitor_displacement" => risk.competitor_displacement,
    "risk.termination_compensation" => risk.termination_compensation,
    "pursuit.win_probability" => pursuit.win_probability,
    "pursuit.competitors" => pursuit.competitors,
    "pursuit.evidence.need_confirmed" => pursuit.evidence.need_confirmed,
    "pursuit.evidence.decision_process_mapped" => pursuit.evidence.decision_process_mapped,
    "pursuit.evidence.economic_buyer_engaged" => pursuit.evidence.economic_buyer_engaged,
    "pursuit.evidence.champion" => pursuit.evidence.champion,
    "pursuit.evidence.incumbent_entrenched" => pursuit.evidence.incumbent_entrenched,
    "pursuit.sales_cycle_months" => pursuit.sales_cycle_months,
    "reference.annual_value" => reference.annual_value,
    "contract.term_years" => contract.term_years,
    "contract.years_elapsed" => contract.years_elapsed,
    "contract.retender_probability" => contract.retender_probability,
    "contract.incumbent_win_probability" => contract.incumbent_win_probability,
    "contract.nonrenewal" => contract.nonrenewal,
    "contract.retender_cost" => contract.retender_cost,
};

/// The `events` column, between `contract.*` and `release.*` in the model's order.
const EVENT_COLUMNS: [(&str, Target); 1] = [("events", Target::Events)];

/// The scalar columns after `events`.
const LATE_COLUMNS: &[(&str, Target)] = columns! {
    "release.stranded_cost" => release.stranded_cost,
    "release.stranded_years" => release.stranded_years,
    "image_critical" => image_critical,
};

const ROLE_COLUMNS: [(&str, Target); 7] = [
    ("relationship.user", Target::Role(Role::User)),
    ("relationship.preparer", Target::Role(Role::Preparer)),
    ("relationship.approver", Target::Role(Role::Approver)),
    (
        "relationship.budget_holder",
        Target::Role(Role::BudgetHolder),
    ),
    (
        "relationship.final_decision",
        Target::Role(Role::FinalDecision),
    ),
    ("relationship.legal", Target::Role(Role::Legal)),
    ("relationship.procurement", Target::Role(Role::Procurement)),
];

/// Unknown columns beyond this many get no "did you mean" suggestion.
const SUGGESTIONS: usize = 100;

/// Columns a flat file must have.
pub const REQUIRED_COLUMNS: [&str; 5] = [
    "id",
    "currency",
    "stage",
    "revenue.annual",
    "revenue.gross_margin",
];

fn all_columns() -> impl Iterator<Item = &'static (&'static str, Target)> {
    FIELD_COLUMNS
        .iter()
        .chain(EVENT_COLUMNS.iter())
        .chain(LATE_COLUMNS.iter())
        .chain(ROLE_COLUMNS.iter())
}

/// Every column the flat layout knows, in the model's order.
pub fn input_columns() -> impl Iterator<Item = &'static str> {
    all_columns().map(|(name, _)| *name)
}

/// One resolved column: where its cells go, and how its numbers are read.
#[derive(Clone, Copy)]
struct Column {
    target: Target,
    /// The field's path, for problems found while reading a cell.
    path: &'static str,
    unit: Unit,
    /// Whether the cell is a number that needs the unit or the decimal comma.
    convert: bool,
}

/// A flat file's header, resolved once into the place each column fills.
///
/// The flat layout names columns by the model's dotted paths (`revenue.annual`),
/// in any order; only [`REQUIRED_COLUMNS`] must be present. The decision unit is
/// one column per role, `relationship.<role>`, holding `covered`, `uncovered`,
/// `absent` (the client has no such role) or nothing (unknown: counts as
/// uncovered); reference value is `reference.annual_value` only; evidence is
/// `pursuit.evidence.<name>` holding `true`/`false` (also `yes`/`no`, `1`/`0`) or
/// nothing; the dated events are one column, `events`, holding them as
/// `month:risk:probability` joined by `;` (`6:ownership_change:0.4;
/// 48:strategy_change:0.25`; empty parts and spaces around parts are ignored; see
/// [`events_cell`]), or nothing. [`FlatLayout::with_columns`] also reads the
/// user's own headers through a [`ColumnMap`], and decimal commas.
///
/// ```
/// use keyaccount::flat::FlatLayout;
/// use keyaccount::{evaluate, Policy, Verdict};
///
/// let layout = FlatLayout::from_header(["id", "currency", "stage", "revenue.annual", "revenue.gross_margin"])?;
/// let account = layout.read(["A-1", "EUR", "Active", "1200000", "0.30"]).validate()?;
/// assert_eq!(evaluate(&account, &Policy::default())?.verdict, Verdict::Retain);
/// # Ok::<(), keyaccount::Error>(())
/// ```
#[derive(Clone)]
pub struct FlatLayout {
    columns: Vec<Column>,
    /// Each column's header as written (trimmed), for warnings about its cells.
    headers: Vec<String>,
    decimal_comma: bool,
}

impl fmt::Debug for FlatLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FlatLayout")
            .field("columns", &self.columns.len())
            .field("decimal_comma", &self.decimal_comma)
            .finish_non_exhaustive()
    }
}

impl FlatLayout {
    /// Resolves a header. Column names are trimmed and matched without regard to
    /// case; a UTF-8 byte-order mark before the first name is ignored.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidHeader`] listing every problem: an unknown column (with
    /// the closest known one, `revnue.annual` → `revenue.annual`), a column given
    /// twice, a missing required column.
    pub fn from_header<I, S>(header: I) -> Result<FlatLayout>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        FlatLayout::with_columns(header, &ColumnMap::default(), false)
    }

    /// Resolves a header of the user's own names through `map` (a header that
    /// already is a field path needs no entry; headers in the map's `ignore` list
    /// are skipped), reading numbers with a decimal comma when `decimal_comma` is
    /// set (`0,25`, `1 200 000,50`, `1.200.000,50`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidHeader`] listing every problem, as [`FlatLayout::from_header`];
    /// a header neither mapped, ignored nor a field path is unknown.
    pub fn with_columns<I, S>(header: I, map: &ColumnMap, decimal_comma: bool) -> Result<FlatLayout>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut problems = Vec::new();
        let mut columns = Vec::new();
        let mut headers = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (i, name) in header.into_iter().enumerate() {
            let raw = name.as_ref();
            let name = if i == 0 {
                raw.trim_start_matches('\u{feff}').trim()
            } else {
                raw.trim()
            };
            let lower = columns::key(name);
            if name.is_empty() {
                problems.push(Problem::new(
                    format!("column {}", i + 1),
                    ProblemKind::EmptyHeader,
                ));
                continue;
            }
            if map.ignore.contains(&lower) {
                headers.push(name.to_owned());
                columns.push(Column {
                    target: Target::Ignore,
                    path: "",
                    unit: Unit::Fraction,
                    convert: false,
                });
                continue;
            }
            let mapped = map.columns.iter().find(|m| m.key == lower);
            let (field, unit) = match mapped {
                Some(m) => (Some(m.field), m.unit),
                None => (
                    input_columns().find(|known| known.eq_ignore_ascii_case(name)),
                    Unit::Fraction,
                ),
            };
            match field.and_then(|f| all_columns().find(|(known, _)| *known == f)) {
                Some((known, _)) if seen.contains(known) => {
                    problems.push(Problem::new(*known, ProblemKind::Duplicate));
                }
                Some((known, target)) => {
                    seen.push(known);
                    headers.push(name.to_owned());
                    columns.push(Column {
                        target: *target,
                        path: known,
                        unit,
                        convert: columns::is_number_field(known)
                            && (decimal_comma || unit != Unit::Fraction),
                    });
                }
                None => {
                    // A suggestion costs an edit distance against every known column:
                    // worth it for a few typos, not for a header of a million columns.
                    let suggestion = (problems.len() < SUGGESTIONS)
                        .then(|| closest(&lower, input_columns()).map(str::to_owned))
                        .flatten();
                    problems.push(Problem::new(
                        quote(name),
                        ProblemKind::UnknownField { suggestion },
                    ));
                }
            }
        }
        for required in REQUIRED_COLUMNS {
            if !seen.contains(&required) {
                problems.push(Problem::new(required, ProblemKind::MissingColumn));
            }
        }
        if !problems.is_empty() {
            return Err(Error::new(ErrorKind::InvalidHeader { problems }));
        }
        Ok(FlatLayout {
            columns,
            headers,
            decimal_comma,
        })
    }

    /// The number of columns in the header.
    #[must_use]
    pub fn column_count(&self) -> usize {
        self.columns.len()
    }

    /// The field path column `i` fills, `None` for an ignored or absent column.
    #[cfg(feature = "io")]
    pub(crate) fn path(&self, i: usize) -> Option<&'static str> {
        self.columns
            .get(i)
            .map(|c| c.path)
            .filter(|p| !p.is_empty())
    }

    /// Reads one row of cells into an account input, ready to validate. Empty
    /// (or blank) cells mean "not given". A row with a different number of cells
    /// than the header, and a part of the `events` cell that is not
    /// `month:risk:probability`, are reported when the record is validated.
    /// Valid but suspicious cells (a fraction in a `percent` column) are noted in
    /// [`FlatAccount::warnings`].
    pub fn read<I, S>(&self, cells: I) -> FlatAccount
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut input = AccountInput::default();
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut roles = Vec::new();
        let mut count = 0;
        for (i, cell) in cells.into_iter().enumerate() {
            count = i + 1;
            let Some(column) = self.columns.get(i) else {
                continue;
            };
            let text = crate::validate::trim(cell.as_ref());
            if text.is_empty() {
                continue;
            }
            match column.target {
                Target::Ignore => {}
                Target::Field(field) if column.convert => {
                    *field(&mut input) =
                        match columns::convert(text, column.unit, self.decimal_comma) {
                            Ok(Some(value)) => {
                                if column.unit == Unit::Percent {
                                    self.warn_fraction(i, text, &mut warnings);
                                }
                                Raw::from(value)
                            }
                            // Not a number: validation says what is wrong with the text.
                            Ok(None) => Raw::from(text),
                            Err(hint) => {
                                problems.push(Problem::new(
                                    column.path,
                                    ProblemKind::NotANumber {
                                        got: quote(text),
                                        hint,
                                    },
                                ));
                                continue;
                            }
                        };
                }
                Target::Field(field) => *field(&mut input) = Raw::from(text),
                Target::Events => input.events = self.read_events(text, &mut problems),
                Target::Role(role) => {
                    let (covered, present) = match find_word::<Coverage>(text) {
                        Some(Coverage::Covered) => (Raw::from(true), Raw::default()),
                        Some(Coverage::Uncovered) => (Raw::from(false), Raw::default()),
                        Some(Coverage::Absent) => (Raw::default(), Raw::from(false)),
                        None => {
                            problems.push(Problem::new(
                                format!("relationship.{}", role.as_str()),
                                ProblemKind::NotACoverage { got: quote(text) },
                            ));
                            continue;
                        }
                    };
                    roles.push(RoleInput {
                        role: Raw::from(role.as_str()),
                        covered,
                        present,
                        ..RoleInput::default()
                    });
                }
            }
        }
        if count != self.columns.len() {
            problems.insert(
                0,
                Problem::new(
                    "",
                    ProblemKind::RaggedRow {
                        expected: self.columns.len(),
                        got: count,
                    },
                ),
            );
        }
        input.relationship.roles = roles.into();
        FlatAccount {
            input,
            problems,
            warnings,
        }
    }

    /// Notes a cell of the `percent` column `index` that holds a number strictly
    /// between 0 and 1 without a `%` sign: most likely a fraction, read as that
    /// many percent.
    fn warn_fraction(&self, index: usize, text: &str, warnings: &mut Vec<String>) {
        if let Some(value) = columns::fraction_in_percent(text, self.decimal_comma) {
            let header = self.headers.get(index).map_or("", String::as_str);
            let shown = value.normalize();
            let percent = (value * Decimal::ONE_HUNDRED).normalize();
            warnings.push(format!(
                "{shown} in percent column {:?} reads as {shown} %: write {percent}",
                quote(header)
            ));
        }
    }

    /// Reads an `events` cell: `month:risk:probability` parts joined by `;`,
    /// empty parts and spaces around parts and pieces ignored, the probability
    /// read with the layout's decimal comma. A part without exactly three pieces
    /// is a problem named by its 1-based position, `events[2]`, and keeps its
    /// place in the list so that the parts after it keep their numbers.
    fn read_events(&self, text: &str, problems: &mut Vec<Problem>) -> List<EventInput> {
        let mut items = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let position = items.len() + 1;
            let mut pieces = part.split(':').map(str::trim);
            let (Some(month), Some(risk), Some(probability), None) =
                (pieces.next(), pieces.next(), pieces.next(), pieces.next())
            else {
                problems.push(Problem::new(
                    format!("events[{position}]"),
                    ProblemKind::NotAnEvent { got: quote(part) },
                ));
                items.push(EventInput::default());
                continue;
            };
            let probability = if self.decimal_comma && !probability.is_empty() {
                match columns::convert(probability, Unit::Fraction, true) {
                    Ok(Some(value)) => Raw::from(value),
                    Ok(None) => Raw::from(probability),
                    Err(hint) => {
                        problems.push(Problem::new(
                            format!("events[{position}].probability"),
                            ProblemKind::NotANumber {
                                got: quote(probability),
                                hint,
                            },
                        ));
                        Raw::default()
                    }
                }
            } else {
                Raw::from(probability)
            };
            items.push(EventInput {
                month: Raw::from(month),
                risk: Raw::from(risk),
                probability,
                ..EventInput::default()
            });
        }
        items.into()
    }
}

/// Whether a problem with `field` is about the cell a flat problem with `cell`
/// names: the same field, or a field inside it (`events[2]`, `events[2].month`).
fn covers(cell: &str, field: &str) -> bool {
    !cell.is_empty()
        && field
            .strip_prefix(cell)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// The `events` cell of the flat layout: each event as `month:risk:probability`,
/// joined by `; `, empty for none (`6:ownership_change:0.4; 48:strategy_change:0.25`).
/// [`FlatLayout`] reads it back to the same events. A CSV writer whose delimiter
/// is `;` quotes the cell, as it quotes any cell holding its delimiter (the csv
/// crate does).
///
/// ```
/// use keyaccount::flat::events_cell;
/// use keyaccount::{Account, Currency, Risk, Stage};
/// use rust_decimal::Decimal;
///
/// let account = Account::builder("A-1", Currency::EUR, Stage::Active)
///     .revenue(Decimal::from(1_200_000), Decimal::new(3, 1))
///     .event(6, Risk::OwnershipChange, Decimal::new(4, 1))
///     .event(48, Risk::StrategyChange, Decimal::new(25, 2))
///     .build()?;
/// assert_eq!(events_cell(account.events()), "6:ownership_change:0.4; 48:strategy_change:0.25");
/// # Ok::<(), keyaccount::Error>(())
/// ```
#[must_use]
pub fn events_cell(events: &[Event]) -> String {
    let mut out = String::new();
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        // Writing to a String cannot fail.
        let _ = write!(out, "{}:{}:{}", e.month, e.risk.as_str(), e.probability);
    }
    out
}

/// One flat row read by [`FlatLayout::read`]: the account input, the problems
/// only the flat layout can have (a ragged row, a bad `relationship.<role>` cell,
/// a part of the `events` cell that is not `month:risk:probability`), and its
/// warnings.
#[derive(Clone, Debug, PartialEq)]
pub struct FlatAccount {
    /// The account as read from the row.
    pub input: AccountInput,
    /// Problems found while reading the row.
    pub problems: Vec<Problem>,
    /// Valid but suspicious cells, scored as given: a cell of a `percent` column
    /// holding a number strictly between 0 and 1 without a `%` sign
    /// (`0.19 in percent column "Маржа, %" reads as 0.19 %: write 19`). The
    /// readers pass them on in [`Record::warnings`](crate::Record::warnings).
    pub warnings: Vec<String>,
}

impl FlatAccount {
    /// Validates the account, reporting the row's own problems with every
    /// validation problem.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidAccount`] as [`AccountInput::validate`], plus a row
    /// whose cell count differs from the header's or a `relationship.<role>` cell
    /// that is not `covered`, `uncovered`, `absent` or empty.
    pub fn validate(&self) -> Result<Account> {
        let validated = self.input.validate();
        if self.problems.is_empty() {
            return validated;
        }
        let (id, mut name, mut currency, mut problems) = match validated {
            Ok(account) => (
                Some(account.id().to_owned()),
                Some(account.name().to_owned()).filter(|n| !n.is_empty()),
                Some(account.currency()),
                Vec::new(),
            ),
            Err(error) => {
                let (name, currency) = error.name_and_currency();
                (
                    error.id().map(str::to_owned),
                    name.map(str::to_owned),
                    currency,
                    error.problems().to_vec(),
                )
            }
        };
        let ragged = self
            .problems
            .iter()
            .any(|p| matches!(p.kind(), ProblemKind::RaggedRow { .. }));
        if ragged {
            // Cells of a ragged row sit under the wrong columns: their own
            // problems (and their name and currency) would only mislead.
            problems.clear();
            name = None;
            currency = None;
        }
        // A cell the flat layout could not read leaves its field (or its event)
        // empty: what validation says of that field would only repeat it.
        problems.retain(|p| !self.problems.iter().any(|f| covers(f.field(), p.field())));
        let mut all = self.problems.clone();
        all.append(&mut problems);
        Err(Error::new(ErrorKind::InvalidAccount {
            id,
            name,
            currency,
            problems: all,
        }))
    }
}
