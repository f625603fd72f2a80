"""Evidence in a real browser: 20 consecutive changes of every control, each one kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import open_page, settle
from .test_compare_state import MAIN, toggle_multi, url_state, wait_url

pytestmark = pytest.mark.e2e

FILTERS = {  # label -> (URL name, three values to toggle); Measure, Drug class: "More filters"
    "Outcome category": ("outcome", ["falls", "fracture", "sedation"]),
    "Age group": ("age", ["65+", "older adults", "adults"]),
    "Design": ("design", ["cohort", "meta-analysis of trials", "case-control"]),
    "Measure": ("measure", ["OR", "RR", "statement"]),
    "Drug class": ("class", ["benzodiazepine", "skeletal muscle relaxant", "SSRI"]),
}


def _offered(page, label: str, value: str) -> bool:
    """Whether typing ``value`` into the multiselect offers exactly that option."""
    box = page.locator(f"{MAIN} [data-testid='stMultiSelect']", has_text=label).first
    box.locator("input").fill(value)
    found = page.get_by_role("option", name=value, exact=True).count() > 0
    box.locator("input").fill("")
    page.keyboard.press("Escape")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    return found


def test_twenty_changes_of_each_evidence_control_all_stick(page, app_url):
    open_page(page, app_url + "/Evidence")
    more = page.locator(f"{MAIN} [data-testid='stExpander']", has_text="More filters").first
    more.locator("summary").click()  # drawn once opened; it stays open through the changes
    page.locator(f"{MAIN} [data-testid='stMultiSelect']", has_text="Drug class").first.wait_for()
    settle(page)
    for label, (key, wanted) in FILTERS.items():
        # Each control starts from no filters, so its options are the whole data's.
        page.get_by_role("button", name="Clear filters").click()
        for other in FILTERS.values():
            wait_url(page, other[0], [])
        # The dropdown draws only the options in view, so typing finds the wanted ones;
        # each must exist in the shipped data (checked through the typed filter).
        values = [v for v in wanted if _offered(page, label, v)]
        assert len(values) >= 2, f"{label}: too few of {wanted} in the data"
        chosen: list[str] = []
        for i in range(20):
            value = values[i % len(values)]
            present = value in chosen
            toggle_multi(page, label, value, present)
            chosen = [v for v in chosen if v != value] if present else [*chosen, value]
            wait_url(page, key, chosen)

    search = page.locator(f"{MAIN} [data-testid='stTextInput'] input").first
    for word in ["hip", "falls", "older", "risk", ""] * 4:
        search.fill(word)
        search.press("Enter")
        wait_url(page, "q", [word] if word else [])

    sorts = ["drug", "estimate", "outcome", "id"]
    for i in range(20):
        column = sorts[i % len(sorts)]
        page.locator(f"{MAIN} [data-testid='stSelectbox']", has_text="Sort by").first.click()
        page.get_by_role("option", name=column, exact=True).click()
        wait_url(page, "sort", [] if column == "id" else [column])

    toggle = page.locator(f"{MAIN} [data-testid='stCheckbox']", has_text="Ascending").first
    # The page sorts ascending unless told otherwise, and the switch must say so. It once came
    # up off while the page sorted ascending (the switch was built from a run that did not set
    # it), and the next rerun turned the page descending with nobody touching the switch.
    assert toggle.locator("input").is_checked() and "order" not in url_state(page)
    page.evaluate(WATCH_SWITCH)
    for i in range(20):
        wanted = ["desc"] if i % 2 == 0 else []
        before = page.evaluate("() => window.__switched.length")
        was = (toggle.locator("input").is_checked(), url_state(page).get("order"))
        toggle.locator("input").press("Space")
        try:
            wait_url(page, "order", wanted)
        except PlaywrightTimeout:
            switched = page.evaluate("() => window.__switched")
            raise AssertionError(
                f"switch {i}: the URL never said order={wanted}. The browser changed the switch "
                f"to {switched[before:]}; before the press the switch was checked={was[0]} and "
                f"the URL order={was[1]}; now the switch is checked="
                f"{toggle.locator('input').is_checked()}"
            ) from None
    settle(page)
    checked = toggle.locator("input").is_checked()
    assert checked, "after 20 switches the order is ascending again, and the switch says so"


# Every change event of the order switch, with the state it changed to, kept in the page (the
# page is not reloaded by reruns, and the listener sits on the document, which React keeps).
WATCH_SWITCH = """() => {
  window.__switched = [];
  document.addEventListener('change', (e) => {
    const box = e.target.closest && e.target.closest("[data-testid='stCheckbox']");
    if (box && box.innerText.includes('Ascending')) window.__switched.push(e.target.checked);
  }, true);
}"""


def test_a_visit_to_compare_keeps_the_evidence_view(page, app_url):
    open_page(page, app_url + "/Evidence")
    toggle_multi(page, "Outcome category", "falls", present=False)
    wait_url(page, "outcome", ["falls"])
    settle(page)
    link = "[data-testid='stSidebar'] [data-testid='stPageLink'] a"
    page.locator(link, has_text="Compare").click()
    page.wait_for_function("() => location.pathname === '/Compare'")
    settle(page)
    page.locator(link, has_text="Evidence").click()
    page.wait_for_function("() => location.pathname === '/Evidence'")
    wait_url(page, "outcome", ["falls"])
    settle(page)
    box = page.locator(f"{MAIN} [data-testid='stMultiSelect']", has_text="Outcome category")
    assert "falls" in box.first.inner_text()
