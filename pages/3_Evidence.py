"""Evidence: every evidence row, shipped and uploaded, filtered, searched, sorted and downloaded."""

import streamlit as st

from evidence_dashboard.dictionary import data_dictionary_frames
from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.ui import params, workspace
from evidence_dashboard.ui.downloads import evidence_downloads
from evidence_dashboard.ui.layout import start_page
from evidence_dashboard.ui.memory import collect_if_grown
from evidence_dashboard.views import explorer
from evidence_dashboard.views.explorer import (
    FILTER_COLUMNS,
    OLDER_ADULTS,
    PARAMS,
    FilterSpec,
)
from evidence_dashboard.views.url import decode

LABELS = {"drug_class": "Drug class", "outcome_category": "Outcome category"}
LABELS |= {"age_group": "Age group", "source": "Source (BibTeX key)"}
LINK = st.column_config.LinkColumn(
    "Source link",
    display_text=r"https?://(?:doi\.org/|pubmed\.ncbi\.nlm\.nih\.gov/)?(.*?)/?$",
    help="The reference's DOI, PubMed record or web page (http/https only).",
)
CONFIG = {"link": LINK, "figure": st.column_config.TextColumn("Figure (as in the source)")}

library, _ = start_page("Evidence", defer_url=True, article_pickers=False)
choices = workspace.evidence_choices(library)


def _label(name: str) -> str:
    return LABELS.get(name, name.capitalize())


def _set(**values: list[str]) -> None:
    for name, chosen in values.items():
        st.session_state[f"ev_{name}"] = [v for v in chosen if v in choices[name]]


PAGE = "pages/3_Evidence.py"
#: Filters always drawn; the others are drawn only while "More filters" is open.
SHOWN = ("drug", "outcome_category", "age_group", "design")
MORE = tuple(n for n in FILTER_COLUMNS if n not in SHOWN)
KEYS = {**{f"ev_{n}": n for n in SHOWN}, "ev_search": "search"}
KEYS |= {"ev_sort": "sort_by", "ev_asc": "ascending"}
# The URL is read on a first visit, an arrival and Back/Forward; otherwise the widgets rule.
seeded, notices = params.restore(
    PAGE, explorer.QUERY_KEYS, lambda q: decode(q, PARAMS, FilterSpec(), choices)
)
last = seeded or params.saved_spec(PAGE) or FilterSpec()
if seeded is not None or not all(k in st.session_state for k in KEYS):
    params.seed({k: getattr(last, n) for k, n in KEYS.items()})
    params.seed({f"ev_{n}": getattr(last, n) for n in MORE})
# Every run, so that the filters behind "More filters" hold while it is folded.
params.seed({f"ev_{n}": st.session_state.get(f"ev_{n}", getattr(last, n)) for n in MORE})
params.show_notices(notices)

st.title("Evidence explorer")
st.caption(
    "Every evidence row in the content and in this session's uploads. Figures are the source's "
    "own text, never re-rounded. Randomized and observational designs are labelled."
)
with st.container(horizontal=True):
    older = {"age_group": OLDER_ADULTS}
    st.button("Older adults (60+, 65+, older adults)", on_click=_set, kwargs=older)
    older_falls = {"age_group": OLDER_ADULTS, "outcome_category": ["falls"]}
    st.button("Older-adult falls", on_click=_set, kwargs=older_falls, icon=":material/elderly:")
    st.button("Clear filters", on_click=_set, kwargs={n: [] for n in FILTER_COLUMNS})

with st.container(border=True):
    for column, name in zip(st.columns(4), SHOWN, strict=True):
        column.multiselect(_label(name), choices[name], key=f"ev_{name}", placeholder="Any")
    # A fixed label: an expander whose label changes is a new one, and would fold at each change.
    more = st.expander(
        "More filters: drug class, measure, source, origin", key="ev_more", on_change="rerun"
    )
    if more.open:  # drawn only while open: four more filters cost a fifth of the opening time
        for column, name in zip(more.columns(4), MORE, strict=True):
            column.multiselect(_label(name), choices[name], key=f"ev_{name}", placeholder="Any")
    chosen = [
        f"{_label(n).lower()} {', '.join(st.session_state[f'ev_{n}'])}"
        for n in MORE
        if st.session_state[f"ev_{n}"]
    ]
    if chosen and not more.open:
        st.caption("Also filtered by " + escape_markdown("; ".join(chosen)) + ".")
    st.caption(params.shared_filters_caption(PAGE))
    left, mid, right = st.columns([3, 2, 1])
    left.text_input(
        "Search",
        key="ev_search",
        max_chars=explorer.MAX_SEARCH_CHARS,
        placeholder="Words in any text column, e.g. hip fracture",
    )
    mid.selectbox("Sort by", choices["sort_by"], key="ev_sort")
    right.toggle("Ascending", key="ev_asc")

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
