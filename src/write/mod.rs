//! Writers for results, generic over [`std::io::Write`] (feature `io`): the
//! result CSV of the model, and the same row as a JSON object.
//!
//! ```
//! use keyaccount::read::{self, Format, ReadOptions};
//! use keyaccount::write::CsvWriter;
//! use keyaccount::{Policy, score};
//!
//! let csv = "id,currency,stage,revenue.annual,revenue.gross_margin\nA-1,EUR,active,1200000,0.30\n";
//! let records = read::records(csv.as_bytes(), Format::Csv, &ReadOptions::default())?;
//! let mut out = CsvWriter::new(Vec::new());
//! for scored in score(records, &Policy::default()) {
//!     out.write(&scored?.result)?;
//! }
//! let text = String::from_utf8(out.into_inner()?).unwrap_or_default();
//! assert!(text.starts_with("id,name,currency,stage,verdict,value,"));
//! assert!(text.contains("\nA-1,,EUR,active,retain,"));
//! # Ok::<(), keyaccount::Error>(())
//! ```

#[cfg(feature = "spreadsheet")]
mod xlsx;

use std::fmt;
use std::io::Write;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::error::{Error, Result, Source};
use crate::flat::{Cell, CellRef, RESULT_COLUMNS, error_cells};
use crate::sensitivity::Sensitivity;
use crate::valuation::Schedule;
use crate::verdict::Evaluation;

#[cfg(feature = "spreadsheet")]
pub use self::xlsx::{MAX_CELL_CHARS, MAX_ROWS, XlsxWriter};

/// An example value for each input column, for templates: one realistic active
/// account (a Russian steel holding, in euros).
const EXAMPLE: &[(&str, &str)] = &[
    ("id", "EXAMPLE"),
    ("name", "Example steel holding (overwrite this row)"),
    ("currency", "EUR"),
    ("stage", "active"),
    ("revenue.annual", "4200000"),
    ("revenue.growth", "0.03"),
    ("revenue.gross_margin", "0.27"),
    ("revenue.concession", "0.13"),
    ("revenue.price_down", "0.02"),
    ("revenue.cost_down", "0.01"),
    ("revenue.rebate", "0.02"),
    ("revenue.rebate_probability", "0.7"),
    ("revenue.rebate_days", "90"),
    ("revenue.scale_savings", "60000"),
    ("cost_to_serve.account_team", "240000"),
    ("cost_to_serve.service", "130000"),
    ("cost_to_serve.inflation", "0.03"),
    ("payment.terms_days", "90"),
    ("payment.delay_days", "25"),
    ("payment.default_rate", "0.01"),
    ("risk.ownership_change", "0.06"),
    ("risk.management_change", "0.08"),
    ("risk.competitor_displacement", "0.10"),
    ("risk.termination_compensation", "0.25"),
    ("relationship.user", "covered"),
    ("relationship.final_decision", "uncovered"),
    ("relationship.legal", "absent"),
    ("reference.annual_value", "43000"),
    ("contract.term_years", "3"),
    ("contract.years_elapsed", "1"),
    ("contract.retender_probability", "0.5"),
    ("contract.retender_cost", "25000"),
    ("events", "18:ownership_change:0.3"),
    ("release.stranded_cost", "120000"),
    ("release.stranded_years", "1"),
];

/// The template's two rows: every input column, and the example's value in each.
fn template_rows() -> (Vec<&'static str>, Vec<&'static str>) {
    let header: Vec<&'static str> = crate::flat::input_columns().collect();
    let example = header
        .iter()
        .map(|column| {
            EXAMPLE
                .iter()
                .find(|(c, _)| c == column)
                .map_or("", |(_, v)| *v)
        })
        .collect();
    (header, example)
}

/// Writes an empty account list as CSV: every column, and one example row (id
/// `EXAMPLE`) to overwrite.
///
/// # Errors
///
/// The output's I/O error.
pub fn template_csv<W: Write>(output: W) -> Result<W> {
    let (header, example) = template_rows();
    let mut writer = csv::Writer::from_writer(output);
    writer.write_record(&header).map_err(csv_error)?;
    writer.write_record(&example).map_err(csv_error)?;
    writer
        .into_inner()
        .map_err(|e| Error::io(std::io::Error::new(e.error().kind(), e.error().to_string())))
}

/// Writes an empty account list as an `.xlsx` workbook: every column, and one
/// example row to overwrite, numbers as numbers.
///
/// # Errors
///
/// The output's I/O error, or the writer crate's.
#[cfg(feature = "spreadsheet")]
pub fn template_xlsx<W: Write + std::io::Seek + Send>(output: W) -> Result<W> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| {
        Error::unreadable(
            format!("the template could not be written: {e}"),
            Some(crate::error::Source::new(e)),
        )
    };
    let (header, example) = template_rows();
    let mut workbook = Workbook::new();
    xlsx::usable_temp_dir(&mut workbook, None)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("accounts").map_err(fail)?;
    let bold = Format::new().set_bold();
    for (col, (name, value)) in header.iter().zip(&example).enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet
            .write_string_with_format(0, col, *name, &bold)
            .map_err(fail)?;
        sheet.set_column_width(col, 16.0).map_err(fail)?;
        match value.parse::<f64>() {
            Ok(number) if !value.is_empty() && crate::columns::is_number_field(name) => {
                sheet.write_number(1, col, number).map_err(fail)?;
            }
            _ => {
                sheet.write_string(1, col, *value).map_err(fail)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    let mut output = output;
    workbook.save_to_writer(&mut output).map_err(fail)?;
    Ok(output)
}

/// `id` and `name`, the cells whose text comes from the user.
const TEXT_COLUMNS: usize = 2;

/// Whether a spreadsheet would read the text as a formula.
fn could_run(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(io),
        other => Error::unreadable(format!("the result could not be written: {other:?}"), None),
    }
}

/// Writes the result CSV: the header of [`RESULT_COLUMNS`], then one row per
/// result, money with 2 decimals, rates with 4, an absent figure empty, and for
/// an error the id, name and currency (where known), verdict `error` and the
/// message with its line.
///
/// A text cell (`id`, `name`) that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is written with a leading `'`, so that a spreadsheet shows it as
/// text and never runs it as a formula.
pub struct CsvWriter<W: Write> {
    writer: csv::Writer<W>,
    header_written: bool,
    row: Vec<String>,
}

impl<W: Write> fmt::Debug for CsvWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CsvWriter")
            .field("header_written", &self.header_written)
            .finish_non_exhaustive()
    }
}

impl<W: Write> CsvWriter<W> {
    /// A writer to `output`; the header is written with the first row, or by
    /// [`CsvWriter::write_header`].
    pub fn new(output: W) -> CsvWriter<W> {
        CsvWriter {
            writer: csv::WriterBuilder::new()
                .buffer_capacity(1 << 16)
                .from_writer(output),
            header_written: false,
            row: vec![String::new(); RESULT_COLUMNS.len()],
        }
    }

    /// A writer of result rows alone, with no header: for the parts of one
    /// result CSV formatted on several threads and joined in order (see
    /// `score_parallel_map`, feature `parallel`). Such a writer never writes the
    /// header, not even from [`CsvWriter::write_header`] or
    /// [`CsvWriter::into_inner`].
    pub fn rows_only(output: W) -> CsvWriter<W> {
        CsvWriter {
            header_written: true,
            ..CsvWriter::new(output)
        }
    }

    /// Writes the header, unless it was written already.
    ///
    /// # Errors
    ///
    /// The output's I/O error (a closed pipe, a full disk).
    pub fn write_header(&mut self) -> Result<()> {
        if !self.header_written {
            self.writer
                .write_record(RESULT_COLUMNS)
                .map_err(csv_error)?;
            self.header_written = true;
        }
        Ok(())
    }

    /// Writes one result row.
    ///
    /// # Errors
    ///
    /// The output's I/O error (a closed pipe, a full disk).
    pub fn write(&mut self, result: &Result<Evaluation>) -> Result<()> {
        self.write_header()?;
        // Straight from the evaluation into the row's buffers.
        let owned;
        let cells = match result {
            Ok(evaluation) => evaluation.cell_refs(),
            Err(error) => {
                owned = error_cells(error);
                owned.each_ref().map(Cell::borrowed)
            }
        };
        for (i, (text, cell)) in self.row.iter_mut().zip(cells).enumerate() {
            text.clear();
            if i < TEXT_COLUMNS && matches!(cell, CellRef::Text(t) if could_run(t)) {
                text.push('\'');
            }
            cell.write_rounded(text);
        }
        self.writer.write_record(&self.row).map_err(csv_error)
    }

    /// Writes what is buffered.
    ///
    /// # Errors
    ///
    /// The output's I/O error.
    pub fn flush(&mut self) -> Result<()> {
        self.writer.flush().map_err(Error::io)
    }

    /// Writes the header if no row was written, flushes, and hands back the output.
    ///
    /// # Errors
    ///
    /// The output's I/O error.
    pub fn into_inner(mut self) -> Result<W> {
        self.write_header()?;
        self.writer
            .into_inner()
            .map_err(|e| Error::io(std::io::Error::new(e.error().kind(), e.error().to_string())))
    }
}

/// Writes results as JSON, one object a line: for an evaluation, the object its
/// `Serialize` writes (see [`Evaluation`]: `"model": "3"` first, the result
/// CSV's columns in order, figures as strings at full precision, absent figures
/// and `error` as `null`, `warnings` as a list, then `delay_factor`, `drivers`
/// and the figures the result CSV leaves out), followed by the sensitivity table
/// and the yearly schedule when given. For an error, the same keys: its id, name
/// and currency where they could be read, verdict `error`, the message in
/// `error`, and `null` (or an empty list) everywhere else. Text is written as it
/// is.
#[derive(Debug)]
pub struct JsonWriter<W: Write> {
    output: W,
}

impl<W: Write> JsonWriter<W> {
    /// A writer to `output`.
    pub fn new(output: W) -> JsonWriter<W> {
        JsonWriter { output }
    }

    /// Writes one result as a JSON object and a newline.
    ///
    /// # Errors
    ///
    /// The output's I/O error.
    pub fn write(&mut self, result: &Result<Evaluation>) -> Result<()> {
        self.write_with(result, None, None)
    }

    /// Writes one result with its sensitivity table (`sensitivity`, a list of
    /// `{input, minus, plus, swing}`) and its yearly schedule (`schedule`, a list of
    /// the yearly rows), each when given.
    ///
    /// # Errors
    ///
    /// The output's I/O error.
    pub fn write_with(
        &mut self,
        result: &Result<Evaluation>,
        sensitivity: Option<&Sensitivity>,
        schedule: Option<&Schedule>,
    ) -> Result<()> {
        let row = JsonRow {
            result,
            sensitivity,
            schedule,
        };
        serde_json::to_writer(&mut self.output, &row).map_err(|e| {
            if e.is_io() {
                Error::io(std::io::Error::from(e))
            } else {
                Error::unreadable("the result could not be written", Some(Source::new(e)))
            }
        })?;
        self.output.write_all(b"\n").map_err(Error::io)
    }

    /// Flushes and hands back the output.
    ///
    /// # Errors
    ///
    /// The output's I/O error.
    pub fn into_inner(mut self) -> Result<W> {
        self.output.flush().map_err(Error::io)?;
        Ok(self.output)
    }
}

struct JsonRow<'a> {
    result: &'a Result<Evaluation>,
    sensitivity: Option<&'a Sensitivity>,
    schedule: Option<&'a Schedule>,
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        crate::shape::entries(&mut map, self.result.as_ref())?;
        if let Some(table) = self.sensitivity {
            map.serialize_entry("sensitivity", &table.rows)?;
        }
        if let Some(schedule) = self.schedule {
            map.serialize_entry("schedule", &schedule.years)?;
        }
        map.end()
    }
}
