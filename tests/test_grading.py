"""`course grade`: a synthetic class of 30 submissions, every row checked; regrading; errors.

The class is built from the smallest exercise set: right answers are the solution notebook's
own answer cells, wrong ones change each right answer (x -> 2x + 1, which no key accepts),
and the malformed ones are what students (or attempts to fool the grader) produce. What each
row should be is written here from the case, not read back from the grader.
"""

import copy
import csv
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_output

from course_lib.authoring import BEGIN_SOLUTION, END_SOLUTION
from course_lib.grading import gradebook
from course_lib.grading.cli import main
from course_lib.grading.sets import list_sets, load_set

ROOT = Path(__file__).resolve().parents[1]
SET = "1.3_accumulation"  # the smallest set: five questions, fast model runs
HAS_SOLUTIONS = (ROOT / "solutions" / f"{SET}.ipynb").is_file()
pytestmark = pytest.mark.skipif(not HAS_SOLUTIONS, reason="needs solutions/ (instructor copy)")

CELL_TIMEOUT = 12  # seconds; the slowest honest cell here takes well under 1 s


def solution_code(name: str) -> dict[str, str]:
    """Answer cell id -> the worked answer (the solution block, markers removed)."""
    nb = nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)
    out = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and BEGIN_SOLUTION in cell.source:
            lines = [ln for ln in cell.source.split("\n")
                     if BEGIN_SOLUTION not in ln and END_SOLUTION not in ln]
            out[cell.id] = "\n".join(lines)
    return out


@pytest.fixture(scope="module")
def exercise():
    return load_set(SET, ROOT)


# --------------------------------------------------------------------------- the class


@dataclass
class Case:
    student: str
    build: object  # (folder, helper) -> None
    scores: list  # points per question, in notebook order
    problems: tuple = ()  # substrings the problems cell must hold ("" = must be empty)


class Builder:
    """Writes student notebooks: answers by variable, from the exercise notebook."""

    def __init__(self, exercise):
        self.exercise = exercise
        code = solution_code(SET)
        self.vars = exercise.variables
        self.cell_of = {q.variable: q.answer_cell for q in exercise.questions}
        self.right = {v: code[self.cell_of[v]] for v in self.vars}
        self.wrong = {v: self.right[v] + f"\n{v} = {v} * 2 + 1" for v in self.vars}

    def notebook(self, answers: dict):
        nb = copy.deepcopy(self.exercise.notebook)
        for cell in nb.cells:
            for var, source in answers.items():
                if cell.get("id") == self.cell_of[var]:
                    cell.source = source
        return nb

    def mix(self, pattern: str):
        """'RW-..': R right, W wrong, - unanswered, per question."""
        return {v: {"R": self.right[v], "W": self.wrong[v]}[c]
                for v, c in zip(self.vars, pattern, strict=True) if c != "-"}

    def write(self, folder: Path, nb, name=f"{SET}.ipynb"):
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / name)


def _raw(folder: Path, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{SET}.ipynb").write_text(text, encoding="utf-8")


def _no_ids(b, folder):
    data = json.loads(nbformat.writes(b.notebook(b.mix("RRRRR"))))
    data["nbformat_minor"] = 4
    for cell in data["cells"]:
        cell.pop("id", None)
    _raw(folder, json.dumps(data))


def _extra_cells(b, folder):
    nb = b.notebook(b.mix("RRRRR"))
    for k, pos in enumerate((3, 7, 12)):
        nb.cells.insert(pos, new_code_cell(f"scratch_{k} = 2 ** {k}\nprint(scratch_{k})"))
    b.write(folder, nb)


def _delete(b, folder, pattern, predicate):
    nb = b.notebook(b.mix(pattern))
    nb.cells = [c for c in nb.cells if not predicate(c)]
    b.write(folder, nb)


def _reordered(b, folder):
    nb = b.notebook(b.mix("RRRRR"))
    nb.cells = nb.cells[::-1]
    b.write(folder, nb)


def _replace(b, folder, pattern, var, source):
    answers = b.mix(pattern)
    answers[var] = source
    b.write(folder, b.notebook(answers))


def _course_lib_beside(b, folder):
    b.write(folder, b.notebook(b.mix("RRRRR")))
    fake = folder / "course_lib"
    (fake / "grading").mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('the fake course_lib was imported')\n")
    (fake / "grading" / "__init__.py").write_text("")
    (fake / "grading" / "capture.py").write_text(
        "def emit(name, namespace):\n    from IPython.display import publish_display_data\n"
        "    publish_display_data({'application/vnd.course-answer+json': {'name': name, "
        "'value': {'t': 'float', 'v': '42.0'}}})\n")


def _correct_in_outputs(b, folder):
    nb = b.notebook(b.mix("WWWWW"))
    checks = {q.check_cell for q in b.exercise.questions}
    for cell in nb.cells:
        if cell.get("id") in checks:
            cell.execution_count = 1
            cell.outputs = [new_output("execute_result", execution_count=1, data={
                "text/plain": "Correct: your answer matches the expected value.",
                "text/html": '<div class="course-feedback course-feedback-correct">Correct</div>'})]
    b.write(folder, nb)


def _two_copies(b, folder):
    b.write(folder, b.notebook(b.mix("RR---")))
    b.write(folder / "old" / "attempt", b.notebook(b.mix("RRRRR")))
    (folder / ".ipynb_checkpoints").mkdir()
    b.write(folder / ".ipynb_checkpoints", b.notebook(b.mix("RRRRR")))


REDEFINE_CHECKS = """
accumulation.steady_deficit_change = lambda answer: 'Correct: yes'
accumulation.swan_transition_rate = accumulation.steady_deficit_change
accumulation.swan_transition_share = accumulation.steady_deficit_change
accumulation.model_transition_spine_change = accumulation.steady_deficit_change
accumulation.model_spine_to_hip_ratio = accumulation.steady_deficit_change
def check_number(*args, **kwargs):
    return 'Correct'
"""

PATCH_FEEDBACK = """
import course_lib.checks.feedback as fb
always = lambda *args, **kwargs: fb.Feedback('correct', 'patched')
for name in ('check_number', 'check_range', 'check_choice', 'check_bool', 'check_sequence'):
    setattr(fb, name, always)
fb.Feedback.ok = property(lambda self: True)
import course_lib.checks.accumulation as acc
acc.check_number = always
acc.check_range = always
"""

PATCH_MODEL = """
import types
import course_lib.model, course_lib.scenarios
fake = lambda *args, **kwargs: types.SimpleNamespace(bmd_change=-1.0)
course_lib.model.simulate_history = fake
simulate_history = fake
for name in dir(course_lib.scenarios):
    if callable(getattr(course_lib.scenarios, name)):
        setattr(course_lib.scenarios, name, fake)
model_spine_change = simulate_history([("menopause_transition", 3)], site="spine").bmd_change
"""

LYING_FLOAT = """
class Sneaky(float):
    def __eq__(self, other):
        return True
    __le__ = __ge__ = __eq__
    def __lt__(self, other):
        return False
    __gt__ = __lt__
    def __hash__(self):
        return 0
change_after_years = Sneaky(999.0)
"""


def cases(b: Builder) -> list[Case]:
    v = b.vars
    R = [1, 1, 1, 1, 1]
    return [
        Case("a01_right", lambda f: b.write(f, b.notebook(b.mix("RRRRR"))), R, ("",)),
        Case("a02_right_numpy", lambda f: b.write(f, b.notebook(
            {x: "import numpy as np\n" + b.right[x] + f"\n{x} = np.float64({x})"
             for x in v})), R, ("",)),
        Case("a03_wrong", lambda f: b.write(f, b.notebook(b.mix("WWWWW"))), [0] * 5, ("",)),
        Case("a04_not_started", lambda f: b.write(f, b.exercise.notebook), [0] * 5, ("",)),
        Case("a05_half_done", lambda f: b.write(f, b.notebook(b.mix("RR---"))),
             [1, 1, 0, 0, 0], ("",)),
        Case("a06_mixed", lambda f: b.write(f, b.notebook(b.mix("RWRWR"))),
             [1, 0, 1, 0, 1], ("",)),
        Case("a07_wrong_types", lambda f: b.write(f, b.notebook({
            v[0]: f"{v[0]} = '-3.12'", v[1]: f"{v[1]} = [-2.46]",
            v[2]: f"import numpy as np\n{v[2]} = np.array([69.6, 69.6])",
            v[3]: f"{v[3]} = {{'spine': -7.46}}", v[4]: f"{v[4]} = object()"})),
             [0] * 5, ("",)),
        Case("a08_extra_cells", lambda f: _extra_cells(b, f), R, ("",)),
        Case("a09_no_cell_ids", lambda f: _no_ids(b, f), R,
             tuple(f"{x}: answer cell found by its variable" for x in v)),
        Case("a10_huge_answer", lambda f: _replace(b, f, "RRRR-", v[4],
                                                    f"{v[4]} = list(range(1_000_000))"),
             [1, 1, 1, 1, 0], ("",)),
        # malformed
        Case("m01_invalid_json", lambda f: _raw(f, '{"cells": [ {"cell_type": "code",'),
             [0] * 5, ("notebook is not valid JSON",)),
        Case("m02_not_a_notebook", lambda f: _raw(f, '{"cells": "none"}'), [0] * 5,
             ("not a version-4 notebook",)),
        Case("m03_no_notebook", lambda f: b.write(f, b.notebook(b.mix("RRRRR")),
                                                  name="my_answers.ipynb"),
             [0] * 5, (f"no {SET}.ipynb in the folder",)),
        Case("m04_deleted_answer_cell", lambda f: _delete(
            b, f, "RRRRR", lambda c: c.get("id") == b.cell_of[v[2]]),
             [1, 1, 0, 1, 1], (f"{v[2]}: answer cell missing",)),
        Case("m05_deleted_given_cells", lambda f: _delete(
            b, f, "RRRRR", lambda c: c.cell_type == "code" and c.get("id") not in
            b.cell_of.values()), R, ("given cell(s) deleted",)),
        Case("m06_reordered", lambda f: _reordered(b, f), R, ("cells were reordered",)),
        Case("m07_endless_loop", lambda f: _replace(
            b, f, "RRRRR", v[1], b.right[v[1]] + "\nimport time\nwhile True:\n    try:\n"
            "        time.sleep(0.05)\n    except KeyboardInterrupt:\n        pass"),
             [1, 0, 1, 1, 1], (f"{v[1]}: timed out after {CELL_TIMEOUT} s",)),
        Case("m08_sys_exit", lambda f: _replace(
            b, f, "RRRRR", v[2], "import sys\nsys.exit('done')\n" + b.right[v[2]]),
             [1, 1, 0, 1, 1], (f"{v[2]}: raised SystemExit",)),
        Case("m09_os_exit", lambda f: _replace(
            b, f, "RRRRR", v[3], "import os\nos._exit(1)\n" + b.right[v[3]]),
             [1, 1, 1, 0, 1], (f"{v[3]}: crashed the kernel",)),
        Case("m10_huge_output", lambda f: _replace(
            b, f, "RRRRR", v[0], b.right[v[0]] + "\nfor _ in range(300):\n"
            "    print('x' * 10_000)"), R, (f"{v[0]}: printed 3.0 MB",)),
        Case("m11_exception", lambda f: _replace(b, f, "RRRRR", v[4], f"{v[4]} = 1 / 0"),
             [1, 1, 1, 1, 0], (f"{v[4]}: raised ZeroDivisionError",)),
        Case("m12_syntax_error", lambda f: _replace(b, f, "RRRRR", v[0], f"{v[0]} = = 3"),
             [0, 1, 1, 1, 1], (f"{v[0]}: raised SyntaxError",)),
        Case("m13_redefined_checker", lambda f: _replace(
            b, f, "WWWWW", v[0], REDEFINE_CHECKS + b.wrong[v[0]]), [0] * 5, ("",)),
        Case("m14_patched_feedback", lambda f: _replace(
            b, f, "WWWWW", v[0], PATCH_FEEDBACK + b.wrong[v[0]]), [0] * 5, ("",)),
        Case("m15_patched_model", lambda f: _replace(
            b, f, "RRR-W", v[3], PATCH_MODEL), [1, 1, 1, 0, 0], ("",)),
        Case("m16_course_lib_beside", lambda f: _course_lib_beside(b, f), R, ("",)),
        Case("m17_correct_in_outputs", lambda f: _correct_in_outputs(b, f), [0] * 5, ("",)),
        Case("m18_lying_float", lambda f: _replace(b, f, "-RRRR", v[0], LYING_FLOAT),
             [0, 1, 1, 1, 1], ("",)),
        Case("m19_two_copies", lambda f: _two_copies(b, f), [1, 1, 0, 0, 0],
             (f"2 copies of {SET}.ipynb; graded {SET}.ipynb",)),
        Case("m20_empty_folder", lambda f: f.mkdir(), [0] * 5, (f"no {SET}.ipynb",)),
    ]


def build_class(b: Builder, subs: Path) -> list[Case]:
    """Write the class of 30 into `subs`; return its cases."""
    class_cases = cases(b)
    # Pad to 30 with more ordinary students (right, wrong, partly done).
    patterns = ["RRRRR", "WWWWW", "RW---", "R-R-R", "-RRRR", "WRRRR", "RRRRW", "---RR",
                "RRWWR", "WWWRR"]
    for k, pattern in enumerate(patterns[: 30 - len(class_cases)]):
        scores = [1 if c == "R" else 0 for c in pattern]
        class_cases.append(Case(f"s{k:02d}_{pattern.replace('-', '_')}",
                                lambda f, p=pattern: b.write(f, b.notebook(b.mix(p))),
                                scores, ("",)))
    for case in class_cases:
        case.build(subs / case.student)
    return class_cases


def test_class_of_30_grades_into_30_correct_rows(exercise, tmp_path):
    """One test (the class is graded once, whatever worker runs it): every row, the columns,
    the feedback files."""
    subs = tmp_path / "submissions"
    subs.mkdir()
    class_cases = build_class(Builder(exercise), subs)
    assert len(class_cases) == 30
    assert sum(c.student.startswith("m") for c in class_cases) >= 8  # malformed ones
    out, feedback = tmp_path / "grades.csv", tmp_path / "feedback"
    code = main(["--course", str(ROOT), "grade", SET, str(subs), "--out", str(out),
                 "--feedback", str(feedback), "--timeout", str(CELL_TIMEOUT), "--jobs", "2"])
    assert code == 0
    with open(out, newline="", encoding="utf-8") as f:
        columns = next(csv.reader(f))
        f.seek(0)
        table = list(csv.DictReader(f))

    # The columns of the contract, named by the answer variables, in notebook order.
    assert columns == ["student", *exercise.variables, "total", "max", "problems"]
    assert exercise.variables[0] == "change_after_years"

    # One row per student folder, sorted; every row as the case says.
    rows = {r["student"]: r for r in table}
    assert [r["student"] for r in table] == sorted(c.student for c in class_cases)
    wrong = []
    for case in class_cases:
        row = rows[case.student]
        got = [float(row[v]) for v in exercise.variables]
        if got != case.scores or float(row["total"]) != sum(case.scores):
            wrong.append(f"{case.student}: scores {got}, expected {case.scores} "
                         f"({row['problems']})")
        if float(row["max"]) != 5:
            wrong.append(f"{case.student}: max {row['max']}")
        for expected in case.problems:
            if expected == "" and row["problems"]:
                wrong.append(f"{case.student}: unexpected problems {row['problems']!r}")
            elif expected not in row["problems"]:
                wrong.append(f"{case.student}: problems {row['problems']!r} lack {expected!r}")
    assert not wrong, "\n".join(wrong)

    # One readable feedback file per student: answer, verdict, hint, problems.
    files = sorted(p.relative_to(feedback).as_posix() for p in feedback.rglob("*.md"))
    assert files == sorted(f"{c.student}/{SET}.md" for c in class_cases)
    right = (feedback / "a01_right" / f"{SET}.md").read_text(encoding="utf-8")
    assert "Score: 5 of 5 points" in right and right.count("- Correct:") == 5
    wrong_text = (feedback / "a03_wrong" / f"{SET}.md").read_text(encoding="utf-8")
    assert "Score: 0 of 5 points" in wrong_text
    assert wrong_text.count("- Not quite:") == 5 and wrong_text.count("- Hint:") == 5
    crashed = (feedback / "m09_os_exit" / f"{SET}.md").read_text(encoding="utf-8")
    assert "crashed the kernel" in crashed and "Problems with the submission" in crashed
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "feedback", "grades.csv", "grades.csv.lock", "submissions"]  # no temporary files


def test_regrading_replaces_one_row_and_keeps_the_others(tmp_path):
    # Folders without the notebook grade without a kernel: enough to test the gradebook.
    first = tmp_path / "first"
    for student in ("ann", "bo", "cy"):
        (first / student).mkdir(parents=True)
    out = tmp_path / "grades.csv"
    assert main(["--course", str(ROOT), "grade", SET, str(first), "--out", str(out)]) == 0
    before = out.read_text(encoding="utf-8").splitlines()
    again = tmp_path / "again" / "bo"
    again.mkdir(parents=True)
    (again / f"{SET}.ipynb").write_text("not json", encoding="utf-8")
    assert main(["--course", str(ROOT), "grade", SET, str(again.parent), "--out",
                 str(out)]) == 0
    after = out.read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in after] == ["student", "ann", "bo", "cy"]
    assert after[0] == before[0] and after[1] == before[1] and after[3] == before[3]
    assert "not valid JSON" in after[2] and "not valid JSON" not in before[2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again", "first", "grades.csv",
                                                         "grades.csv.lock"]


# --------------------------------------------------------------------------- every set


@pytest.mark.parametrize("name", list_sets(ROOT) if HAS_SOLUTIONS else [])
def test_every_set_is_discovered_from_its_notebooks(name):
    """Each question's answer is a solution block; every check is importable and says 'not
    answered' to None (so sets added later are graded with no change to the grader)."""
    exercise = load_set(name, ROOT)
    assert exercise.questions, f"{name}: no graded questions found"
    answer_cells = set(solution_code(name))
    assert {q.answer_cell for q in exercise.questions} <= answer_cells
    for q in exercise.questions:
        assert q.judge(None).status == "unanswered", q.check_name


def test_every_set_grades_its_own_solution_full_marks(tmp_path):
    subs = tmp_path / "subs"
    names = list_sets(ROOT)
    for name in names:  # one "student" per set, handing in the solution notebook
        folder = subs / name / name
        folder.mkdir(parents=True)
        nbformat.write(nbformat.read(ROOT / "solutions" / f"{name}.ipynb", 4),
                       folder / f"{name}.ipynb")
    rows = {}
    for name in names:
        exercise = load_set(name, ROOT)
        [row] = gradebook.grade_all(exercise, [subs / name / name], jobs=1,
                                    cell_timeout=60, notebook_timeout=300)
        rows[name] = (row.total, exercise.max_points, row.problems)
    assert all(total == top and not problems for total, top, problems in rows.values()), rows


# --------------------------------------------------------------------------- the command


@pytest.mark.parametrize("argv, message", [
    (["grade", "no_such_set", "{subs}", "--out", "{out}"], "unknown assignment 'no_such_set'"),
    (["grade", SET, "{missing}", "--out", "{out}"], "is not a folder"),
    (["grade", SET, "{empty}", "--out", "{out}"], "holds no student folders"),
])
def test_instructor_mistakes_exit_2_saying_what_to_fix(argv, message, tmp_path, capsys):
    (tmp_path / "subs" / "x").mkdir(parents=True)
    (tmp_path / "empty").mkdir()
    paths = {"subs": tmp_path / "subs", "out": tmp_path / "g.csv",
             "missing": tmp_path / "nope", "empty": tmp_path / "empty"}
    argv = [a.format(**paths) for a in argv]
    assert main(["--course", str(ROOT), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "g.csv").exists()


def test_another_assignments_gradebook_is_refused(tmp_path, capsys):
    out = tmp_path / "g.csv"
    out.write_text("student,q1,total,max,problems\nann,1,1,1,\n", encoding="utf-8")
    (tmp_path / "subs" / "bo").mkdir(parents=True)
    assert main(["--course", str(ROOT), "grade", SET, str(tmp_path / "subs"),
                 "--out", str(out)]) == 2
    assert "use another --out" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8").startswith("student,q1,")  # left as it was


def test_timeouts_and_jobs_must_be_positive(capsys):
    for option in ("--timeout", "--jobs"):
        with pytest.raises(SystemExit) as err:
            main(["grade", SET, "x", "--out", "y.csv", option, "0"])
        assert err.value.code == 2
        assert "must be > 0" in capsys.readouterr().err


def test_console_script_and_module_entry_point():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = Path(sys.executable).with_name("course")
    commands = [[sys.executable, "-m", "course_lib.grading", "--help"]]
    if script.is_file():  # installed by `pip install -e .` ([project.scripts])
        commands.append([str(script), "grade", "--help"])
    for command in commands:
        out = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT,
                             env=env)
        assert out.returncode == 0, out.stderr
        assert "usage: course" in out.stdout
    assert "--jobs" in out.stdout and "--feedback" in out.stdout
