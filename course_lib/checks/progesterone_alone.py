"""Answer key for exercise set 2.4, "Progesterone alone" (solutions/2.4_progesterone_alone.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Model answers come from `scenarios.intermediate.progesterone_alone_grid` (the table lesson 2.4
shows); trial answers from `scenarios.intermediate.progestin_alone_trials` (the evidence file).
"""

from __future__ import annotations

from course_lib.checks.feedback import (
    Feedback,
    answer_key,
    check_bool,
    check_choice,
    check_number,
    near_miss,
)
from course_lib.scenarios import intermediate as s2

__all__ = [
    "WHY_OPTIONS", "grid", "p_alone_effect_early", "p_with_estradiol_effect_early",
    "estradiol_multiplies_progesterone", "p_alone_stops_loss_early", "trials_pooled_difference",
    "why_loss_slows_late",
]

WHY_OPTIONS = ("turnover falls back to the reference level",
               "bone approaches a new, lower balance while turnover stays high",
               "progesterone rises again")


def grid() -> dict:
    """The model table of lesson 2.4 (3 years, spine, early and late postmenopause)."""
    return s2.progesterone_alone_grid(years=3, site="spine")


@answer_key
def p_alone_effect_early(answer) -> Feedback:
    """Q1 (uses the model): early postmenopause, spine: progesterone alone minus no therapy,
    in %/year over 3 years."""
    g = grid()["early_postmenopause"]
    expected = g["p_alone_effect"]
    return check_number(
        answer, expected, decimals=2, units="%/year", name="your effect",
        hint="(change on progesterone alone - change with no therapy) / 3 years.",
        mistakes=[(expected * 3, "That is over 3 years: divide by 3 for a yearly figure."),
                  (g["progesterone_alone"] / 3, "That is the change on progesterone alone. "
                   "Subtract the change with no therapy."),
                  (-expected, "Check the order: progesterone alone minus no therapy."),
                  (grid()["late_postmenopause"]["p_alone_effect"],
                   "That is late postmenopause. Use the early history.", 0.02),
                  *near_miss(expected, decimals=2)])


@answer_key
def p_with_estradiol_effect_early(answer) -> Feedback:
    """Q2 (uses the model): the same effect with estradiol present: estrogen + micronized
    progesterone minus estrogen alone, %/year over 3 years, early postmenopause."""
    g = grid()["early_postmenopause"]
    expected = g["p_with_e2_effect"]
    return check_number(
        answer, expected, decimals=2, units="%/year", name="your effect",
        hint="(change on estrogen + progesterone - change on estrogen alone) / 3 years.",
        mistakes=[(expected * 3, "That is over 3 years: divide by 3."),
                  (g["estrogen_micronized_progesterone"] / 3,
                   "That is the whole EPT change per year. Subtract estrogen alone."),
                  (g["p_alone_effect"], "That is progesterone without estradiol (Q1)."),
                  *near_miss(expected, decimals=2)])


@answer_key
def estradiol_multiplies_progesterone(answer) -> Feedback:
    """Q3 (uses the model): how many times larger is progesterone's effect with estradiol
    than without it (early postmenopause)?"""
    g = grid()["early_postmenopause"]
    expected = g["p_with_e2_effect"] / g["p_alone_effect"]
    return check_number(
        answer, expected, decimals=1, name="your ratio",
        hint="Ratio = effect with estradiol (Q2) / effect without (Q1).",
        mistakes=[(1 / expected, "That is below 1: divide the effect with estradiol by the "
                                 "effect without it."),
                  (g["p_with_e2_effect"] - g["p_alone_effect"],
                   "That is a difference; 'how many times' asks for a division."),
                  (round(g["p_with_e2_effect"], 2) / round(g["p_alone_effect"], 2),
                   "That divides the effects rounded to 2 decimal places. Use the unrounded "
                   "effects (compute both again in this cell).", 0.005),
                  *near_miss(expected, decimals=1)])


@answer_key
def p_alone_stops_loss_early(answer) -> Feedback:
    """Q4 (uses the model): True or False: in early postmenopause, progesterone alone stops
    the model's spinal bone loss over the 3 years."""
    g = grid()["early_postmenopause"]
    return check_bool(
        answer, g["progesterone_alone"] >= 0.0,
        hint="Read the change on progesterone alone in early postmenopause: is it still "
             "below zero?")


@answer_key
def trials_pooled_difference(answer) -> Feedback:
    """Q5 (evidence): the pooled progesterone trials (cream and oral): treated minus placebo,
    spine, %/year."""
    pooled = [t for t in s2.progestin_alone_trials() if t.key == "mean_omp_and_cream"][0]
    difference = pooled.difference_percent_per_year
    return check_number(
        answer, difference, decimals=1, units="%/year", name="your difference",
        hint="Treated minus placebo, both in %/year (losses are negative).",
        mistakes=[(-difference, "Check the order: treated minus placebo."),
                  (pooled.treated_percent_per_year, "That is the treated arm alone. Subtract "
                                                    "the placebo arm.", 0.005),
                  *near_miss(difference, decimals=1)])


@answer_key
def why_loss_slows_late(answer) -> Feedback:
    """Q6 (uses the model): in late postmenopause the model loses bone more slowly. Why?"""
    g = grid()["late_postmenopause"]
    high_turnover = g["turnover_at_start"] > 1.2
    expected = WHY_OPTIONS[1] if high_turnover else WHY_OPTIONS[0]
    return check_choice(
        answer, expected, WHY_OPTIONS,
        wrong_hints={
            WHY_OPTIONS[0]: "Read the turnover at the start of the late comparison in the "
                            "table: is it back near 1?",
            WHY_OPTIONS[1]: "Read the turnover at the start of the late comparison again.",
            WHY_OPTIONS[2]: "Nothing in the 'postmenopause' regimen raises progesterone.",
        })
