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

use std::io::{self, Write as _};
use std::process::ExitCode;

use keyaccount::picture;
use keyaccount::portfolio::Book;
use keyaccount::score;

const USAGE: &str = "\
usage: portfolio [--policy POLICY.json] [LIST OPTIONS] INPUT [--json] [--svg FILE] [--html FILE]

Analyses a whole account list: ranking, whale curve, concentration, the
price x cost-to-serve and key-account matrices, and the release decision.

  INPUT           the account list; - reads standard input (CSV unless --format)
  --policy FILE   read the valuation policy from FILE (default: the model's defaults)
  --json          print the analysis as JSON instead of the report
  --svg FILE      write the whale curve as SVG
  --html FILE     write one self-contained page for a director: key figures,
                  every verdict, the pictures and the release decision
  -h, --help      print this help

The list is read as batch reads it, with the same list options:
";

const USAGE_END: &str = "\
Workbooks (xlsx, ods, --sheet) need the crate's `spreadsheet` feature:
cargo run --release --features spreadsheet --example portfolio -- ...";

struct Args {
    policy: Option<String>,
    list: common::ListOptions,
    input: String,
    json: bool,
    svg: Option<String>,
    html: Option<String>,
}

fn parse_args() -> Result<Option<Args>, lexopt::Error> {
    use lexopt::prelude::*;
    let mut args = Args {
        policy: None,
        list: common::ListOptions::default(),
        input: String::new(),
        json: false,
        svg: None,
        html: None,
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        if let Long(option) = arg {
            if common::ListOptions::takes(option) {
                let option = option.to_owned();
                args.list.take(&option, &mut parser)?;
                continue;
            }
        }
        match arg {
            Long("policy") => args.policy = Some(parser.value()?.string()?),
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
    let usage = format!("{USAGE}{}\n\n{USAGE_END}", common::LIST_OPTIONS_USAGE);
    let args = match common::arguments("portfolio", &usage, parse_args()) {
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
    let records = args.list.open(&args.input)?;
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
