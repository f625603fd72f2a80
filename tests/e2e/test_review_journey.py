"""The board in a real browser: a reviewer's verdict and the chair's sign-off on the page; a
second app process on the same database (PostgreSQL in CI) sees the approval, and every page
shows "Approved"."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import streamlit as st
from playwright.sync_api import expect
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from evidence_dashboard.content.library import load_library
from evidence_dashboard.review.actions import Review
from evidence_dashboard.review.board import load_board
from evidence_dashboard.review.store import ReviewStore

from .conftest import open_page, settle, start_server

pytestmark = pytest.mark.e2e
ARTICLE = "diazepam-anxiety-spasm"
ROOT = Path(__file__).resolve().parents[2]


def _database(tmp_path: Path) -> str:
    """A fresh database: on the PostgreSQL server when CI provides one, else a SQLite file."""
    server = os.environ.get("EVIDENCE_DASHBOARD_TEST_DATABASE_URL")
    if not server:
        return f"sqlite+pysqlite:///{tmp_path / 'review.sqlite3'}"
    name = f"review_e2e_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _choose(page, name: str) -> None:
    """Pick a name in the "I am" box (typed, so a rerun cannot close the list under us)."""
    page.get_by_test_id("stSelectbox").filter(has_text="I am").click()
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    settle(page)


def test_verdict_and_sign_off_in_the_browser_seen_by_another_process(
    browser, tmp_path, chromium_path
):
    url = _database(tmp_path)
    library = load_library(ROOT / "data")
    store = ReviewStore(url)
    review = Review(library, load_board(ROOT / "data"), store, audit=lambda *_: ())
    claims = [str(c.claim_id) for c in library.article(ARTICLE).claims]
    for member in ("ben", "cai"):  # everything but ben's verdict on 'falls', given below
        for claim in claims:
            if (member, claim) != ("ben", "falls"):
                review.verdict(ARTICLE, claim, member, "agree")
    store.close()

    env = {"EVIDENCE_DASHBOARD_DATABASE_URL": url}
    server = start_server(tmp_path / "server.log", env)
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    try:
        page = context.new_page()
        open_page(page, f"{server.url}/Review?article={ARTICLE}")
        _choose(page, "Ben Osei (reviewer)")
        card = page.locator(".st-key-claim-card-falls")
        card.locator("summary").click()
        card.get_by_text("Agree", exact=True).click()
        card.get_by_role("button", name="Record verdict").click()
        settle(page)
        expect(page.get_by_text("Recorded event")).to_be_visible()

        _choose(page, "Ana Lima (chair)")
        # Blinded: the chair, who gave no verdict on 'falls', does not see the others'.
        expect(page.locator(".st-key-claim-card-falls")).to_contain_text("verdicts hidden")
        page.get_by_role("tab", name="Sign-off").click()
        # Ready only because the verdicts this test process wrote are seen by the server.
        expect(page.get_by_text("Every claim has its quorum")).to_be_visible()
        page.get_by_role("button", name="Sign off this version").click()
        settle(page)
        expect(page.get_by_text("(sign-off)")).to_be_visible()
        expect(page.get_by_role("heading", name="Approved ·")).to_be_visible()

        # A second app process on the same database (this one, through AppTest) sees it.
        os.environ["EVIDENCE_DASHBOARD_DATABASE_URL"] = url
        try:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
            at.run()
            assert not at.exception
            assert any("green-badge[Approved]" in m.value for m in at.sidebar.markdown)
        finally:
            os.environ.pop("EVIDENCE_DASHBOARD_DATABASE_URL", None)
            st.cache_resource.clear()

        for path in ("/", "/Article"):  # and the pages that show the article show it
            open_page(page, f"{server.url}{path}?article={ARTICLE}")
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_text("Approved", exact=True)).to_be_visible()
            expect(sidebar.get_by_text("Approved version")).to_be_visible()
    finally:
        context.close()
        server.stop()
