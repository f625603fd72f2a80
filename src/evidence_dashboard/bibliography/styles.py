"""AMA (11th edition) and Vancouver/NLM (Citing Medicine) reference styles.

Each style turns a :class:`~evidence_dashboard.bibliography.parse.Reference` into a list of
*blocks* (the period-separated bibliographic groups), each a list of :class:`Segment` (plain,
italic or link). :mod:`evidence_dashboard.bibliography.render` turns the same blocks into
plain text, Markdown and HTML, so the three forms always say the same thing.

Rules implemented (and tested in ``tests/bibliography/test_bib_styles.py``):

* authors: surname + initials without periods or spaces (hyphenated given names lose the
  hyphen: "Jung-Im" -> "JI", as in PubMed); group authors as written; AMA lists all authors
  up to 6, else the first 3 and "et al"; NLM lists up to 6, else the first 6 and "et al.";
  ``and others`` becomes "et al" / "et al." at that point;
* titles as given (case untouched); AMA italicises journal and book titles, NLM does not;
* journal titles abbreviated (explicit field, then the NLM table, then the full title);
* AMA "Year;Vol(Issue):pages" with full page ranges and "doi:10.x" last; NLM the same
  with the second page number shortened ("1952-60"), "doi: 10.x" and "PMID: n";
* web pages: AMA "Author. Title. Site. Published date. Accessed date. URL"; NLM
  "Author. Title [Internet]. Place: Publisher; date [cited date]. Available from: URL";
  the access date comes only from ``urldate`` (or the caller), never invented;
* chapters: "In: Editors, eds. Book. Edition. Publisher; Year:pages." (AMA) and
  "In: Editors, editors. Book. Edition. Place: Publisher; Year. p. pages." (NLM);
* ``note`` is never printed (it is curation metadata).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from evidence_dashboard.bibliography.journals import journal_abbreviation
from evidence_dashboard.bibliography.names import Name
from evidence_dashboard.bibliography.parse import Reference

STYLES = ("ama", "vancouver")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEB_TYPES = frozenset({"online", "electronic", "www", "webpage"})
_CHAPTER_TYPES = frozenset({"incollection", "inbook", "inproceedings", "conference"})
_BOOK_TYPES = frozenset({"book", "proceedings", "collection", "booklet", "manual"})
_ORDINALS = {1: "st", 2: "nd", 3: "rd"}
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of reference text: ``kind`` is ``"text"``, ``"italic"`` or ``"link"``."""

    text: str
    kind: str = "text"
    url: str | None = None


@dataclass(slots=True)
class Block:
    """One bibliographic group; ``end`` is appended unless the text already ends in . ? !"""

    segments: list[Segment]
    end: str = "."


# ----------------------------------------------------------------------------- helpers
def _get(ref: Reference, *names: str) -> str:
    for name in names:
        value = ref.fields.get(name, "").strip()
        if value:
            return value
    return ""


def _month_number(value: str) -> int | None:
    value = value.strip().rstrip(".").lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    for index, month in enumerate(MONTHS, start=1):
        if value and month.lower().startswith(value[:3]) and len(value) >= 3:
            return index
    return None


def _date_parts(value: str) -> tuple[str, int | None, int | None] | None:
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    month = int(match[2]) if match[2] and 1 <= int(match[2]) <= 12 else None
    day = int(match[3]) if match[3] and month and 1 <= int(match[3]) <= 31 else None
    return match[1], month, day


def _published(ref: Reference) -> tuple[str, int | None, int | None] | None:
    if ref.fields.get("date"):
        parts = _date_parts(ref.fields["date"])
        if parts:
            return parts
    year = ref.year
    if not year:
        return None
    month = _month_number(ref.fields.get("month", ""))
    day_text = ref.fields.get("day", "")
    day = int(day_text) if day_text.isdigit() and month else None
    return year, month, day


def _ama_date(parts: tuple[str, int | None, int | None]) -> str:
    year, month, day = parts
    if month and day:
        return f"{MONTHS[month - 1]} {day}, {year}"
    if month:
        return f"{MONTHS[month - 1]} {year}"
    return year


def _nlm_date(parts: tuple[str, int | None, int | None]) -> str:
    year, month, day = parts
    text = year
    if month:
        text += f" {MONTHS[month - 1][:3]}"
        if day:
            text += f" {day}"
    return text


def _access_date(ref: Reference, accessed: str | None) -> tuple[str, int | None, int | None] | None:
    value = ref.fields.get("urldate") or accessed or ""
    return _date_parts(value) if value else None


def normalize_pages(pages: str) -> str:
    """Page ranges with a plain hyphen, whatever dash the source used.

    Examples
    --------
    >>> normalize_pages("1978–1992"), normalize_pages("371.e11 -- 371.e17")
    ('1978-1992', '371.e11-371.e17')
    """
    return re.sub(r"\s*(?:--+|[–—-])\s*", "-", pages.strip())


def abbreviate_pages(pages: str) -> str:
    """NLM page range: drop the leading digits the second number repeats.

    Only purely numeric ranges are shortened; article numbers such as ``371.e11-371.e17``
    or ``e0174730`` are left alone.

    Examples
    --------
    >>> [abbreviate_pages(p) for p in ("1952-1960", "123-129", "91-101", "1688-1708")]
    ['1952-60', '123-9', '91-101', '1688-708']
    >>> abbreviate_pages("371.e11-371.e17"), abbreviate_pages("e0174730")
    ('371.e11-371.e17', 'e0174730')
    """
    pages = normalize_pages(pages)
    match = re.fullmatch(r"(\d+)-(\d+)", pages)
    if not match:
        return pages
    first, last = match.groups()
    if len(first) != len(last) or int(last) <= int(first):
        return pages
    common = 0
    while common < len(first) - 1 and first[common] == last[common]:
        common += 1
    return f"{first}-{last[common:]}"


def _edition(value: str) -> str:
    value = value.strip().rstrip(".")
    if not value:
        return ""
    if value.isdigit():
        number = int(value)
        suffix = "th" if 10 <= number % 100 <= 20 else _ORDINALS.get(number % 10, "th")
        return f"{number}{suffix} ed"
    if re.search(r"\bed(ition)?$", value, re.I):
        return re.sub(r"\s*edition$", " ed", value, flags=re.I)
    return f"{value} ed"


def _person(name: Name) -> str:
    if name.is_corporate:
        return name.last
    parts = [name.surname, name.initials()]
    if name.suffix:
        parts.append(name.suffix)
    return " ".join(part for part in parts if part)


def _name_list(names: tuple[Name, ...], *, max_all: int, shown: int, et_al: str) -> str:
    """Join names; more than ``max_all`` keeps the first ``shown``; ``and others`` -> et al."""
    people: list[str] = []
    truncated = False
    for name in names:
        if name.is_others:
            truncated = True
            break
        people.append(_person(name))
    if len(people) > max_all:
        people = people[:shown]
        truncated = True
    text = ", ".join(people)
    if truncated:
        text = f"{text}, {et_al}" if text else et_al
    return text


def _editors_as_authors(
    ref: Reference, one: str, many: str, names: Callable[[tuple[Name, ...]], str]
) -> str:
    """For a whole edited book without authors, the editors take the author position."""
    if ref.entry_type not in _BOOK_TYPES or not ref.editors:
        return ""
    label = one if len([e for e in ref.editors if not e.is_others]) == 1 else many
    return f"{names(ref.editors)}, {label}"


def _links(ref: Reference) -> tuple[str | None, str | None]:
    """(doi, url) where url is only given when it is not just the DOI again."""
    doi = ref.doi
    url = ref.url
    if url and doi and url.rstrip("/").lower().endswith(doi.lower()):
        url = None
    return doi, url


def _text(value: str) -> list[Segment]:
    return [Segment(value)] if value else []


def _is_web(ref: Reference) -> bool:
    return ref.entry_type in _WEB_TYPES or (
        ref.entry_type == "misc" and bool(ref.url) and not ref.fields.get("journal")
    )


# ----------------------------------------------------------------------------- AMA
def _ama_authors(names: tuple[Name, ...]) -> str:
    return _name_list(names, max_all=6, shown=3, et_al="et al")


def _ama_doi_url(ref: Reference, blocks: list[Block], accessed: str | None = None) -> None:
    doi, url = _links(ref)
    if doi:
        blocks.append(Block([Segment(f"doi:{doi}", "link", f"https://doi.org/{doi}")], end=""))
    elif url:
        access = _access_date(ref, accessed)
        if access:
            blocks.append(Block([Segment(f"Accessed {_ama_date(access)}")]))
        blocks.append(Block([Segment(url, "link", url)], end=""))


def _ama(ref: Reference, accessed: str | None) -> list[Block]:
    blocks: list[Block] = []
    authors = _ama_authors(ref.authors) or _editors_as_authors(ref, "ed", "eds", _ama_authors)
    if authors:
        blocks.append(Block(_text(authors)))
    title = ref.title or ""
    if ref.entry_type == "article" or (ref.fields.get("journal") and not _is_web(ref)):
        blocks.append(Block(_text(title)))
        journal = journal_abbreviation(ref.fields)
        if journal:
            blocks.append(Block([Segment(journal, "italic")]))
        blocks.append(Block(_text(_ama_issue(ref))))
        _ama_doi_url(ref, blocks)
    elif ref.entry_type in _CHAPTER_TYPES and _get(ref, "booktitle"):
        blocks.append(Block(_text(title)))
        editors = _name_list(ref.editors, max_all=6, shown=3, et_al="et al")
        in_part = [Segment("In: ")]
        if editors:
            label = "ed" if len([e for e in ref.editors if not e.is_others]) == 1 else "eds"
            in_part.append(Segment(f"{editors}, {label}. "))
        in_part.append(Segment(ref.fields["booktitle"], "italic"))
        blocks.append(Block(in_part))
        blocks.append(Block(_text(_edition(_get(ref, "edition")))))
        blocks.append(Block(_text(_ama_publisher_year_pages(ref))))
        _ama_doi_url(ref, blocks)
    elif ref.entry_type in _BOOK_TYPES:
        blocks.append(Block([Segment(title, "italic")] if title else []))
        blocks.append(Block(_text(_edition(_get(ref, "edition")))))
        blocks.append(Block(_text(_ama_publisher_year_pages(ref))))
        _ama_doi_url(ref, blocks)
    elif _is_web(ref):
        site = _get(ref, "howpublished", "organization", "publisher", "institution")
        if not title:
            title, site = site, ""
        blocks.append(Block(_text(title)))
        blocks.append(Block(_text(site)))
        published = _published(ref)
        if published:
            blocks.append(Block([Segment(f"Published {_ama_date(published)}")]))
        _ama_doi_url(ref, blocks, accessed)
    else:
        site = _get(ref, "howpublished", "institution", "organization", "school", "publisher")
        blocks.append(Block(_text(title)))
        blocks.append(Block(_text(site)))
        blocks.append(Block(_text(ref.year or "")))
        _ama_doi_url(ref, blocks, accessed)
    return blocks


def _issue(ref: Reference, page_format: Callable[[str], str]) -> str:
    """``2005;331(7526):1169`` / ``2003;(2):CD004252`` / ``2025``, pages in the style's form."""
    year = ref.year or ""
    volume = _get(ref, "volume")
    issue = _get(ref, "number", "issue")
    pages = page_format(_get(ref, "pages"))
    vol_part = volume + (f"({issue})" if issue else "")
    text = year
    if vol_part:
        text = f"{text};{vol_part}" if text else vol_part
    if pages:
        text = f"{text}:{pages}" if text else pages
    return text


def _ama_issue(ref: Reference) -> str:
    """AMA: full page ranges."""
    return _issue(ref, normalize_pages)


def _ama_publisher_year_pages(ref: Reference) -> str:
    publisher = _get(ref, "publisher", "organization", "institution")
    year = ref.year or ""
    pages = normalize_pages(_get(ref, "pages"))
    tail = year + (f":{pages}" if pages and year else pages)
    if publisher and tail:
        return f"{publisher}; {tail}"
    return publisher or tail


# ----------------------------------------------------------------------------- Vancouver
def _nlm_authors(names: tuple[Name, ...]) -> str:
    return _name_list(names, max_all=6, shown=6, et_al="et al.")


def _nlm_ids(ref: Reference, blocks: list[Block]) -> None:
    doi, _ = _links(ref)
    pmid = ref.pmid
    if doi:
        blocks.append(
            Block(
                [Segment("doi: "), Segment(doi, "link", f"https://doi.org/{doi}")],
                end="." if pmid else "",
            )
        )
    if pmid:
        blocks.append(
            Block(
                [
                    Segment("PMID: "),
                    Segment(pmid, "link", f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"),
                ]
            )
        )


def _nlm_place_publisher(ref: Reference, *publisher_fields: str) -> str:
    place = _get(ref, "address", "location")
    publisher = _get(ref, *publisher_fields)
    if place and publisher:
        return f"{place}: {publisher}"
    return publisher or place


def _vancouver(ref: Reference, accessed: str | None) -> list[Block]:
    blocks: list[Block] = []
    authors = _nlm_authors(ref.authors) or _editors_as_authors(
        ref, "editor", "editors", _nlm_authors
    )
    if authors:
        blocks.append(Block(_text(authors)))
    title = ref.title or ""
    if ref.entry_type == "article" or (ref.fields.get("journal") and not _is_web(ref)):
        blocks.append(Block(_text(title)))
        blocks.append(Block(_text(journal_abbreviation(ref.fields) or "")))
        blocks.append(Block(_text(_nlm_issue(ref))))
        _nlm_ids(ref, blocks)
    elif ref.entry_type in _CHAPTER_TYPES and _get(ref, "booktitle"):
        blocks.append(Block(_text(title)))
        editors = _name_list(ref.editors, max_all=6, shown=6, et_al="et al.")
        label = "editor" if len([e for e in ref.editors if not e.is_others]) == 1 else "editors"
        in_text = "In: " + (f"{editors}, {label}. " if editors else "") + ref.fields["booktitle"]
        blocks.append(Block(_text(in_text)))
        blocks.append(Block(_text(_edition(_get(ref, "edition")))))
        blocks.append(Block(_text(_nlm_publication(ref))))
        pages = abbreviate_pages(_get(ref, "pages"))
        if pages:
            blocks.append(Block(_text(f"p. {pages}")))
        _nlm_ids(ref, blocks)
    elif ref.entry_type in _BOOK_TYPES:
        blocks.append(Block(_text(title)))
        blocks.append(Block(_text(_edition(_get(ref, "edition")))))
        blocks.append(Block(_text(_nlm_publication(ref))))
        _nlm_ids(ref, blocks)
    elif _is_web(ref):
        publisher_fields = ("publisher", "organization", "howpublished", "institution")
        publisher = _nlm_place_publisher(ref, *publisher_fields)
        if not title:
            title, publisher = (
                _get(ref, "howpublished"),
                _nlm_place_publisher(ref, "publisher", "organization", "institution"),
            )
        blocks.append(Block(_text(f"{title} [Internet]" if title else "[Internet]")))
        published = _published(ref)
        access = _access_date(ref, accessed)
        date_text = _nlm_date(published) if published else ""
        if access:
            date_text = f"{date_text} [cited {_nlm_date(access)}]".strip()
        if publisher and date_text:
            blocks.append(Block(_text(f"{publisher}; {date_text}")))
        else:
            blocks.append(Block(_text(publisher or date_text)))
        _, url = _links(ref)
        if url:
            blocks.append(Block([Segment("Available from: "), Segment(url, "link", url)], end=""))
        _nlm_ids(ref, blocks)
    else:
        blocks.append(Block(_text(title)))
        blocks.append(
            Block(
                _text(
                    _nlm_place_publisher(
                        ref, "howpublished", "institution", "organization", "school", "publisher"
                    )
                )
            )
        )
        blocks.append(Block(_text(ref.year or "")))
        _, url = _links(ref)
        if url:
            blocks.append(Block([Segment("Available from: "), Segment(url, "link", url)], end=""))
        _nlm_ids(ref, blocks)
    return blocks


def _nlm_issue(ref: Reference) -> str:
    """NLM: repeated leading digits dropped from the last page."""
    return _issue(ref, abbreviate_pages)


def _nlm_publication(ref: Reference) -> str:
    publisher = _nlm_place_publisher(ref, "publisher", "organization", "institution")
    year = ref.year or ""
    if publisher and year:
        return f"{publisher}; {year}"
    return publisher or year


STYLE_FUNCTIONS: dict[str, Callable[[Reference, str | None], list[Block]]] = {
    "ama": _ama,
    "vancouver": _vancouver,
}
