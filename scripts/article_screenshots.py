"""Screenshots of the Article page for docs/: three widths per audience, presentation mode.

Usage: python scripts/article_screenshots.py BASE_URL OUT_DIR
Needs a running app (``streamlit run app.py``). Each shot is the first screen the reader sees
(1000 px tall; 1080 for the slide), with the claim on falls opened where it says so.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright
from screenshots import CHROMIUM, CHROMIUM_ARGS, wait_for_app

SHOTS = [
    (f"/Article?audience={audience}&claim=falls", width, 1000, f"article-{audience}-{width}")
    for audience in ("clinician", "student", "patient")
    for width in (390, 1280, 1920)
] + [("/Article?audience=clinician&present=1&slide=8", 1920, 1080, "article-presentation-1920")]


def main(argv: list[str]) -> int:
    base, out = argv[0].rstrip("/"), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path, width, height, name in SHOTS:
            if (out / f"{name}.png").exists():  # re-running fills in only what is missing
                continue
            page = browser.new_page(viewport={"width": width, "height": height})
            try:
                page.goto(base + path)
                wait_for_app(page)
            except Exception as exc:  # a busy machine: say so, go on, re-run for the rest
                print(f"{name}: not taken ({type(exc).__name__})")
                page.close()
                continue
            page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')")
            if "present" not in path:  # show the opened card of the linked claim
                page.locator(".st-key-card-falls").scroll_into_view_if_needed()
                page.wait_for_timeout(500)
            page.screenshot(path=str(out / f"{name}.png"))
            print(out / f"{name}.png")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
