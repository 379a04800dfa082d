"""Answer key of exercise set 2.3 (course_lib.checks.protocol_quiz): right, wrong, empty, junk."""

from checkhelpers import (
    assert_questions_hint_wrongs,
    assert_questions_right,
    assert_questions_survive_junk,
)

from course_lib import evidence
from course_lib.checks import protocol_quiz as k

QUESTIONS = [
    (k.low_serum_route, "skin cream", [("oral capsule", "luteal"), ("vaginal", "vaginal")]),
    (k.uterus_first_route, "vaginal", [("oral capsule", "liver"), ("skin cream", "ten times")]),
    (k.bioidentical_or_synthetic, ["bioidentical", "synthetic", "synthetic", "synthetic"],
     [(["synthetic", "synthetic", "synthetic", "synthetic"], "man-made")]),
    (k.label_cream, "contradicted", [("hypothesis", "trial"), ("supported", "did not")]),
    (k.label_anastrozole, "contradicted", [("supported", "up or down")]),
    (k.label_testosterone, "hypothesis", [("established", "consensus"),
                                          ("supported", "opposite")]),
    (k.label_estradiol, "established", [("supported", "textbook")]),
    (k.wrong_citation_sentence, 2, [(3, "no"), (4, "real WHI")]),
    (k.unsupported_claim_sentence, 3, [(2, "citation"), (1, "textbook")]),
]


def test_the_passage_has_a_wrong_citation_where_the_key_says():
    # Sentence 2 credits the meta-analysis to "Lobo ... Climacteric"; the real paper is
    # Prior JC et al., J Musculoskelet Neuronal Interact 2017 (evidence file).
    citation = evidence.fact("ept_vs_et_spine_meta_prior2017").citation
    assert citation.startswith("Prior JC") and "Musculoskelet" in citation
    assert "Lobo" in k.PASSAGE[1] and "Lobo" not in citation
    assert "aliva" in k.PASSAGE[2]


def test_q8_names_the_right_citation_only_once_answered_right():
    # The question must not print the right citation (it would give the answer away), nor
    # may a hint after a wrong pick (only sentence 2 gives a 0.68 % figure); the hints say
    # how to check, the "Correct" message names the paper. The sources to check against are
    # in the set's References, cited in its "how to check" text, not beside a sentence number.
    import json
    from pathlib import Path

    nb = json.loads(Path(__file__).parents[1].joinpath(
        "solutions", "2.3_protocol_quiz.ipynb").read_text())
    cells = ["".join(c["source"]) for c in nb["cells"]]
    q8 = next(c for c in cells if c.startswith("### Q8."))
    assert "Prior" not in q8 and "Musculoskelet" not in q8 and "0.68" not in q8
    for wrong in (1, 3, 4):
        hint = repr(k.wrong_citation_sentence(wrong))
        assert "Prior" not in hint and "0.68" not in hint and "Musculoskelet" not in hint
        assert "References" in hint
    right = repr(k.wrong_citation_sentence(2))
    assert right.startswith("Correct") and "Prior 2017" in right and "Musculoskelet" in right
    how = next(c for c in cells if "How to check a citation" in c)
    assert "cite:ept_vs_et_spine_meta_prior2017" in how and "Sentence" not in how
    assert "cite:whi_ept_hip_fracture_cauley2003" in how
    assert "**Prior 2017.**" in cells[-1] and "**Cauley 2003.**" in cells[-1]


def test_right_answers_are_correct():
    assert_questions_right(QUESTIONS)


def test_typical_wrong_answers_get_a_specific_hint():
    assert_questions_hint_wrongs(QUESTIONS)


def test_unanswered_and_junk():
    assert_questions_survive_junk(QUESTIONS, ["abc", [1, 2], {"a": 1}, float("nan"), object(), 1j])


def test_the_passage_is_numbered_from_1():
    out = k.numbered_passage().splitlines()
    assert [line[:3] for line in out] == ["(1)", "(2)", "(3)", "(4)"]


def test_the_words_of_the_lesson_and_table_are_accepted():
    # The lesson says "body-identical" and the table's route column "transdermal".
    assert k.bioidentical_or_synthetic(["body-identical", "progestin", "synthetic",
                                        "synthetic"]).status == "correct"
    assert k.low_serum_route("transdermal").status == "correct"
    assert k.uterus_first_route("vaginally").status == "correct"
    assert k.low_serum_route("oral").status == "incorrect"       # a synonym of a wrong option


def test_no_hint_teaches_a_number_the_course_may_not_cite():
    # Q1's oral-capsule hint once quoted the cream's "median of a few nmol/L", a value from a
    # source the evidence file excludes.
    assert "median" not in k.low_serum_route("oral capsule").text
