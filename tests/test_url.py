"""The one URL codec: every spec round-trips through a real query string; bad values get notices."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_dashboard import schema
from evidence_dashboard.content.library import load_library
from evidence_dashboard.views import compare, explorer, url
from evidence_dashboard.views.baseline import read_baseline
from evidence_dashboard.views.compare import CompareSpec
from evidence_dashboard.views.explorer import FilterSpec
from evidence_dashboard.views.url import Param

ROWS = load_library().evidence
HOSTILE = ["a, b", "x+y", "R&D", "50%", "10–20 mg", "Ωmega ü 日本語", "a=b", " lead", "%2C", "#"]


def _through_browser(query: dict[str, list[str]]) -> dict[str, list[str]]:
    """What the page reads back after the browser shows the URL Streamlit wrote."""
    return url.from_query_string(url.to_query_string(query))


def _subset(values: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=4).map(tuple)


@st.composite
def compare_specs(draw: st.DrawFn) -> CompareSpec:
    outcome = draw(st.sampled_from(compare.plottable_categories(ROWS)))
    allowed = compare.allowed_values(ROWS, outcome)
    ids = allowed["pool_ids"]
    return CompareSpec(
        outcome_category=outcome,
        age_groups=draw(_subset(allowed["age_groups"])),
        drugs=draw(_subset(allowed["drugs"])),
        families=draw(_subset(list(compare.FAMILIES))),
        measures=draw(_subset(list(compare.POOLABLE_MEASURES))),
        pool_ids=draw(_subset(ids)),
        method=draw(st.sampled_from(compare.POOL_METHODS)),
        baseline_per_1000=draw(
            st.none()
            | st.floats(min_value=0.001, max_value=999.999, allow_nan=False)
            | st.integers(1, 999).map(float)
        ),
        absolute_id=draw(st.sampled_from(["", *ids])),
        subgroup=draw(st.sampled_from(compare.SUBGROUPS)),
        level=draw(st.sampled_from(compare.LEVELS)),
        zeros=draw(st.sampled_from(compare.ZEROS)),
    )


@settings(max_examples=60, deadline=None)
@given(compare_specs())
def test_compare_specs_round_trip_through_a_query_string(spec: CompareSpec) -> None:
    decoded = compare.spec_from_query(_through_browser(spec.to_query()), ROWS)
    assert decoded.spec == spec and decoded.notices == ()


@st.composite
def filter_specs(draw: st.DrawFn) -> FilterSpec:
    allowed = explorer.allowed_values(ROWS)
    return FilterSpec(
        **{c: draw(_subset(allowed[c])) for c in explorer.FILTER_COLUMNS if allowed[c]},
        search=draw(st.text(max_size=40).map(str.strip)),
        sort_by=draw(st.sampled_from(allowed["sort_by"])),
        ascending=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None)
@given(filter_specs())
def test_evidence_specs_round_trip_through_a_query_string(spec: FilterSpec) -> None:
    decoded = explorer.spec_from_query(_through_browser(explorer.spec_to_query(spec)), ROWS)
    assert decoded.spec == spec and decoded.notices == ()


@dataclass(frozen=True)
class _Spec:
    drug: tuple[str, ...] = ()
    outcome: str = ""


_PARAMS = (Param("drug", "drug", many=True), Param("outcome", "outcome"))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(HOSTILE) | st.text(min_size=1, max_size=12), unique=True, max_size=5),
    st.sampled_from(HOSTILE),
)
def test_any_value_the_data_can_hold_comes_back_as_itself(drugs: list[str], outcome: str) -> None:
    spec = _Spec(tuple(drugs), outcome)
    allowed = {"drug": drugs, "outcome": HOSTILE}
    query = _through_browser(url.encode(spec, _PARAMS, _Spec()))
    assert url.decode(query, _PARAMS, _Spec(), allowed) == url.Decoded(spec)


def test_every_page_names_the_same_idea_the_same_way() -> None:
    compare_names = {p.field: p.name for p in compare.PARAMS}
    evidence_names = {p.field: p.name for p in explorer.PARAMS}
    assert compare_names["outcome_category"] == evidence_names["outcome_category"] == "outcome"
    assert compare_names["age_groups"] == evidence_names["age_group"] == "age"
    assert compare_names["drugs"] == evidence_names["drug"] == "drug"
    assert compare_names["measures"] == evidence_names["measure"] == "measure"


def test_unknown_values_are_dropped_with_a_notice_each() -> None:
    decoded = compare.spec_from_query(
        {"outcome": ["<script>"], "age": ["65+", "evil"], "method": ["x"], "pool": ["NOPE"]}, ROWS
    )
    spec = decoded.spec
    assert spec.outcome_category == "falls" and spec.age_groups == ("65+",)
    assert spec.method == "reml" and spec.pool_ids == ()
    assert len(decoded.notices) == 4
    assert all("ignored" in n for n in decoded.notices)
    assert any("'<script>'" in n for n in decoded.notices)


def test_a_repeated_single_value_and_a_long_search_are_noticed() -> None:
    decoded = explorer.spec_from_query({"sort": ["drug", "id"], "q": ["x" * 500]}, ROWS)
    assert decoded.spec.sort_by == "id" and len(decoded.spec.search) == explorer.MAX_SEARCH_CHARS
    assert len(decoded.notices) == 2


@pytest.mark.parametrize(
    ("typed", "per_1000"),
    [
        ("20", 20.0),
        ("2%", 20.0),
        ("2 %", 20.0),
        ("0.02", 20.0),
        ("0,02", 20.0),
        ("2,5", 2.5),
        ("20/1000", 20.0),
        ("20 per 1,000", 20.0),
        ("0.5/1000", 0.5),
        ("12.5%", 125.0),
    ],
)
def test_baselines_are_read_as_people_write_them(typed: str, per_1000: float) -> None:
    assert read_baseline(typed)[0] == pytest.approx(per_1000)


@pytest.mark.parametrize("typed", ["1,500", "1.000,5", "", "abc", "0", "100%", "-2", "1000"])
def test_ambiguous_or_impossible_baselines_are_refused(typed: str) -> None:
    value, why = read_baseline(typed)
    assert value is None and why


def test_vocabularies_in_the_codec_are_the_schemas() -> None:
    allowed = compare.allowed_values(ROWS)
    assert allowed["age_groups"] == list(schema.values(schema.AGE_GROUPS))
