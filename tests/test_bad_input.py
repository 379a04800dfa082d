"""Bad input to public helpers above the model: ValueError naming the argument (the model's
own arguments are covered in tests/test_model_properties.py, floor 0 in test_validation.py)."""

import re

import matplotlib
import pytest

matplotlib.use("Agg")

from course_lib import (  # noqa: E402
    authoring,
    calibration,
    comparisons,  # noqa: E402
    evidence,
    plots,
    regimens,
    scenarios,
    tables,
)
from course_lib.model import Hormones, simulate, simulate_cohort, simulate_history  # noqa: E402
from course_lib.scenarios import academic_axes, academic_receptors  # noqa: E402

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
    (lambda: plots.check_ax_pair(3, "(a, b)"), r"ax must be a pair of matplotlib Axes \(a, b\)"),
    (lambda: comparisons.plot_interplay_sides({"a": RUN}, ax=3),
     r"ax must be a pair of matplotlib Axes \(turnover, BMD\)"),
    (lambda: comparisons.plot_interplay_sides({"a": RUN}, ax=[1, 2]),
     r"ax\[0\] must be a matplotlib Axes"),
    (lambda: academic_axes.plot_runs({"a": RUN}, ax="x"), "ax must be a matplotlib Axes"),
    (lambda: academic_receptors.plot_binding_and_hill(ax=3),
     r"ax must be a pair of matplotlib Axes \(binding, Hill\)"),
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


def test_plot_helpers_draw_into_the_ax_they_are_given_and_return_it():
    import matplotlib.pyplot as plt

    _, pair = plt.subplots(1, 2)
    assert comparisons.plot_interplay_sides({"a": RUN}, ax=pair) == tuple(pair)
    _, pair = plt.subplots(1, 2)
    assert academic_receptors.plot_binding_and_hill(ax=pair) == tuple(pair)
    _, one = plt.subplots()
    assert academic_axes.plot_runs({"a": RUN}, ax=one) is one
    assert one.get_lines()


def test_the_good_calls_behind_those_cases_work(capsys):
    plots.plot_result(RUN, time_unit="days")
    plots.plot_cohort(COHORT, band=(5, 95), color="#009E73", label="arm")
    tables.print_balance(RUN, years=(1, 2))
    tables.print_monitoring(SWAN_RUNS, years=(1,), precision={"spine": 1.0})
    assert regimens.history([("postmenopause", 1)]).bmd_change < 0
    assert "MODEL OUTPUT" in capsys.readouterr().out


# --- Tiers 2 and 3: receptors, axes, trials, insilico -------------------------------------------
# Every numeric argument of their public functions, with arguments that work; each is then
# given values no range allows. The message must name the argument and say what it may be
# (a number and its range), whatever the value: even an int too large for a float.

from course_lib import axes, insilico, receptors, trials  # noqa: E402

TIER23 = {
    "receptors.occupancy": (receptors.occupancy, dict(ligand_nM=1.0, kd_nM=5.0)),
    "receptors.hill": (receptors.hill, dict(dose=1.0, ec50=1.0, n=1.0, bottom=0.0, top=1.0)),
    "receptors.dimer_fractions": (receptors.dimer_fractions, dict(pr_a_share=0.5)),
    "receptors.pr_expression": (receptors.pr_expression, dict(estradiol=1.0)),
    "receptors.transcription": (receptors.transcription,
                                dict(progesterone_nM=10.0, pr_a_share=0.5, estradiol=1.0,
                                     kd_nM=5.0, repression=1.0)),
    "receptors.pr_response": (receptors.pr_response,
                              dict(progesterone_nM=10.0, pr_a_share=0.5, estradiol=1.0,
                                   kd_nM=5.0, repression=1.0)),
    "receptors.pr_max_response": (receptors.pr_max_response,
                                  dict(pr_a_share=0.5, estradiol=1.0, kd_nM=5.0, repression=1.0)),
    "receptors.pr_ec50_nM": (receptors.pr_ec50_nM,
                             dict(pr_a_share=0.5, estradiol=1.0, kd_nM=5.0, repression=1.0)),
    "receptors.progesterone_input": (receptors.progesterone_input,
                                     dict(progesterone_nM=10.0, pr_a_share=0.5, kd_nM=5.0,
                                          repression=1.0)),
    "axes.steady_state": (lambda **kw: axes.steady_state("hpa", **kw),
                          dict(hypothalamus=1.0, pituitary=1.0, gland=1.0, feedback=1.0,
                               exogenous=0.0, drive=0.0)),
    "axes.loop_gain": (lambda **kw: axes.loop_gain("hpt", **kw), dict(gland=1.0, drive=0.0)),
    "axes.simulate_axis": (lambda **kw: axes.simulate_axis("hpa", **kw),
                           dict(days=10, dt_days=1.0, exogenous=1.0)),
    "trials.se_from_ci": (trials.se_from_ci, dict(low=1.0, high=2.0, level=0.95)),
    "trials.p_from_ci": (trials.p_from_ci, dict(estimate=1.5, low=1.0, high=2.0, level=0.95)),
    "trials.z_for_level": (trials.z_for_level, dict(level=0.95)),
    "trials.ci_halves": (trials.ci_halves, dict(estimate=1.5, low=1.0, high=2.0)),
    "trials.risk_difference": (trials.risk_difference, dict(rate_treated=0.1, rate_control=0.2)),
    "trials.risk_ratio": (trials.risk_ratio, dict(rate_treated=0.1, rate_control=0.2)),
    "trials.nnt": (trials.nnt, dict(rate_treated=0.1, rate_control=0.2)),
    "trials.per_10000": (trials.per_10000, dict(rate=0.1)),
    "trials.annualise": (trials.annualise, dict(change_percent=5.0, years=3)),
    "trials.chi2_sf": (trials.chi2_sf, dict(x=3.0, df=2)),
    "trials.pool": (trials.pool, dict(estimates=[1.0, 2.0], ses=[0.1, 0.2], level=0.95)),
    "trials.forest_plot": (trials.forest_plot,
                           dict(labels=["a", "b"], estimates=[1.0, 2.0], ci_low=[0.5, 1.5],
                                ci_high=[1.5, 2.5], weights=[1.0, 2.0],
                                pooled=(1.5, 1.0, 2.0))),
    "insilico.run_trial": (insilico.run_trial,
                           dict(arms={"ET": "estrogen"}, n_per_arm=10, years=0.5, seed=0,
                                variability=0.1, measurement=1.0, level=0.95,
                                history=[("postmenopause", 1.0)])),
}
NOT_NUMBERS = {"labels", "arms"}
NONE_ALLOWED = {"seed", "variability", "measurement"}       # None means "no seed", "default" ...
NO_RANGE = [10**400, -(10**400), float("nan"), float("inf"), -1e300, "1", None, True,
            1j, object()]


def _numeric_arguments():
    for label, (_, good) in TIER23.items():
        for arg, value in good.items():
            if arg in NOT_NUMBERS:
                continue
            if isinstance(value, list):                     # a list of numbers, or of pairs
                item = ("[0][1]" if isinstance(value[0], tuple) else "[0]")
                yield pytest.param(label, arg, item, id=f"{label}({arg}{item})")
            else:
                yield pytest.param(label, arg, "", id=f"{label}({arg})")


def _with(good: dict, arg: str, item: str, bad) -> dict:
    kwargs = dict(good)
    if item == "[0]":
        kwargs[arg] = [bad, *good[arg][1:]]
    elif item == "[0][1]":
        kwargs[arg] = [(good[arg][0][0], bad), *good[arg][1:]]
    elif arg == "pooled":
        kwargs[arg] = (bad, *good[arg][1:])
    else:
        kwargs[arg] = bad
    return kwargs


@pytest.mark.parametrize("label, arg, item", list(_numeric_arguments()))
def test_tier2_3_numbers_out_of_any_range_are_refused_with_the_range(label, arg, item):
    func, good = TIER23[label]
    func(**good)                                               # the arguments work as given
    name = re.escape(arg + item if arg != "pooled" else "pooled[0]")
    for bad in NO_RANGE:
        if bad is None and arg in NONE_ALLOWED:
            continue
        with pytest.raises(ValueError, match=rf"^{name}\W.*must be .*\d"):
            func(**_with(good, arg, item, bad))


@pytest.mark.parametrize("call, message", [
    (lambda: trials.forest_plot(["a"], [1.0], [0.5], [1.5], ax="axes"),
     "ax must be a matplotlib Axes or None; got str"),
    (lambda: trials.forest_plot(["a"], [1.0], [0.5], [1.5], ax=[1, 2]),
     "ax must be a matplotlib Axes or None; got list"),
    (lambda: trials.forest_plot(["a"], [1.0], [0.5], [1.5], title=3), "title must be a str"),
    (lambda: trials.forest_plot(["a"], [1.0], [0.5], [1.5], note=b"x"), "note must be a str"),
    (lambda: trials.forest_plot("ab", [1.0], [0.5], [1.5]), r"labels must be a list .*at least 1"),
    (lambda: trials.forest_plot(["a"], [1.0], [0.5], [1.5], ratio="no"),
     "ratio must be True or False"),
    (lambda: trials.pool("12", [0.1, 0.2]), "estimates must be a list of 2 to 10000 numbers"),
    (lambda: trials.pool([1, 2], [0.1, 0.2], method=["fixed"]),
     "method must be one of 'fixed', 'random'"),
    (lambda: trials.chi2_sf(3.0, 2.5), "df must be a whole number from 1 to 100000"),
    (lambda: axes.steady_state(["hpa"]), "axis must be one of 'hpg', 'hpa', 'hpt'"),
    (lambda: axes.simulate_axis("hpa", 0), "days must be a number above 0 and at most 7305"),
    (lambda: axes.to_hormones(hpg={"estradiol": 10**400}),
     r"hpg\['estradiol'\] must be a number"),
    (lambda: receptors.occupancy([1.0, "2"], 5.0), "ligand_nM must be a number or an array"),
    (lambda: receptors.occupancy([[1.0, 2.0], [3.0]], 5.0), "ligand_nM must be a number or an"),
    (lambda: receptors.occupancy([1.0, 10**400], 5.0), "ligand_nM must be a number or an array"),
    (lambda: receptors.occupancy([], 5.0), "ligand_nM must be a number or an array"),
    (lambda: receptors.occupancy([1.0, 2.0], [1.0, 2.0, 3.0]),
     r"ligand_nM \(shape \(2,\)\), kd_nM \(shape \(3,\)\) must be arrays of the same shape"),
    (lambda: receptors.hill([1.0, 2.0], [1.0, 2.0, 3.0]),
     r"dose \(shape \(2,\)\), ec50 \(shape \(3,\)\) must be arrays of the same shape"),
    (lambda: receptors.hill([1.0, 2.0], 1.0, n=[1.0, 2.0, 3.0]),
     r"dose \(shape \(2,\)\), n \(shape \(3,\)\) must be"),
    (lambda: receptors.pr_response([1.0, 2.0], pr_a_share=[0.1, 0.2, 0.3]),
     r"progesterone_nM \(shape \(2,\)\), pr_a_share \(shape \(3,\)\) must be"),
    (lambda: receptors.progesterone_input([1.0, 2.0]),
     r"progesterone_nM \(0 to 1e\+06 nM\) and pr_a_share \(0 to 1\) must be single numbers"),
    (lambda: insilico.run_trial({"ET": "estrogen"}, 10, 1, seed=10**400),
     "seed must be a whole number at least 0, or None"),
    (lambda: insilico.run_trial({"ET": "estrogen"}, 10, 1, level="0.95"),
     "level must be a confidence level from 0.5 to 0.999"),
    (lambda: insilico.run_trial({"ET": "estrogen"}, 10, 1, site="wrist"),
     "site must be one of 'spine', 'hip'"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_tier2_3_other_bad_input_is_refused_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def _explorers():
    from course_lib.widgets.axes_explorer import AxesExplorer
    from course_lib.widgets.hormone_explorer import HormoneExplorer
    from course_lib.widgets.receptor_explorer import ReceptorExplorer
    from course_lib.widgets.trial import TrialExplorer

    return AxesExplorer, HormoneExplorer, ReceptorExplorer, TrialExplorer


@pytest.mark.parametrize("which, kwargs, message", [
    (2, {"dose_nM": 10**400}, "dose_nM must be a number from 0.01 to 1000"),
    (2, {"estradiol": float("inf")}, "estradiol must be a number from 0 to 3"),
    (2, {"site": ["hip"]}, "site must be one of 'spine', 'hip'"),
    (0, {"capacity": 10**400}, "capacity must be a number from"),
    (0, {"fail": None}, "fail must be one of 'none'"),
    (0, {"axis": "hpx"}, "axis must be one of 'hpg', 'hpa', 'hpt'"),
    (1, {"years": float("inf")}, "years must be a whole number from 1 to 20"),
    (1, {"years": 10**400}, "years must be a whole number from 1 to 20"),
    (1, {"b": "unicorn"}, "b must be one of 'ovulatory_premenopause'"),
    (1, {"site": "wrist"}, "site must be one of 'spine', 'hip'"),
    (3, {"n_per_arm": 10**400}, "n_per_arm must be one of 10, 25"),
    (3, {"seed": 10**400}, "seed must be a whole number at least 0"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_tier2_3_explorers_refuse_bad_starting_values_naming_them(which, kwargs, message):
    with pytest.raises(ValueError, match=message):
        _explorers()[which](**kwargs)
