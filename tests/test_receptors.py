"""course_lib.receptors: the contract, properties and worked examples computed another way.

Worked examples are done by hand in exact fractions (`fractions.Fraction`) or by scipy root
finding on the response itself, never by calling the helper that is being tested.
"""

from fractions import Fraction as Fr

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq, curve_fit

from course_lib import evidence, receptors
from course_lib.model import INPUT_RANGES
from course_lib.model import equations as eq

# A quarter of the profile's examples (25 in `make test`; HYPOTHESIS_PROFILE=thorough: 250).
FAST = settings(max_examples=max(10, settings.default.max_examples // 4))
doses = st.floats(0.0, 1e4, allow_nan=False)
shares = st.floats(0.0, 1.0, allow_nan=False)
levels = st.floats(0.0, 10.0, allow_nan=False)


# --------------------------------------------------------------------------- occupancy, Hill

def test_occupancy_by_hand():
    assert receptors.occupancy(10.0, 5.0) == pytest.approx(2 / 3)      # 10 / (10 + 5)
    assert receptors.occupancy(5.0, 5.0) == pytest.approx(0.5)         # L = Kd: half bound
    assert receptors.occupancy(0.0, 5.0) == 0.0
    assert receptors.occupancy(50.0, 5.0) == pytest.approx(10 / 11)     # 10 x Kd
    out = receptors.occupancy(np.array([1.0, 5.0, 45.0]), 5.0)
    assert out == pytest.approx([1 / 6, 1 / 2, 9 / 10])


def test_hill_midpoint_steepness_and_bounds():
    assert receptors.hill(3.0, 3.0, n=2.7, bottom=0.2, top=1.4) == pytest.approx(0.8)
    for n in (0.5, 1.0, 2.0, 4.0):
        # from 10 % to 90 % of the way takes an 81^(1/n)-fold dose range (solved by brentq)
        f = lambda d, target, n=n: receptors.hill(d, 2.0, n) - target  # noqa: E731
        d10, d90 = brentq(f, 1e-6, 1e6, args=(0.1,)), brentq(f, 1e-6, 1e6, args=(0.9,))
        assert d90 / d10 == pytest.approx(81 ** (1 / n), rel=1e-6)
    assert receptors.hill(0.0, 1.0, 2.0, bottom=0.3) == pytest.approx(0.3)
    assert receptors.hill(1e6, 1.0, 2.0, top=2.0) == pytest.approx(2.0, rel=1e-9)


def test_hill_n1_is_occupancy():
    d = np.logspace(-2, 3, 20)
    assert receptors.hill(d, 7.0) == pytest.approx(receptors.occupancy(d, 7.0))


def test_hill_parameters_are_recovered_by_curve_fit():
    d = np.logspace(-1, 2, 15)
    y = receptors.hill(d, 4.0, 1.8, 0.1, 0.9)
    fit, _ = curve_fit(lambda x, e, n, b, t: b + (t - b) / (1 + (e / x) ** n), d, y,
                       p0=(1.0, 1.0, 0.0, 1.0))
    assert fit == pytest.approx([4.0, 1.8, 0.1, 0.9], rel=1e-5)


# --------------------------------------------------------------------------- dimers, priming

@given(shares)
@FAST
def test_dimer_fractions_sum_to_one(p):
    d = receptors.dimer_fractions(p)
    assert set(d) == {"AA", "AB", "BB"}
    assert sum(d.values()) == pytest.approx(1.0)
    assert all(0.0 <= v <= 1.0 for v in d.values())


def test_dimer_fractions_at_a_ratio_by_hand():
    # PR-A:PR-B = 3:1 -> p = 3/4: AA 9/16, AB 6/16, BB 1/16
    d = receptors.dimer_fractions(0.75)
    assert (d["AA"], d["AB"], d["BB"]) == pytest.approx((9 / 16, 6 / 16, 1 / 16))
    assert receptors.dimer_fractions(0.0)["BB"] == 1.0
    assert receptors.dimer_fractions(1.0)["AA"] == 1.0
    # random pairing counted directly: draw monomer pairs and tally
    rng = np.random.default_rng(0)
    a = rng.random((200_000, 2)) < 0.3
    bb = np.mean(~a[:, 0] & ~a[:, 1])
    assert receptors.dimer_fractions(0.3)["BB"] == pytest.approx(bb, abs=0.005)


def test_priming_is_one_at_reference_rises_and_matches_the_bone_model():
    assert receptors.pr_expression(1.0) == pytest.approx(1.0)
    e = np.linspace(0.0, 10.0, 41)
    pr = receptors.pr_expression(e)
    assert np.all(np.diff(pr) > 0) and pr[0] == 0.0
    # the bone model primes PR with the same curve (equations.modifiers, K_PR)
    assert receptors.K_PR_ESTRADIOL == eq.K_PR
    assert pr == pytest.approx(e * (1 + eq.K_PR) / (e + eq.K_PR))
    assert receptors.BONE_INPUT_MAX == INPUT_RANGES["progesterone"][1]


# --------------------------------------------------------------------------- pr_response

def test_reference_state_is_one():
    assert receptors.pr_response(receptors.REFERENCE_PROGESTERONE_NM) == pytest.approx(1.0)
    assert receptors.pr_response(receptors.REFERENCE_PROGESTERONE_NM,
                                 repression=0.3) == pytest.approx(1.0)


def test_worked_example_in_exact_fractions():
    """10 nM, Kd 5 nM, PR-A share 0.7, estradiol 1: theta = 2/3; BB = 0.09; with K_T = 1/2 and
    repression 1, T = x BB / (K_T + x); reference BB = 1/4 gives T_ref = 1/7."""
    theta = Fr(10, 15)
    t = theta * Fr(9, 100) / (Fr(1, 2) + theta)
    t_ref = theta * Fr(1, 4) / (Fr(1, 2) + theta)
    assert t_ref == Fr(1, 7)
    assert float(t / t_ref) == pytest.approx(0.36)
    assert receptors.pr_response(10.0, 0.7, 1.0) == pytest.approx(float(t / t_ref))
    # half the estradiol: PR = 0.5 * 4 / 3.5 = 4/7 of reference
    x = Fr(4, 7) * theta
    t_low = x * Fr(1, 4) / (Fr(1, 2) + x)
    assert receptors.pr_response(10.0, 0.5, 0.5) == pytest.approx(float(t_low / t_ref))


@given(doses, doses, shares, levels)
@FAST
def test_response_rises_with_dose(p1, p2, share, e2):
    lo, hi = sorted((p1, p2))
    assert receptors.pr_response(hi, share, e2) >= receptors.pr_response(lo, share, e2) - 1e-12


@given(doses, shares, shares, levels)
@FAST
def test_response_falls_with_pr_a_share(dose, a1, a2, e2):
    lo, hi = sorted((a1, a2))
    assert receptors.pr_response(dose, hi, e2) <= receptors.pr_response(dose, lo, e2) + 1e-12


@given(doses, shares, levels, levels)
@FAST
def test_response_rises_with_estradiol(dose, share, e1, e2):
    lo, hi = sorted((e1, e2))
    assert receptors.pr_response(dose, share, hi) >= receptors.pr_response(dose, share, lo) - 1e-12


@given(st.floats(0.0, 1e6), shares, levels, st.floats(0.0, 10.0))
@FAST
def test_response_is_bounded(dose, share, e2, rho):
    r = receptors.pr_response(dose, share, e2, repression=rho)
    t_ref = receptors.transcription(receptors.REFERENCE_PROGESTERONE_NM, repression=rho)
    assert 0.0 <= r < 1.0 / t_ref + 1e-9


def test_no_pr_b_or_no_pr_means_no_response():
    assert receptors.pr_response(100.0, 1.0) == 0.0
    assert receptors.pr_response(100.0, 0.5, 0.0) == 0.0


def test_repression_is_what_makes_pr_a_dominant():
    """With inert PR-A dimers (repression 0) more PR makes up for a small BB share; competing
    ones (repression 1) cap transcription at the BB share. Hand values at a saturating dose,
    estradiol 10 (PR = 10 * 4 / 13 = 40/13 of reference), PR-A share 0.7 (BB = 0.09)."""
    x, bb = 40 / 13, 0.09
    inert = receptors.transcription(1e6, 0.7, 10.0, repression=0.0)
    competing = receptors.transcription(1e6, 0.7, 10.0, repression=1.0)
    assert inert == pytest.approx(x * bb / (0.5 + x * bb), rel=1e-5)
    assert competing == pytest.approx(x * bb / (0.5 + x), rel=1e-5)
    assert competing < bb < inert


@pytest.mark.parametrize("share,e2", [(0.5, 1.0), (0.8, 1.0), (0.5, 0.2), (0.3, 3.0)])
def test_ec50_and_maximum_by_curve_fit(share, e2):
    """A Hill curve fitted (scipy) to the response over a dose grid gives the same maximum and
    EC50, with n = 1 (the chain is hyperbolic in dose)."""
    d = np.logspace(-3, 4, 40)
    y = receptors.pr_response(d, share, e2)
    (ec50, n, top), _ = curve_fit(lambda x, e, n, t: t / (1 + (e / x) ** n), d, y,
                                  p0=(1.0, 1.5, 1.0))
    assert n == pytest.approx(1.0, rel=1e-6)
    assert receptors.pr_max_response(share, e2) == pytest.approx(top, rel=1e-6)
    assert receptors.pr_ec50_nM(share, e2) == pytest.approx(ec50, rel=1e-6)
    half = brentq(lambda x: receptors.pr_response(x, share, e2) - top / 2, 1e-6, 1e6,
                  xtol=1e-14)
    assert half == pytest.approx(ec50, rel=1e-6)


def test_more_pr_a_lowers_the_maximum_not_the_ec50_and_priming_moves_the_ec50_left():
    assert receptors.pr_ec50_nM(0.8) == pytest.approx(receptors.pr_ec50_nM(0.5))
    assert receptors.pr_max_response(0.8) < receptors.pr_max_response(0.5)
    assert receptors.pr_ec50_nM(0.5, 3.0) < receptors.pr_ec50_nM(0.5, 1.0) \
        < receptors.pr_ec50_nM(0.5, 0.2)
    with pytest.raises(ValueError, match="pr_a_share"):
        receptors.pr_ec50_nM(1.0)


def test_kd_is_an_assumption_of_the_measured_order():
    """No human Kd was verified; the model's Kd is of the order measured for the rat uterine
    receptor (evidence: Thrower 1980, 3.7 nM), within a factor of 3 of it."""
    rat = evidence.value("pr_progesterone_kd_rat_thrower1980", "kd_uterus")
    assert 1 / 3 <= receptors.KD_PROGESTERONE_NM / rat <= 3


# --------------------------------------------------------------------------- bone link

def test_progesterone_input_is_the_response_at_reference_estradiol():
    assert receptors.progesterone_input(receptors.REFERENCE_PROGESTERONE_NM) == pytest.approx(1.0)
    assert receptors.progesterone_input(10.0, pr_a_share=0.7) == pytest.approx(0.36)
    assert receptors.progesterone_input(0.0) == 0.0
    assert receptors.progesterone_input(1e6, pr_a_share=0.0) <= receptors.BONE_INPUT_MAX


def test_more_pr_a_loses_more_bone_in_the_model():
    from course_lib.model import Hormones, simulate
    runs = [simulate(Hormones(progesterone=receptors.progesterone_input(10.0, pr_a_share=a)),
                     years=5).bmd_change for a in (0.3, 0.5, 0.7)]
    assert runs[0] > runs[1] > runs[2]
    assert abs(runs[1]) < 0.05      # the reference mix is the reference woman: no drift


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("call,name", [
    (lambda: receptors.occupancy(-1.0, 5.0), "ligand_nM"),
    (lambda: receptors.occupancy(1.0, 0.0), "kd_nM"),
    (lambda: receptors.occupancy(float("nan"), 5.0), "ligand_nM"),
    (lambda: receptors.occupancy("10", 5.0), "ligand_nM"),
    (lambda: receptors.hill(1.0, -2.0), "ec50"),
    (lambda: receptors.hill(1.0, 2.0, n=0.0), "n"),
    (lambda: receptors.hill(1.0, 2.0, top=float("inf")), "top"),
    (lambda: receptors.dimer_fractions(1.2), "pr_a_share"),
    (lambda: receptors.dimer_fractions(True), "pr_a_share"),
    (lambda: receptors.pr_expression(-0.1), "estradiol"),
    (lambda: receptors.pr_expression(11.0), "estradiol"),
    (lambda: receptors.pr_response(10.0, repression=-1.0), "repression"),
    (lambda: receptors.pr_response([1.0, -2.0]), "progesterone_nM"),
    (lambda: receptors.progesterone_input([1.0, 2.0]), "progesterone_nM"),
])
def test_bad_input_names_the_argument_and_range(call, name):
    with pytest.raises(ValueError, match=name) as err:
        call()
    assert any(ch.isdigit() for ch in str(err.value))
