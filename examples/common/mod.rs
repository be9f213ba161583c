//! What the `evaluate`, `batch` and `portfolio` examples share: reading a policy
//! file, the read options from the command line, and printing errors one problem a
//! line.

#![allow(dead_code, unused_macros, unused_imports)]

/// Writes a line to standard error, ignoring a closed or broken stderr: a tool
/// whose reader went away ends quietly rather than panicking as `eprintln!` does.
/// Control characters from the input (a NUL of a UTF-16 file, an escape
/// sequence in a cell) are shown escaped, never sent to the terminal.
macro_rules! say {
    () => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr());
    }};
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = crate::common::printable(&format!($($arg)*));
        let _ = writeln!(std::io::stderr(), "{text}");
    }};
}

/// As [`say!`], without the newline.
macro_rules! say_part {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = crate::common::printable(&format!($($arg)*));
        let _ = write!(std::io::stderr(), "{text}");
    }};
}

/// `text` with every control character but the line end and tab escaped
/// (`\u{0}`, `\u{1b}`), so that what the input holds cannot act on the terminal.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

pub(crate) use {say, say_part};

use std::fmt::Display;
use std::fs::File;
use std::io;
use std::io::Read as _;
use std::io::Write as _;
use std::process::ExitCode;

use keyaccount::read::{self, Format, ReadOptions};
use keyaccount::{Error, Policy};

/// How an account list is read, from the options `batch`, `portfolio` and
/// `evaluate --id` share: `--format`, `--delimiter`, `--decimal-comma`,
/// `--columns`, `--sheet` and `--max-line-bytes`. One place, so that a row opened
/// with `evaluate --id` is read exactly as `batch` read it.
pub struct ListOptions {
    pub format: Option<Format>,
    pub delimiter: u8,
    pub decimal_comma: bool,
    pub columns: Option<String>,
    pub sheet: Option<String>,
    pub max_line_bytes: Option<u64>,
}

impl Default for ListOptions {
    fn default() -> ListOptions {
        ListOptions {
            format: None,
            delimiter: b',',
            decimal_comma: false,
            columns: None,
            sheet: None,
            max_line_bytes: None,
        }
    }
}

/// The usage lines of the shared read options.
pub const LIST_OPTIONS_USAGE: &str =
    "  --format FMT       csv, jsonl, json, xlsx or ods (default: from the extension;
                     standard input is CSV unless this says otherwise)
  --delimiter C      the CSV delimiter (default ','; `tab` for a tab)
  --decimal-comma    read 0,25 and 1 200 000,50 (with --delimiter ';')
  --columns FILE     map your own headers to fields, with units (JSON)
  --sheet NAME       the workbook sheet to read (default: the first)
  --max-line-bytes N the longest record of a CSV or JSON Lines input, in bytes
                     (default 64 MiB)";

impl ListOptions {
    /// Whether `--option` is one of the shared read options.
    pub fn takes(option: &str) -> bool {
        [
            "format",
            "delimiter",
            "decimal-comma",
            "columns",
            "sheet",
            "max-line-bytes",
        ]
        .contains(&option)
    }

    /// Takes the long option `--option` when it is one of the shared read
    /// options (reading its value from `parser`): `Ok(true)`; `Ok(false)` for any
    /// other.
    pub fn take(&mut self, option: &str, parser: &mut lexopt::Parser) -> Result<bool, String> {
        let mut value = || -> Result<String, String> {
            parser
                .value()
                .map_err(|e| e.to_string())?
                .into_string()
                .map_err(|_| "an option's value is not valid text".to_owned())
        };
        match option {
            "format" => {
                let text = value()?;
                self.format = Some(text.parse::<Format>().map_err(|_| {
                    format!("unknown format {text:?}: use csv, jsonl, json, xlsx or ods")
                })?);
            }
            "delimiter" => {
                let text = value()?;
                self.delimiter = match text.as_bytes() {
                    [b] if b.is_ascii() => *b,
                    _ if text == "\\t" || text == "tab" => b'\t',
                    _ => {
                        return Err(format!(
                            "--delimiter must be one ASCII character, got {text:?}"
                        ));
                    }
                };
            }
            "decimal-comma" => self.decimal_comma = true,
            "columns" => self.columns = Some(value()?),
            "sheet" => self.sheet = Some(value()?),
            "max-line-bytes" => {
                let text = value()?;
                self.max_line_bytes =
                    Some(text.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("--max-line-bytes must be a whole number above 0, got {text:?}")
                    })?);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The format of `input` and the library's read options.
    pub fn resolve(&self, input: &str) -> Result<(Format, ReadOptions), Vec<String>> {
        let (format, options) = read_options(
            input,
            self.format,
            self.delimiter,
            self.decimal_comma,
            self.columns.as_deref(),
            self.sheet.as_deref(),
        )?;
        Ok(match self.max_line_bytes {
            Some(bytes) => (format, options.max_line_bytes(bytes)),
            None => (format, options),
        })
    }

    /// Opens the list `input` (`-`: standard input) and reads it record by
    /// record; a workbook is read whole.
    pub fn open(
        &self,
        input: &str,
    ) -> Result<Box<dyn Iterator<Item = keyaccount::Result<keyaccount::Record>>>, Vec<String>> {
        let (format, options) = self.resolve(input)?;
        let located = |e: Error| -> Vec<String> {
            error_lines(&e)
                .into_iter()
                .map(|m| format!("{input}: {m}"))
                .collect()
        };
        let reader: Box<dyn io::Read> = if input == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(File::open(input).map_err(|e| vec![format!("{input}: {e}")])?)
        };
        Ok(match format {
            #[cfg(feature = "spreadsheet")]
            Format::Workbook => {
                let mut bytes = Vec::new();
                let mut reader = reader;
                reader
                    .read_to_end(&mut bytes)
                    .map_err(|e| vec![format!("{input}: {e}")])?;
                Box::new(read::workbook(io::Cursor::new(bytes), &options).map_err(located)?)
            }
            _ => Box::new(read::records(reader, format, &options).map_err(located)?),
        })
    }
}

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
