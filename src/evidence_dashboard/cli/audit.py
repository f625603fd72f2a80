"""``evidence-dashboard audit [ARTICLE ...] [--data DIR] [--format text|json]``: the claim audit."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from evidence_dashboard.audit import Finding, audit_article, audit_library
from evidence_dashboard.content.library import Library, default_data_dir, load_library

AUDIT_EPILOG = """\
input: a content folder (as for check), and optionally article slugs or file names to
audit only those. --format json prints a list of findings with the keys article, claim,
audience, line, sentence, kind, severity, message, rows, id, span, path.

example:
  evidence-dashboard audit diazepam-anxiety-spasm --data data
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``audit`` subcommand."""
    parser = subparsers.add_parser(
        "audit",
        help="check every number in the claims against the rows they cite",
        description="Audit claims: each number, population, drug, condition, outcome, "
        "comparator and causal or certain word against the evidence rows the claim cites. "
        "Prints path:line: claim <id>: <message> (or JSON) and exits 1 when any error is found.",
        epilog=AUDIT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "articles",
        nargs="*",
        metavar="ARTICLE",
        help="article slugs or files, or a content folder (default: every article)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        help="content folder (default: $EVIDENCE_DASHBOARD_DATA or the project's data/)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def _select(library: Library, wanted: Sequence[str]) -> tuple[list[Finding], list[str]]:
    findings: list[Finding] = []
    unknown: list[str] = []
    for name in wanted:
        article = library.article(name) or next(
            (a for a in library.articles if Path(a.path).name == Path(name).name or a.path == name),
            None,
        )
        if article is None:
            unknown.append(name)
        else:
            findings += audit_article(library, article)
    return findings, unknown


def audit_findings(root: Path, articles: Sequence[str] = ()) -> tuple[list[Finding], list[str]]:
    """Load a content folder and audit it (or only the named articles)."""
    library = load_library(root)
    if not articles:
        return list(audit_library(library)), []
    return _select(library, articles)


def run(args: argparse.Namespace) -> int:
    """Audit and report; exit status 1 when any finding is an error."""
    root = args.data or default_data_dir()
    articles = list(args.articles)
    # `evidence-dashboard audit data` names the content folder, as `check data` does.
    if args.data is None and len(articles) == 1 and Path(articles[0]).is_dir():
        root, articles = Path(articles[0]), []
    findings, unknown = audit_findings(root, articles)
    for name in unknown:
        print(
            f"{name}: the article must be a slug or file of {root}. Got an unknown name instead.",
            file=sys.stderr,
        )
    errors = [f for f in findings if f.severity == "error"]
    if args.format == "json":
        print(json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(finding.text(), file=sys.stdout if finding.severity == "error" else sys.stderr)
        summary = f"{len(errors)} error(s), {len(findings) - len(errors)} warning(s) in {root}."
        print(summary, file=sys.stderr if errors else sys.stdout)
    return 1 if errors or unknown else 0
