"""The trial explorer, driven from Python (Agg, no browser): a slider move runs a new trial of
that size, the readout and figure follow, and the CI narrows as the women per arm grow."""

import matplotlib
import pytest

matplotlib.use("Agg")

from course_lib import insilico  # noqa: E402
from course_lib.scenarios import academic_trials as at  # noqa: E402
from course_lib.widgets.trial import SIZES, TrialExplorer, trial_explorer  # noqa: E402


def _classes(widget):
    found = set(getattr(widget, "_dom_classes", ()))
    for child in getattr(widget, "children", ()):
        found |= _classes(child)
    return found


@pytest.fixture(scope="module")
def explorer():
    return TrialExplorer(n_per_arm=25, seed=1)


def test_widget_has_its_css_classes(explorer):
    assert {"trial-explorer", "trial-n", "trial-readout", "trial-plot"} <= _classes(
        explorer.widget)


def test_first_draw_matches_an_independent_trial(explorer):
    independent = insilico.run_trial(**at.PEPI_LIKE, n_per_arm=25, seed=1)
    assert explorer.result.arms["EPT"].mean == independent.arms["EPT"].mean
    d = independent.difference("EPT", "ET")
    assert f"{d.per_year:+.2f} % per year" in explorer.readout.value
    assert "model output" in explorer.readout.value
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_slider_runs_a_new_trial_and_narrows_the_ci(explorer):
    before = explorer.image.value
    width = explorer.result.difference("EPT", "ET")
    explorer.slider.value = 400
    after = explorer.result.difference("EPT", "ET")
    assert explorer.result.arms["ET"].n == 400
    assert (after.ci_high - after.ci_low) < 0.5 * (width.ci_high - width.ci_low)
    assert explorer.image.value != before
    assert "400 women per arm" in explorer.readout.value


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="n_per_arm"):
        TrialExplorer(n_per_arm=33)
    with pytest.raises(ValueError, match="seed"):
        TrialExplorer(seed=-2)
    assert 100 in SIZES and trial_explorer is not None


def test_plain_text_form_is_a_placeholder_not_a_widget_repr(explorer):
    """Without a kernel a stored notebook shows the widget's text/plain form: a sentence."""
    text = repr(explorer.widget)
    assert text.startswith("[Interactive trial explorer") and "VBox" not in text


def test_readout_gives_the_ci_half_width_like_the_table(explorer):
    d = explorer.result.difference("EPT", "ET")
    half = (d.ci_high - d.ci_low) / 2 / explorer.result.years
    assert f"CI half-width \u00b1{half:.2f}" in explorer.readout.value
    assert "CI width" not in explorer.readout.value
