"""Practice numbers: the made-up inputs of exercises, printed with a label saying so.

Each answer key keeps its own table, ``PRACTICE = {group: {name: value}}`` with ``UNITS =
{name: units}``, and a one-line ``practice(group)`` wrapper around `practice_namespace`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import make_dataclass
from typing import Any

from course_lib import validation

__all__ = ["practice_namespace", "Practice", "Given", "frozen_record"]


class Practice:
    """Base of the frozen records `practice_namespace` returns (one field per number)."""


class Given:
    """Base of the frozen records of published numbers a question gives (one field each)."""


def frozen_record(name: str, values: Mapping[str, Any], base: type) -> Any:
    """`values` as an instance of a new frozen dataclass `name` (one field per key)."""
    return make_dataclass(name, list(values), bases=(base,), frozen=True)(**values)


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
    return frozen_record(f"Practice_{group}", values, Practice)
