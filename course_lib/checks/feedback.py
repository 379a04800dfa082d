"""Feedback engine: judge a student's answer against an answer key's expected value.

Every checker returns a `Feedback` whose text form starts with one of `PREFIXES`:

    Correct: ...
    Not quite: ... Hint: ...
    Not answered yet: replace None with your answer.
    Cannot check this answer: ... Hint: ...

How an answer key is written (one function per question; every key follows this pattern)::

    @answer_key
    def swan_transition_rate(answer) -> Feedback:
        s = scenarios.swan()                               # the author's work: NOT guarded,
        expected = -s.spine_transition / s.window_years    # a bug here raises (a test fails)
        return check_number(answer, expected, rel_tol=0.01, units="%/year",
                            mistakes=[(s.spine_transition, "That is the whole window...")])

1. Compute every expected value, known mistake and hint in the key's body, before calling a
   checker, with no try/except around it (a key module holds none at all). `answer_key`
   turns an error there into `AnswerKeyError` ("a bug in the course's answer key, not in
   your answer"): the author's tests fail and the student is never told that their answer is
   malformed.
2. Only the checkers below look at the student's answer; a key passes `answer` on unchanged
   and never inspects it (no isinstance, len, float or iteration of `answer`). Accepted
   synonyms go to ``check_choice(..., synonyms=...)``/``check_sequence(..., synonyms=...)``,
   per-item hints to ``check_sequence(..., item_hint=f)``. Anything else that must look at the
   answer runs inside `inspect_answer`.
3. Errors in the author's arguments (expected value, tolerances, options, mistakes) raise
   `ValueError` naming the argument, even when the answer is None.

Each checker works in two steps. First the answer is *read*, guarded: only by type checks and
the C methods of the built-in or numpy base type, never by a method the answer's own class
defines, and with bounded work (a Decimal such as 1e999999999, a huge int or Fraction is
clamped before any arithmetic; sequences are read only as far as the expected length), so
reading never hangs and an object whose methods raise gets a message naming it. Then the
plain values are *judged*, unguarded (so an engine bug is seen, not hidden). Texts never hold
an answer's repr (no memory addresses) and numbers are shown to the question's precision.
`Feedback._parts` is the one place where what a student sees is assembled.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import html
import itertools
import math
import numbers
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext
from fractions import Fraction
from typing import Any

import numpy as np

from course_lib.checks import mode as _mode

__all__ = [
    "PREFIXES",
    "STATUSES",
    "AnswerKeyError",
    "Feedback",
    "answer_key",
    "check_bool",
    "check_choice",
    "check_number",
    "check_numbered",
    "check_range",
    "check_sequence",
    "check_text",
    "inspect_answer",
    "near_miss",
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

    def _parts(self) -> tuple[str, str, str | None]:
        """(prefix, message, hint) as the student sees them: the one place both the text and
        the HTML form read, so a display policy (e.g. graded mode) changes only this."""
        return PREFIXES[self.status], self.message, self.hint

    @property
    def text(self) -> str:
        """One line of plain text: prefix, message and (if any) hint."""
        prefix, message, hint = self._parts()
        return prefix + message + (" Hint: " + hint if hint else "")

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        prefix, message, hint = self._parts()
        icon, colour = _HTML_STYLE[self.status]
        hint_html = f" <em>Hint:</em> {html.escape(hint)}" if hint else ""
        return (
            f'<div class="course-feedback course-feedback-{self.status}" '
            f'style="border-left: 4px solid {colour}; padding: 0.2em 0.6em;">'
            f"{icon} <strong>{html.escape(prefix.rstrip())}</strong> {html.escape(message)}"
            f"{hint_html}</div>"
        )


# --------------------------------------------------------------------------- answer keys


class AnswerKeyError(RuntimeError):
    """An answer key failed: a bug in the course, never in the student's answer."""


def answer_key(func: Callable[..., Feedback]) -> Callable[..., Feedback]:
    """Decorate every answer-key function (see the module docstring for the pattern).

    The checkers never raise on a student's answer, so an exception escaping the key is the
    author's bug: it is raised again as `AnswerKeyError` (chained to the original), which
    tells the student the course is at fault and makes the author's tests fail. A key that
    returns something other than a `Feedback` is a bug too.
    """
    where = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def key(*args: Any, **kwargs: Any) -> Feedback:
        with _mode.question(func):  # the feedback mode (checks/mode.py) counts per question
            try:
                result = func(*args, **kwargs)
            except Exception as exc:
                raise AnswerKeyError(
                    f"the answer key {where} failed ({type(exc).__name__}: {exc}). This is a "
                    "bug in the course, not in your answer: please tell your instructor."
                ) from exc
            if not isinstance(result, Feedback):
                raise AnswerKeyError(f"the answer key {where} returned "
                                     f"{type(result).__name__}, not a Feedback")
            return _mode.present(result)  # what the feedback mode lets a student see

    key.__answer_key__ = True
    return key


#: Old name of `answer_key`, kept importable (with the new behaviour) for keys written before
#: the pattern above; tests/test_checks_fuzz.py asks for the new name.
never_raises = answer_key


def inspect_answer(func: Callable[..., Any], answer: Any, *args: Any, **kwargs: Any) -> Any:
    """Run ``func(answer, ...)``, code of a key that must look at the student's answer itself:
    whatever the answer does, return func's result or an "invalid" Feedback saying what
    failed. Keep `func` tiny: an author's bug inside it is hidden like a student's."""
    return _guarded(func, answer, *args, **kwargs)


# --------------------------------------------------------------------------- reading answers

_TYPE_NAME = type.__dict__["__name__"]   # reads the C-level name; no metaclass can hook it


def _type_name(x: Any) -> str:
    try:
        name = _TYPE_NAME.__get__(type(x))
    except Exception:  # pragma: no cover - every type has a name
        return "object"
    return name if type(name) is str and name.isprintable() and len(name) < 60 else "object"


def _a(name: str) -> str:
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _type_phrase(x: Any) -> str:
    """'a float32', 'a Hostile', ...: what kind of thing `x` is, from its type alone."""
    t = type(x)
    if issubclass(t, np.generic):
        return f"a numpy {_type_name(x)}"
    return _a(_type_name(x))


def _unreadable(answer: Any, exc: BaseException, name: str = "your answer") -> Feedback:
    return Feedback(
        "invalid",
        f"{name} is {_type_phrase(answer)}, and reading it raised {_type_name(exc)}.",
        "Give a plain value of the kind the question asks for (a number, True/False, text or "
        "a list of these), not an object whose methods fail; re-run the cells above first.",
    )


def _guarded(func: Callable[..., Any], answer: Any, *args: Any, _name: str = "your answer",
             **kwargs: Any) -> Any:
    """Run the answer-reading half of a checker; whatever the answer does, never raise."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            read = func(answer, *args, **kwargs)
    except Exception as exc:
        read = _unreadable(answer, exc, _name)
    _mode.note(func, read)  # what a question read: attempt caps count choices and True/False
    return read


def _unanswered(answer: Any) -> Feedback | None:
    if answer is None:
        return Feedback("unanswered", "replace None with your answer.")
    if answer is Ellipsis:
        return Feedback("unanswered", "replace ... with your answer.")
    return None


def _plain_str(x: str) -> str:
    """The characters of a str (or str subclass) as a plain str, without its own methods."""
    return str.__str__(x)


def _quote(s: str, limit: int = 60) -> str:
    """A student's text, quoted, shortened to `limit` characters (one line, no escapes lost)."""
    if len(s) > limit:
        s = s[: limit - 3] + "..."
    return repr(s)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _length(x: Any) -> int:
    """Length of a list/tuple/set/frozenset (or subclass) from its base type: no lies."""
    for base in (list, tuple, set, frozenset):
        if issubclass(type(x), base):
            return base.__len__(x)
    raise TypeError("not a plain container")


def _container_word(x: Any) -> str:
    for base in (list, tuple, set, frozenset, dict):
        if issubclass(type(x), base):
            return base.__name__
    return _type_name(x)


class _NotANumber(Exception):
    """Raised by `_to_fraction` with a student-facing explanation and hint."""

    def __init__(self, message: str, hint: str, what: str) -> None:
        super().__init__(message)
        self.message = message      # "NaN (not a number)." (follows "your answer is ")
        self.hint = hint
        self.what = what            # "NaN (not a number)" (a noun phrase for other messages)


_ONE_NUMBER_HINT = "Give a single number, e.g. 12.5."
_NAN_HINT = "NaN usually comes from 0/0 or from missing data; check the calculation."
_INF_HINT = "Infinity usually comes from dividing by zero; check the calculation."
_TIME_HINT = ("Give a plain number in the units the question asks for, e.g. "
              "span / np.timedelta64(1, 'D') / 365.25 for years.")

#: Numbers are clamped to 10**-400 <= |x| <= 10**400 before any arithmetic: far beyond every
#: number an answer key may use (|x| < 10**350, see `_author_number`), so no verdict changes,
#: while Decimal('1e999999999') costs no more than 1.0.
_BOUND = 400
_HUGE = Fraction(10**_BOUND)
_TINY = Fraction(1, 10**_BOUND)
_BOUND_BITS = (10**_BOUND).bit_length() + 1
_KEEP_BITS = 256              # significant bits kept of a huge numerator and denominator
_AUTHOR_BOUND = 350


def _bounded(num: int, den: int) -> Fraction:
    """num/den (den > 0) clamped into _TINY <= |x| <= _HUGE, with bounded size."""
    if num == 0:
        return Fraction(0)
    sign, num = (-1, -num) if num < 0 else (1, num)
    nb, db = num.bit_length(), den.bit_length()
    if nb - db > _BOUND_BITS:
        return sign * _HUGE
    if db - nb > _BOUND_BITS:
        return sign * _TINY
    shift = min(nb, db) - _KEEP_BITS
    if shift > 0:     # both parts huge: keep their leading bits (the value barely changes)
        num, den = num >> shift, den >> shift
    value = Fraction(num, den)
    return sign * min(max(value, _TINY), _HUGE)


def _from_float(f: float) -> Fraction:
    if f != f:
        raise _NotANumber("NaN (not a number).", _NAN_HINT, "NaN (not a number)")
    if f in (math.inf, -math.inf):
        what = "infinity" if f > 0 else "minus infinity"
        raise _NotANumber(f"{what} (not a finite number).", _INF_HINT, what)
    return _bounded(*f.as_integer_ratio())


def _from_decimal(x: Decimal) -> Fraction:
    if Decimal.is_nan(x):
        raise _NotANumber("NaN (not a number).", _NAN_HINT, "NaN (not a number)")
    if Decimal.is_infinite(x):
        what = "minus infinity" if Decimal.is_signed(x) else "infinity"
        raise _NotANumber(f"{what} (not a finite number).", _INF_HINT, what)
    if Decimal.is_zero(x):
        return Fraction(0)
    sign = -1 if Decimal.is_signed(x) else 1
    exponent = Decimal.adjusted(x)          # position of the leading digit: no arithmetic
    if exponent >= _BOUND:
        return sign * _HUGE
    if exponent < -_BOUND:
        return sign * _TINY
    context = Context(prec=60, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])
    with localcontext(context):
        rounded = context.plus(x)           # at most 60 digits: a bounded exact ratio
    return _bounded(*Decimal.as_integer_ratio(rounded))


def _from_fraction(x: Fraction) -> Fraction:
    num = object.__getattribute__(x, "_numerator")
    den = object.__getattribute__(x, "_denominator")
    if type(num) is not int or type(den) is not int or den <= 0:
        raise TypeError("a Fraction with a broken numerator or denominator")
    return _bounded(num, den)


def _to_fraction(x: Any, depth: int = 0) -> Fraction:
    """Exact (clamped) value of a real, finite number; anything else raises `_NotANumber`.

    Reads the value through the base type's own methods (float.__float__, int.__int__,
    Decimal.as_integer_ratio, numpy's item), never through the answer's class.
    """
    t = type(x)
    if t is bool or issubclass(t, np.bool_):
        value = bool(np.generic.item(x)) if issubclass(t, np.bool_) else x
        raise _NotANumber(f"{value} (True/False), but a number is expected.",
                          "Give a number such as 12.5, not True or False.",
                          f"{value} (True/False)")
    if issubclass(t, (np.timedelta64, datetime.timedelta)):
        raise _NotANumber("a time span (a timedelta), but a plain number is expected.",
                          _TIME_HINT, "a time span (a timedelta)")
    if issubclass(t, (np.datetime64, datetime.date, datetime.time)):
        raise _NotANumber("a date or time, but a plain number is expected.",
                          "Give a plain number: a duration in the units the question asks for.",
                          "a date or time")
    if issubclass(t, int):
        return _bounded(int.__int__(x), 1)
    if issubclass(t, float):
        return _from_float(float.__float__(x))
    if issubclass(t, np.integer):
        return _bounded(int(np.generic.item(x)), 1)
    if issubclass(t, np.floating):
        value = np.generic.item(x)
        if type(value) is float:
            return _from_float(value)
        value = np.longdouble(value)        # long double: finite check, then exact ratio
        if np.isnan(value) or np.isinf(value):
            return _from_float(float(value))
        return _bounded(*(int(v) for v in np.longdouble.as_integer_ratio(value)))
    if issubclass(t, Decimal):
        return _from_decimal(x)
    if issubclass(t, Fraction):
        return _from_fraction(x)
    if issubclass(t, (complex, np.complexfloating)):
        raise _NotANumber(
            "a complex number, but a real number is expected.",
            "Give a real number such as 12.5; complex numbers usually come from the square "
            "root of a negative value.", "a complex number")
    if issubclass(t, np.ndarray):
        arr = np.ndarray.view(x, np.ndarray)
        if arr.ndim == 0 and depth < 5:
            return _to_fraction(arr[()], depth + 1)
        shape = tuple(int(n) for n in arr.shape)
        if arr.size == 1:
            raise _NotANumber(
                "a numpy array holding one value, but a single number is expected.",
                "Give a single number: use float(x) or x.item() instead of the array x.",
                "a numpy array holding one value")
        what = f"a numpy array of shape {shape}"
        raise _NotANumber(f"{what}, but a single number is expected.", _ONE_NUMBER_HINT, what)
    if issubclass(t, (list, tuple)):
        kind, n = _container_word(x), _length(x)
        if n == 1:
            raise _NotANumber(
                f"a {kind} holding one item, but a single number is expected.",
                f"Give a single number, not a {kind}: e.g. x[0] instead of x.",
                f"a {kind} holding one item")
        what = f"a {kind} of {_plural(n, 'item')}"
        raise _NotANumber(f"{what}, but a single number is expected.", _ONE_NUMBER_HINT, what)
    if issubclass(t, str):
        text = _plain_str(x)
        what = f"the text {_quote(text)}"
        if _looks_numeric(text):
            raise _NotANumber(f"{what}, not a number.",
                              f"Give a number, not text: remove the quotes "
                              f"({text.strip()}, not {_quote(text)}).", what)
        dash = next((d for d in _TYPOGRAPHIC_MINUS if d in text[:100]), None)
        typed = "".join(text[:101].replace(dash, "-").split()) if dash else ""
        if dash is not None and _looks_numeric(typed):
            raise _NotANumber(
                f"{what}, not a number.",
                f"{_quote(dash)} ({_TYPOGRAPHIC_MINUS[dash]}, as the notebooks print it) is not "
                f"Python's minus sign: type the minus key '-' instead, and no quotes: {typed}.",
                what)
        raise _NotANumber(f"{what}, but a number is expected.",
                          "Give a number, not text, e.g. 12.5.", what)
    if issubclass(t, numbers.Real):         # a number type from elsewhere (e.g. sympy)
        value = float(x)
        if type(value) is not float:
            raise TypeError("__float__ did not give a float")
        return _from_float(value)
    if issubclass(t, numbers.Complex):
        raise _NotANumber("a complex number, but a real number is expected.",
                          "Give a real number such as 12.5.", "a complex number")
    what = _type_phrase(x)
    raise _NotANumber(f"{what}, but a number is expected.", _ONE_NUMBER_HINT, what)


#: Dashes that look like a minus sign in printed text but are not Python's '-'.
_TYPOGRAPHIC_MINUS = {"\u2212": "a typographic minus sign", "\u2013": "an en dash",
                      "\u2014": "an em dash", "\u2010": "a hyphen"}
#: A number as a student types it (digits, one point, an exponent; no nan/inf words).
_NUMERIC_TEXT = re.compile(r"[+-]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?")


def _looks_numeric(text: str) -> bool:
    """True for text that Python would read as a finite number once the quotes are gone."""
    text = text.strip()
    if len(text) > 100 or not _NUMERIC_TEXT.fullmatch(text):
        return False
    try:
        float(text)
    except (ValueError, OverflowError):
        return False
    return True


def _describe(answer: Any) -> str:
    """What `answer` is, as a noun phrase ('the number 3', 'NaN (not a number)', 'a list of 2
    items'), read safely and without its repr (which may hold an address)."""
    t = type(answer)
    if answer is None:
        return "None"
    if answer is Ellipsis:
        return "... (Ellipsis)"
    if issubclass(t, str):
        return f"the text {_quote(_plain_str(answer))}"
    if issubclass(t, (set, frozenset, dict)):
        word = _container_word(answer)
        if word == "dict":
            return "a dict"
        return f"a {word} of {_plural(_length(answer), 'item')}"
    if issubclass(t, (bytes, bytearray)):
        return "bytes"
    try:
        return f"the number {_fmt(_to_fraction(answer))}"
    except _NotANumber as exc:
        return exc.what
    except Exception:
        return _type_phrase(answer)


# --------------------------------------------------------------------------- showing numbers


def _fmt(x: Fraction) -> str:
    """A short, deterministic rendering of a number (6 significant digits)."""
    if x.denominator == 1 and abs(x) < 10**15:
        return str(x.numerator)
    if abs(x) > Fraction(10**308):
        return "larger than 1e308" if x > 0 else "smaller than -1e308"
    if x != 0 and abs(x) < Fraction(1, 10**300):
        return "below 1e-300" if x > 0 else "between -1e-300 and 0"
    return format(float(x), ".6g")


def _fixed(x: Fraction, decimals: int) -> str:
    """x rounded to `decimals` places, trailing zeros dropped."""
    n = round(x * 10**decimals)
    digits = str(abs(n)).rjust(decimals + 1, "0")
    whole, frac = (digits[:-decimals], digits[-decimals:].rstrip("0")) if decimals else (digits,
                                                                                          "")
    return ("-" if n < 0 else "") + whole + ("." + frac if frac else "")


def _shown(value: Fraction, tol: Fraction | None,
           accepted: Callable[[Fraction], bool] | None = None) -> str:
    """A student's number to the question's precision: decimals down to the tolerance's
    leading digit (at least 3 significant digits), more only where the rounded number would
    otherwise look accepted when the answer is not, or the other way round."""
    size = abs(value)
    if value.denominator == 1 or size >= 10**15 or size < Fraction(1, 10**4):
        return _fmt(value)
    decimals = max(0, 2 - math.floor(math.log10(size)))          # 3 significant digits
    if tol and tol > Fraction(1, 10**15):
        decimals = max(decimals, -math.floor(math.log10(tol)))
    decimals = min(decimals, 15)
    while accepted and decimals < 15 and accepted(round(value, decimals)) != accepted(value):
        decimals += 1
    if accepted and accepted(round(value, decimals)) != accepted(value) and \
            Fraction(float(value)) == value:
        return repr(float(value))          # a float's shortest exact form (a zero tolerance)
    return _fixed(value, decimals)


def _with_units(text: str, units: str) -> str:
    return f"{text} {units}" if units else text


# --------------------------------------------------------------------------- author arguments


def _author_number(value: Any, argument: str) -> Fraction:
    """Validate a number passed by an answer key; raise ValueError naming the argument."""
    try:
        number = _to_fraction(value)
    except _NotANumber as exc:
        raise ValueError(f"{argument} must be a finite real number, got {exc.what}") from None
    except Exception:
        raise ValueError(f"{argument} must be a finite real number, got "
                         f"{_type_phrase(value)}") from None
    if number and not Fraction(1, 10**_AUTHOR_BOUND) < abs(number) < 10**_AUTHOR_BOUND:
        raise ValueError(f"{argument} must be 0 or between 1e-{_AUTHOR_BOUND} and "
                         f"1e{_AUTHOR_BOUND} in size, got {_fmt(number)}")
    return number


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


def _author_texts(units: Any, name: Any, hint: Any, too_high_hint: Any,
                  too_low_hint: Any) -> tuple[str, str, str, str, str]:
    """Validate the text arguments of `check_number` and `check_range`."""
    return (_author_str(units, "units"), _author_str(name, "name") or "your answer",
            _author_str(hint, "hint"), _author_str(too_high_hint, "too_high_hint"),
            _author_str(too_low_hint, "too_low_hint"))


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


def _places_words(places: int) -> str:
    return "a whole number" if places == 0 else (
        "1 decimal place" if places == 1 else f"{places} decimal places")


def _tolerances_or_decimals(rel_tol: Any, abs_tol: Any,
                            decimals: Any) -> tuple[Fraction, Fraction]:
    """(rel, abs) tolerances from rel_tol/abs_tol, or from the stated `decimals`."""
    if decimals is None:
        return _tolerances(rel_tol, abs_tol)
    if rel_tol is not None or abs_tol is not None:
        raise ValueError("give decimals or rel_tol/abs_tol, not both")
    return Fraction(0), _decimals_tolerance(decimals)


def _decimals_tolerance(decimals: Any) -> Fraction:
    """Half a unit of the last decimal asked for, plus a hair (so that an expected value
    exactly halfway accepts both roundings): every correctly rounded answer is accepted."""
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 12:
        raise ValueError(f"decimals must be a whole number from 0 to 12, got {decimals!r}")
    return Fraction(1, 2 * 10**decimals) + Fraction(1, 10**(decimals + 6))


def _rounding_hint(places: int) -> str:
    return (f"Close, but just outside the accepted range. If you rounded along the way, keep "
            f"more digits and round only at the end, to {_places_words(places)}; or use the "
            f"unrounded result. If you did not round, re-check the method.")


def near_miss(expected: Any, *, rel_tol: float | None = None, abs_tol: float | None = None,
              decimals: int | None = None, factor: float = 5.0,
              max_rel: float = 0.1) -> list[tuple]:
    """A known mistake for answers just outside a check's tolerance (usually rounded too far).

    Put it LAST in `mistakes` (the first match wins, so a specific mistake still gets its own
    hint): ``mistakes=[..., *near_miss(expected, rel_tol=0.01)]``. It covers answers within
    `factor` times the tolerance of `expected` (at most `max_rel` of it) and says how many
    decimal places the check needs, instead of repeating the method to a student who used the
    right one but rounded -2.46 to -2.5. Returns [] when the band would be empty.
    `decimals` gives the tolerance as `check_number(..., decimals=)` does.
    """
    exp = _author_number(expected, "expected")
    rel, ab = _tolerances_or_decimals(rel_tol, abs_tol, decimals)
    tol = max(rel * abs(exp), ab)
    band = min(tol * _author_tolerance(factor, "factor"),
               abs(exp) * _author_tolerance(max_rel, "max_rel"))
    if band <= tol:
        return []
    # decimal places whose rounding error (half a unit of the last place) fits the tolerance
    places = next((d for d in range(0, 12) if Fraction(1, 2 * 10**d) <= tol), 12)
    return [((float(exp - band), float(exp + band)), _rounding_hint(places))]


# --------------------------------------------------------------------------- labels


def normalize_label(text: str) -> str:
    """A label as the checkers compare it: runs of white space folded to one, case folded."""
    return " ".join(str(text).split()).casefold()


_NOT_WORD = re.compile(r"[\W_]+")
#: Longest text compared loosely with the options (longer text is simply not an option).
_MAX_LABEL = 1000
#: Longest text read at all as a label (spaces included): past it, an answer is judged by its
#: length alone, so even a text of 10**8 characters costs no more than a short one.
_MAX_TEXT = 100 * _MAX_LABEL


def _loose(label: str) -> str:
    """A normalised label without punctuation: 'Turnover up, bone lost.' -> 'turnover up bone
    lost'."""
    return " ".join(_NOT_WORD.sub(" ", label).split())


def _singular_word(word: str) -> str:
    if len(word) > 3 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def _singular(loose: str) -> str:
    """Simple plurals dropped word by word: 'osteoclasts' -> 'osteoclast'."""
    return " ".join(_singular_word(w) for w in loose.split())


class _Labels:
    """Matches a student's text to one of a known set of labels: exactly (case and spacing
    folded), through an author's synonym, then without punctuation, then without simple
    plurals, each looser step only where it points to a single label."""

    def __init__(self, labels: Sequence[str], synonyms: Mapping[str, str]) -> None:
        self.labels = list(labels)
        self.exact: dict[str, str] = {normalize_label(o): o for o in self.labels}
        for alias, target in synonyms.items():
            self.exact.setdefault(normalize_label(alias), target)
        self.levels: list[dict[str, set[str]]] = [{}, {}]
        for form, label in self.exact.items():
            loose = _loose(form)
            if loose:
                self.levels[0].setdefault(loose, set()).add(label)
                self.levels[1].setdefault(_singular(loose), set()).add(label)

    def match(self, text: str) -> tuple[str | None, list[str]]:
        """(label, []) for a match, (None, candidates) when ambiguous, (None, []) for none."""
        if len(text) > _MAX_TEXT:
            return None, []
        key = normalize_label(text)
        if key in self.exact:
            return self.exact[key], []
        if len(key) > _MAX_LABEL:
            return None, []
        loose = _loose(key)
        for level, form in zip(self.levels, (loose, _singular(loose)), strict=True):
            found = level.get(form, set())
            if len(found) == 1:
                return next(iter(found)), []
            if found:
                return None, [o for o in self.labels if o in found]
        return None, []

    def near(self, text: str) -> list[str]:
        """Labels close to `text` (for 'did you mean'), in full, best first: options that the
        text begins (a short form such as 'formation side', at most two), then spelling
        neighbours; never one that drops or adds a negation ('not supported' is not near
        'supported')."""
        key = _singular(_loose(normalize_label(text[:200])))
        if not key:
            return []
        forms = {_singular(_loose(normalize_label(o))): o for o in self.labels}
        same = [f for f in forms if not _opposite(key, f)]
        by_word = [f for f in same if f.startswith(key + " ")]
        by_prefix = by_word or [f for f in same if len(key) >= 3 and f.startswith(key)]
        found = by_prefix if len(by_prefix) <= 2 else []
        found += difflib.get_close_matches(key, same, n=2, cutoff=0.6)
        return [forms[f] for f in list(dict.fromkeys(found))[:2]]


#: Words that negate what follows them, after `_loose` (apostrophes become spaces).
_NEGATION_WORDS = frozenset({"not", "no", "non", "never", "none", "neither", "nor", "without",
                             "cannot", "nt", "isn", "doesn", "don", "didn", "aren", "wasn"})
#: Prefixes that negate a word ('unsupported', 'non-standard'), and words that merely start so.
_NEGATION_PREFIXES = ("un", "non")
_NOT_NEGATED = ("under", "unit", "union", "uniq", "univers", "uniform", "unilateral", "unison",
                "none")


def _negated(form: str) -> bool:
    """Does a loose label say 'not' somewhere (a negation word or an un-/non- word)?"""
    for word in form.split():
        if word in _NEGATION_WORDS:
            return True
        if word.startswith(_NEGATION_PREFIXES) and len(word) >= 6 and \
                not word.startswith(_NOT_NEGATED):
            return True
    return False


def _opposite(a: str, b: str) -> bool:
    """True when two loose labels differ by a negation: one says 'not', 'no', 'un-', 'non-'
    (or 'in-', 'dis-' before a word the other has) where the other does not."""
    if _negated(a) != _negated(b):
        return True
    words_a, words_b = set(a.split()), set(b.split())
    for prefix in ("un", "non", "in", "im", "dis"):
        if any(prefix + w in words_b for w in words_a) or \
                any(prefix + w in words_a for w in words_b):
            return True
    return False


def _author_synonyms(synonyms: Any, targets: Sequence[str] | None) -> dict[str, str]:
    """Validate {alias: label}; with `targets`, every label must be one of them (and is
    returned as written there), otherwise labels are returned normalised."""
    if synonyms is None:
        return {}
    if not isinstance(synonyms, Mapping):
        raise ValueError("synonyms must be a dict {alias: label} or None")
    by_norm = None if targets is None else {normalize_label(t): t for t in targets}
    out = {}
    for alias, target in synonyms.items():
        if not isinstance(alias, str) or not alias.strip():
            raise ValueError(f"synonyms key {alias!r} must be a non-empty str")
        if not isinstance(target, str) or not target.strip() or (
                by_norm is not None and normalize_label(target) not in by_norm):
            allowed = "a non-empty str" if by_norm is None else f"one of {list(targets)}"
            raise ValueError(f"synonyms[{alias!r}] must be {allowed}, got {target!r}")
        out[alias] = normalize_label(target) if by_norm is None else by_norm[
            normalize_label(target)]
    return out


# --------------------------------------------------------------------------- numbers


def _number_answer(answer: Any, name: str) -> Fraction | Feedback:
    """The student's number (read guarded), or the Feedback that says why there is none."""
    empty = _unanswered(answer)
    if empty:
        return empty
    read = _guarded(_read_number, answer, _name=name)
    if isinstance(read, _NotANumber):
        return Feedback("invalid", f"{name} is {read.message}", read.hint)
    return read


def _read_number(answer: Any) -> Fraction | _NotANumber:
    try:
        return _to_fraction(answer)
    except _NotANumber as exc:
        return exc


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
    decimals: int | None = None,
) -> Feedback:
    """Check one real number: correct if |answer - expected| <= max(rel_tol*|expected|, abs_tol).

    Without tolerances, rel_tol=1e-6 and abs_tol=1e-12; with one given, the other is 0.
    Wrong answers say "too high"/"too low" and spot a factor-of-100 or sign slip. The answer
    is shown to the question's precision (decimals down to the tolerance).

    `mistakes` lists known wrong answers as (value, hint), e.g. ``[(1 / expected, "You divided
    the wrong way round.")]``: a wrong answer within the check's tolerance of `value` (1 % if
    the check has none; a third item, rel_tol, sets it for that mistake) gets that hint. A
    value may also be a (low, high) pair. Hint order: the first matching mistake, then the
    factor-of-100 hint, then the author's too_high/too_low_hint or hint, then the sign hint.

    `decimals` (instead of rel_tol/abs_tol) is the precision the question states ("to 1
    decimal place": decimals=1; "a whole number": 0): any answer correctly rounded to it is
    accepted (tolerance half a unit of that decimal), and a wrong answer that is the expected
    value rounded to fewer decimals, or just outside, gets a hint saying how many decimals to
    give (after the author's own mistakes, which match within the same tolerance).
    """
    exp = _author_number(expected, "expected")
    rel, ab = _tolerances_or_decimals(rel_tol, abs_tol, decimals)
    units, name, hint, too_high_hint, too_low_hint = _author_texts(
        units, name, hint, too_high_hint, too_low_hint)
    if rel_tol is None and abs_tol is None and decimals is None:
        known = _author_mistakes(mistakes, _MISTAKE_REL_TOL, Fraction(0))
    else:
        known = _author_mistakes(mistakes, rel, ab)
    if decimals is not None:
        known += _rounded_too_far(exp, decimals)
    value = _number_answer(answer, name)
    if isinstance(value, Feedback):
        return value
    return _judge_number(value, exp, rel, ab, units, name, hint, too_high_hint, too_low_hint,
                         known)


def _rounded_too_far(exp: Fraction, decimals: int) -> list[tuple]:
    """Known mistakes for `check_number(..., decimals=)`: the expected value rounded to fewer
    decimals than asked (either way at a tie), then the near-miss band."""
    found = []
    hair = Fraction(1, 10**(decimals + 6))
    hint = _rounding_hint(decimals)
    for k in range(decimals):
        unit = Fraction(1, 10**k)
        for rounded in {math.floor(exp / unit) * unit, math.ceil(exp / unit) * unit}:
            if rounded != 0 and abs(rounded - exp) <= unit / 2 + hair:
                found.append((rounded - hair, rounded + hair, hint))
    for (lo, hi), text in near_miss(exp, decimals=decimals):
        found.append((Fraction(lo), Fraction(hi), text))
    return found


def _judge_number(value, exp, rel, ab, units, name, hint, too_high_hint, too_low_hint,
                  mistakes):
    def accepted(x: Fraction) -> bool:
        return _within(x, exp, rel, ab)

    shown = _with_units(_shown(value, max(rel * abs(exp), ab), accepted), units)
    if accepted(value):
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
        slip = ("Did you multiply by 100 twice?" if percent else
                "Check your units and powers of ten." if units else
                "Check your units and powers of ten: did you give a percentage where a "
                "fraction or a plain number is asked?")
    elif exp != 0 and _within(-value, exp, rel, ab):
        message += " Its size is right but its sign is wrong."
        sign = "Check the sign: a loss is negative, a gain is positive."
    best = _mistake_hint(value, mistakes) or slip or author or sign or _GENERIC_HINT
    return Feedback("incorrect", message, best)


def check_numbered(
    answer: Any,
    expected: int,
    count: int,
    *,
    item: str = "sentence",
    hint: str = "",
    wrong_hints: Mapping[int, str] | None = None,
    correct_note: str = "",
) -> Feedback:
    """Check a pick of one numbered item (1 to `count`), e.g. "which sentence cites wrongly?".

    A wrong pick is "not the one" (never "too high": the numbers only name items); a number
    outside 1..count or not whole says so. `wrong_hints` maps a wrong number to its hint;
    `correct_note` is added to the "Correct" message (the full explanation, which a hint
    after a wrong pick must not give away).
    """
    if isinstance(count, bool) or not isinstance(count, int) or not 2 <= count <= 1000:
        raise ValueError(f"count must be a whole number from 2 to 1000, got {count!r}")
    if isinstance(expected, bool) or not isinstance(expected, int) or not 1 <= expected <= count:
        raise ValueError(f"expected must be a whole number from 1 to count={count}, "
                         f"got {expected!r}")
    item, hint = _author_str(item, "item"), _author_str(hint, "hint")
    correct_note = _author_str(correct_note, "correct_note")
    hints: dict[int, str] = {}
    for key, text in (wrong_hints or {}).items():
        if isinstance(key, bool) or not isinstance(key, int) or not 1 <= key <= count \
                or key == expected:
            raise ValueError(f"wrong_hints key {key!r} must be a wrong number from 1 to {count}")
        hints[key] = _author_str(text, f"wrong_hints[{key!r}]")
    name = f"your {item} number"
    empty = _unanswered(answer)
    if empty:
        return empty
    read = _guarded(_read_pick, answer, count, item, _name=name)
    if isinstance(read, Feedback):
        return read
    chosen = int(read)
    if chosen == expected:
        note = f" {correct_note}" if correct_note else ""
        return Feedback("correct", f"{item.capitalize()} {chosen} is the one.{note}")
    return Feedback("incorrect", f"{item.capitalize()} {chosen} is not the one.",
                    hints.get(chosen) or hint or f"Re-read each {item} and try again.")


def _read_pick(answer: Any, count: int, item: str) -> str | Feedback:
    """The picked item's number as text (so graded mode can count it as a try), or why not."""
    name = f"your {item} number"
    value = _read_number(answer)
    if isinstance(value, _NotANumber):
        return Feedback("invalid", f"{name} is {value.message}", value.hint)
    if value.denominator != 1 or not 1 <= value <= count:
        return Feedback("invalid", f"{name} is {_fmt(value)}, but the {item}s are numbered "
                                   f"1 to {count}.",
                        f"Give the number of one {item}, a whole number from 1 to {count}.")
    return str(int(value))


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
    value = _number_answer(answer, name)
    if isinstance(value, Feedback):
        return value
    return _judge_range(value, lo, hi, units, name, hint, too_high_hint, too_low_hint, known)


def _judge_range(value, lo, hi, units, name, hint, too_high_hint, too_low_hint, mistakes):
    def accepted(x: Fraction) -> bool:
        return (lo is None or x >= lo) and (hi is None or x <= hi)

    width = (hi - lo) / 10 if lo is not None and hi is not None else None
    shown = _with_units(_shown(value, width, accepted), units)
    mistake = _mistake_hint(value, mistakes)
    if lo is not None and value < lo:
        return Feedback("incorrect", f"{name} ({shown}) is too low.",
                        mistake or too_low_hint or hint or _GENERIC_HINT)
    if hi is not None and value > hi:
        return Feedback("incorrect", f"{name} ({shown}) is too high.",
                        mistake or too_high_hint or hint or _GENERIC_HINT)
    return Feedback("correct", f"{name} ({shown}) is in the accepted range.")


# --------------------------------------------------------------------------- choices


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
    synonyms: Mapping[str, str] | None = None,
    correct_note: str = "",
) -> Feedback:
    """Check a multiple-choice answer, a str. Case, spacing and punctuation are ignored, and
    simple plurals ('osteoclast' for 'osteoclasts') where that points to a single option.

    `wrong_hints` maps a wrong option to the hint shown when it is chosen; `synonyms` maps
    other accepted words to an option, e.g. ``{"low bone mass": "osteopenia"}``.
    `correct_note` is added to the "Correct" message: the explanation that, shown before the
    answer (in the notebook or in a hint), would give the choice away.
    """
    opts = _author_options(options)
    by_norm = {normalize_label(o): o for o in opts}
    if not isinstance(expected, str) or normalize_label(expected) not in by_norm:
        raise ValueError(f"expected must be one of options {opts}, got {expected!r}")
    hint = _author_str(hint, "hint")
    correct_note = _author_str(correct_note, "correct_note")
    hints: dict[str, str] = {}
    if wrong_hints is not None:
        if not isinstance(wrong_hints, Mapping):
            raise ValueError("wrong_hints must be a dict {option: hint} or None")
        for key, text in wrong_hints.items():
            if not isinstance(key, str) or normalize_label(key) not in by_norm:
                raise ValueError(f"wrong_hints key {key!r} is not one of options {opts}")
            hints[by_norm[normalize_label(key)]] = _author_str(text, f"wrong_hints[{key!r}]")
    labels = _Labels(opts, _author_synonyms(synonyms, opts))
    read = _guarded(_read_choice, answer, labels)
    if isinstance(read, Feedback):
        return read
    chosen = read
    if chosen == by_norm[normalize_label(expected)]:
        note = f" {correct_note}" if correct_note else ""
        return Feedback("correct", f"{chosen!r} is the right choice.{note}")
    return Feedback(
        "incorrect", f"{chosen!r} is not the right choice.",
        hints.get(chosen) or hint or "Re-read the question and the options, then try again.",
    )


def _listed(options: Sequence[str]) -> str:
    return ", ".join(repr(o) for o in options)


def _read_choice(answer: Any, labels: _Labels) -> str | Feedback:
    """The option the student means, or the Feedback that says why there is none."""
    empty = _unanswered(answer)
    if empty:
        return empty
    listed = _listed(labels.labels)
    if not issubclass(type(answer), str):
        quoted_hint = f"Give one of the options as text, in quotes: {listed}."
        try:
            number = _to_fraction(answer)
        except Exception:
            number = None
        if number is not None and number.denominator == 1 and abs(number) < 10**6:
            match, _ = labels.match(str(number.numerator))
            if match is not None:
                quoted_hint = f"Put it in quotes: {match!r}."
        return Feedback(
            "invalid", f"your answer is {_describe(answer)}, but one of the options is expected.",
            quoted_hint,
        )
    text = _plain_str(answer)
    if len(text) > _MAX_TEXT:
        return Feedback("invalid", f"your answer is a text of {len(text):,} characters, far "
                        "longer than any option.", f"Type one of: {listed}.")
    if not normalize_label(text):
        return Feedback("invalid", "your answer is empty text.", f"Type one of: {listed}.")
    chosen, ambiguous = labels.match(text)
    if chosen is not None:
        return chosen
    if ambiguous:
        return Feedback(
            "invalid", f"{_quote(text)} could mean {' or '.join(repr(o) for o in ambiguous)}.",
            "Type the option exactly as it is written.")
    near = labels.near(text)
    guess = f"Did you mean {' or '.join(repr(o) for o in near)}? " if near else ""
    return Feedback("invalid", f"{_quote(text)} is not one of the options.",
                    f"{guess}Valid options are: {listed}.")


# --------------------------------------------------------------------------- True/False


_TRUE_FALSE_TEXT = {"true", "false", "yes", "no", "t", "f"}


def check_bool(answer: Any, expected: bool, *, hint: str = "") -> Feedback:
    """Check a True/False answer (numpy bools are accepted; 0/1 and 'True' are not)."""
    if not isinstance(expected, (bool, np.bool_)):
        raise ValueError(f"expected must be True or False, got {type(expected).__name__}")
    hint = _author_str(hint, "hint")
    read = _guarded(_read_bool, answer)
    if isinstance(read, Feedback):
        return read
    if read == bool(expected):
        return Feedback("correct", f"{read} is right.")
    return Feedback(
        "incorrect", f"{read} is not right.",
        hint or "Re-read the statement carefully: is every part of it true?",
    )


def _read_bool(answer: Any) -> bool | Feedback:
    empty = _unanswered(answer)
    if empty:
        return empty
    t = type(answer)
    if issubclass(t, np.ndarray):
        arr = np.ndarray.view(answer, np.ndarray)
        if arr.ndim == 0 and issubclass(arr.dtype.type, np.bool_):
            return bool(np.generic.item(arr[()]))
    if t is bool:
        return answer
    if issubclass(t, np.bool_):
        return bool(np.generic.item(answer))
    if issubclass(t, str) and _loose(normalize_label(_plain_str(answer)[:20])) in \
            _TRUE_FALSE_TEXT:
        return Feedback(
            "invalid", f"your answer is the text {_quote(_plain_str(answer))}, not True or "
            "False.", "Write True or False, without quotes (capitalised, as Python spells them).",
        )
    return Feedback(
        "invalid", f"your answer is {_describe(answer)}, but True or False is expected.",
        "Write True or False (capitalised, without quotes).",
    )


# --------------------------------------------------------------------------- sequences


def _positions(indices: list[int]) -> str:
    """Positions as a student counts them, from 1 (`indices` count from 0)."""
    shown = ", ".join(str(i + 1) for i in indices[:5])
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
    synonyms: Mapping[str, str] | None = None,
    item_hint: Callable[[int, Any, Any], str | None] | None = None,
    decimals: int | None = None,
) -> Feedback:
    """Check a list/tuple/1-d array of numbers (with tolerances, or `decimals`, as in
    `check_number`) or of
    labels (str; case, spacing, punctuation and simple plurals ignored as in `check_choice`;
    `synonyms` maps other accepted words to a label). Reports wrong length/shape and which
    items are wrong (positions counted from 0). With ordered=False the order does not matter.

    `item_hint(position, given, expected)` (ordered only) may return a hint for one wrong item;
    it gets plain values (a normalised label, or a float) and runs outside the guard. The
    hints of all wrong items, without repeats, replace `hint`.
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
    labels = bool(items) and all(isinstance(i, str) for i in items)
    if labels:
        aliases = _author_synonyms(synonyms, None)
        vocabulary = list(dict.fromkeys([*(normalize_label(i) for i in items),
                                         *aliases.values()]))
        matcher = _Labels(vocabulary, aliases)
        exp: list = [normalize_label(i) for i in items]
    else:
        if synonyms is not None:
            raise ValueError("synonyms are for labels; expected holds numbers")
        matcher = None
        exp = [_author_number(v, f"expected[{k}]") for k, v in enumerate(items)]
    rel, ab = _tolerances_or_decimals(rel_tol, abs_tol, decimals)
    name = _author_str(name, "name") or "your answer"
    hint = _author_str(hint, "hint")
    if not isinstance(ordered, (bool, np.bool_)):
        raise ValueError(f"ordered must be True or False, got {type(ordered).__name__}")
    if item_hint is not None and (not callable(item_hint) or not ordered):
        raise ValueError("item_hint must be a function (position, given, expected) -> str, "
                         "and only for ordered=True")
    parsed = _guarded(_read_sequence, answer, len(exp), matcher, name, bool(ordered), hint,
                      _name=name)
    if isinstance(parsed, Feedback):
        return parsed
    return _judge_sequence(parsed, exp, labels, rel, ab, name, hint, bool(ordered), item_hint)


def _items(answer: Any, n: int) -> tuple[int, list] | Feedback | None:
    """(true length, the first n+1 items) of a list/tuple/1-d array/set; a Feedback for an
    array of the wrong shape; None for anything else."""
    t = type(answer)
    if issubclass(t, np.ndarray):
        arr = np.ndarray.view(answer, np.ndarray)
        if arr.ndim != 1:
            return None if arr.ndim == 0 else Feedback(
                "invalid", f"a numpy array of shape {tuple(int(s) for s in arr.shape)}",
                "For an array, try x.ravel().")
        length = int(arr.shape[0])
        return length, [arr[i] for i in range(min(length, n + 1))]
    for base in (list, tuple, set, frozenset):
        if issubclass(t, base):
            return base.__len__(answer), list(itertools.islice(base.__iter__(answer), n + 1))
    return None


def _read_sequence(answer, n, matcher, name, ordered, hint):
    empty = _unanswered(answer)
    if empty:
        return empty
    kind = "labels" if matcher else "numbers"
    flat_hint = f"Give a list of {_plural(n, 'item')}, e.g. [{', '.join(['...'] * min(n, 3))}]."
    is_set = issubclass(type(answer), (set, frozenset))
    got = None if is_set and ordered else _items(answer, n)
    if isinstance(got, Feedback):
        return Feedback("invalid", f"{name} is {got.message}, but a flat list of "
                        f"{_plural(n, 'item')} is expected.", f"{flat_hint} {got.hint}")
    if got is None:
        why = " (a set has no order)" if is_set else ""
        return Feedback(
            "invalid", f"{name} is {_describe(answer)}{why}, but a list of {kind} is expected.",
            flat_hint)
    length, values = got
    if length != n:
        return Feedback(
            "incorrect", f"{name} has {_plural(length, 'item')}, but {n} are expected.",
            hint or flat_hint,
        )
    if values and all(v is None or v is Ellipsis for v in values):
        return Feedback("unanswered", "replace None with your answer.")
    parsed: list = []
    for k, v in enumerate(values):
        where = "one item" if is_set else f"item {k + 1} (counting the first as 1)"
        if v is None or v is Ellipsis:
            return Feedback("invalid", f"{where} of {name} is still empty.", "Fill in every item.")
        if matcher:
            if not issubclass(type(v), str):
                return Feedback(
                    "invalid", f"{where} of {name} is {_describe(v)}, but a text label is "
                    "expected.", "Put each label in quotes, e.g. 'spine'.",
                )
            text = _plain_str(v)
            parsed.append(matcher.match(text)[0] or normalize_label(text[:_MAX_LABEL]))
        else:
            try:
                parsed.append(_to_fraction(v))
            except _NotANumber as exc:
                return Feedback("invalid", f"{where} of {name} is {exc.message}", exc.hint)
    return parsed


def _plain_float(x: Fraction) -> float:
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def _judge_sequence(parsed, exp, labels, rel, ab, name, hint, ordered, item_hint):
    n = len(exp)
    kind = "labels" if labels else "numbers"
    if ordered:
        if labels:
            wrong = [k for k, (a, e) in enumerate(zip(parsed, exp, strict=True)) if a != e]
        else:
            wrong = [k for k, (a, e) in enumerate(zip(parsed, exp, strict=True))
                     if not _within(a, e, rel, ab)]
        if not wrong:
            return Feedback("correct", f"all {_plural(n, 'item')} of {name} match.")
        reversed_ok = n >= 2 and len(wrong) > 0 and all(
            (a == e) if labels else _within(a, e, rel, ab)
            for a, e in zip(parsed[::-1], exp, strict=True))
        if reversed_ok:
            if n == 2 and not labels and exp[0] <= exp[1]:
                return Feedback("incorrect", f"{name} holds the right {kind} in reverse order: "
                                             "the order is [low, high].",
                                "Give the lower end first: [low, high].")
            return Feedback("incorrect", f"{name} holds the right {kind} in reverse order.",
                            "Give the items in the order the question asks for.")
        hints = []
        if item_hint is not None:
            for k in wrong:
                given, want = parsed[k], exp[k]
                if not labels:
                    given, want = _plain_float(given), _plain_float(want)
                text = item_hint(k, given, want)
                if text:
                    hints.append(_author_str(text, "item_hint result"))
        return Feedback(
            "incorrect",
            f"{_plural(len(wrong), 'item')} of {name} "
            f"{'is' if len(wrong) == 1 else 'are'} wrong, at "
            f"{'position' if len(wrong) == 1 else 'positions'} {_positions(wrong)} "
            "(counting the first as 1).",
            " ".join(dict.fromkeys(hints)) or hint or _GENERIC_HINT,
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
        shown = ", ".join(_quote(e) for e in sorted(set(extra))[:5])
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


# --------------------------------------------------------------------------- written answers


def _author_patterns(patterns: Any, i: int, what: str, *, empty_ok: bool) -> list[re.Pattern]:
    if isinstance(patterns, str) or not isinstance(patterns, Sequence) or \
            (not patterns and not empty_ok):
        raise ValueError(f"points[{i}] {what} must be a {'' if empty_ok else 'non-empty '}list "
                         "of regular expressions")
    compiled = []
    for p in patterns:
        if not isinstance(p, str) or not p:
            raise ValueError(f"points[{i}] {what} must be non-empty str, got {p!r}")
        try:
            compiled.append(re.compile(p, re.IGNORECASE))
        except re.error as exc:
            raise ValueError(f"points[{i}] pattern {p!r} is not a regular expression: "
                             f"{exc}") from None
    return compiled


def _author_points(points: Any) -> list[tuple[str, list[re.Pattern], str, list[re.Pattern]]]:
    if isinstance(points, (str, bytes)) or not isinstance(points, Sequence) or not points:
        raise ValueError("points must be a non-empty list of (name, patterns, hint) or "
                         "(name, patterns, hint, denials)")
    out = []
    for i, point in enumerate(points):
        if not isinstance(point, Sequence) or isinstance(point, str) or len(point) not in (3, 4):
            raise ValueError(f"points[{i}] must be a triple (name, patterns, hint) or a "
                             "4-tuple (name, patterns, hint, denials)")
        name, patterns, hint = point[:3]
        name = _author_str(name, f"points[{i}] name")
        hint = _author_str(hint, f"points[{i}] hint")
        if not name or not hint:
            raise ValueError(f"points[{i}] needs a name and a hint")
        compiled = _author_patterns(patterns, i, "patterns", empty_ok=False)
        denials = _author_patterns(point[3], i, "denials", empty_ok=True) \
            if len(point) == 4 else []
        out.append((name, compiled, hint, denials))
    return out


def check_text(
    answer: Any,
    points: Sequence[tuple[str, Sequence[str], str]],
    *,
    min_words: int = 0,
    max_chars: int = 20_000,
    name: str = "your text",
    correct_note: str = "",
) -> Feedback:
    """Check a written answer for the key points of its reasoning (never for a conclusion).

    `points` lists ``(name, patterns, hint)`` or ``(name, patterns, hint, denials)``: a point
    is covered when any of its regular expressions matches the text (case ignored, runs of
    white space read as one space) and none of its `denials` does. A denial is a phrase that
    argues against the point ("absolute numbers never matter", "the same as every hormone");
    where one occurs the point is not credited, and the feedback quotes the phrase. Denials
    are read over the whole text, so a self-contradicting text gains nothing from saying the
    point elsewhere.
    Correct when every point is covered and the text has at least `min_words` words, half of
    them different (repeating a word to reach the count does not help);
    otherwise "Not quite" names the points not yet covered, with their hints. Only the first
    `max_chars` characters are read. Keep patterns simple (no nested repetition), so a search
    stays linear in the text.
    """
    compiled = _author_points(points)
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
        raise ValueError(f"min_words must be a whole number >= 0, got {min_words!r}")
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or not \
            100 <= max_chars <= 1_000_000:
        raise ValueError(f"max_chars must be a whole number from 100 to 1000000, got "
                         f"{max_chars!r}")
    name = _author_str(name, "name")
    correct_note = _author_str(correct_note, "correct_note")
    read = _guarded(_read_text, answer, max_chars, name)
    if isinstance(read, Feedback):
        return read
    return _judge_text(read, compiled, min_words, name, correct_note)


def _read_text(answer: Any, max_chars: int, name: str) -> str | Feedback:
    empty = _unanswered(answer)
    if empty:
        return empty
    if not issubclass(type(answer), str):
        return Feedback("invalid", f"{name} is {_describe(answer)}, but text is expected.",
                        'Write it as text in triple quotes: answer = """..."""')
    text = " ".join(str.lower(_plain_str(answer)[:max_chars]).split())
    if not text:
        return Feedback("invalid", f"{name} is empty text.",
                        "Write a few sentences between the quotes.")
    return text


def _denied(text: str, denials) -> str | None:
    """The first phrase of `text` that one of `denials` matches (shortened), or None."""
    for d in denials:
        m = d.search(text)
        if m:
            found = m.group(0)
            return found if len(found) <= 60 else found[:57] + "..."
    return None


def _text_points(text, compiled):
    """[(point as named in feedback, hint)] for the points `text` does not cover."""
    missing = []
    for point, patterns, hint, denials in compiled:
        denial = _denied(text, denials)
        if denial is not None:
            missing.append((f"{point} (your text argues against it: \u201c{denial}\u201d)",
                            f"Your text says \u201c{denial}\u201d, which argues against this "
                            f"point, so it does not count. {hint}"))
        elif not any(p.search(text) for p in patterns):
            missing.append((point, hint))
    return missing


def _judge_text(text, compiled, min_words, name, correct_note):
    words = text.count(" ") + 1
    distinct = len(set(text.split(" ")))
    missing = _text_points(text, compiled)
    if words < min_words:
        return Feedback("incorrect", f"{name} has {_plural(words, 'word')}; write at least "
                                     f"{min_words}.",
                        " ".join(h for _, h in missing) or "Explain your reasoning in full "
                        "sentences.")
    if distinct < min_words // 2:
        return Feedback("incorrect", f"{name} repeats itself: {_plural(distinct, 'different word')}"
                                     f" in {words}; write at least {min_words // 2} different "
                                     "words.",
                        "Explain your reasoning in full sentences rather than repeating words.")
    if not missing:
        note = f" {correct_note}" if correct_note else ""
        return Feedback("correct", f"{name} covers all {len(compiled)} key points.{note}")
    covered = len(compiled) - len(missing)
    return Feedback(
        "incorrect", f"{name} covers {covered} of {len(compiled)} key points; not yet: "
        f"{', '.join(point for point, _ in missing)}.",
        " ".join(hint for _, hint in missing))
