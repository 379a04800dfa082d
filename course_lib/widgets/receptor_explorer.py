"""The receptor explorer (lesson 3.1): dose, PR-A share and estradiol priming -> the PR
dose-response curve, the dimer mix and the bone trajectory that follows.

One line in a notebook::

    from course_lib.widgets.receptor_explorer import receptor_explorer
    receptor_explorer()

Every number it shows is model output (`course_lib.receptors` and the bone model).
"""

from __future__ import annotations

import html
import math

from course_lib import model_output, plots, receptors, validation
from course_lib.scenarios import academic_receptors as runs
from course_lib.widgets.panels import FigurePanel, described_box, detect_backend, keep_or_rescale

__all__ = ["ReceptorExplorer", "receptor_explorer", "DOSE_RANGE_NM", "ESTRADIOL_RANGE",
           "YEARS"]

DOSE_RANGE_NM = runs.DOSE_RANGE_NM
ESTRADIOL_RANGE = (0.0, 3.0)
YEARS = 10
_RESPONSE_TOP = 3.0      # y-limit of the dose-response panel: above any response it can show
_COLORS = {"AA": plots.OKABE_ITO["vermillion"], "AB": plots.OKABE_ITO["orange"],
           "BB": plots.OKABE_ITO["blue"]}


def _check(name: str, value, low: float, high: float, what: str) -> float:
    return validation.number(value, name, low, high, hint=f" ({what})")


class ReceptorExplorer:
    """Sliders for dose (log scale), PR-A share and estradiol; ``.widget`` is what to display.

    Arguments set the starting state: `dose_nM` (0.01 to 1000), `pr_a_share` (0 to 1),
    `estradiol` (0 to 3, relative; 1 = reference), `site` ("spine" or "hip"), `backend`
    ("inline", "ipympl" or None = detect).
    """

    def __init__(self, *, dose_nM: float = receptors.REFERENCE_PROGESTERONE_NM,
                 pr_a_share: float = receptors.REFERENCE_PR_A_SHARE, estradiol: float = 1.0,
                 site: str = "spine", backend: str | None = None):
        import ipywidgets as w

        dose_nM = _check("dose_nM", dose_nM, *DOSE_RANGE_NM, "nM, at the receptor")
        pr_a_share = _check("pr_a_share", pr_a_share, 0.0, 1.0, "fraction of PR that is PR-A")
        estradiol = _check("estradiol", estradiol, *ESTRADIOL_RANGE, "relative; 1 = reference")
        validation.choice(site, "site", ("spine", "hip"))
        self.site = site
        backend = backend or detect_backend()
        self.result = None   # last bone Result drawn

        # Wide enough that each track can be dragged (ipywidgets' default leaves ~60 px).
        style = {"description_width": "125px"}
        layout = {"width": "315px"}
        lo, hi = (math.log10(v) for v in DOSE_RANGE_NM)
        self.dose = w.FloatLogSlider(value=dose_nM, base=10, min=lo, max=hi, step=0.05,
                                     description="Progesterone (nM)", readout_format=".3g",
                                     continuous_update=False, style=style, layout=layout,
                                     tooltip="Progesterone at the receptor, log scale")
        self.share = w.FloatSlider(value=pr_a_share, min=0.0, max=1.0, step=0.05,
                                   description="PR-A share", readout_format=".2f",
                                   continuous_update=False, style=style, layout=layout,
                                   tooltip="Fraction of PR monomers that are PR-A")
        self.estradiol = w.FloatSlider(value=estradiol, min=ESTRADIOL_RANGE[0],
                                       max=ESTRADIOL_RANGE[1], step=0.05,
                                       description="Estradiol (priming)", readout_format=".2f",
                                       continuous_update=False, style=style, layout=layout,
                                       tooltip="Estradiol relative to the reference woman: "
                                               "induces PR (priming) and, in the bone model, "
                                               "restrains osteoclasts")
        for slider, css in ((self.dose, "dose"), (self.share, "pr-a-share"),
                            (self.estradiol, "estradiol")):
            slider.add_class(f"receptor-{css}")
            slider.observe(lambda _change: self.update(), names="value")
        self.readout = w.HTML()
        self.readout.add_class("receptor-readout")

        self.panel = FigurePanel((11.0, 3.4), backend, "receptor-plot")
        self._build_figure()
        self.update()
        self.widget = described_box(
            [w.HBox([self.dose, self.share, self.estradiol],
                    layout=w.Layout(flex_flow="row wrap")),
             self.panel.area, self.readout],
            "[Interactive receptor explorer: run the notebook to change dose, PR-A share and "
            "estradiol.]")
        self.widget.add_class("course-explorer")
        self.widget.add_class("receptor-explorer")

    # -- figure ----------------------------------------------------------------------------
    def _build_figure(self) -> None:
        fig = self.panel.figure
        fig.subplots_adjust(left=0.06, right=0.99, bottom=0.17, top=0.88, wspace=0.32)
        ax_curve, ax_dimers, ax_bone = fig.subplots(1, 3, width_ratios=(1.3, 0.7, 1.2))
        self.doses = runs.dose_grid()
        ax_curve.plot(self.doses, receptors.pr_response(self.doses), color="0.45", ls="--",
                      lw=1.2, label="reference (PR-A 0.5, E2 1)")
        (self.curve,) = ax_curve.plot(self.doses, self.doses * 0, color=plots.PALETTE["bmd"],
                                      lw=2, label="current settings")
        (self.point,) = ax_curve.plot([1.0], [0.0], "o", color=plots.PALETTE["bmd"], ms=7)
        ax_curve.axhline(1.0, **{"color": "0.6", "lw": 0.6, "ls": ":"})
        ax_curve.set_xscale("log")
        runs.plain_log_ticks(ax_curve)
        ax_curve.set_xlim(*DOSE_RANGE_NM)
        ax_curve.set_ylim(0.0, _RESPONSE_TOP)
        ax_curve.set_xlabel("Progesterone at the receptor (nM, log scale)")
        ax_curve.set_ylabel("PR-B target gene (x reference)")
        ax_curve.set_title("Dose-response", fontsize="medium", loc="left")
        ax_curve.legend(loc="upper left", fontsize="small", frameon=False)

        self.bars = ax_dimers.bar(list(receptors.DIMERS), [0, 0, 0],
                                  color=[_COLORS[d] for d in receptors.DIMERS])
        self.bar_labels = [ax_dimers.text(i, 0, "", ha="center", va="bottom", fontsize="small")
                           for i in range(3)]
        ax_dimers.set_ylim(0.0, 1.12)
        ax_dimers.set_ylabel("share of dimers")
        ax_dimers.set_title("Dimer mix", fontsize="medium")

        ax_bone.axhline(100.0, **{"color": "0.6", "lw": 0.6, "ls": ":"})
        (self.bone,) = ax_bone.plot([0, YEARS], [100, 100], color=plots.PALETTE["spine"], lw=2)
        ax_bone.set_xlim(0, YEARS)
        ax_bone.set_xlabel(plots.TIME_LABEL)
        ax_bone.set_ylabel(plots.BMD_LABEL)
        self.ax_bone = ax_bone
        model_output.stamp_axes(ax_curve)
        model_output.stamp_axes(ax_bone)
        self.panel.moving(self.curve, self.point, *self.bars, *self.bar_labels, self.bone)

    # -- state -----------------------------------------------------------------------------
    def settings(self) -> dict:
        return {"dose_nM": float(self.dose.value), "pr_a_share": float(self.share.value),
                "estradiol": float(self.estradiol.value)}

    def update(self) -> None:
        """Recompute everything for the slider values and redraw the moving artists."""
        s = self.settings()
        self.curve.set_ydata(receptors.pr_response(self.doses, s["pr_a_share"],
                                                   s["estradiol"]))
        response = receptors.pr_response(s["dose_nM"], s["pr_a_share"], s["estradiol"])
        self.point.set_data([s["dose_nM"]], [response])
        dimers = receptors.dimer_fractions(s["pr_a_share"])
        for bar, label, name in zip(self.bars, self.bar_labels, receptors.DIMERS, strict=True):
            bar.set_height(dimers[name])
            label.set_position((label.get_position()[0], dimers[name] + 0.01))
            label.set_text(f"{dimers[name]:.2f}")
        self.result = runs.bone_run(s["dose_nM"], s["pr_a_share"], s["estradiol"], YEARS,
                                    self.site)
        self.bone.set_data(self.result.t_years, self.result.bmd_percent)
        keep_or_rescale(self.ax_bone, (0, YEARS), plots.MIN_SPAN["bmd"], snap=5.0)
        self.ax_bone.set_title(f"Bone model, {self.site}", fontsize="medium", loc="left")
        self.readout.value = self._readout(s, response, dimers)
        self.panel.redraw()

    def _readout(self, s: dict, response: float, dimers: dict) -> str:
        occ = receptors.occupancy(s["dose_nM"], receptors.KD_PROGESTERONE_NM)
        try:
            ec50 = f"{receptors.pr_ec50_nM(s['pr_a_share'], s['estradiol']):.2g} nM"
        except ValueError:
            ec50 = "none (no response at any dose)"
        change = self.result.bmd_change
        return html.escape(
            f"At {s['dose_nM']:.3g} nM: {occ:.0%} of PR bound; BB dimers {dimers['BB']:.0%}; "
            f"target gene {response:.2f} x reference; EC50 {ec50}. ") + (
            f"<b>{self.site.capitalize()} BMD after {YEARS} years: {change:+.1f} %</b> "
            f"<i>(model output)</i>")


def receptor_explorer(**initial):
    """Build a ReceptorExplorer and return its widget (displays as the cell's value)."""
    return ReceptorExplorer(**initial).widget
