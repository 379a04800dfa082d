"""Time units shared by every floor: the one place 365.25 is written.

`course_lib.model` re-exports `DAYS_PER_YEAR` (``from course_lib.model import DAYS_PER_YEAR``);
floor-1 modules that may not import the model (e.g. `course_lib.plots`) take it from here.
Floor 0: stdlib only.
"""

__all__ = ["DAYS_PER_YEAR"]

#: Days in a year (the Julian year): model time is in days, results in years.
DAYS_PER_YEAR = 365.25
