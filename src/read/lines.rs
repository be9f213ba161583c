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
        }
    }
}

impl<R: Read> Iterator for JsonLinesReader<R> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        while !self.done {
            self.buffer.clear();
            match self.input.read_until(b'\n', &mut self.buffer) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    let line = self.line;
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
