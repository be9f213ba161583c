//! Scores a whole list of key accounts and writes one result row per record.
//!
//! ```text
//! cargo run --release --example batch -- [--policy POLICY.json] [--format csv|jsonl|json] [--delimiter CHAR] INPUT [-o OUT.csv]
//! ```
//!
//! INPUT is read in the format its extension names (`.csv`, `.jsonl` or `.ndjson`,
//! `.json`) or `--format`; `-` reads standard input (CSV unless `--format` says
//! otherwise). The input streams: memory stays flat however long it is. The result
//! CSV goes to standard output or `-o`; a short summary goes to stderr.
//!
//! Exit codes: 0 when every record was scored, 1 when some were errors (all rows
//! are still written), 2 when the run could not start (usage, unreadable file, bad
//! header, invalid policy).

mod common;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::{Duration, Instant};

use keyaccount::{
    AccountInput, Error, ErrorKind, FlatLayout, Policy, RESULT_COLUMNS, Scored, Summary,
    error_cells, score,
};

const USAGE: &str = "\
usage: batch [--policy POLICY.json] [--format csv|jsonl|json] [--delimiter CHAR] INPUT [-o OUT.csv]

Scores every account in INPUT and writes the result CSV, one row per record.
INPUT '-' reads standard input.

  --policy FILE      read the valuation policy from FILE (default: the model's defaults)
  --format FORMAT    csv, jsonl or json (default: from INPUT's extension; csv for '-')
  --delimiter CHAR   the CSV input's delimiter, such as ';' (default ',')
  -o, --output FILE  write the results to FILE (default: standard output)
  -h, --help         print this help

Exit codes: 0 all scored, 1 some records were errors, 2 could not run.";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Jsonl,
    Json,
}

struct Args {
    policy: Option<String>,
    format: Option<Format>,
    delimiter: u8,
    input: String,
    output: Option<String>,
}

/// Why the run stopped early.
enum Stop {
    /// Could not run: print these lines, exit 2.
    Fatal(Vec<String>),
    /// The output pipe closed: end quietly.
    Closed,
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Stop {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Stop::Closed
        } else {
            Stop::Fatal(vec![format!("batch: {e}")])
        }
    }
}

impl From<csv::Error> for Stop {
    fn from(e: csv::Error) -> Stop {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => Stop::from(io),
            other => Stop::Fatal(vec![format!("batch: {other:?}")]),
        }
    }
}

fn parse_format(text: &str) -> Option<Format> {
    match text.to_ascii_lowercase().as_str() {
        "csv" => Some(Format::Csv),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "json" => Some(Format::Json),
        _ => None,
    }
}

fn parse_args() -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut policy = None;
    let mut format = None;
    let mut delimiter = b',';
    let mut input = None;
    let mut output = None;
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("policy") => policy = Some(string(parser.value())?),
            Long("format") => {
                let text = string(parser.value())?;
                format = Some(
                    parse_format(&text)
                        .ok_or(format!("unknown format {text:?}: use csv, jsonl or json"))?,
                );
            }
            Long("delimiter") => {
                let text = string(parser.value())?;
                delimiter = match text.as_bytes() {
                    [b] if b.is_ascii() => *b,
                    _ if text == "\\t" || text == "tab" => b'\t',
                    _ => {
                        return Err(format!(
                            "--delimiter must be one ASCII character, got {text:?}"
                        ));
                    }
                };
            }
            Short('o') | Long("output") => output = Some(string(parser.value())?),
            Short('h') | Long("help") => return Ok(None),
            Value(v) if input.is_none() => {
                input = Some(
                    v.string()
                        .map_err(|_| "INPUT is not valid text".to_owned())?,
                )
            }
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    let input = input.ok_or("missing INPUT (use - for standard input)")?;
    Ok(Some(Args {
        policy,
        format,
        delimiter,
        input,
        output,
    }))
}

fn string(value: Result<std::ffi::OsString, lexopt::Error>) -> Result<String, String> {
    value
        .map_err(|e| e.to_string())?
        .into_string()
        .map_err(|_| "argument is not valid text".to_owned())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("batch: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(summary) => {
            eprint!("{summary}");
            ExitCode::from(if summary.errors() > 0 { 1 } else { 0 })
        }
        Err(Stop::Closed) => ExitCode::SUCCESS,
        Err(Stop::Fatal(lines)) => {
            for line in lines {
                eprintln!("{line}");
            }
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<Summary, Stop> {
    let policy = common::read_policy(args.policy.as_deref())
        .map_err(|lines| Stop::Fatal(lines.into_iter().map(|l| format!("batch: {l}")).collect()))?;
    let format = match args.format {
        Some(f) => f,
        None if args.input == "-" => Format::Csv,
        None => std::path::Path::new(&args.input)
            .extension()
            .and_then(|e| e.to_str())
            .and_then(parse_format)
            .ok_or_else(|| {
                Stop::Fatal(vec![format!(
                    "batch: cannot tell the format of {} from its extension: use --format csv, jsonl or json",
                    args.input
                )])
            })?,
    };
    let input: Box<dyn Read> = if args.input == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(
            File::open(&args.input)
                .map_err(|e| Stop::Fatal(vec![format!("batch: {}: {e}", args.input)]))?,
        )
    };
    let output: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            File::create(path).map_err(|e| Stop::Fatal(vec![format!("batch: {path}: {e}")]))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut sink = Sink::new(output);
    match format {
        Format::Csv => read_csv(input, args.delimiter, &policy, &mut sink)?,
        Format::Jsonl => read_jsonl(input, &policy, &mut sink)?,
        Format::Json => read_json(input, &policy, &mut sink)?,
    }
    sink.finish()
}

/// Writes result rows and counts them.
struct Sink {
    writer: csv::Writer<Box<dyn Write>>,
    summary: Summary,
    progress: Progress,
    header_written: bool,
}

impl Sink {
    fn new(output: Box<dyn Write>) -> Sink {
        Sink {
            writer: csv::WriterBuilder::new().from_writer(output),
            summary: Summary::default(),
            progress: Progress::new(),
            header_written: false,
        }
    }

    fn header(&mut self) -> Result<(), Stop> {
        if !self.header_written {
            self.writer.write_record(RESULT_COLUMNS)?;
            self.header_written = true;
        }
        Ok(())
    }

    fn put(&mut self, scored: &Scored) -> Result<(), Stop> {
        self.header()?;
        let cells = match &scored.result {
            Ok(evaluation) => evaluation.cells(),
            Err(error) => error_cells(error),
        };
        self.writer
            .write_record(cells.iter().map(keyaccount::Cell::rounded))?;
        self.summary.add(&scored.result);
        self.progress.tick();
        Ok(())
    }

    fn finish(mut self) -> Result<Summary, Stop> {
        self.header()?;
        self.writer.flush()?;
        self.progress.done();
        Ok(self.summary)
    }
}

/// A progress line on stderr for long runs, only when stderr is a terminal.
struct Progress {
    enabled: bool,
    start: Instant,
    last: Option<Instant>,
    count: u64,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            enabled: io::stderr().is_terminal(),
            start: Instant::now(),
            last: None,
            count: 0,
        }
    }

    fn tick(&mut self) {
        self.count += 1;
        if !self.enabled || self.count % 4096 != 0 {
            return;
        }
        let now = Instant::now();
        let since_start = now - self.start;
        let due = self
            .last
            .map_or(since_start >= Duration::from_secs(2), |last| {
                now - last >= Duration::from_secs(1)
            });
        if due {
            let rate = self.count as f64 / since_start.as_secs_f64();
            eprint!("\r{} records, {rate:.0} records/s", self.count);
            self.last = Some(now);
        }
    }

    fn done(&self) {
        if self.last.is_some() {
            eprintln!();
        }
    }
}

/// Notes where line-ending bytes pass, so that a record's byte offset maps to its
/// physical line even with CRLF endings, quoted newlines and blank lines.
#[derive(Default)]
struct NewlineIndex {
    /// Offsets of `\r` and `\n` bytes not yet passed, with `true` for `\n`.
    pending: VecDeque<(u64, bool)>,
    /// Newlines already passed.
    passed: u64,
    /// Bytes read so far.
    read: u64,
}

impl NewlineIndex {
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
            self.passed += u64::from(newline);
        }
        self.passed + 1
    }
}

struct Counting<R> {
    inner: R,
    index: Rc<RefCell<NewlineIndex>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut index = self.index.borrow_mut();
        let base = index.read;
        for (i, b) in buf[..n].iter().enumerate() {
            if matches!(b, b'\r' | b'\n') {
                index.pending.push_back((base + i as u64, *b == b'\n'));
            }
        }
        index.read += n as u64;
        Ok(n)
    }
}

fn read_csv(
    input: Box<dyn Read>,
    delimiter: u8,
    policy: &Policy,
    sink: &mut Sink,
) -> Result<(), Stop> {
    let index = Rc::new(RefCell::new(NewlineIndex::default()));
    let counting = Counting {
        inner: input,
        index: Rc::clone(&index),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(counting);
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record)? {
        return Err(Stop::Fatal(vec![
            "batch: the input is empty: it needs a header line".to_owned(),
        ]));
    }
    let header: Vec<String> = record
        .iter()
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    let layout = FlatLayout::from_header(&header).map_err(|e| {
        Stop::Fatal(
            e.messages()
                .into_iter()
                .map(|m| format!("batch: header: {m}"))
                .collect(),
        )
    })?;
    sink.header()?;
    while reader.read_byte_record(&mut record)? {
        let line = index
            .borrow_mut()
            .line_of(record.position().map_or(0, csv::Position::byte));
        let text: Result<Vec<&str>, _> = record.iter().map(std::str::from_utf8).collect();
        let row = match text {
            Ok(cells) => Ok(layout.read(cells)),
            Err(_) => Err(unreadable("is not valid UTF-8 text".to_owned())),
        };
        for scored in score([(line, row)], policy) {
            sink.put(&scored)?;
        }
    }
    Ok(())
}

fn unreadable(message: String) -> Error {
    Error::new(ErrorKind::Unreadable { id: None, message })
}

/// serde_json's message without its " at line L column C" suffix, which would
/// repeat or contradict the record's own line.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => format!("{} (column {})", &text[..at], e.column()),
        None => text,
    }
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

fn read_jsonl(input: Box<dyn Read>, policy: &Policy, sink: &mut Sink) -> Result<(), Stop> {
    let mut reader = BufReader::new(input);
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        line += 1;
        let record = match std::str::from_utf8(&buf) {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => {
                let text = text.trim_start_matches('\u{feff}').trim();
                serde_json::from_str::<AccountInput>(text).map_err(|e| {
                    let message = format!("is not a valid JSON object: {}", json_message(&e));
                    Error::new(ErrorKind::Unreadable {
                        id: sniff_id(text),
                        message,
                    })
                })
            }
            Err(_) => Err(unreadable("is not valid UTF-8 text".to_owned())),
        };
        for scored in score([(line, record)], policy) {
            sink.put(&scored)?;
        }
    }
}

/// Notes the line of the first byte of each array element as serde_json reads
/// (it reads one byte at a time through `io::Bytes`).
#[derive(Default)]
struct ElementStart {
    line: u64,
    waiting: bool,
    start: u64,
}

struct Marking<R> {
    inner: R,
    state: Rc<RefCell<ElementStart>>,
}

impl<R: Read> Read for Marking<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut s = self.state.borrow_mut();
        for &b in &buf[..n] {
            if s.waiting && !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[') {
                s.waiting = false;
                s.start = s.line + 1;
            }
            if b == b'\n' {
                s.line += 1;
            }
        }
        Ok(n)
    }
}

fn read_json(input: Box<dyn Read>, policy: &Policy, sink: &mut Sink) -> Result<(), Stop> {
    use serde::de::{Deserializer as _, SeqAccess, Visitor};

    struct Elements<'a> {
        policy: &'a Policy,
        sink: &'a mut Sink,
        state: Rc<RefCell<ElementStart>>,
        stopped: Option<Stop>,
    }

    impl<'de> Visitor<'de> for &mut Elements<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON array of accounts")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            loop {
                self.state.borrow_mut().waiting = true;
                let Some(input) = seq.next_element::<AccountInput>()? else {
                    return Ok(());
                };
                let line = self.state.borrow().start;
                for scored in score([(line, input)], self.policy) {
                    if let Err(stop) = self.sink.put(&scored) {
                        self.stopped = Some(stop);
                        return Err(serde::de::Error::custom("output stopped"));
                    }
                }
            }
        }
    }

    // Skip a byte-order mark, which serde_json does not accept.
    let mut input = BufReader::new(input);
    if input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    let state = Rc::new(RefCell::new(ElementStart::default()));
    let marking = Marking {
        inner: input,
        state: Rc::clone(&state),
    };
    let mut de = serde_json::Deserializer::from_reader(marking);
    let mut elements = Elements {
        policy,
        sink,
        state,
        stopped: None,
    };
    let outcome = (&mut de)
        .deserialize_seq(&mut elements)
        .and_then(|()| de.end());
    if let Some(stop) = elements.stopped.take() {
        return Err(stop);
    }
    if let Err(e) = outcome {
        if e.is_io() {
            return Err(Stop::from(io::Error::from(e)));
        }
        if elements.sink.summary.records() == 0 && (e.is_data() || e.is_eof()) {
            return Err(Stop::Fatal(vec![format!(
                "batch: the input must be a JSON array of accounts: {}",
                json_message(&e)
            )]));
        }
        // A syntax error ends the reading: one row says where it broke.
        let line = u64::try_from(e.line()).unwrap_or(0);
        let error = unreadable(format!(
            "the JSON array breaks here, reading stopped: {}",
            json_message(&e)
        ));
        for scored in score([(line, Err::<AccountInput, _>(error))], policy) {
            elements.sink.put(&scored)?;
        }
    }
    Ok(())
}
