//! Where a batch spends its time, stage by stage, on 1,000 realistic accounts
//! (the bundled sample, repeated): reading cells into accounts, validating,
//! valuing, formatting result rows; and the in-memory batch path end to end,
//! without and with writing the result CSV.
//!
//! `cargo bench --bench evaluate`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use keyaccount::flat::{FlatAccount, FlatLayout};
use keyaccount::read::{self, Format, ReadOptions};
use keyaccount::write::CsvWriter;
use keyaccount::{Account, Policy, Summary, evaluate, score};

const SAMPLE: &str = include_str!("../examples/data/accounts.csv");
const POLICY: &str = include_str!("../examples/data/policy.json");
const ROWS: usize = 1_000;

struct Fixture {
    layout: FlatLayout,
    cells: Vec<Vec<String>>,
    flat: Vec<FlatAccount>,
    accounts: Vec<Account>,
    policy: Policy,
}

fn fixture() -> Fixture {
    let mut reader = csv::Reader::from_reader(SAMPLE.as_bytes());
    let layout = FlatLayout::from_header(reader.headers().expect("header")).expect("valid header");
    let sample: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect();
    let cells: Vec<Vec<String>> = sample.iter().cycle().take(ROWS).cloned().collect();
    let flat: Vec<FlatAccount> = cells.iter().map(|c| layout.read(c)).collect();
    let accounts = flat
        .iter()
        .map(|f| f.validate().expect("valid sample"))
        .collect();
    Fixture {
        layout,
        cells,
        flat,
        accounts,
        policy: read::policy(POLICY.as_bytes()).expect("valid policy"),
    }
}

fn stages(c: &mut Criterion) {
    let f = fixture();
    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("read_cells", |b| {
        b.iter(|| {
            for row in &f.cells {
                black_box(f.layout.read(row));
            }
        });
    });
    group.bench_function("validate", |b| {
        b.iter(|| {
            for row in &f.flat {
                let _ = black_box(row.validate());
            }
        });
    });
    group.bench_function("evaluate", |b| {
        b.iter(|| {
            for account in &f.accounts {
                let _ = black_box(evaluate(account, &f.policy));
            }
        });
    });
    let evaluations: Vec<_> = f
        .accounts
        .iter()
        .map(|a| evaluate(a, &f.policy).expect("evaluates"))
        .collect();
    group.bench_function("write_rows", |b| {
        b.iter(|| {
            let mut writer = CsvWriter::new(Vec::with_capacity(1 << 20));
            for e in &evaluations {
                writer.write(&Ok(e.clone())).expect("in-memory write");
            }
            black_box(writer.into_inner().map(|v| v.len()).unwrap_or(0))
        });
    });
    group.finish();

    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(ROWS as u64));
    let (header, body) = SAMPLE.split_once('\n').expect("a header line");
    let mut text = format!("{header}\n");
    while text.len() < ROWS / 40 * SAMPLE.len() {
        text.push_str(body);
    }
    group.bench_function("in_memory", |b| {
        b.iter(|| {
            let mut summary = Summary::default();
            let records = read::records(text.as_bytes(), Format::Csv, &ReadOptions::default())
                .expect("valid header");
            for scored in score(records, &f.policy) {
                summary.add(&scored.expect("in-memory input").result);
            }
            black_box(summary)
        });
    });
    // Parse, value and write: the whole of `batch` in memory, result CSV included.
    group.bench_function("csv_to_csv", |b| {
        b.iter(|| {
            let records = read::records(text.as_bytes(), Format::Csv, &ReadOptions::default())
                .expect("valid header");
            let mut writer = CsvWriter::new(Vec::with_capacity(1 << 20));
            for scored in score(records, &f.policy) {
                writer
                    .write(&scored.expect("in-memory input").result)
                    .expect("in-memory write");
            }
            black_box(writer.into_inner().map(|v| v.len()).unwrap_or(0))
        });
    });
    group.finish();
}

/// One evaluation: a typical account (5 years; the sample's first, which is below
/// its bar, so the levers, the package's bisection and Newton's break-evens run),
/// one above its bar (the second, a retained account), and a long one (50 years, a
/// renewal every three years, mid-year timing, ramp-up and price-down).
fn one(c: &mut Criterion) {
    use keyaccount::Timing;
    use rust_decimal::Decimal;
    let f = fixture();
    let typical = &f.accounts[0];
    let long = typical
        .to_builder()
        .term_years(3)
        .retender_probability(Decimal::new(6, 1))
        .retender_cost(Decimal::new(40_000, 0))
        .ramp_years(2)
        .price_down(Decimal::new(2, 2))
        .build()
        .expect("valid");
    let long_policy = f
        .policy
        .to_builder()
        .horizon_years(50)
        .timing(Timing::Mid)
        .build()
        .expect("valid");
    let mut group = c.benchmark_group("one");
    group.bench_function("typical_5_years", |b| {
        b.iter(|| black_box(evaluate(black_box(typical), &f.policy)));
    });
    let above = &f.accounts[1];
    group.bench_function("above_hurdle_5_years", |b| {
        b.iter(|| black_box(evaluate(black_box(above), &f.policy)));
    });
    group.bench_function("renewals_50_years_mid", |b| {
        b.iter(|| black_box(evaluate(black_box(&long), &long_policy)));
    });
    group.finish();

    // A what-if: one concession changed on the typical account, by typed change
    // (only the revenue part checked again) and by the builder (all of it).
    let mut group = c.benchmark_group("what_if");
    let concession = Decimal::new(10, 2);
    group.bench_function("with_changes", |b| {
        b.iter(|| {
            black_box(
                black_box(typical).with_changes(&[keyaccount::Change::Concession(concession)]),
            )
        });
    });
    group.bench_function("to_builder_build", |b| {
        b.iter(|| {
            black_box(
                black_box(typical)
                    .to_builder()
                    .concession(concession)
                    .build(),
            )
        });
    });
    group.finish();

    // The negotiation desk on the typical account with three proposals (the
    // bundled ones' shapes), against one plain evaluation of it.
    use keyaccount::{Change, Proposal, negotiate};
    let r = typical.revenue();
    let proposals = [
        Proposal::new(
            "ask",
            vec![
                Change::TermsDays(typical.payment().terms_days + 30),
                Change::Rebate(Some(Decimal::new(4, 2))),
                Change::Annual(r.annual * Decimal::new(13, 1)),
            ],
        ),
        Proposal::new(
            "counter",
            vec![
                Change::TermsDays(typical.payment().terms_days + 15),
                Change::Annual(r.annual * Decimal::new(12, 1)),
            ],
        ),
        Proposal::new("longer term", vec![Change::TermYears(Some(3))]),
    ];
    let mut group = c.benchmark_group("negotiation");
    group.bench_function("one_evaluation", |b| {
        b.iter(|| black_box(evaluate(black_box(typical), &f.policy)));
    });
    group.bench_function("three_proposals", |b| {
        b.iter(|| black_box(negotiate(black_box(typical), &f.policy, &proposals)));
    });
    group.finish();
}

criterion_group!(benches, stages, one);
criterion_main!(benches);
