"""Tier 1's named model runs (lessons, solutions and answer keys share them) and SWAN figures.

Every run here is model output, not data. A lesson shows a run with one call (e.g.
``scenarios.transition_results(years_after=3)``); an answer key computes its expected answer
from the same function, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib import dxa, evidence, validation
from course_lib.model import DAYS_PER_YEAR, Hormones, Result, State, simulate
from course_lib.regimens import history, regimen

__all__ = [
    "SWAN", "CYCLES_PER_YEAR", "SwanFigures", "swan", "one_cycle", "BURST", "burst_run",
    "regimen_run", "estradiol_run", "LOW_ESTRADIOL", "low_estradiol_run",
    "LESSON_ESTRADIOLS", "estradiol_runs", "SIGNAL_RUNS", "signal_runs", "transition_results",
    "from_fmp", "plot_transition",
    "monitoring_run", "DXA_PRECISION", "typical_precision", "LscCrossing", "lsc_crossing",
]

#: Evidence id of SWAN's cumulative losses around the final menstrual period (Greendale 2012).
SWAN = "swan_greendale2012_cumulative_loss"

#: Evidence id of typical DXA precision (a vendor review of 57 studies) and its LSC examples.
DXA_PRECISION = "dxa_typical_precision_lsc"

#: The review's precision at each model site (model "hip" = total hip).
_PRECISION_SITE = {"spine": "review_ap_spine_cv", "hip": "review_total_hip_cv"}

#: Menstrual cycles in a year, for 28-day cycles (365.25 / 28, rounded): bookkeeping only.
CYCLES_PER_YEAR = round(DAYS_PER_YEAR / 28)

#: Lesson 1.1's lowest estradiol (0.1 of the reference woman, everything else at reference):
#: a setting chosen for illustration, not a measured level. Lesson 1.1, exercise set 1.1 and
#: its answer key all run it through `low_estradiol_run`.
LOW_ESTRADIOL = 0.1

#: Lesson 1.1's estradiol levels over ten years (1 = reference; 0.7 and `LOW_ESTRADIOL` are
#: settings chosen for illustration, not measured levels): `estradiol_runs`.
LESSON_ESTRADIOLS = (1.0, 0.7, LOW_ESTRADIOL)

#: Lesson 1.1's burst of remodeling: twice the reference osteoclasts, followed for 180 days
#: at the spine. Lesson 1.1, exercise set 1.1 (Q7) and its answer key run it via `burst_run`.
BURST = {"osteoclast_burst": 2.0, "days": 180.0}

#: Lesson 1.2's four ten-year runs at the spine: {label: Hormones level or regimen name}.
SIGNAL_RUNS = {"reference": "reference", "anovulatory": "anovulatory",
               "estradiol 0.3": 0.3, "postmenopause": "postmenopause"}


@dataclass(frozen=True)
class SwanFigures:
    """SWAN (Greendale 2012) figures, as positive % losses, and the transmenopause window."""

    spine_transition: float
    neck_transition: float
    spine_10y: float
    neck_10y: float
    years_before_fmp: float
    years_after_fmp: float
    window_years: float


@dataclass(frozen=True)
class LscCrossing:
    """When a run's BMD first moves by the least significant change (model output)."""

    precision: float            # DXA precision, % CV
    lsc: float                  # least significant change, % (95 % confidence)
    years: float | None         # first time the run gets there; None if it never does


def swan() -> SwanFigures:
    """SWAN (Greendale 2012) figures from the evidence data, as positive % losses.

    ``window_years`` is the length of the transmenopause as the paper defines it (1 year
    before to 2 years after the final menstrual period, FMP).
    """
    before = evidence.value(SWAN, "transmenopause_start_years_before_fmp")
    after = evidence.value(SWAN, "transmenopause_end_years_after_fmp")
    return SwanFigures(
        spine_transition=evidence.value(SWAN, "lumbar_spine_loss_in_transmenopause"),
        neck_transition=evidence.value(SWAN, "femoral_neck_loss_in_transmenopause"),
        spine_10y=evidence.value(SWAN, "lumbar_spine_10y_cumulative_loss"),
        neck_10y=evidence.value(SWAN, "femoral_neck_10y_cumulative_loss"),
        years_before_fmp=before,
        years_after_fmp=after,
        window_years=before + after,
    )


def one_cycle(osteoclast_burst: float = 2.0, days: float = 240.0, site: str = "spine",
              hormones: Hormones | None = None) -> Result:
    """One remodeling cycle: start at the reference state with the osteoclasts multiplied by
    `osteoclast_burst` (as if a patch of bone had just been activated), then let the cells
    settle. Daily steps; `days` from 1 to 3650."""
    burst = validation.number(osteoclast_burst, "osteoclast_burst", 0, 100, low_open=True)
    days = validation.number(days, "days", 1, 3650)
    start = State.reference(site, osteoclasts=burst)
    return simulate(hormones or Hormones(), years=days / DAYS_PER_YEAR, site=site, start=start,
                    dt_days=1.0)


def burst_run() -> Result:
    """Lesson 1.1's burst (`BURST`: twice the osteoclasts, 180 days, spine): model output."""
    return one_cycle(**BURST)


def regimen_run(name: str, years: float, site: str = "spine",
                start: State | None = None) -> Result:
    """A named regimen (`course_lib.regimens`) held for `years`, e.g. "postmenopause"."""
    return simulate(regimen(name), years=years, site=site, start=start)


def estradiol_run(estradiol: float, years: float, site: str = "spine") -> Result:
    """Estradiol held at `estradiol` (1 = reference woman), every other input at reference."""
    return simulate(Hormones(estradiol=estradiol), years=years, site=site)


def low_estradiol_run(years: float = 20, site: str = "spine") -> Result:
    """Lesson 1.1's lowest-estradiol run (`LOW_ESTRADIOL`), e.g. 20 years at the spine: the
    run exercise set 1.1 asks about (``r = scenarios.low_estradiol_run()``)."""
    return estradiol_run(LOW_ESTRADIOL, years, site)


def estradiol_runs(years: float = 10, site: str = "spine") -> dict[str, Result]:
    """Lesson 1.1's runs: estradiol held at each of `LESSON_ESTRADIOLS` for `years`,
    {"reference" | "estradiol 0.7 x reference" | ...: Result} (the lowest is
    `low_estradiol_run`)."""
    return {("reference" if level == 1.0 else f"estradiol {level:g} x reference"):
            (low_estradiol_run(years, site) if level == LOW_ESTRADIOL
             else estradiol_run(level, years, site))
            for level in LESSON_ESTRADIOLS}


def signal_runs(years: float = 10, site: str = "spine") -> dict[str, Result]:
    """Lesson 1.2's runs (`SIGNAL_RUNS`): the reference woman, the anovulatory one, estradiol
    alone lowered to 0.3, and the postmenopausal woman, each for `years`: {label: Result}."""
    return {label: (estradiol_run(how, years, site) if isinstance(how, float)
                    else regimen_run(how, years, site))
            for label, how in SIGNAL_RUNS.items()}


def transition_results(years_after: float = 0.0, sites=("spine", "hip")) -> dict[str, Result]:
    """Runs from 1 year before the FMP through the SWAN transition window, then `years_after`
    more years of postmenopause (0 to 50): {site: Result} for each of `sites`."""
    years_after = validation.number(years_after, "years_after", 0, 50)
    if isinstance(sites, str) or not isinstance(sites, list | tuple) or not sites:
        raise ValueError(f"sites must be a non-empty tuple of 'spine' and/or 'hip'; got "
                         f"{sites!r}")
    for site in sites:
        validation.choice(site, "sites", ("spine", "hip"))
    segments = [("menopause_transition", swan().window_years)]
    if years_after:
        segments.append(("postmenopause", years_after))
    return {site: history(segments, site=site) for site in sites}


@dataclass(frozen=True)
class _Shifted:
    """A run's BMD on another time axis (for plotting)."""

    t_years: object
    bmd_percent: object


def from_fmp(result: Result) -> _Shifted:
    """A `transition_results` run on the time axis of SWAN: years from the final menstrual
    period (negative before it; the run starts `swan().years_before_fmp` years before it)."""
    return _Shifted(result.t_years - swan().years_before_fmp, result.bmd_percent)


def plot_transition(runs: dict[str, Result], ax=None):
    """Lesson 1.4's figure: the model's `transition_results` runs against years from the final
    period (FMP), SWAN's transmenopause window shaded, and SWAN's published losses over that
    window (Greendale 2012) as points at its end, drawn apart from the model's lines.
    Returns the Axes."""
    from course_lib import plots

    if not isinstance(runs, dict) or not runs or not set(runs) <= {"spine", "hip"}:
        raise ValueError(f"runs must be transition_results(...): {{'spine'/'hip': Result}}; got "
                         f"{runs!r}"[:200])
    figures = swan()
    ax = plots.plot_bmd({f"model {site}": from_fmp(r) for site, r in runs.items()}, ax=ax,
                        title="Model lines; SWAN's published losses as points")
    for line in ax.get_lines():          # keep the sites' colours for the model lines
        site = str(line.get_label()).removeprefix("model ")
        if site in runs:
            line.set_color(plots.PALETTE[site])
    ax.axvspan(-figures.years_before_fmp, figures.years_after_fmp, color="grey", alpha=0.15,
               label="SWAN transmenopause window", gid="swan window")
    ax.axvline(0.0, color="grey", ls="--", lw=1, label="final menstrual period")
    published = (("spine", figures.spine_transition, "D", "lumbar spine"),
                 ("hip", figures.neck_transition, "s", "femoral neck"))
    for site, loss, marker, name in published:
        ax.plot([figures.years_after_fmp], [100.0 - loss], ls="none", marker=marker, ms=7,
                mfc="white", mec=plots.PALETTE[site], mew=2, gid=f"swan {site}",
                label=f"published: SWAN {name}, -{loss:g} % (Greendale 2012)")
    ax.set_xlabel("Years from the final menstrual period (FMP)")
    ax.figure.set_size_inches(6.0, 5.2)
    ax.legend(frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(0.0, -0.18),
              ncol=1)
    return ax


def monitoring_run(site: str = "spine", years: float = 20.0) -> Result:
    """A woman's postmenopausal years after a baseline scan taken at the end of the model
    menopause transition (2 years after her final period). BMD is 100 % at the scan."""
    end_of_transition = transition_results(sites=(site,))[site].final
    return regimen_run("postmenopause", years, site, start=end_of_transition)


def typical_precision(site: str) -> float:
    """Typical short-term DXA precision (% CV) at a model site, from the vendor review of 57
    studies (`DXA_PRECISION`): the AP spine for "spine", the total hip for "hip"."""
    validation.choice(site, "site", tuple(_PRECISION_SITE))
    return evidence.value(DXA_PRECISION, _PRECISION_SITE[site])


def lsc_crossing(result: Result, precision_percent: float) -> LscCrossing:
    """When a run's BMD first moves by the least significant change from its start.

    Returns ``precision`` (%), ``lsc`` (%, 95 % confidence) and ``years`` (model output; None
    if the run never gets there), e.g. ``lsc_crossing(monitoring_run("hip"), 1.3).years``.
    """
    validation.instance(result, "result", Result, "a model Result (e.g. monitoring_run('spine'))")
    lsc = dxa.least_significant_change(precision_percent)   # checks precision_percent
    return LscCrossing(
        precision=float(precision_percent),
        lsc=lsc,
        years=dxa.first_detectable(result.t_years, result.bmd_percent, precision_percent),
    )
