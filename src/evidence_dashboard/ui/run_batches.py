"""Send a script run's messages to the browser together, when the run ends.

The browser redraws the page once for each group of messages that reaches it together: a
Compare rerun's ~50 messages, arriving a few at a time, cost it a full redraw of the page per
group (10 to 40 ms each). Until ``ui/tcp.py`` turned off Nagle's algorithm, the network batched
them by accident: all but the first few waited for the browser's delayed acknowledgement, up
to 40 ms, and then arrived as one. With the delay gone and nothing batching them, an outcome
change on Compare took the browser longer, not less (302 against 282 ms, ``bench_redraw_ab``).

:class:`RunBatches` (an ASGI middleware on the websocket) holds the messages a run sends and
passes them on, in their order, as soon as the run has finished (``script_finished``, for a
whole run or a fragment's), or at the latest ``HOLD_S`` after the first one held, so a long
run still shows its progress. Every message is passed on, unchanged. What is not a run's (an
upload's file addresses, a heartbeat's answer, the websocket's opening and closing) goes at
once, after anything held; HTTP passes straight through.
"""

from __future__ import annotations

import asyncio
import contextlib

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from evidence_dashboard.ui.page_head import ASGIApp, Message, Receive, Scope, Send

#: The longest a message is held (s): a run longer than this shows its progress this often.
HOLD_S = 0.1
_FIELDS = ForwardMsg.DESCRIPTOR.fields_by_name
_RUN_ENDED = _FIELDS["script_finished"].number
_HEADER = {_FIELDS["hash"].number, _FIELDS["metadata"].number}
#: What a run sends: held until it ends. Anything else (an upload's file addresses, a heartbeat's
#: answer, a session event) goes at once, after what is held.
_RUN_PARTS = {
    _FIELDS[name].number
    for name in ("new_session", "session_status_changed", "delta", "ref_hash", "navigation",
                 "page_config_changed", "page_info_changed", "logo", "git_info_changed")
}  # fmt: skip


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def message_kind(data: bytes) -> int | None:
    """The field number of a serialized ``ForwardMsg``'s one message (``delta``,
    ``script_finished``, ...): the first field after its hash and metadata. ``None`` if the
    bytes do not read as one."""
    at = 0
    try:
        while at < len(data):
            tag, at = _varint(data, at)
            field, wire = tag >> 3, tag & 7
            if field not in _HEADER:
                return field
            if wire == 0:
                _, at = _varint(data, at)
            elif wire == 2:
                length, at = _varint(data, at)
                at += length
            else:
                return None
    except IndexError:
        return None
    return None


class _HeldSends:
    """One websocket's sends: a run's messages held, then passed on in order."""

    def __init__(self, send: Send, hold_s: float) -> None:
        self._send = send
        self._hold_s = hold_s
        self._held: list[Message] = []
        self._lock = asyncio.Lock()
        self._timer: asyncio.TimerHandle | None = None
        self._flushes: set[asyncio.Task[None]] = set()

    async def send(self, message: Message) -> None:
        data = message.get("bytes") if message.get("type") == "websocket.send" else None
        kind = None if data is None else message_kind(data)
        if kind in _RUN_PARTS:
            self._held.append(message)
            if self._timer is None:
                self._timer = asyncio.get_running_loop().call_later(self._hold_s, self._deadline)
        elif kind == _RUN_ENDED:  # the run's end goes with the run
            self._held.append(message)
            await self.flush()
        else:  # not a run's (accept, close, an upload's addresses, a heartbeat's answer): now
            await self.flush()
            await self._send(message)

    def _deadline(self) -> None:
        self._timer = None
        task = asyncio.ensure_future(self.flush())
        self._flushes.add(task)  # kept until done (a task only weakly referenced may vanish)
        task.add_done_callback(self._flushes.discard)

    async def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        async with self._lock:  # a deadline's flush and a run's end keep the messages' order
            held, self._held = self._held, []
            for message in held:
                await self._send(message)


class RunBatches:
    """ASGI middleware: a script run's websocket messages sent together (see the module)."""

    def __init__(self, app: ASGIApp, hold_s: float = HOLD_S) -> None:
        self.app = app
        self.hold_s = hold_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "websocket":
            await self.app(scope, receive, send)
            return
        held = _HeldSends(send, self.hold_s)
        try:
            await self.app(scope, receive, held.send)
        finally:
            with contextlib.suppress(Exception):  # the browser may have gone: nothing to send to
                await held.flush()
