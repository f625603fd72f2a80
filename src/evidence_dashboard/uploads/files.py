"""Upload limits and file checks: size, extension, bytes, encoding; reading tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import PurePosixPath

import pandas as pd

from evidence_dashboard.errors import Problem, not_utf8
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
valid UTF-8. Hint: re-save the file as UTF-8 (Excel: Save As > 'CSV UTF-8'; reference \
managers offer UTF-8 export); Windows-1252 or Latin-1 files show accented letters this way.
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, not_utf8(safe_file_name(name), data, exc)


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


def row_count_problem(path: str, text: str) -> Problem | None:
    rows = sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1
    if rows > MAX_ROWS:
        return Problem(
            path, None, f"the table must have at most {MAX_ROWS:,} rows. Got {rows:,} instead."
        )
    return None
