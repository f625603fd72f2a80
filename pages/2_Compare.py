"""Compare: one outcome across drugs, by study design; pool chosen rows; absolute risks."""

from dataclasses import replace

import streamlit as st

from evidence_dashboard import schema
from evidence_dashboard.ui import params
from evidence_dashboard.ui.compare import TABS_KEY, show_tabs
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
seeded, notices = params.restore(PAGE, names(view.PARAMS), lambda q: view.spec_from_query(q, rows))
if seeded is None and all(key in st.session_state for key in FILTERS):
    # The widgets' state is the view between URL reads; a tab not drawn keeps the last view's.
    spec = view.spec_from_widgets(st.session_state, WIDGETS, params.saved_spec(PAGE))
    tab = view.PANEL_OF_LABEL.get(st.session_state.get(TABS_KEY, ""))
    spec = replace(spec, panel=tab or spec.panel)
else:  # a shared link, Back/Forward, or widgets forgotten on another page: seed them
    spec = seeded or params.saved_spec(PAGE)
    stated = spec.baseline_per_1000
    st.session_state["cmp_baseline"] = "" if stated is None else baseline_text(stated)
baseline_note = None
typed_baseline = st.session_state.get("cmp_baseline", "")
if typed_baseline.strip():
    typed, baseline_note = read_baseline(typed_baseline)
    if typed is None:  # refused: the last baseline read stays, and the caption says so
        baseline_note = f"Baseline {typed_baseline!r} not used: {baseline_note}"
    else:
        spec = replace(spec, baseline_per_1000=typed)
elif "cmp_baseline" in st.session_state:
    spec = replace(spec, baseline_per_1000=None)  # cleared: no absolute numbers
rows_key = (library.fingerprint, get_workspace().token)
fitted = compare_controls(rows, rows_key, spec)
spec, allowed, ids = fitted.spec, fitted.allowed, list(fitted.ids)
# Every run, so that settings on a tab not drawn are there as they were when it is next drawn.
params.seed({key: getattr(spec, field) for key, field in WIDGETS.items()})
params.seed({TABS_KEY: view.PANELS[spec.panel], "cmp_baseline": typed_baseline})
params.show_notices((*notices, *fitted.notices))

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
params.remember(PAGE, spec, spec.to_query(), names(view.PARAMS))

show_tabs(comparison(rows, rows_key, spec), spec, ids, baseline_note, rows_key)
