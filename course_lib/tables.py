"""Model outputs printed as fixed-width, rounded tables (stable text for stored outputs).

`print_table` lays out any rows; the printers below it are the tables lessons show, each one
call in a notebook, e.g. ``tables.print_cycle(scenarios.one_cycle())``.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from course_lib import dxa, evidence, scenarios, validation
from course_lib import model_output as model_output_stamp
from course_lib.model import DAYS_PER_YEAR, Result

__all__ = ["print_table", "wrap_note", "print_cycle", "print_balance", "print_swan_comparison",
           "print_bmd_at", "print_yearly_changes", "print_monitoring", "print_balance_at",
           "print_end_state", "print_losses"]

#: Table notes (footers) are wrapped to this many characters, so that no browser breaks them
#: mid-word.
NOTE_WIDTH = 88

_YEAR = re.compile(r"(?<=\S) (?=\d{4}[a-z]?\b)")


def wrap_note(note: str, width: int = NOTE_WIDTH) -> str:
    """`note` wrapped to `width` characters, line by line, never splitting a citation such as
    "Greendale 2012" (a name and its year stay on one line)."""
    return "\n".join(textwrap.fill(_YEAR.sub("\u00a0", part), width).replace("\u00a0", " ")
                     for part in note.split("\n"))


_SPEC = re.compile(r"(?:.?(?P<align>[<>=^]))?[+\- ]?z?#?0?(?P<width>\d*)")


def _result(value, name: str = "result") -> Result:
    return validation.instance(value, name, Result, "a model Result (e.g. scenarios.one_cycle())")


def _results(value, name: str = "results", keys: tuple[str, ...] | None = None) -> dict:
    """A non-empty dict {label: Result} (labels from `keys` when given), else ValueError."""
    if not isinstance(value, dict) or not value:
        raise ValueError(f"{name} must be a non-empty dict {{label: Result}}; got "
                         f"{type(value).__name__}")
    for label, result in value.items():
        if keys is not None:
            validation.choice(label, f"{name}' labels", keys)
        elif not isinstance(label, str):
            raise ValueError(f"{name}' labels must be str; got {type(label).__name__}")
        _result(result, f"{name}[{label!r}]")
    return value


def _times(values, name: str, low: float = 0.0, high: float | None = None) -> tuple:
    """A non-empty sequence of numbers from `low` to `high`, else ValueError naming `name`."""
    if isinstance(values, str) or not isinstance(values, list | tuple | range):
        raise ValueError(f"{name} must be a list or tuple of numbers; got "
                         f"{type(values).__name__}")
    if not values:
        raise ValueError(f"{name} must hold at least one number")
    return tuple(validation.number(v, f"{name}[{k}]", low, high) for k, v in enumerate(values))


def _header(text: str, spec: str) -> str:
    """`text` aligned over the width of a format spec (right-aligned unless it says < or ^)."""
    m = _SPEC.match(spec)
    align = m["align"] if m["align"] in ("<", "^") else ">"
    return format(text, f"{align}{m['width']}")


def print_table(rows: Iterable[Sequence[Any]], columns: Sequence[tuple], *,
                note: str | None = None, sep: str = "  ",
                model_output: bool | str = True) -> None:
    """Print `rows` under `columns`, one line a row, cells joined by `sep`.

    Each column is (header, spec) or (header, spec, unit): a cell is ``format(value, spec)``
    (e.g. ">9.2f", or "<12" for text), the header is aligned over the same width, and the
    units, if any column has one, make a second header line; trailing spaces are dropped.
    `note` is printed last. A model table opens with the model-output stamp
    (`course_lib.model_output.TEXT`); pass ``model_output=False`` for a table of published
    figures only, and ``model_output="mixed"`` for a table that sets model columns beside
    published ones (`course_lib.model_output.MIXED_TEXT`: name those columns 'model' and
    'published').
    """
    if model_output not in (True, False, "mixed") or isinstance(model_output, int) \
            and not isinstance(model_output, bool):
        raise ValueError(f"model_output must be True, False or 'mixed'; got {model_output!r}")
    if isinstance(columns, str) or not isinstance(columns, list | tuple) or not columns or any(
            not isinstance(c, list | tuple) or len(c) not in (2, 3)
            or not all(isinstance(x, str) for x in c) for c in columns):
        raise ValueError("columns must be a non-empty list of (header, spec) or (header, spec, "
                         "unit) tuples of str")
    for name, text in (("sep", sep), ("note", note)):
        if not isinstance(text, str) and not (name == "note" and text is None):
            raise ValueError(f"{name} must be a str; got {type(text).__name__}")
    specs = [c[1] for c in columns]
    lines = [[_header(c[0], c[1]) for c in columns]]
    if any(len(c) > 2 and c[2] for c in columns):
        lines.append([_header(c[2] if len(c) > 2 else "", c[1]) for c in columns])
    try:
        rows = list(rows)
    except TypeError:
        raise ValueError(f"rows must be a list of rows; got {type(rows).__name__}") from None
    for i, row in enumerate(rows):
        if isinstance(row, str | bytes | dict) or not hasattr(row, "__len__") \
                or len(row) != len(specs):
            raise ValueError(f"rows[{i}] must be a tuple of {len(specs)} cells (one per column); "
                             f"got {row!r}"[:200])
        try:
            lines.append([format(v, spec) for v, spec in zip(row, specs, strict=True)])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"rows[{i}] does not fit the columns' formats ({exc})") from None
    if model_output == "mixed":
        print(model_output_stamp.MIXED_TEXT)
    elif model_output:
        print(model_output_stamp.TEXT)
    for cells in lines:
        print(sep.join(cells).rstrip())
    if note:
        print(note)


def print_cycle(result, days=(0, 7, 14, 21, 28, 42, 60, 90, 120, 180)) -> None:
    """Print a one-cycle run at the given days: cells, the two sides of the balance, BMD."""
    _result(result)
    days = _times(days, "days")
    end = float(result.t_years[-1])
    rows = []
    for d in days:
        if d / DAYS_PER_YEAR > end + 1e-9:
            break
        now = result.at(min(d / DAYS_PER_YEAR, end))
        rows.append((d, now["osteoclasts"], now["osteoblasts"], now["resorption"],
                     now["formation"], now["bmd_percent"]))
    print_table(rows, [("day", ">4g"), ("osteoclasts", ">11.2f", "(x ref)"),
                       ("osteoblasts", ">11.2f", "(x ref)"), ("resorbed", ">9.1f", "(%/yr)"),
                       ("formed", ">7.1f", "(%/yr)"), ("BMD", ">7.2f", "(%)")],
                note="(model outputs; 'x ref' = multiple of the reference steady state)")


def print_balance(result, years=(1, 2, 5, 10)) -> None:
    """Print a run's two sides of the balance at the given times (model outputs).

    Bone resorbed and formed per year (% of reference bone mass), their gap, and the gap
    per menstrual cycle (the yearly gap divided by `scenarios.CYCLES_PER_YEAR`).
    """
    _result(result)
    years = _times(years, "years", 0, float(result.t_years[-1]))
    rows = []
    for t in years:
        now = result.at(float(t))
        resorbed, formed = float(now["resorption"]), float(now["formation"])
        gap = formed - resorbed
        rows.append((t, resorbed, formed, gap, gap / scenarios.CYCLES_PER_YEAR))
    print_table(rows, [("at year", ">7g"), ("resorbed", ">9.2f", "(%/yr)"),
                       ("formed", ">7.2f", "(%/yr)"), ("gap", ">+7.2f", "(%/yr)"),
                       ("gap per cycle", ">+13.3f", "(%)")],
                note="(model outputs: rates at that moment, not a year's total; a negative "
                     "gap means more bone resorbed than formed)")


def print_accumulation(loss_per_cycle_percent: float, cycles_per_year: float,
                       years=(1, 5, 10, 20)) -> None:
    """A fixed loss each cycle, after so many years: added up, and compounded (each cycle's
    loss a share of what is left). Arithmetic on a made-up number, not model output."""
    loss = validation.number(loss_per_cycle_percent, "loss_per_cycle_percent", 0, 100,
                             what="a loss per cycle in %")
    cycles = validation.number(cycles_per_year, "cycles_per_year", 0, 366, low_open=True,
                               what="cycles in a year")
    years = _times(years, "years", 0, 100)
    rows = [(f"{y:g} {'year' if y == 1 else 'years'}",
             dxa.cumulative_change(-loss, cycles * y),
             dxa.cumulative_change(-loss, cycles * y, compound=True)) for y in years]
    print_table(rows, [("after", "<9"), ("added up", ">9.2f", "(%)"),
                       ("compounded", ">11.2f", "(%)")], model_output=False)


#: Length of SWAN's long window (years): 5 years before to 5 years after the final period. The
#: model's decade is the same length but starts where its transition starts, 1 year before.
SWAN_DECADE_YEARS = 10.0


def print_swan_comparison(results: dict) -> None:
    """Print model losses next to the published SWAN figures (Greendale 2012), saying which
    rows the model was fitted to.

    `results` is {"spine": Result, "hip": Result} from `scenarios.transition_results(...)`
    (the run must start 1 year before the FMP). Rows: the transmenopause (3 years) and, when the
    runs last `SWAN_DECADE_YEARS`, the decade. The spine rows were calibration targets; the hip
    rows were not (the model hip is compared with SWAN's femoral neck, a nearby but different
    site). The model's decade starts 1 year before the FMP, SWAN's 5 years before.
    """
    _results(results, keys=("spine", "hip"))
    s = scenarios.swan()
    w = s.window_years
    transition = f"Transmenopause ({w:g} years)"
    compared = [(transition, "spine", "lumbar spine", s.spine_transition, w, "yes"),
                (transition, "hip", "femoral neck", s.neck_transition, w, "no")]
    end = min(float(r.t_years[-1]) for r in results.values())
    decade = "Ten years (see note)"
    if end >= SWAN_DECADE_YEARS - 1e-9:
        compared += [(decade, "spine", "lumbar spine", s.spine_10y, SWAN_DECADE_YEARS, "yes"),
                     (decade, "hip", "femoral neck", s.neck_10y, SWAN_DECADE_YEARS, "no")]
    rows = [(period, site, f"{100.0 - float(results[site].at(t)['bmd_percent']):.1f}%",
             swan_site, f"{published:g}%", fitted)
            for period, site, swan_site, published, t, fitted in compared if site in results]
    note = ("Model losses are model outputs; SWAN losses are published cohort averages "
            f"({evidence.cite(scenarios.SWAN)}). 'Fitted': the model was calibrated to that "
            "SWAN figure.")
    if end >= SWAN_DECADE_YEARS - 1e-9:
        note += (f"\nNote: the model's ten years run from {s.years_before_fmp:g} year before to "
                 f"{SWAN_DECADE_YEARS - s.years_before_fmp:g} years after the final period; "
                 "SWAN's from 5 years before to 5 years after.")
    print_table(rows, [("period", "<24"), ("model site", "<10"), ("model loss", ">11"),
                       ("SWAN site", "<13"), ("SWAN loss", ">9"), ("fitted", ">7")],
                note=wrap_note(note))


def _within(result, t: float) -> bool:
    return float(t) <= float(result.t_years[-1]) + 1e-9


def print_bmd_at(results: dict, years=(5, 10, 15, 20, 40)) -> None:
    """Print several runs' BMD (% of start) at the given years, one column a run.

    `results` is {label: Result}; years beyond the shortest run are left out.
    """
    _results(results)
    years = _times(years, "years")
    labels = list(results)
    rows = [(t, *(float(results[k].at(float(t))["bmd_percent"]) for k in labels))
            for t in years if all(_within(r, t) for r in results.values())]
    print_table(rows, [("year", ">4g"),
                       *((k, f">{max(len(k), 7)}.1f", "(%)") for k in labels)],
                note="(model outputs: BMD in % of the starting BMD)")


def print_yearly_changes(result, years=(1, 2, 3, 4)) -> None:
    """Print the BMD change during each of the given years (% of the starting BMD; years
    from 1 on, beyond the run left out)."""
    _result(result)
    years = _times(years, "years", 1)
    rows = [(t, float(result.at(float(t))["bmd_percent"])
             - float(result.at(float(t) - 1.0)["bmd_percent"]))
            for t in years if t >= 1 and _within(result, t)]
    print_table(rows, [("year", ">4g"), ("change during the year", ">+22.2f", "(% of start)")],
                note="(model outputs; a negative change is a loss)")


def print_monitoring(results: dict, years=(5, 10), precision: dict | None = None) -> None:
    """Print, for runs that start at a baseline scan (`scenarios.monitoring_run`), when each
    site's loss first reaches the least significant change, and the loss at given years.

    `precision` is {site: % CV}; by default each site's typical precision
    (`scenarios.typical_precision`). Years beyond a run are left blank.
    """
    _results(results, keys=("spine", "hip"))
    years = _times(years, "years")
    if precision is not None:
        if not isinstance(precision, dict) or set(results) - set(precision):
            raise ValueError(f"precision must be None or a dict {{site: % CV}} for every site "
                             f"of results ({', '.join(results)}); got {precision!r}")
    shown = [t for t in years if any(_within(r, t) for r in results.values())]
    rows = []
    for site, run in results.items():
        p = precision[site] if precision else scenarios.typical_precision(site)
        crossing = scenarios.lsc_crossing(run, p)
        reached = "never" if crossing.years is None else f"{crossing.years:.1f}"
        losses = [f"{100.0 - float(run.at(float(t))['bmd_percent']):.1f}"
                  if _within(run, t) else "" for t in shown]
        rows.append((site, f"{crossing.precision:.1f}", f"{crossing.lsc:.2f}", reached,
                     *losses))
    print_table(rows, [("site", "<5"), ("precision", ">9", "(%)"), ("LSC", ">5", "(%)"),
                       ("loss reaches LSC", ">16", "(years)"),
                       *((f"loss at {t:g} y", ">11", "(%)") for t in shown)],
                note="(model outputs for one average woman, from the baseline scan; typical "
                     f"precision from {evidence.cite(scenarios.DXA_PRECISION)})")


def _label_width(results: dict, header: str = "run") -> int:
    return max(len(header), *(len(k) for k in results))


def print_balance_at(results: dict, year: float = 5) -> None:
    """Print, one row a run, the bone resorbed and formed at `year` (% of reference bone mass
    per year) and the BMD at the end of the run (% of start); `results` is {label: Result}."""
    _results(results)
    year = validation.number(year, "year", 0, min(float(r.t_years[-1]) for r in results.values()))
    width = _label_width(results)
    rows = [(label, float(r.at(year)["resorption"]), float(r.at(year)["formation"]),
             float(r.bmd_percent[-1])) for label, r in results.items()]
    end = max(float(r.t_years[-1]) for r in results.values())
    print_table(rows, [("run", f"<{width}"), (f"resorbed, year {year:g}", ">18.1f", "(%/yr)"),
                       (f"formed, year {year:g}", ">16.1f", "(%/yr)"),
                       (f"BMD after {end:g} years", ">20.1f", "(%)")],
                note="(model outputs)")


def print_end_state(results: dict) -> None:
    """Print, one row a run, its turnover (x reference) and BMD change (% of start) at the end
    of the run; `results` is {label: Result}."""
    _results(results)
    width = _label_width(results)
    rows = [(label, float(r.turnover[-1]), float(r.bmd_change)) for label, r in results.items()]
    end = max(float(r.t_years[-1]) for r in results.values())
    print_table(rows, [("run", f"<{width}"), (f"turnover after {end:g} y", ">20.2f", "(x ref)"),
                       (f"BMD change after {end:g} y", ">+23.1f", "(% of start)")],
                note="(model outputs; a negative change is a loss)")


def print_losses(results: dict, years=(1,)) -> None:
    """Print, one row a run, the BMD lost by each of `years` (% of the starting BMD; > 0 for a
    loss); years beyond the shortest run are left out. `results` is {label: Result}."""
    _results(results)
    years = [t for t in _times(years, "years") if all(_within(r, t) for r in results.values())]
    width = _label_width(results)
    rows = [(label, *(100.0 - float(r.at(float(t))["bmd_percent"]) for t in years))
            for label, r in results.items()]
    print_table(rows, [("run", f"<{width}"),
                       *((f"lost by year {t:g}", ">16.2f", "(% of start)") for t in years)],
                note="(model outputs)")
