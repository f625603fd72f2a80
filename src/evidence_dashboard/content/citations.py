"""Pandoc-style citations in article text: finding, numbering, rendering, checking.

Article bodies cite with ``[@key]``, ``[@a; @b]`` or ``[@key, p. 5]``. Each key gets a number
in order of first appearance (a repeated key keeps its number). Numbers are written AMA-style:
sorted, duplicates removed, three or more consecutive numbers collapsed to a range with a
plain hyphen-minus (``1-3,5,7-9``), two consecutive numbers kept apart (``1,2``). The same
hyphen is used in text, Markdown and HTML.

Not citations: ``\\[@x]`` (escaped), anything inside inline code or fenced code blocks, e-mail
addresses (``a@b.com``), and brackets in which some part has no ``@key``.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field

_KEY = r"[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*"
_KEY_TRAILING = ":.#$%&+?<>~/-"
_BRACKETS = re.compile(r"\[([^\[\]]*@[^\[\]]*)\]")
_ITEM = re.compile(rf"^(?P<prefix>.*?)(?<![A-Za-z0-9_.@])-?@(?P<key>{_KEY})(?P<rest>.*)$", re.S)
_CODE = re.compile(r"(?ms)^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$|(`+)(?:(?!\2).)+?\2")


@dataclass(frozen=True, slots=True)
class CitationCluster:
    """One bracketed citation such as ``[@a; @b, p. 5]``.

    Parameters
    ----------
    keys : tuple of str
        Cited keys in the order written.
    locators : tuple of (str or None)
        The locator after each key (``"p. 5"``), or None.
    start, end : int
        Character offsets of the whole ``[...]`` in the text.
    line : int
        1-based line of ``start`` within the text.
    """

    keys: tuple[str, ...]
    locators: tuple[str | None, ...]
    start: int
    end: int
    line: int


def _code_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CODE.finditer(text)]


def _parse_item(item: str) -> tuple[str, str | None] | None:
    match = _ITEM.match(item.strip())
    if match is None:
        return None
    key = match["key"]
    rest = match["rest"]
    stripped = key.rstrip(_KEY_TRAILING)
    if not stripped:
        return None
    rest = key[len(stripped) :] + rest
    locator = rest.strip()
    if locator.startswith(","):
        locator = locator[1:].strip()
    return stripped, (locator or None)


def find_citation_clusters(text: str) -> list[CitationCluster]:
    """Find every Pandoc-style citation cluster in a text.

    Parameters
    ----------
    text : str
        Markdown (or already-escaped HTML) text.

    Returns
    -------
    list of CitationCluster
        In text order.

    Examples
    --------
    >>> [c.keys for c in find_citation_clusters("Falls rose [@a; @b, p. 5].\\nSee [@c].")]
    [('a', 'b'), ('c',)]
    >>> find_citation_clusters("[@b, p. 5]")[0].locators
    ('p. 5',)
    >>> find_citation_clusters(r"mail a@b.com, \\[@x], `[@y]`, [see a@b.com]")
    []
    """
    spans = _code_spans(text)
    clusters: list[CitationCluster] = []
    for match in _BRACKETS.finditer(text):
        start = match.start()
        backslashes = len(text[:start]) - len(text[:start].rstrip("\\"))
        if backslashes % 2 == 1:
            continue
        if any(a <= start < b for a, b in spans):
            continue
        if match.end() < len(text) and text[match.end()] in "(":
            continue  # a Markdown link [text @x](url), not a citation
        items = [_parse_item(part) for part in match.group(1).split(";")]
        if not items or any(item is None for item in items):
            continue
        keys = tuple(item[0] for item in items if item)
        locators = tuple(item[1] for item in items if item)
        clusters.append(
            CitationCluster(keys, locators, start, match.end(), text.count("\n", 0, start) + 1)
        )
    return clusters


def format_numbers(numbers: Iterable[int]) -> str:
    """Write citation numbers AMA-style: runs of 3+ become ranges with a hyphen.

    Examples
    --------
    >>> format_numbers([1, 2, 5]), format_numbers([3, 4, 5]), format_numbers([1, 2])
    ('1,2,5', '3-5', '1,2')
    >>> format_numbers([9, 1, 2, 3, 5, 7, 8, 3])
    '1-3,5,7-9'
    """
    return ",".join(
        f"{run[0]}-{run[-1]}" if len(run) >= 3 else ",".join(map(str, run))
        for run in _runs(numbers)
    )


def _runs(numbers: Iterable[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


@dataclass(frozen=True, slots=True)
class CitationNumbering:
    """Citation numbers by key, in order of first appearance.

    Examples
    --------
    >>> numbering = CitationNumbering.from_texts(["[@b; @a]", "[@c] and [@b]"])
    >>> numbering.order, numbering.number("c")
    (('b', 'a', 'c'), 3)
    """

    numbers: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_texts(
        cls, texts: Iterable[str], known: Container[str] | None = None
    ) -> CitationNumbering:
        """Number the keys cited in ``texts``; with ``known``, only keys in it get numbers.

        Passing the bibliography's keys as ``known`` keeps unknown keys from using up numbers
        (they render as missing instead), so the numbered list has no gaps.
        """
        numbers: dict[str, int] = {}
        for text in texts:
            for cluster in find_citation_clusters(text):
                for key in cluster.keys:
                    if key in numbers or (known is not None and key not in known):
                        continue
                    numbers[key] = len(numbers) + 1
        return cls(numbers)

    @property
    def order(self) -> tuple[str, ...]:
        """Keys in number order."""
        return tuple(sorted(self.numbers, key=self.numbers.__getitem__))

    def number(self, key: str) -> int | None:
        """The number of a key, or None if it was not numbered."""
        return self.numbers.get(key)

    def cluster_numbers(self, cluster: CitationCluster) -> list[int]:
        """Sorted, de-duplicated numbers of a cluster's numbered keys."""
        return sorted({self.numbers[k] for k in cluster.keys if k in self.numbers})
