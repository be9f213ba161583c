//! A change in a manager's words: "payment terms 90 → 120 days", "rebate none →
//! 4 %", "yearly sales 18,000,000 → 23,400,000 EUR".

use rust_decimal::Decimal;

use crate::account::Account;
use crate::change::Change;
use crate::display::grouped;
use crate::words::{Coverage, Word};

/// A share as a percentage, with as many decimals as it has (0.04 → `4 %`,
/// 0.0825 → `8.25 %`).
fn pct(x: Decimal) -> String {
    format!("{} %", (x * Decimal::ONE_HUNDRED).normalize())
}

/// Money in whole units with separators, and the currency.
fn cash(x: Decimal, account: &Account) -> String {
    format!("{} {}", grouped(x, 0), account.currency())
}

fn from_to(name: &str, before: &str, after: &str, unit: &str) -> String {
    let unit = if after == "none" { "" } else { unit };
    if before == after {
        return format!(
            "{name} {after}{}{unit} (unchanged)",
            if unit.is_empty() { "" } else { " " }
        );
    }
    if unit.is_empty() {
        format!("{name} {before} → {after}")
    } else {
        format!("{name} {before} → {after} {unit}")
    }
}

fn coverage(c: Option<Coverage>) -> &'static str {
    match c {
        Some(Coverage::Covered) => "covered",
        Some(Coverage::Uncovered) => "uncovered",
        Some(Coverage::Absent) => "absent",
        None => "unknown",
    }
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// The change in words, from the account as it is.
pub(crate) fn label(change: &Change, a: &Account) -> String {
    let r = a.revenue();
    let c = a.cost_to_serve();
    let q = a.acquisition();
    let contract = a.contract();
    let share =
        |name: &str, before: Decimal, after: Decimal| from_to(name, &pct(before), &pct(after), "");
    let money = |name: &str, before: Decimal, after: Decimal| {
        from_to(name, &grouped(before, 0), &cash(after, a), "")
    };
    let whole = |name: &str, before: u32, after: u32, unit: &str| {
        from_to(name, &before.to_string(), &after.to_string(), unit)
    };
    let maybe_pct = |x: Option<Decimal>| x.map_or_else(|| "none".to_owned(), pct);
    match change {
        Change::Annual(v) => money("yearly sales", r.annual, *v),
        Change::Growth(v) => share("yearly growth", r.growth, *v),
        Change::GrossMargin(v) => share("gross margin", r.gross_margin, *v),
        Change::Concession(v) => share("concession", r.concession, *v),
        Change::RampYears(v) => whole("ramp-up", r.ramp_years, *v, "years"),
        Change::PriceDown(v) => share("yearly price reduction", r.price_down, *v),
        Change::CostDown(v) => share("our yearly productivity", r.cost_down, *v),
        Change::Rebate(v) => from_to("rebate", &maybe_pct(r.rebate), &maybe_pct(*v), ""),
        Change::RebateProbability(v) => {
            share("chance the rebate is earned", r.rebate_probability, *v)
        }
        Change::RebateDays(v) => whole("rebate paid", r.rebate_days, *v, "days after the year"),
        Change::ScaleSavings(v) => money("scale savings a year", r.scale_savings, *v),
        Change::AccountTeam(v) => money("key-account team", c.account_team, *v),
        Change::Service(v) => money("service and support", c.service, *v),
        Change::Customization(v) => money("customisation", c.customization, *v),
        Change::ReferenceProgram(v) => money("reference programme", c.reference_program, *v),
        Change::CostToServeOther(v) => money("other cost to serve", c.other, *v),
        Change::CostToServeInflation(v) => share("cost-to-serve inflation", c.inflation, *v),
        Change::Tender(v) => money("tender paperwork", q.tender, *v),
        Change::FreeWork(v) => money("free preparatory work", q.free_work, *v),
        Change::Legal(v) => money("legal work", q.legal, *v),
        Change::Executive(v) => money("executive time", q.executive, *v),
        Change::Onboarding(v) => money("onboarding", q.onboarding, *v),
        Change::TermsDays(v) => whole("payment terms", a.payment().terms_days, *v, "days"),
        Change::DelayDays(v) => whole("payment delay", a.payment().delay_days, *v, "days"),
        Change::DefaultRate(v) => share("bad debt", a.payment().default_rate, *v),
        Change::Risk(risk, v) => share(
            &format!("yearly risk of {}", risk.as_str().replace('_', " ")),
            a.risk().probability(*risk),
            *v,
        ),
        Change::TerminationCompensation(v) => share(
            "compensation on termination",
            a.risk().termination_compensation,
            *v,
        ),
        Change::Role(role, v) => {
            let before = a
                .roles()
                .iter()
                .find(|x| x.role == *role)
                .map(|x| x.coverage);
            from_to(
                &format!("{} contact", role.as_str().replace('_', " ")),
                coverage(before),
                coverage(*v),
                "",
            )
        }
        Change::WinProbability(v) => from_to(
            "win probability",
            &a.pursuit()
                .win_probability
                .map_or_else(|| "estimated".to_owned(), pct),
            &v.map_or_else(|| "estimated".to_owned(), pct),
            "",
        ),
        Change::Competitors(v) => whole("competitors", a.pursuit().competitors, *v, ""),
        Change::Evidence(e, v) => from_to(
            &e.as_str().replace('_', " "),
            yes(a.pursuit().has(*e)),
            yes(*v),
            "",
        ),
        Change::SalesCycleMonths(v) => {
            whole("sales cycle", a.pursuit().sales_cycle_months, *v, "months")
        }
        Change::ReferenceAnnualValue(v) => {
            money("reference value a year", a.reference().annual_value, *v)
        }
        Change::TermYears(v) => {
            let years = |y: Option<u32>| y.map_or_else(|| "none".to_owned(), |y| y.to_string());
            from_to(
                "contract term",
                &years(contract.map(|c| c.term_years)),
                &years(*v),
                "years",
            )
        }
        Change::YearsElapsed(v) => whole(
            "years of the term run",
            contract.map_or(0, |c| c.years_elapsed),
            *v,
            "",
        ),
        Change::RetenderProbability(v) => share(
            "chance of a re-tender",
            contract.map_or(Decimal::ZERO, |c| c.retender_probability),
            *v,
        ),
        Change::IncumbentWinProbability(v) => share(
            "chance we win a re-tender",
            contract.map_or(crate::validate::INCUMBENT_WINS, |c| {
                c.incumbent_win_probability
            }),
            *v,
        ),
        Change::Nonrenewal(v) => share(
            "chance of no renewal",
            contract.map_or(Decimal::ZERO, |c| c.nonrenewal),
            *v,
        ),
        Change::RetenderCost(v) => money(
            "re-tender bid",
            contract.map_or(Decimal::ZERO, |c| c.retender_cost),
            *v,
        ),
        Change::Events(v) => {
            let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            whole("dated events", count(a.events().len()), count(v.len()), "")
        }
        Change::StrandedCost(v) => money("costs that stay a year", a.release().stranded_cost, *v),
        Change::StrandedYears(v) => whole("years costs stay", a.release().stranded_years, *v, ""),
        Change::ImageCritical(v) => from_to("image account", yes(a.image_critical()), yes(*v), ""),
    }
}
