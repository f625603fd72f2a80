"""The board in a real browser: a verdict through one app process, the chair's sign-off
through a second process on the same database, and every page then shows "Approved"."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

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
    page.get_by_test_id("stSelectbox").filter(has_text="I am").click()
    page.get_by_role("option", name=name).click()
    settle(page)


def test_verdict_in_one_process_sign_off_in_another(browser, tmp_path, chromium_path):
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
    first = start_server(tmp_path / "first.log", env)
    second = start_server(tmp_path / "second.log", env)
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    try:
        page = context.new_page()
        open_page(page, f"{first.url}/Review?article={ARTICLE}")
        _choose(page, "Ben Osei (reviewer)")
        card = page.locator(".st-key-claim-card-falls")
        card.locator("summary").click()
        card.get_by_text("Agree", exact=True).click()
        card.get_by_role("button", name="Record verdict").click()
        settle(page)
        expect(page.get_by_text("Recorded event")).to_be_visible()

        other = context.new_page()
        open_page(other, f"{second.url}/Review?article={ARTICLE}")
        _choose(other, "Ana Lima (chair)")
        # Blinded: the chair, who gave no verdict on 'falls', does not see the others'.
        expect(other.locator(".st-key-claim-card-falls")).to_contain_text("verdicts hidden")
        other.get_by_role("tab", name="Sign-off").click()
        # Ready only because ben's verdict, written through the first process, is seen here.
        expect(other.get_by_text("Every claim has its quorum")).to_be_visible()
        other.get_by_role("button", name="Sign off this version").click()
        settle(other)
        expect(other.get_by_text("(sign-off)")).to_be_visible()
        expect(other.get_by_role("heading", name="Approved ·")).to_be_visible()

        # The first process reads the sign-off the second wrote, on every page.
        for path in ("/", "/Evidence"):
            open_page(page, f"{first.url}{path}?article={ARTICLE}")
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_text("Approved", exact=True)).to_be_visible()
            expect(sidebar.get_by_text("Approved version")).to_be_visible()
    finally:
        context.close()
        first.stop()
        second.stop()
