//! The JSON Lines list reader: one account object a line.

use std::fmt;
use std::io::{BufRead, BufReader, Read};

use crate::error::{Error, ErrorKind, Result};
use crate::portfolio::Record;

use super::{account_input, json, not_utf8, sniff_id};

/// Reads accounts from JSON Lines: one account object a line, blank lines
/// skipped, numbers read exactly. A line that is not a JSON object still gets its
/// record: an error that says what is wrong and, where a plain `"id": "..."` can
/// be found in it, the id.
pub struct JsonLinesReader<R> {
    input: BufReader<R>,
    buffer: Vec<u8>,
    line: u64,
    done: bool,
    limit: u64,
}

impl<R> fmt::Debug for JsonLinesReader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLinesReader")
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

impl<R: Read> JsonLinesReader<R> {
    /// A reader of `input`; nothing is read until the first record is asked for.
    pub fn new(input: R) -> JsonLinesReader<R> {
        JsonLinesReader {
            input: BufReader::new(input),
            buffer: Vec::new(),
            line: 0,
            done: false,
            limit: super::MAX_LINE_BYTES,
        }
    }

    /// The longest line, in bytes (default 64 MiB): a longer one is one error
    /// record, and reading goes on at the next line.
    #[must_use]
    pub fn max_line_bytes(mut self, bytes: u64) -> JsonLinesReader<R> {
        self.limit = bytes.max(1);
        self
    }

    /// Skips to the end of the line; `false` at the end of the input.
    fn skip_line(&mut self) -> std::io::Result<bool> {
        loop {
            let chunk = self.input.fill_buf()?;
            if chunk.is_empty() {
                return Ok(false);
            }
            if let Some(at) = chunk.iter().position(|b| *b == b'\n') {
                self.input.consume(at + 1);
                return Ok(true);
            }
            let n = chunk.len();
            self.input.consume(n);
        }
    }
}

impl<R: Read> Iterator for JsonLinesReader<R> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        while !self.done {
            self.buffer.clear();
            let mut limited = (&mut self.input).take(self.limit.saturating_add(1));
            match limited.read_until(b'\n', &mut self.buffer) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    let line = self.line;
                    if self.buffer.len() as u64 > self.limit && !self.buffer.ends_with(b"\n") {
                        self.buffer = Vec::new();
                        match self.skip_line() {
                            Ok(more) => self.done = !more,
                            Err(e) => {
                                self.done = true;
                                return Some(Err(Error::io(e)));
                            }
                        }
                        return Some(Ok(overlong(line, self.limit)));
                    }
                    match std::str::from_utf8(&self.buffer) {
                        Ok(text) if text.trim_start_matches('\u{feff}').trim().is_empty() => {}
                        Ok(text) => return Some(Ok(record(line, text))),
                        Err(_) => return Some(Ok(not_utf8(line))),
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(Error::io(e)));
                }
            }
        }
        None
    }
}

/// The record of a line longer than the limit.
pub(super) fn overlong(line: u64, limit: u64) -> Record {
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

fn record(line: u64, text: &str) -> Record {
    let text = text.trim_start_matches('\u{feff}').trim();
    let account = match account_input(text) {
        Ok(input) => input.validate(),
        Err(e) => Err(Error::new(ErrorKind::Unreadable {
            id: sniff_id(text),
            message: format!("is not a valid JSON object: {}", json::message(&e, 0)),
            source: Some(json::source(e)),
        })),
    };
    Record::new(line, account)
}
