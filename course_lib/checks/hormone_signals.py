"""Answer key for exercise set 1.2, "Hormone signals" (solutions/1.2_hormone_signals.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers are computed from the model (course_lib.model, course_lib.regimens) or from
`course_lib.evidence`; none is a copied literal. The practice input (a lower estradiol level,
made up for the exercise, not a measured level) lives once, in `PRACTICE`.
"""

from __future__ import annotations

from typing import Any

from course_lib import evidence, scenarios
from course_lib.checks.feedback import (
    Feedback,
    answer_key,
    check_bool,
    check_choice,
    check_number,
)
from course_lib.checks.practice import Practice, practice_namespace

__all__ = [
    "PRACTICE", "UNITS", "practice", "TURNOVER_OPTIONS", "PATTERN_OPTIONS", "CELL_OPTIONS",
    "LABEL_OPTIONS", "LEONETTI", "CONSENSUS", "low_estradiol_run", "anovulatory_run",
    "turnover_direction", "pattern",
    "predict_turnover_low_estradiol", "turnover_low_estradiol", "bmd_change_low_estradiol",
    "anovulatory_pattern", "estrogen_target_cell", "cream_label", "testosterone_consensus_bone",
]

#: Practice input (made up for the exercises; not data): a lower estradiol level, held for
#: `years` at `site`. Levels are relative to the reference woman (1.0).
PRACTICE: dict[str, dict[str, Any]] = {
    "lower_estradiol": {"estradiol": 0.5, "years": 5, "site": "spine"},
}
UNITS = {"estradiol": "(relative level; 1.0 = reference woman)", "years": "years",
         "site": ""}
_LOW = PRACTICE["lower_estradiol"]

#: How far from 1 (reference) turnover must move to count as "higher" or "lower".
TURNOVER_MARGIN = 0.02
#: How much BMD (percentage points) must be lost to count as "bone lost".
LOSS_MARGIN = 0.5

TURNOVER_OPTIONS = ("higher", "lower", "unchanged")
#: Everyday words for the three turnover options.
TURNOVER_SYNONYMS = {
    **{w: "higher" for w in ("up", "goes up", "increase", "increases", "increased", "rises")},
    **{w: "lower" for w in ("down", "goes down", "decrease", "decreases", "decreased", "falls")},
    **{w: "unchanged" for w in ("same", "the same", "stays the same", "no change",
                                "unchanging")},
}
PATTERN_OPTIONS = (
    "turnover up, bone lost",
    "turnover about the same, bone lost",
    "turnover up, no bone lost",
    "no change",
)
CELL_OPTIONS = ("osteoclasts", "osteoblasts", "osteocytes")
LABEL_OPTIONS = ("established", "supported", "hypothesis", "contradicted")

#: Decimal places each numeric question states and is checked to (the precision policy of
#: docs/design.md: about two significant figures, what the inputs support).
DECIMALS = {"turnover_low_estradiol": 1, "bmd_change_low_estradiol": 1}

LEONETTI = "leonetti1999_progesterone_cream"
CONSENSUS = "testosterone_global_consensus_2019"


def practice(group: str, *, show: bool = True) -> Practice:
    """The practice input of one question, e.g. ``p = practice("lower_estradiol")``."""
    return practice_namespace(PRACTICE, UNITS, group, show=show)


# --------------------------------------------------------------------------- model runs


def low_estradiol_run(estradiol: float = _LOW["estradiol"], years: float = _LOW["years"],
                      site: str = _LOW["site"]):
    """The practice run: a lower estradiol, everything else at reference (model output)."""
    return scenarios.estradiol_run(estradiol, years, site)


def anovulatory_run(years: float = _LOW["years"], site: str = _LOW["site"]):
    """The 'anovulatory' regimen over the practice years (model output)."""
    return scenarios.regimen_run("anovulatory", years, site)


def turnover_direction(result) -> str:
    """'higher', 'lower' or 'unchanged': turnover at the end of a run against reference 1."""
    t = float(result.turnover[-1])
    if t > 1.0 + TURNOVER_MARGIN:
        return "higher"
    if t < 1.0 - TURNOVER_MARGIN:
        return "lower"
    return "unchanged"


def pattern(result) -> str:
    """Which of PATTERN_OPTIONS describes a run (turnover at its end, BMD change over it)."""
    up = turnover_direction(result) == "higher"
    lost = result.bmd_change < -LOSS_MARGIN
    if up:
        return PATTERN_OPTIONS[0] if lost else PATTERN_OPTIONS[2]
    if lost:
        return PATTERN_OPTIONS[1]
    return PATTERN_OPTIONS[3]


# --------------------------------------------------------------------------- questions


@answer_key
def predict_turnover_low_estradiol(answer) -> Feedback:
    """Q1 (prediction, checked against the model): with estradiol lowered to the practice level
    for the practice years, is turnover 'higher', 'lower' or 'unchanged'?"""
    expected = turnover_direction(low_estradiol_run())
    return check_choice(
        answer, expected, TURNOVER_OPTIONS, synonyms=TURNOVER_SYNONYMS,
        wrong_hints={
            "lower": "Estrogen holds back the osteoclasts that open new remodeling sites. With "
                     "less estrogen, do more sites open, or fewer?",
            "unchanged": "Estrogen holds back the osteoclasts that open new remodeling sites, "
                         "so lowering it changes how many sites open. Which way? Try it in "
                         "the explorer.",
            "higher": "Estrogen holds back osteoclasts: with less of it, more remodeling sites "
                      "open. Check the model again.",
        })


@answer_key
def turnover_low_estradiol(answer) -> Feedback:
    """Q2 (uses the model): turnover (relative to reference) at the end of the practice run."""
    r = low_estradiol_run()
    expected = float(r.turnover[-1])
    return check_number(
        answer, expected, decimals=DECIMALS["turnover_low_estradiol"], name="your turnover",
        hint=f"Read r.turnover[-1] from the run r = simulate(Hormones(estradiol="
             f"{_LOW['estradiol']}), years={_LOW['years']}, site='{_LOW['site']}') that the "
             "cell above question 2 makes (run that cell first).",
        mistakes=[
            (1.0, "1.0 is the reference woman's turnover. Read it from the lower-estradiol "
                  f"run r (estradiol {_LOW['estradiol']}).", 0.005),
            (100.0 * (expected - 1.0),
             "That is the percentage increase. Give turnover itself, relative to reference "
             "(1.0 = reference)."),
            (expected - 1.0,
             "That is the increase above reference. Give turnover itself (1.0 = reference)."),
            (float(r.bmd_percent[-1]),
             "That is BMD (% of start), not turnover. Read r.turnover[-1].", 0.01),
            (float(r.bmd_change),
             "That is the BMD change (question 3), not turnover. Read r.turnover[-1].", 0.01),
        ])


@answer_key
def bmd_change_low_estradiol(answer) -> Feedback:
    """Q3 (uses the model): BMD change (percentage points, negative = loss) over the run.

    The exercise makes the run `r` in a given cell, so this question depends on no earlier
    answer."""
    r = low_estradiol_run()
    expected = r.bmd_change
    other = "hip" if _LOW["site"] == "spine" else "spine"
    return check_number(
        answer, expected, decimals=DECIMALS["bmd_change_low_estradiol"], units="%",
        name="your change",
        hint="Read r.bmd_change from the run r that the cell above question 2 makes (run "
             "that cell first). It is BMD at the end minus 100 %.",
        mistakes=[
            (-expected, "Check the sign: the model loses bone here, so the change is "
                        "negative."),
            (float(r.bmd_percent[-1]),
             "That is BMD as a % of its starting value. The change is that minus 100.", 0.005),
            (low_estradiol_run(site=other).bmd_change,
             f"That is the {other}. Use site='{_LOW['site']}'.", 0.01),
            (float(r.turnover[-1]),
             "That is the turnover (question 2). Here, give the BMD change: r.bmd_change.",
             0.005),
            (anovulatory_run().bmd_change,
             "That is the 'anovulatory' run. Use the lower-estradiol run r.", 0.01),
        ])


@answer_key
def anovulatory_pattern(answer) -> Feedback:
    """Q4 (uses the model): which pattern describes the 'anovulatory' regimen over the
    practice years? Turnover and balance are different things."""
    expected = pattern(anovulatory_run())
    return check_choice(
        answer, expected, PATTERN_OPTIONS,
        wrong_hints={
            PATTERN_OPTIONS[0]: "Look at the run's turnover again. In the model (an assumption "
                                "built into it), low luteal progesterone acts on the formation "
                                "side, not on the osteoclasts that set the pace.",
            PATTERN_OPTIONS[1]: "Compare the run's turnover with 1.0 and its BMD change with 0.",
            PATTERN_OPTIONS[2]: "Look at the BMD change again: is it near 0?",
            PATTERN_OPTIONS[3]: "Look at the BMD change after the whole run, not just the "
                                "first months.",
        })


@answer_key
def estrogen_target_cell(answer) -> Feedback:
    """Q5: which cells does estrogen mainly restrain? (textbook physiology: osteoclasts)"""
    return check_choice(
        answer, "osteoclasts", CELL_OPTIONS,
        wrong_hints={
            "osteoblasts": "Osteoblasts build bone. Estrogen's best-established action is on "
                           "the cells that remove it.",
            "osteocytes": "Osteocytes sense load and signal to other cells. Which cells "
                          "remove bone?",
        })


@answer_key
def cream_label(answer) -> Feedback:
    """Q6: the evidence label for 'progesterone cream protects bone after menopause'
    (Leonetti 1999, a randomised trial that found no protective effect on BMD)."""
    expected = "supported" if evidence.finding(LEONETTI, "protects_bone") else "contradicted"
    return check_choice(
        answer, expected, LABEL_OPTIONS,
        wrong_hints={
            "established": "'Established' needs consistent trials showing protection. Did the "
                           "randomised trial find any?",
            "supported": "A randomised trial tested exactly this claim. What did it find?",
            "hypothesis": "It is more than untested: a randomised trial tested it. What did "
                          "it find?",
            "contradicted": "Re-read the trial result in the lesson.",
        })


@answer_key
def testosterone_consensus_bone(answer) -> Feedback:
    """Q7: True/False: 'the 2019 Global Consensus endorses testosterone therapy to protect
    women's bones'. The answer is the consensus's finding, as the evidence data records it."""
    endorses = evidence.finding(CONSENSUS, "supports_use_for_disease_prevention")
    return check_bool(
        answer, endorses,
        hint="The consensus found one evidence-based use of testosterone in women (low sexual "
             "desire causing distress, HSDD) and not enough data for disease prevention, "
             f"which includes bone ({evidence.cite(CONSENSUS)}).")
