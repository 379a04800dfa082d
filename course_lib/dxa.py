"""Densitometry arithmetic: T-scores, WHO categories, precision and the least significant change.

One place for the sums that Lesson 1.5 (DXA), its exercises and the answer keys share::

    from course_lib import dxa
    dxa.t_score(0.80, young_mean=1.00, young_sd=0.12)     # -1.67
    dxa.who_category(-2.5)                                # "osteoporosis" (cut-off inclusive)
    dxa.least_significant_change(1.0)                     # 2.77 (%), the ISCD rule at 95 %
    dxa.is_real_change(0.90, 0.87, precision_percent=1.0) # True: -3.3 % is beyond 2.77 %

The WHO thresholds and the ISCD multiplier are read from the course's evidence data
(`who_tscore_definitions`, `iscd_least_significant_change`), not typed here.
Bad input raises ValueError naming the argument and its valid range. Numpy and stdlib only.
"""

from __future__ import annotations

import math
import operator
from functools import cache
from statistics import NormalDist

import numpy as np

from course_lib import curves, evidence, validation

__all__ = [
    "NORMAL", "OSTEOPENIA", "OSTEOPOROSIS", "SEVERE_OSTEOPOROSIS", "CATEGORIES",
    "who_thresholds", "who_category", "t_score", "z_score", "percent_change",
    "lsc_multiplier", "least_significant_change", "is_real_change", "years_to_detect",
    "first_detectable", "cumulative_change",
]

#: The WHO (1994) densitometric categories, as this module names them.
NORMAL = "normal"
OSTEOPENIA = "osteopenia"            # also called "low bone mass"
OSTEOPOROSIS = "osteoporosis"
SEVERE_OSTEOPOROSIS = "severe osteoporosis"   # T <= -2.5 plus a fragility fracture
CATEGORIES = (NORMAL, OSTEOPENIA, OSTEOPOROSIS, SEVERE_OSTEOPOROSIS)

# Valid ranges of the inputs (wide enough for any real scan, narrow enough to catch unit slips).
T_SCORE_RANGE = (-10.0, 10.0)
BMD_RANGE = (0.0, 5.0)            # g/cm2, exclusive of 0; real areal BMD is about 0.3-1.6
SD_RANGE = (0.0, 1.0)             # g/cm2, exclusive of 0
PRECISION_RANGE = (0.0, 10.0)     # % (coefficient of variation), exclusive of 0
CONFIDENCE_RANGE = (0.5, 0.999)
RATE_RANGE = (0.0, 100.0)         # size of a change in % per year, exclusive of 0

_WHO = "who_tscore_definitions"
_ISCD = "iscd_least_significant_change"
_OPERATORS = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt}


def _real(value, name: str, low: float, high: float, *, open_low: bool = False) -> float:
    """`value` as a float, or ValueError naming `name` and the valid range."""
    return validation.number(value, name, low, high, low_open=open_low)


@cache
def who_thresholds() -> dict[str, tuple[str, float]]:
    """The WHO cut-offs as {category: (comparison, T-score)}, read from the evidence data.

    E.g. ``{"normal": (">=", -1.0), "osteoporosis": ("<=", -2.5)}``: a T-score of exactly
    -1.0 is normal and one of exactly -2.5 is osteoporosis (both cut-offs are inclusive).
    """
    found = {}
    for category, key in ((NORMAL, "normal"), (OSTEOPOROSIS, "osteoporosis")):
        q = evidence.quantity(_WHO, key)    # refuses a fact that is not VERIFIED
        if q.relation not in _OPERATORS:
            raise ValueError(f"the WHO {category} cut-off {_WHO}.{key} is not a bound: "
                             f"relation {q.relation!r}")
        found[category] = (q.relation, q.value)
    return found


def who_category(t_score: float, fragility_fracture: bool = False) -> str:
    """WHO (1994) category of a T-score: "normal", "osteopenia" or "osteoporosis".

    Both cut-offs are inclusive: -1.0 is still normal, -2.5 is already osteoporosis.
    With ``fragility_fracture=True`` an osteoporotic T-score is "severe osteoporosis"
    (the WHO's "severe (established)" category). A T-score must lie in [-10, 10].
    """
    t = _real(t_score, "t_score", *T_SCORE_RANGE)
    if not isinstance(fragility_fracture, bool | np.bool_):
        raise ValueError(f"fragility_fracture must be True or False; got {fragility_fracture!r}")
    cuts = who_thresholds()
    op, cut = cuts[OSTEOPOROSIS]
    if _OPERATORS[op](t, cut):
        return SEVERE_OSTEOPOROSIS if fragility_fracture else OSTEOPOROSIS
    op, cut = cuts[NORMAL]
    if _OPERATORS[op](t, cut):
        return NORMAL
    return OSTEOPENIA


def _standard_score(bmd, mean, sd, names) -> float:
    b = _real(bmd, names[0], *BMD_RANGE, open_low=True)
    m = _real(mean, names[1], *BMD_RANGE, open_low=True)
    s = _real(sd, names[2], *SD_RANGE, open_low=True)
    return (b - m) / s


def t_score(bmd: float, young_mean: float, young_sd: float) -> float:
    """T-score: how many young-adult SDs a BMD lies from the young-adult mean.

    ``(bmd - young_mean) / young_sd``, all in g/cm2. BMD and mean in (0, 5], SD in (0, 1].
    """
    return _standard_score(bmd, young_mean, young_sd, ("bmd", "young_mean", "young_sd"))


def z_score(bmd: float, age_matched_mean: float, age_matched_sd: float) -> float:
    """Z-score: the same sum as the T-score, against people of the patient's own age and sex."""
    return _standard_score(bmd, age_matched_mean, age_matched_sd,
                           ("bmd", "age_matched_mean", "age_matched_sd"))


def percent_change(bmd_before: float, bmd_after: float) -> float:
    """Change from one scan to the next, in % of the first: ``(after - before) / before * 100``."""
    before = _real(bmd_before, "bmd_before", *BMD_RANGE, open_low=True)
    after = _real(bmd_after, "bmd_after", *BMD_RANGE, open_low=True)
    return (after - before) / before * 100.0


def lsc_multiplier(confidence: float = 0.95) -> float:
    """How many precision errors make a least significant change.

    A change is the difference of two scans, and each scan carries its own error, so the
    error of the difference is sqrt(2) times the error of one scan; at 95 % confidence a
    real change must be 1.96 of those: 1.96 x sqrt(2) = 2.77. For 95 % this returns the
    ISCD's 2.77 from the evidence data; for other levels, z x sqrt(2) with z from the
    normal distribution. Confidence must lie in [0.5, 0.999].
    """
    c = _real(confidence, "confidence", *CONFIDENCE_RANGE)
    iscd_level = evidence.value(_ISCD, "lsc_confidence") / 100.0   # 95 % -> 0.95
    if math.isclose(c, iscd_level):
        return evidence.value(_ISCD, "lsc_multiplier")              # 2.77
    return NormalDist().inv_cdf(0.5 + c / 2.0) * math.sqrt(2.0)


def least_significant_change(precision_percent: float, confidence: float = 0.95) -> float:
    """Least significant change (%) for a scanner and operator with this precision (% CV).

    ``lsc_multiplier(confidence) * precision_percent``: 1 % precision gives 2.77 % at 95 %.
    Precision must lie in (0, 10] %.
    """
    p = _real(precision_percent, "precision_percent", *PRECISION_RANGE, open_low=True)
    return lsc_multiplier(confidence) * p


def is_real_change(bmd_before: float, bmd_after: float, precision_percent: float,
                   confidence: float = 0.95) -> bool:
    """True if the change between two scans equals or exceeds the least significant change.

    Gains and losses count alike (the size of the % change is compared with the LSC).
    """
    change = percent_change(bmd_before, bmd_after)
    lsc = least_significant_change(precision_percent, confidence)
    return bool(abs(change) >= lsc - 1e-12)


def years_to_detect(rate_percent_per_year: float, precision_percent: float,
                    confidence: float = 0.95) -> float:
    """Years of steady change at this rate before it reaches the LSC: ``LSC / rate``.

    E.g. 1 % precision (LSC 2.77 %) and 1 %/year loss: about 2.8 years. The rate is the size
    of the change per year (a loss may be given as a negative rate), in [-100, 100], not 0.
    """
    rate = abs(_real(rate_percent_per_year, "rate_percent_per_year", -RATE_RANGE[1],
                     RATE_RANGE[1]))
    if rate == 0.0:
        raise ValueError("rate_percent_per_year must be a non-zero number in [-100, 100] "
                         "(at zero change nothing is ever detected), got 0")
    return least_significant_change(precision_percent, confidence) / rate


def first_detectable(t_years, bmd_percent, precision_percent: float,
                     confidence: float = 0.95) -> float | None:
    """First time (years) a BMD curve has moved by at least the LSC from its first value.

    ``t_years`` and ``bmd_percent`` are equal-length 1-D arrays (e.g. a model Result's);
    the crossing is interpolated linearly between samples. None if the curve never gets there.
    """
    try:
        t = np.asarray(t_years, dtype=float)
        y = np.asarray(bmd_percent, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError("t_years and bmd_percent must be 1-D arrays of numbers of the same "
                         "length (>= 2)") from None
    if t.ndim != 1 or y.shape != t.shape or t.size < 2:
        raise ValueError("t_years and bmd_percent must be 1-D arrays of the same length (>= 2), "
                         f"got shapes {t.shape} and {y.shape}")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(y))):
        raise ValueError("t_years and bmd_percent must hold finite numbers only")
    lsc = least_significant_change(precision_percent, confidence)
    return curves.first_crossing(t, np.abs(y - y[0]), lsc)


def cumulative_change(percent_per_step: float, steps: int, *, compound: bool = False) -> float:
    """Total % change after `steps` equal steps of `percent_per_step` each (loss is negative).

    By default each step is a % of the *starting* value, so the steps simply add up
    (``percent_per_step * steps``). With ``compound=True`` each step is a % of what is left
    then, as with interest: ``100 * ((1 + percent_per_step / 100) ** steps - 1)``. For the
    small steps of bone remodeling the two answers are close.
    percent_per_step in [-100, 100]; steps a whole number in [0, 10000].
    """
    p = _real(percent_per_step, "percent_per_step", -100.0, 100.0)
    steps = validation.whole(steps, "steps", 0, 10_000)
    if compound:
        return 100.0 * ((1.0 + p / 100.0) ** int(steps) - 1.0)
    return p * int(steps)
