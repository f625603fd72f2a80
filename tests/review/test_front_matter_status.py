"""Front-matter status is the author's request; approval words there are located warnings."""

from __future__ import annotations

import pytest

from evidence_dashboard.content.library import load_library

from .conftest import ARTICLE


@pytest.mark.parametrize("written", ["approved", "under-review"])
def test_computed_status_words_are_located_warnings(data_copy, written):
    path = data_copy / "articles" / f"{ARTICLE}.md"
    text = path.read_text(encoding="utf-8").replace("status: submitted", f"status: {written}")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"status: {written}") + 1
    library = load_library(data_copy)
    problem = next(p for p in library.problems if p.column == "status")
    assert problem.severity == "warning" and problem.line == line
    assert f"Got '{written}' instead; it is read as 'submitted'" in problem.message
    assert library.article(ARTICLE).status == "submitted"
    assert not library.errors


def test_draft_is_a_request(data_copy):
    path = data_copy / "articles" / f"{ARTICLE}.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: submitted", "status: draft"),
        encoding="utf-8",
    )
    library = load_library(data_copy)
    assert library.article(ARTICLE).status == "draft"
    assert not [p for p in library.problems if p.column == "status"]
