"""Presentation mode: one slide at a time, driven by buttons and their keyboard shortcuts.

Streamlit buttons take a ``shortcut`` (Left, Right, PageUp, PageDown, Home, End), so the deck
needs no script of its own: nothing runs in the page that Streamlit does not already run.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from evidence_dashboard.content.articles import Article
from evidence_dashboard.content.library import Library
from evidence_dashboard.safe_html import SafeHtml, escape_markdown
from evidence_dashboard.ui.article_state import STATE
from evidence_dashboard.ui.charts import show_chart
from evidence_dashboard.ui.findings import article_findings
from evidence_dashboard.ui.html import show_html
from evidence_dashboard.ui.review_status import article_state, library_board, review_status
from evidence_dashboard.views.article import ArticleView
from evidence_dashboard.views.presentation import Slide, build_slides, slide_reviews
from evidence_dashboard.views.review import claim_cards

SLIDE_STATE = STATE["slide"]  # the spec's slide; the page writes it to the URL
# Constant CSS: readable from the back of a room (body text 28 px or more), no sidebar.
SLIDE_STYLE = SafeHtml("""<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
.st-key-slide p, .st-key-slide li, .st-key-slide td { font-size: 28px; line-height: 1.45; }
.st-key-slide .slide-lead p { font-size: 36px; font-weight: 600; line-height: 1.3; }
.st-key-slide h2 { font-size: 44px; }
.st-key-slide [data-testid="stCaptionContainer"] p { font-size: 24px; }
.st-key-slide-footer p { font-size: 20px; }
.st-key-slide-review p { font-size: 24px; color: #333; }
.st-key-deck-controls button p { font-size: 20px; }
</style>""")
# (label, step, shortcut): a step of None means "first", a step of 0 "last".
_BUTTONS = (
    ("First", None, "Home"),
    ("Previous", -1, "Left"),
    ("Back a slide", -1, "PageUp"),
    ("Forward a slide", 1, "PageDown"),
    ("Next", 1, "Right"),
    ("Last", 0, "End"),
)


def claim_reviews(library: Library, article: Article) -> dict[str, str]:
    """Each claim's review state from the review log, for its slide (as a reader sees it).

    When the review database cannot be read, every claim slide says so rather than nothing.
    """
    try:
        status = review_status(library, article)
        state = article_state(article.slug)
    except SQLAlchemyError as exc:
        unavailable = f"not available (the review database could not be read: {type(exc).__name__})"
        return {str(c.claim_id): unavailable for c in article.claims}
    findings = article_findings(library, article.slug)
    board = library_board(library)
    return slide_reviews(claim_cards(article, board, state, status, findings, None))


@st.cache_resource(show_spinner=False, max_entries=16)
def _slides(
    _view: ArticleView, view_key: tuple[object, ...], reviews: tuple[tuple[str, str], ...]
) -> tuple[Slide, ...]:
    return build_slides(_view, dict(reviews))


def deck(view: ArticleView, library: Library) -> tuple[Slide, ...]:
    """The view's slides with each claim's review state, built once per view and review state.

    Building them copies every chart with a projector's fonts (about half a second): without
    the cache, every key press in the deck would pay it again.
    """
    reviews = tuple(sorted(claim_reviews(library, view.article).items()))
    baseline = view.presenter_baseline.describe() if view.presenter_baseline else ""
    # What ui.article.article_view builds the view from: content version, article, audience,
    # style, the presenter's baseline and the review status (in the header line).
    key = (library.fingerprint, view.article.slug, view.audience, view.style)
    return _slides(view, (*key, view.header.line(), baseline), reviews)


def _go(step: int | None, count: int) -> None:
    """Button callback: move to the first, last, previous or next slide (1-based in state)."""
    current = int(st.session_state.get(SLIDE_STATE, 1))
    if step is None:
        target = 1
    elif step == 0:
        target = count
    else:
        target = current + step
    st.session_state[SLIDE_STATE] = min(max(target, 1), count)


def _controls(index: int, count: int) -> None:
    with st.container(key="deck-controls", horizontal=True, vertical_alignment="center"):
        for label, step, shortcut in _BUTTONS:
            at_start = step in (None, -1) and index == 0
            at_end = step in (0, 1) and index == count - 1
            st.button(
                label,
                key=f"deck-{label.lower().replace(' ', '-')}",
                shortcut=shortcut,
                on_click=_go,
                args=(step, count),
                disabled=at_start or at_end,
                type="tertiary" if label in ("Back a slide", "Forward a slide") else "secondary",
            )
        st.markdown(f"**Slide {index + 1} of {count}**")


def _slide_lead(slide: Slide) -> None:
    if slide.lead:
        show_html(SafeHtml(f'<div class="slide-lead"><p>{slide.lead}</p></div>'))


def _slide_charts(slide: Slide, index: int) -> None:
    for number, chart in enumerate(slide.charts):
        show_chart(chart, key=f"slide-{index}-chart-{number}", table=False)


def _slide_text(view: ArticleView, slide: Slide, lead: bool = True) -> None:
    if lead:
        _slide_lead(slide)
    for sentence in slide.frequencies:
        st.markdown(f"- {escape_markdown(sentence)}")
    if slide.body:
        show_html(slide.body)
    if view.presenter_baseline is not None and slide.kind == "claim":
        st.markdown(f"**{escape_markdown(view.presenter_baseline.describe())}**")


def show_slide(view: ArticleView, slide: Slide, index: int) -> None:
    """One slide: title, review state, bottom line, chart large, the rest, the status footer.

    A fixed-size chart (an icon array) goes beside the text, so both fit one screen; a chart
    that follows the width (a forest plot) goes under the bottom line, across the slide.
    """
    with st.container(key="slide"):
        st.markdown(f"## {escape_markdown(slide.title)}")
        if slide.review:
            with st.container(key="slide-review"):
                st.markdown(
                    f":material/rate_review: **Board review:** {escape_markdown(slide.review)}"
                )
        if slide.kind == "title":
            st.markdown(f"**Question:** {escape_markdown(view.question)}")
            st.markdown(escape_markdown(view.disclaimer))
        beside = bool(slide.charts) and all(c.figure.layout.width for c in slide.charts)
        if beside:
            charts, text = st.columns([2, 3], gap="large")
            with charts:
                _slide_charts(slide, index)
            with text:
                _slide_text(view, slide)
        else:
            _slide_lead(slide)
            _slide_charts(slide, index)
            _slide_text(view, slide, lead=False)
    with st.container(key="slide-footer"):
        st.caption(
            escape_markdown(
                f"{view.title} · review status {view.header.line()} · for {view.audience}s · "
                f"{view.disclaimer}"
            )
        )


def show_presentation(view: ArticleView, slides: Sequence[Slide], number: int) -> None:
    """The deck on slide ``number`` (1-based, checked by the URL codec): controls with keyboard
    shortcuts, the slide, and the speaker notes below it."""
    show_html(SLIDE_STYLE)
    index = min(max(number, 1), len(slides)) - 1
    _controls(index, len(slides))
    slide = slides[index]
    show_slide(view, slide, index)
    if slide.notes:
        with st.expander("Speaker notes (for the presenter)", expanded=False, key="deck-notes"):
            for note in slide.notes:
                st.markdown(f"- {escape_markdown(note)}")
