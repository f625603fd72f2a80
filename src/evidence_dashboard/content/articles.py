"""Articles: YAML front matter plus a Markdown body with claims, audience passages and citations.

Body syntax (Pandoc-style fenced divs)::

    ::: {.claim #falls evidence="FA-01 FA-02" title="Falls"}
    Text of the claim, citing [@Seppala2018] and quoting {{FA-02}} from the evidence table.
    :::

    ::: {.audience for="patient"}
    A passage only patients see.
    :::

``{{ID}}`` inserts the evidence row's formatted estimate, ``{{ID.column}}`` one of its values, so
that no figure is ever typed twice. A claim whose rows form one analysis (same comparison, no
overlapping studies) may add ``pool="reml"`` (or iv, mh, peto, dl, pm) to show a pooled estimate.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from evidence_dashboard import schema
from evidence_dashboard.content.citations import find_citation_clusters
from evidence_dashboard.content.front_matter import (
    check_front_matter,
    key_lines,
    split_front_matter,
)
from evidence_dashboard.errors import Problem

FENCE_OPEN = re.compile(r"^:{3,}\s*\{(?P<attrs>[^}]*)\}\s*:*\s*$")
FENCE_CLOSE = re.compile(r"^:{3,}\s*$")
VALUE_TOKEN = re.compile(r"\{\{\s*(?P<id>[A-Za-z0-9_.:-]+?)(?:\.(?P<field>[a-z_]+))?\s*\}\}")
VALUE_FIELDS = frozenset(
    {"estimate", "ci", "ci_low", "ci_high", "percent_treatment", "percent_control",
     "n_participants", "n_studies", "total_treatment", "total_control", "events_treatment",
     "events_control", "statement", "population", "drug", "outcome"}
)  # fmt: skip
BLOCK_CLASSES = ("claim", "audience")
POOL_METHODS = ("iv", "mh", "peto", "dl", "reml", "pm")


@dataclass(frozen=True, slots=True)
class Block:
    """A run of Markdown: plain text, a claim tied to evidence rows, or an audience-only passage.

    ``audiences`` is empty when every audience sees the block.
    """

    text: str
    line: int
    claim_id: str | None = None
    claim_title: str | None = None
    evidence_ids: tuple[str, ...] = ()
    audiences: frozenset[str] = frozenset()
    pool_method: str | None = None

    def visible_to(self, audience: str) -> bool:
        """Whether readers of the given audience see this block."""
        return not self.audiences or audience in self.audiences


@dataclass(frozen=True, slots=True)
class Article:
    """One parsed article. ``problems`` are this article's own; an article with errors still lists."""

    path: str
    slug: str
    title: str
    question: str
    status: str
    updated: dt.date | None
    audiences: tuple[str, ...]
    disclaimer: str
    summary: str = ""
    authors: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def claims(self) -> tuple[Block, ...]:
        """The blocks that are claims, in reading order (one per claim id)."""
        seen: dict[str, Block] = {}
        for block in self.blocks:
            if block.claim_id and block.claim_id not in seen:
                seen[block.claim_id] = block
        return tuple(seen.values())

    @property
    def evidence_ids(self) -> tuple[str, ...]:
        """Every evidence id the article's claims rest on, in order, without repeats."""
        ids: dict[str, None] = {}
        for block in self.blocks:
            ids.update(dict.fromkeys(block.evidence_ids))
        return tuple(ids)

    @property
    def cited_keys(self) -> tuple[str, ...]:
        """Every BibTeX key the article cites, in order of first appearance, without repeats."""
        keys: dict[str, None] = {}
        for block in self.blocks:
            for cluster in find_citation_clusters(block.text):
                keys.update(dict.fromkeys(cluster.keys))
        return tuple(keys)

    @property
    def has_errors(self) -> bool:
        """True when any of the article's problems is an error."""
        return any(p.severity == "error" for p in self.problems)


@dataclass
class _Div:
    kind: str
    line: int
    claim_id: str | None = None
    claim_title: str | None = None
    evidence_ids: tuple[str, ...] = ()
    audiences: frozenset[str] = frozenset()
    pool_method: str | None = None


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


def _parse_body(body: str, first_line: int, path: str) -> tuple[list[Block], list[Problem]]:
    blocks: list[Block] = []
    problems: list[Problem] = []
    stack: list[_Div] = []
    buffer: list[str] = []
    buffer_line = first_line

    def flush(next_line: int) -> None:
        nonlocal buffer, buffer_line
        text = "".join(buffer)
        if text.strip():
            claim = next((d for d in reversed(stack) if d.kind == "claim"), None)
            audiences: frozenset[str] = frozenset()
            for div in stack:
                if div.kind == "audience":
                    audiences = div.audiences if not audiences else audiences & div.audiences
            blocks.append(
                Block(
                    text=text,
                    line=buffer_line,
                    claim_id=claim.claim_id if claim else None,
                    claim_title=claim.claim_title if claim else None,
                    evidence_ids=claim.evidence_ids if claim else (),
                    audiences=audiences,
                    pool_method=claim.pool_method if claim else None,
                )
            )
        buffer = []
        buffer_line = next_line

    in_code = False
    for offset, raw in enumerate(body.splitlines(keepends=True)):
        line_no = first_line + offset
        stripped = raw.strip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            in_code = not in_code
        if not in_code and (match := FENCE_OPEN.match(stripped)):
            flush(line_no + 1)
            try:
                classes, ident, pairs = _parse_attributes(match.group("attrs"))
            except ValueError as exc:
                problems.append(Problem(path, line_no, f"the block attributes must parse: {exc}."))
                stack.append(_Div("unknown", line_no))
                continue
            kind = next((c for c in classes if c in BLOCK_CLASSES), None)
            if kind is None:
                problems.append(
                    Problem(
                        path,
                        line_no,
                        f"a fenced block must be '.claim' or '.audience'. Got "
                        f"'{match.group('attrs').strip()}' instead.",
                    )
                )
                stack.append(_Div("unknown", line_no))
            elif kind == "claim":
                if not ident:
                    problems.append(
                        Problem(
                            path,
                            line_no,
                            "a claim must have an id ('#name'). Got none instead.",
                            hint='write ::: {.claim #falls evidence="FA-01"}',
                        )
                    )
                evidence = tuple(re.split(r"[\s,]+", pairs.get("evidence", "").strip()))
                if pairs.get("pool") and pairs["pool"] not in POOL_METHODS:
                    problems.append(
                        Problem(
                            path,
                            line_no,
                            f"a claim's 'pool' must be one of {', '.join(POOL_METHODS)}. "
                            f"Got '{pairs['pool']}' instead.",
                            column="pool",
                        )
                    )
                    pairs.pop("pool")
                stack.append(
                    _Div(
                        "claim",
                        line_no,
                        claim_id=ident,
                        claim_title=pairs.get("title"),
                        evidence_ids=tuple(e for e in evidence if e),
                        pool_method=pairs.get("pool"),
                    )
                )
            else:
                wanted = frozenset(re.split(r"[\s,]+", pairs.get("for", "").strip())) - {""}
                allowed = set(schema.values(schema.AUDIENCES))
                unknown = sorted(wanted - allowed)
                if not wanted or unknown:
                    problems.append(
                        Problem(
                            path,
                            line_no,
                            f"an audience block's 'for' must list {', '.join(sorted(allowed))}. "
                            f"Got '{pairs.get('for', '')}' instead.",
                            column="for",
                        )
                    )
                stack.append(_Div("audience", line_no, audiences=wanted & allowed))
            continue
        if not in_code and FENCE_CLOSE.match(stripped):
            flush(line_no + 1)
            if stack:
                stack.pop()
            else:
                problems.append(
                    Problem(path, line_no, "a closing ':::' must match an opening block. Got none.")
                )
            continue
        buffer.append(raw)
    flush(first_line)
    for div in stack:
        problems.append(
            Problem(
                path,
                div.line,
                "a fenced block must be closed with ':::'. Got the end of the file instead.",
            )
        )
    return blocks, problems


def _fallback_slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", Path(path).stem.lower()).strip("-") or "article"


def parse_article(text: str, path: str) -> Article:
    """Parse one article's text.

    Parameters
    ----------
    text : str
        The whole file: front matter, then Markdown.
    path : str
        The name used in problems.

    Returns
    -------
    Article
        Always an article; what could not be read is in ``problems``.

    Examples
    --------
    >>> art = parse_article("---\\nslug: x\\ntitle: T\\nquestion: Q?\\nstatus: approved\\n"
    ...                     "updated: 2026-01-02\\naudiences: [patient]\\ndisclaimer: D\\n---\\n"
    ...                     "Hello [@Key].\\n", "x.md")
    >>> art.slug, art.updated.isoformat(), art.blocks[0].line, art.problems
    ('x', '2026-01-02', 10, ())
    """
    front, body, body_line, problems = split_front_matter(text, path)
    meta: dict[str, object] = {}
    if front is not None:
        try:
            loaded = yaml.safe_load(front)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 2
            problems.append(
                Problem(
                    path,
                    line,
                    f"the front matter must be valid YAML. Got: "
                    f"{getattr(exc, 'problem', None) or exc}.",
                    hint="quote values that contain ': ' or start with a special character.",
                )
            )
            loaded = {}
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            problems.append(
                Problem(path, 2, "the front matter must be a mapping of keys to values.")
            )
            loaded = {}
        meta, meta_problems = check_front_matter(loaded, path, key_lines(front, 2))
        problems.extend(meta_problems)
    blocks, body_problems = _parse_body(body, body_line, path)
    problems.extend(body_problems)
    return Article(
        path=path,
        slug=str(meta.get("slug") or _fallback_slug(path)),
        title=str(meta.get("title") or Path(path).name),
        question=str(meta.get("question") or ""),
        status=str(meta.get("status") or "submitted"),
        updated=meta.get("updated"),  # type: ignore[arg-type]
        audiences=tuple(meta.get("audiences") or schema.values(schema.AUDIENCES)),  # type: ignore[arg-type]
        disclaimer=str(meta.get("disclaimer") or ""),
        summary=str(meta.get("summary") or ""),
        authors=tuple(meta.get("authors") or ()),  # type: ignore[arg-type]
        reviewers=tuple(meta.get("reviewers") or ()),  # type: ignore[arg-type]
        blocks=tuple(blocks),
        problems=tuple(problems),
    )


def load_article(path: Path, display_path: str | None = None) -> Article:
    """Read and parse an article file; an unreadable file is an article holding one problem."""
    name = display_path or str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not valid UTF-8"
        return Article(
            path=name,
            slug=_fallback_slug(name),
            title=path.name,
            question="",
            status="submitted",
            updated=None,
            audiences=schema.values(schema.AUDIENCES),
            disclaimer="",
            problems=(Problem(name, 1, f"the article must be readable UTF-8 text: {reason}."),),
        )
    return parse_article(text, name)


def value_tokens(text: str) -> list[tuple[str, str | None, int]]:
    """Every ``{{ID}}`` / ``{{ID.field}}`` token: (id, field, line within the text)."""
    return [
        (m.group("id"), m.group("field"), text.count("\n", 0, m.start()) + 1)
        for m in VALUE_TOKEN.finditer(text)
    ]
