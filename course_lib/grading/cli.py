"""The `course` command for instructors (also ``python -m course_lib.grading``).

    course release DEST [--mode practice|graded|exam]
    course grade ASSIGNMENT SUBMISSIONS --out grades.csv [--feedback DIR] [--timeout S]
                 [--notebook-timeout S] [--jobs N]
    course nbgrader DEST [SET ...]
    course sets

Every command takes ``--course DIR`` (default: the checkout the course is installed from).
Exit status: 0 when the work is done (for `grade`: every student folder got a row), 2 for an
instructor's mistake (unknown assignment, missing folder), with a message saying what to fix.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _positive(kind: type):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
        return value
    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course", description="Instructor tools: release a student copy, grade "
        "submissions, export to nbgrader. Guide: docs/instructors.md.")
    parser.add_argument("--course", metavar="DIR", default=None,
                        help="the course checkout (default: where course_lib is installed from)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("release", help="write a student copy (no solutions) to DEST")
    p.add_argument("dest", metavar="DEST", help="a new or empty folder")
    p.add_argument("--mode", choices=("practice", "graded", "exam"), default="practice",
                   help="feedback the copy's checks give (default practice; see "
                        "course_lib/checks/mode.py)")

    p = sub.add_parser("grade", help="grade a folder of submissions into a CSV gradebook")
    p.add_argument("assignment", metavar="ASSIGNMENT", help="an exercise set, e.g. "
                   "1.1_remodeling_balance")
    p.add_argument("submissions", metavar="SUBMISSIONS",
                   help="a folder holding one folder per student (named by student id)")
    p.add_argument("--out", required=True, metavar="CSV", help="the gradebook (rows for "
                   "other students already in it are kept)")
    p.add_argument("--feedback", metavar="DIR", help="write DIR/STUDENT/ASSIGNMENT.md")
    p.add_argument("--timeout", type=_positive(float), default=60.0, metavar="S",
                   help="seconds per cell (default 60)")
    p.add_argument("--notebook-timeout", type=_positive(float), default=None, metavar="S",
                   help="seconds per notebook (default 5 x --timeout + 30)")
    p.add_argument("--jobs", type=_positive(int), default=None, metavar="N",
                   help="submissions graded at once (default: the number of cores)")

    p = sub.add_parser("nbgrader", help="export exercise sets as nbgrader source notebooks")
    p.add_argument("dest", metavar="DEST", help="an nbgrader course folder (source/ is "
                   "written inside it)")
    p.add_argument("sets", metavar="SET", nargs="*", help="sets to export (default: all)")

    sub.add_parser("sets", help="list the exercise sets and their questions")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        from course_lib.grading.sets import find_course_root

        root = find_course_root(args.course)
        if args.command == "release":
            return _release(root, args)
        if args.command == "grade":
            return _grade(root, args)
        if args.command == "nbgrader":
            return _nbgrader(root, args)
        return _sets(root)
    except ValueError as exc:
        print(f"course {args.command}: {exc}", file=sys.stderr)
        return 2


def _release(root: Path, args) -> int:
    from course_lib.grading.release import release

    dest = release(root, Path(args.dest), mode=args.mode)
    print(f"wrote a student copy to {dest} (feedback mode: {args.mode}); see its README.md")
    return 0


def _sets(root: Path) -> int:
    from course_lib.grading.sets import list_sets, load_set

    for name in list_sets(root):
        exercise = load_set(name, root)
        print(f"{name} ({exercise.max_points:g} points)")
        for q in exercise.questions:
            print(f"  {q.variable:<28} {q.points:g}  {q.check_name}")
    return 0


def _nbgrader(root: Path, args) -> int:
    from course_lib.grading.nbgrader import export

    for path in export(root, Path(args.dest), args.sets or None):
        print(f"wrote {path}")
    return 0


def _grade(root: Path, args) -> int:
    from course_lib.grading import gradebook
    from course_lib.grading.sets import load_set

    exercise = load_set(args.assignment, root)
    if not exercise.questions:
        raise ValueError(f"{args.assignment} has no graded questions (no check cells found)")
    submissions = Path(args.submissions)
    if not submissions.is_dir():
        raise ValueError(f"SUBMISSIONS must be a folder of student folders; "
                         f"{str(submissions)!r} is not a folder")
    folders = gradebook.student_folders(submissions)
    if not folders:
        raise ValueError(f"{submissions} holds no student folders (one folder per student, "
                         "named by student id)")
    out = Path(args.out)
    if out.is_dir():
        raise ValueError(f"--out must be a CSV file, {str(out)!r} is a folder")
    _prepare_checks(exercise)
    jobs = args.jobs or os.cpu_count() or 1
    notebook_timeout = args.notebook_timeout or 5 * args.timeout + 30
    print(f"grading {len(folders)} submission(s) of {exercise.name} "
          f"({len(exercise.questions)} questions, {exercise.max_points:g} points), "
          f"{min(jobs, len(folders))} at a time", file=sys.stderr)

    def progress(row) -> None:
        note = f"  ({len(row.problems)} problem(s))" if row.problems else ""
        print(f"  {row.student}: {row.total:g}/{row.max_points:g}{note}", file=sys.stderr)

    before = gradebook.snapshot(out)
    rows = gradebook.grade_all(exercise, folders, jobs=jobs, cell_timeout=args.timeout,
                               notebook_timeout=notebook_timeout, progress=progress)
    changed = gradebook.write_csv(out, exercise, rows, before=before)
    print(f"wrote {len(rows)} row(s) to {out}")
    if changed:
        print(f"WARNING: {gradebook.GRADEBOOK_CHANGED}", file=sys.stderr)
    if any(gradebook.TAMPERED in row.problems for row in rows):
        print(f"WARNING: {gradebook.TAMPERED}", file=sys.stderr)
    if args.feedback:
        paths = gradebook.write_feedback(Path(args.feedback), exercise, rows)
        print(f"wrote {len(paths)} feedback file(s) under {args.feedback}")
    return 0


def _prepare_checks(exercise) -> None:
    """Import every check and run it once on None before any student code runs: a broken
    key stops here (the instructor's to fix), and the trusted code is in memory before any
    submission could touch a file."""
    for q in exercise.questions:
        try:
            check = q.checker()
        except (ImportError, AttributeError) as exc:
            raise ValueError(f"the check {q.check_name} for {q.variable!r} cannot be "
                             f"imported ({exc})") from None
        if not callable(check):
            raise ValueError(f"{q.check_name} is not a function")
        try:
            q.judge(None)
        except Exception as exc:
            raise ValueError(f"the check {q.check_name} fails on an unanswered question "
                             f"({type(exc).__name__}: {exc}); fix the answer key") from None
