"""Model speed against its peers in the same run (shared/model/spec.md targets).

Prints medians and ratios; asserts nothing. Run: python benchmarks/bench_model.py
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reference_solver import reference_bmd  # noqa: E402

from course_lib.model import simulate, simulate_cohort  # noqa: E402
from course_lib.regimens import regimen  # noqa: E402


def median_seconds(func, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def trajectory():
    print("One 10-year trajectory (spine)   target: <= 1 ms and faster than LSODA rtol 1e-6")
    for name in ("postmenopause", "menopause_transition"):
        h = regimen(name)
        ours = median_seconds(lambda h=h: simulate(h, years=10), 200)
        lsoda = median_seconds(lambda h=h: reference_bmd(h, 10, rtol=1e-6, atol=1e-9), 20)
        exact = reference_bmd(h, 10)
        err_ours = abs(simulate(h, years=10).bmd_percent[-1] - exact)
        err_lsoda = abs(reference_bmd(h, 10, rtol=1e-6, atol=1e-9) - exact)
        print(f"  {name:22s} course_lib {ours * 1e3:7.3f} ms   LSODA {lsoda * 1e3:7.3f} ms   "
              f"ratio LSODA/ours {lsoda / ours:6.1f}x   |BMD error| ours {err_ours:.4f} pp, "
              f"LSODA {err_lsoda:.4f} pp (vs rtol 1e-10)")


def cohort(n=10_000, sample=100):
    print(f"{n:,}-patient cohort over 10 years   target: <= 0.25 s and >= 50x a solve_ivp loop")
    h = regimen("postmenopause")
    simulate_cohort(h, years=10, n=n)            # warm-up (first-touch of the output arrays)
    ours = median_seconds(lambda: simulate_cohort(h, years=10, n=n, variability=0.1), 5)
    per_patient = median_seconds(lambda: reference_bmd(h, 10, rtol=1e-6, atol=1e-9), sample)
    loop = per_patient * n
    print(f"  course_lib {ours:.3f} s   solve_ivp loop {loop:.1f} s (median of {sample} single "
          f"solves x {n:,})   ratio {loop / ours:,.0f}x")


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
    import_cost()
