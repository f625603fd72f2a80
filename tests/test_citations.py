"""Finding, numbering, rendering and checking Pandoc-style citations."""

from __future__ import annotations

import pytest

from evidence_dashboard.bibliography import parse_bibtex
from evidence_dashboard.content.articles import load_article
from evidence_dashboard.content.citations import (
    CitationNumbering,
    find_citation_clusters,
    format_numbers,
)
from evidence_dashboard.content.evidence import empty_frame
from evidence_dashboard.content.library import cross_check_article
from evidence_dashboard.errors import Severity
from evidence_dashboard.views.rendering import render_markdown

BIB = parse_bibtex(
    '@misc{Glass2005, title = {Sedative <hypnotics> & "risk"}, year = 2005}\n'
    "@misc{b, title = {B}}\n@misc{c, title = {C}}\n@misc{d, title = {D}}\n"
    "@misc{e, title = {E}}\n@misc{unused, title = {U}}\n",
    "refs.bib",
).references


def test_clusters_keys_locators_offsets_and_lines():
    text = "Intro.\nFalls rose [@a; @b, p. 5] and [see @c, chap. 2].\n"
    clusters = find_citation_clusters(text)
    assert [c.keys for c in clusters] == [("a", "b"), ("c",)]
    assert clusters[0].locators == (None, "p. 5")
    assert clusters[1].locators == ("chap. 2",)
    assert text[clusters[0].start : clusters[0].end] == "[@a; @b, p. 5]"
    assert [c.line for c in clusters] == [2, 2]


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("[@Smith2020.]", ("Smith2020",)),  # trailing punctuation is not part of the key
        ("[@doi:10.1/x]", ("doi:10.1/x",)),
        ("[-@a]", ("a",)),
        ("[@a;@b;@c]", ("a", "b", "c")),
    ],
)
def test_key_syntax(text, keys):
    assert find_citation_clusters(text)[0].keys == keys


@pytest.mark.parametrize(
    "text",
    [
        r"\[@escaped]",
        "`[@in_code]`",
        "``code with ` and [@x]``",
        "```\n[@fenced]\n```",
        "mail me at a@b.com",
        "[contact a@b.com]",
        "[@a; no key here]",
        "[text @x](https://example.org)",
    ],
)
def test_not_citations(text):
    assert find_citation_clusters(text) == []


def test_numbering_first_appearance_and_repeats():
    numbering = CitationNumbering.from_texts(["[@c] then [@a; @c]", "and [@b] [@a]"])
    assert numbering.order == ("c", "a", "b")
    assert (numbering.number("c"), numbering.number("a"), numbering.number("b")) == (1, 2, 3)
    assert numbering.number("zz") is None
    cluster = find_citation_clusters("[@b; @c; @a; @c]")[0]
    assert numbering.cluster_numbers(cluster) == [1, 2, 3]


def test_numbering_can_skip_unknown_keys():
    numbering = CitationNumbering.from_texts(["[@x; @b] [@c]"], known=BIB)
    assert numbering.order == ("b", "c")


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ([1, 2, 5], "1,2,5"),
        ([3, 4, 5], "3-5"),
        ([1, 2, 3, 5, 7, 8, 9], "1-3,5,7-9"),
        ([1, 2], "1,2"),
        ([2, 2, 1], "1,2"),
        ([], ""),
    ],
)
def test_format_numbers(numbers, expected):
    assert format_numbers(numbers) == expected


def _rendered(text: str, numbering: CitationNumbering) -> str:
    return str(render_markdown(text, numbering, BIB, empty_frame()))


def test_rendered_citations_link_titles_ranges_and_missing():
    numbering = CitationNumbering.from_texts(["[@Glass2005; @b; @c] [@e] [@typo]"], known=BIB)
    html = _rendered("A [@c; @Glass2005; @b]. B [@e; @ty<po].", numbering)
    assert html.startswith(
        '<p>A <sup class="citation"><a href="#ref-Glass2005" '
        'title="Sedative &lt;hypnotics&gt; &amp; &quot;risk&quot;. 2005.">1-3</a></sup>.'
    )
    assert '<a href="#ref-e" title="E.">4</a>,<span class="citation-missing">' in html
    assert '<span class="citation-missing">?ty&lt;po</span>' in html
    assert "<hypnotics>" not in html


def test_rendered_citations_leave_other_text_escaped_once():
    numbering = CitationNumbering.from_texts(["[@b]"], known=BIB)
    html = _rendered("<b> stays text [@b]", numbering)
    assert html.startswith('<p>&lt;b&gt; stays text <sup class="citation">')


def _article(tmp_path, body: str):
    path = tmp_path / "a.md"
    path.write_text(
        "---\nslug: a\ntitle: A\nquestion: Q?\nstatus: submitted\nupdated: 2024-01-01\n"
        "audiences: [clinician]\ndisclaimer: D\n---\n" + body,
        encoding="utf-8",
    )
    return load_article(path, "a.md")


def test_unknown_citation_keys_are_located_errors_with_a_close_match(tmp_path):
    article = _article(tmp_path, "Line one\n\nSee [@glass2005] [@Glas2005].\n")
    checked = cross_check_article(article, set(), {k.lower(): k for k in BIB})
    problems = [p for p in checked.problems if p.column == "citation"]
    assert len(problems) == 1  # a case-insensitive match is accepted
    problem = problems[0]
    assert (problem.path, problem.line, problem.item) == ("a.md", 12, "a")
    assert "'@Glas2005'" in problem.message and problem.hint == "did you mean '@Glass2005'?"
    assert problem.severity == Severity.ERROR
