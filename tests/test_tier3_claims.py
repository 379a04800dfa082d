"""What the Tier 3 lessons say in words about the model, checked against the model.

Each assertion is one sentence of a `{{model output}}` block or of prose about a model run
(lesson and wording in the comment). If the model changes so that a sentence is no longer
true, the test fails here, and the sentence must change with it.
"""

import pytest

from course_lib import axes, insilico
from course_lib.scenarios import academic_axes as ax_runs
from course_lib.scenarios import academic_receptors as rc_runs
from course_lib.scenarios import academic_trials as at


def test_lesson_3_1_more_pr_a_loses_bone_less_estradiol_loses_far_more():
    runs = rc_runs.bone_comparison(shares=(0.6, 0.7), estradiols=(0.3,), years=10)
    a6, a7, e2 = runs["PR-A share 0.6"], runs["PR-A share 0.7"], runs["estradiol 0.3"]
    assert a7.bmd_change < a6.bmd_change < 0          # "more PR-A ... slowly loses bone"
    assert e2.bmd_change < 2 * a7.bmd_change          # "lowering estradiol loses far more"
    assert e2.turnover[-1] > 1.2                      # "and turnover rises"


def test_lesson_3_2_loop_gains_correct_two_thirds_and_half():
    left = {a: 1 / (1 + axes.loop_gain(a)) for a in axes.AXES}
    assert 0.25 < left["hpg"] < 0.4 and 0.25 < left["hpt"] < 0.4   # "about two thirds"
    assert 0.4 < left["hpa"] < 0.6                                  # "about half"


def test_lesson_3_2_course_bone_falls_then_recovers_a_little():
    bone = ax_runs.course_bone_run(ax_runs.glucocorticoid_course(3.0, 180, 365), "spine")
    lowest, end = min(bone.bmd_percent), bone.bmd_percent[-1]
    assert lowest < 100 and end > lowest               # "falls ... recovers a little"
    assert 100 - end > 0.5 * (100 - lowest)            # "most of the loss remains"


def test_lesson_3_2_chronic_stress_raises_cortisol_modestly_and_loses_bone_slowly():
    cortisol = axes.steady_state("hpa", drive=1.0)["cortisol"]
    assert 1.0 < cortisol < 1.5                        # "raises cortisol modestly"
    assert ax_runs.axis_bone_run("hpa", 10, "spine", drive=1.0).bmd_change < 0


def test_lesson_3_2_thyroid_excess_loses_bone_failure_slows_turnover():
    runs = ax_runs.thyroid_runs(years=10)
    for name in ("levothyroxine over-replacement", "overactive thyroid"):
        assert runs[name].turnover[-1] > 1.05 and runs[name].bmd_change < 0   # excess
    failing = runs["failing thyroid (untreated)"]
    # "slows turnover and loses no bone (its older bone even holds a little more mineral)"
    assert failing.turnover[-1] < 0.95 and 0 <= failing.bmd_change < 3


def test_lesson_3_2_ovary_and_glucocorticoid_cost_most():
    runs = ax_runs.axis_comparison(years=10)
    big = max(runs["ovary at 0.05, estradiol only"].bmd_change,
              runs["glucocorticoid drug (2 x)"].bmd_change)
    small = min(runs["chronic stress (drive 1)"].bmd_change,
                runs["T4 over-replacement"].bmd_change)
    assert big < 2 * small < 0                         # "cost much less"


def test_lesson_3_3_inflammation_glucocorticoid_and_postmenopause():
    runs = ax_runs.milieu_runs(years=10)
    infl = runs["inflammation 1"]
    assert infl.turnover[-1] > 1.05 and infl.bmd_change < runs["inflammation 0.5"].bmd_change < 0
    assert runs["inflammation 1 + glucocorticoid 2 x"].bmd_change < 2 * infl.bmd_change  # doubles
    assert runs["postmenopause + inflammation 1"].bmd_change < runs["postmenopause"].bmd_change


@pytest.fixture(scope="module")
def pepi_like():
    return insilico.run_trial(**at.PEPI_LIKE, n_per_arm=200, seed=1)


def test_lesson_3_6_model_trial_beside_pepi_and_prior(pepi_like):
    pepi, prior = at.pepi_abstract(), at.prior2017()
    placebo, ept = pepi_like.arms["placebo"].mean, pepi_like.arms["EPT"].mean
    assert placebo < 0 < pepi_like.arms["ET"].mean < ept      # "arms move the way PEPI's did"
    assert pepi.placebo_spine_percent < placebo               # "placebo loses somewhat less"
    assert round(ept - pepi.ept_continuous_mpa_spine_percent) == 1  # "a point more"
    per_year = pepi_like.difference("EPT", "ET").per_year
    assert prior.low < per_year < prior.high                  # "sits inside Prior 2017's CI"


def test_lesson_3_6_table_gives_every_published_figure(pepi_like, capsys):
    """Every row of the table beside PEPI carries a published number (PEPI's estrogen-alone arm
    per year as Seifert-Klauss tabulates it), and the model's ET row is its 3-year change / 3."""
    from course_lib import trial_views
    trial_views.print_trial_vs_evidence(pepi_like)
    out = capsys.readouterr().out
    assert "not verified" not in out
    et_row = next(line for line in out.splitlines() if line.startswith("ET (%/y)"))
    cells = et_row.split()
    assert float(cells[2]) == pytest.approx(pepi_like.arms["ET"].mean / 3, abs=0.006)
    assert float(cells[5]) == 1.4                              # Seifert-Klauss 2010, Table 4


def test_lesson_3_2_thyroid_excess_loss_follows_the_t4_the_bone_model_receives():
    """3.2 section 6: over-replacement ends T4 40 % above reference, the doubled thyroid
    about 21 % (the loop drives it less), and that run loses about half as much bone."""
    over = axes.steady_state("hpt", **ax_runs.THYROID_RUNS["levothyroxine over-replacement"])
    gland = axes.steady_state("hpt", **ax_runs.THYROID_RUNS["overactive thyroid"])
    assert round(over["T4"] - 1, 2) == 0.40 and round(gland["T4"] - 1, 2) == 0.21
    assert over["TSH"] < 1 and gland["TSH"] < 1
    runs = ax_runs.thyroid_runs(years=10)
    ratio = (runs["overactive thyroid"].bmd_change
             / runs["levothyroxine over-replacement"].bmd_change)
    assert 0.4 < ratio < 0.6
