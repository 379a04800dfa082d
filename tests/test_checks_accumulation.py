"""Answer key of exercise set 1.3 (course_lib.checks.accumulation): right, wrong, empty, junk.

Expected values: hand arithmetic on the practice numbers, the mid-luteal progesterone rule as
its sources state it (UK laboratories: above 30 nmol/L consistent with ovulation, 10 to 30
nmol/L repeat; classic threshold 3 ng/mL; 1 ng/mL = 3.18 nmol/L), and a model run made here.
"""

import json
import re
from pathlib import Path

import pytest
from checkhelpers import answer_blocks_are_self_contained, assert_never_raises, assert_unanswered

from course_lib.checks import Feedback, accumulation
from course_lib.model import simulate
from course_lib.regimens import regimen

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "fundamentals" / "1.3_small_imbalances_add_up.ipynb"

P = accumulation.PRACTICE["steady_deficit"]
STEADY = -3.12                       # -0.03 x 13 x 8 = -0.39 x 8 = -3.12 %
CLASSIC_NMOL = 3 * 3.18              # 9.54 nmol/L
LI = -0.86                           # Li 2014, % per year


@pytest.fixture(scope="module")
def model_rate():
    """The anovulatory woman's average change per year over 4 years, made here by hand."""
    return float(simulate(regimen("anovulatory"), years=4, site="spine").bmd_change) / 4


def questions(model_rate):
    """(checker, right answer, [(typical wrong answer, words its hint must contain), ...])."""
    return [
        (accumulation.steady_deficit_change, STEADY, [
            (-P["deficit_per_cycle_percent"] * P["years"], "cycles in a year"),
            (-P["deficit_per_cycle_percent"] * P["cycles_per_year"], "years"),
            (-P["deficit_per_cycle_percent"] * 12 * P["years"], "not 12"),
            (-STEADY, "sign"),
            (STEADY * 2, "deficit per cycle"),
        ]),
        (accumulation.threshold_in_nmol, CLASSIC_NMOL, [
            (3 / 3.18, "multiply"),
            (30.0, "UK laboratories' cut-off"),
            (30 / 3.18, "other way"),
        ]),
        (accumulation.model_anovulatory_rate, model_rate, [
            (model_rate * 4, "average per year"),
            (-model_rate, "sign"),
            (LI, "Li's published figure"),
            (-LI, "Li's published figure"),
        ]),
    ]


def test_practice_numbers_are_the_ones_the_hand_arithmetic_uses():
    assert P == {"deficit_per_cycle_percent": 0.03, "cycles_per_year": 13, "years": 8}
    assert accumulation.PRACTICE["progesterone_test"]["progesterone_nmol_per_l"] == 22.0


def test_right_answers_are_correct(model_rate):
    for check, right, _ in questions(model_rate):
        fb = check(right)
        assert isinstance(fb, Feedback)
        assert fb.status == "correct", (check.__name__, fb.text)
        assert fb.text.startswith("Correct: ")
    assert accumulation.progesterone_test_reading("repeat the test").status == "correct"


def test_compounding_is_accepted_for_the_steady_deficit():
    cycles = P["cycles_per_year"] * P["years"]
    compounded = 100 * ((1 - P["deficit_per_cycle_percent"] / 100) ** cycles - 1)
    assert accumulation.steady_deficit_change(compounded).status == "correct"


def test_typical_wrong_answers_get_a_specific_hint(model_rate):
    for check, _, wrongs in questions(model_rate):
        for wrong, words in wrongs:
            fb = check(wrong)
            assert fb.status == "incorrect", (check.__name__, wrong, fb.text)
            assert fb.hint and words in fb.hint, (check.__name__, wrong, fb.text)


# --------------------------------------------------------------------------- the progesterone test


@pytest.mark.parametrize("nmol,reading", [
    (45.0, "consistent with ovulation"), (30.5, "consistent with ovulation"),
    (30.0, "repeat the test"),           # "above 30" confirms: 30 itself is repeated
    (22.0, "repeat the test"), (10.0, "repeat the test"),
    (9.0, "below the ovulatory range"), (2.0, "below the ovulatory range"),
])
def test_the_uk_rule_as_published(nmol, reading):
    assert accumulation.read_progesterone(nmol) == reading
    assert accumulation.progesterone_test_reading(reading, nmol).status == "correct"


def test_the_cutoffs_are_read_from_the_evidence_as_published():
    c = accumulation.progesterone_cutoffs()
    assert (c.confirm_above_nmol_per_l, c.repeat_from_nmol_per_l, c.classic_ng_per_ml,
            c.nmol_per_l_per_ng_per_ml) == (30.0, 10.0, 3.0, 3.18)
    with pytest.raises(AttributeError):
        c.classic_ng_per_ml = 5.0                        # frozen
    with pytest.raises(ValueError, match="nmol_per_l must be a level"):
        accumulation.read_progesterone("30")


def test_wrong_readings_explain_the_two_cutoffs():
    fb = accumulation.progesterone_test_reading("consistent with ovulation")
    assert fb.status == "incorrect"
    assert "30 nmol/L" in fb.hint and "3 ng/mL" in fb.hint and "differ" in fb.hint
    fb = accumulation.progesterone_test_reading("below the ovulatory range")
    assert fb.status == "incorrect" and "not below 10 nmol/L" in fb.hint


def test_unanswered_and_junk(model_rate):
    for check, _, _ in questions(model_rate):
        assert_unanswered(check)
        assert_never_raises(check)
    assert_unanswered(accumulation.progesterone_test_reading)
    assert_never_raises(accumulation.progesterone_test_reading)


def test_feedback_text_is_deterministic(model_rate):
    for check, right, wrongs in questions(model_rate):
        assert repr(check(right)) == repr(check(right))
        assert repr(check(wrongs[0][0])) == repr(check(wrongs[0][0]))


def test_practice_numbers_are_printed_as_made_up(capsys):
    p = accumulation.practice("steady_deficit")
    out = capsys.readouterr().out
    assert out.startswith("Practice numbers (made up for this exercise, not data)")
    assert p.deficit_per_cycle_percent == 0.03
    assert "deficit_per_cycle_percent = 0.03 % of the starting bone mass per cycle" in out
    with pytest.raises(ValueError, match="group"):
        accumulation.practice("nope")


def test_no_answer_cell_needs_an_earlier_answer():
    """A student who skips a question must be able to run the next ones: each answer block
    reads only names set outside answer blocks (imports, practice cells) or by itself."""
    assert answer_blocks_are_self_contained(ROOT / "solutions" / "1.3_accumulation.ipynb") == []


# --------------------------------------------------------------------------- the lesson's numbers


def test_lesson_states_the_models_years_1_to_4_as_the_model_gives_them():
    """Lesson 1.3's model-output block gives the range of the anovulatory woman's yearly losses
    in years 1-4; it must be what the model gives now (a recalibration moves it)."""
    r = simulate(regimen("anovulatory"), years=4, site="spine")
    losses = [r.at(t - 1)["bmd_percent"] - r.at(t)["bmd_percent"] for t in (1, 2, 3, 4)]
    text = "\n".join("".join(c["source"]) for c in json.loads(LESSON.read_text())["cells"]
                     if c["cell_type"] == "markdown")
    stated = re.search(r"loses (\d\.\d\d) to (\d\.\d\d) % a year", text)
    assert stated, "the lesson no longer states the model's range"
    assert (float(stated[1]), float(stated[2])) == (round(min(losses), 2), round(max(losses), 2))
    assert max(losses) < 0.86   # the lesson says the model's losses are smaller than Li's
    # "about half of Li's figure of 0.86 in the first two years, and less after that"
    assert "about half of Li's figure" in text
    assert all(0.4 <= x / 0.86 <= 0.6 for x in losses[:2]) and losses[3] < losses[2] < losses[1]


def test_short_forms_of_the_readings_are_understood():
    # 22 nmol/L lies between the UK laboratories' 10 and 30 nmol/L: repeat the test.
    assert accumulation.progesterone_test_reading("repeat").status == "correct"
    assert accumulation.progesterone_test_reading("consistent").status == "incorrect"
