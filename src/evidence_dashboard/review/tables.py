"""The review database: the event log, its chain head, and the state tables kept beside it.

The event log is the record; the state tables (verdicts, comments, sign-offs, dismissals) are
written in the same transaction as each event so pages read them cheaply, and ``verify`` checks
that they equal a replay of the log. The schema is created by the Alembic migrations shipped in
``review/migrations`` (never by ``create_all``), so a deployed database can be upgraded in place.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

metadata = MetaData()
HASH = 64

events = Table(
    "review_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("article", String(200), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("at", String(40), nullable=False),
    Column("version", String(HASH), nullable=False),
    Column("claim", String(200)),
    Column("claim_hash", String(HASH)),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(HASH), nullable=False),
    Column("hash", String(HASH), nullable=False, unique=True),
)

chain_head = Table(
    "review_chain_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(HASH), nullable=False),
)

verdicts = Table(
    "review_verdicts",
    metadata,
    Column("article", String(200), primary_key=True),
    Column("claim", String(200), primary_key=True),
    Column("member", String(64), primary_key=True),
    Column("claim_hash", String(HASH), primary_key=True),
    Column("verdict", String(40), nullable=False),
    Column("comment", Text, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("at", String(40), nullable=False),
)

comments = Table(
    "review_comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("article", String(200), nullable=False, index=True),
    Column("claim", String(200), nullable=False),
    Column("member", String(64), nullable=False),
    Column("claim_hash", String(HASH), nullable=False),
    Column("text", Text, nullable=False),
    Column("quote", Text, nullable=False),
    Column("reply_to", Integer),
    Column("at", String(40), nullable=False),
)

signoffs = Table(
    "review_signoffs",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("article", String(200), nullable=False, index=True),
    Column("member", String(64), nullable=False),
    Column("version", String(HASH), nullable=False),
    Column("claim_hashes", Text, nullable=False),
    Column("at", String(40), nullable=False),
)

dismissals = Table(
    "review_dismissals",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("article", String(200), nullable=False, index=True),
    Column("member", String(64), nullable=False),
    Column("claim", String(200), nullable=False),
    Column("finding", String(HASH), nullable=False),
    Column("reason", Text, nullable=False),
    Column("version", String(HASH), nullable=False),
    Column("at", String(40), nullable=False),
)

# The content of every version an event was recorded on, so any two versions can be diffed.
# Each snapshot hashes to its own version, so ``verify`` can prove it unchanged.
snapshots = Table(
    "review_snapshots",
    metadata,
    Column("version", String(HASH), primary_key=True),
    Column("article", String(200), nullable=False, index=True),
    Column("content", Text, nullable=False),
)
