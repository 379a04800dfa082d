"""`course release`: the student copy holds no answer, and its own tests pass without solutions/.

The full suite of a copy (`make test` there) is run by hand before a release (last result in
docs/instructors.md, section 1); here a
representative part of it runs inside a fresh copy: the exercise tests (which must skip
what needs solutions/ and still run an exercise), packaging, and the Makefile's test command.
"""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_lib.authoring import notebooks
from course_lib.grading.cli import main
from course_lib.grading.release import strip_docs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from test_exercises import leaked, secret_lines  # noqa: E402  (the exercise tests' own scan)

CITATION = re.compile(r"<!--.*?-->|\[[^\]]*\]\([^)]*\)|\[@[^\]]*\]|\{\{[^}]*\}\}")
pytestmark = pytest.mark.skipif(not (ROOT / "solutions").is_dir(),
                                reason="needs solutions/ (instructor copy)")


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    dest = tmp_path_factory.mktemp("release") / "student-copy"
    assert main(["--course", str(ROOT), "release", str(dest)]) == 0
    return dest


def _run(args, cwd, timeout=600):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(PYTHONPATH=str(cwd), PYTHONHASHSEED="0")
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_copy_has_no_solutions_and_no_instructor_files(copy):
    files = {p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()}
    assert not [f for f in files if f.startswith(("solutions/", ".git/", ".venv/", ".ci/"))]
    assert not [f for f in files if Path(f).match("tests/test_checks_*.py")]
    for gone in ("tests/test_grading.py", "tests/test_release.py", "docs/instructors.md",
                 "benchmarks/bench_grading.py"):
        assert gone not in files
    for kept in ("Makefile", "pyproject.toml", "environment.yml", "README.md",
                 "notebooks/00_start_here.ipynb", "course_lib/checks/feedback.py"):
        assert kept in files
    assert [p.as_posix() for p in notebooks(copy / "exercises")] == [
        p.as_posix() for p in notebooks(ROOT / "solutions")]


def test_no_solution_line_appears_anywhere_in_the_copy(copy):
    texts = []
    for path in copy.rglob("*"):
        if path.is_file():
            try:
                texts.append(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                continue
    blob = nbformat.v4.new_notebook(cells=[nbformat.v4.new_raw_cell(t) for t in texts])
    for rel in notebooks(ROOT / "solutions"):
        secrets = secret_lines(nbformat.read(ROOT / "solutions" / rel, as_version=4))
        secrets = {s for s in secrets if len(s) >= 8 and re.search(r"[A-Za-z0-9]", CITATION.sub(
            "", s))}  # a line that is only a citation reveals nothing
        assert not leaked(secrets, blob), rel
    for rel in notebooks(copy / "exercises"):
        raw = (copy / "exercises" / rel).read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in raw and '"outputs": [\n    {' not in raw


def test_answer_keys_ship_without_help_text_but_work(copy):
    keys = sorted((copy / "course_lib" / "checks").glob("*.py"))
    engine = {"__init__.py", "feedback.py", "mode.py", "practice.py"}
    stripped = [k for k in keys if k.name not in engine]
    assert stripped, "no answer keys in the copy"
    for key in stripped:
        tree = ast.parse(key.read_text(encoding="utf-8"))
        owners = [n for n in ast.walk(tree) if isinstance(
            n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
        assert all(ast.get_docstring(n) is None for n in owners), key.name
        assert "#" not in "".join(line.split('"')[0].split("'")[0]
                                  for line in key.read_text(encoding="utf-8").splitlines())
    out = _run([sys.executable, "-c", (
        "import course_lib, course_lib.checks.remodeling_balance as k\n"
        "print(course_lib.__file__)\nprint(k.peak_at_thirty(None).text)")], copy)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith(str(copy))
    assert "Not answered yet" in out.stdout


def test_strip_docs_keeps_code_and_strings_that_are_not_docstrings():
    source = ('"""Module doc."""\n\nX = "# not a comment"  # a comment\n\n\n'
              'def f(a):\n    """Doc\n    on two lines."""\n    return a  # why\n\n\n'
              'class C:\n    """Only a docstring."""\n')
    out = strip_docs(source)
    assert out == ('\nX = "# not a comment"\n\n\ndef f(a):\n    return a\n\n\n'
                   'class C:\n    pass\n')


def test_student_readme_and_packaging_without_instructor_tools(copy):
    readme = (copy / "README.md").read_text(encoding="utf-8")
    assert "make lab" in readme and "solutions" not in readme and "course grade" not in readme
    # Every way it tells a student to start JupyterLab serves the whole course (a notebook
    # path as the argument makes its folder the root: the exercise links then fail).
    starts = [ln.strip() for ln in readme.splitlines() if ln.strip().startswith("jupyter lab")]
    assert starts == ["jupyter lab --config=.jupyter/jupyter_lab_config.py"], starts
    assert (copy / ".jupyter" / "jupyter_lab_config.py").is_file()
    for name in ("pyproject.toml", "environment.yml"):
        assert "nbgrader" not in (copy / name).read_text(encoding="utf-8"), name
    start = (copy / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8")
    assert "For instructors" not in start


#: Test files of the copy that mention solutions/ and run here only in part (-k below): the
#: browser tests (they start JupyterLab and Chromium) and test_authoring (it writes its own
#: solutions/ in a temporary folder). Every other such file runs in full in the copy.
IN_PART = {"test_browser.py", "test_authoring.py", "test_exercises.py", "test_citations.py"}


def test_copys_own_tests_pass_without_solutions(copy):
    dry = subprocess.run(["make", "-n", "test"], cwd=copy, capture_output=True, text=True,
                         timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert "solutions" not in dry.stdout.splitlines()[-1]  # pytest is not pointed at it
    # Every test file that reads solutions/ must cope without it: those not run in part
    # below run in full (a new one joins automatically).
    full = sorted(f"tests/{p.name}" for p in (copy / "tests").glob("test_*.py")
                  if "solutions" in p.read_text(encoding="utf-8") and p.name not in IN_PART)
    out = _run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *full,
                "tests/test_exercises.py", "tests/test_packaging.py", "tests/test_citations.py",
                "-k", "fresh or leak or 1.3 or correct or readme_quick or environment_yml_lists"
                " or " + " or ".join(Path(f).stem for f in full)], copy)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    # at least: exercise 1.3 runs, packaging (2), citations of lesson and exercise 1.3 (2)
    passed = re.search(r"(\d+) passed", out.stdout)
    assert passed and int(passed.group(1)) >= 5, out.stdout
    assert "failed" not in out.stdout and "no solutions/ folder" in out.stdout, out.stdout


def test_graded_copy_withholds_hints(tmp_path):
    dest = tmp_path / "graded"
    assert main(["--course", str(ROOT), "release", str(dest), "--mode", "graded"]) == 0
    out = _run([sys.executable, "-c", (
        "import course_lib.checks.remodeling_balance as k\n"
        "print(k.net_balance_per_cycle(0.5).text)\nprint(k.peak_at_thirty(True).text)\n"
        "print(k.peak_at_thirty(False).text)")], dest)
    assert out.returncode == 0, out.stderr
    wrong, first, second = out.stdout.splitlines()
    assert wrong == "Not quite: your answer is not right."  # no direction, no hint
    assert first.startswith(("Correct:", "Not quite:")) and "Hint" not in first
    assert "allows 1 checked answer" in second  # the True/False question is capped
    assert "graded work" in (dest / "README.md").read_text(encoding="utf-8")


def test_release_refuses_a_non_empty_folder_and_a_copy_without_solutions(tmp_path, capsys):
    full = tmp_path / "full"
    full.mkdir()
    (full / "x.txt").write_text("keep me")
    assert main(["--course", str(ROOT), "release", str(full)]) == 2
    assert "new or empty folder" in capsys.readouterr().err
    assert (full / "x.txt").read_text() == "keep me"
    assert main(["--course", str(tmp_path), "release", str(tmp_path / "new")]) == 2
    assert "has no solutions/" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


def test_copy_is_lint_clean(copy):
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.is_file():
        pytest.skip("ruff is not installed next to this Python")
    out = subprocess.run([str(ruff), "check", "."], cwd=copy, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stdout[-2000:]
