"""Take Chromium screenshots of the running app's pages (for docs/ and for looking at changes).

Usage: python scripts/screenshots.py BASE_URL OUT_DIR [PATH ...]
Each PATH (default: every page) is opened at 1280x900 (or 1280xHEIGHT with SCREENSHOT_HEIGHT set:
Streamlit scrolls inside its own container, so a tall viewport is how to see a whole page), waited
on until Streamlit has finished running, and saved as OUT_DIR/<name>.png.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_PATHS = ["/", "/Article", "/Compare", "/Evidence", "/Your_files"]


def wait_for_app(page) -> None:
    """Wait until the script has run and no element is stale or running."""
    page.wait_for_selector("[data-testid='stApp']", timeout=30_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        ' && document.querySelector(\'[data-testid="stMainBlockContainer"] h1, '
        '[data-testid="stMainBlockContainer"] [data-testid="stMarkdown"]\')',
        timeout=60_000,
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(c => c.querySelector('svg.main-svg'))",
        timeout=30_000,
    )
    page.wait_for_timeout(1500)


def main(argv: list[str]) -> int:
    base, out = argv[0].rstrip("/"), Path(argv[1])
    paths = argv[2:] or DEFAULT_PATHS
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        height = int(os.environ.get("SCREENSHOT_HEIGHT", "900"))
        page = browser.new_page(viewport={"width": 1280, "height": height})
        for path in paths:
            page.goto(base + path)
            wait_for_app(page)
            name = re.sub(r"[^A-Za-z0-9]+", "_", path.split("?")[0]).strip("_") or "home"
            page.screenshot(path=str(out / f"{name}.png"))
            print(out / f"{name}.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
