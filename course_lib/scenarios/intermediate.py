"""Tier 2's named model runs: lessons 2.1-2.6, their exercise sets and answer keys share them.

Every run here is model output, not data. A therapy is run after a *history* (what the woman
lived before it started), named in `HISTORIES`; its BMD is % of the value on the day the
therapy starts, so two therapies after the same history can be compared directly::

    from course_lib.scenarios import intermediate as s2
    pair = s2.side_by_side("estrogen", "estrogen_progestin_mpa", years=3, history="pepi")
    pair.difference_percent_per_year  # EPT minus ET, %/year (model output)

The published figures the runs are set against are read from `course_lib.evidence` by fact
id (the `*_FACT` names below), never typed here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from course_lib import evidence
from course_lib.calibration import PEPI_HISTORY
from course_lib.model import Hormones, Result, State, simulate
from course_lib.regimens import POSTMENOPAUSAL_ESTRADIOL, regimen
from course_lib.regimens import history as regimen_history
from course_lib.scenarios.fundamentals import lsc_crossing, typical_precision

__all__ = [
    "HISTORIES", "HISTORY_LABELS", "SITES", "META_FACT", "PEPI_FACT", "PROGESTIN_ALONE_FACT",
    "MARKERS_FACT", "IBIS2_FACT", "PEPI_ANNUAL_FACT", "LEONETTI_FACT", "GALLAGHER_FACT",
    "history_run", "history_state", "therapy_run", "therapy_change", "side_by_side",
    "interplay_runs", "aromatisation_split", "progesterone_alone_grid", "progestin_alone_trials",
    "meta_analysis", "et_ept_gap", "et_ept_gap_per_year", "pepi_comparison",
    "pepi_other_figures",
    "monitoring_after_start", "aromatase_inhibitor_comparison", "milieu_runs",
    "Preset", "EXPLORER_PRESETS", "preset",
]

SITES = ("spine", "hip")

#: What a woman lived before a therapy starts: chained (regimen, years) segments.
HISTORIES: dict[str, tuple[tuple[str, float], ...]] = {
    "none": (),                                             # the reference premenopausal woman
    "early_postmenopause": (("menopause_transition", 3),),  # starts 2 years after the last period
    "pepi": tuple(PEPI_HISTORY),                            # a few years past menopause (PEPI)
    "late_postmenopause": (("menopause_transition", 3), ("postmenopause", 10)),
}
HISTORY_LABELS = {
    "none": "none (premenopausal start)",
    "early_postmenopause": "early postmenopause (2 years after the last period)",
    "pepi": "a few years past menopause (as in PEPI: 5 years after the last period)",
    "late_postmenopause": "late postmenopause (12 years after the last period)",
}

META_FACT = "ept_vs_et_spine_meta_prior2017"
PEPI_FACT = "pepi_bmd_36mo_abstract"
PEPI_ANNUAL_FACT = "pepi_annualized_cee_vs_cee_mpa"     # PEPI per year (Seifert-Klauss 2010)
PROGESTIN_ALONE_FACT = "progestin_alone_postmenopausal_rcts"
MARKERS_FACT = "bone_markers_vs_bmd_time_course"
IBIS2_FACT = "ibis2_anastrozole_vs_placebo_bmd_3y"


# --------------------------------------------------------------------------- checks


def _history_name(history: str) -> str:
    if not isinstance(history, str) or history not in HISTORIES:
        raise ValueError(f"history must be one of {', '.join(map(repr, HISTORIES))}; "
                         f"got {history!r}")
    return history


def _site(site: str) -> str:
    if not isinstance(site, str) or site not in SITES:
        raise ValueError(f"site must be one of {', '.join(map(repr, SITES))}; got {site!r}")
    return site


def _years(years, name: str = "years", low: float = 0.25, high: float = 30.0) -> float:
    if isinstance(years, bool) or not isinstance(years, int | float) or not low <= years <= high:
        raise ValueError(f"{name} must be a number of years from {low:g} to {high:g}; "
                         f"got {years!r}")
    return float(years)


def _therapy(what) -> Hormones:
    """A regimen name (see `course_lib.regimens`) or a Hormones."""
    return what if isinstance(what, Hormones) else regimen(what)


# --------------------------------------------------------------------------- histories


@lru_cache(maxsize=32)
def history_run(history: str = "early_postmenopause", site: str = "spine") -> Result | None:
    """The history itself as one run (BMD % of its start), or None for "none"."""
    segments = HISTORIES[_history_name(history)]
    if not segments:
        return None
    return regimen_history(list(segments), site=_site(site))


def history_state(history: str = "early_postmenopause", site: str = "spine") -> State:
    """The state on the day a therapy starts after `history` at `site`."""
    run = history_run(history, site)
    return State.reference(_site(site)) if run is None else run.final


def therapy_run(what, years: float = 3, site: str = "spine",
                history: str = "early_postmenopause") -> Result:
    """A regimen (name or Hormones) held for `years` after `history`; BMD is % of its value on
    the day the therapy starts (model output)."""
    return simulate(_therapy(what), years=_years(years), site=_site(site),
                    start=history_state(history, site))


@lru_cache(maxsize=256)
def _change(name: str, years: float, site: str, history: str) -> float:
    return therapy_run(name, years, site, history).bmd_change


def therapy_change(name: str, years: float = 3, site: str = "spine",
                   history: str = "early_postmenopause") -> float:
    """BMD change (percentage points) over `years` of a named regimen after `history`."""
    return _change(name, _years(years), _site(site), _history_name(history))


@dataclass(frozen=True)
class SideBySide:
    """Two regimens after the same history (model output)."""

    history: Result | None      # the history lived before both (None for "none")
    run_a: Result
    run_b: Result
    years: float                # years of therapy
    site: str

    @property
    def change_a_percent(self) -> float:
        """A's BMD change over the therapy years, percentage points."""
        return self.run_a.bmd_change

    @property
    def change_b_percent(self) -> float:
        """B's BMD change over the therapy years, percentage points."""
        return self.run_b.bmd_change

    @property
    def difference_percent_per_year(self) -> float:
        """B minus A, averaged over the therapy years, % per year."""
        return (self.change_b_percent - self.change_a_percent) / self.years


def side_by_side(a, b, years: float = 3, site: str = "spine",
                 history: str = "early_postmenopause") -> SideBySide:
    """Two regimens after the same history: a `SideBySide` (model output)."""
    years = _years(years)
    return SideBySide(history=history_run(history, site),
                      run_a=therapy_run(a, years, site, history),
                      run_b=therapy_run(b, years, site, history), years=years, site=site)


# --------------------------------------------------------------------------- explorer presets


@dataclass(frozen=True)
class Preset:
    """A named state or therapy of the Tier 2 hormone explorer. A state carries the history
    it implies (e.g. late postmenopause); a therapy (history None) keeps the history chosen
    for its side. A therapy given at one stage of life (cyclic progesterone in perimenopause)
    carries that stage as its history and sets ``therapy=True``: it still shows its harms."""

    label: str
    regimen: str
    history: str | None = None
    therapy: bool = False

    @property
    def is_therapy(self) -> bool:
        return self.therapy or self.history is None


EXPLORER_PRESETS: dict[str, Preset] = {
    "ovulatory_premenopause": Preset("ovulatory premenopause", "reference", "none"),
    "anovulatory_cycles": Preset("anovulatory cycles", "anovulatory", "none"),
    "early_postmenopause": Preset("early postmenopause, no therapy", "postmenopause",
                                  "early_postmenopause"),
    "late_postmenopause": Preset("late postmenopause, no therapy", "postmenopause",
                                 "late_postmenopause"),
    "estrogen_therapy": Preset("estrogen therapy (ET)", "estrogen"),
    "ept_mpa": Preset("EPT with MPA", "estrogen_progestin_mpa"),
    "ept_micronized_progesterone": Preset("EPT with micronized progesterone",
                                          "estrogen_micronized_progesterone"),
    "transdermal_estradiol_oral_progesterone": Preset(
        "transdermal estradiol + oral micronized progesterone",
        "transdermal_estradiol_micronized_progesterone"),
    "progesterone_alone": Preset("progesterone alone", "progesterone_alone"),
    "progesterone_cream": Preset("progesterone cream", "progesterone_cream"),
    "testosterone": Preset("testosterone", "testosterone"),
    "aromatase_inhibitor": Preset("aromatase inhibitor", "aromatase_inhibitor"),
    "cyclic_progesterone_perimenopause": Preset("cyclic progesterone, perimenopause",
                                                "cyclic_progesterone_perimenopause", "none",
                                                therapy=True),
}


def preset(key: str) -> Preset:
    """An explorer preset by key; an unknown key raises ValueError listing the keys."""
    if not isinstance(key, str) or key not in EXPLORER_PRESETS:
        raise ValueError(f"preset must be one of {', '.join(EXPLORER_PRESETS)}; got {key!r}")
    return EXPLORER_PRESETS[key]


# --------------------------------------------------------------------------- lesson 2.1


#: One hormone lowered at a time (relative levels; everything else at reference).
INTERPLAY_LEVELS = {
    "reference": {},
    "estradiol low (0.3)": {"estradiol": 0.3},
    "progesterone low (0.2)": {"progesterone": 0.2},
    "testosterone low (0.3)": {"testosterone": 0.3},
}


@lru_cache(maxsize=16)
def _level_runs(table: str, years: float, site: str) -> tuple:
    levels = {"interplay": INTERPLAY_LEVELS, "milieu": MILIEU}[table]
    return tuple((label, simulate(Hormones(**lv), years=years, site=site))
                 for label, lv in levels.items())


def interplay_runs(years: float = 10, site: str = "spine") -> dict[str, Result]:
    """One hormone lowered at a time, premenopausal start: which side of the balance moves?"""
    return dict(_level_runs("interplay", _years(years), _site(site)))


@dataclass(frozen=True)
class AromatisationSplit:
    """Testosterone therapy split into its two routes (model output): the same therapy with
    and without the estradiol aromatase makes from it, beside no therapy, after one history.
    How much estradiol that is, is a model assumption (`regimens.AROMATISED_ESTRADIOL`)."""

    runs: dict              # label -> Result, the three labels below in that order
    years: float
    site: str
    history: str

    NO_THERAPY = "no therapy"
    ANDROGEN_ONLY = "testosterone, no aromatised E2"
    AS_GIVEN = "testosterone with aromatised E2"

    @property
    def androgen_part(self) -> float:
        """BMD change (pp) the androgen route adds: testosterone without its estradiol minus
        no therapy."""
        return self.runs[self.ANDROGEN_ONLY].bmd_change - self.runs[self.NO_THERAPY].bmd_change

    @property
    def estradiol_part(self) -> float:
        """BMD change (pp) its aromatised estradiol adds: the therapy as given minus the same
        therapy without that estradiol."""
        return self.runs[self.AS_GIVEN].bmd_change - self.runs[self.ANDROGEN_ONLY].bmd_change

    @property
    def total(self) -> float:
        """The therapy's whole effect (pp): as given minus no therapy."""
        return self.androgen_part + self.estradiol_part


def aromatisation_split(years: float = 3, site: str = "spine",
                        history: str = "pepi") -> AromatisationSplit:
    """Lesson 2.1: testosterone therapy (`regimens` "testosterone") after `history`, as given
    and with estradiol held at the postmenopausal level (no aromatised estradiol: the androgen
    route alone), beside no therapy. No real treatment removes only the aromatised part (an
    aromatase inhibitor also removes the woman's own estradiol): this is a model experiment."""
    years, site, history = _years(years), _site(site), _history_name(history)
    therapy = regimen("testosterone")
    regimens = {AromatisationSplit.NO_THERAPY: regimen("postmenopause"),
                AromatisationSplit.ANDROGEN_ONLY: replace(therapy,
                                                          estradiol=POSTMENOPAUSAL_ESTRADIOL),
                AromatisationSplit.AS_GIVEN: therapy}
    return AromatisationSplit({label: therapy_run(h, years, site, history)
                               for label, h in regimens.items()}, years, site, history)


# --------------------------------------------------------------------------- lesson 2.4


#: The four regimens of the progesterone-alone comparison (rows of lesson 2.4's table).
PROGESTERONE_GRID = ("postmenopause", "progesterone_alone", "estrogen",
                     "estrogen_micronized_progesterone")


def progesterone_alone_grid(years: float = 3, site: str = "spine",
                            histories=("early_postmenopause", "late_postmenopause"),
                            effects: bool = True) -> dict:
    """{history: {regimen: change (pp)}} plus, per history, the effect of progesterone
    without estradiol (``p_alone_effect``) and with it (``p_with_e2_effect``), in %/year.
    ``effects=False`` leaves those two out (exercise 2.4 asks for them)."""
    years = _years(years)
    out = {}
    for h in histories:
        row = {name: therapy_change(name, years, site, h) for name in PROGESTERONE_GRID}
        row["p_alone_effect"] = (row["progesterone_alone"] - row["postmenopause"]) / years
        row["p_with_e2_effect"] = (row["estrogen_micronized_progesterone"]
                                   - row["estrogen"]) / years
        row["turnover_at_start"] = float(history_run(h, site).turnover[-1])
        if not effects:
            del row["p_alone_effect"], row["p_with_e2_effect"]
        out[h] = row
    return out


#: The trials' own reports where the course cites them (Leonetti 1999: its analysed women;
#: Gallagher 1991: its design, through the fact that corrects the review's Table 4).
LEONETTI_FACT = "leonetti1999_progesterone_cream"
GALLAGHER_FACT = "ept_vs_et_per_trial_arm_data"

#: The placebo-controlled trials of Seifert-Klauss & Prior 2010, Table 3: label and the
#: quantity keys of (treated arm, placebo arm, treated n, placebo n). A key is read from
#: PROGESTIN_ALONE_FACT, a (fact, key) pair from that fact; None: no per-arm count is given.
_TRIALS = {
    "gallagher_1991_mpa20": ("Gallagher 1991, MPA 20 mg", "gallagher_mpa_change",
                             "gallagher_placebo_change", "gallagher_n_per_arm",
                             "gallagher_n_per_arm"),
    "leonetti_1999_p4_cream20": ("Leonetti 1999, progesterone cream 20 mg",
                                 "leonetti_cream_change", "leonetti_placebo_change",
                                 (LEONETTI_FACT, "analyzed_cream"),
                                 (LEONETTI_FACT, "analyzed_placebo")),
    "liu_2005_omp300": ("Liu 2005, oral micronized progesterone 300 mg", "liu_omp_change",
                        "liu_placebo_change", None, None),
    "liu_2005_mpa10": ("Liu 2005, MPA 10 mg", "liu_mpa_change", "liu_placebo_change", None,
                       None),
    "mean_omp_and_cream": ("Progesterone trials pooled (cream + oral)",
                           "mean_omp_and_cream_change", "mean_placebo_change",
                           "mean_omp_and_cream_n", "mean_placebo_n"),
}


@dataclass(frozen=True)
class ProgestinTrial:
    """One placebo-controlled progesterone/progestin-alone trial (published, spine)."""

    key: str
    label: str
    n_treated: int | None                   # None where the evidence file has no count
    treated_percent_per_year: float         # annualized spine BMD change, treated arm
    n_placebo: int | None
    placebo_percent_per_year: float
    difference_percent_per_year: float      # treated minus placebo


def progestin_alone_trials() -> list[ProgestinTrial]:
    """The placebo-controlled progesterone/progestin-alone trials in postmenopausal women
    (Seifert-Klauss & Prior 2010, Table 3): label, n (Leonetti 1999's from its own
    report; None where no per-arm count is given) and annual spine change of each arm."""
    def count(key):
        if key is None:
            return None
        fact, key = key if isinstance(key, tuple) else (PROGESTIN_ALONE_FACT, key)
        return int(evidence.value(fact, key))

    rows = []
    for key, (label, treated, placebo, n_t, n_p) in _TRIALS.items():
        rate_t = evidence.value(PROGESTIN_ALONE_FACT, treated)
        rate_p = evidence.value(PROGESTIN_ALONE_FACT, placebo)
        rows.append(ProgestinTrial(
            key=key, label=label, n_treated=count(n_t), treated_percent_per_year=rate_t,
            n_placebo=count(n_p), placebo_percent_per_year=rate_p,
            difference_percent_per_year=rate_t - rate_p))
    return rows


# --------------------------------------------------------------------------- lesson 2.5


@dataclass(frozen=True)
class MetaAnalysis:
    """Prior 2017: the extra spine BMD gain of EPT over ET (published)."""

    estimate_percent_per_year: float
    low_percent_per_year: float             # its 95 % CI
    high_percent_per_year: float
    trials: int                             # RCTs included
    women: int


def meta_analysis() -> MetaAnalysis:
    """Prior 2017: EPT minus ET, spine, %/year, with its 95 % CI (from evidence)."""
    q = evidence.quantity(META_FACT, "weighted_mean_difference_ept_minus_et")
    return MetaAnalysis(
        estimate_percent_per_year=q.value, low_percent_per_year=q.low,
        high_percent_per_year=q.high, trials=int(evidence.value(META_FACT, "rcts_included")),
        women=int(evidence.value(META_FACT, "women")))


def et_ept_gap(years: float = 3, progestogen: str = "estrogen_progestin_mpa",
               site: str = "spine", history: str = "pepi") -> float:
    """Model: EPT minus ET BMD change after `years` (percentage points), same baseline."""
    if progestogen not in ("estrogen_progestin_mpa", "estrogen_progestin_mpa_cyclic",
                           "estrogen_micronized_progesterone",
                           "transdermal_estradiol_micronized_progesterone"):
        raise ValueError("progestogen must name an estrogen + progestogen regimen, e.g. "
                         f"'estrogen_progestin_mpa'; got {progestogen!r}")
    years = _years(years)
    return (therapy_change(progestogen, years, site, history)
            - therapy_change("estrogen", years, site, history))


def et_ept_gap_per_year(years: float = 3, progestogen: str = "estrogen_progestin_mpa",
                        site: str = "spine", history: str = "pepi") -> float:
    """Model: the EPT minus ET gap per year (%/year), to set beside Prior 2017's 0.68."""
    return et_ept_gap(years, progestogen, site, history) / _years(years)


#: PEPI arm -> model regimen (PEPI_HISTORY baseline, 3 years).
PEPI_ARMS = {
    "placebo": "postmenopause",
    "CEE alone": "estrogen",
    "CEE + MPA 10 mg, 12 d/mo": "estrogen_progestin_mpa_cyclic",
    "CEE + MPA 2.5 mg daily": "estrogen_progestin_mpa",
    "CEE + micronized progesterone 200 mg, 12 d/mo": "estrogen_micronized_progesterone",
}


@dataclass(frozen=True)
class PepiArm:
    """One PEPI arm: the model's 3-year BMD change beside the published one."""

    arm: str
    regimen: str
    model_percent: float                    # model output, % change over 3 years
    published_percent: float | None         # None where the abstract gives no per-arm figure


def pepi_comparison(site: str = "spine") -> list[PepiArm]:
    """Each PEPI arm: the model's 3-year change and the published figure where the abstract
    gives one per arm (placebo, CEE + continuous MPA), else None (the per-arm figures of the
    other three arms were not reported in the abstract; their average was)."""
    site = _site(site)
    published = {
        "spine": {"placebo": evidence.value(PEPI_FACT, "placebo_spine"),
                  "CEE + MPA 2.5 mg daily":
                      evidence.value(PEPI_FACT, "cee_plus_continuous_mpa_spine")},
        "hip": {"placebo": evidence.value(PEPI_FACT, "placebo_hip")},
    }[site]
    return [PepiArm(arm=arm, regimen=name, model_percent=therapy_change(name, 3, site, "pepi"),
                    published_percent=published.get(arm))
            for arm, name in PEPI_ARMS.items()]


@dataclass(frozen=True)
class PepiFigure:
    """A published PEPI figure that is not one arm's 36-month change (an average over arms,
    or one arm per year), beside the model's figure of the same kind (model output)."""

    label: str              # what the figure is, e.g. "CEE alone, per year"
    model: float            # the model's figure of the same kind
    published: float        # as published, in `unit`
    unit: str               # "%" (change over 36 months) or "%/yr"
    fact: str               # the evidence fact it is read from


def pepi_other_figures(site: str = "spine") -> list[PepiFigure]:
    """PEPI's published figures that are not per-arm 36-month changes, each beside the same
    kind of model figure: an average of arms from the abstract (the model's mean of the same
    arms), and per-year figures as tabulated by Seifert-Klauss 2010 (the model's 3-year change
    / 3). No published figure is derived here: each is read as published."""
    site = _site(site)
    change = {arm: therapy_change(name, 3, site, "pepi") for arm, name in PEPI_ARMS.items()}
    active = [arm for arm in PEPI_ARMS if arm != "placebo"]
    daily = "CEE + MPA 2.5 mg daily"
    if site == "spine":
        others = [arm for arm in active if arm != daily]
        average = PepiFigure("the other three active arms, average",
                             sum(change[a] for a in others) / len(others),
                             evidence.value(PEPI_FACT, "other_three_active_arms_spine_average"),
                             "%", PEPI_FACT)
        keys = ("cee_alone_spine_pct_per_year", "cee_mpa_cont_spine_pct_per_year")
    else:
        average = PepiFigure("all four active arms, average",
                             sum(change[a] for a in active) / len(active),
                             evidence.value(PEPI_FACT, "active_hip_mean"), "%", PEPI_FACT)
        keys = ("cee_alone_total_hip_pct_per_year", "cee_mpa_cont_total_hip_pct_per_year")
    yearly = [PepiFigure(f"{arm}, per year", change[arm] / 3,
                         evidence.value(PEPI_ANNUAL_FACT, key), "%/yr", PEPI_ANNUAL_FACT)
              for arm, key in zip(("CEE alone", daily), keys, strict=True)]
    return [average, *yearly]


# --------------------------------------------------------------------------- lesson 2.2


@dataclass(frozen=True)
class MonitoringStart:
    """A therapy's run and when its BMD change first exceeds the LSC (model output)."""

    run: Result
    precision_percent: float        # typical DXA precision at the site, % CV
    lsc_percent: float              # least significant change, % (95 % confidence)
    years: float | None             # first time the change exceeds it; None if never


def monitoring_after_start(what: str = "estrogen", site: str = "spine",
                           history: str = "early_postmenopause",
                           years: float = 5) -> MonitoringStart:
    """After a therapy starts: when does the model's BMD change first exceed the least
    significant change at typical DXA precision? A `MonitoringStart` (model output)."""
    run = therapy_run(what, years, site, history)
    crossing = lsc_crossing(run, typical_precision(site))
    return MonitoringStart(run=run, precision_percent=crossing.precision,
                           lsc_percent=crossing.lsc, years=crossing.years)


# --------------------------------------------------------------------------- lesson 2.3


@dataclass(frozen=True)
class AromataseComparison:
    """Aromatase inhibitor minus no therapy over 3 years: the model beside IBIS-II."""

    model_percent: float            # model output, percentage points
    published_percent: float        # IBIS-II anastrozole minus placebo, percentage points
    anastrozole_percent: float      # IBIS-II arms, % change over 3 years
    placebo_percent: float


def aromatase_inhibitor_comparison(site: str = "spine") -> AromataseComparison:
    """Model: aromatase inhibitor minus no therapy over 3 years after a late-postmenopausal
    history, beside IBIS-II's anastrozole minus placebo (3 years, women not on risedronate).
    The model was NOT fitted to IBIS-II."""
    site = _site(site)
    part = {"spine": "spine", "hip": "total_hip"}[site]
    ana = evidence.value(IBIS2_FACT, f"anastrozole_{part}")
    plac = evidence.value(IBIS2_FACT, f"placebo_{part}")
    model = (therapy_change("aromatase_inhibitor", 3, site, "late_postmenopause")
             - therapy_change("postmenopause", 3, site, "late_postmenopause"))
    return AromataseComparison(model_percent=model, published_percent=ana - plac,
                               anastrozole_percent=ana, placebo_percent=plac)


# --------------------------------------------------------------------------- lesson 2.6


#: Milieu inputs of lesson 2.6 (relative levels; a premenopausal woman otherwise at reference).
MILIEU = {
    "reference": {},
    "inflammation 1": {"inflammation": 1.0},
    "inflammation 2": {"inflammation": 2.0},
    "cortisol 2x": {"cortisol": 2.0},
}


def milieu_runs(years: float = 10, site: str = "spine") -> dict[str, Result]:
    """Inflammation and cortisol, one at a time, premenopausal start (model output)."""
    return dict(_level_runs("milieu", _years(years), _site(site)))
