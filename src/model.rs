//! # The valuation model, formula by formula
//!
//! This page explains every number the crate reports, so that a finance team can
//! audit it with a spreadsheet. Symbols in brackets are the input fields of
//! [`AccountInput`](crate::input::AccountInput) and [`PolicyInput`](crate::input::PolicyInput).
//!
//! ## Conventions
//!
//! - Money is `rust_decimal::Decimal`, one currency per account. Amounts in
//!   different currencies are never added together.
//! - Rates are fractions: `0.12` is 12 %.
//! - Years run `t = 1..=H` (`horizon_years`, default 5). Every flow moves at the end
//!   of its year and is discounted by `v^t`, with `v = 1 / (1 + r)` and `r` the
//!   `discount_rate` (default 0.12).
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
//! strategy change and competitor displacement. The **coverage**
//!
//! ```text
//! κ = Σ weights of covered roles / Σ weights of listed roles      (0 if none listed)
//! ```
//!
//! uses the policy's `role_weights` (user 1, preparer 1, approver 2, budget holder 2,
//! final decision 3, legal 1, procurement 1). Those three risks are cut to
//! `q_k = p_k (1 − μ κ)`, with `μ` the `relationship_mitigation` (default 0.5:
//! full coverage halves them). The other four are not mitigated: `q_k = p_k`.
//!
//! The yearly hazard is `h = 1 − Π (1 − q_k)` and the **annual survival**
//! `s = 1 − h`. The account is alive at the end of year `t` with probability `s^t`,
//! and **expected years** is `Σ_{t=1..H} s^t`.
//!
//! ## One year's flows
//!
//! - List-price sales `R_t = R (1 + g)^(t−1)` (`revenue.annual`, `revenue.growth`).
//!   Only sales grow; costs, savings and reference value stay flat.
//! - Contribution `K_t = R_t (m − c)`: margin `m` on list-price sales less the
//!   concession `c` the account extracts (a discount of `c` on list price removes
//!   `c` of margin).
//! - Financing `F_t = R_t (1 − c)(1 − b) × r × (terms_days + delay_days) / 365`:
//!   simple interest on what is collected, for as long as it is outstanding.
//! - Bad debt `B_t = R_t (1 − c) b`, with `b` the `payment.default_rate`.
//! - Net contribution `N_t = K_t − F_t − B_t`.
//! - Scale savings `S` (`revenue.scale_savings`), the yearly production and
//!   planning savings of a stable order book.
//! - Reference value `V_ref = ρ × (annual_value + Σ per_year × margin_per_use ×
//!   probability)`: margin won from other buyers thanks to this client's name,
//!   haircut by the policy's `reference_credibility` `ρ`.
//! - Cost to serve `C`: the sum of `cost_to_serve.*`.
//!
//! ## Value of an active account
//!
//! What the account earns in a year needs it to survive the year (weight `s^t`).
//! Cost to serve is committed at the start of the year, so it is paid whenever the
//! account is alive at the start (weight `s^(t−1)`). When the client ends the
//! contract during year `t` (weight `s^(t−1) h`), a share `k`
//! (`risk.termination_compensation`) of that year's net contribution is still
//! settled. The lifetime value is
//!
//! ```text
//! LV = Σ_{t=1..H} v^t [ s^t (N_t + S + V_ref) + s^(t−1) h k N_t − s^(t−1) C ]
//! ```
//!
//! reported as eight components, each a present value:
//!
//! | component | formula |
//! |---|---|
//! | `contribution` | `Σ v^t s^t K_t` |
//! | `scale_savings` | `Σ v^t s^t S` |
//! | `reference` | `Σ v^t s^t V_ref` |
//! | `financing` | `−Σ v^t s^t F_t` |
//! | `bad_debt` | `−Σ v^t s^t B_t` |
//! | `compensation` | `Σ v^t s^(t−1) h k N_t` |
//! | `cost_to_serve` | `−Σ v^t s^(t−1) C` |
//! | `acquisition` | `0` |
//!
//! The value `V` is the sum of the components, so they add up to it exactly.
//!
//! With only sales and margin, `s` the retention and a long horizon, `LV` tends to
//! `R m s / (1 + r − s)`, the margin multiple of Gupta and Lehmann (2003).
//!
//! ## Value of a prospect
//!
//! - **Win probability** `P`: `pursuit.win_probability` when given. Otherwise the
//!   odds start at `1 / (n + 1)` for `n` rival bidders (the status quo always bids,
//!   so with no rivals the odds are even) and are multiplied by the policy's
//!   `evidence_odds` for each piece of evidence that is true (need confirmed 1.5,
//!   decision process mapped 1.3, economic buyer engaged 1.5, champion 2.0,
//!   incumbent entrenched 0.5); `P = o / (1 + o)`.
//! - **Delay factor** `δ = 1 / (1 + r M / 12)` for a sales cycle of `M` months:
//!   simple interest for the months before the first year starts, with no
//!   termination risk during the cycle.
//! - Each component of `LV` is multiplied by `P δ`, and `acquisition` is `−A`, the
//!   sum of `acquisition.*`, spent now and undiscounted, win or lose. So
//!   `V = P δ LV − A`.
//!
//! For an active account the acquisition cost is history: it is reported as 0 and
//! `pursuit` is ignored (both are still validated).
//!
//! ## Verdict
//!
//! With the hurdle `η` for the account's currency (the policy's `hurdle`, one
//! amount or one per currency, 0 for a currency not in the map) and
//! `PVC = Σ v^t s^(t−1) C` (times `P δ` for a prospect), the first matching row
//! decides:
//!
//! | stage | condition | verdict |
//! |---|---|---|
//! | prospect | `V ≥ η` | `pursue` |
//! | prospect | image critical | `pursue_strategic` |
//! | prospect | otherwise | `decline` |
//! | active | `V ≥ η` | `retain` |
//! | active | `PVC > 0` and `(η − V) / PVC ≤ φ` | `restructure` |
//! | active | image critical | `retain_strategic` |
//! | active | otherwise | `release` |
//!
//! `φ` is the policy's `max_cost_cut` (default 0.3): the largest cut of cost to
//! serve believed achievable. The crate tests `η − V ≤ φ × PVC`, the same condition
//! without a division.
//!
//! ## Explanation
//!
//! Every [`Evaluation`](crate::Evaluation) carries the components, `annual_survival`,
//! `expected_years`, `coverage`, for prospects `win_probability` and
//! `delay_factor`, and all seven risks with their effective probability `q_k`,
//! largest first (ties in the order of the risk table). Its break-even figures are
//! exact because `V` is linear in each input they name:
//!
//! - `cost_cut_to_hurdle = (η − V) / PVC`: the share of cost to serve to remove;
//!   0 or less means headroom. Absent when `PVC = 0`.
//! - `concession_to_hurdle = c + (η − V) / (dV/dc)`: the concession at which the
//!   value meets the hurdle, every term that depends on `c` moving. Per unit of
//!   list-price sales `dN_t/dc = −1 + (1 − b) r d / 365 + b`, weighted like `N_t`
//!   (`v^t s^t`, plus `k v^t s^(t−1) h` through compensation), times `P δ` for a
//!   prospect. Absent when `dV/dc = 0`.
//! - `win_probability_to_hurdle = (η + A) / (δ LV)`, prospects only; absent when
//!   `δ LV ≤ 0`.
//! - Each of the three ratios is also absent when it is larger than 10^6 in size (or
//!   too large to compute): no realistic change reaches the hurdle. A ratio outside
//!   `0..=1` is reported as it is and means that no feasible value of the input
//!   reaches the hurdle.
//! - `subsidy = η − V` for `retain_strategic` and `pursue_strategic` only: what
//!   keeping the image costs, never capped.
//!
//! The yearly [`Schedule`](crate::Schedule) shows, per year, the survival weights,
//! list-price sales, each flow, the expected net flow and its discounted value; its
//! discounted column sums to `LV`. For a prospect it shows the flows if won.
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
//! - A blank `covered` in a decision-unit entry counts as missing (it is required).
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
