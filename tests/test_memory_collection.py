"""ui/memory.py: a full collection only when the process has grown, and then a real one."""

from __future__ import annotations

import gc
import weakref

from evidence_dashboard.ui import memory


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_resident_memory_is_read_on_linux():
    assert memory.resident_mb() is not None and memory.resident_mb() > 10


def test_no_collection_without_growth_and_one_after_it(monkeypatch):
    # The process's real RSS moves with whatever else ran in this worker (freed memory is
    # reused without growing it), so the readings are set here; the reading itself is above.
    readings = iter([500.0, 500.0, 510.0, 548.0, 520.0])
    monkeypatch.setattr(memory, "resident_mb", lambda: next(readings))
    memory.collect_if_grown(limit_mb=-1)  # a baseline right after a collection: 500 MB
    assert memory.collect_if_grown() is False  # 510 MB: ordinary reruns pay nothing
    gc.disable()  # keep Python's own collector from freeing the cycle first
    try:
        node = _Node()
        alive = weakref.ref(node)
        del node
        assert alive() is not None  # garbage, but in a cycle: still held
        assert memory.collect_if_grown(limit_mb=32) is True  # 548 MB: 48 more than after the last
        assert alive() is None
    finally:
        gc.enable()
