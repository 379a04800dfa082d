"""The remodeling explorer: hormone sliders and presets over the shared model.

One line in a notebook::

    from course_lib.widgets import remodeling_explorer
    remodeling_explorer(preset="postmenopause", site="hip", years=10)

The preset menu offers Tier 1's physiological states (`TIER1_PRESETS`) unless a lesson passes
its own ``presets=``: therapies belong in the lessons that show their harms beside them.
Each slider has a box to type a level into; a typed level outside the slider's range is set to
the nearest end of the range, and the explorer says so.

Each slider release runs the model once and updates the existing matplotlib lines
(``set_data`` + rescale + redraw); the figure is never rebuilt. With ``%matplotlib widget``
(ipympl) the canvas sits in the layout; otherwise the PNG is redrawn into an Output widget.
"""

from __future__ import annotations

import base64
import html
import io
import math

from course_lib import plots, validation
from course_lib.model import DAYS_PER_YEAR, INPUT_NAMES, SITES, Hormones, mean_level, simulate
from course_lib.regimens import REGIMEN_NAMES, describe, regimen

LEVEL_RANGE = (0.0, 3.0)  # every hormone slider (the model itself accepts 0 to 10)
YEARS_RANGE = (1, 30)
CUSTOM = "custom"  # preset value: constant levels taken from the sliders

#: Tier 1's presets: physiological states only, no therapies (those come with their harms,
#: in Tier 2).
TIER1_PRESETS = ("reference", "anovulatory", "menopause_transition", "postmenopause")

_REFERENCE = {name: float(getattr(Hormones(), name)) for name in INPUT_NAMES}
#: What each input does IN THE MODEL (its assumptions, not findings; lessons give the evidence).
_TOOLTIPS = {
    "estradiol": "restrains osteoclasts",
    "progesterone": "raises osteoblast formation through PR (a model assumption; see "
                    "Lesson 1.2 for the evidence)",
    "testosterone": "raises osteoblast formation",
    "cortisol": "slows osteoblasts and lengthens osteoclast life",
    "thyroid": "sets the pace of remodeling",
    "inflammation": "recruits osteoclasts; 0 = none",
}
_SITE_TOOLTIPS = {"spine": "Model spine: trabecular-rich, faster turnover",
                  "hip": "Model hip (stands for the total hip): cortical-rich, slower turnover"}
_SERIES = {"osteoclasts": "osteoclasts", "osteoblasts": "osteoblasts", "bmd": "bmd_percent"}
_DRIVEN_COLOR = plots.OKABE_ITO["orange"]  # handle of a slider driven by a time course


def _check_level(name, value):
    return validation.number(value, name, *LEVEL_RANGE,
                             hint=f" (the slider range; reference {_REFERENCE[name]:g})")


def _check_choice(name, value, choices):
    return validation.choice(value, name, choices)


def _check_years(years):
    return validation.whole(years, "years", *YEARS_RANGE)


def _check_presets(presets):
    message = f"presets must be a tuple of regimen names, got {presets!r}"
    if isinstance(presets, str):
        raise ValueError(message)
    try:
        presets = tuple(presets)
    except TypeError:
        raise ValueError(message) from None
    for name in presets:
        _check_choice("presets", name, REGIMEN_NAMES)
    return presets


def _years_text(years) -> str:
    return f"{years} year" if years == 1 else f"{years} years"


def _level_slider(w, name: str):
    lo, hi = LEVEL_RANGE
    ref = _REFERENCE[name]
    slider = w.FloatSlider(value=ref, min=lo, max=hi, step=0.05, readout=False,
                           description=name.capitalize(), continuous_update=False,
                           tooltip=f"{name.capitalize()}, in the model: {_TOOLTIPS[name]}. "
                                   f"Reference = {ref:g}; range {lo:g} to {hi:g}.",
                           style={"description_width": "95px"},
                           layout={"width": "260px"})
    slider.add_class(f"explorer-{name}")
    return slider


def _level_box(w, name: str):
    """The box beside a slider: shows its level and takes a typed one (any number)."""
    box = w.FloatText(value=_REFERENCE[name], step=0.05, layout={"width": "70px"},
                      tooltip=f"Type a {name} level from {LEVEL_RANGE[0]:g} to "
                              f"{LEVEL_RANGE[1]:g}")
    box.add_class(f"explorer-{name}-box")
    return box


def _detect_backend() -> str:
    import matplotlib

    name = matplotlib.get_backend().lower()
    return "ipympl" if ("ipympl" in name or name == "widget") else "inline"


class RemodelingExplorer:
    """Sliders, site, years and presets over ``simulate``; ``.widget`` is what to display.

    Keyword arguments set the starting state: ``preset`` (one of ``presets`` or
    ``"custom"``), ``site``, ``years`` and any of the six levels (which, given with a preset,
    override it and make the state custom). ``presets`` is the menu (regimen names; default
    `TIER1_PRESETS`). ``backend`` is ``"inline"``, ``"ipympl"`` or None (detected once,
    here). Bad values raise ValueError naming the argument and its range.
    """

    def __init__(self, *, preset: str | None = None, site: str = "spine", years: int = 10,
                 backend: str | None = None, presets=TIER1_PRESETS, **levels: float):
        import ipywidgets as w

        unknown = sorted(set(levels) - set(INPUT_NAMES))
        if unknown:
            raise TypeError(f"unknown argument(s) {', '.join(unknown)}; levels are "
                            f"{', '.join(INPUT_NAMES)}")
        levels = {name: _check_level(name, v) for name, v in levels.items()}
        site = _check_choice("site", site, SITES)
        years = _check_years(years)
        presets = _check_presets(presets)
        preset = CUSTOM if preset is None else preset
        _check_choice("preset", preset, (CUSTOM, *presets))
        self.backend = _check_choice("backend", backend or _detect_backend(),
                                     ("inline", "ipympl"))

        self.result = None  # last Result drawn
        self.error = None  # last message from a refused input, or None
        self._preset_hormones = None  # the preset's Hormones while the preset drives the run
        self._syncing = False  # True while the explorer itself moves the sliders
        self._typing = False  # True while the explorer itself writes into the level boxes

        self.sliders = {name: _level_slider(w, name) for name in INPUT_NAMES}
        self.boxes = {name: _level_box(w, name) for name in INPUT_NAMES}
        for name, slider in self.sliders.items():
            slider.observe(self._on_level, names="value")
            slider.observe(lambda change, n=name: self._show_level(n), names="value")
            self.boxes[name].observe(lambda change, n=name: self._on_typed(n, change["new"]),
                                     names="value")
        self.years = w.IntSlider(value=years, min=YEARS_RANGE[0], max=YEARS_RANGE[1],
                                 description="Years", continuous_update=False,
                                 tooltip="Length of the run in years",
                                 style={"description_width": "50px"})
        self.years.add_class("explorer-years")
        self.site = w.ToggleButtons(options=[(name.capitalize(), name) for name in SITES],
                                    value=site,
                                    tooltips=[_SITE_TOOLTIPS.get(name, name) for name in SITES],
                                    style={"button_width": "70px"})
        self.site.add_class("explorer-site")
        self.preset = w.Dropdown(
            options=[("custom (slider levels)", CUSTOM)] + [(n.replace("_", " "), n)
                                                            for n in presets],
            value=CUSTOM, description="Preset", style={"description_width": "50px"})
        self.preset.add_class("explorer-preset")
        self.note = w.HTML()
        self.note.add_class("explorer-note")
        self.warning = w.HTML()  # says when a typed level was outside the slider's range
        self.warning.add_class("explorer-warning")
        self.readout = w.HTML()
        self.readout.add_class("explorer-readout")

        self.figure, self._lines, self.plot = self._make_figure()

        if levels:  # levels given with a preset override it: the state is custom
            self.preset.value = preset
            self._apply_preset(preset)
            self._set_levels(levels)
            preset = CUSTOM
        self.preset.value = preset
        self._apply_preset(preset)
        self.preset.observe(self._on_preset, names="value")
        self.site.observe(lambda _: self.update(), names="value")
        self.years.observe(self._on_years, names="value")
        self.update()

        def column(names):
            return w.VBox([w.HBox([self.sliders[n], self.boxes[n]]) for n in names])

        grid = w.HBox([column(INPUT_NAMES[:3]), column(INPUT_NAMES[3:])])
        controls = w.HBox([self.preset, self.site, self.years])
        self.widget = w.VBox([controls, self.note, grid, self.warning, self.plot,
                              self.readout])
        self.widget.add_class("course-explorer")

    # -- state ---------------------------------------------------------------------------
    def levels(self) -> dict[str, float]:
        """The six slider values."""
        return {name: s.value for name, s in self.sliders.items()}

    def hormones(self) -> Hormones:
        """What the model runs: the preset's own schedule while it drives, else the sliders."""
        if self._preset_hormones is not None:
            return self._preset_hormones
        return Hormones(**self.levels())

    def _show_level(self, name: str) -> None:
        """Copy a slider's level into its box (rounded as the slider shows it)."""
        box, value = self.boxes[name], round(float(self.sliders[name].value), 2)
        if box.value != value:
            self._typing = True
            try:
                box.value = value
            finally:
                self._typing = False

    def _on_typed(self, name: str, value) -> None:
        """A level typed into a box: in range, it moves the slider; outside, the nearest end
        of the range is used and the student is told so (never clamped silently)."""
        if self._typing:
            return
        lo, hi = LEVEL_RANGE
        slider = self.sliders[name]
        try:
            value = float(value)
        except (TypeError, ValueError):
            value = math.nan
        if math.isnan(value):
            self.warning.value = (f"<b>{name.capitalize()}:</b> that is not a number. Type a "
                                  f"level from {lo:g} to {hi:g}.")
            self._show_level(name)
            return
        used = min(max(value, lo), hi)
        if slider.value != used:
            slider.value = used  # runs the model (and clears an old warning)
        self._show_level(name)
        if used != value:
            self.warning.value = (f"<b>{name.capitalize()}: you typed {value:g}, outside the "
                                  f"slider's range ({lo:g} to {hi:g}).</b> The explorer uses "
                                  f"{used:g}, the nearest end of the range.")

    def _set_levels(self, levels: dict[str, float]) -> None:
        self._syncing = True
        try:
            for name, value in levels.items():
                self.sliders[name].value = value
        finally:
            self._syncing = False

    def _show_preset(self) -> None:
        """Set the sliders to the preset's levels (means over the run for time courses)."""
        days = self.years.value * DAYS_PER_YEAR
        inputs = {name: getattr(self._preset_hormones, name) for name in INPUT_NAMES}
        self._set_levels({name: mean_level(v, days) for name, v in inputs.items()})
        varying = [name for name, v in inputs.items() if not isinstance(v, float)]
        self._mark_driven(varying)
        text = f"<b>Preset:</b> {html.escape(describe(self.preset.value))}."
        if varying:
            names = " and ".join(varying).capitalize()
            verb = "changes" if len(varying) == 1 else "change"
            text += (f"<br>{names} {verb} over time: the orange sliders show the mean over "
                     f"{_years_text(self.years.value)}, while the curves follow the real time "
                     f"course. Move any slider to run constant levels instead.")
        self.note.value = text

    def _mark_driven(self, names) -> None:
        for name, s in self.sliders.items():
            driven = name in names
            s.style.handle_color = _DRIVEN_COLOR if driven else None
            (s.add_class if driven else s.remove_class)("explorer-driven")

    # -- events --------------------------------------------------------------------------
    def _apply_preset(self, name: str) -> None:
        if name == CUSTOM:
            self._preset_hormones = None
            self._mark_driven(())
            self.note.value = ("<b>Custom</b>: constant levels from the sliders "
                               "(1 = reference premenopausal woman; inflammation 0 = none).")
        else:
            self._preset_hormones = regimen(name)
            self._show_preset()

    def _on_level(self, _change) -> None:
        if self._syncing:
            return
        self.warning.value = ""
        if self.preset.value != CUSTOM:
            self.preset.value = CUSTOM  # the student took over; _on_preset updates
        else:
            self.update()

    def _on_preset(self, change) -> None:
        self.warning.value = ""
        self._apply_preset(change["new"])
        self.update()

    def _on_years(self, _change) -> None:
        if self._preset_hormones is not None:
            self._show_preset()  # the means depend on the length of the run
        self.update()

    # -- drawing -------------------------------------------------------------------------
    def _make_figure(self):
        from matplotlib.figure import Figure

        fig = Figure(figsize=(9.0, 3.3), dpi=100)  # not registered with pyplot: no leak
        if self.backend == "ipympl":
            import matplotlib

            backend = matplotlib.get_backend()
            from ipympl.backend_nbagg import Canvas, FigureManager

            if matplotlib.get_backend() != backend:  # importing ipympl selects it for pyplot
                matplotlib.use(backend)
            FigureManager(Canvas(fig), 0)
            fig.canvas.header_visible = False
            fig.canvas.footer_visible = False
            fig.canvas.resizable = False
            area = fig.canvas
        else:
            import ipywidgets as w
            from matplotlib.backends.backend_agg import FigureCanvasAgg

            FigureCanvasAgg(fig)
            area = w.Output()
        area.add_class("explorer-plot")
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.9, wspace=0.25)
        axes = fig.subplots(1, 2)
        first = simulate(Hormones(), years=1)
        plots.plot_result(first, ax=axes)
        lines = {line.get_gid(): line for ax in axes for line in ax.get_lines()
                 if line.get_gid()}
        self._dynamic = list(lines.values())  # drawn over the cached decorations
        self._background, self._background_key = None, None
        return fig, lines, area

    def update(self) -> None:
        """Run the model for the current state and redraw; a refused input keeps the plot."""
        try:
            result = simulate(self.hormones(), years=self.years.value, site=self.site.value)
        except ValueError as exc:
            self.error = str(exc)
            self.readout.value = (f"<b>The model refused these settings:</b> "
                                  f"{html.escape(str(exc))}<br>The plot "
                                  f"still shows the last settings it accepted.")
            return
        self.error, self.result = None, result
        for gid, field in _SERIES.items():
            self._lines[gid].set_data(result.t_years, getattr(result, field))
        ax_cells, ax_bmd = self.figure.axes
        _rescale(ax_cells, self.years.value, plots.MIN_SPAN["cells"])
        _rescale(ax_bmd, self.years.value, plots.MIN_SPAN["bmd"])
        # Left title slot: the right one holds the MODEL OUTPUT stamp, the centre would run
        # into it with a long preset name.
        ax_bmd.set_title(f"{self.site.value.capitalize()}, {self.preset.label}",
                         loc="left", fontsize="medium")
        self.readout.value = self._readout_text(result)
        self._redraw()

    def _readout_text(self, r) -> str:
        years = self.years.value
        change = float(r.bmd_change)
        return (f"<b>{self.site.value.capitalize()} after {_years_text(years)}:</b> BMD changed "
                f"{change:+.1f} % from its starting value ({change / years:+.2f} % per year on "
                f"average); turnover {float(r.turnover[-1]):.2f} &times; reference at the end. "
                f"<i>(model output)</i>")

    def _redraw(self) -> None:
        """Show the updated lines: ipympl redraws itself; inline gets a fresh PNG.

        Inline, the decorations (axes, ticks, labels) are drawn once per set of limits and
        kept as a bitmap; each move then draws only the three data lines onto it.
        """
        canvas = self.figure.canvas
        if self.backend == "ipympl":
            canvas.draw_idle()
            return
        key = tuple((ax.get_xlim(), ax.get_ylim(), ax.get_title("left"))
                    for ax in self.figure.axes)
        if key != self._background_key:
            for artist in self._dynamic:
                artist.set_visible(False)
            canvas.draw()
            for artist in self._dynamic:
                artist.set_visible(True)
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._background_key = key
        else:
            canvas.restore_region(self._background)
        for artist in self._dynamic:
            self.figure.draw_artist(artist)
        self.plot.outputs = ({"output_type": "display_data", "metadata": {},
                              "data": {"image/png": _png(canvas),
                                       "text/plain": "<remodeling explorer figure>"}},)


def _rescale(ax, years: int, span: tuple[float, float]) -> None:
    """x from 0 to ``years``; y autoscaled, but kept while the data fill most of it.

    Steady axes let a student see a curve move, and let the redraw skip the decorations.
    """
    old_low, old_high = ax.get_ylim()
    ax.relim()
    plots.keep_min_span(ax, *span)
    ax.autoscale_view(scalex=False)
    ax.set_xlim(0, years)
    data_low, data_high = ax.dataLim.y0, ax.dataLim.y1
    new_low, new_high = ax.get_ylim()
    fits = old_low <= data_low and data_high <= old_high
    if fits and (new_high - new_low) >= 0.6 * (old_high - old_low):
        ax.set_ylim(old_low, old_high, auto=None)


def _png(canvas) -> str:
    """Base64 PNG of an Agg canvas's current buffer (fast compression, no metadata)."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=1)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def remodeling_explorer(**initial):
    """Build a RemodelingExplorer and return its widget (displays as the cell's value)."""
    return RemodelingExplorer(**initial).widget


__all__ = ["RemodelingExplorer", "remodeling_explorer", "CUSTOM", "LEVEL_RANGE", "YEARS_RANGE",
           "TIER1_PRESETS"]
