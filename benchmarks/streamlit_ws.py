"""A Streamlit session over the app's own websocket, as the browser holds it, without a browser.

The benchmark's concurrent sessions use it: 25 Chromium tabs on two cores measure Chromium
drawing plotly, not the app. This client speaks the same protocol the frontend does (protobuf
``BackMsg`` in, ``ForwardMsg`` out on ``/_stcore/stream``): it opens a page with a query string,
reads the widgets the run sent, and changes one the way a click does (a rerun carrying the
widget's new value, the other widgets' values unchanged). A change's time runs from sending the
rerun to the ``script_finished`` message, after every delta of that run has arrived.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus


@dataclass
class Widget:
    """A widget as the last run drew it: its id, label, options and shown value."""

    id: str
    kind: str
    label: str
    options: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class Run:
    """One script run: how long it took, the widgets and texts it drew, and any exception."""

    seconds: float
    widgets: dict[str, Widget]
    texts: list[str]
    exceptions: list[str]


class Session:
    """One browser-like session on ``ws://host:port/_stcore/stream``."""

    def __init__(self, base_url: str, page: str, query: str = "") -> None:
        self.http = base_url.rstrip("/")
        self.page = page
        self.query = query.lstrip("?")
        self.widgets: dict[str, Widget] = {}
        self.states: dict[str, WidgetState] = {}  # what this client has set, as the frontend keeps
        self._socket: websockets.ClientConnection | None = None

    async def open(self) -> Run:
        """Connect and run the page, as opening a shared link does."""
        ws_url = "ws" + self.http.removeprefix("http") + "/_stcore/stream"
        self._socket = await websockets.connect(
            ws_url, subprotocols=["streamlit"], origin=self.http, max_size=2**26
        )
        return await self._rerun()

    async def change(self, label: str, option: str) -> Run:
        """Choose ``option`` in the selectbox labelled ``label`` (the label's start is enough)."""
        widget = next(w for w in self.widgets.values() if w.label.startswith(label))
        if option not in widget.options:
            raise ValueError(f"{option!r} is not an option of {widget.label!r}: {widget.options}")
        self.states[widget.id] = WidgetState(id=widget.id, string_value=option)
        return await self._rerun()

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def _rerun(self) -> Run:
        assert self._socket is not None
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        state.widget_states.widgets.extend(self.states.values())
        start = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        widgets: dict[str, Widget] = {}
        texts: list[str] = []
        exceptions: list[str] = []
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await self._socket.recv())
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                _read_element(forward.delta.new_element, widgets, texts, exceptions)
            elif kind == "page_info_changed":
                self.query = forward.page_info_changed.query_string
            elif kind == "script_finished":
                if forward.script_finished == FINISHED.FINISHED_EARLY_FOR_RERUN:
                    continue  # the page asked for a rerun of its own; its end is the run's end
                seconds = time.perf_counter() - start
                self.widgets = widgets
                return Run(seconds, widgets, texts, exceptions)


def _read_element(element, widgets: dict[str, Widget], texts: list[str], errors: list[str]) -> None:
    kind = element.WhichOneof("type")
    if kind == "selectbox":
        box = element.selectbox
        value = box.raw_value if box.HasField("raw_value") else ""
        if not value and box.HasField("default") and 0 <= box.default < len(box.options):
            value = box.options[box.default]
        widgets[box.id] = Widget(box.id, kind, box.label, list(box.options), value)
    elif kind == "markdown":
        texts.append(element.markdown.body)
    elif kind == "alert":
        texts.append(element.alert.body)
    elif kind == "exception":
        errors.append(f"{element.exception.type}: {element.exception.message}")
