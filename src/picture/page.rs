//! The book on one page, for a director: key figures, every verdict in a
//! table that opens on each account's waterfall, the pictures with their
//! message in words, the release decision and the method.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::display::grouped;
use crate::portfolio::{Entry, Report, View};
use crate::verdict::Evaluation;
use crate::words::{Stage, Verdict, Word};

use super::book::{bubbles, key_accounts, label_name, whale};
use super::layout::{ORDER, colour, compact};
use super::svg::escape;
use super::{money, percent, waterfall};

/// A view with more accounts than this opens each row on its explanation
/// alone: a waterfall for each would make the page too large to open.
const MOST_WATERFALLS: usize = 500;

const STYLE: &str = "\
body{font-family:'DejaVu Sans',Arial,sans-serif;margin:1.5em auto;padding:0 1em;color:#111;max-width:1120px;line-height:1.35}\
h1{font-size:1.7em;margin:0 0 0.2em}h2{margin:1.6em 0 0.4em;border-bottom:2px solid #333}h3{margin:1.4em 0 0.3em}\
.sub{color:#444;margin:0 0 0.6em}.note{color:#555}\
.figures{display:flex;flex-wrap:wrap;gap:0.6em;margin:0.8em 0 1.2em}\
.fig{border:1px solid #bbb;border-radius:4px;padding:0.45em 0.8em;flex:1 1 9em}\
.fig b{display:block;font-size:1.35em;white-space:nowrap}.fig span{color:#444;font-size:0.85em}\
.rows{font-size:13px}\
.head,.row>summary{display:grid;grid-template-columns:1em minmax(11em,2.3fr) 9.5em repeat(3,minmax(6.5em,1fr)) minmax(6em,1.2fr) minmax(8em,1.5fr) 3.6em minmax(4em,1fr);gap:0 0.6em;padding:0.22em 0.2em;border-bottom:1px solid #ddd;align-items:baseline}\
.head{font-weight:bold;border-bottom:2px solid #333}\
.row>summary{cursor:pointer;list-style:none}.row>summary::-webkit-details-marker{display:none}\
.row>summary::before{content:'\\25B8';color:#666}.row[open]>summary::before{content:'\\25BE'}\
.group{font-weight:bold;padding:0.7em 0.2em 0.2em;border-bottom:1px solid #333}\
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.neg{color:#a00000}\
.id{color:#555;font-size:0.85em}\
.chip{display:inline-block;padding:0 0.35em;border:1.5px solid;border-radius:3px;white-space:nowrap}\
.more{padding:0.4em 0 1em 1.6em;border-bottom:1px solid #ddd}\
figure{margin:1.4em 0;break-inside:avoid}figcaption{font-size:1.05em;font-weight:bold;margin:0 0 0.4em}\
svg{max-width:100%;height:auto;display:block}\
table{border-collapse:collapse;margin:0.4em 0 1em;font-size:13px}\
th,td{padding:0.2em 0.7em;border-bottom:1px solid #ddd;text-align:right}\
th:first-child,td:first-child{text-align:left}thead th{border-bottom:2px solid #333}tfoot th{border-top:2px solid #333}\
@media print{body{margin:0;max-width:none;font-size:9.5pt}@page{size:A4 portrait;margin:12mm}\
.rows,table{font-size:7.5pt}.head,.row>summary{grid-template-columns:0.8em minmax(8em,2fr) 10em repeat(3,minmax(5em,1fr)) minmax(5em,1fr) minmax(6em,1.3fr) 3.6em minmax(3.6em,1fr);gap:0 0.5em}\
section{break-before:page}section:first-of-type{break-before:auto}figure,.fig,.row{break-inside:avoid}.group,h3{break-after:avoid}}";

/// One self-contained page for the book, in English: a title, the
/// `subtitle` the caller gives (a date, say: the library keeps no clock), the
/// model and the policy in one line; then per view (only the combined view
/// when the policy's exchange rates give one) the key figures, the verdict
/// table (each row opens on the account's waterfall and a one-line
/// explanation), the whale curve, the key-account matrix and value against
/// survival, each with its message in a sentence, the release decision as a
/// table, and the method. No scripts, no network, no external reference; it
/// prints on A4 portrait. The text report stays the report's `Display`.
#[must_use]
pub fn html(report: &Report, subtitle: &str) -> String {
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Key-account portfolio</title><style>{STYLE}</style></head><body>\n"
    );
    page.push_str("<h1>Key-account portfolio</h1>\n<p class=\"sub\">");
    if !subtitle.trim().is_empty() {
        let _ = write!(page, "{} · ", escape(subtitle.trim()));
    }
    let _ = writeln!(
        page,
        "keyaccount model {} · {}</p>",
        escape(report.model),
        escape(&report.policy)
    );
    for note in &report.notes {
        let _ = writeln!(page, "<p class=\"note\">Note: {}</p>", escape(note));
    }
    let combined: Vec<&View> = report.views.iter().filter(|v| v.combined).collect();
    let views: Vec<&View> = if combined.is_empty() {
        report.views.iter().collect()
    } else {
        combined
    };
    if views.is_empty() {
        page.push_str("<p>No accounts could be analysed.</p>\n");
    }
    for view in views {
        view_section(&mut page, view);
    }
    if !report.left_out.is_empty() {
        let _ = writeln!(
            page,
            "<h2>Records left out ({})</h2>\n<ul>",
            report.left_out.len()
        );
        for line in &report.left_out {
            let _ = writeln!(page, "<li>{}</li>", escape(line));
        }
        page.push_str("</ul>\n");
    }
    method(&mut page);
    page.push_str("</body></html>\n");
    page
}

fn view_section(page: &mut String, view: &View) {
    let cur = view.currency;
    let kind = if view.combined {
        ", all currencies converted"
    } else {
        ""
    };
    let _ = writeln!(page, "<section>\n<h2>{cur}{kind}</h2>");
    figures(page, view);
    table(page, view);
    for (svg, caption) in [
        (whale(view), whale_caption(view)),
        (key_accounts(view), matrix_caption(view)),
        (bubbles(view), survival_caption(view)),
    ] {
        let _ = writeln!(
            page,
            "<figure><figcaption>{}</figcaption>\n{}</figure>",
            escape(&caption),
            svg.trim_end()
        );
    }
    release_table(page, view);
    page.push_str("</section>\n");
}

/// A total in words, or why there is none.
fn in_words(x: Option<Decimal>) -> String {
    x.map_or_else(|| "too large to add up".to_owned(), compact)
}

/// A total in whole units for a table, or why there is none.
fn total_money(x: Option<Decimal>) -> String {
    x.map_or_else(|| "too large to add up".to_owned(), money)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A total, `None` when it leaves `Decimal`'s range.
fn sum(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, Decimal::checked_add)
}

/// The strip of key figures.
fn figures(page: &mut String, view: &View) {
    let cur = view.currency;
    let n = view.entries.len();
    let active = view.whale.accounts;
    let total = sum(view.entries.iter().map(|e| e.value));
    let w = &view.whale;
    let r = &view.release;
    let c = &view.concentration;
    let largest = c.largest.as_ref().map_or_else(
        || ("n/a".to_owned(), "no revenue".to_owned()),
        |l| {
            let name = view
                .entries
                .iter()
                .find(|e| e.id == l.id)
                .map_or_else(|| l.id.clone(), |e| label_name(e, 28));
            (
                l.figure.map_or("n/a".to_owned(), percent),
                format!("of revenue: {name}"),
            )
        },
    );
    let cells = [
        (
            n.to_string(),
            format!("accounts: {active} active, {} prospects", n - active),
        ),
        (
            format!("{} {cur}", in_words(total)),
            format!("total value (active {})", in_words(w.total)),
        ),
        (
            format!("{} {cur}", in_words(w.loss_makers)),
            format!("value of the {}", plural(w.loss_maker_count, "loss-maker")),
        ),
        (
            format!("{} {cur}", in_words(r.net_gain)),
            format!(
                "freed by releasing {} (costs that stay {})",
                plural(r.accounts.len(), "account"),
                in_words(r.costs_that_stay)
            ),
        ),
        largest,
        (
            c.hhi.map_or("n/a".to_owned(), |h| grouped(h, 3)),
            "HHI of revenue (1 = one account)".to_owned(),
        ),
    ];
    page.push_str("<div class=\"figures\">");
    for (figure, what) in cells {
        let _ = write!(
            page,
            "<div class=\"fig\"><b>{}</b><span>{}</span></div>",
            escape(&figure),
            escape(&what)
        );
    }
    page.push_str("</div>\n");
}

/// A verdict as a coloured label with its shape and word.
fn chip(verdict: Verdict) -> String {
    let c = colour(verdict);
    let shape = match verdict {
        Verdict::Retain | Verdict::Pursue => "●",
        Verdict::Restructure => "■",
        Verdict::RetainStrategic | Verdict::PursueStrategic => "◆",
        Verdict::Release => "▲",
        Verdict::Decline => "▼",
    };
    format!(
        "<span class=\"chip\" style=\"border-color:{c};background:{c}22\"><span style=\"color:{c}\">{shape}</span> {}</span>",
        verdict.as_str()
    )
}

fn amount_cell(x: Decimal) -> String {
    let class = if x.is_sign_negative() && !x.is_zero() {
        "n neg"
    } else {
        "n"
    };
    format!("<span class=\"{class}\">{}</span>", escape(&money(x)))
}

/// Every account, grouped by verdict, each row opening on its waterfall.
fn table(page: &mut String, view: &View) {
    let cur = view.currency;
    let pictures = view.entries.len() <= MOST_WATERFALLS;
    let _ = writeln!(
        page,
        "<h3>Every account and its verdict</h3>\n<p class=\"note\">Amounts in {cur}, present values. The gap is the value less the account's own bar (the hurdle, plus for an active account the costs that would stay after a release). {}</p>",
        if pictures {
            "Open a row for its waterfall.".to_owned()
        } else {
            format!(
                "Open a row for its explanation; with more than {MOST_WATERFALLS} accounts the waterfalls are left out (draw one with evaluate --svg)."
            )
        }
    );
    page.push_str(
        "<div class=\"rows\"><div class=\"head\"><span></span><span>account</span><span>verdict</span>\
         <span class=\"n\">value</span><span class=\"n\">hurdle</span><span class=\"n\">gap</span>\
         <span>lever</span><span>top risk</span><span class=\"n\">exit</span><span>warnings</span></div>\n",
    );
    for verdict in ORDER {
        let mut group: Vec<(usize, &Entry)> = view
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.verdict == verdict)
            .collect();
        if group.is_empty() {
            continue;
        }
        group.sort_by_key(|(_, e)| std::cmp::Reverse(e.gap));
        let _ = writeln!(
            page,
            "<div class=\"group\">{} ({})</div>",
            chip(verdict),
            group.len()
        );
        let view_tag = format!(
            "{}{}",
            view.currency.to_string().to_ascii_lowercase(),
            if view.combined { "-all" } else { "" }
        );
        for (i, e) in group {
            row(page, e, pictures.then(|| format!("{view_tag}-{i}")));
        }
    }
    page.push_str("</div>\n");
}

/// One account's row; with a tag, it opens on the waterfall too, its
/// hatching under that tag.
fn row(page: &mut String, e: &Entry, tag: Option<String>) {
    let lever = match (&e.lever, e.verdict) {
        (Some(l), _) => l.as_str().replace('|', ", ").replace('_', " "),
        _ => String::new(),
    };
    let warnings = match e.warnings.len() {
        0 => String::new(),
        n => plural(n, "warning"),
    };
    let _ = write!(
        page,
        "<details class=\"row\" data-id=\"{}\"><summary><span>{}<br><span class=\"id\">{}</span></span><span>{}</span>{}{}{}<span>{}</span><span>{}</span><span class=\"n\">{}</span><span>{}</span></summary>",
        escape(&e.id),
        escape(if e.name.is_empty() { &e.id } else { &e.name }),
        escape(&e.id),
        chip(e.verdict),
        amount_cell(e.value),
        amount_cell(e.hurdle),
        amount_cell(e.gap),
        escape(&lever),
        escape(&e.top_risk.clone().unwrap_or_default().replace('_', " ")),
        e.exit_year.map_or(String::new(), |y| format!("year {y}")),
        escape(&warnings),
    );
    let _ = write!(
        page,
        "<div class=\"more\"><p>{}</p>",
        escape(&explanation(&e.evaluation))
    );
    for w in &e.warnings {
        let _ = write!(page, "<p class=\"note\">Warning: {}</p>", escape(w));
    }
    if let Some(tag) = tag {
        // Each picture's hatching under its own id: a browser does not paint a
        // pattern defined inside a closed row for the pictures of other rows.
        let hatch = format!("hatch-{tag}");
        let svg = waterfall(&e.evaluation, None)
            .replace("id=\"hatch\"", &format!("id=\"{hatch}\""))
            .replace("url(#hatch)", &format!("url(#{hatch})"));
        page.push_str(svg.trim_end());
    }
    page.push_str("</div></details>\n");
}

/// Why the account has its verdict, in one line.
fn explanation(e: &Evaluation) -> String {
    let cur = e.currency;
    let gap = e.value.saturating_sub(e.bar);
    let position = if gap >= Decimal::ZERO {
        format!("{} {cur} above its bar of {}", compact(gap), compact(e.bar))
    } else {
        format!(
            "{} {cur} below its bar of {}",
            compact(gap.abs()),
            compact(e.bar)
        )
    };
    let b = &e.break_even;
    let why = match e.verdict {
        Verdict::Retain => "worth keeping as it is".to_owned(),
        Verdict::Pursue => format!(
            "worth the pursuit at a {} chance to win",
            e.win_probability.map_or("n/a".to_owned(), percent)
        ),
        Verdict::Restructure => {
            let mut ways = Vec::new();
            if let Some(x) = b.cost_cut_to_hurdle.filter(|x| *x > Decimal::ZERO) {
                ways.push(format!("cost to serve cut by {}", percent(x)));
            }
            if let Some(x) = b.concession_to_hurdle {
                ways.push(format!("a concession of {}", crate::display::percent(x, 1)));
            }
            if let Some(x) = b.terms_cut_to_hurdle.filter(|x| *x > Decimal::ZERO) {
                ways.push(format!("payment terms {} days shorter", grouped(x, 0)));
            }
            if let Some(p) = &e.package {
                ways.push(format!(
                    "{} of the balanced package",
                    crate::display::percent(p.share, 0)
                ));
            }
            format!(
                "would reach its bar with {}",
                if ways.is_empty() {
                    "the levers named".to_owned()
                } else {
                    ways.join(", or ")
                }
            )
        }
        Verdict::RetainStrategic | Verdict::PursueStrategic => format!(
            "kept for the image at a subsidy of {} {cur}",
            compact(b.subsidy.unwrap_or_default())
        ),
        Verdict::Release => {
            "no feasible cut of cost to serve, concession or payment terms reaches its bar"
                .to_owned()
        }
        Verdict::Decline => match b.win_probability_to_hurdle {
            Some(p) if p <= Decimal::ONE => format!(
                "it would take a {} chance to win",
                crate::display::percent(p, 0)
            ),
            _ => "no chance to win would make it worth the pursuit".to_owned(),
        },
    };
    let risk = e
        .top_risk
        .as_ref()
        .map(|r| format!("; top risk {}", r.to_string().replace('_', " ")))
        .unwrap_or_default();
    format!(
        "{}: worth {} {cur}, {position}; {why}{risk}.",
        e.verdict.as_str(),
        compact(e.value)
    )
}

/// The whale curve's message.
fn whale_caption(view: &View) -> String {
    let w = &view.whale;
    let cur = view.currency;
    if w.accounts == 0 {
        return "No active accounts: there is no whale curve.".to_owned();
    }
    let peak = w
        .points
        .get(w.peak_accounts.saturating_sub(1))
        .map_or(Decimal::ZERO, |p| p.cumulative);
    let losers = if w.loss_maker_count == 0 {
        "no active account loses money".to_owned()
    } else {
        format!(
            "{} lose {} {cur}",
            w.loss_maker_count,
            in_words(w.loss_makers.map(|l| l.abs()))
        )
    };
    match w.peak_share {
        Some(share) if w.total.is_some_and(|t| t > Decimal::ZERO) => format!(
            "{} of {} active accounts earn {} of the total value ({} {cur}); {losers}.",
            w.peak_accounts,
            w.accounts,
            percent(share),
            compact(peak)
        ),
        _ => format!(
            "The {} most valuable active accounts earn {} {cur}; {losers}, so together the {} active accounts are worth {} {cur}.",
            w.peak_accounts,
            compact(peak),
            w.accounts,
            in_words(w.total)
        ),
    }
}

fn verdict_counts(entries: &[&Entry]) -> String {
    let parts: Vec<String> = ORDER
        .iter()
        .filter_map(|v| {
            let n = entries.iter().filter(|e| e.verdict == *v).count();
            (n > 0).then(|| format!("{} {n}", v.as_str()))
        })
        .collect();
    parts.join(", ")
}

/// The key-account matrix's message.
fn matrix_caption(view: &View) -> String {
    let m = &view.key_accounts;
    let split = m.y_split.unwrap_or_default();
    let (above, below): (Vec<&Entry>, Vec<&Entry>) =
        view.entries.iter().partition(|e| e.gap >= split);
    let line = if split.is_zero() {
        "their own bar".to_owned()
    } else {
        format!("the split of {} {}", compact(split), view.currency)
    };
    let mut text = format!(
        "{} of {} accounts are at or above {line}",
        above.len(),
        view.entries.len()
    );
    if !above.is_empty() {
        let _ = write!(text, " ({})", verdict_counts(&above));
    }
    if !below.is_empty() {
        let _ = write!(text, "; below it: {}", verdict_counts(&below));
    }
    text.push('.');
    text
}

/// Value against survival: which accounts are below their bar and least
/// likely to stay.
fn survival_caption(view: &View) -> String {
    let mut at_risk: Vec<&Entry> = view
        .entries
        .iter()
        .filter(|e| e.gap < Decimal::ZERO && e.stage == Stage::Active)
        .collect();
    at_risk.sort_by_key(|e| e.annual_survival);
    if at_risk.is_empty() {
        return "Every active account is at or above its bar; none needs a decision on survival."
            .to_owned();
    }
    let names: Vec<String> = at_risk
        .iter()
        .take(3)
        .map(|e| {
            format!(
                "{} ({} survival, {} {} below its bar)",
                label_name(e, 28),
                crate::display::percent(e.annual_survival, 1),
                compact(e.gap.abs()),
                view.currency
            )
        })
        .collect();
    let count = match at_risk.len() {
        1 => "1 active account is".to_owned(),
        n => format!("{n} active accounts are"),
    };
    format!(
        "{count} below their bar; least likely to stay a year: {}.",
        names.join("; ")
    )
}

/// The release decision as a table.
fn release_table(page: &mut String, view: &View) {
    let cur = view.currency;
    let r = &view.release;
    page.push_str("<h3>The release decision</h3>\n");
    let released: Vec<&Entry> = view
        .entries
        .iter()
        .filter(|e| e.verdict == Verdict::Release && e.stage == Stage::Active)
        .collect();
    if released.is_empty() {
        page.push_str("<p>No account is to be released.</p>\n");
        return;
    }
    let _ = writeln!(
        page,
        "<table><thead><tr><th>account</th><th>value</th><th>costs that stay</th><th>releasing frees</th><th>revenue a year</th></tr></thead><tbody>"
    );
    for e in &released {
        let stays = e.release_value.unwrap_or_default();
        let _ = writeln!(
            page,
            "<tr><td>{} <span class=\"id\">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&label_name(e, 40)),
            escape(&e.id),
            escape(&money(e.value)),
            escape(&money(stays)),
            escape(&money(stays.saturating_sub(e.value))),
            escape(&money(e.revenue)),
        );
    }
    let _ = writeln!(
        page,
        "</tbody><tfoot><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></tfoot></table>",
        plural(released.len(), "account"),
        escape(&total_money(sum(released.iter().map(|e| e.value)))),
        escape(&total_money(r.costs_that_stay)),
        escape(&total_money(r.net_gain)),
        escape(&money(r.revenue_given_up)),
    );
    let largest = r.largest_after.as_ref().map_or(String::new(), |l| {
        let name = view
            .entries
            .iter()
            .find(|e| e.id == l.id)
            .map_or_else(|| l.id.clone(), |e| label_name(e, 28));
        format!(
            "; the largest account would then be {name} with {} of revenue",
            l.figure.map_or("n/a".to_owned(), percent)
        )
    });
    let _ = writeln!(
        page,
        "<p>Releasing them frees {} {cur} of value, counting the costs that stay after them, and gives up {} {cur} of revenue a year: {} of the active accounts' revenue remains, HHI after {}{largest}.</p>",
        escape(&total_money(r.net_gain)),
        escape(&money(r.revenue_given_up)),
        r.revenue_share_remaining.map_or("n/a".to_owned(), percent),
        r.hhi_after.map_or("n/a".to_owned(), |h| grouped(h, 3)),
    );
}

fn method(page: &mut String) {
    page.push_str(
        "<h2>Method</h2>\n<p>Each account is valued in its own currency as the present value, over the policy's horizon and at its cost of capital, of what it brings (contribution, scale savings, reference value) less what it costs (financing, bad debt, rebates, cost to serve, re-tenders, onboarding and the bid), each year weighted by the chance that the client is still buying, with the supplier free to stop supplying where the rest would lose money. An active account is kept when its value reaches its own bar: the hurdle plus what releasing it would still cost (costs that stay after the relationship ends); below the bar it is restructured when a feasible cut of cost to serve, the concession or payment terms, alone or as a balanced package, lifts it to the bar, kept for the image when marked so, and released otherwise. A prospect is pursued when its value, weighted by the chance to win and the delay of the sales cycle and less the bid, reaches the hurdle. The whale curve adds up the active accounts' values, most valuable first; the key-account matrix places each account by the strength of the relationship and its gap to its own bar; bubble areas are the year's revenue at list price. Amounts in different currencies are never added unless the policy gives exchange rates.</p>\n",
    );
}
