"""The valuation model of model v2 in float64, vectorized, for the columns the
`generate` example writes (no ramp-up, price-down, contract or onboarding), under
the default policy. It exists to measure the crate against pandas and Polars on
the same work: read the CSV, validate nothing, value every account, write a result
CSV. Floats, unlike the crate: the figures agree to about 1e-6 relative.

    python3 benches/compare/model.py pandas|polars INPUT.csv OUTPUT.csv
"""
import sys

R_RATE, H, MU, PHI, PSI = 0.12, 5, 0.5, 0.3, 0.02
WEIGHTS = {"user": 1, "approver": 2, "final_decision": 3}
TOTAL_WEIGHT = 11.0  # all seven roles: 1 + 1 + 2 + 2 + 3 + 1 + 1


def rates(c, covered, true):
    """The per-account rates that do not depend on the year."""
    kappa = sum(w * covered(role) for role, w in WEIGHTS.items()) / TOTAL_WEIGHT
    damp = 1.0 - MU * kappa
    s = ((1.0 - c("risk.ownership_change")) * (1.0 - c("risk.management_change") * damp)
         * (1.0 - c("risk.strategy_change") * damp) * (1.0 - c("risk.political"))
         * (1.0 - c("risk.competitor_displacement") * damp))
    b, cc = c("payment.default_rate"), c("revenue.concession")
    carry = R_RATE * (c("payment.terms_days") + c("payment.delay_days")) / 365.0
    return {
        "kappa": kappa, "s": s, "h": 1.0 - s,
        "C": c("cost_to_serve.account_team") + c("cost_to_serve.service") + c("cost_to_serve.customization"),
        "fin_rate": (1.0 - cc) * (1.0 - b) * carry, "bad_rate": (1.0 - cc) * b,
        "slope_rate": (1.0 - b) * carry + b - 1.0,
        "champion": true("pursuit.evidence.champion"), "image": true("image_critical"),
    }


def model(c, where, stage=None):
    """Every figure from column accessor `c` (inputs and the rates above), with
    `where(cond, a, b)`. `stage(dict)` may materialize intermediate columns and
    return accessors for them (Polars); numpy passes values through. Works on
    numpy arrays and on Polars expressions alike."""
    stage = stage or (lambda named: named)
    v = 1.0 / (1.0 + R_RATE)
    s, h, k = c("s"), c("h"), c("risk.termination_compensation")
    R, g, m, cc = c("revenue.annual"), c("revenue.growth"), c("revenue.gross_margin"), c("revenue.concession")
    S, ref, C = c("revenue.scale_savings"), c("reference.annual_value"), c("C")
    # The weights of each year, summed: Σ d_t a_t s R_t, Σ d_t a_t R_t, Σ d_t a_t s,
    # Σ d_t a_t, Σ a_t s (a_t = s^(t−1), R_t = R (1+g)^(t−1)).
    w = stage({"e_sales": 0.0 * s, "q_sales": 0.0 * s, "e": 0.0 * s, "q": 0.0 * s, "years": 0.0 * s,
               "alive": 1.0 + 0.0 * s, "growth": 1.0 + 0.0 * s})
    disc = 1.0
    for _ in range(H):
        disc = disc * v
        w = stage({
            "e_sales": w["e_sales"] + disc * w["alive"] * s * w["growth"],
            "q_sales": w["q_sales"] + disc * w["alive"] * w["growth"],
            "e": w["e"] + disc * w["alive"] * s,
            "q": w["q"] + disc * w["alive"],
            "years": w["years"] + w["alive"] * s,
            "alive": w["alive"] * s,
            "growth": w["growth"] * (1.0 + g),
        })
    e_sales, q_sales = R * w["e_sales"], R * w["q_sales"]
    net_rate = (m - cc) - c("fin_rate") - c("bad_rate")
    contribution = e_sales * (m - cc)
    financing = -e_sales * c("fin_rate")
    bad = -e_sales * c("bad_rate")
    comp = h * k * q_sales * net_rate
    slope = (e_sales + h * k * q_sales) * c("slope_rate")
    prospect = c("stage") == "prospect"
    odds = (1.0 / (c("pursuit.competitors") + 1.0)) * where(c("champion") > 0.5, 2.0, 1.0)
    P = odds / (1.0 + odds)
    M = c("pursuit.sales_cycle_months")
    delta = (v ** (M // 12)) / (1.0 + R_RATE * (M % 12) / 12.0)
    scale_pd = where(prospect, P * delta, 1.0)
    acquisition = where(prospect, -(c("acquisition.tender") + c("acquisition.free_work")), 0.0)
    parts = [contribution, w["e"] * S, w["e"] * ref, financing, bad, comp, -w["q"] * C]
    parts = stage({f"p{i}": x * scale_pd for i, x in enumerate(parts)})
    parts = [parts[f"p{i}"] for i in range(7)]
    value = sum(parts) + acquisition
    pvc = -parts[6]
    slope = slope * scale_pd
    image = c("image") > 0.5
    gap = -value
    verdict = where(prospect,
                    where(value >= 0.0, "pursue", where(image, "pursue_strategic", "decline")),
                    where(value >= 0.0, "retain",
                          where((pvc > 0.0) & (gap <= PHI * pvc), "restructure",
                                where((slope < 0.0) & (gap <= where(cc < PSI, cc, PSI) * -slope), "restructure",
                                      where(image, "retain_strategic", "release")))))
    return {
        "verdict": verdict, "value": value, "contribution": parts[0], "scale_savings": parts[1],
        "reference": parts[2], "financing": parts[3], "bad_debt": parts[4], "compensation": parts[5],
        "cost_to_serve": parts[6], "acquisition": acquisition, "annual_survival": s,
        "expected_years": w["years"], "coverage": c("kappa"), "cost_cut_to_hurdle": gap / pvc,
        "concession_to_hurdle": cc + gap / slope,
    }


def run_pandas(src, dst):
    import numpy as np
    import pandas as pd
    df = pd.read_csv(src, dtype={"id": str, "name": str, "currency": str, "stage": str}, keep_default_na=False, na_values=[""])
    numeric = pd.api.types.is_numeric_dtype
    col = lambda name: df[name].fillna(0.0).to_numpy(dtype=float) if numeric(df[name]) else df[name].fillna("").astype(str).to_numpy()
    covered = lambda role: (df["relationship." + role] == "covered").to_numpy(dtype=float)
    true = lambda name: (df[name].astype(str).str.lower() == "true").to_numpy(dtype=float)
    derived = rates(col, covered, true)
    out = model(lambda name: derived[name] if name in derived else col(name), np.where)
    result = pd.DataFrame({"id": df["id"], "name": df["name"], "currency": df["currency"], "stage": df["stage"], **out})
    money = ["value", "contribution", "scale_savings", "reference", "financing", "bad_debt", "compensation", "cost_to_serve", "acquisition"]
    for name in money:
        result[name] = result[name].map("{:.2f}".format)
    for name in ["annual_survival", "expected_years", "coverage", "cost_cut_to_hurdle", "concession_to_hurdle"]:
        result[name] = result[name].map("{:.4f}".format)
    result.to_csv(dst, index=False)


def run_polars(src, dst):
    import polars as pl
    df = pl.read_csv(src, infer_schema_length=10000)
    def col(name):
        dtype = df.schema[name]
        return pl.col(name) if dtype == pl.String else pl.col(name).cast(pl.Float64).fill_null(0.0)
    covered = lambda role: (pl.col("relationship." + role) == "covered").fill_null(False).cast(pl.Float64)
    true = lambda name: (pl.col(name).cast(pl.String).str.to_lowercase() == "true").fill_null(False).cast(pl.Float64)
    def where(cond, a, b):
        lit = lambda x: pl.lit(x) if isinstance(x, (float, int, str)) else x
        return pl.when(lit(cond)).then(lit(a)).otherwise(lit(b))
    frame = df.lazy().with_columns(**rates(col, covered, true))
    counter = [0]
    def stage(named):
        # Materialize each intermediate as a column, so that expressions stay small.
        nonlocal frame
        counter[0] += 1
        names = {k: f"_{counter[0]}_{k}" for k in named}
        frame = frame.with_columns(**{names[k]: e for k, e in named.items()})
        return {k: pl.col(names[k]) for k in named}
    derived = {"kappa", "s", "h", "C", "fin_rate", "bad_rate", "slope_rate", "champion", "image"}
    out = model(lambda name: pl.col(name) if name in derived else col(name), where, stage)
    money = {"value", "contribution", "scale_savings", "reference", "financing", "bad_debt", "compensation", "cost_to_serve", "acquisition"}
    exprs = [pl.col("id"), pl.col("name"), pl.col("currency"), pl.col("stage")]
    for name, expr in out.items():
        if name == "verdict":
            exprs.append(expr.alias(name))
        else:
            exprs.append(expr.round(2 if name in money else 4).alias(name))
    frame.select(exprs).collect().write_csv(dst, float_precision=4)


if __name__ == "__main__":
    engine, src, dst = sys.argv[1:4]
    {"pandas": run_pandas, "polars": run_polars}[engine](src, dst)
