"""Compare: one outcome across drugs, by study design; pool chosen rows; absolute risks."""

from dataclasses import replace

import streamlit as st

from evidence_dashboard import schema
from evidence_dashboard.export import file_stem, rows_table
from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.stats.report import absolute_summary
from evidence_dashboard.ui.charts import show_chart
from evidence_dashboard.ui.downloads import chart_downloads
from evidence_dashboard.ui.layout import start_page
from evidence_dashboard.ui.loaders import comparison
from evidence_dashboard.ui.workspace import all_evidence, get_workspace
from evidence_dashboard.views.compare import (
    FAMILIES,
    POOL_METHODS,
    POOLABLE_MEASURES,
    SUBGROUPS,
    filter_rows,
    plottable_categories,
    spec_from_query,
)

library, selection = start_page("Compare")
rows = all_evidence(library)
st.title("Compare adverse events across drugs", anchor=False)
st.caption(
    "Ratio estimates for one outcome on a log axis, randomized and observational evidence in "
    "separate panels. Label and guideline statements are never plotted; see the Evidence page."
)
spec = spec_from_query(st.query_params.to_dict(), rows)
categories = plottable_categories(rows) or [spec.outcome_category]
f1, f2, f3 = st.columns(3)
outcome = f1.selectbox(
    "Outcome category", categories, index=categories.index(spec.outcome_category)
)
ages = f2.multiselect(
    "Age group",
    schema.values(schema.AGE_GROUPS),
    list(spec.age_groups),
    placeholder="All age groups",
)
families = f3.multiselect("Design", FAMILIES, list(spec.families))
in_outcome = rows.loc[rows["outcome_category"] == outcome]
f4, f5, f6 = st.columns(3)
drugs = f4.multiselect(
    "Drugs",
    sorted(set(in_outcome["drug"])),
    [d for d in spec.drugs if d in set(in_outcome["drug"])],
    placeholder="All drugs",
)
measures = f5.multiselect(
    "Measure", POOLABLE_MEASURES, list(spec.measures), placeholder="All ratio measures"
)
baseline = f6.number_input(
    "Baseline risk per 1,000 (for absolute effects)",
    1,
    999,
    spec.baseline_per_1000,
    help="Assumed risk without the drug. It is not from the sources: set it for your population.",
)
spec = replace(
    spec,
    outcome_category=outcome,
    age_groups=tuple(ages),
    drugs=tuple(drugs),
    families=tuple(families),
    measures=tuple(measures),
    baseline_per_1000=int(baseline),
)
ids = list(filter_rows(rows, spec)["id"])
p1, p2, p4, p3 = st.columns([2, 1, 1, 2])
pool_ids = p1.multiselect("Rows to pool", ids, [i for i in spec.pool_ids if i in ids])
method = p2.selectbox("Pooling method", POOL_METHODS, index=POOL_METHODS.index(spec.method))
subgroup = p4.selectbox(
    "Subgroups",
    SUBGROUPS,
    index=SUBGROUPS.index(spec.subgroup),
    format_func=lambda s: s.replace("_", " ") or "(none)",
)
absolute_choices = ["", *ids]
absolute_id = p3.selectbox(
    "Absolute view for",
    absolute_choices,
    index=absolute_choices.index(spec.absolute_id) if spec.absolute_id in ids else 0,
    format_func=lambda i: i or "(the pooled estimate, if any)",
)
spec = replace(
    spec, pool_ids=tuple(pool_ids), method=method, absolute_id=absolute_id, subgroup=subgroup
)
st.query_params.from_dict(spec.to_query())
result = comparison(rows, (library.fingerprint, get_workspace().token), spec)

show_chart(result.chart, key="compare-chart", table=False)  # the rows table below has them
for message in result.messages:
    st.info(escape_markdown(message))
if result.forest is not None:
    show_chart(result.forest, key="forest-chart")
if result.absolute is not None and result.icons is not None:
    st.subheader("Absolute effect", anchor=False)
    st.write(escape_markdown(f"From {result.absolute_source}: {absolute_summary(result.absolute)}"))
    show_chart(result.icons, key="icon-chart")

st.subheader(f"The {len(result.rows)} rows behind the chart", anchor=False)
st.dataframe(rows_table(result.rows), hide_index=True, width="stretch")
st.caption("The CSV download holds every column of these rows.")
stem = file_stem("compare", spec.outcome_category, *spec.age_groups)
chart_downloads((result.forest or result.chart).figure, result.rows, stem)
