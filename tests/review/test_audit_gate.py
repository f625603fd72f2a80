"""A real audit error blocks the chair's sign-off until it is dismissed with a recorded reason."""

from __future__ import annotations

import pytest

from evidence_dashboard.content.library import load_library
from evidence_dashboard.review.actions import Review, audit_findings
from evidence_dashboard.review.board import load_board
from evidence_dashboard.review.model import replay
from evidence_dashboard.review.store import Refused, ReviewStore
from evidence_dashboard.review.verify import verify

from .conftest import ARTICLE

PLANTED = "Drowsiness was reported by 45% of people taking buspirone [@Newton1986].\n"


def test_planted_audit_error_must_be_dismissed_before_sign_off(data_copy, tmp_path):
    path = data_copy / "articles" / f"{ARTICLE}.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("::: {.claim #buspirone")
    end = text.index("\n", start) + 1  # first line of the claim's own text
    path.write_text(text[:end] + PLANTED + text[end:], encoding="utf-8")
    library = load_library(data_copy)
    article = library.article(ARTICLE)
    errors = [f for f in audit_findings(library, article) if f.severity == "error"]
    assert [f.claim for f in errors] == ["buspirone"] and "'45%'" in errors[0].message
    finding = errors[0]

    store = ReviewStore(f"sqlite+pysqlite:///{tmp_path / 'review.sqlite3'}")
    review = Review(library, load_board(data_copy), store)
    for member in ("ben", "cai"):
        for claim in article.claims:
            review.verdict(ARTICLE, str(claim.claim_id), member, "agree")
    with pytest.raises(
        Refused, match=f"audit error open on claim 'buspirone' \\(finding {finding.id}"
    ):
        review.approve(ARTICLE, "ana")
    with pytest.raises(Refused, match="needs a reason"):
        review.dismiss(ARTICLE, "buspirone", finding.id, "ana", "  ")
    with pytest.raises(Refused, match="is not open on claim 'falls'"):
        review.dismiss(ARTICLE, "falls", finding.id, "ana", "wrong claim")
    review.dismiss(ARTICLE, "buspirone", finding.id, "ben", "45% is the placebo arm in Table 3.")
    signed = review.approve(ARTICLE, "ana")
    assert signed.kind == "sign-off"
    state = store.state(ARTICLE)
    assert [(d.finding, d.member, d.reason) for d in state.dismissals] == [
        (finding.id, "ben", "45% is the placebo arm in Table 3.")
    ]
    assert replay(store.events(), ARTICLE) == state and verify(store).ok
    store.close()
