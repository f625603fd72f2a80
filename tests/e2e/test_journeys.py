"""What a reader does, in a real browser against the shipped content."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from playwright.sync_api import expect

from .conftest import open_page, settle, wait_for_app

pytestmark = pytest.mark.e2e

PAGES = {
    "/": "Drug-risk evidence dashboard",
    "/Article": "Is diazepam suitable",
    "/Compare": "Compare adverse events across drugs",
    "/Evidence": "Evidence explorer",
    "/Your_files": "Bring your own files",
}
PLOTS = """(scope) => [...document.querySelectorAll((scope || '') + '.js-plotly-plot')].map(p => ({
    xtype: p.layout.xaxis && p.layout.xaxis.type,
    title: p.layout.title && p.layout.title.text,
    points: p.data.reduce((n, d) => n + (d.x ? d.x.length : 0), 0),
    names: p.data.map(d => d.name || '').join('|'),
}))"""


def plots(page, scope: str = "") -> list[dict[str, object]]:
    """The drawn plotly figures, optionally inside a CSS scope such as ``.st-key-card-falls ``
    (charts load lazily after the script run, so wait for one)."""
    page.wait_for_selector(scope + ".js-plotly-plot .main-svg", timeout=30_000)
    return page.evaluate(PLOTS, scope)


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def assert_no_error(page) -> None:
    """No exception box and no error alert (with showErrorDetails='none' an error is an alert)."""
    assert page.locator("[data-testid='stException']").count() == 0
    errors = page.locator("[data-testid='stAlertContentError']")
    assert errors.count() == 0, errors.all_inner_texts()
    assert not page.log.errors, page.log.errors


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_opens_without_an_error(page, app_url, path):
    open_page(page, app_url + path)
    assert PAGES[path] in page.inner_text("[data-testid='stMain']")
    assert_no_error(page)


def test_a_citation_number_leads_to_its_reference(page, app_url):
    open_page(page, app_url + "/Article")
    citation = page.locator("sup.citation a").first
    href = citation.get_attribute("href")
    assert href and href.startswith("#ref-")
    target = page.locator(f"li[id='{href[1:]}']")
    assert target.count() == 1
    citation.click()
    page.wait_for_function(f"() => location.hash === '{href}'")
    expect(target).to_be_in_viewport()
    assert_no_error(page)


def _check_clinician_then_patient(page, base: str, switch) -> None:
    open_page(page, base + "/Article?claim=cyclobenzaprine")
    main = page.locator("[data-testid='stMain']")
    assert "In short" not in main.inner_text()
    clinician = plots(page, ".st-key-card-cyclobenzaprine ")
    assert clinician and clinician[0]["xtype"] == "log"
    switch()
    page.wait_for_function("() => location.search.includes('audience=patient')", timeout=10_000)
    settle(page)
    # The patient passage's bold lead-in (a case-insensitive text match would also find
    # "in short-term use" inside a closed evidence card).
    expect(main.locator("strong", has_text="In short:").first).to_be_visible()
    page.wait_for_function(
        "() => { const p = document.querySelector('.st-key-card-cyclobenzaprine .js-plotly-plot');"
        " return p && p.layout && p.layout.xaxis && p.layout.xaxis.type !== 'log'; }"
    )
    patient = plots(page, ".st-key-card-cyclobenzaprine ")
    assert "Out of 100 people" in str(patient[0]["title"])
    captions = " ".join(page.locator("[data-testid='stCaptionContainer']").all_inner_texts())
    assert "Out of 100 people: cyclobenzaprine" in captions
    assert query(page.url)["claim"] == ["cyclobenzaprine"]
    assert_no_error(page)


def test_a_patient_link_changes_the_text_and_the_chart(page, app_url):
    """The audience in the URL (a shared link) sets the wording and the chart."""

    def switch() -> None:
        page.goto(page.url.replace("audience=clinician", "audience=patient"))

    _check_clinician_then_patient(page, app_url, switch)


def test_the_sidebar_audience_radio_changes_the_text_and_the_chart(page, app_url):
    radio = page.locator("[data-testid='stSidebar']").get_by_text("Patient", exact=True)
    _check_clinician_then_patient(page, app_url, radio.click)


def selected(page, label: str) -> str:
    """The value a selectbox shows (it sits in the combobox input)."""
    box = page.locator("[data-testid='stSelectbox']", has_text=label)
    return box.get_by_role("combobox").input_value()


def _choose(page, label: str, option: str) -> None:
    box = page.locator("[data-testid='stSelectbox']", has_text=label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def test_a_compare_filter_changes_the_url_and_the_chart(page, app_url):
    open_page(page, app_url + "/Compare")
    assert query(page.url).get("outcome", ["falls"]) == ["falls"]  # the default is left out
    before = plots(page)
    _choose(page, "Outcome category", "fracture")
    page.wait_for_function("() => location.search.includes('outcome=fracture')")
    settle(page)
    page.wait_for_function(
        f"before => JSON.stringify(({PLOTS})()) !== JSON.stringify(before)", arg=before
    )
    after = plots(page)
    assert after and after != before
    assert_no_error(page)


def _download(page, label: str) -> bytes:
    """Click a download button and return the file's bytes."""
    wait_for_app(page)
    try:
        with page.expect_download(timeout=60_000) as info:
            page.locator("[data-testid='stDownloadButton'] button", has_text=label).click()
    except Exception as exc:
        raise AssertionError(f"no download after clicking {label!r}") from exc
    return Path(info.value.path()).read_bytes()


def test_compare_downloads_are_real_files(page, app_url):
    open_page(page, app_url + "/Compare?outcome=fracture")
    main = page.locator("[data-testid='stMain']")
    main.locator("[data-testid='stExpander'] summary", has_text="rows behind the chart").click()
    table = main.locator("[data-testid='stExpander']", has_text="rows behind the chart")
    table.locator("[data-testid='stDataFrame']").first.wait_for(timeout=20_000)
    counted = table.locator("[data-testid='stCaptionContainer']").first.inner_text()
    main.locator("[data-testid='stPopover'] button", has_text="Download the chart").click()
    data = _download(page, "Rows (CSV)")
    rows = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert counted.startswith(f"{len(rows)} row{'' if len(rows) == 1 else 's'};")
    assert set(rows["outcome_category"]) == {"fracture"}
    assert next(csv.reader(io.StringIO(data.decode())))[:2] == ["id", "source"]

    png = _download(page, "Chart (PNG)")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    svg = _download(page, "Chart (SVG)")
    root = ET.fromstring(svg)
    assert root.tag.rsplit("}", 1)[-1] == "svg"
    html = _download(page, "Chart (HTML)").decode()
    assert "plotly" in html.lower() and "Plotly.newPlot" in html
    assert "<script src=" not in html.replace(" ", "").lower().replace(
        "<scriptsrc=", "<script src="
    )
    assert_no_error(page)


def test_the_html_chart_works_offline(browser, app_url, tmp_path):
    """Opened from disk with every network request blocked, the exported chart still draws."""
    from evidence_dashboard.content.library import load_library
    from evidence_dashboard.export import figure_html
    from evidence_dashboard.views.compare import CompareSpec, compare
    from evidence_dashboard.views.explorer import with_origin

    rows = with_origin(load_library().evidence)
    figure = compare(rows, CompareSpec(outcome_category="fracture")).chart.figure
    path = tmp_path / "chart.html"
    path.write_bytes(figure_html(figure, "fracture"))
    context = browser.new_context()
    requests: list[str] = []
    context.route("http*://**", lambda route: (requests.append(route.request.url), route.abort()))
    offline = context.new_page()
    offline.goto(path.as_uri())
    offline.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    context.close()
    assert requests == []


def test_a_copied_url_opens_the_same_view(browser, page, app_url):
    open_page(page, app_url + "/Compare")
    _choose(page, "Outcome category", "sedation")
    page.wait_for_function("() => location.search.includes('outcome=sedation')")
    settle(page)
    shared = page.url
    shown = plots(page)
    other = browser.new_context(viewport={"width": 1280, "height": 1400})
    try:
        fresh = other.new_page()
        open_page(fresh, shared)
        assert query(fresh.url) == query(shared)
        assert plots(fresh) == shown
        assert selected(fresh, "Outcome category") == "sedation"
    finally:
        other.close()

    open_page(page, app_url + "/Article?audience=student&claim=falls")
    shared = page.url
    other = browser.new_context(viewport={"width": 1280, "height": 1400})
    try:
        fresh = other.new_page()
        open_page(fresh, shared)
        assert query(fresh.url)["claim"] == ["falls"]
        assert query(fresh.url)["audience"] == ["student"]
        assert fresh.locator(".st-key-card-falls details[open]").count() == 1
    finally:
        other.close()


def _follow(page, label: str) -> None:
    page.locator("[data-testid='stSidebar'] [data-testid='stPageLink'] a", has_text=label).click()
    page.wait_for_function(f"() => location.pathname === '/{label}'")
    wait_for_app(page)


def test_the_back_button_returns_to_the_previous_page(page, app_url):
    open_page(page, app_url + "/")
    _follow(page, "Compare")
    expect(page.get_by_text("Compare adverse events across drugs")).to_be_visible()
    _follow(page, "Evidence")
    expect(page.get_by_text("Evidence explorer").first).to_be_visible()
    # Streamlit records the page's own query-parameter writes as history entries too, so one
    # page visit can take more than one Back press; the first other page reached must be Compare.
    presses = 0
    while page.evaluate("location.pathname") == "/Evidence" and presses < 5:
        page.go_back()
        presses += 1
        page.wait_for_timeout(300)  # popstate has no event to wait on when the path is unchanged
    assert page.evaluate("location.pathname") == "/Compare", f"after {presses} Back presses"
    wait_for_app(page)
    expect(page.get_by_text("Compare adverse events across drugs")).to_be_visible()
    assert_no_error(page)


def test_the_data_dictionary_opens_with_its_tables(page, app_url):
    open_page(page, app_url + "/Evidence")
    main = page.locator("[data-testid='stMain']")
    expander = main.locator("[data-testid='stExpander']", has_text="Data dictionary")
    assert expander.locator("[data-testid='stDataFrame']").count() == 0  # folded: not drawn
    expander.locator("summary").click()
    settle(page)
    expect(expander.get_by_role("tab").first).to_be_visible(timeout=20_000)
    expect(expander.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=20_000)
