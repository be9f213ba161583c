//! Evaluates one key account and prints a readable report.
//!
//! ```text
//! cargo run --release --example evaluate -- [--policy POLICY.json] [--json] [--schedule] [--sensitivity] [--svg FILE] [ACCOUNT.json]
//! cargo run --release --example evaluate -- [OPTIONS] --id ID LIST.csv|LIST.jsonl|LIST.json
//! cargo run --release --example evaluate -- --negotiate [--proposals PROPOSALS.json] [--html FILE] [--json] [ACCOUNT.json | --id ID LIST]
//! ```
//!
//! `--negotiate` prints the negotiation desk instead of the report: each
//! proposal beside the terms as they are, what each change does on its own, the
//! give-get table and the package; `--html` writes the same as one page with a
//! bridge from today's value to each proposal's.
//!
//! With no file it evaluates the bundled sample account
//! (`examples/data/sample_account.json`). With `--id`, it evaluates the record
//! with that id from an account list, as `batch` reads it. An invalid account or
//! file prints every problem, one a line, to stderr and exits 2.

mod common;

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Write as _};
use std::process::ExitCode;

use keyaccount::display::{grouped, percent};
use keyaccount::read;
use keyaccount::write::JsonWriter;
use keyaccount::{
    Account, Evaluation, Lever, MODEL_VERSION, Policy, Schedule, Sensitivity, Stage, Verdict, Word,
    evaluate, negotiate, schedule, sensitivity,
};
use rust_decimal::Decimal;

const SAMPLE: &str = include_str!("data/sample_account.json");

const USAGE: &str = "\
usage: evaluate [--policy POLICY.json] [--json] [--schedule] [--sensitivity] [--svg FILE] [ACCOUNT.json]
       evaluate [OPTIONS] [LIST OPTIONS] --id ID LIST
       evaluate --negotiate [--proposals PROPOSALS.json] [--html FILE] [--json] [ACCOUNT.json | --id ID LIST]

Evaluates one key account and prints its verdict, value and explanation.
With no ACCOUNT.json, evaluates the bundled sample account.

  --policy FILE   read the valuation policy from FILE (default: the model's defaults)
  --json          print one JSON object instead of the report
  --schedule      add the yearly schedule
  --sensitivity   add which inputs move the value most (a text tornado)
  --svg FILE      draw the value as a waterfall (with --sensitivity, a tornado beside it)
  --id ID         evaluate the account with this id from an account list, read
                  as batch reads it, with the same list options:
";

const USAGE_END: &str =
    "  --negotiate     prepare a negotiation: the give-get table and the package, and
                  with --proposals each proposal beside the terms as they are
  --proposals F   the proposals to value (JSON, see examples/data/proposals.json)
  --html FILE     with --negotiate, write the negotiation as one page with a
                  bridge chart per proposal
  -h, --help      print this help";

struct Args {
    policy: Option<String>,
    json: bool,
    schedule: bool,
    sensitivity: bool,
    svg: Option<String>,
    id: Option<String>,
    account: Option<String>,
    negotiate: bool,
    proposals: Option<String>,
    html: Option<String>,
    list: common::ListOptions,
}

fn parse_args() -> Result<Option<Args>, lexopt::Error> {
    use lexopt::prelude::*;
    let mut args = Args {
        policy: None,
        json: false,
        schedule: false,
        sensitivity: false,
        svg: None,
        id: None,
        account: None,
        negotiate: false,
        proposals: None,
        html: None,
        list: common::ListOptions::default(),
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
            Long("schedule") => args.schedule = true,
            Long("sensitivity") => args.sensitivity = true,
            Long("svg") => args.svg = Some(parser.value()?.string()?),
            Long("id") => args.id = Some(parser.value()?.string()?),
            Long("negotiate") => args.negotiate = true,
            Long("proposals") => args.proposals = Some(parser.value()?.string()?),
            Long("html") => args.html = Some(parser.value()?.string()?),
            Short('h') | Long("help") => return Ok(None),
            Value(path) if args.account.is_none() => args.account = Some(path.string()?),
            _ => return Err(arg.unexpected()),
        }
    }
    if !args.negotiate && (args.proposals.is_some() || args.html.is_some()) {
        return Err("--proposals and --html go with --negotiate".into());
    }
    Ok(Some(args))
}

fn main() -> ExitCode {
    let usage = format!("{USAGE}{}\n{USAGE_END}", common::LIST_OPTIONS_USAGE);
    let args = match common::arguments("evaluate", &usage, parse_args()) {
        Ok(args) => args,
        Err(code) => return code,
    };
    match run(&args) {
        Ok(text) => {
            // A reader that stops early (`| head`) is not an error.
            let _ = io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(lines) => {
            for line in lines {
                common::say!("{line}");
            }
            ExitCode::from(2)
        }
    }
}

/// Lines of an error, each prefixed with where the account came from.
fn located(source: &str, error: &keyaccount::Error) -> Vec<String> {
    common::error_lines(error)
        .into_iter()
        .map(|m| format!("{source}: {m}"))
        .collect()
}

/// The account to evaluate: from a JSON file, from a list by id, or the sample;
/// with the warnings its reader gave (a fraction in a percent column, say).
fn load(args: &Args) -> Result<(Account, Vec<String>), Vec<String>> {
    match (&args.account, &args.id) {
        (Some(path), Some(id)) => find(path, id, &args.list),
        (None, Some(_)) => Err(vec!["evaluate: --id needs an account list".to_owned()]),
        (Some(path), None) => {
            let file = File::open(path).map_err(|e| vec![format!("{path}: {e}")])?;
            read::account(file)
                .map(|a| (a, Vec::new()))
                .map_err(|e| located(path, &e))
        }
        (None, None) => read::account(SAMPLE.as_bytes())
            .map(|a| (a, Vec::new()))
            .map_err(|e| located("sample account", &e)),
    }
}

/// The first record of the list at `path` whose id is `id`, read with the same
/// options as `batch` reads it.
fn find(
    path: &str,
    id: &str,
    list: &common::ListOptions,
) -> Result<(Account, Vec<String>), Vec<String>> {
    let records = list.open(path).map_err(|lines| {
        lines
            .into_iter()
            .map(|l| format!("evaluate: {l}"))
            .collect::<Vec<_>>()
    })?;
    let id = id.trim();
    for record in records {
        let record = record.map_err(|e| located(path, &e))?;
        match record.account {
            Ok(account) if account.id() == id => return Ok((account, record.warnings)),
            Err(error) if error.id() == Some(id) => return Err(located(path, &error)),
            _ => {}
        }
    }
    Err(vec![format!("{path}: no account with id {id:?}")])
}

fn run(args: &Args) -> Result<String, Vec<String>> {
    let policy = common::read_policy(args.policy.as_deref())?;
    let (account, read_warnings) = load(args)?;
    let lines = |e: keyaccount::Error| common::error_lines(&e);
    if args.negotiate {
        return negotiation(args, &account, &policy);
    }
    let mut evaluation = evaluate(&account, &policy).map_err(lines)?;
    // The reader's warnings follow the evaluation's, as in a batch.
    evaluation.warnings.extend(read_warnings);
    let table = if args.sensitivity {
        Some(sensitivity(&account, &policy).map_err(lines)?)
    } else {
        None
    };
    if let Some(path) = &args.svg {
        let picture = keyaccount::picture::waterfall(&evaluation, table.as_ref());
        std::fs::write(path, picture).map_err(|e| vec![format!("{path}: {e}")])?;
    }
    let years = if args.schedule {
        Some(schedule(&account, &policy).map_err(lines)?)
    } else {
        None
    };
    if args.json {
        let mut writer = JsonWriter::new(Vec::new());
        writer
            .write_with(&Ok(evaluation), table.as_ref(), years.as_ref())
            .map_err(lines)?;
        let bytes = writer.into_inner().map_err(lines)?;
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    let mut out = report(&evaluation, &policy, account.payment().terms_days);
    if let Some(table) = &table {
        out.push_str(&tornado(table, &evaluation));
    }
    if let Some(years) = &years {
        out.push_str(&schedule_table(years, account.stage(), &evaluation));
    }
    Ok(out)
}

/// The negotiation desk for the account: the report, or its JSON, and the page.
fn negotiation(args: &Args, account: &Account, policy: &Policy) -> Result<String, Vec<String>> {
    let proposals = match &args.proposals {
        Some(path) => {
            let file = File::open(path).map_err(|e| vec![format!("{path}: {e}")])?;
            read::proposals(file).map_err(|e| located(path, &e))?
        }
        None => Vec::new(),
    };
    let desk = negotiate(account, policy, &proposals).map_err(|e| common::error_lines(&e))?;
    if let Some(path) = &args.html {
        std::fs::write(path, keyaccount::picture::negotiation_html(&desk))
            .map_err(|e| vec![format!("{path}: {e}")])?;
    }
    if args.json {
        return serde_json::to_string(&desk)
            .map(|json| json + "\n")
            .map_err(|e| vec![e.to_string()]);
    }
    Ok(desk.to_string())
}

fn money(value: Decimal) -> String {
    grouped(value, 2)
}

fn report(e: &Evaluation, policy: &Policy, terms_days: u32) -> String {
    let cur = e.currency;
    let mut out = String::new();
    let stage = match e.stage {
        Stage::Prospect => "prospect",
        _ => "active account",
    };
    let title = if e.name.is_empty() {
        e.id.clone()
    } else {
        format!("{} {}", e.id, e.name)
    };
    let _ = writeln!(out, "keyaccount model {MODEL_VERSION}");
    let _ = writeln!(out, "{title} ({stage}, {cur})\n");
    let lever = match e.lever {
        Some(levers) if levers.contains(Lever::Package) => {
            " (lever: the three levers together)".to_owned()
        }
        Some(levers) => {
            let names: Vec<&str> = levers
                .iter()
                .map(|l| match l {
                    Lever::CostToServe => "cost to serve",
                    Lever::Concession => "the concession",
                    _ => "payment terms",
                })
                .collect();
            format!(" (lever: {}, each alone)", names.join(" or "))
        }
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "Verdict: {}: {}{lever}",
        e.verdict.as_str().to_uppercase(),
        e.verdict.advice()
    );
    let relation = if e.value >= e.bar {
        "at or above"
    } else {
        "below"
    };
    let _ = writeln!(
        out,
        "Value:   {} {cur}, {relation} the bar of {} {cur}",
        money(e.value),
        money(e.bar)
    );
    for line in v3_lines(e) {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out);
    if !e.warnings.is_empty() {
        let _ = writeln!(out, "Check the input (scored as given):");
        for warning in &e.warnings {
            let _ = writeln!(out, "  {warning}");
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "Where the value comes from (present values, {cur}):");
    let rows: Vec<(String, String)> = e
        .components
        .named()
        .iter()
        .map(|(name, v)| (name.replace('_', " "), money(*v)))
        .collect();
    let width = rows
        .iter()
        .map(|(_, v)| v.len())
        .max()
        .unwrap_or(0)
        .max(money(e.value).len());
    for (name, v) in &rows {
        let _ = writeln!(out, "  {name:<16}{v:>width$}");
    }
    let _ = writeln!(out, "  {:<16}{}", "", "-".repeat(width));
    let _ = writeln!(out, "  {:<16}{:>width$}\n", "value", money(e.value));

    let _ = writeln!(out, "How long it lasts:");
    let _ = writeln!(
        out,
        "  annual survival     {}",
        percent(e.annual_survival, 1)
    );
    if let Some(renewal) = e.renewal_survival {
        let _ = writeln!(out, "  renewal survival    {}", percent(renewal, 1));
    }
    let _ = writeln!(
        out,
        "  expected years      {}",
        grouped(e.expected_years, 2)
    );
    let _ = writeln!(
        out,
        "  coverage            {} of the decision unit",
        percent(e.coverage, 1)
    );
    if let (Some(p), Some(d)) = (e.win_probability, e.delay_factor) {
        let _ = writeln!(out, "  win probability     {}", percent(p, 1));
        let _ = writeln!(out, "  delay factor        {}", grouped(d, 4));
    }
    let _ = writeln!(
        out,
        "\nRisk drivers (yearly probability that the event ends the contract):"
    );
    for driver in &e.drivers {
        let mut name = driver.risk.as_str().replace('_', " ");
        if let Some(month) = driver.month {
            // A dated event's probability is once, in its month.
            let _ = write!(name, " (month {month}, once)");
        }
        let _ = writeln!(out, "  {name:<32}{:>8}", percent(driver.probability, 1));
    }

    let _ = writeln!(out, "\nBreak-even:");
    for line in break_even_lines(e, policy, terms_days) {
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// The sensitivity table as a text tornado: each input's value at −σ and +σ and
/// a bar as long as its swing, largest first.
fn tornado(table: &Sensitivity, e: &Evaluation) -> String {
    const BAR: usize = 24;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nWhich guess matters most (each input moved by {} down and up, {}):",
        percent(table.step, 0),
        e.currency
    );
    let largest = table.rows.first().map_or(Decimal::ZERO, |r| r.swing);
    let rows: Vec<[String; 4]> = table
        .rows
        .iter()
        .map(|r| {
            let bar = if largest.is_zero() {
                0
            } else {
                // The bar's length, rounded to whole characters.
                let share = (r.swing * Decimal::from(BAR) / largest).round();
                usize::try_from(share.mantissa()).unwrap_or(0).min(BAR)
            };
            [
                r.input.clone(),
                money(r.minus),
                money(r.plus),
                "#".repeat(bar),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..3)
        .map(|i| rows.iter().map(|r| r[i].len()).max().unwrap_or(0))
        .collect();
    let _ = writeln!(
        out,
        "  {:<w0$}  {:>w1$}  {:>w2$}",
        "input",
        "value at -",
        "value at +",
        w0 = widths[0],
        w1 = widths[1].max(10),
        w2 = widths[2].max(10)
    );
    for row in &rows {
        let _ = writeln!(
            out,
            "  {:<w0$}  {:>w1$}  {:>w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1].max(10),
            w2 = widths[2].max(10)
        );
    }
    out
}

/// What the model's bar, exit option and package mean for this account, in words.
fn v3_lines(e: &Evaluation) -> Vec<String> {
    let cur = e.currency;
    let mut lines = Vec::new();
    match e.release_value {
        Some(release) if release < Decimal::ZERO => lines.push(format!(
            "keeping it must beat a release that still costs {} {cur}: the bar is the hurdle of {} {cur} less that",
            money(-release),
            money(e.hurdle)
        )),
        _ => lines.push(format!("the hurdle is {} {cur}", money(e.hurdle))),
    }
    if let (Some(year), Some(gain)) = (e.exit_year, e.exit_gain) {
        let when = if e.renewal_survival.is_some() {
            format!("at the renewal after year {year}")
        } else {
            format!("at the end of year {year} (giving notice)")
        };
        lines.push(format!(
            "the supplier stops {when}: going on would be worth {} {cur} less",
            money(gain)
        ));
    }
    if let Some(package) = e.package {
        lines.push(format!(
            "a package reaches the bar: concession -{} points, cost to serve -{}, payment terms -{} days",
            grouped(package.concession_cut * Decimal::ONE_HUNDRED, 2),
            percent(package.cost_cut, 1),
            grouped(package.terms_cut, 1)
        ));
    }
    lines
}

fn break_even_lines(e: &Evaluation, policy: &Policy, terms_days: u32) -> Vec<String> {
    let cur = e.currency;
    let b = &e.break_even;
    let mut lines = Vec::new();
    match b.cost_cut_to_hurdle {
        Some(cut) if cut <= Decimal::ZERO => lines.push(format!(
            "cost to serve could rise by {} before the value falls to the hurdle",
            percent(-cut, 1)
        )),
        Some(cut) if cut <= Decimal::ONE => lines.push(format!(
            "cut cost to serve by {} to reach the bar (at most {} is believed achievable)",
            percent(cut, 1),
            percent(policy.max_cost_cut(), 1)
        )),
        Some(cut) => lines.push(format!(
            "even removing all cost to serve does not reach the bar (it would take a cut of {})",
            percent(cut, 1)
        )),
        None => lines.push("no cost to serve to cut".to_owned()),
    }
    match b.concession_to_hurdle {
        Some(c) if (Decimal::ZERO..=Decimal::ONE).contains(&c) => lines.push(format!(
            "at a concession of {} the value meets the bar (a cut of at most {} points is believed achievable)",
            percent(c, 1),
            grouped(policy.max_concession_cut() * Decimal::ONE_HUNDRED, 1)
        )),
        Some(c) => lines.push(format!(
            "no feasible concession reaches the bar (it would take {})",
            percent(c, 1)
        )),
        None => lines.push("the concession does not move the value".to_owned()),
    }
    let agreed = Decimal::from(policy.max_terms_cut());
    match b.terms_cut_to_hurdle {
        Some(days) if days <= Decimal::ZERO => lines.push(format!(
            "payment terms could grow by {} days before the value falls to the bar",
            grouped(-days, 1)
        )),
        Some(days) if days <= Decimal::from(terms_days) => lines.push(format!(
            "cut payment terms by {} days to reach the bar (at most {} days is believed achievable)",
            grouped(days, 1),
            grouped(agreed, 0)
        )),
        Some(days) => lines.push(format!(
            "even payment on delivery does not reach the bar (it would take {} days off {terms_days})",
            grouped(days, 1)
        )),
        None => lines.push("payment terms do not move the value".to_owned()),
    }
    if e.stage == Stage::Prospect {
        match b.win_probability_to_hurdle {
            Some(p) if (Decimal::ZERO..=Decimal::ONE).contains(&p) => lines.push(format!(
                "a win probability of {} is enough to reach the bar",
                percent(p, 1)
            )),
            Some(p) => lines.push(format!(
                "no win probability reaches the bar (it would take {})",
                percent(p, 1)
            )),
            None => lines.push("the account loses money even if won".to_owned()),
        }
    }
    if let Some(subsidy) = b.subsidy {
        let what = if e.verdict == Verdict::PursueStrategic {
            "pursuing"
        } else {
            "keeping"
        };
        lines.push(format!(
            "{what} it for the company's image costs {} {cur} against the bar",
            money(subsidy)
        ));
    }
    lines
}

fn schedule_table(s: &Schedule, stage: Stage, e: &Evaluation) -> String {
    let mut out = String::new();
    let note = if stage == Stage::Prospect {
        " if won (not scaled by P δ; year 0 is onboarding)"
    } else {
        ""
    };
    let _ = writeln!(out, "\nYearly schedule{note}, {}:", e.currency);
    let headers = [
        "year",
        "alive start",
        "alive end",
        "ended",
        "renewal",
        "supplied",
        "sales",
        "price",
        "contribution",
        "financing",
        "bad debt",
        "savings+ref",
        "compensation",
        "rebate",
        "cost to serve",
        "stranded",
        "onboarding",
        "re-tender",
        "expected flow",
        "discounted",
    ];
    let mut rows: Vec<Vec<String>> = vec![headers.iter().map(|h| (*h).to_owned()).collect()];
    for y in &s.years {
        rows.push(vec![
            y.year.to_string(),
            grouped(y.alive_at_start, 4),
            grouped(y.alive_at_end, 4),
            grouped(y.ended_in_year, 4),
            if y.renewal { "yes" } else { "" }.to_owned(),
            if y.supplied { "yes" } else { "no" }.to_owned(),
            money(y.sales),
            grouped(y.price_index, 4),
            money(y.contribution),
            money(-y.financing),
            money(-y.bad_debt),
            money(y.scale_savings + y.reference),
            money(y.compensation),
            money(-y.rebate),
            money(-y.cost_to_serve),
            money(-y.stranded),
            money(-y.onboarding),
            money(-y.retender),
            money(y.expected_flow),
            money(y.discounted),
        ]);
    }
    let mut total = vec![String::new(); headers.len()];
    total[0] = if stage == Stage::Prospect {
        "LV - O"
    } else {
        "LV"
    }
    .to_owned();
    total[headers.len() - 1] = money(s.lifetime_value);
    rows.push(total);
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| rows.iter().map(|r| r[i].len()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:>w$}"))
            .collect();
        let _ = writeln!(out, "  {}", cells.join("  "));
    }
    out
}
