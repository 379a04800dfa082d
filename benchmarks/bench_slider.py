"""One explorer slider move against a full re-plot as `interact` does it (Agg, same run).

Target (docs/design.md, "The model's contract"): a slider move (model + redraw of existing
artists) at most 50 ms median. Prints medians and ratios; asserts nothing.
Run: python benchmarks/bench_slider.py
"""

import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from course_lib import plots  # noqa: E402
from course_lib.model import INPUT_NAMES, Hormones, simulate  # noqa: E402
from course_lib.widgets import RemodelingExplorer  # noqa: E402

MOVES = 50
YEARS = 10
TARGET_MS = 50.0


def student_moves():
    """Estradiol dragged down and back up in slider steps, then progesterone nudged."""
    down = [round(1.0 - 0.05 * i, 2) for i in range(1, 16)]
    steps = [("estradiol", v) for v in down + down[::-1][1:]]
    steps += [("progesterone", round(1.0 + 0.05 * (i % 4), 2)) for i in range(MOVES)]
    return steps[:MOVES]


def time_explorer(force_full: bool) -> tuple[list[float], int]:
    """Seconds per move, and how many moves redrew the axes decorations."""
    ex = RemodelingExplorer(backend="inline", years=YEARS)
    times, full = [], 0
    for name, value in student_moves():
        if force_full:
            ex._background_key = None
        key = ex._background_key
        t0 = time.perf_counter()
        ex.sliders[name].value = value
        times.append(time.perf_counter() - t0)
        full += ex._background_key != key
    return times, full


def time_interact_replot() -> list[float]:
    """What `interact` + the inline backend do per move: model, new figure, tight PNG."""
    times, levels = [], {name: getattr(Hormones(), name) for name in INPUT_NAMES}
    for name, value in student_moves():
        t0 = time.perf_counter()
        levels[name] = value
        fig = plots.plot_result(simulate(Hormones(**levels), years=YEARS))[0].figure
        fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
        plt.close(fig)
        times.append(time.perf_counter() - t0)
    return times


def time_model() -> list[float]:
    times = []
    for _, value in student_moves():
        t0 = time.perf_counter()
        simulate(Hormones(estradiol=value), years=YEARS)
        times.append(time.perf_counter() - t0)
    return times


def main():
    ms = lambda times: statistics.median(times) * 1e3  # noqa: E731
    time_explorer(False)  # warm-up: fonts, glyph caches
    moves, full = time_explorer(False)
    forced, _ = time_explorer(True)
    replot = time_interact_replot()
    model = time_model()
    print(f"Explorer slider move, {YEARS}-year run, Agg, {MOVES} moves (median)   "
          f"target: <= {TARGET_MS:.0f} ms")
    print(f"  model alone                                  {ms(model):7.1f} ms")
    print(f"  explorer move (model + existing artists, PNG) {ms(moves):7.1f} ms   "
          f"({full} of {MOVES} moves rescaled the axes)")
    print(f"  explorer move, every move redraws the axes   {ms(forced):7.1f} ms")
    print(f"  full re-plot as interact does it (peer)       {ms(replot):7.1f} ms")
    print(f"  ratio re-plot / explorer move                 {ms(replot) / ms(moves):7.1f}x   "
          f"(re-plot / forced full redraw {ms(replot) / ms(forced):.1f}x)")
    verdict = "meets" if ms(moves) <= TARGET_MS else "MISSES"
    print(f"  explorer move {verdict} the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    main()
