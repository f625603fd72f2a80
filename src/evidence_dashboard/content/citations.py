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

import difflib
import re
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field

from evidence_dashboard.bibliography import Reference, format_reference, resolve_key
from evidence_dashboard.errors import Problem, Severity
from evidence_dashboard.safe_html import escape

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


def _replace(text: str, render: Callable[[CitationCluster], str]) -> str:
    out: list[str] = []
    position = 0
    for cluster in find_citation_clusters(text):
        out.append(text[position : cluster.start])
        out.append(render(cluster))
        position = cluster.end
    out.append(text[position:])
    return "".join(out)


def replace_citations_text(text: str, numbering: CitationNumbering) -> str:
    """Replace each cluster with ``[1,2]`` (unnumbered keys as ``[?key]``).

    Examples
    --------
    >>> numbering = CitationNumbering.from_texts(["[@a] [@b] [@c]"])
    >>> replace_citations_text("Risk rose [@c; @a; @b] and [@zz].", numbering)
    'Risk rose [1-3] and [?zz].'
    """

    def render(cluster: CitationCluster) -> str:
        numbers = numbering.cluster_numbers(cluster)
        missing = [k for k in cluster.keys if numbering.number(k) is None]
        parts = [f"[{format_numbers(numbers)}]"] if numbers else []
        parts += [f"[?{key}]" for key in missing]
        return "".join(parts)

    return _replace(text, render)


def render_citations_html(
    text: str,
    numbering: CitationNumbering,
    references: Mapping[str, Reference],
    style: str = "ama",
) -> str:
    """Replace each cluster in already-safe text with superscript citation links.

    Each number links to ``#ref-KEY`` with the escaped plain-text reference as its hover
    ``title``. In a range (``3-5``) the first and last numbers are links, joined by a
    hyphen. Keys that are not numbered or not in ``references`` render as
    ``<sup class="citation missing">[?key]</sup>``. Only markup built from escaped values is
    inserted; the rest of ``text`` is left exactly as given (the caller makes it safe).

    Examples
    --------
    >>> from evidence_dashboard.bibliography import parse_bibtex
    >>> refs = parse_bibtex("@misc{a, title={A <b>}}", "x.bib").references
    >>> numbering = CitationNumbering.from_texts(["[@a]"])
    >>> print(render_citations_html("Text [@a] [@x<y].", numbering, refs))
    Text <sup class="citation"><a href="#ref-a" title="A &lt;b&gt;.">1</a></sup> <sup class="citation missing">[?x&lt;y]</sup>.
    """
    titles: dict[str, str] = {}
    by_number: dict[int, str] = {}
    for key, number in numbering.numbers.items():
        reference = resolve_key(references, key)
        if reference is not None:
            titles[key] = format_reference(reference, style).text
            by_number[number] = key

    def anchor(number: int) -> str:
        key = by_number[number]
        return f'<a href="#ref-{escape(key)}" title="{escape(titles[key])}">{number}</a>'

    def render(cluster: CitationCluster) -> str:
        numbers = [n for n in numbering.cluster_numbers(cluster) if n in by_number]
        missing = [
            k
            for k in dict.fromkeys(cluster.keys)
            if numbering.number(k) is None or numbering.number(k) not in by_number
        ]
        pieces = [
            f"{anchor(run[0])}-{anchor(run[-1])}"
            if len(run) >= 3
            else ",".join(anchor(n) for n in run)
            for run in _runs(numbers)
        ]
        html = f'<sup class="citation">{",".join(pieces)}</sup>' if pieces else ""
        for key in missing:
            html += f'<sup class="citation missing">[?{escape(key)}]</sup>'
        return html

    return _replace(text, render)


def citation_problems(
    texts_with_lines: Iterable[tuple[str, int]],
    references: Mapping[str, Reference],
    path: str,
) -> list[Problem]:
    """Problems for cited keys that are in no bibliography, with close-match hints.

    Parameters
    ----------
    texts_with_lines : iterable of (str, int)
        Each text with the 1-based file line its first line is on.
    references : Mapping[str, Reference]
        The known references.
    path : str
        The article's path, for the problems.

    Examples
    --------
    >>> from evidence_dashboard.bibliography import parse_bibtex
    >>> refs = parse_bibtex("@misc{Glass2005, title={T}}", "x.bib").references
    >>> for p in citation_problems([("Intro\\nSee [@Glas2005].", 10)], refs, "a.md"):
    ...     print(p)
    a.md:11: citation key 'Glas2005' must match an entry in the bibliography. Got an unknown key instead. Hint: Did you mean 'Glass2005'?
    """
    keys = list(references)
    lowered = {k.lower(): k for k in keys}
    problems: list[Problem] = []
    for text, first_line in texts_with_lines:
        for cluster in find_citation_clusters(text):
            for key in cluster.keys:
                if resolve_key(references, key) is not None:
                    continue
                close = difflib.get_close_matches(key.lower(), list(lowered), n=3, cutoff=0.6)
                hint = (
                    "Did you mean " + " or ".join(f"'{lowered[c]}'" for c in close) + "?"
                    if close
                    else "Add the entry to a .bib file or correct the key."
                )
                problems.append(
                    Problem(
                        path,
                        first_line + cluster.line - 1,
                        f"citation key '{key}' must match an entry in the bibliography. "
                        "Got an unknown key instead.",
                        hint=hint,
                        item=key,
                    )
                )
    return problems


def unused_reference_problems(
    references: Mapping[str, Reference],
    cited_keys: Iterable[str],
    path_for_ref: str | Callable[[Reference], str] | None = None,
) -> list[Problem]:
    """Warnings for references that no text cites.

    Parameters
    ----------
    references : Mapping[str, Reference]
        The known references.
    cited_keys : iterable of str
        Every key cited anywhere (compared without regard to case).
    path_for_ref : str or callable, optional
        The path to report (a fixed string, or a function of the reference); default: the
        reference's own ``path``.

    Examples
    --------
    >>> from evidence_dashboard.bibliography import parse_bibtex
    >>> refs = parse_bibtex("@misc{a, title={A}}\\n@misc{b, title={B}}", "r.bib").references
    >>> [str(p) for p in unused_reference_problems(refs, ["A"])]
    ["r.bib:2: reference 'b' is never cited. Hint: Cite it as [@b] or remove it."]
    """
    cited = {key.lower() for key in cited_keys}
    problems: list[Problem] = []
    for key, reference in references.items():
        if key.lower() in cited:
            continue
        if callable(path_for_ref):
            where = path_for_ref(reference)
        else:
            where = path_for_ref if path_for_ref is not None else reference.path
        problems.append(
            Problem(
                where,
                reference.line,
                f"reference '{key}' is never cited.",
                hint=f"Cite it as [@{key}] or remove it.",
                severity=Severity.WARNING,
                item=key,
            )
        )
    return problems
