"""Answer key of exercise set 1.5 (course_lib.checks.dxa_reading): right, wrong, empty, junk."""

import math
from pathlib import Path

import pytest
from checkhelpers import answer_blocks_are_self_contained, assert_never_raises, assert_unanswered

from course_lib import dxa, scenarios
from course_lib.checks import Feedback, dxa_reading
from course_lib.model import simulate
from course_lib.regimens import regimen

ROOT = Path(__file__).resolve().parents[1]

PR = dxa_reading.PRACTICE
# Independent hand arithmetic on the practice numbers (pinned in the test below).
T_CATEGORIES = ["normal", "normal", "osteopenia", "osteoporosis", "osteoporosis"]
T_SCORE = -1.5                       # (0.82 - 1.00) / 0.12 = -0.18 / 0.12
LSC_MULTIPLIER = 1.959964 * math.sqrt(2)                      # 2.7718 ~ ISCD's 2.77
LSC = 4.155                          # 2.77 x 1.5 %
SP = PR["scan_pair"]
CHANGE = -2.960526                   # (0.885 - 0.912) / 0.912 x 100 = -2.7 / 0.912
IS_REAL = False                      # |0.885 - 0.912| = 0.027 g/cm2 < 2.77 x 0.011 = 0.0305
PM = PR["premenopausal"]
# ISCD 2005: before menopause read the Z-score; -2.0 or lower is "below the expected range for
# age". Her Z-score -1.4 is above -2.0; her T-score -2.6 would be "osteoporosis" by WHO.
PREMENOPAUSAL = "within the expected range for age"


def test_practice_numbers_are_the_ones_the_hand_arithmetic_uses():
    assert PR["t_scores"]["t_scores"] == (0.4, -1.0, -1.7, -2.5, -3.1)
    assert PR["bmd_to_t"] == {"bmd": 0.82, "young_mean": 1.00, "young_sd": 0.12}
    assert PR["precision"] == {"precision_percent": 1.5}
    assert SP == {"bmd_before": 0.912, "bmd_after": 0.885, "precision_g_per_cm2": 0.011}
    assert PM == {"age": 34, "t_score": -2.6, "z_score": -1.4}
    assert PR["model_monitoring"]["precision_percent"] == 1.0


def test_scan_pair_is_between_precision_and_lsc():
    # The practice pair is chosen so that the change beats the precision but not the LSC,
    # both in g/cm2 (as the ISCD prefers).
    change = abs(SP["bmd_after"] - SP["bmd_before"])
    assert SP["precision_g_per_cm2"] < change < 2.77 * SP["precision_g_per_cm2"]


def test_premenopausal_practice_patient_tells_t_from_z():
    # Her T-score would read as osteoporosis; her Z-score is within the range for age.
    assert PM["t_score"] <= -2.5 < -2.0 < PM["z_score"]


@pytest.fixture(scope="module")
def model_years():
    """Independent of the key: chain the runs by hand, find the LSC crossing by bisection."""
    out = {}
    for site in ("spine", "hip"):
        s = simulate(regimen("menopause_transition"), years=3, site=site).final
        r = simulate(regimen("postmenopause"), years=20, site=site, start=s)
        target = 100 - 2.77 * PR["model_monitoring"]["precision_percent"]
        lo, hi = 0.0, 20.0
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if r.at(mid)["bmd_percent"] > target else (lo, mid)
        precision_crossing = r.time_to(100 - PR["model_monitoring"]["precision_percent"])
        out[site] = (lo, precision_crossing)
    return out


def questions(model_years):
    spine, at_precision = model_years["spine"]
    return [
        (dxa_reading.classify_t_scores, T_CATEGORIES, [
            (["normal", "normal", "osteopenia", "osteopenia", "osteoporosis"],
             "-2.5 itself counts as osteoporosis: the WHO cut-off is inclusive"),
            (["normal", "osteopenia", "osteopenia", "osteoporosis", "osteoporosis"],
             "-1.0 is still normal"),
            (["normal", "normal", "osteopenia", "severe osteoporosis", "osteoporosis"],
             "fragility fracture"),
            (["normal", "normal", "osteoporosis", "osteoporosis", "osteoporosis"],
             "osteopenia: below -1.0 and above -2.5"),
            (["normal", "normal", "osteopenia", "osteoporosis"], "5 are expected"),
            (["normal", "normal", "osteopenia", "osteoporosis", "brittle"], "not a WHO category"),
        ]),
        (dxa_reading.t_score_from_bmd, T_SCORE, [
            (PR["bmd_to_t"]["bmd"] - PR["bmd_to_t"]["young_mean"], "Divide"),
            (PR["bmd_to_t"]["bmd"] / PR["bmd_to_t"]["young_mean"], "Subtract"),
            (-T_SCORE, "sign"),
            (T_SCORE * 2, "T-score ="),
            (PR["bmd_to_t"]["young_sd"] / (PR["bmd_to_t"]["bmd"] - PR["bmd_to_t"]["young_mean"]),
             "wrong way round"),
        ]),
        (dxa_reading.premenopausal_reading, PREMENOPAUSAL, [
            ("osteoporosis", "WHO categories, which are for women after menopause"),
            ("osteopenia", "That is a WHO T-score category"),
            ("low bone mass", "That is a WHO T-score category"),
            ("normal", "That is a WHO T-score category"),
            ("below the expected range for age", "-2.0 or lower"),
        ]),
        (dxa_reading.lsc_for_precision, LSC, [
            (PR["precision"]["precision_percent"], "Multiply the precision by 2.77"),
            (1.96 * PR["precision"]["precision_percent"], "not 1.96"),
            (math.sqrt(2) * PR["precision"]["precision_percent"], "factor 1.96"),
            (LSC * 2, "LSC = 2.77 x precision"),
            (PR["precision"]["precision_percent"] / 2.77, "divides by 2.77"),
        ]),
        (dxa_reading.percent_change_between_scans, CHANGE, [
            (SP["bmd_after"] - SP["bmd_before"], "Divide the change by the first scan"),
            ((SP["bmd_after"] - SP["bmd_before"]) / SP["bmd_after"] * 100, "first (baseline)"),
            (-CHANGE, "sign"),
        ]),
        (dxa_reading.change_is_real, IS_REAL, [
            (not IS_REAL, "compare the change with the LSC, not with the precision"),
        ]),
        (dxa_reading.model_years_to_detect, spine, [
            (at_precision, "Compare with the LSC, not with the precision"),
            (model_years["hip"][0], "site=\"spine\""),
            (spine * 2, "monitoring_run"),
        ]),
    ]


def test_right_answers_are_correct(model_years):
    for check, right, _ in questions(model_years):
        fb = check(right)
        assert isinstance(fb, Feedback)
        assert fb.status == "correct", (check.__name__, fb.text)


def test_accepted_spellings_of_the_categories():
    fb = dxa_reading.classify_t_scores(["Normal", "NORMAL", "low bone mass", " osteoporosis",
                                        "Osteoporosis"])
    assert fb.status == "correct", fb.text
    assert dxa_reading.classify_t_scores(tuple(T_CATEGORIES)).status == "correct"


def test_rounded_answers_are_accepted():
    assert dxa_reading.lsc_for_precision(round(LSC, 1)).status == "correct"
    assert dxa_reading.lsc_for_precision(LSC_MULTIPLIER * PR["precision"]["precision_percent"]
                                         ).status == "correct"
    assert dxa_reading.t_score_from_bmd(round(T_SCORE, 2)).status == "correct"
    assert dxa_reading.percent_change_between_scans(round(CHANGE, 2)).status == "correct"


def test_typical_wrong_answers_get_a_specific_hint(model_years):
    for check, _, wrongs in questions(model_years):
        for wrong, words in wrongs:
            fb = check(wrong)
            assert fb.status == "incorrect", (check.__name__, wrong, fb.text)
            assert fb.hint and words.casefold() in fb.text.casefold(), (check.__name__, fb.text)


def test_a_change_beyond_the_lsc_is_real():
    # 0.900 -> 0.870 g/cm2 is 0.030 g/cm2, beyond 2.77 x 0.010 = 0.0277 g/cm2; a gain counts
    # too.
    assert dxa_reading.change_is_real(True, 0.900, 0.870, 0.010).status == "correct"
    assert dxa_reading.change_is_real(True, 0.870, 0.900, 0.010).status == "correct"
    assert dxa_reading.change_is_real(False, 0.900, 0.870, 0.010).status == "incorrect"


@pytest.mark.parametrize("z,reading", [(-1.4, "within the expected range for age"),
                                       (-2.0, "below the expected range for age"),
                                       (-2.01, "below the expected range for age"),
                                       (-1.99, "within the expected range for age"),
                                       (0.5, "within the expected range for age")])
def test_premenopausal_reading_follows_the_iscd_z_rule(z, reading):
    assert dxa_reading.read_premenopausal(z) == reading
    assert dxa_reading.premenopausal_reading(reading, t_score=-2.6, z_score=z).status == \
        "correct"


def test_unanswered_and_junk(model_years):
    for check, _, _ in questions(model_years):
        assert_unanswered(check)
        assert_never_raises(check)


@pytest.mark.parametrize("junk", [[None] * 5, ["normal", None, "x", 1, 2], [1, 2, 3, 4, 5],
                                  [["normal"]] * 5, "normal"], ids=repr)
def test_junk_lists_never_raise(junk):
    fb = dxa_reading.classify_t_scores(junk)
    assert fb.status in {"invalid", "incorrect", "unanswered"}


def test_bool_questions_refuse_non_bools():
    assert dxa_reading.change_is_real("False").status == "invalid"
    assert dxa_reading.change_is_real(0).status == "invalid"


def test_practice_numbers_are_printed_as_made_up(capsys):
    p = dxa_reading.practice("scan_pair")
    out = capsys.readouterr().out
    assert out.startswith("Practice numbers (made up for this exercise, not data)")
    assert "bmd_before = 0.912 g/cm2" in out
    assert p.bmd_after == 0.885
    assert dxa_reading.practice("t_scores", show=False).t_scores == (0.4, -1.0, -1.7, -2.5, -3.1)
    assert capsys.readouterr().out == ""


@pytest.fixture(scope="module")
def lesson_years():
    """The years Lesson 1.5 prints (typical precision 1.2 % spine, 1.3 % hip), by hand."""
    out = {}
    for site, precision in (("spine", 1.2), ("hip", 1.3)):
        s = simulate(regimen("menopause_transition"), years=3, site=site).final
        r = simulate(regimen("postmenopause"), years=20, site=site, start=s)
        out[site] = r.time_to(100 - dxa.least_significant_change(precision))
    return out


def test_the_lessons_own_figures_get_a_hint_about_the_precision(lesson_years):
    assert lesson_years["spine"] != pytest.approx(dxa_reading.model_years_to_detect_expected(),
                                                  rel=0.05)
    for answer in (lesson_years["spine"], round(lesson_years["spine"], 1)):
        fb = dxa_reading.model_years_to_detect(answer)
        assert fb.status == "incorrect", fb.text
        assert "Lesson 1.5" in fb.hint and "p.precision_percent" in fb.hint, fb.text
    fb = dxa_reading.model_years_to_detect(round(lesson_years["hip"], 1))
    assert "hip figure printed in Lesson 1.5" in fb.hint and 'site="spine"' in fb.hint, fb.text


def test_with_the_lessons_precision_the_lessons_figure_is_right(lesson_years):
    precision = scenarios.typical_precision("spine")
    assert dxa_reading.model_years_to_detect(lesson_years["spine"], precision_percent=precision
                                             ).status == "correct"


def test_no_answer_cell_needs_an_earlier_answer():
    assert answer_blocks_are_self_contained(ROOT / "solutions" / "1.5_reading_dxa.ipynb") == []


def test_short_forms_of_the_premenopausal_readings_are_understood():
    # Z = -1.4 is above the ISCD's -2.0: within the expected range for age.
    assert dxa_reading.premenopausal_reading("within expected range").status == "correct"
    assert dxa_reading.premenopausal_reading("below").status == "incorrect"


def test_a_change_to_the_decimal_asked_is_right_and_fewer_is_told_so():
    # (0.885 - 0.912) / 0.912 = -2.96 %: the question asks for 1 decimal place, so -3.0 (the
    # correct rounding) is right; -2.9 is not a correct rounding and is told to keep decimals.
    assert dxa_reading.percent_change_between_scans(-3.0).ok
    assert dxa_reading.percent_change_between_scans(-2.96).ok
    fb = dxa_reading.percent_change_between_scans(-2.9)
    assert fb.status == "incorrect" and "1 decimal place" in fb.hint, fb.text
    fb = dxa_reading.percent_change_between_scans(-3.1)       # divided by the second scan
    assert fb.status == "incorrect" and "second scan" in fb.hint, fb.text
    for check, value in ((dxa_reading.t_score_from_bmd, -1.5), (dxa_reading.lsc_for_precision, 4.2),
                         (dxa_reading.model_years_to_detect,
                          round(dxa_reading.model_years_to_detect_expected(), 1))):
        assert check(value).ok, check.__name__
