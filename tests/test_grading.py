"""`course grade`: a synthetic class of 30 submissions, every row checked; regrading; errors.

The class hands in one exercise set, chosen below for what its cases need. Right answers are
the solution notebook's own answer cells. A wrong answer is the right one changed, inside the
submission, by a rule that keeps its type (a number x -> 2x + 1, a bool -> not x, a text ->
one no option accepts, a list -> every item changed), so no key accepts it whatever type the
question takes. The malformed cases are what students (or attempts to fool the grader)
produce. The questions, their answer cells and points are read here from the solution
notebook; what each row should be is written from the case, never read back from the grader.
"""

import ast
import copy
import csv
import json
import os
import re
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
# The set the class hands in, chosen for what the cases need rather than for its size: at
# least five auto-checked questions (the malformed cases break five different answer cells),
# answers of more than one type (so "wrong" must keep the type: `x * 2 + 1` raises on a text
# and leaves it right), at least one question answered by running the course model (the
# patched-model case), and cells that each run in well under a second (30 kernels run them,
# some twice).
# 1.4_menopause_transition has six checked questions (five numbers and a text choice), two of
# them 3-year model runs, and a free-text Markdown answer that the grader leaves alone.
# `test_the_class_set_has_what_the_cases_need` checks what can be checked without running it.
SET = "1.4_menopause_transition"
HAS_SOLUTIONS = (ROOT / "solutions" / f"{SET}.ipynb").is_file()
pytestmark = pytest.mark.skipif(not HAS_SOLUTIONS, reason="needs solutions/ (instructor copy)")

CELL_TIMEOUT = 12  # seconds; the slowest honest cell here takes well under 1 s
MODEL_MODULES = ("course_lib.model", "course_lib.regimens", "course_lib.scenarios")


def solution_notebook(name: str):
    return nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)


def _unmarked(source: str) -> str:
    return "\n".join(ln for ln in source.split("\n")
                     if BEGIN_SOLUTION not in ln and END_SOLUTION not in ln)


def solution_code(name: str) -> dict[str, str]:
    """Answer cell id -> the worked answer (the solution block, markers removed)."""
    return {cell.id: _unmarked(cell.source) for cell in solution_notebook(name).cells
            if cell.cell_type == "code" and BEGIN_SOLUTION in cell.source}


# --------------------------------------------------------------------------- reading the set


def stored_names(source: str) -> set[str]:
    """Every name `source` assigns (or defines), anywhere in it."""
    tree = ast.parse(source)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
             and isinstance(n.ctx, ast.Store)}
    return names | {n.name for n in ast.walk(tree)
                    if isinstance(n, (ast.FunctionDef, ast.ClassDef))}


def _is_model(dotted: str | None) -> bool:
    return bool(dotted) and any(dotted == m or dotted.startswith(m + ".")
                                for m in MODEL_MODULES)


def model_aliases(source: str) -> set[str]:
    """Names that `source` imports from the course model, regimens or scenarios."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {a.asname or a.name for a in node.names
                      if _is_model(node.module) or _is_model(f"{node.module}.{a.name}")}
        elif isinstance(node, ast.Import):
            names |= {a.asname for a in node.names if a.asname and _is_model(a.name)}
    return names


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join([node.id, *reversed(parts)]) if isinstance(node, ast.Name) else None


def reads(source: str, names: set[str]) -> bool:
    """Whether `source` reads one of `names`, or a model module by its full dotted name."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names:
            return True
        if isinstance(node, ast.Attribute) and _is_model(_dotted(node)):
            return True
    return False


@dataclass(frozen=True)
class Question:
    """One checked question, as a reader of the solution notebook sees it."""

    variable: str
    answer_cell: str
    check_cell: str
    points: float


CHECK_CALL = re.compile(r"[A-Za-z_][\w.]*\(\s*([A-Za-z_]\w*)\s*(?:,[^()]*)?\)")


def read_questions(nb) -> list[Question]:
    """The questions in notebook order: a check cell is one call ``key(name, ...)`` whose
    `name` a solution block above it assigns; its points are its nbgrader points (default 1).
    """
    answered: dict[str, str] = {}  # variable -> id of the latest solution block assigning it
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if BEGIN_SOLUTION in cell.source:
            answered.update(dict.fromkeys(stored_names(_unmarked(cell.source)), cell.id))
            continue
        call = CHECK_CALL.fullmatch(cell.source.strip())
        if call and call.group(1) in answered:
            points = cell.metadata.get("nbgrader", {}).get("points", 1)
            out.append(Question(call.group(1), answered[call.group(1)], cell.id, points))
    return out


@pytest.fixture(scope="module")
def exercise():
    return load_set(SET, ROOT)


# --------------------------------------------------------------------------- what students type

# Each helper below is defined in the submission itself (its answer cell), so it acts on the
# value the student's code produced, whatever its type. Names start with _test_ so that they
# never clash with a notebook's.

WRONG = '''
def _test_wrong(value):
    """A wrong answer of the same type as `value`: no key accepts it."""
    import numbers

    import numpy as np
    if isinstance(value, (bool, np.bool_)):
        return not value
    if isinstance(value, numbers.Number) or isinstance(value, np.ndarray):
        return value * 2 + 1
    if isinstance(value, str):
        return "none of the options says this"
    if isinstance(value, (list, tuple)):
        return type(value)([_test_wrong(item) for item in value] or ["an extra item"])
    raise TypeError(f"the test has no wrong version of a {type(value).__name__} answer")
'''

AS_NUMPY = '''
def _test_as_numpy(value):
    """The same answer as a numpy scalar (numbers, bools, texts) or array (lists)."""
    import numpy as np
    if isinstance(value, bool):
        return np.bool_(value)
    if isinstance(value, int):
        return np.int64(value)
    if isinstance(value, float):
        return np.float64(value)
    if isinstance(value, str):
        return np.str_(value)
    return np.array(value)
'''

WRONG_TYPE = '''
def _test_wrong_type(value, k):
    """The answer in a type no question of its kind takes (the k-th of five forms)."""
    import numpy as np
    forms = (lambda: value.encode() if isinstance(value, str) else str(value),
             lambda: [value], lambda: np.array([value, value]), lambda: {"answer": value},
             lambda: object())
    return forms[k % len(forms)]()
'''

LIAR = '''
def _test_liar(value):
    """`value` as an instance of a subclass of its type that says it equals anything."""
    class Liar(int if isinstance(value, bool) else type(value)):
        def __eq__(self, other):
            return True
        __le__ = __ge__ = __eq__
        def __ne__(self, other):
            return False
        __lt__ = __gt__ = __ne__
        def __hash__(self):
            return 0
    return Liar(value)
'''

# Attempts to fool the grader, written for any set: they act on whatever the notebook
# imported from course_lib.checks (every module of it and the notebook's names for them).
REDEFINE_CHECKS = '''
import sys as _test_sys
import types as _test_types
def _test_always(*args, **kwargs):
    return "Correct: yes"
def _test_is_checks(name):
    return isinstance(name, str) and (name == "course_lib.checks"
                                      or name.startswith("course_lib.checks."))
for _name, _module in list(_test_sys.modules.items()):
    if _test_is_checks(_name) and _module is not None:
        for _attr in dir(_module):
            if not _attr.startswith("__") and callable(getattr(_module, _attr, None)):
                setattr(_module, _attr, _test_always)
for _alias, _value in list(globals().items()):
    if isinstance(_value, _test_types.ModuleType) and _test_is_checks(_value.__name__):
        globals()[_alias] = _test_types.SimpleNamespace(
            **{a: _test_always for a in dir(_value) if not a.startswith("__")})
    elif callable(_value) and _test_is_checks(getattr(_value, "__module__", None)):
        globals()[_alias] = _test_always
'''

PATCH_FEEDBACK = '''
import sys as _test_sys
import course_lib.checks.feedback as _test_fb
_TestFeedback = _test_fb.Feedback
def _test_correct(*args, **kwargs):
    return _TestFeedback("correct", "patched")
_test_engine = [n for n in dir(_test_fb) if n.startswith("check_")] + ["inspect_answer"]
for _name, _module in list(_test_sys.modules.items()):
    if _name.startswith("course_lib.checks") and _module is not None:
        for _attr in _test_engine:
            if hasattr(_module, _attr):
                setattr(_module, _attr, _test_correct)
_TestFeedback.ok = property(lambda self: True)
'''

# Every function and class of the model, regimens and scenarios (and the notebook's names for
# them) returns a run whose every number is NaN, which no key accepts.
PATCH_MODEL = f"_test_model = {MODEL_MODULES!r}\n" + '''
import sys as _test_sys
class _TestFakeRun:
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return float("nan")
def _test_fake(*args, **kwargs):
    return _TestFakeRun()
def _test_is_model(name):
    return isinstance(name, str) and any(name == m or name.startswith(m + ".")
                                         for m in _test_model)
import course_lib.model, course_lib.regimens, course_lib.scenarios
for _name, _module in list(_test_sys.modules.items()):
    if _test_is_model(_name) and _module is not None:
        for _attr in dir(_module):
            if not _attr.startswith("__") and callable(getattr(_module, _attr, None)):
                setattr(_module, _attr, _test_fake)
for _alias, _value in list(globals().items()):
    if callable(_value) and _test_is_model(getattr(_value, "__module__", None)):
        globals()[_alias] = _test_fake
'''


def made_wrong(right: str, var: str) -> str:
    """The right answer cell, then the type-keeping change that makes `var` wrong."""
    return f"{right}\n{WRONG}\n{var} = _test_wrong({var})"


# --------------------------------------------------------------------------- the class


@dataclass
class Case:
    student: str
    build: object  # (folder, helper) -> None
    scores: list  # points per question, in notebook order
    problems: tuple = ()  # substrings the problems cell must hold ("" = must be empty)


class Builder:
    """Writes student notebooks: answers by variable, into the exercise notebook."""

    def __init__(self, exercise):
        self.exercise = exercise
        code = solution_code(SET)
        self.questions = read_questions(solution_notebook(SET))
        self.vars = [q.variable for q in self.questions]
        self.n = len(self.vars)
        self.points = [q.points for q in self.questions]
        self.cell_of = {q.variable: q.answer_cell for q in self.questions}
        self.right = {v: code[self.cell_of[v]] for v in self.vars}
        self.wrong = {v: made_wrong(self.right[v], v) for v in self.vars}

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

    def scores(self, pattern: str) -> list:
        """The points a pattern earns: a right answer its question's points, else 0."""
        return [p if c == "R" else 0 for p, c in zip(self.points, pattern, strict=True)]

    def all_but(self, zeros) -> list:
        """Full points except 0 for the questions (indices or variables) in `zeros`."""
        return [0 if k in zeros or v in zeros else p
                for k, (v, p) in enumerate(zip(self.vars, self.points, strict=True))]

    def write(self, folder: Path, nb, name=f"{SET}.ipynb"):
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / name)

    def model_questions(self, patched_in: str | None = None) -> list[str]:
        """The questions whose answer comes from the course model, read from the code of the
        given cells and the right answers in notebook order (a name a cell computes from the
        model carries it on). With `patched_in`, the model is patched in that question's
        answer cell: the questions whose answer then comes from the patched model."""
        checks = {q.check_cell for q in self.questions}
        var_of = {cell: v for v, cell in self.cell_of.items()}
        model: set[str] = set()  # names of the model's modules and functions
        derived: set[str] = set()  # names computed from them after the patch
        live = patched_in is None
        found = []
        for cell in self.exercise.notebook.cells:
            if cell.cell_type != "code" or cell.get("id") in checks:
                continue
            var = var_of.get(cell.get("id"))
            source = self.right[var] if var else cell.source
            model |= model_aliases(source)
            live = live or var == patched_in
            if live and reads(source, model | derived):
                derived |= stored_names(source)
                if var:
                    found.append(var)
        return found


def _raw(folder: Path, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{SET}.ipynb").write_text(text, encoding="utf-8")


def _no_ids(b, folder):
    data = json.loads(nbformat.writes(b.notebook(b.mix("R" * b.n))))
    data["nbformat_minor"] = 4
    for cell in data["cells"]:
        cell.pop("id", None)
    _raw(folder, json.dumps(data))


def _extra_cells(b, folder):
    nb = b.notebook(b.mix("R" * b.n))
    for k, pos in enumerate((3, 7, 12)):
        nb.cells.insert(pos, new_code_cell(f"scratch_{k} = 2 ** {k}\nprint(scratch_{k})"))
    b.write(folder, nb)


def _delete(b, folder, pattern, predicate):
    nb = b.notebook(b.mix(pattern))
    nb.cells = [c for c in nb.cells if not predicate(c)]
    b.write(folder, nb)


def _reordered(b, folder):
    nb = b.notebook(b.mix("R" * b.n))
    nb.cells = nb.cells[::-1]
    b.write(folder, nb)


def _replace(b, folder, pattern, var, source):
    answers = b.mix(pattern)
    answers[var] = source
    b.write(folder, b.notebook(answers))


def _each(b, folder, change):
    """Every answer right, then changed by `change(k, var)` (code run after it, in its cell)."""
    b.write(folder, b.notebook({v: f"{b.right[v]}\n{change(k, v)}"
                                for k, v in enumerate(b.vars)}))


def _course_lib_beside(b, folder):
    b.write(folder, b.notebook(b.mix("R" * b.n)))
    fake = folder / "course_lib"
    (fake / "grading").mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('the fake course_lib was imported')\n")
    (fake / "grading" / "__init__.py").write_text("")
    (fake / "grading" / "capture.py").write_text(
        "def emit(name, namespace):\n    from IPython.display import publish_display_data\n"
        "    publish_display_data({'application/vnd.course-answer+json': {'name': name, "
        "'value': {'t': 'float', 'v': '42.0'}}})\n")


def _correct_in_outputs(b, folder):
    nb = b.notebook(b.mix("W" * b.n))
    checks = {q.check_cell for q in b.questions}
    for cell in nb.cells:
        if cell.get("id") in checks:
            cell.execution_count = 1
            cell.outputs = [new_output("execute_result", execution_count=1, data={
                "text/plain": "Correct: your answer matches the expected value.",
                "text/html": '<div class="course-feedback course-feedback-correct">Correct</div>'})]
    b.write(folder, nb)


def _two_copies(b, folder, pattern):
    b.write(folder, b.notebook(b.mix(pattern)))
    b.write(folder / "old" / "attempt", b.notebook(b.mix("R" * b.n)))
    (folder / ".ipynb_checkpoints").mkdir()
    b.write(folder / ".ipynb_checkpoints", b.notebook(b.mix("R" * b.n)))


def ordinary_patterns(n: int) -> list[str]:
    """Right, wrong and partly done students, for a set of `n` questions."""
    return ["R" * n, "W" * n, "RW" + "-" * (n - 2), ("R-" * n)[:n], "-" + "R" * (n - 1),
            "W" + "R" * (n - 1), "R" * (n - 1) + "W", "-" * (n - 2) + "RR", ("RRWW" * n)[:n],
            "W" * (n // 2) + "R" * (n - n // 2)]


def cases(b: Builder) -> list[Case]:
    v, n = b.vars, b.n
    R, none = "R" * n, [0] * n
    full = b.scores(R)
    model_first = b.model_questions()[0]
    patched = b.model_questions(patched_in=model_first)
    half = "RR" + "-" * (n - 2)
    return [
        Case("a01_right", lambda f: b.write(f, b.notebook(b.mix(R))), full, ("",)),
        Case("a02_right_numpy", lambda f: _each(
            b, f, lambda k, x: f"{AS_NUMPY}\n{x} = _test_as_numpy({x})"), full, ("",)),
        Case("a03_wrong", lambda f: b.write(f, b.notebook(b.mix("W" * n))), none, ("",)),
        Case("a04_not_started", lambda f: b.write(f, b.exercise.notebook), none, ("",)),
        Case("a05_half_done", lambda f: b.write(f, b.notebook(b.mix(half))), b.scores(half),
             ("",)),
        Case("a06_mixed", lambda f: b.write(f, b.notebook(b.mix(("RW" * n)[:n]))),
             b.scores(("RW" * n)[:n]), ("",)),
        Case("a07_wrong_types", lambda f: _each(
            b, f, lambda k, x: f"{WRONG_TYPE}\n{x} = _test_wrong_type({x}, {k})"), none, ("",)),
        Case("a08_extra_cells", lambda f: _extra_cells(b, f), full, ("",)),
        Case("a09_no_cell_ids", lambda f: _no_ids(b, f), full,
             tuple(f"{x}: answer cell found by its variable" for x in v)),
        Case("a10_huge_answer", lambda f: _replace(b, f, R, v[-1],
                                                    f"{v[-1]} = list(range(1_000_000))"),
             b.all_but({n - 1}), ("",)),
        # malformed
        Case("m01_invalid_json", lambda f: _raw(f, '{"cells": [ {"cell_type": "code",'),
             none, ("notebook is not valid JSON",)),
        Case("m02_not_a_notebook", lambda f: _raw(f, '{"cells": "none"}'), none,
             ("not a version-4 notebook",)),
        Case("m03_no_notebook", lambda f: b.write(f, b.notebook(b.mix(R)),
                                                  name="my_answers.ipynb"),
             none, (f"no {SET}.ipynb in the folder",)),
        Case("m04_deleted_answer_cell", lambda f: _delete(
            b, f, R, lambda c: c.get("id") == b.cell_of[v[2]]),
             b.all_but({2}), (f"{v[2]}: answer cell missing",)),
        Case("m05_deleted_given_cells", lambda f: _delete(
            b, f, R, lambda c: c.cell_type == "code" and c.get("id") not in
            b.cell_of.values()), full, ("given cell(s) deleted",)),
        Case("m06_reordered", lambda f: _reordered(b, f), full, ("cells were reordered",)),
        Case("m07_endless_loop", lambda f: _replace(
            b, f, R, v[1], b.right[v[1]] + "\nimport time\nwhile True:\n    try:\n"
            "        time.sleep(0.05)\n    except KeyboardInterrupt:\n        pass"),
             b.all_but({1}), (f"{v[1]}: timed out after {CELL_TIMEOUT} s",)),
        Case("m08_sys_exit", lambda f: _replace(
            b, f, R, v[2], "import sys\nsys.exit('done')\n" + b.right[v[2]]),
             b.all_but({2}), (f"{v[2]}: raised SystemExit",)),
        Case("m09_os_exit", lambda f: _replace(
            b, f, R, v[3], "import os\nos._exit(1)\n" + b.right[v[3]]),
             b.all_but({3}), (f"{v[3]}: crashed the kernel",)),
        Case("m10_huge_output", lambda f: _replace(
            b, f, R, v[0], b.right[v[0]] + "\nfor _ in range(300):\n"
            "    print('x' * 10_000)"), full, (f"{v[0]}: printed 3.0 MB",)),
        Case("m11_exception", lambda f: _replace(b, f, R, v[-1], f"{v[-1]} = 1 / 0"),
             b.all_but({n - 1}), (f"{v[-1]}: raised ZeroDivisionError",)),
        Case("m12_syntax_error", lambda f: _replace(b, f, R, v[0], f"{v[0]} = = 3"),
             b.all_but({0}), (f"{v[0]}: raised SyntaxError",)),
        Case("m13_redefined_checker", lambda f: _replace(
            b, f, "W" * n, v[0], REDEFINE_CHECKS + b.wrong[v[0]]), none, ("",)),
        Case("m14_patched_feedback", lambda f: _replace(
            b, f, "W" * n, v[0], PATCH_FEEDBACK + b.wrong[v[0]]), none, ("",)),
        # The model patched in the first model question's cell, every answer then typed
        # right: that question and each later one computed from the model score 0 (the keys
        # use the grader's own model); the rest score.
        Case("m15_patched_model", lambda f: _replace(
            b, f, R, model_first, PATCH_MODEL + b.right[model_first]), b.all_but(set(patched)),
             ("",)),
        Case("m16_course_lib_beside", lambda f: _course_lib_beside(b, f), full, ("",)),
        Case("m17_correct_in_outputs", lambda f: _correct_in_outputs(b, f), none, ("",)),
        Case("m18_lying_value", lambda f: _replace(
            b, f, R, v[0], f"{b.wrong[v[0]]}\n{LIAR}\n{v[0]} = _test_liar({v[0]})"),
             b.all_but({0}), ("",)),
        Case("m19_two_copies", lambda f: _two_copies(b, f, half), b.scores(half),
             (f"2 copies of {SET}.ipynb; graded {SET}.ipynb",)),
        Case("m20_empty_folder", lambda f: f.mkdir(), none, (f"no {SET}.ipynb",)),
    ]


def build_class(b: Builder, subs: Path) -> list[Case]:
    """Write the class of 30 into `subs`; return its cases."""
    class_cases = cases(b)
    # Pad to 30 with more ordinary students (right, wrong, partly done).
    for k, pattern in enumerate(ordinary_patterns(b.n)[: 30 - len(class_cases)]):
        class_cases.append(Case(f"s{k:02d}_{pattern.replace('-', '_')}",
                                lambda f, p=pattern: b.write(f, b.notebook(b.mix(p))),
                                b.scores(pattern), ("",)))
    for case in class_cases:
        case.build(subs / case.student)
    return class_cases


def test_the_class_set_has_what_the_cases_need(exercise):
    b = Builder(exercise)
    assert b.n >= 5, f"{SET}: the malformed cases need five checked questions, it has {b.n}"
    assert b.model_questions(), f"{SET}: the patched-model case needs a model question"


def test_class_of_30_grades_into_30_correct_rows(exercise, tmp_path):
    """One test (the class is graded once, whatever worker runs it): every row, the columns,
    the feedback files."""
    b = Builder(exercise)
    subs = tmp_path / "submissions"
    subs.mkdir()
    class_cases = build_class(b, subs)
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
    assert columns == ["student", *b.vars, "total", "max", "problems"]

    # One row per student folder, sorted; every row as the case says.
    rows = {r["student"]: r for r in table}
    assert [r["student"] for r in table] == sorted(c.student for c in class_cases)
    top = sum(b.points)
    wrong = []
    for case in class_cases:
        row = rows[case.student]
        got = [float(row[v]) for v in b.vars]
        if got != case.scores or float(row["total"]) != sum(case.scores):
            wrong.append(f"{case.student}: scores {got}, expected {case.scores} "
                         f"({row['problems']})")
        if float(row["max"]) != top:
            wrong.append(f"{case.student}: max {row['max']}, expected {top}")
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
    assert f"Score: {top:g} of {top:g} points" in right and right.count("- Correct:") == b.n
    wrong_text = (feedback / "a03_wrong" / f"{SET}.md").read_text(encoding="utf-8")
    assert f"Score: 0 of {top:g} points" in wrong_text and "- Correct:" not in wrong_text
    # A wrong number is "Not quite"; a text that is no option cannot be checked: both hint.
    verdicts = wrong_text.count("- Not quite:") + wrong_text.count("- Cannot check this answer:")
    assert verdicts == b.n and wrong_text.count("- Hint:") == b.n
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
    answered' to None; the questions are those a reader finds (so sets added later are graded
    with no change to the grader, and the class of 30 reads its set as the grader does)."""
    exercise = load_set(name, ROOT)
    assert exercise.questions, f"{name}: no graded questions found"
    answer_cells = set(solution_code(name))
    assert {q.answer_cell for q in exercise.questions} <= answer_cells
    for q in exercise.questions:
        assert q.judge(None).status == "unanswered", q.check_name
    # The grader finds the questions, answer cells and points a reader of the notebook finds.
    assert [(q.variable, q.answer_cell, q.check_cell, q.points) for q in exercise.questions] \
        == [(q.variable, q.answer_cell, q.check_cell, q.points)
            for q in read_questions(solution_notebook(name))]


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
