"""Bad input to public helpers above the model: ValueError naming the argument (the model's
own arguments are covered in tests/test_model_properties.py, floor 0 in test_validation.py)."""

import matplotlib
import pytest

matplotlib.use("Agg")

from course_lib import authoring, calibration, evidence, plots, regimens, scenarios, tables  # noqa: E402
from course_lib.model import Hormones, simulate, simulate_cohort, simulate_history  # noqa: E402

RUN = simulate(Hormones(), years=2)
COHORT = simulate_cohort(Hormones(), years=1, n=3)
SWAN_RUNS = {"spine": RUN}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


CASES = [
    # plots
    (lambda: plots.plot_result(None), "result must be a model Result"),
    (lambda: plots.plot_result({"t_years": [0, 1]}), "result must be a model Result"),
    (lambda: plots.plot_result(RUN, ax=3), "ax must be a pair of matplotlib Axes"),
    (lambda: plots.plot_result(RUN, ax=[1, 2]), r"ax\[0\] must be a matplotlib Axes"),
    (lambda: plots.plot_result(RUN, time_unit=["days"]), "time_unit must be one of"),
    (lambda: plots.plot_result(RUN, title=3), "title must be a str"),
    (lambda: plots.plot_bmd([RUN]), "results must be a non-empty dict"),
    (lambda: plots.plot_bmd({}), "results must be a non-empty dict"),
    (lambda: plots.plot_bmd({"a": 3}), r"results\['a'\] must be a model Result"),
    (lambda: plots.plot_bmd({"a": RUN}, ax="x"), "ax must be a matplotlib Axes"),
    (lambda: plots.plot_cohort(RUN), "cohort must be a cohort result"),
    (lambda: plots.plot_cohort(COHORT, band=(90, 10)), r"band\[1\] must be a number above 90"),
    (lambda: plots.plot_cohort(COHORT, band=(-5, 90)), r"band\[0\] must be a number"),
    (lambda: plots.plot_cohort(COHORT, band=50), "band must be a pair of percentiles"),
    (lambda: plots.plot_cohort(COHORT, color=3), "color must be a matplotlib colour"),
    (lambda: plots.plot_cohort(COHORT, color="not-a-colour"), "color must be a matplotlib"),
    (lambda: plots.plot_cohort(COHORT, label=None), "label must be a str"),
    # tables
    (lambda: tables.print_table([(1, 2)], [("a", ">4g")]), r"rows\[0\] must be a tuple of 1"),
    (lambda: tables.print_table([("x",)], [("a", ">4g")]), r"rows\[0\] does not fit"),
    (lambda: tables.print_table(3, [("a", ">4g")]), "rows must be a list of rows"),
    (lambda: tables.print_table([(1,)], "a"), "columns must be a non-empty list"),
    (lambda: tables.print_table([(1,)], [("a", ">4g")], sep=None), "sep must be a str"),
    (lambda: tables.print_cycle(None), "result must be a model Result"),
    (lambda: tables.print_cycle(RUN, days=7), "days must be a list or tuple"),
    (lambda: tables.print_cycle(RUN, days=(0, -7)), r"days\[1\] must be a number at least 0"),
    (lambda: tables.print_balance(RUN, years=(1, 5)), r"years\[1\] must be a number from 0 to 2"),
    (lambda: tables.print_bmd_at([RUN]), "results must be a non-empty dict"),
    (lambda: tables.print_bmd_at({"a": RUN}, years=()), "years must hold at least one"),
    (lambda: tables.print_yearly_changes(RUN, years=(0,)), r"years\[0\] must be a number at"),
    (lambda: tables.print_swan_comparison({"wrist": RUN}), "results' labels must be one of"),
    (lambda: tables.print_monitoring(SWAN_RUNS, precision=1.2), "precision must be None or"),
    # scenarios, calibration, regimens, the model's histories
    (lambda: scenarios.transition_results(years_after=-1), "years_after must be a number"),
    (lambda: scenarios.transition_results(sites="spine"), "sites must be a non-empty tuple"),
    (lambda: scenarios.transition_results(sites=("wrist",)), "sites must be one of"),
    (lambda: calibration.loss_rate(5, 2), "end_year must be a number above 5"),
    (lambda: calibration.loss_rate("1", 2), "start_year must be a number"),
    (lambda: calibration.published(calibration.PEPI, "placebo_hip", sign=2), "sign must be"),
    (lambda: regimens.hormones_of(3), "what must be a Hormones or one of"),
    (lambda: regimens.history([("postmenopause", 1), 7]), r"segments\[1\] must be a pair"),
    (lambda: regimens.history([("nope", 1)]), r"segments\[0\]\[0\] must be a Hormones or"),
    (lambda: simulate_history([(Hormones(), 1), "x"]), r"segments\[1\] must be a pair"),
    (lambda: simulate_history([("postmenopause", 1)]), r"segments\[0\]\[0\] must be a Hormones"),
    # evidence and authoring
    (lambda: evidence.sources(3), "fact_ids must be a list of fact ids"),
    (lambda: evidence.reference_list(None), "fact_ids must be a list of fact ids"),
    (lambda: authoring.assigned_names(None), "code must be Python source text"),
]


@pytest.mark.parametrize("call, message", CASES, ids=[m for _, m in CASES])
def test_bad_input_is_refused_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_the_good_calls_behind_those_cases_work(capsys):
    plots.plot_result(RUN, time_unit="days")
    plots.plot_cohort(COHORT, band=(5, 95), color="#009E73", label="arm")
    tables.print_balance(RUN, years=(1, 2))
    tables.print_monitoring(SWAN_RUNS, years=(1,), precision={"spine": 1.0})
    assert regimens.history([("postmenopause", 1)]).bmd_change < 0
    assert "MODEL OUTPUT" in capsys.readouterr().out
