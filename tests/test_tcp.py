"""The served app's connections send at once (``ui/tcp.py``): TCP_NODELAY on accepted sockets."""

from __future__ import annotations

import asyncio
import asyncio.base_events
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from evidence_dashboard.ui import tcp

ROOT = Path(__file__).resolve().parents[1]


async def _accepted_nodelay() -> int:
    """TCP_NODELAY on a connection accepted by an asyncio server on a socket bound the way
    Streamlit's server binds its own (``socket.socket(family=...)``: protocol 0)."""
    listener = socket.socket(family=socket.AF_INET)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(accepted, sock=listener)
    async with server:
        _, writer = await asyncio.open_connection(*listener.getsockname()[:2])
        value = await asyncio.wait_for(seen, 10)
        writer.close()
    return value


@pytest.mark.skipif(not hasattr(socket, "TCP_NODELAY"), reason="no TCP_NODELAY on this system")
def test_connections_accepted_on_a_protocol_0_socket_get_nodelay(monkeypatch):
    assert socket.socket(family=socket.AF_INET).proto == 0  # as Streamlit binds it
    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", asyncio.base_events._set_nodelay)
    tcp.no_delay()
    tcp.no_delay()  # twice is the same as once
    # A loop of its own: the browser tests leave a running asyncio loop in this worker.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, _accepted_nodelay()).result() != 0


def test_the_served_app_turns_it_on_before_serving():
    """Importing ``serve.py`` (as ``streamlit run serve.py`` does, before it serves) applies it."""
    check = (
        "import asyncio.base_events, runpy, sys\n"
        f"sys.path.insert(0, {str(ROOT / 'src')!r})\n"
        "from evidence_dashboard.ui import tcp\n"
        f"runpy.run_path({str(ROOT / 'serve.py')!r})\n"
        "assert asyncio.base_events._set_nodelay is tcp._set_nodelay\n"
    )
    subprocess.run([sys.executable, "-c", check], check=True, cwd=ROOT, timeout=120)
