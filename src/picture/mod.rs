//! Pictures for the account review meeting, as standalone SVG text: an account's
//! value as a waterfall (with its sensitivity as a tornado beside it), and for a
//! book the whale curve, the two matrices and a bubble chart; [`html`] puts a
//! book's report and pictures on one self-contained page.
//!
//! The pictures are drawn for people and printers alike: money with thousands
//! separators, labels placed so they do not overlap, and every distinction that
//! colour makes also made by shape or pattern (gains solid, losses hatched,
//! verdicts by marker shape), so a black-and-white print keeps its meaning.
//! Coordinates are computed here in `f64`, for drawing only; every figure printed
//! on a picture comes from the exact `Decimal`.

// Pixel coordinates are f64 by nature: counts of bars and accounts become
// positions, and positions become whole lines of text; none of it is a figure.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

mod negotiation;
mod svg;

pub use negotiation::{bridge, negotiation_html};

use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::display::grouped;
use crate::portfolio::{Matrix, Report, View};
use crate::sensitivity::Sensitivity;
use crate::verdict::Evaluation;
use crate::words::Verdict;

use self::svg::{Svg, escape};

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
    format!("{} %", grouped(x * Decimal::ONE_HUNDRED, 0))
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

/// Which axis tick labels belong to: a vertical one whose line is at this x, or a
/// horizontal one whose line is at this y.
#[derive(Clone, Copy)]
enum Axis {
    Left(f64),
    Bottom(f64),
}

/// Percent labels for an axis's ticks (shares, 1 = 100 %): right-aligned left of
/// a vertical axis, centred below a horizontal one.
fn percent_ticks(s: &mut Svg, scale: &Scale, axis: Axis, ticks: impl IntoIterator<Item = f64>) {
    for tick in ticks {
        let label = format!("{:.0} %", tick * 100.0);
        match axis {
            Axis::Left(x) => s.text(x - 8.0, scale.at(tick) + 4.0, 10.0, "end", "#000", &label),
            Axis::Bottom(y) => s.text(scale.at(tick), y + 16.0, 10.0, "middle", "#000", &label),
        }
    }
}

/// Where each bar of a waterfall stands: `(label, from, to)` in money, the value
/// bar last.
#[must_use]
pub fn waterfall_steps(e: &Evaluation) -> Vec<(&'static str, Decimal, Decimal)> {
    let mut steps = Vec::new();
    let mut running = Decimal::ZERO;
    for (name, x) in e.components.named() {
        let next = running + x;
        steps.push((name, running, next));
        running = next;
    }
    steps.push(("value", Decimal::ZERO, e.value));
    steps
}

/// The value of one account as a waterfall: each component in the model's order,
/// from 0 up or down, ending at the value, with the hurdle as a dashed line. With
/// a sensitivity table, a tornado of it stands to the right.
#[must_use]
pub fn waterfall(e: &Evaluation, sensitivity: Option<&Sensitivity>) -> String {
    const PLOT_W: f64 = 720.0;
    let tornado_w = if sensitivity.is_some() { 520.0 } else { 0.0 };
    let (width, height) = (PLOT_W + tornado_w, 460.0);
    let steps = waterfall_steps(e);
    let mut lo = f(e.hurdle).min(0.0);
    let mut hi = f(e.hurdle).max(0.0);
    for (_, a, b) in &steps {
        lo = lo.min(f(*a)).min(f(*b));
        hi = hi.max(f(*a)).max(f(*b));
    }
    let pad = (hi - lo) * 0.08;
    let y = Scale::new(lo - pad, hi + pad, 360.0, 70.0);
    let mut s = Svg::new(width, height);
    s.title(&format!(
        "{} {}: value {} {} ({})",
        e.id,
        e.name,
        money(e.value),
        e.currency,
        e.verdict
    ));
    s.text(
        24.0,
        52.0,
        12.0,
        "start",
        "#333",
        &format!(
            "Where the value comes from, present values in {}; gains solid, costs hatched",
            e.currency
        ),
    );
    let left = 90.0;
    let slot = (PLOT_W - left - 20.0) / steps.len() as f64;
    let bar = slot * 0.62;
    s.line(left, y.at(0.0), PLOT_W - 20.0, y.at(0.0), "#000", 1.0, None);
    for (i, (name, from, to)) in steps.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let (a, b) = (y.at(f(*from)), y.at(f(*to)));
        let (top, h) = (a.min(b), (a - b).abs().max(1.0));
        let last = i + 1 == steps.len();
        let fill = if last {
            "#111"
        } else if to >= from {
            "#1f4e79"
        } else {
            "url(#hatch)"
        };
        s.rect_labelled(x, top, bar, h, fill, "#1f4e79", name);
        let amount = if last { *to } else { *to - *from };
        let label_y = if to >= from {
            top - 5.0
        } else {
            top + h + 13.0
        };
        s.text(
            x + bar / 2.0,
            label_y,
            10.0,
            "middle",
            "#000",
            &money(amount),
        );
        s.text_rotated(x + bar / 2.0, 378.0, 11.0, &name.replace('_', " "));
    }
    let h = y.at(f(e.hurdle));
    s.line(
        left - 10.0,
        h,
        PLOT_W - 20.0,
        h,
        "#c00000",
        1.5,
        Some("6 4"),
    );
    s.text(
        left - 12.0,
        h + 4.0,
        10.0,
        "end",
        "#c00000",
        &format!("hurdle {}", money(e.hurdle)),
    );
    if let Some(table) = sensitivity {
        tornado(&mut s, table, PLOT_W, tornado_w);
    }
    s.finish()
}

/// The sensitivity table as a tornado: each input's value at −σ and +σ as a bar
/// around the unmoved value, largest swing on top (the first 14 rows).
fn tornado(s: &mut Svg, table: &Sensitivity, x0: f64, width: f64) {
    let rows: Vec<_> = table.rows.iter().take(14).collect();
    let mut lo = f(table.value);
    let mut hi = lo;
    for r in &rows {
        lo = lo.min(f(r.minus)).min(f(r.plus));
        hi = hi.max(f(r.minus)).max(f(r.plus));
    }
    let label_w = 200.0;
    let (left, right) = (x0 + label_w, x0 + width - 70.0);
    let x = Scale::new(lo, hi, left, right);
    s.text(
        x0 + 10.0,
        52.0,
        12.0,
        "start",
        "#333",
        &format!(
            "Which guess matters most: each input {} down (hatched) and up (solid)",
            percent(table.step)
        ),
    );
    let base = x.at(f(table.value));
    let row_h = 20.0;
    for (i, r) in rows.iter().enumerate() {
        let top = 74.0 + row_h * i as f64;
        s.text(left - 6.0, top + 13.0, 11.0, "end", "#000", &r.input);
        for (v, fill) in [(r.minus, "url(#hatch)"), (r.plus, "#1f4e79")] {
            let end = x.at(f(v));
            let (a, w) = (base.min(end), (end - base).abs().max(0.5));
            s.rect_labelled(a, top + 3.0, w, row_h - 6.0, fill, "#1f4e79", &r.input);
        }
    }
    let bottom = 74.0 + row_h * rows.len() as f64;
    s.line(base, 66.0, base, bottom + 4.0, "#000", 1.0, None);
    s.text(
        base,
        bottom + 18.0,
        10.0,
        "middle",
        "#000",
        &format!("value {}", money(table.value)),
    );
}

/// The whale curve of a view: cumulative value as a share of total value against
/// the share of accounts, largest first, with the 100 % line marked.
#[must_use]
pub fn whale(view: &View) -> String {
    let (width, height) = (720.0, 440.0);
    let mut s = Svg::new(width, height);
    let w = &view.whale;
    s.title(&format!("Whale curve, {} (active accounts)", view.currency));
    let (left, right, top, bottom) = (80.0, width - 30.0, 70.0, height - 60.0);
    let shares: Vec<f64> = w.points.iter().filter_map(|p| p.share).map(f).collect();
    if shares.is_empty() {
        let why = w
            .note
            .as_deref()
            .unwrap_or("no active accounts: nothing to draw");
        s.text(width / 2.0, height / 2.0, 13.0, "middle", "#000", why);
        return s.finish();
    }
    let hi = shares.iter().copied().fold(1.0_f64, f64::max) * 1.08;
    let lo = shares.iter().copied().fold(0.0_f64, f64::min);
    let y = Scale::new(lo.min(0.0), hi, bottom, top);
    let x = Scale::new(0.0, 1.0, left, right);
    s.line(left, y.at(0.0), right, y.at(0.0), "#000", 1.0, None);
    s.line(left, bottom, left, top, "#000", 1.0, None);
    s.line(
        left,
        y.at(1.0),
        right,
        y.at(1.0),
        "#c00000",
        1.2,
        Some("6 4"),
    );
    s.text(
        x.at(0.55),
        y.at(1.0) + 14.0,
        11.0,
        "start",
        "#c00000",
        "100 % of total value",
    );
    // Value-share ticks: whole hundreds of percent, at most about six of them.
    let step = (hi / 6.0).ceil().max(1.0);
    let first = (lo.min(0.0) / step).ceil() * step;
    let ticks = std::iter::successors(Some(first), |tick| Some(tick + step));
    percent_ticks(
        &mut s,
        &y,
        Axis::Left(left),
        ticks.take_while(|tick| *tick <= hi),
    );
    percent_ticks(
        &mut s,
        &x,
        Axis::Bottom(bottom),
        [0.0, 0.25, 0.5, 0.75, 1.0],
    );
    s.text(
        f64::midpoint(left, right),
        bottom + 34.0,
        11.0,
        "middle",
        "#000",
        "share of accounts, most valuable first",
    );
    s.text_rotated_left(
        18.0,
        f64::midpoint(top, bottom),
        11.0,
        "cumulative value, share of total",
    );
    let n = shares.len() as f64;
    let mut path = vec![(x.at(0.0), y.at(0.0))];
    for (i, share) in shares.iter().enumerate() {
        path.push((x.at((i + 1) as f64 / n), y.at(*share)));
    }
    s.polyline(&path, "#1f4e79", 2.5);
    for (px, py) in &path[1..] {
        s.circle(*px, *py, 3.0, "#1f4e79");
    }
    if let Some(peak) = w.peak_share {
        let px = x.at(w.peak_accounts as f64 / n);
        s.text(
            px,
            y.at(f(peak)) - 10.0,
            11.0,
            "middle",
            "#000",
            &format!(
                "peak {} after {} of {} accounts",
                percent(peak),
                w.peak_accounts,
                w.accounts
            ),
        );
    }
    s.finish()
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

/// The marker of a verdict: a shape that stays distinct in black and white.
fn marker(s: &mut Svg, verdict: Verdict, x: f64, y: f64, r: f64) {
    let k = r.max(3.0);
    let path = match verdict {
        Verdict::Retain | Verdict::Pursue => return s.circle_outline(x, y, r, "#1f4e79"),
        Verdict::Restructure => {
            format!("M{} {}h{}v{}h{}z", x - k, y - k, 2.0 * k, 2.0 * k, -2.0 * k)
        }
        Verdict::Release | Verdict::Decline => {
            format!("M{x} {}L{} {}L{} {}z", y - k, x + k, y + k, x - k, y + k)
        }
        _ => format!("M{x} {}L{} {y}L{x} {}L{} {y}z", y - k, x + k, y + k, x - k),
    };
    s.path(&path, "#1f4e79");
}

/// The book as bubbles: value against annual survival, bubble area proportional
/// to revenue, a marker shape per verdict (circle retain or pursue, square
/// restructure, triangle release or decline, diamond the strategic verdicts).
#[must_use]
pub fn bubbles(view: &View) -> String {
    let (width, height) = (720.0, 480.0);
    let mut s = Svg::new(width, height);
    s.title(&format!(
        "Accounts by value and survival, {}",
        view.currency
    ));
    let (left, right, top, bottom) = (100.0, width - 40.0, 70.0, height - 90.0);
    let entries = &view.entries;
    if entries.is_empty() {
        s.text(
            width / 2.0,
            height / 2.0,
            13.0,
            "middle",
            "#000",
            "no accounts: nothing to draw",
        );
        return s.finish();
    }
    let values: Vec<f64> = entries.iter().map(|e| f(e.value)).collect();
    let lo = values.iter().copied().fold(0.0_f64, f64::min);
    let hi = values.iter().copied().fold(0.0_f64, f64::max);
    let pad = (hi - lo) * 0.06;
    let x = Scale::new(lo - pad, hi + pad, left, right);
    let y = Scale::new(0.5, 1.0, bottom, top);
    let max_revenue = entries.iter().map(|e| f(e.revenue)).fold(0.0_f64, f64::max);
    s.line(x.at(0.0), top, x.at(0.0), bottom, "#000", 1.0, None);
    s.line(left, bottom, right, bottom, "#000", 1.0, None);
    percent_ticks(&mut s, &y, Axis::Left(left), [0.5, 0.75, 1.0]);
    s.text(
        left,
        bottom + 16.0,
        10.0,
        "start",
        "#000",
        &money(Decimal::try_from(lo).unwrap_or_default()),
    );
    s.text(
        right,
        bottom + 16.0,
        10.0,
        "end",
        "#000",
        &money(Decimal::try_from(hi).unwrap_or_default()),
    );
    s.text(
        f64::midpoint(left, right),
        bottom + 34.0,
        11.0,
        "middle",
        "#000",
        &format!("value, {}", view.currency),
    );
    s.text_rotated_left(26.0, f64::midpoint(top, bottom), 11.0, "annual survival");
    for e in entries {
        let r = if max_revenue > 0.0 {
            4.0 + 22.0 * (f(e.revenue) / max_revenue).sqrt()
        } else {
            4.0
        };
        let px = x.at(f(e.value));
        let py = y.at(f(e.annual_survival).max(0.5));
        marker(&mut s, e.verdict, px, py, r);
        s.text(px, py - r - 3.0, 9.0, "middle", "#000", &e.id);
    }
    let legend = [
        (Verdict::Retain, "retain / pursue"),
        (Verdict::Restructure, "restructure"),
        (Verdict::Release, "release / decline"),
        (Verdict::RetainStrategic, "kept for the image"),
    ];
    for (i, (verdict, label)) in legend.iter().enumerate() {
        let lx = left + 150.0 * i as f64;
        marker(&mut s, *verdict, lx, height - 24.0, 6.0);
        s.text(lx + 12.0, height - 20.0, 11.0, "start", "#000", label);
    }
    s.finish()
}

/// One self-contained page: the report as text (its `Display`), and for each
/// view the whale curve, both matrices and the bubble chart, inline. No scripts,
/// no network.
#[must_use]
pub fn html(report: &Report) -> String {
    let text = report.to_string();
    let mut page = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Key-account portfolio</title>\
         <style>body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#000}\
         pre{font-size:12px;background:#f6f6f6;padding:1em;overflow-x:auto}\
         svg{max-width:100%;height:auto;display:block;margin:1em 0}</style></head><body>\n",
    );
    let _ = writeln!(
        page,
        "<h1>Key-account portfolio</h1>\n<p>Valued with keyaccount model {}.</p>",
        crate::MODEL_VERSION
    );
    page.push_str("<pre>");
    page.push_str(&escape(&text));
    page.push_str("</pre>\n");
    for view in &report.views {
        let kind = if view.combined { " (combined)" } else { "" };
        let _ = writeln!(page, "<h2>{}{kind}</h2>", view.currency);
        page.push_str(&whale(view));
        page.push_str(&matrix(
            &view.key_accounts,
            &format!("Key-account matrix, {}", view.currency),
        ));
        page.push_str(&matrix(
            &view.price_cost,
            &format!(
                "Price and cost to serve, {} (active accounts)",
                view.currency
            ),
        ));
        page.push_str(&bubbles(view));
    }
    page.push_str("</body></html>\n");
    page
}
