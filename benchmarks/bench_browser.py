"""The Compare and Evidence pages in a real browser, next to a floor app, in one run.

Serves the app and a floor app (one selectbox, one plotly chart) side by side, drives them with
Playwright and the system Chromium, and prints the figures below against two floors: stock
Streamlit (as issue 16 measured) and the floor with the app's own ``[runner]`` settings and
served as the app is (``TCP_NODELAY`` on its connections, ``ui/tcp.py``), which differs from the
app only by what the pages draw:

* open: a shared link until the first chart (Evidence: table) is drawn, and until the run has
  finished with every chart drawn ("settled"), in a tab of its own with nothing installed in
  it and no other tab open;
* redraw: a selectbox change until the page shows it and the run finished, by the page's own
  clock from the click on the option (``CLOCK``); also, as earlier rounds measured it, from
  Playwright's side (opening the list, finding the option, then polling the page each frame
  until it changed), which adds Playwright's work on a large page to the time;
  all as medians and as ratios to the floors' times;
* lost changes: quick consecutive changes of one selectbox the page did not keep;
* 25 concurrent sessions changing Compare's method against one server, each a websocket client
  speaking the browser's protocol (``streamlit_ws``; 25 Chromium tabs on two cores would measure
  Chromium): p95 per change (sent until the run finished), errors, lost changes; paced like
  people (1-3 s between a session's changes) and back to back;
* memory: server RSS per additional session, and for a 100,000-row upload (and whether reruns
  after it grow the process, i.e. copy the rows);
* cold start: server start until the health check answers and until Home has drawn.

Targets (issue 16): open <= 1.3x, redraw <= 1.5x of the floor, 0 lost changes, p95 <= 500 ms,
<= 30 MB per session.

Usage: .venv/bin/python benchmarks/bench_browser.py [--app-dir DIR] [--repeats 5] [--sessions 25]
``--app-dir`` runs another checkout (e.g. a ``git worktree`` of an older commit) for a
before/after comparison; its ``src`` is put first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import tomllib
import urllib.request
from pathlib import Path

from playwright.async_api import Page, async_playwright
from streamlit_ws import Session

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]  # fmt: skip
FLOOR = textwrap.dedent(
    """
    import plotly.graph_objects as go
    import streamlit as st

    choice = st.selectbox("Series", ["a", "b", "c"])
    ys = {"a": [1.41, 1.42, 1.81], "b": [2.02, 1.17, 1.52], "c": [1.1, 1.3, 1.9]}[choice]
    fig = go.Figure(go.Scatter(x=ys, y=["one", "two", "three"], mode="markers"))
    fig.update_xaxes(type="log")
    st.plotly_chart(fig)
    """
)
DONE = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector("[data-testid='stStatusWidget']")
    && !document.querySelector("[data-stale='true']")
    && [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
         .every(c => c.querySelector('svg.main-svg'));
}"""
DRAWN = """(what) => document.querySelector(what === 'table'
  ? "[data-testid='stDataFrame'] canvas, [data-testid='stDataFrame'] table"
  : "[data-testid='stPlotlyChart'] svg.main-svg")"""
# The redraw clock, installed in every page before Streamlit loads: the page's own clock from the
# click on an option until the server has said the run finished (ForwardMsg.script_finished,
# read off the websocket) and the page is idle (no stale element, no status widget), or until
# the last plotly chart was drawn, if that is later. Nothing is polled while it runs, so the
# measurement adds no work to the page; Playwright's own steps (finding and clicking the
# option) happen before the clock starts.
CLOCK = """(() => {
  // Times one selectbox change as a user waits for it, with the page's own clock: from the
  // click on the option until the server said the run finished and the page is idle (no stale
  // element, no status widget), or until the last plotly chart drawn after it, if later.
  const m = (window.__redraw = {picked: null, finished: null, idle: null, plotted: null,
                                opened: null, listbox: null, messages: 0});
  const varint = (bytes, at) => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return [value, at];
  };
  const finishedStatus = (data) => {  // ForwardMsg.script_finished (field 6), if this is one
    if (!(data instanceof ArrayBuffer)) return null;
    const bytes = new Uint8Array(data);
    let at = 0;
    while (at < bytes.length) {
      let tag, value;
      [tag, at] = varint(bytes, at);
      const wire = tag & 7;
      if (wire === 0) { [value, at] = varint(bytes, at); if (tag >> 3 === 6) return value; }
      else if (wire === 2) { [value, at] = varint(bytes, at); at += value; }
      else return null;
      if (tag >> 3 > 2) return null;  // past hash and metadata: the message's one field
    }
    return null;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (m.picked === null) return;
        m.messages += 1;
        const status = finishedStatus(event.data);  // 0: a run finished; 3: a fragment's run
        if ((status === 0 || status === 3) && m.finished === null) m.finished = performance.now();
      });
    }
  };
  document.addEventListener("click", (e) => {
    const t = performance.now();
    const el = e.target instanceof Element ? e.target : null;
    if (el && el.closest("[role='option']")) {
      Object.assign(m, {picked: t, finished: null, idle: null, plotted: null, messages: 0});
    } else if (el && el.closest("[data-testid='stSelectbox']")) {
      Object.assign(m, {opened: t, listbox: null});
    }
  }, true);
  const frame = () => {
    const now = performance.now();
    if (m.opened !== null && m.listbox === null && document.querySelector("[role='listbox']")) m.listbox = now;
    for (const gd of document.querySelectorAll(".js-plotly-plot")) {
      if (!gd.__redrawHooked && typeof gd.on === "function") {
        gd.__redrawHooked = true;
        gd.on("plotly_afterplot", () => { m.plotted = performance.now(); });
      }
    }
    if (m.finished !== null && m.idle === null
        && !document.querySelector("[data-testid='stStatusWidget']")
        && !document.querySelector("[data-stale='true']")) m.idle = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
"""
SIGNATURE = """() => [...document.querySelectorAll('.js-plotly-plot')].map(p =>
  JSON.stringify([p.layout && p.layout.title, (p.data || []).map(d => d.x)])).join('|')
  + [...document.querySelectorAll("[data-testid='stSelectbox'] input")].map(i => i.value).join('|')
  + [...document.querySelectorAll("[data-testid='stSelectbox']")].map(s => s.innerText).join('|')"""


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``streamlit run`` of a script on a free port; records how long it took to answer."""

    def __init__(self, script: Path, cwd: Path, src: Path | None = None) -> None:
        self.port = _port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        if src is not None:
            env["PYTHONPATH"] = f"{src}{os.pathsep}{env.get('PYTHONPATH', '')}"
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true",
             "--server.address=127.0.0.1", f"--server.port={self.port}",
             "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
             "--server.maxUploadSize=50"],
            cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.health_s = self._wait_healthy()

    def _wait_healthy(self) -> float:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.read().strip() == b"ok":
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"server on {self.url} did not answer in 90 s")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def app_script(app_dir: Path) -> Path:
    """The app as ``evidence-dashboard serve`` runs it (``serve.py``); ``app.py`` in a checkout
    from before ``serve.py``."""
    serve = app_dir / "serve.py"
    return serve if serve.exists() else app_dir / "app.py"


TCP_MODULE = Path("src/evidence_dashboard/ui/tcp.py")
SERVED_FLOOR = """import streamlit as st
from pathlib import Path
from evidence_dashboard.ui.tcp import no_delay

no_delay()
app = st.App(Path(__file__).with_name("floor.py"))
"""


def floor_script(folder: Path, app_dir: Path | None) -> Path:
    """Write the floor app into ``folder``; with ``app_dir``, with that app's ``[runner]`` settings
    and, for an app whose server sends without delay (``ui/tcp.py``), served the same way.

    The app turns off Streamlit's full collection after every run (``postScriptGC``); a floor
    left with it would pay for a collection on every rerun that the app does not. With the same
    settings, the two differ only by what their pages draw.
    """
    config = None if app_dir is None else app_dir / ".streamlit" / "config.toml"
    runner = (
        tomllib.loads(config.read_text()).get("runner", {}) if config and config.exists() else {}
    )
    if runner:
        (folder / ".streamlit").mkdir(exist_ok=True)
        lines = [f"{key} = {json.dumps(value)}" for key, value in runner.items()]  # TOML scalars
        (folder / ".streamlit" / "config.toml").write_text("[runner]\n" + "\n".join(lines) + "\n")
    script = folder / "floor.py"
    script.write_text(FLOOR)
    if app_dir is not None and (app_dir / TCP_MODULE).exists():
        # Served as the app is (serve.py), with its connections' TCP_NODELAY (ui/tcp.py).
        served = folder / "floor_serve.py"
        served.write_text(SERVED_FLOOR)
        return served
    return script


async def settle(page: Page, timeout: float = 60_000) -> None:
    """Wait for the rerun an action started (if it has not finished already) and the redraw."""
    with contextlib.suppress(Exception):  # a fast rerun is over before we look
        await page.wait_for_selector(
            "[data-testid='stApp'][data-test-script-state='running']", timeout=400
        )
    await page.wait_for_function(DONE, timeout=timeout)


async def open_times(page: Page, url: str, what: str) -> tuple[float, float]:
    """A shared link until the first chart (or table) is drawn, and until the run has finished
    and every chart is drawn: ``(first, settled)`` in ms."""
    start = time.perf_counter()
    await page.goto(url)
    await page.wait_for_function(DRAWN, arg=what, timeout=90_000)
    first = (time.perf_counter() - start) * 1000
    await page.wait_for_function(DONE, timeout=90_000)
    return first, (time.perf_counter() - start) * 1000


async def open_ms(page: Page, url: str, what: str) -> float:
    """A shared link until the page has settled (see :func:`open_times`)."""
    return (await open_times(page, url, what))[1]


async def choose(page: Page, label: str, option: str) -> None:
    box = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']", has_text=label)
    await box.first.click()
    await page.get_by_role("option", name=option).first.click()


async def change_ms(page: Page, label: str, option: str) -> float:
    """A selectbox change until the page shows it and the run has finished."""
    before = await page.evaluate(SIGNATURE)
    start = time.perf_counter()
    await choose(page, label, option)
    await page.wait_for_function(f"b => ({SIGNATURE})() !== b", arg=before, timeout=60_000)
    await settle(page)
    return (time.perf_counter() - start) * 1000


async def redraw_ms(page: Page, label: str, option: str) -> tuple[float, float]:
    """A selectbox change by the page's own clock (see ``CLOCK``): ``(redraw, list opened)``.

    The redraw runs from the click on the option until the run has finished and the page (its
    charts included) is drawn; "list opened" from the click on the selectbox until its list is
    shown.
    """
    await choose(page, label, option)  # the clock starts at the option's click, in the page
    await page.wait_for_function("() => window.__redraw.idle !== null", polling=100)
    await page.wait_for_timeout(250)  # a chart drawn after the page went idle still counts
    clock = await page.evaluate("() => window.__redraw")
    end = max(clock["idle"], clock["plotted"] or 0.0)
    return end - clock["picked"], clock["listbox"] - clock["opened"]


async def other_option(page: Page, label: str, options: list[str], i: int) -> str:
    """One of ``options`` that the selectbox does not show now (a change, not a no-op)."""
    now = (await shown(page, label)).lower()
    others = [o for o in options if o.split(":")[0].lower() not in now]
    return others[i % len(others)]


async def shown(page: Page, label: str) -> str:
    box = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']", has_text=label)
    return await box.first.evaluate(
        "el => el.innerText + ' ' + [...el.querySelectorAll('input')].map(i => i.value).join(' ')"
    )


async def lost_changes(page: Page, label: str, options: list[str], changes: int) -> int:
    """Quick consecutive changes (each after the previous run ended); count the ones undone."""
    lost = 0
    for i in range(changes):
        option = options[i % len(options)]
        await choose(page, label, option)
        await settle(page)
        await page.wait_for_timeout(150)  # a rerun that undoes the change starts right after
        await settle(page)
        if option.split(":")[0].lower() not in (await shown(page, label)).lower():
            lost += 1
    return lost


PAGES = {  # label: (page, shared link query in the old and new URL forms, what is drawn, selectbox)
    # A pooled view's link names its tab (tab=pooled) since the results moved onto tabs; an
    # app from before the tabs ignores that parameter and shows its one long page.
    "Compare, a pooled link": (
        "Compare",
        ("?outcome=falls&pool=FA-03,FA-04",
         "?outcome=falls&pool=FA-03&pool=FA-04&tab=pooled"),
        "chart",
        "Pooling method",
        ["DL", "PM", "IV", "REML"],
    ),
    "Compare, an outcome link": ("Compare", ("?outcome=falls", "?outcome=falls"), "chart",
                                 "Outcome category", ["fracture", "falls"]),
    "Evidence": ("Evidence", ("?outcome_category=falls", "?outcome=falls"), "table", "Sort by",
                 ["drug", "estimate", "outcome", "id"]),
}  # fmt: skip


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else 0.0


async def concurrent(
    url: str, query: str, sessions: int, changes: int, pace: tuple[float, float] | None
) -> tuple[list[float], list[float], int, int]:
    """``sessions`` websocket sessions (``streamlit_ws``) changing Compare's pooling method.

    All sessions open the shared link first (their open times are returned apart), then all
    change the method at once: ``pace`` is the range (seconds) each waits between its changes,
    as people do; ``None`` sends each change as soon as the previous run ended (saturation).
    Returns the open and change times (ms), errors (an exception shown, a failed run) and lost
    changes (the method shown after the run is not the one chosen).
    """
    opens: list[float] = []
    times: list[float] = []
    errors = lost = 0
    rng = random.Random(16)
    live = [Session(url, "Compare", query) for _ in range(sessions)]

    async def open_one(session: Session) -> None:
        nonlocal errors
        try:
            opens.append((await session.open()).seconds * 1000)
        except Exception as exc:  # a refused or dropped connection: counted, shown
            errors += 1
            print(f"  open: {type(exc).__name__}: {exc}")

    async def change(i: int, session: Session) -> None:
        nonlocal errors, lost
        try:
            for k in range(changes):
                if pace:
                    await asyncio.sleep(rng.uniform(*pace))
                method = next(w for w in session.widgets.values() if w.label == "Pooling method")
                choices = [o for o in method.options if o != method.value]
                option = choices[(i + k) % len(choices)]
                run = await session.change("Pooling method", option)
                times.append(run.seconds * 1000)
                shown = next(w for w in run.widgets.values() if w.label == "Pooling method")
                errors += bool(run.exceptions)
                lost += shown.value != option
        except Exception as exc:  # a dropped connection, a timeout: counted, shown
            errors += 1
            print(f"  session {i}: {type(exc).__name__}: {exc}")

    await asyncio.gather(*(open_one(session) for session in live))
    await asyncio.gather(*(change(i, session) for i, session in enumerate(live) if session.widgets))
    for session in live:
        await session.close()
    return opens, times, errors, lost


def big_upload(path: Path, rows: int) -> None:
    """A valid evidence table of ``rows`` rows (only the required columns, to stay under 5 MB)."""
    head = "id,source,locator,drug,outcome,outcome_category,age_group,design,measure,estimate\n"
    body = "".join(f"U{i},Glass2005,t,d,o,falls,65+,cohort,OR,1.{i % 9 + 1}\n" for i in range(rows))
    path.write_text(head + body)


async def memory(browser, server: Server, rows: int, tmp: Path) -> dict[str, float]:
    contexts = []
    first = await browser.new_context()
    page = await first.new_page()
    await open_ms(page, server.url + "/Compare", "chart")
    base = server.rss_mb()
    for _ in range(10):
        context = await browser.new_context()
        extra = await context.new_page()
        await open_ms(extra, server.url + "/Compare", "chart")
        contexts.append(context)
    per_session = (server.rss_mb() - base) / 10
    for context in contexts:
        await context.close()
    csv = tmp / "big.csv"
    big_upload(csv, rows)
    before = server.rss_mb()
    await page.goto(server.url + "/Your_files")
    await page.wait_for_function(DONE, timeout=60_000)
    uploader = page.locator("[data-testid='stFileUploader']").first.locator("input[type=file]")
    await uploader.set_input_files(str(csv))
    await page.get_by_text("uploaded row(s) are in use", exact=False).first.wait_for(
        timeout=300_000
    )
    await settle(page, 300_000)
    after_upload = server.rss_mb()
    await page.get_by_role("link", name="Evidence").first.click()
    await page.wait_for_function(DRAWN, arg="table", timeout=300_000)
    await settle(page, 300_000)
    after_open = server.rss_mb()
    sorts = ["drug", "estimate", "outcome", "id", "drug"]
    for option in sorts:
        await choose(page, "Sort by", option)
        await settle(page, 300_000)
    after_reruns = server.rss_mb()
    for option in sorts * 2:  # ten more: a copy kept per rerun would grow this linearly
        await choose(page, "Sort by", option)
        await settle(page, 300_000)
    after_more = server.rss_mb()
    await first.close()
    return {
        "per_session": per_session,
        "upload": after_upload - before,
        "evidence_open": after_open - after_upload,
        "five_reruns": after_reruns - after_open,
        "ten_more": after_more - after_reruns,
    }


async def run(args: argparse.Namespace) -> None:
    app_dir = Path(args.app_dir).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        cold = Server(app_script(app_dir), app_dir, app_dir / "src")
        # The floor as stock Streamlit runs it (as issue 16 measured), and with the app's own
        # [runner] settings, which differ from stock by what their pages draw alone.
        floors = {}
        for which, settings in (("stock", None), ("same-settings", app_dir)):
            folder = Path(tmp) / which
            folder.mkdir()
            floors[which] = Server(floor_script(folder, settings), folder, app_dir / "src")
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            home = await browser.new_page()
            start = time.perf_counter()
            await home.goto(cold.url + "/")
            await home.wait_for_function(DONE, timeout=90_000)
            home_ms = (time.perf_counter() - cold.started) * 1000
            first_run_ms = (time.perf_counter() - start) * 1000
            await home.close()
            print(f"app: {app_dir}")
            print(
                f"cold start: health check answers after {cold.health_s * 1000:.0f} ms; Home "
                f"drawn {home_ms:.0f} ms after start (first script run {first_run_ms:.0f} ms)"
            )
            new_form = (app_dir / "src/evidence_dashboard/views/url.py").exists()
            # Opens first, in a context of their own: nothing installed in the page (the redraw
            # clock below runs a check every frame) and no other tab open (headless Chromium
            # draws every tab, so an idle tab's work would fall into an open's time). Each open
            # of the app alternates with the floors', so a machine that slows down mid-run
            # skews no ratio.
            opener = await browser.new_context(viewport={"width": 1280, "height": 1400})
            page = await opener.new_page()
            opened: dict[str, dict[str, list[tuple[float, float]]]] = {}
            for name, (path, links, what, _label, _options) in PAGES.items():
                url = f"{cold.url}/{path}{links[new_form]}"
                opens: dict[str, list[tuple[float, float]]] = {w: [] for w in [*floors, "app"]}
                for _ in range(args.repeats):
                    for which, server in floors.items():
                        opens[which].append(await open_times(page, server.url, "chart"))
                    opens["app"].append(await open_times(page, url, what))
                opened[name] = opens
            await opener.close()
            context = await browser.new_context(viewport={"width": 1280, "height": 1400})
            await context.add_init_script(CLOCK)
            page = await context.new_page()
            floor_pages = {}
            for which in floors:
                floor_context = await browser.new_context(viewport={"width": 1280, "height": 1400})
                await floor_context.add_init_script(CLOCK)
                floor_pages[which] = await floor_context.new_page()
            # Redraws alternate with the floors' own (each floor in a tab of its own).
            for name, (path, links, what, label, options) in PAGES.items():
                url = f"{cold.url}/{path}{links[new_form]}"
                opens = opened[name]
                for which, server in floors.items():
                    await open_ms(floor_pages[which], server.url, "chart")
                await open_ms(page, url, what)
                tabs = {**{w: (floor_pages[w], "Series", list("abc")) for w in floors},
                        "app": (page, label, options)}  # fmt: skip
                clocked: dict[str, list[tuple[float, float]]] = {w: [] for w in tabs}
                timed: dict[str, list[float]] = {"stock": [], "app": []}
                for i in range(args.repeats):
                    for which, (tab, box, choices) in tabs.items():
                        await tab.bring_to_front()
                        option = await other_option(tab, box, choices, i)
                        clocked[which].append(await redraw_ms(tab, box, option))
                        if which in timed:  # the earlier rounds' measure, against their floor
                            option = await other_option(tab, box, choices, i)
                            timed[which].append(await change_ms(tab, box, option))
                await open_ms(page, url, what)
                lost = await lost_changes(page, label, options, args.changes)
                first, settled, redraw = (
                    {w: median([t[k] for t in got[w]]) for w in got}
                    for got, k in ((opens, 0), (opens, 1), (clocked, 0))
                )
                listed = {w: median([t[1] for t in clocked[w]]) for w in clocked}

                def ratios(measure: dict[str, float]) -> str:
                    return ", ".join(
                        f"{measure['app'] / measure[w]:.2f}x the {w} floor's {measure[w]:.0f}"
                        for w in floors
                    )

                print(
                    f"{name}: first chart drawn {first['app']:.0f} ms ({ratios(first)}); "
                    f"settled {settled['app']:.0f} ms ({ratios(settled)}); redraw "
                    f"{redraw['app']:.0f} ms ({ratios(redraw)}; list opened in "
                    f"{listed['app']:.0f} ms, the floors' {listed['stock']:.0f}); redraw timed "
                    f"from Playwright {median(timed['app']):.0f} ms "
                    f"({median(timed['app']) / median(timed['stock']):.2f}x the stock floor's "
                    f"{median(timed['stock']):.0f}); lost changes {lost} of {args.changes} "
                    f"(medians of {args.repeats})"
                )
            await context.close()
            query = PAGES["Compare, a pooled link"][1][new_form]
            for pace, label in (((1.0, 3.0), "paced like people, 1-3 s between changes"),
                                (None, "back to back, saturation")):  # fmt: skip
                opens, times, errors, lost = await concurrent(
                    cold.url, query, args.sessions, args.per_session, pace
                )
                print(
                    f"{args.sessions} concurrent websocket sessions ({label}): all opened at once "
                    f"in median {median(opens):.0f} ms, max {max(opens, default=0):.0f} ms; then "
                    f"{len(times)} Compare changes: median {median(times):.0f} ms, p95 "
                    f"{p95(times):.0f} ms, errors {errors}, lost changes {lost}"
                )
            mem = await memory(browser, cold, args.rows, Path(tmp))
            print(
                f"memory: {mem['per_session']:.1f} MB per additional session; "
                f"{args.rows:,}-row upload +{mem['upload']:.0f} MB, opening Evidence with it "
                f"+{mem['evidence_open']:.0f} MB, five reruns after that "
                f"{mem['five_reruns']:+.0f} MB, ten more {mem['ten_more']:+.0f} MB "
                f"({mem['ten_more'] / 10:+.1f} MB a rerun)"
            )
            await browser.close()
        cold.stop()
        for server in floors.values():
            server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-dir", default=str(ROOT))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--changes", type=int, default=8, help="changes for the lost count")
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--per-session", type=int, default=4)
    parser.add_argument("--rows", type=int, default=100_000)
    asyncio.run(run(parser.parse_args()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
