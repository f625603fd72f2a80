"""The article's exports: offline HTML, the PDF brief and the PPTX deck, on the shipped article."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from evidence_dashboard.cli import main
from evidence_dashboard.content.library import load_library
from evidence_dashboard.export.article_html import article_html
from evidence_dashboard.export.article_pdf import _fixed_dates, _fixed_node_ids, article_pdf
from evidence_dashboard.export.article_pptx import article_pptx
from evidence_dashboard.views.article import build_article_view
from evidence_dashboard.views.frequencies import presenter_baseline

CHROMIUM = "/usr/bin/chromium"
DATE = dt.date(2026, 12, 1)
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium")


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def clinician(library):
    return build_article_view(library, library.articles[0], "clinician")


def _charts(view) -> int:
    return sum(len(item.evidence.charts) for item in view.claims)


def test_html_carries_the_version_status_audience_date_and_disclaimer(clinician):
    html = article_html(clinician, DATE).decode()
    assert clinician.header.version in html and clinician.header.label in html
    assert "Written for clinicians" in html and "exported 2026-12-01" in html
    assert "not medical advice" in html
    # The data appendix holds the rows behind every chart, figures as the source wrote them.
    appendix = html.split("Data appendix", 1)[1]
    for row_id in ("FA-01", "FX-04", "SE-05"):
        assert f"<td>{row_id}</td>" in appendix
    assert html.count('<div class="chart"') == _charts(clinician)
    assert article_html(clinician, DATE) == article_html(clinician, DATE), "same input, same bytes"
    later = article_html(clinician, dt.date(2027, 1, 2)).decode()
    assert later != html and later.replace("2027-01-02", "2026-12-01") == html, "only the date"


@needs_chromium
def test_html_draws_every_chart_with_the_network_blocked(clinician, tmp_path):
    path = tmp_path / "article.html"
    path.write_bytes(article_html(clinician, DATE))
    # A thread of its own: Playwright's sync API refuses a thread with a running asyncio loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        requests, drawn = pool.submit(_open_offline, path).result()
    assert requests == []
    assert drawn >= _charts(clinician)


def _open_offline(path):
    """Open the file in Chromium with every non-file request blocked; return them and the charts."""
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context()

        def block(route) -> None:
            if not route.request.url.startswith("file:"):
                requests.append(route.request.url)
            route.abort() if not route.request.url.startswith("file:") else route.continue_()

        context.route("**/*", block)
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_function(
            "() => [...document.querySelectorAll('div.chart')]"
            ".every(c => c.getAttribute('data-drawn') === '1' && c.querySelector('svg.main-svg'))",
            timeout=60_000,
        )
        drawn = page.locator("div.chart svg.main-svg").count()
        browser.close()
    return requests, drawn


def test_pdf_stamps_are_fixed_to_the_export_date():
    pdf = b"<</CreationDate (D:20261130235959+00'00') /ModDate (D:20261130235959+00'00')>>"
    fixed = _fixed_dates(pdf, DATE)
    assert fixed.count(b"D:20261201000000") == 2 and len(fixed) == len(pdf)
    ids = b"/ID (node00002646) /ID (node00002650)"
    assert _fixed_node_ids(ids) == b"/ID (node00000001) /ID (node00000005)"


@needs_chromium
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")
def test_pdf_brief_is_a4_tagged_paged_and_nothing_is_cut_off(clinician, tmp_path):
    path = tmp_path / "brief.pdf"
    path.write_bytes(article_pdf(clinician, DATE, "A4"))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "(A4)" in info and re.search(r"Tagged:\s+yes", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 5
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert text.count(clinician.header.version) >= pages, "the version hash is on every page"
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "not medical advice" in text and "References" in text
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == pages
    for image_path in images:
        image = Image.open(image_path).convert("L")
        width, height = image.size
        strip = int(width * 10 / 210)  # the outer 10 mm of the 15 mm margins stay blank
        for box in ((0, 0, strip, height), (width - strip, 0, width, height)):
            assert image.crop(box).getextrema()[0] > 200, f"ink in the margin of {image_path.name}"


@needs_chromium
def test_pptx_has_a_slide_per_claim_alt_text_notes_and_fixed_dates(library, tmp_path):
    from pptx import Presentation

    view = build_article_view(
        library, library.articles[0], "patient", "ama", presenter_baseline(20)
    )
    data = article_pptx(view, DATE)
    deck = Presentation(io.BytesIO(data))
    slides = list(deck.slides)
    titles = [
        next((s.text_frame.text for s in slide.shapes if s.has_text_frame), "") for slide in slides
    ]
    references = [t for t in titles if t.startswith("References")]
    # Title, one slide per claim, then the reference list (in readable slides of 24 at most).
    assert len(slides) == 1 + len(view.claims) + len(references)
    assert references and titles[-len(references) :] == references
    numbers = [
        int(line.split(".")[0])
        for slide in slides[-len(references) :]
        for shape in slide.shapes
        if shape.has_text_frame
        for line in shape.text_frame.text.split("\n")
        if line[:1].isdigit()
    ]
    assert numbers == list(range(1, view.reference_count + 1)), "every reference, in order"
    pictures = [s for slide in slides for s in slide.shapes if s.shape_type == 13]
    assert pictures and all(p._element.nvPicPr.cNvPr.get("descr") for p in pictures)
    for slide in slides[1 : 1 + len(view.claims)]:
        assert slide.notes_slide.notes_text_frame.text.strip()
    texts = [s.text_frame.text for slide in slides for s in slide.shapes if s.has_text_frame]
    assert any("Baseline set by the presenter: 20 in 100" in t for t in texts)
    assert all(view.header.version in t for t in texts if "exported 2026-12-01" in t)
    dates = {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert dates == {(2026, 12, 1, 0, 0, 0)}
    assert deck.core_properties.modified == dt.datetime(2026, 12, 1)


def test_cli_exports_html_and_refuses_an_unknown_article(tmp_path, capsys):
    out = tmp_path / "a.html"
    argv = ["export", "diazepam-anxiety-spasm", "--format", "html", "--audience", "patient"]
    assert main([*argv, "--out", str(out), "--date", "2026-12-01"]) == 0
    assert "Written for patients" in out.read_text()
    assert main(["export", "no-such-article", "--out", str(tmp_path / "b.html")]) == 1
    assert "Hint: known slugs are diazepam-anxiety-spasm" in capsys.readouterr().err
