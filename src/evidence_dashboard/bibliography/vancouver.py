"""Vancouver / NLM style (Citing Medicine, 2nd edition), as blocks of segments.

* authors as in AMA, but up to 6 listed, else the first 6 and "et al."; no italics;
* journal articles "Journal. Year Mon D;Vol(Issue):pages" with the second page number
  shortened ("1952-60"), then "doi: 10.x" and "PMID: n";
* web pages and online books: "Title [Internet]. Place: Publisher; date [cited YYYY Mon D].
  Available from: URL" (the cited date only from ``urldate`` or the caller);
* chapters: "In: Editors, editors. Book. Edition. Place: Publisher; Year. p. pages" (or
  "Chapter N");
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
    abbreviate_pages,
    access_date,
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
    nlm_date,
    pages_of,
    published,
    pubmed_url,
    text,
)
from evidence_dashboard.bibliography.reference import Reference


def _authors(names: tuple[Name, ...]) -> str:
    return name_list(names, max_all=6, shown=6, et_al="et al.")


def _ids(ref: Reference, blocks: list[Block]) -> None:
    doi, _ = links(ref)
    pmid = ref.pmid
    if doi:
        blocks.append(
            Block([Segment("doi: "), Segment(doi, "link", doi_url(doi))], end="." if pmid else "")
        )
    if pmid:
        blocks.append(Block([Segment("PMID: "), Segment(pmid, "link", pubmed_url(pmid))]))


def _available(ref: Reference, blocks: list[Block]) -> None:
    _, url = links(ref)
    if url:
        blocks.append(Block([Segment("Available from: "), Segment(url, "link", url)], end=""))


def _place_publisher(ref: Reference, *publisher_fields: str) -> str:
    place = get(ref, "address", "location")
    publisher = get(ref, *publisher_fields)
    if place and publisher:
        return f"{place}: {publisher}"
    return publisher or place


def _cited(ref: Reference, accessed: str | None, date: str) -> str:
    """``date [cited 2024 Jan 15]`` for an online source; just ``date`` without a cited date."""
    access = access_date(ref, accessed) if ref.url and not ref.doi else None
    return f"{date} [cited {nlm_date(access)}]".strip() if access else date


def _publication(ref: Reference, accessed: str | None) -> str:
    """``Place: Publisher; Year`` (plus the cited date of an online book)."""
    publisher = _place_publisher(ref, "publisher", "organization", "institution")
    year = _cited(ref, accessed, ref.year or UNKNOWN_DATE)
    return f"{publisher}; {year}" if publisher else year


def _online(ref: Reference, title: str) -> str:
    """A book title with ``[Internet]`` when the book is read online (a URL, no DOI)."""
    return f"{title} [Internet]" if ref.url and not ref.doi and title else title


def _locator(ref: Reference) -> str:
    pages = abbreviate_pages(pages_of(ref))
    chapter = get(ref, "chapter")
    parts = [f"Chapter {chapter}" if chapter else "", f"p. {pages}" if pages else ""]
    return "; ".join(part for part in parts if part)


def vancouver(ref: Reference, accessed: str | None) -> list[Block]:
    """The Vancouver blocks of one reference."""
    blocks: list[Block] = []
    authors = _authors(ref.authors) or editors_as_authors(ref, "editor", "editors", _authors)
    if authors:
        blocks.append(Block(text(authors)))
    title = ref.title or ""
    if is_article(ref):
        blocks.append(Block(text(title)))
        blocks.append(Block(text(journal_abbreviation(ref.fields) or "")))
        date = published(ref)
        blocks.append(
            Block(text(issue(ref, abbreviate_pages, nlm_date(date) if date else UNKNOWN_DATE)))
        )
        _ids(ref, blocks)
    elif ref.entry_type in CHAPTER_TYPES and get(ref, "booktitle"):
        blocks.append(Block(text(title)))
        editors = _authors(ref.editors)
        label = editor_label(ref, "editor", "editors")
        book = _online(ref, ref.fields["booktitle"])
        blocks.append(Block(text("In: " + (f"{editors}, {label}. " if editors else "") + book)))
        blocks.append(Block(text(edition(get(ref, "edition")))))
        blocks.append(Block(text(_publication(ref, accessed))))
        blocks.append(Block(text(_locator(ref))))
        _available(ref, blocks)
        _ids(ref, blocks)
    elif ref.entry_type in BOOK_TYPES:
        blocks.append(Block(text(_online(ref, title))))
        blocks.append(Block(text(edition(get(ref, "edition")))))
        blocks.append(Block(text(_publication(ref, accessed))))
        _available(ref, blocks)
        _ids(ref, blocks)
    elif is_web(ref):
        publisher_fields = ("publisher", "organization", "howpublished", "journal", "institution")
        publisher = _place_publisher(ref, *publisher_fields)
        if not title:
            title, publisher = (
                get(ref, "howpublished"),
                _place_publisher(ref, "publisher", "organization", "institution"),
            )
        blocks.append(Block(text(f"{title} [Internet]" if title else "[Internet]")))
        date = published(ref)
        date_text = _cited(ref, accessed, nlm_date(date) if date else "")
        blocks.append(
            Block(
                text(
                    f"{publisher}; {date_text}"
                    if publisher and date_text
                    else publisher or date_text
                )
            )
        )
        _available(ref, blocks)
        _ids(ref, blocks)
    else:
        where = _place_publisher(
            ref, "howpublished", "institution", "organization", "school", "publisher"
        )
        blocks.append(Block(text(title)))
        blocks.append(Block(text(where)))
        blocks.append(Block(text(date_or_unknown(ref))))
        _available(ref, blocks)
        _ids(ref, blocks)
    return blocks
