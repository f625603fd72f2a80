"""Turn article Markdown into safe HTML: raw HTML off, only http(s) links, citations numbered.

Citations and ``{{ID}}`` value tokens are swapped for private-use placeholders before Markdown
rendering and replaced afterwards with markup built from escaped values, so nothing typed in an
article can smuggle markup through either path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from markdown_it import MarkdownIt
from markdown_it.token import Token

from evidence_dashboard.bibliography import (
    STYLES,
    FormattedBibliography,
    Reference,
    format_bibliography,
    format_reference,
)
from evidence_dashboard.content.articles import VALUE_TOKEN, Article, Block
from evidence_dashboard.content.citations import (
    CitationNumbering,
    find_citation_clusters,
    format_numbers,
)
from evidence_dashboard.safe_html import SafeHtml, escape, safe_url
from evidence_dashboard.stats.report import value_text

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_PLACEHOLDER = re.compile("\ue000([CV])(\\d+)\ue001")


def _validate_link(url: str) -> bool:
    return url.startswith("#") or safe_url(url) is not None


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.enable(["table", "strikethrough"])
    md.validateLink = _validate_link  # type: ignore[method-assign]  # markdown-it's own hook

    def demote_heading(
        renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
    ) -> str:
        # Article headings sit under the page's own title: # -> h3, ## -> h4, deeper -> h5.
        token = tokens[idx]
        level = min(int(token.tag[1]) + 2, 5)
        token.tag = f"h{level}"
        return renderer.renderToken(tokens, idx, options, env)

    def allowed_href(
        renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
    ) -> str:
        # validateLink accepts what safe_url accepts; write safe_url's form, so a DOI written as
        # doi:10.x/y or 10.x/y becomes https://doi.org/10.x/y instead of a doi: or relative href.
        token = tokens[idx]
        href = str(token.attrGet("href") or "")
        if not href.startswith("#"):
            token.attrSet("href", safe_url(href) or "#")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", allowed_href)
    md.add_render_rule("heading_open", demote_heading)
    md.add_render_rule("heading_close", demote_heading)
    return md


_MD = _markdown()


@dataclass(frozen=True, slots=True)
class RenderedBlock:
    """One block of an article, ready to show."""

    block: Block
    html: SafeHtml


def numbering_for(
    article: Article, references: Mapping[str, Reference], audience: str | None = None
) -> CitationNumbering:
    """Citation numbers in order of first appearance in what this audience reads.

    Unknown keys get no number (they are reported as problems), so the list has no gaps.
    """
    if audience is None:
        texts = [text for b in article.blocks for text, _ in b.texts()]
    else:
        texts = [b.text_for(audience) for b in article.blocks if b.visible_to(audience)]
    return CitationNumbering.from_texts(texts, known=references.keys())


def _author_year_html(keys: Sequence[str], bibliography: FormattedBibliography) -> str:
    """``(Smith et al., 2020; Doe, 2019)`` with each label linked to its entry."""
    parts: list[str] = []
    for key in dict.fromkeys(keys):
        entry = bibliography.entry(key)
        if entry is None:
            parts.append(f'<span class="citation-missing">?{escape(key)}</span>')
            continue
        parts.append(
            f'<a href="#ref-{escape(entry.key)}" title="{escape(entry.text)}">'
            f"{escape(entry.label)}</a>"
        )
    inner = "; ".join(parts)
    return (
        f'<span class="citation author-year">{escape(bibliography.open_paren)}{inner}'
        f"{escape(bibliography.close_paren)}</span>"
    )


def _citation_html(
    keys: Sequence[str],
    numbering: CitationNumbering,
    references: Mapping[str, Reference],
    style: str,
    bibliography: FormattedBibliography | None = None,
) -> str:
    if bibliography is not None and bibliography.author_year:
        return _author_year_html(keys, bibliography)
    by_number: dict[int, str] = {}
    missing: list[str] = []
    lowered = {k.lower(): k for k in references}
    for key in keys:
        number = numbering.number(key)
        if number is None or key.lower() not in lowered:
            missing.append(key)
        else:
            by_number.setdefault(number, lowered[key.lower()])
    parts: list[str] = []
    if by_number:
        numbers = sorted(by_number)
        for piece in format_numbers(numbers).split(","):
            first = int(piece.split("-")[0])
            ref = references[by_number[first]]
            entry = bibliography.entry(ref.key) if bibliography is not None else None
            tooltip = entry.text if entry is not None else format_reference(ref, style).text
            parts.append(
                f'<a href="#ref-{escape(by_number[first])}" title="{escape(tooltip)}">'
                f"{escape(piece)}</a>"
            )
    parts += [f'<span class="citation-missing">?{escape(k)}</span>' for k in missing]
    return f'<sup class="citation">{",".join(parts)}</sup>'


def render_markdown(
    text: str,
    numbering: CitationNumbering,
    references: Mapping[str, Reference],
    evidence_rows: pd.DataFrame,
    style: str = "ama",
    bibliography: FormattedBibliography | None = None,
) -> SafeHtml:
    """Render one Markdown passage to safe HTML with citations and evidence values.

    Citations are numbers, or author-year labels when ``bibliography`` (the article's
    :func:`~evidence_dashboard.bibliography.format_bibliography`) is an author-year style.

    Examples
    --------
    >>> from evidence_dashboard.content.evidence import empty_frame
    >>> numbering = CitationNumbering.from_texts([""])
    >>> render_markdown("<script>x</script> *hi*", numbering, {}, empty_frame())
    Markup('<p>&lt;script&gt;x&lt;/script&gt; <em>hi</em></p>\\n')
    >>> render_markdown("## Dose", numbering, {}, empty_frame())
    Markup('<h4>Dose</h4>\\n')
    """
    text = _PRIVATE_USE.sub("", text)
    replacements: list[str] = []
    rows = {r["id"]: r for r in evidence_rows.to_dict("records")} if len(evidence_rows) else {}

    spans: list[tuple[int, int, str]] = []
    for cluster in find_citation_clusters(text):
        html = _citation_html(cluster.keys, numbering, references, style, bibliography)
        spans.append((cluster.start, cluster.end, html))
    for match in VALUE_TOKEN.finditer(text):
        row = rows.get(match.group("id"))
        shown = value_text(row, match.group("field")) if row is not None else None
        html = (
            f'<span class="evidence-value">{escape(shown)}</span>'
            if shown
            else f'<span class="evidence-value missing">{escape(match.group(0))}</span>'
        )
        spans.append((match.start(), match.end(), html))
    spans.sort()
    out: list[str] = []
    cursor = 0
    for start, end, html in spans:
        if start < cursor:
            continue
        out.append(text[cursor:start])
        kind = "V" if html.startswith('<span class="evidence-value') else "C"
        out.append(f"\ue000{kind}{len(replacements)}\ue001")
        replacements.append(html)
        cursor = end
    out.append(text[cursor:])
    rendered = _MD.render("".join(out))
    return SafeHtml(_PLACEHOLDER.sub(lambda m: replacements[int(m.group(2))], rendered))


def render_article(
    article: Article,
    audience: str,
    references: Mapping[str, Reference],
    evidence_rows: pd.DataFrame,
    style: str = "ama",
) -> tuple[list[RenderedBlock], CitationNumbering]:
    """Render every block the audience sees, with one citation numbering for the whole article.

    A CSL style is formatted once for the article (citeproc is slow per entry), and an
    author-year style gets author-year citations.
    """
    numbering = numbering_for(article, references, audience)
    bibliography = (
        None
        if str(style).lower() in STYLES
        else format_bibliography(references, numbering.order, style)
    )
    blocks = [
        RenderedBlock(
            b,
            render_markdown(
                b.text_for(audience), numbering, references, evidence_rows, style, bibliography
            ),
        )
        for b in article.blocks
        if b.visible_to(audience)
    ]
    return blocks, numbering


TYPE_LABELS = {
    "research": "Research study",
    "review": "Review or meta-analysis",
    "guideline": "Guideline",
    "drug label": "Drug label or prescribing reference",
    "unspecified": "Other source",
}


def reference_list_html(
    references: Mapping[str, Reference], numbering: CitationNumbering, style: str = "ama"
) -> SafeHtml:
    """The numbered reference list in citation order, each item an anchor target.

    A numbered style lists references in the order they are first cited, so entry 1 comes first;
    the evidence type is a label on each entry, never a reordering.

    Examples
    --------
    >>> from evidence_dashboard.bibliography import parse_bibtex
    >>> refs = parse_bibtex("@misc{a, title={A <b>}}", "x.bib").references
    >>> print(reference_list_html(refs, CitationNumbering.from_texts(["[@a]"])))
    <ol class="references"><li id="ref-a" value="1">A &lt;b&gt;. <span class="ref-type">Other source</span></li></ol>
    """
    numbered = format_bibliography(references, numbering.order, style)
    # An author-year list is unnumbered, in the style's (alphabetical) order.
    tag, value = ("ul", False) if numbered.author_year else ("ol", True)
    items = [
        f'<li id="ref-{escape(key)}"' + (f' value="{number}"' if value else "") + ">"
        f"{formatted.html} "
        f'<span class="ref-type">{escape(TYPE_LABELS.get(formatted.evidence_type, "Other source"))}'
        "</span></li>"
        for number, key, formatted in numbered
    ]
    return SafeHtml(f'<{tag} class="references">' + "".join(items) + f"</{tag}>")
