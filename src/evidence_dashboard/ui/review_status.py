"""The computed review status on every page: badge, approved version's date and short hash.

Cheap enough for every rerun: the store and the board are opened once per process, content
hashes once per library version, and the log state is re-read only when the chain head moves.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from evidence_dashboard.content.articles import Article
from evidence_dashboard.content.library import Library
from evidence_dashboard.review.board import BOARD_FILE, Board, load_board
from evidence_dashboard.review.model import ArticleState
from evidence_dashboard.review.status import ReviewStatus, compute_status, status_label
from evidence_dashboard.review.store import ReviewStore, default_database_url
from evidence_dashboard.review.versions import article_version, claim_hashes, short

COLOURS = {
    "approved": "green",
    "changed since approval": "orange",
    "under review": "blue",
    "submitted": "gray",
}


@st.cache_resource(show_spinner=False, max_entries=4)
def _store(url: str) -> ReviewStore:
    return ReviewStore(url)


def review_store() -> ReviewStore:
    """The review store of the configured database, opened once per process."""
    return _store(default_database_url())


@st.cache_resource(show_spinner=False, max_entries=8)
def _board(path: str, mtime_ns: int) -> Board:
    return load_board(Path(path).parent)


def library_board(library: Library) -> Board:
    """The board declared in the library's folder, re-read when board.yaml changes."""
    path = Path(library.root) / BOARD_FILE
    return _board(str(path), path.stat().st_mtime_ns if path.is_file() else 0)


@st.cache_resource(show_spinner=False, max_entries=64)
def _hashes(_library: Library, key: str, slug: str) -> tuple[dict[str, str], str]:
    article = _library.article(slug)
    assert article is not None
    return claim_hashes(_library, article), article_version(_library, article)


@st.cache_resource(show_spinner=False, max_entries=256)
def _state(url: str, slug: str, head: tuple[int, str]) -> ArticleState:
    return _store(url).state(slug)


def article_state(slug: str) -> ArticleState:
    """The article's log state, re-read from the database only after a new event."""
    store = review_store()
    return _state(store.url, slug, store.head())


def review_status(library: Library, article: Article) -> ReviewStatus:
    """The computed status of an article (raises SQLAlchemyError when the database is down)."""
    hashes, version = _hashes(library, library.fingerprint, article.slug)
    board = library_board(library)
    return compute_status(
        library, article, article_state(article.slug), board.quorum, hashes, version
    )


def show_review_status(library: Library, article: Article, *, compact: bool = False) -> None:
    """Render an article's computed review status: a badge, then the version's date and hash.

    Front-matter ``status`` is never shown as a review state; this is the only status display.
    """
    try:
        status = review_status(library, article)
    except SQLAlchemyError as exc:
        st.caption(
            f"Review status unavailable: the review database could not be read "
            f"({type(exc).__name__})."
        )
        return
    label = status_label(status)
    st.badge(label.split(" · ")[0], color=COLOURS[status.status])
    if compact:
        return
    if status.approved_version:
        chair = library_board(library).member(status.approved_by)
        st.caption(
            f"Approved version {short(status.approved_version)}, signed off "
            f"{(status.approved_at or '')[:10]} by {chair.name if chair else status.approved_by}"
            + ("" if status.status == "approved" else f"; current {short(status.version)}")
        )
    else:
        st.caption(f"Version {short(status.version)} · not approved")
