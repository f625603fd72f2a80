"""Located warnings for references that would print with a gap.

A reference without authors, a year, an author's initials or the access date of a web source
still prints, saying what is missing ("[date unknown]", "[initials unknown]"); these warnings
tell the curator which field to add, at the entry's line, so ``check`` reports them.
"""

from __future__ import annotations

from evidence_dashboard.bibliography.parts import (
    UNKNOWN_DATE,
    UNKNOWN_INITIALS,
    is_publication,
    is_web,
)
from evidence_dashboard.bibliography.reference import Reference
from evidence_dashboard.errors import Problem, Severity


def _warning(ref: Reference, column: str, message: str, hint: str) -> Problem:
    return Problem(
        ref.path,
        ref.line,
        f"entry '{ref.key}' {message}",
        column=column,
        hint=hint,
        severity=Severity.WARNING,
        item=ref.key,
    )


def completeness_problems(ref: Reference) -> list[Problem]:
    """Warnings for the parts of ``ref`` a reader would see as missing.

    Examples
    --------
    >>> from evidence_dashboard.bibliography import parse_bibtex
    >>> load = parse_bibtex("@article{r, author={Rickels}, title={T}}", "a.bib", gaps=True)
    >>> [(p.line, p.column) for p in load.problems]
    [(1, 'author'), (1, 'year')]
    """
    problems: list[Problem] = []
    web = is_web(ref) or not is_publication(ref)
    people = [n for n in ref.authors if not n.is_others] or [
        n for n in ref.editors if not n.is_others
    ]
    if not people and not web:
        problems.append(
            _warning(
                ref,
                "author",
                "must have field 'author' (or 'editor'). Got no author instead; the "
                "reference starts with its title.",
                "Add author = {Last, First and ...}; write an organisation in double braces.",
            )
        )
    bare = [n.last for n in people if not n.is_corporate and not n.initials()]
    if bare:
        problems.append(
            _warning(
                ref,
                "author",
                f"must give each author's given names or initials. Got {', '.join(bare)!s} "
                f"without them instead; the reference says '{UNKNOWN_INITIALS}'.",
                "Write 'Last, First' (or 'Last, F.'); an organisation goes in double braces.",
            )
        )
    if not ref.year and not web:
        problems.append(
            _warning(
                ref,
                "year",
                f"must have field 'year' (or 'date'). Got no year instead; the reference says "
                f"'{UNKNOWN_DATE}'.",
                "Add year = {YYYY} from the source.",
            )
        )
    if ref.url and not ref.doi and not ref.fields.get("urldate"):
        problems.append(
            _warning(
                ref,
                "urldate",
                "has a URL, so it must have field 'urldate' (the date the page was read). "
                "Got no urldate instead; the reference is printed without an access date.",
                "Add urldate = {YYYY-MM-DD}: AMA prints 'Accessed', Vancouver '[cited]'.",
            )
        )
    return problems
