"""The built wheel works as a tool: an empty venv outside the repository, no source tree.

The wheel is built once per session and installed into a fresh ``python -m venv`` in a temporary
folder from the package index (pip's cache, filled by the CI install, makes that quicker).
Commands run from another temporary folder with ``PYTHONPATH`` and ``EVIDENCE_DASHBOARD_DATA``
removed, so nothing can come from the checkout. ``serve`` is then opened in Chromium and must show
the shipped article. Durations are printed (run with ``-s``), never asserted.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from e2e.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, _free_port, wait_for_app

from evidence_dashboard import __version__
from evidence_dashboard.content.library import load_library

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Installed:
    """A venv holding only the built wheel and its dependencies."""

    venv: Path
    wheel: Path
    workdir: Path
    env: dict[str, str]

    @property
    def command(self) -> Path:
        return self.venv / "bin" / "evidence-dashboard"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.command), *args],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )


def _timed(label: str, command: list[str], **kwargs: object) -> None:
    # CPU seconds beside the wall time: on a shared, loaded machine only the first is stable.
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    if proc.returncode != 0:
        pytest.fail(f"{label} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime - cpu.ru_utime + after.ru_stime - cpu.ru_stime
    print(f"{label}: {time.perf_counter() - started:.1f} s ({used:.1f} s CPU)")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel, make an empty venv outside the repository and install the wheel."""
    root = tmp_path_factory.mktemp("install")
    assert PROJECT_ROOT not in root.parents, "the venv must live outside the repository"
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EVIDENCE_DASHBOARD_DATA")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # The review log goes to a throwaway home, never the user's data folder or a CI database.
    env.pop("EVIDENCE_DASHBOARD_DATABASE_URL", None)
    env["EVIDENCE_DASHBOARD_HOME"] = str(root / "home")
    _timed(
        "wheel build",
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            str(PROJECT_ROOT),
            "-w",
            str(root),
        ],
        env=env,
    )
    (wheel,) = root.glob("evidence_dashboard-*.whl")
    print(f"wheel size: {wheel.stat().st_size / 1024:.0f} KiB")
    venv = root / "venv"
    # The base interpreter, not this venv's: the new venv must not see this one's packages.
    base = (
        Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    )
    _timed("empty venv", [str(base if base.exists() else sys.executable), "-m", "venv", str(venv)])
    # --no-compile: byte-compiling every installed module is most of pip's time here, and the
    # commands below import only a small part of them.
    _timed(
        "pip install of the wheel",
        [str(venv / "bin" / "pip"), "install", "-q", "--no-compile", str(wheel)],
        env=env,
    )
    workdir = root / "elsewhere"
    workdir.mkdir()
    return Installed(venv, wheel, workdir, env)


def test_the_wheel_carries_the_content_and_the_app(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for sub in ("articles", "evidence", "references"):
        shipped = {
            p.relative_to(PROJECT_ROOT / "data").as_posix()
            for p in (PROJECT_ROOT / "data" / sub).iterdir()
        }
        assert {f"evidence_dashboard/_content/{s}" for s in shipped} <= names
    pages = {
        f"evidence_dashboard/_app/pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py")
    }
    assert {
        "evidence_dashboard/_app/app.py",
        "evidence_dashboard/_app/serve.py",
        "evidence_dashboard/_app/.streamlit/config.toml",
    } <= names
    assert pages <= names


def test_version_and_check_run_without_the_repository(installed: Installed) -> None:
    version = installed.run("--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"evidence-dashboard {__version__}"

    started = time.perf_counter()
    check = installed.run("check")
    print(f"check from the installed venv: {time.perf_counter() - started:.1f} s")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("OK: "), check.stdout
    packaged = installed.venv.resolve()
    assert f"{packaged}" in check.stdout and "evidence_dashboard/_content" in check.stdout
    assert str(PROJECT_ROOT) not in check.stdout + check.stderr


@pytest.fixture
def served(installed: Installed) -> Iterator[str]:
    """``evidence-dashboard serve`` from the installed venv, until it answers its health check."""
    port = _free_port()
    log = installed.workdir / "serve.log"
    started = time.perf_counter()
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [str(installed.command), "serve", "--port", str(port)],
            cwd=installed.workdir,
            env=installed.env,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.read().strip() == b"ok":
                        break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"serve did not answer in 120 s:\n{log.read_text()}")
                time.sleep(0.1)
        print(f"serve until the health check answers: {time.perf_counter() - started:.1f} s")
        yield url
    finally:
        process.send_signal(signal.SIGTERM)  # serve has become the streamlit process
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.mark.e2e
def test_serve_shows_the_shipped_article_in_chromium(installed: Installed, served: str) -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: install the Debian 'chromium' package")
        pytest.skip(f"{CHROMIUM} is not installed")

    title = load_library(PROJECT_ROOT / "data").articles[0].title
    # A thread of its own: Playwright's sync API refuses a thread whose asyncio loop is running
    # (the browser tests' session fixture leaves one in this worker when they ran first).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_open_home_page, served, title).result()


def _open_home_page(served: str, title: str) -> None:
    """Open the served app in Chromium and check the shipped article and the page links."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport=VIEWPORT)
            started = time.perf_counter()
            page.goto(served)
            wait_for_app(page, timeout=120_000)
            print(f"home page drawn in Chromium: {time.perf_counter() - started:.1f} s")
            main = page.inner_text("[data-testid='stMain']")
            assert title in main
            assert page.locator("[data-testid='stException']").count() == 0
            # The sidebar finds the packaged pages, so every page link is there.
            links = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink'] a")
            assert "Article" in " ".join(links.all_inner_texts())
            links.filter(has_text="Article").first.click()
            page.wait_for_url("**/Article**")
            wait_for_app(page, timeout=120_000)
            assert title in page.inner_text("[data-testid='stMain']")
        finally:
            browser.close()
