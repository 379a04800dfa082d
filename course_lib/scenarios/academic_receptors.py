"""Named runs of lesson 3.1 (progesterone receptor isoforms), shared with its exercises and key.

Everything here is model output (`course_lib.receptors` and the bone model), except the
glucocorticoid-receptor binding constants of MPA and progesterone, which come from the
evidence data (Koubovec 2005, ``mpa_glucocorticoid_receptor``).
"""

from __future__ import annotations

import math

import numpy as np

from course_lib import evidence, model_output, receptors
from course_lib.model import Hormones, Result, simulate
from course_lib.scenarios.academic_axes import plot_runs, print_bone_table

__all__ = [
    "MPA_GR", "DOSE_RANGE_NM", "dose_grid", "isoform_curves", "priming_curves", "bone_run",
    "isoform_bone_runs", "priming_bone_runs", "estradiol_to_restore", "gr_binding",
    "gr_occupancy", "print_dimer_table", "print_curve_table", "print_gr_table",
    "plot_binding_and_hill", "plot_curves", "print_bone_table", "plain_log_ticks",
    "bone_comparison", "print_occupancy_table", "print_restore_table", "plot_runs",
]

#: Evidence id of the glucocorticoid-receptor binding of MPA and progesterone.
MPA_GR = "mpa_glucocorticoid_receptor"
#: Doses shown on the log axis of dose-response plots (nM).
DOSE_RANGE_NM = (0.01, 1000.0)


def dose_grid(n: int = 121) -> np.ndarray:
    """`n` doses spaced evenly on a log scale over DOSE_RANGE_NM (nM); n from 2 to 10,000."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 2 <= n <= 10_000:
        raise ValueError(f"n must be a whole number from 2 to 10000; got {n!r}")
    lo, hi = DOSE_RANGE_NM
    return np.logspace(math.log10(lo), math.log10(hi), int(n))


def isoform_curves(shares=(0.3, 0.5, 0.7), estradiol: float = 1.0, n: int = 121) -> dict:
    """Dose-response curves {PR-A share: responses over dose_grid(n)} at one estradiol."""
    doses = dose_grid(n)
    return {float(a): receptors.pr_response(doses, a, estradiol) for a in shares}


def priming_curves(estradiols=(0.2, 1.0, 3.0), pr_a_share=receptors.REFERENCE_PR_A_SHARE,
                   n: int = 121) -> dict:
    """Dose-response curves {estradiol: responses over dose_grid(n)} at one PR-A share."""
    doses = dose_grid(n)
    return {float(e): receptors.pr_response(doses, pr_a_share, e) for e in estradiols}


def bone_run(dose_nM: float = receptors.REFERENCE_PROGESTERONE_NM,
             pr_a_share: float = receptors.REFERENCE_PR_A_SHARE, estradiol: float = 1.0,
             years: float = 10, site: str = "spine") -> Result:
    """The bone model with its progesterone input set by the receptor model
    (`receptors.progesterone_input`) and its estradiol input at `estradiol` (which also
    primes PR inside the bone model)."""
    p_in = receptors.progesterone_input(dose_nM, pr_a_share=pr_a_share)
    return simulate(Hormones(estradiol=estradiol, progesterone=p_in), years=years, site=site)


def isoform_bone_runs(shares=(0.5, 0.7), years: float = 10, site: str = "spine") -> dict:
    """{PR-A share: Result} at the reference dose and estradiol."""
    return {float(a): bone_run(pr_a_share=a, years=years, site=site) for a in shares}


def priming_bone_runs(estradiols=(1.0, 0.3), years: float = 10, site: str = "spine") -> dict:
    """{estradiol: Result} at the reference dose and PR-A share. Lower estradiol lowers PR
    (priming) *and* releases the osteoclasts (the bone model's estrogen action)."""
    return {float(e): bone_run(estradiol=e, years=years, site=site) for e in estradiols}


def bone_comparison(shares=(0.6, 0.7), estradiols=(0.3,), years: float = 10,
                    site: str = "spine") -> dict:
    """Lesson 3.1's bone runs, labelled: the reference cell first, then other PR-A shares (at
    reference estradiol), then other estradiol levels (at the reference PR-A share)."""
    out = {f"reference (PR-A share {receptors.REFERENCE_PR_A_SHARE:g}, estradiol 1)":
           bone_run(years=years, site=site)}
    out.update({f"PR-A share {a:g}": r for a, r in isoform_bone_runs(shares, years, site).items()})
    out.update({f"estradiol {e:g}": r
                for e, r in priming_bone_runs(estradiols, years, site).items()})
    return out


def estradiol_to_restore(pr_a_share: float, target: float = 1.0,
                         dose_nM: float = receptors.REFERENCE_PROGESTERONE_NM) -> float | None:
    """Estradiol level (relative) at which the PR response at `dose_nM` reaches `target`, for
    a PR-A share; None if no level up to 10 (the model's limit) gets there. Bisection on the
    response, which rises with estradiol."""
    for value, name, lo, hi in ((pr_a_share, "pr_a_share", 0.0, 1.0),
                                (target, "target", 0.0, 100.0)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not lo <= value <= hi:
            raise ValueError(f"{name} must be a number from {lo:g} to {hi:g}; got {value!r}")

    def response(e):
        return receptors.pr_response(dose_nM, pr_a_share, e)

    lo, hi = 0.0, 10.0
    if response(hi) < target:
        return None
    if response(lo) >= target:
        return 0.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if response(mid) < target else (lo, mid)
        if hi - lo < 1e-12:
            break
    return 0.5 * (lo + hi)


def gr_binding() -> dict:
    """Glucocorticoid-receptor inhibition constants Ki (nM) from the evidence data:
    {"MPA": ..., "progesterone": ...} (human GR, [3H]dexamethasone competition)."""
    return {"MPA": evidence.value(MPA_GR, "mpa_gr_ki"),
            "progesterone": evidence.value(MPA_GR, "progesterone_gr_ki")}


def gr_occupancy(concentration_nM: float) -> dict:
    """Fraction of glucocorticoid receptors each ligand would occupy alone at the same free
    concentration: occupancy with Kd taken as the measured Ki. {"MPA": .., "progesterone": ..}"""
    return {name: receptors.occupancy(concentration_nM, ki) for name, ki in gr_binding().items()}


# --- printed tables (model output) -------------------------------------------------------------

def print_dimer_table(shares=(0.0, 0.25, 0.5, 0.75, 1.0)) -> None:
    """AA, AB and BB shares for several PR-A shares (random pairing)."""
    from course_lib import tables

    rows = []
    for a in shares:
        d = receptors.dimer_fractions(a)
        ratio = "all PR-A" if a == 1 else f"{a / (1 - a):.2f} : 1"
        rows.append((a, ratio, d["AA"], d["AB"], d["BB"]))
    tables.print_table(rows, [("PR-A share", ">10.2f"), ("A:B", ">10"), ("AA", ">7.4f"),
                              ("AB", ">7.4f"), ("BB", ">7.4f")], model_output=False,
                       note="(arithmetic of random pairing: p^2, 2p(1-p), (1-p)^2)")


def print_occupancy_table(doses=(0.5, 5.0, 50.0), kd_nM: float = receptors.KD_PROGESTERONE_NM):
    """Fraction of PR bound at several doses, L / (L + Kd), with the model's Kd."""
    from course_lib import tables

    rows = [(d, kd_nM, receptors.occupancy(d, kd_nM)) for d in doses]
    tables.print_table(rows, [("progesterone", ">12g", "(nM)"), ("Kd", ">5g", "(nM)"),
                              ("fraction bound", ">14.3f")])


def print_restore_table(shares=(0.55, 0.6, 0.65), target: float = 1.0) -> None:
    """Estradiol needed to bring the reference-dose response back to `target`, per PR-A share
    ("none up to 10" when no level the model allows gets there)."""
    from course_lib import tables

    rows = []
    for a in shares:
        level = estradiol_to_restore(a, target)
        rows.append((a, "none up to 10" if level is None else f"{level:.2f}"))
    tables.print_table(rows, [("PR-A share", ">10.2f"),
                              ("estradiol needed", ">16", "(x reference)")])


def print_curve_table(shares=(0.3, 0.5, 0.7), estradiols=(1.0,)) -> None:
    """Maximum, EC50 and the response at the reference dose, per PR-A share and estradiol."""
    from course_lib import tables

    rows = []
    for e in estradiols:
        for a in shares:
            rows.append((a, e, receptors.pr_max_response(a, e), receptors.pr_ec50_nM(a, e),
                         receptors.pr_response(receptors.REFERENCE_PROGESTERONE_NM, a, e)))
    tables.print_table(rows, [("PR-A share", ">10.2f"), ("estradiol", ">9.2f"),
                              ("maximum", ">8.2f", "(x ref)"), ("EC50", ">6.2f", "(nM)"),
                              ("at 10 nM", ">8.2f", "(x ref)")])


def print_gr_table(concentrations=(1.0, 10.0, 100.0)) -> None:
    """GR occupancy by MPA and by progesterone at the same free concentrations."""
    from course_lib import tables

    rows = []
    for c in concentrations:
        occ = gr_occupancy(c)
        rows.append((c, occ["MPA"], occ["progesterone"], occ["MPA"] / occ["progesterone"]))
    tables.print_table(rows, [("free ligand", ">11g", "(nM)"), ("MPA", ">6.3f"),
                              ("progesterone", ">12.3f"), ("ratio", ">6.1f")],
                       note=f"(occupancy = L / (L + Ki), Ki from {evidence.cite(MPA_GR)}; "
                            "arithmetic, not the course model)", model_output=False)


# --- figures ------------------------------------------------------------------------------------

def _axes(ncols: int, figsize: tuple[float, float]):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, ncols, figsize=figsize, layout="constrained")
    return fig, axes


def plain_log_ticks(ax) -> None:
    """Label a log x-axis with plain numbers (0.01, 0.1, 1, 10, ...) instead of powers of 10."""
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:g}"))


def plot_binding_and_hill(kds=(1.0, receptors.KD_PROGESTERONE_NM, 20.0), ns=(0.5, 1.0, 2.0),
                          ec50: float = 5.0, *, ax=None):
    """Left: occupancy against ligand (log axis) for several Kd. Right: Hill curves with one
    EC50 and several n. Two panels, so ``ax`` is an optional pair of Axes (binding, Hill), as
    for `plots.plot_result`. Returns the pair."""
    from course_lib import plots

    if ax is None:
        _, ax = _axes(2, (9.0, 3.4))
    left, right = plots.check_ax_pair(ax, "(binding, Hill)")
    doses = dose_grid()
    for kd, color in zip(kds, plots.CYCLE, strict=False):
        left.plot(doses, receptors.occupancy(doses, kd), color=color, label=f"Kd = {kd:g} nM")
        left.plot([kd], [0.5], "o", color=color, ms=4)
    left.set(xscale="log", xlabel="Free ligand (nM, log scale)", ylabel="Fraction of PR bound",
             title="Binding: L / (L + Kd)")
    for n, color in zip(ns, plots.CYCLE, strict=False):
        right.plot(doses, receptors.hill(doses, ec50, n), color=color, label=f"n = {n:g}")
    right.axvline(ec50, color="0.5", lw=0.8, ls=":")
    right.set(xscale="log", xlabel="Dose (nM, log scale)", ylabel="Response (fraction of top)",
              title=f"Hill curves, EC50 = {ec50:g} nM")
    for ax in (left, right):
        ax.axhline(0.5, color="0.5", lw=0.6, ls=":")
        ax.legend(frameon=False, fontsize="small")
        plain_log_ticks(ax)
    return left, right


def plot_curves(curves: dict, *, label: str, title: str, ax=None):
    """Dose-response curves {value: responses over dose_grid()} on a log dose axis, the
    reference state's curve dashed. Returns the Axes."""
    from course_lib import plots

    if ax is None:
        _, ax = _axes(1, (6.5, 3.6))
    doses = dose_grid(len(next(iter(curves.values()))))
    for (value, response), color in zip(curves.items(), plots.CYCLE, strict=False):
        ax.plot(doses, response, color=color, label=f"{label} {value:g}")
    # drawn last and thin, so it shows over a curve that coincides with it
    ax.plot(doses, receptors.pr_response(doses), color="black", ls="--", lw=0.9,
            label="reference (PR-A 0.5, estradiol 1)", zorder=5)
    ax.axhline(1.0, color="0.6", lw=0.6, ls=":")
    ax.set(xscale="log", xlabel="Progesterone at the receptor (nM, log scale)",
           ylabel="PR-B target gene (x reference)")
    ax.set_title(title, loc="left")
    plain_log_ticks(ax)
    ax.legend(frameon=False, fontsize="small")
    model_output.stamp_axes(ax)
    return ax
