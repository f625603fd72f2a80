"""The Evidence page: URL filters, facts section, quick filters and the downloaded files."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from evidence_dashboard.content.library import load_library
from evidence_dashboard.export import tables
from evidence_dashboard.uploads import Upload, Workspace

from .conftest import PROJECT_ROOT

PAGE = "pages/3_Evidence.py"
OLDER = ["60+", "65+", "older adults"]


@pytest.fixture
def downloads(monkeypatch):
    """File name to the bytes a deferred download button would send when clicked."""
    captured: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        captured[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return captured


@pytest.fixture(scope="module")
def shipped():
    frame = load_library().evidence
    return frame


def _table(at, key):
    """The estimates ("ev_table": has a figure column) or facts ("ev_facts") table."""
    column = {"ev_table": "figure", "ev_facts": "statement"}[key]
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_query_params_filter_the_rows(open_page, shipped):
    at = open_page(PAGE, outcome="falls", age=OLDER)
    assert not at.exception, at.exception
    table = _table(at, "ev_table")
    expected = shipped.loc[
        (shipped["outcome_category"] == "falls")
        & shipped["age_group"].isin(["60+", "65+", "older adults"])
        & (shipped["measure"] != "statement")
    ]
    assert sorted(table["id"]) == sorted(expected["id"]) and len(table) > 0
    assert at.multiselect(key="ev_outcome_category").value == ["falls"]
    assert at.query_params["outcome"] in ("falls", ["falls"])


def test_unknown_query_values_are_ignored(open_page, shipped):
    at = open_page(PAGE, measure="javascript:alert(1)", sort="__import__")
    assert not at.exception
    assert "measure" not in at.query_params
    notices = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "javascript:alert(1)" in notices and "__import__" in notices
    at.session_state["ev_more"] = True  # "More filters" is drawn once opened
    assert at.run().multiselect(key="ev_measure").value == []


def test_statements_are_in_the_facts_section_only(open_page, shipped):
    at = open_page(PAGE)
    estimates, facts = _table(at, "ev_table"), _table(at, "ev_facts")
    statement_ids = set(shipped.loc[shipped["measure"] == "statement", "id"])
    assert set(facts["id"]) == statement_ids and statement_ids
    assert not statement_ids & set(estimates["id"])
    assert "statement" in facts.columns


def test_quick_filter_finds_older_adult_falls_in_one_click(open_page):
    at = open_page(PAGE)
    next(b for b in at.button if b.label == "Older-adult falls").click().run()
    assert not at.exception
    table = _table(at, "ev_table")
    assert set(table["age_group"]) <= {"60+", "65+", "older adults"}
    assert set(table["outcome_category"]) == {"falls"}
    assert at.query_params["age"] == OLDER


def test_widgets_write_the_url(open_page):
    at = open_page(PAGE)
    at.multiselect(key="ev_design").select("cohort").run()
    at.text_input(key="ev_search").input("hip").run()
    assert at.query_params["design"] == "cohort"
    assert at.query_params["q"] == "hip"
    table = _table(at, "ev_table")
    assert set(table["design"]) == {"cohort (observational)"}


def test_downloaded_csv_reads_back_to_the_filtered_rows(open_page, downloads, shipped):
    at = open_page(PAGE, outcome="falls", age=OLDER)
    assert not at.exception
    names = [n for n in downloads if n and n.endswith(".csv")]
    assert names == ["evidence_outcome-category-falls_age-group-60-65-older-adults.csv"]
    back = pd.read_csv(io.BytesIO(downloads[names[0]]()), dtype=str, keep_default_na=False)
    shown = _table(at, "ev_table")
    assert sorted(back["id"]) == sorted(shown["id"])
    rows = shipped.set_index("id").loc[back["id"]]
    assert list(back["estimate"]) == list(rows["estimate_text"])
    assert list(back.columns)[: len(tables.EXPORT_COLUMNS)] == list(tables.EXPORT_COLUMNS)
    xlsx = next(n for n in downloads if n and n.endswith(".xlsx"))
    sheets = pd.read_excel(io.BytesIO(downloads[xlsx]()), sheet_name=None)
    assert set(sheets) == {"evidence", "filters"}


def test_data_dictionary_is_shown_as_tables_once_opened(open_page):
    at = open_page(PAGE)
    assert not any("allowed values" in d.value.columns for d in at.dataframe)  # folded: not drawn
    at.session_state["ev_dictionary"] = True  # what opening the expander does
    at.run()
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    assert any("allowed values" in t.columns for t in tables)


def test_uploaded_rows_appear_marked_as_uploaded():
    data = (PROJECT_ROOT / "tests" / "fixtures" / "uploads" / "partly_bad.csv").read_bytes()
    workspace = Workspace()
    workspace.add(Upload("partly_bad.csv", "evidence", data))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.session_state["uploads_workspace"] = workspace
    at.run()
    at.query_params["origin"] = "uploaded: partly_bad.csv"
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    table = _table(at, "ev_table")
    assert list(table["id"]) == ["UP-01"]
    assert list(table["origin"]) == ["uploaded: partly_bad.csv"]


def test_more_filters_hold_while_folded_and_are_said(open_page):
    at = open_page(PAGE, measure="OR", outcome="falls")
    assert "ev_measure" not in [m.key for m in at.multiselect]  # folded: not drawn
    captions = " ".join(c.value for c in at.caption)
    assert "Also filtered by measure OR." in captions
    at.multiselect(key="ev_age_group").set_value(["older adults"]).run()
    at.multiselect(key="ev_age_group").set_value([]).run()
    assert at.query_params["measure"] in ("OR", ["OR"])
    at.session_state["ev_more"] = True
    at.run().multiselect(key="ev_measure").set_value(["OR", "RR"]).run()
    assert "Also filtered by" not in " ".join(c.value for c in at.caption)  # shown: not repeated
    at.session_state["ev_more"] = False
    at.run()
    assert "Also filtered by measure OR, RR." in " ".join(c.value for c in at.caption)
    assert list(at.query_params["measure"]) == ["OR", "RR"]
