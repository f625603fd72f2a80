"""The Review page's view model: one card per claim, the sign-off check, the audit trail.

Pure: it takes the content, the board, the log state and the computed status, and says what
the person looking may see (blinding) and what each thread looks like (orphaned comments).
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence_dashboard.audit import Finding
from evidence_dashboard.content.articles import Article
from evidence_dashboard.review.board import Board
from evidence_dashboard.review.model import ArticleState, CommentRecord, Event, VerdictRecord
from evidence_dashboard.review.status import ClaimState, ReviewStatus
from evidence_dashboard.review.versions import claim_texts, short

VERDICT_LABELS = {
    "agree": "Agree",
    "agree-with-changes": "Agree with changes",
    "disagree": "Disagree",
    "abstain": "Abstain (conflict of interest)",
}


@dataclass(frozen=True, slots=True)
class ThreadItem:
    """A comment in a thread: how deep it is, and whether its quoted text is gone."""

    comment: CommentRecord
    depth: int
    orphaned: bool


@dataclass(frozen=True, slots=True)
class ClaimCard:
    """What the page shows for one claim."""

    state: ClaimState
    text: str
    blinded: bool
    mine: VerdictRecord | None
    others: tuple[VerdictRecord, ...]
    thread: tuple[ThreadItem, ...]
    findings: tuple[Finding, ...]
    dismissed: dict[str, str]

    @property
    def summary(self) -> str:
        """One line: verdict counts (or why they are hidden), stale, disagreements."""
        if self.blinded:
            parts = ["verdicts hidden until you give yours (blinded)"]
        else:
            counts = [f"{n} {VERDICT_LABELS[v].lower()}" for v, n in self.state.counts.items() if n]
            parts = [", ".join(counts) or "no verdicts yet"]
        if self.state.stale:
            parts.append("stale: changed since its last review")
        if self.state.open_disagreements and not self.blinded:
            parts.append(f"disagreement open ({', '.join(self.state.open_disagreements)})")
        errors = sum(
            1 for f in self.findings if f.severity == "error" and f.id not in self.dismissed
        )
        if self.findings:
            parts.append(f"audit: {errors} open error(s), {len(self.findings)} finding(s)")
        return " · ".join(parts)


def _thread(comments: tuple[CommentRecord, ...], texts: tuple[str, ...]) -> tuple[ThreadItem, ...]:
    """Comments in reply order, each under the one it answers."""
    children: dict[int | None, list[CommentRecord]] = {}
    for c in comments:
        parent = c.reply_to if any(o.id == c.reply_to for o in comments) else None
        children.setdefault(parent, []).append(c)
    out: list[ThreadItem] = []

    def walk(parent: int | None, depth: int) -> None:
        for c in children.get(parent, []):
            out.append(ThreadItem(c, depth, not any(c.quote in t for t in texts)))
            walk(c.id, depth + 1)

    walk(None, 0)
    return tuple(out)


def claim_cards(
    article: Article,
    board: Board,
    state: ArticleState,
    status: ReviewStatus,
    findings: tuple[Finding, ...],
    member_id: str | None,
) -> tuple[ClaimCard, ...]:
    """A card per claim for the person looking (``member_id`` None for a reader)."""
    cards = []
    for claim in status.claims:
        current = state.verdicts_on(claim.id, claim.hash)
        mine = next((v for v in current if v.member == member_id), None)
        texts = claim_texts(article, claim.id)
        # Blinded: a member who has not given a verdict here does not see the others'.
        blinded = board.blinded and member_id is not None and mine is None
        comments = tuple(c for c in state.comments if c.claim == claim.id)
        cards.append(
            ClaimCard(
                state=claim,
                text=texts[0] if texts else "",
                blinded=blinded,
                mine=mine,
                others=() if blinded else tuple(v for v in current if v.member != member_id),
                thread=_thread(comments, texts),
                findings=tuple(f for f in findings if f.claim == claim.id),
                dismissed={d.finding: d.reason for d in state.dismissals if d.claim == claim.id},
            )
        )
    return tuple(cards)


def trail_rows(events: tuple[Event, ...], board: Board) -> list[dict[str, object]]:
    """The audit trail as table rows: every event, who, when, what, version and hash."""
    rows = []
    for e in events:
        member = board.member(e.actor)
        detail = {
            "verdict": lambda p: f"{p.get('verdict')}: {p.get('comment', '')}".rstrip(": "),
            "comment": lambda p: str(p.get("text", "")),
            "sign-off": lambda p: f"signed off {len(p.get('claims', {}))} claims",
            "dismiss-finding": lambda p: f"dismissed {p.get('finding')}: {p.get('reason')}",
        }.get(e.kind, lambda p: "")(e.payload)
        rows.append(
            {
                "event": e.seq,
                "when (UTC)": e.at[:19].replace("T", " "),
                "who": member.name if member else e.actor,
                "what": e.kind,
                "claim": e.claim or "",
                "detail": detail,
                "version": short(e.version),
                "hash": short(e.hash),
                "previous": short(e.prev_hash),
            }
        )
    return rows
