"""The receptor and axes explorers: they build, each move redraws the figure with the model's
numbers (checked against runs made here), and bad arguments are refused by name."""

import base64

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from course_lib import axes, receptors  # noqa: E402
from course_lib.model import Hormones, simulate  # noqa: E402
from course_lib.widgets.axes_explorer import AxesExplorer  # noqa: E402
from course_lib.widgets.receptor_explorer import ReceptorExplorer  # noqa: E402


def image(explorer) -> bytes:
    return base64.b64decode(explorer.panel.area.outputs[0]["data"]["image/png"])


# --------------------------------------------------------------------------- receptor explorer

@pytest.fixture(scope="module")
def rec():
    return ReceptorExplorer(backend="inline")


def test_receptor_explorer_starts_at_the_reference(rec):
    assert rec.settings() == {"dose_nM": pytest.approx(10.0), "pr_a_share": 0.5,
                              "estradiol": 1.0}
    assert rec.result.bmd_change == pytest.approx(0.0, abs=0.05)
    assert "1.00 x reference" in rec.readout.value and "model output" in rec.readout.value
    assert image(rec)[:8] == b"\x89PNG\r\n\x1a\n"
    classes = rec.widget._dom_classes
    assert "course-explorer" in classes and "receptor-explorer" in classes


def test_receptor_explorer_moves_follow_the_model(rec):
    before = image(rec)
    rec.share.value = 0.75
    # PR-A share 0.75 -> BB = 1/16 (by hand); bars show the dimer mix
    heights = [b.get_height() for b in rec.bars]
    assert heights == pytest.approx([9 / 16, 6 / 16, 1 / 16])
    expected = simulate(Hormones(progesterone=receptors.pr_response(10.0, 0.75)), years=10)
    assert rec.result.bmd_percent[-1] == pytest.approx(expected.bmd_percent[-1])
    assert f"{expected.bmd_change:+.1f} %" in rec.readout.value
    assert image(rec) != before
    rec.estradiol.value = 2.0
    assert rec.curve.get_ydata() == pytest.approx(
        receptors.pr_response(rec.doses, 0.75, 2.0))
    rec.dose.value = 100.0
    assert rec.point.get_xydata()[0] == pytest.approx([100.0, receptors.pr_response(100, .75, 2)],
                                                      rel=1e-3)


def test_receptor_explorer_with_no_pr_says_so():
    ex = ReceptorExplorer(backend="inline", estradiol=0.0)
    assert "no response at any dose" in ex.readout.value
    assert np.all(ex.curve.get_ydata() == 0.0)


@pytest.mark.parametrize("kw,name", [({"dose_nM": 0.0}, "dose_nM"),
                                     ({"pr_a_share": 1.5}, "pr_a_share"),
                                     ({"estradiol": -1}, "estradiol"),
                                     ({"site": "wrist"}, "site"),
                                     ({"backend": "svg"}, "backend")])
def test_receptor_explorer_refuses_bad_arguments(kw, name):
    with pytest.raises(ValueError, match=name):
        ReceptorExplorer(**kw)


# --------------------------------------------------------------------------- axes explorer

@pytest.fixture(scope="module")
def axx():
    return AxesExplorer(backend="inline", axis="hpt")


def test_axes_explorer_starts_healthy(axx):
    assert axx.levels == pytest.approx({"TRH": 1.0, "TSH": 1.0, "T4": 1.0})
    assert "TSH normal, T4 normal" in axx.readout.value
    assert axx.sliders["capacity"].disabled
    assert axx.result.bmd_change == pytest.approx(0.0, abs=0.05)


def test_axes_explorer_primary_failure_and_bone(axx):
    before = image(axx)
    axx.fail.value = "gland"
    axx.sliders["capacity"].value = 0.3
    assert not axx.sliders["capacity"].disabled
    assert axx.levels == pytest.approx(axes.steady_state("hpt", gland=0.3))
    assert "TSH high, T4 low" in axx.readout.value
    assert image(axx) != before
    # bars start at 1 (reference) and end at each level
    tops = [b.get_y() + b.get_height() for b in axx.bars]
    assert tops == pytest.approx(list(axx.levels.values()))
    axx.fail.value = "none"


def test_axes_explorer_stress_and_inflammation_reach_the_bone_model():
    ex = AxesExplorer(backend="inline", axis="hpa", drive=1.0, inflammation=1.0)
    cortisol = axes.steady_state("hpa", drive=1.0)["cortisol"]
    expected = simulate(Hormones(cortisol=cortisol, inflammation=1.0), years=10)
    assert ex.result.bmd_percent[-1] == pytest.approx(expected.bmd_percent[-1])
    assert "inflammation 1.00" in ex.readout.value
    ex.axis.value = "hpg"      # drive now acts on the HPG axis; cortisol back at reference
    assert set(ex.levels) == {"GnRH", "FSH", "estradiol"}


def test_axes_explorer_keeps_the_plot_when_the_bone_model_refuses():
    ex = AxesExplorer(backend="inline", axis="hpa")
    ex.sliders["feedback"].value = 0.0       # cortisol 6 x reference: accepted
    accepted, picture = ex.result, image(ex)
    assert accepted.bmd_percent[-1] == pytest.approx(
        simulate(Hormones(cortisol=6.0), years=10).bmd_percent[-1])
    ex.sliders["drive"].value = 2.0          # cortisol 18 x reference: beyond the bone model
    assert ex.error and "refused" in ex.readout.value and "cortisol" in ex.error
    assert ex.result is accepted and image(ex) == picture


@pytest.mark.parametrize("kw,name", [({"axis": "hpx"}, "axis"), ({"fail": "adrenal"}, "fail"),
                                     ({"drive": 5.0}, "drive"), ({"speed": 1.0}, "speed"),
                                     ({"site": "wrist"}, "site")])
def test_axes_explorer_refuses_bad_arguments(kw, name):
    with pytest.raises(ValueError, match=name):
        AxesExplorer(**kw)


@pytest.mark.parametrize("make, start", [
    (lambda: ReceptorExplorer(backend="inline"), "[Interactive receptor explorer"),
    (lambda: AxesExplorer(backend="inline", axis="hpa"), "[Interactive endocrine axes explorer"),
])
def test_plain_text_form_is_a_placeholder_not_a_widget_repr(make, start):
    """Without a kernel a stored notebook shows the widget's text/plain form: a sentence
    (ipywidgets cuts text/plain at 110 characters, so it stays short)."""
    text = repr(make().widget)
    assert text.startswith(start) and "VBox" not in text and len(text) <= 100
