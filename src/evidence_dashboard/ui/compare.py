"""Draw the Compare page's result tabs from one computed Comparison, each with its own controls,
and read the view its widgets hold (``widget_view``, ``with_baseline``), for the page and for the
Pooled result tab's own rerun.

Only the tab shown is drawn (``st.tabs(on_change="rerun")``): a link opens with one chart, and
the pooling and baseline settings sit on the tab whose result they set. The Pooled result tab
is a fragment: a change of its settings reruns that tab alone (its controls, the forest plot,
its downloads), with the view refitted and written to the URL as a whole run would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

import streamlit as st

from evidence_dashboard.export import file_stem
from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.stats.inputs import plural
from evidence_dashboard.stats.report import absolute_summary, pooled_summary
from evidence_dashboard.ui import params
from evidence_dashboard.ui.charts import show_chart
from evidence_dashboard.ui.downloads import chart_downloads, download_menu
from evidence_dashboard.ui.loaders import comparison_rows_table
from evidence_dashboard.ui.viewport import is_narrow
from evidence_dashboard.views import compare as view
from evidence_dashboard.views.baseline import number_text, read_baseline
from evidence_dashboard.views.compare import CompareSpec, Comparison, pooling_settings

#: The tabs' widget key; its value is the label of the tab shown (see ``view.PANELS``).
TABS_KEY = "cmp_panel"
#: The typed baseline's widget key (on the Absolute effect tab).
BASELINE_KEY = "cmp_baseline"


def widget_view(page: str, widgets: Mapping[str, str]) -> CompareSpec:
    """The view the widgets hold (``widgets``: key to spec field); a tab not drawn keeps the
    last view's settings."""
    held = {key: st.session_state[key] for key in widgets if key in st.session_state}
    spec = view.spec_from_widgets(held, widgets, params.saved_spec(page))
    tab = view.PANEL_OF_LABEL.get(st.session_state.get(TABS_KEY, ""))
    return replace(spec, panel=tab or spec.panel)


def typed_baseline() -> str:
    """The baseline as typed (empty when none is)."""
    return str(st.session_state.get(BASELINE_KEY, ""))


def with_baseline(spec: CompareSpec) -> tuple[CompareSpec, str | None]:
    """The spec with the typed baseline, and what reading it said (a refusal keeps the last)."""
    typed = typed_baseline()
    if typed.strip():
        per_1000, note = read_baseline(typed)
        if per_1000 is None:  # refused: the last baseline read stays, and the caption says so
            return spec, f"Baseline {typed!r} not used: {note}"
        return replace(spec, baseline_per_1000=per_1000), note
    if BASELINE_KEY in st.session_state:
        return replace(spec, baseline_per_1000=None), None  # cleared: no absolute numbers
    return spec, None


class Fitted(NamedTuple):
    """The page's view fitted to the rows, the rows the filters show, its result, and what
    fitting it dropped (each a notice)."""

    spec: CompareSpec
    ids: Sequence[str]
    result: Comparison
    notices: Sequence[str] = ()


def show_tabs(
    fitted: Fitted, baseline_note: str | None, rows_key: object, refit: Callable[[], Fitted]
) -> None:
    """The three result tabs; only the one chosen (``fitted.spec.panel``) is drawn.

    ``baseline_note``: what reading the typed baseline said, if anything; ``rows_key``: the
    rows' version (content and uploads), for the cached rows table; ``refit``: the view the
    widgets hold now, fitted, kept and written to the URL (for the pooled tab's own rerun).
    """
    result, spec, ids = fitted.result, fitted.spec, fitted.ids
    narrow = is_narrow()  # every run: the reporter keeps its state only while drawn
    estimates, pooled, absolute = st.tabs(
        list(view.PANELS.values()), key=TABS_KEY, on_change="rerun"
    )
    if estimates.open:
        with estimates:
            _estimates(result, spec, rows_key)
    if pooled.open:
        with pooled:
            _pooled_tab(fitted, narrow, refit)
    if absolute.open:
        with absolute:
            _absolute_controls(ids, spec, baseline_note)
            _absolute(result)


@st.fragment
def _pooled_tab(fitted: Fitted, narrow: bool, refit: Callable[[], Fitted]) -> None:
    """The Pooled result tab. On its own rerun (one of its settings changed), the page's view is
    read from the widgets again; the filters, the other tabs and the sidebar stay as drawn."""
    if params.fragment_run():
        fitted = refit()
        params.show_notices(fitted.notices)  # the page's own notices are from its last run
    _pooling_controls(fitted.ids)
    _pooled(fitted.result, fitted.spec, narrow)


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
        key=BASELINE_KEY,
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
