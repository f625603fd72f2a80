"""The review store: the hash-chained event log and its state tables, on SQLite or PostgreSQL.

SQLite is the default (one file under the data directory, WAL journal, ``synchronous=FULL`` so
an acknowledged verdict survives a crash); PostgreSQL serves a team. Appends are serialised
(SQLite ``BEGIN IMMEDIATE``, a PostgreSQL transaction-level advisory lock), so each event's
number and previous hash are read and written in one step and the chain never forks.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool, StaticPool

from evidence_dashboard.review import tables as t
from evidence_dashboard.review.hashing import canonical
from evidence_dashboard.review.model import (
    ArticleState,
    CommentRecord,
    Dismissal,
    Event,
    NewEvent,
    SignOff,
    VerdictRecord,
    seal,
)

HOME_ENV_VAR = "EVIDENCE_DASHBOARD_HOME"
DATABASE_ENV_VAR = "EVIDENCE_DASHBOARD_DATABASE_URL"
DATABASE_FILE = "review.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0001"  # the newest migration's revision (a test checks it against the scripts)
_PG_LOCK = 7_305_112  # an arbitrary constant naming "the review log" among advisory locks


class Refused(Exception):
    """An action the rules refuse; the message is one line saying why."""


def default_home() -> Path:
    """The data directory: ``$EVIDENCE_DASHBOARD_HOME``, else the platform's user-data folder."""
    configured = os.environ.get(HOME_ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "evidence-dashboard"


def default_database_url() -> str:
    """``$EVIDENCE_DASHBOARD_DATABASE_URL``, else a SQLite file in :func:`default_home`."""
    configured = os.environ.get(DATABASE_ENV_VAR, "").strip()
    if configured:
        return configured
    return f"sqlite+pysqlite:///{default_home() / DATABASE_FILE}"


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def make_engine(url: str) -> Engine:
    """An engine with the settings the log needs on each database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    memory = parsed.database in (None, "", ":memory:")
    if not memory:
        Path(str(parsed.database)).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # NullPool: each use opens a fresh connection, so a forked or second process never shares
    # one. An in-memory database lives in its one connection, so it keeps that one.
    engine = create_engine(
        url,
        poolclass=StaticPool if memory else NullPool,
        connect_args={"timeout": 60, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: object) -> None:
        # Let SQLAlchemy (below) issue BEGIN itself; pysqlite's own BEGIN is deferred.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock at the start, so two appends never read the same head.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _lock(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (safe to call from several processes at once)."""
    if _revision(engine) == HEAD:
        return  # the usual case: skip loading Alembic's scripts on every start
    # Imported here: Alembic takes about a second to import, and only a migration needs it.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        _lock(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql(
                "SELECT version_num FROM review_alembic_version"
            ).scalar()
    except SQLAlchemyError:
        return None


class ReviewStore:
    """The event log of one database.

    Parameters
    ----------
    url : str, optional
        A SQLAlchemy URL; default :func:`default_database_url`.
    clock : callable, optional
        Returns the ISO 8601 UTC time stamp of a new event (tests pass a fixed clock).
    """

    def __init__(self, url: str | None = None, clock: Callable[[], str] = _utc_now) -> None:
        self.url = url or default_database_url()
        self.engine = make_engine(self.url)
        self.clock = clock
        upgrade(self.engine)

    def __repr__(self) -> str:
        return f"ReviewStore({make_url(self.url).render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    # ------------------------------------------------------------------ writing
    def record(
        self,
        article: str,
        decide: Callable[[ArticleState], NewEvent],
        snapshot: Mapping[str, Any] | None = None,
    ) -> Event:
        """Append the event ``decide`` returns for the article's current state, atomically.

        ``decide`` runs inside the locked transaction, so its checks (quorum, reply targets)
        see exactly the state the event is appended to; raising :class:`Refused` appends nothing.
        ``snapshot`` is the content of the event's version (kept once per version, for diffs).
        """
        with self.engine.begin() as connection:
            _lock(connection)
            new = decide(read_state(connection, article))
            head = connection.execute(select(t.chain_head.c.seq, t.chain_head.c.hash)).one()
            sealed = seal(new, head.seq + 1, self.clock(), head.hash)
            connection.execute(t.events.insert().values(_event_row(sealed)))
            connection.execute(
                update(t.chain_head)
                .values(seq=sealed.seq, hash=sealed.hash)
                .where(t.chain_head.c.id == 1)
            )
            project(connection, sealed)
            if snapshot is not None:
                known = select(t.snapshots.c.version).where(t.snapshots.c.version == sealed.version)
                if connection.execute(known).first() is None:
                    connection.execute(
                        t.snapshots.insert().values(
                            version=sealed.version, article=article, content=canonical(snapshot)
                        )
                    )
            return sealed

    # ------------------------------------------------------------------ reading
    def state(self, article: str) -> ArticleState:
        """The article's state as kept in the state tables."""
        with self.engine.connect() as connection:
            return read_state(connection, article)

    def events(self, article: str | None = None) -> tuple[Event, ...]:
        """Every event in log order, or only one article's."""
        query = select(t.events).order_by(t.events.c.seq)
        if article is not None:
            query = query.where(t.events.c.article == article)
        with self.engine.connect() as connection:
            return tuple(_event_from_row(r._mapping) for r in connection.execute(query))

    def snapshots(self, article: str) -> dict[str, dict[str, Any]]:
        """Every stored version of an article's content, by version hash."""
        query = select(t.snapshots).where(t.snapshots.c.article == article)
        with self.engine.connect() as connection:
            return {r.version: json.loads(r.content) for r in connection.execute(query)}

    def head(self) -> tuple[int, str]:
        """The number and hash of the last event as the chain head records them."""
        with self.engine.connect() as connection:
            row = connection.execute(select(t.chain_head.c.seq, t.chain_head.c.hash)).one()
            return int(row.seq), str(row.hash)

    def articles(self) -> tuple[str, ...]:
        """Every article with at least one event (log order of first appearance)."""
        return tuple(dict.fromkeys(e.article for e in self.events()))


def _event_row(e: Event) -> dict[str, Any]:
    row = e.as_dict()
    row["payload"] = json.dumps(row["payload"], sort_keys=True, ensure_ascii=False)
    return row


def _event_from_row(row: Any) -> Event:
    return Event(
        seq=int(row["seq"]),
        article=row["article"],
        kind=row["kind"],
        actor=row["actor"],
        at=row["at"],
        version=row["version"],
        claim=row["claim"],
        claim_hash=row["claim_hash"],
        payload=json.loads(row["payload"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def project(connection: Connection, e: Event) -> None:
    """Write one event's effect into the state tables (the table form of ``model.apply``)."""
    p = e.payload
    if e.kind == "verdict":
        key = (
            (t.verdicts.c.article == e.article)
            & (t.verdicts.c.claim == e.claim)
            & (t.verdicts.c.member == e.actor)
            & (t.verdicts.c.claim_hash == e.claim_hash)
        )
        connection.execute(t.verdicts.delete().where(key))
        connection.execute(
            t.verdicts.insert().values(
                article=e.article,
                claim=e.claim,
                member=e.actor,
                claim_hash=e.claim_hash,
                verdict=p["verdict"],
                comment=p.get("comment", ""),
                seq=e.seq,
                at=e.at,
            )
        )
    elif e.kind == "comment":
        connection.execute(
            t.comments.insert().values(
                id=e.seq,
                article=e.article,
                claim=e.claim,
                member=e.actor,
                claim_hash=e.claim_hash,
                text=p["text"],
                quote=p.get("quote", ""),
                reply_to=p.get("reply_to"),
                at=e.at,
            )
        )
    elif e.kind == "sign-off":
        connection.execute(
            t.signoffs.insert().values(
                seq=e.seq,
                article=e.article,
                member=e.actor,
                version=e.version,
                claim_hashes=json.dumps(p["claims"], sort_keys=True),
                at=e.at,
            )
        )
    elif e.kind == "dismiss-finding":
        connection.execute(
            t.dismissals.insert().values(
                seq=e.seq,
                article=e.article,
                member=e.actor,
                claim=e.claim,
                finding=p["finding"],
                reason=p["reason"],
                version=e.version,
                at=e.at,
            )
        )


def read_state(connection: Connection, article: str) -> ArticleState:
    """One article's state as the state tables hold it."""

    def rows(table: Any, order: Any) -> list[Any]:
        query = select(table).where(table.c.article == article).order_by(*order)
        return [r._mapping for r in connection.execute(query)]

    v = t.verdicts.c
    verdicts = tuple(
        VerdictRecord(
            r["claim"],
            r["member"],
            r["claim_hash"],
            r["verdict"],
            r["comment"],
            int(r["seq"]),
            r["at"],
        )
        for r in rows(t.verdicts, (v.claim, v.member, v.claim_hash))
    )
    comments = tuple(
        CommentRecord(
            int(r["id"]),
            r["claim"],
            r["member"],
            r["claim_hash"],
            r["text"],
            r["quote"],
            r["reply_to"],
            r["at"],
        )
        for r in rows(t.comments, (t.comments.c.id,))
    )
    signoffs = tuple(
        SignOff(
            int(r["seq"]),
            r["member"],
            r["version"],
            tuple(sorted(json.loads(r["claim_hashes"]).items())),
            r["at"],
        )
        for r in rows(t.signoffs, (t.signoffs.c.seq,))
    )
    dismissals = tuple(
        Dismissal(
            int(r["seq"]), r["member"], r["claim"], r["finding"], r["reason"], r["version"], r["at"]
        )
        for r in rows(t.dismissals, (t.dismissals.c.seq,))
    )
    return ArticleState(article, verdicts, comments, signoffs, dismissals)
