"""Compare: one outcome across drugs, by study design; pool chosen rows; absolute risks."""

import streamlit as st

from evidence_dashboard import schema
from evidence_dashboard.ui import params
from evidence_dashboard.ui.compare import (
    BASELINE_KEY,
    TABS_KEY,
    Fitted,
    show_tabs,
    typed_baseline,
    widget_view,
    with_baseline,
)
from evidence_dashboard.ui.layout import start_page
from evidence_dashboard.ui.loaders import compare_controls, comparison
from evidence_dashboard.ui.workspace import all_evidence, get_workspace
from evidence_dashboard.views import compare as view
from evidence_dashboard.views.baseline import baseline_text
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


def fit(spec: view.CompareSpec) -> view.Controls:
    """The view fitted to the rows; its widgets are written before they are drawn, every run, so
    that a tab not drawn keeps its settings for when it is drawn again."""
    controls = compare_controls(rows, rows_key, spec)
    params.seed({key: getattr(controls.spec, field) for key, field in WIDGETS.items()})
    return controls


def kept(controls: view.Controls) -> Fitted:
    """The fitted view kept for the session and put in the URL, with its result."""
    spec = controls.spec
    params.remember(PAGE, spec, spec.to_query(), names(view.PARAMS))
    return Fitted(spec, controls.ids, comparison(rows, rows_key, spec), controls.notices)


def refit() -> Fitted:
    """For the pooled tab's own rerun (a fragment): the view the widgets hold now."""
    return kept(fit(with_baseline(widget_view(PAGE, WIDGETS))[0]))


seeded, notices = params.restore(PAGE, names(view.PARAMS), lambda q: view.spec_from_query(q, rows))
if seeded is None and all(key in st.session_state for key in FILTERS):
    spec = widget_view(PAGE, WIDGETS)  # the widgets' state is the view between URL reads
else:  # a shared link, Back/Forward, or widgets forgotten on another page: seed them
    spec = seeded or params.saved_spec(PAGE)
    stated = spec.baseline_per_1000
    st.session_state[BASELINE_KEY] = "" if stated is None else baseline_text(stated)
spec, baseline_note = with_baseline(spec)
controls = fit(spec)
allowed = controls.allowed
params.seed({TABS_KEY: view.PANELS[controls.spec.panel], BASELINE_KEY: typed_baseline()})
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
# The URL is written only once the filters are sent: written before them, it told the browser
# (and the 20-changes test) that the run was done while the filters were still to be replaced,
# and a multiselect typed into then redrew its list under the click ("Select all" was hit).
show_tabs(kept(controls), baseline_note, rows_key, refit)
