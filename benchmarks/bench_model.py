"""Model speed against its peers in the same run (targets: docs/design.md, "The model's contract").

Prints medians and ratios; asserts nothing. Run: python benchmarks/bench_model.py
The peer is scipy's solve_ivp (LSODA, rtol 1e-6) on the course's own equations
(`equations.derivatives`), so both sides evaluate the same right-hand side.
"""

import statistics
import subprocess
import sys

import numpy as np
from scipy.integrate import solve_ivp
from timing import median_seconds

from course_lib.model import State, simulate, simulate_cohort
from course_lib.model import equations as eq
from course_lib.model.hormones import INPUT_NAMES
from course_lib.regimens import cohort_history, regimen


def lsoda_bmd(hormones, years, site="spine", start=None, rtol=1e-6, atol=1e-9):
    """BMD (% of start: bone x mineralisation) at the end, by solve_ivp on the course's
    equations."""
    start = State.reference(site) if start is None else start
    k_site = eq.SITE_TURNOVER_PER_YEAR[site] / eq.DAYS_PER_YEAR
    fixed = eq.rate_constants(eq.modifiers(*(getattr(hormones, n) for n in INPUT_NAMES)),
                              k_site) if hormones.is_constant else None

    def rhs(t, y):
        k = fixed or eq.rate_constants(eq.modifiers(
            *(float(v[0]) for v in hormones.levels(np.array([t])).values())), k_site)
        return eq.derivatives(y[0], y[1], y[2], y[3], y[4], k)

    smooth = all(isinstance(v, float) or getattr(v, "smooth", False)
                 for v in (getattr(hormones, n) for n in INPUT_NAMES))
    y0 = [start.osteoclasts * eq.C_REF, start.osteoblasts * eq.B_REF, start.bone,
          start.refilling, start.mineralisation]
    sol = solve_ivp(rhs, (0.0, years * eq.DAYS_PER_YEAR), y0, method="LSODA", rtol=rtol,
                    atol=atol, max_step=np.inf if smooth else 0.5)
    return 100.0 * sol.y[2, -1] * sol.y[4, -1] / start.bmd


def trajectory():
    print("One 10-year trajectory (spine)   target: <= 1 ms and faster than LSODA rtol 1e-6")
    for name in ("postmenopause", "menopause_transition"):
        h = regimen(name)
        ours = median_seconds(lambda h=h: simulate(h, years=10), 200)
        lsoda = median_seconds(lambda h=h: lsoda_bmd(h, 10), 20)
        exact = lsoda_bmd(h, 10, rtol=1e-10, atol=1e-12)
        err_ours = abs(simulate(h, years=10).bmd_percent[-1] - exact)
        err_lsoda = abs(lsoda_bmd(h, 10) - exact)
        print(f"  {name:22s} course_lib {ours * 1e3:7.3f} ms   LSODA {lsoda * 1e3:7.3f} ms   "
              f"ratio LSODA/ours {lsoda / ours:6.1f}x   |BMD error| ours {err_ours:.4f} pp, "
              f"LSODA {err_lsoda:.4f} pp (vs rtol 1e-10)")


def cohort(n=10_000, sample=100):
    print(f"{n:,}-patient cohort over 10 years   target: <= 0.25 s and >= 50x a solve_ivp loop")
    h = regimen("postmenopause")
    simulate_cohort(h, years=10, n=n)            # warm-up (first-touch of the output arrays)
    ours = median_seconds(lambda: simulate_cohort(h, years=10, n=n, variability=0.1), 5)
    per_patient = median_seconds(lambda: lsoda_bmd(h, 10), sample)
    loop = per_patient * n
    print(f"  course_lib {ours:.3f} s   solve_ivp loop {loop:.1f} s (median of {sample} single "
          f"solves x {n:,})   ratio {loop / ours:,.0f}x")


def trial(n=1000, arms=("postmenopause", "estrogen", "estrogen_progestin_mpa"), sample=50):
    print(f"In-silico trial: {len(arms)} arms x {n:,} women x 3 years after a 5-year history   "
          "target: < 0.2 s")
    women = cohort_history([("menopause_transition", 3), ("postmenopause", 2)],
                           n=n * len(arms), seed=0)
    groups = np.random.default_rng(1).permutation(n * len(arms)).reshape(len(arms), n)

    def run():
        return [simulate_cohort(regimen(a), years=3, start=women.final.take(idx))
                for a, idx in zip(arms, groups, strict=True)]

    run()
    ours = median_seconds(run, 5)
    history_s = median_seconds(lambda: cohort_history(
        [("menopause_transition", 3), ("postmenopause", 2)], n=n * len(arms), seed=0), 3)
    start = simulate(regimen("postmenopause"), years=2,
                     start=simulate(regimen("menopause_transition"), years=3).final).final
    per_woman = median_seconds(lambda: lsoda_bmd(regimen("estrogen"), 3, start=start), sample)
    loop = per_woman * n * len(arms)
    print(f"  course_lib trial {ours:.3f} s (the 5-year history of all {n * len(arms):,} women: "
          f"{history_s:.3f} s)   solve_ivp loop {loop:.1f} s   ratio {loop / ours:,.0f}x")


def import_cost():
    print("import course_lib beyond numpy   target: <= 0.3 s")
    code = ("import time; t0=time.perf_counter(); import numpy; t1=time.perf_counter(); "
            "import course_lib, course_lib.model, course_lib.regimens, course_lib.evidence; "
            "t2=time.perf_counter(); import sys; "
            "print(t1-t0, t2-t1, 'matplotlib' in sys.modules, 'ipywidgets' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split() for _ in range(5)]
    numpy_s = statistics.median(float(r[0]) for r in runs)
    extra = statistics.median(float(r[1]) for r in runs)
    print(f"  numpy {numpy_s * 1e3:.0f} ms   course_lib beyond numpy {extra * 1e3:.0f} ms   "
          f"ratio {extra / numpy_s:.2f}   matplotlib loaded: {runs[0][2]}   "
          f"ipywidgets loaded: {runs[0][3]}")


if __name__ == "__main__":
    np.seterr(all="raise")
    trajectory()
    cohort()
    trial()
    import_cost()
