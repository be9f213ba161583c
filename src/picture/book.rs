//! The book drawn: the whale curve in money, the key-account matrix and value
//! against survival as bubble charts, each account coloured and shaped by its
//! verdict and labelled by name where a label fits.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::portfolio::{Entry, View};
use crate::words::{Stage, Verdict};

use super::layout::{
    Placer, Rect, compact, legend, marker, shorten, text_width, tick_money, ticks,
};
use super::svg::{Svg, escape};
use super::{Scale, f};

/// Ids in a picture start with its kind and view (`whale-eur`, `whale-eur-all`
/// for a combined view), so that pictures on one page never share an id.
fn prefix(kind: &str, view: &View) -> String {
    format!(
        "{kind}-{}{}",
        view.currency.to_string().to_ascii_lowercase(),
        if view.combined { "-all" } else { "" }
    )
}

/// An account's name for a label, its id where it has none.
pub(crate) fn label_name(e: &Entry, max: usize) -> String {
    if e.name.trim().is_empty() {
        shorten(&e.id, max)
    } else {
        shorten(&e.name, max)
    }
}

/// A line of text with an id, for labels that tests and readers find.
fn text_with_id(s: &mut Svg, id: &str, x: f64, y: f64, size: f64, fill: &str, text: &str) {
    s.raw(&format!(
        "<text id=\"{}\" x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" fill=\"{fill}\">{}</text>",
        escape(id),
        escape(text)
    ));
}

/// The line of the bar (or the split), dashed, with an id: `{id}-bar`.
fn bar_line(s: &mut Svg, id: &str, from: (f64, f64), to: (f64, f64)) {
    s.raw(&format!(
        "<line id=\"{}-bar\" x1=\"{:.2}\" y1=\"{:.2}\" x2=\"{:.2}\" y2=\"{:.2}\" stroke=\"#000\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>",
        escape(id),
        from.0,
        from.1,
        to.0,
        to.1
    ));
}

/// A line of text with a white halo, so that it reads over the bubbles it is
/// drawn after.
fn halo(x: f64, y: f64, size: f64, anchor: &str, fill: &str, bold: bool, text: &str) -> String {
    format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\"{} text-anchor=\"{anchor}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
        if bold { " font-weight=\"bold\"" } else { "" },
        escape(text)
    )
}

/// A plotting area with its scales and ticks.
struct Plot {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    x: Scale,
    y: Scale,
}

impl Plot {
    fn new(left: f64, right: f64, top: f64, bottom: f64, xs: (f64, f64), ys: (f64, f64)) -> Plot {
        Plot {
            left,
            right,
            top,
            bottom,
            x: Scale::new(xs.0, xs.1, left, right),
            y: Scale::new(ys.0, ys.1, bottom, top),
        }
    }

    fn rect(&self) -> Rect {
        Rect::new(self.left, self.top, self.right, self.bottom)
    }

    /// The frame (with an id), light grid lines at the vertical ticks, and the
    /// tick labels of both axes.
    fn frame(
        &self,
        s: &mut Svg,
        id: &str,
        xt: &[(f64, String)],
        yt: &[(f64, String)],
        titles: (&str, &str),
    ) {
        for (t, _) in yt {
            let py = self.y.at(*t);
            s.line(self.left, py, self.right, py, "#e3e3e3", 1.0, None);
        }
        s.raw(&format!(
            "<rect id=\"{}-plot\" x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" fill=\"none\" stroke=\"#999\" stroke-width=\"1\"/>",
            escape(id),
            self.left,
            self.top,
            self.right - self.left,
            self.bottom - self.top
        ));
        for (t, label) in yt {
            s.text(
                self.left - 6.0,
                self.y.at(*t) + 4.0,
                10.0,
                "end",
                "#000",
                label,
            );
        }
        for (t, label) in xt {
            let px = self.x.at(*t);
            s.line(px, self.bottom, px, self.bottom + 4.0, "#000", 1.0, None);
            s.text(px, self.bottom + 16.0, 10.0, "middle", "#000", label);
        }
        s.text(
            f64::midpoint(self.left, self.right),
            self.bottom + 32.0,
            11.0,
            "middle",
            "#000",
            titles.0,
        );
        s.text_rotated_left(
            self.left - 62.0,
            f64::midpoint(self.top, self.bottom),
            11.0,
            titles.1,
        );
    }
}

/// Money ticks covering `lo..=hi`, with their labels.
pub(crate) fn money_ticks(lo: f64, hi: f64, count: usize) -> Vec<(f64, String)> {
    let t = ticks(lo, hi, count);
    let step = if t.len() > 1 { t[1] - t[0] } else { 1.0 };
    t.iter().map(|v| (*v, tick_money(*v, step))).collect()
}

/// The range of a list of figures and `also`, widened by `pad` of its span on
/// each side.
fn range(values: impl Iterator<Item = f64>, also: f64, pad: f64) -> (f64, f64) {
    let (lo, hi) = values.fold((also, also), |(a, b), v| (a.min(v), b.max(v)));
    let span = if hi > lo { hi - lo } else { lo.abs().max(1.0) };
    (lo - span * pad, hi + span * pad)
}

/// Bubble radius for a revenue: area proportional to revenue, at least 3 px.
fn radius(revenue: f64, max: f64) -> f64 {
    if max > 0.0 && revenue > 0.0 {
        (22.0 * (revenue / max).sqrt()).max(3.0)
    } else {
        3.0
    }
}

/// The verdicts of a list of entries, each once.
fn verdicts(entries: &[Entry]) -> Vec<Verdict> {
    let mut out: Vec<Verdict> = Vec::new();
    for e in entries {
        if !out.contains(&e.verdict) {
            out.push(e.verdict);
        }
    }
    out
}

/// A key to bubble sizes: two round revenues and their circles, from `(x, y)`.
fn size_key(s: &mut Svg, max_revenue: Decimal, x: f64, y: f64) {
    let max = f(max_revenue);
    if max <= 0.0 {
        return;
    }
    // The largest round amount (1, 2 or 5 times a power of ten) up to the
    // largest revenue, and a tenth of it.
    let power = 10f64.powf(max.log10().floor());
    let big = [5.0, 2.0, 1.0]
        .iter()
        .map(|m| m * power)
        .find(|v| *v <= max)
        .unwrap_or(power);
    s.text(x, y, 11.0, "start", "#000", "bubble area: revenue a year");
    // The circles stand on one line below the caption.
    let base = y + 8.0 + 2.0 * radius(max, max);
    let mut cx = x + 4.0;
    for v in [big, big / 10.0] {
        let r = radius(v, max);
        s.raw(&format!(
            "<circle cx=\"{:.2}\" cy=\"{:.2}\" r=\"{r:.2}\" fill=\"none\" stroke=\"#555\" stroke-width=\"1\"/>",
            cx + r,
            base - r
        ));
        let label = tick_money(v, v);
        s.text(
            cx + 2.0 * r + 4.0,
            base - 2.0,
            10.0,
            "start",
            "#000",
            &label,
        );
        cx += 2.0 * r + 12.0 + text_width(&label, 10.0);
    }
}

/// The whale curve of a view, in money: cumulative value of the active
/// accounts, most valuable first, from 0 through the peak to the total, with a
/// second axis in percent of the total when the total is positive. Each
/// account is a marker of its verdict; the peak, the three most valuable
/// accounts and the largest loss are labelled.
#[must_use]
pub fn whale(view: &View) -> String {
    let (width, height) = (780.0, 500.0);
    let mut s = Svg::new(width, height);
    let w = &view.whale;
    let cur = view.currency;
    let id = prefix("whale", view);
    let combined = if view.combined { " (combined)" } else { "" };
    s.title(&format!("Whale curve, {cur}{combined}: active accounts"));
    let mut active: Vec<&Entry> = view
        .entries
        .iter()
        .filter(|e| e.stage == Stage::Active)
        .collect();
    if active.is_empty() {
        s.text(
            width / 2.0,
            height / 2.0,
            13.0,
            "middle",
            "#000",
            "no active accounts: nothing to draw",
        );
        return s.finish();
    }
    // The curve's order: by value, largest first, as the book ranks them.
    active.sort_by_key(|e| std::cmp::Reverse(e.value));
    let positive = w.total.is_some_and(|t| t > Decimal::ZERO);
    s.text(
        24.0,
        52.0,
        12.0,
        "start",
        "#333",
        &format!(
            "Value added up in {cur}, most valuable account first{}",
            if positive {
                "; right axis: share of the total"
            } else {
                ""
            }
        ),
    );
    let cumulative: Vec<f64> = std::iter::once(0.0)
        .chain(w.points.iter().map(|p| f(p.cumulative)))
        .collect();
    let (lo, hi) = range(cumulative.iter().copied(), 0.0, 0.04);
    // Room below 0 only where the curve goes there.
    let lo = if cumulative[1..].iter().all(|c| *c > 0.0) {
        0.0
    } else {
        lo
    };
    let yt = money_ticks(lo, hi, 6);
    let (y_lo, y_hi) = (yt[0].0, yt[yt.len() - 1].0);
    let n = active.len();
    let step = [1usize, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]
        .into_iter()
        .find(|s| n / s <= 8)
        .unwrap_or(n.max(1));
    let xt: Vec<(f64, String)> = (0..=n)
        .step_by(step)
        .map(|i| (i as f64, i.to_string()))
        .collect();
    let p = Plot::new(
        100.0,
        width - 90.0,
        80.0,
        height - 110.0,
        (-0.03 * n as f64, n as f64 * 1.03),
        (y_lo, y_hi),
    );
    p.frame(
        &mut s,
        &id,
        &xt,
        &yt,
        (
            "accounts, most valuable first",
            &format!("cumulative value, {cur}"),
        ),
    );
    let mut placer = Placer::new(p.rect());
    s.line(p.left, p.y.at(0.0), p.right, p.y.at(0.0), "#000", 1.0, None);
    // The total, named where it is drawn (a total too large to add up is
    // not drawn).
    if let Some(total) = w.total {
        let total_y = p.y.at(f(total));
        s.line(p.left, total_y, p.right, total_y, "#555", 1.2, Some("6 4"));
        let total_label = format!("total {} {cur}", compact(total));
        let tw = text_width(&total_label, 11.0);
        let above = total_y - 5.0 - 11.0 >= p.top;
        let ty = if above { total_y - 5.0 } else { total_y + 15.0 };
        s.text(p.right - 6.0 - tw, ty, 11.0, "start", "#333", &total_label);
        placer.reserve(Rect::of_text(
            p.right - 6.0 - tw,
            ty,
            11.0,
            "start",
            &total_label,
        ));
    }
    if let Some(total) = w.total.filter(|_| positive) {
        // The share axis on the right: round percentages of the total.
        let total = f(total);
        let pt = ticks(y_lo / total, y_hi / total, 6);
        let pstep = if pt.len() > 1 { pt[1] - pt[0] } else { 1.0 };
        for t in pt {
            let v = t * total;
            if v < y_lo - 1e-9 * total || v > y_hi + 1e-9 * total {
                continue;
            }
            let py = p.y.at(v);
            s.line(p.right, py, p.right + 4.0, py, "#000", 1.0, None);
            let decimals = usize::from((pstep * 100.0).fract().abs() > 1e-9);
            s.text(
                p.right + 7.0,
                py + 4.0,
                10.0,
                "start",
                "#000",
                &format!("{:.*} %", decimals, t * 100.0),
            );
        }
        s.text_rotated_left(
            width - 18.0,
            f64::midpoint(p.top, p.bottom),
            11.0,
            "share of the total value",
        );
    }
    let path: Vec<(f64, f64)> = cumulative
        .iter()
        .enumerate()
        .map(|(i, c)| (p.x.at(i as f64), p.y.at(*c)))
        .collect();
    s.polyline(&path, "#333", 2.0);
    for (i, e) in active.iter().enumerate() {
        let (px, py) = path[i + 1];
        marker(
            &mut s,
            Some(&format!("{id}-point-{i}")),
            e.verdict,
            px,
            py,
            4.5,
        );
        placer.marker(px, py, 4.5);
    }
    let mut labels: Vec<(usize, String)> = Vec::new();
    if let Some(peak) = w.points.get(w.peak_accounts.saturating_sub(1)) {
        let share = w
            .peak_share
            .map(|s| format!(", {} of the total", super::percent(s)))
            .unwrap_or_default();
        labels.push((
            w.peak_accounts.saturating_sub(1),
            format!(
                "peak {} {cur} after {} of {n}{share}",
                compact(peak.cumulative),
                w.peak_accounts
            ),
        ));
    }
    for (i, e) in active.iter().enumerate().take(3) {
        if e.value > Decimal::ZERO {
            labels.push((i, format!("{} +{}", label_name(e, 22), compact(e.value))));
        }
    }
    if let Some(last) = active.last().filter(|e| e.value < Decimal::ZERO) {
        labels.push((
            n - 1,
            format!("{} {}", label_name(last, 22), compact(last.value)),
        ));
    }
    for (k, (i, text)) in labels.iter().enumerate() {
        let (px, py) = path[i + 1];
        if let Some(at) = placer.place(px, py, 4.5, 10.0, text) {
            if let Some((lx, ly)) = at.leader {
                s.line(px, py, lx, ly, "#777", 0.8, None);
            }
            text_with_id(
                &mut s,
                &format!("{id}-label-{k}"),
                at.x,
                at.y,
                10.0,
                "#000",
                text,
            );
        }
    }
    let verdicts: Vec<Verdict> = verdicts(&view.entries)
        .into_iter()
        .filter(|v| active.iter().any(|e| e.verdict == *v))
        .collect();
    legend(&mut s, &verdicts, p.left, height - 50.0, p.right);
    s.finish()
}

/// The key-account matrix as a bubble chart: strength (coverage; for a
/// prospect the mean of coverage and win probability) across, each account's
/// gap to its own bar (V − η_k) up, split where the book's matrix splits (at
/// the bar, unless the policy says otherwise), bubble area proportional to
/// revenue, colour and shape by verdict; each quadrant's caption names the
/// verdicts it holds.
#[must_use]
pub fn key_accounts(view: &View) -> String {
    let (width, height) = (780.0, 580.0);
    let mut s = Svg::new(width, height);
    let cur = view.currency;
    let id = prefix("matrix", view);
    let m = &view.key_accounts;
    let combined = if view.combined { " (combined)" } else { "" };
    s.title(&format!("Key-account matrix, {cur}{combined}"));
    s.text(
        24.0,
        52.0,
        12.0,
        "start",
        "#333",
        &format!(
            "Up: value above or below the account's own bar, {cur}; across: strength of the relationship"
        ),
    );
    if view.entries.is_empty() {
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
    let split_y = m.y_split.map_or(0.0, f);
    let (lo, hi) = range(view.entries.iter().map(|e| f(e.gap)), split_y, 0.12);
    let yt = money_ticks(lo, hi, 6);
    let xt: Vec<(f64, String)> = [0.0, 0.25, 0.5, 0.75, 1.0]
        .iter()
        .map(|t| (*t, format!("{:.0} %", t * 100.0)))
        .collect();
    let p = Plot::new(
        100.0,
        width - 30.0,
        80.0,
        height - 130.0,
        (-0.06, 1.06),
        (yt[0].0, yt[yt.len() - 1].0),
    );
    p.frame(
        &mut s,
        &id,
        &xt,
        &yt,
        (
            "strength: coverage of the decision unit (prospects: with the win probability)",
            &format!("gap to the bar, {cur}"),
        ),
    );
    let mut placer = Placer::new(p.rect()).near(4);
    // The splits, named where they are drawn.
    let sy = p.y.at(split_y);
    bar_line(&mut s, &id, (p.left, sy), (p.right, sy));
    // Labels keep off the line, so that it reads whole.
    placer.reserve(Rect::new(p.left, sy - 1.5, p.right, sy + 1.5));
    let at_bar = m.y_split.is_some_and(|v| v.is_zero());
    let y_name = if at_bar {
        "hurdle: each account's own bar".to_owned()
    } else {
        format!("split at {} {cur}", compact(m.y_split.unwrap_or_default()))
    };
    let (nx, ny) = (p.left + 8.0, sy - 5.0);
    // Names drawn over the bubbles, after them.
    let mut over = halo(nx, ny, 11.0, "start", "#000", false, &y_name);
    placer.reserve(Rect::of_text(nx, ny, 11.0, "start", &y_name));
    if let Some(split) = m.x_split {
        let sx = p.x.at(f(split));
        s.line(sx, p.top, sx, p.bottom, "#555", 1.0, Some("2 3"));
        let x_name = format!("strength split {}", super::percent(split));
        let (tx, anchor) = if sx + 6.0 + text_width(&x_name, 10.0) < p.right {
            (sx + 4.0, "start")
        } else {
            (sx - 4.0, "end")
        };
        over.push_str(&halo(
            tx,
            p.bottom - 6.0,
            10.0,
            anchor,
            "#555",
            false,
            &x_name,
        ));
        placer.reserve(Rect::of_text(tx, p.bottom - 6.0, 10.0, anchor, &x_name));
    }
    // Quadrant captions in the plot's corners.
    for q in &m.quadrants {
        let name = q.name.replace('_', " ");
        let (x, anchor) = if q.high_x {
            (p.right - 8.0, "end")
        } else {
            (p.left + 8.0, "start")
        };
        let (y1, y2) = if q.high_y {
            (p.top + 16.0, p.top + 30.0)
        } else {
            (p.bottom - 34.0, p.bottom - 20.0)
        };
        over.push_str(&halo(x, y1, 12.0, anchor, "#333", true, &name));
        over.push_str(&halo(x, y2, 10.0, anchor, "#333", false, &q.advice));
        // Bold is wider than regular: about a tenth.
        let mut r = Rect::of_text(x, y1, 13.2, anchor, &name);
        r.y0 = y1 - 10.0;
        placer.reserve(r);
        placer.reserve(Rect::of_text(x, y2, 10.0, anchor, &q.advice));
    }
    bubbles_of(&mut s, &mut placer, &p, view, &id, |e| {
        (f(e.strength), f(e.gap))
    });
    s.raw(&over);
    let bottom = legend(
        &mut s,
        &verdicts(&view.entries),
        p.left,
        height - 70.0,
        p.right - 230.0,
    );
    let _ = bottom;
    size_key(
        &mut s,
        view.entries
            .iter()
            .map(|e| e.revenue)
            .max()
            .unwrap_or_default(),
        p.right - 220.0,
        height - 70.0,
    );
    s.finish()
}

/// At most this many accounts are labelled in a bubble chart, the largest by
/// revenue first: more names would not be read, and placing each costs time
/// that grows with those already placed.
const MOST_LABELS: usize = 30;

/// Every entry as a bubble at `at(entry)`, largest first so that small ones
/// stay visible, then the labels, largest revenue first, where they fit (at
/// most [`MOST_LABELS`]).
fn bubbles_of(
    s: &mut Svg,
    placer: &mut Placer,
    p: &Plot,
    view: &View,
    id: &str,
    at: impl Fn(&Entry) -> (f64, f64),
) {
    let max_revenue = view
        .entries
        .iter()
        .map(|e| f(e.revenue))
        .fold(0.0_f64, f64::max);
    let mut order: Vec<usize> = (0..view.entries.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(view.entries[*i].revenue));
    let mut spots = Vec::new();
    for i in &order {
        let e = &view.entries[*i];
        let (x, y) = at(e);
        let (px, py) = (p.x.at(x), p.y.at(y));
        let r = radius(f(e.revenue), max_revenue);
        marker(s, Some(&format!("{id}-point-{i}")), e.verdict, px, py, r);
        placer.marker(px, py, r);
        spots.push((*i, px, py, r));
    }
    let mut labels = String::new();
    let mut leaders = String::new();
    for (i, px, py, r) in spots.into_iter().take(MOST_LABELS) {
        let text = label_name(&view.entries[i], 20);
        if let Some(placed) = placer.place(px, py, r, 10.0, &text) {
            if let Some((lx, ly)) = placed.leader {
                let _ = write!(
                    leaders,
                    "<line x1=\"{px:.2}\" y1=\"{py:.2}\" x2=\"{lx:.2}\" y2=\"{ly:.2}\" stroke=\"#777\" stroke-width=\"0.8\"/>"
                );
            }
            let _ = write!(
                labels,
                "<text id=\"{}\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#000\" stroke=\"#ffffff\" stroke-width=\"2.5\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
                escape(&format!("{id}-label-{i}")),
                placed.x,
                placed.y,
                escape(&text)
            );
        }
    }
    s.raw(&leaders);
    s.raw(&labels);
}

/// The book as bubbles: each account's gap to its own bar (V − η_k) across,
/// with the line at 0 named "hurdle", annual survival up, bubble area
/// proportional to revenue, colour and shape by verdict, names where they fit.
#[must_use]
pub fn bubbles(view: &View) -> String {
    let (width, height) = (780.0, 560.0);
    let mut s = Svg::new(width, height);
    let cur = view.currency;
    let id = prefix("survival", view);
    let combined = if view.combined { " (combined)" } else { "" };
    s.title(&format!("Value and survival, {cur}{combined}"));
    s.text(
        24.0,
        52.0,
        12.0,
        "start",
        "#333",
        &format!(
            "Across: value above or below each account's own bar, {cur}; up: chance to keep the client a year"
        ),
    );
    if view.entries.is_empty() {
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
    let (lo, hi) = range(view.entries.iter().map(|e| f(e.gap)), 0.0, 0.08);
    let xt = money_ticks(lo, hi, 6);
    let low_survival = view
        .entries
        .iter()
        .map(|e| f(e.annual_survival))
        .fold(1.0_f64, f64::min);
    let floor = ((low_survival - 0.02) * 10.0).floor() / 10.0;
    let floor = floor.clamp(0.0, 0.9);
    let step = if 1.0 - floor > 0.35 { 0.1 } else { 0.05 };
    let count = ((1.0 - floor) / step).round() as usize;
    let yt: Vec<(f64, String)> = (0..=count)
        .map(|i| {
            let t = floor + step * i as f64;
            (t, format!("{:.0} %", t * 100.0))
        })
        .collect();
    // A point on the lowest tick would sit on the axis: room below it then.
    let bottom = if low_survival <= floor {
        floor - step * 0.4
    } else {
        floor
    };
    let p = Plot::new(
        100.0,
        width - 30.0,
        80.0,
        height - 130.0,
        (xt[0].0, xt[xt.len() - 1].0),
        (bottom, 1.0 + step * 0.4),
    );
    p.frame(
        &mut s,
        &id,
        &xt,
        &yt,
        (&format!("gap to the bar, {cur}"), "annual survival"),
    );
    let mut placer = Placer::new(p.rect()).near(4);
    let zx = p.x.at(0.0);
    bar_line(&mut s, &id, (zx, p.top), (zx, p.bottom));
    placer.reserve(Rect::new(zx - 1.5, p.top, zx + 1.5, p.bottom));
    let (tx, anchor) = if zx + 60.0 < p.right {
        (zx + 5.0, "start")
    } else {
        (zx - 5.0, "end")
    };
    let mut over = halo(tx, p.top + 14.0, 11.0, anchor, "#000", false, "hurdle");
    placer.reserve(Rect::of_text(tx, p.top + 14.0, 11.0, anchor, "hurdle"));
    let below = "← below the bar";
    let above = "above the bar →";
    over.push_str(&halo(
        zx - 5.0,
        p.bottom - 6.0,
        10.0,
        "end",
        "#555",
        false,
        below,
    ));
    over.push_str(&halo(
        zx + 5.0,
        p.bottom - 6.0,
        10.0,
        "start",
        "#555",
        false,
        above,
    ));
    placer.reserve(Rect::of_text(zx - 5.0, p.bottom - 6.0, 10.0, "end", below));
    placer.reserve(Rect::of_text(
        zx + 5.0,
        p.bottom - 6.0,
        10.0,
        "start",
        above,
    ));
    bubbles_of(&mut s, &mut placer, &p, view, &id, |e| {
        (f(e.gap), f(e.annual_survival))
    });
    s.raw(&over);
    legend(
        &mut s,
        &verdicts(&view.entries),
        p.left,
        height - 70.0,
        p.right - 230.0,
    );
    size_key(
        &mut s,
        view.entries
            .iter()
            .map(|e| e.revenue)
            .max()
            .unwrap_or_default(),
        p.right - 220.0,
        height - 70.0,
    );
    s.finish()
}
