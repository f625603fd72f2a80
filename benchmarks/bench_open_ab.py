"""Open times of two checkouts and the floor app, visited in turn: a before/after in one run.

Usage: .venv/bin/python benchmarks/bench_open_ab.py BEFORE_DIR,AFTER_DIR [ROUNDS] [PATH ...]

Each round opens the floor app, then every PATH on each checkout, and times the first chart (or,
on Evidence, the table) drawn and the page settled (``bench_browser.open_times``). One warm-up
round is not counted. Printed: medians and their ratio to the floor's medians. Interleaving
every visit keeps a machine that slows down mid-run from favouring either checkout.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
from pathlib import Path

import bench_browser as bench
from playwright.async_api import async_playwright

DEFAULT_PATHS = ["/Compare?outcome=falls&pool=FA-03&pool=FA-04&tab=pooled",
                 "/Compare?outcome=falls&pool=FA-03&pool=FA-04", "/Compare?outcome=falls",
                 "/Evidence?outcome=falls"]  # fmt: skip


async def run(apps: list[Path], rounds: int, paths: list[str]) -> None:
    tmp = Path(tempfile.mkdtemp())
    servers = [bench.Server(bench.app_script(app), app, app / "src") for app in apps]
    floor = bench.Server(bench.floor_script(tmp, None), tmp)
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(
                executable_path=bench.CHROMIUM, headless=True, args=bench.ARGS
            )
            page = await (
                await browser.new_context(viewport={"width": 1280, "height": 1400})
            ).new_page()
            targets = [("floor", floor.url, "chart")]
            for app, server in zip(apps, servers, strict=True):
                for path in paths:
                    what = "table" if path.startswith("/Evidence") else "chart"
                    targets.append((f"{app.name}{path}", server.url + path, what))
            times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in targets}
            for round_ in range(rounds + 1):
                for name, url, what in targets:
                    measured = await bench.open_times(page, url, what)
                    if round_:
                        times[name].append(measured)
            floor_first, floor_settled = (
                statistics.median(t[k] for t in times["floor"]) for k in (0, 1)
            )
            for name, values in times.items():
                first, settled = (statistics.median(t[k] for t in values) for k in (0, 1))
                print(f"{name:55s} first chart {first:6.0f} ms ({first / floor_first:.2f}x)  "
                      f"settled {settled:6.0f} ms ({settled / floor_settled:.2f}x)")  # fmt: skip
            await browser.close()
    finally:
        for server in [*servers, floor]:
            server.stop()


def main(argv: list[str]) -> int:
    apps = [Path(a).resolve() for a in argv[0].split(",")]
    rounds = int(argv[1]) if len(argv) > 1 else 10
    asyncio.run(run(apps, rounds, argv[2:] or DEFAULT_PATHS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
