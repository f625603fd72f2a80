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


def test_a_collection_hands_freed_heap_back_to_the_system(monkeypatch):
    trims = []
    monkeypatch.setattr(memory, "_TRIM", lambda pad: trims.append(pad) or 1)
    monkeypatch.setattr(memory, "_after_last_collection", [])  # no collection yet
    readings = iter([400.0, 380.0, 390.0])
    monkeypatch.setattr(memory, "resident_mb", lambda: next(readings))
    assert memory.collect_if_grown() is True  # the first call collects: 400 MB, then 380
    assert trims == [0]
    assert memory.collect_if_grown() is False  # 390 MB, 10 more: no collection, no trim
    assert trims == [0]


def test_glibc_malloc_trim_is_found_on_linux():
    # The C library of every supported Linux image is glibc (Debian); elsewhere it is None.
    assert memory._TRIM is not None
    assert memory._TRIM(0) in (0, 1)
