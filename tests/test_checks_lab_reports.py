"""Answer key of exercise set 2.2 (course_lib.checks.lab_reports): right, wrong, empty, junk.

Expected values are hand arithmetic on the published rule (North Bristol NHS 2022: sample 7
days before the period; >30 nmol/L confirms ovulation, 12-30 repeat), the conversion
1 ng/mL = 3.18 nmol/L, Israel 1972's 3 ng/mL, and a central-95 % reference interval.
"""

import pytest
from checkhelpers import (
    assert_incorrect_with_hint,
    assert_questions_hint_wrongs,
    assert_questions_right,
    assert_questions_survive_junk,
)

from course_lib.checks import lab_reports as k

CLASSIC_NMOL = 3 * 3.18          # 9.54 nmol/L


LSC_YEARS = 2.77 * 1.2 / 1.6     # ISCD 2.77 x typical AP-spine precision 1.2 %, at PEPI's
                                 # +1.6 %/year on CEE + continuous MPA: about 2.1 years


@pytest.fixture(scope="module")
def lsc_years():
    return LSC_YEARS


def questions(lsc_years):
    return [
        # report A is well timed: a misreading is pointed at the level, not the timing
        (k.report_a, "consistent with ovulation", [(k.READINGS[1], "compare 38 nmol/L"),
                                                   (k.READINGS[2], "timing is right"),
                                                   (k.READINGS[3], "timing is fine")]),
        (k.report_b, "wrongly timed: repeat 7 days before the expected period",
         [(k.READINGS[2], "check the timing"), (k.READINGS[0], "check the timing")]),
        (k.report_c, "borderline: repeat with careful timing",
         [(k.READINGS[0], "compare 18 nmol/L"), (k.READINGS[2], "timing is right")]),
        (k.threshold_in_nmol, CLASSIC_NMOL, [(3 / 3.18, "multiply"), (10, "about 10")]),
        (k.uk_cutoff_ratio, 30 / CLASSIC_NMOL, [(30 / 3, "convert"),
                                                 (CLASSIC_NMOL / 30, "below 1"),
                                                 (3, "about three times")]),
        (k.saliva_for_dosing, k.SALIVA_OPTIONS[1], [(k.SALIVA_OPTIONS[0], "Menopause Society")]),
        (k.outside_reference_share, 5.0, [(95.0, "inside"), (2.5, "one tail"),
                                          (0.05, "percentage")]),
        (k.years_to_lsc_at_pepi_rate, lsc_years, [(lsc_years * 12, "months"),
                                                  (1.2 / 1.6, "2.77"),
                                                  (2.77 * 1.2 * 1.6, "divide")]),
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


def test_lsc_takes_about_two_years_at_a_trial_rate(lsc_years):
    # The lesson's point: at a trial's rate of gain BMD needs 1-2 years or more to pass the LSC.
    assert 1.5 <= lsc_years <= 2.5


def test_right_answers_are_correct(lsc_years):
    assert_questions_right(questions(lsc_years))


def test_typical_wrong_answers_get_a_specific_hint(lsc_years):
    assert_questions_hint_wrongs(questions(lsc_years))


def test_unanswered_and_junk(lsc_years):
    assert_questions_survive_junk(questions(lsc_years))


def test_practice_reports_are_printed_as_made_up(capsys):
    p = k.practice("report_b")
    assert capsys.readouterr().out.startswith("Practice numbers (made up")
    assert (p.cycle_length_days, p.sample_day) == (35, 21)


def test_rounded_answers_and_hints_point_at_what_the_lesson_taught(lsc_years):
    # the question asks for 1 decimal place: 2.1 (and 2.08) are right, 2 gets the rounding hint
    assert k.years_to_lsc_at_pepi_rate(2.1).status == "correct"
    assert k.years_to_lsc_at_pepi_rate(2.08).status == "correct"
    assert_incorrect_with_hint(k.years_to_lsc_at_pepi_rate(2), "1 decimal place")
    assert k.years_to_lsc_at_pepi_rate(2.5).status == "incorrect"
    # the rounded values the lesson teaches get their own hint
    assert_incorrect_with_hint(k.threshold_in_nmol(10), "2 decimal places")
    assert_incorrect_with_hint(k.uk_cutoff_ratio(3), "2 decimal places")
    assert k.threshold_in_nmol(9.54).status == k.uk_cutoff_ratio(3.14).status == "correct"
    # the hint for "only for progesterone" no longer sends students to studies the lesson
    # never shows
    text = k.saliva_for_dosing("only for progesterone, not for estradiol").text
    assert "cream studies" not in text and "progesterone" in text
