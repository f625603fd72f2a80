"""Article and bibliography problems: each names the file and line; other content keeps working."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_dashboard.content.library import load_library

ARTICLE = "articles/diazepam-anxiety-spasm.md"
BIB = "references/diazepam-anxiety-spasm.bib"


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("status: submitted", "status: published", "must be one of submitted"),
        ("updated: 2026-12-01", "updated: 01/12/2026", "YYYY-MM-DD. Got '01/12/2026'"),
        ("audiences: [clinician, student, patient]", "audiences: [clinician, nurse]", "'nurse'"),
        ("slug: diazepam-anxiety-spasm", "slug: Diazepam Anxiety", "lowercase letters"),
    ],
)
def test_front_matter_problem_is_located(data_copy, old, new, fragment):
    path = data_copy / ARTICLE
    _replace(path, old, new)
    line = _line_of(path, new)
    library = load_library(data_copy)
    problem = next(p for p in library.errors if fragment in p.message)
    assert (problem.path, problem.line) == ("data/" + ARTICLE, line)


def test_missing_title_is_reported(data_copy):
    path = data_copy / ARTICLE
    _replace(path, "title: Diazepam after buspirone and cyclobenzaprine have failed\n", "")
    library = load_library(data_copy)
    problem = next(p for p in library.errors if p.column == "title")
    assert problem.path == "data/" + ARTICLE
    assert "'title' is required" in problem.message


def test_broken_yaml_is_located(data_copy):
    path = data_copy / ARTICLE
    _replace(path, "status: submitted", "status: [submitted")
    library = load_library(data_copy)
    problem = next(p for p in library.errors if "valid YAML" in p.message)
    assert problem.path == "data/" + ARTICLE and problem.line is not None


def test_unknown_citation_key_is_located_with_a_suggestion(data_copy):
    path = data_copy / ARTICLE
    _replace(path, "[@Woolcott2009]", "[@Woolcot2009]")
    line = _line_of(path, "[@Woolcot2009]")
    library = load_library(data_copy)
    problem = next(p for p in library.errors if p.column == "citation")
    assert (problem.path, problem.line) == ("data/" + ARTICLE, line)
    assert "did you mean '@Woolcott2009'" in str(problem)


def test_claim_tied_to_unknown_evidence_row(data_copy):
    path = data_copy / ARTICLE
    _replace(path, 'evidence="FA-01 FA-02 FA-03 FA-04 BR-01 BR-02 BR-03"', 'evidence="FA-01 FA-99"')
    line = _line_of(path, "FA-99")
    library = load_library(data_copy)
    problem = next(p for p in library.errors if p.column == "evidence")
    assert (problem.path, problem.line) == ("data/" + ARTICLE, line)
    assert "'FA-99'" in problem.message


def test_unknown_value_token(data_copy):
    path = data_copy / ARTICLE
    _replace(path, "{{FA-03}}", "{{FA-33}}")
    line = _line_of(path, "{{FA-33}}")
    library = load_library(data_copy)
    problem = next(p for p in library.errors if p.column == "value")
    assert (problem.path, problem.line) == ("data/" + ARTICLE, line)


def test_unclosed_block(data_copy):
    path = data_copy / ARTICLE
    text = path.read_text()
    path.write_text(text.rstrip().removesuffix(":::") + "\n")
    library = load_library(data_copy)
    problem = next(p for p in library.errors if "must be closed" in p.message)
    assert problem.path == "data/" + ARTICLE
    assert problem.line == max(
        i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith("::: {")
    )


def test_broken_article_does_not_take_down_others(data_copy):
    broken = data_copy / "articles" / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nBody [@Nope].\n")
    library = load_library(data_copy)
    assert {a.slug for a in library.articles} == {
        "broken",
        "diazepam-anxiety-spasm",
        "muscle-relaxant-older-adults",
    }
    good = library.article("diazepam-anxiety-spasm")
    assert good is not None and not good.has_errors
    assert library.article("broken").has_errors


def test_duplicate_bibtex_key_is_located(data_copy):
    path = data_copy / BIB
    text = path.read_text()
    start = text.index("@article{Glass2005,")
    end = text.index("\n}\n", start) + 3
    path.write_text(text + "\n" + text[start:end])
    first = _line_of(path, "@article{Glass2005,")
    library = load_library(data_copy)
    problem = next(p for p in library.errors if "must be unique" in p.message)
    assert problem.path == "data/" + BIB
    assert problem.line > first
    assert "Glass2005" in problem.message
    assert "Glass2005" in library.references


def test_malformed_bibtex_entry_is_skipped_and_the_rest_loads(data_copy):
    path = data_copy / BIB
    _replace(path, "@article{Cashin2021,", "@article{Cashin2021\n  broken here,,")
    line = _line_of(path, "@article{Cashin2021")
    library = load_library(data_copy)
    bib_errors = [p for p in library.errors if p.path == "data/" + BIB]
    assert bib_errors and bib_errors[0].line is not None
    assert bib_errors[0].line >= line
    assert "Cashin2021" not in library.references
    assert "Glass2005" in library.references and "vanTulder2003Cochrane" in library.references
    # The evidence row whose source vanished is reported, not silently kept.
    assert any(p.item == "MR-03" and p.column == "source" for p in library.errors)
