"""Every explorer draws on one persistent figure (`widgets.panels.FigurePanel`): a move redraws
only the moving artists over cached decorations, and what it shows is what a full redraw
shows, also after moves that change the decorations (titles, tick labels, limits)."""

import base64
import io

import matplotlib
import pytest

matplotlib.use("Agg")

from course_lib.widgets import panels  # noqa: E402
from course_lib.widgets.axes_explorer import AxesExplorer  # noqa: E402
from course_lib.widgets.explorer import RemodelingExplorer  # noqa: E402
from course_lib.widgets.hormone_explorer import HormoneExplorer  # noqa: E402
from course_lib.widgets.receptor_explorer import ReceptorExplorer  # noqa: E402


def _pixels(explorer):
    from PIL import Image

    data = explorer.panel.area.outputs[0]["data"]["image/png"]
    return Image.open(io.BytesIO(base64.b64decode(data))).tobytes()


def _remodeling_moves(ex):
    ex.sliders["estradiol"].value = 0.9             # lines only
    ex.site.value = "hip"                           # the title changes, the limits may not
    ex.preset.value = "postmenopause"


def _hormone_moves(ex):
    ex.site.value = "hip"       # the title changes, the limits do not (a stale title, once)


def _receptor_moves(ex):
    ex.share.value = 0.6
    ex.estradiol.value = 0.5


def _axes_moves(ex):
    ex.sliders["drive"].value = 0.5
    ex.axis.value = "hpg"                           # new tick labels and title, same limits


EXPLORERS = [
    (lambda: RemodelingExplorer(backend="inline", years=5), _remodeling_moves),
    (lambda: HormoneExplorer(backend="inline", years=10), _hormone_moves),
    (lambda: ReceptorExplorer(backend="inline"), _receptor_moves),
    (lambda: AxesExplorer(backend="inline"), _axes_moves),
]


@pytest.mark.parametrize("make, moves", EXPLORERS,
                         ids=["remodeling", "hormone", "receptor", "axes"])
def test_a_cached_redraw_shows_what_a_full_redraw_shows(make, moves):
    ex = make()
    assert isinstance(ex.panel, panels.FigurePanel)
    moves(ex)
    cached = _pixels(ex)
    ex.panel.forget_background()
    ex.update()
    assert _pixels(ex) == cached


def test_lines_only_moves_reuse_the_cached_decorations():
    ex = RemodelingExplorer(backend="inline", years=10)
    drawn = ex.panel.full_redraws
    for value in (0.95, 0.9, 0.95):
        ex.sliders["progesterone"].value = value
    assert ex.panel.full_redraws == drawn


def test_going_back_to_earlier_limits_reuses_their_kept_background():
    ex = HormoneExplorer(backend="inline", years=3)
    first = _pixels(ex)
    drawn = ex.panel.full_redraws
    ex.site.value = "hip"                           # new limits and title: a full redraw
    ex.site.value = "spine"                         # back: the kept bitmap, same picture
    assert ex.panel.full_redraws == drawn + 1
    assert _pixels(ex) == first


def test_a_refusal_keeps_the_plot_and_says_so():
    text = panels.refusal("The model", ValueError("estradiol must be <b>at most 10</b>"))
    assert text.startswith("<b>The model refused these settings:</b> ")
    assert "&lt;b&gt;at most 10" in text and "last settings it accepted" in text


def test_an_explorer_box_reads_as_its_description_without_widgets():
    box = panels.described_box([], "[Interactive thing: run the notebook.]")
    assert repr(box) == "[Interactive thing: run the notebook.]"
