"""Show a core Chart: the figure, its text alternative and the numbers behind it."""

from __future__ import annotations

import streamlit as st

from evidence_dashboard.charts import Chart
from evidence_dashboard.safe_html import escape_markdown


def show_chart(chart: Chart, key: str, table: bool = True) -> None:
    """Draw the figure with its text alternative as caption (and alt text), then its table."""
    # A figure with a fixed width (an icon array's grid) keeps it: stretched, its icons drift
    # apart on a wide screen and its legend is cut off.
    st.plotly_chart(
        chart.figure,
        width="stretch" if chart.figure.layout.width is None else "content",
        key=key,
        theme=None,  # the figure carries its own template (charts/style.py): as in its exports
        alt=chart.alt_text,
        config={"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}},
    )
    st.caption(escape_markdown(chart.alt_text))
    if table and not chart.table.empty:
        # Drawn only while open: a table, even folded, costs a page about a tenth of its opening
        # time (the table's scripts and grid); the caption above has the same numbers.
        numbers = st.expander("Numbers behind this chart", key=f"{key}-numbers", on_change="rerun")
        if numbers.open:
            with numbers:
                st.dataframe(chart.table, hide_index=True, width="stretch")
