"""Formatted references as plain text, Markdown and HTML; numbered bibliographies; groups.

HTML is built only through :mod:`evidence_dashboard.safe_html` (every field escaped, links
only for http(s) and DOIs). Markdown escapes every character Markdown treats specially.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from evidence_dashboard.bibliography.csl import csl_style_path, linked_html, render_csl
from evidence_dashboard.bibliography.reference import EVIDENCE_TYPES, UNSPECIFIED, Reference
from evidence_dashboard.bibliography.styles import STYLE_FUNCTIONS, STYLES, Block, Segment
from evidence_dashboard.safe_html import escape, escape_markdown, link, safe_url

#: Group order for :func:`group_references`.
GROUP_ORDER = (*EVIDENCE_TYPES, UNSPECIFIED)


@dataclass(frozen=True, slots=True)
class FormattedReference:
    """One reference in one style, in three renderings that say the same thing.

    Parameters
    ----------
    key : str
        The citation key.
    style : str
        ``"ama"`` or ``"vancouver"``.
    text : str
        Plain Unicode text (also safe to escape into a ``title`` attribute).
    markdown : str
        Markdown with special characters escaped; AMA italics as ``*...*``; links as
        ``<https://...>`` or ``[doi:...](<https://doi.org/...>)``.
    html : str
        HTML fragment built from escaped fields and :func:`safe_html.link` anchors.
    evidence_type : str
        The reference's evidence type, for grouping.
    """

    key: str
    style: str
    text: str
    markdown: str
    html: str
    evidence_type: str = UNSPECIFIED


def check_style(style: str | Path) -> str:
    """Return the normalised style name (or ``.csl`` path) or raise :class:`InputError`.

    Examples
    --------
    >>> check_style("AMA"), check_style("apa")
    ('ama', 'apa')
    >>> check_style("no-such-style")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    evidence_dashboard.errors.InputError: style must be ama, vancouver, a CSL style name (e.g. apa, the-lancet, bmj) or a .csl file. Got 'no-such-style' instead...
    """
    normal = str(style).strip()
    if normal.lower() in STYLES:
        return normal.lower()
    path = csl_style_path(style)
    return str(path) if normal.lower().endswith(".csl") else normal.lower()


def _finish(blocks: list[Block]) -> list[Segment]:
    segments: list[Segment] = []
    for block in blocks:
        parts = [s for s in block.segments if s.text]
        plain = "".join(s.text for s in parts).strip()
        if not plain:
            continue
        if segments:
            segments.append(Segment(" "))
        segments.extend(parts)
        if block.end and not plain.endswith((".", "?", "!")):
            segments.append(Segment(block.end))
    return segments


def _to_text(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments)


def _to_markdown(segments: list[Segment]) -> str:
    out: list[str] = []
    for segment in segments:
        if segment.kind == "italic":
            out.append(f"*{escape_markdown(segment.text)}*")
        elif segment.kind == "link" and safe_url(segment.url) is not None:
            url = safe_url(segment.url)
            if segment.text == url:
                out.append(f"<{url}>")
            else:
                out.append(f"[{escape_markdown(segment.text)}](<{url}>)")
        else:
            out.append(escape_markdown(segment.text))
    return "".join(out)


def _to_html(segments: list[Segment]) -> str:
    out: list[str] = []
    for segment in segments:
        if segment.kind == "italic":
            out.append(f"<i>{escape(segment.text)}</i>")
        elif segment.kind == "link":
            out.append(link(segment.text, segment.url))
        else:
            out.append(escape(segment.text))
    return "".join(out)


def format_reference(
    ref: Reference, style: str = "ama", accessed: str | None = None
) -> FormattedReference:
    """Format one reference in AMA (default) or Vancouver style.

    Parameters
    ----------
    ref : Reference
        A loaded reference.
    style : str
        ``"ama"`` or ``"vancouver"``; anything else raises :class:`InputError`.
    accessed : str, optional
        An ISO date (``YYYY-MM-DD``) to print as the access date of a URL-only source when
        the entry has no ``urldate`` of its own. Without either, no access date is printed.

    Returns
    -------
    FormattedReference
        Text, Markdown and HTML renderings.

    Examples
    --------
    >>> from evidence_dashboard.bibliography import parse_bibtex
    >>> ref = parse_bibtex('''@article{g, author = {Glass, Jennifer and Busto, Usoa E.},
    ...   title = {Sedative hypnotics}, journal = {BMJ}, year = 2005, volume = 331,
    ...   number = 7526, pages = {1169}, doi = {10.1136/bmj.38623.768588.47}}''', "x.bib"
    ... ).references["g"]
    >>> print(format_reference(ref).text)
    Glass J, Busto UE. Sedative hypnotics. BMJ. 2005;331(7526):1169. doi:10.1136/bmj.38623.768588.47
    >>> print(format_reference(ref, "vancouver").text)
    Glass J, Busto UE. Sedative hypnotics. BMJ. 2005;331(7526):1169. doi: 10.1136/bmj.38623.768588.47
    """
    name = check_style(style)
    if name not in STYLE_FUNCTIONS:
        ((_, text), *_), _ = render_csl([ref], csl_style_path(style))
        return FormattedReference(
            ref.key, name, text, escape_markdown(text), linked_html(text, ref), ref.evidence_type
        )
    blocks = STYLE_FUNCTIONS[name](ref, accessed)
    segments = _finish(blocks)
    html = _to_html(segments)
    markdown = _to_markdown(segments)
    pmid = ref.pmid
    if name == "ama" and pmid:
        # AMA does not print PMIDs; the link is an extra for readers of the dashboard.
        pubmed = f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
        html += f' <span class="pubmed">{link("PubMed", pubmed, title=f"PMID {pmid}")}</span>'
        markdown += f" [PubMed](<{pubmed}>)"
    return FormattedReference(
        key=ref.key,
        style=name,
        text=_to_text(segments),
        markdown=markdown,
        html=html,
        evidence_type=ref.evidence_type,
    )


def resolve_key(references: Mapping[str, Reference], key: str) -> Reference | None:
    """Find a reference by key: exact match first, then ignoring case (BibTeX semantics).

    Examples
    --------
    >>> from evidence_dashboard.bibliography import parse_bibtex
    >>> refs = parse_bibtex("@misc{Smith2020, title={T}}", "x.bib").references
    >>> resolve_key(refs, "smith2020").key, resolve_key(refs, "nobody")
    ('Smith2020', None)
    """
    found = references.get(key)
    if found is not None:
        return found
    lower = key.lower()
    for candidate_key, reference in references.items():
        if candidate_key.lower() == lower:
            return reference
    return None


def group_references(
    numbered: Iterable[tuple[int, str, FormattedReference]],
) -> dict[str, list[tuple[int, str, FormattedReference]]]:
    """Group a numbered bibliography by evidence type, keeping each entry's number.

    Groups come in the order research, review, guideline, drug label, unspecified; empty
    groups are left out; within a group entries keep their bibliography order.

    Examples
    --------
    >>> from evidence_dashboard.bibliography import parse_bibtex
    >>> refs = parse_bibtex(
    ...     "@misc{a, title={A}}\\n@misc{b, title={B}, evidence_type={guideline}}", "x.bib"
    ... ).references
    >>> from evidence_dashboard.bibliography import format_bibliography
    >>> groups = group_references(format_bibliography(refs))
    >>> {group: [n for n, _, _ in items] for group, items in groups.items()}
    {'guideline': [2], 'unspecified': [1]}
    """
    groups: dict[str, list[tuple[int, str, FormattedReference]]] = {g: [] for g in GROUP_ORDER}
    for item in numbered:
        kind = item[2].evidence_type
        groups.setdefault(kind if kind in groups else UNSPECIFIED, []).append(item)
    return {group: items for group, items in groups.items() if items}
