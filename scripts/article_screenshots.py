"""Screenshots of the Article page for docs/: three widths per audience, presentation mode.

Usage: python scripts/article_screenshots.py BASE_URL OUT_DIR [NAME ...]
Needs a running app (``streamlit run app.py``). Each shot is the first screen the reader sees
(1000 px tall; 1080 for the slides), with the claim on falls opened. NAMEs (file stems) take
only those shots; existing files are kept, so delete the old PNGs to take them all again.
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
] + [
    ("/Article?audience=clinician&present=1&claim=falls", 1920, 1080, "article-presentation-1920"),
    (
        "/Article?audience=patient&present=1&claim=falls",
        1920,
        1080,
        "article-presentation-patient-1920",
    ),
]

# The card at the top with the end of its claim's text above it (the page scrolls in an element).
SHOW_CARD = """card => { card.scrollIntoView({block: 'start'});
  for (let el = card.parentElement; el; el = el.parentElement)
    if (el.scrollTop > 0) { el.scrollBy(0, -220); break; } }"""


def main(argv: list[str]) -> int:
    base, out, only = argv[0].rstrip("/"), Path(argv[1]), set(argv[2:])
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path, width, height, name in SHOTS:
            if (out / f"{name}.png").exists() or (only and name not in only):
                continue  # re-running fills in only what is missing
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
                page.locator(".st-key-card-falls").evaluate(SHOW_CARD)
                page.wait_for_timeout(500)
            page.screenshot(path=str(out / f"{name}.png"))
            print(out / f"{name}.png")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
