"""The Article page as one document: header, the text for one audience, each claim's evidence
bound to it, and the reference list in citation order.

The page, the presentation mode and every export read the same :class:`ArticleView`, so a
number, a status or a disclaimer can never differ between what is read, shown and handed out.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence_dashboard.content.articles import Article
from evidence_dashboard.content.library import Library
from evidence_dashboard.errors import Problem
from evidence_dashboard.review.status import ReviewStatus, status_label
from evidence_dashboard.review.versions import article_version, short
from evidence_dashboard.safe_html import SafeHtml
from evidence_dashboard.views.claims import ClaimEvidence, claim_evidence
from evidence_dashboard.views.frequencies import Baseline
from evidence_dashboard.views.rendering import RenderedBlock, reference_list_html, render_article

AUDIENCE_NAMES = {"clinician": "clinicians", "student": "students", "patient": "patients"}
# Wording for readers who are not health professionals; the article's own disclaimer is
# written for professionals and stays the clinician and student text.
PATIENT_DISCLAIMER = (
    "This page explains published research in plain words. It is not advice for you personally. "
    "Talk to your prescriber or pharmacist before you start, change or stop any medicine."
)
STUDENT_PREFIX = "For teaching and discussion. "


@dataclass(frozen=True, slots=True)
class ReviewHeader:
    """The review state every view and export carries: computed status, date, version hash."""

    status: str
    label: str
    version: str

    def line(self) -> str:
        """``Under review · version 1a2b3c4d5e6f`` (the status label carries its own date)."""
        return f"{self.label} · version {self.version}"


def review_header(
    library: Library, article: Article, status: ReviewStatus | None = None
) -> ReviewHeader:
    """The article's computed review status (from ``review.status``) and current version.

    Without a status (the review database could not be read) the header says so: the
    front-matter status is a request, never shown as a review state.
    """
    version = short(status.version if status else article_version(library, article))
    if status is None:
        return ReviewHeader("unknown", "Review status not available", version)
    return ReviewHeader(status.status, status_label(status), version)


def audience_disclaimer(article: Article, audience: str) -> str:
    """The disclaimer worded for the audience reading it.

    The article's own wording for that audience wins; an article with one professional
    disclaimer gets the plain-language one for patients and a teaching prefix for students.
    """
    own = article.disclaimers.get(audience)
    if own and own.strip():
        return own.strip()
    general = (
        article.disclaimer_for("default").strip() or "No disclaimer was given for this article."
    )
    if audience == "patient":
        return PATIENT_DISCLAIMER
    if audience == "student":
        return STUDENT_PREFIX + general
    return general


@dataclass(frozen=True)
class ArticleItem:
    """One rendered block; a claim's first block carries its evidence card."""

    block: RenderedBlock
    evidence: ClaimEvidence | None = None


@dataclass(frozen=True)
class ArticleView:
    """Everything the Article page, its presentation mode and its exports show."""

    article: Article
    audience: str
    style: str
    header: ReviewHeader
    disclaimer: str
    items: tuple[ArticleItem, ...]
    references_html: SafeHtml
    reference_count: int
    problems: tuple[Problem, ...]
    presenter_baseline: Baseline | None = None

    @property
    def claims(self) -> tuple[ArticleItem, ...]:
        """The items that carry a claim's evidence, in reading order."""
        return tuple(item for item in self.items if item.evidence is not None)

    @property
    def title(self) -> str:
        """The article's title."""
        return self.article.title

    @property
    def question(self) -> str:
        """The clinical question the article answers (its title when none was given)."""
        return self.article.question or self.article.title


def build_article_view(
    library: Library,
    article: Article,
    audience: str,
    style: str = "ama",
    presenter_baseline: Baseline | None = None,
    status: ReviewStatus | None = None,
) -> ArticleView:
    """Render the article for one audience with each claim's evidence bound to the claim.

    Parameters
    ----------
    library : Library
        The content (shipped, or shipped plus a session's uploads).
    article : Article
        The article to show.
    audience : {"clinician", "student", "patient"}
        Whose text, charts and disclaimer to use.
    style : str
        The reference style.
    presenter_baseline : Baseline, optional
        A baseline set by a presenter, for ratio rows with no sourced baseline; marked as theirs.
    status : ReviewStatus, optional
        The computed review status (``review.status.computed_status``).
    """
    blocks, numbering = render_article(
        article, audience, library.references, library.evidence, style
    )
    items: list[ArticleItem] = []
    seen: set[str] = set()
    for index, rendered in enumerate(blocks):
        claim_id = rendered.block.claim_id
        following = blocks[index + 1].block.claim_id if index + 1 < len(blocks) else None
        # The card goes under the claim's last block, so it follows the text it belongs to.
        if claim_id and claim_id not in seen and following != claim_id:
            seen.add(claim_id)
            rows = library.rows(rendered.block.evidence_ids)
            evidence = claim_evidence(rendered.block, rows, audience, presenter_baseline)
            items.append(ArticleItem(rendered, evidence))
        else:
            items.append(ArticleItem(rendered))
    references_html = reference_list_html(library.references, numbering, style)
    return ArticleView(
        article=article,
        audience=audience,
        style=style,
        header=review_header(library, article, status),
        disclaimer=audience_disclaimer(article, audience),
        items=tuple(items),
        references_html=references_html,
        reference_count=references_html.count("<li "),
        problems=library.article_problems(article),
        presenter_baseline=presenter_baseline,
    )
