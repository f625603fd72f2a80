"""Articles: YAML front matter plus a Markdown body with claims, audience passages and citations.

Body syntax (Pandoc-style fenced divs; the body reader is :mod:`.blocks`)::

    ::: {.claim #falls evidence="FA-01 FA-02" title="Falls"}
    Text of the claim, citing [@Seppala2018] and quoting {{FA-02}} from the evidence table.
    :::: {.version for="patient"}
    The text patients read instead (``Block.text_for("patient")``).
    ::::
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
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from evidence_dashboard import schema
from evidence_dashboard.content.blocks import (
    POOL_METHODS,
    VALUE_TOKEN,
    Block,
    FrozenMap,
    parse_body,
)
from evidence_dashboard.content.citations import find_citation_clusters
from evidence_dashboard.content.front_matter import (
    check_front_matter,
    key_lines,
    split_front_matter,
)
from evidence_dashboard.errors import Problem, Severity

__all__ = [
    "POOL_METHODS",
    "VALUE_FIELDS",
    "VALUE_TOKEN",
    "Article",
    "Block",
    "FrozenMap",
    "load_article",
    "parse_article",
    "value_tokens",
]

# Digits inside citation keys ([@Glass2005]) are not figures; digits anywhere else are.
_CITATION = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
_DIGIT = re.compile(r"\d")
VALUE_FIELDS = frozenset(
    {"estimate", "ci", "ci_low", "ci_high", "percent_treatment", "percent_control",
     "n_participants", "n_studies", "total_treatment", "total_control", "events_treatment",
     "events_control", "statement", "population", "drug", "outcome", "comparator", "period",
     "per", "scale", "mean_control"}
)  # fmt: skip


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
    disclaimers: FrozenMap[str] = field(default_factory=FrozenMap)

    def disclaimer_for(self, audience: str) -> str:
        """The disclaimer worded for this audience: its own, else ``default``, else the one text."""
        return self.disclaimers.get(audience) or self.disclaimers.get("default") or self.disclaimer

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
            for text, _ in block.texts():
                for cluster in find_citation_clusters(text):
                    keys.update(dict.fromkeys(cluster.keys))
        return tuple(keys)

    @property
    def has_errors(self) -> bool:
        """True when any of the article's problems is an error."""
        return any(p.severity == "error" for p in self.problems)


def _fallback_slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", Path(path).stem.lower()).strip("-") or "article"


def has_numbers(text: str) -> bool:
    """Whether a text states figures: a ``{{ID}}`` token or a digit outside citation keys."""
    return bool(VALUE_TOKEN.search(text)) or bool(_DIGIT.search(_CITATION.sub("", text)))


def check_versions(blocks: list[Block], audiences: tuple[str, ...], path: str) -> list[Problem]:
    """Warnings for an article's versions against the audiences it is written for.

    A claim whose default text has numbers and no patient version shows patients the clinician's
    figures; a version for an audience the article is not written for is never read.
    """
    problems: list[Problem] = []
    seen: set[str] = set()
    for block in blocks:
        if not block.claim_id or block.audiences:
            continue
        for audience, line in block.version_lines.items():
            if audience not in audiences:
                problems.append(
                    Problem(
                        path,
                        line - 1,
                        f"a version's audience must be one the article is written for "
                        f"({', '.join(audiences)}). Got '{audience}', which no reader sees.",
                        column="for",
                        severity=Severity.WARNING,
                        item=block.claim_id,
                    )
                )
        if block.claim_id in seen:
            continue
        seen.add(block.claim_id)
        if "patient" in audiences and "patient" not in block.versions and has_numbers(block.text):
            problems.append(
                Problem(
                    path,
                    block.line - 1,
                    f"claim '{block.claim_id}' states figures, so it should have a patient "
                    "version. Got none: patients would read the clinician's numbers.",
                    column="version",
                    hint='add :::: {.version for="patient"} ... :::: inside the claim, in plain '
                    "words ('about 3 in 10 people'), without ratios or intervals.",
                    severity=Severity.WARNING,
                    item=block.claim_id,
                )
            )
    return problems


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
    >>> art = parse_article("---\\nslug: x\\ntitle: T\\nquestion: Q?\\nstatus: submitted\\n"
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
    blocks, body_problems = parse_body(body, body_line, path)
    problems.extend(body_problems)
    audiences = tuple(meta.get("audiences") or schema.values(schema.AUDIENCES))
    problems.extend(check_versions(blocks, audiences, path))
    return Article(
        path=path,
        slug=str(meta.get("slug") or _fallback_slug(path)),
        title=str(meta.get("title") or Path(path).name),
        question=str(meta.get("question") or ""),
        status=str(meta.get("status") or "submitted"),
        updated=meta.get("updated"),
        audiences=audiences,
        disclaimer=str(meta.get("disclaimer") or ""),
        summary=str(meta.get("summary") or ""),
        authors=tuple(meta.get("authors") or ()),
        reviewers=tuple(meta.get("reviewers") or ()),
        blocks=tuple(blocks),
        problems=tuple(problems),
        disclaimers=FrozenMap(meta.get("disclaimers") or {}),
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
