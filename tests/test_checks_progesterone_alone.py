"""Answer key of exercise set 2.4 (course_lib.checks.progesterone_alone): right, wrong, empty,
junk. Model values are recomputed here with `simulate_history`; the trial figure is the
Seifert-Klauss & Prior 2010 Table 3 pooled row as published (-1.2 vs -1.0 %/year)."""

import pytest
from checkhelpers import (
    assert_questions_hint_wrongs,
    assert_questions_right,
    assert_questions_survive_junk,
)

from course_lib.checks import progesterone_alone as k
from course_lib.regimens import history as simulate_history

EARLY = [("menopause_transition", 3)]
LATE = [("menopause_transition", 3), ("postmenopause", 10)]


def change(history, name):
    before = simulate_history(history)
    return simulate_history([(name, 3)], start=before.final).bmd_change


@pytest.fixture(scope="module")
def early():
    names = ("postmenopause", "progesterone_alone", "estrogen",
             "estrogen_micronized_progesterone")
    c = {n: change(EARLY, n) for n in names}
    c["alone"] = (c["progesterone_alone"] - c["postmenopause"]) / 3
    c["with_e2"] = (c["estrogen_micronized_progesterone"] - c["estrogen"]) / 3
    return c


def questions(e):
    return [
        (k.p_alone_effect_early, e["alone"], [(3 * e["alone"], "3 years"),
                                              (-e["alone"], "order")]),
        (k.p_with_estradiol_effect_early, e["with_e2"], [(e["alone"], "without estradiol")]),
        (k.estradiol_multiplies_progesterone, e["with_e2"] / e["alone"],
         [(e["alone"] / e["with_e2"], "below 1")]),
        (k.p_alone_stops_loss_early, e["progesterone_alone"] >= 0, [(True, "below zero")]),
        (k.trials_pooled_difference, -1.2 - -1.0, [(0.2, "order"), (-1.2, "placebo")]),
        (k.why_loss_slows_late, k.WHY_OPTIONS[1], [(k.WHY_OPTIONS[0], "near 1"),
                                                   (k.WHY_OPTIONS[2], "raises")]),
    ]


def test_the_model_shows_what_the_lesson_says(early):
    # Progesterone alone helps a little but does not stop the early loss; with estradiol it
    # adds more (PR expression rises with estradiol in the model); turnover stays high late.
    assert 0 < early["alone"] < early["with_e2"]
    assert early["progesterone_alone"] < 0
    late = simulate_history(LATE)
    assert late.turnover[-1] > 1.2


def test_right_answers_are_correct(early):
    assert_questions_right(questions(early))


def test_typical_wrong_answers_get_a_specific_hint(early):
    assert_questions_hint_wrongs(questions(early))


def test_unanswered_and_junk(early):
    assert_questions_survive_junk(questions(early))
