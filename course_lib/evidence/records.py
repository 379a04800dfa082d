"""The three kinds of record in the evidence data: a fact, a number of a fact, and a source.

Pure data (frozen dataclasses) plus how a source is written: its short author-year form
(``Greendale 2012``) and its reference-list entry (Markdown). Loading and checking the data
files is `store`'s job; this module reads no file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Fact", "Quantity", "Reference", "Finding", "UNITS", "RELATIONS", "REFERENCE_KINDS"]

#: The units a quantity may carry (a typo in a unit fails the data check). "1" = a plain
#: number without unit (a ratio such as a hazard ratio, a T-score multiplier, a count of
#: things named in ``what``).
UNITS = frozenset({
    "1", "%", "% per year", "percentage points", "SD", "g/cm2", "g/cm2 per year",
    "years", "months", "weeks", "days", "hours", "minutes",
    "ng/mL", "nmol/L", "pmol/L", "pg/mL", "ug/dL", "mIU/L", "mU/L", "nM", "L/mol",
    "ng.h/mL", "kDa", "mg", "mg/day", "ug/day", "IU/day", "mcg/day", "mg/kg",
    "people", "events", "studies", "per 10,000 person-years", "per 1000 person-years",
    "per 10,000 users", "% per year (incidence)", "person-years", "fold", "amino acids",
    "centers", "nucleotides", "kg/m2", "nmol/L per ng/mL", "pmol/L per pg/mL",
})

#: How the number relates to what it describes: "=" exact as reported, "~" about,
#: "<", "<=", ">", ">=" a bound (e.g. a T-score of -2.5 or below is osteoporosis).
RELATIONS = ("=", "~", "<", "<=", ">", ">=")

#: Kinds of source the reference list knows how to write.
REFERENCE_KINDS = ("article", "book", "chapter", "report", "guideline", "web", "label",
                   "abstract")

_SUFFIXES = {"Jr", "Sr", "2nd", "3rd", "II", "III", "IV"}


@dataclass(frozen=True)
class Quantity:
    """One number of a fact, with its unit and, for a CI or range, its limits.

    ``value`` is None only for a range reported without a central value (then ``low`` and
    ``high`` hold it). ``source`` names the field of the fact whose text states the number
    (``values.<key>``, ``ci``, ``n`` or ``duration``); ``derived`` marks arithmetic done by the
    evidence file or the course rather than a figure the source printed.
    """

    fact_id: str
    key: str
    value: float | None
    unit: str
    what: str
    source: str
    low: float | None = None
    high: float | None = None
    interval: str | None = None
    relation: str = "="
    derived: bool = False
    formula: str | None = None
    sem: float | None = None
    sd: float | None = None
    #: Where the CI or range limits are written, when not in `source` or the fact's ``ci``.
    limits_source: str | None = None

    @property
    def is_range(self) -> bool:
        """True for a range reported without a central value (use ``low`` and ``high``)."""
        return self.value is None


@dataclass(frozen=True)
class Finding:
    """A result the course reads in code as a yes/no or a category, never from a substring.

    ``value`` is what the source concluded (e.g. False for "protects bone" when the trial
    found no protective effect); ``source`` names the field that states it.
    """

    fact_id: str
    key: str
    value: bool | str
    what: str
    source: str


@dataclass(frozen=True)
class Reference:
    """A source as the reference list prints it. Only details seen in a stored copy are kept.

    ``authors`` are "Surname Initials" strings; ``et_al`` says the list was cut short;
    ``group`` is a collective author printed after them (or alone). ``cite_as`` is the author
    part of the short form when it is not the first surname (e.g. "WHI Writing Group").
    ``missing`` lists what could not be seen (e.g. ``["authors", "journal"]``): a source with
    anything missing cannot be cited, and neither can a fact that rests on it.
    """

    key: str
    kind: str
    title: str
    year: int | None = None
    authors: tuple[str, ...] = ()
    et_al: bool = False
    group: str | None = None
    cite_as: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    book: str | None = None
    editors: str | None = None
    publisher: str | None = None
    place: str | None = None
    series: str | None = None
    date: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    seen: str | None = None
    missing: tuple[str, ...] = ()
    #: The short form's letter when two sources share author and year ("van Staa 2000a").
    suffix: str = ""

    @property
    def citable(self) -> bool:
        return not self.missing

    @property
    def first_author(self) -> str:
        """The author part of the short form: `cite_as`, else the first author's surname."""
        if self.cite_as:
            return self.cite_as
        if self.authors:
            return surname(self.authors[0])
        return self.group or ""

    @property
    def short(self) -> str:
        """Short author-year form, e.g. 'Greendale 2012', 'ISCD n.d.', 'van Staa 2000a'."""
        return f"{self.first_author} {self.year if self.year else 'n.d.'}{self.suffix}"

    @property
    def sort_key(self) -> tuple:
        """Reference-list order: alphabetical by the short form as printed in bold (author
        part, case ignored: 'van Staa' under V, 'WHO' under W), then year, letter, title."""
        return (self.first_author.casefold(), self.year or 0, self.suffix, self.title.casefold())

    def entry(self) -> str:
        """One reference-list entry in Markdown, Vancouver-like:
        ``Authors. Title. *Journal*. Year;Volume(Issue):Pages. doi:...`` (DOI, else PMID)."""
        parts = []
        who = _authors(self)
        if who:
            parts.append(_end(who))
        parts.append(_end(_escape(self.title)))
        if self.kind in ("article", "abstract") and self.journal:
            parts.append(f"*{_escape(self.journal)}*. {_issue_line(self)}")
        elif self.kind == "chapter":
            book = f"In: {self.editors + ', editors. ' if self.editors else ''}"
            book += f"*{_escape(self.book)}*" if self.book else ""
            parts.append(_end(book))
            parts.append(_end(_publication(self)))
        else:
            if self.journal:     # a guideline or report published in a journal
                parts.append(f"*{_escape(self.journal)}*. {_issue_line(self)}")
            else:
                if self.series:
                    parts.append(_end(_escape(self.series)))
                parts.append(_end(_publication(self)))
        text = " ".join(p for p in parts if p and p != ".")
        if not text.endswith("."):
            text += "."
        link = _link(self)
        return f"{text} {link}" if link else text


def surname(author: str) -> str:
    """'Greendale GA' -> 'Greendale'; 'van Staa TP' -> 'van Staa'; 'Melton LJ 3rd' -> 'Melton'."""
    words = author.split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    if len(words) > 1 and re.fullmatch(r"[A-Z]{1,4}", words[-1]):
        words.pop()
    return " ".join(words)


def _authors(ref: Reference) -> str:
    names = list(ref.authors[:6])
    more = ref.et_al or len(ref.authors) > 6
    text = ", ".join(names)
    if more:
        text += ", et al"
    if ref.group and ref.cite_as and text:   # cited by the group: the group leads
        return f"{ref.group} ({text})"
    if ref.group:
        text = f"{text}; {ref.group}" if text else ref.group
    return text


def _issue_line(ref: Reference) -> str:
    text = str(ref.year) if ref.year else ""
    if ref.date:
        text += f" {ref.date}"
    if ref.volume:
        text += f";{ref.volume}"
    if ref.issue:    # an issue without a volume keeps the separator: "2002;(4):580-592"
        text += f"({ref.issue})" if ref.volume else f";({ref.issue})"
    if ref.pages:
        text += f":{ref.pages}"
    return _end(text)


def _publication(ref: Reference) -> str:
    where = ": ".join(p for p in (ref.place, ref.publisher) if p)
    when = str(ref.year) if ref.year else ""
    if ref.date:
        when = f"{when} {ref.date}".strip()
    if ref.pages and ref.kind in ("chapter", "book", "report"):
        when = f"{when}. p. {ref.pages}" if when else f"p. {ref.pages}"
    return "; ".join(p for p in (where, when) if p)


def _link(ref: Reference) -> str:
    if ref.doi:
        return f"doi:[{ref.doi}](https://doi.org/{ref.doi})"
    if ref.pmid:
        return f"PMID: [{ref.pmid}](https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/)"
    if ref.pmcid:
        return f"[{ref.pmcid}](https://pmc.ncbi.nlm.nih.gov/articles/{ref.pmcid}/)"
    if ref.url:
        return f"<{ref.url}>"
    return ""


def _end(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def _escape(text: str | None) -> str:
    """Markdown-safe plain text (no emphasis or links from stray * _ [ ])."""
    return re.sub(r"([*_\[\]<>])", r"\\\1", text or "")


@dataclass(frozen=True)
class Fact:
    """One entry of the evidence data: the shared fields (as the evidence file has them) and
    the course's structured additions (quantities, findings, references)."""

    id: str
    claim: str
    values: dict
    citation: str | None
    status: str
    ci: object = None
    n: object = None
    duration: object = None
    doi: str | None = None
    pmid: str | None = None
    source_seen: str | None = None
    note: str | None = None
    quantities: dict[str, Quantity] = field(default_factory=dict)
    findings: dict[str, Finding] = field(default_factory=dict)
    references: tuple[Reference, ...] = ()
    #: Values whose source the course cannot cite, with the reason: no number comes from them.
    excluded: dict[str, str] = field(default_factory=dict)
    #: Data file the fact came from ("base" = the shared evidence file).
    origin: str = "base"

    @property
    def verified(self) -> bool:
        return self.status == "VERIFIED"

    @property
    def citable(self) -> bool:
        """VERIFIED, with at least one source, and every source's details seen."""
        return self.verified and bool(self.references) and all(
            r.citable for r in self.references)

    @property
    def why_not_citable(self) -> str:
        if not self.verified:
            return f"it is {self.status}: it must not be taught as fact"
        if not self.references:
            return "it has no structured reference"
        gaps = [f"{r.key}: {', '.join(r.missing)} not seen" for r in self.references
                if r.missing]
        return "its reference is incomplete (" + "; ".join(gaps) + ")" if gaps else ""

    @property
    def short(self) -> str:
        """Author-year form of all the fact's sources, e.g. 'Greendale 2012'."""
        return "; ".join(r.short for r in self.references)
