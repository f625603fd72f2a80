"""An article's Markdown body read into blocks: plain text, claims, audience passages, versions.

Body syntax (Pandoc-style fenced divs)::

    ::: {.claim #falls evidence="FA-01 FA-02" title="Falls"}
    Default (clinician) text of the claim, citing [@Seppala2018] and quoting {{FA-02}}.
    :::: {.version for="patient"}
    The patient's text of the same claim; it replaces the default text for patients.
    ::::
    :::

    ::: {.audience for="patient"}
    A passage only patients see.
    :::

A version replaces its claim's default text for one audience; it sits beside nothing. The lines
a version occupies are kept as blank lines in the default text, so every line number in either
text still points at the right line of the file.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from evidence_dashboard import schema
from evidence_dashboard.errors import Problem, Severity

FENCE_OPEN = re.compile(r"^:{3,}\s*\{(?P<attrs>[^}]*)\}\s*:*\s*$")
FENCE_CLOSE = re.compile(r"^:{3,}\s*$")
VALUE_TOKEN = re.compile(r"\{\{\s*(?P<id>[A-Za-z0-9_.:-]+?)(?:\.(?P<field>[a-z_]+))?\s*\}\}")
BLOCK_CLASSES = ("claim", "audience", "version")
POOL_METHODS = schema.values(schema.POOL_METHODS)

V = TypeVar("V")


class FrozenMap(Mapping[str, V]):
    """A small immutable, hashable, picklable mapping that keeps insertion (source) order."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, V] | tuple[tuple[str, V], ...] = ()) -> None:
        pairs = tuple(items.items()) if isinstance(items, Mapping) else tuple(items)
        self._items: tuple[tuple[str, V], ...] = pairs

    def __getitem__(self, key: str) -> V:
        for k, v in self._items:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._items) == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({dict(self._items)!r})"

    def __reduce__(self) -> tuple[type, tuple[tuple[tuple[str, V], ...]]]:
        return (FrozenMap, (self._items,))


@dataclass(frozen=True, slots=True)
class Block:
    """A run of Markdown: plain text, a claim tied to evidence rows, or an audience-only passage.

    ``audiences`` is empty when every audience sees the block. ``versions`` maps an audience to
    the text that replaces ``text`` for that audience (claims only, in source order), and
    ``version_lines`` gives the file line where each version's text starts.
    """

    text: str
    line: int
    claim_id: str | None = None
    claim_title: str | None = None
    evidence_ids: tuple[str, ...] = ()
    audiences: frozenset[str] = frozenset()
    pool_method: str | None = None
    versions: FrozenMap[str] = field(default_factory=FrozenMap)
    version_lines: FrozenMap[int] = field(default_factory=FrozenMap)

    def visible_to(self, audience: str) -> bool:
        """Whether readers of the given audience see this block."""
        return not self.audiences or audience in self.audiences

    def text_for(self, audience: str) -> str:
        """The text this audience reads: its version if the claim has one, else ``text``."""
        return self.versions.get(audience, self.text)

    def texts(self) -> tuple[tuple[str, int], ...]:
        """Every text of the block with the file line it starts on: default first, then versions."""
        return (
            (self.text, self.line),
            *((t, self.version_lines[a]) for a, t in self.versions.items()),
        )


@dataclass
class _Div:
    kind: str
    line: int
    claim_id: str | None = None
    claim_title: str | None = None
    evidence_ids: tuple[str, ...] = ()
    audiences: frozenset[str] = frozenset()
    pool_method: str | None = None
    first_block: int = 0  # index in the block list where this div's blocks start
    audience: str | None = None  # for a version: the audience it is recorded under, if valid
    versions: dict[str, tuple[str, int]] = field(default_factory=dict)
    saved: tuple[list[str], int] | None = None  # the default text paused while a version is read


def _parse_attributes(text: str) -> tuple[list[str], str | None, dict[str, str]]:
    """Split ``.class #id key="value"`` into classes, id and key/value pairs."""
    classes: list[str] = []
    ident: str | None = None
    pairs: dict[str, str] = {}
    for token in shlex.split(text):
        if token.startswith("."):
            classes.append(token[1:])
        elif token.startswith("#"):
            ident = token[1:]
        elif "=" in token:
            key, _, value = token.partition("=")
            pairs[key.strip()] = value.strip()
        else:
            raise ValueError(f"unexpected attribute '{token}'")
    return classes, ident, pairs


def _audience_list(pairs: dict[str, str]) -> frozenset[str]:
    return frozenset(re.split(r"[\s,]+", pairs.get("for", "").strip())) - {""}


class _BodyParser:
    """Reads the body line by line, keeping a stack of open fenced divs."""

    def __init__(self, first_line: int, path: str):
        self.path = path
        self.blocks: list[Block] = []
        self.problems: list[Problem] = []
        self.stack: list[_Div] = []
        self.buffer: list[str] = []
        self.buffer_line = first_line

    def problem(
        self, line: int, message: str, column: str | None = None, hint: str | None = None
    ) -> None:
        self.problems.append(Problem(self.path, line, message, column=column, hint=hint))

    def claim(self) -> _Div | None:
        return next((d for d in reversed(self.stack) if d.kind == "claim"), None)

    def flush(self, next_line: int) -> None:
        text = "".join(self.buffer)
        if text.strip():
            claim = self.claim()
            audiences: frozenset[str] = frozenset()
            for div in self.stack:
                if div.kind == "audience":
                    audiences = div.audiences if not audiences else audiences & div.audiences
            self.blocks.append(
                Block(
                    text=text,
                    line=self.buffer_line,
                    claim_id=claim.claim_id if claim else None,
                    claim_title=claim.claim_title if claim else None,
                    evidence_ids=claim.evidence_ids if claim else (),
                    audiences=audiences,
                    pool_method=claim.pool_method if claim else None,
                )
            )
        self.buffer = []
        self.buffer_line = next_line

    def open(self, attrs: str, line_no: int) -> None:
        if self.stack and self.stack[-1].kind in ("version", "nested"):
            self.problem(
                line_no,
                "a version must hold plain Markdown, not another fenced block. Got "
                f"'{{{attrs.strip()}}}' inside it instead.",
                hint="close the version with '::::' before opening another block.",
            )
            self.stack.append(_Div("nested", line_no))
            return
        try:
            classes, ident, pairs = _parse_attributes(attrs)
        except ValueError as exc:
            self.flush(line_no + 1)
            self.problem(line_no, f"the block attributes must parse: {exc}.")
            self.stack.append(_Div("unknown", line_no))
            return
        kind = next((c for c in classes if c in BLOCK_CLASSES), None)
        if kind == "version":
            self._open_version(pairs, line_no)
            return
        self.flush(line_no + 1)
        if kind is None:
            self.problem(
                line_no,
                "a fenced block must be '.claim', '.audience' or '.version'. Got "
                f"'{attrs.strip()}' instead.",
            )
            self.stack.append(_Div("unknown", line_no))
        elif kind == "claim":
            self._open_claim(ident, pairs, line_no)
        else:
            wanted = _audience_list(pairs)
            allowed = set(schema.values(schema.AUDIENCES))
            if not wanted or wanted - allowed:
                self.problem(
                    line_no,
                    f"an audience block's 'for' must list {', '.join(sorted(allowed))}. "
                    f"Got '{pairs.get('for', '')}' instead.",
                    column="for",
                )
            self.stack.append(_Div("audience", line_no, audiences=wanted & allowed))

    def _open_claim(self, ident: str | None, pairs: dict[str, str], line_no: int) -> None:
        if not ident:
            self.problem(
                line_no,
                "a claim must have an id ('#name'). Got none instead.",
                hint='write ::: {.claim #falls evidence="FA-01"}',
            )
        evidence = tuple(re.split(r"[\s,]+", pairs.get("evidence", "").strip()))
        if pairs.get("pool") and pairs["pool"] not in POOL_METHODS:
            self.problem(
                line_no,
                f"a claim's 'pool' must be one of {', '.join(POOL_METHODS)}. "
                f"Got '{pairs['pool']}' instead.",
                column="pool",
            )
            pairs.pop("pool")
        self.stack.append(
            _Div(
                "claim",
                line_no,
                claim_id=ident,
                claim_title=pairs.get("title"),
                evidence_ids=tuple(e for e in evidence if e),
                pool_method=pairs.get("pool"),
                first_block=len(self.blocks),
            )
        )

    def _open_version(self, pairs: dict[str, str], line_no: int) -> None:
        allowed = schema.values(schema.AUDIENCES)
        wanted = _audience_list(pairs)
        claim = self.stack[-1] if self.stack and self.stack[-1].kind == "claim" else None
        audience = next(iter(wanted)) if len(wanted) == 1 else None
        if claim is None:
            self.problem(
                line_no,
                "a version must sit directly inside a claim. Got it outside any claim instead.",
                hint="versions replace a claim's text; for a passage only one audience sees, "
                'use ::: {.audience for="patient"}.',
            )
        elif audience not in allowed:
            self.problem(
                line_no,
                f"a version's 'for' must be exactly one of {', '.join(allowed)}. "
                f"Got '{pairs.get('for', '')}' instead.",
                column="for",
            )
        elif audience in claim.versions:
            first = claim.versions[audience][1] - 1
            self.problem(
                line_no,
                f"a claim must have at most one version per audience. Got a second "
                f"'{audience}' version (the first is at line {first}) instead.",
                column="for",
            )
        div = _Div("version", line_no, audiences=frozenset(wanted))
        if claim is not None and audience in allowed and audience not in claim.versions:
            div.audience = audience
        # Keep the version's lines as blank lines in the default text so line numbers hold.
        self.buffer.append("\n")
        div.saved = (self.buffer, self.buffer_line)
        self.buffer, self.buffer_line = [], line_no + 1
        self.stack.append(div)

    def close(self, line_no: int) -> None:
        if self.stack and self.stack[-1].kind == "nested":
            self.stack.pop()  # a block wrongly opened inside a version (already reported)
            return
        if self.stack and self.stack[-1].kind == "version":
            div = self.stack.pop()
            text = "".join(self.buffer)
            assert div.saved is not None
            self.buffer, self.buffer_line = div.saved
            self.buffer.extend("\n" for _ in range(line_no - div.line))
            claim = self.stack[-1] if self.stack and self.stack[-1].kind == "claim" else None
            if not text.strip():
                self.problem(
                    div.line, "a version must hold text. Got an empty version instead.", "for"
                )
            elif claim is not None and div.audience is not None:
                claim.versions[div.audience] = (text, div.line + 1)
            return
        self.flush(line_no + 1)
        if not self.stack:
            self.problem(line_no, "a closing ':::' must match an opening block. Got none.")
            return
        div = self.stack.pop()
        if div.kind == "claim" and div.versions:
            self._attach_versions(div)

    def _attach_versions(self, claim: _Div) -> None:
        """Give the claim's first unrestricted block its versions; hide the rest from them."""
        own = [
            i
            for i in range(claim.first_block, len(self.blocks))
            if self.blocks[i].claim_id == claim.claim_id and not self.blocks[i].audiences
        ]
        if not own:
            self.problem(
                claim.line,
                f"a claim with versions must have default text. Got only versions in "
                f"'{claim.claim_id}' instead.",
                hint="the default text is what clinicians (and any audience without a version) read.",
            )
            return
        host = self.blocks[own[0]]
        self.blocks[own[0]] = replace(
            host,
            text=host.text.rstrip("\n") + "\n",
            versions=FrozenMap(tuple((a, t) for a, (t, _) in claim.versions.items())),
            version_lines=FrozenMap(tuple((a, ln) for a, (_, ln) in claim.versions.items())),
        )
        # Default text split off by a nested block is part of the text a version replaces.
        rest = frozenset(schema.values(schema.AUDIENCES)) - set(claim.versions)
        for i in own[1:]:
            if rest:
                self.blocks[i] = replace(self.blocks[i], audiences=rest)
            else:
                self.problems.append(
                    Problem(
                        self.path,
                        self.blocks[i].line,
                        f"text of claim '{claim.claim_id}' after a nested block is read by no "
                        "audience, because every audience has a version. Got it kept hidden.",
                        severity=Severity.WARNING,
                    )
                )

    def end(self, first_line: int) -> None:
        for div in reversed(self.stack):
            if div.saved is not None:  # an unclosed version: its text is not default text
                self.buffer, self.buffer_line = div.saved
        self.flush(first_line)
        for div in self.stack:
            closer = "'::::'" if div.kind == "version" else "':::'"
            self.problem(
                div.line,
                f"a fenced block must be closed with {closer}. Got the end of the file instead.",
            )


def parse_body(body: str, first_line: int, path: str) -> tuple[list[Block], list[Problem]]:
    """Read an article body into blocks.

    Parameters
    ----------
    body : str
        The Markdown after the front matter.
    first_line : int
        The file line the body starts on.
    path : str
        The name used in problems.

    Returns
    -------
    (list of Block, list of Problem)
        The blocks in reading order and every problem found, each located.
    """
    parser = _BodyParser(first_line, path)
    in_code = False
    for offset, raw in enumerate(body.splitlines(keepends=True)):
        line_no = first_line + offset
        stripped = raw.strip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            in_code = not in_code
        if not in_code and (match := FENCE_OPEN.match(stripped)):
            parser.open(match.group("attrs"), line_no)
        elif not in_code and FENCE_CLOSE.match(stripped):
            parser.close(line_no)
        else:
            parser.buffer.append(raw)
    parser.end(first_line)
    return parser.blocks, parser.problems
