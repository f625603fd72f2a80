"""The one canonical JSON form and its SHA-256, shared by versions and the event log.

Kept free of heavy imports so a process that only writes events starts quickly.
"""

from __future__ import annotations

import hashlib
import json

SHORT = 12


def canonical(value: object) -> str:
    """The one JSON text of a value: sorted keys, no spaces, UTF-8 kept, NaN refused."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def digest(value: object) -> str:
    """SHA-256 (hex) of :func:`canonical` of ``value``."""
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def short(version: str | None) -> str:
    """The first 12 hex digits of a hash, for display ("" for None)."""
    return (version or "")[:SHORT]
