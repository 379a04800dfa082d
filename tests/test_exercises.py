"""The real exercise sets: exercises/ is generated from solutions/, leaks nothing, runs clean.

Feedback outputs are recognised by the fixed text prefixes of `course_lib.checks.PREFIXES`
(plus the ``course-feedback`` class of their HTML form). Every test is parametrized per
solution notebook; with no solution notebooks at all they skip, saying so.
"""

import os
import re
from pathlib import Path

import nbformat
import pytest

from course_lib.authoring import compare_all, notebooks
from course_lib.checks import PREFIXES

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"

FEEDBACK_PREFIXES = tuple(PREFIXES.values())
MARKER_WORDS = ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "MARK SCHEME")
SECRET_BLOCKS = (
    ("### BEGIN SOLUTION", "### END SOLUTION"),
    ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"),
    ("=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ==="),
)
# Lines too generic to count as a leak even when they sit inside a solution block.
TRIVIAL = re.compile(r"[\W_]*|pass|else:|try:|finally:|return|break|continue|print\(\)")
CELL_TIMEOUT = 600


SOLUTION_NOTEBOOKS = notebooks(SOLUTIONS)  # [] when solutions/ is missing (a student copy)
EXERCISE_NOTEBOOKS = notebooks(EXERCISES)
NO_SOLUTIONS = (
    "solutions/ has no notebooks yet: nothing to generate, run or check"
    if SOLUTIONS.is_dir()
    else "no solutions/ folder (a student copy made by `course release`): nothing to compare"
)


def per_solution():
    if not SOLUTION_NOTEBOOKS:
        return [pytest.param(None, marks=pytest.mark.skip(reason=NO_SOLUTIONS))]
    return [pytest.param(rel, id=str(rel)) for rel in SOLUTION_NOTEBOOKS]


def per_exercise():
    """Every exercise notebook: from solutions/ when present, else those in exercises/."""
    found = SOLUTION_NOTEBOOKS or EXERCISE_NOTEBOOKS
    if not found:
        return [pytest.param(None, marks=pytest.mark.skip(reason=NO_SOLUTIONS))]
    return [pytest.param(rel, id=str(rel)) for rel in found]


# --------------------------------------------------------------------------- helpers


def output_texts(output) -> list[str]:
    """Every text an output holds (stream text, error traceback, text-like data)."""
    if output.output_type == "stream":
        return [output.text]
    if output.output_type == "error":
        return [output.ename, output.evalue, *output.traceback]
    return [v for k, v in output.get("data", {}).items() if k.startswith("text/")]


def feedback_texts(nb) -> list[tuple[int, str]]:
    """(cell index, text) of every Feedback shown in the notebook's outputs."""
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type in ("execute_result", "display_data"):
                data = out.get("data", {})
                text = data.get("text/plain", "")
                if text.startswith(FEEDBACK_PREFIXES) or "course-feedback" in data.get(
                    "text/html", ""
                ):
                    found.append((index, text))
            elif out.output_type == "stream":
                found += [
                    (index, line)
                    for line in out.text.splitlines()
                    if line.startswith(FEEDBACK_PREFIXES)
                ]
    return found


def errors(nb) -> list[str]:
    """Error outputs and tracebacks on stderr, as 'cell N: ...' lines."""
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"cell {index}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr" and (
                "Traceback" in out.text
            ):
                found.append(f"cell {index}: traceback on stderr: {out.text[-300:]}")
    return found


def secret_lines(nb) -> set[str]:
    """Stripped lines inside secret blocks that appear nowhere else in the solution."""
    secret, public = set(), set()
    for cell in nb.cells:
        nbgrader = cell.get("metadata", {}).get("nbgrader", {})
        whole = bool(nbgrader.get("solution")) and not any(
            w in cell.source for w in MARKER_WORDS
        )
        end = None
        for line in cell.source.splitlines():
            stripped = line.strip()
            if end is None:
                begins = [e for b, e in SECRET_BLOCKS if b in line]
                if begins:
                    end = begins[0]
                    continue
                (secret if whole else public).add(stripped)
            elif end in line:
                end = None
            else:
                secret.add(stripped)
    return {s for s in secret - public if not TRIVIAL.fullmatch(s)}


def leaked(secrets: set[str], nb) -> list[str]:
    """Secret lines that appear as a line (or, if long, inside any text) of `nb`."""
    blobs = [cell.source for cell in nb.cells]
    blobs += [t for cell in nb.cells for out in cell.get("outputs", []) for t in output_texts(out)]
    lines = {line.strip() for blob in blobs for line in blob.splitlines()}
    joined = "\n".join(blobs)
    return sorted(s for s in secrets if s in lines or (len(s) >= 30 and s in joined))


def run(path: Path, monkeypatch):
    """Execute a notebook top to bottom (cwd = its folder) in a fresh kernel; return it."""
    from nbclient import NotebookClient

    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    monkeypatch.setenv("PYTHONPATH", pythonpath)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb


def describe(items) -> str:
    return "\n".join(f"  cell {i}: {t[:200]}" for i, t in items)


# --------------------------------------------------------------------------- tests


def test_exercises_are_a_fresh_generation_of_solutions():
    if not SOLUTIONS.is_dir() or (not SOLUTION_NOTEBOOKS and not EXERCISE_NOTEBOOKS):
        pytest.skip(NO_SOLUTIONS)
    problems = compare_all(SOLUTIONS, EXERCISES)
    assert not problems, (
        "exercises/ is out of date; run `python -m course_lib.authoring` (and --prune for "
        "extras):\n" + "\n".join(f"  {reason}: {path}" for path, reason in problems)
    )


@pytest.mark.parametrize("rel", per_solution())
def test_exercise_holds_no_markers_or_solution_text(rel):
    path = EXERCISES / rel
    assert path.is_file(), f"missing {path}: run `python -m course_lib.authoring`"
    raw = path.read_text(encoding="utf-8")
    found = [w for w in MARKER_WORDS if w in raw]
    assert not found, f"{path} contains marker text {found}"
    secrets = secret_lines(nbformat.read(SOLUTIONS / rel, as_version=4))
    leaks = leaked(secrets, nbformat.reads(raw, as_version=4))
    assert not leaks, f"{path} contains solution lines: {leaks}"


@pytest.mark.parametrize("rel", per_exercise())
def test_exercise_runs_and_every_check_says_not_answered(rel, monkeypatch):
    path = EXERCISES / rel
    assert path.is_file(), f"missing {path}: run `python -m course_lib.authoring`"
    nb = run(path, monkeypatch)
    assert not errors(nb), f"{path} raised:\n" + "\n".join(errors(nb))
    checks = feedback_texts(nb)
    assert checks, f"{path}: no check output found (each exercise needs at least one check)"
    answered = [(i, t) for i, t in checks if not t.startswith(PREFIXES["unanswered"])]
    assert not answered, f"{path}: checks that do not say 'Not answered yet':\n" + describe(
        answered
    )
    if (SOLUTIONS / rel).is_file():
        secrets = secret_lines(nbformat.read(SOLUTIONS / rel, as_version=4))
        leaks = leaked(secrets, nb)
        assert not leaks, f"{path}: solution lines appear in executed outputs: {leaks}"


@pytest.mark.parametrize("rel", per_solution())
def test_solution_stored_checks_all_say_correct(rel):
    path = SOLUTIONS / rel
    nb = nbformat.read(path, as_version=4)
    assert not errors(nb), f"{path} stores errors:\n" + "\n".join(errors(nb))
    checks = feedback_texts(nb)
    assert checks, f"{path} stores no check output: store it executed (make notebooks)"
    wrong = [(i, t) for i, t in checks if not t.startswith(PREFIXES["correct"])]
    assert not wrong, f"{path}: stored checks that are not 'Correct':\n" + describe(wrong)


# A fresh run of each solution is nbval's job (make test runs it on solutions/ with full
# output comparison), so the stored 'Correct' outputs above cannot go stale unnoticed.
