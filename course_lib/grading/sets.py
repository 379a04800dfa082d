"""Exercise sets and their questions, read from the trusted notebooks (no list kept in code).

A set is a solution notebook ``solutions/NAME.ipynb`` (its student version is generated fresh
with `course_lib.authoring`), or, in a copy without solutions, ``exercises/NAME.ipynb``.
In the student version:

- an *answer cell* is a code cell holding ``# YOUR CODE HERE``; it binds one or more names;
- a *check cell* is a code cell that is one call ``key(name)`` (or ``module.key(name, ...)``
  with literal extra arguments) where ``key`` comes from ``course_lib.checks`` and ``name``
  is bound by an answer cell above it. Each check cell is one question: its column is the
  answer variable ``name``, its points ``metadata["nbgrader"]["points"]`` (default 1).

So a set added by another branch is graded with no change here, as long as it keeps this
shape (the shape every set has; `tests/test_grading.py` checks each one).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

import course_lib
from course_lib.authoring import CODE_PLACEHOLDER, assigned_names, make_student_notebook, notebooks

__all__ = ["ExerciseSet", "Question", "find_course_root", "list_sets", "load_set"]

CHECKS = "course_lib.checks"


@dataclass(frozen=True)
class Question:
    """One graded question: the answer variable and the trusted check that judges it."""

    variable: str
    module: str
    function: str
    points: float
    answer_cell: str
    check_cell: str
    args: tuple = ()
    kwargs: tuple = ()

    @property
    def check_name(self) -> str:
        return f"{self.module}.{self.function}"

    def checker(self):
        """The trusted check function (imported in the grader's own process)."""
        return getattr(importlib.import_module(self.module), self.function)

    def judge(self, answer: Any):
        """The trusted check's Feedback on `answer`, in practice mode (full feedback)."""
        from course_lib.checks import Feedback, mode

        with mode.judging():
            result = self.checker()(answer, *self.args, **dict(self.kwargs))
        if not isinstance(result, Feedback):
            raise TypeError(f"{self.check_name} returned {type(result).__name__}, not Feedback")
        return result


@dataclass(frozen=True)
class ExerciseSet:
    """A set's trusted student notebook and its questions, in notebook order."""

    name: str
    source: Path
    notebook: Any = field(repr=False)
    questions: tuple[Question, ...]

    @property
    def max_points(self) -> float:
        return sum(q.points for q in self.questions)

    @property
    def variables(self) -> list[str]:
        return [q.variable for q in self.questions]


# --------------------------------------------------------------------------- finding sets


def find_course_root(course: str | Path | None = None) -> Path:
    """The course folder: `course` if given, else the folder holding the installed
    course_lib (a checkout or a released copy), else the current directory."""
    if course is not None:
        root = Path(course)
        if not root.is_dir():
            raise ValueError(f"course must be a folder, got {str(course)!r}")
        return root.resolve()
    here = Path(course_lib.__file__).resolve().parents[1]
    if (here / "solutions").is_dir() or (here / "exercises").is_dir():
        return here
    return Path.cwd().resolve()


def list_sets(root: Path) -> list[str]:
    """Names of the exercise sets under `root` (solutions/ and exercises/), sorted."""
    names = {p.stem for folder in ("solutions", "exercises") for p in notebooks(root / folder)}
    return sorted(names)


def _locate(root: Path, name: str) -> tuple[Path, bool]:
    for folder, is_solution in (("solutions", True), ("exercises", False)):
        found = [root / folder / p for p in notebooks(root / folder) if p.stem == name]
        if len(found) > 1:
            raise ValueError(f"assignment {name!r} is ambiguous: {[str(p) for p in found]}")
        if found:
            return found[0], is_solution
    known = ", ".join(list_sets(root)) or "none"
    raise ValueError(f"unknown assignment {name!r}: the sets in {root} are {known}")


def load_set(name: str, root: Path | None = None) -> ExerciseSet:
    """The exercise set `name` (e.g. "1.1_remodeling_balance") with its questions."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"name must be an exercise-set name, got {name!r}")
    root = find_course_root(root)
    path, is_solution = _locate(root, name.strip())
    nb = nbformat.read(path, as_version=4)
    if is_solution:
        nb = make_student_notebook(nb, name=str(path))
    return ExerciseSet(name.strip(), path, nb, tuple(discover(nb, str(path))))


# --------------------------------------------------------------------------- questions


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _parse(source: str) -> list[ast.stmt]:
    lines = ["" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.split("\n")]
    try:
        return ast.parse(textwrap.dedent("\n".join(lines))).body
    except SyntaxError:
        return []


def is_answer_cell(cell: Any) -> bool:
    """A code cell of a student notebook that holds the answer placeholder."""
    return cell.get("cell_type") == "code" and any(
        line.strip() == CODE_PLACEHOLDER for line in _source(cell).split("\n"))


def _imports(body: list[ast.stmt], aliases: dict[str, str]) -> None:
    """Record names bound to course_lib.checks modules or functions (name -> dotted path)."""
    for node in body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == CHECKS or node.module.startswith(CHECKS + "."):
                for a in node.names:
                    aliases[a.asname or a.name] = f"{node.module}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name == CHECKS or a.name.startswith(CHECKS + "."):
                    if a.asname:
                        aliases[a.asname] = a.name
                    else:
                        aliases["course_lib"] = "course_lib"


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def _split_callable(path: str) -> tuple[str, str] | None:
    """(module, function) for a dotted path to a function under course_lib.checks."""
    module, _, function = path.rpartition(".")
    if not (module == CHECKS or module.startswith(CHECKS + ".")):
        return None
    if importlib.util.find_spec(module) is None:
        return None
    return module, function


def _check_call(body: list[ast.stmt], aliases: dict[str, str], answers: set[str]):
    """(module, function, variable, args, kwargs) if `body` is one check call, else None."""
    if len(body) != 1 or not isinstance(body[0], ast.Expr):
        return None
    call = body[0].value
    if not isinstance(call, ast.Call) or not call.args:
        return None
    first = call.args[0]
    if not isinstance(first, ast.Name) or first.id not in answers:
        return None
    dotted = _dotted(call.func)
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    if head not in aliases:
        return None
    target = _split_callable(aliases[head] + (f".{rest}" if rest else ""))
    if target is None:
        return None
    return (*target, first.id, call.args[1:], call.keywords)


def _literal(node: ast.AST, where: str) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise ValueError(f"{where}: a check call may pass the answer variable and literal "
                         "values only (a name there could be changed by the student)") from None


def _points(cell: Any, where: str) -> float:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    points = meta.get("points", 1) if isinstance(meta, dict) else 1
    if isinstance(points, bool) or not isinstance(points, (int, float)) or not points > 0:
        raise ValueError(f"{where}: points must be a number > 0, got {points!r}")
    return points


def discover(nb: Any, name: str = "notebook") -> list[Question]:
    """The questions of a student notebook `nb`, in notebook order (see module docstring).

    Raises ValueError naming the cell when a check cell cannot be graded safely.
    """
    aliases: dict[str, str] = {}
    bound: dict[str, str] = {}  # answer variable -> answer cell id
    questions: list[Question] = []
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        where = f"{name}: cell {index}"
        source = _source(cell)
        if is_answer_cell(cell):
            try:
                for var in assigned_names(source):
                    bound[var] = cell.get("id", f"cell-{index}")
            except SyntaxError as exc:
                raise ValueError(f"{where}: answer cell is not valid Python ({exc.msg})") from None
            continue
        body = _parse(source)
        _imports(body, aliases)
        found = _check_call(body, aliases, set(bound))
        if found is None:
            continue
        module, function, var, args, keywords = found
        if any(q.variable == var for q in questions):
            raise ValueError(f"{where}: {var!r} is checked twice; one check cell per answer")
        if any(k.arg is None for k in keywords):
            raise ValueError(f"{where}: a check call cannot use **kwargs")
        questions.append(Question(
            variable=var, module=module, function=function, points=_points(cell, where),
            answer_cell=bound[var], check_cell=cell.get("id", f"cell-{index}"),
            args=tuple(_literal(a, where) for a in args),
            kwargs=tuple((k.arg, _literal(k.value, where)) for k in keywords),
        ))
    return questions
