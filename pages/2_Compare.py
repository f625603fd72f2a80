"""Compare: one outcome across drugs, by study design; pool chosen rows; absolute risks."""

from dataclasses import replace

import streamlit as st

from evidence_dashboard import schema
from evidence_dashboard.ui import params
from evidence_dashboard.ui.compare import TABS_KEY, Fitted, show_tabs
from evidence_dashboard.ui.layout import start_page
from evidence_dashboard.ui.loaders import compare_controls, comparison
from evidence_dashboard.ui.workspace import all_evidence, get_workspace
from evidence_dashboard.views import compare as view
from evidence_dashboard.views.baseline import baseline_text, read_baseline
from evidence_dashboard.views.url import names

PAGE = "pages/2_Compare.py"
FILTERS = {  # widget key -> spec field, for the filters above the tabs (always drawn)
    "cmp_outcome": "outcome_category",
    "cmp_age": "age_groups",
    "cmp_family": "families",
    "cmp_drug": "drugs",
    "cmp_measure": "measures",
}
WIDGETS = {  # and the settings on the tabs, drawn only while their tab is shown
    **FILTERS,
    "cmp_pool": "pool_ids",
    "cmp_method": "method",
    "cmp_subgroup": "subgroup",
    "cmp_absolute": "absolute_id",
    "cmp_level": "level",
    "cmp_zeros": "zeros",
}

library, _ = start_page("Compare", defer_url=True, article_pickers=False)
rows = all_evidence(library)
st.title("Compare adverse events across drugs", anchor=False)
st.caption(
    "Ratio estimates for one outcome on a log axis, randomized and observational evidence in "
    "separate panels. Label and guideline statements are never plotted; see the Evidence page."
)
rows_key = (library.fingerprint, get_workspace().token)


def widget_view() -> view.CompareSpec:
    """The view the widgets hold (a tab not drawn keeps the last view's settings)."""
    spec = view.spec_from_widgets(st.session_state, WIDGETS, params.saved_spec(PAGE))
    tab = view.PANEL_OF_LABEL.get(st.session_state.get(TABS_KEY, ""))
    return replace(spec, panel=tab or spec.panel)


def typed_baseline() -> str:
    return str(st.session_state.get("cmp_baseline", ""))


def with_baseline(spec: view.CompareSpec) -> tuple[view.CompareSpec, str | None]:
    """The spec with the typed baseline, and what reading it said (a refusal keeps the last)."""
    typed = typed_baseline()
    if typed.strip():
        per_1000, note = read_baseline(typed)
        if per_1000 is None:  # refused: the last baseline read stays, and the caption says so
            return spec, f"Baseline {typed!r} not used: {note}"
        return replace(spec, baseline_per_1000=per_1000), note
    if "cmp_baseline" in st.session_state:
        return replace(spec, baseline_per_1000=None), None  # cleared: no absolute numbers
    return spec, None


def fit(spec: view.CompareSpec) -> tuple[view.Controls, Fitted]:
    """The view fitted to the rows, kept and in the URL; its widgets written before they are
    drawn, every run, so a tab not drawn keeps its settings (see ``params.resend``)."""
    controls = compare_controls(rows, rows_key, spec)
    params.seed({key: getattr(controls.spec, field) for key, field in WIDGETS.items()})
    params.remember(PAGE, controls.spec, controls.spec.to_query(), names(view.PARAMS))
    result = comparison(rows, rows_key, controls.spec)
    return controls, Fitted(controls.spec, controls.ids, result, controls.notices)


def refit() -> Fitted:
    """For the pooled tab's own rerun (a fragment): the view its widgets hold now."""
    return fit(with_baseline(widget_view())[0])[1]


seeded, notices = params.restore(PAGE, names(view.PARAMS), lambda q: view.spec_from_query(q, rows))
if seeded is None and all(key in st.session_state for key in FILTERS):
    spec = widget_view()  # the widgets' state is the view between URL reads
else:  # a shared link, Back/Forward, or widgets forgotten on another page: seed them
    spec = seeded or params.saved_spec(PAGE)
    stated = spec.baseline_per_1000
    st.session_state["cmp_baseline"] = "" if stated is None else baseline_text(stated)
spec, baseline_note = with_baseline(spec)
controls, fitted = fit(spec)
allowed = controls.allowed
params.seed({TABS_KEY: view.PANELS[fitted.spec.panel], "cmp_baseline": typed_baseline()})
params.show_notices((*notices, *controls.notices))

f1, f2, f3 = st.columns(3)
f1.selectbox("Outcome category", allowed["outcome_category"], key="cmp_outcome")
f2.multiselect(
    "Age group", schema.values(schema.AGE_GROUPS), key="cmp_age", placeholder="All age groups"
)
f3.multiselect("Design", view.FAMILIES, key="cmp_family", placeholder="No design chosen")
f4, f5, f6 = st.columns(3)
f4.multiselect("Drugs", allowed["drugs"], key="cmp_drug", placeholder="All drugs")
f5.multiselect(
    "Measure", view.POOLABLE_MEASURES, key="cmp_measure", placeholder="All ratio measures"
)
f6.caption(params.shared_filters_caption(PAGE))
show_tabs(fitted, baseline_note, rows_key, refit)
