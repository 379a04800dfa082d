"""Import floors (docs/design.md) enforced by import-linter, and shown to catch a violation."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(cwd: Path) -> subprocess.CompletedProcess:
    """Run lint-imports on the course_lib found in `cwd`, with `cwd`'s .importlinter."""
    return subprocess.run([str(LINT), "--no-cache"], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(cwd), "PATH": ""})


def test_course_lib_keeps_its_floors():
    out = lint(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "course_lib", tmp_path / "course_lib",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_an_upward_import_breaks_the_floors(tmp_path):
    # The model reaching up to regimens (the cycle issue 7 removed) must fail the check.
    root = _copy(tmp_path)
    with (root / "course_lib" / "model" / "equations.py").open("a") as f:
        f.write("\nfrom course_lib import regimens  # noqa: E402,F401\n")
    out = lint(root)
    assert out.returncode != 0
    assert "BROKEN" in out.stdout and "course_lib.model.equations -> course_lib.regimens" \
        in out.stdout


def test_plotting_in_the_model_and_an_unplaced_module_break_the_contracts(tmp_path):
    root = _copy(tmp_path)
    with (root / "course_lib" / "curves.py").open("a") as f:
        f.write("\nimport matplotlib  # noqa: E402,F401\n")
    (root / "course_lib" / "stray.py").write_text('"""A module with no floor."""\n')
    out = lint(root)
    assert out.returncode != 0
    assert "numpy only" in out.stdout and "BROKEN" in out.stdout
    assert "course_lib.stray" in out.stdout     # exhaustive: every module must have a floor


def _typed_days_per_year(name: str, source: str) -> list[str]:
    """Places in Python `source` where the number 365.25 is typed (comments and text aside)."""
    import io
    import tokenize

    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [f"{name}:{tok.start[0]}" for tok in tokens
            if tok.type == tokenize.NUMBER and tok.string.rstrip("0") == "365.25"]


def _code_cells(path: Path):
    """(name, source) of each code cell of a notebook."""
    import json

    cells = json.loads(path.read_text("utf-8"))["cells"]
    return [(f"{path.relative_to(ROOT).as_posix()}[{c.get('id')}]", "".join(c["source"]))
            for c in cells if c["cell_type"] == "code"]


def test_days_per_year_is_written_once():
    # DAYS_PER_YEAR lives in course_lib/units.py; any other 365.25 in code is a second copy,
    # in course_lib or in a notebook's code cells (lessons, solutions, student copies).
    typed = []
    for path in sorted((ROOT / "course_lib").rglob("*.py")):
        typed += _typed_days_per_year(path.relative_to(ROOT).as_posix(),
                                      path.read_text(encoding="utf-8"))
    for folder in ("notebooks", "solutions", "exercises"):
        for path in sorted((ROOT / folder).rglob("*.ipynb")):
            if ".ipynb_checkpoints" not in path.parts:
                for name, source in _code_cells(path):
                    typed += _typed_days_per_year(name, source)
    assert sum(t.startswith("course_lib/units.py:") for t in typed) == 1, typed
    others = {t.rsplit(":", 1)[0] for t in typed} - {"course_lib/units.py"}
    allowed: set[str] = set()     # no known copy is left; no file may join this set
    assert others <= allowed, f"type DAYS_PER_YEAR (course_lib.model) instead: {sorted(others)}"


def test_a_typed_days_per_year_in_a_notebook_is_found():
    assert _typed_days_per_year("cell", "t = day / 365.25  # 365.25 in a comment\n") == ["cell:1"]
    assert _typed_days_per_year("cell", 'print("365.25")\nx = DAYS_PER_YEAR\n') == []
