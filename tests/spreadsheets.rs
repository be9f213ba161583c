//! Spreadsheets as people keep them: workbooks in and out, their own headers with
//! units, decimal commas, templates.

use std::io::Cursor;

use keyaccount::read::{self, Format, ReadOptions};
use keyaccount::write::{CsvWriter, XlsxWriter};
use keyaccount::{Policy, score};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/spreadsheets");

/// Russian headers for the bundled list: (field, header, how the value is shown).
const RUSSIAN: &[(&str, &str, Scale)] = &[
    ("id", "Код", Scale::Same),
    ("name", "Клиент", Scale::Same),
    ("currency", "Валюта", Scale::Same),
    ("stage", "Статус", Scale::Same),
    ("revenue.annual", "Выручка, тыс.", Scale::Thousands),
    ("revenue.growth", "Рост, %", Scale::Percent),
    ("revenue.gross_margin", "Маржа, %", Scale::Percent),
    ("revenue.concession", "Скидка, %", Scale::Percent),
    (
        "cost_to_serve.account_team",
        "Команда КАМ, тыс.",
        Scale::Thousands,
    ),
    ("cost_to_serve.service", "Сервис, тыс.", Scale::Thousands),
    ("payment.terms_days", "Отсрочка, дней", Scale::Same),
];

#[derive(Clone, Copy)]
enum Scale {
    Same,
    Thousands,
    Percent,
}

/// The bundled list as (header, cells) with Russian headers and scaled numbers,
/// plus a comment column the map ignores.
fn russian_rows() -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(format!("{DATA}/accounts.csv")).unwrap();
    let fields: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let mut header: Vec<String> = fields
        .iter()
        .map(|f| {
            RUSSIAN
                .iter()
                .find(|(field, ..)| field == f)
                .map_or(f.clone(), |(_, h, _)| (*h).to_owned())
        })
        .collect();
    header.push("Комментарий".to_owned());
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let mut cells: Vec<String> = fields
                .iter()
                .zip(r.iter())
                .map(|(f, cell)| {
                    let scale = RUSSIAN
                        .iter()
                        .find(|(field, ..)| field == f)
                        .map_or(Scale::Same, |(_, _, s)| *s);
                    match (scale, cell.parse::<rust_decimal::Decimal>()) {
                        (Scale::Thousands, Ok(d)) => (d / rust_decimal::Decimal::ONE_THOUSAND)
                            .normalize()
                            .to_string(),
                        (Scale::Percent, Ok(d)) => (d * rust_decimal::Decimal::ONE_HUNDRED)
                            .normalize()
                            .to_string(),
                        _ => cell.to_owned(),
                    }
                })
                .collect();
            cells.push("проверить с КАМ".to_owned());
            cells
        })
        .collect();
    (header, rows)
}

/// Writes the bundled workbook and semicolon / decimal-comma export from
/// `accounts.csv` (run with `--ignored` after changing the list).
#[test]
#[ignore = "writes the bundled spreadsheet files"]
fn write_bundled_spreadsheets() {
    let (header, rows) = russian_rows();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Клиенты").unwrap();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (col, name) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, name, &bold)
            .unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            let (r, c) = (i as u32 + 1, col as u16);
            let numeric =
                col + 1 < header.len() && !matches!(col, 0..=3) && cell.parse::<f64>().is_ok();
            if numeric {
                sheet
                    .write_number(r, c, cell.parse::<f64>().unwrap())
                    .unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    workbook.save(format!("{DATA}/accounts_ru.xlsx")).unwrap();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(format!("{DATA}/accounts_ru.csv"))
        .unwrap();
    writer.write_record(&header).unwrap();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(col, cell)| {
                if col > 3 && cell.parse::<f64>().is_ok() {
                    decimal_comma(cell)
                } else {
                    cell.clone()
                }
            })
            .collect();
        writer.write_record(&cells).unwrap();
    }
    writer.flush().unwrap();
}

/// `1200000.5` as a Russian spreadsheet exports it: `1 200 000,5`.
fn decimal_comma(plain: &str) -> String {
    let (sign, body) = plain.strip_prefix('-').map_or(("", plain), |b| ("-", b));
    let (int, frac) = body
        .split_once('.')
        .map_or((body, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The result CSV of a list, as `batch` writes it.
fn results(
    records: impl Iterator<Item = keyaccount::Result<keyaccount::Record>>,
    policy: &Policy,
) -> String {
    let mut writer = CsvWriter::new(Vec::new());
    for scored in score(records, policy) {
        writer.write(&scored.unwrap().result).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// The same list as CSV, as a semicolon export with decimal commas and Russian
/// headers, and as a workbook with Russian headers, gives byte-identical results
/// (the Russian forms hold the bundled list's first forty accounts, before those
/// that show model 3's fields).
#[test]
fn the_same_list_in_every_form_gives_identical_results() {
    let policy = read::policy(std::fs::File::open(format!("{DATA}/policy.json")).unwrap()).unwrap();
    let map =
        read::column_map(std::fs::File::open(format!("{DATA}/columns_ru.json")).unwrap()).unwrap();
    let plain = results(
        read::records(
            std::fs::File::open(format!("{DATA}/accounts.csv")).unwrap(),
            Format::Csv,
            &ReadOptions::default(),
        )
        .unwrap()
        .take(40),
        &policy,
    );
    let options = ReadOptions::default()
        .delimiter(b';')
        .decimal_comma(true)
        .columns(map.clone());
    let exported = results(
        read::records(
            std::fs::File::open(format!("{DATA}/accounts_ru.csv")).unwrap(),
            Format::Csv,
            &options,
        )
        .unwrap(),
        &policy,
    );
    assert_eq!(exported, plain);
    let options = ReadOptions::default().columns(map);
    // The bundled workbook, and the same list saved by LibreOffice Calc 7.4 as
    // .ods and again as .xlsx (a real spreadsheet program's files).
    for path in [
        format!("{DATA}/accounts_ru.xlsx"),
        format!("{FIXTURES}/accounts_ru_libreoffice.ods"),
        format!("{FIXTURES}/accounts_ru_libreoffice.xlsx"),
    ] {
        let bytes = std::fs::read(&path).unwrap();
        let workbook = results(
            read::workbook(Cursor::new(bytes), &options).unwrap(),
            &policy,
        );
        assert_eq!(workbook, plain, "{path}");
    }
}

/// The xlsx result opened again shows the same figures as the result CSV.
#[test]
fn the_xlsx_result_reads_back_with_the_csv_figures() {
    use calamine::{Data, Reader};
    let policy = read::policy(std::fs::File::open(format!("{DATA}/policy.json")).unwrap()).unwrap();
    let open = || {
        read::records(
            std::fs::File::open(format!("{DATA}/accounts.csv")).unwrap(),
            Format::Csv,
            &ReadOptions::default(),
        )
        .unwrap()
    };
    let csv_text = results(open(), &policy);
    let mut writer = XlsxWriter::new().unwrap();
    for scored in score(open(), &policy) {
        writer.write(&scored.unwrap().result).unwrap();
    }
    let bytes = writer.finish(Cursor::new(Vec::new())).unwrap().into_inner();
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(workbook.sheet_names(), ["results", "summary"]);
    let range = workbook.worksheet_range("results").unwrap();
    let mut expected = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = expected
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<csv::StringRecord> = expected.records().map(Result::unwrap).collect();
    assert_eq!(range.height(), rows.len() + 1);
    for (row, want) in range.rows().skip(1).zip(&rows) {
        for (col, (cell, want)) in row.iter().zip(want.iter()).enumerate() {
            let got = match cell {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Float(x) => {
                    let places = if want.contains('.') {
                        want.split_once('.').unwrap().1.len()
                    } else {
                        0
                    };
                    format!("{x:.places$}")
                }
                other => panic!("unexpected cell {other:?}"),
            };
            assert_eq!(got, want, "column {}", header[col]);
        }
    }
}

#[test]
fn templates_hold_every_column_and_an_example() {
    let csv_bytes = keyaccount::write::template_csv(Vec::new()).unwrap();
    let records: Vec<_> = read::records(&csv_bytes[..], Format::Csv, &ReadOptions::default())
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(records.len(), 1);
    let example = records[0].account.as_ref().unwrap();
    assert_eq!(example.id(), "EXAMPLE");
    let header = std::str::from_utf8(&csv_bytes)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .split(',')
        .count();
    assert_eq!(header, keyaccount::flat::input_columns().count());
    let xlsx = keyaccount::write::template_xlsx(Cursor::new(Vec::new()))
        .unwrap()
        .into_inner();
    let got: Vec<_> = read::workbook(Cursor::new(xlsx), &ReadOptions::default())
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].account.as_ref().unwrap(), example);
}

/// Workbooks that are not, sheets that do not exist, empty sheets, and cells that
/// do not belong: each a clear message, no panic.
#[test]
fn bad_workbooks_say_what_is_wrong() {
    let not = read::workbook(
        Cursor::new(b"id,currency\nA,EUR\n".to_vec()),
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(
        not.to_string()
            .starts_with("the input is not a workbook that can be read"),
        "{not}"
    );
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Data").unwrap();
    for (col, name) in [
        "id",
        "currency",
        "stage",
        "revenue.annual",
        "revenue.gross_margin",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    sheet.write_string(1, 0, "W-1").unwrap();
    sheet.write_string(1, 1, "EUR").unwrap();
    sheet.write_string(1, 2, "active").unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 5).unwrap();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(1, 3, &date, &date_format)
        .unwrap();
    sheet.write_number(1, 4, 0.1 + 0.2).unwrap();
    sheet.write_string(3, 0, "W-2").unwrap();
    sheet.write_string(3, 1, "EUR").unwrap();
    sheet.write_string(3, 2, "active").unwrap();
    sheet.write_number(3, 3, 1_200_000.5).unwrap();
    sheet.write_number(3, 4, 0.3).unwrap();
    workbook.add_worksheet().set_name("Empty").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let missing = read::workbook(
        Cursor::new(bytes.clone()),
        &ReadOptions::default().sheet("Clients"),
    )
    .unwrap_err();
    assert_eq!(
        missing.to_string(),
        r#"the workbook has no sheet "Clients"; its sheets are "Data", "Empty""#
    );
    let empty = read::workbook(
        Cursor::new(bytes.clone()),
        &ReadOptions::default().sheet("empty"),
    )
    .unwrap_err();
    assert_eq!(
        empty.to_string(),
        r#"sheet "Empty" is empty: it needs a header row"#
    );
    let records: Vec<_> = read::workbook(Cursor::new(bytes), &ReadOptions::default())
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(records.len(), 2, "the blank row 3 is not a record");
    assert_eq!(
        (records[0].line, records[1].line),
        (2, 4),
        "lines are sheet rows"
    );
    let error = records[0].account.as_ref().unwrap_err();
    assert!(
        error.messages()[0]
            .starts_with(r#"revenue.annual must be a plain decimal number, got "a date or time"#),
        "{error}"
    );
    let account = records[1].account.as_ref().unwrap();
    assert_eq!(account.revenue().annual.to_string(), "1200000.5");
    assert_eq!(account.revenue().gross_margin.to_string(), "0.3");

    // A formula is read from its cached value, as the spreadsheet last showed it.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, name) in [
        "id",
        "currency",
        "stage",
        "revenue.annual",
        "revenue.gross_margin",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    for (col, value) in ["F-1", "EUR", "active"].iter().enumerate() {
        sheet.write_string(1, col as u16, *value).unwrap();
    }
    sheet
        .write_formula(
            1,
            3,
            rust_xlsxwriter::Formula::new("=1000*2").set_result("2000"),
        )
        .unwrap();
    sheet.write_number(1, 4, 0.3).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let records: Vec<_> = read::workbook(Cursor::new(bytes), &ReadOptions::default())
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        records[0]
            .account
            .as_ref()
            .unwrap()
            .revenue()
            .annual
            .to_string(),
        "2000"
    );
    // A header with merged cells leaves an empty column name.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .merge_range(0, 0, 0, 1, "id", &rust_xlsxwriter::Format::new())
        .unwrap();
    for (col, name) in ["stage", "revenue.annual", "revenue.gross_margin"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16 + 2, *name).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let error = read::workbook(Cursor::new(bytes), &ReadOptions::default()).unwrap_err();
    assert_eq!(
        error.messages(),
        [
            "column 2 has no name in the header (an empty or merged header cell)",
            "currency is a required column and is missing"
        ],
        "a merged header leaves an empty column name"
    );
}

#[test]
fn column_maps_are_validated_like_a_policy() {
    let error = keyaccount::flat::ColumnMap::from_json_text(
        r#"{"Выручка": {"field": "revenue.anual", "unit": "thousands"},
            "Имя": {"field": "name", "unit": "percent"},
            "Маржа": {"field": "revenue.gross_margin", "unit": "pct"},
            "Маржа, %": {"field": "revenue.gross_margin", "unit": "percent"},
            "Доход": {"field": "revenue.growth", "units": "percent"},
            "Рост": {"field": "revenue.growth"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        error.messages(),
        [
            r#""Выручка".field is not a known field (did you mean `revenue.annual`?)"#,
            r#""Имя".unit cannot apply to name, which is not a number"#,
            r#""Маржа".unit must be one of fraction, percent, thousands, millions, got "pct""#,
            r#""Доход".units is not a known field (did you mean `"Доход".unit`?)"#,
            r#"revenue.growth is mapped from two headers, "Доход" and "Рост""#,
        ]
    );
    assert_eq!(
        error.to_string().split(':').next(),
        Some("invalid column map")
    );
}

/// A workbook built part by part, as a script or an attacker may write one:
/// `sheet` is the worksheet's XML inside `<sheetData>`.
fn crafted_xlsx(dimension: &str, sheet_data: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Accounts" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>"#
            ),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// An inline-string cell.
fn text_cell(reference: &str, text: &str) -> String {
    format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// The header row and one account, A-1, in row 2.
fn header_and_one_account() -> String {
    let header: String = [
        "id",
        "currency",
        "stage",
        "revenue.annual",
        "revenue.gross_margin",
    ]
    .iter()
    .zip(["A1", "B1", "C1", "D1", "E1"])
    .map(|(name, at)| text_cell(at, name))
    .collect();
    format!(
        r#"<row r="1">{header}</row><row r="2">{}{}{}<c r="D2"><v>1000</v></c><c r="E2"><v>0.3</v></c></row>"#,
        text_cell("A2", "A-1"),
        text_cell("B2", "EUR"),
        text_cell("C2", "active")
    )
}

/// A stray cell at the sheet's far corner and a dimension claiming the whole
/// grid cost nothing: the sheet is read as its cells.
#[test]
fn a_cell_at_the_far_corner_does_not_allocate_the_grid() {
    for corner in ["XFD1048576", "CV1000000"] {
        let data = format!(
            r#"{}<row r="{}">{}</row>"#,
            header_and_one_account(),
            &corner[corner.find(|c: char| c.is_ascii_digit()).unwrap()..],
            text_cell(corner, "stray")
        );
        let bytes = crafted_xlsx(&format!("A1:{corner}"), &data);
        assert!(bytes.len() < 4096);
        let records: Vec<_> = read::workbook(Cursor::new(bytes), &ReadOptions::default())
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(records.len(), 2, "{corner}");
        assert!(records[0].account.is_ok());
        let error = records[1].account.as_ref().unwrap_err();
        assert!(
            error.to_string().contains("cells where the header has 5"),
            "{error}"
        );
    }
}

/// A workbook inflating past the limit is refused before it is read.
#[test]
fn a_workbook_inflating_past_the_limit_is_refused() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/sharedStrings.xml", options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..=(read::MAX_INFLATED_BYTES >> 20) {
        zip.write_all(&chunk).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 << 20, "{} bytes", bytes.len());
    let error = read::workbook(Cursor::new(bytes), &ReadOptions::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the workbook inflates to more than 512 MiB: it is refused, as it would take that much memory (save the list as CSV)"
    );
}

/// An .ods holding one sheet, `Accounts`, with the table rows `table`.
fn crafted_ods(table: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Accounts">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#).unwrap();
    zip.finish().unwrap().into_inner()
}

/// A text cell of an .ods table.
fn ods_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

/// The cells of an .ods row holding these texts.
fn ods_cells(texts: &[&str]) -> String {
    texts.iter().map(|t| ods_cell(t)).collect()
}

/// The required columns of an account list, as an .ods row's cells.
fn ods_header() -> String {
    ods_cells(&[
        "id",
        "currency",
        "stage",
        "revenue.annual",
        "revenue.gross_margin",
    ])
}

/// An .ods whose rows claim more cells than the limit is refused; a million
/// empty rows before the data are read quickly.
#[test]
fn an_ods_claiming_a_huge_grid_is_refused() {
    let header = ods_header();
    let row = ods_cells(&["O-1", "EUR", "active", "1000", "0.3"]);
    let huge = crafted_ods(&format!(
        r#"<table:table-row>{header}</table:table-row><table:table-row table:number-rows-repeated="1000000">{row}{}</table:table-row>"#,
        r#"<table:table-cell table:number-columns-repeated="10" office:value-type="float" office:value="1"/>"#
    ));
    assert!(huge.len() < 4096);
    let error = read::workbook(Cursor::new(huge), &ReadOptions::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the workbook's sheets span more than 10000000 cells from their first value to their last: save the list as CSV"
    );
    let sparse = crafted_ods(&format!(
        r#"<table:table-row>{header}</table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="5"/></table:table-row><table:table-row>{row}</table:table-row><table:table-row table:number-rows-repeated="40000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#
    ));
    let start = std::time::Instant::now();
    let records: Vec<_> = read::workbook(Cursor::new(sparse), &ReadOptions::default())
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].line, 1_000_002);
    assert!(records[0].account.is_ok());
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
}

/// Rows are read in one pass: 100,000 rows take a moment, not a quadratic wait.
#[test]
fn a_long_workbook_is_read_in_linear_time() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, name) in [
        "id",
        "currency",
        "stage",
        "revenue.annual",
        "revenue.gross_margin",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    for row in 1..=100_000_u32 {
        sheet.write_string(row, 0, format!("R-{row}")).unwrap();
        sheet.write_string(row, 1, "EUR").unwrap();
        sheet.write_string(row, 2, "active").unwrap();
        sheet.write_number(row, 3, 1000.0).unwrap();
        sheet.write_number(row, 4, 0.3).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let start = std::time::Instant::now();
    let count = read::workbook(Cursor::new(bytes), &ReadOptions::default())
        .unwrap()
        .filter(|r| r.as_ref().is_ok_and(|r| r.account.is_ok()))
        .count();
    assert_eq!(count, 100_000);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

/// A formula saved without its computed value is an error for its row, naming
/// the cell and the field, not an empty cell.
#[test]
fn a_formula_without_a_computed_value_is_an_error() {
    let data = format!(
        r#"{}<row r="3">{}{}{}<c r="D3"><f>500000*1</f></c><c r="E3"><v>0.3</v></c></row>"#,
        header_and_one_account(),
        text_cell("A3", "F-1"),
        text_cell("B3", "EUR"),
        text_cell("C3", "active")
    );
    let bytes = crafted_xlsx("A1:E3", &data);
    let records: Vec<_> = read::workbook(Cursor::new(bytes), &ReadOptions::default())
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert!(records[0].account.is_ok());
    let error = records[1].account.as_ref().unwrap_err();
    assert_eq!(error.id(), Some("F-1"));
    assert_eq!(
        error.messages(),
        [
            "revenue.annual is a formula without a computed value (cell D3): open and save the workbook in a spreadsheet program"
        ]
    );
}

/// A damaged workbook says so, not "Cannot detect file format".
#[test]
fn a_damaged_workbook_says_what_it_is() {
    let mut bytes = crafted_xlsx("A1:E2", &header_and_one_account());
    // Entities in a part: the XML reader refuses them.
    let entities = {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("xl/workbook.xml", options).unwrap();
        zip.write_all(
            b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><workbook>&a;</workbook>",
        )
        .unwrap();
        zip.finish().unwrap().into_inner()
    };
    bytes.truncate(bytes.len() / 2);
    for broken in [bytes, entities] {
        let error = read::workbook(Cursor::new(broken), &ReadOptions::default()).unwrap_err();
        assert!(
            error.to_string().starts_with(
                "the input is not a workbook that can be read: it is not a readable .xlsx/.ods file (damaged or not a workbook)"
            ),
            "{error}"
        );
        assert!(
            !error.to_string().contains("Cannot detect file format"),
            "{error}"
        );
    }
}

/// Text longer than a cell holds is cut, and says so.
#[test]
fn long_text_fits_a_cell() {
    let name = "N".repeat(40_000);
    let csv = format!(
        "id,name,currency,stage,revenue.annual,revenue.gross_margin\nN-1,{name},EUR,active,1000000,0.3\nN-2,{name},EUR,active,x{name},0.3\n"
    );
    let mut writer = XlsxWriter::new().unwrap();
    for record in read::records(csv.as_bytes(), Format::Csv, &ReadOptions::default()).unwrap() {
        let record = record.unwrap();
        let result = record
            .account
            .and_then(|a| keyaccount::evaluate(&a, &Policy::default()));
        writer.write(&result).unwrap();
    }
    let bytes = writer.finish(Cursor::new(Vec::new())).unwrap().into_inner();
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    use calamine::Reader as _;
    let range = workbook.worksheet_range("results").unwrap();
    let mut cut = 0;
    for (_, _, cell) in range.used_cells() {
        let text = cell.to_string();
        assert!(text.chars().count() <= keyaccount::write::MAX_CELL_CHARS);
        if text.ends_with("… (cut at 32,767 characters)") {
            assert_eq!(text.chars().count(), keyaccount::write::MAX_CELL_CHARS);
            cut += 1;
        }
    }
    assert!(cut >= 2, "a long name and a long error are cut: {cut}");
}

/// In an .ods too, a formula saved without its computed value is an error of
/// its row, not an empty cell.
#[test]
fn an_ods_formula_without_a_computed_value_is_an_error() {
    let header = ods_header();
    let good = ods_cells(&["O-1", "EUR", "active", "1000", "0.3"]);
    let formula = format!(
        r#"{}<table:table-cell table:formula="of:=500000*1"/>{}"#,
        ods_cells(&["O-2", "EUR", "active"]),
        ods_cell("0.3")
    );
    let bytes = crafted_ods(&format!(
        "<table:table-row>{header}</table:table-row><table:table-row>{good}</table:table-row><table:table-row>{formula}</table:table-row>"
    ));
    let records: Vec<_> = read::workbook(Cursor::new(bytes), &ReadOptions::default())
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert!(records[0].account.is_ok());
    let error = records[1].account.as_ref().unwrap_err();
    assert_eq!(error.id(), Some("O-2"));
    assert!(
        error.messages()[0]
            .starts_with("revenue.annual is a formula without a computed value (cell D3)"),
        "{error}"
    );
}

/// A password-protected workbook (an encrypted package in a compound file, as
/// spreadsheet programs save one) says so and how to fix it.
#[test]
fn a_password_protected_workbook_says_so() {
    const END: u32 = 0xFFFF_FFFE;
    let mut file = vec![0xFF_u8; 512 * 3];
    let put = |file: &mut Vec<u8>, at: usize, bytes: &[u8]| {
        file[at..at + bytes.len()].copy_from_slice(bytes);
    };
    // The header: signature, version 3, 512-byte sectors, one FAT sector (0),
    // the directory at sector 1, no mini FAT and no more DIFAT sectors.
    put(
        &mut file,
        0,
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    );
    put(&mut file, 8, &[0; 16]);
    put(
        &mut file,
        24,
        &[0x3E, 0x00, 0x03, 0x00, 0xFE, 0xFF, 0x09, 0x00, 0x06, 0x00],
    );
    put(&mut file, 34, &[0; 10]);
    put(&mut file, 44, &1_u32.to_le_bytes());
    put(&mut file, 48, &1_u32.to_le_bytes());
    put(&mut file, 52, &0_u32.to_le_bytes());
    put(&mut file, 56, &4096_u32.to_le_bytes());
    put(&mut file, 60, &END.to_le_bytes());
    put(&mut file, 64, &0_u32.to_le_bytes());
    put(&mut file, 68, &END.to_le_bytes());
    put(&mut file, 72, &0_u32.to_le_bytes());
    put(&mut file, 76, &0_u32.to_le_bytes());
    // Sector 0, the FAT: itself, then the directory's one-sector chain.
    put(&mut file, 512, &0xFFFF_FFFD_u32.to_le_bytes());
    put(&mut file, 516, &END.to_le_bytes());
    // Sector 1, the directory: the root and the encrypted package.
    let entry = |name: &str, kind: u8, child: u32| {
        let mut e = vec![0_u8; 128];
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e[..utf16.len()].copy_from_slice(&utf16);
        e[64..66].copy_from_slice(&u16::try_from(utf16.len() + 2).unwrap().to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        e[68..72].copy_from_slice(&u32::MAX.to_le_bytes());
        e[72..76].copy_from_slice(&u32::MAX.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&END.to_le_bytes());
        e
    };
    put(&mut file, 1024, &entry("Root Entry", 5, 1));
    put(&mut file, 1152, &entry("EncryptedPackage", 2, u32::MAX));
    put(&mut file, 1280, &[0; 256]);
    let error = read::workbook(Cursor::new(file), &ReadOptions::default()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("is password-protected: save it without a password"),
        "{error}"
    );
}
