"""Answer key for exercise set 3.4, "Trial evidence" (solutions/3.4_trial_evidence.ipynb).

One function per question; each returns a `Feedback` and never raises on a student's answer.
Expected answers are computed with `course_lib.trials` from the published numbers in the
evidence data (through `scenarios.academic_trials`) or from the practice numbers below;
nothing is copied in as a literal. The judgement question looks for reasoning (absolute vs
relative risk, who the women were, what the trial tested, harms beside benefits), never for a
conclusion.

A notebook shows a question's numbers with ``g = trial_evidence.given("vte")``: published
numbers are printed with their source, made-up ones with a label saying so.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from course_lib import evidence, trials
from course_lib.checks.feedback import (
    Feedback,
    answer_key,
    check_choice,
    check_number,
    check_range,
    check_text,
    near_miss,
)
from course_lib.checks.practice import Given, Practice, frozen_record, practice_namespace
from course_lib.scenarios import academic_trials as at

__all__ = [
    "PRACTICE", "given", "hr_meaning", "vte_excess_per_10000", "vte_nnh", "hip_fracture_nnt",
    "fracture_nnt", "annualise_pepi", "se_prior2017", "p_prior2017", "se_whi_fracture",
    "pooled_random", "i2_percent", "i2_meaning", "women_per_arm", "insilico_agreement",
    "benefit_harm_judgement", "KEY_POINTS",
]

#: Practice numbers (made up for the exercises; not measurements of anyone), by question.
PRACTICE: dict[str, dict[str, Any]] = {
    "sample_size": {"sd_per_year": 1.2, "half_width": 0.3},
}
UNITS = {"sd_per_year": "% per year", "half_width": "% per year"}


#: How each question's published numbers are labelled when printed, where the paper the fact
#: is filed under is not the one the numbers come from (the fact id stays the same).
_HEADINGS = {
    "vte": "WHI E+P, 2004 update (as reported with WHI Writing Group 2002 in the course's "
           "sources)",
}


def given(group: str, *, show: bool = True) -> Given | Practice:
    """The numbers of one question, printed with where they come from, returned by name.

    Groups: "hr", "vte", "hip", "fractures", "pepi", "prior2017", "whi_fracture_ci",
    "pooling" (made-up studies), "sample_size" (made-up numbers).
    """
    if group in PRACTICE:
        return practice_namespace(PRACTICE, UNITS, group, show=show)
    out = _given(group)
    if out is None:
        groups = ("hr", "vte", "hip", "fractures", "pepi", "prior2017", "whi_fracture_ci",
                  "pooling", *PRACTICE)
        raise ValueError(f"group must be one of {', '.join(groups)}; got {group!r}")
    text, facts, values = out
    if show and group in _HEADINGS:
        print(f"Published numbers: {_HEADINGS[group]}. {text}")
    elif show:
        print(f"{at.sources(facts, heading='Published numbers')}. {text}" if facts else text)
    return frozen_record(f"Given_{group}", values, Given)


def _given(group: str):
    hrs = at.whi_hazard_ratios()
    if group == "hr":
        s = hrs["stroke"]
        return (f"WHI E+P vs placebo, stroke hazard ratio {s.value} "
                f"(95 % CI {s.low} to {s.high})", [s.fact_id],
                {"hr": s.value, "ci_low": s.low, "ci_high": s.high})
    if group == "vte":
        t, c = at.whi_vte_rates()
        return (f"Venous thromboembolism {t * 1000:g} vs {c * 1000:g} per 1,000 woman-years "
                "(E+P vs placebo)", [at.FACTS["pe_vte"]],
                {"rate_ept": t, "rate_placebo": c})
    if group == "hip":
        h = hrs["hip fracture"]
        fewer = -at.whi_per_10000()["hip fracture"]
        return (f"WHI 2002, hip fracture hazard ratio {h.value} (95 % CI {h.low} to "
                f"{h.high}); {fewer:g} fewer hip fractures per 10,000 woman-years on E+P",
                [h.fact_id, at.FACTS["whi_absolute"]],
                {"hr": h.value, "fewer_per_10000": fewer})
    if group == "fractures":
        c = at.whi_fracture_counts()
        return (f"Cauley 2003, women with a confirmed osteoporotic fracture: E+P "
                f"{c.events_ept:g} of {c.n_ept:g} ({c.percent_ept:g} %), placebo "
                f"{c.events_placebo:g} of {c.n_placebo:g} ({c.percent_placebo:g} %), mean "
                f"follow-up {c.mean_years:g} years",
                [at.FACTS["fracture_2003"], at.FACTS["fracture_design"]], asdict(c))
    if group == "pepi":
        p = at.pepi_abstract()
        return (f"PEPI, CEE + continuous MPA: spine BMD "
                f"{p.ept_continuous_mpa_spine_percent:+g} % over {p.years:g} years",
                [at.FACTS["pepi"]],
                {"change_percent": p.ept_continuous_mpa_spine_percent, "years": p.years})
    if group == "prior2017":
        e = at.prior2017()
        p = evidence.value(e.fact_id, "p_value")
        return (f"Prior 2017, EPT minus ET spine BMD {e.value:+g} % per year (95 % CI "
                f"{e.low} to {e.high}), reported p = {p:g}", [e.fact_id],
                {"estimate": e.value, "ci_low": e.low, "ci_high": e.high, "reported_p": p})
    if group == "whi_fracture_ci":
        f = hrs["confirmed osteoporotic fractures"]
        return (f"Cauley 2003, confirmed osteoporotic fractures hazard ratio {f.value} (95 % CI "
                f"{f.low} to {f.high})", [f.fact_id],
                {"hr": f.value, "ci_low": f.low, "ci_high": f.high})
    if group == "pooling":
        d = at.illustrative_pooling()
        rows = "; ".join(f"{n}: {e:+.2f} (SE {s:.2f})"
                         for n, e, s in zip(d.labels, d.estimates, d.ses, strict=True))
        return (f"{d.label}. EPT minus ET spine BMD, {d.units}: {rows}", [],
                {"labels": d.labels, "estimates": d.estimates, "ses": d.ses})
    return None


# --------------------------------------------------------------------------- relative vs absolute

HR_OPTIONS = ("a", "b", "c", "d")
HR_STATEMENTS = {
    "a": "41 % of the women on E+P had a stroke.",
    "b": "The stroke rate on E+P was about 1.41 times the rate on placebo.",
    "c": "E+P caused 1.41 extra strokes per 100 women.",
    "d": "The risk of stroke rose by 41 percentage points.",
}


@answer_key
def hr_meaning(answer) -> Feedback:
    """Q1: what a stroke hazard ratio of 1.41 means (a letter from HR_STATEMENTS)."""
    relative = "A hazard ratio compares rates: it is relative, and says nothing about how " \
               "common the event is."
    return check_choice(
        answer, "b", HR_OPTIONS,
        hint=relative,
        wrong_hints={
            "a": relative + " 41 % is the relative increase, not the share of women.",
            "c": relative + " An absolute excess needs the placebo rate as well.",
            "d": "41 % is a relative increase (41 % more than the placebo rate), not 41 "
                 "percentage points.",
        })


@answer_key
def vte_excess_per_10000(answer) -> Feedback:
    """Q2: extra venous thromboembolisms per 10,000 woman-years on E+P."""
    t, c = at.whi_vte_rates()
    expected = trials.per_10000(trials.risk_difference(t, c))
    return check_number(
        answer, expected, decimals=0, units="per 10,000 woman-years",
        name="your excess",
        hint="Excess = rate on E+P minus rate on placebo; per 10,000 = that x 10,000.",
        mistakes=[
            (expected / 10, "That is per 1,000 woman-years. Multiply the difference per "
                            "woman-year by 10,000, not 1,000.", 0.01),
            (t / c, "That is the rate ratio (relative). The question asks for the absolute "
                    "difference: subtract, then scale to 10,000.", 0.01),
            ((t + c) * 10_000, "Subtract the placebo rate, do not add it.", 0.01),
            (t * 10_000, "That is the E+P rate itself. Subtract the placebo rate.", 0.01),
            *near_miss(expected, decimals=0),
        ])


@answer_key
def vte_nnh(answer) -> Feedback:
    """Q3: woman-years of E+P for one extra VTE (number needed to harm)."""
    t, c = at.whi_vte_rates()
    expected = trials.nnt(t, c).value
    excess = trials.per_10000(t - c)
    return check_number(
        answer, expected, decimals=0, units="woman-years", name="your NNH",
        hint="NNH = 1 / (absolute excess per woman-year) = 10,000 / (excess per 10,000).",
        mistakes=[
            (expected / 10, "You used the excess per 1,000 as if it were per 10,000 (or "
                            "divided 1,000 by it). NNH = 10,000 / excess per 10,000.", 0.02),
            (1 / excess, "That divides 1 by the excess per 10,000. Divide 10,000 by it "
                         "(or 1 by the excess per woman-year).", 0.02),
            (excess, "That is the excess per 10,000 woman-years, not the number needed to "
                     "harm. Take 10,000 divided by it.", 0.02),
            *near_miss(expected, decimals=0),
        ])


@answer_key
def hip_fracture_nnt(answer) -> Feedback:
    """Q4: woman-years of E+P to prevent one hip fracture (from the excess per 10,000)."""
    fewer = -at.whi_per_10000()["hip fracture"]
    expected = trials.nnt(0.0, fewer / 10_000).value
    hr = at.whi_hazard_ratios()["hip fracture"].value
    return check_number(
        answer, expected, decimals=0, units="woman-years", name="your NNT",
        hint="NNT = 10,000 / (hip fractures prevented per 10,000 woman-years).",
        mistakes=[
            (1 / (1 - hr), "That uses the hazard ratio (a relative number). An NNT needs the "
                           "absolute difference: 10,000 / fractures prevented per 10,000.",
             0.02),
            ((1 - hr) * 100, "That is the relative reduction in %. An NNT needs the absolute "
                             "difference: 10,000 / fractures prevented per 10,000.", 0.02),
            (1 / fewer, "Divide 10,000 (not 1) by the fractures prevented per 10,000.", 0.02),
            *near_miss(expected, decimals=0),
        ])


@answer_key
def fracture_nnt(answer) -> Feedback:
    """Q5: women treated for the whole trial (mean 5.6 years) to prevent one fracture."""
    c = at.whi_fracture_counts()
    by_percent = trials.nnt(c.percent_ept / 100, c.percent_placebo / 100).value
    by_counts = trials.nnt(c.events_ept / c.n_ept, c.events_placebo / c.n_placebo).value
    low, high = sorted((by_percent, by_counts))
    hr = at.whi_hazard_ratios()["confirmed osteoporotic fractures"].value
    return check_range(
        answer, low - 0.5, high + 0.5, units="women", name="your NNT",
        hint="NNT = 1 / (risk on placebo - risk on E+P), with the risks as fractions "
             f"(e.g. {c.percent_placebo:g} % = {c.percent_placebo / 100:g}).",
        mistakes=[
            (by_percent * c.mean_years, "That is in woman-years. The risks are over the "
                                        "whole trial, so the NNT is in women treated for "
                                        "the whole trial: 1 / risk difference.", 0.02),
            (by_percent / 100, "Give the risks as fractions (8.6 % = 0.086) before taking "
                               "1 / difference, or divide 100 by the difference in %.", 0.02),
            (1 / (1 - hr), "That uses the hazard ratio (a relative number). An NNT needs the "
                           "absolute difference in risk: 1 / (share with a fracture on "
                           "placebo - share on E+P), from the counts.", 0.02),
        ])


# --------------------------------------------------------------------------- annualising, SE, p


@answer_key
def annualise_pepi(answer) -> Feedback:
    """Q6: PEPI's 3-year spine gain on CEE + continuous MPA, as a simple % per year."""
    p = at.pepi_abstract()
    change = p.ept_continuous_mpa_spine_percent
    expected = trials.annualise(change, p.years)
    compound = trials.annualise(change, p.years, compound=True)
    return check_number(
        answer, expected, decimals=2, units="% per year", name="your yearly change",
        hint="Simple annualising: total change / years.",
        mistakes=[
            (compound, "That is the compound yearly rate. Here the simple one is asked: "
                       "total change / years (the two differ little for small changes).",
             0.002),
            (change, "That is the change over the whole 3 years. Divide by the number of "
                     "years.", 0.001),
            (change / (p.years * 12), "That is per month. Divide by years, not months.", 0.01),
            *near_miss(expected, decimals=2, factor=10),
        ])


@answer_key
def se_prior2017(answer) -> Feedback:
    """Q7: the standard error behind Prior 2017's 95 % CI (0.38 to 0.97 % per year)."""
    e = at.prior2017()
    expected = trials.se_from_ci(e.low, e.high)
    z = trials.z_for_level(0.95)
    width = e.high - e.low
    return check_number(
        answer, expected, decimals=3, units="% per year", name="your SE",
        hint=f"A 95 % CI is the estimate +/- {z:.2f} SE, so SE = (upper - lower) / "
             f"(2 x {z:.2f}).",
        mistakes=[
            (width / 2, f"That is half the CI's width. Divide it by {z:.2f} as well.", 0.01),
            (width / z, "That forgets the 2: the CI runs 1.96 SE on each side.", 0.01),
            (width, f"That is the whole width. SE = width / (2 x {z:.2f}).", 0.01),
            *near_miss(expected, decimals=3),
        ])


@answer_key
def p_prior2017(answer) -> Feedback:
    """Q8: the two-sided p-value implied by Prior 2017's estimate and CI."""
    e = at.prior2017()
    expected = trials.p_from_ci(e.value, e.low, e.high)
    reported = evidence.value(e.fact_id, "p_value")
    one_sided = expected / 2
    z = e.value / trials.se_from_ci(e.low, e.high)
    # "to 1 significant figure": half a unit of the first significant digit
    unit = 10.0 ** math.floor(math.log10(expected))
    tol = 0.5 * unit * (1 + 1e-9)
    return check_number(
        answer, expected, abs_tol=tol, name="your p",
        hint="z = estimate / SE; p = 2 x (1 - Phi(|z|)), e.g. "
             "math.erfc(abs(z) / math.sqrt(2)).",
        mistakes=[
            (reported, "That is the p the abstract reports. Compute it from the CI: it "
                       "should come out close to, but not exactly, the reported value.",
             0.02),
            (one_sided, "That is one-sided. Double it: the test is two-sided.", 0.05),
            (z, "That is z (estimate / SE), not p. Turn z into a two-sided p with "
                "math.erfc(abs(z) / math.sqrt(2)).", 0.02),
            *near_miss(expected, abs_tol=tol),
        ])


@answer_key
def se_whi_fracture(answer) -> Feedback:
    """Q9: the SE of the log hazard ratio behind WHI's HR 0.76 (0.69 to 0.83)."""
    f = at.whi_hazard_ratios()["confirmed osteoporotic fractures"]
    expected = trials.se_from_ci(f.low, f.high, ratio=True)
    natural = trials.se_from_ci(f.low, f.high)
    return check_number(
        answer, expected, decimals=3, units="(log scale)", name="your SE",
        hint="Ratios are symmetric on the log scale: SE = (ln(upper) - ln(lower)) / "
             "(2 x 1.96).",
        mistakes=[
            (natural, "That works on the ratio scale. Take natural logs of the limits first "
                      "(math.log): a ratio's CI is symmetric only on the log scale.", 0.01),
            ((math.log10(f.high) - math.log10(f.low)) / (2 * trials.z_for_level(0.95)),
             "That uses log base 10. Use natural logs (math.log).", 0.01),
            *near_miss(expected, decimals=3),
        ])


# --------------------------------------------------------------------------- pooling


def _illustrative_pool(method: str):
    d = at.illustrative_pooling()
    return trials.pool(d.estimates, d.ses, method=method)


@answer_key
def pooled_random(answer) -> Feedback:
    """Q10: the random-effects (DerSimonian-Laird) pooled estimate of the made-up studies."""
    random = _illustrative_pool("random")
    fixed = _illustrative_pool("fixed")
    d = at.illustrative_pooling()
    plain = sum(d.estimates) / len(d.estimates)
    return check_number(
        answer, random.estimate, decimals=2, units="% per year",
        name="your pooled estimate of the made-up studies",
        hint="trials.pool(estimates, ses, method=\"random\").estimate",
        mistakes=[
            (fixed.estimate, "That is the fixed-effect estimate. Random effects add tau² to "
                             "each study's variance before weighting.", 0.002),
            (plain, "That is the plain average. Pooling weights each study by its "
                    "precision (1 / variance).", 0.002),
            *near_miss(random.estimate, decimals=2),
        ])


@answer_key
def i2_percent(answer) -> Feedback:
    """Q11: I² of the made-up studies, in %."""
    r = _illustrative_pool("random")
    return check_number(
        answer, r.i2, decimals=0, units="%", name="your I² of the made-up studies",
        hint="I² = (Q - df) / Q x 100 %, with df = studies - 1 (or trials.pool(...).i2).",
        mistakes=[
            (r.q, "That is Q. I² = (Q - df) / Q, as a percentage.", 0.01),
            (r.tau2, "That is tau², the between-study variance. I² is a percentage.", 0.01),
            ((r.q - r.k) / r.q * 100, "df is the number of studies minus one.", 0.005),
            *near_miss(r.i2, decimals=0),
        ])


I2_OPTIONS = ("a", "b", "c", "d")
I2_STATEMENTS = {
    "a": "I² % of the studies found an effect.",
    "b": "I² % of the variation between the study results comes from real differences "
         "between the studies rather than chance: they seem to measure different true "
         "effects.",
    "c": "We can be I² % sure the pooled estimate is right.",
    "d": "The studies agree closely, so fixed and random effects must give the same answer.",
}


@answer_key
def i2_meaning(answer) -> Feedback:
    """Q12: what the I² the student computed in Q11 means (a letter from I2_STATEMENTS)."""
    return check_choice(
        answer, "b", I2_OPTIONS,
        hint="I² is the share of the variation between study results that is beyond "
             "sampling error (chance).",
        wrong_hints={
            "a": "I² is not a count of studies. It describes how much the results vary "
                 "beyond chance.",
            "c": "I² says nothing about certainty in the pooled estimate; its CI does that. "
                 "(With three studies, I² is itself very uncertain.)",
            "d": "A large I² means the studies disagree more than chance explains.",
        })


# --------------------------------------------------------------------------- the in-silico trial


@answer_key
def women_per_arm(answer, sd_per_year=PRACTICE["sample_size"]["sd_per_year"],
                  half_width=PRACTICE["sample_size"]["half_width"]) -> Feedback:
    """Q13: women per arm for a 95 % CI of +/- `half_width` on a difference between two arms,
    when each woman's yearly change has SD `sd_per_year` (practice numbers)."""
    z = trials.z_for_level(0.95)
    exact = 2.0 * (z * sd_per_year / half_width) ** 2
    one_arm = exact / 2
    return check_range(
        answer, exact - 0.5, math.ceil(exact) + 0.5, units="women per arm",
        name="your number",
        hint="The SE of a difference between two arms of n women is SD x sqrt(2 / n); "
             "solve 1.96 x SD x sqrt(2 / n) = half-width for n.",
        mistakes=[
            (one_arm, "That gives one arm's mean that precision. A difference between two "
                      "arms carries both arms' errors: SE = SD x sqrt(2 / n).", 0.02),
            (2.0 * (sd_per_year / half_width) ** 2, "You left out 1.96: a 95 % CI spans "
                                                    "1.96 SE each side.", 0.02),
            (2.0 * z * sd_per_year / half_width, "Square it: n grows with the square of "
                                                 "SD / half-width.", 0.02),
        ])


AGREEMENT_OPTIONS = ("a", "b", "c", "d")
AGREEMENT_STATEMENTS = {
    "a": "The in-silico trial confirms PEPI independently: two separate lines of evidence "
         "now agree.",
    "b": "Agreement is expected: the model was calibrated to PEPI's placebo and EPT arms and "
         "to the Prior 2017 difference, so it shows the model is consistent with them, not "
         "that they are right.",
    "c": "Where the model and PEPI differ, PEPI must be wrong.",
    "d": "The in-silico CI is narrower than PEPI's, so the model is more reliable than the "
         "trial.",
}


@answer_key
def insilico_agreement(answer) -> Feedback:
    """Q14: how to read the in-silico trial's agreement with PEPI (a letter)."""
    return check_choice(
        answer, "b", AGREEMENT_OPTIONS,
        hint="Ask what the model was fitted to (its calibration targets).",
        wrong_hints={
            "a": "The model is not a separate line of evidence: it was tuned to PEPI and "
                 "Prior 2017, so agreeing with them is by construction.",
            "c": "A model is checked against trials, not the other way round.",
            "d": "The CI of a simulated trial narrows with simulated women; it measures the "
                 "model's own noise, not how true the model is.",
        })


# --------------------------------------------------------------------------- the judgement

#: The key points a judgement is read for: (name, patterns, hint when missing, denials). Any
#: conclusion passes; a point counts when any of its patterns occurs in the text and none of
#: its denials (phrases that argue against the point) does. The first point needs an absolute
#: figure with its unit (a number per 10,000 or per 1,000, woman-years, NNT/NNH, "one in N",
#: percentage points): the bare words "absolute", "excess" or "per year" are not reasoning.
_NUMBER = r"\d[\d,.]*"
_ROUND = r"(?:100|1[\s,.]?000|10[\s,.]?000|100[\s,.]?000)"
_NEGATED = r"(?:never|don'?t|do\s+not|does\s+not|doesn'?t|did\s+not|didn'?t|cannot|can'?t)"
KEY_POINTS: tuple[tuple[str, tuple[str, ...], str, tuple[str, ...]], ...] = (
    ("absolute vs relative risk",
     (rf"\b{_NUMBER}\s+(?:\S+\s+){{0,6}}?per\s*{_ROUND}\b",
      rf"\bper\s*{_ROUND}\b\s+(?:\S+\s+){{0,8}}?{_NUMBER}",
      rf"\b(?:for|in|among|out\s+of|of)\s+(?:every\s+)?{_ROUND}\s+(?:women|woman|people|"
      r"persons?|patients|users)\b",
      rf"\b{_NUMBER}\s+(?:woman|women|person|patient)[- ]years?\b",
      rf"\b(?:nnt|nnh|number\s+needed\s+to\s+(?:treat|harm))\b\W+(?:\S+\s+){{0,4}}?"
      rf"(?:about\s+|roughly\s+|around\s+)?{_NUMBER}",
      rf"\b{_NUMBER}\s+(?:women|people|patients)\s+(?:\S+\s+){{0,5}}?(?:to\s+)?(?:prevent|"
      r"avoid|cause|spare)\s+one\b",
      r"\bone\s+(?:\S+\s+){0,2}?in\s+(?:every\s+)?\d",
      rf"\b{_NUMBER}\s*(?:percentage[- ]points?|%[- ]points?)"),
     "Give the absolute size of the effects with its unit: events per 10,000 woman-years "
     "(e.g. 5 fewer hip fractures per 10,000 woman-years), or an NNT/NNH, not only hazard "
     "ratios, and not only the word 'absolute'.",
     (rf"absolute\s+(?:numbers?|risks?|terms|differences?|figures?|counts?|rates?|effects?)\s+"
      rf"(?:\S+\s+){{0,3}}?{_NEGATED}\s+matter",
      rf"{_NEGATED}\s+(?:\S+\s+){{0,2}}?(?:look\s+at|count|use|consider|need)\s+(?:the\s+)?"
      r"absolute",
      r"relative\s+risks?\s+(?:\S+\s+){0,2}?(?:is|are)\s+all\s+that\s+(?:matters?|counts?)",
      r"only\s+(?:the\s+)?relative\s+risks?\s+(?:matters?|counts?)",
      r"absolute\s+(?:\S+\s+){0,2}?(?:is|are)\s+(?:irrelevant|meaningless|unimportant|"
      r"misleading|pointless)")),
    ("who the women were",
     (r"\bage[sd]?\b", r"\bolder\b", r"\byounger\b", r"\b50\b", r"\b79\b", r"\b60s?\b",
      r"sixties", r"fifties", r"healthy", r"uterus", r"\bwomb\b", r"years?\s+(?:after|since|"
      r"past)\s+(?:the\s+)?menopause", r"primary\s+prevention", r"population",
      r"\b(?:with|without|not|no|had|has|have)\s+(?:\w+\s+){0,2}osteoporo",
      r"osteoporo\w*\s+(?:patients|women)", r"participants", r"volunteers", r"generali[sz]",
      r"apply\s+to", r"women\s+like", r"symptom", r"recently\s+menopausal",
      r"early\s+menopaus"),
     "Say who the WHI women were (healthy, aged 50-79, with a uterus, mostly years past "
     "menopause; not chosen for osteoporosis) and whether the result applies to others.",
     (rf"(?:who\s+the\s+women\s+were|(?:her|their|the\s+women'?s?)\s+age|population|"
      rf"participants)\s+(?:\S+\s+){{0,2}}?{_NEGATED}\s+matter",
      r"(?:results?|findings?|trial|it)\s+appl(?:y|ies)\s+(?:equally\s+)?to\s+(?:all|every|"
      r"any)\s+(?:\S+\s+)?wom[ae]n",
      r"(?:same|identical)\s+for\s+(?:all|every|any)\s+wom[ae]n")),
    ("what the trial tested",
     (r"\bcee\b", r"conjugated", r"equine", r"\bmpa\b", r"medroxyprogesterone",
      r"regimen", r"\boral\b", r"micronized", r"micronised", r"\bdose", r"\broutes?\b",
      r"transdermal", r"\bpatch", r"formulation", r"not\s+tested",
      r"\b(?:other|another|different|which|synthetic)\s+progest",
      r"\b(?:only|one|single)\s+(?:\w+\s+){0,2}(?:regimen|combination|drug|treatment|pill|"
      r"tablet|preparation|product)"),
     "Say what WHI actually tested (oral CEE 0.625 mg with MPA 2.5 mg daily) and that "
     "other hormones, doses or routes were not tested.",
     (r"(?:same|identical|equivalent)\s+(?:as|to)\s+(?:every|all|any)\s+(?:other\s+)?"
      r"(?:\S+\s+)?(?:hormones?|hrt|estrogens?|oestrogens?|progest\w*|regimens?|therap\w*|"
      r"treatments?|preparations?|products?|pills?)",
      r"(?:all|every|any)\s+(?:\S+\s+)?(?:hormones?|hrt|regimens?|estrogens?|oestrogens?|"
      r"progest\w*|therap\w*|pills?)\s+(?:are|is|acts?|works?|behaves?)\s+(?:\S+\s+){0,2}?"
      r"(?:the\s+)?same",
      rf"(?:doses?|routes?|formulations?|regimens?|type\s+of\s+hormone|which\s+hormone|"
      rf"progestins?|progestogens?)\s+(?:\S+\s+){{0,2}}?{_NEGATED}\s+matter",
      r"no\s+difference\s+between\s+(?:\S+\s+){0,2}?(?:hormones|regimens|progest\w+|"
      r"estrogens|routes|doses)")),
    ("the harms",
     (r"breast", r"stroke", r"\bclots?\b", r"embol", r"thrombo", r"\bvte\b", r"heart",
      r"\bchd\b", r"coronary"),
     "Weigh the harms (breast cancer, stroke, clots, heart attacks) in the same units as "
     "the fractures prevented.",
     (r"\bno\s+(?:\S+\s+)?(?:excess|extra|added|additional|increased|real)\s+(?:\S+\s+)?"
      r"(?:risks?|harms?|events?|cases?)",
      r"\b(?:no|zero|without\s+any)\s+harms?\b(?!\s+(?:to|in)\b)",
      r"harms?\s+(?:\S+\s+){0,2}?(?:are|is|were|was)\s+(?:negligible|irrelevant|meaningless|"
      r"imaginary|nonexistent|non-existent|not\s+real)",
      rf"(?:risks?|harms?|side\s+effects?)\s+(?:\S+\s+){{0,2}}?{_NEGATED}\s+matter",
      r"\b(?:is|are|was|were)\s+(?:completely\s+|perfectly\s+|totally\s+|entirely\s+)?"
      r"(?:safe|harmless|risk-free)\b")),
    ("the benefits",
     (r"fracture", r"\bbone\s+(?:density|mass|loss)", r"\bbmd\b", r"\bhips?\b",
      r"\bbrok(?:e|en)\b", r"colorectal", r"bowel"),
     "Name the benefit being weighed (fractures prevented) next to the harms.",
     (rf"(?:fractures?|benefits?)\s+(?:\S+\s+){{0,2}}?{_NEGATED}\s+matter",
      r"\b(?:no|zero)\s+(?:fracture\s+|bone\s+)?benefits?\s+(?:at\s+all|whatsoever)",
      r"(?:did|does)\s+not\s+(?:prevent|reduce)\s+(?:any\s+)?fractures")),
)
MIN_WORDS = 40
MAX_CHARS = 20_000


@answer_key
def benefit_harm_judgement(answer) -> Feedback:
    """Q15: a written benefit-harm judgement on WHI E+P, read for its reasoning.

    Any conclusion is acceptable; the check looks for the key points in `KEY_POINTS` and does
    not credit a point the text argues against (its denials); an instructor reads the text
    too. The engine's `check_text` reads at most the first 20,000 characters.
    """
    return check_text(answer, KEY_POINTS, min_words=MIN_WORDS, max_chars=MAX_CHARS,
                      name="your judgement",
                      correct_note="(Any conclusion is acceptable; this check is a first "
                                   "reading of the reasoning: absolute numbers with their "
                                   "units, who the women were, what was tested, harms beside "
                                   "benefits. An instructor reads your text too.)")
