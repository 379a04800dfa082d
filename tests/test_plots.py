"""House-style plots: the data drawn is the model's output, labels carry units, colours are safe."""

import re
import subprocess
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from course_lib import plots  # noqa: E402
from course_lib.model import Hormones, simulate, simulate_cohort  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def result():
    return simulate(Hormones(estradiol=0.2), years=5, site="spine")


def _line(ax, gid):
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == gid]
    return line


def _has_units(label):
    return re.search(r"\(.+\)", label) is not None


def test_plot_result_draws_the_model_arrays(result):
    ax_cells, ax_bmd = plots.plot_result(result, title="Low estradiol")
    fig = ax_cells.figure
    for ax, gid, values in ((ax_cells, "osteoclasts", result.osteoclasts),
                            (ax_cells, "osteoblasts", result.osteoblasts),
                            (ax_bmd, "bmd", result.bmd_percent)):
        line = _line(ax, gid)
        np.testing.assert_array_equal(line.get_xdata(), result.t_years)
        np.testing.assert_array_equal(line.get_ydata(), values)
        assert line.get_color() == plots.PALETTE[gid]
    assert fig.axes == [ax_cells, ax_bmd]
    assert fig._suptitle.get_text() == "Low estradiol"


def test_plot_result_labels_carry_units(result):
    ax_cells, ax_bmd = plots.plot_result(result)
    assert ax_cells.get_xlabel() == ax_bmd.get_xlabel() == "Time (years)"
    assert ax_cells.get_ylabel() == "Cells (relative to reference)"
    assert ax_bmd.get_ylabel() == "BMD (% of start)"
    for label in (plots.TIME_LABEL, plots.BMD_LABEL, plots.CELLS_LABEL, plots.TURNOVER_LABEL):
        assert _has_units(label)


def test_plot_result_in_days_for_short_runs():
    burst = simulate(Hormones(), years=180 / 365.25, site="spine", dt_days=1.0)
    ax_cells, ax_bmd = plots.plot_result(burst, time_unit="days")
    assert ax_cells.get_xlabel() == ax_bmd.get_xlabel() == "Time (days)"
    np.testing.assert_allclose(_line(ax_bmd, "bmd").get_xdata(), burst.t_years * 365.25)
    assert _line(ax_bmd, "bmd").get_xdata()[-1] == pytest.approx(180.0)
    with pytest.raises(ValueError, match="time_unit"):
        plots.plot_result(burst, time_unit="weeks")


def test_cell_lines_stay_distinguishable_where_they_coincide():
    # At reference both cell lines sit on 1.0: they differ in dash as well as colour, and the
    # dashed one is drawn last, so the solid line shows through its gaps.
    ax_cells, _ = plots.plot_result(simulate(Hormones(), years=1))
    clasts, blasts = _line(ax_cells, "osteoclasts"), _line(ax_cells, "osteoblasts")
    np.testing.assert_allclose(clasts.get_ydata(), blasts.get_ydata(), atol=1e-6)
    assert clasts.get_linestyle() == "-" and blasts.get_linestyle() == "--"
    lines = ax_cells.get_lines()
    assert lines.index(blasts) > lines.index(clasts)


def test_plot_result_into_given_axes_makes_no_new_figure(result):
    fig, axes = plt.subplots(1, 2)
    before = plt.get_fignums()
    got_axes = plots.plot_result(result, ax=axes)
    assert got_axes[0].figure is fig and tuple(got_axes) == tuple(axes)
    assert plt.get_fignums() == before


def test_flat_line_gets_a_minimum_span():
    flat = simulate(Hormones(), years=2, site="hip")
    ax_cells, ax_bmd = plots.plot_result(flat)
    # A flat line is not blown up into noise: at least 98-102 % BMD and 0.75-1.25 x the
    # reference cells stay in view (matplotlib alone would show about 99.9-100.1).
    low, high = ax_bmd.get_ylim()
    assert low <= 98.0 and high >= 102.0
    low, high = ax_cells.get_ylim()
    assert low <= 0.75 and high >= 1.25


def test_plot_bmd_one_line_per_label_with_role_colours():
    runs = {site: simulate(Hormones(estradiol=0.3), years=4, site=site)
            for site in ("spine", "hip")}
    runs["low cortisol"] = simulate(Hormones(cortisol=0.5), years=4)
    runs["high cortisol"] = simulate(Hormones(cortisol=2.0), years=4)
    ax = plots.plot_bmd(runs, title="Sites")
    for label, r in runs.items():
        line = _line(ax, label)
        np.testing.assert_array_equal(line.get_xdata(), r.t_years)
        np.testing.assert_array_equal(line.get_ydata(), r.bmd_percent)
        assert line.get_label() == label
    assert _line(ax, "spine").get_color() == plots.PALETTE["spine"]
    assert _line(ax, "hip").get_color() == plots.PALETTE["hip"]
    colours = [_line(ax, label).get_color() for label in runs]
    assert len(set(colours)) == len(colours)
    assert ax.get_xlabel() == "Time (years)" and ax.get_ylabel() == "BMD (% of start)"
    assert ax.get_title("left") == "Sites" and ax.get_title() == ""


def test_plot_bmd_title_does_not_run_into_the_model_output_stamp():
    runs = {"spine": simulate(Hormones(estradiol=0.3), years=4)}
    ax = plots.plot_bmd(runs, title="Model lines; SWAN's published losses as points")
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    left = ax._left_title.get_window_extent(renderer)
    right = ax._right_title.get_window_extent(renderer)
    assert left.x1 < right.x0 - 5


def test_plot_cohort_median_and_band():
    cohort = simulate_cohort(Hormones(estradiol=0.2), years=3, n=200, seed=1)
    ax = plots.plot_cohort(cohort, label="postmenopause")
    median = _line(ax, "postmenopause")
    np.testing.assert_array_equal(median.get_xdata(), cohort.t_years)
    np.testing.assert_allclose(median.get_ydata(), np.median(cohort.bmd_percent, axis=0))
    (band,) = ax.collections
    ys = band.get_paths()[0].vertices[:, 1]
    low, high = np.percentile(cohort.bmd_percent, [10, 90], axis=0)
    assert ys.min() == pytest.approx(low.min()) and ys.max() == pytest.approx(high.max())
    assert "10-90 %" in band.get_label()
    assert ax.get_ylabel() == "BMD (% of start)"


def test_palette_is_okabe_ito_and_distinct():
    okabe_ito = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                 "#CC79A7"}
    assert set(plots.OKABE_ITO.values()) == okabe_ito
    roles = plots.PALETTE.values()
    assert set(roles) <= okabe_ito
    assert len(set(roles)) == len(plots.PALETTE)
    assert {"osteoclasts", "osteoblasts", "bmd", "spine", "hip", "reference"} <= set(plots.PALETTE)
    assert set(plots.CYCLE) <= okabe_ito and len(set(plots.CYCLE)) == len(plots.CYCLE)


def test_importing_plots_does_not_import_matplotlib():
    code = "import sys, course_lib.plots; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_overlaid_cohorts_get_different_colours():
    ax = plots.plot_cohort(simulate_cohort(Hormones(estradiol=0.2), years=2, n=50), label="a")
    plots.plot_cohort(simulate_cohort(Hormones(), years=2, n=50), ax=ax, label="b")
    assert _line(ax, "a").get_color() != _line(ax, "b").get_color()


def test_every_plot_helper_takes_ax_and_returns_what_it_drew_into(result):
    import inspect

    helpers = [f for name, f in vars(plots).items() if name.startswith("plot_")]
    assert {f.__name__ for f in helpers} >= {"plot_result", "plot_bmd", "plot_cohort"}
    for f in helpers:
        assert "ax" in inspect.signature(f).parameters, f.__name__
    fig, axes = plt.subplots(1, 2)
    assert plots.plot_bmd({"spine": result}, ax=axes[0]) is axes[0]
    assert tuple(plots.plot_result(result, ax=axes)) == tuple(axes)
