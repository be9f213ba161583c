//! Scores a whole list of key accounts and writes one result row per record.
//!
//! ```text
//! cargo run --release --example batch -- [--policy POLICY.json] [--format csv|jsonl|json] [--delimiter CHAR] INPUT [-o OUT.csv]
//! ```
//!
//! INPUT is read in the format its extension names (`.csv`, `.jsonl` or `.ndjson`,
//! `.json`) or `--format`; `-` reads standard input (CSV unless `--format` says
//! otherwise). The input streams: memory stays flat however long it is. The result
//! CSV goes to standard output or `-o`; a short summary goes to stderr. Workbooks
//! (`.xlsx`, `.ods` in, `.xlsx` out) need the crate's `spreadsheet` feature
//! (`--features spreadsheet`); without it, asking for one says so and exits 2.
//!
//! Exit codes: 0 when every record was scored, 1 when some were errors (all rows
//! are still written), 2 when the run could not start (usage, unreadable file,
//! bad header, invalid policy), 3 when it started but could not finish (an output
//! that cannot be written, an input that fails mid-read). `-o FILE` is written
//! under a temporary name beside FILE and renamed only when complete.

mod common;

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::hash::{Hash, Hasher};
use std::io::{self, IsTerminal, Read, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use keyaccount::portfolio::IntoRecord;
use keyaccount::read::{self, Format};
use keyaccount::write::CsvWriter;
#[cfg(feature = "spreadsheet")]
use keyaccount::write::XlsxWriter;
use keyaccount::{Error, ErrorKind, Summary, Tally, score_parallel, score_parallel_map};

const USAGE: &str = "\
usage: batch [--policy POLICY.json] [--format csv|jsonl|json|xlsx|ods] [--delimiter CHAR]
             [--decimal-comma] [--columns MAP.json] [--sheet NAME] [--max-line-bytes N]
             [--threads N] [--no-duplicate-check]
             INPUT [-o OUT.csv|OUT.xlsx]
       batch --template FILE.csv|FILE.xlsx [--force]

Scores every account in INPUT and writes the result CSV, one row per record.
INPUT '-' reads standard input.

  --policy FILE      read the valuation policy from FILE (default: the model's defaults)
  --format FORMAT    csv, jsonl, json, xlsx or ods (default: from INPUT's extension;
                     csv for '-')
  --delimiter CHAR   the CSV input's delimiter, such as ';' (default ',')
  --decimal-comma    read 0,25 and 1 200 000,50 (with --delimiter ';')
  --columns FILE     map your own headers to fields, with units (JSON)
  --sheet NAME       the workbook sheet to read (default: the first)
  --template FILE    write an empty account list (.csv or .xlsx) to fill in; an
                     existing FILE is kept unless --force is given
  --force            with --template, replace an existing file
  --max-line-bytes N the longest record of a CSV or JSON Lines input, in bytes
                     (default 67108864, 64 MiB): a longer one is an error row
  --threads N        score on N threads, results in input order (default: all cores)
  -o, --output FILE  write the results to FILE, CSV or .xlsx (default: CSV on
                     standard output); a file is written under a temporary name
                     and renamed when complete
  --no-duplicate-check
                     do not warn about repeated ids (saves about 28 MiB at a
                     million records: 36 MiB peak with the check, 8 MiB without)
  -h, --help         print this help

Workbooks (xlsx, ods, --sheet, -o OUT.xlsx, --template FILE.xlsx) need the crate's
`spreadsheet` feature: cargo run --release --features spreadsheet --example batch -- ...

Exit codes: 0 all scored, 1 some records were errors, 2 could not run,
3 started but could not finish (the summary says how many rows were written).";

/// How many header problems are printed before a count of the rest.
const HEADER_PROBLEMS_SHOWN: usize = 20;

struct Args {
    policy: Option<String>,
    list: common::ListOptions,
    input: String,
    output: Option<String>,
    no_duplicate_check: bool,
    template: Option<String>,
    force: bool,
    threads: NonZeroUsize,
}

/// Why the run stopped early.
enum Stop {
    /// Could not run: print these lines, exit 2.
    Fatal(Vec<String>),
    /// Started but could not finish: print these lines, exit 3.
    Unfinished(Vec<String>),
    /// The output pipe closed: end quietly.
    Closed,
}

impl From<Error> for Stop {
    fn from(e: Error) -> Stop {
        if common::closed_pipe(&e) {
            return Stop::Closed;
        }
        let lines = match e.kind() {
            ErrorKind::InvalidHeader { .. } => {
                // A header of thousands of bad columns must not flood the terminal.
                let messages = e.messages();
                let mut lines: Vec<String> = messages
                    .iter()
                    .take(HEADER_PROBLEMS_SHOWN)
                    .map(|m| format!("batch: header: {m}"))
                    .collect();
                if messages.len() > HEADER_PROBLEMS_SHOWN {
                    lines.push(format!(
                        "batch: header: ... and {} more problems",
                        messages.len() - HEADER_PROBLEMS_SHOWN
                    ));
                }
                lines
            }
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
    let mut list = common::ListOptions::default();
    let mut input = None;
    let mut output = None;
    let mut no_duplicate_check = false;
    let mut template = None;
    let mut force = false;
    let mut threads = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        if let Long(option) = arg {
            if common::ListOptions::takes(option) {
                let option = option.to_owned();
                list.take(&option, &mut parser)?;
                continue;
            }
        }
        match arg {
            Long("policy") => policy = Some(string(parser.value())?),
            Short('o') | Long("output") => output = Some(string(parser.value())?),
            Long("no-duplicate-check") => no_duplicate_check = true,
            Long("template") => template = Some(string(parser.value())?),
            Long("force") => force = true,
            Long("threads") => {
                let text = string(parser.value())?;
                threads = text.parse().map_err(|_| {
                    format!("--threads must be a whole number above 0, got {text:?}")
                })?;
            }
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
    let input = match (input, &template) {
        (Some(input), _) => input,
        (None, Some(_)) => String::new(),
        (None, None) => return Err("missing INPUT (use - for standard input)".to_owned()),
    };
    Ok(Some(Args {
        policy,
        list,
        input,
        output,
        no_duplicate_check,
        template,
        force,
        threads,
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
    if let Some(path) = &args.template {
        return match template(path, args.force) {
            Ok(()) => ExitCode::SUCCESS,
            Err(Stop::Fatal(lines) | Stop::Unfinished(lines)) => {
                for line in lines {
                    common::say!("{line}");
                }
                ExitCode::from(2)
            }
            Err(Stop::Closed) => ExitCode::SUCCESS,
        };
    }
    match run(&args) {
        Ok(summary) => {
            common::say_part!("{summary}");
            let target = args.output.as_deref().unwrap_or("standard output");
            common::say!("  {} rows written to {target}", summary.records());
            ExitCode::from(u8::from(summary.errors() > 0))
        }
        Err(Stop::Closed) => ExitCode::SUCCESS,
        Err(Stop::Fatal(lines)) => {
            for line in lines {
                common::say!("{line}");
            }
            ExitCode::from(2)
        }
        Err(Stop::Unfinished(lines)) => {
            for line in lines {
                common::say!("{line}");
            }
            ExitCode::from(3)
        }
    }
}

fn fatal(line: String) -> Stop {
    Stop::Fatal(vec![line])
}

/// Writes an empty account list with every column and one example row.
fn template(path: &str, force: bool) -> Result<(), Stop> {
    let lower = path.to_ascii_lowercase();

    if !(lower.ends_with(".csv") || lower.ends_with(".xlsx")) {
        return Err(fatal(format!(
            "batch: {path}: a template is written as .csv or .xlsx: name the file so"
        )));
    }
    #[cfg(not(feature = "spreadsheet"))]
    if lower.ends_with(".xlsx") {
        return Err(fatal(format!(
            "batch: {}",
            common::needs_spreadsheet("writing .xlsx")
        )));
    }
    let fail = |e: keyaccount::Error| fatal(format!("batch: {path}: {e}"));
    // An existing file may be the account list itself: it is replaced only with
    // --force (a new file is created exclusively, never through a link).
    let file = if force {
        File::create(path)
    } else {
        OpenOptions::new().write(true).create_new(true).open(path)
    }
    .map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => fatal(format!(
            "batch: {path} already exists: choose another name, or add --force to replace it"
        )),
        _ => fatal(format!("batch: {path}: {e}")),
    })?;
    #[cfg(feature = "spreadsheet")]
    let written = if lower.ends_with(".xlsx") {
        keyaccount::write::template_xlsx(file).map(drop)
    } else {
        keyaccount::write::template_csv(file).map(drop)
    };
    #[cfg(not(feature = "spreadsheet"))]
    let written = keyaccount::write::template_csv(file).map(drop);
    written.map_err(fail)?;
    common::say!("batch: wrote the template {path}: overwrite the EXAMPLE row with your accounts");
    Ok(())
}

/// The file types `batch` writes: the result CSV and the xlsx workbook.
fn writable(path: &str) -> Result<(), Stop> {
    let extension = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("ods" | "xls" | "xlsm" | "xlsb" | "json" | "jsonl" | "ndjson") => Err(fatal(format!(
            "batch: {path}: results are written as CSV or .xlsx, not in the format its name says"
        ))),
        #[cfg(not(feature = "spreadsheet"))]
        Some("xlsx") => Err(fatal(format!(
            "batch: {}",
            common::needs_spreadsheet("writing .xlsx")
        ))),
        _ => Ok(()),
    }
}

/// Refuses an output that is one of the files the run reads (the account list,
/// the policy, the column map), however it is named: `./accounts.csv`, a hard
/// link or a symbolic link to it are the same file. Checked before anything is
/// read or written.
fn not_an_input(output: &str, args: &Args) -> Result<(), Stop> {
    let inputs = [
        (args.input.as_str(), "the account list"),
        (args.policy.as_deref().unwrap_or("-"), "the policy"),
        (
            args.list.columns.as_deref().unwrap_or("-"),
            "the column map",
        ),
    ];
    for (input, what) in inputs {
        if input != "-" && same_file(output, input) {
            return Err(fatal(format!(
                "batch: -o {output} is {what} ({input}): the results would replace it; write them to another file"
            )));
        }
    }
    Ok(())
}

/// Whether two paths name one file: the same device and inode where the system
/// has them, else the same canonical path. A path that does not exist is no file.
fn same_file(a: &str, b: &str) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if ma.dev() == mb.dev() && ma.ino() == mb.ino() {
            return true;
        }
    }
    let _ = (ma, mb);
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(ca), Ok(cb)) => ca == cb,
        _ => false,
    }
}

fn run(args: &Args) -> Result<Summary, Stop> {
    if let Some(path) = &args.output {
        writable(path)?;
        not_an_input(path, args)?;
    }
    let policy = common::read_policy(args.policy.as_deref())
        .map_err(|lines| Stop::Fatal(lines.into_iter().map(|l| format!("batch: {l}")).collect()))?;
    let (format, options) = args
        .list
        .resolve(&args.input)
        .map_err(|lines| Stop::Fatal(lines.into_iter().map(|l| format!("batch: {l}")).collect()))?;
    let input: Box<dyn Read> = if args.input == "-" {
        Box::new(io::stdin().lock())
    } else {
        let file =
            File::open(&args.input).map_err(|e| fatal(format!("batch: {}: {e}", args.input)))?;
        Box::new(file)
    };
    let records: Records<'_> = match format {
        #[cfg(feature = "spreadsheet")]
        Format::Workbook => {
            // A workbook is read whole.
            let mut bytes = Vec::new();
            let mut input = input;
            input
                .read_to_end(&mut bytes)
                .map_err(|e| fatal(format!("batch: {}: {e}", args.input)))?;
            let reader = read::workbook(io::Cursor::new(bytes), &options)?;
            Box::new(reader.map(|r| r.map(|record| Row::Ready(Box::new(record)))))
        }
        // The reading thread only splits CSV rows; scoring threads read them.
        Format::Csv => Box::new(
            read::CsvReader::new(input, &options)?
                .pending()
                .map(|r| r.map(Row::Pending)),
        ),
        _ => Box::new(
            read::records(input, format, &options)?
                .map(|r| r.map(|record| Row::Ready(Box::new(record)))),
        ),
    };
    let mut output = Output::open(args.output.as_deref())?;
    // From here on the run has started: a failure is exit 3, with what was written.
    let mut summary = Summary::default();
    let mut duplicates = (!args.no_duplicate_check).then(Duplicates::default);
    let outcome = match args.output.as_deref() {
        #[cfg(feature = "spreadsheet")]
        Some(path) if path.to_ascii_lowercase().ends_with(".xlsx") => score_into_workbook(
            path,
            records,
            &policy,
            args.threads,
            &mut output,
            &mut summary,
            duplicates.as_mut(),
        ),
        _ => score_into(
            records,
            &policy,
            args.threads,
            &mut output,
            &mut summary,
            duplicates.as_mut(),
        ),
    };
    match outcome.and_then(|()| output.finish()) {
        Ok(()) => {
            if let Some(d) = &duplicates {
                d.report();
            }
            Ok(summary)
        }
        Err(stop) => {
            output.abandon();
            match stop {
                Stop::Closed => Err(Stop::Closed),
                Stop::Fatal(lines) | Stop::Unfinished(lines) => {
                    common::say_part!("{summary}");
                    let mut lines = lines;
                    lines.push(format!(
                        "batch: stopped before the end: {} rows were scored and passed to the output{}",
                        summary.records(),
                        output.abandoned_note()
                    ));
                    Err(Stop::Unfinished(lines))
                }
            }
        }
    }
}

type Records<'a> = Box<dyn Iterator<Item = keyaccount::Result<Row>> + 'a>;

/// A record, or a CSV row for the scoring thread to read.
enum Row {
    Ready(Box<keyaccount::Record>),
    Pending(read::PendingRow),
}

impl IntoRecord for Row {
    fn into_record(self) -> keyaccount::Record {
        match self {
            Row::Ready(record) => *record,
            Row::Pending(row) => row.into_record(),
        }
    }
}

fn score_into(
    records: Records<'_>,
    policy: &keyaccount::Policy,
    threads: NonZeroUsize,
    output: &mut Output,
    summary: &mut Summary,
    mut duplicates: Option<&mut Duplicates>,
) -> Result<(), Stop> {
    if threads.get() == 1 {
        // On one thread, row by row: no batch of results is held.
        let mut writer = CsvWriter::new(output.writer());
        writer.write_header()?;
        each_result(records, policy, threads, summary, duplicates, |result| {
            writer.write(result)
        })?;
        writer.flush()?;
        return Ok(());
    }
    let mut out = output.writer();
    let mut header = CsvWriter::new(&mut out);
    header.write_header()?;
    header.flush()?;
    drop(header);
    let mut progress = Progress::new();
    let check = duplicates.is_some();
    score_parallel_map(
        records,
        policy,
        threads,
        // On the workers: each batch's rows formatted, what the summary and the
        // duplicate check need of each result, and the results dropped there.
        |scored| {
            let mut rows = CsvWriter::rows_only(Vec::with_capacity(scored.len() * 512));
            let formatted = scored
                .iter()
                .try_for_each(|s| rows.write(&s.result))
                .and_then(|()| rows.into_inner());
            let tallies: Vec<Tally> = scored.iter().map(|s| Tally::from(&s.result)).collect();
            let ids = check.then(|| BatchIds::new(&scored));
            (formatted, tallies, ids)
        },
        // On this thread, in input order: the bytes out, then the counts.
        |(rows, tallies, ids)| {
            out.write_all(&rows?)?;
            for tally in tallies {
                summary.add_tally(tally);
                progress.tick();
            }
            if let (Some(d), Some(ids)) = (duplicates.as_deref_mut(), ids) {
                ids.see(d);
            }
            Ok::<(), Error>(())
        },
    )?;
    progress.done();
    out.flush().map_err(Error::from)?;
    Ok(())
}

/// The ids of a batch of results, for the duplicate check: each id's fingerprint,
/// and the ids' text in one buffer, for naming the first ones repeated.
struct BatchIds {
    text: String,
    ids: Vec<(u64, usize, usize)>,
}

impl BatchIds {
    fn new(scored: &[keyaccount::Scored]) -> BatchIds {
        let mut batch = BatchIds {
            text: String::new(),
            ids: Vec::with_capacity(scored.len()),
        };
        for s in scored {
            if let Some(id) = result_id(&s.result) {
                let id = id.trim();
                let start = batch.text.len();
                batch.text.push_str(id);
                batch.ids.push((fingerprint(id), start, batch.text.len()));
            }
        }
        batch
    }

    fn see(&self, duplicates: &mut Duplicates) {
        for &(fingerprint, start, end) in &self.ids {
            duplicates.see_fingerprint(fingerprint, || &self.text[start..end]);
        }
    }
}

/// Scores into a workbook, written to the output once complete.
#[cfg(feature = "spreadsheet")]
fn score_into_workbook(
    path: &str,
    records: Records<'_>,
    policy: &keyaccount::Policy,
    threads: NonZeroUsize,
    output: &mut Output,
    summary: &mut Summary,
    duplicates: Option<&mut Duplicates>,
) -> Result<(), Stop> {
    // The rows wait in a temporary file beside the output, not in TMPDIR.
    let folder = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut writer = XlsxWriter::new_in(folder)?;
    each_result(records, policy, threads, summary, duplicates, |result| {
        writer.write(result)
    })?;
    // The workbook format needs a seekable target: build it in memory, then copy.
    let bytes = writer.finish(io::Cursor::new(Vec::new()))?.into_inner();
    output.writer().write_all(&bytes).map_err(|e| {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Stop::Closed
        } else {
            Stop::Unfinished(vec![format!("batch: the input or output failed: {e}")])
        }
    })?;
    Ok(())
}

/// Scores every record (on `threads` threads, results in input order), hands each
/// result to `write`, and counts it.
fn each_result(
    records: Records<'_>,
    policy: &keyaccount::Policy,
    threads: NonZeroUsize,
    summary: &mut Summary,
    mut duplicates: Option<&mut Duplicates>,
    mut write: impl FnMut(&keyaccount::Result<keyaccount::Evaluation>) -> keyaccount::Result<()>,
) -> Result<(), Stop> {
    let mut progress = Progress::new();
    score_parallel(records, policy, threads, |scored| {
        write(&scored.result)?;
        count(summary, duplicates.as_deref_mut(), &scored.result);
        progress.tick();
        Ok::<(), Stop>(())
    })?;
    progress.done();
    Ok(())
}

/// Counts a result that reached the output, and notes its id.
fn count(
    summary: &mut Summary,
    duplicates: Option<&mut Duplicates>,
    result: &keyaccount::Result<keyaccount::Evaluation>,
) {
    summary.add(result);
    if let (Some(d), Some(id)) = (duplicates, result_id(result)) {
        d.see(id);
    }
}

/// The id of a result, or of the record an error is about, when known.
fn result_id(result: &keyaccount::Result<keyaccount::Evaluation>) -> Option<&str> {
    match result {
        Ok(e) => Some(e.id.as_str()),
        Err(error) => error.id(),
    }
}

/// An id's 8-byte fingerprint. DefaultHasher::new() has fixed keys: the same id
/// always has the same fingerprint. Two different ids share one with odds of
/// about n² / 2^65.
fn fingerprint(id: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// Ids seen so far, as 8-byte fingerprints in a hash set: about 28 MiB at a million
/// records (measured peak 36 MiB with the check, 8 MiB without; the README gives
/// the command).
#[derive(Default)]
struct Duplicates {
    seen: HashSet<u64>,
    repeated: u64,
    first: Vec<String>,
}

impl Duplicates {
    fn see(&mut self, id: &str) {
        let id = id.trim();
        self.see_fingerprint(fingerprint(id), || id);
    }

    /// Notes an id by its fingerprint; `id` gives its text if it is a repeat.
    fn see_fingerprint<'a>(&mut self, fingerprint: u64, id: impl FnOnce() -> &'a str) {
        if !self.seen.insert(fingerprint) {
            self.repeated += 1;
            let id = id();
            if self.first.len() < 5 && !self.first.iter().any(|f| f == id) {
                self.first.push(id.to_owned());
            }
        }
    }

    fn report(&self) {
        if self.repeated > 0 {
            common::say!(
                "warning: {} records repeat an id seen before (all were scored): {}{}",
                self.repeated,
                self.first.join(", "),
                if self.repeated > self.first.len() as u64 {
                    ", ..."
                } else {
                    ""
                }
            );
        }
    }
}

/// Where the result CSV goes. A regular file is written under a temporary name
/// beside it and renamed only when complete, so that no partial file ever looks
/// complete; standard output, pipes and devices are written directly.
enum Output {
    Stdout,
    Direct(File),
    Staged {
        file: Option<File>,
        temp: PathBuf,
        target: PathBuf,
    },
    Abandoned(Option<PathBuf>),
}

impl Output {
    fn open(path: Option<&str>) -> Result<Output, Stop> {
        let Some(path) = path else {
            return Ok(Output::Stdout);
        };
        let target = PathBuf::from(path);
        let special = std::fs::metadata(&target).is_ok_and(|m| !m.is_file());
        if special {
            let file = OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(|e| fatal(format!("batch: {path}: {e}")))?;
            return Ok(Output::Direct(file));
        }
        let (file, temp) = staged(&target).map_err(|e| fatal(format!("batch: {path}: {e}")))?;
        Ok(Output::Staged {
            file: Some(file),
            temp,
            target,
        })
    }

    fn writer(&mut self) -> Box<dyn Write + '_> {
        match self {
            Output::Stdout | Output::Abandoned(_) => Box::new(io::stdout().lock()),
            Output::Direct(file) => Box::new(file),
            Output::Staged { file, .. } => match file {
                Some(file) => Box::new(file),
                None => Box::new(io::sink()),
            },
        }
    }

    /// Makes the written file the result.
    fn finish(&mut self) -> Result<(), Stop> {
        if let Output::Staged { file, temp, target } = self {
            if let Some(file) = file.take() {
                file.sync_all().map_err(|e| {
                    Stop::Unfinished(vec![format!("batch: {}: {e}", target.display())])
                })?;
            }
            std::fs::rename(&*temp, &*target)
                .map_err(|e| Stop::Unfinished(vec![format!("batch: {}: {e}", target.display())]))?;
        }
        Ok(())
    }

    /// Removes a partial file after a failure.
    fn abandon(&mut self) {
        if let Output::Staged { temp, .. } = self {
            let removed = std::fs::remove_file(&*temp).is_ok();
            *self = Output::Abandoned((!removed).then(|| temp.clone()));
        }
    }

    fn abandoned_note(&self) -> String {
        match self {
            Output::Abandoned(None) => {
                "; the partial file was removed and the result file was not written".to_owned()
            }
            Output::Abandoned(Some(temp)) => {
                format!("; the partial file {} is not complete", temp.display())
            }
            _ => "; where the output itself failed, it may hold fewer".to_owned(),
        }
    }
}

/// Creates the temporary file beside `target`: a new file (never one that
/// exists, nor through a link planted at its name), named after the target, the
/// process and a counter (`.results.csv.4242.0.partial`), the next name tried
/// while one is taken.
fn staged(target: &std::path::Path) -> io::Result<(File, PathBuf)> {
    let name = target
        .file_name()
        .map_or_else(|| "results".into(), |n| n.to_string_lossy().into_owned());
    let mut last = None;
    for attempt in 0..1000_u32 {
        let temp =
            target.with_file_name(format!(".{name}.{}.{attempt}.partial", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((file, temp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
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
            common::say_part!("\r{} records, {rate:.0} records/s", self.count);
            self.last = Some(now);
        }
    }

    fn done(&self) {
        if self.last.is_some() {
            common::say!();
        }
    }
}
