"""Browser fixtures: the app served by a real Streamlit server, driven by the system Chromium.

One server serves every read-only test; a second one serves a hostile content folder. One browser
is shared by the whole session; each test gets a fresh context and page, so nothing leaks between
tests. On failure the page's screenshot and console log go to ``test-artifacts/``.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 1400}
TIMINGS: dict[str, float] = {}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running app (``streamlit run serve.py``, as ``evidence-dashboard serve`` runs it)."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(log: Path, env: dict[str, str] | None = None) -> Server:
    """Start the app on a free loopback port and wait until it answers its health check."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "serve.py",
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    handle = log.open("wb")
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as reply:
                if reply.read().strip() == b"ok":
                    return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    pytest.fail(f"streamlit did not become healthy in 60 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The system Chromium; missing in CI is a failure, missing locally a skip."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: install the Debian 'chromium' package")
    pytest.skip(f"{CHROMIUM} is not installed")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[str]:
    """The app on the shipped content, shared by every read-only test."""
    server = start_server(tmp_path_factory.mktemp("server") / "streamlit.log")
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def hostile_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content plus hostile files (see tests/hostile/content.py)."""
    from hostile.content import build_hostile_data

    return build_hostile_data(tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture(scope="session")
def hostile_url(
    tmp_path_factory: pytest.TempPathFactory, hostile_data: Path, chromium_path: str
) -> Iterator[str]:
    """A second app instance reading the hostile content folder."""
    server = start_server(
        tmp_path_factory.mktemp("hostile-server") / "streamlit.log",
        {"EVIDENCE_DASHBOARD_DATA": str(hostile_data)},
    )
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    """One headless Chromium for the whole session (plain playwright.sync_api)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@dataclass
class PageLog:
    """What a page said while a test drove it."""

    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh context and page; console messages, dialogs and page errors are recorded."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    new_page = context.new_page()
    log = PageLog()
    new_page.on("console", lambda m: log.console.append(f"{m.type}: {m.text}"))
    new_page.on("pageerror", lambda e: log.errors.append(str(e)))

    def _dialog(dialog) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    new_page.on("dialog", _dialog)
    new_page.log = log  # type: ignore[attr-defined]
    request.node._e2e_page = new_page
    yield new_page
    context.close()


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script and every chart has drawn.

    ``stApp`` carries ``data-test-script-state`` (initial, running, notRunning); charts are drawn
    by a lazily loaded plotly bundle after the run, so they are waited for separately.
    """
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout
    )
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')"
        " && [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(c => c.querySelector('svg.main-svg'))",
        timeout=timeout,
    )


def open_page(page, url: str) -> None:
    """Go to a URL and wait for the app to settle."""
    page.goto(url)
    wait_for_app(page)


def settle(page, timeout: float = 60_000) -> None:
    """After an interaction: wait for the rerun it starts (if not over already) to finish."""
    with contextlib.suppress(Exception):  # a fast rerun can be over before we look
        page.wait_for_selector(
            "[data-testid='stApp'][data-test-script-state='running']", timeout=1_000
        )
    wait_for_app(page, timeout)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep a screenshot and the console log of a failed browser test under test-artifacts/."""
    report = yield
    page = getattr(item, "_e2e_page", None)
    if report.failed and page is not None and report.when in ("setup", "call"):
        ARTIFACTS.mkdir(exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", item.nodeid.split("/")[-1])[-150:]
        try:
            page.screenshot(path=str(ARTIFACTS / f"{stem}.png"))
        except Exception as exc:  # a crashed page cannot be photographed; say so
            (ARTIFACTS / f"{stem}.screenshot-error.txt").write_text(str(exc))
        log = page.log
        text = "\n".join(
            [f"url: {page.url}", "-- console", *log.console, "-- page errors", *log.errors,
             "-- dialogs", *log.dialogs]
        )  # fmt: skip
        (ARTIFACTS / f"{stem}.console.log").write_text(text, encoding="utf-8")
    if report.when == "call" and item.get_closest_marker("e2e"):
        TIMINGS[item.nodeid] = report.duration
    return report


def pytest_terminal_summary(terminalreporter) -> None:
    """The browser tests' total time and the slowest one (numbers for the closing note)."""
    if not TIMINGS:
        return
    slowest = max(TIMINGS, key=TIMINGS.__getitem__)
    terminalreporter.write_line(
        f"e2e: {len(TIMINGS)} browser tests, {sum(TIMINGS.values()):.1f} s in test bodies; "
        f"slowest {slowest} ({TIMINGS[slowest]:.1f} s)"
    )
