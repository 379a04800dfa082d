"""The Tier 2 hormone explorer: two regimens side by side on one figure (lessons 2.4, 2.5).

One line in a notebook::

    from course_lib.widgets.hormone_explorer import hormone_explorer
    hormone_explorer(a="progesterone_alone", b="ept_micronized_progesterone")

Each side has a preset (a named state, which brings its own history, or a therapy) and a
history: what the woman lived before the comparison starts. Time 0 is the day the comparison
starts; the history is drawn to its left, and BMD is % of its value at time 0, so both curves
start at 100 %. The readout gives each side's change and the difference B minus A in %/year
(model output); a therapy preset shows its harms beside the result.

Each move runs the model for the two sides (histories are cached) and redraws only the data
lines over a cached background (inline) or lets ipympl redraw. The axes depend on what is
shown, yet rarely change: per site, 5-year window of the comparison and the two selected
histories (`axis_limits`: x from the longer of the two histories to the window, y so that
every preset after either history fits), so a move of a preset or of the years within a window
never rescales them; a new history, site or window may. The limits are read from per-history
envelopes computed once per site (`_envelope`), so no move runs the model for them.
`benchmarks/bench_hormone_explorer.py` times a move against a full re-plot.
CSS classes for tests: container ``hormone-explorer``; per side ``hx-preset-a``/``-b``,
``hx-history-a``/``-b``; ``hx-site``, ``hx-years``, ``hx-readout``, ``hx-harms``,
``hx-plot``.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from course_lib import plots, protocols, validation
from course_lib.model_output import stamp_axes
from course_lib.scenarios import intermediate as s2
from course_lib.widgets.panels import FigurePanel, described_box, detect_backend

YEARS_RANGE = (1, 20)
WINDOW_YEARS = 5        # the x axis ends at the next multiple of this after the years shown
SIDES = ("a", "b")
_COLOURS = {"a": plots.OKABE_ITO["blue"], "b": plots.OKABE_ITO["vermillion"]}
_SHARED_HISTORY_COLOUR = "0.45"     # one grey dashed line when A and B share their history
#: Plain words for the abbreviations of the harms texts (shown under the harms box).
HARMS_GLOSSARY = ("HR: hazard ratio, the rate of an event on the treatment divided by the rate "
                  "without it (1.3 = 30 % more often). VTE: venous thromboembolism, a blood clot "
                  "in a vein (usually of the leg) that can travel to the lungs.")


def _choice(name, value, choices):
    return validation.choice(value, name, choices)


def _check_years(years):
    return validation.whole(years, "years", *YEARS_RANGE)


class HormoneExplorer:
    """Two sides, A and B, each a preset and a history; ``.widget`` is what to display.

    ``a``/``b`` are keys of `scenarios.intermediate.EXPLORER_PRESETS`; ``history_a``/
    ``history_b`` keys of `HISTORIES` (None: the preset's own history, or "pepi" for a
    therapy); ``site``; ``years`` of comparison (1-20); ``backend`` "inline", "ipympl" or None
    (detected). Bad values raise ValueError naming the argument.
    """

    def __init__(self, *, a: str = "estrogen_therapy", b: str = "ept_mpa",
                 history_a: str | None = None, history_b: str | None = None,
                 site: str = "spine", years: int = 3, backend: str | None = None):
        import ipywidgets as w

        presets = {side: s2.preset(_choice(side, key, tuple(s2.EXPLORER_PRESETS)))
                   for side, key in zip(SIDES, (a, b), strict=True)}
        histories = {"a": history_a, "b": history_b}
        for side in SIDES:
            if histories[side] is None:
                histories[side] = presets[side].history or "pepi"
            _choice(f"history_{side}", histories[side], tuple(s2.HISTORIES))
        _choice("site", site, s2.SITES)
        years = _check_years(years)
        self.backend = _choice("backend", backend or detect_backend(), ("inline", "ipympl"))
        for each_site in s2.SITES:    # axis limits for every site and window, before any move
            _envelope(each_site)
        self.result = None      # the last Summary drawn
        self._syncing = False

        self.preset, self.history = {}, {}
        for side in SIDES:
            dd = w.Dropdown(options=[(p.label, k) for k, p in s2.EXPLORER_PRESETS.items()],
                            value=a if side == "a" else b, description=side.upper(),
                            style={"description_width": "20px"},
                            layout=w.Layout(width="330px"))
            dd.add_class(f"hx-preset-{side}")
            hd = w.Dropdown(options=[(s2.HISTORY_LABELS[k], k) for k in s2.HISTORIES],
                            value=histories[side], description="history",
                            style={"description_width": "55px"},
                            layout=w.Layout(width="560px"))
            hd.add_class(f"hx-history-{side}")
            dd.observe(lambda ch, s=side: self._on_preset(s, ch["new"]), names="value")
            hd.observe(lambda _: self._changed(), names="value")
            self.preset[side], self.history[side] = dd, hd
        self.site = w.ToggleButtons(options=[(x.capitalize(), x) for x in s2.SITES], value=site,
                                    style={"button_width": "70px"})
        self.site.add_class("hx-site")
        self.years = w.IntSlider(value=years, min=YEARS_RANGE[0], max=YEARS_RANGE[1],
                                 description="Years", continuous_update=False,
                                 style={"description_width": "45px"})
        self.years.add_class("hx-years")
        self.site.observe(lambda _: self._changed(), names="value")
        self.years.observe(lambda _: self._changed(), names="value")
        self.readout = w.HTML()
        self.readout.add_class("hx-readout")
        self.harms = w.HTML()
        self.harms.add_class("hx-harms")

        self.figure, self._lines, self.plot = self._make_figure()
        self.update()
        rows = [w.HBox([self.preset[s], self.history[s]]) for s in SIDES]
        self.widget = described_box(
            [*rows, w.HBox([self.site, self.years]), self.plot, self.readout, self.harms],
            "[Interactive hormone explorer: run the notebook to compare two regimens side by "
            "side.]")
        self.widget.add_class("hormone-explorer")

    # -- events --------------------------------------------------------------------------
    def _on_preset(self, side: str, key: str) -> None:
        p = s2.preset(key)
        if p.history is not None and self.history[side].value != p.history:
            self._syncing = True     # a state brings its own history: one update, not two
            try:
                self.history[side].value = p.history
            finally:
                self._syncing = False
        elif p.history is None and self.history[side].value == "none":
            self._syncing = True     # a therapy after menopause needs a menopause
            try:
                self.history[side].value = "pepi"
            finally:
                self._syncing = False
        self.update()

    def _changed(self) -> None:
        if not self._syncing:
            self.update()

    # -- model ---------------------------------------------------------------------------
    def runs(self) -> dict:
        """{side: (preset, history name, history Result or None, therapy Result)}."""
        site, years = self.site.value, self.years.value
        out = {}
        for side in SIDES:
            p = s2.preset(self.preset[side].value)
            hist = self.history[side].value
            out[side] = (p, hist, s2.history_run(hist, site),
                         s2.therapy_run(p.regimen, years, site, hist))
        return out

    # -- drawing -------------------------------------------------------------------------
    def _make_figure(self):
        from matplotlib.ticker import MaxNLocator

        self.panel = FigurePanel((9.0, 3.4), self.backend, "hx-plot",
                                 alt="<hormone explorer figure>")
        fig = self.panel.figure
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.88)
        ax = fig.add_subplot()
        ax.axhline(100.0, color=plots.PALETTE["reference"], lw=0.8, ls=":", alpha=0.6)
        ax.axvline(0.0, color="0.4", lw=0.8)
        ax.text(0.0, 0.02, " comparison starts", transform=ax.get_xaxis_transform(),
                fontsize="small", color="0.3", va="bottom")
        lines = {}
        for side in SIDES:
            lines[f"hist_{side}"], = ax.plot([], [], color=_COLOURS[side], lw=1.2, ls="--",
                                             alpha=0.7)
            lines[side], = ax.plot([], [], color=_COLOURS[side], lw=2.0, label=side.upper())
        ax.set_xlabel("Years from the start of the comparison (history to the left)")
        ax.set_ylabel("BMD (% of value at time 0)")
        # Fixed places for the labels and titles: matplotlib then need not measure the tick
        # labels to place them, which makes a full redraw (a new site, window or history)
        # about a quarter cheaper. Ticks on whole years and whole percent.
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True, steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True, steps=[1, 2, 5, 10]))
        ax.xaxis.set_label_coords(0.5, -0.13)
        ax.yaxis.set_label_coords(-0.055, 0.5)
        ax.legend(loc="lower center", bbox_to_anchor=(0.62, 1.0), ncol=2, fontsize="small",
                  frameon=False)
        stamp_axes(ax)
        self.panel.moving(*lines.values())      # drawn over the cached decorations
        return fig, lines, self.panel.area

    def update(self) -> None:
        """Run the model for both sides and redraw."""
        runs = self.runs()
        years = self.years.value
        shared = runs["a"][1] == runs["b"][1]      # one history for both: drawn once, grey
        for side, (_p, _h, hist, run) in runs.items():
            self._lines[side].set_data(run.t_years, run.bmd_percent)
            line = self._lines[f"hist_{side}"]
            if hist is None or (shared and side == "b"):
                line.set_data([], [])
            else:
                t0 = float(hist.t_years[-1])
                line.set_data(hist.t_years - t0, hist.bmd_percent * (100.0 / hist.bmd_percent[-1]))
                line.set_color(_SHARED_HISTORY_COLOUR if shared else _COLOURS[side])
        ax = self.figure.axes[0]
        xlim, ylim = axis_limits(self.site.value, _window(years), runs["a"][1], runs["b"][1])
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_title(f"{self.site.value.capitalize()}: A and B side by side",
                     fontsize="medium", loc="left", y=1.0)   # y given: no automatic placing
        change = {s: float(r[3].bmd_change) for s, r in runs.items()}
        self.result = Summary(change["a"], change["b"], years)
        self.readout.value = self._readout_text(runs, change, years)
        self.harms.value = self._harms_text(runs)
        self.panel.redraw()

    def _readout_text(self, runs, change, years) -> str:
        parts = []
        for side in SIDES:
            p, hist, _, _ = runs[side]
            parts.append(f"<b style='color:{_COLOURS[side]}'>{side.upper()}</b> "
                         f"{html.escape(p.label)} (before: "
                         f"{html.escape(s2.HISTORY_LABELS[hist])}): BMD {change[side]:+.1f} % "
                         f"in {years} years ({change[side] / years:+.2f} %/year)")
        diff = self.result.difference_percent_per_year
        return ("<br>".join(parts) + f"<br><b>Difference B minus A: {diff:+.2f} % per year</b>"
                f" ({years}-year average) <i>(model output)</i>")

    def _harms_text(self, runs) -> str:
        items = []
        for side in SIDES:
            p = runs[side][0]
            harms = protocols.harms_for(p.regimen) if p.is_therapy else None
            if harms:
                items.append(f"<li><b>{side.upper()}, {html.escape(p.label)}:</b> "
                             f"{html.escape(harms)}</li>")
        if not items:
            return ""
        return ("<div class='hx-harms-box'><b>Harms beside the result</b> (evidence, not model "
                "output):<ul>" + "".join(items) + "</ul>"
                f"<small><i>{html.escape(HARMS_GLOSSARY)}</i></small></div>")

@dataclass(frozen=True)
class Summary:
    """What the readout shows, as numbers (model output; for tests and answer keys)."""

    change_a_percent: float         # A's BMD change over the years shown, percentage points
    change_b_percent: float
    years: int

    @property
    def difference_percent_per_year(self) -> float:
        """B minus A, averaged over the years, % per year."""
        return (self.change_b_percent - self.change_a_percent) / self.years


def _window(years: int) -> int:
    """The comparison window the x axis shows: `years` rounded up to a multiple of 5."""
    return WINDOW_YEARS * math.ceil(years / WINDOW_YEARS)


@lru_cache(maxsize=256)
def axis_limits(site: str, window: int, history_a: str = "pepi",
                history_b: str | None = None) -> tuple[tuple[float, float], tuple[float, float]]:
    """(x, y) limits for `site`, a comparison of up to `window` years and the two selected
    histories (`history_b` None: the same as `history_a`).

    x runs from the longer of the two histories (at least a year) to `window`; y covers every
    preset's regimen after either history over `window` years, and both histories as drawn
    (% of their value at time 0), on a 2 % grid, so that no preset or years move within the
    window rescales the axes and the cached background stays valid. Read from `_envelope`
    (computed once per site), so new limits cost no model run."""
    env = _envelope(site)
    chosen = [env[h] for h in dict.fromkeys((history_a, history_b or history_a))]
    longest = max(1.0, *(e.length for e in chosen))
    inside = chosen[0].t <= window + 1e-9
    low = min(min(e.drawn_low, float(e.run_low[inside].min())) for e in chosen)
    high = max(max(e.drawn_high, float(e.run_high[inside].max())) for e in chosen)
    pad = 0.6
    return ((-longest - 0.3, window + 0.3),
            (_step_floor(low - pad), _step_ceil(high + pad)))


@dataclass(frozen=True)
class _HistoryEnvelope:
    """One history at one site: its length (years), its BMD range as drawn, and the running
    lowest and highest BMD of every preset's regimen after it, at each time `t`."""

    length: float
    drawn_low: float
    drawn_high: float
    t: np.ndarray
    run_low: np.ndarray
    run_high: np.ndarray


@lru_cache(maxsize=4)
def _envelope(site: str) -> dict[str, _HistoryEnvelope]:
    """Per site, one `_HistoryEnvelope` per history, over the longest comparison (every
    preset's regimen after every history: about 50 model runs, once per site)."""
    out = {}
    regimens = sorted({p.regimen for p in s2.EXPLORER_PRESETS.values()})
    for history in s2.HISTORIES:
        hist = s2.history_run(history, site)
        if hist is None:
            length, low, high = 0.0, 100.0, 100.0
        else:
            drawn = hist.bmd_percent * (100.0 / hist.bmd_percent[-1])
            length, low, high = float(hist.t_years[-1]), float(drawn.min()), float(drawn.max())
        runs = [s2.therapy_run(name, YEARS_RANGE[1], site, history) for name in regimens]
        t = runs[0].t_years
        run_low = np.min([r.bmd_percent for r in runs], axis=0)
        run_high = np.max([r.bmd_percent for r in runs], axis=0)
        # the running extremes up to each time: the range of every run over [0, t]
        out[history] = _HistoryEnvelope(length, min(low, 100.0), max(high, 100.0), t,
                                        np.minimum.accumulate(run_low),
                                        np.maximum.accumulate(run_high))
    return out


def _step_floor(x: float, step: float = 2.0) -> float:
    """Round down to a multiple of `step`."""
    return math.floor(x / step) * step


def _step_ceil(x: float, step: float = 2.0) -> float:
    return math.ceil(x / step) * step


def harms_fact_ids() -> tuple[str, ...]:
    """The fact ids the harms box can cite (every therapy preset's protocol rows), in order:
    a lesson that shows the explorer cites them all, so its References list them."""
    import re

    ids = []
    for regimen_name in dict.fromkeys(p.regimen for p in s2.EXPLORER_PRESETS.values()):
        for key in protocols.HARMS_BY_REGIMEN.get(regimen_name, ()):
            text = protocols.protocol(key).harms
            for fact in re.findall(r"@([A-Za-z0-9_]+)", text) + re.findall(
                    r"\{([a-z0-9_]+):", text):
                if fact not in ids:
                    ids.append(fact)
    return tuple(ids)


def hormone_explorer(**initial):
    """Build a HormoneExplorer and return its widget (displays as the cell's value)."""
    return HormoneExplorer(**initial).widget


__all__ = ["HormoneExplorer", "hormone_explorer", "axis_limits", "harms_fact_ids",
           "HARMS_GLOSSARY", "YEARS_RANGE", "SIDES"]
