"""Hormone and milieu inputs: constants, functions of time (days) or daily arrays."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from course_lib import validation

from .equations import DAYS_PER_YEAR

#: Allowed range of every input (relative to the reference woman; inflammation from 0).
INPUT_RANGES = {
    "estradiol": (0.0, 10.0),
    "progesterone": (0.0, 10.0),
    "testosterone": (0.0, 10.0),
    "cortisol": (0.0, 10.0),
    "thyroid": (0.0, 10.0),
    "inflammation": (0.0, 10.0),
}
INPUT_NAMES = tuple(INPUT_RANGES)


_HINTS = {name: " (1 = reference woman; 0 = none)" if name == "inflammation"
          else " (1 = reference woman)" for name in INPUT_NAMES}


def _range_text(name: str) -> str:
    return validation.describe_range(*INPUT_RANGES[name])


def _check_values(name: str, values) -> None:
    """Every level in `values` (array) inside INPUT_RANGES[name], else ValueError naming it."""
    lo, hi = INPUT_RANGES[name]
    arr = np.asarray(values, dtype=float)
    ok = np.isfinite(arr) & (arr >= lo) & (arr <= hi)
    if not np.all(ok):
        validation.number(float(arr[~ok].ravel()[0]), name, lo, hi, what="a level",
                          hint=_HINTS[name])


@dataclass(frozen=True)
class Hormones:
    """Hormone and milieu levels relative to a reference healthy, ovulatory, premenopausal woman.

    Each field is a number (1.0 = reference; inflammation 0 = none), a function of time in
    days from the start of a run returning the level (it is called with a numpy array of
    times), or a sequence with one level per day. Allowed levels: INPUT_RANGES (0 to 10).
    """

    estradiol: object = 1.0
    progesterone: object = 1.0
    testosterone: object = 1.0
    cortisol: object = 1.0
    thyroid: object = 1.0
    inflammation: object = 0.0

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if callable(value):
                continue
            if isinstance(value, bool) or value is None or isinstance(value, str):
                raise ValueError(f"{f.name} must be a number, a function of time in days or a "
                                 f"daily array, with levels from {_range_text(f.name)}; "
                                 f"got {value!r}")
            if np.ndim(value) == 0:
                number = validation.number(value, f.name, *INPUT_RANGES[f.name],
                                           hint=_HINTS[f.name])
                object.__setattr__(self, f.name, number)
            else:
                try:
                    arr = np.array(value, dtype=float)
                except (TypeError, ValueError):
                    raise ValueError(f"{f.name} as a daily array must hold numbers from "
                                     f"{_range_text(f.name)}") from None
                if arr.ndim != 1 or arr.size == 0:
                    raise ValueError(f"{f.name} as a daily array must be one-dimensional and "
                                     f"non-empty; got shape {arr.shape}")
                _check_values(f.name, arr)
                arr.setflags(write=False)
                object.__setattr__(self, f.name, arr)

    @property
    def is_constant(self) -> bool:
        return all(isinstance(getattr(self, n), float) for n in INPUT_NAMES)

    def levels(self, t_days) -> dict:
        """Levels at times t_days (numpy array, days from the run's start), validated."""
        t = np.asarray(t_days, dtype=float)
        return {name: np.broadcast_to(self.level(name, t), t.shape).copy()
                for name in INPUT_NAMES}

    def level(self, name: str, t: np.ndarray):
        """One input at times t (days): a float if it is constant, else an array like t."""
        validation.choice(name, "name", INPUT_NAMES)
        value = getattr(self, name)
        if isinstance(value, float):
            return value
        if isinstance(value, np.ndarray):
            days = np.floor(t).astype(int)
            if days.size and days.max() >= value.size:
                raise ValueError(
                    f"{name} daily array has {value.size} days but the run needs "
                    f"{int(days.max()) + 1}; give at least one value per simulated day")
            return value[np.clip(days, 0, None)]
        return _call(name, value, t)

    def at(self, t_day: float) -> dict:
        """Levels at one time (days), as floats."""
        return {k: float(v[0]) for k, v in self.levels(np.array([t_day])).items()}

    def replace(self, **changes) -> Hormones:
        """A copy with some inputs changed."""
        unknown = set(changes) - set(INPUT_NAMES)
        if unknown:
            raise ValueError(f"unknown input(s) {sorted(unknown)}; valid: {', '.join(INPUT_NAMES)}")
        current = {n: getattr(self, n) for n in INPUT_NAMES}
        return Hormones(**{**current, **changes})


def _call(name: str, func, t: np.ndarray) -> np.ndarray:
    try:
        values = np.asarray(func(t), dtype=float)
        if values.shape != t.shape:
            values = np.broadcast_to(values, t.shape).astype(float)
    except (TypeError, ValueError):
        values = np.array([float(func(float(x))) for x in t.ravel()]).reshape(t.shape)
    _check_values(name, values)
    return values


def cyclic(on_level: float, off_level: float, days_on: int, period_days: int = 30):
    """A level that is `on_level` for the first `days_on` days of every period, else `off_level`."""
    validation.number(on_level, "on_level")
    validation.number(off_level, "off_level")
    validation.number(period_days, "period_days", 1)
    validation.number(days_on, "days_on", 0, period_days, hint=" (period_days)")

    def level(t):
        return np.where(np.mod(np.floor(t), period_days) < days_on, on_level, off_level)

    return level


def sigmoid_ramp(start_level: float, end_level: float, midpoint_day: float, width_days: float):
    """A smooth change from start_level to end_level centred on midpoint_day."""
    validation.number(start_level, "start_level")
    validation.number(end_level, "end_level")
    validation.number(midpoint_day, "midpoint_day")
    validation.number(width_days, "width_days", 0, low_open=True)

    def level(t):
        s = 1.0 / (1.0 + np.exp(-(np.asarray(t, dtype=float) - midpoint_day) / width_days))
        return start_level + (end_level - start_level) * s

    level.smooth = True     # no jumps: solvers need not stop at day boundaries
    return level


def mean_level(value, days: float = DAYS_PER_YEAR) -> float:
    """Average of an input over its first `days` (for display, e.g. slider positions): a
    number, a daily array or a function of time in days."""
    days = validation.number(days, "days", 0, low_open=True)
    if not (callable(value) or isinstance(value, np.ndarray)):
        return validation.number(value, "value", what="a level (a number, a daily array or a "
                                 "function of time in days); a number")
    if isinstance(value, np.ndarray):
        return float(value[: max(1, math.ceil(days))].mean())
    t = np.arange(0.5, max(days, 1.0), 1.0)
    return float(np.mean(np.broadcast_to(np.asarray(value(t), dtype=float), t.shape)))
