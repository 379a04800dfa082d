"""Named model runs shared by lessons and answer keys (course_lib.scenarios)."""

import math

import numpy as np
import pytest

from course_lib import scenarios
from course_lib.model import Hormones, simulate
from course_lib.regimens import history, regimen


def test_swan_figures_come_from_the_evidence():
    s = scenarios.swan()
    assert (s.spine_transition, s.neck_transition, s.spine_10y, s.neck_10y) == (
        7.38, 5.8, 10.6, 9.1)
    assert (s.years_before_fmp, s.years_after_fmp, s.window_years) == (1.0, 2.0, 3.0)


def test_cycles_per_year_counts_28_day_cycles():
    assert scenarios.CYCLES_PER_YEAR == 13


def test_one_cycle_returns_to_balance():
    r = scenarios.one_cycle(osteoclast_burst=2.0, days=180)
    assert r.osteoclasts[0] == pytest.approx(2.0)
    assert r.bmd_percent.min() < 100.0  # resorption first: BMD dips
    assert r.bmd_percent[-1] == pytest.approx(100.0, abs=0.05)  # then refills
    t_clast = r.t_years[np.argmax(r.osteoclasts)]
    t_blast = r.t_years[np.argmax(r.osteoblasts)]
    assert t_clast < t_blast  # osteoclasts lead, osteoblasts follow
    assert math.isfinite(scenarios.one_cycle(days=30).bmd_change)


def test_named_runs_are_the_runs_a_student_makes():
    a = scenarios.regimen_run("postmenopause", 5, "hip")
    b = simulate(regimen("postmenopause"), years=5, site="hip")
    assert np.array_equal(a.bmd_percent, b.bmd_percent)
    c = scenarios.estradiol_run(0.5, 5)
    d = simulate(Hormones(estradiol=0.5), years=5, site="spine")
    assert np.array_equal(c.turnover, d.turnover)


def test_transition_results_cover_the_swan_window():
    runs = scenarios.transition_results()
    assert set(runs) == {"spine", "hip"}
    by_hand = history([("menopause_transition", 3)], site="spine")
    assert runs["spine"].bmd_change == pytest.approx(by_hand.bmd_change)
    longer = scenarios.transition_results(years_after=2, sites=("hip",))
    assert set(longer) == {"hip"} and longer["hip"].t_years[-1] == pytest.approx(5.0)


def test_monitoring_run_starts_at_the_baseline_scan():
    run = scenarios.monitoring_run("hip", years=4)
    assert run.bmd_percent[0] == pytest.approx(100.0)
    assert run.t_years[-1] == pytest.approx(4.0)
    assert run.bmd_percent[-1] < 100.0


def test_typical_precision_comes_from_the_review():
    # Wilson & Smith's review of 57 studies: AP spine 1.2 %, total hip 1.3 %.
    assert scenarios.typical_precision("spine") == 1.2
    assert scenarios.typical_precision("hip") == 1.3
    with pytest.raises(ValueError, match="site"):
        scenarios.typical_precision("femoral neck")


def test_lsc_crossing_is_where_the_run_first_moves_by_the_lsc():
    run = scenarios.monitoring_run("spine", years=10)
    crossing = scenarios.lsc_crossing(run, 1.2)
    assert crossing.precision == 1.2
    assert crossing.lsc == pytest.approx(2.77 * 1.2)
    assert crossing.years == pytest.approx(run.time_to(100 - 2.77 * 1.2), rel=1e-6)
    # A run too short to reach the LSC has no crossing.
    assert scenarios.lsc_crossing(scenarios.monitoring_run("spine", years=0.5), 1.2).years is None


def test_after_the_scan_loss_goes_on_and_the_hip_catches_up():
    # What lessons 1.4 and 1.5 comment on (model behaviour, not evidence).
    post = scenarios.regimen_run("postmenopause", 40)
    assert post.at(20.0)["bmd_percent"] - post.at(40.0)["bmd_percent"] > 1.0   # no plateau
    spine, hip = (scenarios.monitoring_run(s, years=20) for s in ("spine", "hip"))
    # The spine leads early (mechanism 7); the slower hip keeps losing and catches up.
    assert spine.at(2.0)["bmd_percent"] < hip.at(2.0)["bmd_percent"] < 100.0
    assert hip.at(20.0)["bmd_percent"] < spine.at(20.0)["bmd_percent"]


def test_named_runs_are_frozen_records():
    import dataclasses

    s = scenarios.swan()
    assert dataclasses.is_dataclass(s)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.spine_10y = 1.0
    crossing = scenarios.lsc_crossing(scenarios.monitoring_run("spine", years=2), 1.2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        crossing.years = 1.0


@pytest.mark.parametrize("call, match", [
    (lambda: scenarios.one_cycle(None), "osteoclast_burst"),
    (lambda: scenarios.one_cycle(0), "osteoclast_burst must be a number above 0"),
    (lambda: scenarios.one_cycle(2.0, days=-5), "days must be a number from 1 to 3650"),
    (lambda: scenarios.one_cycle(2.0, days="30"), "days"),
    (lambda: scenarios.typical_precision(["spine"]), "site"),
    (lambda: scenarios.lsc_crossing(None, 1.2), "result must be a model Result"),
    (lambda: scenarios.lsc_crossing(scenarios.regimen_run("reference", 1), None),
     "precision_percent"),
])
def test_bad_arguments_name_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_lesson_14_figure_counts_years_from_the_final_period_and_draws_swan_apart():
    import matplotlib

    matplotlib.use("Agg")
    from course_lib import scenarios

    runs = scenarios.transition_results(years_after=7)
    ax = scenarios.plot_transition(runs)
    swan = scenarios.swan()
    lines = {ln.get_gid(): ln for ln in ax.get_lines() if ln.get_gid()}
    spine = lines["model spine"]
    assert spine.get_xdata()[0] == pytest.approx(-swan.years_before_fmp)
    assert spine.get_xdata()[-1] == pytest.approx(swan.window_years + 7 - swan.years_before_fmp)
    assert "final menstrual period" in ax.get_xlabel().lower()
    for site, loss in (("spine", swan.spine_transition), ("hip", swan.neck_transition)):
        point = lines[f"swan {site}"]
        assert point.get_linestyle() == "None"                   # a published point, not a line
        assert point.get_xdata()[0] == pytest.approx(swan.years_after_fmp)
        assert point.get_ydata()[0] == pytest.approx(100 - loss)
        assert "Greendale 2012" in point.get_label()
    assert ax.get_title("right") == "MODEL OUTPUT" and ax.get_title() == ""
