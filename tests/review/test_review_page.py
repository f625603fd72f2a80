"""AppTest of the Review page: local mode, a verdict, refused non-chair, non-member, off loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit import config
from streamlit.testing.v1 import AppTest

from evidence_dashboard.review.store import ReviewStore
from evidence_dashboard.ui import identity as ui_identity

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/5_Review.py"


@pytest.fixture
def review_db(tmp_path, monkeypatch) -> str:
    url = f"sqlite+pysqlite:///{tmp_path / 'review.sqlite3'}"
    monkeypatch.setenv("EVIDENCE_DASHBOARD_DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()


@pytest.fixture
def address():
    """Set the server address the page reads, and put it back."""
    before = config.get_option("server.address")

    def _set(value: str) -> None:
        config.set_option("server.address", value)

    yield _set
    config.set_option("server.address", before)


def _open(member: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    if member is not None:
        at.selectbox(key="review_identity").select(member).run()
        assert not at.exception, at.exception
    return at


def _texts(at: AppTest, kind: str) -> list[str]:
    """Element texts with Markdown escapes removed (content is escaped before display)."""
    return [e.value.replace("\\", "") for e in getattr(at, kind)]


def test_local_mode_verdict_and_refused_non_chair_sign_off(review_db, address):
    address("127.0.0.1")
    at = _open()
    assert any("identity not verified" in w for w in _texts(at, "warning"))
    assert any(s.startswith("Submitted") for s in _texts(at, "subheader"))
    assert not [b for b in at.button if b.label == "Record verdict"]  # a reader has no forms

    at.selectbox(key="review_identity").select("ben").run()
    at.radio(key="verdict-falls").set_value("agree")
    at.button(key="verdict-submit-falls").click().run()
    assert not at.exception
    assert any("Recorded event 1 (verdict)" in s for s in _texts(at, "success"))
    assert any(s.startswith("Under review") for s in _texts(at, "subheader"))
    events = ReviewStore(review_db).events()
    assert [(e.actor, e.claim, e.payload["verdict"]) for e in events] == [("ben", "falls", "agree")]

    at.radio(key="verdict-fractures").set_value("disagree")
    at.button(key="verdict-submit-fractures").click().run()
    assert any("needs a comment" in e for e in _texts(at, "error"))

    at.button(key="sign-off").click().run()
    errors = _texts(at, "error")
    assert any("Refused: only a chair can sign off; 'ben' is a reviewer." in e for e in errors)
    assert len(ReviewStore(review_db).events()) == 1


def test_signed_in_non_member_reads_but_cannot_review(review_db, address, monkeypatch):
    address("127.0.0.1")
    monkeypatch.setattr(ui_identity, "auth_configured", lambda: True)
    monkeypatch.setattr(ui_identity, "signed_in", lambda: (True, "zed@example.org"))
    at = _open()
    infos = _texts(at, "info")
    assert any(
        "zed@example.org is not a member of the board: you can read but not" in i.lower()
        for i in infos
    )
    assert not [b for b in at.button if b.label in ("Record verdict", "Sign off this version")]
    assert not any("identity not verified" in w for w in _texts(at, "warning"))
    assert at.expander  # the claims are still there to read


def test_review_actions_refused_off_loopback(review_db, address):
    address("0.0.0.0")
    at = _open("ana")
    assert any(
        "review actions are refused: the server listens on 0.0.0.0" in i.lower()
        for i in _texts(at, "info")
    )
    assert not [b for b in at.button if b.label in ("Record verdict", "Sign off this version")]
