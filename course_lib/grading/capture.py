"""Runs inside the student's kernel during grading: publish one answer as plain data.

The grader puts a cell calling `emit` where each check cell was. Whatever the student's code
did to this kernel, `emit` can at worst report a wrong value for that student's own answer,
which the student could have typed anyway; judging happens in the grader's own process.
"""

from __future__ import annotations

from typing import Any

from course_lib.grading.values import encode

__all__ = ["MIME", "emit", "payload"]

#: MIME type of the display message that carries an answer out of the kernel.
MIME = "application/vnd.course-answer+json"


def payload(name: str, namespace: dict[str, Any]) -> dict:
    """{"name": name, "value": encoded value} or {"name": name, "missing": True}."""
    if name not in namespace:
        return {"name": name, "missing": True}
    return {"name": name, "value": encode(namespace[name])}


def emit(name: str, namespace: dict[str, Any]) -> None:
    """Publish `namespace[name]` (plain data only) as a display message of type `MIME`."""
    from IPython.display import publish_display_data

    publish_display_data({MIME: payload(name, namespace)})
