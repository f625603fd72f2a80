"""A loaded bibliography entry, and what loading a file produced."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from evidence_dashboard.bibliography.names import Name
from evidence_dashboard.errors import Problem, Severity
from evidence_dashboard.safe_html import normalize_doi, safe_url

#: The vocabulary of the custom ``evidence_type`` field, in display order.
EVIDENCE_TYPES = ("research", "review", "guideline", "drug label")
#: The evidence type of an entry without an ``evidence_type`` field (or with a bad one).
UNSPECIFIED = "unspecified"

#: Entry types of BibTeX and biblatex that the formatter knows (others load with a warning).
KNOWN_ENTRY_TYPES = frozenset(
    {
        "article",
        "book",
        "booklet",
        "inbook",
        "incollection",
        "inproceedings",
        "conference",
        "manual",
        "mastersthesis",
        "misc",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
        "online",
        "electronic",
        "www",
        "webpage",
        "report",
        "thesis",
        "collection",
        "dataset",
        "software",
    }
)
_PMID = re.compile(r"^(?:pmid:?\s*)?(\d{1,9})$", re.I)
_YEAR = re.compile(r"\b(\d{4})\b")


@dataclass(frozen=True, slots=True)
class Reference:
    """One usable bibliography entry with decoded fields.

    Parameters
    ----------
    key : str
        The citation key as written.
    entry_type : str
        Lowercase entry type (``"article"``, ``"misc"``, ...).
    fields : Mapping[str, str]
        Lowercase field names to Unicode display values (LaTeX decoded, braces removed,
        macros expanded, ``crossref`` fields inherited). Names are in ``authors``/``editors``.
    authors, editors : tuple of Name
        Parsed names; ``and others`` is a :class:`Name` with ``is_others`` set.
    evidence_type : str
        One of :data:`EVIDENCE_TYPES` or ``"unspecified"``.
    path : str
        The file it came from, as given to the loader.
    line : int
        1-based line of the ``@type{`` opener.

    Examples
    --------
    >>> from evidence_dashboard.bibliography import parse_bibtex
    >>> load = parse_bibtex("@article{k, title={{DNA} repair}, doi={doi:10.1000/x1}}", "a.bib")
    >>> ref = load.references["k"]
    >>> (ref.entry_type, ref.title, ref.doi, ref.line)
    ('article', 'DNA repair', '10.1000/x1', 1)
    """

    key: str
    entry_type: str
    fields: Mapping[str, str]
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    evidence_type: str = UNSPECIFIED
    path: str = ""
    line: int = 0

    @property
    def title(self) -> str | None:
        """The title, or None."""
        return self.fields.get("title") or None

    @property
    def year(self) -> str | None:
        """The year (from ``year``, else the first four digits of ``date``), or None."""
        year = self.fields.get("year")
        if year:
            return year
        match = _YEAR.search(self.fields.get("date", ""))
        return match.group(1) if match else None

    @property
    def doi(self) -> str | None:
        """The bare DOI from ``doi`` (any form) or from a doi.org ``url``, or None."""
        for name in ("doi", "url"):
            value = self.fields.get(name)
            if value:
                doi = normalize_doi(value)
                if doi is not None and (name == "doi" or "doi.org/" in value.lower()):
                    return doi
        return None

    @property
    def pmid(self) -> str | None:
        """The PubMed id if the ``pmid`` field is digits (``PMID:`` prefix allowed), or None."""
        match = _PMID.match(self.fields.get("pmid", "").strip())
        return match.group(1) if match else None

    @property
    def url(self) -> str | None:
        """The ``url`` field if it is a safe http(s) URL, else None (never ``javascript:``)."""
        value = self.fields.get("url")
        return safe_url(value) if value else None


@dataclass(frozen=True, slots=True)
class BibliographyLoad:
    """The result of loading one BibTeX file: usable entries and located problems.

    Parameters
    ----------
    references : dict[str, Reference]
        Usable entries by key, in file order.
    problems : tuple of Problem
        Everything that went wrong, errors (entry skipped) and warnings.
    """

    references: dict[str, Reference] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Only the error-severity problems."""
        return tuple(p for p in self.problems if p.severity == Severity.ERROR)
