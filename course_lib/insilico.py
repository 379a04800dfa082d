"""A randomised trial run on the course model's virtual women.

    from course_lib import insilico
    r = insilico.run_trial({"placebo": "postmenopause", "ET": "estrogen",
                            "EPT": "estrogen_progestin_mpa"}, n_per_arm=200, years=3,
                           history=[("menopause_transition", 3), ("postmenopause", 3)], seed=1)
    r.arms["EPT"].mean, r.arms["EPT"].ci_low          # BMD change over the trial, % of baseline
    d = r.difference("EPT", "ET")                      # percentage points, EPT minus ET
    d.mean, d.ci_low, d.ci_high, d.per_year

One cohort of ``n_per_arm x arms`` women (each with her own seeded factors on her hormone
levels and turnover) lives the `history`; it is then randomised into equal arms (a seeded
permutation), and each arm continues with its own regimen for `years`. Each woman's outcome is
her BMD change over the trial, in % of her BMD at randomisation, as a trial would measure it:
by default each of her two DXA scans (at randomisation and at the end) carries the typical
precision error for the site (``measurement="dxa"``, from the evidence data), so her measured
change has an extra random error of SD precision x sqrt(2); ``measurement=None`` reports the
model's exact changes, and a number sets the precision (%). Arm means carry normal 95 % CIs
(mean +/- 1.96 SD / sqrt(n)); differences use the SEs of both arms (Welch). Everything here is
model output, not data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from course_lib import trials, validation
from course_lib.model import CohortState, Hormones, simulate_cohort
from course_lib.model import sample_patients as _sample_patients
from course_lib.regimens import REGIMEN_NAMES, regimen

__all__ = ["run_trial", "TrialResult", "ArmSummary", "Difference", "MAX_ARMS", "N_RANGE",
           "YEARS_RANGE"]

MAX_ARMS = 6
N_RANGE = (10, 20_000)            # women per arm (the normal CI needs ten or so)
YEARS_RANGE = (0.25, 30.0)        # length of the trial, years
HISTORY_YEARS_MAX = 60.0


@dataclass(frozen=True)
class ArmSummary:
    """One arm: women, mean BMD change over the trial (% of baseline), its SD and 95 % CI."""

    name: str
    n: int
    mean: float
    sd: float
    ci_low: float
    ci_high: float

    @property
    def se(self) -> float:
        return self.sd / math.sqrt(self.n)


@dataclass(frozen=True)
class Difference:
    """Arm a minus arm b: mean difference in BMD change (percentage points) with its 95 % CI,
    and `per_year`, the mean difference annualised (simple: divided by the trial's years)."""

    arm_a: str
    arm_b: str
    mean: float
    ci_low: float
    ci_high: float
    se: float
    per_year: float


@dataclass(frozen=True)
class TrialResult:
    """What `run_trial` returns: ``arms[name]`` (an `ArmSummary`), ``difference(a, b)``, the
    design (``precision`` is the scan precision used, %, 0 for none), and ``changes[name]``,
    each woman's measured BMD change (read-only array)."""

    arms: Mapping[str, ArmSummary]
    changes: Mapping[str, np.ndarray] = field(repr=False)
    years: float
    site: str
    seed: int | None
    level: float
    history: tuple = ()
    precision: float = 0.0

    def difference(self, arm_a: str, arm_b: str) -> Difference:
        """Arm `arm_a` minus arm `arm_b` (percentage points); unknown names -> ValueError."""
        for name, value in (("arm_a", arm_a), ("arm_b", arm_b)):
            if not isinstance(value, str) or value not in self.arms:
                raise ValueError(f"{name} must be one of the trial's arms "
                                 f"({', '.join(self.arms)}); got {value!r}")
        a, b = self.arms[arm_a], self.arms[arm_b]
        se = math.hypot(a.se, b.se)
        z = trials.z_for_level(self.level)
        mean = a.mean - b.mean
        return Difference(arm_a, arm_b, mean, mean - z * se, mean + z * se, se,
                          mean / self.years)


# --------------------------------------------------------------------------- checks


def _hormones(value, where: str) -> Hormones:
    if isinstance(value, Hormones):
        return value
    if isinstance(value, str) and value in REGIMEN_NAMES:
        return regimen(value)
    raise ValueError(f"{where} must be a regimen name ({', '.join(REGIMEN_NAMES)}) or a "
                     f"Hormones; got {value!r}")


def _number(value, name: str, low: float, high: float, what: str) -> float:
    return validation.number(value, name, low, high, what=what)


def _check_arms(arms) -> dict[str, Hormones]:
    if not isinstance(arms, Mapping) or not 1 <= len(arms) <= MAX_ARMS:
        raise ValueError(f"arms must be a dict of 1 to {MAX_ARMS} arms, e.g. "
                         "{'placebo': 'postmenopause', 'ET': 'estrogen'}; got "
                         f"{type(arms).__name__}")
    out = {}
    for name, value in arms.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"arms must be named by non-empty text; got {name!r}")
        out[name] = _hormones(value, f"arms[{name!r}]")
    return out


def _check_history(history) -> tuple:
    if history is None:
        return ()
    if isinstance(history, str | bytes) or not isinstance(history, list | tuple):
        raise ValueError("history must be a list of (regimen name or Hormones, years), or None")
    out, total = [], 0.0
    for i, item in enumerate(history):
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise ValueError(f"history[{i}] must be a pair (regimen name or Hormones, years); "
                             f"got {item!r}")
        h = _hormones(item[0], f"history[{i}][0]")
        years = _number(item[1], f"history[{i}][1] (years)", 0.0, HISTORY_YEARS_MAX,
                        "a duration in years")
        total += years
        if years > 0:
            out.append((h, years))
    if total > HISTORY_YEARS_MAX:
        raise ValueError(f"history must last at most {HISTORY_YEARS_MAX:g} years in all; "
                         f"got {total:g}")
    return tuple(out)


# --------------------------------------------------------------------------- the trial


def _take(state, index: np.ndarray):
    """The same women's state for a subset of the cohort (by position)."""
    return state.take(index)


def run_trial(arms, n_per_arm: int, years: float, site: str = "spine", history=None,
              seed: int | None = 0, *, variability: float | None = None,
              measurement: str | float | None = "dxa", level: float = 0.95) -> TrialResult:
    """Randomise a virtual cohort into `arms` after `history` and follow it for `years`.

    `arms` maps an arm name to a regimen name or `Hormones`; `history` is an optional list of
    ``(regimen name or Hormones, years)`` lived by every woman before randomisation. `seed`
    fixes the women, the randomisation and the scan errors; `variability` is the spread of the
    women's factors (the model's default if None); `measurement` is "dxa" (typical precision
    for the site), a precision in % (0 to 10), or None (no scan error). Returns a
    `TrialResult`.
    """
    regimens_by_arm = _check_arms(arms)
    n_per_arm = validation.whole(n_per_arm, "n_per_arm", *N_RANGE, hint=" (women per arm)")
    years = _number(years, "years", *YEARS_RANGE, "a trial length in years")
    segments = _check_history(history)
    z = trials.z_for_level(level)                       # checks level
    level = float(level)
    if seed is not None:
        seed = validation.whole(seed, "seed", 0, hint=", or None")
    precision = _precision(measurement, site)
    total = n_per_arm * len(regimens_by_arm)

    state = _start_state(total, site, variability, seed)
    for h, span in segments:                # the same women live the history, in turn
        state = simulate_cohort(h, years=span, site=site, start=state).final

    order = np.random.default_rng(None if seed is None else [seed, 1]).permutation(total)
    scans = np.random.default_rng(None if seed is None else [seed, 2])
    summaries, changes = {}, {}
    for i, (name, h) in enumerate(regimens_by_arm.items()):
        index = np.sort(order[i * n_per_arm:(i + 1) * n_per_arm])
        run = simulate_cohort(h, years=years, site=site, start=_take(state, index))
        change = np.array(run.bmd_percent[:, -1] - 100.0)
        if precision:
            change += precision * math.sqrt(2.0) * scans.standard_normal(n_per_arm)
        change.setflags(write=False)
        mean, sd = float(change.mean()), float(change.std(ddof=1))
        half = z * sd / math.sqrt(n_per_arm)
        summaries[name] = ArmSummary(name, n_per_arm, mean, sd, mean - half, mean + half)
        changes[name] = change
    return TrialResult(arms=MappingProxyType(summaries), changes=MappingProxyType(changes),
                       years=years, site=site, seed=None if seed is None else int(seed),
                       level=level, history=tuple(history or ()), precision=precision)


def _start_state(n: int, site: str, variability, seed):
    """A fresh cohort at the reference state (no history)."""
    spread = {} if variability is None else {"variability": variability}
    return CohortState.reference(_sample_patients(n, seed=seed, **spread), site)


def _precision(measurement, site: str) -> float:
    """Scan precision (%) for `measurement`: "dxa" (typical, from the evidence), a number, or
    None (0: the model's exact values)."""
    if measurement is None:
        return 0.0
    if isinstance(measurement, str):
        if measurement != "dxa":
            raise ValueError(f"measurement must be 'dxa', a precision in % from 0 to 10, or "
                             f"None; got {measurement!r}")
        from course_lib import scenarios

        return float(scenarios.typical_precision(site))
    return _number(measurement, "measurement", 0.0, 10.0, "a scan precision in %")
