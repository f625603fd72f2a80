"""Review: the advisory board's verdicts, comments, diff, audit trail and sign-off."""

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from evidence_dashboard.review.actions import signoff_blockers
from evidence_dashboard.review.status import status_label
from evidence_dashboard.review.versions import short
from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.ui import review_page as ui
from evidence_dashboard.ui.identity import current_identity
from evidence_dashboard.ui.layout import problem_panel, start_page
from evidence_dashboard.ui.review_status import (
    article_state,
    library_board,
    review_status,
    review_store,
)
from evidence_dashboard.ui.workspace import session_library
from evidence_dashboard.views.review import claim_cards, trail_rows

shipped, selection = start_page("Review")
library = session_library(shipped)
article = selection.article
if article is None:
    st.info("There is no article to review. Add one to the content folder's articles/ folder.")
    st.stop()

st.title(f"Review: {escape_markdown(article.title)}", anchor=False)
board = library_board(library)
problem_panel(board.problems, title="The board file has problems")
with st.container(border=True, key="identity"):
    identity = current_identity(board)
ctx = ui.Context(library, article, board, identity)
ui.show_message()

try:
    status = review_status(library, article)
    state = article_state(article.slug)
    events = review_store().events(article.slug)
except SQLAlchemyError as exc:
    st.error(f"The review database could not be read ({type(exc).__name__}); see docs/review.md.")
    st.stop()
findings = ui.article_findings(library, article)

st.subheader(status_label(status), anchor=False)
st.caption(
    f"Current version {short(status.version)} · quorum {status.quorum} verdicts per claim · "
    f"{'blinded' if board.blinded else 'open'} review · {len(status.stale_claims)} stale "
    f"claim(s) · {len(events)} event(s) in the audit trail"
)
member_id = identity.member.id if identity.member else None
cards = claim_cards(article, board, state, status, findings, member_id)
claims_tab, sign_tab, diff_tab, trail_tab = st.tabs(
    ["Claims", "Sign-off", "Changes since approval", "Audit trail"]
)
with claims_tab:
    st.caption(f"Claim texts as {selection.audience}s read them; open a claim to review it.")
    texts = ui.claim_html(library, article, selection.audience)
    for card in cards:
        ui.show_claim(card, ctx, texts.get(card.state.id, []))
with sign_tab:
    ui.show_sign_off(ctx, signoff_blockers(status, findings, state))
with diff_tab:
    ui.show_diff(ctx, status)
with trail_tab:
    ui.show_trail(trail_rows(events, board))
