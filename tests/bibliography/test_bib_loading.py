"""Loading BibTeX exports from Zotero, JabRef, Mendeley and PubMed, and surviving bad entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_dashboard.bibliography import (
    Name,
    load_bibtex,
    parse_bibtex,
    parse_name,
    parse_names,
)
from evidence_dashboard.errors import Severity

FIXTURES = Path(__file__).parent / "fixtures"
# Warnings about gaps a reader would see (tested in test_manual_forms.py) are set aside here.
GAPS = {"author", "year", "urldate"}


def structural(problems):
    return tuple(p for p in problems if p.column not in GAPS)


def load(name: str):
    return load_bibtex(FIXTURES / name, name)


def test_zotero_export_loads_without_problems():
    result = load("zotero.bib")
    assert structural(result.problems) == ()
    assert list(result.references) == [
        "glass_sedative_2005",
        "muller_falls_2019",
        "drugscom_diazepam_2023",
    ]
    glass = result.references["glass_sedative_2005"]
    assert glass.entry_type == "article"
    assert glass.line == 2
    assert glass.path == "zotero.bib"
    assert glass.fields["month"] == "November"
    assert glass.authors[1].last == "Lanctôt"
    assert glass.doi == "10.1136/bmj.38623.768588.47"
    assert glass.pmid == "16284208"
    assert glass.year == "2005"
    chapter = result.references["muller_falls_2019"]
    assert [e.surname for e in chapter.editors] == ["Smith", "Doe"]
    assert chapter.fields["pages"] == "45–67"
    web = result.references["drugscom_diazepam_2023"]
    assert web.authors == (Name(last="Drugs.com", is_corporate=True),)
    assert web.title == "Diazepam Dosage Guide + Max Dose, Adjustments"


def test_jabref_string_macros_month_and_crossref():
    result = load("jabref.bib")
    assert structural(result.problems) == ()
    leipzig = result.references["Leipzig1999"]
    assert leipzig.fields["journal"] == "Journal of the American Geriatrics Society"
    assert leipzig.fields["month"] == "January"
    assert leipzig.evidence_type == "review"
    assert leipzig.title.endswith("meta-analysis: I. Psychotropic drugs")
    paper = result.references["Tinetti2010"]
    assert paper.fields["booktitle"] == "Proceedings of the European Geriatric Congress"
    assert paper.fields["publisher"] == "EUGMS"
    assert paper.year == "2010"
    assert [e.last for e in paper.editors] == ["François", "Großmann"]
    assert paper.authors[1].surname == "van der Velde"
    assert paper.authors[1].prefix == ""  # braced: all of it is the surname


def test_mendeley_escapes_doi_forms_and_group_author():
    result = load("mendeley.bib")
    assert structural(result.problems) == ()
    donnelly = result.references["Donnelly2017"]
    assert donnelly.doi == "10.1371/journal.pone.0174730"
    assert donnelly.fields["abstract"] == "Background: Benzodiazepines & Z-drugs ... 50% of users."
    assert donnelly.title.startswith("Benzodiazepines, Z-drugs")
    seppala = result.references["Seppala2018"]
    assert seppala.doi == "10.1016/j.jamda.2017.12.098"
    assert seppala.authors[1].initials() == "AMAT"
    assert seppala.authors[-1].is_corporate
    assert seppala.authors[-1].last == "EUGMS Task and Finish Group on Fall-Risk-Increasing Drugs"
    assert seppala.fields["pages"] == "371.e11–371.e17"


def test_pubmed_export_with_quoted_values():
    result = load("pubmed.bib")
    assert structural(result.problems) == ()
    hwang = result.references["pmid37933734"]
    assert [a.initials() for a in hwang.authors] == ["YJ", "AR", "DJ", "LA", "ME", "JI"]
    assert (
        hwang.title
        == "Baclofen and the risk of fall and fracture in older adults: A real-world cohort study"
    )


def test_one_broken_entry_does_not_lose_the_others():
    result = load("broken.bib")
    assert list(result.references) == ["Good1", "Good2", "Good3", "Good4"]
    by_item = {p.item: p for p in result.problems}
    missing_comma = by_item["MissingComma"]
    assert missing_comma.line == 10  # the line of the field after the missing comma
    assert "(line 7)" in missing_comma.message
    assert "Got 'year' instead." in missing_comma.message
    assert by_item["Unclosed"].line == 19
    assert "unbalanced braces" in by_item["Unclosed"].message
    assert by_item["ExtraBrace"].line == 40
    dup_field = by_item["DupField"]
    assert (dup_field.line, dup_field.column) == (35, "title")
    no_key = [p for p in result.problems if "citation key" in p.message]
    assert [p.line for p in no_key] == [43]
    assert all(p.severity == Severity.ERROR for p in structural(result.problems))


def test_duplicate_key_first_wins_case_insensitively():
    result = load("broken.bib")
    assert result.references["Good1"].title == "First good entry"
    dup = [p for p in result.problems if p.message.startswith("BibTeX key")]
    assert [str(p).split(" Hint")[0] for p in dup] == [
        "broken.bib:29: BibTeX key 'good1' must be unique. Got it again (first defined at "
        "broken.bib:1) instead; the first is kept and this one is set aside."
    ]
    assert dup[0].severity == "error"


def test_unknown_evidence_type_is_reported_and_unspecified():
    result = load("broken.bib")
    good4 = result.references["Good4"]
    assert good4.evidence_type == "unspecified"
    problem = next(p for p in result.problems if p.column == "evidence_type")
    assert problem.line == 47
    assert "research, review, guideline, drug label" in problem.message
    assert "Got 'opinion' instead" in problem.message


def test_javascript_url_is_never_a_url():
    good4 = load("broken.bib").references["Good4"]
    assert good4.fields["url"] == "javascript:alert(1)"
    assert good4.url is None


def test_non_utf8_and_missing_files_are_one_problem_each(tmp_path):
    latin = load("latin1.bib")
    assert latin.references == {}
    assert len(latin.problems) == 1
    assert latin.problems[0].line == 2
    assert "UTF-8" in latin.problems[0].message
    missing = load_bibtex(tmp_path / "nope.bib", "nope.bib")
    assert len(missing.problems) == 1
    assert missing.problems[0].path == "nope.bib"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (r"{\"u}ber", "über"),
        (r"\'{e}t\'{e}", "été"),
        (r"{\^o}", "ô"),
        (r"\c{c}a", "ça"),
        (r"Stra{\ss}e", "Straße"),
        (r"A \& B", "A & B"),
        (r"50\% of {DNA}", "50% of DNA"),
        (r"\emph{in vitro}", "in vitro"),
        ("Lanctôt", "Lanctôt"),
    ],
)
def test_latex_in_titles_is_decoded(value, expected):
    text = "@article{k, title = {" + value + "}}"
    assert parse_bibtex(text, "x.bib").references["k"].title == expected


def test_preamble_comment_and_stray_at_signs_are_ignored():
    text = (
        "Contact: someone@example.org\n"
        '@preamble{"\\newcommand{\\noop}[1]{}"}\n'
        "@comment{ @article{fake, title={x}} }\n"
        "@article{real, title = {Real}}\n"
    )
    result = parse_bibtex(text, "x.bib")
    assert list(result.references) == ["real"]
    assert result.references["real"].line == 4
    assert structural(result.problems) == ()


def test_parenthesised_entry_and_quoted_values():
    text = '@article(k1, title = "A (parenthesised) title", year = 2020)\n@misc{k2, title={T}}'
    result = parse_bibtex(text, "x.bib")
    assert result.references["k1"].title == "A (parenthesised) title"
    assert result.references["k1"].year == "2020"
    assert result.references["k2"].line == 2


def test_missing_title_and_unknown_type_are_warnings():
    text = "@article{a, year = 2020}\n@misc{b, howpublished = {Site}}\n@foo{c, title = {T}}"
    result = parse_bibtex(text, "x.bib")
    assert list(result.references) == ["a", "b", "c"]
    assert [(p.line, p.severity) for p in structural(result.problems)] == [
        (1, Severity.WARNING),
        (3, Severity.WARNING),
    ]


def test_undefined_macro_is_a_warning_and_entry_loads():
    result = parse_bibtex("@article{a, title = {T}, journal = nosuchjournal}", "x.bib")
    assert "a" in result.references
    assert structural(result.problems)[0].severity == Severity.WARNING
    assert "nosuchjournal" in structural(result.problems)[0].message


def test_crossref_to_missing_entry_is_a_warning():
    result = parse_bibtex("@inproceedings{a, title = {T}, crossref = {gone}}", "x.bib")
    assert "a" in result.references
    assert result.problems[0].column == "crossref"


@pytest.mark.parametrize(
    ("raw", "surname", "initials"),
    [
        ("van Tulder, Maurits W.", "van Tulder", "MW"),
        ("de Vries, Max", "de Vries", "M"),
        ("{van der Velde}, Nathalie", "van der Velde", "N"),
        ("Smith, JC", "Smith", "JC"),
        ("Smith, J. C.", "Smith", "JC"),
        ("Smith, J.C.", "Smith", "JC"),
        ("Dupont, Jean-Pierre", "Dupont", "JP"),
        ("Pugh, Mary Jo V.", "Pugh", "MJV"),
        (r"M{\"u}ller, J{\"o}rg", "Müller", "J"),
        (r"{\'E}mile Zola", "Zola", "É"),
    ],
)
def test_name_parts_and_initials(raw, surname, initials):
    name = parse_name(raw)
    assert (name.surname, name.initials()) == (surname, initials)


def test_hyphen_can_be_kept_and_suffix_and_others():
    assert parse_name("Dupont, Jean-Pierre").initials(keep_hyphen=True) == "J-P"
    jr = parse_name("King, Jr, Martin L.")
    assert (jr.last, jr.suffix, jr.initials()) == ("King", "Jr", "ML")
    names = parse_names("Golden, Adam and others")
    assert names[1].is_others
    assert parse_name("{{Roche Laboratories Inc.}}").is_corporate
