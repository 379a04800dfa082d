"""Answer key of exercise set 1.2 (course_lib.checks.hormone_signals).

Expected values here are computed independently of the key: from model runs made here the
way a student makes them, from sign properties of the model (lower estradiol raises turnover
and loses bone), or from the evidence data read directly.
"""

import ast
import json
from pathlib import Path

import numpy as np
import pytest
from checkhelpers import assert_incorrect_with_hint, assert_never_raises, assert_unanswered

from course_lib import evidence
from course_lib.authoring import assigned_names
from course_lib.checks import hormone_signals as key
from course_lib.model import Hormones, simulate
from course_lib.regimens import regimen

ALL_QUESTIONS = [
    key.predict_turnover_low_estradiol, key.turnover_low_estradiol,
    key.bmd_change_low_estradiol, key.anovulatory_pattern, key.estrogen_target_cell,
    key.cream_label, key.testosterone_consensus_bone,
]


@pytest.fixture(scope="module")
def low():
    """The student's run: estradiol 0.5 for 5 years at the spine (the practice input)."""
    return simulate(Hormones(estradiol=0.5), years=5, site="spine")


@pytest.fixture(scope="module")
def anovulatory():
    return simulate(regimen("anovulatory"), years=5, site="spine")


# --------------------------------------------------------------------------- every question


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=lambda f: f.__name__)
def test_unanswered_and_junk(question):
    assert_unanswered(question)
    assert_never_raises(question)


def test_practice_input_is_labelled(capsys):
    p = key.practice("lower_estradiol")
    out = capsys.readouterr().out
    assert "made up" in out and "not data" in out
    assert (p.estradiol, p.years, p.site) == (0.5, 5, "spine")


# --------------------------------------------------------------------------- Q1-Q3: estradiol


def test_lower_estradiol_raises_turnover_and_loses_bone(low):
    # the sign properties the questions rest on (mechanism 1 of the model spec)
    assert low.turnover[-1] > 1.02
    assert low.bmd_change < -0.5


def test_predict_turnover(low):
    assert key.predict_turnover_low_estradiol("higher").status == "correct"
    assert key.predict_turnover_low_estradiol("  Higher ").status == "correct"
    assert_incorrect_with_hint(key.predict_turnover_low_estradiol("lower"), "osteoclasts")
    assert_incorrect_with_hint(key.predict_turnover_low_estradiol("unchanged"), "osteoclasts")
    assert key.predict_turnover_low_estradiol("faster").status == "invalid"


def test_turnover_low_estradiol(low):
    assert key.turnover_low_estradiol(low.turnover[-1]).status == "correct"
    assert key.turnover_low_estradiol(round(float(low.turnover[-1]), 2)).status == "correct"
    assert_incorrect_with_hint(key.turnover_low_estradiol(1.0), "reference")
    pct = 100 * (float(low.turnover[-1]) - 1)
    assert_incorrect_with_hint(key.turnover_low_estradiol(pct), "percentage")
    assert_incorrect_with_hint(key.turnover_low_estradiol(float(low.bmd_percent[-1])), "BMD")
    assert_incorrect_with_hint(key.turnover_low_estradiol(low.bmd_change), "question 3")
    # Turnover is relative to each site's own reference, so the hip's is within the 2 %
    # tolerance of the spine's: a hip answer is accepted, not flagged.
    hip = simulate(Hormones(estradiol=0.5), years=5, site="hip")
    assert hip.turnover[-1] == pytest.approx(low.turnover[-1], rel=0.02)
    assert key.turnover_low_estradiol(hip.turnover[-1]).status == "correct"


def test_bmd_change_low_estradiol(low):
    assert key.bmd_change_low_estradiol(low.bmd_change).status == "correct"
    assert key.bmd_change_low_estradiol(round(low.bmd_change, 1)).status == "correct"
    assert_incorrect_with_hint(key.bmd_change_low_estradiol(-low.bmd_change), "sign")
    assert_incorrect_with_hint(key.bmd_change_low_estradiol(float(low.bmd_percent[-1])),
                               "minus 100")
    hip = simulate(Hormones(estradiol=0.5), years=5, site="hip")
    assert abs(hip.bmd_change) < abs(low.bmd_change)  # spine changes first and most
    assert_incorrect_with_hint(key.bmd_change_low_estradiol(hip.bmd_change), "hip")
    assert_incorrect_with_hint(key.bmd_change_low_estradiol(float(low.turnover[-1])),
                               "question 2")
    anovulatory = simulate(regimen("anovulatory"), years=5, site="spine")
    assert_incorrect_with_hint(key.bmd_change_low_estradiol(anovulatory.bmd_change),
                               "anovulatory")


def test_no_question_reuses_an_earlier_answer():
    """Questions 2 and 3 read a run that a given (non-answer) cell makes, so no answer cell
    depends on another answer cell; the keys' hints point to that cell."""
    path = Path(__file__).resolve().parents[1] / "solutions" / "1.2_hormone_signals.ipynb"
    cells = [("".join(c["source"]), c["cell_type"])
             for c in json.loads(path.read_text("utf-8"))["cells"]]
    answers = []  # names bound inside solution blocks, in order
    for source, kind in cells:
        if kind != "code":
            continue
        if "### BEGIN SOLUTION" in source:
            block = source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            used = {n.id for n in ast.walk(ast.parse(block)) if isinstance(n, ast.Name)}
            earlier = {n for n in answers if n in used}
            assert not earlier - set(assigned_names(block)), (block, earlier)
            answers += assigned_names(block)
    assert "r" not in answers  # the model run is made by a given cell
    assert "cell above question 2" in key.bmd_change_low_estradiol(0.0).hint


# --------------------------------------------------------------------------- Q4: anovulatory


def test_anovulatory_pattern(anovulatory):
    same_turnover = abs(anovulatory.turnover[-1] - 1.0) <= 0.02
    lost = anovulatory.bmd_change < -0.5
    assert same_turnover and lost  # low progesterone acts on formation, not on the pace
    assert key.anovulatory_pattern("turnover about the same, bone lost").status == "correct"
    for wrong in ("turnover up, bone lost", "turnover up, no bone lost", "no change"):
        assert_incorrect_with_hint(key.anovulatory_pattern(wrong))
    # the hint states what the model assumes as the model's, not as a fact about women
    assert_incorrect_with_hint(key.anovulatory_pattern("turnover up, bone lost"),
                               "in the model", "assumption")
    assert key.anovulatory_pattern("bone lost").status == "invalid"


def test_pattern_helper_classifies_other_runs(low):
    assert key.pattern(low) == "turnover up, bone lost"
    assert key.pattern(simulate(Hormones(), years=5)) == "no change"


# --------------------------------------------------------------------------- Q5-Q7: evidence


def test_estrogen_target_cell():
    assert key.estrogen_target_cell("osteoclasts").status == "correct"
    assert key.estrogen_target_cell("OSTEOCLASTS").status == "correct"
    assert_incorrect_with_hint(key.estrogen_target_cell("osteoblasts"), "remove")
    assert_incorrect_with_hint(key.estrogen_target_cell("osteocytes"), "remove")
    assert key.estrogen_target_cell("osteoclast cells").status == "invalid"


def test_cream_label():
    # Leonetti 1999 concluded no protective effect (and the cream arm lost at least as much
    # spine BMD as placebo, a check on the data that does not decide the answer).
    assert evidence.finding("leonetti1999_progesterone_cream", "protects_bone") is False
    cream = evidence.value("leonetti1999_progesterone_cream", "annualized_spine_bmd_cream")
    placebo = evidence.value("leonetti1999_progesterone_cream", "annualized_spine_bmd_placebo")
    assert cream <= placebo
    assert key.cream_label("contradicted").status == "correct"
    assert_incorrect_with_hint(key.cream_label("supported"), "trial")
    assert_incorrect_with_hint(key.cream_label("established"), "trial")
    assert_incorrect_with_hint(key.cream_label("hypothesis"), "trial")
    assert key.cream_label("refuted").status == "invalid"


def test_testosterone_consensus_bone():
    assert evidence.finding("testosterone_global_consensus_2019",
                            "supports_use_for_disease_prevention") is False
    assert key.testosterone_consensus_bone(False).status == "correct"
    assert key.testosterone_consensus_bone(np.bool_(False)).status == "correct"
    assert_incorrect_with_hint(key.testosterone_consensus_bone(True), "HSDD")
    assert key.testosterone_consensus_bone("False").status == "invalid"
    assert key.testosterone_consensus_bone(0).status == "invalid"


def test_cream_label_follows_the_trials_conclusion_not_a_sign(monkeypatch):
    # The expected label comes from what the trial concluded (its recorded finding), not from
    # the sign of a difference between arms: flip the finding, keep every number, and the
    # expected label flips with it.
    real = evidence.finding

    def flipped(fact_id, key_name):
        value = real(fact_id, key_name)
        return (not value) if key_name == "protects_bone" else value

    monkeypatch.setattr(evidence, "finding", flipped)
    assert key.cream_label("supported").status == "correct"
    assert key.cream_label("contradicted").status == "incorrect"


@pytest.mark.parametrize("word", ["up", "increased", "goes up"])
def test_predict_turnover_in_everyday_words(word):
    assert key.predict_turnover_low_estradiol(word).status == "correct"
    assert key.predict_turnover_low_estradiol("down").status == "incorrect"
