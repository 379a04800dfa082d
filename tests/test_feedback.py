"""The feedback engine: never raises or hangs on a student's answer, exact tolerances, stable
text shown to the question's precision; forgiving choices; known-mistake hints; answer keys
whose bugs reach the author; practice numbers."""

import dataclasses
import datetime
import math
import re
import time
from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext
from fractions import Fraction

import fuzzcorpus
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_lib.checks import (
    PREFIXES,
    STATUSES,
    AnswerKeyError,
    Feedback,
    answer_key,
    check_bool,
    check_choice,
    check_number,
    check_numbered,
    check_range,
    check_sequence,
    inspect_answer,
    near_miss,
    normalize_label,
)
from course_lib.checks.practice import practice_namespace

ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")


# --------------------------------------------------------------------------- strategies


class Hostile:
    """An answer whose every dunder raises."""

    def _boom(self, *args, **kwargs):
        raise RuntimeError("hostile")

    __eq__ = __ne__ = __lt__ = __gt__ = __float__ = __int__ = __len__ = __iter__ = _boom
    __index__ = __bool__ = __getitem__ = __repr__ = __str__ = _boom
    __hash__ = object.__hash__


class HostileFloat(float):
    def __ne__(self, other):
        raise RuntimeError("hostile")

    __eq__ = __ne__
    __hash__ = float.__hash__


class EndlessSequence(list):
    def __len__(self):
        return 10**30


CORPUS = fuzzcorpus.build()   # adversarial answers (see tests/fuzzcorpus.py)

hashable = st.one_of(st.integers(), st.text(max_size=5), st.floats(), st.booleans())
numpy_arrays = hnp.arrays(
    dtype=st.one_of(hnp.scalar_dtypes(), hnp.unicode_string_dtypes(max_len=4)),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
)
numpy_scalars = hnp.scalar_dtypes().flatmap(hnp.from_dtype)
leaves = st.one_of(
    st.none(),
    st.just(Ellipsis),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**1000), max_value=10**1000),
    st.sampled_from([10**1000, 2**1024, 10**308, 1e308, -1e308, 5e-324]),
    st.sampled_from([4400, 5000]).map(lambda n: -(10**n)),  # too long for str()
    st.floats(),
    st.complex_numbers(),
    st.text(),
    st.from_regex(r"\s*-?[0-9]+(\.[0-9]*)?([eE][0-9]+)?\s*", fullmatch=True),
    st.sampled_from(["True", "false", "spine", " SPINE ", "", "nan", "inf", "1e999"]),
    st.binary(max_size=8),
    st.fractions(),
    st.decimals(allow_nan=True, allow_infinity=True),
    numpy_scalars,
    numpy_arrays,
    st.sampled_from([np.longdouble("1e4000"), np.float32("nan"), np.array([np.inf])]),
    st.builds(object),
    st.builds(Hostile),
    st.floats().map(HostileFloat),
    st.builds(EndlessSequence),
    st.sets(hashable, max_size=4),
    st.frozensets(hashable, max_size=4),
    st.integers(0, len(CORPUS) - 1).map(lambda k: CORPUS[k].answer),
)
def object_array(items: list) -> np.ndarray:
    """A 1-d object array holding `items` (and None) as they are, whatever they are."""
    out = np.empty(len(items) + 1, dtype=object)
    for k, item in enumerate(items):
        out[k] = item
    return out


anything = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=3), children, max_size=3),
        st.lists(children, max_size=4).map(object_array),
    ),
    max_leaves=12,
)

CHECKERS = {
    "number_rel": lambda a: check_number(a, 11.63, rel_tol=0.02, units="%"),
    "number_abs": lambda a: check_number(a, 0.0, abs_tol=0.1),
    "number_default": lambda a: check_number(a, -3),
    "number_mistakes": lambda a: check_number(
        a, 11.63, rel_tol=0.02, units="%", hint="general",
        mistakes=[(-11.63, "sign!"), ((0, 1), "fraction?"), (116.3, "x10", 0.001)]),
    "range_mistakes": lambda a: check_range(a, 1, 2, mistakes=[(-1.5, "sign!"), ((3, 4), "r")]),
    "range": lambda a: check_range(a, 1, 2, units="years"),
    "range_open": lambda a: check_range(a, high=0),
    "choice": lambda a: check_choice(a, "spine", ["spine", "hip", "radius"]),
    "bool": lambda a: check_bool(a, True),
    "numbered": lambda a: check_numbered(a, 2, 4, wrong_hints={3: "not that one"}),
    "sequence_numbers": lambda a: check_sequence(a, [1.0, 2.0, 3.0], rel_tol=0.01),
    "sequence_labels": lambda a: check_sequence(a, ["a", "b"], ordered=False),
    "sequence_unordered_numbers": lambda a: check_sequence(a, [3, 1], ordered=False),
}


def assert_wellformed(fb):
    assert isinstance(fb, Feedback)
    assert fb.status in STATUSES
    text = str(fb)
    assert text == repr(fb) == fb.text
    assert text.startswith(PREFIXES[fb.status])
    assert "\n" not in text
    assert not ADDRESS.search(text), text
    assert not ADDRESS.search(fb._repr_html_())
    if fb.status in ("incorrect", "invalid"):
        assert fb.hint, f"no hint in {text!r}"
        assert len(fb.message) > 10


@pytest.mark.parametrize("checker", sorted(CHECKERS))
@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(answer=anything)
def test_checkers_never_raise_and_text_is_deterministic(checker, answer):
    first = CHECKERS[checker](answer)
    second = CHECKERS[checker](answer)
    assert_wellformed(first)
    assert first.text == second.text
    assert first._repr_html_() == second._repr_html_()


# --------------------------------------------------------------------------- tolerance


def exact_accepts(answer: float, expected: float, rel: float, ab: float) -> bool:
    """Independent reference: exact decimal arithmetic on the binary float values."""
    with localcontext() as ctx:
        ctx.prec = 4000
        a, e = Decimal(answer), Decimal(expected)
        return abs(a - e) <= max(Decimal(rel) * abs(e), Decimal(ab))


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e200, max_value=1e200)
tolerance = st.floats(min_value=0, max_value=0.5, allow_nan=False)


@settings(deadline=None, max_examples=400)
@given(
    expected=finite,
    rel=tolerance,
    ab=st.one_of(st.just(0.0), st.floats(min_value=0, max_value=10, allow_nan=False)),
    pick=st.integers(min_value=0, max_value=7),
    scale=st.floats(min_value=-3, max_value=3, allow_nan=False),
)
def test_number_tolerance_boundary_matches_exact_arithmetic(expected, rel, ab, pick, scale):
    tol = max(rel * abs(expected), ab)
    candidates = [
        expected + tol,
        expected - tol,
        math.nextafter(expected + tol, math.inf),
        math.nextafter(expected + tol, -math.inf),
        math.nextafter(expected - tol, math.inf),
        math.nextafter(expected - tol, -math.inf),
        expected + scale * tol,
        expected + scale,
    ]
    answer = candidates[pick]
    fb = check_number(answer, expected, rel_tol=rel, abs_tol=ab)
    want = "correct" if exact_accepts(answer, expected, rel, ab) else "incorrect"
    assert fb.status == want, (answer, expected, rel, ab, fb.text)
    if want == "incorrect":
        assert ("too high" in fb.message) == (answer > expected)


@settings(deadline=None, max_examples=200)
@given(
    expected=finite,
    rel=st.floats(min_value=1e-9, max_value=0.5),  # far above float rounding (1e-16)
    k=st.floats(min_value=-0.99, max_value=0.99),
)
def test_answers_well_inside_tolerance_are_correct_in_every_numeric_type(expected, rel, k):
    answer = expected * (1 + k * rel)
    assert check_number(answer, expected, rel_tol=rel).status == "correct"
    assert check_number(np.float64(answer), expected, rel_tol=rel).status == "correct"
    assert check_number(np.array(answer), expected, rel_tol=rel).status == "correct"


def test_default_tolerance_is_one_part_per_million():
    assert check_number(11.63 * (1 + 5e-7), 11.63).ok
    assert not check_number(11.63 * (1 + 5e-6), 11.63).ok
    assert check_number(1e-13, 0).ok  # absolute floor around zero
    assert not check_number(1e-11, 0).ok


def test_only_rel_tol_means_exact_at_zero():
    assert check_number(0, 0, rel_tol=0.5).ok
    assert not check_number(1e-300, 0, rel_tol=0.5).ok


@settings(deadline=None, max_examples=200)
@given(low=finite, width=st.floats(min_value=0, max_value=1e10), pick=st.integers(0, 4))
def test_range_is_inclusive(low, width, pick):
    high = low + width
    answer = [
        low,
        high,
        math.nextafter(low, -math.inf),
        math.nextafter(high, math.inf),
        low + width / 2,
    ][pick]
    fb = check_range(answer, low, high)
    assert fb.ok == (Decimal(low) <= Decimal(answer) <= Decimal(high)), fb.text


# --------------------------------------------------------------------------- numbers


NUMBER_CASES = [
        (None, "unanswered", "replace None with your answer."),
        (Ellipsis, "unanswered", "replace ... with your answer."),
        (11.63, "correct", "matches"),
        (11.8, "correct", "matches"),
        (12.0, "incorrect", "too high"),
        (11.0, "incorrect", "too low"),
        (np.float32(11.63), "correct", "(11.6 %)"),
        (np.array(11.63), "correct", "(11.6 %)"),
        (np.array(11.63, dtype=object), "correct", "(11.6 %)"),
        (np.int64(12), "incorrect", "(12 %) is too high"),
        (Fraction(1163, 100), "correct", "(11.6 %)"),
        (Decimal("11.63"), "correct", "(11.6 %)"),
        (True, "invalid", "True/False"),
        (np.bool_(False), "invalid", "True/False"),
        ("12.5", "invalid", "not a number"),
        ("twelve", "invalid", "text"),
        ([11.63], "invalid", "list holding one item"),
        ((11.63,), "invalid", "tuple holding one item"),
        (np.array([11.63]), "invalid", "array holding one value"),
        ([11.63, 2.0], "invalid", "list of 2 items"),
        (np.zeros((2, 3)), "invalid", "shape (2, 3)"),
        ({"a": 1}, "invalid", "a dict"),
        (object(), "invalid", "an object"),
        (float("nan"), "invalid", "NaN"),
        (np.float32("nan"), "invalid", "NaN"),
        (Decimal("sNaN"), "invalid", "NaN"),
        (float("-inf"), "invalid", "minus infinity"),
        (11.63 + 0j, "invalid", "complex"),
        (np.complex64(1), "invalid", "complex"),
        (1e308, "incorrect", "too high"),
        (10**1000, "incorrect", "(larger than 1e308 %) is too high"),
        (-(10**5000), "incorrect", "(smaller than -1e308 %) is too low"),
]


@pytest.mark.parametrize(
    ("answer", "status", "fragment"),
    NUMBER_CASES,
    ids=[f"{k}-{type(a).__name__}-{s}" for k, (a, s, _) in enumerate(NUMBER_CASES)],
)
def test_number_answers(answer, status, fragment):
    fb = check_number(answer, 11.63, rel_tol=0.02, units="%")
    assert_wellformed(fb)
    assert fb.status == status, fb.text
    assert fragment in fb.text


def test_long_double_beyond_float_range():
    big = np.longdouble("1e4000")
    fb = check_number(big, 11.63, rel_tol=0.02)
    if np.isfinite(big):  # 80- or 128-bit long double: a finite, far too large number
        assert fb.status == "incorrect" and "larger than 1e308" in fb.message
    else:  # long double == double on this platform
        assert fb.status == "invalid" and "infinite" in fb.message


def test_unanswered_text_is_exact():
    assert str(check_number(None, 1)) == "Not answered yet: replace None with your answer."


def test_numeric_text_is_told_to_drop_the_quotes():
    fb = check_number("12.5", 12.5)
    assert fb.status == "invalid"
    assert "give a number, not text" in fb.hint.lower()


def test_hints_follow_direction_and_author_choice():
    kw = dict(rel_tol=0.01, hint="general", too_high_hint="high!", too_low_hint="low!")
    assert check_number(20, 10, **kw).hint == "high!"
    assert check_number(5, 10, **kw).hint == "low!"
    assert check_number(5, 10, rel_tol=0.01, hint="general").hint == "general"
    assert check_number(5, 10, rel_tol=0.01).hint  # a default hint is always there


def test_factor_of_100_and_sign_slips_are_named():
    fraction = check_number(0.074, 7.4, rel_tol=0.01, units="%")
    assert fraction.status == "incorrect"
    assert "100 times too small" in fraction.message and "percentage" in fraction.hint
    doubled = check_number(740, 7.4, rel_tol=0.01, units="%")
    assert "100 times too large" in doubled.message
    sign = check_number(7.4, -7.4, rel_tol=0.01)
    assert "sign is wrong" in sign.message
    plain = check_number(7.0, 7.4, rel_tol=0.01)
    assert "100 times" not in plain.message and "sign" not in plain.message


def test_name_and_units_appear_in_the_message():
    fb = check_number(3, 10, name="the loss per cycle", units="%", rel_tol=0.01)
    assert fb.message.startswith("the loss per cycle (3 %)")


# --------------------------------------------------------------------------- author errors


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: check_number(None, float("nan")), "expected"),
        (lambda: check_number(None, "5"), "expected"),
        (lambda: check_number(None, True), "expected"),
        (lambda: check_number(None, 5, rel_tol=-0.1), "rel_tol"),
        (lambda: check_number(None, 5, abs_tol=float("inf")), "abs_tol"),
        (lambda: check_number(None, 5, units=3), "units"),
        (lambda: check_range(None), "low and high"),
        (lambda: check_range(None, 3, 2), "low"),
        (lambda: check_range(None, "a", 2), "low"),
        (lambda: check_choice(None, "a", "abc"), "options"),
        (lambda: check_choice(None, "a", []), "options"),
        (lambda: check_choice(None, "a", ["a", " A "]), "options"),
        (lambda: check_choice(None, "z", ["a", "b"]), "expected"),
        (lambda: check_choice(None, "a", ["a", "b"], wrong_hints={"c": "x"}), "wrong_hints"),
        (lambda: check_bool(None, 1), "expected"),
        (lambda: check_sequence(None, np.zeros((2, 2))), "expected"),
        (lambda: check_sequence(None, "abc"), "expected"),
        (lambda: check_sequence(None, [1, "a"]), "expected[1]"),
        (lambda: check_sequence(None, [1, 2], ordered="yes"), "ordered"),
        (lambda: Feedback("right", "x"), "status"),
        (lambda: Feedback("correct", 3), "message"),
    ],
)
def test_author_mistakes_raise_value_error_naming_the_argument(call, argument):
    with pytest.raises(ValueError, match=re.escape(argument)):
        call()


# --------------------------------------------------------------------------- choice/bool


def test_choice_ignores_case_and_spacing():
    opts = ["Spine", "total hip", "radius"]
    assert check_choice("  TOTAL   Hip ", "total hip", opts).ok
    assert check_choice("spine", "Spine", opts).ok


def test_choice_outside_options_lists_the_valid_ones():
    fb = check_choice("femur", "spine", ["spine", "hip"])
    assert fb.status == "invalid"
    assert "'spine', 'hip'" in fb.hint


def test_a_text_too_long_to_be_an_option_is_judged_by_its_length_alone():
    # Reading is bounded: a huge text is not folded or searched (a 10**8-character text took
    # seconds), so even one that is only spaces around an option is refused by its length.
    padded = " " * 200_000 + "spine"
    fb = check_choice(padded, "spine", ["spine", "hip"])
    assert fb.status == "invalid" and "200,005 characters" in fb.message
    assert check_choice(" " * 2_000 + "spine", "spine", ["spine", "hip"]).ok    # short: folded
    fb = check_sequence([padded, "hip"], ["spine", "hip"])
    assert fb.status == "incorrect" and "position 1 " in fb.message


def test_choice_wrong_hints():
    opts = ["spine", "hip", "radius"]
    fb = check_choice("Hip", "spine", opts, hint="generic", wrong_hints={"hip": "cortical!"})
    assert fb.status == "incorrect" and fb.hint == "cortical!"
    assert check_choice("radius", "spine", opts, hint="generic", wrong_hints={"hip": "c"}).hint \
        == "generic"


def test_choice_number_label_is_told_to_use_quotes():
    fb = check_choice(2, "1", ["1", "2", "3"])
    assert fb.status == "invalid" and "'2'" in fb.hint


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (True, "correct"),
        (np.bool_(True), "correct"),
        (np.array(True), "correct"),
        (False, "incorrect"),
        ("True", "invalid"),
        (1, "invalid"),
        ([True], "invalid"),
        (None, "unanswered"),
    ],
)
def test_bool_answers(answer, status):
    fb = check_bool(answer, True)
    assert_wellformed(fb)
    assert fb.status == status


# --------------------------------------------------------------------------- sequences


@settings(deadline=None, max_examples=200)
@given(
    expected=st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=12),
    data=st.data(),
)
def test_sequence_reports_exactly_the_wrong_positions(expected, data):
    wrong = data.draw(st.sets(st.integers(0, len(expected) - 1), max_size=len(expected)))
    answer = [e + 10.0 if k in wrong else e for k, e in enumerate(expected)]
    fb = check_sequence(answer, expected, abs_tol=1.0)
    assert_wellformed(fb)
    if not wrong:
        assert fb.ok
        return
    assert fb.status == "incorrect"
    positions = re.search(r"positions? ([0-9, ]+)", fb.message).group(1)
    reported = {int(p) - 1 for p in positions.split(",")}    # shown counting from 1
    assert reported == set(sorted(wrong)[:5])
    assert (len(wrong) > 5) == ("more" in fb.message)


def test_sequence_length_shape_and_items():
    exp = [1.0, 2.0, 3.0]
    assert check_sequence(np.array([1, 2, 3]), exp).ok
    assert check_sequence((1, 2, 3), exp).ok
    short = check_sequence([1, 2], exp)
    assert short.status == "incorrect" and "has 2 items, but 3 are expected" in short.message
    flat = check_sequence(np.ones((3, 1)), exp)
    assert flat.status == "invalid" and "(3, 1)" in flat.message and "ravel" in flat.hint
    item = check_sequence([1, "2", 3], exp)
    assert item.status == "invalid" and "item 2 (counting the first as 1)" in item.message
    hole = check_sequence([1, None, 3], exp)
    assert hole.status == "invalid" and "item 2" in hole.message
    assert check_sequence([None, None, None], exp).status == "unanswered"
    assert check_sequence("123", exp).status == "invalid"
    assert check_sequence({1, 2, 3}, exp).status == "invalid"  # a set has no order


def test_sequence_labels_and_unordered():
    assert check_sequence(["Spine", "hip "], ["spine", "hip"]).ok
    assert not check_sequence(["hip", "spine"], ["spine", "hip"]).ok
    assert check_sequence(["hip", "spine"], ["spine", "hip"], ordered=False).ok
    assert check_sequence({"hip", "spine"}, ["spine", "hip"], ordered=False).ok
    extra = check_sequence(["hip", "femur"], ["spine", "hip"], ordered=False)
    assert extra.status == "incorrect" and "'femur'" in extra.message
    assert check_sequence([3.0, 1.0], [1, 3], ordered=False).ok
    assert check_sequence([3, 2], [1, 3], ordered=False).status == "incorrect"
    labels = check_sequence([1, 2], ["a", "b"])
    assert labels.status == "invalid" and "label" in labels.message


# --------------------------------------------------------------------------- Feedback


def test_feedback_text_forms():
    assert str(Feedback("correct", "well done.")) == "Correct: well done."
    assert str(Feedback("incorrect", "too high.", "halve it")) == (
        "Not quite: too high. Hint: halve it"
    )
    assert str(Feedback("invalid", "text.", "no quotes")) == (
        "Cannot check this answer: text. Hint: no quotes"
    )
    assert Feedback("incorrect", "x", "").hint is None
    assert Feedback("correct", "x").ok and not Feedback("incorrect", "x").ok


def test_feedback_html_escapes_and_is_frozen():
    fb = Feedback("incorrect", "a < b & c", "use <b>")
    html = fb._repr_html_()
    assert "a &lt; b &amp; c" in html and "use &lt;b&gt;" in html
    assert 'class="course-feedback course-feedback-incorrect"' in html
    with pytest.raises(dataclasses.FrozenInstanceError):
        fb.status = "correct"


def test_feedback_forms_are_assembled_in_one_place(monkeypatch):
    """Text and HTML both read Feedback._parts, so a display policy changes only that."""
    fb = Feedback("incorrect", "too high.", "halve it")
    monkeypatch.setattr(Feedback, "_parts", lambda self: ("Graded: ", self.message, None))
    assert fb.text == "Graded: too high."
    assert "halve it" not in fb._repr_html_() and "Graded:" in fb._repr_html_()


# --------------------------------------------------------------------------- answer keys


def test_answer_key_bug_reaches_the_author_not_the_student():
    @answer_key
    def key(answer, divisor=0):
        """Docstring kept."""
        expected = 1 / divisor                  # the author's bug, computed outside the guard
        return check_number(answer, expected)

    with pytest.raises(AnswerKeyError, match="bug in the course, not in your answer") as info:
        key(1.0)
    assert isinstance(info.value.__cause__, ZeroDivisionError)
    assert "ZeroDivisionError" in str(info.value) and "key" in str(info.value)
    assert key(0.5, divisor=2).ok
    assert key.__name__ == "key" and key.__doc__ == "Docstring kept."
    assert key.__answer_key__


def test_answer_key_author_argument_errors_and_non_feedback_are_raised():
    @answer_key
    def bad_expected(answer):
        return check_number(answer, float("nan"))

    @answer_key
    def not_feedback(answer):
        return "oops"

    for key in (bad_expected, not_feedback):
        for answer in (None, 1.0, fuzzcorpus.Opaque()):
            with pytest.raises(AnswerKeyError):
                key(answer)


def test_answer_key_student_answers_never_raise():
    @answer_key
    def key(answer):
        return check_number(answer, 11.63, rel_tol=0.02)

    for case in CORPUS:
        assert_wellformed(key(case.answer))


def test_inspect_answer_guards_a_keys_own_look_at_the_answer():
    assert inspect_answer(lambda a, k: a * k, 3, 2) == 6
    fb = inspect_answer(lambda a: a + 1, fuzzcorpus.HostileInt(3))
    assert fb.status == "invalid" and "HostileInt" in fb.message and "Hostile" in fb.message


def test_answer_with_hostile_methods_gets_feedback():
    for checker in CHECKERS.values():
        assert_wellformed(checker(Hostile()))
        assert_wellformed(checker([Hostile(), Hostile(), Hostile()]))


# --------------------------------------------------------------------------- known mistakes

UPSIDE_DOWN = "You divided the wrong way round."


def test_known_mistake_hint_replaces_the_generic_hint():
    # expected 4 = 8 / 2; the slip 2 / 8 = 0.25
    right = check_number(4.0, 4.0, rel_tol=0.01, mistakes=[(0.25, UPSIDE_DOWN)])
    assert right.ok
    wrong = check_number(0.25, 4.0, rel_tol=0.01, mistakes=[(0.25, UPSIDE_DOWN)])
    assert wrong.status == "incorrect" and wrong.hint == UPSIDE_DOWN
    assert wrong.message == "your answer (0.25) is too low."  # the message is unchanged
    other = check_number(3.0, 4.0, rel_tol=0.01, hint="8 / 2", mistakes=[(0.25, UPSIDE_DOWN)])
    assert other.hint == "8 / 2"


def test_a_correct_answer_is_never_flagged_as_a_mistake():
    assert check_number(4.0, 4.0, rel_tol=0.01, mistakes=[(4.0, "no")]).ok
    assert check_range(1.5, 1, 2, mistakes=[((0, 10), "no")]).ok


def test_mistakes_match_within_the_checks_tolerance_or_one_percent():
    kw = dict(mistakes=[(10.0, "ten")])
    assert check_number(10.4, 1.0, rel_tol=0.05, **kw).hint == "ten"      # within 5 % of 10
    assert check_number(10.6, 1.0, rel_tol=0.05, **kw).hint != "ten"
    assert check_number(10.4, 1.0, abs_tol=0.5, **kw).hint == "ten"       # within 0.5 of 10
    assert check_number(10.09, 1.0, **kw).hint == "ten"                   # no tolerance: 1 %
    assert check_number(10.11, 1.0, **kw).hint != "ten"
    assert check_range(10.09, 0, 1, **kw).hint == "ten"
    assert check_range(10.11, 0, 1, **kw).hint != "ten"


def test_a_mistake_may_carry_its_own_tolerance_or_be_a_range():
    tight = [(10.0, "ten", 0.001)]
    assert check_number(10.005, 1.0, rel_tol=0.05, mistakes=tight).hint == "ten"
    assert check_number(10.02, 1.0, rel_tol=0.05, mistakes=tight).hint != "ten"
    span = [((5, 6), "five to six")]
    assert check_number(5.0, 1.0, mistakes=span).hint == "five to six"  # inclusive
    assert check_number(6.0, 1.0, mistakes=span).hint == "five to six"
    assert check_number(6.01, 1.0, mistakes=span).hint != "five to six"
    assert check_range(0.5, 1, 2, mistakes=[[[0.4, 0.6], "low"]]).hint == "low"  # lists too


def test_the_first_matching_mistake_wins():
    both = [((0, 10), "first"), (5.0, "second")]
    assert check_number(5.0, 20.0, mistakes=both).hint == "first"


def test_hint_precedence_author_before_the_sign_slip():
    sign = check_number(7.4, -7.4, rel_tol=0.01, hint="Read r.bmd_change.")
    assert "sign is wrong" in sign.message          # the message still names the slip
    assert sign.hint == "Read r.bmd_change."        # but the author's hint is kept
    assert check_number(7.4, -7.4, rel_tol=0.01, too_high_hint="high!").hint == "high!"
    assert "Check the sign" in check_number(7.4, -7.4, rel_tol=0.01).hint
    flagged = check_number(7.4, -7.4, rel_tol=0.01, hint="general",
                           mistakes=[(7.4, "A loss is negative here.")])
    assert flagged.hint == "A loss is negative here."


def test_hint_precedence_mistake_then_factor_of_100_then_author():
    fraction = check_number(0.074, 7.4, rel_tol=0.01, units="%", hint="general")
    assert "percentage" in fraction.hint            # the factor-of-100 hint beats `hint`
    named = check_number(0.074, 7.4, rel_tol=0.01, units="%", hint="general",
                         mistakes=[(0.074, "That is the fraction lost.")])
    assert named.hint == "That is the fraction lost."
    assert "100 times too small" in named.message


@settings(deadline=None, max_examples=200)
@given(
    expected=st.floats(min_value=1e-3, max_value=1e6),
    factor=st.floats(min_value=2, max_value=1e3),
    k=st.floats(min_value=-0.99, max_value=0.99),
)
def test_answers_near_a_mistake_get_its_hint(expected, factor, k):
    mistake = expected * factor                     # far outside the 1 % tolerance
    answer = mistake * (1 + k * 0.01)
    fb = check_number(answer, expected, rel_tol=0.01, mistakes=[(mistake, "slip")])
    assert fb.status == "incorrect" and fb.hint == "slip", fb.text
    assert check_number(expected, expected, rel_tol=0.01, mistakes=[(mistake, "slip")]).ok


@pytest.mark.parametrize(
    ("mistakes", "argument"),
    [
        ("abc", "mistakes"),
        ({1.0: "x"}, "mistakes"),
        ([1.0], "mistakes[0]"),
        ([(1.0,)], "mistakes[0]"),
        ([(1.0, "a"), (float("nan"), "b")], "mistakes[1] value"),
        ([("1", "a")], "mistakes[0] value"),
        ([(1.0, 3)], "mistakes[0] hint"),
        ([(1.0, "  ")], "mistakes[0] hint"),
        ([(1.0, "a", -0.1)], "mistakes[0] rel_tol"),
        ([((2, 1), "a")], "mistakes[0]: low"),
        ([((1, 2, 3), "a")], "mistakes[0] value"),
    ],
)
def test_author_mistakes_in_mistakes_raise_naming_the_item(mistakes, argument):
    with pytest.raises(ValueError, match=re.escape(argument)):
        check_number(None, 1.0, mistakes=mistakes)
    with pytest.raises(ValueError, match=re.escape(argument)):
        check_range(None, 0, 1, mistakes=mistakes)


# --------------------------------------------------------------------------- labels, practice


@pytest.mark.parametrize(
    ("text", "label"),
    [(" Low  Bone\tMass ", "low bone mass"), ("OSTEOPENIA", "osteopenia"), ("", ""),
     ("Straße", "strasse")],
)
def test_normalize_label_folds_case_and_spacing(text, label):
    assert normalize_label(text) == label


@settings(deadline=None, max_examples=100)
@given(st.text(max_size=20))
def test_choice_accepts_what_normalize_label_equates(text):
    label = normalize_label(text)
    assert normalize_label(label) == label                    # idempotent
    if label:
        spaced = " " + text.replace(" ", "  \t") + "\n"
        assert normalize_label(spaced) == label
        assert check_choice(spaced, label, [label, label + " x"]).ok


def test_practice_namespace_prints_labelled_numbers(capsys):
    table = {"pair": {"before": 0.9, "sites": ("spine", "hip")}}
    p = practice_namespace(table, {"before": "g/cm2"}, "pair")
    assert capsys.readouterr().out == (
        "Practice numbers (made up for this exercise, not data): before = 0.9 g/cm2; "
        "sites = ['spine', 'hip']\n")
    assert (p.before, p.sites) == (0.9, ("spine", "hip"))
    assert practice_namespace(table, {}, "pair", show=False).before == 0.9
    assert capsys.readouterr().out == ""
    with pytest.raises(ValueError, match="group must be one of 'pair'"):
        practice_namespace(table, {}, "nope")


# --------------------------------------------------------------------------- bounded work

BIG_DECIMALS = ["1e999999999", "-1e999999999", "1e-999999999", "-1e-999999999",
                "9.99e999999999", "1e-425000000", "1" * 5000, "0." + "0" * 500 + "1"]


def exact_verdict(answer: Decimal, expected: float, rel: float, ab: float) -> bool:
    """Reference for Decimals of any size: Decimal arithmetic with an unbounded exponent."""
    with localcontext() as ctx:
        ctx.prec, ctx.Emax, ctx.Emin = 100, MAX_EMAX, MIN_EMIN
        e = Decimal(expected)
        return abs(answer - e) <= max(Decimal(rel) * abs(e), Decimal(ab))


@pytest.mark.parametrize("text", BIG_DECIMALS)
@pytest.mark.parametrize(("expected", "rel", "ab"), [(11.63, 0.02, 0.0), (0.0, 0.0, 1e-9),
                                                     (0.0, 0.5, 0.0), (-7.4, 0.0, 0.05)])
def test_huge_and_tiny_decimals_are_judged_at_once_and_right(text, expected, rel, ab,
                                                             pytestconfig):
    answer = Decimal(text)
    report = fuzzcorpus.report_file(pytestconfig)
    with fuzzcorpus.hang_guard(30, report):  # before the bound, 1e999999999 hung for minutes
        start = time.thread_time()
        fb = check_number(answer, expected, rel_tol=rel, abs_tol=ab, units="%")
        cpu = time.thread_time() - start
    assert cpu < 1.0, f"{text}: {cpu:.2f} s"
    assert_wellformed(fb)
    assert fb.ok == exact_verdict(answer, expected, rel, ab), (text, fb.text)
    if not fb.ok:
        assert ("too high" in fb.message) == (answer > Decimal(expected))


@settings(deadline=None, max_examples=150)
@given(digits=st.integers(1, 10**6), exponent=st.integers(-(10**9), 10**9),
       sign=st.sampled_from([1, -1]), kind=st.sampled_from(["decimal", "int", "fraction"]))
def test_any_size_of_number_gets_the_exact_verdict(digits, exponent, sign, kind):
    expected, rel = 11.63, 0.02
    if kind == "decimal":
        answer = Decimal(f"{sign * digits}E{exponent}")
        truth = answer
    else:
        shift = exponent % 6000 - 3000                    # python ints: keep construction fast
        answer = sign * digits * 10**shift if shift >= 0 else Fraction(sign * digits,
                                                                        10**-shift)
        if kind == "int":
            answer = int(answer)
        with localcontext() as ctx:
            ctx.prec = 7000
            truth = (Decimal(answer.numerator) / Decimal(answer.denominator)
                     if isinstance(answer, Fraction) else Decimal(answer))
    fb = check_number(answer, expected, rel_tol=rel)
    assert fb.ok == exact_verdict(truth, expected, rel, 0.0), fb.text


# --------------------------------------------------------------------------- specific messages


@pytest.mark.parametrize("answer", [np.timedelta64(3, "D"), np.timedelta64("NaT"),
                                    np.timedelta64(10**18, "ns"), datetime.timedelta(days=1)])
def test_time_spans_get_a_message_of_their_own(answer):
    fb = check_number(answer, 3.0)
    assert fb.status == "invalid" and "time span" in fb.message and "timedelta64" in fb.hint
    assert "reading it raised" not in fb.message
    assert "time span" in check_sequence([answer, answer], [1.0, 2.0]).message


def test_dates_get_a_message_of_their_own():
    for answer in (np.datetime64("2020-01-02"), datetime.date(2020, 1, 2)):
        fb = check_number(answer, 3.0)
        assert fb.status == "invalid" and "a date" in fb.message


def test_subclasses_whose_methods_raise_are_read_by_their_value():
    assert check_number(fuzzcorpus.HostileFloat(11.63), 11.63).ok
    assert check_number(fuzzcorpus.HostileInt(12), 12).ok
    assert check_number(fuzzcorpus.HostileDecimal("11.63"), 11.63).ok
    assert check_number(fuzzcorpus.HostileFraction(1163, 100), 11.63).ok
    assert check_number(np.array(11.63).view(fuzzcorpus.HostileArray), 11.63).ok
    wrong = check_number(fuzzcorpus.HostileFloat(20.0), 11.63, rel_tol=0.01)
    assert wrong.status == "incorrect" and "too high" in wrong.message
    assert check_choice(fuzzcorpus.HostileStr(" Hip "), "hip", ["spine", "hip"]).ok
    assert check_sequence(fuzzcorpus.HostileList([1.0, 2.0]), [1, 2]).ok
    assert check_sequence(fuzzcorpus.HostileTuple(("a", "b")), ["a", "b"]).ok
    assert check_sequence(fuzzcorpus.LyingLen([1.0, 2.0]), [1, 2]).ok       # its true length
    assert not check_sequence(fuzzcorpus.ShiftyList([1.0, 2.0]), [0, 1]).ok  # its true items


def test_objects_whose_methods_raise_get_a_message_naming_them():
    fb = check_number(fuzzcorpus.FakeReal(), 3.0)
    assert fb.status == "invalid"
    assert fb.message == "your answer is a FakeReal, and reading it raised Hostile."
    assert "not an object whose methods fail" in fb.hint
    for answer in (fuzzcorpus.Opaque(), fuzzcorpus.Impostor(), fuzzcorpus.HostileEq()):
        fb = check_number(answer, 3.0)
        assert fb.status == "invalid", fb.text
        assert type(answer).__name__ in fb.message and "a number is expected" in fb.message


def test_lying_and_endless_sequences_are_not_believed():
    assert "a list of 2 items" in check_number(fuzzcorpus.LyingLen([1, 2]), 3.0).message
    endless = check_sequence(fuzzcorpus.Endless([1.0, 2.0]), [1.0, 2.0, 3.0])
    assert endless.status == "incorrect" and "has 2 items" in endless.message
    abc = check_sequence(fuzzcorpus.EndlessSequence(), [1.0, 1.0, 1.0])
    assert abc.status == "invalid" and "EndlessSequence" in abc.message
    huge = check_sequence(np.broadcast_to(1.0, (10**9,)), [1.0, 1.0])
    assert huge.status == "incorrect" and "1000000000 items" in huge.message


@pytest.mark.parametrize("answer", [float("nan"), np.float32("nan"), Decimal("NaN")])
def test_nan_is_called_nan_not_a_float(answer):
    fb = check_choice(answer, "spine", ["spine", "hip"])
    assert fb.status == "invalid" and "NaN (not a number)" in fb.message
    assert "float" not in fb.message
    assert "NaN" in check_bool(answer, True).message


# --------------------------------------------------------------------------- forgiving choices

CELLS = ["osteoclasts", "osteoblasts", "osteocytes"]
LABELS = ("established", "supported", "hypothesis", "contradicted")
PATTERNS = ["turnover up, bone lost", "turnover about the same, bone lost",
            "turnover up, no bone lost", "no change"]


@pytest.mark.parametrize(("answer", "chosen"), [
    ("Osteoclasts", "osteoclasts"), ("  osteoclasts.  ", "osteoclasts"),
    ("'osteoclasts'", "osteoclasts"), ("osteoclast", "osteoclasts"),
    ("Osteoclast!", "osteoclasts"), ("OSTEOBLAST", "osteoblasts"),
])
def test_choice_tolerates_case_spaces_punctuation_and_plurals(answer, chosen):
    right = check_choice(answer, chosen, CELLS)
    assert right.ok and f"{chosen!r}" in right.message
    other = next(c for c in CELLS if c != chosen)
    assert check_choice(answer, other, CELLS).status == "incorrect"


def test_choice_punctuation_inside_an_option_is_forgiven():
    assert check_choice("Turnover about the same; bone lost", PATTERNS[1], PATTERNS).ok
    assert check_choice("turnover up - no bone lost.", PATTERNS[2], PATTERNS).ok


def test_choice_loose_match_only_when_unambiguous():
    opts = ["a-b", "a b", "c"]
    fb = check_choice("A_B", "c", opts)
    assert fb.status == "invalid" and "'a-b' or 'a b'" in fb.message
    assert check_choice("a-b", "a-b", opts).ok               # exact still works
    assert check_choice("cell", "cell", ["cell", "cells"]).ok
    assert check_choice("Cells.", "cells", ["cell", "cells"]).ok


def test_near_miss_options_are_shown_in_full():
    fb = check_choice("turnover about same bone lost", PATTERNS[0], PATTERNS)
    assert fb.status == "invalid"
    assert "Did you mean 'turnover about the same, bone lost'" in fb.hint
    assert all(repr(o) in fb.hint for o in PATTERNS)          # every option, uncut
    long_text = "x" * 200
    assert "..." in check_choice(long_text, "no change", PATTERNS).message  # the answer is cut


def test_choice_synonyms():
    fb = check_choice("Low bone mass.", "osteopenia", ["normal", "osteopenia"],
                      synonyms={"low bone mass": "osteopenia"})
    assert fb.ok and "'osteopenia'" in fb.message
    with pytest.raises(ValueError, match="synonyms"):
        check_choice(None, "normal", ["normal"], synonyms={"x": "nope"})


def test_sequence_synonyms_loose_labels_and_item_hints():
    expected = ["normal", "osteopenia", "osteoporosis"]
    syn = {"low bone mass": "osteopenia"}
    assert check_sequence(["Normal.", "LOW bone mass", "osteoporosis!"], expected,
                          synonyms=syn).ok
    seen = []

    def item_hint(position, given, want):
        seen.append((position, given, want))
        return f"look at {position}"

    fb = check_sequence(["normal", "severe osteoporosis", "osteopenias"], expected,
                        item_hint=item_hint, hint="general")
    assert fb.status == "incorrect" and fb.hint == "look at 1 look at 2"
    assert seen == [(1, "severe osteoporosis", "osteopenia"), (2, "osteopenia",
                                                               "osteoporosis")]
    numbers = check_sequence([1.0, 5.0], [1.0, 2.0], item_hint=lambda k, g, e: f"{g} vs {e}")
    assert numbers.hint == "5.0 vs 2.0"
    assert check_sequence([1.0, 9.0], [1.0, 2.0], hint="h", item_hint=lambda *a: None).hint == "h"
    with pytest.raises(ValueError, match="item_hint"):
        check_sequence(None, [1, 2], ordered=False, item_hint=lambda *a: "x")
    with pytest.raises(ValueError, match="synonyms"):
        check_sequence(None, [1, 2], synonyms={"a": "b"})


def test_sequence_item_hint_bug_reaches_the_author():
    @answer_key
    def key(answer):
        return check_sequence(answer, ["a", "b"], item_hint=lambda k, g, e: 1 / 0)

    assert key(["a", "b"]).ok
    with pytest.raises(AnswerKeyError):
        key(["a", "c"])


# --------------------------------------------------------------------------- precision


def test_numbers_are_shown_to_the_questions_precision():
    share = 7.38 / 10.6 * 100                                  # 69.6226...
    assert "(69.6 %)" in check_number(share, share, rel_tol=0.01, units="%").message
    assert "(-2.46)" in check_number(-2.4567, -2.46, abs_tol=0.01).message
    assert "(0.0696 %)" in check_number(0.0696226, 69.6, rel_tol=0.01, units="%").message
    assert "(3 %)" in check_number(3.0, 10, rel_tol=0.01, units="%").message
    assert "(0.3)" in check_number(0.1 + 0.2, 0.3).message     # no float noise
    assert "(12)" in check_number(12, 11.63, rel_tol=0.01).message


SHOWN = re.compile(r"\((-?[0-9.]+)\)")


@settings(deadline=None, max_examples=300)
@given(expected=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
       rel=st.sampled_from([0.0, 0.001, 0.01, 0.02, 0.05]),
       ab=st.sampled_from([0.0, 0.005, 0.01, 0.05, 0.5]),
       k=st.floats(min_value=-3, max_value=3, allow_nan=False))
def test_a_shown_number_never_looks_right_when_it_is_wrong(expected, rel, ab, k):
    """Rounding for display keeps the verdict: the number shown, typed back in (as the exact
    decimal, or as Python reads it: a float), gets the same verdict as the answer (when it is
    shown in plain decimals)."""
    tol = max(rel * abs(expected), ab)
    answer = expected + k * tol if tol else expected * (1 + k * 1e-6) + k * 1e-12
    fb = check_number(answer, expected, rel_tol=rel, abs_tol=ab)
    found = SHOWN.search(fb.message)
    if found:
        shown = Decimal(found.group(1))
        assert exact_accepts(float(shown), expected, rel, ab) == fb.ok or \
            exact_verdict(shown, expected, rel, ab) == fb.ok, (answer, fb.text)


@settings(deadline=None, max_examples=200)
@given(low=st.floats(min_value=-1e4, max_value=1e4), width=st.floats(min_value=1e-3,
                                                                     max_value=100),
       k=st.floats(min_value=-0.5, max_value=1.5))
def test_a_shown_number_keeps_the_range_verdict(low, width, k):
    high, answer = low + width, low + k * width
    fb = check_range(answer, low, high)
    found = SHOWN.search(fb.message)
    if found:
        shown = Decimal(found.group(1))
        as_typed = [shown, Decimal(float(shown))]      # exactly, or as Python reads it
        assert any((Decimal(low) <= x <= Decimal(high)) == fb.ok for x in as_typed), \
            (answer, fb.text)


# --------------------------------------------------------------------------- near misses


def test_near_miss_tells_a_student_who_rounded_too_far_how_many_decimals_to_give():
    # 7.38 / 3 = 2.46 (SWAN's spine rate); a student who writes -2.5 used the right method.
    expected = -7.38 / 3
    fb = check_number(-2.5, expected, rel_tol=0.01, hint="Rate = change / years.",
                      mistakes=[(7.38, "That is the whole window."),
                                *near_miss(expected, rel_tol=0.01)])
    assert fb.status == "incorrect"
    assert "Close" in fb.hint and "2 decimal places" in fb.hint
    assert check_number(-2.46, expected, rel_tol=0.01, mistakes=near_miss(expected,
                                                                          rel_tol=0.01)).ok


def test_near_miss_comes_after_specific_mistakes_and_stays_near():
    expected = 2.0
    specific = (2.08, "That is the other site.", 0.001)
    fb = check_number(2.08, expected, rel_tol=0.01,
                      mistakes=[specific, *near_miss(expected, rel_tol=0.01)])
    assert fb.hint == "That is the other site."
    (low, high), _hint = near_miss(expected, rel_tol=0.01)[0]
    assert (low, high) == pytest.approx((1.9, 2.1))          # 5 x the 1 % tolerance
    far = check_number(2.5, expected, rel_tol=0.01, hint="Use the formula.",
                       mistakes=near_miss(expected, rel_tol=0.01))
    assert far.hint == "Use the formula."
    # never wider than max_rel (10 %) of the expected value; empty when that adds nothing
    (low, high), _hint = near_miss(expected, rel_tol=0.05)[0]
    assert (low, high) == pytest.approx((1.8, 2.2))
    assert near_miss(expected, rel_tol=0.2) == []
    assert near_miss(0.0, abs_tol=0.01) == []


def test_near_miss_says_whole_numbers_and_one_decimal_in_words():
    assert "round only at the end, to a whole number" in near_miss(40.0, abs_tol=0.6)[0][1]
    assert "to 1 decimal place;" in near_miss(4.16, abs_tol=0.05)[0][1]
    assert "give the answer to" not in near_miss(40.0, abs_tol=0.6)[0][1]


# --------------------------------------------------------------------------- stated precision


@pytest.mark.parametrize("expected, decimals, right, rounded_too_far", [
    (6.1548, 1, [6.2, 6.15, 6.1548, 6.19], [6]),
    (1.1599, 2, [1.16, 1.159], [1.2, 1]),
    (-2.46, 1, [-2.5, -2.46, -2.45], [-2]),
    (-3.0466, 1, [-3.0, -3, -3.05], []),
    (1.2724, 1, [1.3, 1.27], [1]),
    (-2.9605, 1, [-3.0, -2.96], []),
    (69.62, 0, [70, 69.62, 69.5], []),
    (4.15, 1, [4.1, 4.2], [4]),                  # a tie: both roundings are right
])
def test_decimals_accepts_every_correct_rounding_and_names_the_precision(
        expected, decimals, right, rounded_too_far):
    for answer in right:
        assert check_number(answer, expected, decimals=decimals).ok, answer
    for answer in rounded_too_far:
        fb = check_number(answer, expected, decimals=decimals, hint="the method")
        assert fb.status == "incorrect", answer
        words = "a whole number" if decimals == 0 else (
            "1 decimal place" if decimals == 1 else f"{decimals} decimal places")
        assert f"round only at the end, to {words}" in fb.hint, fb.text


def test_decimals_rejects_a_wrong_rounding_and_keeps_specific_mistakes_first():
    fb = check_number(6.1, 6.1548, decimals=1, hint="the method")
    assert fb.status == "incorrect" and "1 decimal place" in fb.hint
    fb = check_number(2.2, 6.1548, decimals=1, hint="the method",
                      mistakes=[(2.17, "That is the straight line.")])
    assert fb.hint == "That is the straight line."
    assert check_number(0, 0.3985, decimals=2, hint="the method").hint == "the method"
    with pytest.raises(ValueError, match="decimals"):
        check_number(1, 1, decimals=1, rel_tol=0.01)
    with pytest.raises(ValueError, match="decimals"):
        check_number(1, 1, decimals=-1)
    assert near_miss(6.15, decimals=1) == near_miss(6.15, abs_tol=0.05 + 1e-7)


# --------------------------------------------------------------------------- review fixes


@pytest.mark.parametrize("answer", ["not supported", "unsupported", "Not supported.",
                                    "not established", "non-supported"])
def test_did_you_mean_never_drops_a_negation(answer):
    fb = check_choice(answer, "contradicted", LABELS)
    assert fb.status == "invalid"
    assert "Did you mean" not in fb.hint, fb.text


def test_did_you_mean_never_adds_a_negation_and_keeps_one():
    options = ("consistent with ovulation", "not consistent with ovulation in this cycle",
               "repeat the test")
    fb = check_choice("not consistent with ovulation", options[0], options)
    assert "Did you mean 'not consistent with ovulation in this cycle'?" in fb.hint
    fb = check_choice("consistent with ovulatoin", options[0], options)
    assert "Did you mean 'consistent with ovulation'?" in fb.hint
    assert check_choice("changed", "higher", ("higher", "lower", "unchanged")).hint.startswith(
        "Valid options")
    assert "Did you mean 'supported'?" in check_choice("suported", "supported", LABELS).hint


def test_a_short_form_of_a_long_option_is_suggested_not_accepted():
    sides = ("resorption side (turnover up)", "formation side (turnover about the same)",
             "neither")
    for short, full in (("formation side", sides[1]), ("resorption side", sides[0]),
                        ("Formation", sides[1])):
        fb = check_choice(short, sides[0], sides)
        assert fb.status == "invalid" and f"Did you mean {full!r}?" in fb.hint, fb.text
    readings = ("consistent with ovulation", "borderline: repeat with careful timing",
                "wrongly timed: repeat 7 days before the expected period")
    for short, full in (("borderline", readings[1]), ("wrongly timed", readings[2]),
                        ("wrongly timed: repeat", readings[2])):
        assert f"Did you mean {full!r}?" in check_choice(short, readings[0], readings).hint
    causes = ("yes: depression causes bone loss", "no: it shows an association, not a cause",
              "no: it shows that low BMD causes depression")
    fb = check_choice("no", causes[1], causes)
    assert f"Did you mean {causes[1]!r} or {causes[2]!r}?" in fb.hint
    # a synonym the key lists is still accepted
    assert check_choice("borderline", readings[1], readings,
                        synonyms={"borderline": readings[1]}).ok


def test_the_100_times_too_large_hint_fits_the_units():
    percent = check_number(-3990, -39.9, rel_tol=0.01, units="%")
    assert "100 times too large" in percent.message
    assert percent.hint == "Did you multiply by 100 twice?"
    small = check_number(-0.399, -39.9, rel_tol=0.01, units="%/year")
    assert "a fraction where a percentage is asked" in small.hint
    fraction = check_number(28.57, 0.2857, rel_tol=0.01)
    assert "a percentage where a fraction" in fraction.hint
    years = check_number(615, 6.15, rel_tol=0.01, units="years")
    assert "percentage" not in years.hint


def test_number_typed_as_text_is_quoted_back_in_the_hint():
    fb = check_numbered("3", 2, 4)
    assert fb.status == "invalid" and "(3, not '3')" in fb.hint
    assert "(12.5, not" not in fb.hint
    fb = check_number(" -2.46", -2.46, rel_tol=0.01)
    assert "(-2.46, not ' -2.46')" in fb.hint
    for word in ("nan", "inf", "-Infinity"):
        assert "remove the quotes" not in check_number(word, 1.0).hint


@pytest.mark.parametrize("text", ["yes", "no", "True", "'false'"])
def test_true_false_as_text_says_without_quotes(text):
    fb = check_bool(text, True)
    assert fb.status == "invalid"
    assert "Write True or False, without quotes" in fb.hint
    assert "Remove the quotes" not in fb.hint


@pytest.mark.parametrize("text", ["\u22123.12", "\u2212 3.12", "\u20133.12"])
def test_a_typographic_minus_is_text_and_the_hint_names_it(text):
    fb = check_number(text, -3.12, rel_tol=0.01)
    assert fb.status == "invalid"
    assert "not Python's minus sign" in fb.hint and "'-'" in fb.hint and "-3.12" in fb.hint


def test_a_reversed_interval_says_the_order_is_low_high():
    fb = check_sequence([3.88, 1.52], [1.52, 3.88], rel_tol=0.01)
    assert fb.status == "incorrect"
    assert "the order is [low, high]" in fb.message and "2 items" not in fb.message
    assert check_sequence([1.52, 3.88], [1.52, 3.88], rel_tol=0.01).ok
    other = check_sequence([3.88, 1.0], [1.52, 3.88], rel_tol=0.01)
    assert "reverse" not in other.message
    labels = check_sequence(["hip", "spine"], ["spine", "hip"])
    assert "reverse order" in labels.message


def test_a_numbered_pick_names_items_never_too_high_or_low():
    """Picking sentence 3 of 4 when 2 is right is 'not the one', not 'too high'; numbers that
    name no item, fractions and text say so; a wrong hint goes with its number."""
    fb = check_numbered(3, 2, 4, item="sentence", wrong_hints={3: "it cites nothing"})
    assert fb.status == "incorrect" and "too" not in fb.text and fb.hint == "it cites nothing"
    assert check_numbered(np.int64(2), 2, 4).ok and check_numbered(2.0, 2, 4).ok
    for bad, why in ((0, "numbered 1 to 4"), (5, "numbered 1 to 4"), (2.5, "numbered 1 to 4"),
                     ("2", "text"), (float("nan"), "NaN")):
        got = check_numbered(bad, 2, 4)
        assert got.status == "invalid" and why in got.text and got.hint, (bad, got.text)
    assert check_numbered(None, 2, 4).status == "unanswered"
    for args in ((0, 4), (5, 4), (2, 1), (True, 4)):
        with pytest.raises(ValueError, match="expected|count"):
            check_numbered(1, *args)
    with pytest.raises(ValueError, match="wrong_hints"):
        check_numbered(1, 2, 4, wrong_hints={2: "the right one is not a wrong pick"})
