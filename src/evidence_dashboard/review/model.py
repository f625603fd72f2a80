"""Review events and the state they add up to.

Every action is an :class:`Event` in one append-only log, chained by hashes: each event's hash
covers its own content and the previous event's hash, so changing, removing, inserting or
reordering any event breaks the chain at that point. :func:`replay` folds events into the
:class:`ArticleState` of each article; the store keeps the same state in tables, and
``review verify`` checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from evidence_dashboard.review.hashing import digest

VERDICTS = ("agree", "agree-with-changes", "disagree", "abstain")
KINDS = ("verdict", "comment", "sign-off", "dismiss-finding")
GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An action decided but not yet in the log (the store gives it a number and hashes)."""

    article: str
    kind: str
    actor: str
    version: str
    claim: str | None = None
    claim_hash: str | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Event:
    """One event of the log: who did what, when, on which version, chained to the previous."""

    seq: int
    article: str
    kind: str
    actor: str
    at: str
    version: str
    claim: str | None
    claim_hash: str | None
    payload: Mapping[str, Any]
    prev_hash: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return {
            "seq": self.seq,
            "article": self.article,
            "kind": self.kind,
            "actor": self.actor,
            "at": self.at,
            "version": self.version,
            "claim": self.claim,
            "claim_hash": self.claim_hash,
            "payload": dict(self.payload),
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def event_hash(
    seq: int, new: NewEvent | Event, at: str, prev_hash: str, payload: Mapping[str, Any]
) -> str:
    """The hash of an event: its number, every field, and the previous event's hash."""
    return digest(
        {
            "seq": seq,
            "article": new.article,
            "kind": new.kind,
            "actor": new.actor,
            "at": at,
            "version": new.version,
            "claim": new.claim,
            "claim_hash": new.claim_hash,
            "payload": dict(payload),
            "prev": prev_hash,
        }
    )


def seal(new: NewEvent, seq: int, at: str, prev_hash: str) -> Event:
    """Number, timestamp and hash a decided action."""
    payload = dict(new.payload)
    return Event(
        seq,
        new.article,
        new.kind,
        new.actor,
        at,
        new.version,
        new.claim,
        new.claim_hash,
        payload,
        prev_hash,
        event_hash(seq, new, at, prev_hash, payload),
    )


@dataclass(frozen=True, slots=True)
class VerdictRecord:
    """A member's latest verdict on one claim at one claim hash."""

    claim: str
    member: str
    claim_hash: str
    verdict: str
    comment: str
    seq: int
    at: str


@dataclass(frozen=True, slots=True)
class CommentRecord:
    """One comment in a claim's thread, anchored to the text it quotes."""

    id: int
    claim: str
    member: str
    claim_hash: str
    text: str
    quote: str
    reply_to: int | None
    at: str


@dataclass(frozen=True, slots=True)
class SignOff:
    """A chair's sign-off of one article version, with every claim's hash at that moment."""

    seq: int
    member: str
    version: str
    claim_hashes: tuple[tuple[str, str], ...]
    at: str


@dataclass(frozen=True, slots=True)
class Dismissal:
    """An audit finding set aside by a member, with the reason recorded."""

    seq: int
    member: str
    claim: str
    finding: str
    reason: str
    version: str
    at: str


@dataclass(frozen=True, slots=True)
class ArticleState:
    """Everything the log says about one article (all tuples sorted, so states compare)."""

    article: str
    verdicts: tuple[VerdictRecord, ...] = ()
    comments: tuple[CommentRecord, ...] = ()
    signoffs: tuple[SignOff, ...] = ()
    dismissals: tuple[Dismissal, ...] = ()

    @property
    def last_signoff(self) -> SignOff | None:
        """The latest sign-off, or None."""
        return self.signoffs[-1] if self.signoffs else None

    def verdicts_on(self, claim: str, claim_hash: str) -> tuple[VerdictRecord, ...]:
        """The current verdicts of every member on this claim at this hash."""
        return tuple(v for v in self.verdicts if v.claim == claim and v.claim_hash == claim_hash)

    def comment(self, comment_id: int) -> CommentRecord | None:
        """The comment with this id (its event number), or None."""
        return next((c for c in self.comments if c.id == comment_id), None)


def verdict_key(v: VerdictRecord) -> tuple[str, str, str]:
    """The sort and identity key of a verdict: one per member, claim and claim hash."""
    return (v.claim, v.member, v.claim_hash)


def apply(state: ArticleState, event: Event) -> ArticleState:
    """The state after one event (events of other articles leave it unchanged)."""
    if event.article != state.article:
        return state
    p = event.payload
    if event.kind == "verdict":
        record = VerdictRecord(
            str(event.claim),
            event.actor,
            str(event.claim_hash),
            str(p["verdict"]),
            str(p.get("comment", "")),
            event.seq,
            event.at,
        )
        kept = [v for v in state.verdicts if verdict_key(v) != verdict_key(record)]
        return replace(state, verdicts=tuple(sorted([*kept, record], key=verdict_key)))
    if event.kind == "comment":
        reply = p.get("reply_to")
        comment = CommentRecord(
            event.seq,
            str(event.claim),
            event.actor,
            str(event.claim_hash),
            str(p["text"]),
            str(p.get("quote", "")),
            int(reply) if reply is not None else None,
            event.at,
        )
        return replace(state, comments=(*state.comments, comment))
    if event.kind == "sign-off":
        hashes = tuple(sorted((str(k), str(v)) for k, v in dict(p["claims"]).items()))
        signoff = SignOff(event.seq, event.actor, event.version, hashes, event.at)
        return replace(state, signoffs=(*state.signoffs, signoff))
    if event.kind == "dismiss-finding":
        dismissal = Dismissal(
            event.seq,
            event.actor,
            str(event.claim),
            str(p["finding"]),
            str(p["reason"]),
            event.version,
            event.at,
        )
        return replace(state, dismissals=(*state.dismissals, dismissal))
    raise ValueError(
        f"event {event.seq}: kind must be one of {', '.join(KINDS)}. Got {event.kind!r}."
    )


def replay(events: Iterable[Event], article: str) -> ArticleState:
    """Fold the log into one article's state, from nothing."""
    state = ArticleState(article)
    for event in events:
        state = apply(state, event)
    return state
