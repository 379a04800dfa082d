"""course_lib.trials against published worked examples and second methods written out here.

Published examples:
- Pooling: the 13 BCG vaccine trials (Colditz 1994; metafor's `dat.bcg`, the same table as the
  JASP data library's "BCG Vaccine.csv"), with the results metafor's own test suite checks
  against Stata's `metan` (wviechtb/metafor, tests/testthat/
  test_misc_metan_vs_rma.uni_with_dat.bcg.r) and escalc's first log risk ratio
  (test_misc_escalc.r: yi[1] = -0.8893, vi[1] = 0.3256).
- SE and p from a CI: Altman DG, Bland JM. BMJ 2011;343:d2090 (difference 17 percentage
  points, P = 0.032 -> SE 7.940, 95 % CI 1.4 to 32.6; relative risk 0.30, P = 0.034 ->
  95 % CI 0.10 to 0.90 to one decimal, SE of the log 0.569; the ratio example as worked in
  R at vaszar.org/wordpress/index.php/2021/05/07/obtain-the-ci-from-a-p-value/).
Second methods: least squares for the pooled mean, the expanded form of Q, bisection for
compound annualising, scipy's chi-square for the closed-form p of Q.
"""

import math

import numpy as np
import pytest

from course_lib import trials

# dat.bcg: trial, tpos, tneg, cpos, cneg (vaccinated TB+, TB-, control TB+, TB-).
BCG = [
    (1, 4, 119, 11, 128), (2, 6, 300, 29, 274), (3, 3, 228, 11, 209),
    (4, 62, 13536, 248, 12619), (5, 33, 5036, 47, 5761), (6, 180, 1361, 372, 1079),
    (7, 8, 2537, 10, 619), (8, 505, 87886, 499, 87892), (9, 29, 7470, 45, 7232),
    (10, 17, 1699, 65, 1600), (11, 186, 50448, 141, 27197), (12, 5, 2493, 3, 2338),
    (13, 27, 16886, 29, 17825),
]


def log_rr():
    """escalc(measure="RR"): log risk ratio and its large-sample variance, by hand."""
    yi, vi = [], []
    for _, a, b, c, d in BCG:
        yi.append(math.log((a / (a + b)) / (c / (c + d))))
        vi.append(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    return np.array(yi), np.array(vi)


def log_or():
    yi, vi = [], []
    for _, a, b, c, d in BCG:
        yi.append(math.log(a * d / (b * c)))
        vi.append(1 / a + 1 / b + 1 / c + 1 / d)
    return np.array(yi), np.array(vi)


def test_hand_effect_sizes_match_metafor_escalc():
    yi, vi = log_rr()
    assert yi[0] == pytest.approx(-0.8893, abs=5e-5)
    assert vi[0] == pytest.approx(0.3256, abs=5e-5)


@pytest.mark.parametrize("effect, method, est, lo, hi, z, extra", [
    (log_rr, "fixed", -0.4303, -0.5097, -0.3509, -10.6247, {"q": 152.2330}),
    (log_rr, "random", -0.7141, -1.0644, -0.3638, -3.9952, {"tau2": 0.3088, "i2": 92.1173}),
    (log_or, "fixed", -0.4361, -0.5190, -0.3533, -10.3190, {"q": 163.1649}),
    (log_or, "random", -0.7474, -1.1242, -0.3706, -3.8873, {"tau2": 0.3663, "i2": 92.6455}),
])
def test_pool_matches_metafor_and_stata_on_bcg(effect, method, est, lo, hi, z, extra):
    yi, vi = effect()
    r = trials.pool(yi, np.sqrt(vi), method=method)
    assert r.estimate == pytest.approx(est, abs=1e-4)
    assert r.ci_low == pytest.approx(lo, abs=1e-4)
    assert r.ci_high == pytest.approx(hi, abs=1e-4)
    assert r.z == pytest.approx(z, abs=1e-3)
    for name, value in extra.items():
        assert getattr(r, name) == pytest.approx(value, abs=1e-4), name
    assert r.k == 13 and r.df == 12


@pytest.mark.parametrize("method, est, lo, hi", [
    ("fixed", 0.6503, 0.6007, 0.7040),
    ("random", 0.4896, 0.3449, 0.6950),
])
def test_pool_on_ratio_scale_reports_ratios(method, est, lo, hi):
    yi, vi = log_rr()
    r = trials.pool(np.exp(yi), np.sqrt(vi), method=method, ratio=True)
    assert (r.estimate, r.ci_low, r.ci_high) == pytest.approx((est, lo, hi), abs=1e-4)
    assert r.ratio and r.se > 0


def test_pool_against_second_method():
    """Weighted least squares for the mean; Q in its expanded form; I² from H² = Q/df."""
    yi, vi = log_rr()
    w = 1 / vi
    q_expanded = np.sum(w * yi**2) - np.sum(w * yi) ** 2 / np.sum(w)
    df = len(yi) - 1
    tau2 = max(0.0, (q_expanded - df) / (w.sum() - (w**2).sum() / w.sum()))
    ws = 1 / (vi + tau2)
    x = np.ones((len(yi), 1))
    mu, *_ = np.linalg.lstsq(x * np.sqrt(ws)[:, None], yi * np.sqrt(ws), rcond=None)
    h2 = q_expanded / df
    r = trials.pool(yi, np.sqrt(vi), method="random")
    assert r.estimate == pytest.approx(mu[0], rel=1e-10)
    assert r.q == pytest.approx(q_expanded, rel=1e-10)
    assert r.i2 == pytest.approx((h2 - 1) / h2 * 100, rel=1e-10)
    assert r.se == pytest.approx(1 / math.sqrt(ws.sum()), rel=1e-10)
    assert sum(r.weights) == pytest.approx(1.0)
    assert r.weights == pytest.approx(tuple(ws / ws.sum()))


def test_homogeneous_studies_give_equal_fixed_and_random():
    # Three estimates closer together than their SEs: Q < df, so tau2 = 0 and I2 = 0.
    r_f = trials.pool([1.0, 1.1, 0.95], [0.5, 0.4, 0.6], method="fixed")
    r_r = trials.pool([1.0, 1.1, 0.95], [0.5, 0.4, 0.6], method="random")
    assert r_f.q < 2 and r_f.tau2 == 0 and r_f.i2 == 0
    assert (r_r.estimate, r_r.ci_low, r_r.ci_high) == pytest.approx(
        (r_f.estimate, r_f.ci_low, r_f.ci_high))


def test_random_effects_widen_the_ci_when_studies_disagree():
    est, ses = [0.2, 1.0, 1.8], [0.15, 0.15, 0.15]
    f, r = trials.pool(est, ses), trials.pool(est, ses, method="random")
    assert r.tau2 > 0 and r.i2 > 50
    assert (r.ci_high - r.ci_low) > 2 * (f.ci_high - f.ci_low)
    assert r.estimate == pytest.approx(1.0)          # symmetric data, equal SEs


def test_chi2_sf_matches_scipy():
    from scipy import stats

    for df in (1, 2, 3, 4, 7, 12, 25):
        for x in (0.0, 0.3, 1.0, df, 2.5 * df, 152.233):
            assert trials.chi2_sf(x, df) == pytest.approx(stats.chi2.sf(x, df), rel=1e-9,
                                                          abs=1e-300)


def test_se_and_p_from_ci_altman_bland_difference():
    # BMJ 2011;343:d2090: Est 17, P = 0.032 -> SE 7.940, 1.96 SE = 15.56 -> CI 1.4 to 32.6.
    lo, hi = 17 - 15.56, 17 + 15.56
    assert trials.se_from_ci(lo, hi) == pytest.approx(7.940, abs=0.002)
    assert trials.p_from_ci(17, lo, hi) == pytest.approx(0.032, abs=0.001)


def test_se_and_p_from_ci_altman_bland_ratio():
    # BMJ 2011;343:d2090: RR 0.30, P = 0.034 -> SE(log RR) 0.5688, CI 0.10 to 0.90.
    se = 0.5688323
    lo, hi = math.exp(math.log(0.30) - 1.96 * se), math.exp(math.log(0.30) + 1.96 * se)
    assert (round(lo, 1), round(hi, 1)) == (0.1, 0.9)        # printed as 0.10 to 0.90
    assert trials.se_from_ci(lo, hi, ratio=True) == pytest.approx(se, rel=1e-3)
    assert trials.p_from_ci(0.30, lo, hi, ratio=True) == pytest.approx(0.034, abs=0.001)


def test_se_from_ci_recovers_metafor_z():
    # metafor/Stata fixed effect on dat.bcg: RR 0.6503 (0.6007 to 0.7040), z = -10.6247.
    se = trials.se_from_ci(0.6007, 0.7040, ratio=True)
    assert math.log(0.6503) / se == pytest.approx(-10.6247, rel=2e-3)


def test_level_changes_the_multiplier():
    # Altman & Bland: 1.65 for a 90 % CI, 2.57 for 99 %.
    assert trials.z_for_level(0.95) == pytest.approx(1.96, abs=0.001)
    assert trials.z_for_level(0.90) == pytest.approx(1.65, abs=0.01)
    assert trials.z_for_level(0.99) == pytest.approx(2.57, abs=0.01)
    assert trials.se_from_ci(-1, 1, level=0.90) > trials.se_from_ci(-1, 1)


def test_ci_halves_show_log_symmetry_of_ratio_intervals():
    below, above = trials.ci_halves(0.4896, 0.3449, 0.6950, ratio=True)
    assert below == pytest.approx(above, abs=1e-3)
    below, above = trials.ci_halves(0.4896, 0.3449, 0.6950)   # natural scale: lopsided
    assert above > below * 1.3


def test_p_is_one_at_no_effect_and_small_far_away():
    assert trials.p_from_ci(0.0, -1.0, 1.0) == pytest.approx(1.0)
    assert trials.p_from_ci(1.0, 0.5, 2.0, ratio=True) == pytest.approx(1.0)
    assert trials.p_from_ci(5.0, 4.0, 6.0) < 1e-20


def test_risk_difference_nnt_and_per_10000_by_hand():
    # Made-up arithmetic: 8.6 % vs 11.1 % -> 2.5 points fewer -> 1 / 0.025 = 40 to treat.
    assert trials.risk_difference(0.086, 0.111) == pytest.approx(-0.025)
    n = trials.nnt(0.086, 0.111)
    assert (n.value, n.kind) == (pytest.approx(40.0), "treat")
    assert float(n) == pytest.approx(40.0) and "treat" in str(n)
    # 3.5 vs 1.7 per 1,000 person-years -> 18 per 10,000 more -> 1 / 0.0018 = 555.6 to harm.
    h = trials.nnt(0.0035, 0.0017)
    assert (h.value, h.kind) == (pytest.approx(555.5556, rel=1e-6), "harm")
    assert "harm" in str(h)
    assert trials.per_10000(0.0035 - 0.0017) == pytest.approx(18.0)
    assert trials.risk_ratio(0.0035, 0.0017) == pytest.approx(2.0588, rel=1e-4)
    same = trials.nnt(0.01, 0.01)
    assert same.kind == "neither" and math.isinf(same.value) and "no difference" in str(same)


def test_annualise_simple_and_compound():
    assert trials.annualise(3.7, 3) == pytest.approx(3.7 / 3)
    # Compound by bisection: the yearly rate a with (1 + a)^3 = 1.037.
    lo, hi = 0.0, 0.05
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if (1 + mid) ** 3 < 1.037 else (lo, mid)
    assert trials.annualise(3.7, 3, compound=True) == pytest.approx(lo * 100, rel=1e-9)
    assert trials.annualise(-10.6, 10, compound=True) < trials.annualise(-10.6, 10) + 0.01
    assert trials.annualise(5.0, 1, compound=True) == pytest.approx(5.0)


@pytest.mark.parametrize("call, name", [
    (lambda: trials.se_from_ci(1.0, 0.5), "high"),
    (lambda: trials.se_from_ci(-0.1, 0.5, ratio=True), "low"),
    (lambda: trials.se_from_ci(0.1, 0.5, level=95), "level"),
    (lambda: trials.se_from_ci("0.1", 0.5), "low"),
    (lambda: trials.se_from_ci(0.1, 0.5, ratio="yes"), "ratio"),
    (lambda: trials.p_from_ci(2.0, 0.5, 1.5), "estimate"),
    (lambda: trials.p_from_ci(float("nan"), 0.5, 1.5), "estimate"),
    (lambda: trials.risk_difference(1.5, 0.1), "rate_treated"),
    (lambda: trials.nnt(0.1, -0.1), "rate_control"),
    (lambda: trials.risk_ratio(0.1, 0.0), "rate_control"),
    (lambda: trials.per_10000(8.0), "rate"),
    (lambda: trials.annualise(-120, 3), "change_percent"),
    (lambda: trials.annualise(3.7, 0), "years"),
    (lambda: trials.annualise(3.7, 3, compound=1), "compound"),
    (lambda: trials.pool([1.0], [0.1]), "estimates"),
    (lambda: trials.pool([1.0, 2.0], [0.1, 0.0]), "ses[1]"),
    (lambda: trials.pool([1.0, 2.0], [0.1]), "ses"),
    (lambda: trials.pool([1.0, 2.0], [0.1, 0.2], method="bayes"), "method"),
    (lambda: trials.pool([1.0, -2.0], [0.1, 0.2], ratio=True), "estimates[1]"),
    (lambda: trials.pool("1, 2", [0.1, 0.2]), "estimates"),
    (lambda: trials.chi2_sf(3.0, 0), "df"),
    (lambda: trials.chi2_sf(-1.0, 2), "x"),
    (lambda: trials.forest_plot(["a"], [1.0], [2.0], [3.0]), "ci_low[0]"),
    (lambda: trials.forest_plot(["a", "b"], [1.0], [0.0], [3.0]), "estimates"),
    (lambda: trials.forest_plot(["a"], [1.0], [0.5], [3.0], pooled=(1, 2)), "pooled"),
])
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name.replace("[", r"\[").replace("]", r"\]")):
        call()


def test_forest_plot_draws_rows_diamond_and_note():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    est, lo, hi = [0.8, 0.6, 0.9], [0.6, 0.4, 0.7], [1.07, 0.9, 1.16]
    ses = [trials.se_from_ci(a, b, ratio=True) for a, b in zip(lo, hi, strict=True)]
    r = trials.pool(est, ses, method="random", ratio=True)
    ax = trials.forest_plot(["A", "B", "C"], est, lo, hi, pooled=r, note="Illustrative data")
    gids = {a.get_gid() for a in ax.get_children()}
    assert {"study A", "study B", "study C", "pooled", "note"} <= gids
    assert ax.get_xscale() == "log"
    diamond = next(a for a in ax.get_children() if a.get_gid() == "pooled")
    xs = diamond.get_xy()[:, 0]
    assert min(xs) == pytest.approx(r.ci_low) and max(xs) == pytest.approx(r.ci_high)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C", "pooled"]
    assert any(t.get_text() == "Illustrative data" for t in ax.texts)
    plt.close(ax.figure)
    ax2 = trials.forest_plot(["x", "y"], [0.5, 1.0], [0.1, 0.2], [0.9, 1.8])
    assert ax2.get_xscale() == "linear"
    plt.close(ax2.figure)
