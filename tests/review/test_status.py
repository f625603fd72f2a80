"""Computed status on both databases: submitted → under review → approved → changed."""

from __future__ import annotations

import pytest

from evidence_dashboard.content.library import load_library
from evidence_dashboard.review.actions import Review
from evidence_dashboard.review.board import load_board
from evidence_dashboard.review.status import computed_status, status_label
from evidence_dashboard.review.store import Refused, ReviewStore
from evidence_dashboard.review.versions import short

from .conftest import ARTICLE
from .test_versions import edit_row


def test_status_follows_verdicts_and_sign_off(data_copy, db_url):
    library = load_library(data_copy)
    article = library.article(ARTICLE)
    store = ReviewStore(db_url, clock=lambda: "2026-12-01T09:30:00.000000+00:00")
    review = Review(library, load_board(data_copy), store)
    status = computed_status(library, article, store)
    assert (status.status, status.approved_version) == ("submitted", None)
    assert status_label(status) == "Submitted · not yet reviewed"

    claims = [str(c.claim_id) for c in article.claims]
    review.verdict(ARTICLE, claims[0], "ben", "agree")
    assert computed_status(library, article, store).status == "under review"
    with pytest.raises(Refused, match="only a chair can sign off; 'ben' is a reviewer"):
        review.approve(ARTICLE, "ben")
    with pytest.raises(Refused, match=f"quorum not met: claim '{claims[0]}' has 1 of 2"):
        review.approve(ARTICLE, "ana")
    for member in ("ana", "ben", "cai"):
        for claim in claims:
            review.verdict(ARTICLE, claim, member, "agree")
    review.verdict(ARTICLE, claims[1], "cai", "disagree", "The percentages need a source.")
    with pytest.raises(Refused, match=f"disagreement open on claim '{claims[1]}'"):
        review.approve(ARTICLE, "ana")
    review.verdict(ARTICLE, claims[1], "cai", "agree-with-changes", "Fine once sourced.")
    signed = review.approve(ARTICLE, "ana")

    status = computed_status(library, article, store)
    assert status.status == "approved" and status.approved_version == status.version
    assert status.approved_at.startswith("2026-12-01") and status.approved_by == "ana"
    assert status_label(status) == f"Approved · 2026-12-01 · {short(signed.version)}"
    assert not status.stale_claims
    with pytest.raises(Refused, match="already signed off"):
        review.approve(ARTICLE, "ana")

    edit_row(data_copy, "SE-04", "locator", "Table 3 (re-checked)")
    edited = load_library(data_copy)
    changed = computed_status(edited, edited.article(ARTICLE), store)
    citing = {str(c.claim_id) for c in article.claims if "SE-04" in c.evidence_ids}
    assert changed.status == "changed since approval"
    assert changed.approved_version == status.version != changed.version
    assert set(changed.stale_claims) == citing and len(citing) == 2
    assert status_label(changed).startswith("Changed since approval · approved 2026-12-01")
    # Claims whose hash did not change keep their verdicts.
    kept = changed.claim(claims[0])
    assert kept is not None and kept.counts["agree"] == 3 and not kept.stale
    store.close()
