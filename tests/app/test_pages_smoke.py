"""Every page opens without an exception, on the shipped content and on broken content."""

from __future__ import annotations

import pytest

from .conftest import PAGES


@pytest.mark.parametrize("page", PAGES)
def test_page_opens_on_default_content(open_page, page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert at.title or at.header or at.markdown


@pytest.mark.parametrize("page", PAGES)
def test_page_opens_on_broken_content(open_page, broken_data, page):
    at = open_page(page, broken_data)
    assert not at.exception, at.exception


def test_home_lists_articles_with_status_and_problem_panel(open_page, broken_data):
    at = open_page("app.py", broken_data)
    subheaders = [s.value for s in at.subheader]
    assert any("Diazepam after buspirone" in s for s in subheaders)
    assert any("Broken article" in s for s in subheaders)
    errors = [e.value for e in at.error]
    assert any("This article has problems" in e for e in errors)
    tables = [df.value for df in at.dataframe]
    messages = " ".join(" ".join(t["message"].astype(str)) for t in tables)
    assert "status" in messages and "NoSuchKey" in messages
    badges = [m.value for m in at.markdown if "badge[" in m.value]
    assert any("Submitted" in b for b in badges), badges
