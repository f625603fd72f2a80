"""The one place that builds HTML from content: every field escaped, only http, https and DOI links.

Anything from content (titles, authors, URLs, notes, CSV strings) that must end up inside HTML
goes through :func:`escape` or :func:`link`. Nothing else in the project may concatenate content
into markup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https"})
_DOI_PATTERN = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.I)
# Bidi overrides and other invisible format characters can disguise a link's text.
_FORMAT_CHARS = {"Cf"}


def strip_invisible(text: str) -> str:
    """Remove control and bidi/format characters (keeps ordinary whitespace)."""
    return "".join(
        ch for ch in text if ch in "\n\t " or unicodedata.category(ch) not in _FORMAT_CHARS | {"Cc"}
    )


def escape(text: object) -> str:
    """Escape any value for use as HTML text or a quoted attribute value."""
    if text is None:
        return ""
    return html.escape(strip_invisible(str(text)), quote=True)


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


def link(text: object, url: object, *, title: object | None = None) -> str:
    """An ``<a>`` element when the URL is allowed, or just the escaped text when it is not."""
    href = safe_url(url)
    label = escape(text)
    if href is None:
        return label
    title_attr = f' title="{escape(title)}"' if title else ""
    return f'<a href="{escape(href)}"{title_attr} rel="noopener noreferrer" target="_blank">{label}</a>'


class SafeHtml(str):
    """HTML built only from escaped content by this module or its callers' escaping builders.

    The UI renders a string as HTML only when it is a ``SafeHtml``; anything else is shown as text.
    """

    __slots__ = ()


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
