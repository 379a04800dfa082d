"""Named runs of lesson 3.2 (endocrine axes) and 3.3 (milieu), shared with exercises and key.

Everything here is model output (`course_lib.axes` feeding the bone model).
"""

from __future__ import annotations

import numpy as np

from course_lib import axes
from course_lib.model import Hormones, Result, simulate

__all__ = [
    "FAULTS", "FAULT_SITES", "PATTERN_MARGIN", "fault_settings", "direction", "pattern",
    "site_of_fault", "glucocorticoid_course", "recovery_days", "loop_gain_estimate",
    "menopause_sweep", "axis_bone_run", "milieu_bone_run", "print_fault_table",
    "print_menopause_table", "print_bone_table",
]

#: The faults a lesson table walks through: name -> (axis settings).
FAULTS = {
    "healthy": {},
    "hypothalamus failing": {"hypothalamus": 0.3},
    "pituitary failing": {"pituitary": 0.3},
    "gland failing": {"gland": 0.3},
    "gland overactive": {"gland": 2.0},
    "feedback cut": {"feedback": 0.0},
    "exogenous hormone": {"exogenous": 1.0},
    "central drive (stress)": {"drive": 1.0},
}
#: Where a fault can sit, as the lab-pattern questions name it.
FAULT_SITES = ("hypothalamus or pituitary", "gland", "hormone given from outside")
_SITE_OF = {"hypothalamus failing": FAULT_SITES[0], "pituitary failing": FAULT_SITES[0],
            "gland failing": FAULT_SITES[1], "gland overactive": FAULT_SITES[1],
            "exogenous hormone": FAULT_SITES[2]}
#: A level within this fraction of reference counts as "normal" in a lab pattern.
PATTERN_MARGIN = 0.1


def fault_settings(fault: str) -> dict:
    """The axis settings of a named fault (see FAULTS)."""
    if fault not in FAULTS:
        raise ValueError(f"fault must be one of {', '.join(map(repr, FAULTS))}; got {fault!r}")
    return dict(FAULTS[fault])


def direction(level: float) -> str:
    """'high', 'low' or 'normal' against the reference 1.0 (margin PATTERN_MARGIN)."""
    if level > 1.0 + PATTERN_MARGIN:
        return "high"
    if level < 1.0 - PATTERN_MARGIN:
        return "low"
    return "normal"


def pattern(axis: str, **settings) -> tuple[str, str]:
    """Lab pattern (pituitary hormone, gland hormone) as directions, e.g. ('high', 'low')."""
    out = axes.steady_state(axis, **settings)
    _, pit, gland = axes.HORMONES[axis]
    return direction(out[pit]), direction(out[gland])


def site_of_fault(axis: str, pituitary: str, gland: str) -> str:
    """Which FAULT_SITES entry produces a lab pattern in the model. ValueError if no single
    fault gives it, or if faults at different sites give it (then the pattern alone cannot
    say where the fault is: e.g. pituitary low with gland high fits an overactive gland and
    a hormone given from outside)."""
    sites = sorted({site for fault, site in _SITE_OF.items()
                    if pattern(axis, **FAULTS[fault]) == (pituitary, gland)})
    _, pit_name, gland_name = axes.HORMONES[axis]
    if not sites:
        raise ValueError(f"no single fault in the model gives {pit_name} {pituitary} with "
                         f"{gland_name} {gland}")
    if len(sites) > 1:
        raise ValueError(f"{pit_name} {pituitary} with {gland_name} {gland} fits faults at "
                         f"more than one site: {', '.join(sites)}")
    return sites[0]


def glucocorticoid_course(dose: float = 3.0, course_days: float = 180.0,
                          follow_days: float = 365.0, dt_days: float = 1.0) -> axes.AxisResult:
    """HPA axis over a course of an exogenous glucocorticoid (`dose` x reference cortisol
    activity) and the months after it stops."""
    return axes.simulate_axis("hpa", course_days, exogenous=dose, dt_days=dt_days).then(
        follow_days, exogenous=0.0, dt_days=dt_days)


def recovery_days(result: axes.AxisResult, stop_day: float, threshold: float = 0.9) -> float:
    """Days after `stop_day` until the gland hormone is back to `threshold` of reference
    (linear interpolation between samples); inf if it never gets there."""
    gland = result.levels[axes.HORMONES[result.axis][2]]
    t = result.t_days
    after = np.nonzero((t > stop_day) & (gland >= threshold))[0]
    if after.size == 0:
        return float("inf")
    i = int(after[0])
    if t[i - 1] < stop_day or gland[i - 1] >= threshold:
        return float(t[i] - stop_day)
    frac = (threshold - gland[i - 1]) / (gland[i] - gland[i - 1])
    return float(t[i - 1] + frac * (t[i] - t[i - 1]) - stop_day)


def loop_gain_estimate(axis: str, drop: float = 0.01) -> float:
    """Loop gain from two steady states: the gland loses `drop` of its capacity; open loop the
    gland hormone would fall by `drop`, closed loop it falls by less, and
    gain = open-loop fall / closed-loop fall - 1."""
    closed = 1.0 - axes.steady_state(axis, gland=1.0 - drop)[axes.HORMONES[axis][2]]
    return drop / closed - 1.0


def menopause_sweep(capacities=(1.0, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05)) -> list[tuple]:
    """HPG steady states as the ovary's capacity falls: [(capacity, FSH, estradiol), ...]."""
    return [(float(c), *(axes.steady_state("hpg", gland=c)[h] for h in ("FSH", "estradiol")))
            for c in capacities]


def axis_bone_run(axis: str, years: float = 10, site: str = "spine", **settings) -> Result:
    """The bone model with one axis at the steady state of `settings`, the rest at reference."""
    return simulate(axes.to_hormones(**{axis: axes.steady_state(axis, **settings)}),
                    years=years, site=site)


def milieu_bone_run(inflammation: float, years: float = 10, site: str = "spine",
                    base: Hormones | None = None) -> Result:
    """The bone model with its inflammation input at `inflammation` (0 = none)."""
    base = Hormones() if base is None else base
    return simulate(base.replace(inflammation=inflammation), years=years, site=site)


# --- printed tables (model output) -------------------------------------------------------------

def print_fault_table(axis: str, faults=tuple(FAULTS)) -> None:
    """The three hormones of one axis for each named fault (steady states)."""
    from course_lib import tables

    names = axes.HORMONES[axis]
    rows = [(f, *axes.steady_state(axis, **FAULTS[f]).values()) for f in faults]
    tables.print_table(rows, [("fault", "<24"), *((n, ">9.2f") for n in names)],
                       note="(model output; levels relative to the healthy reference)")


def print_menopause_table(capacities=(1.0, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05)) -> None:
    """FSH and estradiol as the ovary's capacity falls."""
    from course_lib import tables

    tables.print_table(menopause_sweep(capacities),
                       [("ovary capacity", ">14.2f"), ("FSH", ">6.2f"), ("estradiol", ">9.2f")],
                       note="(model output; relative to the healthy reference)")


def print_bone_table(runs: dict) -> None:
    """BMD change and final turnover of several bone runs {label: Result}."""
    from course_lib import tables

    rows = [(label, r.bmd_change, float(r.turnover[-1])) for label, r in runs.items()]
    tables.print_table(rows, [("run", "<30"), ("BMD change", ">10.1f", "(%)"),
                              ("turnover", ">8.2f", "(x ref)")], note="(model output)")
