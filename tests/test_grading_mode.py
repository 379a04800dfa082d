"""Feedback modes (practice / graded / exam) and answers as plain values (no kernel needed)."""

import json
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib.checks import (
    answer_key,
    check_bool,
    check_choice,
    check_number,
    check_numbered,
    mode,
)
from course_lib.grading.values import LIMITS, Opaque, decode, encode

OPTIONS = ("osteoclasts", "osteoblasts", "osteocytes")


# Modes act on answer keys (what check cells call), as in the course's key modules.
@answer_key
def balance_key(answer):
    return check_number(answer, -0.5, hint="Subtract the other way.")


@answer_key
def cell_key(answer):
    return check_choice(answer, "osteoclasts", OPTIONS, synonyms={"clasts": "osteoclasts"})


@answer_key
def sentence_key(answer):
    return check_numbered(answer, 2, 4)


@answer_key
def truth_key(answer):
    return check_bool(answer, False)


@pytest.fixture(autouse=True)
def _practice():
    mode.set_mode("practice")
    yield
    mode.set_mode(None)


def test_practice_mode_changes_nothing():
    fb = balance_key(0.5)
    assert fb.text.startswith("Not quite: your answer (0.5) is too high.")
    assert "Hint:" in fb.text
    assert fb.text == check_number(0.5, -0.5, hint="Subtract the other way.").text


def test_graded_mode_keeps_the_verdict_and_withholds_direction_and_hints():
    with mode.using("graded"):
        wrong = balance_key(0.5)
        right = balance_key(-0.5)
        junk = balance_key("x")
        direct = check_number(0.5, -0.5)  # the engine called directly is not a question
    assert wrong.text == "Not quite: your answer is not right." and wrong.hint is None
    assert right.text == "Correct: your answer is right."
    assert junk.status == "invalid" and "number is expected" in junk.text  # form, not answer
    assert "too high" in direct.text


def test_graded_mode_caps_distinct_answers_at_choice_and_true_false_questions():
    mode.set_mode("graded")
    first = cell_key("osteoblasts")
    again = cell_key("Osteoblasts ")  # the same option: the same verdict, no new try
    other = cell_key("clasts")
    junk = cell_key("no such cell")  # not an option: says so, costs no try
    assert first.status == again.status == "incorrect"
    assert other.status == "invalid" and "allows 1 checked answer" in other.text
    assert junk.status == "invalid" and "not one of the options" in junk.text
    assert truth_key(True).status == "incorrect"  # another question: its own count
    assert truth_key(False).status == "invalid"
    assert balance_key(1.0).ok is False and balance_key(-0.5).ok  # numbers are not capped
    assert sentence_key(3).status == "incorrect" and sentence_key(3.0).status == "incorrect"
    assert sentence_key(9).status == "invalid" and "numbered 1 to 4" in sentence_key(9).text
    assert "allows 1 checked answer" in sentence_key(2).text   # a numbered pick is a choice
    mode.set_mode("graded")  # setting a mode starts the counts afresh
    assert cell_key("osteoclasts").ok


def test_exam_mode_gives_no_verdict():
    with mode.using("exam"):
        for fb in (balance_key(-0.5), balance_key(2.0), truth_key(False)):
            assert fb.status == "invalid" and "marked after the deadline" in fb.text
        assert balance_key(None).status == "unanswered"


def test_mode_comes_from_the_environment_then_the_file(monkeypatch, tmp_path):
    mode.set_mode(None)
    monkeypatch.setattr(mode, "MODE_FILE", tmp_path / "mode.json")
    monkeypatch.delenv(mode.ENV_VAR, raising=False)
    assert mode.current().name == "practice"
    (tmp_path / "mode.json").write_text(json.dumps({"mode": "graded", "max_attempts": 2}))
    assert mode.current() == mode.Mode("graded", details=False, hints=False, max_attempts=2)
    monkeypatch.setenv(mode.ENV_VAR, "exam")
    assert mode.current().name == "exam"


def test_the_configured_mode_is_a_floor_nothing_in_a_kernel_loosens(monkeypatch, tmp_path):
    # A graded copy: neither the environment variable nor set_mode/using in a cell brings
    # hints back; trusted grading code (judging) still sees the full feedback.
    monkeypatch.setattr(mode, "MODE_FILE", tmp_path / "mode.json")
    (tmp_path / "mode.json").write_text(json.dumps({"mode": "graded"}))
    monkeypatch.setenv(mode.ENV_VAR, "practice")
    assert mode.current().name == "graded"
    mode.set_mode("practice")
    assert mode.current().hints is False and balance_key(0.5).hint is None
    with mode.using("practice"):
        assert balance_key(0.5).text == "Not quite: your answer is not right."
    with mode.judging():
        assert "too high" in balance_key(0.5).text and balance_key(0.5).hint
    monkeypatch.setenv(mode.ENV_VAR, "exam")        # the variable can make it stricter
    assert mode.current().verdicts is False


@pytest.mark.parametrize("bad, argument", [
    ("strict", "mode must be one of"), ({"mode": "graded", "colour": 1}, "mode settings"),
    ({"max_attempts": 0}, "max_attempts"), ({"hints": "no"}, "hints"), (3, "mode must be"),
])
def test_bad_modes_are_refused_naming_the_setting(bad, argument):
    with pytest.raises(ValueError, match=argument):
        mode.set_mode(bad)


# --------------------------------------------------------------------------- values

plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    | st.floats(allow_nan=False) | st.complex_numbers(allow_nan=False),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12)


@given(plain)
def test_plain_values_survive_a_round_trip_through_json(value):
    back = decode(json.loads(json.dumps(encode(value))))
    assert back == value and type(back) is type(value)


def test_special_values_round_trip():
    for value in (float("inf"), -0.0, Decimal("1.10"), Fraction(1, 3), Ellipsis, {1, 2},
                  frozenset({"a"}), np.float64(2.5), np.int64(7), np.bool_(True)):
        back = decode(json.loads(json.dumps(encode(value))))
        assert back == value
    assert np.isnan(decode(encode(float("nan"))))
    arr = np.array([[1.5, 2.0], [3.0, -1.0]])
    back = decode(json.loads(json.dumps(encode(arr))))
    assert back.dtype == arr.dtype and np.array_equal(back, arr)


def test_answers_that_are_not_plain_values_lose_their_behaviour():
    class Sneaky(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    back = decode(encode(Sneaky(999.0)))
    assert type(back) is float and back == 999.0 and back != 1.0

    class Result:
        bmd_change = -7.5

    opaque = decode(encode(Result()))
    assert isinstance(opaque, Opaque) and type(opaque).__name__ == "Result"
    assert not hasattr(opaque, "bmd_change")
    assert check_number(opaque, -7.5).status == "invalid"
    assert "Result" in check_number(opaque, -7.5).text


def test_oversized_answers_become_opaque():
    huge = decode(encode(list(range(LIMITS["items"] + 1))))
    assert isinstance(huge, Opaque) and huge.why == "too large"
    assert isinstance(decode(encode("x" * (LIMITS["text"] + 1))), Opaque)
    nested = []
    for _ in range(LIMITS["depth"] + 5):
        nested = [nested]
    assert isinstance(decode(encode(nested)), Opaque)


@pytest.mark.parametrize("data", [
    None, {"t": "pickle", "v": "..."}, {"t": "ndarray", "dtype": "O", "shape": [1],
                                        "items": [{"t": "none"}]},
    {"t": "ndarray", "dtype": "<f8", "shape": [3], "items": [{"t": "float", "v": "1.0"}]},
    {"t": "float", "v": "1" * 100},
])
def test_malformed_answer_data_is_refused(data):
    with pytest.raises((ValueError, TypeError, KeyError)):
        decode(data)


def test_grading_functions_refuse_bad_arguments_naming_them(tmp_path):
    from course_lib.grading import gradebook
    from course_lib.grading.release import strip_docs

    with pytest.raises(ValueError, match="jobs"):
        gradebook.grade_all(None, [], jobs=0)
    with pytest.raises(ValueError, match="cell_timeout"):
        gradebook.grade_all(None, [], cell_timeout=-1)
    with pytest.raises(ValueError, match="notebook_timeout"):
        gradebook.grade_student(None, tmp_path, notebook_timeout=0)
    with pytest.raises(ValueError, match="folder"):
        gradebook.grade_student(None, tmp_path / "nobody")
    with pytest.raises(ValueError, match="source"):
        strip_docs("def (:")
    with pytest.raises(ValueError, match="mode must be one of"):
        from course_lib.grading.release import release
        release(tmp_path, tmp_path / "x", mode="strict")
