"""Answer key of exercise set 1.1 (course_lib.checks.remodeling_balance).

Expected values here are computed independently of the key: by hand from the stated practice
numbers, from the evidence data read directly, or from a model run made here the way a
student makes it.
"""

import json
from pathlib import Path

import numpy as np
import pytest
from checkhelpers import assert_incorrect_with_hint, assert_never_raises, assert_unanswered
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from course_lib import evidence, scenarios
from course_lib.checks import remodeling_balance as key
from course_lib.model import DAYS_PER_YEAR, Hormones, simulate

NUMBER_QUESTIONS = [
    key.net_balance_per_cycle, key.percent_unfilled, key.formation_to_resorption_ratio,
    key.years_to_lose_10_linear, key.years_to_lose_10_model,
]
ALL_QUESTIONS = NUMBER_QUESTIONS + [key.peak_at_thirty, key.burst_was_transient]
SOLUTION = Path(__file__).resolve().parents[1] / "solutions" / "1.1_remodeling_balance.ipynb"


@pytest.fixture(scope="module")
def lesson_run():
    """The run a student's exercise makes for questions 4 and 5 (Lesson 1.1's lowest
    estradiol, at the spine)."""
    return simulate(Hormones(estradiol=0.1), years=20, site="spine")   # typed here on purpose


# --------------------------------------------------------------------------- every question


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=lambda f: f.__name__)
def test_unanswered_and_junk(question):
    assert_unanswered(question)
    assert_never_raises(question)


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
    assert_incorrect_with_hint(key.net_balance_per_cycle(-9.5), "only the bone laid down")
    assert key.net_balance_per_cycle(-1.0).status == "incorrect"


@settings(max_examples=50, deadline=None)
@given(removed=st.floats(1, 1000), fraction=st.floats(0.5, 0.999))
def test_net_balance_with_other_practice_numbers(removed, fraction):
    refilled = removed * fraction
    assert key.net_balance_per_cycle(refilled - removed, removed=removed,
                                     refilled=refilled).status == "correct"
    # the sign slip is told apart only when it differs by more than the 1-decimal rounding
    assume(removed - refilled >= 0.1)
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
    assert_incorrect_with_hint(key.percent_unfilled(-5.0), "minus sign")


# --------------------------------------------------------------------------- Q3: phases


def test_formation_to_resorption_ratio():
    # Prior 2018: resorption about 3 weeks, formation 3-4 months (13 to 17.4 weeks)
    weeks = evidence.value("remodeling_prior2018_statement", "resorption")
    assert weeks == 3
    for months, weeks_per_month in [(3, 4.0), (3.5, 4.3), (4, 4.35), (3, 4.33)]:
        ratio = months * weeks_per_month / weeks
        assert key.formation_to_resorption_ratio(ratio).status == "correct", ratio
    assert_incorrect_with_hint(key.formation_to_resorption_ratio(3.5 / 3), "months by weeks")
    assert_incorrect_with_hint(key.formation_to_resorption_ratio(3 / (3.5 * 4.3)),
                               "wrong way round")
    assert_incorrect_with_hint(key.formation_to_resorption_ratio(3.5 * 4.3), "divide it")
    assert key.formation_to_resorption_ratio(10.0).status == "incorrect"
    assert key.formation_to_resorption_ratio(2.0).status == "incorrect"


# --------------------------------------------------------------------------- Q4: by reasoning


def test_lesson_exercise_and_key_share_one_named_run():
    """Questions 4 and 5 use Lesson 1.1's lowest-estradiol run, defined once by name."""
    run = key.lesson_run()
    assert np.array_equal(run.bmd_percent, scenarios.low_estradiol_run().bmd_percent)
    assert run.hormones[0].estradiol == scenarios.LOW_ESTRADIOL == 0.1
    assert run.site == "spine" and run.t_years[-1] == pytest.approx(20)


def test_years_to_lose_10_linear_from_the_model_rate(lesson_run):
    rate = 100 - lesson_run.at(1)["bmd_percent"]
    assert rate > 0  # the model loses bone with lower estradiol
    assert key.years_to_lose_10_linear(10 / rate).status == "correct"
    assert key.years_to_lose_10_linear(round(10 / round(rate, 2), 2)).status == "correct"
    assert key.years_to_lose_10_linear(round(10 / rate, 1)).status == "correct"  # as asked
    # the rate rounded to a whole percent gives fewer decimals than asked: the rounding hint
    assert_incorrect_with_hint(key.years_to_lose_10_linear(round(10 / round(rate))),
                               "1 decimal place")
    assert_incorrect_with_hint(key.years_to_lose_10_linear(rate / 10), "wrong way round")
    assert_incorrect_with_hint(key.years_to_lose_10_linear(1 / rate), "wrong way round")
    assert_incorrect_with_hint(key.years_to_lose_10_linear(10 * rate), "multiplied")
    assert_incorrect_with_hint(key.years_to_lose_10_linear(-10 / rate), "positive")
    assert_incorrect_with_hint(key.years_to_lose_10_linear(100 / rate), "100 %")
    assert_incorrect_with_hint(key.years_to_lose_10_linear(90 / rate), "90")
    assert_incorrect_with_hint(key.years_to_lose_10_linear(10 / (100 - rate)), "lost")
    assert_incorrect_with_hint(key.years_to_lose_10_linear(lesson_run.time_to(90)),
                               "question 5")


def test_years_to_lose_10_linear_other_rate():
    assert key.years_to_lose_10_linear(5.0, rate=2.0).status == "correct"
    assert key.years_to_lose_10_linear(20.0, rate=2.0).status == "incorrect"
    # 1 / rate, e.g. 1.16 for 0.86 %/yr, is the classic upside-down division
    assert_incorrect_with_hint(key.years_to_lose_10_linear(1 / 0.86, rate=0.86),
                               "wrong way round")
    assert_incorrect_with_hint(key.years_to_lose_10_linear(0.086, rate=0.86),
                               "wrong way round")


# --------------------------------------------------------------------------- Q5: model


def test_years_to_lose_10_model(lesson_run):
    years = lesson_run.time_to(90)
    assert years is not None and 0 < years < 20
    assert key.years_to_lose_10_model(years).status == "correct"
    # a student's longer run (coarser or finer grid) gives the same answer within tolerance
    longer = simulate(Hormones(estradiol=0.1), years=30, site="spine").time_to(90)
    assert key.years_to_lose_10_model(longer).status == "correct"
    assert_incorrect_with_hint(key.years_to_lose_10_model(90), "when")
    assert_incorrect_with_hint(key.years_to_lose_10_model(years * DAYS_PER_YEAR), "days")


def test_model_loss_slows_so_linear_estimate_is_flagged(lesson_run):
    first_year_loss = 100 - lesson_run.at(1)["bmd_percent"]
    linear = 10 / first_year_loss
    # physics of the model: loss slows, so the straight line reaches 90 % sooner
    assert linear < 0.8 * lesson_run.time_to(90)
    assert_incorrect_with_hint(key.years_to_lose_10_model(linear), "straight-line", "slows")


def test_model_loss_slows_but_goes_on(lesson_run):
    # model behaviour behind question 5: loss is fastest at first and slows, but does not stop
    long = simulate(Hormones(estradiol=0.1), years=30, site="spine")
    late = long.at(30)["bmd_percent"] - long.at(20)["bmd_percent"]
    early = long.at(10)["bmd_percent"] - long.at(0)["bmd_percent"]
    assert early < late < -0.5


def test_years_to_lose_10_model_hip_is_flagged():
    spine = simulate(Hormones(estradiol=0.1), years=20, site="spine").time_to(90)
    hip = simulate(Hormones(estradiol=0.1), years=40, site="hip").time_to(90)
    assert hip is not None and hip > spine  # cortical-rich hip changes more slowly
    assert key.years_to_lose_10_model(hip).status == "incorrect"
    within_run = key.lesson_run(site="hip").time_to(90)   # the exercise's 20-year run
    if within_run is not None:
        assert_incorrect_with_hint(key.years_to_lose_10_model(within_run), "hip")


# --------------------------------------------------------------------------- Q6: peak


def test_peak_at_thirty():
    # Xue 2020 as published: women's total hip 19.0 y, lumbar spine 20.1 y (NHANES 2005-2014).
    assert key.peak_at_thirty(False).status == "correct"
    fb = key.peak_at_thirty(True)
    assert_incorrect_with_hint(fb, "19.0 years at the total hip", "20.1 years at the lumbar spine",
                               "other sites")
    assert key.peak_at_thirty("False").status == "invalid"
    assert key.peak_at_thirty(0).status == "invalid"


def test_peak_question_names_its_sites():
    # The claim is site-specific: the question and the key name the total hip and lumbar spine.
    assert set(key.PEAK_SITES.values()) == {"total hip", "lumbar spine"}
    cells = json.loads(SOLUTION.read_text())["cells"]
    question = next("".join(c["source"]) for c in cells
                    if "### Q6." in "".join(c["source"]))
    assert "total hip" in question and "lumbar spine" in question and "NHANES" in question


# --------------------------------------------------------------------------- Q7: transient


def test_burst_is_a_remodeling_transient():
    # Made here as Lesson 1.1 makes it: twice the osteoclasts at the spine, 180 days, daily
    # steps. BMD dips, then is back at its start: a transient, not a lasting loss.
    from course_lib.model import State

    start = State.reference("spine", osteoclasts=2.0)
    r = simulate(Hormones(), years=180 / 365.25, site="spine", start=start, dt_days=1.0)
    assert min(r.bmd_percent) < 99.9 and abs(r.bmd_change) < 0.05
    assert key.burst_was_transient("remodeling transient").status == "correct"
    assert_incorrect_with_hint(key.burst_was_transient("lasting loss"), "refilled",
                               "remodeling transient")


def test_the_burst_is_defined_once_and_shared():
    # One named run, scenarios.burst_run(): the same as the lesson's burst made by hand; the
    # lesson, the solution and the key all call it, and none types its settings again.
    import inspect

    from course_lib.model import State

    start = State.reference("spine", osteoclasts=2.0)
    by_hand = simulate(Hormones(), years=180 / DAYS_PER_YEAR, site="spine", start=start,
                       dt_days=1.0)
    shared = scenarios.burst_run()
    assert np.allclose(shared.bmd_percent, by_hand.bmd_percent)
    assert "scenarios.burst_run()" in inspect.getsource(key.burst_was_transient)
    assert not hasattr(key, "burst_run") and not hasattr(key, "BURST_RUN")
    lesson = SOLUTION.parents[1] / "notebooks" / "fundamentals" / "1.1_bone_is_living_tissue.ipynb"
    for path in (lesson, SOLUTION):
        code = "\n".join("".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"]
                         if c["cell_type"] == "code")
        assert "scenarios.burst_run()" in code, path.name
        assert "osteoclast_burst" not in code and "one_cycle(" not in code, path.name


@pytest.mark.parametrize("answer", ["remodelling transient", "Transient", "a remodeling transient"])
def test_burst_answer_in_british_spelling_or_short(answer):
    assert key.burst_was_transient(answer).status == "correct"
    assert key.burst_was_transient("lasting").status == "incorrect"


def test_model_years_rounded_to_a_whole_number_is_told_to_keep_decimals(lesson_run):
    years = lesson_run.time_to(90)
    rounded = float(round(years)) if abs(round(years) - years) > 0.02 * years else years * 1.04
    fb = key.years_to_lose_10_model(rounded)
    assert fb.status == "incorrect" and "Close" in fb.hint, fb.text
