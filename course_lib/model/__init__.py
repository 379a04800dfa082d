"""The shared remodeling model: osteoclasts, osteoblasts and bone mass under hormone inputs.

    from course_lib.model import Hormones, simulate, simulate_cohort
    r = simulate(Hormones(estradiol=0.2), years=10, site="spine")
    later = simulate(Hormones(estradiol=0.1), years=5, start=r.final)     # the same woman on
    c = simulate_cohort(Hormones(estradiol=0.1), years=5, n=1000, seed=0)
    trial = simulate_cohort(Hormones(), years=3, start=c.final)           # the same women on

The equations are in `course_lib.model.equations`; the integrator in `.integrator`. This
package imports numpy and the floor-0 helpers only (`course_lib.validation`,
`course_lib.curves`); regimen names are resolved one floor up (`course_lib.regimens`).
"""

from .equations import DAYS_PER_YEAR
from .hormones import INPUT_NAMES, INPUT_RANGES, Hormones, cyclic, mean_level, sigmoid_ramp
from .integrator import (
    SITES,
    CohortResult,
    CohortState,
    Patients,
    Result,
    State,
    sample_patients,
    simulate,
    simulate_cohort,
    simulate_cohort_history,
    simulate_history,
)

__all__ = [
    "Hormones", "simulate", "simulate_cohort", "simulate_history", "simulate_cohort_history",
    "sample_patients", "Patients", "Result", "CohortResult", "State", "CohortState", "SITES",
    "INPUT_NAMES", "INPUT_RANGES", "DAYS_PER_YEAR", "cyclic", "sigmoid_ramp", "mean_level",
]
