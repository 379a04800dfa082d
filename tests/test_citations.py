"""Notebooks cite only citable facts, in the rendered author-year form, with labels in the one
visual form, a References cell as the tool writes it, and no internal note of the evidence
file; the start page says 'not medical advice' once."""

import copy
import json
import re
from pathlib import Path

import pytest

from course_lib import DISCLAIMER, evidence
from course_lib.evidence import rendering

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for folder in ("notebooks", "solutions", "exercises")
                   for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
LESSONS = [p for p in NOTEBOOKS
           if p.parent.name in ("fundamentals", "intermediate", "academic")]
IDS = lambda p: str(p.relative_to(ROOT))  # noqa: E731


def load(path):
    return json.loads(path.read_text("utf-8"))


def markdown(nb) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def test_there_are_notebooks_to_check():
    assert any(p.parent.name == "fundamentals" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_rendered_and_cites_only_citable_facts(path):
    """Raw `[@id]`, unrendered tokens, unknown/UNVERIFIED/incomplete ids, internal notes and
    a stale References cell all fail here, with the tool's own message."""
    student_copy = path.parent.name == "exercises"
    problems = rendering.check_notebook(load(path), references=not student_copy)
    assert problems == [], "\n".join(problems)
    solution = ROOT / "solutions" / path.name
    if student_copy and solution.is_file():   # generated from its solution, References included
        assert load(path)["cells"][-1]["source"] == load(solution)["cells"][-1]["source"]


_GROUP = re.compile(r"\*\(((?:\[[^\]]+\]\(#References[^)]*\)|<!--cite:[\w:]+-->|; )+)\)\*")
_PIECE = re.compile(r"\[([^\]]+)\]\(#References[^)]*\)|<!--cite:([\w:]+)-->")


def visible_citations(text: str):
    """[(visible names shown for a fact, fact id)] of every rendered citation in `text`."""
    out = []
    for group in _GROUP.findall(text):
        names = []
        for name, fid in _PIECE.findall(group):
            if name:
                names.append(name)
            else:
                out.append((names, fid))
                names = []
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_visible_author_and_year_match_the_fact(path):
    shown_before = set()
    for text in markdown(load(path)):
        for names, item in visible_citations(text):
            fid, _, key = item.partition(":")            # "id:ref" cites one source of a fact
            refs = [r for r in evidence.fact(fid).references if not key or r.key == key]
            assert refs, f"{item}: the fact has no such source"
            shorts = [r.short for r in refs]
            assert names == [s for s in shorts if s in names] and set(shorts) >= set(names), \
                (fid, names)
            for visible in names:
                ref = refs[shorts.index(visible)]
                name, year = visible.rsplit(" ", 1)
                assert year.rstrip("abcdefgh") == str(ref.year or "n.d."), (fid, visible)
                assert name in (ref.cite_as, ref.group,
                                *(a.split(" ")[0] if " " not in a.rsplit(" ", 1)[0] else
                                  a.rsplit(" ", 1)[0] for a in ref.authors)), (fid, visible)
            shown_before.update(names)
            assert names or shown_before & set(shorts), f"{fid} is cited invisibly"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_code_cells_cite_only_citable_facts(path):
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "code":
            for fid in rendering._CODE_IDS.findall("".join(cell["source"])):
                assert evidence.citable(fid), f"{path.name}: code uses {fid}: " \
                    + evidence.fact(fid).why_not_citable


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_internal_note_in_any_notebook(path):
    for cell in load(path)["cells"]:
        text = "".join(cell["source"])
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            text += "".join(out.get("text", "")) + "".join(
                "".join(data.get(kind, "")) for kind in ("text/plain", "text/html",
                                                         "text/markdown"))
        notes = rendering.internal_notes(text)
        assert notes == [], f"{path.name}, cell {cell.get('id')}: {notes}"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_lessons_cite_facts_and_label_claims(path):
    nb = load(path)
    text = "\n".join(markdown(nb))
    assert len(set(rendering.cited_ids(nb))) >= 3, f"{path.name} cites fewer than 3 facts"
    labels = re.findall(r"<!--ev:([a-z ]+)-->", text)
    assert set(labels) & set(rendering.LABELS), f"{path.name} has no evidence label"
    assert not re.search(r"\*\*(established|supported|hypothesis|contradicted)\*\*", text), \
        f"{path.name}: a label in bold; write {{{{established}}}} etc. and render"


_ENTRY = re.compile(r"^- \*\*(.+?)\.\*\* ", re.M)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.parent.name != "exercises"], ids=IDS)
def test_references_are_in_the_order_their_note_states(path):
    """The note above each list says how it is sorted, and the entries are sorted so: by the
    short form in bold (author part, case ignored), then year."""
    cells = [c for c in load(path)["cells"] if rendering._is_references(c)]
    if not cells:
        return
    text = "".join(cells[-1]["source"])
    assert f"*{rendering.REFERENCES_ORDER}*" in text
    shorts = _ENTRY.findall(text)
    assert shorts, path.name

    def key(short):
        name, year = short.rsplit(" ", 1)
        return (name.casefold(), year.rstrip("abcdefgh").replace("n.d.", "0").zfill(4), year)
    assert shorts == sorted(shorts, key=key), (path.name, shorts)


def test_reference_order_puts_groups_and_particles_by_their_short_form():
    refs = evidence.sources(["pepi_bmd_36mo_abstract", "who_tscore_definitions",
                             "swan_greendale2012_cumulative_loss",
                             "iscd_least_significant_change"])
    assert [r.short for r in refs] == ["Greendale 2012", "ISCD n.d.", "PEPI Writing Group 1996",
                                       "WHO 1994"]


def test_the_start_page_has_the_label_legend():
    text = "\n".join(markdown(load(ROOT / "notebooks" / "00_start_here.ipynb")))
    assert "<!--ev:legend-->" in text
    for name in rendering.LABELS:
        assert f"<!--ev:{name}-->" in text


def test_the_start_page_says_education_not_medical_advice_once():
    start = ROOT / "notebooks" / "00_start_here.ipynb"
    text = json.dumps(load(start)["cells"])
    assert "not medical advice" in text.lower() or DISCLAIMER[:40] in text
    for path in NOTEBOOKS:
        if path != start:
            body = "\n".join("".join(c["source"]) for c in load(path)["cells"]).lower()
            assert "not medical advice" not in body, f"{path.name} repeats the disclaimer"


def test_the_start_page_disclaimer_is_plain_markdown_and_introduces_the_articles():
    """The disclaimer is prose (not code output that wraps mid-word); the page introduces the
    two source articles under a heading lessons can link to; no internal vocabulary."""
    cells = load(ROOT / "notebooks" / "00_start_here.ipynb")["cells"]
    md = "\n".join(markdown({"cells": cells}))
    assert DISCLAIMER in md
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "DISCLAIMER" not in code
    assert "## Where this course starts" in md          # anchor #Where-this-course-starts
    for title in ("Progesterone deficiency and bone", "Progesterone protocols and bone loss"):
        assert title in md
    student = md.split("**For instructors.**")[0].lower()
    for internal in ("evidence file", "stored copy", "see below |"):
        assert internal not in student, internal


# --------------------------------------------------------------------- the tool itself


def _nb(*sources):
    return {"cells": [{"cell_type": "markdown", "id": f"c{i}", "metadata": {}, "source": s}
                      for i, s in enumerate(sources)], "metadata": {}, "nbformat": 4,
            "nbformat_minor": 5}


def test_rendering_is_idempotent_and_reversible():
    src = ("Spine loss was 7.38 % [@swan_greendale2012_cumulative_loss; @who_tscore_definitions]."
           " {{established}}\n\n> {{model output}}\n> The model loses 7.5 %.\n\n"
           "Syntax: `[@fact_id]` and `{{established}}` stay as written in code.")
    nb = _nb(src)
    assert rendering.render_notebook(nb)
    once = copy.deepcopy(nb)
    assert not rendering.render_notebook(nb)
    assert nb == once
    body = "".join(nb["cells"][0]["source"])
    assert "*([Greendale 2012](#References" in body and "[WHO 1994](#References" in body
    assert "`[@fact_id]` and `{{established}}`" in body
    assert rendering.unrender_markdown(body) == src
    refs = "".join(nb["cells"][-1]["source"])
    assert refs.startswith("## References") and refs.count("\n- **") == 2
    assert rendering.check_notebook(nb) == []


def test_the_checker_reports_each_kind_of_problem():
    def problems(text):
        return " ".join(rendering.check_notebook(_nb(text)))
    assert "raw citation" in problems("x [@who_tscore_definitions]")
    assert "unrendered token" in problems("x {{establishd}}")
    assert "internal note" in problems("a value from memory")
    with pytest.raises(ValueError, match="UNVERIFIED"):
        rendering.render_notebook(_nb("x [@iscd_minimum_precision_values]"))
    with pytest.raises(ValueError, match="incomplete"):
        rendering.render_notebook(_nb("x [@pr_binding_affinity_progesterone_r5020]"))
    nb = _nb("x [@who_tscore_definitions]")
    rendering.render_notebook(nb)
    nb["cells"][-1]["source"] = "## References\n\n- hand-written\n"
    assert any("not as tools/render_citations.py writes it" in p
               for p in rendering.check_notebook(nb))
    nb["cells"].append({"cell_type": "markdown", "id": "after", "metadata": {}, "source": "x"})
    rendering.render_notebook(nb)
    assert "".join(nb["cells"][-1]["source"]).startswith("## References")


def test_a_changed_visual_form_is_re_rendered_from_the_carried_ids():
    nb = _nb("old form *([Someone 1999](#References)<!--cite:who_tscore_definitions-->)*"
             " <span style='color:red'>established</span><!--ev:established-->")
    rendering.render_notebook(nb)
    body = "".join(nb["cells"][0]["source"])
    assert "[WHO 1994]" in body and "Someone" not in body and "color:red" not in body


def test_a_citation_may_name_one_source_of_a_fact_resting_on_several():
    """``[@id:ref]`` shows and lists only that source; a source the fact lacks is refused by
    name; re-rendering keeps the choice."""
    nb = _nb("Kim's cohort [@ra_ibd_fracture_risk:kim2010]; Hidalgo's meta-analysis "
             "[@ra_ibd_fracture_risk:hidalgo2019].")
    rendering.render_notebook(nb)
    body, refs = "".join(nb["cells"][0]["source"]), "".join(nb["cells"][-1]["source"])
    assert "[Kim 2010]" in body and "[Hidalgo 2019]" in body and "Wang 2026" not in body
    assert "Kim 2010" in refs and "Hidalgo 2019" in refs and "Wang 2026" not in refs
    assert rendering.cited_ids(nb) == ["ra_ibd_fracture_risk"]
    assert rendering.check_notebook(nb) == []
    assert rendering.render_notebook(nb) is False                 # idempotent
    with pytest.raises(ValueError, match="no source 'nobody1999'.*kim2010"):
        rendering.render_markdown("[@ra_ibd_fracture_risk:nobody1999]")
