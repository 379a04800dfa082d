"""Fixed-width tables of model outputs (course_lib.tables)."""

import math

import pytest

from course_lib import evidence, model_output, scenarios, tables
from course_lib.regimens import history


def table_lines(capsys) -> list[str]:
    """The printed table's lines after its model-output stamp (which must come first)."""
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == model_output.TEXT
    return lines[1:]


def test_print_table_aligns_headers_units_and_cells(capsys):
    tables.print_table([(1, 2.345, "spine"), (10, -0.5, "hip")],
                       [("year", ">4g"), ("gap", ">+7.2f", "(%)"), ("site", "<6")],
                       note="(model outputs)")
    assert table_lines(capsys) == [
        "year      gap  site",
        "          (%)",
        "   1    +2.35  spine",
        "  10    -0.50  hip",
        "(model outputs)",
    ]


def test_print_table_without_units_or_note_has_one_header_line(capsys):
    tables.print_table([("a", 1.0)], [("name", "<4"), ("value", ">5.1f")], sep=" | ")
    assert capsys.readouterr().out == f"{model_output.TEXT}\nname | value\na    |   1.0\n"


def test_print_cycle_stays_within_the_run(capsys):
    tables.print_cycle(scenarios.one_cycle(days=30))
    out = capsys.readouterr().out
    assert "model outputs" in out
    assert not any(line.strip().startswith("42") for line in out.splitlines())


def test_print_balance_shows_both_sides(capsys):
    run = history([("anovulatory", 4)], site="spine")
    tables.print_balance(run, years=(1, 4))
    lines = table_lines(capsys)
    now = run.at(4.0)
    gap = now["formation"] - now["resorption"]
    assert lines[3].split()[0] == "4"
    assert math.isclose(float(lines[3].split()[3]), round(gap, 2), abs_tol=0.006)
    assert math.isclose(float(lines[3].split()[4]), round(gap / 13, 3), abs_tol=0.0006)


def test_swan_comparison_prints_model_next_to_swan(capsys):
    runs = scenarios.transition_results(years_after=7)          # 1 year before to 9 after
    tables.print_swan_comparison(runs)
    out = capsys.readouterr().out
    assert "lumbar spine" in out and "femoral neck" in out and "Ten years" in out
    assert "model outputs" in out and "Greendale 2012" in out
    spine_loss = 100 - runs["spine"].at(3.0)["bmd_percent"]
    decade_hip = 100 - runs["hip"].at(10.0)["bmd_percent"]
    assert f"{spine_loss:.1f}%" in out and f"{decade_hip:.1f}%" in out
    # which rows were fitted: the spine rows yes (T2, T5), the hip rows no
    rows = [line for line in out.splitlines() if line.startswith(("Transmenopause", "Ten"))]
    assert sorted(line.split()[-1] for line in rows) == ["no", "no", "yes", "yes"]
    for line in rows:
        if "spine" in line and line.startswith(("Transmenopause", "Ten years")):
            assert line.split()[-1] == "yes"
        if " hip " in line:
            assert line.split()[-1] == "no"
    assert "1 year before to 9 years after" in out
    # Without the postmenopausal years only the transition rows are printed.
    tables.print_swan_comparison(scenarios.transition_results())
    assert "Ten years" not in capsys.readouterr().out


def test_print_bmd_at_has_one_column_per_run(capsys):
    runs = {name: scenarios.regimen_run(name, 10) for name in ("anovulatory", "postmenopause")}
    tables.print_bmd_at(runs, years=(5, 10, 20))
    lines = table_lines(capsys)
    assert lines[0].split() == ["year", "anovulatory", "postmenopause"]
    assert [line.split()[0] for line in lines[2:4]] == ["5", "10"]     # 20 is beyond the runs
    assert float(lines[3].split()[2]) == round(runs["postmenopause"].at(10.0)["bmd_percent"], 1)
    assert "model outputs" in lines[-1]


def test_print_yearly_changes_gives_each_years_change(capsys):
    run = scenarios.regimen_run("anovulatory", years=4)
    tables.print_yearly_changes(run, years=(1, 4))
    lines = table_lines(capsys)
    change = run.at(4.0)["bmd_percent"] - run.at(3.0)["bmd_percent"]
    assert lines[3].split() == ["4", f"{change:+.2f}"]
    assert "model outputs" in lines[-1]


def test_print_monitoring_shows_the_lsc_crossing_and_losses(capsys):
    runs = {site: scenarios.monitoring_run(site, years=8) for site in ("spine", "hip")}
    tables.print_monitoring(runs, years=(2, 5, 10))
    out = capsys.readouterr().out
    lines = out.splitlines()[1:]
    assert "loss at 10 y" not in lines[0] and "loss at 5 y" in lines[0]   # beyond the runs
    spine = lines[2].split()
    lsc = 2.77 * 1.2                                   # = 3.324 %: the ISCD rule by hand
    years = runs["spine"].time_to(100 - lsc)           # the run's own crossing, not the printer's
    assert spine[:4] == ["spine", "1.2", "3.32", f"{years:.1f}"]
    assert spine[5] == f"{100 - runs['spine'].at(5.0)['bmd_percent']:.1f}"
    assert "model outputs" in out and evidence.cite("dxa_typical_precision_lsc") in out
    tables.print_monitoring({"spine": scenarios.monitoring_run("spine", years=0.5)},
                            years=(0.5,), precision={"spine": 1.0})
    assert "never" in capsys.readouterr().out


def test_lesson_run_tables_are_stamped_and_show_each_run(capsys):
    # Lessons 1.1-1.3 and exercise set 1.1 print their runs through these, never by hand.
    from course_lib.model import Hormones, simulate

    runs = {"reference": simulate(Hormones(), years=2), "low": simulate(Hormones(estradiol=0.1),
                                                                         years=2)}
    tables.print_balance_at(runs, year=1)
    lines = table_lines(capsys)
    low = next(line for line in lines if line.startswith("low"))
    assert f"{runs['low'].at(1.0)['resorption']:.1f}" in low
    assert low.endswith(f"{runs['low'].bmd_percent[-1]:.1f}")
    tables.print_end_state(runs)
    low = next(line for line in table_lines(capsys) if line.startswith("low"))
    assert low.split()[1:] == [f"{runs['low'].turnover[-1]:.2f}", f"{runs['low'].bmd_change:+.1f}"]
    tables.print_losses(runs, years=(1, 5))     # year 5 is beyond the runs: left out
    lines = table_lines(capsys)
    assert "lost by year 5" not in lines[0]
    low = next(line for line in lines if line.startswith("low"))
    assert low.split()[-1] == f"{100 - runs['low'].at(1.0)['bmd_percent']:.2f}"


def test_the_shared_lesson_runs():
    assert list(scenarios.estradiol_runs(years=1)) == [
        "reference", "estradiol 0.7 x reference", "estradiol 0.1 x reference"]
    signals = scenarios.signal_runs(years=1)
    assert list(signals) == ["reference", "anovulatory", "estradiol 0.3", "postmenopause"]
    assert signals["estradiol 0.3"].hormones[0].estradiol == 0.3


def test_print_accumulation_adds_up_and_compounds_a_loss_per_cycle(capsys):
    """1 % a cycle, 10 cycles a year: 2 years add up to -20 % and compound to
    100 x (0.99**20 - 1) = -18.21 % (independent arithmetic); no model-output stamp."""
    tables.print_accumulation(1.0, 10, years=(2,))
    out = capsys.readouterr().out
    assert "MODEL OUTPUT" not in out
    row = out.splitlines()[-1].split()
    assert row[:2] == ["2", "years"]
    assert float(row[2]) == -20.0
    assert float(row[3]) == pytest.approx(100 * (0.99**20 - 1), abs=0.006)
    with pytest.raises(ValueError, match="loss_per_cycle_percent"):
        tables.print_accumulation(-1, 10)
