"""Page scaffolding shared by every page: config, the library, the sidebar, the problem panel."""

from __future__ import annotations

import streamlit as st

from evidence_dashboard.content.library import Library
from evidence_dashboard.ui.loaders import get_library
from evidence_dashboard.ui.memory import collect_if_grown
from evidence_dashboard.ui.params import note_page
from evidence_dashboard.ui.problems import problem_panel
from evidence_dashboard.ui.review_status import show_review_status
from evidence_dashboard.ui.sidebar import Selection, shared_sidebar
from evidence_dashboard.ui.workspace import session_library

__all__ = ["problem_panel", "start_page"]

# Constant page CSS (no content in it): less empty space above the first line, and readable
# citation superscripts and reference lists.
PAGE_STYLE = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.6rem; }
sup.citation a { text-decoration: none; font-weight: 600; padding: 0 1px; }
ol.references li { margin-bottom: 0.35rem; font-size: 0.92rem; }
p.reference-group { margin: 0.6rem 0 0.2rem 0; }
.st-key-page-viewport { display: none; }  /* the width reporter draws nothing (ui/viewport.py) */
/* The theme's faded grey for captions and shortcut hints is under WCAG AA's 4.5:1 (axe). */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, kbd { color: #555555 !important;
  opacity: 1 !important; }
</style>"""


def start_page(
    title: str, defer_url: bool = False, article_pickers: bool = True
) -> tuple[Library, Selection]:
    """Configure the page, load the shipped library and draw the shared sidebar.

    The selection's article may be an uploaded one; use ``workspace.session_library`` to read it.
    ``defer_url``: the page writes its own view to the URL (``ui.params.remember``) and the
    sidebar's article and audience go in that one write. ``article_pickers=False``: a page that
    shows no article has no article or audience picker and no review status in its sidebar.
    """
    st.set_page_config(page_title=f"{title} · Evidence dashboard", layout="wide")
    collect_if_grown()  # the garbage of earlier runs, when there is much of it (ui/memory.py)
    note_page(title)
    st.html(PAGE_STYLE)
    library = get_library()
    # The sidebar offers uploaded articles too; pages that read articles ask for the session
    # library themselves, the others work on the shipped library plus uploaded rows.
    sidebar_library = session_library(library)
    selection = shared_sidebar(sidebar_library, defer_url, pickers=article_pickers)
    with st.sidebar:
        if article_pickers and selection.article is not None:
            st.divider()
            st.caption("Review status (computed from the board's sign-off)")
            show_review_status(sidebar_library, selection.article)
        st.divider()
        errors = len(library.errors)
        if errors:
            st.caption(f"Content check: {errors} problem(s) found; see the Home page.")
        else:
            st.caption(f"Content check: {len(library.evidence)} evidence rows, no errors.")
    return library, selection
