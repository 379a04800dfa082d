"""Answer key of exercise set 2.1 (course_lib.checks.turnover_balance): right, wrong, empty, junk.

Expected model values are recomputed here with `simulate` directly (not through the key or
`scenarios.intermediate`).
"""

import pytest
from checkhelpers import (
    assert_questions_hint_wrongs,
    assert_questions_right,
    assert_questions_survive_junk,
)

from course_lib.checks import turnover_balance as k
from course_lib.model import Hormones, simulate


@pytest.fixture(scope="module")
def runs():
    return {
        "e2": simulate(Hormones(estradiol=0.3), years=10, site="spine"),
        "p4": simulate(Hormones(progesterone=0.2), years=10, site="spine"),
        "t": simulate(Hormones(testosterone=0.3), years=10, site="spine"),
    }


def questions(runs):
    e2, p4, t = runs["e2"].bmd_change, runs["p4"].bmd_change, runs["t"].bmd_change
    return [
        (k.side_estradiol_low, k.SIDE_OPTIONS[0], [(k.SIDE_OPTIONS[1], "turnover")]),
        (k.side_progesterone_low, k.SIDE_OPTIONS[1], [(k.SIDE_OPTIONS[0], "formation side")]),
        (k.loss_ratio_estradiol_to_progesterone, e2 / p4,
         [(p4 / e2, "below 1"), (e2 - p4, "division"), (e2 / t, "testosterone")]),
        (k.turnover_estradiol_low, float(runs["e2"].turnover[-1]),
         [(100 * (runs["e2"].turnover[-1] - 1), "percentage"),
          (float(runs["p4"].turnover[-1]), "progesterone-low")]),
        (k.fsh_when_estradiol_falls, "rises", [("falls", "brake"), ("stays the same",
                                                                    "thermostat")]),
        (k.estrogen_dominance_status, "a contested, non-standard term",
         [(k.TERM_OPTIONS[0], "agreed"), (k.TERM_OPTIONS[2], "trials")]),
    ]


def test_the_model_shows_the_two_sides(runs):
    # Physiology the questions rest on: low estradiol raises turnover and loses bone; low
    # progesterone or testosterone loses bone with turnover about unchanged.
    assert runs["e2"].turnover[-1] > 1.1 and runs["e2"].bmd_change < -1
    for name in ("p4", "t"):
        assert abs(runs[name].turnover[-1] - 1) < 0.05 and runs[name].bmd_change < -0.5


def test_right_answers_are_correct(runs):
    assert_questions_right(questions(runs))


def test_typical_wrong_answers_get_a_specific_hint(runs):
    assert_questions_hint_wrongs(questions(runs))


def test_unanswered_and_junk(runs):
    assert_questions_survive_junk(questions(runs))


def test_choices_ignore_case_and_spacing():
    assert k.fsh_when_estradiol_falls("  RISES ").status == "correct"


def test_fsh_in_other_words():
    assert k.fsh_when_estradiol_falls("goes up").status == "correct"
    assert k.fsh_when_estradiol_falls("decreases").status == "incorrect"
