"""AMA Manual of Style, 11th edition (chapter 3), as blocks of segments.

* authors: surname + initials without periods, suffix after the initials ("Ray WA Jr"); all
  authors up to 6, else the first 3 and "et al"; group authors as written;
* titles as given (case untouched); journal and book titles in italics; NLM journal
  abbreviations; "Year;Vol(Issue):pages" with full page ranges; "doi:10.x" last;
* web pages and regulatory documents: "Author. Title. Site. Published Month D, YYYY.
  Accessed Month D, YYYY. URL" (access date only from ``urldate`` or the caller);
* chapters: "In: Editors, eds. Book. Edition. Publisher; Year:pages" (or ":chap N");
* what is missing is said: "[date unknown]", "[initials unknown]".
"""

from __future__ import annotations

from evidence_dashboard.bibliography.journals import journal_abbreviation
from evidence_dashboard.bibliography.names import Name
from evidence_dashboard.bibliography.parts import (
    BOOK_TYPES,
    CHAPTER_TYPES,
    UNKNOWN_DATE,
    Block,
    Segment,
    access_date,
    ama_date,
    date_or_unknown,
    doi_url,
    edition,
    editor_label,
    editors_as_authors,
    get,
    is_article,
    is_web,
    issue,
    links,
    name_list,
    normalize_pages,
    pages_of,
    published,
    site_name,
    text,
)
from evidence_dashboard.bibliography.reference import Reference


def _authors(names: tuple[Name, ...]) -> str:
    return name_list(names, max_all=6, shown=3, et_al="et al")


def _doi_url(ref: Reference, blocks: list[Block], accessed: str | None) -> None:
    doi, url = links(ref)
    if doi:
        blocks.append(Block([Segment(f"doi:{doi}", "link", doi_url(doi))], end=""))
    elif url:
        access = access_date(ref, accessed)
        if access:
            blocks.append(Block([Segment(f"Accessed {ama_date(access)}")]))
        blocks.append(Block([Segment(url, "link", url)], end=""))


def _publisher_year(ref: Reference, locator: str) -> str:
    """``Publisher; Year:pages`` (AMA 11 drops the place of publication)."""
    publisher = get(ref, "publisher", "organization", "institution")
    year = ref.year or UNKNOWN_DATE
    tail = year + (f":{locator}" if locator else "")
    return f"{publisher}; {tail}" if publisher else tail


def _locator(ref: Reference) -> str:
    pages = normalize_pages(pages_of(ref))
    chapter = get(ref, "chapter")
    return pages or (f"chap {chapter}" if chapter else "")


def ama(ref: Reference, accessed: str | None) -> list[Block]:
    """The AMA blocks of one reference."""
    blocks: list[Block] = []
    authors = _authors(ref.authors) or editors_as_authors(ref, "ed", "eds", _authors)
    if authors:
        blocks.append(Block(text(authors)))
    title = ref.title or ""
    if is_article(ref):
        blocks.append(Block(text(title)))
        journal = journal_abbreviation(ref.fields)
        if journal:
            blocks.append(Block([Segment(journal, "italic")]))
        blocks.append(Block(text(issue(ref, normalize_pages, ref.year or UNKNOWN_DATE))))
        _doi_url(ref, blocks, None)
    elif ref.entry_type in CHAPTER_TYPES and get(ref, "booktitle"):
        blocks.append(Block(text(title)))
        editors = _authors(ref.editors)
        in_part = [Segment("In: ")]
        if editors:
            in_part.append(Segment(f"{editors}, {editor_label(ref, 'ed', 'eds')}. "))
        in_part.append(Segment(ref.fields["booktitle"], "italic"))
        blocks.append(Block(in_part))
        blocks.append(Block(text(edition(get(ref, "edition")))))
        blocks.append(Block(text(_publisher_year(ref, _locator(ref)))))
        _doi_url(ref, blocks, accessed)
    elif ref.entry_type in BOOK_TYPES:
        blocks.append(Block([Segment(title, "italic")] if title else []))
        blocks.append(Block(text(edition(get(ref, "edition")))))
        blocks.append(Block(text(_publisher_year(ref, _locator(ref)))))
        _doi_url(ref, blocks, accessed)
    elif is_web(ref):
        site = site_name(ref, "publisher", "institution")
        if not title:
            title, site = site, ""
        blocks.append(Block(text(title)))
        blocks.append(Block(text(site)))
        date = published(ref)
        if date:
            blocks.append(Block([Segment(f"Published {ama_date(date)}")]))
        _doi_url(ref, blocks, accessed)
    else:
        site = get(ref, "howpublished", "institution", "organization", "school", "publisher")
        blocks.append(Block(text(title)))
        blocks.append(Block(text(site)))
        blocks.append(Block(text(date_or_unknown(ref))))
        _doi_url(ref, blocks, accessed)
    return blocks
