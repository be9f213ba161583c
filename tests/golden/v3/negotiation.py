#!/usr/bin/env python3
"""Independent golden reference for the "Negotiation" section of the valuation model (v3).

Written from the model's contract (v3: its section "Negotiation" and the sections it
relies on) and the independent reference `reference.py` of this folder only, never from
the library's source. It imports reference.py for the valuation itself and adds what
the negotiation needs: proposals (changes by CSV field path, applied to the account's
nested JSON and validated again as a whole), each change's own effect and the
interaction, the give-get table, and the balanced package in the levers' own units.

Usage (from the repository root):
    python3 tests/golden/v3/negotiation.py --write   # rewrite negotiation_cases.json
    python3 tests/golden/v3/negotiation.py --check   # recompute, compare, check the laws

Every figure is written as reference.py writes them (`fig`: 28 significant digits,
half-even, plain notation, trailing zeros dropped, zero as "0"); absent figures are null.

Places where the model's contract is ambiguous are marked "AMBIGUITY" below, with the
reading taken; NOTES.md lists them too.
"""
import copy
import json
import os
import random
import re
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference as R  # noqa: E402

# Hook (no change to reference.py): the sensitivity table is not part of the negotiation
# result and costs ~60 valuations per evaluation, so evaluate() gets an empty one here.
R.sensitivity_rows = lambda acc, pol, r: []

Dec = Decimal
ZERO = Dec(0)
ONE = Dec(1)
MONEY_MAX = Dec(10) ** 15
CASES_FILE = os.path.join(HERE, "negotiation_cases.json")

# ---------------------------------------------------------------------------------------
# The account's fields, by CSV path, with their valid values (MODEL "Inputs: Account")
# ---------------------------------------------------------------------------------------
# kind: "money" (0..=10^15), "num" (lo..=hi), "int" (integer lo..=hi), "bool"
FIELDS = {}


def _f(path, kind, lo=None, hi=None, required=False):
    FIELDS[path] = (kind, None if lo is None else Dec(lo), None if hi is None else Dec(hi),
                    required)


_f("revenue.annual", "money", required=True)
_f("revenue.growth", "num", "-0.5", "0.5")
_f("revenue.gross_margin", "num", 0, 1, required=True)
_f("revenue.concession", "num", 0, 1)
_f("revenue.ramp_years", "int", 0, 10)
_f("revenue.price_down", "num", 0, "0.5")
_f("revenue.cost_down", "num", 0, "0.5")
_f("revenue.rebate", "num", 0, 1)
_f("revenue.rebate_probability", "num", 0, 1)
_f("revenue.rebate_days", "int", 0, 365)
_f("revenue.scale_savings", "money")
for _x in R.CTS_ITEMS:
    _f("cost_to_serve." + _x, "money")
_f("cost_to_serve.inflation", "num", "-0.5", "0.5")
for _x in R.ACQ_ITEMS:
    _f("acquisition." + _x, "money")
_f("acquisition.onboarding", "money")
# "integers >= 0, together at most 365": each alone 0..=365 (the contract's own example
# message: "payment.terms_days must be between 0 and 365, got 400"), and the sum checked
# separately.
_f("payment.terms_days", "int", 0, 365)
_f("payment.delay_days", "int", 0, 365)
_f("payment.default_rate", "num", 0, 1)
for _x in R.RISKS:
    _f("risk." + _x, "num", 0, 1)
_f("risk.termination_compensation", "num", 0, 1)
_f("pursuit.win_probability", "num", 0, 1)
_f("pursuit.competitors", "int", 0, 1000)
for _x in R.EVIDENCE:
    _f("pursuit.evidence." + _x, "bool")
_f("pursuit.sales_cycle_months", "int", 0, 120)
_f("reference.annual_value", "money")
_f("contract.term_years", "int", 1, 50)
_f("contract.years_elapsed", "int", 0, 49)          # and <= term_years - 1, checked below
_f("contract.retender_probability", "num", 0, 1)
_f("contract.incumbent_win_probability", "num", 0, 1)
_f("contract.nonrenewal", "num", 0, 1)
_f("contract.retender_cost", "money")
_f("release.stranded_cost", "money")
_f("release.stranded_years", "int", 0, 50)
_f("image_critical", "bool")

GROUPS = ("revenue", "cost_to_serve", "acquisition", "payment", "risk", "relationship",
          "pursuit", "reference", "contract", "release")
TOP_KEYS = ("id", "name", "currency", "stage") + GROUPS + ("events", "image_critical")
FORBIDDEN = ("id", "name", "currency", "stage")
# The CSV paths a proposal may change: every scalar field above, one column per role,
# and the events cell. AMBIGUITY: `reference.uses` and `relationship.roles` are not CSV
# paths (the CSV flattens them), so a change naming them is an unknown field.
ROLE_PATHS = tuple("relationship." + r for r in R.ROLES)
CHANGEABLE = tuple(FIELDS) + ROLE_PATHS + ("events",)

NUM_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
INT_RE = re.compile(r"^-?[0-9]+$")


def parse_num(v):
    """A number as the account JSON gives it: a JSON number (int, or Decimal from
    parse_float) or a string in plain decimal notation. None when it is not one."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return Dec(v)
    if isinstance(v, Decimal):
        return v
    if isinstance(v, str) and NUM_RE.match(v.strip()):
        return Dec(v.strip())
    return None


def parse_int(v):
    """Integer fields accept 30 or "30"."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, Decimal) and v == v.to_integral_value():
        return int(v)
    if isinstance(v, str) and INT_RE.match(v.strip()):
        return int(v.strip())
    return None


def get_path(j, path):
    node = j
    for name in path.split("."):
        if not isinstance(node, dict) or name not in node:
            return None
        node = node[name]
    return node


def set_path(j, path, value):
    """value None: the field is removed ("not given")."""
    names = path.split(".")
    node = j
    for name in names[:-1]:
        if value is None and not isinstance(node.get(name), dict):
            return
        if not isinstance(node.get(name), dict):
            node[name] = {}
        node = node[name]
    if value is None:
        node.pop(names[-1], None)
    else:
        node[names[-1]] = value


def show(v):
    if isinstance(v, Decimal):
        return R.plain(v)
    return json.dumps(v) if not isinstance(v, str) else json.dumps(v, ensure_ascii=False)


# ---------------------------------------------------------------------------------------
# Validation of a whole account (nested JSON): every range rule and cross-field rule
# ---------------------------------------------------------------------------------------
def validate(j):
    """Every problem of the account, as a list of (fields, message); fields is a list of
    the field paths at fault, the first the one the message is about."""
    probs = []

    def bad(fields, msg):
        probs.append((list(fields), msg))

    if not isinstance(j, dict):
        return [(["account"], "not an object")]
    for k in j:
        if k not in TOP_KEYS:
            bad([k], "unknown field %s" % k)
    for g in GROUPS:
        if g in j and j[g] is not None and not isinstance(j[g], dict):
            bad([g], "%s must be an object" % g)
    # identity fields
    idv = j.get("id")
    if not isinstance(idv, str) or not 1 <= len(idv.strip()) <= 64:
        bad(["id"], "id must have 1 to 64 characters")
    if not isinstance(j.get("currency"), str) or not re.match(r"^[A-Z]{3}$", j["currency"]):
        bad(["currency"], "currency must be three capital letters")
    st = j.get("stage")
    if not isinstance(st, str) or st.strip().lower() not in ("active", "prospect"):
        bad(["stage"], "stage must be prospect or active")
    # nested keys that are not fields
    known_nested = {p for p in FIELDS if "." in p}
    for g in GROUPS:
        sub = j.get(g)
        if not isinstance(sub, dict):
            continue
        for k, v in sub.items():
            p = g + "." + k
            if g == "relationship" and k == "roles":
                continue
            if g == "reference" and k == "uses":
                continue
            if g == "pursuit" and k == "evidence":
                if v is not None and not isinstance(v, dict):
                    bad([p], "%s must be an object" % p)
                elif isinstance(v, dict):
                    for e in v:
                        if "pursuit.evidence." + e not in FIELDS:
                            bad(["pursuit.evidence." + e], "unknown field pursuit.evidence." + e)
                continue
            if p not in known_nested:
                bad([p], "unknown field %s" % p)
    # scalar fields
    vals = {}
    for path, (kind, lo, hi, required) in FIELDS.items():
        v = get_path(j, path)
        if v is None:
            if required:
                bad([path], "%s is required" % path)
            continue
        if kind == "bool":
            if not isinstance(v, bool):
                bad([path], "%s must be true or false, got %s" % (path, show(v)))
            continue
        if kind == "int":
            x = parse_int(v)
            if x is None:
                bad([path], "%s must be a whole number, got %s" % (path, show(v)))
                continue
            x = Dec(x)
        else:
            x = parse_num(v)
            if x is None:
                bad([path], "%s must be a number in plain decimal notation, got %s"
                    % (path, show(v)))
                continue
            if kind == "money":
                lo, hi = ZERO, MONEY_MAX
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            bad([path], "%s must be between %s and %s, got %s"
                % (path, R.plain(lo), R.plain(hi), R.plain(x)))
            continue
        vals[path] = x
    # payment days: together at most 365 (each checked alone above)
    if "payment.terms_days" in vals and "payment.delay_days" in vals:
        tot = vals["payment.terms_days"] + vals["payment.delay_days"]
        if tot > 365:
            # AMBIGUITY: which field a sum rule names. Both are listed; the first is the
            # terms (the negotiable one).
            bad(["payment.terms_days", "payment.delay_days"],
                "payment.terms_days + payment.delay_days must be at most 365, got %s"
                % R.plain(tot))
    # rebate_* need a rebate (a rebate of 0 is given)
    if get_path(j, "revenue.rebate") is None:
        for p in ("revenue.rebate_probability", "revenue.rebate_days"):
            if get_path(j, p) is not None:
                bad([p, "revenue.rebate"], "%s is given without revenue.rebate" % p)
    # contract fields need a term
    if get_path(j, "contract.term_years") is None:
        for p in FIELDS:
            if p.startswith("contract.") and p != "contract.term_years" \
                    and get_path(j, p) is not None:
                bad([p, "contract.term_years"], "%s is given without contract.term_years" % p)
    elif "contract.term_years" in vals and "contract.years_elapsed" in vals:
        # AMBIGUITY: years_elapsed counts only for active accounts, but its range
        # 0..=L-1 is checked for a prospect too (validated for every account).
        L = vals["contract.term_years"]
        if vals["contract.years_elapsed"] > L - 1:
            bad(["contract.years_elapsed", "contract.term_years"],
                "contract.years_elapsed must be between 0 and %s, got %s"
                % (R.plain(L - 1), R.plain(vals["contract.years_elapsed"])))
    # relationship.roles
    rel = j.get("relationship")
    roles = rel.get("roles") if isinstance(rel, dict) else None
    if roles is not None:
        if not isinstance(roles, list):
            bad(["relationship.roles"], "relationship.roles must be a list")
        else:
            seen = set()
            for i, e in enumerate(roles, 1):
                p = "relationship.roles[%d]" % i
                if not isinstance(e, dict) or not isinstance(e.get("role"), str):
                    bad([p], "%s needs a role" % p)
                    continue
                name = e["role"].strip().lower()
                if name not in R.ROLES:
                    bad([p + ".role"], "unknown role %s" % e["role"])
                    continue
                if name in seen:
                    bad(["relationship." + name], "role %s given twice" % name)
                seen.add(name)
                present = e.get("present", True)
                if not isinstance(present, bool):
                    bad([p + ".present"], "present must be true or false")
                elif present is False and "covered" in e:
                    bad(["relationship." + name], "covered and present: false together")
                elif present is True and not isinstance(e.get("covered"), bool):
                    bad(["relationship." + name], "covered is required")
                for k in e:
                    if k not in ("role", "covered", "present"):
                        bad([p + "." + k], "unknown field")
    # reference.uses
    ref = j.get("reference")
    uses = ref.get("uses") if isinstance(ref, dict) else None
    if uses is not None:
        if not isinstance(uses, list) or len(uses) > 64:
            bad(["reference.uses"], "reference.uses: at most 64 entries")
        else:
            for i, u in enumerate(uses, 1):
                p = "reference.uses[%d]" % i
                if not isinstance(u, dict):
                    bad([p], "not an object")
                    continue
                if str(u.get("kind", "")).strip().lower() not in (
                        "case_study", "logo", "site_visit", "speaking", "press", "pr_event"):
                    bad([p + ".kind"], "unknown kind")
                py = parse_int(u.get("per_year"))
                if py is None or not 0 <= py <= 1000:
                    bad([p + ".per_year"], "per_year must be 0..=1000")
                mu = parse_num(u.get("margin_per_use"))
                if mu is None or not ZERO <= mu <= MONEY_MAX:
                    bad([p + ".margin_per_use"], "money 0..=10^15")
                pr = parse_num(u.get("probability"))
                if pr is None or not ZERO <= pr <= ONE:
                    bad([p + ".probability"], "probability 0..=1")
    # events
    evs = j.get("events")
    if evs is not None:
        if not isinstance(evs, list):
            bad(["events"], "events must be a list")
        elif len(evs) > 16:
            bad(["events"], "at most 16 events, got %d" % len(evs))
        else:
            for i, e in enumerate(evs, 1):
                p = "events[%d]" % i
                if not isinstance(e, dict):
                    bad([p], "%s is not an event" % p)
                    continue
                mo = parse_int(e.get("month"))
                if mo is None or not 1 <= mo <= 600:
                    bad([p + ".month"], "%s.month must be a whole number 1..=600, got %s"
                        % (p, show(e.get("month"))))
                rk = e.get("risk")
                if not isinstance(rk, str) or rk.strip().lower() not in R.RISKS:
                    bad([p + ".risk"], "%s.risk is not a risk name: %s" % (p, show(rk)))
                pr = parse_num(e.get("probability"))
                if pr is None or not ZERO <= pr <= ONE:
                    bad([p + ".probability"], "%s.probability must be between 0 and 1, got %s"
                        % (p, show(e.get("probability"))))
    return probs


# ---------------------------------------------------------------------------------------
# Changes: a CSV path and a new value, applied to the nested account JSON
# ---------------------------------------------------------------------------------------
def events_cell(text):
    """The CSV cell `month:risk:probability; ...` as the account JSON's events list.
    Empty parts and spaces around parts are ignored; problems name events[i] (1-based,
    counting the non-empty parts). Returns (list, problems)."""
    out = []
    probs = []
    parts = [p.strip() for p in text.split(";")]
    parts = [p for p in parts if p]
    for i, p in enumerate(parts, 1):
        bits = [b.strip() for b in p.split(":")]
        if len(bits) != 3:
            probs.append((["events[%d]" % i], "events[%d] must be month:risk:probability, got %s"
                          % (i, show(p))))
            continue
        # the validator checks month, risk and probability (names events[i].month, ...)
        out.append({"month": bits[0], "risk": bits[1], "probability": bits[2]})
    return out, probs


def apply_change(j, path, value):
    """Apply one change to the nested account JSON j (in place). Returns the problems that
    the change itself has (unknown or unchangeable field, a cell that cannot be read);
    range and cross-field rules are left to validate()."""
    if path in FORBIDDEN:
        return [([path], "%s cannot be changed by a proposal" % path)]
    if path == "events":
        # AMBIGUITY: null and "" (an empty CSV cell) both mean no events.
        if value is None:
            j.pop("events", None)
            return []
        if not isinstance(value, str):
            return [(["events"], "events must be given in its CSV cell form, a string")]
        evs, probs = events_cell(value)
        if evs:
            j["events"] = evs
        else:
            j.pop("events", None)
        return probs
    if path in ROLE_PATHS:
        role = path.split(".", 1)[1]
        # AMBIGUITY: null and "" both mean "unknown" (the role is left out of the list,
        # and counts as uncovered), as an empty CSV cell does.
        word = None
        if value is not None:
            if not isinstance(value, str):
                return [([path], "%s must be covered, uncovered or absent" % path)]
            word = value.strip().lower() or None
            if word not in (None, "covered", "uncovered", "absent"):
                return [([path], "%s must be covered, uncovered or absent, got %s"
                         % (path, show(value)))]
        rel = j.setdefault("relationship", {})
        roles = [e for e in (rel.get("roles") or [])
                 if not (isinstance(e, dict) and isinstance(e.get("role"), str)
                         and e["role"].strip().lower() == role)]
        if word == "covered":
            roles.append({"role": role, "covered": True})
        elif word == "uncovered":
            roles.append({"role": role, "covered": False})
        elif word == "absent":
            roles.append({"role": role, "present": False})
        rel["roles"] = roles
        return []
    if path in FIELDS:
        set_path(j, path, value)
        return []
    return [([path], "unknown field %s" % path)]


def account_with(base_j, changes):
    """(nested JSON of the account with the changes applied, problems). changes is a
    list of (path, value) pairs in the proposal's order."""
    j = copy.deepcopy(base_j)
    probs = []
    seen = set()
    for path, value in changes:
        if path in seen:
            # AMBIGUITY: a key given twice is an error of that proposal (the others are
            # still valued), not of the whole proposal file.
            probs.append(([path], "%s is given twice" % path))
            continue
        seen.add(path)
        probs += apply_change(j, path, value)
    probs += validate(j)
    return j, probs


# ---------------------------------------------------------------------------------------
# The negotiation result
# ---------------------------------------------------------------------------------------
def evaluation(acc_j, pol):
    """One evaluation as reference.py gives it (sensitivity left out), and its internals."""
    acc = R.parse_account(acc_j)
    diag = {}
    exp = R.evaluate(acc, pol, diag)
    exp.pop("sensitivity", None)
    return acc, exp, diag


def value_of(acc_j, pol):
    return R.valuate(R.parse_account(acc_j), pol).value


def error_entry(name, probs):
    fields = []
    for fs, _ in probs:
        for f in fs[:1]:
            if f not in fields:
                fields.append(f)
    return {"name": name, "error_fields": fields,
            "errors": [{"fields": fs, "message": msg} for fs, msg in probs]}


GIVE_GET = ("concession", "rebate", "payment_terms", "price_down", "cost_to_serve",
            "volume", "contract_term")
STEPS = {"concession": "0.01", "rebate": "0.01", "payment_terms": "10", "price_down": "0.01",
         "cost_to_serve": "0.01", "volume": "0.01", "contract_term": "1"}


def give_get_step(base_j, acc, lever):
    """The account JSON one step away along the lever, or (None, reason)."""
    if lever == "concession":
        # c + 0.01 (one point of list price)
        return [("revenue.concession", R.plain(acc.c + Dec("0.01")))], None
    if lever == "rebate":
        # AMBIGUITY: with no rebate given, beta = 0 and the step gives revenue.rebate 0.01,
        # with rebate_probability and rebate_days at their defaults (1 and 0).
        return [("revenue.rebate", R.plain(acc.beta + Dec("0.01")))], None
    if lever == "payment_terms":
        return [("payment.terms_days", int(acc.terms) + 10)], None
    if lever == "price_down":
        return [("revenue.price_down", R.plain(acc.lam + Dec("0.01")))], None
    if lever == "cost_to_serve":
        # every cost-to-serve item x 1.01; AMBIGUITY: "no cost to serve" read as C = 0
        # (every item absent or 0), whatever the inflation.
        if sum(acc.cts, ZERO) == 0:
            return None, "no cost to serve"
        ch = []
        for item in R.CTS_ITEMS:
            if get_path(base_j, "cost_to_serve." + item) is not None:
                x = parse_num(get_path(base_j, "cost_to_serve." + item))
                ch.append(("cost_to_serve." + item, R.plain(x * Dec("1.01"))))
        return ch, None
    if lever == "volume":
        return [("revenue.annual", R.plain(acc.R * Dec("1.01")))], None
    if lever == "contract_term":
        if acc.L is None:
            return None, "no contract term"
        # AMBIGUITY: L + 1 with contract.years_elapsed held (the current term runs one
        # year longer; e <= L - 1 < L + 1 stays valid). Renewals then fall where
        # (e + t) is divisible by L + 1.
        return [("contract.term_years", acc.L + 1)], None
    raise ValueError(lever)


def step_reason(base_j, changes, probs):
    """Why a give-get step has no value: the field that leaves its range, and where to."""
    out = []
    for path, value in changes:
        kind, lo, hi, _ = FIELDS[path]
        if kind == "money":
            lo, hi = ZERO, MONEY_MAX
        x = Dec(value)
        if hi is not None and x > hi:
            out.append("%s would be %s, above %s" % (path, R.plain(x), R.plain(hi)))
        elif lo is not None and x < lo:
            out.append("%s would be %s, below %s" % (path, R.plain(x), R.plain(lo)))
    if not out and changes[0][0] == "payment.terms_days":
        tot = Dec(changes[0][1]) + parse_int(get_path(base_j, "payment.delay_days") or 0)
        out.append("payment.terms_days + payment.delay_days would be %s, above 365"
                   % R.plain(tot))
    if not out:
        out = [msg for _, msg in probs]
    return "; ".join(out)


def nfig(x):
    """A negotiation figure: as reference.fig, but a difference below 10^-40 in absolute
    value (80-digit rounding noise of two valuations of equal value) is written "0"."""
    if x is not None and abs(x) < Dec("1e-40"):
        return "0"
    return R.fig(x)


def negotiate(account_j, policy_j, proposals):
    """proposals: list of {"name": str, "changes": [(path, value), ...]}.
    Returns (expected, internal) where internal keeps the Decimal figures for the laws."""
    pol = R.parse_policy(policy_j)
    base_probs = validate(account_j)
    assert not base_probs, base_probs
    acc0, exp0, diag0 = evaluation(account_j, pol)
    base = diag0["base"]
    V0 = base.value
    internal = {"V0": V0, "eps0": base.eps, "comps0": dict(base.comps), "proposals": [],
                "give_get": {}, "acc0": acc0, "pol": pol, "diag0": diag0}
    out_props = []
    for prop in proposals:
        name = prop["name"]
        changes = prop["changes"]
        j, probs = account_with(account_j, changes)
        if probs:
            out_props.append(error_entry(name, probs))
            internal["proposals"].append({"name": name, "error": True,
                                          "n_changes": len(changes)})
            continue
        acc1, exp1, diag1 = evaluation(j, pol)
        b1 = diag1["base"]
        dV = b1.value - V0
        dcomp = {x: b1.comps[x] - base.comps[x] for x in R.COMPONENTS}
        effects = []
        eff_int = []
        for path, value in changes:
            j2, p2 = account_with(account_j, [(path, value)])
            if p2:
                # invalid on its own (valid only together with another change)
                effects.append({"change": path, "delta": None})
                eff_int.append(None)
            else:
                e = value_of(j2, pol) - V0
                effects.append({"change": path, "delta": nfig(e)})
                eff_int.append(e)
        if any(e is None for e in eff_int):
            inter = None
        else:
            # AMBIGUITY: a proposal with no changes has interaction 0 (0 less an empty
            # sum), not null.
            inter = dV - sum(eff_int, ZERO)
        delta = {"value": nfig(dV)}
        delta.update({x: nfig(dcomp[x]) for x in R.COMPONENTS})
        out_props.append({"name": name, "evaluation": exp1, "delta": delta,
                          "effects": effects, "interaction": nfig(inter)})
        internal["proposals"].append({"name": name, "error": False, "dV": dV, "dcomp": dcomp,
                                      "effects": eff_int, "interaction": inter,
                                      "eps1": b1.eps, "n_changes": len(changes),
                                      "changes": changes, "acc1": acc1})
    # give-get table: one step of each lever from the account as it is
    rows = []
    gg = {}
    for lever in GIVE_GET:
        ch, reason = give_get_step(account_j, acc0, lever)
        dv = None
        if ch is not None:
            j2, p2 = account_with(account_j, ch)
            if p2:
                reason = step_reason(account_j, ch, p2)
            else:
                dv = value_of(j2, pol) - V0
                gg[lever + ":acc"] = R.parse_account(j2)
        gg[lever] = dv
        rows.append({"lever": lever, "step": STEPS[lever], "delta": nfig(dv),
                     "points": None, "reason": reason if dv is None else None})
    dc = gg["concession"]
    for row in rows:
        dv = gg[row["lever"]]
        if dv is None:
            continue
        if dc is None:
            row["points_reason"] = "the concession step leaves its range"
        elif dc >= 0:
            # points are absent when dV_concession >= 0 (a concession that does not cost
            # is no yardstick); AMBIGUITY: the concession row's own points too.
            row["points_reason"] = "a point of concession does not cost here"
        else:
            pts = dv / (-dc)
            row["points"] = nfig(pts)
            gg[row["lever"] + ":points"] = pts
    internal["give_get"] = gg
    # the package in the levers' own units
    pkg = diag0["figs"]["package"]
    package = {"share": None, "concession_cut": None, "cost_cut": None, "terms_cut": None,
               "value": None}
    if pkg is not None and pkg != 0:
        conc_cut = pkg * min(pol.psi, acc0.c)
        cost_cut = pkg * pol.phi
        terms_cut = pkg * min(pol.chi, acc0.terms)
        vpkg = R.valuate(R.with_package(acc0, pol, pkg), pol).value
        package = {"share": R.fig(pkg), "concession_cut": R.fig(conc_cut),
                   "cost_cut": R.fig(cost_cut), "terms_cut": R.fig(terms_cut),
                   "value": R.fig(vpkg)}
        internal["package"] = {"share": pkg, "value": vpkg, "eta_k": diag0["eta_k"]}
    expected = {"as_is": exp0, "proposals": out_props, "give_get": rows, "package": package}
    return expected, internal


# ---------------------------------------------------------------------------------------
# Proposal files
# ---------------------------------------------------------------------------------------
class Pairs(list):
    pass


def read_proposals_text(text):
    """A proposal file: a JSON array of proposals, or a single one. Keeps each proposal's
    changes in file order, duplicates included (each proposal judges its own). Returns
    (proposals, file_error)."""
    data = json.loads(text, parse_float=Decimal, object_pairs_hook=Pairs)
    items = data if not isinstance(data, Pairs) else [data]
    props = []
    for it in items:
        d = dict(it)
        ch = d.get("changes")
        props.append({"name": d.get("name"), "changes": list(ch) if ch is not None else []})
    return props, names_error(props)


def proposals_from_json(lst):
    return [{"name": p["name"], "changes": list(p["changes"].items())} for p in lst]


def names_error(props):
    # AMBIGUITY: "names are unique" is read as a rule of the proposal file: a file with a
    # name given twice is refused as a whole (nothing is valued), not the later proposal.
    seen = []
    dup = []
    for p in props:
        if p["name"] in seen and p["name"] not in dup:
            dup.append(p["name"])
        seen.append(p["name"])
    if dup:
        return {"error_fields": ["name"],
                "error": "proposal names must be unique: %s given more than once"
                         % ", ".join(json.dumps(x, ensure_ascii=False) for x in dup)}
    return None


def run_case(case):
    """expected (and internal) for a case {account, policy, proposals | proposals_text}."""
    if "proposals_text" in case:
        props, err = read_proposals_text(case["proposals_text"])
    else:
        props = proposals_from_json(case["proposals"])
        err = names_error(props)
    if err:
        return err, None
    return negotiate(case["account"], case["policy"], props)


# ---------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------
def rdec(rng, lo, hi, places=4):
    return R.rdec(rng, lo, hi, places)


def random_value(rng, path, acc_j):
    """A valid-looking new value for the field (it may still be invalid together with the
    rest of the account: the proposal is validated as a whole)."""
    Rv = int(Dec(get_path(acc_j, "revenue.annual")))
    if path == "events":
        n = rng.choice([0, 1, 1, 2, 3])
        parts = ["%d:%s:%s" % (rng.randint(1, 84), rng.choice(R.RISKS), rdec(rng, "0", "0.5"))
                 for _ in range(n)]
        return "; ".join(parts)
    if path in ROLE_PATHS:
        return rng.choice(["covered", "covered", "uncovered", "absent", None, "Covered "])
    kind, lo, hi, _ = FIELDS[path]
    if kind == "bool":
        return rng.random() < 0.5
    if path == "revenue.annual":
        return str(Rv * rng.randint(70, 140) // 100)
    if kind == "money":
        return str(rng.randint(0, max(1, Rv // 25)))
    table = {
        "revenue.growth": ("-0.2", "0.15"), "revenue.gross_margin": ("0.1", "0.45"),
        "revenue.concession": ("0", "0.2"), "revenue.price_down": ("0", "0.1"),
        "revenue.cost_down": ("0", "0.05"), "revenue.rebate": ("0", "0.06"),
        "revenue.rebate_probability": ("0.3", "1"), "cost_to_serve.inflation": ("-0.05", "0.1"),
        "payment.default_rate": ("0", "0.03"), "risk.termination_compensation": ("0", "1"),
        "pursuit.win_probability": ("0.05", "0.95"), "contract.retender_probability": ("0", "1"),
        "contract.incumbent_win_probability": ("0.3", "0.9"), "contract.nonrenewal": ("0", "0.25"),
    }
    if path.startswith("risk."):
        table.setdefault(path, ("0", "0.15"))
    if path in table:
        return rdec(rng, *table[path])
    ints = {
        "revenue.ramp_years": lambda: rng.randint(0, 4),
        "revenue.rebate_days": lambda: rng.choice([0, 30, 90, 120, 365]),
        "payment.terms_days": lambda: rng.choice([0, 15, 30, 45, 60, 90, 120, 150]),
        "payment.delay_days": lambda: rng.randint(0, 60),
        "pursuit.competitors": lambda: rng.randint(0, 5),
        "pursuit.sales_cycle_months": lambda: rng.randint(0, 36),
        "contract.term_years": lambda: rng.randint(1, 7),
        "contract.years_elapsed": lambda: rng.randint(0, 3),
        "release.stranded_years": lambda: rng.randint(0, 4),
    }
    x = ints[path]()
    return str(x) if rng.random() < 0.2 else x       # integer fields accept 30 or "30"


LEVER_POOL = ("revenue.annual", "revenue.concession", "revenue.rebate", "payment.terms_days",
              "revenue.price_down", "cost_to_serve.account_team", "cost_to_serve.service",
              "contract.term_years", "risk.competitor_displacement", "risk.ownership_change",
              "events", "relationship.final_decision", "relationship.approver",
              "revenue.growth", "payment.delay_days", "revenue.scale_savings",
              "reference.annual_value", "risk.termination_compensation")


def field_pool(acc_j):
    pool = list(LEVER_POOL) * 3 + [p for p in CHANGEABLE if p not in LEVER_POOL]
    return pool


def valid_only_together(rng, acc_j, acc):
    """Changes of which at least one is invalid on its own but the whole is valid."""
    opts = []
    T0, D0 = int(acc.terms), int(acc.delay)
    if T0 >= 1:
        opts.append("delay_up_terms_down")
    if D0 >= 1:
        opts.append("terms_up_delay_down")
    if acc.L is None:
        opts.append("contract_without_term")
    if get_path(acc_j, "revenue.rebate") is None:
        opts.append("rebate_fields_without_rebate")
    if acc.L is not None and acc.stage == "active" and acc.e >= 1:
        opts.append("shorter_term_and_elapsed")
    if get_path(acc_j, "revenue.rebate_probability") is not None:
        opts.append("drop_rebate")
    kind = rng.choice(opts)
    if kind == "delay_up_terms_down":
        d = min(365, 366 - T0 + rng.randint(0, 20))
        t = rng.randint(0, 365 - d)
        return kind, [("payment.delay_days", d), ("payment.terms_days", t)]
    if kind == "terms_up_delay_down":
        t = min(365, 366 - D0 + rng.randint(0, 20))
        d = rng.randint(0, 365 - t)
        return kind, [("payment.terms_days", t), ("payment.delay_days", d)]
    if kind == "contract_without_term":
        return kind, [("contract.retender_probability", rdec(rng, "0.2", "1")),
                      ("contract.retender_cost", str(rng.randint(0, int(acc.R) // 30))),
                      ("contract.term_years", rng.randint(1, 5))][rng.randint(0, 1):]
    if kind == "rebate_fields_without_rebate":
        return kind, [("revenue.rebate_probability", rdec(rng, "0.3", "0.9")),
                      ("revenue.rebate", rdec(rng, "0.01", "0.05"))]
    if kind == "shorter_term_and_elapsed":
        L2 = rng.randint(1, acc.e)
        return kind, [("contract.term_years", L2), ("contract.years_elapsed", rng.randint(0, L2 - 1))]
    # drop the rebate: rebate null is invalid alone (rebate_* left), the others valid
    ch = [("revenue.rebate", None), ("revenue.rebate_probability", None)]
    if get_path(acc_j, "revenue.rebate_days") is not None:
        ch.append(("revenue.rebate_days", None))
    return kind, ch


def invalid_proposal(rng, acc_j):
    kind = rng.choice(["range", "range", "unknown", "currency", "grammar", "event", "stage",
                       "integer", "required"])
    ok_field = rng.choice(LEVER_POOL[:5])
    ok = (ok_field, random_value(rng, ok_field, acc_j))
    bad = {"range": rng.choice([("revenue.gross_margin", "1.5"), ("risk.political", "1.2"),
                                ("payment.terms_days", 400), ("contract.term_years", 0),
                                ("revenue.growth", "-0.6"), ("revenue.price_down", "0.55")]),
           "unknown": rng.choice([("revenue.discount", "0.1"), ("risk.weather", "0.1"),
                                  ("relationship.ceo", "covered"), ("reference.uses", [])]),
           "currency": ("currency", "USD"),
           "stage": ("stage", "prospect"),
           "grammar": rng.choice([("revenue.annual", "1,200,000"), ("revenue.concession", "5%"),
                                  ("revenue.concession", "1e-2")]),
           "event": rng.choice([("events", "6:bankruptcy:0.1"), ("events", "700:political:0.1"),
                                ("events", "6:political"), ("events", "12:political:1.5")]),
           "integer": ("payment.terms_days", "30.5"),
           "required": ("revenue.gross_margin", None)}[kind]
    ch = [ok, bad] if rng.random() < 0.5 else [bad, ok]
    if ch[0][0] == ch[1][0]:
        ch = [bad]
    return "invalid_" + kind, ch


def random_proposals(rng, acc_j):
    acc = R.parse_account(acc_j)
    n = rng.randint(2, 4)
    props = []
    for i in range(n):
        x = rng.random()
        if x < 0.62:
            for _ in range(50):
                k = rng.randint(1, 4)
                paths = []
                while len(paths) < k:
                    p = rng.choice(field_pool(acc_j))
                    if p not in paths:
                        paths.append(p)
                ch = []
                for p in paths:
                    if FIELDS.get(p, ("",))[0] != "" and not FIELDS[p][3] and rng.random() < 0.08:
                        ch.append((p, None))
                    else:
                        ch.append((p, random_value(rng, p, acc_j)))
                _, probs = account_with(acc_j, ch)
                if not probs:
                    break
            label = "mix"
        elif x < 0.84:
            label, ch = valid_only_together(rng, acc_j, acc)
        else:
            label, ch = invalid_proposal(rng, acc_j)
        props.append({"name": "p%d_%s" % (i + 1, label), "changes": dict(ch)})
    return props


# The bundled retailer (KA-043, Hansa Retail Group) and cement maker (KA-044) with the
# bundled policy, as the bundled list's CSV rows read by the contract's column rules
# (tests/golden/v3/bundled.py), copied here so that this file depends on no example data.
BUNDLED_POLICY = {"discount_rate": "0.12", "discount_rates": {"RUB": "0.18"},
                  "horizon_years": 5,
                  "hurdle": {"EUR": "150000", "USD": "150000", "RUB": "15000000"},
                  "max_cost_cut": "0.3", "max_concession_cut": "0.02"}
ROLES_KA = [{"role": "user", "covered": True}, {"role": "preparer", "covered": True},
            {"role": "approver", "covered": True}, {"role": "budget_holder", "covered": False},
            {"role": "final_decision", "covered": True}, {"role": "legal", "covered": False},
            {"role": "procurement", "covered": True}]
RETAILER = {"id": "KA-043", "name": "Hansa Retail Group", "currency": "EUR", "stage": "active",
            "revenue": {"annual": "18000000", "growth": "0.04", "gross_margin": "0.22",
                        "concession": "0.07", "rebate": "0.04", "rebate_probability": "0.65",
                        "rebate_days": 120},
            "cost_to_serve": {"account_team": "260000", "service": "310000", "other": "90000"},
            "payment": {"terms_days": 90, "delay_days": 15, "default_rate": "0.004"},
            "risk": {"ownership_change": "0.02", "management_change": "0.05",
                     "strategy_change": "0.04", "competitor_displacement": "0.08",
                     "termination_compensation": "0.1"},
            "relationship": {"roles": ROLES_KA}}
CEMENT = {"id": "KA-044", "name": "Sibirsky Cement", "currency": "RUB", "stage": "active",
          "revenue": {"annual": "310000000", "growth": "0.01", "gross_margin": "0.18",
                      "concession": "0.06", "scale_savings": "2000000"},
          "cost_to_serve": {"account_team": "16000000", "service": "9000000",
                            "customization": "4000000", "inflation": "0.06"},
          "payment": {"terms_days": 60, "delay_days": 20, "default_rate": "0.01"},
          "risk": {"ownership_change": "0.04", "management_change": "0.06",
                   "strategy_change": "0.04", "political": "0.03",
                   "competitor_displacement": "0.05", "termination_compensation": "0.2"},
          "relationship": {"roles": ROLES_KA},
          "release": {"stranded_cost": "14000000", "stranded_years": 1}}


def hand_cases(rnd_cases):
    cases = []
    # (a) the retailer's ask of the contract's example, on the bundled retailer
    cases.append({"name": "h_a_retailer_ask", "policy": BUNDLED_POLICY, "account": RETAILER,
                  "proposals": [
                      {"name": "retailer's ask", "changes": {
                          "payment.terms_days": 120, "revenue.rebate": "0.04",
                          "revenue.annual": "23400000"}},
                      {"name": "counter-offer", "changes": {
                          "payment.terms_days": 100, "revenue.rebate": "0.05",
                          "revenue.annual": "21000000", "contract.term_years": 3}},
                      {"name": "three-year deal", "changes": {
                          "contract.retender_probability": "0.5", "contract.term_years": 3,
                          "relationship.legal": "covered"}},
                      {"name": "bad", "changes": {"payment.terms_days": 400}},
                      {"name": "no bonus", "changes": {"revenue.rebate": None}}]})
    # (b) an empty proposal, and one that sets fields to the values they already have
    src = rnd_cases[0]
    acc_j = src["account"]
    same = {}
    for p in ("revenue.annual", "revenue.gross_margin", "payment.terms_days",
              "revenue.concession", "contract.term_years"):
        if get_path(acc_j, p) is not None:
            same[p] = get_path(acc_j, p)
    same["events"] = "; ".join("%s:%s:%s" % (e["month"], e["risk"], e["probability"])
                               for e in acc_j.get("events") or [])
    cases.append({"name": "h_b_empty_proposal", "policy": src["policy"], "account": acc_j,
                  "proposals": [{"name": "nothing", "changes": {}},
                                {"name": "same values", "changes": same}]})
    # (c) below its bar, restructured by the package: the bundled cement maker
    cases.append({"name": "h_c_below_bar_package", "policy": BUNDLED_POLICY, "account": CEMENT,
                  "proposals": [
                      {"name": "the package by hand", "changes": {
                          "revenue.concession": "0.0525", "cost_to_serve.account_team": "14000000",
                          "payment.terms_days": 45}},
                      {"name": "they want more days", "changes": {"payment.terms_days": 90,
                                                                  "payment.delay_days": 30}}]})
    # (c2) a random active account whose hurdle is set so that the package at share 0.37
    #      just reaches (the bar: V_pkg(0.37), less the release value, rounded down)
    for src in rnd_cases:
        acc_j = src["account"]
        if acc_j["stage"] != "active" or acc_j.get("image_critical"):
            continue
        pol_j = {k: v for k, v in src["policy"].items()
                 if k not in ("hurdle", "hurdle_per_revenue")}
        pol = R.parse_policy(pol_j)
        acc = R.parse_account(acc_j)
        v0 = R.valuate(acc, pol).value
        v37 = R.valuate(R.with_package(acc, pol, Dec("0.37")), pol).value
        if v37 - v0 < 1000:
            continue
        vrel = R.release_value(acc, pol, R.account_rate(acc, pol))
        pol_j["hurdle"] = str(int((v37 - vrel).to_integral_value(rounding="ROUND_FLOOR")))
        cases.append({"name": "h_c2_package_on_random_account", "policy": pol_j,
                      "account": acc_j, "proposals": src["proposals"]})
        break
    # (d) no contract term (give-get contract_term null), a term added by a proposal
    d_acc = {"id": "H-D", "currency": "USD", "stage": "active",
             "revenue": {"annual": "5000000", "gross_margin": "0.3", "concession": "0.05",
                         "price_down": "0.02"},
             "cost_to_serve": {"service": "150000"},
             "payment": {"terms_days": 60},
             "risk": {"strategy_change": "0.06", "political": "0.02"}}
    cases.append({"name": "h_d_no_contract_term", "policy": {"hurdle": "400000"}, "account": d_acc,
                  "proposals": [
                      {"name": "a term with tenders", "changes": {
                          "contract.retender_probability": "0.7", "contract.term_years": 2,
                          "contract.retender_cost": "40000"}},
                      {"name": "years elapsed without a term", "changes": {
                          "contract.years_elapsed": 1}}]})
    # (e) no cost to serve (give-get cost_to_serve null); term of 50 years (contract_term
    #     step leaves the range); a prospect
    e_acc = {"id": "H-E", "currency": "GBP", "stage": "prospect",
             "revenue": {"annual": "2000000", "gross_margin": "0.25", "concession": "0.04"},
             "acquisition": {"tender": "30000", "onboarding": "50000"},
             "pursuit": {"competitors": 2, "evidence": {"champion": True}},
             "payment": {"terms_days": 45, "delay_days": 10},
             "risk": {"ownership_change": "0.05"},
             "contract": {"term_years": 50, "years_elapsed": 3, "nonrenewal": "0.2"}}
    cases.append({"name": "h_e_no_cost_to_serve", "policy": {"horizon_years": 6, "timing": "mid"},
                  "account": e_acc,
                  "proposals": [
                      {"name": "a service team", "changes": {"cost_to_serve.service": "60000",
                                                            "pursuit.evidence.champion": False}},
                      {"name": "shorter term", "changes": {"contract.term_years": 2}},
                      {"name": "shorter term, no elapsed", "changes": {
                          "contract.term_years": 2, "contract.years_elapsed": None}}]})
    # (f) every give-get step that can leave its range does (points all absent)
    f_acc = {"id": "H-F", "currency": "EUR", "stage": "active",
             "revenue": {"annual": "999000000000000", "gross_margin": "0.9",
                         "concession": "0.995", "price_down": "0.495", "rebate": "0.995"},
             "cost_to_serve": {"service": "999999999999999"},
             "payment": {"terms_days": 300, "delay_days": 60},
             "risk": {"political": "0.1"},
             "contract": {"term_years": 3}}
    cases.append({"name": "h_f_steps_out_of_range", "policy": {}, "account": f_acc,
                  "proposals": [{"name": "less concession", "changes": {"revenue.concession": "0.9"}}]})
    # (g) a rebate of 100 %: a point of concession raises the value (points absent)
    g_acc = {"id": "H-G", "currency": "EUR", "stage": "active",
             "revenue": {"annual": "3000000", "gross_margin": "0.3", "concession": "0.05",
                         "rebate": "1"},
             "cost_to_serve": {"service": "20000"},
             "payment": {"terms_days": 60},
             "risk": {"political": "0.05"}}
    cases.append({"name": "h_g_concession_does_not_cost", "policy": {}, "account": g_acc,
                  "proposals": [{"name": "smaller rebate", "changes": {"revenue.rebate": "0.02"}}]})
    # (h) a proposal file with a key given twice (raw text), beside a valid proposal
    cases.append({"name": "h_h_duplicate_key", "policy": BUNDLED_POLICY, "account": RETAILER,
                  "proposals_text": '[{"name": "twice", "changes": {"payment.terms_days": 60, '
                                    '"payment.terms_days": 75}},\n'
                                    ' {"name": "once", "changes": {"payment.terms_days": 75}}]'})
    # (i) two proposals with the same name: the file is refused
    cases.append({"name": "h_i_duplicate_names", "policy": BUNDLED_POLICY, "account": RETAILER,
                  "proposals": [{"name": "x", "changes": {"payment.terms_days": 60}},
                                {"name": "x", "changes": {"payment.terms_days": 75}}]})
    return cases


N_RANDOM = 20


def random_cases():
    rng = random.Random(20240607)
    out = []
    for i in range(N_RANDOM):
        c = R.random_case(rng, i + 1)
        c["account"]["id"] = "N-%03d" % (i + 1)
        c["proposals"] = random_proposals(rng, c["account"])
        out.append({"name": "random_%03d" % (i + 1), "policy": c["policy"],
                    "account": c["account"], "proposals": c["proposals"]})
    return out


def all_inputs():
    rnd = random_cases()
    return rnd + hand_cases(rnd)


def build():
    cases = []
    internals = []
    for c in all_inputs():
        exp, internal = run_case(c)
        case = dict(c)
        case["expected"] = exp
        cases.append(case)
        internals.append(internal)
    return cases, internals


def text_of(cases):
    return R.dumps(cases)


# ---------------------------------------------------------------------------------------
# --check: the laws
# ---------------------------------------------------------------------------------------
def check(cases, internals):
    counts = {}
    failures = []

    def ok(cond, what, name):
        counts.setdefault(what, [0, 0])
        counts[what][1] += 1
        if cond:
            counts[what][0] += 1
        else:
            failures.append("%s: %s" % (name, what))

    for case, it in zip(cases, internals):
        name = case["name"]
        exp = case["expected"]
        if it is None:
            ok("error" in exp and exp["error_fields"], "refused proposal file names the fault",
               name)
            continue
        acc0, pol = it["acc0"], it["pol"]
        r = R.account_rate(acc0, pol)
        ok(not validate(case["account"]), "account as is is valid", name)
        for p, pe in zip(it["proposals"], exp["proposals"]):
            if p["error"]:
                ok(len(pe["error_fields"]) >= 1 and "evaluation" not in pe,
                   "invalid proposal names a field", name)
                continue
            # no changes: zero delta everywhere
            if p["n_changes"] == 0:
                ok(p["dV"] == 0 and all(v == 0 for v in p["dcomp"].values())
                   and pe["interaction"] == "0" and pe["effects"] == [],
                   "empty proposal: zero delta", name)
            if pe["name"] == "same values":
                ok(p["dV"] == 0 and all(v == 0 for v in p["dcomp"].values()),
                   "same values: zero delta", name)
            # own effects + interaction = delta value, exactly (internal) and as written
            if p["interaction"] is not None:
                ok(sum(p["effects"], ZERO) + p["interaction"] == p["dV"],
                   "effects + interaction = delta (exact)", name)
                tot = sum((Dec(e["delta"]) for e in pe["effects"]), ZERO) + Dec(pe["interaction"])
                scale = sum((abs(e) for e in p["effects"]), ZERO) + abs(p["interaction"]) \
                    + abs(p["dV"])
                ok(abs(tot - Dec(pe["delta"]["value"])) <= Dec("1e-27") * scale + Dec("1e-40"),
                   "written effects + interaction = written delta", name)
            else:
                ok(any(e["delta"] is None for e in pe["effects"]),
                   "interaction null only with a null effect", name)
            # one change: its own effect is the whole delta
            if p["n_changes"] == 1 and p["effects"][0] is not None:
                ok(p["effects"][0] == p["dV"] and p["interaction"] == 0,
                   "single change: effect = delta, interaction 0", name)
            # delta components sum to delta value
            ok(abs(sum(p["dcomp"].values(), ZERO) - p["dV"]) <= Dec("1e-40"),
               "delta components sum to delta value", name)
            ws = sum((Dec(pe["delta"][x]) for x in R.COMPONENTS), ZERO)
            ok(abs(ws - Dec(pe["delta"]["value"])) <= max(it["eps0"], p["eps1"]),
               "written delta components sum within eps", name)
            # the evaluation's value minus the value as is is the delta
            ok(abs(Dec(pe["evaluation"]["value"]) - Dec(exp["as_is"]["value"])
                   - Dec(pe["delta"]["value"])) <= Dec("1e-6"),
               "evaluation value - as is value = delta", name)
            # scalar changes applied a second way: dataclasses.replace on the parsed account
            alt = replace_path(acc0, p["changes"])
            if alt is not None:
                ok(R.valuate(alt, pol).value - it["V0"] == p["dV"],
                   "proposal by replace() = proposal by JSON", name)
        # give-get
        gg = it["give_get"]
        rows = {row["lever"]: row for row in exp["give_get"]}
        ok([row["lever"] for row in exp["give_get"]] == list(GIVE_GET), "give-get rows in order",
           name)
        if rows["concession"]["points"] is not None:
            ok(rows["concession"]["points"] == "-1", "concession points exactly -1", name)
        ok(all((row["delta"] is None) == (row["reason"] is not None) for row in exp["give_get"]),
           "give-get null delta iff reason", name)
        if gg["concession"] is not None and gg["concession"] < 0:
            ok(all((row["delta"] is None) == (row["points"] is None) for row in exp["give_get"]),
               "points present wherever delta is", name)
        else:
            ok(all(row["points"] is None for row in exp["give_get"]),
               "no points without a costly concession step", name)
        # steps against the Newton slopes of reference.py where the exit year is unchanged
        base = it["diag0"]["base"]
        for lever, sl, mult in (("concession", R.slope_concession(acc0, r), Dec("0.01")),
                                ("payment_terms", R.slope_terms(acc0, r), Dec(-10)),
                                ("cost_to_serve", R.slope_cost(acc0), Dec("-0.01"))):
            dv = gg[lever]
            if dv is None:
                continue
            v2 = R.valuate(gg[lever + ":acc"], pol)
            if v2.E != base.E or v2.exited != base.exited:
                continue
            pred = mult * sl(base)
            ok(abs(dv - pred) <= Dec("1e-30") * (1 + abs(pred)),
               "give-get step = slope x step (same exit year)", name)
        vol = gg["volume"]
        if vol is not None and acc0.S == 0 and acc0.ref_raw == 0 and sum(acc0.cts, ZERO) == 0 \
                and acc0.Z == 0 and acc0.T == 0 and sum(acc0.acq, ZERO) == 0 and acc0.O == 0:
            ok(abs(vol - it["V0"] * Dec("0.01")) <= Dec("1e-30") * (1 + abs(it["V0"])),
               "volume step = 1 % of a value linear in R", name)
        # package
        pk = exp["package"]
        ptf = exp["as_is"]["package_to_hurdle"]
        if ptf is None or ptf == "0":
            ok(all(v is None for v in pk.values()), "package null when not needed", name)
        else:
            pkg = it["package"]
            ok(pk["share"] == ptf and pkg["value"] >= pkg["eta_k"]
               and Dec(pk["concession_cut"]) <= pol.psi and Dec(pk["cost_cut"]) <= pol.phi
               and Dec(pk["terms_cut"]) <= pol.chi,
               "package reaches its bar within the levers' limits", name)
    return counts, failures


ATTR = {"revenue.annual": "R", "revenue.growth": "g", "revenue.gross_margin": "m",
        "revenue.concession": "c", "revenue.price_down": "lam", "revenue.cost_down": "omega",
        "revenue.scale_savings": "S", "cost_to_serve.inflation": "infl",
        "payment.default_rate": "b", "risk.termination_compensation": "k",
        "revenue.ramp_years": "J"}


def replace_path(acc, changes):
    """The proposal applied with dataclasses.replace, for the scalar fields where that is
    straightforward; None when a change is not of that kind."""
    from dataclasses import replace
    kw = {}
    p = list(acc.p)
    cts = list(acc.cts)
    terms = acc.terms
    for path, value in changes:
        if value is None:
            return None
        if path in ATTR:
            v = Dec(value) if ATTR[path] != "J" else int(value)
            kw[ATTR[path]] = v
        elif path.startswith("risk.") and path[5:] in R.RISKS:
            p[R.RISKS.index(path[5:])] = Dec(value)
        elif path.startswith("cost_to_serve.") and path[14:] in R.CTS_ITEMS:
            cts[R.CTS_ITEMS.index(path[14:])] = Dec(value)
        elif path == "payment.terms_days":
            terms = Dec(int(value))
        else:
            return None
    return replace(acc, p=tuple(p), cts=tuple(cts), terms=terms, **kw)


def main():
    args = sys.argv[1:]
    cases, internals = build()
    text = text_of(cases)
    if "--write" in args:
        with open(CASES_FILE, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print("wrote %s: %d cases (%d bytes)" % (os.path.basename(CASES_FILE), len(cases),
                                                 len(text.encode("utf-8"))))
    if "--check" in args or not args:
        counts, failures = check(cases, internals)
        counts["file up to date"] = [0, 1]
        try:
            with open(CASES_FILE, encoding="utf-8", newline="") as f:
                disk = f.read()
        except FileNotFoundError:
            disk = None
        if disk == text:
            counts["file up to date"][0] = 1
        else:
            failures.append("negotiation_cases.json is missing or stale: run --write")
        # the expected figures on disk, recomputed from the inputs on disk
        if disk is not None:
            counts["recomputed from the file's inputs"] = [0, 0]
            for c in json.loads(disk, parse_float=Decimal):
                counts["recomputed from the file's inputs"][1] += 1
                exp, _ = run_case(c)
                if json.loads(R.dumps(exp)) == c["expected"]:
                    counts["recomputed from the file's inputs"][0] += 1
                else:
                    failures.append("%s: expected on disk differs from recomputation" % c["name"])
        print("checked %d negotiation cases" % len(cases))
        for k, (p, n) in counts.items():
            print("  %-50s %5d / %5d" % (k, p, n))
        tp = sum(v[0] for v in counts.values())
        tn = sum(v[1] for v in counts.values())
        print("%d of %d checks passed" % (tp, tn))
        for f in failures[:50]:
            print("FAIL", f)
        return 0 if not failures else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
