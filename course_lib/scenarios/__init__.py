"""Named model runs that lessons, solutions and answer keys share, one module per tier.

Tier 1's runs (`scenarios.fundamentals`) are re-exported here, so ``scenarios.one_cycle(...)``
works; later tiers add ``scenarios.intermediate`` and ``scenarios.academic``.
"""

from course_lib.scenarios import fundamentals as _fundamentals
from course_lib.scenarios.fundamentals import *  # noqa: F403  (names listed once, in __all__)

__all__ = list(_fundamentals.__all__)
