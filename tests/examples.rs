//! Runs the example programs on fixture files, as a user would.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The example binary built by `cargo test` next to this test binary.
fn example(name: &str) -> Command {
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
        out.starts_with("KA-014 Uralmetprom holding (active account, EUR)"),
        "{out}"
    );
    assert!(out.contains("Verdict: RESTRUCTURE"), "{out}");
    assert!(out.contains("  cost to serve   -1,113,516.04"), "{out}");
    assert!(out.contains("  value             -110,789.14"), "{out}");
    assert!(
        out.contains("cut cost to serve by 9.9 % to reach the hurdle"),
        "{out}"
    );
    assert!(out.contains("  competitor displacement    7.7 %"), "{out}");
    assert!(!out.contains("Yearly schedule"));
}

#[test]
fn evaluate_adds_the_schedule_on_request() {
    let (code, out, _) = run("evaluate", &["--schedule"]);
    assert_eq!(code, 0);
    assert!(out.contains("Yearly schedule, EUR:"), "{out}");
    assert!(out.contains("-110,789.14\n"), "{out}");
}

#[test]
fn evaluate_prints_json_with_the_result_columns_in_order() {
    let (code, out, _) = run(
        "evaluate",
        &["--json", "--policy", "examples/data/policy.json"],
    );
    assert_eq!(code, 0);
    let keys: Vec<String> = out
        .trim_start_matches('{')
        .split(",\"")
        .filter_map(|part| {
            part.trim_start_matches('"')
                .split_once("\":")
                .map(|(k, _)| k.to_owned())
        })
        .filter(|k| !k.contains('{') && k != "risk" && k != "probability")
        .collect();
    let mut expected: Vec<String> = keyaccount::RESULT_COLUMNS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    expected.push("delay_factor".to_owned());
    expected.push("drivers".to_owned());
    assert_eq!(keys, expected);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["verdict"], "release");
    assert_eq!(json["error"], serde_json::Value::Null);
    assert_eq!(json["delay_factor"], serde_json::Value::Null);
    assert_eq!(json["value"], "-110789.1371623934595894361745");
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
