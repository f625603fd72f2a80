"""Turning BibTeX field values (LaTeX markup) into plain Unicode for display.

Accents and escapes are decoded with :mod:`latexcodec` (a pybtex dependency); formatting
commands such as ``\\emph{...}`` keep their text; protective braces (``{DNA}``) are removed.
Identifier fields (URL, DOI, PMID, ...) are *not* LaTeX-decoded: only the usual exporter
escapes (``\\_``, ``\\%``, ``\\&``, ``\\#``) are undone, so ``--`` in a URL stays ``--``.
"""

from __future__ import annotations

import codecs
import re

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

#: Fields holding identifiers or addresses rather than prose.
VERBATIM_FIELDS = frozenset(
    {"url", "doi", "eprint", "file", "pmid", "pmcid", "isbn", "issn", "urldate", "crossref"}
)

_OPEN, _CLOSE = "\ue000", "\ue001"  # stand-ins for escaped braces while braces are stripped
_TEXT_COMMANDS = re.compile(
    r"\\(?:textit|textbf|textsc|textrm|textsf|texttt|textup|textnormal|emph|mbox|url|"
    r"mathrm|mathit|mathbf|ensuremath|NoCaseChange|MakeUppercase|MakeLowercase)\s*(?=\{)"
)
_HREF = re.compile(r"\\href\s*\{[^{}]*\}\s*")
_LEFTOVER_COMMAND = re.compile(r"\\[A-Za-z]+\s*")
_VERBATIM_ESCAPES = re.compile(r"\\([_%&#$~{}])")
_SPACES = re.compile(r"\s+")
#: Text-mode symbol commands that latexcodec drops or mangles, with their characters.
_SYMBOLS = {
    "textquotedblleft": "\u201c",
    "textquotedblright": "\u201d",
    "textquoteleft": "\u2018",
    "textquoteright": "\u2019",
    "textquotesingle": "'",
    "textquotedbl": '"',
    "guillemotleft": "\u00ab",
    "guillemotright": "\u00bb",
    "textendash": "\u2013",
    "textemdash": "\u2014",
    "textregistered": "\u00ae",
    "texttrademark": "\u2122",
    "textcopyright": "\u00a9",
    "textdegree": "\u00b0",
    "textbullet": "\u2022",
    "textellipsis": "\u2026",
    "ldots": "\u2026",
    "dots": "\u2026",
    "textasciitilde": "~",
    "textunderscore": "_",
    "textpm": "\u00b1",
    "textmu": "\u00b5",
    "textgreater": ">",
    "textless": "<",
    "textperiodcentered": "\u00b7",
    "textsection": "\u00a7",
    "textdagger": "\u2020",
    "textbar": "|",
}
# A symbol command, with an optional empty group or one space after it ("\\ldots{}", "\\S ").
_SYMBOL = re.compile(
    r"\\(" + "|".join(sorted(_SYMBOLS, key=len, reverse=True)) + r")(?![A-Za-z])(?:\{\}| )?"
)
# Dotless i and j under an accent: latexcodec turns \\'{\\i} into "'ı"; \\'{i} gives "í".
_DOTLESS = re.compile(r"\{\\([ij])\}|\\([ij])(?![A-Za-z])\s?")


def _strip_braces(text: str) -> str:
    return text.replace("{", "").replace("}", "").replace(_OPEN, "{").replace(_CLOSE, "}")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def decode_latex(value: str) -> str:
    """Decode LaTeX accents, escapes and commands in a prose field value to plain Unicode.

    Parameters
    ----------
    value : str
        The raw field value as written in the .bib file (macros already expanded).

    Returns
    -------
    str
        Unicode text without protective braces and with whitespace collapsed.

    Examples
    --------
    >>> decode_latex(r"D{\\'e}sir{\\'e}e and {\\\"U}ber {DNA} \\& 50\\% \\emph{in vitro}")
    'Désirée and Über DNA & 50% in vitro'
    >>> decode_latex("1978--1992")
    '1978–1992'
    """
    text = value.replace(r"\{", _OPEN).replace(r"\}", _CLOSE).replace(r"\$", "\ue002")
    text = _HREF.sub("", text)
    text = _SYMBOL.sub(lambda m: _SYMBOLS[m[1]], text)
    text = _DOTLESS.sub(lambda m: m[1] or m[2], text)
    text = _TEXT_COMMANDS.sub("", text)
    try:
        decoded = codecs.decode(text, "ulatex")
    except (ValueError, UnicodeDecodeError):
        decoded = _VERBATIM_ESCAPES.sub(r"\1", text)
    decoded = _LEFTOVER_COMMAND.sub("", decoded).replace("\\", "")
    decoded = _strip_braces(decoded).replace("\ue002", "$")
    return _squash(decoded)


def decode_verbatim(value: str) -> str:
    """Undo exporter escapes in an identifier field (URL, DOI) without LaTeX decoding.

    Examples
    --------
    >>> decode_verbatim(r"{https://example.org/a\\_b--c?x=1\\&y=2}")
    'https://example.org/a_b--c?x=1&y=2'
    """
    text = _VERBATIM_ESCAPES.sub(lambda m: {"{": _OPEN, "}": _CLOSE}.get(m[1], m[1]), value)
    text = text.replace(r"{\textunderscore}", "_").replace(r"\textunderscore", "_")
    text = text.replace(r"{\textasciitilde}", "~").replace(r"\textasciitilde", "~")
    return _strip_braces(text).strip()


def decode_field(name: str, value: str) -> str:
    """Decode one field value: verbatim for identifier fields, LaTeX-decoded otherwise.

    Examples
    --------
    >>> decode_field("doi", r"10.1000/a\\_b")
    '10.1000/a_b'
    >>> decode_field("title", r"{\\c{C}}a va")
    'Ça va'
    """
    if name.lower() in VERBATIM_FIELDS:
        return decode_verbatim(value)
    return decode_latex(value)
