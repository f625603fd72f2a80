"""Article: one document per audience, each claim's evidence under it; slides; exports."""

import streamlit as st

from evidence_dashboard.bibliography import STYLES
from evidence_dashboard.ui import params
from evidence_dashboard.ui.article import article_view, show_document, show_header
from evidence_dashboard.ui.article_state import (
    BASELINE,
    kept_baseline,
    page_spec,
    set_present,
)
from evidence_dashboard.ui.downloads import article_downloads
from evidence_dashboard.ui.findings import audit_hook
from evidence_dashboard.ui.layout import problem_panel, start_page
from evidence_dashboard.ui.presentation import deck, show_presentation
from evidence_dashboard.ui.workspace import session_library

PAGE = "pages/1_Article.py"
STYLE_NAMES = {"ama": "AMA 11th edition", "vancouver": "Vancouver (NLM)"}
shipped, selection = start_page("Article", defer_url=True)
library = session_library(shipped)  # shipped content plus this session's uploads
article = selection.article
if article is None:
    params.write({}, ())  # the sidebar's article and audience, staged for this page's write
    st.info("There is no article to show. Add one to the content folder's articles/ folder.")
    st.stop()

# Style, presentation mode, slide and open card: through the one URL codec, one write per action.
spec = page_spec(PAGE, article)
baseline = kept_baseline()
view = article_view(library, article.slug, selection.audience, spec.style, baseline)

if spec.present:
    st.button(
        "Exit presentation",
        key="exit-present",
        shortcut="Esc",
        on_click=set_present,
        args=(False,),
    )
    show_presentation(view, deck(view, library), spec.slide)
    st.stop()

show_header(view, library)
problem_panel(view.problems, title="This article has problems")
tools = st.container(horizontal=True, vertical_alignment="bottom", key="article-tools")
with tools:
    st.button(
        "Present",
        key="start-present",
        icon=":material/slideshow:",
        on_click=set_present,
        args=(True,),
        help="One claim per slide; arrow keys, Page Up/Down, Home and End move between slides.",
    )
    st.selectbox(
        "Reference style",
        list(STYLES),
        key="style_select",
        format_func=STYLE_NAMES.get,
        width=220,
    )
    draw_findings = audit_hook(library, article, selection.audience)
    if selection.audience != "clinician":
        st.number_input(
            "Presenter's baseline (people in 100)",
            min_value=0.1,
            max_value=99.9,
            value=None,
            step=1.0,
            key=BASELINE,
            width=240,
            help="Only for claims whose sources give no baseline risk. Your assumption, not a "
            "source: it is marked as yours on the page, on every slide and in every export.",
        )

with st.expander("Take this version away (HTML, PDF, PowerPoint)", icon=":material/download:"):
    article_downloads(view, selection.audience)

show_document(view, draw_findings)
