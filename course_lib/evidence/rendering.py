"""How a notebook's Markdown shows citations, evidence labels and model-output blocks.

Authors write tokens; `render_notebook` turns them into the one visual form and rewrites the
final ``## References`` cell; `check_notebook` lists what is wrong. Rendering is idempotent:
every rendered form carries its token in an HTML comment, so a rendered notebook is first
turned back into tokens and then rendered again (a changed style or a grown reference list
is picked up, nothing else moves).

=====================  ==========================================================
author writes          student sees
=====================  ==========================================================
``[@id]``, ``[@a; @b]``  *(Greendale 2012)*, a link to the References section
``[@id:ref]``            only the source `ref` of fact `id` (a fact resting on several
                         papers, when the sentence quotes one of them)
``{{established}}``      a small outlined label (also supported, hypothesis,
                         contradicted, model assumption)
``> {{model output}}``   a "Model output" stamp opening a quoted block
``{{label legend}}``     a table of the five labels and what they mean
=====================  ==========================================================

The heading anchor ``#References`` is used because JupyterLab strips ``id`` attributes from
Markdown; headings get their anchors in JupyterLab and in an nbconvert HTML export alike.
"""

from __future__ import annotations

import html
import re

from . import cite as _cite_short
from . import fact as _fact

__all__ = ["LABELS", "MODEL_OUTPUT", "REFERENCES_HEADING", "TOKEN", "CITATION",
           "render_markdown", "unrender_markdown", "render_notebook", "check_notebook",
           "cited_ids", "references_source", "label_html", "INTERNAL_NOTES", "internal_notes",
           "REFERENCES_ORDER"]

#: The five evidence labels and what each means (the legend on the start page shows these).
LABELS = {
    "established": "consistent results from randomised trials, or textbook physiology that "
                   "nobody seriously disputes",
    "supported": "some trials or strong mechanistic (cell and animal) data point this way, but "
                 "the human evidence is incomplete or mixed",
    "hypothesis": "plausible, and argued for by some researchers, but with little human "
                  "outcome data",
    "contradicted": "trials were done, and they found otherwise",
    "model assumption": "what the course model assumes in order to run: a modelling choice, "
                        "not a finding",
}
#: Colour of each label's outline (Okabe-Ito palette, readable on light and dark themes).
_COLOURS = {
    "established": (0, 158, 115),
    "supported": (0, 114, 178),
    "hypothesis": (230, 159, 0),
    "contradicted": (213, 94, 0),
    "model assumption": (204, 121, 167),
}
MODEL_OUTPUT = "model output"
LEGEND = "label legend"
REFERENCES_HEADING = "## References"
ANCHOR = "#References"

#: ``{{name}}`` tokens the tool knows.
TOKEN = re.compile(r"\{\{\s*(" + "|".join(map(re.escape, [*LABELS, MODEL_OUTPUT, LEGEND]))
                   + r")\s*\}\}")
_ANY_TOKEN = re.compile(r"\{\{[^{}]*\}\}")
#: An author's citation: ``[@id]`` or ``[@id1; @id2]``.
_ID = r"[A-Za-z0-9_]+(?::[A-Za-z0-9_]+)?"     # a fact id, optionally ":" one of its sources
CITATION = re.compile(r"\[(@" + _ID + r"(?:\s*;\s*@" + _ID + r")*)\]")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)

# Rendered forms: each ends with a comment naming what it renders.
_R_LINK = r"\[[^\]]+\]\(#References(?: \"[^\"]*\")?\)"
_R_CITE = re.compile(r"\*\((?:" + _R_LINK + r"|<!--cite:[A-Za-z0-9_:]+-->|; )+\)\*")
_R_CITE_IDS = re.compile(r"<!--cite:([A-Za-z0-9_:]+)-->")
_R_SPAN = re.compile(r"<span\b[^>]*>(?:(?!</span>).)*</span><!--ev:([a-z ]+)-->", re.S)
_R_LEGEND = re.compile(r"<!--ev:legend-->.*?<!--ev:/legend-->", re.S)

#: What the References cell says about its order (`records.Reference.sort_key` sorts so).
REFERENCES_ORDER = ("Sources cited in this notebook, in alphabetical order of the short form "
                    "in bold (the first author's surname, or the body that issued the source), "
                    "then year.")

#: Notes internal to the evidence file that must never reach a student (upper-case ones
#: match only in upper case, the others in any case).
INTERNAL_NOTES = ("from memory", "not seen", "book title not seen", "UNVERIFIED", "SEED",
                  "MISCITED")


def internal_notes(text: str) -> list[str]:
    """The internal notes of the evidence file that occur in `text`."""
    return [n for n in INTERNAL_NOTES
            if (n in text if n.isupper() else n.lower() in text.lower())]


def label_html(name: str) -> str:
    """The rendered form of one label token."""
    r, g, b = _COLOURS[name]
    style = (f"font-size:0.8em;font-weight:600;padding:0 0.45em;"
             f"border:1px solid rgb({r},{g},{b});border-radius:0.6em;"
             f"background-color:rgba({r},{g},{b},0.14);white-space:nowrap")
    title = f"Evidence label: {name}: {LABELS[name]}"
    return f'<span title="{title}" style="{style}">{name}</span><!--ev:{name}-->'


def _model_output_html() -> str:
    style = ("font-size:0.8em;font-weight:600;padding:0 0.45em;letter-spacing:0.03em;"
             "border:1px dashed rgb(128,128,128);border-radius:0.2em;"
             "background-color:rgba(128,128,128,0.16)")
    return (f'<span title="Computed by the course model: not a measurement" '
            f'style="{style}">MODEL OUTPUT</span><!--ev:model output-->')


def _legend_html() -> str:
    rows = "\n".join(f"| {label_html(name)} | {meaning} |" for name, meaning in LABELS.items())
    return ("<!--ev:legend-->\n| Label | Means |\n|---|---|\n" + rows + "\n"
            "| " + _model_output_html() + " | a number computed by the course model; "
            "not a measurement |\n<!--ev:/legend-->")


def _link(ref) -> str:
    title = html.escape(re.sub(r'["()\[\]]', "", f"{ref.first_author}: {ref.title}"),
                        quote=False)
    return f'[{ref.short}]({ANCHOR} "{title}")'


def _cited_refs(item: str) -> list:
    """The sources a citation item names: every source of fact ``id``, or for ``id:ref``
    only its source `ref` (ValueError naming the fact's sources if it has no such one)."""
    fid, _, key = item.partition(":")
    _cite_short(fid)    # refuses an unknown, UNVERIFIED or uncitable fact
    refs = list(_fact(fid).references)
    if not key:
        return refs
    chosen = [r for r in refs if r.key == key]
    if not chosen:
        raise ValueError(f"citation {item!r}: fact {fid!r} has no source {key!r} (its sources: "
                         f"{', '.join(r.key for r in refs)})")
    return chosen


def _citation_html(ids: list[str]) -> str:
    """One italic parenthesis: each source once, as a link to the References section, and
    after each fact's sources a comment carrying its id (for the tests and re-rendering)."""
    text, shown = "", set()
    for fid in ids:
        refs = _cited_refs(fid)
        links = [_link(r) for r in refs if r.key not in shown]
        shown.update(r.key for r in refs)
        if links:
            text += ("; " if "](#" in text else "") + "; ".join(links)
        text += f"<!--cite:{fid}-->"
    return "*(" + text + ")*"


def _outside_code(text: str, fn) -> str:
    """Apply `fn` to the parts of Markdown `text` outside code spans and fenced blocks."""
    out, pos = [], 0
    spans = sorted([m.span() for m in _FENCE.finditer(text)]
                   + [m.span() for m in _CODE_SPAN.finditer(text)])
    for start, end in spans:
        if start < pos:
            continue
        out.append(fn(text[pos:start]))
        out.append(text[start:end])
        pos = end
    out.append(fn(text[pos:]))
    return "".join(out)


def unrender_markdown(text: str) -> str:
    """Rendered forms back to tokens (the inverse of `render_markdown`)."""
    def back(part: str) -> str:
        part = _R_LEGEND.sub("{{label legend}}", part)
        part = _R_CITE.sub(lambda m: "[" + "; ".join(
            "@" + i for i in _R_CITE_IDS.findall(m.group(0))) + "]", part)
        return _R_SPAN.sub(lambda m: "{{" + m.group(1) + "}}", part)
    return _outside_code(text, back)


def render_markdown(text: str) -> str:
    """Tokens to their visual forms. Unknown or uncitable fact ids raise ValueError."""
    def forward(part: str) -> str:
        part = CITATION.sub(lambda m: _citation_html(
            [i.strip().lstrip("@") for i in m.group(1).split(";")]), part)

        def token(m):
            name = m.group(1)
            if name == MODEL_OUTPUT:
                return _model_output_html()
            if name == LEGEND:
                return _legend_html()
            return label_html(name)
        return TOKEN.sub(token, part)
    return _outside_code(unrender_markdown(text), forward)


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _is_references(cell) -> bool:
    return cell.get("cell_type") == "markdown" and _source(cell).lstrip().startswith(
        REFERENCES_HEADING)


_CODE_IDS = re.compile(r"""evidence\.(?:cite|value|quantity|finding)\(\s*["']([A-Za-z0-9_]+)["']""")


def cited_ids(nb: dict) -> list[str]:
    """Fact ids a notebook cites, in order of first citation: Markdown ``[@id]`` and
    ``[@id:ref]`` (rendered or not) and literal ids in code cells'
    ``evidence.cite/value/quantity/finding`` calls."""
    return list(dict.fromkeys(i.partition(":")[0] for i in _cited_items(nb)))


def _cited_items(nb: dict) -> list[str]:
    """Citation items (``id`` or ``id:ref``) of a notebook, in order of first citation."""
    ids: list[str] = []
    for cell in nb.get("cells", []):
        if _is_references(cell):
            continue
        text = _source(cell)
        if cell.get("cell_type") == "markdown":
            found = []

            def collect(part: str, found=found) -> str:
                for m in CITATION.finditer(part):
                    found.extend(i.strip().lstrip("@") for i in m.group(1).split(";"))
                return part
            _outside_code(unrender_markdown(text), collect)
        elif cell.get("cell_type") == "code":
            found = _CODE_IDS.findall(text)
        else:
            found = []
        ids += [i for i in found if i not in ids]
    return ids


def references_source(ids: list[str]) -> str:
    """The Markdown of a notebook's References cell for these citation items (``id`` cites
    every source of a fact, ``id:ref`` one of them)."""
    found: dict = {}
    for item in ids:
        for r in _cited_refs(item):
            found.setdefault(r.key, r)
    entries = [f"- **{r.short.rstrip('.')}.** {r.entry()}"
               for r in sorted(found.values(), key=lambda r: r.sort_key)]
    return (f"{REFERENCES_HEADING}\n\n<!-- Written by tools/render_citations.py from the "
            f"citations above; do not edit by hand. -->\n*{REFERENCES_ORDER}*\n\n"
            + "\n".join(entries) + "\n")


def _set_source(cell, text: str) -> bool:
    if _source(cell) == text:
        return False
    cell["source"] = text.splitlines(keepends=True)
    return True


def render_notebook(nb: dict) -> bool:
    """Render every Markdown cell of `nb` in place and (re)write its final References cell.

    Returns True if anything changed. A notebook that cites nothing keeps no References cell.
    """
    changed = False
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown" and not _is_references(cell):
            changed |= _set_source(cell, render_markdown(_source(cell)))
    ids = _cited_items(nb)
    cells = nb.setdefault("cells", [])
    refs = [c for c in cells if _is_references(c)]
    for c in refs[:-1]:
        cells.remove(c)
        changed = True
    if not ids:
        if refs:
            cells.remove(refs[-1])
            changed = True
        return changed
    text = references_source(ids)
    if refs:
        cell = refs[-1]
        if cells[-1] is not cell:
            cells.remove(cell)
            cells.append(cell)
            changed = True
    else:
        cell = {"cell_type": "markdown", "id": "references", "metadata": {}, "source": []}
        if any(c.get("id") == "references" for c in cells):
            cell["id"] = f"references-{len(cells)}"
        cells.append(cell)
        changed = True
    changed |= _set_source(cell, text)
    return changed


def check_notebook(nb: dict, *, references: bool = True) -> list[str]:
    """What is wrong with a notebook's citations, labels and References cell (empty if none):
    raw or unrendered citations and tokens, unknown or uncitable fact ids, internal notes, a
    References cell that is missing, stale or not last (skipped with ``references=False``,
    for students' copies, which keep their solution notebook's References)."""
    problems = []
    known = ", ".join(sorted([*LABELS, MODEL_OUTPUT, LEGEND]))
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "markdown":
            continue
        text = _source(cell)
        where = f"cell {i} ({cell.get('id', '?')})"

        def scan(part: str, where=where, found=problems) -> str:
            for m in CITATION.finditer(part):
                found.append(f"{where}: raw citation {m.group(0)!r} "
                             "(run tools/render_citations.py)")
            for m in _ANY_TOKEN.finditer(part):
                found.append(f"{where}: unrendered token {m.group(0)!r}" + (
                    "" if TOKEN.fullmatch(m.group(0)) else f" (known tokens: {known})"))
            return part
        _outside_code(text, scan)
        for item in _R_CITE_IDS.findall(text):
            fid = item.partition(":")[0]
            try:
                f = _fact(fid)
                _cited_refs(item) if f.citable else None
            except ValueError as e:
                problems.append(f"{where}: {e}")
                continue
            if not f.citable:
                problems.append(f"{where}: cites {fid!r}, which cannot be cited: "
                                f"{f.why_not_citable}")
        problems += [f"{where}: internal note {note!r} must not reach a student"
                     for note in internal_notes(text)]
    if problems or not references:
        return problems
    copy = {"cells": [dict(c) for c in nb.get("cells", [])]}
    try:
        changed = render_notebook(copy)
    except ValueError as e:
        return [str(e)]
    if changed:
        problems.append("the notebook is not as tools/render_citations.py writes it "
                        "(References cell missing, stale or not last, or a stale rendering): "
                        "run `python tools/render_citations.py` on it")
    return problems
