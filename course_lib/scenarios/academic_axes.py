"""Named runs of lesson 3.2 (endocrine axes) and 3.3 (milieu), shared with exercises and key.

Everything here is model output (`course_lib.axes` feeding the bone model).
"""

from __future__ import annotations

import numpy as np

from course_lib import axes, curves, evidence, model_output
from course_lib.model import DAYS_PER_YEAR, Hormones, Result, simulate

__all__ = [
    "FAULTS", "FAULT_SITES", "PATTERN_MARGIN", "fault_settings", "direction", "pattern",
    "site_of_fault", "glucocorticoid_course", "recovery_days", "loop_gain_estimate",
    "menopause_sweep", "axis_bone_run", "milieu_bone_run", "print_fault_table",
    "print_menopause_table", "print_bone_table", "plot_course", "plot_menopause",
    "pituitary_curve", "plot_set_point", "print_gain_table", "course_bone_run",
    "print_recovery_table", "SIMTHYR", "print_simthyr_comparison", "milieu_runs",
    "print_parameters", "print_course_bone", "thyroid_runs", "axis_comparison", "plot_runs",
    "THYROID_RUNS", "print_thyroid_table", "print_steady_state",
]

#: The faults a lesson table walks through: name -> (axis settings).
FAULTS = {
    "healthy": {},
    "hypothalamus failing": {"hypothalamus": 0.3},
    "pituitary failing": {"pituitary": 0.3},
    "gland failing": {"gland": 0.3},
    "gland overactive": {"gland": 2.0},
    "feedback cut": {"feedback": 0.0},
    "exogenous hormone": {"exogenous": 1.0},
    "central drive (stress)": {"drive": 1.0},
}
#: Where a fault can sit, as the lab-pattern questions name it.
FAULT_SITES = ("hypothalamus or pituitary", "gland", "hormone given from outside")
_SITE_OF = {"hypothalamus failing": FAULT_SITES[0], "pituitary failing": FAULT_SITES[0],
            "gland failing": FAULT_SITES[1], "gland overactive": FAULT_SITES[1],
            "exogenous hormone": FAULT_SITES[2]}
#: Evidence id of SimThyr's documented behaviour (a teaching simulator of the HPT axis).
SIMTHYR = "simthyr_thyroid_simulator"
#: A level within this fraction of reference counts as "normal" in a lab pattern.
PATTERN_MARGIN = 0.1


def fault_settings(fault: str) -> dict:
    """The axis settings of a named fault (see FAULTS)."""
    if fault not in FAULTS:
        raise ValueError(f"fault must be one of {', '.join(map(repr, FAULTS))}; got {fault!r}")
    return dict(FAULTS[fault])


def direction(level: float) -> str:
    """'high', 'low' or 'normal' against the reference 1.0 (margin PATTERN_MARGIN)."""
    if level > 1.0 + PATTERN_MARGIN:
        return "high"
    if level < 1.0 - PATTERN_MARGIN:
        return "low"
    return "normal"


def pattern(axis: str, **settings) -> tuple[str, str]:
    """Lab pattern (pituitary hormone, gland hormone) as directions, e.g. ('high', 'low')."""
    out = axes.steady_state(axis, **settings)
    _, pit, gland = axes.HORMONES[axis]
    return direction(out[pit]), direction(out[gland])


def site_of_fault(axis: str, pituitary: str, gland: str) -> str:
    """Which FAULT_SITES entry produces a lab pattern in the model. ValueError if no single
    fault gives it, or if faults at different sites give it (then the pattern alone cannot
    say where the fault is: e.g. pituitary low with gland high fits an overactive gland and
    a hormone given from outside)."""
    sites = sorted({site for fault, site in _SITE_OF.items()
                    if pattern(axis, **FAULTS[fault]) == (pituitary, gland)})
    _, pit_name, gland_name = axes.HORMONES[axis]
    if not sites:
        raise ValueError(f"no single fault in the model gives {pit_name} {pituitary} with "
                         f"{gland_name} {gland}")
    if len(sites) > 1:
        raise ValueError(f"{pit_name} {pituitary} with {gland_name} {gland} fits faults at "
                         f"more than one site: {', '.join(sites)}")
    return sites[0]


def glucocorticoid_course(dose: float = 3.0, course_days: float = 180.0,
                          follow_days: float = 365.0, dt_days: float = 1.0) -> axes.AxisResult:
    """HPA axis over a course of an exogenous glucocorticoid (`dose` x reference cortisol
    activity) and the months after it stops."""
    return axes.simulate_axis("hpa", course_days, exogenous=dose, dt_days=dt_days).then(
        follow_days, exogenous=0.0, dt_days=dt_days)


def recovery_days(result: axes.AxisResult, stop_day: float, threshold: float = 0.9) -> float:
    """Days after `stop_day` until the gland hormone is back to `threshold` of reference,
    read from the samples after the stop (the sample at `stop_day` still carries the drug):
    `curves.first_crossing`, interpolated between samples; the first sample's day if the
    level is there already; inf if it never gets there."""
    gland = result.levels[axes.HORMONES[result.axis][2]]
    t = result.t_days
    after = t > stop_day
    if not after.any():
        return float("inf")
    t_after, g_after = t[after], gland[after]
    if g_after[0] >= threshold:
        return float(t_after[0] - stop_day)
    day = curves.first_crossing(t_after, g_after, threshold)
    return float("inf") if day is None else float(day - stop_day)


def course_bone_run(course: axes.AxisResult, site: str = "spine") -> Result:
    """The bone model fed the HPA time course day by day (cortisol activity, drug included),
    everything else at reference, over the whole days of the course result."""
    days = int(np.floor(course.t_days[-1] + 1e-9))
    return simulate(axes.to_hormones(hpa=course), years=days / DAYS_PER_YEAR, site=site,
                    dt_days=1.0)


def loop_gain_estimate(axis: str, drop: float = 0.01) -> float:
    """Loop gain from two steady states: the gland loses `drop` of its capacity; open loop the
    gland hormone would fall by `drop`, closed loop it falls by less, and
    gain = open-loop fall / closed-loop fall - 1."""
    closed = 1.0 - axes.steady_state(axis, gland=1.0 - drop)[axes.HORMONES[axis][2]]
    return drop / closed - 1.0


def pituitary_curve(axis: str, gland_levels) -> np.ndarray:
    """The pituitary hormone the upper levels make for each given gland-hormone level (the
    feedback curve, loop opened at the gland): steady states with the gland's own output off
    and the gland hormone supplied from outside."""
    pit = axes.HORMONES[axis][1]
    return np.array([axes.steady_state(axis, gland=0.0, exogenous=float(g))[pit]
                     for g in gland_levels])


def menopause_sweep(capacities=(1.0, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05)) -> list[tuple]:
    """HPG steady states as the ovary's capacity falls: [(capacity, FSH, estradiol), ...]."""
    return [(float(c), *(axes.steady_state("hpg", gland=c)[h] for h in ("FSH", "estradiol")))
            for c in capacities]


def axis_bone_run(axis: str, years: float = 10, site: str = "spine", **settings) -> Result:
    """The bone model with one axis at the steady state of `settings`, the rest at reference."""
    return simulate(axes.to_hormones(**{axis: axes.steady_state(axis, **settings)}),
                    years=years, site=site)


#: Lesson 3.2's thyroid runs: label -> HPT axis settings. "exogenous" is levothyroxine in
#: units of the healthy thyroid's own T4 output; "gland" is the thyroid's secretory capacity.
THYROID_RUNS = {
    "healthy": {},
    "levothyroxine over-replacement": {"exogenous": 1.0},
    "overactive thyroid": {"gland": 2.0},
    "failing thyroid (untreated)": {"gland": 0.3},
}


def thyroid_runs(years: float = 10, site: str = "spine") -> dict:
    """Lesson 3.2's thyroid comparison: {label: Result} for a healthy axis, levothyroxine
    over-replacement, an overactive and a failing (untreated) thyroid (`THYROID_RUNS`)."""
    return {label: axis_bone_run("hpt", years, site, **settings)
            for label, settings in THYROID_RUNS.items()}


def axis_comparison(years: float = 10, site: str = "spine") -> dict:
    """Lesson 3.2's one-axis-at-a-time comparison: {label: Result}."""
    return {
        "ovary at 0.05, estradiol only": axis_bone_run("hpg", years, site, gland=0.05),
        "glucocorticoid drug (2 x)": axis_bone_run("hpa", years, site, exogenous=2.0),
        "chronic stress (drive 1)": axis_bone_run("hpa", years, site, drive=1.0),
        "T4 over-replacement": axis_bone_run("hpt", years, site, exogenous=1.0),
    }


def milieu_bone_run(inflammation: float, years: float = 10, site: str = "spine",
                    base: Hormones | None = None) -> Result:
    """The bone model with its inflammation input at `inflammation` (0 = none)."""
    base = Hormones() if base is None else base
    return simulate(base.replace(inflammation=inflammation), years=years, site=site)


def milieu_runs(years: float = 10, site: str = "spine") -> dict:
    """Lesson 3.3's comparison: inflammation alone, with glucocorticoid treatment, and on top
    of the postmenopausal hormone levels. {label: Result}."""
    from course_lib.regimens import regimen

    post = regimen("postmenopause")
    return {
        "reference": milieu_bone_run(0.0, years, site),
        "inflammation 0.5": milieu_bone_run(0.5, years, site),
        "inflammation 1": milieu_bone_run(1.0, years, site),
        "inflammation 1 + glucocorticoid 2 x": milieu_bone_run(
            1.0, years, site, base=Hormones(cortisol=2.0)),
        "postmenopause": milieu_bone_run(0.0, years, site, base=post),
        "postmenopause + inflammation 1": milieu_bone_run(1.0, years, site, base=post),
    }


# --- printed tables (model output) -------------------------------------------------------------

def print_fault_table(axis: str, faults=tuple(FAULTS)) -> None:
    """The three hormones of one axis for each named fault (steady states)."""
    from course_lib import tables

    names = axes.HORMONES[axis]
    rows = [(f, *axes.steady_state(axis, **FAULTS[f]).values()) for f in faults]
    tables.print_table(rows, [("fault", "<24"), *((n, ">9.2f") for n in names)],
                       note="(levels relative to the healthy reference)")


def print_parameters() -> None:
    """The constants of each loop (model assumptions, axes.PARAMETERS)."""
    from course_lib import tables

    rows = [(a, k.k_hypothalamus, k.k_pituitary, k.exponent, k.tau_gland_days, k.tau_mass_days,
             k.trophic_share) for a, k in axes.PARAMETERS.items()]
    tables.print_table(rows, [("axis", "<5"), ("k_H", ">5g"), ("k_P", ">5g"), ("m", ">4g"),
                              ("tau_G", ">6g", "(days)"), ("tau_M", ">6g", "(days)"),
                              ("s", ">5g")],
                       model_output=False, note="(model assumptions, not measurements)")


def print_course_bone(bone: Result) -> None:
    """Lowest BMD and BMD at the end of a bone run (e.g. `course_bone_run(...)`)."""
    from course_lib import tables

    rows = [(f"{bone.site}, lowest", float(bone.bmd_percent.min()),
             float(bone.t_years[np.argmin(bone.bmd_percent)])),
            (f"{bone.site}, at the end", float(bone.bmd_percent[-1]), float(bone.t_years[-1]))]
    tables.print_table(rows, [("BMD", "<18"), ("value", ">12.1f", "(% of start)"),
                              ("at", ">8.2f", "(years)")])


def print_gain_table() -> None:
    """Loop gain of each axis, exact (small-change) and from two steady states."""
    from course_lib import tables

    rows = [(a, axes.loop_gain(a), loop_gain_estimate(a), 1 / (1 + axes.loop_gain(a)))
            for a in axes.AXES]
    tables.print_table(rows, [("axis", "<5"), ("loop gain", ">9.2f"),
                              ("from 1 % drop", ">13.2f"), ("disturbance left", ">16.2f")],
)


def print_recovery_table(course_lengths=(14, 30, 90, 180, 365), dose: float = 3.0,
                         threshold: float = 0.9) -> None:
    """For courses of several lengths: ACTH on the last day and days to recover cortisol."""
    from course_lib import tables

    rows = []
    for days in course_lengths:
        r = glucocorticoid_course(dose, days, 730)
        rows.append((days, float(np.interp(days, r.t_days, r.levels["ACTH"])),
                     float(np.interp(days, r.t_days, r.gland_mass)),
                     recovery_days(r, days, threshold)))
    tables.print_table(rows, [("course", ">6d", "(days)"), ("ACTH at end", ">11.2f"),
                              ("adrenal mass", ">12.2f"),
                              (f"days to {threshold:.0%} cortisol", ">20.0f")],
                       note=f"(drug at {dose:g} x reference cortisol activity)")


def print_simthyr_comparison() -> None:
    """TSH and T4 after the thyroid's secretory capacity is divided by 10: the course model
    beside SimThyr, another simulator of the same loop (its output from the evidence data),
    each as a multiple of its own healthy value. Both columns are model outputs."""
    from course_lib import tables

    ours = axes.steady_state("hpt", gland=0.1)
    tsh = evidence.value(SIMTHYR, "tsh_gt_divided_by_10") / evidence.value(
        SIMTHYR, "tsh_standard")
    ft4 = evidence.value(SIMTHYR, "ft4_gt_divided_by_10") / evidence.value(
        SIMTHYR, "ft4_standard")
    rows = [("TSH", ours["TSH"], tsh), ("T4", ours["T4"], ft4)]
    note = ("Both columns are simulations, not measurements. SimThyr's figures are its own "
            "output (thyroid capacity GT divided by 10, everything else at its standard "
            "values), as tabulated by a site that ran it "
            f"({evidence.cite(SIMTHYR)}). SimThyr's T4 is free T4; the course model has one "
            "T4 pool.")
    tables.print_table(rows, [("thyroid capacity / 10", "<21"),
                              ("course model", ">12.2f", "(x healthy)"),
                              ("SimThyr (another model)", ">23.2f", "(x healthy)")],
                       note=tables.wrap_note(note))


def print_steady_state(axis: str, **settings) -> None:
    """One labelled line: the three hormones of an axis at the steady state of `settings`."""
    levels = axes.steady_state(axis, **settings)
    what = ", ".join(f"{k}={v:g}" for k, v in settings.items()) or "healthy"
    print(model_output.TEXT)
    print(f"{axis.upper()} steady state ({what}): "
          + ", ".join(f"{name} {level:.2f}" for name, level in levels.items())
          + " (x reference)")


def print_menopause_table(capacities=(1.0, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05)) -> None:
    """FSH and estradiol as the ovary's capacity falls."""
    from course_lib import tables

    tables.print_table(menopause_sweep(capacities),
                       [("ovary capacity", ">14.2f"), ("FSH", ">6.2f"), ("estradiol", ">9.2f")],
                       note="(relative to the healthy reference)")


def print_bone_table(runs: dict) -> None:
    """BMD change and final turnover of several bone runs {label: Result}."""
    from course_lib import tables

    rows = [(label, r.bmd_change, float(r.turnover[-1])) for label, r in runs.items()]
    width = max(30, *(len(label) for label in runs))
    tables.print_table(rows, [("run", f"<{width}"), ("BMD change", ">10.1f", "(%)"),
                              ("turnover", ">8.2f", "(x ref)")])


def print_thyroid_table(years: float = 10, site: str = "spine") -> None:
    """Lesson 3.2's thyroid runs with the axis levels behind them: the T4 the bone model
    receives (drug included), TSH, and the bone runs' BMD change and final turnover."""
    from course_lib import tables

    rows = []
    for label, settings in THYROID_RUNS.items():
        levels = axes.steady_state("hpt", **settings)
        bone = axis_bone_run("hpt", years, site, **settings)
        rows.append((label, levels["T4"], levels["TSH"], bone.bmd_change,
                     float(bone.turnover[-1])))
    width = max(30, *(len(label) for label in THYROID_RUNS))
    tables.print_table(rows, [("run", f"<{width}"), ("T4", ">7.2f", "(x ref)"),
                              ("TSH", ">7.2f", "(x ref)"),
                              ("BMD change", ">10.1f", f"(%, {years:g} y)"),
                              ("turnover", ">8.2f", "(x ref)")])


# --- figures ------------------------------------------------------------------------------------

def plot_course(result: axes.AxisResult, stop_day: float, ax=None):
    """The three hormones of a time course (log scale), the gland mass, and the treatment
    period shaded. Returns the Axes."""
    import matplotlib.pyplot as plt

    from course_lib import plots

    if ax is None:
        _, ax = plt.subplots(figsize=(8.0, 3.4), layout="constrained")
    ax.axvspan(0, stop_day, color="0.9", lw=0, label="treatment")
    colors = (plots.OKABE_ITO["reddish_purple"], plots.OKABE_ITO["blue"],
              plots.OKABE_ITO["bluish_green"])
    gland = axes.HORMONES[result.axis][2]
    for (name, level), color in zip(result.levels.items(), colors, strict=True):
        label = f"{name} (drug included)" if name == gland else name
        ax.plot(result.t_days, level, color=color, label=label)
    ax.plot(result.t_days, result.gland_mass, color="0.3", ls="--", label="gland mass")
    ax.axhline(1.0, color="0.5", lw=0.6, ls=":")
    ax.set_yscale("log")
    ticks = (0.1, 0.2, 0.5, 1, 2, 5)
    ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.set(xlabel="Time (days)", ylabel="Level (x healthy reference, log scale)")
    ax.legend(frameon=False, fontsize="small", ncol=3, loc="lower right")
    return model_output.stamp_axes(ax)


def plot_menopause(capacities=None, ax=None):
    """FSH and estradiol against the ovary's capacity (falling to the right). Returns the Axes."""
    import matplotlib.pyplot as plt

    from course_lib import plots

    if ax is None:
        _, ax = plt.subplots(figsize=(6.0, 3.4), layout="constrained")
    caps = np.linspace(1.0, 0.03, 60) if capacities is None else np.asarray(capacities)
    rows = np.array(menopause_sweep(caps))
    ax.plot(rows[:, 0], rows[:, 1], color=plots.OKABE_ITO["blue"], label="FSH")
    ax.plot(rows[:, 0], rows[:, 2], color=plots.OKABE_ITO["bluish_green"], label="estradiol")
    ax.axhline(1.0, color="0.5", lw=0.6, ls=":")
    ax.set_xlim(1.0, 0.0)
    ax.set(xlabel="Ovary's secretory capacity (1 = healthy; falling to the right)",
           ylabel="Level (x healthy reference)")
    ax.legend(frameon=False)
    return model_output.stamp_axes(ax)


def plot_set_point(axis: str = "hpt", glands=(1.0, 0.5), ax=None):
    """The set point as a crossing: the feedback curve P(G) of the upper levels, and for each
    gland capacity g the gland's steady output line P = G / g. Returns the Axes."""
    import matplotlib.pyplot as plt

    from course_lib import plots

    if ax is None:
        _, ax = plt.subplots(figsize=(6.0, 4.4), layout="constrained")
    _, pit, gland = axes.HORMONES[axis]
    g_levels = np.linspace(0.02, 2.0, 100)
    ax.plot(g_levels, pituitary_curve(axis, g_levels), color=plots.OKABE_ITO["blue"], lw=2,
            label=f"feedback: {pit} made at each {gland}")
    for g, color in zip(glands, (plots.OKABE_ITO["bluish_green"], plots.OKABE_ITO["orange"],
                                 plots.OKABE_ITO["vermillion"]), strict=False):
        ax.plot(g_levels, g_levels / g, color=color, ls="--",
                label=f"gland capacity {g:g}: {gland} = {g:g} x {pit}")
        point = axes.steady_state(axis, gland=g)
        ax.plot([point[gland]], [point[pit]], "o", color=color, ms=7)
    ax.set_ylim(0, 4)
    ax.set_xlim(0, 2)
    ax.set(xlabel=f"{gland} (x healthy reference)", ylabel=f"{pit} (x healthy reference)")
    # below the axes: inside, every corner holds a curve (the steepest line ends top right)
    ax.legend(frameon=False, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.18),
              ncol=1)
    return model_output.stamp_axes(ax)


def plot_runs(results: dict, title: str = "Spine BMD in the model", *, ax=None):
    """BMD of several labelled runs (`plots.plot_bmd`) on a wide figure (or into `ax`), the
    legend beside the axes so it never covers a curve. Returns the Axes."""
    import matplotlib.pyplot as plt

    from course_lib import plots

    if ax is None:
        _, ax = plt.subplots(figsize=(9.0, 3.6), layout="constrained")
    else:
        ax = plots.check_ax(ax)
    plots.plot_bmd(results, ax=ax, title=title)
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
    return ax
