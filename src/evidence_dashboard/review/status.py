"""Computed review status: from the content's hashes and the log, never from front matter.

- **submitted**: nothing in the log for this article yet;
- **under review**: verdicts or comments, no sign-off;
- **approved**: the latest sign-off is of exactly the current version;
- **changed since approval**: the latest sign-off is of another version (the content changed).

A claim is *stale* when it had verdicts or was signed off at another hash and has not yet
reached quorum at its current hash; the claims whose hash did not change keep their verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from evidence_dashboard.content.articles import Article
from evidence_dashboard.content.library import Library
from evidence_dashboard.review.board import load_board
from evidence_dashboard.review.model import VERDICTS, ArticleState
from evidence_dashboard.review.versions import article_version, claim_hashes, short

if TYPE_CHECKING:
    from evidence_dashboard.review.store import ReviewStore

STATUSES = ("submitted", "under review", "approved", "changed since approval")


@dataclass(frozen=True, slots=True)
class ClaimState:
    """One claim's review state at its current hash."""

    id: str
    title: str
    hash: str
    counts: dict[str, int]
    stale: bool
    open_disagreements: tuple[str, ...]
    approved_hash: str | None
    verdicts: tuple[tuple[str, str], ...] = ()

    @property
    def reviewed_by(self) -> int:
        """How many non-abstaining members gave a verdict at the current hash."""
        return sum(n for verdict, n in self.counts.items() if verdict != "abstain")

    def as_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return {
            "id": self.id,
            "title": self.title,
            "hash": self.hash,
            "counts": dict(self.counts),
            "stale": self.stale,
            "open_disagreements": list(self.open_disagreements),
            "approved_hash": self.approved_hash,
        }


@dataclass(frozen=True, slots=True)
class ReviewStatus:
    """An article's computed review status.

    Attributes
    ----------
    article : str
        The article's slug.
    status : str
        One of :data:`STATUSES`.
    requested : str
        The author's request from front matter (draft or submitted); never an approval.
    version : str
        The current article version (SHA-256 hex).
    approved_version, approved_at, approved_by : str or None
        The latest sign-off's version, time (ISO 8601 UTC) and chair, if any.
    claims : tuple of ClaimState
        Every claim in reading order.
    quorum : int
        Verdicts needed on every claim before sign-off.
    """

    article: str
    status: str
    requested: str
    version: str
    approved_version: str | None
    approved_at: str | None
    approved_by: str | None
    claims: tuple[ClaimState, ...] = field(default_factory=tuple)
    quorum: int = 2

    def claim(self, claim_id: str) -> ClaimState | None:
        """The state of one claim, or None."""
        return next((c for c in self.claims if c.id == claim_id), None)

    @property
    def stale_claims(self) -> tuple[str, ...]:
        """The ids of the claims that need new verdicts."""
        return tuple(c.id for c in self.claims if c.stale)

    def as_dict(self) -> dict[str, Any]:
        """A plain dict for ``review status --format json``."""
        return {
            "article": self.article,
            "status": self.status,
            "requested": self.requested,
            "version": self.version,
            "approved_version": self.approved_version,
            "approved_at": self.approved_at,
            "approved_by": self.approved_by,
            "quorum": self.quorum,
            "claims": [c.as_dict() for c in self.claims],
        }


def compute_status(
    library: Library,
    article: Article,
    state: ArticleState,
    quorum: int = 2,
    hashes: dict[str, str] | None = None,
    version: str | None = None,
) -> ReviewStatus:
    """The status of an article from its content and its log state (pure).

    Parameters
    ----------
    library, article
        The content; hashes are computed from it.
    state : ArticleState
        What the log says about the article.
    quorum : int
        The board's quorum.
    hashes, version : optional
        The article's claim hashes and version when already computed (pages cache them).
    """
    hashes = hashes if hashes is not None else claim_hashes(library, article)
    version = version or article_version(library, article)
    last = state.last_signoff
    approved = dict(last.claim_hashes) if last else {}
    claims = []
    for block in article.claims:
        cid = str(block.claim_id)
        current = state.verdicts_on(cid, hashes[cid])
        counts = {v: sum(1 for r in current if r.verdict == v) for v in VERDICTS}
        reviewed = sum(n for v, n in counts.items() if v != "abstain")
        earlier = any(v.claim == cid and v.claim_hash != hashes[cid] for v in state.verdicts)
        changed = bool(last) and approved.get(cid) != hashes[cid]
        claims.append(
            ClaimState(
                id=cid,
                title=block.claim_title or cid,
                hash=hashes[cid],
                counts=counts,
                stale=(changed or earlier) and reviewed < quorum,
                open_disagreements=tuple(r.member for r in current if r.verdict == "disagree"),
                approved_hash=approved.get(cid),
                verdicts=tuple((r.member, r.verdict) for r in current),
            )
        )
    if last is not None:
        status = "approved" if last.version == version else "changed since approval"
    elif state.verdicts or state.comments or state.dismissals:
        status = "under review"
    else:
        status = "submitted"
    return ReviewStatus(
        article=article.slug,
        status=status,
        requested="draft" if article.status == "draft" else "submitted",
        version=version,
        approved_version=last.version if last else None,
        approved_at=last.at if last else None,
        approved_by=last.member if last else None,
        claims=tuple(claims),
        quorum=quorum,
    )


def computed_status(library: Library, article: Article, store: ReviewStore) -> ReviewStatus:
    """The review status of an article, reading the board from the library's folder.

    Examples
    --------
    >>> import tempfile
    >>> from evidence_dashboard.content.library import load_library
    >>> from evidence_dashboard.review.store import ReviewStore
    >>> lib = load_library()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     store = ReviewStore(f"sqlite+pysqlite:///{tmp}/r.sqlite3")
    ...     status = computed_status(lib, lib.articles[0], store)
    ...     store.close()
    >>> status.status, status.approved_version
    ('submitted', None)
    """
    board = load_board(library.root)
    return compute_status(library, article, store.state(article.slug), board.quorum)


def status_label(status: ReviewStatus) -> str:
    """The one text form of a status, e.g. ``Approved · 2026-12-01 · 3f2a9c1b7d40``.

    Examples
    --------
    >>> s = ReviewStatus("a", "changed since approval", "submitted", "ab" * 32, "cd" * 32,
    ...                  "2026-12-01T10:00:00.000000+00:00", "ana")
    >>> status_label(s)
    'Changed since approval · approved 2026-12-01 · cdcdcdcdcdcd'
    """
    if status.status == "approved":
        return f"Approved · {(status.approved_at or '')[:10]} · {short(status.approved_version)}"
    if status.status == "changed since approval":
        return (
            f"Changed since approval · approved {(status.approved_at or '')[:10]} · "
            f"{short(status.approved_version)}"
        )
    if status.status == "under review":
        return "Under review · not approved"
    if status.requested == "draft":
        return "Draft · not submitted for review"
    return "Submitted · not yet reviewed"
