"""Answer key of exercise set 1.1 (course_lib.checks.remodeling_balance).

Expected values here are computed independently of the key: by hand from the stated practice
numbers, from the evidence data read directly, or from a model run made here the way a
student makes it.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import evidence
from course_lib.checks import remodeling_balance as key
from course_lib.model import simulate
from course_lib.regimens import regimen

JUNK = ["abc", "10", [1, 2], [0.5], {"a": 1}, float("nan"), float("inf"), -float("inf"),
        np.array([1.0, 2.0]), object(), 1e400, complex(1, 2), b"1"]

NUMBER_QUESTIONS = [
    key.net_balance_per_cycle, key.percent_unfilled, key.formation_to_resorption_ratio,
    key.years_to_lose_10_linear, key.linear_years_from_model, key.years_to_lose_10_model,
]
ALL_QUESTIONS = NUMBER_QUESTIONS + [key.peak_at_thirty]


def assert_incorrect_with_hint(fb, *words):
    assert fb.status == "incorrect", fb.text
    assert fb.hint, fb.text
    for w in words:
        assert w.lower() in fb.hint.lower(), fb.text


@pytest.fixture(scope="module")
def postmenopause_spine():
    """The run a student makes for questions 5 and 6."""
    return simulate(regimen("postmenopause"), years=20, site="spine")


# --------------------------------------------------------------------------- every question


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=lambda f: f.__name__)
def test_none_is_unanswered(question):
    assert question(None).status == "unanswered"
    assert question(...).status == "unanswered"


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("junk", JUNK, ids=repr)
def test_junk_never_raises(question, junk):
    fb = question(junk)
    assert fb.status in ("invalid", "incorrect")
    assert "0x" not in fb.text  # no memory addresses
    assert fb.text == question(junk).text  # deterministic


@pytest.mark.parametrize("question", NUMBER_QUESTIONS, ids=lambda f: f.__name__)
def test_bool_is_not_a_number(question):
    assert question(True).status == "invalid"


# --------------------------------------------------------------------------- Q1, Q2: one BMU


def test_practice_numbers_are_labelled(capsys):
    p = key.practice("one_bmu")
    out = capsys.readouterr().out
    assert "made up" in out and "not data" in out
    assert (p.removed, p.refilled) == (10.0, 9.5)


def test_net_balance_right_answer():
    # 9.5 refilled - 10 removed = -0.5 units
    assert key.net_balance_per_cycle(-0.5).status == "correct"
    assert key.net_balance_per_cycle(np.float64(-0.5)).status == "correct"


def test_net_balance_typical_mistakes():
    assert_incorrect_with_hint(key.net_balance_per_cycle(0.5), "wrong way round")
    assert_incorrect_with_hint(key.net_balance_per_cycle(0.95), "ratio")
    assert_incorrect_with_hint(key.net_balance_per_cycle(-5.0), "percentage")
    assert_incorrect_with_hint(key.net_balance_per_cycle(19.5), "subtract")
    assert key.net_balance_per_cycle(-1.0).status == "incorrect"


@settings(max_examples=50, deadline=None)
@given(removed=st.floats(1, 1000), fraction=st.floats(0.5, 0.999))
def test_net_balance_with_other_practice_numbers(removed, fraction):
    refilled = removed * fraction
    assert key.net_balance_per_cycle(refilled - removed, removed=removed,
                                     refilled=refilled).status == "correct"
    fb = key.net_balance_per_cycle(removed - refilled, removed=removed, refilled=refilled)
    assert fb.status == "incorrect" and fb.hint


def test_percent_unfilled():
    # (10 - 9.5) / 10 x 100 = 5 %
    assert key.percent_unfilled(5.0).status == "correct"
    assert key.percent_unfilled(5).status == "correct"
    assert_incorrect_with_hint(key.percent_unfilled(95.0), "refilled")
    assert_incorrect_with_hint(key.percent_unfilled(0.5 / 9.5 * 100), "divided by")
    assert_incorrect_with_hint(key.percent_unfilled(0.5), "units")
    assert_incorrect_with_hint(key.percent_unfilled(0.05), "fraction")


# --------------------------------------------------------------------------- Q3: phases


def test_formation_to_resorption_ratio():
    # Prior 2018: resorption about 3 weeks, formation 3-4 months (13 to 17.4 weeks)
    weeks = evidence.number("remodeling_prior2018_statement", "resorption")
    assert weeks == 3
    for months, weeks_per_month in [(3, 4.0), (3.5, 4.3), (4, 4.35), (3, 4.33)]:
        ratio = months * weeks_per_month / weeks
        assert key.formation_to_resorption_ratio(ratio).status == "correct", ratio
    assert_incorrect_with_hint(key.formation_to_resorption_ratio(3.5 / 3), "months by weeks")
    assert_incorrect_with_hint(key.formation_to_resorption_ratio(3 / (3.5 * 4.3)),
                               "wrong way round")
    assert key.formation_to_resorption_ratio(10.0).status == "incorrect"
    assert key.formation_to_resorption_ratio(2.0).status == "incorrect"


# --------------------------------------------------------------------------- Q4: by reasoning


def test_years_to_lose_10_linear_from_li2014():
    rate = abs(evidence.number("li2014_ovulatory_disturbance_meta", "wmd_spine_bmd"))
    assert rate == pytest.approx(0.86)
    assert key.years_to_lose_10_linear(10 / rate).status == "correct"
    assert key.years_to_lose_10_linear(11.6).status == "correct"
    assert key.years_to_lose_10_linear(12).status == "correct"  # rounded to whole years
    assert_incorrect_with_hint(key.years_to_lose_10_linear(rate / 10), "wrong way round")
    assert_incorrect_with_hint(key.years_to_lose_10_linear(10 * rate), "multiplied")
    assert_incorrect_with_hint(key.years_to_lose_10_linear(-10 / rate), "positive")


def test_years_to_lose_10_linear_other_rate():
    assert key.years_to_lose_10_linear(5.0, rate=2.0).status == "correct"
    assert key.years_to_lose_10_linear(20.0, rate=2.0).status == "incorrect"


# --------------------------------------------------------------------------- Q5, Q6: model


def test_linear_years_from_model(postmenopause_spine):
    first_year_loss = 100 - postmenopause_spine.at(1)["bmd_percent"]
    assert first_year_loss > 0  # the model loses bone after menopause
    assert key.linear_years_from_model(10 / first_year_loss).status == "correct"
    assert_incorrect_with_hint(key.linear_years_from_model(first_year_loss / 10),
                               "wrong way round")
    assert_incorrect_with_hint(key.linear_years_from_model(first_year_loss), "divide")
    assert_incorrect_with_hint(key.linear_years_from_model(postmenopause_spine.time_to(90)),
                               "question 6")


def test_years_to_lose_10_model(postmenopause_spine):
    years = postmenopause_spine.time_to(90)
    assert years is not None and 0 < years < 20
    assert key.years_to_lose_10_model(years).status == "correct"
    # a student's longer run (coarser or finer grid) gives the same answer within tolerance
    longer = simulate(regimen("postmenopause"), years=30, site="spine").time_to(90)
    assert key.years_to_lose_10_model(longer).status == "correct"


def test_model_loss_slows_so_linear_estimate_is_flagged(postmenopause_spine):
    first_year_loss = 100 - postmenopause_spine.at(1)["bmd_percent"]
    linear = 10 / first_year_loss
    # physics of the model: loss slows, so the straight line reaches 90 % sooner
    assert linear < postmenopause_spine.time_to(90)
    assert_incorrect_with_hint(key.years_to_lose_10_model(linear), "linear estimate", "slows")


def test_years_to_lose_10_model_hip_is_flagged():
    hip = simulate(regimen("postmenopause"), years=20, site="hip").time_to(90)
    spine = simulate(regimen("postmenopause"), years=20, site="spine").time_to(90)
    assert hip is not None and hip > spine  # cortical-rich hip changes more slowly
    assert_incorrect_with_hint(key.years_to_lose_10_model(hip), "hip")


# --------------------------------------------------------------------------- Q7: peak


def test_peak_at_thirty():
    ages = [evidence.number("peak_bmd_age_xue2020", k)
            for k in ("women_total_hip", "women_lumbar_spine")]
    assert all(a < 25 for a in ages)  # the survey's peak ages are far from 30
    assert key.peak_at_thirty(False).status == "correct"
    assert_incorrect_with_hint(key.peak_at_thirty(True), "19")
    assert key.peak_at_thirty("False").status == "invalid"
    assert key.peak_at_thirty(0).status == "invalid"


# --------------------------------------------------------------------------- lesson helpers


def test_one_cycle_returns_to_balance():
    r = key.one_cycle(osteoclast_burst=2.0, days=180)
    assert r.osteoclasts[0] == pytest.approx(2.0)
    assert r.bmd_percent.min() < 100.0  # resorption first: BMD dips
    assert r.bmd_percent[-1] == pytest.approx(100.0, abs=0.05)  # then refills
    t_clast = r.t_years[np.argmax(r.osteoclasts)]
    t_blast = r.t_years[np.argmax(r.osteoblasts)]
    assert t_clast < t_blast  # osteoclasts lead, osteoblasts follow


def test_print_cycle_stays_within_the_run(capsys):
    key.print_cycle(key.one_cycle(days=30))
    out = capsys.readouterr().out
    assert "model outputs" in out
    assert not any(line.strip().startswith("42") for line in out.splitlines())
    assert math.isfinite(key.one_cycle(days=30).bmd_change)
