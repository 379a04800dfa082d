"""House style for the course's figures: one palette, labels with units, one-line helpers.

Colours are the Okabe-Ito set (distinguishable with the common colour-vision deficiencies),
each given a role so the same thing has the same colour in every lesson::

    from course_lib import plots
    ax_cells, ax_bmd = plots.plot_result(simulate(Hormones(estradiol=0.2), years=10))
    ax = plots.plot_bmd({"spine": spine_result, "hip": hip_result})
    ax = plots.plot_cohort(simulate_cohort(h, years=10, n=1000))

One convention for every helper, here and in other modules: ``ax=`` draws into existing
Axes (a pair for a helper that draws two panels, such as `plot_result`), otherwise a new
figure is made; the Axes drawn into are returned (their ``.figure`` is the figure).
`check_ax` and `check_ax_pair` validate ``ax=`` for every such helper. matplotlib is
imported inside the functions, so ``import course_lib`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Mapping

from course_lib import validation
from course_lib.model_output import stamp_axes
from course_lib.units import DAYS_PER_YEAR

#: The eight Okabe-Ito colours (Okabe & Ito 2008, "Color Universal Design").
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Colour by role; every role has its own colour (yellow is left out: too faint on white).
PALETTE = {
    "osteoclasts": OKABE_ITO["vermillion"],
    "osteoblasts": OKABE_ITO["blue"],
    "bmd": OKABE_ITO["bluish_green"],
    "spine": OKABE_ITO["orange"],
    "hip": OKABE_ITO["sky_blue"],
    "turnover": OKABE_ITO["reddish_purple"],
    "reference": OKABE_ITO["black"],
}

#: Order used when comparing several regimens on one axis.
CYCLE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion",
                                "reddish_purple", "sky_blue", "black")]

TIME_LABEL = "Time (years)"
BMD_LABEL = "BMD (% of start)"
CELLS_LABEL = "Cells (relative to reference)"
TURNOVER_LABEL = "Turnover (relative to reference)"

#: Smallest y-range shown, as (centre, half-width), so a flat line looks flat.
MIN_SPAN = {"cells": (1.0, 0.25), "bmd": (100.0, 2.0)}

_REFERENCE_STYLE = {"color": PALETTE["reference"], "lw": 0.8, "ls": ":", "alpha": 0.6}


def keep_min_span(ax, center: float, half: float) -> None:
    """Make autoscaling of ``ax`` show at least ``center +/- half`` on y.

    It extends the data limits, so call it after ``relim()`` and before ``autoscale_view()``.
    """
    ax.update_datalim([(0.0, center - half), (0.0, center + half)], updatex=False)


def _run(value, name: str, series: tuple[str, ...], what: str = "a model Result"):
    """`value` if it has the 1-D or 2-D `series` (arrays like its `t_years`), else ValueError
    naming `name`."""
    import numpy as np

    try:
        t = np.asarray(value.t_years, dtype=float)
        arrays = [np.asarray(getattr(value, s), dtype=float) for s in series]
    except (AttributeError, TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be {what} (with t_years and {', '.join(series)}); got "
                         f"{type(value).__name__}") from None
    if t.ndim != 1 or any(a.shape[-1:] != t.shape for a in arrays):
        raise ValueError(f"{name} must be {what}: its series must have one value per t_years")
    return value


def _axes(ax, name: str = "ax"):
    """`ax` if it is a matplotlib Axes, else ValueError naming `name`."""
    if not all(hasattr(ax, a) for a in ("plot", "set_title", "get_title", "figure")):
        raise ValueError(f"{name} must be a matplotlib Axes or None; got {type(ax).__name__}")
    return ax


def check_ax(ax, name: str = "ax"):
    """`ax` if it is a matplotlib Axes, else ValueError naming `name` (for helpers elsewhere
    in course_lib that take ``ax=``)."""
    return _axes(ax, name)


def check_ax_pair(ax, what: str = "(left, right)", name: str = "ax"):
    """`ax` as a tuple of two matplotlib Axes (a helper that draws two panels takes its
    ``ax=`` as a pair), else ValueError naming `name` and saying which two panels."""
    pair = list(ax) if hasattr(ax, "__len__") and not isinstance(ax, str | dict) else []
    if len(pair) != 2:
        raise ValueError(f"{name} must be a pair of matplotlib Axes {what} or None; got "
                         f"{type(ax).__name__}")
    return tuple(_axes(a, f"{name}[{k}]") for k, a in enumerate(pair))


def _title(title):
    if title is not None and not isinstance(title, str):
        raise ValueError(f"title must be a str or None; got {type(title).__name__}")
    return title


def _new_axes(ncols: int = 1, figsize: tuple[float, float] = (6.0, 3.5)):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, ncols, figsize=figsize, layout="constrained")
    return fig, axes


#: Line style by role where two lines can lie on top of each other (at reference the two cell
#: lines coincide: the dashed osteoblast line is drawn over the solid osteoclast line, so both
#: stay visible).
LINESTYLE = {"osteoclasts": "-", "osteoblasts": "--"}

#: Time axis units for `plot_result`: (label, units per year of model time).
TIME_UNITS = {"years": (TIME_LABEL, 1.0), "days": ("Time (days)", DAYS_PER_YEAR)}


def plot_result(result, ax=None, *, title: str | None = None, time_unit: str = "years"):
    """Draw one model Result: cells (left) and BMD (right) over time.

    ``ax`` is an optional pair of Axes to draw into; otherwise a new figure is made.
    ``time_unit`` is ``"years"`` or ``"days"`` (for runs of a few months, to match a table in
    days). The data lines carry gids ``"osteoclasts"``, ``"osteoblasts"`` and ``"bmd"``.
    Returns the pair ``(ax_cells, ax_bmd)``.
    """
    validation.choice(time_unit, "time_unit", TIME_UNITS)
    _run(result, "result", ("osteoclasts", "osteoblasts", "bmd_percent"))
    _title(title)
    time_label, per_year = TIME_UNITS[time_unit]
    if ax is None:
        _, ax = _new_axes(2, figsize=(9.0, 3.5))
    ax_cells, ax_bmd = check_ax_pair(ax, "(cells, BMD)")
    t = result.t_years if per_year == 1.0 else result.t_years * per_year
    ax_cells.axhline(1.0, **_REFERENCE_STYLE)
    for kind in ("osteoclasts", "osteoblasts"):
        ax_cells.plot(t, getattr(result, kind), color=PALETTE[kind], label=kind.capitalize(),
                      ls=LINESTYLE[kind], gid=kind)
    ax_cells.set(xlabel=time_label, ylabel=CELLS_LABEL)
    ax_cells.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2, frameon=False,
                    borderaxespad=0.2)  # above the panel: curves never hide it
    ax_bmd.axhline(100.0, **_REFERENCE_STYLE)
    ax_bmd.plot(t, result.bmd_percent, color=PALETTE["bmd"], label="BMD", gid="bmd")
    ax_bmd.set(xlabel=time_label, ylabel=BMD_LABEL)
    keep_min_span(ax_cells, *MIN_SPAN["cells"])
    keep_min_span(ax_bmd, *MIN_SPAN["bmd"])
    if title:
        ax_cells.figure.suptitle(title)
    stamp_axes(ax_bmd)
    return ax_cells, ax_bmd


def plot_bmd(results: Mapping[str, object], ax=None, *, title: str | None = None):
    """Compare BMD (% of start) of several Results on one axis, one line per label.

    Labels named after a role (``"spine"``, ``"hip"``, ``"reference"``) get that role's
    colour; the others take the course colour cycle in order. Returns the Axes.
    """
    if not isinstance(results, Mapping) or not results:
        raise ValueError(f"results must be a non-empty dict {{label: Result}}; got "
                         f"{type(results).__name__}")
    for label, result in results.items():
        if not isinstance(label, str):
            raise ValueError(f"results' labels must be str; got {type(label).__name__}")
        _run(result, f"results[{label!r}]", ("bmd_percent",))
    _title(title)
    ax = _new_axes()[1] if ax is None else _axes(ax)
    ax.axhline(100.0, **_REFERENCE_STYLE)
    others = iter(c for c in CYCLE if c not in {PALETTE[k] for k in results if k in PALETTE})
    for label, result in results.items():
        color = PALETTE.get(label) or next(others, None)
        ax.plot(result.t_years, result.bmd_percent, color=color, label=label, gid=label)
    ax.set(xlabel=TIME_LABEL, ylabel=BMD_LABEL)
    if title:  # the left slot: the stamp holds the right one, and a centred title ran into it
        ax.set_title(title, loc="left")
    keep_min_span(ax, *MIN_SPAN["bmd"])
    ax.legend(loc="best", frameon=False)
    return stamp_axes(ax)


def plot_cohort(cohort, ax=None, *, label: str = "cohort", color: str | None = None,
                band: tuple[float, float] = (10, 90)):
    """Draw a cohort's median BMD and its ``band`` percentile range (default 10-90 %).

    Call it again with the returned ``ax`` and another ``label`` to overlay an arm (it takes
    the next free colour unless ``color`` is given). Returns the Axes.
    """
    import numpy as np
    from matplotlib.colors import is_color_like

    _run(cohort, "cohort", ("bmd_percent",), "a cohort result (simulate_cohort)")
    if np.ndim(cohort.bmd_percent) != 2:
        raise ValueError("cohort must be a cohort result (simulate_cohort): bmd_percent has one "
                         "row per woman")
    if not isinstance(label, str):
        raise ValueError(f"label must be a str; got {type(label).__name__}")
    if color is not None and not (isinstance(color, str) and is_color_like(color)):
        raise ValueError(f"color must be a matplotlib colour name or hex string, or None; got "
                         f"{color!r}")
    if not isinstance(band, list | tuple) or len(band) != 2:
        raise ValueError(f"band must be a pair of percentiles (low, high); got {band!r}")
    low_pct = validation.number(band[0], "band[0]", 0, 100, high_open=True)
    validation.number(band[1], "band[1]", low_pct, 100, low_open=True, hint=" (above band[0])")
    ax = _new_axes()[1] if ax is None else _axes(ax)
    if color is None:  # the next colour not yet on these axes, so overlaid arms differ
        used = {line.get_color() for line in ax.get_lines()}
        color = next((c for c in [PALETTE["bmd"], *CYCLE] if c not in used), PALETTE["bmd"])
    low, median, high = np.percentile(cohort.bmd_percent, [band[0], 50, band[1]], axis=0)
    ax.axhline(100.0, **_REFERENCE_STYLE)
    ax.fill_between(cohort.t_years, low, high, color=color, alpha=0.25, lw=0,
                    label=f"{label}: {band[0]:g}-{band[1]:g} %", gid=f"{label} band")
    ax.plot(cohort.t_years, median, color=color, label=f"{label}: median", gid=label)
    ax.set(xlabel=TIME_LABEL, ylabel=BMD_LABEL)
    keep_min_span(ax, *MIN_SPAN["bmd"])
    ax.legend(loc="best", frameon=False)
    return stamp_axes(ax)
