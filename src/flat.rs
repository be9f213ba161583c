//! The flat layout of results: one row of named cells per account, as written to
//! the result CSV and to the `evaluate` example's `--json` object.

use rust_decimal::Decimal;

use crate::display;
use crate::error::Error;
use crate::verdict::Evaluation;

/// The result CSV's columns, in order.
pub const RESULT_COLUMNS: [&str; 23] = [
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
    "compensation",
    "cost_to_serve",
    "acquisition",
    "annual_survival",
    "expected_years",
    "coverage",
    "win_probability",
    "cost_cut_to_hurdle",
    "concession_to_hurdle",
    "win_probability_to_hurdle",
    "subsidy",
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
    /// An absent figure: an empty cell, or `null` in JSON.
    Absent,
}

impl Cell {
    /// The cell as written to the result CSV: money to 2 decimals, ratios to 4,
    /// absent as empty text.
    #[must_use]
    pub fn rounded(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Money(d) => display::money(*d),
            Cell::Ratio(d) => display::ratio(*d),
            Cell::Absent => String::new(),
        }
    }

    /// The cell at full precision, `None` when absent.
    #[must_use]
    pub fn exact(&self) -> Option<String> {
        match self {
            Cell::Text(t) => Some(t.clone()),
            Cell::Money(d) | Cell::Ratio(d) => Some(d.normalize().to_string()),
            Cell::Absent => None,
        }
    }
}

fn opt(value: Option<Decimal>, cell: fn(Decimal) -> Cell) -> Cell {
    value.map_or(Cell::Absent, cell)
}

impl Evaluation {
    /// The result row's cells, in [`RESULT_COLUMNS`] order (`error` is absent).
    #[must_use]
    pub fn cells(&self) -> [Cell; 23] {
        let c = &self.components;
        let b = &self.break_even;
        [
            Cell::Text(self.id.clone()),
            Cell::Text(self.name.clone()),
            Cell::Text(self.currency.to_string()),
            Cell::Text(self.stage.to_string()),
            Cell::Text(self.verdict.to_string()),
            Cell::Money(self.value),
            Cell::Money(c.contribution),
            Cell::Money(c.scale_savings),
            Cell::Money(c.reference),
            Cell::Money(c.financing),
            Cell::Money(c.bad_debt),
            Cell::Money(c.compensation),
            Cell::Money(c.cost_to_serve),
            Cell::Money(c.acquisition),
            Cell::Ratio(self.annual_survival),
            Cell::Ratio(self.expected_years),
            Cell::Ratio(self.coverage),
            opt(self.win_probability, Cell::Ratio),
            opt(b.cost_cut_to_hurdle, Cell::Ratio),
            opt(b.concession_to_hurdle, Cell::Ratio),
            opt(b.win_probability_to_hurdle, Cell::Ratio),
            opt(b.subsidy, Cell::Money),
            Cell::Absent,
        ]
    }
}

/// The result row of a record that could not be evaluated: its id where it could
/// be read, verdict `error`, and the error's text (with its line) in `error`.
#[must_use]
pub fn error_cells(error: &Error) -> [Cell; 23] {
    let mut row: [Cell; 23] = std::array::from_fn(|_| Cell::Absent);
    row[0] = error
        .id()
        .map_or(Cell::Absent, |id| Cell::Text(id.to_owned()));
    row[4] = Cell::Text("error".to_owned());
    row[22] = Cell::Text(error.cell_text());
    row
}
