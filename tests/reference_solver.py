"""An independent integration of the model's equations with scipy (tight tolerances)."""

import numpy as np
from scipy.integrate import solve_ivp

from course_lib.model import State
from course_lib.model import equations as eq
from course_lib.model.hormones import INPUT_NAMES


def reference_bmd(hormones, years, site="spine", start=None, rtol=1e-10, atol=1e-12,
                  method="LSODA", t_eval_years=None):
    """BMD (% of start) at t_eval_years (default: the end), integrating dC, dB, dz directly."""
    start = State.reference(site) if start is None else start
    k = eq.SITE_TURNOVER_PER_YEAR[site] / eq.DAYS_PER_YEAR
    constant = hormones.is_constant
    if constant:
        m_const = eq.modifiers(*(getattr(hormones, n) for n in INPUT_NAMES))

    def rhs(t, y):
        if constant:
            m = m_const
        else:
            lv = hormones.levels(np.array([t]))
            m = eq.modifiers(*(float(lv[n][0]) for n in INPUT_NAMES))
        return eq.derivatives(y[0], y[1], y[2], m, k)

    t_end = years * eq.DAYS_PER_YEAR
    t_eval = None if t_eval_years is None else np.asarray(t_eval_years) * eq.DAYS_PER_YEAR
    # Daily arrays and cyclic schedules jump at day boundaries: cap the step there.
    smooth = all(isinstance(v, float) or getattr(v, "smooth", False)
                 for v in (getattr(hormones, n) for n in INPUT_NAMES))
    max_step = np.inf if smooth else 0.5
    sol = solve_ivp(rhs, (0.0, t_end), [start.osteoclasts, start.osteoblasts, start.bone],
                    method=method, rtol=rtol, atol=atol, t_eval=t_eval, max_step=max_step)
    if not sol.success:
        raise RuntimeError(sol.message)
    z = sol.y[2] if t_eval is not None else sol.y[2, -1]
    return 100.0 * z / start.bone
