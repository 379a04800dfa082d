"""course_lib.axes: the contract's physiology, properties, and the loop solved a second way.

The second method writes the loop out again from the module docstring, with the hypothalamic
and pituitary hormones as fast ODE states (not instant), and solves it with scipy (fsolve for
steady states, a stiff solve_ivp for time courses).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, fsolve

from course_lib import axes
from course_lib.model import Hormones, simulate

# A quarter of the profile's examples (25 in `make test`; HYPOTHESIS_PROFILE=thorough: 250).
FAST = settings(max_examples=max(10, settings.default.max_examples // 4))
TAU_FAST = 1e-3   # days: the upper hormones, fast but not instant, in the reference solve


def settings_dict(**kw):
    base = dict(hypothalamus=1.0, pituitary=1.0, gland=1.0, feedback=1.0, exogenous=0.0,
                drive=0.0)
    base.update(kw)
    return base


def rhs_factory(axis, s, scaled=True):
    """The loop as four ODEs, written from the documented equations (scaled=False: the
    production-minus-level numerators alone, whose zeros are the steady state)."""
    k = axes.PARAMETERS[axis]

    def phi(kx, g):
        return (1 + kx) / (1 + kx * s["feedback"] * g ** k.exponent)

    def rhs(_t, y):
        h, p, g_endo, m = y
        g = max(g_endo, 0.0) + s["exogenous"]
        dh = s["hypothalamus"] * (1 + s["drive"]) * phi(k.k_hypothalamus, g) - h
        dp = s["pituitary"] * h * phi(k.k_pituitary, g) - p
        out = s["gland"] * max(m, 0.0) ** k.trophic_share * max(p, 0.0) ** (1 - k.trophic_share)
        dg = out - g_endo
        dm = p - m
        if not scaled:
            return [dh, dp, dg, dm]
        return [dh / TAU_FAST, dp / TAU_FAST, dg / k.tau_gland_days, dm / k.tau_mass_days]

    return rhs


def reference_steady(axis, **kw):
    s = settings_dict(**kw)
    rhs = rhs_factory(axis, s, scaled=False)
    sol = fsolve(lambda y: rhs(0, y), [1.0, 1.0, 1.0, 1.0], xtol=1e-13)
    assert np.allclose(rhs(0, sol), 0.0, atol=1e-10), "fsolve did not converge"
    h, p, g_endo, _ = sol
    return dict(zip(axes.HORMONES[axis], (h, p, g_endo + s["exogenous"]), strict=True))


# --------------------------------------------------------------------------- reference, API

@pytest.mark.parametrize("axis", axes.AXES)
def test_reference_is_all_ones(axis):
    assert axes.steady_state(axis) == pytest.approx(dict.fromkeys(axes.HORMONES[axis], 1.0))


def test_names_match_the_contract():
    assert axes.AXES == ("hpg", "hpa", "hpt")
    assert axes.HORMONES == {"hpg": ("GnRH", "FSH", "estradiol"),
                             "hpa": ("CRH", "ACTH", "cortisol"), "hpt": ("TRH", "TSH", "T4")}


CASES = [dict(gland=0.3), dict(pituitary=0.3), dict(hypothalamus=0.5), dict(feedback=0.0),
         dict(feedback=2.5), dict(exogenous=2.0), dict(drive=1.5), dict(gland=0.05),
         dict(gland=2.0, pituitary=0.7, exogenous=0.4, drive=0.5)]


@pytest.mark.parametrize("axis", axes.AXES)
@pytest.mark.parametrize("kw", CASES, ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()))
def test_steady_state_matches_scipy_fsolve_of_the_full_loop(axis, kw):
    assert axes.steady_state(axis, **kw) == pytest.approx(reference_steady(axis, **kw), rel=1e-7)


def test_steady_state_by_hand_when_feedback_is_cut():
    """Feedback 0: every phi is 1 + k, so P = (1 + kH)(1 + kP) and G = g P (no loop to solve)."""
    for axis in axes.AXES:
        k = axes.PARAMETERS[axis]
        p = (1 + k.k_hypothalamus) * (1 + k.k_pituitary)
        out = axes.steady_state(axis, feedback=0.0, gland=0.5)
        assert list(out.values()) == pytest.approx([1 + k.k_hypothalamus, p, 0.5 * p])


def test_hpa_primary_failure_by_bisection_on_paper():
    """hpa, gland 0.3: with kH = 1, kP = 2, m = 1, G = 0.3 * 6 / ((1 + G)(1 + 2G))."""
    g = brentq(lambda x: x - 0.3 * 6 / ((1 + x) * (1 + 2 * x)), 0.0, 2.0, xtol=1e-14)
    out = axes.steady_state("hpa", gland=0.3)
    assert out["cortisol"] == pytest.approx(g)
    assert out["ACTH"] == pytest.approx(g / 0.3)
    assert out["CRH"] == pytest.approx(2 / (1 + g))


# --------------------------------------------------------------------------- the physiology

@pytest.mark.parametrize("axis", axes.AXES)
def test_textbook_patterns(axis):
    _, pit, gland = axes.HORMONES[axis]
    primary = axes.steady_state(axis, gland=0.3)
    assert primary[pit] > 1.0 > primary[gland]                 # primary gland failure
    central = axes.steady_state(axis, pituitary=0.3)
    assert central[pit] < 1.0 and central[gland] < 1.0         # pituitary failure: both fall
    hypo = axes.steady_state(axis, hypothalamus=0.3)
    assert hypo[pit] < 1.0 and hypo[gland] < 1.0
    exo = axes.steady_state(axis, exogenous=1.0)
    assert exo[pit] < 1.0 < exo[gland]                         # exogenous hormone suppresses
    cut = axes.steady_state(axis, feedback=0.0)
    assert cut[pit] > 1.0 and cut[gland] > 1.0                 # cut feedback raises both
    stress = axes.steady_state(axis, drive=1.0)
    assert all(v > 1.0 for v in stress.values())               # more central drive


def test_menopause_fsh_up_estradiol_down_and_compensation_first():
    """Ovarian failure: FSH up, estradiol down; while the ovary only weakens, the loop holds
    estradiol up (it falls far less than the ovary's capacity) at the cost of a higher FSH."""
    late = axes.steady_state("hpg", gland=0.05)
    assert late["FSH"] > 3.0 and late["estradiol"] < 0.3
    early = axes.steady_state("hpg", gland=0.6)
    assert early["FSH"] > 1.2 and early["estradiol"] > 0.8


@given(st.floats(0.0, 3.0), st.floats(0.0, 3.0))
@FAST
def test_gland_hormone_rises_and_pituitary_falls_with_gland_capacity(g1, g2):
    lo, hi = sorted((g1, g2))
    a, b = axes.steady_state("hpt", gland=lo), axes.steady_state("hpt", gland=hi)
    assert b["T4"] >= a["T4"] - 1e-12 and b["TSH"] <= a["TSH"] + 1e-12


@given(st.sampled_from(axes.AXES), st.floats(0.0, 5.0), st.floats(0.0, 5.0))
@FAST
def test_more_exogenous_hormone_suppresses_more(axis, e1, e2):
    lo, hi = sorted((e1, e2))
    pit = axes.HORMONES[axis][1]
    assert axes.steady_state(axis, exogenous=hi)[pit] <= \
        axes.steady_state(axis, exogenous=lo)[pit] + 1e-12


settings_strategy = st.fixed_dictionaries({
    name: st.floats(lo, hi) for name, (lo, hi) in axes.SETTING_RANGES.items()})


@given(st.sampled_from(axes.AXES), settings_strategy)
@FAST
def test_levels_are_finite_non_negative_and_a_fixed_point(axis, kw):
    out = axes.steady_state(axis, **kw)
    assert all(np.isfinite(v) and v >= 0 for v in out.values())
    start = axes.AxisState.steady(axis, **kw)
    r = axes.simulate_axis(axis, 30, start=start, **kw)
    for name, level in out.items():
        assert r.levels[name] == pytest.approx(np.full(r.t_days.size, level), rel=1e-6, abs=1e-9)


@given(st.sampled_from(axes.AXES), settings_strategy, st.floats(0.5, 7.0))
@FAST
def test_time_courses_stay_positive_and_settle(axis, kw, dt):
    r = axes.simulate_axis(axis, 1500, dt_days=dt, **kw)
    for v in r.levels.values():
        assert np.all(np.isfinite(v)) and np.all(v >= 0)
    assert r.at_end() == pytest.approx(axes.steady_state(axis, **kw), rel=1e-3, abs=1e-6)


def test_loop_gain_by_hand_and_by_finite_difference():
    # at reference: m (kH/(1+kH) + kP/(1+kP)), with dG_endo/dP = g = 1
    for axis in axes.AXES:
        k = axes.PARAMETERS[axis]
        hand = k.exponent * (k.k_hypothalamus / (1 + k.k_hypothalamus)
                             + k.k_pituitary / (1 + k.k_pituitary))
        assert axes.loop_gain(axis) == pytest.approx(hand)
        # a small loss of gland capacity d moves G by about -d / (1 + gain)
        d = 1e-5
        closed = 1.0 - reference_steady(axis, gland=1 - d)[axes.HORMONES[axis][2]]
        assert d / closed - 1 == pytest.approx(hand, rel=1e-3)
    assert axes.loop_gain("hpa", feedback=0.0) == 0.0


# --------------------------------------------------------------------------- time courses

def reference_course(axis, days, start_y, **kw):
    s = settings_dict(**kw)
    sol = solve_ivp(rhs_factory(axis, s), (0, days), start_y, method="Radau", rtol=1e-8,
                    atol=1e-10, dense_output=True)
    return sol


def test_glucocorticoid_course_and_recovery_match_a_stiff_scipy_solve():
    """Six months of an exogenous glucocorticoid (3 x reference), then stopping: ACTH falls,
    the adrenal shrinks, and cortisol recovers slowly after the course stops."""
    course = axes.simulate_axis("hpa", 180, exogenous=3.0, dt_days=0.25)
    after = course.then(200, exogenous=0.0, dt_days=0.25)
    ref1 = reference_course("hpa", 180, [1.0, 1.0, 1.0, 1.0], exogenous=3.0)
    ref2 = reference_course("hpa", 200, ref1.y[:, -1], exogenous=0.0)
    for t in (30.0, 90.0, 180.0):
        i = int(np.argmin(abs(after.t_days - t)))
        h, p, g, m = ref1.sol(t)
        assert after.levels["ACTH"][i] == pytest.approx(p, rel=2e-2)
        assert after.levels["cortisol"][i] == pytest.approx(g + 3.0, rel=2e-2)
        assert after.gland_mass[i] == pytest.approx(m, rel=2e-2)
    for t in (5.0, 30.0, 90.0, 200.0):
        i = int(np.argmin(abs(after.t_days - (180.0 + t))))
        h, p, g, m = ref2.sol(t)
        assert after.levels["cortisol"][i] == pytest.approx(g, rel=2e-2, abs=1e-3)
        assert after.levels["ACTH"][i] == pytest.approx(p, rel=2e-2)
    # the physiology, in words: suppressed during, below reference for weeks after
    assert after.levels["ACTH"][int(179 / 0.25)] < 0.3
    assert after.gland_mass[int(180 / 0.25)] < 0.5
    week_after = after.levels["cortisol"][int(187 / 0.25)]
    assert week_after < 0.7


def test_longer_courses_recover_more_slowly():
    def recovery_days(course_days):
        r = axes.simulate_axis("hpa", course_days, exogenous=3.0).then(400, exogenous=0.0)
        after = r.t_days > course_days
        return r.t_days[after][np.argmax(r.levels["cortisol"][after] >= 0.9)] - course_days
    assert recovery_days(14) < recovery_days(60) < recovery_days(180)


def test_tiny_steps_agree_with_big_ones():
    """The implicit step is stable at any size; a 0.05-day and a 7-day step end together."""
    fine = axes.simulate_axis("hpt", 70, dt_days=0.05, gland=0.4, exogenous=0.5)
    coarse = axes.simulate_axis("hpt", 70, dt_days=7.0, gland=0.4, exogenous=0.5)
    assert fine.at_end() == pytest.approx(coarse.at_end(), rel=0.05)


def test_thyroxine_follows_its_week_long_clearance():
    """Levothyroxine started: total T4 moves over weeks, not at once (clearance ~ a week)."""
    r = axes.simulate_axis("hpt", 120, exogenous=1.0, dt_days=0.5)
    t4 = r.levels["T4"]
    final = axes.steady_state("hpt", exogenous=1.0)["T4"]
    assert t4[0] == pytest.approx(2.0)           # the dose adds to the gland's own output
    assert abs(t4[14] - final) > abs(t4[-1] - final)
    assert t4[-1] == pytest.approx(final, rel=1e-3)


# --------------------------------------------------------------------------- bone link

def test_to_hormones_maps_gland_hormones_onto_bone_inputs():
    h = axes.to_hormones(hpg=axes.steady_state("hpg", gland=0.05),
                         hpa=axes.steady_state("hpa", drive=1.0),
                         hpt=axes.steady_state("hpt", exogenous=1.0))
    assert h.estradiol == pytest.approx(axes.steady_state("hpg", gland=0.05)["estradiol"])
    assert h.cortisol > 1.0 and h.thyroid > 1.0
    assert h.progesterone == 1.0 and h.testosterone == 1.0 and h.inflammation == 0.0
    assert axes.to_hormones() == Hormones()


def test_a_time_course_becomes_a_daily_schedule():
    r = axes.simulate_axis("hpa", 100, exogenous=3.0).then(100, exogenous=0.0)
    h = axes.to_hormones(hpa=r)
    assert isinstance(h.cortisol, np.ndarray) and h.cortisol.size == 200
    assert h.cortisol[50] > 3.0 and h.cortisol[150] < 1.0
    bone = simulate(h, years=199 / 365.25)
    assert bone.bmd_change < 0


def test_axis_faults_move_the_bone_model_the_textbook_way():
    menopause = simulate(axes.to_hormones(hpg=axes.steady_state("hpg", gland=0.05)), years=5)
    stress = simulate(axes.to_hormones(hpa=axes.steady_state("hpa", drive=2.0)), years=5)
    hyper = simulate(axes.to_hormones(hpt=axes.steady_state("hpt", exogenous=1.5)), years=5)
    for r in (menopause, stress, hyper):
        assert r.bmd_change < -0.5
    assert hyper.turnover[-1] > 1.1


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("call,name", [
    (lambda: axes.steady_state("hpx"), "axis"),
    (lambda: axes.steady_state("hpa", gland=-0.1), "gland"),
    (lambda: axes.steady_state("hpa", feedback=float("nan")), "feedback"),
    (lambda: axes.steady_state("hpa", exogenous=6.0), "exogenous"),
    (lambda: axes.steady_state("hpa", drive=True), "drive"),
    (lambda: axes.loop_gain("hpa", speed=2.0), "speed"),
    (lambda: axes.simulate_axis("hpa", 0), "days"),
    (lambda: axes.simulate_axis("hpa", 10, dt_days=100), "dt_days"),
    (lambda: axes.simulate_axis("hpa", 10, start=axes.AxisState.steady("hpt")), "start"),
    (lambda: axes.to_hormones(hpa=axes.steady_state("hpt")), "hpa"),
    (lambda: axes.to_hormones(hpa=3.0), "hpa"),
    (lambda: axes.to_hormones(hpa=axes.steady_state("hpa", feedback=0, drive=3)), "hpa"),
])
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
