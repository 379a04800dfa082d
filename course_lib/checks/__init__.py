"""Checks: the feedback engine (`checks.feedback`) and one answer key per exercise set.

Answer keys are submodules imported on demand, e.g. ``from course_lib.checks import
fundamentals``; this package itself only loads the engine.
"""

from course_lib.checks.feedback import (
    PREFIXES,
    STATUSES,
    Feedback,
    check_bool,
    check_choice,
    check_number,
    check_range,
    check_sequence,
    never_raises,
    normalize_label,
)

__all__ = [
    "PREFIXES",
    "STATUSES",
    "Feedback",
    "check_bool",
    "check_choice",
    "check_number",
    "check_range",
    "check_sequence",
    "never_raises",
    "normalize_label",
]
