"""Answer key of exercise set 1.4 (course_lib.checks.menopause_transition): right, wrong,
empty, junk. Expected values: hand arithmetic on SWAN as published, or model runs made here the
way a student makes them."""

import json
from pathlib import Path

import pytest
from checkhelpers import answer_blocks_are_self_contained, assert_never_raises, assert_unanswered

from course_lib.checks import Feedback
from course_lib.checks import menopause_transition as key
from course_lib.regimens import history

ROOT = Path(__file__).resolve().parents[1]

# SWAN as published (Greendale 2012): 7.38 % spine and 5.8 % femoral neck in the 3-year
# transmenopause; 10.6 % spine over the 10-year window.
SWAN_RATE = -7.38 / 3
SWAN_SHARE = 7.38 / 10.6 * 100
SWAN_RATIO = 7.38 / 5.8              # 1.272


@pytest.fixture(scope="module")
def model():
    spine = history([("menopause_transition", 3)], site="spine").bmd_change
    hip = history([("menopause_transition", 3)], site="hip").bmd_change
    return {"spine": float(spine), "hip": float(hip)}


def questions(model):
    """(checker, right answer, [(typical wrong answer, words its hint must contain), ...])."""
    ratio = model["spine"] / model["hip"]
    return [
        (key.swan_transition_rate, SWAN_RATE, [
            (-7.38, "divide"),
            (-7.38 / 2, "3 years in all"),
            (-10.6 / 10, "10-year"),
            (-5.8 / 3, "lumbar spine"),
            (-SWAN_RATE, "sign"),
        ]),
        (key.swan_transition_share, SWAN_SHARE, [
            (10.6 / 7.38 * 100, "part / whole"),
            (30.0, "losses, not the years"),
            (SWAN_SHARE / 100, "fraction"),
            (100 - SWAN_SHARE, "outside"),
        ]),
        (key.model_transition_hip_change, model["hip"], [
            (model["spine"], "site=\"hip\""),
            (model["hip"] * 1.5, "bmd_change"),
            (-5.8, "SWAN's published femoral neck figure"),
            (5.8, "SWAN's published femoral neck figure"),
            (-model["hip"], "sign"),
            (100 + model["hip"], "minus 100"),
        ]),
        (key.model_spine_to_hip_ratio, ratio, [
            (1 / ratio, "Divide the spine"),
            (model["spine"] - model["hip"], "division"),
            (ratio * 1.5, "Ratio"),
        ]),
        (key.swan_spine_to_neck_ratio, SWAN_RATIO, [
            (5.8 / 7.38, "divides the femoral neck by the spine"),
            (10.6 / 9.1, "10-year"),
            (ratio, "model's ratio"),
            (7.38 - 5.8, "difference"),
        ]),
    ]


def _verdict(model):
    """The verdict by hand: the two ratios within 10 % of each other, or which is higher."""
    ratio = model["spine"] / model["hip"]
    if abs(ratio / SWAN_RATIO - 1) <= 0.10:
        return "about the same"
    return "higher" if ratio > SWAN_RATIO else "lower"


def test_the_model_transition_is_what_the_questions_assume(model):
    # Spine loss inside the calibration band of the spec (SWAN 7.4 %, accept 5.5-9.5 %),
    # and the spine loses more than the hip (so the ratio question has a ratio above 1).
    assert -9.5 <= model["spine"] <= -5.5
    assert model["spine"] < model["hip"] < 0


def test_right_answers_are_correct(model):
    for check, right, _ in questions(model):
        fb = check(right)
        assert isinstance(fb, Feedback)
        assert fb.status == "correct", (check.__name__, fb.text)
        assert fb.text.startswith("Correct: ")
    assert key.ratio_verdict(_verdict(model)).status == "correct"


def test_typical_wrong_answers_get_a_specific_hint(model):
    for check, _, wrongs in questions(model):
        for wrong, words in wrongs:
            fb = check(wrong)
            assert fb.status == "incorrect", (check.__name__, wrong, fb.text)
            assert fb.hint and words in fb.hint, (check.__name__, wrong, fb.text)


def test_wrong_verdicts_guide_without_giving_the_ratios_away(model):
    """The hints point to Q4/Q5 and the 10 % rule, never print the two ratios; what the
    verdict means is said only once it is given (the Correct message), not in the notebook."""
    right = _verdict(model)
    for option in key.VERDICT_OPTIONS:
        if option == right:
            continue
        fb = key.ratio_verdict(option)
        assert fb.status == "incorrect", fb.text
        assert "Q4" in fb.hint and "Q5" in fb.hint
        for ratio in (model['spine'] / model['hip'], SWAN_RATIO):
            for shown in (f"{ratio:.2f}", f"{ratio:.1f}"):
                assert shown not in fb.text, fb.text
    fb = key.ratio_verdict(right)
    assert fb.ok and "ratio means" in fb.message
    cells = json.loads((ROOT / "exercises" / "1.4_menopause_transition.ipynb").read_text())
    markdown = "".join("".join(c["source"]) for c in cells["cells"]
                       if c["cell_type"] == "markdown")
    assert "ratio means that" not in markdown


@pytest.mark.parametrize("model_ratio,swan_ratio,expected", [
    (1.27, 1.27, "about the same"), (1.39, 1.27, "about the same"),
    (1.66, 1.27, "higher"), (1.0, 1.27, "lower"), (1.15, 1.27, "about the same"),
])
def test_verdict_rule(model_ratio, swan_ratio, expected):
    assert key.verdict(model_ratio, swan_ratio) == expected


def test_unanswered_and_junk(model):
    for check, _, _ in questions(model):
        assert_unanswered(check)
        assert_never_raises(check)
    assert_unanswered(key.ratio_verdict)
    assert_never_raises(key.ratio_verdict)


def test_feedback_text_is_deterministic(model):
    for check, right, wrongs in questions(model):
        assert repr(check(right)) == repr(check(right))
        assert repr(check(wrongs[0][0])) == repr(check(wrongs[0][0]))


def test_no_answer_cell_needs_an_earlier_answer():
    path = ROOT / "solutions" / "1.4_menopause_transition.ipynb"
    assert answer_blocks_are_self_contained(path) == []


def test_answers_rounded_as_the_question_asks_are_right(model):
    # 7.38 / 3 = 2.46 -> -2.5, 7.38 / 5.8 = 1.27 -> 1.3 (Greendale 2012), the model hip -3.05
    # -> -3.0, the model ratio 2.22 -> 2.2, the share 69.6 -> 70: each question asks for
    # that precision, and any correct rounding to it is accepted.
    for check, value in ((key.swan_transition_rate, -7.38 / 3),
                         (key.swan_spine_to_neck_ratio, SWAN_RATIO),
                         (key.model_transition_hip_change, model["hip"]),
                         (key.model_spine_to_hip_ratio, model["spine"] / model["hip"])):
        assert check(round(value, 1)).ok, check.__name__
        assert check(round(value, 2)).ok, check.__name__
    assert key.swan_transition_share(round(100 * 7.38 / 10.6)).ok


def test_a_right_method_rounded_too_far_is_told_so(model):
    # fewer decimals than asked (1 decimal place): the hint says so instead of the method
    for check, rounded in ((key.swan_transition_rate, -2), (key.model_transition_hip_change, -3.2),
                           (key.model_spine_to_hip_ratio, 2.0)):
        fb = check(rounded)
        assert fb.status == "incorrect" and "1 decimal place" in fb.hint, (check.__name__,
                                                                           fb.text)


def test_everyday_words_for_the_verdict_are_understood(model):
    right = _verdict(model)
    words = {"about the same": "similar", "higher": "bigger", "lower": "smaller"}
    assert key.ratio_verdict(words[right]).status == "correct"
