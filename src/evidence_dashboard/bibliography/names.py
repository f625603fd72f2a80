"""Personal and corporate names from BibTeX ``author``/``editor`` fields."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person

from evidence_dashboard.bibliography.latex import decode_latex

_INITIALS_ONLY = re.compile(r"^[A-Z]{1,3}$")
_WHITESPACE = re.compile(r"\s+")
#: Generational suffixes that AMA and NLM print after the initials ("Ray WA Jr").
_SUFFIX = re.compile(r"^(?:jr|sr|jnr|snr|ii|iii|iv|v|vi)\.?,?$", re.I)


def _suffix_text(value: str) -> str:
    """``"Jr."`` -> ``"Jr"``, ``"iii"`` -> ``"III"``: no punctuation, roman numerals upper."""
    bare = value.strip().rstrip(".,")
    return bare.upper() if bare.lower().strip("iv") == "" else bare.capitalize()


@dataclass(frozen=True, slots=True)
class Name:
    """One name from an author or editor list.

    Parameters
    ----------
    first : str
        First given name (``"Maurits"``), or ``""``.
    middle : str
        Further given names or initials (``"W."``), or ``""``.
    prefix : str
        The "von" part (``"van"``, ``"de"``), or ``""``.
    last : str
        Surname, or the whole name of a group author.
    suffix : str
        The "Jr" part, or ``""``.
    is_corporate : bool
        True for a group author written in braces (``{{Roche Laboratories Inc.}}``).
    is_others : bool
        True for the ``and others`` marker.

    Examples
    --------
    >>> name = parse_names("van Tulder, Maurits W.")[0]
    >>> (name.prefix, name.last, name.initials())
    ('van', 'Tulder', 'MW')
    """

    first: str = ""
    middle: str = ""
    prefix: str = ""
    last: str = ""
    suffix: str = ""
    is_corporate: bool = False
    is_others: bool = False

    @property
    def given(self) -> str:
        """All given names, space-separated."""
        return " ".join(part for part in (self.first, self.middle) if part)

    @property
    def surname(self) -> str:
        """Prefix and surname as written (``"van Tulder"``, ``"van der Velde"``)."""
        return " ".join(part for part in (self.prefix, self.last) if part)

    def initials(self, *, keep_hyphen: bool = False) -> str:
        """Initials of the given names without periods or spaces.

        Parameters
        ----------
        keep_hyphen : bool
            Write hyphenated given names as ``"J-P"`` instead of ``"JP"``. Both AMA and NLM
            (Citing Medicine, as in PubMed) drop the hyphen, so the styles use the default.

        Examples
        --------
        >>> parse_names("Dupont, Jean-Pierre")[0].initials()
        'JP'
        >>> parse_names("Dupont, Jean-Pierre")[0].initials(keep_hyphen=True)
        'J-P'
        >>> [parse_names(n)[0].initials() for n in ("Smith, JC", "Smith, J. C.", "Smith, J.C.")]
        ['JC', 'JC', 'JC']
        """
        letters: list[str] = []
        for token in self.given.split():
            stripped = token.replace(".", "")
            if _INITIALS_ONLY.match(stripped):
                letters.append(stripped)
                continue
            pieces = [piece for piece in re.split(r"[.]", token) if piece]
            for piece in pieces:
                parts = [part for part in piece.split("-") if part]
                initials = [_first_letter(part) for part in parts]
                joined = ("-" if keep_hyphen else "").join(i for i in initials if i)
                letters.append(joined)
        return "".join(letters)


def _first_letter(word: str) -> str:
    for char in word:
        if char.isalpha():
            return char.upper()
    return ""


def _is_braced_whole(name: str) -> bool:
    """True when the whole name is one brace group: ``{World Health Organization}``."""
    name = name.strip()
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(name):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and index != len(name) - 1:
                return False
    return depth == 0


def parse_name(raw: str) -> Name:
    """Parse one raw BibTeX name (LaTeX allowed) into a :class:`Name`.

    Examples
    --------
    >>> parse_name("{{Roche Laboratories Inc.}}")
    Name(first='', middle='', prefix='', last='Roche Laboratories Inc.', suffix='', is_corporate=True, is_others=False)
    >>> parse_name(r"Lanct{\\^o}t, Krista L.").last
    'Lanctôt'
    """
    raw = raw.strip()
    if raw.lower() == "others":
        return Name(is_others=True)
    if _is_braced_whole(raw):
        return Name(last=decode_latex(raw), is_corporate=True)
    person = Person(raw)
    given = person.first_names + person.middle_names
    last = list(person.last_names)
    lineage = list(person.lineage_names)
    if "," in raw:
        if lineage and given and _SUFFIX.match(given[-1]) and not _SUFFIX.match(lineage[-1]):
            # "Ray, W. A., Jr" (PubMed, some editors) is read as Last, Jr, First: swap back.
            given, lineage = lineage, given
    elif last and _SUFFIX.match(last[-1]):
        # "John C. Dunn III": the suffix is the last word, not the surname.
        if len(last) > 1:
            last, lineage = last[:-1], [last[-1]]
        elif given:
            last, lineage, given = [given[-1]], last, given[:-1]

    def text(parts: list[str]) -> str:
        return decode_latex(" ".join(parts))

    return Name(
        first=text(given[:1]),
        middle=text(given[1:]),
        prefix=text(person.prelast_names),
        last=text(last),
        suffix=_suffix_text(text(lineage)) if lineage else "",
    )


def parse_names(raw: str) -> tuple[Name, ...]:
    """Split a raw ``author``/``editor`` value on top-level ``and`` and parse each name.

    Examples
    --------
    >>> [n.surname for n in parse_names("de Vries, Max and {van der Velde}, Nathalie")]
    ['de Vries', 'van der Velde']
    >>> parse_names("Golden, Adam and others")[1].is_others
    True
    """
    # Exporters wrap long author lists: "and" may sit between newlines, tabs and indentation.
    flat = _WHITESPACE.sub(" ", raw).strip()
    return tuple(parse_name(name) for name in split_name_list(flat) if name.strip())
