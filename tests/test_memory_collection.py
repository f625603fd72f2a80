"""ui/memory.py: a full collection only when the process has grown, and then a real one."""

from __future__ import annotations

import gc
import weakref

from evidence_dashboard.ui import memory


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it
        self.payload = bytearray(48 * 2**20)


def test_resident_memory_is_read_on_linux():
    assert memory.resident_mb() is not None and memory.resident_mb() > 10


def test_no_collection_without_growth_and_one_after_it():
    memory.collect_if_grown(limit_mb=-1)  # a baseline right after a collection
    assert memory.collect_if_grown() is False  # nothing grew: ordinary reruns pay nothing
    gc.disable()  # keep Python's own collector from freeing the cycle first
    try:
        node = _Node()
        node.payload[::4096] = b"x" * len(node.payload[::4096])  # touch the pages: resident
        alive = weakref.ref(node)
        del node
        assert alive() is not None  # garbage, but in a cycle: still held
        assert memory.collect_if_grown(limit_mb=32) is True  # 48 MB more than after the last
        assert alive() is None
    finally:
        gc.enable()
