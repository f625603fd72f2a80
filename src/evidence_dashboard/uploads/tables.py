"""Uploaded evidence tables: read, validate and (after mapping) keep the good rows."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from evidence_dashboard import schema
from evidence_dashboard.content import evidence
from evidence_dashboard.content.evidence import EvidenceLoad
from evidence_dashboard.uploads.files import (
    read_table,
    row_count_problem,
    safe_file_name,
    upload_text,
)


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
    problem = row_count_problem(path, text)
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
    "read_at": ("read_at", "read at", "read on"),
    "period": ("period", "time period"),
    "per": ("per", "rate per"),
    "scale": ("scale",),
    "mean_control": ("mean_control", "mean control", "control mean"),
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
