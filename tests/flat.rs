//! The flat layout: header resolution, cell mapping, and agreement with JSON.

use std::fs::File;

use keyaccount::flat::FlatLayout;
use keyaccount::read::{self, Format, ReadOptions};
use keyaccount::{Policy, Record, Verdict, Word, evaluate, score};
use proptest::prelude::*;

const REQUIRED: [&str; 5] = [
    "id",
    "currency",
    "stage",
    "revenue.annual",
    "revenue.gross_margin",
];

#[test]
fn header_problems_are_listed_with_suggestions() {
    let error = FlatLayout::from_header([
        "id",
        "currency",
        "stage",
        "revnue.annual",
        "Revenue.Gross_Margin",
        "id",
        "colour",
    ])
    .unwrap_err();
    assert_eq!(
        error.messages(),
        [
            "revnue.annual is not a known field (did you mean `revenue.annual`?)",
            "id is given more than once",
            "colour is not a known field",
            "revenue.annual is a required column and is missing",
        ]
    );
}

#[test]
fn cells_fill_the_nested_account() {
    let layout = FlatLayout::from_header([
        "\u{feff}stage ",
        "ID",
        "currency",
        "revenue.annual",
        "revenue.gross_margin",
        "relationship.final_decision",
        "relationship.user",
        "relationship.legal",
        "pursuit.evidence.champion",
        "payment.terms_days",
        "name",
    ])
    .unwrap();
    let account = layout
        .read([
            "Prospect",
            " P-9 ",
            "EUR",
            "999999999999999.99",
            "0.0600",
            "COVERED",
            "uncovered",
            "",
            "Yes",
            "30",
            "",
        ])
        .validate()
        .unwrap();
    assert_eq!(account.id(), "P-9");
    assert_eq!(account.revenue().annual.to_string(), "999999999999999.99");
    assert_eq!(account.revenue().gross_margin.to_string(), "0.0600");
    assert_eq!(account.roles().len(), 2);
    assert_eq!(account.roles()[0].coverage, keyaccount::Coverage::Covered);
    assert!(account.pursuit().has(keyaccount::Evidence::Champion));
    assert_eq!(account.payment().terms_days, 30);
    assert_eq!(account.name(), "");
}

#[test]
fn a_ragged_row_reports_only_its_shape() {
    let layout = FlatLayout::from_header(REQUIRED).unwrap();
    let error = layout
        .read(["R-1", "EUR", "active", "oops"])
        .validate()
        .unwrap_err();
    assert_eq!(error.id(), Some("R-1"));
    assert_eq!(
        error.messages(),
        ["record has 4 cells where the header has 5"]
    );
    let error = layout
        .read(["R-2", "EUR", "active", "1", "0.1", "extra"])
        .validate()
        .unwrap_err();
    assert_eq!(
        error.messages(),
        ["record has 6 cells where the header has 5"]
    );
}

#[test]
fn a_bad_coverage_cell_is_reported_with_validation_problems() {
    let mut header = REQUIRED.to_vec();
    header.push("relationship.approver");
    let layout = FlatLayout::from_header(header).unwrap();
    let error = layout
        .read(["R-3", "EUR", "active", "12%", "0.1", "yes"])
        .validate()
        .unwrap_err();
    assert_eq!(
        error.messages(),
        [
            r#"relationship.approver must be covered, uncovered, absent or empty, got "yes""#,
            r#"revenue.annual must be a plain decimal number, got "12%" (write rates as fractions: 0.12 means 12 %)"#,
        ]
    );
}

/// The bundled sample read through the flat layout gives the same evaluations as
/// the same accounts written as JSON (some numbers there are JSON numbers, read
/// from their literal text) and as JSON Lines.
#[test]
fn csv_and_json_paths_give_identical_evaluations() {
    let policy = Policy::default();
    let evaluations = |name: &str, format: Format| -> Vec<_> {
        let path = format!("{}/tests/fixtures/batch/{name}", env!("CARGO_MANIFEST_DIR"));
        read::records(File::open(path).unwrap(), format, &ReadOptions::default())
            .unwrap()
            .map(|r| evaluate(&r.unwrap().account.unwrap(), &policy).unwrap())
            .collect()
    };
    let from_csv = evaluations("accounts.csv", Format::Csv);
    assert_eq!(from_csv.len(), 40);
    assert_eq!(from_csv, evaluations("accounts.json", Format::Json));
    assert_eq!(from_csv, evaluations("accounts.jsonl", Format::JsonLines));
}

/// The bundled sample shows every verdict under the bundled policy.
#[test]
fn bundled_sample_shows_every_verdict() {
    let root = env!("CARGO_MANIFEST_DIR");
    let policy =
        read::policy(File::open(format!("{root}/examples/data/policy.json")).unwrap()).unwrap();
    let input = File::open(format!("{root}/examples/data/accounts.csv")).unwrap();
    let records = read::records(input, Format::Csv, &ReadOptions::default()).unwrap();
    let mut summary = keyaccount::Summary::default();
    for scored in score(records, &policy) {
        summary.add(&scored.unwrap().result);
    }
    assert_eq!(summary.errors(), 0);
    for verdict in Verdict::ALL {
        assert!(summary.count(*verdict) > 0, "no {verdict} in the sample");
    }
}

proptest! {
    /// Any cells read through any valid header give exactly one result: an account
    /// or an error, never a panic.
    #[test]
    fn arbitrary_cells_never_panic(cells in prop::collection::vec(".{0,12}", 0..12)) {
        let layout = FlatLayout::from_header(["id", "currency", "stage", "revenue.annual", "revenue.gross_margin", "relationship.user", "payment.terms_days", "pursuit.evidence.champion"]).unwrap();
        let record = Record::new(2, layout.read(&cells).validate());
        let results: Vec<_> = score([Ok(record)], &Policy::default()).collect();
        prop_assert_eq!(results.len(), 1);
        if let Err(e) = &results[0].as_ref().unwrap().result {
            prop_assert_eq!(e.line(), Some(2));
            prop_assert!(!e.messages().is_empty());
        }
    }
}

mod readers {
    use keyaccount::read::{self, Format, ReadOptions};
    use keyaccount::{ErrorKind, Record};

    fn records(text: &[u8], format: Format) -> Vec<Record> {
        read::records(text, format, &ReadOptions::default())
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn lines(records: &[Record]) -> Vec<u64> {
        records.iter().map(|r| r.line).collect()
    }

    const HEADER: &str = "id,currency,stage,revenue.annual,revenue.gross_margin";

    /// Lines count as a spreadsheet counts them, whatever ends them: `\n`,
    /// `\r\n`, or `\r` alone (the "CSV (Macintosh)" export), with blank lines and
    /// quoted newlines.
    #[test]
    fn csv_lines_are_physical_lines_for_every_line_ending() {
        for end in ["\n", "\r\n", "\r"] {
            let text = format!(
                "{HEADER}{end}A,EUR,active,1,0.1{end}{end}B,EUR,active,1,0.1{end}\"C{end}x\",EUR,active,1,0.1{end}D,EUR,active,1,0.1{end}"
            );
            let got = records(text.as_bytes(), Format::Csv);
            assert_eq!(lines(&got), [2, 4, 5, 7], "ending {end:?}");
        }
    }

    /// A JSON array element ends at its closing bracket: a missing comma breaks the
    /// array after the element, which keeps its record.
    #[test]
    fn a_missing_comma_keeps_the_element_before_it() {
        let ok = r#"{"id": "A", "currency": "EUR", "stage": "active", "revenue": {"annual": "1", "gross_margin": "0.1"}}"#;
        let text = format!("[{ok}\n {ok}]");
        let got = records(text.as_bytes(), Format::Json);
        assert_eq!(got.len(), 2);
        assert!(got[0].account.is_ok());
        let error = got[1].account.as_ref().unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2: the JSON array breaks here, reading stopped: expected `,` or `]` (column 2)"
        );
        let text = format!("[{ok}, [[\"]\"]], {ok}]");
        let got = records(text.as_bytes(), Format::Json);
        assert_eq!(got.len(), 3, "brackets inside strings do not count");
        assert!(got[2].account.is_ok());
    }

    /// Deep nesting is an error record, not a crash.
    #[test]
    fn deep_nesting_is_an_error_record() {
        let deep = format!("{}{}\n", "[".repeat(50_000), "]".repeat(50_000));
        let got = records(deep.as_bytes(), Format::JsonLines);
        assert_eq!(got.len(), 1);
        assert!(got[0].account.is_err());
        let array = format!("[{}]", deep.trim());
        let got = records(array.as_bytes(), Format::Json);
        assert_eq!(got.len(), 1);
        assert!(got[0].account.is_err());
    }

    /// A line holding only a byte-order mark is blank.
    #[test]
    fn a_bom_alone_is_a_blank_line() {
        let got = records("\u{feff}\n\n".as_bytes(), Format::JsonLines);
        assert!(got.is_empty());
    }

    /// Errors that are not about an account do not say "account".
    #[test]
    fn reader_errors_name_what_failed() {
        let error = read::records(&b""[..], Format::Csv, &ReadOptions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the input is empty: it needs a header line"
        );
        let error = read::policy(&b"{"[..]).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Unreadable { .. }));
        assert!(
            error.to_string().starts_with("line 1: is not valid JSON: "),
            "{error}"
        );
    }
}

mod model_v3 {
    use keyaccount::flat::{ColumnMap, FlatLayout, events_cell, input_columns};
    use keyaccount::read::{self, Format, ReadOptions};
    use keyaccount::{Account, Currency, Policy, Risk, Stage, score};

    use crate::common::d;

    const HEADER: [&str; 6] = [
        "id",
        "currency",
        "stage",
        "revenue.annual",
        "revenue.gross_margin",
        "events",
    ];

    fn sample() -> Account {
        Account::builder("A-1", Currency::EUR, Stage::Active)
            .revenue(d("1000"), d("0.3"))
            .event(6, Risk::OwnershipChange, d("0.4"))
            .event(48, Risk::StrategyChange, d("0.25"))
            .build()
            .unwrap()
    }

    /// The new columns sit in the model's order.
    #[test]
    fn new_columns_follow_the_model() {
        let columns: Vec<&str> = input_columns().collect();
        let at = |name: &str| columns.iter().position(|c| *c == name).unwrap();
        let runs: [&[&str]; 2] = [
            &[
                "revenue.price_down",
                "revenue.cost_down",
                "revenue.rebate",
                "revenue.rebate_probability",
                "revenue.rebate_days",
                "revenue.scale_savings",
            ],
            &[
                "contract.retender_cost",
                "events",
                "release.stranded_cost",
                "release.stranded_years",
                "image_critical",
            ],
        ];
        for run in runs {
            for pair in run.windows(2) {
                assert_eq!(at(pair[0]) + 1, at(pair[1]), "{pair:?}");
            }
        }
    }

    /// Spaces around parts and pieces, and empty parts, are ignored; an empty
    /// cell means no events.
    #[test]
    fn events_cell_with_spaces_and_empty_parts() {
        let layout = FlatLayout::from_header(HEADER).unwrap();
        let read = |cell: &str| {
            layout
                .read(["A-1", "EUR", "active", "1000", "0.3", cell])
                .validate()
                .unwrap()
        };
        let a = sample();
        assert_eq!(read("6:ownership_change:0.4; 48:strategy_change:0.25"), a);
        assert_eq!(
            read(" ;6 : Ownership_Change : 0.4 ;;  ; 48:STRATEGY_CHANGE:0.25;  "),
            a
        );
        assert_eq!(read(" ; ;").events(), []);
        assert_eq!(read("").events(), []);
        assert_eq!(read(&events_cell(a.events())), a);
        assert_eq!(events_cell(&[]), "");
    }

    /// With a decimal comma the probability is read as other numbers are.
    #[test]
    fn events_cell_with_a_decimal_comma() {
        let layout = FlatLayout::with_columns(HEADER, &ColumnMap::default(), true).unwrap();
        let a = layout
            .read([
                "A-1",
                "EUR",
                "active",
                "1 000,0",
                "0,3",
                "6:ownership_change:0,4; 48:strategy_change:0,25",
            ])
            .validate()
            .unwrap();
        assert_eq!(a, sample());
        let error = layout
            .read([
                "A-1",
                "EUR",
                "active",
                "1000",
                "0,3",
                "6:ownership_change:0.4",
            ])
            .validate()
            .unwrap_err();
        assert_eq!(
            error.messages(),
            [
                r#"events[1].probability must be a plain decimal number, got "0.4" (in a file read with decimal commas, a point or space may only separate groups of three digits, as in 1.200.000,50; write 0,25 for a quarter)"#
            ]
        );
    }

    /// Written with `;` as the delimiter, the events cell is quoted and reads back.
    #[test]
    fn a_semicolon_csv_quotes_the_events_cell() {
        let a = sample();
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(Vec::new());
        writer.write_record(HEADER).unwrap();
        let cell = events_cell(a.events()).replace('.', ",");
        writer
            .write_record(["A-1", "EUR", "active", "1000", "0,3", &cell])
            .unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert!(
            text.ends_with(";\"6:ownership_change:0,4; 48:strategy_change:0,25\"\n"),
            "{text}"
        );
        let options = ReadOptions::default().delimiter(b';').decimal_comma(true);
        let records: Vec<_> = read::records(text.as_bytes(), Format::Csv, &options)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(records[0].account.as_ref().unwrap(), &a);
    }

    /// Units apply to the new number columns; the events cell takes none.
    #[test]
    fn column_maps_on_the_new_columns() {
        let map = ColumnMap::from_json_text(
            r#"{"Бонус, %": {"field": "revenue.rebate", "unit": "percent"},
                "Хвост, тыс.": {"field": "release.stranded_cost", "unit": "thousands"},
                "События": {"field": "events"}}"#,
        )
        .unwrap();
        let layout = FlatLayout::with_columns(
            [
                "id",
                "currency",
                "stage",
                "revenue.annual",
                "revenue.gross_margin",
                "Бонус, %",
                "Хвост, тыс.",
                "События",
            ],
            &map,
            true,
        )
        .unwrap();
        let flat = layout.read([
            "A",
            "EUR",
            "active",
            "1000",
            "0,3",
            "2,5",
            "80",
            "6:political:0,1",
        ]);
        assert!(flat.warnings.is_empty());
        let a = flat.validate().unwrap();
        assert_eq!(a.revenue().rebate, Some(d("0.025")));
        assert_eq!(a.release().stranded_cost, d("80000"));
        assert_eq!(a.events()[0].probability, d("0.1"));
        let error =
            ColumnMap::from_json_text(r#"{"События": {"field": "events", "unit": "percent"}}"#)
                .unwrap_err();
        assert_eq!(
            error.messages(),
            [r#""События".unit cannot apply to events, which is not a number"#]
        );
    }

    /// A fraction in a percent column is read as percent, and its record says so.
    #[test]
    fn a_fraction_in_a_percent_column_is_a_warning() {
        let map = ColumnMap::from_json_text(
            r#"{"Маржа, %": {"field": "revenue.gross_margin", "unit": "percent"},
                "Скидка, %": {"field": "revenue.concession", "unit": "percent"},
                "Рост, %": {"field": "revenue.growth", "unit": "percent"}}"#,
        )
        .unwrap();
        let text = "id;currency;stage;revenue.annual; Маржа, % ;Скидка, %;Рост, %\n\
                    A-1;EUR;active;1000;0,19;12;\n\
                    A-2;EUR;active;1000;19%;0,5;1\n\
                    A-3;EUR;active;1000;0,190;0;-0,5\n";
        let options = ReadOptions::default()
            .delimiter(b';')
            .decimal_comma(true)
            .columns(map);
        let records: Vec<_> = read::records(text.as_bytes(), Format::Csv, &options)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            records[0].warnings,
            [r#"0.19 in percent column "Маржа, %" reads as 0.19 %: write 19"#]
        );
        assert_eq!(
            records[1].warnings,
            [r#"0.5 in percent column "Скидка, %" reads as 0.5 %: write 50"#]
        );
        assert_eq!(
            records[2].warnings,
            [r#"0.19 in percent column "Маржа, %" reads as 0.19 %: write 19"#]
        );
        assert_eq!(
            records[0].account.as_ref().unwrap().revenue().gross_margin,
            d("0.0019")
        );
        // Scoring puts them after the evaluation's own warnings.
        let scored: Vec<_> = score(records.into_iter().map(Ok), &Policy::default())
            .map(|s| s.unwrap().result.unwrap())
            .collect();
        assert_eq!(
            scored[1].warnings.last().map(String::as_str),
            Some(r#"0.5 in percent column "Скидка, %" reads as 0.5 %: write 50"#)
        );
        // Without a column map there is no percent column, and no warning.
        let plain =
            "id,currency,stage,revenue.annual,revenue.gross_margin\nA,EUR,active,1000,0.19\n";
        let records: Vec<_> = read::records(plain.as_bytes(), Format::Csv, &ReadOptions::default())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(records[0].warnings.is_empty());
    }
}
