"""An independent reference for the model: its equations written out again and integrated
with scipy at tight tolerances.

The right-hand side below is typed from Komarova et al. 2003 (the cell equations; Bone
2003;33:206-215) and from the bone balance, refilling, mineralisation and hormone modifiers
documented in the docstring of `course_lib.model.equations`; it calls none of that module's
functions. Only calibrated parameter VALUES are read from it (so a recalibration moves both
sides). BMD is bone x mineralisation.
"""

import math

import numpy as np
from scipy.integrate import solve_ivp

from course_lib.model import State
from course_lib.model import equations as eq
from course_lib.model.hormones import INPUT_NAMES

# Komarova 2003, per day.
A1, A2, B1, B2 = 3.0, 4.0, 0.2, 0.02
G11, G12, G21, G22 = 0.5, 1.0, -0.5, 0.0
DAYS_PER_YEAR = 365.25


def steady_cells(R=1.0, D=1.0, F=1.0, Q=1.0):
    """Closed-form steady state of the cell equations for these exponents (pace cancels):
    C* = (a1 R / (b1 D)) sqrt(b2 Q / (a2 F)),  B* = (a1 R / (b1 D)) sqrt(a2 F / (b2 Q))."""
    scale = A1 * R / (B1 * D)
    return scale * math.sqrt(B2 * Q / (A2 * F)), scale * math.sqrt(A2 * F / (B2 * Q))


C_REF, B_REF = steady_cells()


def signal(x, k):
    return x * (1 + k) / (x + k)


def modifiers(estradiol, progesterone, testosterone, cortisol, thyroid, inflammation):
    """The docstring's modifiers, retyped: a dict R, D, F, Q, Ar, Af, pace, w_target."""
    p = eq   # parameter values only
    e2_missing = 1 - signal(estradiol, p.K_ESTRADIOL)
    cortisol_xs = max(cortisol - 1, 0)
    return {
        "R": 1 + p.RECRUIT_E2 * e2_missing + p.INFLAM_RECRUIT * inflammation,
        "D": 1 / ((1 + p.LIFESPAN_E2 * e2_missing) * (1 + p.CORTISOL_CLAST * cortisol_xs)),
        "Ar": (1 + p.DEPTH_E2 * e2_missing) * (1 + p.INFLAM_DEPTH * inflammation),
        "w_target": 1 - p.REFILL_E2 * e2_missing,
        "F": (1 - p.FORM_P4 - p.FORM_T
              + p.FORM_P4 * signal(estradiol, p.K_PR) * signal(progesterone, p.K_PROGESTERONE)
              + p.FORM_T * signal(testosterone, p.K_TESTOSTERONE))
             / ((1 + p.CORTISOL_FORM * cortisol_xs) * (1 + p.INFLAM_FORM * inflammation)),
        "Q": 1 + p.CORTISOL_APOPTOSIS * cortisol_xs,
        "pace": (p.THYROID_FLOOR + thyroid) / (p.THYROID_FLOOR + 1),
        "Af": 1 / (1 + p.THYROID_REFILL * max(thyroid - 1, 0)),
    }


def full_mineral(site):
    """m_full = (k + 1/T) / (p k + 1/T): fully mineralised tissue on the scale of m."""
    k = eq.SITE_TURNOVER_PER_YEAR[site] / DAYS_PER_YEAR
    maturing = 1 / (eq.MINERAL_YEARS * DAYS_PER_YEAR)
    return (k + maturing) / (eq.PRIMARY_MINERAL * k + maturing)


def rhs(C, B, z, w, mn, levels, site):
    """dC/dt, dB/dt, dz/dt, dw/dt, dm/dt per day; `levels` maps each input name to its level."""
    m = modifiers(*(levels[n] for n in INPUT_NAMES))
    k = eq.SITE_TURNOVER_PER_YEAR[site] / DAYS_PER_YEAR
    pace = m["pace"]
    dC = pace * (A1 * m["R"] * C**G11 * B**G21 - B1 * m["D"] * C)
    dB = pace * (A2 * m["F"] * C**G12 * B**G22 - B2 * m["Q"] * B)
    formation = pace * k * m["Af"] * w * B / B_REF
    dz = formation - pace * k * m["Ar"] * C / C_REF * z
    dw = (m["w_target"] - w) / (eq.REFILL_YEARS * DAYS_PER_YEAR)
    m_full = full_mineral(site)
    dm = (formation / z * (eq.PRIMARY_MINERAL * m_full - mn)
          + (m_full - mn) / (eq.MINERAL_YEARS * DAYS_PER_YEAR))
    return dC, dB, dz, dw, dm


def reference_run(hormones, years, site="spine", start=None, rtol=1e-10, atol=1e-12,
                  method="LSODA", t_eval_years=None):
    """Solve the retyped equations; returns scipy's solution (t in days, y = C, B, z, w, m in
    Komarova cell units and relative bone, refilling and mineralisation)."""
    start = State.reference(site) if start is None else start
    constant = hormones.is_constant
    fixed = {n: getattr(hormones, n) for n in INPUT_NAMES} if constant else None
    # Daily arrays and cyclic schedules hold one level per day and jump at day boundaries:
    # read them once per day and cap the solver's step there. Ramps are read at each time.
    smooth = all(isinstance(v, float) or getattr(v, "smooth", False)
                 for v in (getattr(hormones, n) for n in INPUT_NAMES))
    days = int(np.ceil(years * DAYS_PER_YEAR)) + 1
    daily = None if smooth else [dict(zip(INPUT_NAMES, row, strict=True)) for row in zip(
        *(hormones.levels(np.arange(days) + 0.5)[n].tolist() for n in INPUT_NAMES),
        strict=True)]

    def f(t, y):
        if fixed:
            levels = fixed
        elif daily:
            levels = daily[min(int(t), days - 1)]
        else:
            levels = {n: float(v[0]) for n, v in hormones.levels(np.array([t])).items()}
        return rhs(y[0], y[1], y[2], y[3], y[4], levels, site)

    t_eval = None if t_eval_years is None else np.asarray(t_eval_years) * DAYS_PER_YEAR
    y0 = [start.osteoclasts * C_REF, start.osteoblasts * B_REF, start.bone, start.refilling,
          start.mineralisation]
    sol = solve_ivp(f, (0.0, years * DAYS_PER_YEAR), y0, method=method, rtol=rtol, atol=atol,
                    t_eval=t_eval, max_step=np.inf if smooth else 0.5)
    if not sol.success:
        raise RuntimeError(sol.message)
    return sol


def reference_bmd(hormones, years, site="spine", start=None, t_eval_years=None, **options):
    """BMD (% of start: bone x mineralisation) at t_eval_years (default: the end)."""
    start = State.reference(site) if start is None else start
    sol = reference_run(hormones, years, site, start, t_eval_years=t_eval_years, **options)
    bmd = sol.y[2] * sol.y[4]
    bmd = bmd if t_eval_years is not None else bmd[-1]
    return 100.0 * bmd / (start.bone * start.mineralisation)
