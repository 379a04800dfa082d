"""The feedback engine: never raises on a student's answer, exact tolerances, stable text;
known-mistake hints; practice numbers."""

import dataclasses
import math
import re
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_lib.checks import (
    PREFIXES,
    STATUSES,
    Feedback,
    check_bool,
    check_choice,
    check_number,
    check_range,
    check_sequence,
    never_raises,
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
)
anything = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=3), children, max_size=3),
        st.lists(children, max_size=4).map(lambda xs: np.array(xs + [None], dtype=object)),
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
        (np.float32(11.63), "correct", "11.63 %"),
        (np.array(11.63), "correct", "11.63 %"),
        (np.array(11.63, dtype=object), "correct", "11.63"),
        (np.int64(12), "incorrect", "(12 %) is too high"),
        (Fraction(1163, 100), "correct", "11.63"),
        (Decimal("11.63"), "correct", "11.63"),
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
        (float("-inf"), "invalid", "infinite"),
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
    reported = {int(p) for p in positions.split(",")}
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
    assert item.status == "invalid" and "item 1" in item.message
    hole = check_sequence([1, None, 3], exp)
    assert hole.status == "invalid" and "item 1" in hole.message
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


def test_never_raises_is_a_safety_net():
    @never_raises
    def key(answer):
        """Docstring kept."""
        return check_number(answer, 1 / answer)

    @never_raises
    def not_feedback(answer):
        return "oops"

    assert key(1).ok
    broken = key(0)
    assert broken.status == "invalid" and broken.hint
    assert "ZeroDivision" not in broken.text
    assert not_feedback(1).status == "invalid"
    assert key.__name__ == "key" and key.__doc__ == "Docstring kept."


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
    with pytest.raises(ValueError, match="group must be one of pair"):
        practice_namespace(table, {}, "nope")
