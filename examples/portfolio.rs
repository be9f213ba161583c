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
//! `--html` one self-contained page with the report and every picture. Records that cannot be scored are listed and left out.
//! Exit codes: 0 done, 1 some records were errors (the rest analysed), 2 could not run.

mod common;

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Write as _};
use std::process::ExitCode;

use keyaccount::display::{grouped, percent};
use keyaccount::picture;
use keyaccount::portfolio::{Book, Entry, Matrix, Ranked, Report, View};
use keyaccount::read::{self, Format};
use keyaccount::{MODEL_VERSION, evaluate};
use rust_decimal::Decimal;

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
  --html FILE     write one self-contained page with the report and pictures
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
    let mut book = Book::default();
    let mut errors = Vec::new();
    for record in records {
        let record = record.map_err(|e| e.messages())?;
        match record
            .account
            .and_then(|a| evaluate(&a, &policy).map(|e| (a, e)))
        {
            Ok((account, evaluation)) => book.add(Entry::new(&account, &evaluation)),
            Err(error) => errors.extend(common::error_lines(&error)),
        }
    }
    let report = book.analyze(&policy);
    let text = report_text(&report, &errors);
    let out = if args.json {
        serde_json::to_string_pretty(&report).map_err(|e| vec![e.to_string()])? + "\n"
    } else {
        text.clone()
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
        std::fs::write(path, picture::html(&report, &text))
            .map_err(|e| vec![format!("{path}: {e}")])?;
    }
    // A reader that stops early (`| head`) is not an error.
    let _ = io::stdout().lock().write_all(out.as_bytes());
    Ok(errors.len())
}

fn money(x: Decimal) -> String {
    grouped(x, 0)
}

fn share(x: Option<Decimal>) -> String {
    x.map_or_else(|| "n/a".to_owned(), |s| percent(s, 1))
}

fn report_text(report: &Report, errors: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "keyaccount model {MODEL_VERSION}: portfolio report");
    for note in &report.notes {
        let _ = writeln!(out, "Note: {note}");
    }
    if report.views.is_empty() {
        let _ = writeln!(out, "\nNo accounts could be analysed.");
    }
    for view in &report.views {
        view_text(&mut out, view);
    }
    if !errors.is_empty() {
        let _ = writeln!(out, "\nRecords left out ({}):", errors.len());
        for line in errors {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

fn view_text(out: &mut String, view: &View) {
    let cur = view.currency;
    let kind = if view.combined {
        " (all currencies converted)"
    } else {
        ""
    };
    let active = view.whale.accounts;
    let _ = writeln!(
        out,
        "\n=== {cur}{kind}: {} accounts, {active} active ===",
        view.entries.len()
    );
    let line = |out: &mut String, r: &Ranked| {
        let name = view
            .entries
            .iter()
            .find(|e| e.id == r.id)
            .map_or("", |e| e.name.as_str());
        let v = r.figure.unwrap_or_default();
        let _ = writeln!(out, "  {:<8} {name:<34} {:>16} {cur}", r.id, money(v));
    };
    let _ = writeln!(out, "\nMost valuable:");
    for r in view.ranking.iter().take(5) {
        line(out, r);
    }
    if view.ranking.len() > 5 {
        let _ = writeln!(out, "Least valuable:");
        let skip = view.ranking.len().saturating_sub(5).max(5);
        for r in view.ranking.iter().skip(skip) {
            line(out, r);
        }
    }
    let w = &view.whale;
    let _ = writeln!(out, "\nWhale curve (active accounts):");
    let _ = writeln!(out, "  total value            {:>16} {cur}", money(w.total));
    let _ = writeln!(
        out,
        "  peak                   {:>16} of total value, after {} of {} accounts",
        share(w.peak_share),
        w.peak_accounts,
        w.accounts
    );
    let _ = writeln!(
        out,
        "  top 20 % ({} accounts) {:>16} of total value",
        w.top_count,
        share(w.top_share)
    );
    let _ = writeln!(
        out,
        "  loss-makers ({})        {:>16} {cur}",
        w.loss_maker_count,
        money(w.loss_makers)
    );
    if let Some(note) = &w.note {
        let _ = writeln!(out, "  ({note})");
    }
    let c = &view.concentration;
    let _ = writeln!(out, "\nConcentration (share of list-price revenue):");
    if let Some(largest) = &c.largest {
        let _ = writeln!(
            out,
            "  largest account        {} ({})",
            share(largest.figure),
            largest.id
        );
    }
    let _ = writeln!(
        out,
        "  HHI                    {}",
        c.hhi.map_or("n/a".to_owned(), |h| grouped(h, 4))
    );
    if c.flagged.is_empty() {
        let _ = writeln!(out, "  no account above {}", percent(c.limit, 0));
    } else {
        let _ = writeln!(
            out,
            "  above {}: {} (losing one would shake the book)",
            percent(c.limit, 0),
            c.flagged.join(", ")
        );
    }
    if let Some(note) = &c.note {
        let _ = writeln!(out, "  ({note})");
    }
    matrix_text(out, "Key-account matrix", &view.key_accounts);
    matrix_text(
        out,
        "Price x cost to serve (active accounts)",
        &view.price_cost,
    );
    let r = &view.release;
    let _ = writeln!(out, "\nReleasing every `release` account:");
    if r.accounts.is_empty() {
        let _ = writeln!(out, "  no account to release");
    } else {
        let _ = writeln!(out, "  accounts               {}", r.accounts.join(", "));
        let _ = writeln!(
            out,
            "  value gained           {:>16} {cur}",
            money(r.value_gained)
        );
        let _ = writeln!(
            out,
            "  revenue given up       {:>16} {cur} a year",
            money(r.revenue_given_up)
        );
        let _ = writeln!(
            out,
            "  revenue that remains   {:>16}",
            share(r.revenue_share_remaining)
        );
        let _ = writeln!(
            out,
            "  HHI after              {:>16}",
            r.hhi_after.map_or("n/a".to_owned(), |h| grouped(h, 4))
        );
    }
    if !view.subsidy_total.is_zero() {
        let _ = writeln!(
            out,
            "  image accounts kept on purpose cost {} {cur} against the hurdle (subsidy)",
            money(view.subsidy_total)
        );
    }
}

fn matrix_text(out: &mut String, title: &str, m: &Matrix) {
    // Shares are shown with 4 decimals, amounts of money in whole units.
    let split = |v: Option<Decimal>| {
        v.map_or("n/a".to_owned(), |v| {
            grouped(v, if v.abs() <= Decimal::ONE { 4 } else { 0 })
        })
    };
    let _ = writeln!(out, "\n{title}:");
    let _ = writeln!(
        out,
        "  vertical:   {}, split at {}",
        m.y_axis,
        split(m.y_split)
    );
    let _ = writeln!(
        out,
        "  horizontal: {}, split at {}",
        m.x_axis,
        split(m.x_split)
    );
    for q in &m.quadrants {
        let ids: Vec<&str> = q.accounts.iter().map(|p| p.id.as_str()).collect();
        let _ = writeln!(
            out,
            "  {:<18} {:<50} {}",
            q.name,
            q.advice,
            if ids.is_empty() {
                "-".to_owned()
            } else {
                ids.join(", ")
            }
        );
    }
    for left in &m.left_out {
        let _ = writeln!(out, "  left out: {left}");
    }
}
