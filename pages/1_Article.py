"""Article: one document per audience, each claim's evidence under it; slides; exports."""

import datetime as dt

import streamlit as st

from evidence_dashboard.bibliography import STYLES
from evidence_dashboard.ui.article import article_view, show_document, show_header
from evidence_dashboard.ui.findings import audit_hook
from evidence_dashboard.ui.layout import problem_panel, start_page
from evidence_dashboard.ui.params import choice_param
from evidence_dashboard.ui.presentation import show_presentation
from evidence_dashboard.ui.workspace import session_library
from evidence_dashboard.views.presentation import build_slides

STYLE_NAMES = {"ama": "AMA 11th edition", "vancouver": "Vancouver (NLM)"}
shipped, selection = start_page("Article")
library = session_library(shipped)  # shipped content plus this session's uploads
article = selection.article
if article is None:
    st.info("There is no article to show. Add one to the content folder's articles/ folder.")
    st.stop()

present = choice_param("present", ["0", "1"], "0") == "1"
style = choice_param("style", list(STYLES), "ama")
baseline = st.session_state.get("presenter_baseline")
view = article_view(library, article.slug, selection.audience, style, baseline)


def _set_present(on: bool) -> None:
    st.query_params["present"] = "1" if on else "0"
    st.session_state.pop("present_slide", None)


if present:
    st.button(
        "Exit presentation",
        key="exit-present",
        shortcut="Esc",
        on_click=_set_present,
        args=(False,),
    )
    show_presentation(view, build_slides(view))
    st.stop()

show_header(view, library)
problem_panel(view.problems, title="This article has problems")
tools = st.container(horizontal=True, vertical_alignment="bottom", key="article-tools")
with tools:
    st.button(
        "Present",
        key="start-present",
        icon=":material/slideshow:",
        on_click=_set_present,
        args=(True,),
        help="One claim per slide; arrow keys, Page Up/Down, Home and End move between slides.",
    )
    st.selectbox(
        "Reference style",
        list(STYLES),
        index=list(STYLES).index(style),
        key="style_select",
        format_func=STYLE_NAMES.get,
        on_change=lambda: st.query_params.update(style=st.session_state["style_select"]),
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
            key="presenter_baseline",
            width=240,
            help="Only for claims whose sources give no baseline risk. Your assumption, not a "
            "source: it is marked as yours on the page, on every slide and in every export.",
        )

with st.expander("Take this version away (HTML, PDF, PowerPoint)", icon=":material/download:"):
    from evidence_dashboard.export import article_html, article_pdf, article_pptx

    today = dt.date.today()
    stem = f"{article.slug}-{selection.audience}"
    st.caption(
        f"Each file carries version {view.header.version}, the review status, the audience, "
        f"the disclaimer and the export date ({today.isoformat()})."
    )
    with st.container(horizontal=True):
        st.download_button(
            "Standalone HTML",
            data=lambda: article_html.article_html(view, today),
            file_name=f"{stem}.html",
            mime="text/html",
            on_click="ignore",
            key="export-html",
        )
        for paper in ("A4", "Letter"):
            st.download_button(
                f"PDF ({paper})",
                data=lambda paper=paper: article_pdf.article_pdf(view, today, paper),
                file_name=f"{stem}-{paper.lower()}.pdf",
                mime="application/pdf",
                on_click="ignore",
                key=f"export-pdf-{paper}",
            )
        st.download_button(
            "PowerPoint deck",
            data=lambda: article_pptx.article_pptx(view, today),
            file_name=f"{stem}.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            on_click="ignore",
            key="export-pptx",
        )

claim = st.query_params.get("claim")
show_document(view, claim if isinstance(claim, str) else None, draw_findings)
