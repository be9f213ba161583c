//! The CSV list reader, with physical line numbers.
//!
//! The csv crate's `Position::line` counts the lines it has parsed, but it lags by
//! one after a CRLF terminator (BurntSushi/rust-csv#395) and reports where the
//! previous record ended rather than where this one starts when blank lines sit
//! between them. Its byte offset is exact, so this reader notes the offset of
//! every line-ending byte as the bytes pass and maps each record's offset to the
//! line where it starts: CRLF, quoted newlines and blank lines all count as a
//! spreadsheet user would count them.

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read};
use std::sync::Arc;

use crate::error::{Error, Problem, ProblemKind, Result, Source};
use crate::flat::FlatLayout;
use crate::portfolio::Record;

use super::{ReadOptions, not_utf8};

/// Notes where line-ending bytes pass, so that a record's byte offset maps to its
/// physical line. A line ends at `\n`, at `\r\n`, or at a `\r` alone (the
/// "CSV (Macintosh)" export of older spreadsheets).
#[derive(Default)]
struct Counting<R> {
    inner: R,
    /// Offsets of `\r` and `\n` bytes not yet passed, with `true` for `\n`.
    pending: VecDeque<(u64, bool)>,
    /// Newlines already passed.
    passed: u64,
    /// Bytes read so far (skipped ones included).
    read: u64,
    /// The longest record, in bytes.
    limit: u64,
    /// Where the record being read starts.
    record_start: u64,
    /// Whether the record being read passed the limit: the csv reader has been
    /// given an end of input, and the rest of the line is still to skip.
    cut: bool,
    /// Bytes read past a skipped line's end, for the next csv reader.
    carry: Vec<u8>,
}

impl<R> Counting<R> {
    /// The 1-based line where the record reported at `offset` starts. The csv
    /// reader reports a record from the end of the previous one, so the line
    /// endings and blank lines at `offset` are skipped. Offsets must not decrease.
    fn line_of(&mut self, offset: u64) -> u64 {
        let mut cursor = offset;
        while let Some(&(at, newline)) = self.pending.front() {
            if at > cursor {
                break;
            }
            if at == cursor {
                cursor += 1;
            }
            self.pending.pop_front();
            // A `\r` ends a line unless a `\n` follows it at once; the byte after
            // it has been read, since the record that follows starts after it.
            let crlf = !newline
                && self
                    .pending
                    .front()
                    .is_some_and(|&(next, lf)| lf && next == at + 1);
            self.passed += u64::from(newline || !crlf);
        }
        self.passed + 1
    }
}

impl<R: Read> Counting<R> {
    fn new(inner: R, limit: u64) -> Counting<R> {
        Counting {
            inner,
            pending: VecDeque::new(),
            passed: 0,
            read: 0,
            limit,
            record_start: 0,
            cut: false,
            carry: Vec::new(),
        }
    }

    /// Notes the line endings among bytes passed at offset `base`.
    fn note(&mut self, base: u64, bytes: &[u8]) {
        for (i, b) in bytes.iter().enumerate() {
            if matches!(b, b'\r' | b'\n') {
                self.pending.push_back((base + i as u64, *b == b'\n'));
            }
        }
    }

    /// Skips the rest of a record cut at the limit, up to and including the
    /// next `\n`; `false` at the end of the input.
    fn skip_line(&mut self) -> io::Result<bool> {
        let mut chunk = vec![0_u8; 1 << 16];
        loop {
            let n = if self.carry.is_empty() {
                match self.inner.read(&mut chunk) {
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            } else {
                let n = self.carry.len();
                chunk[..n].copy_from_slice(&self.carry);
                self.carry.clear();
                n
            };
            if n == 0 {
                return Ok(false);
            }
            if let Some(at) = chunk[..n].iter().position(|b| *b == b'\n') {
                self.pending.push_back((self.read + at as u64, true));
                self.read += at as u64 + 1;
                self.carry.extend_from_slice(&chunk[at + 1..n]);
                self.cut = false;
                self.record_start = self.read;
                return Ok(true);
            }
            self.read += n as u64;
        }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.cut {
            return Ok(0);
        }
        let allowed = (self.record_start.saturating_add(self.limit)).saturating_sub(self.read);
        if allowed == 0 {
            // The record passed the limit: the csv reader sees the input end here.
            self.cut = true;
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(allowed).unwrap_or(usize::MAX));
        let n = if self.carry.is_empty() {
            self.inner.read(&mut buf[..want])?
        } else {
            let n = want.min(self.carry.len());
            buf[..n].copy_from_slice(&self.carry[..n]);
            self.carry.drain(..n);
            n
        };
        let base = self.read;
        self.note(base, &buf[..n]);
        self.read += n as u64;
        Ok(n)
    }
}

/// Reads accounts from CSV: one account a row under a header of the model's
/// dotted paths (see [`FlatLayout`]). A UTF-8 byte-order mark, CRLF line endings,
/// quoted cells with newlines and blank lines are all read as a spreadsheet writes
/// them; each record's line is the physical line where it starts (the header is
/// line 1).
pub struct CsvReader<R> {
    /// Always present, but while a new csv reader replaces one.
    reader: Option<csv::Reader<Counting<R>>>,
    layout: FlatLayout,
    record: csv::ByteRecord,
    done: bool,
    /// The input offset where the current csv reader started (a record cut at
    /// the line limit starts a new one after the line).
    base: u64,
    delimiter: u8,
    /// The longest record, in bytes.
    limit: u64,
    /// Whether the row last read was cut at the line limit.
    overlong: bool,
}

impl<R> fmt::Debug for CsvReader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CsvReader")
            .field("layout", &self.layout)
            .finish_non_exhaustive()
    }
}

impl<R: Read> CsvReader<R> {
    /// Reads the header and resolves it.
    ///
    /// # Errors
    ///
    /// An empty input (`the input is empty: it needs a header line`), a header
    /// with unknown, repeated or missing columns (every problem listed), an I/O
    /// error.
    pub fn new(input: R, options: &ReadOptions) -> Result<CsvReader<R>> {
        let counting = Counting::new(input, options.max_line_bytes.max(1));
        let mut reader = csv_reader(counting, options.delimiter);
        let mut record = csv::ByteRecord::new();
        let read = reader.read_byte_record(&mut record).map_err(csv_error)?;
        if reader.get_ref().cut {
            return Err(Error::unreadable(
                format!(
                    "the header line is longer than {} bytes, the longest a line may be",
                    options.max_line_bytes
                ),
                None,
            ));
        }
        if !read {
            return Err(Error::unreadable(
                "the input is empty: it needs a header line",
                None,
            ));
        }
        if utf16(&record) {
            return Err(Error::unreadable(
                "the file is saved as UTF-16: save it as UTF-8 (CSV UTF-8)",
                None,
            ));
        }
        let header: Vec<String> = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        let layout = FlatLayout::with_columns(&header, &options.columns, options.decimal_comma)
            .map_err(|e| other_delimiter(e, &header, options.delimiter))?;
        let start = reader.position().byte();
        reader.get_mut().record_start = start;
        Ok(CsvReader {
            reader: Some(reader),
            layout,
            record,
            done: false,
            base: 0,
            delimiter: options.delimiter,
            limit: options.max_line_bytes,
            overlong: false,
        })
    }

    /// The resolved header.
    pub fn layout(&self) -> &FlatLayout {
        &self.layout
    }
}

fn csv_reader<R: Read>(counting: Counting<R>, delimiter: u8) -> csv::Reader<Counting<R>> {
    csv::ReaderBuilder::new()
        // Large reads: a long list is read in a tenth of the system calls of
        // the default 8 KiB.
        .buffer_capacity(1 << 16)
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(counting)
}

/// Whether a header was saved as UTF-16 (a byte-order mark, or NUL bytes
/// between the letters).
fn utf16(header: &csv::ByteRecord) -> bool {
    let bytes = header.as_slice();
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || bytes.contains(&0)
}

/// A header refused because it was read with the wrong delimiter: a column
/// whose name holds known field names joined by `;`, a tab or `|` says which
/// delimiter to read the file with instead of "is not a known field".
fn other_delimiter(error: Error, header: &[String], delimiter: u8) -> Error {
    let crate::ErrorKind::InvalidHeader { problems } = error.kind() else {
        return error;
    };
    let joined = |name: &str| {
        [';', '\t', '|']
            .into_iter()
            .filter(|d| *d as u32 != u32::from(delimiter))
            .find(|d| {
                let parts: Vec<&str> = name.split(*d).map(str::trim).collect();
                parts.len() >= 2
                    && (header.len() == 1
                        || parts
                            .iter()
                            .filter(|p| {
                                crate::flat::input_columns().any(|c| c.eq_ignore_ascii_case(p))
                            })
                            .count()
                            >= 2)
            })
    };
    // Only the (few) columns that hold another delimiter are looked at.
    let joined: Vec<(String, char)> = header
        .iter()
        .filter_map(|h| {
            let h = h.trim_start_matches('\u{feff}').trim();
            joined(h).map(|d| (crate::validate::quote(h), d))
        })
        .take(100)
        .collect();
    if joined.is_empty() {
        return error;
    }
    let mut changed = false;
    let problems: Vec<Problem> = problems
        .iter()
        .map(|p| {
            let found = joined.iter().find(|(name, _)| name == p.field());
            match (p.kind(), found) {
                (ProblemKind::UnknownField { .. }, Some((_, d))) => {
                    changed = true;
                    Problem::new(p.field(), ProblemKind::OtherDelimiter { delimiter: *d })
                }
                _ => p.clone(),
            }
        })
        .collect();
    if changed {
        Error::new(crate::ErrorKind::InvalidHeader { problems })
    } else {
        error
    }
}

/// The csv crate's error as the crate's: I/O stays I/O; anything else (which a
/// flexible byte reader does not produce) stops the reading.
fn csv_error(e: csv::Error) -> Error {
    if e.is_io_error() {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => Error::io(io),
            _ => Error::unreadable("the input could not be read", None),
        }
    } else {
        let message = format!("the input could not be read: {e}");
        Error::unreadable(message, Some(Source::new(e)))
    }
}

/// A CSV row read but not yet interpreted: its cells as bytes, to be read and
/// validated on whichever thread scores it (see
/// `score_parallel`, feature `parallel`).
#[derive(Clone, Debug)]
pub struct PendingRow {
    line: u64,
    cells: csv::ByteRecord,
    layout: Arc<FlatLayout>,
    /// The line limit the row passed, if it did.
    overlong: Option<u64>,
}

impl PendingRow {
    /// The row as a record: its cells read through the header and validated.
    #[must_use]
    pub fn into_record(self) -> Record {
        match self.overlong {
            Some(limit) => overlong(self.line, limit),
            None => read_row(&self.layout, &self.cells, self.line),
        }
    }
}

/// The record of a row longer than the line limit.
fn overlong(line: u64, limit: u64) -> Record {
    Record::new(
        line,
        Err(Error::unreadable(
            format!(
                "the record is longer than {limit} bytes, the longest a line may be: it was skipped up to the end of its line"
            ),
            None,
        )),
    )
}

/// A row's cells read through the header and validated. The row's bytes are
/// checked as UTF-8 at once, then each cell is a slice of that text; a cell that
/// does not begin and end on a character boundary is not UTF-8 by itself.
fn read_row(layout: &FlatLayout, cells: &csv::ByteRecord, line: u64) -> Record {
    let text = std::str::from_utf8(cells.as_slice()).ok().filter(|text| {
        (0..cells.len()).all(|i| {
            cells.range(i).is_some_and(|cell| {
                text.is_char_boundary(cell.start) && text.is_char_boundary(cell.end)
            })
        })
    });
    if let Some(text) = text {
        let cell = |i| cells.range(i).and_then(|r| text.get(r)).unwrap_or_default();
        let flat = layout.read((0..cells.len()).map(cell));
        Record::new(line, flat.validate()).with_warnings(flat.warnings)
    } else {
        // Each cell read as far as it can be, so that the error keeps the id and
        // currency; the cells that are not UTF-8 are the problems.
        let texts: Vec<std::borrow::Cow<'_, str>> =
            cells.iter().map(String::from_utf8_lossy).collect();
        let mut flat = layout.read(&texts);
        for (i, cell) in cells.iter().enumerate() {
            if std::str::from_utf8(cell).is_err() {
                let field = layout.path(i).unwrap_or("a cell");
                flat.problems
                    .push(Problem::new(field, ProblemKind::NotUtf8));
            }
        }
        if flat.problems.is_empty() {
            return not_utf8(line);
        }
        Record::new(line, flat.validate())
    }
}

#[cfg(feature = "parallel")]
impl crate::portfolio::IntoRecord for PendingRow {
    fn into_record(self) -> Record {
        PendingRow::into_record(self)
    }
}

impl<R: Read> CsvReader<R> {
    /// The rows still to read, each left for the scoring thread to interpret:
    /// the reading thread only splits the CSV and counts lines.
    pub fn pending(self) -> Pending<R> {
        Pending {
            layout: Arc::new(self.layout.clone()),
            reader: self,
        }
    }

    /// Reads the next row into `self.record` and gives its line, `None` at the
    /// end; a row cut at the line limit sets `self.overlong`.
    fn next_row(&mut self) -> Option<Result<u64>> {
        if self.done {
            return None;
        }
        self.overlong = false;
        let reader = self.reader.as_mut()?;
        let read = match reader.read_byte_record(&mut self.record) {
            Ok(read) => read,
            Err(e) => {
                self.done = true;
                return Some(Err(csv_error(e)));
            }
        };
        if reader.get_ref().cut {
            // The row passed the limit: its line is where it started; the rest
            // of its line is skipped and a new csv reader goes on after it.
            let start = reader.get_ref().record_start;
            let line = reader.get_mut().line_of(start);
            let more = match reader.get_mut().skip_line() {
                Ok(more) => more,
                Err(e) => {
                    self.done = true;
                    return Some(Err(Error::io(e)));
                }
            };
            self.restart();
            self.done = !more;
            self.overlong = true;
            return Some(Ok(line));
        }
        if !read {
            self.done = true;
            return None;
        }
        let offset = self.base + self.record.position().map_or(0, csv::Position::byte);
        let next = self.base + reader.position().byte();
        let counting = reader.get_mut();
        counting.record_start = next;
        Some(Ok(counting.line_of(offset)))
    }

    /// A new csv reader over the rest of the input, after a skipped line.
    fn restart(&mut self) {
        if let Some(old) = self.reader.take() {
            let counting = old.into_inner();
            self.base = counting.read;
            self.reader = Some(csv_reader(counting, self.delimiter));
        }
    }
}

/// The iterator returned by [`CsvReader::pending`].
pub struct Pending<R> {
    reader: CsvReader<R>,
    layout: Arc<FlatLayout>,
}

impl<R> fmt::Debug for Pending<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending").finish_non_exhaustive()
    }
}

impl<R: Read> Iterator for Pending<R> {
    type Item = Result<PendingRow>;

    fn next(&mut self) -> Option<Result<PendingRow>> {
        let line = self.reader.next_row()?;
        let limit = self.reader.overlong.then_some(self.reader.limit);
        Some(line.map(|line| PendingRow {
            line,
            cells: self.reader.record.clone(),
            layout: Arc::clone(&self.layout),
            overlong: limit,
        }))
    }
}

impl<R: Read> Iterator for CsvReader<R> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        let line = match self.next_row()? {
            Ok(line) => line,
            Err(e) => return Some(Err(e)),
        };
        if self.overlong {
            return Some(Ok(overlong(line, self.limit)));
        }
        Some(Ok(read_row(&self.layout, &self.record, line)))
    }
}
