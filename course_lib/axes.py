"""Endocrine axes (HPG, HPA, HPT) as negative-feedback loops whose outputs feed the bone model.

Floor 2: imports `course_lib.model` only. Every level is relative to the healthy reference
(1.0); time is in days.

Each axis is the same loop, hypothalamus -> pituitary -> gland, the gland hormone G feeding
back on both upper levels (one readable place; all constants are MODEL ASSUMPTIONS, chosen to
show textbook directions, not fitted to data)::

    phi_X(G) = (1 + k_X) / (1 + k_X * F * G**m)         feedback on level X (1 at G = 1, F = 1)
    H = h * (1 + drive) * phi_H(G)                       hypothalamic hormone (GnRH, CRH, TRH)
    P = p * H * phi_P(G)                                 pituitary hormone (FSH, ACTH, TSH)
    dG_endo/dt = (g * M**s * P**(1 - s) - G_endo) / tau_G     gland's own hormone
    dM/dt      = (P - M) / tau_M                         gland mass, kept up by the pituitary
    G = G_endo + exogenous                               what is measured and what feeds back

h, p, g are the secretory capacities of the three levels (1 = healthy, 0.3 = failing), F
scales the feedback gain (0 = cut), `drive` is extra central drive (chronic stress), s the
trophic share of the gland's output. H and P follow G at once: their half-lives (minutes to
an hour) are far shorter than the days this module follows. The gland mass M is what makes
recovery slow: a gland starved of its pituitary hormone shrinks, and regrows over weeks to
months once the pituitary hormone returns.

At steady state M = P, so G_endo = g * P(G), one equation in G solved by safeguarded Newton.
Time courses step G_endo implicitly (backward Euler) and M exactly for its relaxation, so
any step size stays stable and positive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from course_lib.model import INPUT_RANGES, Hormones

__all__ = [
    "AXES", "HORMONES", "LEVELS", "BONE_INPUT", "PARAMETERS", "SETTING_RANGES", "AxisParameters",
    "AxisState", "AxisResult", "steady_state", "simulate_axis", "loop_gain", "to_hormones",
]

AXES = ("hpg", "hpa", "hpt")
#: Hormones of each axis, from the hypothalamus down.
HORMONES = {
    "hpg": ("GnRH", "FSH", "estradiol"),
    "hpa": ("CRH", "ACTH", "cortisol"),
    "hpt": ("TRH", "TSH", "T4"),
}
LEVELS = ("hypothalamus", "pituitary", "gland")
#: Which bone-model input each axis's gland hormone becomes (course_lib.model.Hormones).
BONE_INPUT = {"hpg": "estradiol", "hpa": "cortisol", "hpt": "thyroid"}


@dataclass(frozen=True)
class AxisParameters:
    """Constants of one loop (all MODEL ASSUMPTIONS)."""

    k_hypothalamus: float   # feedback strength on the hypothalamus
    k_pituitary: float      # feedback strength on the pituitary
    exponent: float         # m: steepness of the feedback in G
    tau_gland_days: float   # clearance time of the gland hormone
    tau_mass_days: float    # time for the gland mass to follow the pituitary hormone
    trophic_share: float    # s: share of gland output set by its mass (the rest by P itself)


PARAMETERS = {
    # Estradiol is cleared within hours; ovarian follicles respond to FSH over weeks.
    "hpg": AxisParameters(0.5, 3.0, 2.0, 0.1, 30.0, 0.5),
    # Cortisol is cleared within hours; the adrenal cortex atrophies without ACTH over weeks.
    "hpa": AxisParameters(1.0, 2.0, 1.0, 0.05, 90.0, 0.75),
    # T4 is cleared over about a week; the thyroid grows or shrinks with TSH over weeks.
    "hpt": AxisParameters(1.0, 3.0, 2.0, 7.0, 30.0, 0.5),
}

#: Allowed range of every setting of `steady_state` / `simulate_axis`.
SETTING_RANGES = {
    "hypothalamus": (0.0, 3.0),
    "pituitary": (0.0, 3.0),
    "gland": (0.0, 3.0),
    "feedback": (0.0, 3.0),
    "exogenous": (0.0, 5.0),
    "drive": (0.0, 3.0),
}
_SETTING_HELP = {
    "hypothalamus": "secretory capacity; 1 = healthy, 0.3 = failing",
    "pituitary": "secretory capacity; 1 = healthy, 0.3 = failing",
    "gland": "secretory capacity; 1 = healthy, 0.3 = failing",
    "feedback": "feedback gain; 1 = healthy, 0 = cut",
    "exogenous": "hormone given from outside, in reference units",
    "drive": "extra central drive, e.g. chronic stress; 0 = none",
}
_DEFAULTS = {"hypothalamus": 1.0, "pituitary": 1.0, "gland": 1.0, "feedback": 1.0,
             "exogenous": 0.0, "drive": 0.0}
MAX_DAYS = 7305.0                 # 20 years
STEP_RANGE_DAYS = (0.05, 7.0)


# --- argument checks ------------------------------------------------------------------------

def _axis(axis) -> str:
    if not isinstance(axis, str) or axis not in AXES:
        raise ValueError(f"axis must be one of {', '.join(repr(a) for a in AXES)}; got {axis!r}")
    return axis


def _number(value, name: str, low: float, high: float, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)) or not math.isfinite(value) \
            or not low <= value <= high:
        raise ValueError(f"{name} must be a number from {low:g} to {high:g} ({what}); "
                         f"got {value!r}")
    return float(value)


def _settings(settings: dict) -> dict:
    unknown = sorted(set(settings) - set(_DEFAULTS))
    if unknown:
        raise ValueError(f"unknown setting(s) {', '.join(unknown)}; valid: "
                         f"{', '.join(_DEFAULTS)}")
    out = dict(_DEFAULTS)
    for name, value in settings.items():
        low, high = SETTING_RANGES[name]
        out[name] = _number(value, name, low, high, _SETTING_HELP[name])
    return out


# --- the loop ---------------------------------------------------------------------------------

class _Loop:
    """One axis with fixed settings: the upper levels as functions of the gland hormone."""

    __slots__ = ("h_cap", "p_cap", "kh", "kp", "m", "f", "g", "exo", "s", "tau_g", "tau_m")

    def __init__(self, axis: str, st: dict):
        prm = PARAMETERS[axis]
        self.kh, self.kp, self.m = prm.k_hypothalamus, prm.k_pituitary, prm.exponent
        self.h_cap = st["hypothalamus"] * (1.0 + st["drive"])  # H when phi_H = 1
        self.p_cap = st["pituitary"]
        self.f, self.g, self.exo = st["feedback"], st["gland"], st["exogenous"]
        self.s, self.tau_g, self.tau_m = prm.trophic_share, prm.tau_gland_days, prm.tau_mass_days

    def upper(self, gland_total: float) -> tuple[float, float]:
        """Hypothalamic and pituitary hormone for a gland hormone level."""
        gm = gland_total ** self.m
        h = self.h_cap * (1.0 + self.kh) / (1.0 + self.kh * self.f * gm)
        return h, self.p_cap * h * (1.0 + self.kp) / (1.0 + self.kp * self.f * gm)

    def pituitary_and_slope(self, gland_total: float) -> tuple[float, float]:
        """P(G) and dP/dG."""
        gm = gland_total ** self.m
        ah, ap = 1.0 + self.kh * self.f * gm, 1.0 + self.kp * self.f * gm
        p = self.h_cap * self.p_cap * (1.0 + self.kh) * (1.0 + self.kp) / (ah * ap)
        if gland_total <= 0.0:
            return p, 0.0 if self.m > 1 else -p * self.f * (self.kh + self.kp)
        dlog = self.m * gm / gland_total * self.f * (self.kh / ah + self.kp / ap)
        return p, -p * dlog

    def steady_gland(self) -> float:
        """Gland hormone G at steady state: G - exo - g P(G) = 0 (increasing in G)."""
        lo = self.exo
        hi = self.exo + self.g * self.pituitary_and_slope(lo)[0]
        return _solve(lambda y: _steady_residual(self, y), lo, hi, guess=max(lo, min(hi, 1.0)))

    def step(self, gland_endo: float, mass: float, h: float) -> tuple[float, float]:
        """One backward-Euler step of G_endo (mass frozen), then the exact relaxation of M."""
        a = h / self.tau_g
        drive = a * self.g * mass ** self.s

        def residual(y):
            p, dp = self.pituitary_and_slope(y + self.exo)
            if p <= 0.0 or drive == 0.0:
                return (1.0 + a) * y - gland_endo, 1.0 + a
            out = p ** (1.0 - self.s)
            return ((1.0 + a) * y - gland_endo - drive * out,
                    1.0 + a - drive * (1.0 - self.s) * out / p * dp)

        lo = gland_endo / (1.0 + a)
        p_lo = self.pituitary_and_slope(lo + self.exo)[0]
        hi = (gland_endo + drive * p_lo ** (1.0 - self.s)) / (1.0 + a)
        new = _solve(residual, lo, hi, guess=min(max(gland_endo, lo), hi))
        p_new = self.upper(new + self.exo)[1]
        decay = math.exp(-h / self.tau_m)
        return new, p_new + (mass - p_new) * decay


def _steady_residual(loop: _Loop, y: float) -> tuple[float, float]:
    p, dp = loop.pituitary_and_slope(y)
    return y - loop.exo - loop.g * p, 1.0 - loop.g * dp


def _solve(residual, lo: float, hi: float, guess: float, tol: float = 1e-12) -> float:
    """Root of an increasing function on [lo, hi] (residual(lo) <= 0 <= residual(hi)):
    Newton steps, falling back to bisection whenever a step leaves the bracket."""
    x = guess
    for _ in range(100):
        f, df = residual(x)
        if f == 0.0:
            return x
        if f < 0.0:
            lo = x
        else:
            hi = x
        nxt = x - f / df if df > 0.0 else 0.5 * (lo + hi)
        if not lo < nxt < hi:
            nxt = 0.5 * (lo + hi)
        if abs(nxt - x) <= tol * (1.0 + abs(x)) or hi - lo <= tol * (1.0 + abs(x)):
            return nxt
        x = nxt
    return x


# --- public API ----------------------------------------------------------------------------

def steady_state(axis: str, *, hypothalamus: float = 1.0, pituitary: float = 1.0,
                 gland: float = 1.0, feedback: float = 1.0, exogenous: float = 0.0,
                 drive: float = 0.0) -> dict:
    """Steady levels of the axis's three hormones, {hormone: level} (1.0 = healthy reference).

    `hypothalamus`, `pituitary`, `gland`: secretory capacities from 0 to 3 (0.3 = failing);
    `feedback`: gain of the feedback from 0 (cut) to 3; `exogenous`: hormone given from outside
    (estradiol, a glucocorticoid, levothyroxine) from 0 to 5 reference units, included in the
    gland hormone's level; `drive`: extra central drive from 0 to 3 (chronic stress on hpa).
    """
    st = _settings(dict(hypothalamus=hypothalamus, pituitary=pituitary, gland=gland,
                        feedback=feedback, exogenous=exogenous, drive=drive))
    loop = _Loop(_axis(axis), st)
    g_total = loop.steady_gland()
    h, p = loop.upper(g_total)
    return dict(zip(HORMONES[axis], (h, p, g_total), strict=True))


def loop_gain(axis: str, **settings) -> float:
    """Open-loop gain at the steady state: how many units the gland's own output falls per unit
    rise of the gland hormone, going once round the loop (-g dP/dG with the gland mass settled).

    A disturbance that would move the gland hormone by d with the loop open moves it by about
    d / (1 + gain) with the loop closed. Settings as in `steady_state`.
    """
    st = _settings(settings)
    loop = _Loop(_axis(axis), st)
    return float(-loop.g * loop.pituitary_and_slope(loop.steady_gland())[1])


@dataclass(frozen=True)
class AxisState:
    """Where an axis is: the gland's own hormone output and its mass (1 = healthy).
    Pass a result's ``final`` as ``start=`` to continue a history."""

    axis: str
    gland_endogenous: float
    gland_mass: float

    @classmethod
    def steady(cls, axis: str, **settings) -> AxisState:
        """The settled state for these settings (defaults: the healthy reference)."""
        st = _settings(settings)
        loop = _Loop(_axis(axis), st)
        g_total = loop.steady_gland()
        return cls(axis, g_total - loop.exo, loop.upper(g_total)[1])


@dataclass(frozen=True)
class AxisResult:
    """A time course: ``t_days`` and ``levels[hormone]`` (arrays of the same length),
    ``gland_mass`` (1 = healthy), ``final`` (an AxisState) and the ``settings`` used."""

    axis: str
    t_days: np.ndarray
    levels: dict
    gland_mass: np.ndarray
    final: AxisState
    settings: dict = field(default_factory=dict)

    @property
    def hormones(self) -> tuple[str, str, str]:
        return HORMONES[self.axis]

    def at_end(self) -> dict:
        """{hormone: level} at the last time."""
        return {name: float(v[-1]) for name, v in self.levels.items()}

    def then(self, days: float, *, dt_days: float = 1.0, **settings) -> AxisResult:
        """Continue from the end with new settings; one result over both stretches of time."""
        nxt = simulate_axis(self.axis, days, start=self.final, dt_days=dt_days, **settings)
        t = np.concatenate([self.t_days, nxt.t_days[1:] + self.t_days[-1]])
        levels = {n: np.concatenate([self.levels[n], nxt.levels[n][1:]]) for n in self.levels}
        mass = np.concatenate([self.gland_mass, nxt.gland_mass[1:]])
        return AxisResult(self.axis, t, levels, mass, nxt.final, nxt.settings)


def simulate_axis(axis: str, days: float, *, start: AxisState | None = None,
                  dt_days: float = 1.0, **settings) -> AxisResult:
    """Time course of an axis held at `settings` (as in `steady_state`) for `days` (up to 20
    years), starting from `start` (None = the healthy reference state). Step `dt_days` from
    0.05 to 7 days; the samples include t = 0.

    Example, a glucocorticoid course and the slow recovery after it stops::

        course = simulate_axis("hpa", 180, exogenous=3.0).then(365, exogenous=0.0)
    """
    axis = _axis(axis)
    days = _number(days, "days", 0.0, MAX_DAYS, "length of the run in days")
    if days == 0.0:
        raise ValueError(f"days must be above 0 and at most {MAX_DAYS:g}; got {days!r}")
    dt = _number(dt_days, "dt_days", *STEP_RANGE_DAYS, "step in days")
    st = _settings(settings)
    if start is None:
        start = AxisState.steady(axis)
    elif not isinstance(start, AxisState) or start.axis != axis:
        raise ValueError(f"start must be an AxisState of the {axis!r} axis (a result's .final) "
                         f"or None; got {start!r}")
    loop = _Loop(axis, st)
    n = max(1, math.ceil(days / dt - 1e-9))
    h = days / n
    g_endo, mass = start.gland_endogenous, start.gland_mass
    rows = [(*loop.upper(g_endo + loop.exo), g_endo + loop.exo, mass)]
    for _ in range(n):
        g_endo, mass = loop.step(g_endo, mass, h)
        rows.append((*loop.upper(g_endo + loop.exo), g_endo + loop.exo, mass))
    arr = np.array(rows)
    levels = {name: arr[:, i] for i, name in enumerate(HORMONES[axis])}
    return AxisResult(axis, np.arange(n + 1) * h, levels, arr[:, 3],
                      AxisState(axis, g_endo, mass), st)


def _bone_level(axis: str, value, name: str):
    """An axis output as a bone-model input: a number (steady state) or a daily array."""
    gland = HORMONES[axis][2]
    low, high = INPUT_RANGES[BONE_INPUT[axis]]
    if isinstance(value, AxisResult):
        if value.axis != axis:
            raise ValueError(f"{name} must be a result of the {axis!r} axis; got one of "
                             f"{value.axis!r}")
        n_days = int(math.floor(value.t_days[-1] + 1e-9))
        if n_days < 1:
            raise ValueError(f"{name} must cover at least one day to feed the bone model")
        level = np.interp(np.arange(n_days) + 0.5, value.t_days, value.levels[gland])
    elif isinstance(value, dict):
        if gland not in value:
            raise ValueError(f"{name} must be a steady_state({axis!r}, ...) result holding "
                             f"{gland!r}; got keys {sorted(value)}")
        level = value[gland]
        _number(level, f"{name}[{gland!r}]", -math.inf, math.inf, "a level")
    else:
        raise ValueError(f"{name} must be steady_state({axis!r}, ...) or simulate_axis("
                         f"{axis!r}, ...) output, or None; got {type(value).__name__}")
    arr = np.asarray(level, dtype=float)
    if np.any(arr < low) or np.any(arr > high):
        raise ValueError(f"{name}: {gland} reaches {float(arr.max()):.3g}, outside the bone "
                         f"model's {BONE_INPUT[axis]} range {low:g} to {high:g}")
    return float(arr) if arr.ndim == 0 else arr


def to_hormones(hpg=None, hpa=None, hpt=None) -> Hormones:
    """A bone-model `Hormones` from axis outputs: estradiol from hpg, cortisol from hpa (all
    glucocorticoid activity, drugs included), thyroid from hpt; unspecified inputs at
    reference. Each argument is a `steady_state` dict (a constant level) or a `simulate_axis`
    result (a daily schedule: run the bone model for at most that many days)."""
    levels = {}
    for axis, value in (("hpg", hpg), ("hpa", hpa), ("hpt", hpt)):
        if value is not None:
            levels[BONE_INPUT[axis]] = _bone_level(axis, value, axis)
    return Hormones(**levels)
