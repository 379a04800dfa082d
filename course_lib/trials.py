"""Arithmetic for reading trials: risks, numbers needed, SE and p from a CI, pooling, forest plots.

One place for the sums lesson 3.4, its exercises and the answer keys share::

    from course_lib import trials
    trials.per_10000(0.0018)                         # 18.0 events per 10,000 (woman-years)
    trials.nnt(0.086, 0.111)                         # NumberNeeded(40.0, "treat")
    trials.annualise(3.7, 3)                         # 1.233 % a year (simple)
    trials.se_from_ci(0.69, 0.83, ratio=True)        # SE of the log hazard ratio
    trials.p_from_ci(0.76, 0.69, 0.83, ratio=True)   # two-sided p, normal approximation
    r = trials.pool([0.9, 0.5, 0.6], [0.15, 0.12, 0.2], method="random")
    r.estimate, r.ci_low, r.ci_high, r.q, r.i2, r.tau2, r.weights
    ax = trials.forest_plot(["A", "B", "C"], est, low, high, pooled=r)

Ratios (risk, odds and hazard ratios) are handled on the log scale, where their confidence
intervals are symmetric: pass ``ratio=True`` and give the ratios themselves.
Pooling: inverse-variance fixed effect, and DerSimonian-Laird random effects (DerSimonian &
Laird 1986), with Cochran's Q, I² (Higgins & Thompson 2002) and tau².
Numpy and the standard library only; matplotlib is imported inside `forest_plot`.
Bad input raises ValueError naming the argument and its valid range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from course_lib import validation

__all__ = [
    "se_from_ci", "p_from_ci", "z_for_level", "ci_halves", "risk_difference", "risk_ratio",
    "nnt", "NumberNeeded", "per_10000", "annualise", "pool", "Pooled", "chi2_sf",
    "forest_plot",
]

LEVEL_RANGE = (0.5, 0.999)        # confidence levels accepted
MAX_RATIO = 1e6                   # a ratio beyond this (or below 1/this) is a typing slip
MAX_ABS = 1e9                     # estimates on the difference scale
MAX_STUDIES = 10_000


# --------------------------------------------------------------------------- checks


def _level(level) -> float:
    return validation.number(level, "level", *LEVEL_RANGE, what="a confidence level",
                             hint=" (0.95 for a 95 % CI)")


def _to_scale(x: float, name: str, ratio: bool) -> float:
    """A number on the analysis scale: log for ratios (which must be positive)."""
    if ratio:
        r = validation.number(x, name, 1.0 / MAX_RATIO, MAX_RATIO, what="a positive ratio",
                              hint=" (ratio=True: give the ratio itself, e.g. 0.76, not its log)")
        return math.log(r)
    return validation.number(x, name, -MAX_ABS, MAX_ABS)


def _estimate_in_interval(estimate, low, high, ratio: bool) -> tuple[float, float, float]:
    """(estimate, low, high) on the analysis scale, or ValueError if the estimate lies
    outside its interval."""
    est = _to_scale(estimate, "estimate", ratio)
    lo, hi = _interval(low, high, ratio)
    if not lo <= est <= hi:
        raise ValueError(f"estimate must lie inside its interval [low, high] = "
                         f"[{low!r}, {high!r}]; got {estimate!r}")
    return est, lo, hi


def _interval(low, high, ratio: bool) -> tuple[float, float]:
    lo, hi = _to_scale(low, "low", ratio), _to_scale(high, "high", ratio)
    if not lo < hi:
        raise ValueError(f"high must be greater than low (the CI's upper and lower limits); "
                         f"got low={low!r}, high={high!r}")
    return lo, hi


# --------------------------------------------------------------------------- a reported CI


def z_for_level(level: float = 0.95) -> float:
    """The two-sided normal quantile for a confidence level: 1.96 for 0.95."""
    return NormalDist().inv_cdf(0.5 + _level(level) / 2.0)


def se_from_ci(low: float, high: float, ratio: bool = False, level: float = 0.95) -> float:
    """Standard error behind a reported confidence interval: (high - low) / (2 z).

    With ``ratio=True`` the limits are ratios and the SE is that of the log ratio.
    """
    ratio = validation.flag(ratio, "ratio")
    lo, hi = _interval(low, high, ratio)
    return (hi - lo) / (2.0 * z_for_level(level))


def p_from_ci(estimate: float, low: float, high: float, ratio: bool = False,
              level: float = 0.95) -> float:
    """Two-sided p-value of "no effect" (0, or 1 for a ratio) from an estimate and its CI.

    z = estimate / SE with the SE from `se_from_ci`; p = 2 (1 - Phi(|z|)), normal
    approximation (Altman & Bland 2011). Ratios are taken on the log scale.
    """
    ratio = validation.flag(ratio, "ratio")
    est, lo, hi = _estimate_in_interval(estimate, low, high, ratio)
    se = (hi - lo) / (2.0 * z_for_level(level))
    return math.erfc(abs(est / se) / math.sqrt(2.0))


def ci_halves(estimate: float, low: float, high: float, ratio: bool = False
              ) -> tuple[float, float]:
    """The two arms of a CI, (estimate - low, high - estimate), on the analysis scale.

    A CI from the usual normal method is symmetric on that scale (differences as given,
    ratios on the log scale), so the two halves should agree to the rounding of the report.
    """
    ratio = validation.flag(ratio, "ratio")
    est, lo, hi = _estimate_in_interval(estimate, low, high, ratio)
    return est - lo, hi - est


# --------------------------------------------------------------------------- risks


def _rate(value, name: str) -> float:
    return validation.number(value, name, 0.0, 1.0, what="a risk or rate",
                             hint=" (events per person, or per person-year; divide a count "
                                  "per 10,000 by 10,000)")


def risk_difference(rate_treated: float, rate_control: float) -> float:
    """Absolute difference, treated minus control (same units as the rates)."""
    return _rate(rate_treated, "rate_treated") - _rate(rate_control, "rate_control")


def risk_ratio(rate_treated: float, rate_control: float) -> float:
    """Relative risk, treated / control (a rate ratio when the rates are per person-year)."""
    t = _rate(rate_treated, "rate_treated")
    c = validation.number(rate_control, "rate_control", 0.0, 1.0, low_open=True,
                          what="a risk or rate", hint=" (it divides)")
    return t / c


@dataclass(frozen=True)
class NumberNeeded:
    """How many people (or person-years) for one event more or fewer.

    ``kind`` is "treat" when treatment prevents events (the treated rate is lower; a number
    needed to treat, NNT) and "harm" when it causes them (a number needed to harm, NNH);
    "neither" when the rates are equal (``value`` is then infinite).
    """

    value: float
    kind: str

    def __float__(self) -> float:
        return self.value

    def __str__(self) -> str:
        if self.kind == "neither":
            return "no difference between the arms: no number needed to treat or to harm"
        name = "NNT (number needed to treat)" if self.kind == "treat" else \
            "NNH (number needed to harm)"
        return f"{name} = {self.value:,.4g}"


def nnt(rate_treated: float, rate_control: float) -> NumberNeeded:
    """Number needed to treat (or to harm) = 1 / |risk difference|, for an unwanted event.

    Rates per person give people; rates per person-year give person-years (e.g. 2,000
    woman-years: 2,000 women treated for a year). ``kind`` says "treat" or "harm".
    """
    diff = risk_difference(rate_treated, rate_control)
    if diff == 0.0:
        return NumberNeeded(math.inf, "neither")
    return NumberNeeded(1.0 / abs(diff), "treat" if diff < 0 else "harm")


def per_10000(rate: float) -> float:
    """A risk or rate as events per 10,000 people (or person-years)."""
    return validation.number(rate, "rate", -1.0, 1.0, what="a risk, rate or rate difference",
                             hint=" (per person or per person-year)") * 10_000.0


def annualise(change_percent: float, years: float, compound: bool = False) -> float:
    """A change over `years` as % per year.

    Simple: change / years. Compound: the yearly % that, repeated, gives the total change:
    ((1 + change/100) ** (1/years) - 1) x 100.
    """
    change = validation.number(change_percent, "change_percent", -100.0, 10_000.0,
                               low_open=True, what="a total change in %",
                               hint=" (a loss cannot exceed 100 %)")
    yrs = validation.number(years, "years", 0.0, 100.0, low_open=True,
                            what="a duration in years")
    if validation.flag(compound, "compound"):
        return ((1.0 + change / 100.0) ** (1.0 / yrs) - 1.0) * 100.0
    return change / yrs


# --------------------------------------------------------------------------- pooling


def chi2_sf(x: float, df: int) -> float:
    """P(X >= x) for a chi-square variable with `df` degrees of freedom (whole number).

    Closed forms: a Poisson sum for even df, erfc plus a finite sum for odd df.
    """
    x = validation.number(x, "x", 0.0, hint=" (a chi-square value)")
    df = validation.whole(df, "df", 1, 100_000)
    half = x / 2.0
    if df % 2 == 0:
        term, total = 1.0, 1.0
        for i in range(1, df // 2):
            term *= half / i
            total += term
        return min(1.0, math.exp(-half) * total)
    total = math.erfc(math.sqrt(half))
    if df > 1:
        term = math.sqrt(half) * 2.0 / math.sqrt(math.pi)      # (x/2)^(1/2) / Gamma(3/2)
        acc = term
        for i in range(1, (df - 1) // 2):
            term *= half / (i + 0.5)
            acc += term
        total += math.exp(-half) * acc
    return min(1.0, total)


@dataclass(frozen=True)
class Pooled:
    """A pooled estimate. With ``ratio=True``, estimate and CI are ratios and ``se`` and
    ``tau2`` are on the log scale. ``i2`` is in % (0-100); ``weights`` are each study's
    share of the total weight (they sum to 1)."""

    estimate: float
    ci_low: float
    ci_high: float
    se: float
    q: float
    i2: float
    tau2: float
    weights: tuple[float, ...]
    method: str
    ratio: bool
    level: float
    k: int
    z: float
    p_value: float
    p_heterogeneity: float

    @property
    def df(self) -> int:
        """Degrees of freedom of Q: studies minus one."""
        return self.k - 1

    def __str__(self) -> str:
        name = "fixed effect (inverse variance)" if self.method == "fixed" else \
            "random effects (DerSimonian-Laird)"
        return (f"{name}, {self.k} studies: {self.estimate:.3g} "
                f"({self.level:.0%} CI {self.ci_low:.3g} to {self.ci_high:.3g}), "
                f"p = {self.p_value:.2g}; Q = {self.q:.2f} on {self.df} df "
                f"(p = {self.p_heterogeneity:.2g}), I\u00b2 = {self.i2:.0f} %, "
                f"tau\u00b2 = {self.tau2:.3g}")


def _vector(values, name: str, ratio: bool, *, positive: bool = False) -> np.ndarray:
    if isinstance(values, str | bytes) or not hasattr(values, "__len__"):
        raise ValueError(f"{name} must be a list of 2 to {MAX_STUDIES} numbers, one per study; "
                         f"got {type(values).__name__}")
    if not 2 <= len(values) <= MAX_STUDIES:
        raise ValueError(f"{name} must hold 2 to {MAX_STUDIES} studies; got {len(values)}")
    out = []
    for i, v in enumerate(values):
        if positive:
            out.append(validation.number(v, f"{name}[{i}]", 0.0, MAX_ABS, low_open=True,
                                         what="a standard error",
                                         hint=" (on the log scale when ratio=True)"))
        else:
            out.append(_to_scale(v, f"{name}[{i}]", ratio))
    return np.asarray(out, dtype=float)


def pool(estimates, ses, method: str = "fixed", ratio: bool = False,
         level: float = 0.95) -> Pooled:
    """Pool study estimates by inverse variance.

    ``method="fixed"``: weights 1/SE². ``method="random"``: DerSimonian-Laird, weights
    1/(SE² + tau²) with tau² = max(0, (Q - df) / (sum w - sum w² / sum w)).
    Q = sum w (y - fixed estimate)², I² = max(0, (Q - df) / Q) x 100 %.
    With ``ratio=True`` the estimates are ratios, pooled as logs, and ``ses`` are the SEs of
    the log ratios (`se_from_ci(low, high, ratio=True)` gives them).
    """
    validation.choice(method, "method", ("fixed", "random"))
    ratio = validation.flag(ratio, "ratio")
    z_crit = z_for_level(level)
    y = _vector(estimates, "estimates", ratio)
    se = _vector(ses, "ses", ratio, positive=True)
    if len(y) != len(se):
        raise ValueError(f"ses must hold one SE per estimate: {len(y)} estimates, "
                         f"{len(se)} ses")
    w = 1.0 / se**2
    fixed = float(np.sum(w * y) / np.sum(w))
    q = float(np.sum(w * (y - fixed) ** 2))
    df = len(y) - 1
    i2 = max(0.0, (q - df) / q) * 100.0 if q > 0 else 0.0
    c = float(np.sum(w) - np.sum(w**2) / np.sum(w))
    tau2 = max(0.0, (q - df) / c) if c > 0 else 0.0
    wt = w if method == "fixed" else 1.0 / (se**2 + tau2)
    mu = float(np.sum(wt * y) / np.sum(wt))
    se_mu = math.sqrt(1.0 / float(np.sum(wt)))
    lo, hi = mu - z_crit * se_mu, mu + z_crit * se_mu
    back = math.exp if ratio else float
    z = mu / se_mu
    return Pooled(
        estimate=back(mu), ci_low=back(lo), ci_high=back(hi), se=se_mu, q=q, i2=i2,
        tau2=tau2, weights=tuple(float(x) for x in wt / np.sum(wt)), method=method,
        ratio=ratio, level=float(level), k=len(y), z=z,
        p_value=math.erfc(abs(z) / math.sqrt(2.0)), p_heterogeneity=chi2_sf(q, df))


# --------------------------------------------------------------------------- forest plot


def _plain_log_ticks(ax, values) -> None:
    """Label a log axis with plain numbers (0.5, 1, 2), not powers of ten."""
    from matplotlib.ticker import FixedLocator, NullFormatter

    lo, hi = min(values), max(values)
    span = hi / lo
    if span > 8:
        nice = [0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0]
    elif span > 2.5:
        nice = [0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0]
    else:
        nice = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0]
    ticks = [t for t in nice if lo / 1.05 <= t <= hi * 1.05] or [1.0]
    if 1.0 not in ticks:
        ticks = sorted({*ticks, 1.0})
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())


def forest_plot(labels, estimates, ci_low, ci_high, pooled=None, ax=None, *,
                ratio: bool | None = None, weights=None, xlabel: str = "",
                title: str | None = None, note: str | None = None):
    """Draw a forest plot: one row per study (square sized by weight, line for the CI) and,
    if ``pooled`` is given (a `Pooled` or an ``(estimate, low, high)`` triple), a diamond.

    ``ratio`` (default: the pooled result's, else False) puts x on a log scale with the line
    of no effect at 1 (else at 0). ``note`` is printed inside the axes (use it to say when
    data are illustrative). Study artists carry gids "study <label>", the diamond "pooled".
    Returns the Axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    from course_lib import plots

    if ax is not None:
        validation.instance(ax, "ax", Axes, "a matplotlib Axes or None")

    if isinstance(labels, str) or not hasattr(labels, "__len__") or len(labels) < 1:
        raise ValueError("labels must be a list of study names, one per row (at least 1); got "
                         f"{type(labels).__name__}")
    k = len(labels)
    if ratio is None:
        ratio = bool(getattr(pooled, "ratio", False))
    ratio = validation.flag(ratio, "ratio")
    rows = []
    for name, values in (("estimates", estimates), ("ci_low", ci_low), ("ci_high", ci_high)):
        if isinstance(values, str) or not hasattr(values, "__len__") or len(values) != k:
            raise ValueError(f"{name} must hold one number per label ({k})")
        rows.append([_to_scale(v, f"{name}[{i}]", ratio) for i, v in enumerate(values)])
    for i, (e, lo, hi) in enumerate(zip(*rows, strict=True)):
        if not lo <= e <= hi:
            raise ValueError(f"ci_low[{i}] <= estimates[{i}] <= ci_high[{i}] must hold; got "
                             f"{ci_low[i]!r}, {estimates[i]!r}, {ci_high[i]!r}")
    if weights is None and isinstance(pooled, Pooled) and len(pooled.weights) == k:
        weights = pooled.weights
    if weights is None:
        sizes = [36.0] * k
    else:
        if isinstance(weights, str) or not hasattr(weights, "__len__") or len(weights) != k:
            raise ValueError(f"weights must hold one number per label ({k})")
        wts = [validation.number(v, f"weights[{i}]", 0.0) for i, v in enumerate(weights)]
        top = max(wts) or 1.0
        sizes = [20.0 + 130.0 * v / top for v in wts]
    triple = None
    if pooled is not None:
        if isinstance(pooled, Pooled):
            if pooled.ratio != ratio:
                raise ValueError("pooled must be on the same scale as the studies "
                                 f"(pooled.ratio={pooled.ratio}, ratio={ratio})")
            triple = (pooled.estimate, pooled.ci_low, pooled.ci_high)
        else:
            try:
                triple = tuple(pooled)
            except TypeError:
                triple = ()
            if len(triple) != 3:
                raise ValueError("pooled must be a Pooled result or an (estimate, low, high) "
                                 "triple, or None")
        pe, plo, phi = (_to_scale(v, f"pooled[{i}]", ratio) for i, v in enumerate(triple))
        if not plo <= pe <= phi:
            raise ValueError("pooled must satisfy low <= estimate <= high")
    for name, text in (("xlabel", xlabel), ("title", title), ("note", note)):
        if text is not None:
            validation.instance(text, name, str, "a str or None")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 0.45 * (k + 2) + 1.0), layout="constrained")
    colour = plots.OKABE_ITO["blue"]
    ys = list(range(k, 0, -1))
    for y, name, e, lo, hi, s in zip(ys, labels, estimates, ci_low, ci_high, sizes,
                                     strict=True):
        ax.plot([lo, hi], [y, y], color=colour, lw=1.4, gid=f"study {name}")
        ax.scatter([e], [y], s=s, marker="s", color=colour, zorder=3, gid=f"study {name} point")
    tick_labels = [str(x) for x in labels]
    tick_y = list(ys)
    if triple is not None:
        e, lo, hi = triple
        ax.fill([lo, e, hi, e], [0, 0.28, 0, -0.28], color=plots.OKABE_ITO["vermillion"],
                gid="pooled", zorder=3)
        tick_labels.append("pooled")
        tick_y.append(0)
    ax.axvline(1.0 if ratio else 0.0, color="black", lw=0.8, ls=":")
    if ratio:
        ax.set_xscale("log")
        _plain_log_ticks(ax, [*ci_low, *ci_high, *(triple or ())])
    ax.set_yticks(tick_y, tick_labels)
    values = [f"{e:.2f} ({lo:.2f} to {hi:.2f})"
              for e, lo, hi in zip(estimates, ci_low, ci_high, strict=True)]
    if triple is not None:
        values.append(f"{triple[0]:.2f} ({triple[1]:.2f} to {triple[2]:.2f})")
    right = ax.secondary_yaxis("right")
    right.set_yticks(tick_y, values)
    right.tick_params(length=0)
    ax.set_ylim(-0.7 if triple is not None else 0.4, k + 0.6)
    ax.set_xlabel(xlabel or ("ratio (log scale)" if ratio else "difference"))
    if note:
        ax.text(0.5, 1.01, note, transform=ax.transAxes, ha="center", va="bottom", fontsize=9,
                style="italic", color=plots.OKABE_ITO["vermillion"], gid="note")
    if title:
        ax.set_title(title, pad=16 if note else 6)
    return ax
