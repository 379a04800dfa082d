"""nbgrader round trip: `course nbgrader` exports a set; nbgrader's own generate_assignment and
autograde grade a right and a wrong (check-patching) submission as they should.

nbgrader 0.9 is in the test extras (it installs beside JupyterLab 4.6 without changing it).
"""

import copy
import os
import sys
from pathlib import Path

import nbformat
import pytest

from course_lib.authoring import BEGIN_SOLUTION, END_SOLUTION
from course_lib.grading.cli import main
from course_lib.grading.sets import load_set

nbgrader = pytest.importorskip("nbgrader", reason="nbgrader is in the test extras")

ROOT = Path(__file__).resolve().parents[1]
SET = "1.3_accumulation"
pytestmark = [
    pytest.mark.skipif(not (ROOT / "solutions" / f"{SET}.ipynb").is_file(),
                       reason="needs solutions/ (instructor copy)"),
    # nbgrader's own gradebook code triggers these SQLAlchemy notices; they are not ours.
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]

PATCH_EVERYTHING = """
import course_lib.checks.feedback as fb, course_lib.checks.accumulation as acc
always = lambda *args, **kwargs: fb.Feedback('correct', 'patched')
for name in dir(acc):
    if callable(getattr(acc, name)):
        setattr(acc, name, always)
fb.check_number = always
fb.Feedback.ok = property(lambda self: True)
"""


def solution_blocks() -> dict[str, str]:
    nb = nbformat.read(ROOT / "solutions" / f"{SET}.ipynb", as_version=4)
    return {c.id: "\n".join(ln for ln in c.source.split("\n")
                            if BEGIN_SOLUTION not in ln and END_SOLUTION not in ln)
            for c in nb.cells if c.cell_type == "code" and BEGIN_SOLUTION in c.source}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("nbgrader-course")
    assert main(["--course", str(ROOT), "nbgrader", str(root), SET]) == 0
    return root


def test_export_marks_cells_for_nbgrader(course):
    nb = nbformat.read(course / "source" / SET / f"{SET}.ipynb", as_version=4)
    exercise = load_set(SET, ROOT)
    meta = {c.id: c.metadata["nbgrader"] for c in nb.cells}
    for q in exercise.questions:
        grade = meta[q.check_cell]
        assert grade["grade"] and grade["locked"] and grade["points"] == q.points
        assert grade["grade_id"] == f"check_{q.variable}"
        assert meta[q.answer_cell]["solution"] and not meta[q.answer_cell]["locked"]
    ids = [m["grade_id"] for m in meta.values()]
    assert len(ids) == len(set(ids))


def test_nbgrader_generate_and_autograde_score_right_and_wrong(course, monkeypatch):
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    # nbgrader runs its `alembic` tool from PATH: the venv's bin folder must be on it.
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(course)
    config = Config()
    config.CourseDirectory.root = str(course)
    config.CourseDirectory.course_id = "hormones-and-bone"
    config.Exchange.root = str(course / "exchange")
    config.ExecutePreprocessor.timeout = 120
    api = NbGraderAPI(config=config)
    result = api.generate_assignment(SET)
    assert result["success"], result.get("log") or result.get("error")
    released = nbformat.read(course / "release" / SET / f"{SET}.ipynb", as_version=4)
    text = nbformat.writes(released)
    assert "BEGIN SOLUTION" not in text and "require_correct" in text

    right = solution_blocks()
    # The wrong submission also redefines every check and patches the feedback engine: with
    # the course's checks alone (they never raise) nbgrader would have given it full marks.
    students = {
        "right": right,
        "wrong": {cid: PATCH_EVERYTHING + code + "\n" + _rebind(code, "* 2 + 1")
                  for cid, code in right.items()},
    }
    by_grade_id = {c.metadata["nbgrader"]["grade_id"]: c.id for c in released.cells}
    for student, answers in students.items():
        nb = copy.deepcopy(released)
        for cell in nb.cells:
            if cell.id in answers:
                cell.source = answers[cell.id]
        folder = course / "submitted" / student / SET
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{SET}.ipynb")
        result = api.autograde(SET, student)
        assert result["success"], result.get("log") or result.get("error")
    exercise = load_set(SET, ROOT)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {s: gb.find_submission(SET, s).score for s in students}
        per_question = {
            q.variable: gb.find_grade(f"check_{q.variable}", SET, SET, "right").score
            for q in exercise.questions}
    assert scores == {"right": exercise.max_points, "wrong": 0}, scores
    assert set(per_question.values()) == {1}, per_question
    assert set(by_grade_id) >= {f"check_{q.variable}" for q in exercise.questions}


def _rebind(code: str, change: str) -> str:
    """The answer variable of an answer block (its last assignment) made wrong: x = x * 2 + 1."""
    last = [ln.split("=")[0].strip() for ln in code.split("\n") if "=" in ln][-1]
    return f"{last} = {last} {change}"
