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

use crate::error::{Error, Result, Source};
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
    /// Bytes read so far.
    read: u64,
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

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let base = self.read;
        for (i, b) in buf[..n].iter().enumerate() {
            if matches!(b, b'\r' | b'\n') {
                self.pending.push_back((base + i as u64, *b == b'\n'));
            }
        }
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
    reader: csv::Reader<Counting<R>>,
    layout: FlatLayout,
    record: csv::ByteRecord,
    done: bool,
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
        let counting = Counting {
            inner: input,
            pending: VecDeque::new(),
            passed: 0,
            read: 0,
        };
        let mut reader = csv::ReaderBuilder::new()
            // Large reads: a long list is read in a tenth of the system calls of
            // the default 8 KiB.
            .buffer_capacity(1 << 16)
            .has_headers(false)
            .flexible(true)
            .delimiter(options.delimiter)
            .from_reader(counting);
        let mut record = csv::ByteRecord::new();
        if !reader.read_byte_record(&mut record).map_err(csv_error)? {
            return Err(Error::unreadable(
                "the input is empty: it needs a header line",
                None,
            ));
        }
        let header: Vec<String> = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        let layout = FlatLayout::with_columns(&header, &options.columns, options.decimal_comma)?;
        Ok(CsvReader {
            reader,
            layout,
            record,
            done: false,
        })
    }

    /// The resolved header.
    pub fn layout(&self) -> &FlatLayout {
        &self.layout
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
}

impl PendingRow {
    /// The row as a record: its cells read through the header and validated.
    #[must_use]
    pub fn into_record(self) -> Record {
        read_row(&self.layout, &self.cells, self.line)
    }
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
    match text {
        Some(text) => {
            let cell = |i| cells.range(i).and_then(|r| text.get(r)).unwrap_or_default();
            let flat = layout.read((0..cells.len()).map(cell));
            Record::new(line, flat.validate()).with_warnings(flat.warnings)
        }
        None => not_utf8(line),
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

    /// Reads the next row into `self.record` and gives its line, `None` at the end.
    fn next_row(&mut self) -> Option<Result<u64>> {
        if self.done {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                self.done = true;
                return Some(Err(csv_error(e)));
            }
        }
        let offset = self.record.position().map_or(0, csv::Position::byte);
        Some(Ok(self.reader.get_mut().line_of(offset)))
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
        Some(line.map(|line| PendingRow {
            line,
            cells: self.reader.record.clone(),
            layout: Arc::clone(&self.layout),
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
        Some(Ok(read_row(&self.layout, &self.record, line)))
    }
}
