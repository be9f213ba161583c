#!/usr/bin/env python3
"""Independent reference for the v2 golden cases (the model's contract, "model v2").

Regenerate (from the repository root):

    python3 tests/golden/v2/reference.py            > tests/golden/v2/cases.json
    python3 tests/golden/v2/reference.py --v1       > tests/golden/v2/v1_accounts_under_v2.json
    python3 tests/golden/v2/reference.py --compare-v1   # v1 cases.json vs v2, for NOTES.md
    python3 tests/golden/v2/reference.py --check        # sanity checks (exit 1 on failure)

Written from the model's contract alone; it shares no code with the crate.

Arithmetic
----------
Everything is exact rational arithmetic (`fractions.Fraction`).  The one irrational
number of the model is the mid-year timing factor tau = sqrt(1 + r).  Since every
d_t-discounted flow is (exact rational) x tau, and the re-tender cost, onboarding and
acquisition are rational, every figure of one valuation lies in the field Q(sqrt(1+r)):
it is kept exactly as a + b*sqrt(q) (class `QT`), so verdicts, signs and the |x| > 10^6
absence rule are decided exactly.  `decimal` with 60 significant digits
(getcontext().prec = 60) is used only to turn such a number into digits (and for the
sensitivity row `discount_rate` under mid timing, whose two valuations have different
square roots).  Every printed figure is cross-checked at 100 digits.

Output numbers: rounded to 28 significant digits, round half even; trailing zeros after
the decimal point are dropped ("0.5", "7000000", zero as "0"); absent figures are null.
"""
import json
import re
import sys
from decimal import Decimal, getcontext, localcontext, ROUND_HALF_EVEN
from fractions import Fraction as F
from math import isqrt
from pathlib import Path

getcontext().prec = 60
HERE = Path(__file__).resolve().parent

# ----------------------------------------------------------------------------------
# Constants of the model's contract
# ----------------------------------------------------------------------------------
RISKS = ["ownership_change", "management_change", "strategy_change", "political",
         "labor_disruption", "reputational", "competitor_displacement"]  # table order
SENSITIVE = {"management_change", "strategy_change", "competitor_displacement"}
ROLES = ["user", "preparer", "approver", "budget_holder", "final_decision", "legal",
         "procurement"]
DEFAULT_ROLE_WEIGHTS = {"user": F(1), "preparer": F(1), "approver": F(2),
                        "budget_holder": F(2), "final_decision": F(3), "legal": F(1),
                        "procurement": F(1)}
EVIDENCE = ["need_confirmed", "decision_process_mapped", "economic_buyer_engaged",
            "champion", "incumbent_entrenched"]
DEFAULT_ODDS = {"need_confirmed": F("1.5"), "decision_process_mapped": F("1.3"),
                "economic_buyer_engaged": F("1.5"), "champion": F(2),
                "incumbent_entrenched": F("0.5")}
COST_ITEMS = ["account_team", "service", "customization", "reference_program", "other"]
ACQ_ITEMS = ["tender", "free_work", "legal", "executive"]
USE_KINDS = {"case_study", "logo", "site_visit", "speaking", "press", "pr_event"}
COMPONENTS = ["contribution", "scale_savings", "reference", "financing", "bad_debt",
              "compensation", "cost_to_serve", "retender", "onboarding", "acquisition"]
MONEY_MAX = F(10) ** 15
BIG = F(10) ** 6          # break-even figures larger than this in |.| are absent
NUM_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
CUR_RE = re.compile(r"^[A-Z]{3}$")


# ----------------------------------------------------------------------------------
# Numbers a + b*sqrt(q) (q = 1 + r for mid timing); b = 0 means a plain rational.
# ----------------------------------------------------------------------------------
class QT:
    __slots__ = ("a", "b", "q")

    def __init__(self, a, b=F(0), q=None):
        self.a, self.b, self.q = F(a), F(b), q
        assert self.b == 0 or self.q is not None

    @staticmethod
    def lift(x):
        return x if isinstance(x, QT) else QT(x)

    def _common_q(self, o):
        if self.b == 0:
            return o.q
        if o.b == 0:
            return self.q
        if self.q != o.q:
            raise ValueError("different square roots")
        return self.q

    def __add__(self, o):
        o = QT.lift(o)
        return QT(self.a + o.a, self.b + o.b, self._common_q(o))
    __radd__ = __add__

    def __neg__(self):
        return QT(-self.a, -self.b, self.q)

    def __sub__(self, o):
        return self + (-QT.lift(o))

    def __rsub__(self, o):
        return QT.lift(o) - self

    def __mul__(self, o):
        o = QT.lift(o)
        q = self._common_q(o)
        return QT(self.a * o.a + (self.b * o.b * q if q is not None else 0),
                  self.a * o.b + self.b * o.a, q)
    __rmul__ = __mul__

    def __truediv__(self, o):
        o = QT.lift(o)
        if o.b == 0:
            return QT(self.a / o.a, self.b / o.a, self.q)
        q = self._common_q(o)
        den = o.a * o.a - o.b * o.b * q          # nonzero: sqrt(q) is irrational here
        return self * QT(o.a / den, -o.b / den, q)

    def __rtruediv__(self, o):
        return QT.lift(o) / self

    def sign(self):
        sa = (self.a > 0) - (self.a < 0)
        sb = (self.b > 0) - (self.b < 0)
        if sb == 0:
            return sa
        if sa == 0 or sa == sb:
            return sb
        cmp = self.a * self.a - self.b * self.b * self.q   # |a| vs |b| sqrt(q)
        return sa if cmp > 0 else (sb if cmp < 0 else 0)

    def __abs__(self):
        return -self if self.sign() < 0 else self

    def is_zero(self):
        return self.a == 0 and self.b == 0

    def to_decimal(self, prec=60):
        with localcontext() as ctx:
            ctx.prec = prec
            x = Decimal(self.a.numerator) / Decimal(self.a.denominator)
            if self.b:
                root = (Decimal(self.q.numerator) / Decimal(self.q.denominator)).sqrt()
                x += Decimal(self.b.numerator) / Decimal(self.b.denominator) * root
            return x


def sgn(x):
    return QT.lift(x).sign()


def rational_sqrt(x):
    """sqrt of a Fraction if it is rational, else None."""
    n, d = x.numerator, x.denominator
    rn, rd = isqrt(n), isqrt(d)
    return F(rn, rd) if rn * rn == n and rd * rd == d else None


def fmt(x):
    """28 significant digits, round half even, plain notation, trailing zeros dropped."""
    if x is None:
        return None
    if isinstance(x, Decimal):
        d = x
        with localcontext() as ctx:
            ctx.prec, ctx.rounding = 28, ROUND_HALF_EVEN
            d = +d
    else:
        x = QT.lift(x)
        with localcontext() as ctx:
            ctx.prec, ctx.rounding = 28, ROUND_HALF_EVEN
            if x.b == 0:   # exact rational: one correctly rounded division
                d = Decimal(x.a.numerator) / Decimal(x.a.denominator)
            else:          # irrational: 60 digits, checked against 100 digits
                d = +x.to_decimal(60)
                assert d == +x.to_decimal(100), "60 digits were not enough"
    if d == 0:
        return "0"
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


# ----------------------------------------------------------------------------------
# Validation with defaults (Inputs: Account / Policy)
# ----------------------------------------------------------------------------------
class Invalid(Exception):
    pass


class Checker:
    def __init__(self):
        self.errors = []

    def err(self, msg):
        self.errors.append(msg)

    def obj(self, d, path, allowed):
        """A JSON object (or None = not given); unknown keys are errors."""
        if d is None:
            return {}
        if not isinstance(d, dict):
            self.err(f"{path} must be an object")
            return {}
        for key in d:
            if key not in allowed:
                self.err(f"unknown field {path + '.' if path else ''}{key}")
        return d

    def number(self, x, path):
        if isinstance(x, bool):
            self.err(f"{path} must be a number, got {x}")
            return None
        if isinstance(x, (int, F)):
            return F(x)
        if isinstance(x, str) and NUM_RE.match(x.strip()):
            return F(x.strip())
        self.err(f"{path} must be a plain decimal number, got {x!r}")
        return None

    def dec(self, d, key, path, lo, hi, default, required=False, lo_open=False):
        x = d.get(key)
        if x is None:
            if required:
                self.err(f"{path} is required")
            return default
        v = self.number(x, path)
        if v is None:
            return default
        if (v <= lo if lo_open else v < lo) or (hi is not None and v > hi):
            self.err(f"{path} must be between {lo} and {hi}, got {x}")
            return default
        return v

    def integer(self, d, key, path, lo, hi, default):
        x = d.get(key)
        if x is None:
            return default
        if isinstance(x, bool) or not (isinstance(x, int) or
                                       (isinstance(x, str) and x.strip().isdigit())):
            self.err(f"{path} must be an integer, got {x!r}")
            return default
        v = int(x)
        if v < lo or (hi is not None and v > hi):
            self.err(f"{path} must be between {lo} and {hi}, got {x}")
            return default
        return v

    def boolean(self, d, key, path):
        x = d.get(key)
        if x is None:
            return False
        if not isinstance(x, bool):
            self.err(f"{path} must be true or false")
            return False
        return x

    def word(self, x, path, choices):
        if not isinstance(x, str) or x.strip().lower() not in choices:
            self.err(f"{path} must be one of {sorted(choices)}, got {x!r}")
            return None
        return x.strip().lower()

    def currency(self, x, path):
        if not isinstance(x, str) or not CUR_RE.match(x):
            self.err(f"{path} must be three capital letters, got {x!r}")
            return None
        return x


def validate_account(raw):
    ck = Checker()
    top = ck.obj(raw, "", {"id", "name", "currency", "stage", "revenue", "cost_to_serve",
                           "acquisition", "payment", "risk", "relationship", "pursuit",
                           "reference", "contract", "image_critical"})
    a = {}
    ident = top.get("id")
    if not isinstance(ident, str) or not (1 <= len(ident.strip()) <= 64):
        ck.err("id must have 1 to 64 characters")
    a["id"] = ident.strip() if isinstance(ident, str) else None
    a["name"] = top.get("name") or ""
    a["currency"] = ck.currency(top.get("currency"), "currency")
    a["stage"] = ck.word(top.get("stage"), "stage", {"prospect", "active"})
    MM = MONEY_MAX
    rv = ck.obj(top.get("revenue"), "revenue", {"annual", "growth", "gross_margin",
                "concession", "ramp_years", "price_down", "scale_savings"})
    a["R"] = ck.dec(rv, "annual", "revenue.annual", 0, MM, F(0), required=True)
    a["g"] = ck.dec(rv, "growth", "revenue.growth", F("-0.5"), F("0.5"), F(0))
    a["m"] = ck.dec(rv, "gross_margin", "revenue.gross_margin", 0, 1, F(0), required=True)
    a["c"] = ck.dec(rv, "concession", "revenue.concession", 0, 1, F(0))
    a["J"] = ck.integer(rv, "ramp_years", "revenue.ramp_years", 0, 10, 0)
    a["lam"] = ck.dec(rv, "price_down", "revenue.price_down", 0, F("0.5"), F(0))
    a["S"] = ck.dec(rv, "scale_savings", "revenue.scale_savings", 0, MM, F(0))
    cs = ck.obj(top.get("cost_to_serve"), "cost_to_serve", set(COST_ITEMS) | {"inflation"})
    a["C_items"] = [ck.dec(cs, k, "cost_to_serve." + k, 0, MM, F(0)) for k in COST_ITEMS]
    a["i"] = ck.dec(cs, "inflation", "cost_to_serve.inflation", F("-0.5"), F("0.5"), F(0))
    aq = ck.obj(top.get("acquisition"), "acquisition", set(ACQ_ITEMS) | {"onboarding"})
    a["A_items"] = [ck.dec(aq, k, "acquisition." + k, 0, MM, F(0)) for k in ACQ_ITEMS]
    a["O"] = ck.dec(aq, "onboarding", "acquisition.onboarding", 0, MM, F(0))
    pay = ck.obj(top.get("payment"), "payment", {"terms_days", "delay_days", "default_rate"})
    terms = ck.integer(pay, "terms_days", "payment.terms_days", 0, None, 0)
    delay = ck.integer(pay, "delay_days", "payment.delay_days", 0, None, 0)
    if terms + delay > 365:
        ck.err("payment.terms_days + payment.delay_days must be at most 365")
    a["D"] = F(terms + delay)          # D = terms_days + delay_days, kept as a number
    a["b"] = ck.dec(pay, "default_rate", "payment.default_rate", 0, 1, F(0))
    rk = ck.obj(top.get("risk"), "risk", set(RISKS) | {"termination_compensation"})
    a["p"] = {k: ck.dec(rk, k, "risk." + k, 0, 1, F(0)) for k in RISKS}
    a["k"] = ck.dec(rk, "termination_compensation", "risk.termination_compensation",
                    0, 1, F(0))
    rel = ck.obj(top.get("relationship"), "relationship", {"roles"})
    a["roles"] = {}          # role -> "covered" / "uncovered" / "absent"; unlisted = unknown
    for j, item in enumerate(rel.get("roles") or []):
        path = f"relationship.roles[{j}]"
        item = ck.obj(item, path, {"role", "covered", "present"})
        role = ck.word(item.get("role"), path + ".role", set(ROLES))
        present = item.get("present", True)
        if present is None:
            present = True
        if not isinstance(present, bool):
            ck.err(path + ".present must be true or false")
            continue
        covered = item.get("covered")
        if role in a["roles"]:
            ck.err(f"{path}.role {role} is listed twice")
            continue
        if not present:
            if covered is not None:
                ck.err(f"{path}: covered and present: false cannot be given together")
                continue
            a["roles"][role] = "absent"
        else:
            if not isinstance(covered, bool):
                ck.err(f"{path}.covered is required (true or false)")
                continue
            a["roles"][role] = "covered" if covered else "uncovered"
    pu = ck.obj(top.get("pursuit"), "pursuit", {"win_probability", "competitors",
                                                "evidence", "sales_cycle_months"})
    a["P_given"] = ck.dec(pu, "win_probability", "pursuit.win_probability", 0, 1, None)
    a["n"] = ck.integer(pu, "competitors", "pursuit.competitors", 0, 1000, 0)
    ev = ck.obj(pu.get("evidence"), "pursuit.evidence", set(EVIDENCE))
    a["evidence"] = {e: ck.boolean(ev, e, "pursuit.evidence." + e) for e in EVIDENCE}
    a["M"] = ck.integer(pu, "sales_cycle_months", "pursuit.sales_cycle_months", 0, 120, 0)
    rf = ck.obj(top.get("reference"), "reference", {"annual_value", "uses"})
    ref = ck.dec(rf, "annual_value", "reference.annual_value", 0, MM, F(0))
    uses = rf.get("uses") or []
    if len(uses) > 64:
        ck.err("reference.uses has more than 64 entries")
    for j, u in enumerate(uses):
        path = f"reference.uses[{j}]"
        u = ck.obj(u, path, {"kind", "per_year", "margin_per_use", "probability"})
        for key in ("kind", "per_year", "margin_per_use", "probability"):
            if u.get(key) is None:
                ck.err(f"{path}.{key} is required")
        ck.word(u.get("kind"), path + ".kind", USE_KINDS)
        n = ck.integer(u, "per_year", path + ".per_year", 0, 1000, 0)
        mpu = ck.dec(u, "margin_per_use", path + ".margin_per_use", 0, MM, F(0))
        pr = ck.dec(u, "probability", path + ".probability", 0, 1, F(0))
        ref += n * mpu * pr
    a["ref"] = ref           # yearly reference value before credibility
    ct = ck.obj(top.get("contract"), "contract", {"term_years", "years_elapsed",
                "retender_probability", "incumbent_win_probability", "nonrenewal",
                "retender_cost"})
    a["L"] = ck.integer(ct, "term_years", "contract.term_years", 1, 50, None)
    if a["L"] is None and any(ct.get(k) is not None for k in ct if k != "term_years"):
        ck.err("contract fields other than term_years need contract.term_years")
    a["e"] = ck.integer(ct, "years_elapsed", "contract.years_elapsed", 0,
                        (a["L"] - 1) if a["L"] else None, 0)
    a["theta"] = ck.dec(ct, "retender_probability", "contract.retender_probability", 0, 1, F(0))
    a["w"] = ck.dec(ct, "incumbent_win_probability", "contract.incumbent_win_probability",
                    0, 1, F("0.6"))
    a["nu"] = ck.dec(ct, "nonrenewal", "contract.nonrenewal", 0, 1, F(0))
    a["T"] = ck.dec(ct, "retender_cost", "contract.retender_cost", 0, MM, F(0))
    a["image_critical"] = ck.boolean(top, "image_critical", "image_critical")
    if ck.errors:
        raise Invalid("; ".join(ck.errors))
    return a


def validate_policy(raw):
    ck = Checker()
    top = ck.obj(raw, "", {"discount_rate", "discount_rates", "horizon_years", "hurdle",
                           "relationship_mitigation", "role_weights", "reference_credibility",
                           "max_cost_cut", "max_concession_cut", "timing", "sensitivity_step",
                           "portfolio", "evidence_odds"})
    p = {}
    p["r"] = ck.dec(top, "discount_rate", "discount_rate", 0, 1, F("0.12"))
    p["rates"] = {}
    for cur, x in (top.get("discount_rates") or {}).items():
        ck.currency(cur, "discount_rates key")
        p["rates"][cur] = ck.dec({"x": x}, "x", f"discount_rates.{cur}", 0, 1, F("0.12"))
    p["H"] = ck.integer(top, "horizon_years", "horizon_years", 1, 50, 5)
    hurdle = top.get("hurdle")
    if isinstance(hurdle, dict):
        p["hurdle"] = {}
        for cur, x in hurdle.items():
            ck.currency(cur, "hurdle key")
            p["hurdle"][cur] = ck.dec({"x": x}, "x", f"hurdle.{cur}", -MONEY_MAX, MONEY_MAX, F(0))
    else:
        p["hurdle"] = ck.dec(top, "hurdle", "hurdle", -MONEY_MAX, MONEY_MAX, F(0))
    p["mu"] = ck.dec(top, "relationship_mitigation", "relationship_mitigation", 0, 1, F("0.5"))
    rw = ck.obj(top.get("role_weights"), "role_weights", set(ROLES))
    p["weights"] = {k: ck.dec(rw, k, "role_weights." + k, 0, 100, DEFAULT_ROLE_WEIGHTS[k])
                    for k in ROLES}
    p["rho"] = ck.dec(top, "reference_credibility", "reference_credibility", 0, 1, F(1))
    p["phi"] = ck.dec(top, "max_cost_cut", "max_cost_cut", 0, 1, F("0.3"))
    p["psi"] = ck.dec(top, "max_concession_cut", "max_concession_cut", 0, 1, F("0.02"))
    p["timing"] = ck.word(top.get("timing", "end"), "timing", {"end", "mid", "start"})
    p["sigma"] = ck.dec(top, "sensitivity_step", "sensitivity_step", 0, 1, F("0.1"),
                        lo_open=True)
    pf = ck.obj(top.get("portfolio"), "portfolio", {"max_revenue_share", "base_currency",
                "exchange_rates", "attractiveness_split", "strength_split", "quadrant_names"})
    ck.dec(pf, "max_revenue_share", "portfolio.max_revenue_share", 0, 1, F("0.25"))
    eo = ck.obj(top.get("evidence_odds"), "evidence_odds", set(EVIDENCE))
    p["odds"] = {e: ck.dec(eo, e, "evidence_odds." + e, 0, 100, DEFAULT_ODDS[e], lo_open=True)
                 for e in EVIDENCE}
    if ck.errors:
        raise Invalid("; ".join(ck.errors))
    return p


# ----------------------------------------------------------------------------------
# Model inputs of one evaluation: a flat dict that the sensitivity table can move
# ----------------------------------------------------------------------------------
def model_inputs(acct, pol):
    x = dict(acct)
    x["r"] = pol["rates"].get(acct["currency"], pol["r"])    # per-currency cost of capital
    h = pol["hurdle"]
    x["eta"] = h.get(acct["currency"], F(0)) if isinstance(h, dict) else h
    for key in ("H", "mu", "rho", "phi", "psi", "timing", "sigma"):
        x[key] = pol[key]
    # Coverage: covered weight / weight of all seven roles except those absent (0 if 0).
    w = pol["weights"]
    den = sum((w[role] for role in ROLES if acct["roles"].get(role) != "absent"), F(0))
    num = sum((w[role] for role in ROLES if acct["roles"].get(role) == "covered"), F(0))
    x["kappa"] = num / den if den else F(0)
    x["e"] = acct["e"] if acct["stage"] == "active" else 0   # elapsed years: active only
    if acct["stage"] == "prospect":
        if acct["P_given"] is not None:
            x["P"] = acct["P_given"]
        else:   # odds = 1/(n+1) * product of multipliers of true evidence; P = o/(1+o)
            o = F(1, acct["n"] + 1)
            for e in EVIDENCE:
                if acct["evidence"][e]:
                    o *= pol["odds"][e]
            x["P"] = o / (1 + o)
    return x


def tau_of(r, timing):
    """d_t = v^t * tau: end 1, mid sqrt(1+r), start 1+r; as a QT."""
    if timing == "end":
        return QT(1)
    if timing == "start":
        return QT(1 + r)
    root = rational_sqrt(1 + r)
    return QT(root) if root is not None else QT(0, 1, 1 + r)


def valuation(x):
    """One full valuation (components, PVC, explanation figures) of the inputs x."""
    r, H = x["r"], x["H"]
    v = 1 / (1 + r)
    tau = tau_of(r, x["timing"])
    # Effective yearly probabilities q_k; hazard h; survival s.
    q = {k: (x["p"][k] * (1 - x["mu"] * x["kappa"]) if k in SENSITIVE else x["p"][k])
         for k in RISKS}
    s = F(1)
    for k in RISKS:
        s *= 1 - q[k]
    h = 1 - s
    # Renewals and the loss at a renewal.
    L = x["L"]
    hR = x["theta"] * (1 - x["w"]) + (1 - x["theta"]) * x["nu"]
    D, b, c, m, k = x["D"], x["b"], x["c"], x["m"], x["k"]
    C = sum(x["C_items"], F(0))
    Vref = x["rho"] * x["ref"]
    # Sums "per unit tau" (weights v^t); the re-tender sum uses v^t itself.
    acc = {name: F(0) for name in COMPONENTS}
    ey = F(0)
    sched = QT(0)      # the yearly schedule's discounted column, row by row
    a_t = F(1)         # a_1 = 1
    for t in range(1, H + 1):
        u = F(t, x["J"] + 1) if t <= x["J"] else F(1)              # volume share u_t
        St = x["S"] * u                                             # S_t = S u_t
        pi = (1 - x["lam"]) ** (t - 1)                              # price index
        Rt = x["R"] * (1 + x["g"]) ** (t - 1) * u                   # list-price sales
        Kt = Rt * ((1 - c) * pi - (1 - m))                          # contribution
        Ft = Rt * (1 - c) * pi * (1 - b) * r * D / 365              # financing
        Bt = Rt * (1 - c) * pi * b                                  # bad debt
        Nt = Kt - Ft - Bt
        Ct = C * (1 + x["i"]) ** (t - 1)                            # cost to serve
        z = 1 if (L is not None and t <= H - 1 and (x["e"] + t) % L == 0) else 0
        vt = v ** t
        alive_end = a_t * s                                          # a_t s
        acc["contribution"] += vt * alive_end * Kt
        acc["scale_savings"] += vt * alive_end * St
        acc["reference"] += vt * alive_end * Vref
        acc["financing"] -= vt * alive_end * Ft
        acc["bad_debt"] -= vt * alive_end * Bt
        acc["compensation"] += vt * a_t * h * k * Nt
        acc["cost_to_serve"] -= vt * a_t * Ct
        acc["retender"] -= vt * z * alive_end * x["theta"] * x["T"]   # always v^t
        ey += alive_end
        # schedule row: expected net flow of year t, discounted (written independently)
        flow = alive_end * (Nt + St + Vref) + a_t * h * k * Nt - a_t * Ct
        sched = sched + tau * (vt * flow) - vt * z * alive_end * x["theta"] * x["T"]
        a_t = a_t * s * (1 - z * hR)                                 # a_(t+1)
    comps = {}
    for name in COMPONENTS:
        comps[name] = QT(acc[name]) if name == "retender" else tau * acc[name]
    pvc = -comps["cost_to_serve"]
    lv = sum((comps[n] for n in COMPONENTS), QT(0))
    info = dict(s=s, h=h, hR=hR, ey=ey, q=q, kappa=x["kappa"], lv=lv, sched=sched)
    if x["stage"] == "prospect":
        P = x["P"]
        M = x["M"]
        delta = v ** (M // 12) / (1 + r * (M % 12) / 12)              # sales-cycle delay
        O = x["O"]
        A = sum(x["A_items"], F(0))
        comps = {n: P * delta * comps[n] for n in COMPONENTS}         # each LV component
        comps["onboarding"] = QT(-P * delta * O)
        comps["acquisition"] = QT(-A)                                 # now, win or lose
        pvc = P * delta * pvc
        info.update(P=P, delta=delta, O=O, A=A, sched=sched - O)
    value = sum((comps[n] for n in COMPONENTS), QT(0))   # value := sum of components
    return dict(comps=comps, value=value, pvc=pvc, info=info)


def value_of(x):
    return valuation(x)["value"]


# ----------------------------------------------------------------------------------
# Sensitivity on request
# ----------------------------------------------------------------------------------
def clamp(val, lo, hi):
    if lo is not None and val < lo:
        return lo
    if hi is not None and val > hi:
        return hi
    return val


def sensitivity_rows(x):
    """(name, function(x, factor) -> moved copy of x) in the model's order."""
    def scalar(key, lo, hi, sub=None):
        def move(x, f):
            y = dict(x)
            if sub is None:
                y[key] = clamp(x[key] * f, lo, hi)
            else:
                y[key] = dict(x[key])
                y[key][sub] = clamp(x[key][sub] * f, lo, hi)
            return y
        return move

    def items(key):   # every item scaled together, each clamped
        def move(x, f):
            y = dict(x)
            y[key] = [clamp(it * f, F(0), MONEY_MAX) for it in x[key]]
            return y
        return move

    half = F(1, 2)
    rows = [("revenue.annual", scalar("R", F(0), MONEY_MAX)),
            ("revenue.growth", scalar("g", -half, half)),
            ("revenue.gross_margin", scalar("m", F(0), F(1))),
            ("revenue.concession", scalar("c", F(0), F(1))),
            ("revenue.price_down", scalar("lam", F(0), half)),
            ("revenue.scale_savings", scalar("S", F(0), MONEY_MAX)),
            ("cost_to_serve", items("C_items")),
            ("cost_to_serve.inflation", scalar("i", -half, half)),
            ("payment.days", scalar("D", F(0), F(365))),
            ("payment.default_rate", scalar("b", F(0), F(1)))]
    rows += [("risk." + k, scalar("p", F(0), F(1), sub=k)) for k in RISKS]
    rows += [("risk.termination_compensation", scalar("k", F(0), F(1))),
             ("reference", scalar("ref", F(0), None))]
    if x["L"] is not None:
        rows += [("contract.retender_probability", scalar("theta", F(0), F(1))),
                 ("contract.incumbent_win_probability", scalar("w", F(0), F(1))),
                 ("contract.nonrenewal", scalar("nu", F(0), F(1))),
                 ("contract.retender_cost", scalar("T", F(0), MONEY_MAX))]
    if x["stage"] == "prospect":
        rows += [("win_probability", scalar("P", F(0), F(1))),
                 ("acquisition", items("A_items")),
                 ("acquisition.onboarding", scalar("O", F(0), MONEY_MAX))]
    rows += [("discount_rate", scalar("r", F(0), F(1)))]   # everywhere: v, tau, F_t, delta
    return rows


def sensitivity(x):
    sigma = x["sigma"]
    out = []
    for name, move in sensitivity_rows(x):
        vm = value_of(move(x, 1 - sigma))
        vp = value_of(move(x, 1 + sigma))
        try:
            swing = abs(vp - vm)                       # exact where one sqrt is shared
            key = swing.to_decimal(60)
        except ValueError:                             # mid timing, r moved: two roots
            swing = abs(vp.to_decimal(60) - vm.to_decimal(60))
            with localcontext() as ctx:
                ctx.prec = 100
                assert fmt(swing) == fmt(abs(vp.to_decimal(100) - vm.to_decimal(100)))
            key = swing
        out.append((name, vm, vp, swing, key))
    out.sort(key=lambda row: -row[4])                  # stable: ties keep listed order
    return [{"input": n, "minus": fmt(vm), "plus": fmt(vp), "swing": fmt(sw)}
            for n, vm, vp, sw, _ in out]


# ----------------------------------------------------------------------------------
# Evaluation: verdict, explanation, break-even
# ----------------------------------------------------------------------------------
def slope_dv_dc(x, V):
    """dV/dc from two full valuations (V is linear in c): no derivative formula used."""
    c0 = x["c"]
    c1 = c0 + F(1, 2) if c0 <= F(1, 2) else c0 - F(1, 2)
    y = dict(x)
    y["c"] = c1
    return (value_of(y) - V) / (c1 - c0)


def bounded(val):
    """Absent (None) when |val| > 10^6."""
    if val is None or sgn(abs(QT.lift(val)) - BIG) > 0:
        return None
    return val


def evaluate(acct, pol, with_sensitivity=True):
    x = model_inputs(acct, pol)
    res = valuation(x)
    comps, V, pvc, info = res["comps"], res["value"], res["pvc"], res["info"]
    eta = x["eta"]
    slope = slope_dv_dc(x, V)
    prospect = x["stage"] == "prospect"
    # The verdict table, first matching row; conditions in exact arithmetic:
    #   (eta - V)/PVC <= phi          <=>  (eta - V) - phi PVC <= 0       (PVC > 0)
    #   (eta - V)/(-dV/dc) <= min(psi,c) <=> (eta - V) + min(psi,c) dV/dc <= 0 (dV/dc < 0)
    cost_ok = pvc.sign() > 0 and sgn((eta - V) - x["phi"] * pvc) <= 0
    conc_ok = slope.sign() < 0 and sgn((eta - V) + min(x["psi"], x["c"]) * slope) <= 0
    lever = None
    if prospect:
        if sgn(V - eta) >= 0:
            verdict = "pursue"
        elif x["image_critical"]:
            verdict = "pursue_strategic"
        else:
            verdict = "decline"
    else:
        if sgn(V - eta) >= 0:
            verdict = "retain"
        elif cost_ok or conc_ok:
            verdict = "restructure"
            lever = "both" if (cost_ok and conc_ok) else (
                "cost_to_serve" if cost_ok else "concession")
        elif x["image_critical"]:
            verdict = "retain_strategic"
        else:
            verdict = "release"
    # Break-even figures.
    cut = bounded((eta - V) / pvc) if not pvc.is_zero() else None
    conc = bounded(x["c"] + (eta - V) / slope) if not slope.is_zero() else None
    wp = None
    if prospect:
        den = info["delta"] * (info["lv"] - info["O"])
        wp = bounded((eta + info["A"]) / den) if den.sign() > 0 else None
    subsidy = eta - V if verdict in ("retain_strategic", "pursue_strategic") else None
    # Risk drivers: by q_k rounded to 20 decimals (half even), largest first, stable.
    drivers = sorted(RISKS, key=lambda kk: -round(info["q"][kk], 20))
    top = drivers[0] if round(info["q"][drivers[0]], 20) != 0 else None
    exp = {"verdict": verdict}
    for n in COMPONENTS:
        exp[n] = fmt(comps[n])
    exp.update({
        "value": fmt(V),
        "annual_survival": fmt(info["s"]),
        "renewal_survival": fmt(1 - info["hR"]) if x["L"] is not None else None,
        "expected_years": fmt(info["ey"]),
        "coverage": fmt(info["kappa"]),
        "win_probability": fmt(info["P"]) if prospect else None,
        "delay_factor": fmt(info["delta"]) if prospect else None,
        "cost_cut_to_hurdle": fmt(cut),
        "concession_to_hurdle": fmt(conc),
        "win_probability_to_hurdle": fmt(wp),
        "subsidy": fmt(subsidy),
        "lever": lever,
        "top_risk": top,
        "drivers": [[kk, fmt(info["q"][kk])] for kk in drivers],
        "schedule_discounted_sum": fmt(info["sched"]),
    })
    if with_sensitivity:
        exp["sensitivity"] = sensitivity(x)
    return exp, dict(x=x, res=res, slope=slope, eta=eta)


# ----------------------------------------------------------------------------------
# Files
# ----------------------------------------------------------------------------------
def load(path):
    # JSON numbers are read from their literal text, never through a float.
    with open(path) as fh:
        return json.load(fh, parse_float=F)


def run(cases):
    out = []
    for case in cases:
        acct = validate_account(case["account"])
        pol = validate_policy(case.get("policy") or {})
        exp, _ = evaluate(acct, pol)
        out.append({"name": case["name"], "expected": exp})
    return out


def compare_v1():
    """Print every v1 figure that moved by more than 1e-6 under v2 (for NOTES.md)."""
    old = {c["name"]: c["expected"] for c in load(HERE.parent / "cases.json")}
    for case in load(HERE.parent / "accounts.json"):
        new, _ = evaluate(validate_account(case["account"]),
                          validate_policy(case.get("policy") or {}), False)
        prev = old[case["name"]]
        diffs = []
        for key, was in prev.items():
            now = new.get(key)
            if key == "drivers":
                for (k0, p0), (k1, p1) in zip(was, now):
                    if k0 != k1 or abs(F(p0) - F(p1)) > F(1, 10**6):
                        diffs.append(f"drivers: {was} -> {now}")
                        break
            elif key == "verdict":
                if was != now:
                    diffs.append(f"verdict {was} -> {now}")
            elif (was is None) != (now is None):
                diffs.append(f"{key}: {was} -> {now}")
            elif was is not None and abs(F(was) - F(now)) > F(1, 10**6):
                diffs.append(f"{key}: {was} -> {now}")
        extra = {k: new[k] for k in ("lever", "top_risk", "renewal_survival", "retender",
                                      "onboarding")}
        print(case["name"], "\n   " + ("\n   ".join(diffs) if diffs else "(no change)"),
              "\n   new fields:", extra)


def slope_by_formula(x):
    """the model's derivative, used ONLY by --check to confirm the two-valuation slope:
    dN_t/dc = R_t pi_t (-1 + (1 - b) r D / 365 + b);
    dLV/dc = sum d_t (a_t s + a_t h k) dN_t, times P delta for a prospect."""
    r = x["r"]
    v = 1 / (1 + r)
    info = valuation(x)["info"]
    s, h, hR = info["s"], info["h"], info["hR"]
    total, a_t = F(0), F(1)
    for t in range(1, x["H"] + 1):
        u = F(t, x["J"] + 1) if t <= x["J"] else F(1)
        Rt = x["R"] * (1 + x["g"]) ** (t - 1) * u
        dN = Rt * (1 - x["lam"]) ** (t - 1) * (-1 + (1 - x["b"]) * r * x["D"] / 365 + x["b"])
        total += v ** t * (a_t * s + a_t * h * x["k"]) * dN
        z = 1 if (x["L"] is not None and t <= x["H"] - 1 and (x["e"] + t) % x["L"] == 0) else 0
        a_t = a_t * s * (1 - z * hR)
    out = tau_of(r, x["timing"]) * total
    return info["P"] * info["delta"] * out if x["stage"] == "prospect" else out


def check():
    """Sanity checks; exits 1 on failure."""
    ok = True

    def expect(cond, what):
        nonlocal ok
        print(("ok   " if cond else "FAIL ") + what)
        ok = ok and cond

    cases = load(HERE / "accounts.json")
    for case in cases + load(HERE.parent / "accounts.json"):
        acct = validate_account(case["account"])
        pol = validate_policy(case.get("policy") or {})
        exp, st = evaluate(acct, pol, with_sensitivity=False)
        res, x = st["res"], st["x"]
        total = sum((res["comps"][n] for n in COMPONENTS), QT(0))
        expect((total - res["value"]).is_zero(), f"{case['name']}: components sum to value")
        lv_won = res["info"]["lv"] - (res["info"]["O"] if x["stage"] == "prospect" else 0)
        expect((res["info"]["sched"] - lv_won).is_zero(),
               f"{case['name']}: schedule sum = LV" + (" - O" if x["stage"] == "prospect" else ""))
        # linearity in c: a third valuation lies on the line through the two used
        y = dict(x)
        y["c"] = x["c"] + F(1, 7)
        expect((value_of(y) - res["value"] - st["slope"] / 7).is_zero(),
               f"{case['name']}: V linear in c")
        expect((slope_by_formula(x) - st["slope"]).is_zero(),
               f"{case['name']}: two-valuation dV/dc = the model's dLV/dc formula")
        if exp["concession_to_hurdle"] is not None:
            y["c"] = F(exp["concession_to_hurdle"])
            expect(abs((value_of(y) - st["eta"]).to_decimal()) < Decimal("1e-6") *
                   max(1, abs(st["slope"].to_decimal())),
                   f"{case['name']}: V(concession_to_hurdle) = hurdle")
        if x["stage"] == "prospect":
            inf = res["info"]
            expect((res["value"] - (inf["P"] * inf["delta"] * (inf["lv"] - inf["O"]) - inf["A"])
                    ).is_zero(), f"{case['name']}: V = P delta (LV - O) - A")
    # Gupta-Lehmann: only R and m, s = retention, H -> infinity.
    R, m, r, s = F(1000000), F("0.3"), F("0.12"), F("0.9")
    gl = R * m * s / (1 + r - s)
    for H in (5, 20, 50):
        acct = validate_account({"id": "GL", "currency": "EUR", "stage": "active",
                                 "revenue": {"annual": "1000000", "gross_margin": "0.3"},
                                 "risk": {"ownership_change": "0.1"}})
        lv = valuation(model_inputs(acct, validate_policy({"horizon_years": H})))["value"]
        sv = s / (1 + r)
        expect((lv - gl * (1 - sv ** H)).is_zero(),
               f"Gupta-Lehmann H={H}: LV = R m s/(1+r-s) (1-(sv)^H) ; gap {fmt(gl - lv.a)}")
    # Mid timing lies between end and start.
    base = {"id": "T", "currency": "EUR", "stage": "active",
            "revenue": {"annual": "1000000", "gross_margin": "0.3"}}
    vals = [valuation(model_inputs(validate_account(base),
                                   validate_policy({"timing": t})))["value"].to_decimal()
            for t in ("end", "mid", "start")]
    expect(vals[0] < vals[1] < vals[2] and abs(vals[1] ** 2 - vals[0] * vals[2]) < 1e-30,
           "timing: end < mid < start, mid = geometric mean")
    sys.exit(0 if ok else 1)


def main():
    if "--check" in sys.argv:
        check()
    elif "--compare-v1" in sys.argv:
        compare_v1()
    elif "--v1" in sys.argv:
        print(json.dumps(run(load(HERE.parent / "accounts.json")), indent=1))
    else:
        print(json.dumps(run(load(HERE / "accounts.json")), indent=1))


if __name__ == "__main__":
    main()
