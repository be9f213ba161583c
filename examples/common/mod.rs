//! What the `evaluate`, `batch` and `portfolio` examples share: reading a policy
//! file, the read options from the command line, and printing errors one problem a
//! line.

#![allow(dead_code, unused_macros, unused_imports)]

/// Writes a line to standard error, ignoring a closed or broken stderr: a tool
/// whose reader went away ends quietly rather than panicking as `eprintln!` does.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// As [`say!`], without the newline.
macro_rules! say_part {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

pub(crate) use {say, say_part};

use std::fmt::Display;
use std::fs::File;
use std::io;
use std::io::Write as _;
use std::process::ExitCode;

use keyaccount::read::{self, Format, ReadOptions};
use keyaccount::{Error, Policy};

/// The input's format (from `--format`, else from its extension; `-`, standard
/// input, is CSV) and the read options from `--delimiter`, `--decimal-comma`,
/// `--columns` (a column map file) and `--sheet`. Every problem is returned as its
/// own line.
pub fn read_options(
    input: &str,
    format: Option<Format>,
    delimiter: u8,
    decimal_comma: bool,
    columns: Option<&str>,
    sheet: Option<&str>,
) -> Result<(Format, ReadOptions), Vec<String>> {
    let format = match format {
        Some(f) => f,
        None if input == "-" => Format::Csv,
        None => Format::from_path(input).ok_or_else(|| {
            vec![format!(
                "cannot tell the format of {input} from its extension: use --format csv, jsonl or json"
            )]
        })?,
    };
    #[cfg(not(feature = "spreadsheet"))]
    {
        if format == Format::Workbook {
            let what = match Format::from_path(input) {
                Some(Format::Workbook) => format!(
                    "reading .{}",
                    std::path::Path::new(input)
                        .extension()
                        .and_then(|e| e.to_str())
                        .unwrap_or("xlsx")
                        .to_ascii_lowercase()
                ),
                _ => "reading a workbook".to_owned(),
            };
            return Err(vec![needs_spreadsheet(&what)]);
        }
        if sheet.is_some() {
            return Err(vec![needs_spreadsheet("--sheet")]);
        }
    }
    let mut options = ReadOptions::default()
        .delimiter(delimiter)
        .decimal_comma(decimal_comma);
    if let Some(path) = columns {
        let file = File::open(path).map_err(|e| vec![format!("{path}: {e}")])?;
        let map = read::column_map(file).map_err(|e| {
            e.messages()
                .into_iter()
                .map(|m| format!("{path}: {m}"))
                .collect::<Vec<_>>()
        })?;
        options = options.columns(map);
    }
    if let Some(sheet) = sheet {
        options = options.sheet(sheet.to_owned());
    }
    Ok((format, options))
}

/// The line that says what needs the crate's `spreadsheet` feature, which this
/// build of the example lacks, and the command that builds it with the feature:
/// `reading .xlsx needs the \`spreadsheet\` feature: cargo run ...`.
#[cfg(not(feature = "spreadsheet"))]
pub fn needs_spreadsheet(what: &str) -> String {
    format!(
        "{what} needs the `spreadsheet` feature: cargo run --release --features spreadsheet --example {} -- ...",
        env!("CARGO_BIN_NAME")
    )
}

/// Reads a policy file, or the model's defaults when no file is given. Every
/// problem is returned as its own line.
pub fn read_policy(path: Option<&str>) -> Result<Policy, Vec<String>> {
    let Some(path) = path else {
        return Ok(Policy::default());
    };
    let file = File::open(path).map_err(|e| vec![format!("{path}: {e}")])?;
    keyaccount::read::policy(file).map_err(|e| {
        e.messages()
            .into_iter()
            .map(|m| format!("{path}: policy {}{m}", line_prefix(&e)))
            .collect()
    })
}

fn line_prefix(error: &Error) -> String {
    error
        .line()
        .map_or_else(String::new, |l| format!("line {l}: "))
}

/// Every problem of an error, one a line, for stderr: `line 7: account "A-7": ...`.
pub fn error_lines(error: &Error) -> Vec<String> {
    let prefix = match (error.line(), error.id()) {
        (Some(line), Some(id)) => format!("line {line}: account {id:?}: "),
        (Some(line), None) => format!("line {line}: "),
        (None, Some(id)) => format!("account {id:?}: "),
        (None, None) => String::new(),
    };
    error
        .messages()
        .into_iter()
        .map(|m| format!("{prefix}{m}"))
        .collect()
}

/// Whether writing failed because the reader of our output went away (`| head`):
/// a normal way for a command-line tool to end, quietly.
pub fn closed_pipe(error: &Error) -> bool {
    error
        .io_error()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// The parsed arguments, or how the program ends: `--help` prints the usage and
/// exits 0, a usage error prints the error and the usage and exits 2.
pub fn arguments<T>(
    tool: &str,
    usage: &str,
    parsed: Result<Option<T>, impl Display>,
) -> Result<T, ExitCode> {
    match parsed {
        Ok(Some(args)) => Ok(args),
        Ok(None) => {
            let _ = writeln!(io::stdout(), "{usage}");
            Err(ExitCode::SUCCESS)
        }
        Err(e) => {
            say!("{tool}: {e}\n\n{usage}");
            Err(ExitCode::from(2))
        }
    }
}
