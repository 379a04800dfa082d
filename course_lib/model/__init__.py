"""The shared remodeling model: osteoclasts, osteoblasts and bone mass under hormone inputs.

    from course_lib.model import Hormones, simulate, simulate_cohort
    r = simulate(Hormones(estradiol=0.2), years=10, site="spine")

The equations are in `course_lib.model.equations`; the integrator in `.integrator`.
"""

from .hormones import INPUT_NAMES, INPUT_RANGES, Hormones, cyclic, mean_level, sigmoid_ramp
from .integrator import (
    SITES,
    CohortResult,
    Result,
    State,
    simulate,
    simulate_cohort,
    simulate_history,
)

__all__ = [
    "Hormones", "simulate", "simulate_cohort", "simulate_history", "Result", "CohortResult",
    "State", "SITES", "INPUT_NAMES", "INPUT_RANGES", "cyclic", "sigmoid_ramp", "mean_level",
]
