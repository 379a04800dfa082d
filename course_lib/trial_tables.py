"""Tables for the trial-evidence lessons (3.4-3.6): published results and pooled analyses,
printed as fixed-width rounded text (stable for stored outputs), one call each in a notebook.

Published numbers come from the evidence data through `scenarios.academic_trials`; every
table names its sources by fact id, and a table of made-up data says so.
"""

from __future__ import annotations

import math

from course_lib import evidence, trials
from course_lib.scenarios import academic_trials as at
from course_lib.tables import print_table

__all__ = ["print_whi_outcomes", "print_pooling", "print_ci_halves"]


def print_whi_outcomes() -> None:
    """WHI E+P vs placebo: each outcome's hazard ratio (nominal 95 % CI) and the difference
    in events per 10,000 woman-years (+ = more on E+P)."""
    hrs, per = at.whi_hazard_ratios(), at.whi_per_10000()
    rows, ids = [], []
    for name in ("breast cancer", "heart attack (CHD)", "stroke", "pulmonary embolism",
                 "hip fracture", "all fractures", "colorectal cancer"):
        e = hrs.get(name)
        hr = f"{e.value:.2f}" if e else "-"
        ci = f"{e.low:.2f} to {e.high:.2f}" if e else "-"
        if name in per:
            diff = f"{per[name]:+.0f}"
        elif name == "all fractures":
            diff = f"{at.whi_total_fractures_per_10000():+.0f} *"
        else:
            diff = "-"
        rows.append((name, hr, ci, diff))
        if e:
            ids.append(e.fact_id)
    ids.append(at.FACTS["whi_absolute"])
    print_table(rows, [("outcome", "<20"), ("HR", ">5"), ("95 % CI", ">13"),
                       ("E+P - placebo", ">14", "(per 10,000/yr)")])
    print("* our arithmetic on Cauley 2003's counts, as if every woman had been followed for "
          "the mean 5.6 years")
    print("Sources: " + ", ".join(evidence.cite(i) for i in dict.fromkeys(ids)))


def print_pooling(labels, estimates, ses, *, units: str = "", label: str | None = None,
                  ratio: bool = False) -> None:
    """Each study's estimate, 95 % CI and weight under fixed and random effects, then the two
    pooled results with Q, I² and tau². With ``ratio=True`` the estimates are ratios and the
    SEs those of their logs. `label` (e.g. that the data are made up) is printed first and
    last."""
    fixed = trials.pool(estimates, ses, ratio=ratio)
    random = trials.pool(estimates, ses, method="random", ratio=ratio)
    z = trials.z_for_level(0.95)
    if label:
        print(label)
    rows = []
    for i, name in enumerate(labels):
        e, s = estimates[i], ses[i]
        if ratio:
            lo, hi = math.exp(math.log(e) - z * s), math.exp(math.log(e) + z * s)
        else:
            lo, hi = e - z * s, e + z * s
        rows.append((name, e, lo, hi, s, f"{fixed.weights[i] * 100:.1f}",
                     f"{random.weights[i] * 100:.1f}"))
    for r in (fixed, random):
        rows.append(("pooled, " + r.method, r.estimate, r.ci_low, r.ci_high, r.se, "", ""))
    print_table(rows, [("study", "<22"), ("estimate", ">9.2f", units), ("low", ">7.2f"),
                       ("high", ">7.2f"), ("SE", ">6.3f", "(log)" if ratio else ""),
                       ("weight fixed", ">13", "(%)"), ("weight random", ">14", "(%)")])
    print(f"Q = {fixed.q:.2f} on {fixed.df} df (p = {fixed.p_heterogeneity:.3f}); "
          f"I\u00b2 = {fixed.i2:.1f} %; tau\u00b2 = {fixed.tau2:.4f}")
    if label:
        print(label)


def print_ci_halves(rows) -> None:
    """For each (name, estimate, low, high, ratio) print the CI's two halves on the scale
    where a normal-method CI is symmetric (log for ratios), and their difference."""
    out = []
    for name, e, lo, hi, ratio in rows:
        below, above = trials.ci_halves(e, lo, hi, ratio=ratio)
        out.append((name, f"{e:g} ({lo:g} to {hi:g})", "log" if ratio else "as printed",
                    below, above, above - below))
    print_table(out, [("result", "<32"), ("estimate (95 % CI)", "<22"), ("scale", "<10"),
                      ("below", ">7.3f"), ("above", ">7.3f"), ("above - below", ">14.3f")])
