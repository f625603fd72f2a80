"""Review actions: check each against the board and the rules, then append it to the log.

Every refusal is :class:`~evidence_dashboard.review.store.Refused` with one line saying why.
Checks that depend on the log (quorum, open disagreements, reply targets) run inside the
store's locked transaction, so two people acting at once cannot both slip past them.
"""

from __future__ import annotations

from collections.abc import Callable

from evidence_dashboard.audit import Finding, audit_article
from evidence_dashboard.content.articles import Article
from evidence_dashboard.content.library import Library
from evidence_dashboard.review.board import Board, Member
from evidence_dashboard.review.model import VERDICTS, ArticleState, Event, NewEvent
from evidence_dashboard.review.status import ReviewStatus, compute_status
from evidence_dashboard.review.store import Refused, ReviewStore
from evidence_dashboard.review.versions import (
    article_version,
    claim_hashes,
    claim_texts,
    short,
    snapshot,
)

MAX_TEXT = 20_000


def audit_findings(library: Library, article: Article) -> tuple[Finding, ...]:
    """The claim audit's findings for an article."""
    return tuple(audit_article(library, article))


def open_errors(findings: tuple[Finding, ...], state: ArticleState) -> tuple[Finding, ...]:
    """Audit errors not dismissed with a recorded reason."""
    dismissed = {d.finding for d in state.dismissals}
    return tuple(f for f in findings if f.severity == "error" and f.id not in dismissed)


def signoff_blockers(
    status: ReviewStatus, findings: tuple[Finding, ...], state: ArticleState
) -> list[str]:
    """Every reason a chair may not sign off the current version yet (none: ready), in order."""
    if status.status == "approved":
        return [f"version {short(status.version)} is already signed off."]
    blockers = []
    for claim in status.claims:
        if claim.reviewed_by < status.quorum:
            blockers.append(
                f"quorum not met: claim '{claim.id}' has {claim.reviewed_by} of "
                f"{status.quorum} verdicts at its current version."
            )
        if claim.open_disagreements:
            blockers.append(
                f"disagreement open on claim '{claim.id}' "
                f"(from {', '.join(claim.open_disagreements)})."
            )
    blockers.extend(
        f"audit error open on claim '{f.claim}' (finding {f.id}: {f.message}); dismiss it "
        "with a reason or fix the content."
        for f in open_errors(findings, state)
    )
    return blockers


class Review:
    """The board's actions on the articles of one library, recorded in one store.

    Parameters
    ----------
    library : Library
        The content under review.
    board : Board
        The board declared in the content folder.
    store : ReviewStore
        Where events go.
    audit : callable, optional
        Returns an article's audit findings (default: the claim audit).
    """

    def __init__(
        self,
        library: Library,
        board: Board,
        store: ReviewStore,
        audit: Callable[[Library, Article], tuple[Finding, ...]] = audit_findings,
    ) -> None:
        self.library, self.board, self.store, self.audit = library, board, store, audit
        self._content: dict[str, tuple[dict[str, str], str]] = {}
        self._findings: dict[str, tuple[Finding, ...]] = {}
        self._snapshots: dict[str, dict[str, object]] = {}

    def content(self, article: Article) -> tuple[dict[str, str], str]:
        """The article's claim hashes and version (computed once: the library never changes)."""
        if article.slug not in self._content:
            self._content[article.slug] = (
                claim_hashes(self.library, article),
                article_version(self.library, article),
            )
        return self._content[article.slug]

    def snapshot(self, article: Article) -> dict[str, object]:
        """The content of the article's current version, stored beside its events for diffs."""
        if article.slug not in self._snapshots:
            self._snapshots[article.slug] = snapshot(self.library, article)
        return self._snapshots[article.slug]

    def findings(self, article: Article) -> tuple[Finding, ...]:
        """The article's audit findings (computed once per article)."""
        if article.slug not in self._findings:
            self._findings[article.slug] = tuple(self.audit(self.library, article))
        return self._findings[article.slug]

    # ------------------------------------------------------------------ lookups
    def article(self, slug: str) -> Article:
        """The article with this slug, or a refusal listing the known ones."""
        article = self.library.article(slug)
        if article is None:
            known = ", ".join(a.slug for a in self.library.articles) or "none"
            raise Refused(f"article '{slug}' is not in {self.library.root}; articles: {known}.")
        return article

    def member(self, member_id: str, *, review: bool = False, chair: bool = False) -> Member:
        """The board member acting, or a refusal saying why they may not."""
        member = self.board.member(member_id)
        if member is None:
            raise Refused(f"'{member_id}' is not a member of the board in {self.board.path}.")
        if chair and not member.is_chair:
            raise Refused(f"only a chair can sign off; '{member_id}' is a {member.role}.")
        if review and not member.can_review:
            raise Refused(f"only chairs and reviewers give verdicts; '{member_id}' is an author.")
        return member

    def claim(self, article: Article, claim_id: str) -> str:
        """The claim id if the article has it, else a refusal listing its claims."""
        ids = [str(c.claim_id) for c in article.claims]
        if claim_id not in ids:
            raise Refused(
                f"claim '{claim_id}' is not in article '{article.slug}'; claims: {', '.join(ids)}."
            )
        return claim_id

    def status(self, slug: str) -> ReviewStatus:
        """The computed status of an article."""
        article = self.article(slug)
        hashes, version = self.content(article)
        state = self.store.state(slug)
        return compute_status(self.library, article, state, self.board.quorum, hashes, version)

    # ------------------------------------------------------------------ actions
    def verdict(
        self, slug: str, claim: str, member_id: str, verdict: str, comment: str = ""
    ) -> Event:
        """Record a member's verdict on a claim at its current hash."""
        article, member = self.article(slug), self.member(member_id, review=True)
        claim = self.claim(article, claim)
        comment = _text(comment, "comment")
        if verdict not in VERDICTS:
            raise Refused(f"verdict must be one of {', '.join(VERDICTS)}. Got '{verdict}' instead.")
        if verdict == "abstain" and not comment:
            raise Refused("an abstention needs the declared interest in the comment.")
        if verdict not in ("agree", "abstain") and not comment:
            raise Refused(f"a '{verdict}' verdict needs a comment saying what should change.")
        hashes, version = self.content(article)
        new = NewEvent(
            slug,
            "verdict",
            member.id,
            version,
            claim,
            hashes[claim],
            {"verdict": verdict, "comment": comment},
        )
        return self.store.record(slug, lambda _state: new, self.snapshot(article))

    def comment(
        self,
        slug: str,
        claim: str,
        member_id: str,
        text: str,
        reply_to: int | None = None,
        quote: str | None = None,
    ) -> Event:
        """Add a comment to a claim's thread, anchored to the text it quotes."""
        article, member = self.article(slug), self.member(member_id)
        claim = self.claim(article, claim)
        text = _text(text, "comment")
        if not text:
            raise Refused("a comment needs text.")
        texts = claim_texts(article, claim)
        quote = (quote or "").strip() or texts[0].strip()
        if not any(quote in t for t in texts):
            raise Refused(f"the quoted text must appear in claim '{claim}'. Got '{quote[:60]}'.")
        hashes, version = self.content(article)
        payload: dict[str, object] = {"text": text, "quote": quote, "reply_to": reply_to}
        new = NewEvent(
            slug,
            "comment",
            member.id,
            version,
            claim,
            hashes[claim],
            payload,
        )

        def decide(state: ArticleState) -> NewEvent:
            if reply_to is not None:
                target = state.comment(reply_to)
                if target is None or target.claim != claim:
                    raise Refused(f"comment {reply_to} is not in the thread of claim '{claim}'.")
            return new

        return self.store.record(slug, decide, self.snapshot(article))

    def dismiss(self, slug: str, claim: str, finding: str, member_id: str, reason: str) -> Event:
        """Set an audit finding aside with a recorded reason, so it no longer blocks sign-off."""
        article, member = self.article(slug), self.member(member_id, review=True)
        claim = self.claim(article, claim)
        reason = _text(reason, "reason")
        if not reason:
            raise Refused("dismissing a finding needs a reason.")
        findings = [f for f in self.findings(article) if f.claim == claim]
        if finding not in {f.id for f in findings}:
            known = ", ".join(f.id for f in findings) or "none"
            raise Refused(f"finding '{finding}' is not open on claim '{claim}'; findings: {known}.")
        hashes, version = self.content(article)
        new = NewEvent(
            slug,
            "dismiss-finding",
            member.id,
            version,
            claim,
            hashes[claim],
            {"finding": finding, "reason": reason},
        )
        return self.store.record(slug, lambda _state: new, self.snapshot(article))

    def approve(self, slug: str, member_id: str) -> Event:
        """A chair's sign-off of the current version, refused unless every rule is met."""
        article, member = self.article(slug), self.member(member_id, chair=True)
        if article.has_errors:
            raise Refused(f"article '{slug}' has content errors; run evidence-dashboard check.")
        findings = self.findings(article)

        def decide(state: ArticleState) -> NewEvent:
            hashes, version = self.content(article)
            status = compute_status(
                self.library, article, state, self.board.quorum, hashes, version
            )
            blockers = signoff_blockers(status, findings, state)
            if blockers:
                raise Refused(blockers[0])
            hashes = {c.id: c.hash for c in status.claims}
            return NewEvent(
                slug, "sign-off", member.id, status.version, None, None, {"claims": hashes}
            )

        return self.store.record(slug, decide, self.snapshot(article))


def _text(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise Refused(f"a {what} must be at most {MAX_TEXT} characters. Got {len(text)}.")
    return text
