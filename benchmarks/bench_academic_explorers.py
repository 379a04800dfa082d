"""Receptor and axes explorers (lessons 3.1-3.3; the axes explorer's moves include the
inflammation slider of lesson 3.3): one slider move against a full re-plot as
`interact` does it (new figure, tight PNG), in the same run, Agg backend.

Target (docs/design.md): a slider move (model + redraw of existing artists) at most
50 ms median. Prints medians (wall clock, and CPU time of this process, which a busy shared
machine inflates less) and ratios; asserts nothing.
Run: python benchmarks/bench_academic_explorers.py
"""

import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from course_lib import axes, receptors  # noqa: E402
from course_lib.model import simulate  # noqa: E402
from course_lib.scenarios import academic_receptors as rec_runs  # noqa: E402
from course_lib.widgets.axes_explorer import AxesExplorer  # noqa: E402
from course_lib.widgets.receptor_explorer import ReceptorExplorer  # noqa: E402

TARGET_MS = 50.0
YEARS = 10


def receptor_moves():
    """A student sweeping PR-A share, then the dose, then estradiol, in slider steps."""
    moves = [("share", round(0.5 + 0.05 * i, 2)) for i in range(1, 9)]
    moves += [("dose", 10 ** (1 - 0.1 * i)) for i in range(1, 15)]
    moves += [("estradiol", round(1.0 - 0.05 * i, 2)) for i in range(1, 17)]
    moves += [("share", round(0.9 - 0.05 * i, 2)) for i in range(1, 13)]
    return moves


def axes_moves():
    """Every slider of the axes explorer, the inflammation input of lesson 3.3 included."""
    moves = [("fail", "gland")] + [("capacity", round(0.3 + 0.05 * i, 2)) for i in range(12)]
    moves += [("drive", round(0.05 * i, 2)) for i in range(1, 16)]
    moves += [("exogenous", round(0.1 * i, 2)) for i in range(1, 11)]
    moves += [("feedback", round(1.0 - 0.05 * i, 2)) for i in range(1, 13)]
    moves += [("inflammation", round(0.25 * i, 2)) for i in range(1, 9)]
    return moves


def _axes_state():
    """(axis settings, inflammation) that the peer and the model-only timing carry along."""
    return {"gland": 1.0, "drive": 0.0, "exogenous": 0.0, "feedback": 1.0}, {"inflammation": 0.0}


def _axes_step(state, bone, name, value):
    """Apply one move to the peer's state; return the bone model's Hormones after it."""
    if name == "fail":
        state["gland"] = 0.3
    elif name == "inflammation":
        bone["inflammation"] = value
    else:
        state["gland" if name == "capacity" else name] = value
    levels = axes.steady_state("hpt", **state)
    return levels, axes.to_hormones(hpt=levels).replace(inflammation=bone["inflammation"])


CPU = []   # CPU seconds of the last explorer run's moves (filled by the timers)


def time_receptor(force_full: bool):
    ex = ReceptorExplorer(backend="inline")
    controls = {"share": ex.share, "dose": ex.dose, "estradiol": ex.estradiol}
    times, CPU[:] = [], []
    for name, value in receptor_moves():
        if force_full:
            ex.panel.forget_background()
        t0, c0 = time.perf_counter(), time.process_time()
        controls[name].value = value
        times.append(time.perf_counter() - t0)
        CPU.append(time.process_time() - c0)
    return times, ex.panel.full_redraws


def time_axes(force_full: bool):
    ex = AxesExplorer(backend="inline", axis="hpt")
    times, CPU[:] = [], []
    for name, value in axes_moves():
        control = ex.fail if name == "fail" else ex.sliders[name]
        if force_full:
            ex.panel.forget_background()
        t0, c0 = time.perf_counter(), time.process_time()
        control.value = value
        times.append(time.perf_counter() - t0)
        CPU.append(time.process_time() - c0)
    return times, ex.panel.full_redraws


def replot_receptor():
    """Model + a new three-panel figure + tight PNG per move (what `interact` does)."""
    state = {"share": 0.5, "dose": 10.0, "estradiol": 1.0}
    doses = rec_runs.dose_grid()
    times = []
    for name, value in receptor_moves():
        t0 = time.perf_counter()
        state[name] = value
        fig, (a, b, c) = plt.subplots(1, 3, figsize=(11, 3.4))
        a.semilogx(doses, receptors.pr_response(doses, state["share"], state["estradiol"]))
        d = receptors.dimer_fractions(state["share"])
        b.bar(list(d), list(d.values()))
        r = rec_runs.bone_run(state["dose"], state["share"], state["estradiol"], YEARS)
        c.plot(r.t_years, r.bmd_percent)
        fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
        plt.close(fig)
        times.append(time.perf_counter() - t0)
    return times


def replot_axes():
    state, bone = _axes_state()
    times = []
    for name, value in axes_moves():
        t0 = time.perf_counter()
        levels, hormones = _axes_step(state, bone, name, value)
        r = simulate(hormones, years=YEARS)
        fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.4))
        a.bar(list(levels), list(levels.values()))
        a.set_yscale("log")
        b.plot(r.t_years, r.bmd_percent)
        fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
        plt.close(fig)
        times.append(time.perf_counter() - t0)
    return times


def model_only():
    state, bone = _axes_state()
    times = []
    for name, value in axes_moves():
        t0 = time.perf_counter()
        _, hormones = _axes_step(state, bone, name, value)
        simulate(hormones, years=YEARS)
        times.append(time.perf_counter() - t0)
    return times


def main():
    ms = lambda times: statistics.median(times) * 1e3  # noqa: E731
    time_receptor(False)     # warm-up: fonts, glyph caches
    time_axes(False)
    for label, timer, replot in (("Receptor explorer", time_receptor, replot_receptor),
                                 ("Axes explorer", time_axes, replot_axes)):
        moves, full = timer(False)
        cpu = list(CPU)
        forced, _ = timer(True)
        peer = replot()
        print(f"{label}, {len(moves)} moves, {YEARS}-year bone run, Agg (median)   "
              f"target: <= {TARGET_MS:.0f} ms")
        print(f"  explorer move (model + moving artists, PNG)   {ms(moves):7.1f} ms   "
              f"({full} of {len(moves)} moves redrew the decorations)")
        print(f"  the same, CPU time of this process            {ms(cpu):7.1f} ms")
        print(f"  explorer move, decorations redrawn each time  {ms(forced):7.1f} ms")
        print(f"  full re-plot as interact does it (peer)       {ms(peer):7.1f} ms")
        print(f"  ratio re-plot / explorer move                 {ms(peer) / ms(moves):7.1f}x")
        verdict = "meets" if ms(moves) <= TARGET_MS else "MISSES"
        print(f"  explorer move {verdict} the {TARGET_MS:.0f} ms target (wall clock; "
              f"{'meets' if ms(cpu) <= TARGET_MS else 'MISSES'} it in CPU time)")
    print(f"Model alone (axis steady state + 10-year bone run): {ms(model_only()):.2f} ms")


if __name__ == "__main__":
    main()
