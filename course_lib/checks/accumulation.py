"""Answer key for exercise set 1.3, "Small imbalances add up" (solutions/1.3_accumulation.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers are computed from `course_lib.dxa` arithmetic, from `course_lib.evidence`
(the mid-luteal progesterone test; Li 2014) or from the model (`scenarios.regimen_run`); none
is a copied literal. Practice numbers (a made-up deficit per cycle, a made-up test result) live
once, in `PRACTICE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_lib import dxa, evidence, scenarios, validation
from course_lib.checks.feedback import (
    Feedback,
    answer_key,
    check_choice,
    check_number,
)
from course_lib.checks.practice import Practice, practice_namespace

__all__ = [
    "PRACTICE", "UNITS", "practice", "OVULATION", "READING_OPTIONS", "ProgesteroneCutoffs",
    "progesterone_cutoffs",
    "read_progesterone", "anovulatory_run",
    "steady_deficit_change", "progesterone_test_reading", "threshold_in_nmol",
    "model_anovulatory_rate",
]

#: Practice numbers (made up for the exercises; not data), by question.
PRACTICE: dict[str, dict[str, Any]] = {
    "steady_deficit": {"deficit_per_cycle_percent": 0.03,
                       "cycles_per_year": scenarios.CYCLES_PER_YEAR, "years": 8},
    "progesterone_test": {"progesterone_nmol_per_l": 22.0, "days_before_expected_period": 7},
}
#: Units of the practice numbers, by name.
UNITS = {"deficit_per_cycle_percent": "% of the starting bone mass per cycle",
         "cycles_per_year": "cycles of 28 days", "years": "years",
         "progesterone_nmol_per_l": "nmol/L (serum)", "days_before_expected_period": "days"}
_SD = PRACTICE["steady_deficit"]
_PT = PRACTICE["progesterone_test"]

#: Evidence ids this key reads.
OVULATION = "ovulation_midluteal_progesterone_threshold"
LI2014 = "li2014_ovulatory_disturbance_meta"

#: Question 2's choices: how a laboratory reads a mid-luteal progesterone result.
READING_OPTIONS = ("consistent with ovulation", "repeat the test",
                   "below the ovulatory range")
#: Short forms of the three readings.
READING_SYNONYMS = {"consistent": READING_OPTIONS[0], "ovulatory": READING_OPTIONS[0],
                    "repeat": READING_OPTIONS[1], "repeat test": READING_OPTIONS[1],
                    "below": READING_OPTIONS[2], "below the range": READING_OPTIONS[2]}

#: Decimal places each numeric question states and is checked to (the precision policy of
#: docs/design.md: about two significant figures, what the inputs support).
DECIMALS = {"steady_deficit_change": 1, "threshold_in_nmol": 1, "model_anovulatory_rate": 2}

#: Question 4: the years of Li's studies (1 to 4) over which the model's yearly loss is averaged.
LI_YEARS = 4


def practice(group: str, *, show: bool = True) -> Practice:
    """The practice numbers of one question, e.g. ``p = practice("steady_deficit")``."""
    return practice_namespace(PRACTICE, UNITS, group, show=show)


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class ProgesteroneCutoffs:
    """The UK laboratories' cut-offs for a mid-luteal progesterone, the classic threshold and
    the unit factor between the two units, from the evidence data."""

    confirm_above_nmol_per_l: float     # above it: consistent with ovulation
    repeat_from_nmol_per_l: float       # from it up to confirm_above: repeat the test
    classic_ng_per_ml: float            # the classic threshold
    nmol_per_l_per_ng_per_ml: float     # 1 ng/mL of progesterone in nmol/L


def progesterone_cutoffs() -> ProgesteroneCutoffs:
    """The cut-offs, read from the evidence data (`OVULATION`)."""
    return ProgesteroneCutoffs(
        confirm_above_nmol_per_l=evidence.value(OVULATION, "uk_consistent_with_ovulation"),
        repeat_from_nmol_per_l=evidence.quantity(OVULATION, "uk_repeat_range").low,
        classic_ng_per_ml=evidence.value(OVULATION, "classic_threshold"),
        nmol_per_l_per_ng_per_ml=evidence.value(OVULATION, "nmol_per_ng"),
    )


def read_progesterone(nmol_per_l: float) -> str:
    """How the UK rule reads a mid-luteal progesterone taken at the right time (one of
    READING_OPTIONS): above the confirm cut-off, consistent; from the repeat cut-off up,
    repeat; below it, below the ovulatory range. `nmol_per_l` from 0 to 1000."""
    level = validation.number(nmol_per_l, "nmol_per_l", 0, 1000, what="a level (nmol/L)")
    c = progesterone_cutoffs()
    if level > c.confirm_above_nmol_per_l:
        return READING_OPTIONS[0]
    if level >= c.repeat_from_nmol_per_l:
        return READING_OPTIONS[1]
    return READING_OPTIONS[2]


def anovulatory_run(years: float = LI_YEARS, site: str = "spine"):
    """The model's anovulatory woman (regular cycles, little luteal progesterone): model output."""
    return scenarios.regimen_run("anovulatory", years, site)


# --------------------------------------------------------------------------- questions


@answer_key
def steady_deficit_change(answer,
                          deficit_per_cycle_percent=_SD["deficit_per_cycle_percent"],
                          cycles_per_year=_SD["cycles_per_year"],
                          years=_SD["years"]) -> Feedback:
    """Q1: BMD change (%, negative for a loss) after `years` of a steady deficit per cycle.

    Each cycle loses `deficit_per_cycle_percent` of the starting bone mass, so the steps add
    up; compounding (each step a % of what is left) gives nearly the same answer and, to the
    1 decimal place asked, is accepted too.
    """
    cycles = int(cycles_per_year * years)
    expected = dxa.cumulative_change(-deficit_per_cycle_percent, cycles)
    return check_number(
        answer, expected, decimals=DECIMALS["steady_deficit_change"], units="%",
        name="your change",
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
def progesterone_test_reading(answer,
                              progesterone_nmol_per_l=_PT["progesterone_nmol_per_l"]) -> Feedback:
    """Q2: how the UK laboratories' rule reads a practice mid-luteal progesterone (nmol/L),
    taken about 7 days before the expected period."""
    c = progesterone_cutoffs()
    expected = read_progesterone(progesterone_nmol_per_l)
    classic_nmol = c.classic_ng_per_ml * c.nmol_per_l_per_ng_per_ml
    confirm, repeat = c.confirm_above_nmol_per_l, c.repeat_from_nmol_per_l
    rule = (f"The UK rule: above {confirm:g} nmol/L is consistent with ovulation; "
            f"from about {repeat:g} to {confirm:g} nmol/L, repeat the test and "
            "check its timing.")
    return check_choice(
        answer, expected, READING_OPTIONS, hint=rule, synonyms=READING_SYNONYMS,
        wrong_hints={
            READING_OPTIONS[0]: f"{progesterone_nmol_per_l:g} nmol/L is above the classic "
                                f"{c.classic_ng_per_ml:g} ng/mL (about {classic_nmol:.0f} "
                                f"nmol/L), but not above the UK laboratories' "
                                f"{confirm:g} nmol/L. The two cut-offs differ. " + rule,
            READING_OPTIONS[1]: rule,
            READING_OPTIONS[2]: f"{progesterone_nmol_per_l:g} nmol/L is not below "
                                f"{repeat:g} nmol/L. " + rule,
        })


@answer_key
def threshold_in_nmol(answer) -> Feedback:
    """Q3: the classic mid-luteal threshold (3 ng/mL) in nmol/L, with 1 ng/mL = 3.18 nmol/L."""
    c = progesterone_cutoffs()
    factor = c.nmol_per_l_per_ng_per_ml
    expected = c.classic_ng_per_ml * factor
    return check_number(
        answer, expected, decimals=DECIMALS["threshold_in_nmol"], units="nmol/L",
        name="your threshold", hint=f"nmol/L = ng/mL x {factor:g}.",
        mistakes=[
            (round(expected),
             f"That is the rounded figure ('about {round(expected)} nmol/L') the lesson uses. "
             f"Here, give one decimal: {c.classic_ng_per_ml:g} x {factor:g}."),
            (c.classic_ng_per_ml / factor,
             f"You divided. One ng/mL is {factor:g} nmol/L, so the number in nmol/L "
             "is the bigger one: multiply."),
            (c.confirm_above_nmol_per_l,
             f"That is the UK laboratories' cut-off, not the classic {c.classic_ng_per_ml:g} "
             "ng/mL converted. Convert the classic threshold."),
            (c.confirm_above_nmol_per_l / factor,
             "That converts the UK cut-off into ng/mL. The question goes the other way: the "
             f"classic {c.classic_ng_per_ml:g} ng/mL into nmol/L."),
        ])


@answer_key
def model_anovulatory_rate(answer) -> Feedback:
    """Q4 (uses the model): the model's anovulatory spine, average change per year over its
    first LI_YEARS years (%/year, negative for a loss), to set beside Li 2014."""
    r = anovulatory_run()
    expected = float(r.bmd_change) / LI_YEARS
    li = evidence.value(LI2014, "wmd_spine_bmd")
    return check_number(
        answer, expected, decimals=DECIMALS["model_anovulatory_rate"], units="%/year",
        name="your rate",
        hint=f"Run scenarios.regimen_run(\"anovulatory\", {LI_YEARS}) and divide its "
             f".bmd_change by {LI_YEARS} (years).",
        mistakes=[
            (float(r.bmd_change),
             f"That is the change over all {LI_YEARS} years. Divide by {LI_YEARS} for the "
             "average per year."),
            (-expected, "Check the sign: the model loses bone, so the change is negative."),
            *_either_sign(li, "That is Li's published figure. The question asks what the "
                              "model does: run it and read .bmd_change."),
            (float(r.bmd_percent[-1]) / LI_YEARS,
             "That divides the BMD left (% of start) by the years. Use the change, "
             ".bmd_change, which is BMD minus 100."),
        ])
