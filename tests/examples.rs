//! Runs the example programs on fixture files, as a user would.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The example binary built by `cargo test` next to this test binary.
pub fn example(name: &str) -> Command {
    let mut dir = std::env::current_exe().unwrap();
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let path: PathBuf = dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} is not built", path.display());
    let mut command = Command::new(path);
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn run(name: &str, args: &[&str]) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = example(name).args(args).output().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

#[test]
fn evaluate_reports_on_the_bundled_sample() {
    let (code, out, err) = run("evaluate", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("keyaccount model 3\nKA-001 Uralmetprom holding (active account, EUR)"),
        "{out}"
    );
    assert!(out.contains("Verdict: RESTRUCTURE"), "{out}");
    // Every later year loses money, so the supplier gives notice after year 1.
    assert!(
        out.contains("the supplier stops at the end of year 1 (giving notice)"),
        "{out}"
    );
    assert!(out.contains("  cost to serve   -424,107.14"), "{out}");
    assert!(out.contains("  value            -53,780.06"), "{out}");
    assert!(
        out.contains("cut cost to serve by 9.9 % to reach the bar"),
        "{out}"
    );
    assert!(
        out.contains("cut payment terms by 47.0 days to reach the bar"),
        "{out}"
    );
    assert!(
        out.contains("  competitor displacement            7.7 %"),
        "{out}"
    );
    assert!(!out.contains("Yearly schedule"));
}

/// `batch` on the bundled list gives the model 3 accounts (KA-041 to KA-044) the
/// figures of the independent reference (`tests/golden/v3/bundled.py`, which
/// values those rows with `reference.py`): every shown figure within one unit of
/// its last shown digit, words and the exit year exactly.
#[test]
fn batch_values_the_model_3_accounts_as_the_reference_does() {
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("golden/v3/bundled.json")).unwrap();
    let (code, out, err) = bundled_batch();
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for case in expected.as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let row = rows.iter().find(|r| &r[0] == id).unwrap();
        for (name, cell) in header.iter().zip(row.iter()) {
            let want = &case["expected"][name];
            match name {
                "verdict" | "lever" | "top_risk" => {
                    assert_eq!(cell, want.as_str().unwrap_or(""), "{id} {name}");
                }
                "exit_year" => {
                    let want = want.as_u64().map(|y| y.to_string()).unwrap_or_default();
                    assert_eq!(cell, want, "{id} {name}");
                }
                _ if want.is_string() => {
                    let got: rust_decimal::Decimal = cell.parse().unwrap();
                    let want: rust_decimal::Decimal = want.as_str().unwrap().parse().unwrap();
                    let places = cell.split_once('.').map_or(0, |(_, f)| f.len());
                    let unit = rust_decimal::Decimal::new(1, u32::try_from(places).unwrap());
                    assert!((got - want).abs() <= unit, "{id} {name}: {got} vs {want}");
                }
                _ => {}
            }
        }
    }
}

/// The bundled model 3 accounts, as a manager reads them: the exit year, a dated
/// event among the drivers, the bar lowered by what a release still costs, and the
/// package in the levers' own units. The figures are the independent
/// reference's (tests/golden/v3/reference.py on these rows, rounded).
#[test]
fn evaluate_explains_the_model_3_accounts() {
    let list = "examples/data/accounts.csv";
    let policy = "examples/data/policy.json";
    let (code, out, err) = run("evaluate", &["--policy", policy, "--id", "KA-041", list]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("the supplier stops at the renewal after year 3: going on would be worth 252,108.12 EUR less"),
        "{out}"
    );
    let (_, out, _) = run("evaluate", &["--policy", policy, "--id", "KA-042", list]);
    assert!(
        out.contains("  ownership change (month 6, once)  40.0 %"),
        "{out}"
    );
    let (_, out, _) = run("evaluate", &["--policy", policy, "--id", "KA-043", list]);
    assert!(out.contains("  rebate          -1,131,037.54"), "{out}");
    let (_, out, _) = run("evaluate", &["--policy", policy, "--id", "KA-044", list]);
    assert!(
        out.contains("keeping it must beat a release that still costs 11,864,406.78 RUB"),
        "{out}"
    );
    assert!(
        out.contains("a package reaches the bar: concession -1.34 points, cost to serve -20.1 %, payment terms -20.1 days"),
        "{out}"
    );
    assert!(
        out.contains(
            "even payment on delivery does not reach the bar (it would take 98.3 days off 60)"
        ),
        "{out}"
    );
}

#[test]
fn evaluate_adds_the_schedule_on_request() {
    let (code, out, _) = run("evaluate", &["--schedule"]);
    assert_eq!(code, 0);
    assert!(out.contains("Yearly schedule, EUR:"), "{out}");
    assert!(out.contains("-53,780.06\n"), "{out}");
}

#[test]
fn evaluate_prints_json_with_the_result_columns_in_order() {
    let (code, out, _) = run(
        "evaluate",
        &["--json", "--policy", "examples/data/policy.json"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        crate::common::top_level_keys(&out),
        crate::common::evaluation_keys()
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["verdict"], "restructure");
    assert_eq!(json["error"], serde_json::Value::Null);
    assert_eq!(json["delay_factor"], serde_json::Value::Null);
    // The exact value, from tests/golden/v3/reference.py (80 digits, shown to 28):
    // -53780.06451438423487635652019, within the model's ε.
    let value: rust_decimal::Decimal = json["value"].as_str().unwrap().parse().unwrap();
    let exact: rust_decimal::Decimal = "-53780.06451438423487635652019".parse().unwrap();
    assert!(
        (value - exact).abs() < rust_decimal::Decimal::new(1, 6),
        "{value}"
    );
    assert_eq!(json["exit_year"], 1);
    assert_eq!(json["model"], "3");
    assert_eq!(json["drivers"].as_array().unwrap().len(), 7);
}

#[test]
fn evaluate_lists_every_problem_of_a_bad_file_and_exits_2() {
    let (code, out, err) = run("evaluate", &["tests/fixtures/bad_account.json"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            r#"tests/fixtures/bad_account.json: account "KA-bad": currency must be three capital letters, got "eur""#,
            r#"tests/fixtures/bad_account.json: account "KA-bad": revenue.annual must be a plain decimal number, got "1,200,000" (use a point for decimals and no thousands separators)"#,
            "tests/fixtures/bad_account.json: account \"KA-bad\": revenue.gross_margin must be between 0 and 1, got 1.5",
            "tests/fixtures/bad_account.json: account \"KA-bad\": payment.default_rate must be a plain decimal number, got \"2%\" (write rates as fractions: 0.12 means 12 %)",
        ]
    );
}

#[test]
fn evaluate_reports_broken_json_and_missing_files() {
    let (code, _, err) = run("evaluate", &["tests/fixtures/broken.json"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("tests/fixtures/broken.json: "), "{err}");
    assert!(err.contains("line 3"), "{err}");
    let (code, _, err) = run("evaluate", &["tests/fixtures/no_such_file.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("no_such_file.json"), "{err}");
    let (code, _, err) = run("evaluate", &["--bogus"]);
    assert_eq!(code, 2);
    assert!(err.contains("usage: evaluate"), "{err}");
    let (code, out, _) = run("evaluate", &["--help"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("usage: evaluate"));
}

fn run_stdin(name: &str, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = example(name)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

/// The position of a result column.
fn column(name: &str) -> usize {
    keyaccount::flat::RESULT_COLUMNS
        .iter()
        .position(|c| *c == name)
        .unwrap()
}

/// The result rows as (id, verdict, error) triples, checking every row has
/// every result column.
fn rows(csv_text: &str) -> Vec<[String; 3]> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        keyaccount::flat::RESULT_COLUMNS
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let columns = keyaccount::flat::RESULT_COLUMNS.len();
            assert_eq!(r.len(), columns);
            [r[0].to_owned(), r[4].to_owned(), r[columns - 1].to_owned()]
        })
        .collect()
}

fn triple(id: &str, verdict: &str, error: &str) -> [String; 3] {
    [id.to_owned(), verdict.to_owned(), error.to_owned()]
}

#[test]
fn batch_scores_the_bundled_sample() {
    let (code, out, err) = bundled_batch();
    assert_eq!(code, 0, "{err}");
    let rows = rows(&out);
    assert_eq!(rows.len(), 44);
    assert_eq!(rows[0], triple("KA-001", "restructure", ""));
    assert!(
        err.starts_with("44 records: 44 scored, 0 errors\n"),
        "{err}"
    );
    assert!(err.contains("  restructure                5\n"), "{err}");
    assert!(err.contains("  valued with model 3\n"), "{err}");
    assert!(err.contains("  total value EUR "), "{err}");
}

#[test]
fn batch_reads_messy_spreadsheet_exports() {
    let (code, out, err) = run("batch", &["tests/fixtures/batch/messy.csv"]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 3);
    assert_eq!(&records[0][0], "A-1");
    assert_eq!(&records[0][1], "Smith, Jones & Co");
    assert_eq!(
        &records[0][column("coverage")],
        "0.2727",
        "coverage: final decision (3) of all 11 role weights; unlisted roles count as uncovered"
    );
    assert_eq!(
        &records[0][column("concession_to_hurdle")],
        "0.0600",
        "concession to hurdle with no costs equals the margin"
    );
    assert_eq!(&records[1][1], "Multi\r\nline\r\nname");
    assert_eq!(&records[1][4], "pursue");
    assert_eq!(
        &records[1][column("win_probability")],
        "0.6667",
        "champion doubles the even odds: 2/3"
    );
    assert_eq!(&records[2][2], "RUB");
}

#[test]
fn batch_keeps_every_row_of_a_broken_csv_and_names_lines() {
    let (code, out, err) = run("batch", &["tests/fixtures/batch/broken.csv"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        rows(&out),
        [
            triple("B-1", "retain", ""),
            triple(
                "B-2",
                "error",
                r#"line 5: currency must be three capital letters, got "eur"; revenue.gross_margin must be between 0 and 1, got 1.5; payment.default_rate must be a plain decimal number, got "2%" (write rates as fractions: 0.12 means 12 %)"#
            ),
            triple(
                "B-3",
                "error",
                "line 6: record has 5 cells where the header has 8"
            ),
            triple(
                "B-4",
                "error",
                r#"line 7: relationship.final_decision must be covered, uncovered, absent or empty, got "maybe"; revenue.annual must be a plain decimal number, got "1,200,000" (use a point for decimals and no thousands separators)"#
            ),
            triple("B-5", "pursue", ""),
        ]
    );
    assert!(err.starts_with("5 records: 2 scored, 3 errors\n"), "{err}");
}

#[test]
fn batch_reads_semicolon_exports() {
    let (code, out, _) = run(
        "batch",
        &["--delimiter", ";", "tests/fixtures/batch/semicolon.csv"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        rows(&out),
        [
            triple("S-1", "retain", ""),
            triple(
                "S-2",
                "error",
                r#"line 3: revenue.gross_margin must be a plain decimal number, got "0,3" (a decimal comma: write 0.25, or read the file with --decimal-comma)"#
            ),
        ]
    );
}

#[test]
fn batch_refuses_a_bad_header_before_any_row() {
    let (code, out, err) = run("batch", &["tests/fixtures/batch/bad_header.csv"]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "batch: header: revnue.annual is not a known field (did you mean `revenue.annual`?)",
            "batch: header: colour is not a known field",
            "batch: header: revenue.annual is a required column and is missing",
        ]
    );
}

#[test]
fn batch_keeps_every_line_of_broken_json_lines() {
    let (code, out, _) = run("batch", &["tests/fixtures/batch/broken.jsonl"]);
    assert_eq!(code, 1);
    assert_eq!(
        rows(&out),
        [
            triple("J-1", "retain", ""),
            triple(
                "J-2",
                "error",
                "line 3: is not a valid JSON object: EOF while parsing an object (column 104)"
            ),
            triple("J-3", "error", "line 4: colour is not a known field"),
            triple(
                "",
                "error",
                "line 5: record must be an object, got a number"
            ),
            triple("J-5", "pursue", ""),
        ]
    );
}

#[test]
fn batch_stops_at_a_json_syntax_error_and_keeps_what_came_before() {
    let (code, out, _) = run("batch", &["tests/fixtures/batch/broken_array.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        rows(&out),
        [
            triple("A-1", "retain", ""),
            triple(
                "A-2",
                "error",
                "line 4: revenue.gross_margin must be between 0 and 1, got 7"
            ),
            triple(
                "",
                "error",
                "line 6: the JSON array breaks here, reading stopped: expected `,` or `}` (column 35)"
            ),
        ]
    );
}

#[test]
fn batch_gives_identical_results_for_csv_json_lines_and_json() {
    let outputs: Vec<String> = ["csv", "jsonl", "json"]
        .iter()
        .map(|ext| {
            let (code, out, err) = run("batch", &[&format!("tests/fixtures/batch/accounts.{ext}")]);
            assert_eq!(code, 0, "{ext}: {err}");
            out
        })
        .collect();
    assert_eq!(rows(&outputs[0]).len(), 40);
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[test]
fn batch_reads_standard_input_and_writes_a_file() {
    let input = std::fs::read("tests/fixtures/batch/broken.jsonl").unwrap();
    let (code, out, _) = run_stdin("batch", &["--format", "jsonl", "-"], &input);
    assert_eq!(code, 1);
    assert_eq!(rows(&out).len(), 5);

    let target = std::env::temp_dir().join(format!("keyaccount-batch-{}.csv", std::process::id()));
    let target_text = target.to_str().unwrap();
    let (code, out, _) = run(
        "batch",
        &[
            "tests/fixtures/batch/semicolon.csv",
            "--delimiter",
            ";",
            "-o",
            target_text,
        ],
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let written = std::fs::read_to_string(&target).unwrap();
    std::fs::remove_file(&target).unwrap();
    assert_eq!(rows(&written).len(), 2);
}

#[test]
fn batch_usage_errors_exit_2() {
    for args in [
        &[][..],
        &["--format", "xml", "x.csv"],
        &["tests/fixtures/batch/no_such.csv"],
        &["tests/fixtures/bad_account.txt"],
        &[
            "--policy",
            "tests/fixtures/bad_account.json",
            "examples/data/accounts.csv",
        ],
        &["--delimiter", ";;", "x.csv"],
    ] {
        let (code, out, err) = run("batch", args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}");
        assert!(err.starts_with("batch: "), "{args:?}: {err}");
    }
    let (code, _, err) = run_stdin("batch", &["-"], b"");
    assert_eq!(code, 2);
    assert_eq!(err, "batch: the input is empty: it needs a header line\n");
    let (code, out, err) = run_stdin("batch", &["--format", "json", "-"], br#"{"id": "A"}"#);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "batch: the input must be a JSON array of accounts: invalid type: map, expected a JSON array of accounts (column 1)\n"
    );
    let (code, out, _) = run_stdin("batch", &["--format", "json", "-"], b"[]");
    assert_eq!(code, 0);
    assert!(rows(&out).is_empty());
    let (code, out, _) = run("batch", &["--help"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("usage: batch"));
}

#[test]
fn batch_ends_quietly_when_the_output_pipe_closes() {
    use std::io::Write;
    use std::process::Stdio;
    let sample = std::fs::read_to_string("examples/data/accounts.csv").unwrap();
    let (header, body) = sample.split_once('\n').unwrap();
    let mut input = format!("{header}\n");
    for _ in 0..2_000 {
        input.push_str(body);
    }
    let mut child = example("batch")
        .args(["-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

mod arbitrary_input {
    use proptest::prelude::*;

    use super::{rows, run_stdin};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Arbitrary cells under a valid header: one result row per record, never a
        /// panic (exit 0 or 1, never 101).
        #[test]
        fn csv_rows_in_equal_rows_out(cells in prop::collection::vec(prop::collection::vec("[ -~\u{e9}\u{44f}\"\r\n]{0,10}", 0..8), 0..12)) {
            let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
            writer.write_record(["id", "currency", "stage", "revenue.annual", "revenue.gross_margin", "relationship.user"]).unwrap();
            let mut records = 0;
            for row in &cells {
                // A row whose only cell is empty is a blank line, not a record.
                if row.is_empty() || row.len() == 1 && row[0].is_empty() {
                    continue;
                }
                writer.write_record(row).unwrap();
                records += 1;
            }
            let input = writer.into_inner().unwrap();
            let (code, out, err) = run_stdin("batch", &["-"], &input);
            prop_assert!(code == 0 || code == 1, "exit {}: {}", code, err);
            prop_assert_eq!(rows(&out).len(), records);
        }

        /// Arbitrary lines of JSON Lines: one result row per non-blank line.
        #[test]
        fn json_lines_in_equal_rows_out(lines in prop::collection::vec("[ -~\u{44f}]{0,40}", 0..12)) {
            let input = lines.join("\n");
            let records = lines.iter().filter(|l| !l.trim().is_empty()).count();
            let (code, out, err) = run_stdin("batch", &["--format", "jsonl", "-"], input.as_bytes());
            prop_assert!(code == 0 || code == 1, "exit {}: {}", code, err);
            prop_assert_eq!(rows(&out).len(), records);
        }
    }
}

#[test]
fn batch_reports_invalid_utf8_records_and_carries_on() {
    let csv = b"id,currency,stage,revenue.annual,revenue.gross_margin,name\nU-1,EUR,active,1000,0.3,caf\xe9\nU-2,EUR,active,1000,0.3,ok\n";
    let (code, out, _) = run_stdin("batch", &["-"], csv);
    assert_eq!(code, 1);
    // The error row keeps the id and currency that could be read.
    assert!(out.contains("\nU-1,caf\u{FFFD},EUR,"), "{out}");
    assert_eq!(
        rows(&out),
        [
            triple(
                "U-1",
                "error",
                "line 2: name is not valid UTF-8 text (save the file as UTF-8)"
            ),
            triple("U-2", "retain", "")
        ]
    );
    let jsonl = b"{\"id\": \"caf\xe9\"}\n{\"id\": \"U-4\", \"currency\": \"EUR\", \"stage\": \"active\", \"revenue\": {\"annual\": \"1\", \"gross_margin\": \"0.1\"}}\n";
    let (code, out, _) = run_stdin("batch", &["--format", "jsonl", "-"], jsonl);
    assert_eq!(code, 1);
    assert_eq!(
        rows(&out),
        [
            triple("", "error", "line 1: is not valid UTF-8 text"),
            triple("U-4", "retain", "")
        ]
    );
}

#[test]
fn evaluate_opens_one_record_of_a_list_by_id() {
    let (code, out, err) = run(
        "evaluate",
        &["--id", "KA-001", "tests/fixtures/batch/accounts.csv"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("keyaccount model 3\nKA-001 Uralmetprom holding (active account, EUR)"),
        "{out}"
    );
    // The same account from the same list in each format gives the same report.
    for list in ["accounts.json", "accounts.jsonl"] {
        let path = format!("tests/fixtures/batch/{list}");
        let (code, same, err) = run("evaluate", &["--id", " KA-001 ", &path]);
        assert_eq!(code, 0, "{list}: {err}");
        assert_eq!(same, out, "{list}");
    }
    let (code, json, _) = run(
        "evaluate",
        &[
            "--json",
            "--id",
            "KA-002",
            "tests/fixtures/batch/accounts.jsonl",
        ],
    );
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["id"], "KA-002");
    let (code, _, err) = run(
        "evaluate",
        &["--id", "B-2", "tests/fixtures/batch/broken.csv"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err.lines().next(),
        Some(
            r#"tests/fixtures/batch/broken.csv: line 5: account "B-2": currency must be three capital letters, got "eur""#
        )
    );
    let (code, _, err) = run(
        "evaluate",
        &["--id", "NOPE", "tests/fixtures/batch/accounts.csv"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "tests/fixtures/batch/accounts.csv: no account with id \"NOPE\"\n"
    );
}

#[test]
fn evaluate_ends_quietly_when_the_output_pipe_closes() {
    use std::process::Stdio;
    let mut child = example("evaluate")
        .args(["--schedule"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn generate_writes_a_list_batch_reads() {
    let (code, out, err) = run("generate", &["50", "--seed", "3", "--invalid-every", "10"]);
    assert_eq!(code, 0, "{err}");
    let (code, results, _) = run_stdin("batch", &["-"], out.as_bytes());
    assert_eq!(code, 1);
    let rows = rows(&results);
    assert_eq!(rows.len(), 50);
    assert_eq!(rows.iter().filter(|r| r[1] == "error").count(), 5);
    let (code, _, err) = run("generate", &["--seed", "x"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("generate: "), "{err}");
}

#[test]
fn portfolio_reports_on_the_bundled_sample() {
    let html = std::env::temp_dir().join(format!("keyaccount-report-{}.html", std::process::id()));
    let html_path = html.to_str().unwrap();
    let (code, out, err) = run(
        "portfolio",
        &[
            "--policy",
            "examples/data/policy.json",
            "examples/data/accounts.csv",
            "--html",
            html_path,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("keyaccount model 3: portfolio report\n"),
        "{out}"
    );
    assert!(out.contains("never added together"), "{out}");
    assert!(
        out.contains(
            "  peak                            153.6 % of total value, after 3 of 7 accounts"
        ),
        "{out}"
    );
    assert!(
        out.contains("  above 25 %: KA-018 (losing one would shake the book)"),
        "{out}"
    );
    assert!(out.contains("Releasing every `release` account:"), "{out}");
    let page = std::fs::read_to_string(&html).unwrap();
    std::fs::remove_file(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        page.matches("<svg ").count(),
        44 + 9,
        "a waterfall for each of the 44 accounts, 3 pictures for each of 3 currencies"
    );
    // Dated by the example: the library keeps no clock.
    let subtitle = page.split("<p class=\"sub\">").nth(1).unwrap();
    assert!(
        subtitle
            .split(" · ")
            .next()
            .unwrap()
            .ends_with(char::is_numeric),
        "{subtitle}"
    );
    let (code, json, _) = run("portfolio", &["examples/data/accounts.csv", "--json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["views"].as_array().unwrap().len(), 3);
    let (code, _, err) = run("portfolio", &["tests/fixtures/batch/broken.csv"]);
    assert_eq!(
        code, 1,
        "records that are errors are left out and listed: {err}"
    );
}

#[test]
fn batch_that_cannot_finish_exits_3_and_leaves_no_complete_looking_file() {
    let (code, out, err) = run("batch", &["examples/data/accounts.csv", "-o", "/dev/full"]);
    assert_eq!(code, 3, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("batch: the input or output failed: No space left on device"),
        "{err}"
    );
    assert!(err.contains("rows were scored and passed to the output; where the output itself failed, it may hold fewer"), "{err}");
    // A normal run renames its file into place and leaves nothing partial beside it.
    let dir = std::env::temp_dir().join(format!("keyaccount-staged-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("results.csv");
    let (code, _, err) = run(
        "batch",
        &["examples/data/accounts.csv", "-o", target.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("44 rows written to {}", target.display())),
        "{err}"
    );
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["results.csv"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keyaccount-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn batch_refuses_to_write_over_its_own_input() {
    let dir = scratch("own-input");
    let list = dir.join("accounts.csv");
    let original = std::fs::read("examples/data/accounts.csv").unwrap();
    std::fs::write(&list, &original).unwrap();
    let link = dir.join("link.csv");
    std::fs::hard_link(&list, &link).unwrap();
    let dotted = format!("{}/./accounts.csv", dir.display());
    for output in [
        list.to_str().unwrap(),
        dotted.as_str(),
        link.to_str().unwrap(),
    ] {
        let (code, out, err) = run("batch", &[list.to_str().unwrap(), "-o", output]);
        assert_eq!(code, 2, "{output}: {err}");
        assert!(out.is_empty());
        assert!(
            err.contains("is the account list") && err.contains("write them to another file"),
            "{err}"
        );
        assert_eq!(std::fs::read(&list).unwrap(), original, "{output}");
    }
    // The policy is an input too.
    // (named .csv: an output named .json is refused for its name first)
    let policy = dir.join("policy.csv");
    std::fs::copy("examples/data/policy.json", &policy).unwrap();
    let before = std::fs::read(&policy).unwrap();
    let (code, _, err) = run(
        "batch",
        &[
            "--policy",
            policy.to_str().unwrap(),
            list.to_str().unwrap(),
            "-o",
            policy.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is the policy"), "{err}");
    assert_eq!(std::fs::read(&policy).unwrap(), before);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "no partial file: {names:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn batch_template_keeps_an_existing_file_unless_forced() {
    let dir = scratch("template");
    let list = dir.join("accounts.csv");
    let original = std::fs::read("examples/data/accounts.csv").unwrap();
    std::fs::write(&list, &original).unwrap();
    let (code, out, err) = run("batch", &["--template", list.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("already exists: choose another name, or add --force to replace it"),
        "{err}"
    );
    assert_eq!(std::fs::read(&list).unwrap(), original);
    let (code, _, err) = run("batch", &["--template", list.to_str().unwrap(), "--force"]);
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(&list).unwrap();
    assert!(written.starts_with("id,name,currency,stage,"), "{written}");
    assert_eq!(written.lines().count(), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A link planted at the temporary file's name (the process id is known to a
/// shell that `exec`s the program) is not written through.
#[cfg(unix)]
#[test]
fn batch_never_writes_through_a_link_at_its_temporary_name() {
    let dir = scratch("planted");
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, b"precious\n").unwrap();
    let target = dir.join("results.csv");
    let batch = example("batch").get_program().to_owned();
    let script = format!(
        "ln -s {victim} {dir}/.results.csv.$$.0.partial && ln -s {victim} {dir}/.results.csv.$$.1.partial && exec \"$0\" examples/data/accounts.csv -o {target}",
        victim = victim.display(),
        dir = dir.display(),
        target = target.display(),
    );
    let output = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(batch)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious\n");
    let results = std::fs::read_to_string(&target).unwrap();
    assert_eq!(results.lines().count(), 45, "the header and 44 rows");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".partial"))
        .collect();
    names.sort();
    assert_eq!(names, ["results.csv", "victim.txt"]);
    for link in std::fs::read_dir(&dir).unwrap() {
        let link = link.unwrap();
        if link.file_name().to_string_lossy().ends_with(".partial") {
            assert!(
                link.file_type().unwrap().is_symlink(),
                "only the planted links remain"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn batch_cuts_a_record_past_the_line_limit() {
    let mut input = b"id,currency,stage,revenue.annual,revenue.gross_margin\n".to_vec();
    input.extend(std::iter::repeat_n(0_u8, 200_000));
    input.extend_from_slice(b"\nM-2,EUR,active,1000,0.3\n");
    let (code, out, err) = run_stdin("batch", &["--max-line-bytes", "1000", "-"], &input);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        rows(&out),
        [
            triple(
                "",
                "error",
                "line 2: the record is longer than 1000 bytes, the longest a line may be: it was skipped up to the end of its line"
            ),
            triple("M-2", "retain", "")
        ]
    );
}

/// A UTF-16 file says how to save it, and no raw control character reaches
/// the terminal.
#[test]
fn batch_says_a_utf16_file_is_utf16() {
    let mut input = vec![0xFF, 0xFE];
    for unit in "id,currency,stage,revenue.annual,revenue.gross_margin\r\n".encode_utf16() {
        input.extend_from_slice(&unit.to_le_bytes());
    }
    let (code, out, err) = run_stdin("batch", &["-"], &input);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err,
        "batch: the file is saved as UTF-16: save it as UTF-8 (CSV UTF-8)\n"
    );
}

#[test]
fn batch_warns_about_repeated_ids_and_suspicious_rows() {
    let csv = "id,currency,stage,revenue.annual,revenue.gross_margin,payment.default_rate\n\
               D-1,EUR,active,1000,0.3,1\nD-2,EUR,active,1000,0.3,\nD-1 ,EUR,active,1000,0.3,\n\
               D-2,EUR,active,1000,0.3,\nD-1,EUR,active,1000,0.3,\n";
    let (code, out, err) = run_stdin("batch", &["-"], csv.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert_eq!(rows(&out).len(), 5, "repeated ids are all scored");
    assert!(
        err.contains("warning: 3 records repeat an id seen before (all were scored): D-1, D-2"),
        "{err}"
    );
    // No risk is given for any of them: each says its survival is 100 %.
    assert!(
        err.contains("  5 records with warnings (see the warnings column)"),
        "{err}"
    );
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(
        &first[column("warnings")],
        "payment.default_rate is 1 (100 %); write 0.01 for 1 %; \
         no termination risk given: survival is 100 %"
    );
    let (_, _, err) = run_stdin("batch", &["--no-duplicate-check", "-"], csv.as_bytes());
    assert!(!err.contains("repeat an id"), "{err}");
}

#[test]
fn batch_bounds_a_huge_bad_header_and_defuses_formulas() {
    let mut header: Vec<String> = (0..5_000).map(|i| format!("junk{i}")).collect();
    header.extend(
        [
            "id",
            "currency",
            "stage",
            "revenue.annual",
            "revenue.gross_margin",
        ]
        .map(String::from),
    );
    let (code, out, err) = run_stdin(
        "batch",
        &["-"],
        format!("{}\n", header.join(",")).as_bytes(),
    );
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 21, "twenty problems and a count");
    assert!(
        err.ends_with("batch: header: ... and 4980 more problems\n"),
        "{err}"
    );
    let csv = "id,name,currency,stage,revenue.annual,revenue.gross_margin\n\
               =HYPERLINK(1),+cmd,EUR,active,1000,0.3\n-2,@SUM(A1),EUR,active,1000,0.3\n";
    let (code, out, _) = run_stdin("batch", &["-"], csv.as_bytes());
    assert_eq!(code, 0);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!((&rows[0][0], &rows[0][1]), ("'=HYPERLINK(1)", "'+cmd"));
    assert_eq!((&rows[1][0], &rows[1][1]), ("'-2", "'@SUM(A1)"));
}

/// `batch` on the bundled list under the bundled policy.
fn bundled_batch() -> (i32, String, String) {
    run(
        "batch",
        &[
            "--policy",
            "examples/data/policy.json",
            "examples/data/accounts.csv",
        ],
    )
}

/// The header and the first forty result rows of a run: the Russian workbook and
/// its CSV export hold the first forty accounts of the bundled list (the model 3
/// accounts after them use columns the Russian column map does not name).
#[cfg(feature = "spreadsheet")]
fn first_forty((_, out, _): (i32, String, String)) -> String {
    out.lines().take(41).map(|l| format!("{l}\n")).collect()
}

/// The three commands the README gives a person with a spreadsheet.
#[cfg(feature = "spreadsheet")]
#[test]
fn batch_reads_and_writes_spreadsheets_as_people_keep_them() {
    let plain = first_forty(bundled_batch());
    let (code, exported, err) = run(
        "batch",
        &[
            "--policy",
            "examples/data/policy.json",
            "--columns",
            "examples/data/columns_ru.json",
            "--delimiter",
            ";",
            "--decimal-comma",
            "examples/data/accounts_ru.csv",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(exported, plain);
    let target = std::env::temp_dir().join(format!("keyaccount-{}.xlsx", std::process::id()));
    let (code, out, err) = run(
        "batch",
        &[
            "--policy",
            "examples/data/policy.json",
            "--columns",
            "examples/data/columns_ru.json",
            "examples/data/accounts_ru.xlsx",
            "-o",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let bytes = std::fs::read(&target).unwrap();
    std::fs::remove_file(&target).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    let template =
        std::env::temp_dir().join(format!("keyaccount-template-{}.csv", std::process::id()));
    let (code, _, err) = run("batch", &["--template", template.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run("batch", &[template.to_str().unwrap()]);
    std::fs::remove_file(&template).unwrap();
    assert_eq!(code, 0, "{err}");
    assert_eq!(rows(&out)[0][0], "EXAMPLE");
    // Without the option, a decimal comma is an error whose hint names it.
    let (code, out, _) = run(
        "batch",
        &[
            "--columns",
            "examples/data/columns_ru.json",
            "--delimiter",
            ";",
            "examples/data/accounts_ru.csv",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        rows(&out)[0][2].contains("read the file with --decimal-comma"),
        "{out}"
    );
    let (code, _, err) = run(
        "batch",
        &["--sheet", "Nope", "examples/data/accounts_ru.xlsx"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("the workbook has no sheet \"Nope\"; its sheets are \"Клиенты\""),
        "{err}"
    );
}

/// What a second newcomer review found, each now handled.
#[test]
fn review_findings_stay_fixed() {
    // A workbook's number cells are numbers, also under --decimal-comma.
    #[cfg(feature = "spreadsheet")]
    {
        let (code, out, err) = run(
            "batch",
            &[
                "--policy",
                "examples/data/policy.json",
                "--columns",
                "examples/data/columns_ru.json",
                "--decimal-comma",
                "examples/data/accounts_ru.xlsx",
            ],
        );
        assert_eq!(code, 0, "{err}");
        let plain = first_forty(bundled_batch());
        assert_eq!(out, plain);
    }
    // The portfolio's JSON names the model; it reads workbooks through a column map.
    let (code, json, _) = run("portfolio", &["examples/data/accounts.csv", "--json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["model"], "3");
    #[cfg(feature = "spreadsheet")]
    {
        let (code, out, err) = run(
            "portfolio",
            &[
                "--columns",
                "examples/data/columns_ru.json",
                "examples/data/accounts_ru.xlsx",
            ],
        );
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("=== RUB: 12 accounts, 8 active ==="), "{out}");
    }
    // Results and templates only in the formats batch writes.
    for args in [
        &[
            "examples/data/accounts.csv",
            "-o",
            "/tmp/keyaccount-out.ods",
        ][..],
        &["--template", "/tmp/keyaccount-template.txt"][..],
    ] {
        let (code, _, err) = run("batch", args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.starts_with("batch: /tmp/keyaccount-"), "{err}");
    }
}

/// A closed standard error ends the run without a panic.
#[test]
fn a_closed_stderr_is_not_a_panic() {
    use std::process::Stdio;
    let mut child = example("batch")
        .args(["examples/data/accounts.csv"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_ne!(status.code(), Some(101), "panicked");
}

/// `portfolio -` reads the list from standard input (CSV, or a workbook with
/// `--format`) and reports exactly as from the file.
#[test]
fn portfolio_reads_standard_input() {
    let policy = ["--policy", "examples/data/policy.json"];
    let (code, from_file, err) = run(
        "portfolio",
        &[policy[0], policy[1], "examples/data/accounts.csv"],
    );
    assert_eq!(code, 0, "{err}");
    let csv = std::fs::read("examples/data/accounts.csv").unwrap();
    let (code, from_stdin, err) = run_stdin("portfolio", &[policy[0], policy[1], "-"], &csv);
    assert_eq!(code, 0, "{err}");
    assert_eq!(from_stdin, from_file);

    #[cfg(feature = "spreadsheet")]
    {
        let columns = ["--columns", "examples/data/columns_ru.json"];
        let (code, from_file, err) = run(
            "portfolio",
            &[columns[0], columns[1], "examples/data/accounts_ru.xlsx"],
        );
        assert_eq!(code, 0, "{err}");
        let xlsx = std::fs::read("examples/data/accounts_ru.xlsx").unwrap();
        let (code, from_stdin, err) = run_stdin(
            "portfolio",
            &[columns[0], columns[1], "--format", "xlsx", "-"],
            &xlsx,
        );
        assert_eq!(code, 0, "{err}");
        assert_eq!(from_stdin, from_file);
        assert!(from_stdin.contains("portfolio report"), "{from_stdin}");
    }
}

/// Without the `spreadsheet` feature the examples still build, and every
/// workbook option says which feature it needs and how to turn it on (exit 2).
#[cfg(not(feature = "spreadsheet"))]
#[test]
fn workbook_options_name_the_spreadsheet_feature() {
    let cases: [(&str, &[&str], &str); 5] = [
        (
            "batch",
            &["examples/data/accounts_ru.xlsx"],
            "reading .xlsx",
        ),
        (
            "batch",
            &["--sheet", "Nope", "examples/data/accounts.csv"],
            "--sheet",
        ),
        (
            "batch",
            &[
                "examples/data/accounts.csv",
                "-o",
                "/tmp/keyaccount-out.xlsx",
            ],
            "writing .xlsx",
        ),
        (
            "batch",
            &["--template", "/tmp/keyaccount-template.xlsx"],
            "writing .xlsx",
        ),
        (
            "portfolio",
            &["examples/data/accounts_ru.xlsx"],
            "reading .xlsx",
        ),
    ];
    for (name, args, what) in cases {
        let (code, out, err) = run(name, args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{out}");
        assert_eq!(
            err,
            format!(
                "{name}: {what} needs the `spreadsheet` feature: \
                 cargo run --release --features spreadsheet --example {name} -- ...\n"
            ),
            "{args:?}"
        );
    }
}

/// The negotiation desk on the bundled retailer and its three proposals: the
/// report a manager takes into the meeting, its JSON in the model's shape, and
/// its page.
#[test]
fn evaluate_prepares_a_negotiation() {
    let page = std::env::temp_dir().join(format!(
        "keyaccount-negotiation-{}.html",
        std::process::id()
    ));
    let page_arg = page.to_str().unwrap();
    let args = [
        "--negotiate",
        "--proposals",
        "examples/data/proposals.json",
        "--policy",
        "examples/data/policy.json",
        "--id",
        "KA-043",
        "examples/data/accounts.csv",
    ];
    let (code, out, err) = run("evaluate", &[&args[..], &["--html", page_arg]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("keyaccount model 3: negotiation desk\nKA-043 Hansa Retail Group"));
    for line in [
        "retailer's ask",
        "    payment terms 90 → 120 days ",
        "    rebate 4 % → 8 % ",
        "    yearly sales 18,000,000 → 23,400,000 EUR ",
        "    interaction ",
        "  1 point more concession ",
        "-1.00",
        "  1 more contract year ",
        "the contract has no fixed term",
        "none needed: the account is at or above its bar as it is",
    ] {
        assert!(out.contains(line), "{line:?} not in\n{out}");
    }
    // The retailer's ask loses value the manager would otherwise sign away.
    let ask = out
        .lines()
        .find(|l| l.trim_start().starts_with("the whole proposal"))
        .unwrap();
    assert!(ask.trim_end().ends_with("-700,197"), "{ask}");
    let html = std::fs::read_to_string(&page).unwrap();
    let _ = std::fs::remove_file(&page);
    assert_eq!(html.matches("<svg ").count(), 3);
    assert!(!html.contains("<script"));

    let (code, json, err) = run("evaluate", &[&args[..], &["--json"]].concat());
    assert_eq!(code, 0, "{err}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["model", "as_is", "proposals", "give_get", "package"] {
        assert!(keys.contains(&key), "{key} missing: {keys:?}");
    }
    assert_eq!(value["model"], "3");
    assert_eq!(value["as_is"]["model"], "3");
    let ask = &value["proposals"][0];
    assert_eq!(ask["name"], "retailer's ask");
    let effects: Vec<&str> = ask["effects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["change"].as_str().unwrap())
        .collect();
    assert_eq!(
        effects,
        ["payment.terms_days", "revenue.rebate", "revenue.annual"]
    );
    assert!(
        ask["delta"]["value"]
            .as_str()
            .unwrap()
            .starts_with("-700197.")
    );
    assert_eq!(value["give_get"][0]["points"], "-1");
    assert!(value["package"]["share"].is_null());
}

/// Hostile proposals: each bad one is named with its field, the good one is
/// still valued, nothing panics; a file that is not JSON exits 2.
#[test]
fn evaluate_names_each_bad_proposal_and_values_the_rest() {
    let (code, out, err) = run(
        "evaluate",
        &[
            "--negotiate",
            "--proposals",
            "tests/fixtures/hostile_proposals.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    for line in [
        "proposal \"new currency\": currency cannot be changed",
        "proposal \"typo\": payment.terms is not a known field (did you mean `payment.terms_days`?)",
        "proposal \"too long\": payment.terms_days must be",
        "proposal \"twice\": payment.terms_days is given more than once",
        "proposal \"words\": revenue.annual must be a plain decimal number",
        "proposal \"proposal 7\": name is required",
    ] {
        assert!(out.contains(line), "{line:?} not in\n{out}");
    }
    assert!(out.contains("    payment terms 90 → 60 days"), "{out}");
    let (code, _, err) = run(
        "evaluate",
        &["--negotiate", "--proposals", "tests/fixtures/broken.json"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("is not valid JSON"), "{err}");
    // Two proposals with one name: refused as a whole, saying why.
    let twins = std::env::temp_dir().join(format!("keyaccount-twins-{}.json", std::process::id()));
    std::fs::write(
        &twins,
        r#"[{"name": "a", "changes": {}}, {"name": "a", "changes": {}}]"#,
    )
    .unwrap();
    let (code, _, err) = run(
        "evaluate",
        &["--negotiate", "--proposals", twins.to_str().unwrap()],
    );
    let _ = std::fs::remove_file(&twins);
    assert_eq!(code, 2);
    assert!(
        err.contains("proposal \"a\": name is given more than once"),
        "{err}"
    );
}

/// `evaluate --id` reads a list with the options `batch` takes, so the row a
/// user opens is the row batch scored: the Russian export (`;`, decimal commas,
/// own headers in thousands and percent) gives the value of batch's row.
#[test]
fn evaluate_reads_a_list_the_way_batch_does() {
    let options = [
        "--policy",
        "examples/data/policy.json",
        "--columns",
        "examples/data/columns_ru.json",
        "--delimiter",
        ";",
        "--decimal-comma",
    ];
    let (code, csv, err) = run(
        "batch",
        &[&options[..], &["examples/data/accounts_ru.csv"]].concat(),
    );
    assert_eq!(code, 0, "{err}");
    let row = csv.lines().find(|l| l.starts_with("KA-001,")).unwrap();
    let value = row.split(',').nth(column("value")).unwrap();
    let (code, json, err) = run(
        "evaluate",
        &[
            &options[..],
            &["--json", "--id", "KA-001", "examples/data/accounts_ru.csv"],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let exact: rust_decimal::Decimal = json["value"].as_str().unwrap().parse().unwrap();
    assert_eq!(exact.round_dp(2).to_string(), value);
    // Without the options the same file cannot be read as batch read it.
    let (code, _, err) = run(
        "evaluate",
        &["--id", "KA-001", "examples/data/accounts_ru.csv"],
    );
    assert_eq!(code, 2, "{err}");
}

/// Control characters in the input never reach the terminal raw: a header cell
/// holding an escape sequence is reported with the escape shown.
#[test]
fn messages_show_control_characters_escaped() {
    let csv = b"id,currency,stage,revenue.annual,revenue.gross_margin,\x1b[31mred\n\
                A,EUR,active,1000,0.3,x\n";
    let (code, _, err) = run_stdin("batch", &["-"], csv);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("\\u{1b}[31mred"), "{err}");
}

/// A missing temporary folder while writing a workbook is a clear error (exit 3,
/// a hint to set TMPDIR), never a panic, and leaves no file behind.
#[cfg(feature = "spreadsheet")]
#[test]
fn batch_without_a_temporary_folder_says_so_and_leaves_nothing() {
    let dir = std::env::temp_dir().join(format!("keyaccount-notmp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("results.xlsx");
    let output = example("batch")
        .env("TMPDIR", "/nonexistent/keyaccount")
        .args(["examples/data/accounts.csv", "-o", target.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.contains("set TMPDIR to a folder that exists"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The README's `--id` example shows the value of the batch row it opens.
#[test]
fn the_readme_id_example_matches_its_batch_row() {
    let readme = include_str!("../README.md");
    let line = readme
        .lines()
        .find(|l| l.contains("--id PR-105 examples/data/accounts.csv"))
        .unwrap();
    let args: Vec<&str> = line
        .split_once("--example evaluate --")
        .unwrap()
        .1
        .split('#')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    let (code, json, err) = run("evaluate", &[&args[..], &["--json"]].concat());
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let (code, csv, err) = run(
        "batch",
        &[
            "--policy",
            "examples/data/policy.json",
            "examples/data/accounts.csv",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let row = csv.lines().find(|l| l.starts_with("PR-105,")).unwrap();
    let value = row.split(',').nth(column("value")).unwrap();
    let exact: rust_decimal::Decimal = json["value"].as_str().unwrap().parse().unwrap();
    assert_eq!(exact.round_dp(2).to_string(), value);
}
