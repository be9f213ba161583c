//! The negotiation desk drawn: a bridge from today's value to a proposal's, and
//! one page with the whole desk.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::negotiation::{Negotiation, ProposalResult, signed};
use crate::verdict::Evaluation;
use crate::words::Word;

use super::svg::{Svg, escape};
use super::{Scale, f, money};

/// The bars of a bridge: `(label, from, to)` in money, today's value first and
/// the proposal's value last.
fn bridge_steps(as_is: &Evaluation, proposal: &ProposalResult) -> Vec<(String, Decimal, Decimal)> {
    let Ok(v) = &proposal.outcome else {
        return Vec::new();
    };
    let mut steps = vec![("as it is".to_owned(), Decimal::ZERO, as_is.value)];
    let mut running = as_is.value;
    let mut alone = Decimal::ZERO;
    for effect in &v.effects {
        if let Some(delta) = effect.delta {
            steps.push((effect.label.clone(), running, running + delta));
            running += delta;
            alone += delta;
        }
    }
    // What is left: the interaction, or, where some change is valid only with
    // the others, those changes and the interaction together.
    let rest = v.delta.value - alone;
    let rest_label = if v.interaction.is_some() {
        "interaction (together beyond alone)"
    } else {
        "changes valid only together"
    };
    steps.push((rest_label.to_owned(), running, running + rest));
    steps.push((proposal.name.clone(), Decimal::ZERO, v.evaluation.value));
    steps
}

/// A bridge (waterfall) from the value of the terms as they are to the value of
/// one proposal: one bar per change (its own effect), then the interaction,
/// with the bar the value must reach as a dashed line. Empty for a proposal that
/// could not be valued.
#[must_use]
pub fn bridge(as_is: &Evaluation, proposal: &ProposalResult) -> String {
    let steps = bridge_steps(as_is, proposal);
    if steps.is_empty() {
        return String::new();
    }
    let slot = 118.0;
    let left = 110.0;
    // Room on the right for the name of the line the value must reach.
    let width = (left + slot * steps.len() as f64 + 250.0).max(640.0);
    let height = 520.0;
    let bar_line = as_is.bar;
    let mut lo = f(bar_line).min(0.0);
    let mut hi = f(bar_line).max(0.0);
    for (_, a, b) in &steps {
        lo = lo.min(f(*a)).min(f(*b));
        hi = hi.max(f(*a)).max(f(*b));
    }
    let pad = (hi - lo) * 0.1;
    let y = Scale::new(lo - pad, hi + pad, 340.0, 80.0);
    let cur = as_is.currency;
    let mut s = Svg::new(width, height);
    let total = steps.last().map_or(Decimal::ZERO, |(_, _, v)| *v) - as_is.value;
    s.title(&format!(
        "{}: {} {cur} against the terms as they are",
        proposal.name,
        signed(total)
    ));
    s.text(
        24.0,
        54.0,
        12.0,
        "start",
        "#333",
        &format!(
            "Present values in {cur}: each change alone, then together; gains solid, losses hatched"
        ),
    );
    let right = left + slot * steps.len() as f64;
    s.line(left, y.at(0.0), right, y.at(0.0), "#000", 1.0, None);
    let bar_w = slot * 0.6;
    for (i, (label, from, to)) in steps.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
        let (a, b) = (y.at(f(*from)), y.at(f(*to)));
        let (top, h) = (a.min(b), (a - b).abs().max(1.0));
        let total_bar = i == 0 || i + 1 == steps.len();
        let fill = if total_bar {
            "#111"
        } else if to >= from {
            "#1f4e79"
        } else {
            "url(#hatch)"
        };
        if from == to {
            // Nothing to draw but where it stands: a level mark, not a bar.
            s.line(x, a, x + bar_w, a, "#1f4e79", 1.0, Some("2 2"));
        } else {
            s.rect_labelled(x, top, bar_w, h, fill, "#1f4e79", label);
        }
        let amount = if total_bar {
            money(*to)
        } else {
            signed(*to - *from)
        };
        let label_y = if to >= from {
            top - 6.0
        } else {
            top + h + 14.0
        };
        s.text(x + bar_w / 2.0, label_y, 11.0, "middle", "#000", &amount);
        s.text_rotated(x + bar_w / 2.0, 360.0, 11.0, label);
    }
    let line_y = y.at(f(bar_line));
    s.line(left, line_y, right, line_y, "#c00000", 1.5, Some("6 4"));
    let what = if as_is.bar == as_is.hurdle {
        format!("hurdle {}", money(as_is.hurdle))
    } else {
        format!(
            "bar {} (hurdle {} + release {})",
            money(as_is.bar),
            money(as_is.hurdle),
            money(as_is.release_value.unwrap_or_default())
        )
    };
    // Named where it is drawn, right of the bars, so that it is never cut or
    // drawn over a bar.
    s.text(right + 8.0, line_y + 4.0, 11.0, "start", "#c00000", &what);
    s.finish()
}

fn cell(out: &mut String, tag: &str, text: &str) {
    let _ = write!(out, "<{tag}>{}</{tag}>", escape(text));
}

/// One self-contained page with the whole negotiation desk: the proposals beside
/// the terms as they are, each change's own effect with a bridge per proposal,
/// the give-get table and the package. No scripts, no network; prints on A4.
#[must_use]
pub fn negotiation_html(n: &Negotiation) -> String {
    let e = &n.as_is;
    let cur = e.currency;
    let mut page = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Negotiation desk</title><style>\
         body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#111;max-width:60em}\
         table{border-collapse:collapse;margin:0.5em 0 1.5em}\
         th,td{padding:0.2em 0.7em;border-bottom:1px solid #ddd;text-align:right}\
         th:first-child,td:first-child{text-align:left}\
         thead th{border-bottom:2px solid #333}\
         .neg{color:#a00000}.note{color:#555}\
         svg{max-width:100%;height:auto;display:block;margin:0.5em 0 1.5em}\
         @media print{body{margin:0;max-width:none}@page{size:A4 portrait;margin:15mm}\
         section{break-inside:avoid}}</style></head><body>\n",
    );
    let title = if e.name.is_empty() {
        e.id.clone()
    } else {
        format!("{} {}", e.id, e.name)
    };
    let _ = writeln!(page, "<h1>Negotiation desk: {}</h1>", escape(&title));
    let _ = writeln!(
        page,
        "<p>As it is the account is worth <b>{} {cur}</b> (verdict <b>{}</b>); the bar to reach is {} {cur}. Valued with keyaccount model {}.</p>",
        money(e.value),
        e.verdict.as_str(),
        money(e.bar),
        crate::MODEL_VERSION
    );
    proposals_table(&mut page, n);
    for p in &n.proposals {
        let Ok(v) = &p.outcome else { continue };
        let _ = writeln!(page, "<section><h2>{}</h2>", escape(&p.name));
        page.push_str("<table><thead><tr><th>change</th><th>alone</th></tr></thead><tbody>");
        for effect in &v.effects {
            page.push_str("<tr>");
            cell(&mut page, "td", &effect.label);
            cell(
                &mut page,
                "td",
                &effect
                    .delta
                    .map_or_else(|| "valid only with the others".to_owned(), signed),
            );
            page.push_str("</tr>");
        }
        page.push_str("<tr>");
        cell(&mut page, "td", "interaction");
        cell(
            &mut page,
            "td",
            &v.interaction.map_or_else(|| "n/a".to_owned(), signed),
        );
        page.push_str("</tr><tr>");
        cell(&mut page, "th", "the whole proposal");
        cell(&mut page, "th", &signed(v.delta.value));
        page.push_str("</tr></tbody></table>\n");
        page.push_str(&bridge(e, p));
        page.push_str("</section>\n");
    }
    let refused: Vec<_> = n
        .proposals
        .iter()
        .filter_map(|p| p.outcome.as_ref().err())
        .collect();
    if !refused.is_empty() {
        page.push_str("<h2>Proposals that could not be valued</h2><ul>");
        for error in refused {
            cell(&mut page, "li", &error.to_string());
        }
        page.push_str("</ul>\n");
    }
    give_get_table(&mut page, n);
    page.push_str("<h2>The package that reaches the bar</h2>\n<p>");
    page.push_str(&escape(&n.package_in_words()));
    page.push_str("</p>\n</body></html>\n");
    page
}

fn proposals_table(page: &mut String, n: &Negotiation) {
    let valued: Vec<_> = n.valued().collect();
    if valued.is_empty() {
        return;
    }
    let _ = writeln!(
        page,
        "<h2>Proposals beside the terms as they are</h2>\n<p class=\"note\">Present values in {}; each proposal's change against today below its value.</p>",
        n.as_is.currency
    );
    page.push_str("<table><thead><tr><th></th><th>as it is</th>");
    for (p, _) in &valued {
        cell(page, "th", p);
    }
    page.push_str("</tr></thead><tbody><tr><td>verdict</td>");
    cell(page, "td", n.as_is.verdict.as_str());
    for (_, v) in &valued {
        cell(page, "td", v.evaluation.verdict.as_str());
    }
    page.push_str("</tr>");
    let row = |page: &mut String, name: &str, base: Decimal, theirs: &[Decimal]| {
        page.push_str("<tr>");
        cell(page, "td", name);
        cell(page, "td", &money(base));
        for x in theirs {
            let change = *x - base;
            let class = if change.is_sign_negative() && !change.is_zero() {
                " class=\"neg\""
            } else {
                ""
            };
            let _ = write!(
                page,
                "<td>{}<br><small{class}>{}</small></td>",
                escape(&money(*x)),
                escape(&signed(change))
            );
        }
        page.push_str("</tr>");
    };
    let proposal_values: Vec<Decimal> = valued.iter().map(|(_, v)| v.evaluation.value).collect();
    row(page, "value", n.as_is.value, &proposal_values);
    for (i, (name, base)) in n.as_is.components.named().iter().enumerate() {
        let theirs: Vec<Decimal> = valued
            .iter()
            .map(|(_, v)| v.evaluation.components.named()[i].1)
            .collect();
        if base.is_zero() && theirs.iter().all(Decimal::is_zero) {
            continue;
        }
        row(page, &name.replace('_', " "), *base, &theirs);
    }
    page.push_str("</tbody></table>\n");
}

fn give_get_table(page: &mut String, n: &Negotiation) {
    let _ = writeln!(
        page,
        "<h2>What one step of each lever is worth</h2>\n<p class=\"note\">From the terms as they are, in {} and in points of concession: −0.30 points costs as much as 0.3 points off the price.</p>",
        n.as_is.currency
    );
    page.push_str(
        "<table><thead><tr><th>step</th><th>value</th><th>points</th></tr></thead><tbody>",
    );
    for row in &n.give_get {
        page.push_str("<tr>");
        cell(page, "td", row.lever.describe());
        cell(
            page,
            "td",
            &row.delta.map_or_else(|| "n/a".to_owned(), signed),
        );
        let points = row.points_in_words();
        cell(page, "td", &points);
        page.push_str("</tr>");
    }
    page.push_str("</tbody></table>\n");
}
