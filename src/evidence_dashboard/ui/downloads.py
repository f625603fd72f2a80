"""Download buttons for a chart and the rows behind it (files built only when clicked)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from evidence_dashboard.export import figure_html, figure_image, image_export_available, rows_csv

NO_BROWSER = "PNG and SVG need Chromium on the server (apt-get install chromium)."


def chart_downloads(figure: go.Figure, rows: pd.DataFrame, stem: str) -> None:
    """Rows as CSV, the chart as PNG, SVG and standalone HTML, side by side."""
    images = image_export_available()
    help_text = None if images else NO_BROWSER
    columns = st.columns(4)
    # on_click="ignore": a download must not rerun the page (it would also race the next click).
    columns[0].download_button(
        "Rows (CSV)", lambda: rows_csv(rows), f"{stem}.csv", "text/csv", on_click="ignore"
    )
    for column, fmt, mime in (
        (columns[1], "png", "image/png"),
        (columns[2], "svg", "image/svg+xml"),
    ):
        column.download_button(
            f"Chart ({fmt.upper()})",
            lambda fmt=fmt: figure_image(figure, fmt),
            f"{stem}.{fmt}",
            mime,
            disabled=not images,
            help=help_text,
            on_click="ignore",
        )
    columns[3].download_button(
        "Chart (HTML)",
        lambda: figure_html(figure, stem),
        f"{stem}.html",
        "text/html",
        on_click="ignore",
    )
