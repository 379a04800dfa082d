"""Named hormone schedules: what presets, lessons and in-silico trials use.

Levels are relative to the reference ovulatory premenopausal woman (1.0), averaged over her
cycle. How a drug dose maps to a level is a MODEL ASSUMPTION, stated next to each regimen;
the evidence file gives only the anchors (postmenopausal estradiol and progesterone are
roughly an order of magnitude or more below premenopausal values: estradiol_reference_ranges,
progesterone_cycle_reference_ranges; MPA activates the glucocorticoid receptor, progesterone
much less: mpa_glucocorticoid_receptor).

A history is built by chaining runs:
    s = simulate(regimen("menopause_transition"), years=3).final
    simulate(regimen("postmenopause"), years=5, start=s)
or in one call, with names or Hormones, for one woman or for a cohort:
    history([("menopause_transition", 3), ("postmenopause", 5)], site="hip")
    women = cohort_history([("menopause_transition", 3), ("postmenopause", 5)], n=1000)
    simulate_cohort(regimen("estrogen"), years=3, start=women.final)   # the same women on
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import (
    CohortResult,
    Hormones,
    Result,
    cyclic,
    sigmoid_ramp,
    simulate_cohort_history,
    simulate_history,
)

# Model assumptions (relative levels), one place.
POSTMENOPAUSAL_ESTRADIOL = 0.1       # an order of magnitude below the reference woman
POSTMENOPAUSAL_PROGESTERONE = 0.05   # no luteal phase
ANOVULATORY_PROGESTERONE = 0.2       # follicular-phase levels all month
ESTROGEN_THERAPY_ESTRADIOL = 1.0     # CEE 0.625 mg/d restores estrogen signalling to reference
MPA_2_5_CONTINUOUS = 0.85            # PR signal of MPA 2.5 mg/d, every day (set in calibration)
MPA_10_ON_DAYS = 3.0                 # PR signal of MPA 10 mg/d on the days it is taken
MICRONIZED_200_ON_DAYS = 2.0         # PR signal of micronized progesterone 200 mg/d on its days
MICRONIZED_300_DAILY = 1.5           # micronized progesterone 300 mg/d, every day
MPA_GLUCOCORTICOID = {2.5: 0.05, 10.0: 0.1}   # extra cortisol-like (GR) activity of MPA by mg/d
FMP_DAY = 365.0                      # final menstrual period, 1 year into the transition run

# Tier 2 additions (model assumptions, like the ones above; none is a measured level).
TESTOSTERONE_THERAPY = 2.0           # low-dose transdermal testosterone: androgen signal 2x the
                                     # reference woman (top of the premenopausal range assumed)
AROMATISED_ESTRADIOL = 0.05          # estradiol made from that testosterone by aromatase
AROMATASE_INHIBITOR_ESTRADIOL = 0.02  # an aromatase inhibitor removes most of the estradiol a
                                     # postmenopausal woman still makes (a fifth is left)
PROGESTERONE_CREAM = 0.15            # 20 mg/d cream: serum levels stay far below luteal ones
MICRONIZED_300_ON_DAYS = MICRONIZED_300_DAILY   # 300 mg at bedtime on the days it is taken


@dataclass(frozen=True)
class _Entry:
    description: str
    build: object


def _mpa_cortisol(mg: float, days_on: int | None = None, period: int = 30):
    extra = MPA_GLUCOCORTICOID[mg]
    if days_on is None:
        return 1.0 + extra
    return cyclic(1.0 + extra, 1.0, days_on, period)


_REGIMENS: dict[str, _Entry] = {
    "reference": _Entry(
        "Reference: healthy ovulatory premenopausal woman (all inputs 1)",
        lambda: Hormones()),
    "anovulatory": _Entry(
        "Regular bleeding but no ovulation, so little luteal progesterone (a subclinical "
        "ovulatory disturbance)",
        lambda: Hormones(progesterone=ANOVULATORY_PROGESTERONE)),
    "menopause_transition": _Entry(
        "Menopause transition: from 1 year before the final period, estradiol and "
        "progesterone fall (runs on as postmenopause)",
        lambda: Hormones(
            estradiol=sigmoid_ramp(1.0, POSTMENOPAUSAL_ESTRADIOL, FMP_DAY - 30.0, 75.0),
            progesterone=sigmoid_ramp(1.0, POSTMENOPAUSAL_PROGESTERONE, FMP_DAY - 180.0, 60.0))),
    "postmenopause": _Entry(
        "Postmenopause, no therapy: low estradiol, no luteal progesterone",
        lambda: Hormones(estradiol=POSTMENOPAUSAL_ESTRADIOL,
                         progesterone=POSTMENOPAUSAL_PROGESTERONE)),
    "estrogen": _Entry(
        "Postmenopause on estrogen therapy (CEE 0.625 mg/d or equivalent)",
        lambda: Hormones(estradiol=ESTROGEN_THERAPY_ESTRADIOL,
                         progesterone=POSTMENOPAUSAL_PROGESTERONE)),
    "estrogen_progestin_mpa": _Entry(
        "Postmenopause on CEE 0.625 mg/d + continuous MPA 2.5 mg/d",
        lambda: Hormones(estradiol=ESTROGEN_THERAPY_ESTRADIOL, progesterone=MPA_2_5_CONTINUOUS,
                         cortisol=_mpa_cortisol(2.5))),
    "estrogen_progestin_mpa_cyclic": _Entry(
        "Postmenopause on CEE 0.625 mg/d + MPA 10 mg/d for 12 days a month",
        lambda: Hormones(estradiol=ESTROGEN_THERAPY_ESTRADIOL,
                         progesterone=cyclic(MPA_10_ON_DAYS, POSTMENOPAUSAL_PROGESTERONE, 12),
                         cortisol=_mpa_cortisol(10.0, 12))),
    "estrogen_micronized_progesterone": _Entry(
        "Postmenopause on CEE 0.625 mg/d + micronized progesterone 200 mg/d, 12 days a month",
        lambda: Hormones(estradiol=ESTROGEN_THERAPY_ESTRADIOL,
                         progesterone=cyclic(MICRONIZED_200_ON_DAYS,
                                             POSTMENOPAUSAL_PROGESTERONE, 12))),
    "progesterone_alone": _Entry(
        "Postmenopause on micronized progesterone 300 mg/d alone (no estrogen)",
        lambda: Hormones(estradiol=POSTMENOPAUSAL_ESTRADIOL, progesterone=MICRONIZED_300_DAILY)),
    "cyclic_progestin": _Entry(
        "Anovulatory cycles + MPA 10 mg/d for 10 days a month",
        lambda: Hormones(progesterone=cyclic(MPA_10_ON_DAYS, ANOVULATORY_PROGESTERONE, 10),
                         cortisol=_mpa_cortisol(10.0, 10))),
    "transdermal_estradiol_micronized_progesterone": _Entry(
        "Postmenopause on transdermal estradiol (50 mcg/day patch) + oral micronized "
        "progesterone 200 mg/d, 12 days a month (route is not in the model: for bone it "
        "runs like the oral regimen)",
        lambda: Hormones(estradiol=ESTROGEN_THERAPY_ESTRADIOL,
                         progesterone=cyclic(MICRONIZED_200_ON_DAYS,
                                             POSTMENOPAUSAL_PROGESTERONE, 12))),
    "cyclic_progesterone_perimenopause": _Entry(
        "Anovulatory cycles + oral micronized progesterone 300 mg at bedtime on cycle days "
        "14-27 (14 of every 28 days)",
        lambda: Hormones(progesterone=cyclic(MICRONIZED_300_ON_DAYS, ANOVULATORY_PROGESTERONE,
                                             14, 28))),
    "progesterone_cream": _Entry(
        "Postmenopause on progesterone cream 20 mg/d alone (little reaches the blood)",
        lambda: Hormones(estradiol=POSTMENOPAUSAL_ESTRADIOL, progesterone=PROGESTERONE_CREAM)),
    "testosterone": _Entry(
        "Postmenopause on low-dose transdermal testosterone alone (a little of it becomes "
        "estradiol)",
        lambda: Hormones(estradiol=POSTMENOPAUSAL_ESTRADIOL + AROMATISED_ESTRADIOL,
                         progesterone=POSTMENOPAUSAL_PROGESTERONE,
                         testosterone=TESTOSTERONE_THERAPY)),
    "aromatase_inhibitor": _Entry(
        "Postmenopause on an aromatase inhibitor (anastrozole 1 mg/d): estradiol suppressed",
        lambda: Hormones(estradiol=AROMATASE_INHIBITOR_ESTRADIOL,
                         progesterone=POSTMENOPAUSAL_PROGESTERONE)),
    "high_cortisol": _Entry(
        "Sustained glucocorticoid excess (cortisol-like activity 3x reference)",
        lambda: Hormones(cortisol=3.0)),
    "hyperthyroid": _Entry(
        "Thyroid hormone excess (2x reference)",
        lambda: Hormones(thyroid=2.0)),
}

REGIMEN_NAMES: tuple[str, ...] = tuple(_REGIMENS)


def _entry(name: str, argument: str = "name", or_hormones: bool = False) -> _Entry:
    if not isinstance(name, str) or name not in _REGIMENS:
        shown = repr(name) if len(repr(name)) <= 60 else repr(name)[:57] + "..."
        kinds = "a Hormones or one of" if or_hormones else "one of"
        raise ValueError(f"unknown regimen {shown}: {argument} must be {kinds} "
                         f"{', '.join(REGIMEN_NAMES)}")
    return _REGIMENS[name]


def regimen(name: str) -> Hormones:
    """The Hormones of a named regimen; an unknown name raises ValueError listing the names."""
    return _entry(name).build()


def describe(name: str) -> str:
    """One line describing a named regimen (for dropdowns and tables)."""
    return _entry(name).description


def hormones_of(what) -> Hormones:
    """A regimen name or a Hormones, as a Hormones (unknown name: ValueError listing names)."""
    return what if isinstance(what, Hormones) else _entry(what, "what", True).build()


def _resolved(segments) -> list:
    if isinstance(segments, str | Hormones) or not isinstance(segments, list | tuple) \
            or not segments:
        raise ValueError("segments must be a non-empty list of (regimen name or Hormones, "
                         "years) pairs")
    pairs = []
    for k, item in enumerate(segments):
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise ValueError(f"segments[{k}] must be a pair (regimen name or Hormones, years); "
                             f"got {item!r}")
        h = item[0] if isinstance(item[0], Hormones) else _entry(
            item[0], f"segments[{k}][0]", True).build()
        pairs.append((h, item[1]))
    return pairs


def history(segments, site: str = "spine", **options) -> Result:
    """One woman's history: [(regimen name or Hormones, years), ...] lived in turn, as one
    continuous Result (`course_lib.model.simulate_history`; options: start, dt_days)."""
    return simulate_history(_resolved(segments), site=site, **options)


def cohort_history(segments, n: int | None = None, site: str = "spine",
                   **options) -> CohortResult:
    """A cohort's history: the same women live each (regimen name or Hormones, years) in
    turn (`course_lib.model.simulate_cohort_history`; options: variability, seed, start,
    dt_days). Its `.final` starts a trial: ``simulate_cohort(h, 3, start=c.final)``."""
    return simulate_cohort_history(_resolved(segments), n=n, site=site, **options)
