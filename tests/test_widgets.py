"""The remodeling explorer, driven from Python (Agg, no browser): data, readout, presets, errors."""

import base64
import importlib.util
import io
import subprocess
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from course_lib.model import DAYS_PER_YEAR, INPUT_NAMES, Hormones, simulate  # noqa: E402
from course_lib.regimens import REGIMEN_NAMES, regimen  # noqa: E402
from course_lib.widgets import RemodelingExplorer, remodeling_explorer  # noqa: E402
from course_lib.widgets.explorer import CUSTOM, LEVEL_RANGE, TIER1_PRESETS  # noqa: E402

CSS_CLASSES = {"course-explorer", "explorer-preset", "explorer-site", "explorer-readout",
               "explorer-plot", "explorer-years", *(f"explorer-{n}" for n in INPUT_NAMES)}
CONSTANT = [n for n in REGIMEN_NAMES if regimen(n).is_constant]
VARYING = [n for n in REGIMEN_NAMES if not regimen(n).is_constant]


@pytest.fixture
def explorer():
    return RemodelingExplorer(backend="inline", years=5)


@pytest.fixture
def every_preset():
    """An explorer whose menu holds every named regimen (as a later tier may ask for)."""
    return RemodelingExplorer(backend="inline", years=5, presets=REGIMEN_NAMES)


def _expected(ex, hormones=None):
    """An independent model run for the explorer's current controls."""
    hormones = hormones or Hormones(**{n: s.value for n, s in ex.sliders.items()})
    return simulate(hormones, years=ex.years.value, site=ex.site.value)


def _assert_drawn(ex, r):
    lines = ex._lines
    for gid, values in (("osteoclasts", r.osteoclasts), ("osteoblasts", r.osteoblasts),
                        ("bmd", r.bmd_percent)):
        np.testing.assert_array_equal(lines[gid].get_xdata(), r.t_years)
        np.testing.assert_array_equal(lines[gid].get_ydata(), values)


def _png(ex):
    return ex.plot.outputs[0]["data"]["image/png"]


def _classes(widget):
    found = set(getattr(widget, "_dom_classes", ()))
    for child in getattr(widget, "children", ()):
        found |= _classes(child)
    return found


def _readout_text(widget):
    if "explorer-readout" in getattr(widget, "_dom_classes", ()):
        return widget.value
    return "".join(_readout_text(c) for c in getattr(widget, "children", ()))


def test_constructs_with_reference_state(explorer):
    assert explorer.preset.value == CUSTOM
    assert explorer.levels() == {n: float(getattr(Hormones(), n)) for n in INPUT_NAMES}
    _assert_drawn(explorer, _expected(explorer))
    assert explorer.error is None
    assert len(explorer.plot.outputs) == 1 and _png(explorer)


def test_css_classes_present(explorer):
    assert CSS_CLASSES <= _classes(explorer.widget)
    assert "course-explorer" in explorer.widget._dom_classes
    assert "explorer-plot" in explorer.plot._dom_classes


def test_sliders_update_on_release_only(explorer):
    for slider in [*explorer.sliders.values(), explorer.years]:
        assert slider.continuous_update is False
    assert "1" in explorer.sliders["estradiol"].tooltip  # reference marked


@pytest.mark.parametrize("name,value", [("estradiol", 0.3), ("progesterone", 2.0),
                                        ("cortisol", 2.5), ("inflammation", 1.5)])
def test_slider_move_draws_exactly_the_model(explorer, name, value):
    explorer.sliders[name].value = value
    r = _expected(explorer, Hormones(**{name: value}))
    _assert_drawn(explorer, r)
    assert f"changed {r.bmd_change:+.1f} % from its starting value" in explorer.readout.value
    assert f"{r.bmd_change / 5:+.2f} % per year" in explorer.readout.value
    assert "(model output)" in explorer.readout.value
    assert f"turnover {r.turnover[-1]:.2f}" in explorer.readout.value


def test_site_and_years_rerun_the_model(explorer):
    explorer.sliders["estradiol"].value = 0.2
    explorer.site.value = "hip"
    explorer.years.value = 12
    r = _expected(explorer)
    _assert_drawn(explorer, r)
    assert explorer.figure.axes[0].get_xlim() == (0.0, 12.0)
    assert "Hip after 12 years" in explorer.readout.value


def test_artists_persist_across_updates(explorer):
    figure, lines = explorer.figure, dict(explorer._lines)
    plot_area = explorer.plot
    for v in (0.1, 2.5, 0.7):
        explorer.sliders["estradiol"].value = v
    explorer.site.value = "hip"
    explorer.preset.value = "postmenopause"
    assert explorer.figure is figure and explorer.plot is plot_area
    assert all(explorer._lines[g] is lines[g] for g in lines)
    assert all(ln in explorer.figure.axes[0].lines + explorer.figure.axes[1].lines
               for ln in lines.values())


def test_png_changes_with_the_data_and_matches_a_full_redraw(explorer):
    explorer.sliders["estradiol"].value = 0.9
    before = _png(explorer)
    explorer.sliders["estradiol"].value = 0.85  # small move: axes kept, lines redrawn
    moved = _png(explorer)
    assert moved != before
    explorer.panel.forget_background()  # force a redraw of everything
    explorer.update()
    assert _pixels(_png(explorer)) == _pixels(moved)


def _pixels(png_b64):
    from PIL import Image

    return Image.open(io.BytesIO(base64.b64decode(png_b64))).tobytes()


@pytest.mark.parametrize("name", CONSTANT)
def test_constant_preset_sets_sliders_to_its_levels(every_preset, name):
    explorer = every_preset
    explorer.preset.value = name
    h = regimen(name)
    assert explorer.levels() == {n: getattr(h, n) for n in INPUT_NAMES}
    _assert_drawn(explorer, _expected(explorer, h))
    assert not any("explorer-driven" in s._dom_classes for s in explorer.sliders.values())


@pytest.mark.parametrize("name", VARYING)
def test_time_varying_preset_is_marked_and_runs_its_time_course(every_preset, name):
    explorer = every_preset
    explorer.preset.value = name
    h = regimen(name)
    # The slider shows the schedule's mean over the run, here taken over 0.1-day slices.
    t = np.arange(0.05, explorer.years.value * DAYS_PER_YEAR, 0.1)
    for n in INPUT_NAMES:
        mean = float(np.mean(np.broadcast_to(h.level(n, t), t.shape)))
        assert explorer.sliders[n].value == pytest.approx(mean, rel=1e-3)
        driven = "explorer-driven" in explorer.sliders[n]._dom_classes
        assert driven == (not isinstance(getattr(h, n), float))
    assert "mean over 5 years" in explorer.note.value
    _assert_drawn(explorer, _expected(explorer, h))  # the real schedule, not the means

    explorer.sliders["testosterone"].value = 1.5  # the student takes over
    assert explorer.preset.value == CUSTOM
    assert not any("explorer-driven" in s._dom_classes for s in explorer.sliders.values())
    _assert_drawn(explorer, _expected(explorer))


def test_years_change_keeps_a_time_varying_preset():
    ex = RemodelingExplorer(backend="inline", preset="menopause_transition", years=3)
    ex.years.value = 8
    assert ex.preset.value == "menopause_transition"
    _assert_drawn(ex, _expected(ex, regimen("menopause_transition")))
    assert "mean over 8 years" in ex.note.value


def test_one_line_factory_accepts_initial_state():
    widget = remodeling_explorer(preset="postmenopause", site="hip", years=10, backend="inline")
    assert "course-explorer" in widget._dom_classes
    assert "Hip after 10 years" in _readout_text(widget)


def test_levels_given_with_a_preset_override_it():
    ex = RemodelingExplorer(backend="inline", preset="postmenopause", progesterone=1.5)
    assert ex.preset.value == CUSTOM
    assert ex.levels()["estradiol"] == regimen("postmenopause").estradiol
    assert ex.levels()["progesterone"] == 1.5


@pytest.mark.parametrize("kwargs,name", [
    ({"preset": "nope"}, "preset"), ({"preset": "estrogen"}, "preset"),
    ({"presets": ("reference", "nope")}, "presets"), ({"presets": "reference"}, "presets"),
    ({"site": "knee"}, "site"), ({"years": 0}, "years"),
    ({"years": 31}, "years"), ({"years": 2.5}, "years"), ({"estradiol": -0.1}, "estradiol"),
    ({"thyroid": 3.5}, "thyroid"), ({"inflammation": float("nan")}, "inflammation"),
    ({"cortisol": "high"}, "cortisol"), ({"backend": "qt"}, "backend"),
])
def test_bad_arguments_raise_value_error_naming_them(kwargs, name):
    with pytest.raises(ValueError, match=name):
        RemodelingExplorer(**{"backend": "inline", **kwargs})


def test_unknown_argument_is_a_type_error():
    with pytest.raises(TypeError, match="estradoil"):
        RemodelingExplorer(estradoil=0.2)


def test_refused_input_keeps_settings_and_last_plot(explorer):
    explorer.sliders["estradiol"].value = 0.4
    good = {g: ln.get_ydata().copy() for g, ln in explorer._lines.items()}
    png = _png(explorer)
    slider = explorer.sliders["estradiol"]
    slider.max = 12.0
    slider.value = 11.0  # beyond what the model accepts (0 to 10)
    assert explorer.error and "estradiol" in explorer.error
    assert "refused" in explorer.readout.value and "estradiol" in explorer.readout.value
    assert slider.value == 11.0  # the student's setting is kept
    for g, ln in explorer._lines.items():
        np.testing.assert_array_equal(ln.get_ydata(), good[g])
    assert _png(explorer) == png
    slider.value = 0.6  # and it recovers
    assert explorer.error is None
    _assert_drawn(explorer, _expected(explorer))


@pytest.mark.filterwarnings("ignore:Passing unrecognized arguments:DeprecationWarning")
def test_ipympl_canvas_in_the_layout():
    if importlib.util.find_spec("ipympl") is None:
        pytest.skip("ipympl is not installed")
    backend = matplotlib.get_backend()
    ex = RemodelingExplorer(backend="ipympl", preset="postmenopause")
    assert matplotlib.get_backend() == backend  # importing ipympl must not switch pyplot
    assert type(ex.plot).__module__ == "ipympl.backend_nbagg" and ex.plot is ex.figure.canvas
    assert ex.plot in ex.widget.children
    assert "explorer-plot" in ex.plot._dom_classes
    ex.sliders["estradiol"].value = 0.5
    _assert_drawn(ex, _expected(ex))


def test_backend_detected_from_matplotlib(monkeypatch):
    from course_lib.widgets.panels import detect_backend

    monkeypatch.setattr(matplotlib, "get_backend", lambda: "module://ipympl.backend_nbagg")
    assert detect_backend() == "ipympl"
    monkeypatch.setattr(matplotlib, "get_backend",
                        lambda: "module://matplotlib_inline.backend_inline")
    assert detect_backend() == "inline"


def test_import_course_lib_does_not_import_ipywidgets():
    code = ("import sys, course_lib, course_lib.model, course_lib.regimens; "
            "print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]


# --------------------------------------------------------------------------- Tier 1 menu, text


def test_default_menu_is_tier1_physiological_states_only(explorer):
    offered = [value for _, value in explorer.preset.options]
    assert offered == [CUSTOM, "reference", "anovulatory", "menopause_transition",
                       "postmenopause"]
    assert tuple(offered[1:]) == TIER1_PRESETS
    # no therapy (a regimen that gives a drug) sits in the Tier 1 menu
    assert not any(word in name for name in offered
                   for word in ("estrogen", "progestin", "progesterone", "cortisol", "thyroid"))


def test_tooltips_say_they_describe_the_model(explorer):
    for slider in explorer.sliders.values():
        assert "in the model" in slider.tooltip, slider.tooltip
    assert "assumption" in explorer.sliders["progesterone"].tooltip


def test_readout_says_one_year_not_one_years():
    ex = RemodelingExplorer(backend="inline", years=1)
    assert "Spine after 1 year:" in ex.readout.value
    ex.preset.value = "menopause_transition"
    assert "mean over 1 year," in ex.note.value


@pytest.mark.parametrize("typed,used", [(5.0, LEVEL_RANGE[1]), (-2.0, LEVEL_RANGE[0]),
                                        (1e9, LEVEL_RANGE[1])])
def test_typed_level_outside_the_range_is_reported_not_silently_clamped(explorer, typed, used):
    explorer.boxes["estradiol"].value = typed
    assert explorer.sliders["estradiol"].value == used
    assert explorer.boxes["estradiol"].value == used  # the box shows what is used
    warning = explorer.warning.value
    assert f"you typed {typed:g}" in warning and "outside" in warning and f"{used:g}" in warning
    _assert_drawn(explorer, _expected(explorer, Hormones(estradiol=used)))
    explorer.sliders["estradiol"].value = 0.5  # the next move clears the message
    assert explorer.warning.value == ""


def test_typed_level_inside_the_range_moves_the_slider_quietly(explorer):
    explorer.boxes["progesterone"].value = 0.37
    assert explorer.sliders["progesterone"].value == pytest.approx(0.37)
    assert explorer.warning.value == ""
    _assert_drawn(explorer, _expected(explorer, Hormones(progesterone=0.37)))


def test_slider_moves_show_in_the_box(explorer):
    explorer.sliders["cortisol"].value = 1.65
    assert explorer.boxes["cortisol"].value == 1.65
    explorer.preset.value = "postmenopause"
    assert explorer.boxes["estradiol"].value == round(regimen("postmenopause").estradiol, 2)


def test_state_title_does_not_run_into_the_model_output_stamp():
    # The stamp holds the right title slot; a long state name in the centre slot overlapped
    # it ("Spine, postmenopauseMODEL OUTPUT"). The state goes in the left slot, the centre
    # stays empty, and the two texts' boxes do not overlap once drawn.
    ex = RemodelingExplorer(backend="inline", preset="menopause_transition", years=5)
    ax_bmd = ex.figure.axes[1]
    assert ax_bmd.get_title("right") == "MODEL OUTPUT"
    assert ax_bmd.get_title() == ""
    assert ax_bmd.get_title("left") == "Spine, menopause transition"
    ex.figure.canvas.draw()
    renderer = ex.figure.canvas.get_renderer()
    left = ax_bmd._left_title.get_window_extent(renderer)
    right = ax_bmd._right_title.get_window_extent(renderer)
    assert left.x1 < right.x0


def test_plain_text_form_is_a_placeholder_not_a_widget_repr(explorer):
    """Without a kernel a stored notebook shows the widget's text/plain form: a sentence
    (ipywidgets cuts text/plain at 110 characters, so it stays short)."""
    text = repr(explorer.widget)
    assert text.startswith("[Interactive remodeling explorer") and "VBox" not in text
    assert len(text) <= 100 and "course-explorer" in explorer.widget._dom_classes
