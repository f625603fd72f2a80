"""``evidence-dashboard export ARTICLE --format html|pdf|pptx``: hand out an exact version.

ARTICLE is an article's slug (or the path of its Markdown file) in the content folder
(``--data``, default the configured one). The file carries the version hash, the computed
review status, the audience, the disclaimer and the export date (``--date``, default today);
the same content, options and date give the same bytes. Exit status: 0 when the file was
written, 1 when the article is unknown, has errors or the export failed, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from evidence_dashboard import schema
from evidence_dashboard.bibliography import STYLES
from evidence_dashboard.content.library import load_library

FORMATS = ("html", "pdf", "pptx")
PAPERS = ("A4", "Letter")
EXPORT_EPILOG = """\
input: an article of the content folder (--data, else $EVIDENCE_DASHBOARD_DATA, else the
shipped content), named by its slug or its Markdown file. The review status comes from the
review database ($EVIDENCE_DASHBOARD_DATABASE_URL, else the user-data folder).
output: one file (default SLUG-AUDIENCE.EXT in the current folder): html is a standalone
page that works offline; pdf a printable brief; pptx a slide deck. PDF and PPTX charts are
drawn with Chromium (kaleido).

example:
  evidence-dashboard export diazepam-anxiety-spasm --format html --audience patient --date 2026-12-01
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``export`` subcommand."""
    parser = subparsers.add_parser(
        "export",
        help="export an article as standalone HTML, a PDF brief or a PowerPoint deck",
        description="Export one article for one audience. The file names the version hash, "
        "the review status, the audience and the export date.",
        epilog=EXPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("article", metavar="ARTICLE", help="article slug or Markdown file")
    parser.add_argument("--format", choices=FORMATS, default="html", dest="export_format")
    parser.add_argument(
        "--audience", choices=list(schema.values(schema.AUDIENCES)), default="clinician"
    )
    parser.add_argument("--style", choices=STYLES, default="ama", help="reference style")
    parser.add_argument("--paper", choices=PAPERS, default="A4", help="PDF paper size")
    parser.add_argument(
        "--out", type=Path, default=None, help="output file (default: SLUG-AUDIENCE.EXT)"
    )
    parser.add_argument("--data", type=Path, default=None, help="content folder")
    parser.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        default=None,
        help="the export date stated in the file (YYYY-MM-DD; default today)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build the article view and write the chosen export; see the module docstring."""
    from sqlalchemy.exc import SQLAlchemyError

    from evidence_dashboard.review.status import computed_status
    from evidence_dashboard.review.store import ReviewStore, default_database_url
    from evidence_dashboard.views.article import build_article_view

    library = load_library(args.data)
    slug = Path(args.article).stem if args.article.endswith(".md") else args.article
    article = library.article(slug)
    if article is None:
        known = ", ".join(a.slug for a in library.articles) or "none"
        print(
            f"{args.article}: the article must be one of the content folder's articles. Got "
            f"'{slug}' instead. Hint: known slugs are {known}.",
            file=sys.stderr,
        )
        return 1
    errors = [p for p in library.article_problems(article) if p.severity == "error"]
    for problem in errors:
        print(problem, file=sys.stderr)
    if errors:
        print(f"{slug}: not exported, the article has {len(errors)} error(s).", file=sys.stderr)
        return 1
    status = None
    try:
        store = ReviewStore(default_database_url())
        try:
            status = computed_status(library, article, store)
        finally:
            store.close()
    except SQLAlchemyError as exc:
        print(f"warning: review status not available ({type(exc).__name__}).", file=sys.stderr)
    view = build_article_view(library, article, args.audience, args.style, status=status)
    date = args.date or dt.date.today()
    if args.export_format == "html":
        from evidence_dashboard.export.article_html import article_html

        data = article_html(view, date)
    elif args.export_format == "pdf":
        from evidence_dashboard.export.article_pdf import article_pdf

        data = article_pdf(view, date, args.paper)
    else:
        from evidence_dashboard.export.article_pptx import article_pptx

        data = article_pptx(view, date)
    out = args.out or Path(f"{slug}-{args.audience}.{args.export_format}")
    out.write_bytes(data)
    print(
        f"{out}: {args.export_format} for {args.audience}s, {view.header.line()}, exported {date}"
    )
    return 0
