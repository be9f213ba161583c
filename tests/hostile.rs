//! Hostile input: what a CRM export, a careless script or an attacker may send.
//! Every record gets exactly one result, nothing panics, and every message says
//! what was wrong. Large inputs are generated here, not committed.

use std::fs::File;

use keyaccount::read::{self, Format, ReadOptions};
use keyaccount::{Policy, Record, score};
use proptest::prelude::*;

fn records(bytes: &[u8], format: Format) -> Vec<Record> {
    match read::records(bytes, format, &ReadOptions::default()) {
        Ok(reader) => reader.map(Result::unwrap).collect(),
        Err(_) => Vec::new(),
    }
}

fn messages(record: &Record) -> String {
    match &record.account {
        Ok(_) => String::new(),
        Err(e) => e.messages().join("; "),
    }
}

/// Numbers a spreadsheet or a script writes, each refused with a hint, or read
/// exactly: NaN, infinity, exponents, negative zero, a plus sign, thousands
/// separators, a decimal comma, percent; ids and names in any script, with
/// control characters; empty and blank ids.
#[test]
fn numbers_and_text_from_the_wild() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hostile/numbers.csv"
    );
    let reader = read::records(
        File::open(path).unwrap(),
        Format::Csv,
        &ReadOptions::default(),
    )
    .unwrap();
    let got: Vec<(u64, String)> = reader
        .map(|r| {
            let r = r.unwrap();
            (r.line, messages(&r))
        })
        .collect();
    let expected = [
        (
            2,
            r#"revenue.annual must be a plain decimal number, got "NaN" (digits with an optional minus sign and decimal point, such as 1200000 or 0.25)"#,
        ),
        (
            3,
            r#"revenue.annual must be a plain decimal number, got "Infinity" (digits with an optional minus sign and decimal point, such as 1200000 or 0.25)"#,
        ),
        (
            4,
            r#"revenue.annual must be a plain decimal number, got "1e6" (write it without an exponent)"#,
        ),
        (5, ""),
        (
            6,
            r#"revenue.annual must be a plain decimal number, got "+1000" (write it without a plus sign)"#,
        ),
        (
            7,
            r#"revenue.annual must be a plain decimal number, got "1,200,000" (use a point for decimals and no thousands separators)"#,
        ),
        (
            8,
            r#"revenue.gross_margin must be a plain decimal number, got "0,25" (a decimal comma: write 0.25, or read the file with --decimal-comma)"#,
        ),
        (
            9,
            r#"revenue.annual must be a plain decimal number, got "1 200 000" (write it without thousands separators)"#,
        ),
        (
            10,
            r#"revenue.gross_margin must be a plain decimal number, got "30%" (write rates as fractions: 0.12 means 12 %)"#,
        ),
        (11, ""),
        (12, ""),
        (13, "id is required"),
        (14, "id is required"),
    ];
    assert_eq!(got.len(), expected.len());
    for ((line, message), (want_line, want)) in got.iter().zip(expected) {
        assert_eq!((*line, message.as_str()), (want_line, want));
    }
    // Negative zero reads as plain zero; names in any script, control characters
    // included, come back as written.
    let reader = read::records(
        File::open(path).unwrap(),
        Format::Csv,
        &ReadOptions::default(),
    )
    .unwrap();
    let accounts: Vec<_> = reader.filter_map(|r| r.unwrap().account.ok()).collect();
    assert_eq!(accounts[0].revenue().annual.to_string(), "0");
    assert!(!accounts[0].revenue().annual.is_sign_negative());
    assert_eq!(accounts[1].name(), "Тест — 公司 🚀");
    assert_eq!(accounts[2].id(), "N-11\ttab");
    assert_eq!(accounts[2].name(), "bell\u{7} and\u{1b} escape");
}

/// A panic in the caller's `map` on a worker reaches the caller as a panic, for
/// every thread count, rather than leaving the caller waiting for a batch that
/// never comes.
#[test]
fn a_panic_on_a_worker_reaches_the_caller() {
    use std::sync::mpsc;
    use std::time::Duration;
    let mut text = String::from("id,currency,stage,revenue.annual,revenue.gross_margin\n");
    for i in 0..3_000 {
        text.push_str(&format!("P-{i},EUR,active,1000,0.3\n"));
    }
    for threads in [1, 2, 3, 8] {
        let (tx, rx) = mpsc::channel();
        let input = text.clone();
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(|| {
                let mut batches = 0;
                keyaccount::score_parallel_map(
                    read::records(input.as_bytes(), Format::Csv, &ReadOptions::default()).unwrap(),
                    &Policy::default(),
                    std::num::NonZeroUsize::new(threads).unwrap(),
                    |batch| {
                        assert!(
                            !batch.iter().any(|s| s.line == 600),
                            "the caller's map fails on line 600"
                        );
                        batch.len()
                    },
                    |_| {
                        batches += 1;
                        Ok::<(), keyaccount::Error>(())
                    },
                )
            });
            let _ = tx.send(outcome.is_err());
        });
        let panicked = rx.recv_timeout(Duration::from_secs(60));
        assert_eq!(panicked, Ok(true), "{threads} threads");
    }
}

/// A cell is UTF-8 by itself or the row is an error, even where the delimiter
/// splits one character's bytes (the row's bytes together would be valid), and
/// on the reading thread as on a scoring thread.
#[test]
fn a_character_split_by_the_delimiter_is_not_utf8() {
    let mut csv = b"id,name,currency,stage,revenue.annual,revenue.gross_margin\n".to_vec();
    csv.extend_from_slice(b"A,\xC3,\xA9EUR,active,1000,0.3\n");
    csv.extend_from_slice("B,Caf\u{e9},EUR,active,1000,0.3\n".as_bytes());
    let read = records(&csv, Format::Csv);
    assert_eq!(read.len(), 2);
    assert!(
        messages(&read[0]).contains("not valid UTF-8"),
        "{}",
        messages(&read[0])
    );
    assert!(read[1].account.is_ok(), "{}", messages(&read[1]));
    let mut pending = Vec::new();
    keyaccount::score_parallel(
        read::CsvReader::new(&csv[..], &ReadOptions::default())
            .unwrap()
            .pending(),
        &Policy::default(),
        std::num::NonZeroUsize::new(2).unwrap(),
        |scored| {
            pending.push(scored.result.map(|e| e.name).map_err(|e| e.to_string()));
            Ok::<(), keyaccount::Error>(())
        },
    )
    .unwrap();
    assert!(
        pending[0]
            .as_ref()
            .is_err_and(|e| e.contains("not valid UTF-8"))
    );
    assert_eq!(pending[1].as_deref(), Ok("Café"));
}

#[test]
fn a_policy_with_unknown_and_out_of_range_fields_lists_every_problem() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hostile/bad_policy.json"
    );
    let error = read::policy(File::open(path).unwrap()).unwrap_err();
    assert_eq!(
        error.messages(),
        [
            "speed is not a known field",
            "discount_rate must be between 0 and 1, got 1.5",
            r#"horizon_years must be a whole number between 1 and 50, got "51""#,
            r#"hurdle.EUR must be a plain decimal number, got "-1e16" (write it without an exponent)"#,
            r#"timing must be one of end, mid, start, got "later""#,
            "portfolio.colour is not a known field",
            "portfolio.max_revenue_share must be between 0 and 1, got 2",
        ]
    );
}

/// A 100 MB line is one record with one error, read and refused in memory
/// proportional to that line only.
#[test]
fn a_100_mb_single_line_is_one_record() {
    let huge = "A".repeat(100 << 20);
    let jsonl = format!(r#"{{"id": "{huge}", "currency": "EUR"}}"#);
    let got = records(jsonl.as_bytes(), Format::JsonLines);
    assert_eq!(got.len(), 1);
    assert!(
        messages(&got[0])
            .starts_with("id must be 1 to 64 characters after trimming, got 104857600"),
        "{}",
        &messages(&got[0])[..80]
    );
    let csv =
        format!("id,currency,stage,revenue.annual,revenue.gross_margin\n{huge},EUR,active,1,0.1\n");
    let got = records(csv.as_bytes(), Format::Csv);
    assert_eq!(got.len(), 1);
    assert!(messages(&got[0]).starts_with("id must be 1 to 64 characters"));
}

/// A header of a million columns is refused quickly with every problem listed;
/// only the first hundred unknown columns get a suggestion.
#[test]
fn a_million_columns_is_a_header_error() {
    let mut header: Vec<String> = (0..1_000_000).map(|i| format!("c{i}")).collect();
    header.push("revnue.annual".to_owned());
    let text = format!("{}\n", header.join(","));
    let error = read::records(text.as_bytes(), Format::Csv, &ReadOptions::default()).unwrap_err();
    let messages = error.messages();
    assert_eq!(
        messages.len(),
        1_000_001 + 5,
        "every unknown column and the five missing ones"
    );
    assert!(messages[0].starts_with("c0 is not a known field"));
    assert_eq!(
        messages[500], "c500 is not a known field",
        "no suggestion past the hundredth"
    );
    assert_eq!(messages[1_000_000], "revnue.annual is not a known field");
}

/// Deeply nested JSON, in every reader, is an error record, never a crash.
#[test]
fn deeply_nested_json_is_an_error_in_every_reader() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    assert_eq!(
        records(format!("{deep}\n").as_bytes(), Format::JsonLines).len(),
        1
    );
    assert_eq!(
        records(format!("[{deep}]").as_bytes(), Format::Json).len(),
        1
    );
    let doc = format!(r#"{{"id": "X", "risk": {deep}}}"#);
    assert!(read::account(doc.as_bytes()).is_err());
}

/// Scoring from many threads at once gives the same results as one thread.
#[test]
fn many_threads_give_the_same_results_as_one() {
    let text = include_str!("../examples/data/accounts.csv");
    let policy = read::policy(include_str!("../examples/data/policy.json").as_bytes()).unwrap();
    let once = |policy: &Policy| -> Vec<String> {
        let records = read::records(text.as_bytes(), Format::Csv, &ReadOptions::default()).unwrap();
        score(records, policy)
            .map(|s| format!("{:?}", s.unwrap().result.map(|e| (e.value, e.verdict))))
            .collect()
    };
    let expected = once(&policy);
    let results: Vec<Vec<String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8).map(|_| scope.spawn(|| once(&policy))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for got in results {
        assert_eq!(got, expected);
    }
}

/// Whether a row would be written as a blank line, which is not a record (the
/// csv writer quotes a lone empty cell, so such rows are left out of the text).
fn blank(row: &[String]) -> bool {
    row.is_empty() || row.len() == 1 && row[0].is_empty()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any bytes at all, in every format: no panic, and no item after an error
    /// that ends the input.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for format in [Format::Csv, Format::JsonLines, Format::Json] {
            if let Ok(reader) = read::records(&bytes[..], format, &ReadOptions::default()) {
                let items: Vec<_> = score(reader, &Policy::default()).collect();
                let fatal = items.iter().position(Result::is_err);
                prop_assert!(fatal.is_none_or(|i| i + 1 == items.len()));
            }
        }
    }

    /// CSV-ish text under a valid header: exactly one result per record.
    #[test]
    fn csv_text_gives_one_result_per_record(
        cells in prop::collection::vec(prop::collection::vec("[ -~\u{e9}\u{44f}\"\r\n;,]{0,10}", 0..8), 0..16)
    ) {
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        writer.write_record(["id", "currency", "stage", "revenue.annual", "revenue.gross_margin"]).unwrap();
        let rows: Vec<&Vec<String>> = cells.iter().filter(|row| !blank(row)).collect();
        for row in &rows {
            writer.write_record(*row).unwrap();
        }
        let bytes = writer.into_inner().unwrap();
        let got = records(&bytes, Format::Csv);
        prop_assert_eq!(got.len(), rows.len());
        prop_assert!(got.windows(2).all(|w| w[0].line < w[1].line));
    }

    /// JSON Lines: one result per non-blank line, with its line number.
    #[test]
    fn json_lines_give_one_result_per_line(lines in prop::collection::vec("[ -~\u{44f}{}\\[\\]\":,]{0,40}", 0..16)) {
        let text = lines.join("\n");
        let got = records(text.as_bytes(), Format::JsonLines);
        let expected: Vec<u64> = lines
            .iter()
            .zip(1..)
            .filter(|(l, _)| !l.trim().is_empty())
            .map(|(_, n)| n)
            .collect();
        let lines_got: Vec<u64> = got.iter().map(|r| r.line).collect();
        prop_assert_eq!(lines_got, expected);
    }
}

/// Scoring on several threads gives the same results in the same order as one
/// thread, errors included, and an input that fails part-way still stops the run
/// after the records before it.
#[test]
fn parallel_scoring_keeps_input_order() {
    use std::num::NonZeroUsize;
    let mut text = String::from("id,currency,stage,revenue.annual,revenue.gross_margin\n");
    for i in 0..3_000 {
        let margin = if i % 97 == 0 { "2" } else { "0.3" };
        text.push_str(&format!("P-{i},EUR,active,{},{margin}\n", 1000 + i));
    }
    let policy = Policy::default();
    let records = || read::records(text.as_bytes(), Format::Csv, &ReadOptions::default()).unwrap();
    let shown = |s: keyaccount::Scored| format!("{} {:?}", s.line, s.result.map(|e| e.value));
    // A failing input: 1,000 records, then the error.
    let failing = || {
        let mut items: Vec<keyaccount::Result<Record>> = records().take(1_000).collect();
        items.push(Err(read::policy(&b"{"[..]).unwrap_err()));
        items
    };
    let sequential: Vec<String> = score(records(), &policy)
        .map(|s| shown(s.unwrap()))
        .collect();
    for threads in [1, 2, 3, 8] {
        let n = NonZeroUsize::new(threads).unwrap();
        let mut got = Vec::new();
        keyaccount::score_parallel(records(), &policy, n, |s| {
            got.push(shown(s));
            Ok::<(), keyaccount::Error>(())
        })
        .unwrap();
        assert_eq!(got, sequential, "{threads} threads");
        // The records before the failure, then the error.
        let mut seen = 0;
        let outcome = keyaccount::score_parallel(failing(), &policy, n, |_| {
            seen += 1;
            Ok::<(), keyaccount::Error>(())
        });
        assert!(outcome.is_err());
        assert_eq!(seen, 1_000);

        // Mapped on the workers: the same results, in batches in input order, on
        // one thread as on several; a failing input stops after the records
        // before it, and so does an `each` that fails.
        let mut got = Vec::new();
        keyaccount::score_parallel_map(
            records(),
            &policy,
            n,
            |batch| {
                assert!(!batch.is_empty() && batch.len() <= 256);
                batch.into_iter().map(shown).collect::<Vec<_>>()
            },
            |rows| {
                got.extend(rows);
                Ok::<(), keyaccount::Error>(())
            },
        )
        .unwrap();
        assert_eq!(got, sequential, "{threads} threads, mapped");
        let mut seen = 0;
        let outcome = keyaccount::score_parallel_map(
            failing(),
            &policy,
            n,
            |batch| batch.len(),
            |count| {
                seen += count;
                Ok::<(), keyaccount::Error>(())
            },
        );
        assert!(outcome.is_err(), "{threads} threads");
        assert_eq!(seen, 1_000, "{threads} threads");
        let mut batches = 0;
        let outcome: keyaccount::Result<()> = keyaccount::score_parallel_map(
            records(),
            &policy,
            n,
            |batch| batch.len(),
            |_| {
                batches += 1;
                if batches == 3 {
                    Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe).into())
                } else {
                    Ok(())
                }
            },
        );
        let error = outcome.unwrap_err();
        assert!(error.io_error().is_some(), "{error}");
        assert_eq!(batches, 3, "{threads} threads");
    }
}
