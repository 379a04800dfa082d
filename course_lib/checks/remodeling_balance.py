"""Answer key for exercise set 1.1, "Remodeling balance" (solutions/1.1_remodeling_balance.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers are computed from the practice numbers below, from `course_lib.evidence`
(remodeling phase durations, Li 2014, Xue 2020) or from the model; none is a copied literal.
Practice numbers (made up, not data) live once, in `PRACTICE`.
"""

from __future__ import annotations

import types
from typing import Any

from course_lib import evidence, scenarios
from course_lib.checks.feedback import (
    Feedback,
    check_bool,
    check_number,
    check_range,
    never_raises,
)
from course_lib.checks.practice import practice_namespace

__all__ = [
    "PRACTICE", "UNITS", "practice", "PHASES", "LI2014", "XUE2020", "MODEL_RUN",
    "phase_durations", "ovulatory_disturbance_rate", "model_postmenopause",
    "net_balance_per_cycle", "percent_unfilled", "formation_to_resorption_ratio",
    "years_to_lose_10_linear", "linear_years_from_model", "years_to_lose_10_model",
    "peak_at_thirty",
]

#: Practice numbers (made up for the exercises; not data), by question.
PRACTICE: dict[str, dict[str, Any]] = {
    "one_bmu": {"removed": 10.0, "refilled": 9.5},
}
#: Units of the practice numbers, by name.
UNITS = {"removed": "units of bone", "refilled": "units of bone"}
_BMU = PRACTICE["one_bmu"]

#: Evidence ids this key reads.
PHASES = "remodeling_prior2018_statement"
LI2014 = "li2014_ovulatory_disturbance_meta"
XUE2020 = "peak_bmd_age_xue2020"

#: The model run of questions 5 and 6: a woman after menopause, no therapy, at the spine.
MODEL_RUN = {"regimen": "postmenopause", "site": "spine", "years": 20}

#: Weeks in an average month (365.25 days / 12 months / 7 days): calendar arithmetic.
WEEKS_PER_MONTH = 365.25 / 12 / 7


def practice(group: str, *, show: bool = True) -> types.SimpleNamespace:
    """The practice numbers of one question, e.g. ``p = practice("one_bmu"); p.removed``."""
    return practice_namespace(PRACTICE, UNITS, group, show=show)


# --------------------------------------------------------------------------- inputs


def phase_durations() -> types.SimpleNamespace:
    """Resorption (weeks) and formation (months, low and high) from Prior 2018."""
    values = evidence.fact(PHASES).values
    weeks = evidence.number(PHASES, "resorption")
    lo = evidence.number(PHASES, "osteoblastic_formation", index=0)
    hi = evidence.number(PHASES, "osteoblastic_formation", index=1)
    if "week" not in values["resorption"] or "month" not in values["osteoblastic_formation"]:
        raise ValueError(f"{PHASES}: expected resorption in weeks and formation in months")
    return types.SimpleNamespace(resorption_weeks=weeks, formation_months_low=min(lo, hi),
                                 formation_months_high=max(lo, hi))


def ovulatory_disturbance_rate() -> float:
    """Li 2014: extra spinal BMD loss with more frequent ovulatory disturbances (%/year, > 0)."""
    return abs(evidence.number(LI2014, "wmd_spine_bmd"))


def model_postmenopause(site: str | None = None, years: float | None = None):
    """The model run of questions 5 and 6 (model output, not data)."""
    return scenarios.regimen_run(MODEL_RUN["regimen"], years or MODEL_RUN["years"],
                                 site or MODEL_RUN["site"])


# --------------------------------------------------------------------------- questions


@never_raises
def net_balance_per_cycle(answer, removed: float = _BMU["removed"],
                          refilled: float = _BMU["refilled"]) -> Feedback:
    """Q1: net balance of one BMU cycle (units; negative for a loss) = refilled - removed."""
    return check_number(
        answer, refilled - removed, rel_tol=0.01, abs_tol=1e-9 * abs(removed), units="units",
        name="your balance",
        hint="Balance = bone laid down - bone removed, in the same units.",
        mistakes=[
            (removed - refilled,
             "You subtracted the wrong way round: balance = laid down - removed, so a cycle "
             "that leaves a hole has a negative balance."),
            (refilled / removed,
             "That is the ratio refilled / removed. The balance is a difference, in units."),
            (removed / refilled,
             "That is a ratio (and upside down). The balance is a difference, in units."),
            (100 * (refilled - removed) / removed,
             "That is the balance as a percentage of what was removed; give it in units."),
            (refilled + removed, "Subtract, don't add: balance = laid down - removed."),
        ])


@never_raises
def percent_unfilled(answer, removed: float = _BMU["removed"],
                     refilled: float = _BMU["refilled"]) -> Feedback:
    """Q2: the share of the cavity left unfilled, as a percentage of what was removed."""
    return check_number(
        answer, 100.0 * (removed - refilled) / removed, rel_tol=0.01, units="%",
        name="your percentage", hint="Share unfilled = (removed - refilled) / removed x 100.",
        mistakes=[
            (100.0 * refilled / removed,
             "That is the part that WAS refilled. The question asks for the part left empty."),
            (100.0 * (removed - refilled) / refilled,
             "You divided by what was refilled; divide by what was removed (the whole "
             "cavity).", 0.005),
            (removed - refilled,
             "That is the gap in units. Divide it by what was removed and multiply by 100."),
        ])


@never_raises
def formation_to_resorption_ratio(answer) -> Feedback:
    """Q3: how many times longer formation (3-4 months) lasts than resorption (about 3 weeks).

    Any answer from formation_low x 4 weeks / resorption to formation_high x 4.35 weeks /
    resorption is accepted (a month is 4 to about 4.35 weeks, depending on how you count).
    """
    p = phase_durations()
    low = p.formation_months_low * 4.0 / p.resorption_weeks
    high = p.formation_months_high * WEEKS_PER_MONTH / p.resorption_weeks
    mixed_low = p.formation_months_low / p.resorption_weeks
    mixed_high = p.formation_months_high / p.resorption_weeks
    return check_range(
        answer, low * 0.99, high * 1.01, name="your ratio",
        hint="Put both durations in weeks (a month is about 4.3 weeks), then divide formation "
             "by resorption.",
        mistakes=[
            ((mixed_low * 0.99, mixed_high * 1.01),
             "You divided months by weeks. Convert the months to weeks first (a month is "
             "about 4.3 weeks)."),
            ((0.99 / high, 1.01 / low),
             "You divided the wrong way round: formation lasts longer, so the ratio "
             "formation / resorption is bigger than 1."),
        ])


@never_raises
def years_to_lose_10_linear(answer, rate: float | None = None) -> Feedback:
    """Q4: years to lose 10 % at a steady `rate` (%/year; default: Li 2014's 0.86 %/year)."""
    rate = ovulatory_disturbance_rate() if rate is None else abs(float(rate))
    expected = 10.0 / rate
    return check_number(
        answer, expected, rel_tol=0.04, units="years", name="your answer",
        hint="Years = amount to lose / loss per year.",
        mistakes=[
            (rate / 10.0,
             "You divided the wrong way round: years = 10 % / (% lost per year).", 0.02),
            (10.0 * rate,
             "You multiplied: that is how much would be lost in 10 years. Divide instead: "
             "years = 10 % / (% lost per year).", 0.02),
            (-expected, "A number of years is positive: drop the minus sign."),
        ])


def _first_year_loss(result) -> float:
    return 100.0 - result.at(1.0)["bmd_percent"]


@never_raises
def linear_years_from_model(answer) -> Feedback:
    """Q5 (uses the model): straight-line estimate of the years to lose 10 %, from the
    model's first-year loss (postmenopause, spine): 10 / first-year loss."""
    r = model_postmenopause()
    first = _first_year_loss(r)
    mistakes = [
        (first / 10.0, "You divided the wrong way round: years = 10 / (first-year loss).", 0.02),
        (first, "That is the first-year loss in %. Now divide 10 by it.", 0.02),
    ]
    reached = r.time_to(90.0)
    if reached is not None:
        mistakes.append((reached, "That is the model's own answer (question 6). Here, make the "
                                  "straight-line estimate: 10 / first-year loss.", 0.02))
    return check_number(answer, 10.0 / first, rel_tol=0.03, units="years", name="your estimate",
                        hint="Read the first-year loss from the model, then years = 10 / loss "
                             "per year.",
                        mistakes=mistakes)


@never_raises
def years_to_lose_10_model(answer) -> Feedback:
    """Q6 (uses the model): years until BMD reaches 90 % of start in the model
    (postmenopause, spine): `simulate(...).time_to(90)`."""
    r = model_postmenopause()
    expected = r.time_to(90.0)
    if expected is None:  # the model never gets there: the key must say so, not guess
        raise ValueError("model run never reaches 90 %; lengthen MODEL_RUN['years']")
    mistakes = [
        (10.0 / _first_year_loss(r),
         "This is the linear estimate from the first year. In the model the loss slows down: "
         "the cells settle at a new level and there is less bone left to resorb, so reaching "
         "90 % takes longer than a straight line says.", 0.03),
    ]
    hip = model_postmenopause(site="hip").time_to(90.0)
    if hip is not None:
        mistakes.append((hip, "That is the hip. The question asks about the spine "
                              "(site='spine')."))
    return check_number(answer, expected, rel_tol=0.02, units="years", name="your answer",
                        hint="Use r = simulate(regimen('postmenopause'), years=20, "
                             "site='spine') and r.time_to(90).",
                        mistakes=mistakes)


@never_raises
def peak_at_thirty(answer) -> Feedback:
    """Q7: True/False: 'women reach their peak hip and spine BMD at about age 30'."""
    keys = ("women_total_hip", "women_lumbar_spine", "women_femoral_neck")
    ages = [evidence.number(XUE2020, k) for k in keys]
    expected = all(abs(age - 30.0) <= 2.5 for age in ages)
    return check_bool(answer, expected,
                      hint=f"In a large US survey women's BMD peaked at {min(ages):.0f} to "
                           f"{max(ages):.0f} years of age at the hip and spine "
                           f"({evidence.cite(XUE2020)}).")
