"""Send the server's small messages at once: ``TCP_NODELAY`` on every connection it accepts.

Streamlit's server binds its listening socket itself (``socket.socket(family=...)``, for its
port search), so the socket, and each connection accepted on it, reports protocol 0. Python's
asyncio turns off Nagle's algorithm on a new TCP connection only when the socket reports
``IPPROTO_TCP`` (``asyncio.base_events._set_nodelay``), so on these it stays on. A run's
messages are small websocket frames: the first few go out, and the next ones then wait until
the browser acknowledges those, which on Linux it delays by up to 40 ms. Every rerun paid
that wait: a rerun's round trip over the websocket took 48 ms with it and 10 ms without, for
the Compare page and for a bare one-selectbox app alike (``benchmarks/bench_browser.py``).
The same issue, for uvicorn's own pre-bound sockets: https://github.com/Kludex/uvicorn/issues/3149

:func:`no_delay` makes asyncio set ``TCP_NODELAY`` on any stream socket of an internet family,
whatever protocol number it reports (for these, 0 is TCP). ``serve.py`` calls it before the
server accepts a connection. Nothing else about a connection changes.
"""

from __future__ import annotations

import asyncio.base_events
import socket

_INTERNET = {socket.AF_INET, socket.AF_INET6}


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in _INTERNET and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def no_delay() -> None:
    """Have asyncio turn off Nagle's algorithm on every TCP connection it sets up (idempotent)."""
    if hasattr(socket, "TCP_NODELAY"):
        asyncio.base_events._set_nodelay = _set_nodelay  # type: ignore[attr-defined]
