"""Answer key for exercise set 1.1, "Remodeling balance" (solutions/1.1_remodeling_balance.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers are computed from the practice numbers below, from `course_lib.evidence`
(remodeling phase durations, Xue 2020) or from the model runs that Lesson 1.1 shows (the
burst; estradiol lowered, at the spine); none is a copied literal. Practice numbers (made up,
not data) live once, in `PRACTICE`. The set uses only what Lesson 1.1 teaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_lib import evidence, scenarios
from course_lib.checks.feedback import (
    Feedback,
    answer_key,
    check_bool,
    check_choice,
    check_number,
    check_range,
)
from course_lib.checks.practice import Practice, practice_namespace
from course_lib.model import DAYS_PER_YEAR

__all__ = [
    "PRACTICE", "UNITS", "practice", "PHASES", "XUE2020",
    "phase_durations", "lesson_run", "first_year_loss",
    "net_balance_per_cycle", "percent_unfilled", "formation_to_resorption_ratio",
    "years_to_lose_10_linear", "years_to_lose_10_model", "peak_at_thirty",
    "PEAK_SITES", "TRANSIENT_OPTIONS", "burst_was_transient",
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
XUE2020 = "peak_bmd_age_xue2020"

#: BMD (% of start) that questions 4 and 5 aim at: a loss of 10 %.
TARGET_PERCENT = 90.0

#: Decimal places each numeric question states and is checked to (the precision policy of
#: docs/design.md: about two significant figures, what the inputs support).
DECIMALS = {"net_balance_per_cycle": 1, "percent_unfilled": 1, "years_to_lose_10_linear": 1,
            "years_to_lose_10_model": 1}

#: Weeks in an average month (365.25 days / 12 months / 7 days): calendar arithmetic.
WEEKS_PER_MONTH = DAYS_PER_YEAR / 12 / 7


def practice(group: str, *, show: bool = True) -> Practice:
    """The practice numbers of one question, e.g. ``p = practice("one_bmu"); p.removed``."""
    return practice_namespace(PRACTICE, UNITS, group, show=show)


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class PhaseDurations:
    """Remodeling phase durations (Prior 2018): resorption in weeks, formation in months."""

    resorption_weeks: float
    formation_months_low: float
    formation_months_high: float


def phase_durations() -> PhaseDurations:
    """Resorption (weeks) and formation (months, low and high) from Prior 2018."""
    resorption = evidence.quantity(PHASES, "resorption")
    formation = evidence.quantity(PHASES, "osteoblastic_formation")
    if resorption.unit != "weeks" or formation.unit != "months":
        raise ValueError(f"{PHASES}: expected resorption in weeks and formation in months")
    return PhaseDurations(resorption_weeks=resorption.value, formation_months_low=formation.low,
                          formation_months_high=formation.high)


def lesson_run(site: str = "spine"):
    """The model run of questions 4 and 5 (model output, not data): Lesson 1.1's lowest
    estradiol, `scenarios.low_estradiol_run()`, defined once there for the lesson, the exercise
    and this key; `site` gives the same run at the other site (a known mistake)."""
    return scenarios.low_estradiol_run(site=site)


def first_year_loss(result=None) -> float:
    """BMD lost in the first year of a run (% of start, > 0 for a loss); default: lesson_run()."""
    result = lesson_run() if result is None else result
    return 100.0 - result.at(1.0)["bmd_percent"]


# --------------------------------------------------------------------------- questions


@answer_key
def net_balance_per_cycle(answer, removed: float = _BMU["removed"],
                          refilled: float = _BMU["refilled"]) -> Feedback:
    """Q1: net balance of one BMU cycle (units; negative for a loss) = refilled - removed."""
    return check_number(
        answer, refilled - removed, decimals=DECIMALS["net_balance_per_cycle"], units="units",
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
            (-refilled, "That is only the bone laid down, with a minus sign. Balance = laid "
                        "down - removed."),
        ])


@answer_key
def percent_unfilled(answer, removed: float = _BMU["removed"],
                     refilled: float = _BMU["refilled"]) -> Feedback:
    """Q2: the share of the cavity left unfilled, as a percentage of what was removed."""
    return check_number(
        answer, 100.0 * (removed - refilled) / removed,
        decimals=DECIMALS["percent_unfilled"], units="%",
        name="your percentage", hint="Share unfilled = (removed - refilled) / removed x 100.",
        mistakes=[
            (100.0 * refilled / removed,
             "That is the part that WAS refilled. The question asks for the part left empty."),
            (100.0 * (removed - refilled) / refilled,
             "You divided by what was refilled; divide by what was removed (the whole "
             "cavity).", 0.01),
            (removed - refilled,
             "That is the gap in units. Divide it by what was removed and multiply by 100."),
            (-100.0 * (removed - refilled) / removed,
             "A share of the cavity left empty is a positive percentage: drop the minus "
             "sign."),
        ])


@answer_key
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
            ((p.formation_months_low * 4.0 * 0.99,
              p.formation_months_high * WEEKS_PER_MONTH * 1.01),
             "That is how long formation lasts, in weeks. Now divide it by the length of "
             "resorption."),
        ])


@answer_key
def years_to_lose_10_linear(answer, rate: float | None = None) -> Feedback:
    """Q4 (by reasoning): years to lose 10 % at a steady `rate` (% of start per year).

    Default rate: the model's first-year loss in `lesson_run()`, which the exercise prints.
    """
    from_model = rate is None
    rate = first_year_loss() if from_model else abs(float(rate))
    loss = 100.0 - TARGET_PERCENT
    expected = loss / rate
    mistakes = [
        (rate / loss,
         "You divided the wrong way round: years = 10 % / (% lost per year).", 0.02),
        (1.0 / rate,
         "You divided the wrong way round, or left out the 10: years = 10 % / (% lost per "
         "year).", 0.02),
        (loss * rate,
         "You multiplied: that is how much would be lost in 10 years. Divide instead: "
         "years = 10 % / (% lost per year).", 0.02),
        (-expected, "A number of years is positive: drop the minus sign."),
        (100.0 / rate,
         "That is how long it would take to lose everything (100 %). The question asks about "
         "losing 10 %.", 0.02),
        (TARGET_PERCENT / rate,
         "You divided 90 by the loss per year. 90 % is what is left; the amount to lose is "
         "10 %.", 0.02),
        (loss / (100.0 - rate),
         "You divided by the BMD left after one year. Divide by the amount LOST in the first "
         "year (100 minus that).", 0.02),
    ]
    if from_model:
        reached = lesson_run().time_to(TARGET_PERCENT)
        if reached is not None and abs(reached - expected) > 0.1 * expected:
            mistakes.append((reached, "That is the model's own answer (question 5). Here, "
                                      "reason with a steady rate: years = 10 % / (% lost per "
                                      "year).", 0.02))
    # The question asks for 1 decimal place: any answer correctly rounded to it is right
    # (the printed rate, 2 decimals, gives one); fewer decimals get the rounding hint.
    return check_number(
        answer, expected, decimals=DECIMALS["years_to_lose_10_linear"], units="years",
        name="your answer",
        hint="Years = amount to lose / amount lost per year.", mistakes=mistakes)


@answer_key
def years_to_lose_10_model(answer) -> Feedback:
    """Q5 (uses the model): years until BMD first reaches 90 % of start in `lesson_run()`:
    ``scenarios.low_estradiol_run().time_to(90)``."""
    r = lesson_run()
    expected = r.time_to(TARGET_PERCENT)
    if expected is None:  # the model never gets there: the key must say so, not guess
        raise ValueError("model run never reaches 90 %; change scenarios.low_estradiol_run")
    straight = (100.0 - TARGET_PERCENT) / first_year_loss(r)
    mistakes = [
        (straight,
         "This is the straight-line estimate of question 4. In the model the loss slows "
         "down: resorption takes a share of the bone that is left, and the cells settle at a "
         "new level, so reaching 90 % takes longer than a straight line says.", 0.03),
        (TARGET_PERCENT,
         "90 is the BMD to reach (% of start). The question asks WHEN the model gets there: "
         "r.time_to(90), in years."),
        (expected * DAYS_PER_YEAR, "That looks like days. Give the time in years."),
        (first_year_loss(r),
         "That is the loss in the first year (%). The question asks for a time: "
         "r.time_to(90)."),
    ]
    hip = lesson_run(site="hip").time_to(TARGET_PERCENT)
    if hip is not None:
        mistakes.append((hip, "That is the hip. The question asks about the spine "
                              "(site='spine')."))
    return check_number(answer, expected, decimals=DECIMALS["years_to_lose_10_model"],
                        units="years", name="your answer",
                        hint=f"Use the run r made above (estradiol "
                             f"{scenarios.LOW_ESTRADIOL:g}, site='spine') and r.time_to(90).",
                        mistakes=mistakes)


#: The sites question 6 asks about, as the survey names them (evidence keys of Xue 2020).
PEAK_SITES = {"women_total_hip": "total hip", "women_lumbar_spine": "lumbar spine"}
#: How close to 30 an age must be to count as "about 30" (years).
ABOUT_AGE_YEARS = 2.5


@answer_key
def peak_at_thirty(answer) -> Feedback:
    """Q6: True/False: 'in the US survey of Lesson 1.1 (NHANES 2005-2014), women's total hip
    and lumbar spine BMD were highest at about age 30' (site-specific: Xue 2020)."""
    ages = {site: evidence.value(XUE2020, k) for k, site in PEAK_SITES.items()}
    expected = all(abs(age - 30.0) <= ABOUT_AGE_YEARS for age in ages.values())
    found = " and ".join(f"{age:.1f} years at the {site}" for site, age in ages.items())
    return check_bool(answer, expected,
                      hint=f"The survey put women's peak BMD at {found} "
                           f"({evidence.cite(XUE2020)}). Other sites and other measures of "
                           "bone can peak at other ages, which is why the question names the "
                           "sites.")


#: Question 7's run is the burst of Lesson 1.1, `scenarios.burst_run()` (model output). Its BMD
#: at the end, against 100 %, decides the answer; a change smaller than this (percentage
#: points) counts as "back".
BACK_TO_START = 0.05
TRANSIENT_OPTIONS = ("remodeling transient", "lasting loss")
#: Other ways of writing the two options (British spelling, short forms).
TRANSIENT_SYNONYMS = {"remodelling transient": TRANSIENT_OPTIONS[0],
                      "transient": TRANSIENT_OPTIONS[0],
                      "a remodeling transient": TRANSIENT_OPTIONS[0],
                      "a remodelling transient": TRANSIENT_OPTIONS[0],
                      "lasting": TRANSIENT_OPTIONS[1], "a lasting loss": TRANSIENT_OPTIONS[1],
                      "permanent loss": TRANSIENT_OPTIONS[1]}


@answer_key
def burst_was_transient(answer) -> Feedback:
    """Q7: in Lesson 1.1's burst run BMD dipped; was that a 'remodeling transient' (refilled
    by the end of the run) or a 'lasting loss'? Decided from the run itself."""
    r = scenarios.burst_run()
    dip = 100.0 - float(min(r.bmd_percent))
    back = abs(float(r.bmd_change)) < BACK_TO_START
    expected = TRANSIENT_OPTIONS[0] if back else TRANSIENT_OPTIONS[1]
    return check_choice(
        answer, expected, TRANSIENT_OPTIONS, synonyms=TRANSIENT_SYNONYMS,
        hint=f"In the run, BMD dipped by {dip:.2f} % and ended at "
             f"{float(r.bmd_percent[-1]):.2f} % of its start (model output).",
        wrong_hints={
            TRANSIENT_OPTIONS[1]: "Look at the BMD column at the end of the table: did the "
                                  "dip stay, or was it refilled? A dip that refills once the "
                                  "extra sites close is the remodeling transient.",
            TRANSIENT_OPTIONS[0]: "Look at the BMD column at the end of the table: is BMD "
                                  "back at 100 %?",
        })
