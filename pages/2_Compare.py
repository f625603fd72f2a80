"""Compare: one outcome across drugs, by study design; pool chosen rows; absolute risks."""

from dataclasses import replace

import streamlit as st

from evidence_dashboard import schema
from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.ui import params
from evidence_dashboard.ui.compare import show_comparison
from evidence_dashboard.ui.layout import start_page
from evidence_dashboard.ui.loaders import compare_controls, comparison
from evidence_dashboard.ui.workspace import all_evidence, get_workspace
from evidence_dashboard.views import compare as view
from evidence_dashboard.views.baseline import baseline_text, number_text, read_baseline
from evidence_dashboard.views.url import names

PAGE = "pages/2_Compare.py"
WIDGETS = {  # widget key -> spec field; the widgets' state is the view between URL reads
    "cmp_outcome": "outcome_category",
    "cmp_age": "age_groups",
    "cmp_family": "families",
    "cmp_drug": "drugs",
    "cmp_measure": "measures",
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
if seeded is None and all(key in st.session_state for key in WIDGETS):
    spec = view.spec_from_widgets(st.session_state, WIDGETS, params.saved_spec(PAGE))
else:  # a shared link, Back/Forward, or widgets forgotten on another page: seed them
    spec = seeded or params.saved_spec(PAGE)
    stated = spec.baseline_per_1000
    st.session_state["cmp_baseline"] = "" if stated is None else baseline_text(stated)
baseline_note = None
if st.session_state.get("cmp_baseline", "").strip():
    typed, baseline_note = read_baseline(st.session_state["cmp_baseline"])
    if typed is None:  # refused: the last baseline read stays, and the caption says so
        baseline_note = f"Baseline {st.session_state['cmp_baseline']!r} not used: {baseline_note}"
    else:
        spec = replace(spec, baseline_per_1000=typed)
elif "cmp_baseline" in st.session_state:
    spec = replace(spec, baseline_per_1000=None)  # cleared: no absolute numbers
rows_key = (library.fingerprint, get_workspace().token)
fitted = compare_controls(rows, rows_key, spec)
spec, allowed, ids = fitted.spec, fitted.allowed, list(fitted.ids)
params.seed({key: getattr(spec, field) for key, field in WIDGETS.items()})
params.show_notices((*notices, *fitted.notices))

f1, f2, f3 = st.columns(3)
f1.selectbox("Outcome category", allowed["outcome_category"], key="cmp_outcome")
f2.multiselect(
    "Age group", schema.values(schema.AGE_GROUPS), key="cmp_age", placeholder="All age groups"
)
f3.multiselect("Design", view.FAMILIES, key="cmp_family", placeholder="No design chosen")
st.caption(params.shared_filters_caption(PAGE))
f4, f5, f6 = st.columns(3)
f4.multiselect("Drugs", allowed["drugs"], key="cmp_drug", placeholder="All drugs")
f5.multiselect(
    "Measure", view.POOLABLE_MEASURES, key="cmp_measure", placeholder="All ratio measures"
)
f6.text_input(
    "Baseline risk (per 1,000, or 2%, or 0.02)",
    key="cmp_baseline",
    placeholder="Yours to state, e.g. 50, 5% or 0.05",
    help="The risk without the drug in the people you have in mind. The sources give ratios, "
    "not this: absolute numbers (per 1,000, icon array) appear once you state it.",
)
if baseline_note:
    f6.caption(escape_markdown(baseline_note[0].upper() + baseline_note[1:]))
if spec.baseline_per_1000 is None:
    f6.caption("No baseline stated, so no absolute numbers.")
else:
    f6.caption(
        f"Your baseline: {number_text(spec.baseline_per_1000)} per 1,000 (yours, not from a source)."
    )
p1, p2, p4, p3 = st.columns([2, 1.3, 1, 2])
p1.multiselect("Rows to pool", ids, key="cmp_pool", placeholder="Choose two or more rows")
p2.selectbox(
    "Pooling method", view.POOL_METHODS, key="cmp_method", format_func=view.METHOD_LABELS.get
)
p4.selectbox(
    "Subgroups",
    view.SUBGROUPS,
    key="cmp_subgroup",
    format_func=lambda s: s.replace("_", " ") or "(none)",
)
p3.selectbox(
    "Absolute view for",
    ["", *ids],
    key="cmp_absolute",
    format_func=lambda i: i or "(the pooled estimate, if any)",
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
params.remember(PAGE, spec, spec.to_query(), names(view.PARAMS))

show_comparison(comparison(rows, rows_key, spec), rows_key)
