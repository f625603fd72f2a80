"""Uploaded bibliographies: BibTeX, RIS and CSL-JSON, each bad record located."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from pybtex.exceptions import PybtexError

from evidence_dashboard.bibliography import (
    BibliographyLoad,
    Name,
    Reference,
    parse_bibtex,
    parse_names,
)
from evidence_dashboard.errors import Problem, Severity, duplicate_key
from evidence_dashboard.uploads.files import check_upload, decode_text, extension, safe_file_name

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_RIS_TYPES = {
    "JOUR": "article",
    "JFULL": "article",
    "MGZN": "article",
    "BOOK": "book",
    "CHAP": "incollection",
    "CONF": "inproceedings",
    "CPAPER": "inproceedings",
    "RPRT": "report",
    "THES": "thesis",
    "ELEC": "online",
    "WEB": "online",
    "GEN": "misc",
}
_CSL_TYPES = {
    "article-journal": "article",
    "article": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "report",
    "thesis": "thesis",
    "webpage": "online",
    "dataset": "dataset",
}


def _names(authors: Sequence[str]) -> tuple[Name, ...]:
    """Parse each author; one pybtex cannot read (too many commas) is kept as written."""
    names: list[Name] = []
    for author in (a for a in authors if a.strip()):
        try:
            names.extend(parse_names(author))
        except PybtexError:
            names.append(Name(last=" ".join(author.split()), is_corporate=True))
    return tuple(names)


def _reference(
    key: str,
    entry_type: str,
    fields: Mapping[str, str],
    authors: Sequence[str],
    path: str,
    line: int,
) -> Reference:
    clean = {k: v.strip() for k, v in fields.items() if isinstance(v, str) and v.strip()}
    return Reference(
        key=key,
        entry_type=entry_type,
        fields=MappingProxyType(clean),
        authors=_names(authors),
        path=path,
        line=line,
    )


def _ris_records(text: str, path: str, problems: list[Problem]) -> list[tuple[int, list[str]]]:
    """Cut RIS text into records (first line, lines); stray and unterminated lines are problems."""
    records: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        match = _RIS_TAG.match(line.rstrip())
        if match and match.group(1) == "TY":
            if current is not None:
                problems.append(_ris_unterminated(path, start, len(records) + 1))
            current, start = [line], number
        elif match and match.group(1) == "ER":
            if current is None:
                problems.append(
                    Problem(
                        path,
                        number,
                        "'ER  -' must close a record. Got it outside any record instead.",
                    )
                )
                continue
            records.append((start, current))
            current = None
        elif current is not None:
            current.append(line)
        elif line.strip():
            problems.append(
                Problem(
                    path,
                    number,
                    f"each RIS record must start with 'TY  - '. Got '{line.strip()[:40]}' "
                    "outside any record instead.",
                    hint="RIS lines look like 'TI  - Title' (two spaces, a hyphen, a space).",
                )
            )
    if current is not None:
        problems.append(_ris_unterminated(path, start, len(records) + 1))
    return records


def _ris_unterminated(path: str, line: int, number: int) -> Problem:
    return Problem(
        path,
        line,
        f"RIS record {number} must end with 'ER  - '. Got no end marker instead; the record "
        "was set aside.",
    )


def parse_ris(text: str, path: str) -> BibliographyLoad:
    """Parse RIS text record by record (rispy for the fields); a bad record is a located problem.

    The citation key is the record's ``ID`` tag (``source`` in evidence rows must match it).
    """
    import rispy

    problems: list[Problem] = []
    references: dict[str, Reference] = {}
    for number, (line, lines) in enumerate(_ris_records(text, path, problems), start=1):
        try:
            parsed = rispy.loads("\n".join([*lines, "ER  - "]) + "\n")
        except Exception as exc:  # rispy raises plain exceptions on odd input
            problems.append(Problem(path, line, f"RIS record {number} could not be read: {exc}."))
            continue
        if not parsed:
            problems.append(Problem(path, line, f"RIS record {number} holds no fields."))
            continue
        item = parsed[0]
        key = str(item.get("id", "")).strip()
        title = item.get("title") or item.get("primary_title") or ""
        if not key:
            problems.append(
                Problem(
                    path,
                    line,
                    f"RIS record {number} must have an 'ID' tag (its citation key). Got no ID "
                    "instead; the record was set aside.",
                    column="ID",
                    hint="add a line such as 'ID  - Smith2020' and use that key in 'source'.",
                )
            )
            continue
        if key.lower() in {k.lower() for k in references}:
            first = references[next(k for k in references if k.lower() == key.lower())]
            where = f"{path}:{first.line}"
            problems.append(duplicate_key(path, line, "RIS key", key, where, column="ID"))
            continue
        pages = "-".join(p for p in (item.get("start_page"), item.get("end_page")) if p)
        urls = item.get("urls") or []
        fields = {
            "title": title,
            "journal": item.get("journal_name") or item.get("secondary_title") or "",
            "year": str(item.get("year") or item.get("publication_year") or "")[:4],
            "volume": item.get("volume", ""),
            "number": item.get("number", ""),
            "pages": pages,
            "doi": item.get("doi", ""),
            "url": urls[0] if urls else "",
            "publisher": item.get("publisher", ""),
        }
        entry_type = _RIS_TYPES.get(str(item.get("type_of_reference", "")), "misc")
        references[key] = _reference(key, entry_type, fields, item.get("authors") or [], path, line)
    return BibliographyLoad(references, tuple(sorted(problems, key=lambda p: p.line or 0)))


def _csl_name(person: object) -> str:
    if not isinstance(person, dict):
        return ""
    if person.get("literal"):
        return "{" + str(person["literal"]) + "}"
    family, given = str(person.get("family", "")), str(person.get("given", ""))
    return f"{family}, {given}" if given else family


def parse_csl_json(text: str, path: str) -> BibliographyLoad:
    """Parse CSL-JSON (a list of items, or one item); a bad item is a problem naming its number."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem(
            path,
            exc.lineno,
            f"the file must be valid CSL-JSON. Got a JSON error at line {exc.lineno}, column "
            f"{exc.colno}: {exc.msg}.",
            hint="export the library again as CSL JSON (Zotero: Export > CSL JSON).",
        )
        return BibliographyLoad({}, (problem,))
    items = [data] if isinstance(data, dict) else data
    if not isinstance(items, list):
        problem = Problem(path, 1, "the file must hold a list of CSL-JSON items.")
        return BibliographyLoad({}, (problem,))
    problems: list[Problem] = []
    references: dict[str, Reference] = {}
    for number, item in enumerate(items, start=1):
        where = f"CSL-JSON item {number}"
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    path,
                    None,
                    f"{where} must be an object. Got {type(item).__name__} instead.",
                    item=f"item {number}",
                )
            )
            continue
        key = str(item.get("id", "")).strip()
        if not key or not isinstance(item.get("id"), str | int):
            problems.append(
                Problem(
                    path,
                    None,
                    f"{where} must have an 'id' (its citation key). Got none instead.",
                    column="id",
                    item=f"item {number}",
                )
            )
            continue
        if key.lower() in {k.lower() for k in references}:
            problems.append(
                Problem(
                    path,
                    None,
                    f"{where}: id '{key}' must be unique. Got it again instead.",
                    column="id",
                    item=key,
                )
            )
            continue
        authors = item.get("author", [])
        if not isinstance(authors, list):
            problems.append(
                Problem(
                    path,
                    None,
                    f"{where}: 'author' must be a list. Got {type(authors).__name__} instead.",
                    column="author",
                    item=key,
                )
            )
            continue
        issued = item.get("issued", {})
        parts = issued.get("date-parts") if isinstance(issued, dict) else None
        year = str(parts[0][0]) if parts and isinstance(parts[0], list) and parts[0] else ""
        fields = {
            "title": str(item.get("title", "")),
            "journal": str(item.get("container-title", "")),
            "year": year,
            "volume": str(item.get("volume", "")),
            "number": str(item.get("issue", "")),
            "pages": str(item.get("page", "")),
            "doi": str(item.get("DOI", "")),
            "url": str(item.get("URL", "")),
            "pmid": str(item.get("PMID", "")),
            "publisher": str(item.get("publisher", "")),
        }
        entry_type = _CSL_TYPES.get(str(item.get("type", "")), "misc")
        references[key] = _reference(
            key, entry_type, fields, [_csl_name(a) for a in authors], path, number
        )
    return BibliographyLoad(references, tuple(problems))


def read_bibliography_upload(name: str, data: bytes) -> BibliographyLoad:
    """Read an uploaded bibliography: BibTeX (.bib), RIS (.ris) or CSL-JSON (.json)."""
    problem = check_upload(name, data, "bibliography")
    text = None
    if problem is None:
        text, problem = decode_text(name, data)
    if text is None:
        return BibliographyLoad({}, (problem,) if problem else ())
    path, ext = safe_file_name(name), extension(name)
    found = _sniff_format(text)
    readers = {".ris": parse_ris, ".json": parse_csl_json, ".bib": parse_bibtex}
    named = ext if ext in readers else ".bib"
    if found is not None and found != named:
        # A RIS file renamed .bib would read as zero BibTeX entries; read what it is, and say so.
        load = readers[found](text, path)
        note = Problem(
            path,
            None,
            f"file must be {_FORMAT_NAMES[named]} to match its name ({ext or 'no extension'}). "
            f"Got {_FORMAT_NAMES[found]} instead; it was read as {_FORMAT_NAMES[found]}.",
            hint=f"Rename the file to end in {found}.",
            severity=Severity.WARNING,
        )
        return _nothing_read(BibliographyLoad(load.references, (note, *load.problems)), path)
    return _nothing_read(readers[named](text, path), path)


_FORMAT_NAMES = {".ris": "RIS", ".json": "CSL-JSON", ".bib": "BibTeX"}


def _sniff_format(text: str) -> str | None:
    """The bibliography format the text looks like (None when it is unclear)."""
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    if re.match(r"[\[{]", head):
        return ".json"
    if re.search(r"^TY  - ", head, flags=re.M):
        return ".ris"
    if re.search(r"^\s*@\w+\s*[{(]", head, flags=re.M):
        return ".bib"
    return None


def _nothing_read(load: BibliographyLoad, path: str) -> BibliographyLoad:
    """A load with no references always carries an error, so it never reads as a success."""
    if load.references or any(p.severity == Severity.ERROR for p in load.problems):
        return load
    problem = Problem(
        path,
        None,
        "file must hold at least one reference. Got none instead.",
        hint="Upload a BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) bibliography.",
    )
    return BibliographyLoad(load.references, (*load.problems, problem))
