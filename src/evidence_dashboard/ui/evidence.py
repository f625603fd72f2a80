"""Draw the Evidence page's filters: presets, four filters, "More filters", search and sort.

The widgets' keys are ``ev_<column>`` (and ``ev_search``, ``ev_sort``, ``ev_asc``); the page
reads the spec from them. The filters behind "More filters" are drawn only while it is open;
the page keeps their values in the meantime.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.ui import params
from evidence_dashboard.views import explorer
from evidence_dashboard.views.explorer import FILTER_COLUMNS, OLDER_ADULTS

LABELS = {"drug_class": "Drug class", "outcome_category": "Outcome category"}
LABELS |= {"age_group": "Age group", "source": "Source (BibTeX key)"}
#: Filters always drawn; the others only while "More filters" is open.
SHOWN = ("drug", "outcome_category", "age_group", "design")
MORE = tuple(n for n in FILTER_COLUMNS if n not in SHOWN)


def _label(name: str) -> str:
    return LABELS.get(name, name.capitalize())


def show_filters(choices: Mapping[str, Sequence[str]], page: str) -> None:
    """The presets and the filter panel, offering ``choices`` (column to values)."""

    def preset(**values: list[str]) -> None:
        for name, chosen in values.items():
            st.session_state[f"ev_{name}"] = [v for v in chosen if v in choices[name]]

    with st.container(horizontal=True):
        older = {"age_group": OLDER_ADULTS}
        st.button("Older adults (60+, 65+, older adults)", on_click=preset, kwargs=older)
        older_falls = {"age_group": OLDER_ADULTS, "outcome_category": ["falls"]}
        st.button(
            "Older-adult falls", on_click=preset, kwargs=older_falls, icon=":material/elderly:"
        )
        st.button("Clear filters", on_click=preset, kwargs={n: [] for n in FILTER_COLUMNS})

    with st.container(border=True):
        for column, name in zip(st.columns(4), SHOWN, strict=True):
            column.multiselect(_label(name), choices[name], key=f"ev_{name}", placeholder="Any")
        # A fixed label: an expander whose label changes is a new one, and would fold at each
        # change.
        more = st.expander(
            "More filters: drug class, measure, source, origin", key="ev_more", on_change="rerun"
        )
        if more.open:  # drawn only while open: four more filters cost a fifth of the opening
            params.resend(f"ev_{name}" for name in MORE)  # see pages/3_Evidence.py
            for column, name in zip(more.columns(4), MORE, strict=True):
                column.multiselect(
                    _label(name),
                    choices[name],
                    key=f"ev_{name}",
                    placeholder="Any",
                    persist_state="page",  # kept while folded away
                )
        chosen = [
            f"{_label(n).lower()} {', '.join(st.session_state[f'ev_{n}'])}"
            for n in MORE
            if st.session_state[f"ev_{n}"]
        ]
        if chosen and not more.open:
            st.caption("Also filtered by " + escape_markdown("; ".join(chosen)) + ".")
        st.caption(params.shared_filters_caption(page))
        left, mid, right = st.columns([3, 2, 1])
        left.text_input(
            "Search",
            key="ev_search",
            max_chars=explorer.MAX_SEARCH_CHARS,
            placeholder="Words in any text column, e.g. hip fracture",
        )
        mid.selectbox("Sort by", choices["sort_by"], key="ev_sort")
        right.toggle("Ascending", key="ev_asc")
