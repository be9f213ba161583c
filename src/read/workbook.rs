//! Account lists kept in a workbook (`.xlsx`, `.xls`, `.ods`), read with calamine
//! (feature `spreadsheet`).
//!
//! A sheet is read as its non-empty cells, at most [`MAX_CELLS`] of them, from a
//! workbook whose parts inflate to at most [`MAX_INFLATED_BYTES`]: memory is
//! bounded whatever size the file declares. The first row of the sheet that
//! holds a cell is the header, read like a CSV header (with a column
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

use calamine::{Data, Reader};
use rust_decimal::Decimal;

use crate::error::{Error, Problem, ProblemKind, Result, Source};
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

/// The most non-empty cells a sheet may hold: 10 million (a list of 285,000
/// accounts with all 35 input columns). A sheet is read into memory as its
/// non-empty cells, whatever size the file claims; a larger one is refused.
pub const MAX_CELLS: usize = 10_000_000;

/// The most bytes a workbook's parts may inflate to, in all: 512 MiB. A zip
/// compresses repetitive XML a thousandfold; a larger workbook is refused before
/// any of it is read.
pub const MAX_INFLATED_BYTES: u64 = 512 << 20;

/// Reads accounts from the first sheet of a workbook, or the named one.
pub struct WorkbookReader {
    /// The sheet's rows holding at least one non-empty cell, after the header,
    /// each its sheet row (0-based) and its cells by column.
    rows: std::vec::IntoIter<Row>,
    layout: FlatLayout,
    /// The sheet column (0-based) of the header's first cell.
    first_col: u32,
    decimal_comma: bool,
}

/// One sheet row: its 0-based index, its non-empty cells (column and value, in
/// column order), and the columns holding a formula saved without its value.
#[derive(Default)]
struct Row {
    index: u32,
    cells: Vec<(u32, Data)>,
    formulas: Vec<u32>,
}

impl fmt::Debug for WorkbookReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkbookReader")
            .field("rows left", &self.rows.len())
            .finish_non_exhaustive()
    }
}

/// Why a workbook cannot be opened, in words that point to the fix: calamine's
/// own message for an input it cannot tell ("Cannot detect file format") says
/// nothing of an encrypted or damaged file.
fn not_a_workbook<R: Read + Seek + Clone>(mut input: R, e: &calamine::Error) -> String {
    use calamine::{Error as E, OdsError, XlsError, XlsbError, XlsxError};
    let mut magic = [0_u8; 8];
    let read = input
        .seek(std::io::SeekFrom::Start(0))
        .and_then(|_| input.read(&mut magic))
        .unwrap_or(0);
    let magic = &magic[..read];
    // An encrypted xlsx is an OLE compound file holding the encrypted package;
    // an encrypted xls says so in its stream.
    let specific = if magic.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        match calamine::open_workbook_from_rs::<calamine::Xlsx<R>, R>(input.clone()) {
            Err(XlsxError::Password) => Some(E::Xlsx(XlsxError::Password)),
            _ => calamine::open_workbook_from_rs::<calamine::Xls<R>, R>(input)
                .err()
                .map(E::Xls),
        }
    } else if magic.starts_with(b"PK") {
        match calamine::open_workbook_from_rs::<calamine::Xlsx<R>, R>(input.clone()) {
            Err(XlsxError::Zip(_) | XlsxError::FileNotFound(_)) | Ok(_) => {
                calamine::open_workbook_from_rs::<calamine::Ods<R>, R>(input)
                    .err()
                    .map(E::Ods)
            }
            Err(x) => Some(E::Xlsx(x)),
        }
    } else {
        None
    };
    let error = specific.as_ref().unwrap_or(e);
    let password = matches!(
        error,
        E::Xlsx(XlsxError::Password)
            | E::Xlsb(XlsbError::Password)
            | E::Xls(XlsError::Password)
            | E::Ods(OdsError::Password)
    );
    if password {
        "the workbook is password-protected: save it without a password".to_owned()
    } else if specific.is_some() {
        format!(
            "the input is not a workbook that can be read: it is not a readable .xlsx/.ods file (damaged or not a workbook): {error}"
        )
    } else {
        "the input is not a workbook that can be read: it is not a readable .xlsx/.ods file (damaged or not a workbook)".to_owned()
    }
}

/// Refuses a zip (xlsx, xlsb, ods) whose parts inflate to more than
/// [`MAX_INFLATED_BYTES`] in all, counting the bytes as they inflate (a part's
/// declared size may lie). An input that is not a zip is left to calamine.
fn check_inflated<R: Read + Seek>(input: R) -> Result<()> {
    let Ok(mut zip) = zip::ZipArchive::new(input) else {
        return Ok(());
    };
    let mut left = MAX_INFLATED_BYTES;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            // A damaged part: calamine says which, if the sheet needs it.
            continue;
        };
        let inflated = std::io::copy(&mut part.take(left + 1), &mut std::io::sink()).unwrap_or(0);
        if inflated > left {
            return Err(Error::unreadable(
                format!(
                    "the workbook inflates to more than {} MiB: it is refused, as it would take that much memory (save the list as CSV)",
                    MAX_INFLATED_BYTES >> 20
                ),
                None,
            ));
        }
        left -= inflated;
    }
    Ok(())
}

fn too_many_cells() -> Error {
    Error::unreadable(
        format!(
            "the sheet holds more than {MAX_CELLS} non-empty cells, the most a workbook may hold here: save the list as CSV"
        ),
        None,
    )
}

/// Collects a sheet's non-empty cells, at most [`MAX_CELLS`].
fn push_cell(cells: &mut Vec<(u32, u32, Data)>, row: u32, col: u32, value: Data) -> Result<()> {
    if matches!(value, Data::Empty) {
        return Ok(());
    }
    if cells.len() >= MAX_CELLS {
        return Err(too_many_cells());
    }
    cells.push((row, col, value));
    Ok(())
}

fn sheet_error(name: &str, e: impl std::error::Error + Send + Sync + 'static) -> Error {
    let message = format!("sheet {name:?} cannot be read: {e}");
    Error::unreadable(message, Some(Source::new(e)))
}

impl WorkbookReader {
    /// Opens a workbook (xlsx, xls, xlsb or ods, told by its content), picks the
    /// sheet and resolves its header row.
    ///
    /// Memory is bounded whatever the file claims: a sheet is read as its
    /// non-empty cells (its used range is where they are, not the size the file
    /// declares), at most [`MAX_CELLS`], and a workbook whose parts inflate to
    /// more than [`MAX_INFLATED_BYTES`] is refused.
    ///
    /// # Errors
    ///
    /// A file that is not a workbook (a renamed text file, another zip, a
    /// damaged file), a password-protected workbook, a sheet name that does not
    /// exist (the message lists the sheets), an empty sheet, a sheet or workbook
    /// past the limits above, a bad header.
    pub fn new<R: Read + Seek + Clone>(
        input: R,
        sheet: Option<&str>,
        map: &ColumnMap,
        decimal_comma: bool,
    ) -> Result<WorkbookReader> {
        check_inflated(input.clone())?;
        xml::check_ods(input.clone())?;
        let mut workbook = calamine::open_workbook_auto_from_rs(input.clone()).map_err(|e| {
            let message = not_a_workbook(input.clone(), &e);
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
        let mut cells: Vec<(u32, u32, Data)> = Vec::new();
        let mut formulas: Vec<(u32, u32)> = Vec::new();
        match &mut workbook {
            calamine::Sheets::Xlsx(xlsx) => {
                let mut reader = xlsx
                    .worksheet_cells_reader(&name)
                    .map_err(|e| sheet_error(&name, e))?;
                while let Some(cell) = reader.next_cell().map_err(|e| sheet_error(&name, e))? {
                    let (row, col) = cell.get_position();
                    push_cell(&mut cells, row, col, cell.get_value().clone().into())?;
                }
                formulas = xml::formulas_without_value(input, &name)?;
            }
            calamine::Sheets::Xlsb(xlsb) => {
                let mut reader = xlsb
                    .worksheet_cells_reader(&name)
                    .map_err(|e| sheet_error(&name, e))?;
                while let Some(cell) = reader.next_cell().map_err(|e| sheet_error(&name, e))? {
                    let (row, col) = cell.get_position();
                    push_cell(&mut cells, row, col, cell.get_value().clone().into())?;
                }
            }
            other => {
                // An .xls sheet is at most 65,536 × 256 cells; an .ods sheet's
                // size was checked from its rows before calamine expanded it.
                let range = other
                    .worksheet_range(&name)
                    .map_err(|e| sheet_error(&name, e))?;
                for (row, col, value) in range.used_cells() {
                    let (row0, col0) = range.start().unwrap_or((0, 0));
                    let (row, col) = (row0 + row as u32, col0 + col as u32);
                    push_cell(&mut cells, row, col, value.clone())?;
                }
                // A formula saved without its value (written by a program, never
                // computed) is an error of its row, as in an .xlsx.
                if matches!(other, calamine::Sheets::Ods(_)) {
                    let formulas_range = other
                        .worksheet_formula(&name)
                        .map_err(|e| sheet_error(&name, e))?;
                    let (f0, g0) = formulas_range.start().unwrap_or((0, 0));
                    for (row, col, formula) in formulas_range.used_cells() {
                        let (row, col) = (f0 + row as u32, g0 + col as u32);
                        let computed = range
                            .get_value((row, col))
                            .is_some_and(|v| !matches!(v, calamine::Data::Empty));
                        if !formula.is_empty() && !computed {
                            formulas.push((row, col));
                        }
                    }
                }
            }
        }
        drop(workbook);
        cells.sort_by_key(|&(row, col, _)| (row, col));
        formulas.sort_unstable();
        let first_col = cells
            .iter()
            .map(|&(_, col, _)| col)
            .chain(formulas.iter().map(|&(_, col)| col))
            .min()
            .unwrap_or(0);
        let mut rows = group(cells, formulas);
        if rows.is_empty() {
            return Err(Error::unreadable(
                format!("sheet {name:?} is empty: it needs a header row"),
                None,
            ));
        }
        let header_row = rows.remove(0);
        let mut header: Vec<String> = Vec::new();
        for (col, value) in &header_row.cells {
            let at = (col - first_col) as usize;
            header.resize(at, String::new());
            header.push(cell_text(value, false));
        }
        // Trailing empty header cells (a sheet formatted wider than its data) are
        // not columns.
        let width = header
            .iter()
            .rposition(|h| !h.trim().is_empty())
            .map_or(0, |i| i + 1);
        let layout = FlatLayout::with_columns(&header[..width], map, decimal_comma)?;
        Ok(WorkbookReader {
            rows: rows.into_iter(),
            layout,
            first_col,
            decimal_comma,
        })
    }
}

/// The cells grouped by row, in sheet order.
fn group(cells: Vec<(u32, u32, Data)>, formulas: Vec<(u32, u32)>) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut formulas = formulas.into_iter().peekable();
    let mut take_formulas = |rows: &mut Vec<Row>, upto: Option<u32>| {
        while let Some(&(row, col)) = formulas.peek() {
            if upto.is_some_and(|u| row > u) {
                break;
            }
            formulas.next();
            match rows.last_mut() {
                Some(last) if last.index == row => last.formulas.push(col),
                _ => rows.push(Row {
                    index: row,
                    cells: Vec::new(),
                    formulas: vec![col],
                }),
            }
        }
    };
    for (row, col, value) in cells {
        take_formulas(&mut rows, Some(row.saturating_sub(1)));
        match rows.last_mut() {
            Some(last) if last.index == row => last.cells.push((col, value)),
            _ => rows.push(Row {
                index: row,
                cells: vec![(col, value)],
                formulas: Vec::new(),
            }),
        }
        take_formulas(&mut rows, Some(row));
    }
    take_formulas(&mut rows, None);
    rows
}

/// The name of a 0-based sheet column: `A`, `Z`, `AA`, `XFD`.
fn column_name(col: u32) -> String {
    let mut name = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + u8::try_from(rem).unwrap_or(0));
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

impl Iterator for WorkbookReader {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        let width = self.layout.column_count();
        loop {
            let row = self.rows.next()?;
            let line = u64::from(row.index) + 1;
            let blank = row
                .cells
                .iter()
                .all(|(_, c)| cell_text(c, self.decimal_comma).trim().is_empty());
            if blank && row.formulas.is_empty() {
                continue;
            }
            // A row is cut to the header, unless it has cells beyond it.
            let last = row
                .cells
                .iter()
                .map(|&(col, _)| (col - self.first_col) as usize + 1)
                .max()
                .unwrap_or(0);
            let mut cells = vec![String::new(); width.max(last)];
            for (col, value) in &row.cells {
                cells[(col - self.first_col) as usize] = cell_text(value, self.decimal_comma);
            }
            let spill = cells[width..].iter().any(|c| !c.trim().is_empty());
            if !spill {
                cells.truncate(width);
            }
            let mut flat = self.layout.read(&cells);
            for col in row.formulas {
                let field = self
                    .layout
                    .path((col - self.first_col) as usize)
                    .unwrap_or("a cell");
                flat.problems.push(Problem::new(
                    field,
                    ProblemKind::FormulaWithoutValue {
                        cell: format!("{}{line}", column_name(col)),
                    },
                ));
            }
            return Some(Ok(
                Record::new(line, flat.validate()).with_warnings(flat.warnings)
            ));
        }
    }
}

/// The sheet's XML read directly, for what calamine's cell reader does not say.
mod xml {
    use std::io::{BufReader, Read, Seek};

    use quick_xml::Reader;
    use quick_xml::events::Event;

    use crate::error::{Error, Result};

    /// The first sheet XML part named `name` in the workbook's relationships.
    fn sheet_path<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
        let mut id = None;
        each_element(zip, "xl/workbook.xml", |tag, attrs| {
            if tag == b"sheet" && attr(attrs, b"name").as_deref() == Some(name) {
                id = attr(attrs, b"id");
            }
        })?;
        let id = id?;
        let mut target = None;
        each_element(zip, "xl/_rels/workbook.xml.rels", |tag, attrs| {
            if tag == b"Relationship" && attr(attrs, b"Id").as_deref() == Some(id.as_str()) {
                target = attr(attrs, b"Target");
            }
        })?;
        let target = target?;
        Some(match target.strip_prefix('/') {
            Some(absolute) => absolute.to_owned(),
            None => format!("xl/{target}"),
        })
    }

    type Attrs<'a> = quick_xml::events::attributes::Attributes<'a>;

    /// The value of an attribute by its local name.
    fn attr(attrs: &Attrs<'_>, key: &[u8]) -> Option<String> {
        attrs
            .clone()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == key)
            .map(|a| String::from_utf8_lossy(&a.value).into_owned())
    }

    /// Calls `f` with each element's local name and attributes.
    fn each_element<R: Read + Seek>(
        zip: &mut zip::ZipArchive<R>,
        part: &str,
        mut f: impl FnMut(&[u8], &Attrs<'_>),
    ) -> Option<()> {
        let file = zip.by_name(part).ok()?;
        let mut reader = Reader::from_reader(BufReader::new(file));
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf).ok()? {
                Event::Start(e) | Event::Empty(e) => {
                    f(e.local_name().as_ref(), &e.attributes());
                }
                Event::Eof => return Some(()),
                _ => {}
            }
            buf.clear();
        }
    }

    /// The cells (row, column, 0-based) of the sheet `name` that hold a formula
    /// but no computed value; none when the parts cannot be found (calamine has
    /// read the sheet, so the workbook is sound).
    pub(super) fn formulas_without_value<R: Read + Seek>(
        input: R,
        name: &str,
    ) -> Result<Vec<(u32, u32)>> {
        let Ok(mut zip) = zip::ZipArchive::new(input) else {
            return Ok(Vec::new());
        };
        let Some(path) = sheet_path(&mut zip, name) else {
            return Ok(Vec::new());
        };
        let Ok(file) = zip.by_name(&path) else {
            return Ok(Vec::new());
        };
        let mut reader = Reader::from_reader(BufReader::new(file));
        let mut buf = Vec::new();
        let mut found = Vec::new();
        let (mut row, mut col) = (0_u32, 0_u32);
        // Inside a cell: whether it has a formula, and whether a value.
        let mut cell: Option<(bool, bool)> = None;
        let mut in_value = false;
        loop {
            let event = reader.read_event_into(&mut buf).map_err(|e| {
                Error::unreadable(format!("sheet {name:?} cannot be read: {e}"), None)
            })?;
            match event {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                    if let Some(r) = attr(&e.attributes(), b"r").and_then(|r| r.parse::<u32>().ok())
                    {
                        row = r.saturating_sub(1);
                    }
                    col = 0;
                }
                Event::End(e) if e.local_name().as_ref() == b"row" => {
                    row = row.saturating_add(1);
                    col = 0;
                }
                Event::Start(e) if e.local_name().as_ref() == b"c" => {
                    if let Some((r, c)) = attr(&e.attributes(), b"r").and_then(|r| position(&r)) {
                        (row, col) = (r, c);
                    }
                    cell = Some((false, false));
                }
                Event::Empty(e) if e.local_name().as_ref() == b"c" => {
                    if let Some((r, c)) = attr(&e.attributes(), b"r").and_then(|r| position(&r)) {
                        (row, col) = (r, c);
                    }
                    col = col.saturating_add(1);
                }
                Event::End(e) if e.local_name().as_ref() == b"c" => {
                    if cell == Some((true, false)) {
                        if found.len() >= super::MAX_CELLS {
                            return Err(super::too_many_cells());
                        }
                        found.push((row, col));
                    }
                    cell = None;
                    col = col.saturating_add(1);
                }
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"f" => {
                    if let Some(c) = &mut cell {
                        c.0 = true;
                    }
                }
                Event::Start(e) if matches!(e.local_name().as_ref(), b"v" | b"is") => {
                    in_value = true;
                }
                Event::End(e) if matches!(e.local_name().as_ref(), b"v" | b"is") => {
                    in_value = false;
                }
                Event::Text(t) if in_value && !t.is_empty() => {
                    if let Some(c) = &mut cell {
                        c.1 = true;
                    }
                }
                Event::End(e) if e.local_name().as_ref() == b"sheetData" => break,
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(found)
    }

    /// Refuses an OpenDocument spreadsheet whose sheets' used ranges (from the
    /// first row holding a value to the last, repeated rows counted, as wide as
    /// the widest such row) hold more than [`MAX_CELLS`](super::MAX_CELLS) cells
    /// in all: calamine expands every sheet of an .ods into a full grid when it
    /// opens the file, so the rows' own claims are counted first. Rows of empty
    /// cells after the last value (as a spreadsheet saves its unused rows) cost
    /// nothing.
    pub(super) fn check_ods<R: Read + Seek>(input: R) -> Result<()> {
        const MAX_ROWS: u64 = 1_048_576;
        const MAX_COLUMNS: u64 = 16_384;
        let Ok(mut zip) = zip::ZipArchive::new(input) else {
            return Ok(());
        };
        if zip.by_name("xl/workbook.xml").is_ok() {
            return Ok(());
        }
        let Ok(file) = zip.by_name("content.xml") else {
            return Ok(());
        };
        let repeats = |e: &quick_xml::events::BytesStart<'_>, key: &[u8], max: u64| {
            attr(&e.attributes(), key)
                .and_then(|r| r.parse::<u64>().ok())
                .unwrap_or(1)
                .clamp(1, max)
        };
        let mut reader = Reader::from_reader(BufReader::new(file));
        let mut buf = Vec::new();
        let mut total = 0_u64;
        // The sheet: rows so far, first and end of the rows holding values, widest.
        let (mut rows, mut first, mut end, mut width) = (0_u64, None::<u64>, 0_u64, 0_u64);
        // The row: its repeats, the column reached, the end of its last value.
        let (mut row_repeats, mut col, mut row_end) = (1_u64, 0_u64, 0_u64);
        let refuse = || {
            Error::unreadable(
                format!(
                    "the workbook's sheets span more than {} cells from their first value to their last: save the list as CSV",
                    super::MAX_CELLS
                ),
                None,
            )
        };
        loop {
            let event = reader.read_event_into(&mut buf).map_err(|e| {
                Error::unreadable(
                    format!("the input is not a workbook that can be read: it is not a readable .xlsx/.ods file (damaged or not a workbook): {e}"),
                    None,
                )
            })?;
            match event {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"table" => {
                    (rows, first, end, width) = (0, None, 0, 0);
                }
                Event::End(e) if e.local_name().as_ref() == b"table" => {
                    if let Some(first) = first {
                        total = total.saturating_add((end - first).saturating_mul(width));
                        if total > super::MAX_CELLS as u64 {
                            return Err(refuse());
                        }
                    }
                }
                Event::Start(e) if e.local_name().as_ref() == b"table-row" => {
                    row_repeats = repeats(&e, b"number-rows-repeated", MAX_ROWS);
                    row_repeats = row_repeats.min(MAX_ROWS.saturating_sub(rows));
                    (col, row_end) = (0, 0);
                }
                Event::End(e) if e.local_name().as_ref() == b"table-row" => {
                    if row_end > 0 {
                        first.get_or_insert(rows);
                        end = rows + row_repeats;
                        width = width.max(row_end);
                        let first = first.unwrap_or(rows);
                        if (end - first).saturating_mul(width) > super::MAX_CELLS as u64 {
                            return Err(refuse());
                        }
                    }
                    rows += row_repeats;
                }
                Event::Start(e) | Event::Empty(e)
                    if matches!(
                        e.local_name().as_ref(),
                        b"table-cell" | b"covered-table-cell"
                    ) =>
                {
                    let n = repeats(&e, b"number-columns-repeated", MAX_COLUMNS);
                    let valued = attr(&e.attributes(), b"value-type").is_some();
                    col = (col + n).min(MAX_COLUMNS);
                    if valued {
                        row_end = col;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(())
    }

    /// `D2` as (1, 3), 0-based.
    fn position(reference: &str) -> Option<(u32, u32)> {
        let split = reference.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = reference.split_at(split);
        let mut col = 0_u32;
        for b in letters.bytes() {
            if !b.is_ascii_uppercase() {
                return None;
            }
            col = col.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1)?;
        }
        let row: u32 = digits.parse().ok()?;
        Some((row.checked_sub(1)?, col.checked_sub(1)?))
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
