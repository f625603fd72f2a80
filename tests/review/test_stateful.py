"""Hypothesis stateful test: random sequences of review actions and content edits.

After every step, replaying the log reproduces the store's state exactly, and the computed
status, stale claims and refusals follow the rules, checked against a model kept by the test.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from evidence_dashboard.content.articles import parse_article
from evidence_dashboard.content.library import load_library
from evidence_dashboard.review.actions import Review
from evidence_dashboard.review.board import parse_board
from evidence_dashboard.review.model import VERDICTS, replay
from evidence_dashboard.review.status import compute_status
from evidence_dashboard.review.store import Refused, ReviewStore
from evidence_dashboard.review.verify import verify

BOARD = parse_board(
    "quorum: 2\nmembers:\n"
    "  - {id: ana, name: Ana, email: ana@example.org, role: chair}\n"
    "  - {id: ben, name: Ben, email: ben@example.org, role: reviewer}\n"
    "  - {id: cai, name: Cai, email: cai@example.org, role: reviewer}\n"
    "  - {id: dee, name: Dee, email: dee@example.org, role: author}\n",
    "board.yaml",
)
PEOPLE = ("ana", "ben", "cai", "dee", "zed")  # zed is on no board
CLAIMS = ("one", "two", "three")
ARTICLE = """---
slug: {slug}
title: T
question: Q?
status: submitted
updated: 2026-12-01
audiences: [clinician, patient]
disclaimer: D
---
::: {{.claim #one title="One" evidence="SE-04"}}
Drowsiness was as common as with placebo ({{{{SE-04}}}}) {word} [@Newton1986].
:::

::: {{.claim #two title="Two" evidence="SE-05 SE-06"}}
Diazepam and lorazepam arms were comparators [@Newton1986].
:::

::: {{.claim #three title="Three" evidence="FA-01"}}
Falls were more common [@Woolcott2009].
:::
"""
SHIPPED = load_library()
SLUGS = (f"prop-{n}" for n in itertools.count())
STORE: ReviewStore | None = None


def _library(slug: str, variant: tuple[int, int]):
    """Variant (text, row): claim one's text, and a field of SE-05 (claim two's row)."""
    article = parse_article(
        ARTICLE.format(slug=slug, word=("overall", "in all")[variant[0]]), f"{slug}.md"
    )
    evidence = SHIPPED.evidence
    if variant[1]:
        evidence = evidence.copy()
        evidence.loc[evidence["id"] == "SE-05", "locator"] = "Table 9 (edited)"
    return replace(SHIPPED, articles=(article,), evidence=evidence)


class ReviewMachine(RuleBasedStateMachine):
    """One article's review, from an empty log, with a model of what the rules allow."""

    def __init__(self) -> None:
        super().__init__()
        assert STORE is not None
        self.slug = next(SLUGS)
        self.reviews: dict[tuple[int, int], Review] = {}
        self.variant = (0, 0)
        self.verdicts: dict[tuple[str, str, str], str] = {}
        self.comments: list[tuple[int, str]] = []
        self.signoff: tuple[str, dict[str, str]] | None = None

    @property
    def review(self) -> Review:
        if self.variant not in self.reviews:  # built when first edited into
            library = _library(self.slug, self.variant)
            self.reviews[self.variant] = Review(library, BOARD, STORE, audit=lambda *_: ())
        return self.reviews[self.variant]

    def content(self) -> tuple[dict[str, str], str]:
        return self.review.content(self.review.article(self.slug))

    def reviewed(self, claim: str, hashes: dict[str, str]) -> list[str]:
        return [v for (c, _m, h), v in self.verdicts.items() if c == claim and h == hashes[claim]]

    @rule(
        who=st.sampled_from(PEOPLE),
        claim=st.sampled_from(CLAIMS),
        verdict=st.sampled_from(VERDICTS),
        comment=st.sampled_from(["", "Needs the table number."]),
    )
    def give_verdict(self, who: str, claim: str, verdict: str, comment: str) -> None:
        allowed = who in ("ana", "ben", "cai") and (verdict == "agree" or bool(comment))
        try:
            self.review.verdict(self.slug, claim, who, verdict, comment)
        except Refused:
            assert not allowed
            return
        assert allowed
        self.verdicts[(claim, who, self.content()[0][claim])] = verdict

    @rule(who=st.sampled_from(PEOPLE), claim=st.sampled_from(CLAIMS), reply=st.booleans())
    def comment(self, who: str, claim: str, reply: bool) -> None:
        target = next((cid for cid, c in reversed(self.comments) if c == claim), None)
        reply_to = target if reply else None
        # A reply to a comment of another claim's thread is refused.
        wrong = reply and target is None and bool(self.comments)
        if wrong:
            reply_to = self.comments[-1][0]
        try:
            event = self.review.comment(self.slug, claim, who, "A question.", reply_to)
        except Refused:
            assert who == "zed" or wrong
            return
        assert who != "zed" and not wrong
        self.comments.append((event.seq, claim))

    @rule()
    def edit_claim_text(self) -> None:
        self.variant = (1 - self.variant[0], self.variant[1])

    @rule()
    def edit_cited_row(self) -> None:
        self.variant = (self.variant[0], 1 - self.variant[1])

    @rule(who=st.sampled_from(PEOPLE))
    def sign_off(self, who: str) -> None:
        hashes, version = self.content()
        ready = all(
            sum(v != "abstain" for v in self.reviewed(c, hashes)) >= BOARD.quorum
            and "disagree" not in self.reviewed(c, hashes)
            for c in CLAIMS
        )
        already = self.signoff is not None and self.signoff[0] == version
        allowed = who == "ana" and ready and not already
        try:
            self.review.approve(self.slug, who)
        except Refused:
            assert not allowed
            return
        assert allowed
        self.signoff = (version, dict(hashes))

    @invariant()
    def replay_reproduces_the_state_and_status_follows_the_rules(self) -> None:
        state = STORE.state(self.slug)
        assert replay(STORE.events(self.slug), self.slug) == state
        hashes, version = self.content()
        article = self.review.article(self.slug)
        status = compute_status(self.review.library, article, state, BOARD.quorum, hashes, version)
        if self.signoff is not None:
            expected = "approved" if self.signoff[0] == version else "changed since approval"
        elif self.verdicts or self.comments:
            expected = "under review"
        else:
            expected = "submitted"
        assert status.status == expected and status.version == version
        for claim in status.claims:
            mine = self.reviewed(claim.id, hashes)
            assert claim.counts == {v: mine.count(v) for v in VERDICTS}
            earlier = any(c == claim.id and h != hashes[c] for c, _m, h in self.verdicts)
            moved = self.signoff is not None and self.signoff[1][claim.id] != hashes[claim.id]
            short = sum(v != "abstain" for v in mine) < BOARD.quorum
            assert claim.stale == ((earlier or moved) and short)


@pytest.fixture
def shared_store():
    global STORE
    STORE = ReviewStore("sqlite+pysqlite:///:memory:")
    yield STORE
    STORE.close()
    STORE = None


def test_random_review_sequences(shared_store):
    run = ReviewMachine.TestCase
    run.settings = settings(
        max_examples=500,
        stateful_step_count=6,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    run("runTest").runTest()
    result = verify(shared_store)
    assert result.ok and result.events > 500, result
