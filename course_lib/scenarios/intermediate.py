"""Tier 2's named model runs: lessons 2.1-2.6, their exercise sets and answer keys share them.

Every run here is model output, not data. A therapy is run after a *history* (what the woman
lived before it started), named in `HISTORIES`; its BMD is % of the value on the day the
therapy starts, so two therapies after the same history can be compared directly::

    from course_lib.scenarios import intermediate as s2
    pair = s2.side_by_side("estrogen", "estrogen_progestin_mpa", years=3, history="pepi")
    pair.difference_per_year          # EPT minus ET, %/year (model output)

The published figures the runs are set against are read from `course_lib.evidence` by fact
id (the `*_FACT` names below), never typed here.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from functools import lru_cache

from course_lib import evidence
from course_lib.calibration import PEPI_HISTORY
from course_lib.model import Hormones, Result, State, simulate
from course_lib.regimens import history as regimen_history
from course_lib.regimens import regimen
from course_lib.scenarios.fundamentals import lsc_crossing, typical_precision

__all__ = [
    "HISTORIES", "HISTORY_LABELS", "SITES", "META_FACT", "PEPI_FACT", "PROGESTIN_ALONE_FACT",
    "MARKERS_FACT", "IBIS2_FACT",
    "history_run", "history_state", "therapy_run", "therapy_change", "side_by_side",
    "interplay_runs", "progesterone_alone_grid", "progestin_alone_trials",
    "meta_analysis", "et_ept_gap", "et_ept_gap_per_year", "pepi_comparison",
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


def side_by_side(a, b, years: float = 3, site: str = "spine",
                 history: str = "early_postmenopause") -> types.SimpleNamespace:
    """Two regimens after the same history: ``run_a``, ``run_b``, ``history`` (Result or
    None), ``change_a``, ``change_b`` (percentage points) and ``difference_per_year``
    (b minus a, %/year over the therapy years). Model output."""
    years = _years(years)
    run_a = therapy_run(a, years, site, history)
    run_b = therapy_run(b, years, site, history)
    return types.SimpleNamespace(
        history=history_run(history, site), run_a=run_a, run_b=run_b,
        change_a=run_a.bmd_change, change_b=run_b.bmd_change,
        difference_per_year=(run_b.bmd_change - run_a.bmd_change) / years,
        years=years, site=site)


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


# --------------------------------------------------------------------------- lesson 2.4


#: The four regimens of the progesterone-alone comparison (rows of lesson 2.4's table).
PROGESTERONE_GRID = ("postmenopause", "progesterone_alone", "estrogen",
                     "estrogen_micronized_progesterone")


def progesterone_alone_grid(years: float = 3, site: str = "spine",
                            histories=("early_postmenopause", "late_postmenopause")) -> dict:
    """{history: {regimen: change (pp)}} plus, per history, the effect of progesterone
    without estradiol (``p_alone_effect``) and with it (``p_with_e2_effect``), in %/year."""
    years = _years(years)
    out = {}
    for h in histories:
        row = {name: therapy_change(name, years, site, h) for name in PROGESTERONE_GRID}
        row["p_alone_effect"] = (row["progesterone_alone"] - row["postmenopause"]) / years
        row["p_with_e2_effect"] = (row["estrogen_micronized_progesterone"]
                                   - row["estrogen"]) / years
        row["turnover_at_start"] = float(history_run(h, site).turnover[-1])
        out[h] = row
    return out


#: The placebo-controlled trials of Seifert-Klauss & Prior 2010, Table 3: label and the
#: quantity keys of (treated arm, placebo arm, treated n, placebo n) in the evidence file.
_TRIALS = {
    "gallagher_1991_mpa20": ("Gallagher 1991, MPA 20 mg", "gallagher_mpa_change",
                             "gallagher_placebo_change", "gallagher_n_per_arm",
                             "gallagher_n_per_arm"),
    "leonetti_1999_p4_cream20": ("Leonetti 1999, progesterone cream 20 mg",
                                 "leonetti_cream_change", "leonetti_placebo_change", None, None),
    "liu_2005_omp300": ("Liu 2005, oral micronized progesterone 300 mg", "liu_omp_change",
                        "liu_placebo_change", None, None),
    "liu_2005_mpa10": ("Liu 2005, MPA 10 mg", "liu_mpa_change", "liu_placebo_change", None,
                       None),
    "mean_omp_and_cream": ("Progesterone trials pooled (cream + oral)",
                           "mean_omp_and_cream_change", "mean_placebo_change",
                           "mean_omp_and_cream_n", "mean_placebo_n"),
}


def progestin_alone_trials() -> list[types.SimpleNamespace]:
    """The placebo-controlled progesterone/progestin-alone trials in postmenopausal women
    (Seifert-Klauss & Prior 2010, Table 3): label, n (None where the evidence file has no
    count) and annual spine change of each arm."""
    def count(key):
        return None if key is None else int(evidence.value(PROGESTIN_ALONE_FACT, key))

    rows = []
    for key, (label, treated, placebo, n_t, n_p) in _TRIALS.items():
        rate_t = evidence.value(PROGESTIN_ALONE_FACT, treated)
        rate_p = evidence.value(PROGESTIN_ALONE_FACT, placebo)
        rows.append(types.SimpleNamespace(
            key=key, label=label, n_treated=count(n_t), treated_per_year=rate_t,
            n_placebo=count(n_p), placebo_per_year=rate_p, difference=rate_t - rate_p))
    return rows


# --------------------------------------------------------------------------- lesson 2.5


def meta_analysis() -> types.SimpleNamespace:
    """Prior 2017: EPT minus ET, spine, %/year, with its 95 % CI (from evidence)."""
    q = evidence.quantity(META_FACT, "weighted_mean_difference_ept_minus_et")
    return types.SimpleNamespace(
        estimate=q.value, low=q.low, high=q.high,
        trials=int(evidence.value(META_FACT, "rcts_included")),
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


def pepi_comparison(site: str = "spine") -> list[types.SimpleNamespace]:
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
    return [types.SimpleNamespace(arm=arm, regimen=name,
                                  model=therapy_change(name, 3, site, "pepi"),
                                  published=published.get(arm))
            for arm, name in PEPI_ARMS.items()]


# --------------------------------------------------------------------------- lesson 2.2


def monitoring_after_start(what: str = "estrogen", site: str = "spine",
                           history: str = "early_postmenopause",
                           years: float = 5) -> types.SimpleNamespace:
    """After a therapy starts: when does the model's BMD change first exceed the least
    significant change at typical DXA precision? ``run``, ``precision``, ``lsc``, ``years``
    (model output; None if never within the run)."""
    run = therapy_run(what, years, site, history)
    crossing = lsc_crossing(run, typical_precision(site))
    return types.SimpleNamespace(run=run, precision=crossing.precision, lsc=crossing.lsc,
                                 years=crossing.years)


# --------------------------------------------------------------------------- lesson 2.3


def aromatase_inhibitor_comparison(site: str = "spine") -> types.SimpleNamespace:
    """Model: aromatase inhibitor minus no therapy over 3 years after a late-postmenopausal
    history, beside IBIS-II's anastrozole minus placebo (3 years, women not on risedronate).
    The model was NOT fitted to IBIS-II."""
    site = _site(site)
    part = {"spine": "spine", "hip": "total_hip"}[site]
    ana = evidence.value(IBIS2_FACT, f"anastrozole_{part}")
    plac = evidence.value(IBIS2_FACT, f"placebo_{part}")
    model = (therapy_change("aromatase_inhibitor", 3, site, "late_postmenopause")
             - therapy_change("postmenopause", 3, site, "late_postmenopause"))
    return types.SimpleNamespace(model=model, published=ana - plac, anastrozole=ana,
                                 placebo=plac)


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
