"""The facts the course teaches, by fact id, and how to cite them.

The data (`facts.json`) is a copy of the shared evidence file, refreshed with
`python tools/build_facts.py`. Only VERIFIED facts may be taught as fact: `number()` and
`cite()` refuse UNVERIFIED ones.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Fact", "fact", "fact_ids", "number", "cite", "reference_list", "CITATION_PATTERN"]

#: How a notebook's Markdown cites a fact: ``[@fact_id]``.
CITATION_PATTERN = re.compile(r"\[@([A-Za-z0-9_]+)\]")

# A sign counts only where it cannot be a range dash ("3-4 months" holds 3 and 4).
_NUMBER = re.compile(r"(?<![\d.])[-+−]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class Fact:
    """One entry of the evidence file. `values` maps a key to the text recorded for it."""

    id: str
    claim: str
    values: dict
    citation: str
    status: str
    ci: str | None = None
    n: str | None = None
    duration: str | None = None
    doi: str | None = None
    pmid: str | None = None
    note: str | None = None

    @property
    def verified(self) -> bool:
        return self.status == "VERIFIED"

    @property
    def short(self) -> str:
        """First author (or issuing body) and year, e.g. 'Greendale 2012'."""
        text = self.citation.strip().strip("'\"")
        for prefix, name in _BODIES.items():
            if text.startswith(prefix):
                head = name
                break
        else:
            words = re.split(r"[ ,.;(]+", text)
            head = " ".join(words[:2]) if words[0].islower() else words[0]
        year = re.search(r"\b((?:19|20)\d{2})\s*[;:(]", text) or re.search(
            r"\b(?:19|20)\d{2}\b", text)
        return f"{head} {year.group(1) if year.lastindex else year.group(0)}" if year else head


# Citations that begin with a body or a phrase rather than a first author.
_BODIES = {
    "The Writing Group for the PEPI": "PEPI Writing Group",
    "Writing Group for the PEPI": "PEPI Writing Group",
    "Writing Group for the Women": "WHI Writing Group",
    "WHI Writing Group": "WHI Writing Group",
    "WHO": "WHO",
    "U.S. Department": "US Surgeon General",
    "International Society for Clinical Densitometry": "ISCD",
    "The NAMS": "NAMS",
    "HR quoted in the abstract of Eastell": "Eastell",
    "FDA": "FDA",
    "Mayo Clinic": "Mayo Clinic Laboratories",
    "Institute of Medicine": "Institute of Medicine",
    "US Preventive": "USPSTF",
}


@cache
def _facts() -> dict[str, Fact]:
    root = resources.files(__package__)
    raw = json.loads(root.joinpath("facts.json").read_text("utf-8"))["facts"]
    data = root.joinpath("data")   # course-added facts, one file per topic (same schema)
    if data.is_dir():
        for item in sorted(data.iterdir(), key=lambda x: x.name):
            if item.name.endswith(".json"):
                raw += json.loads(item.read_text("utf-8"))["facts"]
    fields = set(Fact.__dataclass_fields__)
    return {f["id"]: Fact(**{k: v for k, v in f.items() if k in fields}) for f in raw}


def fact_ids() -> list[str]:
    """Every fact id shipped with the course (verified or not)."""
    return list(_facts())


def fact(fact_id: str) -> Fact:
    """The fact with this id; an unknown id raises ValueError."""
    try:
        return _facts()[fact_id]
    except (KeyError, TypeError):
        raise ValueError(
            f"fact_id {fact_id!r} is not in the course's evidence data "
            f"({len(_facts())} facts; see course_lib/evidence/facts.json)"
        ) from None


def _verified(fact_id: str) -> Fact:
    f = fact(fact_id)
    if not f.verified:
        raise ValueError(
            f"fact_id {fact_id!r} is {f.status}: it must not be taught as fact "
            "(only VERIFIED facts may be cited or used for numbers)"
        )
    return f


def number(fact_id: str, key: str, *, after: str | None = None, index: int = 0) -> float:
    """The number recorded under `key` of a VERIFIED fact.

    Takes the `index`-th number in the value text, counting from the first occurrence of
    `after` if given (e.g. ``after="total hip"``). Raises ValueError if there is none.
    """
    f = _verified(fact_id)
    if not isinstance(key, str) or key not in f.values:
        raise ValueError(f"key {key!r} is not a value of fact {fact_id!r}; "
                         f"valid keys: {', '.join(f.values)}")
    text = str(f.values[key])
    if isinstance(index, bool) or not isinstance(index, int):
        raise ValueError(f"index must be a whole number (0 = the first number); got {index!r}")
    if after is not None and not isinstance(after, str):
        raise ValueError(f"after must be text that occurs in {fact_id}.{key}, or None; "
                         f"got {after!r}")
    if after is not None:
        pos = text.find(after)
        if pos < 0:
            raise ValueError(f"after={after!r} does not occur in {fact_id}.{key}: {text!r}")
        text = text[pos + len(after):]
    found = _NUMBER.findall(text)
    if index >= len(found) or index < -len(found):
        raise ValueError(f"index={index} is out of range: {fact_id}.{key} holds "
                         f"{len(found)} number(s) in {text!r}")
    return float(found[index].replace("−", "-"))


def cite(fact_id: str) -> str:
    """Short citation of a VERIFIED fact: 'Greendale 2012 [swan_greendale2012_cumulative_loss]'."""
    return f"{_verified(fact_id).short} [{fact_id}]"


def reference_list(fact_ids: list[str]) -> str:
    """Markdown list of full citations for VERIFIED facts: one line per paper (same PMID, DOI
    or short name), the fullest citation text, with the fact ids it supports."""
    papers: dict[str, list] = {}
    for fid in fact_ids:
        f = _verified(fid)
        key = f.pmid or (f.doi or "").split(" ")[0] or f.short
        text, ids = papers.setdefault(key, [f.citation.strip(), []])
        if len(f.citation.strip()) > len(text):
            papers[key][0] = f.citation.strip()
        if fid not in ids:
            ids.append(fid)
    return "\n".join(f"- {text} [{', '.join(ids)}]" for text, ids in papers.values())
