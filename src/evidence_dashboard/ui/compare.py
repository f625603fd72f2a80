"""Draw the Compare page's result tabs from one computed Comparison, each with its own controls.

Only the tab shown is drawn (``st.tabs(on_change="rerun")``): a link opens with one chart, and
the pooling and baseline settings sit on the tab whose result they set.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from evidence_dashboard.export import file_stem
from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.stats.inputs import plural
from evidence_dashboard.stats.report import absolute_summary, pooled_summary
from evidence_dashboard.ui.charts import show_chart
from evidence_dashboard.ui.downloads import chart_downloads, download_menu
from evidence_dashboard.ui.loaders import comparison_rows_table
from evidence_dashboard.ui.viewport import is_narrow
from evidence_dashboard.views import compare as view
from evidence_dashboard.views.baseline import number_text
from evidence_dashboard.views.compare import CompareSpec, Comparison, pooling_settings

#: The tabs' widget key; its value is the label of the tab shown (see ``view.PANELS``).
TABS_KEY = "cmp_panel"


def show_tabs(
    result: Comparison,
    spec: CompareSpec,
    ids: Sequence[str],
    baseline_note: str | None,
    rows_key: object,
) -> None:
    """The three result tabs; only the one chosen (``spec.panel``) is drawn.

    ``spec``: the page's view (the tab included); ``ids``: the rows the filters show;
    ``baseline_note``: what reading the typed baseline said, if anything; ``rows_key``: the
    rows' version (content and uploads), for the cached rows table.
    """
    narrow = is_narrow()  # every run: the reporter keeps its state only while drawn
    estimates, pooled, absolute = st.tabs(
        list(view.PANELS.values()), key=TABS_KEY, on_change="rerun"
    )
    if estimates.open:
        with estimates:
            _estimates(result, spec, rows_key)
    if pooled.open:
        with pooled:
            _pooling_controls(ids)
            _pooled(result, spec, narrow)
    if absolute.open:
        with absolute:
            _absolute_controls(ids, spec, baseline_note)
            _absolute(result)


def _notes(notes: Sequence[str]) -> None:
    for note in notes:
        st.info(escape_markdown(note))


def _stem(spec: CompareSpec, *more: str) -> str:
    return file_stem("compare", spec.outcome_category, *spec.age_groups, *more)


def _downloads(result: Comparison, spec: CompareSpec, panel: str, label: str) -> None:
    """A tab's download menu: its chart, the rows and (when there is one) the pooled result."""
    menu = download_menu(f"cmp-downloads-{panel}", label)
    if not menu.open:
        return
    chart = result.forest if panel == "pooled" and result.forest is not None else result.chart
    with menu:
        chart_downloads(
            chart.figure,
            result.rows,
            _stem(spec, *(["forest"] if panel == "pooled" else [])),
            result.pooled,
            pooling_settings(result),
        )


def _estimates(result: Comparison, spec: CompareSpec, rows_key: object) -> None:
    show_chart(result.chart, key="compare-chart", table=False)  # the rows table below has them
    _notes(result.notes)
    if result.pooled is not None:
        st.caption(
            escape_markdown(pooled_summary(result.pooled))
            + ". The forest plot, heterogeneity and settings are on the Pooled result tab."
        )
    elif spec.pool_ids:
        st.caption("Rows are chosen to pool, but nothing is pooled: see the Pooled result tab.")
    # Drawn only while open (the table is a tenth of the page's opening time); the chart's
    # hover and the download have the same rows.
    # A fixed label: an expander whose label changes is a new one, and would fold at each change.
    table = st.expander(
        "The rows behind the chart: sources, populations and figures as printed",
        key="cmp-rows",
        on_change="rerun",
        icon=":material/table:",
    )
    if table.open:
        with table:
            st.caption(
                f"{plural(len(result.rows), 'row', 'rows')}; the CSV download holds every column."
            )
            st.dataframe(comparison_rows_table(result, rows_key), hide_index=True, width="stretch")
    _downloads(result, spec, "estimates", "Download the chart and its rows")


def _method_label(method: str) -> str:
    return view.METHOD_LABELS.get(method, method)


def _pooling_controls(ids: Sequence[str]) -> None:
    p1, p2, p3 = st.columns([2, 1.3, 1])
    p1.multiselect("Rows to pool", ids, key="cmp_pool", placeholder="Choose two or more rows")
    p2.selectbox("Pooling method", view.POOL_METHODS, key="cmp_method", format_func=_method_label)
    p3.selectbox(
        "Subgroups",
        view.SUBGROUPS,
        key="cmp_subgroup",
        format_func=lambda s: s.replace("_", " ") or "(none)",
    )
    q1, q2 = st.columns([1, 2])
    q1.radio(
        "Confidence level", view.LEVELS, key="cmp_level", format_func="{}%".format, horizontal=True
    )
    q2.radio(
        "Double-zero studies",
        view.ZEROS,
        key="cmp_zeros",
        format_func=view.ZERO_LABELS.get,
        horizontal=True,
    )


def _pooled(result: Comparison, spec: CompareSpec, narrow: bool) -> None:
    _notes(result.pool_notes)
    if result.pooled is None or result.forest is None:
        if not spec.pool_ids:
            st.caption("Choose two or more rows of one measure to pool them.")
        return
    # One layout is sent: the stacked one in a window as narrow as a phone's (ui/viewport.py).
    if narrow and result.forest_stacked is not None:
        with st.container(key="forest-stacked"):
            show_chart(result.forest_stacked, key="forest-chart-stacked", table=False)
    else:
        with st.container(key="forest-wide"):
            show_chart(result.forest, key="forest-chart")
    if result.pooled.notes:
        st.caption("Pooling notes: " + escape_markdown("; ".join(result.pooled.notes)) + ".")
    _downloads(result, spec, "pooled", "Download the pooled result, forest plot and rows")


def _absolute_controls(ids: Sequence[str], spec: CompareSpec, baseline_note: str | None) -> None:
    b1, b2 = st.columns(2)
    b1.text_input(
        "Baseline risk (per 1,000, or 2%, or 0.02)",
        key="cmp_baseline",
        placeholder="Yours to state, e.g. 50, 5% or 0.05",
        help="The risk without the drug in the people you have in mind. The sources give "
        "ratios, not this: absolute numbers (per 1,000, icon array) appear once you state it.",
    )
    if baseline_note:
        b1.caption(escape_markdown(baseline_note[0].upper() + baseline_note[1:]))
    if spec.baseline_per_1000 is None:
        b1.caption("No baseline stated, so no absolute numbers.")
    else:
        b1.caption(
            f"Your baseline: {number_text(spec.baseline_per_1000)} per 1,000 "
            "(yours, not from a source)."
        )
    b2.selectbox(
        "Absolute view for",
        ["", *ids],
        key="cmp_absolute",
        format_func=lambda i: i or "(the pooled estimate, if any)",
    )


def _absolute(result: Comparison) -> None:
    _notes(result.absolute_notes)
    if result.absolute is None or result.icons is None:
        return
    text = (
        f"From {result.absolute_source}, at the baseline you stated (not from a source): "
        f"{absolute_summary(result.absolute)}"
    )
    st.write(escape_markdown(text))
    show_chart(result.icons, key="icon-chart")
