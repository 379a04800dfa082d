"""Checks: the feedback engine (`checks.feedback`) and one answer key per exercise set.

Answer keys are submodules imported on demand, e.g. ``from course_lib.checks import
fundamentals``; this package itself only loads the engine.
"""

from course_lib.checks import feedback as _feedback
from course_lib.checks.feedback import *  # noqa: F403  (the engine's public names, listed once)

__all__ = list(_feedback.__all__)
