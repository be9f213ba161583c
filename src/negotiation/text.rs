//! The negotiation as a report a manager takes into the meeting: `Display` for
//! [`Negotiation`].

use std::fmt::{self, Write as _};

use rust_decimal::Decimal;

use crate::display::grouped;
use crate::verdict::Evaluation;
use crate::words::{Stage, Word};

use super::{Negotiation, Valued};

/// Proposals side by side in one block of the table.
const PER_BLOCK: usize = 2;

fn money(x: Decimal) -> String {
    grouped(x, 0)
}

use super::signed;

/// The rows of the side-by-side table for one evaluation: the value, every
/// component, the hurdle and the bar.
fn figures(e: &Evaluation) -> Vec<(String, Decimal)> {
    std::iter::once(("value".to_owned(), e.value))
        .chain(
            e.components
                .named()
                .iter()
                .map(|(name, x)| (name.replace('_', " "), *x)),
        )
        .chain([("hurdle".to_owned(), e.hurdle), ("bar".to_owned(), e.bar)])
        .collect()
}

impl fmt::Display for Negotiation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&report(self))
    }
}

fn report(n: &Negotiation) -> String {
    let e = &n.as_is;
    let cur = e.currency;
    let mut out = String::new();
    let stage = if e.stage == Stage::Prospect {
        "prospect"
    } else {
        "active account"
    };
    let title = if e.name.is_empty() {
        e.id.clone()
    } else {
        format!("{} {}", e.id, e.name)
    };
    let _ = writeln!(
        out,
        "keyaccount model {}: negotiation desk",
        crate::MODEL_VERSION
    );
    let _ = writeln!(out, "{title} ({stage}, {cur})");
    let _ = writeln!(
        out,
        "As it is: {} {cur}, verdict {}; the bar to reach is {} {cur}.",
        money(e.value),
        e.verdict.as_str(),
        money(e.bar)
    );
    side_by_side(&mut out, n);
    own_effects(&mut out, n);
    give_get(&mut out, n);
    package(&mut out, n);
    out
}

/// The terms as they are and each proposal as columns, with the change against
/// today beside each.
fn side_by_side(out: &mut String, n: &Negotiation) {
    let valued: Vec<(&str, &Valued)> = n.valued().collect();
    if valued.is_empty() && n.proposals.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nProposals beside the terms as they are (present values, {}; change against today):",
        n.as_is.currency
    );
    let rows = figures(&n.as_is);
    for block in valued.chunks(PER_BLOCK) {
        let mut header = vec!["as it is".to_owned()];
        for (name, _) in block {
            header.push((*name).to_owned());
            header.push("change".to_owned());
        }
        let mut table: Vec<Vec<String>> = Vec::new();
        let mut verdicts = vec![n.as_is.verdict.as_str().to_owned()];
        for (_, v) in block {
            verdicts.push(v.evaluation.verdict.as_str().to_owned());
            verdicts.push(String::new());
        }
        table.push(verdicts);
        let theirs: Vec<Vec<(String, Decimal)>> =
            block.iter().map(|(_, v)| figures(&v.evaluation)).collect();
        // Rows that are 0 everywhere say nothing.
        let shown: Vec<usize> = (0..rows.len())
            .filter(|&i| !rows[i].1.is_zero() || theirs.iter().any(|t| !t[i].1.is_zero()))
            .collect();
        for &i in &shown {
            let base = &rows[i].1;
            let mut line = vec![money(*base)];
            for figures in &theirs {
                let x = figures[i].1;
                line.push(money(x));
                line.push(signed(x - *base));
            }
            table.push(line);
        }
        let mut exits = vec![exit(&n.as_is)];
        for (_, v) in block {
            exits.push(exit(&v.evaluation));
            exits.push(String::new());
        }
        table.push(exits);
        let labels: Vec<&str> = std::iter::once("verdict")
            .chain(shown.iter().map(|&i| rows[i].0.as_str()))
            .chain(["supplier stops"])
            .collect();
        let widths: Vec<usize> = (0..header.len())
            .map(|i| {
                table
                    .iter()
                    .map(|r| r[i].chars().count())
                    .chain([header[i].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let _ = write!(out, "\n  {:<16}", "");
        for (h, w) in header.iter().zip(&widths) {
            let _ = write!(out, "  {h:>w$}");
        }
        let _ = writeln!(out);
        for (label, line) in labels.iter().zip(&table) {
            let _ = write!(out, "  {label:<16}");
            for (cell, w) in line.iter().zip(&widths) {
                let _ = write!(out, "  {cell:>w$}");
            }
            let _ = writeln!(out);
        }
    }
    let refused: Vec<_> = n
        .proposals
        .iter()
        .filter_map(|p| p.outcome.as_ref().err())
        .collect();
    if !refused.is_empty() {
        let _ = writeln!(out, "\nProposals that could not be valued:");
        for error in refused {
            let _ = writeln!(out, "  {error}");
        }
    }
}

fn exit(e: &Evaluation) -> String {
    e.exit_year
        .map_or_else(|| "never".to_owned(), |y| format!("after year {y}"))
}

/// Each change's own effect and the interaction, per proposal.
fn own_effects(out: &mut String, n: &Negotiation) {
    let valued: Vec<_> = n.valued().filter(|(_, v)| !v.effects.is_empty()).collect();
    if valued.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nWhat each change does on its own ({}; the interaction is what they do together beyond that):",
        n.as_is.currency
    );
    for (p, v) in valued {
        let mut lines: Vec<(String, String)> = v
            .effects
            .iter()
            .map(|e| {
                let amount = e.delta.map_or_else(|| "not valid alone".to_owned(), signed);
                (e.label.clone(), amount)
            })
            .collect();
        lines.push((
            "interaction".to_owned(),
            v.interaction.map_or_else(|| "n/a".to_owned(), signed),
        ));
        lines.push(("the whole proposal".to_owned(), signed(v.delta.value)));
        let width = lines
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        let amount = lines.iter().map(|(_, a)| a.len()).max().unwrap_or(0);
        let _ = writeln!(out, "\n  {p}");
        for (label, value) in lines {
            let _ = writeln!(out, "    {label:<width$}  {value:>amount$}");
        }
    }
}

/// The give-get table: one step of each lever in money and in points.
fn give_get(out: &mut String, n: &Negotiation) {
    let _ = writeln!(
        out,
        "\nWhat one step of each lever is worth, from the terms as they are ({}; in points of concession: a give of -0.30 costs as much as 0.3 points):",
        n.as_is.currency
    );
    let rows: Vec<[String; 3]> = n
        .give_get
        .iter()
        .map(|row| {
            let value = row.delta.map_or_else(|| "n/a".to_owned(), signed);
            let points = row.points_in_words();
            [row.lever.describe().to_owned(), value, points]
        })
        .collect();
    let w0 = rows.iter().map(|r| r[0].chars().count()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r[1].len()).max().unwrap_or(0);
    let _ = writeln!(out, "  {:<w0$}  {:>w1$}  points", "step", "value");
    for [step, value, points] in rows {
        let _ = writeln!(out, "  {step:<w0$}  {value:>w1$}  {points}");
    }
}

/// The balanced package, in the levers' own units.
fn package(out: &mut String, n: &Negotiation) {
    let _ = writeln!(
        out,
        "\nThe package of the three levers that reaches the bar:\n  {}",
        n.package_in_words()
    );
}
