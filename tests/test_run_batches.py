"""A run's websocket messages are held and sent together when it ends (``ui/run_batches.py``)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from evidence_dashboard.ui.run_batches import RunBatches, message_kind


def _message(kind: str, text: str = "") -> bytes:
    msg = ForwardMsg()
    msg.hash = "h" * 32
    msg.metadata.delta_path.extend([0, 3])
    if kind == "delta":
        msg.delta.new_element.markdown.body = text
    elif kind == "script_finished":
        msg.script_finished = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
    elif kind == "new_session":
        msg.new_session.name = text or "run"
    return msg.SerializeToString()


def _in_a_thread(coroutine) -> None:
    """Run ``coroutine`` on a loop of its own: the browser tests leave a running asyncio loop
    in this worker (as in test_page_head)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def test_message_kind_reads_the_field_after_hash_and_metadata():
    fields = ForwardMsg.DESCRIPTOR.fields_by_name
    assert message_kind(_message("delta", "x" * 500)) == fields["delta"].number
    assert message_kind(_message("script_finished")) == fields["script_finished"].number
    assert message_kind(_message("new_session")) == fields["new_session"].number
    assert message_kind(b"") is None
    assert message_kind(b"\x0a\xff") is None  # a length past the end: not a message


def _run(messages: list[dict], hold_s: float = 10.0, pause_s: float = 0.0):
    """Pass ``messages`` through the middleware; return what the server sent, with each send's
    position among the app's sends (how many the app had made when it went out)."""
    sent: list[tuple[int, dict]] = []
    made = 0

    async def server_send(message):
        sent.append((made, message))

    async def receive():
        return {"type": "websocket.receive"}

    async def app(scope, receive, send):
        nonlocal made
        for message in messages:
            made += 1
            await send(message)
            if pause_s:
                await asyncio.sleep(pause_s)

    async def main():
        await RunBatches(app, hold_s)({"type": "websocket"}, receive, server_send)

    _in_a_thread(main())
    return sent


def _send(data: bytes) -> dict:
    return {"type": "websocket.send", "bytes": data}


def test_a_run_is_sent_in_order_once_it_has_finished():
    run = [_send(_message("new_session")), *(_send(_message("delta", str(i))) for i in range(5))]
    end = _send(_message("script_finished"))
    sent = _run([{"type": "websocket.accept"}, *run, end, *run[:2]])
    assert [m for _, m in sent] == [{"type": "websocket.accept"}, *run, end, *run[:2]]
    # Nothing of the run went out before its end (the app's eighth send, after the accept); the
    # next run's two were held until the app was done with the socket.
    assert [when for when, _ in sent[1:8]] == [8] * 7
    assert [when for when, _ in sent[8:]] == [10, 10]


def test_a_long_run_shows_its_progress_after_the_hold():
    deltas = [_send(_message("delta", str(i))) for i in range(4)]
    sent = _run(deltas, hold_s=0.05, pause_s=0.04)
    assert [m for _, m in sent] == deltas  # all of them, in order
    assert sent[0][0] < len(deltas)  # the first went out before the run's last message


def test_closing_sends_what_is_held_first_and_other_traffic_passes():
    delta = _send(_message("delta", "last words"))
    close = {"type": "websocket.close", "code": 1000}
    assert [m for _, m in _run([delta, close])] == [delta, close]
    text = {"type": "websocket.send", "text": "not a ForwardMsg"}
    assert [m for _, m in _run([text])] == [text]


def test_http_is_not_touched():
    seen = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200})

    async def server_send(message):
        seen.append(message)

    _in_a_thread(RunBatches(app)({"type": "http"}, None, server_send))
    assert seen == [{"type": "http.response.start", "status": 200}]


def test_what_is_not_part_of_a_run_goes_at_once_after_what_is_held():
    delta = _send(_message("delta", "x"))
    msg = ForwardMsg()
    msg.file_urls_response.response_id = "upload-1"
    urls = _send(msg.SerializeToString())
    sent = _run([delta, urls])
    assert [m for _, m in sent] == [delta, urls]
    assert [when for when, _ in sent] == [2, 2]  # both when the addresses were sent
