"""Fuzz every answer key the solution notebooks call, with a fixed adversarial corpus.

The keys are found by reading the check cells of `solutions/*.ipynb` (a cell whose last line
is ``module.function(answer)`` after ``from course_lib.checks import module``), so exercise
sets added later are covered without editing this file.

`test_key_follows_the_answer_key_pattern` proves, for each key, that it is an `@answer_key`,
hands the answer unchanged to exactly one engine checker and returns that checker's Feedback
unchanged, and that a bug in the key reaches the author as AnswerKeyError. So key(answer) is
the recorded engine call with that answer, and `test_key_survives_the_adversarial_corpus`
replays the call with every answer of `fuzzcorpus.build()` (huge Decimals, numpy scalars of
every kind, subclasses whose methods raise, lying and endless sequences, NaN, inf, huge
lists, None, Ellipsis, hostile __eq__/__float__/__len__, ...), and calls the key itself with
a sample of them: a Feedback comes back (no traceback), its text is well formed and
deterministic, no wrong answer is called correct (decided with independent Decimal
arithmetic), and each call takes under a second of CPU time; a call stuck in C code kills the
run with a traceback (`fuzzcorpus.hang_guard`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re
import sys
import time
from dataclasses import dataclass, field
from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import fuzzcorpus
import pytest

from course_lib.checks import PREFIXES, STATUSES, AnswerKeyError, Feedback, feedback

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
ENGINE = ("check_number", "check_numbered", "check_range", "check_choice", "check_bool",
          "check_sequence", "check_text")
CPU_LIMIT_S = 1.0        # per call: a hang guard, not a benchmark (calls take ~1 ms)
HANG_S = 30.0            # wall-clock seconds after which the process is killed
ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")
ORIGINAL = {name: getattr(feedback, name) for name in ENGINE}
#: Corpus answers also sent through the key itself (the rest go through the replayed call).
THROUGH_THE_KEY = ("None", "Decimal 1e999999999", "Decimal -1e-999999999", "HostileFloat poison",
                   "HostileStr", "Opaque", "FakeReal", "Endless", "float nan",
                   "np.timedelta64(3 D)", "list of 5 poisons", "text of 10**6",
                   "list of 10**6 floats")


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Check:
    module: str          # e.g. "course_lib.checks.accumulation"
    function: str
    where: tuple[str, ...] = field(compare=False, default=())  # notebook:cell of each use

    @property
    def id(self) -> str:
        return f"{self.module.rsplit('.', 1)[-1]}.{self.function}"

    def key(self):
        return getattr(importlib.import_module(self.module), self.function)


def _code(cell: dict) -> ast.Module | None:
    source = "".join(cell.get("source", ""))
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def _checks_module(name: str) -> str | None:
    """The module's full name when `name` (inside course_lib.checks) is a module."""
    full = f"course_lib.checks.{name}"
    try:
        return full if isinstance(importlib.import_module(full), ModuleType) else None
    except ImportError:
        return None


def checks_in(path: Path) -> list[tuple[str, str, str]]:
    """(module, function, cell id) of every check cell of one solution notebook."""
    modules: dict[str, str] = {}            # alias -> module
    functions: dict[str, tuple[str, str]] = {}  # alias -> (module, function)
    found = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        tree = _code(cell) if cell["cell_type"] == "code" else None
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "course_lib.checks":
                for a in node.names:
                    if (full := _checks_module(a.name)) is not None:
                        modules[a.asname or a.name] = full
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "course_lib.checks."):
                for a in node.names:
                    functions[a.asname or a.name] = (node.module, a.name)
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith("course_lib.checks.") and a.asname:
                        modules[a.asname] = a.name
        last = tree.body[-1] if tree.body else None
        if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)):
            continue
        func = last.value.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and (
                func.value.id in modules):
            found.append((modules[func.value.id], func.attr, cell.get("id", "?")))
        elif isinstance(func, ast.Name) and func.id in functions:
            found.append((*functions[func.id], cell.get("id", "?")))
    return found


def discover() -> tuple[list[Check], list[str]]:
    """Every key called by a solution notebook, and the notebooks where none was found."""
    uses: dict[tuple[str, str], list[str]] = {}
    without = []
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        found = checks_in(path)
        if not found:
            without.append(path.name)
        for module, function, cell in found:
            uses.setdefault((module, function), []).append(f"{path.name}:{cell}")
    return [Check(m, f, tuple(w)) for (m, f), w in sorted(uses.items())], without


CHECKS, WITHOUT_CHECKS = discover()


def per_check():
    if not CHECKS:
        return [pytest.param(None, marks=pytest.mark.skip(reason="no solutions/*.ipynb calls "
                                                                  "an answer key yet"))]
    return [pytest.param(c, id=c.id) for c in CHECKS]


@pytest.fixture(scope="module")
def corpus() -> list[fuzzcorpus.Case]:
    return fuzzcorpus.build()


# --------------------------------------------------------------------------- the engine calls


@dataclass
class Call:
    name: str
    args: tuple
    kwargs: dict
    result: object = None

    def replay(self, answer):
        """The same engine call with another answer (the original checker, unwrapped)."""
        return ORIGINAL[self.name](answer, *self.args[1:], **self.kwargs)


def record_engine(monkeypatch, key, replacement=None) -> list[Call]:
    """Wrap the engine's checkers wherever the key's module can reach them; return the list
    the calls are recorded in. With `replacement`, call that instead of the checker."""
    calls: list[Call] = []
    namespaces = [inspect.unwrap(key).__globals__] + [  # the key's module, and any helper's
        vars(m) for name, m in list(sys.modules.items())
        if name.startswith("course_lib.") and isinstance(m, ModuleType)]
    for name in ENGINE:
        real = ORIGINAL[name]

        def wrapper(*args, _name=name, _real=real, **kwargs):
            calls.append(Call(_name, args, kwargs))
            calls[-1].result = (replacement or _real)(*args, **kwargs)
            return calls[-1].result

        for namespace in namespaces:
            for global_name, value in list(namespace.items()):
                if value is real:
                    monkeypatch.setitem(namespace, global_name, wrapper)
    return calls


def _dec(x) -> Decimal:
    if isinstance(x, Fraction):
        return Decimal(x.numerator) / Decimal(x.denominator)
    if isinstance(x, int | Decimal):
        return Decimal(x)
    return Decimal(float(x))


def earned(call: Call, value) -> bool:
    """Independent reference: does an answer whose true value is `value` deserve 'Correct'
    under this engine call? (Decimal arithmetic; the engine works with Fractions.)"""
    if value is None:
        return False
    bound = dict(zip(("answer", "expected", "third"), call.args, strict=False)) | call.kwargs
    if call.name == "check_bool":
        return isinstance(value, bool) and value == bool(bound["expected"])
    if isinstance(value, bool):
        return False
    if call.name not in ("check_number", "check_numbered", "check_range"):
        return False
    with localcontext() as ctx:
        ctx.prec, ctx.Emax, ctx.Emin = 5000, MAX_EMAX, MIN_EMIN
        if call.name == "check_numbered":    # an item's number: exactly the expected one
            return _dec(value) == _dec(bound["expected"])
        if call.name == "check_range":
            low = bound.get("low", bound.get("expected"))
            high = bound.get("high", bound.get("third"))
            return (low is None or value >= _dec(low)) and (high is None or value <= _dec(high))
        expected = _dec(bound["expected"])
        rel, ab = bound.get("rel_tol"), bound.get("abs_tol")
        if rel is None and ab is None:
            rel, ab = Decimal("1e-6"), Decimal("1e-12")
        rel, ab = _dec(rel or 0), _dec(ab or 0)
        return abs(value - expected) <= max(rel * abs(expected), ab)


# --------------------------------------------------------------------------- tests


def test_every_solution_notebook_has_discoverable_checks():
    if not list(SOLUTIONS.glob("*.ipynb")):
        pytest.skip("solutions/ has no notebooks yet")
    assert not WITHOUT_CHECKS, (
        f"no check cell found in {WITHOUT_CHECKS}: end each check cell with one call "
        "`module.function(answer)` after `from course_lib.checks import module`, so the "
        "fuzz test covers it")


def judge(fb, again, case, call, cpu) -> list[str]:
    """What is wrong with the feedback `fb` on one corpus answer (`again`: a second run)."""
    label = f"{case.name}: {fb!s}"[:300] if isinstance(fb, Feedback) else case.name
    if not isinstance(fb, Feedback) or fb.status not in STATUSES:
        return [f"{case.name}: returned {type(fb).__name__}"]
    text, problems = fb.text, []
    if cpu > CPU_LIMIT_S:
        problems.append(f"took {cpu:.2f} s of CPU: {label}")
    if not text.startswith(PREFIXES[fb.status]) or "\n" in text or ADDRESS.search(text) \
            or ADDRESS.search(fb._repr_html_()) or "Traceback" in text:
        problems.append(f"malformed text: {label}")
    if text != again.text:
        problems.append(f"not deterministic: {label} / {again.text[:100]}")
    if fb.status in ("incorrect", "invalid") and not fb.hint:
        problems.append(f"no hint: {label}")
    if "nan" in case.name.lower() and "a float" in text:
        problems.append(f"NaN called a float: {label}")
    if fb.ok and not earned(call, case.value):
        problems.append(f"'Correct' for a wrong answer: {label}")
    return problems


def timed(func, answer, report):
    with fuzzcorpus.hang_guard(HANG_S, report):
        start = time.thread_time()
        result = func(answer)
        return result, time.thread_time() - start


@pytest.mark.parametrize("check", per_check())
def test_key_survives_the_adversarial_corpus(check, corpus, monkeypatch, pytestconfig):
    report = fuzzcorpus.report_file(pytestconfig)
    key = check.key()
    calls = record_engine(monkeypatch, key)
    key(None)                                      # records the key's engine call
    call = calls[-1]
    monkeypatch.undo()
    problems, slowest = [], (0.0, "")
    for case in corpus:
        fb, cpu = timed(call.replay, case.answer, report)
        again, _ = timed(call.replay, case.answer, report)
        problems += judge(fb, again, case, call, cpu)
        slowest = max(slowest, (cpu, case.name))
        if case.name in THROUGH_THE_KEY:
            direct, cpu = timed(key, case.answer, report)
            problems += [f"through the key: {p}" for p in judge(direct, fb, case, call, cpu)]
    print(f"{check.id}: slowest replayed call {slowest[0] * 1000:.1f} ms CPU ({slowest[1]})")
    assert not problems, f"{check.id} ({', '.join(check.where)}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("check", per_check())
def test_key_follows_the_answer_key_pattern(check, monkeypatch):
    """`@answer_key`, no try/except in the key's module, the answer (of several kinds) handed
    to exactly one engine checker unchanged and its Feedback returned as it is, and a bug in
    the key (here: the engine rejecting the key's arguments) raised to the author."""
    key = check.key()
    module = importlib.import_module(check.module)
    assert getattr(key, "__answer_key__", False), (
        f"{check.id}: decorate it with @answer_key (course_lib.checks.feedback)")
    assert "never_raises" not in inspect.getsource(module), (
        f"{check.module} uses never_raises: rename it to answer_key")

    tries = [node.lineno for node in ast.walk(ast.parse(inspect.getsource(module)))
             if isinstance(node, ast.Try | ast.TryStar)]
    assert not tries, (f"{check.module} has try/except (lines {tries}): a key computes its "
                       "expected values unguarded, so that its bugs reach the author")

    for sentinel in (object(), [1.0, "a"], fuzzcorpus.HostileStr("a"), fuzzcorpus.HostileFloat(1)):
        calls = record_engine(monkeypatch, key)
        result = key(sentinel)
        mine = [c for c in calls if c.args and c.args[0] is sentinel]
        assert len(mine) == 1 and len(calls) == 1, (
            f"{check.id} must pass its answer, unchanged, to exactly one engine checker "
            f"(made {[c.name for c in calls]}); only the engine may inspect a student's answer")
        assert result is mine[0].result, (
            f"{check.id} must return the engine's Feedback as it is (refine it with the "
            "engine's arguments: mistakes, wrong_hints, synonyms, item_hint)")
        monkeypatch.undo()

    def author_bug(*args, **kwargs):
        raise ValueError("expected must be a finite real number (simulated author bug)")

    record_engine(monkeypatch, key, replacement=author_bug)
    with pytest.raises(AnswerKeyError, match="not in your answer") as info:
        key(None)
    assert isinstance(info.value.__cause__, ValueError)
