"""Draw a computed Comparison: the chart, pooled result and its notes, absolute view, rows."""

from __future__ import annotations

import streamlit as st

from evidence_dashboard.export import file_stem
from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.stats.inputs import plural
from evidence_dashboard.stats.report import absolute_summary
from evidence_dashboard.ui.charts import show_chart
from evidence_dashboard.ui.downloads import chart_downloads
from evidence_dashboard.ui.loaders import comparison_rows_table
from evidence_dashboard.views.compare import Comparison, pooling_settings


def show_comparison(result: Comparison, rows_key: object) -> None:
    """Everything below the Compare page's controls, from one computed :class:`Comparison`.

    ``rows_key`` names the rows' version (content and uploads), for the cached rows table.
    """
    spec = result.spec
    show_chart(result.chart, key="compare-chart", table=False)  # the rows table below has them
    for message in result.messages:
        st.info(escape_markdown(message))
    if result.pooled is not None and result.forest is not None:
        # Both layouts are sent; the page style shows the stacked one below 600 px only.
        with st.container(key="forest-wide"):
            show_chart(result.forest, key="forest-chart")
        if result.forest_stacked is not None:
            with st.container(key="forest-stacked"):
                show_chart(result.forest_stacked, key="forest-chart-stacked", table=False)
        if result.pooled.notes:
            st.caption("Pooling notes: " + escape_markdown("; ".join(result.pooled.notes)) + ".")
    if result.absolute is not None and result.icons is not None:
        st.subheader("Absolute effect", anchor=False)
        text = (
            f"From {result.absolute_source}, at the baseline you stated (not from a source): "
            f"{absolute_summary(result.absolute)}"
        )
        st.write(escape_markdown(text))
        show_chart(result.icons, key="icon-chart")
    st.subheader(f"The {plural(len(result.rows), 'row', 'rows')} behind the chart", anchor=False)
    st.dataframe(comparison_rows_table(result, rows_key), hide_index=True, width="stretch")
    st.caption("The CSV download holds every column of these rows.")
    stem = file_stem("compare", spec.outcome_category, *spec.age_groups)
    figure = (result.forest or result.chart).figure
    chart_downloads(figure, result.rows, stem, result.pooled, pooling_settings(result))
