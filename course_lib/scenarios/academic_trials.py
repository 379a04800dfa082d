"""Trial evidence the Tier 3 lessons 3.4-3.6, their exercises and answer key share.

Every published number comes from the evidence data (by fact id), never typed here; the one
made-up dataset (`illustrative_pooling`) says so on every view of it. The in-silico trial's
design (`PEPI_LIKE`) lives here too, so the lesson, the explorer and the key run the same
trial::

    from course_lib.scenarios import academic_trials as at
    at.whi_hazard_ratios()["stroke"]          # Estimate(value=1.41, low=1.07, high=1.85, ...)
    at.whi_per_10000()                        # events per 10,000 woman-years, E+P vs placebo
    at.illustrative_pooling()                 # three made-up studies, labelled as such
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib import evidence, trials
from course_lib.calibration import PEPI_HISTORY

__all__ = [
    "Estimate", "ILLUSTRATIVE_LABEL", "sources", "whi_hazard_ratios", "whi_per_10000",
    "whi_fracture_counts", "whi_total_fractures_per_10000", "whi_vte_rates",
    "whi_vte_hazard_ratio", "whi_vte_excess_per_10000", "whi_hip_bmd", "pepi_abstract",
    "prior2017", "interval_examples", "illustrative_pooling", "PEPI_LIKE", "FACTS",
    "WHI_FOREST_LABELS", "whi_forest_rows", "whi_forest_source",
]

#: Printed on every view of the made-up pooling data (tables, plots, notebook text).
ILLUSTRATIVE_LABEL = "Illustrative data: made up for practice, not from any study"

#: Evidence ids used here, by short name.
FACTS = {
    "whi_design": "whi_2002_design",
    "whi_absolute": "whi_2002_absolute_risks",
    "breast": "whi_2002_breast_cancer",
    "chd": "whi_2002_chd",
    "stroke": "whi_2002_stroke",
    "pe_vte": "whi_2002_pe_vte",
    "hip_2002": "whi_2002_hip_fracture",
    "fracture_2003": "whi_ept_fracture_total_cauley2003",
    "fracture_design": "whi_ept_fracture_design",
    "hip_bmd": "whi_ept_total_hip_bmd_3y",
    "pepi": "pepi_bmd_36mo_abstract",
    "pepi_per_year": "pepi_annualized_cee_vs_cee_mpa",
    "prior2017": "ept_vs_et_spine_meta_prior2017",
    "pooled_meta": "meta_hrt_fracture_bmd_pooled_results",
}

def _value(fact_id: str, key: str) -> float:
    """A number of a citable fact (the evidence module refuses anything unverified)."""
    return evidence.value(fact_id, key)


@dataclass(frozen=True)
class Estimate:
    """A reported estimate with its 95 % CI, and the fact it comes from."""

    value: float
    low: float
    high: float
    fact_id: str
    label: str = ""

    @property
    def triple(self) -> tuple[float, float, float]:
        return self.value, self.low, self.high


def _ci(fact_id: str, key: str, *, label: str = "") -> Estimate:
    """A quantity with its 95 % CI (the nominal one, where a paper gives two)."""
    q = evidence.quantity(fact_id, key)
    if q.low is None or q.high is None:
        raise ValueError(f"{fact_id}.{key} has no interval in the evidence data")
    return Estimate(float(q.value), float(q.low), float(q.high), fact_id, label)


def sources(fact_ids, heading: str = "Sources", width: int = 88) -> str:
    """The sources of some facts by author and year, each paper once, in the order given:
    'Sources: WHI Writing Group 2002; Cauley 2003'. Lines longer than `width` are wrapped at
    spaces between papers, never inside a name (a notebook's output shows long lines
    broken anywhere)."""
    papers = list(dict.fromkeys(evidence.cite(fid) for fid in fact_ids))
    lines = [f"{heading}:"]
    for i, paper in enumerate(papers):
        item = paper + (";" if i < len(papers) - 1 else "")
        if len(lines[-1]) + 1 + len(item) > width and lines[-1] != f"{heading}:":
            lines.append("  " + item)
        else:
            lines[-1] += " " + item
    return "\n".join(lines)


# --------------------------------------------------------------------------- WHI


def whi_hazard_ratios() -> dict[str, Estimate]:
    """WHI estrogen plus progestin vs placebo: hazard ratios with nominal 95 % CIs.

    Harms and hip fracture from the 2002 principal-results paper (mean 5.2 years); total
    confirmed osteoporotic fractures (any site) from the 2003 fracture paper (Cauley, mean
    5.6 years). Not "all fractures": Cauley 2003 counted confirmed osteoporotic ones.
    """
    return {
        "breast cancer": _ci(FACTS["breast"], "hazard_ratio", label="invasive breast cancer"),
        "heart attack (CHD)": _ci(FACTS["chd"], "hazard_ratio", label="coronary heart disease"),
        "stroke": _ci(FACTS["stroke"], "hazard_ratio", label="stroke"),
        "pulmonary embolism": _ci(FACTS["pe_vte"], "pe_hazard_ratio", label="pulmonary embolism"),
        "hip fracture": _ci(FACTS["hip_2002"], "hazard_ratio", label="hip fracture"),
        "confirmed osteoporotic fractures": _ci(
            FACTS["fracture_2003"], "hazard_ratio",
            label="total confirmed osteoporotic fractures (2003 paper)"),
    }


#: Short row labels for the WHI forest plot of lesson 3.5 (keys of `whi_hazard_ratios`).
WHI_FOREST_LABELS = {
    "breast cancer": "breast cancer",
    "heart attack (CHD)": "CHD events",
    "stroke": "stroke",
    "pulmonary embolism": "pulmonary\nembolism",
    "hip fracture": "hip fracture",
    "confirmed osteoporotic fractures": "osteoporotic\nfractures*",
}


def whi_forest_source() -> str:
    """The source line of that plot: the 2002 paper, and the 2003 paper for the starred row."""
    return (f"Source: {evidence.cite(FACTS['chd'])}; *confirmed osteoporotic fractures, any "
            f"site: {evidence.cite(FACTS['fracture_2003'])}")


def whi_forest_rows() -> tuple[list[str], list[float], list[float], list[float]]:
    """WHI E+P hazard ratios as forest-plot rows: (short labels, estimates, lows, highs)."""
    hrs = whi_hazard_ratios()
    return ([WHI_FOREST_LABELS[k] for k in hrs], [e.value for e in hrs.values()],
            [e.low for e in hrs.values()], [e.high for e in hrs.values()])


#: WHI 2002's absolute differences (fact `whi_absolute`), by outcome: (its quantity key, the
#: fact and key of the same paper's hazard ratio, whose side of 1 gives the direction).
_WHI_ABSOLUTE = {
    "heart attack (CHD)": ("chd", FACTS["chd"], "hazard_ratio"),
    "stroke": ("stroke", FACTS["stroke"], "hazard_ratio"),
    "pulmonary embolism": ("pulmonary_embolism", FACTS["pe_vte"], "pe_hazard_ratio"),
    "breast cancer": ("invasive_breast_cancer", FACTS["breast"], "hazard_ratio"),
    "colorectal cancer": ("colorectal_cancer", None, None),
    "hip fracture": ("hip_fracture", FACTS["hip_2002"], "hazard_ratio"),
}
#: Outcomes whose 2002 hazard ratio is not in the citable evidence data (the colorectal HR
#: was never verified): the direction of the absolute difference, as a number (-1 = fewer on
#: E+P). Declared here, beside the data, and never read from the recorded text.
_DIRECTION_WITHOUT_HR = {"colorectal cancer": -1.0}


def whi_per_10000() -> dict[str, float]:
    """WHI 2002: events per 10,000 woman-years on E+P minus placebo (+ = more on E+P).

    The size is the recorded quantity; its sign is computed from the same paper's hazard
    ratio (above 1: more events on E+P), or, where no verified hazard ratio exists, from
    `_DIRECTION_WITHOUT_HR`.
    """
    fid = FACTS["whi_absolute"]
    signed = {}
    for name, (key, hr_fact, hr_key) in _WHI_ABSOLUTE.items():
        size = _value(fid, key)
        if size < 0:
            raise ValueError(f"{fid}.{key} is {size}: expected the unsigned size")
        if hr_fact is None:
            direction = _DIRECTION_WITHOUT_HR[name]
        else:
            hr = _value(hr_fact, hr_key)
            if hr == 1.0:
                raise ValueError(f"{hr_fact}.{hr_key} is 1: no direction for {name}")
            direction = 1.0 if hr > 1.0 else -1.0
        signed[name] = direction * size
    return signed


@dataclass(frozen=True)
class FractureCounts:
    """Cauley 2003 (WHI E+P): women with a fracture in each arm over the whole trial."""

    events_ept: float               # women with a fracture (a count)
    events_placebo: float
    percent_ept: float              # the same as % of the arm
    percent_placebo: float
    n_ept: float                    # women randomised to each arm
    n_placebo: float
    mean_years: float               # mean follow-up


def whi_fracture_counts() -> FractureCounts:
    """Cauley 2003: women with a fracture in each arm, the arm sizes and mean follow-up."""
    fid, design = FACTS["fracture_2003"], FACTS["fracture_design"]
    return FractureCounts(
        events_ept=_value(fid, "events_ept"), events_placebo=_value(fid, "events_placebo"),
        percent_ept=_value(fid, "events_ept_percent"),
        percent_placebo=_value(fid, "events_placebo_percent"),
        n_ept=_value(design, "cee_mpa_arm"), n_placebo=_value(design, "placebo_arm"),
        mean_years=_value(fid, "mean_follow_up_years"),
    )


def whi_total_fractures_per_10000() -> float:
    """Derived: confirmed osteoporotic fractures per 10,000 woman-years, E+P minus placebo, as
    if every woman had been followed for the mean follow-up (our arithmetic on Cauley 2003's
    counts)."""
    c = whi_fracture_counts()
    per_year = (c.events_ept / c.n_ept - c.events_placebo / c.n_placebo) / c.mean_years
    return trials.per_10000(per_year)


def whi_vte_rates() -> tuple[float, float]:
    """WHI E+P (2004 update): venous thromboembolism per person-year, (E+P, placebo)."""
    fid = FACTS["pe_vte"]
    per = 1000.0                  # the quantities' unit is "per 1000 person-years"
    for key in ("vte_rate_ept_2004", "vte_rate_placebo_2004"):
        unit = evidence.quantity(fid, key).unit
        if unit != "per 1000 person-years":
            raise ValueError(f"{fid}.{key} is in {unit!r}, expected per 1000 person-years")
    return _value(fid, "vte_rate_ept_2004") / per, _value(fid, "vte_rate_placebo_2004") / per


def whi_vte_hazard_ratio() -> float:
    """WHI E+P vs placebo (2002 paper): hazard ratio for venous thromboembolism."""
    return _value(FACTS["pe_vte"], "vte_hazard_ratio")


def whi_vte_excess_per_10000() -> float:
    """WHI E+P vs placebo (2002 paper): extra women with venous thromboembolism (blood clots)
    per 10,000 woman-years on E+P."""
    fid = FACTS["pe_vte"]
    unit = evidence.quantity(fid, "vte_excess_2002").unit
    if unit != "per 10,000 person-years":
        raise ValueError(f"{fid}.vte_excess_2002 is in {unit!r}, expected per 10,000 "
                         "person-years")
    return _value(fid, "vte_excess_2002")


def whi_hip_bmd() -> tuple[float, float]:
    """Cauley 2003 BMD subset: total hip BMD change over 3 years, % (E+P, placebo)."""
    fid = FACTS["hip_bmd"]
    return _value(fid, "ept_percent_change"), _value(fid, "placebo_percent_change")


# --------------------------------------------------------------------------- PEPI, Prior 2017


@dataclass(frozen=True)
class PepiAbstract:
    """PEPI (36 months, intention to treat): BMD % change over the trial, from the abstract."""

    placebo_spine_percent: float
    placebo_hip_percent: float
    ept_continuous_mpa_spine_percent: float     # CEE + continuous MPA
    other_active_spine_percent: float           # average of the other three active arms
    active_hip_percent: float                   # mean of the active arms
    years: float


def pepi_abstract() -> PepiAbstract:
    """PEPI (36 months, intention to treat): spine and hip % change from the abstract."""
    fid = FACTS["pepi"]
    return PepiAbstract(
        placebo_spine_percent=_value(fid, "placebo_spine"),
        placebo_hip_percent=_value(fid, "placebo_hip"),
        ept_continuous_mpa_spine_percent=_value(fid, "cee_plus_continuous_mpa_spine"),
        other_active_spine_percent=_value(fid, "other_three_active_arms_spine_average"),
        active_hip_percent=_value(fid, "active_hip_mean"),
        years=_value(fid, "duration_months") / 12.0,
    )


def prior2017() -> Estimate:
    """Prior 2017 meta-analysis: EPT minus ET spinal BMD gain, % per year, with its 95 % CI."""
    fid = FACTS["prior2017"]
    return _ci(fid, "weighted_mean_difference_ept_minus_et",
               label="EPT minus ET, spine BMD (% per year)")


# --------------------------------------------------------------------------- reported intervals

#: Lesson 3.5's intervals to measure: (row name, fact, quantity key, a ratio?).
_INTERVALS = (
    ("Torgerson 2001b, non-vertebral RR", "pooled_meta", "torgerson2001_nonvertebral_rr", True),
    ("Wells 2002, vertebral RR", "pooled_meta", "wells2002_vertebral_rr", True),
    ("WHI (Cauley 2003), fractures HR", "fracture_2003", "hazard_ratio", True),
    ("Wells 2002, spine BMD (%)", "pooled_meta", "wells2002_spine_bmd_2y_diff", False),
    ("Wells 2002, forearm BMD (%)", "pooled_meta", "wells2002_forearm_bmd_2y_diff", False),
    ("Wells 2002, femoral neck BMD (%)", "pooled_meta", "wells2002_femoral_neck_bmd_2y_diff",
     False),
)


def interval_examples(*, spine_bmd_on_log_scale: bool = False
                      ) -> list[tuple[str, float, float, float, bool]]:
    """Published estimates with their 95 % CIs, as rows ``(name, estimate, low, high, ratio)``
    for `trial_views.print_ci_halves`: three ratios, then the three BMD differences of one
    meta-analysis (Wells 2002). With ``spine_bmd_on_log_scale=True`` a last row reads the
    spine BMD interval on the log scale too."""
    rows = [(name, *_ci(FACTS[fact], key).triple, ratio)
            for name, fact, key, ratio in _INTERVALS]
    if spine_bmd_on_log_scale:
        spine = _ci(FACTS["pooled_meta"], "wells2002_spine_bmd_2y_diff")
        rows.append(("Wells 2002, spine BMD, log scale", *spine.triple, True))
    return rows


# --------------------------------------------------------------------------- made-up pooling data

#: Made-up datasets for practising pooling (never data): the exercise set's three studies of
#: an EPT-minus-ET spine difference (% per year, with SEs), and the lesson's four trials of a
#: fracture risk ratio (with 95 % CIs printed to two decimals, as a paper would).
_ILLUSTRATIVE = {
    "exercise": (("Study A", 0.20, 0.20), ("Study B", 1.00, 0.25), ("Study C", 0.45, 0.12)),
    "lesson": (("Trial W", 0.70, 0.50, 0.98), ("Trial X", 0.85, 0.65, 1.11),
               ("Trial Y", 0.60, 0.38, 0.95), ("Trial Z", 1.05, 0.70, 1.58)),
}


@dataclass(frozen=True)
class IllustrativeStudies:
    """MADE-UP studies for practising pooling (never data); `label` says so on every view."""

    labels: tuple[str, ...]
    estimates: tuple[float, ...]    # in `units`
    ses: tuple[float, ...]          # of the estimates; of the log ratios when `ratio`
    ci_low: tuple[float, ...]       # 95 % CIs, in `units`
    ci_high: tuple[float, ...]
    units: str                      # "% per year" or "risk ratio"
    ratio: bool
    label: str


def illustrative_pooling(which: str = "exercise") -> IllustrativeStudies:
    """MADE-UP studies for practising pooling: ``labels, estimates, ses, ci_low, ci_high,
    units, ratio, label``. ``which`` is "exercise" (differences with SEs) or "lesson" (risk
    ratios with 95 % CIs; their SEs are those of the log ratios).

    ``label`` must be shown with every view of them (`ILLUSTRATIVE_LABEL`).
    """
    if which not in _ILLUSTRATIVE:
        raise ValueError(f"which must be one of {', '.join(_ILLUSTRATIVE)}; got {which!r}")
    rows = _ILLUSTRATIVE[which]
    names = [r[0] for r in rows]
    est = [r[1] for r in rows]
    if which == "lesson":
        low, high = [r[2] for r in rows], [r[3] for r in rows]
        ses = [trials.se_from_ci(lo, hi, ratio=True) for lo, hi in zip(low, high, strict=True)]
        units, ratio = "risk ratio", True
    else:
        z = trials.z_for_level(0.95)
        ses = [r[2] for r in rows]
        low = [e - z * s for e, s in zip(est, ses, strict=True)]
        high = [e + z * s for e, s in zip(est, ses, strict=True)]
        units, ratio = "% per year", False
    return IllustrativeStudies(labels=tuple(names), estimates=tuple(est), ses=tuple(ses),
                               ci_low=tuple(low), ci_high=tuple(high), units=units,
                               ratio=ratio, label=ILLUSTRATIVE_LABEL)


# --------------------------------------------------------------------------- in-silico design

#: The in-silico trial run beside PEPI: three arms randomised after the history the model's
#: PEPI calibration uses (the menopause transition, then postmenopause), treated for 3 years.
#: A design for `insilico.run_trial(**PEPI_LIKE, n_per_arm=..., seed=...)`, not data.
PEPI_LIKE = {
    "arms": {"placebo": "postmenopause", "ET": "estrogen", "EPT": "estrogen_progestin_mpa"},
    "years": 3,
    "history": [tuple(segment) for segment in PEPI_HISTORY],
    "site": "spine",
}
