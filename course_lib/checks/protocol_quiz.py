"""Answer key for exercise set 2.3, "Protocol quiz" (solutions/2.3_protocol_quiz.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Evidence labels are read from the protocols table (`course_lib.protocols`), so the quiz and
the table cannot disagree. The short passage "in the style of the source articles" is the
course's own writing, kept once in `PASSAGE` with what is wrong in it.
"""

from __future__ import annotations

from course_lib import evidence, protocols
from course_lib.checks.feedback import (
    Feedback,
    answer_key,
    check_choice,
    check_numbered,
    check_sequence,
)

__all__ = [
    "ROUTE_OPTIONS", "ROUTE_SYNONYMS", "KIND_OPTIONS", "KIND_SYNONYMS", "PROGESTOGENS",
    "LABEL_OPTIONS", "PASSAGE",
    "numbered_passage", "low_serum_route", "uterus_first_route", "bioidentical_or_synthetic",
    "label_cream", "label_anastrozole", "label_testosterone", "label_estradiol",
    "wrong_citation_sentence", "unsupported_claim_sentence",
]

ROUTE_OPTIONS = ("oral capsule", "skin cream", "vaginal")
#: Words the lesson and the table use for the same routes.
ROUTE_SYNONYMS = {"oral": "oral capsule", "by mouth": "oral capsule", "capsule": "oral capsule",
                  "cream": "skin cream", "transdermal": "skin cream",
                  "transdermal cream": "skin cream", "topical": "skin cream",
                  "vaginally": "vaginal", "vaginal gel": "vaginal", "vaginal tablet": "vaginal"}
#: The lesson says "body-identical"; a progestin is the synthetic kind.
KIND_SYNONYMS = {"body-identical": "bioidentical", "body identical": "bioidentical",
                 "bio-identical": "bioidentical", "progestin": "synthetic",
                 "man-made": "synthetic"}
KIND_OPTIONS = ("bioidentical", "synthetic")
LABEL_OPTIONS = protocols.LABELS

#: Progestogens to classify, and what each is: the same molecule as the hormone the body
#: makes ("bioidentical"), or a different, man-made molecule ("synthetic", a progestin).
PROGESTOGENS = {
    "micronized progesterone": "bioidentical",
    "medroxyprogesterone acetate (MPA)": "synthetic",
    "norethisterone acetate": "synthetic",
    "levonorgestrel": "synthetic",
}

META = "ept_vs_et_spine_meta_prior2017"

#: A passage written like the source articles (the course's words). Sentence numbers from 1.
PASSAGE = (
    "Estrogen is the body's main brake on osteoclasts, so when it falls at menopause bone "
    "is dug out faster than it is rebuilt.",
    "A meta-analysis of randomized trials found that adding a progestin to estrogen raised "
    f"spinal BMD by about {evidence.value(META, 'weighted_mean_difference_ept_minus_et'):g} % "
    "a year more than estrogen alone (Lobo et al., Climacteric 2017).",
    "Saliva testing reveals the hormone that actually reaches the tissues, so it is the best "
    "way to fine-tune a woman's progesterone dose.",
    "In the WHI trial, estrogen plus a progestin lowered the rate of hip fractures "
    "(Cauley et al., JAMA 2003).",
)
#: What is wrong in PASSAGE: sentence numbers (from 1).
WRONG_CITATION = 2
UNSUPPORTED = 3


def numbered_passage() -> str:
    """The passage, one numbered sentence a line (print it)."""
    return "\n".join(f"({number}) {sentence}" for number, sentence in enumerate(PASSAGE, 1))


@answer_key
def low_serum_route(answer) -> Feedback:
    """Q1: which route of progesterone left blood levels far below luteal ones?"""
    return check_choice(
        answer, "skin cream", ROUTE_OPTIONS, synonyms=ROUTE_SYNONYMS,
        wrong_hints={
            "oral capsule": "Oral capsules of 200 mg reached luteal-range peaks in the study "
                            "reported in the drug's prescribing information (label). Which "
                            "route raised blood progesterone only slightly?",
            "vaginal": "A vaginal tablet reached luteal-range levels. Which route did not?",
        })


@answer_key
def uterus_first_route(answer) -> Feedback:
    """Q2: which route delivers progesterone preferentially to the uterus?"""
    return check_choice(
        answer, "vaginal", ROUTE_OPTIONS, synonyms=ROUTE_SYNONYMS,
        wrong_hints={
            "oral capsule": "Swallowed progesterone passes the liver first. Which route sits "
                            "next to the uterus?",
            "skin cream": "Creams barely raise blood levels. Which route reached the "
                          "endometrium at about ten times the blood ratio of an injection?",
        })


@answer_key
def bioidentical_or_synthetic(answer) -> Feedback:
    """Q3: for each progestogen in PROGESTOGENS (in that order), "bioidentical" or
    "synthetic"."""
    return check_sequence(
        answer, list(PROGESTOGENS.values()), name="your labels", synonyms=KIND_SYNONYMS,
        hint="Bioidentical = the same molecule as the progesterone the ovary makes; every "
             "other progestogen here is a man-made progestin.")


def _label_check(answer, key: str, hints: dict[str, str]) -> Feedback:
    expected = protocols.protocol(key).label
    return check_choice(answer, expected, LABEL_OPTIONS,
                        wrong_hints={k: v for k, v in hints.items() if k != expected})


@answer_key
def label_cream(answer) -> Feedback:
    """Q4: the label of "progesterone cream protects postmenopausal bone"."""
    return _label_check(answer, "progesterone_cream", {
        "established": "Was there a consistent set of trials showing protection? What did "
                       "the one randomized trial find?",
        "supported": "The randomized trial found no protection: a claim a trial tested and "
                     "did not confirm is not 'supported'.",
        "hypothesis": "It is more than untested: a randomized trial tested it. What did it "
                      "find?",
    })


@answer_key
def label_anastrozole(answer) -> Feedback:
    """Q5: the label of "anastrozole supports bone"."""
    return _label_check(answer, "anastrozole", {
        "established": "What happened to spine BMD on anastrozole in ATAC and IBIS-II?",
        "supported": "Trials measured bone on anastrozole. Did it go up or down?",
        "hypothesis": "It has been tested in large trials: what did they find?",
    })


@answer_key
def label_testosterone(answer) -> Feedback:
    """Q6: the label of "low-dose testosterone protects women's bones"."""
    return _label_check(answer, "low_dose_testosterone", {
        "established": "Did the 2019 Global Consensus endorse testosterone for bone?",
        "supported": "Two small trials point in opposite directions and a meta-analysis "
                     "found no significant effect on BMD: is that 'some trials support it'?",
        "contradicted": "No adequate trial showed harm to bone or tested fractures; the "
                        "evidence is missing or mixed rather than against.",
    })


@answer_key
def label_estradiol(answer) -> Feedback:
    """Q7: the label of "estradiol reduces bone resorption"."""
    return _label_check(answer, "estradiol", {
        "supported": "This is textbook physiology backed by randomized fracture trials: "
                     "which label is for that?",
        "hypothesis": "Trials with fracture outcomes exist. Which label fits consistent "
                      "randomized evidence?",
        "contradicted": "Did estrogen-alone therapy lower fractures in WHI?",
    })


@answer_key
def wrong_citation_sentence(answer) -> Feedback:
    """Q8: which sentence of PASSAGE (number) cites a paper wrongly?"""
    # The right citation is given only in the "Correct" message: printed above the question,
    # or in a hint after a wrong pick, it would give the answer away. Hints say how to check.
    how = ("Find each cited paper in this set's References (or on PubMed) and compare its "
           "authors, journal and title with the finding the sentence credits to it.")
    meta = evidence.fact(META)
    right = (f"The meta-analysis of estrogen plus a progestin against estrogen alone is "
             f"{evidence.cite(META)}, in {meta.references[0].journal}, not \"Lobo et al., "
             "Climacteric\" as the sentence says.")
    return check_numbered(
        answer, WRONG_CITATION, len(PASSAGE),
        hint=how,
        wrong_hints={UNSUPPORTED: "Sentence 3 is wrong, but not because of a citation: it has "
                                  f"none. Which sentence names the wrong authors or journal? "
                                  f"{how}",
                     4: "Cauley 2003 in JAMA is the real WHI fracture paper. Look for a "
                        f"citation that does not match the finding. {how}",
                     1: f"Sentence 1 cites nothing. {how}"},
        correct_note=right)


@answer_key
def unsupported_claim_sentence(answer) -> Feedback:
    """Q9: which sentence of PASSAGE (number) makes a claim guideline bodies reject?"""
    return check_numbered(
        answer, UNSUPPORTED, len(PASSAGE),
        hint="Which sentence recommends a test that guideline bodies call unreliable?",
        wrong_hints={WRONG_CITATION: "Sentence 2's finding is right; its citation is the "
                                     "problem (question 8). Which claim itself is rejected?",
                     1: "Sentence 1 is textbook physiology.",
                     4: "Sentence 4 matches the WHI fracture paper."})
