"""The article as a PDF brief: Chromium prints the standalone HTML export.

Chromium (through Playwright, already installed for the browser tests) was chosen over
WeasyPrint: it runs the same plotly.js as the HTML export, so the charts are the same vector
SVG and not a second rendering; it writes a tagged PDF with an outline; and it needs no extra
system libraries. WeasyPrint runs no JavaScript, so every chart would first have to be turned
into an image by kaleido (itself a Chromium), and it would be one more dependency.

Every page has a header (title, computed review status, version hash, export date) and a
footer with the page number. The PDF's creation and modification dates are set to the export
date, so the same view and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from concurrent.futures import ThreadPoolExecutor

from evidence_dashboard.export.article_html import article_document
from evidence_dashboard.safe_html import escape
from evidence_dashboard.views.article import ArticleView

PAPERS = {"A4": (210, 297), "Letter": (215.9, 279.4)}  # millimetres
MARGIN_MM = {"top": 22, "bottom": 18, "left": 15, "right": 15}
CHROMIUM = os.environ.get("EVIDENCE_DASHBOARD_CHROMIUM", "/usr/bin/chromium")
_CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")
_NODE_ID = re.compile(rb"\(node(\d{8})\)")


def _px(mm: float) -> int:
    return int(mm / 25.4 * 96)


def _templates(view: ArticleView, export_date: dt.date) -> tuple[str, str]:
    style = "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8px; width: 100%;"
    style += " margin: 0 15mm; display: flex; justify-content: space-between; color: #333;"
    header = (
        f'<div style="{style}"><span>{escape(view.title)}</span>'
        f"<span>{escape(view.header.line())} · exported {export_date.isoformat()}</span></div>"
    )
    footer = (
        f'<div style="{style}"><span>For {escape(view.audience)}s · not medical advice for any '
        'individual</span><span>Page <span class="pageNumber"></span> of '
        '<span class="totalPages"></span></span></div>'
    )
    return header, footer


def _fixed_dates(pdf: bytes, export_date: dt.date) -> bytes:
    """Set Chromium's creation and modification stamps to the export date, same length."""
    stamp = export_date.strftime("%Y%m%d").encode() + b"000000"

    def replace(match: re.Match[bytes]) -> bytes:
        original = match.group(0)
        fixed = b"/" + match.group(1) + b" (D:" + stamp + b"+00'00')"
        # Keep the byte length, so the cross-reference offsets stay valid.
        return (
            fixed.ljust(len(original))[: len(original)] if len(fixed) <= len(original) else original
        )

    return _PDF_DATE.sub(replace, pdf)


def _fixed_node_ids(pdf: bytes) -> bytes:
    """Number the tagged PDF's element ids from 1: Chromium counts on from its DOM node ids,
    which depend on what the browser built before. Same width and order, so offsets and the
    sorted id tree stay valid."""
    found = [int(m.group(1)) for m in _NODE_ID.finditer(pdf)]
    if not found:
        return pdf
    base = min(found) - 1
    return _NODE_ID.sub(lambda m: b"(node%08d)" % (int(m.group(1)) - base), pdf)


def article_pdf(view: ArticleView, export_date: dt.date, paper: str = "A4") -> bytes:
    """Print the article view to PDF bytes on A4 or Letter paper.

    Parameters
    ----------
    view : ArticleView
        The article for one audience.
    export_date : date
        The stated export date (in the header and the PDF's metadata).
    paper : {"A4", "Letter"}
        The paper size.
    """
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)}. Got {paper!r} instead.")
    # Playwright's sync API refuses to start in a thread with a running asyncio loop (Jupyter,
    # or a test process already driving a browser), so the printing gets a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pdf = pool.submit(_print, view, export_date, paper).result()
    return _fixed_node_ids(_fixed_dates(pdf, export_date))


def _print(view: ArticleView, export_date: dt.date, paper: str) -> bytes:
    """Print the article in headless Chromium (called in a thread with no event loop)."""
    from playwright.sync_api import sync_playwright

    width_mm = PAPERS[paper][0]
    content_px = _px(width_mm - MARGIN_MM["left"] - MARGIN_MM["right"])
    header, footer = _templates(view, export_date)
    document = article_document(view, export_date, for_print=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=_CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": content_px, "height": 1000})
            # Nothing outside the document is ever fetched.
            page.route("**/*", lambda route: route.abort())
            page.set_content(document, wait_until="load")
            page.wait_for_function(
                "() => [...document.querySelectorAll('div.chart')]"
                ".every(c => c.getAttribute('data-drawn') === '1')",
                timeout=60_000,
            )
            page.emulate_media(media="print")
            pdf = page.pdf(
                format=paper,
                margin={k: f"{v}mm" for k, v in MARGIN_MM.items()},
                display_header_footer=True,
                header_template=header,
                footer_template=footer,
                print_background=True,
                tagged=True,
                outline=True,
            )
        finally:
            browser.close()
    return pdf
