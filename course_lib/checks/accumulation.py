"""Answer key for exercise set 1.3, "Small imbalances add up" (solutions/1.3_accumulation.ipynb),
plus the SWAN-vs-model comparison that lesson 1.3 prints.

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers are computed from `course_lib.evidence` (SWAN, Greendale 2012), from
`course_lib.dxa` arithmetic or from the model (`simulate_history`); none is a copied literal.
Practice numbers (a made-up deficit per cycle) live once, in `PRACTICE`.
"""

from __future__ import annotations

import math
import re
import types
from typing import Any

from course_lib import dxa, evidence
from course_lib.checks.dxa_reading import practice_namespace
from course_lib.checks.feedback import Feedback, check_number, never_raises

__all__ = [
    "PRACTICE", "UNITS", "CYCLES_PER_YEAR", "practice", "SWAN", "swan", "transition_results",
    "print_swan_comparison", "print_balance",
    "steady_deficit_change", "swan_transition_rate", "swan_transition_share",
    "model_transition_spine_change", "model_spine_to_hip_ratio",
]

#: Practice numbers (made up for the exercises; not data), by question.
PRACTICE: dict[str, dict[str, Any]] = {
    "steady_deficit": {"deficit_per_cycle_percent": 0.03, "cycles_per_year": 13, "years": 8},
}
#: Units of the practice numbers, by name.
UNITS = {"deficit_per_cycle_percent": "% of the starting bone mass per cycle",
         "cycles_per_year": "cycles of 28 days", "years": "years"}
_SD = PRACTICE["steady_deficit"]

SWAN = "swan_greendale2012_cumulative_loss"

#: Menstrual cycles in a year, for 28-day cycles (365.25 / 28, rounded): bookkeeping only.
CYCLES_PER_YEAR = round(365.25 / 28)


def practice(group: str, *, show: bool = True) -> types.SimpleNamespace:
    """The practice numbers of one question, e.g. ``p = practice("steady_deficit")``."""
    return practice_namespace(PRACTICE, UNITS, group, show=show)


def swan() -> types.SimpleNamespace:
    """SWAN (Greendale 2012) figures from the evidence data, as positive % losses.

    ``window_years`` is the length of the transmenopause as the paper defines it (1 year
    before to 2 years after the final menstrual period, FMP), read from the definition text.
    """
    definition = str(evidence.fact(SWAN).values["transmenopause_definition"])
    before, after = (float(x) for x in re.findall(r"\d+(?:\.\d+)?", definition)[:2])
    return types.SimpleNamespace(
        spine_transition=evidence.number(SWAN, "lumbar_spine_loss_in_transmenopause"),
        neck_transition=evidence.number(SWAN, "femoral_neck_loss_in_transmenopause"),
        spine_10y=evidence.number(SWAN, "lumbar_spine_10y_cumulative_loss"),
        neck_10y=evidence.number(SWAN, "femoral_neck_10y_cumulative_loss"),
        years_before_fmp=before,
        years_after_fmp=after,
        window_years=before + after,
    )


def transition_results(years_after: float = 0.0, sites=("spine", "hip")) -> dict:
    """Model runs from 1 year before the FMP through the SWAN transition window, then
    `years_after` more years of postmenopause: {site: Result}. Model outputs, not data."""
    from course_lib.model import simulate_history

    segments = [("menopause_transition", swan().window_years)]
    if years_after:
        segments.append(("postmenopause", years_after))
    return {site: simulate_history(segments, site=site) for site in sites}


def _loss_at(result, t_years: float) -> float:
    return 100.0 - float(result.at(t_years)["bmd_percent"])


def print_swan_comparison(results: dict) -> None:
    """Print model losses next to the published SWAN figures (Greendale 2012).

    `results` is {"spine": Result, "hip": Result} from `transition_results(...)` (the run
    must start 1 year before the FMP). The transition row compares like with like at the
    spine; the model hip is compared with SWAN's femoral neck, a nearby but different site.
    """
    s = swan()
    w = s.window_years
    transition = f"Transmenopause ({w:g} years)"
    rows = [(transition, "spine", "lumbar spine", s.spine_transition, w),
            (transition, "hip", "femoral neck", s.neck_transition, w)]
    end = min(float(r.t_years[-1]) for r in results.values())
    ten_year_end = s.years_before_fmp + 5.0          # SWAN's 10-year window ends 5 y after FMP
    if end >= ten_year_end - 1e-9:
        rows += [("To 5 years after the FMP", "spine", "lumbar spine (10-y window)",
                  s.spine_10y, ten_year_end),
                 ("To 5 years after the FMP", "hip", "femoral neck (10-y window)",
                  s.neck_10y, ten_year_end)]
    print(f"{'period':<26}{'model site':<12}{'model loss':>11}   {'SWAN site':<28}"
          f"{'SWAN loss':>9}")
    for period, site, swan_site, published, t in rows:
        if site not in results:
            continue
        model = _loss_at(results[site], t)
        print(f"{period:<26}{site:<12}{model:>10.1f}%   {swan_site:<28}{published:>8.1f}%")
    print("Model losses are model outputs; SWAN losses are published cohort averages "
          f"({evidence.cite(SWAN)}).")


def print_balance(result, years=(1, 2, 5, 10)) -> None:
    """Print a model run's two sides of the balance at the given times (model outputs).

    Bone resorbed and formed per year (% of reference bone mass), their gap, and the gap
    per menstrual cycle (the yearly gap divided by `CYCLES_PER_YEAR`).
    """
    print(f"{'year':>4}  {'resorbed':>9}  {'formed':>7}  {'gap':>7}  {'gap per cycle':>13}")
    print(f"{'':>4}  {'(%/yr)':>9}  {'(%/yr)':>7}  {'(%/yr)':>7}  {'(%)':>13}")
    for t in years:
        now = result.at(float(t))
        gap = float(now["formation"]) - float(now["resorption"])
        print(f"{t:>4g}  {float(now['resorption']):>9.2f}  {float(now['formation']):>7.2f}  "
              f"{gap:>+7.2f}  {gap / CYCLES_PER_YEAR:>+13.3f}")
    print("(model outputs; a negative gap means more bone resorbed than formed)")


# --------------------------------------------------------------------------- helpers


def _close(value, target, rel=0.01) -> bool:
    """True if a student's value is a finite real number within `rel` of `target`."""
    if isinstance(value, bool):
        return False
    try:
        value = float(value)
    except Exception:
        return False
    return math.isfinite(value) and math.isclose(value, target, rel_tol=rel, abs_tol=1e-9)


def _either_sign(value, target, rel=0.01) -> bool:
    return _close(value, target, rel) or _close(value, -target, rel)


# --------------------------------------------------------------------------- questions


@never_raises
def steady_deficit_change(answer,
                          deficit_per_cycle_percent=_SD["deficit_per_cycle_percent"],
                          cycles_per_year=_SD["cycles_per_year"],
                          years=_SD["years"]) -> Feedback:
    """Q1: BMD change (%, negative for a loss) after `years` of a steady deficit per cycle.

    Each cycle loses `deficit_per_cycle_percent` of the starting bone mass, so the steps add
    up; compounding (each step a % of what is left) gives nearly the same answer and is
    accepted too (within 2 %).
    """
    cycles = int(cycles_per_year * years)
    expected = dxa.cumulative_change(-deficit_per_cycle_percent, cycles)
    if _either_sign(answer, deficit_per_cycle_percent * years):
        return Feedback("incorrect", "your answer counts one cycle per year.",
                        f"There are {cycles_per_year} cycles in a year: multiply by the "
                        "number of cycles in a year as well as by the number of years.")
    if _either_sign(answer, deficit_per_cycle_percent * cycles_per_year):
        return Feedback("incorrect", "your answer is the change in one year.",
                        f"Now add up all {years:g} years.")
    if _either_sign(answer, deficit_per_cycle_percent * 12 * years):
        return Feedback("incorrect", "your answer uses 12 cycles a year.",
                        f"A 28-day cycle comes round {cycles_per_year} times a year, not 12 "
                        "(that would be calendar months).")
    return check_number(answer, expected, rel_tol=0.02, units="%", name="your change",
                        hint="Change = deficit per cycle x cycles per year x years, with a "
                             "minus sign for a loss.")


@never_raises
def swan_transition_rate(answer) -> Feedback:
    """Q2: SWAN spine, average change per year across the transmenopause (%/year, negative)."""
    s = swan()
    expected = -s.spine_transition / s.window_years
    if _either_sign(answer, s.spine_transition):
        return Feedback("incorrect", "your answer is the loss over the whole window.",
                        "That figure covers several years: divide it by the number of years "
                        "in the window.")
    if _either_sign(answer, s.spine_transition / s.years_after_fmp):
        return Feedback("incorrect", f"your answer divides by {s.years_after_fmp:g} years.",
                        f"The window runs from {s.years_before_fmp:g} year before to "
                        f"{s.years_after_fmp:g} years after the final period: "
                        f"{s.window_years:g} years in all.")
    if _either_sign(answer, s.spine_10y / 10.0) or _either_sign(answer, s.spine_10y / 3.0):
        return Feedback("incorrect", "your answer uses the 10-year figure.",
                        "Use the loss during the transmenopause, not the 10-year total.")
    if _either_sign(answer, s.neck_transition / s.window_years):
        return Feedback("incorrect", "your answer uses the femoral neck figure.",
                        "The question is about the lumbar spine.")
    return check_number(answer, expected, rel_tol=0.01, units="%/year", name="your rate",
                        hint="Average rate = total change / number of years.")


@never_raises
def swan_transition_share(answer) -> Feedback:
    """Q3: what share (%) of SWAN's 10-year spine loss happened in the 3-year transmenopause."""
    s = swan()
    expected = 100.0 * s.spine_transition / s.spine_10y
    if _close(answer, 100.0 * s.spine_10y / s.spine_transition):
        return Feedback("incorrect", "your answer is more than 100 %: it divides the whole by "
                        "the part.", "Share = part / whole x 100: the transmenopause loss "
                        "divided by the 10-year loss.")
    if _close(answer, 100.0 * s.window_years / 10.0):
        return Feedback("incorrect", "your answer is the share of the *time*, not of the loss.",
                        "Divide the losses, not the years.")
    return check_number(answer, expected, rel_tol=0.01, units="%", name="your share",
                        hint="Share = transmenopause loss / 10-year loss x 100.")


def _model_changes() -> dict[str, float]:
    return {site: float(r.bmd_change) for site, r in transition_results().items()}


@never_raises
def model_transition_spine_change(answer) -> Feedback:
    """Q4 (uses the model): the model spine's BMD change (%) over the 3-year transition."""
    changes = _model_changes()
    expected = changes["spine"]
    if _close(answer, changes["hip"]) and not _close(answer, expected):
        return Feedback("incorrect", "your answer matches the model hip.",
                        "Run simulate_history with site=\"spine\".")
    return check_number(
        answer, expected, rel_tol=0.01, units="%", name="your model change",
        hint="Run simulate_history([(\"menopause_transition\", 3)], site=\"spine\") and read "
             "its .bmd_change (the model output, not the SWAN figure).")


@never_raises
def model_spine_to_hip_ratio(answer) -> Feedback:
    """Q5 (uses the model): how many times bigger is the model spine's loss over the 3-year
    transition than the model hip's? The ratio spine change / hip change."""
    changes = _model_changes()
    expected = changes["spine"] / changes["hip"]
    if _close(answer, changes["hip"] / changes["spine"]):
        return Feedback("incorrect", "your answer is below 1: it divides hip by spine.",
                        "Divide the spine's loss by the hip's loss.")
    if _close(answer, changes["spine"] - changes["hip"]) or \
            _close(answer, changes["hip"] - changes["spine"]):
        return Feedback("incorrect", "your answer is a difference, not a ratio.",
                        "'How many times' asks for a division: spine loss / hip loss.")
    return check_number(answer, expected, rel_tol=0.02, name="your ratio",
                        hint="Ratio = spine change / hip change, from two model runs.")
