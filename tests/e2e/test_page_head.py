"""The served page in Chromium: a shared link asks the server once, and its first element's
script (plotly's chart, or Evidence's table) is on its way early.

Streamlit's own page, opened at ``/Compare``, first asks ``/Compare/_stcore/health`` (in case
the server lives under ``/Compare``), waits 100 ms after the 404 and only then asks the root;
it starts loading plotly once the first chart has arrived. ``evidence_dashboard.ui.page_head``
tells the page where the server is and preloads plotly; these tests watch the requests a real
page makes.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest

from .conftest import wait_for_app

pytestmark = pytest.mark.e2e


def _requests(page, url: str) -> list[tuple[float, str]]:
    """Open ``url`` and return every request the page made (time, path), in order."""
    made: list[tuple[float, str]] = []
    page.on("request", lambda r: made.append((time.perf_counter(), urlsplit(r.url).path)))
    page.on("websocket", lambda w: made.append((time.perf_counter(), "ws:" + urlsplit(w.url).path)))
    page.goto(url)
    wait_for_app(page)
    return made


@pytest.mark.parametrize("link", ["/Compare?outcome=falls", "/Evidence?outcome=falls", "/"])
def test_a_shared_link_asks_the_server_once_and_connects_at_its_root(page, app_url, link) -> None:
    paths = [p for _, p in _requests(page, app_url + link)]
    health = [p for p in paths if p.endswith("/_stcore/health")]
    assert health == ["/_stcore/health"], paths
    assert [p for p in paths if p.startswith("ws:")] == ["ws:/_stcore/stream"]
    assert page.locator("[data-testid='stException']").count() == 0
    page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=60_000)


@pytest.mark.parametrize(
    ("link", "script", "drawn"),
    [("/Compare?outcome=falls", "PlotlyChart", "[data-testid='stPlotlyChart'] svg.main-svg"),
     ("/Evidence?outcome=falls", "DataFrame", "[data-testid='stDataFrame'] canvas")],
)  # fmt: skip
def test_the_first_element_script_is_requested_before_the_page_connects(
    page, app_url, link, script, drawn
) -> None:
    made = _requests(page, app_url + link)
    fetched = next(t for t, p in made if f"/static/js/{script}." in p)
    socket = next(t for t, p in made if p.startswith("ws:"))
    assert fetched < socket, made
    page.locator(drawn).first.wait_for(timeout=60_000)
