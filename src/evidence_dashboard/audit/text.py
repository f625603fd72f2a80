"""A claim's text as the reader sees it, split into sentences that remember their source line.

``{{ID}}`` value tokens are replaced with the same text the article page shows
(:func:`evidence_dashboard.stats.report.value_text`), citations and Markdown markup are removed, and
every character keeps a pointer back into the file so a finding names the right line.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from evidence_dashboard.content.articles import VALUE_TOKEN
from evidence_dashboard.content.citations import find_citation_clusters
from evidence_dashboard.stats.report import value_text

# Markup that is not read: emphasis markers, heading hashes and list bullets at a line start.
_MARKUP = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|^\s*#{1,6}\s+|^\s*[-*+]\s+", re.M)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*+]\s)")
_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "approx.", "et al.", "Dr.", "cf.", "No.")
_CLAUSE_BREAK = re.compile(
    r";|:\s|,\s+(?:while|whereas|but|although|though)\b|\s+(?:while|whereas)\s+|"
    r",\s+and\s+(?=(?:in|among|for)\s)",
    re.I,
)
# Hard breaks end what a clause's words can refer to; a colon only introduces the figures.
_HARD_BREAK = re.compile(
    r";|,\s+(?:while|whereas|but|although|though)\b|\s+(?:while|whereas)\s+|"
    r",\s+and\s+(?=(?:in|among|for)\s)",
    re.I,
)


MISSING_VALUE = "[missing value]"


def token_rows(text: str) -> tuple[str, ...]:
    """The row ids a passage's ``{{ID}}`` tokens name: the reader sees them, so they are cited."""
    return tuple(dict.fromkeys(m.group("id") for m in VALUE_TOKEN.finditer(text)))


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of rendered text and the file line it starts on."""

    text: str
    line: int
    offset: int  # where the sentence starts in the rendered passage


@dataclass(frozen=True, slots=True)
class RenderedText:
    """Rendered text plus, for each anchor, the source offset it came from."""

    text: str
    anchors: tuple[tuple[int, int], ...]  # (rendered offset, source offset), increasing
    source: str
    first_line: int

    def line_of(self, offset: int) -> int:
        """The file line of a rendered offset."""
        keys = [a[0] for a in self.anchors]
        index = max(bisect.bisect_right(keys, offset) - 1, 0)
        rendered_at, source_at = self.anchors[index] if self.anchors else (0, 0)
        source_offset = source_at + (offset - rendered_at)
        source_offset = min(max(source_offset, 0), len(self.source))
        return self.first_line + self.source.count("\n", 0, source_offset)


def render_claim_text(
    text: str, rows: Mapping[str, Mapping[str, object]], first_line: int = 1
) -> RenderedText:
    """Replace value tokens, drop citations and markup; keep a map back to the source.

    Examples
    --------
    >>> r = render_claim_text("Falls **rose** ({{A}}) [@Key].", {"A": {"measure": "OR",
    ...     "estimate_text": "1.42"}})
    >>> r.text
    'Falls rose (OR 1.42).'
    """
    spans: list[tuple[int, int, str]] = []
    for cluster in find_citation_clusters(text):
        start = cluster.start
        while start > 0 and text[start - 1] == " ":
            start -= 1  # the space before a citation goes with it
        spans.append((start, cluster.end, ""))
    for match in VALUE_TOKEN.finditer(text):
        row = rows.get(match.group("id"))
        shown = value_text(row, match.group("field")) if row is not None else ""
        # A token whose row is unknown is reported by the content check; its id is no figure.
        spans.append((match.start(), match.end(), shown or MISSING_VALUE))
    spans += [(m.start(), m.end(), "") for m in _MARKUP.finditer(text)]
    spans.sort()
    out: list[str] = []
    anchors: list[tuple[int, int]] = [(0, 0)]
    cursor = 0
    length = 0
    for start, end, replacement in spans:
        if start < cursor:
            continue
        out.append(text[cursor:start])
        length += start - cursor
        anchors.append((length, start))
        out.append(replacement)
        length += len(replacement)
        anchors.append((length, end))
        cursor = end
    out.append(text[cursor:])
    rendered = "".join(out).replace("\u00a0", " ")
    return RenderedText(rendered, tuple(anchors), text, first_line)


def split_sentences(rendered: RenderedText) -> list[Sentence]:
    """Split rendered text into sentences (list items are sentences of their own)."""
    text = rendered.text
    cuts = [0]
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start() + 1]
        if any(before.endswith(a) for a in _ABBREVIATIONS):
            continue
        cuts.append(match.end())
    cuts.append(len(text))
    sentences: list[Sentence] = []
    for start, end in itertools.pairwise(cuts):
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        body = " ".join(chunk.split())
        if body:
            # Newlines become spaces for matching; the line comes from the first character.
            sentences.append(Sentence(body, rendered.line_of(start + lead), start + lead))
    return sentences


def clauses(sentence: str, hard: bool = False) -> list[tuple[int, int]]:
    """Spans of a sentence's clauses (split at ';', ': ', ', while', ', but' and the like).

    With ``hard``, a colon does not split: "link benzodiazepines with falls: OR 1.41" is one.
    """
    cuts = [0]
    for match in (_HARD_BREAK if hard else _CLAUSE_BREAK).finditer(sentence):
        cuts.append(match.end())
    cuts.append(len(sentence))
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def clause_of(sentence: str, position: int, hard: bool = False) -> tuple[int, int]:
    """The clause holding a character position."""
    for start, end in clauses(sentence, hard):
        if start <= position < end:
            return start, end
    return 0, len(sentence)
