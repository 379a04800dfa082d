"""course_lib.insilico: the contract, against single-woman runs, numpy by hand and statistics."""

import math

import numpy as np
import pytest

from course_lib import insilico
from course_lib.model import simulate, simulate_history
from course_lib.regimens import regimen

ARMS = {"placebo": "postmenopause", "ET": "estrogen", "EPT": "estrogen_progestin_mpa"}
HISTORY = [("menopause_transition", 3), ("postmenopause", 3)]
Z = 1.959963984540054


@pytest.fixture(scope="module")
def pepi_like():
    return insilico.run_trial(ARMS, n_per_arm=100, years=3, history=HISTORY, seed=3)


def test_contract_fields(pepi_like):
    r = pepi_like
    assert list(r.arms) == ["placebo", "ET", "EPT"]
    for name, a in r.arms.items():
        assert (a.n, a.name) == (100, name)
        assert a.ci_low < a.mean < a.ci_high
        assert len(r.changes[name]) == 100
    d = r.difference("EPT", "placebo")
    assert d.mean == pytest.approx(r.arms["EPT"].mean - r.arms["placebo"].mean)
    assert d.ci_low < d.mean < d.ci_high
    assert d.per_year == pytest.approx(d.mean / 3)
    assert r.difference("placebo", "EPT").mean == pytest.approx(-d.mean)


def test_summaries_match_numpy_by_hand(pepi_like):
    r = pepi_like
    for name, a in r.arms.items():
        x = np.asarray(r.changes[name])
        mean, sd = x.mean(), x.std(ddof=1)
        half = Z * sd / math.sqrt(len(x))
        assert (a.mean, a.sd, a.ci_low, a.ci_high) == pytest.approx(
            (mean, sd, mean - half, mean + half), rel=1e-12)
    d = r.difference("EPT", "ET")
    se = math.sqrt(r.changes["EPT"].var(ddof=1) / 100 + r.changes["ET"].var(ddof=1) / 100)
    assert (d.ci_low, d.ci_high) == pytest.approx((d.mean - Z * se, d.mean + Z * se))


def test_identical_women_without_scan_error_match_one_simulated_woman():
    """variability 0 and no scan error: every woman is the model's average woman, whose
    change over the trial is computed here by the single-woman integrator."""
    r = insilico.run_trial(ARMS, n_per_arm=10, years=3, history=HISTORY, seed=0,
                           variability=0.0, measurement=None)
    start = simulate_history([(regimen(n), y) for n, y in HISTORY]).final
    for name, regimen_name in ARMS.items():
        one = simulate(regimen(regimen_name), years=3, start=start)
        assert r.arms[name].mean == pytest.approx(one.bmd_change, abs=0.02), name
        assert r.arms[name].sd == pytest.approx(0.0, abs=1e-9)


def test_seed_fixes_women_randomisation_and_scans():
    a = insilico.run_trial(ARMS, n_per_arm=20, years=1, seed=5)
    b = insilico.run_trial(ARMS, n_per_arm=20, years=1, seed=5)
    c = insilico.run_trial(ARMS, n_per_arm=20, years=1, seed=6)
    assert all(np.array_equal(a.changes[k], b.changes[k]) for k in ARMS)
    assert not np.array_equal(a.changes["EPT"], c.changes["EPT"])


def test_equal_arms_differ_only_by_chance():
    """Two arms on the same regimen: their 95 % CI for the difference covers 0 in most
    trials (binomial: 40 trials, expect 38; fewer than 33 has probability < 0.1 %)."""
    same = {"A": "postmenopause", "B": "postmenopause"}
    covered = 0
    for seed in range(40):
        d = insilico.run_trial(same, n_per_arm=30, years=1, seed=seed).difference("A", "B")
        covered += d.ci_low <= 0 <= d.ci_high
    assert covered >= 33


def test_ci_halves_when_women_quadruple():
    widths = {}
    for n in (100, 400):
        d = insilico.run_trial(ARMS, n_per_arm=n, years=1, seed=2).difference("EPT", "ET")
        widths[n] = d.ci_high - d.ci_low
    assert widths[400] / widths[100] == pytest.approx(0.5, abs=0.1)


def test_scan_error_adds_the_expected_spread():
    exact = insilico.run_trial({"A": "estrogen"}, n_per_arm=2000, years=1, seed=1,
                               measurement=None)
    scanned = insilico.run_trial({"A": "estrogen"}, n_per_arm=2000, years=1, seed=1,
                                 measurement=1.2)
    expected = math.sqrt(exact.arms["A"].sd ** 2 + 2 * 1.2**2)
    assert scanned.arms["A"].sd == pytest.approx(expected, rel=0.06)
    assert scanned.precision == 1.2 and exact.precision == 0.0
    assert insilico.run_trial({"A": "estrogen"}, n_per_arm=10, years=1).precision > 0


@pytest.mark.parametrize("kwargs, name", [
    ({"arms": ["estrogen"]}, "arms"),
    ({"arms": {}}, "arms"),
    ({"arms": {"A": "unicorn"}}, r"arms\['A'\]"),
    ({"arms": {"": "estrogen"}}, "arms"),
    ({"n_per_arm": 5}, "n_per_arm"),
    ({"n_per_arm": 10.5}, "n_per_arm"),
    ({"n_per_arm": True}, "n_per_arm"),
    ({"years": 0}, "years"),
    ({"years": float("nan")}, "years"),
    ({"history": "postmenopause"}, "history"),
    ({"history": [("postmenopause",)]}, r"history\[0\]"),
    ({"history": [("postmenopause", -1)]}, r"history\[0\]\[1\]"),
    ({"seed": -1}, "seed"),
    ({"measurement": "xray"}, "measurement"),
    ({"measurement": 50}, "measurement"),
    ({"level": 95}, "level"),
])
def test_bad_input_names_the_argument(kwargs, name):
    args = {"arms": {"A": "estrogen"}, "n_per_arm": 10, "years": 1} | kwargs
    with pytest.raises(ValueError, match=name):
        insilico.run_trial(**args)


def test_difference_refuses_unknown_arm(pepi_like):
    with pytest.raises(ValueError, match="arm_b"):
        pepi_like.difference("EPT", "HRT")
