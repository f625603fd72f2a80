"""The advisory board, declared in the content folder's ``board.yaml``.

A missing or malformed board file is a located problem like any other content problem; an
unreadable member entry is skipped and reported, the others still count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from evidence_dashboard.content.front_matter import key_lines
from evidence_dashboard.errors import Problem

ROLES = ("chair", "reviewer", "author")
BOARD_FILE = "board.yaml"
_MEMBER_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


@dataclass(frozen=True, slots=True)
class Member:
    """One board member: ``id`` is what the CLI's ``--as`` and the event log use."""

    id: str
    name: str
    email: str
    role: str

    @property
    def is_chair(self) -> bool:
        """Whether this member may sign off."""
        return self.role == "chair"

    @property
    def can_review(self) -> bool:
        """Whether this member may give verdicts (chairs and reviewers, not authors)."""
        return self.role in ("chair", "reviewer")


@dataclass(frozen=True, slots=True)
class Board:
    """The board: quorum, blinding and members, plus every problem found reading it."""

    path: str
    quorum: int = 2
    blinded: bool = True
    members: tuple[Member, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    def member(self, member_id: str | None) -> Member | None:
        """The member with this id, or None."""
        return next((m for m in self.members if m.id == member_id), None)

    def by_email(self, email: str | None) -> Member | None:
        """The member with this e-mail address (case-insensitive), or None."""
        if not email:
            return None
        return next((m for m in self.members if m.email.lower() == email.strip().lower()), None)


def parse_board(text: str, path: str) -> Board:
    """Read a board declaration; every problem is located at its line.

    Examples
    --------
    >>> b = parse_board("quorum: 1\\nmembers:\\n  - {id: ana, name: Ana, email: a@x.org, "
    ...                 "role: chair}\\n  - {id: Bad Id, role: boss}\\n", "board.yaml")
    >>> [m.id for m in b.members], b.quorum, [p.line for p in b.problems]
    (['ana'], 1, [4])
    """
    problems: list[Problem] = []
    try:
        loaded = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return Board(
            path,
            problems=(
                Problem(
                    path,
                    line,
                    f"the board file must be valid YAML: {getattr(exc, 'problem', None) or exc}.",
                ),
            ),
        )
    if not isinstance(loaded, dict):
        return Board(
            path,
            problems=(
                Problem(
                    path,
                    1,
                    "the board file must be a mapping with 'quorum', 'blinded' and 'members'.",
                ),
            ),
        )
    lines = key_lines(text, 1)
    member_lines = _member_lines(node)
    quorum = loaded.get("quorum", 2)
    if isinstance(quorum, bool) or not isinstance(quorum, int) or quorum < 1:
        problems.append(
            Problem(
                path,
                lines.get("quorum", 1),
                f"board key 'quorum' must be a whole number of "
                f"at least 1. Got '{quorum}' instead; 2 is used.",
                column="quorum",
            )
        )
        quorum = 2
    blinded = loaded.get("blinded", True)
    if not isinstance(blinded, bool):
        problems.append(
            Problem(
                path,
                lines.get("blinded", 1),
                f"board key 'blinded' must be true or false. "
                f"Got '{blinded}' instead; true is used.",
                column="blinded",
            )
        )
        blinded = True
    raw_members = loaded.get("members")
    members: list[Member] = []
    if not isinstance(raw_members, list) or not raw_members:
        problems.append(
            Problem(
                path,
                lines.get("members", 1),
                "board key 'members' must be a list of members. Got none instead.",
                column="members",
                hint="write members: [{id: ana, name: Ana Lima, email: ana@example.org, "
                "role: chair}]",
            )
        )
        raw_members = []
    for index, raw in enumerate(raw_members):
        line = member_lines[index] if index < len(member_lines) else lines.get("members", 1)
        member, problem = _member(raw, path, line, {m.id for m in members})
        if problem is not None:
            problems.append(problem)
        if member is not None:
            members.append(member)
    return Board(path, quorum, blinded, tuple(members), tuple(problems))


def _member_lines(node: yaml.Node | None) -> list[int]:
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if getattr(key, "value", None) == "members" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _member(
    raw: object, path: str, line: int, seen: set[str]
) -> tuple[Member | None, Problem | None]:
    def bad(message: str, column: str | None = None) -> tuple[None, Problem]:
        return None, Problem(path, line, message + " The member is ignored.", column=column)

    if not isinstance(raw, dict):
        return bad("a board member must be a mapping with id, name, email and role.")
    member_id = str(raw.get("id", "")).strip()
    if not _MEMBER_ID.match(member_id):
        return bad(
            f"member 'id' must be lowercase letters, digits, '-' or '_'. Got '{member_id}' "
            "instead.",
            "id",
        )
    if member_id in seen:
        return bad(f"member 'id' must be unique. Got '{member_id}' again instead.", "id")
    role = str(raw.get("role", "")).strip()
    if role not in ROLES:
        return bad(
            f"member 'role' must be one of {', '.join(ROLES)}. Got '{role}' instead.", "role"
        )
    email = str(raw.get("email", "")).strip()
    if not _EMAIL.match(email):
        return bad(f"member 'email' must be an e-mail address. Got '{email}' instead.", "email")
    name = str(raw.get("name", "")).strip() or member_id
    return Member(member_id, name, email, role), None


def load_board(root: Path | str) -> Board:
    """Read ``board.yaml`` from a content folder; a missing file is one located problem."""
    path = Path(root) / BOARD_FILE
    display = f"{Path(root).name}/{BOARD_FILE}"
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return Board(
            display,
            problems=(
                Problem(
                    display,
                    None,
                    "the content folder must have a "
                    "board.yaml declaring the advisory board. Got no such file instead.",
                    hint="see docs/review.md for the format.",
                ),
            ),
        )
    except (OSError, UnicodeDecodeError) as exc:
        return Board(
            display,
            problems=(Problem(display, 1, f"the board file must be readable UTF-8 text: {exc}."),),
        )
    return parse_board(text, display)
