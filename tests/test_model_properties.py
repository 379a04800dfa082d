"""Mechanism 8 and bad input: cells and bone stay positive and finite over the whole domain,
for any step size the API allows; refused inputs name the input and its range."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.model import INPUT_NAMES, Hormones, simulate, simulate_cohort
from course_lib.model.hormones import INPUT_RANGES, cyclic
from course_lib.regimens import REGIMEN_NAMES, regimen

level = st.floats(0.0, 10.0, allow_nan=False)
step = st.floats(0.25, 30.0)


def assert_positive_finite(*arrays):
    for a in arrays:
        a = np.asarray(a)
        assert np.all(np.isfinite(a)) and np.all(a > 0)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(levels=st.fixed_dictionaries({n: level for n in INPUT_NAMES}),
       years=st.floats(0.05, 8.0), dt=st.floats(1.0, 30.0), site=st.sampled_from(["spine", "hip"]))
def test_single_runs_stay_positive_and_finite(levels, years, dt, site):
    r = simulate(Hormones(**levels), years=years, site=site, dt_days=dt)
    assert_positive_finite(r.osteoclasts, r.osteoblasts, r.bmd_percent, r.turnover)
    assert r.t_years[-1] == pytest.approx(years)


@settings(max_examples=12, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1), dt=step, name=st.sampled_from(REGIMEN_NAMES),
       site=st.sampled_from(["spine", "hip"]))
def test_ten_thousand_random_patients_stay_positive_and_finite(seed, dt, name, site):
    # variability=1 spreads each patient's levels over more than a factor of 10 each way
    # (clipped to the allowed 0 to 10): 12 examples x 1,000 random patients.
    c = simulate_cohort(regimen(name), years=3, n=1000, site=site, variability=1.0, seed=seed,
                        dt_days=dt)
    assert_positive_finite(c.osteoclasts, c.osteoblasts, c.bmd_percent)


@pytest.mark.parametrize("dt", [0.25, 30.0])
def test_every_corner_of_the_domain_at_the_extreme_steps(dt):
    for corner in itertools.product(*[INPUT_RANGES[n] for n in INPUT_NAMES]):
        r = simulate(Hormones(**dict(zip(INPUT_NAMES, corner, strict=True))), years=2 if dt < 1
                     else 20, dt_days=dt)
        assert_positive_finite(r.osteoclasts, r.osteoblasts, r.bmd_percent)


@settings(max_examples=200, deadline=None, derandomize=True)
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
