"""Solution -> student notebook generation on small synthetic notebooks."""

import ast
import copy
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course_lib import authoring
from course_lib.authoring import (
    assigned_names,
    check_all,
    compare_all,
    generate,
    generate_all,
    main,
    make_student_notebook,
)
from course_lib.checks import check_number

ROOT = Path(__file__).resolve().parents[1]
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}

SECRET_MD = "Estradiol suppresses RANKL-driven osteoclast formation (secret prose)."
SECRET_CODE = "loss_per_cycle = 0.4 * 2.15  # secret-arithmetic"


def cell_code(source, cid, **kw):
    cell = new_code_cell(source, **kw)
    cell.id = cid
    return cell


def cell_md(source, cid, **kw):
    cell = new_markdown_cell(source, **kw)
    cell.id = cid
    return cell


def solution_notebook():
    """A small but complete solution notebook with every kind of marker."""
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    nb.cells = [
        cell_md("# Exercise 1\nHow much bone is lost per cycle?", "intro"),
        cell_code("from course_lib.checks import check_number", "imports", execution_count=1),
        cell_code(
            "cycles = 10\n"
            "### BEGIN SOLUTION\n"
            f"{SECRET_CODE}\n"
            "total = loss_per_cycle * cycles\n"
            "### END SOLUTION\n"
            "print('done')",
            "answer",
            execution_count=2,
            outputs=[new_output("stream", name="stdout", text="done\n")],
            metadata={
                "nbgrader": {"solution": True, "grade": False, "grade_id": "q1", "locked": False},
                "execution": {"iopub.execute_input": "2024-01-01T00:00:00Z"},
                "tags": ["keep-me"],
            },
        ),
        cell_code(
            "check_number(total, 8.6, rel_tol=0.01)\n"
            "### BEGIN HIDDEN TESTS\n"
            "assert abs(total - 8.6) < 0.01  # hidden-check\n"
            "### END HIDDEN TESTS",
            "check",
            execution_count=3,
            outputs=[
                new_output(
                    "execute_result",
                    data={"text/plain": "Correct: your answer (8.6) matches the expected value."},
                    execution_count=3,
                )
            ],
        ),
        cell_md(
            "Why?\n\n### BEGIN SOLUTION\n"
            f"{SECRET_MD}\n"
            "### END SOLUTION\n\n"
            "=== BEGIN MARK SCHEME ===\n"
            "Two marks for naming RANKL (marking-note).\n"
            "=== END MARK SCHEME ===\n"
            "Next question.",
            "why",
        ),
    ]
    return nb


def student_sources(nb):
    return [c.source for c in make_student_notebook(nb).cells]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("x = 1", ["x"]),
        ("a, (b, *c) = 1, (2, 3, 4)", ["a", "b", "c"]),
        ("[p, q] = 1, 2", ["p", "q"]),
        ("a = b = 3", ["a", "b"]),
        ("n += 1", ["n"]),
        ("e: float = 2.0", ["e"]),
        ("declared: int", []),  # an annotation alone binds nothing
        ("obj.attr = 1\nitems[0] = 2", []),  # mutations, not bindings
        ("for i, v in enumerate(xs):\n    acc = v", ["i", "v", "acc"]),
        ("if (w := 3) > 2:\n    big = True\nelse:\n    big = False", ["w", "big"]),
        ("with open('f') as fh:\n    text = fh.read()", ["fh", "text"]),
        ("try:\n    r = 1\nexcept ValueError as err:\n    r = 0", ["r", "err"]),
        ("def rate(x):\n    inner = 2\n    return x", ["rate"]),
        ("class Cell:\n    size = 3", ["Cell"]),
        ("squares = [k * k for k in range(3)]", ["squares"]),
        ("f = lambda z: z", ["f"]),
        ("import numpy as np\nfrom math import pi", []),
        ("print(1)", []),
        ("%matplotlib inline\nx = 1", ["x"]),
        ("    return years * rate", []),  # from inside a function body
        ("    y = 2\n    break", ["y"]),  # from inside a loop body
        ("z = 1\nz = 2\ny = z", ["z", "y"]),  # each name once, in source order
    ],
)
def test_assigned_names(code, names):
    assert assigned_names(code) == names


def test_assigned_names_rejects_broken_code():
    with pytest.raises(SyntaxError):
        assigned_names("x = (")


# --------------------------------------------------------------------------- cells


def test_solution_block_becomes_placeholder_and_none_names():
    src = student_sources(solution_notebook())
    assert src[2] == (
        "cycles = 10\n# YOUR CODE HERE\nloss_per_cycle = None\ntotal = None\nprint('done')"
    )


def test_hidden_tests_vanish_and_lines_outside_markers_stay():
    src = student_sources(solution_notebook())
    assert src[0] == "# Exercise 1\nHow much bone is lost per cycle?"
    assert src[1] == "from course_lib.checks import check_number"
    assert src[3] == "check_number(total, 8.6, rel_tol=0.01)"


def test_markdown_solution_and_mark_scheme():
    src = student_sources(solution_notebook())
    assert src[4] == "Why?\n\nYOUR ANSWER HERE\n\nNext question."


def test_indentation_is_kept_and_code_stays_valid():
    nb = new_notebook()
    nb.cells = [
        cell_code(
            "def years_to_lose(percent, rate):\n"
            "    ### BEGIN SOLUTION\n"
            "    return percent / rate\n"
            "    ### END SOLUTION\n"
            "\n"
            "for k in range(2):\n"
            "    ### BEGIN SOLUTION\n"
            "    last = k\n"
            "    ### END SOLUTION\n",
            "c0",
        )
    ]
    (src,) = student_sources(nb)
    assert src == (
        "def years_to_lose(percent, rate):\n"
        "    # YOUR CODE HERE\n"
        "    pass\n"
        "\n"
        "for k in range(2):\n"
        "    # YOUR CODE HERE\n"
        "    last = None\n"
    )
    ast.parse(src)


def test_block_that_assigns_nothing_is_just_the_placeholder():
    nb = new_notebook()
    nb.cells = [cell_code("### BEGIN SOLUTION\nprint(2 + 2)\n### END SOLUTION", "c0")]
    assert student_sources(nb) == ["# YOUR CODE HERE"]


def test_student_code_reports_not_answered_instead_of_raising():
    student = make_student_notebook(solution_notebook())
    namespace = {}
    results = []
    for cell in student.cells:
        if cell.cell_type == "code":
            code = cell.source
            if code.startswith("check_number("):
                results.append(eval(code, namespace))  # our own synthetic notebook
            else:
                exec(code, namespace)
    assert [str(r) for r in results] == ["Not answered yet: replace None with your answer."]
    assert namespace["check_number"] is check_number


def test_outputs_counts_and_run_metadata_are_cleared_but_the_rest_kept():
    nb = solution_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    student = make_student_notebook(nb)
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
        assert "execution" not in cell.metadata
    assert [c.id for c in student.cells] == ["intro", "imports", "answer", "check", "why"]
    assert student.cells[2].metadata.nbgrader == {
        "solution": True, "grade": False, "grade_id": "q1", "locked": False,
    }
    assert student.cells[2].metadata.tags == ["keep-me"]
    assert student.metadata.kernelspec == KERNELSPEC
    assert "widgets" not in student.metadata
    assert (student.nbformat, student.nbformat_minor) == (nb.nbformat, nb.nbformat_minor)


def test_source_notebook_is_not_modified():
    nb = solution_notebook()
    before = copy.deepcopy(nb)
    make_student_notebook(nb)
    assert nb == before


def test_idempotent():
    once = make_student_notebook(solution_notebook())
    assert make_student_notebook(once) == once


def test_nothing_from_solutions_leaks():
    text = authoring.notebook_text(make_student_notebook(solution_notebook()))
    for secret in [
        SECRET_CODE, "loss_per_cycle * cycles", SECRET_MD, "marking-note", "hidden-check",
        "BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "Correct:", "done\\n",
    ]:
        assert secret not in text, secret


def test_nbgrader_solution_cell_without_markers_is_replaced_whole():
    nb = new_notebook()
    meta = {"nbgrader": {"solution": True, "grade_id": "w"}}
    nb.cells = [
        cell_code("rate = 0.86\nyears = 10 / rate", "c0", metadata=meta),
        cell_md("Because of secret reasons.", "c1", metadata=meta),
    ]
    student = make_student_notebook(nb)
    assert [c.source for c in student.cells] == [
        "# YOUR CODE HERE\nrate = None\nyears = None", "YOUR ANSWER HERE",
    ]
    assert make_student_notebook(student) == student


def test_cells_without_ids_get_deterministic_ones():
    nb = solution_notebook()
    for cell in nb.cells:
        del cell["id"]
    first = make_student_notebook(nb)
    assert [c.id for c in first.cells] == [f"cell-{k}" for k in range(5)]
    assert authoring.notebook_text(first) == authoring.notebook_text(make_student_notebook(nb))


# --------------------------------------------------------------------------- malformed


def one_cell(source, cell_type="code"):
    nb = new_notebook()
    nb.cells = [cell_md("intro", "m0"), cell_code("x = 1", "c1")]
    maker = cell_code if cell_type == "code" else cell_md
    nb.cells.append(maker(source, "bad"))
    return nb


@pytest.mark.parametrize(
    ("source", "cell_type", "problem"),
    [
        ("### BEGIN SOLUTION\nx = 1", "code", "never closed"),
        ("x = 1\n### END SOLUTION", "code", "without a matching BEGIN"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\nx=1\n### END SOLUTION\n### END SOLUTION",
         "code", "cannot nest"),
        ("### BEGIN SOLUTION\n### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS\n### END SOLUTION",
         "code", "cannot nest"),
        ("### BEGIN SOLUTION\nx = 1\n### END HIDDEN TESTS", "code", "closes an open"),
        ("## BEGIN SOLUTION\nx = 1\n## END SOLUTION", "code", "malformed marker"),
        ("### BEGIN SOLUTION\nx = (\n### END SOLUTION", "code", "not valid Python"),
        ("=== BEGIN MARK SCHEME ===\nnotes", "markdown", "never closed"),
        ("text\n### END SOLUTION", "markdown", "without a matching BEGIN"),
    ],
)
def test_malformed_markers_name_notebook_and_cell(source, cell_type, problem):
    with pytest.raises(ValueError, match=problem) as err:
        make_student_notebook(one_cell(source, cell_type), name="solutions/q.ipynb")
    assert "solutions/q.ipynb: cell 2" in str(err.value)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: make_student_notebook("not a notebook"), "nb"),
        (lambda: make_student_notebook({"cells": 3}), "nb"),
        (lambda: make_student_notebook(new_notebook(), name=3), "name"),
        (lambda: generate("a.txt", "b.ipynb"), "solution_path"),
        (lambda: generate("missing.ipynb", "b.ipynb"), "solution_path"),
        (lambda: generate(None, "b.ipynb"), "solution_path"),
        (lambda: generate_all("no/such/dir", "x"), "solutions_dir"),
        (lambda: generate_all(ROOT / "tests", ROOT / "tests"), "exercises_dir"),
        (lambda: check_all(ROOT / "tests", ROOT / "pyproject.toml"), "exercises_dir"),
    ],
)
def test_bad_arguments_name_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


def test_generate_refuses_to_overwrite_its_source(tmp_path):
    path = tmp_path / "q.ipynb"
    nbformat.write(solution_notebook(), path)
    with pytest.raises(ValueError, match="exercise_path"):
        generate(path, path)


# --------------------------------------------------------------------------- files


def write_solutions(folder):
    (folder / "sub").mkdir(parents=True)
    (folder / ".ipynb_checkpoints").mkdir()
    nbformat.write(solution_notebook(), folder / "1.1_loss.ipynb")
    nbformat.write(solution_notebook(), folder / "sub" / "2.1_more.ipynb")
    nbformat.write(solution_notebook(), folder / ".ipynb_checkpoints" / "1.1_loss.ipynb")


def test_generate_all_maps_names_and_is_byte_identical(tmp_path):
    sol, exe = tmp_path / "solutions", tmp_path / "exercises"
    write_solutions(sol)
    paths = generate_all(sol, exe)
    assert paths == [exe / "1.1_loss.ipynb", exe / "sub" / "2.1_more.ipynb"]
    assert not (exe / ".ipynb_checkpoints").exists()
    first = {p: p.read_bytes() for p in paths}
    text = first[paths[0]].decode("utf-8")
    assert text.endswith("}\n") and text.startswith('{\n "cells": [\n  {\n')
    nbformat.validate(nbformat.reads(text, as_version=4))
    generate_all(sol, exe)
    assert {p: p.read_bytes() for p in paths} == first
    assert check_all(sol, exe) == []


def test_check_all_reports_stale_missing_and_extra(tmp_path):
    sol, exe = tmp_path / "solutions", tmp_path / "exercises"
    write_solutions(sol)
    generate_all(sol, exe)
    stale = exe / "1.1_loss.ipynb"
    stale.write_text(stale.read_text().replace("YOUR CODE HERE", "YOUR CODE"))
    (exe / "sub" / "2.1_more.ipynb").unlink()
    nbformat.write(new_notebook(), exe / "orphan.ipynb")
    assert compare_all(sol, exe) == [
        (exe / "1.1_loss.ipynb", "stale"),
        (exe / "orphan.ipynb", "extra"),
        (exe / "sub" / "2.1_more.ipynb", "missing"),
    ]
    assert check_all(sol, exe) == [
        exe / "1.1_loss.ipynb", exe / "orphan.ipynb", exe / "sub" / "2.1_more.ipynb",
    ]
    generate_all(sol, exe)
    assert compare_all(sol, exe) == [(exe / "orphan.ipynb", "extra")]
    generate_all(sol, exe, prune=True)
    assert check_all(sol, exe) == [] and not (exe / "orphan.ipynb").exists()


def test_cli_generate_and_check(tmp_path, capsys):
    sol, exe = tmp_path / "solutions", tmp_path / "exercises"
    write_solutions(sol)
    args = ["--solutions", str(sol), "--exercises", str(exe)]
    assert main([*args, "--check"]) == 1
    assert f"missing: {exe / '1.1_loss.ipynb'}" in capsys.readouterr().out
    assert main(args) == 0
    assert main([*args, "--check"]) == 0
    (exe / "1.1_loss.ipynb").write_text("{}")
    assert main([*args, "--check"]) == 1
    assert f"stale: {exe / '1.1_loss.ipynb'}" in capsys.readouterr().out


def test_cli_reports_malformed_solution(tmp_path, capsys):
    sol = tmp_path / "solutions"
    sol.mkdir()
    nbformat.write(one_cell("### BEGIN SOLUTION\nx = 1"), sol / "bad.ipynb")
    assert main(["--solutions", str(sol), "--exercises", str(tmp_path / "ex")]) == 2
    err = capsys.readouterr().err
    assert "bad.ipynb: cell 2" in err and "never closed" in err


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--solutions", "/no/such/folder"], "--solutions"),
        (["--exercises", __file__], "--exercises"),
        (["--solutions", "tests", "--exercises", "tests"], "--exercises"),
        (["--check", "--prune"], "--prune"),
        (["--frobnicate"], "--frobnicate"),
    ],
)
def test_cli_bad_arguments(argv, named, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert named in capsys.readouterr().err


def test_module_entry_point(tmp_path):
    sol = tmp_path / "solutions"
    write_solutions(sol)
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    run = subprocess.run(
        [sys.executable, "-m", "course_lib.authoring", "--check"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "missing: exercises/1.1_loss.ipynb" in run.stdout
    run = subprocess.run(
        [sys.executable, "-m", "course_lib.authoring"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "exercises" / "sub" / "2.1_more.ipynb").is_file()


# ---------------------------------------------------------------- nbval markers as cell tags

IGNORE_TAG = "nbval-ignore-output"


def _shows_widget(source: str) -> bool:
    """The cell's value is an explorer or the protocols table (its last statement calls one)."""
    body = ast.parse(source).body
    if not body or not isinstance(body[-1], ast.Expr) or not isinstance(body[-1].value, ast.Call):
        return False
    func = body[-1].value.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name.endswith("explorer") or name == "protocol_table"


def _course_notebooks():
    for folder in ("notebooks", "solutions", "exercises"):
        yield from sorted((ROOT / folder).glob("**/*.ipynb"))


def test_widget_cells_carry_the_nbval_tag_and_no_marker_comment():
    """A widget view's output is not compared (tag `nbval-ignore-output`); students never see
    an `# NBVAL_...` comment; no other cell is ignored."""
    for path in _course_notebooks():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            where = f"{path.relative_to(ROOT)} cell {cell.get('id')}"
            assert "NBVAL_" not in cell.source, where
            tagged = IGNORE_TAG in cell.metadata.get("tags", [])
            assert tagged == _shows_widget(cell.source), where


def test_student_notebook_keeps_cell_tags():
    tagged = cell_code("explorer()", "w1", metadata={"tags": [IGNORE_TAG]})
    nb = new_notebook(cells=[tagged], metadata={"kernelspec": KERNELSPEC})
    student = make_student_notebook(nb)
    assert student.cells[0].metadata["tags"] == [IGNORE_TAG]
