"""Answer key for exercise set 3.2, "Endocrine axes" (solutions/3.2_endocrine_axes.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers are computed from `course_lib.axes` and the lesson's named runs
(`scenarios.academic_axes`); none is a copied literal. The practice settings (made up, not
data) live once, in `PRACTICE`.
"""

from __future__ import annotations

from typing import Any

from course_lib import axes
from course_lib.checks.feedback import (
    Feedback,
    answer_key,
    check_choice,
    check_number,
    near_miss,
)
from course_lib.checks.practice import Practice, practice_namespace
from course_lib.scenarios import academic_axes as runs

__all__ = [
    "PRACTICE", "UNITS", "practice", "SITE_OPTIONS", "LAB_PATTERNS", "course_run",
    "set_point_t4", "loop_gain_hpa", "cut_feedback_cortisol", "lab_tsh_t4",
    "lab_acth_cortisol", "lab_fsh_estradiol", "acth_at_end_of_course",
    "days_to_recover", "chronic_stress_bmd", "thyroid_turnover",
]

#: Practice settings (made up for the exercises; not data), by question group.
PRACTICE: dict[str, dict[str, Any]] = {
    "set_point": {"axis": "hpt", "gland": 0.5},
    "gain": {"axis": "hpa", "drop": 0.01},
    "cut": {"axis": "hpa", "feedback": 0.0},
    "course": {"dose": 3.0, "course_days": 90, "follow_days": 365, "threshold": 0.9},
    "stress": {"drive": 1.0, "years": 10, "site": "spine"},
    "thyroid": {"exogenous": 1.0, "years": 5, "site": "spine"},
}
UNITS = {"axis": "", "gland": "(gland capacity; 1 = healthy)",
         "drop": "(fraction of gland capacity lost)", "feedback": "(0 = cut)",
         "dose": "x reference cortisol activity", "course_days": "days",
         "follow_days": "days", "threshold": "(fraction of reference cortisol)",
         "drive": "(extra central drive; 0 = none)", "years": "years", "site": "",
         "exogenous": "reference units of T4 given as levothyroxine"}

SITE_OPTIONS = runs.FAULT_SITES
#: The lab patterns of questions 4-6: (axis, pituitary hormone direction, gland direction).
LAB_PATTERNS = {"tsh_t4": ("hpt", "high", "low"), "acth_cortisol": ("hpa", "low", "low"),
                "fsh_estradiol": ("hpg", "high", "low")}


def practice(group: str, *, show: bool = True) -> Practice:
    """The practice settings of one question, e.g. ``p = practice("course")``."""
    return practice_namespace(PRACTICE, UNITS, group, show=show)


def course_run() -> axes.AxisResult:
    """The practice glucocorticoid course and the year after it (model output)."""
    c = PRACTICE["course"]
    return runs.glucocorticoid_course(c["dose"], c["course_days"], c["follow_days"])


# --------------------------------------------------------------------------- set point, gain



@answer_key
def set_point_t4(answer) -> Feedback:
    """Q1: steady T4 (x reference) of the HPT loop with the practice gland capacity."""
    p = PRACTICE["set_point"]
    expected = axes.steady_state(p["axis"], gland=p["gland"])["T4"]
    return check_number(
        answer, expected, decimals=2, name="your T4",
        hint="At the set point the gland's output g x TSH(T4) equals T4 itself: find the T4 "
             "where the two curves cross (bisection), or use axes.steady_state.",
        mistakes=[
            (p["gland"], "That is what T4 would be with TSH held at reference (open loop). "
                         "The feedback raises TSH and brings T4 part of the way back."),
            (axes.steady_state(p["axis"], gland=p["gland"])["TSH"],
             "That is TSH. The question asks for T4."),
            *near_miss(expected, decimals=2),
        ])


@answer_key
def loop_gain_hpa(answer) -> Feedback:
    """Q2: loop gain of the HPA loop from two steady states (open-loop fall over closed-loop
    fall, minus 1), with the practice loss of gland capacity."""
    p = PRACTICE["gain"]
    expected = runs.loop_gain_estimate(p["axis"], p["drop"])
    closed = p["drop"] / (1.0 + expected)
    return check_number(
        answer, expected, decimals=1, name="your loop gain",
        hint="Open loop, cortisol would fall by the same fraction as the capacity. Closed "
             "loop it falls by less; gain = (open-loop fall / closed-loop fall) - 1.",
        mistakes=[
            (expected + 1.0, "That is open-loop fall / closed-loop fall, which is 1 + gain. "
                             "Subtract 1."),
            (closed, "That is the closed-loop fall of cortisol itself. Divide the open-loop "
                     "fall by it, then subtract 1."),
            (1.0 / (1.0 + expected), "That is closed-loop fall / open-loop fall, the fraction "
                                     "of the disturbance left. The gain is its inverse - 1."),
            *near_miss(expected, decimals=1),
        ])


@answer_key
def cut_feedback_cortisol(answer) -> Feedback:
    """Q3: steady cortisol (x reference) when the HPA feedback is cut."""
    p = PRACTICE["cut"]
    expected = axes.steady_state(p["axis"], feedback=p["feedback"])["cortisol"]
    k = axes.PARAMETERS[p["axis"]]
    return check_number(
        answer, expected, decimals=1, name="your cortisol",
        hint="With no feedback each phi equals 1 + k: ACTH = (1 + kH)(1 + kP), and at steady "
             "state cortisol = gland capacity x ACTH.",
        mistakes=[
            (1.0, "1.0 is the healthy level, held there by the feedback. With the feedback "
                  "cut nothing holds it back.", 0.01),
            (1.0 + k.k_pituitary, "That counts only the pituitary's release from feedback; "
                                  "the hypothalamus is released too: multiply by 1 + kH."),
            (1.0 + k.k_hypothalamus, "That counts only the hypothalamus; the pituitary is "
                                     "released too: multiply by 1 + kP."),
            *near_miss(expected, decimals=1),
        ])


# --------------------------------------------------------------------------- lab patterns


#: Other words a student may use for a site, accepted as that site (the gland by its own
#: name, for its own axis only).
_GLANDS = {"hpg": ("ovary", "ovaries"), "hpa": ("adrenal", "adrenals", "adrenal gland",
                                                "adrenal cortex"),
           "hpt": ("thyroid", "thyroid gland")}
_CENTRAL_WORDS = ("pituitary", "hypothalamus", "central", "secondary", "pituitary or "
                  "hypothalamus")
_OUTSIDE_WORDS = ("exogenous", "exogenous hormone", "drug", "medication", "medicine")


def _lab(answer, key: str) -> Feedback:
    axis, pit, gland = LAB_PATTERNS[key]
    expected = runs.site_of_fault(axis, pit, gland)
    _, pit_name, gland_name = axes.HORMONES[axis]
    central, primary, outside = SITE_OPTIONS
    synonyms = {word: central for word in _CENTRAL_WORDS}
    synonyms.update({word: primary for word in (*_GLANDS[axis], "primary")})
    synonyms.update({word: outside for word in _OUTSIDE_WORDS})
    outside_hint = (f"A hormone given from outside raises the measured {gland_name} (or its "
                    f"activity) and suppresses {pit_name}.")
    if axis == "hpa":
        outside_hint += (" (A synthetic glucocorticoid that the cortisol assay does not "
                         "measure, such as dexamethasone, would give low ACTH with low "
                         "measured cortisol: one reason to ask about medicines first. This "
                         "woman takes none.)")
    return check_choice(
        answer, expected, SITE_OPTIONS, synonyms=synonyms,
        wrong_hints={
            central: f"A failing hypothalamus or pituitary lowers {pit_name}, and then "
                     f"{gland_name} falls with it: both go the same way.",
            primary: f"When the gland itself fails, the feedback releases the pituitary: "
                     f"{gland_name} falls while {pit_name} rises (opposite ways).",
            outside: outside_hint,
        })


@answer_key
def lab_tsh_t4(answer) -> Feedback:
    """Q4: TSH high with T4 low: where is the fault?"""
    return _lab(answer, "tsh_t4")


@answer_key
def lab_acth_cortisol(answer) -> Feedback:
    """Q5: ACTH low with cortisol low: where is the fault?"""
    return _lab(answer, "acth_cortisol")


@answer_key
def lab_fsh_estradiol(answer) -> Feedback:
    """Q6: FSH high with estradiol low: where is the fault?"""
    return _lab(answer, "fsh_estradiol")


# --------------------------------------------------------------------------- the course


@answer_key
def acth_at_end_of_course(answer) -> Feedback:
    """Q7: ACTH (x reference) on the last day of the practice glucocorticoid course."""
    c = PRACTICE["course"]
    r = axes.simulate_axis("hpa", c["course_days"], exogenous=c["dose"])
    expected = r.at_end()["ACTH"]
    return check_number(
        answer, expected, decimals=2, name="your ACTH",
        hint=f"Run simulate_axis('hpa', {c['course_days']}, exogenous={c['dose']}) and read "
             "ACTH at its end (result.at_end()).",
        mistakes=[
            (axes.steady_state("hpa", exogenous=c["dose"])["ACTH"],
             "That is the steady state with the drug given for ever; take the time course's "
             "last day (close, but the adrenal has not shrunk all the way yet).", 0.002),
            (r.at_end()["cortisol"], "That is cortisol activity (drug included), not ACTH."),
            *near_miss(expected, decimals=2),
        ])


@answer_key
def days_to_recover(answer) -> Feedback:
    """Q8: days after stopping the course until cortisol is back to the practice threshold."""
    c = PRACTICE["course"]
    expected = runs.recovery_days(course_run(), c["course_days"], c["threshold"])
    return check_number(
        answer, expected, abs_tol=2.0, units="days", name="your recovery time",
        hint="Continue the course with .then(days, exogenous=0.0) and find the first day "
             "after the stop on which cortisol reaches the threshold; count days from the "
             "stop, not from the start of the course.",
        mistakes=[
            (expected + c["course_days"],
             f"That counts from the start of the course. Subtract the {c['course_days']} "
             "days of treatment.", 0.01),
            *near_miss(expected, abs_tol=2.0),
        ])


# --------------------------------------------------------------------------- onto bone


@answer_key
def chronic_stress_bmd(answer) -> Feedback:
    """Q9: BMD change (percentage points) of the bone model with the HPA axis under the
    practice chronic-stress drive."""
    s = PRACTICE["stress"]
    r = runs.axis_bone_run("hpa", s["years"], s["site"], drive=s["drive"])
    other = "hip" if s["site"] == "spine" else "spine"
    return check_number(
        answer, r.bmd_change, decimals=2, units="%", name="your BMD change",
        hint="Steady state of the HPA axis with the drive -> axes.to_hormones(hpa=...) -> "
             "simulate(..., years, site) -> .bmd_change.",
        mistakes=[
            (runs.axis_bone_run("hpa", s["years"], other, drive=s["drive"]).bmd_change,
             f"That is the {other}; use site='{s['site']}'."),
            (float(r.bmd_percent[-1]), "That is BMD as % of start; the change is that minus "
                                       "100.", 0.005),
            *near_miss(r.bmd_change, decimals=2),
        ])


@answer_key
def thyroid_turnover(answer) -> Feedback:
    """Q10: turnover (x reference) at the end of the practice years with levothyroxine added
    on top of a healthy thyroid (over-replacement)."""
    s = PRACTICE["thyroid"]
    r = runs.axis_bone_run("hpt", s["years"], s["site"], exogenous=s["exogenous"])
    t4 = axes.steady_state("hpt", exogenous=s["exogenous"])["T4"]
    return check_number(
        answer, float(r.turnover[-1]), decimals=2, name="your turnover",
        hint="Steady state of the HPT axis with the exogenous T4 -> axes.to_hormones(hpt=...)"
             " -> simulate -> the last value of .turnover.",
        mistakes=[
            (t4, "That is the T4 level (the bone model's thyroid input), not the turnover it "
                 "produces."),
            (1.0 + s["exogenous"], "That adds the dose to T4 without the feedback: TSH falls "
                                   "and the thyroid makes less of its own."),
            (float(r.bmd_change), "That is the BMD change; the question asks for turnover."),
            *near_miss(float(r.turnover[-1]), decimals=2),
        ])
