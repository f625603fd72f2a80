"""Evidence in a real browser: 20 consecutive changes of every control, each one kept."""

from __future__ import annotations

import pytest

from .conftest import open_page, settle
from .test_compare_state import MAIN, toggle_multi, wait_url

pytestmark = pytest.mark.e2e

FILTERS = {  # label -> (URL name, three values to toggle)
    "Outcome category": ("outcome", ["falls", "fracture", "sedation"]),
    "Age group": ("age", ["65+", "older adults", "adults"]),
    "Design": ("design", ["cohort", "meta-analysis of trials", "case-control"]),
    "Measure": ("measure", ["OR", "RR", "statement"]),
    "Drug class": ("class", ["benzodiazepine", "skeletal muscle relaxant", "SSRI"]),
}


def _options(page, label: str) -> list[str]:
    box = page.locator(f"{MAIN} [data-testid='stMultiSelect']", has_text=label).first
    box.locator("input").click()
    texts = [t.strip() for t in page.get_by_role("option").all_inner_texts()]
    texts = [t for t in texts if t and t != "Select all"]
    page.keyboard.press("Escape")
    return texts


def test_twenty_changes_of_each_evidence_control_all_stick(page, app_url):
    open_page(page, app_url + "/Evidence")
    for label, (key, wanted) in FILTERS.items():
        offered = _options(page, label)
        values = [v for v in wanted if v in offered] or offered[:3]
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
    for i in range(20):
        toggle.locator("label").click()
        wait_url(page, "order", ["desc"] if i % 2 == 0 else [])
    settle(page)


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
