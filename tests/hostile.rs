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
/// proportional to that line only: past the default line limit (64 MiB) without
/// reading it, and under a higher limit by what it holds.
#[test]
fn a_100_mb_single_line_is_one_record() {
    let huge = "A".repeat(100 << 20);
    let jsonl = format!(r#"{{"id": "{huge}", "currency": "EUR"}}"#);
    let got = records(jsonl.as_bytes(), Format::JsonLines);
    assert_eq!(got.len(), 1);
    assert!(messages(&got[0]).starts_with("the record is longer than 67108864 bytes"));
    let higher = ReadOptions::default().max_line_bytes(200 << 20);
    let read = |bytes: &[u8], format| -> Vec<Record> {
        read::records(bytes, format, &higher)
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let got = read(jsonl.as_bytes(), Format::JsonLines);
    assert_eq!(got.len(), 1);
    assert!(
        messages(&got[0])
            .starts_with("id must be 1 to 64 characters after trimming, got 104857600"),
        "{}",
        &messages(&got[0])[..80]
    );
    let csv =
        format!("id,currency,stage,revenue.annual,revenue.gross_margin\n{huge},EUR,active,1,0.1\n");
    let got = read(csv.as_bytes(), Format::Csv);
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

fn header() -> &'static str {
    "id,currency,stage,revenue.annual,revenue.gross_margin\n"
}

/// A record longer than the line limit is one error row at its line, and the
/// reading goes on after its line: a stream with no line end cannot fill the
/// memory.
#[test]
fn a_record_past_the_line_limit_is_one_error_and_reading_goes_on() {
    let options = ReadOptions::default().max_line_bytes(1024);
    let mut csv = header().as_bytes().to_vec();
    csv.extend(std::iter::repeat_n(0_u8, 1 << 20));
    csv.extend_from_slice(b"\nA-2,EUR,active,1000,0.3\n");
    let read: Vec<Record> = read::records(&csv[..], Format::Csv, &options)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(read.len(), 2);
    assert_eq!(read[0].line, 2);
    assert_eq!(
        messages(&read[0]),
        "the record is longer than 1024 bytes, the longest a line may be: it was skipped up to the end of its line"
    );
    assert_eq!((read[1].line, read[1].account.is_ok()), (3, true));
    // The same with the rows read on scoring threads.
    let pending: Vec<_> = read::CsvReader::new(&csv[..], &options)
        .unwrap()
        .pending()
        .map(|r| r.unwrap().into_record())
        .collect();
    assert_eq!(pending.len(), 2);
    assert!(messages(&pending[0]).starts_with("the record is longer than 1024 bytes"));
    // A quote that never closes is cut too.
    let mut quoted = header().as_bytes().to_vec();
    quoted.extend_from_slice(b"\"");
    quoted.extend(std::iter::repeat_n(b'x', 4096));
    quoted.extend_from_slice(b"\nA-3,EUR,active,1000,0.3\n");
    let read: Vec<Record> = read::records(&quoted[..], Format::Csv, &options)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(read.len(), 2);
    assert_eq!((read[1].line, read[1].account.is_ok()), (3, true));
    // JSON Lines and a JSON array element.
    let mut lines = vec![b' '; 1 << 20];
    lines.extend_from_slice(
        b"\n{\"id\": \"J-2\", \"currency\": \"EUR\", \"stage\": \"active\", \"revenue\": {\"annual\": 1000, \"gross_margin\": 0.3}}\n",
    );
    let read: Vec<Record> = read::records(&lines[..], Format::JsonLines, &options)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(read.len(), 2);
    assert!(messages(&read[0]).starts_with("the record is longer than 1024 bytes"));
    assert!(read[1].account.is_ok());
    let array = format!(
        "[{{\"id\": \"{}\"}}, {{\"id\": \"J-3\", \"currency\": \"EUR\", \"stage\": \"active\", \"revenue\": {{\"annual\": 1000, \"gross_margin\": 0.3}}}}]",
        "x".repeat(4096)
    );
    let read: Vec<Record> = read::records(array.as_bytes(), Format::Json, &options)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(read.len(), 2);
    assert!(messages(&read[0]).starts_with("the record is longer than 1024 bytes"));
    assert!(read[1].account.is_ok());
}

/// A header cell of 10 MB gets no "did you mean" (an edit distance over it
/// would take seconds).
#[test]
fn a_huge_unknown_column_is_refused_at_once() {
    let name = "x".repeat(10_000_000);
    let csv = format!("id,currency,stage,revenue.annual,revenue.gross_margin,{name}\n");
    let start = std::time::Instant::now();
    let error = read::records(csv.as_bytes(), Format::Csv, &ReadOptions::default()).unwrap_err();
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(error.messages().len(), 1);
    assert!(
        error.messages()[0].ends_with("... is not a known field"),
        "{error}"
    );
}

/// A JSON array element nested too deep is one error record, as in JSON Lines:
/// the same number of records either way.
#[test]
fn a_too_deep_array_element_is_one_record() {
    let good = |id: &str| {
        format!(
            r#"{{"id": "{id}", "currency": "EUR", "stage": "active", "revenue": {{"annual": 1000, "gross_margin": 0.3}}}}"#
        )
    };
    let deep = format!(
        r#"{{"id": "D-2", "risk": {}1{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let array = format!("[{},\n{deep},\n{}]", good("D-1"), good("D-3"));
    let lines = format!("{}\n{deep}\n{}\n", good("D-1"), good("D-3"));
    let from_array = records(array.as_bytes(), Format::Json);
    let from_lines = records(lines.as_bytes(), Format::JsonLines);
    assert_eq!(from_array.len(), 3);
    assert_eq!(from_lines.len(), 3);
    assert_eq!(messages(&from_array[1]), messages(&from_lines[1]));
    assert!(messages(&from_array[1]).contains("nested more than 128 levels"));
    assert_eq!(
        from_array[1].account.as_ref().unwrap_err().id(),
        Some("D-2")
    );
    assert!(from_array[2].account.is_ok());
}

/// A Latin-1 byte in a name: the error row keeps the id and currency.
#[test]
fn a_record_not_in_utf8_keeps_its_id_and_currency() {
    let csv = b"id,name,currency,stage,revenue.annual,revenue.gross_margin\nL-1,Caf\xe9,EUR,active,1000,0.3\n";
    let read = records(csv, Format::Csv);
    let error = read[0].account.as_ref().unwrap_err();
    assert_eq!(error.id(), Some("L-1"));
    assert_eq!(
        error
            .name_and_currency()
            .1
            .map(|c| c.to_string())
            .as_deref(),
        Some("EUR")
    );
    assert_eq!(
        error.messages(),
        ["name is not valid UTF-8 text (save the file as UTF-8)"]
    );
}

/// Dates and spreadsheet error values in a number column get their own hint.
#[test]
fn dates_and_error_values_get_a_fitting_hint() {
    let csv = format!(
        "{}H-1,EUR,active,2024-01-05,0.3\nH-2,EUR,active,#DIV/0!,0.3\nH-3,EUR,active,05.01.2024,#N/A\n",
        header()
    );
    let read = records(csv.as_bytes(), Format::Csv);
    assert_eq!(
        messages(&read[0]),
        r##"revenue.annual must be a plain decimal number, got "2024-01-05" (a date, not a number)"##
    );
    assert_eq!(
        messages(&read[1]),
        r##"revenue.annual must be a plain decimal number, got "#DIV/0!" (a spreadsheet error value: fix the formula)"##
    );
    assert_eq!(
        messages(&read[2]),
        r##"revenue.annual must be a plain decimal number, got "05.01.2024" (a date, not a number); revenue.gross_margin must be a plain decimal number, got "#N/A" (a spreadsheet error value: fix the formula)"##
    );
}

/// A CSV saved as UTF-16 says so, once.
#[test]
fn a_utf16_csv_says_to_save_it_as_utf8() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in header().encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let error = read::records(&bytes[..], Format::Csv, &ReadOptions::default()).unwrap_err();
    assert_eq!(
        error.messages(),
        ["the file is saved as UTF-16: save it as UTF-8 (CSV UTF-8)"]
    );
}

/// A `;` file read with `,` suggests the delimiter.
#[test]
fn a_semicolon_header_read_with_commas_suggests_the_delimiter() {
    let csv = "id;currency;stage;revenue.annual;revenue.gross_margin\nA;EUR;active;1000;0.3\n";
    let error = read::records(csv.as_bytes(), Format::Csv, &ReadOptions::default()).unwrap_err();
    assert!(
        error.messages()[0].ends_with(
            "holds several columns separated by `;`: read the file with that delimiter (--delimiter ';')"
        ),
        "{error}"
    );
}

/// A model-1 policy with a rate per currency in `discount_rate` is pointed to
/// `discount_rates`.
#[test]
fn a_discount_rate_object_points_to_discount_rates() {
    let error = read::policy(r#"{"discount_rate": {"EUR": 0.1}}"#.as_bytes()).unwrap_err();
    assert_eq!(
        error.messages(),
        [
            "discount_rate must be a number, got an object (a rate per currency goes in discount_rates)"
        ]
    );
}

/// Names with characters XML does not allow still give a well-formed picture.
#[test]
fn a_picture_drops_characters_xml_does_not_allow() {
    let account = read::account(
        "{\"id\": \"X-1\", \"name\": \"a\u{FFFE}b\u{FFFF}c\\u0001d\", \"currency\": \"EUR\", \"stage\": \"active\", \"revenue\": {\"annual\": 1000000, \"gross_margin\": 0.3}}".as_bytes(),
    )
    .unwrap();
    let evaluation = keyaccount::evaluate(&account, &Policy::default()).unwrap();
    let svg = keyaccount::picture::waterfall(&evaluation, None);
    assert!(
        svg.contains("abcd"),
        "the name is kept, less the characters"
    );
    assert!(!svg.contains(['\u{FFFE}', '\u{FFFF}', '\u{1}']));
}
