//! Domain laws, checked on generated accounts and policies.
//!
//! Each law states the exact conditions under which the model implies it. Values
//! are compared within 10^-6 of a currency unit, the model's tolerance; laws that
//! land a value on the hurdle use accounts of realistic size (sales up to 10^9), where
//! Decimal's 28 digits leave that much precision after the decimal point.

use keyaccount::input::{AccountInput, HurdleInput, PolicyInput, Raw};
use keyaccount::{
    Account, AccountBuilder, Change, Coverage, Currency, Evaluation, Evidence, Lever, Policy,
    PolicyBuilder, ReferenceKind, Risk, Role, Stage, Timing, Verdict, Word, evaluate,
    package_value, schedule, sensitivity,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::common::d;

fn tolerance() -> Decimal {
    Decimal::new(1, 6)
}

/// A decimal `mantissa × 10^-scale` with mantissa in `lo..=hi`, often at the ends.
fn decimal(lo: i64, hi: i64, scale: u32) -> impl Strategy<Value = Decimal> {
    prop_oneof![
        1 => Just(Decimal::new(lo, scale)),
        1 => Just(Decimal::new(hi, scale)),
        6 => (lo..=hi).prop_map(move |m| Decimal::new(m, scale)),
    ]
}

fn share() -> impl Strategy<Value = Decimal> {
    decimal(0, 10_000, 4)
}

fn small_share() -> impl Strategy<Value = Decimal> {
    prop_oneof![3 => Just(Decimal::ZERO), 7 => decimal(0, 3_000, 4)]
}

fn money(max_units: i64) -> impl Strategy<Value = Decimal> {
    decimal(0, max_units * 100, 2)
}

#[derive(Clone, Debug)]
struct Scale {
    /// Largest sales; costs and the hurdle are drawn at a tenth of it.
    sales: i64,
}

const EXTREME: Scale = Scale {
    sales: 1_000_000_000_000_000,
};
const REALISTIC: Scale = Scale {
    sales: 1_000_000_000,
};

fn account(scale: Scale) -> BoxedStrategy<AccountBuilder> {
    let cost = (scale.sales / 10).max(1);
    let revenue = (
        money(scale.sales),
        // Exactly zero often: a flat index takes its own path in the valuation.
        prop_oneof![1 => Just(Decimal::ZERO), 2 => decimal(-5_000, 5_000, 4)],
        share(),
        share(),
        money(cost),
    );
    let costs = (
        money(cost),
        money(cost),
        money(cost),
        money(cost),
        money(cost),
    );
    let acquisition = (money(cost), money(cost), money(cost), money(cost));
    let payment = (0u32..=365, 0u32..=365, small_share());
    let risks = (prop::array::uniform7(small_share()), share());
    let roles = prop::collection::vec((0usize..7, 0usize..3), 0..=7);
    let pursuit = (
        prop::option::of(share()),
        prop_oneof![Just(0u32), Just(1000u32), 0u32..=10],
        prop::array::uniform5(any::<bool>()),
        0u32..=120,
    );
    let reference = (
        money(cost),
        prop::collection::vec(
            (0usize..6, 0u32..=1000, money(cost / 100 + 1), share()),
            0..=3,
        ),
    );
    let flags = (any::<bool>(), any::<bool>());
    // Model v2: ramp-up, price-down, cost inflation, onboarding, and a contract
    // with renewals in about half of the accounts.
    let v2 = (
        prop_oneof![3 => Just(0u32), 2 => 0u32..=10],
        prop_oneof![1 => Just(Decimal::ZERO), 1 => decimal(0, 5_000, 4)],
        prop_oneof![1 => Just(Decimal::ZERO), 2 => decimal(-5_000, 5_000, 4)],
        money(cost),
        prop::option::of((1u32..=8, 0u32..=7, share(), share(), share(), money(cost))),
    );
    (
        (revenue, v2).boxed(),
        costs.boxed(),
        acquisition.boxed(),
        payment.boxed(),
        risks.boxed(),
        roles.boxed(),
        pursuit.boxed(),
        reference.boxed(),
        flags.boxed(),
    )
        .prop_map(
            |(
                (revenue, v2),
                costs,
                acq,
                pay,
                risks,
                roles,
                pursuit,
                reference,
                (prospect, image),
            )| {
                let stage = if prospect {
                    Stage::Prospect
                } else {
                    Stage::Active
                };
                let (terms, delay, default_rate) = pay;
                let (p, n, evidence, months) = pursuit;
                let mut b = Account::builder("P", Currency::EUR, stage)
                    .image_critical(image)
                    .revenue(revenue.0, revenue.2)
                    .growth(revenue.1)
                    .concession(revenue.3)
                    .scale_savings(revenue.4)
                    .account_team(costs.0)
                    .service(costs.1)
                    .customization(costs.2)
                    .reference_program(costs.3)
                    .cost_to_serve_other(costs.4)
                    .tender(acq.0)
                    .free_work(acq.1)
                    .legal(acq.2)
                    .executive(acq.3)
                    .terms_days(terms)
                    .delay_days(delay.min(365 - terms))
                    .default_rate(default_rate)
                    .termination_compensation(risks.1)
                    .competitors(n)
                    .sales_cycle_months(months)
                    .reference_annual_value(reference.0)
                    .ramp_years(v2.0)
                    .price_down(v2.1)
                    .cost_to_serve_inflation(v2.2)
                    .onboarding(v2.3);
                if let Some((term, elapsed, theta, w, nu, cost)) = v2.4 {
                    b = b
                        .term_years(term)
                        .years_elapsed(elapsed % term)
                        .retender_probability(theta)
                        .incumbent_win_probability(w)
                        .nonrenewal(nu)
                        .retender_cost(cost);
                }
                for (risk, probability) in Risk::ALL.iter().zip(risks.0) {
                    b = b.risk(*risk, probability);
                }
                for (i, coverage) in roles {
                    b = b.role(Role::ALL[i], Coverage::ALL[coverage]);
                }
                if let Some(p) = p {
                    b = b.win_probability(p);
                }
                for (e, present) in Evidence::ALL.iter().zip(evidence) {
                    b = b.evidence(*e, present);
                }
                for (kind, per_year, margin, probability) in reference.1 {
                    b = b.reference_use(ReferenceKind::ALL[kind], per_year, margin, probability);
                }
                b
            },
        )
        .boxed()
}

fn policy(scale: Scale) -> BoxedStrategy<PolicyBuilder> {
    let hurdle = (scale.sales / 10).max(1);
    (
        share(),
        prop_oneof![Just(1u32), Just(50u32), 1u32..=12],
        decimal(-hurdle * 100, hurdle * 100, 2),
        share(),
        share(),
        share(),
        prop::array::uniform7(decimal(0, 100, 0)),
        prop::array::uniform5(decimal(1, 1_000, 1)),
        (
            0usize..3,
            prop::option::of(share()),
            prop_oneof![Just(d("0.02")), share()],
            decimal(1, 10_000, 4),
        ),
    )
        .prop_map(
            |(r, h, eta, mu, rho, phi, weights, odds, (timing, own_rate, psi, sigma))| {
                let mut p = Policy::builder()
                    .discount_rate(r)
                    .horizon_years(h)
                    .hurdle(eta)
                    .relationship_mitigation(mu)
                    .reference_credibility(rho)
                    .max_cost_cut(phi)
                    .timing(Timing::ALL[timing])
                    .max_concession_cut(psi)
                    .sensitivity_step(sigma);
                if let Some(rate) = own_rate {
                    p = p.discount_rate_for(Currency::EUR, rate);
                }
                for (role, weight) in Role::ALL.iter().zip(weights) {
                    p = p.role_weight(*role, weight);
                }
                for (evidence, multiplier) in Evidence::ALL.iter().zip(odds) {
                    p = p.evidence_odds(*evidence, multiplier);
                }
                p
            },
        )
        .boxed()
}

fn valid(scale: Scale) -> BoxedStrategy<(Account, Policy)> {
    (account(scale.clone()), policy(scale))
        .prop_map(|(a, p)| (a.build().unwrap(), p.build().unwrap()))
        .boxed()
}

/// An account and a policy with the model v3 inputs as well: cost-down, a rebate
/// (its probability and days sometimes left out), up to 16 dated events, a
/// release, and the new policy fields, each often at its default.
fn valid_v3(scale: Scale) -> BoxedStrategy<(Account, Policy)> {
    let cost = (scale.sales / 10).max(1);
    let account_v3 = (
        prop_oneof![1 => Just(Decimal::ZERO), 2 => decimal(0, 5_000, 4)],
        prop::option::of((
            share(),
            prop::option::of(share()),
            prop::option::of(0u32..=365),
        )),
        prop::collection::vec((1u32..=600, 0usize..7, share()), 0..=16),
        prop::option::of((money(cost), 0u32..=50)),
    );
    let policy_v3 = (
        0u32..=365,
        any::<bool>(),
        decimal(0, 100_000, 4),
        decimal(0, 10_000, 2),
    );
    (account(scale.clone()), policy(scale), account_v3, policy_v3)
        .prop_map(
            |(mut a, p, (omega, rebate, events, release), (chi, exit, per_r, per_p))| {
                a = a.cost_down(omega);
                if let Some((beta, zeta, days)) = rebate {
                    a = a.rebate(beta);
                    if let Some(zeta) = zeta {
                        a = a.rebate_probability(zeta);
                    }
                    if let Some(days) = days {
                        a = a.rebate_days(days);
                    }
                }
                for (month, risk, probability) in events {
                    a = a.event(month, Risk::ALL[risk], probability);
                }
                if let Some((z, y)) = release {
                    a = a.stranded_cost(z).stranded_years(y);
                }
                let p = p
                    .max_terms_cut(chi)
                    .exit_option(exit)
                    .hurdle_per_revenue(per_r)
                    .hurdle_per_pursuit(per_p);
                (a.build().unwrap(), p.build().unwrap())
            },
        )
        .boxed()
}

fn value(input: &AccountInput, policy: &Policy) -> Evaluation {
    evaluate(&input.validate().unwrap(), policy).unwrap()
}

/// Scales every cost-to-serve part by `factor`.
fn scale_costs(input: &mut AccountInput, account: &Account, factor: Decimal) {
    let c = account.cost_to_serve();
    let t = &mut input.cost_to_serve;
    t.account_team = (c.account_team * factor).into();
    t.service = (c.service * factor).into();
    t.customization = (c.customization * factor).into();
    t.reference_program = (c.reference_program * factor).into();
    t.other = (c.other * factor).into();
}

/// the model's ε for the value if won: 10^-6, or 10^-22 of the components'
/// magnitudes (before a prospect's P δ scaling), whichever is larger.
fn epsilon_if_won(e: &Evaluation) -> Decimal {
    let mut size: Decimal = e.components.named().iter().map(|(_, x)| x.abs()).sum();
    if let (Some(p), Some(delta)) = (e.win_probability, e.delay_factor) {
        if p * delta > Decimal::ZERO {
            size /= p * delta;
        }
    }
    tolerance().max(size * Decimal::new(1, 22))
}

proptest! {
    /// Evaluation never panics and never overflows on a valid account, including the
    /// extremes of every range; the components always add up to the value exactly.
    #[test]
    fn components_sum_to_the_value_even_at_the_extremes((a, p) in valid_v3(EXTREME)) {
        let e = evaluate(&a, &p).unwrap();
        prop_assert_eq!(e.components.total(), Some(e.value));
        prop_assert!(e.drivers.len() >= 7);
        prop_assert!(e.drivers.windows(2).all(|w| w[0].probability >= w[1].probability));
        // The year-by-year schedule and the factored sums are two orders of the same
        // arithmetic: they agree within the model's ε, relative to the magnitudes.
        let s = schedule(&a, &p).unwrap();
        let won = e.value_if_won.unwrap_or(e.value);
        let eps = epsilon_if_won(&e);
        prop_assert!((s.lifetime_value - won).abs() <= eps, "{} vs {}", s.lifetime_value, won);
    }

    /// The verdict is the first matching row of the model's table, each
    /// `restructure` row decided by valuing the account again with its levers at
    /// their limits (through the typed builder, not the library's own revaluation).
    #[test]
    fn verdict_agrees_with_the_table((a, p) in valid_v3(REALISTIC)) {
        let e = evaluate(&a, &p).unwrap();
        let bar = e.bar;
        let reaches = |input: &AccountInput| value(input, &p).value >= bar;
        let concession_cut = p.max_concession_cut().min(a.revenue().concession);
        let terms_cut = p.max_terms_cut().min(a.payment().terms_days);
        let cost_cut = p.max_cost_cut();
        let mut cost = AccountInput::from(a.clone());
        scale_costs(&mut cost, &a, Decimal::ONE - cost_cut);
        let mut concession = AccountInput::from(a.clone());
        concession.revenue.concession = (a.revenue().concession - concession_cut).into();
        let mut terms = AccountInput::from(a.clone());
        terms.payment.terms_days = (a.payment().terms_days - terms_cut).into();
        let mut package = cost.clone();
        package.revenue.concession = concession.revenue.concession.clone();
        package.payment.terms_days = terms.payment.terms_days.clone();
        let singles = [
            cost_cut > Decimal::ZERO && reaches(&cost),
            concession_cut > Decimal::ZERO && reaches(&concession),
            terms_cut > 0 && reaches(&terms),
        ];
        let single = singles.iter().any(|x| *x);
        let expected = match (a.stage(), e.value >= bar, a.image_critical()) {
            (Stage::Prospect, true, _) => Verdict::Pursue,
            (Stage::Prospect, false, true) => Verdict::PursueStrategic,
            (Stage::Prospect, false, false) => Verdict::Decline,
            (_, true, _) => Verdict::Retain,
            _ if single || reaches(&package) => Verdict::Restructure,
            (_, false, true) => Verdict::RetainStrategic,
            _ => Verdict::Release,
        };
        prop_assert_eq!(e.verdict, expected);
        prop_assert_eq!(e.lever.is_some(), e.verdict == Verdict::Restructure);
        if let Some(lever) = e.lever {
            let named = [Lever::CostToServe, Lever::Concession, Lever::PaymentTerms];
            for (single, reached) in named.iter().zip(singles) {
                prop_assert_eq!(lever.contains(*single), reached);
            }
            prop_assert_eq!(lever.contains(Lever::Package), !single);
        }
        let strategic = matches!(e.verdict, Verdict::RetainStrategic | Verdict::PursueStrategic);
        prop_assert_eq!(e.break_even.subsidy.is_some(), strategic);
        if let Some(subsidy) = e.break_even.subsidy {
            prop_assert!(subsidy > Decimal::ZERO);
        }
    }

    /// A higher margin never lowers the value (dV/dm ≥ 0 for every account).
    #[test]
    fn more_margin_never_lowers_value((a, p) in valid(REALISTIC), step in decimal(1, 10_000, 4)) {
        let mut input = AccountInput::from(a.clone());
        let m = (a.revenue().gross_margin + step).min(Decimal::ONE);
        input.revenue.gross_margin = m.into();
        prop_assert!(value(&input, &p).value >= evaluate(&a, &p).unwrap().value - tolerance());
    }

    /// More sales never lower the value of an account whose every sale nets a
    /// non-negative amount in every year: (1 − c) π_H (1 − (1 − b) r D / 365 − b)
    /// − (1 − m) ≥ 0, with π_H the lowest price index. (Where each sale loses money
    /// after concession, price-downs, payment days and bad debt, more of them
    /// lowers the value, so the law claims nothing there.)
    #[test]
    fn more_sales_never_lower_a_profitable_accounts_value((a, p) in valid(REALISTIC), step in decimal(1, 10_000, 4)) {
        let rev = a.revenue();
        let pay = a.payment();
        let (c, b) = (rev.concession, pay.default_rate);
        let days = Decimal::from(pay.terms_days + pay.delay_days);
        let one = Decimal::ONE;
        let r = p.discount_rate_for(a.currency());
        // The lowest price index is the last year's: each sale nets least then.
        let last_price = (1..p.horizon_years()).fold(one, |x, _| x * (one - rev.price_down));
        let net = (one - c) * last_price * (one - (one - b) * r * days / d("365") - b)
            - (one - rev.gross_margin);
        if net >= Decimal::ZERO {
            let mut input = AccountInput::from(a.clone());
            input.revenue.annual = (rev.annual * (one + step)).into();
            prop_assert!(value(&input, &p).value >= evaluate(&a, &p).unwrap().value - tolerance());
        }
    }

    /// A lower concession never lowers the value: dN/dc = R(−1 + (1 − b) r d / 365 + b) ≤ 0
    /// because r ≤ 1 and d ≤ 365.
    #[test]
    fn lower_concession_never_lowers_value((a, p) in valid(REALISTIC), step in share()) {
        let mut input = AccountInput::from(a.clone());
        let c = (a.revenue().concession - step).max(Decimal::ZERO);
        input.revenue.concession = c.into();
        prop_assert!(value(&input, &p).value >= evaluate(&a, &p).unwrap().value - tolerance());
    }

    /// Lower cost to serve, or lower acquisition cost, never lowers the value.
    #[test]
    fn lower_costs_never_lower_value((a, p) in valid(REALISTIC), factor in share()) {
        let before = evaluate(&a, &p).unwrap().value;
        let mut input = AccountInput::from(a.clone());
        scale_costs(&mut input, &a, factor);
        prop_assert!(value(&input, &p).value >= before - tolerance());
        let mut input = AccountInput::from(a.clone());
        input.acquisition.tender = (a.acquisition().tender * factor).into();
        prop_assert!(value(&input, &p).value >= before - tolerance());
    }

    /// Cutting cost to serve by `cost_cut_to_hurdle` lands the value on the hurdle,
    /// when the cut is feasible (at most all of it).
    #[test]
    fn cost_cut_lands_on_the_hurdle((a, p) in valid(REALISTIC)) {
        let e = evaluate(&a, &p).unwrap();
        if let Some(cut) = e.break_even.cost_cut_to_hurdle.filter(|c| *c <= Decimal::ONE && *c >= d("-9")) {
            let mut input = AccountInput::from(a.clone());
            scale_costs(&mut input, &a, Decimal::ONE - cut);
            let after = value(&input, &p);
            prop_assert!((after.value - e.hurdle).abs() <= tolerance(), "{} vs {}", after.value, e.hurdle);
        }
    }

    /// Setting the concession to `concession_to_hurdle` lands the value on the hurdle,
    /// when that concession is valid (0..=1).
    #[test]
    fn concession_lands_on_the_hurdle((a, p) in valid(REALISTIC)) {
        let e = evaluate(&a, &p).unwrap();
        if let Some(c) = e.break_even.concession_to_hurdle.filter(|c| (Decimal::ZERO..=Decimal::ONE).contains(c)) {
            let mut input = AccountInput::from(a.clone());
            input.revenue.concession = c.into();
            let after = value(&input, &p);
            prop_assert!((after.value - e.hurdle).abs() <= tolerance(), "{} vs {}", after.value, e.hurdle);
        }
    }

    /// Setting the win probability to `win_probability_to_hurdle` lands a prospect's
    /// value on the hurdle, when that probability is valid (0..=1).
    #[test]
    fn win_probability_lands_on_the_hurdle((a, p) in valid(REALISTIC), share in share()) {
        // Make a prospect whose costs are small next to its sales, with a hurdle
        // drawn inside the value it could reach, so that the figure is often valid.
        let mut input = AccountInput::from(a.clone());
        input.stage = "prospect".into();
        scale_costs(&mut input, &a, d("0.01"));
        input.acquisition = keyaccount::input::AcquisitionInput::default();
        input.acquisition.tender = (a.acquisition().total() * d("0.01")).into();
        let a = input.validate().unwrap();
        // η = q δ LV − A puts the break-even probability at q whenever LV > 0.
        let reach = schedule(&a, &p).unwrap().lifetime_value;
        let delay = evaluate(&a, &p).unwrap().delay_factor.unwrap();
        let eta = share * delay * reach - a.acquisition().total();
        let mut policy = PolicyInput::from(&p);
        let limit = d("1000000000000000");
        policy.hurdle = HurdleInput::One(eta.clamp(-limit, limit).round_dp(2).into());
        let p = policy.validate().unwrap();
        let e = evaluate(&a, &p).unwrap();
        if let Some(w) = e.break_even.win_probability_to_hurdle.filter(|w| (Decimal::ZERO..=Decimal::ONE).contains(w)) {
            let mut input = AccountInput::from(a.clone());
            input.pursuit.win_probability = w.into();
            let after = value(&input, &p);
            prop_assert!((after.value - e.hurdle).abs() <= tolerance(), "{} vs {}", after.value, e.hurdle);
        }
    }

    /// The schedule's discounted column sums to LV for an active account, and to
    /// LV − O = (V + A) / (P δ) for a prospect, whose year 0 is onboarding.
    #[test]
    fn schedule_sums_to_the_lifetime_value((a, p) in valid(REALISTIC)) {
        let e = evaluate(&a, &p).unwrap();
        let s = schedule(&a, &p).unwrap();
        let total: Decimal = s.years.iter().map(|y| y.discounted).sum();
        prop_assert_eq!(total, s.lifetime_value);
        let prospect = a.stage() == Stage::Prospect;
        prop_assert_eq!(s.years.len() as u32, p.horizon_years() + u32::from(prospect));
        if prospect {
            prop_assert_eq!(s.years[0].discounted, -a.acquisition().onboarding);
        }
        match (e.win_probability, e.delay_factor) {
            (Some(pw), Some(delta)) => {
                let rebuilt = pw * delta * s.lifetime_value + e.components.acquisition;
                prop_assert!((rebuilt - e.value).abs() <= tolerance(), "{} vs {}", rebuilt, e.value);
            }
            _ => prop_assert!((s.lifetime_value - e.value).abs() <= tolerance()),
        }
    }

    /// Without compensation (k = 0), halving one risk never lowers the value of an
    /// account whose every year's expected discounted flow, re-tender costs
    /// included, is positive at the higher risk. (For a loss-making account an
    /// earlier end is good news, so the law claims nothing there.)
    #[test]
    fn lower_risk_raises_a_profitable_accounts_value((a, p) in valid(REALISTIC), which in 0usize..7) {
        let mut input = AccountInput::from(a.clone());
        input.risk.termination_compensation = Raw::from(Decimal::ZERO);
        // Small costs make most generated accounts profitable, so the law is tested
        // often; the condition below still decides.
        scale_costs(&mut input, &a, d("0.1"));
        let base = input.validate().unwrap();
        let before = evaluate(&base, &p).unwrap();
        let rows = schedule(&base, &p).unwrap();
        // With k = 0 each year's discounted flow is a_t (d_t [s X_t − C_t] − v^t z_t s θ T);
        // when every such flow is positive a higher s raises each a_t term.
        let profitable = rows.years.iter().filter(|y| y.year > 0).all(|y| y.discounted > Decimal::ZERO);
        if profitable {
            let risk = Risk::ALL[which];
            let halved = base.risk().probability(risk) / Decimal::TWO;
            input.risk.set(risk, halved);
            prop_assert!(value(&input, &p).value >= before.value - tolerance());
        }
    }

    /// An account survives a round trip through JSON unchanged (every v3 input
    /// too), as through its builder, and so does its evaluation.
    #[test]
    fn serde_round_trips((a, p) in valid_v3(EXTREME)) {
        let text = serde_json::to_string(&a).unwrap();
        let back: Account = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &a);
        prop_assert_eq!(&keyaccount::read::account(text.as_bytes()).unwrap(), &a);
        prop_assert_eq!(&a.to_builder().build().unwrap(), &a);
        prop_assert_eq!(&p.to_builder().build().unwrap(), &p);
        let e = evaluate(&a, &p).unwrap();
        let back: Evaluation = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        prop_assert_eq!(back, e);
        let policy_back: Policy = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        prop_assert_eq!(policy_back, p);
    }

    /// Reading and validating arbitrary JSON never panics: it is a valid account or
    /// an error with at least one problem.
    #[test]
    fn arbitrary_json_never_panics(text in "\\{(\"[a-z_]{1,12}\": ?(\"[-0-9a-z.,%]{0,8}\"|-?[0-9]{1,5}(\\.[0-9]{1,3})?|true|null|\\{\\}|\\[\\]), ?){0,6}\"id\": \"x\"\\}") {
        if let Ok(input) = serde_json::from_str::<AccountInput>(&text) {
            if let Err(e) = input.validate() {
                prop_assert!(!e.problems().is_empty());
            }
        }
        // The exact reader: a valid account, or an error that says what is wrong.
        if let Err(e) = keyaccount::read::account(text.as_bytes()) {
            prop_assert!(!e.messages().is_empty());
        }
    }
}

proptest! {
    /// A term whose renewals lose nothing (h_R = 0: no re-tender and no lapse) and
    /// cost nothing values exactly like no term at all, where the supplier does
    /// not use its exit option (with it, a term also limits when it may stop).
    #[test]
    fn a_term_that_never_ends_values_like_no_term((a, p) in valid(REALISTIC), term in 1u32..=6) {
        let p = p.to_builder().exit_option(false).build().unwrap();
        let open = AccountInput::from(a.clone());
        let mut open = open;
        open.contract = keyaccount::input::ContractInput::default();
        let without = value(&open, &p);
        let with = evaluate(&a.to_builder().term_years(term).years_elapsed(0).retender_probability(Decimal::ZERO)
            .nonrenewal(Decimal::ZERO).retender_cost(Decimal::ZERO).build().unwrap(), &p).unwrap();
        prop_assert!((with.value - without.value).abs() <= tolerance(), "{} vs {}", with.value, without.value);
        prop_assert_eq!(with.renewal_survival, Some(Decimal::ONE));
        prop_assert_eq!(without.renewal_survival, None);
    }

    /// `ramp_years`, `price_down` and `cost_to_serve.inflation` given as 0 change
    /// nothing: the account values as if they were not given.
    #[test]
    fn zero_ramp_price_down_and_inflation_change_nothing((a, p) in valid(REALISTIC)) {
        let zeroed = a.to_builder().ramp_years(0).price_down(Decimal::ZERO).cost_to_serve_inflation(Decimal::ZERO).build().unwrap();
        let mut absent = AccountInput::from(&zeroed);
        absent.revenue.ramp_years = Raw::default();
        absent.revenue.price_down = Raw::default();
        absent.cost_to_serve.inflation = Raw::default();
        prop_assert_eq!(value(&absent, &p), evaluate(&zeroed, &p).unwrap());
    }

    /// A higher price-down never raises the value. It lowers every later year's
    /// billed sales, and each unit billed nets (1 − c)(1 − b − (1 − b) r D / 365) ≥ 0
    /// (r ≤ 1, D ≤ 365), also where compensation settles part of it; so the law
    /// needs no condition.
    #[test]
    fn a_higher_price_down_never_raises_value((a, p) in valid(REALISTIC), step in decimal(1, 5_000, 4)) {
        let before = evaluate(&a, &p).unwrap().value;
        let lambda = (a.revenue().price_down + step).min(d("0.5"));
        let after = evaluate(&a.to_builder().price_down(lambda).build().unwrap(), &p).unwrap().value;
        prop_assert!(after <= before + tolerance(), "{} > {}", after, before);
    }

    /// Each row of the sensitivity table is the value with that input moved, all
    /// else held: checked by valuing the moved account directly. Swings are sorted.
    #[test]
    fn sensitivity_rows_are_direct_valuations((a, p) in valid(REALISTIC)) {
        let table = sensitivity(&a, &p).unwrap();
        prop_assert!(table.rows.windows(2).all(|w| w[0].swing >= w[1].swing));
        prop_assert!((table.value - evaluate(&a, &p).unwrap().value).abs() <= tolerance());
        let sigma = p.sensitivity_step();
        let row = |name: &str| table.rows.iter().find(|r| r.input == name).unwrap().clone();
        for (factor, pick) in [(Decimal::ONE - sigma, 0), (Decimal::ONE + sigma, 1)] {
            let side = |r: &keyaccount::SensitivityRow| if pick == 0 { r.minus } else { r.plus };
            let limit = d("1000000000000000");
            let rev = a.revenue();
            let moved = a.to_builder()
                .revenue((rev.annual * factor).min(limit), rev.gross_margin)
                .build().unwrap();
            let direct = evaluate(&moved, &p).unwrap().value;
            prop_assert!((side(&row("revenue.annual")) - direct).abs() <= tolerance(), "annual {} vs {}", side(&row("revenue.annual")), direct);
            let moved = a.to_builder().concession((rev.concession * factor).min(Decimal::ONE)).build().unwrap();
            let direct = evaluate(&moved, &p).unwrap().value;
            prop_assert!((side(&row("revenue.concession")) - direct).abs() <= tolerance());
            let risk = Risk::Political;
            let moved = a.to_builder().risk(risk, (a.risk().probability(risk) * factor).min(Decimal::ONE)).build().unwrap();
            let direct = evaluate(&moved, &p).unwrap().value;
            prop_assert!((side(&row("risk.political")) - direct).abs() <= tolerance());
            let rate = (p.discount_rate_for(a.currency()) * factor).min(Decimal::ONE);
            let moved_policy = p.to_builder().discount_rate_for(a.currency(), rate).build().unwrap();
            let direct = evaluate(&a, &moved_policy).unwrap().value;
            prop_assert!((side(&row("discount_rate")) - direct).abs() <= tolerance());
            if let Some(contract) = a.contract() {
                let moved = a.to_builder().retender_cost((contract.retender_cost * factor).min(limit)).build().unwrap();
                let direct = evaluate(&moved, &p).unwrap().value;
                prop_assert!((side(&row("contract.retender_cost")) - direct).abs() <= tolerance());
            }
        }
    }
}

/// The far corner of every range, v2 fields included, in every timing: money at
/// 10^15, fifty years of 50 % growth and 50 % cost inflation, a 50 % price-down,
/// rates of 0 and 1, a renewal every year. Every figure is computed, none
/// overflows, and the schedule agrees with the value within ε.
#[test]
fn the_far_corners_of_the_ranges_evaluate() {
    let top = d("1000000000000000");
    for timing in Timing::ALL {
        for (growth, inflation, price_down, rate) in [
            (d("0.5"), d("0.5"), d("0"), d("0")),
            (d("0.5"), d("0.5"), d("0.5"), d("1")),
            (d("-0.5"), d("-0.5"), d("0.5"), d("0.12")),
        ] {
            for stage in Stage::ALL {
                let mut b = Account::builder("X", Currency::EUR, *stage)
                    .revenue(top, Decimal::ONE)
                    .growth(growth)
                    .cost_to_serve_inflation(inflation)
                    .price_down(price_down)
                    .scale_savings(top)
                    .account_team(top)
                    .service(top)
                    .tender(top)
                    .onboarding(top)
                    .reference_annual_value(top)
                    .terms_days(365)
                    .term_years(1)
                    .retender_probability(Decimal::ONE)
                    .retender_cost(top)
                    .sales_cycle_months(120)
                    .win_probability(Decimal::ONE);
                for risk in Risk::ALL {
                    b = b.risk(*risk, d("0.0001"));
                }
                let a = b.build().unwrap();
                let p = Policy::builder()
                    .horizon_years(50)
                    .discount_rate(rate)
                    .timing(*timing)
                    .build()
                    .unwrap();
                let e = evaluate(&a, &p).unwrap_or_else(|err| panic!("{timing} {stage}: {err}"));
                assert_eq!(e.components.total(), Some(e.value));
                let s = schedule(&a, &p).unwrap();
                let won = e.value_if_won.unwrap_or(e.value);
                let eps = epsilon_if_won(&e);
                assert!(
                    (s.lifetime_value - won).abs() <= eps,
                    "{timing} {stage} g={growth} i={inflation} l={price_down} r={rate}: {} vs {won}, eps {eps}",
                    s.lifetime_value
                );
                assert!(sensitivity(&a, &p).is_ok());
            }
        }
    }
}

/// A plain per-year reference for the lifetime value without the exit option,
/// written from the model's formulas as they read: every power computed from
/// scratch each year, every flow of every year spelled out, no running index
/// products, no shortcuts: LV = Σ_{t=1..H} (G_t − X_t − a_t s_t z_t h_R Ẑ_t). It
/// takes the rates (s, and h_R from the contract) and the yearly reference value
/// before credibility from the library, so it checks the valuation's arithmetic;
/// those inputs are checked by the golden cases. Its weights times indices lose
/// digits at sales far above 10^9, so it is used at realistic sizes only.
/// Returns the lifetime components, in `Components::named` order (onboarding and
/// acquisition 0).
fn per_year_reference(a: &Account, p: &Policy, e: &Evaluation) -> [Decimal; 12] {
    fn pow(x: Decimal, n: u32) -> Decimal {
        (0..n).fold(Decimal::ONE, |acc, _| acc * x)
    }
    fn sqrt(x: Decimal) -> Decimal {
        (0..100).fold(x, |y, _| (y + x / y) / Decimal::TWO)
    }
    let one = Decimal::ONE;
    let r = p.discount_rate_for(a.currency());
    let v = one / (one + r);
    let s = e.annual_survival;
    let rev = a.revenue();
    let pay = a.payment();
    let big_c = a.cost_to_serve().total();
    let i = a.cost_to_serve().inflation;
    let k = a.risk().termination_compensation;
    let v_ref = p.reference_credibility() * a.reference().yearly().unwrap();
    let carry = r * Decimal::from(pay.terms_days + pay.delay_days) / Decimal::from(365);
    let rebate_weight = one / (one + r * Decimal::from(rev.rebate_days) / Decimal::from(365));
    let prospect = a.stage() == Stage::Prospect;
    let elapsed = if prospect {
        0
    } else {
        a.contract().map_or(0, |c| c.years_elapsed)
    };
    let z = if prospect {
        Decimal::ZERO
    } else {
        a.release().stranded_cost
    };
    let y = a.release().stranded_years;
    let mu_kappa = p.relationship_mitigation() * e.coverage;
    let horizon = p.horizon_years();
    let d = |t: u32| match p.timing() {
        Timing::End => pow(v, t),
        Timing::Start => pow(v, t - 1),
        Timing::Mid => pow(v, t) * sqrt(one + r),
        other => panic!("the reference knows no timing {other}"),
    };
    // Ẑ_t: Z for each of the min(Y, H − t) years after year t.
    let stranded_after = |t: u32| {
        (1..=y.min(horizon - t))
            .map(|j| d(t + j) * z)
            .sum::<Decimal>()
    };
    let mut sums = [Decimal::ZERO; 12];
    let mut alive = one;
    for t in 1..=horizon {
        let d_t = d(t);
        let mut s_t = s;
        for event in a.events() {
            if event.month.div_ceil(12) == t {
                let sensitive = matches!(
                    event.risk,
                    Risk::ManagementChange | Risk::StrategyChange | Risk::CompetitorDisplacement
                );
                let p_hat = if sensitive {
                    event.probability * (one - mu_kappa)
                } else {
                    event.probability
                };
                s_t *= one - p_hat;
            }
        }
        let h_t = one - s_t;
        let u = if t <= rev.ramp_years {
            Decimal::from(t) / Decimal::from(rev.ramp_years + 1)
        } else {
            one
        };
        let price = pow(one - rev.price_down, t - 1);
        let goods = pow(one - rev.cost_down, t - 1);
        let sales = rev.annual * pow(one + rev.growth, t - 1) * u;
        let billed = sales * (one - rev.concession) * price;
        let contribution = billed - sales * (one - rev.gross_margin) * goods;
        let financing = billed * (one - pay.default_rate) * carry;
        let bad_debt = billed * pay.default_rate;
        let net = contribution - financing - bad_debt;
        let rebate = rev.rebate.unwrap_or_default()
            * rev.rebate_probability
            * billed
            * (one - pay.default_rate);
        let cost = big_c * pow(one + i, t - 1);
        let renewal = a
            .contract()
            .filter(|c| t < horizon && (elapsed + t) % c.term_years == 0);
        let earned = d_t * alive * s_t;
        sums[0] += earned * contribution;
        sums[1] += earned * rev.scale_savings * u;
        sums[2] += earned * v_ref;
        sums[3] -= earned * financing;
        sums[4] -= earned * bad_debt;
        sums[5] -= pow(v, t) * rebate_weight * alive * s_t * rebate;
        sums[6] += d_t * alive * h_t * k * net;
        sums[7] -= d_t * alive * cost;
        sums[8] -= alive * h_t * stranded_after(t);
        if let Some(c) = renewal {
            let inside = Decimal::from(c.term_years.min(horizon - t)) / Decimal::from(c.term_years);
            sums[9] -= pow(v, t) * alive * s_t * c.retender_probability * c.retender_cost * inside;
            let loss = c.renewal_loss().unwrap();
            sums[8] -= alive * s_t * loss * stranded_after(t);
            alive = alive * s_t * (one - loss);
        } else {
            alive *= s_t;
        }
    }
    sums
}

proptest! {
    /// The valuation (running products, flat indices skipped) agrees, without the
    /// exit option, with the plain per-year reference within the model's ε on every component and on the
    /// lifetime value, so every value shown in cents is the same digit for digit
    /// except within ε of a rounding midpoint. For a prospect the comparison is on
    /// the value if won, LV − O.
    #[test]
    fn valuation_agrees_with_a_plain_per_year_reference((a, p) in valid_v3(REALISTIC)) {
        let p = p.to_builder().exit_option(false).build().unwrap();
        let e = evaluate(&a, &p).unwrap();
        let reference = per_year_reference(&a, &p, &e);
        let lifetime: Decimal = reference.iter().sum();
        let eps = epsilon_if_won(&e);
        match a.stage() {
            Stage::Prospect => {
                let won = lifetime - a.acquisition().onboarding;
                let got = e.value_if_won.unwrap();
                prop_assert!((got - won).abs() <= eps, "value if won {} vs reference {}", got, won);
            }
            _ => {
                prop_assert!((e.value - lifetime).abs() <= eps, "value {} vs reference {}", e.value, lifetime);
                for ((name, got), want) in e.components.named().iter().zip(reference) {
                    prop_assert!((*got - want).abs() <= eps, "{} {} vs reference {}", name, got, want);
                }
            }
        }
    }
}

/// The model's ε for an evaluation: 10^-6, or 10^-22 of the components' sizes.
fn epsilon(e: &Evaluation) -> Decimal {
    let size: Decimal = e.components.named().iter().map(|(_, x)| x.abs()).sum();
    tolerance().max(size * Decimal::new(1, 22))
}

proptest! {
    /// The exit option never lowers the value: the supplier only stops where going
    /// on is worth less.
    #[test]
    fn the_exit_option_never_lowers_the_value((a, p) in valid_v3(REALISTIC)) {
        let with = evaluate(&a, &p.to_builder().exit_option(true).build().unwrap()).unwrap();
        let without = evaluate(&a, &p.to_builder().exit_option(false).build().unwrap()).unwrap();
        prop_assert!(with.value >= without.value - epsilon(&with), "{} < {}", with.value, without.value);
        prop_assert_eq!(without.exit_year, None);
    }

    /// A break-even figure inside its input's valid range, applied to the account,
    /// lands on the bar: the cost cut and the concession exactly (within ε), the
    /// payment days (whole days in an account) between the whole days around it.
    #[test]
    fn break_even_figures_land_on_the_bar((a, p) in valid_v3(REALISTIC)) {
        let e = evaluate(&a, &p).unwrap();
        let eps = epsilon(&e) * Decimal::TEN;
        if let Some(x) = e.break_even.cost_cut_to_hurdle.filter(|x| (Decimal::ZERO..=Decimal::ONE).contains(x)) {
            let mut input = AccountInput::from(a.clone());
            scale_costs(&mut input, &a, Decimal::ONE - x);
            let there = value(&input, &p).value;
            prop_assert!((there - e.bar).abs() <= eps, "cost cut {}: {} vs bar {}", x, there, e.bar);
        }
        if let Some(c) = e.break_even.concession_to_hurdle.filter(|c| (Decimal::ZERO..=Decimal::ONE).contains(c)) {
            let there = evaluate(&a.to_builder().concession(c).build().unwrap(), &p).unwrap().value;
            prop_assert!((there - e.bar).abs() <= eps, "concession {}: {} vs bar {}", c, there, e.bar);
        }
        let days = Decimal::from(a.payment().terms_days);
        if let Some(x) = e.break_even.terms_cut_to_hurdle.filter(|x| *x >= Decimal::ZERO && *x <= days) {
            // More days never raise the value, so the bar lies between the whole
            // days around the figure.
            let at = |cut: Decimal| {
                let left = a.payment().terms_days - u32::try_from(cut.mantissa() / 10i128.pow(cut.scale())).unwrap();
                evaluate(&a.to_builder().terms_days(left).build().unwrap(), &p).unwrap().value
            };
            prop_assert!(at(x.ceil()) >= e.bar - eps, "{} days cut", x.ceil());
            prop_assert!(at(x.floor()) <= e.bar + eps, "{} days cut", x.floor());
        }
    }

    /// The package at `package_to_hurdle` reaches the bar, and one step less
    /// does not (the bisection's answer); above the bar the share is 0.
    #[test]
    fn the_package_reaches_the_bar_and_one_step_less_does_not((a, p) in valid_v3(REALISTIC)) {
        let e = evaluate(&a, &p).unwrap();
        let eps = epsilon(&e);
        match e.break_even.package_to_hurdle {
            Some(share) if share > Decimal::ZERO => {
                let step = Decimal::new(1, 4);
                prop_assert!(package_value(&a, &p, share).unwrap() >= e.bar - eps);
                prop_assert!(package_value(&a, &p, share - step).unwrap() < e.bar + eps);
                prop_assert_eq!(e.package.map(|k| k.share), Some(share));
            }
            Some(_) => prop_assert!(e.value >= e.bar),
            None => {
                let whole = a.stage() == Stage::Prospect || package_value(&a, &p, Decimal::ONE).unwrap() < e.bar + eps;
                prop_assert!(whole);
            }
        }
    }

    /// A dated event inside the horizon with probability 0 changes no figure
    /// but the list of drivers.
    #[test]
    fn an_event_with_probability_zero_changes_nothing_but_the_drivers(
        (a, p) in valid_v3(REALISTIC),
        month in 1u32..=12,
        risk in 0usize..7,
    ) {
        prop_assume!(a.events().len() < 16);
        let month = month * p.horizon_years();
        let mut before = evaluate(&a, &p).unwrap();
        let mut after = evaluate(&a.to_builder().event(month, Risk::ALL[risk], Decimal::ZERO).build().unwrap(), &p).unwrap();
        prop_assert_eq!(after.drivers.len(), before.drivers.len() + 1);
        before.drivers.clear();
        after.drivers.clear();
        prop_assert_eq!(before, after);
    }

    /// A rebate of 0 changes nothing, whatever its probability and days.
    #[test]
    fn a_rebate_of_zero_changes_nothing(
        (a, p) in valid_v3(REALISTIC),
        probability in decimal(0, 10_000, 4),
        days in 0u32..=365,
    ) {
        // The account with no rebate given at all.
        let mut absent = AccountInput::from(a.clone());
        absent.revenue.rebate = Raw::default();
        absent.revenue.rebate_probability = Raw::default();
        absent.revenue.rebate_days = Raw::default();
        let none = value(&absent, &p);
        let zero = a.to_builder().rebate(Decimal::ZERO).rebate_probability(probability).rebate_days(days).build().unwrap();
        prop_assert_eq!(evaluate(&zero, &p).unwrap(), none);
    }
}

/// A typed change and the same change as the account JSON writes it (`None`
/// for "not given"): values inside and a little outside each field's range.
fn change() -> impl Strategy<Value = (Change, &'static str, Option<serde_json::Value>)> {
    use serde_json::json;
    let text = |d: Decimal| Some(json!(d.to_string()));
    prop_oneof![
        decimal(-1_000, 20_000, 4).prop_map(move |v| (
            Change::GrossMargin(v),
            "revenue.gross_margin",
            text(v)
        )),
        decimal(-1_000, 20_000, 4).prop_map(move |v| (
            Change::Concession(v),
            "revenue.concession",
            text(v)
        )),
        decimal(-6_000, 6_000, 4).prop_map(move |v| (Change::Growth(v), "revenue.growth", text(v))),
        (0u32..=12).prop_map(|n| (Change::RampYears(n), "revenue.ramp_years", Some(json!(n)))),
        prop::option::of(decimal(0, 12_000, 4)).prop_map(move |v| (
            Change::Rebate(v),
            "revenue.rebate",
            v.and_then(text)
        )),
        // A field that counts only with another is not given at its default.
        decimal(0, 12_000, 4).prop_map(move |v| (
            Change::RebateProbability(v),
            "revenue.rebate_probability",
            text(v).filter(|_| v != Decimal::ONE)
        )),
        (0u32..=400).prop_map(|n| (Change::TermsDays(n), "payment.terms_days", Some(json!(n)))),
        (0u32..=400).prop_map(|n| (Change::DelayDays(n), "payment.delay_days", Some(json!(n)))),
        money(2_000_000).prop_map(move |v| (
            Change::AccountTeam(v),
            "cost_to_serve.account_team",
            text(v)
        )),
        decimal(-6_000, 6_000, 4).prop_map(move |v| (
            Change::CostToServeInflation(v),
            "cost_to_serve.inflation",
            text(v)
        )),
        share().prop_map(move |v| (Change::Risk(Risk::Political, v), "risk.political", text(v))),
        prop::option::of(0u32..=52).prop_map(|n| (
            Change::TermYears(n),
            "contract.term_years",
            n.map(|n| json!(n))
        )),
        (0u32..=12).prop_map(|n| (
            Change::YearsElapsed(n),
            "contract.years_elapsed",
            Some(json!(n)).filter(|_| n != 0)
        )),
        share().prop_map(move |v| (
            Change::RetenderProbability(v),
            "contract.retender_probability",
            text(v).filter(|_| !v.is_zero())
        )),
        prop::option::of(share()).prop_map(move |v| (
            Change::WinProbability(v),
            "pursuit.win_probability",
            v.and_then(text)
        )),
        (0u32..=60).prop_map(|n| (
            Change::StrandedYears(n),
            "release.stranded_years",
            Some(json!(n))
        )),
        any::<bool>().prop_map(|b| (Change::ImageCritical(b), "image_critical", Some(json!(b)))),
    ]
}

/// Sets (or, for `None`, removes) the leaf at a dotted path of an account's JSON.
fn set_path(json: &mut serde_json::Value, path: &str, value: Option<serde_json::Value>) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let leaf = parts.pop().unwrap();
    let mut node = json;
    for part in parts {
        node = node
            .as_object_mut()
            .unwrap()
            .entry(part)
            .or_insert_with(|| serde_json::json!({}));
    }
    let object = node.as_object_mut().unwrap();
    match value {
        Some(v) => {
            object.insert(leaf.to_owned(), v);
        }
        None => {
            object.remove(leaf);
        }
    }
}

proptest! {
    /// A what-if applied with typed changes, checking only the parts it changed,
    /// is the account a file with those fields changed validates to: the same
    /// account, or an error naming the same fields.
    #[test]
    fn typed_changes_validate_as_the_changed_file_does(
        (account, _) in valid_v3(REALISTIC),
        changes in prop::collection::vec(change(), 0..4),
    ) {
        let typed: Vec<Change> = changes.iter().map(|c| c.0.clone()).collect();
        let mut json = serde_json::to_value(&account).unwrap();
        for (_, path, value) in &changes {
            set_path(&mut json, path, value.clone());
        }
        let from_file = serde_json::from_value::<Account>(json);
        match (account.with_changes(&typed), from_file) {
            (Ok(changed), Ok(expected)) => prop_assert_eq!(changed, expected),
            (Err(error), Err(expected)) => {
                let expected = expected.to_string();
                prop_assert!(!error.problems().is_empty());
                for problem in error.problems() {
                    prop_assert!(expected.contains(&problem.to_string()), "{} not in {}", problem, expected);
                }
                prop_assert_eq!(error.id(), Some(account.id()));
            }
            (typed, file) => prop_assert!(false, "typed {:?}, file {:?}", typed.map(|_| ()), file.map(|_| ())),
        }
        if typed.is_empty() {
            prop_assert_eq!(account.with_changes(&[]).unwrap(), account);
        }
    }
}

proptest! {
    /// The negotiation desk's laws: a proposal without changes changes nothing;
    /// the own effects and the interaction add up to the whole effect; one
    /// point of concession is worth -1 point; every proposal gets a result.
    #[test]
    fn a_negotiation_adds_up(
        (account, policy) in valid_v3(REALISTIC),
        proposals in prop::collection::vec(prop::collection::vec(change(), 0..4), 0..4),
    ) {
        let mut list = vec![keyaccount::Proposal::new("as it is", Vec::new())];
        list.extend(proposals.iter().enumerate().map(|(i, changes)| {
            keyaccount::Proposal::new(format!("p{i}"), changes.iter().map(|c| c.0.clone()).collect())
        }));
        let desk = keyaccount::negotiate(&account, &policy, &list).unwrap();
        prop_assert_eq!(desk.proposals.len(), list.len());
        let size: Decimal = desk.as_is.components.named().iter().map(|(_, x)| x.abs()).sum();
        let eps = tolerance().max(size * Decimal::new(1, 22));
        let unchanged = desk.proposals[0].outcome.as_ref().unwrap();
        prop_assert_eq!(unchanged.delta.value, Decimal::ZERO);
        prop_assert!(unchanged.delta.components.named().iter().all(|(_, x)| x.is_zero()));
        prop_assert_eq!(unchanged.interaction, Some(Decimal::ZERO));
        for (result, proposal) in desk.proposals.iter().zip(&list) {
            let Ok(v) = &result.outcome else {
                prop_assert!(account.with_changes(&proposal.changes).is_err());
                continue;
            };
            // The changes keep their order.
            let order: Vec<&keyaccount::Change> = v.effects.iter().map(|e| &e.change).collect();
            prop_assert_eq!(order, proposal.changes.iter().collect::<Vec<_>>());
            if let Some(interaction) = v.interaction {
                let own: Decimal = v.effects.iter().filter_map(|e| e.delta).sum();
                prop_assert!((own + interaction - v.delta.value).abs() <= eps);
            } else {
                prop_assert!(v.effects.iter().any(|e| e.delta.is_none()));
            }
            let parts = v.delta.components.total().unwrap();
            prop_assert!((parts - v.delta.value).abs() <= eps);
            // A change's own effect is valued exactly as the whole proposal is.
            if let [only] = v.effects.as_slice() {
                prop_assert_eq!(only.delta, Some(v.delta.value));
                prop_assert_eq!(v.interaction, Some(Decimal::ZERO));
            }
        }
        let concession = &desk.give_get[0];
        if let Some(points) = concession.points {
            prop_assert_eq!(points, -Decimal::ONE);
        }
    }

    /// Where no exit year moves, two steps of a linear lever (concession, payment
    /// days, cost to serve) are worth twice one step.
    #[test]
    fn two_steps_of_a_linear_lever_are_worth_twice_one(
        (account, policy) in valid_v3(REALISTIC),
    ) {
        let value = |changes: &[Change]| {
            account
                .with_changes(changes)
                .ok()
                .and_then(|a| evaluate(&a, &policy).ok())
                .map(|e| (e.value, e.exit_year))
        };
        let as_is = value(&[]).unwrap();
        let eps = tolerance() * Decimal::TEN;
        let c = account.cost_to_serve();
        let scaled = |f: Decimal| {
            vec![
                Change::AccountTeam(c.account_team * f),
                Change::Service(c.service * f),
                Change::Customization(c.customization * f),
                Change::ReferenceProgram(c.reference_program * f),
                Change::CostToServeOther(c.other * f),
            ]
        };
        let r = account.revenue();
        let steps = [
            (
                vec![Change::Concession(r.concession + d("0.01"))],
                vec![Change::Concession(r.concession + d("0.02"))],
            ),
            (
                vec![Change::TermsDays(account.payment().terms_days + 10)],
                vec![Change::TermsDays(account.payment().terms_days + 20)],
            ),
            (scaled(d("1.01")), scaled(d("1.02"))),
        ];
        for (one, two) in steps {
            let (Some(one), Some(two)) = (value(&one), value(&two)) else {
                continue;
            };
            if one.1 == as_is.1 && two.1 == as_is.1 {
                let (d1, d2) = (one.0 - as_is.0, two.0 - as_is.0);
                prop_assert!((d2 - d1 * Decimal::TWO).abs() <= eps, "{} vs 2 × {}", d2, d1);
            }
        }
    }
}
