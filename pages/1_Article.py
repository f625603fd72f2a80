"""Article: the recommendation text beside the evidence for the claim being read."""

import streamlit as st

from evidence_dashboard.bibliography import STYLES
from evidence_dashboard.claims import claim_evidence
from evidence_dashboard.rendering import reference_list_html, render_article
from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.ui.charts import show_chart
from evidence_dashboard.ui.html import show_html
from evidence_dashboard.ui.layout import problem_panel, start_page, status_badge
from evidence_dashboard.ui.params import choice_param

library, selection = start_page("Article")
article = selection.article
if article is None:
    st.info("There is no article to show. Add one to the content folder's articles/ folder.")
    st.stop()

st.caption(escape_markdown(article.title))
st.header(escape_markdown(article.question or article.title), anchor=False)
meta = st.columns([1, 2, 2])
with meta[0]:
    status_badge(article.status)
meta[1].caption(f"Last updated {article.updated.isoformat() if article.updated else 'unknown'}")
meta[2].caption(f"Written for: {selection.audience}")
st.warning(escape_markdown(article.disclaimer) or "No disclaimer was given for this article.")
problem_panel(library.article_problems(article), title="This article has problems")

style = choice_param("style", list(STYLES), "ama")
blocks, numbering = render_article(
    article, selection.audience, library.references, library.evidence, style
)
claims = [b for b in article.claims if b.visible_to(selection.audience)]
text_col, evidence_col = st.columns([1, 1], gap="large")
with text_col:
    for rendered in blocks:
        if rendered.block.claim_id:
            st.caption(f"Claim · {escape_markdown(rendered.block.claim_title or '')}")
        show_html(rendered.html)

with evidence_col:
    st.subheader("Evidence for the claim", anchor=False)
    if not claims:
        st.info("This article ties no claims to evidence rows.")
    else:
        ids = [c.claim_id for c in claims]
        titles = {c.claim_id: c.claim_title or c.claim_id for c in claims}
        chosen = choice_param("claim", ids, ids[0])
        claim_id = st.selectbox(
            "Claim", ids, index=ids.index(chosen), format_func=titles.get, key="claim_select"
        )
        st.query_params["claim"] = claim_id
        block = next(c for c in claims if c.claim_id == claim_id)
        baseline = None
        if selection.audience in ("patient", "student"):
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
        panel = claim_evidence(
            block, library.rows(block.evidence_ids), selection.audience, baseline
        )
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
            st.dataframe(
                panel.statements[["id", "drug", "statement", "source", "note"]],
                hide_index=True,
                width="stretch",
            )

st.divider()
head, picker = st.columns([3, 1])
head.header("References", anchor=False)
picker.selectbox(
    "Reference style",
    list(STYLES),
    index=list(STYLES).index(style),
    key="style_select",
    format_func={"ama": "AMA 11th edition", "vancouver": "Vancouver (NLM)"}.get,
    on_change=lambda: st.query_params.update(style=st.session_state["style_select"]),
)
show_html(reference_list_html(library.references, numbering, style))
