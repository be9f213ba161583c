//! The result as a workbook, with rust_xlsxwriter (feature `spreadsheet`): one row
//! per record in input order, numbers as numbers (money with 2 decimals and
//! thousands separators, rates as percentages) wherever a float holds the figure
//! exactly to the digit the CSV shows, and as text otherwise (money of 10^13 and
//! more); a frozen header, a filter, a fill colour per verdict (the word stays in
//! the cell), errors as text, and a second sheet with the summary.
//!
//! The sheet is written in rust_xlsxwriter's constant-memory mode, which keeps
//! rows in a temporary file rather than in memory: in the system's temporary
//! folder, or in the folder given to [`XlsxWriter::new_in`] (the output's own,
//! say). A temporary folder that cannot be used is an error before anything is
//! written. Text longer than a cell holds (32,767 characters) is cut, and says
//! so.

use std::io::{Seek, Write};

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::display;
use crate::error::{Error, Result, Source};
use crate::flat::{Cell, RESULT_COLUMNS, error_cells};
use crate::portfolio::Summary;
use crate::verdict::Evaluation;
use crate::words::{Verdict, Word};

/// The most result rows a sheet holds (one row is the header).
pub const MAX_ROWS: u32 = 1_048_575;

/// Money from here up is written as text: a float no longer holds every cent.
const MONEY_AS_TEXT: Decimal = Decimal::from_parts(0x4E72_A000, 0x0918, 0, false, 0);

fn xlsx_error(e: XlsxError) -> Error {
    Error::unreadable(
        format!("the workbook could not be written: {e}"),
        Some(Source::new(e)),
    )
}

/// Writes the result as an `.xlsx` workbook.
pub struct XlsxWriter {
    workbook: Workbook,
    rows: u32,
    summary: Summary,
    money: Format,
    ratio: Format,
    text: Format,
    verdicts: Vec<(Verdict, Format)>,
}

impl std::fmt::Debug for XlsxWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XlsxWriter")
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

/// A light fill per verdict, readable in black and white: the word stays.
fn fill(verdict: Verdict) -> u32 {
    match verdict {
        Verdict::Retain | Verdict::Pursue => 0x00C6_EFCE,
        Verdict::Restructure => 0x00FF_EB9C,
        Verdict::RetainStrategic | Verdict::PursueStrategic => 0x00DD_EBF7,
        _ => 0x00FF_C7CE,
    }
}

/// The most characters an xlsx cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Text as a cell holds it: cut to [`MAX_CELL_CHARS`], saying so.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    const NOTE: &str = "… (cut at 32,767 characters)";
    if text.len() <= MAX_CELL_CHARS || text.chars().count() <= MAX_CELL_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    let keep = MAX_CELL_CHARS - NOTE.chars().count();
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(NOTE);
    std::borrow::Cow::Owned(cut)
}

/// Checks that the writer crate can make its temporary files, in `dir` or else
/// in the system's temporary folder (which it also needs for every sheet it
/// creates), so that a missing folder is this error rather than a panic inside
/// the writer crate.
pub(crate) fn usable_temp_dir(
    workbook: &mut Workbook,
    dir: Option<&std::path::Path>,
) -> Result<()> {
    let system = std::env::temp_dir();
    let fail = |dir: &std::path::Path, e: XlsxError| {
        Error::unreadable(
            format!(
                "the workbook could not be written: its temporary files cannot be made in {}: {e} (set TMPDIR to a folder that exists and has room)",
                dir.display()
            ),
            Some(Source::new(e)),
        )
    };
    workbook
        .set_tempdir(&system)
        .map_err(|e| fail(&system, e))?;
    if let Some(dir) = dir {
        workbook.set_tempdir(dir).map_err(|e| fail(dir, e))?;
    }
    Ok(())
}

impl XlsxWriter {
    /// A workbook with the header row written, its rows kept in a temporary
    /// file in the system's temporary folder until [`finish`](Self::finish).
    ///
    /// # Errors
    ///
    /// A temporary folder that cannot be used, or the writer crate's error for
    /// a sheet it cannot set up.
    pub fn new() -> Result<XlsxWriter> {
        XlsxWriter::build(None)
    }

    /// As [`new`](Self::new), with the rows' temporary file in `dir`, such as
    /// the folder of the file being written: a full or missing system temporary
    /// folder then does not stop a long write.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn new_in(dir: impl AsRef<std::path::Path>) -> Result<XlsxWriter> {
        XlsxWriter::build(Some(dir.as_ref()))
    }

    fn build(dir: Option<&std::path::Path>) -> Result<XlsxWriter> {
        let mut workbook = Workbook::new();
        usable_temp_dir(&mut workbook, dir)?;
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0x00D9_D9D9));
        let sheet = workbook.add_worksheet_with_constant_memory();
        sheet.set_name("results").map_err(xlsx_error)?;
        for (col, name) in RESULT_COLUMNS.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            sheet
                .write_string_with_format(0, col, *name, &header)
                .map_err(xlsx_error)?;
            let width = match *name {
                "name" | "warnings" | "error" => 36.0,
                _ => 14.0,
            };
            sheet.set_column_width(col, width).map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        Ok(XlsxWriter {
            workbook,
            rows: 0,
            summary: Summary::default(),
            money: Format::new().set_num_format("#,##0.00"),
            ratio: Format::new().set_num_format("0.00%"),
            text: Format::new().set_align(FormatAlign::Left),
            verdicts: Verdict::ALL
                .iter()
                .map(|v| (*v, Format::new().set_background_color(Color::RGB(fill(*v)))))
                .collect(),
        })
    }

    fn sheet(&mut self) -> Result<&mut Worksheet> {
        self.workbook.worksheet_from_index(0).map_err(xlsx_error)
    }

    /// Writes one result row.
    ///
    /// # Errors
    ///
    /// More than [`MAX_ROWS`] results (write CSV instead), or the writer crate's
    /// error.
    pub fn write(&mut self, result: &Result<Evaluation>) -> Result<()> {
        if self.rows >= MAX_ROWS {
            return Err(Error::unreadable(
                format!("a sheet holds at most {MAX_ROWS} result rows: write CSV for longer lists"),
                None,
            ));
        }
        self.rows += 1;
        self.summary.add(result);
        let row = self.rows;
        let cells = match result {
            Ok(e) => e.cells(),
            Err(error) => error_cells(error),
        };
        let verdict_format = result.as_ref().ok().and_then(|e| {
            self.verdicts
                .iter()
                .find(|(v, _)| *v == e.verdict)
                .map(|(_, f)| f.clone())
        });
        let (money, ratio, text) = (self.money.clone(), self.ratio.clone(), self.text.clone());
        let years = Format::new().set_num_format("0.0000");
        let sheet = self.sheet()?;
        for (col, cell) in cells.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            let written = match cell {
                Cell::Text(t) if col == 4 => match &verdict_format {
                    Some(format) => sheet.write_string_with_format(row, col, fit(t), format),
                    None => sheet.write_string_with_format(row, col, fit(t), &text),
                },
                Cell::Text(t) => sheet.write_string_with_format(row, col, fit(t), &text),
                Cell::Money(d) if d.abs() < MONEY_AS_TEXT => {
                    sheet.write_number_with_format(row, col, shown(*d, 2), &money)
                }
                Cell::Money(d) => sheet.write_string(row, col, display::grouped(*d, 2)),
                // Years are a number of years, every other ratio a share.
                Cell::Ratio(d) if RESULT_COLUMNS[usize::from(col)] == "expected_years" => {
                    sheet.write_number_with_format(row, col, shown(*d, 4), &years)
                }
                Cell::Ratio(d) => sheet.write_number_with_format(row, col, shown(*d, 4), &ratio),
                Cell::Count(n) => sheet.write_number(row, col, f64::from(*n)),
                _ => continue,
            };
            written.map_err(xlsx_error)?;
        }
        Ok(())
    }

    /// Results written so far.
    #[must_use]
    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// Adds the filter and the summary sheet and writes the workbook to `output`.
    ///
    /// # Errors
    ///
    /// The output's I/O error, or the writer crate's.
    pub fn finish<W: Write + Seek + Send>(mut self, output: W) -> Result<W> {
        let last = self.rows;
        let last_col = u16::try_from(RESULT_COLUMNS.len() - 1).unwrap_or(0);
        self.sheet()?
            .autofilter(0, 0, last, last_col)
            .map_err(xlsx_error)?;
        let bold = Format::new().set_bold();
        let money = self.money.clone();
        let summary = self.summary.clone();
        let sheet = self.workbook.add_worksheet();
        sheet.set_name("summary").map_err(xlsx_error)?;
        sheet.set_column_width(0, 28.0).map_err(xlsx_error)?;
        sheet.set_column_width(1, 20.0).map_err(xlsx_error)?;
        sheet
            .write_string_with_format(
                0,
                0,
                format!("keyaccount model {}", crate::MODEL_VERSION),
                &bold,
            )
            .map_err(xlsx_error)?;
        let mut counts = vec![
            ("records", summary.records()),
            ("errors", summary.errors()),
            ("records with warnings", summary.warned()),
        ];
        counts.extend(Verdict::ALL.iter().map(|v| (v.as_str(), summary.count(*v))));
        let mut row = 1;
        for (label, count) in counts {
            sheet.write_string(row, 0, label).map_err(xlsx_error)?;
            #[allow(clippy::cast_precision_loss)]
            sheet
                .write_number(row, 1, count as f64)
                .map_err(xlsx_error)?;
            row += 1;
        }
        for (currency, total) in summary.totals() {
            let label = format!("total value {currency}");
            sheet.write_string(row, 0, &label).map_err(xlsx_error)?;
            match total {
                Some(t) if t.abs() < MONEY_AS_TEXT => {
                    sheet
                        .write_number_with_format(row, 1, shown(t, 2), &money)
                        .map_err(xlsx_error)?;
                }
                Some(t) => {
                    sheet
                        .write_string(row, 1, display::grouped(t, 2))
                        .map_err(xlsx_error)?;
                }
                None => {
                    sheet
                        .write_string(row, 1, "too large to add up")
                        .map_err(xlsx_error)?;
                }
            }
            row += 1;
        }
        let mut output = output;
        self.workbook
            .save_to_writer(&mut output)
            .map_err(xlsx_error)?;
        Ok(output)
    }
}

/// The figure as the CSV shows it (rounded half to even to `places`), as the
/// float nearest that decimal text: exact to the digit shown.
fn shown(value: Decimal, places: u32) -> f64 {
    display::fixed(value, places).parse().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_a_cell() {
        let long = "é".repeat(40_000);
        let cut = fit(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with("… (cut at 32,767 characters)"));
        assert_eq!(fit("short"), "short");
    }

    #[test]
    fn money_becomes_text_at_ten_to_the_thirteenth() {
        assert_eq!(MONEY_AS_TEXT.to_string(), "10000000000000");
        // The float nearest the shown text prints back as that text.
        let x = shown(Decimal::new(999_999_999_999_999, 2), 2);
        assert_eq!(format!("{x:.2}"), "9999999999999.99");
    }
}
