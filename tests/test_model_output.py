"""Model tables and figures carry the model-output stamp; published-only tables can opt out."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_lib import model_output, plots, tables  # noqa: E402
from course_lib.model import Hormones, simulate, simulate_cohort  # noqa: E402


@pytest.fixture(scope="module")
def run():
    return simulate(Hormones(estradiol=0.5), years=2)


def test_every_plot_helper_stamps_its_axes(run):
    ax_cells, ax_bmd = plots.plot_result(run)
    assert model_output.is_stamped(ax_bmd) and not model_output.is_stamped(ax_cells)
    assert model_output.is_stamped(plots.plot_bmd({"spine": run}))
    cohort = simulate_cohort(Hormones(estradiol=0.5), years=1, n=20, seed=0)
    assert model_output.is_stamped(plots.plot_cohort(cohort))
    plt.close("all")


def test_a_figure_made_by_the_caller_is_stamped_too(run):
    _, ax = plt.subplots()
    assert not model_output.is_stamped(ax)
    plots.plot_bmd({"spine": run}, ax=ax)
    assert ax.get_title(loc="right") == "MODEL OUTPUT"
    plots.plot_bmd({"hip": run}, ax=ax)   # drawing again does not stack stamps
    assert ax.get_title(loc="right") == "MODEL OUTPUT"
    plt.close("all")


def test_tables_open_with_the_stamp_unless_published_only(capsys):
    tables.print_table([(1, 2.0)], [("a", ">2"), ("b", ">4.1f")])
    assert capsys.readouterr().out.splitlines()[0] == model_output.TEXT
    tables.print_table([(1, 2.0)], [("a", ">2"), ("b", ">4.1f")], model_output=False)
    assert "MODEL OUTPUT" not in capsys.readouterr().out


def test_stamping_something_else_names_the_argument():
    with pytest.raises(ValueError, match="ax must be a matplotlib Axes"):
        model_output.stamp_axes("not axes")
