"""Evidence: every evidence row, shipped and uploaded, filtered, searched, sorted and downloaded."""

import streamlit as st

from evidence_dashboard.dictionary import data_dictionary_frames
from evidence_dashboard.ui import params, workspace
from evidence_dashboard.ui.downloads import evidence_downloads
from evidence_dashboard.ui.evidence import MORE, SHOWN, show_filters
from evidence_dashboard.ui.layout import start_page
from evidence_dashboard.ui.memory import collect_if_grown
from evidence_dashboard.views import explorer
from evidence_dashboard.views.explorer import FILTER_COLUMNS, PARAMS, FilterSpec
from evidence_dashboard.views.url import decode

LINK = st.column_config.LinkColumn(
    "Source link",
    display_text=r"https?://(?:doi\.org/|pubmed\.ncbi\.nlm\.nih\.gov/)?(.*?)/?$",
    help="The reference's DOI, PubMed record or web page (http/https only).",
)
CONFIG = {"link": LINK, "figure": st.column_config.TextColumn("Figure (as in the source)")}

library, _ = start_page("Evidence", defer_url=True, article_pickers=False)
choices = workspace.evidence_choices(library)
PAGE = "pages/3_Evidence.py"
KEYS = {**{f"ev_{n}": n for n in SHOWN}, "ev_search": "search"}
KEYS |= {"ev_sort": "sort_by", "ev_asc": "ascending"}
# The URL is read on a first visit, an arrival and Back/Forward; otherwise the widgets rule.
seeded, notices = params.restore(
    PAGE, explorer.QUERY_KEYS, lambda q: decode(q, PARAMS, FilterSpec(), choices)
)
last = seeded or params.saved_spec(PAGE) or FilterSpec()
news = seeded is not None or not all(k in st.session_state for k in KEYS)
# Every run writes each control's value, from the URL's view on news and else its own (a write
# makes Streamlit set it in the browser). A control the browser builds from a run that did not
# write it shows the widget's own default instead: the order switch (off by default, the view
# ascending by default) came up off while the page sorted ascending, and the next rerun then
# turned the page descending.
if news:
    params.seed({k: getattr(last, n) for k, n in KEYS.items()})
else:
    params.resend(KEYS)
# The filters behind "More filters" keep their values while it is folded (persist_state); one
# that is gone (as after a visit to another page) is set from the last view.
params.seed(
    {f"ev_{n}": getattr(last, n) for n in MORE if news or f"ev_{n}" not in st.session_state}
)
params.show_notices(notices)

st.title("Evidence explorer")
st.caption(
    "Every evidence row in the content and in this session's uploads. Figures are the source's "
    "own text, never re-rounded. Randomized and observational designs are labelled."
)
show_filters(choices, PAGE)

spec = FilterSpec(
    **{n: tuple(st.session_state[f"ev_{n}"]) for n in FILTER_COLUMNS},
    search=st.session_state["ev_search"].strip(),
    sort_by=st.session_state["ev_sort"],
    ascending=st.session_state["ev_asc"],
)
params.remember(PAGE, spec, explorer.spec_to_query(spec), explorer.QUERY_KEYS)

view = workspace.evidence_view(library, spec)
rows, estimates, facts = view.rows, view.estimates, view.facts
st.caption(
    f"{len(rows)} of {view.total} rows match: {len(estimates)} estimates and {len(facts)} "
    "label or guideline statements. Copy the page address to share this view."
)

st.subheader("Estimates", anchor=False)
if estimates.empty:
    st.info("No estimates match these filters. Remove a filter or clear the search.")
else:
    st.dataframe(estimates, hide_index=True, width="stretch", column_config=CONFIG, key="ev_table")

st.subheader("Label and guideline statements", anchor=False)
st.caption("Statements are facts from drug labels and guidelines; they are never plotted.")
if facts.empty:
    st.info("No statements match these filters.")
else:
    st.dataframe(facts, hide_index=True, width="stretch", column_config=CONFIG, key="ev_facts")

st.subheader("Download these rows", anchor=False)
st.caption(
    "Exactly the rows above (estimates and statements), with the source's number text and the "
    "schema's column names. The file name names the filters; the Excel file lists them on a "
    "'filters' sheet and the Parquet file in its metadata."
)
evidence_downloads(rows, spec)

# Drawn only while open: its tables, even folded away, cost a quarter of the page's opening time.
dictionary = st.expander(
    "Data dictionary: what each column and value means", key="ev_dictionary", on_change="rerun"
)
if dictionary.open:
    tabs = data_dictionary_frames()
    for tab, table in zip(dictionary.tabs(list(tabs)), tabs.values(), strict=True):
        tab.dataframe(table, hide_index=True, width="stretch")
collect_if_grown()  # drawing a big table leaves garbage in cycles; see ui/memory.py
