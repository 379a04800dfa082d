"""Tier 2's named runs (course_lib.scenarios.intermediate) and the Tier 2 regimens."""

import numpy as np
import pytest

from course_lib.calibration import PEPI_HISTORY
from course_lib.model import Hormones, State, simulate
from course_lib.regimens import REGIMEN_NAMES, regimen
from course_lib.regimens import history as simulate_history
from course_lib.scenarios import intermediate as s2

TIER2_REGIMENS = ("transdermal_estradiol_micronized_progesterone",
                  "cyclic_progesterone_perimenopause", "progesterone_cream", "testosterone",
                  "aromatase_inhibitor")


def test_histories():
    assert s2.HISTORIES["pepi"] == tuple(PEPI_HISTORY)
    assert s2.history_run("none") is None
    assert s2.history_state("none", "hip") == State.reference("hip")
    late = s2.history_run("late_postmenopause")
    assert late.t_years[-1] == pytest.approx(13.0, abs=0.02)


def test_therapy_run_starts_at_100_and_continues_the_history():
    r = s2.therapy_run("estrogen", 2, "spine", "early_postmenopause")
    assert r.bmd_percent[0] == pytest.approx(100.0)
    direct = simulate(regimen("estrogen"), years=2,
                      start=simulate_history([("menopause_transition", 3)]).final)
    assert r.bmd_change == pytest.approx(direct.bmd_change)


def test_side_by_side_difference_is_b_minus_a_per_year():
    pair = s2.side_by_side("postmenopause", "progesterone_alone", 3, "hip", "pepi")
    assert pair.difference_percent_per_year == pytest.approx(
        (pair.run_b.bmd_change - pair.run_a.bmd_change) / 3)


def test_model_reproduces_its_calibration_targets_through_these_runs():
    # Prior 2017: 0.68 %/year (0.38-0.97); PEPI placebo -1.8 %, CEE + MPA +5.0 % at 3 years.
    assert 0.38 <= s2.et_ept_gap_per_year(3) <= 0.97
    pepi = {row.arm: row for row in s2.pepi_comparison("spine")}
    assert -3.0 <= pepi["placebo"].model_percent <= -0.8
    assert pepi["placebo"].published_percent == -1.8
    assert 3.5 <= pepi["CEE + MPA 2.5 mg daily"].model_percent <= 6.5


def test_meta_analysis_and_trials_read_as_published():
    m = s2.meta_analysis()
    assert (m.estimate_percent_per_year, m.low_percent_per_year, m.high_percent_per_year,
            m.trials, m.women) == (0.68, 0.38, 0.97, 5, 1058)
    trials = {t.key: t for t in s2.progestin_alone_trials()}
    g = trials["gallagher_1991_mpa20"]
    assert (g.n_treated, g.treated_percent_per_year, g.n_placebo,
            g.placebo_percent_per_year) == (20, -2.5, 20, -3.8)
    pooled = trials["mean_omp_and_cream"]
    assert (pooled.n_treated, pooled.treated_percent_per_year,
            pooled.placebo_percent_per_year) == (58, -1.2, -1.0)


def test_progesterone_alone_grid_shows_estradiol_dependence():
    g = s2.progesterone_alone_grid()
    for h in ("early_postmenopause", "late_postmenopause"):
        assert 0 < g[h]["p_alone_effect"] < g[h]["p_with_e2_effect"]
    assert g["early_postmenopause"]["progesterone_alone"] < 0


def test_aromatase_inhibitor_loses_more_than_no_therapy_in_the_direction_of_ibis2():
    for site in ("spine", "hip"):
        c = s2.aromatase_inhibitor_comparison(site)
        assert c.model_percent < 0 and c.published_percent < 0


def test_monitoring_turnover_falls_within_months_and_lsc_is_iscd():
    m = s2.monitoring_after_start("estrogen_progestin_mpa", "spine", "pepi", 5)
    turnover_3_months = np.interp(0.25, m.run.t_years, m.run.turnover)
    assert turnover_3_months < 0.5 * (1 + m.run.turnover[0])   # most of the fall within 3 months
    assert m.lsc_percent == pytest.approx(2.77 * 1.2)            # ISCD, typical AP-spine precision
    assert m.years is None or 0 < m.years <= 5


def test_tier2_regimens_exist_and_act_as_stated():
    assert set(TIER2_REGIMENS) <= set(REGIMEN_NAMES)
    start = simulate_history(list(PEPI_HISTORY)).final
    change = {n: simulate(regimen(n), years=3, start=start).bmd_change
              for n in ("postmenopause", "testosterone", "aromatase_inhibitor",
                        "progesterone_cream")}
    assert change["aromatase_inhibitor"] < change["postmenopause"] < change["testosterone"]
    assert change["postmenopause"] < change["progesterone_cream"] < change["testosterone"]
    assert regimen("aromatase_inhibitor").estradiol < regimen("postmenopause").estradiol
    assert not regimen("cyclic_progesterone_perimenopause").is_constant


@pytest.mark.parametrize("call, name", [
    (lambda: s2.therapy_run("estrogen", 3, "knee"), "site"),
    (lambda: s2.therapy_run("estrogen", 0, "spine"), "years"),
    (lambda: s2.therapy_run("estrogen", 3, "spine", "childhood"), "history"),
    (lambda: s2.et_ept_gap(3, "estrogen"), "progestogen"),
    (lambda: s2.preset("magic"), "preset"),
    (lambda: s2.interplay_runs(years=True), "years"),
])
def test_bad_arguments_raise_value_error_naming_them(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_interplay_and_milieu_runs_are_premenopausal_starts():
    for runs in (s2.interplay_runs(2), s2.milieu_runs(2)):
        assert runs["reference"].bmd_change == pytest.approx(0.0, abs=0.05)
        assert all(isinstance(h, Hormones) for h in runs["reference"].hormones)
