"""The exercise sets as nbgrader source notebooks, and the assertion their grading cells make.

`export` writes ``DEST/source/SET/SET.ipynb`` for each set (nbgrader's course layout), from
the solution notebook, with nbgrader cell metadata:

- a code answer cell (``### BEGIN SOLUTION`` ...) is an autograded answer
  (``solution``, grade id ``answer_VAR``); nbgrader's own ``generate_assignment`` turns it
  into the student's stub;
- a check cell becomes a locked autograder test (``grade``, ``locked``, grade id
  ``check_VAR``, the question's points) whose source is
  ``require_correct("course_lib.checks.KEY", "FUNCTION", VAR)``: it shows the course's
  feedback and raises AssertionError unless the trusted check says correct (the course's own
  checks never raise, which is why nbgrader alone gave full marks to wrong answers);
- a Markdown answer ("think about it", not checked by the course) becomes a manually graded
  answer worth 0 points, so instructors can read it;
- every other cell is locked (read-only), so nbgrader restores it before autograding.

nbgrader runs students' code and these cells in one kernel. `require_correct` judges a plain
copy of the answer with a freshly imported key, away from whatever the student's cells did to
the loaded course modules (a redefined check, a patched feedback engine or model); it cannot
defend against code that rewrites the grading cell's own machinery. ``course grade`` can.
"""

from __future__ import annotations

import copy
import importlib
import os
import re
import sys
from pathlib import Path
from typing import Any

import nbformat

__all__ = ["export", "require_correct"]

SCHEMA = 3
_INSTALL = str(Path(__file__).resolve().parents[2])  # the folder holding course_lib/


# --------------------------------------------------------------------------- in the kernel


def _fresh_call(module: str, function: str, answer: Any):
    """Call `module.function(answer)` from a fresh import of course_lib (installed copy)."""
    saved = {k: v for k, v in sys.modules.items()
             if k == "course_lib" or k.startswith("course_lib.")}
    path = list(sys.path)
    here = {"", ".", os.getcwd()}
    try:
        for name in saved:
            del sys.modules[name]
        sys.path[:] = [_INSTALL] + [p for p in path if p not in here and p != _INSTALL]
        importlib.invalidate_caches()
        check = getattr(importlib.import_module(module), function)
        mode = importlib.import_module("course_lib.checks.mode")
        with mode.judging():
            return check(answer)
    finally:
        for name in [k for k in sys.modules if k == "course_lib" or k.startswith("course_lib.")]:
            del sys.modules[name]
        sys.modules.update(saved)
        sys.path[:] = path


def require_correct(module: str, function: str, answer: Any) -> None:
    """Show the trusted check's feedback on `answer`; raise AssertionError unless correct.

    For nbgrader grading cells: the answer is reduced to a plain value and judged by a
    freshly imported key (see the module docstring for what this does and does not stop).
    """
    from course_lib.grading.values import decode, encode

    if not isinstance(module, str) or not module.startswith("course_lib.checks"):
        raise ValueError(f"module must be a course_lib.checks module, got {module!r}")
    feedback = _fresh_call(module, function, decode(encode(answer)))
    try:
        from IPython.display import display

        display(feedback)
    except ImportError:  # pragma: no cover - outside Jupyter
        print(feedback)
    if getattr(feedback, "status", None) != "correct":
        raise AssertionError(str(feedback))


# --------------------------------------------------------------------------- export


def _grade_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


def _meta(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked,
            "schema_version": SCHEMA, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def source_notebook(solution_nb, questions) -> Any:
    """The nbgrader source version of one solution notebook (a new notebook)."""
    nb = copy.deepcopy(solution_nb)
    checks = {q.check_cell: q for q in questions}
    answers = {q.answer_cell: q for q in questions}
    for index, cell in enumerate(nb.cells):
        cid = cell.get("id") or f"cell-{index}"
        meta = cell.setdefault("metadata", {})
        if cid in checks:
            q = checks[cid]
            extra = "".join(f", {a!r}" for a in q.args) + "".join(
                f", {k}={v!r}" for k, v in q.kwargs)
            if extra:
                raise ValueError(f"{q.check_name}: checks with extra arguments cannot be "
                                 "exported to nbgrader yet")
            cell.source = ("from course_lib.grading.nbgrader import require_correct\n"
                           f"require_correct({q.module!r}, {q.function!r}, {q.variable})")
            cell.outputs = []
            cell.execution_count = None
            meta["nbgrader"] = _meta(f"check_{_grade_id(q.variable)}", grade=True,
                                     locked=True, points=q.points)
        elif "BEGIN SOLUTION" in cell.source and cell.cell_type == "code":
            name = answers[cid].variable if cid in answers else cid
            meta["nbgrader"] = _meta(f"answer_{_grade_id(name)}", solution=True)
        elif "BEGIN SOLUTION" in cell.source:
            meta["nbgrader"] = _meta(f"written_{_grade_id(cid)}", grade=True, solution=True,
                                     points=0)
        else:
            meta["nbgrader"] = _meta(f"cell_{_grade_id(cid)}", locked=True)
    return nb


def export(root: Path, dest: Path, names: list[str] | None = None) -> list[Path]:
    """Write nbgrader source notebooks for the sets `names` (default: all) under
    ``dest/source/``; return their paths."""
    from course_lib.grading.sets import list_sets, load_set

    known = list_sets(root)
    names = list(names or known)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown set(s) {unknown}: the sets are {', '.join(known)}")
    written = []
    for name in names:
        exercise = load_set(name, root)
        if exercise.source.parent.name != "solutions" and "solutions" not in \
                exercise.source.parts:
            raise ValueError(f"{name}: exporting needs its solution notebook (solutions/)")
        solution = nbformat.read(exercise.source, as_version=4)
        nb = source_notebook(solution, exercise.questions)
        path = Path(dest) / "source" / name / f"{name}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)
        written.append(path)
    return written
