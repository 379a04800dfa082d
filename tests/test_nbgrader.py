"""nbgrader round trip: `course nbgrader` exports a set; nbgrader's own generate_assignment and
autograde grade a right and a wrong (check-patching) submission as they should.

nbgrader 0.9 is in the test extras (it installs beside JupyterLab 4.6 without changing it).
The set, its questions as read from the solution notebook, and the type-keeping wrong
answers and check-patching code are those of the class of 30 (tests/test_grading.py).
"""

import copy
import os
import sys
from pathlib import Path

import nbformat
import pytest

from course_lib.grading.cli import main
from course_lib.grading.sets import load_set

nbgrader = pytest.importorskip("nbgrader", reason="nbgrader is in the test extras")

sys.path.insert(0, str(Path(__file__).parent))
from test_grading import (  # noqa: E402  (the class of 30's set and students)
    PATCH_FEEDBACK,
    REDEFINE_CHECKS,
    SET,
    made_wrong,
    read_questions,
    solution_code,
    solution_notebook,
)

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [
    pytest.mark.skipif(not (ROOT / "solutions" / f"{SET}.ipynb").is_file(),
                       reason="needs solutions/ (instructor copy)"),
    # nbgrader's own gradebook code triggers these SQLAlchemy notices; they are not ours.
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]


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

    right = solution_code(SET)
    questions = read_questions(solution_notebook(SET))
    # The wrong submission also redefines every check and patches the feedback engine in
    # every answer cell: with the course's checks alone (they never raise) nbgrader would
    # have given it full marks.
    wrong = dict(right)
    for q in questions:
        wrong[q.answer_cell] = (PATCH_FEEDBACK + REDEFINE_CHECKS
                                + made_wrong(right[q.answer_cell], q.variable))
    students = {"right": right, "wrong": wrong}
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
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {s: gb.find_submission(SET, s).score for s in students}
        per_question = {s: [gb.find_grade(f"check_{q.variable}", SET, SET, s).score
                            for q in questions] for s in students}
    top = sum(q.points for q in questions)
    assert scores == {"right": top, "wrong": 0}, scores
    assert per_question == {"right": [q.points for q in questions],
                            "wrong": [0] * len(questions)}, per_question
    assert set(by_grade_id) >= {f"check_{q.variable}" for q in questions}
