//! Proposal files: a JSON array of proposals (or a single one), each
//! `{"name": ..., "changes": {"payment.terms_days": 120, ...}}`, numbers read
//! exactly from their literal text.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::change::Change;
use crate::error::{Error, Problem, ProblemKind, Result};
use crate::negotiation::{MAX_PROPOSALS, Proposal};

use super::json;

/// A JSON value as the exact walk hands it over: numbers as their text, objects
/// as their entries in order (repeated keys kept).
#[derive(Debug)]
enum Json {
    Text(String),
    Number(String),
    Flag(bool),
    Null,
    Object(Vec<(String, Json)>),
    List(Vec<Json>),
}

impl Json {
    /// What the value is, for a message.
    fn kind(&self) -> &'static str {
        match self {
            Json::Text(_) => "text",
            Json::Number(_) => "a number",
            Json::Flag(_) => "true or false",
            Json::Null => "null",
            Json::Object(_) => "an object",
            Json::List(_) => "a list",
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Json, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Json;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Json, E> {
                Ok(Json::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> std::result::Result<Json, E> {
                Ok(Json::Text(v))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> std::result::Result<Json, E> {
                Ok(Json::Flag(v))
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> std::result::Result<Json, D::Error> {
                String::deserialize(d).map(Json::Number)
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Json, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Json::Object(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::List(items))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads a proposal file; see [`crate::read::proposals`].
pub(crate) fn read(text: &str) -> Result<Vec<Proposal>> {
    let items = match json::document::<Json>(text)? {
        Json::List(items) => items,
        single @ Json::Object(_) => vec![single],
        other => {
            return Err(Error::unreadable(
                format!(
                    "a proposal file must hold a list of proposals or one proposal, got {}",
                    other.kind()
                ),
                None,
            ));
        }
    };
    if items.len() > MAX_PROPOSALS {
        return Err(Error::unreadable(
            format!(
                "a proposal file holds at most {MAX_PROPOSALS} proposals, got {}",
                items.len()
            ),
            None,
        ));
    }
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, item)| proposal(i + 1, item))
        .collect())
}

/// One proposal; what cannot be read becomes its problems.
fn proposal(position: usize, item: Json) -> Proposal {
    let mut problems = Vec::new();
    let mut name = None;
    let mut changes = Vec::new();
    let Json::Object(entries) = item else {
        problems.push(Problem::new(
            "",
            ProblemKind::WrongType {
                expected: "an object with a name and changes",
                found: item.kind().to_owned(),
            },
        ));
        return with_problems(format!("proposal {position}"), changes, problems);
    };
    let (mut seen_name, mut seen_changes) = (false, false);
    for (key, value) in entries {
        let wrong = |expected, value: &Json| ProblemKind::WrongType {
            expected,
            found: value.kind().to_owned(),
        };
        match key.as_str() {
            "name" | "changes"
                if (key == "name" && seen_name) || (key == "changes" && seen_changes) =>
            {
                problems.push(Problem::new(key, ProblemKind::Duplicate));
            }
            "name" => {
                seen_name = true;
                match value {
                    Json::Text(text) | Json::Number(text) => name = Some(text),
                    other => problems.push(Problem::new("name", wrong("text", &other))),
                }
            }
            "changes" => {
                seen_changes = true;
                match value {
                    Json::Object(fields) => read_changes(fields, &mut changes, &mut problems),
                    other => problems.push(Problem::new(
                        "changes",
                        wrong("an object of field paths and values", &other),
                    )),
                }
            }
            _ => {
                let suggestion = crate::validate::closest(&key, ["name", "changes"].into_iter())
                    .map(str::to_owned);
                problems.push(Problem::new(key, ProblemKind::UnknownField { suggestion }));
            }
        }
    }
    let name = name.unwrap_or_else(|| {
        problems.insert(0, Problem::new("name", ProblemKind::Missing));
        format!("proposal {position}")
    });
    with_problems(name, changes, problems)
}

fn with_problems(name: String, changes: Vec<Change>, problems: Vec<Problem>) -> Proposal {
    let mut proposal = Proposal::new(name, changes);
    proposal.problems = problems;
    proposal
}

/// The changes of one proposal in the file's order; a key given twice, an
/// unknown field and a value that cannot be read are problems.
fn read_changes(
    fields: Vec<(String, Json)>,
    changes: &mut Vec<Change>,
    problems: &mut Vec<Problem>,
) {
    let mut paths: Vec<String> = Vec::with_capacity(fields.len());
    for (path, value) in fields {
        if paths.contains(&path) {
            problems.push(Problem::new(path, ProblemKind::Duplicate));
            continue;
        }
        let text = match value {
            Json::Text(t) | Json::Number(t) => t,
            Json::Flag(b) => b.to_string(),
            Json::Null => String::new(),
            other => {
                problems.push(Problem::new(
                    path.clone(),
                    ProblemKind::WrongType {
                        expected: "a value as the account's CSV cell holds it",
                        found: other.kind().to_owned(),
                    },
                ));
                paths.push(path);
                continue;
            }
        };
        match Change::parse(&path, &text) {
            Ok(change) => changes.push(change),
            Err(problem) => problems.push(problem),
        }
        paths.push(path);
    }
}
