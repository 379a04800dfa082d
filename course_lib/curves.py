"""When a sampled curve first reaches a level: the one crossing finder of course_lib.

    first_crossing(t, y, 90.0)          # first t where y reaches 90 (from either side), or None
    first_crossing(t, Y, 90.0)          # Y of shape (n, len(t)): one time per row, NaN if never

A curve that starts exactly at the level crosses at its first time. Between samples the
crossing is interpolated linearly. `Result.time_to`, `CohortResult.time_to` and
`dxa.first_detectable` are this function. Floor 0: numpy only.
"""

from __future__ import annotations

import numpy as np

from course_lib import validation

__all__ = ["first_crossing"]


def first_crossing(t, y, level: float):
    """First time at which `y` reaches `level`, coming from the side it starts on.

    `t` is a 1-D increasing array of times; `y` has the same length (one curve: returns a
    float, or None if it never gets there) or shape (n, len(t)) (n curves: returns an array
    of n times, NaN where a curve never gets there).
    """
    level = validation.number(level, "level")
    try:
        t = np.asarray(t, dtype=float)
        y = np.asarray(y, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError("t and y must be arrays of numbers") from None
    if t.ndim != 1 or t.size < 1 or y.ndim not in (1, 2) or y.shape[-1] != t.size:
        raise ValueError(f"t must be 1-D and y must have len(t) samples on its last axis; got "
                         f"shapes {t.shape} and {y.shape}")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(y))):
        raise ValueError("t and y must hold finite numbers only")
    curves = np.atleast_2d(y)
    side = np.sign(curves - level)
    start = side[:, :1]
    reached = (side != start) | (start == 0)          # at or past the level
    any_reached = reached.any(axis=1)
    i = np.argmax(reached, axis=1)                     # first index at or past it
    prev = np.maximum(i - 1, 0)
    rows = np.arange(curves.shape[0])
    y0, y1 = curves[rows, prev], curves[rows, i]
    t0, t1 = t[prev], t[i]
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(y1 != y0, (level - y0) / (y1 - y0), 1.0)
    times = np.where(i == 0, t[0], t0 + frac * (t1 - t0))
    times = np.where(any_reached, times, np.nan)
    if y.ndim == 1:
        return None if np.isnan(times[0]) else float(times[0])
    return times
