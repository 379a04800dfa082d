"""The engine's written-answer checker, check_text: key points found or named, any text read
safely and in bounded time, and author mistakes refused with ValueError naming the argument."""

import time

import pytest
from checkhelpers import JUNK

from course_lib.checks import Feedback, check_text

POINTS = [
    ("the numbers", (r"\bper\s*10[,.]?000\b", r"absolute"), "Give absolute numbers."),
    ("the people", (r"\bwomen\b", r"participants"), "Say who took part."),
]


class HostileStr(str):
    def lower(self):
        raise RuntimeError("boom")

    def split(self, *a, **k):
        raise RuntimeError("boom")

    def __getitem__(self, item):
        raise RuntimeError("boom")


def test_all_points_found_is_correct_with_the_note():
    fb = check_text("In absolute terms, per 10,000 women ...", POINTS, correct_note="(ok)")
    assert fb.status == "correct" and "2 key points" in fb.text and "(ok)" in fb.text


def test_missing_points_are_named_with_their_hints():
    fb = check_text("The women in the trial were older.", POINTS)
    assert fb.status == "incorrect"
    assert "1 of 2" in fb.text and "the numbers" in fb.text
    assert fb.hint == "Give absolute numbers."


DENYING = [
    ("the numbers", (r"\bper\s*10[,.]?000\b",), "Give absolute numbers.",
     (r"absolute\s+numbers\s+never\s+matter",)),
    ("the people", (r"\bwomen\b",), "Say who took part."),
]


def test_a_denied_point_is_not_credited_and_the_phrase_is_quoted():
    text = "Per 10,000 women there were 8 more strokes, but absolute numbers never matter."
    fb = check_text(text, DENYING)
    assert fb.status == "incorrect" and "1 of 2" in fb.text
    assert "argues against it" in fb.text and "absolute numbers never matter" in fb.text
    assert "does not count" in fb.hint and "Give absolute numbers." in fb.hint
    # anywhere in the text: saying the point in another sentence does not undo the denial
    fb = check_text("Absolute numbers never matter. Per 10,000 women, 8 more.", DENYING)
    assert fb.status == "incorrect"
    assert check_text("Per 10,000 women there were 8 more strokes.", DENYING).ok


def test_denials_are_checked_as_author_input():
    with pytest.raises(ValueError, match=r"points\[0\] denials"):
        check_text(None, [("a", ("x",), "h", "not a list")])
    with pytest.raises(ValueError, match=r"points\[0\] pattern"):
        check_text(None, [("a", ("x",), "h", ("(",))])
    assert check_text("x", [("a", ("x",), "h", ())]).ok


def test_too_few_words():
    fb = check_text("absolute women", POINTS, min_words=5)
    assert fb.status == "incorrect" and "2 words" in fb.text and fb.hint


def test_repeating_words_does_not_reach_the_word_count():
    padded = "absolute women " + "because " * 40
    fb = check_text(padded, POINTS, min_words=20)
    assert fb.status == "incorrect" and "3 different words" in fb.text and fb.hint
    varied = "absolute women " + " ".join(f"w{i}" for i in range(18))
    assert check_text(varied, POINTS, min_words=20).ok


def test_white_space_and_case_are_folded():
    assert check_text("PER   10 000\n\tWOMEN", [("n", (r"per 10 000 women",), "h")]).ok


def test_unanswered_empty_and_non_text():
    assert check_text(None, POINTS).text == "Not answered yet: replace None with your answer."
    assert check_text(..., POINTS).status == "unanswered"
    assert check_text("   ", POINTS).status == "invalid"
    for junk in JUNK:
        if isinstance(junk, str):
            continue
        fb = check_text(junk, POINTS)
        assert isinstance(fb, Feedback) and fb.status == "invalid" and fb.hint
        assert "0x" not in fb.text


def test_str_subclass_is_read_without_its_own_methods():
    fb = check_text(HostileStr("absolute numbers for the women"), POINTS)
    assert fb.status == "correct", fb.text


def test_huge_text_is_read_only_to_max_chars_and_quickly():
    start = time.perf_counter()
    fb = check_text("x " * 5_000_000 + "absolute women", POINTS, max_chars=1000)
    assert fb.status == "incorrect"                   # the key words lie beyond max_chars
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize("kwargs, name", [
    ({"points": []}, "points"),
    ({"points": "absolute"}, "points"),
    ({"points": [("a", (r"(",), "h")]}, r"points\[0\] pattern"),
    ({"points": [("a", (), "h")]}, r"points\[0\] patterns"),
    ({"points": [("a", ("x",))]}, r"points\[0\]"),
    ({"points": [("", ("x",), "h")]}, r"points\[0\]"),
    ({"min_words": -1}, "min_words"),
    ({"max_chars": 10}, "max_chars"),
])
def test_author_mistakes_raise_naming_the_argument(kwargs, name):
    args = {"points": POINTS} | kwargs
    with pytest.raises(ValueError, match=name):
        check_text(None, **args)
