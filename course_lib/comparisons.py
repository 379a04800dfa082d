"""Tier 2's tables and figures: model runs set beside each other and beside published figures.

Each is one call in a lesson, e.g. ``comparisons.plot_gap_vs_meta()``. Tables print rounded,
fixed-width text (stable stored outputs) through `tables.print_table`, which stamps every
model table; figures carry `model_output.stamp_axes`. Every published figure names its
source. matplotlib is imported inside the plotting functions.
"""

from __future__ import annotations

import textwrap

from course_lib import evidence, plots, tables
from course_lib.model_output import stamp_axes
from course_lib.scenarios import intermediate as s2

__all__ = [
    "print_interplay", "print_aromatisation", "print_progesterone_grid", "print_progestin_trials",
    "print_pepi_comparison", "print_gap_by_years", "plot_gap_vs_meta", "plot_monitoring",
    "print_ai_comparison", "print_milieu", "plot_interplay_sides", "print_monitoring_sites",
    "print_changes",
]

NOTE_WIDTH = 88


def _print(rows, columns, note: str | None = None, *, model_output: bool | str = True) -> None:
    """`tables.print_table` (stamped as model output unless told otherwise) with the note
    wrapped to NOTE_WIDTH characters."""
    tables.print_table(rows, columns, note=textwrap.fill(note, NOTE_WIDTH) if note else None,
                       model_output=model_output)


def print_interplay(runs: dict) -> None:
    """One hormone lowered at a time: turnover, the two sides of the balance, BMD change."""
    rows = [(label, float(r.turnover[-1]), float(r.resorption[-1]), float(r.formation[-1]),
             r.bmd_change) for label, r in runs.items()]
    years = float(next(iter(runs.values())).t_years[-1])
    _print(rows, [("run", "<24"), ("turnover", ">9.2f", "(x ref)"),
                              ("resorbed", ">9.1f", "(%/yr)"), ("formed", ">7.1f", "(%/yr)"),
                              (f"BMD after {years:g} y", ">16.1f", "(% change)")],
                       "Resorbed and formed: at the end of the run.")


def print_aromatisation(split) -> None:
    """Testosterone with and without its aromatised estradiol (`s2.aromatisation_split`): the
    two sides of the balance, and the split of its effect on BMD. The split is worked from
    the BMD changes as printed (2 decimals), so the parts add up to the total shown."""
    shown = {label: round(r.bmd_change, 2) for label, r in split.runs.items()}
    rows = [(label, float(r.turnover[-1]), float(r.resorption[-1]), float(r.formation[-1]),
             shown[label]) for label, r in split.runs.items()]
    androgen = shown[split.ANDROGEN_ONLY] - shown[split.NO_THERAPY]
    estradiol = shown[split.AS_GIVEN] - shown[split.ANDROGEN_ONLY]
    _print(rows, [("run", "<31"), ("turnover", ">9.2f", "(x ref)"),
                  ("resorbed", ">9.1f", "(%/yr)"), ("formed", ">7.1f", "(%/yr)"),
                  (f"BMD after {split.years:g} y", ">15.2f", "(% change)")],
           f"{split.site.capitalize()}; before: {s2.HISTORY_LABELS[split.history]}. "
           "Resorbed and formed: at the end of the run. Testosterone's effect on BMD (from "
           f"the rows above), {androgen + estradiol:+.2f} pp, the sum of {androgen:+.2f} "
           f"through the androgen receptor and {estradiol:+.2f} through the estradiol made "
           "from it. How "
           "much estradiol that is, is a model assumption.")


def plot_interplay_sides(runs: dict, ax=None):
    """Turnover at the end of each run (bars, left) beside its BMD over time (right): the
    pace of remodeling and the balance, side by side. Two panels, so ``ax`` is an optional
    pair of Axes (turnover, BMD), as for `plots.plot_result`. Returns the pair."""
    import numpy as np

    if ax is None:
        _, ax = plots._new_axes(2, figsize=(9.5, 3.4))
    ax_turn, ax_bmd = plots.check_ax_pair(ax, "(turnover, BMD)")
    labels = list(runs)
    x = np.arange(len(labels))
    ax_turn.bar(x, [float(runs[k].turnover[-1]) for k in labels], 0.6,
                color=plots.PALETTE["turnover"])
    ax_turn.axhline(1.0, color=plots.PALETTE["reference"], lw=0.8, ls=":")
    ax_turn.set_xticks(x, [k.replace(" low (", "\nlow (") for k in labels], fontsize="small")
    ax_turn.set_ylabel(plots.TURNOVER_LABEL)
    ax_turn.set_title("Turnover at the end", fontsize="medium", loc="left")
    plots.plot_bmd(runs, ax=ax_bmd, title=None)
    ax_bmd.set_title("Balance: BMD over time", fontsize="medium", loc="left")  # clear of the stamp
    ax_bmd.legend(fontsize="small", frameon=False, loc="lower left")
    ax_turn.figure.suptitle("One hormone lowered at a time", fontsize="medium")
    stamp_axes(ax_turn)
    return ax_turn, ax_bmd


def print_progesterone_grid(grid: dict, years: float = 3) -> None:
    """Lesson 2.4's table: each regimen's change in early and late postmenopause."""
    names = {"postmenopause": "no therapy", "progesterone_alone": "progesterone alone",
             "estrogen": "estrogen alone",
             "estrogen_micronized_progesterone": "estrogen + progesterone"}
    histories = list(grid)
    rows = [(names[n], *(grid[h][n] for h in histories)) for n in s2.PROGESTERONE_GRID]
    if all("p_alone_effect" in grid[h] for h in histories):   # not in exercise 2.4's grid
        rows.append(("progesterone's effect, no E2", *(grid[h]["p_alone_effect"] * years
                                                       for h in histories)))
        rows.append(("progesterone's effect, + E2", *(grid[h]["p_with_e2_effect"] * years
                                                      for h in histories)))
    rows.append(("turnover when it starts", *(grid[h]["turnover_at_start"] for h in histories)))
    heads = {"early_postmenopause": "early", "late_postmenopause": "late"}
    _print(rows, [("spine, 3 years", "<30"),
                              *((heads.get(h, h), ">10.2f", "") for h in histories)],
                       f"BMD change in percentage points over {years:g} "
                            f"years; turnover in x reference. Early = starts 2 years after the "
                            f"last period; late = 12 years after.")


def print_progestin_trials() -> None:
    """The placebo-controlled progesterone/progestin-alone trials (published, per year)."""
    trials = s2.progestin_alone_trials()

    def n(x):
        return "–" if x is None else str(x)

    rows = [(t.label, n(t.n_treated), t.treated_percent_per_year, n(t.n_placebo),
             t.placebo_percent_per_year, t.difference_percent_per_year) for t in trials]
    review = evidence.cite(s2.PROGESTIN_ALONE_FACT)
    blank = ("; –: per-arm size not shown (see the review's Table 3)"
             if any(t.n_treated is None or t.n_placebo is None for t in trials) else "")
    _print(rows, [("trial (postmenopausal women, spine)", "<46"),
                  ("n", ">3"), ("treated", ">8.1f", "(%/yr)"), ("n", ">3"),
                  ("placebo", ">8.1f", "(%/yr)"), ("difference", ">11.1f", "(%/yr)")],
           f"Source of every row: {review}, Table 3 (annualized), which tabulates the "
           f"trials; n of Leonetti 1999 from its own report "
           f"({evidence.cite(s2.LEONETTI_FACT)}){blank}. n = women per arm. Difference = "
           "treated minus placebo. The pooled row is the review's own pooled figure, as "
           "reported; it is not computed from the rows shown.", model_output=False)


def print_pepi_comparison(site: str = "spine", note: bool = True) -> None:
    """Each PEPI arm: the model (3 years, PEPI-like history) beside the published figure, then
    PEPI's averages of arms and per-year figures beside the same kind of model figure. The
    published (measured) columns say so in their headers; `note` False leaves out the
    footnote on units and sources (print it once when the spine and hip follow each other)."""
    sources = {s2.PEPI_FACT: "a", s2.PEPI_ANNUAL_FACT: "b"}

    def published(value):
        return "" if value is None else format(value, "+.1f")

    rows = [(r.arm, r.model_percent, published(r.published_percent), "%",
             "" if r.published_percent is None else sources[s2.PEPI_FACT])
            for r in s2.pepi_comparison(site)]
    rows += [(f.label, f.model, published(f.published), f.unit, sources[f.fact])
             for f in s2.pepi_other_figures(site)]
    _print(rows, [(f"PEPI arm ({site})", "<46"), ("model", ">+10.1f", "(computed)"),
                  ("published", ">10", "(measured)"), ("unit", "<5"),
                  ("source", "<11", "(published)")],
           "% = change over 36 months, %/yr = per year (model: 3 years after a PEPI-like "
           f"history). Sources: a = {evidence.cite(s2.PEPI_FACT)}, abstract (per arm only "
           "placebo and, at the spine, CEE + daily MPA; 95 % CI: not reported); b = "
           f"{evidence.cite(s2.PEPI_ANNUAL_FACT)}'s table of PEPI, per year (hip: total hip)."
           if note else None, model_output="mixed")


def print_gap_by_years(years=(1, 2, 3, 5, 10)) -> None:
    """EPT minus ET in the model, by years of therapy, beside the meta-analysis per year."""
    m = s2.meta_analysis()
    rows = [(y, s2.et_ept_gap(y), s2.et_ept_gap_per_year(y),
             s2.et_ept_gap_per_year(y, "estrogen_micronized_progesterone")) for y in years]
    _print(rows, [("years", ">5g"), ("gap, MPA", ">9.2f", "(pp)"),
                              ("per year, MPA", ">14.2f", "(%/yr)"),
                              ("per year, micronized P", ">23.2f", "(%/yr)")],
                       "PEPI-like history, spine. Published "
                            f"({evidence.cite(s2.META_FACT)}): "
                            f"{m.estimate_percent_per_year:+.2f} %/yr, 95 % CI "
                            f"{m.low_percent_per_year:.2f} to {m.high_percent_per_year:.2f}, "
                            "trials of 1-3 years.")


def plot_gap_vs_meta(years: float = 3, ax=None):
    """The model's EPT minus ET gap per year (two progestogens) beside the meta-analysis
    estimate and its 95 % CI."""
    if ax is None:
        _, ax = plots._new_axes(figsize=(8.0, 2.9))
    m = s2.meta_analysis()
    est, low, high = m.estimate_percent_per_year, m.low_percent_per_year, m.high_percent_per_year
    ax.errorbar([est], [2], xerr=[[est - low], [high - est]], fmt="s",
                color=plots.PALETTE["reference"], capsize=4)
    ax.axvspan(low, high, color="0.85", zorder=0)
    model = {f"model ({years:g} years), CEE + daily MPA": s2.et_ept_gap_per_year(years),
             f"model ({years:g} years), CEE + micronized P": s2.et_ept_gap_per_year(
                 years, "estrogen_micronized_progesterone")}
    for i, value in enumerate(model.values()):
        ax.plot([value], [1 - i], "o", color=plots.CYCLE[i])
    ax.set_yticks([2, 1, 0], [f"published ({evidence.cite(s2.META_FACT)}), 95 % CI", *model])
    ax.axvline(0, color="0.5", lw=0.8)
    ax.set_xlabel("Extra spine BMD gain with a progestogen (% per year)")
    ax.set_ylim(-0.6, 2.6)
    ax.set_title("EPT minus ET", fontsize="medium", loc="left")
    return stamp_axes(ax)


def plot_monitoring(m, ax=None):
    """After a therapy starts: BMD change against the least significant change, and the
    model's turnover (standing in for a bone turnover marker) on a second axis."""
    if ax is None:
        _, ax = plots._new_axes(figsize=(7.0, 3.3))
    t = m.run.t_years
    ax.plot(t, m.run.bmd_percent - 100, color=plots.PALETTE["bmd"], label="BMD change")
    ax.axhspan(-m.lsc_percent, m.lsc_percent, facecolor="0.9", edgecolor="0.55", lw=0.8,
               zorder=0, label=f"within the LSC ({m.lsc_percent:.1f} %)")
    if m.years is not None:
        ax.axvline(m.years, color=plots.PALETTE["bmd"], ls=":", lw=1)
    ax.set(xlabel="Years on therapy", ylabel="BMD change (%)")
    twin = ax.twinx()
    # turnover relative to its value when therapy starts, as a marker is read against the
    # patient's own baseline (and as `print_monitoring_sites` prints it)
    twin.plot(t, m.run.turnover / m.run.turnover[0], color=plots.PALETTE["turnover"], ls="--",
              label="turnover (marker stand-in), x start")
    twin.set_ylabel("Turnover (x its value at the start)")
    lines = ax.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    # an opaque white frame, so the grey LSC swatch shows even where the legend sits on the
    # grey band
    ax.legend(lines[0] + more[0], lines[1] + more[1], frameon=True, facecolor="white",
              framealpha=1.0, edgecolor="0.8", fontsize="small", loc="center right")
    ax.set_title("After therapy starts: turnover and BMD", fontsize="medium", loc="left")
    return stamp_axes(ax)


def print_monitoring_sites(what: str = "estrogen_progestin_mpa", history: str = "pepi",
                           years: float = 5) -> None:
    """For each site: typical DXA precision, the LSC, when the model's BMD change reaches it,
    and the model's turnover 3 months after the start (x its value at the start, as the
    turnover axis of `plot_monitoring` shows it)."""
    import numpy as np

    rows = []
    for site in s2.SITES:
        m = s2.monitoring_after_start(what, site, history, years)
        ratio = float(np.interp(0.25, m.run.t_years, m.run.turnover) / m.run.turnover[0])
        reached = f"{m.years:.1f}" if m.years is not None else f"not in {years:g} y"
        rows.append((site, m.precision_percent, m.lsc_percent, reached, ratio))
    _print(rows, [("site", "<6"), ("precision", ">10.1f", "(%)"),
                              ("LSC", ">5.1f", "(%)"), ("BMD reaches LSC", ">16", "(years)"),
                              ("turnover at 3 months", ">21.2f", "(x value at start)")],
                       "Model output: the last two columns. Precision: typical values "
                            f"({evidence.cite('dxa_typical_precision_lsc')}).")


def print_ai_comparison() -> None:
    """Aromatase inhibitor minus no therapy, 3 years: model beside IBIS-II."""
    rows = []
    for site in s2.SITES:
        c = s2.aromatase_inhibitor_comparison(site)
        rows.append((site, c.model_percent, c.published_percent))
    _print(rows, [("site", "<6"), ("model", ">+8.1f", "(pp)"),
                              ("published", ">+14.1f", "(IBIS-II, pp)")],
                       "'model': the course model (late-postmenopausal history; not fitted "
                            f"to IBIS-II). IBIS-II: {evidence.cite(s2.IBIS2_FACT)}, "
                            "anastrozole minus placebo at 3 years.", model_output="mixed")


def print_changes(names, years: float = 3, site: str = "spine",
                  history: str = "early_postmenopause") -> None:
    """Named regimens after the same history: BMD change over `years`, and per year when
    `years` is not 1 (over one year the two are the same number)."""
    changes = [(n.replace("_", " "), s2.therapy_change(n, years, site, history)) for n in names]
    width = max(len(label) for label, _ in changes)
    span = f"{years:g} year" + ("" if years == 1 else "s")
    columns = [("regimen", f"<{max(width, 8)}"), (span, ">9.2f" if years == 1 else ">9.1f", "(pp)")]
    rows = changes
    if years != 1:
        columns.append(("per year", ">9.2f", "(%/yr)"))
        rows = [(label, change, change / years) for label, change in changes]
    _print(rows, columns, f"BMD change over {span}, percentage points; {site}; before: "
                          f"{s2.HISTORY_LABELS[history]}.")


def print_milieu(runs: dict) -> None:
    """Inflammation and cortisol, one at a time: turnover and BMD change."""
    rows = [(label, float(r.turnover[-1]), r.bmd_change) for label, r in runs.items()]
    years = float(next(iter(runs.values())).t_years[-1])
    _print(rows, [("run", "<16"), ("turnover", ">9.2f", "(x ref)"),
                              (f"BMD after {years:g} y", ">16.1f", "(% change)")],
           )
