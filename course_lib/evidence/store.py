"""Loads every evidence data file once, checks it against the schema, and builds the records.

``data/base.json`` holds the shared evidence file with the course's structured additions;
``data/<topic>.json`` holds facts the course added itself. Fact ids and reference keys are
unique across all files.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from itertools import groupby
from string import ascii_lowercase

from .records import Fact, Finding, Quantity, Reference
from .schema import SHARED_FIELDS, check_file

__all__ = ["DATA_PACKAGE", "data_files", "load_raw", "facts", "references"]

DATA_PACKAGE = "course_lib.evidence.data"


def data_files() -> list[str]:
    """Names of the data files, base first, then the topic files in name order."""
    names = sorted(p.name for p in resources.files(DATA_PACKAGE).iterdir()
                   if p.name.endswith(".json"))
    return sorted(names, key=lambda n: (n != "base.json", n))


def load_raw(name: str) -> dict:
    """One data file as JSON loads it."""
    return json.loads(resources.files(DATA_PACKAGE).joinpath(name).read_text("utf-8"))


@cache
def _load() -> tuple[dict[str, Fact], dict[str, Reference]]:
    raw_refs: dict[str, tuple[str, dict]] = {}
    raw_facts: list[tuple[str, dict]] = []
    for name in data_files():
        data = load_raw(name)
        errors = check_file(data, name)
        if errors:
            raise ValueError("evidence data does not follow the schema:\n  "
                             + "\n  ".join(errors[:20]))
        for key, ref in data.get("references", {}).items():
            if key in raw_refs and raw_refs[key][1] != ref:
                raise ValueError(f"reference {key!r} is defined differently in "
                                 f"{raw_refs[key][0]} and {name}")
            raw_refs[key] = (name, ref)
        raw_facts += [(name, f) for f in data["facts"]]
    refs = _references({k: r for k, (_, r) in raw_refs.items()})
    out: dict[str, Fact] = {}
    for name, f in raw_facts:
        if f["id"] in out:
            raise ValueError(f"fact id {f['id']!r} is in {out[f['id']].origin}.json and {name}")
        unknown = [k for k in f["references"] if k not in refs]
        if unknown:
            raise ValueError(f"fact {f['id']!r} ({name}) names unknown reference(s) {unknown}")
        out[f["id"]] = Fact(
            **{k: f[k] for k in SHARED_FIELDS},
            quantities={k: Quantity(fact_id=f["id"], key=k, **q)
                        for k, q in f["quantities"].items()},
            findings={k: Finding(fact_id=f["id"], key=k, **x) for k, x in f["findings"].items()},
            references=tuple(refs[k] for k in f["references"]),
            excluded=dict(f["excluded"]),
            origin=name.removesuffix(".json"),
        )
    return out, refs


def _references(raw: dict[str, dict]) -> dict[str, Reference]:
    plain = {k: Reference(key=k, **{**r, "authors": tuple(r.get("authors", ())),
                                    "missing": tuple(r.get("missing", ()))})
             for k, r in raw.items()}
    # Two sources with the same author and year get letters, in key order: 'van Staa 2000a'.
    out = dict(plain)
    same = sorted(plain.values(), key=lambda r: (r.first_author, r.year or 0, r.key))
    for _, group in groupby(same, key=lambda r: (r.first_author, r.year)):
        group = list(group)
        if len(group) > 1:
            for letter, r in zip(ascii_lowercase, group, strict=False):
                out[r.key] = Reference(**{**r.__dict__, "suffix": letter})
    return out


def facts() -> dict[str, Fact]:
    """Every fact of every data file, by id."""
    return _load()[0]


def references() -> dict[str, Reference]:
    """Every source of every data file, by key."""
    return _load()[1]
