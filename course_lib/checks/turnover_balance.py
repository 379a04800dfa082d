"""Answer key for exercise set 2.1, "Turnover and balance"
(solutions/2.1_turnover_and_balance.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers come from the model runs lesson 2.1 shows (`scenarios.intermediate.
interplay_runs`); none is a copied number.
"""

from __future__ import annotations

from course_lib.checks.feedback import Feedback, answer_key, check_choice, check_number, near_miss
from course_lib.scenarios import intermediate as s2

__all__ = [
    "SIDE_OPTIONS", "FSH_OPTIONS", "TERM_OPTIONS", "ESTRADIOL_LOW",
    "PROGESTERONE_LOW", "TESTOSTERONE_LOW", "which_side",
    "side_estradiol_low", "side_progesterone_low", "loss_ratio_estradiol_to_progesterone",
    "turnover_estradiol_low", "fsh_when_estradiol_falls", "estrogen_dominance_status",
]

#: The runs of lesson 2.1 (10 years, spine, one hormone lowered at a time).
ESTRADIOL_LOW = "estradiol low (0.3)"
PROGESTERONE_LOW = "progesterone low (0.2)"
TESTOSTERONE_LOW = "testosterone low (0.3)"

SIDE_OPTIONS = ("resorption side (turnover up)", "formation side (turnover about the same)",
                "neither")
FSH_OPTIONS = ("rises", "falls", "stays the same")
TERM_OPTIONS = ("a recognised diagnosis with agreed lab criteria",
                "a contested, non-standard term",
                "a term trials have shown to be false")

#: How far from 1 turnover must move, and how much BMD must be lost, to count.
TURNOVER_MARGIN = 0.05
LOSS_MARGIN = 0.5


def _runs():
    return s2.interplay_runs(years=10, site="spine")


def which_side(result) -> str:
    """Which of SIDE_OPTIONS describes a run: bone lost with turnover up (resorption side),
    bone lost with turnover about the same (formation side), or neither."""
    if result.bmd_change > -LOSS_MARGIN:
        return SIDE_OPTIONS[2]
    if result.turnover[-1] > 1.0 + TURNOVER_MARGIN:
        return SIDE_OPTIONS[0]
    return SIDE_OPTIONS[1]


@answer_key
def side_estradiol_low(answer) -> Feedback:
    """Q1 (uses the model): estradiol lowered to 0.3 for 10 years: which side moves?"""
    expected = which_side(_runs()[ESTRADIOL_LOW])
    return check_choice(
        answer, expected, SIDE_OPTIONS,
        wrong_hints={
            SIDE_OPTIONS[1]: "Look at the turnover column: it is well above 1. Estrogen "
                             "restrains osteoclasts, so without it more sites are dug out.",
            SIDE_OPTIONS[2]: "Look at the BMD change after 10 years: bone is lost.",
            SIDE_OPTIONS[0]: "Check the table again: turnover and the BMD change.",
        })


@answer_key
def side_progesterone_low(answer) -> Feedback:
    """Q2 (uses the model): progesterone lowered to 0.2 for 10 years: which side moves?"""
    expected = which_side(_runs()[PROGESTERONE_LOW])
    return check_choice(
        answer, expected, SIDE_OPTIONS,
        wrong_hints={
            SIDE_OPTIONS[0]: "Look at the turnover column: it barely moves. In the model "
                             "progesterone acts on the osteoblasts, the formation side.",
            SIDE_OPTIONS[2]: "Look at the BMD change after 10 years: bone is lost, slowly.",
            SIDE_OPTIONS[1]: "Check the table again: turnover and the BMD change.",
        })


@answer_key
def loss_ratio_estradiol_to_progesterone(answer) -> Feedback:
    """Q3 (uses the model): how many times more bone does the estradiol-low run lose than the
    progesterone-low run over the 10 years? (loss ratio, a number above 1)"""
    runs = _runs()
    e2, p4 = runs[ESTRADIOL_LOW].bmd_change, runs[PROGESTERONE_LOW].bmd_change
    t = runs[TESTOSTERONE_LOW].bmd_change
    return check_number(
        answer, e2 / p4, decimals=2, name="your ratio",
        hint="Ratio = BMD change with estradiol low / BMD change with progesterone low (both "
             "negative, so the ratio is positive).",
        mistakes=[
            (p4 / e2, "That is below 1: you divided the progesterone run by the estradiol run."),
            (e2 - p4, "That is a difference. 'How many times' asks for a division."),
            (p4 - e2, "That is a difference. 'How many times' asks for a division."),
            (e2 / t, "That uses the testosterone-low run. Divide by the progesterone-low run."),
            *near_miss(e2 / p4, decimals=2),
        ])


@answer_key
def turnover_estradiol_low(answer) -> Feedback:
    """Q4 (uses the model): turnover (relative to reference) at the end of the estradiol-low
    run."""
    r = _runs()[ESTRADIOL_LOW]
    expected = float(r.turnover[-1])
    return check_number(
        answer, expected, decimals=2, name="your turnover",
        hint="Read .turnover[-1] of the estradiol-low run (1.0 = reference woman).",
        mistakes=[
            (100.0 * (expected - 1.0), "That is the percentage increase; give turnover itself "
                                       "(1.0 = reference)."),
            (expected - 1.0, "That is the increase above reference; give turnover itself."),
            (float(_runs()[PROGESTERONE_LOW].turnover[-1]),
             "That is the progesterone-low run. Use the estradiol-low run.", 0.005),
            (r.bmd_change, "That is the BMD change, not turnover."),
            *near_miss(expected, decimals=2),
        ])


@answer_key
def fsh_when_estradiol_falls(answer) -> Feedback:
    """Q5 (the thermostat): as the ovaries make less estradiol across the menopause
    transition, what does the pituitary's FSH do? Negative feedback (textbook physiology): less
    of the gland's hormone, less brake on the pituitary, so FSH rises."""
    return check_choice(
        answer, FSH_OPTIONS[0], FSH_OPTIONS,
        synonyms={"rise": "rises", "up": "rises", "goes up": "rises", "increases": "rises",
                  "increase": "rises", "fall": "falls", "down": "falls", "goes down": "falls",
                  "decreases": "falls", "unchanged": "stays the same"},
        wrong_hints={
            "falls": "In a negative-feedback loop the gland's hormone holds the pituitary "
                     "back. With less estradiol, the brake is weaker: what happens to FSH?",
            "stays the same": "Think of a thermostat: when the room cools, the heating turns "
                              "up. Here estradiol is the temperature and FSH the heating.",
        })


@answer_key
def estrogen_dominance_status(answer) -> Feedback:
    """Q6: what is "estrogen dominance", as the source articles use it?"""
    return check_choice(
        answer, TERM_OPTIONS[1], TERM_OPTIONS,
        wrong_hints={
            TERM_OPTIONS[0]: "Is there an agreed lab definition, a cut-off, a guideline that "
                             "diagnoses it? The lesson says there is none.",
            TERM_OPTIONS[2]: "'Contradicted' is for a claim that trials tested and found "
                             "false. This is a vague label no trial can test as it stands.",
        })
