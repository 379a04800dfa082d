"""Answer key for exercise set 2.5, "ET vs EPT" (solutions/2.5_et_vs_ept.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
The meta-analysis figures (Prior 2017) and the WHI absolute risks come from
`course_lib.evidence` (through `scenarios.intermediate.meta_analysis` for the former); the
model's gap from `scenarios.intermediate.et_ept_gap`. The number of years and the group size
are practice numbers (made up), kept once in `PRACTICE`.
"""

from __future__ import annotations

from typing import Any

from course_lib import evidence
from course_lib.checks.feedback import (
    Feedback,
    answer_key,
    check_bool,
    check_number,
    check_sequence,
    near_miss,
)
from course_lib.checks.practice import Practice, practice_namespace
from course_lib.scenarios import intermediate as s2

__all__ = [
    "PRACTICE", "UNITS", "practice", "WHI_RISKS", "HARMS", "BENEFITS", "whi_events",
    "predicted_gap", "predicted_interval", "model_gap", "model_gap_inside_interval",
    "whi_extra_harms", "whi_hip_fractures_avoided", "whi_net_events",
]

PRACTICE: dict[str, dict[str, Any]] = {
    "gap": {"years": 4},
    "whi": {"women": 1000, "years": 5},
}
UNITS = {"years": "years", "women": "women"}

WHI_RISKS = "whi_2002_absolute_risks"
HARMS = ("chd", "stroke", "pulmonary_embolism", "invasive_breast_cancer")
BENEFITS = ("colorectal_cancer", "hip_fracture")


def practice(group: str, *, show: bool = True) -> Practice:
    """The practice numbers of one question group, e.g. ``p = practice("gap")``."""
    return practice_namespace(PRACTICE, UNITS, group, show=show)


def whi_events(keys, women: float, years: float) -> float:
    """Events among `women` treated for `years`, from WHI's per-10,000-person-year figures."""
    per_10000 = sum(evidence.value(WHI_RISKS, k) for k in keys)
    return per_10000 * women * years / 10_000


# --------------------------------------------------------------------------- the gap


@answer_key
def predicted_gap(answer) -> Feedback:
    """Q1 (predict): if the meta-analysis's yearly difference held, how many percentage points
    more spinal BMD after the practice number of years on EPT than on ET?"""
    years = PRACTICE["gap"]["years"]
    m = s2.meta_analysis()
    per_year = m.estimate_percent_per_year
    return check_number(
        answer, per_year * years, decimals=2, units="percentage points", name="your gap",
        hint="Yearly difference x number of years.",
        mistakes=[(per_year, "That is one year. Multiply by the number of years."),
                  (m.high_percent_per_year * years, "That uses the upper end of the interval; "
                                                    "use the estimate."),
                  (m.low_percent_per_year * years, "That uses the lower end of the interval; "
                                                   "use the estimate."),
                  *near_miss(per_year * years, decimals=2)])


@answer_key
def predicted_interval(answer) -> Feedback:
    """Q2: the meta-analysis's 95 % interval scaled to the same years, as [low, high]."""
    years = PRACTICE["gap"]["years"]
    m = s2.meta_analysis()
    return check_sequence(
        answer, [m.low_percent_per_year * years, m.high_percent_per_year * years],
        decimals=2, name="your interval",
        hint="Multiply each end of the yearly interval by the number of years; give "
             "[low, high].")


@answer_key
def model_gap(answer) -> Feedback:
    """Q3 (uses the model): the model's EPT (CEE + continuous MPA) minus ET gap after the
    practice years, PEPI-like history, spine (percentage points)."""
    years = PRACTICE["gap"]["years"]
    expected = s2.et_ept_gap(years)
    return check_number(
        answer, expected, decimals=2, units="percentage points", name="your model gap",
        hint="scenarios.intermediate.et_ept_gap(years) gives it; or run both regimens with "
             "therapy_change(..., history='pepi') and subtract.",
        mistakes=[(expected / years, "That is per year. Give the gap after all the years."),
                  (s2.meta_analysis().estimate_percent_per_year * years,
                   "That is the prediction from the meta-analysis (Q1). Run the model."),
                  (s2.et_ept_gap(years, "estrogen_micronized_progesterone"),
                   "That uses micronized progesterone. The question asks for continuous MPA.",
                   0.01),
                  *near_miss(expected, decimals=2)])


@answer_key
def model_gap_inside_interval(answer) -> Feedback:
    """Q4: True or False: the model's gap (Q3) lies inside the interval of Q2."""
    years = PRACTICE["gap"]["years"]
    m = s2.meta_analysis()
    gap = s2.et_ept_gap(years)
    inside = m.low_percent_per_year * years <= gap <= m.high_percent_per_year * years
    return check_bool(answer, inside,
                      hint="Compare your answer to Q3 with both ends of your answer to Q2.")


# --------------------------------------------------------------------------- WHI


@answer_key
def whi_extra_harms(answer) -> Feedback:
    """Q5: extra heart events, strokes, pulmonary emboli and invasive breast cancers among
    the practice group of women taking estrogen + progestin for the practice years."""
    p = PRACTICE["whi"]
    expected = whi_events(HARMS, p["women"], p["years"])
    per_year = whi_events(HARMS, p["women"], 1)
    return check_number(
        answer, expected, decimals=0, units="events", name="your number",
        hint="Add the four 'more' figures (per 10,000 women per year), then scale to the group "
             "size and the years.",
        mistakes=[(per_year, "That is one year. Multiply by the number of years."),
                  (expected * 10, "Check the scaling: the figures are per 10,000 women, not "
                                  "per 1,000."),
                  (whi_events(HARMS, 10_000, 1), "That is per 10,000 women per year. Scale to "
                                                 "the group and the years."),
                  *near_miss(expected, decimals=0)])


@answer_key
def whi_hip_fractures_avoided(answer) -> Feedback:
    """Q6: hip fractures avoided in the same group over the same years."""
    p = PRACTICE["whi"]
    expected = whi_events(("hip_fracture",), p["women"], p["years"])
    return check_number(
        answer, expected, decimals=0, units="fractures", name="your number",
        hint="Scale the 'fewer hip fractures' figure from 10,000 women per year to the group "
             "and the years.",
        mistakes=[(whi_events(("hip_fracture",), p["women"], 1), "That is one year."),
                  (whi_events(BENEFITS, p["women"], p["years"]),
                   "That adds colorectal cancers too. Count hip fractures only."),
                  *near_miss(expected, decimals=0)])


@answer_key
def whi_net_events(answer) -> Feedback:
    """Q7: the harms of Q5 minus ALL the events avoided (hip fractures and colorectal
    cancers) in the same group: a positive number means more harm than benefit."""
    p = PRACTICE["whi"]
    harms = whi_events(HARMS, p["women"], p["years"])
    avoided = whi_events(BENEFITS, p["women"], p["years"])
    return check_number(
        answer, harms - avoided, decimals=0, units="events", name="your net number",
        hint="Events added (Q5) minus events avoided (hip fractures and colorectal cancers).",
        mistakes=[(avoided - harms, "Check the order: harms minus avoided events."),
                  (harms - whi_events(("hip_fracture",), p["women"], p["years"]),
                   "Include the colorectal cancers avoided as well."),
                  *near_miss(harms - avoided, decimals=0)])
