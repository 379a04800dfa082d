"""Answer key for exercise set 1.5, "Reading a DXA report" (solutions/1.5_reading_dxa.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers are computed with `course_lib.dxa` (WHO cut-offs and the ISCD 2.77 from the
evidence data) or with the model (`course_lib.scenarios`); nothing is copied in as a literal.

The made-up patients' numbers are *practice numbers*, not data. They live once, in
`PRACTICE`, are the default parameters of the checkers, and a notebook shows them with
``p = dxa_reading.practice("scan_pair")`` (then uses ``p.bmd_before`` and so on).
"""

from __future__ import annotations

import math
from typing import Any

from course_lib import dxa, evidence, scenarios
from course_lib.checks.feedback import (
    Feedback,
    answer_key,
    check_bool,
    check_choice,
    check_number,
    check_sequence,
    normalize_label,
)
from course_lib.checks.practice import Practice, practice_namespace

__all__ = [
    "PRACTICE", "practice", "READING_OPTIONS", "z_score_cutoff", "read_premenopausal",
    "classify_t_scores", "t_score_from_bmd", "premenopausal_reading", "lsc_for_precision",
    "percent_change_between_scans", "change_is_real", "model_years_to_detect",
    "model_years_to_detect_expected",
]

#: Practice numbers (made up for the exercises; not measurements of anyone), by question.
PRACTICE: dict[str, dict[str, Any]] = {
    "t_scores": {"t_scores": (0.4, -1.0, -1.7, -2.5, -3.1)},
    "bmd_to_t": {"bmd": 0.82, "young_mean": 1.00, "young_sd": 0.12},
    "premenopausal": {"age": 34, "t_score": -2.6, "z_score": -1.4},
    "precision": {"precision_percent": 1.5},
    "scan_pair": {"bmd_before": 0.912, "bmd_after": 0.885, "precision_g_per_cm2": 0.011},
    "model_monitoring": {"precision_percent": 1.0, "site": "spine"},
}
#: Units of the practice numbers, by name.
UNITS = {"bmd": "g/cm2", "young_mean": "g/cm2", "young_sd": "g/cm2", "bmd_before": "g/cm2",
         "bmd_after": "g/cm2", "precision_percent": "%", "age": "years",
         "precision_g_per_cm2": "g/cm2 (root-mean-square SD)"}

_TS, _BT, _PR = PRACTICE["t_scores"], PRACTICE["bmd_to_t"], PRACTICE["precision"]
_PM = PRACTICE["premenopausal"]
_SP, _MM = PRACTICE["scan_pair"], PRACTICE["model_monitoring"]


def practice(group: str, *, show: bool = True) -> Practice:
    """The practice numbers of one question, e.g. ``p = practice("scan_pair"); p.bmd_after``."""
    return practice_namespace(PRACTICE, UNITS, group, show=show)


# --------------------------------------------------------------------------- helpers

_SYNONYMS = {
    "low bone mass": dxa.OSTEOPENIA,
    "osteopaenia": dxa.OSTEOPENIA,
    "osteopenia (low bone mass)": dxa.OSTEOPENIA,
    "low bone mass (osteopenia)": dxa.OSTEOPENIA,
    "normal bone density": dxa.NORMAL,
}


#: Decimal places each numeric question states and is checked to (the precision policy of
#: docs/design.md: T-scores, LSCs and changes to 1 decimal, as DXA reports print them).
DECIMALS = {"t_score_from_bmd": 1, "lsc_for_precision": 1,
            "percent_change_between_scans": 1, "model_years_to_detect": 1}

#: Evidence id of the ISCD's rule for women before menopause (Z-scores, not T-scores).
ISCD_Z = "iscd_zscore_premenopausal_2005"

#: Question 3's choices: how a premenopausal woman's result is read (the two ISCD Z-score
#: readings, and the WHO T-score categories a student may reach for by mistake).
READING_OPTIONS = ("osteoporosis", "within the expected range for age",
                   "below the expected range for age", dxa.OSTEOPENIA, dxa.NORMAL)
#: Short forms of the two ISCD readings.
READING_SYNONYMS = {"within": READING_OPTIONS[1], "within the expected range": READING_OPTIONS[1],
                    "within expected range": READING_OPTIONS[1],
                    "within the expected range for her age": READING_OPTIONS[1],
                    "below": READING_OPTIONS[2], "below the expected range": READING_OPTIONS[2],
                    "below expected range": READING_OPTIONS[2],
                    "below the expected range for her age": READING_OPTIONS[2]}


def z_score_cutoff() -> float:
    """The ISCD Z-score at or below which BMD is 'below the expected range for age'."""
    return evidence.value(ISCD_Z, "z_below_expected")


def read_premenopausal(z_score: float) -> str:
    """How the ISCD reads a premenopausal woman's result: by her Z-score, not her T-score."""
    return READING_OPTIONS[2] if z_score <= z_score_cutoff() else READING_OPTIONS[1]


# --------------------------------------------------------------------------- questions


@answer_key
def classify_t_scores(answer, t_scores=_TS["t_scores"]) -> Feedback:
    """Q1: the WHO category of each practice T-score, as a list of labels in the same order.

    Accepted labels: 'normal', 'osteopenia' (or 'low bone mass'), 'osteoporosis'.
    """
    expected = [dxa.who_category(t) for t in t_scores]
    cuts = dxa.who_thresholds()
    normal_cut = cuts[dxa.NORMAL][1]
    porosis_cut = cuts[dxa.OSTEOPOROSIS][1]
    rule = (f"Normal: T >= {normal_cut:.1f}; osteopenia: below {normal_cut:.1f} and above "
            f"{porosis_cut:.1f}; osteoporosis: T <= {porosis_cut:.1f}.")
    categories = {normalize_label(c) for c in dxa.CATEGORIES}

    def item_hint(position: int, got: str, want: str) -> str | None:
        """A hint for one wrong label (`got` and `want` are normalised labels)."""
        t = t_scores[position]
        if t == porosis_cut and got == dxa.OSTEOPENIA:
            return (f"{t:.1f} itself counts as osteoporosis: the WHO cut-off is inclusive "
                    f"(T <= {porosis_cut:.1f}).")
        if t == normal_cut and got == dxa.OSTEOPENIA:
            return (f"{t:.1f} is still normal: the WHO normal range includes its edge "
                    f"(T >= {normal_cut:.1f}).")
        if got == normalize_label(dxa.SEVERE_OSTEOPOROSIS):
            return ("'severe osteoporosis' needs a fragility fracture as well; these patients "
                    "have none, so use the T-score alone.")
        if got not in categories:
            return f"{got!r} is not a WHO category; use 'normal', 'osteopenia' or 'osteoporosis'."
        return None

    return check_sequence(answer, expected, name="your list", synonyms=_SYNONYMS,
                          item_hint=item_hint,
                          hint=rule + " A lower (more negative) T-score is worse.")


@answer_key
def t_score_from_bmd(answer, bmd=_BT["bmd"],
                     young_mean=_BT["young_mean"],
                     young_sd=_BT["young_sd"]) -> Feedback:
    """Q2: the T-score of a practice BMD, given the young-adult reference mean and SD."""
    return check_number(
        answer, dxa.t_score(bmd, young_mean, young_sd), decimals=DECIMALS["t_score_from_bmd"],
        name="your T-score",
        hint="T-score = (BMD - young-adult mean) / young-adult SD.",
        mistakes=[
            (bmd - young_mean,
             "That is the difference in g/cm2, not a T-score. Divide the difference from the "
             "young-adult mean by the young-adult SD: a T-score counts standard deviations.",
             0.01),
            (bmd / young_mean,
             "That is a ratio of BMD to the mean, not a T-score. Subtract the young-adult mean "
             "from the BMD, then divide by the SD.", 0.01),
            (young_sd / (bmd - young_mean),
             "That divides the SD by the difference: the wrong way round. Divide the "
             "difference (BMD - young-adult mean) by the young-adult SD.", 0.01),
        ])


@answer_key
def premenopausal_reading(answer, t_score=_PM["t_score"], z_score=_PM["z_score"]) -> Feedback:
    """Q3: how a premenopausal woman's result (practice T- and Z-scores) is read: by the ISCD's
    Z-score rule, not by the WHO T-score categories."""
    cut = z_score_cutoff()
    expected = read_premenopausal(z_score)
    by_t = dxa.who_category(t_score)
    rule = (f"Before menopause the ISCD reads the Z-score, not the T-score: a Z-score of "
            f"{cut:.1f} or lower is 'below the expected range for age'; above {cut:.1f}, "
            "'within the expected range for age'.")
    wrong_by_t = (f"That reads her T-score ({t_score:g}) with the WHO categories, which are for "
                  f"women after menopause. {rule}")
    who_category = ("That is a WHO T-score category; the WHO categories are for women after "
                    f"menopause. {rule}")
    hints = {option: rule for option in READING_OPTIONS[1:3]}
    hints |= {option: wrong_by_t if option == by_t else who_category
              for option in (READING_OPTIONS[0], *READING_OPTIONS[3:])}
    return check_choice(answer, expected, READING_OPTIONS, hint=rule, wrong_hints=hints,
                        synonyms=READING_SYNONYMS | {"low bone mass": dxa.OSTEOPENIA})


@answer_key
def lsc_for_precision(answer,
                      precision_percent=_PR["precision_percent"]) -> Feedback:
    """Q4: the least significant change (%, 95 % confidence) for a practice precision."""
    k = dxa.lsc_multiplier()                                     # 2.77 (ISCD, 95 %)
    z95 = k / math.sqrt(2.0)                                     # 1.96
    expected = dxa.least_significant_change(precision_percent)
    return check_number(
        answer, expected, decimals=DECIMALS["lsc_for_precision"], units="%",
        name="your LSC", hint=f"LSC = {k:.2f} x precision (ISCD rule, 95 % confidence).",
        mistakes=[
            (precision_percent,
             "That is the precision itself. The LSC is larger than the precision: two scans "
             f"each carry their own error. Multiply the precision by {k:.2f}.", 0.001),
            (z95 * precision_percent,
             f"That uses {z95:.2f} alone. A change involves two scans, each with its own "
             f"error, so the multiplier is {z95:.2f} x sqrt(2) = {k:.2f}, not {z95:.2f}.",
             0.005),
            (math.sqrt(2.0) * precision_percent,
             "That uses sqrt(2) alone. sqrt(2) combines the two scans' errors; 95 % "
             f"confidence adds the factor {z95:.2f}: {z95:.2f} x sqrt(2) = {k:.2f}.", 0.005),
            (precision_percent / k,
             f"That divides by {k:.2f}. The LSC is larger than the precision: multiply the "
             f"precision by {k:.2f}.", 0.01),
        ])


@answer_key
def percent_change_between_scans(answer, bmd_before=_SP["bmd_before"],
                                 bmd_after=_SP["bmd_after"]) -> Feedback:
    """Q5: the change from the first to the second practice scan, in % of the first."""
    expected = dxa.percent_change(bmd_before, bmd_after)
    by_second = (bmd_after - bmd_before) / bmd_after * 100.0
    half = 0.5 / 10 ** DECIMALS["percent_change_between_scans"]
    return check_number(
        answer, expected, decimals=DECIMALS["percent_change_between_scans"], units="%",
        name="your change",
        hint="Change (%) = (second - first) / first x 100; a loss is negative.",
        mistakes=[
            (bmd_after - bmd_before,
             "That is the change in g/cm2, not in %. Divide the change by the first scan's "
             "BMD, then multiply by 100.", 0.01),
            ((by_second - half, by_second + half),
             "That divides by the second scan. A change is measured against where it "
             "started: divide by the first (baseline) scan."),
        ])


@answer_key
def change_is_real(answer, bmd_before=_SP["bmd_before"],
                   bmd_after=_SP["bmd_after"],
                   precision_g_per_cm2=_SP["precision_g_per_cm2"]) -> Feedback:
    """Q6: True if the change between the practice scans (g/cm2) equals or exceeds the LSC
    worked out, as the ISCD prefers, from a precision in g/cm2."""
    k = dxa.lsc_multiplier()
    lsc = k * precision_g_per_cm2
    change = abs(bmd_after - bmd_before)
    expected = change >= lsc
    lsc_rule = f"the LSC ({k:.2f} x {precision_g_per_cm2:g} g/cm2)"
    if expected:
        hint = ("The size of the change is at least the LSC, so it counts as a real change. "
                f"Compare the size of the change (ignoring its sign) with {lsc_rule}.")
    elif change >= precision_g_per_cm2:
        hint = ("Compare the change with the LSC, not with the precision: the change is "
                f"larger than the precision but smaller than {lsc_rule}.")
    else:
        hint = f"Compare the size of the change with {lsc_rule}, both in g/cm2."
    return check_bool(answer, expected, hint=hint)


# --------------------------------------------------------------------------- model question


def model_years_to_detect_expected(precision_percent=_MM["precision_percent"],
                                   site=_MM["site"]) -> float:
    """Model output: years from the baseline scan until the loss first reaches the LSC."""
    lsc = dxa.least_significant_change(precision_percent)
    years = scenarios.monitoring_run(site).time_to(100.0 - lsc)
    if years is None:
        raise ValueError(f"the model {site} never reaches the LSC within 20 years")
    return float(years)


def _lesson_values(site: str, precision_percent: float) -> list[tuple]:
    """Known mistakes: the years Lesson 1.5 printed for each site, computed as the lesson does
    (`tables.print_monitoring`: the review's typical precision, printed to 0.1 year), when
    they differ from the question's. The exact value and its printed rounding both match."""
    found = []
    for lesson_site in (site, "hip" if site == "spine" else "spine"):
        lesson_precision = scenarios.typical_precision(lesson_site)
        if lesson_site == site and math.isclose(lesson_precision, precision_percent):
            continue                      # the lesson's figure would then be the answer
        years = scenarios.lsc_crossing(scenarios.monitoring_run(lesson_site),
                                       lesson_precision).years
        if years is None:
            continue
        printed = round(years, 1)
        todo = ("Work out the LSC from that precision." if lesson_site == site else
                f"Run the model with site=\"{site}\" and work out the LSC from that precision.")
        found.append(((min(years, printed) - 0.05, max(years, printed) + 0.005),
                      f"That is the {lesson_site} figure printed in Lesson 1.5, which used the "
                      f"review's typical {lesson_site} precision of {lesson_precision:g} %. "
                      f"This question asks about the {site}, with its own precision "
                      f"p.precision_percent = {precision_percent:g} %. {todo}"))
    return found


@answer_key
def model_years_to_detect(answer, precision_percent=_MM["precision_percent"],
                          site=_MM["site"]) -> Feedback:
    """Q7 (uses the model): after a baseline scan at the end of the model transition, how many
    years of postmenopause until the model's loss first reaches the LSC?"""
    mistakes = []
    used_precision = scenarios.monitoring_run(site).time_to(100.0 - precision_percent)
    if used_precision is not None:
        mistakes.append((used_precision,
                         "That is when the loss reaches the precision. Compare with the LSC, "
                         "not with the precision: use dxa.least_significant_change(precision) "
                         "and r.time_to(100 - lsc).", 0.02))
    other_site = "hip" if site == "spine" else "spine"
    mistakes += _lesson_values(site, precision_percent)
    mistakes.append((model_years_to_detect_expected(precision_percent, other_site),
                     f"That matches the model {other_site}. Run the model with "
                     f"site=\"{site}\".", 0.02))
    expected = model_years_to_detect_expected(precision_percent, site)
    return check_number(
        answer, expected, decimals=DECIMALS["model_years_to_detect"],
        units="years", name="your answer",
        hint="Use scenarios.monitoring_run(), whose BMD is 100 % at the baseline scan, and "
             "r.time_to(100 - lsc).", mistakes=mistakes)
