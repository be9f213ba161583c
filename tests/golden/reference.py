"""Independent reference for the golden cases: the model (v1) recomputed in
exact rational arithmetic (Python's fractions), sharing no code with the crate.

Run `python3 tests/golden/reference.py > tests/golden/cases.json` to regenerate
the expected figures after changing `ACCOUNTS` below. The break-even concession is
found by evaluating the value at two concessions and solving the straight line
through them, not from the crate's derivative formula.
"""
import json
from fractions import Fraction as F

RISKS = ["ownership_change", "management_change", "strategy_change", "political",
         "labor_disruption", "reputational", "competitor_displacement"]
SENSITIVE = {"management_change", "strategy_change", "competitor_displacement"}
ROLE_W = {"user": 1, "preparer": 1, "approver": 2, "budget_holder": 2,
          "final_decision": 3, "legal": 1, "procurement": 1}
ODDS = {"need_confirmed": F("1.5"), "decision_process_mapped": F("1.3"),
        "economic_buyer_engaged": F("1.5"), "champion": F(2), "incumbent_entrenched": F("0.5")}


def g(d, path, default=0):
    for key in path.split("."):
        if not isinstance(d, dict) or key not in d:
            return F(default)
        d = d[key]
    return F(str(d))


def lifetime(a, pol, conc=None):
    r = F(pol.get("discount_rate", "0.12"))
    H = int(pol.get("horizon_years", 5))
    mu = F(pol.get("relationship_mitigation", "0.5"))
    weights = dict(ROLE_W)
    weights.update({k: F(v) for k, v in pol.get("role_weights", {}).items()})
    rho = F(pol.get("reference_credibility", "1"))
    roles = a.get("relationship", {}).get("roles", [])
    listed = sum(F(weights[x["role"]]) for x in roles)
    covered = sum(F(weights[x["role"]]) for x in roles if x["covered"])
    kappa = covered / listed if listed else F(0)
    q = {}
    for k in RISKS:
        p = g(a, "risk." + k)
        q[k] = p * (1 - mu * kappa) if k in SENSITIVE else p
    s = F(1)
    for k in RISKS:
        s *= 1 - q[k]
    h = 1 - s
    R, gr, m = g(a, "revenue.annual"), g(a, "revenue.growth"), g(a, "revenue.gross_margin")
    c = g(a, "revenue.concession") if conc is None else conc
    S = g(a, "revenue.scale_savings")
    b = g(a, "payment.default_rate")
    days = g(a, "payment.terms_days") + g(a, "payment.delay_days")
    k = g(a, "risk.termination_compensation")
    C = sum(g(a, "cost_to_serve." + x) for x in
            ["account_team", "service", "customization", "reference_program", "other"])
    ref = g(a, "reference.annual_value") + sum(
        F(u["per_year"]) * F(u["margin_per_use"]) * F(u["probability"])
        for u in a.get("reference", {}).get("uses", []))
    vref = rho * ref
    v = 1 / (1 + r)
    comp = dict(contribution=F(0), scale_savings=F(0), reference=F(0), financing=F(0),
                bad_debt=F(0), compensation=F(0), cost_to_serve=F(0))
    ey = F(0)
    for t in range(1, H + 1):
        Rt = R * (1 + gr) ** (t - 1)
        K = Rt * (m - c)
        Fin = Rt * (1 - c) * (1 - b) * r * days / 365
        B = Rt * (1 - c) * b
        N = K - Fin - B
        vt, st, st1 = v ** t, s ** t, s ** (t - 1)
        comp["contribution"] += vt * st * K
        comp["scale_savings"] += vt * st * S
        comp["reference"] += vt * st * vref
        comp["financing"] -= vt * st * Fin
        comp["bad_debt"] -= vt * st * B
        comp["compensation"] += vt * st1 * h * k * N
        comp["cost_to_serve"] -= vt * st1 * C
        ey += st
    pvc = -comp["cost_to_serve"]
    drivers = sorted(((q[k], i, k) for i, k in enumerate(RISKS)), key=lambda x: (-x[0], x[1]))
    return comp, pvc, dict(s=s, ey=ey, kappa=kappa, drivers=[(k, p) for p, _, k in drivers])


def value(a, pol, conc=None):
    comp, pvc, info = lifetime(a, pol, conc)
    lv = sum(comp.values())
    if a["stage"] == "prospect":
        r = F(pol.get("discount_rate", "0.12"))
        pu = a.get("pursuit", {})
        if "win_probability" in pu:
            P = F(pu["win_probability"])
        else:
            odds_table = dict(ODDS)
            odds_table.update({k: F(v) for k, v in pol.get("evidence_odds", {}).items()})
            o = F(1, int(pu.get("competitors", 0)) + 1)
            for e, on in pu.get("evidence", {}).items():
                if on:
                    o *= odds_table[e]
            P = o / (1 + o)
        delta = 1 / (1 + r * int(pu.get("sales_cycle_months", 0)) / 12)
        A = sum(g(a, "acquisition." + x) for x in ["tender", "free_work", "legal", "executive"])
        comp = {k: P * delta * x for k, x in comp.items()}
        comp["acquisition"] = -A
        pvc = P * delta * pvc
        info.update(P=P, delta=delta, lv=lv, A=A)
    else:
        comp["acquisition"] = F(0)
    return comp, sum(comp.values()), pvc, info


def evaluate(a, pol):
    comp, V, pvc, info = value(a, pol)
    hurdle = pol.get("hurdle", "0")
    eta = F(hurdle.get(a["currency"], "0")) if isinstance(hurdle, dict) else F(hurdle)
    phi = F(pol.get("max_cost_cut", "0.3"))
    img = a.get("image_critical", False)
    if a["stage"] == "prospect":
        verdict = "pursue" if V >= eta else "pursue_strategic" if img else "decline"
    elif V >= eta:
        verdict = "retain"
    elif pvc > 0 and (eta - V) / pvc <= phi:
        verdict = "restructure"
    else:
        verdict = "retain_strategic" if img else "release"
    big = F(10) ** 6

    def bounded(x):
        return None if x is None or abs(x) > big else x
    cut = bounded((eta - V) / pvc) if pvc else None
    c0 = g(a, "revenue.concession")
    _, V1, _, _ = value(a, pol, c0 + F(1, 10))
    slope = (V1 - V) * 10
    conc = bounded(c0 + (eta - V) / slope) if slope else None
    wp = None
    if a["stage"] == "prospect":
        den = info["delta"] * info["lv"]
        wp = bounded((eta + info["A"]) / den) if den > 0 else None
    subsidy = eta - V if verdict in ("retain_strategic", "pursue_strategic") else None
    out = {k: comp[k] for k in comp}
    out.update(value=V, annual_survival=info["s"], expected_years=info["ey"],
               coverage=info["kappa"], win_probability=info.get("P"),
               delay_factor=info.get("delta"), cost_cut_to_hurdle=cut,
               concession_to_hurdle=conc, win_probability_to_hurdle=wp, subsidy=subsidy)
    out = {k: (None if x is None else fmt(x)) for k, x in out.items()}
    out["verdict"] = verdict
    out["drivers"] = [[k, fmt(p)] for k, p in info["drivers"]]
    return out


def fmt(x):
    """Exact fraction to 15 decimals (far inside the 10^-6 tolerance)."""
    sign = "-" if x < 0 else ""
    x = abs(x)
    scaled = (x * 10 ** 15 + F(1, 2)).__floor__()
    return f"{sign}{scaled // 10**15}.{scaled % 10**15:015d}"


ACCOUNTS = json.load(open(__file__.replace("reference.py", "accounts.json")))
print(json.dumps([{"name": c["name"], "expected": evaluate(c["account"], c.get("policy", {}))}
                  for c in ACCOUNTS], indent=1))
