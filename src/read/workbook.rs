//! Account lists kept in a workbook (`.xlsx`, `.xls`, `.ods`), read with calamine
//! (feature `spreadsheet`).
//!
//! A workbook is read whole (a sheet holds at most about a million rows). The
//! first row of the sheet is the header, read like a CSV header (with a column
//! map when given); each other row is a record whose line is its row number in
//! the sheet. A number cell holds a binary float in the file itself: it is read as
//! that float rounded to 15 significant digits with trailing zeros dropped, the
//! precision a spreadsheet shows and keeps (0.1 stays 0.1, 0.1 + 0.2 reads 0.3),
//! never through the float's binary expansion. Text cells are read by the model's
//! number grammar (and units, and decimal commas when asked for); a date, a
//! duration or an error value (`#DIV/0!`) where a value belongs is reported for
//! that record.

use std::fmt;
use std::io::{Read, Seek};

use calamine::{Data, Range, Reader};
use rust_decimal::Decimal;

use crate::error::{Error, Result, Source};
use crate::flat::{ColumnMap, FlatLayout};
use crate::portfolio::Record;

/// A float as a spreadsheet shows it: rounded to 15 significant digits, trailing
/// zeros dropped; `None` for a float that `Decimal` cannot hold (beyond about
/// 7.9 × 10^28, or not finite).
#[must_use]
pub fn float_to_decimal(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    if x == 0.0 {
        return Some(Decimal::ZERO);
    }
    // `{:.14e}` is the float correctly rounded to 15 significant digits.
    let text = format!("{x:.14e}");
    let (mantissa, exponent) = text.split_once('e')?;
    let exponent: i32 = exponent.parse().ok()?;
    if exponent > 28 {
        return None;
    }
    if exponent < -28 {
        return Some(Decimal::ZERO);
    }
    let mut value = Decimal::from_scientific(&format!("{mantissa}e{exponent}")).ok()?;
    value = value.normalize();
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    Some(value)
}

/// A cell as text for the flat layout. A number cell is a number whatever the
/// file's text cells use: under a decimal comma it is written with one, so that
/// the layout reads it back exactly.
fn cell_text(cell: &Data, decimal_comma: bool) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => {
            let text = float_to_decimal(*x).map_or_else(|| format!("{x}"), |d| d.to_string());
            if decimal_comma {
                text.replace('.', ",")
            } else {
                text
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => format!("a date or time ({})", d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => format!("a date or time ({s})"),
        Data::Error(e) => format!("the error value {e}"),
    }
}

/// Reads accounts from the first sheet of a workbook, or the named one.
pub struct WorkbookReader {
    range: Range<Data>,
    layout: FlatLayout,
    /// The sheet row (1-based) of the range's first row.
    first_row: u64,
    decimal_comma: bool,
    next: usize,
}

impl fmt::Debug for WorkbookReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkbookReader")
            .field("rows", &self.range.height())
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl WorkbookReader {
    /// Opens a workbook (xlsx, xls, xlsb or ods, told by its content), picks the
    /// sheet and resolves its header row.
    ///
    /// # Errors
    ///
    /// A file that is not a workbook (a renamed text file, another zip, an
    /// encrypted or corrupt file), a sheet name that does not exist (the message
    /// lists the sheets), an empty sheet, a bad header.
    pub fn new<R: Read + Seek + Clone>(
        input: R,
        sheet: Option<&str>,
        map: &ColumnMap,
        decimal_comma: bool,
    ) -> Result<WorkbookReader> {
        let mut workbook = calamine::open_workbook_auto_from_rs(input).map_err(|e| {
            let message = format!("the input is not a workbook that can be read: {e}");
            Error::unreadable(message, Some(Source::new(e)))
        })?;
        let names = workbook.sheet_names();
        let name = match sheet {
            Some(wanted) => names
                .iter()
                .find(|n| n.as_str() == wanted || n.trim().eq_ignore_ascii_case(wanted.trim()))
                .cloned()
                .ok_or_else(|| {
                    Error::unreadable(
                        format!(
                            "the workbook has no sheet {wanted:?}; its sheets are {}",
                            names
                                .iter()
                                .map(|n| format!("{n:?}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        None,
                    )
                })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| Error::unreadable("the workbook has no sheets", None))?,
        };
        let range = workbook.worksheet_range(&name).map_err(|e| {
            let message = format!("sheet {name:?} cannot be read: {e}");
            Error::unreadable(message, Some(Source::new(e)))
        })?;
        let Some((start_row, _)) = range.start() else {
            return Err(Error::unreadable(
                format!("sheet {name:?} is empty: it needs a header row"),
                None,
            ));
        };
        let header: Vec<String> = range
            .rows()
            .next()
            .map(|row| row.iter().map(|c| cell_text(c, false)).collect())
            .unwrap_or_default();
        // Trailing empty header cells (a sheet formatted wider than its data) are
        // not columns.
        let width = header
            .iter()
            .rposition(|h| !h.trim().is_empty())
            .map_or(0, |i| i + 1);
        let layout = FlatLayout::with_columns(&header[..width], map, decimal_comma)?;
        Ok(WorkbookReader {
            range,
            layout,
            first_row: u64::from(start_row) + 1,
            decimal_comma,
            next: 1,
        })
    }
}

impl Iterator for WorkbookReader {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        let width = self.layout.column_count();
        loop {
            let row = self.range.rows().nth(self.next)?;
            let line = self.first_row + self.next as u64;
            self.next += 1;
            let mut cells: Vec<String> = row
                .iter()
                .map(|c| cell_text(c, self.decimal_comma))
                .collect();
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            // A workbook row is as wide as the sheet: cut it to the header.
            let extra = cells.split_off(width.min(cells.len()));
            let spill = extra.iter().any(|c| !c.trim().is_empty());
            if spill {
                cells.extend(extra);
            } else {
                cells.resize(width, String::new());
            }
            let flat = self.layout.read(&cells);
            return Some(Ok(
                Record::new(line, flat.validate()).with_warnings(flat.warnings)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_as_a_spreadsheet_shows_them() {
        let shown = |x: f64| float_to_decimal(x).map(|d| d.to_string());
        assert_eq!(shown(0.1).as_deref(), Some("0.1"));
        assert_eq!(shown(0.1 + 0.2).as_deref(), Some("0.3"));
        assert_eq!(shown(1_200_000.5).as_deref(), Some("1200000.5"));
        assert_eq!(shown(1e-7).as_deref(), Some("0.0000001"));
        assert_eq!(shown(123_456_789.123).as_deref(), Some("123456789.123"));
        // 2^53 + 1 is not a float: the file holds 2^53, shown to 15 digits.
        assert_eq!(
            shown(9_007_199_254_740_993.0).as_deref(),
            Some("9007199254740990")
        );
        // 30 % formatted as a percent is stored as 0.3.
        assert_eq!(shown(0.3).as_deref(), Some("0.3"));
        assert_eq!(shown(-0.0).as_deref(), Some("0"));
        assert_eq!(shown(1e30), None);
        assert_eq!(shown(f64::NAN), None);
    }
}
