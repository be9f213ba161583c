//! Readers for account lists (CSV, JSON Lines, a JSON array) and for single
//! account and policy documents, generic over [`std::io::Read`] (feature `io`).
//!
//! Each list reader is an iterator that yields one [`Record`] per record of the
//! input, in input order, none lost: a validated account, or the error that says
//! what is wrong with it (with its 1-based physical line and, where it could be
//! read, its id). An `Err` item instead of a record means the input itself failed
//! part-way (an I/O error): nothing more can be read, and the iterator ends.
//! Memory stays flat however long the input: one record is held at a time.
//!
//! ```
//! use keyaccount::read::{self, Format, ReadOptions};
//! use keyaccount::{Policy, Summary, score};
//!
//! let csv = "id,currency,stage,revenue.annual,revenue.gross_margin\n\
//!            A-1,EUR,active,1200000,0.30\n\
//!            A-2,eur,active,800000,0.25\n";
//! let records = read::records(csv.as_bytes(), Format::Csv, &ReadOptions::default())?;
//! let mut summary = Summary::default();
//! for scored in score(records, &Policy::default()) {
//!     summary.add(&scored?.result);
//! }
//! assert_eq!((summary.records(), summary.errors()), (2, 1));
//! # Ok::<(), keyaccount::Error>(())
//! ```

mod array;
mod csv;
pub(crate) mod json;
mod lines;
mod proposals;
#[cfg(feature = "spreadsheet")]
mod workbook;

use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use crate::account::Account;
use crate::error::{Error, Result, Source};
use crate::flat::ColumnMap;
use crate::input::{AccountInput, PolicyInput};
use crate::policy::Policy;
use crate::portfolio::Record;

pub use self::array::JsonArrayReader;
pub use self::csv::{CsvReader, Pending, PendingRow};
pub use self::lines::JsonLinesReader;
#[cfg(feature = "spreadsheet")]
pub use self::workbook::{MAX_CELLS, MAX_INFLATED_BYTES, WorkbookReader, float_to_decimal};

/// The formats of an account list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// One account a row under a header of dotted paths (see [`crate::flat`]).
    Csv,
    /// One account object a line.
    JsonLines,
    /// An array of account objects.
    Json,
    /// A workbook (`.xlsx`, `.xls`, `.ods`): see `workbook` (feature `spreadsheet`).
    Workbook,
}

impl Format {
    /// The format a file name's extension names: `.csv`, `.jsonl` or `.ndjson`,
    /// `.json` (in any case); `None` for any other.
    #[must_use]
    pub fn from_path(path: impl AsRef<Path>) -> Option<Format> {
        path.as_ref()
            .extension()
            .and_then(|e| e.to_str())
            .and_then(|e| e.parse().ok())
    }
}

impl FromStr for Format {
    type Err = crate::ParseWordError;

    /// `csv`, `jsonl` (or `ndjson`), `json`, or a workbook's `xlsx`, `xls`, `ods`,
    /// in any case.
    fn from_str(text: &str) -> std::result::Result<Format, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "jsonl" | "ndjson" => Ok(Format::JsonLines),
            "json" => Ok(Format::Json),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Ok(Format::Workbook),
            _ => Err(crate::ParseWordError::new(
                "format",
                "csv, jsonl, json, xlsx or ods",
                text,
            )),
        }
    }
}

/// How to read a list.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ReadOptions {
    /// The CSV delimiter (default `,`).
    pub delimiter: u8,
    /// Whether numbers in CSV and workbook text cells use a decimal comma
    /// (`0,25`, `1 200 000,50`).
    pub decimal_comma: bool,
    /// The user's own headers, mapped to fields with units.
    pub columns: ColumnMap,
    /// The workbook sheet to read (default: the first).
    pub sheet: Option<String>,
    /// The longest record of a CSV or JSON Lines list, and the longest element
    /// of a JSON array, in bytes (default [`MAX_LINE_BYTES`], 64 MiB). A longer
    /// one is one error record, at its line, and reading goes on after it: an
    /// input with no line end (`/dev/zero`) does not fill the memory.
    pub max_line_bytes: u64,
}

/// The default longest record: 64 MiB.
pub const MAX_LINE_BYTES: u64 = 64 << 20;

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            delimiter: b',',
            decimal_comma: false,
            columns: ColumnMap::default(),
            sheet: None,
            max_line_bytes: MAX_LINE_BYTES,
        }
    }
}

impl ReadOptions {
    /// The CSV delimiter, such as `b';'` for a European spreadsheet's export.
    #[must_use]
    pub fn delimiter(mut self, delimiter: u8) -> ReadOptions {
        self.delimiter = delimiter;
        self
    }

    /// Reads numbers with a decimal comma, as a European or Russian spreadsheet
    /// exports them (use it with the delimiter `;`, which it does not imply).
    #[must_use]
    pub fn decimal_comma(mut self, on: bool) -> ReadOptions {
        self.decimal_comma = on;
        self
    }

    /// Reads the header through a column map.
    #[must_use]
    pub fn columns(mut self, map: ColumnMap) -> ReadOptions {
        self.columns = map;
        self
    }

    /// The longest record (CSV, JSON Lines) or JSON array element, in bytes; at
    /// least 1.
    #[must_use]
    pub fn max_line_bytes(mut self, bytes: u64) -> ReadOptions {
        self.max_line_bytes = bytes.max(1);
        self
    }

    /// Reads this workbook sheet instead of the first.
    #[must_use]
    pub fn sheet(mut self, name: impl Into<String>) -> ReadOptions {
        self.sheet = Some(name.into());
        self
    }
}

/// A list reader of any format: what [`records`] returns.
#[derive(Debug)]
pub struct Records<R> {
    inner: Inner<R>,
}

#[derive(Debug)]
enum Inner<R> {
    Csv(Box<CsvReader<R>>),
    Lines(JsonLinesReader<R>),
    Array(JsonArrayReader<R>),
}

/// Opens a list of accounts in `format`.
///
/// # Errors
///
/// Before any record: a CSV input that is empty or whose header names unknown,
/// repeated or missing columns ([`ErrorKind::InvalidHeader`](crate::ErrorKind::InvalidHeader),
/// every problem listed), a JSON input that is not an array, an input that
/// cannot be read.
pub fn records<R: Read>(input: R, format: Format, options: &ReadOptions) -> Result<Records<R>> {
    let inner = match format {
        Format::Csv => Inner::Csv(Box::new(CsvReader::new(input, options)?)),
        Format::JsonLines => {
            Inner::Lines(JsonLinesReader::new(input).max_line_bytes(options.max_line_bytes))
        }
        Format::Json => {
            Inner::Array(JsonArrayReader::new(input)?.max_element_bytes(options.max_line_bytes))
        }
        Format::Workbook => {
            return Err(Error::unreadable(
                "a workbook needs a seekable input: read it with `read::workbook` (feature `spreadsheet`)",
                None,
            ));
        }
    };
    Ok(Records { inner })
}

/// Opens a workbook's account list (feature `spreadsheet`): the options' sheet
/// (or the first), its first row as the header read through the options' column
/// map, numbers with a decimal comma when asked; see [`WorkbookReader`].
///
/// # Errors
///
/// As [`WorkbookReader::new`]: not a workbook, no such sheet, an empty sheet, a
/// bad header.
#[cfg(feature = "spreadsheet")]
pub fn workbook<R: Read + std::io::Seek + Clone>(
    input: R,
    options: &ReadOptions,
) -> Result<WorkbookReader> {
    WorkbookReader::new(
        input,
        options.sheet.as_deref(),
        &options.columns,
        options.decimal_comma,
    )
}

/// Reads a column map (the user's headers mapped to fields with units) from its
/// JSON.
///
/// # Errors
///
/// Every problem of the map (unknown fields or units, a unit on a text field,
/// two headers for one field), text that is not JSON, an I/O error.
pub fn column_map<R: Read>(input: R) -> Result<ColumnMap> {
    ColumnMap::from_json_text(&text(input)?)
}

impl<R: Read> Iterator for Records<R> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        match &mut self.inner {
            Inner::Csv(r) => r.next(),
            Inner::Lines(r) => r.next(),
            Inner::Array(r) => r.next(),
        }
    }
}

/// Reads a whole document as UTF-8 text.
fn text<R: Read>(mut input: R) -> Result<String> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(Error::io)?;
    String::from_utf8(bytes)
        .map_err(|e| Error::unreadable("is not valid UTF-8 text", Some(Source::new(e))))
}

/// Reads one account from a JSON document, numbers exactly as written.
///
/// This is the path for a request body: `read::account(body)` with the body's
/// bytes (`&[u8]` is a reader). Every JSON number is read from its literal text,
/// whatever the features of serde_json in the build, and an invalid account gives
/// the typed [`Error`]: [`ErrorKind::InvalidAccount`](crate::ErrorKind::InvalidAccount)
/// with every [`Problem`](crate::Problem) and its field path. Deserializing
/// through serde instead (`serde_json::from_slice::<Account>(body)`) validates
/// the same way, but hands the problems back inside the format's own error, as
/// one message (`account "A-1": revenue.gross_margin must be between 0 and 1, got
/// 1.5; ...`), and reads a JSON number as the format parsed it (see
/// [`crate::input`]).
///
/// ```
/// use keyaccount::ErrorKind;
///
/// let body = br#"{"id": "A-1", "currency": "EUR", "stage": "active",
///                 "revenue": {"annual": 1200000, "gross_margin": 1.5, "growth": 0.60}}"#;
/// let error = keyaccount::read::account(&body[..]).unwrap_err();
/// assert!(matches!(error.kind(), ErrorKind::InvalidAccount { .. }));
/// assert_eq!(
///     error.messages(),
///     [
///         "revenue.growth must be between -0.5 and 0.5, got 0.60",
///         "revenue.gross_margin must be between 0 and 1, got 1.5",
///     ]
/// );
/// let good = br#"{"id": "A-1", "currency": "EUR", "stage": "active",
///                 "revenue": {"annual": 1200000, "gross_margin": 0.30}}"#;
/// let account = keyaccount::read::account(&good[..])?;
/// assert_eq!(account.revenue().gross_margin.to_string(), "0.30");
/// # Ok::<(), keyaccount::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidAccount`](crate::ErrorKind::InvalidAccount) listing every
/// problem of a well-formed document; [`ErrorKind::Unreadable`](crate::ErrorKind::Unreadable)
/// (with the line) for text that is not JSON or not UTF-8; an I/O error.
pub fn account<R: Read>(input: R) -> Result<Account> {
    let text = text(input)?;
    json::document::<AccountInput>(&text)?.validate()
}

/// Reads a policy from a JSON document, numbers exactly as written: as
/// [`account`], the path for a request body (`read::policy(body)`).
///
/// ```
/// let policy = keyaccount::read::policy(r#"{"discount_rate": 0.10, "hurdle": {"EUR": "400000"}}"#.as_bytes())?;
/// assert_eq!(policy.discount_rate().to_string(), "0.10");
/// # Ok::<(), keyaccount::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) listing every
/// problem (an unknown field, a discount rate of 12); text that is not JSON; an
/// I/O error.
pub fn policy<R: Read>(input: R) -> Result<Policy> {
    let text = text(input)?;
    json::document::<PolicyInput>(&text)?.validate()
}

/// Reads a proposal file for the negotiation desk ([`crate::negotiate`]): a
/// JSON array of proposals, or a single one, each `{"name": "retailer's ask",
/// "changes": {"payment.terms_days": 120, "revenue.rebate": "0.04"}}`. A change
/// names a field by its CSV path and gives its value as the account's JSON or
/// CSV cell would (`null` or `""`: not given); numbers are read exactly as
/// written. What cannot be read of one proposal (an unknown field, a key given
/// twice, a value that is not a number) stays with that proposal as its
/// [`Proposal::problems`](crate::Proposal::problems), so that the others are
/// still valued.
///
/// ```
/// let text = r#"[{"name": "longer terms", "changes": {"payment.terms_days": 120}},
///               {"name": "typo", "changes": {"payment.terms": 120}}]"#;
/// let proposals = keyaccount::read::proposals(text.as_bytes())?;
/// assert_eq!(proposals[0].changes, [keyaccount::Change::TermsDays(120)]);
/// assert_eq!(proposals[1].problems()[0].field(), "payment.terms");
/// # Ok::<(), keyaccount::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::Unreadable`](crate::ErrorKind::Unreadable) for text that is not
/// JSON, a document that is neither a list nor an object, or more than
/// [`MAX_PROPOSALS`](crate::negotiation::MAX_PROPOSALS) proposals; an I/O error.
pub fn proposals<R: Read>(input: R) -> Result<Vec<crate::Proposal>> {
    let text = text(input)?;
    proposals::read(&text)
}

/// The account input of one JSON object's text, or why it cannot be read.
fn account_input(text: &str) -> std::result::Result<AccountInput, serde_json::Error> {
    json::from_str(text)
}

/// The id of a JSON record too broken to parse, where a plain `"id": "..."` can
/// still be found in it.
fn sniff_id(text: &str) -> Option<String> {
    let after = &text[text.find("\"id\"")? + 4..];
    let value = after
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let id = &value[..value.find(['"', '\\'])?];
    let id = id.trim();
    (!id.is_empty() && id.chars().count() <= 64).then(|| id.to_owned())
}

/// A record whose text is not UTF-8.
fn not_utf8(line: u64) -> Record {
    Record::new(
        line,
        Err(Error::unreadable("is not valid UTF-8 text", None)),
    )
}
