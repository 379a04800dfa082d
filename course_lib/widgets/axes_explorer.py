"""The axes explorer (lessons 3.2 and 3.3): choose an axis, fail a level, cut or weaken the
feedback, add an exogenous hormone, chronic stress or inflammation -> the axis's three
hormones and the bone trajectory that follows.

One line in a notebook::

    from course_lib.widgets.axes_explorer import axes_explorer
    axes_explorer(axis="hpa", drive=1.0)

Every number it shows is model output (`course_lib.axes` feeding the bone model).
"""

from __future__ import annotations

import html

from course_lib import axes, model_output, plots, validation
from course_lib.model import simulate
from course_lib.scenarios import academic_axes as runs
from course_lib.widgets.panels import (
    FigurePanel,
    described_box,
    detect_backend,
    keep_or_rescale,
    refusal,
)

__all__ = ["AxesExplorer", "axes_explorer", "FAULT_LEVELS", "SLIDER_RANGES", "YEARS"]

YEARS = 10
FAULT_LEVELS = ("none", *axes.LEVELS)
#: Slider ranges (the axes module accepts a little more; the bone model caps its inputs).
SLIDER_RANGES = {"capacity": (0.0, 2.0), "feedback": (0.0, 2.0), "exogenous": (0.0, 3.0),
                 "drive": (0.0, 2.0), "inflammation": (0.0, 3.0)}
_DEFAULTS = {"capacity": 0.3, "feedback": 1.0, "exogenous": 0.0, "drive": 0.0,
             "inflammation": 0.0}
_LABELS = {"capacity": "Capacity of failing level", "feedback": "Feedback gain",
           "exogenous": "Hormone from outside", "drive": "Chronic stress (drive)",
           "inflammation": "Inflammation"}
_TIPS = {"capacity": "Secretory capacity of the level chosen under 'Fail'; 1 = healthy",
         "feedback": "Gain of the gland hormone's feedback; 1 = healthy, 0 = cut",
         "exogenous": "Gland hormone given as a drug, reference units (estradiol, a "
                      "glucocorticoid, levothyroxine)",
         "drive": "Extra central drive on the hypothalamus; 0 = none (chronic stress on HPA)",
         "inflammation": "The bone model's inflammation input; 0 = none (lesson 3.3)"}
_NAMES = {"hpg": "HPG (ovary)", "hpa": "HPA (adrenal)", "hpt": "HPT (thyroid)"}
_LEVEL_COLORS = (plots.OKABE_ITO["reddish_purple"], plots.OKABE_ITO["blue"],
                 plots.OKABE_ITO["bluish_green"])
_LOG_LIMITS = (0.1, 10.0)


def _check(name: str, value, low: float, high: float) -> float:
    return validation.number(value, name, low, high)


class AxesExplorer:
    """Axis, failing level and sliders over `course_lib.axes`; ``.widget`` is what to display.

    Arguments set the starting state: `axis` ("hpg", "hpa", "hpt"), `fail` ("none",
    "hypothalamus", "pituitary", "gland"), and `capacity`, `feedback`, `exogenous`, `drive`,
    `inflammation` within SLIDER_RANGES; `site` ("spine" or "hip"); `backend` ("inline",
    "ipympl" or None = detect). Bad values raise ValueError naming the argument.
    """

    def __init__(self, *, axis: str = "hpa", fail: str = "none", site: str = "spine",
                 backend: str | None = None, **levels: float):
        import ipywidgets as w

        validation.choice(axis, "axis", axes.AXES)
        validation.choice(fail, "fail", FAULT_LEVELS)
        validation.choice(site, "site", ("spine", "hip"))
        unknown = sorted(set(levels) - set(SLIDER_RANGES))
        if unknown:
            raise ValueError(f"unknown argument(s) {', '.join(unknown)}; valid: "
                             f"{', '.join(SLIDER_RANGES)}")
        start = dict(_DEFAULTS)
        start.update({k: _check(k, v, *SLIDER_RANGES[k]) for k, v in levels.items()})
        self.site = site
        self.result = None      # last bone Result drawn
        self.levels = None      # last {hormone: level} drawn
        self.error = None       # last refusal message, or None

        self.axis = w.ToggleButtons(options=[(_NAMES[a], a) for a in axes.AXES], value=axis,
                                    style={"button_width": "110px"})
        self.axis.add_class("axes-axis")
        self.fail = w.Dropdown(options=list(FAULT_LEVELS), value=fail, description="Fail",
                               style={"description_width": "40px"},
                               layout=w.Layout(width="190px"))
        self.fail.add_class("axes-fail")
        style = {"description_width": "170px"}
        self.sliders = {}
        for name, (lo, hi) in SLIDER_RANGES.items():
            s = w.FloatSlider(value=start[name], min=lo, max=hi, step=0.05,
                              description=_LABELS[name], tooltip=_TIPS[name],
                              readout_format=".2f", continuous_update=False, style=style,
                              layout=w.Layout(width="430px"))   # a track long enough to drag
            s.add_class(f"axes-{name}")
            self.sliders[name] = s
        for control in (self.axis, self.fail, *self.sliders.values()):
            control.observe(lambda _change: self.update(), names="value")
        self.readout = w.HTML()
        self.readout.add_class("axes-readout")

        self.panel = FigurePanel((10.0, 3.4), backend or detect_backend(), "axes-plot")
        self._build_figure()
        self.update()
        names = list(SLIDER_RANGES)
        self.widget = described_box([
            w.HBox([self.axis, self.fail]),
            w.HBox([w.VBox([self.sliders[n] for n in names[:3]]),
                    w.VBox([self.sliders[n] for n in names[3:]])]),
            self.panel.area, self.readout],
            "[Interactive endocrine axes explorer: run the notebook to move an axis's "
            "sliders.]")
        self.widget.add_class("course-explorer")
        self.widget.add_class("axes-explorer")

    # -- figure ------------------------------------------------------------------------------
    def _build_figure(self) -> None:
        fig = self.panel.figure
        fig.subplots_adjust(left=0.07, right=0.99, bottom=0.17, top=0.88, wspace=0.28)
        ax_h, ax_bone = fig.subplots(1, 2, width_ratios=(0.9, 1.3))
        ax_h.set_yscale("log")
        ax_h.set_ylim(*_LOG_LIMITS)
        ticks = (0.1, 0.2, 0.5, 1, 2, 5, 10)
        ax_h.set_yticks(ticks, [f"{t:g}" for t in ticks])
        ax_h.minorticks_off()
        ax_h.axhline(1.0, color="0.4", lw=0.8, ls=":")
        self.bars = ax_h.bar([0, 1, 2], [0.0, 0.0, 0.0], bottom=1.0, color=_LEVEL_COLORS,
                             width=0.6)
        self.bar_labels = [ax_h.text(i, 1.0, "", ha="center", fontsize="small")
                           for i in range(3)]
        ax_h.set_xticks([0, 1, 2])
        ax_h.set_xlim(-0.6, 2.6)
        ax_h.set_ylabel("level (x healthy reference, log scale)")
        self.ax_h = ax_h
        ax_bone.axhline(100.0, color="0.6", lw=0.6, ls=":")
        (self.bone,) = ax_bone.plot([0, YEARS], [100, 100], color=plots.PALETTE["spine"], lw=2)
        ax_bone.set_xlim(0, YEARS)
        ax_bone.set_xlabel(plots.TIME_LABEL)
        ax_bone.set_ylabel(plots.BMD_LABEL)
        self.ax_bone = ax_bone
        model_output.stamp_axes(ax_h)
        model_output.stamp_axes(ax_bone)
        self.panel.moving(*self.bars, *self.bar_labels, self.bone)

    # -- state ---------------------------------------------------------------------------------
    def settings(self) -> dict:
        """The axis settings the controls describe (as `axes.steady_state` takes them)."""
        out = {name: float(self.sliders[name].value)
               for name in ("feedback", "exogenous", "drive")}
        if self.fail.value != "none":
            out[self.fail.value] = float(self.sliders["capacity"].value)
        return out

    def update(self) -> None:
        """Steady state of the chosen axis, the bone run it implies, and the redraw."""
        axis = self.axis.value
        self.sliders["capacity"].disabled = self.fail.value == "none"
        levels = axes.steady_state(axis, **self.settings())
        inflammation = float(self.sliders["inflammation"].value)
        try:
            hormones = axes.to_hormones(**{axis: levels}).replace(inflammation=inflammation)
        except ValueError as exc:
            self.error = str(exc)
            self.readout.value = refusal("The bone model", exc)
            return
        self.error, self.levels = None, levels
        self.result = simulate(hormones, years=YEARS, site=self.site)
        names = axes.HORMONES[axis]
        for i, (bar, label, name) in enumerate(zip(self.bars, self.bar_labels, names,
                                                   strict=True)):
            shown = min(max(levels[name], _LOG_LIMITS[0]), _LOG_LIMITS[1])
            bar.set_height(shown - 1.0)
            label.set_position((i, shown * (1.12 if shown >= 1 else 0.8)))
            label.set_text(f"{levels[name]:.2f}")
        self.ax_h.set_xticks([0, 1, 2], names)
        self.ax_h.set_title(_NAMES[axis], fontsize="medium", loc="left")
        self.bone.set_data(self.result.t_years, self.result.bmd_percent)
        keep_or_rescale(self.ax_bone, (0, YEARS), plots.MIN_SPAN["bmd"], snap=5.0)
        self.ax_bone.set_title(f"Bone model, {self.site}", fontsize="medium", loc="left")
        self.readout.value = self._readout(axis, levels, hormones)
        self.panel.redraw()

    def _readout(self, axis, levels, hormones) -> str:
        _, pit, gland = axes.HORMONES[axis]
        words = f"{pit} {runs.direction(levels[pit])}, {gland} {runs.direction(levels[gland])}"
        bone_input = axes.BONE_INPUT[axis]
        r = self.result
        return (f"Lab pattern: <b>{html.escape(words)}</b>. Bone model inputs: {bone_input} "
                f"{getattr(hormones, bone_input):.2f}, inflammation {hormones.inflammation:.2f}."
                f" <b>{self.site.capitalize()} BMD after {YEARS} years: {r.bmd_change:+.1f} %;"
                f" turnover {float(r.turnover[-1]):.2f} x reference</b> <i>(model output)</i>")


def axes_explorer(**initial):
    """Build an AxesExplorer and return its widget (displays as the cell's value)."""
    return AxesExplorer(**initial).widget
