"""Files a user can take away: the rows as CSV, a chart as PNG, SVG or standalone HTML.

Images are rendered by kaleido with the system Chromium; HTML embeds plotly.js so the file works
offline.
"""

from __future__ import annotations

import os
import re
import shutil

import pandas as pd
import plotly.graph_objects as go

from evidence_dashboard import schema
from evidence_dashboard.content.evidence import DISPLAY_SUFFIX, NUMBER_COLUMNS
from evidence_dashboard.stats.report import effect_text

EXPORT_WIDTH = 1200


def export_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows in the schema's column order with numbers as the source wrote them."""
    columns: dict[str, object] = {}
    for column in schema.EVIDENCE_COLUMNS:
        name = column.name
        if name in NUMBER_COLUMNS and name + DISPLAY_SUFFIX in rows:
            columns[name] = rows[name + DISPLAY_SUFFIX].to_numpy()
        elif name in rows:
            columns[name] = rows[name].to_numpy()
    if "origin" in rows:
        columns["origin"] = rows["origin"].to_numpy()
    return pd.DataFrame(columns)


ROW_TABLE_COLUMNS = (
    "id", "drug", "outcome", "population", "age_group", "design", "measure", "figure",
    "source", "locator", "note",
)  # fmt: skip


def rows_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows for reading on screen: the figure as the source wrote it, then where it is from."""
    shown = export_rows(rows)
    shown["figure"] = [effect_text(r) for r in rows.to_dict("records")]
    extra = ["origin"] if "origin" in shown else []
    return shown[[*ROW_TABLE_COLUMNS, *extra]]


def rows_csv(rows: pd.DataFrame) -> bytes:
    """The rows as UTF-8 CSV with the schema's column names.

    Examples
    --------
    >>> from evidence_dashboard.content.evidence import parse_evidence_csv
    >>> rows_csv(parse_evidence_csv("id,source,locator,drug,outcome,outcome_category,age_group,"
    ...     "design,measure,estimate\\nA,K,p1,d,o,falls,65+,cohort,OR,1.50\\n", "x.csv").rows
    ... ).decode().splitlines()[1].split(",")[:13][-1]
    '1.50'
    """
    return export_rows(rows).to_csv(index=False).encode("utf-8")


#: Executables kaleido can drive, looked up on PATH (``BROWSER_PATH`` wins when it is set).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def chromium_executable() -> str | None:
    """The Chromium-based browser kaleido will use: ``$BROWSER_PATH``, else one on ``PATH``."""
    configured = os.environ.get("BROWSER_PATH", "").strip()
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def image_export_available() -> bool:
    """Whether PNG/SVG export can run: kaleido needs a Chromium-based browser on this machine."""
    return chromium_executable() is not None


def figure_image(figure: go.Figure, fmt: str) -> bytes:
    """PNG or SVG bytes of a figure (kaleido, system Chromium)."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"format must be 'png' or 'svg'. Got {fmt!r} instead.")
    height = int(figure.layout.height or 500)
    return figure.to_image(
        format=fmt, width=EXPORT_WIDTH, height=height, scale=2 if fmt == "png" else 1
    )


def figure_html(figure: go.Figure, title: str) -> bytes:
    """A standalone HTML file with plotly.js embedded (works with no network)."""
    html = figure.to_html(full_html=True, include_plotlyjs=True, config={"displaylogo": False})
    safe_title = re.sub(r"[<>&\"']", "", title)[:120]
    return html.replace("<head>", f"<head><title>{safe_title}</title>", 1).encode("utf-8")


def file_stem(*parts: str) -> str:
    """A short, safe file name stem from filter values."""
    text = "-".join(p for p in parts if p)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return stem[:80] or "evidence"
