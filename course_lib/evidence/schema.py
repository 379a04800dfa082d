"""The one schema every evidence data file follows, as a checker that lists every problem.

A data file (``course_lib/evidence/data/<name>.json``) is::

    {"about": "what this file holds",
     "references": {"<key>": {reference fields}, ...},
     "facts": [{<the shared fields>, "quantities": {...}, "findings": {...},
                "references": ["<key>", ...]}, ...]}

`check_file` returns a list of messages (empty when the file is valid); the loader refuses a
file with any, and the tests run it on every file.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .records import REFERENCE_KINDS, RELATIONS, UNITS

__all__ = ["SHARED_FIELDS", "COURSE_FIELDS", "QUANTITY_FIELDS", "REFERENCE_FIELDS",
           "MISSABLE", "check_file", "SOURCE_FIELDS"]

#: The fields of every fact, as the shared evidence file has them (kept unchanged).
SHARED_FIELDS = ("id", "claim", "values", "ci", "n", "duration", "citation", "doi", "pmid",
                 "source_seen", "status", "note")
#: The structured fields the course adds to each fact.
COURSE_FIELDS = ("quantities", "findings", "references", "excluded")
#: Fields a fact's text lives in: where a quantity's number must be written.
SOURCE_FIELDS = ("ci", "n", "duration", "claim")

QUANTITY_FIELDS = {"value", "unit", "what", "source", "low", "high", "interval", "relation",
                   "derived", "formula", "sem", "sd", "limits_source"}
FINDING_FIELDS = {"value", "what", "source"}
REFERENCE_FIELDS = {"kind", "title", "year", "authors", "et_al", "group", "cite_as", "journal",
                    "volume", "issue", "pages", "book", "editors", "publisher", "place",
                    "series", "date", "doi", "pmid", "pmcid", "url", "seen", "missing"}
#: What a reference may record as not seen (then nothing resting on it may be cited).
MISSABLE = {"authors", "title", "journal", "year", "book", "publisher"}

_ID = re.compile(r"^[a-z0-9_]+$")
_KEY = re.compile(r"^[A-Za-z0-9_]+$")
_INTERVALS = {"95% CI", "95% CrI", "range", "reference interval", "SEM", "IQR"}


def _number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def check_file(data: Any, name: str = "data") -> list[str]:
    """Every schema problem of one data file (an empty list when it is valid)."""
    if not isinstance(data, dict):
        return [f"{name}: the top level must be an object with 'facts' and 'references'"]
    errors = [f"{name}: unknown top-level field {k!r}" for k in data
              if k not in ("about", "references", "facts")]
    refs = data.get("references", {})
    if not isinstance(refs, dict):
        return errors + [f"{name}: 'references' must be an object keyed by reference key"]
    for key, ref in refs.items():
        errors += _check_reference(key, ref, f"{name}: reference {key!r}")
    facts = data.get("facts")
    if not isinstance(facts, list):
        return errors + [f"{name}: 'facts' must be a list"]
    seen = set()
    for i, fact in enumerate(facts):
        where = f"{name}: fact #{i}"
        if not isinstance(fact, dict):
            errors.append(f"{where} is not an object")
            continue
        fid = fact.get("id")
        if isinstance(fid, str):
            where = f"{name}: fact {fid!r}"
            if fid in seen:
                errors.append(f"{where} appears twice")
            seen.add(fid)
        errors += _check_fact(fact, where)
    return errors


def _check_reference(key: str, ref: Any, where: str) -> list[str]:
    if not _ID.match(key):
        return [f"{where}: a key is lower case letters, digits and _"]
    if not isinstance(ref, dict):
        return [f"{where} is not an object"]
    errors = [f"{where}: unknown field {k!r}" for k in ref if k not in REFERENCE_FIELDS]
    if ref.get("kind") not in REFERENCE_KINDS:
        errors.append(f"{where}: kind must be one of {', '.join(REFERENCE_KINDS)}")
    missing = ref.get("missing", [])
    if not isinstance(missing, list) or not set(missing) <= MISSABLE:
        errors.append(f"{where}: missing must list some of {sorted(MISSABLE)}")
        missing = []
    if not isinstance(ref.get("title"), str) or not ref["title"].strip():
        errors.append(f"{where}: title must be text (write what was seen)")
    year = ref.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)
                             or not 1800 <= year <= 2100):
        errors.append(f"{where}: year must be a whole year or null")
    # Web pages, labels and undated reports are cited "n.d." (no date printed on them).
    if year is None and ref.get("kind") not in ("web", "label", "report") \
            and "year" not in missing:
        errors.append(f"{where}: a {ref.get('kind')} needs a year (or 'year' in missing)")
    authors = ref.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) and a for a in authors):
        errors.append(f"{where}: authors must be a list of 'Surname Initials' strings")
    elif not authors and not ref.get("group") and "authors" not in missing \
            and ref.get("kind") != "label":
        errors.append(f"{where}: needs authors or a group (issuing body), or 'authors' in "
                      "missing")
    if ref.get("kind") in ("article", "abstract") and not ref.get("journal") \
            and "journal" not in missing:
        errors.append(f"{where}: an article needs a journal (or 'journal' in missing)")
    if ref.get("kind") == "chapter" and not ref.get("book") and "book" not in missing:
        errors.append(f"{where}: a chapter needs its book (or 'book' in missing)")
    if "et_al" in ref and not isinstance(ref["et_al"], bool):
        errors.append(f"{where}: et_al must be true or false")
    for k in REFERENCE_FIELDS - {"kind", "title", "year", "authors", "et_al", "missing"}:
        if ref.get(k) is not None and not isinstance(ref[k], str):
            errors.append(f"{where}: {k} must be text or null")
    if ref.get("doi") and not str(ref["doi"]).startswith("10."):
        errors.append(f"{where}: doi must start with '10.'")
    if ref.get("pmid") and not str(ref["pmid"]).isdigit():
        errors.append(f"{where}: pmid must be digits only")
    return errors


def _check_fact(fact: dict, where: str) -> list[str]:
    errors = [f"{where}: missing field {k!r}" for k in SHARED_FIELDS + COURSE_FIELDS
              if k not in fact]
    errors += [f"{where}: unknown field {k!r}" for k in fact
               if k not in SHARED_FIELDS + COURSE_FIELDS]
    if errors:
        return errors
    if not isinstance(fact["id"], str) or not _ID.match(fact["id"]):
        errors.append(f"{where}: id must be lower case letters, digits and _")
    if fact["status"] not in ("VERIFIED", "UNVERIFIED"):
        errors.append(f"{where}: status must be VERIFIED or UNVERIFIED")
    if not isinstance(fact["claim"], str) or not fact["claim"]:
        errors.append(f"{where}: claim must be text")
    values = fact["values"]
    if not isinstance(values, dict):
        errors.append(f"{where}: values must be an object")
        values = {}
    refs = fact["references"]
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        errors.append(f"{where}: references must be a list of reference keys")
    excluded = fact["excluded"]
    if not isinstance(excluded, dict) or not all(
            k in values and isinstance(v, str) and v for k, v in excluded.items()):
        errors.append(f"{where}: excluded maps keys of values to why their source cannot be "
                      "cited")
        excluded = {}
    barred = {f"values.{k}" for k in excluded}
    for kind, name in (("quantities", "quantity"), ("findings", "finding")):
        for key, q in (fact[kind] or {}).items() if isinstance(fact[kind], dict) else ():
            if isinstance(q, dict) and q.get("source") in barred:
                errors.append(f"{where}: {name} {key!r} comes from excluded {q['source']}")
    quantities = fact["quantities"]
    if not isinstance(quantities, dict):
        return errors + [f"{where}: quantities must be an object keyed by name"]
    for key, q in quantities.items():
        errors += _check_quantity(key, q, values, f"{where}, quantity {key!r}")
    findings = fact["findings"]
    if not isinstance(findings, dict):
        return errors + [f"{where}: findings must be an object keyed by name"]
    for key, f in findings.items():
        w = f"{where}, finding {key!r}"
        if not _KEY.match(key) or not isinstance(f, dict):
            errors.append(f"{w}: must be an object under a plain key")
            continue
        errors += [f"{w}: unknown field {k!r}" for k in f if k not in FINDING_FIELDS]
        if not isinstance(f.get("value"), bool | str):
            errors.append(f"{w}: value must be true, false or text")
        if not isinstance(f.get("what"), str) or not f["what"]:
            errors.append(f"{w}: what must say what the finding is")
        errors += _check_source(f.get("source"), values, w)
    return errors


def _check_source(source: Any, values: dict, where: str) -> list[str]:
    if source in SOURCE_FIELDS:
        return []
    if isinstance(source, str) and source.startswith("values.") and source[7:] in values:
        return []
    return [f"{where}: source must be 'values.<a key of values>', 'ci', 'n', 'duration' or "
            f"'claim'; got {source!r}"]


def _check_quantity(key: str, q: Any, values: dict, where: str) -> list[str]:
    if not _KEY.match(key):
        return [f"{where}: a quantity key is letters, digits and _"]
    if not isinstance(q, dict):
        return [f"{where} is not an object"]
    errors = [f"{where}: unknown field {k!r}" for k in q if k not in QUANTITY_FIELDS]
    value, low, high = q.get("value"), q.get("low"), q.get("high")
    if value is None:
        if low is None or high is None:
            errors.append(f"{where}: value may be null only for a range (low and high given)")
    elif not _number(value):
        errors.append(f"{where}: value must be a finite number")
    for name, x in (("low", low), ("high", high), ("sem", q.get("sem")), ("sd", q.get("sd"))):
        if x is not None and not _number(x):
            errors.append(f"{where}: {name} must be a finite number or null")
    if (low is None) != (high is None):
        errors.append(f"{where}: give both low and high, or neither")
    elif _number(low) and _number(high):
        if low > high:
            errors.append(f"{where}: low {low} is above high {high}")
        if _number(value) and not low <= value <= high and q.get("interval") != "SEM":
            errors.append(f"{where}: value {value} lies outside [{low}, {high}]")
        if q.get("interval") not in _INTERVALS:
            errors.append(f"{where}: interval must be one of {sorted(_INTERVALS)}")
    if q.get("unit") not in UNITS:
        errors.append(f"{where}: unit {q.get('unit')!r} is not one of the known units "
                      "(course_lib.evidence.records.UNITS)")
    if not isinstance(q.get("what"), str) or len(q.get("what", "")) < 3:
        errors.append(f"{where}: what must say what the number is")
    if q.get("relation", "=") not in RELATIONS:
        errors.append(f"{where}: relation must be one of {', '.join(RELATIONS)}")
    if not isinstance(q.get("derived", False), bool):
        errors.append(f"{where}: derived must be true or false")
    if q.get("formula") is not None and not (isinstance(q["formula"], str)
                                             and q.get("derived")):
        errors.append(f"{where}: a formula is text, and only a derived number has one")
    if q.get("limits_source") is not None:
        errors += _check_source(q["limits_source"], values, f"{where} (limits_source)")
    return errors + _check_source(q.get("source"), values, where)
