"""Article: the recommendation text beside the evidence for the claim being read."""

import streamlit as st

from evidence_dashboard.bibliography import STYLES
from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.ui.charts import show_chart
from evidence_dashboard.ui.html import show_html
from evidence_dashboard.ui.layout import problem_panel, start_page
from evidence_dashboard.ui.loaders import rendered_article
from evidence_dashboard.ui.params import choice_param
from evidence_dashboard.ui.review_status import show_review_status
from evidence_dashboard.ui.workspace import session_library
from evidence_dashboard.views.claims import claim_evidence, needs_baseline

STYLE_NAMES = {"ama": "AMA 11th edition", "vancouver": "Vancouver (NLM)"}
shipped, selection = start_page("Article")
library = session_library(shipped)  # shipped content plus this session's uploads
article = selection.article
if article is None:
    st.info("There is no article to show. Add one to the content folder's articles/ folder.")
    st.stop()

st.markdown(f"#### {escape_markdown(article.question or article.title)}")
meta = st.columns([1, 3, 3], vertical_alignment="center")
with meta[0]:
    show_review_status(library, article)
meta[1].caption(
    f"{escape_markdown(article.title)} · last updated "
    f"{article.updated.isoformat() if article.updated else 'unknown'}"
)
meta[2].caption(f"Written for: {selection.audience}")
st.warning(escape_markdown(article.disclaimer) or "No disclaimer was given for this article.")
problem_panel(library.article_problems(article), title="This article has problems")

style = choice_param("style", list(STYLES), "ama")
blocks, _, references_html = rendered_article(library, article.slug, selection.audience, style)
claims = [b for b in article.claims if b.visible_to(selection.audience)]
text_col, evidence_col = st.columns([1, 1], gap="medium")
with text_col.container(height=500, border=False, key="article-text"):
    for rendered in blocks:
        if rendered.block.claim_id:
            st.caption(f"Claim · {escape_markdown(rendered.block.claim_title or '')}")
        show_html(rendered.html)

with evidence_col:
    if not claims:
        st.info("This article ties no claims to evidence rows.")
    else:
        ids = [c.claim_id for c in claims]
        titles = {c.claim_id: c.claim_title or c.claim_id for c in claims}
        chosen = choice_param("claim", ids, ids[0])
        claim_id = st.selectbox(
            "Evidence for the claim",
            ids,
            index=ids.index(chosen),
            format_func=titles.get,
            key="claim_select",
        )
        st.query_params["claim"] = claim_id
        block = next(c for c in claims if c.claim_id == claim_id)
        with st.container(height=290, key="claim-evidence"):
            rows = library.rows(block.evidence_ids)
            baseline = None
            if selection.audience in ("patient", "student") and needs_baseline(rows):
                baseline = (
                    st.slider(
                        "Assumed risk without the drug (per 100 people)",
                        1,
                        60,
                        10,
                        key="baseline",
                        help="Not from the sources: set it for the person in front of you. "
                        "Used only to turn risk and odds ratios into natural frequencies.",
                    )
                    / 100
                )
            panel = claim_evidence(block, rows, selection.audience, baseline)
            for sentence in panel.frequencies:
                st.markdown(f"- {escape_markdown(sentence.text)}")
            for index, chart in enumerate(panel.charts):
                show_chart(chart, key=f"claim-chart-{index}")
            for explanation in panel.explanations:
                st.caption(escape_markdown(explanation))
            for note in panel.notes:
                st.caption(escape_markdown(note))
            if not panel.statements.empty:
                st.markdown("**Label and guideline statements**")
                for fact in panel.statements.to_dict("records"):
                    st.markdown(
                        f"- **{escape_markdown(fact['id'])}** ({escape_markdown(fact['design'])},"
                        f" {escape_markdown(fact['source'])}): {escape_markdown(fact['statement'])}"
                    )
                    if fact["note"]:
                        st.caption(escape_markdown(fact["note"]))
    head, picker = st.columns([1, 1], vertical_alignment="bottom")
    head.markdown("**References**")
    picker.selectbox(
        "Reference style",
        list(STYLES),
        index=list(STYLES).index(style),
        key="style_select",
        format_func=STYLE_NAMES.get,
        label_visibility="collapsed",
        on_change=lambda: st.query_params.update(style=st.session_state["style_select"]),
    )
    with st.container(height=120, key="references"):
        show_html(references_html)
