"""Answer key for exercise set 2.2, "Reading lab reports" (solutions/2.2_reading_lab_reports.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Thresholds and conversions come from `course_lib.evidence` (the North Bristol NHS laboratory
rule and the unit conversion recorded with the mid-luteal progesterone fact); the monitoring
question from PEPI's annual gain, typical DXA precision and `dxa.least_significant_change`.
Lab reports are practice numbers (made up, not patients), kept once in `PRACTICE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_lib import evidence, validation
from course_lib.checks.feedback import Feedback, answer_key, check_choice, check_number, near_miss
from course_lib.checks.practice import Practice, practice_namespace
from course_lib.dxa import least_significant_change
from course_lib.scenarios.fundamentals import typical_precision

__all__ = [
    "PRACTICE", "UNITS", "practice", "READINGS", "SALIVA_OPTIONS", "THRESHOLD", "RULE",
    "interpret_progesterone", "report_a", "report_b", "report_c",
    "threshold_in_nmol", "uk_cutoff_ratio", "saliva_for_dosing", "outside_reference_share",
    "years_to_lsc_at_pepi_rate", "PEPI_ANNUAL",
]

THRESHOLD = "ovulation_midluteal_progesterone_threshold"
REFERENCE = "reference_interval_definition"

#: Practice lab reports (made up for the exercise; not patients).
PRACTICE: dict[str, dict[str, Any]] = {
    "report_a": {"cycle_length_days": 28, "sample_day": 21, "progesterone_nmol_per_l": 38},
    "report_b": {"cycle_length_days": 35, "sample_day": 21, "progesterone_nmol_per_l": 9},
    "report_c": {"cycle_length_days": 28, "sample_day": 21, "progesterone_nmol_per_l": 18},
}
UNITS = {"cycle_length_days": "days (usual cycle length)",
         "sample_day": "(day of the cycle the blood was taken; day 1 = first day of bleeding)",
         "progesterone_nmol_per_l": "nmol/L (serum)"}

READINGS = ("consistent with ovulation", "borderline: repeat with careful timing",
            "not consistent with ovulation in this cycle",
            "wrongly timed: repeat 7 days before the expected period")

#: PEPI's spine gain per year by arm (tabulated by Seifert-Klauss & Prior 2010).
PEPI_ANNUAL = "pepi_annualized_cee_vs_cee_mpa"


def practice(group: str, *, show: bool = True) -> Practice:
    """The practice numbers of one report, e.g. ``p = practice("report_a")``."""
    return practice_namespace(PRACTICE, UNITS, group, show=show)


@dataclass(frozen=True)
class LabRule:
    """The laboratory rule (North Bristol NHS Trust 2022)."""

    days_before: float          # sample this many days before the expected period
    confirms_above: float       # nmol/L: above it, the sample confirms ovulation
    repeat_from: float          # nmol/L: from it up to confirms_above, repeat


def _rule() -> LabRule:
    """The laboratory rule (North Bristol NHS Trust 2022) from the evidence file."""
    return LabRule(
        days_before=evidence.value(THRESHOLD, "uk_sample_days_before_period"),
        confirms_above=evidence.value(THRESHOLD, "nbt_confirms_ovulation"),
        repeat_from=evidence.quantity(THRESHOLD, "nbt_repeat_range").low)


RULE = _rule()


def interpret_progesterone(level_nmol_per_l: float, sample_day: int,
                           cycle_length_days: int, *, tolerance_days: int = 1) -> str:
    """Which of READINGS a mid-luteal progesterone report gets under the lab rule: sample
    `days_before` the expected period (within `tolerance_days`), then above `confirms_above`
    nmol/L confirms, from `repeat_from` to that is borderline, below is not ovulatory."""
    level = validation.number(level_nmol_per_l, "level_nmol_per_l", 0, 1000,
                              what="a progesterone level (nmol/L)")
    cycle = validation.whole(cycle_length_days, "cycle_length_days", 15, 60)
    day = validation.whole(sample_day, "sample_day", 1, cycle, hint=" (1 to the cycle length)")
    tolerance = validation.whole(tolerance_days, "tolerance_days", 0, 7)
    right_day = cycle - RULE.days_before
    if abs(day - right_day) > tolerance:
        return READINGS[3]
    if level > RULE.confirms_above:
        return READINGS[0]
    if level >= RULE.repeat_from:
        return READINGS[1]
    return READINGS[2]


def _reading_hints(p: dict[str, Any]) -> dict[str, str]:
    """Hints per wrong reading of one report: they point at what that report gets wrong to a
    misreading (the level when the timing is right, the timing when it is not)."""
    right_day = p["cycle_length_days"] - RULE.days_before
    well_timed = abs(p["sample_day"] - right_day) <= 1
    level = p["progesterone_nmol_per_l"]
    if not well_timed:
        timing = (f"Before reading the level, check the timing: cycle length minus "
                  f"{RULE.days_before:g} days gives the right day for this woman. Was the "
                  "sample taken then?")
        return {r: timing for r in READINGS[:3]}
    read_level = (f"The timing is right (day {p['sample_day']} of a {p['cycle_length_days']}-day "
                  f"cycle is {RULE.days_before:g} days before the expected period), so read the "
                  f"level: compare {level:g} nmol/L with {RULE.repeat_from:g} and "
                  f"{RULE.confirms_above:g} nmol/L.")
    return {READINGS[0]: read_level, READINGS[1]: read_level, READINGS[2]: read_level,
            READINGS[3]: f"The timing is fine: day {p['sample_day']} of a "
                         f"{p['cycle_length_days']}-day cycle is {RULE.days_before:g} days "
                         "before the expected period. Read the level."}


def _report(group: str, answer) -> Feedback:
    p = PRACTICE[group]
    expected = interpret_progesterone(p["progesterone_nmol_per_l"], p["sample_day"],
                                      p["cycle_length_days"])
    return check_choice(answer, expected, READINGS,
                        wrong_hints={k: v for k, v in _reading_hints(p).items()
                                     if k != expected})


@answer_key
def report_a(answer) -> Feedback:
    """Q1: how does the lab rule read report A?"""
    return _report("report_a", answer)


@answer_key
def report_b(answer) -> Feedback:
    """Q2: how does the lab rule read report B (a longer cycle)?"""
    return _report("report_b", answer)


@answer_key
def report_c(answer) -> Feedback:
    """Q3: how does the lab rule read report C?"""
    return _report("report_c", answer)


def _conversion() -> float:
    return evidence.value(THRESHOLD, "nmol_per_ng")


def _classic_ng() -> float:
    return evidence.value(THRESHOLD, "classic_threshold")


@answer_key
def threshold_in_nmol(answer) -> Feedback:
    """Q4: the classic threshold (Israel 1972, in ng/mL) in nmol/L."""
    factor, ng = _conversion(), _classic_ng()
    return check_number(
        answer, ng * factor, decimals=2, units="nmol/L", name="your threshold",
        hint=f"1 ng/mL of progesterone = {factor:g} nmol/L: multiply.",
        mistakes=[(ng / factor, "You divided. Going from ng/mL to nmol/L the number gets "
                                "bigger: multiply by the factor."),
                  (10.0, "That is the lesson's rounded 'about 10 nmol/L'. Here the exact "
                         f"conversion is asked: {ng:g} x {factor:g}, to 2 decimal places.",
                   0.001),
                  *near_miss(ng * factor, decimals=2)])


@answer_key
def uk_cutoff_ratio(answer) -> Feedback:
    """Q5: how many times the classic threshold is the UK laboratory cut-off?"""
    classic_nmol = _classic_ng() * _conversion()
    cut = RULE.confirms_above
    return check_number(
        answer, cut / classic_nmol, decimals=2, name="your ratio",
        hint="Put both in the same unit first (nmol/L), then divide the UK cut-off by the "
             "classic threshold.",
        mistakes=[(cut / _classic_ng(), "You divided nmol/L by ng/mL: convert the classic "
                                        "threshold to nmol/L first."),
                  (classic_nmol / cut, "That is below 1: divide the UK cut-off by the classic "
                                       "threshold."),
                  (cut / 10.0, "That is the lesson's rounded 'about three times' (from about "
                               "10 nmol/L). Here the exact ratio is asked: convert the classic "
                               f"threshold exactly ({_classic_ng():g} x {_conversion():g} "
                               "nmol/L), then divide; give 2 decimal places.", 0.001),
                  *near_miss(cut / classic_nmol, decimals=2)])


SALIVA_OPTIONS = ("yes: saliva shows the hormone that reaches the tissues",
                  "no: guideline bodies call salivary testing unreliable for dosing",
                  "only for progesterone, not for estradiol")


@answer_key
def saliva_for_dosing(answer) -> Feedback:
    """Q6: should saliva tests be used to set hormone doses?"""
    return check_choice(
        answer, SALIVA_OPTIONS[1], SALIVA_OPTIONS,
        wrong_hints={
            SALIVA_OPTIONS[0]: "That is the articles' claim. What do The Menopause Society, "
                               "the Endocrine Society and ACOG say about it?",
            SALIVA_OPTIONS[2]: "The guideline statements in the lesson make no exception "
                               "for progesterone: saliva and blood levels of the sex steroids "
                               "showed no meaningful relationship.",
        })


@answer_key
def outside_reference_share(answer) -> Feedback:
    """Q7: what share (%) of healthy people fall outside a laboratory's reference interval?"""
    central = evidence.value(REFERENCE, "central_share")        # central 95 % of results
    return check_number(
        answer, 100.0 - central, decimals=0, units="%", name="your share",
        hint="A reference interval holds the central part of healthy people's results: what "
             "is left outside it?",
        mistakes=[(central, "That is the share inside the interval. How many are outside?"),
                  ((100.0 - central) / 2, "That is one tail only: healthy people fall outside "
                                          "on both sides."),
                  ((100.0 - central) / 100, "Give a percentage (e.g. 12.5), not a fraction."),
                  *near_miss(100.0 - central, decimals=0)])


@answer_key
def years_to_lsc_at_pepi_rate(answer) -> Feedback:
    """Q8: at PEPI's annualized spine gain on CEE + continuous MPA, how many years until the
    change reaches the least significant change at typical spine precision?"""
    rate = evidence.value(PEPI_ANNUAL, "cee_mpa_cont_spine_pct_per_year")
    precision = typical_precision("spine")
    lsc = least_significant_change(precision)
    return check_number(
        answer, lsc / rate, decimals=1, units="years", name="your time",
        hint="LSC = 2.77 x precision; years = LSC / gain per year.",
        mistakes=[(precision / rate, "That divides the precision, not the least significant "
                                     "change: multiply the precision by 2.77 first."),
                  (lsc * rate, "Multiply or divide? A change of LSC % at a gain of rate % per "
                               "year takes LSC / rate years."),
                  (12 * lsc / rate, "That looks like months: give years."),
                  *near_miss(lsc / rate, decimals=1)])
