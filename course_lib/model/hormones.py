"""Hormone and milieu inputs: constants, functions of time (days) or daily arrays."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

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


def _range_text(name: str) -> str:
    lo, hi = INPUT_RANGES[name]
    return f"{lo:g} to {hi:g}"


def _check_values(name: str, values) -> None:
    lo, hi = INPUT_RANGES[name]
    arr = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < lo) or np.any(arr > hi):
        bad = arr[~(np.isfinite(arr) & (arr >= lo) & (arr <= hi))].ravel()[:1]
        raise ValueError(
            f"{name} must be a level from {_range_text(name)} (1 = reference woman"
            f"{'' if name != 'inflammation' else '; 0 = none'}); got {bad[0]!r}")


@dataclass(frozen=True)
class Hormones:
    """Hormone and milieu levels relative to a reference healthy, ovulatory, premenopausal woman.

    Each field is a number (1.0 = reference; inflammation 0 = none), a function of time in
    days from the start of a run returning the level (it is called with a numpy array of
    times), or a sequence with one level per day. Allowed levels: 0 to 10.
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
                try:
                    number = float(value)
                except (TypeError, ValueError):
                    raise ValueError(f"{f.name} must be a number from {_range_text(f.name)}; "
                                     f"got {value!r}") from None
                _check_values(f.name, number)
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
        if name not in INPUT_NAMES:
            raise ValueError(f"name must be one of {', '.join(INPUT_NAMES)}; got {name!r}")
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


def _number(value, name: str) -> float:
    """`value` as a finite float, or ValueError naming `name`."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) \
            and math.isfinite(value):
        return float(value)
    raise ValueError(f"{name} must be a finite number; got {value!r}")


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
    for value, name in ((on_level, "on_level"), (off_level, "off_level"),
                        (days_on, "days_on"), (period_days, "period_days")):
        _number(value, name)
    if not 0 <= days_on <= period_days:
        raise ValueError(f"days_on must be from 0 to period_days ({period_days}); got {days_on}")
    if period_days < 1:
        raise ValueError(f"period_days must be at least 1; got {period_days}")

    def level(t):
        return np.where(np.mod(np.floor(t), period_days) < days_on, on_level, off_level)

    return level


def sigmoid_ramp(start_level: float, end_level: float, midpoint_day: float, width_days: float):
    """A smooth change from start_level to end_level centred on midpoint_day."""
    for value, name in ((start_level, "start_level"), (end_level, "end_level"),
                        (midpoint_day, "midpoint_day"), (width_days, "width_days")):
        _number(value, name)
    if width_days <= 0:
        raise ValueError(f"width_days must be positive; got {width_days}")

    def level(t):
        s = 1.0 / (1.0 + np.exp(-(np.asarray(t, dtype=float) - midpoint_day) / width_days))
        return start_level + (end_level - start_level) * s

    level.smooth = True     # no jumps: solvers need not stop at day boundaries
    return level


def mean_level(value, days: float = 365.25) -> float:
    """Average of an input over its first `days` (for display, e.g. slider positions): a
    number, a daily array or a function of time in days."""
    days = _number(days, "days")
    if days <= 0:
        raise ValueError(f"days must be above 0; got {days!r}")
    if not (callable(value) or isinstance(value, np.ndarray)):
        return _number(value, "value")
    if isinstance(value, np.ndarray):
        return float(value[: max(1, math.ceil(days))].mean())
    t = np.arange(0.5, max(days, 1.0), 1.0)
    return float(np.mean(np.broadcast_to(np.asarray(value(t), dtype=float), t.shape)))
