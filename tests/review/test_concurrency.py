"""Several writer processes at once, and a writer killed mid-burst: nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from evidence_dashboard.review.store import ReviewStore
from evidence_dashboard.review.verify import verify

WRITER = Path(__file__).with_name("writer.py")
PROCESSES, EACH = 3, 10


def _env() -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[2] / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_concurrent_writers_lose_and_double_nothing(db_url):
    ReviewStore(db_url).close()  # schema first, as a deployment would
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), db_url, f"w{n}", str(EACH)],
            stdout=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for n in range(PROCESSES)
    ]
    acks = {}
    for n, process in enumerate(writers):
        out, _ = process.communicate(timeout=300)
        assert process.returncode == 0
        acks[f"w{n}"] = [line.split() for line in out.splitlines()]
        assert len(acks[f"w{n}"]) == EACH
    store = ReviewStore(db_url)
    events = store.events()
    assert [e.seq for e in events] == list(range(1, PROCESSES * EACH + 1))
    recorded = sorted((e.actor, e.claim) for e in events)
    assert recorded == sorted((f"w{n}", f"c{i}") for n in range(PROCESSES) for i in range(EACH))
    assert len(store.state("art").verdicts) == PROCESSES * EACH
    acked = {int(seq): (name, claim) for name, lines in acks.items() for _, seq, claim in lines}
    assert {e.seq: (e.actor, e.claim) for e in events} == acked
    assert verify(store).ok
    store.close()


def test_killed_writer_keeps_every_acknowledged_verdict(db_url):
    ReviewStore(db_url).close()
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), db_url, "w0", "100000"],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert writer.stdout is not None
    acked = [writer.stdout.readline().split() for _ in range(25)]
    writer.send_signal(signal.SIGKILL)  # mid-burst: it is writing the next verdicts now
    writer.wait(timeout=30)
    acked += [line.split() for line in writer.stdout.read().splitlines() if line.startswith("ack")]
    writer.stdout.close()

    store = ReviewStore(db_url)
    seen = {(e.seq, e.claim) for e in store.events()}
    assert {(int(seq), claim) for _, seq, claim in acked} <= seen
    assert len(seen) >= len(acked)
    result = verify(store)
    assert result.ok, result.problem
    store.close()
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(str(url.database)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
