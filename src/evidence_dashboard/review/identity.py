"""Who is acting on the Review page, and whether they may: the rules, without Streamlit.

With ``[auth]`` configured, the signed-in e-mail address maps to a board member; anyone else
reads but does not review. Without it the app is in local mode: a reviewer picks their name, the
page says the identity is not verified, and every review action is refused unless the server
listens on a loopback address only.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from evidence_dashboard.review.board import Board, Member


@dataclass(frozen=True, slots=True)
class Identity:
    """The person using the page and what they may do.

    ``refusal`` is why review actions are refused (None when they are allowed).
    """

    member: Member | None
    verified: bool
    email: str | None = None
    refusal: str | None = None

    @property
    def can_review(self) -> bool:
        """Whether this person may give verdicts and comments."""
        return self.refusal is None and self.member is not None

    @property
    def can_sign_off(self) -> bool:
        """Whether this person may sign off (a chair, allowed to act)."""
        return self.can_review and self.member is not None and self.member.is_chair


def is_loopback(address: str | None) -> bool:
    """Whether a server address listens on loopback only ("" means every interface).

    Examples
    --------
    >>> [is_loopback(a) for a in ("127.0.0.1", "localhost", "::1", "", "0.0.0.0", "10.0.0.5")]
    [True, True, True, False, False, False]
    """
    text = (address or "").strip().strip("[]")
    if text == "localhost":
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def signed_in_identity(board: Board, logged_in: bool, email: str | None) -> Identity:
    """The identity of an OIDC user: a member by e-mail, or a reader."""
    if not logged_in:
        return Identity(None, False, None, "sign in to review.")
    member = board.by_email(email)
    if member is None:
        return Identity(
            None, True, email, f"{email} is not a member of the board: you can read but not review."
        )
    return Identity(member, True, email)


def local_identity(board: Board, chosen: str | None, address: str | None) -> Identity:
    """The identity picked in local mode (never verified), refused off loopback."""
    member = board.member(chosen)
    if not is_loopback(address):
        where = address or "every interface"
        return Identity(
            member,
            False,
            None,
            f"review actions are refused: the server listens on "
            f"{where}, not only on loopback, and no sign-in ([auth]) is configured.",
        )
    if member is None:
        return Identity(None, False, None, "choose your name to review.")
    return Identity(member, False)
