"""Presentation mode shows each claim's review state from a real review log (SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_dashboard.content.library import load_library
from evidence_dashboard.review.actions import Review
from evidence_dashboard.review.board import load_board
from evidence_dashboard.review.store import ReviewStore

ARTICLE = "pages/1_Article.py"


@pytest.fixture
def review_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+pysqlite:///{tmp_path / 'review.sqlite3'}"
    monkeypatch.setenv("EVIDENCE_DASHBOARD_DATABASE_URL", url)
    return url


def _slide(at) -> tuple[str, str]:
    """The slide's title and its board-review line (Markdown escapes removed)."""
    texts = [m.value.replace("\\", "") for m in at.markdown]
    title = next(t for t in texts if t.startswith("## "))[3:]
    review = next((t for t in texts if "**Board review:**" in t), "")
    return title, review.split("**Board review:**", 1)[-1].strip()


def test_each_claim_slide_shows_its_verdicts_disagreements_and_findings(
    open_page, data_copy, review_url
):
    article_file = next((data_copy / "articles").glob("*.md"))
    text = article_file.read_text(encoding="utf-8")
    assert "{{FA-01}}" in text
    article_file.write_text(
        text.replace("{{FA-01}}", "OR 1.61", 1), encoding="utf-8"
    )  # a wrong number
    library = load_library(data_copy)
    article = library.articles[0]
    claims = [(str(c.claim_id), c.claim_title) for c in article.claims]
    first, second = claims[0][0], claims[1][0]
    store = ReviewStore(review_url)
    review = Review(library, load_board(data_copy), store)
    review.verdict(article.slug, first, "ana", "agree")
    review.verdict(article.slug, first, "ben", "agree")
    review.verdict(article.slug, second, "ben", "agree-with-changes", "Name the comparator.")
    review.verdict(article.slug, second, "cai", "disagree", "The percentages need a source.")
    store.close()

    at = open_page(ARTICLE, data_copy, present="1", slide="2")
    assert not at.exception
    title, line = _slide(at)
    assert title == claims[0][1] and line.startswith("2 agree")
    assert "disagree" not in line and "audit" not in line
    at.button(key="deck-next").click().run()
    title, line = _slide(at)
    assert title == claims[1][1]
    assert line.startswith("1 agree with changes, 1 disagree") and "disagreement open (cai)" in line
    at = open_page(ARTICLE, data_copy, present="1", claim="falls")  # opens the falls slide
    title, line = _slide(at)
    assert title == "Falls in older adults" and line.startswith("no verdicts yet")
    assert "audit: 1 open error(s)" in line
