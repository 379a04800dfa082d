"""Integrating the equations: one patient (plain Python floats) or a cohort (numpy arrays).

Both go through the same step, `advance`: an exponential ("frozen production") Euler step.
Over a step of h days each population decays exactly at its removal rate while its
production is held at the value at the step's start, so C, B, z, w and m stay positive and
finite for any step size:

    C(t+h) = C e^(-r h) + (P / r) (1 - e^(-r h))

and bone mass, refilling and mineralisation relax exactly towards their step's targets.
Time-varying inputs are averaged over each step (the rate modifiers, not the levels, so a
12-day-a-month progestin counts as 12 days of signal).

A cohort is sampled once (`sample_patients`: each woman's own lognormal factors on her
hormone levels and her site's turnover) and then integrated; its `final` state carries those
factors, so `simulate_cohort(h, years, start=earlier.final)` continues the same women.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from course_lib import curves, validation

from . import equations as eq
from .hormones import INPUT_NAMES, INPUT_RANGES, Hormones

SITES = tuple(eq.SITE_TURNOVER_PER_YEAR)
DEFAULT_STEP_DAYS = 10.0
STEP_RANGE_DAYS = (0.25, 30.0)
MAX_YEARS = 100.0
MAX_COHORT = 200_000
DEFAULT_COHORT = 1000
DEFAULT_VARIABILITY = 0.1
_STATE_RANGE = (0.0, 100.0)        # multiples of the reference a State may hold (above 0)
_STATE_FIELDS = ("osteoclasts", "osteoblasts", "bone", "refilling", "mineralisation")


# --- states -------------------------------------------------------------------------------

@dataclass(frozen=True)
class State:
    """One woman at one moment, every field relative to the reference woman (1 = hers):
    osteoclasts, osteoblasts (cells), bone (bone tissue at `site`), refilling (how fully
    each cavity is refilled) and mineralisation (mineral per unit of bone tissue); `bmd` is
    bone x mineralisation. Pass a Result's `final` as `start=` to continue a history."""

    osteoclasts: float = 1.0
    osteoblasts: float = 1.0
    bone: float = 1.0
    refilling: float = 1.0
    mineralisation: float = 1.0
    site: str = "spine"

    def __post_init__(self):
        validation.choice(self.site, "site", SITES)
        for name in _STATE_FIELDS:
            object.__setattr__(self, name, validation.number(
                getattr(self, name), name, *_STATE_RANGE, low_open=True,
                what="a multiple of the reference"))

    @property
    def bmd(self) -> float:
        """Bone mineral at the site (what DXA measures), relative to the reference woman."""
        return self.bone * self.mineralisation

    @classmethod
    def reference(cls, site: str = "spine", osteoclasts: float = 1.0, osteoblasts: float = 1.0,
                  bone: float = 1.0) -> State:
        """The reference steady state, optionally with cells or bone scaled (e.g.
        ``osteoclasts=2.0``: a patch of bone just activated, the start of one cycle)."""
        return cls(osteoclasts, osteoblasts, bone, 1.0, 1.0, site)


@dataclass(frozen=True)
class Patients:
    """The virtual women of a cohort: each one's lognormal factors on the six inputs
    (`level_factors`, shape (6, n), in INPUT_NAMES order) and on her site's turnover
    (`turnover_factors`, shape (n,)). Made by `sample_patients`."""

    level_factors: np.ndarray = field(repr=False)
    turnover_factors: np.ndarray = field(repr=False)
    variability: float
    seed: int | None

    @property
    def n(self) -> int:
        return int(self.turnover_factors.size)

    def take(self, indices) -> Patients:
        """These women, chosen by index (e.g. one arm of a randomised trial)."""
        idx = _indices(indices, self.n)
        return Patients(self.level_factors[:, idx], self.turnover_factors[idx],
                        self.variability, self.seed)


@dataclass(frozen=True)
class CohortState:
    """A cohort at one moment: arrays of shape (n,) with the fields of `State`, plus the
    women themselves (`patients`). Pass a CohortResult's `final` as `start=` to continue."""

    osteoclasts: np.ndarray = field(repr=False)
    osteoblasts: np.ndarray = field(repr=False)
    bone: np.ndarray = field(repr=False)
    refilling: np.ndarray = field(repr=False)
    mineralisation: np.ndarray = field(repr=False)
    patients: Patients
    site: str

    @property
    def n(self) -> int:
        return self.patients.n

    @property
    def bmd(self) -> np.ndarray:
        """Each woman's bone mineral (bone x mineralisation), relative to the reference."""
        return self.bone * self.mineralisation

    def take(self, indices) -> CohortState:
        """These women, chosen by index, where they are now (e.g. one arm of a trial that
        randomises a cohort after its history): ``simulate_cohort(h, 3, start=s.take(arm))``."""
        idx = _indices(indices, self.n)
        return CohortState(self.osteoclasts[idx], self.osteoblasts[idx], self.bone[idx],
                           self.refilling[idx], self.mineralisation[idx],
                           self.patients.take(idx), self.site)

    @classmethod
    def reference(cls, patients: Patients, site: str = "spine") -> CohortState:
        """Every woman at the reference steady state."""
        one = np.ones(patients.n)
        return cls(one, one, one, one, one, patients, site)


def _indices(indices, n: int) -> np.ndarray:
    """Indices (whole numbers from 0 to n - 1, at least one) as an integer array."""
    idx = np.asarray(indices)
    if idx.ndim != 1 or idx.size == 0 or not np.issubdtype(idx.dtype, np.integer) \
            or idx.min() < 0 or idx.max() >= n:
        raise ValueError(f"indices must be a non-empty 1-D array of whole numbers from 0 to "
                         f"{n - 1}; got {_short(indices)}")
    return idx


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- results ------------------------------------------------------------------------------

_SERIES = ("osteoclasts", "osteoblasts", "bmd_percent", "resorption", "formation", "turnover")


class _Outputs:
    """What Result and CohortResult share: BMD change, interpolation, crossings."""

    t_years: np.ndarray
    bmd_percent: np.ndarray

    @property
    def bmd_change(self):
        """BMD change over the run, percentage points (one per patient for a cohort)."""
        change = self.bmd_percent[..., -1] - 100.0
        return float(change) if np.ndim(change) == 0 else change

    def time_to(self, bmd_percent: float):
        """First time (years) BMD reaches `bmd_percent` (from either side): None if never
        (a cohort: one time per patient, NaN if never). See `course_lib.curves`."""
        level = validation.number(bmd_percent, "bmd_percent",
                                  hint=" (a BMD in % of the start, e.g. 90)")
        return curves.first_crossing(self.t_years, self.bmd_percent, level)

    def at(self, t_years: float) -> dict:
        """Every output series linearly interpolated at time t_years (within the run): floats
        for one patient, arrays of n for a cohort."""
        end = float(self.t_years[-1])
        t = validation.number(t_years, "t_years", 0, end, what="a time (years)",
                              hint=" (the length of this run)")
        i = int(np.clip(np.searchsorted(self.t_years, t, side="right") - 1, 0,
                        len(self.t_years) - 2))
        t0, t1 = self.t_years[i], self.t_years[i + 1]
        frac = (t - t0) / (t1 - t0)
        out = {}
        for name in _SERIES:
            series = getattr(self, name)
            value = series[..., i] + frac * (series[..., i + 1] - series[..., i])
            out[name] = float(value) if np.ndim(value) == 0 else value
        return out


@dataclass(frozen=True)
class Result(_Outputs):
    """One simulated woman. Cells are relative to the reference steady state; BMD is % of
    its value at the start of this run; resorption and formation are % of reference bone
    mass per year; turnover is the remodeling rate relative to reference (1 = reference).
    `hormones` holds the Hormones of each segment run (one for `simulate`)."""

    t_years: np.ndarray
    osteoclasts: np.ndarray
    osteoblasts: np.ndarray
    bmd_percent: np.ndarray
    resorption: np.ndarray
    formation: np.ndarray
    turnover: np.ndarray
    final: State
    site: str
    hormones: tuple[Hormones, ...] = field(repr=False, default=())


@dataclass(frozen=True)
class CohortResult(_Outputs):
    """A simulated cohort: the series of `Result`, each of shape (n, len(t_years)), and a
    `final` CohortState that carries the same women on (`start=`)."""

    t_years: np.ndarray
    osteoclasts: np.ndarray
    osteoblasts: np.ndarray
    bmd_percent: np.ndarray
    resorption: np.ndarray
    formation: np.ndarray
    final: CohortState
    site: str
    hormones: tuple[Hormones, ...] = field(repr=False, default=())

    @property
    def turnover(self) -> np.ndarray:
        """Remodeling rate relative to each woman's own reference turnover."""
        return 0.5 * (self.resorption + self.formation) / _reference_flux(
            self.site, self.final.patients.turnover_factors)[:, None]

    @property
    def n(self) -> int:
        return self.final.n

    @property
    def seed(self) -> int | None:
        return self.final.patients.seed


def _reference_flux(site, turnover_factor=1.0):
    """Bone resorbed (= formed) per year by the reference woman, % of reference bone mass."""
    return 100.0 * eq.SITE_TURNOVER_PER_YEAR[site] * np.asarray(turnover_factor)


# --- argument checks ----------------------------------------------------------------------

def _check_run(hormones, years, site, dt_days) -> Hormones:
    hormones = Hormones() if hormones is None else hormones
    validation.instance(hormones, "hormones", Hormones,
                        "a Hormones (e.g. Hormones(estradiol=0.5) or regimen('postmenopause'))")
    validation.number(years, "years", 0, MAX_YEARS, low_open=True)
    validation.choice(site, "site", SITES)
    validation.number(dt_days, "dt_days", *STEP_RANGE_DAYS)
    return hormones


def _check_start_site(start, site):
    if start.site != site:
        raise ValueError(f"site must be the site of start ({start.site!r}) to continue its "
                         f"history; got {site!r}")


# --- time grid and per-step modifiers -----------------------------------------------------

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


def _step_levels(hormones: Hormones, n_steps: int, h: float) -> dict:
    """Each input as a float (constant) or an array (n_steps, samples per step) of levels."""
    if hormones.is_constant:
        return {n: getattr(hormones, n) for n in INPUT_NAMES}
    t = _sub_times(n_steps, h, _samples_per_step(hormones))
    return {n: hormones.level(n, t) for n in INPUT_NAMES}


# --- the one step -------------------------------------------------------------------------

def step_factors(k: eq.RateConstants, h: float, exp):
    """Per-step factors of the exponential step (they depend on the rate constants only, so
    they are computed once when those do not change): for osteoclasts and for osteoblasts,
    the fraction left after h days, and (1 - that fraction) / removal rate (days)."""
    eC, eB = exp(-k.clast_removal * h), exp(-k.blast_removal * h)
    return eC, (1.0 - eC) / k.clast_removal, eB, (1.0 - eB) / k.blast_removal


def advance(C, B, z, w, m, k: eq.RateConstants, h, factors, w_decay, exp):
    """One step of h days for floats (exp=math.exp) or arrays (np.exp).

    C, B in Komarova units, z, w and m relative to reference; `factors` is
    `step_factors(k, h, exp)` and `w_decay` is exp(-h / refill time). Second order (an
    exponential Heun step): the exponential step is taken once with the rates at the step's
    start (a predictor), then again with production, formation and resorption averaged over
    the start and the predicted end; mineralisation relaxes with the share of new tissue
    averaged the same way. Every term stays positive, so C, B, z, w and m do too.
    Returns the new (C, B, z, w, m) and the resorption and formation at the step's start
    (fraction of reference bone mass per day).
    """
    eC, gC, eB, gB = factors
    C_left, B_left = C * eC, B * eB                 # what remains of the cells after h days
    clast_0, blast_0, formation_0, resorption_rate_0 = eq.rates(C, B, w, k)
    w_new = k.w_target + (w - k.w_target) * w_decay
    clast_1, blast_1, formation_1, resorption_rate_1 = eq.rates(
        C_left + clast_0 * gC, B_left + blast_0 * gB, w_new, k)           # predicted end
    resorption_rate = 0.5 * (resorption_rate_0 + resorption_rate_1)
    z_target = 0.5 * (formation_0 + formation_1) / resorption_rate
    z_new = z_target + (z - z_target) * exp(-h * resorption_rate)
    # dm/dt = new * (p m_full - m) + (m_full - m) / T: relax towards its target at rate
    # new + 1/T, with new = formation / z averaged over the step's start and end.
    new = 0.5 * (formation_0 / z + formation_1 / z_new)
    m_rate = new + k.maturing
    m_target = (k.m_primary * new + k.m_full * k.maturing) / m_rate
    return (C_left + 0.5 * (clast_0 + clast_1) * gC,
            B_left + 0.5 * (blast_0 + blast_1) * gB,
            z_new, w_new, m_target + (m - m_target) * exp(-h * m_rate),
            resorption_rate_0 * z, formation_0)


# --- one patient --------------------------------------------------------------------------

def simulate(hormones: Hormones | None = None, years: float = 10, site: str = "spine",
             start: State | None = None, dt_days: float = DEFAULT_STEP_DAYS) -> Result:
    """Simulate one woman for `years` at `site` ("spine" or "hip").

    `start` is the `final` State of an earlier run (None = the reference steady state).
    Time-varying inputs are read from day 0 of this run. Step `dt_days` from 0.25 to 30 days.
    """
    hormones = _check_run(hormones, years, site, dt_days)
    start = State.reference(site) if start is None else validation.instance(
        start, "start", State, "a State (a previous result's .final) or None")
    _check_start_site(start, site)
    n_steps, h = _grid(float(years), float(dt_days))
    levels = _step_levels(hormones, n_steps, h)
    k_site = eq.SITE_TURNOVER_PER_YEAR[site] / eq.DAYS_PER_YEAR
    exp = math.exp
    w_decay = exp(-h / eq.refill_days())
    m = eq.modifiers(*levels.values())      # floats, or arrays (n_steps, samples per step)
    if hormones.is_constant:
        k = eq.rate_constants(m, k_site)
        steps = [(k, step_factors(k, h, exp))] * n_steps
    else:
        # Every step's constants at once (numpy), then one tuple per step for the loop.
        shape = np.broadcast_shapes(*(np.shape(v) for v in levels.values()))
        k_all = eq.rate_constants(
            eq.Modifiers._make(np.broadcast_to(v, shape).mean(axis=1) for v in m), k_site)
        f_all = step_factors(k_all, h, np.exp)
        per_step = (np.broadcast_to(v, (n_steps,)).tolist() for v in k_all)
        # tuple.__new__(RateConstants, row) is RateConstants._make(row) without its overhead.
        constants = map(tuple.__new__, itertools.repeat(eq.RateConstants),
                        zip(*per_step, strict=True))
        steps = zip(constants, zip(*(v.tolist() for v in f_all), strict=True), strict=True)

    C, B = start.osteoclasts * eq.C_REF, start.osteoblasts * eq.B_REF
    z, w, mn = start.bone, start.refilling, start.mineralisation
    Cs, Bs, zs, ms = [C], [B], [z], [mn]
    res, form = [], []
    for k, factors in steps:
        C, B, z, w, mn, r_, f_ = advance(C, B, z, w, mn, k, h, factors, w_decay, exp)
        Cs.append(C)
        Bs.append(B)
        zs.append(z)
        ms.append(mn)
        res.append(r_)
        form.append(f_)
    _, _, formation_end, resorption_rate_end = eq.rates(C, B, w, k)   # at the last sample
    res.append(resorption_rate_end * z)
    form.append(formation_end)
    to_pct_year = 100.0 * eq.DAYS_PER_YEAR
    resorption = np.array(res) * to_pct_year
    formation = np.array(form) * to_pct_year
    Cs, Bs, zs = np.array(Cs) / eq.C_REF, np.array(Bs) / eq.B_REF, np.array(zs)
    return Result(
        t_years=np.arange(n_steps + 1) * h / eq.DAYS_PER_YEAR,
        osteoclasts=Cs, osteoblasts=Bs, bmd_percent=100.0 * zs * np.array(ms) / start.bmd,
        resorption=resorption, formation=formation,
        turnover=0.5 * (resorption + formation) / _reference_flux(site),
        final=State(float(Cs[-1]), float(Bs[-1]), float(zs[-1]), float(w), float(mn), site),
        site=site, hormones=(hormones,))


# --- a cohort -----------------------------------------------------------------------------

def sample_patients(n: int = DEFAULT_COHORT, variability: float = DEFAULT_VARIABILITY,
                    seed: int | None = 0) -> Patients:
    """Draw n virtual women: lognormal factors with log-SD `variability` (0 = identical
    women, at most 1) on each hormone level and on the site's turnover. Seeded."""
    n = validation.whole(n, "n", 1, MAX_COHORT, hint=" (patients)")
    variability = validation.number(variability, "variability", 0, 1,
                                     hint=" (log-SD of each woman's factors)")
    if seed is not None:
        seed = validation.whole(seed, "seed", 0, hint=", or None")
    draws = np.exp(variability * np.random.default_rng(seed).standard_normal(
        (len(INPUT_NAMES) + 1, n)))
    draws.setflags(write=False)
    return Patients(draws[:-1], draws[-1], float(variability), seed)


def _patient_modifiers(levels: dict, patients: Patients) -> eq.Modifiers:
    """Per-patient modifiers of one step, each of shape (n,): each woman's levels are the
    schedule's (a float, or an array of samples within the step) times her own factors,
    clipped to INPUT_RANGES; modifiers are averaged over the samples."""
    args = []
    for row, name in enumerate(INPUT_NAMES):
        base = np.asarray(levels[name], dtype=float)
        args.append(np.clip(base[..., None] * patients.level_factors[row], *INPUT_RANGES[name]))
    shape = np.broadcast_shapes(*(a.shape for a in args))     # (n,) or (samples, n)
    m = eq.modifiers(*args)
    if len(shape) == 1:
        return eq.Modifiers._make(np.broadcast_to(v, shape) for v in m)
    return eq.Modifiers._make(np.broadcast_to(v, shape).mean(axis=0) for v in m)


def simulate_cohort(hormones: Hormones | None = None, years: float = 10,
                    n: int | None = None, site: str = "spine",
                    variability: float | None = None, seed: int | None = 0,
                    dt_days: float = DEFAULT_STEP_DAYS,
                    start: CohortState | None = None) -> CohortResult:
    """Simulate a cohort of women who differ in their hormone levels and their turnover.

    A new cohort (``start=None``): `n` women (default 1000) drawn by `sample_patients` with
    log-SD `variability` (default 0.1) and `seed`, all starting at reference. A continued
    cohort: `start` is an earlier run's `final`; the same women carry on from where they
    were, with their own factors (leave `n` and `variability` out, or give the same values).
    """
    hormones = _check_run(hormones, years, site, dt_days)
    if start is None:
        patients = sample_patients(DEFAULT_COHORT if n is None else n,
                                   DEFAULT_VARIABILITY if variability is None else variability,
                                   seed)
        start = CohortState.reference(patients, site)
    else:
        validation.instance(start, "start", CohortState,
                            "a CohortState (a previous cohort result's .final) or None")
        _check_start_site(start, site)
        patients = start.patients
        for name, given, own in (("n", n, patients.n),
                                 ("variability", variability, patients.variability)):
            if given is not None and given != own:
                raise ValueError(f"{name} must be left out or equal start's ({own!r}) when a "
                                 f"cohort continues from start; got {given!r}")

    n_steps, h = _grid(float(years), float(dt_days))
    levels = _step_levels(hormones, n_steps, h)
    k_site = eq.SITE_TURNOVER_PER_YEAR[site] / eq.DAYS_PER_YEAR * patients.turnover_factors
    exp = np.exp
    w_decay = math.exp(-h / eq.refill_days())
    constant = hormones.is_constant
    if constant:
        k = eq.rate_constants(_patient_modifiers(levels, patients), k_site)
        factors = step_factors(k, h, exp)

    C, B = start.osteoclasts * eq.C_REF, start.osteoblasts * eq.B_REF
    z, w, mn = start.bone.copy(), start.refilling.copy(), start.mineralisation.copy()
    # Rows are times while integrating (contiguous writes); returned transposed, (n, times).
    # "bmd" holds bone x mineralisation.
    out = {name: np.empty((n_steps + 1, patients.n))
           for name in ("C", "B", "bmd", "res", "form")}
    out["C"][0], out["B"][0], out["bmd"][0] = C, B, z * mn
    for i in range(n_steps):
        if not constant:
            k = eq.rate_constants(_patient_modifiers(
                {nm: v if isinstance(v, float) else v[i] for nm, v in levels.items()},
                patients), k_site)
            factors = step_factors(k, h, exp)
        C, B, z, w, mn, res, form = advance(C, B, z, w, mn, k, h, factors, w_decay, exp)
        out["C"][i + 1], out["B"][i + 1] = C, B
        np.multiply(z, mn, out=out["bmd"][i + 1])
        out["res"][i], out["form"][i] = res, form
    _, _, formation_end, resorption_rate_end = eq.rates(C, B, w, k)   # at the last sample
    out["res"][-1], out["form"][-1] = resorption_rate_end * z, formation_end
    to_pct_year = 100.0 * eq.DAYS_PER_YEAR
    out["C"] /= eq.C_REF
    out["B"] /= eq.B_REF
    out["bmd"] *= 100.0 / start.bmd
    out["res"] *= to_pct_year
    out["form"] *= to_pct_year
    final = CohortState(out["C"][-1].copy(), out["B"][-1].copy(), z, w, mn, patients, site)
    return CohortResult(
        t_years=np.arange(n_steps + 1) * h / eq.DAYS_PER_YEAR,
        osteoclasts=out["C"].T, osteoblasts=out["B"].T, bmd_percent=out["bmd"].T,
        resorption=out["res"].T, formation=out["form"].T,
        final=final, site=site, hormones=(hormones,))


# --- histories: runs chained into one ------------------------------------------------------

def _check_segments(segments) -> list:
    if isinstance(segments, Hormones | str) or not isinstance(segments, list | tuple) \
            or not segments:
        raise ValueError("segments must be a non-empty list of (Hormones, years) pairs")
    pairs = []
    for k, item in enumerate(segments):
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise ValueError(f"segments[{k}] must be a pair (Hormones, years); got "
                             f"{_short(item)}")
        h, years = item
        validation.instance(h, f"segments[{k}][0]", Hormones,
                            "a Hormones (resolve regimen names with regimens.history)")
        pairs.append((h, years))
    return pairs


def _join(parts, start_bmd):
    """Concatenate runs that continue each other into one set of series: time runs on, BMD
    is % of the bone mineral at the start of the first part, joint samples are not repeated."""
    offset, series = 0.0, {name: [] for name in ("t_years", *_SERIES[:-1])}
    for idx, r in enumerate(parts):
        cut = 0 if idx == 0 else 1
        part_bmd = start_bmd if idx == 0 else parts[idx - 1].final.bmd
        series["t_years"].append(r.t_years[cut:] + offset)
        for name in ("osteoclasts", "osteoblasts", "resorption", "formation"):
            series[name].append(getattr(r, name)[..., cut:])
        scale = np.asarray(part_bmd / start_bmd)
        series["bmd_percent"].append(r.bmd_percent[..., cut:] * scale[..., None]
                                     if scale.ndim else r.bmd_percent[..., cut:] * scale)
        offset += float(r.t_years[-1])
    return {name: np.concatenate(v, axis=-1) for name, v in series.items()}


def simulate_history(segments, site: str = "spine", start: State | None = None,
                     dt_days: float = DEFAULT_STEP_DAYS) -> Result:
    """Chain segments [(Hormones, years), ...] into one continuous Result (one woman).

    BMD is % of the value at the start of the first segment; t_years runs on across segments.
    Regimen names are resolved one floor up: ``regimens.history([("postmenopause", 5)])``.
    """
    parts, state = [], start
    for h, years in _check_segments(segments):
        parts.append(simulate(h, years=years, site=site, start=state, dt_days=dt_days))
        state = parts[-1].final
    cat = _join(parts, (start or State.reference(site)).bmd)
    cat["turnover"] = np.concatenate([p.turnover[(0 if i == 0 else 1):]
                                      for i, p in enumerate(parts)])
    return Result(**cat, final=parts[-1].final, site=site,
                  hormones=tuple(h for p in parts for h in p.hormones))


def simulate_cohort_history(segments, n: int | None = None, site: str = "spine",
                            variability: float | None = None, seed: int | None = 0,
                            start: CohortState | None = None,
                            dt_days: float = DEFAULT_STEP_DAYS) -> CohortResult:
    """Chain segments [(Hormones, years), ...] for one cohort: the same women live each
    segment in turn (as `simulate_history` does for one woman). Its `final` can start a
    trial: ``simulate_cohort(h, years=3, start=history.final)``."""
    parts, state = [], start
    for h, years in _check_segments(segments):
        parts.append(simulate_cohort(h, years=years, n=n if state is None else None,
                                     site=site, variability=variability if state is None
                                     else None, seed=seed, start=state, dt_days=dt_days))
        state = parts[-1].final
    first = start.bmd if start is not None else np.ones(parts[0].n)
    cat = _join(parts, first)
    return CohortResult(**cat, final=parts[-1].final, site=site,
                        hormones=tuple(h for p in parts for h in p.hormones))
