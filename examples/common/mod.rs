//! Reading and writing shared by the `evaluate` and `batch` examples.

#![allow(dead_code)]

use std::fmt::Write as _;

use keyaccount::{Cell, Error, Evaluation, Policy, PolicyInput, RESULT_COLUMNS, Word};

/// Reads a policy file, or the model's defaults when no file is given. Every
/// problem is returned as its own line.
pub fn read_policy(path: Option<&str>) -> Result<Policy, Vec<String>> {
    let Some(path) = path else {
        return Ok(Policy::default());
    };
    let text = std::fs::read_to_string(path).map_err(|e| vec![format!("{path}: {e}")])?;
    let input: PolicyInput =
        serde_json::from_str(&text).map_err(|e| vec![format!("{path}: {e}")])?;
    input.validate().map_err(|e| {
        e.messages()
            .into_iter()
            .map(|m| format!("{path}: policy {m}"))
            .collect()
    })
}

/// The `--json` object: the result CSV's columns in order at full precision
/// (absent figures and `error` as `null`), then `delay_factor` and `drivers`.
pub fn json_object(evaluation: &Evaluation) -> String {
    let cells = evaluation.cells();
    let mut out = String::from("{");
    for (name, cell) in RESULT_COLUMNS.iter().zip(&cells) {
        push_pair(&mut out, name, &cell.exact());
    }
    let delay = evaluation
        .delay_factor
        .map(|d| Cell::Ratio(d).exact().unwrap_or_default());
    push_pair(&mut out, "delay_factor", &delay);
    out.push_str("\"drivers\":[");
    for (i, driver) in evaluation.drivers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let probability = Cell::Ratio(driver.probability).exact().unwrap_or_default();
        let _ = write!(
            out,
            "{{\"risk\":{},\"probability\":{}}}",
            json_string(driver.risk.as_str()),
            json_string(&probability)
        );
    }
    out.push_str("]}");
    out
}

fn push_pair(out: &mut String, name: &str, value: &Option<String>) {
    let _ = write!(out, "{}:", json_string(name));
    match value {
        Some(v) => out.push_str(&json_string(v)),
        None => out.push_str("null"),
    }
    out.push(',');
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// Every problem of an error, one a line, for stderr.
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
