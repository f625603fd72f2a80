"""The Article page in a real browser at a phone, a laptop and a wall screen; presentation mode."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import open_page, settle, wait_for_app

pytestmark = pytest.mark.e2e

TECHNICAL = re.compile(
    r"\b(OR|RR|HR|IRR|SHR|NNTH|CI|CrI)\b|(?i:confiden|credible|odds|ratio|meta-analy|bayesian"
    r"|interval|heterogeneity)"
)
# Elements inside the page that scroll on their own (the page's own scroll is the app's).
NESTED_SCROLL = """() => [...document.querySelectorAll('[data-testid="stMainBlockContainer"] *')]
  .filter(el => !el.closest('[data-testid="stDataFrame"], .js-plotly-plot, pre'))
  .filter(el => { const s = getComputedStyle(el);
    return /(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 2; })
  .map(el => el.getAttribute('data-testid') || el.className)"""
REFERENCES = """() => [...document.querySelectorAll('ol.references li')].map(li => li.value)"""
CITED = """() => [...new Set([...document.querySelectorAll('sup.citation a')]
  .map(a => a.getAttribute('href')))]"""


@pytest.mark.parametrize(
    ("width", "audience"), [(390, "patient"), (1280, "clinician"), (1920, "student")]
)
def test_the_article_is_one_document_with_every_reference_in_order(
    browser, app_url, width, audience
):
    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    try:
        open_page(page, f"{app_url}/Article?audience={audience}")
        assert page.evaluate(NESTED_SCROLL) == []
        main = page.locator("[data-testid='stMain']")
        overflow = main.evaluate("m => m.scrollWidth - m.clientWidth")
        assert overflow <= 1, f"the page is {overflow} px wider than the screen"
        numbers = page.evaluate(REFERENCES)
        assert numbers == list(range(1, len(page.evaluate(CITED)) + 1))
        # The disclaimer worded for this audience (the front matter's own, per audience).
        wording = {"clinician": "not medical advice", "student": "not guidance for treating",
                   "patient": "not advice about your own treatment"}[audience]  # fmt: skip
        expect(page.get_by_text(wording, exact=False).first).to_be_visible()
        if audience == "patient":
            text = page.locator(".st-key-article").inner_text()
            text = text.split("References")[0]
            assert not TECHNICAL.search(text), TECHNICAL.search(text)
    finally:
        context.close()


def test_the_card_opened_shows_the_evidence_of_its_own_claim(page, app_url):
    open_page(page, app_url + "/Article?audience=clinician")
    card = page.locator(".st-key-card-fractures")
    card.locator("summary").first.click()
    settle(page)
    chart = card.locator(".js-plotly-plot").first
    expect(chart).to_be_visible()
    assert "Hip and other fractures" in chart.evaluate("p => p.layout.title.text")
    captions = card.locator("[data-testid='stCaptionContainer']").all_inner_texts()
    assert any("FX-04" in c for c in captions)
    assert page.locator(".st-key-card-falls details[open]").count() == 0
    assert "claim=fractures" in page.url, "the card opened is in the URL, for a copied link"


# The body text's size (the board-review line above it is a smaller caption, like the footer).
SLIDE_FONT = """() => getComputedStyle([...document.querySelectorAll('.st-key-slide p')]
  .find(p => !p.closest('.st-key-slide-review'))).fontSize"""
CHART_FONTS = """() => [...document.querySelectorAll('.st-key-slide svg text')]
  .map(t => parseFloat(getComputedStyle(t).fontSize)).filter(s => s > 0)"""


def test_presentation_steps_through_every_claim_from_the_keyboard(browser, app_url):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        open_page(page, app_url + "/Article?present=1")
        counter = page.get_by_text(re.compile(r"^Slide \d+ of \d+$"))
        total = int(counter.inner_text().split()[-1])

        def press(key: str, number: int) -> None:
            # The counter names the slide the key asked for; then the run draws the rest of
            # it. No fixed pause: each wait ends as soon as its condition holds.
            page.keyboard.press(key)
            expect(counter).to_have_text(f"Slide {number} of {total}", timeout=30_000)
            wait_for_app(page)

        titles, fonts = [], []
        for number in range(2, total + 1):
            press("ArrowRight", number)
            titles.append(page.locator(".st-key-slide h2").inner_text())
            if not fonts and page.locator(".st-key-slide svg text").count():
                # Readable from the back of the room, on the first slide with a chart.
                fonts = [float(page.evaluate(SLIDE_FONT).rstrip("px")), *page.evaluate(CHART_FONTS)]
        assert titles[-1] == "References" and len(titles) == total - 1
        assert "slide=" + str(total) in page.url
        assert fonts and fonts[0] >= 28, fonts[:1]
        assert min(fonts[1:]) >= 18, min(fonts[1:])
        for key, number in (("Home", 1), ("PageDown", 2), ("PageUp", 1), ("End", total)):
            press(key, number)
    finally:
        context.close()
