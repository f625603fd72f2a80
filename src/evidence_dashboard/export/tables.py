"""Rows as files: CSV (optionally with a UTF-8 BOM for Excel), XLSX and Parquet.

Numbers are written as the source's own text, in the schema's column order; the Evidence
page's files name their filters, the Compare page's carry the pooled result too.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from evidence_dashboard import schema
from evidence_dashboard.content.evidence import DISPLAY_SUFFIX, NUMBER_COLUMNS
from evidence_dashboard.stats import PooledResult, report
from evidence_dashboard.stats.report import effect_text
from evidence_dashboard.views.explorer import FilterSpec

SHIPPED = "shipped"
#: Export column order: every schema column (numbers as the source's text), then the origin.
EXPORT_COLUMNS = (*(c.name for c in schema.EVIDENCE_COLUMNS), "origin")


def export_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows in the schema's column order with numbers as the source wrote them, plus the origin.

    Columns the rows lack are written empty (the origin as "shipped"), so every file has the
    same header.
    """
    out = pd.DataFrame(index=rows.index)
    for name in EXPORT_COLUMNS:
        source = name + DISPLAY_SUFFIX if name in NUMBER_COLUMNS else name
        if source in rows.columns:
            out[name] = rows[source].astype("str").fillna("")
        else:
            out[name] = SHIPPED if name == "origin" else ""
    return out.reset_index(drop=True)


ROW_TABLE_COLUMNS = (
    "id", "drug", "outcome", "population", "age_group", "design", "measure", "figure",
    "source", "locator", "note",
)  # fmt: skip


def rows_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows for reading on screen: the figure as the source wrote it, then where it is from."""
    shown = export_rows(rows)
    shown["figure"] = [effect_text(r) for r in rows.to_dict("records")]
    return shown[[*ROW_TABLE_COLUMNS, "origin"]]


def rows_csv(rows: pd.DataFrame, bom: bool = False) -> bytes:
    """The rows as UTF-8 CSV with the schema's column names (``bom``: with a BOM, for Excel).

    Examples
    --------
    >>> from evidence_dashboard.content.evidence import parse_evidence_csv
    >>> rows_csv(parse_evidence_csv("id,source,locator,drug,outcome,outcome_category,age_group,"
    ...     "design,measure,estimate\\nA,K,p1,d,o,falls,65+,cohort,OR,1.50\\n", "x.csv").rows
    ... ).decode().splitlines()[1].split(",")[:13][-1]
    '1.50'
    """
    return csv_bytes(export_rows(rows), bom)


def csv_bytes(table: pd.DataFrame, bom: bool = False) -> bytes:
    """A table as CSV bytes: UTF-8, with a byte-order mark when ``bom`` (Excel then reads
    non-ASCII text correctly)."""
    return table.to_csv(index=False).encode("utf-8-sig" if bom else "utf-8")


def pooled_table(result: PooledResult, settings: Mapping[str, str]) -> pd.DataFrame:
    """The pooled result as a table: each study and the pooled line as printed, then the
    settings (method, model, level, double-zero handling) and the unrounded numbers.

    Columns: ``kind`` (study, group, pooled, note, setting, value), ``label``, ``figure``,
    ``weight``. The printed forms come from :mod:`evidence_dashboard.stats.report`.
    """
    rows = list(report.pooled_rows(result))
    rows += [("setting", name, value, "") for name, value in settings.items()]
    exact = {
        "estimate": result.estimate,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "pi_low": result.pi_low,
        "pi_high": result.pi_high,
        "tau2": result.tau2,
        "i2": result.i2,
        "q": result.q,
        "q_p": result.q_p,
    }
    rows += [("value", name, "" if v is None else repr(float(v)), "") for name, v in exact.items()]
    rows.append(("value", "k", str(result.k), ""))
    return pd.DataFrame(rows, columns=["kind", "label", "figure", "weight"])


def file_stem(*parts: str) -> str:
    """A short, safe file name stem from filter values."""
    text = "-".join(p for p in parts if p)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return stem[:80] or "evidence"


def _slug(text: str, limit: int = 24) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].strip("-")


def export_file_name(spec: FilterSpec, ext: str) -> str:
    """A short, safe file name naming the applied filters, e.g. ``evidence_age-group-60-65.csv``.

    Examples
    --------
    >>> export_file_name(FilterSpec(outcome_category=("falls",), age_group=("60+", "65+")), "csv")
    'evidence_outcome-category-falls_age-group-60-65.csv'
    >>> export_file_name(FilterSpec(), "xlsx")
    'evidence_all.xlsx'
    """
    parts = []
    for name, values in spec.filters().items():
        parts.append(_slug(name.replace("_", "-") + "-" + "-".join(values), 32))
    if spec.search:
        parts.append("q-" + _slug(spec.search, 20))
    stem = "_".join(p for p in parts if p)[:100].strip("-_") or "all"
    return f"evidence_{stem}.{ext.lstrip('.')}"


def export_csv(frame: pd.DataFrame, spec: FilterSpec) -> bytes:
    """The rows as UTF-8 CSV (filters are in the file name; CSV gets no comment lines)."""
    del spec  # the file name carries the filters; a comment line would break readers
    return csv_bytes(export_rows(frame))


def _filters_table(spec: FilterSpec, rows: int) -> pd.DataFrame:
    described = {"rows": str(rows), **spec.describe()}
    return pd.DataFrame({"setting": list(described), "value": list(described.values())})


def export_xlsx(frame: pd.DataFrame, spec: FilterSpec) -> bytes:
    """The rows as an Excel workbook: sheet "evidence", and sheet "filters" with the settings.

    Cells hold the source's exact text, so a figure such as ``1.50`` keeps its trailing zero.
    """
    buffer = io.BytesIO()
    table = export_rows(frame)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="evidence", index=False)
        _filters_table(spec, len(table)).to_excel(writer, sheet_name="filters", index=False)
    return buffer.getvalue()


def export_parquet(frame: pd.DataFrame, spec: FilterSpec) -> bytes:
    """The rows as Parquet, with the settings as key-value schema metadata ``evidence_filters``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(export_rows(frame), preserve_index=False)
    metadata = dict(table.schema.metadata or {})
    metadata[b"evidence_filters"] = json.dumps(spec.describe()).encode("utf-8")
    table = table.replace_schema_metadata(metadata)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


EXPORTERS = {"csv": export_csv, "xlsx": export_xlsx, "parquet": export_parquet}
MIME_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


@dataclass(frozen=True, slots=True)
class Export:
    """One downloadable file: its name, MIME type and how to build its bytes."""

    kind: str
    file_name: str
    mime: str
    rows: int = 0


def exports(spec: FilterSpec, rows: int) -> tuple[Export, ...]:
    """The three export files for a spec (bytes come from :data:`EXPORTERS`)."""
    return tuple(
        Export(kind, export_file_name(spec, kind), MIME_TYPES[kind], rows) for kind in EXPORTERS
    )
