//! Writes a large synthetic account list as CSV, for benchmarks of `batch`.
//!
//! ```text
//! cargo run --release --example generate -- [COUNT] [--seed N] [--invalid-every N] > accounts.csv
//! ```
//!
//! COUNT defaults to 1,000,000. The output is deterministic for a seed. With
//! `--invalid-every N`, every Nth record carries a bad field, to measure the error
//! path too. Large generated files are for local runs only; none is committed.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use keyaccount::flat::FlatLayout;

/// The columns written, in order: a subset of the library's flat layout, checked
/// against it before anything is written.
const COLUMNS: [&str; 31] = [
    "id",
    "name",
    "currency",
    "stage",
    "revenue.annual",
    "revenue.growth",
    "revenue.gross_margin",
    "revenue.concession",
    "revenue.scale_savings",
    "cost_to_serve.account_team",
    "cost_to_serve.service",
    "cost_to_serve.customization",
    "acquisition.tender",
    "acquisition.free_work",
    "payment.terms_days",
    "payment.delay_days",
    "payment.default_rate",
    "risk.ownership_change",
    "risk.management_change",
    "risk.strategy_change",
    "risk.political",
    "risk.competitor_displacement",
    "risk.termination_compensation",
    "relationship.user",
    "relationship.approver",
    "relationship.final_decision",
    "pursuit.competitors",
    "pursuit.evidence.champion",
    "pursuit.sales_cycle_months",
    "reference.annual_value",
    "image_critical",
];

/// The model 3 columns `--v3` adds after the others.
const V3_COLUMNS: [&str; 9] = [
    "revenue.price_down",
    "revenue.cost_down",
    "revenue.rebate",
    "revenue.rebate_probability",
    "revenue.rebate_days",
    "contract.term_years",
    "events",
    "release.stranded_cost",
    "release.stranded_years",
];

const USAGE: &str = "usage: generate [COUNT] [--seed N] [--invalid-every N] [--v3] > accounts.csv";

struct Args {
    count: u64,
    seed: u64,
    invalid_every: u64,
    /// Also draw the model 3 fields (price-down and cost-down, a rebate, a term,
    /// dated events, costs that stay), from a second stream so that the other
    /// columns are the plain list's.
    v3: bool,
}

fn parse_args() -> Result<Option<Args>, lexopt::Error> {
    use lexopt::prelude::*;
    let mut args = Args {
        count: 1_000_000,
        seed: 17,
        invalid_every: 0,
        v3: false,
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("seed") => args.seed = parser.value()?.parse()?,
            Long("invalid-every") => args.invalid_every = parser.value()?.parse()?,
            Long("v3") => args.v3 = true,
            Short('h') | Long("help") => return Ok(None),
            Value(count) => args.count = count.parse()?,
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(Some(args))
}

/// xorshift64*: small, fast and deterministic; statistical quality is not needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A fraction with four decimals in `0..max_ten_thousandths`.
    fn share(&mut self, max_ten_thousandths: u64) -> String {
        let x = self.below(max_ten_thousandths);
        format!("{}.{:04}", x / 10_000, x % 10_000)
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            let _ = writeln!(io::stdout(), "{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let _ = writeln!(io::stderr(), "generate: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = FlatLayout::from_header(COLUMNS.iter().chain(&V3_COLUMNS)) {
        let _ = writeln!(
            io::stderr(),
            "generate: the column list does not match the library: {e}"
        );
        return ExitCode::from(2);
    }
    match write(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "generate: {e}");
            ExitCode::from(2)
        }
    }
}

fn write(args: &Args) -> io::Result<()> {
    let (count, invalid_every) = (args.count, args.invalid_every);
    let seed = args.seed.max(1);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    if args.v3 {
        writeln!(out, "{},{}", COLUMNS.join(","), V3_COLUMNS.join(","))?;
    } else {
        writeln!(out, "{}", COLUMNS.join(","))?;
    }
    let mut rng = Rng(seed);
    let mut more = Rng(seed ^ 0x5EED_0003);
    let risks = ["ownership_change", "strategy_change", "political"];
    let currencies = ["EUR", "USD", "RUB", "GBP"];
    let coverage = ["covered", "uncovered", ""];
    for i in 1..=count {
        let prospect = rng.below(3) == 0;
        let annual = 500_000 + rng.below(50_000_000);
        let margin = if invalid_every > 0 && i % invalid_every == 0 {
            "1.5".to_owned()
        } else {
            rng.share(4_000)
        };
        write!(
            out,
            "GEN-{i:07},Generated client {i},{cur},{stage},{annual},{growth},{margin},{conc},{savings},{team},{service},{custom},{tender},{free},{terms},{delay},{b},{own},{mgmt},{strat},{pol},{comp},{k},{c1},{c2},{c3},{n},{champ},{months},{reference},{image}",
            cur = currencies[rng.below(4) as usize],
            stage = if prospect { "prospect" } else { "active" },
            growth = rng.share(800),
            conc = rng.share(1_500),
            savings = rng.below(annual / 50),
            team = rng.below(annual / 20),
            service = rng.below(annual / 30),
            custom = rng.below(annual / 40),
            tender = rng.below(annual / 50),
            free = rng.below(annual / 40),
            terms = 15 * rng.below(9),
            delay = rng.below(60),
            b = rng.share(200),
            own = rng.share(800),
            mgmt = rng.share(1_000),
            strat = rng.share(800),
            pol = rng.share(500),
            comp = rng.share(1_200),
            k = rng.share(10_000),
            c1 = coverage[rng.below(3) as usize],
            c2 = coverage[rng.below(3) as usize],
            c3 = ["covered", "uncovered"][rng.below(2) as usize],
            n = rng.below(8),
            champ = ["true", "false", ""][rng.below(3) as usize],
            months = rng.below(24),
            reference = rng.below(annual / 100),
            image = if rng.below(20) == 0 { "true" } else { "" },
        )?;
        if args.v3 {
            let events = match more.below(4) {
                0 => format!(
                    "{}:{}:{}",
                    1 + more.below(60),
                    risks[more.below(3) as usize],
                    more.share(5_000)
                ),
                1 => format!(
                    "{}:{}:{}; {}:{}:{}",
                    1 + more.below(24),
                    risks[more.below(3) as usize],
                    more.share(5_000),
                    25 + more.below(60),
                    risks[more.below(3) as usize],
                    more.share(3_000)
                ),
                _ => String::new(),
            };
            let rebate = more.below(3) == 0;
            write!(
                out,
                ",{},{},{},{},{},{},\"{events}\",{},{}",
                more.share(500),
                more.share(300),
                if rebate {
                    more.share(600)
                } else {
                    String::new()
                },
                if rebate {
                    more.share(10_000)
                } else {
                    String::new()
                },
                if rebate {
                    more.below(181).to_string()
                } else {
                    String::new()
                },
                if more.below(2) == 0 {
                    (1 + more.below(4)).to_string()
                } else {
                    String::new()
                },
                // A prospect has nothing to release.
                if prospect { 0 } else { more.below(annual / 40) },
                more.below(3),
            )?;
        }
        writeln!(out)?;
    }
    out.flush()
}
