"""Show a claim's audit findings: the sentence with its span highlighted, the rows a click away.

Reviewers see every finding; readers see only a plain notice that the claim has open errors.
Everything from content goes through ``escape_markdown``; the highlight is a Markdown
background directive, so no HTML is built here.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from evidence_dashboard.audit import Finding, audit_article
from evidence_dashboard.content.articles import Article
from evidence_dashboard.content.library import Library
from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.views.audit import ClaimAudit, FindingView, claim_audits, rows_table

SEVERITY_COLOURS = {"error": "red", "warning": "orange"}


@st.cache_resource(show_spinner=False, max_entries=32)
def _cached_findings(_library: Library, library_key: str, slug: str) -> tuple[Finding, ...]:
    article = _library.article(slug)
    return audit_article(_library, article) if article is not None else ()


def article_findings(library: Library, slug: str) -> tuple[Finding, ...]:
    """The article's audit findings, computed once per library version."""
    return _cached_findings(library, library.fingerprint, slug)


def highlighted(view: FindingView) -> str:
    """The sentence as escaped Markdown with the expression on a coloured background."""
    colour = SEVERITY_COLOURS.get(view.finding.severity, "orange")
    mark = f":{colour}-background[{escape_markdown(view.expression)}]" if view.expression else ""
    return f"{escape_markdown(view.before)}{mark}{escape_markdown(view.after)}"


def show_claim_findings(
    audit: ClaimAudit | None, library: Library, *, reviewer: bool, key: str
) -> None:
    """Draw a claim's findings (reviewers) or the open-findings notice (readers)."""
    if audit is None or not audit.findings:
        return
    if not reviewer:
        notice = audit.reader_notice()
        if notice:
            st.warning(notice, icon=":material/fact_check:")
        return
    errors, warnings = len(audit.errors), len(audit.warnings)
    st.markdown(f"**Audit:** {errors} error(s), {warnings} warning(s)")
    for index, view in enumerate(audit.findings):
        finding = view.finding
        label = "Error" if finding.severity == "error" else "Warning"
        colour = SEVERITY_COLOURS.get(finding.severity, "orange")
        readers = finding.audience.replace(",", ", ")
        st.markdown(
            f":{colour}-badge[{label}] **{escape_markdown(finding.kind.replace('-', ' '))}** · "
            f"line {finding.line} · read by {escape_markdown(readers)}"
        )
        st.markdown(highlighted(view))
        st.caption(escape_markdown(finding.message))
        if finding.rows:
            with st.expander(f"Rows: {', '.join(finding.rows)}", expanded=False):
                st.dataframe(
                    rows_table(library.evidence, finding.rows),
                    hide_index=True,
                    width="stretch",
                    key=f"{key}-rows-{index}",
                )


def audit_hook(library: Library, article: Article, audience: str) -> Callable[[str], None]:
    """Draw the reviewers' toggle where called; return the per-claim drawer for the document.

    Findings a board member dismissed (an event in the review log) are not shown; when the
    review database cannot be read, every finding counts as open.
    """
    reviewer = st.toggle(
        "Audit findings",
        key="audit-findings",
        help="For reviewers: each claim's audit findings, the words highlighted and the rows "
        "one click away. Readers see only a notice when a claim has open audit errors.",
    )
    from evidence_dashboard.ui.review_status import article_state

    try:
        dismissed = {d.finding for d in article_state(article.slug).dismissals}
    except SQLAlchemyError:
        dismissed = set()
    audits = claim_audits(article_findings(library, article.slug), audience, dismissed)

    def draw(claim_id: str) -> None:
        show_claim_findings(
            audits.get(claim_id), library, reviewer=reviewer, key=f"audit-{claim_id}"
        )

    return draw
