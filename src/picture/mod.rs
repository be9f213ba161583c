//! Pictures for the account review meeting, as standalone SVG text: an account's
//! value as a [`waterfall`] (with its sensitivity as a tornado beside it), and for
//! a book the [`whale`] curve, the key-account matrix as a bubble chart
//! ([`key_accounts`]), value against survival ([`bubbles`]) and any 2 × 2
//! [`matrix`] as a grid; [`html`] puts a book on one self-contained page for a
//! director.
//!
//! The pictures are drawn for people and printers alike: money with thousands
//! separators or short (`3.66 M`) on axes, axes that cover the data with ticks at
//! round values, reference lines named where they are drawn, labels placed with
//! the metrics of DejaVu Sans ([`text_width`]) so that none overlaps another, and
//! one colour per verdict ([`colour`], Okabe–Ito) always paired with its word or a
//! marker shape (circle keep or pursue, square restructure, diamond image,
//! triangle up release, down decline), as gains are solid and losses hatched, so a
//! black-and-white print keeps its meaning. Coordinates are computed here in
//! `f64`, for drawing only; every figure printed on a picture comes from the
//! exact `Decimal`.

// Pixel coordinates are f64 by nature: counts of bars and accounts become
// positions, and positions become whole lines of text; none of it is a figure.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

mod book;
mod layout;
mod negotiation;
mod page;
mod svg;

pub use book::{bubbles, key_accounts, whale};
pub use layout::{colour, text_width};
pub use negotiation::{bridge, negotiation_html};
pub use page::html;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::display::grouped;
use crate::portfolio::Matrix;
use crate::sensitivity::Sensitivity;
use crate::verdict::Evaluation;

use self::layout::text_width as width_of;
use self::svg::Svg;

/// A figure as a drawing coordinate (never used for a shown number).
fn f(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(0.0)
}

/// Money as shown on a picture: whole units with thousands separators.
fn money(x: Decimal) -> String {
    grouped(x, 0)
}

/// A share as a whole percentage.
fn percent(x: Decimal) -> String {
    crate::display::percent(x, 0)
}

/// A vertical scale from `lo..=hi` to `bottom..=top` pixels.
#[derive(Clone, Copy)]
struct Scale {
    lo: f64,
    hi: f64,
    bottom: f64,
    top: f64,
}

impl Scale {
    fn new(lo: f64, hi: f64, bottom: f64, top: f64) -> Scale {
        let (lo, hi) = if (hi - lo).abs() < f64::EPSILON {
            (lo - 1.0, hi + 1.0)
        } else {
            (lo, hi)
        };
        Scale {
            lo,
            hi,
            bottom,
            top,
        }
    }

    fn at(&self, x: f64) -> f64 {
        self.bottom + (x - self.lo) / (self.hi - self.lo) * (self.top - self.bottom)
    }
}

/// Where each bar of a waterfall stands: `(label, from, to)` in money, the value
/// bar last. Components that are 0 are left out. For an active account each
/// component adds to the running total. For a prospect the components are first
/// shown as if won (each divided by the win probability times the delay factor,
/// P δ), then the bar `value if won` (from 0), then one bar `win probability and
/// delay` that weights them, then the bid (`acquisition`), spent win or lose;
/// the bars from one total to the next add up to the value exactly, the
/// weighting bar taking up the last digits of the division.
#[must_use]
pub fn waterfall_steps(e: &Evaluation) -> Vec<(&'static str, Decimal, Decimal)> {
    let weight = match (e.win_probability, e.delay_factor) {
        (Some(p), Some(d)) => p.checked_mul(d).filter(|w| !w.is_zero()),
        _ => None,
    };
    if let Some(steps) = weight.and_then(|w| prospect_steps(e, w)) {
        return steps;
    }
    let mut steps = Vec::new();
    let mut running = Decimal::ZERO;
    for (name, x) in e.components.named() {
        if x.is_zero() {
            continue;
        }
        let next = running.saturating_add(x);
        steps.push((name, running, next));
        running = next;
    }
    steps.push(("value", Decimal::ZERO, e.value));
    steps
}

/// A prospect's bars, the value if won first; `None` where a division by P δ
/// leaves the range of `Decimal`.
fn prospect_steps(
    e: &Evaluation,
    weight: Decimal,
) -> Option<Vec<(&'static str, Decimal, Decimal)>> {
    let mut steps = Vec::new();
    let (mut won, mut weighted) = (Decimal::ZERO, Decimal::ZERO);
    let mut acquisition = Decimal::ZERO;
    for (name, x) in e.components.named() {
        if name == "acquisition" {
            acquisition = x;
            continue;
        }
        if x.is_zero() {
            continue;
        }
        let if_won = x.checked_div(weight)?;
        let next = won.checked_add(if_won)?;
        steps.push((name, won, next));
        won = next;
        weighted = weighted.checked_add(x)?;
    }
    steps.push(("value if won", Decimal::ZERO, won));
    if won != weighted {
        steps.push(("win probability and delay", won, weighted));
    }
    if !acquisition.is_zero() {
        steps.push(("acquisition", weighted, weighted.checked_add(acquisition)?));
    }
    steps.push(("value", Decimal::ZERO, e.value));
    Some(steps)
}

/// A bar's name in words.
fn bar_words(name: &str) -> String {
    match name {
        "acquisition" => "bid cost".to_owned(),
        "retender" => "re-tender".to_owned(),
        other => other.replace('_', " "),
    }
}

/// The line the value must reach, in words: the hurdle, or the bar when costs
/// that stay after a release raise or lower it.
fn bar_line_words(e: &Evaluation) -> String {
    if e.bar == e.hurdle {
        format!("hurdle {}", money(e.hurdle))
    } else {
        format!(
            "bar {} (hurdle {} + release {})",
            money(e.bar),
            money(e.hurdle),
            money(e.release_value.unwrap_or_default())
        )
    }
}

/// The value of one account as a waterfall: each component that is not 0, in
/// the model's order, from 0 up or down, ending at the value (for a prospect:
/// the value if won, its weighting by win probability and delay, the bid cost,
/// then the value), with a value axis and the account's bar as a dashed line
/// named where it is drawn. With a sensitivity table, a tornado of it stands to
/// the right.
#[must_use]
pub fn waterfall(e: &Evaluation, sensitivity: Option<&Sensitivity>) -> String {
    let steps = waterfall_steps(e);
    let slot = 66.0;
    let left = 96.0;
    let right = left + slot * steps.len() as f64;
    let line_words = bar_line_words(e);
    let plot_w = (right + width_of(&line_words, 11.0) + 24.0).max(560.0);
    let tornado_w = if sensitivity.is_some_and(|t| t.rows.iter().any(|r| !r.swing.is_zero())) {
        600.0
    } else {
        0.0
    };
    let (width, height) = (plot_w + tornado_w, 480.0);
    let (top, bottom) = (80.0, 370.0);
    let mut lo = f(e.bar).min(0.0);
    let mut hi = f(e.bar).max(0.0);
    for (_, a, b) in &steps {
        lo = lo.min(f(*a)).min(f(*b));
        hi = hi.max(f(*a)).max(f(*b));
    }
    let span = (hi - lo).max(1.0);
    // Room beyond 0 only where a bar goes there.
    let pad = |end: f64| if end == 0.0 { 0.0 } else { span * 0.06 };
    let yt = book::money_ticks(lo - pad(lo), hi + pad(hi), 6);
    let y = Scale::new(yt[0].0, yt[yt.len() - 1].0, bottom, top);
    let mut s = Svg::new(width, height);
    s.title(&format!(
        "{} {}: value {} {} ({})",
        e.id,
        e.name,
        money(e.value),
        e.currency,
        e.verdict
    ));
    let prospect = e.win_probability.is_some();
    s.text(
        24.0,
        54.0,
        12.0,
        "start",
        "#333",
        &format!(
            "Where the value comes from, present values in {}{}; gains solid, costs hatched",
            e.currency,
            if prospect {
                ", if won then weighted"
            } else {
                ""
            }
        ),
    );
    for (t, label) in &yt {
        let py = y.at(*t);
        s.line(left, py, right, py, "#e3e3e3", 1.0, None);
        s.text(left - 6.0, py + 4.0, 10.0, "end", "#000", label);
    }
    s.line(left, y.at(0.0), right, y.at(0.0), "#000", 1.0, None);
    let bar = slot * 0.64;
    for (i, (name, from, to)) in steps.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let (a, b) = (y.at(f(*from)), y.at(f(*to)));
        let (top_y, h) = (a.min(b), (a - b).abs().max(1.0));
        let total = matches!(*name, "value" | "value if won");
        let fill = if *name == "value" {
            layout::colour(e.verdict)
        } else if total {
            "#111"
        } else if to >= from {
            "#1f4e79"
        } else {
            "url(#hatch)"
        };
        s.rect_labelled(x, top_y, bar, h, fill, "#1f4e79", name);
        let amount = if total { *to } else { *to - *from };
        let mut text = money(amount);
        if width_of(&text, 10.0) > slot - 2.0 {
            text = layout::compact(amount);
        }
        let label_y = if to >= from {
            top_y - 5.0
        } else {
            top_y + h + 13.0
        };
        s.text(x + bar / 2.0, label_y, 10.0, "middle", "#000", &text);
        s.text_rotated(x + bar / 2.0, bottom + 18.0, 11.0, &bar_words(name));
    }
    let h = y.at(f(e.bar));
    s.line(left, h, right, h, "#c00000", 1.5, Some("6 4"));
    // Named where it is drawn, right of the bars, inside the picture.
    s.text(right + 8.0, h + 4.0, 11.0, "start", "#c00000", &line_words);
    if let Some(table) = sensitivity.filter(|_| tornado_w > 0.0) {
        tornado(&mut s, table, plot_w, tornado_w, e.currency);
    }
    s.finish()
}

/// An input of the sensitivity table in words, with its value as it is:
/// `gross margin 27 %`, `cost to serve 475,000`, `payment days 115`.
fn input_words(input: &str, at: Decimal) -> String {
    let share = |name: &str| {
        format!(
            "{name} {}",
            crate::display::percent(at, 1).replace(".0 %", " %")
        )
    };
    let amount = |name: &str| format!("{name} {}", layout::compact(at));
    match input {
        "revenue.annual" => amount("revenue"),
        "revenue.growth" => share("growth"),
        "revenue.gross_margin" => share("gross margin"),
        "revenue.concession" => share("concession"),
        "revenue.price_down" => share("price-down a year"),
        "revenue.cost_down" => share("our productivity"),
        "revenue.rebate" => share("rebate"),
        "revenue.scale_savings" => amount("scale savings"),
        "cost_to_serve" => amount("cost to serve"),
        "cost_to_serve.inflation" => share("cost inflation"),
        "payment.days" => format!("payment days {}", grouped(at, 0)),
        "payment.default_rate" => share("default rate"),
        "risk.termination_compensation" => share("compensation on exit"),
        "reference" => amount("reference value"),
        "contract.retender_probability" => share("re-tender chance"),
        "contract.incumbent_win_probability" => share("incumbent wins"),
        "contract.nonrenewal" => share("non-renewal"),
        "contract.retender_cost" => amount("re-tender cost"),
        "win_probability" => share("win probability"),
        "acquisition" => amount("bid cost"),
        "acquisition.onboarding" => amount("onboarding"),
        "discount_rate" => share("discount rate"),
        other => share(&format!(
            "{} risk",
            other.trim_start_matches("risk.").replace('_', " ")
        )),
    }
}

/// The sensitivity table as a tornado: each input's value at −σ (hatched) and
/// +σ (solid) as a bar around the unmoved value, largest swing on top (the
/// first 14 rows that move the value), V⁻ and V⁺ at the bar ends, a value axis
/// with round ticks below.
fn tornado(s: &mut Svg, table: &Sensitivity, x0: f64, width: f64, currency: crate::Currency) {
    let rows: Vec<_> = table
        .rows
        .iter()
        .filter(|r| !r.swing.is_zero())
        .take(14)
        .collect();
    let step = crate::display::percent(table.step, 1).replace(".0 %", " %");
    let labels: Vec<String> = rows
        .iter()
        .map(|r| format!("{} ± {step}", input_words(&r.input, r.at)))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| width_of(l, 11.0))
        .fold(120.0_f64, f64::max)
        .min(260.0);
    let mut lo = f(table.value);
    let mut hi = lo;
    for r in &rows {
        lo = lo.min(f(r.minus)).min(f(r.plus));
        hi = hi.max(f(r.minus)).max(f(r.plus));
    }
    let xt = book::money_ticks(lo, hi, 4);
    let (left, right) = (x0 + 16.0 + label_w + 56.0, x0 + width - 56.0);
    let x = Scale::new(xt[0].0, xt[xt.len() - 1].0, left, right);
    s.text(
        x0 + 10.0,
        54.0,
        12.0,
        "start",
        "#333",
        &format!("Which guess matters most: each input {step} down (hatched) and up (solid)"),
    );
    let base = x.at(f(table.value));
    let row_h = 20.0;
    let top = 74.0;
    let bottom = top + row_h * rows.len() as f64;
    for (t, _) in &xt {
        let px = x.at(*t);
        s.line(px, top - 4.0, px, bottom, "#e3e3e3", 1.0, None);
    }
    for (i, (r, label)) in rows.iter().zip(&labels).enumerate() {
        let y0 = top + row_h * i as f64;
        let shown = if width_of(label, 11.0) > label_w {
            layout::shorten(label, 38)
        } else {
            label.clone()
        };
        s.text(left - 56.0, y0 + 13.0, 11.0, "end", "#000", &shown);
        for (v, fill) in [(r.minus, "url(#hatch)"), (r.plus, "#1f4e79")] {
            let end = x.at(f(v));
            let (a, w) = (base.min(end), (end - base).abs().max(0.5));
            s.rect_labelled(a, y0 + 3.0, w, row_h - 6.0, fill, "#1f4e79", &r.input);
            let text = layout::compact(v);
            if end < base {
                s.text(end - 3.0, y0 + 13.0, 9.0, "end", "#333", &text);
            } else if end > base {
                s.text(end + 3.0, y0 + 13.0, 9.0, "start", "#333", &text);
            }
        }
    }
    s.line(base, top - 6.0, base, bottom + 4.0, "#000", 1.0, None);
    s.line(left, bottom + 4.0, right, bottom + 4.0, "#000", 1.0, None);
    for (t, label) in &xt {
        let px = x.at(*t);
        s.line(px, bottom + 4.0, px, bottom + 8.0, "#000", 1.0, None);
        s.text(px, bottom + 20.0, 10.0, "middle", "#000", label);
    }
    s.text(
        f64::midpoint(left, right),
        bottom + 36.0,
        11.0,
        "middle",
        "#000",
        &format!("value, {currency}; as it is {}", money(table.value)),
    );
}

/// A 2 × 2 matrix with its quadrants named and the accounts in each listed.
#[must_use]
pub fn matrix(m: &Matrix, title: &str) -> String {
    let (width, height) = (720.0, 520.0);
    let mut s = Svg::new(width, height);
    s.title(title);
    let (left, top) = (60.0, 70.0);
    let (cell_w, cell_h) = ((width - left - 20.0) / 2.0, (height - top - 60.0) / 2.0);
    for q in &m.quadrants {
        let cx = left + if q.high_x { cell_w } else { 0.0 };
        let cy = top + if q.high_y { 0.0 } else { cell_h };
        let fill = if q.high_x == q.high_y {
            "#eef3f8"
        } else {
            "#ffffff"
        };
        s.rect_labelled(cx, cy, cell_w, cell_h, fill, "#000", &q.name);
        s.text(
            cx + 10.0,
            cy + 20.0,
            13.0,
            "start",
            "#000",
            &q.name.replace('_', " "),
        );
        s.text(cx + 10.0, cy + 36.0, 10.0, "start", "#444", &q.advice);
        let lines = ((cell_h - 56.0) / 14.0).floor().max(1.0) as usize;
        // Ids are at most 64 characters; wide ones get a line each.
        let per_line = ((cell_w - 20.0) / 60.0).floor().max(1.0) as usize;
        let ids: Vec<&str> = q.accounts.iter().map(|p| p.id.as_str()).collect();
        let rows: Vec<String> = ids.chunks(per_line).map(|c| c.join("  ")).collect();
        for (i, row) in rows.iter().take(lines).enumerate() {
            let text = if i + 1 == lines && rows.len() > lines {
                format!("... and {} more", ids.len() - per_line * (lines - 1))
            } else {
                row.clone()
            };
            s.text(
                cx + 10.0,
                cy + 56.0 + 14.0 * i as f64,
                11.0,
                "start",
                "#000",
                &text,
            );
        }
    }
    // Shares are shown with 4 decimals, amounts of money in whole units.
    let split = |v: Option<Decimal>| {
        v.map_or("no split".to_owned(), |v| {
            grouped(v, if v.abs() <= Decimal::ONE { 4 } else { 0 })
        })
    };
    s.text(
        left + cell_w,
        height - 30.0,
        11.0,
        "middle",
        "#000",
        &format!("{} (split at {}) →", m.x_axis, split(m.x_split)),
    );
    // The vertical label is only as tall as the plot: the axis's short name.
    let short = m.y_axis.split(':').next().unwrap_or(&m.y_axis);
    s.text_rotated_left(
        24.0,
        top + cell_h,
        11.0,
        &format!("{short} (split at {}) →", split(m.y_split)),
    );
    s.finish()
}
