"""`course grade` against submissions beyond the class of 30 (tests/test_grading.py): one
that kills the process grading it, notebooks that are JSON a parser chokes on, cells with
odd ids or types, and a notebook path that is not a regular file. Every student still gets
a row, and nobody else's row changes."""

import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

from course_lib import evidence
from course_lib.grading import gradebook, runner
from course_lib.grading.sets import load_set

SET = "tiny"
KILL = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"


def _tiny_course(root):
    """A course folder holding one one-question set (small, so its kernels start fast)."""
    right = (evidence.value("ovulation_midluteal_progesterone_threshold", "classic_threshold")
             * evidence.value("ovulation_midluteal_progesterone_threshold", "nmol_per_ng"))
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from course_lib.checks import accumulation", id="imports"),
        nbformat.v4.new_code_cell(f"### BEGIN SOLUTION\nclassic_in_nmol = {right!r}\n"
                                  "### END SOLUTION", id="answer"),
        nbformat.v4.new_code_cell("accumulation.threshold_in_nmol(classic_in_nmol)", id="check"),
    ]
    (root / "solutions").mkdir(parents=True)
    nbformat.write(nb, root / "solutions" / f"{SET}.ipynb")
    return load_set(SET, root), right


def _submit(folder, answer_source: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from course_lib.checks import accumulation",
                                          id="imports"),
                nbformat.v4.new_code_cell(answer_source, id="answer"),
                nbformat.v4.new_code_cell("accumulation.threshold_in_nmol(classic_in_nmol)",
                                          id="check")]
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{SET}.ipynb")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_submission_that_kills_its_grader_costs_only_its_own_row(tmp_path):
    # Killing the kernel's parent kills a pool worker, and a dead worker breaks the whole pool:
    # the classmate graded beside it must still get full marks.
    # One worker: the killer goes first, so the classmate is still waiting in the broken pool.
    exercise, right = _tiny_course(tmp_path / "course")
    subs = tmp_path / "submissions"
    _submit(subs / "a_killer", KILL + f"classic_in_nmol = {right!r}")
    _submit(subs / "b_classmate", f"classic_in_nmol = {right!r}")
    killer, classmate = gradebook.grade_all(exercise, gradebook.student_folders(subs), jobs=1,
                                            cell_timeout=30, notebook_timeout=120)
    assert (classmate.student, classmate.total, classmate.problems) == ("b_classmate", 1, [])
    assert killer.student == "a_killer" and killer.total == 0
    assert any("died" in p and "not graded" in p for p in killer.problems), killer.problems


MARK = "sabotage_marker.txt"
SABOTAGE = ("import pathlib, course_lib\n"
            f"(pathlib.Path(course_lib.__file__).parent / {MARK!r}).write_text('x')\n")
SEES_MARK = ("import pathlib, course_lib\n"
             f"seen = (pathlib.Path(course_lib.__file__).parent / {MARK!r}).exists()\n")


def test_what_a_submission_writes_into_the_course_reaches_no_one_else(tmp_path):
    # Each kernel imports a private copy of course_lib: a file written into "the course" by
    # one submission is not there for the next, nor in the installed course.
    import course_lib

    real = Path(course_lib.__file__).resolve().parent / MARK
    exercise, right = _tiny_course(tmp_path / "course")
    subs = tmp_path / "submissions"
    _submit(subs / "a_saboteur", SABOTAGE + f"classic_in_nmol = {right!r}")
    _submit(subs / "b_classmate", SEES_MARK + f"classic_in_nmol = 0 if seen else {right!r}")
    try:   # one after the other, in this process (the copy is made per kernel, by the runner)
        rows = [gradebook.grade_student(exercise, folder, cell_timeout=30, notebook_timeout=120)
                for folder in gradebook.student_folders(subs)]
        assert not real.exists(), "the submission wrote into the installed course"
    finally:
        real.unlink(missing_ok=True)
    assert [(r.student, r.total, r.problems) for r in rows] == [
        ("a_saboteur", 1, []), ("b_classmate", 1, [])]


def test_a_change_to_the_installed_course_during_grading_is_flagged_on_every_row(
        tmp_path, monkeypatch):
    exercise, _ = _tiny_course(tmp_path / "course")
    (tmp_path / "subs" / "ann").mkdir(parents=True)
    digests = iter(["before", "after"])
    monkeypatch.setattr(gradebook, "course_digest", lambda: next(digests))
    [row] = gradebook.grade_all(exercise, [tmp_path / "subs" / "ann"])
    assert row.problems[-1] == gradebook.TAMPERED
    assert "files changed while this class was graded" in gradebook.TAMPERED


@pytest.mark.parametrize("text, problem", [
    ("[" * 100_000 + "]" * 100_000, "RecursionError"),
    ('{"cells": 1' + "1" * 5000 + "}", "ValueError"),
    ('{"cells": [ {"cell_type": "code",', "not valid JSON"),
])
def test_json_that_a_parser_chokes_on_is_named_not_a_grader_error(tmp_path, text, problem):
    exercise, _ = _tiny_course(tmp_path / "course")
    path = tmp_path / f"{SET}.ipynb"
    path.write_text(text, encoding="utf-8")
    sub = runner.read_submission(path, exercise)
    assert not sub.readable
    assert any(problem in p and "not graded" in p for p in sub.problems), sub.problems


def test_cells_with_odd_ids_and_types_are_read_not_crashed_on(tmp_path):
    exercise, right = _tiny_course(tmp_path / "course")
    nb = {"cells": [{"cell_type": "code", "id": ["a", "list"], "source": "x = 1"},
                    {"cell_type": {"a": "dict"}, "id": "imports", "source": ""},
                    {"cell_type": "code", "id": {"k": 1}, "source": f"classic_in_nmol = {right}"}],
          "nbformat": 4, "nbformat_minor": 5, "metadata": {}}
    path = tmp_path / f"{SET}.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    sub = runner.read_submission(path, exercise)
    assert sub.readable and sub.answers == {"answer": f"classic_in_nmol = {right}"}
    assert any("found by its variable" in p for p in sub.problems), sub.problems


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_notebook_path_that_is_not_a_regular_file_is_not_read(tmp_path):
    # Reading a named pipe would block the grader for ever.
    os.mkfifo(tmp_path / f"{SET}.ipynb")
    path, notes = gradebook.find_notebook(tmp_path, SET)
    assert path is None and notes == [f"no {SET}.ipynb in the folder; not graded"]
