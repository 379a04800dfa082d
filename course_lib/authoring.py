"""Solution notebook -> student notebook, with nbgrader-compatible markers.

In code cells each ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` block becomes
``# YOUR CODE HERE`` plus ``name = None`` for every name the block binds at top level, so the
next check cell says "Not answered yet". ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN
TESTS`` blocks vanish. In markdown (and raw) cells a solution block becomes
``YOUR ANSWER HERE`` and ``=== BEGIN MARK SCHEME ===`` ... ``=== END MARK SCHEME ===``
blocks vanish. A cell whose nbgrader metadata says ``"solution": true`` but holds no markers
is a solution as a whole (as in nbgrader). Outputs and execution counts are cleared; cell
ids, cell metadata and notebook metadata (kernelspec) are kept, so regeneration is
byte-identical.

Usage: ``python -m course_lib.authoring [--check] [--prune] [--solutions DIR]
[--exercises DIR]``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat

__all__ = [
    "CODE_PLACEHOLDER",
    "TEXT_PLACEHOLDER",
    "assigned_names",
    "check_all",
    "compare_all",
    "generate",
    "generate_all",
    "main",
    "make_student_notebook",
    "notebook_text",
    "notebooks",
]

CODE_PLACEHOLDER = "# YOUR CODE HERE"
TEXT_PLACEHOLDER = "YOUR ANSWER HERE"

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
BEGIN_SCHEME = "=== BEGIN MARK SCHEME ==="
END_SCHEME = "=== END MARK SCHEME ==="

# (begin, end, kind); "solution" blocks are replaced, the others removed.
_MARKERS = (
    (BEGIN_SOLUTION, END_SOLUTION, "solution"),
    (BEGIN_HIDDEN, END_HIDDEN, "hidden tests"),
    (BEGIN_SCHEME, END_SCHEME, "mark scheme"),
)
# Text that must never survive into a student notebook (catches misspelt markers too).
_LEAK_WORDS = ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "MARK SCHEME")


# --------------------------------------------------------------------------- names


class _Binder(ast.NodeVisitor):
    """Collect the names a block binds in its own (top-level) scope, in source order."""

    def __init__(self) -> None:
        self.found: list[tuple[int, int, str]] = []

    def _target(self, node: ast.AST) -> None:
        if isinstance(node, ast.Name):
            self.found.append((node.lineno, node.col_offset, node.id))
        elif isinstance(node, (ast.Tuple, ast.List)):
            for elt in node.elts:
                self._target(elt)
        elif isinstance(node, ast.Starred):
            self._target(node.value)
        # Attribute/Subscript targets mutate an object; they bind no name.

    def visit_Assign(self, node: ast.Assign) -> None:
        for t in node.targets:
            self._target(t)
        self.visit(node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target)
        self.visit(node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._target(node.target)
            self.visit(node.value)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._target(node.target)
        self.visit(node.value)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self._target(node.target)
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_withitem(self, node: ast.withitem) -> None:
        if node.optional_vars is not None:
            self._target(node.optional_vars)
        self.visit(node.context_expr)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.found.append((node.lineno, node.col_offset, node.name))
        self.generic_visit(node)

    def _definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        # The def/class name is bound here; its body is another scope.
        self.found.append((node.lineno, node.col_offset, node.name))

    visit_FunctionDef = _definition
    visit_AsyncFunctionDef = _definition
    visit_ClassDef = _definition

    def _new_scope(self, node: ast.AST) -> None:
        pass

    visit_Lambda = _new_scope
    visit_ListComp = _new_scope
    visit_SetComp = _new_scope
    visit_DictComp = _new_scope
    visit_GeneratorExp = _new_scope


def assigned_names(code: str) -> list[str]:
    """Names that `code` binds at its top level (imports excluded), in source order.

    `code` may come from inside a function or loop (return/yield/break are allowed). Raises
    SyntaxError if it is not valid Python even so (IPython magic lines are ignored).
    """
    if not isinstance(code, str):
        raise ValueError(f"code must be Python source text (a str); got {type(code).__name__}")
    lines = [
        "" if line.lstrip().startswith(("%", "!")) else line
        for line in textwrap.dedent(code).split("\n")
    ]
    text = "\n".join(lines)
    try:
        body = ast.parse(text).body
    except SyntaxError:
        # A block from inside a function or loop (return, yield, await, break, continue).
        wrapped = "async def _block():\n while True:\n" + textwrap.indent(text, "  ")
        try:
            body = ast.parse(wrapped).body[0].body[0].body
        except SyntaxError:
            ast.parse(text)  # report the error against the block itself
            raise
    binder = _Binder()
    for node in body:
        binder.visit(node)
    names: list[str] = []
    for _, _, name in sorted(binder.found):
        if name not in names:
            names.append(name)
    return names


# --------------------------------------------------------------------------- cells


def _where(name: str, index: int) -> str:
    return f"{name}: cell {index} (counting from 0)"


def _strip_blocks(source: str, cell_type: str, name: str, index: int) -> str:
    """Replace/remove every marked block in one cell's source."""
    out: list[str] = []
    block: list[str] = []
    open_kind: str | None = None
    open_end = ""
    indent = ""
    for lineno, line in enumerate(source.split("\n"), start=1):
        begins = [(b, e, k) for b, e, k in _MARKERS if b in line]
        ends = [(b, e, k) for b, e, k in _MARKERS if e in line]
        if begins and ends:
            raise ValueError(f"{_where(name, index)}: line {lineno} holds two markers")
        if begins:
            begin, end, kind = begins[0]
            if open_kind is not None:
                raise ValueError(
                    f"{_where(name, index)}: line {lineno}: {begin!r} inside an open "
                    f"{open_kind} block (markers cannot nest)"
                )
            open_kind, open_end, block = kind, end, []
            indent = line[: len(line) - len(line.lstrip())]
            continue
        if ends:
            end = ends[0][1]
            if open_kind is None:
                raise ValueError(
                    f"{_where(name, index)}: line {lineno}: {end!r} without a matching BEGIN"
                )
            if end != open_end:
                raise ValueError(
                    f"{_where(name, index)}: line {lineno}: {end!r} closes an open "
                    f"{open_kind} block (expected {open_end!r})"
                )
            if open_kind == "solution":
                out.extend(_placeholder(block, indent, cell_type, name, index))
            open_kind = None
            continue
        if open_kind is None:
            out.append(line)
        else:
            block.append(line)
    if open_kind is not None:
        raise ValueError(
            f"{_where(name, index)}: {open_kind} block is never closed (missing {open_end!r})"
        )
    return "\n".join(out)


def _placeholder(block: list[str], indent: str, cell_type: str, name: str, index: int):
    if cell_type != "code":
        return [indent + TEXT_PLACEHOLDER]
    try:
        names = assigned_names("\n".join(block))
    except SyntaxError as exc:
        raise ValueError(
            f"{_where(name, index)}: the solution block is not valid Python on its own "
            f"({exc.msg}, line {exc.lineno} of the block)"
        ) from None
    stub = [indent + CODE_PLACEHOLDER] + [f"{indent}{n} = None" for n in names]
    if indent and not names:
        stub.append(indent + "pass")  # an indented body needs a statement to stay valid
    return stub


def _is_solution_cell(cell: Any) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return isinstance(meta, dict) and bool(meta.get("solution"))


def _student_source(cell: Any, name: str, index: int) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):  # tolerate the on-disk list form
        source = "".join(source)
    cell_type = cell.get("cell_type", "code")
    has_markers = any(word in source for word in _LEAK_WORDS)
    if not has_markers and _is_solution_cell(cell):
        if CODE_PLACEHOLDER in source or TEXT_PLACEHOLDER in source:
            return source  # already a student stub: keeps regeneration idempotent
        lines = source.split("\n")
        return "\n".join(_placeholder(lines, "", cell_type, name, index))
    new = _strip_blocks(source, cell_type, name, index)
    leaked = [w for w in _LEAK_WORDS if w in new]
    if leaked:
        raise ValueError(
            f"{_where(name, index)}: malformed marker: {leaked[0]!r} left after processing "
            f"(write markers exactly as {BEGIN_SOLUTION!r} / {END_SOLUTION!r})"
        )
    return new


def make_student_notebook(nb: Any, *, name: str = "notebook") -> nbformat.NotebookNode:
    """Return the student version of solution notebook `nb` (which is left unchanged).

    `name` labels errors: malformed markers raise ValueError naming it and the cell index.
    """
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError("nb must be a notebook (a dict with a 'cells' list)")
    if not isinstance(name, str):
        raise ValueError(f"name must be a str, got {type(name).__name__}")
    student = nbformat.from_dict(copy.deepcopy(dict(nb)))
    student.get("metadata", {}).pop("widgets", None)  # widget state belongs to outputs
    wants_ids = (student.get("nbformat", 4), student.get("nbformat_minor", 0)) >= (4, 5)
    used_ids = {c.get("id") for c in student.cells if c.get("id")}
    for index, cell in enumerate(student.cells):
        if not isinstance(cell, dict):
            raise ValueError(f"{_where(name, index)}: not a cell (got {type(cell).__name__})")
        cell["source"] = _student_source(cell, name, index)
        cell.get("metadata", {}).pop("execution", None)  # run timestamps
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        if wants_ids and not cell.get("id"):
            candidate, k = f"cell-{index}", index
            while candidate in used_ids:
                k += 1
                candidate = f"cell-{index}-{k}"
            cell["id"] = candidate
            used_ids.add(candidate)
    return student


def notebook_text(nb: Any) -> str:
    """The notebook serialised exactly as `generate` writes it (indent 1, trailing newline)."""
    text = nbformat.writes(nb, version=4)
    return text if text.endswith("\n") else text + "\n"


# --------------------------------------------------------------------------- files


def _notebook_path(path: Any, argument: str) -> Path:
    if not isinstance(path, (str, Path)) or not str(path):
        raise ValueError(f"{argument} must be a path (str or Path), got {path!r}")
    path = Path(path)
    if path.suffix != ".ipynb":
        raise ValueError(f"{argument} must end in .ipynb, got {str(path)!r}")
    return path


def _student_text(solution_path: Path) -> str:
    try:
        nb = nbformat.read(solution_path, as_version=4)
    except Exception as exc:
        raise ValueError(f"{solution_path}: cannot read notebook ({exc})") from exc
    return notebook_text(make_student_notebook(nb, name=str(solution_path)))


def generate(solution_path: str | Path, exercise_path: str | Path) -> Path:
    """Write the student version of `solution_path` to `exercise_path` (only if it changed).

    Returns `exercise_path` as a Path.
    """
    src = _notebook_path(solution_path, "solution_path")
    dst = _notebook_path(exercise_path, "exercise_path")
    if not src.is_file():
        raise ValueError(f"solution_path does not exist: {str(src)!r}")
    if src.resolve() == dst.resolve():
        raise ValueError("exercise_path must differ from solution_path")
    text = _student_text(src)
    data = text.encode("utf-8")
    if not dst.is_file() or dst.read_bytes() != data:
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(data)
    return dst


def _dirs(solutions_dir: Any, exercises_dir: Any) -> tuple[Path, Path]:
    for value, argument in ((solutions_dir, "solutions_dir"), (exercises_dir, "exercises_dir")):
        if not isinstance(value, (str, Path)) or not str(value):
            raise ValueError(f"{argument} must be a directory path, got {value!r}")
    sol, exe = Path(solutions_dir), Path(exercises_dir)
    if not sol.is_dir():
        raise ValueError(f"solutions_dir is not a directory: {str(sol)!r}")
    if exe.exists() and not exe.is_dir():
        raise ValueError(f"exercises_dir is not a directory: {str(exe)!r}")
    if sol.resolve() == exe.resolve():
        raise ValueError("exercises_dir must differ from solutions_dir")
    return sol, exe


def notebooks(folder: Path) -> list[Path]:
    """Notebooks under `folder`, relative to it, sorted (checkpoint folders skipped)."""
    if not folder.is_dir():
        return []
    return sorted(
        p.relative_to(folder)
        for p in folder.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.relative_to(folder).parts
    )


def generate_all(
    solutions_dir: str | Path = "solutions",
    exercises_dir: str | Path = "exercises",
    *,
    prune: bool = False,
) -> list[Path]:
    """Generate `exercises_dir/X.ipynb` from every `solutions_dir/X.ipynb` (subfolders kept).

    Returns the exercise paths, sorted. With `prune=True`, exercise notebooks without a
    solution are deleted. Relative directories are relative to the current directory.
    """
    sol, exe = _dirs(solutions_dir, exercises_dir)
    written = [generate(sol / rel, exe / rel) for rel in notebooks(sol)]
    if prune:
        for path, reason in compare_all(sol, exe):
            if reason == "extra":
                path.unlink()
    return written


def compare_all(
    solutions_dir: str | Path = "solutions", exercises_dir: str | Path = "exercises"
) -> list[tuple[Path, str]]:
    """(exercise path, reason) for every out-of-date exercise notebook, sorted by path.

    reason is "stale" (differs from a fresh generation), "missing" (solution without
    exercise) or "extra" (exercise without solution).
    """
    sol, exe = _dirs(solutions_dir, exercises_dir)
    solutions, exercises = notebooks(sol), notebooks(exe)
    problems = []
    for rel in sorted(set(solutions) | set(exercises)):
        if rel not in exercises:
            problems.append((exe / rel, "missing"))
        elif rel not in solutions:
            problems.append((exe / rel, "extra"))
        elif (exe / rel).read_bytes() != _student_text(sol / rel).encode("utf-8"):
            problems.append((exe / rel, "stale"))
    return problems


def check_all(
    solutions_dir: str | Path = "solutions", exercises_dir: str | Path = "exercises"
) -> list[Path]:
    """Exercise paths that are stale, missing or extra (empty list: all up to date)."""
    return [path for path, _ in compare_all(solutions_dir, exercises_dir)]


# --------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: generate exercises (exit 0) or, with --check, exit 1 if any is stale."""
    parser = argparse.ArgumentParser(
        prog="python -m course_lib.authoring",
        description="Generate student notebooks (exercises/) from solution notebooks "
        "(solutions/).",
    )
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if exercises are stale, missing or extra")
    parser.add_argument("--prune", action="store_true",
                        help="delete exercise notebooks that have no solution")
    parser.add_argument("--solutions", default="solutions", metavar="DIR",
                        help="folder of solution notebooks (default: solutions)")
    parser.add_argument("--exercises", default="exercises", metavar="DIR",
                        help="folder of student notebooks (default: exercises)")
    args = parser.parse_args(argv)
    if args.check and args.prune:
        parser.error("--prune cannot be combined with --check")
    if not Path(args.solutions).is_dir():
        parser.error(f"--solutions: not a directory: {args.solutions!r}")
    if Path(args.exercises).exists() and not Path(args.exercises).is_dir():
        parser.error(f"--exercises: not a directory: {args.exercises!r}")
    if Path(args.solutions).resolve() == Path(args.exercises).resolve():
        parser.error("--exercises must differ from --solutions")
    try:
        if args.check:
            problems = compare_all(args.solutions, args.exercises)
            for path, reason in problems:
                print(f"{reason}: {path}")
            if problems:
                print(f"{len(problems)} exercise notebook(s) out of date; run "
                      "`python -m course_lib.authoring` to regenerate.", file=sys.stderr)
                return 1
            print(f"exercises up to date ({len(notebooks(Path(args.solutions)))} notebooks)")
            return 0
        written = generate_all(args.solutions, args.exercises, prune=args.prune)
        for path in written:
            print(f"wrote {path}")
        extras = [p for p, reason in compare_all(args.solutions, args.exercises)
                  if reason == "extra"]
        for path in extras:
            print(f"extra (no solution; --prune deletes it): {path}", file=sys.stderr)
        if not written:
            print(f"no solution notebooks in {args.solutions}")
        return 0
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
