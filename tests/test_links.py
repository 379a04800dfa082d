"""Every relative link a student can click resolves, and the lessons form one chain.

The lesson order is the start page's list; each lesson's "Next" link points at the lesson
after it and its "Back" link at the one before (the first lesson goes back to the start page).
"""

import json
import posixpath
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
START = ROOT / "notebooks" / "00_start_here.ipynb"
FOLDERS = ("notebooks", "exercises", "solutions")
LINK = re.compile(r"\]\((?P<href>[^)\s]+?)(?:\s+\"[^\"]*\")?\)")
NEXT = re.compile(r"\*\*Next:\*\*\s*\[[^\]]*\]\((?P<href>[^)\s]+)\)")
BACK = re.compile(r"Back:\*{0,2}\s*\[[^\]]*\]\((?P<href>[^)\s]+)\)")


def markdown(path: Path) -> str:
    cells = json.loads(path.read_text("utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def relative_links(text: str) -> list[str]:
    hrefs = [m["href"] for m in LINK.finditer(text)]
    return [h for h in hrefs if not re.match(r"[a-z]+:|#|mailto:", h)]


NOTEBOOKS = sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(path):
    missing = []
    for href in relative_links(markdown(path)):
        target = (path.parent / href.split("#")[0]).resolve()
        if not target.exists():
            missing.append(href)
    assert not missing, f"{path.relative_to(ROOT)} links to missing files: {missing}"


def lesson_order() -> list[Path]:
    """The lessons in the order the start page lists them."""
    order = []
    for href in relative_links(markdown(START)):
        target = (START.parent / href).resolve()
        if target.suffix == ".ipynb" and target.parent.parent == START.parent \
                and target not in order:
            order.append(target)
    return order


def test_the_start_page_lists_every_lesson_once_in_order():
    lessons = sorted(p.resolve() for p in (ROOT / "notebooks").glob("*/*.ipynb"))
    order = lesson_order()
    assert sorted(order) == lessons, "the start page must link every lesson"
    numbers = [tuple(int(x) for x in p.name.split("_")[0].split(".")) for p in order]
    assert numbers == sorted(numbers), "the start page lists lessons out of order"


def test_next_and_back_links_chain_the_lessons():
    order = lesson_order()
    for i, lesson in enumerate(order):
        text = markdown(lesson)
        back = BACK.search(text)
        expected_back = START if i == 0 else order[i - 1]
        assert back, f"{lesson.name} has no Back link"
        got = (lesson.parent / back["href"]).resolve()
        assert got == expected_back.resolve(), (
            f"{lesson.name}: Back goes to {back['href']}, expected {expected_back.name}")
        nxt = NEXT.search(text)
        if i + 1 < len(order):
            assert nxt, f"{lesson.name} has no Next link"
            got = (lesson.parent / nxt["href"]).resolve()
            assert got == order[i + 1], (
                f"{lesson.name}: Next goes to {nxt['href']}, expected {order[i + 1].name}")


def test_the_link_pattern_finds_links():
    """The checker itself: a relative link is found, an anchor and a URL are not."""
    text = '[a](x/y.ipynb) [b](#References "t") [c](https://example.org) [d](../z.ipynb "t")'
    assert relative_links(text) == ["x/y.ipynb", "../z.ipynb"]
    assert posixpath.normpath("a/../b") == "b"


NAV_LABEL = re.compile(
    r"(?:\*\*Back:\*\*|\*\*Next:\*\*)\s*\[(?P<label>[^\]]*)\]\((?P<href>[^)\s]+)\)")


def test_back_and_next_labels_give_number_and_title():
    """Every Back/Next label is "Lesson N.N: <the lesson's own title>" (or "Start page")."""
    for lesson in lesson_order():
        for m in NAV_LABEL.finditer(markdown(lesson)):
            target = (lesson.parent / m["href"]).resolve()
            if target == START.resolve():
                assert m["label"] == "Start page", (lesson.name, m["label"])
                continue
            heading = json.loads(target.read_text("utf-8"))["cells"][0]["source"]
            title = "".join(heading).splitlines()[0].lstrip("# ").strip()
            assert m["label"] == title, (lesson.name, m["label"], title)
