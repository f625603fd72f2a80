"""Tampering: any edited, removed, inserted or reordered event row makes verify name it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from evidence_dashboard.review.model import seal
from evidence_dashboard.review.store import ReviewStore
from evidence_dashboard.review.verify import verify

from .helpers import verdict_event

COLUMNS = "seq, article, kind, actor, at, version, claim, claim_hash, payload, prev_hash, hash"


def _log(url: str, n: int = 6) -> ReviewStore:
    store = ReviewStore(url)
    for i in range(n):
        event = verdict_event("art", ("ana", "ben", "cai")[i % 3], f"c{i // 3}")
        store.record("art", lambda _state, e=event: e)
    assert verify(store).ok
    return store


def _as_attacker(url: str, *statements: str) -> None:
    """Run SQL as someone with direct write access who first removes the append-only guard."""
    engine = create_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE review_events DISABLE TRIGGER USER"))
        else:
            connection.execute(text("DROP TRIGGER IF EXISTS review_events_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS review_events_no_delete"))
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


CASES = {
    "edit": (
        ["UPDATE review_events SET actor = 'zed' WHERE seq = 3"],
        3,
        "does not match its hash",
    ),
    "edit-time": (
        ["UPDATE review_events SET at = '2020-01-01' WHERE seq = 2"],
        2,
        "does not match",
    ),
    "delete": (["DELETE FROM review_events WHERE seq = 4"], 4, "an event is missing"),
    "delete-last": (["DELETE FROM review_events WHERE seq = 6"], 6, "removed from the end"),
    "insert": (
        [
            f"INSERT INTO review_events ({COLUMNS}) SELECT 7, article, kind, actor, at, version, "
            "claim, claim_hash, payload, hash, hash || '' FROM review_events WHERE seq = 6".replace(
                "hash || ''", "'" + "f" * 64 + "'"
            )
        ],
        7,
        "does not match its hash",
    ),
    "reorder": (
        [
            "UPDATE review_events SET seq = 100 WHERE seq = 2",
            "UPDATE review_events SET seq = 2 WHERE seq = 3",
            "UPDATE review_events SET seq = 3 WHERE seq = 100",
        ],
        2,
        "does not follow the event before it",
    ),
    "state-table": (
        ["UPDATE review_verdicts SET verdict = 'disagree' WHERE seq = 1"],
        None,
        "the review tables differ from a replay",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_verify_names_the_first_bad_event(db_url, case):
    statements, bad, fragment = CASES[case]
    store = _log(db_url)
    _as_attacker(db_url, *statements)
    result = verify(store)
    store.close()
    assert not result.ok and result.bad_event == bad
    assert fragment in result.problem
    if bad is not None:
        assert result.problem.startswith(f"event {bad}: ")


def test_the_database_refuses_update_and_delete_of_events(db_url):
    store = _log(db_url, 2)
    engine = create_engine(db_url)
    for statement in ("UPDATE review_events SET actor = 'x'", "DELETE FROM review_events"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    if engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text("TRUNCATE review_events"))
    engine.dispose()
    assert verify(store).ok and verify(store).events == 2
    store.close()


def test_a_well_forged_appended_event_is_caught_by_the_chain_head(db_url):
    """An attacker who hashes a new event correctly still leaves the head behind."""
    store = _log(db_url, 3)
    last = store.events()[-1]
    forged = seal(verdict_event("art", "zed", "c9"), 4, last.at, last.hash)
    row = {**forged.as_dict(), "payload": json.dumps(dict(forged.payload))}
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                f"INSERT INTO review_events ({COLUMNS}) VALUES (:seq, :article, "
                ":kind, :actor, :at, :version, :claim, :claim_hash, :payload, "
                ":prev_hash, :hash)"
            ),
            row,
        )
    engine.dispose()
    result = verify(store)
    store.close()
    assert (result.ok, result.bad_event) == (False, 4)
    assert result.problem.startswith("event 4: was added after the chain head")
