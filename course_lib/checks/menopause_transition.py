"""Answer key for exercise set 1.4, "The menopause transition"
(solutions/1.4_menopause_transition.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers are computed from `course_lib.evidence` (SWAN, Greendale 2012) or from the
model (`scenarios.transition_results`); none is a copied literal.
"""

from __future__ import annotations

from course_lib import scenarios
from course_lib.checks.feedback import (
    Feedback,
    answer_key,
    check_choice,
    check_number,
)

__all__ = [
    "VERDICT_OPTIONS", "RATIO_CLOSE", "model_changes", "swan_spine_to_neck", "verdict",
    "swan_transition_rate", "swan_transition_share", "model_transition_hip_change",
    "model_spine_to_hip_ratio", "swan_spine_to_neck_ratio", "ratio_verdict",
]

#: Question 6's choices: the model's spine-to-hip ratio of losses against SWAN's.
VERDICT_OPTIONS = ("about the same", "higher", "lower")
#: Everyday words for the three verdicts.
VERDICT_SYNONYMS = {"same": "about the same", "the same": "about the same",
                    "similar": "about the same", "bigger": "higher", "larger": "higher",
                    "greater": "higher", "smaller": "lower", "less": "lower"}
#: Decimal places each numeric question states and is checked to (the precision policy of
#: docs/design.md: about two significant figures, what the inputs support).
DECIMALS = {"swan_transition_rate": 1, "swan_transition_share": 0,
            "model_transition_hip_change": 1, "model_spine_to_hip_ratio": 1,
            "swan_spine_to_neck_ratio": 1}
#: How far apart (relative) the two ratios may be and still count as "about the same".
RATIO_CLOSE = 0.10


def _either_sign(value: float, hint: str) -> list[tuple[float, str]]:
    """One known mistake given with either sign (a loss is often typed as positive)."""
    return [(value, hint), (-value, hint)]


def model_changes() -> dict[str, float]:
    """The model's BMD change (%) over the 3-year transition at each site (model output)."""
    return {site: float(r.bmd_change) for site, r in scenarios.transition_results().items()}


def swan_spine_to_neck() -> float:
    """SWAN's transmenopause loss at the lumbar spine divided by that at the femoral neck."""
    s = scenarios.swan()
    return s.spine_transition / s.neck_transition


def verdict(model_ratio: float, swan_ratio: float) -> str:
    """Which of VERDICT_OPTIONS describes a model ratio next to SWAN's."""
    if abs(model_ratio / swan_ratio - 1.0) <= RATIO_CLOSE:
        return VERDICT_OPTIONS[0]
    return VERDICT_OPTIONS[1] if model_ratio > swan_ratio else VERDICT_OPTIONS[2]


# --------------------------------------------------------------------------- questions


@answer_key
def swan_transition_rate(answer) -> Feedback:
    """Q1: SWAN spine, average change per year across the transmenopause (%/year, negative)."""
    s = scenarios.swan()
    expected = -s.spine_transition / s.window_years
    ten_year = "That uses the 10-year figure. Use the loss during the transmenopause, not the " \
               "10-year total."
    return check_number(
        answer, expected, decimals=DECIMALS["swan_transition_rate"], units="%/year",
        name="your rate",
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
    """Q2: what share (%) of SWAN's 10-year spine loss happened in the 3-year transmenopause."""
    s = scenarios.swan()
    expected = 100.0 * s.spine_transition / s.spine_10y
    return check_number(
        answer, expected, decimals=DECIMALS["swan_transition_share"], units="%",
        name="your share", hint="Share = transmenopause loss / 10-year loss x 100.",
        mistakes=[
            (100.0 * s.spine_10y / s.spine_transition,
             "More than 100 %: that divides the whole by the part. Share = part / whole x "
             "100: the transmenopause loss divided by the 10-year loss."),
            (100.0 * s.window_years / 10.0,
             "That is the share of the *time*, not of the loss. Divide the losses, not the "
             "years.", 0.001),
            (100.0 * (s.spine_10y - s.spine_transition) / s.spine_10y,
             "That is the share lost *outside* the three transmenopause years. The question "
             "asks for the share inside them: transmenopause loss / 10-year loss x 100."),
        ])


@answer_key
def model_transition_hip_change(answer) -> Feedback:
    """Q3 (uses the model): the model hip's BMD change (%) over the 3-year transition. (The
    spine was calibrated to SWAN's figure, so asking for it would test nothing.)"""
    changes = model_changes()
    swan_neck = ("That is SWAN's published femoral neck figure, not the model's. Run the model "
                 "and read its .bmd_change: the question asks what the model does.")
    return check_number(
        answer, changes["hip"], decimals=DECIMALS["model_transition_hip_change"], units="%",
        name="your model change",
        hint="Run history([(\"menopause_transition\", 3)], site=\"hip\") and read its "
             ".bmd_change (the model output, not the SWAN figure).",
        mistakes=[
            (changes["spine"], "That matches the model spine. Run history with site=\"hip\"."),
            (-changes["hip"], "Check the sign: the model hip lost bone, so its change is "
                              "negative."),
            *_either_sign(scenarios.swan().neck_transition, swan_neck),
            (100.0 + changes["hip"],
             "That is her BMD at the end, in % of her start. The change is that minus 100 "
             "(.bmd_change gives it directly)."),
        ])


@answer_key
def model_spine_to_hip_ratio(answer) -> Feedback:
    """Q4 (uses the model): how many times bigger is the model spine's loss over the 3-year
    transition than the model hip's? The ratio spine change / hip change."""
    changes = model_changes()
    expected = changes["spine"] / changes["hip"]
    difference = "That is a difference, not a ratio. 'How many times' asks for a division: " \
                 "spine loss / hip loss."
    return check_number(
        answer, expected, decimals=DECIMALS["model_spine_to_hip_ratio"], name="your ratio",
        hint="Ratio = spine change / hip change, from two model runs.",
        mistakes=[
            (changes["hip"] / changes["spine"],
             "That is below 1: it divides hip by spine. Divide the spine's loss by the hip's "
             "loss."),
            *_either_sign(changes["spine"] - changes["hip"], difference),
        ])


@answer_key
def swan_spine_to_neck_ratio(answer) -> Feedback:
    """Q5: SWAN's spine-to-femoral-neck ratio of transmenopause losses (7.38 / 5.8)."""
    s = scenarios.swan()
    changes = model_changes()
    return check_number(
        answer, swan_spine_to_neck(), decimals=DECIMALS["swan_spine_to_neck_ratio"],
        name="your ratio",
        hint="Ratio = SWAN's lumbar spine loss / SWAN's femoral neck loss, both over the "
             "transmenopause.",
        mistakes=[
            (s.neck_transition / s.spine_transition,
             "That is below 1: it divides the femoral neck by the spine. Divide the spine's "
             "loss by the femoral neck's."),
            (s.spine_10y / s.neck_10y,
             "That uses the 10-year figures. Use the transmenopause losses, the same window "
             "as the model's 3 years."),
            (changes["spine"] / changes["hip"],
             "That is the model's ratio (question 4). Here, use SWAN's published losses."),
            *_either_sign(s.spine_transition - s.neck_transition,
                          "That is a difference, not a ratio: divide the spine's loss by the "
                          "femoral neck's."),
        ])


@answer_key
def ratio_verdict(answer) -> Feedback:
    """Q6: the verdict of the check: is the model's spine-to-hip ratio about the same as
    SWAN's (within RATIO_CLOSE), higher, or lower? Decided from the two ratios."""
    changes = model_changes()
    model_ratio = changes["spine"] / changes["hip"]
    swan_ratio = swan_spine_to_neck()
    expected = verdict(model_ratio, swan_ratio)
    band = f"{1 - RATIO_CLOSE:.1f} to {1 + RATIO_CLOSE:.1f}"
    compare = ("Take your ratio from Q4 (the model's) and from Q5 (SWAN's), or the numbers "
               "their check cells printed, and divide the model's by SWAN's.")
    return check_choice(
        answer, expected, VERDICT_OPTIONS, hint=compare, synonyms=VERDICT_SYNONYMS,
        correct_note=_VERDICT_NOTES[expected],
        wrong_hints={
            VERDICT_OPTIONS[0]: f"{compare} 'About the same' means that result lies within "
                                f"{100 * RATIO_CLOSE:.0f} % of 1 ({band}). Does it?",
            VERDICT_OPTIONS[1]: f"{compare} 'Higher' means the result is above "
                                f"{1 + RATIO_CLOSE:.1f}. Is it?",
            VERDICT_OPTIONS[2]: f"{compare} 'Lower' means the result is below "
                                f"{1 - RATIO_CLOSE:.1f}. Which of the two ratios is bigger?",
        })


#: What each verdict means, shown only once it is given (Q6's Correct message): said in the
#: notebook or a hint, it would give the verdict away.
_VERDICT_NOTES = {
    VERDICT_OPTIONS[0]: "The model splits the transition's loss between spine and hip as SWAN "
                        "does, a check its calibration did not force.",
    VERDICT_OPTIONS[1]: "A higher ratio means that, next to its own spine, the model's hip "
                        "loses too little bone over the transition. Two things may explain it: "
                        "the model's hip turnover was not fitted to any data (it was set at "
                        "about a third of the spine's), and the model's hip stands for the "
                        "total hip while SWAN measured the femoral neck, a different part of "
                        "the hip. The check does not say which.",
    VERDICT_OPTIONS[2]: "A lower ratio means that, next to its own spine, the model's hip "
                        "loses too much bone over the transition. The model's hip turnover was "
                        "not fitted to any data, and its hip stands for the total hip while "
                        "SWAN measured the femoral neck; the check does not say which matters.",
}
