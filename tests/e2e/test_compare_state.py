"""Compare in a real browser: 20 consecutive changes of every control, each one kept.

The bug this guards: widgets took their default from the URL, so every second change of the
same control was silently undone. Each change here is checked twice: the control shows it and
the URL (what a shared link and Back replay) says it.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import open_page, settle

pytestmark = pytest.mark.e2e
MAIN = "[data-testid='stMain']"


def url_state(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def wait_url(page, key: str, values: list[str]) -> None:
    """Wait until the URL holds exactly these values for ``key`` (no value: key absent)."""
    page.wait_for_function(
        "([k, v]) => JSON.stringify(new URLSearchParams(location.search).getAll(k)) === v",
        arg=[key, json.dumps(values, separators=(",", ":"))],
        timeout=20_000,
    )


def widget(page, kind: str, label: str):
    return page.locator(f"{MAIN} [data-testid='{kind}']", has_text=label).first


def choose(page, label: str, option: str, prefix: bool = False) -> None:
    """Pick an option by its text (or by the start of it, for options with explanations)."""
    widget(page, "stSelectbox", label).click()
    name = re.compile("^" + re.escape(option)) if prefix else option
    page.get_by_role("option", name=name, exact=not prefix).click()


def shown(page, kind: str, label: str) -> str:
    """What a control shows: its text and the values of its inputs."""
    return widget(page, kind, label).evaluate(
        "el => el.innerText + ' ' + [...el.querySelectorAll('input')].map(i => i.value).join(' ')"
    )


def toggle_multi(page, label: str, option: str, present: bool) -> None:
    """Add ``option`` to a multiselect, or remove it with its tag's close button."""
    box = widget(page, "stMultiSelect", label)
    if present:
        # A focused combobox swallows a click on a tag's remove button (the screenshot of a
        # failed CI run shows the box focused and the tag still there): blur it first.
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        box.get_by_role("button", name=f"Remove {option}", exact=False).first.click()
    else:
        box.locator("input").fill(option)
        page.get_by_role("option", name=option, exact=True).click()
        page.keyboard.press("Escape")
        # A focused combobox swallows the next click on a tag's remove button: blur it.
        page.evaluate("() => document.activeElement && document.activeElement.blur()")


def open_tab(page, label: str) -> None:
    """Show one of the result tabs (only the one shown is drawn, with its controls)."""
    page.get_by_role("tab", name=label, exact=True).click()
    settle(page)


def test_twenty_changes_of_each_compare_control_all_stick(page, app_url):
    open_page(page, app_url + "/Compare?outcome=falls&tab=pooled")
    lost: list[str] = []

    def check(control: str, i: int, key: str, values: list[str]) -> None:
        try:
            wait_url(page, key, values)
        except Exception:
            lost.append(f"{control} change {i + 1}: wanted {key}={values}, URL {page.url}")
            raise AssertionError(lost[-1]) from None

    methods = ["dl", "pm", "iv", "mh", "peto", "reml"]
    for i in range(20):
        method = methods[i % len(methods)]
        choose(page, "Pooling method", method.upper() + " (", prefix=True)
        check("method", i, "method", [] if method == "reml" else [method])
    settle(page)
    assert methods[19 % len(methods)].upper() in shown(page, "stSelectbox", "Pooling method")

    levels = ["90", "99", "95"]
    for i in range(20):
        level = levels[i % 3]
        widget(page, "stRadio", "Confidence level").get_by_text(f"{level}%", exact=True).click()
        check("level", i, "level", [] if level == "95" else [level])

    for i in range(20):
        zeros = "keep" if i % 2 == 0 else "exclude"
        label = "Keep, with 0.5" if zeros == "keep" else "Leave out"
        widget(page, "stRadio", "Double-zero").get_by_text(label).click()
        check("zeros", i, "zeros", [] if zeros == "exclude" else [zeros])

    subgroups = ["age group", "drug", "drug class", "source", "(none)"]
    values = {"age group": "age_group", "drug class": "drug_class", "(none)": ""}
    for i in range(20):
        option = subgroups[i % len(subgroups)]
        choose(page, "Subgroups", option)
        value = values.get(option, option)
        check("subgroup", i, "subgroup", [value] if value else [])

    open_tab(page, "Absolute effect")
    for i in range(20):
        baseline = str(10 + i)
        box = widget(page, "stTextInput", "Baseline risk").locator("input")
        box.fill(baseline)
        box.press("Enter")
        check("baseline", i, "baseline", [baseline])

    ages = ["65+", "older adults", "adults", "60+"]
    chosen: list[str] = []
    for i in range(20):
        age = ages[i % len(ages)]
        present = age in chosen
        toggle_multi(page, "Age group", age, present)
        chosen = [a for a in chosen if a != age] if present else [*chosen, age]
        check("age", i, "age", chosen)

    for i in range(20):
        toggle_multi(page, "Design", "observational", present=i % 2 == 0)
        check("design", i, "family", ["randomized"] if i % 2 == 0 else [])

    tabs = [("Estimates", []), ("Pooled result", ["pooled"]), ("Absolute effect", ["absolute"])]
    for i in range(20):
        label, value = tabs[i % 3]
        page.get_by_role("tab", name=label, exact=True).click()
        check("tab", i, "tab", value)
    settle(page)
    # Settings on tabs not shown were kept through all of the above.
    assert url_state(page).get("baseline") == ["29"] and url_state(page).get("method") == ["pm"]
    assert not lost, "\n".join(lost)


def test_rows_to_pool_added_one_at_a_time_are_all_kept(page, app_url):
    open_page(page, app_url + "/Compare?outcome=falls&tab=pooled")
    box = widget(page, "stMultiSelect", "Rows to pool")
    box.locator("input").click()
    ids = [t.strip() for t in page.get_by_role("option").all_inner_texts()]
    ids = [i for i in ids if i and i != "Select all"]
    page.keyboard.press("Escape")
    assert len(ids) >= 3
    chosen: list[str] = []
    lost = []
    for i in range(20):
        row = ids[i % len(ids)]
        present = row in chosen
        toggle_multi(page, "Rows to pool", row, present)
        chosen = [r for r in chosen if r != row] if present else [*chosen, row]
        try:
            wait_url(page, "pool", chosen)
        except Exception:
            lost.append(f"change {i + 1}: wanted {chosen}, URL {page.url}")
    assert not lost, "\n".join(lost)


def test_leaving_and_returning_keeps_the_view(page, app_url):
    open_page(page, app_url + "/Compare?outcome=falls&tab=pooled")
    choose(page, "Pooling method", "DL (", prefix=True)
    wait_url(page, "method", ["dl"])
    choose(page, "Outcome category", "fracture")
    wait_url(page, "outcome", ["fracture"])
    settle(page)
    view = url_state(page)
    page.locator(
        "[data-testid='stSidebar'] [data-testid='stPageLink'] a", has_text="Evidence"
    ).click()
    page.wait_for_function("() => location.pathname === '/Evidence'")
    settle(page)
    # The outcome is a filter the two pages share: Evidence now shows fracture too.
    assert "fracture" in shown(page, "stMultiSelect", "Outcome category")
    assert url_state(page).get("outcome") == ["fracture"]
    page.locator(
        "[data-testid='stSidebar'] [data-testid='stPageLink'] a", has_text="Compare"
    ).click()
    page.wait_for_function("() => location.pathname === '/Compare'")
    settle(page)
    assert {k: v for k, v in url_state(page).items() if k in view} == view
    assert "DL" in shown(page, "stSelectbox", "Pooling method")
    assert "fracture" in shown(page, "stSelectbox", "Outcome category")
    # Back steps through real states: first the Evidence visit, then the method-only state.
    page.go_back()
    page.wait_for_function("() => location.pathname === '/Evidence'")
    settle(page)
    page.go_back()
    page.wait_for_function("() => location.pathname === '/Compare'")
    settle(page)
    assert "fracture" in shown(page, "stSelectbox", "Outcome category")
    page.go_back()
    wait_url(page, "outcome", [])
    settle(page)
    assert "falls" in shown(page, "stSelectbox", "Outcome category")
    assert "DL" in shown(page, "stSelectbox", "Pooling method")


def test_a_pooling_change_is_kept_when_it_was_the_last_thing_before_leaving(page, app_url):
    # The pooled tab reruns alone (a fragment), so the sidebar drawn before it is not redrawn:
    # Back must still undo the change, and leaving through the sidebar and coming back must
    # still bring it.
    open_page(page, app_url + "/Compare?outcome=falls&pool=FA-03&pool=FA-04&tab=pooled")
    choose(page, "Pooling method", "PM (", prefix=True)
    wait_url(page, "method", ["pm"])
    settle(page)
    assert "Paule-Mandel" in page.locator(".js-plotly-plot").first.evaluate(
        "p => p.layout.title.text"
    )
    page.go_back()
    wait_url(page, "method", [])
    settle(page)
    assert "REML" in shown(page, "stSelectbox", "Pooling method")
    page.go_forward()
    wait_url(page, "method", ["pm"])
    settle(page)
    assert "PM" in shown(page, "stSelectbox", "Pooling method")
    page.locator(
        "[data-testid='stSidebar'] [data-testid='stPageLink'] a", has_text="Evidence"
    ).click()
    page.wait_for_function("() => location.pathname === '/Evidence'")
    settle(page)
    page.locator(
        "[data-testid='stSidebar'] [data-testid='stPageLink'] a", has_text="Compare"
    ).click()
    page.wait_for_function("() => location.pathname === '/Compare'")
    settle(page)
    assert url_state(page).get("method") == ["pm"] and url_state(page).get("tab") == ["pooled"]
    assert "PM" in shown(page, "stSelectbox", "Pooling method")
    # One history entry for the return: the link said the view exactly as Compare writes it
    # (Evidence's outcome "falls" is Compare's default, which its URL leaves out).
    page.go_back()
    page.wait_for_function("() => location.pathname === '/Evidence'")
