"""The shared sidebar: chosen article and audience, kept across pages and in the URL."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from evidence_dashboard import schema
from evidence_dashboard.content.articles import Article
from evidence_dashboard.content.library import Library
from evidence_dashboard.locations import app_dir

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


def _from_url(name: str, allowed: list[str]) -> str | None:
    value = st.query_params.get(name)
    return value if isinstance(value, str) and value in allowed else None


def _remember(state_key: str, widget_key: str, param: str) -> None:
    # The URL wins on the next run (so shared links work), so the new choice goes there too.
    value = st.session_state[widget_key]
    st.session_state[state_key] = value
    st.query_params[param] = value


def shared_sidebar(library: Library) -> Selection:
    """Draw the article and audience pickers and mirror the choice into the URL.

    A value in the URL wins (a shared link opens the same view); otherwise the session's last
    choice is kept across pages. Values are checked against an allowlist, never trusted.
    """
    slugs = [a.slug for a in library.articles]
    audiences = list(schema.values(schema.AUDIENCES))
    article_slug = _from_url("article", slugs) or st.session_state.get(_ARTICLE)
    if article_slug not in slugs:
        article_slug = slugs[0] if slugs else None
    audience = _from_url("audience", audiences) or st.session_state.get(_AUDIENCE, "clinician")
    if audience not in audiences:
        audience = "clinician"
    st.session_state[_ARTICLE], st.session_state[_AUDIENCE] = article_slug, audience
    # Seed the widgets from the remembered choice; widget state does not survive a page switch.
    st.session_state["sidebar_article"] = article_slug
    st.session_state["sidebar_audience"] = audience

    with st.sidebar:
        st.markdown("**Evidence dashboard**")
        for page, label, icon in PAGES:
            if (app_dir() / page).exists():
                st.page_link(page, label=label, icon=icon)
        st.divider()
        if slugs:
            titles = {a.slug: a.title for a in library.articles}
            st.selectbox(
                "Article",
                slugs,
                format_func=lambda s: titles[s],
                key="sidebar_article",
                on_change=_remember,
                args=(_ARTICLE, "sidebar_article", "article"),
            )
        else:
            st.caption("No articles in the content folder.")
        st.radio(
            "Audience",
            audiences,
            format_func=AUDIENCE_LABELS.get,
            key="sidebar_audience",
            on_change=_remember,
            args=(_AUDIENCE, "sidebar_audience", "audience"),
            help="Changes the article's wording and how its charts show risk.",
        )
    article_slug = st.session_state[_ARTICLE]
    audience = st.session_state[_AUDIENCE]
    if article_slug:
        st.query_params["article"] = article_slug
    st.query_params["audience"] = audience
    return Selection(library.article(article_slug) if article_slug else None, audience)
