"""Answer key for exercise set 2.6, "Beyond hormones" (solutions/2.6_beyond_hormones.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Figures come from `course_lib.evidence`; the model question from
`scenarios.intermediate.milieu_runs` (the runs lesson 2.6 shows).
"""

from __future__ import annotations

from course_lib import evidence
from course_lib.checks.feedback import (
    Feedback,
    answer_key,
    check_bool,
    check_choice,
    check_number,
    near_miss,
)
from course_lib.scenarios import intermediate as s2

__all__ = [
    "DIABETES_OPTIONS", "CAUSE_OPTIONS", "T2D", "BOLLAND", "WHI_CAD", "DEPRESSION",
    "diabetes_bmd_paradox", "calcium_relative_reduction", "whi_cad_hip_significant",
    "inflammation_model_change", "depression_study_shows",
]

T2D = "t2d_fracture_risk_despite_higher_bmd"
BOLLAND = "bolland2015_calcium_fracture_meta"
WHI_CAD = "whi_calcium_vitd_jackson2006"
DEPRESSION = "depression_bmd_schweiger2016"

DIABETES_OPTIONS = ("BMD underestimates fracture risk in type 2 diabetes",
                    "higher BMD protects people with type 2 diabetes from fractures",
                    "type 2 diabetes lowers BMD, which explains the fractures")
CAUSE_OPTIONS = ("yes: depression causes bone loss",
                 "no: it shows an association, not a cause",
                 "no: it shows that low BMD causes depression")


@answer_key
def diabetes_bmd_paradox(answer) -> Feedback:
    """Q1: type 2 diabetes: higher hip BMD (Z-score above 0) yet more hip fractures (relative
    risk above 1). What follows for BMD as a risk measure?"""
    z_hip = evidence.value(T2D, "vestergaard_t2d_hip_z")
    rr = evidence.value(T2D, "vestergaard_t2d_hip_rr")
    expected = DIABETES_OPTIONS[0] if (z_hip > 0 and rr > 1) else DIABETES_OPTIONS[2]
    return check_choice(
        answer, expected, DIABETES_OPTIONS,
        wrong_hints={
            DIABETES_OPTIONS[1]: "Relative risk above 1 means more fractures, not fewer.",
            DIABETES_OPTIONS[2]: "Look at the sign of the hip Z-score in type 2 diabetes.",
        })


@answer_key
def calcium_relative_reduction(answer) -> Feedback:
    """Q2: calcium supplements, total fractures (Bolland 2015): the relative reduction in %."""
    rr = evidence.value(BOLLAND, "total_fracture_rr")
    return check_number(
        answer, 100.0 * (1.0 - rr), decimals=0, units="%", name="your reduction",
        hint="Relative reduction = (1 - relative risk) x 100.",
        mistakes=[(100.0 * rr, "That is the relative risk as a %. Subtract it from 100."),
                  (1.0 - rr, "Give a percentage, not a fraction."),
                  *near_miss(100.0 * (1.0 - rr), decimals=0)])


@answer_key
def whi_cad_hip_significant(answer) -> Feedback:
    """Q3: True or False: in WHI, calcium + vitamin D lowered hip fractures significantly
    (its 95 % CI excludes 1)."""
    q = evidence.quantity(WHI_CAD, "hip_fracture_hr")
    low, high = q.low, q.high
    return check_bool(answer, high < 1.0 or low > 1.0,
                      hint="Look at the confidence interval: does it include 1 (no effect)?")


@answer_key
def inflammation_model_change(answer) -> Feedback:
    """Q4 (uses the model): spine BMD change (percentage points) after 10 years with
    inflammation 1, everything else at reference."""
    runs = s2.milieu_runs(years=10, site="spine")
    r = runs["inflammation 1"]
    return check_number(
        answer, r.bmd_change, decimals=1, units="%", name="your change",
        hint="Read .bmd_change of the 'inflammation 1' run.",
        mistakes=[(-r.bmd_change, "Check the sign: bone is lost."),
                  (float(r.bmd_percent[-1]), "That is BMD as % of start; subtract 100."),
                  (runs["inflammation 2"].bmd_change, "That is inflammation 2.", 0.01),
                  *near_miss(r.bmd_change, decimals=1)])


@answer_key
def depression_study_shows(answer) -> Feedback:
    """Q5: the depression-BMD meta-analysis pooled case-control and cross-sectional studies.
    Does it show that depression (or stress) causes bone loss?"""
    return check_choice(
        answer, CAUSE_OPTIONS[1], CAUSE_OPTIONS,
        wrong_hints={
            CAUSE_OPTIONS[0]: "Cross-sectional and case-control studies measure both at one "
                              "time: can they tell which came first, or rule out other "
                              "causes (medicines, activity, weight)?",
            CAUSE_OPTIONS[2]: "The studies cannot show the reverse direction either.",
        })
