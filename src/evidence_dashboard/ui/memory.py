"""Garbage collection when the process has grown, instead of after every script run.

Streamlit runs a full ``gc.collect(2)`` after every run (``runner.postScriptGC``). With plotly and
pandas loaded that is about 150 ms a rerun, most of a Compare change's time, so the app turns it
off (``.streamlit/config.toml``). Python's own collector counts objects, not bytes: a few large
frames left in reference cycles by a run over a 100,000-row upload would pile up unseen. So each
run first looks at the process's resident memory and collects only when it grew by more than
:data:`GROWTH_MB` since the last collection: never on ordinary reruns, once every run or two
while big tables are being drawn. After a collection, freed heap memory is handed back to the
system (glibc's ``malloc_trim``), so resident memory shows what is alive, not the high-water
mark of the last big table.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import threading
from collections.abc import Callable

GROWTH_MB = 32.0
_lock = threading.Lock()
_after_last_collection: list[float] = []


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or ``None`` where the C library has none (macOS, musl)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


_TRIM = _malloc_trim()


def resident_mb() -> float | None:
    """This process's resident memory in MB (Linux ``/proc``; ``None`` elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def collect_if_grown(limit_mb: float = GROWTH_MB) -> bool:
    """Run a full collection if resident memory grew by more than ``limit_mb`` since the last.

    Where resident memory cannot be read, collects on every call, as Streamlit would.
    Returns whether it collected.
    """
    with _lock:
        now = resident_mb()
        if (
            now is not None
            and _after_last_collection
            and now - _after_last_collection[0] <= limit_mb
        ):
            return False
        gc.collect()
        if _TRIM is not None:
            _TRIM(0)  # hand freed heap pages back, so the next reading is what is alive
        after = resident_mb()
        _after_last_collection[:] = [after if after is not None else 0.0]
        return True
