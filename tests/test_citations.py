"""Finding, numbering, rendering and checking Pandoc-style citations."""

from __future__ import annotations

import pytest

from evidence_dashboard.bibliography import parse_bibtex
from evidence_dashboard.content.citations import (
    CitationNumbering,
    citation_problems,
    find_citation_clusters,
    format_numbers,
    render_citations_html,
    replace_citations_text,
    unused_reference_problems,
)
from evidence_dashboard.errors import Severity

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


def test_replace_citations_text():
    numbering = CitationNumbering.from_texts(["[@b] [@c] [@d]"])
    assert replace_citations_text("x [@d; @b; @c], y [@b; @nope]", numbering) == (
        "x [1-3], y [1][?nope]"
    )


def test_render_html_links_titles_ranges_and_missing():
    numbering = CitationNumbering.from_texts(["[@Glass2005; @b; @c] [@e] [@typo]"])
    html = render_citations_html("A [@c; @Glass2005; @b]. B [@e; @ty<po].", numbering, BIB)
    assert html.startswith(
        'A <sup class="citation"><a href="#ref-Glass2005" '
        'title="Sedative &lt;hypnotics&gt; &amp; &quot;risk&quot;. 2005.">1</a>-'
        '<a href="#ref-c" title="C.">3</a></sup>.'
    )
    assert '<a href="#ref-e" title="E.">4</a></sup>' in html
    assert '<sup class="citation missing">[?ty&lt;po]</sup>' in html
    assert "<hypnotics>" not in html


def test_render_html_leaves_other_text_untouched():
    numbering = CitationNumbering.from_texts(["[@b]"])
    text = "&lt;b&gt; already escaped [@b]"
    assert render_citations_html(text, numbering, BIB).startswith("&lt;b&gt; already escaped <sup")


def test_citation_problems_with_line_and_close_matches():
    problems = citation_problems([("Line one\n\nSee [@glass2005] [@Glas2005].", 5)], BIB, "a.md")
    assert len(problems) == 1  # case-insensitive match is accepted
    problem = problems[0]
    assert (problem.path, problem.line, problem.item) == ("a.md", 7, "Glas2005")
    assert problem.hint == "Did you mean 'Glass2005'?"
    assert problem.severity == Severity.ERROR


def test_unused_references_are_warnings():
    problems = unused_reference_problems(BIB, ["GLASS2005", "b", "c", "d", "e"])
    assert [(p.item, p.path, p.line, p.severity) for p in problems] == [
        ("unused", "refs.bib", 6, Severity.WARNING)
    ]
    fixed = unused_reference_problems(BIB, [], path_for_ref="data/references/x.bib")
    assert {p.path for p in fixed} == {"data/references/x.bib"}
