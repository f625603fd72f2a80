"""The evidence explorer core: filters, search, sorting, URL round-trip, display and exports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from evidence_dashboard import dictionary, schema
from evidence_dashboard.content.library import load_library
from evidence_dashboard.export import tables
from evidence_dashboard.views import explorer
from evidence_dashboard.views.explorer import FilterSpec

DATA = Path(__file__).resolve().parents[1] / "data"
OLDER_FALLS = FilterSpec(outcome_category=("falls",), age_group=explorer.OLDER_ADULTS)


@pytest.fixture(scope="module")
def library():
    return load_library(DATA)


@pytest.fixture(scope="module")
def frame(library):
    return explorer.with_origin(library.evidence)


def test_older_adult_falls_filter(frame):
    rows = explorer.filter_evidence(frame, OLDER_FALLS)
    expected = frame.loc[
        (frame["outcome_category"] == "falls")
        & frame["age_group"].isin(["60+", "65+", "older adults"])
    ]
    assert set(rows["id"]) == set(expected["id"]) and len(rows) > 0


def test_empty_spec_keeps_every_row(frame):
    assert len(explorer.filter_evidence(frame, FilterSpec())) == len(frame)


def test_search_is_case_insensitive_across_text_and_number_text(frame):
    hits = explorer.filter_evidence(frame, FilterSpec(search="HIP FRACTURE"))
    assert len(hits) > 0
    text = hits[explorer.search_columns(hits)].apply(lambda c: c.str.lower()).agg(" ".join, axis=1)
    assert text.str.contains("hip fracture").all()
    one = frame.iloc[0]
    by_number = explorer.filter_evidence(frame, FilterSpec(search=one["estimate_text"]))
    assert one["id"] in set(by_number["id"])


def test_search_treats_text_literally(frame):
    assert explorer.filter_evidence(frame, FilterSpec(search="(.*")).empty


def test_sort_by_estimate_descending_puts_missing_last(frame):
    rows = explorer.filter_evidence(frame, FilterSpec(sort_by="estimate", ascending=False))
    values = rows["estimate"].tolist()
    numbers = [v for v in values if pd.notna(v)]
    assert numbers == sorted(numbers, reverse=True)
    assert all(pd.isna(v) for v in values[len(numbers) :])


def test_default_spec_has_an_empty_query():
    assert explorer.spec_to_query(FilterSpec()) == {}


def test_display_table_uses_source_text_links_and_citations(library, frame):
    shown = explorer.display_table(frame, library)
    assert list(shown.index) == list(frame.index)
    first = frame.iloc[0]
    row = shown.loc[frame.index[0]]
    assert first["estimate_text"] in row["figure"]
    assert row["design"].endswith("(randomized)") or row["design"].endswith("(observational)")
    links = shown["link"].dropna()
    assert len(links) > 0 and links.str.match(r"^https?://").all()
    cited = library.citing_articles()
    some_id = next(iter(cited))
    assert shown.loc[frame["id"] == some_id, "cited_by"].iloc[0] == ", ".join(cited[some_id])


def test_reference_links_never_carry_unsafe_schemes(library, frame):
    from evidence_dashboard.bibliography import parse_bibtex

    refs = parse_bibtex("@misc{Evil, title={x}, url={javascript:alert(1)}}", "e.bib").references
    rows = frame.iloc[[0]].assign(source="Evil")
    shown = explorer.display_table(rows, library, refs)
    assert shown["link"].isna().all()


def test_statements_are_listed_as_facts(library, frame):
    shown = explorer.display_table(frame, library)
    facts = explorer.statement_table(shown, frame)
    statements = frame.loc[frame["measure"] == "statement"]
    assert list(facts["id"]) == list(statements["id"])
    assert list(facts["statement"]) == list(statements["statement"])


def test_export_csv_reads_back_to_the_filtered_rows(frame):
    rows = explorer.filter_evidence(frame, OLDER_FALLS)
    data = tables.export_csv(rows, OLDER_FALLS)
    back = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert list(back.columns) == [c.name for c in schema.EVIDENCE_COLUMNS] + ["origin"]
    assert list(back["id"]) == list(rows["id"])
    assert list(back["estimate"]) == list(rows["estimate_text"])  # e.g. "1.50" stays "1.50"
    assert list(back["note"]) == list(rows["note"])
    numeric = pd.read_csv(io.BytesIO(data))
    assert numeric["estimate"].tolist() == pytest.approx(rows["estimate"].tolist(), nan_ok=True)


def test_export_xlsx_has_rows_and_filters_sheet(frame):
    rows = explorer.filter_evidence(frame, OLDER_FALLS)
    data = tables.export_xlsx(rows, OLDER_FALLS)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, keep_default_na=False)
    assert list(sheets) == ["evidence", "filters"]
    assert list(sheets["evidence"]["id"]) == list(rows["id"])
    assert list(sheets["evidence"]["estimate"]) == list(rows["estimate_text"])
    settings = dict(zip(sheets["filters"]["setting"], sheets["filters"]["value"], strict=True))
    assert settings["outcome_category"] == "falls"
    assert settings["age_group"] == "60+ | 65+ | older adults"
    assert settings["rows"] == str(len(rows))


def test_export_parquet_has_rows_and_filter_metadata(frame):
    rows = explorer.filter_evidence(frame, OLDER_FALLS)
    data = tables.export_parquet(rows, OLDER_FALLS)
    back = pd.read_parquet(io.BytesIO(data))
    assert list(back["id"]) == list(rows["id"])
    assert list(back["estimate"]) == list(rows["estimate_text"])
    meta = pq.read_schema(io.BytesIO(data)).metadata
    filters = json.loads(meta[b"evidence_filters"])
    assert filters["outcome_category"] == "falls"


def test_export_file_name_is_short_and_safe():
    spec = FilterSpec(drug=("<b>x</b>, evil/../name" * 20,), search="a b/c")
    name = tables.export_file_name(spec, "csv")
    assert name.startswith("evidence_") and name.endswith(".csv")
    assert len(name) <= 120
    assert all(ch.isalnum() or ch in "-_." for ch in name)
    assert tables.export_file_name(OLDER_FALLS, "parquet") == (
        "evidence_outcome-category-falls_age-group-60-65-older-adults.parquet"
    )


def test_data_dictionary_frames_cover_the_schema():
    tables = dictionary.data_dictionary_frames()
    assert list(tables["evidence columns"]["column"]) == [c.name for c in schema.EVIDENCE_COLUMNS]
    assert list(tables["design"]["value"]) == list(schema.values(schema.DESIGNS))
    for column in tables["evidence columns"]["column"]:
        assert f"`{column}`" in dictionary.data_dictionary_markdown()
