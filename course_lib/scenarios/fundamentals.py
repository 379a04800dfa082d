"""Tier 1's named model runs (lessons, solutions and answer keys share them) and SWAN figures.

Every run here is model output, not data. A lesson shows a run with one call (e.g.
``scenarios.transition_results(years_after=3)``); an answer key computes its expected answer
from the same function, so the two cannot drift apart.
"""

from __future__ import annotations

import types

import numpy as np

from course_lib import dxa, evidence
from course_lib.model import Hormones, Result, State, simulate, simulate_history
from course_lib.regimens import regimen

__all__ = [
    "SWAN", "CYCLES_PER_YEAR", "swan", "one_cycle", "regimen_run", "estradiol_run",
    "transition_results", "monitoring_run", "DXA_PRECISION", "typical_precision",
    "lsc_crossing",
]

#: Evidence id of SWAN's cumulative losses around the final menstrual period (Greendale 2012).
SWAN = "swan_greendale2012_cumulative_loss"

#: Evidence id of typical DXA precision (a vendor review of 57 studies) and its LSC examples.
DXA_PRECISION = "dxa_typical_precision_lsc"

#: The review's precision at each model site (model "hip" = total hip).
_PRECISION_SITE = {"spine": "review_ap_spine_cv", "hip": "review_total_hip_cv"}

#: Menstrual cycles in a year, for 28-day cycles (365.25 / 28, rounded): bookkeeping only.
CYCLES_PER_YEAR = round(365.25 / 28)


def swan() -> types.SimpleNamespace:
    """SWAN (Greendale 2012) figures from the evidence data, as positive % losses.

    ``window_years`` is the length of the transmenopause as the paper defines it (1 year
    before to 2 years after the final menstrual period, FMP).
    """
    before = evidence.value(SWAN, "transmenopause_start_years_before_fmp")
    after = evidence.value(SWAN, "transmenopause_end_years_after_fmp")
    return types.SimpleNamespace(
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
    for value, name, low, high, valid in (
            (osteoclast_burst, "osteoclast_burst", 0.0, 100.0, "above 0 and at most 100"),
            (days, "days", 1.0, 3650.0, "from 1 to 3650")):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not low <= value <= high or value == 0:
            raise ValueError(f"{name} must be a number {valid}; got {value!r}")
    start = State.reference(site, osteoclasts=float(osteoclast_burst))
    return simulate(hormones or Hormones(), years=days / 365.25, site=site, start=start,
                    dt_days=1.0)


def regimen_run(name: str, years: float, site: str = "spine",
                start: State | None = None) -> Result:
    """A named regimen (`course_lib.regimens`) held for `years`, e.g. "postmenopause"."""
    return simulate(regimen(name), years=years, site=site, start=start)


def estradiol_run(estradiol: float, years: float, site: str = "spine") -> Result:
    """Estradiol held at `estradiol` (1 = reference woman), every other input at reference."""
    return simulate(Hormones(estradiol=estradiol), years=years, site=site)


def transition_results(years_after: float = 0.0, sites=("spine", "hip")) -> dict[str, Result]:
    """Runs from 1 year before the FMP through the SWAN transition window, then `years_after`
    more years of postmenopause: {site: Result}."""
    segments = [("menopause_transition", swan().window_years)]
    if years_after:
        segments.append(("postmenopause", years_after))
    return {site: simulate_history(segments, site=site) for site in sites}


def monitoring_run(site: str = "spine", years: float = 20.0) -> Result:
    """A woman's postmenopausal years after a baseline scan taken at the end of the model
    menopause transition (2 years after her final period). BMD is 100 % at the scan."""
    end_of_transition = transition_results(sites=(site,))[site].final
    return regimen_run("postmenopause", years, site, start=end_of_transition)


def typical_precision(site: str) -> float:
    """Typical short-term DXA precision (% CV) at a model site, from the vendor review of 57
    studies (`DXA_PRECISION`): the AP spine for "spine", the total hip for "hip"."""
    if not isinstance(site, str) or site not in _PRECISION_SITE:
        raise ValueError(f"site must be one of {sorted(_PRECISION_SITE)}, got {site!r}")
    return evidence.value(DXA_PRECISION, _PRECISION_SITE[site])


def lsc_crossing(result: Result, precision_percent: float) -> types.SimpleNamespace:
    """When a run's BMD first moves by the least significant change from its start.

    Returns ``precision`` (%), ``lsc`` (%, 95 % confidence) and ``years`` (model output; None
    if the run never gets there), e.g. ``lsc_crossing(monitoring_run("hip"), 1.3).years``.
    """
    if not isinstance(result, Result):
        raise ValueError(f"result must be a model Result (e.g. monitoring_run('spine')); "
                         f"got {type(result).__name__}")
    lsc = dxa.least_significant_change(precision_percent)   # checks precision_percent
    return types.SimpleNamespace(
        precision=float(precision_percent),
        lsc=lsc,
        years=dxa.first_detectable(result.t_years, result.bmd_percent, precision_percent),
    )
