"""The "model output" stamp: how model tables and figures show they are not measurements.

`course_lib.tables.print_table` prints `TEXT` above every table and the plot helpers of
`course_lib.plots` put `LABEL` in the top-right title slot of the Axes they draw (matplotlib
keeps that slot free of data, and constrained layout makes room for it). A table that sets
model numbers beside published ones opens with `MIXED_TEXT` instead
(``print_table(..., model_output="mixed")``), which says which columns are which. In Markdown
the same stamp opens a block written ``> {{model output}}`` (see tools/render_citations.py).
"""

from __future__ import annotations

__all__ = ["LABEL", "TEXT", "MIXED_TEXT", "STAMPS", "stamp_axes", "is_stamped"]

#: The stamp itself (figures, and the Markdown block's badge).
LABEL = "MODEL OUTPUT"
#: The first line of every model table.
TEXT = f"[{LABEL}: computed by the course model, not measured]"
#: The first line of a table whose 'model' columns sit beside 'published' ones.
MIXED_TEXT = (f"[{LABEL} beside PUBLISHED figures: 'model' = computed by the course model; "
              "'published' = measured]")
#: Every first line that stamps a table as (holding) model output.
STAMPS = (TEXT, MIXED_TEXT)


def stamp_axes(ax):
    """Write `LABEL` in the top-right title slot of `ax` (idempotent); returns `ax`."""
    if not hasattr(ax, "set_title") or not hasattr(ax, "get_title"):
        raise ValueError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    ax.set_title(LABEL, loc="right", fontsize="small", fontweight="bold", color="0.35")
    return ax


def is_stamped(ax) -> bool:
    """True if `ax` carries the model-output stamp."""
    return ax.get_title(loc="right") == LABEL
