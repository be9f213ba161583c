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
//! are still written), 2 when the run could not start or stopped (usage,
//! unreadable file, bad header, invalid policy, an input or output that fails).

mod common;

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use keyaccount::read::{self, Format, ReadOptions};
use keyaccount::write::CsvWriter;
use keyaccount::{Error, ErrorKind, Summary, score};

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

impl From<Error> for Stop {
    fn from(e: Error) -> Stop {
        if common::closed_pipe(&e) {
            return Stop::Closed;
        }
        let lines = match e.kind() {
            ErrorKind::InvalidHeader { .. } => e
                .messages()
                .into_iter()
                .map(|m| format!("batch: header: {m}"))
                .collect(),
            _ => e
                .messages()
                .into_iter()
                .map(|m| format!("batch: {m}"))
                .collect(),
        };
        Stop::Fatal(lines)
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
                    text.parse::<Format>()
                        .map_err(|_| format!("unknown format {text:?}: use csv, jsonl or json"))?,
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
                );
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
    let args = match common::arguments("batch", USAGE, parse_args()) {
        Ok(args) => args,
        Err(code) => return code,
    };
    match run(&args) {
        Ok(summary) => {
            eprint!("{summary}");
            ExitCode::from(u8::from(summary.errors() > 0))
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

fn fatal(line: String) -> Stop {
    Stop::Fatal(vec![line])
}

fn run(args: &Args) -> Result<Summary, Stop> {
    let policy = common::read_policy(args.policy.as_deref())
        .map_err(|lines| Stop::Fatal(lines.into_iter().map(|l| format!("batch: {l}")).collect()))?;
    let format = match args.format {
        Some(f) => f,
        None if args.input == "-" => Format::Csv,
        None => Format::from_path(&args.input).ok_or_else(|| {
            fatal(format!(
                "batch: cannot tell the format of {} from its extension: use --format csv, jsonl or json",
                args.input
            ))
        })?,
    };
    let input: Box<dyn Read> = if args.input == "-" {
        Box::new(io::stdin().lock())
    } else {
        let file =
            File::open(&args.input).map_err(|e| fatal(format!("batch: {}: {e}", args.input)))?;
        Box::new(file)
    };
    let options = ReadOptions::default().delimiter(args.delimiter);
    let records = read::records(input, format, &options)?;
    let output: Box<dyn Write> = match &args.output {
        Some(path) => {
            Box::new(File::create(path).map_err(|e| fatal(format!("batch: {path}: {e}")))?)
        }
        None => Box::new(io::stdout().lock()),
    };
    let mut writer = CsvWriter::new(output);
    writer.write_header()?;
    let mut summary = Summary::default();
    let mut progress = Progress::new();
    for scored in score(records, &policy) {
        let scored = scored?;
        writer.write(&scored.result)?;
        summary.add(&scored.result);
        progress.tick();
    }
    writer.into_inner()?;
    progress.done();
    Ok(summary)
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
            #[allow(clippy::cast_precision_loss)]
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
