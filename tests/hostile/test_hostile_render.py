"""Every payload through every HTML builder: no script, no event attribute, no unsafe URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from evidence_dashboard import uploads
from evidence_dashboard.bibliography import Reference, format_reference, parse_bibtex, parse_names
from evidence_dashboard.content.citations import CitationNumbering
from evidence_dashboard.content.library import load_library
from evidence_dashboard.errors import Problem
from evidence_dashboard.safe_html import escape_markdown, link, safe_url
from evidence_dashboard.views.rendering import reference_list_html, render_markdown

from . import stats
from .audit import audit, url_is_safe
from .content import CORPUS_SLUG, build_hostile_data, hostile_bibtex
from .payloads import BIB_SAFE, PAYLOADS, SCHEMES

SHIPPED = load_library()
# Streamlit's own Markdown renderer allows HTML when asked to; CommonMark with HTML on is the
# strictest stand-in for what st.markdown does with an escaped string.
COMMONMARK_HTML = MarkdownIt("commonmark", {"html": True})


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 200
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    joined = "\n".join(PAYLOADS)
    for needle in ("<script", "onerror=", "<svg", "<math", "javascript:", "vbscript:", "data:",
                   "java&#x09;script:", "JaVaScRiPt:", " javascript:", "![x](", "[ref]:",
                   "<javascript:", "\u202e", ":red[", ":material/", "$\\href"):  # fmt: skip
        assert needle in joined, needle
    stats.add("payloads in the corpus", len(PAYLOADS))


def test_every_payload_renders_as_text_in_article_markdown():
    numbering = CitationNumbering.from_texts(["[@Beers2023]"], known=SHIPPED.references.keys())
    for payload in PAYLOADS:
        for text in (payload, f"{payload} [@Beers2023] {{{{FA-01}}}}", f"- item {payload}"):
            html = render_markdown(text, numbering, SHIPPED.references, SHIPPED.evidence)
            assert audit(html) == [], (payload, html)
    stats.add("payloads through render_markdown", len(PAYLOADS) * 3)


def test_every_payload_is_harmless_in_a_formatted_reference():
    checked = 0
    for payload in PAYLOADS:
        try:
            authors = parse_names(payload)
        except Exception:  # a name parser may refuse; the fields below still carry the payload
            authors = ()
        fields = {name: payload for name in ("title", "journal", "url", "doi", "note", "year",
                                             "volume", "pages", "publisher", "howpublished")}  # fmt: skip
        ref = Reference("k", "article", fields, authors=authors, path="x.bib", line=1)
        for style in ("ama", "vancouver"):
            formatted = format_reference(ref, style)
            assert audit(formatted.html) == [], (payload, formatted.html)
            checked += 1
    stats.add("payloads through format_reference", checked)


def test_payloads_read_from_bibtex_stay_harmless_in_the_reference_list():
    load = parse_bibtex(hostile_bibtex(), "hostile.bib")
    assert len(load.references) > 0.9 * len(BIB_SAFE)
    assert all(isinstance(p, Problem) for p in load.problems)
    keys = list(load.references)
    numbering = CitationNumbering.from_texts([" ".join(f"[@{k}]" for k in keys)], known=keys)
    for style in ("ama", "vancouver"):
        html = reference_list_html(load.references, numbering, style)
        assert audit(html) == []
        hrefs = re.findall(r'href="([^"]*)"', html)
        assert hrefs and all(url_is_safe(h) for h in hrefs)
        assert all(h.startswith("https://doi.org/10.") for h in hrefs if "doi.org" in h)
    stats.add("BibTeX entries with payloads in every field", len(load.references))


def test_links_allow_only_http_https_and_doi():
    for payload in [*PAYLOADS, *SCHEMES]:
        assert audit(link(payload, payload, title=payload)) == []
        url = safe_url(payload)
        if url is not None:
            assert url_is_safe(url) and url.split(":", 1)[0] in ("http", "https"), payload
    for scheme in SCHEMES:
        url = safe_url(scheme)
        assert url is None or url.startswith(("https://doi.org/10.", "https://evil.example/"))
    assert safe_url("doi:10.1000/xyz") == "https://doi.org/10.1000/xyz"
    stats.add("payloads through safe_html.link", len(PAYLOADS) + len(SCHEMES))


def test_escaped_markdown_shows_every_payload_as_text():
    for payload in PAYLOADS:
        escaped = escape_markdown(payload)
        html = COMMONMARK_HTML.render(escaped)
        assert audit(html) == [], (payload, html)
        assert not re.search(r"<(a|img)\b", html), (payload, html)
        # Streamlit directives and LaTeX need unescaped ':' / '$' / '[' to work.
        assert not re.search(r"(?<!\\)[:$\[]", escaped), (payload, escaped)
    stats.add("payloads through escape_markdown", len(PAYLOADS))


@pytest.mark.parametrize("kind,ext", [("evidence", ".csv"), ("bibliography", ".bib"),
                                       ("article", ".md")])  # fmt: skip
def test_hostile_upload_names_become_plain_safe_names(kind, ext):
    good = Path(__file__).parents[1] / "fixtures" / "uploads"
    data = {
        "evidence": (good / "partly_bad.csv").read_bytes(),
        "bibliography": b"@misc{K1, title={T}}\n",
        "article": (good / "article.md").read_bytes(),
    }[kind]
    for payload in PAYLOADS:
        name = payload + ext
        safe = uploads.safe_file_name(name)
        assert re.fullmatch(r"[A-Za-z0-9._ -]{1,80}", safe), (payload, safe)
        if kind == "evidence":
            problems = uploads.read_evidence_upload(name, data).problems
        elif kind == "bibliography":
            problems = uploads.read_bibliography_upload(name, data).problems
        else:
            problems = uploads.read_article_upload(name, data).problems
        assert all(isinstance(p, Problem) for p in problems)
        assert {p.path for p in problems} <= {safe}, (payload, {p.path for p in problems})
    stats.add(f"hostile {kind} upload names", len(PAYLOADS))


def test_the_hostile_content_folder_loads_with_located_problems(tmp_path):
    library = load_library(build_hostile_data(tmp_path / "data"))
    slugs = [a.slug for a in library.articles]
    assert "diazepam-anxiety-spasm" in slugs and CORPUS_SLUG in slugs
    assert not library.article_problems(library.article("diazepam-anxiety-spasm"))
    assert len(library.evidence) > 1000
    assert all(isinstance(p, Problem) and p.path for p in library.problems)
    corpus = library.article(CORPUS_SLUG)
    html = "".join(
        render_markdown(b.text, CitationNumbering.from_texts([b.text], known=library.references),
                        library.references, library.evidence)
        for b in corpus.blocks
    )  # fmt: skip
    assert audit(html) == []
