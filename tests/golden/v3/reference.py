#!/usr/bin/env python3
"""Independent golden reference for the key-account valuation model, version 3.

Written from the model's contract (v3) only, never from the library's source.
Standard library only; every number is a decimal.Decimal in a context of precision 80
(no floats anywhere: JSON is parsed with parse_float=Decimal).

Usage (from the repository root):
    python3 tests/golden/v3/reference.py           # regenerate cases.json,
                                                   # v2_accounts_under_v3.json, random_cases.json
    python3 tests/golden/v3/reference.py --check   # run the sanity checks, print the counts
"""
import json
import os
import random
import sys
from dataclasses import dataclass, replace
from decimal import Decimal, Context, getcontext, ROUND_HALF_EVEN

CTX = getcontext()
CTX.prec = 80
CTX.rounding = ROUND_HALF_EVEN

Dec = Decimal
ZERO = Dec(0)
ONE = Dec(1)
D365 = Dec(365)
NEAR = Dec("1e-6")          # "within 1e-6 of reversing" (near_tie)

HERE = os.path.dirname(os.path.abspath(__file__))
V2_ACCOUNTS = os.path.normpath(os.path.join(HERE, "..", "v2", "accounts.json"))

# ---------------------------------------------------------------------------------------
# Names, in the model's table order
# ---------------------------------------------------------------------------------------
RISKS = ("ownership_change", "management_change", "strategy_change", "political",
         "labor_disruption", "reputational", "competitor_displacement")
# "Relationship-sensitive risks are management_change, strategy_change and
#  competitor_displacement"
REL_SENSITIVE = {"management_change", "strategy_change", "competitor_displacement"}
ROLES = ("user", "preparer", "approver", "budget_holder", "final_decision", "legal",
         "procurement")
DEFAULT_WEIGHTS = {"user": Dec(1), "preparer": Dec(1), "approver": Dec(2),
                   "budget_holder": Dec(2), "final_decision": Dec(3), "legal": Dec(1),
                   "procurement": Dec(1)}
EVIDENCE = ("need_confirmed", "decision_process_mapped", "economic_buyer_engaged",
            "champion", "incumbent_entrenched")
DEFAULT_ODDS = {"need_confirmed": Dec("1.5"), "decision_process_mapped": Dec("1.3"),
                "economic_buyer_engaged": Dec("1.5"), "champion": Dec("2.0"),
                "incumbent_entrenched": Dec("0.5")}
CTS_ITEMS = ("account_team", "service", "customization", "reference_program", "other")
ACQ_ITEMS = ("tender", "free_work", "legal", "executive")
COMPONENTS = ("contribution", "scale_savings", "reference", "financing", "bad_debt",
              "rebate", "compensation", "cost_to_serve", "stranded", "retender",
              "onboarding", "acquisition")
MONEY_MAX = Dec(10) ** 15


# ---------------------------------------------------------------------------------------
# Number helpers
# ---------------------------------------------------------------------------------------
def dec(x, default=None):
    """A JSON value (string, int, or Decimal from parse_float) as a Decimal."""
    if x is None:
        return default
    if isinstance(x, bool):
        raise ValueError("boolean where a number was expected")
    if isinstance(x, int):
        return Dec(x)
    if isinstance(x, Decimal):
        return x
    if isinstance(x, str):
        return Dec(x.strip())
    raise ValueError("not a number: %r" % (x,))


def integer(x, default=None):
    """Integer fields accept 30 or "30"."""
    if x is None:
        return default
    if isinstance(x, bool):
        raise ValueError("boolean where an integer was expected")
    if isinstance(x, int):
        return x
    d = dec(x)
    if d != d.to_integral_value():
        raise ValueError("not an integer: %r" % (x,))
    return int(d)


def ipow(x, n):
    """x^n for an integer n >= 0, with x^0 = 1 also for x = 0 (Conventions)."""
    res = ONE
    for _ in range(n):
        res *= x
    return res


def fig(x):
    """A figure for cases.json: rounded to 28 significant digits (half-even), plain
    notation, trailing zeros after the point dropped, zero as "0"; None stays None."""
    if x is None:
        return None
    y = Context(prec=28, rounding=ROUND_HALF_EVEN).plus(x)
    s = format(y, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s in ("-0", "", "0"):
        return "0"
    return s


def plain(x):
    """A validated input value in plain notation without trailing zeros (warning texts)."""
    s = format(x, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s


def clamp(x, lo, hi):
    if lo is not None and x < lo:
        return lo
    if hi is not None and x > hi:
        return hi
    return x


def round20(x):
    return x.quantize(Dec("1e-20"), rounding=ROUND_HALF_EVEN)


# ---------------------------------------------------------------------------------------
# Inputs (only what valuation needs; input validation is not part of this reference)
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Account:
    id: str
    currency: str
    stage: str                 # "active" | "prospect"
    R: Decimal                 # revenue.annual
    g: Decimal                 # revenue.growth
    m: Decimal                 # revenue.gross_margin
    c: Decimal                 # revenue.concession
    J: int                     # revenue.ramp_years
    lam: Decimal               # revenue.price_down (lambda)
    omega: Decimal             # revenue.cost_down
    beta: Decimal              # revenue.rebate
    zeta: Decimal              # revenue.rebate_probability
    ell: int                   # revenue.rebate_days
    S: Decimal                 # revenue.scale_savings
    cts: tuple                 # cost_to_serve items, CTS_ITEMS order
    infl: Decimal              # cost_to_serve.inflation (i)
    acq: tuple                 # acquisition items, ACQ_ITEMS order
    O: Decimal                 # acquisition.onboarding
    terms: Decimal             # payment.terms_days (a real number when a lever cuts it)
    delay: Decimal             # payment.delay_days
    b: Decimal                 # payment.default_rate
    p: tuple                   # risk.* probabilities, RISKS order (as given)
    k: Decimal                 # risk.termination_compensation
    roles: tuple               # ((role, "covered"|"uncovered"|"absent"), ...)
    P_given: object            # pursuit.win_probability (Decimal) or None
    n: int                     # pursuit.competitors
    evidence: tuple            # names of true evidence
    M: int                     # pursuit.sales_cycle_months
    ref_raw: Decimal           # reference.annual_value + sum(per_year*margin*probability)
    L: object                  # contract.term_years (int) or None
    e: int                     # contract.years_elapsed
    theta: Decimal             # contract.retender_probability
    w: Decimal                 # contract.incumbent_win_probability
    nu: Decimal                # contract.nonrenewal
    T: Decimal                 # contract.retender_cost
    events: tuple              # ((month, risk, probability), ...)
    Z: Decimal                 # release.stranded_cost
    Y: int                     # release.stranded_years
    image: bool                # image_critical


@dataclass(frozen=True)
class Policy:
    discount_rate: Decimal
    discount_rates: tuple      # ((currency, rate), ...)
    H: int
    hurdle: object             # Decimal, or tuple of (currency, amount)
    mu: Decimal
    weights: tuple             # ((role, weight), ...) for all seven roles
    rho: Decimal
    phi: Decimal
    psi: Decimal
    chi: Decimal
    exit_option: bool
    hpr: Decimal               # hurdle_per_revenue
    hpp: Decimal               # hurdle_per_pursuit
    timing: str
    sigma: Decimal
    odds: tuple                # ((evidence, multiplier), ...)


def parse_account(j):
    rev = j.get("revenue") or {}
    cts = j.get("cost_to_serve") or {}
    acq = j.get("acquisition") or {}
    pay = j.get("payment") or {}
    risk = j.get("risk") or {}
    rel = j.get("relationship") or {}
    pur = j.get("pursuit") or {}
    ref = j.get("reference") or {}
    con = j.get("contract") or {}
    release = j.get("release") or {}
    roles = []
    for r in rel.get("roles") or []:
        name = r["role"].strip().lower()
        present = r.get("present", True)
        if present is False:
            roles.append((name, "absent"))
        else:
            roles.append((name, "covered" if r.get("covered") else "uncovered"))
    ev = pur.get("evidence") or {}
    uses = ZERO
    for u in ref.get("uses") or []:
        uses += Dec(integer(u["per_year"])) * dec(u["margin_per_use"]) * dec(u["probability"])
    events = []
    for e in j.get("events") or []:
        events.append((integer(e["month"]), e["risk"].strip().lower(), dec(e["probability"])))
    L = integer(con.get("term_years"))
    stage = j["stage"].strip().lower()
    return Account(
        id=j.get("id", ""), currency=j["currency"], stage=stage,
        R=dec(rev["annual"]), g=dec(rev.get("growth"), ZERO), m=dec(rev["gross_margin"]),
        c=dec(rev.get("concession"), ZERO), J=integer(rev.get("ramp_years"), 0),
        lam=dec(rev.get("price_down"), ZERO), omega=dec(rev.get("cost_down"), ZERO),
        beta=dec(rev.get("rebate"), ZERO), zeta=dec(rev.get("rebate_probability"), ONE),
        ell=integer(rev.get("rebate_days"), 0), S=dec(rev.get("scale_savings"), ZERO),
        cts=tuple(dec(cts.get(x), ZERO) for x in CTS_ITEMS),
        infl=dec(cts.get("inflation"), ZERO),
        acq=tuple(dec(acq.get(x), ZERO) for x in ACQ_ITEMS),
        O=dec(acq.get("onboarding"), ZERO),
        terms=Dec(integer(pay.get("terms_days"), 0)), delay=Dec(integer(pay.get("delay_days"), 0)),
        b=dec(pay.get("default_rate"), ZERO),
        p=tuple(dec(risk.get(x), ZERO) for x in RISKS),
        k=dec(risk.get("termination_compensation"), ZERO),
        roles=tuple(roles),
        P_given=dec(pur.get("win_probability")), n=integer(pur.get("competitors"), 0),
        evidence=tuple(x for x in EVIDENCE if ev.get(x) is True),
        M=integer(pur.get("sales_cycle_months"), 0),
        ref_raw=dec(ref.get("annual_value"), ZERO) + uses,
        L=L,
        e=integer(con.get("years_elapsed"), 0) if stage == "active" else 0,
        theta=dec(con.get("retender_probability"), ZERO),
        w=dec(con.get("incumbent_win_probability"), Dec("0.6")),
        nu=dec(con.get("nonrenewal"), ZERO), T=dec(con.get("retender_cost"), ZERO),
        events=tuple(events),
        Z=dec(release.get("stranded_cost"), ZERO), Y=integer(release.get("stranded_years"), 1),
        image=bool(j.get("image_critical", False)),
    )


def parse_policy(j):
    j = j or {}
    hurdle = j.get("hurdle")
    if isinstance(hurdle, dict):
        hurdle = tuple((k, dec(v)) for k, v in hurdle.items())
    else:
        hurdle = dec(hurdle, ZERO)
    weights = dict(DEFAULT_WEIGHTS)
    for k, v in (j.get("role_weights") or {}).items():
        weights[k] = dec(v)
    odds = dict(DEFAULT_ODDS)
    for k, v in (j.get("evidence_odds") or {}).items():
        odds[k] = dec(v)
    ex = j.get("exit_option")
    return Policy(
        discount_rate=dec(j.get("discount_rate"), Dec("0.12")),
        discount_rates=tuple((k, dec(v)) for k, v in (j.get("discount_rates") or {}).items()),
        H=integer(j.get("horizon_years"), 5),
        hurdle=hurdle,
        mu=dec(j.get("relationship_mitigation"), Dec("0.5")),
        weights=tuple((r, weights[r]) for r in ROLES),
        rho=dec(j.get("reference_credibility"), ONE),
        phi=dec(j.get("max_cost_cut"), Dec("0.3")),
        psi=dec(j.get("max_concession_cut"), Dec("0.02")),
        chi=Dec(integer(j.get("max_terms_cut"), 30)),
        exit_option=True if ex is None else bool(ex),
        hpr=dec(j.get("hurdle_per_revenue"), ZERO),
        hpp=dec(j.get("hurdle_per_pursuit"), ZERO),
        timing=(j.get("timing") or "end").strip().lower(),
        sigma=dec(j.get("sensitivity_step"), Dec("0.1")),
        odds=tuple((e, odds[e]) for e in EVIDENCE),
    )


def account_rate(acc, pol):
    """r: discount_rates[currency] where listed, else discount_rate."""
    for cur, rate in pol.discount_rates:
        if cur == acc.currency:
            return rate
    return pol.discount_rate


def policy_hurdle(acc, pol):
    """eta: one amount for every currency, or the map's amount (missing currency: 0)."""
    if isinstance(pol.hurdle, tuple):
        for cur, amt in pol.hurdle:
            if cur == acc.currency:
                return amt
        return ZERO
    return pol.hurdle


# ---------------------------------------------------------------------------------------
# Derived quantities
# ---------------------------------------------------------------------------------------
def coverage(acc, pol):
    """kappa = sum of weights of covered roles / sum of weights of all seven roles except
    those marked present: false (0 when that sum is 0); unlisted roles count as uncovered."""
    status = dict(acc.roles)
    w = dict(pol.weights)
    num = ZERO
    den = ZERO
    for r in ROLES:
        st = status.get(r, "uncovered")
        if st == "absent":
            continue
        den += w[r]
        if st == "covered":
            num += w[r]
    return ZERO if den == 0 else num / den


def effective_risks(acc, pol, kappa):
    """q_k = p_k (1 - mu kappa) for relationship-sensitive risks, else q_k = p_k."""
    return tuple(p * (ONE - pol.mu * kappa) if name in REL_SENSITIVE else p
                 for name, p in zip(RISKS, acc.p))


def event_year(month):
    """y_j = ceil(n_j / 12)."""
    return (month + 11) // 12


def event_prob(acc, pol, kappa, risk, p):
    """p^_j = p_j (1 - mu kappa) when c_j is relationship-sensitive, else p_j."""
    return p * (ONE - pol.mu * kappa) if risk in REL_SENSITIVE else p


def win_probability(acc, pol):
    """P if given; otherwise o = 1/(n+1) * prod(multipliers of true evidence), P = o/(1+o)."""
    if acc.P_given is not None:
        return acc.P_given
    o = ONE / Dec(acc.n + 1)
    odds = dict(pol.odds)
    for e in acc.evidence:
        o *= odds[e]
    return o / (ONE + o)


def delay_factor(M, r):
    """delta = v^floor(M/12) / (1 + r (M mod 12) / 12)."""
    v = ONE / (ONE + r)
    return ipow(v, M // 12) / (ONE + r * Dec(M % 12) / Dec(12))


def tau_of(timing, r):
    """end: tau = 1; mid: tau = sqrt(1 + r); start: tau = 1 + r."""
    if timing == "end":
        return ONE
    if timing == "mid":
        return (ONE + r).sqrt()
    if timing == "start":
        return ONE + r
    raise ValueError("timing " + timing)


# ---------------------------------------------------------------------------------------
# Value of an active account (and LV of a prospect), with the exit option
# ---------------------------------------------------------------------------------------
@dataclass
class Val:
    H: int
    E: int                  # years supplied (H when no exit)
    exited: bool
    LV: Decimal
    comps: dict
    value: Decimal
    eps: Decimal
    scale: Decimal          # P delta for a prospect, 1 for an active account
    P: object
    delta: object
    kappa: Decimal
    q: tuple
    s: Decimal
    hR: object
    d: list
    vt: list
    rebf: list
    a: list
    st: list
    ht: list
    z: list
    Rt: list
    pit: list
    Ct: list
    Zhat: list
    G: list
    X: list
    cont: dict
    out: dict
    points: list            # decision points where the exit option applies
    exp_years: Decimal
    max_flow: Decimal       # largest |yearly flow| (overflow diagnostics)


def valuate(acc, pol, r=None, exit_option=None, P_override=None):
    """Full valuation of one account under one policy (the model's contract 'Value of an active
    account', 'The exit option', 'Value of a prospect')."""
    if r is None:
        r = account_rate(acc, pol)
    if exit_option is None:
        exit_option = pol.exit_option
    H = pol.H
    prospect = acc.stage == "prospect"
    # v = 1/(1+r); d_t = v^t tau; rebate discount v^t / (1 + r l / 365)
    v = ONE / (ONE + r)
    tau = tau_of(pol.timing, r)
    vt = [ONE] * (H + 1)
    for t in range(1, H + 1):
        vt[t] = vt[t - 1] * v
    d = [vt[t] * tau for t in range(H + 1)]
    rebden = ONE + r * Dec(acc.ell) / D365
    rebf = [vt[t] / rebden for t in range(H + 1)]
    # coverage, effective risks, h = 1 - prod(1 - q_k), s = 1 - h
    kappa = coverage(acc, pol)
    q = effective_risks(acc, pol, kappa)
    s = ONE
    for qk in q:
        s *= (ONE - qk)
    # dated events: E^_t = 1 - prod_{y_j = t}(1 - p^_j); s_t = s (1 - E^_t); h_t = 1 - s_t
    ev_surv = [ONE] * (H + 1)
    for month, risk, pj in acc.events:
        y = event_year(month)
        if y <= H:
            ev_surv[y] *= (ONE - event_prob(acc, pol, kappa, risk, pj))
    st = [ZERO] + [s * ev_surv[t] for t in range(1, H + 1)]
    ht = [ZERO] + [ONE - st[t] for t in range(1, H + 1)]
    # renewals: t = 1..H-1 with (e + t) divisible by L; h_R = theta (1 - w) + (1 - theta) nu
    z = [0] * (H + 1)
    hR = None
    if acc.L is not None:
        hR = acc.theta * (ONE - acc.w) + (ONE - acc.theta) * acc.nu
        for t in range(1, H):
            if (acc.e + t) % acc.L == 0:
                z[t] = 1
    hRv = hR if hR is not None else ZERO
    # alive at start: a_1 = 1, a_(t+1) = a_t s_t (1 - z_t h_R)
    a = [ZERO] * (H + 2)
    a[1] = ONE
    for t in range(1, H + 1):
        a[t + 1] = a[t] * st[t] * (ONE - (hRv if z[t] else ZERO))
    # yearly flows
    D = acc.terms + acc.delay
    C = sum(acc.cts, ZERO)
    Vref = pol.rho * acc.ref_raw                   # V_ref = rho (annual_value + sum uses)
    Rt = [ZERO] * (H + 1)
    pit = [ZERO] * (H + 1)
    Ct = [ZERO] * (H + 1)
    K = [ZERO] * (H + 1)
    F = [ZERO] * (H + 1)
    B = [ZERO] * (H + 1)
    N = [ZERO] * (H + 1)
    Q = [ZERO] * (H + 1)
    St = [ZERO] * (H + 1)
    growth = ONE
    price = ONE
    cog = ONE
    cinf = ONE
    for t in range(1, H + 1):
        if t > 1:
            growth *= (ONE + acc.g)        # (1 + g)^(t-1)
            price *= (ONE - acc.lam)       # pi_t = (1 - lambda)^(t-1)
            cog *= (ONE - acc.omega)       # Gamma_t = (1 - omega)^(t-1)
            cinf *= (ONE + acc.infl)       # (1 + i)^(t-1)
        u = Dec(t) / Dec(acc.J + 1) if t <= acc.J else ONE   # u_t
        St[t] = acc.S * u                                      # S_t = S u_t
        Rt[t] = acc.R * growth * u                             # R_t = R (1+g)^(t-1) u_t
        pit[t] = price
        billed = Rt[t] * (ONE - acc.c) * price                 # R_t (1 - c) pi_t
        K[t] = Rt[t] * ((ONE - acc.c) * price - (ONE - acc.m) * cog)   # K_t
        F[t] = billed * (ONE - acc.b) * r * D / D365           # F_t
        B[t] = billed * acc.b                                  # B_t
        N[t] = K[t] - F[t] - B[t]                              # N_t
        Q[t] = acc.beta * acc.zeta * billed * (ONE - acc.b)    # Q_t
        Ct[t] = C * cinf                                       # C_t = C (1 + i)^(t-1)
    # stranded: Zhat_t = sum_{j=1..min(Y, H-t)} d_(t+j) Z  (Z = 0 for a prospect)
    Z = ZERO if prospect else acc.Z
    Zhat = [ZERO] * (H + 1)
    for t in range(0, H + 1):
        tot = ZERO
        for j in range(1, min(acc.Y, H - t) + 1):
            tot += d[t + j] * Z
        Zhat[t] = tot
    # G_t = d_t [a s (N + S_t + Vref) + a h k N - a C] - rebf_t a s Q - a h Zhat_t
    # X_t = v^t z_t a_t s_t theta T min(L, H - t) / L
    G = [ZERO] * (H + 2)
    X = [ZERO] * (H + 1)
    max_flow = ZERO
    for t in range(1, H + 1):
        G[t] = (d[t] * (a[t] * st[t] * (N[t] + St[t] + Vref) + a[t] * ht[t] * acc.k * N[t]
                        - a[t] * Ct[t])
                - rebf[t] * a[t] * st[t] * Q[t] - a[t] * ht[t] * Zhat[t])
        if z[t]:
            X[t] = (vt[t] * a[t] * st[t] * acc.theta * acc.T
                    * Dec(min(acc.L, H - t)) / Dec(acc.L))
        for f in (K[t], F[t], B[t], N[t], Q[t], Ct[t], St[t], Rt[t]):
            if abs(f) > max_flow:
                max_flow = abs(f)
    # decision points: renewals (term) or every year end t = 1..H-1 (no term)
    allowed = exit_option and not acc.image
    if acc.L is not None:
        points = [t for t in range(1, H) if z[t]]
    else:
        points = list(range(1, H))
    if not allowed:
        points = []
    # backward induction: W_H = 0; cont_t, out_t, W_t
    W = [ZERO] * (H + 1)
    cont = {}
    out = {}
    pts = set(points)
    for t in range(H - 1, 0, -1):
        c_t = -X[t] - a[t] * st[t] * z[t] * hRv * Zhat[t] + G[t + 1] + W[t + 1]
        o_t = -a[t] * st[t] * Zhat[t]
        cont[t] = c_t
        out[t] = o_t
        W[t] = max(o_t, c_t) if t in pts else c_t
    LV = G[1] + W[1]
    # E: the first decision point with cont_t < out_t; else H
    E = H
    exited = False
    for t in points:
        if cont[t] < out[t]:
            E = t
            exited = True
            break
    # components, summed over the years supplied t = 1..E
    comp = {x: ZERO for x in COMPONENTS}
    exp_years = ZERO
    for t in range(1, E + 1):
        w_s = a[t] * st[t]
        w_h = a[t] * ht[t]
        comp["contribution"] += d[t] * w_s * K[t]
        comp["scale_savings"] += d[t] * w_s * St[t]
        comp["reference"] += d[t] * w_s * Vref
        comp["financing"] -= d[t] * w_s * F[t]
        comp["bad_debt"] -= d[t] * w_s * B[t]
        comp["rebate"] -= rebf[t] * w_s * Q[t]
        comp["compensation"] += d[t] * w_h * acc.k * N[t]
        comp["cost_to_serve"] -= d[t] * a[t] * Ct[t]
        comp["stranded"] -= w_h * Zhat[t]
        if t < E:
            comp["stranded"] -= w_s * z[t] * hRv * Zhat[t]
            comp["retender"] -= X[t]
        exp_years += w_s                    # expected_years = sum_{t<=E} a_t s_t
    if exited:
        comp["stranded"] += out[E]
    P = delta = None
    scale = ONE
    if prospect:
        # each LV component times P delta; onboarding -P delta O; acquisition -A
        P = P_override if P_override is not None else win_probability(acc, pol)
        delta = delay_factor(acc.M, r)
        scale = P * delta
        for x in COMPONENTS:
            comp[x] *= scale
        comp["onboarding"] = -scale * acc.O
        comp["acquisition"] = -sum(acc.acq, ZERO)
    value = sum((comp[x] for x in COMPONENTS), ZERO)   # value = sum of the components
    eps = max(NEAR, Dec("1e-22") * sum((abs(comp[x]) for x in COMPONENTS), ZERO))
    return Val(H=H, E=E, exited=exited, LV=LV, comps=comp, value=value, eps=eps, scale=scale,
               P=P, delta=delta, kappa=kappa, q=q, s=s, hR=hR, d=d, vt=vt, rebf=rebf, a=a,
               st=st, ht=ht, z=z, Rt=Rt, pit=pit, Ct=Ct, Zhat=Zhat, G=G, X=X, cont=cont,
               out=out, points=points, exp_years=exp_years, max_flow=max_flow)


# ---------------------------------------------------------------------------------------
# Hurdle, release and verdict
# ---------------------------------------------------------------------------------------
def effective_hurdle(acc, pol, r):
    """eta_e = max(eta, hurdle_per_revenue * R where that ratio > 0,
    for a prospect hurdle_per_pursuit * (A + P delta O) where that ratio > 0)."""
    eta = policy_hurdle(acc, pol)
    eta_e = eta
    if pol.hpr > 0:
        eta_e = max(eta_e, pol.hpr * acc.R)
    if acc.stage == "prospect" and pol.hpp > 0:
        P = win_probability(acc, pol)
        delta = delay_factor(acc.M, r)
        eta_e = max(eta_e, pol.hpp * (sum(acc.acq, ZERO) + P * delta * acc.O))
    return eta, eta_e


def release_value(acc, pol, r):
    """V_rel = -sum_{t=1..min(Y, H)} d_t Z (active; absent for a prospect)."""
    if acc.stage == "prospect":
        return None
    v = ONE / (ONE + r)
    tau = tau_of(pol.timing, r)
    tot = ZERO
    for t in range(1, min(acc.Y, pol.H) + 1):
        tot += ipow(v, t) * tau * acc.Z
    return -tot


def with_cost_cut(acc, x):
    """every cost-to-serve item times (1 - x)"""
    return replace(acc, cts=tuple(ci * (ONE - x) for ci in acc.cts))


def with_concession(acc, c):
    """the concession c itself"""
    return replace(acc, c=c)


def with_terms_cut(acc, x):
    """agreed payment days terms_days - x (a real number)"""
    return replace(acc, terms=acc.terms - x)


def with_package(acc, pol, xi):
    """V_pkg(xi): concession down by xi min(psi, c), every cost item down by the share
    xi phi, payment days down by xi min(chi, terms_days)."""
    acc2 = replace(acc, c=acc.c - xi * min(pol.psi, acc.c),
                   cts=tuple(ci * (ONE - xi * pol.phi) for ci in acc.cts),
                   terms=acc.terms - xi * min(pol.chi, acc.terms))
    return acc2


# ---------------------------------------------------------------------------------------
# Break-even figures: Newton's iteration as the model's contract specifies it
# ---------------------------------------------------------------------------------------
def newton(x0, at, slope, eta_k, H):
    """x <- x - (V(x) - eta_k) / V'(x), from the input as it is; stop as soon as
    |V(x) - eta_k| <= eps(x). Absent (None) when a slope is 0, when the iteration has not
    ended after H + 1 steps, when an iterate exceeds 10^12 in absolute value, or when the
    final figure exceeds 10^6 in absolute value. Returns (figure or None, steps, trace)."""
    x = x0
    steps = 0
    trace = []
    while True:
        val = at(x)
        trace.append((x, val.E))
        if abs(val.value - eta_k) <= val.eps:
            break
        if steps == H + 1:
            return None, steps, trace
        sl = slope(val)
        if sl == 0:
            return None, steps, trace
        x = x - (val.value - eta_k) / sl
        steps += 1
        if abs(x) > Dec(10) ** 12:
            return None, steps, trace
    if abs(x) > Dec(10) ** 6:
        return None, steps, trace
    return x, steps, trace


def slope_cost(acc0):
    """V'(x) = sum_{t<=E(x)} d_t a_t C_t with C_t as it is (P delta times that)."""
    C = sum(acc0.cts, ZERO)

    def f(val):
        tot = ZERO
        cinf = ONE
        for t in range(1, val.E + 1):
            if t > 1:
                cinf *= (ONE + acc0.infl)
            tot += val.d[t] * val.a[t] * C * cinf
        return val.scale * tot
    return f


def slope_concession(acc0, r):
    """dLV/dc = sum_{t<=E} [d_t (a s + a h k) dN_t/dc - v^t/(1+r l/365) a s dQ_t/dc] with
    dN_t/dc = R_t pi_t (-1 + (1-b) r D/365 + b), dQ_t/dc = -beta zeta R_t pi_t (1-b)
    (times P delta for a prospect)."""
    D = acc0.terms + acc0.delay

    def f(val):
        tot = ZERO
        for t in range(1, val.E + 1):
            dN = val.Rt[t] * val.pit[t] * (-ONE + (ONE - acc0.b) * r * D / D365 + acc0.b)
            dQ = -acc0.beta * acc0.zeta * val.Rt[t] * val.pit[t] * (ONE - acc0.b)
            tot += (val.d[t] * (val.a[t] * val.st[t] + val.a[t] * val.ht[t] * acc0.k) * dN
                    - val.rebf[t] * val.a[t] * val.st[t] * dQ)
        return val.scale * tot
    return f


def slope_terms(acc0, r):
    """dLV/dx = sum_{t<=E} d_t (a s + a h k) R_t (1-c) pi_t (1-b) r/365 (times P delta)."""
    def f(val):
        tot = ZERO
        for t in range(1, val.E + 1):
            tot += (val.d[t] * (val.a[t] * val.st[t] + val.a[t] * val.ht[t] * acc0.k)
                    * val.Rt[t] * (ONE - acc0.c) * val.pit[t] * (ONE - acc0.b) * r / D365)
        return val.scale * tot
    return f


# ---------------------------------------------------------------------------------------
# Explanation: drivers, warnings (v3 1-7), sensitivity
# ---------------------------------------------------------------------------------------
def drivers(acc, pol, val):
    """All seven risks with q_k, then each event with y_j <= H with p^_j; sorted by
    probability rounded to 20 decimal places, largest first; equal values keep that order."""
    rows = [(name, qk, None) for name, qk in zip(RISKS, val.q)]
    for month, risk, pj in acc.events:
        if event_year(month) <= pol.H:
            rows.append((risk, event_prob(acc, pol, val.kappa, risk, pj), month))
    rows = sorted(rows, key=lambda x: -round20(x[1]))       # stable sort
    return rows


def top_risk(rows):
    if not rows or round20(rows[0][1]) == 0:
        return None
    name, _, month = rows[0]
    return name if month is None else "%s (month %d)" % (name, month)


def v3_warnings(acc, pol, eta, val):
    """Warnings 1-7 of the model's result CSV section, in that order."""
    H = pol.H
    w = []
    # 1. active, every risk.* 0 as given, no event inside the horizon with p > 0, and no
    #    renewal risk (no term, or h_R = 0)
    if (acc.stage == "active" and all(p == 0 for p in acc.p)
            and not any(event_year(mo) <= H and p > 0 for mo, _, p in acc.events)
            and (acc.L is None or val.hR == 0)):
        w.append("no termination risk given: survival is 100 %")
    # 2. c >= m where m > 0
    if acc.m > 0 and acc.c >= acc.m:
        w.append("revenue.concession %s is at least revenue.gross_margin %s: the first "
                 "year's sales earn nothing or lose money" % (plain(acc.c), plain(acc.m)))
    # 3. g <= -0.3
    if acc.g <= Dec("-0.3"):
        w.append("revenue.growth %s halves the volume within two years" % plain(acc.g))
    # 4. six or seven roles marked present: false
    nabs = sum(1 for _, st in acc.roles if st == "absent")
    if nabs >= 6:
        w.append("%d of 7 roles are marked absent: coverage says little" % nabs)
    # 5. a prospect with Z > 0
    if acc.stage == "prospect" and acc.Z > 0:
        w.append("release is counted only for active accounts: ignored")
    # 6. each event after the horizon
    for month, _, _ in acc.events:
        if event_year(month) > H:
            w.append("event in month %d falls after the %d-year horizon: ignored" % (month, H))
    # 7. eta (before hurdle_per_*) nonzero and strictly between -1 and 1
    if eta != 0 and -ONE < eta < ONE:
        w.append("hurdle %s is %s hundredths of a %s: the hurdle is an amount of money"
                 % (plain(eta), plain(eta * 100), acc.currency))
    return w


def sensitivity_rows(acc, pol, r):
    """Each input x replaced by x(1 - sigma) and x(1 + sigma), clamped to its valid range;
    swing = |V+ - V-|; sorted by swing, largest first, equal swings in the model's order."""
    sg = pol.sigma
    rows = []

    def scaled(x, lo, hi):
        return clamp(x * (ONE - sg), lo, hi), clamp(x * (ONE + sg), lo, hi)

    def val_of(a2, r2=None, P2=None):
        return valuate(a2, pol, r=(r if r2 is None else r2), P_override=P2).value

    def simple(name, field, lo, hi):
        x = getattr(acc, field)
        lo_x, hi_x = scaled(x, lo, hi)
        rows.append((name, val_of(replace(acc, **{field: lo_x})),
                     val_of(replace(acc, **{field: hi_x}))))

    simple("revenue.annual", "R", ZERO, MONEY_MAX)
    simple("revenue.growth", "g", Dec("-0.5"), Dec("0.5"))
    simple("revenue.gross_margin", "m", ZERO, ONE)
    simple("revenue.concession", "c", ZERO, ONE)
    simple("revenue.price_down", "lam", ZERO, Dec("0.5"))
    simple("revenue.cost_down", "omega", ZERO, Dec("0.5"))
    simple("revenue.rebate", "beta", ZERO, ONE)
    simple("revenue.scale_savings", "S", ZERO, MONEY_MAX)
    lo_c = tuple(scaled(ci, ZERO, MONEY_MAX)[0] for ci in acc.cts)
    hi_c = tuple(scaled(ci, ZERO, MONEY_MAX)[1] for ci in acc.cts)
    rows.append(("cost_to_serve", val_of(replace(acc, cts=lo_c)), val_of(replace(acc, cts=hi_c))))
    simple("cost_to_serve.inflation", "infl", Dec("-0.5"), Dec("0.5"))
    D = acc.terms + acc.delay
    lo_d, hi_d = scaled(D, ZERO, D365)
    rows.append(("payment.days", val_of(replace(acc, terms=lo_d, delay=ZERO)),
                 val_of(replace(acc, terms=hi_d, delay=ZERO))))
    simple("payment.default_rate", "b", ZERO, ONE)
    for i, name in enumerate(RISKS):
        lo_p, hi_p = scaled(acc.p[i], ZERO, ONE)
        pl = list(acc.p)
        ph = list(acc.p)
        pl[i] = lo_p
        ph[i] = hi_p
        rows.append(("risk." + name, val_of(replace(acc, p=tuple(pl))),
                     val_of(replace(acc, p=tuple(ph)))))
    simple("risk.termination_compensation", "k", ZERO, ONE)
    simple("reference", "ref_raw", ZERO, None)
    if acc.L is not None:
        simple("contract.retender_probability", "theta", ZERO, ONE)
        simple("contract.incumbent_win_probability", "w", ZERO, ONE)
        simple("contract.nonrenewal", "nu", ZERO, ONE)
        simple("contract.retender_cost", "T", ZERO, MONEY_MAX)
    if acc.stage == "prospect":
        P = win_probability(acc, pol)
        lo_p, hi_p = scaled(P, ZERO, ONE)
        rows.append(("win_probability", val_of(acc, P2=lo_p), val_of(acc, P2=hi_p)))
        lo_a = tuple(scaled(x, ZERO, MONEY_MAX)[0] for x in acc.acq)
        hi_a = tuple(scaled(x, ZERO, MONEY_MAX)[1] for x in acc.acq)
        rows.append(("acquisition", val_of(replace(acc, acq=lo_a)), val_of(replace(acc, acq=hi_a))))
        simple("acquisition.onboarding", "O", ZERO, MONEY_MAX)
    lo_r, hi_r = scaled(r, ZERO, ONE)
    rows.append(("discount_rate", val_of(acc, r2=lo_r), val_of(acc, r2=hi_r)))
    out = [(name, vm, vp, abs(vp - vm)) for name, vm, vp in rows]
    # sort by swing (compared at 30 decimal places, so that 80-digit rounding noise does not
    # separate mathematically equal swings), largest first; stable for equal swings
    out.sort(key=lambda x: -x[3].quantize(Dec("1e-30")))
    return out


# ---------------------------------------------------------------------------------------
# One account, one policy: every figure
# ---------------------------------------------------------------------------------------
def evaluate(acc, pol, diag=None):
    r = account_rate(acc, pol)
    H = pol.H
    prospect = acc.stage == "prospect"
    base = valuate(acc, pol, r)
    V = base.value
    eta, eta_e = effective_hurdle(acc, pol, r)
    V_rel = release_value(acc, pol, r)
    eta_k = eta_e + (V_rel if V_rel is not None else ZERO)
    near = False
    # exit decisions of the valuation as it is
    for t in base.points:
        if abs(base.cont[t] - base.out[t]) <= NEAR:
            near = True

    def ge(x):
        nonlocal near
        if abs(x - eta_k) <= NEAR:
            near = True
        return x >= eta_k

    # verdict table
    lever = None
    subsidy = None
    pkg_reaches = None
    if prospect:
        if ge(V):
            verdict = "pursue"
        elif acc.image:
            verdict = "pursue_strategic"
        else:
            verdict = "decline"
    else:
        if ge(V):
            verdict = "retain"
        else:
            singles = []
            # cost to serve cut by phi (no match when phi = 0)
            if pol.phi != 0 and ge(valuate(with_cost_cut(acc, pol.phi), pol, r).value):
                singles.append("cost_to_serve")
            # concession cut by min(psi, c) (no match when c = 0 or psi = 0)
            if acc.c != 0 and pol.psi != 0 and ge(
                    valuate(with_concession(acc, acc.c - min(pol.psi, acc.c)), pol, r).value):
                singles.append("concession")
            # payment terms cut by min(chi, terms_days) (no match when either is 0)
            if acc.terms != 0 and pol.chi != 0 and ge(
                    valuate(with_terms_cut(acc, min(pol.chi, acc.terms)), pol, r).value):
                singles.append("payment_terms")
            pkg_reaches = ge(valuate(with_package(acc, pol, ONE), pol, r).value)
            if singles:
                verdict = "restructure"
                lever = "|".join(singles)
            elif pkg_reaches:
                verdict = "restructure"
                lever = "package"
            elif acc.image:
                verdict = "retain_strategic"
            else:
                verdict = "release"
    if verdict in ("retain_strategic", "pursue_strategic"):
        subsidy = eta_k - V
    # break-even figures
    fig_cost, n_cost, tr_cost = newton(
        ZERO, lambda x: valuate(with_cost_cut(acc, x), pol, r), slope_cost(acc), eta_k, H)
    fig_conc, n_conc, tr_conc = newton(
        acc.c, lambda x: valuate(with_concession(acc, x), pol, r), slope_concession(acc, r),
        eta_k, H)
    fig_terms, n_terms, tr_terms = newton(
        ZERO, lambda x: valuate(with_terms_cut(acc, x), pol, r), slope_terms(acc, r), eta_k, H)
    # win_probability_to_hurdle = (eta_k + A) / (delta (LV - O)); absent when delta(LV-O) <= 0
    wp = None
    if prospect:
        den = base.delta * (base.LV - acc.O)
        if den > 0:
            wp = (eta_k + sum(acc.acq, ZERO)) / den
    # package_to_hurdle: 0 when V >= eta_k; bisection when the whole package reaches
    pkg = None
    if not prospect:
        if V >= eta_k:
            pkg = ZERO
        elif pkg_reaches:
            lo, hi = 0, 10000
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if ge(valuate(with_package(acc, pol, Dec(mid) / Dec(10000)), pol, r).value):
                    hi = mid
                else:
                    lo = mid
            pkg = Dec(hi) / Dec(10000)
    drv = drivers(acc, pol, base)
    sens = sensitivity_rows(acc, pol, r)
    exp = {"verdict": verdict, "value": fig(V)}
    for x in COMPONENTS:
        exp[x] = fig(base.comps[x])
    exp.update({
        "annual_survival": fig(base.s),
        "renewal_survival": fig(ONE - base.hR) if base.hR is not None else None,
        "expected_years": fig(base.exp_years),
        "coverage": fig(base.kappa),
        "win_probability": fig(base.P) if prospect else None,
        "delay_factor": fig(base.delta) if prospect else None,
        "hurdle": fig(eta_e),
        "release_value": fig(V_rel),
        "exit_year": base.E if base.exited else None,
        "cost_cut_to_hurdle": fig(fig_cost),
        "concession_to_hurdle": fig(fig_conc),
        "terms_cut_to_hurdle": fig(fig_terms),
        "package_to_hurdle": fig(pkg),
        "win_probability_to_hurdle": fig(wp),
        "subsidy": fig(subsidy),
        "lever": lever,
        "top_risk": top_risk(drv),
        "drivers": [[nm, fig(pr)] if mo is None else [nm, fig(pr), mo] for nm, pr, mo in drv],
        "v3_warnings": v3_warnings(acc, pol, eta, base),
        "sensitivity": [{"input": nm, "minus": fig(vm), "plus": fig(vp), "swing": fig(sw)}
                        for nm, vm, vp, sw in sens],
        "near_tie": near,
    })
    if diag is not None:
        diag.update({"r": r, "eta_k": eta_k, "base": base, "newton_steps": {
            "cost": n_cost, "concession": n_conc, "terms": n_terms},
            "newton_traces": {"cost": tr_cost, "concession": tr_conc, "terms": tr_terms},
            "figs": {"cost": fig_cost, "concession": fig_conc, "terms": fig_terms,
                     "package": pkg, "wp": wp}})
    return exp


# ---------------------------------------------------------------------------------------
# Random accounts (fixed seed)
# ---------------------------------------------------------------------------------------
def rdec(rng, lo, hi, places=4):
    """A decimal in [lo, hi] with at most `places` decimal places, as a plain string."""
    scale = 10 ** places
    k = rng.randint(int(Dec(lo) * scale), int(Dec(hi) * scale))
    return plain(Dec(k) / Dec(scale))


def rmoney(rng, lo, hi):
    return str(rng.randint(lo, hi))


def random_case(rng, idx):
    stage = "prospect" if rng.random() < 0.35 else "active"
    cur = rng.choice(["EUR", "USD", "RUB", "GBP"])
    H = rng.choice([1, 2, 3, 4, 5, 5, 5, 6, 7, 8, 10, 12, 15, 20]) if rng.random() < 0.95 else rng.randint(25, 50)
    R = rng.randint(1, 200) * 100000
    m = rdec(rng, "0.12", "0.42", 3)
    acc = {"id": "R-%03d" % idx, "currency": cur, "stage": stage}
    rev = {"annual": str(R), "gross_margin": m}
    if rng.random() < 0.6:
        rev["growth"] = rdec(rng, "-0.35", "0.12")
    if rng.random() < 0.8:
        rev["concession"] = rdec(rng, "0", "0.15")
    if rng.random() < 0.3:
        rev["ramp_years"] = rng.randint(0, 4)
    if rng.random() < 0.45:
        rev["price_down"] = rdec(rng, "0", "0.08")
    elif rng.random() < 0.3:
        # a car maker's price-downs, outrunning our own productivity
        rev["price_down"] = rdec(rng, "0.04", "0.15")
    if rng.random() < 0.4:
        rev["cost_down"] = rdec(rng, "0", "0.05")
    if rng.random() < 0.4:
        rev["rebate"] = rdec(rng, "0", "0.05")
        if rng.random() < 0.6:
            rev["rebate_probability"] = rdec(rng, "0.2", "1")
        if rng.random() < 0.6:
            rev["rebate_days"] = rng.choice([0, 30, 90, 180, 365, rng.randint(0, 365)])
    if rng.random() < 0.4:
        rev["scale_savings"] = rmoney(rng, 0, R // 50)
    acc["revenue"] = rev
    cts = {}
    for item in CTS_ITEMS:
        if rng.random() < 0.5:
            cts[item] = rmoney(rng, 0, max(1, R // 25))
    if rng.random() < 0.4:
        cts["inflation"] = rdec(rng, "-0.05", "0.12")
    if cts:
        acc["cost_to_serve"] = cts
    if stage == "prospect" or rng.random() < 0.1:
        acq = {}
        for item in ACQ_ITEMS:
            if rng.random() < 0.6:
                acq[item] = rmoney(rng, 0, R // 40)
        if rng.random() < 0.6:
            acq["onboarding"] = rmoney(rng, 0, R // 15)
        acc["acquisition"] = acq
    pay = {}
    if rng.random() < 0.8:
        pay["terms_days"] = rng.choice([0, 15, 30, 45, 60, 90, 120, rng.randint(0, 180)])
    if rng.random() < 0.4:
        pay["delay_days"] = rng.randint(0, 60)
    if rng.random() < 0.5:
        pay["default_rate"] = rdec(rng, "0", "0.03")
    if pay:
        acc["payment"] = pay
    risk = {}
    for name in RISKS:
        if rng.random() < 0.4:
            risk[name] = rdec(rng, "0", "0.12")
    if rng.random() < 0.4:
        risk["termination_compensation"] = rdec(rng, "0", "1")
    if risk:
        acc["risk"] = risk
    if rng.random() < 0.6:
        roles = []
        for role in ROLES:
            x = rng.random()
            if x < 0.35:
                roles.append({"role": role, "covered": True})
            elif x < 0.6:
                roles.append({"role": role, "covered": False})
            elif x < 0.7:
                roles.append({"role": role, "present": False})
        if roles:
            acc["relationship"] = {"roles": roles}
    if stage == "prospect" or rng.random() < 0.1:
        pur = {}
        if rng.random() < 0.4:
            pur["win_probability"] = rdec(rng, "0.05", "0.95")
        else:
            pur["competitors"] = rng.randint(0, 5)
            ev = {e: True for e in EVIDENCE if rng.random() < 0.4}
            if ev:
                pur["evidence"] = ev
        if rng.random() < 0.7:
            pur["sales_cycle_months"] = rng.choice([0, 6, 12, 13, 18, 24, rng.randint(0, 60)])
        acc["pursuit"] = pur
    if rng.random() < 0.4:
        ref = {"annual_value": rmoney(rng, 0, R // 30)}
        if rng.random() < 0.3:
            ref["uses"] = [{"kind": rng.choice(["case_study", "logo", "site_visit"]),
                            "per_year": rng.randint(0, 4), "margin_per_use": rmoney(rng, 0, R // 200),
                            "probability": rdec(rng, "0", "1")}]
        acc["reference"] = ref
    if rng.random() < 0.55:
        L = rng.choice([1, 2, 3, 3, 4, 5, 7])
        con = {"term_years": L}
        if stage == "active" and L > 1 and rng.random() < 0.6:
            con["years_elapsed"] = rng.randint(0, L - 1)
        if rng.random() < 0.7:
            con["retender_probability"] = rdec(rng, "0", "1")
        if rng.random() < 0.5:
            con["incumbent_win_probability"] = rdec(rng, "0.3", "0.9")
        if rng.random() < 0.5:
            con["nonrenewal"] = rdec(rng, "0", "0.25")
        if rng.random() < 0.6:
            con["retender_cost"] = rmoney(rng, 0, R // 20)
        acc["contract"] = con
    nev = rng.choice([0, 0, 0, 1, 1, 2, 3, 4])
    if nev:
        acc["events"] = [{"month": rng.randint(1, min(600, 12 * H + 30)),
                          "risk": rng.choice(RISKS), "probability": rdec(rng, "0", "0.6")}
                         for _ in range(nev)]
    if rng.random() < 0.35:
        acc["release"] = {"stranded_cost": rmoney(rng, 0, R // 15)}
        if rng.random() < 0.7:
            acc["release"]["stranded_years"] = rng.randint(0, 6)
    if rng.random() < 0.15:
        acc["image_critical"] = True
    pol = {"horizon_years": H}
    pol["timing"] = rng.choice(["end", "mid", "start"])
    if rng.random() < 0.4:
        pol["exit_option"] = rng.random() < 0.4
    if rng.random() < 0.5:
        pol["discount_rate"] = rdec(rng, "0.03", "0.2")
    x = rng.random()
    if x < 0.5:
        # a hurdle near the account's own value (found by valuing it first), so that a good
        # share of accounts falls below the bar by a gap the levers may or may not close
        v0 = eval_json(pol, acc)["value"]
        gap = Dec(R * H) * Dec(rng.randint(-100, 300)) / Dec(10000)
        pol["hurdle"] = str(int((Dec(v0) + gap).to_integral_value()))
    elif x < 0.65:
        pol["hurdle"] = rmoney(rng, 0, R // 4)
    elif x < 0.75:
        pol["hurdle"] = {cur: rmoney(rng, 0, R // 3)}
    elif x < 0.85:
        pol["hurdle_per_revenue"] = rdec(rng, "0", "0.15")
    elif x < 0.9:
        pol["hurdle"] = rdec(rng, "-0.99", "0.99", 2)
    elif x < 0.95:
        pol["hurdle"] = "-" + rmoney(rng, 0, R // 10)
    if stage == "prospect" and rng.random() < 0.3:
        pol["hurdle_per_pursuit"] = rdec(rng, "0", "4", 2)
    if rng.random() < 0.3:
        pol["max_cost_cut"] = rdec(rng, "0", "0.6")
    if rng.random() < 0.3:
        pol["max_concession_cut"] = rdec(rng, "0", "0.06")
    if rng.random() < 0.3:
        pol["max_terms_cut"] = rng.randint(0, 90)
    if rng.random() < 0.2:
        pol["sensitivity_step"] = rdec(rng, "0.05", "0.5", 2)
    return {"name": "random_%03d" % idx, "policy": pol, "account": acc}


def random_inputs():
    rng = random.Random(3)
    return [random_case(rng, i + 1) for i in range(120)]


# ---------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------
def load(path):
    with open(path, encoding="utf-8") as f:
        return json.loads(f.read(), parse_float=Decimal)


def dumps(obj):
    return json.dumps(obj, indent=1, ensure_ascii=False) + "\n"


def eval_json(policy_j, account_j, diag=None):
    return evaluate(parse_account(account_j), parse_policy(policy_j), diag)


def to_plain_json(x):
    """Decimals (from parse_float) back to JSON strings for random_cases.json."""
    if isinstance(x, dict):
        return {k: to_plain_json(v) for k, v in x.items()}
    if isinstance(x, list):
        return [to_plain_json(v) for v in x]
    if isinstance(x, Decimal):
        return plain(x)
    return x


def build_files():
    """The three generated files, as the exact text written (deterministic)."""
    hand = load(os.path.join(HERE, "accounts.json"))
    cases = [{"name": c["name"], "expected": eval_json(c["policy"], c["account"])} for c in hand]
    v2 = load(V2_ACCOUNTS)
    default = [{"name": c["name"], "expected": eval_json(c["policy"], c["account"])} for c in v2]
    no_exit = []
    for c in v2:
        pol = dict(c["policy"])
        pol["exit_option"] = False
        no_exit.append({"name": c["name"], "expected": eval_json(pol, c["account"])})
    rnd = []
    for c in random_inputs():
        rnd.append({"name": c["name"], "policy": c["policy"], "account": c["account"],
                    "expected": eval_json(c["policy"], c["account"])})
    return {"cases.json": dumps(cases),
            "v2_accounts_under_v3.json": dumps({"default": default, "no_exit": no_exit}),
            "random_cases.json": dumps(rnd)}


def generate():
    files = build_files()
    for name, text in files.items():
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print("wrote %s (%d bytes)" % (name, len(text.encode("utf-8"))))


# ---------------------------------------------------------------------------------------
# --check: sanity checks and an independent brute force over exit years
# ---------------------------------------------------------------------------------------
def brute_values(acc, pol, r, allow_exit):
    """Independent re-derivation: for every possible exit year E (each decision point, and
    'never' = H) the value of 'supply years 1..E', computed directly from the formulas with
    its own plain loops (no shared arrays with valuate). Returns {E: LV_E}."""
    H = pol.H
    v = ONE / (ONE + r)
    if pol.timing == "end":
        tau = ONE
    elif pol.timing == "mid":
        tau = (ONE + r).sqrt()
    else:
        tau = ONE + r

    def dd(t):
        return ipow(v, t) * tau

    status = dict(acc.roles)
    wts = dict(pol.weights)
    den = sum((wts[x] for x in ROLES if status.get(x) != "absent"), ZERO)
    kap = ZERO if den == 0 else sum((wts[x] for x in ROLES if status.get(x) == "covered"), ZERO) / den
    s = ONE
    for name, p in zip(RISKS, acc.p):
        s *= ONE - (p * (ONE - pol.mu * kap) if name in REL_SENSITIVE else p)

    def surv(t):
        x = s
        for month, risk, p in acc.events:
            if (month + 11) // 12 == t:
                x *= ONE - (p * (ONE - pol.mu * kap) if risk in REL_SENSITIVE else p)
        return x

    hR = ZERO
    if acc.L is not None:
        hR = acc.theta * (ONE - acc.w) + (ONE - acc.theta) * acc.nu

    def renew(t):
        return acc.L is not None and 1 <= t <= H - 1 and (acc.e + t) % acc.L == 0

    def alive(t):
        x = ONE
        for j in range(1, t):
            x *= surv(j) * (ONE - (hR if renew(j) else ZERO))
        return x

    Z = ZERO if acc.stage == "prospect" else acc.Z

    def zhat(t):
        return sum((dd(t + j) * Z for j in range(1, min(acc.Y, H - t) + 1)), ZERO)

    Dd = acc.terms + acc.delay
    C = sum(acc.cts, ZERO)
    Vref = pol.rho * acc.ref_raw
    G = {}
    lost = {}
    X = {}
    outv = {}
    for t in range(1, H + 1):
        u = Dec(t) / Dec(acc.J + 1) if t <= acc.J else ONE
        Rt = acc.R * ipow(ONE + acc.g, t - 1) * u
        pi = ipow(ONE - acc.lam, t - 1)
        K = Rt * ((ONE - acc.c) * pi - (ONE - acc.m) * ipow(ONE - acc.omega, t - 1))
        F = Rt * (ONE - acc.c) * pi * (ONE - acc.b) * r * Dd / D365
        B = Rt * (ONE - acc.c) * pi * acc.b
        N = K - F - B
        Q = acc.beta * acc.zeta * Rt * (ONE - acc.c) * pi * (ONE - acc.b)
        Ct = C * ipow(ONE + acc.infl, t - 1)
        at = alive(t)
        stt = surv(t)
        htt = ONE - stt
        G[t] = (dd(t) * (at * stt * (N + acc.S * u + Vref) + at * htt * acc.k * N - at * Ct)
                - ipow(v, t) / (ONE + r * Dec(acc.ell) / D365) * at * stt * Q - at * htt * zhat(t))
        X[t] = (ipow(v, t) * at * stt * acc.theta * acc.T * Dec(min(acc.L, H - t)) / Dec(acc.L)
                if renew(t) else ZERO)
        lost[t] = at * stt * hR * zhat(t) if renew(t) else ZERO
        outv[t] = -at * stt * zhat(t)
    if allow_exit and not acc.image:
        cands = [t for t in range(1, H) if (renew(t) if acc.L is not None else True)]
    else:
        cands = []
    res = {}
    for E in cands + [H]:
        tot = sum((G[t] for t in range(1, E + 1)), ZERO)
        tot -= sum((X[t] + lost[t] for t in range(1, E)), ZERO)
        if E < H:
            tot += outv[E]
        res[E] = tot
    return res


def check_case(name, policy_j, account_j, counts, failures):
    def ok(cond, what):
        counts[what] = counts.get(what, [0, 0])
        counts[what][1] += 1
        if cond:
            counts[what][0] += 1
        else:
            failures.append("%s: %s" % (name, what))

    acc = parse_account(account_j)
    pol = parse_policy(policy_j)
    diag = {}
    exp = evaluate(acc, pol, diag)
    r = diag["r"]
    eta_k = diag["eta_k"]
    base = diag["base"]
    tol = Dec("1e-40")
    # 1. the components sum to value; and to LV's own total (G_1 + W_1, or P d (LV-O) - A)
    total = sum((base.comps[x] for x in COMPONENTS), ZERO)
    if acc.stage == "active":
        ok(abs(total - base.value) <= tol and abs(total - base.LV) <= tol, "components sum to value")
    else:
        ok(abs(total - base.value) <= tol, "components sum to value")
        # 6. prospect: value = P delta (LV - O) - A
        ok(abs(base.value - (base.scale * (base.LV - acc.O) - sum(acc.acq, ZERO))) <= tol,
           "prospect value = P delta (LV - O) - A")
    # 2. exit_option false: LV = sum_t (G_t - X_t - a s z h_R Zhat_t), by a plain loop
    noex = valuate(acc, pol, r, exit_option=False)
    plain_loop = brute_values(acc, pol, r, False)[pol.H]
    hRv = noex.hR if noex.hR is not None else ZERO
    loop2 = ZERO
    for t in range(1, pol.H + 1):
        loop2 += (noex.G[t] - noex.X[t] - noex.a[t] * noex.st[t] * noex.z[t] * hRv * noex.Zhat[t])
    ok(abs(noex.LV - plain_loop) <= tol and abs(noex.LV - loop2) <= tol and noex.E == pol.H
       and not noex.exited, "no-exit LV = plain sum")
    # 3. the exit option never lowers the value
    withx = valuate(acc, pol, r, exit_option=True)
    ok(withx.value >= noex.value - Dec("1e-30"), "exit option never lowers value")
    # brute force over exit years
    bv = brute_values(acc, pol, r, pol.exit_option)
    best = max(bv.values())
    ok(abs(base.LV - best) <= tol and abs(bv[base.E] - best) <= Dec("1e-30"),
       "backward induction = max over exit years")
    # 4. V at each present break-even figure (as written, 28 digits) within eps of eta_k
    for key, field in (("cost", "cost_cut_to_hurdle"), ("concession", "concession_to_hurdle"),
                       ("terms", "terms_cut_to_hurdle")):
        s = exp[field]
        if s is None:
            continue
        x = Dec(s)
        if key == "cost":
            vv = valuate(with_cost_cut(acc, x), pol, r)
        elif key == "concession":
            vv = valuate(with_concession(acc, x), pol, r)
        else:
            vv = valuate(with_terms_cut(acc, x), pol, r)
        ok(abs(vv.value - eta_k) <= vv.eps, "V at break-even within eps")
    # the Newton slopes equal the slopes of V with the years supplied held (finite difference
    # of the fixed-E value, which is linear), at the figure as is
    if acc.stage == "active" or True:
        h = Dec("1e-10")

        def fixed_E_value(a2):
            vals = brute_values(a2, pol, r, True) if base.exited else brute_values(a2, pol, r, False)
            lv = vals[base.E]
            if acc.stage == "prospect":
                return base.scale * (lv - a2.O) - sum(a2.acq, ZERO)
            return lv
        v0 = fixed_E_value(acc)
        sc = slope_cost(acc)(base)
        sc_fd = (fixed_E_value(with_cost_cut(acc, h)) - v0) / h
        scn = slope_concession(acc, r)(base)
        scn_fd = (fixed_E_value(with_concession(acc, acc.c + h)) - v0) / h
        stt = slope_terms(acc, r)(base)
        stt_fd = (fixed_E_value(with_terms_cut(acc, h)) - v0) / h
        ok(abs(sc - sc_fd) <= Dec("1e-20") * (1 + abs(sc)) and
           abs(scn - scn_fd) <= Dec("1e-20") * (1 + abs(scn)) and
           abs(stt - stt_fd) <= Dec("1e-20") * (1 + abs(stt)), "Newton slopes = fixed-E slopes")
    # win_probability_to_hurdle: V at that P equals eta_k
    if exp["win_probability_to_hurdle"] is not None:
        P2 = Dec(exp["win_probability_to_hurdle"])
        vv = valuate(acc, pol, r, P_override=P2)
        ok(abs(vv.value - eta_k) <= vv.eps, "V at win_probability_to_hurdle within eps")
    # 5. package: reaches at j*/10000, not one step less
    if exp["package_to_hurdle"] is not None and Dec(exp["package_to_hurdle"]) > 0:
        xi = Dec(exp["package_to_hurdle"])
        v_at = valuate(with_package(acc, pol, xi), pol, r).value
        v_less = valuate(with_package(acc, pol, xi - Dec("0.0001")), pol, r).value
        ok(v_at >= eta_k and v_less < eta_k, "package reaches at j*, not at j*-1")
    if exp["package_to_hurdle"] == "0":
        ok(base.value >= eta_k, "package 0 only when V >= eta_k")
    # 7. an event with probability 0 inside the horizon changes no figure
    if len(acc.events) < 16:
        month = 1 + (len(acc.events) * 7) % (12 * pol.H)
        acc_j2 = json.loads(json.dumps(to_plain_json(account_j)))
        acc_j2.setdefault("events", [])
        acc_j2["events"] = list(acc_j2["events"]) + [
            {"month": month, "risk": "strategy_change", "probability": "0"}]
        exp2 = eval_json(policy_j, acc_j2)
        d2 = [x for x in exp2["drivers"] if x != ["strategy_change", "0", month]]
        same = all(exp2[k] == exp[k] for k in exp if k != "drivers") and d2 == exp["drivers"]
        same = same and len(exp2["drivers"]) == len(exp["drivers"]) + 1
        ok(same, "zero-probability event changes nothing")
    # structural checks on the written figures
    # (each written figure is rounded to 28 significant digits: at most 1e-27 relative)
    comps_sum = sum((Dec(exp[x]) for x in COMPONENTS), ZERO)
    abs_sum = sum((abs(base.comps[x]) for x in COMPONENTS), ZERO)
    ok(abs(comps_sum - Dec(exp["value"])) <= Dec("1e-27") * abs_sum + Dec("1e-40"),
       "written components add to written value")
    # an image-critical account, or exit_option false, never exits
    if acc.image or not pol.exit_option:
        ok(exp["exit_year"] is None and base.E == pol.H, "no exit without the exit option")
    return exp, diag


def check_gupta_lehmann(counts, failures):
    """the model's check: with only R and m, s = retention and H -> infinity,
    LV -> R m s / (1 + r - s). With H = 50 the remainder is below (s v)^50 of the limit."""
    for R_, m_, p_, r_ in (("1000000", "0.3", "0.1", "0.12"), ("5000000", "0.22", "0.05", "0.08"),
                           ("250000", "0.4", "0.3", "0.2")):
        acc = parse_account({"id": "GL", "currency": "EUR", "stage": "active",
                             "revenue": {"annual": R_, "gross_margin": m_},
                             "risk": {"ownership_change": p_}})
        pol = parse_policy({"horizon_years": 50, "discount_rate": r_})
        val = valuate(acc, pol)
        s = ONE - Dec(p_)
        r = Dec(r_)
        limit = Dec(R_) * Dec(m_) * s / (ONE + r - s)
        bound = limit * ipow(s / (ONE + r), 50) * 2
        what = "Gupta-Lehmann limit (H = 50)"
        counts.setdefault(what, [0, 0])
        counts[what][1] += 1
        if abs(val.LV - limit) <= bound and val.LV < limit:
            counts[what][0] += 1
        else:
            failures.append("%s: %s %s" % (what, val.LV, limit))


def run_checks():
    counts = {}
    failures = []
    hand = load(os.path.join(HERE, "accounts.json"))
    sets = [("hand", [(c["name"], c["policy"], c["account"]) for c in hand])]
    v2 = load(V2_ACCOUNTS)
    sets.append(("v2 default", [(c["name"], c["policy"], c["account"]) for c in v2]))
    sets.append(("v2 no_exit", [(c["name"], dict(c["policy"], exit_option=False), c["account"])
                                for c in v2]))
    sets.append(("random", [(c["name"], c["policy"], c["account"]) for c in random_inputs()]))
    counts["files up to date"] = [0, 0]
    n_cases = 0
    for label, items in sets:
        for name, pol, acc in items:
            check_case(label + "/" + name, pol, acc, counts, failures)
            n_cases += 1
    # the generated files on disk are exactly what this program writes now
    files = build_files()
    for fname, text in files.items():
        counts["files up to date"][1] += 1
        try:
            with open(os.path.join(HERE, fname), encoding="utf-8", newline="") as f:
                good = f.read() == text
        except FileNotFoundError:
            good = False
        if good:
            counts["files up to date"][0] += 1
        else:
            failures.append("%s is missing or stale: run reference.py" % fname)
    check_gupta_lehmann(counts, failures)
    total_pass = sum(v[0] for v in counts.values())
    total = sum(v[1] for v in counts.values())
    print("checked %d evaluations" % n_cases)
    for k, (p, n) in counts.items():
        print("  %-45s %5d / %5d" % (k, p, n))
    print("%d of %d checks passed" % (total_pass, total))
    for f in failures[:50]:
        print("FAIL", f)
    return 0 if not failures else 1


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        sys.exit(run_checks())
    generate()
