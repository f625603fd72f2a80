"""Any CSL style, the style list, author-year citations and links, through format_bibliography."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidence_dashboard.bibliography import (
    available_styles,
    format_bibliography,
    format_reference,
    load_bibtex,
)
from evidence_dashboard.bibliography.csl import csl_style_path
from evidence_dashboard.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures"
REFS = load_bibtex(FIXTURES / "real-exports.bib", "real-exports.bib").references
KEYS = ["Tae2014", "glass_sedative_2005", "pmid15199216"]


def test_available_styles_puts_the_tested_ones_first() -> None:
    styles = available_styles()
    assert styles[:3] == ("ama", "vancouver", "apa")
    assert {"the-lancet", "bmj", "jama", "the-new-england-journal-of-medicine"} <= set(styles)
    assert len(styles) == len(set(styles)) > 10_000  # independent and dependent styles


def test_apa_is_author_year_in_text_and_in_order() -> None:
    apa = format_bibliography(REFS, KEYS, "apa")
    assert apa.author_year
    assert [e.key for e in apa.entries] == ["glass_sedative_2005", "pmid15199216", "Tae2014"]
    assert all(e.number is None for e in apa.entries)
    assert apa.entry("tae2014").label == "Tae et al., 2014"
    assert apa.citation(["glass_sedative_2005", "nope", "Tae2014"]) == (
        "(Glass et al., 2005; Tae et al., 2014)"
    )
    assert apa.entries[1].text == (
        "Ray, W. A., Jr, & Griffin, M. R. (2000). Benzodiazepines and the risk of falls in "
        "nursing home residents. J Am Geriatr Soc, 48(6), 682–685."
    )


def test_numbered_csl_style_keeps_citation_numbers_and_links() -> None:
    lancet = format_bibliography(REFS, ["pmid10521860", "zz", "Tae2014"], "the-lancet")
    assert not lancet.author_year
    assert [(e.number, e.label, e.key) for e in lancet.entries] == [
        (1, "1", "pmid10521860"),
        (3, "3", "Tae2014"),
    ]
    assert lancet.citation(["Tae2014", "pmid10521860"]) == "1,3"
    assert not lancet.entries[0].text[0].isdigit()  # the "1." label is not in the text


def test_sici_doi_is_percent_encoded_in_the_link_and_shown_whole() -> None:
    doi = "10.1002/(sici)1097-0258(19991030)18:20<2693::aid-sim235>3.0.co;2-v"
    encoded = "10.1002/(sici)1097-0258(19991030)18:20%3C2693::aid-sim235%3E3.0.co%3B2-v"
    for style in ("ama", "vancouver", "apa"):
        html = format_reference(REFS["pmid10521860"], style).html
        assert f'href="https://doi.org/{encoded}"' in html, style
        assert doi.replace("<", "&lt;").replace(">", "&gt;") in html, style
    vancouver = format_reference(REFS["pmid10521860"], "vancouver").html
    assert 'PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/10521860/"' in vancouver


def test_a_users_csl_file_is_a_style(tmp_path: Path) -> None:
    mine = tmp_path / "my-journal.csl"
    shutil.copy(csl_style_path("apa"), mine)
    assert format_bibliography(REFS, KEYS, mine).author_year
    assert format_bibliography(REFS, KEYS, str(mine)).entries[0].key == "glass_sedative_2005"


@pytest.mark.parametrize("style", ["no-such-style", "missing.csl"])
def test_unknown_style_or_missing_file_is_one_input_error(style: str) -> None:
    with pytest.raises(InputError, match=r"Got '.*'"):
        format_bibliography(REFS, KEYS, style)


def test_a_csl_file_citeproc_cannot_read_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csl"
    bad.write_text("<style>not csl</style>", encoding="utf-8")
    with pytest.raises(InputError, match="could not be rendered by citeproc-py"):
        format_bibliography(REFS, KEYS, bad)


def test_one_entry_citeproc_cannot_render_does_not_take_down_the_list(monkeypatch) -> None:
    from evidence_dashboard.bibliography import csl

    real = csl.render_csl

    def breaks_on_tae(refs, path):
        if any(ref.key == "Tae2014" for ref in refs):
            raise InputError("citeproc-py failed")
        return real(refs, path)

    monkeypatch.setattr(csl, "render_csl", breaks_on_tae)
    apa = format_bibliography(REFS, KEYS, "apa")
    assert [e.key for e in apa.entries] == [*KEYS[1:], "Tae2014"]
    assert apa.entry("Tae2014").text == format_reference(REFS["Tae2014"], "ama").text
    (notice,) = apa.notices
    assert notice.startswith("real-exports.bib:") and "'Tae2014'" in notice and "AMA" in notice


def test_a_footnote_style_without_a_reference_list_is_refused() -> None:
    with pytest.raises(InputError, match="must define a reference list"):
        format_bibliography(REFS, KEYS, "leonardo")


def test_article_citations_follow_an_author_year_style() -> None:
    from evidence_dashboard.content.citations import CitationNumbering
    from evidence_dashboard.content.evidence import empty_frame
    from evidence_dashboard.views.rendering import reference_list_html, render_markdown

    text = "Falls rose [@Tae2014; @glass_sedative_2005] and [@nope]."
    numbering = CitationNumbering.from_texts([text], known=REFS.keys())
    apa = format_bibliography(REFS, numbering.order, "apa")
    html = render_markdown(text, numbering, REFS, empty_frame(), "apa", apa)
    assert '(<a href="#ref-Tae2014"' in html and ">Tae et al., 2014</a>; <a " in html
    assert ">Glass et al., 2005</a>)" in html and "?nope" in html and "<sup" not in html
    listing = reference_list_html(REFS, numbering, "apa")
    assert listing.startswith('<ul class="references"><li id="ref-glass_sedative_2005">')
