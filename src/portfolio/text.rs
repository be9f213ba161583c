//! The portfolio report as text: `Display` for [`Report`].

use std::fmt::{self, Write as _};

use rust_decimal::Decimal;

use crate::MODEL_VERSION;
use crate::display::{grouped, percent};

use super::book::{Matrix, Ranked, Report, View};

fn money(x: Decimal) -> String {
    grouped(x, 0)
}

/// A total, or why there is none.
fn total(x: Option<Decimal>) -> String {
    x.map_or_else(|| "too large to add up".to_owned(), money)
}

fn share(x: Option<Decimal>) -> String {
    x.map_or_else(|| "n/a".to_owned(), |s| percent(s, 1))
}

/// The report as readable text, what `portfolio` prints: per view the ranking, the
/// whale curve, concentration, both matrices and the release decision, then the
/// records left out.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&report_text(self))
    }
}

fn report_text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "keyaccount model {MODEL_VERSION}: portfolio report");
    let _ = writeln!(out, "Policy: {}", report.policy);
    for note in &report.notes {
        let _ = writeln!(out, "Note: {note}");
    }
    if report.views.is_empty() {
        let _ = writeln!(out, "\nNo accounts could be analysed.");
    }
    for view in &report.views {
        view_text(&mut out, view);
    }
    if !report.left_out.is_empty() {
        let _ = writeln!(out, "\nRecords left out ({}):", report.left_out.len());
        for line in &report.left_out {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

fn view_text(out: &mut String, view: &View) {
    let cur = view.currency;
    let kind = if view.combined {
        " (all currencies converted)"
    } else {
        ""
    };
    let active = view.whale.accounts;
    let _ = writeln!(
        out,
        "\n=== {cur}{kind}: {} accounts, {active} active ===",
        view.entries.len()
    );
    let line = |out: &mut String, r: &Ranked| {
        let name = view
            .entries
            .iter()
            .find(|e| e.id == r.id)
            .map_or("", |e| e.name.as_str());
        let v = r.figure.unwrap_or_default();
        let _ = writeln!(out, "  {:<8} {name:<34} {:>16} {cur}", r.id, money(v));
    };
    let _ = writeln!(out, "\nMost valuable:");
    for r in view.ranking.iter().take(5) {
        line(out, r);
    }
    if view.ranking.len() > 5 {
        let _ = writeln!(out, "Least valuable:");
        let skip = view.ranking.len().saturating_sub(5).max(5);
        for r in view.ranking.iter().skip(skip) {
            line(out, r);
        }
    }
    let w = &view.whale;
    let _ = writeln!(out, "\nWhale curve (active accounts):");
    let _ = writeln!(out, "  total value            {:>16} {cur}", total(w.total));
    let _ = writeln!(
        out,
        "  peak                   {:>16} of total value, after {} of {} accounts",
        share(w.peak_share),
        w.peak_accounts,
        w.accounts
    );
    let _ = writeln!(
        out,
        "  top 20 % ({} accounts) {:>16} of total value",
        w.top_count,
        share(w.top_share)
    );
    let _ = writeln!(
        out,
        "  loss-makers ({})        {:>16} {cur}",
        w.loss_maker_count,
        total(w.loss_makers)
    );
    if let Some(note) = &w.note {
        let _ = writeln!(out, "  ({note})");
    }
    let c = &view.concentration;
    let _ = writeln!(out, "\nConcentration (share of list-price revenue):");
    if let Some(largest) = &c.largest {
        let _ = writeln!(
            out,
            "  largest account        {} ({})",
            share(largest.figure),
            largest.id
        );
    }
    let _ = writeln!(
        out,
        "  HHI                    {}",
        c.hhi.map_or("n/a".to_owned(), |h| grouped(h, 4))
    );
    if c.flagged.is_empty() {
        let _ = writeln!(out, "  no account above {}", percent(c.limit, 0));
    } else {
        let _ = writeln!(
            out,
            "  above {}: {} (losing one would shake the book)",
            percent(c.limit, 0),
            c.flagged.join(", ")
        );
    }
    if let Some(note) = &c.note {
        let _ = writeln!(out, "  ({note})");
    }
    matrix_text(out, "Key-account matrix", &view.key_accounts);
    matrix_text(
        out,
        "Price x cost to serve (active accounts)",
        &view.price_cost,
    );
    let r = &view.release;
    let _ = writeln!(out, "\nReleasing every `release` account:");
    if r.accounts.is_empty() {
        let _ = writeln!(out, "  no account to release");
    } else {
        let _ = writeln!(out, "  accounts               {}", r.accounts.join(", "));
        let _ = writeln!(
            out,
            "  value gained           {:>16} {cur}",
            total(r.value_gained)
        );
        if r.costs_that_stay != Some(Decimal::ZERO) {
            let _ = writeln!(
                out,
                "  costs that stay        {:>16} {cur}",
                total(r.costs_that_stay)
            );
            let _ = writeln!(
                out,
                "  net gain               {:>16} {cur}",
                total(r.net_gain)
            );
        }
        let _ = writeln!(
            out,
            "  revenue given up       {:>16} {cur} a year",
            money(r.revenue_given_up)
        );
        let _ = writeln!(
            out,
            "  revenue that remains   {:>16}",
            share(r.revenue_share_remaining)
        );
        let _ = writeln!(
            out,
            "  HHI after              {:>16}",
            r.hhi_after.map_or("n/a".to_owned(), |h| grouped(h, 4))
        );
    }
    if view.subsidy_total.is_none_or(|s| !s.is_zero()) {
        let _ = writeln!(
            out,
            "  image accounts kept on purpose cost {} {cur} against the hurdle (subsidy)",
            total(view.subsidy_total)
        );
    }
}

fn matrix_text(out: &mut String, title: &str, m: &Matrix) {
    // Shares are shown with 4 decimals, amounts of money in whole units.
    let split = |v: Option<Decimal>| {
        v.map_or("n/a".to_owned(), |v| {
            grouped(
                v,
                if v.abs() <= Decimal::ONE && !v.is_zero() {
                    4
                } else {
                    0
                },
            )
        })
    };
    let _ = writeln!(out, "\n{title}:");
    let _ = writeln!(
        out,
        "  vertical:   {}, split at {}",
        m.y_axis,
        split(m.y_split)
    );
    let _ = writeln!(
        out,
        "  horizontal: {}, split at {}",
        m.x_axis,
        split(m.x_split)
    );
    for q in &m.quadrants {
        let ids: Vec<&str> = q.accounts.iter().map(|p| p.id.as_str()).collect();
        let _ = writeln!(
            out,
            "  {:<18} {:<60} {}",
            q.name,
            q.advice,
            if ids.is_empty() {
                "-".to_owned()
            } else {
                ids.join(", ")
            }
        );
    }
    for left in &m.left_out {
        let _ = writeln!(out, "  left out: {left}");
    }
}
