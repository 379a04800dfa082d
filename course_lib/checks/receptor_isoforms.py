"""Answer key for exercise set 3.1, "Receptor isoforms" (solutions/3.1_receptor_isoforms.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers are computed from `course_lib.receptors`, the lesson's named runs
(`scenarios.academic_receptors`), least-squares fits of the practice data made here, or the
evidence data (MPA and progesterone at the glucocorticoid receptor, Koubovec 2005); none is a
copied literal. The practice inputs (made up, not data) live once, in `PRACTICE`; the two
practice experiments are generated from hidden values with a little seeded noise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from course_lib import evidence, receptors
from course_lib.checks.feedback import (
    Feedback,
    answer_key,
    check_bool,
    check_choice,
    check_number,
    near_miss,
)
from course_lib.checks.practice import Practice, practice_namespace
from course_lib.scenarios import academic_receptors as runs

__all__ = [
    "PRACTICE", "UNITS", "practice", "binding_experiment", "dose_response_experiment",
    "fit_binding", "fit_hill", "SHIFT_OPTIONS", "curve_shift", "MPA_OPTIONS",
    "occupancy_at_dose", "kd_from_binding", "ec50_from_dose_response",
    "hill_n_from_dose_response", "bb_fraction_at_ratio", "predict_shift",
    "response_with_more_pr_a", "estradiol_to_restore", "priming_can_restore",
    "gr_occupancy_ratio", "mpa_not_progesterone",
]

#: Practice inputs (made up for the exercises; not data), by question group.
PRACTICE: dict[str, dict[str, Any]] = {
    "occupancy": {"progesterone_nM": 2.0, "kd_nM": receptors.KD_PROGESTERONE_NM},
    "ratio": {"pr_a": 3, "pr_b": 1},
    "more_pr_a": {"pr_a_share": 0.7, "progesterone_nM": receptors.REFERENCE_PROGESTERONE_NM,
                  "estradiol": 1.0},
    "priming": {"pr_a_share": 0.55, "progesterone_nM": receptors.REFERENCE_PROGESTERONE_NM,
                "target": 1.0},
    "ceiling": {"pr_a_share": 0.65, "estradiol_max": 10.0},
    "gr": {"concentration_nM": 10.0},
}
UNITS = {"progesterone_nM": "nM", "kd_nM": "nM (the model's Kd, a model assumption)",
         "pr_a": "parts PR-A", "pr_b": "parts PR-B",
         "pr_a_share": "(fraction of PR monomers that are PR-A)",
         "estradiol": "(relative; 1 = reference)", "target": "(x reference response)",
         "estradiol_max": "(the model's upper limit)",
         "concentration_nM": "nM free ligand"}

# Hidden values the practice experiments were generated from (the answers are fits of the data).
_BINDING = {"kd_nM": 2.4, "bmax": 150.0, "noise": 0.03, "seed": 31}
_BINDING_DOSES = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0)
_DOSE_RESPONSE = {"ec50_nM": 0.8, "n": 1.5, "noise": 1.5, "seed": 17}
_DOSES = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)

SHIFT_OPTIONS = ("lower maximum, same EC50", "same maximum, EC50 to the right",
                 "same maximum, EC50 to the left", "lower maximum, EC50 to the right")
MPA_OPTIONS = (
    "MPA also activates the glucocorticoid receptor, whose activation harms bone",
    "MPA binds the progesterone receptor more weakly than progesterone",
    "MPA cannot enter osteoblasts",
    "MPA acts only on PR-A",
)
MPA_GR = runs.MPA_GR


def practice(group: str, *, show: bool = True) -> Practice:
    """The practice inputs of one question, e.g. ``p = practice("occupancy")``."""
    return practice_namespace(PRACTICE, UNITS, group, show=show)


# --------------------------------------------------------------------------- the experiments


@dataclass(frozen=True)
class BindingExperiment:
    """A made-up saturation binding experiment (not data)."""

    ligand_nM: np.ndarray           # free ligand
    bound: np.ndarray               # specific binding, fmol per mg protein


@dataclass(frozen=True)
class DoseResponseExperiment:
    """A made-up dose-response experiment (not data)."""

    dose_nM: np.ndarray             # progesterone
    response: np.ndarray            # target gene expression, % of the maximal response


def binding_experiment(*, show: bool = True) -> BindingExperiment:
    """A made-up saturation binding experiment: free ligand (nM) and specific binding
    (fmol per mg protein), with a little measurement noise. Printed as a table if `show`."""
    rng = np.random.default_rng(_BINDING["seed"])
    ligand = np.array(_BINDING_DOSES)
    clean = _BINDING["bmax"] * receptors.occupancy(ligand, _BINDING["kd_nM"])
    bound = np.round(clean * (1.0 + _BINDING["noise"] * rng.standard_normal(ligand.size)), 1)
    if show:
        print("Practice experiment (made up for this exercise, not data): saturation binding")
        print(" free ligand (nM)   bound (fmol/mg)")
        for x, y in zip(ligand, bound, strict=True):
            print(f"{x:17g}   {y:15.1f}")
    return BindingExperiment(ligand_nM=ligand, bound=bound)


def dose_response_experiment(*, show: bool = True) -> DoseResponseExperiment:
    """A made-up dose-response: progesterone (nM) and a target gene's expression (% of the
    maximal response; 0 % with no hormone), with a little noise. Printed if `show`."""
    rng = np.random.default_rng(_DOSE_RESPONSE["seed"])
    dose = np.array(_DOSES)
    clean = receptors.hill(dose, _DOSE_RESPONSE["ec50_nM"], _DOSE_RESPONSE["n"], 0.0, 100.0)
    response = np.round(clean + _DOSE_RESPONSE["noise"] * rng.standard_normal(dose.size), 1)
    if show:
        print("Practice experiment (made up for this exercise, not data): dose-response")
        print(" progesterone (nM)   response (% of maximum)")
        for x, y in zip(dose, response, strict=True):
            print(f"{x:18g}   {y:23.1f}")
    return DoseResponseExperiment(dose_nM=dose, response=response)


def fit_binding(ligand, bound) -> tuple[float, float]:
    """Least-squares (Kd, Bmax) of bound = Bmax L / (L + Kd): for each Kd the best Bmax is
    linear; Kd by golden-section search on log Kd."""
    ligand, bound = np.asarray(ligand, float), np.asarray(bound, float)

    def sse_bmax(log_kd):
        f = ligand / (ligand + math.exp(log_kd))
        bmax = float(f @ bound / (f @ f))
        return float(np.sum((bound - bmax * f) ** 2)), bmax

    log_kd = _golden(lambda x: sse_bmax(x)[0], math.log(1e-3), math.log(1e4))
    return math.exp(log_kd), sse_bmax(log_kd)[1]


def fit_hill(dose, response, bottom: float = 0.0, top: float = 100.0) -> tuple[float, float]:
    """Least-squares (EC50, n) of a Hill curve with fixed bottom and top: Gauss-Newton on
    (log EC50, n), started from the logit line through the points between 5 % and 95 %."""
    d, y = np.asarray(dose, float), np.asarray(response, float)
    frac = (y - bottom) / (top - bottom)
    keep = (frac > 0.05) & (frac < 0.95)
    slope, intercept = np.polyfit(np.log(d[keep]), np.log(frac[keep] / (1 - frac[keep])), 1)
    params = np.array([-intercept / slope, slope])          # (log EC50, n)
    for _ in range(50):
        u, n = params
        z = n * (u - np.log(d))
        s = 1.0 / (1.0 + np.exp(z))
        resid = y - (bottom + (top - bottom) * s)
        ds = -(top - bottom) * s * (1 - s)
        jac = np.column_stack([ds * n, ds * (u - np.log(d))])
        step = np.linalg.lstsq(jac, resid, rcond=None)[0]
        params = params + step
        if np.max(np.abs(step)) < 1e-12:
            break
    return math.exp(params[0]), float(params[1])


def _golden(f, lo: float, hi: float, tol: float = 1e-10) -> float:
    ratio = (math.sqrt(5) - 1) / 2
    a, b = lo, hi
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    while b - a > tol:
        if f(c) < f(d):
            b, d = d, c
            c = b - ratio * (b - a)
        else:
            a, c = c, d
            d = a + ratio * (b - a)
    return 0.5 * (a + b)


def curve_shift(pr_a_from: float, pr_a_to: float, estradiol: float = 1.0) -> str:
    """Which SHIFT_OPTIONS entry describes the model's dose-response curve moving between
    two PR-A shares (same estradiol)."""
    top0, top1 = (receptors.pr_max_response(a, estradiol) for a in (pr_a_from, pr_a_to))
    ec0, ec1 = (receptors.pr_ec50_nM(a, estradiol) for a in (pr_a_from, pr_a_to))
    same_top = math.isclose(top0, top1, rel_tol=1e-6)
    same_ec = math.isclose(ec0, ec1, rel_tol=1e-6)
    if not same_top and same_ec:
        return SHIFT_OPTIONS[0]
    if same_top and ec1 > ec0:
        return SHIFT_OPTIONS[1]
    if same_top and ec1 < ec0:
        return SHIFT_OPTIONS[2]
    if ec1 > ec0:
        return SHIFT_OPTIONS[3]
    raise ValueError("the model's curve moved in a way SHIFT_OPTIONS does not list")


# --------------------------------------------------------------------------- questions



@answer_key
def occupancy_at_dose(answer) -> Feedback:
    """Q1: fraction of PR bound at the practice dose and Kd: L / (L + Kd)."""
    p = PRACTICE["occupancy"]
    expected = receptors.occupancy(p["progesterone_nM"], p["kd_nM"])
    return check_number(
        answer, expected, decimals=2, name="your occupancy",
        hint="Occupancy = L / (L + Kd), a fraction between 0 and 1.",
        mistakes=[
            (p["kd_nM"] / (p["progesterone_nM"] + p["kd_nM"]),
             "That is the fraction left unbound, Kd / (L + Kd). Bound is L / (L + Kd)."),
            (p["progesterone_nM"] / p["kd_nM"],
             "That is L / Kd. Occupancy is L / (L + Kd): it can never exceed 1."),
            (100 * expected, "That is a percentage. Give the fraction bound, between 0 and "
                             "1 (e.g. 0.5, not 50).", 0.02),
            *near_miss(expected, decimals=2),
        ])


@answer_key
def kd_from_binding(answer) -> Feedback:
    """Q2: Kd (nM) fitted to the practice binding experiment."""
    data = binding_experiment(show=False)
    kd, bmax = fit_binding(data.ligand_nM, data.bound)
    return check_number(
        answer, kd, rel_tol=0.10, units="nM", name="your Kd",
        hint="Kd is the free ligand at which binding is half of its maximum (Bmax). Estimate "
             "Bmax first (a Scatchard plot, bound/free against bound, is a straight line with "
             "slope -1/Kd), or fit bound = Bmax L / (L + Kd).",
        mistakes=[
            (bmax, "That is Bmax, the maximal binding (fmol/mg). Kd is a concentration: the "
                   "ligand that fills half of Bmax."),
            (1.0 / kd, "That is 1/Kd. A Scatchard slope is -1/Kd: take minus one over it."),
            (float(data.ligand_nM[np.argmin(abs(data.bound - data.bound.max() / 2))]),
             "Half of the largest *measured* binding is not half of Bmax: binding has not "
             "quite saturated at the top dose. Estimate Bmax from a fit first.", 0.02),
            *near_miss(kd, rel_tol=0.10),
        ])


@answer_key
def ec50_from_dose_response(answer) -> Feedback:
    """Q3: EC50 (nM) fitted to the practice dose-response."""
    data = dose_response_experiment(show=False)
    ec50, n = fit_hill(data.dose_nM, data.response)
    # the question's logit fit, with ln for the dose and log10 for the response (or ln on
    # both) and then 10 ** (-intercept / slope): ln(EC50) read as log10(EC50)
    keep = (data.response > 5) & (data.response < 95)
    slope, intercept = np.polyfit(np.log(data.dose_nM[keep]),
                                  np.log(data.response[keep] / (100 - data.response[keep])), 1)
    mixed = 10 ** (-intercept / slope)
    return check_number(
        answer, ec50, rel_tol=0.10, units="nM", name="your EC50",
        hint="On the logit scale, log(y / (100 - y)) = n log(dose) - n log(EC50) is a straight "
             "line: fit it (np.polyfit) to the points between about 5 % and 95 %, with "
             "base-10 logs on both axes; then n is the slope and EC50 = 10 ** (-intercept / n).",
        mistakes=[
            (math.log10(ec50), "That looks like log10(EC50). Give the EC50 itself, in nM."),
            (math.log(ec50), "That looks like ln(EC50). Give the EC50 itself: exp(...)."),
            (mixed, "That mixes log bases: natural logs (np.log) in the fit, but 10 ** (...) "
                    "to turn the intercept back. Use log10 on both axes with "
                    "10 ** (-intercept / n), or ln on both with exp(-intercept / n).", 0.03),
            *near_miss(ec50, rel_tol=0.10),
        ])


@answer_key
def hill_n_from_dose_response(answer) -> Feedback:
    """Q4: Hill coefficient n fitted to the practice dose-response."""
    data = dose_response_experiment(show=False)
    _, n = fit_hill(data.dose_nM, data.response)
    inside = (data.response > 0) & (data.response < 100)
    every_point = np.polyfit(np.log(data.dose_nM[inside]),
                             np.log(data.response[inside] / (100 - data.response[inside])), 1)[0]
    return check_number(
        answer, n, rel_tol=0.10, name="your Hill coefficient",
        hint="n is the slope of the logit line, log(y / (100 - y)) against log(dose), when "
             "both logs use the same base.",
        mistakes=[
            (1.0, "n = 1 is the simple binding curve. Measure the slope of the logit line "
                  "for these data.", 0.03),
            (1.0 / n, "That is 1/n: check which variable is on which axis (log dose on x)."),
            (n / math.log(10), "Log bases differ on the two axes: use the same log for both."),
            (n * math.log(10), "Log bases differ on the two axes: use the same log for both."),
            (every_point, "That fits every point. Near 0 % and 100 % the logit magnifies "
                          "noise (here the plateau stops short of 100 %), which flattens the "
                          "line: keep the points between about 5 % and 95 %.", 0.03),
            *near_miss(n, rel_tol=0.10),
        ])


@answer_key
def bb_fraction_at_ratio(answer) -> Feedback:
    """Q5: share of BB dimers at the practice PR-A:PR-B ratio (random pairing)."""
    p = PRACTICE["ratio"]
    share = p["pr_a"] / (p["pr_a"] + p["pr_b"])
    d = receptors.dimer_fractions(share)
    return check_number(
        answer, d["BB"], decimals=3, name="your BB share",
        hint="First turn the ratio into the PR-A share p = A / (A + B); a BB dimer needs two "
             "PR-B monomers, each with probability 1 - p.",
        mistakes=[
            (1 - share, "That is the PR-B share of monomers. A BB dimer needs two of them."),
            (d["AA"], "That is the AA share, p squared."),
            (d["AB"], "That is the AB share, 2 p (1 - p)."),
            (p["pr_b"] / p["pr_a"], "That is the B:A ratio. Convert it to a share first."),
            *near_miss(d["BB"], decimals=3),
        ])


@answer_key
def predict_shift(answer) -> Feedback:
    """Q6 (predict, checked against the model): how does the dose-response curve move when
    the PR-A share rises from the reference to the practice share?"""
    expected = curve_shift(receptors.REFERENCE_PR_A_SHARE, PRACTICE["more_pr_a"]["pr_a_share"])
    return check_choice(
        answer, expected, SHIFT_OPTIONS,
        wrong_hints={
            SHIFT_OPTIONS[1]: "More PR-A does not change how tightly progesterone binds PR "
                              "(Kd): what it changes is how many dimers can activate.",
            SHIFT_OPTIONS[2]: "More PR-A does not make PR bind progesterone more tightly. "
                              "What happens to the number of BB dimers?",
            SHIFT_OPTIONS[3]: "Look at the curves in the lesson again: the EC50 is set by "
                              "binding and by how full the response elements get.",
            SHIFT_OPTIONS[0]: "Compare the maxima and the EC50s in the lesson's table.",
        })


@answer_key
def response_with_more_pr_a(answer) -> Feedback:
    """Q7 (checks Q6 with a number): the response (x reference) at the practice dose with the
    practice PR-A share."""
    p = PRACTICE["more_pr_a"]
    expected = receptors.pr_response(p["progesterone_nM"], p["pr_a_share"], p["estradiol"])
    return check_number(
        answer, expected, decimals=2, name="your response",
        hint="receptors.pr_response(dose, pr_a_share, estradiol) gives it directly; by hand, "
             "the response scales with the BB share here.",
        mistakes=[
            (receptors.dimer_fractions(p["pr_a_share"])["BB"],
             "That is the BB share itself. The response is relative to the reference state, "
             "which has its own BB share."),
            (1 - p["pr_a_share"], "That is the PR-B share of monomers, not the response."),
            *near_miss(expected, decimals=2),
        ])


@answer_key
def estradiol_to_restore(answer) -> Feedback:
    """Q8: estradiol level (relative) that brings the response back to the target at the
    practice PR-A share and dose."""
    p = PRACTICE["priming"]
    expected = runs.estradiol_to_restore(p["pr_a_share"], p["target"], p["progesterone_nM"])
    return check_number(
        answer, expected, decimals=2, name="your estradiol level",
        hint="The response rises with estradiol: try levels (or bisect) until "
             "pr_response(dose, pr_a_share, estradiol) reaches the target.",
        mistakes=[(1.0, "At estradiol 1.0 the response is below the target with this much "
                        "PR-A: more priming is needed.", 0.01),
                  *near_miss(expected, decimals=2)])


@answer_key
def priming_can_restore(answer) -> Feedback:
    """Q9 (True/False): at the practice (higher) PR-A share, can any estradiol level up to the
    model's limit bring the reference-dose response back to 1?"""
    p = PRACTICE["ceiling"]
    reachable = runs.estradiol_to_restore(p["pr_a_share"], 1.0) is not None
    return check_bool(
        answer, reachable,
        hint="Evaluate pr_response at the reference dose with estradiol at its limit. With "
             "competing PR-A dimers, even unlimited PR cannot lift transcription above the "
             "BB share: more PR-A sets a ceiling that priming cannot lift.")


@answer_key
def gr_occupancy_ratio(answer) -> Feedback:
    """Q10: at the practice free concentration, how many times more glucocorticoid receptors
    does MPA occupy than progesterone (occupancy with Kd = the measured Ki)?"""
    c = PRACTICE["gr"]["concentration_nM"]
    occ = runs.gr_occupancy(c)
    constants = runs.gr_binding()
    return check_number(
        answer, occ["MPA"] / occ["progesterone"], decimals=1, name="your ratio",
        hint=f"Occupancy = L / (L + Ki) for each ligand, with the Ki values from "
             f"{evidence.cite(MPA_GR)}; then divide MPA's by progesterone's.",
        mistakes=[
            (constants["progesterone"] / constants["MPA"],
             "That is the ratio of the Ki values. At this concentration occupancy is not "
             "proportional to 1/Ki: use L / (L + Ki)."),
            (occ["progesterone"] / occ["MPA"], "That is the ratio the other way round."),
            *near_miss(occ["MPA"] / occ["progesterone"], decimals=1),
        ])


@answer_key
def mpa_not_progesterone(answer) -> Feedback:
    """Q11: why a result with MPA cannot be read as a result for progesterone."""
    return check_choice(
        answer, MPA_OPTIONS[0], MPA_OPTIONS,
        wrong_hints={
            MPA_OPTIONS[1]: "Not so: MPA is a potent agonist at PR. How tightly it binds PR "
                            "is not the problem; which other receptor does MPA activate far "
                            "more than progesterone does?",
            MPA_OPTIONS[2]: "Both are steroids that enter cells; the difference is which "
                            "receptors they activate once inside.",
            MPA_OPTIONS[3]: "Nothing in the evidence says MPA picks one PR isoform; look at "
                            "the other receptors it binds.",
        })
