"""``python -m course_lib.grading`` runs the `course` command."""

import sys

from course_lib.grading.cli import main

sys.exit(main())
