"""`course release DEST`: the student copy of the course, with nothing that reveals an answer.

What "reveals an answer" means here, and what the release does about each:

1. Worked answers: ``solutions/``, solution blocks, mark schemes, hidden tests. Left out;
   ``exercises/`` is generated afresh from the solutions (no outputs, answers ``None``).
2. Files that state right answers: the answer-key tests (``tests/test_checks_*.py``), the
   grading and nbgrader tests, the grading benchmark and the instructors' guide. Left out.
3. Answer-key help text: a key's docstrings and comments can state the worked answer, and
   Jupyter shows them to anyone who presses Shift-Tab on a check. The copy's answer keys are
   stripped of docstrings and comments (their code is otherwise unchanged and still gives
   feedback).
4. Anything else: every text file of the copy is scanned for every line of every solution
   block; one found stops the release, naming the file (nothing is left half written).
5. Feedback itself: with ``--mode graded`` or ``--mode exam`` the copy's checks withhold
   hints and what is wrong (graded) or even the verdict (exam), and cap tries at choice and
   True/False questions (`course_lib.checks.mode`).

What no student copy can hide: an answer key runs on the student's machine, so a student who
reads its code can work out the answer (for the model questions that is the exercise). Keys
therefore never decide a grade: grades come only from ``course grade``, outside the
student's reach.

The copy holds the files git tracks in the course folder except solutions/, exercises/ (made
afresh) and CI settings, and except LEFT_OUT below (from a folder that is not a git checkout:
the TOP_LEVEL entries). README.md is rewritten for students; pyproject.toml and
environment.yml lose the instructor-only nbgrader.
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import shutil
import subprocess
import textwrap
import tokenize
from pathlib import Path

import nbformat

from course_lib.authoring import generate_all, notebooks
from course_lib.grading.sets import list_sets, load_set

__all__ = ["TOP_LEVEL", "release", "secret_lines", "strip_docs"]

#: What a student copy holds from a course folder that is not a git checkout (from a
#: checkout: every tracked file outside NOT_RELEASED).
TOP_LEVEL = ("README.md", "Makefile", "pyproject.toml", "environment.yml", ".gitignore",
             ".importlinter", "LICENSE", "LICENSE.md", ".jupyter", "course_lib", "notebooks",
             "tests", "tools", "docs", "benchmarks")
#: Top-level entries never released (exercises/ is generated afresh from solutions/).
NOT_RELEASED = ("solutions", "exercises", ".ci", ".github", ".git")
#: Left out although under TOP_LEVEL (glob patterns relative to the course folder).
LEFT_OUT = ("tests/test_checks_*.py", "tests/test_grading*.py", "tests/test_nbgrader*.py",
            "tests/test_release*.py", "benchmarks/bench_grading*.py", "docs/instructors.md",
            "course_lib/checks/mode.json")
#: Packages only instructors need, removed from pyproject.toml and environment.yml.
INSTRUCTOR_ONLY = ("nbgrader",)
_SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".ruff_cache",
               ".hypothesis", ".venv", ".git"}
_MARKERS = (("### BEGIN SOLUTION", "### END SOLUTION"),
            ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"),
            ("=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ==="))
_TRIVIAL = {"", "pass", "else:", "try:", "finally:", "return", "break", "continue", "print()"}


# --------------------------------------------------------------------------- files


def _tracked(root: Path) -> set[str] | None:
    """Paths git tracks under `root` (relative, posix), or None if it is not a checkout."""
    try:
        out = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True,
                             timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return {p for p in out.stdout.decode("utf-8", "replace").split("\0") if p}


def _files(root: Path) -> list[str]:
    tracked = _tracked(root)
    tops = TOP_LEVEL if tracked is None else sorted(
        {rel.split("/")[0] for rel in tracked} - set(NOT_RELEASED))
    found = []
    for top in tops:
        path = root / top
        candidates = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for p in candidates:
            rel = p.relative_to(root).as_posix()
            if not p.is_file() or p.is_symlink() or _SKIP_PARTS & set(p.parts):
                continue
            if p.suffix in (".pyc", ".pyo") or rel.endswith(".egg-info") or ".egg-info/" in rel:
                continue
            if tracked is not None and rel not in tracked:
                continue
            if any(Path(rel).match(pattern) for pattern in LEFT_OUT):
                continue
            found.append(rel)
    return found


# --------------------------------------------------------------------------- transforms


def strip_docs(source: str) -> str:
    """`source` without docstrings and comments; the code itself is unchanged (checked)."""
    if not isinstance(source, str):
        raise ValueError(f"source must be Python source text, got {type(source).__name__}")
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ValueError(f"source is not valid Python ({exc.msg}, line {exc.lineno})") from None
    drop: set[int] = set()
    passes: dict[int, str] = {}
    for node in ast.walk(tree):
        if not _has_docstring(node):
            continue
        body = node.body
        first = body[0]
        if len(body) > 1 and body[1].lineno <= first.end_lineno:
            continue  # shares a line with code: leave it
        drop.update(range(first.lineno, first.end_lineno + 1))
        if len(body) == 1:
            passes[first.lineno] = " " * first.col_offset + "pass"
    comments: dict[int, int] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.start[1]
    out = []
    for number, line in enumerate(source.splitlines(), start=1):
        if number in passes:
            out.append(passes[number])
            continue
        if number in drop:
            continue
        if number in comments:
            line = line[: comments[number]].rstrip()
            if not line.strip():
                continue
        out.append(line)
    text = "\n".join(out).rstrip() + "\n"
    if _code_dump(text) != _code_dump(source):
        raise ValueError("stripping docstrings changed the code (a bug in strip_docs)")
    return text


def _code_dump(source: str) -> str:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if _has_docstring(node):
            node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree, include_attributes=False)


def _has_docstring(node: ast.AST) -> bool:
    kinds = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    body = getattr(node, "body", None) if isinstance(node, kinds) else None
    return bool(body) and isinstance(body[0], ast.Expr) and \
        isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)


def _without_instructor_packages(text: str) -> str:
    lines = text.splitlines(keepends=True)
    kept = [ln for ln in lines if not any(
        ln.strip().strip("-").strip().strip('"').startswith(name) for name in INSTRUCTOR_ONLY)]
    return "".join(kept)


def _answer_key_modules(root: Path) -> set[str]:
    modules = set()
    for name in list_sets(root):
        for q in load_set(name, root).questions:
            if q.module.count(".") >= 2:  # course_lib.checks.<key>, not the engine package
                modules.add(q.module.replace(".", "/") + ".py")
    return modules


#: A Markdown paragraph starting with this is for instructors and left out of student copies.
FOR_INSTRUCTORS = "**For instructors.**"


def _copy_notebook(source: Path, target: Path) -> None:
    """Copy a notebook, leaving out Markdown paragraphs that start with FOR_INSTRUCTORS."""
    nb = nbformat.read(source, as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type != "markdown" or FOR_INSTRUCTORS not in cell.source:
            continue
        paragraphs = re.split(r"\n\s*\n", cell.source)
        kept = [p for p in paragraphs if not p.lstrip().startswith(FOR_INSTRUCTORS)]
        if len(kept) != len(paragraphs):
            cell.source = "\n\n".join(kept)
            changed = True
    if changed:
        nb.cells = [c for c in nb.cells if c.cell_type != "markdown" or c.source.strip()]
        nbformat.write(nb, target)
    else:
        shutil.copy2(source, target)


# --------------------------------------------------------------------------- leaks


def secret_lines(nb) -> set[str]:
    """Lines inside solution/hidden/mark-scheme blocks of a solution notebook that appear
    nowhere outside such blocks in it (trivial lines excepted)."""
    secret, public = set(), set()
    for cell in nb.cells:
        end = None
        for line in cell.source.splitlines():
            stripped = line.strip()
            if end is None:
                begins = [e for b, e in _MARKERS if b in line]
                if begins:
                    end = begins[0]
                    continue
                public.add(stripped)
            elif end in line:
                end = None
            else:
                secret.add(stripped)
    return {s for s in secret - public if not _trivial(s)}


def _trivial(line: str) -> bool:
    """Too generic to count as revealing: short, punctuation, or only citations/labels
    (``[@id]``, a rendered citation link ``[Author 2012](#References ...)``, ``{{label}}``)."""
    bare = re.sub(r"<!--.*?-->|\[[^\]]*\]\([^)]*\)|\[@[^\]]*\]|\{\{[^}]*\}\}", "",
                  line).strip()
    return line in _TRIVIAL or len(line) < 8 or not re.search(r"[A-Za-z0-9]", bare)


def _scan(dest: Path, secrets: dict[str, str]) -> list[str]:
    found = []
    for path in sorted(dest.rglob("*")):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if path.suffix == ".ipynb":
            nb = nbformat.reads(text, as_version=4)
            blobs = [c.source for c in nb.cells]
            blobs += [json.dumps(c.get("outputs", [])) for c in nb.cells]
            text = "\n".join(blobs)
            markers = [b for pair in _MARKERS for b in pair if b in text]
            if markers:
                found.append(f"{path.relative_to(dest)}: holds {markers[0]!r}")
        lines = {ln.strip() for ln in text.splitlines()}
        for secret, source in secrets.items():
            if secret in lines or (len(secret) >= 30 and secret in text):
                found.append(f"{path.relative_to(dest)}: holds the solution line {secret!r} "
                             f"(from {source})")
    return found


# --------------------------------------------------------------------------- release


STUDENT_README = """# Hormones and bone

An open JupyterLab course on how progesterone, estrogen, testosterone and the rest of the
endocrine system shape bone: short lessons, a bone-remodeling model you can steer with sliders,
and exercises that check your answers and tell you what to try next.

## Quick start

On a machine with Python 3.11, pip and make (Linux, macOS, or WSL on Windows), in a terminal
in the course folder (the one holding this README):

```
make lab
make test
```

- `make lab` creates a virtual environment in `.venv`, installs the course into it (the first
  time only: a few minutes, with the internet) and opens JupyterLab on the whole course
  folder at the start page, `notebooks/00_start_here.ipynb`. It keeps that terminal busy while
  JupyterLab runs: leave it open, and stop with File > Shut Down (or Ctrl-C twice).
- `make test` checks that everything works on your machine (it installs the test tools the
  first time). Run it from a second terminal in the same folder.

With conda instead (e.g. on Windows without WSL), in the course folder:

```
conda env create -f environment.yml
conda activate bone-course
jupyter lab --config=.jupyter/jupyter_lab_config.py
```

(`--config` serves the whole course folder and opens the start page, so the lessons' links
to `exercises/` work.)

## How to work

- Read the lessons in `notebooks/` in order, starting with `00_start_here.ipynb`.
- Each lesson has an exercise notebook in `exercises/`. Under each question, replace `None`
  with your answer and run the cell, then run the check cell under it.
  {feedback}
- Keep everything an answer needs in its answer cell: when your work is graded, only the
  answer cells are taken from your notebook (cells you add are not), and they are run again
  from the top in a fresh kernel.
- Hand in the exercise notebook itself (e.g. `exercises/1.1_remodeling_balance.ipynb`), as
  your instructor tells you. Save it first.
"""

_FEEDBACK_TEXT = {
    "practice": "The check says *Correct*, *Not quite* (with a hint) or *Not answered yet*; "
                "try as often as you like.",
    "graded": "This is graded work: a check says only whether an answer is right (no hints),"
              " and a multiple-choice or True/False question is checked once.",
    "exam": "This is graded work: checks only say whether an answer can be read (a number "
            "where a number is asked, and so on); answers are marked after the deadline.",
}


def release(root: Path, dest: Path, *, mode: str = "practice") -> Path:
    """Write the student copy of the course at `root` to `dest` (new or empty); return it.

    Raises ValueError (and writes nothing) if `root` has no solutions/, `dest` is not empty,
    `mode` is unknown, or any file of the copy would reveal a solution line.
    """
    from course_lib.checks.mode import MODES

    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    root, dest = Path(root).resolve(), Path(dest).resolve()
    if not (root / "solutions").is_dir():
        raise ValueError(f"{root} has no solutions/: release from the instructors' copy")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ValueError(f"DEST must be a new or empty folder: {str(dest)!r} is not")
    if dest == root or root in dest.parents and dest.parts[len(root.parts)] in TOP_LEVEL:
        raise ValueError("DEST cannot be inside a folder that is released")
    stage = dest.with_name(f".{dest.name}.partial")
    shutil.rmtree(stage, ignore_errors=True)
    try:
        _write(root, stage, mode)
        secrets = {}
        for rel in notebooks(root / "solutions"):
            nb = nbformat.read(root / "solutions" / rel, as_version=4)
            secrets.update({s: f"solutions/{rel.as_posix()}" for s in secret_lines(nb)})
        leaks = _scan(stage, secrets)
        if leaks:
            raise ValueError("the student copy would reveal answers:\n  " + "\n  ".join(leaks))
        if dest.exists():
            dest.rmdir()
        os.replace(stage, dest)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return dest


def _write(root: Path, stage: Path, mode: str) -> None:
    keys = _answer_key_modules(root)
    for rel in _files(root):
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        source = root / rel
        if rel == "README.md":
            feedback = textwrap.fill(_FEEDBACK_TEXT[mode], 98, subsequent_indent="  ")
            target.write_text(STUDENT_README.format(feedback=feedback), encoding="utf-8")
        elif rel in keys:
            target.write_text(strip_docs(source.read_text(encoding="utf-8")), encoding="utf-8")
        elif rel.endswith(".ipynb"):
            _copy_notebook(source, target)
        elif rel in ("pyproject.toml", "environment.yml"):
            target.write_text(_without_instructor_packages(source.read_text(encoding="utf-8")),
                              encoding="utf-8")
        else:
            shutil.copy2(source, target)
    generate_all(root / "solutions", stage / "exercises")
    if mode != "practice":
        (stage / "course_lib" / "checks" / "mode.json").write_text(
            json.dumps({"mode": mode}) + "\n", encoding="utf-8")
