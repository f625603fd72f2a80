"""The public API on the shipped data/: each function, its errors, and how results display."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import evidence_dashboard as ed
from evidence_dashboard import charts
from evidence_dashboard.errors import InputError, Problem, ProblemList, Severity
from evidence_dashboard.stats import AbsoluteEffect, absolute_effect, pool
from evidence_dashboard.views import compare
from evidence_dashboard.views.rendering import numbering_for

PUBLIC = [
    "absolute",
    "absolute_chart",
    "comparison_chart",
    "evidence_frame",
    "forest_plot",
    "format_references",
    "library_problems",
    "load",
    "pool_rows",
    "save_chart",
]
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(scope="module")
def library():
    return ed.load()


@pytest.fixture(scope="module")
def pooled(library):
    return ed.pool_rows(library.rows(["FA-03", "FA-04"]))


# --------------------------------------------------------------------------- the package


def test_all_lists_exactly_the_public_functions_and_each_is_documented_with_an_example():
    assert sorted(ed.__all__) == PUBLIC
    for name in PUBLIC:
        function = getattr(ed, name)
        assert callable(function)
        assert function.__module__ in ("evidence_dashboard.api", "evidence_dashboard.figures")
        doc = function.__doc__ or ""
        assert "Parameters" in doc and "Returns" in doc and ">>>" in doc, name
    assert set(PUBLIC) <= set(dir(ed))
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        ed.nothing_here  # noqa: B018


def test_importing_the_package_stays_light_for_the_command_line():
    code = "import sys, evidence_dashboard; print('plotly' in sys.modules, 'pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


# --------------------------------------------------------------------------- loading


def test_load_reads_the_shipped_content_without_errors(library):
    assert len(library.evidence) > 30 and library.articles
    assert library.errors == ()
    problems = ed.library_problems(library)
    assert isinstance(problems, ProblemList)
    assert problems == tuple(library.problems)


def test_load_takes_a_path_and_reports_a_broken_row_as_a_problem(data_copy: Path):
    csv = next((data_copy / "evidence").glob("*.csv"))
    text = csv.read_text(encoding="utf-8")
    csv.write_text(text.replace(",1.41,", ",not-a-number,", 1), encoding="utf-8")
    library = ed.load(data_copy)
    problems = ed.library_problems(library)
    assert "FA-01" not in set(library.evidence["id"])
    assert any(p.item == "FA-01" for p in problems.errors)
    assert "FA-01" in str(problems) and "error" in str(problems)


def test_load_of_a_missing_folder_returns_one_problem_instead_of_raising(tmp_path: Path):
    library = ed.load(tmp_path / "missing")
    assert library.evidence.empty
    assert len(ed.library_problems(library).errors) == 1


# --------------------------------------------------------------------------- rows


def test_evidence_frame_filters_like_the_evidence_page(library):
    rows = ed.evidence_frame(
        library, outcome_category=["falls", "fracture"], age_group=["60+", "65+", "older adults"]
    )
    assert set(rows["outcome_category"]) == {"falls", "fracture"}
    assert set(rows["age_group"]) <= {"60+", "65+", "older adults"}
    assert {"FA-01", "FA-03", "FX-01", "IN-06"} <= set(rows["id"])
    assert list(rows.index) == list(range(len(rows)))
    assert list(rows["id"]) == sorted(rows["id"], key=str.casefold)


def test_evidence_frame_takes_one_value_or_a_list_and_searches_text(library):
    single = ed.evidence_frame(library, drug="baclofen")
    assert not single.empty and set(single["drug"]) == {"baclofen"}
    assert single.equals(ed.evidence_frame(library, drug=["baclofen"]))
    found = ed.evidence_frame(library, search="MEDICAID")
    assert set(found["id"]) == {"FX-03", "FX-04"}
    again = ed.evidence_frame(found, drug_class="benzodiazepine")
    assert list(again["id"]) == ["FX-03", "FX-04"]


def test_evidence_frame_can_leave_out_statements(library):
    everything = ed.evidence_frame(library)
    numbers = ed.evidence_frame(library, include_statements=False)
    assert len(everything) == len(library.evidence)
    assert "statement" in set(everything["measure"])
    assert "statement" not in set(numbers["measure"])


def test_evidence_frame_rejects_a_value_that_is_not_in_the_data(library):
    with pytest.raises(InputError, match=r"age_group must be among .* Got '65' instead"):
        ed.evidence_frame(library, age_group="65")
    with pytest.raises(InputError, match="Did you mean 'fracture'"):
        ed.evidence_frame(library, outcome_category="fractures")
    with pytest.raises(InputError, match="must be a Library"):
        ed.evidence_frame([1, 2])  # type: ignore[arg-type]


# --------------------------------------------------------------------------- statistics


def test_pool_rows_infers_the_measure_and_matches_the_stats_core(library, pooled):
    rows = library.rows(["FA-03", "FA-04"])
    direct = pool(rows, measure="OR", method="reml")
    assert pooled.measure == "OR" and pooled.k == 2
    assert (pooled.estimate, pooled.ci_low, pooled.ci_high) == (
        direct.estimate,
        direct.ci_low,
        direct.ci_high,
    )
    assert [s.id for s in pooled.studies] == ["FA-03", "FA-04"]
    assert pooled.notes[0] == ed.api.OVERLAP_NOTE


def test_pool_rows_passes_method_level_and_subgroup_through(library):
    rows = library.rows(["FA-01", "FA-02", "FA-03", "FA-04"])
    result = ed.pool_rows(rows, method="dl", level=90, subgroup="drug")
    assert result.method == "dl" and result.level == 90
    assert [g.group for g in result.subgroups] == [
        "benzodiazepines",
        "long-acting benzodiazepines",
        "short-acting benzodiazepines",
    ]
    assert result.subgroup_test is not None
    assert ed.pool_rows(rows.to_dict("records"), method="iv").k == 4


def test_pool_rows_refuses_rows_the_compare_page_would_not_pool(library):
    with pytest.raises(InputError, match=r"share one measure.*OR, RR"):
        ed.pool_rows(library.rows(["FA-01", "FX-01"]))
    with pytest.raises(InputError, match="must be the rows' own measure"):
        ed.pool_rows(library.rows(["FA-01", "FA-02"]), measure="RR")
    with pytest.raises(InputError, match="at least one"):
        ed.pool_rows(library.rows([]))
    mixed = library.rows(["FA-01", "FA-02"]).assign(design=["cohort", "randomized trial"])
    with pytest.raises(
        InputError, match="Randomized and observational rows are not pooled together"
    ):
        ed.pool_rows(mixed)


def test_absolute_is_the_stats_core_absolute_effect():
    effect = ed.absolute("OR", 1.41, 0.1, 1.2, 1.71)
    assert effect == absolute_effect("OR", 1.41, baseline_risk=0.1, ci_low=1.2, ci_high=1.71)
    with pytest.raises(InputError, match="baseline_risk"):
        ed.absolute("OR", 1.41, 100)


# --------------------------------------------------------------------------- charts


def test_forest_plot_is_the_apps_forest_plot(pooled):
    chart = ed.forest_plot(pooled, "Falls")
    assert isinstance(chart, charts.Chart)
    assert chart.figure.to_json() == charts.forest_plot(pooled, "Falls").figure.to_json()
    assert ed.forest_plot(pooled).figure.layout.title.text == "Pooled OR (reml)"


def test_comparison_chart_is_the_compare_pages_chart(library):
    chart = ed.comparison_chart(library, "falls", ["60+", "65+"])
    spec = compare.CompareSpec(outcome_category="falls", age_groups=("60+", "65+"))
    page = compare.compare(library.evidence, spec).chart
    assert chart.figure.to_json() == page.figure.to_json()
    assert chart.alt_text == page.alt_text
    assert set(chart.table["id"]) == {"FA-01", "FA-02", "FA-03", "FA-04", "FA-05", "IN-06"}
    one = ed.comparison_chart(library.evidence, "falls", "65+", families="observational")
    assert list(one.table["id"]) == ["IN-06"]


def test_comparison_chart_rejects_unknown_values(library):
    with pytest.raises(InputError, match="outcome_category must be among"):
        ed.comparison_chart(library, "dosing")
    with pytest.raises(InputError, match="families must be among"):
        ed.comparison_chart(library, "falls", families="trials")


def test_absolute_chart_is_the_apps_icon_array():
    effect = ed.absolute("OR", 1.41, 0.3)
    chart = ed.absolute_chart(effect, "benzodiazepines")
    assert chart.figure.to_json() == charts.icon_array(effect, "benzodiazepines").figure.to_json()
    assert "benzodiazepines" in chart.alt_text


def test_save_chart_writes_html_and_png_and_refuses_other_suffixes(library, tmp_path: Path):
    chart = ed.comparison_chart(library, "falls")
    html = ed.save_chart(chart, tmp_path / "out" / "falls.html")
    assert html.read_text(encoding="utf-8").startswith("<!doctype html>")
    png = ed.save_chart(chart, tmp_path / "falls.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(InputError, match=r"\.png, \.svg or \.html"):
        ed.save_chart(chart, tmp_path / "falls.jpg")


# --------------------------------------------------------------------------- references


def test_format_references_numbers_an_articles_citations_as_the_article_page(library):
    article = library.articles[0]
    order = numbering_for(article, library.references).order
    ama = ed.format_references(library, article=article.slug)
    vancouver = ed.format_references(library, style="vancouver", article=article)
    assert len(ama) == len(vancouver) == len(order)
    assert ama[0].startswith("1. ") and ama != vancouver
    assert ed.format_references(library.references, order) == ama


def test_format_references_lists_every_reference_by_default_and_rejects_bad_input(library):
    assert len(ed.format_references(library)) == len(library.references)
    with pytest.raises(InputError, match="Did you mean 'Woolcott2009'"):
        ed.format_references(library, ["Woolcot2009"])
    with pytest.raises(InputError, match="style must be ama, vancouver, a CSL style"):
        ed.format_references(library, style="no-such-style")
    apa = ed.format_references(library, ["Woolcott2009"], style="apa")
    assert apa[0].startswith("Woolcott, J. C., Richardson, K. J.")  # author-year: no number
    with pytest.raises(InputError, match="article must be one of"):
        ed.format_references(library, article="nope")
    with pytest.raises(InputError, match="not both"):
        ed.format_references(library, ["Woolcott2009"], article=library.articles[0])


# --------------------------------------------------------------------------- display


def test_pooled_result_shows_as_an_escaped_html_table():
    rows = [
        {"id": SCRIPT, "estimate": 1.2, "ci_low": 1.0, "ci_high": 1.5, "drug": "x"},
        {"id": "B", "estimate": 1.6, "ci_low": 1.1, "ci_high": 2.3, "drug": "y"},
    ]
    result = dataclasses.replace(
        pool(rows, measure="OR", method="dl", subgroup="drug"), notes=(SCRIPT,)
    )
    html = result._repr_html_()
    assert html.startswith("<table") and "<script" not in html
    assert html.count(ESCAPED) == 2  # the study id and the note
    assert "Heterogeneity" in html and "Subgroup differences" in html


def test_pooled_result_reads_well_as_text_and_stays_a_frozen_dataclass(pooled):
    text = str(pooled)
    lines = text.splitlines()
    assert lines[0] == "Pooled OR · REML random effects · k = 2"
    assert lines[2].split()[:2] == ["FA-03", "1.81"]  # the source's own figure
    assert any(line.strip().startswith("pooled") for line in lines)
    assert "heterogeneity: tau² =" in text and "note: Some of these rows" in text
    assert "\n" not in repr(pooled) and repr(pooled).startswith("<PooledResult OR reml k=2: ")
    assert dataclasses.replace(pooled) == pooled
    with pytest.raises(dataclasses.FrozenInstanceError):
        pooled.k = 3  # type: ignore[misc]
    from IPython.lib.pretty import pretty

    assert pretty(pooled) == text


def test_absolute_effect_shows_as_html_and_text():
    effect = ed.absolute("OR", 1.41, 0.1, 1.2, 1.71)
    html = effect._repr_html_()
    assert "Difference" in html and "per 1,000" in html and "NNH" in html
    text = str(effect)
    assert text.splitlines()[0].startswith("Absolute effect of OR 1.41 (95% CI 1.20 to 1.71)")
    assert "risk with the exposure" in text
    assert repr(effect).startswith("<AbsoluteEffect OR 1.41 at 100/1,000: ")
    assert dataclasses.replace(effect) == effect
    hostile = AbsoluteEffect(
        "RD", 0.1, None, None, 0.1, 0.2, 0.1, None, None, 100.0, None, None, 10, "NNH", SCRIPT
    )
    assert ESCAPED in hostile._repr_html_() and "<script" not in hostile._repr_html_()


def test_problem_list_shows_as_an_escaped_table_and_readable_lines():
    problems = ProblemList(
        [
            Problem(f"data/{SCRIPT}.csv", 4, f"bad {SCRIPT}", column=SCRIPT, item=SCRIPT),
            Problem("a.bib", None, "unused", hint=SCRIPT, severity=Severity.WARNING),
        ]
    )
    html = problems._repr_html_()
    assert "<script" not in html and html.count(ESCAPED) == 5
    assert "2 problems (1 error, 1 warning)" in html
    lines = str(problems).splitlines()
    assert lines[0] == "2 problems (1 error, 1 warning)"
    assert lines[2] == f"  a.bib: warning: unused Hint: {SCRIPT}"
    assert repr(problems) == str(problems)
    assert problems == tuple(problems) and isinstance(problems, tuple)
    assert problems.warnings == (problems[1],) and problems.errors == (problems[0],)
    assert str(ProblemList()) == "No problems." and "No problems." in ProblemList()._repr_html_()


def test_evidence_frame_is_a_plain_dataframe(library):
    rows = ed.evidence_frame(library, measure="SHR")
    assert isinstance(rows, pd.DataFrame) and set(rows["id"]) == {"IN-06", "IN-07"}
