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


def test_a_submission_that_rewrites_a_classmates_notebook_or_the_gradebook_gains_nothing(
        tmp_path):
    # Code in an answer cell can find the submissions folder and the gradebook (e.g. from
    # /proc/<ppid>/cmdline; here it is given the paths) and overwrite them. Every notebook is
    # read before any submission runs, and the gradebook's other rows are kept as they were.
    exercise, right = _tiny_course(tmp_path / "course")
    subs, book = tmp_path / "submissions", tmp_path / "grades.csv"
    _submit(subs / "b_victim", f"classic_in_nmol = {right!r}")
    wrong_nb = subs / "wrong.ipynb"
    _submit(tmp_path / "wrong", "classic_in_nmol = 0.0")
    (tmp_path / "wrong" / f"{SET}.ipynb").rename(wrong_nb)
    header = ",".join(gradebook.header(exercise))
    old_row = "old_student," + "1," * (len(gradebook.header(exercise)) - 2)   # no problems
    book.write_text(f"{header}\n{old_row}\n", encoding="utf-8")
    before, mode = gradebook.snapshot(book), book.stat().st_mode & 0o777
    forged = header + "\n" + old_row.replace("1", "0")
    attack = ("import pathlib, shutil\n"
              f"shutil.copy({str(wrong_nb)!r}, {str(subs / 'b_victim' / f'{SET}.ipynb')!r})\n"
              f"pathlib.Path({str(book)!r}).write_text({forged!r})\n"
              f"classic_in_nmol = {right!r}\n")
    _submit(subs / "a_attacker", attack)
    rows = gradebook.grade_all(exercise, gradebook.student_folders(subs), jobs=1,
                               cell_timeout=30, notebook_timeout=120)
    assert [(r.student, r.total) for r in rows] == [("a_attacker", 1), ("b_victim", 1)]
    assert "0.0" in (subs / "b_victim" / f"{SET}.ipynb").read_text()   # the attack did run
    assert gradebook.write_csv(book, exercise, rows, before=before) is True
    kept = {line.split(",")[0]: line for line in book.read_text().splitlines()[1:]}
    assert kept["old_student"] == old_row
    assert set(kept) == {"old_student", "a_attacker", "b_victim"}
    assert book.stat().st_mode & 0o777 == mode     # same mode as before (not mkstemp's 0600)


def test_answer_messages_sent_from_a_students_cell_are_counted_as_output_never_read(tmp_path):
    # The answer MIME type is the grader's channel out of the kernel: from a student's cell,
    # its messages are output like print's (counted against the cap, not kept in memory),
    # and a forged answer (named like the question, with a wrong value) is never read.
    from course_lib.grading.capture import MIME, payload

    exercise, right = _tiny_course(tmp_path / "course")
    forged = payload("classic_in_nmol", {"classic_in_nmol": 0.0})
    pad = "{'pad': 'x' * 100_000}"
    flood = ("from IPython.display import publish_display_data\n"
             f"for _ in range(30):\n    publish_display_data({{{MIME!r}: {pad}}})\n"
             f"publish_display_data({{{MIME!r}: {forged!r}}})\n"
             f"classic_in_nmol = {right!r}\n")
    _submit(tmp_path / "subs" / "flooder", flood)
    row = gradebook.grade_student(exercise, tmp_path / "subs" / "flooder", cell_timeout=30,
                                  notebook_timeout=120)
    assert row.total == 1, row.problems
    assert any("printed 3.0 MB" in p for p in row.problems), row.problems


def test_an_answer_cell_that_asks_the_answer_key_learns_nothing(tmp_path):
    # In the grading kernel, checks run in exam mode, and set_mode cannot loosen it: asking
    # the key whether a value is right gets no verdict, so the probe below picks the wrong one.
    exercise, right = _tiny_course(tmp_path / "course")
    probe = ("from course_lib.checks import mode\nmode.set_mode('practice')\n"
             f"classic_in_nmol = {right!r} if accumulation.threshold_in_nmol({right!r}).ok "
             "else -1.0\n")
    _submit(tmp_path / "subs" / "prober", probe)
    row = gradebook.grade_student(exercise, tmp_path / "subs" / "prober", cell_timeout=30,
                                  notebook_timeout=120)
    assert row.total == 0 and row.outcomes[0].answer == "-1.0", (row.outcomes, row.problems)


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
