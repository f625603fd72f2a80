"""The page the server sends: two lines added to Streamlit's real index.html, nothing else touched.

The middleware is driven as the server drives it (ASGI), over Starlette's own FileResponse of the
installed Streamlit's ``index.html``; the browser side is in tests/e2e/test_page_head.py.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from starlette.responses import FileResponse, PlainTextResponse

from evidence_dashboard.ui.page_head import STATIC, PageHead, element_chunks, head_lines

INDEX = STATIC / "index.html"


class Inner:
    """An ASGI app that records the request it got and answers like Streamlit's server."""

    def __init__(self, response: Any, chunks: int = 1) -> None:
        self.response = response
        self.chunks = chunks
        self.seen: dict[str, Any] = {}

    async def __call__(self, scope, receive, send) -> None:
        self.seen = dict(scope)
        if self.chunks == 1:
            await self.response(scope, receive, send)
            return
        body = INDEX.read_bytes()  # the page in several body messages, as a stream sends it
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html; charset=utf-8")]})  # fmt: skip
        step = len(body) // self.chunks + 1
        for i in range(0, len(body), step):
            await send({"type": "http.response.body", "body": body[i : i + step],
                        "more_body": i + step < len(body)})  # fmt: skip


def fetch(app, path: str, headers: list[tuple[bytes, bytes]] | None = None, method: str = "GET"):
    """One request through ``app``: ``(status, headers, body)``."""
    sent: list[dict[str, Any]] = []
    scope = {"type": "http", "method": method, "path": path, "headers": headers or [],
             "query_string": b"", "http_version": "1.1", "scheme": "http",
             "server": ("127.0.0.1", 8501), "root_path": ""}  # fmt: skip

    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():  # the request, then nothing until the response is over
        if requests:
            return requests.pop()
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    # A thread of its own: the browser tests leave a running asyncio loop in this worker.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body


LINES = head_lines("", element_chunks("PlotlyChart"))  # every page but Evidence
TABLE_LINES = head_lines("", element_chunks("DataFrame"))  # Evidence draws a table, no chart
BROWSER = [(b"accept-encoding", b"gzip, br"), (b"if-none-match", b'"abc"'), (b"cookie", b"x=1")]


@pytest.mark.parametrize(
    ("path", "lines"), [("/", LINES), ("/Compare", LINES), ("/Evidence", TABLE_LINES)]
)
def test_a_page_gets_the_lines_first_in_its_head_and_is_otherwise_the_same(path, lines) -> None:
    inner = Inner(FileResponse(INDEX))
    status, headers, body = fetch(PageHead(inner, base_path=""), path, BROWSER)
    original = INDEX.read_bytes()
    assert status == 200
    assert body == original.replace(b"<head>", b"<head>" + lines, 1)
    assert body.count(b"window.__streamlit") == 1
    assert int(headers[b"content-length"]) == len(body)
    # Describing the unmodified file would let a browser keep a page without the lines.
    assert b"etag" not in headers and b"last-modified" not in headers
    sent = {k for k, _ in inner.seen["headers"]}
    assert sent == {b"cookie"}  # whole, uncompressed, never "not modified"


@pytest.mark.parametrize("element", ["PlotlyChart", "DataFrame"])
def test_the_lines_name_the_installed_scripts_and_the_server_root(element) -> None:
    chunks = element_chunks(element)
    scripts = STATIC / "static" / "js"
    assert chunks and chunks[0].startswith(f"{element}."), chunks  # the element's own, first
    assert all((scripts / name).is_file() for name in chunks)
    page = INDEX.read_text()
    assert not [name for name in chunks if name in page]  # nothing Streamlit already loads
    imports = (scripts / chunks[0]).read_text()[:50_000]
    assert chunks[1:] and f'"./{chunks[1]}"' in imports  # what the element's script imports
    text = head_lines("", chunks).decode()
    assert all(f'href="./static/js/{name}"' in text for name in chunks)
    assert 'new URL("/", location.origin)' in text


def test_any_address_is_answered_from_two_cached_heads() -> None:
    head = PageHead(Inner(FileResponse(INDEX)), base_path="")
    for i in range(50):  # an address per request must not grow the server's memory
        assert LINES in fetch(head, f"/no-such-page-{i}")[2]
    fetch(head, "/Evidence")
    assert len(head._lines) == 2


def test_a_page_sent_in_several_pieces_is_put_together_before_the_lines_go_in() -> None:
    _, headers, body = fetch(PageHead(Inner(None, chunks=5), base_path=""), "/Compare")
    assert body == INDEX.read_bytes().replace(b"<head>", b"<head>" + LINES, 1)
    assert int(headers[b"content-length"]) == len(body)


@pytest.mark.parametrize(
    "path", ["/_stcore/health", "/_stcore/host-config", "/static/js/index.js", "/favicon.png",
             "/media/abc.png", "/component/x/index.html", "/app/static/logo.svg"]
)  # fmt: skip
def test_files_and_endpoints_pass_through_untouched(path) -> None:
    inner = Inner(PlainTextResponse("ok"))
    status, _, body = fetch(PageHead(inner, base_path=""), path, BROWSER)
    assert (status, body) == (200, b"ok")
    assert inner.seen["headers"] == BROWSER  # the request as the browser sent it


def test_a_post_and_a_non_html_answer_at_a_page_address_are_untouched() -> None:
    inner = Inner(FileResponse(INDEX))
    assert (
        fetch(PageHead(inner, base_path=""), "/Compare", BROWSER, "POST")[2] == INDEX.read_bytes()
    )
    assert inner.seen["headers"] == BROWSER
    not_html = Inner(PlainTextResponse("no such thing", status_code=404))
    assert fetch(PageHead(not_html, base_path=""), "/Nope", BROWSER)[:3:2] == (
        404,
        b"no such thing",
    )


def test_under_a_base_path_the_server_address_includes_it_and_its_endpoints_pass() -> None:
    inner = Inner(FileResponse(INDEX))
    body = fetch(PageHead(inner, base_path="/tools/dash/"), "/tools/dash/Compare")[2]
    assert b'new URL("/tools/dash", location.origin)' in body
    health = Inner(PlainTextResponse("ok"))
    fetch(PageHead(health, base_path="tools/dash"), "/tools/dash/_stcore/health", BROWSER)
    assert health.seen["headers"] == BROWSER
