"""Tier 2 hormone explorer: one move (model + redraw) against a full re-plot, same process.

Target (docs/design.md): model + redraw under 50 ms per move (median).
A "move" is what a student does: pick another preset for A or B, another history, or drag the
years slider. The peer is what `interact` + the inline backend would do for the same move:
run the model, build a new figure, save a PNG with a tight bounding box. Prints medians and
ratios; asserts nothing.
Run: python benchmarks/bench_hormone_explorer.py
"""

import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from course_lib.scenarios import intermediate as s2  # noqa: E402
from course_lib.widgets.hormone_explorer import HormoneExplorer  # noqa: E402

TARGET_MS = 50.0
PRESETS_B = ("progesterone_alone", "estrogen_therapy", "ept_mpa", "ept_micronized_progesterone",
             "testosterone", "aromatase_inhibitor", "progesterone_cream",
             "transdermal_estradiol_oral_progesterone")


def student_moves():
    """A session: B through the therapy presets, A's history changed, years dragged."""
    moves = [("preset_b", p) for p in PRESETS_B]
    moves += [("history_a", h) for h in ("early_postmenopause", "late_postmenopause", "pepi")]
    moves += [("years", y) for y in (4, 5, 6, 8, 10, 9, 7, 5, 3)]
    moves += [("preset_a", p) for p in ("progesterone_alone", "late_postmenopause",
                                        "estrogen_therapy")]
    return moves


def apply(ex, move):
    what, value = move
    if what == "years":
        ex.years.value = value
    else:
        kind, side = what.split("_")
        getattr(ex, kind)[side].value = value


def time_explorer(force_full: bool) -> tuple[list[float], int]:
    ex = HormoneExplorer(backend="inline")
    times, full = [], 0
    for move in student_moves():
        if force_full:
            ex._background_key = None
        key = ex._background_key
        t0 = time.perf_counter()
        apply(ex, move)
        times.append(time.perf_counter() - t0)
        full += ex._background_key != key
    return times, full


def replot(ex) -> None:
    """The peer: model for both sides, a new figure, a tight PNG (as `interact` would)."""
    runs = ex.runs()
    fig, ax = plt.subplots(figsize=(9.0, 3.4), dpi=100)
    for side, (_p, _h, hist, run) in runs.items():
        if hist is not None:
            ax.plot(hist.t_years - hist.t_years[-1],
                    hist.bmd_percent * 100 / hist.bmd_percent[-1], ls="--")
        ax.plot(run.t_years, run.bmd_percent, label=side.upper())
    ax.axhline(100, ls=":")
    ax.axvline(0)
    ax.legend()
    ax.set_xlabel("Years")
    ax.set_ylabel("BMD (%)")
    fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
    plt.close(fig)


def time_replot() -> list[float]:
    ex = HormoneExplorer(backend="inline")
    times = []
    for move in student_moves():
        apply(ex, move)           # the widgets' state only; the timed part is the re-plot
        t0 = time.perf_counter()
        replot(ex)
        times.append(time.perf_counter() - t0)
    return times


def time_model() -> list[float]:
    times = []
    for p in PRESETS_B * 3:
        t0 = time.perf_counter()
        s2.therapy_run(s2.preset(p).regimen, 3, "spine", "pepi")
        s2.therapy_run("estrogen", 3, "spine", "pepi")
        times.append(time.perf_counter() - t0)
    return times


def main():
    ms = lambda times: statistics.median(times) * 1e3  # noqa: E731
    time_explorer(False)  # warm-up: fonts, glyph caches, history cache
    moves, full = time_explorer(False)
    forced, _ = time_explorer(True)
    peer = time_replot()
    model = time_model()
    n = len(student_moves())
    print(f"Tier 2 hormone explorer, {n} moves (median)   target: <= {TARGET_MS:.0f} ms")
    print(f"  model, both sides                              {ms(model):7.1f} ms")
    print(f"  explorer move (model + redraw, PNG)            {ms(moves):7.1f} ms   "
          f"({full} of {n} moves redrew the axes)")
    print(f"  explorer move, every move redraws the axes     {ms(forced):7.1f} ms")
    print(f"  full re-plot as interact does it (peer)        {ms(peer):7.1f} ms")
    print(f"  ratio re-plot / explorer move                  {ms(peer) / ms(moves):7.1f}x   "
          f"(re-plot / forced full redraw {ms(peer) / ms(forced):.1f}x)")
    verdict = "meets" if ms(moves) <= TARGET_MS else "MISSES"
    print(f"  explorer move {verdict} the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    main()
