"""The remodeling explorer: hormone sliders and presets over the shared model.

One line in a notebook::

    from course_lib.widgets import remodeling_explorer
    remodeling_explorer(preset="postmenopause", site="hip", years=10)

The preset menu offers Tier 1's physiological states (`TIER1_PRESETS`) unless a lesson passes
its own ``presets=``: therapies belong in the lessons that show their harms beside them.
Each slider has a box to type a level into; a typed level outside the slider's range is set to
the nearest end of the range, and the explorer says so.

Each slider release runs the model once and updates the existing matplotlib lines
(``set_data`` + rescale + redraw); the figure is never rebuilt (`widgets.panels.FigurePanel`).
With ``%matplotlib widget`` (ipympl) the canvas sits in the layout; otherwise the PNG is
redrawn into an Output widget.
"""

from __future__ import annotations

import html
import math

from course_lib import plots, validation
from course_lib.model import DAYS_PER_YEAR, INPUT_NAMES, SITES, Hormones, mean_level, simulate
from course_lib.regimens import REGIMEN_NAMES, describe, regimen
from course_lib.widgets.panels import (
    FigurePanel,
    described_box,
    detect_backend,
    keep_or_rescale,
    refusal,
)

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
        self.backend = _check_choice("backend", backend or detect_backend(),
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
        self.widget = described_box(
            [controls, self.note, grid, self.warning, self.plot, self.readout],
            "[Interactive remodeling explorer: run the notebook to move the hormone sliders.]")
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
        self.panel = FigurePanel((9.0, 3.3), self.backend, "explorer-plot",
                                 alt="<remodeling explorer figure>")
        fig = self.panel.figure
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.9, wspace=0.25)
        axes = fig.subplots(1, 2)
        first = simulate(Hormones(), years=1)
        plots.plot_result(first, ax=axes)
        lines = {line.get_gid(): line for ax in axes for line in ax.get_lines()
                 if line.get_gid()}
        self.panel.moving(*lines.values())  # drawn over the cached decorations
        return fig, lines, self.panel.area

    def update(self) -> None:
        """Run the model for the current state and redraw; a refused input keeps the plot."""
        try:
            result = simulate(self.hormones(), years=self.years.value, site=self.site.value)
        except ValueError as exc:
            self.error = str(exc)
            self.readout.value = refusal("The model", exc)
            return
        self.error, self.result = None, result
        for gid, field in _SERIES.items():
            self._lines[gid].set_data(result.t_years, getattr(result, field))
        ax_cells, ax_bmd = self.figure.axes
        keep_or_rescale(ax_cells, (0, self.years.value), plots.MIN_SPAN["cells"])
        keep_or_rescale(ax_bmd, (0, self.years.value), plots.MIN_SPAN["bmd"])
        # Left title slot: the right one holds the MODEL OUTPUT stamp, the centre would run
        # into it with a long preset name.
        ax_bmd.set_title(f"{self.site.value.capitalize()}, {self.preset.label}",
                         loc="left", fontsize="medium")
        self.readout.value = self._readout_text(result)
        self.panel.redraw()

    def _readout_text(self, r) -> str:
        years = self.years.value
        change = float(r.bmd_change)
        return (f"<b>{self.site.value.capitalize()} after {_years_text(years)}:</b> BMD changed "
                f"{change:+.1f} % from its starting value ({change / years:+.2f} % per year on "
                f"average); turnover {float(r.turnover[-1]):.2f} &times; reference at the end. "
                f"<i>(model output)</i>")


def remodeling_explorer(**initial):
    """Build a RemodelingExplorer and return its widget (displays as the cell's value)."""
    return RemodelingExplorer(**initial).widget


__all__ = ["RemodelingExplorer", "remodeling_explorer", "CUSTOM", "LEVEL_RANGE", "YEARS_RANGE",
           "TIER1_PRESETS"]
