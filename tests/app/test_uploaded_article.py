"""An uploaded article is read like a shipped one: listed, rendered, and checked against the
session's evidence and references."""

from __future__ import annotations

import json

from .conftest import PROJECT_ROOT

ARTICLE = b"""---
slug: my-falls-note
title: My uploaded falls note
question: Do uploaded rows show beside my own text?
status: submitted
updated: 2026-11-20
audiences: [clinician, patient]
disclaimer: Uploaded for a test.
---
::: {.claim #mine title="My trial" evidence="MY-01 FA-02"}
My trial found {{MY-01}} [@Mine2024], against {{FA-02}} in a meta-analysis [@Seppala2018].
:::: {.version for="patient"}
Falls were more common with temazepam in my trial [@Mine2024].
::::
:::
"""
BIB = (
    b"@article{Mine2024, author = {Doe, Jane}, title = {My trial}, journal = {BMJ}, year = {2024}}"
)
HEADER = (
    (PROJECT_ROOT / "data" / "evidence" / "diazepam-anxiety-spasm.csv").read_text().split("\n")[0]
)


def _row() -> bytes:
    values = dict.fromkeys(HEADER.split(","), "")
    values.update(
        id="MY-01", source="Mine2024", locator="table 2", drug="temazepam",
        drug_class="benzodiazepine", comparator="placebo", outcome="falls",
        outcome_category="falls", population="care home residents", age_group="65+",
        design="randomized trial", measure="RR", estimate="1.60", ci_low="1.10", ci_high="2.30",
    )  # fmt: skip
    return (HEADER + "\n" + ",".join(values.values()) + "\n").encode()


def _upload_all(at) -> None:
    at.switch_page("pages/4_Your_files.py").run()
    for kind, name, data in (
        ("bibliography", "mine.bib", BIB),
        ("evidence", "mine.csv", _row()),
        ("article", "note.md", ARTICLE),
    ):
        at.file_uploader(key=f"up_{kind}").set_value((name, data, "application/octet-stream"))
        at.run()


def test_uploaded_article_is_listed_and_rendered_with_uploaded_rows(open_page):
    at = open_page("app.py")
    _upload_all(at)
    assert not at.exception
    at.switch_page("app.py").run()
    titles = [s.value for s in at.subheader]
    assert any("My uploaded falls note" in t for t in titles)

    at.query_params["article"] = "my-falls-note"
    at.query_params["claim"] = "mine"
    at.switch_page("pages/1_Article.py").run()
    assert not at.exception
    html = "\n".join(m.value for m in at.markdown)
    assert "RR 1.60; 95% CI 1.10 to 2.30" in html and "OR 1.42; 95% CI 1.22 to 1.65" in html
    assert 'href="#ref-Mine2024"' in html and "citation-missing" not in html
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    titles = [a["text"] for a in spec["layout"]["annotations"]]
    assert "Randomized trials" in titles and "Observational studies" in titles
    assert not [e.value for e in at.error], "the uploaded article has no problems"


def test_uploaded_article_with_unknown_keys_shows_its_problems(open_page):
    at = open_page("app.py")
    at.switch_page("pages/4_Your_files.py").run()
    at.file_uploader(key="up_article").set_value(("note.md", ARTICLE, "text/markdown"))
    at.run()
    at.query_params["article"] = "my-falls-note"
    at.switch_page("pages/1_Article.py").run()
    assert not at.exception
    assert any("This article has problems" in e.value for e in at.error)
    messages = " ".join(" ".join(d.value["message"]) for d in at.dataframe if "message" in d.value)
    assert "@Mine2024" in messages and "'MY-01'" in messages
