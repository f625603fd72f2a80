"""Bring your own files: check, read and merge uploaded evidence tables, bibliographies, articles.

Uploads are hostile input. Every limit is checked here, on the server, whatever the browser
allowed: size, extension and the bytes themselves (an ``.xlsx`` must be an OOXML zip, a text file
must be UTF-8 with no NUL bytes). Each failure is one located :class:`Problem`, never an
exception. Valid rows are usable at once; invalid ones are set aside with their problems.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from types import MappingProxyType

import pandas as pd

from evidence_dashboard import evidence, schema
from evidence_dashboard.articles import Article, parse_article
from evidence_dashboard.bibliography import BibliographyLoad, Reference, parse_bibtex, parse_names
from evidence_dashboard.content import Library
from evidence_dashboard.errors import Problem, Severity
from evidence_dashboard.evidence import EvidenceLoad
from evidence_dashboard.safe_html import strip_invisible

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
MAX_NAME_CHARS = 80
EVIDENCE_EXTENSIONS = (".csv", ".xlsx")
BIBLIOGRAPHY_EXTENSIONS = (".bib", ".ris", ".json")
ARTICLE_EXTENSIONS = (".md",)
EXTENSIONS = {
    "evidence": EVIDENCE_EXTENSIONS,
    "bibliography": BIBLIOGRAPHY_EXTENSIONS,
    "article": ARTICLE_EXTENSIONS,
}
UPLOADED = "uploaded: "
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel/Word file (.xls/.doc)"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
)


def safe_file_name(name: str) -> str:
    """A file name safe for labels and problem paths: base name, plain characters, short.

    Examples
    --------
    >>> safe_file_name("../../etc/<b>pass wd\u202e.csv")
    'b_pass wd.csv'
    """
    base = PurePosixPath(strip_invisible(str(name)).replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "_", base).strip(" ._") or "upload"
    if len(cleaned) > MAX_NAME_CHARS:
        stem, dot, ext = cleaned.rpartition(".")
        keep = MAX_NAME_CHARS - len(ext) - 1
        cleaned = f"{stem[:keep]}.{ext}" if dot and 0 < len(ext) <= 8 else cleaned[:MAX_NAME_CHARS]
    return cleaned


def extension(name: str) -> str:
    """The lowercased extension of a file name, with its dot (``.csv``), or ``""``."""
    return PurePosixPath(safe_file_name(name)).suffix.lower()


def _sniff_binary(data: bytes) -> str | None:
    for signature, label in _SIGNATURES:
        if data.startswith(signature):
            return label
    return None


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def check_upload(name: str, data: bytes, kind: str) -> Problem | None:
    """Check an upload's size, extension and signature before reading it.

    Parameters
    ----------
    name : str
        The file name the browser sent (untrusted).
    data : bytes
        The file's bytes.
    kind : {"evidence", "bibliography", "article"}
        What the file is meant to be.

    Returns
    -------
    Problem or None
        The first reason the file cannot be read, or None when it may be read.
    """
    path = safe_file_name(name)
    allowed = EXTENSIONS[kind]
    ext = extension(name)
    if ext not in allowed:
        return Problem(
            path,
            None,
            f"the file name must end in {', '.join(allowed)} for {kind}. Got "
            f"'{ext or 'no extension'}' instead.",
        )
    if len(data) == 0:
        return Problem(path, None, "the file must not be empty. Got 0 bytes instead.")
    if len(data) > MAX_UPLOAD_BYTES:
        return Problem(
            path,
            None,
            f"the file must be at most {_size(MAX_UPLOAD_BYTES)}. Got {_size(len(data))} instead.",
            hint="split the table into several files, or drop columns the schema does not use.",
        )
    found = _sniff_binary(data)
    if ext == ".xlsx":
        if found != "a zip archive" or not _is_ooxml_workbook(data):
            return Problem(
                path,
                None,
                "the file must be an Excel workbook (.xlsx). Got "
                f"{found or 'plain text or another format'} instead.",
                hint="in Excel use Save As > Excel Workbook (.xlsx); a CSV file should keep "
                "the .csv extension.",
            )
        return None
    if found is not None:
        return Problem(path, None, f"the file must be text ({ext}). Got {found} instead.")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        return Problem(
            path,
            line,
            f"the file must be text ({ext}). Got binary data (a NUL byte at line {line}) instead.",
            hint="UTF-16 files also contain NUL bytes; re-save the file as UTF-8.",
        )
    return None


def _is_ooxml_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def decode_text(name: str, data: bytes) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (with or without a BOM); any other encoding is a located problem, not a guess.

    Examples
    --------
    >>> print(decode_text("t.csv", "a\\nb\\u00e9".encode("cp1252"))[1])
    t.csv:2: the file must be UTF-8 text. Got the byte 0xe9 at line 2, column 2, which is not \
valid UTF-8. Hint: re-save the file as UTF-8 (Excel: Save As > 'CSV UTF-8'); files saved in \
Windows-1252 or Latin-1 show accented letters this way.
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(
            safe_file_name(name),
            line,
            f"the file must be UTF-8 text. Got the byte 0x{data[exc.start]:02x} at line {line}, "
            f"column {column}, which is not valid UTF-8.",
            hint="re-save the file as UTF-8 (Excel: Save As > 'CSV UTF-8'); files saved in "
            "Windows-1252 or Latin-1 show accented letters this way.",
        )


# --------------------------------------------------------------------------- tables


def _cell_text(value: object, number_format: str | None) -> str:
    """A spreadsheet cell as the text the spreadsheet shows, without float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        match = re.fullmatch(r"[#,]*0(?:\.(0+))?", number_format or "")
        if match:
            return f"{value:.{len(match.group(1) or '')}f}"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: str, data: bytes) -> tuple[list[list[str]] | None, Problem | None]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged files
        return None, Problem(
            path, None, f"the file must be a readable .xlsx workbook. Got an error: {exc}."
        )
    try:
        sheet = book.worksheets[0]
        rows: list[list[str]] = []
        for row in sheet.iter_rows():
            if len(rows) > MAX_ROWS + 1:
                break
            rows.append([_cell_text(c.value, getattr(c, "number_format", None)) for c in row])
    finally:
        book.close()
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows, None


def _rows_to_csv(rows: Sequence[Sequence[str]]) -> str:
    width = max((len(r) for r in rows), default=0)
    while width and not any(len(r) >= width and r[width - 1].strip() for r in rows):
        width -= 1  # trailing empty columns that spreadsheets report
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([*row[:width], *([""] * (width - len(row)))])
    return buffer.getvalue()


def upload_text(name: str, data: bytes) -> tuple[str | None, Problem | None]:
    """An evidence upload (checked) as CSV text: CSV decoded as UTF-8, XLSX converted cell by cell."""
    problem = check_upload(name, data, "evidence")
    if problem is not None:
        return None, problem
    if extension(name) == ".xlsx":
        rows, problem = _read_xlsx(safe_file_name(name), data)
        return (None, problem) if rows is None else (_rows_to_csv(rows), None)
    return decode_text(name, data)


def read_table(name: str, data: bytes) -> tuple[pd.DataFrame | None, Problem | None]:
    """An evidence upload as a frame of strings (every cell as written), for the mapping step."""
    text, problem = upload_text(name, data)
    if text is None:
        return None, problem
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        return None, Problem(
            safe_file_name(name), None, f"the file must be a CSV table. Got: {exc}."
        )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, None


def _row_count_problem(path: str, text: str) -> Problem | None:
    rows = sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1
    if rows > MAX_ROWS:
        return Problem(
            path, None, f"the table must have at most {MAX_ROWS:,} rows. Got {rows:,} instead."
        )
    return None


def read_evidence_upload(
    name: str,
    data: bytes,
    mapping: Mapping[str, str] | None = None,
    constants: Mapping[str, str] | None = None,
) -> EvidenceLoad:
    """Read and validate an uploaded evidence table (CSV or XLSX).

    Parameters
    ----------
    name : str
        The file name the browser sent; problems name its sanitized form.
    data : bytes
        The file's bytes.
    mapping : Mapping, optional
        Schema column to the file's column, when the file names its columns differently.
    constants : Mapping, optional
        Schema column to a value used for every row (for columns the file lacks).

    Returns
    -------
    EvidenceLoad
        Valid rows, set-aside rows and every problem, all located by file, line and column.
    """
    path = safe_file_name(name)
    empty = evidence.empty_frame()
    if mapping or constants:
        frame, problem = read_table(name, data)
        text = None if frame is None else apply_mapping(frame, mapping or {}, constants or {})
    else:
        text, problem = upload_text(name, data)
    if text is None:
        return EvidenceLoad(empty, empty, (problem,) if problem else ())
    problem = _row_count_problem(path, text)
    if problem is not None:
        return EvidenceLoad(empty, empty, (problem,))
    return evidence.combine([evidence.parse_evidence_csv(text, path)])


# --------------------------------------------------------------------------- column mapping

SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "row id", "row_id", "identifier", "evidence id"),
    "source": ("source", "study", "reference", "citation", "bibtex key", "key", "ref", "author"),
    "locator": ("locator", "location", "table", "page", "where"),
    "drug": ("drug", "intervention", "treatment", "exposure", "medication", "agent"),
    "drug_class": ("drug class", "class", "drug_class"),
    "comparator": ("comparator", "control", "comparison", "reference group"),
    "outcome": ("outcome", "endpoint", "event", "adverse event"),
    "outcome_category": ("outcome category", "category", "outcome type"),
    "population": ("population", "participants", "patients", "setting"),
    "age_group": ("age group", "age", "age band"),
    "design": ("design", "study design", "study type"),
    "measure": ("measure", "effect measure", "metric", "statistic"),
    "estimate": ("estimate", "rr", "or", "hr", "irr", "effect", "point estimate", "value"),
    "ci_low": ("ci_low", "lower", "lower ci", "lci", "ci lower", "low", "lower bound", "ll"),
    "ci_high": ("ci_high", "upper", "upper ci", "uci", "ci upper", "high", "upper bound", "ul"),
    "ci_level": ("ci level", "level", "confidence level"),
    "events_treatment": ("events treatment", "n1", "e1", "events1", "events_t", "ai"),
    "total_treatment": ("total treatment", "N1", "total1", "n1i", "total_t"),
    "events_control": ("events control", "n2", "e2", "events2", "events_c", "ci"),
    "total_control": ("total control", "N2", "total2", "n2i", "total_c"),
    "n_studies": ("n studies", "studies", "k", "number of studies"),
    "n_participants": ("n participants", "participants n", "sample size", "n"),
    "note": ("note", "notes", "comment", "comments", "remarks"),
    "statement": ("statement", "text", "quote"),
    "percent_treatment": ("percent treatment", "pct treatment", "% treatment"),
    "percent_control": ("percent control", "pct control", "% control"),
    "interval": ("interval", "interval type"),
    "bound": ("bound",),
    "adjusted": ("adjusted", "adjusted?"),
}


def _norm(text: str) -> str:
    return re.sub(r"[\s_.\-]+", " ", text.strip().lower())


def suggest_mapping(columns: Sequence[str]) -> dict[str, str]:
    """Suggest which of a file's columns holds each schema column (synonyms, then difflib).

    Case decides between ``n1`` (events) and ``N1`` (total), as in meta-analysis tables; each
    file column is used at most once.

    Examples
    --------
    >>> suggest_mapping(["Study", "RR", "lower", "upper", "n1", "N1", "n2", "N2", "Outcome"])
    ... # doctest: +NORMALIZE_WHITESPACE
    {'source': 'Study', 'outcome': 'Outcome', 'estimate': 'RR', 'ci_low': 'lower',
     'ci_high': 'upper', 'events_treatment': 'n1', 'total_treatment': 'N1',
     'events_control': 'n2', 'total_control': 'N2'}
    """
    columns = [str(c) for c in columns]
    taken: set[str] = set()
    mapping: dict[str, str] = {}
    for column in schema.EVIDENCE_COLUMNS:
        name = column.name
        exact = [c for c in columns if c == name or c.strip() == name]
        cased = [c for c in columns if c.strip() in SYNONYMS[name]]
        loose = [
            c
            for c in columns
            if _norm(c) in {_norm(s) for s in SYNONYMS[name] if s.lower() == s}
            and c.strip() not in {"N1", "N2"}
        ]
        for candidate in (*exact, *cased, *loose):
            if candidate not in taken:
                mapping[name] = candidate
                taken.add(candidate)
                break
    for column in schema.EVIDENCE_COLUMNS:
        if column.name in mapping:
            continue
        free = {_norm(c): c for c in columns if c not in taken}
        close = difflib.get_close_matches(_norm(column.name), list(free), n=1, cutoff=0.85)
        if close:
            mapping[column.name] = free[close[0]]
            taken.add(free[close[0]])
    return {c.name: mapping[c.name] for c in schema.EVIDENCE_COLUMNS if c.name in mapping}


def needs_mapping(columns: Sequence[str]) -> bool:
    """Whether a table lacks required schema columns under their own names."""
    present = {str(c).strip() for c in columns}
    return any(name not in present for name in schema.REQUIRED_COLUMNS)


def apply_mapping(
    frame: pd.DataFrame, mapping: Mapping[str, str], constants: Mapping[str, str]
) -> str:
    """Build evidence CSV text from a frame of strings, a column mapping and constant values.

    Parameters
    ----------
    frame : pandas.DataFrame
        The uploaded table, every cell a string.
    mapping : Mapping
        Schema column to the file's column (unknown file columns are ignored).
    constants : Mapping
        Schema column to a value for every row; a mapped column wins over a constant. For
        ``id`` the constant is a prefix: rows get ``<prefix>-1``, ``<prefix>-2``, ...

    Returns
    -------
    str
        CSV with the schema's column names, ready for ``parse_evidence_csv`` (which then applies
        every check). Line numbers match the uploaded table's rows when cells hold no newlines.
    """
    out = pd.DataFrame(index=frame.index)
    for column in schema.EVIDENCE_COLUMNS:
        source = mapping.get(column.name)
        constant = constants.get(column.name, "").strip()
        if source and source in frame.columns:
            out[column.name] = frame[source].astype("str").fillna("")
        elif constant and column.name == "id":
            out["id"] = [f"{constant}-{n}" for n in range(1, len(frame) + 1)]
        elif constant:
            out[column.name] = constant
        elif column.required:
            out[column.name] = ""
    return out.to_csv(index=False, lineterminator="\n")


# --------------------------------------------------------------------------- bibliographies

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
        authors=parse_names(" and ".join(a for a in authors if a.strip())),
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
            problems.append(
                Problem(
                    path,
                    line,
                    f"RIS key '{key}' must be unique. Got it again instead.",
                    column="ID",
                    item=key,
                )
            )
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
    if ext == ".ris":
        return parse_ris(text, path)
    if ext == ".json":
        return parse_csl_json(text, path)
    return parse_bibtex(text, path)


def read_article_upload(name: str, data: bytes) -> Article:
    """Read an uploaded Markdown article; an unreadable file is an article holding one problem."""
    path = safe_file_name(name)
    problem = check_upload(name, data, "article")
    text = None
    if problem is None:
        text, problem = decode_text(name, data)
    if text is None:
        article = parse_article("", path)
        return Article(**{**_article_fields(article), "problems": (problem,)})
    return parse_article(text, path)


def _article_fields(article: Article) -> dict[str, object]:
    return {name: getattr(article, name) for name in Article.__dataclass_fields__}


# --------------------------------------------------------------------------- the workspace


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file as the browser sent it, with the analyst's column mapping if any."""

    name: str
    kind: str
    data: bytes
    mapping: tuple[tuple[str, str], ...] = ()
    constants: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """The sanitized file name, for display and origin labels."""
        return safe_file_name(self.name)

    @property
    def digest(self) -> str:
        """A short hash of the bytes and the mapping."""
        h = hashlib.sha256(self.data)
        h.update(repr((self.kind, self.label, self.mapping, self.constants)).encode())
        return h.hexdigest()[:16]


@dataclass
class Workspace:
    """A browser session's uploads, by kind and sanitized name (a new upload replaces the old)."""

    uploads: dict[str, Upload] = field(default_factory=dict)

    def add(self, upload: Upload) -> None:
        """Add or replace an upload (keyed by kind and sanitized name)."""
        self.uploads[f"{upload.kind}:{upload.label}"] = upload

    def remove(self, kind: str, label: str) -> None:
        """Forget an upload."""
        self.uploads.pop(f"{kind}:{label}", None)

    def of_kind(self, kind: str) -> list[Upload]:
        """The uploads of one kind, in upload order."""
        return [u for u in self.uploads.values() if u.kind == kind]

    @property
    def token(self) -> str:
        """A hash of every upload, so derived tables can be cached per workspace content."""
        return hashlib.sha256(
            "|".join(u.digest for u in self.uploads.values()).encode()
        ).hexdigest()


@dataclass(frozen=True)
class WorkspaceLoad:
    """Everything read from a workspace, merged with the shipped library.

    Attributes
    ----------
    evidence : pandas.DataFrame
        Shipped and uploaded valid rows, with an ``origin`` column.
    rejected : pandas.DataFrame
        Uploaded rows set aside (validation, duplicate ids, unknown sources).
    references : dict
        Shipped and uploaded references by key.
    articles : tuple of Article
        Uploaded articles.
    problems : tuple of Problem
        Every problem found in the uploads.
    """

    evidence: pd.DataFrame
    rejected: pd.DataFrame
    references: dict[str, Reference]
    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = ()
    loads: dict[str, EvidenceLoad] = field(default_factory=dict)

    def problems_for(self, label: str) -> tuple[Problem, ...]:
        """The problems located in one uploaded file."""
        return tuple(p for p in self.problems if p.path == label)


def merge_references(
    library: Library, loads: Sequence[BibliographyLoad]
) -> tuple[dict[str, Reference], list[Problem]]:
    """Shipped references plus uploaded ones; an uploaded key already in use is set aside."""
    merged = dict(library.references)
    seen = {k.lower(): r for k, r in merged.items()}
    problems: list[Problem] = []
    for load in loads:
        problems.extend(load.problems)
        for key, ref in load.references.items():
            first = seen.get(key.lower())
            if first is not None:
                problems.append(
                    Problem(
                        ref.path,
                        ref.line,
                        f"key '{key}' must be unique across bibliographies. Got it again "
                        f"(first defined at {first.path}:{first.line}) instead; the first wins.",
                        column="key",
                        severity=Severity.WARNING,
                        item=key,
                    )
                )
                continue
            seen[key.lower()] = ref
            merged[key] = ref
    return merged, problems


def merge_evidence(
    library: Library,
    uploads: Mapping[str, EvidenceLoad],
    references: Mapping[str, Reference] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Shipped rows plus each upload's valid rows, each marked with its origin.

    Parameters
    ----------
    library : Library
        The shipped content.
    uploads : Mapping
        Sanitized file name to that upload's :class:`EvidenceLoad`.
    references : Mapping, optional
        Every known reference (shipped and uploaded); default the library's.

    Returns
    -------
    rows, rejected, problems
        Rows with an ``origin`` column ("shipped" or "uploaded: <name>"); uploaded rows whose id
        is already used, or whose source is in no bibliography, are set aside with a located
        problem each.
    """
    keys = {k.lower() for k in (library.references if references is None else references)}
    shipped = library.evidence.assign(origin="shipped")
    first_seen = dict(
        zip(shipped["id"], zip(shipped["file"], shipped["line"], strict=True), strict=True)
    )
    frames, rejected, problems = [shipped], [], []
    for label, load in uploads.items():
        rows = load.rows.assign(origin=UPLOADED + label)
        if not load.rejected.empty:
            rejected.append(load.rejected.assign(origin=UPLOADED + label))
        keep = []
        for index, row in zip(rows.index, rows.itertuples(index=False), strict=True):
            if row.id in first_seen:
                where = "{}:{}".format(*first_seen[row.id])
                problems.append(
                    Problem(
                        row.file,
                        int(row.line),
                        f"column 'id' must be unique across all "
                        f"evidence. Got '{row.id}', already used at {where}, instead.",
                        column="id",
                        hint="rename the uploaded row's id.",
                        item=row.id,
                    )
                )
            elif row.source.lower() not in keys:
                problems.append(
                    Problem(
                        row.file,
                        int(row.line),
                        f"column 'source' must be a key in the "
                        f"shipped or an uploaded bibliography. Got '{row.source}' instead.",
                        column="source",
                        hint="upload the bibliography that defines it.",
                        item=row.id,
                    )
                )
            else:
                first_seen[row.id] = (row.file, row.line)
                keep.append(index)
                continue
            rejected.append(rows.loc[[index]])
        frames.append(rows.loc[keep])
    merged = pd.concat(frames, ignore_index=True) if len(frames) > 1 else shipped
    set_aside = pd.concat(rejected, ignore_index=True) if rejected else shipped.iloc[0:0]
    return merged, set_aside, problems


def load_workspace(library: Library, workspace: Workspace) -> WorkspaceLoad:
    """Read every upload in a workspace and merge it with the shipped library."""
    bib_loads = [
        read_bibliography_upload(u.name, u.data) for u in workspace.of_kind("bibliography")
    ]
    references, problems = merge_references(library, bib_loads)
    loads = {
        u.label: read_evidence_upload(u.name, u.data, dict(u.mapping), dict(u.constants))
        for u in workspace.of_kind("evidence")
    }
    for load in loads.values():
        problems.extend(load.problems)
    rows, rejected, merge_problems = merge_evidence(library, loads, references)
    problems.extend(merge_problems)
    articles = tuple(read_article_upload(u.name, u.data) for u in workspace.of_kind("article"))
    for article in articles:
        problems.extend(article.problems)
    return WorkspaceLoad(rows, rejected, references, articles, tuple(problems), loads)
