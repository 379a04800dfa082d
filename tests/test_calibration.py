"""Calibration targets of shared/model/spec.md, each with its tolerance, against the evidence."""

import pytest

from course_lib import evidence
from course_lib.calibration import PEPI_HISTORY
from course_lib.model import simulate, simulate_history
from course_lib.regimens import regimen

PEPI_ACTIVE_ARMS = ("estrogen", "estrogen_progestin_mpa", "estrogen_progestin_mpa_cyclic",
                    "estrogen_micronized_progesterone")


@pytest.fixture(scope="module")
def pepi_baseline():
    return simulate_history(PEPI_HISTORY, site="spine").final


@pytest.mark.parametrize("site", ["spine", "hip"])
def test_1_reference_drifts_under_0_1_percent_per_year(site):
    r = simulate(regimen("reference"), years=10, site=site)
    assert abs(r.bmd_change) / 10 < 0.1


def test_2_swan_transition_spine_loss():
    target = evidence.value("swan_greendale2012_cumulative_loss",
                            "lumbar_spine_loss_in_transmenopause")
    assert target == pytest.approx(7.38)
    loss = -simulate(regimen("menopause_transition"), years=3, site="spine").bmd_change
    assert 5.5 <= loss <= 9.5


def test_3_pepi_placebo_spine(pepi_baseline):
    assert evidence.value("pepi_bmd_36mo_abstract", "placebo_spine") == -1.8
    r = simulate(regimen("postmenopause"), years=3, start=pepi_baseline)
    assert -3.0 <= r.bmd_change <= -0.8


def test_3_pepi_cee_continuous_mpa_spine(pepi_baseline):
    assert evidence.value("pepi_bmd_36mo_abstract", "cee_plus_continuous_mpa_spine") == 5.0
    r = simulate(regimen("estrogen_progestin_mpa"), years=3, start=pepi_baseline)
    assert 3.5 <= r.bmd_change <= 6.5


@pytest.mark.parametrize("arm", PEPI_ACTIVE_ARMS)
def test_3_every_active_pepi_arm_gains_at_the_spine(arm, pepi_baseline):
    assert simulate(regimen(arm), years=3, start=pepi_baseline).bmd_change > 0


@pytest.mark.parametrize("years", [2, 3])
def test_4_ept_minus_et_inside_prior2017_ci(years, pepi_baseline):
    q = evidence.quantity("ept_vs_et_spine_meta_prior2017",
                          "weighted_mean_difference_ept_minus_et")
    low, high = q.low, q.high
    assert (low, high) == (0.38, 0.97)
    et = simulate(regimen("estrogen"), years=years, start=pepi_baseline).bmd_change
    ept = simulate(regimen("estrogen_progestin_mpa"), years=years, start=pepi_baseline).bmd_change
    assert low <= (ept - et) / years <= high
