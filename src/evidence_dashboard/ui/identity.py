"""Identity on the Review page: st.login when ``[auth]`` is configured, else local mode.

Local mode says plainly that the identity is not verified, and the rules in
``review.identity`` refuse every review action when the server is not on loopback.
"""

from __future__ import annotations

import streamlit as st

from evidence_dashboard.review.board import Board
from evidence_dashboard.review.identity import Identity, local_identity, signed_in_identity

READER = "(just reading)"


def auth_configured() -> bool:
    """Whether the app has an ``[auth]`` section in its secrets (OIDC sign-in)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises its own error types
        return False


def signed_in() -> tuple[bool, str | None]:
    """Whether someone is signed in, and their e-mail address."""
    logged_in = bool(getattr(st.user, "is_logged_in", False))
    email = st.user.get("email") if logged_in else None
    return logged_in, str(email) if email else None


def current_identity(board: Board) -> Identity:
    """Draw the sign-in or the name picker, and return who is acting."""
    if auth_configured():
        logged_in, email = signed_in()
        identity = signed_in_identity(board, logged_in, email)
        if not logged_in:
            st.button("Sign in to review", on_click=st.login, key="review_sign_in")
        else:
            who = identity.member.name if identity.member else email
            st.caption(f"Signed in as {who}.")
            st.button("Sign out", on_click=st.logout, key="review_sign_out")
    else:
        options = [READER, *(m.id for m in board.members)]
        names = {m.id: f"{m.name} ({m.role})" for m in board.members}
        chosen = st.selectbox(
            "I am", options, key="review_identity", format_func=lambda o: names.get(o, o)
        )
        st.warning(
            "Local mode: identity not verified. Anyone at this computer can pick any name; "
            "configure sign-in ([auth]) for a shared server (see docs/review.md)."
        )
        identity = local_identity(board, chosen, st.get_option("server.address"))
    if identity.refusal:
        st.info(identity.refusal[0].upper() + identity.refusal[1:])
    return identity
