"""AppTest helpers: run a page against a chosen content folder with fresh caches."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    "app.py",
    *sorted(str(p.relative_to(PROJECT_ROOT)) for p in PROJECT_ROOT.glob("pages/*.py")),
]


@pytest.fixture(autouse=True)
def fresh_caches():
    """Streamlit caches are process-wide; clear them around every test."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def open_page(monkeypatch):
    """Return a function that runs one page file (optionally with query params) and returns it."""

    def _open(page: str, data: Path | None = None, **query: str) -> AppTest:
        if data is not None:
            monkeypatch.setenv("EVIDENCE_DASHBOARD_DATA", str(data))
        # Pages are reached from the entrypoint, as in the browser: page links resolve against it.
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page != "app.py":
            for key, value in query.items():
                at.query_params[key] = value
            at.switch_page(page).run()
        return at

    return _open


@pytest.fixture
def broken_data(data_copy: Path) -> Path:
    """The shipped content plus one broken article, one bad evidence file and one bad entry."""
    (data_copy / "articles" / "broken.md").write_text(
        "---\ntitle: Broken article\nstatus: nonsense\n---\nCites [@NoSuchKey].\n"
    )
    header = (data_copy / "evidence" / "diazepam-anxiety-spasm.csv").read_text().splitlines()[0]
    (data_copy / "evidence" / "bad.csv").write_text(header + "\nBAD-1,Nope,p1\n")
    with (data_copy / "references" / "diazepam-anxiety-spasm.bib").open("a") as handle:
        handle.write("\n@article{Broken2020,\n  title = {Unclosed\n")
    return data_copy
