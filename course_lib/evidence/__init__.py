"""The facts the course teaches: numbers with units, their sources, and how to cite them.

```python
from course_lib import evidence
evidence.value("swan_greendale2012_cumulative_loss", "lumbar_spine_10y_cumulative_loss")  # 10.6
q = evidence.quantity("ept_vs_et_spine_meta_prior2017", "weighted_mean_difference_ept_minus_et")
q.value, q.unit, q.low, q.high          # 0.68, '% per year', 0.38, 0.97
evidence.cite("swan_greendale2012_cumulative_loss")   # 'Greendale 2012'
evidence.fact("who_tscore_definitions").values        # the recorded text, as the source says
```

The data live in ``course_lib/evidence/data/`` (``base.json``: the shared evidence file plus
the course's structured fields; ``<topic>.json``: facts the course added). Only VERIFIED facts
whose sources are fully identified ("citable") give numbers or citations; everything else
raises ValueError, so nothing unverified is taught as fact.
"""

from __future__ import annotations

from .records import Fact, Finding, Quantity, Reference
from .store import facts as _facts
from .store import references as _references

__all__ = ["Fact", "Quantity", "Finding", "Reference", "fact", "fact_ids", "value", "quantity",
           "finding", "cite", "citable", "not_citable", "sources", "reference_list",
           "reference"]


def fact_ids() -> list[str]:
    """Every fact id shipped with the course (verified or not), in file order."""
    return list(_facts())


def fact(fact_id: str) -> Fact:
    """The fact with this id; an unknown id raises ValueError."""
    try:
        return _facts()[fact_id]
    except (KeyError, TypeError):
        raise ValueError(
            f"fact_id {fact_id!r} is not in the course's evidence data "
            f"({len(_facts())} facts in course_lib/evidence/data/)") from None


def _citable(fact_id: str) -> Fact:
    f = fact(fact_id)
    if not f.citable:
        raise ValueError(f"fact_id {fact_id!r} cannot be taught or cited: {f.why_not_citable} "
                         "(only VERIFIED facts with a complete reference may be)")
    return f


def citable(fact_id: str) -> bool:
    """True if the fact may be cited and its numbers used (VERIFIED, sources complete)."""
    return fact(fact_id).citable


def not_citable() -> dict[str, str]:
    """VERIFIED facts that cannot be cited yet, with the reason (a reference gap)."""
    return {i: f.why_not_citable for i, f in _facts().items() if f.verified and not f.citable}


def quantity(fact_id: str, key: str) -> Quantity:
    """The structured number `key` of a citable fact (value, unit, low, high, what, ...)."""
    f = _citable(fact_id)
    if not isinstance(key, str) or key not in f.quantities:
        raise ValueError(f"key {key!r} is not a quantity of fact {fact_id!r}; valid keys: "
                         f"{', '.join(f.quantities) or '(none)'}")
    return f.quantities[key]


def value(fact_id: str, key: str) -> float:
    """The number `key` of a citable fact, as a float (in the quantity's unit)."""
    q = quantity(fact_id, key)
    if q.value is None:
        raise ValueError(f"{fact_id}.{key} is a range without a central value "
                         f"({q.low:g} to {q.high:g} {q.unit}): use quantity(...).low/.high")
    return float(q.value)


def finding(fact_id: str, key: str) -> bool | str:
    """A yes/no or categorical result of a citable fact (what the source concluded)."""
    f = _citable(fact_id)
    if not isinstance(key, str) or key not in f.findings:
        raise ValueError(f"key {key!r} is not a finding of fact {fact_id!r}; valid keys: "
                         f"{', '.join(f.findings) or '(none)'}")
    return f.findings[key].value


def cite(fact_id: str) -> str:
    """Short author-year citation of a citable fact, e.g. 'Greendale 2012'."""
    return _citable(fact_id).short


def reference(key: str) -> Reference:
    """The source with this reference key."""
    try:
        return _references()[key]
    except (KeyError, TypeError):
        raise ValueError(f"reference key {key!r} is not in the evidence data") from None


def sources(fact_ids) -> list[Reference]:
    """The sources of citable facts, one per source, in reference-list order (alphabetical by
    the short form's author part, then year)."""
    if isinstance(fact_ids, str) or not isinstance(fact_ids, list | tuple | set | frozenset):
        raise ValueError(f"fact_ids must be a list of fact ids; got {type(fact_ids).__name__}")
    found: dict[str, Reference] = {}
    for fid in fact_ids:
        for r in _citable(fid).references:
            found.setdefault(r.key, r)
    return sorted(found.values(), key=lambda r: r.sort_key)


def reference_list(fact_ids) -> str:
    """Markdown bullet list of the sources of these facts, one entry per source."""
    return "\n".join(f"- {r.entry()}" for r in sources(fact_ids))
