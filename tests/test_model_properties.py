"""Mechanism 8 and bad input: cells and bone stay positive and finite over the whole domain,
for any step size the API allows; refused inputs name the input and its range."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.model import (
    INPUT_NAMES,
    Hormones,
    mean_level,
    sigmoid_ramp,
    simulate,
    simulate_cohort,
    simulate_history,
)
from course_lib.model.hormones import INPUT_RANGES, cyclic
from course_lib.regimens import REGIMEN_NAMES, regimen

level = st.floats(0.0, 10.0, allow_nan=False)
step = st.floats(0.25, 30.0)


def assert_positive_finite(*arrays):
    for a in arrays:
        a = np.asarray(a)
        assert np.all(np.isfinite(a)) and np.all(a > 0)


@settings(max_examples=10 * settings.default.max_examples)
@given(levels=st.fixed_dictionaries({n: level for n in INPUT_NAMES}),
       years=st.floats(0.05, 8.0), dt=st.floats(1.0, 30.0), site=st.sampled_from(["spine", "hip"]))
def test_single_runs_stay_positive_and_finite(levels, years, dt, site):
    r = simulate(Hormones(**levels), years=years, site=site, dt_days=dt)
    assert_positive_finite(r.osteoclasts, r.osteoblasts, r.bmd_percent, r.turnover)
    assert r.t_years[-1] == pytest.approx(years)


@settings(max_examples=max(1, settings.default.max_examples // 8))
@given(seed=st.integers(0, 2**32 - 1), dt=step, name=st.sampled_from(REGIMEN_NAMES),
       site=st.sampled_from(["spine", "hip"]))
def test_thousands_of_random_patients_stay_positive_and_finite(seed, dt, name, site):
    # variability=1 spreads each patient's levels over more than a factor of 10 each way
    # (clipped to the allowed 0 to 10): 12 examples x 500 random patients, then 2 more years
    # for the same women (a continued cohort).
    c = simulate_cohort(regimen(name), years=2, n=500, site=site, variability=1.0, seed=seed,
                        dt_days=dt)
    later = simulate_cohort(regimen("postmenopause"), years=1, site=site, start=c.final,
                            dt_days=dt)
    for run in (c, later):
        assert_positive_finite(run.osteoclasts, run.osteoblasts, run.bmd_percent,
                               run.resorption, run.formation)


@pytest.mark.parametrize("dt", [0.25, 30.0])
def test_every_corner_of_the_domain_at_the_extreme_steps(dt):
    for corner in itertools.product(*[INPUT_RANGES[n] for n in INPUT_NAMES]):
        r = simulate(Hormones(**dict(zip(INPUT_NAMES, corner, strict=True))), years=2 if dt < 1
                     else 20, dt_days=dt)
        assert_positive_finite(r.osteoclasts, r.osteoblasts, r.bmd_percent)


@settings(max_examples=2 * settings.default.max_examples)
@given(on=level, off=level, days_on=st.integers(0, 30), dt=step)
def test_cyclic_inputs_stay_positive_and_finite(on, off, days_on, dt):
    h = Hormones(progesterone=cyclic(on, off, days_on), cortisol=cyclic(off, on, days_on))
    r = simulate(h, years=2, dt_days=dt)
    assert_positive_finite(r.osteoclasts, r.osteoblasts, r.bmd_percent)


# --- refused inputs ----------------------------------------------------------------------

@pytest.mark.parametrize("name", INPUT_NAMES)
@pytest.mark.parametrize("bad", [-0.1, 10.5, float("nan"), float("inf"), 1e300])
def test_out_of_range_levels_are_refused_naming_input_and_range(name, bad):
    with pytest.raises(ValueError, match=rf"{name} .*0 to 10"):
        Hormones(**{name: bad})


@pytest.mark.parametrize("bad", [None, "high", True, [[1.0]], []])
def test_non_numbers_are_refused(bad):
    with pytest.raises(ValueError, match="estradiol"):
        Hormones(estradiol=bad)


def test_bad_function_values_are_refused_when_simulated():
    with pytest.raises(ValueError, match="progesterone"):
        simulate(Hormones(progesterone=lambda t: -1.0 + 0 * t), years=1)


def test_short_daily_array_is_refused():
    with pytest.raises(ValueError, match="estradiol daily array has 10 days"):
        simulate(Hormones(estradiol=[1.0] * 10), years=1)


@pytest.mark.parametrize("kwargs, match", [
    ({"years": 0}, "years"), ({"years": -1}, "years"), ({"years": 1000}, "years"),
    ({"years": float("nan")}, "years"), ({"site": "wrist"}, "site"),
    ({"dt_days": 0.01}, "dt_days"), ({"dt_days": 365}, "dt_days"), ({"start": 1.0}, "start"),
])
def test_bad_simulate_arguments_name_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        simulate(Hormones(), **kwargs)


@pytest.mark.parametrize("kwargs, match", [
    ({"n": 0}, "n must"), ({"n": 2.5}, "n must"), ({"variability": -0.1}, "variability"),
    ({"variability": 2}, "variability"),
])
def test_bad_cohort_arguments_name_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        simulate_cohort(Hormones(), years=1, **kwargs)


def test_unknown_regimen_lists_the_names():
    with pytest.raises(ValueError, match="postmenopause"):
        regimen("menopause")


def test_hormones_argument_must_be_hormones():
    with pytest.raises(ValueError, match="hormones must be a Hormones"):
        simulate({"estradiol": 1.0})


@pytest.mark.parametrize("call, match", [
    (lambda r: r.at(None), "t_years"), (lambda r: r.at("2"), "t_years"),
    (lambda r: r.at(float("nan")), "t_years"),
    (lambda r: r.at(3.0), "t_years must be a time .years. from 0 to 2"),
    (lambda r: r.time_to(None), "bmd_percent"), (lambda r: r.time_to(float("nan")), "bmd_percent"),
    (lambda r: r.time_to([90]), "bmd_percent"),
])
def test_bad_result_queries_name_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call(simulate(Hormones(), years=2))


@pytest.mark.parametrize("call, match", [
    (lambda: simulate_cohort(Hormones(), years=1, n=2, seed="abc"), "seed"),
    (lambda: simulate_cohort(Hormones(), years=1, n=2, seed=1.5), "seed"),
    (lambda: simulate_history(3), "segments"),
    (lambda: regimen(["postmenopause"]), "unknown regimen"),
    (lambda: cyclic(3.0, 0.05, None), "days_on"),
    (lambda: cyclic(3.0, "low", 12), "off_level"),
    (lambda: sigmoid_ramp(1.0, 0.1, 335.0, None), "width_days"),
    (lambda: mean_level(None), "value"),
    (lambda: mean_level(1.0, days=float("inf")), "days"),
    (lambda: Hormones().level("oestrogen", np.zeros(1)), "name must be one of"),
])
def test_other_bad_model_arguments_name_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_mean_level_by_hand():
    assert mean_level(2) == 2.0                                   # a number is its own mean
    assert mean_level(np.array([1.0, 2.0, 6.0]), days=2) == 1.5   # (1 + 2) / 2: first 2 days
    assert mean_level(cyclic(2.0, 0.0, 12), days=30) == pytest.approx(0.8)   # 12 x 2 / 30
    ramp = sigmoid_ramp(1.0, 0.0, 100.0, 10.0)                    # symmetric about day 100
    assert mean_level(ramp, days=200) == pytest.approx(0.5, abs=1e-3)
