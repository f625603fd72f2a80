"""Redraws of checkouts and the floor app, side by side: a before/after in one run.

Usage: .venv/bin/python benchmarks/bench_redraw_ab.py DIR[,DIR ...] [ROUNDS] [PATH LABEL OPTIONS]

Opens PATH (default: Compare's pooled link on its Pooled result tab) on each checkout, and the
floor app, each in a tab of one browser, then changes the selectbox LABEL (default "Pooling
method") to one of OPTIONS (comma-separated, default DL,PM,IV,REML) in each tab in turn, round
after round, timed by the page's own clock (``bench_browser.CLOCK``: from the click on the
option until the run has finished and the page is drawn). One warm-up round is not counted.
Printed: each tab's median, its ratio to the floor's, and every round's time.

An outcome change: ``... 12 "/Compare?outcome=falls" "Outcome category" fracture,falls``.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
from pathlib import Path

import bench_browser as bench
from playwright.async_api import async_playwright

POOLED = "/Compare?outcome=falls&pool=FA-03&pool=FA-04&tab=pooled"
FLOOR = ("Series", ["a", "b", "c"])


async def run(apps: list[Path], rounds: int, path: str, label: str, options: list[str]) -> None:
    tmp = Path(tempfile.mkdtemp())
    servers = {app.name: bench.Server(bench.app_script(app), app, app / "src") for app in apps}
    floor = bench.Server(bench.floor_script(tmp, None), tmp)
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(
                executable_path=bench.CHROMIUM, headless=True, args=bench.ARGS
            )
            tabs = {}
            for name, server in [("floor", floor), *servers.items()]:
                context = await browser.new_context(viewport={"width": 1280, "height": 1400})
                await context.add_init_script(bench.CLOCK)
                page = await context.new_page()
                await bench.open_ms(page, server.url + ("" if name == "floor" else path), "chart")
                tabs[name] = (page, *(FLOOR if name == "floor" else (label, options)))
            times: dict[str, list[float]] = {name: [] for name in tabs}
            for round_ in range(rounds + 1):
                for name, (page, box, choices) in tabs.items():
                    await page.bring_to_front()
                    option = await bench.other_option(page, box, choices, round_)
                    redraw, _ = await bench.redraw_ms(page, box, option)
                    if round_:
                        times[name].append(redraw)
            floor_ms = statistics.median(times["floor"])
            for name, values in times.items():
                ms = statistics.median(values)
                print(f"{name:12s} redraw median {ms:4.0f} ms ({ms / floor_ms:.2f}x)  "
                      f"all {[round(v) for v in values]}")  # fmt: skip
            await browser.close()
    finally:
        for server in [*servers.values(), floor]:
            server.stop()


def main(argv: list[str]) -> int:
    apps = [Path(a).resolve() for a in argv[0].split(",")]
    rounds = int(argv[1]) if len(argv) > 1 else 12
    path, label, options = argv[2:5] + [POOLED, "Pooling method", "DL,PM,IV,REML"][len(argv[2:5]) :]
    asyncio.run(run(apps, rounds, path, label, options.split(",")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
