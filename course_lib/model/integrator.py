"""Integrating the equations: one patient (plain Python) or a cohort (numpy).

The step is an exponential ("frozen production") Euler step: over a step of h days each
population decays exactly at its removal rate while its production is held at the value at
the step's start, so C, B and z stay positive and finite for any step size:

    C(t+h) = C e^(-r h) + (P / r) (1 - e^(-r h))

and bone mass relaxes exactly towards formation / resorption-rate. Time-varying inputs are
averaged over each step (the rate modifiers, not the levels, so a 12-day-a-month progestin
counts as 12 days of signal).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import equations as eq
from .hormones import INPUT_NAMES, Hormones

SITES = tuple(eq.SITE_TURNOVER_PER_YEAR)
DEFAULT_STEP_DAYS = 7.0
STEP_RANGE_DAYS = (0.25, 30.0)
MAX_YEARS = 100.0
MAX_COHORT = 200_000
_MODIFIER_NAMES = ("R", "D", "F", "Q", "Ar", "Af", "pace")


@dataclass(frozen=True)
class State:
    """A patient's state: osteoclasts and osteoblasts (Komarova cell units) and bone mass
    (1 = the reference woman's steady state). Pass as `start=` to continue a history."""

    osteoclasts: float
    osteoblasts: float
    bone: float
    site: str = "spine"

    @classmethod
    def reference(cls, site: str = "spine", osteoclasts: float = 1.0, osteoblasts: float = 1.0,
                  bone: float = 1.0) -> State:
        """The reference steady state, optionally with cells or bone scaled (e.g.
        ``osteoclasts=2.0``: a patch of bone just activated, the start of one cycle)."""
        for name, x in (("osteoclasts", osteoclasts), ("osteoblasts", osteoblasts),
                        ("bone", bone)):
            if isinstance(x, bool) or not isinstance(x, (int, float)) or not 0 < x <= 100:
                raise ValueError(f"{name} must be a multiple of the reference above 0 and at "
                                 f"most 100; got {x!r}")
        if site not in SITES:
            raise ValueError(f"site must be one of {', '.join(repr(s) for s in SITES)}; "
                             f"got {site!r}")
        return cls(eq.C_REF * osteoclasts, eq.B_REF * osteoblasts, float(bone), site)


@dataclass(frozen=True)
class Result:
    """One simulated patient. Cells are relative to the reference steady state; BMD is % of
    its value at the start of this run; resorption and formation are % of reference bone mass
    per year; turnover is the remodeling rate relative to reference."""

    t_years: np.ndarray
    osteoclasts: np.ndarray
    osteoblasts: np.ndarray
    bmd_percent: np.ndarray
    resorption: np.ndarray
    formation: np.ndarray
    turnover: np.ndarray
    final: State
    site: str
    hormones: object = field(repr=False, default=None)

    @property
    def bmd_change(self) -> float:
        """BMD change over the run, percentage points."""
        return float(self.bmd_percent[-1] - 100.0)

    def time_to(self, bmd_percent: float) -> float | None:
        """First time (years) BMD reaches `bmd_percent` (from either side), or None."""
        level = _finite(bmd_percent, "bmd_percent", "a BMD in % of the start, e.g. 90")
        side = np.sign(self.bmd_percent - level)
        if side[0] == 0:
            return 0.0
        crossed = np.nonzero(side != side[0])[0]
        if crossed.size == 0:
            return None
        i = crossed[0]
        t0, t1 = self.t_years[i - 1], self.t_years[i]
        y0, y1 = self.bmd_percent[i - 1], self.bmd_percent[i]
        return float(t0 + (level - y0) * (t1 - t0) / (y1 - y0))

    def at(self, t_years: float) -> dict:
        """All outputs linearly interpolated at time t_years (within the run)."""
        end = float(self.t_years[-1])
        t = _finite(t_years, "t_years", f"a time from 0 to {end:g} years")
        if not 0 <= t <= end:
            raise ValueError(f"t_years must be from 0 to {end:g}; got {t_years!r}")
        names = ("osteoclasts", "osteoblasts", "bmd_percent", "resorption", "formation",
                 "turnover")
        return {n: float(np.interp(t, self.t_years, getattr(self, n))) for n in names}


@dataclass(frozen=True)
class CohortResult:
    """A simulated cohort: arrays of shape (n, len(t_years))."""

    t_years: np.ndarray
    osteoclasts: np.ndarray
    osteoblasts: np.ndarray
    bmd_percent: np.ndarray
    site: str
    seed: int | None

    @property
    def bmd_change(self) -> np.ndarray:
        """Each patient's BMD change over the run, percentage points."""
        return self.bmd_percent[:, -1] - 100.0


# --- argument checks --------------------------------------------------------------------

def _finite(value, name: str, what: str) -> float:
    """`value` as a finite float, or ValueError naming `name` and saying `what` it must be."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) \
            and math.isfinite(value):
        return float(value)
    raise ValueError(f"{name} must be {what}; got {value!r}")


def _check_common(hormones, years, site, dt_days):
    if not isinstance(hormones, Hormones):
        raise ValueError(f"hormones must be a Hormones (e.g. Hormones(estradiol=0.5) or "
                         f"regimen('postmenopause')); got {type(hormones).__name__}")
    if isinstance(years, bool) or not isinstance(years, (int, float, np.integer, np.floating)) \
            or not math.isfinite(years) or not 0 < years <= MAX_YEARS:
        raise ValueError(f"years must be a number above 0 and at most {MAX_YEARS:g}; got {years!r}")
    if site not in SITES:
        raise ValueError(f"site must be one of {', '.join(repr(s) for s in SITES)}; got {site!r}")
    lo, hi = STEP_RANGE_DAYS
    if isinstance(dt_days, bool) or not isinstance(dt_days, (int, float)) \
            or not lo <= dt_days <= hi:
        raise ValueError(f"dt_days must be from {lo:g} to {hi:g} days; got {dt_days!r}")


def _grid(years: float, dt_days: float):
    """Uniform steps of at most dt_days ending exactly at `years`."""
    total = years * eq.DAYS_PER_YEAR
    n_steps = max(1, math.ceil(total / dt_days - 1e-9))
    return n_steps, total / n_steps


def _sub_times(n_steps: int, h: float, per_step: int | None = None) -> np.ndarray:
    """Sample times (days) within each step, shape (n_steps, m): midpoints of ~1-day slices
    (or of `per_step` equal slices)."""
    m = per_step or max(1, math.ceil(h - 1e-9))
    offsets = (np.arange(m) + 0.5) * (h / m)
    return np.arange(n_steps)[:, None] * h + offsets[None, :]


def _samples_per_step(hormones: Hormones) -> int | None:
    """Smooth schedules (ramps) need one sample per step; ones that can jump (cyclic, daily
    arrays, any user function) are averaged over ~1-day slices (None)."""
    smooth = all(isinstance(v, float) or getattr(v, "smooth", False)
                 for v in (getattr(hormones, n) for n in INPUT_NAMES))
    return 1 if smooth else None


def _step_modifiers(hormones: Hormones, n_steps: int, h: float) -> dict:
    """Per-step averaged modifiers: floats for constant inputs, else arrays of length n_steps."""
    if hormones.is_constant:
        m = eq.modifiers(*(getattr(hormones, n) for n in INPUT_NAMES))
        return {k: getattr(m, k) for k in _MODIFIER_NAMES}
    t = _sub_times(n_steps, h, _samples_per_step(hormones))
    m = eq.modifiers(*(hormones.level(n, t) for n in INPUT_NAMES))   # constants stay floats
    return {k: np.broadcast_to(getattr(m, k), t.shape).mean(axis=1) for k in _MODIFIER_NAMES}


# --- one patient -------------------------------------------------------------------------

def simulate(hormones: Hormones | None = None, years: float = 10, site: str = "spine",
             start: State | None = None, dt_days: float = DEFAULT_STEP_DAYS) -> Result:
    """Simulate one patient for `years` at `site` ("spine" or "hip").

    `start` is the `final` State of an earlier run (None = the reference steady state).
    Time-varying inputs are read from day 0 of this run. Step `dt_days` from 0.25 to 30 days.
    """
    hormones = Hormones() if hormones is None else hormones
    _check_common(hormones, years, site, dt_days)
    if start is None:
        start = State.reference(site)
    elif not isinstance(start, State):
        raise ValueError(f"start must be a State (a previous result's .final) or None; "
                         f"got {type(start).__name__}")
    n_steps, h = _grid(float(years), float(dt_days))
    mods = _step_modifiers(hormones, n_steps, h)
    k = eq.SITE_TURNOVER_PER_YEAR[site] / eq.DAYS_PER_YEAR
    if hormones.is_constant:
        per_step = [eq.Modifiers(**mods)] * n_steps
    else:
        per_step = [eq.Modifiers(*values)
                    for values in zip(*(mods[k_].tolist() for k_ in _MODIFIER_NAMES), strict=True)]

    C, B, z = start.osteoclasts, start.osteoblasts, start.bone
    Cs, Bs, zs = [C], [B], [z]
    res, form = [], []
    exp = math.exp
    for m in per_step:
        pc, rc, pb, rb = eq.cell_rates(C, B, m)
        formation, resorption_rate = eq.bone_rates(C, B, m, k)
        res.append(resorption_rate * z)
        form.append(formation)
        eC, eB, ez = exp(-rc * h), exp(-rb * h), exp(-resorption_rate * h)
        C = C * eC + pc / rc * (1.0 - eC)
        B = B * eB + pb / rb * (1.0 - eB)
        z_target = formation / resorption_rate
        z = z_target + (z - z_target) * ez
        Cs.append(C)
        Bs.append(B)
        zs.append(z)
    return _result(np.array(Cs), np.array(Bs), np.array(zs), res, form, n_steps, h, k, site,
                   hormones, start)


def _result(Cs, Bs, zs, res, form, n_steps, h, k, site, hormones, start) -> Result:
    # Fluxes at the last sample use the last step's modifiers (a flat continuation).
    to_pct_year = 100.0 * eq.DAYS_PER_YEAR
    resorption = np.array(res + res[-1:]) * to_pct_year
    formation = np.array(form + form[-1:]) * to_pct_year
    reference_flux = k * to_pct_year
    turnover = 0.5 * (resorption + formation) / reference_flux
    return Result(
        t_years=np.arange(n_steps + 1) * h / eq.DAYS_PER_YEAR,
        osteoclasts=Cs / eq.C_REF,
        osteoblasts=Bs / eq.B_REF,
        bmd_percent=100.0 * zs / start.bone,
        resorption=resorption,
        formation=formation,
        turnover=turnover,
        final=State(float(Cs[-1]), float(Bs[-1]), float(zs[-1]), site),
        site=site,
        hormones=hormones,
    )


def simulate_history(segments, site: str = "spine", start: State | None = None,
                     dt_days: float = DEFAULT_STEP_DAYS) -> Result:
    """Chain segments [(regimen name or Hormones, years), ...] into one continuous Result.

    BMD is % of the value at the start of the first segment; t_years runs on across segments.
    """
    from ..regimens import regimen  # regimens sit one floor up; imported only when names are used

    if isinstance(segments, (str, Hormones)) or not isinstance(segments, (list, tuple)) \
            or not segments:
        raise ValueError("segments must be a non-empty list of (regimen name or Hormones, years)")
    parts, state = [], start
    for item in segments:
        try:
            what, years = item
        except (TypeError, ValueError):
            raise ValueError(f"each segment must be a pair (regimen name or Hormones, years); "
                             f"got {item!r}") from None
        h = regimen(what) if isinstance(what, str) else what
        r = simulate(h, years=years, site=site, start=state, dt_days=dt_days)
        parts.append(r)
        state = r.final
    first_bone = (start or State.reference(site)).bone   # each part's BMD is % of its own start
    offset, arrays = 0.0, {n: [] for n in ("t", "C", "B", "bmd", "res", "form", "turn")}
    for idx, r in enumerate(parts):
        cut = 0 if idx == 0 else 1      # drop the repeated joint sample
        arrays["t"].append(r.t_years[cut:] + offset)
        arrays["C"].append(r.osteoclasts[cut:])
        arrays["B"].append(r.osteoblasts[cut:])
        part_start = first_bone if idx == 0 else parts[idx - 1].final.bone
        arrays["bmd"].append(r.bmd_percent[cut:] * (part_start / first_bone))
        arrays["res"].append(r.resorption[cut:])
        arrays["form"].append(r.formation[cut:])
        arrays["turn"].append(r.turnover[cut:])
        offset += r.t_years[-1]
    cat = {n: np.concatenate(v) for n, v in arrays.items()}
    return Result(t_years=cat["t"], osteoclasts=cat["C"], osteoblasts=cat["B"],
                  bmd_percent=cat["bmd"], resorption=cat["res"], formation=cat["form"],
                  turnover=cat["turn"], final=parts[-1].final, site=site,
                  hormones=tuple(p.hormones for p in parts))


# --- a cohort ---------------------------------------------------------------------------

def simulate_cohort(hormones: Hormones | None = None, years: float = 10, n: int = 1000,
                    site: str = "spine", variability: float = 0.1, seed: int | None = 0,
                    dt_days: float = DEFAULT_STEP_DAYS) -> CohortResult:
    """Simulate n patients who differ in their hormone levels and their site's turnover.

    Each patient's levels and turnover are the regimen's times lognormal factors with
    log-SD `variability` (0 = identical patients, at most 1). Everyone starts at reference.
    """
    hormones = Hormones() if hormones is None else hormones
    _check_common(hormones, years, site, dt_days)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_COHORT:
        raise ValueError(f"n must be a whole number of patients from 1 to {MAX_COHORT}; got {n!r}")
    if isinstance(variability, bool) or not isinstance(variability, (int, float)) \
            or not 0 <= variability <= 1:
        raise ValueError(f"variability must be from 0 to 1 (log-SD of patient factors); "
                         f"got {variability!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
                             or seed < 0):
        raise ValueError(f"seed must be a whole number from 0 up, or None; got {seed!r}")
    rng = np.random.default_rng(seed)
    factors = np.exp(variability * rng.standard_normal((len(INPUT_NAMES) + 1, n)))
    n_steps, h = _grid(float(years), float(dt_days))
    k = eq.SITE_TURNOVER_PER_YEAR[site] / eq.DAYS_PER_YEAR * factors[-1]

    def patient_modifiers(levels):
        """Base levels (scalars or arrays of sub-step samples) -> per-patient mean modifiers."""
        args = []
        for row, name in enumerate(INPUT_NAMES):
            base = np.asarray(levels[name], dtype=float)
            lo, hi = 0.0, 10.0
            args.append(np.clip(base[..., None] * factors[row], lo, hi))
        m = eq.modifiers(*args)
        return eq.Modifiers(*(np.asarray(getattr(m, f)).reshape(-1, n).mean(axis=0)
                              for f in _MODIFIER_NAMES))

    constant = hormones.is_constant
    if constant:
        m_const = patient_modifiers({nm: getattr(hormones, nm) for nm in INPUT_NAMES})
    else:
        sub = _sub_times(n_steps, h, _samples_per_step(hormones))
        step_levels = hormones.levels(sub)

    C = np.full(n, eq.C_REF)
    B = np.full(n, eq.B_REF)
    z = np.ones(n)
    # Rows are times while integrating (contiguous writes); returned transposed, (n, times).
    out_C = np.empty((n_steps + 1, n))
    out_B = np.empty((n_steps + 1, n))
    out_z = np.empty((n_steps + 1, n))
    out_C[0], out_B[0], out_z[0] = C, B, z
    if constant:
        _, rc, _, rb = eq.cell_rates(C, B, m_const)
        eC, eB = np.exp(-rc * h), np.exp(-rb * h)
    for i in range(n_steps):
        if constant:
            m = m_const
        else:
            m = patient_modifiers({nm: step_levels[nm][i] for nm in INPUT_NAMES})
        pc, rc, pb, rb = eq.cell_rates(C, B, m)
        formation, resorption_rate = eq.bone_rates(C, B, m, k)
        if not constant:
            eC, eB = np.exp(-rc * h), np.exp(-rb * h)
        ez = np.exp(-resorption_rate * h)
        C = C * eC + pc / rc * (1.0 - eC)
        B = B * eB + pb / rb * (1.0 - eB)
        z_target = formation / resorption_rate
        z = z_target + (z - z_target) * ez
        out_C[i + 1], out_B[i + 1], out_z[i + 1] = C, B, z
    out_C /= eq.C_REF
    out_B /= eq.B_REF
    out_z *= 100.0
    return CohortResult(
        t_years=np.arange(n_steps + 1) * h / eq.DAYS_PER_YEAR,
        osteoclasts=out_C.T,
        osteoblasts=out_B.T,
        bmd_percent=out_z.T,
        site=site,
        seed=seed,
    )
