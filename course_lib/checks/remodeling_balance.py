"""Answer key for exercise set 1.1, "Remodeling balance" (solutions/1.1_remodeling_balance.ipynb),
plus the one-cycle model run that lesson 1.1 shows.

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers are computed from the practice numbers below, from `course_lib.evidence`
(remodeling phase durations, Li 2014, Xue 2020) or from the model; none is a copied literal.
Practice numbers (made up, not data) live once, in `PRACTICE`.
"""

from __future__ import annotations

import math
import types
from typing import Any

from course_lib import evidence
from course_lib.checks.dxa_reading import practice_namespace
from course_lib.checks.feedback import (
    Feedback,
    check_bool,
    check_number,
    check_range,
    never_raises,
)

__all__ = [
    "PRACTICE", "UNITS", "practice", "PHASES", "LI2014", "XUE2020", "MODEL_RUN",
    "one_cycle", "print_cycle", "phase_durations", "ovulatory_disturbance_rate",
    "model_postmenopause",
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


# --------------------------------------------------------------------------- lesson helpers


def one_cycle(osteoclast_burst: float = 2.0, days: float = 240.0, site: str = "spine",
              hormones=None):
    """Model run of one remodeling cycle: start at the reference state with the osteoclasts
    multiplied by `osteoclast_burst` (as if a patch of bone had just been activated), then let
    the cells settle. Daily steps. Returns the model Result (model output, not data)."""
    from course_lib.model import Hormones, State, simulate

    start = State.reference(site, osteoclasts=float(osteoclast_burst))
    return simulate(hormones or Hormones(), years=days / 365.25, site=site, start=start,
                    dt_days=1.0)


def print_cycle(result, days=(0, 7, 14, 21, 28, 42, 60, 90, 120, 180)) -> None:
    """Print a one-cycle run at the given days: cells, the two sides of the balance, BMD."""
    print(f"{'day':>4}  {'osteoclasts':>11}  {'osteoblasts':>11}  {'resorbed':>9}  "
          f"{'formed':>7}  {'BMD':>7}")
    print(f"{'':>4}  {'(x ref)':>11}  {'(x ref)':>11}  {'(%/yr)':>9}  {'(%/yr)':>7}  "
          f"{'(%)':>7}")
    end = float(result.t_years[-1])
    for d in days:
        if d / 365.25 > end + 1e-9:
            break
        now = result.at(min(d / 365.25, end))
        print(f"{d:>4g}  {now['osteoclasts']:>11.2f}  {now['osteoblasts']:>11.2f}  "
              f"{now['resorption']:>9.1f}  {now['formation']:>7.1f}  "
              f"{now['bmd_percent']:>7.2f}")
    print("(model outputs; 'x ref' = multiple of the reference steady state)")


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
    from course_lib.model import simulate
    from course_lib.regimens import regimen

    return simulate(regimen(MODEL_RUN["regimen"]), years=years or MODEL_RUN["years"],
                    site=site or MODEL_RUN["site"])


# --------------------------------------------------------------------------- helpers


def _close(value, target, rel=0.01, abs_=1e-9) -> bool:
    """True if a student's value is a finite real number within `rel` of `target`."""
    if isinstance(value, (bool, str, bytes)):
        return False
    try:
        value = float(value)
    except Exception:
        return False
    return math.isfinite(value) and math.isclose(value, target, rel_tol=rel, abs_tol=abs_)


def _spot(fb: Feedback, answer, mistakes) -> Feedback:
    """If `fb` is "incorrect" and the answer matches a known mistake, swap in its hint.

    `mistakes` is a list of (value, rel_tol, hint): the value a typical slip produces.
    """
    if fb.status != "incorrect":
        return fb
    for value, rel, hint in mistakes:
        if _close(answer, value, rel):
            return Feedback("incorrect", fb.message, hint)
    return fb


# --------------------------------------------------------------------------- questions


@never_raises
def net_balance_per_cycle(answer, removed: float = _BMU["removed"],
                          refilled: float = _BMU["refilled"]) -> Feedback:
    """Q1: net balance of one BMU cycle (units; negative for a loss) = refilled - removed."""
    expected = refilled - removed
    fb = check_number(answer, expected, rel_tol=0.01, abs_tol=1e-9 * abs(removed),
                      units="units",
                      name="your balance",
                      hint="Balance = bone laid down - bone removed, in the same units.")
    return _spot(fb, answer, [
        (removed - refilled, 0.01,
         "You subtracted the wrong way round: balance = laid down - removed, so a cycle that "
         "leaves a hole has a negative balance."),
        (refilled / removed, 0.01,
         "That is the ratio refilled / removed. The balance is a difference, in units."),
        (removed / refilled, 0.01,
         "That is a ratio (and upside down). The balance is a difference, in units."),
        (100 * (refilled - removed) / removed, 0.01,
         "That is the balance as a percentage of what was removed; give it in units."),
        (refilled + removed, 0.01, "Subtract, don't add: balance = laid down - removed."),
    ])


@never_raises
def percent_unfilled(answer, removed: float = _BMU["removed"],
                     refilled: float = _BMU["refilled"]) -> Feedback:
    """Q2: the share of the cavity left unfilled, as a percentage of what was removed."""
    expected = 100.0 * (removed - refilled) / removed
    fb = check_number(answer, expected, rel_tol=0.01, units="%", name="your percentage",
                      hint="Share unfilled = (removed - refilled) / removed x 100.")
    return _spot(fb, answer, [
        (100.0 * refilled / removed, 0.01,
         "That is the part that WAS refilled. The question asks for the part left empty."),
        (100.0 * (removed - refilled) / refilled, 0.005,
         "You divided by what was refilled; divide by what was removed (the whole cavity)."),
        (removed - refilled, 0.01,
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
    fb = check_range(answer, low * 0.99, high * 1.01, name="your ratio",
                     hint="Put both durations in weeks (a month is about 4.3 weeks), then "
                          "divide formation by resorption.")
    if fb.status != "incorrect":
        return fb
    mixed_low = p.formation_months_low / p.resorption_weeks
    mixed_high = p.formation_months_high / p.resorption_weeks
    if _in(answer, mixed_low * 0.99, mixed_high * 1.01):
        return Feedback("incorrect", fb.message,
                        "You divided months by weeks. Convert the months to weeks first "
                        "(a month is about 4.3 weeks).")
    if _in(answer, 0.99 / high, 1.01 / low):
        return Feedback("incorrect", fb.message,
                        "You divided the wrong way round: formation lasts longer, so the ratio "
                        "formation / resorption is bigger than 1.")
    return fb


def _in(value, low, high) -> bool:
    if isinstance(value, (bool, str, bytes)):
        return False
    try:
        value = float(value)
    except Exception:
        return False
    return math.isfinite(value) and low <= value <= high


@never_raises
def years_to_lose_10_linear(answer, rate: float | None = None) -> Feedback:
    """Q4: years to lose 10 % at a steady `rate` (%/year; default: Li 2014's 0.86 %/year)."""
    rate = ovulatory_disturbance_rate() if rate is None else abs(float(rate))
    expected = 10.0 / rate
    fb = check_number(answer, expected, rel_tol=0.04, units="years", name="your answer",
                      hint="Years = amount to lose / loss per year.")
    return _spot(fb, answer, [
        (rate / 10.0, 0.02,
         "You divided the wrong way round: years = 10 % / (% lost per year)."),
        (10.0 * rate, 0.02,
         "You multiplied: that is how much would be lost in 10 years. Divide instead: "
         "years = 10 % / (% lost per year)."),
        (-expected, 0.04, "A number of years is positive: drop the minus sign."),
    ])


def _first_year_loss(result) -> float:
    return 100.0 - result.at(1.0)["bmd_percent"]


@never_raises
def linear_years_from_model(answer) -> Feedback:
    """Q5 (uses the model): straight-line estimate of the years to lose 10 %, from the
    model's first-year loss (postmenopause, spine): 10 / first-year loss."""
    r = model_postmenopause()
    first = _first_year_loss(r)
    expected = 10.0 / first
    fb = check_number(answer, expected, rel_tol=0.03, units="years", name="your estimate",
                      hint="Read the first-year loss from the model, then years = 10 / loss "
                           "per year.")
    mistakes = [
        (first / 10.0, 0.02, "You divided the wrong way round: years = 10 / (first-year loss)."),
        (first, 0.02, "That is the first-year loss in %. Now divide 10 by it."),
    ]
    reached = r.time_to(90.0)
    if reached is not None:
        mistakes.append((reached, 0.02,
                         "That is the model's own answer (question 6). Here, make the "
                         "straight-line estimate: 10 / first-year loss."))
    return _spot(fb, answer, mistakes)


@never_raises
def years_to_lose_10_model(answer) -> Feedback:
    """Q6 (uses the model): years until BMD reaches 90 % of start in the model
    (postmenopause, spine): `simulate(...).time_to(90)`."""
    r = model_postmenopause()
    expected = r.time_to(90.0)
    if expected is None:  # the model never gets there: the key must say so, not guess
        raise ValueError("model run never reaches 90 %; lengthen MODEL_RUN['years']")
    fb = check_number(answer, expected, rel_tol=0.02, units="years", name="your answer",
                      hint="Use r = simulate(regimen('postmenopause'), years=20, "
                           "site='spine') and r.time_to(90).")
    linear = 10.0 / _first_year_loss(r)
    mistakes = [
        (linear, 0.03,
         "This is the linear estimate from the first year. In the model the loss slows down: "
         "the cells settle at a new level and there is less bone left to resorb, so reaching "
         "90 % takes longer than a straight line says."),
    ]
    hip = model_postmenopause(site="hip").time_to(90.0)
    if hip is not None:
        mistakes.append((hip, 0.02, "That is the hip. The question asks about the spine "
                                    "(site='spine')."))
    return _spot(fb, answer, mistakes)


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
