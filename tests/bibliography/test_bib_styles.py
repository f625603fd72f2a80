"""Expected-output tests: each .bib fixture entry against its exact AMA and Vancouver text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evidence_dashboard.bibliography import (
    FormattedReference,
    format_bibliography,
    format_reference,
    group_references,
    load_bibtex,
    parse_bibtex,
)
from evidence_dashboard.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures"
REFS = load_bibtex(FIXTURES / "styles.bib", "styles.bib").references

EXPECTED = {
    # <= 6 authors: all listed; accents decoded; AMA "doi:" vs NLM "doi: " + PMID.
    "Glass2005": (
        "Glass J, Lanctôt KL, Herrmann N, Sproule BA, Busto UE. Sedative hypnotics in older "
        "people with insomnia: meta-analysis of risks and benefits. BMJ. 2005;331(7526):1169. "
        "doi:10.1136/bmj.38623.768588.47",
        "Glass J, Lanctôt KL, Herrmann N, Sproule BA, Busto UE. Sedative hypnotics in older "
        "people with insomnia: meta-analysis of risks and benefits. BMJ. 2005;331(7526):1169. "
        "doi: 10.1136/bmj.38623.768588.47. PMID: 16284208.",
    ),
    # 7 authors: AMA first 3 + et al; NLM first 6 + et al.; full vs shortened page range.
    "Woolcott2009": (
        "Woolcott JC, Richardson KJ, Wiens MO, et al. Meta-analysis of the impact of 9 "
        "medication classes on falls in elderly persons. Arch Intern Med. "
        "2009;169(21):1952-1960. doi:10.1001/archinternmed.2009.357",
        "Woolcott JC, Richardson KJ, Wiens MO, Patel B, Marin J, Khan KM, et al. Meta-analysis "
        "of the impact of 9 medication classes on falls in elderly persons. Arch Intern Med. "
        "2009;169(21):1952-60. doi: 10.1001/archinternmed.2009.357",
    ),
    # Group author as written, no initials.
    "Beers2023": (
        "American Geriatrics Society 2023 Beers Criteria Update Expert Panel. American "
        "Geriatrics Society 2023 updated AGS Beers Criteria for potentially inappropriate "
        "medication use in older adults. J Am Geriatr Soc. 2023;71(7):2052-2081. "
        "doi:10.1111/jgs.18372",
        "American Geriatrics Society 2023 Beers Criteria Update Expert Panel. American "
        "Geriatrics Society 2023 updated AGS Beers Criteria for potentially inappropriate "
        "medication use in older adults. J Am Geriatr Soc. 2023;71(7):2052-81. "
        "doi: 10.1111/jgs.18372",
    ),
    # "and others" -> et al at that point.
    "Golden2010": (
        "Golden A, et al. Risk for fractures with centrally acting muscle relaxants. "
        "Ann Pharmacother. 2010;44(9):1369-1375.",
        "Golden A, et al. Risk for fractures with centrally acting muscle relaxants. "
        "Ann Pharmacother. 2010;44(9):1369-75.",
    ),
    # Particles kept lowercase before the surname; article-number pages not shortened.
    "Seppala2018": (
        "Seppala LJ, de Vries M, van de Glind EMM, van der Velde N. Fall-Risk-Increasing "
        "Drugs: II. Psychotropics. J Am Med Dir Assoc. 2018;19(4):371.e11-371.e17. "
        "doi:10.1016/j.jamda.2017.12.098",
        "Seppala LJ, de Vries M, van de Glind EMM, van der Velde N. Fall-Risk-Increasing "
        "Drugs: II. Psychotropics. J Am Med Dir Assoc. 2018;19(4):371.e11-371.e17. "
        "doi: 10.1016/j.jamda.2017.12.098",
    ),
    # LaTeX accents and escapes; hyphenated given name -> "JI"; e-page single page.
    "Mueller2020": (
        "Müller J, François R, Shin JI. Östrogen & falls in 50% of women. PLoS One. "
        "2020;15:e0174730.",
        "Müller J, François R, Shin JI. Östrogen & falls in 50% of women. PLoS One. "
        "2020;15:e0174730.",
    ),
    # Edited book: editors in the author position.
    "Congress2010": (
        "Smith JC, Doe J, eds. Proceedings of the European Geriatric Congress. EUGMS; 2010.",
        "Smith JC, Doe J, editors. Proceedings of the European Geriatric Congress. "
        "Amsterdam: EUGMS; 2010.",
    ),
    # crossref: booktitle, editors, publisher, address and year inherited.
    "Tinetti2010": (
        "Tinetti ME. Falls and fall prevention. In: Smith JC, Doe J, eds. Proceedings of the "
        "European Geriatric Congress. EUGMS; 2010:112-119.",
        "Tinetti ME. Falls and fall prevention. In: Smith JC, Doe J, editors. Proceedings of "
        "the European Geriatric Congress. Amsterdam: EUGMS; 2010. p. 112-9.",
    ),
    # Book chapter with editors and edition.
    "Chapter2019": (
        "Rowe JW, Kahn RL. Falls in older adults. In: Halter JB, Ouslander JG, eds. Hazzard's "
        "Geriatric Medicine and Gerontology. 7th ed. McGraw-Hill; 2017:1451-1462.",
        "Rowe JW, Kahn RL. Falls in older adults. In: Halter JB, Ouslander JG, editors. "
        "Hazzard's Geriatric Medicine and Gerontology. 7th ed. New York: McGraw-Hill; 2017. "
        "p. 1451-62.",
    ),
    # Web page with urldate.
    "DrugsCom": (
        "Drugs.com. Diazepam Dosage. Drugs.com. Published August 2023. Accessed January 15, "
        "2024. https://www.drugs.com/dosage/diazepam.html",
        "Drugs.com. Diazepam Dosage [Internet]. Drugs.com; 2023 Aug [cited 2024 Jan 15]. "
        "Available from: https://www.drugs.com/dosage/diazepam.html",
    ),
    # @misc with missing author/date: no access date invented, note never printed.
    "SparseMisc": (
        "Muscle relaxants for low back pain (evidence summary). EBM Guidelines. "
        "https://example.org/ebm/tu12.htm",
        "Muscle relaxants for low back pain (evidence summary) [Internet]. EBM Guidelines. "
        "Available from: https://example.org/ebm/tu12.htm",
    ),
    # @misc without journal.
    "AuthorsOnly": (
        "Taylor DP, Eison MS. Pharmacological and clinical effects of buspirone. 1985.",
        "Taylor DP, Eison MS. Pharmacological and clinical effects of buspirone. 1985.",
    ),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
@pytest.mark.parametrize("style", ["ama", "vancouver"])
def test_exact_rendering(key, style):
    expected = EXPECTED[key][0 if style == "ama" else 1]
    assert format_reference(REFS[key], style).text == expected


def test_ama_html_italics_and_doi_link():
    html = format_reference(REFS["Glass2005"], "ama").html
    assert "<i>BMJ</i>. 2005;331(7526):1169. " in html
    assert (
        '<a href="https://doi.org/10.1136/bmj.38623.768588.47" rel="noopener noreferrer" '
        'target="_blank">doi:10.1136/bmj.38623.768588.47</a>'
    ) in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/16284208/"' in html
    assert "Lanctôt" in html


def test_markdown_italics_escapes_and_links():
    md = format_reference(REFS["Glass2005"], "ama").markdown
    # One escape_markdown (safe_html) for every surface: it also escapes . - : for Streamlit.
    assert "*BMJ*\\. 2005;331\\(7526\\)\\:1169\\." in md
    doi = (
        "[doi\\:10\\.1136/bmj\\.38623\\.768588\\.47](<https://doi.org/10.1136/bmj.38623.768588.47>)"
    )
    assert doi in md
    web = format_reference(REFS["DrugsCom"], "ama").markdown
    assert web.endswith("<https://www.drugs.com/dosage/diazepam.html>")


def test_vancouver_links_doi_and_pmid_in_html():
    html = format_reference(REFS["Glass2005"], "vancouver").html
    assert 'doi: <a href="https://doi.org/10.1136/bmj.38623.768588.47"' in html
    assert 'PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/16284208/"' in html
    assert "<i>" not in html


def test_javascript_url_and_markup_in_fields_are_neutralised():
    formatted = format_reference(REFS["Evil"], "ama")
    assert "javascript" not in formatted.html + formatted.markdown + formatted.text
    assert "<script>" not in formatted.html
    assert "&lt;script&gt;" in formatted.html
    assert "<script>" not in formatted.markdown
    assert "<a " not in formatted.html


def test_non_digit_pmid_is_not_linked():
    ref = parse_bibtex("@misc{k, title = {T}, pmid = {12a34}}", "x.bib").references["k"]
    assert ref.pmid is None
    assert "pubmed" not in format_reference(ref, "vancouver").html


def test_access_date_only_from_urldate_or_caller():
    ref = REFS["SparseMisc"]
    assert "Accessed" not in format_reference(ref, "ama").text
    assert "Accessed March 5, 2024." in format_reference(ref, "ama", accessed="2024-03-05").text
    assert "[cited 2024 Mar 5]" in format_reference(ref, "vancouver", accessed="2024-03-05").text


def test_doi_forms_all_normalise():
    text = (
        "@misc{a, title={A}, doi={10.1000/xyz1}}\n"
        "@misc{b, title={B}, doi={doi:10.1000/xyz1}}\n"
        "@misc{c, title={C}, doi={https://doi.org/10.1000/xyz1}}\n"
        "@misc{d, title={D}, url={http://dx.doi.org/10.1000/xyz1}}\n"
    )
    refs = parse_bibtex(text, "x.bib").references
    for ref in refs.values():
        assert ref.doi == "10.1000/xyz1"
        assert format_reference(ref, "ama").text.endswith(" doi:10.1000/xyz1")


def test_unknown_style_lists_valid_ones():
    with pytest.raises(InputError, match="ama, vancouver"):
        format_reference(REFS["Glass2005"], "no-such-style")


_BAD = re.compile(r"None|\.\s*\.|,\s*[.,;:]|\(\s*\)|\[\s*\]|;\s*[.;:]|:\s*\.|^\W|\s{2}")


@pytest.mark.parametrize("style", ["ama", "vancouver"])
def test_every_fixture_entry_formats_cleanly(style):
    for name in ("styles.bib", "zotero.bib", "jabref.bib", "mendeley.bib", "pubmed.bib"):
        refs = load_bibtex(FIXTURES / name, name).references
        for _, key, formatted in format_bibliography(refs, style=style):
            assert formatted.text, key
            assert not _BAD.search(formatted.text), (key, formatted.text)
            assert "not verified" not in formatted.text  # notes are never printed


def test_numbering_follows_keys_and_groups_keep_numbers():
    numbered = format_bibliography(REFS, ["DrugsCom", "Glass2005", "Beers2023", "Golden2010"])
    assert [(n, k) for n, k, _ in numbered] == [
        (1, "DrugsCom"),
        (2, "Glass2005"),
        (3, "Beers2023"),
        (4, "Golden2010"),
    ]
    groups = group_references(numbered)
    assert list(groups) == ["review", "guideline", "drug label", "unspecified"]
    assert [n for n, _, _ in groups["drug label"]] == [1]
    assert [n for n, _, _ in groups["unspecified"]] == [4]
    assert isinstance(groups["review"][0][2], FormattedReference)
