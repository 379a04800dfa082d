"""Grade a folder of submissions into a gradebook CSV and per-student feedback files.

One row per student folder, whatever the folder holds. Each submission is rebuilt and run by
`runner` (a fresh kernel each, several at once), its answers come back as plain values and
are judged here, in the grader's process, by the trusted checks in practice mode. Writing is
atomic (a temporary file renamed over the old one, under a lock), and rows already in the
gradebook for students not graded this time are kept, so grading one student again replaces
that student's row only.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import csv
import io
import multiprocessing
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course_lib.grading import runner
from course_lib.grading.sets import ExerciseSet
from course_lib.grading.values import Opaque, decode

__all__ = ["Outcome", "Row", "find_notebook", "grade_all", "grade_student", "header",
           "merge_rows", "student_folders", "write_csv", "write_feedback"]

FIXED = ("student",)
TAIL = ("total", "max", "problems")


@dataclass
class Outcome:
    """One question for one student: the answer shown back, the feedback, the points."""

    variable: str
    points: float
    max_points: float
    answer: str
    feedback: Any


@dataclass
class Row:
    student: str
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    max_points: float = 0.0
    seconds: float = 0.0

    @property
    def total(self) -> float:
        return sum(o.points for o in self.outcomes)

    def cells(self, exercise: ExerciseSet) -> list[str]:
        scores = {o.variable: o.points for o in self.outcomes}
        return ([self.student] + [_num(scores.get(q.variable, 0)) for q in exercise.questions]
                + [_num(self.total), _num(exercise.max_points), "; ".join(self.problems)])


def _num(x: float) -> str:
    return f"{x:g}"


def header(exercise: ExerciseSet) -> list[str]:
    """The gradebook's columns: student, one per question (answer variable), total, max,
    problems."""
    return [*FIXED, *exercise.variables, *TAIL]


# --------------------------------------------------------------------------- one student


def student_folders(submissions: Path) -> list[Path]:
    """The student folders of `submissions` (hidden folders skipped), sorted by name."""
    return sorted((p for p in submissions.iterdir() if p.is_dir() and not
                   p.name.startswith(".")), key=lambda p: p.name)


def find_notebook(folder: Path, name: str) -> tuple[Path | None, list[str]]:
    """`name`.ipynb anywhere in `folder` (checkpoints, symlinks and anything but a regular
    file skipped): the shallowest one, and a note if there were several."""
    found = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != ".ipynb_checkpoints")
        for f in files:
            path = Path(here) / f
            if f == f"{name}.ipynb" and not path.is_symlink() and path.is_file():  # no FIFOs
                found.append(path)
    if not found:
        return None, [f"no {name}.ipynb in the folder; not graded"]
    found.sort(key=lambda p: (len(p.relative_to(folder).parts), str(p)))
    notes = []
    if len(found) > 1:
        notes.append(f"{len(found)} copies of {name}.ipynb; graded "
                     f"{found[0].relative_to(folder).as_posix()}")
    return found[0], notes


def _show(value: Any, limit: int = 200) -> str:
    text = repr(value) if not isinstance(value, Opaque) else f"a {value.type_name} object"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _judge(exercise: ExerciseSet, run: runner.RunResult, labels: dict) -> list[Outcome]:
    from course_lib.checks import Feedback

    out = []
    for q in exercise.questions:
        payload = run.payloads.get(q.variable)
        if payload is None or payload.get("missing"):
            why = (labels.get(q.variable) or run.lost.get(q.variable)
                   or "it was never assigned")
            fb = Feedback("invalid", f"{q.variable} has no value: {why}.")
            out.append(Outcome(q.variable, 0, q.points, "(no value)", fb))
            continue
        try:
            answer = decode(payload.get("value"))
        except (ValueError, KeyError, TypeError, OverflowError):
            fb = Feedback("invalid", f"the value of {q.variable} could not be read back.")
            out.append(Outcome(q.variable, 0, q.points, "(unreadable)", fb))
            continue
        try:
            fb = q.judge(answer)
        except Exception as exc:  # a bug in the answer key, not the student's fault
            fb = Feedback("invalid", f"the check failed ({type(exc).__name__}); the "
                                     "instructor has been told.")
        out.append(Outcome(q.variable, q.points if fb.ok else 0, q.points, _show(answer), fb))
    return out


@dataclass
class ReadSubmission:
    """What grading takes from one student folder, read before any student code runs."""

    student: str
    submission: runner.Submission
    notes: list[str] = field(default_factory=list)


def read_student(exercise: ExerciseSet, folder: Path) -> ReadSubmission:
    """The answer cells of the folder's notebook (never raises for anything it holds)."""
    path, notes = find_notebook(folder, exercise.name)
    submission = runner.Submission(readable=False)
    if path is not None:
        submission = runner.read_submission(path, exercise)
    return ReadSubmission(folder.name, submission, notes)


def grade_student(exercise: ExerciseSet, folder: Path, *, cell_timeout: float = 60.0,
                  notebook_timeout: float = 300.0) -> Row:
    """Grade one student folder (never raises for anything the folder holds)."""
    _check_timeouts(cell_timeout, notebook_timeout)
    if not Path(folder).is_dir():
        raise ValueError(f"folder must be a student folder, got {str(folder)!r}")
    return _grade_read(exercise, read_student(exercise, folder), cell_timeout,
                       notebook_timeout)


def _grade_read(exercise: ExerciseSet, read: ReadSubmission, cell_timeout: float,
                notebook_timeout: float) -> Row:
    """Run and judge one submission already read (its files are not opened again)."""
    row = Row(read.student, max_points=exercise.max_points)
    submission = read.submission
    row.problems += read.notes + submission.problems
    if not submission.readable:
        row.outcomes = [Outcome(q.variable, 0, q.points, "(not graded)", None)
                        for q in exercise.questions]
        return row
    steps = runner.rebuild(exercise, submission)
    run = runner.execute(steps, cell_timeout=cell_timeout, notebook_timeout=notebook_timeout)
    row.seconds = run.seconds
    # A question whose answer cell failed is named by its variable: "balance: raised ...".
    reasons = {}
    for label, error in run.errors.items():
        row.problems.append(f"{label}: {error}")
        if label in exercise.variables:
            reasons[label] = f"its answer cell {error}"
    row.problems += run.problems
    row.outcomes = _judge(exercise, run, reasons)
    for o in row.outcomes:
        if o.answer == "(no value)" and o.variable not in reasons and o.variable in run.lost:
            row.problems.append(f"{o.variable}: {run.lost[o.variable]}")
    row.problems = list(dict.fromkeys(row.problems))
    return row


def _check_timeouts(cell_timeout: float, notebook_timeout: float) -> None:
    for value, name in ((cell_timeout, "cell_timeout"), (notebook_timeout, "notebook_timeout")):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ValueError(f"{name} must be a number of seconds > 0, got {value!r}")


# --------------------------------------------------------------------------- many students


def _grade_task(args: tuple) -> Row:
    exercise, read, cell_timeout, notebook_timeout = args
    try:
        return _grade_read(exercise, read, cell_timeout, notebook_timeout)
    except Exception as exc:  # a grader bug must still leave a row
        row = Row(read.student, max_points=exercise.max_points)
        row.outcomes = [Outcome(q.variable, 0, q.points, "(not graded)", None)
                        for q in exercise.questions]
        row.problems.append(f"grader error ({type(exc).__name__}: {str(exc)[:200]}); "
                            "grade again or report it")
        return row


def grade_all(exercise: ExerciseSet, folders: list[Path], *, jobs: int = 1,
              cell_timeout: float = 60.0, notebook_timeout: float = 300.0,
              progress: Callable[[Row], None] | None = None) -> list[Row]:
    """Grade every folder, `jobs` at a time (separate processes); rows sorted by student.

    Every folder's notebook is read before any submission runs, so code in one submission
    that rewrites another's notebook (or its own) changes nothing graded. Submissions run in
    worker processes, so one that kills its worker (its kernel's parent,
    e.g. ``os.kill(os.getppid(), 9)``) cannot take the run down. A dead worker breaks the whole
    pool, so the submissions that had not finished are graded again, each in a process of its
    own: only one that kills that process too gets "grading process died"; nobody else's row
    changes.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be an int >= 1, got {jobs!r}")
    _check_timeouts(cell_timeout, notebook_timeout)
    before = course_digest()
    rows = _grade_all(exercise, folders, jobs, cell_timeout, notebook_timeout, progress)
    if course_digest() != before:
        for row in rows:
            row.problems.append(TAMPERED)
    return rows


#: Noted on every row when the installed course's files changed while the class was graded.
TAMPERED = ("the course's own files changed while this class was graded (did a submission "
            "write to them?): restore them (git checkout course_lib) and grade again")


def course_digest() -> str:
    """A fingerprint of the installed course's code and data (not its compiled files)."""
    import hashlib

    import course_lib

    root = Path(course_lib.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts \
                and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _grade_all(exercise: ExerciseSet, folders: list[Path], jobs: int, cell_timeout: float,
               notebook_timeout: float, progress: Callable[[Row], None] | None) -> list[Row]:
    # Read every notebook first: no student code has run yet, so none can have changed them.
    tasks = [(exercise, read_student(exercise, f), cell_timeout, notebook_timeout)
             for f in folders]
    rows: list[Row] = []

    def done(row: Row) -> None:
        rows.append(row)
        if progress:
            progress(row)

    # fork is cheapest and hands the workers the keys already imported and tried; with
    # other threads running (a test runner), forking is unsafe: start workers afresh.
    safe = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    if len(tasks) == 1 and not safe:   # one submission under a test runner: no process start
        done(_grade_task(tasks[0]))
        return rows
    context = multiprocessing.get_context("fork" if safe else "spawn")
    broken = _run_pool(tasks, min(jobs, len(tasks)) or 1, context, exercise, done)
    for start in range(0, len(broken), jobs):     # again, each in a process of its own
        batch = broken[start:start + jobs]
        pools = [_pool(1, context, exercise) for _ in batch]
        try:
            futures = [pool.submit(_grade_task, task) for pool, task in zip(pools, batch,
                                                                             strict=True)]
            for future, task in zip(futures, batch, strict=True):
                try:
                    done(future.result())
                except Exception as exc:  # this submission's own process died
                    done(_grade_task_failed(task, exc))
        finally:
            for pool in pools:
                pool.shutdown(wait=True, cancel_futures=True)
    return sorted(rows, key=lambda r: r.student)


def _pool(workers: int, context, exercise: ExerciseSet):
    return concurrent.futures.ProcessPoolExecutor(workers, mp_context=context,
                                                  initializer=_warm, initargs=(exercise,))


def _run_pool(tasks: list[tuple], workers: int, context, exercise: ExerciseSet,
              done: Callable[[Row], None]) -> list[tuple]:
    """Grade `tasks` in one pool; return the tasks lost when a worker process died."""
    broken = []
    with _pool(workers, context, exercise) as pool:
        futures = {pool.submit(_grade_task, t): t for t in tasks}
        for future in concurrent.futures.as_completed(futures):
            try:
                done(future.result())
            except concurrent.futures.process.BrokenProcessPool:
                broken.append(futures[future])
            except Exception as exc:  # pragma: no cover - _grade_task never raises
                done(_grade_task_failed(futures[future], exc))
    return sorted(broken, key=lambda t: t[1].student)


def _warm(exercise: ExerciseSet) -> None:
    """Import every check of `exercise` in a worker before it runs any submission."""
    for q in exercise.questions:
        try:
            q.judge(None)
        except Exception:  # reported per student when judging
            pass


def _grade_task_failed(task: tuple, exc: Exception) -> Row:
    exercise, read = task[0], task[1]
    row = Row(read.student, max_points=exercise.max_points)
    row.outcomes = [Outcome(q.variable, 0, q.points, "(not graded)", None)
                    for q in exercise.questions]
    row.problems.append(f"the process grading this submission on its own died "
                        f"({type(exc).__name__}): its code killed it, or it ran out of memory; "
                        "not graded")
    return row


# --------------------------------------------------------------------------- writing


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock = path.with_name(path.name + ".lock")
    with open(lock, "a") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no lock
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a gradebook is read by other tools and
        # people (a TA, an LMS upload): keep the old file's mode, else the usual umask one.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def merge_rows(existing: str, columns: list[str], new: dict[str, list[str]]) -> str:
    """CSV text of `existing` with the rows of `new` (by student) replaced or added, sorted.

    Raises ValueError if `existing` has other columns (another assignment's gradebook).
    """
    rows: dict[str, list[str]] = {}
    if existing.strip():
        reader = csv.reader(io.StringIO(existing))
        old_header = next(reader, [])
        if old_header != columns:
            raise ValueError(f"the gradebook has columns {old_header}, but this assignment's "
                             f"are {columns}: use another --out file (or delete it)")
        for record in reader:
            if record:
                rows[record[0]] = record
    rows.update(new)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for student in sorted(rows):
        writer.writerow(rows[student])
    return buffer.getvalue()


def snapshot(path: Path) -> str:
    """The gradebook's text as it is now ("" if there is none): take it before grading."""
    path = Path(path)
    return path.read_text(encoding="utf-8") if path.is_file() else ""


#: Said when the gradebook changed on disk while a class was graded.
GRADEBOOK_CHANGED = ("the gradebook changed on disk while this class was graded (did a "
                     "submission write to it?): the rows kept are those from before grading")


def write_csv(path: Path, exercise: ExerciseSet, rows: list[Row], *,
              before: str | None = None) -> bool:
    """Replace these students' rows in the gradebook at `path` (atomic; others kept).

    With `before` (its `snapshot` taken before grading), the other rows are kept as they were
    then, whatever was written to the file meanwhile; returns True if the file had changed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = header(exercise)
    with _locked(path):
        existing = path.read_text(encoding="utf-8") if path.is_file() else ""
        changed = before is not None and existing != before
        text = merge_rows(before if changed else existing, columns,
                          {r.student: r.cells(exercise) for r in rows})
        _atomic_write(path, text)
    return changed


def feedback_text(exercise: ExerciseSet, row: Row) -> str:
    """A student's feedback as Markdown: score, then each question and its feedback."""
    from course_lib.checks import PREFIXES

    lines = [f"# Feedback on {exercise.name}: {row.student}", "",
             f"**Score: {_num(row.total)} of {_num(exercise.max_points)} points.**", ""]
    for n, o in enumerate(row.outcomes, start=1):
        fb = o.feedback
        lines.append(f"## Question {n}: `{o.variable}` ({_num(o.points)} of "
                     f"{_num(o.max_points)})")
        lines.append("")
        lines.append(f"- Your answer: `{o.answer}`")
        if fb is None:
            lines.append("- Not graded (see the problems below).")
        else:
            lines.append(f"- {PREFIXES[fb.status].strip()} {fb.message}")
            if fb.hint:
                lines.append(f"- Hint: {fb.hint}")
        lines.append("")
    if row.problems:
        lines += ["## Problems with the submission", ""]
        lines += [f"- {p}" for p in row.problems] + [""]
    return "\n".join(lines)


def write_feedback(folder: Path, exercise: ExerciseSet, rows: list[Row]) -> list[Path]:
    """Write ``folder/STUDENT/ASSIGNMENT.md`` for every row (atomic); return the paths."""
    paths = []
    for row in rows:
        path = Path(folder) / row.student / f"{exercise.name}.md"
        _atomic_write(path, feedback_text(exercise, row))
        paths.append(path)
    return paths
