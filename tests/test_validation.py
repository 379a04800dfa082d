"""Floor 0: argument checks (course_lib.validation) and the crossing finder (course_lib.curves)."""

import math

import numpy as np
import pytest

from course_lib import curves, dxa, validation
from course_lib.model import Hormones, simulate


@pytest.mark.parametrize("good, expected", [(3, 3.0), (2.5, 2.5), (np.float32(1.5), 1.5),
                                            (np.int64(4), 4.0)])
def test_number_accepts_real_numbers(good, expected):
    assert validation.number(good, "x", 0, 10) == expected


@pytest.mark.parametrize("bad", [None, "1", True, np.bool_(True), [1.0], float("nan"),
                                 float("inf"), -0.5, 10.5, 1e300,
                                 pytest.param(10**400, id="10**400"),
                                 pytest.param(-(10**400), id="-10**400")])
def test_number_refuses_with_the_name_and_the_range(bad):
    with pytest.raises(ValueError, match=r"^level must be a number from 0 to 10; got "):
        validation.number(bad, "level", 0, 10)


def test_number_describes_open_and_one_sided_ranges():
    with pytest.raises(ValueError, match="years must be a number above 0 and at most 100"):
        validation.number(0, "years", 0, 100, low_open=True)
    with pytest.raises(ValueError, match="days must be a number above 0; got -1"):
        validation.number(-1, "days", 0, low_open=True)
    with pytest.raises(ValueError, match=r"t must be a number \(in years\); got 'a'"):
        validation.number("a", "t", hint=" (in years)")
    assert validation.number(-1e9, "x") == -1e9         # no bounds: any finite number


def test_whole_numbers_and_choices():
    assert validation.whole(3.0, "n", 1, 5) == 3 and validation.whole(np.int8(2), "n") == 2
    for bad in (2.5, True, "3", 0, 6):
        with pytest.raises(ValueError, match="n must be a whole number from 1 to 5; got"):
            validation.whole(bad, "n", 1, 5)
    assert validation.choice("hip", "site", ("spine", "hip")) == "hip"
    for bad in ("wrist", True, None, ["hip"], np.array([1, 2])):
        with pytest.raises(ValueError, match="site must be one of 'spine', 'hip'; got"):
            validation.choice(bad, "site", ("spine", "hip"))
    with pytest.raises(ValueError, match="flag must be one of 1, 2; got True"):
        validation.choice(True, "flag", (1, 2))          # True == 1, but it is no choice here


def test_first_crossing_interpolates_from_either_side():
    t = np.array([0.0, 1.0, 2.0, 3.0])
    assert curves.first_crossing(t, [100, 98, 96, 94], 97.0) == pytest.approx(1.5)
    assert curves.first_crossing(t, [100, 102, 104, 106], 103.0) == pytest.approx(1.5)
    assert curves.first_crossing(t, [100, 99, 98, 97], 90.0) is None
    assert curves.first_crossing(t, [90, 91, 92, 93], 90.0) == 0.0     # starts on the level
    many = curves.first_crossing(t, [[100, 98, 96, 94], [100, 99.5, 99, 98.5]], 97.0)
    assert many[0] == pytest.approx(1.5) and math.isnan(many[1])
    with pytest.raises(ValueError, match="level"):
        curves.first_crossing(t, [1, 2, 3, 4], None)
    with pytest.raises(ValueError, match="t must be 1-D"):
        curves.first_crossing(t, [1, 2], 1.5)


def test_result_and_dxa_crossings_are_the_same_function():
    r = simulate(Hormones(estradiol=0.2), years=10)
    lsc = dxa.least_significant_change(1.0)
    assert dxa.first_detectable(r.t_years, r.bmd_percent, 1.0) == pytest.approx(
        r.time_to(100 - lsc), rel=1e-12)


def test_an_int_too_large_for_a_float_is_refused_by_name_everywhere():
    # float(10**400) raises OverflowError; every public argument says ValueError instead.
    huge = 10**400
    with pytest.raises(ValueError, match="years must be"):
        simulate(Hormones(), years=huge)
    with pytest.raises(ValueError, match="estradiol must be"):
        Hormones(estradiol=huge)
    with pytest.raises(ValueError, match="n must be a whole number"):
        validation.whole(huge, "n", 1, 5)
    with pytest.raises(ValueError, match="t and y must be arrays of numbers"):
        curves.first_crossing([0, huge], [1, 2], 1.5)
    with pytest.raises(ValueError, match="t_years and bmd_percent"):
        dxa.first_detectable([0, huge], [100, 99], 1.0)
