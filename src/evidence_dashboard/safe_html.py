"""The one place that builds HTML from content: every field escaped, only http, https and DOI links.

Anything from content (titles, authors, URLs, notes, CSV strings) that must end up inside HTML
goes through :func:`escape` or :func:`link`. Nothing else in the project may concatenate content
into markup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias
from urllib.parse import urlsplit

from markupsafe import Markup

ALLOWED_SCHEMES = frozenset({"http", "https"})
_DOI_PATTERN = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.I)
# Bidi overrides and other invisible format characters can disguise a link's text.
_FORMAT_CHARS = {"Cf"}


def strip_invisible(text: str) -> str:
    """Remove control and bidi/format characters (keeps ordinary whitespace)."""
    return "".join(
        ch for ch in text if ch in "\n\t " or unicodedata.category(ch) not in _FORMAT_CHARS | {"Cc"}
    )


#: HTML that may be rendered: built only by the escaping builders (this module,
#: ``views/rendering.py``, ``stats/report.py``). ``markupsafe`` keeps it safe under
#: formatting: ``SafeHtml("<td>{}</td>").format(x)`` escapes ``x``.
SafeHtml: TypeAlias = Markup


def escape(text: object) -> SafeHtml:
    """Escape any value for use as HTML text or a quoted attribute value.

    Invisible format characters are removed first; text that is already ``SafeHtml`` is kept.

    Examples
    --------
    >>> escape('<b title="x">'), escape(None), escape(SafeHtml("<i>ok</i>"))
    (Markup('&lt;b title=&quot;x&quot;&gt;'), Markup(''), Markup('<i>ok</i>'))
    """
    if text is None:
        return Markup("")
    if isinstance(text, Markup):
        return text
    return Markup(html.escape(strip_invisible(str(text)), quote=True))


def normalize_doi(value: str) -> str | None:
    """Return the bare DOI (``10.xxxx/...``) from a DOI, ``doi:`` form or doi.org URL, else None."""
    match = _DOI_PATTERN.match(strip_invisible(value).strip())
    return match.group(1) if match else None


def safe_url(value: object) -> str | None:
    """Return the URL if it is a plain http(s) URL or a DOI (as https://doi.org/...), else None.

    Whitespace and control characters inside the scheme (``java\\tscript:``) are rejected rather
    than repaired, so that nothing a browser would read as another scheme gets through.
    """
    if value is None:
        return None
    text = strip_invisible(str(value)).strip()
    if not text:
        return None
    doi = normalize_doi(text)
    if doi is not None:
        return "https://doi.org/" + doi
    if any(ch.isspace() for ch in text) or any(ord(ch) < 32 for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.netloc:
        return None
    if "\\" in text or "<" in text or ">" in text or '"' in text or "'" in text or "`" in text:
        return None
    return text


def link(text: object, url: object, *, title: object | None = None) -> SafeHtml:
    """An ``<a>`` element when the URL is allowed, or just the escaped text when it is not."""
    href = safe_url(url)
    label = escape(text)
    if href is None:
        return label
    title_attr = Markup(' title="{}"').format(escape(title)) if title else Markup("")
    return Markup('<a href="{}"{} rel="noopener noreferrer" target="_blank">{}</a>').format(
        escape(href), title_attr, label
    )


_STYLE = "border-collapse:collapse;font-size:0.9em;margin:0.3em 0;font-variant-numeric:tabular-nums"
_CELL = "padding:0.15em 0.7em;text-align:left;vertical-align:top"
_CAPTION = "caption-side:top;text-align:left;font-weight:bold;padding-bottom:0.3em"


def html_row(values: Sequence[Any], tag: str = "td", colspan: int | None = None) -> Markup:
    """One ``<tr>`` of escaped cells (``tag`` is ``td`` or ``th``)."""
    tag = "th" if tag == "th" else "td"
    span = Markup(' colspan="{}"').format(int(colspan)) if colspan else Markup("")
    cell = Markup('<{0}{1} style="{2}">{3}</{0}>')
    return Markup("<tr>{}</tr>").format(
        Markup("").join(cell.format(Markup(tag), span, _CELL, escape(v)) for v in values)
    )


def wide_row(label: Any, text: Any, columns: int) -> Markup:
    """A row with a header cell and one cell spanning the remaining columns."""
    cell = Markup('<td colspan="{}" style="{}">{}</td>').format(
        max(columns - 1, 1), _CELL, escape(text)
    )
    return Markup('<tr><th style="{}">{}</th>{}</tr>').format(_CELL, escape(label), cell)


def html_table(caption: Any, head: Sequence[Any], body: Iterable[Markup]) -> Markup:
    """A compact table with a caption, an optional header row and pre-built body rows."""
    header = Markup("<thead>{}</thead>").format(html_row(head, "th")) if head else Markup("")
    return Markup(
        '<table class="evidence-dashboard" style="{}"><caption style="{}">{}</caption>'
        "{}<tbody>{}</tbody></table>"
    ).format(_STYLE, _CAPTION, escape(caption), header, Markup("").join(body))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^\"'])")


def escape_markdown(text: object) -> str:
    """Backslash-escape every Markdown/Streamlit directive character, so text shows as typed.

    Examples
    --------
    >>> escape_markdown("[x](javascript:alert(1)) *b*")
    '\\\\[x\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\) \\\\*b\\\\*'
    """
    if text is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", strip_invisible(str(text)).replace("\n", " "))
