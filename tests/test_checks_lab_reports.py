"""Answer key of exercise set 2.2 (course_lib.checks.lab_reports): right, wrong, empty, junk.

Expected values are hand arithmetic on the published rule (North Bristol NHS 2022: sample 7
days before the period; >30 nmol/L confirms ovulation, 12-30 repeat), the conversion
1 ng/mL = 3.18 nmol/L, Israel 1972's 3 ng/mL, and a central-95 % reference interval.
"""

import pytest
from checkhelpers import assert_incorrect_with_hint, assert_never_raises, assert_unanswered

from course_lib.checks import lab_reports as k
from course_lib.dxa import least_significant_change
from course_lib.model import simulate, simulate_history
from course_lib.regimens import regimen

CLASSIC_NMOL = 3 * 3.18          # 9.54 nmol/L


@pytest.fixture(scope="module")
def lsc_years():
    """First time the spine BMD change on CEE + MPA (after transition + 3 years) reaches the
    LSC at 1.2 % precision (typical AP-spine precision), interpolated between samples here
    (independent of the key and of dxa.first_detectable)."""
    start = simulate_history([("menopause_transition", 3), ("postmenopause", 3)]).final
    r = simulate(regimen("estrogen_progestin_mpa"), years=5, start=start)
    lsc = least_significant_change(1.2)
    change = r.bmd_percent - 100
    i = next(i for i, c in enumerate(change) if c >= lsc)
    t0, t1, c0, c1 = r.t_years[i - 1], r.t_years[i], change[i - 1], change[i]
    return t0 + (lsc - c0) / (c1 - c0) * (t1 - t0)


def questions(lsc_years):
    return [
        (k.report_a, "consistent with ovulation", [(k.READINGS[1], "12-30")]),
        (k.report_b, "wrongly timed: repeat 7 days before the expected period",
         [(k.READINGS[2], "timing")]),
        (k.report_c, "borderline: repeat with careful timing",
         [(k.READINGS[0], "above 30")]),
        (k.threshold_in_nmol, CLASSIC_NMOL, [(3 / 3.18, "multiply")]),
        (k.uk_cutoff_ratio, 30 / CLASSIC_NMOL, [(30 / 3, "convert"),
                                                 (CLASSIC_NMOL / 30, "below 1")]),
        (k.saliva_for_dosing, k.SALIVA_OPTIONS[1], [(k.SALIVA_OPTIONS[0], "Menopause Society")]),
        (k.outside_reference_share, 5.0, [(95.0, "inside"), (2.5, "one tail"),
                                          (0.05, "percentage")]),
        (k.years_to_lsc_on_ept, lsc_years, [(lsc_years * 12, "months")]),
    ]


def test_rule_read_from_the_evidence_is_the_published_one():
    assert (k.RULE.days_before, k.RULE.confirms_above, k.RULE.repeat_from) == (7, 30, 12)


@pytest.mark.parametrize("level, day, length, reading", [
    (31, 21, 28, 0), (30, 21, 28, 1), (12, 21, 28, 1), (11.9, 21, 28, 2),
    (50, 21, 35, 3), (50, 28, 35, 0), (50, 22, 28, 0), (50, 23, 28, 3),
])
def test_interpretation_follows_the_rule(level, day, length, reading):
    assert k.interpret_progesterone(level, day, length) == k.READINGS[reading]


@pytest.mark.parametrize("bad", [(-1, 21, 28), (30, 0, 28), (30, 21, 70), (True, 21, 28)])
def test_interpretation_refuses_bad_input(bad):
    with pytest.raises(ValueError, match="must"):
        k.interpret_progesterone(*bad)


def test_lsc_is_reached_within_one_to_two_years(lsc_years):
    # The lesson's point: BMD needs 1-2 years to exceed the LSC at the spine on therapy.
    assert 1.0 <= lsc_years <= 2.0


def test_right_answers_are_correct(lsc_years):
    for check, right, _ in questions(lsc_years):
        fb = check(right)
        assert fb.status == "correct", (check.__name__, fb.text)


def test_typical_wrong_answers_get_a_specific_hint(lsc_years):
    for check, _, wrongs in questions(lsc_years):
        for wrong, words in wrongs:
            assert_incorrect_with_hint(check(wrong), words)


def test_unanswered_and_junk(lsc_years):
    for check, _, _ in questions(lsc_years):
        assert_unanswered(check)
        assert_never_raises(check)


def test_practice_reports_are_printed_as_made_up(capsys):
    p = k.practice("report_b")
    assert capsys.readouterr().out.startswith("Practice numbers (made up")
    assert (p.cycle_length_days, p.sample_day) == (35, 21)
