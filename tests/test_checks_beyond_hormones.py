"""Answer key of exercise set 2.6 (course_lib.checks.beyond_hormones): right, wrong, empty,
junk. Published figures as printed: Bolland 2015 total fracture RR 0.89; WHI CaD hip HR 0.88
(0.72-1.08); Vestergaard 2007 hip Z +0.27 with hip RR 1.38."""

import pytest
from checkhelpers import (
    assert_questions_hint_wrongs,
    assert_questions_right,
    assert_questions_survive_junk,
)

from course_lib.checks import beyond_hormones as k
from course_lib.model import Hormones, simulate


@pytest.fixture(scope="module")
def inflamed():
    return simulate(Hormones(inflammation=1.0), years=10, site="spine").bmd_change


def questions(inflamed):
    return [
        (k.diabetes_bmd_paradox, k.DIABETES_OPTIONS[0], [(k.DIABETES_OPTIONS[1], "above 1"),
                                                         (k.DIABETES_OPTIONS[2], "sign")]),
        (k.calcium_relative_reduction, 11.0, [(89.0, "Subtract"), (0.11, "percentage")]),
        (k.whi_cad_hip_significant, False, [(True, "include 1")]),
        (k.inflammation_model_change, inflamed, [(-inflamed, "sign"),
                                                 (100 + inflamed, "subtract 100")]),
        (k.depression_study_shows, k.CAUSE_OPTIONS[1], [(k.CAUSE_OPTIONS[0], "which came "
                                                                             "first")]),
    ]


def test_inflammation_loses_bone_in_the_model(inflamed):
    assert inflamed < -1


def test_right_answers_are_correct(inflamed):
    assert_questions_right(questions(inflamed))


def test_typical_wrong_answers_get_a_specific_hint(inflamed):
    assert_questions_hint_wrongs(questions(inflamed))


def test_unanswered_and_junk(inflamed):
    assert_questions_survive_junk(questions(inflamed))
