//! The crate's one error type and the problems it reports.
//!
//! Validation never stops at the first bad field: an [`Error`] of kind
//! [`ErrorKind::InvalidAccount`] carries every [`Problem`] found, each naming its
//! field path (`revenue.gross_margin`) and what was expected. In a batch the error
//! also carries the line where the record starts.

use crate::words::ParseWordError;
use std::fmt;
use std::sync::Arc;

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The underlying error of a reader or writer (an `io::Error`, a `csv::Error`, a
/// `serde_json::Error`), shared so that [`Error`] stays cheap to clone. It
/// dereferences to the error itself, so `source.downcast_ref::<std::io::Error>()`
/// works, and [`std::error::Error::source`] hands out the error itself.
#[derive(Clone, Debug)]
pub struct Source(Arc<dyn std::error::Error + Send + Sync + 'static>);

impl Source {
    /// Shares `error` as the cause of an [`Error`].
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> Source {
        Source(Arc::new(error))
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl std::ops::Deref for Source {
    type Target = dyn std::error::Error + Send + Sync + 'static;

    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

/// Why an account, a policy or a record could not be evaluated, or why a list
/// could not be read.
///
/// The kind says what failed; [`Error::line`] says where, when the account came
/// from a file. Its `Display` is one line: `line 7: account "A-7": ` followed by
/// every problem, separated by `; `. [`std::error::Error::source`] gives the
/// underlying I/O, CSV or JSON error where there is one.
#[derive(Clone, Debug)]
pub struct Error {
    kind: Box<ErrorKind>,
    line: Option<u64>,
}

/// What went wrong.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The account failed validation; every problem found is listed.
    #[error("{}", join(.problems))]
    InvalidAccount {
        /// The account's id, where it could be read.
        id: Option<String>,
        /// The account's name, where it could be read.
        name: Option<String>,
        /// The account's currency, where it could be read.
        currency: Option<crate::words::Currency>,
        /// Every problem found, in field order.
        problems: Vec<Problem>,
    },
    /// The policy failed validation; every problem found is listed.
    #[error("{}", join(.problems))]
    InvalidPolicy {
        /// Every problem found, in field order.
        problems: Vec<Problem>,
    },
    /// A column map names unknown fields or units, or maps two headers to one
    /// field; every problem is listed.
    #[error("{}", join(.problems))]
    InvalidColumnMap {
        /// Every problem found, in input order.
        problems: Vec<Problem>,
    },
    /// The header of a flat file names unknown or repeated columns, or lacks a
    /// required one; every problem is listed.
    #[error("{}", join(.problems))]
    InvalidHeader {
        /// Every problem found, in column order.
        problems: Vec<Problem>,
    },
    /// A record, or the document that holds it, could not be read at all (broken
    /// JSON, text that is not UTF-8, an empty file where a header was expected).
    #[error("{message}")]
    Unreadable {
        /// The id, where it could still be read.
        id: Option<String>,
        /// What is wrong, in the crate's words.
        message: String,
        /// The parser's own error, where there is one.
        #[source]
        source: Option<Source>,
    },
    /// Reading the input or writing the output failed part-way. The I/O error is
    /// the source ([`Error::messages`] includes its text).
    #[error("the input or output failed")]
    Io {
        /// The underlying I/O error.
        #[source]
        source: Source,
    },
    /// A computation left the range of `Decimal`. With the model's input bounds this
    /// cannot happen; it is reported rather than producing a wrong number.
    #[error("{quantity} is too large to compute")]
    Overflow {
        /// The account being valued.
        id: String,
        /// The quantity being computed.
        quantity: &'static str,
    },
    /// Text that is not a word of the model, read with `FromStr` (a currency
    /// code, a stage, a risk): `"eur".parse::<Currency>()?` in a function that
    /// returns this crate's [`Result`].
    #[error(transparent)]
    Word(#[from] ParseWordError),
    /// A proposal of the negotiation desk cannot be valued: its changes make an
    /// invalid account, or the reader could not read them, or its name is taken;
    /// every problem is listed, each with its field path.
    #[error("proposal {proposal:?}: {}", join(.problems))]
    InvalidProposal {
        /// The proposal's name.
        proposal: String,
        /// Every problem found, in field order.
        problems: Vec<Problem>,
    },
    /// A caller's own error carried through the crate's [`Result`], made with
    /// [`Error::other`]: its text is the message and its causes are the
    /// error's causes (so a chain of causes shows it once); the caller's error
    /// itself is `source`.
    #[error(transparent)]
    Other {
        /// The caller's error.
        source: Source,
    },
}

impl From<ParseWordError> for Error {
    fn from(error: ParseWordError) -> Error {
        Error::from(ErrorKind::Word(error))
    }
}

fn join(problems: &[Problem]) -> String {
    let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    texts.join("; ")
}

/// One problem of an account's field (such as [`Change::parse`](crate::Change::parse)
/// gives) as an [`ErrorKind::InvalidAccount`] error, so that `?` carries it into
/// the crate's [`Result`] with its field path.
impl From<Problem> for Error {
    fn from(problem: Problem) -> Error {
        Error::from(ErrorKind::InvalidAccount {
            id: None,
            name: None,
            currency: None,
            problems: vec![problem],
        })
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error {
            kind: Box::new(kind),
            line: None,
        }
    }
}

/// An I/O failure of the input or output ([`ErrorKind::Io`]): lets a caller's
/// `each` of `score_parallel` or `score_parallel_map` (feature `parallel`) pass
/// on the failure of the output it writes to with `?`. The reader's own I/O
/// failures come back as the same kind.
impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Error {
        Error::new(ErrorKind::Io {
            source: Source::new(source),
        })
    }
}

impl Error {
    /// Wraps a caller's own error ([`ErrorKind::Other`]), keeping it whole:
    /// what an embedder's code returns where the crate expects its own
    /// [`Result`].
    ///
    /// ```
    /// use keyaccount::{Error, ErrorKind};
    ///
    /// #[derive(Debug, thiserror::Error)]
    /// #[error("the CRM refused the update")]
    /// struct CrmError;
    ///
    /// let error = Error::other(CrmError);
    /// assert_eq!(error.to_string(), "the CRM refused the update");
    /// let ErrorKind::Other { source } = error.kind() else { unreachable!() };
    /// assert!(source.downcast_ref::<CrmError>().is_some());
    /// ```
    pub fn other(error: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::new(ErrorKind::Other {
            source: Source::new(error),
        })
    }

    /// An error of the given kind, with no line.
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error::from(kind)
    }

    /// The error with the line (1-based) where its record starts.
    pub(crate) fn at_line(mut self, line: u64) -> Error {
        self.line = Some(line);
        self
    }

    /// An I/O failure of the input or output.
    #[cfg_attr(not(feature = "io"), allow(dead_code))]
    pub(crate) fn io(source: std::io::Error) -> Error {
        Error::from(source)
    }

    /// A record or document that could not be read.
    #[cfg_attr(not(feature = "io"), allow(dead_code))]
    pub(crate) fn unreadable(message: impl Into<String>, source: Option<Source>) -> Error {
        Error::new(ErrorKind::Unreadable {
            id: None,
            message: message.into(),
            source,
        })
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The line (1-based) where the failing record starts, when it came from a file.
    #[must_use]
    pub fn line(&self) -> Option<u64> {
        self.line
    }

    /// The account id, where it could be read.
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        match &*self.kind {
            ErrorKind::InvalidAccount { id, .. } | ErrorKind::Unreadable { id, .. } => {
                id.as_deref()
            }
            ErrorKind::Overflow { id, .. } => Some(id),
            ErrorKind::InvalidPolicy { .. }
            | ErrorKind::InvalidColumnMap { .. }
            | ErrorKind::InvalidHeader { .. }
            | ErrorKind::Io { .. }
            | ErrorKind::Word(_)
            | ErrorKind::InvalidProposal { .. }
            | ErrorKind::Other { .. } => None,
        }
    }

    /// The account's name and currency, where they could be read (they stay in
    /// the error row of a result file).
    #[must_use]
    pub fn name_and_currency(&self) -> (Option<&str>, Option<crate::words::Currency>) {
        match &*self.kind {
            ErrorKind::InvalidAccount { name, currency, .. } => (name.as_deref(), *currency),
            _ => (None, None),
        }
    }

    /// The field problems, for validation errors; empty for other kinds.
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        match &*self.kind {
            ErrorKind::InvalidAccount { problems, .. }
            | ErrorKind::InvalidPolicy { problems }
            | ErrorKind::InvalidColumnMap { problems }
            | ErrorKind::InvalidHeader { problems }
            | ErrorKind::InvalidProposal { problems, .. } => problems,
            ErrorKind::Unreadable { .. }
            | ErrorKind::Io { .. }
            | ErrorKind::Overflow { .. }
            | ErrorKind::Word(_)
            | ErrorKind::Other { .. } => &[],
        }
    }

    /// The underlying I/O error of an [`ErrorKind::Io`], to tell a closed pipe
    /// (`std::io::ErrorKind::BrokenPipe`) from a full disk.
    #[must_use]
    pub fn io_error(&self) -> Option<&std::io::Error> {
        match &*self.kind {
            ErrorKind::Io { source } => (**source).downcast_ref::<std::io::Error>(),
            _ => None,
        }
    }

    /// Whether the error stops a whole run rather than one record: an I/O failure,
    /// an invalid policy or header.
    #[must_use]
    pub fn is_fatal(&self) -> bool {
        matches!(
            &*self.kind,
            ErrorKind::Io { .. }
                | ErrorKind::InvalidPolicy { .. }
                | ErrorKind::InvalidHeader { .. }
        )
    }

    /// Every problem as its own line of text, without the line number or account id:
    /// what a command-line tool prints one a line.
    #[must_use]
    pub fn messages(&self) -> Vec<String> {
        match (&*self.kind, self.problems()) {
            (ErrorKind::Io { source }, _) => vec![format!("{}: {source}", self.kind)],
            (ErrorKind::InvalidProposal { proposal, .. }, problems) => problems
                .iter()
                .map(|p| format!("proposal {proposal:?}: {p}"))
                .collect(),
            (_, []) => vec![self.kind.to_string()],
            (_, problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    /// The text of the result file's `error` cell: `line 7: ` (when the line is
    /// known) followed by every problem, separated by `; `.
    pub(crate) fn cell_text(&self) -> String {
        match self.line {
            Some(line) => format!("line {line}: {}", self.kind),
            None => self.kind.to_string(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        match (&*self.kind, self.id()) {
            (ErrorKind::InvalidPolicy { .. }, _) => f.write_str("invalid policy: ")?,
            (ErrorKind::InvalidHeader { .. }, _) => f.write_str("invalid header: ")?,
            (ErrorKind::InvalidColumnMap { .. }, _) => f.write_str("invalid column map: ")?,
            (_, Some(id)) => write!(f, "account {id:?}: ")?,
            (ErrorKind::InvalidAccount { .. }, None) => f.write_str("account: ")?,
            _ => {}
        }
        fmt::Display::fmt(&self.kind, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.kind)
    }
}

/// One thing wrong with one field: `revenue.gross_margin must be between 0 and 1,
/// got 1.5`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{kind}", subject(.field))]
pub struct Problem {
    field: String,
    kind: ProblemKind,
}

/// The start of a problem's sentence: its field, or `record` for the whole row.
fn subject(field: &str) -> String {
    if field.is_empty() {
        "record ".to_owned()
    } else {
        format!("{field} ")
    }
}

impl Problem {
    /// A problem with the field at the given dotted path.
    pub(crate) fn new(field: impl Into<String>, kind: ProblemKind) -> Problem {
        Problem {
            field: field.into(),
            kind,
        }
    }

    pub(crate) fn kind_mut(&mut self) -> &mut ProblemKind {
        &mut self.kind
    }

    /// The field's dotted path, such as `revenue.gross_margin` or
    /// `relationship.roles[2].role`.
    #[must_use]
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong with it.
    #[must_use]
    pub fn kind(&self) -> &ProblemKind {
        &self.kind
    }
}

/// What is wrong with a field. Its `Display` completes a sentence that starts
/// with the field's path.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProblemKind {
    /// A required field is absent, `null` or empty.
    #[error("is required")]
    Missing,
    /// The key is not a field of the model.
    #[error("is not a known field{}", did_you_mean(.suggestion.as_deref()))]
    UnknownField {
        /// The closest known field, when one is close.
        suggestion: Option<String>,
    },
    /// A field appears twice in the same object.
    #[error("is given more than once")]
    Duplicate,
    /// The value has the wrong shape (an object where a number was expected, ...).
    #[error("must be {expected}, got {found}")]
    WrongType {
        /// What was expected, such as `an object` or `a number`.
        expected: &'static str,
        /// What was found.
        found: String,
    },
    /// Text that is not a plain decimal number.
    #[error("must be a plain decimal number, got {got:?} ({hint})")]
    NotANumber {
        /// The text as given.
        got: String,
        /// How to write it instead.
        hint: &'static str,
    },
    /// A JSON number that cannot be held exactly.
    #[error(
        "is a JSON number that cannot be held exactly, got {got}; write it as a string in plain decimal notation"
    )]
    Inexact {
        /// The number as given.
        got: String,
    },
    /// A number outside the field's range.
    #[error("must be between {min} and {max}, got {got}")]
    OutOfRange {
        /// The smallest valid value, as text.
        min: &'static str,
        /// The largest valid value, as text.
        max: &'static str,
        /// The value as given.
        got: String,
    },
    /// A number that must be positive (above zero) and at most `max`.
    #[error("must be above 0 and at most {max}, got {got}")]
    NotPositive {
        /// The largest valid value, as text.
        max: &'static str,
        /// The value as given.
        got: String,
    },
    /// Text that is not a whole number in range.
    #[error("must be a whole number between {min} and {max}, got {got:?}")]
    NotAnInteger {
        /// The smallest valid value.
        min: u32,
        /// The largest valid value.
        max: u32,
        /// The value as given.
        got: String,
    },
    /// Text that is not a yes/no value.
    #[error("must be true or false (or yes/no, 1/0), got {got:?}")]
    NotABoolean {
        /// The value as given.
        got: String,
    },
    /// A word that is not one of the choices.
    #[error("must be one of {}, got {got:?}", .expected.join(", "))]
    UnknownWord {
        /// The word as given.
        got: String,
        /// The valid words.
        expected: &'static [&'static str],
    },
    /// A currency that is not three capital letters.
    #[error("must be three capital letters, got {got:?}")]
    BadCurrency {
        /// The value as given.
        got: String,
    },
    /// An id that is empty or longer than 64 characters after trimming.
    #[error("must be 1 to 64 characters after trimming, got {length}")]
    BadId {
        /// Its length in characters after trimming.
        length: usize,
    },
    /// A list with too many entries.
    #[error("must have at most {max} entries, got {got}")]
    TooMany {
        /// The most entries allowed.
        max: usize,
        /// How many were given.
        got: usize,
    },
    /// A header cell is empty (a merged or forgotten header).
    #[error("has no name in the header (an empty or merged header cell)")]
    EmptyHeader,
    /// A required column is missing from a flat file's header.
    #[error("is a required column and is missing")]
    MissingColumn,
    /// A flat row has a different number of cells than the header.
    #[error("has {got} cells where the header has {expected}")]
    RaggedRow {
        /// Cells in the header.
        expected: usize,
        /// Cells in the row.
        got: usize,
    },
    /// A `relationship.<role>` cell that is not `covered`, `uncovered`, `absent` or empty.
    #[error("must be covered, uncovered, absent or empty, got {got:?}")]
    NotACoverage {
        /// The cell as given.
        got: String,
    },
    /// `payment.terms_days + payment.delay_days` is above 365.
    #[error("must add up to at most 365 days, got {got}")]
    PaymentTooLong {
        /// The sum of both.
        got: u64,
    },
    /// A role is listed more than once in the decision-making unit.
    #[error("lists the role {role} a second time")]
    RepeatedRole {
        /// The role's name.
        role: &'static str,
    },
    /// A column map gives a unit to a field that holds text, a word or yes/no.
    #[error("cannot apply to {field}, which is not a number")]
    UnitOnText {
        /// The field.
        field: &'static str,
    },
    /// A column map maps two headers to one field.
    #[error("is mapped from two headers, {first:?} and {second:?}")]
    MappedTwice {
        /// The first header.
        first: String,
        /// The second.
        second: String,
    },
    /// `covered` is given for a role marked `present: false`.
    #[error("cannot be given for a role marked present: false")]
    CoveredButAbsent,
    /// A `contract` field other than `term_years` is given without `term_years`.
    #[error("is given without contract.term_years (a contract with no fixed term has no renewals)")]
    NeedsTerm,
    /// A `revenue.rebate_*` field is given while `revenue.rebate` is absent.
    #[error("is given without revenue.rebate (with no rebate there is nothing to earn or pay)")]
    NeedsRebate,
    /// A proposal or a change names the account's key, name, currency or stage,
    /// which say which account it is rather than what it is.
    #[error("cannot be changed: it says which account this is, not what it is")]
    NotChangeable,
    /// A cell whose bytes are not UTF-8 text.
    #[error("is not valid UTF-8 text (save the file as UTF-8)")]
    NotUtf8,
    /// A workbook cell holding a formula saved without its computed value (a
    /// file written by a program rather than saved by a spreadsheet).
    #[error(
        "is a formula without a computed value (cell {cell}): open and save the workbook in a spreadsheet program"
    )]
    FormulaWithoutValue {
        /// The cell, such as `D2`.
        cell: String,
    },
    /// A header column holding several field names joined by another
    /// delimiter than the one the file is read with.
    #[error(
        "holds several columns separated by `{delimiter}`: read the file with that delimiter (--delimiter '{delimiter}')"
    )]
    OtherDelimiter {
        /// The delimiter the header uses.
        delimiter: char,
    },
    /// A part of a CSV `events` cell that is not `month:risk:probability`.
    #[error(
        "must be month:risk:probability, such as 6:ownership_change:0.4 (events are separated by `;`), got {got:?}"
    )]
    NotAnEvent {
        /// The part as given.
        got: String,
    },
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}
