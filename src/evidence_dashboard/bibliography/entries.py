"""From raw BibTeX entries to references: crossref inheritance, names, evidence types."""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from pybtex.exceptions import PybtexError

from evidence_dashboard.bibliography.latex import decode_field, decode_latex
from evidence_dashboard.bibliography.names import Name, parse_names
from evidence_dashboard.bibliography.reference import (
    EVIDENCE_TYPES,
    KNOWN_ENTRY_TYPES,
    UNSPECIFIED,
    Reference,
)
from evidence_dashboard.errors import Problem, Severity

_CONTAINER_TYPES = frozenset({"proceedings", "book", "collection", "mvbook", "mvproceedings"})
_PERSON_FIELDS = frozenset({"author", "editor"})


@dataclass(slots=True)
class RawEntry:
    key: str
    entry_type: str
    fields: dict[str, str]  # lowercase name -> raw (macro-expanded, LaTeX) value
    line: int


def inherit(entries: list[RawEntry], path: str, problems: list[Problem]) -> None:
    """Copy missing fields from ``crossref`` parents (BibTeX semantics, plus title->booktitle)."""
    by_key = {entry.key.lower(): entry for entry in entries}
    for entry in entries:
        parent_key = entry.fields.get("crossref", "").strip().strip("{}").strip()
        if not parent_key:
            continue
        parent = by_key.get(parent_key.lower())
        if parent is None or parent is entry:
            problems.append(
                Problem(
                    path,
                    entry.line,
                    f"field 'crossref' must name an entry in this file. Got '{parent_key}' "
                    "instead; nothing was inherited.",
                    column="crossref",
                    severity=Severity.WARNING,
                    item=entry.key,
                )
            )
            continue
        for name, value in parent.fields.items():
            if name in {"crossref", "key", "ids", "evidence_type"}:
                continue
            entry.fields.setdefault(name, value)
        if (
            "booktitle" not in entry.fields
            and parent.entry_type in _CONTAINER_TYPES
            and "title" in parent.fields
        ):
            entry.fields["booktitle"] = parent.fields["title"]


def _evidence_type(entry: RawEntry, path: str, problems: list[Problem]) -> str:
    raw = entry.fields.get("evidence_type")
    if raw is None:
        return UNSPECIFIED
    value = re.sub(r"[\s_-]+", " ", raw.strip("{} \t").lower())
    if value in EVIDENCE_TYPES:
        return value
    problems.append(
        Problem(
            path,
            entry.line,
            f"field 'evidence_type' must be one of {', '.join(EVIDENCE_TYPES)}. "
            f"Got {raw!r} instead; treated as unspecified.",
            column="evidence_type",
            hint="Use one of: " + ", ".join(EVIDENCE_TYPES) + ".",
            item=entry.key,
        )
    )
    return UNSPECIFIED


def _names(entry: RawEntry, name: str, path: str, problems: list[Problem]) -> tuple[Name, ...]:
    """Parse a person field; a name pybtex refuses becomes a warning and is kept as written."""
    raw = entry.fields.get(name, "")
    try:
        return parse_names(raw)
    except PybtexError as error:
        problems.append(
            Problem(
                path,
                entry.line,
                f"field '{name}' must list names joined by 'and', each 'Last, First' or "
                f"'First Last'. Got a name pybtex cannot read ({error}) instead; it is shown "
                "as written.",
                column=name,
                hint="A name has at most two commas ('Last, Jr., First'); wrap an "
                "organisation in double braces.",
                severity=Severity.WARNING,
                item=entry.key,
            )
        )
        return (Name(last=decode_latex(" ".join(raw.split())), is_corporate=True),)


def build(entry: RawEntry, path: str, problems: list[Problem]) -> Reference:
    fields = {
        name: decode_field(name, value)
        for name, value in entry.fields.items()
        if name not in _PERSON_FIELDS
    }
    if entry.entry_type not in KNOWN_ENTRY_TYPES:
        problems.append(
            Problem(
                path,
                entry.line,
                f"entry type must be a standard BibTeX type such as @article or @misc. "
                f"Got @{entry.entry_type} instead; it is formatted like @misc.",
                hint="Use @article, @book, @incollection, @inproceedings, @online or @misc.",
                severity=Severity.WARNING,
                item=entry.key,
            )
        )
    has_stand_in = any(fields.get(n) for n in ("howpublished", "url", "doi"))
    if not fields.get("title") and not (entry.entry_type == "misc" and has_stand_in):
        problems.append(
            Problem(
                path,
                entry.line,
                f"entry '{entry.key}' must have field 'title'. Got no title instead.",
                column="title",
                hint="Add title = {...}; only @misc entries may go without one.",
                severity=Severity.WARNING,
                item=entry.key,
            )
        )
    reference = Reference(
        key=entry.key,
        entry_type=entry.entry_type,
        fields=MappingProxyType(fields),
        authors=_names(entry, "author", path, problems),
        editors=_names(entry, "editor", path, problems),
        evidence_type=_evidence_type(entry, path, problems),
        path=path,
        line=entry.line,
    )
    return reference
