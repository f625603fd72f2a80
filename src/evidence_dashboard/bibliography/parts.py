"""The pieces both built-in styles assemble: segments and blocks, dates, pages, editions, names.

A style turns a reference into *blocks* (the period-separated bibliographic groups), each a
list of :class:`Segment` (plain, italic or link); :mod:`~.render` turns the same blocks into
plain text, Markdown and HTML, so the three forms always say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from evidence_dashboard.bibliography.names import Name
from evidence_dashboard.bibliography.reference import Reference

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
#: What the reference says in place of a missing part, in Citing Medicine's bracket form.
UNKNOWN_DATE = "[date unknown]"
UNKNOWN_INITIALS = "[initials unknown]"

WEB_TYPES = frozenset({"online", "electronic", "www", "webpage"})
CHAPTER_TYPES = frozenset({"incollection", "inbook", "inproceedings", "conference"})
BOOK_TYPES = frozenset({"book", "proceedings", "collection", "booklet", "manual"})
_ORDINALS = {1: "st", 2: "nd", 3: "rd"}
_ORDINAL_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_MONTH_DAY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})$")
# An edition that already says what it is: "Version 6.4", "2nd ed.", "Revised edition".
_SELF_NAMED_EDITION = re.compile(r"\b(?:version|release|revision|update|ed\.?|edition)\b", re.I)

Date = tuple[str, int | None, int | None]


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


def get(ref: Reference, *names: str) -> str:
    """The first non-empty field of ``names``, or ``""``."""
    for name in names:
        value = ref.fields.get(name, "").strip()
        if value:
            return value
    return ""


def text(value: str) -> list[Segment]:
    """One plain segment, or none for an empty value."""
    return [Segment(value)] if value else []


def _month_number(value: str) -> int | None:
    value = value.strip().rstrip(".").lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    for index, month in enumerate(MONTHS, start=1):
        if len(value) >= 3 and month.lower().startswith(value[:3]):
            return index
    return None


def _date_parts(value: str) -> Date | None:
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    month = int(match[2]) if match[2] and 1 <= int(match[2]) <= 12 else None
    day = int(match[3]) if match[3] and month and 1 <= int(match[3]) <= 31 else None
    return match[1], month, day


def published(ref: Reference) -> Date | None:
    """(year, month, day) of publication from ``date``, else ``year``/``month``/``day``."""
    if ref.fields.get("date"):
        parts = _date_parts(ref.fields["date"])
        if parts:
            return parts
    year = ref.year
    if not year:
        return None
    month_text = ref.fields.get("month", "")
    day_text = ref.fields.get("day", "")
    month_day = _MONTH_DAY.match(month_text.strip())
    if month_day:  # Web of Science writes "NOV 19"
        month_text, day_text = month_day.groups()
    month = _month_number(month_text)
    day = int(day_text) if day_text.isdigit() and month and 1 <= int(day_text) <= 31 else None
    return year, month, day


def ama_date(parts: Date) -> str:
    """``September 23, 2020`` / ``September 2020`` / ``2020``."""
    year, month, day = parts
    if month and day:
        return f"{MONTHS[month - 1]} {day}, {year}"
    if month:
        return f"{MONTHS[month - 1]} {year}"
    return year


def nlm_date(parts: Date) -> str:
    """``2020 Sep 23`` / ``2020 Sep`` / ``2020``."""
    year, month, day = parts
    out = year
    if month:
        out += f" {MONTHS[month - 1][:3]}"
        if day:
            out += f" {day}"
    return out


def access_date(ref: Reference, accessed: str | None) -> Date | None:
    """The ``urldate`` (else the caller's date) as parts, or None: never invented."""
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


def pages_of(ref: Reference) -> str:
    """Pages, else the article number (biblatex ``eid``, Web of Science ``article-number``)."""
    return get(ref, "pages", "eid", "article-number", "articleno")


def edition(value: str) -> str:
    """The edition as both styles print it, without the final period.

    Examples
    --------
    >>> [edition(v) for v in ("7", "8th", "2nd edition", "Second", "Version 6.4", "Rev. ed.")]
    ['7th ed', '8th ed', '2nd ed', '2nd ed', 'Version 6.4', 'Rev. ed']
    """
    value = value.strip().rstrip(".")
    if not value:
        return ""
    if value.lower() in _ORDINAL_WORDS:
        value = str(_ORDINAL_WORDS.index(value.lower()) + 1)
    if value.isdigit():
        number = int(value)
        suffix = "th" if 10 <= number % 100 <= 20 else _ORDINALS.get(number % 10, "th")
        return f"{number}{suffix} ed"
    if _SELF_NAMED_EDITION.search(value):
        return re.sub(r"\s*\bedition$", " ed", value, flags=re.I)
    return f"{value} ed"


def person(name: Name) -> str:
    """``Surname Initials Suffix``; a group author as written; missing initials said so."""
    if name.is_corporate:
        return name.last
    initials = name.initials() or UNKNOWN_INITIALS
    return " ".join(part for part in (name.surname, initials, name.suffix) if part)


def name_list(names: tuple[Name, ...], *, max_all: int, shown: int, et_al: str) -> str:
    """Join names; more than ``max_all`` keeps the first ``shown``; ``and others`` -> et al."""
    people: list[str] = []
    truncated = False
    for name in names:
        if name.is_others:
            truncated = True
            break
        people.append(person(name))
    if len(people) > max_all:
        people = people[:shown]
        truncated = True
    joined = ", ".join(people)
    if truncated:
        joined = f"{joined}, {et_al}" if joined else et_al
    return joined


def editor_label(ref: Reference, one: str, many: str) -> str:
    """``one`` for a single editor, else ``many``."""
    return one if len([e for e in ref.editors if not e.is_others]) == 1 else many


def editors_as_authors(
    ref: Reference, one: str, many: str, names: Callable[[tuple[Name, ...]], str]
) -> str:
    """For a whole edited book without authors, the editors take the author position."""
    if ref.entry_type not in BOOK_TYPES or not ref.editors:
        return ""
    return f"{names(ref.editors)}, {editor_label(ref, one, many)}"


def links(ref: Reference) -> tuple[str | None, str | None]:
    """(doi, url) where url is only given when it is not just the DOI again."""
    doi = ref.doi
    url = ref.url
    if url and doi and url.rstrip("/").lower().endswith(doi.lower()):
        url = None
    return doi, url


def is_web(ref: Reference) -> bool:
    """A web page: an online type, or a @misc with a URL that is not a journal article.

    Zotero exports a web page as @misc with the site name in ``journal``; without a volume
    or pages that is a site, not a journal.
    """
    if ref.entry_type in WEB_TYPES:
        return True
    if ref.entry_type != "misc" or not ref.url:
        return False
    return not (ref.fields.get("journal") and (get(ref, "volume") or pages_of(ref)))


def is_publication(ref: Reference) -> bool:
    """True when the entry claims to be a published work (a bare ``@misc`` title does not).

    Only such entries say "[date unknown]" and get the missing-author/year warnings; a
    title-only ``@misc`` is a placeholder the curator has not filled in yet.
    """
    if ref.entry_type != "misc" or ref.authors or ref.editors:
        return True
    claims = ("doi", "pmid", "journal", "journaltitle", "publisher", "booktitle", "volume")
    return any(ref.fields.get(name) for name in claims)


def date_or_unknown(ref: Reference) -> str:
    """The year, or "[date unknown]" for a publication without one, or ``""``."""
    return ref.year or (UNKNOWN_DATE if is_publication(ref) else "")


def is_article(ref: Reference) -> bool:
    """A journal article (or anything with a journal that is not a web page)."""
    has_journal = bool(get(ref, "journal", "journaltitle"))
    return ref.entry_type == "article" or (has_journal and not is_web(ref))


def site_name(ref: Reference, *extra: str) -> str:
    """The site or series name of a web page."""
    return get(ref, "howpublished", "organization", "journal", "journaltitle", *extra)


def issue(ref: Reference, page_format: Callable[[str], str], date: str) -> str:
    """``2005;331(7526):1169`` / ``2003;(2):CD004252``, with ``date`` in the style's form."""
    volume = get(ref, "volume")
    number = get(ref, "number", "issue")
    pages = page_format(pages_of(ref))
    vol_part = volume + (f"({number})" if number else "")
    out = date
    if vol_part:
        out = f"{out};{vol_part}" if out else vol_part
    if pages:
        out = f"{out}:{pages}" if out else pages
    return out


def doi_url(doi: str) -> str:
    """The doi.org link of a DOI, percent-encoded (SICI DOIs hold ``<``, ``>`` and ``;``).

    Examples
    --------
    >>> doi_url("10.1002/(sici)1097-0258(19991030)18:20<2693::aid-sim235>3.0.co;2-v")
    'https://doi.org/10.1002/(sici)1097-0258(19991030)18:20%3C2693::aid-sim235%3E3.0.co%3B2-v'
    """
    return "https://doi.org/" + quote(doi, safe="/:()._-")


def pubmed_url(pmid: str) -> str:
    """The PubMed page of a PMID."""
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
