"""Trusted execution of one submission: rebuild it from the exercise, run it, collect answers.

`read_submission` takes only the answer cells out of a student's notebook (by cell id, else
by the answer variable they bind), never its outputs. `rebuild` lays them into the trusted
student notebook, whose given cells are used as written by the course and whose check cells
become capture cells (`capture.emit`). `execute` runs the steps with nbclient in a fresh
kernel in an empty working folder, with only a private copy of the installed course on the
import path (what the submission writes into it reaches no one else):

- each cell has `cell_timeout` seconds and the whole notebook `notebook_timeout`;
- a cell that times out or kills the kernel (``os._exit``) costs its own step: the kernel is
  started again and the steps that had run are replayed, so answers already collected stay
  and later questions still run (at most `MAX_RESTARTS` times);
- ``sys.exit`` and exceptions are ordinary cell errors (IPython keeps the kernel);
- outputs are not kept except answers and error names; printing past `OUTPUT_CAP` bytes in a
  cell is noted, not stored.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

import course_lib
from course_lib.authoring import assigned_names
from course_lib.grading.capture import MIME
from course_lib.grading.sets import ExerciseSet, is_answer_cell

__all__ = ["MAX_NOTEBOOK_BYTES", "OUTPUT_CAP", "RunResult", "Step", "Submission",
           "execute", "read_submission", "rebuild"]

MAX_NOTEBOOK_BYTES = 50_000_000
OUTPUT_CAP = 1_000_000
#: Bytes of one answer message kept from a grader's capture cell; larger ones are not read.
PAYLOAD_CAP = 2_000_000
MAX_RESTARTS = 3
KERNEL_STARTUP = 60


class _OutOfTime(Exception):
    """The notebook's time ran out while replaying steps after a restart."""


@dataclass
class Submission:
    """What was read from a student's notebook: answer cell sources and notes."""

    answers: dict[str, str] = field(default_factory=dict)  # trusted answer cell id -> source
    problems: list[str] = field(default_factory=list)
    readable: bool = True


@dataclass(frozen=True)
class Step:
    kind: str  # "given", "answer" or "capture"
    source: str
    label: str  # how problems name this step, e.g. "balance" or "given cell 3"
    variable: str | None = None  # for captures: the answer variable


@dataclass
class RunResult:
    payloads: dict[str, Any] = field(default_factory=dict)  # variable -> payload
    errors: dict[str, str] = field(default_factory=dict)  # step label -> "ZeroDivisionError..."
    lost: dict[str, str] = field(default_factory=dict)  # variable -> why it was not collected
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


# --------------------------------------------------------------------------- reading


def _text(source: Any) -> str | None:
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)
    return None


def read_submission(path: Path, exercise: ExerciseSet) -> Submission:
    """The student's answer cells for `exercise`, matched to the trusted answer cells."""
    sub = Submission()
    try:
        size = path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            sub.problems.append(f"notebook file is {size / 1e6:.0f} MB, over the "
                                f"{MAX_NOTEBOOK_BYTES / 1e6:.0f} MB limit; not graded")
            sub.readable = False
            return sub
        data = json.loads(path.read_bytes().decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        sub.problems.append(f"notebook is not valid JSON ({exc.msg}, line {exc.lineno} column "
                            f"{exc.colno}); not graded")
        sub.readable = False
        return sub
    except (ValueError, RecursionError) as exc:   # e.g. nested too deep, a 5000-digit number
        sub.problems.append(f"notebook is not valid JSON for a notebook ({type(exc).__name__}: "
                            f"{str(exc)[:80]}); not graded")
        sub.readable = False
        return sub
    except OSError as exc:
        sub.problems.append(f"cannot read the notebook ({exc.strerror}); not graded")
        sub.readable = False
        return sub
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        sub.problems.append("file is JSON but not a version-4 notebook (no 'cells' list); "
                            "not graded")
        sub.readable = False
        return sub
    student = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        text = _text(cell.get("source", ""))
        if text is None:
            continue
        cid, ctype = cell.get("id"), cell.get("cell_type")
        student.append((cid if isinstance(cid, str) else None,
                        ctype if isinstance(ctype, str) else None, text))
    _match(student, exercise, sub)
    return sub


def _binds(source: str) -> list[str]:
    try:
        return assigned_names(source)
    except (SyntaxError, ValueError, RecursionError):
        return []


def _match(student: list, exercise: ExerciseSet, sub: Submission) -> None:
    trusted = [c for c in exercise.notebook.cells if c.cell_type == "code"]
    trusted_ids = [c.get("id") for c in trusted]
    graded = {q.answer_cell: q.variable for q in exercise.questions}
    by_id: dict[str, tuple[int, str]] = {}
    for pos, (cid, ctype, text) in enumerate(student):
        if isinstance(cid, str) and ctype == "code" and cid not in by_id:
            by_id[cid] = (pos, text)
    used: set[int] = {pos for pos, _ in by_id.values()}
    for cell in trusted:
        if not is_answer_cell(cell):
            continue
        cid = cell.get("id")
        label = graded.get(cid) or f"answer cell {cid}"
        if cid in by_id:
            sub.answers[cid] = by_id[cid][1]
            continue
        wanted = set(_binds(cell.source))
        candidates = [pos for pos, (_, ctype, text) in enumerate(student)
                      if ctype == "code" and pos not in used and wanted & set(_binds(text))]
        if candidates:
            pos = candidates[-1]
            used.add(pos)
            sub.answers[cid] = student[pos][2]
            sub.problems.append(f"{label}: answer cell found by its variable (its cell id "
                                "changed)")
        else:
            sub.problems.append(f"{label}: answer cell missing (deleted?); counted as not "
                                "answered")
    order = [trusted_ids.index(cid) for cid, ctype, _ in student
             if ctype == "code" and cid in trusted_ids]
    if order != sorted(order):
        sub.problems.append("cells were reordered; graded in the exercise's order")
    present = {cid for cid, _, _ in student}
    if not any(isinstance(cid, str) for cid in present):
        return  # a notebook without cell ids (nbformat < 4.5): nothing more to compare
    missing_given = [cid for cid, cell in zip(trusted_ids, trusted, strict=True)
                     if cid not in present and not is_answer_cell(cell)]
    if missing_given:
        sub.problems.append(f"{len(missing_given)} given cell(s) deleted; the exercise's "
                            "own were used")


# --------------------------------------------------------------------------- rebuilding


def capture_source(variable: str) -> str:
    return ("from course_lib.grading.capture import emit as _course_emit\n"
            f"_course_emit({variable!r}, globals())")


def rebuild(exercise: ExerciseSet, submission: Submission) -> list[Step]:
    """The steps to run: trusted given cells, the student's answer cells, capture cells."""
    checks = {q.check_cell: q.variable for q in exercise.questions}
    graded = {q.answer_cell: q.variable for q in exercise.questions}
    steps = []
    for index, cell in enumerate(exercise.notebook.cells):
        if cell.cell_type != "code":
            continue
        cid = cell.get("id")
        if cid in checks:
            steps.append(Step("capture", capture_source(checks[cid]), checks[cid], checks[cid]))
        elif is_answer_cell(cell):
            source = submission.answers.get(cid, cell.source)
            steps.append(Step("answer", source, graded.get(cid) or f"answer cell {index}"))
        else:
            steps.append(Step("given", cell.source, f"given cell {index}"))
    return steps


# --------------------------------------------------------------------------- running


def private_course(folder: Path) -> Path:
    """A copy of the installed `course_lib` (compiled files included, so nothing is compiled
    again) inside `folder`, for one submission's kernel: whatever its code writes into the
    course's files changes only this copy, never what another submission or the grader runs."""
    shutil.copytree(Path(course_lib.__file__).resolve().parent, folder / "course_lib",
                    symlinks=False)
    return folder


def kernel_env(library: Path | None = None) -> dict[str, str]:
    """The kernel's environment: the course (`library`, a folder holding a `course_lib`;
    default the installed one) first on the path, nothing else."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JPY_"))}
    env["PYTHONPATH"] = str(library or Path(course_lib.__file__).resolve().parents[1])
    env["PYTHONHASHSEED"] = "0"
    env["MPLBACKEND"] = "Agg"
    env["COURSE_FEEDBACK_MODE"] = "exam"   # a check called from an answer cell tells nothing
    return env


class _Client:
    """An nbclient NotebookClient that keeps only answers and error names, with a byte cap."""

    def __init__(self, workdir: Path, cell_timeout: float, library: Path | None = None) -> None:
        from nbclient import NotebookClient

        class Capped(NotebookClient):
            printed = 0
            capturing = False

            def output(self, outs, msg, display_id, cell_index):  # noqa: D401
                content = msg.get("content", {})
                kind = msg.get("msg_type")
                data = content.get("data")
                if kind in ("display_data", "execute_result") and isinstance(data, dict) \
                        and MIME in data:
                    # Answers are read only from the grader's own capture cells, one message
                    # at most PAYLOAD_CAP bytes; any other is output like print's, counted.
                    size = len(json.dumps(data[MIME], default=str))
                    if self.capturing and size <= PAYLOAD_CAP and len(outs) < 16:
                        outs.append({"payload": data[MIME]})
                    else:
                        self.printed += size
                elif kind == "error":
                    outs.append({"error": f"raised {str(content.get('ename', 'Error'))[:50]}: "
                                          f"{str(content.get('evalue', ''))[:200]}"})
                else:
                    self.printed += len(json.dumps(content.get("data") or content.get("text")
                                                   or "", default=str))
                return None

        self.nb = nbformat.v4.new_notebook()
        self.client = Capped(
            self.nb, timeout=max(1, round(cell_timeout)), kernel_name="python3",
            allow_errors=True, interrupt_on_timeout=False, startup_timeout=KERNEL_STARTUP,
            record_timing=False, shutdown_kernel="immediate",
            resources={"metadata": {"path": str(workdir)}},
        )
        self.client.coalesce_streams = False
        self.workdir = workdir
        self.library = library

    def start(self) -> None:
        self.client.km = self.client.create_kernel_manager()
        self.client.start_new_kernel(cwd=str(self.workdir), env=kernel_env(self.library),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.client.start_new_kernel_client()

    def run(self, source: str, timeout: float, *, capture: bool = False) -> tuple[list, int]:
        cell = nbformat.v4.new_code_cell(source)
        self.nb.cells = [cell]
        self.client.timeout = max(1, round(timeout))
        self.client.printed = 0
        self.client.capturing = capture
        self.client.execute_cell(cell, 0)
        return list(cell.outputs), self.client.printed

    def stop(self) -> None:
        try:
            if self.client.km is not None:
                self.client._cleanup_kernel()
        except Exception:
            km = self.client.km
            if km is not None and getattr(km, "provisioner", None) is not None:
                try:
                    km.provisioner.process.kill()
                except Exception:
                    pass


def execute(steps: list[Step], *, cell_timeout: float = 60.0,
            notebook_timeout: float = 300.0) -> RunResult:
    """Run `steps` in a fresh kernel in an empty folder; collect answer payloads."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    result = RunResult()
    started = time.monotonic()
    deadline = started + notebook_timeout
    workdir = Path(tempfile.mkdtemp(prefix="course-grade-"))
    library = private_course(Path(tempfile.mkdtemp(prefix="course-lib-")))
    client: _Client | None = None
    ran: list[Step] = []  # steps that completed, for replay after a restart
    restarts = 0
    try:
        index = 0
        while index < len(steps):
            step = steps[index]
            left = deadline - time.monotonic()
            if left <= 1:
                _out_of_time(steps[index:], result, notebook_timeout)
                break
            try:
                if client is None:
                    client = _Client(workdir, cell_timeout, library)
                    client.start()
                    for old in ran:  # replay what had run before the restart
                        left = deadline - time.monotonic()
                        if left <= 1:
                            raise _OutOfTime
                        client.run(old.source, min(cell_timeout, left))
                outputs, printed = client.run(step.source, min(cell_timeout, left),
                                              capture=step.kind == "capture")
            except (CellTimeoutError, DeadKernelError, _OutOfTime, RuntimeError) as exc:
                if client is not None:
                    client.stop()
                client = None
                if isinstance(exc, _OutOfTime) or time.monotonic() >= deadline - 1:
                    _out_of_time(steps[index:], result, notebook_timeout)
                    break
                why = (f"timed out after {cell_timeout:g} s" if isinstance(exc, CellTimeoutError)
                       else "crashed the kernel" if isinstance(exc, DeadKernelError)
                       else f"could not run ({str(exc)[:100]})")
                _lose(step, why, result)
                restarts += 1
                if restarts > MAX_RESTARTS:
                    _lose_rest(steps[index + 1:], f"not run: the kernel was lost "
                                                  f"{restarts} times", result)
                    break
                index += 1
                continue
            _record(step, outputs, printed, result)
            if step.kind != "capture":
                ran.append(step)
            index += 1
    finally:
        if client is not None:
            client.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(library, ignore_errors=True)
        result.seconds = time.monotonic() - started
    return result


def _record(step: Step, outputs: list, printed: int, result: RunResult) -> None:
    errors = [o["error"] for o in outputs if "error" in o]
    if printed > OUTPUT_CAP:
        result.problems.append(f"{step.label}: printed {printed / 1e6:.1f} MB; output over "
                               f"{OUTPUT_CAP / 1e6:g} MB is not kept")
    if step.kind == "capture":
        payloads = [o["payload"] for o in outputs if "payload" in o]
        mine = [p for p in payloads if isinstance(p, dict) and p.get("name") == step.variable]
        if mine:
            result.payloads[step.variable] = mine[-1]
        else:
            result.lost[step.variable] = ("its value could not be read" +
                                          (f" (the grader's cell {errors[0]})" if errors else ""))
    elif errors:
        result.errors[step.label] = errors[0]


def _lose(step: Step, why: str, result: RunResult) -> None:
    if step.kind == "capture":
        result.lost[step.variable] = f"{why}; kernel restarted"
    else:
        result.errors[step.label] = f"{why}; kernel restarted"


def _lose_rest(steps: list[Step], why: str, result: RunResult) -> None:
    for step in steps:
        if step.kind == "capture":
            result.lost.setdefault(step.variable, why)


def _out_of_time(steps: list[Step], result: RunResult, limit: float) -> None:
    result.problems.append(f"the notebook ran out of time ({limit:g} s in all)")
    _lose_rest(steps, "not run: the notebook ran out of time", result)


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use `course grade` (python -m course_lib.grading grade)")
