"""``review verify``: prove the log is the one that was written.

The chain is walked from the first event: each event must carry the next number, name the
previous event's hash, and hash to its own recorded hash; the chain head must name the last
event; and the state tables must equal a replay of the log. The first break is reported by
event number, so an edited, removed, inserted or reordered event is named.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from evidence_dashboard.review import tables as t
from evidence_dashboard.review.model import GENESIS, Event, event_hash, replay
from evidence_dashboard.review.store import ReviewStore, read_state
from evidence_dashboard.review.versions import short, snapshot_version


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome of a verification: ``ok``, how many events, and the first problem found."""

    ok: bool
    events: int
    head: str
    problem: str | None = None
    bad_event: int | None = None


def _raw_events(store: ReviewStore) -> list[dict[str, object]]:
    # Raw rows: a tampered payload may not even be JSON, and that must be reported too.
    with store.engine.connect() as connection:
        query = select(t.events).order_by(t.events.c.seq)
        return [dict(r._mapping) for r in connection.execute(query)]


def _walk(rows: list[dict[str, object]]) -> tuple[list[Event], tuple[int, str] | None]:
    """The events up to the first break, and that break (event number, why) if any."""
    previous, expected = GENESIS, 1
    events: list[Event] = []
    for row in rows:
        seq = int(row["seq"])
        if seq != expected:
            what = "missing" if seq > expected else "out of order"
            why = f"expected event {expected} here, found event {seq} (an event is {what})."
            return events, (expected, why)
        if row["prev_hash"] != previous:
            why = "it does not follow the event before it (an event was removed, inserted or "
            return events, (seq, why + "reordered).")
        try:
            payload = json.loads(str(row["payload"]))
        except ValueError:
            return events, (seq, "its payload is not readable (the row was edited).")
        event = Event(
            seq,
            *(str(row[k]) for k in ("article", "kind", "actor", "at", "version")),
            *(None if row[k] is None else str(row[k]) for k in ("claim", "claim_hash")),
            payload,
            str(row["prev_hash"]),
            str(row["hash"]),
        )
        if event_hash(seq, event, event.at, event.prev_hash, payload) != event.hash:
            return events, (seq, "its content does not match its hash (the row was edited).")
        events.append(event)
        previous, expected = event.hash, expected + 1
    return events, None


def verify(store: ReviewStore) -> Verification:
    """Walk the chain, check the chain head, and compare the state tables with a replay.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     store = ReviewStore(f"sqlite+pysqlite:///{tmp}/r.sqlite3")
    ...     result = verify(store)
    ...     store.close()
    >>> result.ok, result.events
    (True, 0)
    """
    rows = _raw_events(store)
    events, problem = _walk(rows)
    last = events[-1].hash if events else GENESIS
    if problem is not None:
        at, why = problem
        return Verification(False, len(rows), last, f"event {at}: {why}", at)
    head_seq, head_hash = store.head()
    if (head_seq, head_hash) != (len(events), last):
        if head_seq > len(events):
            at, why = len(events) + 1, "is missing (events were removed from the end)"
        elif head_seq < len(events):
            at, why = head_seq + 1, "was added after the chain head"
        else:
            at, why = head_seq, "does not match the chain head's hash"
        message = (
            f"event {at}: {why}; the chain head records event {head_seq}, the log ends at "
            f"event {len(events)}."
        )
        return Verification(False, len(events), last, message, at)
    with store.engine.connect() as connection:
        in_tables = {
            str(r[0])
            for table in (t.verdicts, t.comments, t.signoffs, t.dismissals)
            for r in connection.execute(select(table.c.article).distinct())
        }
        for article in sorted({*(e.article for e in events), *in_tables}):
            if read_state(connection, article) != replay(events, article):
                message = (
                    f"article '{article}': the review tables differ from a replay of the log "
                    "(a state row was changed outside the log)."
                )
                return Verification(False, len(events), last, message)
        for row in connection.execute(select(t.snapshots)):
            try:
                intact = snapshot_version(json.loads(row.content)) == row.version
            except (ValueError, KeyError, TypeError):
                intact = False
            if not intact:
                message = f"snapshot of version {short(row.version)}: its content was changed."
                return Verification(False, len(events), last, message)
    return Verification(True, len(events), last)
