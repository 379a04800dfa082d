"""The trial explorer: a slider for the number of women per arm of the PEPI-like in-silico
trial, with each arm's mean change and 95 % CI beside PEPI, and the EPT-minus-ET difference
per year beside Prior 2017. One line in a notebook::

    from course_lib.widgets import trial_explorer
    trial_explorer()

Each slider release runs a new trial (same seed) and redraws one PNG. CSS classes for tests:
the container ``trial-explorer``, the slider ``trial-n``, the readout ``trial-readout``, the
figure ``trial-plot``.
"""

from __future__ import annotations

import html
import io

from course_lib import insilico, model_output, plots, validation
from course_lib.scenarios import academic_trials as at
from course_lib.widgets.panels import described_box

SIZES = (10, 25, 50, 100, 200, 400, 800, 1600)


def _check_n(n):
    return validation.choice(n, "n_per_arm", SIZES)


class TrialExplorer:
    """The slider, readout and figure; ``.widget`` is what to display."""

    def __init__(self, *, n_per_arm: int = 100, seed: int = 1):
        import ipywidgets as w
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        _check_n(n_per_arm)
        self.seed = validation.whole(seed, "seed", 0)
        self.result = None
        self.slider = w.SelectionSlider(options=list(SIZES), value=n_per_arm,
                                        description="Women per arm", continuous_update=False,
                                        style={"description_width": "110px"},
                                        layout=w.Layout(width="480px"))
        self.slider.add_class("trial-n")
        self.readout = w.HTML()
        self.readout.add_class("trial-readout")
        self.image = w.Image(format="png")
        self.image.add_class("trial-plot")
        self.figure = Figure(figsize=(9.0, 3.4), dpi=100)
        FigureCanvasAgg(self.figure)
        self.slider.observe(lambda _: self.update(), names="value")
        self.update()
        self.widget = described_box(
            [self.slider, self.image, self.readout],
            "[Interactive trial explorer: run the notebook to change the women per arm and "
            "watch the CIs narrow.]")
        self.widget.add_class("trial-explorer")

    def update(self) -> None:
        """Run the trial at the slider's size and redraw."""
        n = self.slider.value
        self.result = insilico.run_trial(**at.PEPI_LIKE, n_per_arm=n, seed=self.seed)
        self._draw()
        d = self.result.difference("EPT", "ET")
        years = self.result.years
        prior = at.prior2017()
        published = (f"Published: Prior 2017, {prior.value:+.2f} ({prior.low:.2f} to "
                     f"{prior.high:.2f}) % per year.")
        self.readout.value = (
            f"<b>{n} women per arm:</b> EPT minus ET {d.per_year:+.2f} % per year (95 % CI "
            f"{d.ci_low / years:+.2f} to {d.ci_high / years:+.2f}); CI half-width "
            f"\u00b1{(d.ci_high - d.ci_low) / 2 / years:.2f}. <i>(model output)</i> "
            f"{html.escape(published)}")

    def _draw(self) -> None:
        fig, r = self.figure, self.result
        fig.clear()
        ax_arms, ax_diff = fig.subplots(1, 2, gridspec_kw={"width_ratios": (2, 1)})
        names = list(r.arms)
        colours = [plots.CYCLE[i % len(plots.CYCLE)] for i in range(len(names))]
        for x, (name, colour) in enumerate(zip(names, colours, strict=True)):
            a = r.arms[name]
            ax_arms.errorbar([x], [a.mean], yerr=[[a.mean - a.ci_low], [a.ci_high - a.mean]],
                             fmt="o", color=colour, capsize=5, label=f"model {name}")
        pepi = at.pepi_abstract()
        published = {"placebo": pepi.placebo_spine_percent,
                     "EPT": pepi.ept_continuous_mpa_spine_percent}
        for x, name in enumerate(names):
            if name in published:
                ax_arms.plot([x + 0.2], [published[name]], "D", color="black",
                             label="PEPI" if name == "placebo" else None)
        ax_arms.axhline(0, color="black", lw=0.6, ls=":")
        ax_arms.set_xticks(range(len(names)), names)
        ax_arms.set_xlim(-0.5, len(names) - 0.5)
        ax_arms.set_ylim(-6, 9)
        ax_arms.set_ylabel(f"spine BMD change over {r.years:g} y (%)")
        ax_arms.set_title("Arms: model mean and 95 % CI; PEPI", fontsize="medium", loc="left")
        ax_arms.legend(frameon=False, fontsize=8, loc="upper left")
        prior = at.prior2017()
        d = r.difference("EPT", "ET")
        ax_diff.axhspan(prior.low, prior.high, color="0.85", label="Prior 2017 95 % CI")
        ax_diff.axhline(prior.value, color="black", lw=1, label="Prior 2017")
        ax_diff.errorbar([0], [d.per_year], yerr=[[d.per_year - d.ci_low / r.years],
                                                  [d.ci_high / r.years - d.per_year]],
                         fmt="o", color=plots.OKABE_ITO["vermillion"], capsize=5,
                         label="model")
        ax_diff.set_xlim(-1, 1)
        ax_diff.set_xticks([])
        ax_diff.set_ylim(-1.0, 2.5)
        ax_diff.set_ylabel("EPT minus ET (% per year)")
        ax_diff.set_title("EPT minus ET", fontsize="medium", loc="left")
        ax_diff.legend(frameon=False, fontsize=8, loc="upper left")
        model_output.stamp_axes(ax_arms)
        fig.text(0.99, 0.01, "Dots and bars: in-silico trial (model); diamonds, line and band: "
                 "PEPI and Prior 2017 (published)", ha="right", fontsize=7, color="0.3")
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.12, top=0.88, wspace=0.35)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        self.image.value = buf.getvalue()


def trial_explorer(**initial):
    """Build a TrialExplorer and return its widget (displays as the cell's value)."""
    return TrialExplorer(**initial).widget


__all__ = ["TrialExplorer", "trial_explorer", "SIZES"]
