//! The whole book of key accounts at a glance: ranking, whale curve,
//! concentration, both matrices and what releasing the `release` accounts would do.
//!
//! ```text
//! cargo run --release --example portfolio -- [--policy POLICY.json] [--format csv|jsonl|json] INPUT|- [--json] [--svg whale.svg] [--html report.html]
//! ```
//!
//! Prints a readable report; `--json` prints it as JSON instead. `--svg` writes the
//! whale curve (of the combined view when the policy's exchange rates allow one,
//! else of the first currency whose active accounts are worth more than nothing),
//! `--html` one self-contained page: key figures, every verdict with its waterfall, the
//! pictures and the release decision, dated today. Records that cannot be scored are listed and left out.
//! Exit codes: 0 done, 1 some records were errors (the rest analysed), 2 could not run.

mod common;

use std::fs::File;
use std::io::{self, Write as _};
use std::process::ExitCode;

use keyaccount::picture;
use keyaccount::portfolio::Book;
use keyaccount::read::{self, Format};
use keyaccount::score;

const USAGE: &str = "\
usage: portfolio [--policy POLICY.json] [--format csv|jsonl|json|xlsx|ods] [--columns MAP.json]
                 [--sheet NAME] [--delimiter CHAR] [--decimal-comma] INPUT [--json] [--svg FILE] [--html FILE]

Analyses a whole account list: ranking, whale curve, concentration, the
price x cost-to-serve and key-account matrices, and the release decision.

  INPUT           the account list; - reads standard input (CSV unless --format)
  --policy FILE   read the valuation policy from FILE (default: the model's defaults)
  --format FMT    csv, jsonl, json, xlsx or ods (default: from INPUT's extension)
  --columns FILE  map your own headers to fields, with units (JSON)
  --sheet NAME    the workbook sheet to read (default: the first)
  --delimiter C   the CSV delimiter (default ',')
  --decimal-comma read 0,25 and 1 200 000,50
  --json          print the analysis as JSON instead of the report
  --svg FILE      write the whale curve as SVG
  --html FILE     write one self-contained page for a director: key figures,
                  every verdict, the pictures and the release decision
  -h, --help      print this help

Workbooks (xlsx, ods, --sheet) need the crate's `spreadsheet` feature:
cargo run --release --features spreadsheet --example portfolio -- ...";

struct Args {
    policy: Option<String>,
    format: Option<Format>,
    columns: Option<String>,
    sheet: Option<String>,
    decimal_comma: bool,
    delimiter: u8,
    input: String,
    json: bool,
    svg: Option<String>,
    html: Option<String>,
}

fn parse_args() -> Result<Option<Args>, lexopt::Error> {
    use lexopt::prelude::*;
    let mut args = Args {
        policy: None,
        format: None,
        columns: None,
        sheet: None,
        decimal_comma: false,
        delimiter: b',',
        input: String::new(),
        json: false,
        svg: None,
        html: None,
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("policy") => args.policy = Some(parser.value()?.string()?),
            Long("format") => args.format = Some(parser.value()?.parse()?),
            Long("columns") => args.columns = Some(parser.value()?.string()?),
            Long("sheet") => args.sheet = Some(parser.value()?.string()?),
            Long("decimal-comma") => args.decimal_comma = true,
            Long("delimiter") => {
                let text = parser.value()?.string()?;
                args.delimiter = match text.as_bytes() {
                    [b] if b.is_ascii() => *b,
                    _ => return Err("--delimiter must be one ASCII character".into()),
                };
            }
            Long("json") => args.json = true,
            Long("svg") => args.svg = Some(parser.value()?.string()?),
            Long("html") => args.html = Some(parser.value()?.string()?),
            Short('h') | Long("help") => return Ok(None),
            Value(v) if args.input.is_empty() => args.input = v.string()?,
            _ => return Err(arg.unexpected()),
        }
    }
    if args.input.is_empty() {
        return Err("missing INPUT".into());
    }
    Ok(Some(args))
}

fn main() -> ExitCode {
    let args = match common::arguments("portfolio", USAGE, parse_args()) {
        Ok(args) => args,
        Err(code) => return code,
    };
    match run(&args) {
        Ok(errors) => ExitCode::from(u8::from(errors > 0)),
        Err(lines) => {
            for line in lines {
                common::say!("portfolio: {line}");
            }
            ExitCode::from(2)
        }
    }
}

/// Today's date (UTC) as `6 December 2026`, from the system clock: the
/// library keeps none, so the page's date is the caller's.
fn today() -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = i64::try_from(seconds / 86_400).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let name = usize::try_from(month - 1).map_or("", |m| MONTHS[m % 12]);
    format!("{day} {name} {year}")
}

fn run(args: &Args) -> Result<usize, Vec<String>> {
    let policy = common::read_policy(args.policy.as_deref())?;
    let (format, options) = common::read_options(
        &args.input,
        args.format,
        args.delimiter,
        args.decimal_comma,
        args.columns.as_deref(),
        args.sheet.as_deref(),
    )?;
    let input: Box<dyn io::Read> = if args.input == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(&args.input).map_err(|e| vec![format!("{}: {e}", args.input)])?)
    };
    let records: Box<dyn Iterator<Item = keyaccount::Result<keyaccount::Record>>> = match format {
        #[cfg(feature = "spreadsheet")]
        Format::Workbook => {
            // A workbook is read whole.
            let mut bytes = Vec::new();
            let mut input = input;
            input
                .read_to_end(&mut bytes)
                .map_err(|e| vec![format!("{}: {e}", args.input)])?;
            Box::new(read::workbook(io::Cursor::new(bytes), &options).map_err(|e| e.messages())?)
        }
        _ => Box::new(read::records(input, format, &options).map_err(|e| e.messages())?),
    };
    // The book keeps the records that could not be scored; the report lists them.
    let book: Book = score(records, &policy)
        .collect::<keyaccount::Result<_>>()
        .map_err(|e| e.messages())?;
    let report = book.analyze(&policy);
    let out = if args.json {
        serde_json::to_string_pretty(&report).map_err(|e| vec![e.to_string()])? + "\n"
    } else {
        report.to_string()
    };
    if let Some(path) = &args.svg {
        // The combined view, else the first currency whose curve can be drawn.
        let view = report
            .views
            .iter()
            .find(|v| v.combined)
            .or_else(|| report.views.iter().find(|v| v.whale.peak_share.is_some()))
            .or_else(|| report.views.first());
        let svg = view.map_or_else(String::new, picture::whale);
        std::fs::write(path, svg).map_err(|e| vec![format!("{path}: {e}")])?;
    }
    if let Some(path) = &args.html {
        let page = picture::html(&report, &today());
        std::fs::write(path, page).map_err(|e| vec![format!("{path}: {e}")])?;
    }
    // A reader that stops early (`| head`) is not an error.
    let _ = io::stdout().lock().write_all(out.as_bytes());
    Ok(book.left_out().len())
}
