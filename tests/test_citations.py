"""Every fact a notebook cites exists and is VERIFIED; the start page says 'not medical advice'."""

import json
import re
from pathlib import Path

import pytest

from course_lib import DISCLAIMER, evidence

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for folder in ("notebooks", "solutions", "exercises")
                   for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
CODE_CITATION = re.compile(r"""evidence\.(?:cite|number|fact)\(\s*["']([A-Za-z0-9_]+)["']""")
LABELS = ("**established**", "**supported**", "**hypothesis**", "**contradicted**")


def cells(path):
    return json.loads(path.read_text("utf-8"))["cells"]


def cited_ids(path):
    ids = []
    for cell in cells(path):
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            text = re.sub(r"`[^`]*`", "", text)   # `[@fact_id]` in code spans explains syntax
        pattern = evidence.CITATION_PATTERN if cell["cell_type"] == "markdown" else CODE_CITATION
        ids += pattern.findall(text)
    return ids


def test_there_are_notebooks_to_check():
    assert any(p.parent.name == "fundamentals" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_cited_fact_exists_and_is_verified(path):
    known = set(evidence.fact_ids())
    for fid in cited_ids(path):
        assert fid in known, f"{path.name} cites unknown fact id {fid!r}"
        assert evidence.fact(fid).verified, f"{path.name} cites UNVERIFIED fact {fid!r}"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.parent.name == "fundamentals"],
                         ids=lambda p: p.name)
def test_lessons_cite_facts_and_label_claims(path):
    text = "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")
    assert len(set(cited_ids(path))) >= 3, f"{path.name} cites fewer than 3 facts"
    assert any(label in text for label in LABELS), f"{path.name} has no evidence label"


def test_the_start_page_says_education_not_medical_advice_once():
    start = ROOT / "notebooks" / "00_start_here.ipynb"
    text = json.dumps(cells(start))
    assert "not medical advice" in text.lower() or DISCLAIMER[:40] in text
    for path in NOTEBOOKS:
        if path != start:
            body = "\n".join("".join(c["source"]) for c in cells(path)).lower()
            assert "not medical advice" not in body, f"{path.name} repeats the disclaimer"
