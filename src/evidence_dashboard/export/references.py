"""Cited references to take away: BibTeX, RIS and CSL-JSON (Zotero and EndNote import these),
and the formatted list as plain text (no HTML, Markdown or LaTeX).

Each writer takes the references in citation order (for example the keys of a
:class:`~evidence_dashboard.bibliography.FormattedBibliography`), so the files list exactly
what the article cites.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from evidence_dashboard.bibliography import FormattedBibliography, Name, Reference
from evidence_dashboard.bibliography.csl import csl_type, to_csl_item
from evidence_dashboard.bibliography.journals import journal_abbreviation
from evidence_dashboard.bibliography.parts import access_date, published

#: MIME type and file extension of each reference export.
FORMATS = {
    "bibtex": ("application/x-bibtex", "bib"),
    "ris": ("application/x-research-info-systems", "ris"),
    "csl-json": ("application/vnd.citationstyles.csl+json", "json"),
    "text": ("text/plain", "txt"),
}
# BibTeX fields written back, in this order (names and dates are handled apart).
_BIBTEX_FIELDS = (
    "title",
    "journal",
    "shortjournal",
    "booktitle",
    "edition",
    "chapter",
    "volume",
    "number",
    "pages",
    "eid",
    "publisher",
    "address",
    "location",
    "series",
    "organization",
    "institution",
    "howpublished",
    "year",
    "month",
    "day",
    "date",
    "urldate",
    "doi",
    "pmid",
    "url",
    "isbn",
    "issn",
    "evidence_type",
)
_VERBATIM = frozenset({"doi", "pmid", "url", "urldate", "date", "isbn", "issn"})
_CASE_PROTECTED = frozenset({"title", "journal", "booktitle"})
_LATEX_SPECIAL = re.compile(r"([&%$#_{}])")
_RIS_TYPES = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "webpage": "ELEC",
    "report": "RPRT",
    "thesis": "THES",
    "dataset": "DATA",
    "software": "COMP",
    "manuscript": "UNPB",
}


def _bibtex_value(name: str, value: str) -> str:
    if name in _VERBATIM:
        return value.replace("{", "").replace("}", "")
    if name == "pages":
        value = re.sub(r"\s*[–—]\s*", "--", value)
    escaped = _LATEX_SPECIAL.sub(r"\\\1", value).replace("~", r"\textasciitilde{}")
    # Double braces keep the title's case as given when a style would lowercase it.
    return f"{{{escaped}}}" if name in _CASE_PROTECTED else escaped


def _bibtex_name(name: Name) -> str:
    if name.is_corporate:
        return "{" + _LATEX_SPECIAL.sub(r"\\\1", name.last) + "}"
    parts = [name.surname]
    if name.suffix:
        parts.append(name.suffix)
    if name.given:
        parts.append(name.given)
    return ", ".join(_LATEX_SPECIAL.sub(r"\\\1", p) for p in parts)


def _bibtex_names(names: tuple[Name, ...]) -> str:
    return " and ".join("others" if n.is_others else _bibtex_name(n) for n in names)


def to_bibtex(references: Iterable[Reference]) -> str:
    """The references as a UTF-8 BibTeX file (LaTeX specials escaped, title case kept).

    Examples
    --------
    >>> from evidence_dashboard.bibliography import parse_bibtex
    >>> refs = parse_bibtex('''@article{k, author={Ray, Jr., Wayne A. and {WHO}},
    ...   title={{DNA} \\\\& 50\\\\% risk}, year=2000}''', "x.bib").references
    >>> print(to_bibtex(refs.values()))
    @article{k,
      author = {Ray, Jr, Wayne A. and {WHO}},
      title = {{DNA \\& 50\\% risk}},
      year = {2000},
    }
    <BLANKLINE>
    """
    out: list[str] = []
    for ref in references:
        lines = [f"@{ref.entry_type}{{{ref.key},"]
        if ref.authors:
            lines.append(f"  author = {{{_bibtex_names(ref.authors)}}},")
        if ref.editors:
            lines.append(f"  editor = {{{_bibtex_names(ref.editors)}}},")
        for name in _BIBTEX_FIELDS:
            value = ref.fields.get(name, "").strip()
            if name == "journal":
                value = value or ref.fields.get("journaltitle", "").strip()
            if name == "eid":  # Web of Science's Article-Number is biblatex's eid
                value = value or ref.fields.get("article-number", "").strip()
            if name == "evidence_type" and ref.evidence_type != "unspecified":
                value = ref.evidence_type
            if value:
                lines.append(f"  {name} = {{{_bibtex_value(name, value)}}},")
        lines.append("}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + ("\n" if out else "")


def _ris_name(name: Name) -> str:
    if name.is_corporate:
        return name.last
    given = f", {name.given}" if name.given else ""
    suffix = f", {name.suffix}" if name.suffix else ""
    return f"{name.surname}{given}{suffix}"


def _ris_date(parts: tuple[str, int | None, int | None] | None) -> str:
    if parts is None:
        return ""
    year, month, day = parts
    month_text = f"{month:02d}" if month else ""
    day_text = f"{day:02d}" if day else ""
    return f"{year}/{month_text}/{day_text}/"


def _ris_writer() -> type:
    import rispy

    class HeaderlessRisWriter(rispy.RisWriter):
        """rispy's writer without its "1." counter line above each record."""

        def set_header(self, count: int) -> str:
            return ""

    return HeaderlessRisWriter


def to_ris(references: Iterable[Reference]) -> str:
    """The references as an RIS file (EndNote, Zotero, Mendeley), one record each.

    ``ID`` holds the citation key, so a re-import keeps the keys the article cites.
    """
    import rispy

    records: list[dict[str, object]] = []
    for ref in references:
        record: dict[str, object] = {
            "type_of_reference": _RIS_TYPES.get(csl_type(ref), "GEN"),
            "id": ref.key,
        }
        authors = [_ris_name(n) for n in ref.authors if not n.is_others]
        editors = [_ris_name(n) for n in ref.editors if not n.is_others]
        if authors:
            record["authors"] = authors
        if editors:
            record["secondary_authors"] = editors
        pages = re.split(r"\s*[-–—]+\s*", ref.fields.get("pages", "").strip(), maxsplit=1)
        journal = ref.fields.get("journal") or ref.fields.get("journaltitle") or ""
        date = published(ref)
        fields = {
            "title": ref.title or "",
            "journal_name": journal,
            "alternate_title2": journal_abbreviation(ref.fields) if journal else "",
            "secondary_title": ref.fields.get("booktitle", ""),
            "year": ref.year or "",
            "date": _ris_date(date) if date and date[1] else "",
            "volume": ref.fields.get("volume", ""),
            "number": ref.fields.get("number", ""),
            "start_page": pages[0] if pages and pages[0] else "",
            "end_page": pages[1] if len(pages) > 1 else "",
            "edition": ref.fields.get("edition", ""),
            "publisher": ref.fields.get("publisher") or ref.fields.get("organization", ""),
            "place_published": ref.fields.get("address") or ref.fields.get("location", ""),
            "doi": ref.doi or "",
            "accession_number": ref.pmid or "",
            "access_date": _ris_date(access_date(ref, None)),
        }
        record.update({k: v for k, v in fields.items() if v})
        if ref.url:
            record["urls"] = [ref.url]
        records.append(record)
    return rispy.dumps(records, implementation=_ris_writer())


def to_csl_json(references: Iterable[Reference]) -> str:
    """The references as CSL-JSON (the format Zotero, Mendeley and pandoc read)."""
    return json.dumps([to_csl_item(ref) for ref in references], ensure_ascii=False, indent=2)


def to_plain_text(bibliography: FormattedBibliography) -> str:
    """The formatted list as plain text: no HTML, Markdown markers or LaTeX, one per line."""
    return bibliography.plain_text()
