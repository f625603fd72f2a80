"""Counts the hostile and malformed-input tests report at the end of the run."""

from __future__ import annotations

COUNTS: dict[str, int] = {}
SLOWEST: dict[str, tuple[float, str]] = {}


def add(name: str, n: int = 1) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + n


def slowest(name: str, seconds: float, label: str) -> None:
    if seconds > SLOWEST.get(name, (-1.0, ""))[0]:
        SLOWEST[name] = (seconds, label)
