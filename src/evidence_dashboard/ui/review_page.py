"""The Review page's widgets: claim cards with verdict and comment forms, diff, trail, sign-off.

Every action goes through ``review.actions.Review`` in a widget callback, so the page that
follows already shows the new event; a refusal is shown as one line, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from evidence_dashboard.audit import Finding, audit_article
from evidence_dashboard.content.articles import Article
from evidence_dashboard.content.library import Library
from evidence_dashboard.review.actions import Review
from evidence_dashboard.review.board import Board
from evidence_dashboard.review.diff import diff_versions
from evidence_dashboard.review.identity import Identity
from evidence_dashboard.review.model import VERDICTS
from evidence_dashboard.review.status import ReviewStatus
from evidence_dashboard.review.store import Refused
from evidence_dashboard.review.versions import short, snapshot
from evidence_dashboard.safe_html import SafeHtml, escape_markdown
from evidence_dashboard.ui.html import show_html
from evidence_dashboard.ui.loaders import rendered_article
from evidence_dashboard.ui.review_status import review_store
from evidence_dashboard.views.review import VERDICT_LABELS, ClaimCard

_MESSAGE = "review_message"


@dataclass(frozen=True)
class Context:
    """The content, board and person one run of the page works on."""

    library: Library
    article: Article
    board: Board
    identity: Identity


@st.cache_resource(show_spinner=False, max_entries=16)
def _findings(_library: Library, key: str, slug: str) -> tuple[Finding, ...]:
    article = _library.article(slug)
    return tuple(audit_article(_library, article)) if article is not None else ()


def article_findings(library: Library, article: Article) -> tuple[Finding, ...]:
    """The claim audit's findings, computed once per content version."""
    return _findings(library, library.fingerprint, article.slug)


def _review(ctx: Context) -> Review:
    return Review(
        ctx.library, ctx.board, review_store(), audit=lambda lib, art: article_findings(lib, art)
    )


def _act(ctx: Context, action: str, *args: object) -> None:
    """Run one review action as the current member; keep its outcome for the next run."""
    if ctx.identity.refusal or ctx.identity.member is None:
        st.session_state[_MESSAGE] = ("error", f"Refused: {ctx.identity.refusal}")
        return
    try:
        event = getattr(_review(ctx), action)(ctx.article.slug, *args)
    except Refused as exc:
        st.session_state[_MESSAGE] = ("error", f"Refused: {exc}")
    except SQLAlchemyError as exc:
        st.session_state[_MESSAGE] = ("error", f"The review database refused: {type(exc).__name__}")
    else:
        st.session_state[_MESSAGE] = ("success", f"Recorded event {event.seq} ({event.kind}).")


def _verdict(ctx: Context, claim: str) -> None:
    verdict = st.session_state.get(f"verdict-{claim}")
    comment = st.session_state.get(f"verdict-comment-{claim}", "")
    _act(ctx, "verdict", claim, ctx.identity.member.id, verdict, comment)


def _comment(ctx: Context, claim: str) -> None:
    text = st.session_state.get(f"comment-{claim}", "")
    reply = st.session_state.get(f"reply-{claim}")
    _act(ctx, "comment", claim, ctx.identity.member.id, text, reply)


def show_message() -> None:
    """The outcome of the last action, once."""
    kind, text = st.session_state.pop(_MESSAGE, (None, None))
    if kind == "error":
        st.error(escape_markdown(text))
    elif kind == "success":
        st.success(text)


def claim_html(library: Library, article: Article, audience: str) -> dict[str, list[SafeHtml]]:
    """Each claim's text as the audience reads it (values filled in, citations numbered)."""
    blocks, _numbering, _refs = rendered_article(library, article.slug, audience, "ama")
    out: dict[str, list[SafeHtml]] = {}
    for rendered in blocks:
        if rendered.block.claim_id:
            out.setdefault(rendered.block.claim_id, []).append(rendered.html)
    return out


def show_claim(card: ClaimCard, ctx: Context, html: list[SafeHtml]) -> None:
    """One claim: its state, its text, the verdicts, the thread and the forms."""
    claim = card.state
    label = escape_markdown(f"{claim.title} · {card.summary}")
    icon = ":material/warning:" if claim.stale or claim.open_disagreements else None
    with st.expander(label, icon=icon, key=f"claim-card-{claim.id}"):
        st.caption(f"Claim {escape_markdown(claim.id)} · hash {short(claim.hash)}")
        for part in html:
            show_html(part)
        for finding in card.findings:
            _finding(card, ctx, finding)
        verdicts = (*((card.mine,) if card.mine else ()), *card.others)
        if verdicts:
            st.caption("Verdicts at this version")
        for v in verdicts:
            member = ctx.board.member(v.member)
            note = f": {escape_markdown(v.comment)}" if v.comment else ""
            st.markdown(
                f"- **{escape_markdown(member.name if member else v.member)}** — "
                f"{VERDICT_LABELS[v.verdict]}{note}"
            )
        if card.thread:
            st.caption("Comments")
        for item in card.thread:
            c, who = item.comment, ctx.board.member(item.comment.member)
            flag = " · **orphaned**: the quoted text changed" if item.orphaned else ""
            st.markdown(
                f"{'> ' * (item.depth + 1)}#{c.id} {escape_markdown(who.name if who else c.member)}{flag}: {escape_markdown(c.text)}"
            )
        if ctx.identity.can_review and ctx.identity.member.can_review:
            _forms(card, ctx)


def _dismiss(ctx: Context, claim: str, finding: str) -> None:
    reason = st.session_state.get(f"dismiss-{finding}", "")
    _act(ctx, "dismiss", claim, finding, ctx.identity.member.id, reason)


def _finding(card: ClaimCard, ctx: Context, finding: Finding) -> None:
    """An audit finding; an open error can be dismissed with a reason, which is recorded."""
    dismissed = finding.id in card.dismissed
    box = st.error if finding.severity == "error" and not dismissed else st.warning
    note = " (dismissed: " + escape_markdown(card.dismissed[finding.id]) + ")" if dismissed else ""
    box(f"Audit {finding.severity} {finding.id}: {escape_markdown(finding.message)}{note}")
    if finding.severity == "error" and not dismissed and ctx.identity.can_review:
        with st.form(f"dismiss-form-{finding.id}", border=False):
            st.text_input("Reason to dismiss this finding", key=f"dismiss-{finding.id}")
            st.form_submit_button(
                "Dismiss finding", on_click=_dismiss, args=(ctx, card.state.id, finding.id)
            )


def _forms(card: ClaimCard, ctx: Context) -> None:
    claim = card.state.id
    left, right = st.columns(2)
    with left.form(f"verdict-form-{claim}", border=False):
        current = VERDICTS.index(card.mine.verdict) if card.mine else 0
        st.radio(
            "My verdict",
            VERDICTS,
            index=current,
            key=f"verdict-{claim}",
            format_func=VERDICT_LABELS.get,
            horizontal=True,
        )
        st.text_input("Comment (needed unless you agree)", key=f"verdict-comment-{claim}")
        st.form_submit_button(
            "Record verdict", on_click=_verdict, args=(ctx, claim), key=f"verdict-submit-{claim}"
        )
    with right.form(f"comment-form-{claim}", border=False):
        st.text_input("Comment on this claim", key=f"comment-{claim}")
        ids = [None, *(i.comment.id for i in card.thread)]
        st.selectbox(
            "In reply to",
            ids,
            key=f"reply-{claim}",
            format_func=lambda i: "—" if i is None else f"#{i}",
        )
        st.form_submit_button(
            "Add comment", on_click=_comment, args=(ctx, claim), key=f"comment-submit-{claim}"
        )


def show_diff(ctx: Context, status: ReviewStatus) -> None:
    """What changed per claim since the approved version."""
    if status.approved_version is None:
        st.caption("No version has been approved yet, so there is nothing to compare with.")
        return
    stored = review_store().snapshots(ctx.article.slug)
    old = stored.get(status.approved_version)
    if old is None or status.approved_version == status.version:
        st.caption("The current content is the approved version.")
        return
    diff = diff_versions(
        status.approved_version, old, status.version, snapshot(ctx.library, ctx.article)
    )
    for claim in diff.changed:
        st.markdown(f"**{escape_markdown(claim.claim)}**: {claim.state}")
        st.code("\n".join((*claim.text, *claim.rows, *claim.references)) or "—", language=None)


def show_trail(rows: list[dict[str, object]]) -> None:
    """Every event of the article, newest last."""
    if not rows:
        st.caption("No events yet.")
        return
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def show_sign_off(ctx: Context, blockers: list[str]) -> None:
    """The chair's sign-off: what still blocks it, and the button."""
    if blockers:
        for reason in blockers[:8]:
            st.markdown(f"- {escape_markdown(reason)}")
        if len(blockers) > 8:
            st.caption(f"… and {len(blockers) - 8} more.")
    else:
        st.success("Every claim has its quorum and no disagreement or audit error is open.")
    member = ctx.identity.member
    if member is not None and ctx.identity.refusal is None:
        st.button(
            "Sign off this version",
            key="sign-off",
            type="primary",
            on_click=_act,
            args=(ctx, "approve", member.id),
        )
