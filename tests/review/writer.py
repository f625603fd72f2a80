"""A writer process for the concurrency and crash tests: records verdicts, acknowledging each.

Run as ``python writer.py URL NAME COUNT``: prints ``ack SEQ CLAIM`` (flushed) after each
verdict's transaction has committed, so a parent that reads an ack knows it was acknowledged.
"""

from __future__ import annotations

import sys

from evidence_dashboard.review.model import NewEvent
from evidence_dashboard.review.store import ReviewStore


def main(url: str, name: str, count: int) -> None:
    """Record ``count`` verdicts by member ``name``, one claim each."""
    store = ReviewStore(url)
    for i in range(count):
        event = NewEvent(
            "art", "verdict", name, "a" * 64, f"c{i}", "b" * 64, {"verdict": "agree", "comment": ""}
        )
        sealed = store.record("art", lambda _state, e=event: e)
        print(f"ack {sealed.seq} {sealed.claim}", flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
