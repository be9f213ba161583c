//! Where a batch spends its time, stage by stage, on 1,000 realistic accounts
//! (the bundled sample, repeated): reading cells into accounts, validating,
//! valuing, formatting result rows; and the in-memory batch path end to end.
//!
//! `cargo bench --bench evaluate`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use keyaccount::{
    Account, Cell, FlatAccount, FlatLayout, Policy, PolicyInput, Summary, evaluate, score,
};

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
    let policy: PolicyInput = serde_json::from_str(POLICY).expect("policy json");
    Fixture {
        layout,
        cells,
        flat,
        accounts,
        policy: policy.validate().expect("valid policy"),
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
            let mut writer = csv::Writer::from_writer(Vec::with_capacity(1 << 20));
            for e in &evaluations {
                writer
                    .write_record(e.cells().iter().map(Cell::rounded))
                    .expect("in-memory write");
            }
            black_box(writer.into_inner().map(|v| v.len()).unwrap_or(0))
        });
    });
    group.finish();

    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("in_memory", |b| {
        b.iter(|| {
            let mut summary = Summary::default();
            let rows = f
                .cells
                .iter()
                .zip(2..)
                .map(|(c, line)| (line, f.layout.read(c)));
            for scored in score(rows, &f.policy) {
                summary.add(&scored.result);
            }
            black_box(summary)
        });
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
