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
    tables.print_table([(1, 2.0)], [("model", ">5"), ("published", ">9.1f")],
                       model_output="mixed")
    assert capsys.readouterr().out.splitlines()[0] == model_output.MIXED_TEXT
    assert "'model'" in model_output.MIXED_TEXT and "'published'" in model_output.MIXED_TEXT
    with pytest.raises(ValueError, match="model_output must be True, False or 'mixed'"):
        tables.print_table([(1, 2.0)], [("a", ">2"), ("b", ">4.1f")], model_output="yes")


def test_stamping_something_else_names_the_argument():
    with pytest.raises(ValueError, match="ax must be a matplotlib Axes"):
        model_output.stamp_axes("not axes")


# ----------------------------------------------------------- stored notebook outputs (Tier 1)

import json  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TIER1 = sorted([*(ROOT / "notebooks" / "fundamentals").glob("*.ipynb"),
                *(ROOT / "solutions").glob("1.*.ipynb")])


def unstamped_model_numbers(text: str) -> list[str]:
    """Lines of a printed output that show numbers as model output without the stamp.

    An output that says "model output(s)" must carry a stamp (`model_output.TEXT`, or
    `model_output.MIXED_TEXT` over a table of model columns beside published ones), and no line
    above the stamp may hold a number (published figures go in a cell of their own, apart from
    it, or in the 'published' columns of a mixed table).
    """
    if "model output" not in text.lower():
        return []
    lines = text.splitlines()
    stamps = [i for i, line in enumerate(lines) if line in model_output.STAMPS]
    if not stamps:
        return [line for line in lines if re.search(r"\d", line)] or lines
    return [line for line in lines[:stamps[0]] if re.search(r"\d", line)]


def test_the_rule_catches_a_plain_model_print():
    assert unstamped_model_numbers("BMD after 10 years 88.7 %\n(model outputs)\n")
    assert unstamped_model_numbers(f"Li 2014: -0.86 % per year\n{model_output.TEXT}\n"
                                   "anovulatory  -2.8\n(model outputs)\n")
    assert not unstamped_model_numbers(f"anovulatory: low progesterone\n{model_output.TEXT}\n"
                                       "anovulatory  -2.8\n(model outputs)\n")
    assert not unstamped_model_numbers("Li 2014: -0.86 % per year (published)\n")
    assert not unstamped_model_numbers(f"{model_output.MIXED_TEXT}\nrun  model  published\n"
                                       "EPT  5.96  +5.0\n(model outputs)\n")


def test_tier1_notebooks_are_found():
    names = [p.name for p in TIER1]
    assert any(n.startswith("1.1_bone") for n in names)
    if (ROOT / "solutions").is_dir():     # a student copy (`course release`) has none
        assert "1.1_remodeling_balance.ipynb" in names


@pytest.mark.parametrize("path", TIER1, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_tier1_printed_model_numbers_carry_the_stamp(path):
    for cell in json.loads(path.read_text("utf-8"))["cells"]:
        for out in cell.get("outputs", []):
            text = "".join(out.get("text", "")) if out.get("output_type") == "stream" else ""
            bad = unstamped_model_numbers(text)
            assert not bad, (f"{path.name}, cell {cell.get('id')}: model numbers printed without "
                             f"the stamp (print them through tables.print_table): {bad}")
