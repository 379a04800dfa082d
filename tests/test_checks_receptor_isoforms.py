"""Answer key of exercise set 3.1 (course_lib.checks.receptor_isoforms).

Expected values here are computed independently of the key: by hand (exact fractions), by
scipy fits of the practice data, by closed forms solved on paper, or from the evidence data
read directly.
"""

from fractions import Fraction as Fr

import numpy as np
import pytest
from checkhelpers import assert_incorrect_with_hint, assert_never_raises, assert_unanswered
from scipy.optimize import curve_fit

from course_lib import evidence
from course_lib.checks import receptor_isoforms as key

ALL_QUESTIONS = [
    key.occupancy_at_dose, key.kd_from_binding, key.ec50_from_dose_response,
    key.hill_n_from_dose_response, key.bb_fraction_at_ratio, key.predict_shift,
    key.response_with_more_pr_a, key.estradiol_to_restore, key.priming_can_restore,
    key.gr_occupancy_ratio, key.mpa_not_progesterone,
]


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=lambda f: f.__name__)
def test_unanswered_and_junk(question):
    assert_unanswered(question)
    assert_never_raises(question)


def test_there_are_at_least_eight_questions():
    assert len(ALL_QUESTIONS) >= 8


def test_practice_inputs_and_experiments_are_labelled(capsys):
    key.practice("occupancy")
    key.binding_experiment()
    key.dose_response_experiment()
    out = capsys.readouterr().out
    assert out.count("made up") == 3 and out.count("not data") == 3


# --------------------------------------------------------------------------- Q1 occupancy

def test_occupancy_at_dose():
    assert key.PRACTICE["occupancy"] == {"progesterone_nM": 2.0, "kd_nM": 5.0}
    assert key.occupancy_at_dose(2 / 7).status == "correct"          # 2 / (2 + 5)
    assert key.occupancy_at_dose(0.286).status == "correct"
    assert_incorrect_with_hint(key.occupancy_at_dose(5 / 7), "unbound")
    assert_incorrect_with_hint(key.occupancy_at_dose(0.4), "L / Kd")
    assert_incorrect_with_hint(key.occupancy_at_dose(0.5))
    assert key.occupancy_at_dose(28.57).status == "incorrect"         # a percentage


# --------------------------------------------------------------------------- Q2 Kd

@pytest.fixture(scope="module")
def binding():
    return key.binding_experiment(show=False)


def test_kd_by_scipy_fit_scatchard_and_truth(binding):
    (kd, bmax), _ = curve_fit(lambda x, k, b: b * x / (x + k), binding.ligand_nM,
                              binding.bound, p0=(1.0, 100.0))
    assert key.kd_from_binding(kd).status == "correct"
    # what a student does: Scatchard line, bound/free against bound, slope -1/Kd
    slope, _ = np.polyfit(binding.bound, binding.bound / binding.ligand_nM, 1)
    assert key.kd_from_binding(-1 / slope).status == "correct"
    # and the value the data were made from
    assert key.kd_from_binding(2.4).status == "correct"
    assert_incorrect_with_hint(key.kd_from_binding(bmax), "Bmax")
    assert_incorrect_with_hint(key.kd_from_binding(1 / kd), "1/Kd")
    assert_incorrect_with_hint(key.kd_from_binding(10.0))
    assert_incorrect_with_hint(key.kd_from_binding(kd / 2), "half")


def test_fit_binding_matches_scipy(binding):
    (kd, bmax), _ = curve_fit(lambda x, k, b: b * x / (x + k), binding.ligand_nM,
                              binding.bound, p0=(1.0, 100.0))
    assert key.fit_binding(binding.ligand_nM, binding.bound) == pytest.approx((kd, bmax),
                                                                             rel=1e-6)


# --------------------------------------------------------------------------- Q3-Q4 EC50, n

@pytest.fixture(scope="module")
def dose_response():
    return key.dose_response_experiment(show=False)


def scipy_hill(data):
    (ec50, n), _ = curve_fit(lambda d, e, n: 100 / (1 + (e / d) ** n), data.dose_nM,
                             data.response, p0=(1.0, 1.0))
    return ec50, n


def test_fit_hill_matches_scipy(dose_response):
    assert key.fit_hill(dose_response.dose_nM, dose_response.response) == pytest.approx(
        scipy_hill(dose_response), rel=1e-6)


def test_ec50_and_n_by_the_logit_line_a_student_draws(dose_response):
    y = dose_response.response
    keep = (y > 5) & (y < 95)
    slope, intercept = np.polyfit(np.log10(dose_response.dose_nM[keep]),
                                  np.log10(y[keep] / (100 - y[keep])), 1)
    assert key.ec50_from_dose_response(10 ** (-intercept / slope)).status == "correct"
    assert key.hill_n_from_dose_response(slope).status == "correct"


def test_ec50_question(dose_response):
    ec50, n = scipy_hill(dose_response)
    assert key.ec50_from_dose_response(ec50).status == "correct"
    assert key.ec50_from_dose_response(0.8).status == "correct"       # the generating value
    assert_incorrect_with_hint(key.ec50_from_dose_response(np.log10(ec50)), "log10")
    assert_incorrect_with_hint(key.ec50_from_dose_response(3.0))
    assert key.ec50_from_dose_response(ec50 * 1000).status == "incorrect"   # pM slip


def test_hill_n_question(dose_response):
    ec50, n = scipy_hill(dose_response)
    assert key.hill_n_from_dose_response(n).status == "correct"
    assert key.hill_n_from_dose_response(1.5).status == "correct"     # the generating value
    assert_incorrect_with_hint(key.hill_n_from_dose_response(1.0), "n = 1")
    assert_incorrect_with_hint(key.hill_n_from_dose_response(1 / n), "1/n")
    assert_incorrect_with_hint(key.hill_n_from_dose_response(n * np.log(10)), "base")


def test_hill_n_from_every_point_gets_the_noise_hint(dose_response):
    """A student who fits the logit line through all eight points (base-10 logs, as the
    question suggests) gets a flatter line; the hint must name that, not the log base."""
    y = dose_response.response
    slope = np.polyfit(np.log10(dose_response.dose_nM), np.log10(y / (100 - y)), 1)[0]
    fb = key.hill_n_from_dose_response(slope)
    assert_incorrect_with_hint(fb, "5 % and 95 %")
    assert "base" not in fb.hint


# --------------------------------------------------------------------------- Q5 BB share

def test_bb_fraction_at_ratio():
    assert key.PRACTICE["ratio"] == {"pr_a": 3, "pr_b": 1}
    assert key.bb_fraction_at_ratio(1 / 16).status == "correct"       # (1 - 3/4)^2
    assert_incorrect_with_hint(key.bb_fraction_at_ratio(0.25), "PR-B share")
    assert_incorrect_with_hint(key.bb_fraction_at_ratio(9 / 16), "AA")
    assert_incorrect_with_hint(key.bb_fraction_at_ratio(6 / 16), "AB")
    assert_incorrect_with_hint(key.bb_fraction_at_ratio(1 / 3), "B:A")


# --------------------------------------------------------------------------- Q6-Q7 more PR-A

def test_predict_shift_by_hand():
    """EC50 = K Kd / (K + E s) with s = BB + rho (1 - BB) = 1 for rho = 1: independent of the
    PR-A share; the maximum E BB / (K + E) falls with BB. So: lower maximum, same EC50."""
    assert key.predict_shift("lower maximum, same EC50").status == "correct"
    for wrong in key.SHIFT_OPTIONS[1:]:
        assert_incorrect_with_hint(key.predict_shift(wrong))
    assert_incorrect_with_hint(key.predict_shift("same maximum, EC50 to the right"), "Kd")
    assert key.predict_shift("lower").status == "invalid"


def test_response_with_more_pr_a_in_exact_fractions():
    theta = Fr(10, 15)                                 # 10 nM, Kd 5 nM
    t = theta * Fr(9, 100) / (Fr(1, 2) + theta)        # BB = 0.3^2, K_T = 1/2, rho = 1
    t_ref = theta * Fr(1, 4) / (Fr(1, 2) + theta)
    expected = float(t / t_ref)
    assert key.response_with_more_pr_a(expected).status == "correct"
    assert key.response_with_more_pr_a(0.36).status == "correct"
    assert_incorrect_with_hint(key.response_with_more_pr_a(0.09), "BB share")
    assert_incorrect_with_hint(key.response_with_more_pr_a(0.3), "PR-B share")
    assert_incorrect_with_hint(key.response_with_more_pr_a(1.0))


# --------------------------------------------------------------------------- Q8-Q9 priming

def test_estradiol_to_restore_by_closed_form():
    """Solve x BB / (K + x) = T_ref for x, then PR(E) = E (1 + k) / (E + k) = x / theta."""
    bb, t_ref, theta, k_t, k = 0.45 ** 2, 1 / 7, 2 / 3, 0.5, 3.0
    x = k_t * t_ref / (bb - t_ref)
    y = x / theta
    e = k * y / (1 + k - y)
    assert 2.0 < e < 3.0
    assert key.estradiol_to_restore(e).status == "correct"
    assert key.estradiol_to_restore(round(e, 2)).status == "correct"
    assert_incorrect_with_hint(key.estradiol_to_restore(1.0), "more priming")
    assert_incorrect_with_hint(key.estradiol_to_restore(e * 1.2))


def test_priming_can_restore_by_hand():
    # With rho = 1, T < BB for any PR amount; the reference needs T = 1/7, and BB = 0.35^2
    # = 0.1225 < 1/7: no estradiol can get there.
    assert 0.35 ** 2 < 1 / 7
    assert key.priming_can_restore(False).status == "correct"
    assert_incorrect_with_hint(key.priming_can_restore(True), "ceiling")
    assert key.priming_can_restore("False").status == "invalid"


# --------------------------------------------------------------------------- Q10-Q11 MPA

def test_gr_occupancy_ratio_from_the_evidence():
    ki_mpa = evidence.value("mpa_glucocorticoid_receptor", "mpa_gr_ki")
    ki_p = evidence.value("mpa_glucocorticoid_receptor", "progesterone_gr_ki")
    assert (ki_mpa, ki_p) == (10.8, 215.0)
    c = 10.0
    ratio = (c / (c + ki_mpa)) / (c / (c + ki_p))
    assert key.gr_occupancy_ratio(ratio).status == "correct"
    assert key.gr_occupancy_ratio(round(ratio, 1)).status == "correct"
    assert_incorrect_with_hint(key.gr_occupancy_ratio(ki_p / ki_mpa), "Ki")
    assert_incorrect_with_hint(key.gr_occupancy_ratio(1 / ratio), "other way")


def test_mpa_not_progesterone():
    assert key.mpa_not_progesterone(key.MPA_OPTIONS[0]).status == "correct"
    assert_incorrect_with_hint(key.mpa_not_progesterone(key.MPA_OPTIONS[1]), "other receptor")
    assert_incorrect_with_hint(key.mpa_not_progesterone(key.MPA_OPTIONS[2]), "receptors")
    assert_incorrect_with_hint(key.mpa_not_progesterone(key.MPA_OPTIONS[3]))
    assert key.mpa_not_progesterone("MPA is synthetic").status == "invalid"


def test_rounded_too_far_gets_the_rounding_hint_not_the_method():
    """2 / (2 + 5) = 0.2857, asked to 2 decimal places: 0.29 is right, 0.3 too few digits, and
    28.57 a percentage where a fraction is asked."""
    assert key.occupancy_at_dose(0.29).status == "correct"
    assert_incorrect_with_hint(key.occupancy_at_dose(0.3), "decimal places")
    assert_incorrect_with_hint(key.occupancy_at_dose(28.57), "percentage")


def test_mixed_log_bases_get_their_own_hint():
    """Fitting with ln but turning back with 10 ** (...) gives about 0.71 nM, not 0.86."""
    assert_incorrect_with_hint(key.ec50_from_dose_response(0.713), "mixes log bases")
    assert "10 ** (-intercept / n)" in key.ec50_from_dose_response(2.0).hint
