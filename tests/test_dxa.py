"""course_lib.dxa against the WHO definition, the ISCD rule and hand arithmetic."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib import dxa, evidence

# Independent values, typed from the WHO 1994 definition and computed by hand.
WHO_CASES = [
    (1.5, "normal"), (0.0, "normal"), (-0.99, "normal"),
    (-1.0, "normal"),                      # -1.0 is inside the normal range (T >= -1.0)
    (-1.01, "osteopenia"), (-1.8, "osteopenia"), (-2.49, "osteopenia"),
    (-2.5, "osteoporosis"),                # -2.5 is osteoporosis (T <= -2.5)
    (-2.51, "osteoporosis"), (-4.2, "osteoporosis"),
]


@pytest.mark.parametrize(("t", "category"), WHO_CASES)
def test_who_category_matches_the_who_definition(t, category):
    assert dxa.who_category(t) == category


def test_who_thresholds_come_from_the_evidence_and_are_inclusive():
    cuts = dxa.who_thresholds()
    assert cuts["normal"] == (">=", evidence.value("who_tscore_definitions", "normal"))
    assert cuts["osteoporosis"] == ("<=", evidence.value("who_tscore_definitions",
                                                         "osteoporosis"))
    assert cuts["normal"][1] == -1.0 and cuts["osteoporosis"][1] == -2.5


def test_severe_needs_both_an_osteoporotic_t_score_and_a_fracture():
    assert dxa.who_category(-2.5, fragility_fracture=True) == "severe osteoporosis"
    assert dxa.who_category(-3.0, fragility_fracture=True) == "severe osteoporosis"
    # A fracture does not change the densitometric category of a higher T-score.
    assert dxa.who_category(-2.0, fragility_fracture=True) == "osteopenia"
    assert dxa.who_category(-0.5, fragility_fracture=True) == "normal"
    assert set(dxa.CATEGORIES) == {"normal", "osteopenia", "osteoporosis", "severe osteoporosis"}


@given(st.floats(-10, 10), st.floats(-10, 10))
def test_who_category_never_improves_as_the_t_score_falls(a, b):
    order = {"normal": 0, "osteopenia": 1, "osteoporosis": 2}
    low, high = sorted((a, b))
    assert order[dxa.who_category(low)] >= order[dxa.who_category(high)]


def test_t_score_and_z_score_by_hand():
    # (0.80 - 1.00) / 0.12 = -1.666...
    assert dxa.t_score(0.80, 1.00, 0.12) == pytest.approx(-0.20 / 0.12)
    assert dxa.t_score(1.06, 1.00, 0.12) == pytest.approx(0.5)
    assert dxa.z_score(0.80, 0.85, 0.10) == pytest.approx(-0.5)
    assert dxa.who_category(dxa.t_score(0.70, 1.00, 0.12)) == "osteoporosis"   # exactly -2.5


@given(st.floats(0.3, 1.6), st.floats(0.5, 1.5), st.floats(0.05, 0.2))
def test_t_score_round_trip(bmd, mean, sd):
    t = dxa.t_score(bmd, mean, sd)
    assert mean + t * sd == pytest.approx(bmd)


def test_lsc_multiplier_is_196_times_root_2():
    by_hand = 1.959964 * math.sqrt(2)               # 2.7718...
    assert dxa.lsc_multiplier() == pytest.approx(by_hand, abs=0.005)
    assert dxa.lsc_multiplier() == evidence.value("iscd_least_significant_change",
                                                  "lsc_multiplier")
    # Other confidence levels from the normal distribution: 1.645 x sqrt(2) at 90 %.
    assert dxa.lsc_multiplier(0.90) == pytest.approx(1.644854 * math.sqrt(2), rel=1e-5)
    assert dxa.lsc_multiplier(0.99) > dxa.lsc_multiplier(0.95) > dxa.lsc_multiplier(0.80)


def test_least_significant_change_matches_the_published_examples():
    # dxa_typical_precision_lsc: 1 % precision -> 2.77 %, 2 % -> 5.54 % (95 % confidence).
    assert dxa.least_significant_change(1.0) == pytest.approx(2.77)
    assert dxa.least_significant_change(2.0) == pytest.approx(5.54)
    assert dxa.least_significant_change(1.5) == pytest.approx(4.155)


def test_repeat_interval_examples():
    # Levis & Altman (in dxa_typical_precision_lsc): 1 % precision and 3 %/y: about 1 year;
    # 1 %/y: about 3 years.
    assert dxa.years_to_detect(3.0, 1.0) == pytest.approx(2.77 / 3)
    assert round(dxa.years_to_detect(3.0, 1.0)) == 1
    assert round(dxa.years_to_detect(-1.0, 1.0)) == 3


def test_percent_change_and_is_real_change_by_hand():
    assert dxa.percent_change(0.900, 0.873) == pytest.approx(-3.0)
    # -3.0 % against LSC 2.77 % (1 % precision): real.
    assert dxa.is_real_change(0.900, 0.873, 1.0) is True
    # -3.0 % against LSC 4.155 % (1.5 % precision): within the noise.
    assert dxa.is_real_change(0.900, 0.873, 1.5) is False
    # Gains count too, and a change exactly at the LSC counts (ISCD: "equals or exceeds").
    assert dxa.is_real_change(1.000, 1.0277, 1.0) is True
    assert dxa.is_real_change(1.000, 1.0276, 1.0) is False
    # A change bigger than the precision but smaller than the LSC is not real.
    assert dxa.is_real_change(1.000, 0.980, 1.0) is False


def test_first_detectable_interpolates_the_crossing():
    t = np.array([0.0, 1.0, 2.0, 3.0])
    y = np.array([100.0, 99.0, 98.0, 97.0])          # 1 %/year
    assert dxa.first_detectable(t, y, 1.0) == pytest.approx(2.77)
    assert dxa.first_detectable(t, y, 2.0) is None   # LSC 5.54 % is never reached
    assert dxa.first_detectable(t, 200 - y, 1.0) == pytest.approx(2.77)   # gains as well


def test_cumulative_change_adds_or_compounds():
    assert dxa.cumulative_change(-0.05, 65) == pytest.approx(-3.25)
    # 0.9995**65 by the binomial series, 1 - 65 x + 2080 x^2 - 43680 x^3 + 677040 x^4 with
    # x = 0.0005: 1 - 0.0325 + 0.00052 - 0.00000546 + 0.0000000423 = 0.9680145823, so
    # -3.198542 % (the next term is 3e-10). Compounding loses a little less than adding.
    assert dxa.cumulative_change(-0.05, 65, compound=True) == pytest.approx(-3.198542, abs=2e-6)
    assert dxa.cumulative_change(1.0, 0) == 0.0


BAD_INPUTS = [float("nan"), float("inf"), -float("inf"), "1.0", None, [1.0], True, {}]


@pytest.mark.parametrize("bad", BAD_INPUTS + [-11.0, 10.5])
def test_who_category_rejects_bad_t_scores(bad):
    with pytest.raises(ValueError, match=r"t_score must be a number from -10 to 10"):
        dxa.who_category(bad)


def test_who_category_rejects_a_non_bool_fracture_flag():
    with pytest.raises(ValueError, match="fragility_fracture"):
        dxa.who_category(-3.0, fragility_fracture="yes")


@pytest.mark.parametrize("bad", BAD_INPUTS + [0.0, -0.8, 6.0])
@pytest.mark.parametrize("position", ["bmd", "young_mean"])
def test_t_score_rejects_bad_bmd(bad, position):
    args = {"bmd": 0.8, "young_mean": 1.0, "young_sd": 0.12, position: bad}
    with pytest.raises(ValueError, match=rf"{position} must be a number above 0 and at most 5"):
        dxa.t_score(**args)


@pytest.mark.parametrize("bad", BAD_INPUTS + [0.0, -0.1, 2.0])
def test_t_score_rejects_bad_sd(bad):
    with pytest.raises(ValueError, match=r"young_sd must be a number above 0 and at most 1"):
        dxa.t_score(0.8, 1.0, bad)


@pytest.mark.parametrize("bad", BAD_INPUTS + [0.0, -1.0, 12.0])
def test_least_significant_change_rejects_bad_precision(bad):
    with pytest.raises(ValueError,
                       match=r"precision_percent must be a number above 0 and at most 10"):
        dxa.least_significant_change(bad)


@pytest.mark.parametrize("bad", BAD_INPUTS + [0.2, 1.0, 95])
def test_least_significant_change_rejects_bad_confidence(bad):
    with pytest.raises(ValueError, match=r"confidence must be a number from 0.5 to 0.999"):
        dxa.least_significant_change(1.0, confidence=bad)


@pytest.mark.parametrize("bad", BAD_INPUTS + [0.0, -0.2])
def test_is_real_change_rejects_bad_bmd(bad):
    with pytest.raises(ValueError, match="bmd_after"):
        dxa.is_real_change(0.9, bad, 1.0)
    with pytest.raises(ValueError, match="bmd_before"):
        dxa.is_real_change(bad, 0.9, 1.0)


def test_other_bad_inputs_name_their_argument():
    with pytest.raises(ValueError, match="rate_percent_per_year"):
        dxa.years_to_detect(0.0, 1.0)
    with pytest.raises(ValueError, match="steps"):
        dxa.cumulative_change(-0.05, 6.5)
    with pytest.raises(ValueError, match="t_years and bmd_percent"):
        dxa.first_detectable([0, 1], [100.0], 1.0)
    with pytest.raises(ValueError, match="t_years and bmd_percent"):
        dxa.first_detectable({}, ["a", "b"], 1.0)
