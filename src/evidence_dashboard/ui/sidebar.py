"""The shared sidebar: chosen article and audience, kept across pages and in the URL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from evidence_dashboard import schema
from evidence_dashboard.content.articles import Article
from evidence_dashboard.content.library import Library
from evidence_dashboard.locations import app_dir
from evidence_dashboard.ui import params
from evidence_dashboard.views import url
from evidence_dashboard.views.url import Param

AUDIENCE_LABELS = {
    "clinician": "Clinician",
    "student": "Student",
    "patient": "Patient",
}
PAGES = (
    ("app.py", "Home", ":material/home:"),
    ("pages/1_Article.py", "Article", ":material/article:"),
    ("pages/2_Compare.py", "Compare", ":material/compare_arrows:"),
    ("pages/3_Evidence.py", "Evidence", ":material/table_view:"),
    ("pages/4_Your_files.py", "Your files", ":material/upload_file:"),
    ("pages/5_Review.py", "Review", ":material/rate_review:"),
)
_ARTICLE = "shared_article"
_AUDIENCE = "shared_audience"


@dataclass(frozen=True, slots=True)
class Selection:
    """What the reader chose in the sidebar."""

    article: Article | None
    audience: str


SIDEBAR_PARAMS = (
    Param(url.ARTICLE, "article", "article"),
    Param(url.AUDIENCE, "audience", "audience"),
)


@dataclass(frozen=True, slots=True)
class _Shared:
    """The sidebar's two settings, read and written through the one URL codec."""

    article: str = ""
    audience: str = "clinician"


def _remember(state_key: str, widget_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]


def links_drawer(box: DeltaGenerator) -> Callable[[dict[str, dict[str, list[str]]]], None]:
    """Draw the page links into ``box``; a later call redraws only the links that changed.

    Each link has its own placeholder, so the redraw that ``params.page_links`` asks for when
    the page's view changed a link's parameters is one element, not the whole list.
    """
    labels = {page: (label, icon) for page, label, icon in PAGES}
    slots: dict[str, DeltaGenerator] = {}
    drawn: dict[str, dict[str, list[str]]] = {}

    def draw(links: dict[str, dict[str, list[str]]]) -> None:
        for page, query in links.items():
            if drawn.get(page) == query:
                continue
            if page not in slots:
                slots[page] = box.empty()
            label, icon = labels[page]
            slots[page].page_link(page, label=label, icon=icon, query_params=query)
            drawn[page] = query

    return draw


def _pickers(library: Library, slugs: list[str], audiences: list[str]) -> None:
    """The article and audience pickers (on the pages that show an article)."""
    with st.sidebar:
        st.divider()
        if slugs:
            titles = {a.slug: a.title for a in library.articles}
            st.selectbox(
                "Article",
                slugs,
                format_func=lambda s: titles[s],
                key="sidebar_article",
                on_change=_remember,
                args=(_ARTICLE, "sidebar_article"),
            )
        else:
            st.caption("No articles in the content folder.")
        st.radio(
            "Audience",
            audiences,
            format_func=AUDIENCE_LABELS.get,
            key="sidebar_audience",
            on_change=_remember,
            args=(_AUDIENCE, "sidebar_audience"),
            help="Changes the article's wording and how its charts show risk.",
        )


def shared_sidebar(library: Library, defer_url: bool = False, pickers: bool = True) -> Selection:
    """Draw the page links and the article and audience pickers; keep the choice in the URL.

    ``pickers=False`` (pages that show no article: Compare, Evidence) leaves the
    pickers out, since they would change nothing there; the choice is still kept and carried.

    A value in the URL wins (a shared link opens the same view); otherwise the session's last
    choice is kept across pages. Values are checked against an allowlist, never trusted, and a
    value that is not used gets a notice. The URL is written only when the choice changed.
    """
    slugs = [a.slug for a in library.articles]
    audiences = list(schema.values(schema.AUDIENCES))
    names = [p.name for p in SIDEBAR_PARAMS]
    remembered = _Shared(
        st.session_state.get(_ARTICLE) or (slugs[0] if slugs else ""),
        st.session_state.get(_AUDIENCE, "clinician"),
    )
    # Like the pages: the URL holds news only on an arrival, a Back/Forward step or a first
    # visit; on other reruns the widgets (remembered by their callbacks) are the truth.
    fresh = params.url_has_news() or _ARTICLE not in st.session_state
    decoded = url.decode(
        params.current(names) if fresh else {},
        SIDEBAR_PARAMS,
        remembered,
        {"article": slugs, "audience": audiences},
    )
    chosen = decoded.spec
    article_slug = chosen.article if chosen.article in slugs else (slugs[0] if slugs else None)
    audience = chosen.audience if chosen.audience in audiences else "clinician"
    st.session_state[_ARTICLE], st.session_state[_AUDIENCE] = article_slug, audience
    # Seed the widgets from the remembered choice; widget state does not survive a page switch.
    st.session_state["sidebar_article"] = article_slug
    st.session_state["sidebar_audience"] = audience

    with st.sidebar:
        st.markdown("**Evidence dashboard**")
        links_box = st.container()  # filled once the shared parameters are known (below)
    if pickers:
        _pickers(library, slugs, audiences)
    params.show_notices(decoded.notices)
    article_slug = st.session_state[_ARTICLE]
    audience = st.session_state[_AUDIENCE]
    # Always in the URL, so a copied link opens the same article for the same readers; written
    # only when it differs from what the URL says (page links carry it, adding no entry).
    query = url.encode(_Shared(article_slug or "", audience), SIDEBAR_PARAMS, _Shared("", ""))
    params.share(query, names, defer=defer_url)
    params.page_links([p for p, _, _ in PAGES if (app_dir() / p).exists()], links_drawer(links_box))
    return Selection(library.article(article_slug) if article_slug else None, audience)
