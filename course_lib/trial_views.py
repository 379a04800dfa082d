"""Views for the trial-evidence lessons (3.4-3.6): tables of published results, pooled
analyses and in-silico trials (fixed-width rounded text, stable for stored outputs), and the
WHI benefit-harm figure. One call each in a notebook.

Published numbers come from the evidence data through `scenarios.academic_trials`; every
table names its sources by author and year (`academic_trials.sources`), a table of made-up
data says so, and model output is labelled as model output (a table of model numbers beside
published ones with `model_output.MIXED_TEXT`). An in-silico result is read through its
public fields only (``arms[name].mean`` ..., ``difference(a, b)``), so this module does not
import `insilico`.
"""

from __future__ import annotations

import math

from course_lib import evidence, trials
from course_lib.scenarios import academic_trials as at
from course_lib.tables import print_table

__all__ = ["print_whi_outcomes", "print_pooling", "print_ci_halves", "print_trial",
           "print_trial_vs_evidence", "print_trial_sizes", "benefit_harm_rows",
           "plot_benefit_harm"]



def print_whi_outcomes() -> None:
    """WHI E+P vs placebo: each outcome's hazard ratio (nominal 95 % CI) and the difference
    in events per 10,000 woman-years (+ = more on E+P)."""
    hrs, per = at.whi_hazard_ratios(), at.whi_per_10000()
    rows, ids = [], []
    for name in ("breast cancer", "heart attack (CHD)", "stroke", "pulmonary embolism",
                 "hip fracture", "confirmed osteoporotic fractures", "colorectal cancer"):
        e = hrs.get(name)
        hr = f"{e.value:.2f}" if e else "-"
        ci = f"{e.low:.2f} to {e.high:.2f}" if e else "-"
        if name in per:
            diff = f"{per[name]:+.0f}"
        elif name == "confirmed osteoporotic fractures":
            diff = f"{at.whi_total_fractures_per_10000():+.0f} *"
        else:
            diff = "-"
        rows.append((name, hr, ci, diff))
        if e:
            ids.append(e.fact_id)
    ids.append(at.FACTS["whi_absolute"])
    print_table(rows, [("outcome", "<32"), ("HR", ">5"), ("95 % CI", ">13"),
                       ("E+P - placebo", ">14", "(per 10,000/yr)")], model_output=False)
    print("* our arithmetic on Cauley 2003's counts, as if every woman had been followed for "
          "the mean 5.6 years")
    print(at.sources(ids))


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
                       ("weight fixed", ">13", "(%)"), ("weight random", ">14", "(%)")],
                model_output=False)
    print(f"Q = {fixed.q:.2f} on {fixed.df} df (p = {fixed.p_heterogeneity:.3f}); "
          f"I\u00b2 = {fixed.i2:.1f} %; tau\u00b2 = {fixed.tau2:.4f}")


def _decimals(value: float) -> int:
    """Decimal places of a published figure as Python writes it shortest (4.8 -> 1)."""
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def print_ci_halves(rows) -> None:
    """For each (name, estimate, low, high, ratio) print the CI's two halves on the scale
    where a normal-method CI is symmetric (log for ratios), their difference, and how large
    a difference rounding alone could make: each printed figure may be off by half a unit of
    its last decimal place, which on the log scale counts more for small numbers
    (0.005 / x for each figure x)."""
    out = []
    for name, e, lo, hi, ratio in rows:
        below, above = trials.ci_halves(e, lo, hi, ratio=ratio)
        places = max(_decimals(v) for v in (e, lo, hi))     # keep trailing zeros: 4.80
        half = 0.5 * 10.0 ** -places
        room = half * (1 / lo + 2 / e + 1 / hi) if ratio else 4 * half
        out.append((name, f"{e:.{places}f} ({lo:.{places}f} to {hi:.{places}f})",
                    "log" if ratio else "as printed",
                    below, above, above - below, room))
    print_table(out, [("result", "<33"), ("estimate (95 % CI)", "<22"), ("scale", "<10"),
                      ("below", ">7.3f"), ("above", ">7.3f"), ("above - below", ">13.3f"),
                      ("rounding", ">8.3f", "allows ±")],
                model_output=False)


# --------------------------------------------------------------------------- in-silico trials


def print_trial(result) -> None:
    """Each arm's mean BMD change with its 95 % CI, then each arm against the first."""
    names = list(result.arms)
    rows = [(n, a.n, a.mean, a.ci_low, a.ci_high, a.sd) for n, a in result.arms.items()]
    print_table(rows, [("arm", "<10"), ("women", ">6d"), ("mean change", ">12.2f", "(%)"),
                       ("95 % CI", ">8.2f", "low"), ("", ">7.2f", "high"),
                       ("SD", ">6.2f", "(%)")])
    diffs = []
    for a in names[1:]:
        for b in names[: names.index(a)]:
            d = result.difference(a, b)
            diffs.append((f"{a} - {b}", d.mean, d.ci_low, d.ci_high, d.per_year))
    print_table(diffs, [("difference", "<16"), ("mean", ">8.2f", "(points)"),
                        ("95 % CI", ">8.2f", "low"), ("", ">7.2f", "high"),
                        ("per year", ">9.2f", "(points)")], model_output=False)
    print(f"An in-silico trial: {result.years:g} years, site: {result.site}, scan precision "
          f"{result.precision:g} %.")


def print_trial_vs_evidence(result, *, treated: str = "EPT", estrogen: str = "ET",
                            placebo: str = "placebo") -> None:
    """A PEPI-like in-silico trial next to PEPI (3-year arm changes; CEE alone per year, as
    Seifert-Klauss 2010 tabulates it) and Prior 2017 (EPT minus ET per year): model mean and
    95 % CI beside the published figure (per-year rows: simple annualisation, change / years)."""
    pepi, prior = at.pepi_abstract(), at.prior2017()
    cee_alone_per_year = evidence.value(at.FACTS["pepi_per_year"], "cee_alone_spine_pct_per_year")
    arms = result.arms
    et = arms[estrogen]
    d = result.difference(treated, estrogen)
    per_year_half = (d.ci_high - d.ci_low) / 2 / result.years
    rows = [
        (f"{placebo}, {result.years:g} y (%)", arms[placebo].mean, arms[placebo].ci_low,
         arms[placebo].ci_high, f"{pepi.placebo_spine_percent:+.1f}", "PEPI placebo"),
        (f"{treated}, {result.years:g} y (%)", arms[treated].mean, arms[treated].ci_low,
         arms[treated].ci_high, f"{pepi.ept_continuous_mpa_spine_percent:+.1f}",
         "PEPI CEE + continuous MPA"),
        (f"{estrogen} (%/y)", *(trials.annualise(v, result.years) for v in
                                (et.mean, et.ci_low, et.ci_high)),
         f"{cee_alone_per_year:+.1f}", "PEPI CEE alone, per year"),
        (f"{treated} - {estrogen} (%/y)", d.per_year, d.per_year - per_year_half,
         d.per_year + per_year_half, f"{prior.value:+.2f} ({prior.low:.2f} to {prior.high:.2f})",
         "Prior 2017"),
    ]
    print_table(rows, [("spine BMD", "<22"), ("model", ">7.2f"), ("95 % CI", ">7.2f", "low"),
                       ("", ">6.2f", "high"), ("published", ">21"), ("", "<25", "source")],
                model_output="mixed")
    print(f"Model: a {result.years:g}-year in-silico trial, {arms[placebo].n} women per arm.")
    print(at.sources([at.FACTS["pepi"], at.FACTS["pepi_per_year"], at.FACTS["prior2017"]],
                     heading="Published"))


def print_trial_sizes(results, *, first: str = "EPT", second: str = "ET") -> None:
    """For in-silico trials of growing size, the `first` minus `second` difference per year
    and the half-width of its 95 % CI (the "±" the trial explorer shows too)."""
    rows = []
    for r in results:
        d = r.difference(first, second)
        half = (d.ci_high - d.ci_low) / 2 / r.years
        rows.append((next(iter(r.arms.values())).n, d.per_year, f"\u00b1{half:.3f}"))
    print_table(rows, [("women per arm", ">13d"), (f"{first} - {second}", ">9.3f", "(%/y)"),
                       ("CI half-width", ">14", "(\u00b1 %/y)")])


# --------------------------------------------------------------------------- benefit and harm


def benefit_harm_rows() -> list[tuple[str, float, str]]:
    """WHI E+P minus placebo, events per 10,000 woman-years: (outcome, difference, source)
    with benefits negative. The confirmed-osteoporotic-fracture figure is our arithmetic (see
    `academic_trials.whi_total_fractures_per_10000`); the blood-clot figure is the 2002
    paper's excess (fact `whi_2002_pe_vte`, which lesson 3.6 cites beside the figure)."""
    per = at.whi_per_10000()
    absolute = evidence.cite(at.FACTS["whi_absolute"])
    return [
        ("osteoporotic fractures (2003) *", at.whi_total_fractures_per_10000(),
         evidence.cite(at.FACTS["fracture_2003"])),
        ("hip fractures (2002)", per["hip fracture"], absolute),
        ("colorectal cancers (2002)", per["colorectal cancer"], absolute),
        ("invasive breast cancers (2002)", per["breast cancer"], absolute),
        ("strokes (2002)", per["stroke"], absolute),
        ("heart attacks, CHD (2002)", per["heart attack (CHD)"], absolute),
        ("blood clots, VTE (2002)", at.whi_vte_excess_per_10000(),
         evidence.cite(at.FACTS["pe_vte"])),
    ]


def plot_benefit_harm(ax=None):
    """Horizontal bars: events per 10,000 women per year prevented (left, green) and caused
    (right, red) by WHI's estrogen plus progestin. Bars carry gids of their outcome. Returns
    the Axes."""
    import matplotlib.pyplot as plt

    from course_lib import plots

    rows = benefit_harm_rows()
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 3.6), layout="constrained")
    ys = list(range(len(rows), 0, -1))
    for y, (name, value, _) in zip(ys, rows, strict=True):
        colour = plots.OKABE_ITO["bluish_green"] if value < 0 else plots.OKABE_ITO["vermillion"]
        ax.barh(y, value, color=colour, gid=name)
        ax.text(value + (1.0 if value >= 0 else -1.0), y, f"{abs(value):.0f}",
                va="center", ha="left" if value >= 0 else "right", fontsize=9)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(ys, [r[0] for r in rows])
    lo = min(r[1] for r in rows)
    hi = max(r[1] for r in rows)
    ax.set_xlim(lo * 1.25 - 2, hi * 1.25 + 4)
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{abs(x):g}"))
    ax.set_xlabel("events per 10,000 women per year\n"
                  "(left: fewer on E+P; right: more on E+P; * our arithmetic on the 2003 counts)",
                  fontsize=9)
    ax.set_title("WHI estrogen plus progestin vs placebo (published results)")
    return ax
