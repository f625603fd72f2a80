"""The Article page shows the claim audit: a notice for readers, the findings for reviewers."""

from __future__ import annotations

from pathlib import Path

from evidence_dashboard.views.audit import READER_NOTICE


def _plant_error(data: Path) -> None:
    article = next((data / "articles").glob("*.md"))
    text = article.read_text(encoding="utf-8")
    old = "{{FA-01}}"
    assert old in text
    article.write_text(text.replace(old, "OR 1.61", 1), encoding="utf-8")


def test_readers_see_a_notice_and_reviewers_the_highlighted_finding(open_page, data_copy):
    _plant_error(data_copy)
    at = open_page("pages/1_Article.py", data_copy, audience="clinician")
    assert not at.exception
    assert [w.value for w in at.warning if w.value == READER_NOTICE] == [READER_NOTICE]
    at.toggle(key="audit-findings").set_value(True).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert ":red-background[OR 1\\.61]" in text
    assert any(e.label.startswith("Rows: FA-01") for e in at.expander)
    assert not [w for w in at.warning if w.value == READER_NOTICE]
