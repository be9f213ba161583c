//! The crate's one error type and the problems it reports.
//!
//! Validation never stops at the first bad field: an [`Error`] of kind
//! [`ErrorKind::InvalidAccount`] carries every [`Problem`] found, each naming its
//! field path (`revenue.gross_margin`) and what was expected. In a batch the error
//! also carries the line where the record starts.

use std::fmt;

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why an account, a policy or a record could not be evaluated.
///
/// The kind says what failed; [`Error::line`] says where, when the account came
/// from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: Box<ErrorKind>,
    line: Option<u64>,
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The account failed validation; every problem found is listed.
    InvalidAccount {
        /// The account's id, where it could be read.
        id: Option<String>,
        /// Every problem found, in field order.
        problems: Vec<Problem>,
    },
    /// The policy failed validation; every problem found is listed.
    InvalidPolicy {
        /// Every problem found, in field order.
        problems: Vec<Problem>,
    },
    /// The header of a flat file names unknown or repeated columns, or lacks a
    /// required one; every problem is listed.
    InvalidHeader {
        /// Every problem found, in column order.
        problems: Vec<Problem>,
    },
    /// A record could not be read at all (broken JSON, a ragged CSV row).
    Unreadable {
        /// The id, where it could still be read.
        id: Option<String>,
        /// What the reader reported.
        message: String,
    },
    /// A computation left the range of `Decimal`. With the model's input bounds this
    /// cannot happen; it is reported rather than producing a wrong number.
    Overflow {
        /// The account being valued.
        id: String,
        /// The quantity being computed.
        quantity: &'static str,
    },
}

impl Error {
    /// Creates an error of the given kind, with no line.
    #[must_use]
    pub fn new(kind: ErrorKind) -> Error {
        Error {
            kind: Box::new(kind),
            line: None,
        }
    }

    /// The error with the line (1-based) where its record starts.
    #[must_use]
    pub fn at_line(mut self, line: u64) -> Error {
        self.line = Some(line);
        self
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
            ErrorKind::InvalidPolicy { .. } | ErrorKind::InvalidHeader { .. } => None,
        }
    }

    /// The field problems, for validation errors; empty for other kinds.
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        match &*self.kind {
            ErrorKind::InvalidAccount { problems, .. }
            | ErrorKind::InvalidPolicy { problems }
            | ErrorKind::InvalidHeader { problems } => problems,
            ErrorKind::Unreadable { .. } | ErrorKind::Overflow { .. } => &[],
        }
    }

    /// Every problem as its own line of text, without the line number or account id:
    /// what a command-line tool prints one a line.
    #[must_use]
    pub fn messages(&self) -> Vec<String> {
        match &*self.kind {
            ErrorKind::InvalidAccount { problems, .. }
            | ErrorKind::InvalidPolicy { problems }
            | ErrorKind::InvalidHeader { problems } => {
                problems.iter().map(ToString::to_string).collect()
            }
            ErrorKind::Unreadable { message, .. } => vec![message.clone()],
            ErrorKind::Overflow { quantity, .. } => {
                vec![format!("{quantity} is too large to compute")]
            }
        }
    }

    /// The text of the result file's `error` cell: `line 7: ` (when the line is
    /// known) followed by every problem, separated by `; `.
    #[must_use]
    pub fn cell_text(&self) -> String {
        let body = self.messages().join("; ");
        match self.line {
            Some(line) => format!("line {line}: {body}"),
            None => body,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        match &*self.kind {
            ErrorKind::InvalidPolicy { .. } => f.write_str("invalid policy: ")?,
            ErrorKind::InvalidHeader { .. } => f.write_str("invalid header: ")?,
            _ => match self.id() {
                Some(id) => write!(f, "account {id:?}: ")?,
                None => f.write_str("account: ")?,
            },
        }
        f.write_str(&self.messages().join("; "))
    }
}

impl std::error::Error for Error {}

/// One thing wrong with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    field: String,
    kind: ProblemKind,
}

impl Problem {
    /// A problem with the field at the given dotted path.
    #[must_use]
    pub fn new(field: impl Into<String>, kind: ProblemKind) -> Problem {
        Problem {
            field: field.into(),
            kind,
        }
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

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "record {}", self.kind)
        } else {
            write!(f, "{} {}", self.field, self.kind)
        }
    }
}

/// What is wrong with a field. Its `Display` completes a sentence that starts
/// with the field's path.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// A required field is absent, `null` or empty.
    Missing,
    /// The key is not a field of the model.
    UnknownField {
        /// The closest known field, when one is close.
        suggestion: Option<String>,
    },
    /// A field appears twice in the same object.
    Duplicate,
    /// The value has the wrong shape (an object where a number was expected, ...).
    WrongType {
        /// What was expected, such as `an object` or `a number`.
        expected: &'static str,
        /// What was found.
        found: String,
    },
    /// Text that is not a plain decimal number.
    NotANumber {
        /// The text as given.
        got: String,
        /// How to write it instead.
        hint: &'static str,
    },
    /// A JSON number that cannot be held exactly.
    Inexact {
        /// The number as given.
        got: String,
    },
    /// A number outside the field's range.
    OutOfRange {
        /// The smallest valid value, as text.
        min: &'static str,
        /// The largest valid value, as text.
        max: &'static str,
        /// The value as given.
        got: String,
    },
    /// A number that must be positive (above zero) and at most `max`.
    NotPositive {
        /// The largest valid value, as text.
        max: &'static str,
        /// The value as given.
        got: String,
    },
    /// Text that is not a whole number in range.
    NotAnInteger {
        /// The smallest valid value.
        min: u32,
        /// The largest valid value.
        max: u32,
        /// The value as given.
        got: String,
    },
    /// Text that is not a yes/no value.
    NotABoolean {
        /// The value as given.
        got: String,
    },
    /// A word that is not one of the choices.
    UnknownWord {
        /// The word as given.
        got: String,
        /// The valid words.
        expected: &'static [&'static str],
    },
    /// A currency that is not three capital letters.
    BadCurrency {
        /// The value as given.
        got: String,
    },
    /// An id that is empty or longer than 64 characters after trimming.
    BadId {
        /// Its length in characters after trimming.
        length: usize,
    },
    /// A list with too many entries.
    TooMany {
        /// The most entries allowed.
        max: usize,
        /// How many were given.
        got: usize,
    },
    /// A required column is missing from a flat file's header.
    MissingColumn,
    /// A flat row has a different number of cells than the header.
    RaggedRow {
        /// Cells in the header.
        expected: usize,
        /// Cells in the row.
        got: usize,
    },
    /// A `relationship.<role>` cell that is not `covered`, `uncovered` or empty.
    NotACoverage {
        /// The cell as given.
        got: String,
    },
    /// `payment.terms_days + payment.delay_days` is above 365.
    PaymentTooLong {
        /// The sum of both.
        got: u64,
    },
    /// A role is listed more than once in the decision-making unit.
    RepeatedRole {
        /// The role's name.
        role: &'static str,
    },
    /// Roles are listed but `final_decision` is not among them.
    NoFinalDecision,
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Missing => f.write_str("is required"),
            ProblemKind::UnknownField { suggestion } => {
                f.write_str("is not a known field")?;
                match suggestion {
                    Some(s) => write!(f, " (did you mean `{s}`?)"),
                    None => Ok(()),
                }
            }
            ProblemKind::Duplicate => f.write_str("is given more than once"),
            ProblemKind::WrongType { expected, found } => {
                write!(f, "must be {expected}, got {found}")
            }
            ProblemKind::NotANumber { got, hint } => {
                write!(f, "must be a plain decimal number, got {got:?} ({hint})")
            }
            ProblemKind::Inexact { got } => write!(
                f,
                "is a JSON number that cannot be held exactly, got {got}; write it as a string in plain decimal notation"
            ),
            ProblemKind::OutOfRange { min, max, got } => {
                write!(f, "must be between {min} and {max}, got {got}")
            }
            ProblemKind::NotPositive { max, got } => {
                write!(f, "must be above 0 and at most {max}, got {got}")
            }
            ProblemKind::NotAnInteger { min, max, got } => {
                write!(
                    f,
                    "must be a whole number between {min} and {max}, got {got:?}"
                )
            }
            ProblemKind::NotABoolean { got } => {
                write!(f, "must be true or false (or yes/no, 1/0), got {got:?}")
            }
            ProblemKind::UnknownWord { got, expected } => {
                write!(f, "must be one of {}, got {got:?}", expected.join(", "))
            }
            ProblemKind::BadCurrency { got } => {
                write!(f, "must be three capital letters, got {got:?}")
            }
            ProblemKind::BadId { length } => {
                write!(f, "must be 1 to 64 characters after trimming, got {length}")
            }
            ProblemKind::TooMany { max, got } => {
                write!(f, "must have at most {max} entries, got {got}")
            }
            ProblemKind::MissingColumn => f.write_str("is a required column and is missing"),
            ProblemKind::RaggedRow { expected, got } => {
                write!(f, "has {got} cells where the header has {expected}")
            }
            ProblemKind::NotACoverage { got } => {
                write!(f, "must be covered, uncovered or empty, got {got:?}")
            }
            ProblemKind::PaymentTooLong { got } => {
                write!(f, "must add up to at most 365 days, got {got}")
            }
            ProblemKind::RepeatedRole { role } => {
                write!(f, "lists the role {role} a second time")
            }
            ProblemKind::NoFinalDecision => {
                f.write_str("must include the final_decision role when any role is listed")
            }
        }
    }
}
