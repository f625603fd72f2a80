"""Audit an article's blocks, in every audience's text, and a whole library."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from evidence_dashboard.audit.engine import Evidence, audit_text
from evidence_dashboard.audit.findings import Finding, make_finding
from evidence_dashboard.audit.vocabulary import Vocabulary, load_vocabulary

if TYPE_CHECKING:
    from evidence_dashboard.content.articles import Article, Block
    from evidence_dashboard.content.library import Library

ALL_AUDIENCES = "all"


def audience_texts(block: Block, audiences: Sequence[str]) -> list[tuple[str, str, int]]:
    """(audiences, text, first line) for each distinct text the block's readers see.

    Readers of the same text share one entry, so a finding is reported once: ``all`` when every
    audience reads it, else the readers joined by commas (``clinician,student``, ``patient``).
    """
    readers = [a for a in audiences if block.visible_to(a)] or list(audiences)
    versions = getattr(block, "versions", None) or {}
    lines = getattr(block, "version_lines", None) or {}
    groups: dict[tuple[str, int], list[str]] = {}
    for audience in readers:
        if audience in versions:
            key = (versions[audience], lines.get(audience, block.line))
        else:
            key = (block.text, block.line)
        groups.setdefault(key, []).append(audience)
    if len(groups) == 1:
        (text, line), _ = next(iter(groups.items()))
        return [(ALL_AUDIENCES, text, line)]
    return [(",".join(names), text, line) for (text, line), names in groups.items()]


def evidence_of(library: Library) -> Evidence:
    """The library's rows as the audit reads them."""
    frame = library.evidence
    return Evidence.from_records(frame.to_dict("records") if len(frame) else [])


def audit_article(
    library: Library,
    article: Article,
    *,
    vocabulary: Vocabulary | None = None,
    evidence: Evidence | None = None,
) -> tuple[Finding, ...]:
    """Audit every block of one article, in every audience's text.

    Parameters
    ----------
    library : Library
        The loaded content (its rows are the evidence; its folder may extend the vocabulary).
    article : Article
    vocabulary, evidence : optional
        Prepared once by :func:`audit_library` for speed.

    Returns
    -------
    tuple of Finding
        In reading order. Claims without rows and figures outside claims are reported too.

    Examples
    --------
    >>> from evidence_dashboard.content.library import load_library
    >>> library = load_library()
    >>> findings = audit_article(library, library.articles[0])
    >>> all(f.article == library.articles[0].slug for f in findings)
    True
    """
    vocab = vocabulary or load_vocabulary(library.root)
    evidence = evidence or evidence_of(library)
    findings: list[Finding] = []
    audiences = tuple(article.audiences)
    for block in article.blocks:
        in_claim = block.claim_id is not None
        for audience, text, first_line in audience_texts(block, audiences):
            for sentence, line, found in audit_text(
                text, block.evidence_ids, evidence, vocab, in_claim, first_line
            ):
                findings.append(
                    make_finding(
                        article=article.slug,
                        claim=block.claim_id or "",
                        audience=audience,
                        line=line,
                        sentence=sentence,
                        span=found.span,
                        kind=found.kind,
                        severity=found.severity,
                        message=found.message,
                        rows=found.rows,
                        path=article.path,
                    )
                )
    return tuple(dict.fromkeys(findings))


def audit_library(library: Library) -> tuple[Finding, ...]:
    """Audit every article of a library (plus a problem with its vocabulary file, if any).

    Examples
    --------
    >>> from evidence_dashboard.content.library import load_library
    >>> findings = audit_library(load_library())
    >>> {f.severity for f in findings} <= {"error", "warning"}
    True
    """
    vocab = load_vocabulary(library.root)
    evidence = evidence_of(library)
    findings: list[Finding] = [
        make_finding(
            article="",
            claim="",
            audience=ALL_AUDIENCES,
            line=problem.line or 1,
            sentence="",
            span=(0, 0),
            kind="vocabulary-problem",
            severity="error",
            message=problem.message + (f" Hint: {problem.hint}" if problem.hint else ""),
            path=problem.path,
        )
        for problem in vocab.problems
    ]
    for article in library.articles:
        findings += audit_article(library, article, vocabulary=vocab, evidence=evidence)
    return tuple(findings)
