"""Download buttons (built only when clicked): a chart, the rows behind it, a pooled result,
an article version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.elements.lib.mutable_popover_container import PopoverContainer

from evidence_dashboard.export import (
    figure_html,
    figure_image,
    image_export_available,
    rows_csv,
    tables,
)
from evidence_dashboard.export.tables import csv_bytes, pooled_table
from evidence_dashboard.stats import PooledResult
from evidence_dashboard.views.article import ArticleView
from evidence_dashboard.views.explorer import FilterSpec

NO_BROWSER = "PNG and SVG need Chromium on the server (apt-get install chromium)."
BOM_HELP = "Adds a byte-order mark so that Excel reads accents and other scripts correctly."


def download_menu(key: str, label: str = "Download") -> PopoverContainer:
    """A download button that offers its files only once opened: one element on the page until
    then. Draw the buttons ``with`` the returned container when its ``.open`` is true.
    """
    return st.popover(label, icon=":material/download:", key=key, on_change="rerun")


def chart_downloads(
    figure: go.Figure,
    rows: pd.DataFrame,
    stem: str,
    pooled: PooledResult | None = None,
    settings: Mapping[str, str] | None = None,
) -> None:
    """The pooled result as CSV, the rows as CSV, the chart as PNG, SVG and standalone HTML: one
    button under another (they sit in a :func:`download_menu`)."""
    images = image_export_available()
    help_text = None if images else NO_BROWSER
    bom = st.checkbox("CSV for Excel (UTF-8 with BOM)", key=f"bom_{stem[:20]}", help=BOM_HELP)
    files = [  # (label, build, file name, mime, needs the browser)
        ("Rows (CSV)", lambda: rows_csv(rows, bom), f"{stem}.csv", "text/csv", False),
        ("Chart (PNG)", lambda: figure_image(figure, "png"), f"{stem}.png", "image/png", True),
        ("Chart (SVG)", lambda: figure_image(figure, "svg"), f"{stem}.svg", "image/svg+xml", True),
        ("Chart (HTML)", lambda: figure_html(figure, stem), f"{stem}.html", "text/html", False),
    ]
    if pooled is not None:
        table = pooled_table(pooled, settings or {})
        pooled_file = f"{stem}_pooled.csv"
        files.insert(0, ("Pooled result (CSV)", lambda: csv_bytes(table, bom), pooled_file,
                         "text/csv", False))  # fmt: skip
    for label, build, file_name, mime, browser in files:
        # on_click="ignore": a download must not rerun the page (it would race the next click).
        st.download_button(
            label,
            build,
            file_name,
            mime,
            disabled=browser and not images,
            help=help_text if browser else None,
            on_click="ignore",
            width="stretch",
        )


def evidence_downloads(rows: pd.DataFrame, spec: FilterSpec) -> None:
    """The Evidence page's CSV, XLSX and Parquet files of exactly these rows."""
    buttons = st.columns(3)
    for column, export in zip(buttons, tables.exports(spec, len(rows)), strict=True):
        build = tables.EXPORTERS[export.kind]
        column.download_button(
            f"Download {export.kind.upper()}",
            data=partial(build, rows, spec),  # built only when clicked
            file_name=export.file_name,
            mime=export.mime,
            key=f"ev_download_{export.kind}",
            on_click="ignore",
            icon=":material/download:",
        )


def article_downloads(view: ArticleView, audience: str) -> None:
    """The export buttons: HTML, PDF (A4, Letter) and PPTX of exactly this view."""
    from evidence_dashboard.export import article_html, article_pdf, article_pptx

    today = dt.date.today()
    stem = f"{view.article.slug}-{audience}"
    st.caption(
        f"Each file carries version {view.header.version}, the review status, the audience, "
        f"the disclaimer and the export date ({today.isoformat()})."
    )
    with st.container(horizontal=True):
        st.download_button(
            "Standalone HTML",
            data=lambda: article_html.article_html(view, today),
            file_name=f"{stem}.html",
            mime="text/html",
            on_click="ignore",
            key="export-html",
        )
        for paper in ("A4", "Letter"):
            st.download_button(
                f"PDF ({paper})",
                data=partial(article_pdf.article_pdf, view, today, paper),
                file_name=f"{stem}-{paper.lower()}.pdf",
                mime="application/pdf",
                on_click="ignore",
                key=f"export-pdf-{paper}",
            )
        st.download_button(
            "PowerPoint deck",
            data=lambda: article_pptx.article_pptx(view, today),
            file_name=f"{stem}.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            on_click="ignore",
            key="export-pptx",
        )
