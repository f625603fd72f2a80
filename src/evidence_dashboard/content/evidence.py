"""Evidence tables: read a CSV, validate every row against the schema, keep the good rows.

Numbers are kept twice: as floats for computing and as the exact text of the file for display,
so that ``1.50`` is never shown as ``1.5``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evidence_dashboard import schema
from evidence_dashboard.content.evidence_rules import NUMBER_COLUMNS, RowChecker
from evidence_dashboard.errors import Problem, not_utf8

TEXT_COLUMNS = tuple(c.name for c in schema.EVIDENCE_COLUMNS if c.name not in NUMBER_COLUMNS)
# Columns added by the loader: where each row came from, and the source's own number text.
ORIGIN_COLUMNS = ("file", "line")
DISPLAY_SUFFIX = "_text"
# Precomputed once: validating 100,000 rows must not rebuild these per row.
_COLUMN_NAMES = tuple(c.name for c in schema.EVIDENCE_COLUMNS)
_NUMBER_DISPLAY = tuple((n, n + DISPLAY_SUFFIX) for n in NUMBER_COLUMNS)
_FRAME_COLUMNS = (*_COLUMN_NAMES, *(d for _, d in _NUMBER_DISPLAY), *ORIGIN_COLUMNS)


@dataclass(frozen=True, slots=True)
class EvidenceLoad:
    """What reading evidence tables produced: the valid rows, the set-aside rows and the problems."""

    rows: pd.DataFrame
    rejected: pd.DataFrame
    problems: tuple[Problem, ...] = field(default_factory=tuple)


def empty_frame() -> pd.DataFrame:
    """A frame with every evidence column and no rows, with the loader's dtypes."""
    return _to_frame([])


def _to_frame(records: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(_FRAME_COLUMNS))
    for name in NUMBER_COLUMNS:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    frame["line"] = pd.to_numeric(frame["line"], errors="coerce").astype("Int64")
    for name in (*TEXT_COLUMNS, *(n + DISPLAY_SUFFIX for n in NUMBER_COLUMNS), "file"):
        frame[name] = frame[name].astype("str").where(frame[name].notna(), "")
    return frame


def _decode(raw: bytes, path: str) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, not_utf8(path, raw, exc)


def parse_evidence_csv(text: str, path: str) -> EvidenceLoad:
    """Validate evidence CSV text.

    Parameters
    ----------
    text : str
        The CSV text, header first.
    path : str
        The name to use in problems.

    Returns
    -------
    EvidenceLoad
        Valid rows, set-aside rows (each with its problems) and all problems.

    Examples
    --------
    >>> load = parse_evidence_csv("id,source\\nX,Key\\n", "demo.csv")
    >>> print(load.problems[0])
    demo.csv:1: the header must name the required columns 'locator', 'drug', 'outcome', \
'outcome_category', 'age_group', 'design', 'measure'. Got a header without them instead. \
Hint: column names are case-sensitive; see docs/content-format.md.
    """
    if "\x00" in text:
        problem = Problem(path, 1, "the file must be text (CSV). Got binary data instead.")
        return EvidenceLoad(empty_frame(), empty_frame(), (problem,))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        header = next(reader)
    except StopIteration:
        problem = Problem(path, 1, "the file must have a header row. Got an empty file instead.")
        return EvidenceLoad(empty_frame(), empty_frame(), (problem,))
    except csv.Error as exc:
        problem = Problem(path, 1, f"the header must be valid CSV. Got a CSV error: {exc}.")
        return EvidenceLoad(empty_frame(), empty_frame(), (problem,))
    header = [h.strip() for h in header]
    missing = [c for c in schema.REQUIRED_COLUMNS if c not in header]
    if missing:
        names = ", ".join(f"'{c}'" for c in missing)
        problems.append(
            Problem(
                path,
                1,
                f"the header must name the required columns {names}. Got a header without "
                "them instead.",
                column=missing[0],
                hint="column names are case-sensitive; see docs/content-format.md.",
            )
        )
        return EvidenceLoad(empty_frame(), empty_frame(), tuple(problems))
    duplicated = sorted({h for h in header if header.count(h) > 1 and h})
    if duplicated:
        problems.append(
            Problem(
                path,
                1,
                f"each column must appear once in the header. Got {', '.join(duplicated)} "
                "more than once instead.",
                column=duplicated[0],
            )
        )
        return EvidenceLoad(empty_frame(), empty_frame(), tuple(problems))
    good: list[dict[str, object]] = []
    bad: list[dict[str, object]] = []
    last_line = 1
    while True:
        start = last_line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(
                Problem(
                    path, reader.line_num, f"the row must be valid CSV. Got a CSV error: {exc}."
                )
            )
            break
        last_line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(
                    path,
                    start,
                    f"the row must have {len(header)} fields like the header. "
                    f"Got {len(cells)} instead.",
                    hint="a comma inside a value needs the value in double quotes.",
                    item=cells[0].strip() or None,
                )
            )
            bad.append({"id": cells[0].strip() if cells else "", "file": path, "line": start})
            continue
        row = {h: c for h, c in zip(header, cells, strict=True) if h}
        checker = RowChecker(path, start, row)
        checker.check()
        record: dict[str, object] = {name: row.get(name, "").strip() for name in _COLUMN_NAMES}
        numbers = checker.numbers
        for name, display_name in _NUMBER_DISPLAY:
            record[display_name] = record[name]  # the stripped source text
            record[name] = numbers.get(name)
        record["file"], record["line"] = path, start
        problems.extend(checker.problems)
        (bad if checker.problems else good).append(record)
    return EvidenceLoad(_to_frame(good), _to_frame(bad), tuple(problems))


def load_evidence_file(path: Path, display_path: str | None = None) -> EvidenceLoad:
    """Read and validate one evidence CSV file; an unreadable file becomes a problem."""
    name = display_path or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problem = Problem(name, None, f"the file must be readable. Got {exc.strerror} instead.")
        return EvidenceLoad(empty_frame(), empty_frame(), (problem,))
    text, problem = _decode(raw, name)
    if problem is not None:
        return EvidenceLoad(empty_frame(), empty_frame(), (problem,))
    assert text is not None
    return parse_evidence_csv(text, name)


def combine(loads: Iterable[EvidenceLoad]) -> EvidenceLoad:
    """Join several loads and report ids used more than once (the first use wins)."""
    loads = list(loads)
    rows = [ld.rows for ld in loads if not ld.rows.empty]
    rejected = [ld.rejected for ld in loads if not ld.rejected.empty]
    problems = [p for ld in loads for p in ld.problems]
    frame = pd.concat(rows, ignore_index=True) if rows else empty_frame()
    dup_mask = frame["id"].duplicated(keep="first")
    if dup_mask.any():
        first = frame.loc[~dup_mask].set_index("id")
        for _, dup in frame.loc[dup_mask].iterrows():
            origin = first.loc[dup["id"]]
            problems.append(
                Problem(
                    dup["file"],
                    int(dup["line"]),
                    f"column 'id' must be unique across all evidence files. Got '{dup['id']}', "
                    f"already used at {origin['file']}:{origin['line']}, instead.",
                    column="id",
                    item=dup["id"],
                )
            )
        rejected.append(frame.loc[dup_mask])
        frame = frame.loc[~dup_mask].reset_index(drop=True)
    rejected_frame = pd.concat(rejected, ignore_index=True) if rejected else empty_frame()
    return EvidenceLoad(frame, rejected_frame, tuple(problems))
