"""Checks of public arguments: one place for numbers, whole numbers, ranges and choices.

Every public function of `course_lib` checks its arguments with these, so a bad value always
raises ValueError naming the argument and what it may be, in the same words::

    years = validation.number(years, "years", 0, 100, low_open=True)
    # ValueError: years must be a number above 0 and at most 100; got -1
    site = validation.choice(site, "site", ("spine", "hip"))
    # ValueError: site must be one of 'spine', 'hip'; got 'wrist'

A number is an int or float (numpy scalars included), never a bool, a string or None, and is
finite. Floor 0: stdlib and numpy only, so every module may use it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Integral, Real

import numpy as np

__all__ = ["describe_range", "is_number", "number", "whole", "choice", "instance"]


def is_number(value) -> bool:
    """True for a finite real number (int, float or numpy scalar), False for bools and all
    else, including an int too large for a float (e.g. 10**400)."""
    if not isinstance(value, Real | np.number) or isinstance(value, bool | np.bool_):
        return False
    try:
        return math.isfinite(float(value))
    except (OverflowError, TypeError, ValueError):
        return False


def describe_range(low: float | None = None, high: float | None = None, *,
                   low_open: bool = False, high_open: bool = False) -> str:
    """Words for a range: "from 0 to 10", "above 0 and at most 5", "at least 1" ("" if none)."""
    if low is not None and high is not None and not low_open and not high_open:
        return f"from {low:g} to {high:g}"
    parts = []
    if low is not None:
        parts.append(f"above {low:g}" if low_open else f"at least {low:g}")
    if high is not None:
        parts.append(f"below {high:g}" if high_open else f"at most {high:g}")
    return " and ".join(parts)


def number(value, name: str, low: float | None = None, high: float | None = None, *,
           low_open: bool = False, high_open: bool = False, what: str = "a number",
           hint: str = "") -> float:
    """`value` as a float, or ValueError: "<name> must be <what> <range><hint>; got <value>"."""
    valid = " ".join(filter(None, (what, describe_range(low, high, low_open=low_open,
                                                        high_open=high_open))))
    if not is_number(value):
        raise ValueError(f"{name} must be {valid}{hint}; got {_shown(value)}")
    x = float(value)
    if (low is not None and (x < low or (low_open and x == low))) or \
            (high is not None and (x > high or (high_open and x == high))):
        raise ValueError(f"{name} must be {valid}{hint}; got {value!r}")
    return x


def whole(value, name: str, low: int | None = None, high: int | None = None, *,
          hint: str = "") -> int:
    """`value` as an int (a whole float such as 3.0 is accepted), or ValueError naming it."""
    valid = " ".join(filter(None, ("a whole number", describe_range(low, high))))
    ok = is_number(value) and (isinstance(value, Integral | np.integer)
                               or float(value).is_integer())
    if not ok or (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {valid}{hint}; got {_shown(value)}")
    return int(value)


def choice(value, name: str, choices: Iterable):
    """`value` if it is one of `choices`, else ValueError listing them."""
    options = tuple(choices)
    try:
        ok = any(value == c and type(value) is not bool or value is c for c in options)
    except (TypeError, ValueError):      # e.g. an array compared with a string
        ok = False
    if not ok:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; "
                         f"got {_shown(value)}")
    return value


def instance(value, name: str, kind: type | tuple, what: str):
    """`value` if it is a `kind`, else ValueError: "<name> must be <what>; got <type>"."""
    if not isinstance(value, kind):
        raise ValueError(f"{name} must be {what}; got {type(value).__name__}")
    return value


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
