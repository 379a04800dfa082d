"""Tier 2 tables and figures (course_lib.comparisons): published figures appear as published,
model numbers are labelled, figures carry the published interval."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_lib import comparisons  # noqa: E402
from course_lib.model_output import MIXED_TEXT, TEXT, is_stamped  # noqa: E402
from course_lib.scenarios import intermediate as s2  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_trial_table_prints_the_published_rows(capsys):
    comparisons.print_progestin_trials()
    out = capsys.readouterr().out
    # Seifert-Klauss & Prior 2010 Table 3, as printed there; published only: no model stamp.
    assert TEXT not in out
    assert "Leonetti 1999, progesterone cream 20 mg          43      -1.4   47      -1.0" in out
    assert "Liu 2005, MPA 10 mg                               –      -1.9    –      -1.0" in out
    assert "–: per-arm size not" in out         # a blank n is explained
    assert "Progesterone trials pooled (cream + oral)        58      -1.2   70      -1.0" in out


def test_pepi_table_shows_each_published_figure_as_the_kind_it_is(capsys):
    comparisons.print_pepi_comparison("spine")
    out = capsys.readouterr().out
    lines = out.splitlines()
    placebo = next(line for line in lines if line.startswith("placebo"))
    assert placebo.split()[-3:] == ["-1.8", "%", "a"]   # PEPI 1996 abstract, per arm
    cee = next(line for line in lines if line.startswith("CEE alone "))
    assert cee.split()[2:] == ["+4.3", "%"]            # the abstract has no per-arm figure
    average = next(line for line in lines if line.startswith("the other three active arms"))
    assert average.split()[-3:] == ["+3.8", "%", "a"]   # an average of arms, as published
    yearly = next(line for line in lines if line.startswith("CEE alone, per year"))
    assert yearly.split()[-3:] == ["+1.4", "%/yr", "b"]   # Seifert-Klauss 2010, per year
    note = " ".join(out.split())
    assert "95 % CI: not reported" in note and "Seifert-Klauss 2010" in note
    assert "published" in lines[1] and "(measured)" in lines[2]     # published columns say so
    comparisons.print_pepi_comparison("hip", note=False)           # the footnote printed once
    out = capsys.readouterr().out
    assert "Sources:" not in out
    lines = out.splitlines()
    average = next(line for line in lines if line.startswith("all four active arms"))
    assert average.split()[-3:] == ["+1.7", "%", "a"]


def test_gap_table_and_figure_carry_the_meta_analysis(capsys):
    comparisons.print_gap_by_years((1, 3))
    out = capsys.readouterr().out.replace("\n", " ")
    assert "+0.68 %/yr, 95 % CI 0.38 to 0.97" in out and out.startswith(TEXT)
    ax = comparisons.plot_gap_vs_meta(years=3)
    low, high = ax.patches[0].get_x(), ax.patches[0].get_x() + ax.patches[0].get_width()
    assert (round(low, 2), round(high, 2)) == (0.38, 0.97)
    model_points = [line.get_xdata()[0] for line in ax.get_lines() if line.get_marker() == "o"]
    assert model_points[0] == pytest.approx(s2.et_ept_gap_per_year(3))


def test_every_model_table_says_model_output(capsys):
    comparisons.print_interplay(s2.interplay_runs(2))
    comparisons.print_progesterone_grid(s2.progesterone_alone_grid())
    comparisons.print_ai_comparison()
    comparisons.print_milieu(s2.milieu_runs(2))
    comparisons.print_changes(["anovulatory"], years=1, history="none")
    comparisons.print_monitoring_sites()
    comparisons.print_aromatisation(s2.aromatisation_split(1))
    out = capsys.readouterr().out
    assert out.count(TEXT) + out.count(MIXED_TEXT) == 7
    assert out.count(MIXED_TEXT) == 1       # the AI table sets IBIS-II beside the model
    assert "over 1 year," in out and "1 years" not in out
    assert "per year" not in out and "course_lib" not in out   # one year: one column


def test_figures_return_axes():
    runs = s2.interplay_runs(2)
    ax_turn, ax_bmd = comparisons.plot_interplay_sides(runs)
    assert is_stamped(ax_turn) and is_stamped(ax_bmd)
    assert [round(b.get_height(), 3) for b in ax_turn.patches] == [
        round(float(r.turnover[-1]), 3) for r in runs.values()]
    m = s2.monitoring_after_start("estrogen_progestin_mpa", "spine", "pepi", 3)
    assert is_stamped(comparisons.plot_monitoring(m))
    assert is_stamped(comparisons.plot_gap_vs_meta())
