"""``evidence-dashboard review ...``: every advisory-board action the Review page offers.

Exit status: 0 on success; 2 with one line on stderr when an action is refused (not a member,
not a chair, quorum not met, disagreement open, unknown article or claim, database unreadable);
``verify`` exits 1 naming the first bad event when the log was tampered with.

``--as MEMBER`` is trusted here: the command line is for people who can reach the database
directly (who could write to it anyway). The web app checks identity (docs/review.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from evidence_dashboard.content.library import default_data_dir, load_library
from evidence_dashboard.review.actions import Review
from evidence_dashboard.review.board import load_board
from evidence_dashboard.review.diff import diff_text, diff_versions
from evidence_dashboard.review.model import VERDICTS, Event
from evidence_dashboard.review.status import status_label
from evidence_dashboard.review.store import Refused, ReviewStore
from evidence_dashboard.review.verify import verify
from evidence_dashboard.review.versions import short, snapshot

EPILOG = """\
examples:
  evidence-dashboard review status diazepam-anxiety-spasm --format json
  evidence-dashboard review verdict diazepam-anxiety-spasm falls --as ben --verdict agree
  evidence-dashboard review approve diazepam-anxiety-spasm --as ana
  evidence-dashboard review verify --database sqlite:////tmp/review.sqlite3
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``review`` and its subcommands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, help="content folder (default: the project's data/)")
    common.add_argument(
        "--database",
        help="SQLAlchemy URL of the review database (default: $EVIDENCE_DASHBOARD_DATABASE_URL, "
        "else review.sqlite3 in $EVIDENCE_DASHBOARD_HOME or the user-data folder)",
    )
    parser = subparsers.add_parser(
        "review",
        help="advisory-board review: verdicts, comments, sign-off, diff, log, verify",
        description="Record and inspect the advisory board's review of an article.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(name: str, help_text: str, claim: str = "", member: bool = False):
        sub = actions.add_parser(name, parents=[common], help=help_text, description=help_text)
        if name != "verify":
            sub.add_argument("article", metavar="ARTICLE", help="the article's slug")
        if claim == "+":
            sub.add_argument("claims", nargs="+", metavar="CLAIM", help="one or more claim ids")
        elif claim:
            sub.add_argument("claim", metavar="CLAIM", help="the claim's id")
        if member:
            sub.add_argument(
                "--as",
                dest="member",
                required=True,
                metavar="MEMBER",
                help="the board member acting (their id in board.yaml)",
            )
        sub.set_defaults(run=run)
        return sub

    status = action("status", "print the computed review status")
    status.add_argument("--format", choices=("text", "json"), default="text")
    verdict = action("verdict", "record a verdict on one or more claims", claim="+", member=True)
    verdict.add_argument("--verdict", required=True, choices=VERDICTS)
    verdict.add_argument("--comment", default="", help="required unless the verdict is agree")
    comment = action("comment", "add a comment to a claim's thread", claim="1", member=True)
    comment.add_argument("--text", required=True)
    comment.add_argument("--reply-to", type=int, metavar="ID", help="the comment replied to")
    comment.add_argument("--quote", help="the claim text the comment is about (default: all)")
    action("approve", "sign off the current version (chairs only)", member=True)
    dismiss = action("dismiss", "dismiss an audit finding with a reason", claim="1", member=True)
    dismiss.add_argument("--finding", required=True, metavar="ID")
    dismiss.add_argument("--reason", required=True)
    diff = action("diff", "what changed per claim between two versions")
    diff.add_argument("--from", dest="old", metavar="HASH", help="default: the approved version")
    diff.add_argument("--to", dest="new", metavar="HASH", help="default: the current content")
    log = action("log", "print the article's events")
    log.add_argument("--format", choices=("text", "json"), default="text")
    action("verify", "check the whole log's hash chain and state tables")


def run(args: argparse.Namespace) -> int:
    """Run one review action; see the module docstring for the exit status."""
    try:
        store = ReviewStore(args.database)
    except (SQLAlchemyError, OSError) as exc:
        return _refuse(f"cannot open the review database: {_one_line(exc)}")
    try:
        if args.action == "verify":
            return _verify(store)
        root = args.data or default_data_dir()
        library = load_library(root)
        board = load_board(root)
        for problem in board.problems:  # located, like every content problem; not fatal
            print(f"{problem}", file=sys.stderr)
        review = Review(library, board, store)
        return HANDLERS[args.action](review, args)
    except Refused as exc:
        return _refuse(str(exc))
    except SQLAlchemyError as exc:
        return _refuse(f"the review database refused: {_one_line(exc)}")
    finally:
        store.close()


def _one_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _refuse(message: str) -> int:
    print(f"evidence-dashboard review: refused: {message}", file=sys.stderr)
    return 2


def _done(event: Event, what: str) -> int:
    print(f"Recorded event {event.seq}: {what} (version {short(event.version)}).")
    return 0


def _status(review: Review, args: argparse.Namespace) -> int:
    status = review.status(args.article)
    if args.format == "json":
        print(json.dumps(status.as_dict(), indent=2))
        return 0
    print(f"{args.article}: {status_label(status)}")
    print(f"version {short(status.version)}; quorum {status.quorum}")
    for c in status.claims:
        counts = ", ".join(f"{n} {v}" for v, n in c.counts.items() if n) or "no verdicts"
        flags = (" · stale" if c.stale else "") + (
            f" · disagreement open ({', '.join(c.open_disagreements)})"
            if c.open_disagreements
            else ""
        )
        print(f"  {c.id} [{short(c.hash)}]: {counts}{flags}")
    return 0


def _verdict(review: Review, args: argparse.Namespace) -> int:
    # Every claim is checked before any is recorded, so a typo records nothing.
    article = review.article(args.article)
    for claim in args.claims:
        review.claim(article, claim)
    for claim in args.claims:
        event = review.verdict(args.article, claim, args.member, args.verdict, args.comment)
        _done(event, f"{args.member} {args.verdict} on claim '{claim}'")
    return 0


def _comment(review: Review, args: argparse.Namespace) -> int:
    event = review.comment(
        args.article, args.claim, args.member, args.text, args.reply_to, args.quote
    )
    return _done(event, f"comment {event.seq} by {args.member} on claim '{args.claim}'")


def _approve(review: Review, args: argparse.Namespace) -> int:
    event = review.approve(args.article, args.member)
    return _done(event, f"{args.member} signed off {args.article}")


def _dismiss(review: Review, args: argparse.Namespace) -> int:
    event = review.dismiss(args.article, args.claim, args.finding, args.member, args.reason)
    return _done(event, f"{args.member} dismissed finding {args.finding}")


def _diff(review: Review, args: argparse.Namespace) -> int:
    article = review.article(args.article)
    stored = review.store.snapshots(article.slug)
    current = review.content(article)[1]
    stored.setdefault(current, snapshot(review.library, article))
    old = args.old or review.status(article.slug).approved_version
    if old is None:
        raise Refused("there is no approved version to compare with; pass --from HASH.")
    new = args.new or current

    def find(prefix: str) -> str:
        matches = [v for v in stored if v.startswith(prefix.lower())]
        if len(matches) != 1:
            known = ", ".join(short(v) for v in stored)
            raise Refused(f"version '{prefix}' must name one recorded version; known: {known}.")
        return matches[0]

    old, new = find(old), find(new)
    print(diff_text(diff_versions(old, stored[old], new, stored[new])))
    return 0


def _log(review: Review, args: argparse.Namespace) -> int:
    events = review.store.events(review.article(args.article).slug)
    if args.format == "json":
        print(json.dumps([e.as_dict() for e in events], indent=2, ensure_ascii=False))
        return 0
    for e in events:
        detail = " ".join(f"{k}={v!r}" for k, v in e.payload.items() if k != "claims")
        where = f" claim '{e.claim}'" if e.claim else ""
        print(f"{e.seq} {e.at} {e.actor} {e.kind}{where} v{short(e.version)} {detail}".rstrip())
    return 0


def _verify(store: ReviewStore) -> int:
    result = verify(store)
    if not result.ok:
        print(f"evidence-dashboard review verify: {result.problem}", file=sys.stderr)
        return 1
    print(f"OK: {result.events} event(s), chain head {short(result.head)}.")
    return 0


HANDLERS = {
    "status": _status,
    "verdict": _verdict,
    "comment": _comment,
    "approve": _approve,
    "dismiss": _dismiss,
    "diff": _diff,
    "log": _log,
}
