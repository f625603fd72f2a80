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


def audience_texts(block: Block, audiences: Sequence[str]) -> list[tuple[str, str]]:
    """(audience, text) pairs to audit: one ``all`` text, or one per audience that differs.

    A block with per-audience versions (``Block.versions`` / ``Block.text_for``) is audited in
    every version its readers see; a block without them once, as ``all``.
    """
    readers = [a for a in audiences if block.visible_to(a)] or list(audiences)
    versions = getattr(block, "versions", None)
    text_for = getattr(block, "text_for", None)
    if not versions or text_for is None:
        return [(ALL_AUDIENCES, block.text)]
    texts = [(a, str(text_for(a))) for a in readers]
    if len({t for _, t in texts}) == 1:
        return [(ALL_AUDIENCES, texts[0][1])]
    return texts


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
        for audience, text in audience_texts(block, audiences):
            for sentence, line, found in audit_text(
                text, block.evidence_ids, evidence, vocab, in_claim, block.line
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
