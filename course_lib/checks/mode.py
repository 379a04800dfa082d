"""Feedback modes: how much a check tells a student (practice, graded work, exam).

The feedback engine (`checks.feedback`) runs every answer key inside `question`, returns its
Feedback through `present`, and tells `note` what it read from an answer; nothing else in the
engine knows about modes. Engine checkers called directly (not through an `@answer_key`
function) are not affected.

| mode | verdict (correct / not) | what is wrong, hints | choice and True/False checks |
|---|---|---|---|
| ``practice`` (default) | yes | yes | unlimited |
| ``graded`` | yes | withheld | 1 distinct answer per question and session |
| ``exam`` | withheld | withheld | (nothing to try) |

"Not answered yet" and "Cannot check" (an answer of the wrong kind) are always shown: they
say nothing about the right answer. The configured mode is the file ``mode.json`` next to
this module (written by ``course release --mode graded``; else ``practice``), made stricter,
never looser, by the environment variable ``COURSE_FEEDBACK_MODE`` (a mode name). `set_mode`
and `using` choose a mode within that floor: in a graded copy, ``set_mode("practice")`` gives
no hints back. Trusted grading code judges with full feedback inside `judging()`.

A mode is a guard against handing out answers by ordinary use, not a lock: anything that runs
on a student's machine can be changed there (attempt counts live in the kernel and reset when
it restarts). Grades come from ``course grade``, which judges outside the student's reach.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

__all__ = ["MODES", "Mode", "current", "judging", "note", "present", "question", "set_mode",
           "using"]

ENV_VAR = "COURSE_FEEDBACK_MODE"
MODE_FILE = Path(__file__).with_name("mode.json")


@dataclass(frozen=True)
class Mode:
    """What checks tell a student. `max_attempts` counts distinct answers per question."""

    name: str = "practice"
    verdicts: bool = True
    details: bool = True
    hints: bool = True
    max_attempts: int | None = None

    def __post_init__(self) -> None:
        for flag in ("verdicts", "details", "hints"):
            if not isinstance(getattr(self, flag), bool):
                raise ValueError(f"{flag} must be True or False, got {getattr(self, flag)!r}")
        n = self.max_attempts
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
            raise ValueError(f"max_attempts must be None or an int >= 1, got {n!r}")


MODES = {
    "practice": Mode(),
    "graded": Mode("graded", details=False, hints=False, max_attempts=1),
    "exam": Mode("exam", verdicts=False, details=False, hints=False),
}

_chosen: Mode | None = None
_override: contextvars.ContextVar[Mode | None] = contextvars.ContextVar("mode", default=None)
_judging: contextvars.ContextVar[bool] = contextvars.ContextVar("judging", default=False)
_question: contextvars.ContextVar[dict | None] = contextvars.ContextVar("question", default=None)
_attempts: dict[str, dict[Any, None]] = {}
#: The engine's readers whose answers count as tries (a chosen option or numbered item, True
#: or False).
_CAPPED_READERS = ("_read_choice", "_read_pick", "_read_bool")


def _resolve(mode: Mode | str | dict) -> Mode:
    if isinstance(mode, Mode):
        return mode
    if isinstance(mode, str):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        return MODES[mode]
    if isinstance(mode, dict):
        base = _resolve(mode.get("mode", "practice"))
        known = {f.name for f in fields(Mode)} - {"name"}
        extra = set(mode) - known - {"mode"}
        if extra:
            raise ValueError(f"mode settings must be among {sorted(known)}, got {sorted(extra)}")
        return replace(base, **{k: v for k, v in mode.items() if k in known})
    raise ValueError(f"mode must be a Mode, a mode name or a dict, got {type(mode).__name__}")


def _stricter(a: Mode, b: Mode) -> Mode:
    """A mode that tells no more than `a` nor `b` (each setting the stricter of the two)."""
    caps = [n for n in (a.max_attempts, b.max_attempts) if n is not None]
    name = max((a.name, b.name), key=lambda n: list(MODES).index(n) if n in MODES else 0)
    return Mode(name, verdicts=a.verdicts and b.verdicts, details=a.details and b.details,
                hints=a.hints and b.hints, max_attempts=min(caps) if caps else None)


def _configured() -> Mode:
    configured = MODES["practice"]
    if MODE_FILE.is_file():
        configured = _resolve(json.loads(MODE_FILE.read_text(encoding="utf-8")))
    name = os.environ.get(ENV_VAR, "").strip()
    return _stricter(configured, _resolve(name)) if name else configured


def current() -> Mode:
    """The mode in force: the one chosen (`using`, `set_mode`) within the configured floor
    (see the module docstring); full feedback inside `judging()`."""
    if _judging.get():
        return MODES["practice"]
    floor = _configured()
    chosen = _override.get() or _chosen
    return floor if chosen is None else _stricter(chosen, floor)


@contextlib.contextmanager
def judging() -> Iterator[None]:
    """Full feedback inside a with-block, whatever the floor: for trusted grading code that
    judges a plain value outside the student's kernel (``course grade``, nbgrader cells)."""
    token = _judging.set(True)
    try:
        yield
    finally:
        _judging.reset(token)


def set_mode(mode: Mode | str | dict | None) -> Mode:
    """Choose the mode for this process (None: back to the configured one); clears attempts."""
    global _chosen
    _chosen = None if mode is None else _resolve(mode)
    _attempts.clear()
    return current()


@contextlib.contextmanager
def using(mode: Mode | str | dict) -> Iterator[Mode]:
    """Use `mode` (within the configured floor) inside a with-block."""
    token = _override.set(_resolve(mode))
    try:
        yield _override.get()
    finally:
        _override.reset(token)


@contextlib.contextmanager
def question(func: Callable) -> Iterator[None]:
    """Mark the run of one answer-key function (the engine wraps every key in this)."""
    name = f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', '')}"
    token = _question.set({"id": name, "read": None})
    try:
        yield
    finally:
        _question.reset(token)


def note(reader: Callable, read: Any) -> None:
    """Record what the engine read from the answer (a chosen option, True/False), so
    `present` can count distinct tries at this question. Never raises."""
    record = _question.get()
    if record is None or getattr(reader, "__name__", "") not in _CAPPED_READERS:
        return
    if type(read) in (str, bool):  # a valid option or truth value (not a Feedback)
        record["read"] = (reader.__name__, read)


def present(feedback: Any) -> Any:
    """`feedback` as the current mode lets a student see it (call inside `question`)."""
    mode = current()
    status = getattr(feedback, "status", None)
    if mode == MODES["practice"] or status not in ("correct", "incorrect"):
        return feedback
    make = type(feedback)
    record = _question.get()
    if mode.max_attempts is not None and record is not None and record["read"] is not None:
        seen = _attempts.setdefault(record["id"], {})
        if record["read"] not in seen and len(seen) >= mode.max_attempts:
            n = mode.max_attempts
            return make("invalid", f"this question allows {n} checked answer"
                        f"{'' if n == 1 else 's'} during graded work, and you have used "
                        f"{'it' if n == 1 else 'them'}. Your answer is kept and will be marked "
                        "after the deadline.")
        seen[record["read"]] = None
    if not mode.verdicts:
        return make("invalid", "answers are not checked during graded work; yours will be "
                               "marked after the deadline.")
    if status == "correct":
        return feedback if mode.details else make("correct", "your answer is right.")
    message = feedback.message if mode.details else "your answer is not right."
    return make("incorrect", message, feedback.hint if mode.hints else None)
