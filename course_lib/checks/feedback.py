"""Feedback engine: compare a student's answer with an expected value, never raising.

Every checker returns a `Feedback` whose text form starts with one of `PREFIXES`:

    Correct: ...
    Not quite: ... Hint: ...
    Not answered yet: replace None with your answer.
    Cannot check this answer: ... Hint: ...

Errors in the *author's* arguments (expected value, tolerances, options, mistakes) raise
`ValueError` naming the argument, even when the answer is None, so a broken answer key shows
up at once.
Anything a student types is turned into a `Feedback`; the student's value is only inspected,
never trusted (its repr is never shown, so texts hold no memory addresses).
"""

from __future__ import annotations

import functools
import html
import math
import numbers
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from course_lib.checks import mode as _mode

__all__ = [
    "PREFIXES",
    "STATUSES",
    "Feedback",
    "check_bool",
    "check_choice",
    "check_number",
    "check_range",
    "check_sequence",
    "never_raises",
    "normalize_label",
]

STATUSES = ("correct", "incorrect", "unanswered", "invalid")

#: Text that starts every `Feedback` text form, by status (tests find feedback by these).
PREFIXES = {
    "correct": "Correct: ",
    "incorrect": "Not quite: ",
    "unanswered": "Not answered yet: ",
    "invalid": "Cannot check this answer: ",
}

_HTML_STYLE = {
    "correct": ("&#10004;", "#117733"),
    "incorrect": ("&#10008;", "#AA3377"),
    "unanswered": ("&#9998;", "#555555"),
    "invalid": ("&#9888;", "#CC6600"),
}

_GENERIC_HINT = "Re-check your calculation and its units, then run the cell again."


@dataclass(frozen=True, repr=False)
class Feedback:
    """The result of checking one answer; its text and HTML forms are deterministic."""

    status: str
    message: str
    hint: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        if not isinstance(self.message, str):
            raise ValueError(f"message must be a str, got {type(self.message).__name__}")
        if self.hint is not None and not isinstance(self.hint, str):
            raise ValueError(f"hint must be a str or None, got {type(self.hint).__name__}")
        if self.hint is not None and not self.hint.strip():
            object.__setattr__(self, "hint", None)

    @property
    def ok(self) -> bool:
        """True only for a correct answer."""
        return self.status == "correct"

    @property
    def text(self) -> str:
        """One line of plain text: prefix, message and (if any) hint."""
        out = PREFIXES[self.status] + self.message
        if self.hint:
            out += " Hint: " + self.hint
        return out

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        icon, colour = _HTML_STYLE[self.status]
        prefix = html.escape(PREFIXES[self.status].rstrip())
        body = html.escape(self.message)
        hint = f" <em>Hint:</em> {html.escape(self.hint)}" if self.hint else ""
        return (
            f'<div class="course-feedback course-feedback-{self.status}" '
            f'style="border-left: 4px solid {colour}; padding: 0.2em 0.6em;">'
            f"{icon} <strong>{prefix}</strong> {body}{hint}</div>"
        )


# --------------------------------------------------------------------------- safety net

_SAFETY_MESSAGE = "something unexpected happened while checking this answer."
_SAFETY_HINT = (
    "Make sure your answer is a plain value of the kind the question asks for "
    "(a number, True/False, text or a list), re-run the cells above, and try again."
)


def _safety_feedback() -> Feedback:
    return Feedback("invalid", _SAFETY_MESSAGE, _SAFETY_HINT)


def never_raises(func: Callable[..., Feedback]) -> Callable[..., Feedback]:
    """Decorate an answer-key function: any exception (or a non-Feedback result) becomes an
    "invalid" Feedback with a generic message. A safety net, not the main path."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Feedback:
        try:
            with warnings.catch_warnings(), _mode.question(func):
                warnings.simplefilter("ignore")
                result = func(*args, **kwargs)
        except Exception:
            return _safety_feedback()
        return result if isinstance(result, Feedback) else _safety_feedback()

    return wrapper


def _guarded(func: Callable[..., Feedback], *args: Any, **kwargs: Any) -> Feedback:
    """Run the answer-inspecting half of a checker; whatever the answer does, never raise."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = func(*args, **kwargs)
    except Exception:
        result = _safety_feedback()
    return _mode.present(func, args, result)  # what the feedback mode lets a student see


# --------------------------------------------------------------------------- helpers


def _unanswered(answer: Any) -> Feedback | None:
    if answer is None:
        return Feedback("unanswered", "replace None with your answer.")
    if answer is Ellipsis:
        return Feedback("unanswered", "replace ... with your answer.")
    return None


def _short_text(s: str, limit: int = 30) -> str:
    s = str(s)
    if len(s) > limit:
        s = s[: limit - 3] + "..."
    return repr(s)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _fmt(x: Fraction | int | float) -> str:
    """A short, deterministic rendering of a number."""
    if isinstance(x, int) and abs(x) < 10**15:
        return str(x)
    if isinstance(x, Fraction) and x.denominator == 1 and abs(x) < 10**15:
        return str(x.numerator)
    try:
        f = float(x)
    except OverflowError:
        f = math.inf if x > 0 else -math.inf
    if math.isinf(f):
        return "larger than 1e308" if f > 0 else "smaller than -1e308"
    if f == 0:
        return "0"
    return format(f, ".6g")


def _with_units(x: Fraction, units: str) -> str:
    return f"{_fmt(x)} {units}" if units else _fmt(x)


def _describe(answer: Any) -> str:
    """What kind of thing `answer` is, without its repr (which may hold an address)."""
    if isinstance(answer, str):
        return f"the text {_short_text(answer)}"
    if isinstance(answer, (bool, np.bool_)):
        return f"{bool(answer)} (True/False)"
    if isinstance(answer, np.ndarray):
        return f"a numpy array of shape {tuple(int(n) for n in answer.shape)}"
    if isinstance(answer, (list, tuple)):
        return f"a {type(answer).__name__} of {_plural(len(answer), 'item')}"
    if isinstance(answer, numbers.Integral):
        return f"the number {_fmt(int(answer))}"
    if isinstance(answer, float) and math.isfinite(answer):
        return f"the number {_fmt(answer)}"
    name = type(answer).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name}"


class _NotANumber(Exception):
    """Raised by `_to_fraction` with a student-facing explanation and hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_ONE_NUMBER_HINT = "Give a single number, e.g. 12.5."


def _to_fraction(x: Any, depth: int = 0) -> Fraction:
    """Exact value of a real, finite number; anything else raises `_NotANumber`."""
    if isinstance(x, (bool, np.bool_)):
        raise _NotANumber(
            f"{bool(x)} (True/False), but a number is expected.",
            "Give a number such as 12.5, not True or False.",
        )
    if isinstance(x, numbers.Integral):
        return Fraction(int(x))
    if isinstance(x, Decimal):
        if x.is_nan():
            raise _NotANumber("NaN (not a number).", _NAN_HINT)
        if x.is_infinite():
            raise _NotANumber("infinite.", _INF_HINT)
        return Fraction(x)
    if isinstance(x, numbers.Real):
        if x != x:
            raise _NotANumber("NaN (not a number).", _NAN_HINT)
        if x in (math.inf, -math.inf) or (isinstance(x, np.floating) and np.isinf(x)):
            raise _NotANumber("infinite.", _INF_HINT)
        num, den = x.as_integer_ratio()
        return Fraction(int(num), int(den))
    if isinstance(x, numbers.Complex):
        raise _NotANumber(
            "a complex number, but a real number is expected.",
            "Give a real number such as 12.5; complex numbers usually come from the square "
            "root of a negative value.",
        )
    if isinstance(x, np.ndarray):
        if x.ndim == 0 and depth < 5:
            return _to_fraction(x[()], depth + 1)
        if x.size == 1:
            raise _NotANumber(
                "a numpy array holding one value, but a single number is expected.",
                "Give a single number: use float(x) or x.item() instead of the array x.",
            )
        raise _NotANumber(
            f"{_describe(x)}, but a single number is expected.", _ONE_NUMBER_HINT
        )
    if isinstance(x, (list, tuple)):
        kind = type(x).__name__
        if len(x) == 1:
            raise _NotANumber(
                f"a {kind} holding one item, but a single number is expected.",
                f"Give a single number, not a {kind}: e.g. x[0] instead of x.",
            )
        raise _NotANumber(
            f"{_describe(x)}, but a single number is expected.", _ONE_NUMBER_HINT
        )
    if isinstance(x, str):
        try:
            float(x.strip())
            numeric = True
        except (ValueError, OverflowError):
            numeric = False
        if numeric:
            raise _NotANumber(
                f"the text {_short_text(x)}, not a number.",
                "Give a number, not text: remove the quotes (12.5, not '12.5').",
            )
        raise _NotANumber(
            f"{_describe(x)}, but a number is expected.",
            "Give a number, not text, e.g. 12.5.",
        )
    raise _NotANumber(f"{_describe(x)}, but a number is expected.", _ONE_NUMBER_HINT)


_NAN_HINT = "NaN usually comes from 0/0 or from missing data; check the calculation."
_INF_HINT = "Infinity usually comes from dividing by zero; check the calculation."


def _author_number(value: Any, argument: str) -> Fraction:
    """Validate a number passed by an answer key; raise ValueError naming the argument."""
    try:
        return _to_fraction(value)
    except _NotANumber as exc:
        raise ValueError(f"{argument} must be a finite real number, got {exc.message}") from None


def _author_tolerance(value: Any, argument: str) -> Fraction:
    tol = _author_number(value, argument)
    if tol < 0:
        raise ValueError(f"{argument} must be >= 0, got {_fmt(tol)}")
    return tol


def _author_str(value: Any, argument: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{argument} must be a str, got {type(value).__name__}")
    return value


def _tolerances(rel_tol: Any, abs_tol: Any) -> tuple[Fraction, Fraction]:
    if rel_tol is None and abs_tol is None:
        return Fraction(1, 10**6), Fraction(1, 10**12)
    rel = Fraction(0) if rel_tol is None else _author_tolerance(rel_tol, "rel_tol")
    ab = Fraction(0) if abs_tol is None else _author_tolerance(abs_tol, "abs_tol")
    return rel, ab


def _within(value: Fraction, expected: Fraction, rel: Fraction, ab: Fraction) -> bool:
    return abs(value - expected) <= max(rel * abs(expected), ab)


def normalize_label(text: str) -> str:
    """A label as the checkers compare it: runs of white space folded to one, case folded."""
    return " ".join(str(text).split()).casefold()


def _author_texts(units: Any, name: Any, hint: Any, too_high_hint: Any,
                  too_low_hint: Any) -> tuple[str, str, str, str, str]:
    """Validate the text arguments of `check_number` and `check_range`."""
    return (_author_str(units, "units"), _author_str(name, "name") or "your answer",
            _author_str(hint, "hint"), _author_str(too_high_hint, "too_high_hint"),
            _author_str(too_low_hint, "too_low_hint"))


def _number_answer(answer: Any, name: str) -> Fraction | Feedback:
    """The student's number, or the Feedback that says why there is none."""
    empty = _unanswered(answer)
    if empty:
        return empty
    try:
        return _to_fraction(answer)
    except _NotANumber as exc:
        return Feedback("invalid", f"{name} is {exc.message}", exc.hint)


#: How close an answer must be to a known mistake when the check has no tolerance of its own.
_MISTAKE_REL_TOL = Fraction(1, 100)

_MISTAKE_FORM = "(value, hint) or (value, hint, rel_tol)"


def _author_mistakes(mistakes: Any, rel: Fraction, ab: Fraction) -> list[tuple]:
    """Validate `mistakes` and return them as (low, high, hint) intervals, in order.

    Each mistake is (value, hint) or (value, hint, rel_tol); value is a number (matched within
    `rel`/`ab`, or the mistake's own rel_tol) or a (low, high) pair (matched inclusively).
    """
    if mistakes is None:
        return []
    if isinstance(mistakes, (str, bytes, Mapping)) or not isinstance(mistakes, Sequence):
        raise ValueError(f"mistakes must be a list of {_MISTAKE_FORM}")
    out = []
    for k, item in enumerate(mistakes):
        arg = f"mistakes[{k}]"
        if not isinstance(item, (tuple, list)) or len(item) not in (2, 3):
            raise ValueError(f"{arg} must be a tuple {_MISTAKE_FORM}")
        target, text = item[0], _author_str(item[1], f"{arg} hint")
        if not text.strip():
            raise ValueError(f"{arg} hint must not be empty")
        m_rel, m_ab = rel, ab
        if len(item) == 3:
            m_rel, m_ab = _author_tolerance(item[2], f"{arg} rel_tol"), Fraction(0)
        if isinstance(target, (tuple, list)):
            if len(target) != 2:
                raise ValueError(f"{arg} value must be a number or a (low, high) pair")
            lo = _author_number(target[0], f"{arg} low")
            hi = _author_number(target[1], f"{arg} high")
            if lo > hi:
                raise ValueError(f"{arg}: low ({_fmt(lo)}) must be <= high ({_fmt(hi)})")
        else:
            value = _author_number(target, f"{arg} value")
            tol = max(m_rel * abs(value), m_ab)
            lo, hi = value - tol, value + tol
        out.append((lo, hi, text))
    return out


def _mistake_hint(value: Fraction, mistakes: list[tuple]) -> str:
    """The hint of the first known mistake `value` matches, or ""."""
    for lo, hi, text in mistakes:
        if lo <= value <= hi:
            return text
    return ""


# --------------------------------------------------------------------------- checkers


def check_number(
    answer: Any,
    expected: Any,
    *,
    rel_tol: float | None = None,
    abs_tol: float | None = None,
    units: str = "",
    name: str = "your answer",
    hint: str = "",
    too_high_hint: str | None = None,
    too_low_hint: str | None = None,
    mistakes: Sequence[tuple] | None = None,
) -> Feedback:
    """Check one real number: correct if |answer - expected| <= max(rel_tol*|expected|, abs_tol).

    Without tolerances, rel_tol=1e-6 and abs_tol=1e-12; with one given, the other is 0.
    Wrong answers say "too high"/"too low" and spot a factor-of-100 or sign slip.

    `mistakes` lists known wrong answers as (value, hint), e.g. ``[(1 / expected, "You divided
    the wrong way round.")]``: a wrong answer within the check's tolerance of `value` (1 % if
    the check has none; a third item, rel_tol, sets it for that mistake) gets that hint. A
    value may also be a (low, high) pair. Hint order: the first matching mistake, then the
    factor-of-100 hint, then the author's too_high/too_low_hint or hint, then the sign hint.
    """
    exp = _author_number(expected, "expected")
    rel, ab = _tolerances(rel_tol, abs_tol)
    units, name, hint, too_high_hint, too_low_hint = _author_texts(
        units, name, hint, too_high_hint, too_low_hint)
    if rel_tol is None and abs_tol is None:
        known = _author_mistakes(mistakes, _MISTAKE_REL_TOL, Fraction(0))
    else:
        known = _author_mistakes(mistakes, rel, ab)
    return _guarded(
        _check_number, answer, exp, rel, ab, units, name, hint, too_high_hint, too_low_hint,
        known,
    )


def _check_number(answer, exp, rel, ab, units, name, hint, too_high_hint, too_low_hint,
                  mistakes):
    value = _number_answer(answer, name)
    if isinstance(value, Feedback):
        return value
    shown = _with_units(value, units)
    if _within(value, exp, rel, ab):
        return Feedback("correct", f"{name} ({shown}) matches the expected value.")
    direction = "too high" if value > exp else "too low"
    message = f"{name} ({shown}) is {direction}."
    author = (too_high_hint if value > exp else too_low_hint) or hint
    slip = sign = ""
    percent = "%" in units or "percent" in units.lower()
    if value != 0 and _within(value * 100, exp, rel, ab):
        message += " It is about 100 times too small."
        slip = (
            "Did you give a fraction where a percentage is asked (0.05 instead of 5)?"
            if percent else "Check your units and powers of ten."
        )
    elif value != 0 and _within(value / 100, exp, rel, ab):
        message += " It is about 100 times too large."
        slip = (
            "Did you multiply by 100 twice, or give a percentage where a fraction is asked?"
            if percent else "Check your units and powers of ten."
        )
    elif exp != 0 and _within(-value, exp, rel, ab):
        message += " Its size is right but its sign is wrong."
        sign = "Check the sign: a loss is negative, a gain is positive."
    best = _mistake_hint(value, mistakes) or slip or author or sign or _GENERIC_HINT
    return Feedback("incorrect", message, best)


def check_range(
    answer: Any,
    low: Any = None,
    high: Any = None,
    *,
    units: str = "",
    name: str = "your answer",
    hint: str = "",
    too_high_hint: str | None = None,
    too_low_hint: str | None = None,
    mistakes: Sequence[tuple] | None = None,
) -> Feedback:
    """Accept any real number with low <= answer <= high (a None bound is open).

    `mistakes` works as in `check_number` (a number is matched within 1 %); a matching
    mistake's hint comes before too_high/too_low_hint and hint.
    """
    if low is None and high is None:
        raise ValueError("low and high cannot both be None: give at least one bound")
    lo = None if low is None else _author_number(low, "low")
    hi = None if high is None else _author_number(high, "high")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"low ({_fmt(lo)}) must be <= high ({_fmt(hi)})")
    units, name, hint, too_high_hint, too_low_hint = _author_texts(
        units, name, hint, too_high_hint, too_low_hint)
    known = _author_mistakes(mistakes, _MISTAKE_REL_TOL, Fraction(0))
    return _guarded(
        _check_range, answer, lo, hi, units, name, hint, too_high_hint, too_low_hint, known
    )


def _check_range(answer, lo, hi, units, name, hint, too_high_hint, too_low_hint, mistakes):
    value = _number_answer(answer, name)
    if isinstance(value, Feedback):
        return value
    shown = _with_units(value, units)
    mistake = _mistake_hint(value, mistakes)
    if lo is not None and value < lo:
        return Feedback("incorrect", f"{name} ({shown}) is too low.",
                        mistake or too_low_hint or hint or _GENERIC_HINT)
    if hi is not None and value > hi:
        return Feedback("incorrect", f"{name} ({shown}) is too high.",
                        mistake or too_high_hint or hint or _GENERIC_HINT)
    return Feedback("correct", f"{name} ({shown}) is in the accepted range.")


def _author_options(options: Any) -> list[str]:
    if isinstance(options, (str, bytes)) or not isinstance(options, Sequence):
        raise ValueError("options must be a list or tuple of str")
    opts = list(options)
    if not opts:
        raise ValueError("options must not be empty")
    for o in opts:
        if not isinstance(o, str) or not o.strip():
            raise ValueError(f"options must hold non-empty str only, got {o!r}")
    normed = [normalize_label(o) for o in opts]
    if len(set(normed)) != len(normed):
        raise ValueError("options must be distinct (ignoring case and spaces)")
    return opts


def check_choice(
    answer: Any,
    expected: str,
    options: Sequence[str],
    *,
    hint: str = "",
    wrong_hints: Mapping[str, str] | None = None,
) -> Feedback:
    """Check a multiple-choice answer (a str; case and spacing are ignored).

    `wrong_hints` maps a wrong option to the hint shown when it is chosen.
    """
    opts = _author_options(options)
    by_norm = {normalize_label(o): o for o in opts}
    if not isinstance(expected, str) or normalize_label(expected) not in by_norm:
        raise ValueError(f"expected must be one of options {opts}, got {expected!r}")
    hint = _author_str(hint, "hint")
    hints: dict[str, str] = {}
    if wrong_hints is not None:
        if not isinstance(wrong_hints, Mapping):
            raise ValueError("wrong_hints must be a dict {option: hint} or None")
        for key, text in wrong_hints.items():
            if not isinstance(key, str) or normalize_label(key) not in by_norm:
                raise ValueError(f"wrong_hints key {key!r} is not one of options {opts}")
            hints[normalize_label(key)] = _author_str(text, f"wrong_hints[{key!r}]")
    return _guarded(_check_choice, answer, normalize_label(expected), opts, by_norm, hint, hints)


def _check_choice(answer, expected, opts, by_norm, hint, hints):
    empty = _unanswered(answer)
    if empty:
        return empty
    listed = ", ".join(repr(o) for o in opts)
    if not isinstance(answer, str):
        quoted_hint = f"Give one of the options as text, in quotes: {listed}."
        if isinstance(answer, numbers.Integral) and not isinstance(answer, (bool, np.bool_)):
            if abs(int(answer)) < 10**6 and normalize_label(str(int(answer))) in by_norm:
                quoted_hint = f"Put it in quotes: '{int(answer)}'."
        return Feedback(
            "invalid", f"your answer is {_describe(answer)}, but one of the options is expected.",
            quoted_hint,
        )
    key = normalize_label(answer)
    if not key:
        return Feedback("invalid", "your answer is empty text.", f"Type one of: {listed}.")
    if key not in by_norm:
        return Feedback(
            "invalid", f"{_short_text(answer)} is not one of the options.",
            f"Valid options are: {listed}.",
        )
    chosen = by_norm[key]
    if key == expected:
        return Feedback("correct", f"{chosen!r} is the right choice.")
    return Feedback(
        "incorrect", f"{chosen!r} is not the right choice.",
        hints.get(key) or hint or "Re-read the question and the options, then try again.",
    )


def check_bool(answer: Any, expected: bool, *, hint: str = "") -> Feedback:
    """Check a True/False answer (numpy bools are accepted; 0/1 and 'True' are not)."""
    if not isinstance(expected, (bool, np.bool_)):
        raise ValueError(f"expected must be True or False, got {type(expected).__name__}")
    hint = _author_str(hint, "hint")
    return _guarded(_check_bool, answer, bool(expected), hint)


def _check_bool(answer, expected, hint):
    empty = _unanswered(answer)
    if empty:
        return empty
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer[()]
    if isinstance(answer, (bool, np.bool_)):
        value = bool(answer)
        if value == expected:
            return Feedback("correct", f"{value} is right.")
        return Feedback(
            "incorrect", f"{value} is not right.",
            hint or "Re-read the statement carefully: is every part of it true?",
        )
    if isinstance(answer, str) and normalize_label(answer) in {"true", "false"}:
        return Feedback(
            "invalid", f"your answer is the text {_short_text(answer)}, not True or False.",
            "Remove the quotes: write True or False.",
        )
    return Feedback(
        "invalid", f"your answer is {_describe(answer)}, but True or False is expected.",
        "Write True or False (capitalised, without quotes).",
    )


def _positions(indices: list[int]) -> str:
    shown = ", ".join(str(i) for i in indices[:5])
    if len(indices) > 5:
        shown += f" and {len(indices) - 5} more"
    return shown


def check_sequence(
    answer: Any,
    expected: Any,
    *,
    rel_tol: float | None = None,
    abs_tol: float | None = None,
    name: str = "your answer",
    hint: str = "",
    ordered: bool = True,
) -> Feedback:
    """Check a list/tuple/1-d array of numbers (with tolerances as in `check_number`) or of
    labels (str; case and spacing ignored). Reports wrong length/shape and which items are
    wrong (positions counted from 0). With ordered=False the order does not matter.
    """
    if isinstance(expected, np.ndarray):
        if expected.ndim != 1:
            raise ValueError(f"expected must be 1-d, got shape {expected.shape}")
        items = list(expected)
    elif isinstance(expected, (list, tuple)):
        items = list(expected)
    else:
        raise ValueError(f"expected must be a list, tuple or 1-d array, got "
                         f"{type(expected).__name__}")
    if items and all(isinstance(i, str) for i in items):
        labels = True
        exp: list = [normalize_label(i) for i in items]
    else:
        labels = False
        exp = [_author_number(v, f"expected[{k}]") for k, v in enumerate(items)]
    rel, ab = _tolerances(rel_tol, abs_tol)
    name = _author_str(name, "name") or "your answer"
    hint = _author_str(hint, "hint")
    if not isinstance(ordered, (bool, np.bool_)):
        raise ValueError(f"ordered must be True or False, got {type(ordered).__name__}")
    return _guarded(
        _check_sequence, answer, exp, labels, rel, ab, name, hint, bool(ordered)
    )


def _check_sequence(answer, exp, labels, rel, ab, name, hint, ordered):
    empty = _unanswered(answer)
    if empty:
        return empty
    n = len(exp)
    kind = "labels" if labels else "numbers"
    flat_hint = f"Give a list of {_plural(n, 'item')}, e.g. [{', '.join(['...'] * min(n, 3))}]."
    if isinstance(answer, np.ndarray):
        if answer.ndim != 1:
            shape = tuple(int(s) for s in answer.shape)
            return Feedback(
                "invalid", f"{name} is a numpy array of shape {shape}, but a flat list of "
                f"{_plural(n, 'item')} is expected.", flat_hint + " For an array, try x.ravel().",
            )
    elif isinstance(answer, (set, frozenset)) and not ordered:
        pass
    elif isinstance(answer, (str, bytes, Mapping, set, frozenset)) or not isinstance(
        answer, Sequence
    ):
        return Feedback(
            "invalid", f"{name} is {_describe(answer)}, but a list of {kind} is expected.",
            flat_hint,
        )
    length = len(answer)
    if length != n:
        return Feedback(
            "incorrect", f"{name} has {_plural(length, 'item')}, but {n} are expected.",
            hint or flat_hint,
        )
    values = list(answer)
    if isinstance(answer, (set, frozenset)):
        values = sorted(values, key=lambda v: (type(v).__name__, str(v)))
    if all(v is None or v is Ellipsis for v in values) and values:
        return Feedback("unanswered", "replace None with your answer.")
    parsed: list = []
    for k, v in enumerate(values):
        if v is None or v is Ellipsis:
            return Feedback(
                "invalid", f"item {k} (counting from 0) of {name} is still empty.",
                "Fill in every item.",
            )
        if labels:
            if not isinstance(v, str):
                return Feedback(
                    "invalid", f"item {k} (counting from 0) of {name} is {_describe(v)}, "
                    "but a text label is expected.", "Put each label in quotes, e.g. 'spine'.",
                )
            parsed.append(normalize_label(v))
        else:
            try:
                parsed.append(_to_fraction(v))
            except _NotANumber as exc:
                return Feedback(
                    "invalid", f"item {k} (counting from 0) of {name} is {exc.message}",
                    exc.hint,
                )
    if ordered:
        if labels:
            wrong = [k for k, (a, e) in enumerate(zip(parsed, exp, strict=True)) if a != e]
        else:
            wrong = [k for k, (a, e) in enumerate(zip(parsed, exp, strict=True))
                     if not _within(a, e, rel, ab)]
        if not wrong:
            return Feedback("correct", f"all {_plural(n, 'item')} of {name} match.")
        return Feedback(
            "incorrect",
            f"{_plural(len(wrong), 'item')} of {name} "
            f"{'is' if len(wrong) == 1 else 'are'} wrong, at "
            f"{'position' if len(wrong) == 1 else 'positions'} {_positions(wrong)} "
            "(counting from 0).",
            hint or _GENERIC_HINT,
        )
    if labels:
        remaining = list(exp)
        extra = []
        for a in parsed:
            if a in remaining:
                remaining.remove(a)
            else:
                extra.append(a)
        if not extra:
            return Feedback("correct", f"{name} holds exactly the expected {kind}.")
        shown = ", ".join(repr(e) for e in sorted(set(extra))[:5])
        return Feedback(
            "incorrect", f"{name} holds {_plural(len(extra), 'item')} that "
            f"{'does' if len(extra) == 1 else 'do'} not belong: {shown}.",
            hint or "Check each item against the question; the order does not matter.",
        )
    wrong_count = sum(
        not _within(a, e, rel, ab) for a, e in zip(sorted(parsed), sorted(exp), strict=True)
    )
    if not wrong_count:
        return Feedback("correct", f"{name} holds the expected {kind} (in any order).")
    return Feedback(
        "incorrect", f"{_plural(wrong_count, 'value')} of {name} "
        f"{'does' if wrong_count == 1 else 'do'} not match (the order does not matter).",
        hint or _GENERIC_HINT,
    )
