"""The HTML page the server sends, with two lines added to its head so a shared link opens sooner.

Streamlit's page, opened at a page's address (``/Compare?...``), does not know whether
``Compare`` is a page or the path the server lives under. It asks ``/Compare/_stcore/health``
first, waits 100 ms after the 404, then asks ``/_stcore/health``; only then does it connect.
And it starts fetching plotly (a 4.6 MB script) only once the first chart has arrived. Measured
in Chromium (``benchmarks/bench_open_ab.py``), the two cost a Compare link about 140 ms.

:class:`PageHead` adds to the page's head, before Streamlit's own script:

* ``window.__streamlit = {BACKEND_BASE_URL: ...}``: where the server is, read by Streamlit's
  page before its first request (its hook for hosts; it only picks the address to probe). The
  address is this server's root, plus ``server.baseUrlPath`` when one is set;
* ``<link rel="modulepreload">`` of the script of the element the page draws first, and of what
  that script imports, so the browser fetches and compiles them while the page connects:
  plotly's chart on most pages, the table on Evidence (which draws no chart).

Nothing from content or from the request goes into the page. Every other response passes
through untouched. ``serve.py`` (beside ``app.py``) serves the app with it;
``streamlit run app.py`` serves the same app with Streamlit's page as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import streamlit
from streamlit import config

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Streamlit's built page and scripts, as installed.
STATIC = Path(streamlit.__file__).parent / "static"
#: Paths that are never the page: Streamlit's endpoints, its scripts, media and components.
NOT_PAGES = ("/_stcore", "/static/", "/media/", "/component/", "/app/static/", "/-/")
#: Request headers dropped from a page request: the page is rewritten, so it is sent whole
#: (not compressed, not "304 not modified" against the unmodified file).
DROPPED = {b"accept-encoding", b"if-none-match", b"if-modified-since"}
#: Response headers that describe the unmodified file.
STALE = {b"content-length", b"etag", b"last-modified", b"content-encoding"}


#: The Streamlit element each page draws first (by the page's address); others: a plotly chart.
FIRST_ELEMENT = {"Evidence": "DataFrame"}
DEFAULT_FIRST_ELEMENT = "PlotlyChart"
#: A static import in one of Streamlit's built scripts (they import each other as "./name.js").
IMPORT = re.compile(r'(?:from|import)\s*"\./([\w.\-]+\.js)"')


def element_chunks(element: str, static: Path = STATIC) -> list[str]:
    """The file names of an element's script (e.g. ``PlotlyChart.D9Z0_fxz.js``) and of every
    script it imports, less those Streamlit's page already loads or preloads."""
    scripts = static / "static" / "js"
    page = (static / "index.html").read_text(encoding="utf-8")
    loaded = set(re.findall(r'\./static/js/([\w.\-]+\.js)"', page))
    found: list[str] = []
    todo = sorted(p.name for p in scripts.glob(f"{element}.*.js"))
    while todo:
        name = todo.pop(0)
        if name in found or name in loaded or not (scripts / name).is_file():
            continue
        found.append(name)
        # Imports come first; the dependency map of lazily loaded parts is not an import.
        head = (scripts / name).read_text(encoding="utf-8")[:50_000]
        lines = [line for line in head.splitlines() if not line.startswith("const __vite__")]
        todo.extend(IMPORT.findall("\n".join(lines)))
    return found


def within_base(path: str, base_path: str = "") -> str:
    """The address below the server's base path (``/dash/Compare`` under ``dash``: ``/Compare``)."""
    base = "/" + base_path.strip("/") if base_path.strip("/") else ""
    if base and (path == base or path.startswith(base + "/")):
        return path[len(base) :] or "/"
    return path


def page_name(path: str, base_path: str = "") -> str:
    """The page an address shows (``/dash/Evidence`` under ``dash``: ``Evidence``; ``/``: ``""``)."""
    return within_base(path, base_path).strip("/").split("/")[0]


def head_lines(base_path: str, chunks: list[str]) -> bytes:
    """What goes first in the page's head: the server's address and the preloads.

    >>> print(head_lines("apps/dash/", ["PlotlyChart.x.js"]).decode())
    <script>window.__streamlit = {BACKEND_BASE_URL: new URL("/apps/dash", location.origin).href};</script>
    <link rel="modulepreload" crossorigin href="./static/js/PlotlyChart.x.js">
    """
    root = "/" + base_path.strip("/")
    script = (
        f"<script>window.__streamlit = {{BACKEND_BASE_URL: new URL({json.dumps(root)}, "
        "location.origin).href};</script>"
    )
    preload = "".join(
        f'\n<link rel="modulepreload" crossorigin href="./static/js/{name}">' for name in chunks
    )
    return (script + preload).encode()


def is_page_request(scope: Scope, base_path: str = "") -> bool:
    """A GET for an address the page answers (``/``, ``/Compare``), not for a file or endpoint.

    >>> is_page_request({"type": "http", "method": "GET", "path": "/dash/Compare"}, "dash")
    True
    >>> is_page_request({"type": "http", "method": "GET", "path": "/dash/_stcore/health"}, "dash")
    False
    """
    path = within_base(str(scope.get("path", "")), base_path)
    return (
        scope.get("type") == "http"
        and scope.get("method") == "GET"
        and not path.startswith(NOT_PAGES)
        and "." not in path.rsplit("/", 1)[-1]
    )


class PageHead:
    """ASGI middleware: :func:`head_lines` at the start of every HTML page the server sends."""

    def __init__(self, app: ASGIApp, base_path: str | None = None) -> None:
        self.app = app
        self._base_path = base_path
        self._lines: dict[str, bytes] = {}

    @property
    def base_path(self) -> str:
        if self._base_path is None:  # read once the server has read its configuration
            self._base_path = str(config.get_option("server.baseUrlPath") or "")
        return self._base_path

    def lines(self, path: str) -> bytes:
        """The head lines for the page at ``path`` (computed once per first element: any
        address may be asked for, so the cache is not keyed by it)."""
        element = FIRST_ELEMENT.get(page_name(path, self.base_path), DEFAULT_FIRST_ELEMENT)
        if element not in self._lines:
            self._lines[element] = head_lines(self.base_path, element_chunks(element))
        return self._lines[element]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_page_request(scope, self.base_path):
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() not in DROPPED]
        start: Message = {}
        body: list[bytes] = []

        async def rewrite(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                if not _is_html(start):
                    await send(message)
                return
            if not _is_html(start):
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = b"".join(body)
            if b"<head>" in page:
                page = page.replace(b"<head>", b"<head>" + self.lines(scope["path"]), 1)
            kept = [(k, v) for k, v in start.get("headers", []) if k.lower() not in STALE]
            await send({**start, "headers": [*kept, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page, "more_body": False})

        await self.app({**scope, "headers": headers}, receive, rewrite)


def _is_html(start: Message) -> bool:
    return any(
        k.lower() == b"content-type" and v.lower().startswith(b"text/html")
        for k, v in start.get("headers", [])
    )
