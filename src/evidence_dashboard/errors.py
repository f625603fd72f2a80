"""Located problems: every content error names its file, line, column, expectation and finding."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: an error sets the item aside, a warning only informs."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in the content.

    Parameters
    ----------
    path : str
        The file the problem is in, as given to the loader (relative where possible).
    line : int or None
        1-based line in the file (for CSV: the physical line of the row, header is line 1).
    message : str
        What is wrong, in the form "column 'x' must be … Got … instead."
    column : str or None
        The column, field or front-matter key concerned.
    hint : str or None
        How to fix it, where a hint helps.
    severity : Severity
        ``error`` (the item is set aside) or ``warning``.
    item : str or None
        The id or key of the row, entry or article the problem belongs to.
    """

    path: str
    line: int | None
    message: str
    column: str | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR
    item: str | None = None

    @property
    def location(self) -> str:
        """``path:line`` (or just ``path`` when the line is unknown)."""
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f" Hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        """A plain dict, for tables and JSON."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "item": self.item,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
        }


class ProblemList(tuple[Problem, ...]):
    """A tuple of problems that reads well: a table in Jupyter, one line per problem as text.

    It is a plain tuple otherwise (equal to a tuple of the same problems, immutable, hashable).

    Examples
    --------
    >>> problems = ProblemList([
    ...     Problem("data/evidence/x.csv", 3, "column 'estimate' must be a number. Got 'n/a' "
    ...             "instead.", column="estimate", item="FA-01"),
    ...     Problem("data/references/x.bib", 9, "reference 'Smith' is cited by nothing.",
    ...             severity=Severity.WARNING, item="Smith"),
    ... ])
    >>> print(problems)
    2 problems (1 error, 1 warning)
      data/evidence/x.csv:3: error: column 'estimate' must be a number. Got 'n/a' instead. [FA-01]
      data/references/x.bib:9: warning: reference 'Smith' is cited by nothing. [Smith]
    >>> len(problems.errors), problems == tuple(problems), ProblemList()
    (1, True, No problems.)
    """

    __slots__ = ()

    @property
    def errors(self) -> ProblemList:
        """Only the problems of error severity."""
        return ProblemList(p for p in self if p.severity == Severity.ERROR)

    @property
    def warnings(self) -> ProblemList:
        """Only the problems of warning severity."""
        return ProblemList(p for p in self if p.severity == Severity.WARNING)

    def __str__(self) -> str:
        """``No problems.`` or a count line, then ``path:line: severity: message`` lines."""
        from evidence_dashboard.errors_display import problems_text

        return problems_text(self)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        """A compact HTML table for Jupyter (every value escaped)."""
        from evidence_dashboard.errors_display import problems_html

        return problems_html(self)


class ContentError(ValueError):
    """Raised by strict APIs when content has problems; carries them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "content problem")


class InputError(ValueError):
    """A user-supplied parameter is out of range; the message names it and what was found."""


# --------------------------------------------------------------------------- recurring problems
# One constructor per problem that several loaders report, so each reads and weighs the same
# wherever it is found (the shipped library, an upload, the command line).


def duplicate_key(
    path: str, line: int | None, kind: str, key: str, first: str, column: str = "key"
) -> Problem:
    """A key defined twice: an error, the second definition is set aside, the first is kept.

    Examples
    --------
    >>> print(duplicate_key("b.bib", 9, "BibTeX key", "Glass2005", "a.bib:3"))
    b.bib:9: BibTeX key 'Glass2005' must be unique. Got it again (first defined at a.bib:3) \
instead; the first is kept and this one is set aside. Hint: keys are compared without regard \
to case; rename or remove one of them.
    """
    return Problem(
        path,
        line,
        f"{kind} '{key}' must be unique. Got it again (first defined at {first}) instead; "
        "the first is kept and this one is set aside.",
        column=column,
        hint="keys are compared without regard to case; rename or remove one of them.",
        severity=Severity.ERROR,
        item=key,
    )


def not_utf8(path: str, data: bytes, error: UnicodeDecodeError, hint: str | None = None) -> Problem:
    """A file that is not UTF-8: the byte, its line and column, and how to re-save the file.

    Examples
    --------
    >>> data = "a\\nb\\u00e9".encode("cp1252")
    >>> try:
    ...     data.decode("utf-8")
    ... except UnicodeDecodeError as exc:
    ...     print(not_utf8("t.csv", data, exc))
    t.csv:2: the file must be UTF-8 text. Got the byte 0xe9 at line 2, column 2, which is not \
valid UTF-8. Hint: re-save the file as UTF-8 (Excel: Save As > 'CSV UTF-8'; reference \
managers offer UTF-8 export); Windows-1252 or Latin-1 files show accented letters this way.
    """
    line = data[: error.start].count(b"\n") + 1
    column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
    return Problem(
        path,
        line,
        f"the file must be UTF-8 text. Got the byte 0x{data[error.start]:02x} at line {line}, "
        f"column {column}, which is not valid UTF-8.",
        hint=hint
        or "re-save the file as UTF-8 (Excel: Save As > 'CSV UTF-8'; reference managers offer "
        "UTF-8 export); Windows-1252 or Latin-1 files show accented letters this way.",
    )
