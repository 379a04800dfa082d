"""Helpers shared by the answer-key tests (tests/test_checks_*.py)."""

import numpy as np

from course_lib.checks import Feedback

#: Answers no question accepts: text, containers, NaN/inf, odd types. Each must get feedback.
JUNK = [
    "abc", "10", "3.12", "-1.5", "True", b"1",
    [1, 2], [0.5], [-3.12], {"a": 1}, {1, 2}, np.array([1.0, 2.0]),
    float("nan"), float("inf"), -float("inf"), 1e400, complex(1, 2), 1j,
    object(), 3, True,
]


def assert_never_raises(check, answers=JUNK) -> None:
    """`check` gives every junk answer a deterministic "invalid"/"incorrect" Feedback."""
    for answer in answers:
        fb = check(answer)
        assert isinstance(fb, Feedback), (check.__name__, type(answer).__name__)
        assert fb.status in ("invalid", "incorrect"), (check.__name__, fb.text)
        assert "0x" not in fb.text, (check.__name__, fb.text)  # no memory addresses
        assert fb.text == check(answer).text, (check.__name__, fb.text)


def assert_unanswered(check) -> None:
    """None and ... are "not answered yet", with the exact text for None."""
    assert check(None).text == "Not answered yet: replace None with your answer."
    assert check(...).status == "unanswered"


def assert_incorrect_with_hint(fb, *words) -> None:
    """`fb` is "incorrect" with a hint holding every one of `words` (case ignored)."""
    assert fb.status == "incorrect", fb.text
    assert fb.hint, fb.text
    for w in words:
        assert w.lower() in fb.hint.lower(), fb.text


def assert_questions_right(questions) -> None:
    """Each (check, right, wrongs) of `questions`: the right answer is "correct"."""
    for check, right, _ in questions:
        fb = check(right)
        assert fb.status == "correct", (check.__name__, fb.text)


def assert_questions_hint_wrongs(questions) -> None:
    """Each (check, right, wrongs): every (wrong, words) is "incorrect" with a hint holding
    `words`."""
    for check, _, wrongs in questions:
        for wrong, words in wrongs:
            assert_incorrect_with_hint(check(wrong), words)


def assert_questions_survive_junk(questions, answers=JUNK) -> None:
    """Each check of `questions`: None/... unanswered; every junk answer gets feedback."""
    for check, _, _ in questions:
        assert_unanswered(check)
        assert_never_raises(check, answers)


def answer_blocks_are_self_contained(path) -> list[str]:
    """'cell N reads NAME' for every name an answer block reads that only an earlier answer
    block assigns (so it would be None, or missing, for a student who skipped that question)."""
    import ast
    import builtins
    import json

    from course_lib.authoring import assigned_names

    begin, end = "### BEGIN SOLUTION", "### END SOLUTION"
    public, answers, problems = set(dir(builtins)), set(), []
    for index, cell in enumerate(json.loads(path.read_text("utf-8"))["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code":
            continue
        if begin not in source:
            public.update(assigned_names(source))
            public.update(a.asname or a.name.split(".")[0] for node in ast.walk(ast.parse(source))
                          if isinstance(node, ast.Import | ast.ImportFrom) for a in node.names)
            continue
        block = source.split(begin, 1)[1].split(end, 1)[0]
        own = set()
        for node in ast.parse(block).body:
            reads = {n.id for n in ast.walk(node)
                     if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            problems += [f"cell {index} reads {name}" for name in sorted(reads - own - public)
                         if name in answers]
            own.update(assigned_names(ast.unparse(node)))
        answers.update(own)
    return problems
