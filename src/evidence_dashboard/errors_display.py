"""Problems as text and as escaped HTML: the one form the CLI, notebooks and pages print.

Examples
--------
>>> from evidence_dashboard.errors import Problem, Severity
>>> print(problem_line(Problem("a.csv", 3, "column 'x' must be a number. Got 'y' instead.",
...       hint="Write 1.5.", severity=Severity.WARNING, item="R1")))
a.csv:3: warning: column 'x' must be a number. Got 'y' instead. [R1] Hint: Write 1.5.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup

from evidence_dashboard.safe_html import html_row, html_table

if TYPE_CHECKING:
    from evidence_dashboard.errors import Problem


def counts_text(problems: Sequence[Problem]) -> str:
    """``2 problems (1 error, 1 warning)``."""
    errors = sum(1 for p in problems if str(p.severity) == "error")
    warnings = len(problems) - errors
    noun = "problem" if len(problems) == 1 else "problems"
    return (
        f"{len(problems)} {noun} ({errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)})"
    )


def problem_line(problem: Problem) -> str:
    """``path:line: severity: message [item] Hint: …``, as the command line prints problems."""
    text = f"{problem.location}: {problem.severity}: {problem.message}"
    if problem.item:
        text += f" [{problem.item}]"
    if problem.hint:
        text += f" Hint: {problem.hint}"
    return text


def problems_text(problems: Sequence[Problem]) -> str:
    """``No problems.`` or a count line followed by one line per problem."""
    if not problems:
        return "No problems."
    return "\n".join([counts_text(problems), *(f"  {problem_line(p)}" for p in problems)])


def problems_html(problems: Sequence[Problem]) -> Markup:
    """An HTML table of problems: severity, location, item, column, message and hint.

    Examples
    --------
    >>> from evidence_dashboard.errors import Problem
    >>> html = problems_html([Problem("a.csv", 2, "bad <script>alert(1)</script>")])
    >>> "&lt;script&gt;" in html, "<script>" in html
    (True, False)
    """
    if not problems:
        return html_table("No problems.", [], [])
    head = ["Severity", "Location", "Item", "Column", "Message", "Hint"]
    body = [
        html_row([p.severity, p.location, p.item or "", p.column or "", p.message, p.hint or ""])
        for p in problems
    ]
    return html_table(counts_text(problems), head, body)


def problems_frame(problems: Sequence[Problem]) -> pd.DataFrame:
    """Problems as a table for display and download (one row per problem)."""
    columns = ["severity", "path", "line", "column", "item", "message", "hint"]
    return pd.DataFrame([p.as_dict() for p in problems], columns=columns).astype({"line": "Int64"})
