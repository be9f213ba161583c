//! # The valuation model, formula by formula
//!
//! This page explains every number the crate reports, so that a finance team can
//! audit it with a spreadsheet. Symbols in brackets are the input fields of
//! [`AccountInput`](crate::input::AccountInput) and [`PolicyInput`](crate::input::PolicyInput).
//!
//! This is model version 3 ([`MODEL_VERSION`](crate::MODEL_VERSION)); every output
//! names it.
//!
//! ## What is new in model 3
//!
//! - **The exit option** (the policy's `exit_option`, on by default). The
//!   supplier no longer has to deliver at a loss to the horizon's end: at a
//!   renewal (or at any year end, for an account without a term) it stops when
//!   the rest of the horizon is worth less than stopping. New figure `exit_year`.
//! - **Dated events** (`events`): a one-off chance, in a given month, that a named
//!   cause ends the contract, beside the seven flat yearly risks.
//! - **Our own productivity** (`revenue.cost_down`), **off-invoice rebates**
//!   (`revenue.rebate`, with `rebate_probability` and `rebate_days`; new component
//!   `rebate`) and **costs that stay** after the relationship ends
//!   (`release.stranded_cost` for `release.stranded_years`; new component
//!   `stranded`, new figure `release_value`).
//! - **A hurdle that grows** with the account (`hurdle_per_revenue`) or with what a
//!   pursuit costs (`hurdle_per_pursuit`); new figure `hurdle`.
//! - **Two more `restructure` rows**: payment terms alone (`max_terms_cut`) and a
//!   balanced package of all three levers; new figures `terms_cut_to_hurdle` and
//!   `package_to_hurdle`. Every lever is now judged by valuing the account again
//!   with the lever moved, and every break-even figure is found the same way.
//! - A re-tender late in the horizon is charged only for the share of the new term
//!   that falls inside the horizon.
//!
//! An account and a policy that use none of the new fields value as in model 2,
//! except where the exit option stops supplying or a late bid is charged in part.
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
//!   renewal, the end of their year, and are always discounted with `v^t`; the
//!   rebate has its own discount (below).
//!   The square root is a checked Newton iteration in `Decimal` (tested against a
//!   60-digit reference), never a float.
//! - Arithmetic keeps Decimal's 28 significant digits and is checked: an overflow
//!   is an [`ErrorKind::Overflow`](crate::ErrorKind::Overflow), never a wrong number.
//!   Nothing is rounded until a value is shown ([`display`](crate::display)); the
//!   rounded components therefore need not add up to the rounded value, while the
//!   unrounded ones add up exactly.
//! - The model's tolerance for one valuation is
//!   `ε = max(10^-6, 10^-22 × Σ |components|)` currency units. The break-even
//!   iteration stops within it; where a change of `ε` would reverse a comparison,
//!   either outcome is correct, and the crate takes the one its own figures give.
//!
//! ## How long the contract lasts
//!
//! Seven causes can end a contract in any year, each with a yearly probability
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
//! **Dated events** (`events`, at most 16) are one-off chances that a named cause
//! ends the contract in a given month: an announced sale of the client, a
//! procurement review. Event `j` in month `n_j` falls in year `y_j = ⌈n_j / 12⌉`
//! (months count from the start of year 1; for a prospect, from when its revenue
//! starts). Its effective probability `p̂_j` is `p_j (1 − μ κ)` when its cause is
//! one of the three relationship-sensitive risks, else `p_j`. The events of year
//! `t` add a one-off hazard
//!
//! ```text
//! Ê_t = 1 − Π_{j: y_j = t} (1 − p̂_j)      (0 in a year without events)
//! ```
//!
//! so that the year's survival is `s_t = s (1 − Ê_t)` and its hazard
//! `h_t = 1 − s_t`. Without events `s_t = s` and `h_t = h`. An event after year `H`
//! changes nothing (and draws a warning). `annual_survival` still reports `s`, the
//! survival of the flat risks alone.
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
//! year `t` with weight `a_t`:
//!
//! ```text
//! a_1 = 1,   a_(t+1) = a_t s_t (1 − z_t h_R)      z_t = 1 at a renewal, else 0
//! ```
//!
//! **Expected years** is `Σ_{t=1..E} a_t s_t`, over the years the supplier
//! supplies (`E` is the exit year below; `E = H` when it never stops).
//!
//! ## One year's flows
//!
//! - Volume share `u_t = t / (J + 1)` for `t ≤ J` (`revenue.ramp_years`), else 1;
//!   price index `π_t = (1 − λ)^(t−1)` (`revenue.price_down`); cost-of-goods index
//!   `Γ_t = (1 − ω)^(t−1)` (`revenue.cost_down`, our own yearly productivity).
//! - List-price sales `R_t = R (1 + g)^(t−1) u_t` (`revenue.annual`,
//!   `revenue.growth`): volume at year-1 list prices. Billed sales are
//!   `R_t (1 − c) π_t`, collected sales `R_t (1 − c) π_t (1 − b)`.
//! - Contribution `K_t = R_t [(1 − c) π_t − (1 − m) Γ_t]`: billed sales less the
//!   cost of the goods, which the client's price-downs do not lower and our own
//!   productivity does (with `λ = ω = 0` this is `R_t (m − c)`).
//! - Financing `F_t = R_t (1 − c) π_t (1 − b) × r × D / 365`, `D` the terms plus the
//!   delay in days: simple interest on what is collected, for as long as it is
//!   outstanding.
//! - Bad debt `B_t = R_t (1 − c) π_t b`, with `b` the `payment.default_rate`.
//! - Net contribution `N_t = K_t − F_t − B_t`.
//! - Rebate `Q_t = β ζ R_t (1 − c) π_t (1 − b)`: the off-invoice rebate `β`
//!   (`revenue.rebate`, not part of the concession) on the year's collected sales,
//!   times the chance `ζ` that the client meets its condition
//!   (`rebate_probability`, default 1). It is paid `ℓ` days after the year ends
//!   (`rebate_days`, default 0) to a client still buying at the end of the year, so
//!   it is weighted `a_t s_t` and discounted with `v^t / (1 + r ℓ / 365)`, whatever
//!   the timing convention. It is not part of `N_t`: no compensation is settled on
//!   a rebate.
//! - Scale savings `S_t = S u_t` (`revenue.scale_savings`): the stable order book
//!   that brings them is not all there while the volume ramps up.
//! - Reference value `V_ref = ρ × (annual_value + Σ per_year × margin_per_use ×
//!   probability)`, haircut by the policy's `reference_credibility` `ρ`.
//! - Cost to serve `C_t = C (1 + i)^(t−1)`: the sum of `cost_to_serve.*`,
//!   changing by `cost_to_serve.inflation` a year.
//!
//! ## Value of an active account
//!
//! What the account earns in a year needs it to survive the year (weight
//! `a_t s_t`). Cost to serve is committed at the start of the year (weight `a_t`).
//! When a risk or an event ends the contract during year `t` (weight `a_t h_t`), a
//! share `k` (`risk.termination_compensation`) of that year's net contribution is
//! still settled; a contract lost at a renewal is not compensated.
//!
//! **Costs that stay.** Whenever the relationship ends inside the horizon, whoever
//! ends it (the client during a year, a lost renewal, the supplier's exit), the
//! `release.stranded_cost` `Z` goes on for the `Y` years that follow
//! (`release.stranded_years`, default 1), as far as they fall inside the horizon:
//! a team still on the payroll, idle dedicated capacity. For an ending at the end
//! of year `t` their present value today is
//!
//! ```text
//! Ẑ_t = Σ_{j=1..min(Y, H−t)} d_(t+j) Z        (Ẑ_H = 0)
//! ```
//!
//! **Re-tenders.** At a renewal the account, alive at the end of year `t`, is
//! re-tendered with probability `θ` and the bid costs `T` (`retender_cost`). The
//! bid buys a new term of `L` years, of which only `min(L, H − t)` fall inside the
//! horizon, so only that share of it is charged (model 2 charged the whole bid,
//! even one that bought a single year of the horizon).
//!
//! The present value of year `t`'s flows, and of the bid at its end:
//!
//! ```text
//! G_t = d_t [ a_t s_t (N_t + S_t + V_ref) + a_t h_t k N_t − a_t C_t ]
//!       − v^t / (1 + r ℓ / 365) a_t s_t Q_t − a_t h_t Ẑ_t
//! X_t = v^t z_t a_t s_t θ T min(L, H − t) / L
//! ```
//!
//! A renewal lost at the end of year `t` leaves its stranded costs too:
//! `a_t s_t z_t h_R Ẑ_t`. Supplying every year of the horizon, the lifetime value
//! would be
//!
//! ```text
//! LV = Σ_{t=1..H} ( G_t − X_t − a_t s_t z_t h_R Ẑ_t )
//! ```
//!
//! which, with `Z = 0`, is the model 2 value but for the share of a late bid. The
//! exit option below may stop earlier.
//!
//! ### The exit option
//!
//! A supplier need not go on supplying at a loss. It may stop at its decision
//! points: the renewals (`z_t = 1`, `t ≤ H − 1`) of an account with a term, and
//! every year end `t = 1..=H−1` of an account without one (it can give notice).
//! Whether stopping pays is found backwards from the horizon's end, with
//! `W_H = 0` and, for `t = H − 1` down to 1:
//!
//! ```text
//! cont_t = −X_t − a_t s_t z_t h_R Ẑ_t + G_(t+1) + W_(t+1)    supply on
//! out_t  = −a_t s_t Ẑ_t                                        stop: every account still alive leaves Z behind
//! W_t    = max(out_t, cont_t)    at a decision point
//! W_t    = cont_t                elsewhere
//! ```
//!
//! and `LV = G_1 + W_1`. `W_t` is what the years after `t` are worth to a supplier
//! that will always take the better choice later on. The **exit year** `E` is the
//! first decision point, counting forwards, where `cont_t < out_t`; the supplier
//! supplies years `1..=E`, does not make the bid at `E`, and `exit_year` reports
//! `E` (absent when the supplier supplies the whole horizon, and then `E = H`).
//! Year 1 is always supplied: stopping now is the verdict's business. The decision
//! at a renewal is taken before the supplier knows whether the client will
//! re-tender, so `cont_t` carries the expected bid and the expected cost of a lost
//! renewal. With the policy's `exit_option` false, or for an `image_critical`
//! account (kept on purpose), there is no decision point and `E = H`.
//!
//! [`Evaluation::exit_gain`](crate::Evaluation::exit_gain) is `out_E − cont_E`
//! (times `P δ` for a prospect): what stopping at `E` is worth against going on,
//! where going on means supplying on and stopping again later wherever that pays
//! (so it is not the loss of supplying to the horizon's end when a later exit, or
//! costs that stay, would soften that loss).
//!
//! **Example.** A car maker buys 10,000,000 EUR a year (`R`) at a gross margin
//! `m = 0.20`, with no concession, and its contract takes 4 % off the price each
//! year (`λ = 0.04`); our own productivity takes only 1 % off the cost of the
//! goods (`ω = 0.01`). Serving it costs 600,000 EUR a year, flat. Terms of three
//! years (`L = 3`, `e = 0`) renew at the ends of years 3 and 6; there is no
//! termination risk, no re-tender and no stranded cost, and the policy values 8
//! years at `r = 0.12`, `end` timing. The margin before cost to serve,
//! `K_t = R (0.96^(t−1) − 0.8 × 0.99^(t−1))`, falls from 2,000,000 in year 1 to
//! 57,952 in year 8, and the year's flows `G_t = v^t (K_t − 600,000)` are, in
//! EUR rounded:
//!
//! ```text
//! t      1          2        3        4        5        6         7         8
//! G_t    1,250,000  860,969  551,772  308,206  118,421  −27,456  −137,633  −218,924
//! ```
//!
//! The backward pass starts at the end: year 7 is not a decision point, so
//! `W_7 = G_8`. At the renewal after year 6, supplying on is worth
//! `cont_6 = G_7 + G_8 = −356,557`, against `out_6 = 0` for stopping: the supplier
//! would stop, and `W_6 = 0`. Going back through years 5 and 4, which are not
//! decision points, `W_4 = G_5 + G_6 = 90,965`: year 6 loses money, but less than
//! year 5 earns. At the renewal after year 3, the whole next term is worth
//! `cont_3 = G_4 + W_4 = 399,170 ≥ 0`, so the supplier signs it. The first
//! decision point where stopping wins is the end of year 6: `exit_year` is 6,
//! `expected_years` 6 instead of 8, and the value is `G_1 + … + G_6 = 3,061,912`
//! EUR, against 2,705,355 if it delivered all eight years. Without the cost-down
//! (`ω = 0`) the margin shrinks faster, the second term is already worth less than
//! nothing, and the same account stops at its first renewal: `exit_year` 3, value
//! 2,485,651 EUR. A stranded cost makes stopping dearer (`out_t` below 0): the
//! supplier then weighs the costs it leaves behind against the losses it avoids.
//!
//! ### Components
//!
//! The value is reported as twelve components, each a present value summed over
//! the years supplied, `t = 1..=E`:
//!
//! | component | formula |
//! |---|---|
//! | `contribution` | `Σ d_t a_t s_t K_t` |
//! | `scale_savings` | `Σ d_t a_t s_t S_t` |
//! | `reference` | `Σ d_t a_t s_t V_ref` |
//! | `financing` | `−Σ d_t a_t s_t F_t` |
//! | `bad_debt` | `−Σ d_t a_t s_t B_t` |
//! | `rebate` | `−Σ v^t / (1 + r ℓ / 365) a_t s_t Q_t` |
//! | `compensation` | `Σ d_t a_t h_t k N_t` |
//! | `cost_to_serve` | `−Σ d_t a_t C_t` |
//! | `stranded` | `−Σ a_t h_t Ẑ_t − Σ_{t<E} a_t s_t z_t h_R Ẑ_t + out_E` |
//! | `retender` | `−Σ_{t<E} X_t` |
//! | `onboarding` | `0` |
//! | `acquisition` | `0` |
//!
//! `out_E` counts only where the supplier exits at `E`. The value `V` is the sum of
//! the components, so they add up to it exactly. The crate walks the years forwards
//! once, keeping each year's present values, decides the exit year backwards from
//! them and then sums the components over the years supplied.
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
//! - `LV` is the value once won, as for an active account: exit option, events and
//!   rebate included, renewals counted from when revenue starts. `release` counts
//!   only for active accounts, so a prospect's `Z` is 0.
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
//! ## Hurdle, release and verdict
//!
//! **The effective hurdle** `η_e`, reported as `hurdle`, is the strictest (the
//! largest) of: `η`, the policy's `hurdle` for the account's currency (one amount,
//! or one per currency, 0 for a currency not in the map); `hurdle_per_revenue × R`
//! when that ratio is above 0; and, for a prospect, `hurdle_per_pursuit × (A + P δ O)`
//! when that ratio is above 0 (the bid is spent for sure, onboarding only if won).
//!
//! **Release is not free** where costs stay behind. Releasing an active account
//! now is worth
//!
//! ```text
//! V_rel = −Σ_{t=1..min(Y, H)} d_t Z
//! ```
//!
//! reported as `release_value` (0 when `Z = 0`, absent for a prospect). Keeping the
//! account must beat releasing it by the hurdle, so the **bar** the value must
//! reach ([`Evaluation::bar`](crate::Evaluation::bar)) is `η_k = η_e + V_rel` for an
//! active account and `η_k = η_e` for a prospect. Stranded costs thus lower the bar
//! for keeping an account.
//!
//! `PVC = Σ_{t=1..E} d_t a_t C_t` (times `P δ` for a prospect) is the present value
//! of cost to serve over the years supplied. The first matching row decides:
//!
//! | stage | condition | verdict |
//! |---|---|---|
//! | prospect | `V ≥ η_k` | `pursue` |
//! | prospect | image critical | `pursue_strategic` |
//! | prospect | otherwise | `decline` |
//! | active | `V ≥ η_k` | `retain` |
//! | active | cost to serve cut by `φ`: `V_cost(φ) ≥ η_k` | `restructure` |
//! | active | concession cut by `min(ψ, c)`: `V_conc(min(ψ, c)) ≥ η_k` | `restructure` |
//! | active | payment days cut by `min(χ, terms_days)`: `V_terms(min(χ, terms_days)) ≥ η_k` | `restructure` |
//! | active | the whole package: `V_pkg(1) ≥ η_k` | `restructure` |
//! | active | image critical | `retain_strategic` |
//! | active | otherwise | `release` |
//!
//! `V_cost(x)`, `V_conc(x)` and `V_terms(x)` are the account valued again in full,
//! exit option included, with one lever cut by `x`: every cost-to-serve item times
//! `1 − x`, the concession `c − x`, the agreed payment days `terms_days − x`. The
//! limits are the policy's `max_cost_cut` `φ` (default 0.3), `max_concession_cut`
//! `ψ` (default 0.02, in points of list price) and `max_terms_cut` `χ` (default 30
//! days). A lever with nothing to cut does not match: `φ = 0` or no cost to serve;
//! `c = 0` or `ψ = 0`; `terms_days = 0` or `χ = 0`. `V_pkg` is the balanced package
//! below.
//!
//! For `restructure`, `lever` ([`Levers`](crate::Levers)) names every single lever
//! whose row matches, in the order `cost_to_serve`, `concession`, `payment_terms`,
//! joined by `|` (each of them alone reaches the bar): `concession`,
//! `cost_to_serve|concession`, `concession|payment_terms`. It is `package` when no
//! single lever reaches and only the package does. Model 2's `both` is now written
//! `cost_to_serve|concession`.
//!
//! ### Break-even figures
//!
//! Each figure is the root of `V(x) = η_k` in one input `x`, all else held (the bar
//! too, at its value for the account as it is, even where `hurdle_per_revenue`
//! would move it), with the account valued again in full at each `x`, the exit
//! option included. In each of these inputs `V` is piecewise linear and convex (the
//! best of the linear values that the possible exit years give), so the crate runs
//! Newton's iteration from the input as it is:
//!
//! ```text
//! x ← x − (V(x) − η_k) / V′(x)        V′(x): the slope in x with the years supplied at x held
//! ```
//!
//! It stops as soon as `|V(x) − η_k| ≤ ε` (the tolerance of the account valued at
//! `x`); when the input as it is already meets that, the figure is the input itself
//! (0 for a cut). Each step lands on or beyond the next linear piece, so the
//! iteration ends within `H + 1` steps, and after a single step without the exit
//! option. Where `V` has two roots (a large rebate can make `V` fall and then rise
//! in `c`), the figure is the one the iteration reaches. The slopes, summed over
//! the years supplied at `x`, times `P δ` for a prospect:
//!
//! - `cost_cut_to_hurdle`: `x` is the share of cost to serve removed, every item
//!   and year times `1 − x`, starting from 0; `V′ = Σ_{t≤E(x)} d_t a_t C_t` with
//!   `C_t` as it is.
//! - `concession_to_hurdle`: `x` is the concession `c` itself, starting from `c`;
//!   the figure is the concession at which `V = η_k`, with everything that depends
//!   on `c` moving (contribution, financing, bad debt, rebate, compensation):
//!
//!   ```text
//!   dN_t/dc = R_t π_t (−1 + (1 − b) r D / 365 + b)
//!   dQ_t/dc = −β ζ R_t π_t (1 − b)
//!   dLV/dc  = Σ_{t≤E} [ d_t (a_t s_t + a_t h_t k) dN_t/dc − v^t / (1 + r ℓ / 365) a_t s_t dQ_t/dc ]
//!   ```
//! - `terms_cut_to_hurdle`: `x` is the number of agreed payment days removed, a
//!   real number of days, starting from 0 (`D` becomes `D − x`);
//!   `dLV/dx = Σ_{t≤E} d_t (a_t s_t + a_t h_t k) R_t (1 − c) π_t (1 − b) r / 365`.
//!   The delay beyond the terms is not negotiable, so a figure above `terms_days`
//!   means that even payment on delivery does not reach the bar. Shown in days
//!   with 4 decimals.
//!
//! A figure is **absent** where the slope is 0 at some step; where the iteration
//! has not ended after `H + 1` steps; where an iterate is larger than 10^12 in size
//! or cannot be valued within `Decimal`'s range (a root beyond it, if any, is far
//! outside any negotiable range); or where the final figure is larger than 10^6 in
//! size (no realistic change reaches the bar). A figure outside the input's valid
//! range is reported as it is, and means that no feasible change reaches the bar.
//!
//! - `win_probability_to_hurdle = (η_k + A) / (δ (LV − O))`, prospects only (`V` is
//!   linear in `P`); absent when `δ (LV − O) ≤ 0` or when it is larger than 10^6.
//! - `subsidy = η_k − V` for `retain_strategic` and `pursue_strategic` only: what
//!   keeping the image costs, never capped.
//!
//! ### The balanced package
//!
//! Negotiators trade several levers at once. The package at share `ξ`
//! (`0 ≤ ξ ≤ 1`) moves every lever by the same share of its feasible range: the
//! concession down by `ξ min(ψ, c)`, every cost-to-serve item down by the share
//! `ξ φ`, the agreed payment days down by `ξ min(χ, terms_days)` (a real number of
//! days). `V_pkg(ξ)` is the account so changed, valued again in full. The whole
//! package reaches when `V_pkg(1) ≥ η_k` (and at least one lever has something to
//! cut). For an active account, `package_to_hurdle` is 0 when `V ≥ η_k`; otherwise,
//! when the whole package reaches, it is the least share in steps of 1/10000 that
//! this bisection finds, whatever the shape of `V_pkg`:
//!
//! ```text
//! lo = 0, hi = 10000
//! while hi − lo > 1:  mid = ⌊(lo + hi) / 2⌋;  if V_pkg(mid / 10000) ≥ η_k then hi = mid else lo = mid
//! package_to_hurdle = hi / 10000
//! ```
//!
//! and it is absent when the whole package does not reach, and for a prospect. With
//! a share above 0, [`Evaluation::package`](crate::Evaluation::package) gives the
//! [`Package`](crate::Package) in the levers' own units: its `share`, the
//! `concession_cut` in points of list price (0.0082 is 0.82 points), the
//! `cost_cut` as a share of cost to serve, the `terms_cut` in days, and its
//! `value` `V_pkg`.
//!
//! ## Explanation
//!
//! Every [`Evaluation`](crate::Evaluation) carries the components,
//! `annual_survival` `s`, `renewal_survival` (with a term), `expected_years` (the
//! years supplied), `coverage`, for prospects `win_probability` and
//! `delay_factor`, and `hurdle`, `release_value`, `bar`, `exit_year` and
//! `exit_gain`, with the break-even figures above ([`BreakEven`](crate::BreakEven)).
//!
//! Its **drivers** ([`Driver`](crate::Driver)) are the seven risks with their
//! effective yearly probability `q_k`, and each dated event inside the horizon
//! (`y_j ≤ H`) with its effective probability `p̂_j` and its month, largest first.
//! They are sorted on the probability rounded to 20 decimals; equal ones keep the
//! seven risks in the order of the risk table, then the events in input order.
//! `top_risk` names the first, unless its probability rounds to 0: a risk by its
//! name, `ownership_change`, an event by its name and month,
//! `ownership_change (month 6)`. In JSON a driver is `{risk, probability}`, plus
//! `month` for an event.
//!
//! The yearly [`Schedule`](crate::Schedule) shows, per year, the weights `a_t`,
//! `a_t s_t` and `a_t h_t`, whether a renewal falls at its end, whether the year is
//! supplied, list-price sales, the price index, each flow (the rebate `Q_t`
//! included), cost to serve, the expected stranded cost (in money of the years it
//! is paid, in the row of the year whose ending causes it), the expected re-tender
//! cost, the expected net flow and its discounted value: year `t`'s term of `LV`,
//! that is `G_t`, less `X_t` and the lost-renewal term before the exit year, plus
//! `out_E` in the exit year, each part discounted as its formula says. Years after
//! the exit year are shown, marked as not supplied, with an expected and a
//! discounted flow of 0. For a prospect it shows the flows if won (not scaled by
//! `P δ`), after a year-0 row for onboarding; its discounted column sums to
//! `LV − O` (`LV` for an active account).
//!
//! [`sensitivity`](crate::sensitivity()) moves each input `x` to `x (1 − σ)` and
//! `x (1 + σ)` (`sensitivity_step`, default 0.1), clamped to its valid range, and
//! values again, exit option included, the verdict not recomputed; the rows are
//! sorted by swing `|V⁺ − V⁻|`, largest first, equal swings in the model's order:
//! `revenue.annual`, `revenue.growth`, `revenue.gross_margin`,
//! `revenue.concession`, `revenue.price_down`, `revenue.cost_down` (up to 0.5),
//! `revenue.rebate` (up to 1), `revenue.scale_savings`, `cost_to_serve` (every
//! item, each clamped), `cost_to_serve.inflation`, `payment.days` (`D` as a
//! number, up to 365), `payment.default_rate`, the seven risks,
//! `risk.termination_compensation`, `reference` (before credibility; no upper
//! bound), for an account with a term the four `contract.*` figures, for a
//! prospect `win_probability`, `acquisition` and `acquisition.onboarding`, and last
//! `discount_rate` (the account's `r`, everywhere it appears, `δ` included). Every
//! row is listed, also where its swing is 0 (a rebate of 0 moves nowhere).
//!
//! ## Negotiation
//!
//! [`negotiate`](crate::negotiate) values, for one account under one policy and
//! by full revaluation (the exit option included): each proposal (a name and a
//! set of changes to the account's fields, by their CSV paths) beside the terms
//! as they are, with the change of the value and of every component, each
//! change's own effect `V(that change alone) − V` and the interaction (the whole
//! proposal's change less the sum of the own effects; absent when a change is
//! invalid on its own); the give-get table, `ΔV = V(one step) − V` and
//! `ΔV / (−ΔV_concession)` points for one point of concession, of rebate and of
//! price-down, ten payment days, one percent more cost to serve and more volume,
//! and one more contract year (absent where the step leaves the field's range, or
//! the account has no cost to serve or no term; points absent where a point of
//! concession does not cost); and the balanced package of the verdict.
//!
//! ## Warnings
//!
//! Valid input that is probably not what was meant is scored as given and
//! reported: a rate of 0.5 or more in `payment.default_rate`, `revenue.concession`,
//! `revenue.price_down` or a `risk.*` probability (`payment.default_rate is 1
//! (100 %); write 0.01 for 1 %`); acquisition or pursuit figures on an active
//! account, `contract.years_elapsed` on a prospect (ignored); a hurdle map without
//! the account's currency (`no hurdle set for GBP: 0 used`). Since model 3, after
//! those and in this order, with the account's own figures written without
//! trailing zeros:
//!
//! 1. An active account with every `risk.*` probability 0 as given, no event inside
//!    the horizon with a probability above 0, and no renewal risk (no term, or
//!    `h_R = 0`): `no termination risk given: survival is 100 %`.
//! 2. A concession at least the margin, `c ≥ m` with `m > 0`:
//!    `revenue.concession 0.3 is at least revenue.gross_margin 0.26: the first
//!    year's sales earn nothing or lose money`.
//! 3. A growth of −0.3 or less: `revenue.growth -0.35 halves the volume within two
//!    years`.
//! 4. Six or seven roles marked absent: `6 of 7 roles are marked absent: coverage
//!    says little`.
//! 5. A stranded cost on a prospect: `release is counted only for active accounts:
//!    ignored`.
//! 6. Each event after the horizon: `event in month 70 falls after the 5-year
//!    horizon: ignored`.
//! 7. A policy hurdle `η` (before `hurdle_per_*`) that is not 0 but lies strictly
//!    between −1 and 1: `hurdle 0.05 is 5 hundredths of a EUR: the hurdle is an
//!    amount of money`.
//! 8. From the readers, with a column map: a cell of a `percent` column holding a
//!    number strictly between 0 and 1 without a `%` sign: `0.19 in percent column
//!    "Маржа, %" reads as 0.19 %: write 19`. It follows the evaluation's own
//!    warnings in a batch ([`Record::evaluate`](crate::Record::evaluate)).
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
//! - An exact tie at a decision point, `cont_t = out_t`, keeps supplying: the
//!   supplier stops only where stopping is worth strictly more.
//! - The break-even figures `cost_cut_to_hurdle`, `concession_to_hurdle` and
//!   `terms_cut_to_hurdle` are computed for both stages and for every verdict, not
//!   only below the bar. A negative cut means headroom: cost to serve could grow by
//!   that share, or payment days lengthen by that many days, before the value
//!   falls to the bar; a `concession_to_hurdle` above `c` means the same for the
//!   concession.
//! - The valuations inside the break-even iteration are not clamped to the inputs'
//!   valid ranges: an iterate may value a cost cut above 1 (negative cost to serve),
//!   a concession below 0 or above 1, or more days removed than `D` (the client
//!   paying in advance). The figure is then reported as it is and reads as "no
//!   feasible change reaches the bar". Only the sensitivity table clamps.
//! - `exit_year` is written as an integer: a whole number in a CSV cell (no
//!   decimals), a JSON number in `--json` (`"exit_year": 6`), empty or `null`
//!   when the supplier supplies the whole horizon.
//! - `exit_gain` and `bar` are fields of [`Evaluation`](crate::Evaluation), which
//!   the `evaluate` report puts into words, but not columns of the result file.
//! - The cost-to-serve lever has nothing to cut, and does not match, when the
//!   account has no cost to serve; the package needs at least one lever with
//!   something to cut.
//! - In the schedule, a year after the exit year still shows its sales and flows
//!   (what supplying would have brought), with `supplied` false and an expected and
//!   a discounted flow of 0.
//! - Negotiation: a field that counts only with another (`revenue.rebate_*`
//!   with `revenue.rebate`, `contract.*` with `contract.term_years`) counts as not
//!   given at its default value. So a proposal `{"contract.term_years": null}` on
//!   an account whose other contract fields are at their defaults removes the
//!   contract, and `{"revenue.rebate": null}` is an error only beside a rebate
//!   probability or payment days other than 1 and 0.
//! - Negotiation: two proposals with one name refuse the whole proposal file
//!   (which one would a report mean?); a key given twice inside one proposal, an
//!   unknown field or a value that cannot be read makes that proposal an error,
//!   and the others are still valued. At most 1,000 proposals are valued at once.
//! - Negotiation: the give-get's `rebate` step from an account without a rebate
//!   is a rebate of 0.01 with the default probability 1 and no delay; the
//!   `contract_term` step keeps `years_elapsed`; a proposal is valued as an
//!   account of its own, so its hurdle moves with its own revenue.
//!
//! ## Precision
//!
//! Decimal keeps 28 significant digits, so the absolute precision of a figure
//! shrinks as it grows: below about 10^21 every figure is far inside 10^-6 of a
//! currency unit, but at the far corner of the input bounds (sales of 10^15
//! growing 50 % a year for 50 years, about 10^24 by the last year) the last digits
//! are tenths of a thousandth. The crate never rounds beyond what Decimal itself
//! must.
