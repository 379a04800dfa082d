"""Answer key of exercise set 3.2 (course_lib.checks.endocrine_axes).

Expected values are computed independently of the key: the loop solved by hand or by scipy
(brentq on the steady-state equation written out here), time courses read the way a student
reads them, and bone runs made here from the axis levels.
"""

import numpy as np
import pytest
from checkhelpers import assert_incorrect_with_hint, assert_never_raises, assert_unanswered
from scipy.optimize import brentq

from course_lib import axes
from course_lib.checks import endocrine_axes as key
from course_lib.model import Hormones, simulate

ALL_QUESTIONS = [
    key.set_point_t4, key.loop_gain_hpa, key.cut_feedback_cortisol, key.lab_tsh_t4,
    key.lab_acth_cortisol, key.lab_fsh_estradiol, key.acth_at_end_of_course,
    key.days_to_recover, key.chronic_stress_bmd, key.thyroid_turnover,
]


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=lambda f: f.__name__)
def test_unanswered_and_junk(question):
    assert_unanswered(question)
    assert_never_raises(question)


def test_there_are_at_least_eight_questions():
    assert len(ALL_QUESTIONS) >= 8


def test_practice_is_labelled(capsys):
    key.practice("course")
    assert "made up" in capsys.readouterr().out


def hpt_pituitary(t4):
    """TSH as a function of T4 from the documented loop (hpt: kH = 1, kP = 3, m = 2)."""
    return 2 * 4 / ((1 + t4 ** 2) * (1 + 3 * t4 ** 2))


def test_set_point_by_brentq_on_paper():
    k = axes.PARAMETERS["hpt"]
    assert (k.k_hypothalamus, k.k_pituitary, k.exponent) == (1.0, 3.0, 2.0)
    t4 = brentq(lambda g: g - 0.5 * hpt_pituitary(g), 0.0, 2.0, xtol=1e-14)
    assert key.set_point_t4(t4).status == "correct"
    assert key.set_point_t4(round(t4, 3)).status == "correct"
    assert_incorrect_with_hint(key.set_point_t4(0.5), "open loop")
    assert_incorrect_with_hint(key.set_point_t4(hpt_pituitary(t4)), "TSH")
    assert_incorrect_with_hint(key.set_point_t4(1.0))


def test_loop_gain_from_two_steady_states_and_by_hand():
    # hpa: kH = 1, kP = 2, m = 1: gain = 1/2 + 2/3 (the small-change limit)
    hand = 0.5 + 2 / 3
    cortisol = brentq(lambda g: g - 0.99 * 6 / ((1 + g) * (1 + 2 * g)), 0.0, 2.0, xtol=1e-14)
    estimate = 0.01 / (1 - cortisol) - 1
    assert estimate == pytest.approx(hand, rel=0.01)
    assert key.loop_gain_hpa(estimate).status == "correct"
    assert key.loop_gain_hpa(hand).status == "correct"
    assert_incorrect_with_hint(key.loop_gain_hpa(estimate + 1), "Subtract 1")
    assert_incorrect_with_hint(key.loop_gain_hpa(1 - cortisol), "closed-loop fall")
    assert_incorrect_with_hint(key.loop_gain_hpa(1 / (1 + estimate)), "inverse")


def test_cut_feedback_by_hand():
    # (1 + kH)(1 + kP) = 2 * 3 = 6, times gland capacity 1
    assert key.cut_feedback_cortisol(6.0).status == "correct"
    assert_incorrect_with_hint(key.cut_feedback_cortisol(1.0), "cut")
    assert_incorrect_with_hint(key.cut_feedback_cortisol(3.0), "1 + kH")
    assert_incorrect_with_hint(key.cut_feedback_cortisol(2.0), "1 + kP")


@pytest.mark.parametrize("question,right", [
    (key.lab_tsh_t4, "gland"),                          # primary hypothyroidism
    (key.lab_acth_cortisol, "hypothalamus or pituitary"),   # central adrenal insufficiency
    (key.lab_fsh_estradiol, "gland"),                   # ovarian failure (menopause)
])
def test_lab_patterns_textbook(question, right):
    assert question(right).status == "correct"
    assert question(right.upper()).status == "correct"
    for wrong in key.SITE_OPTIONS:
        if wrong != right:
            assert_incorrect_with_hint(question(wrong))
    assert question("kidney").status == "invalid"


@pytest.mark.parametrize("question,own_gland,other_gland", [
    (key.lab_tsh_t4, "thyroid", "ovary"),
    (key.lab_acth_cortisol, "adrenal", "thyroid"),
    (key.lab_fsh_estradiol, "ovaries", "adrenal"),
])
def test_lab_sites_in_a_students_own_words(question, own_gland, other_gland):
    """The gland by its own name counts as 'gland' on its own axis only; 'pituitary',
    'secondary' and 'drug' count as the sites they name."""
    assert question(own_gland).status == question("gland").status
    assert question(other_gland).status == "invalid"
    assert question("pituitary").status == question("hypothalamus or pituitary").status
    assert question("secondary").status == question("hypothalamus or pituitary").status
    assert question("drug").status == question("hormone given from outside").status


def test_low_acth_low_cortisol_hint_names_an_unmeasured_drug():
    assert_incorrect_with_hint(key.lab_acth_cortisol("hormone given from outside"),
                               "dexamethasone")


def test_lab_hints_say_which_way_the_hormones_move():
    assert_incorrect_with_hint(key.lab_tsh_t4("hypothalamus or pituitary"), "same way")
    assert_incorrect_with_hint(key.lab_acth_cortisol("gland"), "opposite")


def test_acth_at_the_end_of_the_course():
    r = axes.simulate_axis("hpa", 90, exogenous=3.0)
    acth = float(r.levels["ACTH"][-1])
    assert acth < 0.3                                   # suppressed, the textbook direction
    assert key.acth_at_end_of_course(acth).status == "correct"
    assert_incorrect_with_hint(key.acth_at_end_of_course(float(r.levels["cortisol"][-1])),
                               "cortisol")
    assert_incorrect_with_hint(key.acth_at_end_of_course(1.0))


def test_days_to_recover_read_as_a_student_reads_it():
    r = axes.simulate_axis("hpa", 90, exogenous=3.0).then(365, exogenous=0.0)
    after = r.t_days > 90
    first = r.t_days[after][np.argmax(r.levels["cortisol"][after] >= 0.9)] - 90
    assert 20 < first < 150                            # weeks to months, not days
    assert key.days_to_recover(float(first)).status == "correct"
    assert key.days_to_recover(float(first) - 1).status == "correct"
    assert_incorrect_with_hint(key.days_to_recover(float(first) + 90), "start of the course")
    assert_incorrect_with_hint(key.days_to_recover(5.0))


def test_chronic_stress_bmd_from_a_run_made_here():
    cortisol = axes.steady_state("hpa", drive=1.0)["cortisol"]
    assert cortisol > 1.0
    r = simulate(Hormones(cortisol=cortisol), years=10, site="spine")
    assert r.bmd_change < 0
    assert key.chronic_stress_bmd(r.bmd_change).status == "correct"
    hip = simulate(Hormones(cortisol=cortisol), years=10, site="hip")
    assert_incorrect_with_hint(key.chronic_stress_bmd(hip.bmd_change), "hip")
    assert_incorrect_with_hint(key.chronic_stress_bmd(float(r.bmd_percent[-1])), "minus")
    assert_incorrect_with_hint(key.chronic_stress_bmd(-r.bmd_change))


def test_thyroid_turnover_from_a_run_made_here():
    t4 = axes.steady_state("hpt", exogenous=1.0)["T4"]
    assert 1.0 < t4 < 2.0                    # the feedback takes back part of the dose
    r = simulate(Hormones(thyroid=t4), years=5, site="spine")
    assert r.turnover[-1] > 1.0
    assert key.thyroid_turnover(float(r.turnover[-1])).status == "correct"
    assert_incorrect_with_hint(key.thyroid_turnover(t4), "T4 level")
    assert_incorrect_with_hint(key.thyroid_turnover(2.0), "feedback")
    assert_incorrect_with_hint(key.thyroid_turnover(1.0))


def test_rounded_too_far_gets_the_rounding_hint_not_the_method():
    """The set point 0.811 rounded to 0.8: right method, too few digits."""
    assert_incorrect_with_hint(key.set_point_t4(0.8), "decimal places")
