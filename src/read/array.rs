//! The JSON array list reader, streamed element by element.
//!
//! serde_json reads a whole array before handing it over; to keep memory flat,
//! this reader finds where each element ends itself (counting brackets outside
//! strings, which is all JSON needs), and hands serde_json one element at a time.
//! A syntax error ends the reading: the records before it keep their results and
//! one error record says where the array broke.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};

use crate::error::{Error, Result};
use crate::portfolio::Record;

use super::{account_input, json, not_utf8};

/// Reads accounts from a JSON array of account objects, one element at a time,
/// numbers read exactly; each record's line is the line where its element starts.
pub struct JsonArrayReader<R> {
    input: BufReader<R>,
    element: Vec<u8>,
    /// Line and column (1-based) of the next byte.
    line: u64,
    column: usize,
    state: State,
    limit: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Just after `[`: an element or `]` comes next.
    First,
    /// After an element: `,` or `]` comes next.
    Between,
    /// The array ended or broke.
    Done,
}

impl<R> fmt::Debug for JsonArrayReader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonArrayReader")
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

/// What the array holds instead of continuing.
enum Broken {
    Syntax(String),
    Io(io::Error),
}

impl<R: Read> JsonArrayReader<R> {
    /// Reads up to the opening `[` (after an optional byte-order mark).
    ///
    /// # Errors
    ///
    /// An input that is empty or does not start with `[`
    /// (`the input must be a JSON array of accounts: ...`), an I/O error.
    pub fn new(input: R) -> Result<JsonArrayReader<R>> {
        let mut reader = JsonArrayReader {
            input: BufReader::new(input),
            element: Vec::new(),
            line: 1,
            column: 1,
            state: State::First,
            limit: super::MAX_LINE_BYTES,
        };
        let bom = reader.input.fill_buf().map_err(Error::io)?;
        if bom.starts_with(b"\xEF\xBB\xBF") {
            reader.input.consume(3);
        }
        let first = reader.skip_space().map_err(Error::io)?;
        let found = match first {
            Some(b'[') => {
                reader.bump(b'[');
                return Ok(reader);
            }
            None => "EOF while parsing a value".to_owned(),
            Some(b'{') => "invalid type: map, expected a JSON array of accounts".to_owned(),
            Some(b'"') => "invalid type: string, expected a JSON array of accounts".to_owned(),
            Some(_) => "expected a JSON array of accounts".to_owned(),
        };
        Err(Error::unreadable(
            format!(
                "the input must be a JSON array of accounts: {found} (column {})",
                reader.column
            ),
            None,
        ))
    }

    /// The longest element, in bytes (default 64 MiB): a longer one is one
    /// error record, and reading goes on after it.
    #[must_use]
    pub fn max_element_bytes(mut self, bytes: u64) -> JsonArrayReader<R> {
        self.limit = bytes.max(1);
        self
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(self.input.fill_buf()?.first().copied())
    }

    /// Consumes one byte, keeping line and column.
    fn bump(&mut self, byte: u8) {
        self.input.consume(1);
        if byte == b'\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
    }

    /// Skips white space; the next byte, not consumed.
    fn skip_space(&mut self) -> io::Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b @ (b' ' | b'\t' | b'\r' | b'\n')) => self.bump(b),
                other => return Ok(other),
            }
        }
    }

    /// Reads one element's bytes into `self.element`, up to (not including) the
    /// `,` or `]` that ends it; `true` when it was longer than the limit (its
    /// bytes past the limit are scanned, not kept).
    fn element(&mut self) -> std::result::Result<bool, Broken> {
        self.element.clear();
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let mut over = false;
        let mut keep = |element: &mut Vec<u8>, b: u8| {
            if element.len() < limit {
                element.push(b);
            } else {
                over = true;
            }
        };
        let (mut depth, mut in_string, mut escaped) = (0_u32, false, false);
        loop {
            let Some(b) = self.peek().map_err(Broken::Io)? else {
                return Err(Broken::Syntax("EOF while parsing a list".to_owned()));
            };
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
            } else {
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            // The element is complete; what follows must be `,` or `]`.
                            keep(&mut self.element, b);
                            self.bump(b);
                            return Ok(over);
                        }
                    }
                    b',' | b']' if depth == 0 => return Ok(over),
                    _ => {}
                }
            }
            keep(&mut self.element, b);
            self.bump(b);
        }
    }

    /// The record that says where the array broke; nothing is read after it.
    fn broken(&mut self, line: u64, message: &str) -> Record {
        self.state = State::Done;
        let message = format!("the JSON array breaks here, reading stopped: {message}");
        Record::new(line, Err(Error::unreadable(message, None)))
    }
}

impl<R: Read> Iterator for JsonArrayReader<R> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        if self.state == State::Done {
            return None;
        }
        let next = match self.skip_space() {
            Ok(next) => next,
            Err(e) => {
                self.state = State::Done;
                return Some(Err(Error::io(e)));
            }
        };
        match (self.state, next) {
            (_, Some(b']')) => {
                self.bump(b']');
                self.state = State::Done;
                return match self.skip_space() {
                    Ok(None) => None,
                    Ok(Some(_)) => {
                        let message = format!("trailing characters (column {})", self.column);
                        Some(Ok(self.broken(self.line, &message)))
                    }
                    Err(e) => Some(Err(Error::io(e))),
                };
            }
            (State::Between, Some(b',')) => {
                self.bump(b',');
                if let Err(e) = self.skip_space() {
                    self.state = State::Done;
                    return Some(Err(Error::io(e)));
                }
            }
            (State::Between, Some(_)) => {
                let message = format!("expected `,` or `]` (column {})", self.column);
                return Some(Ok(self.broken(self.line, &message)));
            }
            (_, None) => {
                return Some(Ok(self.broken(self.line, "EOF while parsing a list")));
            }
            (State::First | State::Done, Some(_)) => {}
        }
        let (line, column) = (self.line, self.column);
        match self.element() {
            Ok(false) => {}
            Ok(true) => {
                self.state = State::Between;
                self.element = Vec::new();
                return Some(Ok(super::lines::overlong(line, self.limit)));
            }
            Err(Broken::Io(e)) => {
                self.state = State::Done;
                return Some(Err(Error::io(e)));
            }
            Err(Broken::Syntax(message)) => return Some(Ok(self.broken(self.line, &message))),
        }
        self.state = State::Between;
        let Ok(text) = std::str::from_utf8(&self.element) else {
            return Some(Ok(not_utf8(line)));
        };
        match account_input(text) {
            Ok(input) => Some(Ok(Record::new(line, input.validate()))),
            // An element nested too deep (or otherwise well-formed but not an
            // account) is one error record, as in JSON Lines; reading goes on.
            Err(e)
                if (!e.is_syntax() && !e.is_eof()) || e.to_string().contains("recursion limit") =>
            {
                let message = format!("is not a valid JSON object: {}", json::message(&e, 0));
                Some(Ok(Record::new(
                    line,
                    Err(Error::new(crate::ErrorKind::Unreadable {
                        id: super::sniff_id(text),
                        message,
                        source: Some(json::source(e)),
                    })),
                )))
            }
            Err(e) => {
                // serde_json counts from the element's first byte.
                let at = line + u64::try_from(e.line()).unwrap_or(1).saturating_sub(1);
                let offset = if e.line() == 1 { column - 1 } else { 0 };
                let message = json::message(&e, offset);
                Some(Ok(self.broken(at, &message)))
            }
        }
    }
}
