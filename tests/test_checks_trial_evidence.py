"""Answer key of exercise set 3.4 (course_lib.checks.trial_evidence): right, wrong, empty, junk.

Expected values are worked out here by hand from the published numbers (WHI, PEPI, Prior
2017 as recorded in the evidence file) or with scipy, not taken from the key.
"""

import math
import time

import pytest
from checkhelpers import JUNK, assert_incorrect_with_hint, assert_never_raises, assert_unanswered
from scipy import stats

from course_lib.checks import Feedback
from course_lib.checks import trial_evidence as te
from course_lib.scenarios import academic_trials as at

Z = stats.norm.ppf(0.975)

# Hand arithmetic on the published numbers (pinned in the first test).
VTE_EXCESS = (3.5 - 1.7) / 1000 * 10_000                  # 18 per 10,000 woman-years
VTE_NNH = 1 / ((3.5 - 1.7) / 1000)                         # 555.6 woman-years
HIP_NNT = 10_000 / 5                                       # 2,000 woman-years
FRACTURE_NNT = 1 / (0.111 - 0.086)                         # 40 women, whole trial
PEPI_PER_YEAR = 5.0 / 3                                    # 1.667 % per year
SE_PRIOR = (0.97 - 0.38) / (2 * Z)                         # 0.1505 % per year
P_PRIOR = 2 * stats.norm.sf(0.68 / SE_PRIOR)               # 6.2e-6
SE_WHI = (math.log(0.83) - math.log(0.69)) / (2 * Z)       # 0.0471 on the log scale
WOMEN = 2 * (Z * 1.2 / 0.3) ** 2                           # 122.9 per arm


def dl_by_hand(y, s):
    """DerSimonian-Laird written out as in DerSimonian & Laird 1986 (moment estimator)."""
    w = [1 / x**2 for x in s]
    fixed = sum(wi * yi for wi, yi in zip(w, y, strict=True)) / sum(w)
    q = sum(wi * (yi - fixed) ** 2 for wi, yi in zip(w, y, strict=True))
    tau2 = max(0.0, (q - (len(y) - 1)) / (sum(w) - sum(wi**2 for wi in w) / sum(w)))
    ws = [1 / (x**2 + tau2) for x in s]
    random = sum(wi * yi for wi, yi in zip(ws, y, strict=True)) / sum(ws)
    return random, fixed, q, (q - (len(y) - 1)) / q


def test_published_numbers_are_the_ones_the_hand_arithmetic_uses():
    assert at.whi_vte_rates() == pytest.approx((0.0035, 0.0017))
    assert at.whi_per_10000()["hip fracture"] == -5
    c = at.whi_fracture_counts()
    assert (c.percent_ept, c.percent_placebo, c.events_ept, c.n_ept) == (8.6, 11.1, 733, 8506)
    assert at.pepi_abstract().ept_continuous_mpa_spine_percent == 5.0
    assert at.prior2017().triple == (0.68, 0.38, 0.97)
    assert at.whi_hazard_ratios()["confirmed osteoporotic fractures"].triple == (0.76, 0.69, 0.83)
    assert te.PRACTICE["sample_size"] == {"sd_per_year": 1.2, "half_width": 0.3}
    d = at.illustrative_pooling()
    assert d.estimates == (0.20, 1.00, 0.45) and d.ses == (0.20, 0.25, 0.12)
    assert "made up" in d.label.lower()


POOL = dl_by_hand([0.20, 1.00, 0.45], [0.20, 0.25, 0.12])

QUESTIONS = [
    (te.hr_meaning, "b", [("a", "share of women"), ("c", "placebo rate"),
                          ("d", "percentage points")]),
    (te.vte_excess_per_10000, VTE_EXCESS, [(1.8, "per 1,000"), (3.5 / 1.7, "rate ratio"),
                                           (52, "do not add"), (35, "E+P rate itself")]),
    (te.vte_nnh, VTE_NNH, [(55.56, "per 1,000"), (1 / 18, "Divide 10,000"),
                           (18, "excess per 10,000")]),
    (te.hip_fracture_nnt, HIP_NNT, [(1 / 0.34, "relative"), (34, "relative reduction"),
                                    (0.2, "Divide 10,000")]),
    (te.fracture_nnt, FRACTURE_NNT, [(40 * 5.6, "woman-years"), (0.4, "fractions")]),
    (te.annualise_pepi, PEPI_PER_YEAR, [((1.05 ** (1 / 3) - 1) * 100, "compound"),
                                        (5.0, "whole 3 years"), (5 / 36, "per month")]),
    (te.se_prior2017, SE_PRIOR, [(0.295, "half the CI"), (0.59 / Z, "forgets the 2"),
                                 (0.59, "whole width")]),
    (te.p_prior2017, P_PRIOR, [(1e-5, "abstract reports"), (P_PRIOR / 2, "one-sided")]),
    (te.se_whi_fracture, SE_WHI, [((0.83 - 0.69) / (2 * Z), "natural logs"),
                                  ((math.log10(0.83) - math.log10(0.69)) / (2 * Z),
                                   "base 10")]),
    (te.pooled_random, POOL[0], [(POOL[1], "fixed-effect"), (0.55, "plain average")]),
    (te.i2_percent, POOL[3] * 100, [(POOL[2], "Q"), (POOL[3], "100 times")]),
    (te.i2_meaning, "b", [("a", "count of studies"), ("c", "certainty"), ("d", "disagree")]),
    (te.women_per_arm, math.ceil(WOMEN), [(WOMEN / 2, "both arms"),
                                          (2 * (1.2 / 0.3) ** 2, "1.96"),
                                          (2 * Z * 1.2 / 0.3, "Square")]),
    (te.insilico_agreement, "b", [("a", "tuned to PEPI"), ("c", "checked against trials"),
                                  ("d", "model's own noise")]),
]


@pytest.mark.parametrize("check, right, wrongs", QUESTIONS, ids=[q[0].__name__ for q in QUESTIONS])
def test_right_wrong_unanswered_and_junk(check, right, wrongs):
    fb = check(right)
    assert isinstance(fb, Feedback) and fb.status == "correct", fb.text
    for wrong, word in wrongs:
        fb = check(wrong)
        assert_incorrect_with_hint(fb)
        assert word.lower() in fb.text.lower(), (wrong, fb.text)
    assert_unanswered(check)
    assert_never_raises(check)


def test_hr_statements_and_option_letters_agree():
    assert set(te.HR_STATEMENTS) == set(te.HR_OPTIONS)
    assert set(te.I2_STATEMENTS) == set(te.I2_OPTIONS)
    assert set(te.AGREEMENT_STATEMENTS) == set(te.AGREEMENT_OPTIONS)


def test_fracture_nnt_accepts_percent_or_count_arithmetic():
    by_counts = 1 / (896 / 8102 - 733 / 8506)                  # 40.95
    assert te.fracture_nnt(by_counts).status == "correct"
    assert te.fracture_nnt(41).status == "correct"


def test_women_per_arm_accepts_unrounded_and_rounded_up():
    assert te.women_per_arm(WOMEN).status == "correct"
    assert te.women_per_arm(math.ceil(WOMEN)).status == "correct"
    assert te.women_per_arm(math.ceil(WOMEN) + 5).status == "incorrect"


# --------------------------------------------------------------------------- the judgement

GOOD_AGAINST = (
    "In absolute terms the WHI found 5 fewer hip fractures per 10,000 woman-years, but 8 more "
    "breast cancers, 8 more strokes, 8 more pulmonary emboli and 7 more heart attacks. The "
    "hazard ratio for fractures looks impressive, yet the excess of harms is larger. The women "
    "were healthy, aged 50 to 79 and mostly years past menopause, and the trial tested one "
    "regimen, oral CEE with MPA, so I would not take it for bone alone.")
GOOD_FOR = (
    "Counting per 10,000 women per year, E+P prevented about 44 confirmed osteoporotic "
    "fractures against roughly 31 extra serious harms (breast cancer, stroke, clots, heart "
    "attacks). For a younger woman with osteoporosis and hot flushes the balance could tip "
    "the other way than for WHI's healthy participants aged 50-79. The trial only tested CEE "
    "plus MPA; another progestin, dose or route might differ, so for such a woman I think it "
    "could be worth it.")


@pytest.mark.parametrize("text", [GOOD_AGAINST, GOOD_FOR])
def test_judgement_accepts_reasoning_whatever_the_conclusion(text):
    fb = te.benefit_harm_judgement(text)
    assert fb.status == "correct", fb.text
    assert "any conclusion" in fb.text.lower()


GOOD_PLAIN_WORDS = (
    "Counting events, WHI's combined pill avoided about 44 fractures for every 10,000 women "
    "treated for a year but added about 8 breast cancers, 8 strokes, 8 blood clots in the lungs "
    "and 7 heart attacks. Participants were healthy volunteers aged 50 to 79 who still had a "
    "womb, not people with osteoporosis, so for a 52-year-old with low bone density the balance "
    "may differ. Only one pill was tested: conjugated estrogens with medroxyprogesterone.")
RESTATES_THE_QUESTION = (
    "Estrogen plus progestin is great for a woman who wants to protect her bones from "
    "osteoporosis. It prevents fractures. There are some harms like breast cancer but they are "
    "tiny, so overall it is worth it for her because her bones matter most and I would "
    "recommend this treatment to her and to her friends too, without any doubt at all.")


def test_judgement_reads_absolute_numbers_in_plain_words():
    """'for every 10,000 women', '8 more', 'one in 555' are absolute numbers too."""
    fb = te.benefit_harm_judgement(GOOD_PLAIN_WORDS)
    assert fb.status == "correct", fb.text


def test_judgement_does_not_credit_words_of_the_question():
    """'estrogen plus progestin', 'protect her bones', 'osteoporosis' come from the question
    itself: repeating them says nothing about who was studied or what was tested."""
    fb = te.benefit_harm_judgement(RESTATES_THE_QUESTION)
    assert fb.status == "incorrect"
    for point in ("absolute vs relative", "who the women were", "what the trial tested"):
        assert point in fb.text, fb.text


@pytest.mark.parametrize("drop, point", [
    ("absolute", "absolute vs relative"),
    ("women", "who the women were"),
    ("tested", "what the trial tested"),
    ("harms", "the harms"),
])
def test_judgement_names_each_missing_point(drop, point):
    parts = {
        "absolute": "Per 10,000 woman-years there were 5 fewer hip fractures and the NNT "
                    "was large.",
        "women": "The participants were healthy women aged 50 to 79 years.",
        "tested": "The trial tested oral CEE plus MPA, one regimen only.",
        "harms": "There were more breast cancers, strokes and clots.",
    }
    filler = ("I have thought about this carefully and I want to weigh what the trial showed "
              "against what it did not show before I come to any view at all on the matter. ")
    text = filler + " ".join(v for k, v in parts.items() if k != drop) + " Fractures fell."
    fb = te.benefit_harm_judgement(text)
    assert fb.status == "incorrect", fb.text
    assert point in fb.text and fb.hint


# The audit's answer: it names every topic but argues against three of the points.
SELF_CONTRADICTING = (
    "The hazard ratio for stroke is only 1.41, so there is no excess risk at all and no harm; "
    "the healthy women aged 50 to 79 took CEE, which is the same as every hormone; fractures "
    "fell, so benefits outweigh harms and every woman should take it forever because relative "
    "risk is all that matters and absolute numbers never matter to anyone.")
# Gives the absolute figures, then says they do not matter and that all hormones are alike.
SAYS_THEN_DENIES = (
    "Per 10,000 woman-years E+P caused 8 more breast cancers and 8 more strokes and prevented "
    "5 hip fractures. The women were healthy, aged 50 to 79, with a uterus. The trial tested "
    "oral CEE with MPA, but every hormone is the same anyway, so that hardly matters. Absolute "
    "numbers do not matter in the end; only relative risk counts for a woman deciding.")
# Every keyword of every point, no figure with a unit, no reasoning.
KEYWORD_STUFFED = (
    "Absolute excess per year relative risk hazard ratio absolute terms excess risk per year. "
    "Healthy women aged older younger participants population uterus menopause. CEE MPA oral "
    "dose route regimen transdermal formulation. Breast cancer stroke clots heart attacks "
    "embolism. Fractures hip bone density BMD colorectal benefits harms weigh balance overall.")


@pytest.mark.parametrize("text, denied", [
    (SELF_CONTRADICTING, ("absolute numbers never matter", "same as every hormone",
                          "no excess risk")),
    (SAYS_THEN_DENIES, ("absolute numbers do not matter", "every hormone is the same")),
])
def test_judgement_does_not_credit_points_the_text_argues_against(text, denied):
    fb = te.benefit_harm_judgement(text)
    assert fb.status == "incorrect", fb.text
    assert "argues against it" in fb.text
    for phrase in denied:
        assert phrase in fb.text, (phrase, fb.text)


def test_judgement_needs_a_figure_with_its_unit_not_the_words_absolute_or_excess():
    fb = te.benefit_harm_judgement(KEYWORD_STUFFED)
    assert fb.status == "incorrect", fb.text
    assert "absolute vs relative" in fb.text and "per 10,000" in fb.hint


@pytest.mark.parametrize("figure", [
    "5 fewer hip fractures per 10,000 woman-years",
    "per 10,000 women per year there were about 8 more strokes",
    "about 44 fractures for every 10,000 women treated for a year",
    "2,000 woman-years of treatment to prevent one hip fracture",
    "an NNH of about 556 woman-years for clots",
    "one in 40 women avoided a fracture",
    "2.5 percentage points fewer women had a fracture",
])
def test_judgement_reads_an_absolute_figure_in_any_usual_form(figure):
    text = (f"In WHI, {figure}, while strokes and breast cancers rose and hip fractures fell. "
            "The women were healthy, "
            "aged 50 to 79, and the trial tested oral CEE with MPA only, so another regimen "
            "or a younger woman with osteoporosis could weigh the harms and benefits quite "
            "differently from the women who took part in this large trial.")
    fb = te.benefit_harm_judgement(text)
    assert fb.status == "correct", (figure, fb.text)


def test_judgement_says_an_instructor_reads_the_text():
    fb = te.benefit_harm_judgement(GOOD_AGAINST)
    assert "instructor reads" in fb.text


def test_judgement_too_short_unanswered_and_junk():
    assert te.benefit_harm_judgement("Hormones are bad.").status == "incorrect"
    assert_unanswered(te.benefit_harm_judgement)
    assert_never_raises(te.benefit_harm_judgement, [a for a in JUNK if not isinstance(a, str)])
    assert te.benefit_harm_judgement("").status == "invalid"


@pytest.mark.parametrize("text", [
    "a" * 5_000_000,
    ("per " * 200_000),
    "(" * 100_000 + "absolute" + ")" * 100_000,
    "\x00\ud800 \U0001F600 " * 1000,
    "age " * 100,
    GOOD_AGAINST * 3000,
])
def test_judgement_never_hangs_or_raises_on_any_text(text):
    start = time.perf_counter()
    fb = te.benefit_harm_judgement(text)
    assert isinstance(fb, Feedback) and fb.status in ("correct", "incorrect")
    assert time.perf_counter() - start < 2.0


def test_given_prints_sources_and_labels(capsys):
    te.given("hr")
    te.given("vte")
    te.given("pooling")
    te.given("sample_size")
    out = capsys.readouterr().out
    assert "Published numbers: WHI Writing Group 2002." in out and "whi_2002" not in out
    # the VTE rates are the 2004 update's, labelled so
    assert "Published numbers: WHI E+P, 2004 update (as reported with WHI Writing Group 2002" \
        in out
    assert at.ILLUSTRATIVE_LABEL in out
    assert "made up" in out
    with pytest.raises(ValueError, match="group"):
        te.given("nope")


def test_rounded_too_far_gets_the_rounding_hint_not_the_method():
    """5.0 / 3 rounded to 1.7: the method was right, so the hint asks for more digits."""
    assert_incorrect_with_hint(te.annualise_pepi(1.7), "decimal places")


@pytest.mark.parametrize("key, answer", [
    (te.pooled_random, POOL[0]), (te.pooled_random, 0.2),
    (te.i2_percent, POOL[3] * 100), (te.i2_percent, 50.0),
])
def test_feedback_on_the_made_up_pooling_data_says_they_are_made_up(key, answer):
    """Every view of the illustrative dataset is labelled, the feedback too (it is read out
    of context in `course grade --feedback` files)."""
    assert "made-up studies" in key(answer).text


def test_predictable_mistakes_get_specific_hints():
    """1 / (1 - HR) for the whole-trial NNT, z given for p."""
    fb = te.fracture_nnt(1 / (1 - 0.76))
    assert fb.status == "incorrect" and "hazard ratio" in fb.hint
    fb = te.p_prior2017(0.68 / ((0.97 - 0.38) / (2 * 1.96)))
    assert fb.status == "incorrect" and "That is z" in fb.hint
    assert te.p_prior2017(6e-6).status == "correct"
