"""The forest plot in one layout, the one the window's width asks for (ui/viewport.py).

A phone gets the stacked plot (numbers under each label), a wider window the wide one, and a
window narrowed or widened while open switches between them; never both at once.
"""

from __future__ import annotations

import pytest

from .conftest import settle, wait_for_app

pytestmark = pytest.mark.e2e
POOLED = "/Compare?outcome=falls&pool=FA-03&pool=FA-04&tab=pooled"


# How many wide and stacked forest plots the page has drawn (a chart with its svg).
DRAWN = """() => ['wide', 'stacked'].map(k => [...document.querySelectorAll(
  `.st-key-forest-${k} [data-testid='stPlotlyChart']`)].filter(c => c.querySelector('svg.main-svg'))
  .length)"""


def _layouts(page) -> tuple[int, int]:
    wide, stacked = page.evaluate(DRAWN)
    return wide, stacked


def _wait_layout(page, wide: int, stacked: int) -> None:
    page.wait_for_function(
        f"([w, s]) => {{ const [a, b] = ({DRAWN})(); return a === w && b === s; }}",
        arg=[wide, stacked],
        timeout=60_000,
    )
    settle(page)


@pytest.mark.parametrize(("width", "wide", "stacked"), [(390, 0, 1), (1280, 1, 0)])
def test_the_pooled_tab_draws_the_layout_its_width_asks_for(
    browser, app_url, width, wide, stacked
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 1200})
    try:
        page = context.new_page()
        page.goto(app_url + POOLED)
        wait_for_app(page)
        _wait_layout(page, wide, stacked)
        page.wait_for_timeout(500)  # a late report would switch it: it must not
        settle(page)
        assert _layouts(page) == (wide, stacked)
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()


def test_narrowing_and_widening_the_window_switches_the_layout(browser, app_url) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 1200})
    try:
        page = context.new_page()
        page.goto(app_url + POOLED)
        wait_for_app(page)
        _wait_layout(page, 1, 0)
        page.set_viewport_size({"width": 480, "height": 1200})
        _wait_layout(page, 0, 1)
        page.set_viewport_size({"width": 1280, "height": 1200})
        _wait_layout(page, 1, 0)
        assert "pool=FA-03" in page.url and "tab=pooled" in page.url  # the view is unchanged
    finally:
        context.close()
