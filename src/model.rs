//! # The valuation model, formula by formula
//!
//! This page explains every number the crate reports, so that a finance team can
//! audit it with a spreadsheet. Symbols in brackets are the input fields of
//! [`AccountInput`](crate::input::AccountInput) and [`PolicyInput`](crate::input::PolicyInput).
//!
//! This is model version 2 ([`MODEL_VERSION`](crate::MODEL_VERSION)); every output
//! names it.
//!
//! ## Conventions
//!
//! - Money is `rust_decimal::Decimal`, one currency per account. Amounts in
//!   different currencies are never added together.
//! - Rates are fractions: `0.12` is 12 %.
//! - Years run `t = 1..=H` (`horizon_years`, default 5), with `v = 1 / (1 + r)` and
//!   `r` the account's cost of capital: its currency's entry in `discount_rates`,
//!   else `discount_rate` (default 0.12). A year's flows are discounted with
//!   `d_t = v^t τ`, where the policy's `timing` sets `τ`: `end` (default) `τ = 1`;
//!   `mid` `τ = √(1 + r)`, i.e. `v^(t − 1/2)`, the mid-year convention of corporate
//!   valuation; `start` `τ = 1 + r`, i.e. `v^(t − 1)`. Re-tender costs fall at a
//!   renewal, the end of their year, and are always discounted with `v^t`.
//!   The square root is a checked Newton iteration in `Decimal` (tested against a
//!   60-digit reference), never a float.
//! - Arithmetic keeps Decimal's 28 significant digits and is checked: an overflow
//!   is an [`ErrorKind::Overflow`](crate::ErrorKind::Overflow), never a wrong number.
//!   Nothing is rounded until a value is shown ([`display`](crate::display)); the
//!   rounded components therefore need not add up to the rounded value, while the
//!   unrounded ones add up exactly.
//!
//! ## How long the contract lasts
//!
//! Seven events can end a contract in any year, each with a yearly probability
//! `p_k` (`risk.*`): a change of owner, of management or of strategy, a political
//! turn, a strike, a reputational event, a rival displacing the supplier.
//!
//! Personal contacts across the client's decision-making unit
//! (`relationship.roles`) give early warning of three of them: management change,
//! strategy change and competitor displacement. Each of the seven roles is
//! covered, uncovered, absent at this client (`present: false`, or `absent` in a
//! CSV cell), or not listed, which counts as uncovered: not knowing who decides is
//! itself a risk. The **coverage**
//!
//! ```text
//! κ = Σ weights of covered roles / Σ weights of all roles not absent   (0 if that is 0)
//! ```
//!
//! uses the policy's `role_weights` (user 1, preparer 1, approver 2, budget holder 2,
//! final decision 3, legal 1, procurement 1). Those three risks are cut to
//! `q_k = p_k (1 − μ κ)`, with `μ` the `relationship_mitigation` (default 0.5:
//! full coverage halves them). The other four are not mitigated: `q_k = p_k`.
//!
//! The yearly hazard is `h = 1 − Π (1 − q_k)` and the **annual survival**
//! `s = 1 − h`.
//!
//! A contract with a term (`contract.term_years` `L`) is renewed at the ends of
//! the years `t = 1..=H−1` where `e + t` is a multiple of `L` (`e` the
//! `years_elapsed` of an active account; a prospect's first term starts when
//! revenue starts, so `e = 0`). A renewal at the end of year `H` would only change
//! years beyond the horizon, so it is not counted. At a renewal the client
//! re-tenders with probability `θ` (`retender_probability`) and the supplier wins
//! with `w` (`incumbent_win_probability`, default 0.6), or lets the contract lapse
//! with `ν` (`nonrenewal`); the contract is lost with `h_R = θ (1 − w) + (1 − θ) ν`,
//! and the **renewal survival** is `1 − h_R`. The account is alive at the start of
//! year `t` with weight `a_t`: `a_1 = 1`, `a_(t+1) = a_t s (1 − z_t h_R)`, with
//! `z_t = 1` at a renewal. **Expected years** is `Σ_{t=1..H} a_t s`.
//!
//! ## One year's flows
//!
//! - Volume share `u_t = t / (J + 1)` for `t ≤ J` (`revenue.ramp_years`), else 1;
//!   price index `π_t = (1 − λ)^(t−1)` (`revenue.price_down`).
//! - List-price sales `R_t = R (1 + g)^(t−1) u_t` (`revenue.annual`,
//!   `revenue.growth`): volume at year-1 list prices. Billed sales are
//!   `R_t (1 − c) π_t`.
//! - Contribution `K_t = R_t [(1 − c) π_t − (1 − m)]`: billed sales less the cost of
//!   the goods, which price-downs do not lower (with `λ = 0` this is `R_t (m − c)`).
//! - Financing `F_t = R_t (1 − c) π_t (1 − b) × r × D / 365`, `D` the terms plus the
//!   delay in days: simple interest on what is collected, for as long as it is
//!   outstanding.
//! - Bad debt `B_t = R_t (1 − c) π_t b`, with `b` the `payment.default_rate`.
//! - Net contribution `N_t = K_t − F_t − B_t`.
//! - Scale savings `S_t = S u_t` (`revenue.scale_savings`): the stable order book
//!   that brings them is not all there while the volume ramps up.
//! - Reference value `V_ref = ρ × (annual_value + Σ per_year × margin_per_use ×
//!   probability)`, haircut by the policy's `reference_credibility` `ρ`.
//! - Cost to serve `C_t = C (1 + i)^(t−1)`: the sum of `cost_to_serve.*`,
//!   changing by `cost_to_serve.inflation` a year.
//!
//! ## Value of an active account
//!
//! What the account earns in a year needs it to survive the year (weight `a_t s`).
//! Cost to serve is committed at the start of the year (weight `a_t`). When an
//! event ends the contract during year `t` (weight `a_t h`), a share `k`
//! (`risk.termination_compensation`) of that year's net contribution is still
//! settled; a contract lost at a renewal is not compensated. At a renewal the
//! account, alive at the end of year `t`, is re-tendered with probability `θ`, and
//! the bid costs `T` (`retender_cost`). The lifetime value is
//!
//! ```text
//! LV = Σ_{t=1..H} ( d_t [ a_t s (N_t + S_t + V_ref) + a_t h k N_t − a_t C_t ] − v^t z_t a_t s θ T )
//! ```
//!
//! reported as ten components, each a present value:
//!
//! | component | formula |
//! |---|---|
//! | `contribution` | `Σ d_t a_t s K_t` |
//! | `scale_savings` | `Σ d_t a_t s S_t` |
//! | `reference` | `Σ d_t a_t s V_ref` |
//! | `financing` | `−Σ d_t a_t s F_t` |
//! | `bad_debt` | `−Σ d_t a_t s B_t` |
//! | `compensation` | `Σ d_t a_t h k N_t` |
//! | `cost_to_serve` | `−Σ d_t a_t C_t` |
//! | `retender` | `−Σ v^t z_t a_t s θ T` |
//! | `onboarding` | `0` |
//! | `acquisition` | `0` |
//!
//! The value `V` is the sum of the components, so they add up to it exactly. The
//! crate accumulates eight weighted sums over the years and applies the constant
//! rates once (see `valuation.rs`), which is exact in the model's arithmetic.
//!
//! With only sales and margin, `s` the retention, `end` timing and a long horizon,
//! `LV` tends to `R m s / (1 + r − s)`, the margin multiple of Gupta and Lehmann
//! (2003).
//!
//! ## Value of a prospect
//!
//! - **Win probability** `P`: `pursuit.win_probability` when given. Otherwise the
//!   odds start at `1 / (n + 1)` for `n` rival bidders (the status quo always bids,
//!   so with no rivals the odds are even) and are multiplied by the policy's
//!   `evidence_odds` for each piece of evidence that is true (need confirmed 1.5,
//!   decision process mapped 1.3, economic buyer engaged 1.5, champion 2.0,
//!   incumbent entrenched 0.5); `P = o / (1 + o)`.
//! - **Delay factor** `δ = v^⌊M/12⌋ / (1 + r (M mod 12) / 12)` for a sales cycle of
//!   `M` months: compound over whole years, simple interest for the months that
//!   remain; no termination risk during the cycle.
//! - **Onboarding** `O` (`acquisition.onboarding`) is spent when revenue starts, if
//!   won: the component `onboarding` is `−P δ O`.
//! - Each component of `LV` is multiplied by `P δ`, and `acquisition` is `−A`, the
//!   sum of the other `acquisition.*`, spent now and undiscounted, win or lose. So
//!   `V = P δ (LV − O) − A`.
//!
//! For an active account the acquisition and onboarding costs are history: they
//! are reported as 0, and `pursuit` is ignored (all are still validated, and a
//! warning says so when they hold anything).
//!
//! ## Verdict
//!
//! With the hurdle `η` for the account's currency (the policy's `hurdle`, one
//! amount or one per currency, 0 for a currency not in the map),
//! `PVC = Σ d_t a_t C_t` (times `P δ` for a prospect), and the slope `dV/dc`
//! below, the first matching row decides:
//!
//! | stage | condition | verdict |
//! |---|---|---|
//! | prospect | `V ≥ η` | `pursue` |
//! | prospect | image critical | `pursue_strategic` |
//! | prospect | otherwise | `decline` |
//! | active | `V ≥ η` | `retain` |
//! | active | `PVC > 0` and `(η − V) / PVC ≤ φ` | `restructure` |
//! | active | `dV/dc < 0` and `(η − V) / (−dV/dc) ≤ min(ψ, c)` | `restructure` |
//! | active | image critical | `retain_strategic` |
//! | active | otherwise | `release` |
//!
//! `φ` is the policy's `max_cost_cut` (default 0.3): the largest cut of cost to
//! serve believed achievable; `ψ` its `max_concession_cut` (default 0.02): the
//! largest cut of the concession, in points of list price. The crate tests the
//! conditions multiplied out, without a division. For `restructure`, `lever` says
//! which lever reaches the hurdle on its own: `cost_to_serve`, `concession`, or
//! `both` (each alone does).
//!
//! ## Explanation
//!
//! Every [`Evaluation`](crate::Evaluation) carries the components,
//! `annual_survival`, `renewal_survival` (with a term), `expected_years`,
//! `coverage`, for prospects `win_probability` and `delay_factor`, all seven risks
//! with their effective probability `q_k`, largest first (sorted on 20 decimals,
//! ties in the order of the risk table), `top_risk` (the first, unless every risk
//! is 0), and `warnings` for valid but suspicious input. Its break-even figures are
//! exact because `V` is linear in each input they name:
//!
//! - `cost_cut_to_hurdle = (η − V) / PVC`: the share of cost to serve to remove;
//!   0 or less means headroom. Absent when `PVC = 0`.
//! - `concession_to_hurdle = c + (η − V) / (dV/dc)`: the concession at which the
//!   value meets the hurdle, every term that depends on `c` moving:
//!   `dN_t/dc = R_t π_t (−1 + (1 − b) r D / 365 + b)` and
//!   `dLV/dc = Σ d_t (a_t s + a_t h k) dN_t`, times `P δ` for a prospect. Absent
//!   when `dV/dc = 0`.
//! - `win_probability_to_hurdle = (η + A) / (δ (LV − O))`, prospects only; absent
//!   when `δ (LV − O) ≤ 0`.
//! - Each of the three ratios is also absent when it is larger than 10^6 in size (or
//!   too large to compute): no realistic change reaches the hurdle. A ratio outside
//!   `0..=1` is reported as it is and means that no feasible value of the input
//!   reaches the hurdle.
//! - `subsidy = η − V` for `retain_strategic` and `pursue_strategic` only: what
//!   keeping the image costs, never capped.
//!
//! The yearly [`Schedule`](crate::Schedule) shows, per year, the weights `a_t` and
//! `a_t s`, whether a renewal falls at its end, list-price sales, the price index,
//! each flow, cost to serve, the expected re-tender cost, the expected net flow and
//! its discounted value. For a prospect it shows the flows if won (not scaled by
//! `P δ`), after a year-0 row for onboarding; its discounted column sums to
//! `LV − O` (`LV` for an active account).
//!
//! [`sensitivity`](crate::sensitivity()) moves each input `x` to `x (1 − σ)` and
//! `x (1 + σ)` (`sensitivity_step`, default 0.1), clamped to its valid range, and
//! values again, the verdict not recomputed; the rows are sorted by swing
//! `|V⁺ − V⁻|`, largest first, equal swings in the model's order: `revenue.annual`,
//! `revenue.growth`, `revenue.gross_margin`, `revenue.concession`,
//! `revenue.price_down`, `revenue.scale_savings`, `cost_to_serve` (every item,
//! each clamped), `cost_to_serve.inflation`, `payment.days` (`D` as a number, up to
//! 365), `payment.default_rate`, the seven risks, `risk.termination_compensation`,
//! `reference` (before credibility; no upper bound), for an account with a term the
//! four `contract.*` figures, for a prospect `win_probability`, `acquisition` and
//! `acquisition.onboarding`, and last `discount_rate` (the account's `r`,
//! everywhere it appears, `δ` included).
//!
//! ## Warnings
//!
//! Valid input that is probably not what was meant is scored as given and
//! reported: a rate of 0.5 or more in `payment.default_rate`, `revenue.concession`,
//! `revenue.price_down` or a `risk.*` probability (`payment.default_rate is 1
//! (100 %); write 0.01 for 1 %`); acquisition or pursuit figures on an active
//! account, `contract.years_elapsed` on a prospect (ignored); a hurdle map without
//! the account's currency (`no hurdle set for GBP: 0 used`).
//!
//! ## Decisions this crate makes where the model is silent
//!
//! - Text cells and JSON strings are trimmed before they are read; an empty or
//!   blank value means "not given".
//! - Integer fields refuse `30.0`: a whole number is written without a point.
//! - `-0` reads as 0. A zero shown after rounding never carries a minus sign.
//! - A repeated key in a JSON object, a role listed twice, and a hurdle currency
//!   given twice are errors, not "last one wins".
//! - `reference.uses` beyond the 64th entry are reported once as too many, not
//!   validated one by one.
//! - A record that is not an object at all is reported as just that, without a
//!   list of every missing field; a flat row with the wrong number of cells is
//!   reported by its shape only, since its cells sit under the wrong columns.
//! - A blank `covered` in a decision-unit entry counts as missing: a role that is
//!   present needs `covered`; `{role, present: true}` without it is an error, and
//!   `covered` next to `present: false` is an error too.
//! - A prospect's onboarding is discounted by the sales-cycle delay only: it is
//!   spent when revenue starts, before year 1's flows.
//! - `renewal_survival` is reported whenever the contract has a term, also when no
//!   renewal falls inside the horizon.
//! - The sensitivity's `acquisition` row moves the four acquisition items;
//!   onboarding has its own row. `payment.days` moves as a real number of days.
//! - A JSON number with an exponent (`1.5E+3`) is read exactly when `Decimal`
//!   holds it; otherwise it is an error that says to write it as a string. A
//!   mantissa of more than 28 significant digits is refused, never rounded.
//! - "Acquisition or pursuit given for an active account" warns when they hold
//!   anything other than their defaults, since a serialized account writes every
//!   field.
//! - Flat header names are trimmed and matched without regard to case; a UTF-8
//!   byte-order mark before the first is ignored.
//! - Shown figures always carry exactly 2 (money) or 4 (ratios) decimals, also
//!   above 10^24 where `Decimal` itself could not add the trailing zeros.
//!
//! ## Precision
//!
//! Decimal keeps 28 significant digits, so the absolute precision of a figure
//! shrinks as it grows: below about 10^21 every figure is far inside 10^-6 of a
//! currency unit, but at the far corner of the input bounds (sales of 10^15
//! growing 50 % a year for 50 years, about 10^24 by the last year) the last digits
//! are tenths of a thousandth. The crate never rounds beyond what Decimal itself
//! must.
