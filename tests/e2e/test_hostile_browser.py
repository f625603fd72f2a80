"""The app on hostile content, and hostile uploads, in a real browser: nothing executes."""

from __future__ import annotations

import re

import pytest
from hostile import stats
from hostile.content import CORPUS_SLUG, ROWS_CLAIM, TITLES
from hostile.payloads import CONSOLE_MARKER, MARKER_ID, PAYLOADS, VISIBLE
from playwright.sync_api import expect

from .conftest import open_page, settle

pytestmark = pytest.mark.e2e

LINKS = """() => {
  const out = [];
  const attrs = ['href', 'src', 'data', 'action', 'formaction', 'xlink:href'];
  for (const el of document.querySelectorAll('a, area, img, iframe, object, embed, form, link, script, image, use')) {
    for (const name of attrs) {
      const value = el.getAttribute(name);
      // Streamlit turns the text ':streamlit:' into its own logo even when the colons are
      // backslash-escaped (a known gap, reported); that one constant image is allowed.
      if (value === null) continue;
      if (el.alt === 'Streamlit logo' && value.startsWith('data:image/svg+xml,%3csvg%20width=%27301%27'.replace(/%27/g, "'"))) continue;
      out.push([el.tagName.toLowerCase(), name, value]);
    }
  }
  return out;
}"""
PAGES = [
    "/",
    f"/Article?article={CORPUS_SLUG}&audience=clinician&claim={ROWS_CLAIM}",
    f"/Article?article={CORPUS_SLUG}&audience=student&claim={ROWS_CLAIM}",
    f"/Article?article={CORPUS_SLUG}&audience=patient&claim={ROWS_CLAIM}",
    *(f"/Article?article=hostile-{i}&audience=patient" for i in range(len(TITLES))),
    "/Article?article=diazepam-anxiety-spasm&audience=clinician",
    "/Compare?outcome=dependence",
    "/Compare?outcome=dependence&absolute=HX-000&pool=HX-000,HX-001",
    # Each result tab is drawn only when shown: the hostile rows on the other two as well.
    "/Compare?outcome=dependence&pool=HX-000&pool=HX-001&tab=pooled",
    "/Compare?outcome=dependence&absolute=HX-000&baseline=50&tab=absolute",
    "/Evidence",
    "/Evidence?q=script",
    "/Your_files",
]


def _link_ok(tag: str, name: str, value: str, base: str) -> bool:
    value = value.strip()
    if value.startswith("#") or value.startswith(("http://", "https://")):
        return True
    if tag == "script" and value.startswith(("/static/", "./static/")):  # Streamlit's bundle
        return True
    # Streamlit's page links and static assets are relative, same-origin paths.
    return (
        name == "href"
        and tag in ("a", "link")
        and (
            value == ""
            or value[0] in "/.?"  # a query-only link stays on the same page
            or (value[0].isalpha() and ":" not in value.split("/")[0])
        )
    )


def assert_nothing_ran(page, base: str) -> None:
    """No dialog, no marker element, no window flag, no changed title, no console marker."""
    assert page.log.dialogs == [], page.log.dialogs
    assert page.locator(f"#{MARKER_ID}").count() == 0
    assert page.evaluate("() => window.__xss") is None
    assert page.title() != "XSS" and "XSS" not in page.title()
    assert not [m for m in page.log.console if CONSOLE_MARKER in m and "log:" in m[:6]]
    assert page.locator("[data-testid='stException']").count() == 0
    links = page.evaluate(LINKS)
    bad = [link for link in links if not _link_ok(*link, base)]
    assert bad == [], bad
    dois = [v for _, n, v in links if "doi.org" in v]
    assert all(v.startswith("https://doi.org/10.") for v in dois), dois


@pytest.mark.parametrize("path", PAGES)
def test_hostile_content_never_executes(page, hostile_url, path):
    open_page(page, hostile_url + path)
    page.wait_for_timeout(200)  # a payload's onerror/onload fires after the DOM settles
    assert_nothing_ran(page, hostile_url)
    stats.add("hostile pages opened in the browser")


def test_payload_text_is_shown_as_text(page, hostile_url):
    open_page(page, f"{hostile_url}/Article?article={CORPUS_SLUG}&audience=clinician")
    text = page.inner_text("[data-testid='stMain']")
    # The corpus article's title and question are payloads; the page shows them literally.
    assert VISIBLE[1] in text, "the question (an <img onerror> payload) is shown as text"
    assert VISIBLE[0] in text, "the title (a <script> payload) is shown as text"
    # And in the article body, where the first payloads sit as paragraphs.
    assert PAYLOADS[0] in text
    assert_nothing_ran(page, hostile_url)
    stats.add("hostile payloads in the browser", len(PAYLOADS))


# --------------------------------------------------------------------------- uploads

GOOD_CSV = (
    b"id,source,locator,drug,outcome,outcome_category,age_group,design,measure,estimate,ci_low,ci_high\n"
    b"UP-1,Beers2023,table 2,diazepam,falls,falls,65+,cohort,OR,1.5,1.1,2.0\n"
)
BAD_UPLOADS = [
    ("photo.csv", "text/csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
    ("table.xlsx", "application/vnd.ms-excel", GOOD_CSV, "Excel workbook"),
    ("empty.csv", "text/csv", b"", "must not be empty"),
    ("garbage.csv", "text/csv", bytes(range(256)) * 8, "binary"),
    ("latin.csv", "text/csv", "id,drug\nX,diaz\u00e9pam\n".encode("cp1252"), "UTF-8"),
    ("big.csv", "text/csv", b"a" * (5 * 1024 * 1024 + 1), "at most"),
]


def _upload(page, name: str, mime: str, data: bytes) -> None:
    # By its label, not position: a CI run once found the bibliography uploader first.
    box = page.locator("[data-testid='stFileUploader']").filter(has_text="Evidence table")
    box.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )
    settle(page)


def test_bad_uploads_are_reported_and_the_page_keeps_working(page, app_url):
    open_page(page, app_url + "/Your_files")
    for name, mime, data, expected in BAD_UPLOADS:
        _upload(page, name, mime, data)
        main = page.locator("[data-testid='stMain']")
        if name == "big.csv":
            # The browser-side limit (server.maxUploadSize) may refuse it first; either way the
            # user sees why, and the page still works.
            expect(main).to_contain_text("5", timeout=15_000)
        else:
            expect(main).to_contain_text(expected, timeout=15_000)
        assert page.locator("[data-testid='stException']").count() == 0
    _upload(page, "good.csv", "text/csv", GOOD_CSV)
    expect(page.locator("[data-testid='stMain']")).to_contain_text("Every row passed validation")
    assert page.locator("[data-testid='stException']").count() == 0
    stats.add("bad uploads in the browser", len(BAD_UPLOADS))


@pytest.mark.parametrize("payload", [VISIBLE[0], VISIBLE[1], "..\\..\\etc\\passwd\u202ecsv.exe"])
def test_a_hostile_file_name_is_shown_safely(page, app_url, payload):
    open_page(page, app_url + "/Your_files")
    _upload(page, payload + ".csv", "text/csv", GOOD_CSV)
    expect(page.locator("[data-testid='stMain']")).to_contain_text("Every row passed validation")
    assert_nothing_ran(page, app_url)
    # The uploader widget lists the name the browser sent, as text; the app's own labels use
    # the sanitized name.
    shown = " ".join(
        page.locator("[data-testid='stMain'] [data-testid='stMarkdown']").all_inner_texts()
    )
    # (the browser may percent-encode quotes in the name it sends, so match the safe form)
    assert re.search(r"[A-Za-z0-9._ -]+\.csv · evidence", shown), shown
    assert "<script" not in shown and "\u202e" not in shown
    stats.add("hostile file names uploaded in the browser")
