"""Named runs of lessons 3.1-3.3 (scenarios.academic_receptors, scenarios.academic_axes).

Expected values come from closed forms solved here, the documented loop solved by scipy,
runs made here through the public model API, or the evidence data read directly.
"""

import numpy as np
import pytest
from scipy.optimize import brentq

from course_lib import axes, evidence, receptors
from course_lib.model import Hormones, simulate
from course_lib.regimens import regimen
from course_lib.scenarios import academic_axes as ax_runs
from course_lib.scenarios import academic_receptors as rec_runs

# --------------------------------------------------------------------------- receptors


def test_dose_grid_is_log_spaced_over_the_range():
    d = rec_runs.dose_grid(5)
    assert d[0] == pytest.approx(0.01) and d[-1] == pytest.approx(1000.0)
    assert np.allclose(np.diff(np.log10(d)), 1.25)
    with pytest.raises(ValueError, match="n"):
        rec_runs.dose_grid(1)


@pytest.mark.parametrize("share", [0.5, 0.52, 0.55, 0.57])
def test_estradiol_to_restore_matches_the_closed_form(share):
    """x BB / (K_T + x) = T_ref (rho = 1) gives x; PR(E) = E (1 + k) / (E + k) = x / theta."""
    bb, t_ref, theta, k_t, k = (1 - share) ** 2, 1 / 7, 2 / 3, 0.5, 3.0
    x = k_t * t_ref / (bb - t_ref)
    y = x / theta
    expected = k * y / (1 + k - y)
    assert rec_runs.estradiol_to_restore(share) == pytest.approx(expected, rel=1e-9)


def test_estradiol_to_restore_edges():
    assert rec_runs.estradiol_to_restore(0.5) == pytest.approx(1.0, rel=1e-9)
    assert rec_runs.estradiol_to_restore(0.3) < 1.0          # less PR-A: less priming needed
    assert rec_runs.estradiol_to_restore(0.6) is None         # beyond the BB ceiling
    assert rec_runs.estradiol_to_restore(0.5, target=0.0) == 0.0
    with pytest.raises(ValueError, match="pr_a_share"):
        rec_runs.estradiol_to_restore(1.5)


def test_gr_binding_reads_the_evidence():
    fact = evidence.fact("mpa_glucocorticoid_receptor")
    assert fact.values["mpa_gr_ki"].startswith("10.8")
    assert rec_runs.gr_binding() == {"MPA": 10.8, "progesterone": 215.0}
    occ = rec_runs.gr_occupancy(10.8)
    assert occ["MPA"] == pytest.approx(0.5)                  # L = Ki: half occupied
    assert occ["progesterone"] == pytest.approx(10.8 / 225.8)


def test_bone_runs_follow_the_receptor_link():
    runs = rec_runs.isoform_bone_runs(shares=(0.5, 0.7), years=5)
    made_here = simulate(Hormones(progesterone=0.36), years=5)   # 0.36 by hand (lesson 3.1)
    assert runs[0.7].bmd_percent[-1] == pytest.approx(made_here.bmd_percent[-1])
    priming = rec_runs.priming_bone_runs(estradiols=(1.0, 0.3), years=5)
    assert priming[0.3].bmd_change < runs[0.7].bmd_change < runs[0.5].bmd_change + 1e-9


def test_curve_helpers_are_the_response_over_the_grid():
    curves = rec_runs.isoform_curves(shares=(0.5,), n=11)
    assert curves[0.5] == pytest.approx(receptors.pr_response(rec_runs.dose_grid(11)))
    primed = rec_runs.priming_curves(estradiols=(2.0,), n=11)
    assert np.all(primed[2.0] > curves[0.5])


def test_printed_tables(capsys):
    rec_runs.print_dimer_table(shares=(0.75,))
    rec_runs.print_curve_table(shares=(0.5,))
    rec_runs.print_gr_table(concentrations=(10.0,))
    out = capsys.readouterr().out
    assert "0.5625   0.3750   0.0625" in out         # 9/16, 6/16, 1/16, exactly
    assert "1.67" in out                              # EC50 = K_T Kd / (K_T + 1) = 5/3 nM
    assert "10.8" in out and out.count("MODEL OUTPUT") == 1     # the curve table only


# --------------------------------------------------------------------------- axes


@pytest.mark.parametrize("axis", axes.AXES)
def test_lab_pattern_logic(axis):
    assert ax_runs.pattern(axis) == ("normal", "normal")
    assert ax_runs.site_of_fault(axis, "high", "low") == "gland"
    assert ax_runs.site_of_fault(axis, "low", "low") == "hypothalamus or pituitary"
    with pytest.raises(ValueError, match="more than one site"):
        ax_runs.site_of_fault(axis, "low", "high")    # overactive gland or a drug
    with pytest.raises(ValueError, match="no single fault"):
        ax_runs.site_of_fault(axis, "normal", "low")


def test_direction_margin():
    assert [ax_runs.direction(x) for x in (0.8, 0.95, 1.05, 1.2)] == \
        ["low", "normal", "normal", "high"]


def test_pituitary_curve_is_the_loop_opened_at_the_gland():
    """hpa: P(G) = 6 / ((1 + G)(1 + 2G)) from the documented constants (kH 1, kP 2, m 1)."""
    g = np.array([0.1, 0.5, 1.0, 2.0])
    assert ax_runs.pituitary_curve("hpa", g) == pytest.approx(6 / ((1 + g) * (1 + 2 * g)))


def test_recovery_days_interpolates_between_samples():
    course = ax_runs.glucocorticoid_course(3.0, 90, 365, dt_days=0.25)
    fine = ax_runs.recovery_days(course, 90)
    coarse = ax_runs.recovery_days(ax_runs.glucocorticoid_course(3.0, 90, 365), 90)
    assert fine == pytest.approx(coarse, abs=1.0)
    assert ax_runs.recovery_days(course, 90, threshold=2.0) == float("inf")


def test_loop_gain_estimate_approaches_the_exact_gain():
    for axis in axes.AXES:
        exact = axes.loop_gain(axis)
        assert ax_runs.loop_gain_estimate(axis, 1e-4) == pytest.approx(exact, rel=1e-3)
        assert ax_runs.loop_gain_estimate(axis, 0.1) < exact     # a big drop, weaker loop


def test_menopause_sweep_fsh_up_estradiol_down():
    rows = np.array(ax_runs.menopause_sweep())
    assert np.all(np.diff(rows[:, 1]) > 0) and np.all(np.diff(rows[:, 2]) < 0)
    # the loop hides early decline: estradiol falls by far less than the capacity
    cap, _, e2 = rows[1]
    assert 1 - e2 < 0.5 * (1 - cap)


def test_course_bone_run_feeds_the_daily_schedule():
    course = ax_runs.glucocorticoid_course(3.0, 60, 60)
    bone = ax_runs.course_bone_run(course)
    schedule = axes.to_hormones(hpa=course).cortisol
    made_here = simulate(Hormones(cortisol=schedule), years=120 / 365.25, dt_days=1.0)
    assert bone.bmd_percent[-1] == pytest.approx(made_here.bmd_percent[-1])
    assert bone.bmd_change < 0


def test_milieu_runs_use_the_inflammation_input():
    runs = ax_runs.milieu_runs(years=5)
    post = simulate(regimen("postmenopause").replace(inflammation=1.0), years=5)
    assert runs["postmenopause + inflammation 1"].bmd_percent[-1] == pytest.approx(
        post.bmd_percent[-1])
    assert runs["inflammation 1"].bmd_change < runs["inflammation 0.5"].bmd_change < 0


def test_simthyr_comparison_reads_the_evidence(capsys):
    ax_runs.print_simthyr_comparison()
    out = capsys.readouterr().out
    tsh = 4.93 / 1.8                      # SimThyr, GT / 10 (numbers in the evidence data)
    assert evidence.value("simthyr_thyroid_simulator", "tsh_gt_divided_by_10") == 4.93
    assert f"{tsh:.2f}" in out and "Dietrich" in out and "MODEL OUTPUT" in out


def test_figures_draw():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = ax_runs.plot_set_point("hpt", glands=(1.0, 0.5))
    x, y = ax.get_lines()[-1].get_xydata()[0]        # the set point for capacity 0.5
    assert (x, y) == pytest.approx((axes.steady_state("hpt", gland=0.5)["T4"],
                                    axes.steady_state("hpt", gland=0.5)["TSH"]))
    ax_runs.plot_course(ax_runs.glucocorticoid_course(3.0, 30, 30), 30)
    ax_runs.plot_menopause(capacities=(1.0, 0.5, 0.1))
    rec_runs.plot_binding_and_hill()
    rec_runs.plot_curves(rec_runs.isoform_curves(n=11), label="PR-A share", title="t")
    plt.close("all")


def test_pituitary_curve_by_brentq_crossing():
    """The set point is the crossing of G = g P(G): brentq on the curve helper agrees."""
    g = 0.5
    t4 = brentq(lambda x: x - g * ax_runs.pituitary_curve("hpt", [x])[0], 0.01, 2.0)
    assert t4 == pytest.approx(axes.steady_state("hpt", gland=g)["T4"], rel=1e-9)


def test_labelled_comparisons_are_the_runs_they_name():
    comparison = rec_runs.bone_comparison(shares=(0.7,), estradiols=(0.3,), years=3)
    labels = list(comparison)
    assert labels[0].startswith("reference") and labels[1:] == ["PR-A share 0.7", "estradiol 0.3"]
    assert comparison["estradiol 0.3"].bmd_percent[-1] == pytest.approx(
        simulate(Hormones(estradiol=0.3), years=3).bmd_percent[-1])
    thyroid = ax_runs.thyroid_runs(years=3)
    t4 = axes.steady_state("hpt", gland=2.0)["T4"]
    assert thyroid["overactive thyroid"].bmd_percent[-1] == pytest.approx(
        simulate(Hormones(thyroid=t4), years=3).bmd_percent[-1])
    both = ax_runs.axis_comparison(years=3)
    e2 = axes.steady_state("hpg", gland=0.05)["estradiol"]
    assert both["ovary at 0.05, estradiol only"].bmd_percent[-1] == pytest.approx(
        simulate(Hormones(estradiol=e2), years=3).bmd_percent[-1])


def test_more_printed_tables(capsys):
    rec_runs.print_occupancy_table(doses=(5.0,))
    rec_runs.print_restore_table(shares=(0.5, 0.65))
    ax_runs.print_parameters()
    ax_runs.print_course_bone(ax_runs.course_bone_run(ax_runs.glucocorticoid_course(3.0, 60, 60)))
    out = capsys.readouterr().out
    assert "0.500" in out                              # L = Kd
    assert "1.00" in out and "none up to 10" in out    # share 0.5 needs reference estradiol
    assert "model assumptions" in out and "lowest" in out
