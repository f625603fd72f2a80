"""Evidence tables: read a CSV, validate every row against the schema, keep the good rows.

Numbers are kept twice: as floats for computing and as the exact text of the file for display,
so that ``1.50`` is never shown as ``1.5``.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evidence_dashboard import schema
from evidence_dashboard.errors import Problem

NUMBER_COLUMNS = tuple(
    c.name for c in schema.EVIDENCE_COLUMNS if c.kind in (schema.Kind.NUMBER, schema.Kind.COUNT)
)
COUNT_COLUMNS = tuple(c.name for c in schema.EVIDENCE_COLUMNS if c.kind is schema.Kind.COUNT)
TEXT_COLUMNS = tuple(c.name for c in schema.EVIDENCE_COLUMNS if c.name not in NUMBER_COLUMNS)
# Columns added by the loader: where each row came from, and the source's own number text.
ORIGIN_COLUMNS = ("file", "line")
DISPLAY_SUFFIX = "_text"
MAX_FIELD_CHARS = 10_000
# Precomputed once: validating 100,000 rows must not rebuild these per row.
_COLUMN_NAMES = tuple(c.name for c in schema.EVIDENCE_COLUMNS)
_VOCABULARY_CHECKS = tuple(
    (c.name, c.vocabulary, frozenset(c.vocabulary))
    for c in schema.EVIDENCE_COLUMNS
    if c.kind is schema.Kind.VOCABULARY
)
_MEASURE_VALUES = frozenset(schema.values(schema.MEASURES))
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


def _did_you_mean(value: str, allowed: Iterable[str]) -> str | None:
    allowed = list(allowed)
    lowered = {a.lower(): a for a in allowed}
    if value.lower() in lowered:
        return f"did you mean '{lowered[value.lower()]}'? Values are case-sensitive."
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _parse_number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class _RowChecker:
    """Validates one row and collects its problems."""

    def __init__(self, path: str, line: int, row: Mapping[str, str]):
        self.path, self.line, self.row = path, line, row
        self.item = row.get("id") or None
        self.problems: list[Problem] = []
        self.numbers: dict[str, float | None] = {}

    def problem(self, column: str | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, self.line, message, column, hint, item=self.item))

    def check(self) -> None:
        row = self.row
        for name in schema.REQUIRED_COLUMNS:
            if not row.get(name, "").strip():
                self.problem(
                    name, f"column '{name}' must not be empty. Got an empty value instead."
                )
        if max(map(len, row.values()), default=0) > MAX_FIELD_CHARS:
            for name, text in row.items():
                if len(text) > MAX_FIELD_CHARS:
                    self.problem(
                        name,
                        f"column '{name}' must be at most {MAX_FIELD_CHARS} characters. "
                        f"Got {len(text)} instead.",
                    )
        for name, vocabulary, allowed_set in _VOCABULARY_CHECKS:
            value = row.get(name, "").strip()
            if value and value not in allowed_set:
                allowed = ", ".join(f"'{v}'" for v in vocabulary)
                self.problem(
                    name,
                    f"column '{name}' must be one of {allowed}. Got '{value}' instead.",
                    _did_you_mean(value, vocabulary),
                )
        self._check_numbers()
        self._check_measure()

    def _check_numbers(self) -> None:
        for name in NUMBER_COLUMNS:
            text = self.row.get(name, "").strip()
            if not text:
                self.numbers[name] = None
                continue
            value = _parse_number(text)
            if value is None:
                self.problem(name, f"column '{name}' must be a number. Got '{text}' instead.")
            elif name in COUNT_COLUMNS and (value < 0 or value != int(value)):
                self.problem(
                    name,
                    f"column '{name}' must be a whole number of 0 or more. Got '{text}' instead.",
                    "counts are people or studies; percentages go in percent_treatment/"
                    "percent_control.",
                )
                value = None
            self.numbers[name] = value
        for events, total in (
            ("events_treatment", "total_treatment"),
            ("events_control", "total_control"),
        ):
            e, t = self.numbers.get(events), self.numbers.get(total)
            if e is not None and t is not None and e > t:
                self.problem(
                    events,
                    f"column '{events}' must not exceed '{total}' ({self.row[total].strip()}). "
                    f"Got {self.row[events].strip()} instead.",
                )
        level = self.numbers.get("ci_level")
        if level is not None and not 50 <= level < 100:
            self.problem(
                "ci_level",
                f"column 'ci_level' must be a percent from 50 to under 100. "
                f"Got {self.row['ci_level'].strip()} instead.",
                "write 95 for a 95% interval, not 0.95.",
            )
        for name in ("percent_treatment", "percent_control"):
            value = self.numbers.get(name)
            if value is not None and not 0 <= value <= 100:
                self.problem(
                    name,
                    f"column '{name}' must be between 0 and 100. Got {self.row[name].strip()} "
                    "instead.",
                )

    def _check_measure(self) -> None:
        measure = self.row.get("measure", "").strip()
        est, low, high = (self.numbers.get(n) for n in ("estimate", "ci_low", "ci_high"))
        if measure == "statement":
            if not self.row.get("statement", "").strip():
                self.problem(
                    "statement",
                    "column 'statement' must hold the label or guideline text for a statement "
                    "row. Got an empty value instead.",
                )
            if est is not None:
                self.problem(
                    "estimate",
                    f"column 'estimate' must be empty for a statement row. Got "
                    f"'{self.row['estimate'].strip()}' instead.",
                    "statements are never plotted; use another measure for a number.",
                )
            return
        if measure not in _MEASURE_VALUES:
            return  # already reported as a vocabulary problem
        has_counts = all(
            self.numbers.get(n) is not None
            for n in ("events_treatment", "total_treatment", "events_control", "total_control")
        )
        if est is None and not has_counts:
            self.problem(
                "estimate",
                "column 'estimate' must hold a number for a non-statement row. Got an empty "
                "value instead.",
                "give an estimate, or all four arm counts, or mark the row measure=statement.",
            )
        if (low is None) != (high is None):
            missing = "ci_high" if high is None else "ci_low"
            self.problem(
                missing,
                f"column '{missing}' must be given when the other interval bound is. "
                "Got an empty value instead.",
            )
        if low is not None and high is not None and low > high:
            self.problem(
                "ci_low",
                f"column 'ci_low' must not be greater than 'ci_high' ({self.row['ci_high'].strip()}"
                f"). Got {self.row['ci_low'].strip()} instead.",
                "the bounds may be swapped.",
            )
        elif est is not None and low is not None and high is not None and not low <= est <= high:
            self.problem(
                "estimate",
                f"column 'estimate' must lie within its interval [{self.row['ci_low'].strip()}, "
                f"{self.row['ci_high'].strip()}]. Got {self.row['estimate'].strip()} instead.",
                "check the row against the source; a figure may be mistyped.",
            )
        if measure in schema.RATIO_MEASURES:
            for name, value in (("estimate", est), ("ci_low", low), ("ci_high", high)):
                if value is not None and value <= 0:
                    self.problem(
                        name,
                        f"column '{name}' must be greater than 0 for a ratio measure ({measure}). "
                        f"Got {self.row[name].strip()} instead.",
                    )
        if measure == "proportion" and est is not None and not 0 <= est <= 100:
            self.problem(
                "estimate",
                f"column 'estimate' must be a percent between 0 and 100 for a proportion. "
                f"Got {self.row['estimate'].strip()} instead.",
            )


def _decode(raw: bytes, path: str) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(
            path,
            line,
            f"the file must be UTF-8 text. Got the byte 0x{raw[exc.start]:02x} at line {line}, "
            "which is not valid UTF-8.",
            hint="save the table as 'CSV UTF-8' (Excel) or convert it with iconv.",
        )


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
        checker = _RowChecker(path, start, row)
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
