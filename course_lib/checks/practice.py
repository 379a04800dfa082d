"""Practice numbers: the made-up inputs of exercises, printed with a label saying so.

Each answer key keeps its own table, ``PRACTICE = {group: {name: value}}`` with ``UNITS =
{name: units}``, and a one-line ``practice(group)`` wrapper around `practice_namespace`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import make_dataclass
from typing import Any

from course_lib import validation

__all__ = ["practice_namespace", "Practice"]


class Practice:
    """Base of the frozen records `practice_namespace` returns (one field per number)."""


def practice_namespace(table: Mapping[str, Mapping[str, Any]], units: Mapping[str, str],
                       group: str, *, show: bool = True) -> Practice:
    """Print a group of practice numbers (labelled as made up) and return them by name."""
    validation.choice(group, "group", table)
    values = table[group]
    if show:
        parts = []
        for key, value in values.items():
            shown = repr(list(value) if isinstance(value, tuple) else value)
            parts.append(f"{key} = {shown}" + (f" {units[key]}" if key in units else ""))
        print("Practice numbers (made up for this exercise, not data): " + "; ".join(parts))
    record = make_dataclass(f"Practice_{group}", list(values), bases=(Practice,), frozen=True)
    return record(**values)
