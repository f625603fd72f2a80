"""``evidence-dashboard check [DIR]``: validate a content folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evidence_dashboard.audit import audit_library
from evidence_dashboard.content.library import default_data_dir, load_library
from evidence_dashboard.review.board import load_board

CHECK_EPILOG = """\
input: a content folder holding articles/*.md (Markdown with YAML front matter),
evidence/*.csv (evidence tables) and references/*.bib (BibTeX); docs/content-format.md
describes every field. Default: $EVIDENCE_DASHBOARD_DATA, else data/ of a source checkout,
else the content shipped inside the installed package. The claim audit runs too; its
errors fail the check, its warnings do not.

example:
  evidence-dashboard check data
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``check`` subcommand."""
    parser = subparsers.add_parser(
        "check",
        help="validate a content folder",
        description="Validate articles, evidence tables and bibliographies. Prints each problem "
        "as path:line: message and exits 1, or a one-line summary and exits 0.",
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "directory",
        nargs="?",
        type=Path,
        help="content folder (default: see below)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings (e.g. unused references) as errors"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate and report; exit status 1 when any error (or, with --strict, warning) is found."""
    root = args.directory or default_data_dir()
    library = load_library(root)
    # The advisory board file is content too: its problems are reported like any other.
    problems = (*library.problems, *load_board(root).problems)
    errors = [p for p in problems if p.severity == "error"]
    failing = problems if args.strict else errors
    warnings = [p for p in problems if p not in errors]
    for problem in problems:
        stream = sys.stdout if problem in failing else sys.stderr
        prefix = "" if problem.severity == "error" else "warning: "
        print(
            f"{problem.location}: {prefix}{problem.message}"
            + (f" Hint: {problem.hint}" if problem.hint else ""),
            file=stream,
        )
    # The claim audit runs too: its errors fail the check like content errors do.
    findings = audit_library(library)
    audit_errors = [f for f in findings if f.severity == "error"]
    for finding in findings:
        print(finding.text(), file=sys.stdout if finding in audit_errors else sys.stderr)
    if failing or audit_errors:
        print(
            f"{len(failing)} problem(s) and {len(audit_errors)} audit error(s) found in {root}.",
            file=sys.stderr,
        )
        return 1
    print(
        f"OK: {len(library.articles)} article(s), {len(library.evidence)} evidence row(s), "
        f"{len(library.references)} reference(s) in {root}; {len(warnings)} warning(s); "
        f"audit: {len(findings)} warning(s)."
    )
    return 0
