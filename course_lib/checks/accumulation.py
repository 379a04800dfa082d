"""Answer key for exercise set 1.3, "Small imbalances add up" (solutions/1.3_accumulation.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers are computed from `course_lib.evidence` (SWAN, Greendale 2012), from
`course_lib.dxa` arithmetic or from the model (`scenarios.transition_results`); none is a
copied literal.
Practice numbers (a made-up deficit per cycle) live once, in `PRACTICE`.
"""

from __future__ import annotations

from typing import Any

from course_lib import dxa, scenarios
from course_lib.checks.feedback import Feedback, answer_key, check_number
from course_lib.checks.practice import Practice, practice_namespace

__all__ = [
    "PRACTICE", "UNITS", "practice",
    "steady_deficit_change", "swan_transition_rate", "swan_transition_share",
    "model_transition_spine_change", "model_spine_to_hip_ratio",
]

#: Practice numbers (made up for the exercises; not data), by question.
PRACTICE: dict[str, dict[str, Any]] = {
    "steady_deficit": {"deficit_per_cycle_percent": 0.03,
                       "cycles_per_year": scenarios.CYCLES_PER_YEAR, "years": 8},
}
#: Units of the practice numbers, by name.
UNITS = {"deficit_per_cycle_percent": "% of the starting bone mass per cycle",
         "cycles_per_year": "cycles of 28 days", "years": "years"}
_SD = PRACTICE["steady_deficit"]


def practice(group: str, *, show: bool = True) -> Practice:
    """The practice numbers of one question, e.g. ``p = practice("steady_deficit")``."""
    return practice_namespace(PRACTICE, UNITS, group, show=show)


# --------------------------------------------------------------------------- questions


@answer_key
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
    return check_number(
        answer, expected, rel_tol=0.02, units="%", name="your change",
        hint="Change = deficit per cycle x cycles per year x years, with a minus sign for a "
             "loss.",
        mistakes=[
            *_either_sign(deficit_per_cycle_percent * years,
                          f"That counts one cycle per year. There are {cycles_per_year} cycles "
                          "in a year: multiply by the number of cycles in a year as well as "
                          "by the number of years."),
            *_either_sign(deficit_per_cycle_percent * cycles_per_year,
                          f"That is the change in one year. Now add up all {years:g} years."),
            *_either_sign(deficit_per_cycle_percent * 12 * years,
                          f"That uses 12 cycles a year. A 28-day cycle comes round "
                          f"{cycles_per_year} times a year, not 12 (that would be calendar "
                          "months)."),
        ])


def _either_sign(value: float, hint: str) -> list[tuple[float, str]]:
    """One known mistake given with either sign (a loss is often typed as positive)."""
    return [(value, hint), (-value, hint)]


@answer_key
def swan_transition_rate(answer) -> Feedback:
    """Q2: SWAN spine, average change per year across the transmenopause (%/year, negative)."""
    s = scenarios.swan()
    expected = -s.spine_transition / s.window_years
    ten_year = "That uses the 10-year figure. Use the loss during the transmenopause, not the " \
               "10-year total."
    return check_number(
        answer, expected, rel_tol=0.01, units="%/year", name="your rate",
        hint="Average rate = total change / number of years.",
        mistakes=[
            *_either_sign(s.spine_transition,
                          "That is the loss over the whole window: divide it by the number "
                          "of years in the window."),
            *_either_sign(s.spine_transition / s.years_after_fmp,
                          f"That divides by {s.years_after_fmp:g} years. The window runs from "
                          f"{s.years_before_fmp:g} year before to {s.years_after_fmp:g} years "
                          f"after the final period: {s.window_years:g} years in all."),
            *_either_sign(s.spine_10y / 10.0, ten_year),
            *_either_sign(s.spine_10y / 3.0, ten_year),
            *_either_sign(s.neck_transition / s.window_years,
                          "That uses the femoral neck figure. The question is about the "
                          "lumbar spine."),
            (-expected, "Check the sign: the spine lost bone, so its change per year is "
                        "negative."),
        ])


@answer_key
def swan_transition_share(answer) -> Feedback:
    """Q3: what share (%) of SWAN's 10-year spine loss happened in the 3-year transmenopause."""
    s = scenarios.swan()
    return check_number(
        answer, 100.0 * s.spine_transition / s.spine_10y, rel_tol=0.01, units="%",
        name="your share", hint="Share = transmenopause loss / 10-year loss x 100.",
        mistakes=[
            (100.0 * s.spine_10y / s.spine_transition,
             "More than 100 %: that divides the whole by the part. Share = part / whole x "
             "100: the transmenopause loss divided by the 10-year loss."),
            (100.0 * s.window_years / 10.0,
             "That is the share of the *time*, not of the loss. Divide the losses, not the "
             "years."),
            (100.0 * (s.spine_10y - s.spine_transition) / s.spine_10y,
             "That is the share lost *outside* the three transmenopause years. The question "
             "asks for the share inside them: transmenopause loss / 10-year loss x 100."),
        ])


def _model_changes() -> dict[str, float]:
    return {site: float(r.bmd_change) for site, r in scenarios.transition_results().items()}


@answer_key
def model_transition_spine_change(answer) -> Feedback:
    """Q4 (uses the model): the model spine's BMD change (%) over the 3-year transition."""
    changes = _model_changes()
    swan_figure = ("That is SWAN's published figure, not the model's. Run the model and read "
                   "its .bmd_change: the question asks what the model does.")
    return check_number(
        answer, changes["spine"], rel_tol=0.01, units="%", name="your model change",
        hint="Run history([(\"menopause_transition\", 3)], site=\"spine\") and read "
             "its .bmd_change (the model output, not the SWAN figure).",
        mistakes=[
            (changes["hip"], "That matches the model hip. Run history with "
                             "site=\"spine\"."),
            (-changes["spine"], "Check the sign: the model spine lost bone, so its change "
                                "is negative."),
            *_either_sign(scenarios.swan().spine_transition, swan_figure),
            (100.0 + changes["spine"],
             "That is her BMD at the end, in % of her start. The change is that minus 100 "
             "(.bmd_change gives it directly)."),
        ])


@answer_key
def model_spine_to_hip_ratio(answer) -> Feedback:
    """Q5 (uses the model): how many times bigger is the model spine's loss over the 3-year
    transition than the model hip's? The ratio spine change / hip change."""
    changes = _model_changes()
    difference = "That is a difference, not a ratio. 'How many times' asks for a division: " \
                 "spine loss / hip loss."
    return check_number(
        answer, changes["spine"] / changes["hip"], rel_tol=0.02, name="your ratio",
        hint="Ratio = spine change / hip change, from two model runs.",
        mistakes=[
            (changes["hip"] / changes["spine"],
             "That is below 1: it divides hip by spine. Divide the spine's loss by the hip's "
             "loss."),
            *_either_sign(changes["spine"] - changes["hip"], difference),
        ])
