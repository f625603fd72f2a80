"""Draw an :class:`ArticleView`: the header, the document with evidence cards, the references."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from evidence_dashboard.content.library import Library
from evidence_dashboard.review.status import ReviewStatus
from evidence_dashboard.safe_html import SafeHtml, escape_markdown
from evidence_dashboard.ui.article_state import card_key, card_toggled
from evidence_dashboard.ui.charts import show_chart
from evidence_dashboard.ui.html import show_html
from evidence_dashboard.ui.review_status import review_status, show_review_status
from evidence_dashboard.views.article import ArticleView, build_article_view
from evidence_dashboard.views.claims import ClaimEvidence
from evidence_dashboard.views.frequencies import presenter_baseline

# Constant CSS, no content in it. The article is one document in the page's own scroll: no
# fixed-height boxes; long words and URLs wrap instead of widening the page on a phone.
ARTICLE_STYLE = SafeHtml("""<style>
.st-key-article { max-width: 54rem; }
/* A wall screen: the page reads as a centred document, not a column against the sidebar. */
@media (min-width: 1600px) { [data-testid="stMainBlockContainer"] { max-width: 62rem;
  margin: 0 auto; } }
.st-key-article p, .st-key-article li { font-size: 1.05rem; line-height: 1.6; }
.st-key-article, ol.references li { overflow-wrap: anywhere; }
span.ref-type { font-size: 0.8rem; color: #444; border: 1px solid #999; border-radius: 0.6rem;
  padding: 0 0.4rem; margin-left: 0.3rem; white-space: nowrap; }
.evidence-value { font-weight: 600; }
ol.references li:target { background: #fff3bf; }
</style>""")


@st.cache_resource(show_spinner=False, max_entries=32)
def _cached_view(
    _library: Library,
    library_key: str,
    slug: str,
    audience: str,
    style: str,
    baseline_per_100: float | None,
    _status: ReviewStatus | None,
    status_key: tuple[str | None, ...],
) -> ArticleView:
    article = _library.article(slug)
    assert article is not None
    baseline = presenter_baseline(baseline_per_100) if baseline_per_100 else None
    return build_article_view(_library, article, audience, style, baseline, _status)


def article_view(
    library: Library, slug: str, audience: str, style: str, baseline_per_100: float | None
) -> ArticleView:
    """The article view, built once per (content, audience, style, baseline, review state)."""
    article = library.article(slug)
    assert article is not None
    try:
        status: ReviewStatus | None = review_status(library, article)
    except SQLAlchemyError:  # the header says the status is unavailable; the page still reads
        status = None
    status_key = (
        (status.status, status.version, status.approved_version, status.approved_at)
        if status
        else (None,)
    )
    return _cached_view(
        library, library.fingerprint, slug, audience, style, baseline_per_100, status, status_key
    )


def show_header(view: ArticleView, library: Library) -> None:
    """Title, question, computed review status with its date and version, audience, disclaimer."""
    st.title(view.title, anchor=False)
    st.markdown(f"**Question:** {escape_markdown(view.question)}")
    badge, line = st.columns([2, 5], vertical_alignment="center")
    with badge:
        show_review_status(library, view.article)
    line.caption(
        escape_markdown(f"Review status: {view.header.line()} · written for {view.audience}s")
    )
    st.warning(escape_markdown(view.disclaimer), icon=":material/info:")
    if view.presenter_baseline is not None:
        st.info(escape_markdown(view.presenter_baseline.describe()))


def show_evidence(evidence: ClaimEvidence, key: str, audience: str) -> None:
    """The evidence card of one claim: frequencies, charts with their text, statements, notes."""
    for frequency in evidence.frequencies:
        st.markdown(f"- {escape_markdown(frequency.text)}")
    for baseline in evidence.baselines:
        st.caption(escape_markdown(baseline.describe()))
    for index, chart in enumerate(evidence.charts):
        show_chart(chart, key=f"{key}-chart-{index}", table=audience != "patient")
    for explanation in evidence.explanations:
        st.caption(escape_markdown(explanation))
    for note in evidence.notes:
        st.caption(escape_markdown(note))
    if not evidence.statements.empty:
        st.markdown("**Label and guideline statements**")
        for fact in evidence.statements.to_dict("records"):
            # Patients read the statement alone: row ids, design names and keys are for checkers.
            label = (
                ""
                if audience == "patient"
                else f"**{escape_markdown(fact['id'])}** ({escape_markdown(fact['design'])}, "
                f"{escape_markdown(fact['source'])}): "
            )
            st.markdown(f"- {label}{escape_markdown(fact['statement'])}")
    if not (evidence.charts or evidence.frequencies or not evidence.statements.empty):
        st.caption("The evidence rows for this claim are listed in the data appendix.")


def show_document(view: ArticleView, after_claim: Callable[[str], None] | None = None) -> None:
    """The article as one document; each claim's evidence card opens in place under it.

    Opening a card puts its claim in the URL (``ui.article_state.card_toggled``), so a copied
    link reopens it. ``after_claim`` draws under each claim's text (the audit's findings).
    """
    show_html(ARTICLE_STYLE)
    with st.container(key="article"):
        for index, item in enumerate(view.items):
            show_html(item.block.html)
            if after_claim is not None and item.block.block.claim_id:
                after_claim(item.block.block.claim_id)
            evidence = item.evidence
            if evidence is None:
                continue
            label = f"Evidence for this claim: {evidence.title}"
            with st.expander(
                escape_markdown(label),
                key=card_key(evidence.claim_id),
                icon=":material/bar_chart:",
                on_change=card_toggled,
                args=(evidence.claim_id,),
            ):
                show_evidence(evidence, f"claim-{index}", view.audience)
        st.markdown("#### References")
        show_html(view.references_html)
